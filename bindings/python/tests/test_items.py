"""Items (seats and add-ons) from Python: lapse.Item, Subscription(items=...),
Request(reduce=...), the Decision's item_results and reduction figures, the
same in decide_many, decide_columns and the timeline, and their errors.
The figures are issue 28's examples, computed by hand in the comments."""
import datetime
import pickle
import unittest

import lapse
from lapse import Item, ItemResult, LapseError, Request, Role, SupportInfo, Subscription

D = datetime.date.fromisoformat
EPOCH = 719163  # datetime.date(1970, 1, 1).toordinal()
# Self-serve: 2025-01-10, 12 months billed monthly, 20.00 + 10 seats x 5.00
# = 70.00 an invoice; asked on 2025-03-20 through support by a billing admin.
SEATS = Subscription(start=D("2025-01-10"), term=12, price=2000, items=[Item("seats", 10, 500)])
ASK = dict(on=D("2025-03-20"), channel="support", roles=Role.BILLING_ADMIN,
           provided=SupportInfo(31))


class Items(unittest.TestCase):
    def test_whole_cancellation_is_the_invoice_amount(self):
        d = lapse.decide_cancel(SEATS, Request(**ASK))
        # March's invoice and nine more at 70.00; April to December to invoice.
        self.assertEqual((d.remaining_term_charge, d.still_to_invoice, d.effective_end),
                         (70000, 63000, D("2026-01-10")))
        self.assertEqual((d.change_effective_on, d.recurring_after, d.saving), (None, 0, 0))
        self.assertEqual(d.item_results, (ItemResult("seats", 10, 0, D("2026-01-10"), 0),))
        self.assertEqual(d.to_dict()["item_results"],
                         [{"name": "seats", "quantity": 10, "quantity_after": 0,
                           "released_on": "2026-01-10", "unassign": 0}])
        self.assertEqual(list(d.to_dict())[-8:],
                         ["change_effective_on", "recurring_after", "saving", "applied_to_balance",
                          "cash_refund", "account_credit", "balance_after", "item_results"])
        plain = lapse.decide_cancel(Subscription(start=D("2025-01-10"), term=12, price=7000),
                                    Request(**ASK))
        self.assertEqual(plain.item_results, ())
        self.assertEqual(plain.to_dict()["item_results"], [])
        self.assertEqual(plain.remaining_term_charge, d.remaining_term_charge)
        self.assertEqual(plain.still_to_invoice, d.still_to_invoice)
        # The explanation is the library's, for the same inputs.
        self.assertEqual(d.explain(), lapse.explain(SEATS, Request(**ASK)))

    def test_assigned_licences_and_several_items(self):
        sub = Subscription(start=D("2025-01-10"), term=12, price=2000,
                           items=[Item("seats", 10, 500, assigned=8), Item("mobile", 2, 350)])
        d = lapse.decide_cancel(sub, Request(**ASK))
        # 20.00 + 50.00 + 7.00 = 77.00, ten invoices; 8 seats to unassign.
        self.assertEqual(d.remaining_term_charge, 77000)
        self.assertEqual(d.item_results,
                         (ItemResult("seats", 10, 0, D("2026-01-10"), 8),
                          ItemResult("mobile", 2, 0, D("2026-01-10"), 0)))

    def test_the_pure_path_gives_the_same(self):
        from lapse import decision
        request = Request(**ASK)
        self.assertEqual(decision.pure_decide_cancel(SEATS, request),
                         lapse.decide_cancel(SEATS, request))
        # Without items the accelerator (when built) decides; the same answer.
        plain = Subscription(start=D("2025-01-10"), term=12, price=7000)
        self.assertEqual(decision.pure_decide_cancel(plain, request),
                         lapse.decide_cancel(plain, request))

    def test_errors(self):
        with self.assertRaises(LapseError) as bad:
            lapse.decide_cancel(Subscription(start=D("2025-01-10"),
                                             items=[Item("Seats!", 10, 500)]), Request(**ASK))
        self.assertEqual(bad.exception.field, "items")
        with self.assertRaises(LapseError) as many:
            lapse.decide_cancel(Subscription(start=D("2025-01-10"),
                                             items=[Item(f"i{i}", 1, 100) for i in range(17)]),
                                Request(**ASK))
        self.assertEqual((many.exception.code, many.exception.field), ("out_of_range", "items"))
        with self.assertRaises(LapseError) as long_name:
            lapse.decide_cancel(Subscription(start=D("2025-01-10"),
                                             items=[Item("s" * 32, 1, 100)]), Request(**ASK))
        self.assertEqual(long_name.exception.field, "items")
        with self.assertRaises(LapseError) as huge:
            lapse.decide_cancel(Subscription(start=D("2025-01-10"),
                                             items=[Item("seats", 1, 1 << 63)]), Request(**ASK))
        self.assertEqual((huge.exception.code, huge.exception.field), ("amount_range", "items"))
        with self.assertRaises(TypeError):
            lapse.decide_cancel(Subscription(start=D("2025-01-10"), items=["seats:10:5.00"]),
                                Request(**ASK))
        with self.assertRaises(TypeError):
            lapse.decide_cancel(SEATS, Request(**ASK, reduce=[("seats", 6)]))
        with self.assertRaises(LapseError) as reduce_name:
            lapse.decide_cancel(SEATS, Request(**ASK, reduce={"": 6}))
        self.assertEqual(reduce_name.exception.field, "reduce")

    def test_timeline_and_status(self):
        events = lapse.timeline(SEATS, Request(**ASK))
        invoices = [e.amount for e in events if e.event == "invoice"]
        self.assertEqual(invoices, [7000] * 12)
        self.assertEqual(lapse.status_at(SEATS, D("2025-03-20")).status, "active")

    def test_decide_many_pairs_and_csv(self):
        pairs = [(SEATS, Request(**ASK)),
                 (Subscription(start=D("2025-01-10"), term=12, price=7000), Request(**ASK))]
        rows = lapse.decide_many(pairs)
        self.assertEqual(rows[0].decision, lapse.decide_cancel(SEATS, Request(**ASK)))
        self.assertEqual(rows[1].decision.item_results, ())
        csv = (b"start,term,price,items,on,channel,roles,provided\n"
               b"2025-01-10,12,20.00,seats:10:5.00,2025-03-20,support,billing_admin,all\n"
               b"2025-01-10,12,70.00,,2025-03-20,support,billing_admin,all\n"
               b"2025-01-10,12,20.00,seats:10:x,2025-03-20,support,billing_admin,all\n")
        rows = lapse.decide_many(csv)
        self.assertEqual(rows[0].decision, lapse.decide_cancel(SEATS, Request(**ASK)))
        self.assertEqual(rows[1].decision.item_results, ())
        self.assertEqual(rows[2].error.field, "items")

    def test_pickle_keeps_the_items(self):
        lapse.decide_cancel(SEATS, Request(**ASK))  # SEATS holds its C array now
        copy = pickle.loads(pickle.dumps(SEATS))
        self.assertEqual(copy, SEATS)
        self.assertEqual(lapse.decide_cancel(copy, Request(**ASK)),
                         lapse.decide_cancel(SEATS, Request(**ASK)))

    def test_items_changed_after_a_decision(self):
        sub = Subscription(start=D("2025-01-10"), term=12, price=2000,
                           items=[Item("seats", 10, 500)])
        first = lapse.decide_cancel(sub, Request(**ASK))
        sub.items = [Item("seats", 4, 500)]  # 20.00 + 20.00 = 40.00
        second = lapse.decide_cancel(sub, Request(**ASK))
        self.assertEqual((first.remaining_term_charge, second.remaining_term_charge),
                         (70000, 40000))

    def test_struct_sizes(self):
        sizes = lapse.struct_sizes()
        for name in ("item", "reduction", "item_result", "inputs", "subscription", "request",
                     "decision", "row"):
            self.assertEqual(sizes[name][0], sizes[name][1], name)


class ItemColumns(unittest.TestCase):
    """decide_columns: items and reduce as text columns, item_results out."""

    def test_text_columns(self):
        out = lapse.decide_columns({
            "start": [D("2025-01-10")] * 3, "term": 12, "price": 2000,
            "items": ["seats:10:5.00", [Item("seats", 10, 500), Item("mobile", 2, 350)],
                      "seats:10:x"],
            "on": D("2025-03-20"), "channel": "support", "roles": "billing_admin",
            "provided": "all"}, use_numpy=False)
        # 10 x 70.00, and 10 x (70.00 + 2 x 3.50).
        self.assertEqual(list(out["remaining_term_charge"])[:2], [70000, 77000])
        self.assertEqual(list(out["saving"])[:2], [0, 0])
        self.assertEqual(list(out["change_effective_on"])[:2], [lapse.columns._DATE_NONE] * 2)
        self.assertEqual(out["item_results"], ["seats:10:0:2026-01-10:0",
                                               "seats:10:0:2026-01-10:0;mobile:2:0:2026-01-10:0",
                                               ""])
        self.assertEqual(out["error_code"][:2], ["", ""])
        self.assertEqual(out["error_field"][2], "items")
        self.assertEqual(list(out)[-4:], ["item_results", "error_code", "error_field", "error"])

    def test_one_value_for_every_row(self):
        out = lapse.decide_columns({
            "start": [D("2025-01-10"), D("2025-01-10")], "term": 12, "price": 2000,
            "items": [Item("seats", 10, 500)], "on": D("2025-03-20")}, use_numpy=False)
        self.assertEqual(list(out["remaining_term_charge"]), [70000, 70000])
        self.assertEqual(out["item_results"], ["seats:10:0:2026-01-10:0"] * 2)

    def test_without_items(self):
        out = lapse.decide_columns({"start": [D("2025-01-10")], "term": 12, "price": 7000,
                                    "on": D("2025-03-20")}, use_numpy=False)
        self.assertEqual(out["item_results"], [""])
        self.assertEqual(list(out["remaining_term_charge"]), [70000])


END_OF_PERIOD = lapse.Policy(reduction_timing="end_of_billing_period")


class ItemReductions(unittest.TestCase):
    """Request(reduce=...): issue 28's examples, every figure by hand."""

    def test_reduction_at_the_end_of_the_billing_period(self):
        d = lapse.decide_cancel(SEATS, Request(**ASK, reduce={"seats": 6}), END_OF_PERIOD)
        # 70.00 + 9 x 50.00 = 520.00, to invoice 450.00, saving 180.00.
        self.assertEqual((d.change_effective_on, d.remaining_term_charge, d.still_to_invoice,
                          d.saving, d.recurring_after),
                         (D("2025-04-10"), 52000, 45000, 18000, 5000))
        self.assertEqual(d.item_results, (ItemResult("seats", 10, 6, D("2025-04-10"), 0),))
        self.assertEqual(d.to_dict()["change_effective_on"], "2025-04-10")
        self.assertEqual(d.to_dict()["item_results"],
                         [{"name": "seats", "quantity": 10, "quantity_after": 6,
                           "released_on": "2025-04-10", "unassign": 0}])
        self.assertEqual(d.explain(), lapse.explain(SEATS, Request(**ASK, reduce={"seats": 6}),
                                                    END_OF_PERIOD))

    def test_immediate_reduction_and_assigned_licences(self):
        policy = lapse.Policy(reduction_timing="immediate", refund="prorated")
        sub = Subscription(start=D("2025-01-10"), term=12, price=2000,
                           items=[Item("seats", 10, 500, assigned=8)])
        d = lapse.decide_cancel(sub, Request(**ASK, reduce={"seats": 6}), policy)
        # 4 x 5.00 x 20/31 = 12.903 -> 12.90 back; saving 180.00 + 12.90.
        self.assertEqual((d.change_effective_on, d.refund, d.saving),
                         (D("2025-03-21"), 1290, 19290))
        # 8 assigned, 6 left: unassign 2 first.
        self.assertEqual(d.item_results[0].unassign, 2)
        self.assertIn("unassign_licenses", d.warnings)

    def test_the_pure_path_gives_the_same(self):
        from lapse import decision
        request = Request(**ASK, reduce={"seats": 6})
        self.assertEqual(decision.pure_decide_cancel(SEATS, request, END_OF_PERIOD),
                         lapse.decide_cancel(SEATS, request, END_OF_PERIOD))

    def test_errors(self):
        with self.assertRaises(LapseError) as unknown:
            lapse.decide_cancel(SEATS, Request(**ASK, reduce={"mobile": 1}))
        self.assertEqual(unknown.exception.field, "reduce")
        self.assertIn("mobile", str(unknown.exception))
        with self.assertRaises(LapseError) as not_below:
            lapse.decide_cancel(SEATS, Request(**ASK, reduce={"seats": 10}))
        self.assertEqual(not_below.exception.field, "reduce")

    def test_timeline(self):
        events = lapse.timeline(SEATS, Request(**ASK, reduce={"seats": 6}), END_OF_PERIOD)
        seen = [(e.date, e.event, e.amount) for e in events]
        self.assertIn((D("2025-03-20"), "reduction", 0), seen)
        self.assertIn((D("2025-04-10"), "change", 5000), seen)
        self.assertIn((D("2025-03-10"), "invoice", 7000), seen)
        self.assertIn((D("2025-04-10"), "invoice", 5000), seen)

    def test_decide_many_and_columns(self):
        pairs = [(SEATS, Request(**ASK, reduce={"seats": 6})), (SEATS, Request(**ASK))]
        rows = lapse.decide_many(pairs, END_OF_PERIOD)
        self.assertEqual(rows[0].decision,
                         lapse.decide_cancel(SEATS, Request(**ASK, reduce={"seats": 6}),
                                             END_OF_PERIOD))
        csv = (b"start,term,price,items,on,channel,roles,provided,reduce\n"
               b"2025-01-10,12,20.00,seats:10:5.00,2025-03-20,support,billing_admin,all,seats=6\n")
        self.assertEqual(lapse.decide_many(csv, END_OF_PERIOD)[0].decision, rows[0].decision)
        out = lapse.decide_columns({
            "start": [D("2025-01-10")] * 2, "term": 12, "price": 2000,
            "items": "seats:10:5.00", "reduce": [None, {"seats": 6}],
            "on": D("2025-03-20"), "channel": "support", "roles": "billing_admin",
            "provided": "all"}, END_OF_PERIOD, use_numpy=False)
        self.assertEqual(list(out["saving"]), [0, 18000])
        self.assertEqual(out["item_results"], ["seats:10:0:2026-01-10:0",
                                               "seats:10:6:2025-04-10:0"])


if __name__ == "__main__":
    unittest.main()
