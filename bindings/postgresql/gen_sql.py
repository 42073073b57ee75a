#!/usr/bin/env python3
"""Writes the extension's versioned script, lapse--VERSION.sql: every
function takes the same named, defaulted arguments, the batch CSV columns,
so that it is written once here; and, given a second output, the update
script from the previous version, lapse--0.2--0.3.sql (ALTER EXTENSION
lapse UPDATE).  usage: gen_sql.py VERSION OUT [UPDATE_OUT]"""
import sys

# (name, SQL type, default): the CSV input columns, then policy and the
# inputs added later, in the order of the C code's argument positions.
ARGUMENTS = [
    ("start", "date", "NULL"), ("term", "integer", "1"), ("renewal_term", "integer", "0"),
    ("billing", "integer", "1"), ("price", "numeric", "0"), ("currency", "text", "'EUR'"),
    ("contract", "boolean", "false"), ("auto_renew", "boolean", "true"),
    ("online_cancel", "boolean", "true"), ("balance", "numeric", "0"),
    ("licenses", "integer", "0"), ("cancelled_on", "date", "NULL"), ('"on"', "date", "NULL"),
    ("channel", "text", "'online'"), ("roles", "text[]", "'{}'"),
    ("can_sign_in", "boolean", "true"), ("provided", "text[]", "'{}'"),
    ("policy", "text", "NULL"), ("renewal_price", "numeric", "NULL"), ("end_on", "date", "NULL"),
    ("billing_day", "integer", "0"), ("items", "text", "NULL"), ("reduce", "text", "NULL"),
    ("billing_month", "integer", "0"),
    ("requested_at", "timestamptz", "NULL"), ("zone", "text", "NULL"),
    ("trial_end", "date", "NULL"),
    ("concluded_on", "date", "NULL"), ("withdrawal_informed", "boolean", "true"),
    ("express_request", "boolean", "false"), ("intro_months", "integer", "0"),
    ("intro_price", "numeric", "0"), ("paused_from", "date", "NULL"),
    ("resumes_on", "date", "NULL"),
]

DECISION = [
    ("allowed", "boolean"), ("blocked", "text[]"), ("warnings", "text[]"),
    ("missing_support_info", "text[]"), ("route", "text"), ("term_start", "date"),
    ("term_end", "date"), ("notice_deadline", "date"), ("renews_first", "boolean"),
    ("effective_end", "date"), ("remaining_term_charge", "numeric"),
    ("still_to_invoice", "numeric"), ("refund", "numeric"), ("termination_fee", "numeric"),
    ("invoices_left", "integer"), ("next_invoice", "date"), ("currency", "text"),
    ("data_deleted_on", "date"), ("confirmation", "text"), ("change_effective_on", "date"),
    ("recurring_after", "numeric"), ("saving", "numeric"), ("item_results", "text"),
    ("applied_to_balance", "numeric"), ("cash_refund", "numeric"), ("account_credit", "numeric"),
    ("balance_after", "numeric"),
    ("notice_deadline_at", "timestamptz"), ("access_ends_at", "timestamptz"),
]

# The scalar outputs: one function each, because composite field access is
# not pushed down to foreign servers.
SCALARS = [(name, kind) for name, kind in DECISION if name != "currency"]

# What 0.2 declared, for the update from it: its arguments and outputs
# are this version's but for these, which 0.3 added (an argument or output
# added in 0.3 is listed here too, so that the update drops 0.2's
# signatures).
ADDED_IN_0_3 = ("items", "reduce", "change_effective_on", "recurring_after", "saving",
                "item_results", "billing_month", "requested_at", "zone", "notice_deadline_at",
                "access_ends_at", "trial_end", "concluded_on", "withdrawal_informed",
                "express_request", "applied_to_balance", "cash_refund", "account_credit",
                "balance_after", "intro_months", "intro_price", "paused_from", "resumes_on")
# (Loops, not comprehensions: tests exec this file with separate globals
# and locals, where a comprehension would not see ADDED_IN_0_3.)
ARGUMENTS_0_2, SCALARS_0_2 = [], []
for _row in ARGUMENTS:
    if _row[0] not in ADDED_IN_0_3:
        ARGUMENTS_0_2.append(_row)
for _row in SCALARS:
    if _row[0] not in ADDED_IN_0_3:
        SCALARS_0_2.append(_row)


# The explanations take one more: the language of the text.
LANGUAGE = [("language", "text", "'en'")]


def function(name, returns, symbol, comment, extra=()):
    arguments = ",\n    ".join(f"{n} {t} DEFAULT {d}" for n, t, d in [*ARGUMENTS, *extra])
    return (f"-- {comment}\nCREATE FUNCTION {name}(\n    {arguments})\n"
            f"RETURNS {returns}\nAS 'MODULE_PATHNAME', '{symbol}'\n"
            f"LANGUAGE C IMMUTABLE PARALLEL SAFE;\n\n")


def types():
    columns = ",\n    ".join(f"{n} {t}" for n, t in DECISION)
    return (f"CREATE TYPE lapse_decision AS (\n    {columns});\n\n"
            f"CREATE TYPE lapse_try_decision AS (\n    {columns},\n    error text,\n"
            "    error_field text,\n    error_code text);\n\n")


def functions_of_the_inputs():
    """Every function that takes the inputs, as this version declares it."""
    text = [function("lapse_cancel", "lapse_decision", "lapse_pg_cancel",
                     "The decision; raises on bad input (SQLSTATE 22023, 22008 for dates)."),
            function("lapse_try_cancel", "lapse_try_decision", "lapse_pg_try_cancel",
                     "The decision, or its error in error, error_field, error_code."),
            function("lapse_status", "lapse_status_info", "lapse_pg_status",
                     "The status on \"on\" (the request's other fields are not used)."),
            function("lapse_reactivate", "lapse_reactivation", "lapse_pg_reactivate",
                     "What reactivating on \"on\" does."),
            function("lapse_timeline", "SETOF lapse_event", "lapse_pg_timeline",
                     "Every dated event, in date order."),
            function("lapse_explain", "text", "lapse_pg_explain",
                     "The explanation `lapse cancel` prints, in language 'en' or 'it'.",
                     LANGUAGE),
            function("lapse_explain_status", "text", "lapse_pg_explain_status",
                     "The explanation `lapse status` prints for \"on\", in 'en' or 'it'.",
                     LANGUAGE)]
    for name, kind in SCALARS:
        text.append(function(f"lapse_{name}", kind, f"lapse_pg_{name}",
                             f"The decision's {name}."))
    return text


# What lapse_reactivate returns; 0.3 added where the charge comes from
# (applied_to_balance, cash_refund, account_credit).
REACTIVATION = ("CREATE TYPE lapse_reactivation AS (\n    outcome text,\n    effective_end date,\n"
                "    data_deleted_on date,\n    charge numeric,\n    applied_to_balance numeric,\n"
                "    cash_refund numeric,\n    account_credit numeric);\n\n")


def update_from_0_2(version):
    """lapse--0.2--VERSION.sql: the functions of the inputs take items and
    reduce, the decision types have the reduction's columns, the
    reactivation type says where its charge comes from.  A function's
    arguments and a composite type's column order cannot be altered in
    place: they are dropped (in 0.2's signatures) and made again."""
    signature = ", ".join(t for _, t, _ in ARGUMENTS_0_2)
    language = ", ".join(t for _, t, _ in [*ARGUMENTS_0_2, *LANGUAGE])
    names = ["lapse_cancel", "lapse_try_cancel", "lapse_status", "lapse_reactivate",
             "lapse_timeline"] + [f"lapse_{name}" for name, _ in SCALARS_0_2]
    text = [f"-- lapse 0.2 -> {version}: items (seats, add-ons) and reductions.\n"
            "-- Generated by bindings/postgresql/gen_sql.py.\n"
            f"\\echo Use \"ALTER EXTENSION lapse UPDATE TO '{version}'\" to load this file. "
            "\\quit\n\n"]
    text += [f"DROP FUNCTION {name}({signature});\n" for name in names]
    text += [f"DROP FUNCTION {name}({language});\n"
             for name in ("lapse_explain", "lapse_explain_status")]
    text.append("DROP TYPE lapse_try_decision;\nDROP TYPE lapse_decision;\n"
                "DROP TYPE lapse_reactivation;\n\n")
    text.append(types())
    text.append(REACTIVATION)
    text += functions_of_the_inputs()
    return "".join(text)


def main():
    version, out = sys.argv[1], sys.argv[2]
    text = [f"-- lapse {version}: subscription cancellation decisions in SQL.\n"
            "-- Generated by bindings/postgresql/gen_sql.py; every function takes the\n"
            "-- batch CSV columns as named arguments with the CSV defaults.\n"
            "\\echo Use \"CREATE EXTENSION lapse\" to load this file. \\quit\n\n"]
    text.append(types())
    text.append("CREATE TYPE lapse_status_info AS (\n    status text,\n    since date,\n"
                "    until date,\n    effective_end date,\n    data_deleted_on date,\n"
                "    listed_as text,\n    refund numeric,\n    termination_fee numeric);\n\n")
    text.append(REACTIVATION)
    text.append("CREATE TYPE lapse_event AS (\n    date date,\n    event text,\n"
                "    term integer,\n    amount numeric);\n\n")
    text += functions_of_the_inputs()
    text.append("-- The policy's own error, or true.\n"
                "CREATE FUNCTION lapse_policy_check(policy text) RETURNS boolean\n"
                "AS 'MODULE_PATHNAME', 'lapse_pg_policy_check'\n"
                "LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;\n")
    text.append("-- Every setting of the policy no decision can use, as\n"
                "-- 'LINE:COLUMN: key: message' (`lapse policy lint`); its error as above.\n"
                "CREATE FUNCTION lapse_policy_lint(policy text) RETURNS text[]\n"
                "AS 'MODULE_PATHNAME', 'lapse_pg_policy_lint'\n"
                "LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;\n")
    text.append(ZONES)
    with open(out, "w") as f:
        f.write("".join(text))
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            f.write(update_from_0_2(version))


# Time zones (#29), by the server's own time zone data (AT TIME ZONE, the
# IANA database PostgreSQL was built with), not lapse's reader.
ZONES = """-- The request date of an instant in an account's IANA time zone, by the
-- server's time zone data: pass it as "on" (#29).
CREATE FUNCTION lapse_request_date(requested_at timestamptz, zone text) RETURNS date
AS $$ SELECT (requested_at AT TIME ZONE zone)::date $$
LANGUAGE sql STABLE STRICT PARALLEL SAFE;
-- The first instant of a local date there: local midnight, or the
-- transition when a DST change skips midnight; at a midnight that happens
-- twice, PostgreSQL's choice (docs/sql.md).  notice_deadline_at is
-- lapse_day_start(notice_deadline + 1, zone), access_ends_at
-- lapse_day_start(effective_end, zone).
CREATE FUNCTION lapse_day_start(day date, zone text) RETURNS timestamptz
AS $$ SELECT day::timestamp AT TIME ZONE zone $$
LANGUAGE sql STABLE STRICT PARALLEL SAFE;
"""


if __name__ == "__main__":
    main()
