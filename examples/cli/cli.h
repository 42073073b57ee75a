/* The lapse command-line tool: a thin layer over the public API. */
#ifndef LAPSE_CLI_H
#define LAPSE_CLI_H

#include "lapse/tables.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses (docs/cli.md, "Exit statuses"). */
enum {
    EXIT_OK = 0,    /* done; for cancel: the request goes through */
    EXIT_NO = 1,    /* a refused request, a failed check, a bad batch row */
    EXIT_USAGE = 2, /* a usage error, an input that cannot be read */
    EXIT_OUTPUT = 3 /* output was lost: a write failed (full disk, closed stdout) */
};

/* What the command line said. */
typedef struct cli_args {
    const char *command; /* "cancel", "status", ... */
    lapse_cell cells[LAPSE_COLUMN_COUNT];
    size_t cell_count;
    char roles[128];     /* every --role, joined by ';' */
    char items[4096];    /* every --item, joined by ';' */
    char reduce[1024];   /* every --reduce, joined by ';' */
    lapse_inputs inputs; /* cli_inputs(): the room of the items and the reduction */
    bool json;
    bool help;
    const char *files[256];
    size_t file_count;
    const char *output; /* -o */
    int jobs;           /* batch --jobs; 0 = the number of online CPUs */
    const char *keep;   /* batch --keep: input columns copied to each output row */
    const char *policy; /* --policy NAME|FILE */
    lapse_policy policy_value;
    const char *language;        /* --lang, or from the environment */
    const char *role_values[16]; /* each --role as typed, for messages */
    size_t role_count;
    bool have_on;           /* --on was given */
    const char *from, *to;  /* timeline --from, --to */
    const char *at;         /* --at INSTANT: the request date is its local date */
    const char *zone_name;  /* --zone NAME */
    const lapse_zone *zone; /* loaded from --zone by cli_inputs(), else NULL */
} cli_args;

/* A subcommand: its name, what it does and its --help text, in two parts
 * (help_more, printed after help, may be NULL): C11 promises string
 * literals of 4095 bytes, which the flags of cancel and timeline pass. */
typedef struct cli_command {
    const char *name;
    int (*run)(cli_args *args);
    const char *help;
    const char *help_more;
} cli_command;

extern const cli_command cli_cancel_command, cli_status_command, cli_timeline_command,
    cli_check_command, cli_batch_command, cli_policy_command;

/* Help text shared by the commands that take a subscription. */
#define CLI_SUBSCRIPTION_FLAGS                                                                 \
    "subscription:\n"                                                                          \
    "  --start DATE            first day of the subscription (required)\n"                     \
    "  --term MONTHS           initial term length (default 1)\n"                              \
    "  --renewal-term MONTHS   renewal term length (default: the term)\n"                      \
    "  --billing MONTHS        months between invoices; 0 = whole term up front (default 1)\n" \
    "  --billing-day DAY       calendar billing: invoices on this day (1-31; default: the\n"   \
    "                          start's day); the days before it are a leading period\n"        \
    "  --billing-month MONTH   calendar billing by quarter and year: periods start in\n"       \
    "                          months congruent to it (1-12; quarterly 1: Jan/Apr/Jul/Oct)\n"  \
    "  --trial-end DATE        a free trial to this date, the first day billed (default:\n"    \
    "                          none); terms and billing count from it\n"                       \
    "  --intro-months MONTHS   an introductory price for the first MONTHS of the first\n"      \
    "                          term (whole billing periods; default 0: none)\n"                \
    "  --intro-price AMOUNT    the price of one invoice in those months\n"                     \
    "  --paused-from DATE      a pause from this date, a billing-period boundary: no\n"        \
    "                          access, no invoices (default: none; with --resumes-on)\n"       \
    "  --resumes-on DATE       the first day after the pause (the policy's\n"                  \
    "                          pause_extends_term says whether the term moves)\n"              \
    "  --price AMOUNT          price of one invoice, e.g. 20.00 (default 0)\n"                 \
    "  --renewal-price AMOUNT  price of one invoice in renewal terms (default: --price)\n"     \
    "  --currency CODE         ISO 4217 currency (default EUR)\n"                              \
    "  --contract              the account has a signed contract (default: self-serve)\n"      \
    "  --no-auto-renew         the subscription does not renew\n"                              \
    "  --no-online-cancel      the admin portal does not offer cancellation\n"                 \
    "  --balance AMOUNT        outstanding balance (default 0)\n"                              \
    "  --licenses N            licences still assigned to users (default 0)\n"                 \
    "  --cancelled-on DATE     the date it was cancelled, if it was\n"                         \
    "  --item NAME:QUANTITY:UNIT_PRICE[:COMMITTED[:ASSIGNED]]\n"                               \
    "                          an item (seats, an add-on) billed per unit with every\n"        \
    "                          invoice; repeat for several (at most 16)\n"                     \
    "  --concluded-on DATE     EU withdrawal: the day the contract was concluded (default:\n"  \
    "                          the start)\n"                                                   \
    "  --no-withdrawal-informed  EU withdrawal: the consumer was not told of the right\n"      \
    "  --express-request       EU withdrawal: the consumer asked for service to begin\n"       \
    "                          within the withdrawal period\n"

#define CLI_POLICY_FLAG                                                                  \
    "policy:\n"                                                                          \
    "  --policy NAME|FILE      a preset (default, immediate-prorated, eu-consumer,\n"    \
    "                          evergreen-contract, killbill-like, killbill-fixed30,\n"   \
    "                          lago-advance, lago-arrears) or a policy file (default:\n" \
    "                          default)\n"

/* --at and --zone (cancel, status, timeline). */
#define CLI_ZONE_FLAGS                                                                    \
    "  --at INSTANT            the request as an instant, RFC 3339 with Z or an offset\n" \
    "                          (2025-12-02T23:30:00-08:00): the request date is its\n"    \
    "                          local date in --zone, else in its own offset\n"            \
    "  --zone NAME             the account's IANA time zone (Europe/Rome), read from\n"   \
    "                          $TZDIR or /usr/share/zoneinfo; deadlines are then also\n"  \
    "                          given as instants (notice_deadline_at, access_ends_at)\n"

#define CLI_REQUEST_FLAGS                                                                  \
    "request:\n"                                                                           \
    "  --on DATE               date of the request (default: today)\n"                     \
    "  --channel online|support  (default online)\n"                                       \
    "  --role ROLE             billing-admin, product-admin or billing-contact;\n"         \
    "                          repeat for several; none = an ordinary user\n"              \
    "  --cannot-sign-in        the person cannot sign in to the admin portal\n"            \
    "  --end-on DATE           a chosen end: service ends on the first end the policy's\n" \
    "                          timing allows on or after DATE (after --on)\n"              \
    "  --provided LIST         details given to support, comma-separated: account-id,\n"   \
    "                          admin-email, card-last4, billing-address, products, or "    \
    "all\n"                                                                                \
    "  --reduce NAME=N         reduce an item to N units (0 removes it) instead of\n"      \
    "                          cancelling; repeat for several items\n" CLI_ZONE_FLAGS

/* args.c: the command line. */
/* Prints "lapse COMMAND: message" to stderr; with --json (cancel, status,
 * timeline, policy) {"error": {"code": "usage", "field": "", "message"}} to
 * standard output instead. */
void cli_error(const cli_args *args, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* Reports a library error as "--flag: <library message>" (the message alone
 * when no flag sets the field), or with --json as {"error": {...}} on
 * standard output; returns EXIT_NO for a refusal that is an answer
 * (before_start, already_ended), EXIT_USAGE for anything else. */
int cli_report(const cli_args *args, const lapse_error_detail *detail);
/* The language of explanations when --lang is not given: the first of
 * LC_ALL, LC_MESSAGES and LANG that is set, when it names a language the
 * library has ("it_IT.UTF-8" is "it"); else "en". */
const char *cli_default_language(void);
/* What an explanation is about: the decision of a request (lapse_explain),
 * or, when decision is NULL, the status on a date (lapse_explain_status). */
typedef struct cli_explained {
    const lapse_subscription *subscription;
    const lapse_request *request;
    const lapse_decision *decision;
    lapse_date date;
    const lapse_status_info *status;
} cli_explained;
/* Writes that explanation, in args->language under args->policy_value, to
 * standard output; returns 0 or the exit status of the error. */
int cli_print_explanation(const cli_args *args, const cli_explained *about);
/* Parses argv after the command; returns 0 or an exit status. */
int cli_parse_args(cli_args *args, int argc, char **argv);
/* Fills args->policy_value from --policy (a preset name or a file), or the
 * default; returns 0 or the exit status of an error it reported. */
int cli_policy(cli_args *args);
/* Builds the subscription and request from the flags (with today as the
 * default --on); returns 0 or the exit status of an error it reported. */
int cli_inputs(cli_args *args, lapse_subscription *subscription, lapse_request *request);
/* Reads a whole file of at most `size` bytes; returns its length, or -1
 * after reporting the cause (named by `what`, with strerror). */
long cli_read_file(const cli_args *args, const char *what, const char *path, char *buf,
                   size_t size);
/* "20.00 EUR"; a date as text or "none". */
void cli_amount_text(int64_t amount, const char *currency, char *buf, size_t size);
const char *cli_date_text(lapse_date date, char buf[LAPSE_DATE_TEXT_SIZE]);

/* text.c: text cut to fit between UTF-8 characters, never inside one.
 * cli_utf8_cut: how much of text[0..length) fits in `room` bytes so cut;
 * cli_format: snprintf (the whole length returned), cut so when short. */
size_t cli_utf8_cut(const char *text, size_t length, size_t room);
int cli_format(char *buf, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* json.c: JSON output, always valid UTF-8. */
void json_string(FILE *out, const char *text, size_t length);
void json_date(FILE *out, lapse_date date);
/* The decision as lapse_decision_json_items() writes it (with the
 * per-item results of lapse_decide_items()), and a newline. */
void json_decision(FILE *out, const lapse_decision *decision, const lapse_item_result *results,
                   size_t count);
/* The decision's keys and values without the braces, for larger objects. */
void json_decision_members(FILE *out, const lapse_decision *decision,
                           const lapse_item_result *results, size_t count);
/* The decision's object (lapse_decision_json_items) with, after its
 * members, "notice_deadline_at" and "access_ends_at" in the zone (RFC 3339
 * UTC, or null), and a newline; json_decision() when zone is NULL. */
void json_decision_in_zone(FILE *out, const lapse_decision *decision,
                           const lapse_item_result *results, size_t count, const lapse_zone *zone);

/* The zone and requested_at columns of a row (zones.c).  A zone_cache
 * loads each distinct zone once a run, from $TZDIR or /usr/share/zoneinfo
 * (threads share it). */
typedef struct zone_cache zone_cache;
zone_cache *zone_cache_new(void);
void zone_cache_free(zone_cache *cache);
int zone_cache_loads(const zone_cache *cache); /* zones loaded (kept) so far */
bool table_has_zone(const lapse_table *table);
/* After lapse_table_row(): the row's zone (*zone, NULL when its cell is
 * empty or the table has none) and, with a requested_at, the request date
 * set to the instant's local date in it.  *owned, when not NULL, is to be
 * freed after the row (a zone the full cache did not keep). */
lapse_error zone_row(zone_cache *cache, const lapse_table *table, const char *line, lapse_row *row,
                     const lapse_zone **zone, void **owned, lapse_error_detail *detail);
/* "notice_deadline_at,access_ends_at" of a decision in a zone (each empty
 * when none, or when zone is NULL) into buf (2 * LAPSE_INSTANT_TEXT_SIZE
 * bytes); returns the length. */
size_t zone_instants_csv(const lapse_zone *zone, const lapse_decision *decision, char *buf);
/* Every field of a policy, from the struct. */
void json_policy(FILE *out, const lapse_policy *policy);

/* csv.c: CSV output and line input. */
/* One field, the string `text`, into `out` (room for 2 * strlen(text) +
 * 2), quoted when it needs to be; returns the bytes written. */
size_t csv_field(char *out, const char *text);

/* Reads lines of any length in large blocks, handing each line in place
 * (no copy per line); the buffer grows to the longest line only. */
typedef struct line_reader {
    FILE *file;
    char *line;   /* the current line, NUL-terminated, writable */
    long number;  /* its 1-based number */
    char *buffer; /* the block read, and any line it ends in */
    size_t start, end, size;
    int error; /* errno of a failed read, else 0 */
    bool eof;
    long lines_read; /* next_record: the lines of every record so far */
    /* next_record: the buffer's first '"' at or after a line it was
     * searched from, or quote_searched (the end searched to) if none. */
    size_t quote_at, quote_searched;
} line_reader;
/* The next line without its '\n' (a '\r' stays), or -1 at the end or on a
 * read error (tell them apart with reader->error). */
long next_line(line_reader *reader);
/* The next CSV record (RFC 4180: a quoted field may span lines) without its
 * last '\n', as next_line() hands a line; `number` is its first line.  A
 * quote still open at the end of the input closes nothing: the record is
 * then its first line alone.  Not to be mixed with next_line(). */
long next_record(line_reader *reader);
/* Frees the buffer; the file is the caller's. */
void reader_free(line_reader *reader);
bool blank_line(const char *line, long length);
/* Flushes and (unless it is stdout) closes an output; on any write error
 * reports "writing NAME: <cause>" and returns EXIT_OUTPUT, else `status`. */
int cli_finish_output(const cli_args *args, FILE *out, const char *name, int status);

#endif
