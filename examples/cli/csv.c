/* CSV output, line input, and the check that no output was lost. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <sys/types.h>

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
