/* lapse cancel: one cancellation request, decided and explained. */
#include "cli.h"

static const char help[] =
    "usage: lapse cancel --start DATE [FLAGS] [--json]\n"
    "\n"
    "Decides one cancellation request and explains it.  Exit 0 when the request\n"
    "goes through as made, 1 when it does not (or comes before the start or after\n"
    "the end), 2 on a usage error.\n"
    "\n" CLI_SUBSCRIPTION_FLAGS;
static const char help_more[] =
    "\n" CLI_REQUEST_FLAGS "\n" CLI_POLICY_FLAG "\n"
    "output:\n"
    "  --lang en|it            the language of the explanation (default: from LC_ALL,\n"
    "                          LC_MESSAGES or LANG, else en)\n"
    "  --json                  one JSON object with the keys allowed, blocked, warnings,\n"
    "                          missing_support_info, route, term_start, term_end,\n"
    "                          notice_deadline, renews_first, effective_end,\n"
    "                          remaining_term_charge, still_to_invoice, refund,\n"
    "                          termination_fee, invoices_left, next_invoice, currency,\n"
    "                          data_deleted_on, confirmation, change_effective_on,\n"
    "                          recurring_after, saving, applied_to_balance, cash_refund,\n"
    "                          account_credit, balance_after, item_results (amounts in\n"
    "                          minor units; item_results: one object per item); with\n"
    "                          --zone also notice_deadline_at, access_ends_at\n";

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
    if (args->json) {
        /* The per-item part of the same decision, when it has items. */
        lapse_item_result results[LAPSE_ITEMS_MAX];
        size_t count = 0;
        if (s.item_count > 0 && lapse_decide_items(&args->policy_value, &s, &r, results,
                                                   LAPSE_ITEMS_MAX, &count, &detail) != LAPSE_OK)
            return cli_report(args, &detail);
        json_decision_in_zone(stdout, &d, results, count, args->zone);
    } else {
        cli_explained about = { .subscription = &s, .request = &r, .decision = &d };
        if ((status = cli_print_explanation(args, &about)))
            return status;
    }
    return d.allowed ? EXIT_OK : EXIT_NO;
}

const cli_command cli_cancel_command = { "cancel", cancel, help, help_more };
