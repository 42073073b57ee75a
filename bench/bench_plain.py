"""lapse_decide_cancel against the honest C baseline (bench/plain.h, #32).

Runs bench_plain (agreement on 100,000 inputs, then ns per decision of
both, interleaved in one process), then counts the instructions of each
under callgrind (deterministic, unlike the time on a shared machine): the
same 4096 inputs, 100,000 decisions, only the loop of one side collected.
Prints both, the ratios, and MISSED where a target (<= 1.3x the baseline's
instructions, <= 35 ns) is missed.

    python3 bench/bench_plain.py BUILD/bench/bench_plain [BUILD/bench/bench_plain_shared]

bench_plain_shared is the same program linked to liblapse.so: its count is
the library as a program linked with -llapse runs it (with LTO, the static
link lets GCC specialise the library for the benchmark's constant NULL
policy and detail).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

DECISIONS = 100000


def instructions(program, side):
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "callgrind.out")
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--toggle-collect=count_" + side,
             "--callgrind-out-file=" + out, program, "--count", side, str(DECISIONS)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            text = f.read()
    total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
    return int(total.group(1)) / DECISIONS


def main():
    program = sys.argv[1]
    shared = sys.argv[2] if len(sys.argv) > 2 else None
    build = os.environ.get("LAPSE_BUILD", "")
    print("build:", build or "(not given)", "; load average %.2f %.2f %.2f" % os.getloadavg())
    timed = subprocess.run([program], stdout=subprocess.PIPE, text=True)
    sys.stdout.write(timed.stdout)
    if timed.returncode != 0:
        sys.exit("bench_plain failed: lapse and the baseline disagree")
    if shutil.which("valgrind") is None:
        print("instructions: valgrind not found, not counted")
        return
    plain = instructions(program, "plain")
    print("instructions per decision (callgrind, %d decisions, the loop included):" % DECISIONS)
    print("  plain baseline                          %7.1f" % plain)
    for name, binary in (("lapse_decide_cancel, static library", program),
                         ("lapse_decide_cancel, liblapse.so", shared)):
        if binary is None:
            continue
        lapse = instructions(binary, "lapse")
        ratio = lapse / plain
        print("  %-39s %7.1f   %5.2fx the baseline (target <= 1.3x) %s"
              % (name, lapse, ratio, "met" if ratio <= 1.3 else "MISSED"))


if __name__ == "__main__":
    main()
