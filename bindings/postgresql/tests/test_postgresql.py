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

ROOT = pathlib.Path(os.environ.get("LAPSE_SOURCE_ROOT", pathlib.Path(__file__).parents[3]))
CLI = os.environ.get("LAPSE_CLI", "build/examples/lapse")
HERE = pathlib.Path(__file__).parent.parent

INPUTS = ["start", "term", "renewal_term", "billing", "price", "currency", "contract",
          "auto_renew", "online_cancel", "balance", "licenses", "cancelled_on", "on", "channel",
          "roles", "can_sign_in", "provided", "policy", "renewal_price", "end_on"]
TYPES = {"start": "date", "cancelled_on": "date", "on": "date", "end_on": "date",
         "term": "int", "renewal_term": "int", "billing": "int", "licenses": "int",
         "price": "numeric", "balance": "numeric", "renewal_price": "numeric",
         "contract": "bool", "auto_renew": "bool", "online_cancel": "bool",
         "can_sign_in": "bool", "roles": "list", "provided": "list"}
DECISION = ["allowed", "blocked", "warnings", "missing_support_info", "route", "term_start",
            "term_end", "notice_deadline", "renews_first", "effective_end",
            "remaining_term_charge", "still_to_invoice", "refund", "termination_fee",
            "invoices_left", "next_invoice", "currency", "data_deleted_on", "confirmation"]


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
    if key in ("remaining_term_charge", "still_to_invoice", "refund", "termination_fee"):
        digits = {"JPY": 0, "KWD": 3, "CLF": 4, "ISK": 0, "CLP": 0}.get(currency, 2)
        sign = "-" if value < 0 else ""
        value = abs(value)
        if digits == 0:
            return f"{sign}{value}"
        return f"{sign}{value // 10 ** digits}.{value % 10 ** digits:0{digits}d}"
    return str(value)


class RegressionSuite(unittest.TestCase):
    def test_pg_regress(self):
        pg_regress = pathlib.Path(pgcluster.pg_setting("--pkglibdir")) / "pgxs" / "src" / \
            "test" / "regress" / "pg_regress"
        with tempfile.TemporaryDirectory() as out:
            result = subprocess.run([str(pg_regress), "--inputdir", str(HERE),
                                     "--outputdir", out, "--bindir", "/usr/bin",
                                     "--host", str(server.directory), "--port", str(server.port),
                                     "--user", "postgres", "--dbname", "lapse_regression",
                                     "lapse"], capture_output=True, text=True)
            diffs = pathlib.Path(out) / "regression.diffs"
            self.assertEqual(result.returncode, 0,
                             result.stdout + (diffs.read_text() if diffs.exists() else ""))


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


if __name__ == "__main__":
    unittest.main()
