"""The PostgreSQL extension against a real, throwaway server: the pg_regress
suite, and both vectors files through SQL with every column equal to the C
result.  Environment (meson sets it): LAPSE_PG_MODULE, LAPSE_PG_CONTROL,
LAPSE_PG_SQL, LAPSE_CLI, LAPSE_SOURCE_ROOT; LAPSE_PG_KEEP_OUTPUT=1 keeps
pg_regress's results for a failed run."""
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import pgcluster  # noqa: E402
sys.path.insert(0, str(pathlib.Path(os.environ.get("LAPSE_SOURCE_ROOT",
                                                   pathlib.Path(__file__).parents[3])) / "tests"))
import explain_cases  # noqa: E402

ROOT = pathlib.Path(os.environ.get("LAPSE_SOURCE_ROOT", pathlib.Path(__file__).parents[3]))
CLI = (os.environ.get("LAPSE_CLI") or sys.exit("LAPSE_CLI: the lapse tool to test is not set (meson test sets it)"))
HERE = pathlib.Path(__file__).parent.parent

INPUTS = ["start", "term", "renewal_term", "billing", "price", "currency", "contract",
          "auto_renew", "online_cancel", "balance", "licenses", "cancelled_on", "on", "channel",
          "roles", "can_sign_in", "provided", "policy", "renewal_price", "end_on", "billing_day",
          "items", "reduce", "billing_month", "concluded_on", "withdrawal_informed",
          "express_request", "trial_end", "paused_from", "resumes_on"]
TYPES = {"start": "date", "cancelled_on": "date", "on": "date", "end_on": "date",
         "concluded_on": "date", "withdrawal_informed": "bool", "express_request": "bool",
         "trial_end": "date", "paused_from": "date", "resumes_on": "date",
         "term": "int", "renewal_term": "int", "billing": "int", "licenses": "int", "billing_day": "int",
         "billing_month": "int",
         "price": "numeric", "balance": "numeric", "renewal_price": "numeric",
         "contract": "bool", "auto_renew": "bool", "online_cancel": "bool",
         "can_sign_in": "bool", "roles": "list", "provided": "list"}
DECISION = ["allowed", "blocked", "warnings", "missing_support_info", "route", "term_start",
            "term_end", "notice_deadline", "renews_first", "effective_end",
            "remaining_term_charge", "still_to_invoice", "refund", "termination_fee",
            "invoices_left", "next_invoice", "currency", "data_deleted_on", "confirmation",
            "change_effective_on", "recurring_after", "saving", "applied_to_balance", "cash_refund",
            "account_credit", "balance_after"]


def setUpModule():
    global servers, server
    servers = pgcluster.Servers(pgcluster.extension_files())
    server = servers.start("main")


def tearDownModule():
    servers.close()


def literal(value):
    return "'" + value.replace("'", "''") + "'"


def argument(column, value):
    """A CSV cell as a named SQL argument of its SQL type."""
    name = '"on"' if column == "on" else column
    kind = TYPES.get(column, "text")
    if kind == "bool":
        value = "true" if value in ("true", "1", "yes", "t") else "false"
        return f"{name} => {value}"
    if kind == "list":
        items = [i for i in value.replace(",", ";").split(";") if i]
        return f"{name} => ARRAY[{', '.join(literal(i) for i in items)}]::text[]"
    if kind == "numeric":
        # The text form keeps the decimals given: 1.234 EUR stays an error.
        return f"{name} => {literal(value)}::numeric"
    return f"{name} => {literal(value)}::{kind}"


def c_decision(cells):
    """The decision through the C library's own CSV path (lapse batch)."""
    columns = [c for c in INPUTS if cells.get(c)]
    quote = lambda v: '"' + v.replace('"', '""') + '"'
    data = ",".join(columns) + "\n" + ",".join(quote(cells[c]) for c in columns) + "\n"
    out = subprocess.run([CLI, "batch", "--json"], input=data.encode(), capture_output=True)
    return json.loads(out.stdout)["rows"][0]


def as_sql_text(key, value, currency):
    """A JSON decision value as psql prints the SQL value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list):
        return "{" + ",".join(value) + "}"
    if key in ("remaining_term_charge", "still_to_invoice", "refund", "termination_fee",
               "recurring_after", "saving", "applied_to_balance", "cash_refund", "account_credit",
               "balance_after"):
        digits = {"JPY": 0, "KWD": 3, "CLF": 4, "ISK": 0, "CLP": 0}.get(currency, 2)
        sign = "-" if value < 0 else ""
        value = abs(value)
        if digits == 0:
            return f"{sign}{value}"
        return f"{sign}{value // 10 ** digits}.{value % 10 ** digits:0{digits}d}"
    return str(value)


# pg_regress's tests, in order: the later ones use lapse.sql's show_error.
REGRESS_TESTS = ["lapse", "lapse_policies", "lapse_inputs"]


class RegressionSuite(unittest.TestCase):
    def test_pg_regress(self):
        pg_regress = pathlib.Path(pgcluster.pg_setting("--pkglibdir")) / "pgxs" / "src" / \
            "test" / "regress" / "pg_regress"
        with tempfile.TemporaryDirectory() as out:
            result = subprocess.run([str(pg_regress), "--inputdir", str(HERE),
                                     "--outputdir", out, "--bindir", "/usr/bin",
                                     "--host", str(server.directory), "--port", str(server.port),
                                     "--user", "postgres", "--dbname", "lapse_regression",
                                     "--encoding", "UTF8", *REGRESS_TESTS],
                                    capture_output=True, text=True)
            diffs = pathlib.Path(out) / "regression.diffs"
            self.assertEqual(result.returncode, 0,
                             result.stdout + (diffs.read_text() if diffs.exists() else ""))


class Explanations(unittest.TestCase):
    """lapse_explain and lapse_explain_status: byte for byte what `lapse
    cancel` and `lapse status` print (the Python binding is compared with
    the tool in the SQLite test)."""

    def test_same_text_as_the_tool(self):
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        for cells in explain_cases.CASES:
            arguments = ", ".join(argument(c, cells[c]) for c in INPUTS if cells.get(c))
            status_cells = {k: v for k, v in cells.items()
                            if k not in ("channel", "roles", "provided")}
            for language in ("en", "it"):
                with self.subTest(cells=cells, language=language):
                    # psql prints the value as it is, then a newline.
                    got = server.psql(
                        f"SELECT lapse_explain({arguments}, language => {literal(language)})").stdout
                    self.assertEqual(got, explain_cases.cli_text(CLI, "cancel", cells, language)
                                     + "\n")
                    got = server.psql(f"SELECT lapse_explain_status({arguments}, "
                                      f"language => {literal(language)})").stdout
                    self.assertEqual(got, explain_cases.cli_text(CLI, "status", status_cells,
                                                                 language) + "\n")


class ResultColumns(unittest.TestCase):
    """The C code fills each result type's columns by position, named in
    lapse_pg.c; a function declared to return a type whose columns are not
    those (here the status's since and until swapped, and the event's
    amount missing) fails with an error instead of filling a column with
    another's value (#27.7)."""

    def test_a_type_out_of_step_fails(self):
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        # The C code reads its arguments by position too: the same ones,
        # and the same library.
        arguments, library = server.psql(
            "SELECT pg_get_function_arguments(oid), probin FROM pg_proc "
            "WHERE proname = 'lapse_status'").stdout.strip().split("|")
        server.psql(f"""
            DROP TYPE IF EXISTS swapped_status_info CASCADE;
            CREATE TYPE swapped_status_info AS (status text, until date, since date,
                effective_end date, data_deleted_on date, listed_as text, refund numeric,
                termination_fee numeric);
            CREATE FUNCTION swapped_status({arguments}) RETURNS swapped_status_info
                AS '{library}', 'lapse_pg_status' LANGUAGE C IMMUTABLE;
            DROP TYPE IF EXISTS short_event CASCADE;
            CREATE TYPE short_event AS (date date, event text, term integer);
            CREATE FUNCTION short_timeline({arguments}) RETURNS SETOF short_event
                AS '{library}', 'lapse_pg_timeline' LANGUAGE C IMMUTABLE;""")
        inputs = "start => '2025-01-01', \"on\" => '2025-02-01'"
        for function, columns in (("swapped_status", "8 columns, from status"),
                                  ("short_timeline", "4 columns, from date")):
            with self.subTest(function=function):
                result = server.psql(f"SELECT * FROM {function}({inputs})", check=False)
                self.assertNotEqual(result.returncode, 0, result.stdout)
                self.assertIn("ERROR:  lapse: the function's result type does not have the "
                              f"{columns}, that this lapse.so fills in", result.stderr)
        # The extension's own declarations have them, before and after a
        # type out of step in the same session.
        result = server.psql(f"SELECT status, since FROM lapse_status({inputs});"
                             f"SELECT status, since FROM swapped_status({inputs})", check=False)
        self.assertEqual(result.stdout, "active|2025-01-01\n")
        self.assertIn("does not have the 8 columns, from status", result.stderr)


# Issue 28's self-serve example: 2025-01-10, 12 months, 20.00 + 10 seats x
# 5.00 (70.00 an invoice), asked on 2025-03-20 through support.
ASK = ("start => '2025-01-10', term => 12, price => 20.00, \"on\" => '2025-03-20', "
       "channel => 'support', roles => '{billing_admin}', provided => '{all}'")
SEATS = ASK + ", items => 'seats:10:5.00'"


class Items(unittest.TestCase):
    """items and reduce (issue 28): arguments, result columns, scalar
    functions, errors and the update from 0.2."""

    def query(self, sql, check=True):
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        return server.psql(sql, check=check)

    def test_whole_cancellation_with_items(self):
        got = self.query(f"SELECT remaining_term_charge, still_to_invoice, change_effective_on, "
                         f"recurring_after, saving, item_results FROM lapse_cancel({SEATS})"
                         ).stdout
        # Ten invoices of 70.00, nine to invoice; the seats released at the end.
        self.assertEqual(got, "700.00|630.00||0.00|0.00|seats:10:0:2026-01-10:0\n")
        scalars = self.query(
            f"SELECT lapse_remaining_term_charge({SEATS}), lapse_saving({SEATS}), "
            f"lapse_change_effective_on({SEATS}) IS NULL, lapse_recurring_after({SEATS}), "
            f"lapse_item_results({SEATS})").stdout
        self.assertEqual(scalars, "700.00|0.00|t|0.00|seats:10:0:2026-01-10:0\n")
        plain = self.query("SELECT remaining_term_charge, item_results FROM lapse_cancel("
                           "start => '2025-01-10', term => 12, price => 70.00, "
                           "\"on\" => '2025-03-20')").stdout
        self.assertEqual(plain, "700.00|\n")
        # A try_cancel row and the timeline's invoices at the invoice amount.
        got = self.query(f"SELECT item_results, error FROM lapse_try_cancel({ASK}, "
                         "items => 'seats:10:5.00;mobile:2:3.50:0:1')").stdout
        self.assertEqual(got, "seats:10:0:2026-01-10:0;mobile:2:0:2026-01-10:1|\n")
        got = self.query(f"SELECT DISTINCT amount FROM lapse_timeline({SEATS}) "
                         "WHERE event = 'invoice'").stdout
        self.assertEqual(got, "70.00\n")

    def test_errors_name_items_and_reduce(self):
        bad = self.query("SELECT error_field FROM lapse_try_cancel(start => '2025-01-10', "
                         "\"on\" => '2025-03-20', items => 'seats:x:5.00')").stdout
        self.assertEqual(bad, "items\n")
        many = ";".join(f"i{i}:1:1.00" for i in range(17))
        got = self.query("SELECT error_field, error_code FROM lapse_try_cancel(start => "
                         f"'2025-01-10', \"on\" => '2025-03-20', items => '{many}')").stdout
        self.assertEqual(got, "items|out_of_range\n")
        got = self.query(f"SELECT error_field FROM lapse_try_cancel({SEATS}, "
                         "reduce => 'seats=x')").stdout
        self.assertEqual(got, "reduce\n")
        raised = self.query(f"SELECT lapse_cancel({ASK}, items => 'seats:10:5.00;seats:1:1')",
                            check=False)
        self.assertNotEqual(raised.returncode, 0)
        self.assertIn("field: items", raised.stderr)

    def test_update_from_0_2(self):
        """ALTER EXTENSION lapse UPDATE from 0.2 (its script made by
        gen_sql.py with 0.2's arguments and outputs) gives the functions and
        types a new installation has."""
        namespace = {"__name__": "gen_sql"}
        exec(compile((ROOT / "bindings" / "postgresql" / "gen_sql.py").read_text(),
                     "gen_sql.py", "exec"), namespace)
        namespace["ARGUMENTS"][:] = namespace["ARGUMENTS_0_2"]
        namespace["DECISION"][:] = [d for d in namespace["DECISION"]
                                    if d[0] not in namespace["ADDED_IN_0_3"]]
        namespace["SCALARS"][:] = namespace["SCALARS_0_2"]
        extension = (servers.installation.root / pgcluster.pg_setting("--sharedir").lstrip("/")
                     / "extension")
        namespace["sys"].argv = ["gen_sql.py", "0.2", str(extension / "lapse--0.2.sql")]
        namespace["main"]()
        catalog = ("SELECT string_agg(p.proname || '(' || pg_get_function_arguments(p.oid) || ') '"
                   " || pg_get_function_result(p.oid), E'\\n' ORDER BY p.proname) FROM pg_proc p "
                   "JOIN pg_depend d ON d.objid = p.oid JOIN pg_extension e ON e.oid = d.refobjid "
                   "WHERE e.extname = 'lapse';"
                   "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' "
                   "ORDER BY attnum) FROM pg_attribute WHERE attrelid = "
                   "'lapse_try_decision'::regclass AND attnum > 0")
        try:
            server.psql("DROP DATABASE IF EXISTS updated; CREATE DATABASE updated; "
                        "DROP DATABASE IF EXISTS fresh; CREATE DATABASE fresh")
            server.psql("CREATE EXTENSION lapse VERSION '0.2'", database="updated")
            old = server.psql("SELECT extversion FROM pg_extension WHERE extname = 'lapse'",
                              database="updated").stdout
            self.assertEqual(old, "0.2\n")
            server.psql("ALTER EXTENSION lapse UPDATE TO '0.3'", database="updated")
            server.psql("CREATE EXTENSION lapse", database="fresh")
            updated = server.psql(catalog, database="updated").stdout
            self.assertEqual(updated, server.psql(catalog, database="fresh").stdout)
            self.assertIn("items text DEFAULT NULL", updated)
            got = server.psql(f"SELECT item_results FROM lapse_cancel({SEATS})",
                              database="updated").stdout
            self.assertEqual(got, "seats:10:0:2026-01-10:0\n")
        finally:
            (extension / "lapse--0.2.sql").unlink(missing_ok=True)


class ItemReductions(unittest.TestCase):
    """reduce (issue 28): the reduction's columns, scalars and timeline."""

    def query(self, sql):
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        return server.psql(sql).stdout

    def test_reduction_columns(self):
        reduce = ", reduce => 'seats=6', policy => 'reduction_timing = end_of_billing_period'"
        got = self.query(f"SELECT change_effective_on, remaining_term_charge, still_to_invoice, "
                         f"saving, recurring_after, item_results FROM lapse_cancel({SEATS}{reduce})")
        # 70.00 + 9 x 50.00 = 520.00, to invoice 450.00, saving 180.00.
        self.assertEqual(got, "2025-04-10|520.00|450.00|180.00|50.00|seats:10:6:2025-04-10:0\n")
        scalars = self.query(f"SELECT lapse_saving({SEATS}{reduce}), "
                             f"lapse_change_effective_on({SEATS}{reduce}), "
                             f"lapse_recurring_after({SEATS}{reduce}), "
                             f"lapse_item_results({SEATS}{reduce})")
        self.assertEqual(scalars, "180.00|2025-04-10|50.00|seats:10:6:2025-04-10:0\n")
        events = self.query(f"SELECT date, event, amount FROM lapse_timeline({SEATS}{reduce}) "
                            "WHERE event IN ('reduction', 'change')")
        self.assertEqual(events, "2025-03-20|reduction|0.00\n2025-04-10|change|50.00\n")
        error = self.query(f"SELECT error_field FROM lapse_try_cancel({SEATS}, "
                           "reduce => 'mobile=1')")
        self.assertEqual(error, "reduce\n")


class Pauses(unittest.TestCase):
    """paused_from and resumes_on (#31 item 3) as named arguments of the
    decision, the status, the timeline and the scalars."""
    PAUSE = ("start => '2025-01-01', term => 12, price => 30.00, "
             "paused_from => '2025-04-01', resumes_on => '2025-05-01'")

    def query(self, sql):
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        return server.psql("SET datestyle = 'ISO';\n" + sql).stdout

    def test_the_issue_examples(self):
        # Default policy: term end 2026-02-01, 8 x 30.00; pause_extends_term
        # false: 2026-01-01, 7 x 30.00; during the pause 9 x 30.00.
        got = self.query(f"SELECT term_end, effective_end, remaining_term_charge, "
                         f"still_to_invoice FROM lapse_cancel({self.PAUSE}, "
                         "\"on\" => '2025-06-10', roles => ARRAY['billing_admin'])")
        self.assertEqual(got, "2026-02-01|2026-02-01|240.00|210.00\n")
        got = self.query(f"SELECT term_end, remaining_term_charge FROM lapse_cancel({self.PAUSE}, "
                         "\"on\" => '2025-06-10', policy => 'pause_extends_term = false')")
        self.assertEqual(got, "2026-01-01|210.00\n")
        got = self.query(f"SELECT lapse_remaining_term_charge({self.PAUSE}, "
                         "\"on\" => '2025-04-15'), lapse_effective_end("
                         f"{self.PAUSE}, \"on\" => '2025-04-15')")
        self.assertEqual(got, "270.00|2026-02-01\n")
        got = self.query(f"SELECT status, listed_as FROM lapse_status({self.PAUSE}, "
                         "\"on\" => '2025-04-15')")
        self.assertEqual(got, "paused|active\n")
        got = self.query(f"SELECT date FROM lapse_timeline({self.PAUSE}, \"on\" => '2025-06-10')"
                         " WHERE event = 'invoice' AND date < '2025-06-02'")
        self.assertEqual(got, "2025-01-01\n2025-02-01\n2025-03-01\n2025-05-01\n2025-06-01\n")

    def test_errors_name_the_field(self):
        got = self.query("SELECT error_field, error_code FROM lapse_try_cancel(start => "
                         "'2025-01-01', term => 12, paused_from => '2025-04-02', resumes_on => "
                         "'2025-05-01', \"on\" => '2025-06-10')")
        self.assertEqual(got, "paused_from|out_of_range\n")
        got = self.query("SELECT error_field, error_code FROM lapse_try_cancel(start => "
                         "'2025-01-01', term => 12, paused_from => '2025-04-01', "
                         "\"on\" => '2025-06-10')")
        self.assertEqual(got, "resumes_on|missing\n")
        got = self.query("SELECT error_field FROM lapse_try_cancel(start => '2025-01-01', "
                         "term => 12, paused_from => 'infinity', resumes_on => '2025-05-01', "
                         "\"on\" => '2025-06-10')")
        self.assertEqual(got, "paused_from\n")


class Vectors(unittest.TestCase):
    def check(self, name):
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        lines = [line for line in (ROOT / "tests" / "vectors" / name).read_text().split("\n")
                 if line and not line.startswith("#")]
        header = lines[0].split("\t")
        rows = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
        queries = []
        for cells in rows:
            arguments = ", ".join(argument(c, cells[c]) for c in INPUTS if cells.get(c))
            queries.append(f"SELECT {', '.join(DECISION)}, error, error_code "
                           f"FROM lapse_try_cancel({arguments});")
        out = server.psql("SET datestyle = 'ISO';\n" + "\n".join(queries)).stdout
        got_rows = out.rstrip("\n").split("\n")
        self.assertEqual(len(got_rows), len(rows))
        for cells, got in zip(rows, got_rows):
            with self.subTest(note=cells["note"]):
                fields = got.split("|")
                want = c_decision(cells)
                error = want.pop("error")
                if error:
                    self.assertEqual(fields[len(DECISION)], error)
                    if cells["error"] != "*":
                        self.assertEqual(fields[len(DECISION) + 1], cells["error"])
                    continue
                self.assertEqual(fields[len(DECISION)], "")
                currency = want["currency"]
                for key, value in zip(DECISION, fields):
                    self.assertEqual(value, as_sql_text(key, want[key], currency), key)

    def test_default_policy_vectors(self):
        self.check("cancel.tsv")

    def test_policy_vectors(self):
        self.check("policies.tsv")

    def test_trial_vectors(self):
        self.check("trials.tsv")

    def test_money_vectors(self):
        self.check("money.tsv")
    def test_intro_vectors(self):
        self.check("intros.tsv")

    def test_pause_vectors(self):
        self.check("pauses.tsv")


class Memory(unittest.TestCase):
    """A million rows whose policy alternates between two presets take no
    more of the backend's memory than rows of one policy (issue #25: each
    change of policy kept a new cached copy, about 170 bytes a row, so the
    alternating sum peaked near 195 MB against 23 MB).  The backend's peak
    (VmHWM) is read from its own /proc/self/status before and after."""

    ROWS = 1_000_000
    ARGS = """start => '2025-01-15', term => 12, price => 30.00, "on" => '2025-03-01',
              roles => '{billing_admin}'"""

    def peak_growth(self, policy):
        status = "SELECT pg_read_file('/proc/self/status');"
        out = server.psql(f"""{status}
            SELECT sum(lapse_refund({self.ARGS}, policy => {policy}))
            FROM generate_series(1, {self.ROWS}) AS i;
            {status}""").stdout
        peaks = [int(line.split()[1]) for line in out.splitlines() if line.startswith("VmHWM:")]
        total = next(line for line in out.splitlines() if line and line[0].isdigit())
        self.assertEqual(len(peaks), 2, out)
        return total, (peaks[1] - peaks[0]) * 1024

    def test_alternating_policies_stay_flat(self):
        if not pathlib.Path("/proc/self/status").exists():
            self.skipTest("no /proc/self/status to read the backend's peak memory")
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        # The refund is 13.93 under immediate-prorated, 15.00 under killbill-like
        # (a same-day end: 14 of the period 02-15..03-15's 28 days).
        total, one = self.peak_growth("'immediate-prorated'")
        self.assertEqual(total, "13930000.00")
        total, alternating = self.peak_growth(
            "CASE WHEN i % 2 = 0 THEN 'immediate-prorated' ELSE 'killbill-like' END")
        self.assertEqual(total, "14465000.00")
        # Growing 170 bytes a row would be 170 MB here.
        self.assertLess(alternating, one + 8 * 2**20, (one, alternating))


class CallSiteCaches(unittest.TestCase):
    """What a function keeps between the rows of a query (lapse_pg.c's
    call_cache: the currency, the channel and the policy as read, the
    currency's digits, the result type, the repeated result values) never
    gives a row another row's answer: one query over rows whose currency,
    channel, roles, policy and amounts change from row to row (errors
    among them) equals each row asked alone, in a query of its own."""

    ROWS = [
        "20.00, 'EUR', 'online', '{billing_admin}', NULL",
        "2500, 'JPY', 'support', '{billing_contact}', NULL",
        "12.346, 'KWD', 'online', '{}', 'immediate-prorated'",
        "1.5, 'jpy', 'online', '{billing_admin}', NULL",
        "30.00, 'EUR', 'support', '{billing_admin}', 'killbill-like'",
        "12.3456, 'CLF', 'online', '{billing_admin}', 'immediate-prorated'",
        "2500.5, 'JPY', 'online', '{billing_admin}', NULL",
        "0, 'JPY', 'online', '{billing_admin}', NULL",
        "0, 'KWD', 'support', '{billing_admin}', 'killbill-like'",
        "0, 'KWD', 'support', '{billing_admin,owner}', 'killbill-like'",
        "20.00, 'EUR', 'phone', '{billing_admin}', NULL",
        "20.00, 'EUR', 'online', '{billing_admin}', 'no such policy'",
        "20.00, 'EUR', 'online', '{billing_admin}', NULL",
        "0, 'EUR', 'online', '{}', NULL",
    ]
    CALL = ("lapse_try_cancel(start => '2025-01-31', term => 12, price => {0}, currency => {1}, "
            "channel => {2}, roles => {3}, policy => {4}, \"on\" => '2025-03-10', "
            "balance => {0} / 2)")

    def test_each_row_its_own_answer(self):
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        values = ", ".join(f"({i}, {row})" for i, row in enumerate(self.ROWS))
        call = self.CALL.format("v.price", "v.currency", "v.channel", "v.roles::text[]",
                                "v.policy")
        together = server.psql(
            f"SELECT c.* FROM (VALUES {values}) AS v(n, price, currency, channel, roles, policy),"
            f" LATERAL {call} AS c ORDER BY v.n").stdout.splitlines()
        alone = [server.psql(f"SELECT * FROM {self.CALL.format(*self.split(row))}").stdout.strip()
                 for row in self.ROWS]
        self.assertEqual(together, alone)
        # Each kind of row is there: errors between rows, each currency's
        # zero (the balance after), rows blocked for different reasons.
        self.assertIn("currency 'jpy': not three upper-case letters", together[3])
        self.assertIn("roles 'owner': not a known name", together[9])
        self.assertIn("channel: not a channel", together[10])
        self.assertIn("policy", together[11].split("|")[-2])
        fields = [row.split("|") for row in together]
        self.assertEqual([fields[n][26] for n in (7, 8, 13)], ["0", "0.000", "0.00"])
        self.assertEqual([fields[n][16] for n in (5, 6, 7, 8)], ["CLF", "", "JPY", "KWD"])
        self.assertGreaterEqual(len({f[1] for f in fields if f[1]}), 3, together)

    def test_kept_values_cycle(self):
        """A column's repeated values are kept KEPT_WAYS (8) at a time: rows
        cycling through ten currencies (each its own currency column, and
        three kinds of zero) and three role sets (each its own blocked
        list), twice over, more values than a column keeps, so that kept
        values are replaced while others are still used: each row equals
        the same row asked alone; two call sites of the function in one
        query keep their own."""
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        currencies = ["EUR", "JPY", "KWD", "CLF", "USD", "GBP", "CHF", "SEK", "UGX", "BHD"]
        roles = ["'{billing_admin}'", "'{}'", "'{billing_contact}'"]
        rows = [(c, r) for _ in range(2) for c in currencies for r in roles]
        values = ", ".join(f"({n}, '{c}', {r}::text[])" for n, (c, r) in enumerate(rows))
        call = ("lapse_try_cancel(start => '2025-01-31', term => 12, price => {0}, "
                "currency => {1}, roles => {2}, \"on\" => '2025-03-10')")
        together = server.psql(
            f"SELECT c.*, d.* FROM (VALUES {values}) AS v(n, currency, roles), "
            f"LATERAL {call.format('v.n', 'v.currency', 'v.roles')} AS c, "
            f"LATERAL {call.format('0', 'v.currency', 'v.roles')} AS d "
            f"ORDER BY v.n").stdout.splitlines()
        alone = server.psql("".join(
            f"SELECT c.*, d.* FROM {call.format(n, repr(c), r + '::text[]')} AS c, "
            f"{call.format(0, repr(c), r + '::text[]')} AS d;\n"
            for n, (c, r) in enumerate(rows))).stdout.splitlines()
        self.assertEqual(together, alone)
        fields = [row.split("|") for row in together]
        self.assertEqual(len({f[16] for f in fields}), 10)  # currencies
        self.assertEqual(len({f[1] for f in fields}), 2)  # blocked lists
        self.assertEqual(len({f[26] for f in fields}), 4)  # zeros: 0, 0.00, 0.000, 0.0000

    # Constant arguments (literals, defaults) are read once a call site,
    # into a template; the others every row, with what depends on them
    # (the amounts and items on the currency, "on" with requested_at and
    # zone).  A wrong constant means no template: every row reads all.
    MIXES = [
        # (constant arguments, the argument given from a column, its rows)
        ("currency => 'JPY'", "price", ["2500", "2500.5", "0", "12"]),
        ("items => 'seats:10:5.00'", "currency", ["'EUR'", "'JPY'", "'KWD'", "'EUR'"]),
        ("zone => 'America/Los_Angeles'", "requested_at",
         ["'2025-12-02 23:30:00-08'::timestamptz", "NULL::timestamptz",
          "'2025-12-03 08:30:00+00'::timestamptz", "'2025-12-02 07:59:00+00'::timestamptz"]),
        ("\"on\" => '2025-12-01', zone => 'UTC'", "requested_at",
         ["NULL::timestamptz", "'2025-12-02 23:30:00-08'::timestamptz", "NULL::timestamptz"]),
        ("policy => 'no such policy'", "roles", ["'{billing_admin}'::text[]", "'{}'::text[]"]),
        ("policy => 'immediate-prorated', currency => 'jpy'", "price", ["20", "0"]),
        ("policy => 'immediate-prorated', channel => 'support'", "roles",
         ["'{billing_admin}'::text[]", "'{}'::text[]", "'{owner}'::text[]",
          "'{billing_contact}'::text[]"]),
        ("price => 12.345, balance => 1.5", "currency", ["'KWD'", "'EUR'", "'CLF'", "'KWD'"]),
    ]

    def test_constant_arguments_read_once(self):
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        for constants, column, values in self.MIXES:
            with self.subTest(constants=constants, column=column):
                given = "start => '2025-01-31', term => 12"
                if column != "price" and "price =>" not in constants:
                    given += ", price => 20.00"
                if column != "requested_at" and '"on"' not in constants:
                    given += ", \"on\" => '2025-03-10'"
                rows = ", ".join(f"({i}, {v})" for i, v in enumerate(values))
                together = server.psql(
                    f"SELECT c.* FROM (VALUES {rows}) AS v(n, x), LATERAL lapse_try_cancel("
                    f"{given}, {constants}, {column} => v.x) AS c ORDER BY v.n"
                ).stdout.splitlines()
                alone = [server.psql(f"SELECT * FROM lapse_try_cancel({given}, {constants}, "
                                     f"{column} => {v})").stdout.strip() for v in values]
                self.assertEqual(together, alone)
                self.assertEqual(len(together), len(values))

    @staticmethod
    def split(row):
        """A VALUES row's five SQL literals, the roles cast to text[]."""
        price, currency, channel, rest = row.split(", ", 3)
        roles, policy = rest.rsplit(", ", 1)
        return price, currency, channel, roles + "::text[]", policy

    def test_amounts_read_without_text(self):
        """lapse_pg.c reads most numerics from their stored digits
        (numeric_minor_units), the rest through their text: 30,000 random
        amounts of every shape (scales 0-8 with trailing zeros, up to 10^19,
        below the minor unit, negative) in four currencies, from a table (as
        stored, short headers) and as literals: the charge of one period is
        the price itself with the currency's decimals, and what is refused
        is refused with the text's error."""
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        server.psql("""DROP TABLE IF EXISTS amounts;
            SELECT setseed(0.5);
            CREATE TABLE amounts AS
            SELECT i, c.currency, c.digits,
                   round(((random() - 0.2) * 10 ^ (random() * 19))::numeric, (random() * 8)::int)
                       * (CASE WHEN random() < 0.3 THEN 1.000 ELSE 1 END) AS price
            FROM generate_series(1, 30000) AS i,
                 LATERAL (SELECT (ARRAY['EUR', 'JPY', 'KWD', 'CLF'])[1 + i % 4] AS currency,
                                 (ARRAY[2, 0, 3, 4])[1 + i % 4] AS digits) AS c;""")
        expected = """CASE WHEN a.price <> round(a.price, a.digits) THEN 'amount_precision'
                           WHEN abs(a.price) * 10::numeric ^ a.digits >= 2::numeric ^ 63
                           THEN 'amount_range'
                           WHEN a.price < 0 THEN 'out_of_range'
                           ELSE round(a.price, a.digits)::text END"""
        got = """coalesce(c.error_code, c.remaining_term_charge::text)"""
        for source in ("a.price", "(a.price::text)::numeric"):
            with self.subTest(source=source):
                out = server.psql(f"""
                    SELECT count(*), count(*) FILTER (WHERE {got} IS DISTINCT FROM {expected}),
                           count(*) FILTER (WHERE c.error_code IS NULL),
                           count(*) FILTER (WHERE c.error_code = 'amount_precision'),
                           count(*) FILTER (WHERE c.error_code = 'out_of_range'),
                           count(*) FILTER (WHERE c.error_code = 'amount_range')
                    FROM amounts a, LATERAL lapse_try_cancel(
                        start => '2025-01-01', "on" => '2025-01-01', price => {source},
                        currency => a.currency) AS c""").stdout.strip()
                total, wrong, *kinds = map(int, out.split("|"))
                self.assertEqual((total, wrong), (30000, 0), out)
                # Every kind is there, in numbers.
                self.assertTrue(all(k > 1000 for k in kinds), out)
                wrong = server.psql(f"""SELECT a.price, a.currency, {got}, {expected}
                    FROM amounts a, LATERAL lapse_try_cancel(start => '2025-01-01',
                        "on" => '2025-01-01', price => {source}, currency => a.currency) AS c
                    WHERE {got} IS DISTINCT FROM {expected} LIMIT 5""").stdout
                self.assertEqual(wrong, "")
        # The errors' texts are the numerics' own.
        errors = server.psql("""SELECT c.error FROM (VALUES (1, 1.005), (2, -12.30),
                (3, 92233720368547758.08), (4, 'NaN'), (5, '-Infinity'), (6, 20.0010))
                AS v(n, price), LATERAL lapse_try_cancel(start => '2025-01-01',
                "on" => '2025-01-01', price => v.price) AS c ORDER BY v.n""").stdout
        self.assertEqual(errors.splitlines(), [
            "price 1.005 EUR: more decimals than the currency has",
            "price -12.30 EUR: must not be negative",
            "price 92233720368547758.08 EUR: beyond the 64-bit range of amounts",
            "price NaN EUR: not a decimal amount",
            "price -Infinity EUR: not a decimal amount",
            "price 20.0010 EUR: more decimals than the currency has"])

    def test_amounts_written_without_text(self):
        """lapse_pg.c writes amounts as numerics itself
        (numeric_of_minor_units: into the call site's room in a composite,
        palloc'd in a scalar) and through int64_div_fast_to_numeric from
        10^15 minor units: 20,000 random prices and balances of every size
        up to 10^17 minor units (0 and round numbers among them) in four
        currencies come back, in the composite and in the scalars, as
        PostgreSQL's own round(amount, digits): the same text and the
        same digits, weight and scale (numeric_send)."""
        server.psql("CREATE EXTENSION IF NOT EXISTS lapse")
        server.psql("""DROP TABLE IF EXISTS written;
            SELECT setseed(0.25);
            CREATE TABLE written AS
            SELECT i, c.currency, c.digits,
                   round(trunc(10 ^ (random() * 17))::numeric / 10::numeric ^ c.digits
                         * (CASE WHEN random() < 0.2 THEN 10::numeric ^ (random() * 8)::int
                                 ELSE 1 END),
                         c.digits) AS price,
                   CASE WHEN random() < 0.2 THEN 0
                        ELSE round(trunc(10 ^ (random() * 17))::numeric / 10::numeric ^ c.digits,
                                   c.digits) END AS balance
            FROM generate_series(1, 20000) AS i,
                 LATERAL (SELECT (ARRAY['EUR', 'JPY', 'KWD', 'CLF'])[1 + i % 4] AS currency,
                                 (ARRAY[2, 0, 3, 4])[1 + i % 4] AS digits) AS c;
            DELETE FROM written WHERE price * 10::numeric ^ digits >= 10::numeric ^ 17;""")
        args = ("start => '2025-01-01', \"on\" => '2025-01-01', price => w.price, "
                "currency => w.currency, balance => w.balance")
        same = """(numeric_send({0}) = numeric_send(round({1}, w.digits))
                   AND {0}::text = round({1}, w.digits)::text)"""
        out = server.psql(f"""
            SELECT count(*), count(*) FILTER (WHERE c.error IS NOT NULL),
                   count(*) FILTER (WHERE NOT {same.format('c.remaining_term_charge', 'w.price')}),
                   count(*) FILTER (WHERE NOT {same.format('c.balance_after', 'w.balance')}),
                   count(*) FILTER (WHERE NOT {same.format(
                       f'lapse_remaining_term_charge({args})', 'w.price')}),
                   count(*) FILTER (WHERE NOT {same.format(
                       f'lapse_balance_after({args})', 'w.balance')}),
                   count(*) FILTER (WHERE w.price * 10::numeric ^ w.digits >= 10::numeric ^ 15),
                   count(*) FILTER (WHERE w.price < 1)
            FROM written w, LATERAL lapse_try_cancel({args}) AS c""").stdout.strip()
        total, errors, *wrong, large, small = map(int, out.split("|"))
        self.assertEqual((errors, wrong), (0, [0, 0, 0, 0]), out)
        # Both paths and every size, in numbers.
        self.assertGreater(total, 15000, out)
        self.assertGreater(large, 500, out)
        self.assertGreater(small, 500, out)


if __name__ == "__main__":
    unittest.main()


class ReadmeQueries(unittest.TestCase):
    """The PostgreSQL queries of docs/sql.md (one of them the README's) run as printed, on tables with
    the columns they name; the COPY recipe feeds `lapse batch`."""

    TABLES = """CREATE TABLE subscriptions (id int, start date, term int, billing int,
        price numeric, contract boolean, balance numeric, cancelled_on date);
    INSERT INTO subscriptions VALUES
        (1, '2025-01-31', 1, 1, 20.00, false, 0, NULL),
        (2, '2024-10-01', 15, 1, 100.00, true, 0, NULL),
        (3, '2025-01-31', 1, 1, 20.00, false, 12.00, NULL),
        (4, current_date - 100, 1, 1, 20.00, false, 0, current_date - 95);
    CREATE TABLE cancellation_requests (subscription_id int, requested_on date, channel text,
        roles text[]);
    INSERT INTO cancellation_requests VALUES (1, current_date, 'online', '{billing_admin}'),
        (2, current_date, 'support', '{billing_contact}');
    CREATE TABLE accounts (start date, requested_at timestamptz, zone text);
    INSERT INTO accounts VALUES ('2025-01-01', '2025-12-02 23:30:00-08', 'America/Los_Angeles');"""

    def test_queries_run(self):
        server.psql("DROP DATABASE IF EXISTS readme; CREATE DATABASE readme")
        server.psql("CREATE EXTENSION lapse;" + self.TABLES, database="readme")
        sql = (ROOT / "docs" / "sql.md").read_text()
        section = sql[sql.index("# lapse in SQL"):sql.index("## Running across")]
        queries = [block.split("```", 1)[0] for block in section.split("```sql\n")[1:]]
        self.assertEqual(len(queries), 6)
        # The README's PostgreSQL example is the first of them.
        readme = (ROOT / "README.md").read_text()
        example = readme.split("**PostgreSQL**", 1)[1].split("```sql\n", 1)[1].split("```", 1)[0]
        self.assertEqual(example, queries[0])
        online, items, deleted, charges, helpers, zoned = (
            server.psql(q, database="readme").stdout for q in queries)
        # Time zones (#29): 23:30 in Los Angeles on the deadline is in time,
        # by the helpers and by lapse_cancel's own requested_at and zone; the
        # deadline instant is 12-03 08:00Z (printed in the session's zone).
        instant = server.psql("SELECT timestamptz '2025-12-03 08:00:00+00'",
                              database="readme").stdout.strip()
        self.assertEqual(helpers, f"f|{instant}\n")
        self.assertEqual(zoned, f"f|{instant}\n")
        # Ten invoices of 20.00 + 10 x 5.00.
        self.assertEqual(items, "700.00|seats:10:0:2026-01-10:0\n")
        # 2 is a fixed-term contract (cancelled through support), 3 owes a balance.
        self.assertEqual(online.split(), ["1", "4"])
        # 4 was cancelled 95 days ago: listed when the CLI's deletion date for it
        # falls in this week (Monday to Sunday).
        import datetime
        today = datetime.date.today()
        start, cancelled = today - datetime.timedelta(100), today - datetime.timedelta(95)
        status = json.loads(subprocess.run(
            [CLI, "status", "--start", start.isoformat(), "--cancelled-on", cancelled.isoformat(),
             "--on", cancelled.isoformat(), "--json"], capture_output=True).stdout)
        deletion = datetime.date.fromisoformat(status["data_deleted_on"])
        monday = today - datetime.timedelta(today.weekday())
        this_week = monday <= deletion <= monday + datetime.timedelta(6)
        self.assertEqual(deleted.split(), [f"4|{deletion}"] if this_week else [])
        self.assertEqual(len(charges.strip().splitlines()), 2)

    def test_copy_to_lapse_batch(self):
        server.psql("DROP DATABASE IF EXISTS recipe; CREATE DATABASE recipe")
        server.psql(self.TABLES, database="recipe")
        sql = (ROOT / "docs" / "sql.md").read_text()
        recipe = next(line.strip() for line in sql.splitlines() if "TO PROGRAM" in line)
        with tempfile.TemporaryDirectory() as work:
            env = dict(os.environ, PATH=str(pathlib.Path(CLI).resolve().parent) + ":" +
                       os.environ["PATH"])
            result = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1",
                                     *server.connection("recipe"), "-c", recipe], cwd=work,
                                    env=env, capture_output=True, text=True)
            out = (pathlib.Path(work) / "out.csv").read_text().splitlines()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(out), 5)  # the header and one row a subscription
        self.assertTrue(all(line.endswith(",") for line in out[1:]), out)  # no row has an error
