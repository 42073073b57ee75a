/* libFuzzer: batch CSV, through lapse_decide_csv (the Python path) and line
 * by line (the `lapse batch` path); both must agree row for row. */
#include "fuzz_tables.h"
#include "lapse/tables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    char *end = text + size, *newline = memchr(text, '\n', size);
    lapse_table table;
    if (lapse_table_header(&table, ',', text, (size_t)((newline ? newline : end) - text), NULL))
        abort(); /* lapse_decide_csv accepted it */
    size_t row = 0;
    for (char *line = newline ? newline + 1 : end; line < end; row++) {
        newline = memchr(line, '\n', (size_t)(end - line));
        size_t length = (size_t)((newline ? newline : end) - line);
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
