/*
 * lapse: decide, explain, check and batch subscription cancellations.
 *
 * Every rule lives in liblapse; the commands (one file each) turn flags into
 * the library's input columns and its answers into text, JSON or CSV.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>

static const char usage[] =
    "usage: lapse COMMAND [FLAGS]\n"
    "\n"
    "Decides subscription cancellations: who may cancel and where, when it takes\n"
    "effect, what is still charged, what is refunded, when data are deleted.\n"
    "\n"
    "commands:\n"
    "  cancel     decide one cancellation request and explain it\n"
    "  status     where a subscription stands on a date\n"
    "  timeline   every dated event from the start to the data deletion\n"
    "  check      run scenario files (the vectors format) and report failures\n"
    "  batch      decide every row of a CSV file into a CSV of decisions\n"
    "  policy     show a policy (a preset or a file) in its canonical form\n"
    "\n"
    "Run 'lapse COMMAND --help' for a command's flags; 'lapse --version' (-V).\n"
    "Explanations are in English or Italian: --lang en|it, or from LC_ALL,\n"
    "LC_MESSAGES or LANG.  Exit status: 0 done (cancel: allowed), 1 a refusal\n"
    "(not allowed, before the start, already ended, a failed check or bad row),\n"
    "2 a usage error, 3 output lost.\n";

static const cli_command *const commands[] = {
    &cli_cancel_command, &cli_status_command, &cli_timeline_command,
    &cli_check_command,  &cli_batch_command,  &cli_policy_command,
};

static int run(const cli_command *command, int argc, char **argv)
{
    cli_args args;
    memset(&args, 0, sizeof args);
    args.command = command->name;
    args.language = cli_default_language();
    /* Known before any flag is read, so that every error is JSON with it. */
    for (int i = 0; i < argc; i++)
        args.json |= strcmp(argv[i], "--json") == 0;
    int status = cli_parse_args(&args, argc, argv);
    if (status)
        return status;
    if (args.help) {
        /* A help of two parts passes stdout's buffer: a write can fail
         * inside fputs, whose errno is the cause. */
        errno = 0;
        if (fputs(command->help, stdout) == EOF ||
            (command->help_more && fputs(command->help_more, stdout) == EOF)) {
            cli_error(&args, "writing standard output: %s",
                      errno ? strerror(errno) : "a write failed");
            return EXIT_OUTPUT;
        }
        return EXIT_OK;
    }
    if ((status = cli_policy(&args)))
        return status;
    return command->run(&args);
}

static int dispatch(int argc, char **argv, const char **command)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("lapse %s\n", lapse_version());
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i]->name) == 0) {
            *command = commands[i]->name;
            return run(commands[i], argc - 2, argv + 2);
        }
    fprintf(stderr, "lapse: unknown command '%s'\n\n%s", argv[1], usage);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    cli_args args = { 0 };
    int status = dispatch(argc, argv, &args.command);
    /* Whatever went to standard output must have reached it: a full disk or
     * a closed stdout is never a success. */
    return cli_finish_output(&args, stdout, "standard output", status);
}
