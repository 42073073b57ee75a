/* libFuzzer: a vectors file, read and checked line by line as `lapse check`
 * and the C tests read it. */
#include "fuzz_tables.h"
#include "lapse/tables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    lapse_table table;
    int have_header = 0;
    char *line = text, *end = text + size;
    while (line < end) {
        char *newline = memchr(line, '\n', (size_t)(end - line));
        size_t length = (size_t)((newline ? newline : end) - line);
        if (length > 0 && line[0] != '#') {
            lapse_error_detail detail;
            if (!have_header) {
                have_header = lapse_table_header(&table, '\t', line, length, &detail) == LAPSE_OK;
                if (!have_header)
                    break;
            } else {
                lapse_row row;
                if (lapse_table_row(&table, line, length, &row, &detail) == LAPSE_OK) {
                    char report[1024];
                    int32_t mismatches =
                        lapse_row_check(NULL, &table, line, length, &row, report, sizeof report);
                    if (mismatches < 0 || (mismatches > 0 && report[0] == '\0'))
                        abort();
                } else if (detail.message[0] == '\0') {
                    abort(); /* every error says why */
                }
            }
        }
        line = newline ? newline + 1 : end;
    }
    free(text);
    return 0;
}
