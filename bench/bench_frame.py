#!/usr/bin/env python3
"""decide_frame on a frame straight from pd.read_csv, and decide_columns on
the same rows as numpy columns (issue #26 item 10).

The file: 1,000,000 rows of the 16 columns of bench_batch.py's billing run
(start, term, renewal_term, billing, price, currency, contract, auto_renew,
online_cancel, balance, licenses, cancelled_on, on, channel, roles,
provided), written as a person writes them: empty cells for defaults,
money in the currency's units, a few currencies, and about 3 % bad rows
(a term of 0, money with more decimals than its currency, an unknown
channel or role, an impossible date, an empty start).  pandas reads it
without options: text columns as objects with NaN for the empty cells,
term, price and balance as float64.

Prints rows/s and ns/row, the best and the range of RUNS runs, with
MISSED where a target is missed: decide_frame >= 2 M rows/s, decide_columns
on numpy columns <= 200 ns/row.

usage: LAPSE_LIBRARY=... /usr/bin/python3 bench_frame.py [WORK_DIR] [ROWS]
"""
import os
import platform
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings",
                                "python"))
import lapse  # noqa: E402

RUNS = 5
HEADER = ("start,term,renewal_term,billing,price,currency,contract,auto_renew,online_cancel,"
          "balance,licenses,cancelled_on,on,channel,roles,provided\n")


def write_csv(path, rows, np):
    """The benchmark's file, made with numpy (seeded: the same bytes each
    time)."""
    rng = np.random.default_rng(10)
    starts = np.datetime64("2019-01-01") + rng.integers(0, 2500, rows).astype("timedelta64[D]")
    start = starts.astype(str).astype(object)
    term = rng.choice(np.array(["1", "12", "15", "24", ""], dtype=object), rows)
    renewal = np.where(rng.random(rows) < 0.7, "", term).astype(object)
    billing = rng.choice(np.array(["1", "0"], dtype=object), rows)
    currency = rng.choice(np.array(["EUR", "EUR", "EUR", "USD", "JPY", ""], dtype=object), rows)
    cents = rng.integers(0, 999999, rows)
    price = np.char.add(np.char.add((cents // 100).astype(str), "."),
                        np.char.zfill((cents % 100).astype(str), 2)).astype(object)
    price[currency == "JPY"] = (cents[currency == "JPY"] // 100).astype(str)
    flags = np.array(["true", "false", ""], dtype=object)
    contract, auto_renew = rng.choice(flags, rows), rng.choice(flags, rows)
    online_cancel = rng.choice(np.array(["true", ""], dtype=object), rows)
    balance = rng.choice(np.array(["0", "", "", "12.50"], dtype=object), rows)
    balance[currency == "JPY"] = ""
    licenses = rng.choice(np.array(["", "1", "2", "3"], dtype=object), rows)
    on = (starts + rng.integers(0, 900, rows).astype("timedelta64[D]")).astype(str).astype(object)
    # A cancellation recorded on the request day now and then.
    cancelled = on.copy()
    cancelled[rng.random(rows) < 0.8] = ""
    channel = rng.choice(np.array(["online", "support", ""], dtype=object), rows)
    roles = rng.choice(np.array(["billing_admin", "product_admin;billing_contact", ""],
                                dtype=object), rows)
    provided = rng.choice(np.array(["", "all", "account_id;card_last4;products"], dtype=object),
                          rows)
    # About 3 % bad rows, each bad in one way.
    bad = np.flatnonzero(rng.random(rows) < 0.03)
    kind = rng.integers(0, 6, len(bad))
    term[bad[kind == 0]] = "0"
    price[bad[kind == 1]] = "19.999"
    currency[bad[kind == 1]] = "EUR"
    channel[bad[kind == 2]] = "phone"
    roles[bad[kind == 3]] = "billing_admn"
    start[bad[kind == 4]] = "2025-02-30"
    start[bad[kind == 5]] = ""
    columns = [start, term, renewal, billing, price, currency, contract, auto_renew,
               online_cancel, balance, licenses, cancelled, on, channel, roles, provided]
    lines = [",".join(cells) for cells in zip(*(c.tolist() for c in columns))]
    with open(path, "w") as file:
        file.write(HEADER)
        file.write("\n".join(lines))
        file.write("\n")


def numpy_columns(frame, np, pd):
    """The frame's rows as numpy columns decide_columns reads in place:
    dates datetime64[D], money int64 minor units, flags bool, the channel
    a code, roles and provided bit sets, the currency 3-letter text; the
    rows that cannot be said so (the bad ones) left out."""
    good = lapse.pandas.decide_frame(frame)["error_code"] == ""
    frame = frame[good.to_numpy()].reset_index(drop=True)
    out = {}
    for key in ("start", "cancelled_on", "on"):
        out[key] = pd.to_datetime(frame[key]).to_numpy().astype("datetime64[D]")
    for key, default in (("term", 1), ("billing", 1), ("licenses", 1)):
        out[key] = frame[key].fillna(default).to_numpy().astype(np.int32)
    out["renewal_term"] = frame["renewal_term"].fillna(0).to_numpy().astype(np.int32)
    currency = frame["currency"].fillna("EUR")
    digits = currency.map({"EUR": 2, "USD": 2, "JPY": 0}).to_numpy()
    for key in ("price", "balance"):
        out[key] = np.rint(frame[key].fillna(0).to_numpy() * 10.0 ** digits).astype(np.int64)
    out["currency"] = currency.to_numpy().astype("U3")
    for key, default in (("contract", False), ("auto_renew", True), ("online_cancel", True)):
        out[key] = frame[key].fillna(default).astype(bool).to_numpy()
    out["channel"] = frame["channel"].map({"online": 0, "support": 1}).fillna(0).to_numpy(
        dtype=np.uint8)
    for key in ("roles", "provided"):
        column = lapse.columns._column(key)[0]
        table = {text: lapse.columns._parse_text(column, text)
                 for text in frame[key].dropna().unique()}
        out[key] = frame[key].map(table).fillna(0).to_numpy(dtype=np.int64)
    return out


def timed(function, cpu=None):
    """Wall seconds of RUNS calls; with `cpu` (a list) their CPU seconds
    (process_time: what a shared machine's other work does not add) too."""
    samples = []
    for _ in range(RUNS):
        began, used = time.perf_counter(), time.process_time()
        function()
        samples.append(time.perf_counter() - began)
        if cpu is not None:
            cpu.append(time.process_time() - used)
    return samples


def main(argv):
    try:
        import numpy as np
        import pandas as pd
        import lapse.pandas
    except ImportError:
        print("bench_frame: numpy or pandas missing (run with /usr/bin/python3)")
        return 77
    work = argv[1] if len(argv) > 1 else "."
    rows = int(argv[2]) if len(argv) > 2 else 1_000_000
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, f"frame-{rows}.csv")
    if not os.path.exists(path):
        write_csv(path + ".tmp", rows, np)
        os.replace(path + ".tmp", path)
    began = time.perf_counter()
    frame = pd.read_csv(path)
    read = time.perf_counter() - began
    out = lapse.pandas.decide_frame(frame)
    failed = int((out["error_code"] != "").sum())
    print(f"frame: {rows} rows x {frame.shape[1]} columns from pd.read_csv in {read:.2f} s "
          f"({failed} bad rows, {100 * failed / rows:.1f} %); dtypes: "
          + ", ".join(f"{key} {frame[key].dtype}" for key in ("start", "term", "price",
                                                              "currency", "roles")))
    print(f"python {platform.python_version()} at {sys.executable}, numpy {np.__version__}, "
          f"pandas {pd.__version__}, accelerator: {'yes' if lapse.speedups() else 'no'}; "
          f"build: {os.environ.get('LAPSE_BUILD', 'unknown')}")
    print("load average %.2f %.2f %.2f" % os.getloadavg())
    cpu = []
    samples = timed(lambda: lapse.pandas.decide_frame(frame), cpu)
    rates = sorted(rows / s / 1e6 for s in samples)
    ok = rates[-1] >= 2.0
    print(f"{'decide_frame, read_csv frame':34s} {rates[-1]:5.2f} M rows/s "
          f"(runs {rates[0]:.2f}-{rates[-1]:.2f}), {1e9 / rates[-1] / 1e6:6.0f} ns/row "
          f"(target >= 2.00 M rows/s) " + ("ok" if ok else "MISSED"))
    print(f"{'  in CPU time (process_time)':34s} {rows / min(cpu) / 1e6:5.2f} M rows/s "
          f"(runs {rows / max(cpu) / 1e6:.2f}-{rows / min(cpu) / 1e6:.2f}), "
          f"{min(cpu):.2f}-{max(cpu):.2f} s a call " +
          ("ok" if rows / min(cpu) / 1e6 >= 2.0 else "MISSED"))
    columns = numpy_columns(frame, np, pd)
    count = len(columns["start"])
    check = lapse.decide_columns(columns)
    assert not any(check["error_code"]), "the numpy rows all decide"
    cpu = []
    samples = timed(lambda: lapse.decide_columns(columns), cpu)
    per_row = sorted(s / count * 1e9 for s in samples)
    ok = per_row[0] <= 200
    print(f"{'decide_columns, numpy columns':34s} {per_row[0]:5.0f} ns/row "
          f"(runs {per_row[0]:.0f}-{per_row[-1]:.0f}), {count} rows of the same file, "
          f"{len(columns)} columns (target <= 200 ns/row) " + ("ok" if ok else "MISSED"))
    cpu_row = sorted(c / count * 1e9 for c in cpu)
    print(f"{'  in CPU time (process_time)':34s} {cpu_row[0]:5.0f} ns/row "
          f"(runs {cpu_row[0]:.0f}-{cpu_row[-1]:.0f}) " + ("ok" if cpu_row[0] <= 200 else "MISSED"))
    print("load average %.2f %.2f %.2f" % os.getloadavg())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
