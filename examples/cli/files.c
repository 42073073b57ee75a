/* lapse check and lapse batch: many cases from files, line by line. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Reads lines of any length; the buffer grows to the longest line only. */
typedef struct line_reader {
    FILE *file;
    char *line;
    size_t capacity;
    long number;
} line_reader;

/* The next line without its '\n', or -1 at the end. */
static ssize_t next_line(line_reader *reader)
{
    ssize_t length = getline(&reader->line, &reader->capacity, reader->file);
    if (length < 0)
        return -1;
    reader->number++;
    if (length > 0 && reader->line[length - 1] == '\n')
        reader->line[--length] = '\0';
    return length;
}

static bool blank(const char *line, ssize_t length)
{
    return length == 0 || (length == 1 && line[0] == '\r');
}

/* One failing row: printed at once, or (with --json) as an array member. */
static void report_failure(cli_args *args, const char *path, long line, const char *note,
                           size_t note_length, const char *message, long failures)
{
    if (!args->json) {
        printf("%s:%ld: FAIL", path, line);
        if (note_length > 0)
            printf(" (%.*s)", (int)note_length, note);
        printf(": %s\n", message);
        return;
    }
    printf("%s{\"file\": ", failures > 1 ? ", " : "");
    json_string(stdout, path, strlen(path));
    printf(", \"line\": %ld, \"note\": ", line);
    json_string(stdout, note, note_length);
    printf(", \"message\": ");
    json_string(stdout, message, strlen(message));
    printf("}");
}

static int check_file(cli_args *args, const char *path, long *passed, long *failed)
{
    line_reader reader = {fopen(path, "rb"), NULL, 0, 0};
    if (!reader.file) {
        cli_error(args, "cannot open %s: %s", path, strerror(errno));
        return EXIT_USAGE;
    }
    lapse_table table;
    bool have_header = false;
    int status = EXIT_OK;
    int note = -1;
    ssize_t length;
    while ((length = next_line(&reader)) >= 0) {
        char *line = reader.line;
        if (blank(line, length) || line[0] == '#')
            continue;
        lapse_error_detail detail;
        if (!have_header) {
            if (lapse_table_header(&table, '\t', line, (size_t)length, &detail) != LAPSE_OK) {
                fprintf(stderr, "%s:%ld: header: %s\n", path, reader.number, detail.message);
                status = EXIT_USAGE;
                break;
            }
            for (int c = 0; c < table.count; c++)
                if (table.columns[c] == LAPSE_COLUMN_NOTE)
                    note = c;
            have_header = true;
            continue;
        }
        lapse_row row;
        char report[4096];
        if (lapse_table_row(&table, line, (size_t)length, &row, &detail) != LAPSE_OK) {
            char message[sizeof detail.message + 32];
            snprintf(message, sizeof message, "cannot read the row: %s", detail.message);
            report_failure(args, path, reader.number, "", 0, message, ++*failed);
            continue;
        }
        if (lapse_row_check(&args->policy_value, &table, line, &row, report, sizeof report) == 0) {
            ++*passed;
            continue;
        }
        ++*failed;
        report_failure(args, path, reader.number, note >= 0 ? line + row.offset[note] : "",
                       note >= 0 ? row.length[note] : 0, report, *failed);
    }
    if (!have_header && status == EXIT_OK) {
        cli_error(args, "%s: no header row", path);
        status = EXIT_USAGE;
    }
    free(reader.line);
    fclose(reader.file);
    return status;
}

int cli_check(cli_args *args)
{
    if (args->file_count == 0) {
        cli_error(args, "give at least one scenario file (see 'lapse check --help')");
        return EXIT_USAGE;
    }
    long passed = 0, failed = 0;
    int status = EXIT_OK;
    if (args->json)
        printf("{\"failures\": [");
    for (size_t i = 0; i < args->file_count; i++) {
        int file_status = check_file(args, args->files[i], &passed, &failed);
        if (file_status)
            status = file_status;
    }
    if (args->json)
        printf("], \"passed\": %ld, \"failed\": %ld}\n", passed, failed);
    else
        printf("%ld passed, %ld failed\n", passed, failed);
    if (status)
        return status;
    return failed ? EXIT_NO : EXIT_OK;
}


/* One output row, built in memory and written with one call: a billing run
 * writes millions of them. */
/* One output row as a JSON object member of "rows". */
static void write_json_row(FILE *out, long line, const lapse_decision *decision,
                           const char *error, bool first)
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

static void write_row(FILE *out, long line, const lapse_decision *decision, const char *error)
{
    char row[4096];
    size_t n = (size_t)snprintf(row, sizeof row, "%ld", line);
    for (size_t c = 0; c < cli_decision_column_count; c++) {
        row[n++] = ',';
        if (decision)
            n += lapse_decision_format(decision, cli_decision_columns[c], row + n, sizeof row - n);
        /* Decision values hold no ',', '"' or newline: no quoting needed. */
    }
    row[n++] = ',';
    fwrite(row, 1, n, out);
    if (error)
        csv_field(out, error, strlen(error));
    fputc('\n', out);
}

int cli_batch(cli_args *args)
{
    if (args->file_count > 1) {
        cli_error(args, "reads one file (or - for standard input), got %zu", args->file_count);
        return EXIT_USAGE;
    }
    const char *path = args->file_count ? args->files[0] : "-";
    bool from_stdin = strcmp(path, "-") == 0;
    line_reader reader = {from_stdin ? stdin : fopen(path, "rb"), NULL, 0, 0};
    if (!reader.file) {
        cli_error(args, "cannot open %s: %s", path, strerror(errno));
        return EXIT_USAGE;
    }
    FILE *out = args->output ? fopen(args->output, "wb") : stdout;
    if (!out) {
        cli_error(args, "cannot write %s: %s", args->output, strerror(errno));
        if (!from_stdin)
            fclose(reader.file);
        return EXIT_USAGE;
    }
    static char out_buffer[1 << 16];
    setvbuf(out, out_buffer, _IOFBF, sizeof out_buffer);

    int status = EXIT_OK;
    ssize_t length = next_line(&reader);
    lapse_table table;
    lapse_error_detail detail;
    char header_error[sizeof detail.message + 16] = "";
    if (length < 0) {
        cli_error(args, "%s is empty: expected a header row naming the columns", path);
        status = EXIT_USAGE;
        goto done;
    }
    if (lapse_table_header(&table, ',', reader.line, (size_t)length, &detail) != LAPSE_OK) {
        /* Every row is still reported, each with the header's error. */
        snprintf(header_error, sizeof header_error, "header: %s", detail.message);
        cli_error(args, "%s:1: %s", path, header_error);
    }
    if (args->json) {
        fputs("{\"rows\": [\n", out);
    } else {
        fputs("line", out);
        for (size_t c = 0; c < cli_decision_column_count; c++)
            fprintf(out, ",%s", lapse_column_name(cli_decision_columns[c]));
        fputs(",error\n", out);
    }
    bool first = true;
    while ((length = next_line(&reader)) >= 0) {
        lapse_row row;
        lapse_decision decision;
        if (args->json) {
            const char *error = header_error[0] ? header_error : NULL;
            if (!error && (lapse_table_row(&table, reader.line, (size_t)length, &row, &detail) !=
                               LAPSE_OK ||
                           lapse_decide_cancel(row.has_policy ? &row.policy : &args->policy_value,
                                               &row.subscription, &row.request, &decision,
                                               &detail) != LAPSE_OK))
                error = detail.message;
            write_json_row(out, reader.number, error ? NULL : &decision, error, first);
            first = false;
            if (error)
                status = EXIT_NO;
            continue;
        }
        if (header_error[0]) {
            write_row(out, reader.number, NULL, header_error);
        } else if (lapse_table_row(&table, reader.line, (size_t)length, &row, &detail) != LAPSE_OK ||
                   lapse_decide_cancel(row.has_policy ? &row.policy : &args->policy_value,
                                       &row.subscription, &row.request, &decision,
                                       &detail) != LAPSE_OK) {
            write_row(out, reader.number, NULL, detail.message);
        } else {
            write_row(out, reader.number, &decision, NULL);
            continue;
        }
        status = EXIT_NO;
    }
    if (args->json)
        fputs("\n]}\n", out);
    if (ferror(reader.file)) {
        cli_error(args, "reading %s: %s", path, strerror(errno));
        status = EXIT_USAGE;
    }
done:
    if (fflush(out) != 0 || (args->output && fclose(out) != 0)) {
        cli_error(args, "writing %s: %s", args->output ? args->output : "standard output",
                  strerror(errno));
        status = EXIT_USAGE;
    }
    free(reader.line);
    if (!from_stdin)
        fclose(reader.file);
    return status;
}

int cli_policy_command(cli_args *args)
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
    char text[2048];
    size_t length = lapse_policy_format(&args->policy_value, text, sizeof text);
    if (!args->json) {
        fwrite(text, 1, length, stdout);
        return EXIT_OK;
    }
    /* The canonical lines as one object: numbers and booleans bare,
     * names and role lists as strings. */
    printf("{");
    for (char *line = text, *end; line < text + length; line = end + 1) {
        end = strchr(line, '\n');
        char *equals = strstr(line, " = ");
        *end = '\0';
        *equals = '\0';
        const char *value = equals + 3;
        bool bare = strcmp(value, "true") == 0 || strcmp(value, "false") == 0 ||
                    strspn(value, "-0123456789") == strlen(value);
        printf("%s\"%s\": ", line == text ? "" : ", ", line);
        if (bare)
            fputs(value, stdout);
        else
            json_string(stdout, value, strlen(value));
    }
    printf("}\n");
    return EXIT_OK;
}
