"""The C library declared: a ctypes mirror of every public struct (each
size checked against the library's lapse_sizeof_*()), argtypes and restype
for every function, and an errcheck that raises LapseError, built from the
lapse_error_detail, for every function that reports one."""
from __future__ import annotations

import ctypes
import struct
from typing import Any

from ._loader import lib
from .errors import error_from

c_date = ctypes.c_int32
c_error = ctypes.c_int


FIELD_SIZE = 32     # LAPSE_FIELD_SIZE
MESSAGE_SIZE = 200  # LAPSE_MESSAGE_SIZE


class ErrorDetail(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("line", ctypes.c_int32), ("column", ctypes.c_int32),
                ("field", ctypes.c_char * FIELD_SIZE), ("message", ctypes.c_char * MESSAGE_SIZE),
                ("reserved", ctypes.c_uint32 * 4)]


class HolidaysC(ctypes.Structure):
    """lapse_holidays: the policy key holidays (DATES)."""
    _fields_ = [("count", ctypes.c_int32), ("dates", ctypes.c_int32 * 64)]


# lapse_policy_key_type: DAYS, FLAG, CHOICE, ROLES, AMOUNT, PERCENT, DATES.
_KEY_CTYPES = (ctypes.c_int32, ctypes.c_int32, ctypes.c_int, ctypes.c_uint32, ctypes.c_int64,
               ctypes.c_int32, HolidaysC)


def policy_key_table() -> tuple[tuple[str, int, int, int], ...]:
    """The policy keys from the library's table (lapse_policy_key): name,
    type, kind and offset, in canonical order."""
    function = lib.lapse_policy_key
    function.argtypes = [ctypes.c_size_t, ctypes.POINTER(ctypes.c_int),
                         ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_size_t)]
    function.restype = ctypes.c_char_p
    found = []
    key_type, kind, offset = ctypes.c_int(), ctypes.c_int(), ctypes.c_size_t()
    while (key := function(len(found), ctypes.byref(key_type), ctypes.byref(kind),
                           ctypes.byref(offset))) is not None:
        found.append((key.decode(), key_type.value, kind.value, offset.value))
    return tuple(found)


def _policy_fields() -> list[tuple[str, Any]]:
    """lapse_policy's fields, from the library's table rather than written
    out: each key at its offset as its type holds it; the room before the
    amount is its currency (termination_fee_currency, the one field that is
    no key), the rest to lapse_sizeof_policy() is reserved.  A key added to
    the table needs nothing here (test_policy_keys checks the offsets)."""
    fields: list[tuple[str, Any]] = []
    at = 0
    for key, key_type, _, offset in sorted(policy_key_table(), key=lambda item: item[3]):
        if offset > at and key_type == 4:  # AMOUNT
            fields.append(("termination_fee_currency", ctypes.c_char * (offset - at)))
        elif offset != at:
            raise ImportError(f"lapse_policy: no field known before {key} at {offset}")
        fields.append((key, _KEY_CTYPES[key_type]))
        at = offset + ctypes.sizeof(_KEY_CTYPES[key_type])
    lib.lapse_sizeof_policy.restype = ctypes.c_size_t
    fields.append(("reserved", ctypes.c_uint32 * ((lib.lapse_sizeof_policy() - at) // 4)))
    return fields


class PolicyC(ctypes.Structure):
    _fields_ = _policy_fields()


ITEMS_MAX = 16       # LAPSE_ITEMS_MAX
ITEM_NAME_SIZE = 32  # LAPSE_ITEM_NAME_SIZE


class ItemC(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char * ITEM_NAME_SIZE), ("unit_price", ctypes.c_int64),
                ("quantity", ctypes.c_int32), ("committed", ctypes.c_int32),
                ("assigned", ctypes.c_int32), ("reserved", ctypes.c_uint32 * 3)]


class ReductionC(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char * ITEM_NAME_SIZE), ("quantity", ctypes.c_int32),
                ("reserved", ctypes.c_uint32 * 3)]


class ItemResultC(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char * ITEM_NAME_SIZE), ("quantity", ctypes.c_int32),
                ("quantity_after", ctypes.c_int32), ("released_on", c_date),
                ("unassign", ctypes.c_int32)]


class SubscriptionC(ctypes.Structure):
    _fields_ = [("start", c_date), ("term", ctypes.c_int32), ("renewal_term", ctypes.c_int32),
                ("billing", ctypes.c_int32), ("price", ctypes.c_int64),
                ("balance", ctypes.c_int64), ("currency", ctypes.c_char * 4),
                ("auto_renew", ctypes.c_int32), ("contract", ctypes.c_int32),
                ("online_cancel", ctypes.c_int32), ("licenses", ctypes.c_int32),
                ("cancelled_on", c_date), ("renewal_price", ctypes.c_int64),
                ("billing_day", ctypes.c_int32), ("item_count", ctypes.c_int32),
                ("items", ctypes.c_void_p), ("billing_month", ctypes.c_int32),
                ("trial_end", c_date), ("concluded_on", c_date),
                ("withdrawal_informed", ctypes.c_int32), ("express_request", ctypes.c_int32),
                ("paused_from", c_date), ("resumes_on", c_date),
                ("intro_months", ctypes.c_int32), ("intro_price", ctypes.c_int64),
                ("reserved", ctypes.c_uint32 * 2)]


class RequestC(ctypes.Structure):
    _fields_ = [("on", c_date), ("channel", ctypes.c_int), ("roles", ctypes.c_uint32),
                ("can_sign_in", ctypes.c_int32), ("provided", ctypes.c_uint32),
                ("end_on", c_date), ("reduce", ctypes.c_void_p),
                ("reduce_count", ctypes.c_int32), ("reserved", ctypes.c_uint32 * 7)]


class DecisionC(ctypes.Structure):
    _fields_ = [("allowed", ctypes.c_int32), ("blocked", ctypes.c_uint32),
                ("warnings", ctypes.c_uint32), ("missing_support_info", ctypes.c_uint32),
                ("route", ctypes.c_int), ("term_start", c_date), ("term_end", c_date),
                ("notice_deadline", c_date), ("renews_first", ctypes.c_int32),
                ("effective_end", c_date), ("remaining_term_charge", ctypes.c_int64),
                ("still_to_invoice", ctypes.c_int64), ("refund", ctypes.c_int64),
                ("invoices_left", ctypes.c_int32), ("next_invoice", c_date),
                ("currency", ctypes.c_char * 4), ("data_deleted_on", c_date),
                ("confirmation", ctypes.c_int), ("reserved_pad", ctypes.c_uint32),
                ("termination_fee", ctypes.c_int64), ("change_effective_on", c_date),
                ("reserved", ctypes.c_uint32 * 1), ("recurring_after", ctypes.c_int64),
                ("saving", ctypes.c_int64), ("applied_to_balance", ctypes.c_int64),
                ("cash_refund", ctypes.c_int64), ("account_credit", ctypes.c_int64),
                ("balance_after", ctypes.c_int64)]


class StatusInfoC(ctypes.Structure):
    _fields_ = [("status", ctypes.c_int), ("since", c_date), ("until", c_date),
                ("effective_end", c_date), ("data_deleted_on", c_date),
                ("listed_as", ctypes.c_int), ("refund", ctypes.c_int64),
                ("termination_fee", ctypes.c_int64), ("reserved", ctypes.c_uint32 * 2)]


class ReactivationInfoC(ctypes.Structure):
    _fields_ = [("charge", ctypes.c_int64), ("applied_to_balance", ctypes.c_int64),
                ("cash_refund", ctypes.c_int64), ("account_credit", ctypes.c_int64),
                ("outcome", ctypes.c_int),
                ("effective_end", c_date), ("data_deleted_on", c_date),
                ("reserved", ctypes.c_uint32 * 5)]


class EventC(ctypes.Structure):
    _fields_ = [("amount", ctypes.c_int64), ("date", c_date), ("kind", ctypes.c_int),
                ("term", ctypes.c_int32), ("reserved", ctypes.c_uint32 * 3)]


class LintFindingC(ctypes.Structure):
    _fields_ = [("key", ctypes.c_char * FIELD_SIZE), ("line", ctypes.c_int32),
                ("column", ctypes.c_int32), ("message", ctypes.c_char * MESSAGE_SIZE),
                ("reserved", ctypes.c_uint32 * 4)]


# LAPSE_TABLE_MAX_COLUMNS (lapse/tables.h): TableC and RowC are checked against
# lapse_sizeof_table() and lapse_sizeof_row() when the library is loaded.
MAX_COLUMNS = 256


class TableC(ctypes.Structure):
    _fields_ = [("separator", ctypes.c_char), ("count", ctypes.c_int32),
                ("columns", ctypes.c_int * MAX_COLUMNS), ("reserved", ctypes.c_uint32 * 4)]


class RowC(ctypes.Structure):
    _fields_ = [("subscription", SubscriptionC), ("request", RequestC),
                ("policy", PolicyC), ("has_policy", ctypes.c_int32),
                ("count", ctypes.c_int32), ("offset", ctypes.c_uint32 * MAX_COLUMNS),
                ("length", ctypes.c_uint32 * MAX_COLUMNS), ("items", ItemC * ITEMS_MAX),
                ("reduce", ReductionC * ITEMS_MAX), ("reserved", ctypes.c_uint32 * 4)]


class InputsC(ctypes.Structure):
    _fields_ = [("subscription", SubscriptionC), ("request", RequestC),
                ("items", ItemC * ITEMS_MAX), ("reduce", ReductionC * ITEMS_MAX),
                ("reserved", ctypes.c_uint32 * 4)]


class ArrayC(ctypes.Structure):
    _fields_ = [("column", ctypes.c_int), ("type", ctypes.c_int), ("data", ctypes.c_void_p),
                ("stride", ctypes.c_ssize_t), ("reserved", ctypes.c_uint32 * 2)]


class TextC(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("length", ctypes.c_size_t)]


class DictionaryC(ctypes.Structure):
    _fields_ = [("codes", ctypes.c_void_p), ("code_type", ctypes.c_int),
                ("reserved", ctypes.c_uint32), ("values", ctypes.c_void_p),
                ("count", ctypes.c_size_t), ("cache", ctypes.c_void_p)]


class CellC(ctypes.Structure):
    _fields_ = [("column", ctypes.c_int), ("text", ctypes.c_char_p), ("length", ctypes.c_size_t)]


# Each mirror and the C function that reports the C size.
MIRRORS = {
    "policy": PolicyC, "subscription": SubscriptionC, "request": RequestC,
    "decision": DecisionC, "status_info": StatusInfoC,
    "reactivation_info": ReactivationInfoC, "event": EventC, "error_detail": ErrorDetail,
    "table": TableC, "row": RowC, "lint_finding": LintFindingC, "array": ArrayC,
    "text": TextC, "dictionary": DictionaryC,
    "item": ItemC, "reduction": ReductionC, "item_result": ItemResultC, "inputs": InputsC,
}

P = ctypes.POINTER
_SIGNATURES = {
    "lapse_version": ([], ctypes.c_char_p),
    "lapse_error_name": ([c_error], ctypes.c_char_p),
    "lapse_strerror": ([c_error], ctypes.c_char_p),
    "lapse_date_none": ([], c_date),
    "lapse_amount_none": ([], ctypes.c_int64),
    "lapse_date_min": ([], c_date),
    "lapse_date_max": ([], c_date),
    "lapse_date_add_months": ([c_date, ctypes.c_int32, P(c_date)], c_error),
    "lapse_months_since": ([c_date, c_date], ctypes.c_int32),
    "lapse_amount_parse_n": ([ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                              P(ctypes.c_int64)], c_error),
    "lapse_amount_format": ([ctypes.c_int64, ctypes.c_char_p, ctypes.c_char_p,
                             ctypes.c_size_t], ctypes.c_size_t),
    "lapse_currency_digits": ([ctypes.c_char_p, P(ctypes.c_int32)], c_error),
    "lapse_name": ([ctypes.c_int, ctypes.c_uint32], ctypes.c_char_p),
    "lapse_policy_default": ([P(PolicyC)], None),
    "lapse_policy_preset": ([ctypes.c_char_p, P(PolicyC), P(ErrorDetail)], c_error),
    "lapse_policy_preset_name": ([ctypes.c_size_t], ctypes.c_char_p),
    "lapse_policy_parse": ([ctypes.c_char_p, ctypes.c_size_t, P(PolicyC), P(ErrorDetail)],
                           c_error),
    "lapse_policy_format": ([P(PolicyC), ctypes.c_char_p, ctypes.c_size_t], ctypes.c_size_t),
    "lapse_policy_key": ([ctypes.c_size_t, P(ctypes.c_int), P(ctypes.c_int), P(ctypes.c_size_t)],
                         ctypes.c_char_p),
    "lapse_subscription_init": ([P(SubscriptionC)], None),
    "lapse_request_init": ([P(RequestC)], None),
    "lapse_decide_cancel": ([P(PolicyC), P(SubscriptionC), P(RequestC), P(DecisionC),
                             P(ErrorDetail)], c_error),
    "lapse_decide_batch": ([P(PolicyC), P(SubscriptionC), P(RequestC), ctypes.c_size_t,
                            P(DecisionC), P(c_error), P(ctypes.c_size_t), P(ErrorDetail)],
                           c_error),
    "lapse_decide_csv": ([P(PolicyC), ctypes.c_void_p, ctypes.c_size_t, P(DecisionC),
                          P(c_error), P(ctypes.c_int32), ctypes.c_size_t, P(ctypes.c_size_t),
                          P(ErrorDetail)], c_error),
    "lapse_status_at": ([P(PolicyC), P(SubscriptionC), c_date, P(StatusInfoC),
                         P(ErrorDetail)], c_error),
    "lapse_reactivate": ([P(PolicyC), P(SubscriptionC), c_date, P(ReactivationInfoC),
                          P(ErrorDetail)], c_error),
    "lapse_timeline": ([P(PolicyC), P(SubscriptionC), P(RequestC), P(EventC), ctypes.c_size_t,
                        P(ctypes.c_size_t), P(ErrorDetail)], c_error),
    "lapse_explain": ([P(PolicyC), P(SubscriptionC), P(RequestC), P(DecisionC), ctypes.c_char_p,
                       ctypes.c_char_p, ctypes.c_size_t, P(ctypes.c_size_t), P(ErrorDetail)],
                      c_error),
    "lapse_explain_status": ([P(PolicyC), P(SubscriptionC), c_date, P(StatusInfoC),
                              ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
                              P(ctypes.c_size_t), P(ErrorDetail)], c_error),
    "lapse_explain_event": ([P(SubscriptionC), P(EventC), ctypes.c_char_p, ctypes.c_char_p,
                             ctypes.c_size_t, P(ctypes.c_size_t), P(ErrorDetail)], c_error),
    "lapse_language_code": ([ctypes.c_size_t], ctypes.c_char_p),
    "lapse_change_route": ([ctypes.c_int], ctypes.c_int),
    "lapse_erasure_route": ([], ctypes.c_int),
    "lapse_table_header": ([P(TableC), ctypes.c_char, ctypes.c_char_p, ctypes.c_size_t,
                            P(ErrorDetail)], c_error),
    "lapse_table_row": ([P(TableC), ctypes.c_char_p, ctypes.c_size_t, P(RowC),
                         P(ErrorDetail)], c_error),
    "lapse_policy_check": ([P(PolicyC), P(ErrorDetail)], c_error),
    "lapse_policy_lint": ([P(PolicyC), P(LintFindingC), ctypes.c_size_t, P(ctypes.c_size_t),
                           P(ErrorDetail)], c_error),
    "lapse_policy_lint_text": ([ctypes.c_char_p, ctypes.c_size_t, P(LintFindingC),
                                ctypes.c_size_t, P(ctypes.c_size_t), P(ErrorDetail)], c_error),
    "lapse_name_lookup": ([ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t,
                           P(ctypes.c_uint32)], c_error),
    "lapse_column_lookup": ([ctypes.c_char_p, ctypes.c_size_t, P(ctypes.c_int)], c_error),
    "lapse_column_type_of": ([ctypes.c_int], ctypes.c_int),
    "lapse_column_is_input": ([ctypes.c_int], ctypes.c_int32),
    "lapse_column_name": ([ctypes.c_int], ctypes.c_char_p),
    "lapse_decision_column": ([ctypes.c_size_t], ctypes.c_int),
    "lapse_inputs_parse": ([P(CellC), ctypes.c_size_t, P(SubscriptionC), P(RequestC),
                            P(ErrorDetail)], ctypes.c_int),
    "lapse_csv_line_open": ([ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int], ctypes.c_int),
    "lapse_inputs_read": ([P(CellC), ctypes.c_size_t, P(InputsC), P(ErrorDetail)], c_error),
    "lapse_items_parse": ([ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, P(ItemC),
                           ctypes.c_size_t, P(ctypes.c_int32), P(ErrorDetail)], c_error),
    "lapse_items_format": ([P(ItemC), ctypes.c_int32, ctypes.c_char_p, ctypes.c_char_p,
                            ctypes.c_size_t], ctypes.c_size_t),
    "lapse_reductions_parse": ([ctypes.c_char_p, ctypes.c_size_t, P(ReductionC),
                                ctypes.c_size_t, P(ctypes.c_int32), P(ErrorDetail)], c_error),
    "lapse_reductions_format": ([P(ReductionC), ctypes.c_int32, ctypes.c_char_p,
                                 ctypes.c_size_t], ctypes.c_size_t),
    "lapse_decide_items": ([P(PolicyC), P(SubscriptionC), P(RequestC), P(ItemResultC),
                            ctypes.c_size_t, P(ctypes.c_size_t), P(ErrorDetail)], c_error),
    "lapse_item_results_format": ([P(ItemResultC), ctypes.c_size_t, ctypes.c_char_p,
                                   ctypes.c_size_t], ctypes.c_size_t),
}
for _kind in MIRRORS:
    _SIGNATURES[f"lapse_sizeof_{_kind}"] = ([], ctypes.c_size_t)


def _raise_with_detail(result: int, function: Any, args: tuple) -> int:
    """errcheck: a non-zero lapse_error raises, with the detail when given."""
    if result:
        detail = args[-1]
        raise error_from(lib, result, getattr(detail, "_obj", detail))
    return result


for _name, (_args, _result) in _SIGNATURES.items():
    _function = getattr(lib, _name)
    _function.argtypes = _args
    _function.restype = _result
    if _result is c_error and _args and _args[-1] is P(ErrorDetail):
        _function.errcheck = _raise_with_detail

DATE_NONE = lib.lapse_date_none()
AMOUNT_NONE = lib.lapse_amount_none()
DATE_MIN = lib.lapse_date_min()
DATE_MAX = lib.lapse_date_max()
EPOCH_ORDINAL = 719163  # datetime.date(1970, 1, 1).toordinal()

_CODES = {ctypes.c_int32: "i", ctypes.c_int: "i", ctypes.c_uint32: "I", ctypes.c_int64: "q",
          ctypes.c_void_p: "Q" if ctypes.sizeof(ctypes.c_void_p) == 8 else "I"}


def layout(mirror: type) -> struct.Struct:
    """The struct module layout of a ctypes mirror: its fields in order (a
    char array as bytes), reserved space and padding as pad bytes, so that
    rows are packed and unpacked in one call each."""
    codes, position = [], 0
    for name, kind in mirror._fields_:
        offset = getattr(mirror, name).offset
        if offset > position:
            codes.append(f"{offset - position}x")
        size = ctypes.sizeof(kind)
        if name.startswith("reserved"):
            codes.append(f"{size}x")
        elif issubclass(kind, ctypes.Array):
            codes.append(f"{kind._length_}s")
        else:
            codes.append(_CODES[kind])
        position = offset + size
    if ctypes.sizeof(mirror) > position:
        codes.append(f"{ctypes.sizeof(mirror) - position}x")
    return struct.Struct("=" + "".join(codes))


del _kind, _name, _args, _result, _function
