/* CSV output, line input, and the check that no output was lost. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

size_t csv_field(char *out, const char *text)
{
    /* One strcspn (which looks at many bytes at a time) finds the first
     * byte that needs quoting, or the end: a refused row's message is
     * scanned once, and its length comes with it. */
    size_t length = strcspn(text, ",\"\n\r");
    if (text[length] == '\0') {
        memcpy(out, text, length);
        return length;
    }
    length += strlen(text + length);
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '"')
            out[n++] = '"';
        out[n++] = text[i];
    }
    out[n++] = '"';
    return n;
}

/* read(2) rather than stdio: what a pipe has is decided at once, and the
 * block is ours to hand out line by line.  128 KiB blocks: the kernel's copy
 * lands in a cache the rows are then read from (1 MiB blocks were about 1 %
 * slower on a billing run); a longer line doubles the block. */
static bool fill(line_reader *reader)
{
    reader->quote_at = reader->quote_searched = 0; /* has_quote searches again */
    if (reader->start > 0) {
        memmove(reader->buffer, reader->buffer + reader->start, reader->end - reader->start);
        reader->end -= reader->start;
        reader->start = 0;
    }
    if (reader->end + 1 >= reader->size) {
        size_t size = reader->size ? 2 * reader->size : (size_t)1 << 17;
        char *grown = realloc(reader->buffer, size);
        if (!grown) {
            reader->error = ENOMEM;
            return false;
        }
        reader->buffer = grown;
        reader->size = size;
    }
    ssize_t got;
    do
        got = read(fileno(reader->file), reader->buffer + reader->end,
                   reader->size - 1 - reader->end);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        reader->error = errno;
        return false;
    }
    reader->eof = got == 0;
    reader->end += (size_t)got;
    return true;
}

long next_line(line_reader *reader)
{
    for (;;) {
        char *line = reader->buffer + reader->start;
        size_t left = reader->end - reader->start;
        char *newline = left ? memchr(line, '\n', left) : NULL;
        if (newline || (reader->eof && left > 0)) {
            size_t length = newline ? (size_t)(newline - line) : left;
            line[length] = '\0'; /* the '\n', or the byte fill() keeps free */
            reader->start += length + (newline != NULL);
            reader->line = line;
            reader->number++;
            return (long)length;
        }
        if (reader->eof || reader->error || !fill(reader))
            return -1;
    }
}

/* Whether bytes `from` to `to` of the buffer (to <= end) hold a '"'.  The
 * buffer is searched once up to its next quote, or to its end when it has
 * none, not line by line: the lines before that quote are known without
 * one (fill() forgets what was searched, as it moves the bytes). */
static bool has_quote(line_reader *reader, size_t from, size_t to)
{
    if (reader->quote_at < from ||
        (reader->quote_at == reader->quote_searched && to > reader->quote_searched)) {
        const char *quote = memchr(reader->buffer + from, '"', reader->end - from);
        reader->quote_at = quote ? (size_t)(quote - reader->buffer) : reader->end;
        reader->quote_searched = reader->end;
    }
    return reader->quote_at < to;
}

/* The record of `length` bytes from the buffer's start, `lines` lines. */
static long take_record(line_reader *reader, size_t length, long lines)
{
    char *record = reader->buffer + reader->start;
    bool newline = reader->start + length < reader->end;
    record[length] = '\0'; /* the '\n', or the byte fill() keeps free */
    reader->start += length + newline;
    reader->line = record;
    reader->number = reader->lines_read + 1;
    reader->lines_read += lines;
    return (long)length;
}

long next_record(line_reader *reader)
{
    size_t scanned = 0; /* the record's whole lines so far, from reader->start */
    long lines = 0;
    bool open = false;
    for (;;) {
        char *text = reader->buffer + reader->start;
        size_t left = reader->end - reader->start;
        char *newline = left > scanned ? memchr(text + scanned, '\n', left - scanned) : NULL;
        if (newline) {
            size_t line_end = (size_t)(newline - text);
            /* A line without a quote closes nothing and opens nothing:
             * the library is asked only about lines with one. */
            if (open || has_quote(reader, reader->start + scanned, reader->start + line_end))
                open = lapse_csv_line_open(text + scanned, line_end - scanned, open);
            lines++;
            if (!open)
                return take_record(reader, line_end, lines);
            scanned = line_end + 1;
            continue;
        }
        if (reader->eof && left > scanned) { /* the last line, without its '\n' */
            open = lapse_csv_line_open(text + scanned, left - scanned, open);
            lines++;
            if (!open)
                return take_record(reader, left, lines);
            scanned = left;
        }
        if (reader->eof && scanned > 0) {
            /* A quote still open at the end closes nothing: the record is its
             * first line alone, and the next starts on the line after it. */
            char *first = memchr(text, '\n', left);
            return take_record(reader, first ? (size_t)(first - text) : left, 1);
        }
        if (reader->eof || reader->error || !fill(reader))
            return -1;
    }
}

void reader_free(line_reader *reader)
{
    free(reader->buffer);
    reader->buffer = reader->line = NULL;
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
