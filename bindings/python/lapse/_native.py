"""The C library, found and declared: every function lapse uses has its
argtypes and restype, and every struct a ctypes mirror whose size is checked
against the library's own lapse_sizeof_*()."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import pathlib

_HERE = pathlib.Path(__file__).resolve().parent


def _candidates() -> list[tuple[str, str]]:
    """(place, path-or-name) in the order they are tried."""
    found: list[tuple[str, str]] = []
    env = os.environ.get("LAPSE_LIBRARY")
    if env:
        found.append(("LAPSE_LIBRARY", env))
    names = ["liblapse.so", "liblapse.so.0.2", "liblapse.dylib", "lapse.dll"]
    for name in names:
        found.append(("next to the package", str(_HERE / name)))
    # The source tree: bindings/python/lapse -> the repository's build dirs.
    root = _HERE.parent.parent.parent
    for build in ["build", "build/ci-plain", "builddir"]:
        for name in names[:2]:
            found.append(("build tree", str(root / build / name)))
    system = ctypes.util.find_library("lapse")
    found.append(("find_library('lapse')", system or ""))
    return found


def _load() -> ctypes.CDLL:
    tried = []
    for place, path in _candidates():
        if not path:
            tried.append(f"  {place}: not found")
            continue
        if os.sep in path and not os.path.exists(path):
            tried.append(f"  {place}: {path}: no such file")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as error:
            tried.append(f"  {place}: {path}: {error}")
    raise ImportError("lapse: cannot load the C library liblapse; tried:\n" + "\n".join(tried) +
                      "\nBuild it (bash examples/demo.sh), install it (meson install -C build)"
                      " or set LAPSE_LIBRARY to its path.")


lib = _load()

c_date = ctypes.c_int32
c_error = ctypes.c_int


FIELD_SIZE = 32     # LAPSE_FIELD_SIZE
MESSAGE_SIZE = 200  # LAPSE_MESSAGE_SIZE


class ErrorDetail(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("line", ctypes.c_int32), ("column", ctypes.c_int32),
                ("field", ctypes.c_char * FIELD_SIZE), ("message", ctypes.c_char * MESSAGE_SIZE),
                ("reserved", ctypes.c_uint32 * 4)]


class PolicyC(ctypes.Structure):
    _fields_ = [("retention_days", ctypes.c_int32), ("notice_days", ctypes.c_int32),
                ("refund", ctypes.c_int), ("online_needs_billing_admin", ctypes.c_int32),
                ("balance_blocks_online", ctypes.c_int32),
                ("contract_via_support", ctypes.c_int32), ("contract_roles", ctypes.c_uint32),
                ("timing", ctypes.c_int), ("commitment", ctypes.c_int),
                ("termination_fee_percent", ctypes.c_int32), ("cooling_off_days", ctypes.c_int32),
                ("renewal", ctypes.c_int), ("notice_applies", ctypes.c_int),
                ("reserved_pad", ctypes.c_uint32), ("termination_fee", ctypes.c_int64),
                ("reserved", ctypes.c_uint32 * 8)]


class SubscriptionC(ctypes.Structure):
    _fields_ = [("start", c_date), ("term", ctypes.c_int32), ("renewal_term", ctypes.c_int32),
                ("billing", ctypes.c_int32), ("price", ctypes.c_int64),
                ("balance", ctypes.c_int64), ("currency", ctypes.c_char * 4),
                ("auto_renew", ctypes.c_int32), ("contract", ctypes.c_int32),
                ("online_cancel", ctypes.c_int32), ("licenses", ctypes.c_int32),
                ("cancelled_on", c_date), ("reserved", ctypes.c_uint32 * 10)]


class RequestC(ctypes.Structure):
    _fields_ = [("on", c_date), ("channel", ctypes.c_int), ("roles", ctypes.c_uint32),
                ("can_sign_in", ctypes.c_int32), ("provided", ctypes.c_uint32),
                ("reserved", ctypes.c_uint32 * 11)]


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
                ("termination_fee", ctypes.c_int64), ("reserved", ctypes.c_uint32 * 6)]


class StatusInfoC(ctypes.Structure):
    _fields_ = [("status", ctypes.c_int), ("since", c_date), ("until", c_date),
                ("effective_end", c_date), ("data_deleted_on", c_date),
                ("listed_as", ctypes.c_int), ("reserved", ctypes.c_uint32 * 6)]


class ReactivationInfoC(ctypes.Structure):
    _fields_ = [("charge", ctypes.c_int64), ("outcome", ctypes.c_int),
                ("effective_end", c_date), ("data_deleted_on", c_date),
                ("reserved", ctypes.c_uint32 * 5)]


class EventC(ctypes.Structure):
    _fields_ = [("amount", ctypes.c_int64), ("date", c_date), ("kind", ctypes.c_int),
                ("term", ctypes.c_int32), ("reserved", ctypes.c_uint32 * 3)]


MAX_COLUMNS = 64


class TableC(ctypes.Structure):
    _fields_ = [("separator", ctypes.c_char), ("count", ctypes.c_int32),
                ("columns", ctypes.c_int * MAX_COLUMNS), ("reserved", ctypes.c_uint32 * 4)]


class RowC(ctypes.Structure):
    _fields_ = [("subscription", SubscriptionC), ("request", RequestC),
                ("policy", PolicyC), ("has_policy", ctypes.c_int32),
                ("count", ctypes.c_int32), ("offset", ctypes.c_uint32 * MAX_COLUMNS),
                ("length", ctypes.c_uint32 * MAX_COLUMNS), ("reserved", ctypes.c_uint32 * 4)]


# Each mirror and the C function that reports the C size.
MIRRORS = {
    "policy": PolicyC, "subscription": SubscriptionC, "request": RequestC,
    "decision": DecisionC, "status_info": StatusInfoC,
    "reactivation_info": ReactivationInfoC, "event": EventC, "error_detail": ErrorDetail,
    "table": TableC, "row": RowC,
}

P = ctypes.POINTER
_SIGNATURES = {
    "lapse_version": ([], ctypes.c_char_p),
    "lapse_error_name": ([c_error], ctypes.c_char_p),
    "lapse_strerror": ([c_error], ctypes.c_char_p),
    "lapse_date_none": ([], c_date),
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
    "lapse_change_route": ([ctypes.c_int], ctypes.c_int),
    "lapse_erasure_route": ([], ctypes.c_int),
    "lapse_table_header": ([P(TableC), ctypes.c_char, ctypes.c_char_p, ctypes.c_size_t,
                            P(ErrorDetail)], c_error),
    "lapse_table_row": ([P(TableC), ctypes.c_char_p, ctypes.c_size_t, P(RowC),
                         P(ErrorDetail)], c_error),
}
for _kind in MIRRORS:
    _SIGNATURES[f"lapse_sizeof_{_kind}"] = ([], ctypes.c_size_t)

for _name, (_args, _result) in _SIGNATURES.items():
    _function = getattr(lib, _name)
    _function.argtypes = _args
    _function.restype = _result

DATE_NONE = lib.lapse_date_none()
DATE_MIN = lib.lapse_date_min()
DATE_MAX = lib.lapse_date_max()
EPOCH_ORDINAL = 719163  # datetime.date(1970, 1, 1).toordinal()

del _kind, _name, _args, _result, _function
