"""Time zones (#29): an IANA zone read by the library itself
(lapse_zone_load, from /usr/share/zoneinfo unless told otherwise), the
local date of an instant and the first instant of a local date.
Request(at=<aware datetime>, zone="Europe/Rome") takes its date from here;
a decision of such a request has notice_deadline_at and access_ends_at."""
from __future__ import annotations

import ctypes
import datetime
import functools
from typing import Any, Optional, Union

from . import _native
from ._native import lib
from .errors import LapseError

DEFAULT_DIRECTORY = "/usr/share/zoneinfo"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()
_P = ctypes.POINTER
_ERROR = _native.ErrorDetail

lib.lapse_sizeof_zone.restype = ctypes.c_size_t
lib.lapse_zone_load.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, _P(_ERROR)]
lib.lapse_zone_load.restype = ctypes.c_int
lib.lapse_zone_date.argtypes = [ctypes.c_void_p, ctypes.c_int64, _P(ctypes.c_int32)]
lib.lapse_zone_date.restype = ctypes.c_int
lib.lapse_zone_day_start.argtypes = [ctypes.c_void_p, ctypes.c_int32, _P(ctypes.c_int64)]
lib.lapse_zone_day_start.restype = ctypes.c_int
lib.lapse_decision_instants.argtypes = [ctypes.c_void_p, ctypes.c_void_p, _P(ctypes.c_int64),
                                        _P(ctypes.c_int64), _P(_ERROR)]
lib.lapse_decision_instants.restype = ctypes.c_int
lib.lapse_explain_in_zone.argtypes = [
    _P(_native.PolicyC), _P(_native.SubscriptionC), _P(_native.RequestC),
    _P(_native.DecisionC), ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
    _P(ctypes.c_size_t), _P(_ERROR)]
lib.lapse_explain_in_zone.restype = ctypes.c_int
_ZONE_SIZE = lib.lapse_sizeof_zone()
_INSTANT_NONE = -(2 ** 63)


def _raise(code: int, detail: Any) -> None:
    from .errors import error_from
    raise error_from(lib, code, detail)


class Zone:
    """An IANA time zone as lapse reads it (a TZif file; lapse_zone in C).
    Zone("Europe/Rome") loads it from `directory`; a name with '..', an
    absolute path or a character outside [A-Za-z0-9_+-/] is refused before
    any file is opened (LapseError value_syntax, field "zone"), a zone not
    there is unknown_name, a corrupt file value_syntax naming the zone."""

    __slots__ = ("name", "directory", "_buffer")

    def __init__(self, name: str, directory: str = DEFAULT_DIRECTORY) -> None:
        if not isinstance(name, str):
            raise TypeError(f"zone: expected an IANA zone name (str), got {type(name).__name__}")
        self.name, self.directory = name, directory
        self._buffer = ctypes.create_string_buffer(_ZONE_SIZE)
        detail = _ERROR()
        code = lib.lapse_zone_load(directory.encode(), name.encode(), self._buffer,
                                   ctypes.byref(detail))
        if code:
            _raise(code, detail)

    def __repr__(self) -> str:
        return f"lapse.Zone({self.name!r})"

    def date(self, at: Union[datetime.datetime, int]) -> datetime.date:
        """The local date there of an aware datetime (or Unix seconds)."""
        seconds = unix_seconds(at, "at") if not isinstance(at, int) else at
        out = ctypes.c_int32()
        code = lib.lapse_zone_date(self._buffer, seconds, ctypes.byref(out))
        if code:
            raise LapseError("date_range", "at", f"at {at}: outside 0001-01-01 to 9999-12-31 "
                             f"in {self.name}")
        return datetime.date.fromordinal(out.value + _EPOCH_ORDINAL)

    def day_start(self, date: datetime.date) -> datetime.datetime:
        """The first instant of a local date there (UTC): local midnight,
        or the transition when a DST change skips it."""
        out = ctypes.c_int64()
        code = lib.lapse_zone_day_start(self._buffer, date.toordinal() - _EPOCH_ORDINAL,
                                        ctypes.byref(out))
        if code:
            raise LapseError("date_range", "date", f"date {date}: outside the range")
        return _EPOCH + datetime.timedelta(seconds=out.value)


@functools.lru_cache(maxsize=64)
def zone(name: str, directory: str = DEFAULT_DIRECTORY) -> Zone:
    """Zone(name, directory), loaded once."""
    return Zone(name, directory)


def unix_seconds(at: Any, field: str) -> int:
    """An aware datetime as whole Unix seconds (fractions dropped toward
    the past, as lapse counts whole seconds)."""
    if not isinstance(at, datetime.datetime):
        raise TypeError(f"{field}: expected an aware datetime.datetime, got {type(at).__name__}")
    if at.tzinfo is None or at.utcoffset() is None:
        raise LapseError("value_syntax", "requested_at",
                         f"requested_at {at.isoformat()}: a naive datetime; give its time zone "
                         "(tzinfo) or its offset")
    delta = at - _EPOCH
    return delta.days * 86400 + delta.seconds


def request_date(at: Any, zone_name: Any) -> tuple[datetime.date, Optional[Zone]]:
    """Request(at=, zone=): the local date of `at` in the zone (a name or a
    Zone), or, without a zone, in at's own offset (at.date())."""
    the_zone = as_zone(zone_name)
    if at is None:
        return None, the_zone
    seconds = unix_seconds(at, "at")
    if the_zone is None:
        return at.date(), None
    return the_zone.date(seconds), the_zone


def as_zone(value: Any) -> Optional[Zone]:
    if value is None or isinstance(value, Zone):
        return value
    return zone(value)


def decision_instants(the_zone: Zone, decision_c: Any) -> tuple[Optional[datetime.datetime],
                                                                Optional[datetime.datetime]]:
    """notice_deadline_at and access_ends_at of a decision in a zone."""
    deadline, ends = ctypes.c_int64(), ctypes.c_int64()
    detail = _ERROR()
    code = lib.lapse_decision_instants(the_zone._buffer, ctypes.byref(decision_c),
                                       ctypes.byref(deadline), ctypes.byref(ends),
                                       ctypes.byref(detail))
    if code:
        _raise(code, detail)
    return tuple(None if v.value == _INSTANT_NONE else _EPOCH + datetime.timedelta(seconds=v.value)
                 for v in (deadline, ends))
