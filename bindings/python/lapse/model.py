"""The model: values in and out of the library (dates by ordinal
arithmetic, checked integers, currencies), the calendar and money helpers,
and the Policy, Subscription and Request the decisions take."""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
import functools
import os
import struct as _struct
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

from . import _native
from ._native import lib
from .errors import LapseError
from .names import KIND_OF, Channel, Kind, Role, SupportInfo, choice, flag, name, value_of

_EPOCH = _native.EPOCH_ORDINAL
_DATE = datetime.date
_DATE_NONE = _native.DATE_NONE
_AMOUNT_NONE = _native.AMOUNT_NONE
_I32 = 1 << 31
_I64 = 1 << 63


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

def to_day(value: Any, field: str, optional: bool = False) -> int:
    """A date as a lapse day number; None (when optional) is "no date".
    A subclass of date is a date, but a datetime has a time of day and is
    refused."""
    if value is None and optional:
        return _native.DATE_NONE
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise TypeError(f"{field}: expected datetime.date, got {type(value).__name__}")
    return value.toordinal() - _EPOCH


def from_day(day: int) -> Optional[datetime.date]:
    """A lapse day number as a date; "no date" as None."""
    if day == _native.DATE_NONE:
        return None
    return datetime.date.fromordinal(day + _EPOCH)


def integer(value: Any, field: str, bits: int) -> int:
    """An int (a subclass of int too, but not bool) within `bits` bits."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{field}: expected int, got {type(value).__name__}")
    value = int(value)
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        code = "amount_range" if bits == 64 else "out_of_range"
        raise LapseError(code, field, f"{field} {value}: beyond the {bits}-bit range")
    return value


def boolean(value: Any, field: str) -> int:
    if type(value) is not bool:
        raise TypeError(f"{field}: expected bool, got {type(value).__name__}")
    return int(value)


def _quoted(value: str) -> str:
    """A value for a message as the C library quotes bytes: printable ASCII
    as is, anything else as \\xNN of its UTF-8 bytes."""
    data = value.encode("utf-8", errors="surrogateescape")
    return "".join(chr(b) if 0x20 <= b < 0x7f else f"\\x{b:02x}" for b in data)


def currency(value: Any) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"currency: expected str, got {type(value).__name__}")
    encoded = value.encode("utf-8", errors="surrogateescape")
    if len(encoded) > 3 or b"\0" in encoded:
        raise LapseError("currency_syntax", "currency",
                         f"currency '{_quoted(value)}': not three upper-case letters")
    return encoded


@functools.lru_cache(maxsize=256)
def _currency_code(value: Any) -> bytes:
    return currency(value)


def text_bytes(text: Any, field: str) -> bytes:
    """Text for the library as UTF-8 bytes; a lone surrogate is a LapseError
    naming the field, not a UnicodeEncodeError."""
    if not isinstance(text, str):
        raise TypeError(f"{field}: expected str, got {type(text).__name__}")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise LapseError("value_syntax", field,
                         f"{field} '{_quoted(text)}': not valid text (a lone surrogate)") from None


# ---------------------------------------------------------------------------
# Calendar and money
# ---------------------------------------------------------------------------

def parse_amount(text: str, currency_code: str) -> int:
    """Decimal text in a currency to minor units: parse_amount("12.50", "EUR") == 1250."""
    data = text_bytes(text, "amount")
    out = ctypes.c_int64()
    code = lib.lapse_amount_parse_n(data, len(data), currency(currency_code), ctypes.byref(out))
    if code:
        raise LapseError(lib.lapse_error_name(code).decode(), "amount",
                         f"amount '{_quoted(text)}' {currency_code}: "
                         f"{lib.lapse_strerror(code).decode()}")
    return out.value


def currency_digits(currency_code: str) -> int:
    """The minor-unit digits of an ISO 4217 currency: 2 for EUR, 0 for JPY."""
    digits = ctypes.c_int32()
    code = lib.lapse_currency_digits(currency(currency_code), ctypes.byref(digits))
    if code:
        raise LapseError(lib.lapse_error_name(code).decode(), "currency",
                         f"currency '{_quoted(currency_code)}': {lib.lapse_strerror(code).decode()}")
    return digits.value


def format_amount(amount: int, currency_code: str) -> str:
    """Minor units as decimal text: format_amount(1250, "EUR") == "12.50"."""
    value = integer(amount, "amount", 64)
    currency_digits(currency_code)  # a known currency, or LapseError naming it
    buffer = ctypes.create_string_buffer(32)
    length = lib.lapse_amount_format(value, currency_code.encode(), buffer, len(buffer))
    return buffer.raw[:length].decode()


def add_months(date: datetime.date, months: int) -> datetime.date:
    """date + months, keeping the day of month, clamped to the month's end."""
    out = _native.c_date()
    code = lib.lapse_date_add_months(to_day(date, "date"), integer(months, "months", 32),
                                     ctypes.byref(out))
    if code:
        raise LapseError(lib.lapse_error_name(code).decode(), "months",
                         f"{date} {months:+d} months: {lib.lapse_strerror(code).decode()}")
    result = from_day(out.value)
    assert result is not None
    return result


def months_since(anchor: datetime.date, date: datetime.date) -> int:
    """The largest k with add_months(anchor, k) <= date (negative before it)."""
    return lib.lapse_months_since(to_day(anchor, "anchor"), to_day(date, "date"))


# ---------------------------------------------------------------------------
# Policy, subscription, request
# ---------------------------------------------------------------------------

def _c_default(init: Any, mirror: type) -> Any:
    value = mirror()
    init(ctypes.byref(value))
    return value


_POLICY = _c_default(lib.lapse_policy_default, _native.PolicyC)
_SUBSCRIPTION = _c_default(lib.lapse_subscription_init, _native.SubscriptionC)
_REQUEST = _c_default(lib.lapse_request_init, _native.RequestC)

# lapse_policy_key_type
_KEY_DAYS, _KEY_FLAG, _KEY_CHOICE, _KEY_ROLES, _KEY_AMOUNT, _KEY_PERCENT, _KEY_DATES = range(7)


def _policy_keys() -> tuple[tuple[str, int, int, int], ...]:
    """The policy keys from the library's table (lapse_policy_key): name,
    type, kind and offset, in the order of their fields in the struct."""
    return tuple(sorted(_native.policy_key_table(), key=lambda item: item[3]))


# The policy's fields by how they convert; the names are the text form's keys.
_POLICY_KEYS = _policy_keys()
_POLICY_NUMBERS = tuple(key for key, key_type, _, _ in _POLICY_KEYS
                        if key_type in (_KEY_DAYS, _KEY_PERCENT))
_POLICY_CHOICES = tuple((key, Kind(kind)) for key, key_type, kind, _ in _POLICY_KEYS
                        if key_type == _KEY_CHOICE)
_POLICY_FLAGS = tuple(key for key, key_type, _, _ in _POLICY_KEYS if key_type == _KEY_FLAG)
_POLICY_DATES = tuple(key for key, key_type, _, _ in _POLICY_KEYS if key_type == _KEY_DATES)


def _dates_to_c(value: Any, field: str) -> Any:
    """A list of dates (datetime.date or "YYYY-MM-DD"), in any order, as the
    C list: ascending; a repeat or too many is the library's error naming
    the field (lapse_policy_check)."""
    if isinstance(value, str):
        value = [] if value.strip().lower() == "none" else \
            [item.strip() for item in value.split(",")]
    days = sorted(to_day(item if not isinstance(item, str) else _parse_date(item, field), field)
                  for item in value)
    c = _native.HolidaysC()
    if len(days) > len(c.dates):
        raise LapseError("out_of_range", field,
                         f"{field}: {len(days)} dates, out of range (0 to {len(c.dates)})")
    c.count = len(days)
    for i, day in enumerate(days):
        c.dates[i] = day
    return c


def _parse_date(text: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise LapseError("date_syntax", field,
                         f"{field} '{text}': not a date of the form YYYY-MM-DD") from None


def _dates_from_c(c: Any) -> tuple[datetime.date, ...]:
    return tuple(from_day(c.dates[i]) for i in range(c.count))


def _roles(value: Any, field: str) -> int:
    """Roles as flag() takes them, and "none" as the text form spells no role."""
    if isinstance(value, str) and value.strip().lower() == "none":
        return 0
    if isinstance(value, str) and "," in value:
        value = [item.strip() for item in value.split(",")]
    return flag(Role, value, field)


def _policy_default(key: str, key_type: int, kind: int) -> Any:
    """A key's default (the library's default policy) as a Policy holds it."""
    value = getattr(_POLICY, key)
    if key_type == _KEY_CHOICE:
        return name(Kind(kind), value)
    if key_type == _KEY_FLAG:
        return bool(value)
    if key_type == _KEY_ROLES:
        return Role(value)
    if key_type == _KEY_DATES:
        return _dates_from_c(value)
    return value


_POLICY_TYPES = {_KEY_DAYS: int, _KEY_PERCENT: int, _KEY_AMOUNT: int, _KEY_FLAG: bool,
                 _KEY_CHOICE: str, _KEY_ROLES: Role,
                 _KEY_DATES: tuple[datetime.date, ...]}


def _with_policy_keys(cls: type) -> type:
    """Gives the class a field for every key of the library's table, in the
    struct's order, each with its type and default (the amount's currency,
    termination_fee_currency, right after it): a key added to the table
    needs nothing here."""
    annotations = dict(cls.__dict__.get("__annotations__", {}))
    for key, key_type, kind, _ in _POLICY_KEYS:
        annotations[key] = _POLICY_TYPES[key_type]
        setattr(cls, key, _policy_default(key, key_type, kind))
        if key_type == _KEY_AMOUNT:
            annotations["termination_fee_currency"] = str
            setattr(cls, "termination_fee_currency", _POLICY.termination_fee_currency.decode())
    cls.__annotations__ = annotations
    return cls


@dataclasses.dataclass(frozen=True, kw_only=True)
@_with_policy_keys
class Policy:
    """A cancellation policy; the defaults are the default policy of
    docs/rules.md.  Field names are the keys of the policy text format
    (the library's, lapse_policy_key(): retention_days, notice_days,
    refund, timing, ...), and termination_fee_currency."""

    def _to_c(self) -> _native.PolicyC:
        c = _native.PolicyC()
        lib.lapse_policy_default(ctypes.byref(c))
        for field in _POLICY_NUMBERS:
            setattr(c, field, integer(getattr(self, field), field, 32))
        c.termination_fee = integer(self.termination_fee, "termination_fee", 64)
        fee_currency = self.termination_fee_currency
        c.termination_fee_currency = currency(fee_currency) if fee_currency else b""
        for field, kind in _POLICY_CHOICES:
            setattr(c, field, value_of(kind, getattr(self, field), field))
        for field in _POLICY_FLAGS:
            setattr(c, field, boolean(getattr(self, field), field))
        for field in _POLICY_DATES:
            setattr(c, field, _dates_to_c(getattr(self, field), field))
        c.contract_roles = _roles(self.contract_roles, "contract_roles")
        return c

    @classmethod
    def _from_c(cls, c: _native.PolicyC) -> "Policy":
        values: dict[str, Any] = {field: getattr(c, field) for field in _POLICY_NUMBERS}
        values.update({field: name(kind, getattr(c, field)) for field, kind in _POLICY_CHOICES})
        values.update({field: bool(getattr(c, field)) for field in _POLICY_FLAGS})
        values.update({field: _dates_from_c(getattr(c, field)) for field in _POLICY_DATES})
        return cls(termination_fee=c.termination_fee,
                   termination_fee_currency=c.termination_fee_currency.decode(),
                   contract_roles=Role(c.contract_roles), **values)

    @classmethod
    def parse(cls, text: str) -> "Policy":
        """A policy from its text form ("key = value" lines, '#' comments)."""
        data = text_bytes(text, "policy")
        c = _native.PolicyC()
        lib.lapse_policy_parse(data, len(data), ctypes.byref(c),
                               ctypes.byref(_native.ErrorDetail()))
        return cls._from_c(c)

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "Policy":
        """A policy from a file in the text form, read as the lapse tool
        reads it: bytes (comments in any encoding), a UTF-8 byte order mark
        at the start skipped."""
        with open(path, "rb") as file:
            data = file.read()
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        c = _native.PolicyC()
        lib.lapse_policy_parse(data, len(data), ctypes.byref(c),
                               ctypes.byref(_native.ErrorDetail()))
        return cls._from_c(c)

    @classmethod
    def preset(cls, preset_name: str) -> "Policy":
        """A shipped preset: default, immediate-prorated, eu-consumer, evergreen-contract,
        killbill-like, killbill-fixed30, lago-advance, lago-arrears (lago-like: lago-arrears)."""
        c = _native.PolicyC()
        lib.lapse_policy_preset(text_bytes(preset_name, "policy"), ctypes.byref(c),
                                ctypes.byref(_native.ErrorDetail()))
        return cls._from_c(c)

    @staticmethod
    def presets() -> list[str]:
        """The names of the shipped presets."""
        names = []
        while (text := lib.lapse_policy_preset_name(len(names))) is not None:
            names.append(text.decode())
        return names

    def lint(self) -> list["LintFinding"]:
        """The settings of this policy that no decision can use (each that
        differs from the default), as `lapse policy lint` and SQL
        lapse_policy_lint list them."""
        return _lint(lib.lapse_policy_lint, ctypes.byref(self._to_c()))

    @staticmethod
    def lint_text(text: str) -> list["LintFinding"]:
        """The same for a policy text, with the line and column of each."""
        data = text_bytes(text, "policy")
        return _lint(lib.lapse_policy_lint_text, data, len(data))

    def check(self) -> None:
        """Raises LapseError naming the first field out of range, as every
        decision would (`lapse policy check`, C and SQL lapse_policy_check)."""
        lib.lapse_policy_check(ctypes.byref(self._to_c()), ctypes.byref(_native.ErrorDetail()))

    def format(self) -> str:
        """The canonical text form; Policy.parse(p.format()) == p."""
        c = self._to_c()
        lib.lapse_policy_check(ctypes.byref(c), ctypes.byref(_native.ErrorDetail()))
        buffer = ctypes.create_string_buffer(4096)
        length = lib.lapse_policy_format(ctypes.byref(c), buffer, len(buffer))
        return buffer.raw[:length].decode()


@dataclasses.dataclass(frozen=True)
class LintFinding:
    """A setting no decision can use: its key, where a policy text gave it
    (0 when linted from a Policy) and why."""
    key: str
    line: int
    column: int
    message: str


def _lint(function: Any, *args: Any) -> list[LintFinding]:
    count = ctypes.c_size_t()
    function(*args, None, 0, ctypes.byref(count), ctypes.byref(_native.ErrorDetail()))
    found = (_native.LintFindingC * count.value)()
    function(*args, found, count.value, ctypes.byref(count), ctypes.byref(_native.ErrorDetail()))
    return [LintFinding(f.key.decode(), f.line, f.column, f.message.decode()) for f in found]


def policy_c(policy: Optional[Policy]) -> Optional[_native.PolicyC]:
    if policy is None:
        return None
    if not isinstance(policy, Policy):
        raise TypeError(f"policy: expected lapse.Policy, got {type(policy).__name__}")
    return policy._to_c()


def check_type(value: Any, cls: type, field: str) -> None:
    if not isinstance(value, cls):
        raise TypeError(f"{field}: expected lapse.{cls.__name__}, got {type(value).__name__}")


@dataclasses.dataclass(frozen=True)
class Item:
    """An item of a subscription besides its base plan (seats, an add-on):
    `quantity` units at `unit_price` each (int minor units of the
    subscription's currency) with every invoice; `committed` units
    committed to the current term's end, `assigned` units in use.  The
    text form (CLI --item, the CSV column items) is
    NAME:QUANTITY:UNIT_PRICE[:COMMITTED[:ASSIGNED]] with a decimal price."""
    name: str
    quantity: int
    unit_price: int
    committed: int = 0
    assigned: int = 0


def _item_array(items: Any) -> tuple[int, Any]:
    """(count, ctypes array) of a sequence of Items, each field checked for
    its type and C width; the library checks the rest (names, ranges, at
    most 16) and names "items" in its errors."""
    if isinstance(items, (str, bytes)) or not isinstance(items, (list, tuple)):
        raise TypeError(f"items: expected a list of lapse.Item, got {type(items).__name__}")
    count = len(items)
    if count > _native.ITEMS_MAX:
        raise LapseError("out_of_range", "items",
                         f"items: {count} items, at most {_native.ITEMS_MAX}")
    array = (_native.ItemC * max(count, 1))()
    for i, item in enumerate(items):
        if not isinstance(item, Item):
            raise TypeError(f"items[{i}]: expected lapse.Item, got {type(item).__name__}")
        name = text_bytes(item.name, "items")
        if not 0 < len(name) < _native.ITEM_NAME_SIZE or b"\0" in name:
            raise LapseError("value_syntax", "items",
                             f"items: item {i + 1} '{_quoted(item.name)}': a name of 1-31 "
                             "bytes of [a-z0-9_-]")
        array[i].name = name
        array[i].unit_price = integer(item.unit_price, "items", 64)
        array[i].quantity = integer(item.quantity, "items", 32)
        array[i].committed = integer(item.committed, "items", 32)
        array[i].assigned = integer(item.assigned, "items", 32)
    return count, array


def _reduction_array(reduce: Any) -> tuple[int, Any]:
    """(count, ctypes array) of a reduction, a mapping of item name to its
    new quantity ({"seats": 6})."""
    if not isinstance(reduce, Mapping):
        raise TypeError(f"reduce: expected a dict of item name to quantity, got "
                        f"{type(reduce).__name__}")
    count = len(reduce)
    if count > _native.ITEMS_MAX:
        raise LapseError("out_of_range", "reduce",
                         f"reduce: {count} items, at most {_native.ITEMS_MAX}")
    array = (_native.ReductionC * max(count, 1))()
    for i, (item, quantity) in enumerate(reduce.items()):
        name = text_bytes(item, "reduce")
        if not 0 < len(name) < _native.ITEM_NAME_SIZE or b"\0" in name:
            raise LapseError("value_syntax", "reduce",
                             f"reduce: '{_quoted(item)}': a name of 1-31 bytes of [a-z0-9_-]")
        array[i].name = name
        array[i].quantity = integer(quantity, "reduce", 32)
    return count, array


def _kept_array(owner: Any, attribute: str, value: Any, make: Any) -> tuple[int, int]:
    """(count, address) of the C array of `value` (items or a reduction),
    made once and kept on `owner` while `value` stays equal, so that it
    outlives every C call that reads it (the caller holds `owner`)."""
    if not value:
        if value is None or isinstance(value, (list, tuple, Mapping)):
            return 0, 0
        make(value)  # raises the TypeError
    key = tuple(value.items()) if isinstance(value, Mapping) else tuple(value)
    kept = owner.__dict__.get(attribute)
    if kept is None or kept[0] != key:
        count, array = make(value)
        kept = (key, count, array)
        owner.__dict__[attribute] = kept
    return kept[1], ctypes.addressof(kept[2])


def _without_kept(owner: Any) -> dict:
    """The state to pickle: the fields, not the C arrays kept for calls."""
    return {key: value for key, value in owner.__dict__.items() if not key.startswith("_c_")}


def _optional_day(value: Any) -> Optional[int]:
    """The fast path's day number of an optional date: _DATE_NONE for None,
    None for anything but a date (the checked path then says why)."""
    if value is None:
        return _DATE_NONE
    return value.toordinal() - _EPOCH if type(value) is _DATE else None


@dataclasses.dataclass(kw_only=True)
class Subscription:
    """A subscription; keyword arguments are the batch CSV columns.  Amounts
    are int minor units of `currency` (see parse_amount)."""
    start: datetime.date
    term: int = _SUBSCRIPTION.term
    renewal_term: int = _SUBSCRIPTION.renewal_term
    billing: int = _SUBSCRIPTION.billing
    price: int = _SUBSCRIPTION.price
    currency: str = _SUBSCRIPTION.currency.decode()
    contract: bool = bool(_SUBSCRIPTION.contract)
    auto_renew: bool = bool(_SUBSCRIPTION.auto_renew)
    online_cancel: bool = bool(_SUBSCRIPTION.online_cancel)
    balance: int = _SUBSCRIPTION.balance
    licenses: int = _SUBSCRIPTION.licenses
    cancelled_on: Optional[datetime.date] = None
    renewal_price: Optional[int] = None
    billing_day: int = 0
    items: Sequence[Item] = ()
    billing_month: int = 0
    trial_end: Optional[datetime.date] = None
    # EU withdrawal (docs/rules.md): the day the contract was concluded (None:
    # the start), whether the consumer was told of the right, and whether
    # they asked for the service to begin within the period.
    concluded_on: Optional[datetime.date] = None
    withdrawal_informed: bool = True
    express_request: bool = False
    intro_months: int = 0
    intro_price: int = 0
    # A pause (docs/rules.md, "Pauses"): both or neither; no access and no
    # invoices from paused_from to the day before resumes_on.
    paused_from: Optional[datetime.date] = None
    resumes_on: Optional[datetime.date] = None

    def __getstate__(self) -> dict:
        return _without_kept(self)

    def _item_values(self) -> tuple[int, int]:
        """item_count and the address of the items in C."""
        return _kept_array(self, "_c_items", self.items, _item_array)

    def _c_values(self) -> tuple:
        """The C struct's fields, in order, checked (ctypes would silently
        truncate an out-of-range integer)."""
        values = self._fast_values()
        if values is None or not all(-_I32 <= values[i] < _I32 for i in (1, 2, 3, 10, 23)) or \
                not all(-_I64 <= values[i] < _I64 for i in (4, 5, 12, 24)):
            return self._checked_values()
        return values

    def _fast_values(self) -> Optional[tuple]:
        """The fields when every one has its exact type (ranges are left to
        struct.pack, which refuses what does not fit), else None."""
        start, cancelled, renewal_price = self.start, self.cancelled_on, self.renewal_price
        term, renewal, billing, licenses = self.term, self.renewal_term, self.billing, self.licenses
        price, balance = self.price, self.balance
        contract, auto_renew, online = self.contract, self.auto_renew, self.online_cancel
        billing_day, billing_month, trial_end = self.billing_day, self.billing_month, self.trial_end
        intro_months, intro_price = self.intro_months, self.intro_price
        if type(intro_months) is not int or type(intro_price) is not int:
            return None
        trial_end = _optional_day(trial_end)
        if trial_end is None:
            return None
        concluded, informed, express = (self.concluded_on, self.withdrawal_informed,
                                        self.express_request)
        if not (type(start) is _DATE and type(term) is int and type(renewal) is int and
                type(billing_day) is int and type(billing_month) is int and
                type(informed) is bool and type(express) is bool and
                type(billing) is int and type(licenses) is int and type(price) is int and
                type(balance) is int and type(contract) is bool and
                type(auto_renew) is bool and type(online) is bool):
            return None
        cancelled = _optional_day(cancelled)
        if cancelled is None:
            return None
        if renewal_price is None:
            renewal_price = _AMOUNT_NONE
        elif type(renewal_price) is not int:
            return None
        concluded = _optional_day(concluded)
        if concluded is None:
            return None
        paused_from, resumes_on = _optional_day(self.paused_from), _optional_day(self.resumes_on)
        if paused_from is None or resumes_on is None:
            return None
        return (start.toordinal() - _EPOCH, term, renewal, billing, price, balance,
                _currency_code(self.currency), auto_renew, contract, online, licenses,
                cancelled, renewal_price, billing_day, *self._item_values(), billing_month,
                trial_end, concluded, informed, express, paused_from, resumes_on,
                intro_months, intro_price)

    def _pack_into(self, layout: Any, buffer: Any, offset: int) -> None:
        """Packs the C struct into `buffer` with `layout` (its struct.Struct):
        one call when every field has its exact type and fits, else the
        checked path, which raises naming the first bad field."""
        values = self._fast_values()
        if values is not None:
            try:
                return layout.pack_into(buffer, offset, *values)
            except _struct.error:
                pass
        layout.pack_into(buffer, offset, *self._checked_values())

    def _checked_values(self) -> tuple:
        """The slow path: every field converted on its own, subclasses of
        date and int accepted, the first bad field raised."""
        return (to_day(self.start, "start"), integer(self.term, "term", 32),
                integer(self.renewal_term, "renewal_term", 32),
                integer(self.billing, "billing", 32), integer(self.price, "price", 64),
                integer(self.balance, "balance", 64), _currency_code(self.currency),
                boolean(self.auto_renew, "auto_renew"), boolean(self.contract, "contract"),
                boolean(self.online_cancel, "online_cancel"),
                integer(self.licenses, "licenses", 32),
                to_day(self.cancelled_on, "cancelled_on", optional=True),
                _native.AMOUNT_NONE if self.renewal_price is None
                else integer(self.renewal_price, "renewal_price", 64),
                integer(self.billing_day, "billing_day", 32), *self._item_values(),
                integer(self.billing_month, "billing_month", 32),
                to_day(self.trial_end, "trial_end", optional=True),
                to_day(self.concluded_on, "concluded_on", optional=True),
                boolean(self.withdrawal_informed, "withdrawal_informed"),
                boolean(self.express_request, "express_request"),
                to_day(self.paused_from, "paused_from", optional=True),
                to_day(self.resumes_on, "resumes_on", optional=True),
                integer(self.intro_months, "intro_months", 32),
                integer(self.intro_price, "intro_price", 64))

    def _to_c(self) -> _native.SubscriptionC:
        names = [name for name, _ in _native.SubscriptionC._fields_
                 if not name.startswith("reserved")]
        return _native.SubscriptionC(**dict(zip(names, self._c_values())))


def _codes(cls: type) -> dict[Any, int]:
    """Exact spellings of a Flag's or Enum's names, and its members, to values."""
    kind = KIND_OF[cls]
    codes: dict[Any, int] = {member: member._value_ for member in cls}
    for member in cls:
        text = lib.lapse_name(kind, member._value_)
        if text is not None:
            codes[text.decode()] = member._value_
    return codes


_CHANNEL_CODES = _codes(Channel)
_ROLE_CODES = _codes(Role)
_SUPPORT_CODES = _codes(SupportInfo)


def _bits(codes: dict[Any, int], cls: type, value: Any, field: str) -> int:
    """flag(), with a dict hit per item for a list or tuple of exact names
    or members, the common case."""
    if type(value) is list or type(value) is tuple:
        bits = 0
        try:
            for item in value:
                bits |= codes[item]
            return bits
        except (KeyError, TypeError):
            pass
    return flag(cls, value, field)


@dataclasses.dataclass(kw_only=True)
class Request:
    """A cancellation request; keyword arguments are the batch CSV columns.
    `roles` and `provided` take Role / SupportInfo flags (or their names).
    Instead of `on`, `at` (an aware datetime) gives the request date: its
    local date in `zone` (an IANA name, read by lapse from
    /usr/share/zoneinfo, or a lapse.Zone), else in at's own offset, the
    same date as at.astimezone(zoneinfo.ZoneInfo(zone)).date().  With a
    zone, decisions also give notice_deadline_at and access_ends_at."""
    on: datetime.date = None  # type: ignore[assignment]  # required unless `at` is given
    channel: Channel = Channel(_REQUEST.channel)
    roles: Role = Role(_REQUEST.roles)
    can_sign_in: bool = bool(_REQUEST.can_sign_in)
    provided: SupportInfo = SupportInfo(_REQUEST.provided)
    end_on: Optional[datetime.date] = None
    reduce: Optional[Mapping[str, int]] = None
    at: dataclasses.InitVar[Optional[datetime.datetime]] = None
    zone: dataclasses.InitVar[Any] = None

    def __post_init__(self, at: Optional[datetime.datetime], zone: Any) -> None:
        if at is not None or zone is not None:
            from .zones import request_date
            day, the_zone = request_date(at, zone)
            if at is not None:
                if self.on is not None:
                    raise LapseError("value_syntax", "requested_at",
                                     "requested_at: at and on both give the request date; "
                                     "give one")
                self.on = day
            # Not a field: the zone of the deadlines as instants (Decision).
            self.__dict__["_zone"] = the_zone
        if self.on is None:
            raise TypeError("Request() needs on= (the request date) or at= (an aware datetime)")

    def __getstate__(self) -> dict:
        return _without_kept(self)

    def _c_values(self) -> tuple:
        on, roles, provided, signs_in = self.on, self.roles, self.provided, self.can_sign_in
        end_on, channel = self.end_on, self.channel
        # _value_ rather than .value: a plain attribute, not the enum descriptor.
        return (on.toordinal() - _EPOCH if type(on) is _DATE else to_day(on, "on"),
                _CHANNEL_CODES.get(channel) if type(channel) is str and channel in _CHANNEL_CODES
                else channel._value_ if type(channel) is Channel
                else choice(Channel, channel, "channel"),
                roles._value_ if type(roles) is Role else _bits(_ROLE_CODES, Role, roles, "roles"),
                signs_in if type(signs_in) is bool else boolean(signs_in, "can_sign_in"),
                provided._value_ if type(provided) is SupportInfo
                else _bits(_SUPPORT_CODES, SupportInfo, provided, "provided"),
                _DATE_NONE if end_on is None else
                end_on.toordinal() - _EPOCH if type(end_on) is _DATE else to_day(end_on, "end_on"),
                *self._reduce_values())

    def _reduce_values(self) -> tuple[int, int]:
        """The address of the reduction in C and reduce_count (the order of
        the C struct's fields)."""
        count, address = _kept_array(self, "_c_reduce", self.reduce, _reduction_array)
        return address, count

    def _pack_into(self, layout: Any, buffer: Any, offset: int) -> None:
        layout.pack_into(buffer, offset, *self._c_values())

    def _to_c(self) -> _native.RequestC:
        return _native.RequestC(*self._c_values())
