/* lapse status: where a subscription stands on a date. */
#include "cli.h"

static const char help[] =
    "usage: lapse status --start DATE [FLAGS] [--on DATE] [--json]\n"
    "\n"
    "Where the subscription stands on a date: not_started, active, ending, expired\n"
    "or deleted, the dates that bound it, and how the billing page lists it.\n"
    "\n" CLI_SUBSCRIPTION_FLAGS "\n" CLI_POLICY_FLAG "\n"
    "  --on DATE               the date to look at (default: today)\n"
    "  --json                  {\"status\", \"effective_end\", \"data_deleted_on\", "
    "\"listed_as\"}\n";

static int status_command(cli_args *args)
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
    printf("On %s: %s (%s)\n", cli_date_text(r.on, a), name, meaning[info.status]);
    if (info.since != LAPSE_DATE_NONE || info.until != LAPSE_DATE_NONE)
        printf("Holds              from %s until %s\n",
               info.since != LAPSE_DATE_NONE ? cli_date_text(info.since, a) : "-",
               info.until != LAPSE_DATE_NONE ? cli_date_text(info.until, b) : "further notice");
    if (info.effective_end != LAPSE_DATE_NONE) {
        printf("Service ends       %s\n", cli_date_text(info.effective_end, a));
        printf("Data deleted on    %s\n", cli_date_text(info.data_deleted_on, a));
    }
    printf("Billing page       lists it as %s\n", listed);
    return EXIT_OK;
}

const cli_command cli_status_command = { "status", status_command, help };
