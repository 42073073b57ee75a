"""pandas columns read as `lapse batch` reads its CSV (issues #25 and #26):
by position whatever the index, a missing cell as the column's default or
that row's `missing` error, pd.read_csv's float and NaN columns, refused
rows <NA> in every decision column.  Run with Debian's /usr/bin/python3."""
import ctypes
import datetime
import decimal
import itertools
import os
import sys
import unittest
from unittest import mock

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import lapse  # noqa: E402
import lapse.pandas  # noqa: E402
import lapse.columns  # noqa: E402
from lapse.columns import DECISION_COLUMNS  # noqa: E402

D = datetime.date.fromisoformat

# Three rows, every column kind: dates, money (minor units and decimal text),
# integers, booleans, a name, lists, the currency.  Row 1 is in JPY (no minor
# unit), so that an amount read in another row's currency changes its value
# or fails with amount_precision.
ROWS = {
    "start": ["2025-01-31", "2024-10-01", "2025-03-15"],
    "term": [1, 15, 12],
    "billing": [1, 1, 3],
    "price": ["20.00", "1500", "12.50"],
    "balance": [0, 700, 0],
    "currency": ["EUR", "JPY", "EUR"],
    "contract": [False, True, False],
    "auto_renew": [True, True, False],
    "channel": ["online", "support", "online"],
    "roles": ["billing_admin", "", "billing_admin;product_admin"],
    "provided": ["", "all", ""],
    "on": ["2025-03-10", "2025-10-05", "2025-09-15"],
}


def typed_frame(index):
    """ROWS with pandas' own dtypes: dates datetime64, integers int64, flags bool."""
    frame = pd.DataFrame(ROWS, index=index)
    for key in ("start", "on"):
        frame[key] = pd.to_datetime(frame[key])
    return frame


def positional(frame):
    """The frame's columns as plain lists, row i at position i."""
    return {key: [v.date() if isinstance(v, pd.Timestamp) else v for v in frame[key].tolist()]
            for key in frame.columns}


def texts(values):
    """A column's values as text, NaT and <NA> included, to compare."""
    return [str(value) for value in values]


INDEXES = {"shuffled": [2, 0, 1], "reversed": [1, 0, 2][::-1], "text": ["c", "a", "b"],
           "offset": [10, 11, 12]}


class ReadByPosition(unittest.TestCase):
    """#25.2: a Series is read by position, never by its index's labels."""

    def test_every_column_kind_under_any_index(self):
        want = lapse.decide_columns(positional(typed_frame(None)))
        self.assertEqual(texts(want["error_code"]), ["", "", ""])
        self.assertEqual(want["remaining_term_charge"].tolist()[:1], [2000])
        for label, index in INDEXES.items():
            frame = typed_frame(index)
            for variant, columns in (("typed", dict(frame)),
                                     ("text", dict(frame.astype(str).assign(
                                         term=frame["term"], billing=frame["billing"],
                                         balance=frame["balance"], contract=frame["contract"],
                                         auto_renew=frame["auto_renew"])))):
                with self.subTest(index=label, variant=variant):
                    got = lapse.decide_columns(columns)
                    for key in DECISION_COLUMNS + ("error_code", "error"):
                        self.assertEqual(texts(got[key]), texts(want[key]), key)

    def test_the_issue_frame(self):
        # 1500 JPY is 1500 minor units, 12.50 EUR is 1250, whatever the index.
        for index in ([1, 0], [10, 11], ["b", "a"]):
            with self.subTest(index=index):
                df = pd.DataFrame({"start": ["2025-01-31"] * 2, "price": ["1500", "12.50"],
                                   "currency": ["JPY", "EUR"], "on": ["2025-03-10"] * 2},
                                  index=index)
                out = lapse.decide_columns(dict(df))
                self.assertEqual(list(out["error_code"]), ["", ""])
                self.assertEqual(list(out["currency"]), ["JPY", "EUR"])
                self.assertEqual(list(out["remaining_term_charge"]), [1500, 1250])
                frame = lapse.pandas.decide_frame(df)
                self.assertEqual(list(frame.index), index)
                self.assertEqual(list(frame["remaining_term_charge"]), [1500, 1250])
                self.assertEqual(list(frame["currency"]), ["JPY", "EUR"])


def decided_alone(**cells):
    """decide_columns of one row given as CSV text cells (absent = default)."""
    out = lapse.decide_columns({key: [value] for key, value in cells.items()})
    return {key: out[key][0] for key in DECISION_COLUMNS + ("error_code", "error")}


class MissingCells(unittest.TestCase):
    """#25.11: a missing value is a missing cell, row by row: the column's
    default where the CSV has one, else that row's `missing` error; never a
    failure of the whole frame."""

    BASE = {"start": "2025-01-31", "on": "2025-03-10"}

    def check(self, frame, want_rows):
        """decide_frame and decide_columns(dict(frame)) give each row what
        its CSV cells decide alone."""
        out = lapse.pandas.decide_frame(frame)
        columns = lapse.decide_columns(dict(frame))
        for i, cells in enumerate(want_rows):
            want = decided_alone(**{**self.BASE, **cells})
            for key in DECISION_COLUMNS + ("error_code", "error"):
                self.assertEqual(str(columns[key][i]), str(want[key]), (i, key))
            self.assertEqual(out["error_code"].iloc[i], want["error_code"], i)
            self.assertEqual(out["error"].iloc[i], want["error"], i)
        return out

    def test_nullable_integer_boolean_and_object_columns(self):
        frame = pd.DataFrame({
            "start": ["2025-01-31"] * 3, "on": ["2025-03-10"] * 3,
            "term": pd.array([12, None, 1], dtype="Int64"),
            "contract": pd.array([True, None, None], dtype="boolean"),
            "price": np.array(["20.00", None, "12.50"], dtype=object),
            "balance": pd.array([None, 500, 0], dtype="Int64"),
            "channel": pd.Series(["support", None, "online"], dtype="category"),
            "roles": pd.array(["billing_admin", None, pd.NA], dtype="string"),
            "currency": ["EUR", None, np.nan]})
        out = self.check(frame, [
            {"price": "20.00", "term": "12", "contract": "true", "channel": "support",
             "roles": "billing_admin"},
            {"price": "", "balance": "5.00"},
            {"price": "12.50", "term": "1", "balance": "0"}])
        self.assertEqual(list(out["error_code"]), ["", "", ""])
        self.assertEqual(list(out["currency"]), ["EUR", "EUR", "EUR"])
        # Row 1 on the defaults: a one-month term from 2025-01-31 runs to 2025-03-31.
        self.assertEqual(out["term_end"].iloc[1], pd.Timestamp("2025-03-31"))

    def test_missing_dates_fail_their_row_alone(self):
        frame = pd.DataFrame({
            "start": pd.to_datetime(["2025-01-31", None, "2025-01-31"]),
            "on": pd.array(["2025-03-10", "2025-03-10", None], dtype="string"),
            "term": pd.array([1, 1, None], dtype="Int64")})
        out = self.check(frame, [{}, {"start": ""}, {"on": ""}])
        self.assertEqual(list(out["error_code"]), ["", "missing", "missing"])
        self.assertEqual(list(out["error_field"]), ["", "start", "on"])

    def test_lists_with_none(self):
        out = lapse.decide_columns({"start": [D("2025-01-31")] * 2, "on": D("2025-03-10"),
                                    "term": [None, 12], "contract": [None, True],
                                    "price": [None, 2000], "channel": [None, "support"],
                                    "roles": [None, "billing_admin"], "currency": [None, "EUR"]},
                                   use_numpy=False)
        self.assertEqual(out["error_code"], ["", ""])
        self.assertEqual(out["currency"], ["EUR", "EUR"])
        self.assertEqual(out["remaining_term_charge"].tolist(), [0, 2000 * 11])


# The `lapse batch` CSV as a person writes it: empty cells for defaults,
# money in the currency's units.  pandas reads term, balance and licenses as
# float64 (an empty cell is NaN), price as float64, text columns as objects
# with NaN for the empty cells, contract as objects (True, False, NaN).
CSV = """start,term,billing,price,currency,contract,balance,licenses,channel,roles,provided,on
2025-01-31,,1,20.00,EUR,,,,online,billing_admin,,2025-03-10
2024-10-01,15,,19.99,,true,7,2,support,,all,2025-10-05
2025-03-15,12,3,1500,JPY,false,0,,,billing_admin;product_admin,,2025-09-15
2025-01-31,1,1,19.999,EUR,,,,,,,2025-03-10
2025-01-31,1,1,12.5,JPY,,,,,,,2025-03-10
2025-01-31,1.5,1,10,EUR,,,,,,,2025-03-10
,1,1,10,EUR,,,,,,,2025-03-10
2025-01-31,,,0.1,,,,,,,,
2025-01-31,2,1,29.90,EUR,,,,,,,2025-03-10
"""


class ReadCsv(unittest.TestCase):
    """#26.8: decide_frame(pd.read_csv(path)) decides what `lapse batch`
    decides from the same file (decide_many reads it in C)."""

    def test_same_as_the_csv_reader(self):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as file:
            file.write(CSV)
        try:
            df = pd.read_csv(file.name)
            results = lapse.decide_many(file.name)
        finally:
            os.unlink(file.name)
        # As pandas reads it without options (what this test is about).
        self.assertEqual({key: str(df[key].dtype) for key in ("term", "price", "balance",
                                                               "channel", "on")},
                         {"term": "float64", "price": "float64", "balance": "float64",
                          "channel": "object", "on": "object"})
        frame = lapse.pandas.decide_frame(df)
        self.assertEqual(len(frame), len(results))
        for i, result in enumerate(results):
            row = frame.iloc[i]
            if not result.ok:
                self.assertEqual((row["error_code"], row["error_field"], row["error"]),
                                 (result.error.code, result.error.field, result.error.message), i)
                continue
            self.assertEqual(row["error_code"], "", (i, row["error"]))
            for key, value in result.decision.to_dict().items():
                got = row[key]
                if isinstance(value, list):
                    value = ";".join(value)
                elif isinstance(got, pd.Timestamp) or got is pd.NaT:
                    got = None if got is pd.NaT else got.date().isoformat()
                self.assertEqual(got, value, (i, key))
        # Rows 0-2 and 8 decide (19.99 is 1999 cents, 1500 JPY is 1500 yen,
        # 29.90 is 2990); 19.999 EUR and 12.5 JPY have more decimals than
        # their currency, 1.5 is no number of months, row 6 has no start and
        # row 7 no request date.
        self.assertEqual(list(frame["error_code"]),
                         ["", "", "", "amount_precision", "amount_precision", "value_syntax",
                          "missing", "missing", ""])
        self.assertEqual(list(frame["error_field"])[3:8], ["price", "price", "term", "start", "on"])


class RefusedRowsAnswerNothing(unittest.TestCase):
    """#26.9: a refused row is <NA> (NaT) in every decision column, never a
    False or a 0 that reads as an answer; error_code and error say why."""

    def test_nullable_outputs(self):
        df = pd.DataFrame({"start": ["2025-01-31", "2025-01-31"], "term": [1, 0],
                           "price": ["20.00", "20.00"], "roles": ["billing_admin"] * 2},
                          index=["good", "bad"])
        for as_decimal in (False, True):
            frame = lapse.pandas.decide_frame(df, on="2025-03-10", status=True,
                                              as_decimal=as_decimal)
            with self.subTest(as_decimal=as_decimal):
                self.assertEqual(str(frame["allowed"].dtype), "boolean")
                self.assertEqual(str(frame["route"].dtype), "string")
                self.assertEqual(str(frame["blocked"].dtype), "string")
                self.assertEqual(str(frame["currency"].dtype), "string")
                self.assertEqual(str(frame["status"].dtype), "string")
                self.assertEqual(str(frame["invoices_left"].dtype), "Int64")
                self.assertEqual(str(frame["effective_end"].dtype), "datetime64[ns]")
                self.assertEqual(str(frame["remaining_term_charge"].dtype),
                                 "object" if as_decimal else "Int64")
                for key in DECISION_COLUMNS + ("status", "listed_as"):
                    self.assertTrue(pd.isna(frame.loc["bad", key]), key)
                self.assertEqual(frame.loc["bad", "error_code"], "out_of_range")
                self.assertEqual(frame.loc["bad", "error"],
                                 "term 0: out of range (1 to 1200 months)")
                # The good row answers: allowed, routed online, nothing blocked.
                self.assertEqual(frame.loc["good", "allowed"], True)
                self.assertEqual(frame.loc["good", "route"], "online")
                self.assertEqual(frame.loc["good", "blocked"], "")
                self.assertEqual(frame.loc["good", "currency"], "EUR")
                self.assertEqual(frame.loc["good", "error_code"], "")
                self.assertEqual(frame.loc["good", "remaining_term_charge"],
                                 decimal.Decimal("20.00") if as_decimal else 2000)
                self.assertFalse(pd.isna(frame.loc["good", "invoices_left"]))


def cell(value):
    """A frame's value as a Python value of the row-by-row path: None for a
    missing one, a whole float as an int, another float as its text."""
    if pd.isna(value):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else repr(value)
    return value


class TextColumnsInC(unittest.TestCase):
    """#26.10: text columns (object, string, category; NaN for empty cells)
    go to C as dictionaries, each row's text read as its CSV cell in the one
    pass.  The frames are the same as those of the reference paths: each
    distinct value converted in Python (columns._DICTIONARIES = False), and
    row by row without numpy."""

    ROWS = 40

    def frame(self, kind):
        n = self.ROWS
        channel = ["online", "support", None, "phone", "online"] * (n // 5)
        roles = ["billing_admin", "billing_admn", np.nan, "product_admin;billing_contact",
                 ""] * (n // 5)
        provided = ["", "all", "account_id;card_last4;products", np.nan] * (n // 4)
        currency = ["EUR", "JPY", np.nan, "EUR", "USD", "EU", "EUR", "EUR"] * (n // 8)
        start = (["2025-01-31", "2024-06-15", "2025-02-30", None, "2024-12-01"] * (n // 5))
        price = ["20.00", "1500", "12.5", np.nan, "19.999"] * (n // 5)
        frame = pd.DataFrame({
            "start": start, "term": [12.0, np.nan, 1.0, 0.0] * (n // 4),
            "price": price, "currency": currency,
            "contract": [True, False, np.nan, True] * (n // 4),
            "on": ["2025-03-10"] * n, "channel": channel, "roles": roles,
            "provided": provided, "cancelled_on": [np.nan] * n,
            "online_cancel": pd.Series([None] * n, dtype=object)})
        if kind == "category":
            for key in ("channel", "roles", "provided", "currency", "start", "cancelled_on"):
                frame[key] = frame[key].astype("category")
        elif kind == "string":
            for key in ("channel", "roles", "currency", "start", "price"):
                frame[key] = frame[key].astype("string")
        return frame

    @staticmethod
    def reference(frame):
        with mock.patch.object(lapse.columns, "_DICTIONARIES", False):
            return lapse.pandas.decide_frame(frame, status=True)

    def test_same_frames_as_the_reference(self):
        for kind in ("object", "category", "string"):
            frame = self.frame(kind)
            with self.subTest(kind=kind):
                got = lapse.pandas.decide_frame(frame, status=True)
                pd.testing.assert_frame_equal(got, self.reference(frame))
                # And row by row, without numpy: the error columns and
                # every decision.
                rows = lapse.decide_columns(
                    {key: [cell(v) for v in frame[key].astype(object)] for key in frame.columns},
                    use_numpy=False)
                self.assertEqual(list(got["error_code"]), rows["error_code"])
                self.assertEqual(list(got["error_field"]), rows["error_field"])
                self.assertEqual(list(got["error"]), rows["error"])
                self.assertEqual([None if pd.isna(v) else int(v)
                                  for v in got["remaining_term_charge"]],
                                 [None if code else v for v, code in
                                  zip(rows["remaining_term_charge"], rows["error_code"])])

    def test_errors_name_the_column(self):
        got = lapse.pandas.decide_frame(self.frame("object"))
        by_field = dict(zip(got["error_field"], got["error"]))
        self.assertEqual(by_field["channel"],
                         "channel 'phone': not a channel (online, support)")
        self.assertTrue(by_field["roles"].startswith("roles 'billing_admn': 'billing_admn' is "
                                                     "not one of "), by_field["roles"])
        self.assertEqual(by_field["currency"], "currency 'EU': not three upper-case letters")
        self.assertEqual(by_field["start"], "start '2025-02-30': not a calendar date")
        self.assertEqual(set(got["error_code"]),
                         {"", "unknown_name", "currency_syntax", "date_invalid",
                          "amount_precision", "out_of_range"})
        # A refused row answers nothing; a decided one answers.
        bad = got["error_code"] != ""
        self.assertTrue(got.loc[bad, "allowed"].isna().all())
        self.assertFalse(got.loc[~bad, "allowed"].isna().any())
        self.assertEqual(str(got["allowed"].dtype), "boolean")

    def test_all_missing_columns_take_the_defaults(self):
        n = 6
        base = {"start": ["2025-01-31"] * n, "on": ["2025-03-10"] * n,
                "price": ["20.00"] * n}
        want = lapse.pandas.decide_frame(pd.DataFrame(base))
        for kind in ("object", "category", "string", "float"):
            empty = pd.Series([np.nan] * n, dtype="float64" if kind == "float" else object)
            if kind in ("category", "string"):
                empty = empty.astype(kind)
            frame = pd.DataFrame({**base, **{key: empty for key in (
                "channel", "roles", "provided", "currency", "cancelled_on", "contract",
                "term", "licenses")}})
            with self.subTest(kind=kind):
                got = lapse.pandas.decide_frame(frame)
                pd.testing.assert_frame_equal(got, want)
                self.assertEqual(list(got["error_code"]), [""] * n)

    def test_python_refusals_without_numpy_outputs(self):
        # use_numpy=False with numpy imported: a column numpy factorized
        # marks its bad rows all the same.
        out = lapse.decide_columns({"start": ["2025-01-31"] * 2, "on": "2025-03-10",
                                    "price": [1 << 70, 2000]}, use_numpy=False)
        self.assertEqual(out["error_code"], ["amount_range", ""])
        self.assertEqual(out["error_field"], ["price", ""])

    def test_the_c_pass_reads_dictionaries(self):
        """Text columns reach C as dictionary arrays, not converted values,
        and a failed row's message comes from the one pass."""
        import lapse.columns as columns
        seen = []
        real = columns._run

        def spy(policy, arrays, inputs, outputs, rows, np_):
            seen.extend((arrays[i].column, arrays[i].type) for i in range(inputs))
            return real(policy, arrays, inputs, outputs, rows, np_)

        text = self.frame("object").drop(columns=["price", "contract", "term"])
        with mock.patch.object(columns, "_run", spy), \
                mock.patch.object(columns, "_parse_text", side_effect=AssertionError):
            got = lapse.pandas.decide_frame(text)
        types = {column: kind for column, kind in seen}
        for name in ("channel", "roles", "provided", "currency", "start", "on"):
            self.assertEqual(types[columns._column(name)[0]], columns.DICTIONARY, name)
        self.assertIn("channel 'phone': not a channel (online, support)", set(got["error"]))


def _factorize_text():
    """lapse._speedups' factorize_text, or None without the accelerator
    (then LAPSE_SPEEDUPS must not name one: a build that has it tests it)."""
    from lapse import _accel
    found = getattr(_accel.module, "factorize_text", None)
    named = os.environ.get("LAPSE_SPEEDUPS", "off") != "off"
    assert found is not None or not named, "LAPSE_SPEEDUPS names a build without factorize_text"
    return found


class ObjectColumnsInC(unittest.TestCase):
    """#26.10: object columns straight from pd.read_csv factorized by the
    accelerator in one pass (a cache of object pointers, then a dict by
    value; columns._TEXT_IN_C), with the same frames as its plain twin
    (_factorize's numpy and pandas passes) and as each row decided alone."""

    def setUp(self):
        self.factorize = _factorize_text()
        if self.factorize is None:
            self.skipTest("lapse._speedups is not built here")

    def codes(self, cells):
        values = np.array(cells, dtype=object)
        codes = np.full(len(values), 99, dtype=np.int32)
        found = self.factorize(values.ctypes.data, len(values), codes.ctypes.data,
                               (pd.NA, pd.NaT))
        return None if found is None else (codes.tolist(), found[0], found[1])

    def test_codes_by_value_not_by_object(self):
        # Equal texts that are distinct objects (made at run time) are one
        # text; every kind of missing cell is -1.
        a1, a2 = "".join(["bill", "ing_admin"]), "".join(["billing", "_admin"])
        self.assertIsNot(a1, a2)
        codes, uniques, table = self.codes([a1, None, a2, np.nan, "x", float("nan"), pd.NA,
                                            pd.NaT, "", a1])
        self.assertEqual(codes, [0, -1, 0, -1, 1, -1, -1, -1, 2, 0])
        self.assertEqual(uniques, ["billing_admin", "x", ""])
        self.assertEqual(len(table), 3 * ctypes.sizeof(lapse._native.TextC))
        texts = (lapse._native.TextC * 3).from_buffer_copy(table)
        self.assertEqual([ctypes.string_at(t.data, t.length) if t.length else b"" for t in texts],
                         [b"billing_admin", b"x", b""])

    def test_many_texts_through_the_pointer_cache(self):
        # More distinct objects than the cache has slots, repeated and
        # interleaved, some equal but not identical: each row's code is
        # its text's.
        rng = np.random.default_rng(5)
        pool = [f"2025-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)] * 2
        pool += ["".join(["2025-01", "-01"]) for _ in range(50)]
        cells = [pool[k] for k in rng.integers(0, len(pool), 20000)]
        codes, uniques, _ = self.codes(cells)
        self.assertEqual(len(uniques), 12 * 28)
        self.assertEqual([uniques[k] for k in codes], cells)
        # More distinct objects (6,720, equal texts 20 at a time) than the
        # cache's 4096 slots, as pd.read_csv's date columns have.
        pool = ["".join([f"2025-{m:02d}", f"-{d:02d}"]) for m in range(1, 13)
                for d in range(1, 29) for _ in range(20)]
        self.assertEqual(len(set(map(id, pool))), 6720)
        cells = [pool[k] for k in rng.integers(0, len(pool), 50000)]
        codes, uniques, _ = self.codes(cells)
        self.assertEqual(len(uniques), 12 * 28)
        self.assertEqual([uniques[k] for k in codes], cells)

    def test_other_objects_go_to_the_plain_path(self):
        for other in (1, True, D("2025-01-01"), np.float64("nan"), 2.5, b"EUR",
                      np.datetime64("NaT"), "\ud800"):
            with self.subTest(other=other):
                self.assertIsNone(self.codes(["EUR", np.nan, other, "USD"]))
        self.assertEqual(self.codes([])[1:], ([], b""))

    def frame(self):
        n = 600
        made = lambda text: "".join([text[:1], text[1:]])  # equal, not the same object
        start = [made("2025-01-31"), "2025-01-31", None, np.nan, pd.NA, "2025-02-30",
                 made("2024-06-15"), ""] * (n // 8)
        channel = ["online", made("support"), pd.NaT, None, "phone", np.nan] * (n // 6)
        roles = ["billing_admin", "billing_admn", np.nan, None,
                 made("product_admin;billing_contact"), ""] * (n // 6)
        # Objects other than text: each such column takes the plain path.
        contract = [True, False, None, True, np.nan, False] * (n // 6)
        on = [D("2025-03-10"), None, D("2025-04-01")] * (n // 3)
        return pd.DataFrame({
            "start": pd.Series(start, dtype=object), "term": [12.0, np.nan, 1.0, 24.0] * (n // 4),
            "price": ["20.00", "1500", made("12.5"), np.nan, "19.999"] * (n // 5),
            "currency": pd.Series(["EUR", "JPY", np.nan, made("EUR"), "USD", None] * (n // 6),
                                  dtype=object),
            "contract": pd.Series(contract, dtype=object),
            "on": pd.Series(on, dtype=object), "channel": pd.Series(channel, dtype=object),
            "roles": pd.Series(roles, dtype=object),
            "provided": pd.Categorical(["", "all", np.nan, "account_id;card_last4;products"] *
                                       (n // 4))})

    def test_same_frames_as_the_plain_twin(self):
        frame = self.frame()
        got = lapse.pandas.decide_frame(frame, status=True)
        with mock.patch.object(lapse.columns, "_TEXT_IN_C", False):
            plain = lapse.pandas.decide_frame(frame, status=True)
        pd.testing.assert_frame_equal(got, plain)
        # Each distinct value looked at to know the column is text
        # (columns._TABLE_SAYS_TEXT off): the same frame.
        with mock.patch.object(lapse.columns, "_TABLE_SAYS_TEXT", False):
            looked_at = lapse.pandas.decide_frame(frame, status=True)
        pd.testing.assert_frame_equal(got, looked_at)
        # Each row alone, without numpy: the same errors and answers.
        rows = lapse.decide_columns(
            {key: [cell(v) for v in frame[key].astype(object)] for key in frame.columns},
            use_numpy=False)
        self.assertEqual(list(got["error_code"]), rows["error_code"])
        self.assertEqual(list(got["error"]), rows["error"])
        self.assertEqual([None if pd.isna(v) else int(v) for v in got["remaining_term_charge"]],
                         [None if code else v for v, code in
                          zip(rows["remaining_term_charge"], rows["error_code"])])
        # Every kind of row is there: decided, and refused for a bad date,
        # a missing start, a bad channel, a bad role, too many decimals.
        fields = set(got["error_field"])
        self.assertTrue({"", "start", "channel", "roles", "price"} <= fields, fields)

    def test_read_csv_frame_as_the_plain_twin(self):
        # A file as `lapse batch` reads it, through pd.read_csv: its
        # repeated texts are mostly one object each.
        import io
        text = "start,term,price,currency,contract,on,channel,roles\n" + "".join(
            f"2025-0{1 + i % 3}-{10 + i % 17},{'' if i % 7 == 0 else 12},"
            f"{'19.999' if i % 29 == 0 else '20.00'},{'' if i % 5 == 0 else 'EUR'},"
            f"{'true' if i % 2 else ''},2025-06-{1 + i % 28:02d},"
            f"{'phone' if i % 31 == 0 else 'online'},{'billing_admin' if i % 3 else ''}\n"
            for i in range(3000))
        frame = pd.read_csv(io.StringIO(text))
        self.assertEqual(frame["start"].dtype, object)
        got = lapse.pandas.decide_frame(frame)
        with mock.patch.object(lapse.columns, "_TEXT_IN_C", False):
            plain = lapse.pandas.decide_frame(frame)
        pd.testing.assert_frame_equal(got, plain)
        # 19.999 EUR (rows 0, 29, ...): amount_precision, before the channel.
        self.assertEqual(int((got["error_field"] == "price").sum()), len(range(0, 3000, 29)))
        self.assertEqual(set(got["error_code"][got["error_field"] == "price"]),
                         {"amount_precision"})


class OutputsWithoutCopies(unittest.TestCase):
    """decide_frame's outputs made in place of C's arrays: dates turned to
    nanoseconds in their own memory (the copy of _dates is the twin), names
    and lists through a table indexed by value (hashing is the twin)."""

    def test_dates_in_place_as_the_copy(self):
        nat = np.datetime64("NaT")
        for days, in_c in itertools.product(
                ([np.datetime64("2025-01-31"), nat, np.datetime64("1970-01-01"),
                  np.datetime64("1677-09-22"), np.datetime64("2262-04-11")],
                 [nat, nat], [], [np.datetime64("0001-01-01"), nat],
                 [np.datetime64("9999-12-31")], [np.datetime64("1677-09-21")],
                 [np.datetime64("2262-04-12"), np.datetime64("2025-01-01")]),
                (True, False)):  # in_c: the accelerator's days_to_ns (_TEXTS_IN_C)
            with self.subTest(days=days, in_c=in_c), \
                    mock.patch.object(lapse.pandas, "_TEXTS_IN_C", in_c):
                array = np.array(days, dtype="datetime64[D]")
                want = lapse.pandas._dates(array.copy())
                got = lapse.pandas._dates_in_place(array)
                self.assertEqual(got.dtype, want.dtype)
                self.assertEqual([str(v) for v in got], [str(v) for v in want])
                if want.dtype != object and len(array):
                    self.assertTrue(np.shares_memory(got, array))

    def test_names_by_table_as_by_hashing(self):
        make = lambda v: f"<{v}>"
        for codes in (np.array([3, 0, 3, 7, 0], dtype=np.uint8),
                      np.array([5, 65535, 5], dtype=np.int32),
                      np.array([1, 1 << 20, -1], dtype=np.int64), np.array([], dtype=np.int32)):
            with self.subTest(codes=codes):
                self.assertEqual(lapse.pandas._names(codes, make).tolist(),
                                 [make(int(v)) for v in codes])


class FloatIntegerColumns(unittest.TestCase):
    """Integer, boolean, name and list columns that pd.read_csv gives as
    float64 (an empty cell is NaN): whole numbers cast at once, NaN the
    column's default; the same frames as each distinct value converted
    (pandas._FLOAT_INTEGERS = False) and as each row alone."""

    def test_same_frames_as_the_twin(self):
        n = 60
        nan = np.nan
        for term in ([12.0, nan, 1.0, 0.0, 24.0, 3e10] * (n // 6),  # 0 and 3e10: errors
                     [12.0, nan, 2.5, 1.0, -0.0, 12.0] * (n // 6),  # 2.5: the twin's path
                     [nan] * n, [1e19, 12.0, nan, 1.0, 1.0, 1.0] * (n // 6),
                     [-2.0 ** 63, 12.0, nan, 1.0, 2.0 ** 62, 1.0] * (n // 6),
                     [2.0 ** 63, 12.0, nan, 1.0, 1.0, 1.0] * (n // 6)):
            frame = pd.DataFrame({
                "start": "2025-01-31", "on": "2025-06-10", "term": term,
                "contract": [1.0, 0.0, nan, 1.0, 2.0, 0.0] * (n // 6),
                "channel": [0.0, 1.0, nan, 0.0, 0.0, 1.0] * (n // 6),
                "roles": [1.0, nan, 0.0, 1.0, 1.0, 3.0] * (n // 6),
                "licenses": [nan, 2.0, 3.0, 1.0, 1.0, 1.0] * (n // 6)})
            with self.subTest(term=term[:6]):
                got = lapse.pandas.decide_frame(frame)
                with mock.patch.object(lapse.pandas, "_FLOAT_INTEGERS", False):
                    twin = lapse.pandas.decide_frame(frame)
                pd.testing.assert_frame_equal(got, twin)
                # The accelerator's one-pass check and conversion
                # (_FLOAT_INTEGERS_IN_C) against numpy's cast.
                with mock.patch.object(lapse.pandas, "_FLOAT_INTEGERS_IN_C", False):
                    cast = lapse.pandas.decide_frame(frame)
                pd.testing.assert_frame_equal(got, cast)
                rows = lapse.decide_columns(
                    {key: [cell(v) for v in frame[key].astype(object)] for key in frame.columns},
                    use_numpy=False)
                self.assertEqual(list(got["error_code"]), rows["error_code"])
                self.assertEqual(list(got["error"]), rows["error"])
        self.assertIn("term", set(got["error_field"]))  # 1e19: beyond 32 bits
        self.assertIn("contract", set(got["error_field"]))  # 2.0 is not a boolean


class FlagObjectColumns(unittest.TestCase):
    """#26.10: object columns of True, False and missing cells (pd.read_csv's
    flag column with an empty cell) factorized by object pointer
    (columns._FLAGS_BY_IDENTITY), with the same frames as the plain twin
    (_factorize's pointer and value passes) and as each row alone."""

    def frame(self, n=600):
        nan = np.nan
        return pd.DataFrame({
            "start": ["2025-01-31", "2024-10-01", "2025-03-15"] * (n // 3),
            "term": [12, 1, 24] * (n // 3), "price": ["20.00", "9.99", "12.50"] * (n // 3),
            "on": "2025-06-10",
            "contract": pd.Series([True, False, nan, None, pd.NA, True] * (n // 6),
                                  dtype=object),
            "auto_renew": pd.Series([nan, False, False, pd.NaT, nan, False] * (n // 6),
                                    dtype=object),
            "online_cancel": pd.Series([True, True, nan] * (n // 3), dtype=object)})

    def test_same_frames_as_the_plain_twin(self):
        frame = self.frame()
        got = lapse.pandas.decide_frame(frame, status=True)
        with mock.patch.object(lapse.columns, "_FLAGS_BY_IDENTITY", False):
            plain = lapse.pandas.decide_frame(frame, status=True)
        pd.testing.assert_frame_equal(got, plain)
        # The accelerator's flags (columns._FLAGS_IN_C) against the
        # identity twin: the same frames.
        with mock.patch.object(lapse.columns, "_FLAGS_IN_C", False):
            by_identity = lapse.pandas.decide_frame(frame, status=True)
        pd.testing.assert_frame_equal(got, by_identity)
        rows = lapse.decide_columns(
            {key: [cell(v) for v in frame[key].astype(object)] for key in frame.columns},
            use_numpy=False)
        self.assertEqual(list(got["error_code"]), rows["error_code"])
        self.assertEqual([None if pd.isna(v) else int(v) for v in got["remaining_term_charge"]],
                         [None if code else v for v, code in
                          zip(rows["remaining_term_charge"], rows["error_code"])])
        # contract true decides differently from false: both are there.
        self.assertGreater(len(set(got["renews_first"].dropna())) +
                           len(set(got["remaining_term_charge"].dropna())), 2)

    def test_codes_and_the_cells_left_to_the_plain_path(self):
        flags = lapse.columns._factorize_flags
        column = flags(np.array([np.nan, False, True, None, False, pd.NA], dtype=object), np)
        self.assertEqual(column.codes.tolist(), [-1, 0, 1, -1, 0, -1])
        self.assertEqual(column.uniques, [False, True])
        self.assertEqual(flags(np.array([True, np.nan], dtype=object), np).uniques, [True])
        self.assertEqual(flags(np.array([np.nan, None], dtype=object), np).uniques, [])
        for other in ("true", 1, 0.0, np.True_, np.float64("nan"), decimal.Decimal("NaN"),
                      np.datetime64("NaT"), 2.5):
            with self.subTest(other=other):
                self.assertIsNone(flags(np.array([True, other, False], dtype=object), np))
        self.assertIsNone(flags(np.array([], dtype=object), np))

    def test_float_integers(self):
        from lapse import _accel
        check = getattr(_accel.module, "float_integers", None)
        if check is None:
            self.skipTest("lapse._speedups is not built here")
        nan = np.nan
        values = np.array([12.0, nan, -0.0, -2.0 ** 63, 2.0 ** 62, nan, 1.0])
        out = np.zeros(len(values), dtype=np.int64)
        self.assertEqual(check(values.ctypes.data, len(values), out.ctypes.data, -5), 2)
        self.assertEqual(out.tolist(), [12, -5, 0, -2 ** 63, 2 ** 62, -5, 1])
        self.assertEqual(check(values.ctypes.data, len(values), 0, 0), 2)  # checked only
        for other in (2.5, 2.0 ** 63, float("inf"), -float("inf"), 1e19, -1e19, 0.1):
            with self.subTest(other=other):
                bad = np.array([1.0, nan, other])
                self.assertEqual(check(bad.ctypes.data, 3, 0, 0), -1)

    def test_flags_in_c_codes_and_table(self):
        factorize = _factorize_text()
        if factorize is None:
            self.skipTest("lapse._speedups is not built here")

        def codes(cells, flags=True):
            values = np.array(cells, dtype=object)
            out = np.full(len(values), 99, dtype=np.int32)
            found = factorize(values.ctypes.data, len(values), out.ctypes.data,
                              (pd.NA, pd.NaT), flags)
            return None if found is None else (out.tolist(), found[0], found[1])

        got, uniques, table = codes([np.nan, False, True, None, False, pd.NA, pd.NaT, True])
        self.assertEqual(got, [-1, 0, 1, -1, 0, -1, -1, 1])
        self.assertEqual(uniques, [False, True])
        texts = (lapse._native.TextC * 2).from_buffer_copy(table)
        self.assertEqual([ctypes.string_at(t.data, t.length) for t in texts], [b"false", b"true"])
        self.assertEqual(codes([True, np.nan])[:2], ([0, -1], [True]))
        self.assertEqual(codes([np.nan, None])[:2], ([-1, -1], []))
        # Without the flag argument, or with bools and text mixed (either
        # first), or another object: None, the caller's conversion.
        self.assertIsNone(codes([True, False], flags=False))
        for cells in ([True, "true"], ["false", False], [True, 1], [True, np.True_],
                      [False, np.float64("nan")], [True, 0.0]):
            with self.subTest(cells=cells):
                self.assertIsNone(codes(cells))

    def test_a_flag_in_a_column_that_is_not_one_raises_as_the_twin(self):
        frame = self.frame(6).assign(term=pd.Series([True, np.nan] * 3, dtype=object))
        for plain in (False, True):
            with self.subTest(plain=plain), \
                    mock.patch.object(lapse.columns, "_FLAGS_BY_IDENTITY", not plain), \
                    mock.patch.object(lapse.columns, "_FLAGS_IN_C", not plain), \
                    self.assertRaises(TypeError) as raised:
                lapse.pandas.decide_frame(frame)
            self.assertEqual(str(raised.exception), "term[0]: expected int, got bool")


class TextOutputsInC(unittest.TestCase):
    """#26.10: decide_frame's name, list and currency columns made by the
    accelerator in one pass each, <NA> in a refused row's cell in the same
    pass, and its dates turned to nanoseconds there (pandas._TEXTS_IN_C):
    the same frames as the twin (tables and numpy's indexing, <NA> set
    after), the same dtypes (string), and fill_objects' own rules."""

    def setUp(self):
        from lapse import _accel
        self.fill = getattr(_accel.module, "fill_objects", None)

    def frames(self):
        rng = np.random.default_rng(40)
        n = 500
        yield "read_csv-like", pd.DataFrame({
            "start": rng.choice(["2025-01-31", "2024-10-01", "2025-02-30", None], n),
            "term": rng.choice([12.0, 1.0, np.nan, 0.0], n),
            "price": rng.choice(["20.00", "19.999", "1500", None], n),
            "currency": rng.choice(["EUR", "JPY", "USD", None, "KWD"], n),
            "contract": rng.choice(np.array([True, False, np.nan], dtype=object), n),
            "roles": rng.choice(["billing_admin", "billing_admn", ""], n),
            "provided": rng.choice(["", "all", "account_id;card_last4;products"], n),
            "channel": rng.choice(["online", "support", "phone"], n),
            "on": rng.choice(["2025-06-10", "2026-02-01", "2025-01-15"], n)})
        yield "one row", pd.DataFrame({"start": ["2025-01-31"], "on": ["2025-03-10"]})
        yield "one failed row", pd.DataFrame({"start": ["2025-02-30"], "on": ["2025-03-10"]})
        yield "no rows", pd.DataFrame({"start": pd.Series([], dtype=object)})
        yield "items", pd.DataFrame({"start": ["2025-01-31"] * 3, "on": "2025-03-10",
                                     "items": ["seat:2:10.00", "", "seat:x:1"]})

    def test_same_frames_as_the_twin(self):
        if self.fill is None:
            self.skipTest("lapse._speedups is not built here")
        for label, frame in self.frames():
            for status, as_decimal in itertools.product((False, True), (False, True)):
                with self.subTest(frame=label, status=status, as_decimal=as_decimal):
                    got = lapse.pandas.decide_frame(frame, status=status,
                                                    as_decimal=as_decimal)
                    with mock.patch.object(lapse.pandas, "_TEXTS_IN_C", False):
                        twin = lapse.pandas.decide_frame(frame, status=status,
                                                         as_decimal=as_decimal)
                    pd.testing.assert_frame_equal(got, twin)
                    self.assertEqual(list(got.dtypes), list(twin.dtypes))
                    for key in ("route", "blocked", "warnings", "currency"):
                        self.assertEqual(str(got[key].dtype), "string", key)
                    failed = (got["error_code"] != "").to_numpy(dtype=bool)
                    for key in ("route", "confirmation", "blocked", "currency"):
                        self.assertTrue(got[key].isna().to_numpy()[failed].all(), key)
                        self.assertFalse(got[key].isna().to_numpy()[~failed].any(), key)
        self.assertGreater(int(failed.sum()), 0)

    def fill_rows(self, source, make=None, failed=None, na=None):
        out = np.empty(len(source), dtype=object)
        self.fill(out.ctypes.data, len(source), source.ctypes.data, source.dtype.itemsize,
                  source.dtype.kind, make, 0 if failed is None else failed.ctypes.data, na)
        return out

    def test_fill_objects(self):
        if self.fill is None:
            self.skipTest("lapse._speedups is not built here")
        calls = []

        def make(value):
            calls.append(value)
            return f"<{value}>"

        for dtype, values in ((np.uint8, [3, 0, 3, 255, 0]), (np.int8, [-1, 5, -1]),
                              (np.uint16, [65535, 1, 65535]), (np.int32, [5, 70000, -3, 5]),
                              (np.uint32, [4294967295, 0]),
                              (np.int64, [1 << 40, -(1 << 62), 4095, 4096, 1 << 40]),
                              (np.uint64, [(1 << 63) - 1, 7])):
            with self.subTest(dtype=dtype):
                calls.clear()
                source = np.array(values, dtype=dtype)
                self.assertEqual(self.fill_rows(source, make).tolist(),
                                 [f"<{v}>" for v in values])
                self.assertEqual(sorted(calls), sorted(set(values)))  # once each
        # A failed row is `na`, its value never made.
        calls.clear()
        failed = np.array([False, True, False, True])
        got = self.fill_rows(np.array([1, 2, 1, 3], dtype=np.uint8), make, failed, pd.NA)
        self.assertEqual(got.tolist(), ["<1>", pd.NA, "<1>", pd.NA])
        self.assertEqual(calls, [1])
        # numpy text (UCS4, NUL padded) as its str, each made once.
        texts = np.array(["EUR", "", "JP", "EUR", "\u00e9\U0001F600x", "EUR"], dtype="U3")
        got = self.fill_rows(texts)
        self.assertEqual(got.tolist(), texts.tolist())
        self.assertIs(got[0], got[3])
        many = np.array([f"{i:03d}" for i in range(1000)] * 3, dtype="U3")
        self.assertEqual(self.fill_rows(many).tolist(), many.tolist())
        # What make raises is raised; a uint64 beyond int64 is refused.
        with self.assertRaises(ZeroDivisionError):
            self.fill_rows(np.array([1, 0], dtype=np.int32), lambda v: 1 // v)
        with self.assertRaises(OverflowError):
            self.fill_rows(np.array([1 << 63], dtype=np.uint64), make)
        with self.assertRaises(ValueError):
            self.fill_rows(np.array([1.5]), make)

    def test_fill_objects_holds_and_releases_references(self):
        if self.fill is None:
            self.skipTest("lapse._speedups is not built here")
        old, new = object(), object()
        out = np.array([old] * 100, dtype=object)
        before_old, before_new = sys.getrefcount(old), sys.getrefcount(new)
        self.fill(out.ctypes.data, 100, np.zeros(100, dtype=np.uint8).ctypes.data, 1, "u",
                  lambda value: new, 0, None)
        self.assertEqual(sys.getrefcount(old), before_old - 100)
        # 100 rows and the one the function's cache kept while it ran: gone.
        self.assertEqual(sys.getrefcount(new), before_new + 100)
        self.assertTrue(all(value is new for value in out))


class FloatMoneyInC(unittest.TestCase):
    """#26.10: float money columns (pd.read_csv's price, NaN for an empty
    cell) read by the accelerator in one pass (columns._FLOAT_MONEY_IN_C):
    the same frames as the numpy twin, whatever the currencies, and the
    same minor units, row by row, as the numpy arithmetic."""

    PRICES = [19.99, 20.0, 1500.0, 19.999, 12.5, 0.1 + 0.2, -0.0, 0.0, -5.0, np.nan,
              float("inf"), -float("inf"), 1e300, 2.0 ** 52 / 100, 2.0 ** 53, 45035996273704.95,
              0.07, 1.005, 123456.78, 5e-324]

    def frames(self):
        n = len(self.PRICES) * 6
        price = self.PRICES * 6
        balance = ([np.nan, 12.5, 0.0] * n)[:n]
        yield "currency objects", pd.DataFrame({
            "start": "2025-01-31", "on": "2025-06-10", "price": price, "balance": balance,
            "currency": pd.Series((["EUR", "JPY", np.nan, "USD", "EURO", "KWD"] * n)[:n],
                                  dtype=object)})
        yield "one currency", pd.DataFrame({"start": "2025-01-31", "on": "2025-06-10",
                                            "price": price, "currency": "JPY"})
        yield "no currency", pd.DataFrame({"start": "2025-01-31", "on": "2025-06-10",
                                           "price": price, "renewal_price": price[::-1]})
        yield "category", pd.DataFrame({
            "start": "2025-01-31", "on": "2025-06-10", "price": price,
            "currency": pd.Categorical((["EUR", "JPY", None] * n)[:n])})
        yield "float32", pd.DataFrame({"start": "2025-01-31", "on": "2025-06-10",
                                       "price": np.array([p for p in price if not abs(p) > 1e30],
                                                         dtype=np.float32)})

    def test_same_frames_as_the_numpy_twin(self):
        for label, frame in self.frames():
            with self.subTest(frame=label):
                got = lapse.pandas.decide_frame(frame)
                with mock.patch.object(lapse.columns, "_FLOAT_MONEY_IN_C", False):
                    twin = lapse.pandas.decide_frame(frame)
                pd.testing.assert_frame_equal(got, twin)
                # Decided rows and refused ones both (19.999 EUR, -5).
                self.assertIn("", set(got["error_code"]))
                self.assertGreater(int((got["error_code"] != "").sum()), 0)

    def test_a_row_keeps_its_first_error(self):
        """A float price read through its text (19.999 EUR) in a row that an
        earlier column already refused (term 1.5) keeps that first error,
        as a CSV row's cells are read in order; both paths."""
        frame = pd.DataFrame({"start": ["2025-01-01"] * 3, "on": ["2025-03-01"] * 3,
                              "currency": ["EUR"] * 3, "term": [1.5, 12.0, 1.5],
                              "price": [19.999, 19.999, 19.99]})
        for in_c in (True, False):
            with self.subTest(in_c=in_c), \
                    mock.patch.object(lapse.columns, "_FLOAT_MONEY_IN_C", in_c):
                got = lapse.pandas.decide_frame(frame)
                self.assertEqual(got["error_code"].tolist(),
                                 ["value_syntax", "amount_precision", "value_syntax"])
                self.assertEqual(got["error_field"].tolist(), ["term", "price", "term"])
                self.assertEqual(got["error"].tolist()[:2],
                                 ["term '1.5': not a whole number",
                                  "price '19.999': more decimals than the currency has"])

    def test_minor_units_as_the_numpy_arithmetic(self):
        from lapse import _accel
        convert = getattr(_accel.module, "float_money", None)
        if convert is None:
            self.skipTest("lapse._speedups is not built here")
        rng = np.random.default_rng(40)
        values = np.concatenate([
            np.array(self.PRICES), rng.integers(0, 10 ** 9, 20000) / 100.0,
            rng.integers(0, 10 ** 7, 5000) / 1000.0, rng.normal(0, 1e6, 5000),
            rng.integers(0, 2 ** 53, 2000).astype(np.float64)])
        scales = np.array([100.0, 1.0, 1000.0, np.nan])
        for codes in (None, rng.integers(-1, 4, len(values)).astype(np.int32),
                      rng.integers(-1, 4, len(values)).astype(np.int64)):
            with self.subTest(codes=None if codes is None else codes.dtype):
                out = np.full(len(values), -7, dtype=np.int64)
                rest, missing = convert(values.ctypes.data, len(values),
                                        0 if codes is None else codes.ctypes.data,
                                        0 if codes is None else codes.itemsize,
                                        scales.tobytes(), out.ctypes.data, 31)
                scale = scales[0 if codes is None else codes % len(scales)]
                with np.errstate(invalid="ignore", over="ignore"):
                    minor = np.rint(values * scale)
                    exact = (minor >= 0) & (minor < 2.0 ** 52) & (minor / scale == values) & \
                        ~np.signbit(values)
                nan = np.isnan(values)
                self.assertEqual(missing, int(nan.sum()))
                self.assertEqual(np.frombuffer(rest, dtype=np.int64).tolist(),
                                 np.flatnonzero(~exact & ~nan).tolist())
                self.assertEqual(out[exact].tolist(), minor[exact].astype(np.int64).tolist())
                self.assertTrue((out[nan] == 31).all())
                self.assertTrue((out[~exact & ~nan] == -7).all())  # left unwritten
                self.assertGreater(int(exact.sum()), 5000)


class FreshMemoryInBlocks(unittest.TestCase):
    """#26.10: decide_frame's numeric outputs as views of one block
    (columns._ARENA), the masks of its boolean and Int64 columns as rows of
    one block (pandas._MASKS_IN_ONE_BLOCK), its text columns adopted without
    pandas' check (pandas._STRINGS_UNCHECKED): the same frames as the twins
    that allocate each column alone and check, columns that never share
    memory, and a value set in one column changes no other."""

    TWINS = (("columns", "_ARENA"), ("pandas", "_MASKS_IN_ONE_BLOCK"),
             ("pandas", "_STRINGS_UNCHECKED"))

    def frames(self):
        rng = np.random.default_rng(26)
        n = 400
        yield "read_csv-like", pd.DataFrame({
            "start": rng.choice(["2025-01-31", "2024-10-01", "2025-02-30", None], n),
            "term": rng.choice([12.0, 1.0, np.nan, 0.0], n),
            "price": rng.choice(["20.00", "19.999", "1500", None], n),
            "currency": rng.choice(["EUR", "JPY", "USD", None], n),
            "roles": rng.choice(["billing_admin", "billing_admn", ""], n),
            "on": "2025-06-10"})
        yield "one row", pd.DataFrame({"start": ["2025-01-31"], "on": ["2025-03-10"]})
        yield "no rows", pd.DataFrame({"start": pd.Series([], dtype=object)})
        yield "items", pd.DataFrame({"start": ["2025-01-31"] * 3, "on": "2025-03-10",
                                     "items": ["seat:2:10.00", "", "seat:x:1"]})

    def test_same_frames_as_the_twins(self):
        for label, frame in self.frames():
            for status in (False, True):
                for as_decimal in (False, True):
                    with self.subTest(frame=label, status=status, as_decimal=as_decimal):
                        got = lapse.pandas.decide_frame(frame, status=status,
                                                        as_decimal=as_decimal)
                        with mock.patch.object(lapse.columns, "_ARENA", False), \
                                mock.patch.object(lapse.pandas, "_MASKS_IN_ONE_BLOCK", False), \
                                mock.patch.object(lapse.pandas, "_STRINGS_UNCHECKED", False):
                            twin = lapse.pandas.decide_frame(frame, status=status,
                                                             as_decimal=as_decimal)
                        pd.testing.assert_frame_equal(got, twin)
                        self.assertEqual(list(got.dtypes), list(twin.dtypes))

    def test_columns_are_their_own(self):
        _, frame = next(self.frames())
        out = lapse.pandas.decide_frame(frame, status=True)
        self.assertGreater(int((out["error_code"] != "").sum()), 0)
        arrays = {key: out[key].array for key in out.columns}
        keys = list(arrays)
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                for part_a in self.parts(arrays[a]):
                    for part_b in self.parts(arrays[b]):
                        self.assertFalse(np.shares_memory(part_a, part_b), (a, b))
        # A value set in one column (its mask too) changes that column alone.
        before = out.copy(deep=True)
        bad = int(np.flatnonzero((out["error_code"] != "").to_numpy())[0])
        out.loc[bad, "refund"] = 7
        out.loc[bad, "allowed"] = True
        out.loc[bad, "invoices_left"] = 3
        self.assertEqual((out.loc[bad, "refund"], out.loc[bad, "allowed"],
                          out.loc[bad, "invoices_left"]), (7, True, 3))
        for key in out.columns:
            if key not in ("refund", "allowed", "invoices_left"):
                pd.testing.assert_series_equal(out[key], before[key])
        self.assertTrue(pd.isna(out.loc[bad, "termination_fee"]))

    @staticmethod
    def parts(array):
        """The numpy arrays behind a pandas array (values and mask)."""
        for name in ("_data", "_mask", "_ndarray"):
            if isinstance(getattr(array, name, None), np.ndarray):
                yield getattr(array, name)

    def test_the_arena(self):
        arena = lapse.columns._Arena(np, 5, ["int64", "bool", "uint32", "int32"])
        views = [arena.take(dtype) for dtype in ("int64", "bool", "uint32", "int32")]
        self.assertEqual([len(v) for v in views], [5] * 4)
        self.assertTrue(all(v.ctypes.data % 64 == 0 and v.flags.writeable for v in views))
        for i, v in enumerate(views):
            v[:] = i + 1
        self.assertEqual([v.tolist() for v in views],
                         [[1] * 5, [True] * 5, [3] * 5, [4] * 5])
        big = lapse.columns._Arena(np, 1_000_000, ["int64", "bool"])  # on a huge page
        self.assertEqual(big.take("int64").ctypes.data % (1 << 21), 0)
        # Debian's pandas has the unchecked constructor: the fast path is the one tested.
        self.assertIsNotNone(lapse.pandas._ADOPT)
        # decide_columns keeps its own dtypes (int32 counts), in an arena too.
        got = lapse.decide_columns({"start": ["2025-01-31"] * 2, "on": "2025-03-10"})
        self.assertEqual(got["invoices_left"].dtype, np.dtype(np.int32))
        self.assertIs(got["refund"].base, got["invoices_left"].base)


class PolicyColumn(unittest.TestCase):
    def test_a_policy_column_is_never_ignored(self):
        frame = pd.DataFrame({"start": ["2025-01-31"], "price": ["20.00"], "on": ["2025-03-10"],
                              "roles": ["billing_admin"], "policy": ["immediate-prorated"]})
        with self.assertRaises(ValueError) as raised:
            lapse.pandas.decide_frame(frame)
        self.assertTrue(str(raised.exception).startswith("policy: decide_frame decides a whole"))
        # Without the column the same row is decided under the frame's policy.
        out = lapse.pandas.decide_frame(frame.drop(columns=["policy"]),
                                        lapse.Policy.preset("immediate-prorated"))
        self.assertEqual(out.loc[0, "refund"], 1290)


class ErrorColumnsAndDetails(unittest.TestCase):
    """#26.10: the failed rows' details in a block from columns._fresh
    zeroed by a fill (_DETAILS_FRESH) and decide_frame's three error columns
    as the rows of one object block (_ERRORS_IN_ONE_BLOCK): the same frames
    and columns as their twins (np.zeros, np.full of each column), with one
    chunk of details and with many (_DETAILS_AT_ONCE small), and each error
    column writable on its own."""

    def frame(self, rows):
        # Every 3rd row refused by C (a term of 0, an unknown channel, an
        # impossible date), every 7th by Python (a term of 1.5).
        term = [12.0] * rows
        channel = ["online"] * rows
        start = ["2025-01-31"] * rows
        for row in range(0, rows, 3):
            which = row // 3 % 3
            if which == 0:
                term[row] = 0.0
            elif which == 1:
                channel[row] = "phone"
            else:
                start[row] = "2025-02-30"
        for row in range(5, rows, 7):
            term[row] = 1.5
        return pd.DataFrame({"start": start, "term": term, "channel": channel,
                             "on": "2025-06-10", "price": 19.99, "currency": "EUR"})

    def twins(self, call):
        got = call()
        with mock.patch.object(lapse.columns, "_DETAILS_FRESH", False), \
                mock.patch.object(lapse.columns, "_ERRORS_IN_ONE_BLOCK", False):
            twin = call()
        return got, twin

    def test_same_frames_as_the_twins(self):
        for rows, at_once in ((1, 1 << 16), (50, 1 << 16), (50, 4), (301, 7), (1000, 1)):
            with self.subTest(rows=rows, at_once=at_once), \
                    mock.patch.object(lapse.columns, "_DETAILS_AT_ONCE", at_once):
                frame = self.frame(rows)
                got, twin = self.twins(lambda: lapse.pandas.decide_frame(frame))
                pd.testing.assert_frame_equal(got, twin)
                refused = got["error_code"] != ""
                self.assertEqual(int(refused.sum()), len(range(0, rows, 3)) + len(
                    [row for row in range(5, rows, 7) if row % 3]))
                if rows > 6:
                    self.assertEqual(got["error_code"].iloc[0], "out_of_range")
                    self.assertEqual(got["error_field"].iloc[0], "term")
                    self.assertEqual(got["error_field"].iloc[3], "channel")
                    self.assertEqual(got["error_field"].iloc[5], "term")
                    self.assertEqual(got["error_field"].iloc[6], "start")
                    self.assertEqual(got["error"].iloc[1], "")
                self.assertTrue(got.loc[refused, "effective_end"].isna().all())

    def test_decide_columns_same_as_the_twins(self):
        frame = self.frame(100)
        columns = {key: frame[key].to_numpy() for key in ("start", "channel", "on", "currency")}
        columns["term"] = np.where(frame["term"] == 1.5, 12, frame["term"]).astype(np.int32)
        columns["price"] = np.full(len(frame), 1999, dtype=np.int64)
        with mock.patch.object(lapse.columns, "_DETAILS_AT_ONCE", 5):
            got, twin = self.twins(lambda: lapse.decide_columns(columns))
        self.assertEqual(list(got), list(twin))
        for key in got:
            with self.subTest(column=key):
                np.testing.assert_array_equal(np.asarray(got[key]), np.asarray(twin[key]))
        self.assertEqual(np.asarray(got["error_field"])[6], "start")

    def test_each_error_column_its_own(self):
        out = lapse.pandas.decide_frame(self.frame(20))
        out.loc[1, "error_code"] = "mine"
        out.loc[2, "error_field"] = "field"
        self.assertEqual(list(out.loc[1:2, "error_code"]), ["mine", ""])
        self.assertEqual(list(out.loc[1:2, "error_field"]), ["", "field"])
        self.assertEqual(list(out.loc[1:2, "error"]), ["", ""])


if __name__ == "__main__":
    unittest.main()


@unittest.skipUnless(os.path.isfile("/usr/share/zoneinfo/America/Los_Angeles"), "no tzdata")
class FramesAtInstants(unittest.TestCase):
    """decide_frame with requested_at (tz-aware Timestamps, text), zone and
    billing_month (#29): each row as decide_cancel(Subscription,
    Request(at=, zone=)) decides it; notice_deadline_at and access_ends_at
    as datetime64[ns, UTC] with NaT for none."""

    def test_row_by_row_as_decide_cancel(self):
        rng = np.random.default_rng(29)
        n = 300
        zones = np.array(["America/Los_Angeles", "Europe/Rome", "Asia/Kolkata",
                          "Australia/Lord_Howe", "UTC", None], dtype=object)
        seconds = rng.integers(int(pd.Timestamp("2026-01-01", tz="UTC").timestamp()),
                               int(pd.Timestamp("2029-01-01", tz="UTC").timestamp()), n)
        billing = rng.choice([1, 3, 12], n)
        df = pd.DataFrame({
            "start": pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 360, n), "D"),
            "term": 12, "billing": billing,
            "billing_day": rng.choice([0, 1, 15], n),
            "billing_month": np.where(billing > 1, rng.choice([0, 1, 2], n), 0),
            "price": rng.integers(100, 50000, n), "contract": rng.random(n) < 0.5,
            "channel": "support", "roles": "billing_admin", "provided": "all",
            "requested_at": pd.to_datetime(seconds, unit="s", utc=True),
            "zone": zones[rng.integers(0, len(zones), n)],
        }, index=pd.RangeIndex(1000, 1000 + n))
        out = lapse.pandas.decide_frame(df)
        self.assertEqual(str(out["notice_deadline_at"].dtype), "datetime64[ns, UTC]")
        self.assertTrue((out["error_code"] == "").all(), out["error"].unique())
        for i in range(n):
            row = df.iloc[i]
            with self.subTest(row=i):
                at = row["requested_at"].to_pydatetime()
                want = lapse.decide_cancel(
                    lapse.Subscription(start=row["start"].date(), term=12,
                                       billing=int(row["billing"]),
                                       billing_day=int(row["billing_day"]),
                                       billing_month=int(row["billing_month"]),
                                       price=int(row["price"]), contract=bool(row["contract"])),
                    lapse.Request(at=at, zone=row["zone"], channel=lapse.Channel.SUPPORT,
                                  roles=lapse.Role.BILLING_ADMIN,
                                  provided=lapse.SupportInfo.ALL))
                got = out.iloc[i]
                self.assertEqual(got["effective_end"].date(), want.effective_end)
                self.assertEqual(got["notice_deadline"] is pd.NaT or got["notice_deadline"].date(),
                                 want.notice_deadline is None or want.notice_deadline)
                self.assertEqual(bool(got["renews_first"]), want.renews_first)
                self.assertEqual(int(got["refund"]), want.refund)
                self.assertEqual(int(got["remaining_term_charge"]), want.remaining_term_charge)
                for key in ("notice_deadline_at", "access_ends_at"):
                    value = got[key]
                    self.assertEqual(None if value is pd.NaT else value.to_pydatetime(),
                                     getattr(want, key), key)

    def test_text_instants_and_bad_rows(self):
        df = pd.DataFrame({"start": "2025-01-01", "term": 12, "contract": True,
                           "requested_at": ["2025-12-02T23:30:00-08:00", "2025-12-03T07:30:00Z",
                                            "2025-12-03T07:30:00", None],
                           "zone": [None, "Mars/Base", "UTC", "Europe/Rome"],
                           "on": [None, None, None, "2025-06-01"]})
        out = lapse.pandas.decide_frame(df)
        self.assertEqual(out["error_code"].tolist(), ["", "unknown_name", "value_syntax", ""])
        self.assertEqual(out["error_field"].tolist(), ["", "zone", "requested_at", ""])
        # Row 0: its own offset's date (12-02), no zone: no instants.
        self.assertEqual(out["effective_end"].iloc[0].date(), D("2026-01-01"))
        self.assertIs(out["access_ends_at"].iloc[0], pd.NaT)
        self.assertIs(out["access_ends_at"].iloc[1], pd.NaT)
        self.assertEqual(out["access_ends_at"].iloc[3], pd.Timestamp("2025-12-31T23:00:00Z"))
