#!/usr/bin/env python3
"""lapse in PostgreSQL, against the same default-policy rules written in
PL/pgSQL (what a PostgreSQL team would write instead): 1,000,000 rows, the
same rows and the same server in one run, serial and with parallel workers.
Prints rows/s and the ratio.  A benchmark (meson test --benchmark), never a
unit test.  Environment: LAPSE_PG_MODULE, LAPSE_PG_CONTROL, LAPSE_PG_SQL."""
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "bindings" / "postgresql" /
                       "tests"))
import pgcluster  # noqa: E402

ROWS = 1_000_000

# The default policy's effective end and remaining-term charge (monthly
# billing), written as a PostgreSQL team would: month arithmetic on dates
# (PostgreSQL clamps to the month's end, from the anchor in one step).
PLPGSQL = r"""
CREATE FUNCTION plpgsql_months_since(anchor date, day date) RETURNS int
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    m int := (extract(year FROM day)::int - extract(year FROM anchor)::int) * 12
             + extract(month FROM day)::int - extract(month FROM anchor)::int;
BEGIN
    IF anchor + make_interval(months => m) > day THEN
        m := m - 1;
    END IF;
    RETURN m;
END $$;

CREATE FUNCTION plpgsql_effective_end(start date, term int, contract boolean, on_day date,
                                      renewal_term int DEFAULT 0, auto_renew boolean DEFAULT true)
RETURNS date LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    renewal int := coalesce(nullif(renewal_term, 0), term);
    months int := plpgsql_months_since(start, on_day);
    length int;
    term_end_offset int;
    term_end date;
BEGIN
    IF months < term THEN
        length := term;
        term_end_offset := term;
    ELSE
        length := renewal;
        term_end_offset := term + ((months - term) / renewal + 1) * renewal;
    END IF;
    term_end := start + make_interval(months => term_end_offset);
    -- R7: a fixed-term contract that renews needs 30 days' notice.
    IF auto_renew AND contract AND length > 1 AND on_day > term_end - 30 THEN
        RETURN start + make_interval(months => term_end_offset + renewal);
    END IF;
    RETURN term_end;
END $$;

CREATE FUNCTION plpgsql_remaining_term_charge(start date, term int, price numeric,
                                              contract boolean, on_day date)
RETURNS numeric LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    ends date := plpgsql_effective_end(start, term, contract, on_day);
BEGIN
    -- Monthly periods from the current one to the last starting before the end.
    RETURN (plpgsql_months_since(start, ends - 1) - plpgsql_months_since(start, on_day) + 1)
           * price;
END $$;
"""

FILL = f"""CREATE TABLE subscriptions AS
SELECT i AS id, date '2015-01-01' + ((i::bigint * 7919) % 3650)::int AS start,
       (ARRAY[1, 12, 15, 24])[1 + i % 4] AS term, round((i % 997) + 0.99, 2) AS price,
       i % 3 = 0 AS contract
FROM generate_series(1, {ROWS}) AS i;
VACUUM ANALYZE subscriptions;"""

ON = "date '2025-10-05'"
QUERIES = {
    "scan only (no function)": "SELECT count(start + term) FROM subscriptions",
    "lapse_effective_end (scalar)":
        f"SELECT count(lapse_effective_end(start => start, term => term, contract => contract, "
        f"\"on\" => {ON})) FROM subscriptions",
    "PL/pgSQL effective end":
        f"SELECT count(plpgsql_effective_end(start, term, contract, {ON})) FROM subscriptions",
    "lapse_remaining_term_charge (scalar)":
        f"SELECT sum(lapse_remaining_term_charge(start => start, term => term, price => price, "
        f"contract => contract, \"on\" => {ON})) FROM subscriptions",
    "PL/pgSQL remaining-term charge":
        f"SELECT sum(plpgsql_remaining_term_charge(start, term, price, contract, {ON})) "
        f"FROM subscriptions",
    "lapse_cancel (the whole decision)":
        f"SELECT count((lapse_cancel(start => start, term => term, price => price, "
        f"contract => contract, \"on\" => {ON})).effective_end) FROM subscriptions",
}
SERIAL = "SET max_parallel_workers_per_gather = 0;"
PARALLEL = ("SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; "
            "SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;")


def timed(cluster, setting, query, runs=3):
    """The median time in seconds of `query`, and its result."""
    script = setting + "\n\\timing on\n" + "\n".join([query + ";"] * runs)
    out = cluster.psql(script).stdout
    times = sorted(float(t) / 1000 for t in re.findall(r"Time: ([0-9.]+) ms", out))
    result = out.splitlines()[0]
    return times[len(times) // 2], result


def main():
    servers = pgcluster.Servers(pgcluster.extension_files())
    try:
        cluster = servers.start("bench", ["max_worker_processes=4", "max_parallel_workers=2"])
        cluster.psql("CREATE EXTENSION lapse;" + PLPGSQL + FILL)
        # The two versions agree on every row before they are timed.
        disagree = cluster.psql(
            f"SELECT count(*) FROM subscriptions WHERE lapse_effective_end(start => start, "
            f"term => term, contract => contract, \"on\" => {ON}) <> "
            f"plpgsql_effective_end(start, term, contract, {ON}) OR "
            f"lapse_remaining_term_charge(start => start, term => term, price => price, "
            f"contract => contract, \"on\" => {ON}) <> "
            f"plpgsql_remaining_term_charge(start, term, price, contract, {ON})").stdout.strip()
        print(f"PostgreSQL: {ROWS:,} rows; rows where lapse and PL/pgSQL disagree: {disagree}")
        results = {}
        for mode, setting in (("serial", SERIAL), ("2 workers", PARALLEL)):
            for name, query in QUERIES.items():
                seconds, _ = timed(cluster, setting, query)
                results[mode, name] = seconds
                print(f"{mode:9}  {name:38} {ROWS / seconds / 1e6:6.2f} M rows/s")
        for mode in ("serial", "2 workers"):
            for ours, theirs in (("lapse_effective_end (scalar)", "PL/pgSQL effective end"),
                                 ("lapse_remaining_term_charge (scalar)",
                                  "PL/pgSQL remaining-term charge")):
                ratio = results[mode, theirs] / results[mode, ours]
                # The function's own cost, net of scanning and counting the rows.
                scan = results[mode, "scan only (no function)"]
                net = (results[mode, theirs] - scan) / (results[mode, ours] - scan)
                print(f"{mode:9}  {ours} vs PL/pgSQL: {ratio:5.1f}x per row, {net:5.1f}x per "
                      f"call net of the scan (target >= 20x)")
        serial = ROWS / results["serial", "lapse_effective_end (scalar)"]
        print(f"lapse_effective_end on one core: {serial / 1e6:.2f} M rows/s "
              f"(target >= 1 M rows/s) {'ok' if serial >= 1e6 else 'MISSED'}")
        return 0 if disagree == "0" else 1
    finally:
        servers.close()


if __name__ == "__main__":
    sys.exit(main())
