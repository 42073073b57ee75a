"""The library's stable names: the kinds of names, the enums and flags of the
model, and one lookup from a name to its value (the C library's own, where
'-' and '_' are the same)."""
from __future__ import annotations

import ctypes
import enum
import functools
from collections.abc import Iterable
from typing import Any

from ._native import lib, policy_key_table
from .errors import LapseError


def _kinds() -> dict[str, int]:
    """The sets of names (lapse_kind): those of the model, then the kind of
    each CHOICE key of the policy, named as the first key of its values
    (LAPSE_KIND_TIMING is timing's and reduction_timing's), from the
    library's table (lapse_policy_key)."""
    kinds = {"ROLE": 0, "CHANNEL": 1, "SUPPORT_INFO": 2, "REASON": 3, "WARNING": 4, "ROUTE": 5,
             "CONFIRMATION": 6, "STATUS": 7, "LISTING": 8, "CHANGE": 9, "REACTIVATION": 10,
             "EVENT": 11}
    for key, key_type, kind, _ in sorted(policy_key_table(), key=lambda item: item[2]):
        if key_type == 2 and kind not in kinds.values():  # LAPSE_POLICY_KEY_CHOICE
            kinds[key.upper()] = kind
    return kinds


Kind = enum.IntEnum("Kind", _kinds(), module=__name__)  # type: ignore[misc]
Kind.__doc__ = "The sets of names (lapse_kind)."


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


# The kind of names behind each enum and flag of this module.
KIND_OF = {Role: Kind.ROLE, Channel: Kind.CHANNEL, SupportInfo: Kind.SUPPORT_INFO,
           Change: Kind.CHANGE}


def name(kind: Kind, value: int) -> str:
    """The stable name of a value (of one bit, for bit-set kinds)."""
    text = lib.lapse_name(kind, value)
    if text is None:
        raise LapseError("unknown_name", "", f"{kind.name.lower()} {value}: has no name")
    return text.decode()


@functools.lru_cache(maxsize=None)
def names_of(kind: Kind) -> tuple[str, ...]:
    """Every name of a kind in value order, for messages and JSON order."""
    found = []
    bits = kind in (Kind.ROLE, Kind.SUPPORT_INFO, Kind.REASON, Kind.WARNING)
    for index in range(32):
        text = lib.lapse_name(kind, 1 << index if bits else index)
        if text is not None:
            found.append(text.decode())
        elif bits or index > 0:  # only value 0 may lack a name
            break
    return tuple(found)


def bit_names(kind: Kind, bits: int) -> tuple[str, ...]:
    """The names of the bits set, in the library's order."""
    return tuple(name(kind, 1 << i) for i in range(32) if bits >> i & 1)


@functools.lru_cache(maxsize=1024)
def _lookup(kind: Kind, text: str) -> int:
    data = text.encode("utf-8", errors="surrogateescape")
    value = ctypes.c_uint32()
    if lib.lapse_name_lookup(kind, data, len(data), ctypes.byref(value)):
        raise KeyError(text)
    return value.value


def value_of(kind: Kind, text: Any, field: str) -> int:
    """The value of a stable name ('-' or '_', any case of the enum's own
    spelling); LapseError unknown_name naming the field otherwise."""
    if not isinstance(text, str):
        raise TypeError(f"{field}: expected str, got {type(text).__name__}")
    try:
        return _lookup(kind, text.lower())
    except KeyError:
        extra = ", all" if kind == Kind.SUPPORT_INFO else ""
        raise LapseError("unknown_name", field, f"{field} {text!r}: not one of " +
                         ", ".join(names_of(kind)) + extra) from None


def flag(cls: type, value: Any, field: str) -> int:
    """A Flag member, a stable name, or an iterable of either, as bits."""
    if isinstance(value, cls):
        return value._value_
    if isinstance(value, str):
        value = [value] if value else []
    if not isinstance(value, Iterable):
        raise TypeError(f"{field}: expected {cls.__name__}, got {type(value).__name__}")
    bits = 0
    for item in value:
        if isinstance(item, cls):
            bits |= item._value_
        elif isinstance(item, str):
            bits |= value_of(KIND_OF[cls], item, field)
        else:
            raise TypeError(f"{field}: expected {cls.__name__} or names, "
                            f"got {type(item).__name__}")
    return bits


def choice(cls: type, value: Any, field: str) -> int:
    """An Enum member or its stable name, as its value."""
    if isinstance(value, cls):
        return value.value
    if isinstance(value, str):
        return value_of(KIND_OF[cls], value, field)
    raise TypeError(f"{field}: expected {cls.__name__}, got {type(value).__name__}")
