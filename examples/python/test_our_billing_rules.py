"""How a billing team unit-tests its own cancellation rules with lapse.

Each row of CASES is one rule the team promises its customers, written the
way a product manager would state it; lapse decides, unittest checks.

    PYTHONPATH=bindings/python python3 -m unittest examples/python/test_our_billing_rules.py
"""
import datetime
import os
import sys
import unittest

# From the source tree; after `pip install ./bindings/python` plain `import lapse` does.
SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bindings", "python")
sys.path.insert(0, SOURCE)
import lapse  # noqa: E402
sys.path.remove(SOURCE)

D = datetime.date.fromisoformat
EUR = lambda text: lapse.parse_amount(text, "EUR")  # noqa: E731

# Our plans.
MONTHLY = dict(term=1, billing=1, price=EUR("19.00"))
ANNUAL_MONTHLY_BILLED = dict(term=12, billing=1, price=EUR("15.00"))
ENTERPRISE = dict(term=15, billing=3, price=EUR("900.00"), contract=True)

CASES = [
    # (rule, plan, start, request, expected fields of the decision)
    ("a monthly customer keeps access to the end of the month and pays nothing more",
     MONTHLY, "2025-01-31", dict(on=D("2025-03-10"), roles=lapse.Role.BILLING_ADMIN),
     dict(allowed=True, effective_end=D("2025-03-31"), still_to_invoice=0, refund=0)),
    ("an annual plan billed monthly still owes the invoices left in the year",
     ANNUAL_MONTHLY_BILLED, "2025-03-15", dict(on=D("2025-09-15"), roles=lapse.Role.BILLING_ADMIN),
     dict(effective_end=D("2026-03-15"), still_to_invoice=EUR("75.00"), invoices_left=5)),
    ("enterprise contracts are cancelled through support, never online",
     ENTERPRISE, "2024-10-01", dict(on=D("2025-10-05"), roles=lapse.Role.BILLING_ADMIN),
     dict(allowed=False, route="support", blocked=frozenset({"contract_via_support"}))),
    ("late notice on an enterprise contract renews it for one more term",
     ENTERPRISE, "2024-10-01", dict(on=D("2025-12-20"), roles=lapse.Role.BILLING_ADMIN,
                                    channel=lapse.Channel.SUPPORT,
                                    provided=lapse.SupportInfo.ALL),
     dict(allowed=True, renews_first=True, effective_end=D("2027-04-01"))),
    ("data are kept 90 days after the end, then deleted",
     MONTHLY, "2025-01-31", dict(on=D("2025-03-10"), roles=lapse.Role.BILLING_ADMIN),
     dict(data_deleted_on=D("2025-06-29"))),
]


class OurBillingRules(unittest.TestCase):
    def test_rules(self):
        for rule, plan, start, request, expected in CASES:
            with self.subTest(rule):
                decision = lapse.decide_cancel(lapse.Subscription(start=D(start), **plan),
                                               lapse.Request(**request))
                for field, value in expected.items():
                    self.assertEqual(getattr(decision, field), value, field)

    def test_the_whole_book_in_one_call(self):
        pairs = [(lapse.Subscription(start=D(start), **plan), lapse.Request(**request))
                 for _, plan, start, request, _ in CASES]
        results = lapse.decide_many(pairs)
        self.assertEqual(results.failed, 0)
        for row, (_, _, _, _, expected) in zip(results, CASES):
            for field, value in expected.items():
                self.assertEqual(getattr(row.decision, field), value)


if __name__ == "__main__":
    unittest.main()
