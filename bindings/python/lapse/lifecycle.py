"""A subscription's life after the decision: its status on a date (R12),
reactivation (R13), its timeline of dated events, changes instead of
cancelling (R14) and erasure requests (R11)."""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
from typing import Any, Optional, Union

from . import _native
from ._native import lib
from .model import Policy, Request, Subscription, c_inputs, check_type, from_day, policy_c, to_day
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


def _dated_call(function: Any, result: type, subscription: Subscription, on: datetime.date,
                policy: Optional[Policy]) -> Any:
    """Calls a C function of (policy, subscription, date, out, detail)."""
    check_type(subscription, Subscription, "subscription")
    c_policy = policy_c(policy)
    s = subscription._to_c()
    out = result()
    function(ctypes.byref(c_policy) if c_policy else None, ctypes.byref(s), to_day(on, "on"),
             ctypes.byref(out), ctypes.byref(_native.ErrorDetail()))
    return out


def status_at(subscription: Subscription, on: datetime.date,
              policy: Optional[Policy] = None) -> Status:
    """The status on a date: not_started, active, ending, expired or deleted."""
    out = _dated_call(lib.lapse_status_at, _native.StatusInfoC, subscription, on, policy)
    return Status(name(Kind.STATUS, out.status), from_day(out.since), from_day(out.until),
                  from_day(out.effective_end), from_day(out.data_deleted_on),
                  name(Kind.LISTING, out.listed_as), out.refund, out.termination_fee)


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
    return Reactivation(name(Kind.REACTIVATION, out.outcome), from_day(out.effective_end),
                        from_day(out.data_deleted_on), out.charge)


@dataclasses.dataclass(frozen=True)
class Event:
    """A dated event: start, renewal, invoice, notice_deadline, cancellation,
    refund, termination_fee, effective_end or data_deleted; `amount` is the
    invoice's price (the renewal price in renewal terms), or the refund or
    fee."""
    date: datetime.date
    event: str
    term: int
    amount: int


def timeline(subscription: Subscription, request: Request,
             policy: Optional[Policy] = None) -> list[Event]:
    """Every dated event from the start to the data deletion, in order."""
    policy_ref, s, r = c_inputs(subscription, request, policy)
    count = ctypes.c_size_t()
    detail = ctypes.byref(_native.ErrorDetail())
    lib.lapse_timeline(policy_ref, s, r, None, 0, ctypes.byref(count), detail)
    events = (_native.EventC * count.value)()
    lib.lapse_timeline(policy_ref, s, r, events, count.value, ctypes.byref(count), detail)
    return [Event(from_day(e.date), name(Kind.EVENT, e.kind), e.term, e.amount)  # type: ignore[arg-type]
            for e in events]


def change_route(change: Union[Change, str]) -> str:
    """Where a change is made instead of cancelling (R14): "support" or "online"."""
    return name(Kind.ROUTE, lib.lapse_change_route(choice(Change, change, "change")))


def erasure_route() -> str:
    """Where a request to erase account data goes (R11): "privacy_request"."""
    return name(Kind.ROUTE, lib.lapse_erasure_route())
