"""pandas columns read as `lapse batch` reads its CSV (issues #25 and #26):
by position whatever the index, a missing cell as the column's default or
that row's `missing` error, pd.read_csv's float and NaN columns, refused
rows <NA> in every decision column.  Run with Debian's /usr/bin/python3."""
import datetime
import os
import sys
import unittest

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import lapse  # noqa: E402
import lapse.pandas  # noqa: E402
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


if __name__ == "__main__":
    unittest.main()
