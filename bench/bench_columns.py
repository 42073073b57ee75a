#!/usr/bin/env python3
"""The C pass under decide_columns (bench_columns.c): ns a row of the pass,
its plain twin and lapse_decide_cancel on the same rows as structs, with
int64 (datetime64[D]) dates, int32 dates, and ten columns as text
(dictionaries, as decide_frame passes a pd.read_csv frame); then the
instructions a row of each under callgrind (deterministic, unlike the
time on a shared machine).

usage: bench_columns.py BENCH_COLUMNS [ROWS] [COUNTED_ROWS]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def instructions(program, side, rows, extra):
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "callgrind.out")
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--toggle-collect=count_" + side,
             "--callgrind-out-file=" + out, program, *extra, "--count", side, str(rows)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            text = f.read()
    total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
    return int(total.group(1)) / rows


def main():
    program = sys.argv[1]
    rows = sys.argv[2] if len(sys.argv) > 2 else "1000000"
    counted = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    print("build:", os.environ.get("LAPSE_BUILD", "(not given)"),
          "; load average %.2f %.2f %.2f" % os.getloadavg())
    for extra in ([], ["--dates32"], ["--texts"]):
        timed = subprocess.run([program, *extra, rows], stdout=subprocess.PIPE, text=True)
        sys.stdout.write(timed.stdout)
        if timed.returncode != 0:
            sys.exit("bench_columns failed: the pass, its twin and the structs disagree")
    if shutil.which("valgrind") is None:
        print("instructions: valgrind not found, not counted")
        return
    structs = instructions(program, "structs", counted, [])
    for label, extra in (("dates int64", []), ("ten columns as text", ["--texts"])):
        print("instructions a row (callgrind, %d rows, %s):" % (counted, label))
        for name, side in (("lapse_decide_columns_details", "columns"),
                           ("the plain twin (row at a time)", "plain")):
            count = instructions(program, side, counted, extra)
            print("  %-32s %7.1f  %5.2fx the structs" % (name, count, count / structs))
    print("  %-32s %7.1f  (the floor)" % ("lapse_decide_cancel on structs", structs))
    print("load average %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
