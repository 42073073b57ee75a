/* lapse status: where a subscription stands on a date. */
#include "cli.h"

static const char help[] =
    "usage: lapse status --start DATE [FLAGS] [--on DATE] [--json]\n"
    "\n"
    "Where the subscription stands on a date: not_started, active, ending, expired\n"
    "or deleted, the dates that bound it, and how the billing page lists it.\n"
    "\n" CLI_SUBSCRIPTION_FLAGS "\n" CLI_POLICY_FLAG "\n"
    "  --on DATE               the date to look at (default: today)\n" CLI_ZONE_FLAGS
    "  --lang en|it            the language of the explanation (default: from LC_ALL,\n"
    "                          LC_MESSAGES or LANG, else en)\n"
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
    cli_explained about = { .subscription = &s, .date = r.on, .status = &info };
    return cli_print_explanation(args, &about);
}

const cli_command cli_status_command = { "status", status_command, help, NULL };
