/* lapse cancel: one cancellation request, decided and explained. */
#include "cli.h"

#include <string.h>

static const char help[] =
    "usage: lapse cancel --start DATE [FLAGS] [--json]\n"
    "\n"
    "Decides one cancellation request and explains it.  Exit 0 when the request\n"
    "goes through as made, 1 when it does not, 2 on a usage error.\n"
    "\n" CLI_SUBSCRIPTION_FLAGS "\n" CLI_REQUEST_FLAGS "\n" CLI_POLICY_FLAG "\n"
    "output:\n"
    "  --json                  one JSON object with the keys allowed, blocked, warnings,\n"
    "                          missing_support_info, route, term_start, term_end,\n"
    "                          notice_deadline, renews_first, effective_end,\n"
    "                          remaining_term_charge, still_to_invoice, refund,\n"
    "                          termination_fee, invoices_left, next_invoice, currency,\n"
    "                          data_deleted_on, confirmation (amounts in minor units)\n";

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
    default: return "";
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

static void print_warnings(const lapse_subscription *s, const lapse_decision *d)
{
    if (!d->warnings)
        return;
    char a[64], b[LAPSE_DATE_TEXT_SIZE], c[LAPSE_DATE_TEXT_SIZE];
    printf("\nBefore you go:\n");
    if (d->warnings & LAPSE_WARNING_ALREADY_ENDING)
        printf("  - it was already set to end on %s; cancelling again changes nothing\n",
               cli_date_text(d->effective_end, b));
    if (d->warnings & LAPSE_WARNING_NOTICE_MISSED)
        printf("  - notice came after the deadline (%s): the term renews once more and that "
               "term is owed\n",
               cli_date_text(d->notice_deadline, b));
    if (d->warnings & LAPSE_WARNING_OUTSTANDING_BALANCE) {
        cli_amount_text(s->balance, s->currency, a, sizeof a);
        printf("  - settle the outstanding balance of %s\n", a);
    }
    if (d->warnings & LAPSE_WARNING_LICENSES_ASSIGNED)
        printf("  - unassign the %ld licence%s still assigned to users\n", (long)s->licenses,
               s->licenses == 1 ? "" : "s");
    if (d->warnings & LAPSE_WARNING_SUPPORT_INFO_MISSING) {
        printf("  - have ready for the support call:");
        const char *separator = " ";
        for (uint32_t bit = 1; lapse_name(LAPSE_KIND_SUPPORT_INFO, bit); bit <<= 1) {
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
               cli_date_text(d->effective_end, b), cli_date_text(d->term_end, c));
    if (d->warnings & LAPSE_WARNING_COMMITMENT_WAIVED)
        printf("  - the rest of the contract term is waived: nothing is charged after the end\n");
    if (d->warnings & LAPSE_WARNING_TERMINATION_FEE) {
        cli_amount_text(d->termination_fee, d->currency, a, sizeof a);
        printf("  - a termination fee of %s is charged instead of the rest of the term\n", a);
    }
    if (d->warnings & LAPSE_WARNING_REFUND_DUE) {
        cli_amount_text(d->refund, d->currency, a, sizeof a);
        printf("  - %s is refunded\n", a);
    }
    if (d->warnings & LAPSE_WARNING_BACK_UP_DATA)
        printf("  - back up or transfer any data you need: access ends on %s\n",
               cli_date_text(d->effective_end, b));
}

/* What is being cancelled, when, where and by whom. */
static void explain_request(const lapse_subscription *s, const lapse_request *r)
{
    char a[64], b[LAPSE_DATE_TEXT_SIZE];
    cli_amount_text(s->price, s->currency, a, sizeof a);
    char every[40] = "the whole term up front";
    if (s->billing == 1)
        snprintf(every, sizeof every, "invoiced monthly");
    else if (s->billing > 1)
        snprintf(every, sizeof every, "invoiced every %ld months", (long)s->billing);
    printf("Cancelling a %ld-month %s subscription started %s (%s per invoice, %s)\n",
           (long)s->term, s->contract ? "contract" : "self-serve", cli_date_text(s->start, b), a,
           every);
    printf("requested on %s %s", cli_date_text(r->on, b),
           r->channel == LAPSE_CHANNEL_ONLINE ? "online" : "through support");
    const char *separator = " by a ", *role;
    for (uint32_t bit = 1; (role = lapse_name(LAPSE_KIND_ROLE, bit)) != NULL; bit <<= 1) {
        if (r->roles & bit) {
            printf("%s", separator);
            for (const char *p = role; *p; p++)
                putchar(*p == '_' ? ' ' : *p);
            separator = " and ";
        }
    }
    printf("%s.\n\n", r->roles ? "" : " by an ordinary user (no admin role)");
}

/* Whether it goes through as asked, and what to do instead. */
static void explain_verdict(const lapse_request *r, const lapse_decision *d)
{
    if (d->allowed) {
        printf("Allowed: the cancellation goes through %s.\n", r->channel == LAPSE_CHANNEL_ONLINE
                                                                   ? "online in the admin portal"
                                                                   : "by contacting support");
    } else {
        printf("Not allowed as asked (%s):\n",
               r->channel == LAPSE_CHANNEL_ONLINE ? "online" : "through support");
        for (uint32_t bit = 1; lapse_name(LAPSE_KIND_REASON, bit); bit <<= 1)
            if (d->blocked & bit)
                printf("  - %s\n", reason_text(bit));
        if (d->route == LAPSE_ROUTE_SUPPORT)
            printf("What to do instead: contact support, who can cancel it for you.\n");
        else
            printf("What to do instead: ask a billing admin of the account to cancel it.\n");
    }
    printf("\n");
}

/* The dates and the money. */
static void explain_figures(const lapse_decision *d)
{
    char a[64], b[LAPSE_DATE_TEXT_SIZE], c[LAPSE_DATE_TEXT_SIZE];
    long months = (long)lapse_months_since(d->term_start, d->term_end);
    printf("Current term       %s to %s (%ld month%s)\n", cli_date_text(d->term_start, b),
           cli_date_text(d->term_end, c), months, months == 1 ? "" : "s");
    if (d->notice_deadline != LAPSE_DATE_NONE)
        printf("Notice deadline    %s (%s)\n", cli_date_text(d->notice_deadline, b),
               (d->warnings & LAPSE_WARNING_NOTICE_MISSED) ? "missed: renews first" : "in time");
    printf("Service ends       %s (last day with access: the day before)%s\n",
           cli_date_text(d->effective_end, b), d->renews_first ? ", after one more renewal" : "");
    cli_amount_text(d->remaining_term_charge, d->currency, a, sizeof a);
    printf("Still charged      %s until service ends (this billing period and every later one)\n",
           a);
    cli_amount_text(d->still_to_invoice, d->currency, a, sizeof a);
    if (d->invoices_left > 0)
        printf("  to be invoiced   %s in %ld invoice%s, the next on %s\n", a,
               (long)d->invoices_left, d->invoices_left == 1 ? "" : "s",
               cli_date_text(d->next_invoice, b));
    else
        printf("  to be invoiced   nothing more: the current period is already invoiced\n");
    cli_amount_text(d->refund, d->currency, a, sizeof a);
    printf("Refund             %s\n", a);
    if (d->termination_fee > 0) {
        cli_amount_text(d->termination_fee, d->currency, a, sizeof a);
        printf("Termination fee    %s instead of the rest of the contract term\n", a);
    }
    printf("Data deleted on    %s (kept until then; gone for good after)\n",
           cli_date_text(d->data_deleted_on, b));
    printf("Confirmation       %s\n", d->confirmation == LAPSE_CONFIRMATION_EMAIL
                                          ? "by e-mail"
                                          : "listed under Billing > Subscriptions > Expired "
                                            "once it has ended");
}

static int cancel(cli_args *args)
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
    else {
        explain_request(&s, &r);
        explain_verdict(&r, &d);
        explain_figures(&d);
        print_warnings(&s, &d);
    }
    return d.allowed ? EXIT_OK : EXIT_NO;
}

const cli_command cli_cancel_command = { "cancel", cancel, help };
