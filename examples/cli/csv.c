/* CSV output, line input, and the check that no output was lost. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <sys/types.h>

/* The keys of `lapse cancel --json` and the columns of `lapse batch`, in order. */
const lapse_column cli_decision_columns[] = {
    LAPSE_COLUMN_ALLOWED,
    LAPSE_COLUMN_BLOCKED,
    LAPSE_COLUMN_WARNINGS,
    LAPSE_COLUMN_MISSING_SUPPORT_INFO,
    LAPSE_COLUMN_ROUTE,
    LAPSE_COLUMN_TERM_START,
    LAPSE_COLUMN_TERM_END,
    LAPSE_COLUMN_NOTICE_DEADLINE,
    LAPSE_COLUMN_RENEWS_FIRST,
    LAPSE_COLUMN_EFFECTIVE_END,
    LAPSE_COLUMN_REMAINING_TERM_CHARGE,
    LAPSE_COLUMN_STILL_TO_INVOICE,
    LAPSE_COLUMN_REFUND,
    LAPSE_COLUMN_TERMINATION_FEE,
    LAPSE_COLUMN_INVOICES_LEFT,
    LAPSE_COLUMN_NEXT_INVOICE,
    LAPSE_COLUMN_CURRENCY,
    LAPSE_COLUMN_DATA_DELETED_ON,
    LAPSE_COLUMN_CONFIRMATION,
};
const size_t cli_decision_column_count =
    sizeof cli_decision_columns / sizeof cli_decision_columns[0];

void csv_field(FILE *out, const char *text, size_t length)
{
    bool quote = false;
    for (size_t i = 0; i < length && !quote; i++)
        quote = text[i] == ',' || text[i] == '"' || text[i] == '\n' || text[i] == '\r';
    if (!quote) {
        fwrite(text, 1, length, out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '"')
            fputc('"', out);
        fputc(text[i], out);
    }
    fputc('"', out);
}

long next_line(line_reader *reader)
{
    ssize_t length = getline(&reader->line, &reader->capacity, reader->file);
    if (length < 0)
        return -1;
    reader->number++;
    if (length > 0 && reader->line[length - 1] == '\n')
        reader->line[--length] = '\0';
    return (long)length;
}

bool blank_line(const char *line, long length)
{
    return length == 0 || (length == 1 && line[0] == '\r');
}

int cli_finish_output(const cli_args *args, FILE *out, const char *name, int status)
{
    /* ferror: an earlier write may have failed although the last flush
     * succeeds. */
    errno = 0;
    bool failed = fflush(out) != 0;
    int error = errno;
    failed |= ferror(out) != 0;
    if (out != stdout && fclose(out) != 0 && !failed) {
        failed = true;
        error = errno;
    }
    /* Reported once: a command that found its own write error has said so. */
    if (!failed || status == EXIT_OUTPUT)
        return failed ? EXIT_OUTPUT : status;
    cli_error(args, "writing %s: %s", name, error ? strerror(error) : "a write failed");
    return EXIT_OUTPUT;
}
