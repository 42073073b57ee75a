"""Many decisions in one call into C: decide_many over (Subscription,
Request) pairs, CSV bytes, or a CSV file read in chunks.  A bad row is
reported in its BatchRow, never raised and never dropped."""
from __future__ import annotations

import bisect
import ctypes
import dataclasses
import os
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional, Union, overload

from . import _call, _native
from ._native import lib
from .decision import LAYOUT, Decision, ItemResult, item_results, read
from .errors import LapseError
from .model import Policy, Request, Subscription, from_day, policy_c

# Rows of a CSV file decided per C call: large enough that the call costs
# nothing, small enough that the file's text is never held whole.
CHUNK_BYTES = 4 << 20


# The kept columns of a row when decide_many keeps none.
_NOTHING_KEPT: Mapping[str, str] = types.MappingProxyType({})


@dataclasses.dataclass(frozen=True)
class BatchRow:
    """One result of decide_many: a decision, or the error of a bad row.
    `line` is the row's line in CSV input (1 is the header), else None.
    `kept` holds the columns decide_many(..., keep=[...]) named, in that
    order: each name and the row's text in that column, unchanged (empty
    when the row has no such field); empty when nothing is kept."""
    index: int
    line: Optional[int]
    decision: Optional[Decision]
    error: Optional[LapseError]
    kept: Mapping[str, str] = dataclasses.field(default_factory=lambda: _NOTHING_KEPT,
                                                hash=False)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclasses.dataclass
class _Chunk:
    """Decided rows in C arrays, with the errors of the failed ones."""
    first: int
    count: int
    decisions: Any
    codes: Any
    lines: Any
    errors: dict[int, LapseError]
    kept: Optional[list[dict[str, str]]] = None
    # The item_results of the rows with items, by index.
    results: Optional[dict[int, tuple[ItemResult, ...]]] = None


class BatchResults(Sequence[BatchRow]):
    """The results of decide_many, in input order.  Decisions stay in C
    arrays and become Python objects only when read, so large runs stay
    cheap."""

    def __init__(self, chunks: list[_Chunk]) -> None:
        self._chunks = chunks
        self._firsts = [chunk.first for chunk in chunks]
        self._count = sum(chunk.count for chunk in chunks)
        self._views = [memoryview(chunk.decisions).cast("B") for chunk in chunks]

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> BatchRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[BatchRow]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[BatchRow, list[BatchRow]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("batch result index out of range")
        k = bisect.bisect_right(self._firsts, index) - 1
        chunk, at = self._chunks[k], index - self._chunks[k].first
        line = chunk.lines[at] if chunk.lines is not None else None
        kept = chunk.kept[at] if chunk.kept is not None else _NOTHING_KEPT
        if chunk.codes[at]:
            return BatchRow(index, line, None, chunk.errors[at], kept)
        row = object.__new__(BatchRow)  # as decision.read: no frozen __init__
        results = chunk.results.get(at, ()) if chunk.results else ()
        row.__dict__.update(index=index, line=line, error=None, kept=kept,
                            decision=read(self._views[k], at * LAYOUT.size, results))
        return row

    @property
    def failed(self) -> int:
        """How many rows failed."""
        return sum(len(chunk.errors) for chunk in self._chunks)


_SUBSCRIPTION_LAYOUT, _REQUEST_LAYOUT = _call.SUBSCRIPTION, _call.REQUEST


def _pack_pairs(pairs: list[Any], subscriptions: Any, requests: Any) -> dict[int, LapseError]:
    """Packs every good pair; the errors of the others, by index.  A value of
    the wrong type is a programming error and raises TypeError, as it does
    for decide_cancel."""
    sub_view = memoryview(subscriptions).cast("B")
    req_view = memoryview(requests).cast("B")
    sub_size, req_size = _SUBSCRIPTION_LAYOUT.size, _REQUEST_LAYOUT.size
    errors: dict[int, LapseError] = {}
    for i, pair in enumerate(pairs):
        try:
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise TypeError(f"rows[{i}]: expected a (Subscription, Request) pair")
            subscription, request = pair
            if not isinstance(subscription, Subscription) or not isinstance(request, Request):
                raise TypeError(f"rows[{i}]: expected a (Subscription, Request) pair, got "
                                f"({type(subscription).__name__}, {type(request).__name__})")
            subscription._pack_into(_SUBSCRIPTION_LAYOUT, sub_view, i * sub_size)
            request._pack_into(_REQUEST_LAYOUT, req_view, i * req_size)
        except LapseError as error:  # a bad value: this row's error
            errors[i] = error
    return errors


def _decide_pairs(pairs: list[Any], policy: Optional[Policy]) -> BatchResults:
    n = len(pairs)
    subscriptions = (_native.SubscriptionC * n)()
    requests = (_native.RequestC * n)()
    errors = _pack_pairs(pairs, subscriptions, requests)
    decisions = (_native.DecisionC * n)()
    codes = (_native.c_error * n)()
    c_policy = policy_c(policy)
    policy_ref = ctypes.byref(c_policy) if c_policy else None
    lib.lapse_decide_batch(policy_ref, subscriptions, requests, n, decisions, codes, None,
                           ctypes.byref(_native.ErrorDetail()))
    for i in range(n):
        if i in errors:
            codes[i] = 1  # a row that never reached C
            ctypes.memset(ctypes.byref(decisions[i]), 0, ctypes.sizeof(decisions[i]))
        elif codes[i]:
            try:
                lib.lapse_decide_cancel(policy_ref, ctypes.byref(subscriptions[i]),
                                        ctypes.byref(requests[i]),
                                        ctypes.byref(_native.DecisionC()),
                                        ctypes.byref(_native.ErrorDetail()))
            except LapseError as error:
                errors[i] = error
    results = {i: item_results(pair[0], pair[1], policy) for i, pair in enumerate(pairs)
               if i not in errors and not codes[i] and pair[0].items}
    return BatchResults([_Chunk(0, n, decisions, codes, None, errors, results=results)])


def _describe_line(header: bytes, line: bytes, number: int, c_policy: Any) -> LapseError:
    """A failed CSV row's error: its line read again on its own."""
    table = _native.TableC()
    row = _native.RowC()
    try:
        lib.lapse_table_header(ctypes.byref(table), b",", header, len(header), None)
        buffer = ctypes.create_string_buffer(line, len(line))
        lib.lapse_table_row(ctypes.byref(table), buffer, len(line), ctypes.byref(row),
                            ctypes.byref(_native.ErrorDetail()))
        row_policy = (ctypes.byref(row.policy) if row.has_policy else
                      ctypes.byref(c_policy) if c_policy else None)
        lib.lapse_decide_cancel(row_policy, ctypes.byref(row.subscription),
                                ctypes.byref(row.request), ctypes.byref(_native.DecisionC()),
                                ctypes.byref(_native.ErrorDetail()))
        error = LapseError("unknown", "", "the row failed but decides alone")
    except LapseError as caught:
        error = caught
    error.line = number
    return error


def _decide_chunk(header: bytes, body: bytes, first_line: int, first: int,
                  c_policy: Any, keep: Optional[_Keep] = None) -> _Chunk:
    """Decides the rows of `body` (whole lines) under `header` (with keep,
    the input's header and records: the library reads them without the
    kept columns it does not know)."""
    kept: Optional[list[dict[str, str]]] = None
    records: Optional[list[bytes]] = None
    numbers: list[int] = []
    refused: dict[int, LapseError] = {}
    if keep is not None:
        body, records, numbers, kept, refused = keep.chunk(body, first_line)
        header = keep.header
    data = header + b"\n" + body
    capacity = body.count(b"\n") + 1
    buffer = ctypes.create_string_buffer(data, len(data))
    decisions = (_native.DecisionC * capacity)()
    codes = (_native.c_error * capacity)()
    lines = (ctypes.c_int32 * capacity)()
    rows = ctypes.c_size_t()
    lib.lapse_decide_csv(ctypes.byref(c_policy) if c_policy else None, buffer, len(data),
                         decisions, codes, lines, capacity, ctypes.byref(rows),
                         ctypes.byref(_native.ErrorDetail()))
    errors: dict[int, LapseError] = {}
    for i, error in refused.items():  # rows the library read as blank lines
        codes[i] = 1
        ctypes.memset(ctypes.byref(decisions[i]), 0, ctypes.sizeof(decisions[i]))
        errors[i] = error
    failed = [i for i in range(rows.value) if codes[i] and i not in errors]
    if failed:
        text_lines = body.split(b"\n")
        for i in failed:
            record = records[i] if records is not None else _record(text_lines, lines[i] - 2)
            errors[i] = _describe_line(header, record, 0, c_policy)
    for i in range(rows.value):
        # line 2 of `data` is `first_line` of the file; with keep, the
        # records' own lines (a dropped field may have spanned lines)
        lines[i] = numbers[i] if keep is not None else lines[i] + first_line - 2
    for i, error in errors.items():
        error.line = lines[i]
    # Rows with items: their per-item results (lapse_decide_items), each
    # row read again; only when the header has an items column.
    results: dict[int, tuple[ItemResult, ...]] = {}
    if rows.value and _has_items_column(header):
        text_lines = body.split(b"\n")
        for i in range(rows.value):
            if not codes[i]:
                record = records[i] if records is not None else \
                    _record(text_lines, lines[i] - first_line)
                found = _row_item_results(header, record, c_policy)
                if found:
                    results[i] = found
    return _Chunk(first, rows.value, decisions, codes, lines, errors, kept, results)


def _has_items_column(header: bytes) -> bool:
    table = _native.TableC()
    lib.lapse_table_header(ctypes.byref(table), b",", header, len(header), None)
    items = _column_id("items")
    return any(table.columns[c] == items for c in range(table.count))


def _column_id(name: str) -> int:
    out = ctypes.c_int()
    lib.lapse_column_lookup(name.encode(), len(name), ctypes.byref(out))
    return out.value


def _row_item_results(header: bytes, line: bytes, c_policy: Any) -> tuple[ItemResult, ...]:
    """The per-item results of a CSV row with items, () without."""
    table = _native.TableC()
    row = _native.RowC()
    lib.lapse_table_header(ctypes.byref(table), b",", header, len(header), None)
    buffer = ctypes.create_string_buffer(line, len(line))
    lib.lapse_table_row(ctypes.byref(table), buffer, len(line), ctypes.byref(row),
                        ctypes.byref(_native.ErrorDetail()))
    if row.subscription.item_count == 0:
        return ()
    found = (_native.ItemResultC * _native.ITEMS_MAX)()
    count = ctypes.c_size_t()
    row_policy = (ctypes.byref(row.policy) if row.has_policy else
                  ctypes.byref(c_policy) if c_policy else None)
    lib.lapse_decide_items(row_policy, ctypes.byref(row.subscription), ctypes.byref(row.request),
                           found, _native.ITEMS_MAX, ctypes.byref(count),
                           ctypes.byref(_native.ErrorDetail()))
    return tuple(ItemResult(r.name.decode(), r.quantity, r.quantity_after, from_day(r.released_on),
                            r.unassign) for r in found[:count.value])


def _line_open(line: bytes, is_open: bool) -> bool:
    """Whether a CSV line (no '\\n' in it) ends inside a quoted field, given
    whether it starts inside one: the library's record rule
    (lapse_csv_line_open, as lapse_table_row and lapse_decide_csv read
    records).  A line without a quote that does not start inside a field
    ends outside one: no call for it."""
    if not is_open and b'"' not in line:
        return False
    return bool(_csv_line_open(line, len(line), 1 if is_open else 0))


_csv_line_open = lib.lapse_csv_line_open


def _open_at_end(lines: Iterable[bytes], is_open: bool = False) -> bool:
    """Whether a quoted field is still open after these lines."""
    for line in lines:
        is_open = _line_open(line, is_open)
    return is_open


def _record(lines: list[bytes], first: int) -> bytes:
    """The record whose first line is lines[first]: the lines while a quoted
    field is open; a quote open at the end closes nothing (the first line
    alone), as the library reads it."""
    is_open, last = False, first
    while last < len(lines):
        is_open = _line_open(lines[last], is_open)
        if not is_open:
            return b"\n".join(lines[first:last + 1])
        last += 1
    return lines[first]


_BOM = b"\xef\xbb\xbf"


def _raw_fields(text: bytes) -> Optional[list[tuple[int, int]]]:
    """The fields of a CSV record (no line end) as written, quotes
    included, as (start, end) offsets; None for a quote that does not close
    or is followed by more than a ','.  As `lapse batch --keep` splits them."""
    fields: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while True:
        start = i
        if text[i:i + 1] == b'"':
            i += 1
            while True:
                quote = text.find(b'"', i)
                if quote < 0:
                    return None
                i = quote + 1
                if text[i:i + 1] != b'"':
                    break
                i += 1  # "" is a quote in the field
            if i < n and text[i:i + 1] != b",":
                return None
        else:
            comma = text.find(b",", i)
            i = comma if comma >= 0 else n
        fields.append((start, i))
        if i >= n:
            return fields
        i += 1


def _unquote(field: bytes) -> bytes:
    """A field's text without its quotes."""
    if len(field) < 2 or field[:1] != b'"':
        return field
    return field[1:-1].replace(b'""', b'"')


def _without_cr(line: bytes) -> bytes:
    return line[:-1] if line.endswith(b"\r") else line


def _text(value: bytes) -> str:
    """Input text as str, unchanged: bytes that are not UTF-8 become lone
    surrogates (errors="surrogateescape"), which encode back to them."""
    return value.decode("utf-8", errors="surrogateescape")


def _is_column(name: bytes) -> bool:
    """Whether lapse knows the column (lapse_column_lookup)."""
    return lib.lapse_column_lookup(name, len(name), ctypes.byref(ctypes.c_int())) == 0


def _check_header(header: bytes, input_fields: Optional[list[bytes]] = None,
                  dropped: Sequence[bool] = ()) -> None:
    """Raises the header's LapseError (line 1) if the library cannot read
    it.  An unknown column is named with a hint to keep it; with kept
    columns left out (`dropped`), a column is counted as the input counts
    it (`input_fields`, the input header's fields as written)."""
    try:
        lib.lapse_table_header(ctypes.byref(_native.TableC()), b",", header, len(header),
                               ctypes.byref(_native.ErrorDetail()))
    except LapseError as error:
        error.line = 1
        if error.column > 0 and input_fields is not None and any(dropped):
            column, seen = 0, 0
            while column < len(input_fields) and seen < error.column:
                seen += not dropped[column]
                column += 1
            prefix = f"column {error.column} "
            if error.message.startswith(prefix):
                error.message = f"column {column} " + error.message[len(prefix):]
            error.column = column
        if error.code == "unknown_column" and error.column > 0:
            if input_fields is None:
                text = _without_cr(header)
                if text.startswith(_BOM):
                    text = text[len(_BOM):]
                input_fields = [text[start:end] for start, end in _raw_fields(text) or ()]
            if len(input_fields) >= error.column:
                name = _text(_unquote(input_fields[error.column - 1]))
                error.message += f"; keep=[{name!r}] copies it to the output"
        error.args = (error.message,)
        raise


class _Keep:
    """decide_many's keep: where each kept column is in the input's header,
    which of the input's fields the library does not read (kept columns it
    does not know: it reads the others, kept or not), and the header it
    reads instead of the input's."""

    def __init__(self, header: bytes, names: Sequence[str]) -> None:
        text = _without_cr(header)
        if text.startswith(_BOM):  # no part of the first name
            text = text[len(_BOM):]
        spans = _raw_fields(text)
        if spans is None or len(spans) > _native.MAX_COLUMNS:
            _check_header(header)  # the library's own error
            spans = []
        fields = [text[start:end] for start, end in spans]
        header_names = [_unquote(field) for field in fields]
        self.names = list(names)
        self.at: list[int] = []
        for name in self.names:
            wanted = name.encode("utf-8", errors="surrogateescape")
            if wanted not in header_names:
                raise ValueError(f"keep: {name!r} is not a column of the CSV header")
            at = header_names.index(wanted)
            if at in self.at:
                raise ValueError(f"keep: {name!r} given twice")
            self.at.append(at)
        self.count = len(fields)
        self.dropped = [at in self.at and not _is_column(header_names[at])
                        for at in range(len(fields))]
        self.dropping = any(self.dropped)
        self.header = (b",".join(f for f, drop in zip(fields, self.dropped) if not drop)
                       if self.dropping else header)
        _check_header(self.header, fields, self.dropped)

    def chunk(self, body: bytes, first_line: int) -> tuple[
            bytes, list[bytes], list[int], list[dict[str, str]], dict[int, LapseError]]:
        """The records of `body` as the library reads them: the body without
        the dropped fields, each record as the library reads it, its first
        line's number, its kept columns, and the rows refused here (a
        field count other than the header's, when fields are dropped; the
        library reads them as blank lines)."""
        parts = body.split(b"\n")
        if body.endswith(b"\n"):
            parts.pop()  # a trailing newline is no row; a blank line is one
        records: list[bytes] = []
        numbers: list[int] = []
        kept: list[dict[str, str]] = []
        refused: dict[int, LapseError] = {}
        i, line = 0, first_line
        while i < len(parts):
            is_open, last = False, i
            while last < len(parts):  # a quoted field may span lines
                is_open = _line_open(parts[last], is_open)
                if not is_open:
                    break
                last += 1
            if is_open:
                last = i  # a quote open at the end closes nothing
            record = b"\n".join(parts[i:last + 1])
            text = _without_cr(record)
            spans = _raw_fields(text)
            count = len(spans) if spans is not None else -1
            kept.append({name: _text(_unquote(text[spans[at][0]:spans[at][1]]))
                         if spans is not None and at < count else ""
                         for name, at in zip(self.names, self.at)})
            if self.dropping and spans is not None:
                if count != self.count:
                    refused[len(records)] = LapseError(
                        "column_count", "", f"row: {count} fields, the header has {self.count}")
                    record = b""
                else:
                    record = b",".join(text[start:end] for (start, end), drop
                                       in zip(spans, self.dropped) if not drop)
            records.append(record)
            numbers.append(line)
            line += last - i + 1
            i = last + 1
        return b"".join(record + b"\n" for record in records), records, numbers, kept, refused


def _chunks_of(source: Any) -> Iterable[tuple[bytes, int]]:
    """(body, line number of its first line) from a binary file past its
    header, each body whole records (a quoted field may span lines) of about
    CHUNK_BYTES."""
    number = 2
    while True:
        body = source.read(CHUNK_BYTES)
        if not body:
            return
        if not body.endswith(b"\n"):
            body += source.readline()
        # A record open at the end goes on into the next lines (to the end
        # of the input if its quote never closes: the library then takes
        # its first line alone, as `lapse batch` does).
        if b'"' in body and _open_at_end(body.rstrip(b"\n").split(b"\n")):
            is_open = True
            while is_open:
                line = source.readline()
                if not line:
                    break
                body += line
                is_open = _line_open(line.rstrip(b"\n"), True)
        # Whole records, the last one's '\n' kept: a trailing newline is no
        # row, a blank line is one.
        yield body, number
        number += body.count(b"\n")


def _decide_csv(source: Any, policy: Optional[Policy], keep: Sequence[str] = ()) -> BatchResults:
    c_policy = policy_c(policy)
    if c_policy is not None:
        lib.lapse_policy_check(ctypes.byref(c_policy), ctypes.byref(_native.ErrorDetail()))
    chunks: list[_Chunk] = []
    first = 0
    header = source.readline().rstrip(b"\n")
    # A bad header raises: no row can be read without it.
    keeping = _Keep(header, keep) if keep else None
    if keeping is None:
        _check_header(header)
    for body, number in _chunks_of(source):
        chunk = _decide_chunk(header, body, number, first, c_policy, keeping)
        chunks.append(chunk)
        first += chunk.count
    return BatchResults(chunks)


def decide_many(rows: Union[Iterable[tuple[Subscription, Request]], bytes, str,
                            "os.PathLike[str]"],
                policy: Optional[Policy] = None, *,
                keep: Union[Sequence[str], str] = ()) -> BatchResults:
    """Many decisions in one call into C.

    `rows` is an iterable of (Subscription, Request) pairs, CSV text in the
    `lapse batch` format as bytes, or the path of such a file (read in
    chunks, never whole).  The results come back in input order; a bad row
    is reported in its BatchRow (with the line number for CSV), never
    raised, and never dropped.  A bad CSV header or policy raises
    LapseError, since no row can be decided without them; so does a
    column lapse does not know (a misspelt one is never ignored) unless
    `keep` names it.

    `keep` (CSV only, as `lapse batch --keep`): column names (a list, or
    one text of names separated by ','), copied unchanged, in that order,
    into each row's BatchRow.kept, error rows too, e.g. an id to join the
    results on.  Kept columns lapse does not know are left out of the row
    it reads; kept ones it knows are still read.  A kept name missing from
    the header raises ValueError.
    """
    if isinstance(keep, str):
        keep = keep.split(",") if keep else []
    if isinstance(rows, (bytes, bytearray, memoryview)):
        import io
        return _decide_csv(io.BytesIO(bytes(rows)), policy, keep)
    if isinstance(rows, (str, os.PathLike)):
        with open(rows, "rb") as file:
            return _decide_csv(file, policy, keep)
    if not isinstance(rows, Iterable):
        raise TypeError(f"rows: expected pairs, CSV bytes or a path, got {type(rows).__name__}")
    if keep:
        raise TypeError("keep: only CSV input has columns to keep")
    return _decide_pairs(list(rows), policy)
