/*
 * libFuzzer: a lapse_table and a lapse_row taken from raw bytes, then a
 * line.  lapse_table_row and lapse_row_check must refuse what lapse did not
 * fill (a named error, or one mismatch that says so) and never read out of
 * bounds; a row lapse_table_row filled must pass lapse_row_check's own
 * checks.
 */
#include "fuzz_tables.h"
#include "lapse/tables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lapse_table table;
    lapse_row row;
    memset(&table, 0, sizeof table);
    memset(&row, 0, sizeof row);
    size_t n = size < sizeof table ? size : sizeof table;
    memcpy(&table, data, n);
    data += n, size -= n;
    n = size < sizeof row ? size : sizeof row;
    memcpy(&row, data, n);
    data += n, size -= n;
    /* Raw bytes cannot make a pointer: the row's item and reduction
     * pointers point at its own room, as lapse_table_row() leaves them. */
    row.subscription.items = row.items;
    row.request.reduce = row.reduce;
    char *line = fuzz_copy(data, size);
    char report[512];
    /* The hostile row as given. */
    int32_t mismatches = lapse_row_check(NULL, &table, line, size, &row, report, sizeof report);
    if (mismatches < 0 || (mismatches > 0 && report[0] == '\0'))
        abort();
    lapse_error_detail detail;
    lapse_error error = lapse_table_row(&table, line, size, &row, &detail);
    if (error != LAPSE_OK) {
        if (detail.message[0] == '\0')
            abort();
    } else {
        mismatches = lapse_row_check(NULL, &table, line, size, &row, report, sizeof report);
        /* A struct problem is the only report that starts "row: " (no
         * column has that name). */
        if (mismatches > 0 && strncmp(report, "row: ", 5) == 0)
            abort();
    }
    free(line);
    return 0;
}
