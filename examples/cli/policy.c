/* lapse policy show: a policy in its canonical form. */
#include "cli.h"

#include <string.h>

static const char help[] =
    "usage: lapse policy show [NAME|FILE]\n"
    "\n"
    "Prints a policy in its canonical form: one 'key = value' a line, every key.\n"
    "NAME is a preset (default, immediate-prorated, eu-consumer, evergreen-contract);\n"
    "FILE a policy file ('key = value' lines, '#' comments).  Default: default.\n"
    "  --json                  one JSON object, the keys of the policy file\n";

static int policy_command(cli_args *args)
{
    if (args->file_count < 1 || strcmp(args->files[0], "show") != 0) {
        cli_error(args, "usage: lapse policy show [NAME|FILE]");
        return EXIT_USAGE;
    }
    if (args->file_count == 2) {
        args->policy = args->files[1];
        int status = cli_policy(args);
        if (status)
            return status;
    }
    if (args->json) {
        fputc('{', stdout);
        json_policy(stdout, &args->policy_value);
        fputs("}\n", stdout);
        return EXIT_OK;
    }
    char text[2048];
    size_t length = lapse_policy_format(&args->policy_value, text, sizeof text);
    fwrite(text, 1, length, stdout);
    return EXIT_OK;
}

const cli_command cli_policy_command = { "policy", policy_command, help };
