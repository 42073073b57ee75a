/* lapse cancel, status and timeline: one subscription, explained. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *reason_text(uint32_t reason)
{
    switch (reason) {
    case LAPSE_REASON_NOT_AUTHORIZED:
        return "you may not cancel: only a billing admin may, or on a contract account "
               "a product admin or an authorised billing contact";
    case LAPSE_REASON_NEEDS_BILLING_ADMIN:
        return "cancelling online in the admin portal needs the billing-admin role";
    case LAPSE_REASON_ONLINE_UNAVAILABLE:
        return "the admin portal does not offer cancellation for this subscription";
    case LAPSE_REASON_CONTRACT_VIA_SUPPORT:
        return "a fixed-term contract is cancelled by contacting support";
    case LAPSE_REASON_OUTSTANDING_BALANCE:
        return "an outstanding balance keeps you from cancelling online";
    case LAPSE_REASON_CANNOT_SIGN_IN:
        return "you cannot sign in to the admin portal (reset your password first)";
    default:
        return "";
    }
}

static const char *support_info_text(uint32_t bit)
{
    switch (bit) {
    case LAPSE_SUPPORT_INFO_ACCOUNT_ID: return "the account ID";
    case LAPSE_SUPPORT_INFO_ADMIN_EMAIL: return "the billing admin's e-mail";
    case LAPSE_SUPPORT_INFO_CARD_LAST4: return "the last four digits of the payment card";
    case LAPSE_SUPPORT_INFO_BILLING_ADDRESS: return "the billing address of the payment method";
    case LAPSE_SUPPORT_INFO_PRODUCTS: return "the product(s) to cancel";
    default: return "";
    }
}

static void amount_text(int64_t amount, const char *currency, char *buf, size_t size)
{
    char number[LAPSE_AMOUNT_TEXT_SIZE];
    lapse_amount_format(amount, currency, number, sizeof number);
    snprintf(buf, size, "%s %s", number, currency);
}

static const char *date_text(lapse_date date, char buf[LAPSE_DATE_TEXT_SIZE])
{
    if (lapse_date_format(date, buf, LAPSE_DATE_TEXT_SIZE) == 0)
        strcpy(buf, "none");
    return buf;
}

static void print_warnings(const lapse_subscription *s, const lapse_decision *d)
{
    if (!d->warnings)
        return;
    char a[64], b[LAPSE_DATE_TEXT_SIZE], c[LAPSE_DATE_TEXT_SIZE];
    printf("\nBefore you go:\n");
    if (d->warnings & LAPSE_WARNING_ALREADY_ENDING)
        printf("  - it was already set to end on %s; cancelling again changes nothing\n",
               date_text(d->effective_end, b));
    if (d->warnings & LAPSE_WARNING_NOTICE_MISSED)
        printf("  - notice came after the deadline (%s): the term renews once more and that "
               "term is owed\n", date_text(d->notice_deadline, b));
    if (d->warnings & LAPSE_WARNING_OUTSTANDING_BALANCE) {
        amount_text(s->balance, s->currency, a, sizeof a);
        printf("  - settle the outstanding balance of %s\n", a);
    }
    if (d->warnings & LAPSE_WARNING_LICENSES_ASSIGNED)
        printf("  - unassign the %ld licence%s still assigned to users\n", (long)s->licenses,
               s->licenses == 1 ? "" : "s");
    if (d->warnings & LAPSE_WARNING_SUPPORT_INFO_MISSING) {
        printf("  - have ready for the support call:");
        const char *separator = " ";
        for (uint32_t bit = 1; bit <= LAPSE_SUPPORT_INFO_PRODUCTS; bit <<= 1) {
            if (d->missing_support_info & bit) {
                printf("%s%s", separator, support_info_text(bit));
                separator = "; ";
            }
        }
        printf("\n");
    }
    if (d->warnings & LAPSE_WARNING_COOLING_OFF)
        printf("  - within the cooling-off period: it ends at once and everything paid is "
               "refunded\n");
    if (d->warnings & LAPSE_WARNING_ENDS_BEFORE_TERM_END)
        printf("  - service ends on %s, before the term ends on %s\n",
               date_text(d->effective_end, b), date_text(d->term_end, c));
    if (d->warnings & LAPSE_WARNING_COMMITMENT_WAIVED)
        printf("  - the rest of the contract term is waived: nothing is charged after the end\n");
    if (d->warnings & LAPSE_WARNING_TERMINATION_FEE) {
        amount_text(d->termination_fee, d->currency, a, sizeof a);
        printf("  - a termination fee of %s is charged instead of the rest of the term\n", a);
    }
    if (d->warnings & LAPSE_WARNING_REFUND_DUE) {
        amount_text(d->refund, d->currency, a, sizeof a);
        printf("  - %s is refunded\n", a);
    }
    if (d->warnings & LAPSE_WARNING_BACK_UP_DATA)
        printf("  - back up or transfer any data you need: access ends on %s\n",
               date_text(d->effective_end, b));
}

static void explain_decision(const lapse_subscription *s, const lapse_request *r,
                             const lapse_decision *d)
{
    char a[64], b[LAPSE_DATE_TEXT_SIZE], c[LAPSE_DATE_TEXT_SIZE];
    amount_text(s->price, s->currency, a, sizeof a);
    char every[40] = "the whole term up front";
    if (s->billing == 1)
        snprintf(every, sizeof every, "invoiced monthly");
    else if (s->billing > 1)
        snprintf(every, sizeof every, "invoiced every %ld months", (long)s->billing);
    printf("Cancelling a %ld-month %s subscription started %s (%s per invoice, %s)\n",
           (long)s->term, s->contract ? "contract" : "self-serve", date_text(s->start, b), a,
           every);
    printf("requested on %s %s", date_text(r->on, b),
           r->channel == LAPSE_CHANNEL_ONLINE ? "online" : "through support");
    const char *separator = " by a ";
    for (uint32_t bit = 1; bit <= LAPSE_ROLE_BILLING_CONTACT; bit <<= 1) {
        if (r->roles & bit) {
            const char *role = lapse_name(LAPSE_KIND_ROLE, bit);
            printf("%s", separator);
            for (const char *p = role; *p; p++)
                putchar(*p == '_' ? ' ' : *p);
            separator = " and ";
        }
    }
    printf("%s.\n\n", r->roles ? "" : " by an ordinary user (no admin role)");
    if (d->allowed) {
        printf("Allowed: the cancellation goes through %s.\n",
               r->channel == LAPSE_CHANNEL_ONLINE ? "online in the admin portal"
                                                  : "by contacting support");
    } else {
        printf("Not allowed as asked (%s):\n", r->channel == LAPSE_CHANNEL_ONLINE
                                                   ? "online" : "through support");
        for (uint32_t bit = 1; bit <= LAPSE_REASON_CANNOT_SIGN_IN; bit <<= 1)
            if (d->blocked & bit)
                printf("  - %s\n", reason_text(bit));
        if (d->route == LAPSE_ROUTE_SUPPORT)
            printf("What to do instead: contact support, who can cancel it for you.\n");
        else
            printf("What to do instead: ask a billing admin of the account to cancel it.\n");
    }
    printf("\n");
    long months = (long)lapse_months_since(d->term_start, d->term_end);
    printf("Current term       %s to %s (%ld month%s)\n", date_text(d->term_start, b),
           date_text(d->term_end, c), months, months == 1 ? "" : "s");
    if (d->notice_deadline != LAPSE_DATE_NONE)
        printf("Notice deadline    %s (%s)\n", date_text(d->notice_deadline, b),
               (d->warnings & LAPSE_WARNING_NOTICE_MISSED) ? "missed: renews first" : "in time");
    printf("Service ends       %s (last day with access: the day before)%s\n",
           date_text(d->effective_end, b), d->renews_first ? ", after one more renewal" : "");
    amount_text(d->remaining_term_charge, d->currency, a, sizeof a);
    printf("Still charged      %s until service ends (this billing period and every later one)\n",
           a);
    amount_text(d->still_to_invoice, d->currency, a, sizeof a);
    if (d->invoices_left > 0)
        printf("  to be invoiced   %s in %ld invoice%s, the next on %s\n", a,
               (long)d->invoices_left, d->invoices_left == 1 ? "" : "s",
               date_text(d->next_invoice, b));
    else
        printf("  to be invoiced   nothing more: the current period is already invoiced\n");
    amount_text(d->refund, d->currency, a, sizeof a);
    printf("Refund             %s\n", a);
    if (d->termination_fee > 0) {
        amount_text(d->termination_fee, d->currency, a, sizeof a);
        printf("Termination fee    %s instead of the rest of the contract term\n", a);
    }
    printf("Data deleted on    %s (kept until then; gone for good after)\n",
           date_text(d->data_deleted_on, b));
    printf("Confirmation       %s\n", d->confirmation == LAPSE_CONFIRMATION_EMAIL
                                          ? "by e-mail"
                                          : "listed under Billing > Subscriptions > Expired "
                                            "once it has ended");
    print_warnings(s, d);
}

int cli_cancel(cli_args *args)
{
    lapse_subscription s;
    lapse_request r;
    int status = cli_inputs(args, &s, &r);
    if (status)
        return status;
    lapse_decision d;
    lapse_error_detail detail;
    if (lapse_decide_cancel(&args->policy_value, &s, &r, &d, &detail) != LAPSE_OK)
        return cli_report(args, &detail);
    if (args->json)
        json_decision(stdout, &d);
    else
        explain_decision(&s, &r, &d);
    return d.allowed ? EXIT_OK : EXIT_NO;
}

int cli_status(cli_args *args)
{
    lapse_subscription s;
    lapse_request r;
    int status = cli_inputs(args, &s, &r);
    if (status)
        return status;
    lapse_status_info info;
    lapse_error_detail detail;
    if (lapse_status_at(&args->policy_value, &s, r.on, &info, &detail) != LAPSE_OK)
        return cli_report(args, &detail);
    const char *name = lapse_name(LAPSE_KIND_STATUS, info.status);
    const char *listed = lapse_name(LAPSE_KIND_LISTING, info.listed_as);
    if (args->json) {
        printf("{\"status\": \"%s\", \"effective_end\": ", name);
        json_date(stdout, info.effective_end);
        printf(", \"data_deleted_on\": ");
        json_date(stdout, info.data_deleted_on);
        printf(", \"listed_as\": \"%s\"}\n", listed);
        return EXIT_OK;
    }
    char a[LAPSE_DATE_TEXT_SIZE], b[LAPSE_DATE_TEXT_SIZE];
    static const char *const meaning[] = {
        [LAPSE_STATUS_NOT_STARTED] = "not started yet",
        [LAPSE_STATUS_ACTIVE] = "active, renewing at each term end",
        [LAPSE_STATUS_ENDING] = "active but ending: no renewal",
        [LAPSE_STATUS_EXPIRED] = "expired: no access, data still kept",
        [LAPSE_STATUS_DELETED] = "data deleted for good",
    };
    printf("On %s: %s (%s)\n", date_text(r.on, a), name, meaning[info.status]);
    if (info.since != LAPSE_DATE_NONE || info.until != LAPSE_DATE_NONE)
        printf("Holds              from %s until %s\n",
               info.since != LAPSE_DATE_NONE ? date_text(info.since, a) : "-",
               info.until != LAPSE_DATE_NONE ? date_text(info.until, b) : "further notice");
    if (info.effective_end != LAPSE_DATE_NONE) {
        printf("Service ends       %s\n", date_text(info.effective_end, a));
        printf("Data deleted on    %s\n", date_text(info.data_deleted_on, a));
    }
    printf("Billing page       lists it as %s\n", listed);
    return EXIT_OK;
}

/* Draws the life of the subscription on one line, start to deletion. */
static void draw_timeline(const lapse_event *events, size_t count)
{
    enum { WIDTH = 72 };
    lapse_date first = events[0].date, last = events[count - 1].date;
    int64_t span = last > first ? last - first : 1;
    char marks[WIDTH + 1], bar[WIDTH + 1];
    memset(marks, '-', WIDTH);
    marks[WIDTH] = bar[WIDTH] = '\0';
    lapse_date end = first;
    for (size_t i = 0; i < count; i++)
        if (events[i].kind == LAPSE_EVENT_EFFECTIVE_END)
            end = events[i].date;
    /* Later kinds win a shared column, so ends and deadlines stay visible. */
    static const char symbol[] = {[LAPSE_EVENT_START] = '|', [LAPSE_EVENT_RENEWAL] = '|',
                                  [LAPSE_EVENT_INVOICE] = 'i',
                                  [LAPSE_EVENT_NOTICE_DEADLINE] = 'N',
                                  [LAPSE_EVENT_CANCELLATION] = 'C',
                                  [LAPSE_EVENT_EFFECTIVE_END] = 'E',
                                  [LAPSE_EVENT_DATA_DELETED] = 'D'};
    static const int rank[] = {[LAPSE_EVENT_INVOICE] = 1, [LAPSE_EVENT_START] = 2,
                               [LAPSE_EVENT_RENEWAL] = 2, [LAPSE_EVENT_NOTICE_DEADLINE] = 3,
                               [LAPSE_EVENT_CANCELLATION] = 4, [LAPSE_EVENT_EFFECTIVE_END] = 5,
                               [LAPSE_EVENT_DATA_DELETED] = 5};
    int ranks[WIDTH] = {0};
    for (size_t i = 0; i < count; i++) {
        int column = (int)((events[i].date - first) * (WIDTH - 1) / span);
        if (rank[events[i].kind] >= ranks[column]) {
            marks[column] = symbol[events[i].kind];
            ranks[column] = rank[events[i].kind];
        }
    }
    int end_column = (int)((end - first) * (WIDTH - 1) / span);
    for (int c = 0; c < WIDTH; c++)
        bar[c] = c < end_column ? '=' : '.';
    char a[LAPSE_DATE_TEXT_SIZE], b[LAPSE_DATE_TEXT_SIZE];
    printf("\n%-*s%s\n", WIDTH - LAPSE_DATE_TEXT_LEN, date_text(first, a), date_text(last, b));
    printf("%s\n%s\n", marks, bar);
    printf("| start/renewal  i invoice  N notice deadline  C cancellation  E end of service  "
           "D data deleted\n= service   . no access, data kept\n");
}

int cli_timeline(cli_args *args)
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
            amount_text(events[i].amount, s.currency, money, sizeof money);
        printf("%-10s  %4ld  %-16s  %s\n", date_text(events[i].date, a), (long)events[i].term,
               lapse_name(LAPSE_KIND_EVENT, events[i].kind), money);
    }
    draw_timeline(events, count);
    free(events);
    return EXIT_OK;
}
