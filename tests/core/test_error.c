/* src/error.c: the error table and the version. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

static void test_names_are_stable(void **state)
{
    (void)state;
    assert_int_equal(LAPSE_OK, 0);
    assert_string_equal(lapse_error_name(LAPSE_OK), "ok");
    assert_string_equal(lapse_error_name(LAPSE_ERR_DATE_INVALID), "date_invalid");
    assert_string_equal(lapse_strerror(LAPSE_ERR_DATE_INVALID), "not a calendar date");
    assert_string_equal(lapse_error_name(LAPSE_ERR_AMOUNT_RANGE), "amount_range");
    assert_string_equal(lapse_error_name(LAPSE_ERROR_COUNT), "unknown");
    assert_string_equal(lapse_error_name((lapse_error)-1), "unknown");
    assert_string_equal(lapse_strerror((lapse_error)9999), "unknown error");
}

/* Every error has a distinct lower_snake_case name and a non-empty text. */
static void test_every_error_named(void **state)
{
    (void)state;
    for (int i = 0; i < LAPSE_ERROR_COUNT; i++) {
        const char *name = lapse_error_name((lapse_error)i);
        assert_true(name[0] != '\0');
        for (const char *p = name; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
        assert_true(lapse_strerror((lapse_error)i)[0] != '\0');
        for (int j = 0; j < i; j++)
            assert_string_not_equal(name, lapse_error_name((lapse_error)j));
    }
}

static void test_version(void **state)
{
    (void)state;
    assert_string_equal(lapse_version(), LAPSE_VERSION_STRING);
    assert_int_equal(lapse_version_number(), LAPSE_VERSION_NUMBER);
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", LAPSE_VERSION_MAJOR, LAPSE_VERSION_MINOR,
             LAPSE_VERSION_PATCH);
    assert_string_equal(lapse_version(), expected);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_are_stable),
        cmocka_unit_test(test_every_error_named),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
