/*
 * Tables of cases: the header read into columns, the row API (the one-pass
 * reader of one_pass.c, else the general reading of split.c and
 * lapse_inputs_parse) and the checks of a table struct.
 */
#include "table.h"

#include "columns.h"
#include "one_pass.h"
#include "split.h"

#include "core/fail.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

static size_t without_cr(const char *line, size_t length)
{
    return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
}

static lapse_error too_long(lapse_error_detail *detail)
{
    return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "", "line: longer than 4 GiB");
}

static lapse_error syntax_error(lapse_error_detail *detail, int32_t column)
{
    lapse_error error =
        lapse__fail(detail, LAPSE_ERR_CSV_SYNTAX, "",
                    "column %ld: malformed quoting (a stray or unclosed '\"')", (long)column);
    if (detail)
        detail->column = column;
    return error;
}

lapse_error lapse_table_header(lapse_table *table, char separator, const char *line, size_t length,
                               lapse_error_detail *detail)
{
    if (!table || !line)
        return lapse__fail_missing(detail, !table ? "table" : "line");
    memset(table, 0, sizeof *table);
    if (separator != ',' && separator != '\t')
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "separator",
                           "separator: must be ',' (CSV) or a tab (vectors)");
    length = without_cr(line, length);
    if (length > UINT32_MAX)
        return too_long(detail);
    /* A UTF-8 byte-order mark (Excel's "CSV UTF-8") is no part of the first
     * column's name. */
    if (length >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
        line += 3, length -= 3;
    /* A carriage return inside the header: lines that end in a lone CR
     * (classic Mac OS) are one line here, and no row would ever be read. */
    if (memchr(line, '\r', length))
        return lapse__fail(detail, LAPSE_ERR_CSV_SYNTAX, "",
                           "a carriage return inside the header line (lines that end in a lone "
                           "CR are not read: end them with '\\n' or '\\r\\n')");
    lapse__field fields[LAPSE_TABLE_MAX_COLUMNS];
    int32_t bad_column = 0;
    int64_t count =
        lapse__split(separator, line, NULL, length, fields, LAPSE_TABLE_MAX_COLUMNS, &bad_column);
    if (count < 0)
        return syntax_error(detail, bad_column);
    if (count > LAPSE_TABLE_MAX_COLUMNS) {
        lapse_error error = lapse__fail(detail, LAPSE_ERR_TOO_MANY_COLUMNS, "",
                                        "header: %lld columns, lapse reads at most %d",
                                        (long long)count, LAPSE_TABLE_MAX_COLUMNS);
        if (detail)
            detail->column = LAPSE_TABLE_MAX_COLUMNS + 1;
        return error;
    }
    table->separator = separator;
    for (int32_t c = 0; c < count; c++) {
        const char *name = line + fields[c].offset;
        size_t name_length = fields[c].length;
        lapse_column column;
        lapse_error error = lapse_column_lookup(name, name_length, &column);
        if (error == LAPSE_OK) {
            for (int32_t previous = 0; previous < c; previous++)
                if (table->columns[previous] == column)
                    error = LAPSE_ERR_DUPLICATE_COLUMN;
        }
        if (error) {
            char quoted[256];
            lapse__quote(name, name_length, 60, quoted, sizeof quoted);
            error = lapse__fail(detail, error, "", "column %ld '%s': %s", (long)c + 1, quoted,
                                error == LAPSE_ERR_DUPLICATE_COLUMN
                                    ? "given twice"
                                    : "not a known column (lapse-vectors(5) lists them)");
            if (detail)
                detail->column = c + 1;
            memset(table, 0, sizeof *table);
            return error;
        }
        table->columns[c] = column;
    }
    table->count = (int32_t)count;
    return LAPSE_OK;
}

static lapse_error invalid_table(lapse_error_detail *detail, const char *problem, long value)
{
    return lapse__fail(detail, LAPSE_ERR_TABLE_INVALID, "table",
                       "table: %s %ld (fill it with lapse_table_header)", problem, value);
}

/* The table's separator, count and reserved space: what every row checks
 * before reading (the columns are checked as a row is read). */
static inline lapse_error check_table_shape(const lapse_table *table, lapse_error_detail *detail)
{
    if (table->separator != ',' && table->separator != '\t')
        return invalid_table(detail, "separator", (long)(unsigned char)table->separator);
    if (table->count < 0 || table->count > LAPSE_TABLE_MAX_COLUMNS)
        return invalid_table(detail, "column count", (long)table->count);
    /* Every row asks: the words ORed together first, the one at fault
     * found only when there is one. */
    uint32_t any = 0;
    for (size_t i = 0; i < sizeof table->reserved / sizeof table->reserved[0]; i++)
        any |= table->reserved[i];
    for (size_t i = 0; any && i < sizeof table->reserved / sizeof table->reserved[0]; i++)
        if (table->reserved[i])
            return invalid_table(detail, "reserved word", (long)i);
    return LAPSE_OK;
}

/* A header may name every column (the vectors files' and `lapse check`'s
 * tables do): the ceiling must stay above the table of columns. */
_Static_assert(LAPSE_COLUMN_COUNT - 1 <= LAPSE_TABLE_MAX_COLUMNS,
               "a header with every column fits in a lapse_table");

/* The table's checks, with the set of its columns in *seen. */
static lapse_error check_table(const lapse_table *table, lapse_error_detail *detail,
                               lapse__column_set *seen)
{
    lapse_error error = check_table_shape(table, detail);
    if (error)
        return error;
    /* Every column from 1 to LAPSE_COLUMN_COUNT - 1 has a name. */
    lapse__column_set columns = { { 0 } };
    for (int32_t c = 0; c < table->count; c++) {
        lapse_column column = table->columns[c];
        if ((unsigned)column - 1u >= LAPSE_COLUMN_COUNT - 1u ||
            lapse__column_set_has(&columns, (unsigned)column))
            return invalid_table(detail, "column", (long)column);
        lapse__column_set_add(&columns, (unsigned)column);
    }
    *seen = columns;
    return LAPSE_OK;
}

lapse_error lapse__check_table(const lapse_table *table, lapse_error_detail *detail)
{
    lapse__column_set seen;
    return check_table(table, detail, &seen);
}

/* A row's requested_at (when not empty): the request date is the
 * instant's local date in the offset it was written in (a caller with the
 * row's zone sets it again, lapse_zone_date); with `on` too, an error. */
static lapse_error request_instant(const lapse_table *table, const char *line, lapse_row *row,
                                   lapse_error_detail *detail)
{
    int32_t at = -1, on = -1;
    for (int32_t c = 0; c < table->count; c++) {
        at = table->columns[c] == LAPSE_COLUMN_REQUESTED_AT ? c : at;
        on = table->columns[c] == LAPSE_COLUMN_ON ? c : on;
    }
    if (at < 0 || row->length[at] == 0)
        return LAPSE_OK;
    const char *text = line + row->offset[at];
    size_t length = row->length[at];
    if (on >= 0 && row->length[on] > 0) {
        char quoted[64];
        lapse__quote(text, length, 40, quoted, sizeof quoted);
        return lapse__fail(detail, LAPSE_ERR_VALUE_SYNTAX, "requested_at",
                           "requested_at '%s': on gives the request date too: give one", quoted);
    }
    int64_t instant;
    int32_t offset;
    lapse_error error = lapse_instant_parse(text, length, &instant, &offset, detail);
    if (error)
        return error;
    int64_t local = instant + offset;
    int64_t day = (local - ((local % 86400) + 86400) % 86400) / 86400;
    if (day < LAPSE_DATE_MIN || day > LAPSE_DATE_MAX) {
        char quoted[64];
        lapse__quote(text, length, 40, quoted, sizeof quoted);
        return lapse__fail(detail, LAPSE_ERR_DATE_RANGE, "requested_at",
                           "requested_at '%s': outside 0001-01-01 to 9999-12-31", quoted);
    }
    row->request.on = (lapse_date)day;
    return LAPSE_OK;
}

/* What follows the inputs: the row's requested_at and policy columns, when
 * `columns` has them, and the 1-based column of an error. */
static lapse_error row_tail(const lapse_table *table, const char *line, lapse_row *row,
                            const lapse__column_set *columns, lapse_error error,
                            lapse_error_detail *detail)
{
    if (!error && lapse__column_set_has(columns, LAPSE_COLUMN_REQUESTED_AT))
        error = request_instant(table, line, row, detail);
    int32_t policy = -1;
    bool has_policy = lapse__column_set_has(columns, LAPSE_COLUMN_POLICY);
    for (int32_t c = 0; has_policy && c < table->count; c++)
        policy = table->columns[c] == LAPSE_COLUMN_POLICY ? c : policy;
    if (!error && policy >= 0 && row->length[policy] > 0) {
        error = lapse_policy_read(line + row->offset[policy], row->length[policy], &row->policy,
                                  detail);
        row->has_policy = error == LAPSE_OK;
    }
    if (error && detail) {
        for (int32_t c = 0; c < table->count; c++)
            if (strcmp(lapse_column_name(table->columns[c]), detail->field) == 0)
                detail->column = c + 1;
    }
    return error;
}

/* The row the general way (split.c and lapse_inputs_parse): the table's
 * checks first, with the set of its columns in *columns, then row_tail().
 * On an error the fields found so far stay (a report quotes them), the
 * inputs are zeroed by the caller. */
static lapse_error read_general(const lapse_table *table, char *line, size_t length, lapse_row *row,
                                lapse__column_set *columns, lapse_error_detail *detail)
{
    lapse_error error = check_table(table, detail, columns);
    if (error)
        return error;
    if (length > UINT32_MAX)
        return too_long(detail);
    if (length == 0)
        return lapse__fail(detail, LAPSE_ERR_COLUMN_COUNT, "",
                           "row: empty line, the header has %ld columns", (long)table->count);
    lapse__field fields[LAPSE_TABLE_MAX_COLUMNS];
    int32_t bad_column = 0;
    int64_t count = lapse__split(table->separator, line, line, length, fields,
                                 LAPSE_TABLE_MAX_COLUMNS, &bad_column);
    if (count < 0)
        return syntax_error(detail, bad_column);
    if (count != table->count)
        return lapse__fail(detail, LAPSE_ERR_COLUMN_COUNT, "",
                           "row: %lld fields, the header has %ld", (long long)count,
                           (long)table->count);
    row->count = table->count;
    for (int32_t c = 0; c < table->count; c++) {
        row->offset[c] = fields[c].offset;
        row->length[c] = fields[c].length;
    }
    lapse_cell cells[LAPSE_TABLE_MAX_COLUMNS];
    for (int32_t c = 0; c < table->count; c++)
        cells[c] = (lapse_cell){ table->columns[c], line + fields[c].offset, fields[c].length };
    error = lapse__inputs_with_items(cells, (size_t)table->count, &row->subscription, &row->request,
                                     row->items, row->reduce, detail);
    return row_tail(table, line, row, columns, error, detail);
}

lapse_error lapse_table_row(const lapse_table *table, char *line, size_t length, lapse_row *row,
                            lapse_error_detail *detail)
{
    if (!table || !line || !row)
        return lapse__fail_missing(detail, !table ? "table" : !line ? "line" : "row");
    /* Only what every row sets is reset here (a row is hundreds of bytes,
     * and a billing run reads millions): fields past the count and the
     * policy of a row without one keep what they held. */
    row->has_policy = 0;
    row->count = 0;
    memset(row->reserved, 0, sizeof row->reserved);
    lapse_error error = check_table_shape(table, detail);
    if (!error) {
        length = without_cr(line, length);
        lapse__column_set columns = { { 0 } };
        /* lapse__one_pass_row() checks the columns as it goes (the row then
         * has nothing more to read unless the table has requested_at or
         * policy); the general reading checks them first. */
        if (length - 1u < LAPSE__ONE_PASS_MAX &&
            lapse__one_pass_row(table, line, length, row, &columns)) {
            uint64_t any = 0;
            for (size_t w = 0; w < LAPSE__COLUMN_WORDS; w++)
                any |= columns.word[w];
            if (any)
                error = row_tail(table, line, row, &columns, LAPSE_OK, detail);
        } else {
            error = read_general(table, line, length, row, &columns, detail);
        }
    }
    if (error) {
        memset(&row->subscription, 0, sizeof row->subscription);
        memset(&row->request, 0, sizeof row->request);
        memset(&row->policy, 0, sizeof row->policy);
        row->has_policy = 0;
    }
    return error;
}

size_t lapse_sizeof_table(void) { return sizeof(lapse_table); }
size_t lapse_sizeof_row(void) { return sizeof(lapse_row); }
