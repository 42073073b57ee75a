"""Issue #25: whatever bytes the input holds (control characters, quotes,
backslashes, DEL, invalid UTF-8, multi-byte names), every JSON the tool
writes is valid UTF-8 and valid JSON.

The binary comes from the LAPSE_CLI environment variable (meson sets it)."""
import json
import os
import sys
import subprocess
import tempfile
import unittest

CLI = (os.environ.get("LAPSE_CLI") or sys.exit("LAPSE_CLI: the lapse tool to test is not set (meson test sets it)"))
ENGLISH = dict(os.environ, LC_ALL="C", LANG="C")
ENGLISH.pop("LC_MESSAGES", None)

HOSTILE = [b"a\nb", b'"', b"\\", b"\x7f", b"bad\xff", b"\xc3z", b"\xe2\x82", b"\x01\x1f\x1b",
           "pr\u00e9zzo\u20ac".encode(), b'x"\\\t\r']


def run_json(*args, stdin=None):
    out = subprocess.run([CLI, *args], input=stdin, capture_output=True, timeout=120,
                         env=ENGLISH)
    # Strict: valid UTF-8, no raw control characters in strings.
    return out.returncode, json.loads(out.stdout.decode("utf-8", errors="strict"), strict=True)


class HostileBytes(unittest.TestCase):
    def test_batch_values_and_header(self):
        for value in HOSTILE:
            with self.subTest(value=value):
                quoted = b'"' + value.replace(b'"', b'""') + b'"'
                data = b"start,price,currency,roles\n" + b",".join(
                    [quoted, b"20.00", b"EUR", b"billing_admin"]) + b"\n"
                code, got = run_json("batch", "--json", stdin=data)
                self.assertEqual(code, 1)
                self.assertEqual(got["rows"][0]["error_field"], "start")
                # A column name of those bytes: the error names it, as JSON.
                code, got = run_json("batch", "--json", stdin=b"start," + quoted + b"\n1,2\n")
                self.assertNotEqual(code, 0)
                self.assertIn(got["rows"][0]["error_code"], ("unknown_column", "csv_syntax"))

    def test_cancel_errors(self):
        for value in HOSTILE:
            with self.subTest(value=value):
                code, got = run_json("cancel", "--json", "--start", "2025-01-31", "--on",
                                     "2025-03-10", "--channel", os.fsdecode(value))
                self.assertNotEqual(code, 0)
                self.assertEqual(got["error"]["field"], "channel")
        code, got = run_json("cancel", "--json", "--start", 'x"\\\x7f\x01')
        self.assertEqual(got["error"]["message"],
                         "start 'x\"\\\\x7f\\x01': not a date of the form YYYY-MM-DD")

    def test_policy_file_errors(self):
        for value in HOSTILE:
            with self.subTest(value=value), tempfile.NamedTemporaryFile(suffix=".policy") as f:
                f.write(b"timing = " + value + b"\n" + value + b" = 1\n")
                f.flush()
                code, got = run_json("cancel", "--json", "--policy", f.name, "--start",
                                     "2025-01-31", "--on", "2025-03-10")
                self.assertEqual(code, 2)
                self.assertEqual(got["error"]["code"], "usage")
                self.assertIn(": line 1, column 10: timing '", got["error"]["message"])


if __name__ == "__main__":
    unittest.main()
