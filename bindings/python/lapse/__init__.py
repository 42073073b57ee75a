"""lapse: subscription cancellation decisions, from Python.

Every rule runs in the C library; this package turns Python values into its
structs and its answers into dataclasses.  Names are the library's stable
names: keyword arguments are the batch CSV columns, Decision fields are the
keys of `lapse cancel --json`.

    >>> import datetime, lapse
    >>> d = lapse.decide_cancel(
    ...     lapse.Subscription(start=datetime.date(2025, 1, 31), price=2000),
    ...     lapse.Request(on=datetime.date(2025, 3, 10), roles=lapse.Role.BILLING_ADMIN))
    >>> d.effective_end, d.remaining_term_charge
    (datetime.date(2025, 3, 31), 2000)
"""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
import enum
import functools
import os
import struct
from collections.abc import Iterable, Sequence
from typing import Any, Optional, Union, overload

from . import _native
from ._native import lib

__all__ = [
    "LapseError", "Role", "Channel", "SupportInfo", "Change", "Policy", "Subscription",
    "Request", "Decision", "Status", "Reactivation", "Event", "BatchRow", "BatchResults",
    "decide_cancel", "decide_many", "status_at", "reactivate", "timeline", "change_route",
    "erasure_route", "add_months", "months_since", "parse_amount", "format_amount",
    "library_version", "struct_sizes",
]

__version__ = "0.1.0"


class LapseError(ValueError):
    """An error from lapse: `code` is the stable error name ("date_invalid"),
    `field` the input it is about ("on", "term", ...; "" if none), `line` and
    `column` locate it in a table when they apply."""

    def __init__(self, code: str, field: str, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message
        self.line = line
        self.column = column

    def __repr__(self) -> str:
        return f"LapseError({self.code!r}, {self.field!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, LapseError) and
                (self.code, self.field, self.message, self.line, self.column) ==
                (other.code, other.field, other.message, other.line, other.column))

    __hash__ = ValueError.__hash__


def _error_from(code: int, detail: _native.ErrorDetail) -> LapseError:
    return LapseError(lib.lapse_error_name(code).decode(), detail.field.decode(),
                      detail.message.decode(errors="replace"), detail.line, detail.column)


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

class _Kind(enum.IntEnum):
    ROLE = 0
    CHANNEL = 1
    SUPPORT_INFO = 2
    REASON = 3
    WARNING = 4
    ROUTE = 5
    CONFIRMATION = 6
    STATUS = 7
    LISTING = 8
    CHANGE = 9
    REACTIVATION = 10
    EVENT = 11
    TIMING = 12
    REFUND = 13
    COMMITMENT = 14
    RENEWAL = 15
    NOTICE_APPLIES = 16


def _name(kind: _Kind, value: int) -> str:
    text = lib.lapse_name(kind, value)
    if text is None:
        raise LapseError("unknown_name", "", f"{kind.name.lower()} {value}: has no name")
    return text.decode()


def _bit_names(kind: _Kind, bits: int) -> tuple[str, ...]:
    """The names of the bits set, in the library's order."""
    return tuple(_name(kind, 1 << i) for i in range(32) if bits >> i & 1)


@functools.lru_cache(maxsize=None)
def _all_names(kind: _Kind) -> tuple[str, ...]:
    """Every name of a bit-set kind, in bit order."""
    names = []
    while (text := lib.lapse_name(kind, 1 << len(names))) is not None:
        names.append(text.decode())
    return tuple(names)


class Role(enum.Flag):
    """Roles of the person asking; an empty Role() is an ordinary user."""
    BILLING_ADMIN = 1
    PRODUCT_ADMIN = 2
    BILLING_CONTACT = 4


class Channel(enum.Enum):
    ONLINE = 0
    SUPPORT = 1


class SupportInfo(enum.Flag):
    """Details given to support.  ALL is every one of them."""
    ACCOUNT_ID = 1
    ADMIN_EMAIL = 2
    CARD_LAST4 = 4
    BILLING_ADDRESS = 8
    PRODUCTS = 16
    ALL = 31


class Change(enum.Enum):
    """Changes instead of cancelling (R14)."""
    DOWNGRADE = 1
    REMOVE_ADD_ON = 2
    ADD_LICENSES = 3
    ADD_ADD_ONS = 4
    ADD_DEVICES = 5


@functools.lru_cache(maxsize=None)
def _flag_bits(cls: type) -> dict[str, int]:
    """Every spelling of a Flag's names: BILLING_ADMIN, billing_admin, billing-admin."""
    bits = {}
    for name, member in cls.__members__.items():
        for spelling in (name, name.lower(), name.lower().replace("_", "-")):
            bits[spelling] = member.value
    return bits


def _flag(cls: type, value: Any, field: str) -> int:
    """A Flag member, a stable name, or an iterable of either, as bits."""
    if isinstance(value, cls):
        return value._value_
    if type(value) is list and all(type(item) is str for item in value):
        names = _flag_bits(cls)
        try:
            bits = 0
            for item in value:
                bits |= names[item]
            return bits
        except KeyError:
            pass  # the general path below names the bad item
    if isinstance(value, str):
        value = [value] if value else []
    if isinstance(value, Iterable):
        bits = 0
        for item in value:
            if isinstance(item, cls):
                bits |= item.value
            elif isinstance(item, str):
                member = cls.__members__.get(item.upper().replace("-", "_"))
                if member is None:
                    raise LapseError("unknown_name", field, f"{field} {item!r}: not one of " +
                                     ", ".join(m.lower() for m in cls.__members__))
                bits |= member.value
            else:
                raise TypeError(f"{field}: expected {cls.__name__} or names, "
                                f"got {type(item).__name__}")
        return bits
    raise TypeError(f"{field}: expected {cls.__name__}, got {type(value).__name__}")


_CHANNELS = {spelling: member._value_ for name, member in Channel.__members__.items()
             for spelling in (name, name.lower())}


def _channel(value: Any) -> int:
    if type(value) is Channel:
        return value._value_
    if isinstance(value, str):
        try:
            return _CHANNELS[value]
        except KeyError:
            raise LapseError("unknown_name", "channel",
                             f"channel {value!r}: not a channel (online, support)") from None
    raise TypeError(f"channel: expected Channel, got {type(value).__name__}")


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

def _to_day(value: Any, field: str, optional: bool = False) -> int:
    if value is None and optional:
        return _native.DATE_NONE
    if type(value) is not datetime.date:  # a datetime has a time of day: refuse it
        raise TypeError(f"{field}: expected datetime.date, got {type(value).__name__}")
    return value.toordinal() - _native.EPOCH_ORDINAL


def _from_day(day: int) -> Optional[datetime.date]:
    if day == _native.DATE_NONE:
        return None
    return datetime.date.fromordinal(day + _native.EPOCH_ORDINAL)


def _integer(value: Any, field: str, bits: int) -> int:
    if type(value) is not int:
        raise TypeError(f"{field}: expected int, got {type(value).__name__}")
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        code = "amount_range" if bits == 64 else "out_of_range"
        raise LapseError(code, field, f"{field} {value}: beyond the {bits}-bit range")
    return value


def _boolean(value: Any, field: str) -> int:
    if type(value) is not bool:
        raise TypeError(f"{field}: expected bool, got {type(value).__name__}")
    return int(value)


def _currency(value: Any) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"currency: expected str, got {type(value).__name__}")
    encoded = value.encode("utf-8", errors="replace")
    if len(encoded) > 3:
        raise LapseError("currency_syntax", "currency",
                         f"currency {value!r}: not three upper-case letters")
    return encoded


def library_version() -> str:
    """The version of the C library loaded."""
    return lib.lapse_version().decode()


def struct_sizes() -> dict[str, tuple[int, int]]:
    """{struct: (size of the Python mirror, size the C library reports)}."""
    return {name: (ctypes.sizeof(mirror), getattr(lib, f"lapse_sizeof_{name}")())
            for name, mirror in _native.MIRRORS.items()}


def parse_amount(text: str, currency: str) -> int:
    """Decimal text in a currency to minor units: parse_amount("12.50", "EUR") == 1250."""
    if not isinstance(text, str):
        raise TypeError(f"amount: expected str, got {type(text).__name__}")
    data = text.encode("utf-8", errors="replace")
    out = ctypes.c_int64()
    code = lib.lapse_amount_parse_n(data, len(data), _currency(currency), ctypes.byref(out))
    if code:
        raise LapseError(lib.lapse_error_name(code).decode(), "amount",
                         f"amount {text!r} {currency}: {lib.lapse_strerror(code).decode()}")
    return out.value


def format_amount(amount: int, currency: str) -> str:
    """Minor units as decimal text: format_amount(1250, "EUR") == "12.50"."""
    value = _integer(amount, "amount", 64)
    code = lib.lapse_currency_digits(_currency(currency), None)
    if code:
        raise LapseError(lib.lapse_error_name(code).decode(), "currency",
                         f"currency {currency!r}: {lib.lapse_strerror(code).decode()}")
    buffer = ctypes.create_string_buffer(32)
    length = lib.lapse_amount_format(value, currency.encode(), buffer, len(buffer))
    return buffer.raw[:length].decode()


def add_months(date: datetime.date, months: int) -> datetime.date:
    """date + months, keeping the day of month, clamped to the month's end."""
    out = _native.c_date()
    code = lib.lapse_date_add_months(_to_day(date, "date"), _integer(months, "months", 32),
                                     ctypes.byref(out))
    if code:
        raise LapseError(lib.lapse_error_name(code).decode(), "months",
                         f"{date} {months:+d} months: {lib.lapse_strerror(code).decode()}")
    result = _from_day(out.value)
    assert result is not None
    return result


def months_since(anchor: datetime.date, date: datetime.date) -> int:
    """The largest k with add_months(anchor, k) <= date (negative before it)."""
    return lib.lapse_months_since(_to_day(anchor, "anchor"), _to_day(date, "date"))


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

def _c_default(init: Any, struct: type) -> Any:
    value = struct()
    init(ctypes.byref(value))
    return value


_EPOCH = _native.EPOCH_ORDINAL
_I32 = 1 << 31
_I64 = 1 << 63


@functools.lru_cache(maxsize=256)
def _currency_code(value: Any) -> bytes:
    return _currency(value)


_POLICY = _c_default(lib.lapse_policy_default, _native.PolicyC)
_SUBSCRIPTION = _c_default(lib.lapse_subscription_init, _native.SubscriptionC)
_REQUEST = _c_default(lib.lapse_request_init, _native.RequestC)
def _choice_name(kind: _Kind, value: int) -> str:
    return lib.lapse_name(kind, value).decode()


def _choice_value(kind: _Kind, value: Any, field: str) -> int:
    if not isinstance(value, str):
        raise TypeError(f"{field}: expected str, got {type(value).__name__}")
    names = {}
    while (text := lib.lapse_name(kind, len(names))) is not None:
        names[text.decode()] = len(names)
    try:
        return names[value.replace("-", "_")]
    except KeyError:
        raise LapseError("unknown_name", field, f"{field} {value!r}: not one of " +
                         ", ".join(names)) from None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Policy:
    """A cancellation policy; the defaults are RULES.md section 4.  Field
    names are the keys of the policy text format (lapse_policy_parse)."""
    retention_days: int = _POLICY.retention_days
    notice_days: int = _POLICY.notice_days
    refund: str = _choice_name(_Kind.REFUND, _POLICY.refund)
    online_needs_billing_admin: bool = bool(_POLICY.online_needs_billing_admin)
    balance_blocks_online: bool = bool(_POLICY.balance_blocks_online)
    contract_via_support: bool = bool(_POLICY.contract_via_support)
    contract_roles: Role = Role(_POLICY.contract_roles)
    timing: str = _choice_name(_Kind.TIMING, _POLICY.timing)
    commitment: str = _choice_name(_Kind.COMMITMENT, _POLICY.commitment)
    termination_fee: int = _POLICY.termination_fee
    termination_fee_percent: int = _POLICY.termination_fee_percent
    cooling_off_days: int = _POLICY.cooling_off_days
    renewal: str = _choice_name(_Kind.RENEWAL, _POLICY.renewal)
    notice_applies: str = _choice_name(_Kind.NOTICE_APPLIES, _POLICY.notice_applies)

    def _to_c(self) -> _native.PolicyC:
        c = _native.PolicyC()
        lib.lapse_policy_default(ctypes.byref(c))
        for name in ("retention_days", "notice_days", "termination_fee_percent",
                     "cooling_off_days"):
            setattr(c, name, _integer(getattr(self, name), name, 32))
        c.termination_fee = _integer(self.termination_fee, "termination_fee", 64)
        for name, kind in (("refund", _Kind.REFUND), ("timing", _Kind.TIMING),
                           ("commitment", _Kind.COMMITMENT), ("renewal", _Kind.RENEWAL),
                           ("notice_applies", _Kind.NOTICE_APPLIES)):
            setattr(c, name, _choice_value(kind, getattr(self, name), name))
        for name in ("online_needs_billing_admin", "balance_blocks_online",
                     "contract_via_support"):
            setattr(c, name, _boolean(getattr(self, name), name))
        c.contract_roles = _flag(Role, self.contract_roles, "contract_roles")
        return c

    @classmethod
    def _from_c(cls, c: _native.PolicyC) -> "Policy":
        return cls(retention_days=c.retention_days, notice_days=c.notice_days,
                   refund=_choice_name(_Kind.REFUND, c.refund),
                   online_needs_billing_admin=bool(c.online_needs_billing_admin),
                   balance_blocks_online=bool(c.balance_blocks_online),
                   contract_via_support=bool(c.contract_via_support),
                   contract_roles=Role(c.contract_roles),
                   timing=_choice_name(_Kind.TIMING, c.timing),
                   commitment=_choice_name(_Kind.COMMITMENT, c.commitment),
                   termination_fee=c.termination_fee,
                   termination_fee_percent=c.termination_fee_percent,
                   cooling_off_days=c.cooling_off_days,
                   renewal=_choice_name(_Kind.RENEWAL, c.renewal),
                   notice_applies=_choice_name(_Kind.NOTICE_APPLIES, c.notice_applies))

    @classmethod
    def parse(cls, text: str) -> "Policy":
        """A policy from its text form ("key = value" lines, '#' comments)."""
        if not isinstance(text, str):
            raise TypeError(f"text: expected str, got {type(text).__name__}")
        data = text.encode("utf-8")
        c = _native.PolicyC()
        detail = _native.ErrorDetail()
        code = lib.lapse_policy_parse(data, len(data), ctypes.byref(c), ctypes.byref(detail))
        if code:
            raise _error_from(code, detail)
        return cls._from_c(c)

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "Policy":
        """A policy from a file in the text form."""
        with open(path, encoding="utf-8") as file:
            return cls.parse(file.read())

    @classmethod
    def preset(cls, name: str) -> "Policy":
        """A shipped preset: default, immediate-prorated, eu-consumer, evergreen-contract."""
        if not isinstance(name, str):
            raise TypeError(f"name: expected str, got {type(name).__name__}")
        c = _native.PolicyC()
        detail = _native.ErrorDetail()
        code = lib.lapse_policy_preset(name.encode(), ctypes.byref(c), ctypes.byref(detail))
        if code:
            raise _error_from(code, detail)
        return cls._from_c(c)

    @staticmethod
    def presets() -> list[str]:
        """The names of the shipped presets."""
        names = []
        while (name := lib.lapse_policy_preset_name(len(names))) is not None:
            names.append(name.decode())
        return names

    def format(self) -> str:
        """The canonical text form; Policy.parse(p.format()) == p."""
        c = self._to_c()
        buffer = ctypes.create_string_buffer(1024)
        length = lib.lapse_policy_format(ctypes.byref(c), buffer, len(buffer))
        if length == 0:
            # An empty batch checks the policy alone and says what is wrong.
            detail = _native.ErrorDetail()
            code = lib.lapse_decide_batch(ctypes.byref(c), None, None, 0, None, None, None,
                                          ctypes.byref(detail))
            raise _error_from(code, detail)
        return buffer.raw[:length].decode()


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

    def _c_values(self) -> tuple:
        """The C struct's fields, in order; checked here because ctypes
        would silently truncate an out-of-range integer."""
        start, cancelled = self.start, self.cancelled_on
        term, renewal, billing, licenses = self.term, self.renewal_term, self.billing, self.licenses
        price, balance = self.price, self.balance
        flags = (self.contract, self.auto_renew, self.online_cancel)
        if not (type(start) is datetime.date and
                (cancelled is None or type(cancelled) is datetime.date) and
                type(term) is int and type(renewal) is int and type(billing) is int and
                type(licenses) is int and type(price) is int and type(balance) is int and
                type(flags[0]) is bool and type(flags[1]) is bool and type(flags[2]) is bool and
                -_I32 <= term < _I32 and -_I32 <= renewal < _I32 and -_I32 <= billing < _I32 and
                -_I32 <= licenses < _I32 and -_I64 <= price < _I64 and -_I64 <= balance < _I64):
            self._explain()
        return (start.toordinal() - _EPOCH, term, renewal, billing, price, balance,
                _currency_code(self.currency), int(flags[1]), int(flags[0]), int(flags[2]),
                licenses, _native.DATE_NONE if cancelled is None else
                cancelled.toordinal() - _EPOCH)

    def _explain(self) -> None:
        """Raises the error for the first bad field (the slow path)."""
        _to_day(self.start, "start")
        _to_day(self.cancelled_on, "cancelled_on", optional=True)
        for name in ("term", "renewal_term", "billing", "licenses"):
            _integer(getattr(self, name), name, 32)
        for name in ("price", "balance"):
            _integer(getattr(self, name), name, 64)
        for name in ("contract", "auto_renew", "online_cancel"):
            _boolean(getattr(self, name), name)

    def _to_c(self) -> _native.SubscriptionC:
        return _native.SubscriptionC(*self._c_values())


@dataclasses.dataclass(kw_only=True)
class Request:
    """A cancellation request; keyword arguments are the batch CSV columns.
    `roles` and `provided` take Role / SupportInfo flags (or their names)."""
    on: datetime.date
    channel: Channel = Channel(_REQUEST.channel)
    roles: Role = Role(_REQUEST.roles)
    can_sign_in: bool = bool(_REQUEST.can_sign_in)
    provided: SupportInfo = SupportInfo(_REQUEST.provided)

    def _c_values(self) -> tuple:
        on, roles, provided, signs_in = self.on, self.roles, self.provided, self.can_sign_in
        if type(on) is not datetime.date:
            raise TypeError(f"on: expected datetime.date, got {type(on).__name__}")
        if type(signs_in) is not bool:
            _boolean(signs_in, "can_sign_in")
        # _value_ rather than .value: a plain attribute, not the enum descriptor.
        return (on.toordinal() - _EPOCH, _channel(self.channel),
                roles._value_ if type(roles) is Role else _flag(Role, roles, "roles"),
                int(signs_in),
                provided._value_ if type(provided) is SupportInfo
                else _flag(SupportInfo, provided, "provided"))

    def _to_c(self) -> _native.RequestC:
        return _native.RequestC(*self._c_values())


def _policy_c(policy: Optional[Policy]) -> Optional[_native.PolicyC]:
    if policy is None:
        return None
    if not isinstance(policy, Policy):
        raise TypeError(f"policy: expected lapse.Policy, got {type(policy).__name__}")
    return policy._to_c()


def _check_type(value: Any, cls: type, name: str) -> None:
    if not isinstance(value, cls):
        raise TypeError(f"{name}: expected lapse.{cls.__name__}, got {type(value).__name__}")


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------

_LIST_KINDS = {"blocked": _Kind.REASON, "warnings": _Kind.WARNING,
               "missing_support_info": _Kind.SUPPORT_INFO}


@dataclasses.dataclass(frozen=True)
class Decision:
    """A cancellation decision; the fields are the keys of `lapse cancel --json`."""
    allowed: bool
    blocked: frozenset[str]
    warnings: frozenset[str]
    missing_support_info: frozenset[str]
    route: str
    term_start: datetime.date
    term_end: datetime.date
    notice_deadline: Optional[datetime.date]
    renews_first: bool
    effective_end: datetime.date
    remaining_term_charge: int
    still_to_invoice: int
    refund: int
    termination_fee: int
    invoices_left: int
    next_invoice: Optional[datetime.date]
    currency: str
    data_deleted_on: datetime.date
    confirmation: str

    @classmethod
    def _from_c(cls, c: _native.DecisionC) -> "Decision":
        return _decision(_DECISION.unpack(bytes(c)))

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form, as `lapse cancel --json` prints it."""
        out: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name in _LIST_KINDS:
                value = [name for name in _all_names(_LIST_KINDS[field.name]) if name in value]
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            out[field.name] = value
        return out


# The C decision's layout, read in one call; a test checks it against C.
_DECISION = struct.Struct("=IIIIiiiiiiqqqii4siiIq24x")
_DECISION_FIELDS = tuple(f.name for f in dataclasses.fields(Decision))

# Caches for reading decisions: the same few dates, sets and names recur
# across a billing run, and a dict lookup is far cheaper than building them.
_DATES: dict[int, Optional[datetime.date]] = {_native.DATE_NONE: None}
_SETS: dict[tuple[_Kind, int], frozenset[str]] = {}
_NAMES: dict[tuple[_Kind, int], str] = {}


def _date_of(day: int) -> Optional[datetime.date]:
    try:
        return _DATES[day]
    except KeyError:
        if len(_DATES) > 1 << 17:  # bounded, for runs over many distinct dates
            _DATES.clear()
            _DATES[_native.DATE_NONE] = None
        date = _DATES[day] = _from_day(day)
        return date


def _set_of(kind: _Kind, bits: int) -> frozenset[str]:
    try:
        return _SETS[kind, bits]
    except KeyError:
        names = _SETS[kind, bits] = frozenset(_bit_names(kind, bits))
        return names


def _name_of(kind: _Kind, value: int) -> str:
    try:
        return _NAMES[kind, value]
    except KeyError:
        name = _NAMES[kind, value] = _name(kind, value)
        return name


def _decision(v: tuple) -> Decision:
    """A Decision from the unpacked C fields, without calling __init__
    (a frozen dataclass sets each field through object.__setattr__)."""
    decision = object.__new__(Decision)
    decision.__dict__.update(zip(_DECISION_FIELDS, (
        v[0] != 0, _set_of(_Kind.REASON, v[1]), _set_of(_Kind.WARNING, v[2]),
        _set_of(_Kind.SUPPORT_INFO, v[3]), _name_of(_Kind.ROUTE, v[4]), _date_of(v[5]),
        _date_of(v[6]), _date_of(v[7]), v[8] != 0, _date_of(v[9]), v[10], v[11], v[12],
        v[19], v[13], _date_of(v[14]), v[15].rstrip(b"\0").decode(), _date_of(v[16]),
        _name_of(_Kind.CONFIRMATION, v[17]))))
    return decision


def _c_inputs(subscription: Subscription, request: Request,
              policy: Optional[Policy]) -> tuple[Any, Any, Any]:
    """The C arguments (policy or NULL, subscription, request), checked."""
    _check_type(subscription, Subscription, "subscription")
    _check_type(request, Request, "request")
    c_policy = _policy_c(policy)
    return (ctypes.byref(c_policy) if c_policy else None,
            ctypes.byref(subscription._to_c()), ctypes.byref(request._to_c()))


def decide_cancel(subscription: Subscription, request: Request,
                  policy: Optional[Policy] = None) -> Decision:
    """Decides one cancellation request (R1-R10, R12).  Raises LapseError
    naming the field for bad input, TypeError for a value of the wrong type."""
    policy_ref, s, r = _c_inputs(subscription, request, policy)
    out = _native.DecisionC()
    detail = _native.ErrorDetail()
    code = lib.lapse_decide_cancel(policy_ref, s, r, ctypes.byref(out), ctypes.byref(detail))
    if code:
        raise _error_from(code, detail)
    return Decision._from_c(out)


@dataclasses.dataclass(frozen=True)
class BatchRow:
    """One result of decide_many: a decision, or the error of a bad row.
    `line` is the row's line in CSV input (1 is the header), else None."""
    index: int
    line: Optional[int]
    decision: Optional[Decision]
    error: Optional[LapseError]

    @property
    def ok(self) -> bool:
        return self.error is None


class BatchResults(Sequence[BatchRow]):
    """The results of decide_many, in input order.  They stay in C arrays and
    become Python objects only when read, so large runs stay cheap."""

    def __init__(self, decisions: Any, errors: Any, lines: Any, count: int,
                 describe: Any) -> None:
        self._decisions = decisions
        self._errors = errors
        self._lines = lines
        self._count = count
        self._describe = describe  # index -> LapseError, for failed rows
        self._view = memoryview(decisions).cast("B")

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
        line = self._lines[index] if self._lines is not None else None
        if self._errors[index]:
            return BatchRow(index, line, None, self._describe(index))
        row = object.__new__(BatchRow)  # as _decision: no frozen __init__
        row.__dict__.update(index=index, line=line, error=None, decision=_decision(
            _DECISION.unpack_from(self._view, index * _DECISION.size)))
        return row

    @property
    def failed(self) -> int:
        """How many rows failed."""
        return sum(1 for i in range(self._count) if self._errors[i])


# The C input layouts, written in one call per row; a test checks them.
_SUBSCRIPTION_LAYOUT = struct.Struct("=iiiiqq4siiiii40x")
_REQUEST_LAYOUT = struct.Struct("=iiIiI44x")


def _decide_pairs(pairs: list[Any], policy: Optional[Policy]) -> BatchResults:
    n = len(pairs)
    subscriptions = (_native.SubscriptionC * n)()
    requests = (_native.RequestC * n)()
    sub_view = memoryview(subscriptions).cast("B")
    req_view = memoryview(requests).cast("B")
    pack_subscription, sub_size = _SUBSCRIPTION_LAYOUT.pack_into, _SUBSCRIPTION_LAYOUT.size
    pack_request, req_size = _REQUEST_LAYOUT.pack_into, _REQUEST_LAYOUT.size
    for i, pair in enumerate(pairs):
        if not (type(pair) is tuple and len(pair) == 2 and type(pair[0]) is Subscription and
                type(pair[1]) is Request):
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise TypeError(f"rows[{i}]: expected a (Subscription, Request) pair")
            _check_type(pair[0], Subscription, f"rows[{i}][0]")
            _check_type(pair[1], Request, f"rows[{i}][1]")
        pack_subscription(sub_view, i * sub_size, *pair[0]._c_values())
        pack_request(req_view, i * req_size, *pair[1]._c_values())
    decisions = (_native.DecisionC * n)()
    errors = (_native.c_error * n)()
    c_policy = _policy_c(policy)
    detail = _native.ErrorDetail()
    code = lib.lapse_decide_batch(ctypes.byref(c_policy) if c_policy else None, subscriptions,
                                  requests, n, decisions, errors, None, ctypes.byref(detail))
    if code:
        raise _error_from(code, detail)

    def describe(index: int) -> LapseError:
        again = _native.DecisionC()
        detail = _native.ErrorDetail()
        code = lib.lapse_decide_cancel(ctypes.byref(c_policy) if c_policy else None,
                                       ctypes.byref(subscriptions[index]),
                                       ctypes.byref(requests[index]), ctypes.byref(again),
                                       ctypes.byref(detail))
        return _error_from(code, detail)

    return BatchResults(decisions, errors, None, n, describe)


def _decide_csv(data: bytes, policy: Optional[Policy]) -> BatchResults:
    capacity = data.count(b"\n") + 1
    buffer = ctypes.create_string_buffer(data, len(data))
    decisions = (_native.DecisionC * capacity)()
    errors = (_native.c_error * capacity)()
    lines = (ctypes.c_int32 * capacity)()
    rows = ctypes.c_size_t()
    c_policy = _policy_c(policy)
    detail = _native.ErrorDetail()
    code = lib.lapse_decide_csv(ctypes.byref(c_policy) if c_policy else None, buffer, len(data),
                                decisions, errors, lines, capacity, ctypes.byref(rows),
                                ctypes.byref(detail))
    if code:
        raise _error_from(code, detail)
    text_lines: list[bytes] = []

    def describe(index: int) -> LapseError:
        # A failed row's message: read its line again, on its own.
        if not text_lines:
            text_lines.extend(data.split(b"\n"))
        table = _native.TableC()
        header = text_lines[0]
        lib.lapse_table_header(ctypes.byref(table), b",", header, len(header), None)
        line = text_lines[lines[index] - 1]
        row = _native.RowC()
        detail = _native.ErrorDetail()
        line_buffer = ctypes.create_string_buffer(line, len(line))
        code = lib.lapse_table_row(ctypes.byref(table), line_buffer, len(line), ctypes.byref(row),
                                   ctypes.byref(detail))
        if code == 0:
            row_policy = (ctypes.byref(row.policy) if row.has_policy else
                          ctypes.byref(c_policy) if c_policy else None)
            code = lib.lapse_decide_cancel(row_policy, ctypes.byref(row.subscription),
                                           ctypes.byref(row.request),
                                           ctypes.byref(_native.DecisionC()),
                                           ctypes.byref(detail))
        error = _error_from(code, detail)
        error.line = lines[index]
        return error

    return BatchResults(decisions, errors, lines, rows.value, describe)


def decide_many(rows: Union[Iterable[tuple[Subscription, Request]], bytes, str,
                            "os.PathLike[str]"],
                policy: Optional[Policy] = None) -> BatchResults:
    """Many decisions in one call into C.

    `rows` is an iterable of (Subscription, Request) pairs, CSV text in the
    `lapse batch` format as bytes, or the path of such a file.  The results
    come back in input order; a bad row is reported in its BatchRow (with the
    line number for CSV), never raised, and never dropped.  A bad CSV header
    raises LapseError, since no row can be read without it.
    """
    if isinstance(rows, (bytes, bytearray, memoryview)):
        return _decide_csv(bytes(rows), policy)
    if isinstance(rows, (str, os.PathLike)):
        with open(rows, "rb") as file:
            return _decide_csv(file.read(), policy)
    if not isinstance(rows, Iterable):
        raise TypeError(f"rows: expected pairs, CSV bytes or a path, got {type(rows).__name__}")
    return _decide_pairs(list(rows), policy)


# ---------------------------------------------------------------------------
# Status, reactivation, timeline, changes, erasure
# ---------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Status:
    """Where a subscription stands on a date (R12); holds on [since, until)."""
    status: str
    since: Optional[datetime.date]
    until: Optional[datetime.date]
    effective_end: Optional[datetime.date]
    data_deleted_on: Optional[datetime.date]
    listed_as: str


def _dated_call(function: Any, result: type, subscription: Subscription, on: datetime.date,
                policy: Optional[Policy]) -> Any:
    """Calls a C function of (policy, subscription, date, out, detail)."""
    _check_type(subscription, Subscription, "subscription")
    c_policy = _policy_c(policy)
    s = subscription._to_c()
    out = result()
    detail = _native.ErrorDetail()
    code = function(ctypes.byref(c_policy) if c_policy else None, ctypes.byref(s),
                    _to_day(on, "on"), ctypes.byref(out), ctypes.byref(detail))
    if code:
        raise _error_from(code, detail)
    return out


def status_at(subscription: Subscription, on: datetime.date,
              policy: Optional[Policy] = None) -> Status:
    """The status on a date: not_started, active, ending, expired or deleted."""
    out = _dated_call(lib.lapse_status_at, _native.StatusInfoC, subscription, on, policy)
    return Status(_name(_Kind.STATUS, out.status), _from_day(out.since), _from_day(out.until),
                  _from_day(out.effective_end), _from_day(out.data_deleted_on),
                  _name(_Kind.LISTING, out.listed_as))


@dataclasses.dataclass(frozen=True)
class Reactivation:
    """What reactivating on a date does (R13)."""
    outcome: str
    effective_end: Optional[datetime.date]
    data_deleted_on: Optional[datetime.date]
    charge: int


def reactivate(subscription: Subscription, on: datetime.date,
               policy: Optional[Policy] = None) -> Reactivation:
    """not_cancelled, withdraw_cancellation, buy_again_restore_data or buy_again_data_gone."""
    out = _dated_call(lib.lapse_reactivate, _native.ReactivationInfoC, subscription, on, policy)
    return Reactivation(_name(_Kind.REACTIVATION, out.outcome), _from_day(out.effective_end),
                        _from_day(out.data_deleted_on), out.charge)


@dataclasses.dataclass(frozen=True)
class Event:
    """A dated event: start, renewal, invoice, notice_deadline, cancellation,
    effective_end or data_deleted; `amount` is the invoice's price."""
    date: datetime.date
    event: str
    term: int
    amount: int


def timeline(subscription: Subscription, request: Request,
             policy: Optional[Policy] = None) -> list[Event]:
    """Every dated event from the start to the data deletion, in order."""
    policy_ref, s, r = _c_inputs(subscription, request, policy)
    count = ctypes.c_size_t()
    detail = _native.ErrorDetail()
    code = lib.lapse_timeline(policy_ref, s, r, None, 0, ctypes.byref(count),
                              ctypes.byref(detail))
    if code:
        raise _error_from(code, detail)
    events = (_native.EventC * count.value)()
    code = lib.lapse_timeline(policy_ref, s, r, events, count.value, ctypes.byref(count),
                              ctypes.byref(detail))
    if code:
        raise _error_from(code, detail)
    return [Event(_from_day(e.date), _name(_Kind.EVENT, e.kind), e.term, e.amount)  # type: ignore[arg-type]
            for e in events]


def change_route(change: Union[Change, str]) -> str:
    """Where a change is made instead of cancelling (R14): "support" or "online"."""
    if isinstance(change, str):
        member = Change.__members__.get(change.upper().replace("-", "_"))
        if member is None:
            raise LapseError("unknown_name", "change", f"change {change!r}: not one of " +
                             ", ".join(m.lower() for m in Change.__members__))
        change = member
    if not isinstance(change, Change):
        raise TypeError(f"change: expected lapse.Change, got {type(change).__name__}")
    return _name(_Kind.ROUTE, lib.lapse_change_route(change.value))


def erasure_route() -> str:
    """Where a request to erase account data goes (R11): "privacy_request"."""
    return _name(_Kind.ROUTE, lib.lapse_erasure_route())
