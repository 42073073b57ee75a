#!/usr/bin/env python3
"""Inputs for same_outputs.sh: a CSV of ROWS rows (good rows, bad cells,
dates near the ends of the calendar, a policy column) and argument sets of
the one-request commands.  usage: same_outputs_gen.py DIR ROWS ARGSETS SEED"""
import os
import random
import sys

out_dir, count, argsets, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)

POLICY_VALUES = {
    "timing": ["end_of_term", "end_of_billing_period", "immediate"],
    "refund": ["none", "prorated", "full"],
    "commitment": ["owed", "waived", "fixed_fee", "percent_fee"],
    "termination_fee": ["0", "50.00", "9.99"],
    "termination_fee_percent": ["0", "25", "100"],
    "cooling_off_days": ["0", "14", "30"],
    "cooling_off_applies": ["self_serve", "all"],
    "renewal": ["same_term", "evergreen", "none"],
    "notice_days": ["0", "30", "90"],
    "notice_applies": ["fixed_term_contracts", "terms_over_a_month", "never"],
    "retention_days": ["0", "90", "36500"],
    "online_needs_billing_admin": ["true", "false"],
    "balance_blocks_online": ["true", "false"],
    "contract_via_support": ["true", "false"],
    "rounding": ["half_up", "half_even", "down"],
    "proration_days": ["actual", "30"],
    "month_end": ["clamp", "sticky"],
    "immediate_end": ["next_day", "same_day"],
    "invoicing": ["in_advance", "in_arrears"],
    "leading_period": ["prorated", "free", "full"],
}
PRESETS = ["default", "immediate-prorated", "eu-consumer", "evergreen-contract",
           "killbill-like", "lago-like"]
BAD_POLICIES = ["nonsense", "timing = sometimes", "refund", "notice_days = 99999999999",
                "retention_days = -1", "termination_fee = abc", "x = 1"]


def date(lo=1990, hi=2030):
    y = rng.randint(lo, hi)
    return f"{y:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 31 if rng.random() < .1 else 28):02d}"


def late_date():
    return f"{rng.randint(9980, 9999):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def policy_text():
    keys = rng.sample(sorted(POLICY_VALUES), rng.randint(1, 6))
    return ";".join(f"{k} = {rng.choice(POLICY_VALUES[k])}" for k in keys)


def a_policy():
    r = rng.random()
    if r < .3:
        return ""
    if r < .55:
        return rng.choice(PRESETS)
    return policy_text()


def money():
    return f"{rng.randint(0, 99999)}.{rng.randint(0, 99):02d}"


BAD_CELLS = {
    0: ["2025-02-30", "20x5-01-01", "10000-01-01", "", "0000-01-01"],
    1: ["0", "1201", "x", "-3", "99999999999"],
    3: ["2", "5", "x"],
    4: ["-1.00", "1.234", "abc", "99999999999999999999"],
    6: ["XX", "eur", "EURO"],
    7: ["maybe", "1"],
    10: ["-5.00", "x"],
    11: ["-1", "x"],
    12: ["2025-13-01", "x"],
    13: ["2025-02-29", "", "x"],
    14: ["fax"],
    15: ["king", "billing_admin;;"],
    17: ["nothing"],
    18: ["x"],
    19: BAD_POLICIES,
}


def row():
    late = rng.random() < .1
    start = late_date() if late else date()
    sy = int(start[:4])
    term = rng.choice(["1", "12", "24", "3", "15", "36"])
    on = late_date() if late else date(sy, min(sy + 3, 9999))
    cancelled = "" if rng.random() < .7 else (late_date() if late else date(sy, min(sy + 2, 9999)))
    end_on = "" if rng.random() < .85 else (late_date() if late else date(sy, min(sy + 3, 9999)))
    cells = [start, term, rng.choice(["", term, "12", "1"]),
             rng.choice(["1", "0", "3", "", "1"]) if term in ("3", "12", "24", "15", "36") else rng.choice(["1", "0", ""]),
             money(), money() if rng.random() < .2 else "",
             rng.choice(["EUR", "EUR", "JPY", "USD", "KWD", ""]),
             rng.choice(["true", "false", ""]), rng.choice(["true", "false", ""]),
             rng.choice(["true", "false", ""]), rng.choice(["0", "0", "12.50", ""]),
             rng.choice(["0", "2", ""]), cancelled, on,
             rng.choice(["online", "support", ""]),
             rng.choice(["billing_admin", "product_admin;billing_contact", ""]),
             rng.choice(["true", "false", ""]),
             rng.choice(["", "all", "account_id;card_last4;products"]), end_on, a_policy()]
    if cells[6] == "JPY":
        cells[4] = cells[4].split(".")[0]
        cells[5] = cells[5].split(".")[0]
    if cells[6] == "KWD":
        cells[4] += "0"
        cells[5] = cells[5] + "0" if cells[5] else ""
    if rng.random() < .15:
        i = rng.choice(sorted(BAD_CELLS))
        cells[i] = rng.choice(BAD_CELLS[i])
    return cells


HEADER = ("start,term,renewal_term,billing,price,renewal_price,currency,contract,auto_renew,"
          "online_cancel,balance,licenses,cancelled_on,on,channel,roles,can_sign_in,provided,"
          "end_on,policy")


def cell(v):
    return '"' + v.replace('"', '""') + '"' if ("," in v or '"' in v) else v


with open(os.path.join(out_dir, "rows.csv"), "w") as f:
    f.write(HEADER + "\n")
    for _ in range(count):
        f.write(",".join(cell(v) for v in row()) + "\n")

with open(os.path.join(out_dir, "args.txt"), "w") as f:
    for i in range(argsets):
        late = rng.random() < .15
        start = late_date() if late else date()
        sy = int(start[:4])
        a = ["--start", start]
        if rng.random() < .7:
            a += ["--term", rng.choice(["1", "12", "24", "3", "0", "x"])]
        if rng.random() < .3:
            a += ["--renewal-term", rng.choice(["1", "12"])]
        if rng.random() < .5:
            a += ["--billing", rng.choice(["1", "0", "3", "12"])]
        if rng.random() < .2:
            a += ["--billing-day", str(rng.randint(0, 32))]
        if rng.random() < .8:
            a += ["--price", money()]
        if rng.random() < .2:
            a += ["--currency", rng.choice(["JPY", "USD", "KWD", "xx"])]
        for flag in ["--contract", "--no-auto-renew", "--no-online-cancel", "--cannot-sign-in"]:
            if rng.random() < .25:
                a.append(flag)
        if rng.random() < .2:
            a += ["--balance", "5.00"]
        if rng.random() < .2:
            a += ["--licenses", "3"]
        if rng.random() < .35:
            a += ["--cancelled-on", late_date() if late else date(sy, min(sy + 2, 9999))]
        a += ["--on", late_date() if late else date(sy, min(sy + 3, 9999))]
        if rng.random() < .4:
            a += ["--channel", rng.choice(["online", "support"])]
        for _ in range(rng.randint(0, 2)):
            a += ["--role", rng.choice(["billing-admin", "product-admin", "billing-contact"])]
        if rng.random() < .15:
            a += ["--end-on", late_date() if late else date(sy, min(sy + 3, 9999))]
        if rng.random() < .3:
            a += ["--provided", rng.choice(["all", "account-id,products", "bogus"])]
        if rng.random() < .5:
            a += ["--policy", rng.choice(PRESETS)]
        elif rng.random() < .5:
            p = os.path.join(out_dir, f"p{i}.policy")
            with open(p, "w") as pf:
                pf.write(policy_text().replace(";", "\n") + "\n")
            a += ["--policy", p]
        f.write("\t".join(a) + "\n")
