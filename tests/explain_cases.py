"""Scenarios whose explanations must be byte-identical wherever they are
asked for: the lapse tool, the Python binding and the SQL extensions all
call the library's lapse_explain.  Each case is CSV cells (the one
vocabulary); the helpers turn them into command-line flags and Python
objects, and the SQL tests into their own arguments."""
import datetime
import subprocess

CASES = [
    # E1: monthly, self-serve, cancelled online by a billing admin.
    {"start": "2025-01-31", "price": "20.00", "on": "2025-03-10", "roles": "billing_admin"},
    # A contract asked online after the notice deadline, with a balance.
    {"start": "2024-10-01", "term": "15", "billing": "3", "price": "1300.00", "contract": "true",
     "balance": "12.50", "licenses": "2", "on": "2025-12-03", "roles": "billing_admin"},
    # The same in time, through support with part of the checklist.
    {"start": "2024-10-01", "term": "15", "billing": "3", "price": "300.00", "contract": "true",
     "on": "2025-06-03", "channel": "support", "roles": "product_admin",
     "provided": "account_id;products"},
    # Immediate and prorated: a refund; a renewal term of another length.
    {"start": "2024-01-15", "term": "12", "renewal_term": "1", "price": "10.00",
     "on": "2025-03-01", "roles": "billing_admin", "policy": "immediate-prorated"},
    # An ordinary user, refused, up-front billing in yen.
    {"start": "2025-04-01", "term": "12", "billing": "0", "price": "123456", "currency": "JPY",
     "on": "2025-05-01"},
    # Already cancelled: asked again.
    {"start": "2025-01-31", "price": "20.00", "cancelled_on": "2025-03-01", "on": "2025-03-10",
     "roles": "billing_admin"},
]

FLAGS = {"start": "--start", "term": "--term", "renewal_term": "--renewal-term",
         "billing": "--billing", "price": "--price", "currency": "--currency",
         "balance": "--balance", "licenses": "--licenses", "cancelled_on": "--cancelled-on",
         "on": "--on", "channel": "--channel", "policy": "--policy",
         "renewal_price": "--renewal-price", "end_on": "--end-on"}


def cli_args(cells):
    """The command-line flags of the cells."""
    args = []
    for column, value in cells.items():
        if column in FLAGS:
            args += [FLAGS[column], value]
        elif column == "roles":
            for role in value.split(";"):
                args += ["--role", role]
        elif column == "provided":
            args += ["--provided", value.replace(";", ",")]
        elif column == "contract" and value == "true":
            args.append("--contract")
        else:
            raise ValueError(f"no flag for {column}={value}")
    return args


def cli_text(cli, command, cells, language):
    """What `lapse cancel` or `lapse status` prints for the cells."""
    out = subprocess.run([cli, command, *cli_args(cells), "--lang", language],
                         capture_output=True, check=False)
    if out.returncode not in (0, 1):
        raise AssertionError(out.stderr.decode())
    return out.stdout.decode()


def python_inputs(lapse, cells):
    """The Python binding's Subscription, Request and Policy of the cells."""
    date = datetime.date.fromisoformat
    currency = cells.get("currency", "EUR")
    subscription = lapse.Subscription(
        start=date(cells["start"]), term=int(cells.get("term", 1)),
        renewal_term=int(cells.get("renewal_term", 0)), billing=int(cells.get("billing", 1)),
        price=lapse.parse_amount(cells.get("price", "0"), currency), currency=currency,
        contract=cells.get("contract") == "true",
        balance=lapse.parse_amount(cells.get("balance", "0"), currency),
        licenses=int(cells.get("licenses", 0)),
        cancelled_on=date(cells["cancelled_on"]) if "cancelled_on" in cells else None)
    request = lapse.Request(on=date(cells["on"]), channel=cells.get("channel", "online"),
                            roles=[r for r in cells.get("roles", "").split(";") if r],
                            provided=[p for p in cells.get("provided", "").split(";") if p])
    policy = lapse.Policy.preset(cells["policy"]) if "policy" in cells else None
    return subscription, request, policy


def python_texts(lapse, cells, language):
    """Decision.explain() and lapse.explain_status() of the cells."""
    subscription, request, policy = python_inputs(lapse, cells)
    decision = lapse.decide_cancel(subscription, request, policy)
    return (decision.explain(language),
            lapse.explain_status(subscription, request.on, policy, language))
