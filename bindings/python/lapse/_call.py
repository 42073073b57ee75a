"""The fast path into C for single calls.

A ctypes call with byref() arguments and a Structure per field costs
microseconds; most of it is Python objects made and thrown away.  Here
every thread has one workspace, a C buffer that holds a subscription, a
request, an output and an error detail at fixed offsets; inputs are packed
into it with one precompiled struct.Struct call each, the C function is
called with raw addresses (no errcheck), and the output is unpacked in one
call.  A policy is converted to C once and kept while the Policy lives.
"""
from __future__ import annotations

import ctypes
import struct
import threading
import weakref
from typing import Any, Optional

from . import _native
from ._native import lib
from .errors import LapseError, error_from

SUBSCRIPTION = _native.layout(_native.SubscriptionC)
REQUEST = _native.layout(_native.RequestC)


def _aligned(size: int) -> int:
    return (size + 15) & ~15


# Workspace offsets: subscription, request, output (the largest output a
# single call writes), error detail.
SUBSCRIPTION_AT = 0
REQUEST_AT = _aligned(SUBSCRIPTION.size)
OUTPUT_AT = REQUEST_AT + _aligned(REQUEST.size)
_OUTPUT_SIZE = max(ctypes.sizeof(_native.DecisionC), ctypes.sizeof(_native.StatusInfoC),
                   ctypes.sizeof(_native.ReactivationInfoC))
DETAIL_AT = OUTPUT_AT + _aligned(_OUTPUT_SIZE)
_SIZE = DETAIL_AT + ctypes.sizeof(_native.ErrorDetail)
# A subscription and a request at their offsets, packed in one call.
PAIR = struct.Struct(SUBSCRIPTION.format + f"{REQUEST_AT - SUBSCRIPTION.size}x" +
                     REQUEST.format.lstrip("="))


class _Workspace(threading.local):
    """One per thread, so that calls from many threads never share it."""

    def __init__(self) -> None:
        buffer = ctypes.create_string_buffer(_SIZE)
        address = ctypes.addressof(buffer)
        # (buffer, and the addresses of its subscription, request, output
        # and detail), as a call reads them.
        self.parts = (buffer, address + SUBSCRIPTION_AT, address + REQUEST_AT,
                      address + OUTPUT_AT, address + DETAIL_AT)


_workspace = _Workspace()


def workspace() -> tuple[Any, int, int, int, int]:
    """This thread's buffer and the addresses of its subscription, request,
    output and error detail."""
    return _workspace.parts


def raw(name: str, *argtypes: Any) -> Any:
    """A second handle on a C function, without the errcheck of _native:
    the caller checks the result itself."""
    function = lib[name]
    function.argtypes = argtypes
    function.restype = _native.c_error
    return function


def fail(code: int, buffer: Any) -> LapseError:
    """The LapseError of a failed call, from the workspace's detail."""
    return error_from(lib, code, _native.ErrorDetail.from_buffer(buffer, DETAIL_AT))


# Policies converted to C, by id, each entry dropped when its Policy is
# collected (a weak reference's callback), so an id is never reused stale.
_POLICIES: dict[int, tuple[Any, Any, int]] = {}


def policy_address(policy: Any) -> Optional[int]:
    """The address of `policy` converted to C (None for the default)."""
    if policy is None:
        return None
    entry = _POLICIES.get(id(policy))
    if entry is not None and entry[0]() is policy:
        return entry[2]
    from .model import policy_c  # checks the type; model imports this module
    c = policy_c(policy)
    key = id(policy)  # policy_c checked it is a Policy, which takes weak references
    ref = weakref.ref(policy, lambda _ref, key=key: _POLICIES.pop(key, None))
    _POLICIES[key] = (ref, c, ctypes.addressof(c))
    return _POLICIES[key][2]


def text(call: Any) -> str:
    """Runs an explain call (buf, size, length, detail) twice: for the
    length, then into a buffer of that size."""
    length = ctypes.c_size_t()
    call(None, 0, ctypes.byref(length), ctypes.byref(_native.ErrorDetail()))
    buffer = ctypes.create_string_buffer(length.value + 1)
    call(buffer, len(buffer), ctypes.byref(length), ctypes.byref(_native.ErrorDetail()))
    return buffer.raw[:length.value].decode()
