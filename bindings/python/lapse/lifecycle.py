"""A subscription's life after the decision: its status on a date (R12),
reactivation (R13), its timeline of dated events, changes instead of
cancelling (R14) and erasure requests (R11)."""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
from typing import Any, Optional, Union

from . import _call, _native
from ._native import lib
from .model import Policy, Request, Subscription, check_type, from_day, to_day
from .names import Change, Kind, choice, name


@dataclasses.dataclass(frozen=True)
class Status:
    """Where a subscription stands on a date (R12); holds on [since, until)."""
    status: str
    since: Optional[datetime.date]
    until: Optional[datetime.date]
    effective_end: Optional[datetime.date]
    data_deleted_on: Optional[datetime.date]
    listed_as: str
    # What the recorded cancellation settled: its refund and termination fee.
    refund: int = 0
    termination_fee: int = 0


def _dated_call(function: Any, layout: Any, subscription: Subscription, on: datetime.date,
                policy: Optional[Policy]) -> tuple:
    """Calls a C function of (policy, subscription, date, out, detail)
    through this thread's workspace; the output's fields, unpacked."""
    check_type(subscription, Subscription, "subscription")
    day = on.toordinal() - _EPOCH if type(on) is datetime.date else to_day(on, "on")
    buffer, sub, _, out, detail = _call.workspace()
    subscription._pack_into(_call.SUBSCRIPTION, buffer, _call.SUBSCRIPTION_AT)
    code = function(_call.policy_address(policy), sub, day, out, detail)
    if code:
        raise _call.fail(code, buffer)
    return layout.unpack_from(buffer, _call.OUTPUT_AT)


_DATED = (ctypes.c_void_p, ctypes.c_void_p, _native.c_date, ctypes.c_void_p, ctypes.c_void_p)
_STATUS_AT = _call.raw("lapse_status_at", *_DATED)
_REACTIVATE = _call.raw("lapse_reactivate", *_DATED)
_STATUS = _native.layout(_native.StatusInfoC)
_REACTIVATION = _native.layout(_native.ReactivationInfoC)
_EPOCH = _native.EPOCH_ORDINAL


def status_at(subscription: Subscription, on: datetime.date,
              policy: Optional[Policy] = None) -> Status:
    """The status on a date: not_started, active, ending, expired or deleted."""
    status, since, until, end, deleted, listed_as, refund, fee = _dated_call(
        _STATUS_AT, _STATUS, subscription, on, policy)
    return Status(name(Kind.STATUS, status), from_day(since), from_day(until), from_day(end),
                  from_day(deleted), name(Kind.LISTING, listed_as), refund, fee)


@dataclasses.dataclass(frozen=True)
class Reactivation:
    """What reactivating on a date does (R13)."""
    outcome: str
    effective_end: Optional[datetime.date]
    data_deleted_on: Optional[datetime.date]
    charge: int
    # Where the charge comes from, as the cancellation settled its refund:
    # back on the balance, from account credit, or charged as cash.
    applied_to_balance: int = 0
    cash_refund: int = 0
    account_credit: int = 0


def reactivate(subscription: Subscription, on: datetime.date,
               policy: Optional[Policy] = None) -> Reactivation:
    """not_cancelled, withdraw_cancellation, buy_again_restore_data or buy_again_data_gone."""
    charge, applied, cash, credit, outcome, end, deleted = _dated_call(
        _REACTIVATE, _REACTIVATION, subscription, on, policy)
    return Reactivation(name(Kind.REACTIVATION, outcome), from_day(end), from_day(deleted),
                        charge, applied, cash, credit)


@dataclasses.dataclass(frozen=True)
class Event:
    """A dated event: start, renewal, invoice, notice_deadline, cancellation,
    refund, applied_to_balance, account_credit, termination_fee,
    effective_end, data_deleted, reduction, change, pause or resume;
    `amount` is the invoice's price (the
    renewal price in renewal terms), or the refund, its part or the fee.  `term` is None for effective_end and data_deleted, which follow
    the last term."""
    date: datetime.date
    event: str
    term: Optional[int]
    amount: int


def timeline(subscription: Subscription, request: Request,
             policy: Optional[Policy] = None) -> list[Event]:
    """Every dated event from the start to the data deletion, in order."""
    check_type(subscription, Subscription, "subscription")
    check_type(request, Request, "request")
    buffer, sub, req, _, detail = _call.workspace()
    subscription._pack_into(_call.SUBSCRIPTION, buffer, _call.SUBSCRIPTION_AT)
    request._pack_into(_call.REQUEST, buffer, _call.REQUEST_AT)
    policy_address = _call.policy_address(policy)
    # One call with room for a typical timeline; a second only when it is longer.
    events = (_native.EventC * 64)()
    count = ctypes.c_size_t()
    code = _TIMELINE(policy_address, sub, req, events, len(events), ctypes.byref(count), detail)
    if code:
        raise _call.fail(code, buffer)
    if count.value > len(events):
        events = (_native.EventC * count.value)()
        code = _TIMELINE(policy_address, sub, req, events, len(events), ctypes.byref(count),
                         detail)
        if code:
            raise _call.fail(code, buffer)
    view = memoryview(events).cast("B")
    return [Event(from_day(day), name(Kind.EVENT, kind),  # type: ignore[arg-type]
                  None if term < 0 else term, amount)
            for amount, day, kind, term in _EVENT.iter_unpack(view[:count.value * _EVENT.size])]


_TIMELINE = _call.raw("lapse_timeline", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                      ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p)
_EVENT = _native.layout(_native.EventC)


def change_route(change: Union[Change, str]) -> str:
    """Where a change is made instead of cancelling (R14): "support" or "online"."""
    return name(Kind.ROUTE, lib.lapse_change_route(choice(Change, change, "change")))


def erasure_route() -> str:
    """Where a request to erase account data goes (R11): "privacy_request"."""
    return name(Kind.ROUTE, lib.lapse_erasure_route())
