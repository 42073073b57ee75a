/* src/money.c: currencies, decimal text, checked arithmetic. */
#include "testutil.h"

#include "core/money.h"

#include <string.h>

static const struct currency_case {
    const char *code;
    lapse_error error;
    int32_t digits;
} currency_cases[] = {
    { "EUR", LAPSE_OK, 2 },
    { "USD", LAPSE_OK, 2 },
    { "JPY", LAPSE_OK, 0 },
    { "KRW", LAPSE_OK, 0 },
    { "BHD", LAPSE_OK, 3 },
    { "KWD", LAPSE_OK, 3 },
    { "OMR", LAPSE_OK, 3 },
    { "JOD", LAPSE_OK, 3 },
    { "TND", LAPSE_OK, 3 },
    { "LYD", LAPSE_OK, 3 },
    { "IQD", LAPSE_OK, 3 },
    { "CLF", LAPSE_OK, 4 },
    { "AED", LAPSE_OK, 2 },
    { "ZWG", LAPSE_OK, 2 },
    { "CHF", LAPSE_OK, 2 },
    { "ISK", LAPSE_OK, 0 },
    { "GBP", LAPSE_OK, 2 },
    { "eur", LAPSE_ERR_CURRENCY_SYNTAX, 0 },
    { "Eur", LAPSE_ERR_CURRENCY_SYNTAX, 0 },
    { "EU", LAPSE_ERR_CURRENCY_SYNTAX, 0 },
    { "EURO", LAPSE_ERR_CURRENCY_SYNTAX, 0 },
    { "", LAPSE_ERR_CURRENCY_SYNTAX, 0 },
    { "E1R", LAPSE_ERR_CURRENCY_SYNTAX, 0 },
    { "EU ", LAPSE_ERR_CURRENCY_SYNTAX, 0 },
    { "ABC", LAPSE_ERR_CURRENCY_UNKNOWN, 0 },
    { "XAU", LAPSE_ERR_CURRENCY_UNKNOWN, 0 },
    { "XXX", LAPSE_ERR_CURRENCY_UNKNOWN, 0 },
    { "AAA", LAPSE_ERR_CURRENCY_UNKNOWN, 0 },
    { "ZZZ", LAPSE_ERR_CURRENCY_UNKNOWN, 0 },
};

static void test_currency_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof currency_cases / sizeof currency_cases[0]; i++) {
        const struct currency_case *c = &currency_cases[i];
        int32_t digits = -1;
        lapse_error error = lapse_currency_digits(c->code, &digits);
        if (error != c->error)
            fail_msg("'%s': got %s, want %s", c->code, lapse_error_name(error),
                     lapse_error_name(c->error));
        assert_int_equal(digits, c->error ? -1 : c->digits);
    }
    assert_int_equal(lapse_currency_digits(NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_currency_digits("EUR", NULL), LAPSE_OK);
}

/* Every three-letter code: exactly the 166 listed are known, whatever the
 * index that finds them; the digits seen sum to a known total. */
static void test_every_code(void **state)
{
    (void)state;
    int known = 0, digit_sum = 0;
    char code[4] = { 0 };
    for (code[0] = 'A'; code[0] <= 'Z'; code[0]++)
        for (code[1] = 'A'; code[1] <= 'Z'; code[1]++)
            for (code[2] = 'A'; code[2] <= 'Z'; code[2]++) {
                int32_t digits;
                lapse_error error = lapse_currency_digits(code, &digits);
                assert_true(error == LAPSE_OK || error == LAPSE_ERR_CURRENCY_UNKNOWN);
                if (error == LAPSE_OK)
                    known++, digit_sum += digits;
            }
    assert_int_equal(known, 166);
    /* 17 with 0 digits, 7 with 3, 2 with 4, the other 140 with 2. */
    assert_int_equal(digit_sum, 17 * 0 + 7 * 3 + 2 * 4 + 140 * 2);
}

/* The fast check of a subscription's currency (lapse__currency_known,
 * validate.c's fast path) is lapse_currency_digits == LAPSE_OK on the
 * four bytes of a struct's currency[4]: over every code of letters (both
 * cases), digits, a space, a NUL and a high byte in each of the four
 * places, and every code of the table with each of those bytes after it
 * instead of its NUL. */
static void test_currency_known_is_the_digits_check(void **state)
{
    (void)state;
    static const char bytes[] = "ABEJKRUZaez09 \x80\xff";
    size_t n = sizeof bytes; /* the NUL too */
    char code[4];
    long known = 0;
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++)
            for (size_t c = 0; c < n; c++)
                for (size_t d = 0; d < n; d++) {
                    code[0] = bytes[a], code[1] = bytes[b], code[2] = bytes[c], code[3] = bytes[d];
                    bool digits = lapse_currency_digits(code, NULL) == LAPSE_OK;
                    if (lapse__currency_known(code) != digits)
                        fail_msg("'%.4s' (%02x %02x %02x %02x): known %d, digits %d", code,
                                 (unsigned char)code[0], (unsigned char)code[1],
                                 (unsigned char)code[2], (unsigned char)code[3],
                                 lapse__currency_known(code), digits);
                    known += digits;
                }
    /* Of these letters EUR, RUB and ZAR are codes, each known with its NUL. */
    assert_int_equal(known, 3);
    for (code[0] = 'A'; code[0] <= 'Z'; code[0]++)
        for (code[1] = 'A'; code[1] <= 'Z'; code[1]++)
            for (code[2] = 'A'; code[2] <= 'Z'; code[2]++)
                for (size_t d = 0; d < n; d++) {
                    code[3] = bytes[d];
                    if (lapse__currency_known(code) !=
                        (lapse_currency_digits(code, NULL) == LAPSE_OK))
                        fail_msg("'%.3s' + %02x: known %d", code, (unsigned char)code[3],
                                 lapse__currency_known(code));
                }
}

static const struct amount_case {
    const char *text, *currency;
    lapse_error error;
    int64_t expected;
    const char *canonical;
} amount_cases[] = {
    { "1234.50", "EUR", LAPSE_OK, 123450, "1234.50" },
    { "1234", "EUR", LAPSE_OK, 123400, "1234.00" },
    { "12.5", "EUR", LAPSE_OK, 1250, "12.50" },
    { "0", "EUR", LAPSE_OK, 0, "0.00" },
    { "0.05", "EUR", LAPSE_OK, 5, "0.05" },
    { "-0.05", "EUR", LAPSE_OK, -5, "-0.05" },
    { "-12", "EUR", LAPSE_OK, -1200, "-12.00" },
    { "007", "EUR", LAPSE_OK, 700, "7.00" },
    { "1234", "JPY", LAPSE_OK, 1234, "1234" },
    { "1.234", "KWD", LAPSE_OK, 1234, "1.234" },
    { "1.5", "KWD", LAPSE_OK, 1500, "1.500" },
    { "0.0001", "CLF", LAPSE_OK, 1, "0.0001" },
    { "92233720368547758.07", "EUR", LAPSE_OK, INT64_MAX, "92233720368547758.07" },
    { "-92233720368547758.08", "EUR", LAPSE_OK, INT64_MIN, "-92233720368547758.08" },
    { "9223372036854775807", "JPY", LAPSE_OK, INT64_MAX, "9223372036854775807" },
    { "-9223372036854775808", "JPY", LAPSE_OK, INT64_MIN, "-9223372036854775808" },
    { "92233720368547758.08", "EUR", LAPSE_ERR_AMOUNT_RANGE, 0, NULL },
    { "9223372036854775808", "JPY", LAPSE_ERR_AMOUNT_RANGE, 0, NULL },
    { "92233720368547758", "EUR", LAPSE_OK, 9223372036854775800, "92233720368547758.00" },
    { "92233720368547759", "EUR", LAPSE_ERR_AMOUNT_RANGE, 0, NULL },
    { "99999999999999999999999", "EUR", LAPSE_ERR_AMOUNT_RANGE, 0, NULL },
    { "1.234", "EUR", LAPSE_ERR_AMOUNT_PRECISION, 0, NULL },
    { "1.0", "JPY", LAPSE_ERR_AMOUNT_PRECISION, 0, NULL },
    { "1.00000", "CLF", LAPSE_ERR_AMOUNT_PRECISION, 0, NULL },
    { "+12", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "12-", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "--12", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "1,234.50", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "12,50", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { " 12", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "12 ", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "12.", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { ".5", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "-", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "1e3", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "12.5.0", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "EUR 12", "EUR", LAPSE_ERR_AMOUNT_SYNTAX, 0, NULL },
    { "12", "eur", LAPSE_ERR_CURRENCY_SYNTAX, 0, NULL },
    { "12", "ABC", LAPSE_ERR_CURRENCY_UNKNOWN, 0, NULL },
};

static void test_amount_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof amount_cases / sizeof amount_cases[0]; i++) {
        const struct amount_case *c = &amount_cases[i];
        int64_t value = 31337;
        lapse_error error = lapse_amount_parse(c->text, c->currency, &value);
        if (error != c->error)
            fail_msg("'%s' %s: got %s, want %s", c->text, c->currency, lapse_error_name(error),
                     lapse_error_name(c->error));
        if (c->error) {
            assert_int_equal(value, 31337);
            continue;
        }
        assert_int_equal(value, c->expected);
        char buf[LAPSE_AMOUNT_TEXT_SIZE];
        size_t length = lapse_amount_format(value, c->currency, buf, sizeof buf);
        assert_string_equal(buf, c->canonical);
        assert_int_equal(length, strlen(c->canonical));
    }
}

static void test_amount_format_edges(void **state)
{
    (void)state;
    char buf[LAPSE_AMOUNT_TEXT_SIZE];
    assert_int_equal(lapse_amount_format(INT64_MIN, "JPY", buf, sizeof buf), 20);
    assert_string_equal(buf, "-9223372036854775808");
    assert_int_equal(lapse_amount_format(INT64_MIN, "CLF", buf, sizeof buf), 21);
    assert_string_equal(buf, "-922337203685477.5808");
    assert_int_equal(lapse_amount_format(-1, "CLF", buf, sizeof buf), 7);
    assert_string_equal(buf, "-0.0001");
    assert_int_equal(lapse_amount_format(123450, "EUR", buf, 4), 7);
    assert_string_equal(buf, "123");
    assert_int_equal(lapse_amount_format(123450, "EUR", NULL, 0), 7);
    assert_int_equal(lapse_amount_format(123450, "ABC", buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(lapse_amount_format(1, NULL, buf, sizeof buf), 0);
}

static void test_amount_parse_n(void **state)
{
    (void)state;
    int64_t value;
    assert_int_equal(lapse_amount_parse_n("12.50;x", 5, "EUR", &value), LAPSE_OK);
    assert_int_equal(value, 1250);
    assert_int_equal(lapse_amount_parse_n("12.50", 0, "EUR", &value), LAPSE_ERR_AMOUNT_SYNTAX);
    /* The byte after the length is never read, a '.' there included: "12"
     * of "12.5" is 12.00, not a syntax error nor 12.50. */
    assert_int_equal(lapse_amount_parse_n("12.5", 2, "EUR", &value), LAPSE_OK);
    assert_int_equal(value, 1200);
    assert_int_equal(lapse_amount_parse_n("12.50", 3, "EUR", &value), LAPSE_ERR_AMOUNT_SYNTAX);
    assert_int_equal(lapse_amount_parse(NULL, "EUR", &value), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_amount_parse("1", "EUR", NULL), LAPSE_ERR_NULL_ARGUMENT);
}

static const struct arithmetic_case {
    int64_t a, b;
    lapse_error add_error, mul_error;
    int64_t sum, product;
} arithmetic_cases[] = {
    { 2000, 3, LAPSE_OK, LAPSE_OK, 2003, 6000 },
    { INT64_MAX, 0, LAPSE_OK, LAPSE_OK, INT64_MAX, 0 },
    { INT64_MAX, 1, LAPSE_ERR_AMOUNT_RANGE, LAPSE_OK, 0, INT64_MAX },
    { INT64_MAX, 2, LAPSE_ERR_AMOUNT_RANGE, LAPSE_ERR_AMOUNT_RANGE, 0, 0 },
    { INT64_MIN, -1, LAPSE_ERR_AMOUNT_RANGE, LAPSE_ERR_AMOUNT_RANGE, 0, 0 },
    { INT64_MIN, 1, LAPSE_OK, LAPSE_OK, INT64_MIN + 1, INT64_MIN },
    { -1, INT64_MIN, LAPSE_ERR_AMOUNT_RANGE, LAPSE_ERR_AMOUNT_RANGE, 0, 0 },
    { 4611686018427387904, 2, LAPSE_OK, LAPSE_ERR_AMOUNT_RANGE, 4611686018427387906, 0 },
    { 4611686018427387903, 2, LAPSE_OK, LAPSE_OK, 4611686018427387905, INT64_MAX - 1 },
    { -4611686018427387904, 2, LAPSE_OK, LAPSE_OK, -4611686018427387902, INT64_MIN },
    { -3037000500, -3037000500, LAPSE_OK, LAPSE_ERR_AMOUNT_RANGE, -6074001000, 0 },
    { 3037000499, 3037000499, LAPSE_OK, LAPSE_OK, 6074000998, 9223372030926249001 },
};

static void test_checked_arithmetic(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof arithmetic_cases / sizeof arithmetic_cases[0]; i++) {
        const struct arithmetic_case *c = &arithmetic_cases[i];
        int64_t out = 99;
        assert_int_equal(lapse_amount_add(c->a, c->b, &out), c->add_error);
        assert_int_equal(out, c->add_error ? 99 : c->sum);
        out = 99;
        assert_int_equal(lapse_amount_mul(c->a, c->b, &out), c->mul_error);
        assert_int_equal(out, c->mul_error ? 99 : c->product);
        /* Both operations are symmetric. */
        assert_int_equal(lapse_amount_mul(c->b, c->a, &out), c->mul_error);
    }
    assert_int_equal(lapse_amount_add(1, 1, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_amount_mul(1, 1, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

/* Property: formatting then parsing gives the amount back, in every currency
 * precision. */
static void test_amount_round_trip(void **state)
{
    (void)state;
    static const char *const codes[] = { "JPY", "EUR", "KWD", "CLF" };
    uint64_t rng = 7;
    for (int i = 0; i < 200000; i++) {
        int64_t amount = (int64_t)test_next(&rng) >> (test_next(&rng) % 64);
        const char *code = codes[i % 4];
        char buf[LAPSE_AMOUNT_TEXT_SIZE];
        lapse_amount_format(amount, code, buf, sizeof buf);
        int64_t back;
        assert_int_equal(lapse_amount_parse(buf, code, &back), LAPSE_OK);
        assert_int_equal(back, amount);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_currency_table),
        cmocka_unit_test(test_every_code),
        cmocka_unit_test(test_amount_table),
        cmocka_unit_test(test_amount_format_edges),
        cmocka_unit_test(test_amount_parse_n),
        cmocka_unit_test(test_checked_arithmetic),
        cmocka_unit_test(test_amount_round_trip),
        cmocka_unit_test(test_currency_known_is_the_digits_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
