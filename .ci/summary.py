#!/usr/bin/env python3
"""Counts every test case in meson test logs and prints `N passed, N failed`
(and `, N skipped` when a test was skipped).

A TAP test contributes one count per `ok` / `not ok` line; a test that
failed before printing any case (a crash, a missing binary) counts as one
failure, so nothing that ran is lost from the total.
"""
import json
import re
import sys

TAP_LINE = re.compile(r"^(not ok|ok)\b", re.MULTILINE)


def count(log_path):
    passed = failed = skipped = 0
    with open(log_path, encoding="utf-8") as log:
        for line in log:
            entry = json.loads(line)
            results = TAP_LINE.findall(entry.get("stdout") or "")
            ok = sum(1 for r in results if r == "ok")
            not_ok = len(results) - ok
            if entry["result"] not in ("OK", "EXPECTEDFAIL", "SKIP") and not_ok == 0:
                not_ok = 1
            if not results and entry["result"] == "OK":
                ok = 1
            if not results and entry["result"] == "SKIP":
                skipped += 1  # shown, so that a skip never passes unnoticed
            passed += ok
            failed += not_ok
    return passed, failed, skipped


def main(args):
    passed = failed = skipped = 0
    if args[:1] == ["--broken"]:
        failed += int(args[1])  # a build that failed counts as a failed test
        args = args[2:]
    paths = args
    for path in paths:
        try:
            p, f, s = count(path)
        except OSError as error:
            print(f"summary: {path}: {error.strerror}", file=sys.stderr)
            p, f, s = 0, 1, 0
        passed += p
        failed += f
        skipped += s
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
