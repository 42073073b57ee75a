"""lapse_cancel_json's "requested_at" (RFC 3339 text) and "zone" (an IANA
name, read from /usr/share/zoneinfo) (#29): the request date as the
instant's local date, the deadlines as instants, refused names."""
import json
import os
import pathlib
import sqlite3
import sys
import unittest

EXTENSION = (os.environ.get("LAPSE_SQLITE") or sys.exit("LAPSE_SQLITE: not set"))
CONTRACT = ("'start', '2025-01-01', 'term', 12, 'contract', 1, 'channel', 'support', "
            "'roles', 'billing_admin', 'provided', 'all'")


def connect():
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(str(pathlib.Path(EXTENSION).resolve().with_suffix("")))
    return db


def cancel(db, extra):
    row = db.execute(f"SELECT lapse_cancel_json(json_object({CONTRACT}, {extra}))").fetchone()
    return json.loads(row[0])


@unittest.skipUnless(os.path.isfile("/usr/share/zoneinfo/America/Los_Angeles"), "no tzdata")
class RequestedAt(unittest.TestCase):
    def test_los_angeles(self):
        db = connect()
        # 23:30 in Los Angeles on the notice deadline (2025-12-02): in time.
        d = cancel(db, "'requested_at', '2025-12-02T23:30:00-08:00', "
                       "'zone', 'America/Los_Angeles'")
        self.assertFalse(d["renews_first"])
        self.assertEqual(d["notice_deadline_at"], "2025-12-03T08:00:00Z")
        self.assertEqual(d["access_ends_at"], "2026-01-01T08:00:00Z")
        # Without a zone, its own offset: the same date; no instants.
        d = cancel(db, "'requested_at', '2025-12-02T23:30:00-08:00'")
        self.assertFalse(d["renews_first"])
        self.assertNotIn("notice_deadline_at", d)
        # The same instant as a UTC date is late.
        self.assertTrue(cancel(db, "'requested_at', '2025-12-03T07:30:00Z'")["renews_first"])
        self.assertTrue(cancel(db, "'requested_at', '2025-12-03T07:30:00Z', 'zone', 'UTC'")
                        ["renews_first"])

    def test_refused(self):
        db = connect()
        for extra, message in [
                ("'zone', '../etc/passwd'", "zone '../etc/passwd': '..' would leave"),
                ("'zone', 'Nowhere/Zone'", "zone Nowhere/Zone: no such zone in /usr/share/zoneinfo"),
                ("'requested_at', '2025-12-02'", "requested_at '2025-12-02': not an RFC 3339"),
                ("'requested_at', '2025-12-02T00:00:00Z', 'on', '2025-12-02'",
                 "on and requested_at both give the request date")]:
            with self.subTest(extra=extra):
                with self.assertRaises(sqlite3.OperationalError) as caught:
                    cancel(db, extra)
                self.assertIn(message, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
