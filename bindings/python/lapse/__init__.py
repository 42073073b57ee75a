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

The modules, one concern each: _loader (finding liblapse), _native (the C
declarations), errors, names, model (values, Policy, Subscription,
Request), decision, batch, columns (decide_columns), lifecycle (status,
reactivation, timeline), explain (explanations in words); lapse.pandas (decide_frame) imports pandas.
"""
from __future__ import annotations

import ctypes

from . import _native
from ._native import lib
from ._version import VERSION as __version__
from .batch import BatchResults, BatchRow, decide_many
from .columns import DECISION_COLUMNS, decide_columns
from .decision import Decision, ItemResult, decide_cancel
from .errors import LapseError
from .explain import explain, explain_event, explain_status, languages
from .lifecycle import (Event, Reactivation, Status, change_route, erasure_route, reactivate,
                        status_at, timeline)
from .model import (Item, LintFinding, Policy, Request, Subscription, add_months, format_amount,
                    months_since, parse_amount)
from .names import Change, Channel, Role, SupportInfo
from .zones import Zone

__all__ = [
    "LapseError", "LintFinding", "Role", "Channel", "SupportInfo", "Change", "Policy", "Subscription",
    "Request", "Item", "ItemResult", "Decision", "Status", "Reactivation", "Event", "BatchRow", "BatchResults",
    "decide_cancel", "decide_many", "decide_columns", "DECISION_COLUMNS", "status_at", "reactivate", "timeline", "change_route",
    "erasure_route", "add_months", "months_since", "parse_amount", "format_amount",
    "library_version", "struct_sizes", "speedups", "explain", "explain_status", "explain_event", "languages",
    "Zone",
]


def speedups() -> bool:
    """Whether decide_cancel runs through lapse._speedups, the optional C
    accelerator (built with the library when the Python headers are there;
    LAPSE_SPEEDUPS=off turns it off).  The results are the same either way."""
    from . import decision
    return decision.decide_cancel is not decision.pure_decide_cancel


def library_version() -> str:
    """The version of the C library loaded."""
    return lib.lapse_version().decode()


def struct_sizes() -> dict[str, tuple[int, int]]:
    """{struct: (size of the Python mirror, size the C library reports)}."""
    return {name: (ctypes.sizeof(mirror), getattr(lib, f"lapse_sizeof_{name}")())
            for name, mirror in _native.MIRRORS.items()}
