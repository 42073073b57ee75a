"""lapse for pandas: decide_frame decides every row of a DataFrame in one call
into C (through decide_columns) and returns the decisions as a DataFrame
aligned with the input's index.

pandas is imported when this module is, never by `import lapse`.

A frame straight from pd.read_csv of a `lapse batch` file is read as that
file: an empty cell (NaN, None, pd.NA, NaT) is the column's default, or
that row's `missing` error where the column has none; a float column of
whole numbers (an integer column with an empty cell) is integers; a float
money column is read from each value's shortest decimal form (19.99 is
"19.99" in the row's currency; more decimals than the currency has is that
row's amount_precision).  Integer money columns are minor units (2000 is
20.00 EUR): a money column pandas reads as int64 because every cell is a
whole number ("20") means minor units, not the CSV's 20.00; read such
columns as text (dtype={"price": str}) to keep the CSV's meaning.

    >>> import lapse.pandas
    >>> decisions = lapse.pandas.decide_frame(subscriptions, on="2025-03-31")
"""
from __future__ import annotations

import datetime
import decimal
import functools
from typing import Any, Optional

import numpy as np
import pandas as pd

from .columns import (DECISION_COLUMNS, INPUT_COLUMNS, _column, _decide, _Factorized,
                      _factorize_text, _FloatIntegers, _FloatMoney)
from .errors import LapseError
from .model import Policy, currency_digits
from .names import Kind, bit_names, name

_LISTS = {"blocked": Kind.REASON, "warnings": Kind.WARNING,
          "missing_support_info": Kind.SUPPORT_INFO}
_NAMES = {"route": Kind.ROUTE, "confirmation": Kind.CONFIRMATION, "status": Kind.STATUS,
          "listed_as": Kind.LISTING}
_AMOUNTS = ("remaining_term_charge", "still_to_invoice", "refund", "termination_fee",
            "recurring_after", "saving", "applied_to_balance", "cash_refund", "account_credit",
            "balance_after")


def _float_text(value: float) -> str:
    """A float's shortest decimal form (its repr) as a CSV cell: 19.99 is
    "19.99", 1500.0 is "1500", 1e16 is "10000000000000000"."""
    return format(decimal.Decimal(repr(value)).normalize(), "f")


# Float columns of whole numbers and NaN cast at once (False: each distinct
# value converted, the twin the tests compare it with).
_FLOAT_INTEGERS = True
# ... checked and converted by the accelerator in one pass each (False:
# numpy's cast and masks, the twin the tests compare it with).
_FLOAT_INTEGERS_IN_C = True


def _floats(values: np.ndarray, kind: str) -> Any:
    """A float column as pd.read_csv gives one (NaN for an empty cell) as
    the values a CSV cell would give, each distinct value converted once:
    NaN is None (the empty cell), money its shortest decimal text (read in
    the row's currency: more decimals than it has is that row's
    amount_precision; decide_columns finds most of them without the text),
    a whole number an int, anything else its text (the row's error, as the
    CSV reader gives it)."""
    if kind == "amount":
        return _FloatMoney(values, _float_text)
    if kind in ("integer", "boolean", "name", "list") and _FLOAT_INTEGERS and \
            _FLOAT_INTEGERS_IN_C and values.flags.c_contiguous and len(values):
        from . import _accel
        check = getattr(_accel.module, "float_integers", None)
        if check is not None and check(values.ctypes.data, len(values), 0, 0) >= 0:
            # Whole numbers and NaN, checked in one pass; converted in one
            # more when the column is read (no int64 copy, no mask here).
            return _FloatIntegers(None, None, values)
    if kind in ("integer", "boolean", "name", "list") and _FLOAT_INTEGERS:
        # Whole numbers and NaN (an integer column with an empty cell): as
        # int64 in one cast, no value converted alone.
        with np.errstate(invalid="ignore"):
            whole = values.astype(np.int64)
        missing = np.isnan(values)
        if bool((np.equal(whole, values) | missing).all()):
            return _FloatIntegers(whole, missing)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return _Factorized(codes, [_float_text(value) if not value.is_integer() else int(value)
                               for value in uniques.tolist()])


def _input(series: Any, name: Optional[str] = None) -> Any:
    """A column as decide_columns reads it, by position (the index is never
    read): numpy arrays in place where the dtype allows, Python values (None
    for missing) where it does not.  Also a pandas Index or extension array."""
    if not isinstance(series, pd.Series):
        series = pd.Series(series, copy=False)
    name = str(series.name) if name is None else name
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        raise TypeError(f"{name}: dates with a time zone; lapse takes the account's "
                        "local date (convert with .dt.tz_localize(None) or .dt.date)")
    if dtype.kind in "Mbiu" and isinstance(dtype, np.dtype):
        return series.to_numpy()
    if dtype.kind == "f":
        kind = _column(name)[1] if name in INPUT_COLUMNS else "amount"
        if dtype == np.float64:  # NaN already: read in place, not copied
            return _floats(series.to_numpy(), kind)
        return _floats(series.to_numpy(dtype=np.float64, na_value=np.nan), kind)
    if isinstance(dtype, pd.CategoricalDtype):  # its codes (-1: missing) and categories
        return _Factorized(series.cat.codes.to_numpy(),
                           [value.date() if isinstance(value, pd.Timestamp) else value
                            for value in dtype.categories.tolist()])
    if dtype == object or isinstance(dtype, pd.StringDtype):
        # Objects (text from read_csv, NaN for an empty cell): decide_columns
        # converts each distinct value once when they are of one type.
        return series.to_numpy() if dtype == object else series.to_numpy(dtype=object)
    # Other extension types (nullable Int64, boolean): Python values, a
    # missing value as None.
    return [None if value is pd.NA or value is pd.NaT or
            (isinstance(value, float) and value != value) else
            value.date() if isinstance(value, pd.Timestamp) else value
            for value in series.astype(object).tolist()]


def _name_or_blank(kind: Kind, code: int) -> str:
    try:
        return name(kind, code)
    except LapseError:  # a value without a name: status 0 of a failed row
        return ""


def _names(codes: np.ndarray, make: Any) -> np.ndarray:
    """Codes or bit sets as text, each distinct value made once: through a
    table indexed by the value when the values are small (names are uint8
    codes, lists bit sets of a few names), else by hashing."""
    top = int(codes.max()) if len(codes) else 0
    if len(codes) and int(codes.min()) >= 0 and top < 1 << 16:
        present = np.flatnonzero(np.bincount(codes, minlength=top + 1))
        table = np.empty(top + 1, dtype=object)
        table[present] = [make(int(v)) for v in present.tolist()]
        return table[codes]
    uniques = pd.unique(codes)  # hashing, not sorting: a million rows hold few values
    texts = np.array([make(int(v)) for v in uniques], dtype=object)
    return texts[pd.Index(uniques).get_indexer(codes)]


# decide_frame's name, list and currency columns made by the accelerator in
# one pass each, a refused row's <NA> in the same pass (False: _names'
# tables and numpy's indexing, then the <NA> set, the twin the tests
# compare it with).
_TEXTS_IN_C = True


def _list_text(kind: Kind, bits: int) -> str:
    return ";".join(bit_names(kind, bits))


def _objects_in_c(values: np.ndarray, key: Optional[str] = None,
                  failed: Optional[np.ndarray] = None) -> Any:
    """Without `key`: the accelerator's fill_objects when it reads `values`
    (else None).  With it: the object array of column `key` (names and
    lists from their codes, each distinct one made once; the currency's
    text), pd.NA in the `failed` rows."""
    from . import _accel
    fill = getattr(_accel.module, "fill_objects", None) if _TEXTS_IN_C else None
    if fill is None or not isinstance(values, np.ndarray) or values.ndim != 1 or \
            not len(values) or values.dtype.kind not in "iuU" or not values.flags.c_contiguous:
        return None
    if key is None:
        return fill
    if (values.dtype.kind == "U") != (key == "currency"):
        raise TypeError(f"{key}: unexpected {values.dtype}")
    if key in _LISTS:
        make: Any = functools.partial(_list_text, _LISTS[key])
    elif key in _NAMES:
        make = functools.partial(_name_or_blank, _NAMES[key])
    else:
        make = None
    out = np.empty(len(values), dtype=object)
    if failed is not None:
        failed = np.ascontiguousarray(failed, dtype=bool)
    fill(out.ctypes.data, len(values), values.ctypes.data, values.dtype.itemsize,
         values.dtype.kind, make, 0 if failed is None else failed.ctypes.data, pd.NA)
    return out


def decide_frame(df: pd.DataFrame, policy: Optional[Policy] = None, on: Any = None, *,
                 as_decimal: bool = False, status: bool = False) -> pd.DataFrame:
    """Decides every row of `df` and returns a DataFrame of decisions with
    the same index.

    The columns of `df` named as lapse's input columns (the batch CSV
    header: start, term, price, currency, on, roles, ...) are the inputs,
    missing ones take their defaults, other columns are left alone (but a
    `policy` column is a ValueError: the frame has one policy).  `on`
    is the request date of every row (a date, "YYYY-MM-DD" or a Timestamp),
    for a billing run as of one day; without it `df` needs an `on` column,
    or a `requested_at` column (#29: tz-aware Timestamps, aware datetimes
    or RFC 3339 text) whose rows take their request date from the instant,
    its local date in the row's `zone` (an IANA name) or else in its own
    offset.  With a `zone` column the output adds `notice_deadline_at` and
    `access_ends_at` (datetime64[ns, UTC], NaT for none and in rows without
    a zone).

    The output: the decision columns of `lapse cancel --json` (dates as
    datetime64 with NaT for none; money as Int64 minor units or, with
    as_decimal=True, Decimal in the currency's units; allowed as boolean;
    counts as Int64; lists as "a;b" text as in batch CSV and names, in
    pandas' string dtype; item_results as the batch CSV writes it, "" without
    items), `status` and `listed_as` with status=True, then
    error_code, error_field and error (strings, "" for a row decided).  A
    bad row is reported there, never raised, never dropped, and answers
    nothing: <NA> (NaT, None for a Decimal) in every decision column.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df: expected a pandas DataFrame, got {type(df).__name__}")
    if "policy" in (str(c) for c in df.columns):
        # A policy a row, as the batch CSV has it, would otherwise be left
        # alone like any other column and every row decided under `policy`.
        raise ValueError("policy: decide_frame decides a whole frame under one policy "
                         "(policy=...); decide each df.groupby('policy') group under its "
                         "own, or use lapse.decide_many for a policy a row")
    columns: dict[str, Any] = {str(c): _input(df[c], str(c)) for c in df.columns
                               if str(c) in INPUT_COLUMNS}
    for c in df.columns:  # instants and zones as Python values (Timestamps keep their zone)
        if str(c) in ("requested_at", "zone"):
            columns[str(c)] = [None if value is pd.NaT or value is pd.NA or
                               (isinstance(value, float) and value != value) else value
                               for value in df[c].astype(object).tolist()]
    if on is not None:
        if isinstance(on, pd.Timestamp):
            on = on.date()
        elif isinstance(on, np.datetime64):
            on = pd.Timestamp(on).date()
        columns["on"] = on
    out = _decide(columns, policy, status, True, len(df), lists=False)
    # A refused row answers nothing: <NA> (NaT for dates) in every decision
    # column, never a False or a 0 that reads as an answer.
    failed = out["error_code"] != ""
    any_failed = bool(failed.any())
    frame: dict[str, Any] = {}
    masks = _Masks(failed, len(out))
    for key, values in out.items():
        if (key in _LISTS or key in _NAMES or key == "currency") and \
                _objects_in_c(values) is not None:
            values = _strings(_objects_in_c(values, key, failed if any_failed else None), None)
        elif key in _LISTS or key in _NAMES or key == "currency":
            if key in _LISTS:
                kind = _LISTS[key]
                values = _names(values, lambda bits, kind=kind: ";".join(bit_names(kind, bits)))
            elif key in _NAMES:
                kind = _NAMES[key]
                values = _names(values, lambda code, kind=kind: _name_or_blank(kind, code))
            elif len(values):  # the currency: each distinct code made a str once
                found = _factorize_text(values, np)
                values = np.array(list(found.uniques) + [None], dtype=object)[:-1][found.codes]
            else:
                values = values.astype(object)
            values = _strings(values, failed if any_failed else None)
        elif key in ("error_code", "error_field", "error"):
            values = _strings(values, None)
        elif key == "item_results":
            values = _strings(values, failed if any_failed else None)
        elif key in ("notice_deadline_at", "access_ends_at"):
            values = _instants(values)
        elif isinstance(values, np.ndarray) and values.dtype.kind == "M":
            values = _dates_in_place(values)
        elif as_decimal and key in _AMOUNTS:
            pass  # below, with the currencies
        elif isinstance(values, np.ndarray) and values.dtype.kind == "b":
            values = pd.arrays.BooleanArray(values, masks.take())
        elif isinstance(values, np.ndarray) and values.dtype.kind in "iu":
            values = pd.arrays.IntegerArray(values.astype(np.int64, copy=False), masks.take())
        frame[key] = values
    if as_decimal:
        currencies = out["currency"]
        for key in _AMOUNTS:
            frame[key] = _decimals(frame[key], currencies, failed)
    # The arrays are new and the frame's alone: adopted as they are, not
    # copied into consolidated blocks.
    return pd.DataFrame(frame, index=df.index, copy=False)


# The masks of decide_frame's boolean and Int64 columns as rows of one block
# (False: each mask a copy of its own, the twin the tests compare it with).
_MASKS_IN_ONE_BLOCK = True


class _Masks:
    """Each boolean and Int64 column's own mask (the failed rows), as a row
    of one 2-D block: one allocation of fresh memory, big enough for numpy
    to ask for huge pages, where a million-byte mask of its own faults its
    memory in 4 KiB at a time.  The rows never overlap: a column's mask
    set later (a value assigned) changes that column alone.  Rows of the
    block not taken are never touched."""

    def __init__(self, failed: np.ndarray, most: int) -> None:
        self.failed, self.next = failed, 0
        self.block = np.empty((most, len(failed)), dtype=bool) \
            if _MASKS_IN_ONE_BLOCK and len(failed) else None

    def take(self) -> np.ndarray:
        if self.block is None:
            return self.failed.copy()
        mask = self.block[self.next]
        self.next += 1
        mask[:] = self.failed
        return mask


# The dates pandas holds as datetime64 (nanoseconds, 1677-09-22 to 2262-04-11).
_FIRST, _LAST = np.datetime64("1677-09-22", "D"), np.datetime64("2262-04-11", "D")


def _dates(days: np.ndarray) -> Any:
    """datetime64 when every date fits pandas' nanoseconds, else objects
    (datetime.date, None for none), so that 0001-01-01 and 9999-12-31 stay."""
    known = days[~np.isnat(days)]
    if not len(known) or (known.min() >= _FIRST and known.max() <= _LAST):
        return days.astype("datetime64[ns]")  # numpy's cast: pandas' own checks every date
    return np.array([None if np.isnat(day) else day.item() for day in days], dtype=object)


_NS_A_DAY = 86_400 * 10 ** 9


def _dates_in_place(days: np.ndarray) -> Any:
    """_dates of an array decide_frame owns (datetime64[D] from C): turned
    into datetime64[ns] in its own memory, NaT kept, without a copy."""
    if days.dtype != np.dtype("datetime64[D]") or not days.flags.writeable:
        return _dates(days)
    numbers = days.view(np.int64)
    from . import _accel
    convert = getattr(_accel.module, "days_to_ns", None) if _TEXTS_IN_C else None
    if convert is not None and numbers.flags.c_contiguous and len(numbers):
        # One pass checks the range, one multiplies (NaT kept).
        if convert(numbers.ctypes.data, len(numbers), int(_FIRST.astype(np.int64)),
                   int(_LAST.astype(np.int64))):
            return numbers.view("datetime64[ns]")
        return _dates(days)
    nat = numbers == np.iinfo(np.int64).min
    lowest = numbers.min(initial=np.iinfo(np.int64).max, where=~nat)
    highest = numbers.max(initial=np.iinfo(np.int64).min, where=~nat)
    if bool(nat.all()) or (_FIRST.astype(np.int64) <= lowest and
                           highest <= _LAST.astype(np.int64)):
        np.multiply(numbers, _NS_A_DAY, out=numbers)
        numbers[nat] = np.iinfo(np.int64).min
        return numbers.view("datetime64[ns]")
    return _dates(days)


def _instants(seconds: np.ndarray) -> Any:
    """UTC instants (datetime64[s], NaT for none) as datetime64[ns, UTC],
    or aware datetimes (None for none) beyond pandas' nanosecond range."""
    known = seconds[~np.isnat(seconds)]
    if not len(known) or (known.min() >= _FIRST and known.max() <= _LAST):
        return pd.Series(seconds.astype("datetime64[ns]"), copy=False).dt.tz_localize("UTC").array
    utc = datetime.timezone.utc
    return np.array([None if np.isnat(at) else at.item().replace(tzinfo=utc) for at in seconds],
                    dtype=object)


def _decimals(amounts: np.ndarray, currencies: np.ndarray, failed: np.ndarray) -> np.ndarray:
    """Minor units as Decimal in each row's currency (a failed row's None)."""
    scale: dict[str, int] = {}
    out = np.empty(len(amounts), dtype=object)
    for i, (amount, code, bad) in enumerate(zip(amounts.tolist(), currencies.tolist(),
                                                failed.tolist())):
        if bad:
            out[i] = None
            continue
        if code not in scale:
            scale[code] = currency_digits(code) if code else 0
        out[i] = decimal.Decimal(amount).scaleb(-scale[code])
    return out


# decide_frame's text columns adopted as StringArray without pandas' check
# of every value (False: pd.arrays.StringArray(values), which checks, the
# twin the tests compare it with).
_STRINGS_UNCHECKED = True


def _strings(values: np.ndarray, failed: Optional[np.ndarray]) -> Any:
    """Text as pandas' string dtype, <NA> in the failed rows.  The values
    are lapse's own (str objects made from C's output), so pandas' check
    that each is a str or missing (a pass over every row in Python
    objects) is left out where pandas offers the unchecked constructor."""
    if failed is not None:
        values[failed] = pd.NA
    if _ADOPT is not None and _STRINGS_UNCHECKED and values.dtype == object and \
            values.ndim == 1:
        return _ADOPT(_EMPTY_STRINGS, values)
    return pd.arrays.StringArray(values)


_EMPTY_STRINGS = pd.arrays.StringArray(np.array([], dtype=object))
try:  # pandas' unchecked constructor: a new array of the template's type and dtype
    from pandas._libs.arrays import NDArrayBacked
    _ADOPT: Any = NDArrayBacked._from_backing_data
except (ImportError, AttributeError):  # another pandas: StringArray(values), which checks
    _ADOPT = None


__all__ = ["decide_frame", "DECISION_COLUMNS"]
