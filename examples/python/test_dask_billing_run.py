"""The Dask billing run against `lapse batch`: three partitions decided on a
LocalCluster of 2 worker processes; every row and the totals equal what
`lapse batch` writes for the same files.  Needs Debian's python3-dask and
python3-distributed (run with /usr/bin/python3) and LAPSE_CLI."""
import csv
import datetime
import glob
import io
import os
import random
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BINDING = os.path.join(HERE, "..", "..", "bindings", "python")
CLI = os.environ.get("LAPSE_CLI", "")

HEADER = ["id", "start", "term", "billing", "price", "currency", "contract", "balance",
          "cancelled_on", "on", "channel", "roles", "provided"]


def write_partition(path, rng, rows):
    lines = [",".join(HEADER)]
    for i in range(rows):
        start = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 2500))
        term = rng.choice(["1", "12", "15", "24", ""])
        billing = rng.choice(["1", "", "0"])
        currency = rng.choice(["EUR", "EUR", "JPY", "USD", ""])
        price = str(rng.randint(0, 99999)) if currency == "JPY" else \
            f"{rng.randint(0, 9999)}.{rng.randint(0, 99):02d}"
        cancelled = "" if rng.random() < 0.7 else \
            str(start + datetime.timedelta(days=rng.randint(0, 900)))
        on = str(start + datetime.timedelta(days=rng.randint(0, 1200)))
        row = [f"{os.path.basename(path)}#{i}", str(start), term, billing, price, currency, rng.choice(["true", "false", ""]),
               rng.choice(["0", "0", "12.50"]) if currency != "JPY" else "0", cancelled, on,
               rng.choice(["online", "support", ""]),
               rng.choice(["billing_admin", "product_admin;billing_contact", ""]),
               rng.choice(["", "all", "account_id;products"])]
        if i % 97 == 5:  # a bad row now and then: it is reported, never dropped
            row[rng.choice([1, 2, 4])] = rng.choice(["2025-02-30", "0", "abc"])
        lines.append(",".join(row))
    with open(path, "w") as file:
        file.write("\n".join(lines) + "\n")


@unittest.skipUnless(CLI, "LAPSE_CLI names the lapse tool")
class DaskBillingRun(unittest.TestCase):
    def test_every_row_and_the_totals_equal_lapse_batch(self):
        rng = random.Random(7)
        with tempfile.TemporaryDirectory() as work:
            inputs = os.path.join(work, "in")
            output = os.path.join(work, "out")
            os.makedirs(inputs)
            os.makedirs(output)
            for k, rows in enumerate((1500, 1200, 900)):
                write_partition(os.path.join(inputs, f"part{k}.csv"), rng, rows)
            env = dict(os.environ, PYTHONPATH=BINDING)
            run = subprocess.run(
                [sys.executable, os.path.join(HERE, "dask_billing_run.py"),
                 os.path.join(inputs, "*.csv"), output, "--workers", "2", "--keep", "id"],
                capture_output=True, text=True, env=env, timeout=600)
            self.assertIn(run.returncode, (0, 1), run.stderr)
            ours = {}
            for path in glob.glob(os.path.join(output, "decisions-*.csv")):
                with open(path) as file:
                    reader = csv.DictReader(file)
                    # the kept id first, as lapse batch --keep id writes it
                    self.assertEqual(reader.fieldnames[:3], ["id", "file", "line"])
                    for row in reader:
                        ours[row["file"], int(row["line"])] = row
            expected_totals, failed, rows = {}, 0, 0
            for path in sorted(glob.glob(os.path.join(inputs, "*.csv"))):
                batch = subprocess.run([CLI, "batch", "--keep", "id", path],
                                       capture_output=True, text=True)
                for want in csv.DictReader(io.StringIO(batch.stdout)):
                    rows += 1
                    got = ours.pop((os.path.basename(path), int(want["line"])))
                    self.check_row(got, want)
                    if want["error"]:
                        failed += 1
                        continue
                    money = expected_totals.setdefault(want["currency"], [0, 0, 0, 0, 0])
                    money[0] += 1
                    for i, key in enumerate(("remaining_term_charge", "still_to_invoice",
                                             "refund", "termination_fee"), 1):
                        money[i] += int(want[key])
            self.assertEqual(ours, {})  # no row the batch did not have
            self.assertEqual(rows, 3600)
            self.assertGreater(failed, 0)
            import lapse
            lines = [f"rows decided: {rows - failed}, failed: {failed}"]
            for currency in sorted(expected_totals):
                n, *money = expected_totals[currency]
                lines.append(f"{currency}: {n} rows, " + ", ".join(
                    f"{key} {lapse.format_amount(value, currency)}" for key, value in zip(
                        ("remaining_term_charge", "still_to_invoice", "refund",
                         "termination_fee"), money)))
            self.assertEqual(run.stdout.splitlines(), lines)

    def test_unknown_column_is_never_ignored(self):
        """A misspelt column is an error (exit 1) naming it, before any row
        is decided, unless --keep names it; a kept column missing from the
        header is a usage error (exit 2)."""
        with tempfile.TemporaryDirectory() as work:
            path = os.path.join(work, "in.csv")
            with open(path, "w") as file:
                file.write("id,start,price,renewl_term,on,roles\n"
                           "7,2025-01-31,20.00,12,2025-03-10,billing_admin\n")
            env = dict(os.environ, PYTHONPATH=BINDING)
            for keep, status, message in (
                    ([], 1, "column 1 'id': not an input column (lapse-vectors(5) lists "
                     "them); --keep id copies it to the output"),
                    (["--keep", "id"], 1, "column 4 'renewl_term': not an input column "
                     "(lapse-vectors(5) lists them); --keep renewl_term copies it to the output"),
                    (["--keep", "id,renewal_term"], 2, "--keep renewal_term: not a column of "
                     "the header of " + path)):
                with self.subTest(keep=keep):
                    run = subprocess.run(
                        [sys.executable, os.path.join(HERE, "dask_billing_run.py"), path,
                         os.path.join(work, "out"), *keep],
                        capture_output=True, text=True, env=env, timeout=300)
                    self.assertEqual(run.returncode, status, run.stderr)
                    self.assertEqual(run.stdout, "")
                    where = "" if status == 2 else path + ":1: header: "
                    self.assertEqual(run.stderr, f"dask_billing_run.py: {where}{message}\n")
                    self.assertFalse(os.path.exists(os.path.join(work, "out")))

    def check_row(self, got, want):
        where = (got["file"], got["line"])
        self.assertEqual(got["id"], want["id"], where)
        self.assertEqual(got["error"], want["error"], where)
        if want["error"]:
            return
        for key, value in want.items():
            if key in ("line", "error"):
                continue
            mine = got[key]
            if key in ("allowed", "renews_first"):
                mine = mine.lower()
            self.assertEqual(mine, value, (where, key))


if __name__ == "__main__":
    sys.path.insert(0, BINDING)
    unittest.main()
