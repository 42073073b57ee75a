"""Columns in, columns out: decide_columns decides every row of a mapping of
column name -> values in one call into C (lapse_decide_columns), reading
numpy arrays and buffers in place and writing each output column into an
array of its own.

Inputs are the batch CSV columns.  A column is a sequence (list, tuple,
array.array, memoryview or anything with the buffer protocol, numpy arrays
included) or a single value for every row (a currency, a billing run's
date).  Values, by column:

    dates        datetime.date / None, "YYYY-MM-DD" text, int32 day numbers
                 (buffers), numpy datetime64 (NaT is none)
    money        int minor units (int32 or int64 buffers), or decimal text
                 in the row's currency ("12.50")
    integers     int
    booleans     bool (numpy bool, or 0/1 buffers)
    names        channel: "online"/"support", a Channel, or its code
    lists        roles, provided: "a;b" text, a list of names or members, a
                 Role/SupportInfo, or bit sets
    currency     "EUR" text

Any input may also be text as a batch CSV cell holds it, "" for the
default ("true", "12", "2025-03-31").

Time zones (#29): `requested_at` (an aware datetime or pandas Timestamp,
or RFC 3339 text with Z or an offset) instead of `on` gives a row's request
date, its local date in `zone` (an IANA name read by lapse from
/usr/share/zoneinfo, or a lapse.Zone), else in its own offset, as
Request(at=, zone=) does; a naive datetime, `on` too, or a zone lapse cannot
load is that row's error.  With a `zone` column the outputs add
`notice_deadline_at` and `access_ends_at`, the first instants after the
last day to give notice and the last day of access (numpy datetime64[s] in
UTC, NaT for none; without numpy array.array of int64 Unix seconds,
lapse.columns.INSTANT_NONE for none), none in a row without a zone.

Outputs: the decision columns, as numpy arrays when numpy is importable
(dates datetime64[D] with NaT for none, booleans bool, money int64, names
as uint8 codes, lists and counts int32) or else array.array (dates as int32
day numbers, lapse.DATE_NONE for none; money int64; the rest int32); names
and lists as their codes and bit sets (lapse.names_of() reads them); the
currency as a numpy "U3" array or a list of str; item_results (the per-item
results of a row with items, as the batch CSV writes them, "" without) as
text.  Three more columns report each row's error:
"error_code" (the stable name, "" when decided), "error_field" and
"error" (the message).  The text columns are numpy object arrays when
numpy is used (lists of str without); one whose every row is "" (no row
failed, no items column) is a read-only view of one "" (no memory a row:
copy it to write into it).  A bad row is reported there, never raised, never
dropped; a wrong column name, a length mismatch or a value of the wrong
type raises.

A refused row (error_code not "") answers nothing, and its decision columns
hold these sentinels, which are not answers: dates NaT (lapse.DATE_NONE in
array.array), booleans False, money, counts, names and lists 0 (a name's
code 0 is a real name, "online" for route), currency "".  Mask them with
error_code != "" (lapse.pandas.decide_frame does: <NA> there).

A missing value (None, NaN, pandas' NA or NaT) is an empty CSV cell: the
column's default, or that row's `missing` error where the column has none.
A pandas Series or Index is read by position (lapse.pandas reads it),
never by its index's labels.
"""
from __future__ import annotations

import array
import ctypes
import datetime
import itertools
import sys
from collections.abc import Mapping, Sequence
from typing import Any, Optional

from . import _call, _native
from ._native import lib
from .errors import LapseError, error_from
from .model import Policy

# lapse_array_type
INT32, INT64, UINT8, CODE, DICTIONARY, TEXT = 1, 2, 3, 4, 5, 6
_DATE_NONE = _native.DATE_NONE
_EPOCH = _native.EPOCH_ORDINAL
_COLUMN_TYPES = {1: "date", 2: "amount", 3: "integer", 4: "boolean", 5: "name", 6: "list",
                 7: "text"}


ArrayC, _CellC = _native.ArrayC, _native.CellC


def _column(name: str) -> tuple[int, str]:
    """(column id, column type) of a name, as the CSV header reads it."""
    data = name.encode() if isinstance(name, str) else b""
    out = ctypes.c_int()
    if not isinstance(name, str) or lib.lapse_column_lookup(data, len(data), ctypes.byref(out)):
        raise LapseError("unknown_column", str(name), f"column {name!r}: not a known column")
    return out.value, _COLUMN_TYPES.get(lib.lapse_column_type_of(out.value), "")


def _decision_columns() -> tuple[str, ...]:
    names, index = [], 0
    while column := lib.lapse_decision_column(index):
        names.append(lib.lapse_column_name(column).decode())
        index += 1
    return tuple(names)


_COLUMN_ERROR = _column("error")[0]
_CURRENCY = _column("currency")[0]
# Each error's code by its stable name (the core's codes and the tables layer's).
_ERROR_CODES = {lib.lapse_error_name(code).decode(): code for code in range(1, 200)
                if lib.lapse_error_name(code) != b"unknown"}


# The decision's columns in the order of `lapse cancel --json`.
DECISION_COLUMNS = _decision_columns()
# The input columns (the batch CSV header's).
# The library numbers its columns 1, 2, ... without gaps: every one is read,
# however many there are (not a fixed range, which once stopped at 63).
INPUT_COLUMNS = tuple(lib.lapse_column_name(c).decode()
                      for c in itertools.takewhile(lib.lapse_column_name, itertools.count(1))
                      if lib.lapse_column_is_input(c))


# ---------------------------------------------------------------------------
# Text values, read as a CSV cell is (the same names, the same messages)
# ---------------------------------------------------------------------------

_PARSED: dict[tuple[int, str], Any] = {}


def _parse_text(column: int, text: str, currency: str = "") -> Any:
    """The value of a text cell of `column` (an amount in `currency`), or
    the LapseError it gives."""
    key = (column, text, currency)
    try:
        return _PARSED[key]
    except KeyError:
        pass
    data = text.encode("utf-8", errors="surrogateescape")
    code = currency.encode("utf-8", errors="surrogateescape")
    cells = (_CellC * 2)(_CellC(column, data, len(data)), _CellC(_CURRENCY, code, len(code)))
    s, r = _native.SubscriptionC(), _native.RequestC()
    try:  # _native's errcheck raises the error, built from the detail
        lib.lapse_inputs_parse(cells, 2 if currency else 1, ctypes.byref(s), ctypes.byref(r),
                               ctypes.byref(_native.ErrorDetail()))
        # One vocabulary: a column is named as its field of the C struct.
        field = lib.lapse_column_name(column).decode()
        value: Any = getattr(s if hasattr(s, field) else r, field)
    except LapseError as error:
        value = error
    if len(_PARSED) > 1 << 16:
        _PARSED.clear()
    _PARSED[key] = value
    return value


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

def _numpy() -> Any:
    return sys.modules.get("numpy")


def _is_scalar(values: Any) -> bool:
    return isinstance(values, (str, bytes, datetime.date, int)) or values is None or \
        not isinstance(values, Sequence) and not hasattr(values, "__array_interface__") and \
        not _has_buffer(values) and not hasattr(values, "__len__")


def _has_buffer(values: Any) -> bool:
    try:
        memoryview(values)
        return True
    except TypeError:
        return False


class _Refusals:
    """The rows Python refused, each with the first error found in it (the
    columns in the mapping's order, as a CSV row's cells): a dict without
    numpy, else one array of indices into `found` for every row, so that a
    column converted once per distinct value marks its bad rows at once."""

    def __init__(self, rows: int, np: Any) -> None:
        self.rows, self.np = rows, np
        self.found: list[Optional[LapseError]] = [None]  # index 0: no error
        self.by_row: dict[int, LapseError] = {}
        self.index: Any = None

    def __bool__(self) -> bool:
        return bool(self.by_row) or len(self.found) > 1

    def _indices(self) -> Any:
        if self.index is None:
            self.index = self.np.zeros(self.rows, dtype=self.np.int32)
        return self.index

    def setdefault(self, row: int, error: LapseError) -> None:
        if self.np is None:
            self.by_row.setdefault(row, error)
            return
        index = self._indices()
        if not index[row]:
            self.found.append(error)
            index[row] = len(self.found) - 1

    def adopt(self, rows: Any, sub: "_Refusals") -> None:
        """The errors of `sub`, the refusals of this column's rows `rows`
        (an index array) read apart, at those rows; a row's first error
        is kept."""
        np = self.np
        if not sub:
            return
        if np is None:
            for position, row in enumerate(rows.tolist()):
                error = sub.get(position)
                if error is not None:
                    self.by_row.setdefault(int(row), error)
            return
        sub_index = sub._indices()
        positions = np.flatnonzero(sub_index)
        offset = len(self.found) - 1
        self.found.extend(sub.found[1:])
        index = self._indices()
        at = rows[positions]
        first = index[at] == 0
        index[at[first]] = sub_index[positions[first]] + offset

    def mark(self, codes: Any, errors: list[Optional[LapseError]]) -> None:
        """Rows of a column converted once per distinct value: row i is
        errors[codes[i]] (None: no error), -1 the last entry of `errors`."""
        np = self.np
        if not any(error is not None for error in errors):
            return
        if np is None:  # use_numpy=False: a column factorized with numpy all the same
            for row, code in enumerate(codes.tolist()):
                if errors[code] is not None:
                    self.by_row.setdefault(row, errors[code])
            return
        table = np.zeros(len(errors), dtype=np.int32)
        for k, error in enumerate(errors):
            if error is not None:
                self.found.append(error)
                table[k] = len(self.found) - 1
        index = self._indices()
        rows = table[codes]  # codes -1: the last entry
        np.copyto(index, rows, where=(index == 0) & (rows != 0))

    def fill(self, error: LapseError) -> None:
        """Every row (a single value that is bad)."""
        if self.np is None:
            for row in range(self.rows):
                self.by_row.setdefault(row, error)
            return
        self.found.append(error)
        index = self._indices()
        index[index == 0] = len(self.found) - 1

    def codes(self) -> Any:
        """Each row's lapse_error code (0: not refused), for C."""
        if self.np is None:
            refused = array.array("i", bytes(4 * self.rows))
            for row, error in self.by_row.items():
                refused[row] = _ERROR_CODES.get(error.code, 1)
            return refused
        table = self.np.array([0] + [_ERROR_CODES.get(e.code, 1) for e in self.found[1:]],
                              dtype=self.np.int32)
        return table[self._indices()]

    def get(self, row: int) -> Optional[LapseError]:
        if self.np is None:
            return self.by_row.get(row)
        return None if self.index is None else self.found[self.index[row]]


class _Factorized:
    """A column as its distinct values and each row's index into them (-1
    for a missing value): pd.factorize's answer, or a category's codes."""

    def __init__(self, codes: Any, uniques: Sequence[Any]) -> None:
        self.codes, self.uniques = codes, uniques
        # The uniques' lapse_text table (bytes) when the accelerator made
        # them: their UTF-8 lives in the str objects.
        self.table: Optional[bytes] = None

    def __len__(self) -> int:
        return len(self.codes)


class _FloatMoney:
    """A float money column as pd.read_csv gives one (NaN for an empty
    cell): read as each value's shortest decimal text in the row's
    currency, vectorised where that text has no more decimals than the
    currency (lapse.pandas makes it)."""

    def __init__(self, values: Any, as_text: Any) -> None:
        self.values, self.as_text = values, as_text

    def __len__(self) -> int:
        return len(self.values)


class _FloatIntegers:
    """An integer, boolean, name or list column as pd.read_csv gives one
    when a cell is empty (float64, NaN there) whose other values are all
    whole numbers: `whole` the values as int64 (what int(value) of each
    gives), `missing` the NaN rows (the column's default, or their
    `missing` error).  lapse.pandas makes it; the factorizing of _floats
    reads the other float columns, and is this one's twin."""

    def __init__(self, whole: Any, missing: Any, values: Any = None) -> None:
        self.whole, self.missing = whole, missing
        # Or (whole and missing None) the float64 values themselves, checked
        # whole by the accelerator's float_integers, which converts them.
        self.values = values

    def __len__(self) -> int:
        return len(self.whole if self.values is None else self.values)


def _from_float_integers(target: _Input, column: _FloatIntegers, refusals: _Refusals,
                         np: Any) -> None:
    """C reads the whole numbers in place; the missing rows get the value of
    an empty cell (converted once), or its error."""
    if column.values is not None:  # the accelerator's: converted in one pass
        from . import _accel
        values = column.values
        probe: dict[int, LapseError] = {}
        empty = _python_value(target, None, 0, probe)
        out = _fresh(len(values), np.int64, np)
        missing = _accel.module.float_integers(values.ctypes.data, len(values),
                                               out.ctypes.data, empty) if len(values) else 0
        if missing < 0:
            raise ValueError(f"{target.name}: not whole numbers")  # checked before: never
        if missing and probe:
            refusals.mark(np.isnan(values).astype(np.intp), [None, probe[0]])
        target.keep, target.type, target.stride = out, INT64, 8
        target.address = out.ctypes.data if len(out) else 0
        return
    out = column.whole
    if column.missing.any():
        probe: dict[int, LapseError] = {}
        out[column.missing] = _python_value(target, None, 0, probe)
        if probe:
            refusals.mark(column.missing.astype(np.intp), [None, probe[0]])
    target.keep, target.type, target.stride = out, INT64, 8
    target.address = out.ctypes.data if len(out) else 0


def _missing_types() -> set[type]:
    """The types of a missing value: None, NaN (float: checked to be NaN),
    pandas' NA and NaT."""
    kinds: set[type] = {type(None), float}
    pd = sys.modules.get("pandas")
    if pd is not None:
        kinds |= {type(pd.NA), type(pd.NaT)}
    return kinds


# A numpy str currency column packed into C's 4-byte codes vectorized
# (False: factorized, each distinct text read by C as a CSV cell, the twin
# the tests compare it with).
_CURRENCY_CODES = True


class _CurrencyArray:
    """A numpy str array given as the currency column (_currency_codes
    reads it)."""

    def __init__(self, values: Any) -> None:
        self.values = values

    def __len__(self) -> int:
        return len(self.values)


_KNOWN_CURRENCIES: list[Any] = []
# Rows of a currency column checked and packed at once (_currency_codes).
_CODES_AT_ONCE = 1 << 16


def _known_currencies(np: Any) -> Any:
    """Whether each code of three upper-case letters is a currency lapse
    knows (lapse_currency_digits), by (c0 - 65) * 676 + (c1 - 65) * 26 +
    c2 - 65: 17,576 entries, asked once."""
    if not _KNOWN_CURRENCIES:
        known = np.zeros(26 ** 3, dtype=bool)
        letters = [chr(65 + k) for k in range(26)]
        for k in range(26 ** 3):
            code = (letters[k // 676] + letters[k // 26 % 26] + letters[k % 26]).encode()
            known[k] = lib.lapse_currency_digits(code, None) == 0
        _KNOWN_CURRENCIES.append(known)
    return _KNOWN_CURRENCIES[0]


def _currency_codes(target: _Input, values: Any, refusals: _Refusals, np: Any) -> None:
    """A numpy str currency column as C's CODE array, with no Python object
    made a row: each row's UCS-4 code points checked to be three upper-case
    ASCII letters (then NULs) of a currency lapse knows and packed into its
    4 bytes.  The other rows (empty: the default; too short or long, other
    characters, unknown: the row's error) are read as the plain path reads
    them, once per distinct text, and get the same code or error."""
    values = np.ascontiguousarray(values)
    rows, width = len(values), values.dtype.itemsize // 4
    out = _fresh(max(rows, 1), np.uint32, np)[:rows]
    bad_rows = []
    if width >= 3 and rows:
        chars = values.view(np.uint32).reshape(rows, width)
        known = _known_currencies(np)
        # By blocks of rows: the scratch columns stay small (in the cache,
        # no fresh memory a row besides the codes).
        size = min(rows, _CODES_AT_ONCE)
        key, step = np.empty(size, dtype=np.uint32), np.empty(size, dtype=np.uint32)
        bad, over = np.empty(size, dtype=bool), np.empty(size, dtype=bool)
        for first in range(0, rows, size):
            n = min(size, rows - first)
            block, code = chars[first:first + n], out[first:first + n]
            k, t, b, o = key[:n], step[:n], bad[:n], over[:n]
            # k: the letters' index into `known` (a character below "A"
            # wraps around: too big, as one above "Z").
            np.subtract(block[:, 0], np.uint32(65), out=k)
            np.greater_equal(k, np.uint32(26), out=b)
            np.copyto(code, block[:, 0])
            for i in (1, 2):
                np.subtract(block[:, i], np.uint32(65), out=t)
                np.greater_equal(t, np.uint32(26), out=o)
                np.logical_or(b, o, out=b)
                np.multiply(k, np.uint32(26), out=k)
                np.add(k, t, out=k)
                # The code's bytes, little-endian: c0, c1, c2, NUL.
                np.left_shift(block[:, i], np.uint32(8 * i), out=t)
                np.bitwise_or(code, t, out=code)
            for i in range(3, width):  # wider than 3: NULs after the code
                np.not_equal(block[:, i], np.uint32(0), out=o)
                np.logical_or(b, o, out=b)
            k[b] = 0
            np.take(known, k, out=o)
            np.logical_not(o, out=o)
            np.logical_or(b, o, out=b)
            if b.any():
                bad_rows.append(np.flatnonzero(b) + first)
        if sys.byteorder != "little":
            out.byteswap(inplace=True)
        rest = np.concatenate(bad_rows) if bad_rows else np.empty(0, dtype=np.intp)
    else:
        rest = np.arange(rows)
    if len(rest):
        sub = _Input(target.column, target.kind, target.name)
        sub_refusals = _Refusals(len(rest), np)
        part = _factorize_text(values[rest], np)
        _from_factorized(sub, part, sub_refusals, np)
        out[rest] = sub.keep
        refusals.adopt(rest, sub_refusals)
    target.keep, target.type, target.stride = out, CODE, 4
    target.address = out.ctypes.data if rows else 0


def _factorize_text(values: Any, np: Any) -> _Factorized:
    """A numpy str or bytes array (a currency as "U3") as its distinct
    values: each short value packed into one integer, those hashed (or
    sorted without pandas); longer ones as objects."""
    values = np.ascontiguousarray(values)
    if values.dtype.kind == "U" and values.dtype.itemsize <= 12:
        chars = values.view(np.uint32).reshape(len(values), values.dtype.itemsize // 4) \
            .astype(np.uint64)  # (not -1: no rows would not say how many columns)
        keys = np.zeros(len(values), dtype=np.uint64)
        for i in range(chars.shape[1]):  # 21 bits a character
            keys |= chars[:, i] << np.uint64(21 * i)
    elif values.dtype.kind == "S" and values.dtype.itemsize <= 8:
        padded = np.zeros(len(values), dtype="S8")
        padded[:] = values
        keys = padded.view(np.uint64)
    else:
        return _factorize(values.astype(object), np) or \
            _Factorized(np.arange(len(values)), values.tolist())
    pd = sys.modules.get("pandas")
    if pd is not None:
        codes, distinct = pd.factorize(keys)
    else:
        distinct, codes = np.unique(keys, return_inverse=True)
    first = np.empty(len(distinct), dtype=np.intp)
    first[codes[::-1]] = np.arange(len(values) - 1, -1, -1, dtype=np.intp)
    return _Factorized(codes, values[first].tolist())


def _factorize(values: Any, np: Any) -> Optional[_Factorized]:
    """An object column as its distinct values, when every value that is
    not missing has one type (str, int, bool or date: values that compare
    equal are then the same value); else None.

    First by identity, hashing each row's object pointer (pd.read_csv
    gives a repeated text mostly as one object), then by value among those
    objects alone: two passes of integers over the rows, the objects'
    hashes and types looked at once per distinct object."""
    if np is None:
        return None
    if not isinstance(values, np.ndarray):
        if not isinstance(values, (list, tuple)):
            return None
        try:
            values = np.array(values, dtype=object)
        except ValueError:
            return None
        if values.ndim != 1:
            return None
    if values.ndim != 1:
        return None
    if values.dtype.kind in "US":
        return _factorize_text(values, np)
    if values.dtype != object:
        return None
    values = np.ascontiguousarray(values)
    fast = _factorize_in_c(values, np)
    if fast is not None:
        return fast
    fast = _factorize_flags(values, np)
    if fast is not None:
        return fast
    rows = len(values)
    # The rows' object pointers, read in place while `values` holds them.
    pointers = np.ctypeslib.as_array(
        (ctypes.c_size_t * rows).from_address(values.ctypes.data)) if rows else \
        np.empty(0, dtype=np.uintp)
    pd = sys.modules.get("pandas")
    missing_types = _missing_types()
    if pd is not None:
        by_object, distinct = pd.factorize(pointers)
    else:
        distinct, by_object = np.unique(pointers, return_inverse=True)
    # One row of each distinct object (any row: they hold the same object).
    first = np.empty(len(distinct), dtype=np.intp)
    first[by_object] = np.arange(rows, dtype=np.intp)
    objects = values[first]
    listed = objects.tolist()
    kinds = set(map(type, listed))
    if float in kinds and any(v == v for v in listed if type(v) is float):
        return None  # a float that is not NaN
    kinds -= missing_types
    if not (kinds <= {str} or kinds <= {int} or kinds <= {bool} or kinds <= {datetime.date}):
        return None
    # By value among the distinct objects (a missing one: -1).
    if pd is not None:
        codes, found = pd.factorize(objects, use_na_sentinel=True)
        uniques: list[Any] = found.tolist()
    else:
        codes = np.full(len(objects), -1, dtype=np.intp)
        uniques = []
        seen: dict[Any, int] = {}
        for k, value in enumerate(listed):
            if not _is_missing(value):
                codes[k] = seen.setdefault(value, len(seen))
                if codes[k] == len(uniques):
                    uniques.append(value)
    del pointers
    # int32 codes: half the bytes of intp to write and for C to read.
    return _Factorized(codes.astype(np.int32)[by_object], uniques)


# Object columns of True, False and missing cells factorized by their rows'
# object pointers (False: by _factorize's passes, the plain twin the tests
# compare it with).
_FLAGS_BY_IDENTITY = True


def _factorize_flags(values: Any, np: Any) -> Optional[_Factorized]:
    """An object column whose cells are all True, False or missing (None,
    NaN, pandas' NA and NaT): pd.read_csv's flag column with an empty cell.
    Rows compared with the two objects by pointer, whole arrays at once (no
    object looked at a row), the other rows checked to be missing; else
    None (another kind of cell: _factorize's own passes read the column).
    The codes follow the first row of each value, as pd.factorize's."""
    pd = sys.modules.get("pandas")
    rows = len(values)
    if not _FLAGS_BY_IDENTITY or pd is None or not rows:
        return None
    pointers = np.ctypeslib.as_array((ctypes.c_size_t * rows).from_address(values.ctypes.data))
    true = pointers == id(True)
    false = pointers == id(False)
    other = ~(true | false)
    del pointers
    if other.any():
        rest = values[other]
        # Missing cells only: None, float NaN, NA, NaT (not a Decimal NaN,
        # not a numpy NaT or float64, which the plain path reads).
        if not set(map(type, rest.tolist())) <= _missing_types() or not pd.isna(rest).all():
            return None
    first = [(int(np.argmax(mask)), value) for mask, value in ((true, True), (false, False))
             if mask.any()]
    first.sort()
    codes = np.full(rows, -1, dtype=np.int32)
    for k, (_, value) in enumerate(first):
        codes[true if value else false] = k
    return _Factorized(codes, [value for _, value in first])


# Text columns of objects factorized by the accelerator when it is built
# (False: by _factorize's numpy and pandas passes, the plain twin the tests
# compare it with).
_TEXT_IN_C = True

# Flag columns of objects (True, False, missing) factorized by the
# accelerator too, in the same pass, and a boolean one given to C as the
# dictionary of "true" and "false" (False: _factorize_flags's arrays and the
# conversion of each distinct value, the twin the tests compare it with).
_FLAGS_IN_C = True


def _factorize_in_c(values: Any, np: Any) -> Optional[_Factorized]:
    """An object column whose cells are all str or missing (None, NaN,
    pandas' NA and NaT) as its distinct texts, by lapse._speedups in one
    pass (a cache of the rows' object pointers, then a dict by value), with
    the lapse_text table C reads them from; else None (no accelerator, or
    another kind of cell: _factorize's own passes read the column)."""
    from . import _accel
    factorize = getattr(_accel.module, "factorize_text", None) if _TEXT_IN_C else None
    if factorize is None or not len(values):
        return None
    pd = sys.modules.get("pandas")
    missing = (pd.NA, pd.NaT) if pd is not None else ()
    codes = _fresh(len(values), np.int32, np)
    found = factorize(values.ctypes.data, len(values), codes.ctypes.data, missing,
                      _FLAGS_IN_C and _FLAGS_BY_IDENTITY)
    if found is None:
        return None
    column = _Factorized(codes, found[0])
    column.table = found[1]
    return column


class _Input:
    """One input column ready for C: its array struct and what keeps the
    memory alive."""

    def __init__(self, column: int, kind: str, name: str) -> None:
        self.column, self.kind, self.name = column, kind, name
        self.keep: Any = None
        # For amounts given as decimal text: the currency of row i.
        self.currencies: Any = None
        self.type = 0
        self.address = 0
        self.stride = 0


def _from_numpy(target: _Input, values: Any, np: Any) -> bool:
    """A numpy array read in place (datetime64 converted to days); False
    for one that needs the Python path (objects, text)."""
    if values.ndim != 1:
        raise ValueError(f"{target.name}: expected a 1-D array, got {values.ndim} dimensions")
    kind = values.dtype.kind
    if kind == "M":  # days already: read in place
        values = values.astype("datetime64[D]", copy=False).view("int64")
    elif kind == "b":
        values = values.view("uint8")
    elif kind == "f":
        raise TypeError(f"{target.name}: expected integers, got {values.dtype} "
                        "(money is exact: minor units as int64)")
    elif kind not in "iu":
        return False
    if values.dtype == np.dtype("int32"):
        target.type = INT32
    elif values.dtype == np.dtype("uint8"):
        target.type = UINT8
    elif values.dtype == np.dtype("int64"):
        target.type = INT64
    else:  # another width (int16, uint32, ...): widened, checked in C
        values = values.astype("int64")
        target.type = INT64
    target.keep = values
    target.address = values.ctypes.data
    target.stride = values.strides[0]
    return True


_BUFFER_TYPES = {("i", 4): INT32, ("l", 4): INT32, ("q", 8): INT64, ("l", 8): INT64,
                 ("b", 1): UINT8, ("B", 1): UINT8, ("?", 1): UINT8}


def _from_buffer(target: _Input, values: Any) -> bool:
    view = memoryview(values)
    if view.ndim != 1:
        raise ValueError(f"{target.name}: expected a 1-D buffer, got {view.ndim} dimensions")
    kind = _BUFFER_TYPES.get((view.format.lstrip("@=<"), view.itemsize))
    if kind is None:
        if view.format in ("f", "d"):
            raise TypeError(f"{target.name}: expected integers, got floats "
                            "(money is exact: minor units as int64)")
        return False
    if not view.c_contiguous:
        view = memoryview(view.tobytes()).cast(view.format)
    if view.readonly:  # ctypes reads only writable buffers in place
        holder: Any = (ctypes.c_char * view.nbytes).from_buffer_copy(view)
    else:
        holder = (ctypes.c_char * view.nbytes).from_buffer(view)
    target.keep, target.type, target.stride = (holder, view), kind, view.itemsize
    target.address = ctypes.addressof(holder)
    return True


def _is_missing(value: Any) -> bool:
    """None, NaN, pandas' NA and NaT, numpy's NaT: a missing cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    pd = sys.modules.get("pandas")
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return True
    np = _numpy()
    return np is not None and isinstance(value, np.datetime64) and bool(np.isnat(value))


def _python_value(target: _Input, value: Any, row: int, errors: Any,
                  currency: Optional[str] = None) -> int:
    """One Python value as the integer C reads; a bad value is that row's
    error (its integer 0), a value of the wrong type raises.  A missing value
    is an empty cell: the column's default, or the row's `missing` error.
    An amount as text is read in `currency`, by default the row's."""
    kind = target.kind
    if _is_missing(value):
        value = ""
    if isinstance(value, str):
        if currency is None:
            currency = target.currencies.at(row) if kind == "amount" and target.currencies \
                else ""
        if kind != "amount" or currency:  # read as a CSV cell is ("" = the default)
            parsed = _parse_text(target.column, value, currency)
            if isinstance(parsed, LapseError):
                errors.setdefault(row, parsed)
                return 0
            return parsed
        raise TypeError(f"{target.name}[{row}]: expected int minor units, got str "
                        "(lapse.parse_amount reads decimal text)")
    if kind == "date":
        if value is None:
            return _DATE_NONE
        if type(value) is datetime.date or (isinstance(value, datetime.date) and
                                             not isinstance(value, datetime.datetime)):
            return value.toordinal() - _EPOCH
        raise TypeError(f"{target.name}[{row}]: expected datetime.date, got "
                        f"{type(value).__name__}")
    if kind == "amount" and value is None and target.name == "renewal_price":
        return _native.AMOUNT_NONE
    if hasattr(value, "_value_"):  # an enum or flag member
        return value._value_
    if kind == "list" and isinstance(value, (list, tuple, set, frozenset)):
        bits = 0
        for item in value:
            bits |= item._value_ if hasattr(item, "_value_") else \
                _python_value(target, item, row, errors, currency)
        return bits
    if isinstance(value, bool) and kind != "boolean":
        raise TypeError(f"{target.name}[{row}]: expected int, got bool")
    if not isinstance(value, int):
        raise TypeError(f"{target.name}[{row}]: expected {kind}, got {type(value).__name__}")
    if not -(1 << 63) <= value < 1 << 63:
        code = "amount_range" if kind == "amount" else "out_of_range"
        errors.setdefault(row, LapseError(code, target.name,
                                          f"{target.name} {value}: beyond the 64-bit range"))
        return 0
    return int(value)


def _currency_code(value: Any, row: int, errors: Any) -> bytes:
    """A currency cell as the 4 bytes of a CODE array (EUR for a bad one,
    which is that row's error)."""
    if _is_missing(value):
        value = ""  # the default currency, as an empty cell
    if not isinstance(value, str):
        raise TypeError(f"currency[{row}]: expected str, got {type(value).__name__}")
    parsed = _parse_text(_CURRENCY, value)
    if isinstance(parsed, LapseError):
        errors.setdefault(row, parsed)
        parsed = b"EUR"
    return parsed[:3].ljust(4, b"\0")


def _from_python(target: _Input, values: Sequence[Any], errors: Any) -> None:
    if target.kind == "text":  # the currency
        codes = bytearray(4 * len(values))
        for row, value in enumerate(values):
            codes[4 * row:4 * row + 4] = _currency_code(value, row, errors)
        target.keep, target.type, target.stride = array.array("B", codes), CODE, 4
    else:
        target.keep = array.array("q", [_python_value(target, value, row, errors)
                                        for row, value in enumerate(values)])
        target.type, target.stride = INT64, 8
    target.address = target.keep.buffer_info()[0]


class _Currencies:
    """Each row's currency text, for amounts given as decimal text: one
    text for every row, or `codes` (row -> index into `texts`, -1 the last)
    for a factorized column, or else read row by row."""

    def __init__(self, values: Any) -> None:
        self.codes: Any = None
        self.texts: list[str] = []
        self.values = values
        if _is_scalar(values):
            self.texts = [values if isinstance(values, str) and values else "EUR"]
        elif isinstance(values, _Factorized):
            self.codes = values.codes
            self.texts = [value if isinstance(value, str) and value else "EUR"
                          for value in values.uniques] + ["EUR"]
        elif isinstance(values, _CurrencyArray):  # factorized when first read
            del self.codes, self.texts

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values")
        if name not in ("codes", "texts") or not isinstance(values, _CurrencyArray):
            raise AttributeError(name)
        found = _factorize_text(values.values, _numpy())
        self.codes = found.codes
        self.texts = [value if isinstance(value, str) and value else "EUR"
                      for value in found.uniques] + ["EUR"]
        return self.__dict__[name]

    def at(self, row: int) -> str:
        if self.codes is not None:
            return self.texts[self.codes[row]]
        if len(self.texts) == 1 and _is_scalar(self.values):
            return self.texts[0]
        value = self.values[row]
        return value if isinstance(value, str) and value else "EUR"

    def per_row(self, np: Any) -> Any:
        """Each row's index into `texts` (all 0 for one currency), or None
        when the currencies are read row by row."""
        if self.codes is not None:
            if getattr(self, "_per_row", None) is None:
                self._per_row = np.asarray(self.codes) % len(self.texts)
            return self._per_row
        return 0 if _is_scalar(self.values) else None


def _convert_once(target: _Input, value: Any, codes: Any, k: int, np: Any,
                  currency: Optional[str] = None) -> tuple[Any, Optional[LapseError]]:
    """The value C reads for every row of `codes` equal to k (a distinct
    value converted once) and its error; a value of the wrong type raises,
    naming its first row."""
    probe: dict[int, LapseError] = {}
    try:
        if target.kind == "text":
            converted: Any = _currency_code(value, 0, probe)
        else:
            converted = _python_value(target, value, 0, probe, currency)
    except TypeError:
        # (k, or -1 for the last: a missing value)
        row = int(np.flatnonzero(codes == k)[0]) if (codes == k).any() else \
            int(np.flatnonzero(codes == -1)[0]) if (codes == -1).any() else 0
        if target.kind == "text":
            _currency_code(value, row, {})
        _python_value(target, value, row, {}, currency)
        raise
    return converted, probe.get(0)


# Text columns go to C as dictionaries (False: each distinct value converted
# in Python, the reference the tests compare them with).
_DICTIONARIES = True


def _all_text(uniques: Sequence[Any], table: Any = None) -> bool:
    """Every distinct value is text (or missing): C reads them as CSV cells.
    With the accelerator's `table`, its uniques are all str or all bool
    (factorize_text never mixes them): the first says which, where
    looking at each of a date column's 100,000 texts took 5-15 ms."""
    if table is not None and _TABLE_SAYS_TEXT:
        return not uniques or type(uniques[0]) is str
    return all(type(value) is str or _is_missing(value) for value in uniques)


# The accelerator's factorized columns known to be text by their first
# distinct value (False: each one looked at, the twin the tests compare).
_TABLE_SAYS_TEXT = True


def _from_texts(target: _Input, column: _Factorized, np: Any) -> None:
    """A column of text cells as C's dictionary (lapse_dictionary): each
    row's code into the column's distinct texts, which C reads as CSV cells
    in the one pass (the same defaults, values and messages; an amount in
    the row's currency).  Nothing is converted here, row or value."""
    if column.table is not None:  # the accelerator's table
        _dictionary(target, column, column.table, len(column.uniques), np)
        return
    encoded = [b"" if _is_missing(value) else value.encode("utf-8", errors="surrogateescape")
               for value in column.uniques]
    blob = b"".join(encoded)
    base = ctypes.cast(ctypes.c_char_p(blob), ctypes.c_void_p).value or 0
    count = len(encoded)
    table = np.zeros(count, dtype=[("data", np.uintp), ("length", np.uintp)])
    if count:
        lengths = np.fromiter(map(len, encoded), dtype=np.uintp, count=count)
        table["length"] = lengths
        table["data"] = base + np.cumsum(lengths) - lengths
    _dictionary(target, column, table, count, np, blob)


def _dictionary(target: _Input, column: _Factorized, table: Any, count: int, np: Any,
                blob: Any = None) -> None:
    """The input array of a lapse_dictionary: `table` (numpy records or the
    bytes of `count` lapse_text) of the texts, `column.codes` each row's."""
    if isinstance(table, bytes):
        address = ctypes.cast(ctypes.c_char_p(table), ctypes.c_void_p).value if count else None
    else:
        address = table.ctypes.data if count else None
    codes = np.asarray(column.codes)
    if codes.dtype not in (np.dtype(np.int32), np.dtype(np.int64)):
        codes = codes.astype(np.int32)  # a category's int8 or int16 codes
    if not len(codes):
        codes = np.zeros(1, dtype=np.int32)
    # Room for C to read each distinct text once (its own below 65).
    cache = np.empty(count, dtype=np.int64) if count > 64 and target.kind != "amount" else None
    dictionary = _native.DictionaryC(codes.ctypes.data, INT32 if codes.itemsize == 4 else INT64,
                                     0, address, count,
                                     cache.ctypes.data if cache is not None else None)
    target.keep = (codes, blob, table, column.uniques, dictionary, cache)
    target.type, target.stride = DICTIONARY, codes.strides[0]
    target.address = ctypes.addressof(dictionary)


def _from_factorized(target: _Input, column: _Factorized, refusals: _Refusals, np: Any) -> None:
    """A column converted once per distinct value (an amount as text once
    per distinct value and currency), then mapped to its rows."""
    uniques = list(column.uniques) + [None]  # the last: a missing value (code -1)
    codes = np.asarray(column.codes)
    currencies = target.currencies
    currency_of = currencies.per_row(np) if target.kind == "amount" and currencies else 0
    texts = currencies.texts if currencies else []
    # Amounts as text are read in each row's currency; a missing one is the
    # empty cell, the same in any currency.
    per_pair = target.kind == "amount" and any(isinstance(u, str) for u in uniques)
    if per_pair and currency_of is None:  # currencies read row by row
        _from_python(target, [uniques[k] for k in codes.tolist()], refusals)
        return
    if per_pair and not isinstance(currency_of, int):
        pd = sys.modules["pandas"]
        pairs, found = pd.factorize(codes.astype(np.int64) * len(texts) + currency_of)
        # (code -1, a missing value, is uniques[-1] by Python's floor division)
        keys = [(int(p) // len(texts), texts[int(p) % len(texts)]) for p in found]
        codes = pairs
    elif per_pair:
        keys = [(k, texts[currency_of]) for k in range(len(uniques))]
    else:
        keys = [(k, (texts[0] if texts else "EUR") if target.kind == "amount" else None)
                for k in range(len(uniques))]
    values, errors = [], []
    for k, (which, currency) in enumerate(keys):
        value, error = _convert_once(target, uniques[which], codes, k, np, currency)
        values.append(value)
        errors.append(error)
    refusals.mark(codes, errors)  # (-1, a missing value: the last entry)
    if target.kind == "text":
        table = np.frombuffer(b"".join(values), dtype=np.uint32)
        target.keep, target.type, target.stride = table[codes], CODE, 4
    else:
        table = np.array(values, dtype=np.int64)
        target.keep, target.type, target.stride = table[codes], INT64, 8
    target.address = target.keep.ctypes.data if len(target.keep) else 0


def _from_float_money(target: _Input, column: _FloatMoney, refusals: _Refusals,
                      np: Any) -> None:
    """A float money column: where a value times 10**digits of its row's
    currency is a whole number m (below 2**52) whose m / 10**digits is that
    very float, its shortest decimal text is m / 10**digits and m its minor
    units, with no text made; the other values (NaN, more decimals than
    the currency, negative, huge) go through their text once each."""
    values = np.asarray(column.values, dtype=np.float64)
    currencies = target.currencies
    if currencies.codes is None and not _is_scalar(currencies.values):
        # currencies read row by row (per_row is None)
        _from_python(target, [None if value != value else column.as_text(value)
                              for value in values.tolist()], refusals)
        return
    digits = []
    for text in currencies.texts:
        code = _parse_text(_CURRENCY, text)
        digits.append(-1 if isinstance(code, LapseError) else _currency_digits(code))
    scales = np.array([10.0 ** d if d >= 0 else np.nan for d in digits])
    if _float_money_in_c(target, values, currencies, scales, refusals, column, np):
        return
    currency_of = currencies.per_row(np)
    if isinstance(currency_of, int):  # one currency for every row
        currency_of = np.zeros(len(values), dtype=np.intp)
    scale = scales[currency_of]  # NaN for a currency that is not one
    with np.errstate(invalid="ignore", over="ignore"):
        minor = np.rint(values * scale)
        exact = (minor >= 0) & (minor < 2.0 ** 52) & (minor / scale == values) & \
            ~np.signbit(values)
    out = np.zeros(len(values), dtype=np.int64)
    np.copyto(out, minor, where=exact, casting="unsafe")
    # NaN: the empty cell, the same in any currency.
    missing = np.isnan(values)
    if missing.any():
        probe: dict[int, LapseError] = {}
        out[missing] = _python_value(target, None, 0, probe, currencies.texts[0])
        if probe:
            refusals.mark(missing.astype(np.intp), [None, probe[0]])
        exact |= missing
    rest = np.flatnonzero(~exact)
    _float_money_rest(target, column, values, rest, out, currency_of[rest], refusals, np)
    target.keep, target.type, target.stride = out, INT64, 8
    target.address = out.ctypes.data if len(out) else 0


def _float_money_rest(target: _Input, column: _FloatMoney, values: Any, rest: Any, out: Any,
                      rest_currency: Any, refusals: _Refusals, np: Any) -> None:
    """_from_float_money's rows that are not exact minor units (`rest`,
    their currencies' indices into the texts `rest_currency`): through each
    distinct value's text, in its row's currency."""
    currencies = target.currencies
    if len(rest):
        pd = sys.modules["pandas"]
        left = values[rest]
        value_codes, distinct = pd.factorize(left, use_na_sentinel=True)
        texts = [column.as_text(value) for value in distinct.tolist()] + [None]
        part = _Factorized(value_codes, texts[:-1])
        sub = _Input(target.column, target.kind, target.name)
        sub.currencies = _Currencies(_Factorized(rest_currency, currencies.texts))
        sub_refusals = _Refusals(len(rest), np)
        _from_factorized(sub, part, sub_refusals, np)
        out[rest] = sub.keep
        refusals.adopt(rest, sub_refusals)


# Float money columns read by the accelerator in one pass (False: numpy's
# whole-array steps, the twin the tests compare it with).
_FLOAT_MONEY_IN_C = True


def _float_money_in_c(target: _Input, values: Any, currencies: Any, scales: Any,
                      refusals: _Refusals, column: _FloatMoney, np: Any) -> bool:
    """_from_float_money by lapse._speedups.float_money: each row's minor
    units written in one pass, the same arithmetic as the numpy steps; the
    rows it cannot say (more decimals, negative, huge, a bad currency) then
    through their text as there.  False without the accelerator."""
    from . import _accel
    convert = getattr(_accel.module, "float_money", None) if _FLOAT_MONEY_IN_C else None
    rows = len(values)
    if convert is None or not rows or not values.flags.c_contiguous:
        return False
    codes = currencies.codes
    if codes is not None:
        codes = np.asarray(codes)
        if codes.dtype not in (np.dtype(np.int32), np.dtype(np.int64)) or \
                not codes.flags.c_contiguous:
            codes = np.ascontiguousarray(codes, dtype=np.int64)
    probe: dict[int, LapseError] = {}
    empty = _python_value(target, None, 0, probe, currencies.texts[0])
    out = _fresh(rows, np.int64, np)
    found, missing = convert(values.ctypes.data, rows, 0 if codes is None else codes.ctypes.data,
                             0 if codes is None else codes.itemsize, scales.tobytes(),
                             out.ctypes.data, empty)
    if missing and probe:  # an empty cell is an error here: those rows' own
        refusals.mark(np.isnan(values).astype(np.intp), [None, probe[0]])
    rest = np.frombuffer(found, dtype=np.int64)
    if len(rest):  # their currencies alone (per_row's modulo, -1 the last)
        rest_currency = np.zeros(len(rest), dtype=np.intp) if codes is None else \
            codes[rest] % len(currencies.texts)
        _float_money_rest(target, column, values, rest, out, rest_currency, refusals, np)
    target.keep, target.type, target.stride = out, INT64, 8
    target.address = out.ctypes.data
    return True


def _currency_digits(code: bytes) -> int:
    from .model import currency_digits
    return currency_digits(code.rstrip(b"\0").decode())


def _item_text(name: str, value: Any, currency: str) -> Optional[bytes]:
    """One row's items or reduce in the text form of its CSV cell: the
    text itself, a list of lapse.Item (items, priced in the row's currency)
    or a dict of item name to quantity (reduce); None for none."""
    from .model import Item, format_amount, text_bytes
    if _is_missing(value) or (isinstance(value, (str, list, tuple, dict)) and not value):
        return None
    if isinstance(value, str):
        return text_bytes(value, name)
    if name == "items" and isinstance(value, (list, tuple)):
        parts = []
        for i, item in enumerate(value):
            if not isinstance(item, Item):
                raise TypeError(f"items[{i}]: expected lapse.Item, got {type(item).__name__}")
            text = f"{item.name}:{item.quantity}:{format_amount(item.unit_price, currency)}"
            if item.committed or item.assigned:
                text += f":{item.committed}"
            if item.assigned:
                text += f":{item.assigned}"
            parts.append(text)
        return text_bytes(";".join(parts), name)
    if name == "reduce" and isinstance(value, Mapping):
        return text_bytes(";".join(f"{item}={quantity}" for item, quantity in value.items()),
                          name)
    raise TypeError(f"{name}: expected text, " +
                    ("a list of lapse.Item" if name == "items" else "a dict of item quantities") +
                    f" or None, got {type(value).__name__}")


def _text_input(target: _Input, values: Any, rows: int, errors: _Refusals,
                currencies: Any) -> _Input:
    """items and reduce: each row's text form, as C reads a text array."""
    single = _is_scalar(values) or isinstance(values, (dict, Mapping)) or (
        isinstance(values, (list, tuple)) and values and not _is_cell_list(values))
    if single:
        values = [values]
    elif isinstance(values, _Factorized):
        values = [None if code < 0 else values.uniques[code] for code in list(values.codes)]
    elif len(values) != rows:
        raise ValueError(f"{target.name}: {len(values)} rows, other columns have {rows}")
    texts: list[Optional[bytes]] = []
    for row, value in enumerate(values):
        currency = currencies.at(row) if currencies is not None and not single else "EUR"
        if single and currencies is not None and _is_scalar(currencies.values):
            currency = currencies.at(0)
        try:
            texts.append(_item_text(target.name, value, currency))
        except LapseError as error:
            texts.append(None)
            if single:
                errors.fill(error)
            else:
                errors.setdefault(row, error)
    array = (ctypes.c_char_p * max(len(texts), 1))(*texts)
    target.type, target.keep = TEXT, array
    target.address = ctypes.addressof(array)
    target.stride = 0 if single else ctypes.sizeof(ctypes.c_char_p)
    return target


def _is_cell_list(values: Any) -> bool:
    """A list of cells (one per row), not one row's list of lapse.Item."""
    from .model import Item
    return not isinstance(values[0], Item)


def _input(name: str, values: Any, rows: int, errors: _Refusals,
           currencies: Any = None) -> _Input:
    column, kind = _column(name)
    if not lib.lapse_column_is_input(column):
        raise LapseError("unknown_column", name, f"column {name!r}: not an input column")
    target = _Input(column, kind, name)
    if name in ("items", "reduce"):
        return _text_input(target, values, rows, errors, currencies)
    target.currencies = currencies
    if _is_scalar(values):  # one value for every row: stride 0
        probe: dict[int, LapseError] = {}
        _from_python(target, [values], probe)
        if probe and rows:
            errors.fill(probe[0])
        target.stride = 0
        return target
    np = _numpy()
    if len(values) != rows:
        raise ValueError(f"{name}: {len(values)} rows, other columns have {rows}")
    if isinstance(values, _CurrencyArray):
        _currency_codes(target, values.values, errors, np)
        return target
    if isinstance(values, _FloatMoney) and target.kind == "amount":
        _from_float_money(target, values, errors, np)
        return target
    if isinstance(values, _FloatMoney):
        values = [None if value != value else values.as_text(value)
                  for value in values.values.tolist()]
    if isinstance(values, _FloatIntegers):
        _from_float_integers(target, values, errors, np)
        return target
    if np is not None and isinstance(values, np.ndarray) and _from_numpy(target, values, np):
        return target
    if not isinstance(values, _Factorized) and np is not None and len(values) > 1:
        values = _factorize(values, np) or values
    if isinstance(values, _Factorized) and np is not None and _DICTIONARIES and \
            _all_text(values.uniques, values.table):
        _from_texts(target, values, np)
        return target
    if isinstance(values, _Factorized) and values.table is not None and _DICTIONARIES and \
            target.kind == "boolean" and all(type(value) is bool for value in values.uniques):
        # The accelerator's flags: C reads True and False as the cells
        # "true" and "false" (a missing one as the empty cell).
        _dictionary(target, values, values.table, len(values.uniques), np)
        return target
    if isinstance(values, _Factorized):
        _from_factorized(target, values, errors, np)
        return target
    if np is not None and isinstance(values, np.ndarray):
        values = values.tolist()
    elif not isinstance(values, (list, tuple)) and _has_buffer(values) and \
            _from_buffer(target, values):
        return target
    _from_python(target, values if isinstance(values, Sequence) else list(values), errors)
    return target


def _positional(name: str, values: Any) -> Any:
    """A pandas column (Series, Index, extension array) as lapse.pandas
    reads a DataFrame's: by position, never by its index's labels."""
    if type(values).__module__.partition(".")[0] == "pandas":
        from .pandas import _input as from_pandas  # pandas made `values`: it is imported
        return from_pandas(values, name)
    return values


def _row_count(columns: Mapping[str, Any]) -> Optional[int]:
    """The length of the first column that is not a single value (one
    row's items or reduction given for every row is a single value)."""
    for name, values in columns.items():
        if name in ("items", "reduce") and (
                isinstance(values, Mapping) or
                (isinstance(values, (list, tuple)) and values and not _is_cell_list(values))):
            continue
        if not _is_scalar(values):
            return len(values)
    return None


# ---------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------

# A huge page (x86-64 Linux); an array of at least this many bytes is
# allocated starting on a boundary of one (see _fresh).
_HUGE_PAGE = 1 << 21


def _fresh(rows: int, dtype: Any, np: Any) -> Any:
    """np.empty(rows, dtype), its data starting on a 2 MB boundary when it
    spans one or more.  An output column is fresh memory, and here the
    kernel's work to hand it out (page faults, zeroing) cost more than
    deciding its rows: numpy asks for huge pages on its arrays of 4 MB or
    more, but only the 2 MB pages wholly inside the array get one; the
    rest, up to 2 MB at each end, is faulted in 4 KB at a time (512 faults).
    Aligned, a 1M-row int64 column took 68 faults and 6.3 ms to fill
    instead of 498 faults and 23.4 ms (2-core VM, THP madvise).  The
    padding is address space, never touched."""
    dtype = np.dtype(dtype)
    size = rows * dtype.itemsize
    if size < _HUGE_PAGE:
        return np.empty(rows, dtype=dtype)
    raw = np.empty(size + _HUGE_PAGE, dtype=np.uint8)
    skip = -raw.ctypes.data % _HUGE_PAGE
    return raw[skip:skip + size].view(dtype)


# The numpy dtype and lapse_array_type of each kind of output column: as
# narrow as each value allows, fewer bytes to write for C.
_OUTPUT_DTYPES = {"date": ("datetime64[D]", INT64), "amount": ("int64", INT64),
                  "boolean": ("bool", UINT8), "name": ("uint8", UINT8)}


class _Arena:
    """The numeric output columns of one decide_frame call in one numpy
    allocation, each column a view of its own bytes (never shared): one
    block of fresh memory, big enough for numpy to ask the kernel for huge
    pages (numpy madvises allocations of 4 MiB and more; _fresh starts it
    on a huge page's boundary), where a column of its own (a million int32
    or bools, under 4 MiB) faults its memory in 4 KiB at a time.  The block
    lives as long as any of its columns."""

    _ALIGN = 64

    def __init__(self, np: Any, rows: int, dtypes: list[Any]) -> None:
        sizes = [-(-rows * np.dtype(dtype).itemsize // self._ALIGN) * self._ALIGN
                 for dtype in dtypes]
        self.np, self.rows = np, rows
        self.block = _fresh(sum(sizes) + self._ALIGN, np.uint8, np)
        self.offset = -self.block.ctypes.data % self._ALIGN

    def take(self, dtype: Any) -> Any:
        size = self.rows * self.np.dtype(dtype).itemsize
        out = self.block[self.offset:self.offset + size].view(dtype)
        self.offset += -(-size // self._ALIGN) * self._ALIGN
        return out


# decide_frame's numeric outputs in one _Arena (False: each its own array,
# the twin the tests compare it with).
_ARENA = True


def _arena_dtype(kind: str) -> tuple[str, int]:
    """The dtype and lapse_array_type of an output column in an _Arena:
    integers as int64 (pandas' Int64 then adopts them), the currency as
    its 4 bytes a row."""
    if kind == "text":
        return "S4", CODE
    if kind == "integer":
        return "int64", INT64
    return _OUTPUT_DTYPES.get(kind, ("int32", INT32))


def _output_dtype(kind: str, narrow: bool) -> tuple[str, int]:
    """The dtype and lapse_array_type of an output column in an _Arena:
    decide_frame's (_arena_dtype), or with `narrow` decide_columns' own
    (integers as int32, as _output makes them)."""
    if narrow and kind != "text":
        return _OUTPUT_DTYPES.get(kind, ("int32", INT32))
    return _arena_dtype(kind)


def _output(column: int, kind: str, rows: int, np: Any, arena: Optional[_Arena] = None,
            narrow: bool = False) -> tuple[Any, int, int, int]:
    """(array, lapse_array_type, address, stride) of an output column (a
    view of `arena` when given; `narrow`: decide_columns' integers)."""
    if arena is not None:
        dtype, code = _output_dtype(kind, narrow)
        out = arena.take(dtype)
        return out, code, out.ctypes.data, out.strides[0]
    if kind == "text":  # the currency's 4-byte code, C writes it in place
        if np is not None:
            codes = _fresh(max(rows, 1), "S4", np)
            return codes, CODE, codes.ctypes.data, 4
        data = ctypes.create_string_buffer(max(4 * rows, 1))
        return data, CODE, ctypes.addressof(data), 4
    if np is not None:
        dtype, code = _OUTPUT_DTYPES.get(kind, ("int32", INT32))
        out = _fresh(rows, dtype, np)
        return out, code, out.ctypes.data if rows else 0, out.strides[0]
    code = {"date": INT32, "boolean": UINT8, "amount": INT64}.get(kind, INT32)
    out = array.array({INT32: "i", UINT8: "B", INT64: "q"}[code], bytes(
        rows * {INT32: 4, UINT8: 1, INT64: 8}[code]))
    return out, code, out.buffer_info()[0] if rows else 0, out.itemsize


def decide_columns(columns: Mapping[str, Any], policy: Optional[Policy] = None, *,
                   status: bool = False, use_numpy: Optional[bool] = None,
                   rows: Optional[int] = None) -> dict[str, Any]:
    """Decides every row of `columns` (see the module's documentation) in
    one call into C.  `status=True` adds the status and listed_as columns on
    the request date; `use_numpy` forces (True) or refuses (False) numpy
    outputs, by default numpy when it is importable; `rows` is the number
    of rows when every column is a single value (else it must agree)."""
    return _decide(columns, policy, status, use_numpy, rows, lists=True)


# A row without an instant in notice_deadline_at and access_ends_at
# (array.array outputs): lapse's LAPSE_INSTANT_NONE.
INSTANT_NONE = -(2 ** 63)
_REQUESTED_AT_BOTH = "requested_at: at and on both give the request date; give one"


def _per_row(name: str, values: Any, rows: int) -> list[Any]:
    """A column's values as a list of one Python value a row."""
    if _is_scalar(values) or (hasattr(values, "tzinfo") and not hasattr(values, "__len__")):
        return [values] * rows
    if isinstance(values, _Factorized):
        return [values.uniques[code] if code >= 0 else None for code in values.codes.tolist()]
    if getattr(getattr(values, "dtype", None), "kind", "") == "M":  # datetime64: as dates
        values = values.astype("datetime64[D]")
    listed = values.tolist() if hasattr(values, "tolist") else list(values)
    if len(listed) != rows:
        raise ValueError(f"{name}: {len(listed)} values, the other columns have {rows} rows")
    return listed


def _blank(value: Any) -> bool:
    return _is_missing(value) or (isinstance(value, str) and value == "")


def _day_text(value: Any) -> Any:
    """An `on` cell as text (a date, day number or datetime64 as
    YYYY-MM-DD), so that one column can mix given dates and dates from
    instants; anything else as it is (its error is the column's)."""
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        if value == _DATE_NONE:
            return None
        return datetime.date.fromordinal(value + _EPOCH).isoformat()
    np = _numpy()
    if np is not None and isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(value.astype("datetime64[D]"))
    return value


def _instant_date(at: Any, the_zone: Any) -> datetime.date:
    """The request date of one requested_at value (Request(at=, zone=))."""
    from .zones import request_date
    if isinstance(at, str):
        data = at.encode("utf-8", errors="surrogateescape")
        seconds, offset = ctypes.c_int64(), ctypes.c_int32()
        detail = _native.ErrorDetail()
        code = lib.lapse_instant_parse(data, len(data), ctypes.byref(seconds),
                                       ctypes.byref(offset), ctypes.byref(detail))
        if code:
            raise error_from(lib, code, detail)
        if the_zone is not None:
            return the_zone.date(seconds.value)
        local = seconds.value + offset.value
        return datetime.date.fromordinal(local // 86400 + _EPOCH)
    if hasattr(at, "to_pydatetime"):  # a pandas Timestamp
        at = at.to_pydatetime()
    np = _numpy()
    if np is not None and isinstance(at, np.datetime64):
        raise LapseError("value_syntax", "requested_at",
                         f"requested_at {at}: a naive datetime; give its time zone (tzinfo) or "
                         "its offset")
    if not isinstance(at, datetime.datetime):
        raise LapseError("value_syntax", "requested_at",
                         f"requested_at {at!r}: not an instant (an aware datetime or RFC 3339 "
                         "text)")
    return request_date(at, the_zone)[0]


def _instants(columns: dict[str, Any], rows: int, errors: _Refusals) -> Optional[list[Any]]:
    """Takes requested_at and zone out of `columns`: each row with an
    instant gets its request date in `on` (text, with the other rows' `on`
    as text), each bad row its error.  The zone of each row (None for
    none), or None without a zone column."""
    from .zones import as_zone
    ats = columns.pop("requested_at", None)
    names = columns.pop("zone", None)
    ats = _per_row("requested_at", ats, rows) if ats is not None else None
    names = _per_row("zone", names, rows) if names is not None else None
    ons = _per_row("on", columns["on"], rows) if "on" in columns else [None] * rows
    zones: list[Any] = [None] * rows
    days: dict[int, str] = {}
    for row in range(rows):
        the_zone = None
        if names is not None and not _blank(names[row]):
            try:
                if not isinstance(names[row], str) and type(names[row]).__name__ != "Zone":
                    raise LapseError("value_syntax", "zone",
                                     f"zone {names[row]!r}: not an IANA zone name")
                the_zone = as_zone(names[row])
            except LapseError as error:
                errors.setdefault(row, error)
                continue
        zones[row] = the_zone
        if ats is None or _blank(ats[row]):
            continue
        if not _blank(ons[row]):
            errors.setdefault(row, LapseError("value_syntax", "requested_at", _REQUESTED_AT_BOTH))
            continue
        try:
            days[row] = _instant_date(ats[row], the_zone).isoformat()
        except LapseError as error:
            errors.setdefault(row, error)
    if days:
        columns["on"] = [days.get(row) or _day_text(ons[row]) for row in range(rows)]
    return zones if names is not None else None


def _deadline_instants(zones: list[Any], outputs: dict[str, Any], rows: int,
                       np: Any) -> tuple[Any, Any]:
    """notice_deadline_at and access_ends_at of the decided rows with a
    zone (lapse_zone_day_start of the day after the notice deadline and of
    the effective end)."""
    from .zones import lib as zone_lib
    if np is not None:
        at = np.full((2, rows), np.datetime64("NaT"), dtype="datetime64[s]")
    else:
        at = [array.array("q", [INSTANT_NONE]) * rows, array.array("q", [INSTANT_NONE]) * rows]
    failed = outputs["error_code"]
    sources = (outputs["notice_deadline"], outputs["effective_end"])
    out = ctypes.c_int64()
    for row in range(rows):
        the_zone = zones[row]
        if the_zone is None or failed[row] != "":
            continue
        for k, plus in ((0, 1), (1, 0)):
            day = sources[k][row]
            if np is not None:
                if np.isnat(day):
                    continue
                day = int(day.astype("datetime64[D]").astype(np.int64))
            elif day == _DATE_NONE:
                continue
            if zone_lib.lapse_zone_day_start(the_zone._buffer, int(day) + plus, ctypes.byref(out)):
                continue
            at[k][row] = np.datetime64(out.value, "s") if np is not None else out.value
    return at[0], at[1]


def _decide(columns: Mapping[str, Any], policy: Optional[Policy], status: bool,
            use_numpy: Optional[bool], rows: Optional[int], lists: bool) -> dict[str, Any]:
    """decide_columns (lists=True: its own output dtypes, and with numpy
    its all-"" text columns read-only views of one ""); lists=False is
    lapse.pandas' call (decide_frame's dtypes, writable text columns).
    Without numpy the text columns are lists either way."""
    if not isinstance(columns, Mapping):
        raise TypeError(f"columns: expected a mapping of column name to values, "
                        f"got {type(columns).__name__}")
    columns = {name: _positional(name, values) for name, values in columns.items()}
    np = None
    if use_numpy or use_numpy is None:
        try:
            import numpy as np  # noqa: F811 (optional)
        except ImportError:
            if use_numpy:
                raise
    counted = _row_count(columns)
    if rows is None:
        rows = 1 if counted is None else counted
    elif counted is not None and counted != rows:
        raise ValueError(f"columns: {counted} rows, rows={rows}")
    # The currency column factorized once: its own input and the currency
    # of each amount given as text.
    currency = columns.get("currency")
    if currency is not None and _CURRENCY_CODES and np is not None and \
            isinstance(currency, np.ndarray) and currency.dtype.kind == "U" and \
            currency.ndim == 1 and len(currency) == rows:
        # A str array: packed into codes vectorized (factorized only if an
        # amount as text needs each row's currency).
        columns["currency"] = _CurrencyArray(currency)
    elif currency is not None and not _is_scalar(currency) and \
            not isinstance(currency, _Factorized) and len(currency) == rows:
        columns["currency"] = _factorize(currency, np) or currency
    errors = _Refusals(rows, np)
    zones = _instants(columns, rows, errors) if ("requested_at" in columns or
                                                  "zone" in columns) else None
    currencies = _Currencies(columns.get("currency", ""))
    # The currency first, as in a CSV row: its error comes before the others.
    inputs = [_input(name, values, rows, errors, currencies) for name, values in
              sorted(columns.items(), key=lambda item: item[0] != "currency")]
    # The rows Python refused go to C as an error input: C leaves them
    # undecided and blank, as it does its own failed rows.
    refused = errors.codes() if errors else None
    wanted = list(DECISION_COLUMNS) + (["status", "listed_as"] if status else [])
    # item_results from C when a row may have items, else "" for every row.
    with_items = "items" in columns
    if with_items:
        wanted.append("item_results")
    ins, outs = len(inputs) + (refused is not None), len(wanted) + 1
    outputs: dict[str, Any] = {}
    arrays = (ArrayC * (ins + outs))()
    for i, target in enumerate(inputs):
        arrays[i] = ArrayC(target.column, target.type, target.address or None, target.stride)
    if refused is not None:
        address = refused.ctypes.data if np is not None else refused.buffer_info()[0]
        arrays[ins - 1] = ArrayC(_COLUMN_ERROR, INT32, address, 4)
    # The numeric outputs (and the error codes) in one block; decide_columns'
    # currency codes apart (replaced by its text, not kept).
    in_arena = [name for name in wanted
                if name != "item_results" and not (lists and name == "currency")]
    arena = _Arena(np, rows, [_output_dtype(_column(name)[1], lists)[0] for name in in_arena] +
                   ["int32"]) if _ARENA and np is not None and rows else None
    for j, name in enumerate(wanted):
        column, kind = _column(name)
        if name == "item_results":
            out = ctypes.create_string_buffer(max(_ITEM_RESULTS_ROOM * rows, 1))
            code, address, stride = TEXT, ctypes.addressof(out), _ITEM_RESULTS_ROOM
        else:
            out, code, address, stride = _output(column, kind, rows, np,
                                                 arena if name in in_arena else None, lists)
        arrays[ins + j] = ArrayC(column, code, address or None, stride)
        outputs[name] = out
    if arena is not None:
        codes = arena.take("int32")
        address = codes.ctypes.data
    else:
        codes, _, address, _ = _output(_COLUMN_ERROR, "integer", max(rows, 1), np)
    arrays[ins + outs - 1] = ArrayC(_COLUMN_ERROR, INT32, address, 4)
    details = _run(policy, arrays, ins, outs, rows, np) if rows else []
    _errors(codes, rows, details, errors, outputs, np, lists)
    outputs["item_results"] = _item_results(outputs.get("item_results"), rows, np, lists)
    if zones is not None:
        outputs["notice_deadline_at"], outputs["access_ends_at"] = _deadline_instants(
            zones, outputs, rows, np)
    for key in ("error_code", "error_field", "error"):  # the error columns last, as always
        outputs[key] = outputs.pop(key)
    outputs["currency"] = _currency_texts(outputs["currency"], rows, np)
    return outputs


def _item_results(out: Any, rows: int, np: Any, lists: bool) -> Any:
    """The item_results column: each row's text from C's buffer (None: no
    items column, "" for every row)."""
    if out is None:
        if np is None:
            return [""] * rows
        return _blank_texts(rows, np) if lists else np.full(rows, "", dtype=object)
    raw_items = out.raw
    texts = [raw_items[i * _ITEM_RESULTS_ROOM:(i + 1) * _ITEM_RESULTS_ROOM]
             .split(b"\0", 1)[0].decode() for i in range(rows)]
    return texts if np is None else np.array(texts, dtype=object)


def _blank_texts(rows: int, np: Any) -> Any:
    """A text output column whose every row is "" (the error columns when
    no row failed, item_results without an items column): a read-only numpy
    object array of `rows` views of one "" (stride 0), no memory a row.
    Each of these columns, as a list or an object array of its own, was
    8 MB a million rows of fresh memory, filled with 4 KiB page faults
    (numpy zeroes an object array's memory with calloc, which gets no huge
    pages here): ~1,900 faults and ~28 ms each on the 2-core VM."""
    return np.broadcast_to(np.array([""], dtype=object), (rows,))


def _currency_texts(out: Any, rows: int, np: Any) -> Any:
    """The currency column as text, from the 4-byte codes C wrote."""
    if np is not None and _CURRENCY_CODES:
        # Each code's 3 bytes (ASCII letters, or NULs in a failed row)
        # widened to UCS-4 into a "U3" array: no text decoded, no object.
        written = out[:rows].view(np.uint8).reshape(rows, 4)[:, :3]
        if not rows or out[:rows].view(np.uint8).max() < 128:  # (no temporary array)
            texts = _fresh(rows, "U3", np)
            texts.view(np.uint32).reshape(rows, 3)[...] = written
            return texts
    if np is not None:  # vectorized, and one fill when every row has one currency
        # The codes as C wrote them, read in place (no copy of the bytes).
        written = out[:rows]
        codes4 = written.view(np.uint32)
        if rows and (codes4 == codes4[0]).all():
            texts = _fresh(rows, "U3", np)
            texts.fill(written[0].decode())
            return texts
        # each distinct code decoded once
        found = _factorize_text(written, np)
        return np.array([code.decode() for code in found.uniques], dtype="U3")[found.codes]
    raw = out.raw[:4 * rows]
    return [raw[4 * i:4 * i + 3].rstrip(b"\0").decode() for i in range(rows)]


# The bytes of a row's item_results: room for 16 items at their longest.
_ITEM_RESULTS_ROOM = 2048

_DECIDE_DETAILS = _call.raw("lapse_decide_columns_details", ctypes.c_void_p, ctypes.c_void_p,
                            ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
                            ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
                            ctypes.c_void_p)
_DETAIL_SIZE = ctypes.sizeof(_native.ErrorDetail)
# At most this many failed rows' details per call (260 bytes each): a call
# with more asks again from the row after the last one detailed.
_DETAILS_AT_ONCE = 1 << 16
# The details' block from _fresh, zeroed by a fill (False: np.zeros, the
# twin the tests compare it with).
_DETAILS_FRESH = True
# The error columns as the rows of one object block, made by np.empty and
# one fill of "" once the details are decoded and their block freed (False:
# np.full of each before decoding, the twin the tests compare it with).
_ERRORS_IN_ONE_BLOCK = True


def _detail_dtype(np: Any) -> Any:
    """lapse_error_detail as a numpy record (field and message: bytes
    without their NULs)."""
    dtype = np.dtype([("code", "i4"), ("line", "i4"), ("column", "i4"),
                      ("field", f"S{_native.FIELD_SIZE}"), ("message", f"S{_native.MESSAGE_SIZE}"),
                      ("reserved", "u4", (4,))])
    assert dtype.itemsize == _DETAIL_SIZE
    return dtype


def _run(policy: Optional[Policy], arrays: Any, inputs: int, outputs: int, rows: int,
         np: Any) -> list[Any]:
    """Decides every row in one pass; the details of the failed rows, in
    row order (numpy record arrays, or ctypes arrays without numpy)."""
    buffer, _, _, _, detail_address = _call.workspace()
    failed = ctypes.c_size_t()
    first, chunks = 0, []
    capacity = min(rows, _DETAILS_AT_ONCE)
    while first < rows:
        if np is not None and _DETAILS_FRESH:
            # zeroed by one fill of memory starting on a huge page (_fresh):
            # np.zeros' calloc'd 17 MB faulted in 4 KiB at a time as C wrote
            # the failed rows' details (~1,900 faults for 30,000 of them).
            details: Any = _fresh(capacity * _DETAIL_SIZE, np.uint8, np)
            details.fill(0)
            details = details.view(_detail_dtype(np))
            details_address = details.ctypes.data
        elif np is not None:
            details = np.zeros(capacity, dtype=_detail_dtype(np))
            details_address = details.ctypes.data
        else:
            details = (_native.ErrorDetail * capacity)()
            details_address = ctypes.addressof(details)
        code = _DECIDE_DETAILS(_call.policy_address(policy), ctypes.addressof(arrays), inputs,
                               ctypes.addressof(arrays) + inputs * ctypes.sizeof(ArrayC),
                               outputs, first, rows - first, details_address, capacity,
                               ctypes.addressof(failed), detail_address)
        if code:
            raise _call.fail(code, buffer)
        written = min(failed.value, capacity)
        chunks.append(details[:written])
        if failed.value <= capacity:
            break
        # More failed rows than room: the rest from the row after the last
        # one detailed (the rows before it are decided and written).
        first = int(details[written - 1]["line"] if np is not None else details[written - 1].line)
        capacity = min(failed.value - written, _DETAILS_AT_ONCE)
    return chunks


_ERROR_NAMES: dict[int, str] = {code: name for name, code in _ERROR_CODES.items()}


def _decoded(values: Any, np: Any, decode: Any) -> Any:
    """decode() of each value of a numpy array, made once per distinct
    value: an object array."""
    pd = sys.modules.get("pandas")
    if pd is not None and values.dtype.kind == "S":  # hashing, not sorting long texts
        inverse, distinct = pd.factorize(values.astype(object))
        distinct = list(distinct)
    else:
        distinct, inverse = np.unique(values, return_inverse=True)
        distinct = distinct.tolist()
    return np.array([decode(value) for value in distinct] + [None],
                    dtype=object)[:-1][inverse]


def _errors(codes: Any, rows: int, chunks: list[Any], errors: _Refusals, out: dict[str, Any],
            np: Any, lists: bool) -> None:
    """The error columns: each failed row's error, Python's own for the rows
    it refused, else C's detail from the one pass.  Only the failed rows
    are visited, and each distinct field and message decoded once.  Numpy
    object arrays when numpy is used, lists without; decide_columns' (lists)
    are read-only views of one "" when no row failed (_blank_texts).
    With numpy, `chunks` is emptied once decoded (_ERRORS_IN_ONE_BLOCK)."""
    if np is not None:
        bad = np.flatnonzero(codes[:rows]) if chunks and any(len(c) for c in chunks) else []
        decoded = None
        if len(bad):
            details = np.concatenate(chunks) if len(chunks) > 1 else chunks[0]
            # Each distinct code, field and message decoded once.
            decoded = (_decoded(details["code"], np, lambda code: _ERROR_NAMES.get(code) or
                                lib.lapse_error_name(code).decode()),
                       _decoded(details["field"], np, bytes.decode),
                       _decoded(details["message"], np, lambda m: m.decode(errors="replace")))
            if _ERRORS_IN_ONE_BLOCK:
                # The details' block freed (the caller's list emptied)
                # before the columns are made: memory the allocator hands
                # out again, not fresh pages (2,100 faults instead of
                # 6,250 on bench_frame's 1M rows, 30,000 of them failed).
                del details
                chunks.clear()
        if lists and not len(bad):  # every row decided: read-only views of one ""
            names, fields, messages = (_blank_texts(rows, np) for _ in range(3))
        elif _ERRORS_IN_ONE_BLOCK:
            # One allocation of the three columns (each a row of the block,
            # never overlapping), written once with "" after numpy zeroed it.
            block = np.empty((3, rows), dtype=object)
            block.fill("")
            names, fields, messages = block[0], block[1], block[2]
        else:
            names = np.full(rows, "", dtype=object)
            fields, messages = np.full(rows, "", dtype=object), np.full(rows, "", dtype=object)
        if decoded is not None:
            names[bad], fields[bad], messages[bad] = decoded
            if errors:
                index = errors._indices()
                refused = np.flatnonzero(index)
                which = index[refused]
                found = errors.found
                for out_column, part in ((names, "code"), (fields, "field"),
                                         (messages, "message")):
                    out_column[refused] = np.array(
                        [""] + [getattr(error, part) for error in found[1:]], dtype=object)[which]
    else:
        names, fields, messages = [""] * rows, [""] * rows, [""] * rows
        bad = [row for row in range(rows) if codes[row]]
        details = [detail for chunk in chunks for detail in chunk]
        for row, detail in zip(bad, details):
            error = errors.get(row) or error_from(lib, int(codes[row]), detail)
            names[row], fields[row], messages[row] = error.code, error.field, error.message
    out["error_code"], out["error_field"], out["error"] = names, fields, messages
