/* The command line: flags into the library's input columns, the policy,
 * and errors reported in the library's own words. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* batch and check write rows and reports on standard output; their errors
 * stay on standard error whatever the format. */
static bool json_errors(const cli_args *args)
{
    return args->json && args->command && strcmp(args->command, "batch") != 0 &&
           strcmp(args->command, "check") != 0;
}

static void json_error(const char *code, const char *field, const char *message)
{
    printf("{\"error\": {\"code\": \"%s\", \"field\": ", code);
    json_string(stdout, field, strlen(field));
    printf(", \"message\": ");
    json_string(stdout, message, strlen(message));
    printf("}}\n");
}

void cli_error(const cli_args *args, const char *format, ...)
{
    va_list list;
    va_start(list, format);
    if (json_errors(args)) {
        char message[1024];
        int n = vsnprintf(message, sizeof message, format, list);
        if (n >= (int)sizeof message) /* cut between characters */
            message[cli_utf8_cut(message, (size_t)n, sizeof message - 1)] = '\0';
        json_error("usage", "", message);
    } else {
        fprintf(stderr, "lapse%s%s: ", args->command ? " " : "",
                args->command ? args->command : "");
        vfprintf(stderr, format, list);
        fputc('\n', stderr);
    }
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
    { "--start", LAPSE_COLUMN_START, NULL, false },
    { "--term", LAPSE_COLUMN_TERM, NULL, false },
    { "--renewal-term", LAPSE_COLUMN_RENEWAL_TERM, NULL, false },
    { "--billing", LAPSE_COLUMN_BILLING, NULL, false },
    { "--price", LAPSE_COLUMN_PRICE, NULL, false },
    { "--currency", LAPSE_COLUMN_CURRENCY, NULL, false },
    { "--contract", LAPSE_COLUMN_CONTRACT, "true", false },
    { "--no-auto-renew", LAPSE_COLUMN_AUTO_RENEW, "false", false },
    { "--no-online-cancel", LAPSE_COLUMN_ONLINE_CANCEL, "false", false },
    { "--balance", LAPSE_COLUMN_BALANCE, NULL, false },
    { "--licenses", LAPSE_COLUMN_LICENSES, NULL, false },
    { "--cancelled-on", LAPSE_COLUMN_CANCELLED_ON, NULL, false },
    { "--on", LAPSE_COLUMN_ON, NULL, false },
    { "--channel", LAPSE_COLUMN_CHANNEL, NULL, true },
    { "--role", LAPSE_COLUMN_ROLES, NULL, true },
    { "--cannot-sign-in", LAPSE_COLUMN_CAN_SIGN_IN, "false", true },
    { "--provided", LAPSE_COLUMN_PROVIDED, NULL, true },
    { "--renewal-price", LAPSE_COLUMN_RENEWAL_PRICE, NULL, false },
    { "--end-on", LAPSE_COLUMN_END_ON, NULL, true },
    { "--billing-day", LAPSE_COLUMN_BILLING_DAY, NULL, false },
    { "--item", LAPSE_COLUMN_ITEMS, NULL, false },
    { "--reduce", LAPSE_COLUMN_REDUCE, NULL, true },
    { "--billing-month", LAPSE_COLUMN_BILLING_MONTH, NULL, false },
    { "--trial-end", LAPSE_COLUMN_TRIAL_END, NULL, false },
    { "--concluded-on", LAPSE_COLUMN_CONCLUDED_ON, NULL, false },
    { "--no-withdrawal-informed", LAPSE_COLUMN_WITHDRAWAL_INFORMED, "false", false },
    { "--express-request", LAPSE_COLUMN_EXPRESS_REQUEST, "true", false },
    { "--intro-months", LAPSE_COLUMN_INTRO_MONTHS, NULL, false },
    { "--intro-price", LAPSE_COLUMN_INTRO_PRICE, NULL, false },
    { "--paused-from", LAPSE_COLUMN_PAUSED_FROM, NULL, false },
    { "--resumes-on", LAPSE_COLUMN_RESUMES_ON, NULL, false },
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

int cli_report(const cli_args *args, const lapse_error_detail *detail)
{
    /* A request before the start or after the end is an answer about the
     * subscription, not a mistake on the command line. */
    int status = detail->code == LAPSE_ERR_BEFORE_START || detail->code == LAPSE_ERR_ALREADY_ENDED
                     ? EXIT_NO
                     : EXIT_USAGE;
    if (json_errors(args)) {
        json_error(lapse_error_name(detail->code), detail->field, detail->message);
        return status;
    }
    const char *name = flag_of_field(detail->field);
    if (name)
        fprintf(stderr, "lapse %s: %s: %s\n", args->command, name, detail->message);
    else
        fprintf(stderr, "lapse %s: %s\n", args->command, detail->message);
    return status;
}

const char *cli_default_language(void)
{
    static const char *const variables[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < sizeof variables / sizeof variables[0]; i++) {
        const char *value = getenv(variables[i]);
        if (!value || !value[0])
            continue;
        size_t length = strcspn(value, "_.@");
        const char *code;
        for (size_t k = 0; (code = lapse_language_code(k)) != NULL; k++)
            if (strlen(code) == length && strncmp(code, value, length) == 0)
                return code;
        return "en";
    }
    return "en";
}

static lapse_error explain(const cli_args *args, const cli_explained *about, char *buf, size_t size,
                           size_t *length, lapse_error_detail *detail)
{
    if (about->decision && args->zone)
        return lapse_explain_in_zone(&args->policy_value, about->subscription, about->request,
                                     about->decision, args->zone, args->language, buf, size, length,
                                     detail);
    if (about->decision)
        return lapse_explain(&args->policy_value, about->subscription, about->request,
                             about->decision, args->language, buf, size, length, detail);
    return lapse_explain_status(&args->policy_value, about->subscription, about->date,
                                about->status, args->language, buf, size, length, detail);
}

int cli_print_explanation(const cli_args *args, const cli_explained *about)
{
    char text[8192];
    size_t length;
    lapse_error_detail detail;
    if (explain(args, about, text, sizeof text, &length, &detail) != LAPSE_OK)
        return cli_report(args, &detail);
    if (length < sizeof text) {
        fputs(text, stdout);
        return 0;
    }
    char *whole = malloc(length + 1);
    if (!whole) {
        cli_error(args, "out of memory for an explanation of %zu bytes", length);
        return EXIT_USAGE;
    }
    int status = 0;
    if (explain(args, about, whole, length + 1, &length, &detail) != LAPSE_OK)
        status = cli_report(args, &detail);
    else
        fputs(whole, stdout);
    free(whole);
    return status;
}

/* lapse policy show [NAME|FILE] */
static int parse_policy_args(cli_args *args, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            args->help = true;
        else if (strcmp(argv[i], "--json") == 0)
            args->json = true;
        else if (args->file_count < 2 && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0))
            args->files[args->file_count++] = argv[i];
        else {
            cli_error(args, "unexpected '%s' (see 'lapse policy --help')", argv[i]);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* batch --jobs N: 1..256 threads. */
static int parse_jobs(cli_args *args, const char *value, const char *name, int *used)
{
    *used = strncmp(name, "--jobs=", 7) == 0 ? 1 : 2;
    char *end = NULL;
    long jobs = value ? strtol(value, &end, 10) : 0;
    if (!value || end == value || *end != '\0' || jobs < 1 || jobs > 256) {
        cli_error(args, "%s '%s': not a number of threads (1 to 256)", name, value ? value : "");
        return EXIT_USAGE;
    }
    args->jobs = (int)jobs;
    return 0;
}

/* --lang CODE: a language the library explains in. */
static int parse_language(cli_args *args, const char *value)
{
    const char *code;
    for (size_t k = 0; value && (code = lapse_language_code(k)) != NULL; k++) {
        if (strcmp(code, value) == 0) {
            args->language = code;
            return 0;
        }
    }
    char known[64] = "";
    for (size_t k = 0; (code = lapse_language_code(k)) != NULL; k++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", k ? ", " : "", code);
    cli_error(args, "--lang '%s': not one of %s", value ? value : "", known);
    return EXIT_USAGE;
}

/* The flags every command takes: --help, --json, --policy, and for check
 * and batch the files and -o.  *used is how many arguments it took (0 for
 * a flag it does not know). */
static int parse_common(cli_args *args, int argc, char **argv, int i, int *used)
{
    const char *arg = argv[i];
    bool files = strcmp(args->command, "check") == 0 || strcmp(args->command, "batch") == 0;
    *used = 1;
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
        args->help = true;
    else if (strcmp(arg, "--json") == 0)
        args->json = true;
    else if (strcmp(arg, "--policy") == 0 || strncmp(arg, "--policy=", 9) == 0) {
        if (args->policy) {
            cli_error(args, "--policy given twice");
            return EXIT_USAGE;
        }
        if (arg[8] == '=')
            args->policy = arg + 9;
        else if (i + 1 < argc)
            args->policy = argv[i + 1], *used = 2;
        else {
            cli_error(args, "--policy needs a preset name or a file");
            return EXIT_USAGE;
        }
    } else if (strcmp(arg, "--lang") == 0 || strncmp(arg, "--lang=", 7) == 0) {
        const char *value = arg[6] == '=' ? arg + 7 : i + 1 < argc ? argv[i + 1] : NULL;
        *used = arg[6] == '=' ? 1 : 2;
        return parse_language(args, value);
    } else if (!files && (strcmp(arg, "--at") == 0 || strcmp(arg, "--zone") == 0 ||
                          strncmp(arg, "--at=", 5) == 0 || strncmp(arg, "--zone=", 7) == 0)) {
        bool zone = arg[3] == 'o';
        const char *equals = strchr(arg, '=');
        const char *value = equals ? equals + 1 : i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = zone ? &args->zone_name : &args->at;
        if (!value || !value[0]) {
            cli_error(args, "%s needs %s", zone ? "--zone" : "--at",
                      zone ? "an IANA zone name (Europe/Rome)"
                           : "an instant (2025-12-02T23:30:00-08:00)");
            return EXIT_USAGE;
        }
        if (*slot) {
            cli_error(args, "%s given twice", zone ? "--zone" : "--at");
            return EXIT_USAGE;
        }
        *slot = value, *used = equals ? 1 : 2;
    } else if (strcmp(args->command, "timeline") == 0 &&
               (strcmp(arg, "--from") == 0 || strcmp(arg, "--to") == 0)) {
        if (i + 1 >= argc) {
            cli_error(args, "%s needs a date", arg);
            return EXIT_USAGE;
        }
        *(arg[2] == 'f' ? &args->from : &args->to) = argv[i + 1];
        *used = 2;
    } else if (files && (arg[0] != '-' || strcmp(arg, "-") == 0)) {
        if (args->file_count == sizeof args->files / sizeof args->files[0]) {
            cli_error(args, "too many files");
            return EXIT_USAGE;
        }
        args->files[args->file_count++] = arg;
    } else if (strcmp(args->command, "batch") == 0 &&
               (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0)) {
        if (i + 1 >= argc) {
            cli_error(args, "%s needs a file name", arg);
            return EXIT_USAGE;
        }
        args->output = argv[i + 1], *used = 2;
    } else if (strcmp(args->command, "batch") == 0 &&
               (strcmp(arg, "--keep") == 0 || strncmp(arg, "--keep=", 7) == 0)) {
        const char *value = arg[6] == '=' ? arg + 7 : i + 1 < argc ? argv[i + 1] : NULL;
        if (!value || !value[0]) {
            cli_error(args, "--keep needs column names, comma-separated");
            return EXIT_USAGE;
        }
        args->keep = value, *used = arg[6] == '=' ? 1 : 2;
    } else if (strcmp(args->command, "batch") == 0 &&
               (strcmp(arg, "-j") == 0 || strcmp(arg, "--jobs") == 0 ||
                strncmp(arg, "--jobs=", 7) == 0)) {
        return parse_jobs(args,
                          arg[6] == '='  ? arg + 7
                          : i + 1 < argc ? argv[i + 1]
                                         : NULL,
                          arg, used);
    } else
        *used = 0;
    return 0;
}

/* The value of a subscription or request flag; *used as parse_common. */
static int flag_value(cli_args *args, const flag *match, const char *equals, int argc, char **argv,
                      int i, const char **value, int *used)
{
    *value = match->fixed;
    *used = 1;
    if (match->fixed) {
        if (equals) {
            cli_error(args, "%s takes no value", match->name);
            return EXIT_USAGE;
        }
        return 0;
    }
    if (equals)
        *value = equals + 1;
    else if (i + 1 < argc)
        *value = argv[i + 1], *used = 2;
    else {
        cli_error(args, "%s needs a value", match->name);
        return EXIT_USAGE;
    }
    if ((*value)[0] == '\0') {
        cli_error(args, "%s needs a value, got an empty one", match->name);
        return EXIT_USAGE;
    }
    return 0;
}

/* The buffer a repeatable flag joins its values into with ';' (--role,
 * --item, --reduce), or NULL for a flag given once. */
static char *joined(cli_args *args, lapse_column column, size_t *size)
{
    switch (column) {
    case LAPSE_COLUMN_ROLES: *size = sizeof args->roles; return args->roles;
    case LAPSE_COLUMN_ITEMS: *size = sizeof args->items; return args->items;
    case LAPSE_COLUMN_REDUCE: *size = sizeof args->reduce; return args->reduce;
    default: *size = 0; return NULL;
    }
}

/* Records a flag's value as an input cell; --role, --item and --reduce
 * repeat into one list. */
static int add_cell(cli_args *args, const flag *match, const char *value, bool *seen)
{
    size_t size;
    char *list = joined(args, match->column, &size);
    if (list) {
        if (match->column == LAPSE_COLUMN_ROLES &&
            args->role_count < sizeof args->role_values / sizeof args->role_values[0])
            args->role_values[args->role_count++] = value;
        size_t used = strlen(list);
        if (used + strlen(value) + 2 > size) {
            cli_error(args, "%s given too many times", match->name);
            return EXIT_USAGE;
        }
        snprintf(list + used, size - used, "%s%s", used ? ";" : "", value);
        if (!*seen)
            args->cells[args->cell_count++] = (lapse_cell){ match->column, list, 0 };
        *seen = true;
        return 0;
    }
    if (*seen) {
        cli_error(args, "%s given twice", match->name);
        return EXIT_USAGE;
    }
    *seen = true;
    args->cells[args->cell_count++] = (lapse_cell){ match->column, value, strlen(value) };
    return 0;
}

/* A subscription or request flag at argv[i]; *used as parse_common. */
static int parse_flag(cli_args *args, int argc, char **argv, int i, bool *seen, int *used)
{
    const char *arg = argv[i];
    bool files = strcmp(args->command, "check") == 0 || strcmp(args->command, "batch") == 0;
    const char *equals = strchr(arg, '=');
    size_t name_length = equals ? (size_t)(equals - arg) : strlen(arg);
    size_t index = 0;
    while (!files && index < FLAG_COUNT &&
           !(strlen(flags[index].name) == name_length &&
             strncmp(flags[index].name, arg, name_length) == 0))
        index++;
    if (files || index == FLAG_COUNT) {
        cli_error(args, "unknown flag '%s' (see 'lapse %s --help')", arg, args->command);
        return EXIT_USAGE;
    }
    const flag *match = &flags[index];
    if (strcmp(args->command, "status") == 0 && match->request) {
        cli_error(args, "%s is a request flag; status takes only subscription flags and --on",
                  match->name);
        return EXIT_USAGE;
    }
    const char *value;
    int status = flag_value(args, match, equals, argc, argv, i, &value, used);
    return status ? status : add_cell(args, match, value, &seen[index]);
}

int cli_parse_args(cli_args *args, int argc, char **argv)
{
    if (strcmp(args->command, "policy") == 0)
        return parse_policy_args(args, argc, argv);
    bool seen[FLAG_COUNT] = { false };
    for (int i = 0; i < argc;) {
        int used, status = parse_common(args, argc, argv, i, &used);
        if (!status && used == 0)
            status = parse_flag(args, argc, argv, i, seen, &used);
        if (status)
            return status;
        i += used;
    }
    for (size_t c = 0; c < args->cell_count; c++) {
        size_t size;
        const char *list = joined(args, args->cells[c].column, &size);
        if (list)
            args->cells[c].length = strlen(list);
    }
    return 0;
}

long cli_read_file(const cli_args *args, const char *what, const char *path, char *buf, size_t size)
{
    bool from_stdin = strcmp(path, "-") == 0; /* - is standard input */
    FILE *file = from_stdin ? stdin : fopen(path, "rb");
    if (!file) {
        cli_error(args, "%s%s%s: %s", what, what[0] ? " " : "", path, strerror(errno));
        return -1;
    }
    size_t length = fread(buf, 1, size, file);
    int error = ferror(file) ? errno : 0;
    bool too_long = !error && length == size && fgetc(file) != EOF;
    if (!from_stdin)
        fclose(file);
    if (error)
        cli_error(args, "%s%s%s: %s", what, what[0] ? " " : "", path, strerror(error));
    else if (too_long)
        cli_error(args, "%s%s%s: longer than %zu bytes", what, what[0] ? " " : "", path, size);
    return error || too_long ? -1 : (long)length;
}

int cli_policy(cli_args *args)
{
    const char *name = args->policy ? args->policy : "default";
    lapse_error_detail detail;
    if (lapse_policy_preset(name, &args->policy_value, &detail) == LAPSE_OK)
        return 0;
    if (strcmp(name, "-") == 0 && strcmp(args->command, "batch") == 0 &&
        (args->file_count == 0 || strcmp(args->files[0], "-") == 0)) {
        cli_error(args, "--policy - and the rows cannot both come from standard input");
        return EXIT_USAGE;
    }
    FILE *probe = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
    if (!probe) {
        cli_error(args, "--policy: %s, and not a readable file (%s)", detail.message,
                  strerror(errno));
        return EXIT_USAGE;
    }
    if (probe != stdin)
        fclose(probe);
    static char text[1 << 16];
    long length = cli_read_file(args, "--policy", name, text, sizeof text);
    if (length < 0)
        return EXIT_USAGE;
    if (lapse_policy_parse(text, (size_t)length, &args->policy_value, &detail) != LAPSE_OK) {
        cli_error(args, "--policy %s: %s", name, detail.message);
        return EXIT_USAGE;
    }
    return 0;
}

/* --zone: the account's zone, from $TZDIR or /usr/share/zoneinfo.  --at:
 * the request date, the instant's local date in the zone, else in the
 * offset it was written in (an --on cell). */
static int request_instant(cli_args *args, bool *have_on)
{
    static lapse_zone zone;
    static char date[LAPSE_DATE_TEXT_SIZE];
    lapse_error_detail detail;
    if (args->zone_name) {
        const char *directory = getenv("TZDIR");
        if (!directory || !directory[0])
            directory = "/usr/share/zoneinfo";
        if (lapse_zone_load(directory, args->zone_name, &zone, &detail) != LAPSE_OK)
            return cli_report(args, &detail);
        args->zone = &zone;
    }
    if (!args->at)
        return 0;
    if (*have_on) {
        cli_error(args, "--at and --on both give the request date: give one");
        return EXIT_USAGE;
    }
    int64_t at;
    int32_t offset;
    lapse_date day;
    if (lapse_instant_parse(args->at, strlen(args->at), &at, &offset, &detail) != LAPSE_OK)
        return cli_report(args, &detail);
    if (args->zone) {
        if (lapse_zone_date(args->zone, at, &day) != LAPSE_OK) {
            cli_error(args, "--at %s: outside 0001-01-01 to 9999-12-31 in %s", args->at,
                      args->zone_name);
            return EXIT_USAGE;
        }
    } else {
        int64_t local = at + offset;
        day = (lapse_date)((local - (((local % 86400) + 86400) % 86400)) / 86400);
    }
    lapse_date_format(day, date, sizeof date);
    args->cells[args->cell_count++] = (lapse_cell){ LAPSE_COLUMN_ON, date, strlen(date) };
    *have_on = true;
    return 0;
}

/* Today's local date as the default --on (in --zone when given). */
static int add_today(cli_args *args)
{
    static char today[LAPSE_DATE_TEXT_SIZE];
    time_t now = time(NULL);
    lapse_date day;
    if (args->zone && lapse_zone_date(args->zone, (int64_t)now, &day) == LAPSE_OK) {
        lapse_date_format(day, today, sizeof today);
        args->cells[args->cell_count++] =
            (lapse_cell){ LAPSE_COLUMN_ON, today, LAPSE_DATE_TEXT_LEN };
        return 0;
    }
    struct tm local;
    if (!localtime_r(&now, &local) ||
        strftime(today, sizeof today, "%Y-%m-%d", &local) != LAPSE_DATE_TEXT_LEN) {
        cli_error(args, "cannot read today's date; give --on DATE");
        return EXIT_USAGE;
    }
    args->cells[args->cell_count++] = (lapse_cell){ LAPSE_COLUMN_ON, today, LAPSE_DATE_TEXT_LEN };
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
    int status = 0;
    if (!have_on && strcmp(args->command, "timeline") == 0) {
        /* The timeline of a recorded cancellation is its history: looked at
         * on its own date, not today, which may be long after the end. */
        for (size_t i = 0; i < args->cell_count && !have_on; i++) {
            if (args->cells[i].column == LAPSE_COLUMN_CANCELLED_ON) {
                lapse_cell on = args->cells[i];
                on.column = LAPSE_COLUMN_ON;
                args->cells[args->cell_count++] = on;
                have_on = true;
            }
        }
    }
    if ((status = request_instant(args, &have_on)))
        return status;
    if (!have_on)
        status = add_today(args);
    if (status)
        return status;
    args->have_on = have_on;
    lapse_error_detail detail;
    /* The items and the reduction stay in args->inputs, where the structs
     * point. */
    if (lapse_inputs_read(args->cells, args->cell_count, &args->inputs, &detail) == LAPSE_OK) {
        *subscription = args->inputs.subscription;
        *request = args->inputs.request;
        return 0;
    }
    /* --role repeats into one list; the message quotes the --role at fault. */
    if (strcmp(detail.field, "roles") == 0) {
        for (size_t i = 0; i < args->role_count; i++) {
            lapse_cell alone = { LAPSE_COLUMN_ROLES, args->role_values[i],
                                 strlen(args->role_values[i]) };
            lapse_subscription s;
            lapse_request r;
            if (lapse_inputs_parse(&alone, 1, &s, &r, &detail) != LAPSE_OK)
                break;
        }
    }
    return cli_report(args, &detail);
}

void cli_amount_text(int64_t amount, const char *currency, char *buf, size_t size)
{
    char number[LAPSE_AMOUNT_TEXT_SIZE];
    lapse_amount_format(amount, currency, number, sizeof number);
    snprintf(buf, size, "%s %s", number, currency);
}

const char *cli_date_text(lapse_date date, char buf[LAPSE_DATE_TEXT_SIZE])
{
    if (lapse_date_format(date, buf, LAPSE_DATE_TEXT_SIZE) == 0)
        strcpy(buf, "none");
    return buf;
}
