"""decide_columns on numpy columns (#26 item 10): a str currency column
packed into C's 4-byte codes vectorized and the currency output widened
back to "U3" (columns._CURRENCY_CODES), its numeric outputs in one block
(columns._ARENA), and its text columns as numpy object arrays, read-only
views of one "" where no row has anything to say: each the same answers,
errors and defaults as its twin, on random inputs with bad currencies."""
import datetime
import os
import sys
import unittest
from unittest import mock

import numpy as np
import pandas  # noqa: F401 (the plain twin factorizes amounts by currency with it)

D = datetime.date.fromisoformat

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import lapse  # noqa: E402
import lapse.columns  # noqa: E402

# Currencies lapse knows, the empty cell (the default), and bad ones: too
# short or long, lower case, unknown, non-ASCII, a NUL or a space inside,
# the characters just outside A-Z.
GOOD = ["EUR", "USD", "JPY", "CHF", "GBP", "KWD"]
BAD = ["", "EU", "E", "EURO", "eur", "Eur", "XXX", "ZZZ", "AAA", "\u20acUR", "\u00c9UR",
       "E\x00R", "EU ", " EU", "@UR", "[UR", "EU\x7f", "\U0001f4b6UR", "E\u0000\u0000"]


def as_plain(value):
    """An output column as a list of plain Python values."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "M":
            return [None if np.isnat(v) else str(v) for v in value]
        return value.tolist()
    return list(value)


class CurrencyCodes(unittest.TestCase):
    def columns(self, rng, rows, width, text_prices=False):
        pool = GOOD * 4 + BAD
        currency = np.array(rng.choice(np.array(pool, dtype=object), rows).tolist(),
                            dtype=f"U{width}")
        columns = {
            "start": np.datetime64("2024-01-01") + rng.integers(0, 500, rows).astype(
                "timedelta64[D]"),
            "term": rng.choice(np.array([1, 12, 24, 0], dtype=np.int32), rows),
            "on": D("2025-06-10"),
            "currency": currency,
        }
        if text_prices:  # read in each row's currency: the lazy factorizing
            columns["price"] = rng.choice(["20.00", "19.999", "1500", "", "7.5"], rows).tolist()
        else:
            columns["price"] = rng.integers(0, 100000, rows)
        return columns

    def decide(self, columns, **patches):
        if not patches:
            return lapse.decide_columns(dict(columns), status=True)
        with mock.patch.multiple(lapse.columns, **patches):
            return lapse.decide_columns(dict(columns), status=True)

    def assert_same(self, got, twin, label):
        self.assertEqual(list(got), list(twin), label)
        for key in got:
            self.assertEqual(as_plain(got[key]), as_plain(twin[key]), (label, key))
            if isinstance(twin[key], np.ndarray):
                self.assertEqual(got[key].dtype, twin[key].dtype, (label, key))

    def test_same_as_the_twin_on_random_currencies(self):
        rng = np.random.default_rng(2610)
        for width in (1, 2, 3, 4, 6):
            for text_prices in (False, True):
                for rows in (0, 1, 7, 500):
                    label = (width, text_prices, rows)
                    columns = self.columns(rng, rows, width, text_prices)
                    got = self.decide(columns)
                    twin = self.decide(columns, _CURRENCY_CODES=False)
                    self.assert_same(got, twin, label)
                    plain = self.decide(columns, _CURRENCY_CODES=False, _DICTIONARIES=False)
                    self.assert_same(got, plain, label)
                    if rows == 500 and width >= 3:  # the bad ones are there
                        codes = set(got["error_code"].tolist())
                        self.assertTrue({"currency_syntax", "currency_unknown"} <= codes, label)
                        self.assertEqual(got["currency"].dtype, np.dtype("U3"))

    def test_blocks_of_rows(self):
        # Checked and packed 7 rows at a time: bad rows in many blocks.
        rng = np.random.default_rng(2611)
        for width in (3, 4):
            for rows in (6, 7, 8, 500):
                columns = self.columns(rng, rows, width)
                with mock.patch.object(lapse.columns, "_CODES_AT_ONCE", 7):
                    got = self.decide(columns)
                twin = self.decide(columns, _CURRENCY_CODES=False)
                self.assert_same(got, twin, (width, rows))

    def test_exact_answers(self):
        values = ["EUR", "", "EU", "XXX", "eur", "\u20acUR", "EURO", "JPY", "E\x00R"]
        out = lapse.decide_columns({"start": D("2025-01-31"),
                                    "on": D("2025-03-10"),
                                    "price": np.full(len(values), 2000, dtype=np.int64),
                                    "currency": np.array(values, dtype="U4")})
        self.assertEqual(out["currency"].tolist(),
                         ["EUR", "EUR", "", "", "", "", "", "JPY", ""])
        self.assertEqual(out["error_code"].tolist(),
                         ["", "", "currency_syntax", "currency_unknown", "currency_syntax",
                          "currency_syntax", "currency_syntax", "", "currency_syntax"])
        self.assertEqual(out["error"][3], "currency 'XXX': not an ISO 4217 currency")
        self.assertEqual(out["error"][5],
                         "currency '\\xe2\\x82\\xacUR': not three upper-case letters")
        self.assertEqual(out["error_field"][2], "currency")

    def test_a_python_refusal_in_another_column_comes_after_the_currency(self):
        # As in a CSV row (and the plain path), the currency is read first.
        columns = {"start": D("2025-01-31"), "on": D("2025-03-10"),
                   "price": [2000, 1 << 70, 1 << 70], "currency": np.array(["EUR", "EUR", "XX"])}
        out = lapse.decide_columns(columns)
        self.assertEqual(out["error_code"].tolist(), ["", "amount_range", "currency_syntax"])
        plain = self.decide(columns, _CURRENCY_CODES=False, _DICTIONARIES=False)
        self.assertEqual(plain["error_code"].tolist(), out["error_code"].tolist())

    def test_the_known_currencies_table(self):
        known = lapse.columns._known_currencies(np)
        self.assertEqual(len(known), 26 ** 3)
        for code in GOOD:
            k = (ord(code[0]) - 65) * 676 + (ord(code[1]) - 65) * 26 + ord(code[2]) - 65
            self.assertTrue(known[k], code)
        self.assertFalse(known[23 * 676 + 23 * 26 + 23])  # XXX
        self.assertEqual(int(known.sum()), sum(
            lapse.columns.lib.lapse_currency_digits(bytes([65 + k // 676, 65 + k // 26 % 26,
                                                           65 + k % 26]), None) == 0
            for k in range(0, 26 ** 3)))

    def test_bytes_arrays_still_raise(self):
        # lapse reads a currency as str (a list of bytes raises alike).
        for dtype in ("S3", "S4"):
            with self.assertRaisesRegex(TypeError, "expected str, got bytes"):
                lapse.decide_columns({"start": D("2025-01-31"),
                                      "currency": np.array([b"EUR", b"USD"], dtype=dtype)})


class TextOutputs(unittest.TestCase):
    def test_blank_columns_are_read_only_views(self):
        out = lapse.decide_columns({"start": np.array(["2025-01-31"] * 5, dtype="datetime64[D]"),
                                    "on": D("2025-03-10")})
        for key in ("item_results", "error_code", "error_field", "error"):
            column = out[key]
            self.assertIsInstance(column, np.ndarray, key)
            self.assertEqual(column.dtype, np.dtype(object), key)
            self.assertEqual(column.tolist(), [""] * 5, key)
            self.assertFalse(column.flags.writeable, key)
            with self.assertRaises(ValueError):
                column[0] = "x"
        plain = lapse.decide_columns({"start": [datetime.date(2025, 1, 31)] * 5,
                                      "on": datetime.date(2025, 3, 10)}, use_numpy=False)
        for key in ("item_results", "error_code", "error_field", "error"):
            self.assertEqual(plain[key], [""] * 5, key)

    def test_columns_with_a_failed_row_are_writable_arrays(self):
        out = lapse.decide_columns({"start": np.array(["2025-01-31", "NaT"],
                                                      dtype="datetime64[D]"),
                                    "on": D("2025-03-10")})
        self.assertEqual(out["error_code"].tolist(), ["", "missing"])
        for key in ("error_code", "error_field", "error"):
            self.assertTrue(out[key].flags.writeable, key)
            self.assertEqual(out[key].dtype, np.dtype(object), key)
        self.assertFalse(out["item_results"].flags.writeable)

    def test_item_results_with_items(self):
        out = lapse.decide_columns({"start": np.array(["2025-01-31"] * 2, dtype="datetime64[D]"),
                                    "on": D("2025-03-10"),
                                    "items": ["seat:2:10.00", ""]})
        self.assertIsInstance(out["item_results"], np.ndarray)
        self.assertEqual(out["item_results"][1], "")
        self.assertNotEqual(out["item_results"][0], "")


class OneBlock(unittest.TestCase):
    def test_same_outputs_as_columns_of_their_own(self):
        rng = np.random.default_rng(26)
        rows = 300
        columns = {"start": np.datetime64("2024-01-01") + rng.integers(0, 500, rows).astype(
                       "timedelta64[D]"),
                   "term": rng.choice(np.array([1, 12, 0], dtype=np.int32), rows),
                   "price": rng.integers(0, 9999, rows), "currency": "EUR",
                   "on": D("2025-06-10")}
        for status in (False, True):
            got = lapse.decide_columns(columns, status=status)
            with mock.patch.object(lapse.columns, "_ARENA", False):
                twin = lapse.decide_columns(columns, status=status)
            self.assertEqual(list(got), list(twin))
            for key in got:
                self.assertEqual(as_plain(got[key]), as_plain(twin[key]), key)
                self.assertEqual(got[key].dtype, twin[key].dtype, key)
            arrays = [value for key, value in got.items() if value.flags.writeable]
            self.assertGreater(len(arrays), 15)
            for i, a in enumerate(arrays):
                for b in arrays[i + 1:]:
                    self.assertFalse(np.shares_memory(a, b))
            # A value set in one column changes no other.
            before = {key: as_plain(value) for key, value in got.items()}
            got["refund"][0] = 12345
            for key, value in got.items():
                if key != "refund":
                    self.assertEqual(as_plain(value), before[key], key)


if __name__ == "__main__":
    unittest.main()
