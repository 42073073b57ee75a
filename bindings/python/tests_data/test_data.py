"""decide_columns from numpy arrays and decide_frame on pandas DataFrames,
run with Debian's /usr/bin/python3 (where python3-numpy and python3-pandas
live): both vectors files with every column equal to decide_cancel, zero-copy
inputs, NaT, Decimal, index alignment, and `import lapse` without pandas."""
import datetime
import decimal
import os
import subprocess
import sys
import unittest

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import lapse  # noqa: E402
import lapse.pandas  # noqa: E402
from lapse.columns import DECISION_COLUMNS  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from test_columns import as_column_value, columns_of  # noqa: E402
from test_lapse import (POLICY_VECTORS, VECTORS, parse_vector_inputs,  # noqa: E402
                        vector_policy)

D = datetime.date.fromisoformat
EPOCH = datetime.date(1970, 1, 1).toordinal()
NONE = lapse.columns._DATE_NONE


def vector_groups():
    """(policy, pairs) of both vectors files, one group per policy."""
    for path in (VECTORS, POLICY_VECTORS):
        lines = [line for line in path.read_text().split("\n")
                 if line and not line.startswith("#")]
        header = lines[0].split("\t")
        groups = {}
        for line in lines[1:]:
            cells = dict(zip(header, line.split("\t")))
            groups.setdefault(cells.get("policy", ""), []).append(cells)
        for rows in groups.values():
            yield vector_policy(rows[0]), [parse_vector_inputs(cells) for cells in rows]


def numpy_columns(pairs):
    """The pairs as numpy arrays: dates datetime64[D] with NaT, money int64,
    integers int32, flags bool, names and lists as codes and bits."""
    out = {}
    for key, values in columns_of(pairs).items():
        if key in ("start", "cancelled_on", "on", "end_on"):
            out[key] = np.array([np.datetime64(v) if v else np.datetime64("NaT") for v in values],
                                dtype="datetime64[D]")
        elif key in ("price", "balance"):
            out[key] = np.array(values, dtype=np.int64)
        elif key == "renewal_price":
            out[key] = np.array([lapse.columns._native.AMOUNT_NONE if v is None else v
                                 for v in values], dtype=np.int64)
        elif key in ("term", "renewal_term", "billing", "licenses"):
            out[key] = np.array(values, dtype=np.int32)
        elif key in ("contract", "auto_renew", "online_cancel", "can_sign_in"):
            out[key] = np.array(values, dtype=bool)
        elif key in ("channel", "roles", "provided"):  # codes and bits, as C holds them
            index = {"channel": 1, "roles": 2, "provided": 4}[key]
            out[key] = np.array([r._c_values()[index] for _, r in pairs], dtype=np.int64)
        else:
            out[key] = np.array(values, dtype=object)
    return out


def numpy_value(values, i, key):
    """Row i of an output column as decide_columns' integers."""
    value = values[i]
    if isinstance(value, np.datetime64):
        return NONE if np.isnat(value) else int(value.astype("datetime64[D]").astype(np.int64))
    if key == "currency":
        return value
    return int(value)


class NumpyColumns(unittest.TestCase):
    def test_vectors_from_numpy_arrays(self):
        checked = failed = total = 0
        for policy, pairs in vector_groups():
            total += len(pairs)
            out = lapse.decide_columns(numpy_columns(pairs), policy)
            self.assertIsInstance(out["effective_end"], np.ndarray)
            self.assertEqual(out["effective_end"].dtype, np.dtype("datetime64[D]"))
            for i, (s, r) in enumerate(pairs):
                try:
                    want = lapse.decide_cancel(s, r, policy)
                except lapse.LapseError as error:
                    self.assertEqual(out["error"][i], error.message)
                    self.assertTrue(np.isnat(out["effective_end"][i]))
                    failed += 1
                    continue
                for key in DECISION_COLUMNS:
                    self.assertEqual(numpy_value(out[key], i, key), as_column_value(want, key),
                                     (i, key))
                checked += 1
        # every vector: the data rows of both files, counted apart from vector_groups
        rows = sum(sum(1 for line in path.read_text().splitlines()
                       if line.strip() and not line.lstrip().startswith("#")) - 1
                   for path in (VECTORS, POLICY_VECTORS))
        self.assertEqual((checked + failed, total), (total, rows))
        self.assertGreater(checked, 140)

    def test_strided_and_typed_inputs(self):
        # A column of a 2-D block (strided), int16 terms, uint32 roles.
        block = np.array([[20118, 1], [20000, 12]], dtype=np.int64)
        out = lapse.decide_columns({"start": block[:, 0], "term": block[:, 1].astype(np.int16),
                                    "roles": np.array([1, 1], dtype=np.uint32),
                                    "price": np.array([2000, 3000]), "on": D("2025-06-01")})
        want = [lapse.decide_cancel(lapse.Subscription(
            start=datetime.date.fromordinal(EPOCH + int(day)), term=int(term), price=price),
            lapse.Request(on=D("2025-06-01"), roles=lapse.Role.BILLING_ADMIN))
            for (day, term), price in zip(block.tolist(), (2000, 3000))]
        self.assertEqual([str(d) for d in out["effective_end"]],
                         [w.effective_end.isoformat() for w in want])
        self.assertEqual(out["remaining_term_charge"].tolist(),
                         [w.remaining_term_charge for w in want])
        with self.assertRaisesRegex(TypeError, "money is exact"):
            lapse.decide_columns({"start": block[:, 0], "price": np.array([1.5, 2.5])})

    def test_large_outputs_on_huge_page_boundaries(self):
        """Outputs of 2 MB or more (_fresh: their data on a 2 MB boundary,
        a view of a larger allocation) hold what small ones hold: 300,000
        rows of the vectors repeated, every column equal to the vectors'
        own small call repeated, and to the array.array outputs of the
        plain path (use_numpy=False); writable, contiguous, aligned."""
        policy, pairs = next(vector_groups())
        small = numpy_columns(pairs)
        base = lapse.decide_columns(small, policy)
        reps = -(-300_000 // len(pairs))
        rows = reps * len(pairs)
        big = lapse.decide_columns({key: np.tile(values, reps) for key, values in small.items()},
                                   policy)
        plain = lapse.decide_columns({key: np.tile(values, reps) for key, values in small.items()},
                                     policy, use_numpy=False)
        huge = lapse.columns._HUGE_PAGE
        # The numeric outputs are views of one block (columns._Arena) that
        # starts on a huge page: its first column there, each on 64 bytes.
        self.assertEqual(big[DECISION_COLUMNS[0]].ctypes.data % huge, 0)
        self.assertTrue(all(big[key].ctypes.data % 64 == 0 for key in DECISION_COLUMNS))
        for key in DECISION_COLUMNS:
            with self.subTest(key=key):
                column = big[key]
                self.assertEqual(len(column), rows)
                self.assertTrue(column.flags.writeable and column.flags.c_contiguous)
                self.assertEqual(column.dtype, base[key].dtype)
                np.testing.assert_array_equal(column, np.tile(base[key], reps))
                self.assertEqual([numpy_value(column, i, key) for i in range(0, rows, 997)],
                                 [plain[key][i] for i in range(0, rows, 997)])
        self.assertEqual(big["error_code"].tolist(), base["error_code"].tolist() * reps)
        self.assertEqual(big["error"].tolist(), plain["error"])

    def test_inputs_are_read_in_place(self):
        starts = np.array([20118] * 3, dtype=np.int32)
        target = lapse.columns._Input(1, "date", "start")
        self.assertTrue(lapse.columns._from_numpy(target, starts, np))
        self.assertEqual(target.address, starts.ctypes.data)  # no copy


class DecideFrame(unittest.TestCase):
    def test_vectors_through_decide_frame(self):
        for policy, pairs in vector_groups():
            columns = numpy_columns(pairs)
            # Dates as datetime.date objects: pandas' datetime64 cannot hold
            # the vectors' 0001-01-01 and 9999-12-31.
            columns.update({key: values for key, values in columns_of(pairs).items()
                            if key in ("start", "cancelled_on", "on", "end_on")})
            df = pd.DataFrame(columns, index=pd.RangeIndex(100, 100 + len(pairs)))
            frame = lapse.pandas.decide_frame(df, policy)
            self.assertEqual(list(frame.index), list(df.index))
            for i, (s, r) in enumerate(pairs):
                row = frame.iloc[i]
                try:
                    want = lapse.decide_cancel(s, r, policy)
                except lapse.LapseError as error:
                    self.assertEqual((row["error_code"], row["error"]), (error.code, error.message))
                    continue
                self.assertEqual(row["error_code"], "")
                for key, value in want.to_dict().items():
                    got = row[key]
                    if isinstance(value, list):
                        self.assertEqual(got, ";".join(value), key)
                    elif isinstance(got, (pd.Timestamp, datetime.date)) or got is pd.NaT or \
                            (got is None and key in ("notice_deadline", "next_invoice")):
                        if isinstance(got, pd.Timestamp):
                            got = got.date()
                        self.assertEqual(None if got is pd.NaT or got is None
                                         else got.isoformat(), value, key)
                    else:
                        self.assertEqual(got, value, key)

    def test_frame_by_hand(self):
        # E1 and E2 of docs/rules.md on one request date, index kept, a bad row
        # reported in place.  E2: annual 30.00 a month from 2025-03-15, asked on
        # 2025-09-15: the term ends 2026-03-15, six periods of 30.00 from the
        # request on are charged (180.00), five of them still to invoice (150.00).
        df = pd.DataFrame({
            "start": pd.to_datetime(["2025-01-31", "2025-03-15", "2025-03-15"]),
            "term": [1, 12, 0], "price": [2000, 3000, 3000],
            "roles": ["billing_admin"] * 3, "customer": ["a", "b", "c"],
        }, index=["x", "y", "z"])
        frame = lapse.pandas.decide_frame(df, on="2025-09-15", as_decimal=True, status=True)
        self.assertEqual(list(frame.index), ["x", "y", "z"])
        self.assertEqual(frame.loc["y", "effective_end"], pd.Timestamp("2026-03-15"))
        self.assertEqual(frame.loc["y", "remaining_term_charge"], decimal.Decimal("180.00"))
        self.assertEqual(frame.loc["y", "still_to_invoice"], decimal.Decimal("150.00"))
        self.assertEqual(frame.loc["y", "next_invoice"], pd.Timestamp("2025-10-15"))
        self.assertIs(frame.loc["x", "next_invoice"], pd.NaT)
        self.assertEqual(frame.loc["x", "status"], "active")  # nothing recorded yet
        self.assertEqual(frame.loc["z", "error_code"], "out_of_range")
        self.assertEqual(frame.loc["z", "error_field"], "term")
        self.assertIs(frame.loc["z", "effective_end"], pd.NaT)
        self.assertNotIn("customer", frame.columns)
        plain = lapse.pandas.decide_frame(df, on=pd.Timestamp("2025-09-15"))
        self.assertEqual(plain["remaining_term_charge"].dtype, pd.Int64Dtype())  # <NA> for z
        self.assertEqual(plain.loc["y", "remaining_term_charge"], 18000)

    def test_pause_by_hand(self):
        # #31 item 3: start 2025-01-01, 12 months at 30.00, paused 2025-04-01 to
        # 2025-05-01 (datetime64 columns, NaT for no pause).  Asked 2025-06-10:
        # term end 2026-02-01, 8 x 30.00 (default policy); 2025-04-15, in the
        # pause: status paused, 9 x 30.00; no pause: 2026-01-01, 7 x 30.00; a
        # pause off a billing-period boundary: an error naming paused_from; a
        # pause of length 0 (2025-04-15 to 2025-04-15) is no pause, asked that
        # day: active, April to December 9 x 30.00, term end 2026-01-01.
        df = pd.DataFrame({
            "start": pd.to_datetime(["2025-01-01"] * 5), "term": 12, "price": 3000,
            "paused_from": pd.to_datetime(["2025-04-01", "2025-04-01", None, "2025-04-02",
                                           "2025-04-15"]),
            "resumes_on": pd.to_datetime(["2025-05-01", "2025-05-01", None, "2025-05-01",
                                          "2025-04-15"]),
            "on": pd.to_datetime(["2025-06-10", "2025-04-15", "2025-06-10", "2025-06-10",
                                  "2025-04-15"]),
            "roles": "billing_admin"})
        frame = lapse.pandas.decide_frame(df, status=True)
        self.assertEqual([None if v is pd.NaT else v.date() for v in frame["term_end"]],
                         [D("2026-02-01"), D("2026-02-01"), D("2026-01-01"), None,
                          D("2026-01-01")])
        self.assertEqual(list(frame["remaining_term_charge"])[:3], [24000, 27000, 21000])
        self.assertEqual(list(frame["remaining_term_charge"])[4], 27000)
        self.assertEqual(list(frame["status"])[:3], ["active", "paused", "active"])
        self.assertEqual(list(frame["status"])[4], "active")
        self.assertEqual(list(frame["error_field"]), ["", "", "", "paused_from", ""])
        # The same through decide_columns from numpy arrays.
        out = lapse.decide_columns({key: df[key].to_numpy() for key in
                                    ("start", "paused_from", "resumes_on", "on")} |
                                   {"term": 12, "price": 3000, "roles": "billing_admin"})
        self.assertEqual(out["remaining_term_charge"].tolist(), [24000, 27000, 21000, 0, 27000])
        self.assertEqual(out["error_field"].tolist(), ["", "", "", "paused_from", ""])

    def test_missing_values_and_time_zones(self):
        df = pd.DataFrame({"start": pd.to_datetime(["2025-01-31", "2025-01-31"]),
                           "cancelled_on": pd.to_datetime([None, "2025-02-10"]),
                           "renewal_price": pd.array([None, 500], dtype="Int64"),
                           "on": pd.to_datetime(["2025-03-10", "2025-02-12"])})
        frame = lapse.pandas.decide_frame(df)
        self.assertEqual(list(frame["effective_end"].dt.date),
                         [D("2025-03-31"), D("2025-02-28")])
        with self.assertRaisesRegex(TypeError, "time zone"):
            lapse.pandas.decide_frame(df.assign(start=df["start"].dt.tz_localize("UTC")))

    def test_empty_frame(self):
        frame = lapse.pandas.decide_frame(pd.DataFrame({"start": pd.to_datetime([])}),
                                          on="2025-01-01")
        self.assertEqual(len(frame), 0)
        self.assertIn("effective_end", frame.columns)

    def test_import_lapse_does_not_import_pandas(self):
        code = "import sys, lapse; print('pandas' in sys.modules, 'numpy' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=dict(os.environ),
                             cwd=os.path.join(HERE, "..")).stdout.split()
        self.assertEqual(out, ["False", "False"])


if __name__ == "__main__":
    unittest.main()
