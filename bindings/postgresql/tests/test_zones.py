"""PostgreSQL's lapse_request_date(requested_at timestamptz, zone text) and
lapse_day_start(day date, zone text) (#29), which convert with the server's
own time zone data, against `lapse cancel --at --zone --json` (lapse's own
TZif reader) on a throwaway server: the issue's Los Angeles example, DST
gap days and ordinary days in several zones; and lapse_cancel's own
requested_at and zone arguments (and the scalar functions'), with the
outputs notice_deadline_at and access_ends_at."""
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


# The arguments of a yearly contract from 2000-01-01, as tool() decides it.
CONTRACT_SQL = ("start => '2000-01-01', term => 12, contract => true, channel => 'support', "
                "roles => '{billing_admin}', provided => '{all}'")
UTC_TEXT = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'"


@unittest.skipUnless(os.path.isfile("/usr/share/zoneinfo/America/Los_Angeles"), "no tzdata")
class CancelAtAnInstant(unittest.TestCase):
    """lapse_cancel(..., requested_at timestamptz, zone text) (#29): the
    request date is the instant's local date in the zone by the server's
    time zone data, and the decision adds notice_deadline_at and
    access_ends_at (NULL without a zone)."""

    def test_issue_example(self):
        # 23:30 in Los Angeles on the notice deadline is in time; the same
        # instant's UTC date (12-03) is late and renews the contract.
        ask = ("SELECT renews_first, notice_deadline, to_char(notice_deadline_at, "
               f"{UTC_TEXT}) FROM lapse_cancel(start => '2025-01-01', term => 12, "
               "contract => true, channel => 'support', roles => '{billing_admin}', "
               "provided => '{all}', requested_at => '2025-12-03T07:30:00Z', zone => ")
        self.assertEqual(sql(ask + "'America/Los_Angeles');"),
                         "f|2025-12-02|2025-12-03T08:00:00Z")
        self.assertEqual(sql(ask + "'UTC');"), "t|2025-12-02|2025-12-03T00:00:00Z")

    def test_same_as_the_tool(self):
        cases = [("America/Los_Angeles", "2025-03-09T07:59:59Z"),
                 ("America/Los_Angeles", "2025-11-02T08:30:00Z"),
                 ("America/Los_Angeles", "2025-12-03T07:30:00Z"),
                 ("Europe/Rome", "2025-03-29T23:30:00Z"),
                 ("Europe/Rome", "2025-12-02T22:59:59Z"),
                 ("Australia/Lord_Howe", "2025-04-05T13:45:00Z"),
                 ("Asia/Kolkata", "2025-06-30T18:29:59Z"),
                 ("Pacific/Kiritimati", "2025-12-01T10:00:00Z"),
                 ("America/Sao_Paulo", "2018-11-03T12:00:00Z")]
        for zone, at in cases:
            with self.subTest(zone=zone, at=at):
                want = tool("--at", at, "--zone", zone)
                arguments = f"{CONTRACT_SQL}, requested_at => '{at}', zone => '{zone}'"
                got = sql(f"SELECT term_start, notice_deadline, renews_first, effective_end, "
                          f"to_char(notice_deadline_at, {UTC_TEXT}), "
                          f"to_char(access_ends_at, {UTC_TEXT}) FROM lapse_cancel({arguments});")
                self.assertEqual(got, "|".join([
                    want["term_start"], want["notice_deadline"],
                    "t" if want["renews_first"] else "f", want["effective_end"],
                    want["notice_deadline_at"], want["access_ends_at"]]))
                # The scalar functions take the same arguments.
                scalars = sql(f"SELECT lapse_effective_end({arguments}), "
                              f"to_char(lapse_notice_deadline_at({arguments}), {UTC_TEXT}), "
                              f"to_char(lapse_access_ends_at({arguments}), {UTC_TEXT});")
                self.assertEqual(scalars, "|".join([want["effective_end"],
                                                    want["notice_deadline_at"],
                                                    want["access_ends_at"]]))
                # And the request date is lapse_request_date's, passed as "on".
                on = sql(f"SELECT (lapse_cancel({CONTRACT_SQL}, \"on\" => "
                         f"lapse_request_date('{at}', '{zone}'))).effective_end;")
                self.assertEqual(on, want["effective_end"])

    def test_session_time_zone_does_not_matter(self):
        # A timestamptz is an instant: the session's TimeZone changes how it
        # is written, not the local date in the zone given.
        query = (f"SELECT (lapse_cancel({CONTRACT_SQL}, requested_at => "
                 "'2025-12-02 23:30:00-08', zone => 'America/Los_Angeles')).renews_first;")
        for session in ("UTC", "Asia/Tokyo", "America/New_York"):
            with self.subTest(session=session):
                got = server.psql(f"SET TIME ZONE '{session}';" + query).stdout.strip()
                self.assertEqual(got, "f")

    def test_zone_alone_adds_the_instants(self):
        # With "on" and a zone, the decision's dates are those of "on" and
        # the instants are in the zone; without a zone they are NULL.
        got = sql(f"SELECT notice_deadline, to_char(notice_deadline_at, {UTC_TEXT}), "
                  f"to_char(access_ends_at, {UTC_TEXT}) FROM lapse_cancel({CONTRACT_SQL}, "
                  "\"on\" => '2025-06-01', zone => 'Europe/Rome');")
        self.assertEqual(got, "2025-12-02|2025-12-02T23:00:00Z|2025-12-31T23:00:00Z")
        got = sql(f"SELECT notice_deadline_at IS NULL, access_ends_at IS NULL FROM "
                  f"lapse_cancel({CONTRACT_SQL}, \"on\" => '2025-06-01');")
        self.assertEqual(got, "t|t")

    def test_errors_name_the_argument(self):
        cases = [
            ("requested_at => '2025-12-03T07:30:00Z'", "zone", "value_syntax",
             "zone: requested_at needs the account's time zone (a timestamptz keeps no offset; "
             "'UTC' for UTC dates)"),
            ("requested_at => '2025-12-03T07:30:00Z', zone => 'UTC', \"on\" => '2025-12-03'",
             "requested_at", "value_syntax",
             "requested_at: on and requested_at both give the request date; give one"),
            ("requested_at => '2025-12-03T07:30:00Z', zone => 'Mars/Olympus_Mons'", "zone",
             "unknown_name",
             "zone 'Mars/Olympus_Mons': not a time zone of this server's time zone data"),
            ("\"on\" => '2025-12-03', zone => '../../../etc/passwd'", "zone", "unknown_name",
             "zone '../../../etc/passwd': not a time zone of this server's time zone data"),
            ("\"on\" => '2025-12-03', zone => '/usr/share/zoneinfo/UTC'", "zone",
             "unknown_name",
             "zone '/usr/share/zoneinfo/UTC': not a time zone of this server's time zone data"),
            ("requested_at => 'infinity', zone => 'UTC'", "requested_at", "date_range",
             "requested_at: its local date is outside 0001-01-01 to 9999-12-31"),
        ]
        for arguments, field, code, message in cases:
            with self.subTest(arguments=arguments):
                got = sql(f"SELECT error_field, error_code, error FROM "
                          f"lapse_try_cancel({CONTRACT_SQL}, {arguments});")
                self.assertEqual(got, f"{field}|{code}|{message}")
                raised = server.psql(f"SELECT lapse_cancel({CONTRACT_SQL}, {arguments});",
                                     check=False)
                self.assertNotEqual(raised.returncode, 0)
                self.assertIn(f"ERROR:  {message}", raised.stderr)
                self.assertIn(f"field: {field}; lapse error: {code}", raised.stderr)

    def test_as_immutable_as_at_time_zone(self):
        # lapse_cancel converts as PostgreSQL's timezone(text, timestamptz)
        # does, which PostgreSQL itself declares IMMUTABLE: so is lapse_cancel
        # (and postgres_fdw may ship it to a shard).
        self.assertEqual(sql("SELECT provolatile FROM pg_proc WHERE oid = "
                             "'timezone(text, timestamptz)'::regprocedure;"), "i")
        self.assertEqual(sql("SELECT string_agg(DISTINCT provolatile::text, ',') FROM pg_proc "
                             "WHERE proname IN ('lapse_cancel', 'lapse_try_cancel', "
                             "'lapse_notice_deadline_at', 'lapse_access_ends_at');"), "i")

    def test_status_takes_the_instant(self):
        # 2026-01-01 07:30Z is still 2025-12-31 in Los Angeles: a contract
        # from 2025-01-01 that does not renew is read on different days in
        # the two zones; each as `lapse status --at --zone` reads it.
        arguments = ("start => '2025-01-01', term => 12, contract => true, auto_renew => false, "
                     "requested_at => '2026-01-01T07:30:00Z', zone => ")
        seen = set()
        for zone in ("America/Los_Angeles", "UTC"):
            with self.subTest(zone=zone):
                out = subprocess.run([CLI, "status", "--json", "--start", "2025-01-01", "--term",
                                      "12", "--contract", "--no-auto-renew", "--at",
                                      "2026-01-01T07:30:00Z", "--zone", zone],
                                     capture_output=True)
                want = json.loads(out.stdout)
                got = sql(f"SELECT status, effective_end FROM lapse_status({arguments}'{zone}');")
                self.assertEqual(got, f"{want['status']}|{want['effective_end']}")
                seen.add(got)
        self.assertEqual(len(seen), 2)

if __name__ == "__main__":
    unittest.main()
