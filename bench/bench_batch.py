#!/usr/bin/env python3
"""`lapse batch` on generated CSV: rows per second and peak memory (RSS) for
one million rows from a file, and for ten million rows streamed through
standard input, to show that memory stays flat; and a million rows of 16
columns (role and support lists) against the 3 M rows/s target, both
through a pipe to this script and with the tool alone writing to /dev/null.
It prints the build it measures (the plain release build meets that target
to /dev/null, the profile-guided one, bench/pgo-build, both ways) and the
library's stages of a 16-column row (bench_csv).

usage: bench_batch.py LAPSE_BINARY PEAK_RSS_BINARY WORK_DIR [MILLIONS...]
"""
import os
import random
import subprocess
import sys
import threading
import time

HEADER = b"start,term,billing,price,contract,balance,on,channel,roles,provided\n"


def rows(count, seed=1):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        year, month, day = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
        term = rng.choice((1, 12, 15, 24))
        billing = rng.choice((1, 0, 3 if term % 3 == 0 else 1))
        contract = rng.choice(("true", "false"))
        on_year = year + rng.randint(0, 2)
        out.append(f"{year:04d}-{month:02d}-{day:02d},{term},{billing},{rng.randint(10, 999)}.00,"
                   f"{contract},{rng.choice(('0', '0', '5.00'))},{on_year:04d}-{month:02d}-28,"
                   f"{rng.choice(('online', 'support'))},"
                   f"{rng.choice(('billing_admin', 'product_admin', ''))},all\n")
    return "".join(out).encode()


HEADER16 = (b"start,term,renewal_term,billing,price,currency,contract,auto_renew,online_cancel,"
            b"balance,licenses,cancelled_on,on,channel,roles,provided\n")


def rows16(count, seed=2):
    """16 columns with role and support lists, a cancellation now and then:
    the file of issue #14's profile."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        year, month, day = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
        term = rng.choice((1, 12, 15, 24))
        cancelled = "" if rng.random() < 0.8 else f"{year + 1:04d}-{month:02d}-{day:02d}"
        out.append(f"{year:04d}-{month:02d}-{day:02d},{term},{rng.choice(('', str(term)))},"
                   f"{rng.choice((1, 0))},{rng.randint(0, 9999)}.{rng.randint(0, 99):02d},EUR,"
                   f"{rng.choice(('true', 'false'))},{rng.choice(('true', 'false'))},true,"
                   f"{rng.choice(('0', '0', '12.50'))},{rng.randint(0, 3)},{cancelled},"
                   f"{year + rng.randint(0, 2):04d}-{month:02d}-28,"
                   f"{rng.choice(('online', 'support'))},"
                   f"{rng.choice(('billing_admin', 'product_admin;billing_contact', ''))},"
                   f"{rng.choice(('', 'all', 'account_id;card_last4;products'))}\n")
    return "".join(out).encode()


def run(binary, peak_rss, source, feed=None, jobs=1):
    """Runs lapse batch --jobs N; returns (seconds, peak RSS in KiB, output lines)."""
    start = time.perf_counter()
    process = subprocess.Popen([peak_rss, binary, "batch", "--jobs", str(jobs), source],
                               stdin=subprocess.PIPE if feed else None,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if feed:
        threading.Thread(target=feed, args=(process.stdin,), daemon=True).start()
    lines = 0
    while chunk := process.stdout.read(1 << 20):
        lines += chunk.count(b"\n")
    stderr = process.stderr.read().decode()
    status = process.wait()
    elapsed = time.perf_counter() - start
    if status not in (0, 1):
        raise SystemExit(f"lapse batch failed ({status}): {stderr}")
    rss = int(stderr.split("peak_rss_kib")[-1].split()[0])
    return elapsed, rss, lines


def run_alone(binary, source, jobs=1):
    """The tool alone: lapse batch writing to /dev/null, so that no reader
    and no pipe is in the time; returns seconds."""
    start = time.perf_counter()
    status = subprocess.run([binary, "batch", "--jobs", str(jobs), source],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    elapsed = time.perf_counter() - start
    if status not in (0, 1):
        raise SystemExit(f"lapse batch failed ({status})")
    return elapsed


def main(argv):
    binary, peak_rss, work = argv[1], argv[2], argv[3]
    millions = [int(m) for m in argv[4:]] or [1, 10]
    os.makedirs(work, exist_ok=True)
    block = rows(100_000)
    path = os.path.join(work, "batch-1m.csv")
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(HEADER)
            for _ in range(10):
                f.write(block)
    wide = os.path.join(work, "batch-16col-1m.csv")
    if not os.path.exists(wide):
        with open(wide, "wb") as f:
            f.write(HEADER16)
            for k in range(10):
                f.write(rows16(100_000, seed=k))
    print("lapse batch: rows per second and peak RSS (median of 3 runs for 1M rows, of 5 for 16 columns)")
    print("build:", os.environ.get("LAPSE_BUILD", "not said (run it through meson test --benchmark)"))
    ok = True
    for m, jobs in [(m, 1) for m in millions] + [(1, 2)]:
        count = m * 1_000_000
        if m == 1:
            runs = sorted(run(binary, peak_rss, path, jobs=jobs) for _ in range(3))
            seconds, rss, lines = runs[1]
            how = f"file, {jobs} job{'s' if jobs > 1 else ''}"
        else:
            def feed(pipe, blocks=m * 10):
                pipe.write(HEADER)
                for _ in range(blocks):
                    pipe.write(block)
                pipe.close()
            seconds, rss, lines = run(binary, peak_rss, "-", feed)
            how = "stdin, 1 job"
        assert lines == count + 1, (lines, count)
        rate = count / seconds
        print(f"{m:>3}M rows {how:13s} {seconds:7.2f} s  {rate / 1e6:6.2f} M rows/s "
              f"(target >= 1.00)  peak RSS {rss / 1024:6.1f} MiB (target < 16 at 10M)")
        ok &= rate >= 1e6 and (m < 10 or rss < 16 * 1024)
    # The 16-column file two ways: through a pipe to this script (the
    # kernel's copy into the pipe, about 45 ns a row here, is in the time),
    # and the tool alone, writing to /dev/null.
    seconds, rss, lines = sorted(run(binary, peak_rss, wide, jobs=1) for _ in range(5))[2]
    assert lines == 1_000_001, lines
    rate = 1_000_000 / seconds
    ok &= rate >= 3e6
    print(f"  1M rows 16 columns, 1 job, through a pipe {seconds:7.3f} s  {rate / 1e6:6.2f} M rows/s "
          f"(target >= 3.00) {'ok' if rate >= 3e6 else 'MISSED'}  peak RSS {rss / 1024:6.1f} MiB")
    seconds = sorted(run_alone(binary, wide) for _ in range(5))[2]
    rate = 1_000_000 / seconds
    ok &= rate >= 3e6
    print(f"  1M rows 16 columns, 1 job, to /dev/null   {seconds:7.3f} s  {rate / 1e6:6.2f} M rows/s "
          f"(target >= 3.00) {'ok' if rate >= 3e6 else 'MISSED'}")
    # Where a row's time goes, so that the next bottleneck is in sight: the
    # library's stages, timed one by one by bench_csv (the csv-stages
    # benchmark) on rows of the same 16 columns.
    stages = os.environ.get("LAPSE_BENCH_CSV")
    if stages:
        report = subprocess.run([stages], capture_output=True, text=True, check=True).stdout
        print("  stage by stage, the library alone (bench_csv, also the csv-stages benchmark):")
        for line in report.splitlines()[1:]:
            print("  " + line)
    print("targets:", "ok" if ok else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
