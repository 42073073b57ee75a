/* lapse batch: a billing run, one decision per CSV row. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char help[] =
    "usage: lapse batch [FILE|-] [-o OUT]\n"
    "\n"
    "A billing run: reads CSV with a header row naming input columns (start, term,\n"
    "renewal_term, billing, price, renewal_price, currency, contract, auto_renew,\n"
    "online_cancel, balance, licenses, cancelled_on, on, channel, roles, can_sign_in,\n"
    "provided, end_on;\n"
    "any order, absent ones take the defaults, lists ';'-separated) and writes one\n"
    "CSV row per input row, in order: line, the decision columns of 'cancel --json'\n"
    "and error.  A bad row gets its message in error and never stops the run.\n"
    "Exit 1 if any row was bad.  Reads standard input when FILE is - or absent.\n"
    "A policy column (a preset name or 'key = value' settings separated by ';')\n"
    "sets a row's policy; --policy NAME|FILE sets it for the other rows.\n"
    "\n"
    "  -o, --output OUT        write to OUT instead of standard output\n"
    "  --json                  one JSON object {\"rows\": [...]} instead of CSV, each row an\n"
    "                          object with line, the decision keys and error (or null)\n";

/* One output row as a JSON object member of "rows". */
static void write_json_row(FILE *out, long line, const lapse_decision *decision, const char *error,
                           bool first)
{
    fprintf(out, "%s{\"line\": %ld, ", first ? "" : ",\n", line);
    if (decision) {
        json_decision_members(out, decision);
        fputs(", \"error\": null}", out);
        return;
    }
    fputs("\"error\": ", out);
    json_string(out, error, strlen(error));
    fputc('}', out);
}

/* One output row, built in memory and written with one call: a billing run
 * writes millions of them. */
static void write_row(FILE *out, long line, const lapse_decision *decision, const char *error)
{
    char row[4096];
    size_t n = (size_t)snprintf(row, sizeof row, "%ld", line);
    lapse_column column;
    for (size_t c = 0; (column = lapse_decision_column(c)) != LAPSE_COLUMN_NONE; c++) {
        row[n++] = ',';
        if (decision)
            n += lapse_decision_format(decision, column, row + n, sizeof row - n);
        /* Decision values hold no ',', '"' or newline: no quoting needed. */
    }
    row[n++] = ',';
    fwrite(row, 1, n, out);
    if (error)
        csv_field(out, error, strlen(error));
    fputc('\n', out);
}

/* One billing run: its input, its output and how it went. */
typedef struct run {
    cli_args *args;
    const char *path, *out_name;
    line_reader reader;
    FILE *out;
    lapse_table table;
    char header_error[LAPSE_MESSAGE_SIZE + 16];
    bool first;
    int status;
    int write_errno; /* the cause of the first failed write, or 0 */
} run;

/* Never write over the input: `-o` naming the file being read (the same
 * device and inode) would truncate it before the first row is read. */
static bool same_file(FILE *input, const char *output)
{
    struct stat in, out;
    return fstat(fileno(input), &in) == 0 && stat(output, &out) == 0 && in.st_dev == out.st_dev &&
           in.st_ino == out.st_ino;
}

static int open_files(run *r)
{
    bool from_stdin = strcmp(r->path, "-") == 0;
    r->reader.file = from_stdin ? stdin : fopen(r->path, "rb");
    if (!r->reader.file) {
        cli_error(r->args, "cannot open %s: %s", r->path, strerror(errno));
        return EXIT_USAGE;
    }
    if (r->args->output && same_file(r->reader.file, r->args->output)) {
        cli_error(r->args, "-o %s: is the input file; write the decisions elsewhere",
                  r->args->output);
        return EXIT_USAGE;
    }
    r->out = r->args->output ? fopen(r->args->output, "wb") : stdout;
    if (!r->out) {
        cli_error(r->args, "cannot write %s: %s", r->args->output, strerror(errno));
        return EXIT_USAGE;
    }
    static char out_buffer[1 << 16];
    setvbuf(r->out, out_buffer, _IOFBF, sizeof out_buffer);
    return 0;
}

/* The header row, read and checked; then the output's own header. */
static int start(run *r)
{
    long length = next_line(&r->reader);
    if (length < 0) {
        if (ferror(r->reader.file))
            cli_error(r->args, "reading %s: %s", strcmp(r->path, "-") ? r->path : "standard input",
                      strerror(errno));
        else
            cli_error(r->args, "%s is empty: expected a header row naming the columns", r->path);
        return EXIT_USAGE;
    }
    lapse_error_detail detail;
    if (lapse_table_header(&r->table, ',', r->reader.line, (size_t)length, &detail) != LAPSE_OK) {
        /* Every row is still reported, each with the header's error. */
        snprintf(r->header_error, sizeof r->header_error, "header: %s", detail.message);
        cli_error(r->args, "%s:1: %s", r->path, r->header_error);
    }
    if (r->args->json) {
        fputs("{\"rows\": [\n", r->out);
        return 0;
    }
    fputs("line", r->out);
    lapse_column column;
    for (size_t c = 0; (column = lapse_decision_column(c)) != LAPSE_COLUMN_NONE; c++)
        fprintf(r->out, ",%s", lapse_column_name(column));
    fputs(",error\n", r->out);
    return 0;
}

/* One input row, decided and written; a bad row is written with its error. */
static void decide_row(run *r, long length)
{
    lapse_row row;
    lapse_decision decision;
    lapse_error_detail detail;
    const char *error = r->header_error[0] ? r->header_error : NULL;
    if (!error &&
        (lapse_table_row(&r->table, r->reader.line, (size_t)length, &row, &detail) != LAPSE_OK ||
         lapse_decide_cancel(row.has_policy ? &row.policy : &r->args->policy_value,
                             &row.subscription, &row.request, &decision, &detail) != LAPSE_OK))
        error = detail.message;
    if (r->args->json)
        write_json_row(r->out, r->reader.number, error ? NULL : &decision, error, r->first);
    else
        write_row(r->out, r->reader.number, error ? NULL : &decision, error);
    r->first = false;
    if (error)
        r->status = EXIT_NO;
}

static int batch(cli_args *args)
{
    if (args->file_count > 1) {
        cli_error(args, "reads one file (or - for standard input), got %zu", args->file_count);
        return EXIT_USAGE;
    }
    run r = { .args = args, .first = true, .status = EXIT_OK };
    r.path = args->file_count ? args->files[0] : "-";
    r.out_name = args->output ? args->output : "standard output";
    int status = open_files(&r);
    if (!status)
        status = start(&r);
    if (!status) {
        long length;
        while ((length = next_line(&r.reader)) >= 0) {
            decide_row(&r, length);
            /* A failed write loses rows: stop at the first, with its cause. */
            if (ferror(r.out)) {
                r.write_errno = errno;
                break;
            }
        }
        if (args->json && !r.write_errno)
            fputs("\n]}\n", r.out);
        status = r.status;
        if (ferror(r.reader.file)) {
            cli_error(args, "reading %s: %s", strcmp(r.path, "-") ? r.path : "standard input",
                      strerror(errno));
            status = EXIT_USAGE;
        }
    }
    if (r.write_errno) {
        cli_error(args, "writing %s: %s (output incomplete after line %ld)", r.out_name,
                  strerror(r.write_errno), r.reader.number);
        status = EXIT_OUTPUT;
    }
    /* Standard output is checked by main, once. */
    if (r.out && r.out != stdout)
        status = cli_finish_output(args, r.out, r.out_name, status);
    free(r.reader.line);
    if (r.reader.file && r.reader.file != stdin)
        fclose(r.reader.file);
    return status;
}

const cli_command cli_batch_command = { "batch", batch, help };
