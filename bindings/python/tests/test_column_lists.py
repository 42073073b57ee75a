"""Every hand-written list of the columns outside the library is the
library's (src/tables/columns.h, one table, #27), read at run time through
lapse_column_name / lapse_column_is_input / lapse_column_is_decision: the
SQL extensions' argument lists (PostgreSQL's generated functions and C
argument positions, SQLite's positional arguments and the list its comment
gives), the tool's flags, the batch help's input columns and the columns of
lapse-vectors(5).  A column added to the table and left out of one of them
fails here."""
import ctypes
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_lapse  # noqa: E402  (the package from the tree)

lapse = test_lapse.lapse
from lapse import _native  # noqa: E402

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")


def read(*path):
    with open(os.path.join(SOURCE, *path), encoding="utf-8") as f:
        return f.read()


def library_columns():
    """[(column number, name)] of every column, in the enum's order."""
    lib = _native.lib
    out = []
    for column in range(1, 1024):  # past any gap: up to 4 x LAPSE_TABLE_MAX_COLUMNS
        name = lib.lapse_column_name(column)
        if name is not None:
            out.append((column, name.decode()))
    return out


def library_inputs():
    lib = _native.lib
    lib.lapse_column_is_input.argtypes = [ctypes.c_int]
    lib.lapse_column_is_input.restype = ctypes.c_int32
    return [name for column, name in library_columns() if lib.lapse_column_is_input(column)]


def c_identifiers(text, start, prefix):
    """The PREFIX_X names, lower-cased, of the C block that begins at START
    and ends at the first '};'."""
    block = text[text.index(start):]
    block = block[:block.index("};")]
    return [name.lower() for name in re.findall(prefix + r"(\w+)", block[len(start):])]


def positional():
    """The arguments of every SQL function: the inputs in the table's order,
    the policy after the request's first five (the order of 0.1, before the
    later inputs were added)."""
    inputs = library_inputs()
    at = inputs.index("provided") + 1
    return inputs[:at] + ["policy"] + inputs[at:]


# The request as an instant (#29): columns the library reads but does not
# count as inputs (the caller loads the zone and converts the instant), taken
# by the batch tool and, as their last two arguments, PostgreSQL's functions.
INSTANT = ["requested_at", "zone"]


def postgresql_positional():
    """PostgreSQL's arguments: the instant's two after billing_month, where
    they were appended (#29), then the inputs added after them."""
    names = positional()
    at = names.index("billing_month") + 1
    return names[:at] + INSTANT + names[at:]


class Library(unittest.TestCase):
    def test_columns_are_numbered_without_gaps(self):
        numbers = [column for column, _ in library_columns()]
        self.assertEqual(numbers, list(range(1, len(numbers) + 1)))
        # 50 + requested_at, zone, notice_deadline_at, access_ends_at, billing_month,
        # trial_end, applied_to_balance, cash_refund, account_credit, balance_after,
        # concluded_on, withdrawal_informed, express_request, intro_months, intro_price,
        # paused_from, resumes_on
        self.assertEqual(len(numbers), 67)

    def test_names_are_the_enum(self):
        """Each column's name is its LAPSE_COLUMN_ identifier, lower-cased,
        at the enum's number (lapse/tables.h)."""
        header = read("include", "lapse", "tables.h")
        enum = {int(number): name.lower()
                for name, number in re.findall(r"LAPSE_COLUMN_(\w+) = (\d+)", header)
                if name != "NONE" and not name.startswith("TYPE_")}
        self.assertEqual(enum, dict(library_columns()))

    def test_inputs(self):
        self.assertEqual(library_inputs(), [
            "start", "term", "renewal_term", "billing", "price", "currency", "contract",
            "auto_renew", "online_cancel", "balance", "licenses", "cancelled_on", "on", "channel",
            "roles", "can_sign_in", "provided", "renewal_price", "end_on", "billing_day", "items",
            "reduce", "billing_month", "trial_end", "concluded_on", "withdrawal_informed",
            "express_request", "intro_months", "intro_price", "paused_from", "resumes_on"])

    def test_python_input_columns(self):
        from lapse import columns
        self.assertEqual(list(columns.INPUT_COLUMNS), library_inputs())


class Sql(unittest.TestCase):
    def test_postgresql_generated_arguments(self):
        namespace = {}
        exec(compile(read("bindings", "postgresql", "gen_sql.py"), "gen_sql.py", "exec"),
             {"__name__": "gen_sql"}, namespace)
        names = [name.strip('"') for name, _, _ in namespace["ARGUMENTS"]]
        self.assertEqual(names, postgresql_positional())

    def test_postgresql_argument_positions(self):
        text = read("bindings", "postgresql", "lapse_pg.c")
        names = c_identifiers(text, "    ARG_START,", "ARG_")
        self.assertEqual(["start"] + names[:names.index("count")], postgresql_positional())

    def test_sqlite_positional_arguments(self):
        text = read("bindings", "sqlite", "lapse_sqlite.c")
        names = c_identifiers(text, "static const lapse_column positional[] = {", "LAPSE_COLUMN_")
        self.assertEqual(names, positional())

    def test_sqlite_comment_lists_the_arguments(self):
        text = read("bindings", "sqlite", "lapse_sqlite.c")
        listed = re.search(r"default\):\n \*\n(.*?)\n \*\n", text, re.S).group(1)
        names = [n.strip() for n in listed.replace("*", " ").split(",")]
        self.assertEqual(names, positional())


class Tool(unittest.TestCase):
    def test_every_input_has_its_flag(self):
        """args.c's flags: one per input column, named after it ('-' for '_')
        but for the three that turn a default-true boolean off and the
        repeatable --role and --item."""
        text = read("examples", "cli", "args.c")
        block = text[text.index("static const flag flags[] = {"):]
        block = block[:block.index("};")]
        flags = re.findall(r'\{ "(--[a-z-]+)", LAPSE_COLUMN_(\w+),', block)
        self.assertEqual([column.lower() for _, column in flags], library_inputs())
        renamed = {"auto_renew": "--no-auto-renew", "online_cancel": "--no-online-cancel",
                   "can_sign_in": "--cannot-sign-in", "roles": "--role", "items": "--item",
                   "withdrawal_informed": "--no-withdrawal-informed"}
        for flag, column in flags:
            name = column.lower()
            self.assertEqual(flag, renamed.get(name, "--" + name.replace("_", "-")))

    def test_batch_help_lists_the_inputs(self):
        text = read("examples", "cli", "batch.c")
        helped = re.search(r"input columns \((.*?);", text.replace('"\n    "', ""), re.S)
        listed = [n.strip() for n in helped.group(1).replace("\\n", " ").split(",")]
        # Besides the library's inputs, batch reads requested_at and zone
        # (columns of role OTHER: the tool turns them into request.on).
        self.assertEqual(sorted(listed), sorted(library_inputs() + INSTANT))


class ManPage(unittest.TestCase):
    def test_vectors_page_lists_every_column(self):
        page = read("docs", "man", "lapse-vectors.5")
        listed = []
        for item in re.findall(r"^\.It Cm (.*)$", page, re.M):
            listed += [n.strip() for n in item.split(" , ")]
        self.assertEqual(sorted(listed), sorted(name for _, name in library_columns()))


if __name__ == "__main__":
    unittest.main()
