/* lapse policy show|check|lint: a policy in its canonical form, whether it
 * is valid, or the settings of it that no decision can use.  Errors and
 * findings are both written FILE:LINE:COLUMN: key: message ('-' for
 * standard input). */
#include "cli.h"

#include <string.h>

static const char help[] =
    "usage: lapse policy show [NAME|FILE]\n"
    "       lapse policy check [NAME|FILE]\n"
    "       lapse policy lint [NAME|FILE]\n"
    "\n"
    "show prints a policy in its canonical form: one 'key = value' a line, every key.\n"
    "check validates it as every decision does (the C and SQL lapse_policy_check):\n"
    "its error, if any; exit 0 when it is valid, 1 when it is not.\n"
    "lint lists every setting of a valid policy that no decision can use (a fee\n"
    "without its commitment, a refund that no timing leaves due, notice that never\n"
    "applies, ...); exit 1 when there is any, 2 when the policy is invalid.\n"
    "Both write FILE:LINE:COLUMN: key: message, FILE '-' for standard input.\n"
    "NAME is a preset (default, immediate-prorated, eu-consumer, evergreen-contract,\n"
    "killbill-like, killbill-fixed30, lago-advance, lago-arrears; lago-like is read\n"
    "as lago-arrears);\n"
    "FILE a policy file ('key = value' lines, '#' comments), '-' standard input.\n"
    "Default: default.\n"
    "  --json                  show: one JSON object, the keys of the policy file;\n"
    "                          check: {\"errors\": [{\"key\", \"line\", \"column\",\n"
    "                          \"message\", \"code\"}]} (empty when valid);\n"
    "                          lint: {\"findings\": [{\"key\", \"line\", \"column\",\n"
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

/* An error of a policy text as a finding reads: "key: message" without the
 * library's "line L, column C: " (the location is printed before it). */
static void error_text(const lapse_error_detail *detail, char *out, size_t size)
{
    const char *message = detail->message;
    char prefix[64];
    int n = snprintf(prefix, sizeof prefix, "line %ld, column %ld: ", (long)detail->line,
                     (long)detail->column);
    if (detail->line > 0 && strncmp(message, prefix, (size_t)n) == 0)
        message += n;
    size_t key = strlen(detail->field);
    if (key > 0 && strncmp(message, detail->field, key) == 0 && message[key] == ' ')
        cli_format(out, size, "%s: %s", detail->field, message + key + 1);
    else
        cli_format(out, size, "%s", message);
}

/* FILE:LINE:COLUMN: key: message, or FILE: key: message without a place. */
static void print_place(FILE *out, const char *name, int32_t line, int32_t column,
                        const char *message)
{
    if (line > 0)
        fprintf(out, "%s:%ld:%ld: %s\n", name, (long)line, (long)column, message);
    else
        fprintf(out, "%s: %s\n", name, message);
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
    } else {
        print_place(stdout, name, f->line, f->column, f->message);
    }
}

/* The policy NAME|FILE as text (a preset: its canonical form), or an exit
 * status; *preset is set for a preset. */
static long policy_text(cli_args *args, const char *name, char *text, size_t size,
                        lapse_policy *preset, bool *is_preset)
{
    *is_preset = lapse_policy_preset(name, preset, NULL) == LAPSE_OK;
    if (*is_preset)
        return 0;
    return cli_read_file(args, "", name, text, size);
}

static int lint(cli_args *args, const char *name)
{
    enum { MAX = 32 };
    lapse_lint_finding findings[MAX];
    size_t count = 0;
    lapse_error_detail detail;
    lapse_policy preset;
    lapse_error error;
    bool is_preset;
    static char text[1 << 16];
    long length = policy_text(args, name, text, sizeof text, &preset, &is_preset);
    if (length < 0)
        return EXIT_USAGE;
    if (is_preset)
        error = lapse_policy_lint(&preset, findings, MAX, &count, &detail);
    else
        error = lapse_policy_lint_text(text, (size_t)length, findings, MAX, &count, &detail);
    if (error) {
        /* Not lintable: the error as check writes it, on standard error. */
        char message[sizeof detail.message];
        error_text(&detail, message, sizeof message);
        if (detail.line > 0)
            cli_error(args, "%s:%ld:%ld: %s", name, (long)detail.line, (long)detail.column,
                      message);
        else
            cli_error(args, "%s: %s", name, message);
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

/* Validation: the policy's error (standard output, it is the report) or
 * "NAME: valid". */
static int check(cli_args *args, const char *name)
{
    lapse_error_detail detail;
    lapse_policy policy;
    bool is_preset;
    static char text[1 << 16];
    long length = policy_text(args, name, text, sizeof text, &policy, &is_preset);
    if (length < 0)
        return EXIT_USAGE;
    lapse_error error = is_preset ? lapse_policy_check(&policy, &detail)
                                  : lapse_policy_parse(text, (size_t)length, &policy, &detail);
    char message[sizeof detail.message];
    if (error)
        error_text(&detail, message, sizeof message);
    if (args->json) {
        fputs("{\"errors\": [", stdout);
        if (error) {
            fputs("{\"key\": ", stdout);
            json_string(stdout, detail.field, strlen(detail.field));
            printf(", \"line\": %ld, \"column\": %ld, \"message\": ", (long)detail.line,
                   (long)detail.column);
            json_string(stdout, message, strlen(message));
            printf(", \"code\": \"%s\"}", lapse_error_name(error));
        }
        fputs("]}\n", stdout);
    } else if (error) {
        print_place(stdout, name, detail.line, detail.column, message);
    } else {
        printf("%s: valid\n", name);
    }
    return error ? EXIT_NO : EXIT_OK;
}

static int policy_command(cli_args *args)
{
    const char *verb = args->file_count >= 1 ? args->files[0] : "";
    bool is_show = strcmp(verb, "show") == 0;
    bool is_check = strcmp(verb, "check") == 0;
    bool is_lint = strcmp(verb, "lint") == 0;
    if (!is_show && !is_check && !is_lint) {
        cli_error(args, "usage: lapse policy show|check|lint [NAME|FILE]");
        return EXIT_USAGE;
    }
    const char *name = args->file_count == 2 ? args->files[1] : "default";
    if (is_check)
        return check(args, name);
    if (is_lint)
        return lint(args, name);
    if (args->file_count == 2) {
        args->policy = name;
        int status = cli_policy(args);
        if (status)
            return status;
    }
    return show(args);
}

const cli_command cli_policy_command = { "policy", policy_command, help, NULL };
