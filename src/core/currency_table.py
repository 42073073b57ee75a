#!/usr/bin/env python3
"""Generates the perfect hash of the currency codes in src/core/money.c.

lapse_currency_digits finds a code (four bytes with its NUL, read as one
little-endian word) in one probe: h = word * CURRENCY_HASH (32 bits), the
bucket h >> 26 gives a displacement, and the slot ((h >> 18) + displacement)
& 255 holds the code's index in `currencies` plus one (0: no code).  This
script reads `currencies` from money.c, finds the first multiplier from
0x9E3779B1 up (odd ones) for which each bucket, largest first, fits in free
slots (hash and displace), and prints CURRENCY_HASH and both tables.

    python3 src/core/currency_table.py          # prints the tables
    python3 src/core/currency_table.py --check src/core/money.c
                                                # exit 1 if money.c differs
"""
import re
import sys

BUCKETS, SLOTS = 64, 256


def codes(text):
    return re.findall(r'\{ "([A-Z]{3})", \d \}', text)


def assign(words, multiplier):
    """The displacements and slots for `multiplier`, or None."""
    buckets = {}
    for index, word in enumerate(words):
        h = (word * multiplier) & 0xFFFFFFFF
        buckets.setdefault(h >> 26, []).append((index, (h >> 18) & 255))
    displace, slot = [0] * BUCKETS, [0] * SLOTS
    for bucket, entries in sorted(buckets.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len({h for _, h in entries}) != len(entries):
            return None
        for d in range(SLOTS):
            if all(slot[(h + d) & 255] == 0 for _, h in entries):
                for index, h in entries:
                    slot[(h + d) & 255] = index + 1
                displace[bucket] = d
                break
        else:
            return None
    return displace, slot


def tables(text):
    words = [int.from_bytes(c.encode() + b"\0", "little") for c in codes(text)]
    multiplier = 0x9E3779B1
    while True:
        found = assign(words, multiplier)
        if found:
            return multiplier, found[0], found[1]
        multiplier += 2


def rows(numbers, per_row):
    return ",\n".join(", ".join(str(n) for n in numbers[i:i + per_row])
                      for i in range(0, len(numbers), per_row)) + ","


def in_source(text):
    multiplier = re.search(r"#define CURRENCY_HASH (0x[0-9A-Fa-f]+)u", text)
    displace = re.search(r"currency_displace\[64\] = \{(.*?)\};", text, re.S)
    slot = re.search(r"currency_slot\[256\] = \{(.*?)\};", text, re.S)
    if not (multiplier and displace and slot):
        return None
    return (int(multiplier.group(1), 16), [int(n) for n in re.findall(r"\d+", displace.group(1))],
            [int(n) for n in re.findall(r"\d+", slot.group(1))])


def main(argv):
    if len(argv) == 3 and argv[1] == "--check":
        text = open(argv[2], encoding="utf-8").read()
        want, found = tables(text), in_source(text)
        if found != want:
            print(f"{argv[2]}: the currency hash differs from its generator's "
                  "(python3 src/core/currency_table.py prints it)")
            return 1
        print(f"{argv[2]}: the currency hash equals the generator's output "
              f"({len(codes(text))} codes)")
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    multiplier, displace, slot = tables(open(argv[1], encoding="utf-8").read())
    print(f"#define CURRENCY_HASH 0x{multiplier:08X}u")
    print("displace:\n" + rows(displace, 16))
    print("slot:\n" + rows(slot, 16))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
