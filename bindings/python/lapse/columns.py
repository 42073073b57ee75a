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

Outputs: the decision columns, as numpy arrays when numpy is importable
(dates datetime64[D] with NaT for none, booleans bool, money int64, names
as uint8 codes, lists and counts int32) or else array.array (dates as int32
day numbers, lapse.DATE_NONE for none; money int64; the rest int32); names
and lists as their codes and bit sets (lapse.names_of() reads them); the
currency as a numpy str array or a list of str.  Three more columns report each row's error:
"error_code" (the stable name, "" when decided), "error_field" and
"error" (the message).  A bad row is reported there, never raised, never
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
import sys
from collections.abc import Mapping, Sequence
from typing import Any, Optional

from . import _call, _native
from ._native import lib
from .errors import LapseError, error_from
from .model import Policy

# lapse_array_type
INT32, INT64, UINT8, CODE = 1, 2, 3, 4
_DATE_NONE = _native.DATE_NONE
_EPOCH = _native.EPOCH_ORDINAL
_COLUMN_TYPES = {1: "date", 2: "amount", 3: "integer", 4: "boolean", 5: "name", 6: "list",
                 7: "text"}


ArrayC, _CellC = _native.ArrayC, _native.CellC
_DECIDE = _call.raw("lapse_decide_columns", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                    ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_size_t,
                    ctypes.c_void_p, ctypes.c_void_p)


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
INPUT_COLUMNS = tuple(lib.lapse_column_name(c).decode() for c in range(1, 64)
                      if lib.lapse_column_name(c) and lib.lapse_column_is_input(c))


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


def _python_value(target: _Input, value: Any, row: int, errors: dict[int, LapseError]) -> int:
    """One Python value as the integer C reads; a bad value is that row's
    error (its integer 0), a value of the wrong type raises.  A missing value
    is an empty cell: the column's default, or the row's `missing` error."""
    kind = target.kind
    if _is_missing(value):
        value = ""
    if isinstance(value, str):
        currency = target.currencies(row) if kind == "amount" and target.currencies else ""
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
                _python_value(target, item, row, errors)
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


def _from_python(target: _Input, values: Sequence[Any], errors: dict[int, LapseError]) -> None:
    if target.kind == "text":  # the currency
        codes = bytearray(4 * len(values))
        for row, value in enumerate(values):
            if _is_missing(value):
                value = ""  # the default currency, as an empty cell
            if not isinstance(value, str):
                raise TypeError(f"currency[{row}]: expected str, got {type(value).__name__}")
            parsed = _parse_text(target.column, value)
            if isinstance(parsed, LapseError):
                errors.setdefault(row, parsed)
                parsed = b"EUR"
            codes[4 * row:4 * row + 3] = parsed[:3].ljust(3, b"\0")
        target.keep, target.type, target.stride = array.array("B", codes), CODE, 4
    else:
        target.keep = array.array("q", [_python_value(target, value, row, errors)
                                        for row, value in enumerate(values)])
        target.type, target.stride = INT64, 8
    target.address = target.keep.buffer_info()[0]


def _currencies(columns: Mapping[str, Any]) -> Any:
    """Row -> the row's currency text, for amounts given as decimal text."""
    values = columns.get("currency", "")
    if _is_scalar(values):
        code = values if isinstance(values, str) and values else "EUR"
        return lambda row: code
    return lambda row: values[row] if isinstance(values[row], str) and values[row] else "EUR"


def _input(name: str, values: Any, rows: int, errors: dict[int, LapseError],
           currencies: Any = None) -> _Input:
    column, kind = _column(name)
    if not lib.lapse_column_is_input(column):
        raise LapseError("unknown_column", name, f"column {name!r}: not an input column")
    target = _Input(column, kind, name)
    target.currencies = currencies
    if _is_scalar(values):  # one value for every row: stride 0
        probe: dict[int, LapseError] = {}
        _from_python(target, [values], probe)
        for row in range(rows) if probe else ():
            errors.setdefault(row, probe[0])
        target.stride = 0
        return target
    np = _numpy()
    if len(values) != rows:
        raise ValueError(f"{name}: {len(values)} rows, other columns have {rows}")
    if np is not None and isinstance(values, np.ndarray) and _from_numpy(target, values, np):
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
    """The length of the first column that is not a single value."""
    for values in columns.values():
        if not _is_scalar(values):
            return len(values)
    return None


# ---------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------

def _output(column: int, kind: str, rows: int, np: Any) -> tuple[Any, int, int, int]:
    """(array, lapse_array_type, address, stride) of an output column."""
    if kind == "text":
        data = ctypes.create_string_buffer(max(4 * rows, 1))
        return data, CODE, ctypes.addressof(data), 4
    if np is not None:
        # As narrow as each value allows: fewer bytes to write for C.
        dtype, code = {"date": ("datetime64[D]", INT64), "amount": ("int64", INT64),
                       "boolean": ("bool", UINT8), "name": ("uint8", UINT8)}.get(
                           kind, ("int32", INT32))
        out = np.empty(rows, dtype=dtype)
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
    errors: dict[int, LapseError] = {}
    currencies = _currencies(columns)
    inputs = [_input(name, values, rows, errors, currencies) for name, values in columns.items()]
    # The rows Python refused go to C as an error input: C leaves them
    # undecided and blank, as it does its own failed rows.
    refused = None
    if errors:
        refused = array.array("i", bytes(4 * rows))
        for row, error in errors.items():
            refused[row] = _ERROR_CODES.get(error.code, 1)
    wanted = list(DECISION_COLUMNS) + (["status", "listed_as"] if status else [])
    ins, outs = len(inputs) + (refused is not None), len(wanted) + 1
    outputs: dict[str, Any] = {}
    arrays = (ArrayC * (ins + outs))()
    for i, target in enumerate(inputs):
        arrays[i] = ArrayC(target.column, target.type, target.address or None, target.stride)
    if refused is not None:
        arrays[ins - 1] = ArrayC(_COLUMN_ERROR, INT32, refused.buffer_info()[0], 4)
    for j, name in enumerate(wanted):
        column, kind = _column(name)
        out, code, address, stride = _output(column, kind, rows, np)
        arrays[ins + j] = ArrayC(column, code, address or None, stride)
        outputs[name] = out
    codes, _, address, _ = _output(_COLUMN_ERROR, "integer", max(rows, 1), np)
    arrays[ins + outs - 1] = ArrayC(_COLUMN_ERROR, INT32, address, 4)
    failed = _run(policy, arrays, ins, outs, 0, rows) if rows else 0
    # `codes` stays alive: _errors asks C again, which writes into it.
    _errors(policy, arrays, ins, outs, codes, rows, failed, errors, outputs, np)
    raw = outputs["currency"].raw[:4 * rows]
    if np is not None:  # vectorized, and one fill when every row has one currency
        codes4 = np.frombuffer(raw, dtype=np.uint32)
        if rows and (codes4 == codes4[0]).all():
            outputs["currency"] = np.full(rows, raw[:3].rstrip(b"\0").decode(), dtype="U3")
        else:
            outputs["currency"] = np.frombuffer(raw, dtype="S4").astype("U3")
    else:
        outputs["currency"] = [raw[4 * i:4 * i + 3].rstrip(b"\0").decode() for i in range(rows)]
    return outputs


def _run(policy: Optional[Policy], arrays: Any, inputs: int, outputs: int, first: int,
         count: int) -> int:
    """Decides rows first .. first + count - 1; the detail of the first
    failed one is left in this thread's workspace."""
    buffer, _, _, _, detail_address = _call.workspace()
    failed = ctypes.c_size_t()
    code = _DECIDE(_call.policy_address(policy), ctypes.addressof(arrays), inputs,
                   ctypes.addressof(arrays) + inputs * ctypes.sizeof(ArrayC), outputs, first,
                   count, ctypes.addressof(failed), detail_address)
    if code:
        raise _call.fail(code, buffer)
    return failed.value


def _errors(policy: Optional[Policy], arrays: Any, inputs: int, outputs: int, codes: Any,
            rows: int, failed: int, errors: dict[int, LapseError], out: dict[str, Any],
            np: Any) -> None:
    """The error columns: each failed row's error, Python's own for the rows
    it refused, else C's (that row asked again alone, for its detail).  Only
    the failed rows are visited."""
    names, fields, messages = [""] * rows, [""] * rows, [""] * rows
    buffer = _call.workspace()[0]
    bad = []
    if failed and np is not None:
        bad = np.flatnonzero(codes[:rows]).tolist()
    elif failed:
        bad = [row for row in range(rows) if codes[row]]
    for row in bad:
        error = errors.get(row)
        if error is None:
            _run(policy, arrays, inputs, outputs, row, 1)
            error = error_from(lib, int(codes[row]),
                               _native.ErrorDetail.from_buffer(buffer, _call.DETAIL_AT))
        names[row], fields[row], messages[row] = error.code, error.field, error.message
    out["error_code"], out["error_field"], out["error"] = names, fields, messages
