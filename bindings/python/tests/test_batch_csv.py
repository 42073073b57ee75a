"""decide_many over CSV as `lapse batch` reads it: RFC 4180 records (a
quoted field spanning lines, as PostgreSQL's COPY ... CSV writes a
multi-line cell), a byte-order mark, chunk boundaries inside a record."""
import os
import pathlib
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

if __name__ == "__main__":
    unittest.main()
