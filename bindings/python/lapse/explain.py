"""Explanations for people, written by the C library: the same words as
`lapse cancel`, `lapse status` and `lapse timeline` print, in English or
Italian (lapse_explain and its siblings)."""
from __future__ import annotations

import ctypes
import datetime
from typing import Any, Optional

from . import _call, _native
from ._native import lib
from .decision import explain_decision
from .errors import LapseError
from .model import Policy, Request, Subscription, check_type, policy_c, text_bytes, to_day
from .names import Kind, value_of


def languages() -> list[str]:
    """The codes of the languages explanations are written in: ["en", "it"]."""
    codes, index = [], 0
    while (code := lib.lapse_language_code(index)) is not None:
        codes.append(code.decode())
        index += 1
    return codes


def _language(language: Any) -> bytes:
    return text_bytes(language, "language")


def explain(subscription: Subscription, request: Request, policy: Optional[Policy] = None,
            language: str = "en", decision: Any = None) -> str:
    """The explanation of the decision on `request`, as `lapse cancel`
    prints it.  LapseError for the inputs' errors or an unknown language;
    with `decision`, decision_mismatch when it is not what they give."""
    return explain_decision(subscription, request, policy, language, decision)


def explain_status(subscription: Subscription, on: datetime.date,
                   policy: Optional[Policy] = None, language: str = "en") -> str:
    """The explanation of the status on `on`, as `lapse status` prints it."""
    check_type(subscription, Subscription, "subscription")
    code = _language(language)
    s, p, day = subscription._to_c(), policy_c(policy), to_day(on, "on")
    info = _native.StatusInfoC()
    lib.lapse_status_at(p, s, day, info, ctypes.byref(_native.ErrorDetail()))
    return _call.text(lambda buf, size, length, detail:
                      lib.lapse_explain_status(p, s, day, info, code, buf, size, length, detail))


def explain_event(subscription: Subscription, event: Any, language: str = "en") -> str:
    """One line of `lapse timeline` for an Event of lapse.timeline()."""
    check_type(subscription, Subscription, "subscription")
    code = _language(language)
    c = _native.EventC()
    c.date = to_day(event.date, "event")
    c.kind = value_of(Kind.EVENT, event.event, "event")
    c.term = -1 if event.term is None else event.term
    c.amount = event.amount
    s = subscription._to_c()
    return _call.text(lambda buf, size, length, detail:
                      lib.lapse_explain_event(s, c, code, buf, size, length, detail))


__all__ = ["explain", "explain_status", "explain_event", "languages", "LapseError"]
