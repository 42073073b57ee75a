/* libFuzzer: batch CSV, through lapse_decide_csv (the Python path) and
 * record by record (the `lapse batch` path); both must agree row for row,
 * and on where each record starts. */
#include <stdbool.h>

#include "fuzz_tables.h"
#include "lapse/tables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The end of the record at `line` ('\n' or `end`), written apart from the
 * library's reader from the rule of lapse/tables.h: a quote opens a field
 * only at the field's start, a doubled quote inside it is one quote, line
 * ends inside an open field belong to it, and a field still open at the end
 * of the input closes nothing (the record is then its first line alone).
 * *spanned: the lines the record spans. */
static char *record_end(char *line, char *end, int32_t *spanned)
{
    bool field_start = true;
    *spanned = 1;
    for (char *p = line; p < end;) {
        if (field_start && *p == '"') {
            int32_t inside = 0;
            for (p++;; p++) {
                if (p == end) { /* never closed */
                    char *newline = memchr(line, '\n', (size_t)(end - line));
                    *spanned = 1;
                    return newline ? newline : end;
                }
                if (*p == '\n')
                    inside++;
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"')
                        p++;
                    else
                        break;
                }
            }
            *spanned += inside;
            p++;
            field_start = false;
            continue;
        }
        if (*p == '\n')
            return p;
        field_start = *p == ',';
        p++;
    }
    return end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum { CAPACITY = 64 };
    static lapse_decision decisions[CAPACITY];
    static lapse_error errors[CAPACITY];
    static int32_t lines[CAPACITY];
    char *whole = fuzz_copy(data, size);
    size_t rows = 0;
    lapse_error_detail detail;
    lapse_error header =
        lapse_decide_csv(NULL, whole, size, decisions, errors, lines, CAPACITY, &rows, &detail);
    free(whole);
    if (header != LAPSE_OK) {
        if (rows != 0 || detail.message[0] == '\0')
            abort();
        return 0;
    }
    char *text = fuzz_copy(data, size);
    char *end = text + size;
    int32_t spanned;
    char *newline = record_end(text, end, &spanned);
    int32_t number = 1 + spanned; /* the next record's first line */
    lapse_table table;
    if (lapse_table_header(&table, ',', text, (size_t)(newline - text), NULL))
        abort(); /* lapse_decide_csv accepted it */
    if (newline == end)
        newline = NULL;
    size_t row = 0;
    for (char *line = newline ? newline + 1 : end; line < end; row++) {
        newline = record_end(line, end, &spanned);
        size_t length = (size_t)(newline - line);
        if (newline == end)
            newline = NULL;
        if (row < CAPACITY && lines[row] != number)
            abort();
        number += spanned;
        lapse_row parsed;
        lapse_decision decision;
        lapse_error error = lapse_table_row(&table, line, length, &parsed, &detail);
        /* The row's own policy, as lapse_decide_csv and `lapse batch` use it. */
        if (error == LAPSE_OK)
            error = lapse_decide_cancel(parsed.has_policy ? &parsed.policy : NULL,
                                        &parsed.subscription, &parsed.request, &decision, &detail);
        if (row < CAPACITY &&
            (error != errors[row] ||
             (error == LAPSE_OK && memcmp(&decision, &decisions[row], sizeof decision) != 0)))
            abort();
        line = newline ? newline + 1 : end;
    }
    if (row != rows)
        abort();
    free(text);
    return 0;
}
