/* lapse_decide_csv: every row of a CSV text decided in one call, bad rows
 * reported in place, the header's error named. */
#include <string.h>

#include "testutil.h"
#include "lapse/tables.h"

static lapse_decision decisions[8];
static lapse_error errors[8];

static void test_csv_buffer(void **state)
{
    (void)state;
    char text[] = "start,price,on,roles\r\n"
                  "2025-01-31,20.00,2025-03-10,billing_admin\r\n"
                  "\n"
                  "2025-01-31,x,2025-03-10,\n"
                  "2025-01-31,\"20.00\",2025-03-10,\"billing_admin;product_admin\"";
    int32_t lines[8];
    size_t rows = 0;
    assert_int_equal(
        lapse_decide_csv(NULL, text, strlen(text), decisions, errors, lines, 8, &rows, NULL),
        LAPSE_OK);
    assert_int_equal(rows, 4);
    assert_int_equal(errors[0], LAPSE_OK);
    assert_int_equal(decisions[0].remaining_term_charge, 2000);
    assert_int_equal(decisions[0].effective_end, test_date("2025-03-31"));
    assert_int_equal(errors[1], LAPSE_ERR_COLUMN_COUNT); /* the blank line */
    assert_int_equal(errors[2], LAPSE_ERR_AMOUNT_SYNTAX);
    assert_int_equal(errors[3], LAPSE_OK);
    assert_int_equal(decisions[3].allowed, 1);
    assert_int_equal(lines[0], 2);
    assert_int_equal(lines[1], 3);
    assert_int_equal(lines[3], 5);

    /* A short capacity still counts every row; a trailing newline is not a row. */
    char counted[] = "start,on\n2025-01-01,2025-01-02\n2025-01-01,2025-01-03\n";
    assert_int_equal(
        lapse_decide_csv(NULL, counted, strlen(counted), decisions, errors, lines, 1, &rows, NULL),
        LAPSE_OK);
    assert_int_equal(rows, 2);
    assert_int_equal(
        lapse_decide_csv(NULL, counted, strlen(counted), NULL, NULL, NULL, 0, &rows, NULL),
        LAPSE_OK);
    assert_int_equal(rows, 2);

    char header[] = "start,colour\n2025-01-01,red\n";
    lapse_error_detail detail;
    assert_int_equal(
        lapse_decide_csv(NULL, header, strlen(header), decisions, errors, lines, 8, &rows, &detail),
        LAPSE_ERR_UNKNOWN_COLUMN);
    assert_int_equal(detail.line, 1);
    assert_int_equal(detail.column, 2);
    assert_int_equal(rows, 0);
    assert_int_equal(lapse_decide_csv(NULL, header, 0, NULL, NULL, NULL, 0, &rows, &detail),
                     LAPSE_ERR_UNKNOWN_COLUMN); /* an empty header names no column */
    assert_int_equal(lapse_decide_csv(NULL, NULL, 0, NULL, NULL, NULL, 0, &rows, NULL),
                     LAPSE_ERR_NULL_ARGUMENT);
}

/* RFC 4180 records as PostgreSQL's COPY ... CSV writes them: a quoted field
 * spans lines, a row's line is its record's first; a quote open at the end
 * closes nothing. */
static void test_csv_quoted_newlines(void **state)
{
    (void)state;
    char text[] = "\xef\xbb\xbfstart,price,on,roles,policy\n"
                  "2025-01-31,20.00,2025-03-10,billing_admin,\"timing = immediate\n"
                  "refund = prorated\"\n"
                  "2025-01-31,20.00,2025-03-10,billing_admin,\n"
                  "2025-01-31,20.00,2025-03-10,billing_admin,\"# \"\"a\"\", b\r\n"
                  "\n"
                  "timing = end_of_term\"\r\n"
                  "2025-01-31,20.00,2025-03-10,billing_admin,\"timing = x\n"
                  "2025-01-31,20.00,2025-03-10,billing_admin,";
    int32_t lines[8];
    size_t rows = 0;
    assert_int_equal(
        lapse_decide_csv(NULL, text, strlen(text), decisions, errors, lines, 8, &rows, NULL),
        LAPSE_OK);
    assert_int_equal(rows, 5);
    assert_int_equal(errors[0], LAPSE_OK);
    assert_int_equal(lines[0], 2);
    assert_int_equal(decisions[0].effective_end, test_date("2025-03-11"));
    assert_int_equal(decisions[0].refund, 1290);
    assert_int_equal(errors[1], LAPSE_OK);
    assert_int_equal(lines[1], 4);
    assert_int_equal(errors[2], LAPSE_OK);
    assert_int_equal(lines[2], 5);
    assert_int_equal(decisions[2].effective_end, test_date("2025-03-31"));
    assert_int_equal(errors[3], LAPSE_ERR_CSV_SYNTAX); /* never closed: its line alone */
    assert_int_equal(lines[3], 8);
    assert_int_equal(errors[4], LAPSE_OK);
    assert_int_equal(lines[4], 9);
}

/* Lines that end in a lone CR are one header line: an error that says so. */
static void test_csv_lone_cr(void **state)
{
    (void)state;
    char text[] = "start,on\r2025-01-01,2025-01-02\r";
    size_t rows = 0;
    lapse_error_detail detail;
    assert_int_equal(
        lapse_decide_csv(NULL, text, strlen(text), NULL, NULL, NULL, 0, &rows, &detail),
        LAPSE_ERR_CSV_SYNTAX);
    assert_string_equal(detail.message,
                        "a carriage return inside the header line (lines that end in a lone CR "
                        "are not read: end them with '\\n' or '\\r\\n')");
}

/* The record rule, exported for readers that find records themselves (the
 * tool's --jobs chunks): a quote opens a field only at its start. */
static void test_csv_line_open(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int open, ends_open;
    } cases[] = {
        { "2025-01-01,2025-02-01,immediate", 0, 0 },
        { "2025-01-01,\"timing = immediate;", 0, 1 },
        { "refund = prorated\",2025-02-01", 1, 0 },
        { "still inside", 1, 1 },
        { "a\"b,c", 0, 0 },             /* a quote inside an unquoted field */
        { "\"a \"\" quote\",b", 0, 0 }, /* "" is a quote in the field */
        { "\"a \"\" quote", 0, 1 },
        { "", 1, 1 },
        { "", 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(lapse_csv_line_open(cases[i].line, strlen(cases[i].line), cases[i].open),
                         cases[i].ends_open);
    assert_int_equal(lapse_csv_line_open(NULL, 0, 1), 0);
}

/* A zone column: the caller's to load, refused here (its rows would be
 * read in the instant's own offset, silently not the zone's). */
static void test_csv_zone_refused(void **state)
{
    (void)state;
    char text[] = "start,term,requested_at,zone\n2025-01-01,12,2025-12-03T07:30:00Z,UTC\n";
    int32_t lines[8];
    size_t rows = 9;
    lapse_error_detail detail;
    assert_int_equal(
        lapse_decide_csv(NULL, text, strlen(text), decisions, errors, lines, 8, &rows, &detail),
        LAPSE_ERR_VALUE_SYNTAX);
    assert_int_equal(rows, 0);
    assert_string_equal(detail.field, "zone");
    assert_int_equal(detail.line, 1);
    assert_int_equal(detail.column, 4);
    assert_string_equal(detail.message,
                        "column 4 zone: lapse_decide_csv reads no time zones (lapse batch does)");
    /* requested_at alone: its own offset, 2025-12-03. */
    char alone[] = "start,term,requested_at\n2025-01-01,12,2025-12-02T23:30:00-08:00\n";
    assert_int_equal(
        lapse_decide_csv(NULL, alone, strlen(alone), decisions, errors, lines, 8, &rows, &detail),
        LAPSE_OK);
    assert_int_equal(rows, 1);
    assert_int_equal(errors[0], LAPSE_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_buffer),       cmocka_unit_test(test_csv_quoted_newlines),
        cmocka_unit_test(test_csv_lone_cr),      cmocka_unit_test(test_csv_line_open),
        cmocka_unit_test(test_csv_zone_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
