"""The policy keys come from the library's table (LAPSE__POLICY_TABLE in lapse.h,
#27): the ctypes mirror has each key's field at the library's offset, the
Policy dataclass has exactly the keys (and termination_fee_currency), and
the conversions cover every key; all are made from lapse_policy_key() at
import, so a key added to the table needs no Python edit."""
import ctypes
import dataclasses
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_lapse  # noqa: E402  (the package from the tree)

lapse = test_lapse.lapse
from lapse import _native, model  # noqa: E402
from lapse.names import Kind  # noqa: E402


def library_keys():
    """(name, type, kind, offset) in lapse_policy_key's (canonical) order."""
    keys, index = [], 0
    key_type, kind, offset = ctypes.c_int(), ctypes.c_int(), ctypes.c_size_t()
    while (key := _native.lib.lapse_policy_key(index, ctypes.byref(key_type), ctypes.byref(kind),
                                                ctypes.byref(offset))) is not None:
        keys.append((key.decode(), key_type.value, kind.value, offset.value))
        index += 1
    return keys


class PolicyKeys(unittest.TestCase):
    def test_the_library_lists_every_key(self):
        names = [key for key, _, _, _ in library_keys()]
        self.assertEqual(names[:3], ["timing", "refund", "commitment"])
        self.assertEqual(len(names), 29)
        self.assertEqual(len(set(names)), len(names))
        # The canonical text writes them in the same order.
        text = lapse.Policy().format()
        self.assertEqual([line.split(" =")[0] for line in text.splitlines()], names)

    def test_ctypes_mirror_at_the_library_offsets(self):
        fields = {name for name, _ in _native.PolicyC._fields_}
        keys = library_keys()
        for key, _, _, offset in keys:
            with self.subTest(key=key):
                self.assertEqual(getattr(_native.PolicyC, key).offset, offset)
        self.assertEqual(fields, {key for key, _, _, _ in keys}
                         | {"termination_fee_currency", "reserved"})

    def test_dataclass_has_exactly_the_keys(self):
        fields = {field.name for field in dataclasses.fields(lapse.Policy)}
        self.assertEqual(fields, {key for key, _, _, _ in library_keys()}
                         | {"termination_fee_currency"})

    def test_conversions_cover_every_key(self):
        converted = (set(model._POLICY_NUMBERS) | {key for key, _ in model._POLICY_CHOICES}
                     | set(model._POLICY_FLAGS) | set(model._POLICY_DATES)
                     | {"termination_fee", "contract_roles"})
        self.assertEqual(converted, {key for key, _, _, _ in library_keys()})
        for key, kind in model._POLICY_CHOICES:
            self.assertIsInstance(kind, Kind)
        # In the order of the struct's fields, as the lists were written by
        # hand: the first invalid field a Policy names stays the same.
        self.assertEqual(model._POLICY_NUMBERS, ("retention_days", "notice_days",
                                                 "termination_fee_percent", "cooling_off_days"))
        self.assertEqual(model._POLICY_FLAGS, ("online_needs_billing_admin",
                                               "balance_blocks_online", "contract_via_support",
                                               "reductions_online",
                                               "credit_applies_to_balance",
                                               "pause_extends_term"))
        self.assertEqual([key for key, _ in model._POLICY_CHOICES],
                         ["refund", "timing", "commitment", "renewal", "notice_applies",
                          "cooling_off_applies", "rounding", "proration_days", "month_end",
                          "immediate_end", "invoicing", "leading_period",
                          "reduction_timing", "trial_cancel", "credit_as", "cooling_off_charge"])

    def test_a_policy_round_trips_every_key(self):
        policy = lapse.Policy(leading_period="full", invoicing="in_arrears", notice_days=7,
                              contract_via_support=False, timing="immediate")
        self.assertEqual(lapse.Policy._from_c(policy._to_c()), policy)


class HolidaysKey(unittest.TestCase):
    """The DATES key holidays (#30): read and written as the library does,
    kept ascending, errors naming it, and the issue's example decided."""

    def test_read_sorted_and_written(self):
        import datetime
        policy = lapse.Policy.parse("cooling_off_days = 14\nholidays = 2025-12-26, 2025-12-25\n")
        self.assertEqual(policy.holidays, (datetime.date(2025, 12, 25), datetime.date(2025, 12, 26)))
        self.assertIn("holidays = 2025-12-25, 2025-12-26", policy.format().splitlines())
        self.assertEqual(lapse.Policy.parse(policy.format()), policy)
        self.assertEqual(lapse.Policy().holidays, ())

    def test_errors_name_the_key(self):
        for text in ("holidays = 2025-12-25, 2025-12-25", "holidays = 2025-02-30",
                     "holidays = tomorrow"):
            with self.subTest(text=text), self.assertRaises(lapse.LapseError) as caught:
                lapse.Policy.parse(text + "\n")
            self.assertEqual(caught.exception.field, "holidays")

    def test_the_issues_example(self):
        import datetime
        policy = lapse.Policy.parse("cooling_off_days = 14\nholidays = 2025-12-25, 2025-12-26\n")
        s = lapse.Subscription(start=datetime.date(2025, 12, 12), term=1, billing=1, price=2000,
                               currency="EUR")
        def on(day):
            return lapse.decide_cancel(s, lapse.Request(on=datetime.date(2025, 12, day),
                                                        channel="online",
                                                        roles={"billing_admin"}), policy)
        # Day 14 is Friday 12-26, a holiday, then the weekend: Monday 12-29 is in.
        in_time, late = on(29), on(30)
        self.assertEqual((in_time.effective_end, in_time.refund, in_time.remaining_term_charge),
                         (datetime.date(2025, 12, 30), 2000, 0))
        self.assertIn("cooling_off", in_time.warnings)
        self.assertEqual((late.refund, late.remaining_term_charge), (0, 2000))
        self.assertNotIn("cooling_off", late.warnings)
        without = lapse.decide_cancel(
            s, lapse.Request(on=datetime.date(2025, 12, 29), channel="online",
                             roles={"billing_admin"}),
            lapse.Policy.parse("cooling_off_days = 14\n"))
        self.assertNotIn("cooling_off", without.warnings)  # without the holidays: late


if __name__ == "__main__":
    unittest.main()
