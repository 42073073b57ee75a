"""The cancellation decision: the Decision dataclass, read from the C struct
in one unpack, and decide_cancel."""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
import operator
from typing import Any, Optional

from . import _native
from ._native import lib
from .model import Policy, Request, Subscription, c_inputs, from_day
from .names import Kind, bit_names, name, names_of

_LIST_KINDS = {"blocked": Kind.REASON, "warnings": Kind.WARNING,
               "missing_support_info": Kind.SUPPORT_INFO}


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
        return from_values(LAYOUT.unpack(bytes(c)))

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form, as `lapse cancel --json` prints it."""
        out: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name in _LIST_KINDS:
                value = [item for item in names_of(_LIST_KINDS[field.name]) if item in value]
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            out[field.name] = value
        return out


# The C decision's layout, derived from its mirror, read in one call.
LAYOUT = _native.layout(_native.DecisionC)
_C_FIELDS = tuple(field for field, _ in _native.DecisionC._fields_
                  if not field.startswith("reserved"))
_FIELDS = tuple(f.name for f in dataclasses.fields(Decision))

# Caches for reading decisions: the same few dates, sets and names recur
# across a billing run, and a dict lookup is far cheaper than building them.
_DATES: dict[int, Optional[datetime.date]] = {_native.DATE_NONE: None}
_SETS: dict[tuple[Kind, int], frozenset[str]] = {}
_NAMES: dict[tuple[Kind, int], str] = {}


def _date_of(day: int) -> Optional[datetime.date]:
    try:
        return _DATES[day]
    except KeyError:
        if len(_DATES) > 1 << 17:  # bounded, for runs over many distinct dates
            _DATES.clear()
            _DATES[_native.DATE_NONE] = None
        date = _DATES[day] = from_day(day)
        return date


def _set_of(kind: Kind, bits: int) -> frozenset[str]:
    try:
        return _SETS[kind, bits]
    except KeyError:
        names = _SETS[kind, bits] = frozenset(bit_names(kind, bits))
        return names


def _name_of(kind: Kind, value: int) -> str:
    try:
        return _NAMES[kind, value]
    except KeyError:
        text = _NAMES[kind, value] = name(kind, value)
        return text


_PICK = operator.itemgetter(*(_C_FIELDS.index(field) for field in _FIELDS))


def from_values(values: tuple) -> Decision:
    """A Decision from the unpacked C fields, without calling __init__
    (a frozen dataclass sets each field through object.__setattr__)."""
    (allowed, blocked, warnings, missing, route, term_start, term_end, notice, renews, end,
     charge, to_invoice, refund, fee, left, next_invoice, currency, deleted,
     confirmation) = _PICK(values)
    decision = object.__new__(Decision)
    decision.__dict__.update(zip(_FIELDS, (
        allowed != 0, _set_of(Kind.REASON, blocked), _set_of(Kind.WARNING, warnings),
        _set_of(Kind.SUPPORT_INFO, missing), _name_of(Kind.ROUTE, route), _date_of(term_start),
        _date_of(term_end), _date_of(notice), renews != 0, _date_of(end), charge, to_invoice,
        refund, fee, left, _date_of(next_invoice), currency.rstrip(b"\0").decode(),
        _date_of(deleted), _name_of(Kind.CONFIRMATION, confirmation))))
    return decision


def decide_cancel(subscription: Subscription, request: Request,
                  policy: Optional[Policy] = None) -> Decision:
    """Decides one cancellation request (R1-R10, R12).  Raises LapseError
    naming the field for bad input, TypeError for a value of the wrong type."""
    policy_ref, s, r = c_inputs(subscription, request, policy)
    out = _native.DecisionC()
    lib.lapse_decide_cancel(policy_ref, s, r, ctypes.byref(out),
                            ctypes.byref(_native.ErrorDetail()))
    return Decision._from_c(out)
