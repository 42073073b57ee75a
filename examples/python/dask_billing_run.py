#!/usr/bin/env python3
"""A billing run on Dask: every row of a partitioned subscriptions CSV (the
`lapse batch` format) decided with lapse.pandas.decide_frame on the
workers, the decisions written as CSV partitions, the totals printed.

usage: dask_billing_run.py INPUT OUTPUT_DIR [--scheduler ADDRESS] [--workers N]
                           [--policy NAME|FILE] [--on YYYY-MM-DD]

INPUT is a CSV file or a glob ("subscriptions/*.csv").  Without
--scheduler it starts a dask.distributed.LocalCluster of N worker processes
(default 2); with it, it runs on that cluster (tcp://host:8786).  Every
worker needs lapse importable (and LAPSE_LIBRARY when liblapse is not
installed).  Each output row carries the input's line number, so that a
bad row is reported where it is, never dropped.
"""
import argparse
import os
import sys

import dask.dataframe as dd
import pandas as pd
from dask.distributed import Client, LocalCluster

import lapse
import lapse.pandas

AMOUNTS = ("remaining_term_charge", "still_to_invoice", "refund", "termination_fee")


def decide_partition(part: pd.DataFrame, policy, on) -> pd.DataFrame:
    """One partition's decisions, with its line numbers; text cells are read
    as `lapse batch` reads them."""
    decisions = lapse.pandas.decide_frame(part.drop(columns=["file", "line"]), policy, on=on)
    decisions.insert(0, "line", part["line"].to_numpy())
    decisions.insert(0, "file", part["file"].to_numpy())
    return decisions


def read(path: str) -> dd.DataFrame:
    """The CSV as text (empty cells stay empty: the defaults), each row
    with its file's name and its line in that file (the header is line 1);
    a file is one partition."""
    frame = dd.read_csv(path, dtype=str, keep_default_na=False, blocksize=None,
                        include_path_column="file")

    def numbered(part: pd.DataFrame) -> pd.DataFrame:
        return part.assign(file=part["file"].astype(str).map(os.path.basename),
                           line=range(2, 2 + len(part)))
    return frame.map_partitions(numbered)


def totals(decisions: dd.DataFrame) -> pd.DataFrame:
    """Per currency: rows decided and the sums of the money columns; the
    failed rows on their own line."""
    ok = decisions[decisions["error_code"] == ""].assign(rows=1)
    table = ok.groupby("currency")[["rows", *AMOUNTS]].sum().compute()
    failed = int((decisions["error_code"] != "").sum().compute())
    return table.sort_index(), failed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("output_dir")
    parser.add_argument("--scheduler", help="a Dask scheduler address (default: a LocalCluster)")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    parser.add_argument("--policy", help="a preset name or a policy file")
    parser.add_argument("--on", help="the request date of every row (else the on column)")
    args = parser.parse_args(argv)
    policy = None
    if args.policy:
        policy = (lapse.Policy.from_file(args.policy) if os.path.exists(args.policy)
                  else lapse.Policy.preset(args.policy))
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, host="127.0.0.1")
        client = Client(cluster)
    try:
        frame = read(args.input)
        meta = decide_partition(frame._meta, policy, args.on)
        decisions = frame.map_partitions(decide_partition, policy, args.on, meta=meta)
        decisions = decisions.persist()
        decisions.to_csv(os.path.join(args.output_dir, "decisions-*.csv"), index=False)
        table, failed = totals(decisions)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print(f"rows decided: {int(table['rows'].sum())}, failed: {failed}")
    for currency, row in table.iterrows():
        money = ", ".join(f"{key} {lapse.format_amount(int(row[key]), currency)}"
                          for key in AMOUNTS)
        print(f"{currency}: {int(row['rows'])} rows, {money}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
