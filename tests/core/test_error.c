/* src/error.c: the error table and the version. */
#include "testutil.h"

#include "core/fail.h"
#include "core/text.h"

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

/* Valid UTF-8 (no overlong or surrogate checks needed here: the texts are
 * well formed, only a cut can break them). */
static bool valid_utf8(const char *text, size_t length)
{
    for (size_t i = 0; i < length;) {
        unsigned char c = (unsigned char)text[i];
        size_t need = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
        if (need == 0 || i + need > length)
            return false;
        for (size_t k = 1; k < need; k++)
            if (((unsigned char)text[i + k] & 0xc0) != 0x80)
                return false;
        i += need;
    }
    return true;
}

/* #25 item 5: text the library cuts (a message past its 200 bytes, an
 * explanation or a copy into a small buffer) is cut at a character
 * boundary, at every length: valid UTF-8, a prefix of the whole text, at
 * most 3 bytes shorter than the room, and the whole length still
 * returned as snprintf returns it. */
static void test_messages_cut_at_character_boundaries(void **state)
{
    (void)state;
    static const char name[] = "Zoë Ünïcødé 日本語 🙂 ß€";
    size_t name_length = sizeof name - 1;
    for (size_t room = 0; room <= name_length + 1; room++) {
        size_t cut = lapse__utf8_cut(name, name_length, room);
        assert_true(cut <= room || (room >= name_length && cut == name_length));
        assert_true(room > name_length || room - cut <= 3);
        assert_true(valid_utf8(name, cut));
        char buf[64];
        memset(buf, 0x5a, sizeof buf);
        assert_int_equal(lapse__copy_text(name, name_length, buf, room), name_length);
        if (room > 0) {
            assert_true(valid_utf8(buf, strlen(buf)));
            assert_memory_equal(buf, name, strlen(buf));
            assert_true(strlen(buf) + 4 >= room || strlen(buf) == name_length);
        }
    }
    /* Messages: the name after every length of ASCII, through the %s-only
     * writer and through vsnprintf (a %ld). */
    lapse_error_detail detail;
    for (size_t pad = 0; pad < sizeof detail.message + 8; pad++) {
        char padding[sizeof detail.message + 8];
        memset(padding, 'x', pad);
        padding[pad] = '\0';
        char whole[512];
        assert_true(snprintf(whole, sizeof whole, "%s'%s' and %s", padding, name, name) > 0);
        (void)lapse__fail(&detail, LAPSE_ERR_UNKNOWN_NAME, "name", "%s'%s' and %s", padding, name,
                          name);
        size_t used = strlen(detail.message);
        assert_true(valid_utf8(detail.message, used));
        assert_memory_equal(detail.message, whole, used);
        assert_true(used == strlen(whole) || used + 4 >= sizeof detail.message);
        assert_true(snprintf(whole, sizeof whole, "%s%ld '%s'", padding, 7L, name) > 0);
        (void)lapse__fail(&detail, LAPSE_ERR_UNKNOWN_NAME, "name", "%s%ld '%s'", padding, 7L, name);
        used = strlen(detail.message);
        assert_true(valid_utf8(detail.message, used));
        assert_memory_equal(detail.message, whole, used);
        assert_true(used == strlen(whole) || used + 4 >= sizeof detail.message);
        for (size_t k = used; k < sizeof detail.message; k++)
            assert_int_equal(detail.message[k], 0);
    }
    /* An explanation in Italian (its "è") into every
     * size of buffer. */
    lapse_subscription s;
    lapse_subscription_init(&s);
    s.start = test_date("2025-01-31");
    s.term = 12;
    s.price = 3000;
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-10");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
    static char full[8192], cut_text[8192];
    size_t length = 0;
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "it", full, sizeof full, &length, NULL),
                     LAPSE_OK);
    assert_true(length < sizeof full && !valid_utf8("\xc3", 1));
    size_t multibyte = 0;
    for (size_t i = 0; i < length; i++)
        multibyte += ((unsigned char)full[i] & 0xc0) == 0xc0;
    assert_true(multibyte >= 1); /* "è", which every size cuts through once */
    for (size_t size = 1; size <= length + 1; size++) {
        size_t again = 0;
        assert_int_equal(lapse_explain(NULL, &s, &r, &d, "it", cut_text, size, &again, NULL),
                         LAPSE_OK);
        assert_int_equal(again, length);
        size_t used = strlen(cut_text);
        if (!valid_utf8(cut_text, used))
            fail_msg("explanation cut to %zu bytes ends inside a character", size);
        assert_memory_equal(cut_text, full, used);
        assert_true(used + 4 >= size || used == length);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_are_stable),
        cmocka_unit_test(test_every_error_named),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_messages_as_snprintf_writes_them),
        cmocka_unit_test(test_messages_cut_at_character_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
