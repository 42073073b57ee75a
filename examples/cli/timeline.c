/* lapse timeline: every dated event of a subscription, listed and drawn. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: lapse timeline --start DATE [FLAGS] [--json]\n"
    "\n"
    "Every dated event of the subscription cancelled on --on (by default its\n"
    "--cancelled-on date when it has one, else today): invoices, renewals, notice\n"
    "deadline, cancellation, refund, fee, pause and resume, end of access and data\n"
    "deletion (with --reduce: the reduction and the change to the new quantities),\n"
    "one per line and drawn as a timeline (marks on one date stacked below).\n"
    "\n" CLI_SUBSCRIPTION_FLAGS;
static const char help_more[] =
    "\n" CLI_REQUEST_FLAGS "\n" CLI_POLICY_FLAG "\n"
    "  --from DATE, --to DATE  only the events from, to that date (inclusive)\n"
    "  --lang en|it            the language of the lines (default: from LC_ALL,\n"
    "                          LC_MESSAGES or LANG, else en)\n"
    "  --json                  {\"events\": [{\"date\", \"event\", \"term\", \"amount\"}, ...]}\n"
    "                          (term null for the end of access and the deletion)\n";

enum { WIDTH = 72 };

/* The mark of each kind of event, and which wins the top row of a column. */
static const char symbol[] = {
    [LAPSE_EVENT_START] = '|',           [LAPSE_EVENT_RENEWAL] = '|',
    [LAPSE_EVENT_INVOICE] = 'i',         [LAPSE_EVENT_NOTICE_DEADLINE] = 'N',
    [LAPSE_EVENT_CANCELLATION] = 'C',    [LAPSE_EVENT_REFUND] = 'R',
    [LAPSE_EVENT_TERMINATION_FEE] = 'F', [LAPSE_EVENT_EFFECTIVE_END] = 'E',
    [LAPSE_EVENT_DATA_DELETED] = 'D',    [LAPSE_EVENT_REDUCTION] = 'Q',
    [LAPSE_EVENT_CHANGE] = 'q',          [LAPSE_EVENT_APPLIED_TO_BALANCE] = 'B',
    [LAPSE_EVENT_ACCOUNT_CREDIT] = 'A',  [LAPSE_EVENT_PAUSE] = 'P',
    [LAPSE_EVENT_RESUME] = 'p',
};
/* Kinds from the most to the least telling; one shared mark for starts
 * and renewals.  A kind without a mark (a newer library's) is listed, not
 * drawn. */
static const lapse_event_kind by_rank[] = {
    LAPSE_EVENT_DATA_DELETED,   LAPSE_EVENT_EFFECTIVE_END,
    LAPSE_EVENT_CANCELLATION,   LAPSE_EVENT_CHANGE,
    LAPSE_EVENT_REDUCTION,      LAPSE_EVENT_TERMINATION_FEE,
    LAPSE_EVENT_REFUND,         LAPSE_EVENT_APPLIED_TO_BALANCE,
    LAPSE_EVENT_ACCOUNT_CREDIT, LAPSE_EVENT_PAUSE,
    LAPSE_EVENT_RESUME,         LAPSE_EVENT_NOTICE_DEADLINE,
    LAPSE_EVENT_START,          LAPSE_EVENT_INVOICE,
};
#define RANKS (sizeof by_rank / sizeof by_rank[0])

static lapse_event_kind drawn_kind(lapse_event_kind kind)
{
    return kind == LAPSE_EVENT_RENEWAL ? LAPSE_EVENT_START : kind;
}

/* Draws the events on one line from the first to the last; events that
 * share a column are stacked below it, so that no mark is hidden. */
static void draw_timeline(const lapse_event *events, size_t count, const char *language)
{
    lapse_date first = events[0].date, last = events[0].date;
    for (size_t i = 1; i < count; i++) {
        first = events[i].date < first ? events[i].date : first;
        last = events[i].date > last ? events[i].date : last;
    }
    int64_t span = last > first ? last - first : 1;
    uint32_t kinds[WIDTH] = { 0 }, present = 0;
    for (size_t i = 0; i < count; i++) {
        /* Clamped: the drawing never trusts the events' order. */
        int64_t offset = events[i].date < first ? 0 : events[i].date - first;
        int column = (int)((offset > span ? span : offset) * (WIDTH - 1) / span);
        lapse_event_kind kind = drawn_kind(events[i].kind);
        if ((unsigned)kind >= sizeof symbol || !symbol[kind])
            continue; /* no mark for it: listed above, not drawn */
        kinds[column] |= 1u << kind;
        present |= 1u << kind;
    }
    char a[LAPSE_DATE_TEXT_SIZE], b[LAPSE_DATE_TEXT_SIZE];
    printf("\n%-*s%s\n", WIDTH - LAPSE_DATE_TEXT_LEN, cli_date_text(first, a),
           cli_date_text(last, b));
    for (int row = 0;; row++) {
        char line[WIDTH + 1];
        bool any = false;
        for (int c = 0; c < WIDTH; c++) {
            int seen = 0;
            line[c] = row == 0 ? '-' : ' ';
            for (size_t k = 0; k < RANKS; k++) {
                if ((kinds[c] & (1u << by_rank[k])) && seen++ == row) {
                    line[c] = symbol[by_rank[k]];
                    any = true;
                }
            }
        }
        if (!any && row > 0)
            break;
        int end = WIDTH;
        while (row > 0 && end > 0 && line[end - 1] == ' ')
            end--;
        printf("%.*s\n", end, line);
    }
    /* The legend names what is drawn, in the language of the text. */
    int used = 0;
    for (size_t k = RANKS; k-- > 0;) {
        lapse_event_kind kind = by_rank[k];
        if (!(present & (1u << kind)))
            continue;
        char item[128];
        if (kind == LAPSE_EVENT_START)
            snprintf(item, sizeof item, "%c %s, %s", symbol[kind],
                     lapse_event_words(LAPSE_EVENT_START, language),
                     lapse_event_words(LAPSE_EVENT_RENEWAL, language));
        else
            snprintf(item, sizeof item, "%c %s", symbol[kind], lapse_event_words(kind, language));
        int width = (int)strlen(item);
        if (used > 0 && used + 2 + width > WIDTH + 8) {
            printf("\n");
            used = 0;
        }
        printf("%s%s", used ? "  " : "", item);
        used += (used ? 2 : 0) + width;
    }
    printf("\n");
}

/* --from and --to: the dates the listing keeps (inclusive). */
static int date_flag(cli_args *args, const char *name, const char *text, lapse_date fallback,
                     lapse_date *out)
{
    *out = fallback;
    if (!text)
        return 0;
    lapse_error error = lapse_date_parse(text, out);
    if (error) {
        cli_error(args, "%s '%s': %s", name, text, lapse_strerror(error));
        return EXIT_USAGE;
    }
    return 0;
}

static int timeline(cli_args *args)
{
    lapse_subscription s;
    lapse_request r;
    int status = cli_inputs(args, &s, &r);
    if (status)
        return status;
    lapse_date from, to;
    if ((status = date_flag(args, "--from", args->from, LAPSE_DATE_MIN, &from)) ||
        (status = date_flag(args, "--to", args->to, LAPSE_DATE_MAX, &to)))
        return status;
    lapse_error_detail detail;
    size_t count;
    if (lapse_timeline(&args->policy_value, &s, &r, NULL, 0, &count, &detail) != LAPSE_OK)
        return cli_report(args, &detail);
    lapse_event *events = malloc(count * sizeof *events);
    if (!events) {
        cli_error(args, "out of memory for %zu events", count);
        return EXIT_USAGE;
    }
    if (lapse_timeline(&args->policy_value, &s, &r, events, count, &count, &detail) != LAPSE_OK) {
        free(events);
        return cli_report(args, &detail);
    }
    /* Only the events from --from to --to, in place. */
    size_t kept = 0;
    for (size_t i = 0; i < count; i++)
        if (events[i].date >= from && events[i].date <= to)
            events[kept++] = events[i];
    count = kept;
    if (args->json) {
        printf("{\"events\": [");
        for (size_t i = 0; i < count; i++) {
            printf("%s{\"date\": ", i ? ", " : "");
            json_date(stdout, events[i].date);
            printf(", \"event\": \"%s\", \"term\": ", lapse_name(LAPSE_KIND_EVENT, events[i].kind));
            if (events[i].term >= 0)
                printf("%ld", (long)events[i].term);
            else
                printf("null");
            printf(", \"amount\": %lld}", (long long)events[i].amount);
        }
        printf("], \"currency\": ");
        json_string(stdout, s.currency, strlen(s.currency));
        printf("}\n");
        free(events);
        return EXIT_OK;
    }
    for (size_t i = 0; i < count; i++) {
        char line[512];
        size_t length;
        if (lapse_explain_event(&s, &events[i], args->language, line, sizeof line, &length,
                                &detail) != LAPSE_OK) {
            free(events);
            return cli_report(args, &detail);
        }
        printf("%s\n", line);
    }
    if (count > 0)
        draw_timeline(events, count, args->language);
    free(events);
    return EXIT_OK;
}

const cli_command cli_timeline_command = { "timeline", timeline, help, help_more };
