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
