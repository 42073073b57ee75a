"""decide_many over CSV as `lapse batch` reads it: RFC 4180 records (a
quoted field spanning lines, as PostgreSQL's COPY ... CSV writes a
multi-line cell), a byte-order mark, chunk boundaries inside a record."""
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import lapse  # noqa: E402
import lapse.batch  # noqa: E402
sys.path.remove(str(HERE.parent))

SOURCE = HERE.parent.parent.parent
# Written by psql's \copy (SELECT ...) TO ... WITH (FORMAT csv, HEADER) from a
# throwaway PostgreSQL 15 cluster; two of its three policies span lines.
COPY_CSV = SOURCE / "tests" / "cli" / "copy-csv-multiline.csv"

class Records(unittest.TestCase):
    def test_copy_csv_file(self):
        for rows in (str(COPY_CSV), COPY_CSV.read_bytes()):
            results = lapse.decide_many(rows)
            self.assertEqual(len(results), 3)
            self.assertEqual([r.line for r in results], [2, 4, 5])
            self.assertTrue(all(r.ok for r in results), [r.error for r in results])
            self.assertEqual(results[0].decision.refund, 1290)
            self.assertEqual(str(results[0].decision.effective_end), "2025-03-11")
            self.assertEqual(str(results[2].decision.effective_end), "2025-03-15")

    def test_records_across_chunks(self):
        """Every chunk boundary inside a record: the same rows as one chunk."""
        records, numbers, line = [], [], 2
        for i in range(60):
            policy = ("", '"timing = immediate\nrefund = prorated"',
                      '"# ""quoted"", with commas\n\ntiming = end_of_term"')[i % 3]
            records.append(f"2025-01-{1 + i % 28:02d},20.00,2025-03-10,billing_admin,{policy}")
            numbers.append(line)
            line += 1 + policy.count("\n")
        text = ("start,price,on,roles,policy\n" + "\n".join(records) + "\n").encode()
        whole = lapse.decide_many(text)
        self.assertEqual([r.line for r in whole], numbers)
        self.assertTrue(all(r.ok for r in whole))
        for size in (1, 7, 50, 333):
            with self.subTest(size=size), mock.patch.object(lapse.batch, "CHUNK_BYTES", size):
                chunked = lapse.decide_many(text)
                self.assertEqual([r.line for r in chunked], numbers)
                self.assertEqual([r.decision for r in chunked], [r.decision for r in whole])

    def test_failed_record_message(self):
        """A failed multi-line row's message comes from its whole record; a
        quote that never closes fails its line alone."""
        text = (b'start,on,roles,policy\n2025-01-31,2025-03-10,billing_admin,"timing = soon\n'
                b'refund = none"\n2025-01-31,2025-03-10,billing_admin,"timing = x\n'
                b"2025-01-31,2025-03-10,billing_admin,\n")
        results = lapse.decide_many(text)
        self.assertEqual([r.line for r in results], [2, 4, 5])
        self.assertEqual((results[0].error.code, results[0].error.line),
                         ("value_syntax", 2))
        self.assertIn("timing", results[0].error.message)
        self.assertEqual(results[1].error.code, "csv_syntax")
        self.assertTrue(results[2].ok)

    def test_byte_order_mark(self):
        text = b"\xef\xbb\xbfstart,on,roles\r\n2025-01-31,2025-03-10,billing_admin\r\n"
        with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as f:
            f.write(text)
        try:
            for rows in (text, f.name):
                results = lapse.decide_many(rows)
                self.assertEqual([r.ok for r in results], [True])
        finally:
            os.unlink(f.name)

    def test_lone_cr_raises(self):
        with self.assertRaises(lapse.LapseError) as caught:
            lapse.decide_many(b"start,on\r2025-01-01,2025-01-02\r")
        self.assertEqual((caught.exception.code, caught.exception.line), ("csv_syntax", 1))
        self.assertIn("lone CR", caught.exception.message)

CLI = os.environ.get("LAPSE_CLI", "")
KEEP_CSV = (b'id,start,price,note,on,roles\n'
            b'"7,a",2025-01-31,20.00,"x""y",2025-03-10,billing_admin\n'
            b'8,2025-02-30,20.00,,2025-03-10,billing_admin\n'
            b'9,bad\n'
            b'10,2025-01-31,20.00,"two\nlines",2025-03-10,billing_admin\n'
            b'11,2025-01-31,20.00,,2025-03-10,billing_admin\n')


class RecordRule(unittest.TestCase):
    """The CSV record rule is the library's (lapse_csv_line_open), called
    through ctypes: Python keeps no copy of it."""

    CASES = [(b"2025-01-01,2025-02-01,immediate", False, False),
             (b'2025-01-01,"timing = immediate;', False, True),
             (b'refund = prorated",2025-02-01', True, False),
             (b"still inside", True, True),
             (b'a"b,c', False, False),  # a quote inside an unquoted field
             (b'"a "" quote",b', False, False),  # "" is a quote in the field
             (b'"a "" quote', False, True),
             (b"", True, True),
             (b"", False, False),
             (b'x,"a,b",""', False, False),
             (b'x,"a,b","', False, True)]

    def test_cases(self):
        for line, is_open, want in self.CASES:
            with self.subTest(line=line, is_open=is_open):
                self.assertIs(lapse.batch._line_open(line, is_open), want)

    def test_calls_the_library(self):
        calls = []

        def spy(line, length, is_open):
            calls.append((bytes(line[:length]), is_open))
            return 1

        with mock.patch.object(lapse.batch, "_csv_line_open", spy):
            # The library's answer, whatever it is: no rule of Python's own.
            self.assertIs(lapse.batch._line_open(b'a,"b', False), True)
            self.assertIs(lapse.batch._line_open(b"a,b", True), True)
        self.assertEqual(calls, [(b'a,"b', 0), (b"a,b", 1)])
        self.assertIs(lapse.batch._csv_line_open, lapse._native.lib.lapse_csv_line_open)


class Keep(unittest.TestCase):
    """decide_many(..., keep=[...]) as `lapse batch --keep`: the kept
    columns unchanged, in the order given, in every row, error rows too;
    an unknown column not kept is the header's error, naming it."""

    def test_kept_columns_in_every_row(self):
        results = lapse.decide_many(KEEP_CSV, keep=["note", "id", "price"])
        self.assertEqual([list(r.kept.items()) for r in results], [
            [("note", 'x"y'), ("id", "7,a"), ("price", "20.00")],
            [("note", ""), ("id", "8"), ("price", "20.00")],
            [("note", ""), ("id", "9"), ("price", "")],
            [("note", "two\nlines"), ("id", "10"), ("price", "20.00")],
            [("note", ""), ("id", "11"), ("price", "20.00")]])
        self.assertEqual([r.line for r in results], [2, 3, 4, 5, 7])
        self.assertEqual([r.ok for r in results], [True, False, False, True, True])
        # price is kept and still read: 20.00 EUR for the rest of the term
        self.assertEqual(results[0].decision.remaining_term_charge, 2000)
        self.assertEqual(results[4].decision.remaining_term_charge, 2000)
        self.assertEqual((results[1].error.code, results[1].error.field, results[1].error.line),
                         ("date_invalid", "start", 3))
        self.assertEqual((results[2].error.code, results[2].error.message, results[2].error.line),
                         ("column_count", "row: 2 fields, the header has 6", 4))

    def test_a_text_of_names_and_chunks(self):
        whole = lapse.decide_many(KEEP_CSV, keep="id,note")
        self.assertEqual([r.kept["id"] for r in whole], ["7,a", "8", "9", "10", "11"])
        for size in (1, 13, 70):
            with self.subTest(size=size), mock.patch.object(lapse.batch, "CHUNK_BYTES", size):
                chunked = lapse.decide_many(KEEP_CSV, keep=["id", "note"])
                self.assertEqual([(r.line, dict(r.kept), r.decision, r.error) for r in chunked],
                                 [(r.line, dict(r.kept), r.decision, r.error) for r in whole])

    def test_nothing_kept(self):
        results = lapse.decide_many(b"start,price,on,roles\n2025-01-31,20.00,2025-03-10,x\n")
        self.assertEqual(dict(results[0].kept), {})

    def test_unknown_column_is_never_ignored(self):
        text = (b"id,start,price,renewl_term,on,roles\n"
                b"7,2025-01-31,20.00,12,2025-03-10,billing_admin\n")
        for keep in ((), ["id"], "id", ["price"]):
            with self.subTest(keep=keep), self.assertRaises(lapse.LapseError) as caught:
                lapse.decide_many(text, keep=keep)
            error = caught.exception
            column = 1 if keep in ((), ["price"]) else 4
            name = "id" if column == 1 else "renewl_term"
            self.assertEqual((error.code, error.line, error.column),
                             ("unknown_column", 1, column))
            self.assertEqual(error.message, f"column {column} '{name}': not a known column "
                             f"(lapse-vectors(5) lists them); keep=['{name}'] copies it to "
                             "the output")
            self.assertEqual(str(error), error.message)
        results = lapse.decide_many(text, keep=["id", "renewl_term"])
        self.assertEqual(dict(results[0].kept), {"id": "7", "renewl_term": "12"})
        self.assertTrue(results[0].ok)

    def test_kept_column_missing_from_the_header(self):
        with self.assertRaisesRegex(ValueError, "keep: 'renewal_term' is not a column of the "
                                    "CSV header"):
            lapse.decide_many(b"id,start,renewl_term\n", keep=["id", "renewal_term"])
        with self.assertRaisesRegex(ValueError, "keep: 'id' given twice"):
            lapse.decide_many(b"id,start\n", keep=["id", "id"])
        with self.assertRaises(TypeError):
            lapse.decide_many([], keep=["id"])

    def test_every_column_and_own_columns_to_256(self):
        """Every input column the library knows and the caller's own columns,
        256 (LAPSE_TABLE_MAX_COLUMNS) in all, as `lapse batch --keep` takes
        them: each kept value comes back, the row decided as its inputs
        alone; 257 columns is the library's too_many_columns."""
        self.assertEqual(lapse._native.MAX_COLUMNS, 256)
        known = list(lapse.columns.INPUT_COLUMNS)
        self.assertIn("express_request", known)  # columns past 63 are listed
        given = {"start": "2025-01-31", "term": "12", "price": "20.00", "on": "2025-03-10",
                 "roles": "billing_admin"}
        own = [f"own{i:03d}" for i in range(256 - len(known))]
        header = own[:70] + known + own[70:]
        cells = [f"v{name}" if name in own else given.get(name, "") for name in header]
        text = (",".join(header) + "\n" + ",".join(cells) + "\n").encode()
        alone = lapse.decide_many((",".join(given) + "\n" + ",".join(given.values()) +
                                   "\n").encode())[0]
        self.assertTrue(alone.ok, alone.error)
        result = lapse.decide_many(text, keep=own[::-1])[0]
        self.assertTrue(result.ok, result.error)
        self.assertEqual(list(result.kept.items()), [(name, f"v{name}") for name in own[::-1]])
        self.assertEqual(result.decision, alone.decision)
        self.assertEqual(result.decision.remaining_term_charge, 22000)
        more = (",".join(header + ["own999"]) + "\n" + ",".join(cells + ["x"]) + "\n").encode()
        with self.assertRaises(lapse.LapseError) as caught:
            lapse.decide_many(more, keep=own + ["own999"])
        self.assertEqual((caught.exception.code, caught.exception.message),
                         ("too_many_columns", "header: 257 columns, lapse reads at most 256"))

    @unittest.skipUnless(CLI, "LAPSE_CLI names the lapse tool")
    def test_as_lapse_batch_keep(self):
        run = subprocess.run([CLI, "batch", "--json", "--keep", "note,id,price", "-"],
                             input=KEEP_CSV, capture_output=True)
        rows = json.loads(run.stdout)["rows"]
        results = lapse.decide_many(KEEP_CSV, keep=["note", "id", "price"])
        self.assertEqual([list(row)[:3] for row in rows], [["note", "id", "price"]] * 5)
        self.assertEqual([{k: row[k] for k in ("note", "id", "price")} for row in rows],
                         [dict(r.kept) for r in results])
        self.assertEqual([row["line"] for row in rows], [r.line for r in results])
        self.assertEqual([row["error_code"] for row in rows],
                         [r.error.code if r.error else None for r in results])


if __name__ == "__main__":
    unittest.main()
