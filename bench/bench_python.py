#!/usr/bin/env python3
"""From Python: lapse.decide_cancel per call (through lapse._speedups when it
is built, and through the pure ctypes path) and lapse.decide_many (on
Python objects and on batch CSV bytes) against a plain Python
implementation of the same rules written with datetime, on the same
inputs, in the same process.  Prints microseconds per decision (median of 5
runs) and the ratios.

With numpy and pandas importable (Debian's /usr/bin/python3), also
decide_columns on 1,000,000 rows from numpy arrays and decide_frame on
them as a DataFrame.

usage: LAPSE_LIBRARY=... bench_python.py
"""
import calendar
import csv
import datetime
import io
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings",
                                "python"))
import lapse  # noqa: E402

N = 20_000
RUNS = 5


# ---- the plain Python implementation -----------------------------------------

def add_months(date, months):
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def plain_decide(start, term, billing, price, contract, balance, on, channel, roles):
    """The rules of docs/rules.md with the default policy, the obvious way: walk the terms and
    billing periods with datetime."""
    offset, length = 0, term
    term_end = add_months(start, length)
    while term_end <= on:
        offset += length
        term_end = add_months(start, offset + length)
    end_offset, warnings = offset + length, ["back_up_data"]
    notice = None
    if contract and length > 1:
        notice = term_end - datetime.timedelta(days=30)
        if on > notice:
            end_offset += term
            warnings.append("notice_missed")
    end = add_months(start, end_offset)
    step = billing or length
    count, next_invoice = 0, None
    for period in range(offset, end_offset, step):
        if add_months(start, period + step) <= on:
            continue
        if count == 1:
            next_invoice = add_months(start, period)
        count += 1
    admin = "billing_admin" in roles
    blocked = []
    if not (admin or (contract and roles)):
        blocked.append("not_authorized")
    if channel == "online":
        if not admin:
            blocked.append("needs_billing_admin")
        if contract and length > 1:
            blocked.append("contract_via_support")
        if balance > 0:
            blocked.append("outstanding_balance")
    if balance > 0:
        warnings.append("outstanding_balance")
    return {"allowed": not blocked, "blocked": blocked, "warnings": warnings,
            "term_end": term_end, "notice_deadline": notice, "effective_end": end,
            "remaining_term_charge": price * count, "still_to_invoice": price * (count - 1),
            "invoices_left": count - 1, "next_invoice": next_invoice,
            "data_deleted_on": end + datetime.timedelta(days=90)}


def plain_csv(data):
    out = []
    reader = csv.reader(io.StringIO(data.decode()))
    header = next(reader)
    for row in reader:
        cells = dict(zip(header, row))
        out.append(plain_decide(
            datetime.date.fromisoformat(cells["start"]), int(cells["term"]), int(cells["billing"]),
            int(cells["price"].replace(".", "")), cells["contract"] == "true",
            int(cells["balance"].replace(".", "")), datetime.date.fromisoformat(cells["on"]),
            cells["channel"], [r for r in cells["roles"].split(";") if r]))
    return out


# ---- inputs ------------------------------------------------------------------

def inputs():
    rng = random.Random(3)
    pairs, lines = [], ["start,term,billing,price,contract,balance,on,channel,roles"]
    for _ in range(N):
        start = datetime.date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
        term = rng.choice((1, 12, 15, 24))
        billing = rng.choice((1, 0, 3 if term % 3 == 0 else 1))
        contract = rng.random() < 0.5
        price, balance = rng.randint(10, 999) * 100, rng.choice((0, 0, 500))
        on = start + datetime.timedelta(days=rng.randint(0, 1400))
        channel = rng.choice(("online", "support"))
        roles = rng.choice((["billing_admin"], ["product_admin"], []))
        pairs.append((lapse.Subscription(start=start, term=term, billing=billing, price=price,
                                         contract=contract, balance=balance),
                      lapse.Request(on=on, channel=channel, roles=roles)))
        lines.append(f"{start},{term},{billing},{price // 100}.{price % 100:02d},"
                     f"{'true' if contract else 'false'},{balance // 100}.{balance % 100:02d},"
                     f"{on},{channel},{';'.join(roles)}")
    return pairs, ("\n".join(lines) + "\n").encode()


def timed(function):
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) / N * 1e6)
    return statistics.median(samples)


def main():
    pairs, data = inputs()

    def plain_objects():
        return [plain_decide(s.start, s.term, s.billing, s.price, s.contract, s.balance, r.on,
                             r.channel, r.roles) for s, r in pairs]

    # The two implementations agree before anything is timed.
    for (s, r), plain, ours in zip(pairs, plain_csv(data), lapse.decide_many(data)):
        d = ours.decision
        assert (d.effective_end, d.remaining_term_charge, d.next_invoice, d.allowed) == \
            (plain["effective_end"], plain["remaining_term_charge"], plain["next_invoice"],
             plain["allowed"]), (s, r, plain, d)

    def materialized(results):
        return [row.decision.effective_end for row in results]

    plain_obj = timed(plain_objects)
    plain_text = timed(lambda: plain_csv(data))
    single = timed(lambda: [lapse.decide_cancel(s, r) for s, r in pairs])
    pure = lapse.decision.pure_decide_cancel
    single_pure = timed(lambda: [pure(s, r) for s, r in pairs])
    many_objects = timed(lambda: materialized(lapse.decide_many(pairs)))
    many_csv = timed(lambda: lapse.decide_many(data))
    many_csv_read = timed(lambda: materialized(lapse.decide_many(data)))
    print(f"python: {RUNS} runs each, median microseconds per decision, {N} subscriptions")
    accelerated = "lapse._speedups" if lapse.speedups() else "no accelerator built: pure ctypes"
    rows = [
        ("decide_cancel per call", single, plain_obj, None),
        ("  ... the pure ctypes path", single_pure, plain_obj, None),
        ("decide_many, Python objects", many_objects, plain_obj, 2),
        ("decide_many, CSV bytes", many_csv, plain_text, 20),
        ("  ... and every result read", many_csv_read, plain_text, None),
    ]
    rows[0] = ("decide_cancel per call", single, plain_obj, 5)
    for name, ours, plain, target in rows:
        verdict = "(no target)" if target is None else (
            f"(target >= {target}x) " + ("ok" if plain / ours >= target else "MISSED"))
        print(f"{name:30s} lapse {ours:7.2f} us   plain Python {plain:7.2f} us   "
              f"{plain / ours:6.1f}x {verdict}")
    print(f"{'decide_cancel per call':30s} {single * 1000:.0f} ns (target <= 2000 ns) " +
          ("ok" if single <= 2.0 else "MISSED") + f", through {accelerated}")
    columns_and_frames(plain_obj)
    return 0


def columns_and_frames(plain_us):
    """decide_columns on 1,000,000 rows from numpy arrays and decide_frame on
    the same rows as a DataFrame, against the plain Python per row (timed
    above on the same kind of rows).  Needs numpy and pandas (Debian's
    /usr/bin/python3); skipped with a note without them."""
    try:
        import numpy as np
        import pandas as pd
        import lapse.pandas
    except ImportError:
        print("decide_columns / decide_frame: numpy or pandas missing here "
              "(run with /usr/bin/python3)")
        return
    rows = 1_000_000
    rng = np.random.default_rng(3)
    start = np.datetime64("2019-01-01") + rng.integers(0, 2500, rows).astype("timedelta64[D]")
    term = rng.choice(np.array([1, 12, 15, 24], dtype=np.int32), rows)
    columns = {
        "start": start, "term": term,
        "billing": np.where(term % 3 == 0, rng.choice(np.array([1, 0, 3], dtype=np.int32), rows),
                            rng.choice(np.array([1, 0], dtype=np.int32), rows)),
        "price": rng.integers(10, 999, rows) * 100, "contract": rng.random(rows) < 0.5,
        "balance": rng.choice(np.array([0, 0, 500]), rows),
        "on": start + rng.integers(0, 1400, rows).astype("timedelta64[D]"),
        "channel": rng.integers(0, 2, rows, dtype=np.int32),
        "roles": rng.choice(np.array([1, 2, 0], dtype=np.int32), rows),
    }
    frame = pd.DataFrame(columns)

    def best(function, runs=3):
        samples = []
        for _ in range(runs):
            began = time.perf_counter()
            function()
            samples.append(time.perf_counter() - began)
        return statistics.median(samples)

    out = lapse.decide_columns(columns)
    assert not any(out["error_code"]), "the benchmark's rows all decide"
    seconds = best(lambda: lapse.decide_columns(columns))
    per_row = seconds / rows * 1e9
    ratio = plain_us * 1000 / per_row
    print(f"{'decide_columns, 1M numpy rows':30s} {per_row:7.1f} ns/row   plain Python "
          f"{plain_us * 1000:7.0f} ns/row   {ratio:6.1f}x (target >= 50x, <= 200 ns) " +
          ("ok" if ratio >= 50 and per_row <= 200 else "MISSED"))
    seconds = best(lambda: lapse.pandas.decide_frame(frame))
    rate = rows / seconds
    print(f"{'decide_frame, 1M rows':30s} {rate / 1e6:7.2f} M rows/s including the DataFrame "
          f"(target >= 1.00) " + ("ok" if rate >= 1e6 else "MISSED"))


if __name__ == "__main__":
    sys.exit(main())
