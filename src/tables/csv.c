/* A whole CSV text decided in one call. */
#include "columns.h"

#include <string.h>

#include "split.h"

#include "core/fail.h"
#include "core/model.h"
#include "core/validate.h"

/* The end of the record at `text` (its closing '\n', or `end`) and, in
 * *lines, how many lines it spans: while a quoted field is open at a line's
 * end the record goes on (lapse__csv_line_open).  A quote still open at the
 * end of the text closes nothing: the record is then its first line alone,
 * and the next one starts on the line after it. */
static char *record_end(char *text, char *end, size_t *lines)
{
    bool open = false;
    *lines = 0;
    for (char *line = text;;) {
        char *newline = memchr(line, '\n', (size_t)(end - line));
        char *line_end = newline ? newline : end;
        open = lapse__csv_line_open(line, (size_t)(line_end - line), open);
        ++*lines;
        if (!open)
            return line_end;
        if (!newline) { /* open at the end: the first line alone */
            *lines = 1;
            newline = memchr(text, '\n', (size_t)(end - text));
            return newline ? newline : end;
        }
        line = newline + 1;
    }
}

int lapse_csv_line_open(const char *line, size_t length, int open)
{
    return line && lapse__csv_line_open(line, length, open != 0);
}

lapse_error lapse_decide_csv(const lapse_policy *policy, char *text, size_t length,
                             lapse_decision *decisions, lapse_error *errors, int32_t *lines,
                             size_t capacity, size_t *rows, lapse_error_detail *detail)
{
    if (!rows || !text)
        return lapse__fail_missing(detail, !text ? "text" : "rows");
    if (capacity > 0 && (!decisions || !errors || !lines)) {
        const char *name = !decisions ? "decisions" : !errors ? "errors" : "lines";
        return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, name, "%s: NULL while capacity is %zu",
                           name, capacity);
    }
    *rows = 0;
    if (!policy)
        policy = &lapse__default_policy;
    lapse_error error = lapse__check_policy(policy, detail);
    if (error)
        return error;
    char *end = text + length;
    size_t lines_in = 0;
    char *line_end = record_end(text, end, &lines_in);
    lapse_table table;
    if ((error = lapse_table_header(&table, ',', text, (size_t)(line_end - text), detail))) {
        if (detail)
            detail->line = 1;
        return error;
    }
    /* A zone is loaded by the caller (lapse_zone_load): without one, the
     * rows' requested_at would be read in its own offset, not the zone's. */
    for (int32_t c = 0; c < table.count; c++)
        if (table.columns[c] == LAPSE_COLUMN_ZONE) {
            error = lapse__fail(detail, LAPSE_ERR_VALUE_SYNTAX, "zone",
                                "column %ld zone: lapse_decide_csv reads no time zones (lapse "
                                "batch does)",
                                (long)c + 1);
            if (detail) {
                detail->line = 1;
                detail->column = c + 1;
            }
            return error;
        }
    size_t row = 0;
    int64_t number = 1 + (int64_t)lines_in; /* the next record's first line */
    for (char *line = line_end < end ? line_end + 1 : end; line < end; row++) {
        line_end = record_end(line, end, &lines_in);
        if (row < capacity) {
            lapse_row parsed;
            lines[row] = number > INT32_MAX ? INT32_MAX : (int32_t)number;
            errors[row] = lapse_table_row(&table, line, (size_t)(line_end - line), &parsed, NULL);
            if (errors[row] == LAPSE_OK)
                errors[row] = lapse_decide_cancel(parsed.has_policy ? &parsed.policy : policy,
                                                  &parsed.subscription, &parsed.request,
                                                  &decisions[row], NULL);
            else
                memset(&decisions[row], 0, sizeof decisions[row]);
        }
        number += (int64_t)lines_in;
        line = line_end < end ? line_end + 1 : end;
    }
    *rows = row;
    return LAPSE_OK;
}
