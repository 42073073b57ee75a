"""The cancellation decision: the Decision dataclass, read from the C struct
in one unpack, and decide_cancel."""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
import functools
import struct as _struct
from typing import TYPE_CHECKING, Any, Optional

from . import _call, _native
from ._native import lib
from .model import Policy, Request, Subscription, check_type, from_day, policy_c, text_bytes
from .errors import LapseError
from .names import Kind, bit_names, name, names_of

_LIST_KINDS = {"blocked": Kind.REASON, "warnings": Kind.WARNING,
               "missing_support_info": Kind.SUPPORT_INFO}


@dataclasses.dataclass(frozen=True)
class ItemResult:
    """One item's part of a reduction (Decision.item_results, in the
    subscription's order): units today and after the change, the first day
    a released unit is no longer charged (None when none is released) and
    the licences to unassign first."""
    name: str
    quantity: int
    quantity_after: int
    released_on: Optional[datetime.date]
    unassign: int


@dataclasses.dataclass(frozen=True)
class Decision:
    """A cancellation (or reduction) decision; the fields are the keys of
    `lapse cancel --json`."""
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
    change_effective_on: Optional[datetime.date] = None
    recurring_after: int = 0
    saving: int = 0
    # Where the refund goes (docs/rules.md, "Settlement").
    applied_to_balance: int = 0
    cash_refund: int = 0
    account_credit: int = 0
    balance_after: int = 0
    item_results: tuple[ItemResult, ...] = ()

    @classmethod
    def _from_c(cls, c: _native.DecisionC) -> "Decision":
        return read(c, 0)

    def explain(self, language: str = "en") -> str:
        """The explanation `lapse cancel` prints for this decision, in
        English ("en") or Italian ("it"), written by the library.  Needs the
        inputs: a Decision of decide_cancel() keeps them; LapseError
        decision_mismatch if they have changed since."""
        inputs = self.__dict__.get("_inputs")
        if inputs is None:
            raise LapseError("missing", "decision",
                             "decision: made without its inputs (decide_many, decide_columns); "
                             "use lapse.explain(subscription, request, policy)")
        subscription, request, policy = inputs
        return explain_decision(subscription, request, policy, language, self)

    @property
    def notice_deadline_at(self) -> Optional[datetime.datetime]:
        """With a Request(zone=...): the first instant after the last day to
        give notice, in UTC (a request before it is in time); else None."""
        return self._instants()[0]

    @property
    def access_ends_at(self) -> Optional[datetime.datetime]:
        """With a Request(zone=...): the first instant after the last day of
        access (the effective end's first instant there), in UTC."""
        return self._instants()[1]

    def _instants(self) -> tuple[Optional[datetime.datetime], Optional[datetime.datetime]]:
        inputs = self.__dict__.get("_inputs")
        the_zone = inputs[1].__dict__.get("_zone") if inputs is not None else None
        if the_zone is None:
            return None, None
        deadline = self.notice_deadline
        return (None if deadline is None
                else the_zone.day_start(deadline + datetime.timedelta(days=1)),
                the_zone.day_start(self.effective_end))

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form, as `lapse cancel --json` prints it."""
        out: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name in _LIST_KINDS:
                value = [item for item in names_of(_LIST_KINDS[field.name]) if item in value]
            elif field.name == "item_results":
                value = [{"name": r.name, "quantity": r.quantity,
                          "quantity_after": r.quantity_after,
                          "released_on": r.released_on.isoformat() if r.released_on else None,
                          "unassign": r.unassign} for r in value]
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            out[field.name] = value
        return out


# The C decision's layout, derived from its mirror, read in one call.
LAYOUT = _native.layout(_native.DecisionC)
_UNPACK = LAYOUT.unpack_from
_C_FIELDS = tuple(field for field, _ in _native.DecisionC._fields_
                  if not field.startswith("reserved"))
# read() unpacks the fields in this order; a change of the C struct must
# change it too.
assert _C_FIELDS == (
    "allowed", "blocked", "warnings", "missing_support_info", "route", "term_start", "term_end",
    "notice_deadline", "renews_first", "effective_end", "remaining_term_charge",
    "still_to_invoice", "refund", "invoices_left", "next_invoice", "currency",
    "data_deleted_on", "confirmation", "termination_fee", "change_effective_on",
    "recurring_after", "saving", "applied_to_balance", "cash_refund", "account_credit",
    "balance_after"), _C_FIELDS
_NO_ITEMS: tuple[ItemResult, ...] = ()


# Caches for reading decisions, plain dicts filled by _learn(): the same
# few dates, sets and names recur across a billing run, and a dict hit is far
# cheaper than building them.
_DATES: dict[int, Optional[datetime.date]] = {_native.DATE_NONE: None}
_REASONS: dict[int, frozenset[str]] = {}
_WARNINGS: dict[int, frozenset[str]] = {}
_MISSING: dict[int, frozenset[str]] = {}
_ROUTES: dict[int, str] = {}
_CONFIRMATIONS: dict[int, str] = {}
_CURRENCIES: dict[bytes, str] = {}
# (cache, index of the C field, how to make a value); the dates are above.
_MAKERS = (
    (_REASONS, _C_FIELDS.index("blocked"), lambda bits: frozenset(bit_names(Kind.REASON, bits))),
    (_WARNINGS, _C_FIELDS.index("warnings"),
     lambda bits: frozenset(bit_names(Kind.WARNING, bits))),
    (_MISSING, _C_FIELDS.index("missing_support_info"),
     lambda bits: frozenset(bit_names(Kind.SUPPORT_INFO, bits))),
    (_ROUTES, _C_FIELDS.index("route"), lambda value: name(Kind.ROUTE, value)),
    (_CURRENCIES, _C_FIELDS.index("currency"), lambda raw: raw.rstrip(b"\0").decode()),
    (_CONFIRMATIONS, _C_FIELDS.index("confirmation"), lambda value: name(Kind.CONFIRMATION, value)),
)
_DATE_FIELDS = tuple(_C_FIELDS.index(field) for field in (
    "term_start", "term_end", "notice_deadline", "effective_end", "next_invoice",
    "data_deleted_on"))
_new = object.__new__
_set_dict = object.__setattr__


def item_results(subscription: Subscription, request: Request,
                 policy: Optional[Policy]) -> tuple[ItemResult, ...]:
    """The per-item part of the decision (lapse_decide_items), in the
    subscription's order; () without items."""
    if not subscription.items:
        return _NO_ITEMS
    results = (_native.ItemResultC * _native.ITEMS_MAX)()
    count = ctypes.c_size_t()
    c_policy = policy_c(policy)
    lib.lapse_decide_items(ctypes.byref(c_policy) if c_policy else None,
                           ctypes.byref(subscription._to_c()), ctypes.byref(request._to_c()),
                           results, _native.ITEMS_MAX, ctypes.byref(count),
                           ctypes.byref(_native.ErrorDetail()))
    return tuple(ItemResult(r.name.decode(), r.quantity, r.quantity_after,
                            from_day(r.released_on), r.unassign)
                 for r in results[:count.value])


def read(buffer: Any, offset: int,
         results: tuple[ItemResult, ...] = _NO_ITEMS) -> Decision:
    """The Decision of the C struct at `offset` of `buffer`: unpacked in one
    call, built without __init__ (a frozen dataclass would set each field
    through object.__setattr__).  `results`: its item_results, when the
    subscription has items (lapse_decide_items gives them)."""
    values = _UNPACK(buffer, offset)
    (allowed, blocked, warnings, missing, route, term_start, term_end, notice, renews, end,
     charge, to_invoice, refund, left, next_invoice, currency, deleted, confirmation,
     fee, change_on, recurring_after, saving, applied, cash, credit, balance_after) = values
    dates = _DATES
    try:  # plain dict hits: the common case, and the fastest
        fields = {
            "allowed": allowed != 0, "blocked": _REASONS[blocked],
            "warnings": _WARNINGS[warnings], "missing_support_info": _MISSING[missing],
            "route": _ROUTES[route], "term_start": dates[term_start],
            "term_end": dates[term_end], "notice_deadline": dates[notice],
            "renews_first": renews != 0, "effective_end": dates[end],
            "remaining_term_charge": charge, "still_to_invoice": to_invoice, "refund": refund,
            "termination_fee": fee, "invoices_left": left, "next_invoice": dates[next_invoice],
            "currency": _CURRENCIES[currency], "data_deleted_on": dates[deleted],
            "confirmation": _CONFIRMATIONS[confirmation],
            "change_effective_on": dates[change_on] if change_on in dates
            else from_day(change_on),
            "recurring_after": recurring_after, "saving": saving, "applied_to_balance": applied,
            "cash_refund": cash, "account_credit": credit, "balance_after": balance_after,
            "item_results": results}
    except KeyError:
        _learn(values)
        return read(buffer, offset, results)
    decision = _new(Decision)
    _set_dict(decision, "__dict__", fields)
    return decision


def _learn(values: tuple) -> None:
    """Fills the caches with what `values` needs.  Bounded: a run over many
    distinct dates starts the date cache again."""
    if len(_DATES) > 1 << 17:
        _DATES.clear()
        _DATES[_native.DATE_NONE] = None
    for index in _DATE_FIELDS:
        if values[index] not in _DATES:
            _DATES[values[index]] = from_day(values[index])
    for cache, index, make in _MAKERS:
        if values[index] not in cache:
            cache[values[index]] = make(values[index])


_DECIDE = _call.raw("lapse_decide_cancel", *(ctypes.c_void_p,) * 5)


def decide_cancel(subscription: Subscription, request: Request,
                  policy: Optional[Policy] = None) -> Decision:
    """Decides one cancellation request (R1-R10, R12).  Raises LapseError
    naming the field for bad input, TypeError for a value of the wrong type."""
    if type(subscription) is not Subscription or type(request) is not Request:
        check_type(subscription, Subscription, "subscription")
        check_type(request, Request, "request")
    buffer, sub, req, out, detail = _workspace()
    values = subscription._fast_values()
    try:  # both in one struct call when every field has its exact type and fits
        _PAIR(buffer, 0, *values, *request._c_values())
    except (TypeError, _struct.error):  # the checked path names the bad field
        subscription._pack_into(_SUBSCRIPTION, buffer, _SUBSCRIPTION_AT)
        request._pack_into(_REQUEST, buffer, _REQUEST_AT)
    code = _DECIDE(None if policy is None else _policy_address(policy), sub, req, out, detail)
    if code:
        raise _call.fail(code, buffer)
    decision = read(buffer, _OUTPUT_AT, item_results(subscription, request, policy)
                    if subscription.items else _NO_ITEMS)
    # Not a field: kept for explain(), left out of ==, repr and to_dict().
    # One attribute, not three: with 30 attributes an instance no longer
    # shares its class's key table (CPython), and a Decision costs a dict of
    # its own, 1.6 KB from malloc (see _speedups.c, OUT_FIELDS).
    decision.__dict__["_inputs"] = (subscription, request, policy)
    return decision


def explain_decision(subscription: Subscription, request: Request, policy: Optional[Policy],
                     language: Any, decision: Any) -> str:
    """lapse.explain() and Decision.explain(): the explanation of the
    decision on `request`; with `decision`, decision_mismatch when it is not
    what the inputs give.  Here, beside Decision, so that the explain module
    imports this one and never the other way round."""
    check_type(subscription, Subscription, "subscription")
    check_type(request, Request, "request")
    code = text_bytes(language, "language")
    s, r, p = subscription._to_c(), request._to_c(), policy_c(policy)
    d = _native.DecisionC()
    lib.lapse_decide_cancel(p, s, r, d, ctypes.byref(_native.ErrorDetail()))
    if decision is not None and read(d, 0, item_results(subscription, request, policy)) != decision:
        raise LapseError("decision_mismatch", "decision",
                         "decision: not the decision of this policy, subscription and "
                         "request (their fields changed since; decide them again)")
    the_zone = request.__dict__.get("_zone")
    if the_zone is not None:  # "by 2025-12-02 23:59 Europe/Rome"
        return _call.text(lambda buf, size, length, detail:
                          lib.lapse_explain_in_zone(p, s, r, d, the_zone._buffer, code, buf, size,
                                                    length, detail))
    return _call.text(lambda buf, size, length, detail:
                      lib.lapse_explain(p, s, r, d, code, buf, size, length, detail))


_workspace, _policy_address = _call.workspace, _call.policy_address
_SUBSCRIPTION, _SUBSCRIPTION_AT = _call.SUBSCRIPTION, _call.SUBSCRIPTION_AT
_REQUEST, _REQUEST_AT, _OUTPUT_AT = _call.REQUEST, _call.REQUEST_AT, _call.OUTPUT_AT
_PAIR = _call.PAIR.pack_into


# The pure path, which the accelerator falls back on for anything out of the
# ordinary (and which its tests compare it with).
pure_decide_cancel = decide_cancel


def _speedups_arguments() -> tuple:
    """What lapse._speedups' init() takes: the library's addresses, the
    package's types, name maps and caches, _learn, pure_decide_cancel and
    the policy's address.  (Each module object of _speedups keeps its own:
    the tests give them to module objects of their own.)"""
    from .model import _CHANNEL_CODES, _ROLE_CODES, _SUPPORT_CODES, Request, Subscription
    from .names import Role, SupportInfo

    def address(name: str) -> int:
        return ctypes.cast(lib[name], ctypes.c_void_p).value or 0

    return (address("lapse_decide_cancel"), address("lapse_date_from_ymd"),
            Subscription, Request, Decision, Role, SupportInfo, _CHANNEL_CODES,
            _ROLE_CODES, _SUPPORT_CODES, _DATES, _REASONS, _WARNINGS, _MISSING,
            _ROUTES, _CONFIRMATIONS, _learn, pure_decide_cancel, _policy_address)


def _accelerated() -> Any:
    """lapse._speedups' decide_cancel, given the same library (its
    addresses), the same caches and pure_decide_cancel; None without it."""
    from . import _accel
    if _accel.module is None:
        return None
    _accel.module.init(*_speedups_arguments())
    # The module's `accelerated` callable (a builtin function cannot carry a
    # signature with types): the pure function's name, documentation and
    # typed signature, for inspect.signature, help() and IDEs.
    accelerated = getattr(_accel.module, "accelerated", _accel.module.decide_cancel)
    if hasattr(accelerated, "__dict__"):
        # __wrapped__: inspect.signature reads the pure function's.
        functools.update_wrapper(accelerated, pure_decide_cancel)
    return accelerated


if TYPE_CHECKING:  # what type checkers and IDEs see: the typed function
    decide_cancel = pure_decide_cancel
else:
    decide_cancel = _accelerated() or pure_decide_cancel  # noqa: F811
