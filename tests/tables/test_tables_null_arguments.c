/* Every pointer argument of every function of include/lapse/tables.h, NULL
 * (issue #34): LAPSE_ERR_NULL_ARGUMENT with the detail naming that
 * argument, or the harmless behaviour the header documents.  The core's
 * functions: tests/core/test_null_arguments.c. */
#include "testutil.h"

#include "lapse/tables.h"

#include <stdio.h>
#include <string.h>

static lapse_policy policy;
static lapse_subscription subscription;
static lapse_request request;
static lapse_decision decision;
static lapse_table table;
static lapse_row row;
static lapse_column column;
static char line[64], csv[64], buf[4096];
static lapse_error errors[2];
static int32_t lines[2];
static size_t rows, failed;
static lapse_cell cells[1];
static int32_t start_days[1], on_days[1], term_months[1], error_codes[1];
static lapse_array inputs[3], outputs[1];

static void fixture(void)
{
    lapse_policy_default(&policy);
    lapse_error_detail detail;
    strcpy(line, "2025-01-01,12,1,10.00,EUR");
    strcpy(csv, "start,term,billing,price,on\n2025-01-01,12,1,10.00,2025-03-10\n");
    assert_int_equal(lapse_table_header(&table, ',', "on,term,billing,price,currency", 30, &detail),
                     LAPSE_OK);
    char copy[64];
    strcpy(copy, line);
    assert_int_equal(lapse_table_row(&table, copy, strlen(copy), &row, &detail), LAPSE_OK);
    subscription = row.subscription;
    request = row.request;
    cells[0] = (lapse_cell){ LAPSE_COLUMN_ON, "2025-03-10", 10 };
    start_days[0] = test_date("2025-01-01");
    on_days[0] = test_date("2025-03-10");
    term_months[0] = 12;
    inputs[0] = (lapse_array){ LAPSE_COLUMN_ON, LAPSE_ARRAY_TYPE_INT32, on_days, 0, { 0 } };
    inputs[1] = (lapse_array){ LAPSE_COLUMN_TERM, LAPSE_ARRAY_TYPE_INT32, term_months, 0, { 0 } };
    inputs[2] = (lapse_array){ LAPSE_COLUMN_START, LAPSE_ARRAY_TYPE_INT32, start_days, 0, { 0 } };
    outputs[0] = (lapse_array){ LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, error_codes, 4, { 0 } };
}

typedef lapse_error (*null_call)(lapse_error_detail *detail);

#define CALL(name, body)                                \
    static lapse_error name(lapse_error_detail *detail) \
    {                                                   \
        (void)detail;                                   \
        return body;                                    \
    }

CALL(column_lookup_text, lapse_column_lookup(NULL, 2, &column))
CALL(column_lookup_column, lapse_column_lookup("on", 2, NULL))
CALL(inputs_cells, lapse_inputs_parse(NULL, 1, &subscription, &request, detail))
CALL(inputs_cells_none, lapse_inputs_parse(NULL, 0, &subscription, &request, detail))
CALL(inputs_subscription, lapse_inputs_parse(cells, 1, NULL, &request, detail))
CALL(inputs_request, lapse_inputs_parse(cells, 1, &subscription, NULL, detail))
CALL(header_table, lapse_table_header(NULL, ',', "on", 2, detail))
CALL(header_line, lapse_table_header(&table, ',', NULL, 2, detail))
CALL(row_table, lapse_table_row(NULL, line, strlen(line), &row, detail))
CALL(row_line, lapse_table_row(&table, NULL, 10, &row, detail))
CALL(row_row, lapse_table_row(&table, line, strlen(line), NULL, detail))
#define CSV(p, text, d, e, l, capacity, n) \
    lapse_decide_csv(p, text, strlen(csv), d, e, l, capacity, n, detail)
CALL(csv_policy, CSV(NULL, csv, &decision, errors, lines, 1, &rows))
CALL(csv_text, CSV(&policy, NULL, &decision, errors, lines, 1, &rows))
CALL(csv_decisions, CSV(&policy, csv, NULL, errors, lines, 1, &rows))
CALL(csv_errors, CSV(&policy, csv, &decision, NULL, lines, 1, &rows))
CALL(csv_lines, CSV(&policy, csv, &decision, errors, NULL, 1, &rows))
CALL(csv_no_room, CSV(&policy, csv, NULL, NULL, NULL, 0, &rows))
CALL(csv_rows, CSV(&policy, csv, &decision, errors, lines, 1, NULL))
CALL(columns_policy, lapse_decide_columns(NULL, inputs, 3, outputs, 1, 0, 1, &failed, detail))
CALL(columns_inputs, lapse_decide_columns(&policy, NULL, 3, outputs, 1, 0, 1, &failed, detail))
CALL(columns_outputs, lapse_decide_columns(&policy, inputs, 3, NULL, 1, 0, 1, &failed, detail))
CALL(columns_failed, lapse_decide_columns(&policy, inputs, 3, outputs, 1, 0, 1, NULL, detail))

#define NO_DETAIL NULL
#define OK_ROW(call)                      \
    {                                     \
#call, call, LAPSE_OK, NULL, NULL \
    }
#define NULL_ROW(call, name)                                                          \
    {                                                                                 \
#call, call, LAPSE_ERR_NULL_ARGUMENT, name, name ": required pointer is NULL" \
    }

static const struct {
    const char *name;
    null_call call;
    lapse_error expected;
    const char *field, *message;
} cases[] = {
    { "column_lookup_text", column_lookup_text, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "column_lookup_column", column_lookup_column, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "inputs_cells", inputs_cells, LAPSE_ERR_NULL_ARGUMENT, "cells",
      "cells: NULL while count is 1" },
    OK_ROW(inputs_cells_none),
    NULL_ROW(inputs_subscription, "subscription"),
    NULL_ROW(inputs_request, "request"),
    NULL_ROW(header_table, "table"),
    NULL_ROW(header_line, "line"),
    NULL_ROW(row_table, "table"),
    NULL_ROW(row_line, "line"),
    NULL_ROW(row_row, "row"),
    OK_ROW(csv_policy), /* the default policy */
    NULL_ROW(csv_text, "text"),
    { "csv_decisions", csv_decisions, LAPSE_ERR_NULL_ARGUMENT, "decisions",
      "decisions: NULL while capacity is 1" },
    { "csv_errors", csv_errors, LAPSE_ERR_NULL_ARGUMENT, "errors",
      "errors: NULL while capacity is 1" },
    { "csv_lines", csv_lines, LAPSE_ERR_NULL_ARGUMENT, "lines", "lines: NULL while capacity is 1" },
    OK_ROW(csv_no_room), /* counting the rows first */
    NULL_ROW(csv_rows, "rows"),
    OK_ROW(columns_policy),
    { "columns_inputs", columns_inputs, LAPSE_ERR_NULL_ARGUMENT, "inputs",
      "columns: input arrays are NULL while their count is 3" },
    { "columns_outputs", columns_outputs, LAPSE_ERR_NULL_ARGUMENT, "outputs",
      "columns: output arrays are NULL while their count is 1" },
    OK_ROW(columns_failed), /* optional */
};

static void test_every_null_argument(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture();
        lapse_error_detail detail;
        memset(&detail, 0x5a, sizeof detail);
        lapse_error_detail before = detail;
        lapse_error error = cases[i].call(&detail);
        if (error != cases[i].expected)
            fail_msg("%s: %s, expected %s (%s)", cases[i].name, lapse_error_name(error),
                     lapse_error_name(cases[i].expected), error ? detail.message : "");
        if (cases[i].field == NULL) {
            if (memcmp(&detail, &before, sizeof detail) != 0)
                fail_msg("%s: the detail was written", cases[i].name);
            continue;
        }
        if (detail.code != cases[i].expected || strcmp(detail.field, cases[i].field) != 0 ||
            strcmp(detail.message, cases[i].message) != 0)
            fail_msg("%s: detail %s, field '%s', message '%s'; expected field '%s', message '%s'",
                     cases[i].name, lapse_error_name(detail.code), detail.field, detail.message,
                     cases[i].field, cases[i].message);
        fixture();
        assert_int_equal(cases[i].call(NULL), cases[i].expected);
    }
    /* The OK calls of the columns decided their row. */
    fixture();
    assert_int_equal(columns_policy(NULL), LAPSE_OK);
    assert_int_equal(error_codes[0], LAPSE_OK);
    assert_int_equal(failed, 0);
}

/* The writers and the row check take NULL without crashing: no decision is
 * written as empty text (CSV: every field empty, as documented), and the
 * row check counts one mismatch naming the NULL argument. */
static void test_writers_and_row_check(void **state)
{
    (void)state;
    fixture();
    strcpy(buf, "x");
    assert_int_equal(lapse_decision_format(NULL, LAPSE_COLUMN_ALLOWED, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    strcpy(buf, "x");
    assert_int_equal(lapse_decision_json(NULL, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    size_t columns = 0;
    while (lapse_decision_column(columns) != LAPSE_COLUMN_NONE)
        columns++;
    char commas[128] = "";
    for (size_t i = 1; i < columns; i++)
        strcat(commas, ",");
    assert_int_equal(lapse_decision_csv(NULL, buf, sizeof buf), strlen(commas));
    assert_string_equal(buf, commas);
    static const char *const reports[] = { "row: expected '', got 'table is NULL'",
                                           "row: expected '', got 'line is NULL'",
                                           "row: expected '', got 'row is NULL'" };
    for (int which = 0; which < 3; which++) {
        strcpy(buf, "x");
        assert_int_equal(lapse_row_check(NULL, which == 0 ? NULL : &table, which == 1 ? NULL : line,
                                         strlen(line), which == 2 ? NULL : &row, buf, sizeof buf),
                         1);
        assert_string_equal(buf, reports[which]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_null_argument),
        cmocka_unit_test(test_writers_and_row_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
