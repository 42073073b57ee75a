/* The tables layer under hostile input: NULL pointers, and table and row
 * structs that lapse did not fill. */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "lapse/tables.h"

static void test_null_pointers(void **state)
{
    (void)state;
    assert_int_equal(lapse_inputs_parse(NULL, 0, NULL, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_table_header(NULL, ',', "start", 5, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_table_row(NULL, NULL, 0, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_row_check(NULL, NULL, NULL, 0, NULL, NULL, 0), 1);
    assert_int_equal(lapse_column_lookup(NULL, 0, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_decision_format(NULL, LAPSE_COLUMN_ALLOWED, NULL, 0), 0);
    assert_int_equal(lapse_decide_csv(NULL, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL),
                     LAPSE_ERR_NULL_ARGUMENT);
}

/* A good table and row to spoil, field by field. */
static void good_row(lapse_table *table, char *line, size_t size, lapse_row *row)
{
    static const char header[] = "start\ton\troles\teffective_end";
    assert_int_equal(lapse_table_header(table, '\t', header, sizeof header - 1, NULL), LAPSE_OK);
    snprintf(line, size, "2025-01-31\t2025-03-10\tbilling_admin\t2025-03-31");
    assert_int_equal(lapse_table_row(table, line, strlen(line), row, NULL), LAPSE_OK);
}

static void expect_invalid_table(const lapse_table *table, const char *message)
{
    char line[] = "2025-01-31\t2025-03-10";
    lapse_row row;
    lapse_error_detail detail;
    assert_int_equal(lapse_table_row(table, line, strlen(line), &row, &detail),
                     LAPSE_ERR_TABLE_INVALID);
    assert_string_equal(detail.field, "table");
    assert_string_equal(detail.message, message);
    assert_string_equal(lapse_error_name(LAPSE_ERR_TABLE_INVALID), "table_invalid");
}

/* Table structs are checked like every other struct: a named error, never
 * a read past an array. */
static void test_hostile_tables(void **state)
{
    (void)state;
    lapse_table table, spoilt;
    lapse_row row;
    char line[128];
    good_row(&table, line, sizeof line, &row);
    /* The count's bounds are exactly 0..LAPSE_TABLE_MAX_COLUMNS (256): one
     * more is refused as a count; the most is taken as a count, and the
     * columns past the header's four (zero) are then refused one by one. */
    assert_int_equal(LAPSE_TABLE_MAX_COLUMNS, 256);
    spoilt = table, spoilt.count = LAPSE_TABLE_MAX_COLUMNS + 1;
    expect_invalid_table(&spoilt, "table: column count 257 (fill it with lapse_table_header)");
    spoilt = table, spoilt.count = INT32_MAX;
    expect_invalid_table(&spoilt,
                         "table: column count 2147483647 (fill it with lapse_table_header)");
    spoilt = table, spoilt.count = LAPSE_TABLE_MAX_COLUMNS;
    expect_invalid_table(&spoilt, "table: column 0 (fill it with lapse_table_header)");
    spoilt = table, spoilt.count = LAPSE_TABLE_MAX_COLUMNS;
    for (int c = 4; c < LAPSE_TABLE_MAX_COLUMNS; c++)
        spoilt.columns[c] = LAPSE_COLUMN_NOTE;
    expect_invalid_table(&spoilt, "table: column 39 (fill it with lapse_table_header)");
    spoilt = table, spoilt.count = -1;
    expect_invalid_table(&spoilt, "table: column count -1 (fill it with lapse_table_header)");
    spoilt = table, spoilt.columns[1] = LAPSE_COLUMN_NONE;
    expect_invalid_table(&spoilt, "table: column 0 (fill it with lapse_table_header)");
    spoilt = table, spoilt.columns[1] = (lapse_column)1000;
    expect_invalid_table(&spoilt, "table: column 1000 (fill it with lapse_table_header)");
    spoilt = table, spoilt.columns[1] = spoilt.columns[0];
    expect_invalid_table(&spoilt, "table: column 1 (fill it with lapse_table_header)");
    spoilt = table, spoilt.separator = ';';
    expect_invalid_table(&spoilt, "table: separator 59 (fill it with lapse_table_header)");
    spoilt = table, spoilt.reserved[2] = 1;
    expect_invalid_table(&spoilt, "table: reserved word 2 (fill it with lapse_table_header)");
    memset(&spoilt, 0, sizeof spoilt); /* a zeroed table is the empty table */
    spoilt.separator = ',';
    char empty[] = "x";
    assert_int_equal(lapse_table_row(&spoilt, empty, 1, &row, NULL), LAPSE_ERR_COLUMN_COUNT);

    /* lapse_row_check: a spoilt table or row is one mismatch saying so. */
    good_row(&table, line, sizeof line, &row);
    size_t length = strlen(line);
    char report[256];
    assert_int_equal(lapse_row_check(NULL, &table, line, length, &row, report, sizeof report), 0);
    static const struct {
        const char *what;
        int field;
        uint32_t value;
        const char *report;
    } rows[] = {
        { "count", 0, 100, "row: expected '', got 'a row lapse_table_row did not fill'" },
        { "offset", 1, 1u << 31, "row: expected '', got 'a row whose fields lie past the line'" },
        { "length", 2, UINT32_MAX, "row: expected '', got 'a row whose fields lie past the line'" },
        { "has_policy", 3, 7, "row: expected '', got 'a row lapse_table_row did not fill'" },
        { "reserved", 4, 1, "row: expected '', got 'a row with non-zero reserved space'" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        lapse_row bad = row;
        switch (rows[i].field) {
        case 0: bad.count = (int32_t)rows[i].value; break;
        case 1: bad.offset[3] = rows[i].value; break;
        case 2: bad.length[0] = rows[i].value; break;
        case 3: bad.has_policy = (int32_t)rows[i].value; break;
        default: bad.reserved[0] = rows[i].value; break;
        }
        assert_int_equal(lapse_row_check(NULL, &table, line, length, &bad, report, sizeof report),
                         1);
        assert_string_equal(report, rows[i].report);
    }
    /* The line given shorter than the row's fields. */
    assert_int_equal(lapse_row_check(NULL, &table, line, 5, &row, report, sizeof report), 1);
    spoilt = table, spoilt.count = LAPSE_TABLE_MAX_COLUMNS + 1;
    assert_int_equal(lapse_row_check(NULL, &spoilt, line, length, &row, report, sizeof report), 1);
    assert_string_equal(report, "row: expected '', got 'a table lapse_table_header did not fill'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_pointers),
        cmocka_unit_test(test_hostile_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
