"""A billing run across machines: two shard servers and a coordinator, a
subscriptions table hash-partitioned over postgres_fdw foreign tables with
`extensions 'lapse'`, every server a throwaway on its own Unix socket.
The scalar lapse functions must be pushed down to the shards (the plan's
Remote SQL names them) and the totals over 100,000 rows must equal the
same query on one server."""
import os
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import pgcluster  # noqa: E402

ROWS = 100_000
TABLE = "(id int, start date, term int, price numeric, contract boolean)"
FILL = f"""SELECT i, date '2020-01-01' + (i * 7919) % 2000, (ARRAY[1, 12, 15, 24])[1 + i % 4],
       round((i % 997) + (i % 100) / 100.0, 2), i % 3 = 0
FROM generate_series(1, {ROWS}) AS i"""
# No text constants: postgres_fdw ships a call with a collatable argument
# only when its collation comes from a foreign column (docs/sql.md, "Running
# across machines").
ARGS = """start => start, term => term, price => price, contract => contract,
       "on" => date '2025-10-05'"""
# Grouped by the partition key, each shard's aggregate is complete, so
# postgres_fdw ships it whole (a partial aggregate would stay local): the
# lapse functions run on the shards, one row per subscription comes back.
QUERY = f"""SELECT count(*), sum(charge), sum(to_invoice), count(*) FILTER (WHERE ending),
       min(deleted), max(deleted)
FROM (SELECT id, sum(lapse_remaining_term_charge({ARGS})) AS charge,
             sum(lapse_still_to_invoice({ARGS})) AS to_invoice,
             bool_or(lapse_effective_end({ARGS}) < date '2026-01-01') AS ending,
             min(lapse_data_deleted_on({ARGS})) AS deleted
      FROM TABLE_NAME GROUP BY id) AS per_subscription"""


def setUpModule():
    global servers, shards, coordinator
    servers = pgcluster.Servers(pgcluster.extension_files())
    shards = [servers.start(f"shard{i}") for i in range(2)]
    coordinator = servers.start("coordinator")
    for shard in shards:
        shard.psql(f"CREATE EXTENSION lapse; CREATE TABLE subscriptions {TABLE};")
    setup = ["CREATE EXTENSION lapse;", "CREATE EXTENSION postgres_fdw;",
             f"CREATE TABLE subscriptions {TABLE} PARTITION BY HASH (id);",
             f"CREATE TABLE local_subscriptions {TABLE};"]
    for i, shard in enumerate(shards):
        setup += [f"CREATE SERVER shard{i} FOREIGN DATA WRAPPER postgres_fdw OPTIONS ("
                  f"host '{shard.directory}', port '{shard.port}', dbname 'postgres', "
                  "extensions 'lapse', batch_size '1000', fetch_size '10000');",
                  f"CREATE USER MAPPING FOR postgres SERVER shard{i} OPTIONS (user 'postgres');",
                  f"CREATE FOREIGN TABLE subscriptions_{i} PARTITION OF subscriptions "
                  f"FOR VALUES WITH (MODULUS 2, REMAINDER {i}) SERVER shard{i} "
                  "OPTIONS (table_name 'subscriptions');"]
    setup += [f"INSERT INTO subscriptions {FILL};", f"INSERT INTO local_subscriptions {FILL};"]
    coordinator.psql("\n".join(setup))


def tearDownModule():
    servers.close()


class Sharded(unittest.TestCase):
    def test_rows_are_spread_over_both_shards(self):
        counts = [int(s.psql("SELECT count(*) FROM subscriptions").stdout) for s in shards]
        self.assertEqual(sum(counts), ROWS)
        self.assertTrue(all(count > ROWS // 3 for count in counts))

    def test_functions_are_pushed_down(self):
        plan = coordinator.psql("SET enable_partitionwise_aggregate = on;\n"
                                "EXPLAIN (VERBOSE, COSTS OFF) " +
                                QUERY.replace("TABLE_NAME", "subscriptions")).stdout
        remote = [line for line in plan.splitlines() if "Remote SQL" in line]
        self.assertEqual(len(remote), 2, plan)
        for line in remote:
            self.assertIn("lapse_remaining_term_charge(", line)
            self.assertIn("lapse_effective_end(", line)

    def test_totals_equal_one_server(self):
        sharded = coordinator.psql("SET enable_partitionwise_aggregate = on;\n" +
                                   QUERY.replace("TABLE_NAME", "subscriptions")).stdout.strip()
        single = coordinator.psql(QUERY.replace("TABLE_NAME", "local_subscriptions")).stdout.strip()
        self.assertEqual(sharded, single)
        self.assertTrue(sharded.startswith(f"{ROWS}|"))


if __name__ == "__main__":
    unittest.main()
