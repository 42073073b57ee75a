#!/usr/bin/env python3
"""Generates lapse__month_day_from_march in src/core/date.c.

Entry i is (month << 5 | day of month) for day i of a year counted from
March 1, months numbered 3 (March) to 14 (February of the next calendar
year), in a calendar whose February has 29 days.

    python3 src/core/date_table.py          # prints the initialiser
    python3 src/core/date_table.py --check src/core/date.c
                                                  # exit 1 if date.c differs
"""
import re
import sys

DAYS = [31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 29]  # March .. February


def table():
    return [(month << 5) | day
            for month, length in zip(range(3, 15), DAYS)
            for day in range(1, length + 1)]


def in_source(path):
    text = open(path, encoding="utf-8").read()
    body = re.search(r"lapse__month_day_from_march\[366\] = \{(.*?)\};", text, re.S)
    if not body:
        raise SystemExit(f"{path}: lapse__month_day_from_march not found")
    return [int(n) for n in re.findall(r"\d+", body.group(1))]


def main(argv):
    entries = table()
    assert len(entries) == 366
    if len(argv) == 3 and argv[1] == "--check":
        found = in_source(argv[2])
        if found != entries:
            first = next((i for i, (a, b) in enumerate(zip(found, entries)) if a != b),
                         min(len(found), len(entries)))
            print(f"{argv[2]}: the table differs from its generator at entry {first}")
            return 1
        print(f"{argv[2]}: the table equals the generator's output ({len(entries)} entries)")
        return 0
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(",\n".join(", ".join(str(n) for n in entries[i:i + 19])
                     for i in range(0, len(entries), 19)) + ",")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
