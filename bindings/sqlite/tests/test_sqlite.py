"""The SQLite extension, through the sqlite3 shell and through Python's
sqlite3 module (Debian's /usr/bin/python3, which can load extensions):
the decisions of both vectors files equal the C library's, column for
column; JSON byte for byte `lapse cancel --json`; errors and the
table-valued timeline.

Environment: LAPSE_SQLITE (the extension), LAPSE_CLI, LAPSE_LIBRARY,
LAPSE_SOURCE_ROOT (meson sets them)."""
import json
import os
import pathlib
import sqlite3
import subprocess
import sys
import unittest

ROOT = pathlib.Path(os.environ.get("LAPSE_SOURCE_ROOT", pathlib.Path(__file__).parents[3]))
EXTENSION = (os.environ.get("LAPSE_SQLITE") or sys.exit("LAPSE_SQLITE: the SQLite extension to test is not set (meson test sets it)"))
CLI = (os.environ.get("LAPSE_CLI") or sys.exit("LAPSE_CLI: the lapse tool to test is not set (meson test sets it)"))
sys.path.insert(0, str(ROOT / "bindings" / "python"))
import lapse  # noqa: E402  (the binding gives the C results to compare with)
sys.path.insert(0, str(ROOT / "tests"))
import explain_cases  # noqa: E402

INPUTS = ["start", "term", "renewal_term", "billing", "price", "currency", "contract",
          "auto_renew", "online_cancel", "balance", "licenses", "cancelled_on", "on", "channel",
          "roles", "can_sign_in", "provided", "policy", "renewal_price", "end_on", "billing_day",
          "items", "reduce", "billing_month", "trial_end", "concluded_on",
          "withdrawal_informed", "express_request", "intro_months", "intro_price",
          "paused_from", "resumes_on"]


def connect():
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(str(pathlib.Path(EXTENSION).resolve().with_suffix("")))
    return db


def vector_rows(name):
    lines = [line for line in (ROOT / "tests" / "vectors" / name).read_text().split("\n")
             if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def c_result(cells):
    """The decision through the C library's own CSV path (lapse batch)."""
    columns = [c for c in INPUTS if cells.get(c)]
    quote = lambda v: '"' + v.replace('"', '""') + '"'
    data = ",".join(columns) + "\n" + ",".join(quote(cells[c]) for c in columns) + "\n"
    out = subprocess.run([CLI, "batch", "--json"], input=data.encode(), capture_output=True)
    row = json.loads(out.stdout)["rows"][0]
    error = row.pop("error")
    row.pop("line")
    row.pop("error_code")
    row.pop("error_field")
    return row, error


class Vectors(unittest.TestCase):
    def check(self, name, least=60):
        db = connect()
        checked = 0
        for cells in vector_rows(name):
            with self.subTest(note=cells["note"]):
                inputs = {c: cells[c] for c in INPUTS if cells.get(c)}
                got = db.execute("SELECT lapse_try_cancel_json(?)",
                                 (json.dumps(inputs),)).fetchone()[0]
                want, error = c_result(cells)
                decoded = json.loads(got)
                if error:
                    self.assertEqual(decoded["error"], error)
                else:
                    self.assertEqual(decoded, want)
                if cells["error"] != "*":
                    self.assertEqual(decoded.get("code", ""), cells["error"])
                # Positional arguments give the same.
                args = [cells.get(c) or None for c in INPUTS]
                positional = db.execute("SELECT lapse_try_cancel(" + ", ".join("?" * len(args)) +
                                        ")", args).fetchone()[0]
                self.assertEqual(positional, got)
                checked += 1
        self.assertGreater(checked, least)

    def test_default_policy_vectors(self):
        self.check("cancel.tsv")

    def test_policy_vectors(self):
        self.check("policies.tsv")

    def test_trial_vectors(self):
        self.check("trials.tsv", 19)

    def test_intro_vectors(self):
        self.check("intros.tsv", 50)

    def test_money_vectors(self):
        self.check("money.tsv", 17)

    def test_pause_vectors(self):
        self.check("pauses.tsv", 41)


class Functions(unittest.TestCase):
    E1 = ["2025-01-31", None, None, None, "20.00", None, None, None, None, None, None, None,
          "2025-03-10", None, "billing_admin"]

    def test_json_is_the_cli_bytes(self):
        db = connect()
        got = db.execute("SELECT lapse_cancel(" + ", ".join("?" * len(self.E1)) + ")",
                         self.E1).fetchone()[0]
        cli = subprocess.run([CLI, "cancel", "--start", "2025-01-31", "--price", "20.00", "--on",
                              "2025-03-10", "--role", "billing-admin", "--json"],
                             capture_output=True).stdout.decode().rstrip("\n")
        self.assertEqual(got, cli)
        # SQLite's JSON functions read it.
        self.assertEqual(db.execute("SELECT json_extract(?, '$.effective_end')",
                                    (got,)).fetchone()[0], "2025-03-31")

    def test_scalars_and_amounts(self):
        db = connect()
        marks = ", ".join("?" * len(self.E1))
        row = db.execute(f"SELECT lapse_effective_end({marks}), lapse_remaining_term_charge("
                         f"{marks}), lapse_allowed({marks}), lapse_next_invoice({marks}), "
                         f"lapse_route({marks})", self.E1 * 5).fetchone()
        self.assertEqual(row, ("2025-03-31", 2000, 1, None, "online"))
        # An integer amount is whole currency units, as "20" in CSV.
        as_integer = list(self.E1)
        as_integer[4] = 20
        self.assertEqual(db.execute(f"SELECT lapse_remaining_term_charge({marks})",
                                    as_integer).fetchone()[0], 2000)

    def test_errors(self):
        db = connect()
        with self.assertRaises(sqlite3.OperationalError) as caught:
            db.execute("SELECT lapse_cancel('2025-02-30')").fetchone()
        self.assertEqual(str(caught.exception), "start '2025-02-30': not a calendar date")
        got = json.loads(db.execute("SELECT lapse_try_cancel('2025-01-31', 0)").fetchone()[0])
        self.assertEqual(got, {"error": "term 0: out of range (1 to 1200 months)",
                               "field": "term", "code": "out_of_range"})
        got = json.loads(db.execute("SELECT lapse_try_cancel_json(json_object('start', "
                                    "'2025-01-01', 'colour', 'red'))").fetchone()[0])
        self.assertEqual((got["code"], got["field"]), ("unknown_name", "colour"))
        with self.assertRaises(sqlite3.OperationalError) as caught:
            db.execute("SELECT lapse_policy_check('timing = soon')").fetchone()
        self.assertIn("line 1, column 10", str(caught.exception))
        self.assertEqual(db.execute("SELECT lapse_policy_check('eu-consumer')").fetchone()[0], 1)

    def test_policy_lint(self):
        """lapse_policy_lint: what `lapse policy lint` finds, where the text
        gave it (lapse_policy_check only validates: 1 for the same text)."""
        db = connect()
        text = "timing = end_of_term\nrefund = full\ntermination_fee = 10.00 EUR"
        self.assertEqual(db.execute("SELECT lapse_policy_check(?)", (text,)).fetchone()[0], 1)
        found = json.loads(db.execute("SELECT lapse_policy_lint(?)", (text,)).fetchone()[0])
        self.assertEqual(found[0], "3:19: termination_fee: only commitment = fixed_fee charges it")
        self.assertTrue(found[1].startswith("2:10: refund: only immediate timing"), found)
        self.assertEqual(len(found), 2)
        for clean in ("eu-consumer", "timing = immediate; refund = prorated"):
            self.assertEqual(db.execute("SELECT lapse_policy_lint(?)", (clean,)).fetchone()[0],
                             "[]")
        with self.assertRaises(sqlite3.OperationalError) as caught:
            db.execute("SELECT lapse_policy_lint('refund = none; refund = full')").fetchone()
        self.assertIn("refund given twice", str(caught.exception))

    def test_json_inputs_with_json_types(self):
        db = connect()
        got = json.loads(db.execute(
            "SELECT lapse_cancel_json(json_object('start', '2024-10-01', 'term', 15, 'price', "
            "'100.00', 'contract', json('true'), 'on', '2025-12-03', 'roles', 'billing_admin', "
            "'channel', 'support', 'provided', 'all'))").fetchone()[0])
        self.assertEqual((got["effective_end"], got["remaining_term_charge"]),
                         ("2027-04-01", 160000))  # E4

    def test_timeline_status_reactivate(self):
        db = connect()
        rows = db.execute("SELECT date, event, term, amount FROM lapse_timeline(json_object("
                          "'start', '2025-01-31', 'price', '20.00', 'on', '2025-03-10'))").fetchall()
        self.assertEqual(rows[0], ("2025-01-31", "start", 0, 0))
        # No term after the last one: the end and the deletion have none.
        self.assertEqual(rows[-2:], [("2025-03-31", "effective_end", None, 0),
                                     ("2025-06-29", "data_deleted", None, 0)])
        status = json.loads(db.execute(
            "SELECT lapse_status('2025-01-31', NULL, NULL, NULL, '20.00', NULL, NULL, NULL, NULL,"
            " NULL, NULL, '2025-03-10', '2025-03-31')").fetchone()[0])
        self.assertEqual((status["status"], status["listed_as"]), ("expired", "expired"))
        re = json.loads(db.execute(
            "SELECT lapse_reactivate('2025-01-31', NULL, NULL, NULL, '30.00', NULL, NULL, NULL,"
            " NULL, NULL, NULL, '2025-03-10', '2025-03-10', NULL, NULL, NULL, NULL,"
            " 'immediate-prorated')").fetchone()[0])
        self.assertEqual((re["outcome"], re["charge"]), ("withdraw_cancellation", 1935))
        with self.assertRaises(sqlite3.OperationalError):
            db.execute("SELECT * FROM lapse_timeline(json_object('start', 'x'))").fetchall()


def quoted(name, room):
    """A name as the extension quotes it in messages: printable ASCII and
    whole UTF-8 characters as they are, other bytes as \\xNN, at most
    `room` bytes, cut between characters, then '...'."""
    pieces = []
    for ch in name:
        code = ord(ch)
        if 0x20 <= code < 0x7f or code >= 0x80:
            pieces.append(ch.encode())
        else:
            pieces.append(b"\\x%02x" % code)
    out = b""
    for piece in pieces:
        if len(out) + len(piece) > room:
            return (out + b"...").decode()
        out += piece
    return out.decode()


class Reliability(unittest.TestCase):
    """Issue #25: whatever the input, the JSON the extension writes parses,
    its messages are valid UTF-8 cut between characters, no argument is
    ignored, REAL amounts read as their values, and JSON inputs have no
    arbitrary length limit."""

    E1_JSON = "json_object('start', '2025-01-31', 'on', '2025-03-10', 'price', '20.00'"

    def try_json(self, db, extra, *args):
        """lapse_try_cancel_json over E1 plus `extra`, as raw bytes that
        must be valid UTF-8 and valid JSON."""
        db.text_factory = bytes
        raw = db.execute(f"SELECT lapse_try_cancel_json({self.E1_JSON}{extra}))",
                         args).fetchone()[0]
        db.text_factory = str
        return json.loads(raw.decode("utf-8", errors="strict"))

    def test_control_character_key_keeps_try_valid(self):
        db = connect()
        # The query the try_ variant exists to protect used to abort with
        # 'malformed JSON': the key's newline went into the JSON raw.
        code, = db.execute("SELECT json_extract(lapse_try_cancel_json(json_object('start', "
                           "'2025-01-31', 'on', '2025-03-10', 'a' || char(10), 1)), '$.code')"
                           ).fetchone()
        self.assertEqual(code, "unknown_name")
        got = self.try_json(db, ", 'a' || char(10), 1")
        self.assertEqual(got, {"error": "key 'a\\x0a': not a known column",
                               "field": "a\\x0a", "code": "unknown_name"})
        with self.assertRaises(sqlite3.OperationalError) as caught:
            db.execute(f"SELECT lapse_cancel_json({self.E1_JSON}, 'a' || char(10), 1))").fetchone()
        self.assertEqual(str(caught.exception), "key 'a\\x0a': not a known column")

    def test_hostile_keys(self):
        db = connect()
        cases = {  # key as SQL -> quoted as in the message
            "'\"'": '"', "'\\'": "\\", "char(127)": "\\x7f", "'a\"b\\c'": 'a"b\\c',
            "'x' || char(9) || char(13) || char(27)": "x\\x09\\x0d\\x1b",
            "'bad' || CAST(x'ff' AS TEXT)": "bad\\xff",
            "CAST(x'c3' AS TEXT) || 'z'": "\\xc3z",           # cut sequence
            "CAST(x'e282' AS TEXT)": "\\xe2\\x82",             # truncated euro sign
            "CAST(x'c0af' AS TEXT)": "\\xc0\\xaf",             # overlong '/'
            "CAST(x'eda080' AS TEXT)": "\\xed\\xa0\\x80",      # a surrogate
            "'pr' || char(233) || 'zzo'": "pr\u00e9zzo",       # UTF-8 stays
        }
        for code in range(1, 32):
            cases[f"'k' || char({code})"] = "k\\x%02x" % code
        for key, want in cases.items():
            with self.subTest(key=key):
                got = self.try_json(db, f", {key}, 1")
                self.assertEqual(got, {"error": f"key '{want}': not a known column",
                                       "field": quoted(want, 28) if len(want.encode()) > 31
                                       else want, "code": "unknown_name"})

    def test_names_cut_between_characters(self):
        db = connect()
        for ch in ("\u00fc", "\u20ac", "\U0001F600"):
            for lead in range(4):
                for count in range(0, 70 // len(ch.encode()) + 2):
                    key = "k" * lead + ch * count
                    if not key:
                        continue
                    with self.subTest(ch=ch, lead=lead, count=count):
                        got = self.try_json(db, ", ?, 1", key)
                        self.assertEqual(got["error"],
                                         f"key '{quoted(key, 60)}': not a known column")
                        self.assertEqual(got["field"], quoted(key, 28))
                        with self.assertRaises(sqlite3.OperationalError) as caught:
                            db.execute(f"SELECT lapse_cancel_json({self.E1_JSON}, ?, 1))",
                                       (key,)).fetchone()
                        self.assertEqual(str(caught.exception), got["error"])

    def test_real_amounts(self):
        db = connect()
        marks = ", ".join("?" * len(Functions.E1))

        def charge(price, currency=None):
            args = list(Functions.E1)
            args[4] = price
            args[5] = currency
            return db.execute(f"SELECT lapse_try_cancel({marks})", args).fetchone()[0]

        def charge_of(price, currency=None):
            got = json.loads(charge(price, currency))
            self.assertNotIn("error", got)
            return got["remaining_term_charge"]

        self.assertEqual(charge_of(20.0), 2000)
        self.assertEqual(charge_of(20.5), 2050)
        self.assertEqual(charge_of(2000.0, "JPY"), 2000)  # was '2000.0': too many decimals
        # From 1e15 SQLite writes '1.0e+15': read as the value it is.
        self.assertEqual(charge_of(1e15), 100000000000000000)
        self.assertEqual(charge_of(1e15 + 0.5), 100000000000000050)
        self.assertEqual(charge_of(9.2e16), 9200000000000000000)
        self.assertEqual(charge_of(-0.0), 0)
        self.assertEqual(charge_of(2.0 ** 62, "JPY"), 2 ** 62)
        # Beyond the range: the amount's own range error, naming the field.
        for price, text in ((1e17, "100000000000000000"), (2.0 ** 63, "9223372036854775808"),
                            (1e300, str(int(1e300))[:40] + "...")):
            with self.subTest(price=price):
                self.assertEqual(json.loads(charge(price)), {
                    "error": f"price '{text}': beyond the 64-bit range of amounts",
                    "field": "price", "code": "amount_range"})
        self.assertEqual(json.loads(charge(float("inf"))), {
            "error": "price 'Inf': beyond the 64-bit range of amounts",
            "field": "price", "code": "amount_range"})
        self.assertEqual(json.loads(charge(2.0 ** 63, "JPY"))["code"], "amount_range")
        self.assertEqual(json.loads(charge(1e15 + 0.125))["code"], "amount_precision")
        # The same through JSON inputs, and a whole REAL in an integer column.
        got = json.loads(db.execute(
            "SELECT lapse_cancel_json(json_object('start', '2025-01-31', 'on', '2025-03-10', "
            "'price', 1e15, 'term', 1.0))").fetchone()[0])
        self.assertEqual(got["remaining_term_charge"], 100000000000000000)
        got = self.try_json(db, ", 'balance', 1e300")
        self.assertEqual(got["field"], "balance")
        self.assertEqual(got["code"], "amount_range")

    def test_no_argument_is_ignored(self):
        db = connect()
        args = [*Functions.E1] + [None] * (len(INPUTS) - len(Functions.E1))
        self.assertEqual(len(args), 32)
        marks = ", ".join("?" * 33)
        message = ("argument 33: more arguments than lapse reads (33 given; the last input is "
                   "resumes_on, argument 32)")
        for function in ("lapse_cancel", "lapse_status", "lapse_reactivate", "lapse_effective_end"):
            with self.subTest(function=function):
                db.execute(f"SELECT {function}({marks[:-3]})", args).fetchone()  # 32 are fine
                with self.assertRaises(sqlite3.OperationalError) as caught:
                    db.execute(f"SELECT {function}({marks})", [*args, "x"]).fetchone()
                self.assertEqual(str(caught.exception), message)
        # Even a NULL there: it is not an input.
        got = json.loads(db.execute(f"SELECT lapse_try_cancel({marks})",
                                    [*args, None]).fetchone()[0])
        self.assertEqual(got, {"error": message, "field": "argument 33",
                               "code": "too_many_columns"})
        with self.assertRaises(sqlite3.OperationalError) as caught:
            db.execute(f"SELECT lapse_explain('en', {marks})", [*args, 1]).fetchone()
        self.assertEqual(str(caught.exception),
                         "argument 34: more arguments than lapse reads (34 given; the last "
                         "input is resumes_on, argument 33)")

    def test_long_json_inputs(self):
        db = connect()
        # A policy with a long comment: no limit on the object's size.
        policy = "timing = immediate\n# " + "x" * 20000 + "\nrefund = prorated\n"
        got = json.loads(db.execute(f"SELECT lapse_cancel_json({self.E1_JSON}, 'roles', "
                                    "'billing_admin', 'policy', ?))", (policy,)).fetchone()[0])
        # Service ends the next day; the term 2025-02-28..03-31 has 31 days,
        # 20 of them (03-11..03-30) unused: 2000 * 20 / 31 = 1290.3 -> 1290.
        self.assertEqual((got["effective_end"], got["refund"]), ("2025-03-11", 1290))
        # A long bad value is named by its field.
        got = self.try_json(db, ", 'channel', ?", "y" * 30000)
        self.assertEqual(got, {"error": f"channel '{'y' * 40}...': not a channel (online, support)",
                               "field": "channel", "code": "unknown_name"})
        got = self.try_json(db, ", 'cancelled_on', ?", "2" * 9000)
        self.assertEqual((got["field"], got["code"]), ("cancelled_on", "date_syntax"))

    def test_json_input_errors_name_their_field(self):
        db = connect()
        got = json.loads(db.execute("SELECT lapse_try_cancel_json('{')").fetchone()[0])
        self.assertEqual((got["field"], got["code"]), ("inputs", "value_syntax"))
        self.assertTrue(got["error"].startswith("inputs: not a JSON object ("))
        got = self.try_json(db, ", 'start', '2025-02-01'")
        self.assertEqual(got, {"error": "key 'start': given twice", "field": "start",
                               "code": "duplicate_column"})


class Explanations(unittest.TestCase):
    """lapse_explain and lapse_explain_status: byte for byte what the tool
    and the Python binding give, in every language."""

    def test_same_text_everywhere(self):
        db = connect()
        for cells in explain_cases.CASES:
            arguments = [cells.get(column) for column in INPUTS]
            marks = ", ".join("?" for _ in range(1 + len(arguments)))
            for language in lapse.languages():
                with self.subTest(cells=cells, language=language):
                    decision, status = explain_cases.python_texts(lapse, cells, language)
                    cli = explain_cases.cli_text(CLI, "cancel", cells, language)
                    sql, = db.execute(f"SELECT lapse_explain({marks})",
                                      [language, *arguments]).fetchone()
                    self.assertEqual(sql, cli)
                    self.assertEqual(decision, cli)
                    status_cells = {k: v for k, v in cells.items()
                                    if k not in ("channel", "roles", "provided")}
                    cli = explain_cases.cli_text(CLI, "status", status_cells, language)
                    sql, = db.execute(f"SELECT lapse_explain_status({marks})",
                                      [language, *arguments]).fetchone()
                    self.assertEqual(sql, cli)
                    self.assertEqual(status, cli)

    def test_errors(self):
        db = connect()
        with self.assertRaisesRegex(sqlite3.OperationalError, "language 'fr': not one of en, it"):
            db.execute("SELECT lapse_explain('fr', '2025-01-01', 1, 0, 1, '1.00', 'EUR', 0, 1, "
                       "1, '0', 0, NULL, '2025-02-01')").fetchone()
        with self.assertRaisesRegex(sqlite3.OperationalError, "before the subscription starts"):
            db.execute("SELECT lapse_explain('en', '2025-01-01', 1, 0, 1, '1.00', 'EUR', 0, 1, "
                       "1, '0', 0, NULL, '2024-01-01')").fetchone()


class Shell(unittest.TestCase):
    def test_through_the_sqlite3_shell(self):
        script = (f".load {pathlib.Path(EXTENSION).resolve().with_suffix('')}\n"
                  "CREATE TABLE subscriptions(id, start, price, contract);\n"
                  "INSERT INTO subscriptions VALUES (1, '2025-01-31', '20.00', 0),"
                  " (2, '2024-10-01', '100.00', 1);\n"
                  "SELECT id, json_extract(lapse_cancel_json(json_object('start', start, 'price',"
                  " price, 'contract', contract, 'term', CASE id WHEN 2 THEN 15 END, 'on',"
                  " '2025-10-05', 'roles', 'billing_admin')), '$.effective_end')"
                  " FROM subscriptions ORDER BY id;\n")
        out = subprocess.run(["sqlite3", ":memory:"], input=script.encode(), capture_output=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.decode().split(), ["1|2025-10-31", "2|2026-01-01"])


class Items(unittest.TestCase):
    """items and reduce (issue 28): positional text, JSON text or objects,
    the new outputs, the per-item results and the errors."""
    # 2025-01-10, 12 months, 20.00 + 10 seats x 5.00 = 70.00 an invoice,
    # asked on 2025-03-20 through support by a billing admin.
    BASE = {"start": "2025-01-10", "term": 12, "price": "20.00", "on": "2025-03-20",
            "channel": "support", "roles": "billing_admin", "provided": "all"}

    def positional(self, db, function, **cells):
        args = [{**self.BASE, **cells}.get(c) for c in INPUTS]
        marks = ", ".join("?" * len(args))
        return db.execute(f"SELECT {function}({marks})", args).fetchone()[0]

    def test_whole_cancellation_figures_and_results(self):
        db = connect()
        got = json.loads(self.positional(db, "lapse_cancel", items="seats:10:5.00"))
        # Ten invoices of 70.00 to 2026-01-10, nine still to invoice.
        self.assertEqual((got["remaining_term_charge"], got["still_to_invoice"],
                          got["change_effective_on"], got["recurring_after"], got["saving"]),
                         (70000, 63000, None, 0, 0))
        self.assertEqual(got["item_results"], [{"name": "seats", "quantity": 10,
                                                "quantity_after": 0,
                                                "released_on": "2026-01-10", "unassign": 0}])
        # Byte for byte the tool's JSON.
        tool = subprocess.run([CLI, "cancel", "--json", "--start", "2025-01-10", "--term", "12",
                               "--price", "20.00", "--item", "seats:10:5.00", "--on",
                               "2025-03-20", "--channel", "support", "--role", "billing-admin",
                               "--provided", "all"], capture_output=True)
        self.assertEqual(self.positional(db, "lapse_cancel", items="seats:10:5.00") + "\n",
                         tool.stdout.decode())
        self.assertEqual(self.positional(db, "lapse_remaining_term_charge",
                                         items="seats:10:5.00"), 70000)
        self.assertEqual(self.positional(db, "lapse_saving", items="seats:10:5.00"), 0)
        self.assertEqual(self.positional(db, "lapse_recurring_after", items="seats:10:5.00"), 0)
        self.assertIsNone(self.positional(db, "lapse_change_effective_on", items="seats:10:5.00"))
        self.assertEqual(self.positional(db, "lapse_item_results", items="seats:10:5.00"),
                         "seats:10:0:2026-01-10:0")
        self.assertEqual(self.positional(db, "lapse_item_results"), "")
        self.assertEqual(json.loads(self.positional(db, "lapse_cancel"))["item_results"], [])

    def test_json_items_as_objects(self):
        db = connect()
        text = {**self.BASE, "items": "seats:10:5.00;mobile:2:3.50:0:1"}
        objects = {**text, "items": [{"name": "seats", "quantity": 10, "unit_price": "5.00"},
                                     {"name": "mobile", "quantity": 2, "unit_price": 3.5,
                                      "assigned": 1}]}
        by_text = db.execute("SELECT lapse_cancel_json(?)", (json.dumps(text),)).fetchone()[0]
        by_objects = db.execute("SELECT lapse_cancel_json(?)",
                                (json.dumps(objects),)).fetchone()[0]
        self.assertEqual(by_objects, by_text)
        # 20.00 + 50.00 + 7.00 = 77.00, ten of them; one phone line to unassign.
        self.assertEqual(json.loads(by_text)["remaining_term_charge"], 77000)
        self.assertEqual(json.loads(by_text)["item_results"][1]["unassign"], 1)
        amounts = db.execute("SELECT DISTINCT amount FROM lapse_timeline(?) "
                             "WHERE event = 'invoice'", (json.dumps(objects),)).fetchall()
        self.assertEqual(amounts, [(7700,)])
        # A committed quantity given alone keeps its place.
        committed = {**self.BASE, "contract": True,
                     "items": [{"name": "seats", "quantity": 10, "unit_price": 5,
                                "committed": 10}]}
        self.assertEqual(db.execute("SELECT lapse_cancel_json(?)",
                                    (json.dumps(committed),)).fetchone()[0],
                         db.execute("SELECT lapse_cancel_json(?)",
                                    (json.dumps({**committed, "items": "seats:10:5:10"}),))
                         .fetchone()[0])

    def test_errors_name_items_and_reduce(self):
        db = connect()

        def error(**cells):
            return json.loads(db.execute("SELECT lapse_try_cancel_json(?)",
                                         (json.dumps({**self.BASE, **cells}),)).fetchone()[0])
        self.assertEqual(error(items="seats:x:5.00")["field"], "items")
        many = ";".join(f"i{i}:1:1.00" for i in range(17))
        self.assertEqual((error(items=many)["field"], error(items=many)["code"]),
                         ("items", "out_of_range"))
        self.assertEqual(error(items="seats:10:5.00", reduce="seats=x")["field"], "reduce")
        self.assertEqual(error(items=["seats"]),
                         {"error": "items: element 1 is not an object", "field": "items",
                          "code": "value_syntax"})
        self.assertEqual(error(items=[{"name": "seats", "quantity": 10}]),
                         {"error": "items: element 1: unit_price missing", "field": "items",
                          "code": "missing"})
        self.assertEqual(error(items=[{"name": "seats", "quantity": 10, "unit_price": "5.00",
                                       "colour": "red"}])["code"], "unknown_name")
        self.assertEqual(error(items=[{"name": "a:1:1;b", "quantity": 10,
                                       "unit_price": "5.00"}]),
                         {"error": "items: element 1: name holds ':', ';' or '='",
                          "field": "items", "code": "value_syntax"})
        self.assertEqual(error(reduce={"seats": "6;x=1"})["code"], "value_syntax")
        with self.assertRaises(sqlite3.OperationalError) as caught:
            self.positional(db, "lapse_cancel", items="seats:10:5.00;seats:1:1.00")
        self.assertIn("seats", str(caught.exception))


class ItemReductions(unittest.TestCase):
    """reduce (issue 28): the reduction's outputs through SQLite."""
    BASE = Items.BASE
    POLICY = "reduction_timing = end_of_billing_period"

    def positional(self, db, function, **cells):
        args = [{**self.BASE, **cells}.get(c) for c in INPUTS]
        marks = ", ".join("?" * len(args))
        return db.execute(f"SELECT {function}({marks})", args).fetchone()[0]

    def test_reduction_figures_and_results(self):
        db = connect()
        cells = dict(items="seats:10:5.00", reduce="seats=6", policy=self.POLICY)
        got = json.loads(self.positional(db, "lapse_cancel", **cells))
        # 70.00 + 9 x 50.00 = 520.00, to invoice 450.00, saving 180.00.
        self.assertEqual((got["change_effective_on"], got["remaining_term_charge"],
                          got["still_to_invoice"], got["saving"], got["recurring_after"]),
                         ("2025-04-10", 52000, 45000, 18000, 5000))
        self.assertEqual(got["item_results"], [{"name": "seats", "quantity": 10,
                                                "quantity_after": 6,
                                                "released_on": "2025-04-10", "unassign": 0}])
        self.assertEqual(self.positional(db, "lapse_saving", **cells), 18000)
        self.assertEqual(self.positional(db, "lapse_change_effective_on", **cells), "2025-04-10")
        self.assertEqual(self.positional(db, "lapse_recurring_after", **cells), 5000)
        self.assertEqual(self.positional(db, "lapse_item_results", **cells),
                         "seats:10:6:2025-04-10:0")
        # reduce as a JSON object, items as objects: the same.
        objects = {**self.BASE, "policy": self.POLICY, "reduce": {"seats": 6},
                   "items": [{"name": "seats", "quantity": 10, "unit_price": 5}]}
        self.assertEqual(json.loads(db.execute("SELECT lapse_cancel_json(?)",
                                               (json.dumps(objects),)).fetchone()[0]), got)
        events = db.execute("SELECT date, event, amount FROM lapse_timeline(?) "
                            "WHERE event IN ('reduction', 'change')",
                            (json.dumps(objects),)).fetchall()
        self.assertEqual(events, [("2025-03-20", "reduction", 0), ("2025-04-10", "change", 5000)])

    def test_unknown_item(self):
        db = connect()
        got = json.loads(db.execute("SELECT lapse_try_cancel_json(?)", (json.dumps(
            {**self.BASE, "items": "seats:10:5.00", "reduce": {"mobile": 1}}),)).fetchone()[0])
        self.assertEqual(got["field"], "reduce")
        self.assertIn("mobile", got["error"])


if __name__ == "__main__":
    unittest.main()
