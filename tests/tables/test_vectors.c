/*
 * The vectors files, each checked column by column: cancel.tsv (the worked
 * examples E1-E8 of docs/rules.md and the cases derived from it, default policy)
 * and policies.tsv (policies beyond the default); killbill.tsv, lago.tsv and
 * erpnext.tsv (the engines' own tests, #29); trials.tsv (free trials);
 * pauses.tsv (pauses, #31 item 3).
 *   test_vectors FILE...
 */
#include "vectors.h"

static const char *vectors_path;
static char **vector_files;
static int vector_file_count;

static void check_case(const lapse_table *table, char *line, size_t length, const lapse_row *row,
                       int line_number, void *context)
{
    int *failures = context;
    char report[2048];
    if (lapse_row_check(NULL, table, line, length, row, report, sizeof report) != 0) {
        print_error("%s:%d: %s\n", vectors_path, line_number, report);
        (*failures)++;
    }
}

static void test_every_vector_holds(void **state)
{
    (void)state;
    int failures = 0;
    for (int i = 0; i < vector_file_count; i++) {
        vectors_path = vector_files[i];
        int cases = read_vectors(vectors_path, check_case, &failures);
        /* E1-E8 and 40 more; 60 policy cases; every example of items (#28), 12 with a pause;
         * the engines' files (#29) fewer, never none; 20 of trials; the money
         * ones (#30); 51 of intro prices (24 with a pause); 42 of pauses. */
        bool engine = strstr(vectors_path, "killbill.tsv") || strstr(vectors_path, "lago.tsv") ||
                      strstr(vectors_path, "erpnext.tsv");
        assert_true(cases >= (engine                               ? 1
                              : strstr(vectors_path, "items.tsv")  ? 31
                              : strstr(vectors_path, "trials.tsv") ? 20
                              : strstr(vectors_path, "money.tsv")  ? 10
                              : strstr(vectors_path, "intros.tsv") ? 51
                              : strstr(vectors_path, "pauses.tsv") ? 42
                                                                   : 48));
    }
    assert_int_equal(failures, 0);
}

/* A wrong expectation is reported, so the check above can fail. */
static void test_a_wrong_expectation_is_reported(void **state)
{
    (void)state;
    lapse_table table;
    static const char header[] =
        "start\ton\troles\tprice\teffective_end\tremaining_term_charge\tstatus";
    assert_int_equal(lapse_table_header(&table, '\t', header, sizeof header - 1, NULL), LAPSE_OK);
    char line[] = "2025-01-31\t2025-03-10\tbilling_admin\t20.00\t2025-03-30\t2000\texpired";
    lapse_row row;
    assert_int_equal(lapse_table_row(&table, line, strlen(line), &row, NULL), LAPSE_OK);
    char report[512];
    assert_int_equal(lapse_row_check(NULL, &table, line, strlen(line), &row, report, sizeof report),
                     2);
    assert_string_equal(report, "effective_end: expected '2025-03-30', got '2025-03-31'; "
                                "status: expected 'expired', got 'active'");
}

int main(int argc, char **argv)
{
    static char *defaults[] = { "tests/vectors/cancel.tsv", "tests/vectors/policies.tsv",
                                "tests/vectors/items.tsv",  "tests/vectors/trials.tsv",
                                "tests/vectors/money.tsv",  "tests/vectors/intros.tsv",
                                "tests/vectors/pauses.tsv" };
    vector_files = argc > 1 ? argv + 1 : defaults;
    vector_file_count = argc > 1 ? argc - 1 : (int)(sizeof defaults / sizeof defaults[0]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_vector_holds),
        cmocka_unit_test(test_a_wrong_expectation_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
