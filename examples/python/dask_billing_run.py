#!/usr/bin/env python3
"""A billing run on Dask: every row of a partitioned subscriptions CSV (the
`lapse batch` format) decided with lapse.pandas.decide_frame on the
workers, the decisions written as CSV partitions, the totals printed.

usage: dask_billing_run.py INPUT OUTPUT_DIR [--scheduler ADDRESS] [--workers N]
                           [--policy NAME|FILE] [--on YYYY-MM-DD] [--keep COLUMNS]

INPUT is a CSV file or a glob ("subscriptions/*.csv").  Without
--scheduler it starts a dask.distributed.LocalCluster of N worker processes
(default 2); with it, it runs on that cluster (tcp://host:8786).  Every
worker needs lapse importable (and LAPSE_LIBRARY when liblapse is not
installed).  Each output row carries the input's line number, so that a
bad row is reported where it is, never dropped.

As `lapse batch`, a column that is not one of lapse's input columns
(lapse-vectors(5)) is an error, so that a misspelt one (renewl_term) is
never ignored, unless --keep names it: --keep id,name copies those input
columns unchanged, first and in that order, into every output row, error
rows too (kept input columns lapse knows are still read).  A kept column
missing from the header is a usage error (exit 2); an unknown one exits 1
before any row is decided.
"""
import argparse
import os
import sys

import dask.dataframe as dd
import pandas as pd
from dask.distributed import Client, LocalCluster

import lapse
import lapse.pandas
from lapse.columns import INPUT_COLUMNS

AMOUNTS = ("remaining_term_charge", "still_to_invoice", "refund", "termination_fee")


def decide_partition(part: pd.DataFrame, policy, on, keep=()) -> pd.DataFrame:
    """One partition's decisions, after its kept columns (as they are in
    the input), its file and its line numbers; text cells are read as
    `lapse batch` reads them."""
    decisions = lapse.pandas.decide_frame(part.drop(columns=["file", "line"]), policy, on=on)
    decisions.insert(0, "line", part["line"].to_numpy())
    decisions.insert(0, "file", part["file"].to_numpy())
    for name in reversed(keep):
        decisions.insert(0, name, part[name].to_numpy())
    return decisions


def header_error(columns, keep, where: str):
    """(exit status, message) for a header lapse cannot read as asked, else
    None: a kept column missing from it (usage, 2), or a column that is
    neither one of lapse's input columns nor kept (1): never ignored."""
    for name in keep:
        if name not in columns:
            return 2, f"--keep {name}: not a column of the header of {where}"
        if keep.count(name) > 1:
            return 2, f"--keep {name}: given twice"
    for number, name in enumerate(columns, 1):
        if name not in INPUT_COLUMNS and name not in keep:
            return 1, (f"{where}:1: header: column {number} '{name}': not an input column "
                       f"(lapse-vectors(5) lists them); --keep {name} copies it to the output")
    return None


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
    parser.add_argument("--keep", default="", metavar="COLUMNS",
                        help="input columns (comma-separated) copied unchanged, first and in "
                             "this order, into each output row")
    args = parser.parse_args(argv)
    keep = args.keep.split(",") if args.keep else []
    frame = read(args.input)
    problem = header_error([c for c in frame.columns if c not in ("file", "line")], keep,
                           args.input)
    if problem:
        print(f"dask_billing_run.py: {problem[1]}", file=sys.stderr)
        return problem[0]
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
        meta = decide_partition(frame._meta, policy, args.on, keep)
        decisions = frame.map_partitions(decide_partition, policy, args.on, keep, meta=meta)
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
