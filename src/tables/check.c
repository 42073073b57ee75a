/*
 * Checking a vectors row: deciding it and comparing every expected column
 * with what lapse computed.
 */
#include "columns.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "table.h"
#include "core/names.h"
#include "core/text.h"

typedef struct report {
    char *buf;
    size_t size;
    size_t length;
    int32_t mismatches;
} report;

static void mismatch(report *r, const char *column, const char *expected, size_t expected_length,
                     const char *got)
{
    char text[512];
    /* The expected text at most 200 bytes, cut between characters. */
    int n =
        snprintf(text, sizeof text, "%s%s: expected '%.*s', got '%s'", r->mismatches ? "; " : "",
                 column, (int)lapse__utf8_cut(expected, expected_length, 200), expected, got);
    if (n > 0) {
        size_t written = (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
        if (r->buf && r->length + 1 < r->size)
            lapse__copy_text(text, written, r->buf + r->length, r->size - r->length);
        r->length += (size_t)n;
    }
    r->mismatches++;
}

static bool same_text(const char *expected, size_t length, const char *actual)
{
    return strlen(actual) == length && memcmp(expected, actual, length) == 0;
}

/* Lists compare as sets, so a vectors file need not know the order. */
static bool same_list(lapse_kind kind, const char *expected, size_t length, const char *actual)
{
    uint32_t want, got;
    size_t bad_start, bad_length;
    if (length == 0)
        return actual[0] == '\0';
    if (actual[0] == '\0')
        return false;
    return lapse__parse_list(kind, expected, length, &want, &bad_start, &bad_length) == LAPSE_OK &&
           lapse__parse_list(kind, actual, strlen(actual), &got, &bad_start, &bad_length) ==
               LAPSE_OK &&
           want == got;
}

/* The row is one lapse_table_row() filled from a line of `length` bytes
 * under `table`: NULL, or what is wrong with it. */
static const char *row_problem(const lapse_table *table, size_t length, const lapse_row *row)
{
    if (lapse__check_table(table, NULL))
        return "a table lapse_table_header did not fill";
    if (row->count != table->count || (row->has_policy != 0 && row->has_policy != 1))
        return "a row lapse_table_row did not fill";
    for (int32_t c = 0; c < row->count; c++)
        if (row->offset[c] > length || row->length[c] > length - row->offset[c])
            return "a row whose fields lie past the line";
    for (size_t i = 0; i < sizeof row->reserved / sizeof row->reserved[0]; i++)
        if (row->reserved[i])
            return "a row with non-zero reserved space";
    return NULL;
}

int32_t lapse_row_check(const lapse_policy *policy, const lapse_table *table, const char *line,
                        size_t line_length, const lapse_row *row, char *report_buf, size_t size)
{
    report r = { report_buf, size, 0, 0 };
    if (report_buf && size > 0)
        report_buf[0] = '\0';
    const char *problem = !table  ? "table is NULL"
                          : !line ? "line is NULL"
                          : !row  ? "row is NULL"
                                  : row_problem(table, line_length, row);
    if (problem) {
        mismatch(&r, "row", "", 0, problem);
        return r.mismatches;
    }
    if (row->has_policy)
        policy = &row->policy;
    lapse_decision decision;
    lapse_error_detail detail = { 0 };
    lapse_error error =
        lapse_decide_cancel(policy, &row->subscription, &row->request, &decision, &detail);
    lapse_status_info status;
    lapse_error status_error =
        lapse_status_at(policy, &row->subscription, row->request.on, &status, NULL);
    for (int32_t c = 0; c < row->count; c++) {
        lapse_column column = table->columns[c];
        const char *expected = line + row->offset[c];
        size_t length = row->length[c];
        const char *name = lapse_column_name(column);
        char actual[256];
        if (length == 1 && expected[0] == '*')
            continue;
        if (column == LAPSE_COLUMN_ERROR) {
            const char *got = error ? lapse_error_name(error) : "";
            if (!same_text(expected, length, got)) {
                char text[256 + 16];
                snprintf(text, sizeof text, "%s%s%s", got, error ? ": " : "",
                         error ? detail.message : "");
                mismatch(&r, name, expected, length, text);
            }
            continue;
        }
        if (column == LAPSE_COLUMN_STATUS || column == LAPSE_COLUMN_LISTED_AS) {
            uint32_t value = column == LAPSE_COLUMN_STATUS ? (uint32_t)status.status
                                                           : (uint32_t)status.listed_as;
            const char *got = status_error ? lapse_error_name(status_error)
                                           : lapse_name(lapse__column_kind(column), value);
            if (!same_text(expected, length, got ? got : ""))
                mismatch(&r, name, expected, length, got ? got : "");
            continue;
        }
        if (column == LAPSE_COLUMN_ITEM_RESULTS) {
            /* The per-item part of the decision, as lapse_decide_items()
             * gives it. */
            char text[2048] = "";
            if (!error) {
                lapse_item_result results[LAPSE_ITEMS_MAX];
                size_t count = 0;
                if (lapse_decide_items(policy, &row->subscription, &row->request, results,
                                       LAPSE_ITEMS_MAX, &count, NULL) == LAPSE_OK)
                    lapse_item_results_format(results, count, text, sizeof text);
            }
            if (error ? length > 0 : !same_text(expected, length, text))
                mismatch(&r, name, expected, length, error ? "(no decision)" : text);
            continue;
        }
        if (!lapse_column_is_decision(column) || column == LAPSE_COLUMN_CURRENCY)
            continue;
        if (error) {
            if (length > 0)
                mismatch(&r, name, expected, length, "(no decision)");
            continue;
        }
        lapse_decision_format(&decision, column, actual, sizeof actual);
        bool same = lapse_column_type_of(column) == LAPSE_COLUMN_TYPE_LIST
                        ? same_list(lapse__column_kind(column), expected, length, actual)
                        : same_text(expected, length, actual);
        if (!same)
            mismatch(&r, name, expected, length, actual);
    }
    return r.mismatches;
}
