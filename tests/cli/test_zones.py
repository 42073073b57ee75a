"""lapse --at INSTANT and --zone NAME (#29): the request date as the local
date of an instant, deadlines as instants, the explanation in the zone,
the zone directory ($TZDIR) and every refused name.  Zones come from a
zoneinfo directory written here (tzdata's own files copied when they are
installed, so that the tests do not depend on the machine's version)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CLI = (os.environ.get("LAPSE_CLI") or sys.exit("LAPSE_CLI: the lapse tool to test is not set"))
SYSTEM = "/usr/share/zoneinfo"
ENGLISH = dict(os.environ, LC_ALL="C", LANG="C")
ENGLISH.pop("LC_MESSAGES", None)
ENGLISH.pop("TZDIR", None)

# The issue's example: a 12-month contract from 2025-01-01, 30 days' notice
# (the default policy): the notice deadline is 2025-12-02.
CONTRACT = ["--start", "2025-01-01", "--term", "12", "--contract", "--channel", "support",
            "--role", "billing-admin", "--provided", "all"]


def run(*args, env=None):
    return subprocess.run([CLI, *args], capture_output=True, timeout=120,
                          env=dict(ENGLISH, **(env or {})))


def cancel_json(*args, env=None):
    result = run("cancel", "--json", *args, env=env)
    if result.returncode not in (0, 1):
        raise AssertionError(result.stdout.decode() + result.stderr.decode())
    return json.loads(result.stdout)


@unittest.skipUnless(os.path.isfile(os.path.join(SYSTEM, "America/Los_Angeles")),
                     "no tzdata in /usr/share/zoneinfo")
class InstantsAndZones(unittest.TestCase):
    def test_los_angeles_deadline_in_time_and_late_as_utc(self):
        # 2025-12-02 23:30 in Los Angeles: the local date is the deadline,
        # in time; the same instant's UTC date (2025-12-03) is late and the
        # contract renews first.
        local = cancel_json(*CONTRACT, "--at", "2025-12-02T23:30:00-08:00",
                            "--zone", "America/Los_Angeles")
        self.assertEqual(local["notice_deadline"], "2025-12-02")
        self.assertFalse(local["renews_first"])
        self.assertNotIn("notice_missed", local["warnings"])
        self.assertEqual(local["effective_end"], "2026-01-01")
        # 2025-12-03 00:00 PST = 08:00Z; 2026-01-01 00:00 PST = 08:00Z.
        self.assertEqual(local["notice_deadline_at"], "2025-12-03T08:00:00Z")
        self.assertEqual(local["access_ends_at"], "2026-01-01T08:00:00Z")
        late = cancel_json(*CONTRACT, "--at", "2025-12-03T07:30:00Z", "--zone", "UTC")
        self.assertTrue(late["renews_first"])
        self.assertIn("notice_missed", late["warnings"])
        self.assertEqual(late["effective_end"], "2027-01-01")
        self.assertEqual(late["notice_deadline_at"], "2025-12-03T00:00:00Z")

    def test_without_zone_the_instants_own_offset(self):
        # No --zone: the date the instant was written in; no *_at keys.
        local = cancel_json(*CONTRACT, "--at", "2025-12-02T23:30:00-08:00")
        self.assertFalse(local["renews_first"])
        self.assertNotIn("notice_deadline_at", local)
        late = cancel_json(*CONTRACT, "--at", "2025-12-03T07:30:00Z")
        self.assertTrue(late["renews_first"])
        self.assertEqual(cancel_json(*CONTRACT, "--on", "2025-12-02"),
                         cancel_json(*CONTRACT, "--at", "2025-12-02T00:00:00+14:00"))

    def test_explanation_in_the_zone(self):
        text = run("cancel", *CONTRACT, "--at", "2025-12-02T23:30:00+01:00",
                   "--zone", "Europe/Rome").stdout.decode()
        self.assertIn("Notice deadline    by 2025-12-02 23:59 Europe/Rome (in time)\n", text)
        text = run("cancel", *CONTRACT, "--at", "2025-12-02T23:30:00+01:00",
                   "--zone", "Europe/Rome", "--lang", "it").stdout.decode()
        self.assertIn("entro il 02/12/2025 alle 23:59 Europe/Rome (in tempo)", text)
        plain = run("cancel", *CONTRACT, "--on", "2025-12-02").stdout.decode()
        self.assertIn("Notice deadline    2025-12-02 (in time)\n", plain)

    def test_status_and_timeline_take_at(self):
        # 2026-01-01T07:59:59Z is still 2025-12-31 in Los Angeles.
        ending = ["--start", "2025-01-01", "--term", "12", "--cancelled-on", "2025-06-01"]
        status = run("status", *ending, "--at", "2026-01-01T07:59:59Z",
                     "--zone", "America/Los_Angeles", "--json")
        self.assertEqual(json.loads(status.stdout)["status"], "ending", status.stderr)
        status = run("status", *ending, "--at", "2026-01-01T08:00:00Z",
                     "--zone", "America/Los_Angeles", "--json")
        self.assertEqual(json.loads(status.stdout)["status"], "expired")
        timeline = run("timeline", *CONTRACT, "--at", "2025-12-02T23:30:00-08:00",
                       "--zone", "America/Los_Angeles", "--json")
        self.assertEqual(timeline.returncode, 0, timeline.stderr)

    def test_tzdir(self):
        with tempfile.TemporaryDirectory() as directory:
            os.makedirs(os.path.join(directory, "Test"))
            shutil.copy(os.path.join(SYSTEM, "Pacific/Kiritimati"),
                        os.path.join(directory, "Test", "Plus14"))
            # 2025-12-01T10:00Z is 2025-12-02 00:00 at +14.
            got = cancel_json(*CONTRACT, "--at", "2025-12-01T10:00:00Z", "--zone", "Test/Plus14",
                              env={"TZDIR": directory})
            self.assertEqual(got["notice_deadline_at"], "2025-12-02T10:00:00Z")
            missing = run("cancel", *CONTRACT, "--zone", "America/Los_Angeles",
                          env={"TZDIR": directory})
            self.assertEqual(missing.returncode, 2)
            self.assertEqual(missing.stderr.decode(), "lapse cancel: zone America/Los_Angeles: "
                             f"no such zone in {directory}\n")


class Refused(unittest.TestCase):
    def test_names(self):
        for name, why in [("../etc/passwd", "'..' would leave the zoneinfo directory"),
                          ("/etc/passwd", "an absolute path, not a zone name"),
                          ("Europe/Rome;rm", "only letters, digits, '_', '+', '-' and '/' make a zone name"),
                          ("Europe//Rome", "an empty component, not a zone name")]:
            with self.subTest(name=name):
                result = run("cancel", *CONTRACT, "--zone", name)
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stderr.decode(), f"lapse cancel: zone '{name}': {why}\n")

    def test_instants_and_flags(self):
        result = run("cancel", *CONTRACT, "--at", "2025-12-02")
        self.assertEqual(result.returncode, 2)
        self.assertIn("requested_at '2025-12-02': not an RFC 3339 date-time", result.stderr.decode())
        result = run("cancel", *CONTRACT, "--at", "2025-12-02T00:00:00Z", "--on", "2025-12-02")
        self.assertEqual(result.stderr.decode(),
                         "lapse cancel: --at and --on both give the request date: give one\n")
        result = run("cancel", *CONTRACT, "--at")
        self.assertEqual(result.returncode, 2)
        result = run("cancel", *CONTRACT, "--zone", "UTC", "--zone", "UTC")
        self.assertEqual(result.stderr.decode(), "lapse cancel: --zone given twice\n")
        result = run("cancel", "--json", *CONTRACT, "--zone", "Nowhere/Zone",
                     env={"TZDIR": "/nonexistent"})
        self.assertEqual(json.loads(result.stdout)["error"],
                         {"code": "unknown_name", "field": "zone",
                          "message": "zone Nowhere/Zone: no such zone in /nonexistent"})


VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "zones.tsv")
HEADER = "start,term,contract,channel,roles,provided,on,requested_at,zone"
ROW = "2025-01-01,12,true,support,billing_admin,all"
ERROR_COLUMNS = ["error", "error_code", "error_field"]


def batch(text, *args, env=None):
    result = subprocess.run([CLI, "batch", "-", *args], input=text.encode(), capture_output=True,
                            timeout=120, env=dict(ENGLISH, **(env or {})))
    return result


def batch_rows(text, *args, env=None):
    import csv
    import io
    result = batch(text, *args, env=env)
    return result, list(csv.DictReader(io.StringIO(result.stdout.decode())))


@unittest.skipUnless(os.path.isfile(os.path.join(SYSTEM, "Pacific/Apia")),
                     "no tzdata in /usr/share/zoneinfo")
class BatchAndVectors(unittest.TestCase):
    """requested_at and zone columns (#29 item 2) in lapse batch and lapse
    check; notice_deadline_at and access_ends_at out (item 3)."""

    def test_vectors_file(self):
        result = run("check", VECTORS)
        self.assertEqual(result.stdout.decode(), "14 passed, 0 failed\n", result.stderr.decode())
        self.assertEqual(result.returncode, 0)

    def test_vectors_can_fail(self):
        with open(VECTORS) as f:
            text = f.read()
        # The Apia row one second late read as in time: two mismatches.
        bad = text.replace("2011-12-30T10:00:00Z\tPacific/Apia\t\t2011-12-30\ttrue\t2013-01-29",
                           "2011-12-30T10:00:00Z\tPacific/Apia\t\t2011-12-30\tfalse\t2012-01-29")
        self.assertNotEqual(bad, text)
        result = subprocess.run([CLI, "check", "-"], input=bad.encode(), capture_output=True,
                                env=ENGLISH, timeout=120)
        self.assertEqual(result.returncode, 1)
        self.assertIn("renews_first: expected 'false', got 'true'", result.stdout.decode())
        self.assertIn("13 passed, 1 failed", result.stdout.decode())

    def test_batch_los_angeles_and_utc(self):
        text = (HEADER + "\n" + ROW + ",,2025-12-03T07:30:00Z,America/Los_Angeles\n"
                + ROW + ",,2025-12-03T07:30:00Z,UTC\n"
                + ROW + ",,2025-12-03T07:30:00Z,\n"
                + ROW + ",2025-12-02,,America/Los_Angeles\n")
        result, rows = batch_rows(text)
        self.assertEqual(result.returncode, 0, result.stdout.decode() + result.stderr.decode())
        header = result.stdout.decode().splitlines()[0].split(",")
        self.assertEqual(header[-5:], ["notice_deadline_at", "access_ends_at"] + ERROR_COLUMNS)
        got = [(r["renews_first"], r["effective_end"], r["notice_deadline_at"], r["access_ends_at"])
               for r in rows]
        self.assertEqual(got, [
            ("false", "2026-01-01", "2025-12-03T08:00:00Z", "2026-01-01T08:00:00Z"),
            ("true", "2027-01-01", "2025-12-03T00:00:00Z", "2027-01-01T00:00:00Z"),
            ("true", "2027-01-01", "", ""),
            ("false", "2026-01-01", "2025-12-03T08:00:00Z", "2026-01-01T08:00:00Z")])
        # --jobs 2 and --json: the same values.
        parallel = batch(text, "--jobs", "2", "--json")
        members = [(r["notice_deadline_at"], r["access_ends_at"])
                   for r in json.loads(parallel.stdout)["rows"]]
        self.assertEqual(members, [("2025-12-03T08:00:00Z", "2026-01-01T08:00:00Z"),
                                   ("2025-12-03T00:00:00Z", "2027-01-01T00:00:00Z"),
                                   (None, None),
                                   ("2025-12-03T08:00:00Z", "2026-01-01T08:00:00Z")])

    def test_no_zone_column_no_instant_columns(self):
        result, rows = batch_rows("start,term,requested_at\n2025-01-01,12,2025-03-01T23:30:00-08:00\n")
        self.assertEqual(result.returncode, 0, result.stdout.decode())
        self.assertNotIn("notice_deadline_at", result.stdout.decode())
        # The instant's own offset: 2025-03-01, so the current term starts 2025-01-01.
        self.assertEqual(rows[0]["term_start"], "2025-01-01")

    def test_errors_name_the_field(self):
        text = (HEADER + "\n" + ROW + ",2025-12-02,2025-12-02T00:00:00Z,UTC\n"
                + ROW + ",,2025-12-02,UTC\n"
                + ROW + ",,2025-13-02T00:00:00Z,UTC\n"
                + ROW + ",,2025-12-02T00:00:00Z,Europe/Nowhere\n"
                + ROW + ",,2025-12-02T00:00:00Z,../etc/passwd\n"
                + ROW + ",,2025-12-02T00:00:00Z,Europe/Nowhere\n")
        result, rows = batch_rows(text)
        self.assertEqual(result.returncode, 1)
        got = [(r["error"], r["error_code"], r["error_field"], r["notice_deadline_at"]) for r in rows]
        self.assertEqual(got, [
            ("requested_at '2025-12-02T00:00:00Z': on gives the request date too: give one",
             "value_syntax", "requested_at", ""),
            ("requested_at '2025-12-02': not an RFC 3339 date-time "
             "(YYYY-MM-DDTHH:MM:SS and Z or +HH:MM)", "value_syntax", "requested_at", ""),
            got[2][:1] + ("date_invalid", "requested_at", ""),
            ("zone Europe/Nowhere: no such zone in /usr/share/zoneinfo", "unknown_name", "zone", ""),
            ("zone '../etc/passwd': '..' would leave the zoneinfo directory", "value_syntax",
             "zone", ""),
            ("zone Europe/Nowhere: no such zone in /usr/share/zoneinfo", "unknown_name", "zone", "")])
        self.assertTrue(got[2][0].startswith("requested_at '2025-13-02T00:00:00Z': "), got[2][0])

    def test_batch_tzdir(self):
        with tempfile.TemporaryDirectory() as directory:
            os.makedirs(os.path.join(directory, "Test"))
            shutil.copy(os.path.join(SYSTEM, "Pacific/Kiritimati"),
                        os.path.join(directory, "Test", "Plus14"))
            text = HEADER + "\n" + ROW + ",,2025-12-01T10:00:00Z,Test/Plus14\n"
            result, rows = batch_rows(text, env={"TZDIR": directory})
            self.assertEqual(rows[0]["notice_deadline_at"], "2025-12-02T10:00:00Z",
                             result.stdout.decode())

    @unittest.skipUnless(shutil.which("strace"), "no strace")
    def test_each_zone_loaded_once_a_run(self):
        zones = ["Europe/Rome", "America/New_York", "Pacific/Apia"]
        text = HEADER + "\n" + "".join(ROW + f",,2025-12-01T10:00:00Z,{zones[i % 3]}\n"
                                         for i in range(300))
        for jobs in ("1", "2"):
            with self.subTest(jobs=jobs), tempfile.TemporaryDirectory() as directory:
                log = os.path.join(directory, "trace")
                # LeakSanitizer cannot run under ptrace (an ASan build
                # aborts at exit under strace): leaks are checked by every
                # other run of the tool; this one counts opened files.
                env = dict(ENGLISH, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "")
                           + ":detect_leaks=0")
                result = subprocess.run(["strace", "-f", "-e", "trace=open,openat", "-o", log,
                                         CLI, "batch", "-", "--jobs", jobs], input=text.encode(),
                                        capture_output=True, env=env, timeout=120)
                self.assertEqual(result.returncode, 0, result.stderr.decode())
                with open(log) as f:
                    opened = [line for line in f if "/usr/share/zoneinfo/" in line]
                self.assertEqual(len(opened), 3, opened)


if __name__ == "__main__":
    unittest.main()
