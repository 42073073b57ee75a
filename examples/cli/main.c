/*
 * lapse: decide, explain, check and batch subscription cancellations.
 *
 * Every rule lives in liblapse; this file turns flags into the library's
 * input columns and dispatches to the subcommands.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: lapse COMMAND [FLAGS]\n"
    "\n"
    "Decides subscription cancellations: who may cancel and where, when it takes\n"
    "effect, what is still charged, what is refunded, when data are deleted.\n"
    "\n"
    "commands:\n"
    "  cancel     decide one cancellation request and explain it\n"
    "  status     where a subscription stands on a date\n"
    "  timeline   every dated event from the start to the data deletion\n"
    "  check      run scenario files (the vectors format) and report failures\n"
    "  batch      decide every row of a CSV file into a CSV of decisions\n"
    "  policy     show a policy (a preset or a file) in its canonical form\n"
    "\n"
    "Run 'lapse COMMAND --help' for a command's flags; 'lapse --version'.\n";

#define SUBSCRIPTION_FLAGS \
    "subscription:\n" \
    "  --start DATE            first day of the subscription (required)\n" \
    "  --term MONTHS           initial term length (default 1)\n" \
    "  --renewal-term MONTHS   renewal term length (default: the term)\n" \
    "  --billing MONTHS        months between invoices; 0 = whole term up front (default 1)\n" \
    "  --price AMOUNT          price of one invoice, e.g. 20.00 (default 0)\n" \
    "  --currency CODE         ISO 4217 currency (default EUR)\n" \
    "  --contract              the account has a signed contract (default: self-serve)\n" \
    "  --no-auto-renew         the subscription does not renew\n" \
    "  --no-online-cancel      the admin portal does not offer cancellation\n" \
    "  --balance AMOUNT        outstanding balance (default 0)\n" \
    "  --licenses N            licences still assigned to users (default 0)\n" \
    "  --cancelled-on DATE     the date it was cancelled, if it was\n"

#define POLICY_FLAG \
    "policy:\n" \
    "  --policy NAME|FILE      a preset (default, immediate-prorated, eu-consumer,\n" \
    "                          evergreen-contract) or a policy file (default: default)\n"

#define REQUEST_FLAGS \
    "request:\n" \
    "  --on DATE               date of the request (default: today)\n" \
    "  --channel online|support  (default online)\n" \
    "  --role ROLE             billing-admin, product-admin or billing-contact;\n" \
    "                          repeat for several; none = an ordinary user\n" \
    "  --cannot-sign-in        the person cannot sign in to the admin portal\n" \
    "  --provided LIST         details given to support, comma-separated: account-id,\n" \
    "                          admin-email, card-last4, billing-address, products, or all\n"

static const char cancel_help[] =
    "usage: lapse cancel --start DATE [FLAGS] [--json]\n"
    "\n"
    "Decides one cancellation request and explains it.  Exit 0 when the request\n"
    "goes through as made, 1 when it does not, 2 on a usage error.\n"
    "\n" SUBSCRIPTION_FLAGS "\n" REQUEST_FLAGS "\n" POLICY_FLAG "\n"
    "output:\n"
    "  --json                  one JSON object with the keys allowed, blocked, warnings,\n"
    "                          missing_support_info, route, term_start, term_end,\n"
    "                          notice_deadline, renews_first, effective_end,\n"
    "                          remaining_term_charge, still_to_invoice, refund,\n"
    "                          termination_fee, invoices_left, next_invoice, currency,\n"
    "                          data_deleted_on, confirmation (amounts in minor units)\n";

static const char status_help[] =
    "usage: lapse status --start DATE [FLAGS] [--on DATE] [--json]\n"
    "\n"
    "Where the subscription stands on a date: not_started, active, ending, expired\n"
    "or deleted, the dates that bound it, and how the billing page lists it.\n"
    "\n" SUBSCRIPTION_FLAGS "\n" POLICY_FLAG "\n"
    "  --on DATE               the date to look at (default: today)\n"
    "  --json                  {\"status\", \"effective_end\", \"data_deleted_on\", \"listed_as\"}\n";

static const char timeline_help[] =
    "usage: lapse timeline --start DATE [FLAGS] [--json]\n"
    "\n"
    "Every dated event of the subscription cancelled on --on (or on its\n"
    "--cancelled-on date): invoices, renewals, notice deadline, cancellation,\n"
    "effective end and data deletion, as a table and drawn as a timeline.\n"
    "\n" SUBSCRIPTION_FLAGS "\n" REQUEST_FLAGS "\n" POLICY_FLAG "\n"
    "  --json                  {\"events\": [{\"date\", \"event\", \"term\", \"amount\"}, ...]}\n";

static const char check_help[] =
    "usage: lapse check FILE...\n"
    "\n"
    "Runs scenario files in the vectors format (tab-separated, header row, '#'\n"
    "comments; see tests/vectors/README.md) and prints each failing row with the\n"
    "expected and actual values, then 'N passed, N failed'.  Exit 1 if any failed.\n"
    "A row's policy column wins over --policy NAME|FILE (default: default).\n"
    "  --json                  {\"passed\", \"failed\", \"failures\": [{\"file\", \"line\",\n"
    "                          \"note\", \"message\"}, ...]}\n";

static const char batch_help[] =
    "usage: lapse batch [FILE|-] [-o OUT]\n"
    "\n"
    "A billing run: reads CSV with a header row naming input columns (start, term,\n"
    "renewal_term, billing, price, currency, contract, auto_renew, online_cancel,\n"
    "balance, licenses, cancelled_on, on, channel, roles, can_sign_in, provided;\n"
    "any order, absent ones take the defaults, lists ';'-separated) and writes one\n"
    "CSV row per input row, in order: line, the decision columns of 'cancel --json'\n"
    "and error.  A bad row gets its message in error and never stops the run.\n"
    "Exit 1 if any row was bad.  Reads standard input when FILE is - or absent.\n"
    "A policy column (a preset name or 'key = value' settings separated by ';')\n"
    "sets a row's policy; --policy NAME|FILE sets it for the other rows.\n"
    "\n"
    "  -o, --output OUT        write to OUT instead of standard output\n"
    "  --json                  one JSON object {\"rows\": [...]} instead of CSV, each row an\n"
    "                          object with line, the decision keys and error (or null)\n";

static const char policy_help[] =
    "usage: lapse policy show [NAME|FILE]\n"
    "\n"
    "Prints a policy in its canonical form: one 'key = value' a line, every key.\n"
    "NAME is a preset (default, immediate-prorated, eu-consumer, evergreen-contract);\n"
    "FILE a policy file ('key = value' lines, '#' comments).  Default: default.\n"
    "  --json                  one JSON object, the keys of the policy file\n";

void cli_error(const cli_args *args, const char *format, ...)
{
    va_list list;
    va_start(list, format);
    fprintf(stderr, "lapse%s%s: ", args->command ? " " : "", args->command ? args->command : "");
    vfprintf(stderr, format, list);
    fputc('\n', stderr);
    va_end(list);
}

/* A flag and the input column it sets.  `fixed` is the value of a flag that
 * takes none. */
typedef struct flag {
    const char *name;
    lapse_column column;
    const char *fixed;
    bool request; /* a request flag, not for `status` (except --on) */
} flag;

static const flag flags[] = {
    {"--start", LAPSE_COLUMN_START, NULL, false},
    {"--term", LAPSE_COLUMN_TERM, NULL, false},
    {"--renewal-term", LAPSE_COLUMN_RENEWAL_TERM, NULL, false},
    {"--billing", LAPSE_COLUMN_BILLING, NULL, false},
    {"--price", LAPSE_COLUMN_PRICE, NULL, false},
    {"--currency", LAPSE_COLUMN_CURRENCY, NULL, false},
    {"--contract", LAPSE_COLUMN_CONTRACT, "true", false},
    {"--no-auto-renew", LAPSE_COLUMN_AUTO_RENEW, "false", false},
    {"--no-online-cancel", LAPSE_COLUMN_ONLINE_CANCEL, "false", false},
    {"--balance", LAPSE_COLUMN_BALANCE, NULL, false},
    {"--licenses", LAPSE_COLUMN_LICENSES, NULL, false},
    {"--cancelled-on", LAPSE_COLUMN_CANCELLED_ON, NULL, false},
    {"--on", LAPSE_COLUMN_ON, NULL, false},
    {"--channel", LAPSE_COLUMN_CHANNEL, NULL, true},
    {"--role", LAPSE_COLUMN_ROLES, NULL, true},
    {"--cannot-sign-in", LAPSE_COLUMN_CAN_SIGN_IN, "false", true},
    {"--provided", LAPSE_COLUMN_PROVIDED, NULL, true},
};
#define FLAG_COUNT (sizeof flags / sizeof flags[0])

/* The flag that sets a field, for error messages. */
static const char *flag_of_field(const char *field)
{
    lapse_column column;
    if (lapse_column_lookup(field, strlen(field), &column) != LAPSE_OK)
        return NULL;
    for (size_t i = 0; i < FLAG_COUNT; i++)
        if (flags[i].column == column)
            return flags[i].name;
    return NULL;
}

/* Does the message read "<field> <value>: ..." (a number or a quoted text
 * right after the field's name), so that the flag can stand for the field? */
static bool starts_with_value(const char *message, const char *field, size_t field_length)
{
    if (field_length == 0 || strncmp(message, field, field_length) != 0 ||
        message[field_length] != ' ')
        return false;
    char first = message[field_length + 1];
    return first == '\'' || first == '-' || (first >= '0' && first <= '9');
}

int cli_report(const cli_args *args, const lapse_error_detail *detail)
{
    const char *name = flag_of_field(detail->field);
    size_t field_length = strlen(detail->field);
    if (!name)
        cli_error(args, "%s", detail->message);
    else if (starts_with_value(detail->message, detail->field, field_length))
        cli_error(args, "%s%s", name, detail->message + field_length); /* "--term 'x': ..." */
    else
        cli_error(args, "%s: %s", name, detail->message);
    return EXIT_USAGE;
}

static bool is_file_command(const char *command)
{
    return strcmp(command, "check") == 0 || strcmp(command, "batch") == 0;
}

/* Parses argv after the command; returns 0 or an exit status. */
static int parse_args(cli_args *args, int argc, char **argv)
{
    bool seen[FLAG_COUNT] = {false};
    bool status = strcmp(args->command, "status") == 0;
    bool files = is_file_command(args->command);
    if (strcmp(args->command, "policy") == 0) {
        /* lapse policy show [NAME|FILE] */
        for (int i = 0; i < argc; i++) {
            if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
                args->help = true;
            else if (strcmp(argv[i], "--json") == 0)
                args->json = true;
            else if (args->file_count < 2 && argv[i][0] != '-')
                args->files[args->file_count++] = argv[i];
            else {
                cli_error(args, "unexpected '%s' (see 'lapse policy --help')", argv[i]);
                return EXIT_USAGE;
            }
        }
        return 0;
    }
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            args->help = true;
            continue;
        }
        if (strcmp(arg, "--json") == 0) {
            args->json = true;
            continue;
        }
        if (strcmp(arg, "--policy") == 0 || strncmp(arg, "--policy=", 9) == 0) {
            if (args->policy) {
                cli_error(args, "--policy given twice");
                return EXIT_USAGE;
            }
            if (arg[8] == '=')
                args->policy = arg + 9;
            else if (i + 1 < argc)
                args->policy = argv[++i];
            else {
                cli_error(args, "--policy needs a preset name or a file");
                return EXIT_USAGE;
            }
            continue;
        }
        if (files && (strncmp(arg, "-", 1) != 0 || strcmp(arg, "-") == 0)) {
            if (args->file_count == sizeof args->files / sizeof args->files[0]) {
                cli_error(args, "too many files");
                return EXIT_USAGE;
            }
            args->files[args->file_count++] = arg;
            continue;
        }
        if (strcmp(args->command, "batch") == 0 &&
            (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0)) {
            if (i + 1 >= argc) {
                cli_error(args, "%s needs a file name", arg);
                return EXIT_USAGE;
            }
            args->output = argv[++i];
            continue;
        }
        const char *equals = strchr(arg, '=');
        size_t name_length = equals ? (size_t)(equals - arg) : strlen(arg);
        const flag *match = NULL;
        size_t index = 0;
        for (; !files && index < FLAG_COUNT; index++) {
            if (strlen(flags[index].name) == name_length &&
                strncmp(flags[index].name, arg, name_length) == 0) {
                match = &flags[index];
                break;
            }
        }
        if (!match) {
            cli_error(args, "unknown flag '%s' (see 'lapse %s --help')", arg, args->command);
            return EXIT_USAGE;
        }
        if (status && match->request) {
            cli_error(args, "%s is a request flag; status takes only subscription flags and --on",
                      match->name);
            return EXIT_USAGE;
        }
        const char *value = match->fixed;
        if (match->fixed && equals) {
            cli_error(args, "%s takes no value", match->name);
            return EXIT_USAGE;
        }
        if (!match->fixed) {
            if (equals)
                value = equals + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else {
                cli_error(args, "%s needs a value", match->name);
                return EXIT_USAGE;
            }
            if (value[0] == '\0') {
                cli_error(args, "%s needs a value, got an empty one", match->name);
                return EXIT_USAGE;
            }
        }
        if (match->column == LAPSE_COLUMN_ROLES) {
            /* Repeatable: the roles are collected into one list. */
            size_t used = strlen(args->roles);
            if (used + strlen(value) + 2 > sizeof args->roles) {
                cli_error(args, "--role given too many times");
                return EXIT_USAGE;
            }
            snprintf(args->roles + used, sizeof args->roles - used, "%s%s", used ? ";" : "", value);
            if (!seen[index])
                args->cells[args->cell_count++] = (lapse_cell){match->column, args->roles, 0};
            seen[index] = true;
            continue;
        }
        if (seen[index]) {
            cli_error(args, "%s given twice", match->name);
            return EXIT_USAGE;
        }
        seen[index] = true;
        args->cells[args->cell_count++] = (lapse_cell){match->column, value, strlen(value)};
    }
    for (size_t c = 0; c < args->cell_count; c++)
        if (args->cells[c].column == LAPSE_COLUMN_ROLES)
            args->cells[c].length = strlen(args->roles);
    return 0;
}

int cli_policy(cli_args *args)
{
    const char *name = args->policy ? args->policy : "default";
    lapse_error_detail detail;
    if (lapse_policy_preset(name, &args->policy_value, NULL) == LAPSE_OK)
        return 0;
    FILE *file = fopen(name, "rb");
    if (!file) {
        cli_error(args, "--policy '%s': not a preset (default, immediate-prorated, eu-consumer, "
                        "evergreen-contract) and not a readable file (%s)", name, strerror(errno));
        return EXIT_USAGE;
    }
    static char text[1 << 16];
    size_t length = fread(text, 1, sizeof text, file);
    bool too_long = !feof(file);
    fclose(file);
    if (too_long) {
        cli_error(args, "--policy %s: longer than %zu bytes", name, sizeof text);
        return EXIT_USAGE;
    }
    if (lapse_policy_parse(text, length, &args->policy_value, &detail) != LAPSE_OK) {
        cli_error(args, "--policy %s: %s", name, detail.message);
        return EXIT_USAGE;
    }
    return 0;
}

int cli_inputs(cli_args *args, lapse_subscription *subscription, lapse_request *request)
{
    bool have_start = false, have_on = false;
    for (size_t i = 0; i < args->cell_count; i++) {
        have_start |= args->cells[i].column == LAPSE_COLUMN_START;
        have_on |= args->cells[i].column == LAPSE_COLUMN_ON;
    }
    if (!have_start) {
        cli_error(args, "--start is required (the first day of the subscription, YYYY-MM-DD)");
        return EXIT_USAGE;
    }
    static char today[LAPSE_DATE_TEXT_SIZE];
    if (!have_on) {
        /* The default request date: today's local date. */
        time_t now = time(NULL);
        struct tm local;
        if (!localtime_r(&now, &local) ||
            strftime(today, sizeof today, "%Y-%m-%d", &local) != LAPSE_DATE_TEXT_LEN) {
            cli_error(args, "cannot read today's date; give --on DATE");
            return EXIT_USAGE;
        }
        args->cells[args->cell_count++] = (lapse_cell){LAPSE_COLUMN_ON, today, LAPSE_DATE_TEXT_LEN};
    }
    lapse_error_detail detail;
    if (lapse_inputs_parse(args->cells, args->cell_count, subscription, request, &detail) != LAPSE_OK)
        return cli_report(args, &detail);
    return 0;
}

int main(int argc, char **argv)
{
    cli_args args;
    memset(&args, 0, sizeof args);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("lapse %s\n", lapse_version());
        return EXIT_OK;
    }
    static const struct {
        const char *name;
        int (*run)(cli_args *);
        const char *help;
    } commands[] = {
        {"cancel", cli_cancel, cancel_help},       {"status", cli_status, status_help},
        {"timeline", cli_timeline, timeline_help}, {"check", cli_check, check_help},
        {"batch", cli_batch, batch_help},          {"policy", cli_policy_command, policy_help},
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        args.command = commands[i].name;
        int status = parse_args(&args, argc - 2, argv + 2);
        if (status)
            return status;
        if (args.help) {
            fputs(commands[i].help, stdout);
            return EXIT_OK;
        }
        if ((status = cli_policy(&args)))
            return status;
        return commands[i].run(&args);
    }
    fprintf(stderr, "lapse: unknown command '%s'\n\n%s", argv[1], usage);
    return EXIT_USAGE;
}
