#!/usr/bin/env python3
"""The training run of a profile-guided build (bench/pgo-build): `lapse
batch` over billing runs like the benchmarks' but never the same rows (other
seeds, other sizes), under every policy file in examples/policies, as CSV and
as JSON, on one and two jobs, from a file and through standard input; and
`lapse check` over both vectors files, so that the rarer rules are in the
profile too.  The compiler then lays out and inlines the code for the paths
these take.

usage: pgo_train.py LAPSE_BINARY WORK_DIR
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_batch import HEADER, HEADER16, rows, rows16  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def lapse(binary, *args, stdin=None):
    """Runs the tool; 0 (all rows decided) and 1 (some refused) are both
    a finished run, anything else stops the training."""
    status = subprocess.run([binary, *args], input=stdin, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode
    if status not in (0, 1):
        raise SystemExit(f"pgo_train: lapse {' '.join(args)} exited with {status}")


def main(argv):
    binary, work = argv[1], argv[2]
    os.makedirs(work, exist_ok=True)
    wide = os.path.join(work, "train-16col.csv")
    narrow = os.path.join(work, "train-10col.csv")
    with open(wide, "wb") as f:
        f.write(HEADER16)
        for seed in (101, 102, 103):
            f.write(rows16(100_000, seed=seed))
    with open(narrow, "wb") as f:
        f.write(HEADER + rows(100_000, seed=104))
    for jobs in ("1", "2"):
        lapse(binary, "batch", "--jobs", jobs, wide)
        lapse(binary, "batch", "--jobs", jobs, narrow)
    with open(narrow, "rb") as f:
        lapse(binary, "batch", "--jobs", "1", "-", stdin=f.read())
    small = HEADER16 + rows16(20_000, seed=105)
    lapse(binary, "batch", "--json", "--jobs", "1", "-", stdin=small)
    policies = os.path.join(ROOT, "examples", "policies")
    for name in sorted(os.listdir(policies)):
        lapse(binary, "batch", "--jobs", "1", "--policy", os.path.join(policies, name), "-",
              stdin=small)
    vectors = os.path.join(ROOT, "tests", "vectors")
    for name in sorted(os.listdir(vectors)):
        if name.endswith((".csv", ".tsv")):
            lapse(binary, "check", os.path.join(vectors, name))
    print(f"pgo_train: trained on {wide}, {narrow}, the policies and the vectors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
