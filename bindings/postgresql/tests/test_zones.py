"""PostgreSQL's lapse_request_date(requested_at timestamptz, zone text) and
lapse_day_start(day date, zone text) (#29), which convert with the server's
own time zone data, against `lapse cancel --at --zone --json` (lapse's own
TZif reader) on a throwaway server: the issue's Los Angeles example, DST
gap days and ordinary days in several zones."""
import json
import os
import pathlib
import subprocess
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import pgcluster  # noqa: E402

CLI = (os.environ.get("LAPSE_CLI") or sys.exit("LAPSE_CLI: the lapse tool to test is not set"))
CONTRACT = ["--term", "12", "--contract", "--channel", "support",
            "--role", "billing-admin", "--provided", "all"]


def setUpModule():
    global servers, server
    servers = pgcluster.Servers(pgcluster.extension_files())
    server = servers.start("zones")
    server.psql("CREATE EXTENSION lapse;")


def tearDownModule():
    servers.close()


def tool(*args):
    """A yearly contract from 2000-01-01 (a notice deadline every December 2)."""
    out = subprocess.run([CLI, "cancel", "--json", *CONTRACT, "--start", "2000-01-01", *args],
                         capture_output=True)
    return json.loads(out.stdout)


def sql(query):
    return server.psql("SET TIME ZONE 'UTC';" + query).stdout.strip()


@unittest.skipUnless(os.path.isfile("/usr/share/zoneinfo/America/Los_Angeles"), "no tzdata")
class ServerZones(unittest.TestCase):
    def test_los_angeles(self):
        self.assertEqual(sql("SELECT lapse_request_date('2025-12-02T23:30:00-08:00', "
                             "'America/Los_Angeles');"), "2025-12-02")
        self.assertEqual(sql("SELECT (lapse_cancel(start => '2025-01-01', term => 12, "
                             "contract => true, channel => 'support', "
                             "roles => '{billing_admin}', provided => '{all}', \"on\" => "
                             "lapse_request_date('2025-12-02T23:30:00-08:00', "
                             "'America/Los_Angeles'))).renews_first;"), "f")
        self.assertEqual(sql("SELECT lapse_day_start('2025-12-03', 'America/Los_Angeles');"),
                         "2025-12-03 08:00:00+00")

    def test_same_as_the_tool(self):
        # Request dates and deadline instants in several zones, on ordinary
        # days and across DST gaps (Sao Paulo's midnight gap of 2018-11-04).
        cases = [("America/Los_Angeles", "2025-03-09T07:59:59Z"),
                 ("America/Los_Angeles", "2025-11-02T08:30:00Z"),
                 ("Europe/Rome", "2025-03-29T23:30:00Z"),
                 ("Australia/Lord_Howe", "2025-04-05T13:45:00Z"),
                 ("Asia/Kolkata", "2025-06-30T18:29:59Z"),
                 ("America/Sao_Paulo", "2018-11-03T12:00:00Z")]
        for zone, at in cases:
            with self.subTest(zone=zone, at=at):
                # Immediate timing ends service the day after the request
                # date: the effective end shows the date lapse took.
                immediate = subprocess.run(
                    [CLI, "cancel", "--json", "--start", "2000-01-01", "--role", "billing-admin",
                     "--policy", "immediate-prorated", "--at", at, "--zone", zone],
                    capture_output=True)
                effective_end = json.loads(immediate.stdout)["effective_end"]
                day = sql(f"SELECT lapse_request_date('{at}', '{zone}');")
                self.assertEqual(sql(f"SELECT date '{day}' + 1;"), effective_end)
                got = tool("--at", at, "--zone", zone)
                deadline = sql(f"SELECT to_char(lapse_day_start(date '{got['notice_deadline']}' "
                               f"+ 1, '{zone}'), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"');")
                self.assertEqual(deadline, got["notice_deadline_at"])
                ends = sql(f"SELECT to_char(lapse_day_start(date '{got['effective_end']}', "
                           f"'{zone}'), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"');")
                self.assertEqual(ends, got["access_ends_at"])
        # The first instant of 2018-11-04 in Sao Paulo: midnight did not
        # exist, the day began at the jump, 03:00Z (01:00 -02).
        self.assertEqual(sql("SELECT lapse_day_start('2018-11-04', 'America/Sao_Paulo');"),
                         "2018-11-04 03:00:00+00")


if __name__ == "__main__":
    unittest.main()
