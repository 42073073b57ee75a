"""The lapse command-line tool, driven as a user would: every subcommand,
the JSON of E1-E8 (docs/rules.md, worked examples), every error path, check and batch.

The binary comes from the LAPSE_CLI environment variable (meson sets it).
"""
import datetime
import shutil
import json
import os
import re
import sys
import subprocess
import tempfile
import unittest

CLI = (os.environ.get("LAPSE_CLI") or sys.exit("LAPSE_CLI: the lapse tool to test is not set (meson test sets it)"))
SOURCE = os.environ.get("LAPSE_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
VECTORS = os.path.join(SOURCE, "tests", "vectors", "cancel.tsv")
POLICY_VECTORS = os.path.join(SOURCE, "tests", "vectors", "policies.tsv")
MONEY_VECTORS = os.path.join(SOURCE, "tests", "vectors", "money.tsv")

KEYS = ["allowed", "blocked", "warnings", "missing_support_info", "route", "term_start",
        "term_end", "notice_deadline", "renews_first", "effective_end",
        "remaining_term_charge", "still_to_invoice", "refund", "termination_fee", "invoices_left",
        "next_invoice", "currency", "data_deleted_on", "confirmation", "change_effective_on",
        "recurring_after", "saving", "applied_to_balance", "cash_refund", "account_credit",
        "balance_after", "item_results"]


# Explanations follow the locale; the tests read English unless they say.
ENGLISH = dict(os.environ, LC_ALL="C", LANG="C")
ENGLISH.pop("LC_MESSAGES", None)


def run(*args, stdin=None):
    return subprocess.run([CLI, *args], input=stdin, capture_output=True, timeout=120,
                          env=ENGLISH)


def run_env(env, *args):
    return subprocess.run([CLI, *args], capture_output=True, timeout=120,
                          env=dict(ENGLISH, **env))


def cancel_json(*args):
    result = run("cancel", "--json", *args)
    if result.returncode not in (0, 1):
        raise AssertionError(result.stderr.decode())
    return result.returncode, json.loads(result.stdout)


E1 = ["--start", "2025-01-31", "--price", "20.00", "--on", "2025-03-10", "--role", "billing-admin"]
E3 = ["--start", "2024-10-01", "--term", "15", "--price", "100.00", "--contract",
      "--role", "billing-admin", "--channel", "support", "--provided", "all"]


def decision(**changes):
    base = {"allowed": True, "blocked": [], "warnings": ["back_up_data"],
            "missing_support_info": [], "route": "online", "notice_deadline": None,
            "renews_first": False, "still_to_invoice": 0, "refund": 0, "termination_fee": 0,
            "invoices_left": 0,
            "next_invoice": None, "currency": "EUR", "confirmation": "expired_list",
            "change_effective_on": None, "recurring_after": 0, "saving": 0,
            "applied_to_balance": 0, "cash_refund": 0, "account_credit": 0, "balance_after": 0,
            "item_results": []}
    base.update(changes)
    return base


class WorkedExamples(unittest.TestCase):
    """E1-E8, key by key."""

    def check(self, args, expected, exit_code=0):
        code, got = cancel_json(*args)
        self.assertEqual(list(got), KEYS)
        self.assertEqual(got, expected)
        self.assertEqual(code, exit_code)

    def test_e1(self):
        self.check(E1, decision(term_start="2025-02-28", term_end="2025-03-31",
                                effective_end="2025-03-31", remaining_term_charge=2000,
                                data_deleted_on="2025-06-29"))

    def test_e2(self):
        self.check(["--start", "2025-03-15", "--term", "12", "--price", "30.00",
                    "--on", "2025-09-15", "--role", "billing-admin"],
                   decision(term_start="2025-03-15", term_end="2026-03-15",
                            effective_end="2026-03-15", remaining_term_charge=18000,
                            still_to_invoice=15000, invoices_left=5, next_invoice="2025-10-15",
                            data_deleted_on="2026-06-13"))

    def test_e3(self):
        self.check(E3 + ["--on", "2025-10-05"],
                   decision(route="support", term_start="2024-10-01", term_end="2026-01-01",
                            notice_deadline="2025-12-02", effective_end="2026-01-01",
                            remaining_term_charge=30000, still_to_invoice=20000,
                            invoices_left=2, next_invoice="2025-11-01",
                            data_deleted_on="2026-04-01", confirmation="email"))

    def test_e4(self):
        self.check(E3 + ["--on", "2025-12-03"],
                   decision(route="support", warnings=["back_up_data", "notice_missed"],
                            term_start="2024-10-01", term_end="2026-01-01",
                            notice_deadline="2025-12-02", renews_first=True,
                            effective_end="2027-04-01", remaining_term_charge=160000,
                            still_to_invoice=150000, invoices_left=15,
                            next_invoice="2026-01-01", data_deleted_on="2027-06-30",
                            confirmation="email"))

    def test_e5(self):
        args = [a for a in E3 if a not in ("--channel", "support", "--provided", "all")]
        self.check(args + ["--on", "2025-10-05", "--channel", "online"],
                   decision(allowed=False, blocked=["contract_via_support"], route="support",
                            term_start="2024-10-01", term_end="2026-01-01",
                            notice_deadline="2025-12-02", effective_end="2026-01-01",
                            remaining_term_charge=30000, still_to_invoice=20000,
                            invoices_left=2, next_invoice="2025-11-01",
                            data_deleted_on="2026-04-01", confirmation="email"), exit_code=1)

    def test_e6(self):
        args = ["--start", "2025-01-31", "--price", "20.00", "--on", "2025-03-10",
                "--balance", "12.00", "--role", "product-admin"]
        self.check(args, decision(allowed=False,
                                  blocked=["not_authorized", "needs_billing_admin",
                                           "outstanding_balance"],
                                  warnings=["back_up_data", "outstanding_balance"], route="none",
                                  term_start="2025-02-28", term_end="2025-03-31",
                                  effective_end="2025-03-31", remaining_term_charge=2000,
                                  data_deleted_on="2025-06-29",
                                  balance_after=1200), exit_code=1)  # nothing refunded to it

    def test_e7(self):
        self.check(["--start", "2025-01-01", "--term", "12", "--billing", "0",
                    "--price", "1200.00", "--contract", "--role", "billing-contact",
                    "--channel", "support", "--provided", "all", "--on", "2025-06-01"],
                   decision(route="support", term_start="2025-01-01", term_end="2026-01-01",
                            notice_deadline="2025-12-02", effective_end="2026-01-01",
                            remaining_term_charge=120000, data_deleted_on="2026-04-01",
                            confirmation="email"))

    def test_e8_status_over_time(self):
        base = ["status", "--json", "--start", "2025-01-31", "--price", "20.00",
                "--cancelled-on", "2025-03-10"]
        expected = {"2025-03-30": ("ending", "active"), "2025-03-31": ("expired", "expired"),
                    "2025-06-28": ("expired", "expired"), "2025-06-29": ("deleted", "expired")}
        for on, (status, listed_as) in expected.items():
            result = run(*base, "--on", on)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(json.loads(result.stdout),
                             {"status": status, "effective_end": "2025-03-31",
                              "data_deleted_on": "2025-06-29", "listed_as": listed_as})

    def test_status_active_has_null_dates(self):
        result = run("status", "--json", "--start", "2025-01-31", "--on", "2025-03-10")
        self.assertEqual(json.loads(result.stdout),
                         {"status": "active", "effective_end": None, "data_deleted_on": None,
                          "listed_as": "active"})


def line(date, event, amount, term):
    """A timeline line: date, the event padded to 25, the amount right-aligned
    in 16, the term."""
    return f"{date}  {event:<25}{amount:>16}  {term}"


class Readable(unittest.TestCase):
    def test_cancel_explains(self):
        result = run("cancel", *E3, "--on", "2025-12-03", "--channel", "online")
        # --channel twice is a usage error; the readable form is checked below.
        self.assertEqual(result.returncode, 2)
        args = [a for a in E3 if a not in ("--channel", "support")]
        result = run("cancel", *args, "--on", "2025-12-03", "--licenses", "2")
        self.assertEqual(result.returncode, 1)
        text = result.stdout.decode()
        for phrase in ["Not allowed as asked (online)",
                       "a fixed-term contract is cancelled by contacting support",
                       "What to do instead: contact support",
                       # Refused: what happens when support cancels it the same day.
                       "If support cancels it on 2025-12-03, service ends on 2027-03-31 (the "
                       "last day of access).",
                       "Current term       2024-10-01 to 2025-12-31 (15 months)",
                       "Notice deadline    2025-12-02 (missed: renews first)",
                       "Last day of access 2027-03-31, after one more renewal",
                       "Still charged      1600.00 EUR",
                       "1500.00 EUR in 15 invoices, the next on 2026-01-01",
                       "Refund             0.00 EUR",
                       "Data               kept through 2027-06-29, deleted on 2027-06-30",
                       "unassign the 2 licences",
                       # R8: the whole checklist for the support call.
                       "have ready for the support call: the account ID; the billing admin's "
                       "e-mail;"]:
            self.assertIn(phrase, text)
        # Never the half-open end as a day of service, nor "in time" when refused.
        self.assertNotIn("2027-04-01", text)
        self.assertNotIn("(in time)", text)

    def test_refused_in_time_says_when_to_call(self):
        args = [a for a in E3 if a not in ("--channel", "support")]
        result = run("cancel", *args, "--on", "2025-06-03")
        self.assertEqual(result.returncode, 1)
        text = result.stdout.decode()
        self.assertIn("Call support by 2025-12-02 so that service ends on 2025-12-31 (the last "
                      "day of access).", text)
        self.assertIn("Notice deadline    2025-12-02 (the last day to give notice for this end)",
                      text)

    def test_commitment_after_access(self):
        """Charges that go on after access ends are said as such."""
        result = run("cancel", "--start", "2025-01-01", "--term", "12", "--price", "100.00",
                     "--contract", "--channel", "support", "--role", "billing-admin",
                     "--provided", "all", "--on", "2025-03-10", "--policy",
                     os.path.join(SOURCE, "tests", "cli", "immediate-owed.policy"))
        self.assertEqual(result.returncode, 0, result.stderr)
        text = result.stdout.decode()
        # Immediate: access ends 2025-03-11, the last day 2025-03-10; invoices of
        # 2025-04-01 .. 2025-12-01 (9 of 100.00) still come.
        self.assertIn("Last day of access 2025-03-10", text)
        self.assertIn("  after access     you keep paying 900.00 EUR in 9 invoices after access "
                      "ends", text)

    def test_current_term_described(self):
        result = run("cancel", "--start", "2024-01-15", "--term", "12", "--renewal-term", "1",
                     "--price", "10.00", "--on", "2025-03-01", "--role", "billing-admin")
        self.assertIn("now in a 1-month renewal term", result.stdout.decode())
        self.assertIn("Current term       2025-02-15 to 2025-03-14 (1 month)",
                      result.stdout.decode())

    def test_italian(self):
        result = run("cancel", *[a if a != "20.00" else "1234.50" for a in E1], "--lang", "it")
        self.assertEqual(result.returncode, 0, result.stderr)
        text = result.stdout.decode()
        self.assertIn("Consentito: l'annullamento avviene online", text)
        self.assertIn("1.234,50 EUR", text)
        self.assertIn("elencato in Fatturazione > Abbonamenti > Scaduti", text)
        # The environment chooses when --lang does not; --lang wins.
        env_it = run_env({"LANG": "it_IT.UTF-8", "LC_ALL": ""}, "cancel", *E1)
        self.assertIn("Consentito", env_it.stdout.decode())
        env_fr = run_env({"LANG": "fr_FR.UTF-8", "LC_ALL": ""}, "cancel", *E1)
        self.assertIn("Allowed", env_fr.stdout.decode())
        env_en = run_env({"LANG": "it_IT.UTF-8"}, "cancel", *E1, "--lang", "en")
        self.assertIn("Allowed", env_en.stdout.decode())

    def test_allowed_explains(self):
        result = run("cancel", *E1)
        self.assertEqual(result.returncode, 0)
        self.assertIn("Allowed: the cancellation goes through online", result.stdout.decode())

    def test_status_explains(self):
        result = run("status", "--start", "2025-01-31", "--cancelled-on", "2025-03-10",
                     "--on", "2025-03-30")
        self.assertEqual(result.returncode, 0)
        self.assertIn("On 2025-03-30: ending", result.stdout.decode())
        # Ends with the term containing 2025-03-10: 2025-02-28 .. 2025-03-30.
        self.assertIn("Holds              from 2025-03-10 through 2025-03-30",
                      result.stdout.decode())
        self.assertIn("Last day of access 2025-03-30", result.stdout.decode())
        self.assertIn("lists it as active", result.stdout.decode())

    def test_status_late_notice_renews_once(self):
        result = run("status", "--start", "2024-10-01", "--term", "15", "--contract",
                     "--cancelled-on", "2025-12-20", "--on", "2025-12-21")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("On 2025-12-21: ending (active but ending: renews once more on 2026-01-01, "
                      "then the last day of access is 2027-03-31)", result.stdout.decode())

    def test_timeline_table_and_drawing(self):
        result = run("timeline", "--start", "2024-10-01", "--term", "15", "--billing", "3",
                     "--price", "300.00", "--contract", "--on", "2025-12-03")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.decode().splitlines()
        self.assertEqual(lines[0].split(), ["2024-10-01", "start", "term", "0"])
        self.assertEqual(lines[1].split(), ["2024-10-01", "invoice", "300.00", "EUR", "term", "0"])
        self.assertEqual(lines[6], line("2025-12-02", "notice deadline", "", "term 0"))
        # No term number after the end.
        self.assertEqual(lines[14], "2027-04-01  first day without access")
        self.assertEqual(lines[15], "2027-06-30  data deleted")
        drawing = lines[17:]
        self.assertEqual(drawing[0].split(), ["2024-10-01", "2027-06-30"])
        self.assertTrue(drawing[1].startswith("|") and drawing[1].endswith("D"))
        # The notice deadline and the cancellation are a day apart, in one
        # column: both stay visible, one stacked below the other.
        column = drawing[1].index("C")
        self.assertEqual(drawing[2][column], "N")
        self.assertIn("E", drawing[1])
        self.assertIn("N notice deadline", result.stdout.decode())
        self.assertIn("C cancellation", result.stdout.decode())

    def test_timeline_from_to_and_history(self):
        # An old monthly subscription cancelled long ago: its history by default.
        result = run("timeline", "--start", "2001-01-15", "--cancelled-on", "2025-06-03",
                     "--price", "5.00", "--from", "2025-05-01", "--to", "2025-12-31")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.decode().splitlines()
        self.assertEqual(lines[:5], [
            line("2025-05-15", "renewal", "", "term 292"),
            line("2025-05-15", "invoice", "5.00 EUR", "term 292"),
            line("2025-06-03", "cancellation", "", "term 292"),
            "2025-06-15  first day without access",
            "2025-09-13  data deleted"])
        got = json.loads(run("timeline", "--start", "2001-01-15", "--cancelled-on",
                             "2025-06-03", "--from", "2025-06-03", "--json").stdout)
        self.assertEqual(got["events"], [
            {"date": "2025-06-03", "event": "cancellation", "term": 292, "amount": 0},
            {"date": "2025-06-15", "event": "effective_end", "term": None, "amount": 0},
            {"date": "2025-09-13", "event": "data_deleted", "term": None, "amount": 0}])

    def test_timeline_json(self):
        result = run("timeline", "--json", "--start", "2025-01-31", "--price", "20",
                     "--on", "2025-03-10")
        got = json.loads(result.stdout)
        self.assertEqual([e["event"] for e in got["events"]],
                         ["start", "invoice", "renewal", "invoice", "cancellation",
                          "effective_end", "data_deleted"])
        self.assertEqual(got["events"][1], {"date": "2025-01-31", "event": "invoice",
                                            "term": 0, "amount": 2000})

    def test_default_request_date_is_today(self):
        start = datetime.date.today().replace(day=1)
        code, got = cancel_json("--start", start.isoformat(), "--role", "billing-admin")
        self.assertEqual(code, 0)
        self.assertEqual(got["term_start"], start.isoformat())

    def test_both_spellings(self):
        _, hyphens = cancel_json(*E1, "--role", "product-admin")
        _, underscores = cancel_json(*E1, "--role", "product_admin")
        self.assertEqual(hyphens, underscores)
        _, got = cancel_json(*E1[:-2], "--role=billing_admin", "--channel=support",
                             "--provided", "account-id,card_last4")
        self.assertEqual(got["missing_support_info"],
                         ["admin_email", "billing_address", "products"])

    def test_help(self):
        result = run("--help")
        self.assertEqual(result.returncode, 0)
        self.assertIn("usage: lapse COMMAND", result.stdout.decode())
        for command in ["cancel", "status", "timeline", "check", "batch"]:
            result = run(command, "--help")
            self.assertEqual(result.returncode, 0, command)
            self.assertIn(f"usage: lapse {command}", result.stdout.decode())
        self.assertEqual(run("--version").stdout.decode().split()[0], "lapse")
        self.assertEqual(run("-V").stdout, run("--version").stdout)


class Errors(unittest.TestCase):
    """Every usage error: exit 2 and one message naming the flag."""

    CASES = [
        ([], "lapse: unknown command 'nope'", ["nope"]),
        (["--start", "2025-01-01", "--bogus"], "unknown flag '--bogus'", None),
        (["--start"], "--start needs a value", None),
        (["--start", ""], "--start needs a value, got an empty one", None),
        (["--on", "2025-01-01"], "--start is required", None),
        (["--start", "2025-02-30"], "--start: start '2025-02-30': not a calendar date", None),
        (["--start", "2025-2-3"], "--start: start '2025-2-3': not a date of the form YYYY-MM-DD", None),
        (["--start", "2025-01-01", "--term", "x"], "--term: term 'x': not a whole number", None),
        (["--start", "2025-01-01", "--term", "0"], "--term: term 0: out of range (1 to 1200 months)", None),
        (["--start", "2025-01-01", "--term", "12", "--billing", "5"],
         "--billing: billing interval 5 months: does not divide the term of 12 months", None),
        (["--start", "2025-01-01", "--price", "-1"], "--price: price -1.00 EUR: must not be negative", None),
        (["--start", "2025-01-01", "--price", "1.234"],
         "--price: price '1.234': more decimals than the currency has", None),
        (["--start", "2025-01-01", "--currency", "eur"],
         "--currency: currency 'eur': not three upper-case letters", None),
        (["--start", "2025-01-01", "--currency", "ABC"],
         "--currency: currency 'ABC': not an ISO 4217 currency", None),
        (["--start", "2025-01-01", "--channel", "phone"],
         "--channel: channel 'phone': not a channel (online, support)", None),
        (["--start", "2025-01-01", "--role", "owner"], "--role: roles 'owner': 'owner' is not one of", None),
        (["--start", "2025-01-01", "--provided", "pin"], "--provided: provided 'pin': 'pin' is not one of", None),
        (["--start", "2025-01-01", "--licenses", "-1"], "--licenses: licenses -1: must not be negative", None),
        (["--start", "2025-01-01", "--contract=yes"], "--contract takes no value", None),
        (["--start", "2025-01-01", "--term", "1", "--term", "2"], "--term given twice", None),
        (["--start", "2025-01-01", "--role", "billing-admin", "--role", "admin"],
         "--role: roles 'admin': 'admin' is not one of", None),
        (["--start", "2025-01-01", "--cancelled-on", "9999-12-01", "--on", "9999-12-02"],
         "--cancelled-on: cancellation date 9999-12-01: the end of the term would fall after "
         "9999-12-31", None),
        (["--start", "2025-01-01", "--lang", "fr"], "--lang 'fr': not one of en, it", None),
        ([], "--from 'soon': not a date of the form YYYY-MM-DD",
         ["timeline", "--start", "2025-01-01", "--from", "soon"]),
    ]

    # Answers, not usage errors: exit 1, the message naming the flag.
    REFUSALS = [
        (["--start", "2025-01-01", "--on", "2024-12-31"],
         "--on: request date 2024-12-31: before the subscription starts (2025-01-01)",
         "before_start"),
        (["--start", "2025-01-01", "--cancelled-on", "2025-01-05", "--on", "2025-03-01"],
         "--on: request date 2025-03-01: the subscription already ended on 2025-02-01",
         "already_ended"),
    ]

    def test_refusals_exit_1(self):
        for args, message, code in self.REFUSALS:
            with self.subTest(args=args):
                result = run("cancel", *args)
                self.assertEqual(result.returncode, 1, result.stdout)
                self.assertIn(message, result.stderr.decode())
                self.assertEqual(result.stdout, b"")
                result = run("cancel", *args, "--json")
                self.assertEqual(result.returncode, 1)
                self.assertEqual(result.stderr, b"")
                error = json.loads(result.stdout)["error"]
                self.assertEqual((error["code"], error["field"]), (code, "on"))
                self.assertIn(message.split(": ", 1)[1], error["message"])

    def test_json_usage_errors(self):
        """With --json every error is one JSON object on standard output,
        wherever --json stands."""
        for args, code, field in [
                (["--json", "--start", "2025-01-01", "--term", "x"], "value_syntax", "term"),
                (["--start", "2025-01-01", "--bogus", "--json"], "usage", ""),
                (["--json", "--start", "2025-01-01", "--cancelled-on", "9999-12-01", "--on",
                  "9999-12-02"], "date_range", "cancelled_on")]:
            with self.subTest(args=args):
                result = run("cancel", *args)
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stderr, b"")
                error = json.loads(result.stdout)["error"]
                self.assertEqual((error["code"], error["field"]), (code, field))
                self.assertTrue(error["message"])

    def test_usage_errors(self):
        for args, message, command in self.CASES:
            with self.subTest(args=args):
                result = run(*(command or ["cancel", *args]))
                self.assertEqual(result.returncode, 2, result.stdout)
                self.assertIn(message, result.stderr.decode())
                self.assertEqual(result.stdout, b"")

    def test_status_refuses_request_flags(self):
        result = run("status", "--start", "2025-01-01", "--channel", "support")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--channel is a request flag", result.stderr.decode())

    def test_no_arguments(self):
        result = run()
        self.assertEqual(result.returncode, 2)
        self.assertIn("usage:", result.stderr.decode())


class Policies(unittest.TestCase):
    def test_policy_show_presets_and_files(self):
        result = run("policy", "show", "eu-consumer")
        self.assertEqual(result.returncode, 0)
        text = result.stdout.decode()
        self.assertIn("cooling_off_days = 14\n", text)
        self.assertIn("timing = end_of_billing_period\n", text)
        self.assertEqual(run("policy", "show").stdout.decode(),
                         run("policy", "show", "default").stdout.decode())
        with tempfile.NamedTemporaryFile("w", suffix=".policy", delete=False) as f:
            f.write(text)
        try:  # show prints the canonical form: reading it back is the identity
            self.assertEqual(run("policy", "show", f.name).stdout.decode(), text)
        finally:
            os.unlink(f.name)
        for name in ["default", "immediate-prorated", "eu-consumer", "evergreen-contract",
                     "killbill-like", "killbill-fixed30", "lago-advance", "lago-arrears",
                     "lago-like"]:
            shipped = os.path.join(SOURCE, "examples", "policies", name + ".policy")
            self.assertEqual(run("policy", "show", shipped).stdout,
                             run("policy", "show", name).stdout, name)

    def test_policy_on_every_subcommand(self):
        base = ["--start", "2025-01-31", "--term", "12", "--price", "30.00", "--on", "2025-03-10",
                "--role", "billing-admin", "--policy", "immediate-prorated"]
        _, got = cancel_json(*base)
        self.assertEqual((got["effective_end"], got["refund"], got["remaining_term_charge"]),
                         ("2025-03-11", 1935, 3000))  # 3000 x 20/31 days, half up
        self.assertIn("refund_due", got["warnings"])
        status = run("status", "--json", "--start", "2025-01-31", "--cancelled-on", "2025-03-10",
                     "--on", "2025-03-11", "--policy", "immediate-prorated")
        self.assertEqual(json.loads(status.stdout)["status"], "expired")
        timeline = run("timeline", "--json", *base)
        self.assertEqual(json.loads(timeline.stdout)["events"][-2],
                         {"date": "2025-03-11", "event": "effective_end", "term": None, "amount": 0})
        text = run("cancel", *base).stdout.decode()
        self.assertIn("Refund             19.35 EUR", text)

    def test_policy_show_json(self):
        result = run("policy", "show", "eu-consumer", "--json")
        self.assertEqual(result.returncode, 0)
        got = json.loads(result.stdout)
        self.assertEqual((got["cooling_off_days"], got["timing"], got["online_needs_billing_admin"],
                          got["contract_roles"]),
                         (14, "end_of_billing_period", True, ["product_admin", "billing_contact"]))
        self.assertEqual(len(got), 30)

    def test_policy_errors(self):
        result = run("cancel", "--start", "2025-01-01", "--policy", "nope")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--policy: policy 'nope': not a preset", result.stderr.decode())
        with tempfile.NamedTemporaryFile("w", suffix=".policy", delete=False) as f:
            f.write("timing = immediate\nrefund = bogus\n")
        try:
            result = run("cancel", "--start", "2025-01-01", "--policy", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(result.returncode, 2)
        self.assertIn("line 2, column 10: refund 'bogus': expected one of none, prorated, full",
                      result.stderr.decode())

    def test_batch_policy_column(self):
        code, lines, _ = batch(b"start,term,price,on,roles,policy\n"
                               b"2025-01-31,12,30.00,2025-03-10,billing_admin,\n"
                               b"2025-01-31,12,30.00,2025-03-10,billing_admin,immediate-prorated\n"
                               b"2025-01-31,12,30.00,2025-03-10,billing_admin,timing=immediate\n"
                               b"2025-01-31,12,30.00,2025-03-10,billing_admin,timing=soon\n")
        self.assertEqual(code, 1)
        self.assertIn(",2026-01-31,", lines[1])
        self.assertIn(",2025-03-11,", lines[2])
        self.assertIn(",1935,", lines[2])
        self.assertIn(",2025-03-11,", lines[3])
        self.assertIn("policy: not a preset, and as settings: line 1, column 8: timing 'soon'",
                      lines[4])


class Check(unittest.TestCase):
    def test_vectors_all_pass(self):
        result = run("check", VECTORS, POLICY_VECTORS, MONEY_VECTORS)
        self.assertEqual(result.returncode, 0, result.stdout)
        last = result.stdout.decode().splitlines()[-1]
        passed = int(last.split()[0])
        self.assertGreaterEqual(passed, 48 + 60)
        self.assertEqual(last, f"{passed} passed, 0 failed")

    def test_engine_vectors_all_pass(self):
        """#29: Kill Bill's, Lago's and ERPNext's own cases, each row citing
        its source: every one holds, and the counts the README gives."""
        counts = {"killbill.tsv": 317, "lago.tsv": 22, "erpnext.tsv": 2}
        for name, count in counts.items():
            with self.subTest(file=name):
                result = run("check", os.path.join(SOURCE, "tests", "vectors", name))
                self.assertEqual(result.returncode, 0, result.stdout)
                self.assertEqual(result.stdout.decode().splitlines()[-1],
                                 f"{count} passed, 0 failed")

    def test_wrong_expectation_is_reported(self):
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
            f.write("# one right, one wrong\n")
            f.write("note\tstart\tprice\ton\troles\teffective_end\tremaining_term_charge\n")
            f.write("right\t2025-01-31\t20.00\t2025-03-10\tbilling_admin\t2025-03-31\t2000\n")
            f.write("wrong\t2025-01-31\t20.00\t2025-03-10\tbilling_admin\t2025-04-01\t2000\n")
            f.write("unreadable\t2025-01-31\tabc\t2025-03-10\tbilling_admin\t*\t*\n")
        try:
            result = run("check", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(result.returncode, 1)
        out = result.stdout.decode().splitlines()
        self.assertEqual(out[0], f"{f.name}:4: FAIL (wrong): effective_end: "
                                 "expected '2025-04-01', got '2025-03-31'")
        self.assertEqual(out[1], f"{f.name}:5: FAIL (unreadable): cannot read the row: "
                                 "price 'abc': not a decimal amount")
        self.assertEqual(out[-1], "1 passed, 2 failed")

    def test_check_json(self):
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
            f.write("note\tstart\ton\troles\teffective_end\n")
            f.write("right\t2025-01-31\t2025-03-10\tbilling_admin\t2025-03-31\n")
            f.write("wrong\t2025-01-31\t2025-03-10\tbilling_admin\t2025-04-01\n")
        try:
            result = run("check", "--json", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(json.loads(result.stdout), {
            "failures": [{"file": f.name, "line": 3, "note": "wrong",
                          "message": "effective_end: expected '2025-04-01', got '2025-03-31'"}],
            "passed": 1, "failed": 1})

    def test_byte_order_mark(self):
        """A vectors file saved as "UTF-8 with BOM", a comment first."""
        with tempfile.NamedTemporaryFile("wb", suffix=".tsv", delete=False) as f:
            f.write(b"\xef\xbb\xbf# a comment\nnote\tstart\ton\troles\teffective_end\n"
                    b"e1\t2025-01-31\t2025-03-10\tbilling_admin\t2025-03-31\n")
        try:
            result = run("check", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual((result.returncode, result.stdout, result.stderr),
                         (0, b"1 passed, 0 failed\n", b""))

    def test_dash_is_standard_input(self):
        """- is standard input for every file argument."""
        with open(VECTORS, "rb") as f:
            vectors = f.read()
        from_file = run("check", VECTORS)
        from_stdin = run("check", "-", stdin=vectors)
        self.assertEqual((from_stdin.returncode, from_stdin.stdout),
                         (0, from_file.stdout.replace(VECTORS.encode(), b"-")))
        self.assertRegex(from_stdin.stdout.decode(), r"^\d+ passed, 0 failed\n$")
        linted = run("policy", "lint", "-", stdin=b"timing = immediate\nrefund = none\n")
        self.assertEqual((linted.returncode, linted.stdout),
                         (0, b"-: every setting can take effect\n"))
        shown = run("policy", "show", "-", stdin=b"timing = immediate\n")
        self.assertTrue(shown.stdout.startswith(b"timing = immediate\n"))
        decided = run("cancel", "--json", *E1, "--policy", "-", stdin=b"timing = immediate\n")
        self.assertEqual(json.loads(decided.stdout)["effective_end"], "2025-03-11")
        both = run("batch", "--policy", "-", stdin=b"start,on\n")
        self.assertEqual(both.returncode, 2)
        self.assertIn("--policy - and the rows cannot both come from standard input",
                      both.stderr.decode())

    def test_missing_file_gives_no_count(self):
        result = run("check", "/nonexistent/file.tsv")
        self.assertEqual((result.returncode, result.stdout), (2, b""))

    def test_missing_file_and_no_file(self):
        result = run("check", "/nonexistent/file.tsv")
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot open /nonexistent/file.tsv", result.stderr.decode())
        self.assertEqual(run("check").returncode, 2)


def batch(text, *args):
    result = run("batch", *args, stdin=text)
    return result.returncode, result.stdout.decode().split("\n"), result.stderr.decode()


class Batch(unittest.TestCase):
    HEADER = "start,term,price,on,roles,channel,provided\n"

    def test_messages_quoted_and_cancellations_on_record(self):
        # csv_field: a message with a ',' and a '"' quoted, the quote
        # doubled; one without either as it is.  A recorded cancellation
        # (lapse__decide_common since #32 item 4): before the request, the
        # end it set; a request after that end refused with the general
        # path's message; one recorded after the request date is none yet.
        text = ("start,on,channel,cancelled_on\n"
                "2025-01-01,2025-02-01,\"on,li\"\"ne\",\n"
                "2025-01-01,2026-02-01,online,2025-01-10\n"
                "2025-01-01,2025-01-20,online,2025-01-10\n"
                "2025-01-01,2025-01-20,online,2025-01-25\n").encode()
        code, lines, _ = batch(text)
        self.assertEqual(code, 1)
        self.assertEqual(lines[1], "2" + "," * 28 + "\"channel 'on,li\"\"ne': not a channel "
                                   "(online, support)\",unknown_name,channel")
        self.assertEqual(lines[2], "3" + "," * 28 + "request date 2026-02-01: the subscription "
                                   "already ended on 2025-02-01,already_ended,on")
        ending, later = lines[3].split(","), lines[4].split(",")
        self.assertEqual((ending[3], ending[10]), ("back_up_data;already_ending", "2025-02-01"))
        self.assertEqual((later[3], later[10]), ("back_up_data", "2025-02-01"))

    def test_good_and_bad_rows_in_order(self):
        text = (self.HEADER +
                "2025-01-31,1,20.00,2025-03-10,billing_admin,online,\n"
                "2025-01-31,x,20.00,2025-03-10,,,\n"
                "2025-01-31,1,\"20.00\",2025-03-10,\"billing_admin;product_admin\",support,all\n"
                "2025-01-31,1\n").encode()
        code, lines, _ = batch(text)
        self.assertEqual(code, 1)
        self.assertEqual(lines[0].split(",")[0], "line")
        self.assertEqual(lines[0].split(",")[1:-3], KEYS)
        self.assertEqual(lines[0].split(",")[-3:], ["error", "error_code", "error_field"])
        self.assertEqual(lines[1], "2,true,,back_up_data,,online,2025-02-28,2025-03-31,,false,"
                                   "2025-03-31,2000,0,0,0,0,,EUR,2025-06-29,expired_list,,0,0,0,0,0,0,,,,")
        self.assertEqual(lines[2], "3" + "," * 28 + "term 'x': not a whole number,value_syntax,term")
        self.assertTrue(lines[3].startswith("4,true,,back_up_data,,support,"))
        self.assertEqual(lines[4], "5" + "," * 28 +
                         "\"row: 2 fields, the header has 7\",column_count,")
        self.assertEqual(lines[5:], [""])

    def test_all_good_exits_0_and_writes_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            source = os.path.join(tmp, "in.csv")
            target = os.path.join(tmp, "out.csv")
            with open(source, "w") as f:
                f.write("on,start,roles\n2025-03-10,2025-01-31,billing_admin\n")
            result = run("batch", source, "-o", target)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(target) as f:
                self.assertEqual(len(f.read().splitlines()), 2)

    def test_columns_any_order_and_defaults(self):
        code, lines, _ = batch(b"roles,on,start\nbilling-admin,2025-03-10,2025-01-31\n")
        self.assertEqual(code, 0)
        self.assertTrue(lines[1].startswith("2,true,"))

    def test_unknown_column_reports_every_row(self):
        code, lines, err = batch(b"start,colour\n2025-01-01,red\n2025-01-01,blue\n")
        self.assertEqual(code, 1)
        self.assertIn("column 2 'colour': not a known column", err)
        self.assertEqual(len([l for l in lines if l]), 3)
        self.assertTrue(lines[1].startswith("2,") and "header: column 2 'colour'" in lines[1])

    def test_malformed_rows_never_dropped(self):
        big = "9" * (1 << 20)
        rows = [
            "2025-01-31,1,\"20.00,2025-03-10,billing_admin,online,",  # unclosed quote
            "",                                                       # empty line
            "2025-01-31,1,20.00,2025-03-10,billing_admin,online,,extra",
            "2025-01-31,1," + big + ",2025-03-10,billing_admin,online,",  # 1 MiB value
            "2025-01-31,1,20.00,2025-03-1\0,billing_admin,online,",   # NUL byte
            "2025-01-31,1,20.00,2025-03-10,billing_admin,onl\xe9ne,",  # not UTF-8 (latin-1)
            "2025-01-31,1,20.00,2025-03-10,billing_admin,online,\r",   # CRLF
        ]
        text = (self.HEADER + "\n".join(rows) + "\n").encode("latin-1")
        code, lines, _ = batch(text)
        self.assertEqual(code, 1)
        out = [l for l in lines[1:] if l]
        self.assertEqual(len(out), len(rows))
        self.assertEqual([l.split(",")[0] for l in out], [str(n) for n in range(2, 9)])
        self.assertIn("malformed quoting", out[0])
        self.assertIn("row: empty line, the header has 7 columns", out[1])
        self.assertIn("8 fields, the header has 7", out[2])
        self.assertIn("price '" + "9" * 40 + "...': beyond the 64-bit range", out[3])
        self.assertIn("on '2025-03-1\\x00': not a date", out[4])
        self.assertIn("channel 'onl\\xe9ne'", out[5])
        self.assertTrue(out[6].startswith("8,true,"))

    def test_json_rows(self):
        code, lines, _ = batch(b"start,on,roles,term\n2025-01-31,2025-03-10,billing_admin,1\n"
                               b"2025-01-31,2025-03-10,,x\n", "--json")
        self.assertEqual(code, 1)
        rows = json.loads("\n".join(lines))["rows"]
        self.assertEqual([row["line"] for row in rows], [2, 3])
        self.assertEqual(list(rows[0]), ["line"] + KEYS + ["error", "error_code", "error_field"])
        self.assertEqual((rows[0]["effective_end"], rows[0]["error"], rows[0]["error_code"],
                          rows[0]["error_field"]), ("2025-03-31", None, None, None))
        self.assertEqual(rows[1], {"line": 3, "error": "term 'x': not a whole number",
                                   "error_code": "value_syntax", "error_field": "term"})

    def test_empty_input(self):
        code, _, err = batch(b"")
        self.assertEqual(code, 2)
        self.assertIn("expected a header row", err)

    def test_crlf_header(self):
        code, lines, _ = batch(b"start,on,roles\r\n2025-01-31,2025-03-10,billing_admin\r\n")
        self.assertEqual(code, 0)
        self.assertTrue(lines[1].startswith("2,true,"))

    def test_copy_csv_quoted_newlines(self):
        """A file as PostgreSQL's COPY ... (FORMAT csv, HEADER) wrote it (a
        throwaway cluster, psql's \\copy): a multi-line policy cell is one
        quoted field with a newline; each record is one row, `line` its first
        line, the same bytes for every job count."""
        path = os.path.join(SOURCE, "tests", "cli", "copy-csv-multiline.csv")
        result = run("batch", "--jobs", "1", path)
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = result.stdout.decode().split("\n")
        self.assertEqual(len(rows), 5)  # the header, three rows, the last newline
        self.assertEqual(rows[1], "2,true,,back_up_data;ends_before_term_end;refund_due,,online,"
                                  "2025-02-28,2025-03-31,,false,2025-03-11,2000,0,1290,0,0,,EUR,"
                                  "2025-06-09,expired_list,,0,0,0,1290,0,0,,,,")
        self.assertTrue(rows[2].startswith("4,false,contract_via_support,"))
        self.assertEqual(rows[3], "5,true,,back_up_data,,online,2025-02-15,2025-03-15,,false,"
                                  "2025-03-15,2000,0,0,0,0,,EUR,2025-06-13,expired_list,,0,0,0,0,0,0,,,,")
        for jobs in ("2", "3"):
            self.assertEqual(run("batch", "--jobs", jobs, path).stdout, result.stdout)
        with open(path, "rb") as f:
            self.assertEqual(run("batch", "-j", "2", stdin=f.read()).stdout, result.stdout)

    def test_quoted_newlines_across_job_chunks(self):
        """Records of one, two and three lines past many chunk boundaries
        (4096 rows a chunk): every job count writes the same bytes, each row
        numbered by its first line."""
        records, numbers, line = [], [], 2
        for i in range(10_000):
            policy = ("", '"timing = immediate\nrefund = prorated"',
                      '"# ""quoted"", with commas\ntiming = end_of_term\nrefund = none"')[i % 3]
            records.append(f"2025-01-{1 + i % 28:02d},1,20.00,2025-03-10,billing_admin,{policy}")
            numbers.append(line)
            line += 1 + policy.count("\n")
        text = ("start,term,price,on,roles,policy\n" + "\n".join(records) + "\n").encode()
        one = run("batch", "--jobs", "1", stdin=text)
        self.assertEqual(one.returncode, 0, one.stderr[:300])
        out = one.stdout.decode().split("\n")[1:-1]
        self.assertEqual([int(row.split(",")[0]) for row in out], numbers)
        # The immediate, prorated policy: ends the next day, with a refund.
        self.assertEqual(out[1].split(",")[10], "2025-03-11")
        self.assertNotEqual(out[1].split(",")[13], "0")
        for jobs in ("2", "3", "4"):
            with self.subTest(jobs=jobs):
                self.assertEqual(run("batch", "--jobs", jobs, stdin=text).stdout, one.stdout)

    def test_sparse_quotes_over_blocks(self):
        """The reader searches a block once for its next quote, not line by
        line: quoted records (a policy over two lines) now and then among
        thousands of lines without a quote, before and past the 128 KiB
        blocks of a file and the smaller reads of a pipe, each decide as
        their one-line twin (settings separated by ';') and every row keeps
        its first line's number."""
        records, numbers, twins, line = [], [], {}, 2
        for i in range(6_000):
            if i in (0, 1, 1500, 1501, 2900, 4444, 5999):
                records.append('2025-01-31,1,20.00,2025-03-10,billing_admin,'
                               '"timing = immediate\nrefund = prorated"')
                twins[i] = len(records)
                records.append("2025-01-31,1,20.00,2025-03-10,billing_admin,"
                               "timing = immediate;refund = prorated")
                numbers += [line, line + 2]
                line += 3
            else:
                records.append(f"2025-01-{1 + i % 28:02d},1,20.00,2025-03-10,billing_admin,")
                numbers.append(line)
                line += 1
        text = ("start,term,price,on,roles,policy\n" + "\n".join(records) + "\n").encode()
        self.assertGreater(len(text), 2 * 128 * 1024)
        with tempfile.TemporaryDirectory() as work:
            path = os.path.join(work, "sparse.csv")
            with open(path, "wb") as f:
                f.write(text)
            from_file = run("batch", "--jobs", "1", path)
        self.assertEqual(from_file.returncode, 0, from_file.stderr[:300])
        out = from_file.stdout.decode().split("\n")[1:-1]
        self.assertEqual([int(row.split(",")[0]) for row in out], numbers)
        for quoted, twin in twins.items():
            row = out[twin - 1].split(",", 1)[1]
            self.assertEqual(row, out[twin].split(",", 1)[1])
            self.assertEqual(row.split(",")[9], "2025-03-11")  # immediate: the next day
        self.assertEqual(run("batch", "--jobs", "1", stdin=text).stdout, from_file.stdout)
        self.assertEqual(run("batch", "--jobs", "2", stdin=text).stdout, from_file.stdout)

    def test_unclosed_quote_at_the_end_is_its_line_alone(self):
        """A quote that never closes spans nothing: the row fails alone and
        the rows after it are still decided."""
        text = (b'start,on,roles,policy\n2025-01-31,2025-03-10,billing_admin,"timing = x\n'
                b"2025-01-31,2025-03-10,billing_admin,\n")
        for jobs in ("1", "2"):
            code, lines, _ = batch(text, "--jobs", jobs)
            self.assertEqual(code, 1)
            self.assertEqual([l.split(",")[0] for l in lines[1:-1]], ["2", "3"])
            self.assertIn("malformed quoting", lines[1])
            self.assertTrue(lines[2].startswith("3,true,"))

    def test_keep_columns(self):
        """--keep copies input columns unchanged, first and in the order
        given, into every row (error rows too); the library reads the rest,
        a kept column it knows included."""
        text = (b'id,start,term,on,roles,name\n'
                b'17,2025-01-31,1,2025-03-10,billing_admin,"Rossi, ""Ada"""\n'
                b'18,2025-01-31,x,2025-03-10,,plain\n'
                b'19,2025-01-31,1\n')
        for jobs in ("1", "2"):
            code, lines, err = batch(text, "--keep", "name,id,start", "--jobs", jobs)
            self.assertEqual((code, err), (1, ""))
            self.assertEqual(lines[0].split(",")[:4], ["name", "id", "start", "line"])
            self.assertEqual(lines[1], '"Rossi, ""Ada""",17,2025-01-31,2,true,,back_up_data,,'
                                       "online,2025-02-28,2025-03-31,,false,2025-03-31,0,0,0,0,"
                                       "0,,EUR,2025-06-29,expired_list,,0,0,0,0,0,0,,,,")
            self.assertEqual(lines[2], "plain,18,2025-01-31,3" + "," * 28 +
                             "term 'x': not a whole number,value_syntax,term")
            self.assertEqual(lines[3], ",19,2025-01-31,4" + "," * 28 +
                             '"row: 3 fields, the header has 6",column_count,')
        code, lines, _ = batch(text[:text.index(b"18,")], "--keep=id,name", "--json")
        row = json.loads("\n".join(lines))["rows"][0]
        self.assertEqual(list(row)[:3], ["id", "name", "line"])
        self.assertEqual((row["id"], row["name"], row["effective_end"]),
                         ("17", 'Rossi, "Ada"', "2025-03-31"))

    def test_keep_beyond_64_columns(self):
        """A header with every column the library knows and the caller's own
        columns after them, LAPSE_TABLE_MAX_COLUMNS (256) in all, goes
        through --keep: each row is decided as the same row with only its
        inputs, and every kept column is copied in the order given.  One
        column more is refused, naming the count (a ceiling of 64 refused
        any header past 64, and the known columns alone are 63)."""
        with open(os.path.join(SOURCE, "src", "tables", "columns.h"), encoding="utf-8") as f:
            known = re.findall(r"^    X\(\w+, (\w+),", f.read(), re.M)
        self.assertGreaterEqual(len(known), 63)
        given = {"start": "2025-01-31", "term": "12", "price": "20.00", "on": "2025-03-10",
                 "roles": "billing_admin"}
        own = [f"own{i:03d}" for i in range(256 - len(known))]
        self.assertGreater(len(own), 64)
        header = own[:100] + known + own[100:]  # kept columns before and after
        cells = {name: f"v{name[3:]}" if name in own else given.get(name, "") for name in header}
        alone = ",".join(given) + "\n" + ",".join(given.values()) + "\n"
        code, lines, err = batch(alone.encode(), "--json")
        self.assertEqual((code, err), (0, ""))
        expected = json.loads("\n".join(lines))["rows"][0]
        # The period from 2025-02-28 and the 10 after it, to 2026-01-31: 11 x 20.00.
        self.assertEqual(expected["remaining_term_charge"], 22000)
        text = ",".join(header) + "\n" + ",".join(cells[n] for n in header) + "\n"
        self.assertEqual(len(header), 256)
        kept = own[::-1] + ["start"]  # a known column kept too, every own one backwards
        for jobs in ("1", "2"):
            code, lines, err = batch(text.encode(), "--keep", ",".join(kept), "--jobs", jobs,
                                     "--json")
            self.assertEqual((code, err), (0, ""))
            row = json.loads("\n".join(lines))["rows"][0]
            self.assertEqual(list(row)[:len(kept)], kept)
            self.assertEqual([row[name] for name in kept], [cells[name] for name in kept])
            self.assertEqual({key: row[key] for key in expected}, expected)
            code, lines, err = batch(text.encode(), "--keep", ",".join(kept), "--jobs", jobs)
            self.assertEqual((code, err), (0, ""))
            self.assertEqual(lines[0].split(",")[:len(kept) + 1], kept + ["line"])
            self.assertEqual(lines[1].split(",")[:len(kept) + 1],
                             [cells[name] for name in kept] + ["2"])
        more = ",".join(header + ["own999"]) + "\n" + ",".join(
            [cells[n] for n in header] + ["x"]) + "\n"
        code, lines, err = batch(more.encode(), "--keep", ",".join(own + ["own999"]))
        self.assertEqual(code, 1)
        self.assertIn("-:1: header: header: 257 columns, lapse reads at most 256", err)
        self.assertTrue(lines[1].endswith(',"header: header: 257 columns, lapse reads at most '
                                          '256",too_many_columns,'), lines[1][-120:])

    def test_unknown_column_suggests_keep(self):
        """A misspelt column is never ignored: the error names it (its place
        in the input) and suggests --keep; a kept column not in the header
        is an error of its own."""
        text = b"id,start,renewl_term,on\n7,2025-01-01,1,2025-02-01\n"
        code, lines, err = batch(text, "--keep", "id")
        self.assertEqual(code, 1)
        self.assertIn("-:1: header: column 3 'renewl_term': not a known column", err)
        self.assertIn("--keep renewl_term copies it to the output", err)
        self.assertTrue(lines[1].startswith("7,2,,"))
        code, lines, err = batch(text, "--keep", "id,customer")
        self.assertEqual((code, lines), (2, [""]))
        self.assertIn("--keep customer: not a column of the header of -", err)

    def test_byte_order_mark(self):
        """Excel's "CSV UTF-8" starts with a byte-order mark: not a column."""
        code, lines, err = batch(b"\xef\xbb\xbfstart,on,roles\r\n"
                                 b"2025-01-31,2025-03-10,billing_admin\r\n")
        self.assertEqual((code, err), (0, ""))
        self.assertTrue(lines[1].startswith("2,true,"))

    def test_lone_cr_line_ends_fail(self):
        """Lines that end in a lone CR are one header line: an error that
        says so, and a failed run although no row could be reported."""
        code, lines, err = batch(b"start,on,roles\r2025-01-31,2025-03-10,billing_admin\r")
        self.assertEqual(code, 1)
        self.assertIn("a carriage return inside the header line (lines that end in a lone CR "
                      "are not read", err)
        self.assertEqual(lines[1:], [""])


class Intros(unittest.TestCase):
    """Introductory prices (#31 item 2) through the tool: flags, batch
    columns (read in one pass and the general way alike) and the vectors
    file."""
    EXAMPLE = ["--start", "2025-01-01", "--term", "12", "--price", "30.00", "--on",
               "2025-02-10", "--role", "billing-admin"]

    def test_issue_example(self):
        # February's period and 10 more: 15.00 + 15.00 + 9 x 30.00 = 300.00;
        # still to invoice from 03-01: 15.00 + 9 x 30.00 = 285.00.
        code, got = cancel_json(*self.EXAMPLE, "--intro-months", "3", "--intro-price", "15.00")
        self.assertEqual(code, 0)
        self.assertEqual((got["remaining_term_charge"], got["still_to_invoice"],
                          got["invoices_left"], got["next_invoice"]),
                         (30000, 28500, 10, "2025-03-01"))
        # An intro price equal to the price changes nothing.
        _, plain = cancel_json(*self.EXAMPLE)
        _, equal = cancel_json(*self.EXAMPLE, "--intro-months", "3", "--intro-price", "30.00")
        self.assertEqual(equal, plain)
        self.assertEqual(plain["remaining_term_charge"], 33000)
        text = run("cancel", *self.EXAMPLE, "--intro-months", "3", "--intro-price", "15.00")
        self.assertIn("(30.00 EUR per invoice, invoiced monthly, 15.00 EUR for the first 3 "
                      "months)", text.stdout.decode())

    def test_errors_name_the_field(self):
        quarterly = ["--start", "2025-01-01", "--term", "12", "--billing", "3", "--price",
                     "90.00", "--on", "2025-02-10", "--role", "billing-admin"]
        result = run("cancel", "--json", *quarterly, "--intro-months", "2", "--intro-price",
                     "45.00")
        self.assertEqual(result.returncode, 2)
        error = json.loads(result.stdout)["error"]
        self.assertEqual((error["code"], error["field"]), ("out_of_range", "intro_months"))
        self.assertIn("not a whole number of billing periods", error["message"])
        result = run("cancel", "--json", *self.EXAMPLE, "--intro-price", "15.00")
        error = json.loads(result.stdout)["error"]
        self.assertEqual((error["code"], error["field"]), ("missing", "intro_months"))

    def test_batch_columns(self):
        """The same row plain (the one-pass reader) and with a quoted
        intro_price (the general reading): the same decision."""
        text = (b"start,term,price,intro_months,intro_price,on,roles\n"
                b"2025-01-01,12,30.00,3,15.00,2025-02-10,billing_admin\n"
                b'2025-01-01,12,30.00,3,"15.00",2025-02-10,billing_admin\n'
                b"2025-01-01,12,30.00,3,-1.00,2025-02-10,billing_admin\n")
        code, lines, err = batch(text, "--json")
        rows = json.loads("\n".join(lines))["rows"]
        self.assertEqual((code, err), (1, ""))
        self.assertEqual(rows[0]["remaining_term_charge"], 30000)
        self.assertEqual({k: v for k, v in rows[1].items() if k != "line"},
                         {k: v for k, v in rows[0].items() if k != "line"})
        self.assertEqual((rows[2]["error_code"], rows[2]["error_field"]),
                         ("out_of_range", "intro_price"))

    def test_vectors_all_pass(self):
        result = run("check", os.path.join(SOURCE, "tests", "vectors", "intros.tsv"))
        self.assertEqual((result.returncode, result.stdout.decode().splitlines()[-1]),
                         (0, "51 passed, 0 failed"))


class CutsBetweenCharacters(unittest.TestCase):
    """Text the tool cuts to fit (a header's error and its --keep hint, a
    vectors file's expected value, a JSON error message) is cut between
    UTF-8 characters, never inside one (#25.5): at every length of a name
    of 2-, 3- and 4-byte characters, what the tool writes decodes as
    UTF-8 (and its JSON parses)."""

    def assert_utf8(self, result, what):
        for stream in (result.stdout, result.stderr):
            try:
                stream.decode("utf-8")
            except UnicodeDecodeError as error:
                self.fail(f"{what}: {error}: {stream[-120:]!r}")

    def test_every_cut_length(self):
        for char in ("\u00e9", "\u20ac", "\U0001d11e"):
            for count in range(1, 131):
                name = char * count
                with self.subTest(char=char, count=count):
                    header = f"start,on,{name}\n2025-01-01,2025-02-01,x\n".encode()
                    for args in (["batch", "-"], ["batch", "--keep", "start", "-"]):
                        self.assert_utf8(run(*args, stdin=header), args)
                    batch = run("batch", "--json", "-", stdin=header)
                    self.assert_utf8(batch, "batch --json")
                    self.assertEqual(json.loads(batch.stdout)["rows"][0]["error_code"],
                                     "unknown_column")
                    vectors = (f"start\ton\tallowed\tnote\n2025-01-01\t2025-02-01\t{name}"
                               "\tn\n").encode()
                    self.assert_utf8(run("check", "-", stdin=vectors), "check")
                    checked = run("check", "--json", "-", stdin=vectors)
                    self.assert_utf8(checked, "check --json")
                    self.assertEqual(json.loads(checked.stdout)["failed"], 1)

    def test_json_error_message(self):
        for pad in range(500, 504):
            with self.subTest(pad=pad):
                result = run("policy", "--json", "show", "a", "x" * pad + "\u20ac" * 400)
                self.assert_utf8(result, "policy --json")
                message = json.loads(result.stdout)["error"]["message"]
                self.assertTrue(message.startswith("unexpected 'xxx"), message)
                # cut to the room (1023 bytes), no more than a character short
                self.assertIn(len(message.encode()), (1021, 1022, 1023))
                self.assertTrue(message.endswith("\u20ac"), message[-10:])


if __name__ == "__main__":
    unittest.main()


def run_shell(command):
    """A shell command line with $LAPSE as the binary (for redirections such
    as a closed stdout or stdin)."""
    return subprocess.run(["sh", "-c", command], env=dict(os.environ, LAPSE=CLI),
                          capture_output=True, timeout=120)


def billing_run(rows):
    """A batch CSV of `rows` good rows, as bytes."""
    lines = ["start,term,price,on,roles"]
    lines += [f"2025-01-{1 + i % 28:02d},12,30.00,2025-06-{1 + i % 28:02d},billing_admin"
              for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


class LostOutput(unittest.TestCase):
    """Fault injection: no subcommand claims success when its output is lost
    (exit 3, a message naming the output and the cause)."""

    COMMANDS = [
        ["cancel", *E1, "--json"], ["cancel", *E1], ["status", "--start", "2025-01-01", "--on",
                                                     "2025-02-01"],
        ["timeline", *E1], ["timeline", *E1, "--json"], ["check", VECTORS],
        ["policy", "show", "eu-consumer"], ["policy", "show", "eu-consumer", "--json"],
        ["--help"], ["--version"], ["cancel", "--help"],
    ]

    def test_full_disk_and_closed_stdout(self):
        for args in self.COMMANDS:
            quoted = " ".join(f"'{arg}'" for arg in args)
            for redirect, cause in ((">/dev/full", "No space left on device"),
                                    (">&-", "Bad file descriptor")):
                with self.subTest(args=args, redirect=redirect):
                    result = run_shell(f'"$LAPSE" {quoted} {redirect}')
                    self.assertEqual(result.returncode, 3, result.stderr)
                    self.assertIn(f"writing standard output: {cause}", result.stderr.decode())

    def test_batch_to_a_full_disk(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "in.csv")
            with open(path, "wb") as f:
                f.write(billing_run(50))
            for extra in ([], ["--json"], ["--jobs", "1"], ["-j", "2"], ["--json", "-j", "3"]):
                with self.subTest(extra=extra):
                    result = run("batch", path, "-o", "/dev/full", *extra)
                    self.assertEqual(result.returncode, 3)
                    self.assertIn("writing /dev/full: No space left on device",
                                  result.stderr.decode())
                    result = run_shell(f'"$LAPSE" batch {path} {" ".join(extra)} >/dev/full')
                    self.assertEqual(result.returncode, 3)

    @unittest.skipUnless(shutil.which("strace"), "strace injects the failed write")
    def test_batch_with_one_failed_write(self):
        """One write fails (ENOSPC injected by strace into the third write
        system call) and the later ones succeed: the run stops, says so and
        exits 3, with -o, stdout and --json alike."""
        with tempfile.TemporaryDirectory() as tmp:
            path, out = os.path.join(tmp, "in.csv"), os.path.join(tmp, "out.csv")
            with open(path, "wb") as f:
                f.write(billing_run(20000))
            inject = ["strace", "-f", "-o", "/dev/null", "-e", "trace=write",
                      "-e", "inject=write:error=ENOSPC:when=3", CLI, "batch", path]
            for extra, target in (([], ["-o", out]), ([], []), (["--json"], []),
                                  (["--json"], ["-o", out]), (["-j", "1"], []),
                                  (["-j", "2"], ["-o", out]), (["--json", "-j", "2"], [])):
                with self.subTest(extra=extra, target=target):
                    # LeakSanitizer cannot run under ptrace (the sanitizer build).
                    env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") +
                               ":detect_leaks=0")
                    result = subprocess.run(inject + extra + target, capture_output=True,
                                            timeout=120, env=env)
                    self.assertEqual(result.returncode, 3, result.stderr)
                    self.assertRegex(result.stderr.decode(),
                                     r"writing (standard output|.*out\.csv): No space left on "
                                     r"device \(output incomplete after line \d+\)")

    def test_exit_codes_stay_apart(self):
        # A bad row is 1; lost output is 3, even when a row was also bad.
        self.assertEqual(run("batch", stdin=b"start,on\n2025-01-01,x\n").returncode, 1)
        result = run_shell("printf 'start,on\\n2025-01-01,x\\n' | \"$LAPSE\" batch >/dev/full")
        self.assertEqual(result.returncode, 3)


def numbered_run(rows):
    """A batch CSV of `rows` rows of every kind (lists, policies, bad rows)."""
    lines = ["start,term,billing,price,currency,contract,cancelled_on,on,channel,roles,"
             "provided,policy"]
    for i in range(rows):
        day = 1 + i % 28
        lines.append(
            f"20{19 + i % 7}-{1 + i % 12:02d}-{day:02d},{(1, 12, 15, 24)[i % 4]},"
            f"{(1, 0, 1)[i % 3]},{i % 997}.{i % 100:02d},{('EUR', 'JPY', 'USD')[i % 3]},"
            f"{'true' if i % 2 else 'false'},{'' if i % 5 else '2024-01-15'},"
            f"2025-{1 + i % 12:02d}-{day:02d},{('online', 'support')[i % 2]},"
            f"{('billing_admin', 'product_admin;billing_contact', '')[i % 3]},"
            f"{('', 'all', 'account_id;products')[i % 3]},"
            f"{('', 'eu-consumer', 'timing = immediate; refund = prorated')[i % 3]}"
            if i % 1009 else "not,a,row")
    return ("\n".join(lines) + "\n").encode()


class Jobs(unittest.TestCase):
    """batch --jobs N: the same bytes as --jobs 1, in input order, from a file
    and from standard input, with flat memory."""

    def peak_kib(self, args, stdin=None):
        """Runs the tool; (output, peak resident KiB of that process)."""
        with tempfile.TemporaryFile() as out:
            process = subprocess.Popen([CLI, *args], stdin=stdin, stdout=out,
                                       stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            self.assertEqual(process.returncode, 1)  # the bad rows
            out.seek(0)
            return out.read(), usage.ru_maxrss

    def test_a_million_rows_byte_identical(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "run.csv")
            with open(path, "wb") as f:
                f.write(numbered_run(1_000_000))
            one, one_kib = self.peak_kib(["batch", "--jobs", "1", path])
            self.assertEqual(one.count(b"\n"), 1_000_001)
            for jobs in ("2", "3"):
                with self.subTest(jobs=jobs):
                    many, many_kib = self.peak_kib(["batch", "--jobs", jobs, path])
                    self.assertEqual(many, one)
                    # Flat: bounded chunks in flight, not the input (90 MB).
                    self.assertLess(many_kib, one_kib + 32 * 1024)
            with open(path, "rb") as stdin:
                self.assertEqual(self.peak_kib(["batch", "-j", "2", "-"], stdin)[0], one)
            default = subprocess.run([CLI, "batch", path], capture_output=True).stdout
            self.assertEqual(default, one)

    def test_json_byte_identical(self):
        data = numbered_run(30_000)
        one = run("batch", "--json", "-j", "1", stdin=data)
        self.assertEqual(one.returncode, 1)
        for jobs in ("2", "4"):
            self.assertEqual(run("batch", "--json", "--jobs=" + jobs, stdin=data).stdout,
                             one.stdout)
        self.assertEqual(json.loads(one.stdout)["rows"][0]["line"], 2)

    def test_bad_job_counts(self):
        for args in (["-j", "0"], ["--jobs=x"], ["--jobs", "257"], ["--jobs"]):
            with self.subTest(args=args):
                result = run("batch", *args, stdin=b"start,on\n")
                self.assertEqual(result.returncode, 2)
                self.assertIn("not a number of threads (1 to 256)", result.stderr.decode())


class RealCauses(unittest.TestCase):
    def test_input_errors_name_the_cause(self):
        with tempfile.TemporaryDirectory() as tmp:
            cases = [
                (run("cancel", *E1, "--policy", tmp), f"--policy {tmp}: Is a directory"),
                (run("batch", tmp), f"reading {tmp}: Is a directory"),
                (run("check", tmp), f"reading {tmp}: Is a directory"),
                (run_shell('"$LAPSE" batch <&-'), "reading standard input: Bad file descriptor"),
                (run_shell('"$LAPSE" batch - <&-'),
                 "reading standard input: Bad file descriptor"),
            ]
            for result, message in cases:
                with self.subTest(message=message):
                    self.assertEqual(result.returncode, 2)
                    self.assertIn(message, result.stderr.decode())

    def test_batch_refuses_to_write_over_its_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "in.csv")
            data = billing_run(3)
            with open(path, "wb") as f:
                f.write(data)
            link = os.path.join(tmp, "link.csv")
            os.link(path, link)
            for out in (path, link, os.path.join(tmp, ".", "in.csv")):
                with self.subTest(out=out):
                    result = run("batch", path, "-o", out)
                    self.assertEqual(result.returncode, 2)
                    self.assertIn("is the input file", result.stderr.decode())
                    with open(path, "rb") as f:
                        self.assertEqual(f.read(), data)


class TimelineDrawing(unittest.TestCase):
    def test_invoices_after_the_end_are_drawn_and_listed_in_order(self):
        # The issue's cases: a stack overflow under ASan, a SIGSEGV with 1200 months.
        with tempfile.TemporaryDirectory() as tmp:
            policy = os.path.join(tmp, "p.policy")
            with open(policy, "w") as f:
                f.write("timing = immediate\nretention_days = 0\n")
            for args in (["--term", "12", "--policy", "eu-consumer"],
                         ["--term", "1200", "--policy", policy]):
                base = ["--start", "2025-01-01", "--contract", "--price", "10.00", "--on",
                        "2025-03-10", "--role", "billing-admin", *args]
                with self.subTest(args=args):
                    text = run("timeline", *base)
                    self.assertEqual(text.returncode, 0, text.stderr)
                    result = run("timeline", *base, "--json")
                    self.assertEqual(result.returncode, 0, result.stderr)
                    events = json.loads(result.stdout)["events"]
                    dates = [event["date"] for event in events]
                    self.assertEqual(dates, sorted(dates))
                    self.assertEqual(events[-1]["event"], "invoice")


class Utf8Output(unittest.TestCase):
    def test_json_is_valid_utf8(self):
        bad_policy = b"start,on,policy\n2025-01-01,2025-02-01,timing = \xff\xfe\n"
        bad_header = b"start,\xffcolour\n2025-01-01,x\n"
        for data in (bad_policy, bad_header):
            with self.subTest(data=data):
                result = run("batch", "--json", stdin=data)
                self.assertEqual(result.returncode, 1)
                rows = json.loads(result.stdout.decode("utf-8"))["rows"]
                self.assertIn("\\xff", rows[0]["error"])
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "v.tsv")
            with open(path, "wb") as f:
                f.write(b"note\tstart\ton\tpolicy\terror\n\xe9t\xe9\t2025-01-01\t2025-02-01\t"
                        b"timing = \xff\t\n")
            result = run("check", path, "--json")
            self.assertEqual(result.returncode, 1)
            failure = json.loads(result.stdout.decode("utf-8"))["failures"][0]
            self.assertEqual(failure["note"], "\\xe9t\\xe9")
            self.assertIn("\\xff", failure["message"])
            # Valid UTF-8 passes through unchanged; library messages quote
            # every byte that is not printable ASCII.
            with open(path, "wb") as f:
                f.write("note\tstart\ton\tprice\n été €\t2025-01-01\t2025-02-01\tx\n"
                        .encode())
            failure = json.loads(run("check", path, "--json").stdout)["failures"][0]
            self.assertEqual(failure["note"], " été €")


class ExactMoney(unittest.TestCase):
    """The money rules through the tool: renewal prices, fees on the
    remaining commitment, chosen ends, policy check."""

    P50 = "timing = immediate\nrefund = prorated\ncommitment = percent_fee\n" \
          "termination_fee_percent = 50\n"

    def test_fee_examples_up_front_and_monthly(self):
        with tempfile.TemporaryDirectory() as tmp:
            policy = os.path.join(tmp, "p.policy")
            with open(policy, "w") as f:
                f.write(self.P50)
            base = ["--start", "2025-01-01", "--term", "12", "--contract", "--channel", "support",
                    "--role", "billing-admin", "--on", "2025-02-01", "--policy", policy]
            _, up_front = cancel_json(*base, "--billing", "0", "--price", "1200.00")
            self.assertEqual((up_front["refund"], up_front["termination_fee"]), (109479, 54740))
            _, monthly = cancel_json(*base, "--price", "100.00")
            self.assertEqual((monthly["refund"], monthly["termination_fee"]), (9643, 54821))

    def test_renewal_price_and_chosen_end(self):
        result = run("timeline", "--start", "2025-01-01", "--term", "12", "--billing", "0",
                     "--price", "1200.00", "--contract", "--on", "2026-03-15", "--policy",
                     "evergreen-contract", "--json")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(json.loads(result.stdout)["error"]["field"], "renewal_price")
        result = run("timeline", "--start", "2025-01-01", "--term", "12", "--billing", "0",
                     "--price", "1200.00", "--contract", "--on", "2026-03-15", "--policy",
                     "evergreen-contract")
        self.assertIn("--renewal-price: renewal_price: required but not given",
                      result.stderr.decode())
        result = run("timeline", "--start", "2025-01-01", "--term", "12", "--billing", "0",
                     "--price", "1200.00", "--renewal-price", "100.00", "--contract", "--on",
                     "2026-03-15", "--policy", "evergreen-contract", "--json")
        invoices = [e["amount"] for e in json.loads(result.stdout)["events"]
                    if e["event"] == "invoice"]
        self.assertEqual(invoices, [120000, 10000, 10000, 10000])
        _, d = cancel_json("--start", "2025-01-31", "--price", "20.00", "--on", "2025-03-10",
                           "--end-on", "2025-06-15", "--role", "billing-admin")
        self.assertEqual((d["effective_end"], d["remaining_term_charge"], d["still_to_invoice"],
                          d["invoices_left"], d["data_deleted_on"]),
                         ("2025-06-30", 8000, 6000, 3, "2025-09-28"))
        result = run("cancel", "--start", "2025-01-31", "--on", "2025-03-10", "--end-on",
                     "2025-03-01")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--end-on: end_on 2025-03-01: on or before the request date",
                      result.stderr.decode())

    def test_policy_lint(self):
        for name in ("default", "immediate-prorated", "eu-consumer", "evergreen-contract",
                     "killbill-like", "killbill-fixed30", "lago-advance", "lago-arrears",
                     "lago-like", os.path.join(SOURCE, "examples", "policies", "eu-consumer.policy")):
            with self.subTest(name=name):
                result = run("policy", "lint", name)
                self.assertEqual(result.returncode, 0, result.stdout)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "team.policy")
            with open(path, "w") as f:
                f.write("# ours\ntiming = end_of_term\nrefund = full\n"
                        "termination_fee = 10.00 EUR\n")
            result = run("policy", "lint", path)
            self.assertEqual(result.returncode, 1)
            lines = result.stdout.decode().splitlines()
            self.assertEqual(lines[0], f"{path}:4:19: termination_fee: only commitment = "
                                       "fixed_fee charges it")
            self.assertTrue(lines[1].startswith(f"{path}:3:10: refund: only immediate timing"))
            findings = json.loads(run("policy", "lint", path, "--json").stdout)["findings"]
            self.assertEqual([(f["key"], f["line"]) for f in findings],
                             [("termination_fee", 4), ("refund", 3)])

    def test_policy_check_validates(self):
        """lapse policy check validates, as lapse_policy_check in C and SQL:
        exit 0 valid, 1 invalid, the error as lint writes a finding,
        FILE:LINE:COLUMN: key: message ('-' for standard input); a policy
        lint finds fault with is still valid (#26.12)."""
        lintable = b"# ours\ntiming = end_of_term\nrefund = full\n"
        for name, stdin in (("eu-consumer", None), ("default", None), ("-", lintable)):
            with self.subTest(name=name):
                result = run("policy", "check", name, stdin=stdin)
                self.assertEqual((result.returncode, result.stdout, result.stderr),
                                 (0, f"{name}: valid\n".encode(), b""))
                self.assertEqual(json.loads(run("policy", "check", "--json", name,
                                                stdin=stdin).stdout), {"errors": []})
        self.assertEqual(run("policy", "lint", "-", stdin=lintable).returncode, 1)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "team.policy")
            for text, line, column, key, message, code in (
                    ("timing = immediate\nrefund = soon\n", 2, 10, "refund",
                     "refund: 'soon': expected one of none, prorated, full", "value_syntax"),
                    ("refund = none\n\nrefund = full\n", 3, 1, "refund",
                     "refund: given twice (first on line 1)", "duplicate_key"),
                    ("notice_days = 99999\n", 1, 15, "notice_days",
                     "notice_days: 99999: out of range (0 to 3660 days)", "out_of_range"),
                    ("renewl = none\n", 1, 1, "", "'renewl' is not a policy key",
                     "unknown_name")):
                with self.subTest(text=text):
                    with open(path, "w") as f:
                        f.write(text)
                    result = run("policy", "check", path)
                    self.assertEqual((result.returncode, result.stdout.decode(), result.stderr),
                                     (1, f"{path}:{line}:{column}: {message}\n", b""))
                    piped = run("policy", "check", "-", stdin=text.encode())
                    self.assertEqual((piped.returncode, piped.stdout.decode()),
                                     (1, f"-:{line}:{column}: {message}\n"))
                    self.assertEqual(json.loads(run("policy", "check", "--json", path).stdout),
                                     {"errors": [{"key": key, "line": line, "column": column,
                                                  "message": message, "code": code}]})
                    # lint cannot lint it: the same line, on standard error
                    linted = run("policy", "lint", path)
                    self.assertEqual((linted.returncode, linted.stdout, linted.stderr.decode()),
                                     (2, b"", f"lapse policy: {path}:{line}:{column}: {message}\n"))
        missing = run("policy", "check", "/nonexistent/x.policy")
        self.assertEqual(missing.returncode, 2)
        self.assertEqual(run("policy", "frobnicate").returncode, 2)



# Issue 28's self-serve example: start 2025-01-10, 12 months billed monthly,
# price 20.00 and seats 10 x 5.00 (an invoice of 70.00), asked on 2025-03-20
# through support by a billing admin with every detail.
SEATS = ["--start", "2025-01-10", "--term", "12", "--price", "20.00", "--item", "seats:10:5.00",
         "--on", "2025-03-20", "--channel", "support", "--role", "billing-admin",
         "--provided", "all"]
# Its contract example: start 2025-01-01, price 100.00, seats 20 x 10.00 all
# committed (an invoice of 300.00), asked on 2025-06-15.
CONTRACT = ["--start", "2025-01-01", "--term", "12", "--price", "100.00", "--contract",
            "--item", "seats:20:10.00:20", "--on", "2025-06-15", "--channel", "support",
            "--role", "billing-admin", "--provided", "all", "--reduce", "seats=12"]


def with_policy(text, *args):
    """`lapse cancel --json ARGS --policy FILE` with FILE holding `text`."""
    with tempfile.NamedTemporaryFile("w", suffix=".policy", delete=False) as f:
        f.write(text)
    try:
        return cancel_json(*args, "--policy", f.name)
    finally:
        os.unlink(f.name)


def seats(quantity_after, released_on, quantity=10, unassign=0):
    return [{"name": "seats", "quantity": quantity, "quantity_after": quantity_after,
             "released_on": released_on, "unassign": unassign}]


class Items(unittest.TestCase):
    """--item and --reduce (issue 28), every figure by hand."""

    def test_whole_cancellation_is_the_invoice_amount(self):
        # One invoice 20.00 + 10 x 5.00 = 70.00: March's and nine more to
        # the term end 2026-01-10 (700.00), April to December to invoice.
        code, got = cancel_json(*SEATS)
        self.assertEqual(code, 0)
        self.assertEqual(list(got), KEYS)
        self.assertEqual((got["effective_end"], got["remaining_term_charge"],
                          got["still_to_invoice"], got["invoices_left"], got["next_invoice"]),
                         ("2026-01-10", 70000, 63000, 9, "2025-04-10"))
        self.assertEqual(got["item_results"], seats(0, "2026-01-10"))
        self.assertEqual((got["change_effective_on"], got["recurring_after"], got["saving"]),
                         (None, 0, 0))
        # The same as a price of 70.00 without items, but for item_results.
        plain = SEATS[:4] + ["--price", "70.00"] + SEATS[8:]
        _, without = cancel_json(*plain)
        self.assertEqual(without["item_results"], [])
        without["item_results"] = got["item_results"]
        self.assertEqual(got, without)

    def test_repeated_item_flags_join(self):
        _, two = cancel_json(*SEATS, "--item", "mobile:2:3.50:0:1")
        _, one = cancel_json(*SEATS[:6], "--item", "seats:10:5.00;mobile:2:3.50:0:1",
                             *SEATS[8:])
        self.assertEqual(two, one)
        # 70.00 + 2 x 3.50 = 77.00 an invoice, ten of them.
        self.assertEqual(two["remaining_term_charge"], 77000)
        self.assertEqual([item["name"] for item in two["item_results"]], ["seats", "mobile"])

    def test_bad_items_name_the_flag(self):
        result = run("cancel", *SEATS, "--item", "mobile:x:3.50")
        self.assertEqual(result.returncode, 2)
        message = result.stderr.decode()
        self.assertTrue(message.startswith("lapse cancel: --item: "), message)
        self.assertIn("mobile", message)
        many = [arg for i in range(17) for arg in ("--item", f"i{i}:1:1.00")]
        result = run("cancel", *SEATS[:6], *many, *SEATS[8:])
        self.assertEqual(result.returncode, 2)
        self.assertTrue(result.stderr.decode().startswith("lapse cancel: --item: "))
        bad_reduce = run("cancel", *SEATS, "--reduce", "seats=x")
        self.assertEqual(bad_reduce.returncode, 2)
        self.assertTrue(bad_reduce.stderr.decode().startswith("lapse cancel: --reduce: "),
                        bad_reduce.stderr)
        got = json.loads(run("cancel", "--json", *SEATS, "--item", "mobile:x:3.50").stdout)
        self.assertEqual(got["error"]["field"], "items")

    def test_status_takes_items_not_reductions(self):
        result = run("status", "--json", "--start", "2025-01-10", "--item", "seats:10:5.00",
                     "--on", "2025-03-20")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["status"], "active")
        refused = run("status", "--start", "2025-01-10", "--reduce", "seats=6")
        self.assertEqual(refused.returncode, 2)
        self.assertIn("--reduce is a request flag", refused.stderr.decode())

    def test_batch_and_check_columns(self):
        text = ("start,term,price,items,on,channel,roles,provided\n"
                "2025-01-10,12,20.00,seats:10:5.00;mobile:2:3.50:0:1,2025-03-20,support,"
                "billing_admin,all\n"
                "2025-01-10,12,20.00,seats:10:x,2025-03-20,support,billing_admin,all\n")
        code, lines, _ = batch(text.encode())
        self.assertEqual(code, 1)
        header = lines[0].split(",")
        self.assertEqual(header[-11:], ["change_effective_on", "recurring_after", "saving",
                                        "applied_to_balance", "cash_refund", "account_credit",
                                        "balance_after", "item_results", "error", "error_code",
                                        "error_field"])
        # 20.00 + 50.00 + 7.00 = 77.00 an invoice, ten of them; one licence
        # of the phone lines to unassign.
        row = lines[1].split(",")
        self.assertEqual(row[header.index("remaining_term_charge")], "77000")
        self.assertEqual(row[-11:], ["", "0", "0", "0", "0", "0", "0",
                                     "seats:10:0:2026-01-10:0;mobile:2:0:2026-01-10:1", "", "", ""])
        self.assertEqual(lines[2].split(",")[-2:], ["amount_syntax", "items"])
        self.assertEqual(lines[2].split(",")[-5], "")  # no item_results for a bad row
        # The JSON rows carry item_results as objects.
        result = run("batch", "--json", stdin=text.encode())
        rows = json.loads(result.stdout)["rows"]
        self.assertEqual(rows[0]["item_results"][1], {"name": "mobile", "quantity": 2,
                                                      "quantity_after": 0,
                                                      "released_on": "2026-01-10", "unassign": 1})
        self.assertEqual((rows[1]["error_field"], "item_results" in rows[1]), ("items", False))
        # A vectors file checks the same columns.
        vectors = ("start\tterm\tprice\titems\ton\tchannel\troles\tprovided\t"
                   "remaining_term_charge\tchange_effective_on\tsaving\titem_results\n"
                   "2025-01-10\t12\t20.00\tseats:10:5.00\t2025-03-20\tsupport\tbilling_admin\t"
                   "all\t70000\t\t0\tseats:10:0:2026-01-10:0\n"
                   "2025-01-10\t12\t70.00\t\t2025-03-20\tsupport\tbilling_admin\t"
                   "all\t70000\t\t0\t\n")
        checked = run("check", "-", stdin=vectors.encode())
        self.assertEqual((checked.returncode, checked.stdout.decode()), (0, "2 passed, 0 failed\n"))
        wrong = run("check", "-", stdin=vectors.replace("seats:10:0:2026", "seats:10:1:2026")
                    .encode())
        self.assertEqual(wrong.returncode, 1)
        self.assertIn("item_results: expected 'seats:10:1:2026-01-10:0', got "
                      "'seats:10:0:2026-01-10:0'", wrong.stdout.decode())

    def test_timeline_invoices_the_items(self):
        result = run("timeline", "--json", *SEATS)
        self.assertEqual(result.returncode, 0, result.stderr)
        invoices = {e["date"]: e["amount"] for e in json.loads(result.stdout)["events"]
                    if e["event"] == "invoice"}
        # Twelve invoices of 20.00 + 10 x 5.00, from 2025-01-10.
        self.assertEqual(len(invoices), 12)
        self.assertEqual(set(invoices.values()), {7000})

    def test_several_products_of_one_account(self):
        """examples/batch/one-account.csv: three products, three rows."""
        result = run("batch", os.path.join(SOURCE, "examples", "batch", "one-account.csv"),
                     "--keep", "id")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = {line.split(",")[0]: line.split(",") for line in
                result.stdout.decode().splitlines()[1:]}
        columns = result.stdout.decode().splitlines()[0].split(",")

        def answer(product, *names):
            return tuple(rows[product][columns.index(name)] for name in names)

        figures = ("effective_end", "remaining_term_charge", "still_to_invoice",
                   "invoices_left", "next_invoice", "data_deleted_on", "item_results")
        # 20.00 + 10 x 5.00 = 70.00: March to December 700.00, April on 630.00.
        self.assertEqual(answer("acme-crm", *figures),
                         ("2026-01-10", "70000", "63000", "9", "2025-04-10", "2026-04-10",
                          "seats:10:0:2026-01-10:0"))
        # Monthly, 15.00 + 4 x 2.50 + 9.00 = 34.00: March's invoice, already issued.
        self.assertEqual(answer("acme-voip", *figures),
                         ("2025-04-01", "3400", "0", "0", "", "2025-06-30",
                          "lines:4:0:2025-04-01:0;recording:1:0:2025-04-01:0"))
        # No items: 10 x 100.00, 9 to invoice.
        self.assertEqual(answer("acme-backup", *figures),
                         ("2026-01-01", "100000", "90000", "9", "2025-04-01", "2026-04-01", ""))


class ItemReductions(unittest.TestCase):
    """--reduce (issue 28's examples), every figure by hand."""

    def test_reduction_at_the_end_of_the_term(self):
        # The default: at the renewal, nothing refunded, nothing saved.
        code, got = cancel_json(*SEATS, "--reduce", "seats=6")
        self.assertEqual(code, 0)
        self.assertEqual((got["change_effective_on"], got["remaining_term_charge"],
                          got["still_to_invoice"], got["refund"], got["saving"],
                          got["recurring_after"]),
                         ("2026-01-10", 70000, 63000, 0, 0, 5000))
        self.assertEqual(got["item_results"], seats(6, "2026-01-10"))
        self.assertEqual((got["effective_end"], got["data_deleted_on"]), (None, None))

    def test_reduction_at_the_end_of_the_billing_period(self):
        # 70.00 (March) + 9 x 50.00 = 520.00; to invoice 450.00; saves
        # 700.00 - 520.00 = 180.00.
        code, got = with_policy("reduction_timing = end_of_billing_period\n", *SEATS,
                                "--reduce", "seats=6")
        self.assertEqual(code, 0)
        self.assertEqual((got["change_effective_on"], got["remaining_term_charge"],
                          got["still_to_invoice"], got["saving"], got["recurring_after"]),
                         ("2025-04-10", 52000, 45000, 18000, 5000))
        self.assertEqual(got["item_results"], seats(6, "2025-04-10"))

    def test_immediate_reduction_refunds_the_removed_units(self):
        # 4 x 5.00 x 20/31 days (2025-03-21 to 2025-04-10) = 12.903 -> 12.90;
        # saving 180.00 + 12.90.
        code, got = with_policy("reduction_timing = immediate\nrefund = prorated\n", *SEATS,
                                "--reduce", "seats=6")
        self.assertEqual(code, 0)
        self.assertEqual((got["change_effective_on"], got["refund"],
                          got["remaining_term_charge"], got["saving"]),
                         ("2025-03-21", 1290, 52000, 19290))

    def test_online_reduction_goes_to_support(self):
        online = SEATS[:10] + ["--role", "billing-admin"]
        code, got = cancel_json(*online, "--reduce", "seats=6")
        self.assertEqual(code, 1)
        self.assertEqual((got["allowed"], got["blocked"], got["route"]),
                         (False, ["change_needs_support"], "support"))
        code, got = with_policy("reductions_online = true\n", *online, "--reduce", "seats=6")
        self.assertEqual((code, got["allowed"], got["blocked"]), (0, True, []))

    def test_committed_seats_under_each_commitment(self):
        policy = "reduction_timing = immediate\nrefund = prorated\n"
        # owed: released on the term end, charged to it: 7 x 300.00 = 2100.00.
        _, owed = with_policy(policy, *CONTRACT)
        self.assertEqual((owed["refund"], owed["remaining_term_charge"], owed["saving"],
                          owed["recurring_after"]), (0, 210000, 0, 22000))
        self.assertEqual(owed["item_results"], seats(12, "2026-01-01", quantity=20))
        # waived: 8 x 10.00 x 15/30 back; 300.00 + 6 x 220.00 = 1620.00.
        _, waived = with_policy(policy + "commitment = waived\n", *CONTRACT)
        self.assertEqual((waived["refund"], waived["remaining_term_charge"], waived["saving"]),
                         (4000, 162000, 52000))
        self.assertEqual(waived["item_results"], seats(12, "2025-06-16", quantity=20))
        # percent_fee 50: half of 40.00 + 6 x 80.00 = 260.00.
        _, fee = with_policy(policy + "commitment = percent_fee\ntermination_fee_percent = 50\n",
                             *CONTRACT)
        self.assertEqual((fee["refund"], fee["termination_fee"], fee["saving"]),
                         (4000, 26000, 26000))

    def test_reduction_after_a_recorded_cancellation(self):
        result = run("cancel", "--json", *SEATS, "--cancelled-on", "2025-03-01",
                     "--reduce", "seats=6")
        self.assertEqual(result.returncode, 1)
        got = json.loads(result.stdout)["error"]
        self.assertEqual((got["code"], got["field"]), ("already_ended", "reduce"))

    def test_timeline_shows_the_change(self):
        with tempfile.NamedTemporaryFile("w", suffix=".policy", delete=False) as f:
            f.write("reduction_timing = end_of_billing_period\n")
        try:
            result = run("timeline", "--json", *SEATS, "--reduce", "seats=6", "--policy", f.name)
            text = run("timeline", *SEATS, "--reduce", "seats=6", "--policy", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(result.returncode, 0, result.stderr)
        events = [(e["date"], e["event"], e["amount"]) for e in json.loads(result.stdout)["events"]]
        self.assertIn(("2025-03-10", "invoice", 7000), events)
        self.assertIn(("2025-03-20", "reduction", 0), events)
        self.assertIn(("2025-04-10", "change", 5000), events)
        self.assertIn(("2025-04-10", "invoice", 5000), events)
        self.assertEqual(text.returncode, 0, text.stderr)
        drawing = text.stdout.decode()
        self.assertIn("Q", drawing)
        self.assertIn("q", drawing)

    def test_unknown_item_in_a_reduction(self):
        result = run("cancel", *SEATS, "--reduce", "mobile=1")
        self.assertEqual(result.returncode, 2)
        self.assertTrue(result.stderr.decode().startswith("lapse cancel: --reduce: "),
                        result.stderr)
        self.assertIn("mobile", result.stderr.decode())
        not_below = run("cancel", "--json", *SEATS, "--reduce", "seats=10")
        self.assertEqual(json.loads(not_below.stdout)["error"]["field"], "reduce")

    def test_batch_and_check_a_reduction(self):
        text = ("start,term,price,items,on,channel,roles,provided,reduce,policy\n"
                "2025-01-10,12,20.00,seats:10:5.00,2025-03-20,support,billing_admin,all,seats=6,"
                "reduction_timing = end_of_billing_period\n")
        code, lines, _ = batch(text.encode())
        self.assertEqual(code, 0)
        self.assertEqual(lines[1].split(",")[-11:], ["2025-04-10", "5000", "18000", "0", "0", "0",
                                                     "0", "seats:10:6:2025-04-10:0", "", "", ""])
        rows = json.loads(run("batch", "--json", stdin=text.encode()).stdout)["rows"]
        self.assertEqual(rows[0]["item_results"], seats(6, "2025-04-10"))
        vectors = ("start\tterm\tprice\titems\ton\tchannel\troles\tprovided\treduce\tpolicy\t"
                   "change_effective_on\tsaving\titem_results\n"
                   "2025-01-10\t12\t20.00\tseats:10:5.00\t2025-03-20\tsupport\tbilling_admin\t"
                   "all\tseats=6\treduction_timing = end_of_billing_period\t2025-04-10\t18000\t"
                   "seats:10:6:2025-04-10:0\n")
        checked = run("check", "-", stdin=vectors.encode())
        self.assertEqual((checked.returncode, checked.stdout.decode()), (0, "1 passed, 0 failed\n"))


class Pauses(unittest.TestCase):
    """--paused-from and --resumes-on (#31 item 3) on every command that
    takes a subscription, the columns in batch and check."""
    PAUSE = ["--start", "2025-01-01", "--term", "12", "--price", "30.00",
             "--paused-from", "2025-04-01", "--resumes-on", "2025-05-01"]

    def test_cancel_the_issue_examples(self):
        # Default policy: term end 2026-02-01, June's period and 7 more, 8 x 30.00.
        code, got = cancel_json(*self.PAUSE, "--on", "2025-06-10", "--role", "billing-admin")
        self.assertEqual((code, got["term_end"], got["effective_end"],
                          got["remaining_term_charge"], got["still_to_invoice"]),
                         (0, "2026-02-01", "2026-02-01", 24000, 21000))
        # pause_extends_term = false: term end 2026-01-01, 7 x 30.00.
        with tempfile.NamedTemporaryFile("w", suffix=".policy", delete=False) as f:
            f.write("pause_extends_term = false\n")
        try:
            code, got = cancel_json(*self.PAUSE, "--on", "2025-06-10", "--role", "billing-admin",
                                    "--policy", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual((got["term_end"], got["remaining_term_charge"]), ("2026-01-01", 21000))
        # During the pause: 9 x 30.00, all still to invoice.
        code, got = cancel_json(*self.PAUSE, "--on", "2025-04-15", "--role", "billing-admin")
        self.assertEqual((got["effective_end"], got["remaining_term_charge"],
                          got["still_to_invoice"], got["next_invoice"]),
                         ("2026-02-01", 27000, 27000, "2025-05-01"))
        self.assertIn("paused", got["warnings"])

    def test_status_and_timeline(self):
        status = json.loads(run("status", "--json", *self.PAUSE, "--on", "2025-04-15").stdout)
        self.assertEqual((status["status"], status["listed_as"]), ("paused", "active"))
        status = json.loads(run("status", "--json", *self.PAUSE, "--on", "2025-05-01").stdout)
        self.assertEqual(status["status"], "active")
        result = run("timeline", *self.PAUSE, "--on", "2025-06-10", "--role", "billing-admin",
                     "--from", "2025-03-01", "--to", "2025-06-01")
        self.assertEqual(result.returncode, 0, result.stderr)
        # The listed lines (a date first), not the drawing's legend, which
        # now also names the pause and the resume after "i invoice".
        invoices = [line.split()[0] for line in result.stdout.decode().splitlines()
                    if " invoice " in line and line[:4].isdigit()]
        self.assertEqual(invoices, ["2025-03-01", "2025-05-01", "2025-06-01"])  # none in April

    def test_timeline_lists_the_pause_and_the_resume(self):
        # The pause on paused_from, the resume on resumes_on before May's
        # invoice of that day (lapse.h's order within a day), in the JSON,
        # the lines (en, it) and the drawing's legend (P, p).
        got = json.loads(run("timeline", "--json", *self.PAUSE, "--on", "2025-06-10",
                             "--role", "billing-admin").stdout)
        events = [(e["date"], e["event"], e["amount"]) for e in got["events"]
                  if "2025-03-01" <= e["date"] <= "2025-06-01"]
        self.assertEqual(events, [("2025-03-01", "invoice", 3000), ("2025-04-01", "pause", 0),
                                  ("2025-05-01", "resume", 0), ("2025-05-01", "invoice", 3000),
                                  ("2025-06-01", "invoice", 3000)])
        result = run("timeline", *self.PAUSE, "--on", "2025-06-10", "--role", "billing-admin",
                     "--from", "2025-04-01", "--to", "2025-05-01")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.decode().splitlines()
        self.assertEqual([line.split()[:2] for line in lines[:3]],
                         [["2025-04-01", "pause"], ["2025-05-01", "resume"],
                          ["2025-05-01", "invoice"]])
        self.assertIn("P pause", result.stdout.decode())
        self.assertIn("p resume", result.stdout.decode())
        result = run("timeline", *self.PAUSE, "--on", "2025-06-10", "--role", "billing-admin",
                     "--from", "2025-04-01", "--to", "2025-05-01", "--lang", "it")
        self.assertEqual([line.split()[:2] for line in result.stdout.decode().splitlines()[:2]],
                         [["01/04/2025", "sospensione"], ["01/05/2025", "ripresa"]])

    def test_errors_name_the_flag(self):
        for flags, name, message in [
                (["--paused-from", "2025-04-02", "--resumes-on", "2025-05-01"], "--paused-from",
                 "paused_from 2025-04-02: not on a billing-period boundary (the nearest: "
                 "2025-04-01 and 2025-05-01)"),
                (["--paused-from", "2025-04-01"], "--resumes-on", "resumes_on: required"),
                (["--resumes-on", "2025-05-01"], "--paused-from", "paused_from: required")]:
            with self.subTest(flags=flags):
                result = run("cancel", "--start", "2025-01-01", "--term", "12", "--price",
                             "30.00", *flags, "--on", "2025-06-10", "--role", "billing-admin")
                self.assertEqual(result.returncode, 2)
                self.assertIn(f"lapse cancel: {name}: {message}", result.stderr.decode())
        result = run("cancel", *self.PAUSE[:6], "--paused-from", "2025-13-01",
                     "--resumes-on", "2025-05-01", "--on", "2025-06-10")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--paused-from", result.stderr.decode())

    def test_batch_and_check(self):
        text = ("start,term,price,paused_from,resumes_on,on,roles\n"
                "2025-01-01,12,30.00,2025-04-01,2025-05-01,2025-06-10,billing_admin\n"
                "2025-01-01,12,30.00,2025-04-02,2025-05-01,2025-06-10,billing_admin\n"
                "2025-01-01,12,30.00,,,2025-06-10,billing_admin\n")
        code, lines, _ = batch(text.encode())
        self.assertEqual(code, 1)
        self.assertEqual(lines[1], "2,true,,back_up_data,,online,2025-01-01,2026-02-01,,false,"
                                   "2026-02-01,24000,21000,0,0,7,2025-07-01,EUR,2026-05-02,"
                                   "expired_list,,0,0,0,0,0,0,,,,")
        self.assertTrue(lines[2].endswith(",out_of_range,paused_from"), lines[2])
        self.assertIn(",2026-01-01,", lines[3])  # no pause: the term end stays
        result = run("check", os.path.join(SOURCE, "tests", "vectors", "pauses.tsv"))
        self.assertEqual((result.returncode, result.stdout.decode().splitlines()[-1]),
                         (0, "42 passed, 0 failed"))
