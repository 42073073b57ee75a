/* src/error.c: the error table and the version. */
#include "testutil.h"

#include "core/fail.h"

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

/* A message of text and %s only is written without vsnprintf: the same
 * bytes, cut the same way at every size, with the field copied as
 * snprintf("%s") would. */
static void test_messages_as_snprintf_writes_them(void **state)
{
    (void)state;
    static const char *const words[] = { "", "a", "2025-01-31", "request date",
                                         "a long phrase that goes on and on and on" };
    lapse_error_detail detail;
    char expected[sizeof detail.message];
    uint64_t rng = 5;
    for (int i = 0; i < 20000; i++) {
        const char *a = words[test_range(&rng, 0, 4)], *b = words[test_range(&rng, 0, 4)];
        /* Long enough at times to be cut: up to twice the message size. */
        char long_text[2 * sizeof detail.message];
        size_t length = (size_t)test_range(&rng, 0, (int64_t)sizeof long_text - 1);
        memset(long_text, 'x', length);
        long_text[length] = '\0';
        const char *c = test_range(&rng, 0, 3) == 0 ? long_text : "";
        memset(&detail, 0x5a, sizeof detail);
        assert_int_equal(lapse__fail(&detail, LAPSE_ERR_ALREADY_ENDED, a,
                                     "request date %s: ended on %s%s", a, b, c),
                         LAPSE_ERR_ALREADY_ENDED);
        /* Its length is used (so the compiler knows the cut is meant). */
        assert_true(
            snprintf(expected, sizeof expected, "request date %s: ended on %s%s", a, b, c) >= 0);
        assert_string_equal(detail.message, expected);
        char field_cut[sizeof detail.field];
        assert_true(snprintf(field_cut, sizeof field_cut, "%s", a) >= 0);
        assert_string_equal(detail.field, field_cut);
        assert_int_equal(detail.code, LAPSE_ERR_ALREADY_ENDED);
        /* Zero past the text, as before: nothing left of what was there. */
        size_t used = strlen(detail.message);
        for (size_t k = used; k < sizeof detail.message; k++)
            assert_int_equal(detail.message[k], 0);
    }
    /* A field longer than its room is cut as snprintf cuts it. */
    char field[2 * LAPSE_FIELD_SIZE];
    memset(field, 'f', sizeof field - 1);
    field[sizeof field - 1] = '\0';
    char cut[LAPSE_FIELD_SIZE];
    assert_true(snprintf(cut, sizeof cut, "%s", field) >= 0);
    (void)lapse__fail(&detail, LAPSE_ERR_MISSING, field, "%s: required", "x");
    assert_string_equal(detail.field, cut);
    assert_string_equal(detail.message, "x: required");
    /* Other conversions still go through vsnprintf. */
    (void)lapse__fail(&detail, LAPSE_ERR_OUT_OF_RANGE, "term", "term %ld: 100%% %s", 7L, "off");
    assert_string_equal(detail.message, "term 7: 100% off");
    (void)lapse__fail(NULL, LAPSE_ERR_OUT_OF_RANGE, "term", "%s", "no detail: no write");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_are_stable),
        cmocka_unit_test(test_every_error_named),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_messages_as_snprintf_writes_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
