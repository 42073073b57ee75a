"""decide_columns with the standard library alone: lists, array.array and
single values in, array.array out, every column equal to decide_cancel,
bad rows reported in place, both vectors files through it."""
import array
import datetime
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(HERE), HERE]  # lapse, and test_lapse's helpers
import lapse  # noqa: E402
from lapse.columns import DECISION_COLUMNS  # noqa: E402
from test_lapse import (PAUSE_VECTORS, POLICY_VECTORS, VECTORS,  # noqa: E402
                        parse_vector_inputs, vector_policy)

D = datetime.date.fromisoformat
NONE = lapse.columns._DATE_NONE
EPOCH = datetime.date(1970, 1, 1).toordinal()

# Decision fields as decide_columns holds them (codes, bits, day numbers).
_BITS = {"blocked": lapse.names.Kind.REASON, "warnings": lapse.names.Kind.WARNING,
         "missing_support_info": lapse.names.Kind.SUPPORT_INFO}


def as_column_value(decision, key):
    value = getattr(decision, key)
    if key in _BITS:
        names = lapse.names.names_of(_BITS[key])
        return sum(1 << names.index(item) for item in value)
    if key in ("route", "confirmation"):
        kind = lapse.names.Kind.ROUTE if key == "route" else lapse.names.Kind.CONFIRMATION
        return lapse.names.names_of(kind).index(value)
    if isinstance(value, datetime.date):
        return value.toordinal() - EPOCH
    if value is None:
        return NONE
    if isinstance(value, bool):
        return int(value)
    return value


def columns_of(pairs):
    """(Subscription, Request) pairs as columns of Python values."""
    out = {}
    for field in ("start", "term", "renewal_term", "billing", "price", "currency", "contract",
                  "auto_renew", "online_cancel", "balance", "licenses", "cancelled_on",
                  "renewal_price", "billing_day", "billing_month", "trial_end",
                  "intro_months", "intro_price", "paused_from", "resumes_on"):
        out[field] = [getattr(s, field) for s, _ in pairs]
    for field in ("on", "channel", "roles", "can_sign_in", "provided", "end_on"):
        out[field] = [getattr(r, field) for _, r in pairs]
    return out


class DecideColumns(unittest.TestCase):
    def check_equal(self, pairs, out, policy=None):
        self.assertEqual(len(out["error"]), len(pairs))
        for i, (s, r) in enumerate(pairs):
            try:
                want = lapse.decide_cancel(s, r, policy)
            except lapse.LapseError as error:
                self.assertEqual((out["error_code"][i], out["error_field"][i], out["error"][i]),
                                 (error.code, error.field, error.message), i)
                self.assertEqual(out["effective_end"][i], NONE)
                self.assertEqual(out["remaining_term_charge"][i], 0)
                continue
            self.assertEqual(out["error_code"][i], "", (i, out["error"][i]))
            for key in DECISION_COLUMNS:
                got = out[key][i]
                self.assertEqual(got, as_column_value(want, key), (i, key))

    def test_e1_by_hand(self):
        # E1: monthly 20.00 from 2025-01-31 cancelled on 2025-03-10: the period
        # [2025-02-28, 2025-03-31) runs out, 20.00 is charged, nothing refunded,
        # data deleted 90 days after the end (2025-03-31 + 90 = 2025-06-29).
        out = lapse.decide_columns({"start": [D("2025-01-31")], "price": [2000],
                                    "on": D("2025-03-10"), "roles": "billing_admin"},
                                   use_numpy=False)
        self.assertIsInstance(out["effective_end"], array.array)
        self.assertEqual(out["effective_end"].tolist(), [D("2025-03-31").toordinal() - EPOCH])
        self.assertEqual(out["data_deleted_on"].tolist(), [D("2025-06-29").toordinal() - EPOCH])
        self.assertEqual(out["remaining_term_charge"].tolist(), [2000])
        self.assertEqual(out["next_invoice"].tolist(), [NONE])
        self.assertEqual(out["currency"], ["EUR"])
        self.assertEqual(out["allowed"].tolist(), [1])
        self.assertEqual(out["error"], [""])

    def test_every_vector(self):
        for path in (VECTORS, POLICY_VECTORS):
            with self.subTest(path=path.name):
                self.check_file(path)

    def test_pause_vectors(self):
        """pauses.tsv's rows without items (columns_of carries no items)."""
        self.assertEqual(self.check_file(PAUSE_VECTORS, lambda cells: not cells["items"]), 39)

    def test_pause_columns_by_hand(self):
        # The example (#31 item 3): start 2025-01-01, 12 months at
        # 30.00, paused 2025-04-01 to 2025-05-01; asked 2025-06-10: term end
        # 2026-02-01, 8 x 30.00; asked 2025-04-15 (in the pause): 9 x 30.00.
        out = lapse.decide_columns({"start": D("2025-01-01"), "term": 12, "price": 3000,
                                    "paused_from": [D("2025-04-01")] * 3,
                                    "resumes_on": [D("2025-05-01"), D("2025-05-01"), None],
                                    "on": [D("2025-06-10"), D("2025-04-15"), D("2025-06-10")],
                                    "roles": "billing_admin"}, use_numpy=False)
        day = D("2026-02-01").toordinal() - EPOCH
        self.assertEqual(out["effective_end"].tolist(), [day, day, NONE])
        self.assertEqual(out["remaining_term_charge"].tolist(), [24000, 27000, 0])
        self.assertEqual(out["error_field"], ["", "", "resumes_on"])
        self.assertEqual(out["error_code"], ["", "", "missing"])

    def check_file(self, path, keep=lambda cells: True):
        lines = [line for line in path.read_text().split("\n")
                 if line and not line.startswith("#")]
        header = lines[0].split("\t")
        groups = {}  # one call per policy
        kept = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
        kept = [cells for cells in kept if keep(cells)]
        for cells in kept:
            groups.setdefault(cells.get("policy", ""), []).append(cells)
        checked = 0
        for _, rows in groups.items():
            policy = vector_policy(rows[0])
            pairs = [parse_vector_inputs(cells) for cells in rows]
            self.check_equal(pairs, lapse.decide_columns(columns_of(pairs), policy,
                                                         use_numpy=False), policy)
            checked += len(pairs)
        self.assertEqual(checked, len(kept))
        return checked

    def test_buffers_and_single_values(self):
        days = array.array("i", [D("2025-01-31").toordinal() - EPOCH,
                                 D("2024-10-01").toordinal() - EPOCH])
        out = lapse.decide_columns({
            "start": days, "term": array.array("i", [1, 15]),
            "price": memoryview(array.array("q", [2000, 10000])),
            "contract": array.array("B", [0, 1]), "channel": ["online", lapse.Channel.SUPPORT],
            "roles": [lapse.Role.BILLING_ADMIN, ["billing_admin"]], "provided": [0, "all"],
            "on": "2025-10-05", "currency": "EUR"}, use_numpy=False)
        s1 = lapse.Subscription(start=D("2025-01-31"), price=2000)
        s2 = lapse.Subscription(start=D("2024-10-01"), term=15, price=10000, contract=True)
        r1 = lapse.Request(on=D("2025-10-05"), roles=lapse.Role.BILLING_ADMIN)
        r2 = lapse.Request(on=D("2025-10-05"), channel="support", roles=["billing_admin"],
                           provided=lapse.SupportInfo.ALL)
        self.check_equal([(s1, r1), (s2, r2)], out)

    def test_bad_rows_are_kept_in_place(self):
        out = lapse.decide_columns({
            "start": [D("2025-01-31"), D("2025-01-31"), "2025-02-30", D("2025-01-31"), None],
            "term": [1, 0, 1, 1, 1], "currency": ["EUR", "EUR", "EUR", "EURO", "EUR"],
            "price": [2000, 2000, 2000, 2000, 1 << 70], "on": D("2025-03-10")},
            use_numpy=False)
        self.assertEqual(out["error_code"],
                         ["", "out_of_range", "date_invalid", "currency_syntax", "amount_range"])
        self.assertEqual(out["error_field"], ["", "term", "start", "currency", "price"])
        self.assertEqual(out["error"][1], "term 0: out of range (1 to 1200 months)")
        self.assertEqual(out["error"][2], "start '2025-02-30': not a calendar date")
        self.assertEqual(out["error"][4], f"price {1 << 70}: beyond the 64-bit range")
        self.assertEqual(out["remaining_term_charge"].tolist(), [2000, 0, 0, 0, 0])
        self.assertEqual(out["effective_end"].tolist()[1:], [NONE] * 4)
        self.assertEqual(out["currency"], ["EUR", "", "", "", ""])

    def test_errors_that_raise(self):
        with self.assertRaises(lapse.LapseError) as caught:
            lapse.decide_columns({"start": [D("2025-01-01")], "colour": ["red"]})
        self.assertEqual(caught.exception.code, "unknown_column")
        with self.assertRaises(lapse.LapseError) as caught:
            lapse.decide_columns({"effective_end": [D("2025-01-01")]})
        self.assertEqual(caught.exception.code, "unknown_column")
        with self.assertRaisesRegex(ValueError, "term: 1 rows, other columns have 2"):
            lapse.decide_columns({"start": [D("2025-01-01")] * 2, "term": [1]})
        with self.assertRaisesRegex(TypeError, r"price\[0\]: expected amount, got float"):
            lapse.decide_columns({"start": [D("2025-01-01")], "price": [12.5]})
        with self.assertRaisesRegex(TypeError, "money is exact"):
            lapse.decide_columns({"start": [D("2025-01-01")], "price": array.array("d", [1.0])})
        with self.assertRaises(lapse.LapseError) as caught:
            lapse.decide_columns({"start": [D("2025-01-01")]},
                                 lapse.Policy(retention_days=-1))
        self.assertEqual(caught.exception.field, "retention_days")

    def test_no_rows(self):
        out = lapse.decide_columns({"start": [], "on": []}, use_numpy=False)
        self.assertEqual(len(out["effective_end"]), 0)
        self.assertEqual(out["error"], [])

    def test_random_pairs_equal_decide_cancel(self):
        import random
        rng = random.Random(5)
        for policy in (None, lapse.Policy.preset("immediate-prorated"),
                       lapse.Policy.preset("eu-consumer")):
            pairs = []
            for _ in range(400):
                start = D("2015-01-01") + datetime.timedelta(days=rng.randint(0, 4000))
                term = rng.choice((1, 3, 12, 15, 24))
                pairs.append((lapse.Subscription(
                    start=start, term=term, billing=rng.choice((0, 1, term)),
                    price=rng.randint(0, 10 ** 6), contract=rng.random() < 0.5,
                    balance=rng.choice((0, 0, 700)),
                    cancelled_on=None if rng.random() < 0.7 else
                    start + datetime.timedelta(days=rng.randint(0, 900))),
                    lapse.Request(on=start + datetime.timedelta(days=rng.randint(0, 1500)),
                                  channel=rng.choice(("online", "support")),
                                  roles=rng.choice(([], ["billing_admin"], ["product_admin"])))))
            self.check_equal(pairs, lapse.decide_columns(columns_of(pairs), policy,
                                                         use_numpy=False), policy)


if __name__ == "__main__":
    unittest.main()
