#!/usr/bin/env python3
"""`lapse batch` against the floor of a billing run (#32): split_floor, a
minimal C program that reads the same file and splits every field, deciding
and writing nothing.  The file: bench_batch.py's 1M rows of 16 columns.

Interleaved in one run (ROUNDS rounds, each running every side once, to
/dev/null): the floor, `lapse batch --jobs 1` and `lapse batch --jobs 2`.
Prints the medians of wall time and of CPU time (user + system), the
median of the rounds' ratios, met or MISSED for each (one job at most 2.5x
the floor: on a shared machine the CPU time is the figure that holds, wall
time also counts the waits for a core), and whether two jobs are measurably
faster than one (every round faster, by the median more than 5 %).  Then
the instructions a row of the floor and of one job under callgrind, over
the file's first 100,000 rows, and their ratio, met or MISSED (the
figure the load of a shared machine does not move; skipped without
valgrind).

usage: bench_csv_floor.py LAPSE_BINARY SPLIT_FLOOR_BINARY WORK_DIR
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_batch  # noqa: E402

ROUNDS = 7


def timed(command):
    """Wall seconds and CPU seconds (user + system) of one run to /dev/null."""
    with open(os.devnull, "wb") as null:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=null, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{command} failed")
    return wall, usage.ru_utime + usage.ru_stime


def instructions(command):
    """The instructions a command runs in user space (callgrind's I refs),
    or None without valgrind."""
    valgrind = shutil.which("valgrind")
    if not valgrind:
        return None
    out = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null"] + command,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found = re.search(r"refs:\s+([\d,]+)", out.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def main(argv):
    lapse, floor, work = argv[1], argv[2], argv[3]
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "batch-16col-1m.csv")
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(bench_batch.HEADER16)
            for k in range(10):
                f.write(bench_batch.rows16(100_000, seed=k))
    # Both read the whole file: the floor splits 16 fields on every line,
    # lapse writes a decision (or an error row) for every row.
    rows, fields, _ = (int(x) for x in subprocess.run(
        [floor, path], capture_output=True, check=True, text=True).stdout.split())
    assert (rows, fields) == (1_000_001, 16 * 1_000_001), (rows, fields)
    out = subprocess.run([lapse, "batch", "--jobs", "1", path], capture_output=True)
    assert out.stdout.count(b"\n") == 1_000_001, "lapse batch wrote a line per row"
    sides = {
        "split_floor": [floor, path],
        "lapse batch --jobs 1": [lapse, "batch", "--jobs", "1", path],
        "lapse batch --jobs 2": [lapse, "batch", "--jobs", "2", path],
    }
    load_before = os.getloadavg()
    rounds = [{name: timed(command) for name, command in sides.items()} for _ in range(ROUNDS)]
    print(f"1M rows of 16 columns ({os.path.getsize(path) / 1e6:.0f} MB), to /dev/null; "
          f"{ROUNDS} interleaved rounds; load average %.2f %.2f %.2f before, "
          "%.2f %.2f %.2f after" % (load_before + os.getloadavg()))
    print("build:", os.environ.get("LAPSE_BUILD", "not said (run it through meson test "
                                   "--benchmark)"))
    for name in sides:
        wall = statistics.median(r[name][0] for r in rounds)
        cpu = statistics.median(r[name][1] for r in rounds)
        print(f"  {name:22s} wall {wall:6.3f} s ({1 / wall:5.2f} M rows/s)   CPU {cpu:6.3f} s")
    one, two, base = "lapse batch --jobs 1", "lapse batch --jobs 2", "split_floor"
    walls = [r[one][0] / r[base][0] for r in rounds]
    cpus = [r[one][1] / r[base][1] for r in rounds]
    ratio, cpu_ratio = statistics.median(walls), statistics.median(cpus)
    print(f"  one job / the floor (target <= 2.5x): "
          f"{ratio:5.2f}x wall (rounds {min(walls):.2f}-{max(walls):.2f}) "
          f"{'met' if ratio <= 2.5 else 'MISSED'}, "
          f"{cpu_ratio:5.2f}x CPU (rounds {min(cpus):.2f}-{max(cpus):.2f}) "
          f"{'met' if cpu_ratio <= 2.5 else 'MISSED'}")
    # Instructions a row (callgrind) over the file's first 100,000 rows:
    # what the load of a shared machine does not move.
    head = os.path.join(work, "batch-16col-100k.csv")
    if not os.path.exists(head):
        with open(path, "rb") as f, open(head, "wb") as out:
            for _ in range(100_001):
                out.write(f.readline())
    counts = {"split_floor": instructions([floor, head]),
              "lapse batch --jobs 1": instructions([lapse, "batch", "--jobs", "1", head])}
    if None not in counts.values():
        per_row = {name: count / 100_000 for name, count in counts.items()}
        ratio = per_row[one] / per_row[base]
        print(f"  instructions a row (callgrind, first 100,000 rows): lapse batch --jobs 1 "
              f"{per_row[one]:.0f}, split_floor {per_row[base]:.0f}: {ratio:5.2f}x "
              f"{'met' if ratio <= 2.5 else 'MISSED'}")
    else:
        print("  instructions a row: not measured (no valgrind)")
    speedup = [r[one][0] / r[two][0] for r in rounds]
    faster = min(speedup) > 1 and statistics.median(speedup) > 1.05
    print(f"  two jobs / one job: {statistics.median(speedup):5.2f}x faster by wall time "
          f"(rounds {min(speedup):.2f}-{max(speedup):.2f}), "
          f"{statistics.median(r[two][1] / r[one][1] for r in rounds):5.2f}x the CPU time: "
          f"{'measurably faster' if faster else 'not measurably faster'} on {os.cpu_count()} "
          f"CPUs (the default is 1 either way: docs/cli.md says why)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
