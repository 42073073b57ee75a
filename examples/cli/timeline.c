/* lapse timeline: every dated event of a subscription, listed and drawn. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: lapse timeline --start DATE [FLAGS] [--json]\n"
    "\n"
    "Every dated event of the subscription cancelled on --on (or on its\n"
    "--cancelled-on date): invoices, renewals, notice deadline, cancellation,\n"
    "effective end and data deletion, as a table and drawn as a timeline.\n"
    "\n" CLI_SUBSCRIPTION_FLAGS "\n" CLI_REQUEST_FLAGS "\n" CLI_POLICY_FLAG "\n"
    "  --json                  {\"events\": [{\"date\", \"event\", \"term\", \"amount\"}, ...]}\n";

/* Draws the life of the subscription on one line, start to deletion. */
static void draw_timeline(const lapse_event *events, size_t count)
{
    enum { WIDTH = 72 };
    lapse_date first = events[0].date, last = events[0].date;
    for (size_t i = 1; i < count; i++) {
        first = events[i].date < first ? events[i].date : first;
        last = events[i].date > last ? events[i].date : last;
    }
    int64_t span = last > first ? last - first : 1;
    char marks[WIDTH + 1], bar[WIDTH + 1];
    memset(marks, '-', WIDTH);
    marks[WIDTH] = bar[WIDTH] = '\0';
    lapse_date end = first;
    for (size_t i = 0; i < count; i++)
        if (events[i].kind == LAPSE_EVENT_EFFECTIVE_END)
            end = events[i].date;
    /* Later kinds win a shared column, so ends and deadlines stay visible. */
    static const char symbol[] = {
        [LAPSE_EVENT_START] = '|',        [LAPSE_EVENT_RENEWAL] = '|',
        [LAPSE_EVENT_INVOICE] = 'i',      [LAPSE_EVENT_NOTICE_DEADLINE] = 'N',
        [LAPSE_EVENT_CANCELLATION] = 'C', [LAPSE_EVENT_EFFECTIVE_END] = 'E',
        [LAPSE_EVENT_DATA_DELETED] = 'D'
    };
    static const int rank[] = { [LAPSE_EVENT_INVOICE] = 1,      [LAPSE_EVENT_START] = 2,
                                [LAPSE_EVENT_RENEWAL] = 2,      [LAPSE_EVENT_NOTICE_DEADLINE] = 3,
                                [LAPSE_EVENT_CANCELLATION] = 4, [LAPSE_EVENT_EFFECTIVE_END] = 5,
                                [LAPSE_EVENT_DATA_DELETED] = 5 };
    int ranks[WIDTH] = { 0 };
    for (size_t i = 0; i < count; i++) {
        /* Clamped: the drawing never trusts the events' order. */
        int64_t offset = events[i].date < first ? 0 : events[i].date - first;
        int column = (int)((offset > span ? span : offset) * (WIDTH - 1) / span);
        if (rank[events[i].kind] >= ranks[column]) {
            marks[column] = symbol[events[i].kind];
            ranks[column] = rank[events[i].kind];
        }
    }
    int end_column = (int)((int64_t)(end - first) * (WIDTH - 1) / span);
    for (int c = 0; c < WIDTH; c++)
        bar[c] = c < end_column ? '=' : '.';
    char a[LAPSE_DATE_TEXT_SIZE], b[LAPSE_DATE_TEXT_SIZE];
    printf("\n%-*s%s\n", WIDTH - LAPSE_DATE_TEXT_LEN, cli_date_text(first, a),
           cli_date_text(last, b));
    printf("%s\n%s\n", marks, bar);
    printf("| start/renewal  i invoice  N notice deadline  C cancellation  E end of service  "
           "D data deleted\n= service   . no access, data kept\n");
}

static int timeline(cli_args *args)
{
    lapse_subscription s;
    lapse_request r;
    int status = cli_inputs(args, &s, &r);
    if (status)
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
    if (args->json) {
        printf("{\"events\": [");
        for (size_t i = 0; i < count; i++) {
            printf("%s{\"date\": ", i ? ", " : "");
            json_date(stdout, events[i].date);
            printf(", \"event\": \"%s\", \"term\": %ld, \"amount\": %lld}",
                   lapse_name(LAPSE_KIND_EVENT, events[i].kind), (long)events[i].term,
                   (long long)events[i].amount);
        }
        printf("], \"currency\": \"%s\"}\n", s.currency);
        free(events);
        return EXIT_OK;
    }
    printf("%-10s  %4s  %-16s  %s\n", "date", "term", "event", "amount");
    for (size_t i = 0; i < count; i++) {
        char a[LAPSE_DATE_TEXT_SIZE], money[64] = "";
        if (events[i].kind == LAPSE_EVENT_INVOICE)
            cli_amount_text(events[i].amount, s.currency, money, sizeof money);
        printf("%-10s  %4ld  %-16s  %s\n", cli_date_text(events[i].date, a), (long)events[i].term,
               lapse_name(LAPSE_KIND_EVENT, events[i].kind), money);
    }
    draw_timeline(events, count);
    free(events);
    return EXIT_OK;
}

const cli_command cli_timeline_command = { "timeline", timeline, help };
