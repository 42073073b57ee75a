#!/usr/bin/env python3
"""lapse from Python against the honest Python baseline (#32): the default
policy in plain Python with datetime and O(1) month arithmetic (the months
from the start to the request in one step, the term and the billing period
by division; no walk), returning every field a Decision has.

    bench_python_plain.py --verify   only the agreement: both on 100,000
                                     random inputs, every field (the test
                                     python-plain-agrees, suite python)
    bench_python_plain.py            the agreement, then per call, timed
                                     interleaved in one process (ROUNDS
                                     rounds, each timing every side once,
                                     by wall clock and by CPU time;
                                     medians, and the median of the rounds'
                                     ratios): the baseline, decide_cancel
                                     (through lapse._speedups when built)
                                     and, with numpy, decide_columns on
                                     1,000,000 rows of numpy columns

Prints MISSED where a target is missed, by wall clock and by CPU time:
decide_cancel >= 3x the baseline per call, decide_columns >= 30x it per
row.

usage: LAPSE_LIBRARY=... [LAPSE_SPEEDUPS=...] bench_python_plain.py [--verify]
"""
import calendar
import datetime
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings",
                                "python"))
import lapse  # noqa: E402

CALLS = 20_000
COLUMN_ROWS = 1_000_000
ROUNDS = 7
VERIFY = 100_000

# ---- the plain Python baseline -------------------------------------------------

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ONE_DAY = datetime.timedelta(days=1)
_NOTICE = datetime.timedelta(days=30)
_RETENTION = datetime.timedelta(days=90)
_SUPPORT_INFO = frozenset(("account_id", "admin_email", "card_last4", "billing_address",
                           "products"))


def month_days(year, month):
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]


def add_months(date, months):
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(date.day, month_days(year, month)))


def months_since(anchor, day):
    """The largest k with anchor + k months <= day."""
    months = (day.year - anchor.year) * 12 + day.month - anchor.month
    if day.day < anchor.day and day.day < month_days(day.year, day.month):
        months -= 1
    return months


def plain_decide(start, term, renewal_term, billing, price, contract, auto_renew, online_cancel,
                 balance, licenses, on, channel, roles, can_sign_in, provided):
    """The default policy (docs/rules.md R1-R12) for a subscription without
    items, calendar billing or recorded cancellation: a dict of a Decision's
    fields.  roles and provided are sets of names."""
    if on < start:
        raise ValueError("on: before the start")
    renewal = renewal_term or term
    months = months_since(start, on)
    if months < term:
        offset, length = 0, term
    elif not auto_renew:
        raise ValueError("on: the subscription already ended")
    else:
        offset, length = term + (months - term) // renewal * renewal, renewal
    term_start, term_end = add_months(start, offset), add_months(start, offset + length)
    end_offset, end, notice = offset + length, term_end, None
    warnings = {"back_up_data"}
    fixed_term = contract and length > 1
    if not auto_renew:
        warnings.add("already_ending")
    elif fixed_term:  # R7
        notice = term_end - _NOTICE
        if on > notice:
            end_offset += renewal
            end = add_months(start, end_offset)
            warnings.add("notice_missed")
    step = billing or term  # R4
    current = months // step * step
    count = (end_offset - current) // step
    billing_admin = "billing_admin" in roles  # R5, R6
    authorized = billing_admin or (contract and bool(roles))
    blocked = set() if authorized else {"not_authorized"}
    missing = frozenset()
    if channel == "online":
        if not billing_admin:
            blocked.add("needs_billing_admin")
        if not online_cancel:
            blocked.add("online_unavailable")
        if fixed_term:
            blocked.add("contract_via_support")
        if balance > 0:
            blocked.add("outstanding_balance")
        if not can_sign_in:
            blocked.add("cannot_sign_in")
    else:
        missing = _SUPPORT_INFO - provided  # R8
        if missing:
            warnings.add("support_info_missing")
    if licenses > 0:  # R9
        warnings.add("licenses_assigned")
    if balance > 0:
        warnings.add("outstanding_balance")
    return {
        "allowed": not blocked, "blocked": frozenset(blocked), "warnings": frozenset(warnings),
        "missing_support_info": missing,
        "route": channel if not blocked else "support" if authorized else "none",
        "term_start": term_start, "term_end": term_end, "notice_deadline": notice,
        "renews_first": end > term_end, "effective_end": end,
        "remaining_term_charge": price * count, "still_to_invoice": price * (count - 1),
        "refund": 0, "termination_fee": 0, "invoices_left": count - 1,
        "next_invoice": add_months(start, current + step) if count > 1 else None,
        "currency": "EUR", "data_deleted_on": end + _RETENTION,
        "confirmation": "email" if contract else "expired_list",
    }


# ---- inputs -----------------------------------------------------------------------

_TERMS = (1, 1, 1, 3, 6, 12, 12, 15, 24, 36)
_ROLES = ("billing_admin", "product_admin", "billing_contact")


def random_case(rng):
    """A subscription and request inside what plain_decide covers, as
    (lapse.Subscription, lapse.Request, plain_decide's arguments)."""
    start = datetime.date(1900, 1, 1) + datetime.timedelta(days=rng.randrange(73000))
    term = rng.choice(_TERMS)
    renewal_term = rng.choice(_TERMS) if rng.random() < 0.25 else 0
    renewal = renewal_term or term
    common = 1
    if term % 3 == 0 and renewal % 3 == 0:
        common = 12 if term % 12 == 0 and renewal % 12 == 0 else 3
    billing = rng.choice((0 if renewal == term else 1, 1, common, common))
    price = rng.randrange(2_000_000)
    balance = rng.randrange(50_000) if rng.random() < 1 / 6 else 0
    auto_renew, contract = rng.random() < 0.875, rng.random() < 0.5
    online_cancel = rng.random() < 0.75
    licenses = rng.randrange(40) if rng.random() < 0.2 else 0
    if auto_renew:
        on = start + datetime.timedelta(days=rng.randrange(800 if rng.random() < 0.5 else 21900))
    else:
        on = start + datetime.timedelta(days=rng.randrange(28 * term))
    channel = rng.choice(("online", "support"))
    roles = frozenset(r for r in _ROLES if rng.random() < 0.4)
    can_sign_in = rng.random() < 0.875
    provided = _SUPPORT_INFO if rng.random() < 0.5 else \
        frozenset(i for i in _SUPPORT_INFO if rng.random() < 0.5)
    subscription = lapse.Subscription(
        start=start, term=term, renewal_term=renewal_term, billing=billing, price=price,
        contract=contract, auto_renew=auto_renew, online_cancel=online_cancel, balance=balance,
        licenses=licenses)
    request = lapse.Request(on=on, channel=channel, roles=sorted(roles),
                            can_sign_in=can_sign_in, provided=sorted(provided))
    plain = (start, term, renewal_term, billing, price, contract, auto_renew, online_cancel,
             balance, licenses, on, channel, roles, can_sign_in, provided)
    return subscription, request, plain


def verify(count):
    rng = random.Random(32)
    for i in range(count):
        subscription, request, plain = random_case(rng)
        ours = lapse.decide_cancel(subscription, request)
        theirs = plain_decide(*plain)
        for field, value in theirs.items():
            got = getattr(ours, field)
            if not isinstance(value, bool) and isinstance(got, (set, frozenset)):
                got = frozenset(str(x) for x in got)
            if got != value and str(got) != str(value):
                print(f"input {i}: {field}: lapse {got!r}, plain Python {value!r}\n"
                      f"  {subscription}\n  {request}")
                return 1
    print(f"lapse.decide_cancel and the plain Python baseline agree on {count:,} random inputs "
          f"(every field)")
    return 0


def seconds(function):
    """(wall, CPU) seconds of one call.  CPU time (process_time) is what
    the other work of a shared machine does not add: under a load of 8-13
    on 2 cores wall-clock rounds of the two sides are slowed unevenly (the
    ratio read 3.2-3.8x at load 8-12 and 1.19x idle, on the same code)."""
    began, used = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - began, time.process_time() - used


_SUPPORT_INFO_BITS = ("account_id", "admin_email", "card_last4", "billing_address", "products")


def bits(names, order):
    return sum(1 << i for i, name in enumerate(order) if name in names)


def columns_of(cases, rows, np):
    """The cases as numpy columns, repeated to `rows` rows."""
    reps = -(-rows // len(cases))

    def column(values, dtype):
        return np.tile(np.array(values, dtype=dtype), reps)[:rows]

    return {
        "start": column([s.start for s, _, _ in cases], "datetime64[D]"),
        "term": column([s.term for s, _, _ in cases], np.int32),
        "renewal_term": column([s.renewal_term for s, _, _ in cases], np.int32),
        "billing": column([s.billing for s, _, _ in cases], np.int32),
        "price": column([s.price for s, _, _ in cases], np.int64),
        "contract": column([s.contract for s, _, _ in cases], bool),
        "auto_renew": column([s.auto_renew for s, _, _ in cases], bool),
        "online_cancel": column([s.online_cancel for s, _, _ in cases], bool),
        "balance": column([s.balance for s, _, _ in cases], np.int64),
        "licenses": column([s.licenses for s, _, _ in cases], np.int32),
        "on": column([r.on for _, r, _ in cases], "datetime64[D]"),
        "channel": column([int(r.channel == "support") for _, r, _ in cases], np.int32),
        "roles": column([bits(p[12], _ROLES) for _, _, p in cases], np.int32),
        "can_sign_in": column([r.can_sign_in for _, r, _ in cases], bool),
        "provided": column([bits(p[14], _SUPPORT_INFO_BITS) for _, _, p in cases], np.int32),
    }


def main():
    if "--verify" in sys.argv:
        return verify(VERIFY)
    if verify(VERIFY):
        return 1
    rng = random.Random(7)
    cases = [random_case(rng) for _ in range(CALLS)]
    pairs = [(s, r) for s, r, _ in cases]
    plain_args = [p for _, _, p in cases]
    try:
        import numpy as np
    except ImportError:
        np = None
    columns = columns_of(cases, COLUMN_ROWS, np) if np is not None else None
    if columns is not None:
        out = lapse.decide_columns(columns)
        assert not any(out["error_code"]), "every row decides"
        # The columns' first CALLS rows are the cases: the same figures.
        for k, p in enumerate(plain_args):
            theirs = plain_decide(*p)
            assert out["effective_end"][k] == np.datetime64(theirs["effective_end"]) and \
                out["remaining_term_charge"][k] == theirs["remaining_term_charge"] and \
                bool(out["allowed"][k]) == theirs["allowed"], (k, p)
    decide = lapse.decide_cancel
    sides = {
        "plain": lambda: [plain_decide(*p) for p in plain_args],
        "decide_cancel": lambda: [decide(s, r) for s, r in pairs],
    }
    if columns is not None:
        sides["decide_columns"] = lambda: lapse.decide_columns(columns)
    per_row = {"plain": CALLS, "decide_cancel": CALLS, "decide_columns": COLUMN_ROWS}
    for function in sides.values():  # warm up
        function()
    rounds, cpu_rounds = [], []
    for _ in range(ROUNDS):
        wall, cpu = {}, {}
        for name, function in sides.items():
            spent = seconds(function)
            wall[name] = spent[0] / per_row[name] * 1e9
            cpu[name] = spent[1] / per_row[name] * 1e9
        rounds.append(wall)
        cpu_rounds.append(cpu)
    accelerated = "lapse._speedups" if lapse.speedups() else "pure ctypes (no accelerator)"
    print(f"python {sys.version.split()[0]}, load average %.2f %.2f %.2f; {ROUNDS} interleaved "
          f"rounds, median ns per decision, wall clock and CPU time (process_time):"
          % os.getloadavg())

    def line(label, name, unit):
        walls = [r[name] for r in rounds]
        cpus = [r[name] for r in cpu_rounds]
        print(f"  {label:34s} {statistics.median(walls):8.0f} ns wall, "
              f"{statistics.median(cpus):8.0f} ns CPU per {unit} "
              f"(CPU rounds {min(cpus):.0f}-{max(cpus):.0f})")

    def ratio(name, target, what):
        for clock, runs in (("wall", rounds), ("CPU", cpu_rounds)):
            value = statistics.median(r["plain"] / r[name] for r in runs)
            print(f"  {what} vs plain, {clock:4s}: {value:6.2f}x (target >= {target}x) "
                  f"{'met' if value >= target else 'MISSED'}")

    line("plain Python, O(1)", "plain", "call")
    line(f"decide_cancel ({accelerated})", "decide_cancel", "call")
    ratio("decide_cancel", 3, "decide_cancel")
    if columns is None:
        print("  decide_columns: numpy missing here (run with /usr/bin/python3)")
        return 0
    line(f"decide_columns, {COLUMN_ROWS:,} numpy rows", "decide_columns", "row ")
    ratio("decide_columns", 30, "decide_columns per row")
    return 0


if __name__ == "__main__":
    sys.exit(main())
