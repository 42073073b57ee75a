"""Request(at=<aware datetime>, zone="Europe/Rome") (#29): the request date
is the one zoneinfo gives, a decision in a zone has its deadlines as
instants and its explanation in the zone; refused names and instants."""
import datetime
import os
import random
import unittest
import zoneinfo

import lapse

UTC = datetime.timezone.utc
HAVE_TZDATA = os.path.isfile("/usr/share/zoneinfo/America/Los_Angeles")
CONTRACT = lapse.Subscription(start=datetime.date(2025, 1, 1), term=12, contract=True)
SUPPORT = dict(channel=lapse.Channel.SUPPORT, roles=lapse.Role.BILLING_ADMIN,
               provided=lapse.SupportInfo.ALL)


@unittest.skipUnless(HAVE_TZDATA, "no tzdata in /usr/share/zoneinfo")
class RequestAtAnInstant(unittest.TestCase):
    def test_same_date_as_zoneinfo(self):
        rng = random.Random(29)
        low = int(datetime.datetime(1900, 1, 1, tzinfo=UTC).timestamp())
        high = int(datetime.datetime(2100, 1, 1, tzinfo=UTC).timestamp())
        for name in ["Europe/Rome", "America/Los_Angeles", "Australia/Lord_Howe",
                     "Pacific/Apia", "America/Nuuk", "Asia/Kolkata", "Pacific/Chatham"]:
            z = zoneinfo.ZoneInfo(name)
            for _ in range(300):
                at = datetime.datetime.fromtimestamp(rng.randint(low, high), tz=UTC)
                with self.subTest(zone=name, at=at):
                    request = lapse.Request(at=at, zone=name)
                    self.assertEqual(request.on, at.astimezone(z).date())
                    # The instant written in another zone: the same date.
                    self.assertEqual(lapse.Request(at=at.astimezone(z), zone=name).on,
                                     request.on)
        # Without a zone: the instant's own offset.
        at = datetime.datetime(2025, 12, 2, 23, 30, tzinfo=datetime.timezone(
            datetime.timedelta(hours=-8)))
        self.assertEqual(lapse.Request(at=at).on, datetime.date(2025, 12, 2))
        self.assertEqual(lapse.Request(at=at.astimezone(UTC)).on, datetime.date(2025, 12, 3))

    def test_los_angeles_deadline(self):
        # 23:30 in Los Angeles on the notice deadline (2025-12-02) is in
        # time; the same instant's UTC date is late and renews first.
        at = datetime.datetime(2025, 12, 2, 23, 30,
                               tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles"))
        d = lapse.decide_cancel(CONTRACT, lapse.Request(at=at, zone="America/Los_Angeles",
                                                        **SUPPORT))
        self.assertEqual(d.notice_deadline, datetime.date(2025, 12, 2))
        self.assertFalse(d.renews_first)
        self.assertEqual(d.notice_deadline_at, datetime.datetime(2025, 12, 3, 8, tzinfo=UTC))
        self.assertEqual(d.access_ends_at, datetime.datetime(2026, 1, 1, 8, tzinfo=UTC))
        self.assertLess(at, d.notice_deadline_at)
        self.assertIn("Notice deadline    by 2025-12-02 23:59 America/Los_Angeles (in time)",
                      d.explain())
        self.assertIn("entro il 02/12/2025 alle 23:59 America/Los_Angeles (in tempo)",
                      d.explain("it"))
        late = lapse.decide_cancel(CONTRACT, lapse.Request(at=at.astimezone(UTC), **SUPPORT))
        self.assertTrue(late.renews_first)
        self.assertIn("notice_missed", late.warnings)
        self.assertIsNone(late.notice_deadline_at)  # no zone: no instants
        # A zone with `on`: the instants, the date as given.
        on = lapse.decide_cancel(CONTRACT, lapse.Request(on=datetime.date(2025, 12, 2),
                                                         zone=lapse.Zone("Europe/Rome"),
                                                         **SUPPORT))
        self.assertEqual(on.notice_deadline_at, datetime.datetime(2025, 12, 2, 23, tzinfo=UTC))

    def test_day_start_across_a_gap(self):
        # Los Angeles, 2025-03-09: 23 hours.
        z = lapse.Zone("America/Los_Angeles")
        self.assertEqual(z.day_start(datetime.date(2025, 3, 10)) -
                         z.day_start(datetime.date(2025, 3, 9)), datetime.timedelta(hours=23))


class Refused(unittest.TestCase):
    def test_requests(self):
        at = datetime.datetime(2025, 12, 2, 23, 30)
        with self.assertRaises(lapse.LapseError) as caught:
            lapse.Request(at=at)  # naive
        self.assertEqual(caught.exception.field, "requested_at")
        with self.assertRaises(lapse.LapseError):
            lapse.Request(at=at.replace(tzinfo=UTC), on=datetime.date(2025, 12, 2))
        with self.assertRaises(TypeError):
            lapse.Request()
        with self.assertRaises(TypeError):
            lapse.Request(at="2025-12-02T23:30:00Z")

    def test_zone_names(self):
        for name, code in [("../etc/passwd", "value_syntax"), ("/etc/passwd", "value_syntax"),
                           ("Europe/Rome;x", "value_syntax"), ("Nowhere/Zone", "unknown_name")]:
            with self.subTest(name=name):
                with self.assertRaises(lapse.LapseError) as caught:
                    lapse.Zone(name)
                self.assertEqual((caught.exception.code, caught.exception.field), (code, "zone"))


if __name__ == "__main__":
    unittest.main()


def _instant_out(value):
    """A notice_deadline_at / access_ends_at cell of decide_columns as an
    aware datetime (numpy datetime64[s] or int64 Unix seconds), or None."""
    if hasattr(value, "dtype"):  # numpy
        if str(value) == "NaT":
            return None
        value = int(value.astype("int64"))
    elif value == lapse.columns.INSTANT_NONE:
        return None
    return datetime.datetime(1970, 1, 1, tzinfo=UTC) + datetime.timedelta(seconds=int(value))


def _date_out(value):
    if hasattr(value, "dtype"):
        return None if str(value) == "NaT" else datetime.date.fromisoformat(str(value))
    return None if value == lapse._native.DATE_NONE else datetime.date.fromordinal(
        value + datetime.date(1970, 1, 1).toordinal())


@unittest.skipUnless(HAVE_TZDATA, "no tzdata in /usr/share/zoneinfo")
class ColumnsAtInstants(unittest.TestCase):
    """decide_columns with requested_at, zone and billing_month (#29): every
    row as decide_cancel(Subscription, Request(at=, zone=)) decides it, the
    instants notice_deadline_at and access_ends_at included, and each bad
    row's error as Request or decide_cancel raises it."""

    ZONES = ["America/Los_Angeles", "Europe/Rome", "Asia/Kolkata", "Australia/Lord_Howe",
             "America/Sao_Paulo", "Pacific/Kiritimati", "UTC", None]

    def rows(self, count):
        rng = random.Random(2929)
        low = int(datetime.datetime(2019, 1, 1, tzinfo=UTC).timestamp())
        high = int(datetime.datetime(2031, 1, 1, tzinfo=UTC).timestamp())
        out = []
        for i in range(count):
            zone = rng.choice(self.ZONES)
            at = datetime.datetime.fromtimestamp(rng.randint(low, high), tz=UTC)
            if i % 3 == 1:  # written in another offset: the same instant
                at = at.astimezone(datetime.timezone(datetime.timedelta(minutes=rng.choice(
                    [-480, -300, 0, 60, 330, 840]))))
            billing = rng.choice([1, 3, 12])
            row = dict(start=datetime.date(2019, 1, 1) + datetime.timedelta(rng.randint(0, 700)),
                       term=12, billing=billing, contract=rng.random() < 0.5,
                       price=rng.randint(100, 50000), billing_day=rng.choice([0, 1, 15, 31]),
                       billing_month=rng.choice([0, 1, 2]) if billing > 1 else 0,
                       at=at, zone=zone, text=i % 4 == 3)
            out.append(row)
        return out

    def expected(self, row):
        subscription = lapse.Subscription(start=row["start"], term=row["term"],
                                          billing=row["billing"], contract=row["contract"],
                                          price=row["price"], billing_day=row["billing_day"],
                                          billing_month=row["billing_month"])
        request = lapse.Request(at=row["at"], zone=row["zone"], **SUPPORT)
        try:
            return lapse.decide_cancel(subscription, request), None
        except lapse.LapseError as error:  # a request before the start
            return None, error

    def test_row_by_row_as_decide_cancel(self):
        rows = self.rows(400)
        columns = {name: [row[name] for row in rows] for name in
                   ("start", "term", "billing", "contract", "price", "billing_day",
                    "billing_month", "zone")}
        # A quarter of the instants as RFC 3339 text, as a CSV cell holds them.
        columns["requested_at"] = [row["at"].isoformat() if row["text"] else row["at"]
                                   for row in rows]
        columns.update(channel="support", roles="billing_admin", provided="all")
        for use_numpy in (False, None):
            try:
                out = lapse.decide_columns(columns, use_numpy=use_numpy)
            except ImportError:
                continue
            failed = 0
            for i, row in enumerate(rows):
                with self.subTest(use_numpy=use_numpy, row=i, at=row["at"], zone=row["zone"]):
                    want, error = self.expected(row)
                    if error is not None:
                        self.assertEqual((out["error_code"][i], out["error_field"][i],
                                          out["error"][i]),
                                         (error.code, error.field, error.message))
                        self.assertIsNone(_instant_out(out["access_ends_at"][i]))
                        failed += 1
                        continue
                    self.assertEqual(out["error_code"][i], "")
                    self.assertEqual(bool(out["renews_first"][i]), want.renews_first)
                    for key in ("term_start", "term_end", "notice_deadline", "effective_end",
                                "next_invoice"):
                        self.assertEqual(_date_out(out[key][i]), getattr(want, key), key)
                    for key in ("remaining_term_charge", "still_to_invoice", "refund"):
                        self.assertEqual(int(out[key][i]), getattr(want, key), key)
                    self.assertEqual(_instant_out(out["notice_deadline_at"][i]),
                                     want.notice_deadline_at)
                    self.assertEqual(_instant_out(out["access_ends_at"][i]), want.access_ends_at)
                    if row["zone"] is not None:  # an answer that can be wrong
                        self.assertIsNotNone(want.access_ends_at)
            # Both kinds of row are there (requests before the start fail).
            self.assertGreater(failed, 10)
            self.assertLess(failed, len(rows) // 2)

    def test_the_los_angeles_example(self):
        at = "2025-12-03T07:30:00Z"
        out = lapse.decide_columns({"start": "2025-01-01", "term": 12, "contract": True,
                                    "channel": "support", "roles": "billing_admin",
                                    "provided": "all", "requested_at": [at, at, at],
                                    "zone": ["America/Los_Angeles", "UTC", None]})
        self.assertEqual([bool(v) for v in out["renews_first"]], [False, True, True])
        self.assertEqual([_instant_out(v) for v in out["notice_deadline_at"]],
                         [datetime.datetime(2025, 12, 3, 8, tzinfo=UTC),
                          datetime.datetime(2025, 12, 3, tzinfo=UTC), None])

    def test_zone_with_on_adds_the_instants(self):
        out = lapse.decide_columns({"start": "2025-01-01", "term": 12, "contract": True,
                                    "on": "2025-06-01", "zone": ["Europe/Rome", None]})
        want = lapse.decide_cancel(CONTRACT, lapse.Request(on=datetime.date(2025, 6, 1),
                                                           zone="Europe/Rome"))
        self.assertEqual(_instant_out(out["access_ends_at"][0]), want.access_ends_at)
        self.assertEqual(_instant_out(out["notice_deadline_at"][0]), want.notice_deadline_at)
        self.assertIsNone(_instant_out(out["access_ends_at"][1]))
        # Without a zone column, no such columns.
        plain = lapse.decide_columns({"start": "2025-01-01", "on": "2025-06-01"})
        self.assertNotIn("notice_deadline_at", plain)

    def test_bad_rows_as_request_raises(self):
        at = datetime.datetime(2025, 12, 3, 7, 30, tzinfo=UTC)
        cases = [  # (requested_at, zone, on): each as Request(at=, zone=, on=) raises
            (datetime.datetime(2025, 12, 3, 7, 30), "UTC", None),
            (at, "Mars/Olympus_Mons", None),
            (at, "../../etc/passwd", None),
            (at, "UTC", datetime.date(2025, 12, 3)),
        ]
        columns = {"start": "2025-01-01", "requested_at": [c[0] for c in cases] + [at],
                   "zone": [c[1] for c in cases] + ["UTC"],
                   "on": [c[2] for c in cases] + [None]}
        for use_numpy in (False, None):
            try:
                out = lapse.decide_columns(columns, use_numpy=use_numpy)
            except ImportError:
                continue
            for i, (requested_at, zone, on) in enumerate(cases):
                with self.subTest(use_numpy=use_numpy, case=i):
                    with self.assertRaises(lapse.LapseError) as raised:
                        lapse.Request(at=requested_at, zone=zone, on=on)
                    self.assertEqual((out["error_code"][i], out["error_field"][i],
                                      out["error"][i]),
                                     (raised.exception.code, raised.exception.field,
                                      raised.exception.message))
                    self.assertIsNone(_instant_out(out["access_ends_at"][i]))
            self.assertEqual(out["error_code"][len(cases)], "")  # the good row is decided
        # Text the CSV reader refuses: its message, naming requested_at.
        out = lapse.decide_columns({"start": "2025-01-01",
                                    "requested_at": ["2025-12-02T24:00:00Z"]})
        self.assertEqual((out["error_code"][0], out["error_field"][0], out["error"][0]),
                         ("value_syntax", "requested_at", "requested_at '2025-12-02T24:00:00Z': "
                          "not a time of day (00:00:00 to 23:59:60)"))
