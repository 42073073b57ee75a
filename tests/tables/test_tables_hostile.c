/* The tables layer under hostile input: NULL pointers, and table and row
 * structs that lapse did not fill. */
#include <string.h>

#include "testutil.h"
#include "lapse/tables.h"

static void test_null_pointers(void **state)
{
    (void)state;
    assert_int_equal(lapse_inputs_parse(NULL, 0, NULL, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_table_header(NULL, ',', "start", 5, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_table_row(NULL, NULL, 0, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_row_check(NULL, NULL, NULL, NULL, NULL, 0), 1);
    assert_int_equal(lapse_column_lookup(NULL, 0, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_decision_format(NULL, LAPSE_COLUMN_ALLOWED, NULL, 0), 0);
    assert_int_equal(lapse_decide_csv(NULL, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL),
                     LAPSE_ERR_NULL_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_pointers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
