#!/usr/bin/env python3
"""lapse batch --jobs 4 against --jobs 1 on 20,000 rows (five chunks in
flight at once): run in the ThreadSanitizer build, where a data race in the
tool's thread pool fails the run.  usage: jobs_race.py LAPSE"""
import subprocess
import sys

lines = ["start,term,price,on,roles,channel"]
lines += [f"2024-{1 + i % 12:02d}-{1 + i % 28:02d},{(1, 12)[i % 2]},{i % 500}.00,"
          f"2025-{1 + i % 12:02d}-15,{('billing_admin', '')[i % 2]},online" for i in range(20000)]
data = ("\n".join(lines) + "\n").encode()
one = subprocess.run([sys.argv[1], "batch", "-j", "1"], input=data, capture_output=True)
four = subprocess.run([sys.argv[1], "batch", "-j", "4"], input=data, capture_output=True)
sys.stderr.write(four.stderr.decode())
ok = four.returncode == one.returncode and four.stdout == one.stdout and not four.stderr
print("1..1")
print(f"{'ok' if ok else 'not ok'} 1 - batch -j 4 equals -j 1, no race reported")
sys.exit(0 if ok else 1)
