/* lapse policy show|check: a policy in its canonical form, or the settings
 * of it that no decision can use. */
#include "cli.h"

#include <string.h>

static const char help[] =
    "usage: lapse policy show [NAME|FILE]\n"
    "       lapse policy check [NAME|FILE]\n"
    "\n"
    "show prints a policy in its canonical form: one 'key = value' a line, every key.\n"
    "check lists every setting that no decision can use (a fee without its commitment,\n"
    "a refund that no timing leaves due, notice that never applies, ...), each with\n"
    "its line and key; exit 1 when there is any.\n"
    "NAME is a preset (default, immediate-prorated, eu-consumer, evergreen-contract,\n"
    "killbill-like, lago-like);\n"
    "FILE a policy file ('key = value' lines, '#' comments).  Default: default.\n"
    "  --json                  show: one JSON object, the keys of the policy file;\n"
    "                          check: {\"findings\": [{\"key\", \"line\", \"column\",\n"
    "                          \"message\"}, ...]}\n";

static int show(cli_args *args)
{
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

static void print_finding(const cli_args *args, const char *name, const lapse_lint_finding *f,
                          size_t index)
{
    if (args->json) {
        printf("%s{\"key\": ", index ? ", " : "");
        json_string(stdout, f->key, strlen(f->key));
        printf(", \"line\": %ld, \"column\": %ld, \"message\": ", (long)f->line, (long)f->column);
        json_string(stdout, f->message, strlen(f->message));
        fputc('}', stdout);
    } else if (f->line > 0) {
        printf("%s:%ld:%ld: %s\n", name, (long)f->line, (long)f->column, f->message);
    } else {
        printf("%s: %s\n", name, f->message);
    }
}

static int check(cli_args *args, const char *name)
{
    enum { MAX = 32 };
    lapse_lint_finding findings[MAX];
    size_t count = 0;
    lapse_error_detail detail;
    lapse_policy preset;
    lapse_error error;
    if (lapse_policy_preset(name, &preset, NULL) == LAPSE_OK) {
        error = lapse_policy_lint(&preset, findings, MAX, &count, &detail);
    } else {
        static char text[1 << 16];
        long length = cli_read_file(args, "", name, text, sizeof text);
        if (length < 0)
            return EXIT_USAGE;
        error = lapse_policy_lint_text(text, (size_t)length, findings, MAX, &count, &detail);
    }
    if (error) {
        cli_error(args, "%s: %s", name, detail.message);
        return EXIT_USAGE;
    }
    if (args->json)
        fputs("{\"findings\": [", stdout);
    for (size_t i = 0; i < count && i < MAX; i++)
        print_finding(args, name, &findings[i], i);
    if (args->json)
        fputs("]}\n", stdout);
    else if (count == 0)
        printf("%s: every setting can take effect\n", name);
    return count ? EXIT_NO : EXIT_OK;
}

static int policy_command(cli_args *args)
{
    bool is_show = args->file_count >= 1 && strcmp(args->files[0], "show") == 0;
    bool is_check = args->file_count >= 1 && strcmp(args->files[0], "check") == 0;
    if (!is_show && !is_check) {
        cli_error(args, "usage: lapse policy show|check [NAME|FILE]");
        return EXIT_USAGE;
    }
    const char *name = args->file_count == 2 ? args->files[1] : "default";
    if (is_check)
        return check(args, name);
    if (args->file_count == 2) {
        args->policy = name;
        int status = cli_policy(args);
        if (status)
            return status;
    }
    return show(args);
}

const cli_command cli_policy_command = { "policy", policy_command, help };
