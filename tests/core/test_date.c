/* src/date.c: conversions, strict text, month arithmetic. */
#include "testutil.h"

#include "core/calendar.h"

#include <stdio.h>
#include <string.h>

static void test_epoch_and_limits(void **state)
{
    (void)state;
    lapse_date d;
    assert_int_equal(lapse_date_from_ymd(1970, 1, 1, &d), LAPSE_OK);
    assert_int_equal(d, 0);
    assert_int_equal(lapse_date_from_ymd(1, 1, 1, &d), LAPSE_OK);
    assert_int_equal(d, LAPSE_DATE_MIN);
    assert_int_equal(d, -719162);
    assert_int_equal(lapse_date_from_ymd(9999, 12, 31, &d), LAPSE_OK);
    assert_int_equal(d, LAPSE_DATE_MAX);
    assert_int_equal(d, 2932896);
    assert_int_equal(lapse_date_min(), LAPSE_DATE_MIN);
    assert_int_equal(lapse_date_max(), LAPSE_DATE_MAX);
    assert_int_equal(lapse_date_none(), INT32_MIN);
}

static const struct ymd_case {
    int32_t y, m, d;
    lapse_error error;
    lapse_date expected;
} ymd_cases[] = {
    { 2000, 3, 1, LAPSE_OK, 11017 },
    { 2024, 2, 29, LAPSE_OK, 19782 },
    { 2025, 1, 31, LAPSE_OK, 20119 },
    { 1969, 12, 31, LAPSE_OK, -1 },
    { 1600, 2, 29, LAPSE_OK, -135081 },
    { 2025, 2, 29, LAPSE_ERR_DATE_INVALID, 0 },
    { 1900, 2, 29, LAPSE_ERR_DATE_INVALID, 0 },
    { 2100, 2, 29, LAPSE_ERR_DATE_INVALID, 0 },
    { 2025, 4, 31, LAPSE_ERR_DATE_INVALID, 0 },
    { 2025, 0, 1, LAPSE_ERR_DATE_INVALID, 0 },
    { 2025, 13, 1, LAPSE_ERR_DATE_INVALID, 0 },
    { 2025, 1, 0, LAPSE_ERR_DATE_INVALID, 0 },
    { 2025, 1, 32, LAPSE_ERR_DATE_INVALID, 0 },
    { 0, 12, 31, LAPSE_ERR_DATE_RANGE, 0 },
    { 10000, 1, 1, LAPSE_ERR_DATE_RANGE, 0 },
    { -5, 1, 1, LAPSE_ERR_DATE_RANGE, 0 },
    { INT32_MAX, 1, 1, LAPSE_ERR_DATE_RANGE, 0 },
    { INT32_MIN, 1, 1, LAPSE_ERR_DATE_RANGE, 0 },
};

static void test_from_ymd_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ymd_cases / sizeof ymd_cases[0]; i++) {
        const struct ymd_case *c = &ymd_cases[i];
        lapse_date d = 12345;
        assert_int_equal(lapse_date_from_ymd(c->y, c->m, c->d, &d), c->error);
        assert_int_equal(d, c->error ? 12345 : c->expected);
    }
    assert_int_equal(lapse_date_from_ymd(2025, 1, 1, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

static const struct parse_case {
    const char *text;
    lapse_error error;
    const char *canonical; /* the text formatted back, when valid */
} parse_cases[] = {
    { "2025-03-10", LAPSE_OK, "2025-03-10" },
    { "0001-01-01", LAPSE_OK, "0001-01-01" },
    { "9999-12-31", LAPSE_OK, "9999-12-31" },
    { "2024-02-29", LAPSE_OK, "2024-02-29" },
    { "2000-02-29", LAPSE_OK, "2000-02-29" },
    { "2025-02-30", LAPSE_ERR_DATE_INVALID, NULL },
    { "2025-02-29", LAPSE_ERR_DATE_INVALID, NULL },
    { "1900-02-29", LAPSE_ERR_DATE_INVALID, NULL },
    { "2025-00-10", LAPSE_ERR_DATE_INVALID, NULL },
    { "2025-13-10", LAPSE_ERR_DATE_INVALID, NULL },
    { "2025-01-00", LAPSE_ERR_DATE_INVALID, NULL },
    { "0000-01-01", LAPSE_ERR_DATE_RANGE, NULL },
    { "2025-2-3", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "2025-02-3", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "2025-02-03 ", LAPSE_ERR_DATE_SYNTAX, NULL },
    { " 2025-02-03", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "2025-02-03T00:00", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "2025/02/03", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "20250203", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "+025-02-03", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "-025-02-03", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "10000-01-01", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "2025-0a-03", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "", LAPSE_ERR_DATE_SYNTAX, NULL },
    { "2025-03-1\xff", LAPSE_ERR_DATE_SYNTAX, NULL },
};

static void test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const struct parse_case *c = &parse_cases[i];
        lapse_date d = 777;
        lapse_error error = lapse_date_parse(c->text, &d);
        if (error != c->error)
            fail_msg("%s: got %s, want %s", c->text, lapse_error_name(error),
                     lapse_error_name(c->error));
        if (c->canonical) {
            char buf[LAPSE_DATE_TEXT_SIZE];
            assert_int_equal(lapse_date_format(d, buf, sizeof buf), 10);
            assert_string_equal(buf, c->canonical);
        } else {
            assert_int_equal(d, 777);
        }
    }
    lapse_date d;
    assert_int_equal(lapse_date_parse(NULL, &d), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_date_parse("2025-01-01", NULL), LAPSE_ERR_NULL_ARGUMENT);
    /* The length-bounded form stops where it is told to. */
    assert_int_equal(lapse_date_parse_n("2025-01-01,x", 10, &d), LAPSE_OK);
    assert_int_equal(d, test_date("2025-01-01"));
    assert_int_equal(lapse_date_parse_n("2025-01-01", 9, &d), LAPSE_ERR_DATE_SYNTAX);
}

static void test_format_snprintf_rules(void **state)
{
    (void)state;
    char buf[LAPSE_DATE_TEXT_SIZE];
    lapse_date d = test_date("2025-03-10");
    assert_int_equal(lapse_date_format(d, NULL, 0), 10);
    memset(buf, 'x', sizeof buf);
    assert_int_equal(lapse_date_format(d, buf, 5), 10);
    assert_string_equal(buf, "2025");
    assert_int_equal(lapse_date_format(d, buf, 1), 10);
    assert_string_equal(buf, "");
    assert_int_equal(lapse_date_format(LAPSE_DATE_NONE, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(lapse_date_format(LAPSE_DATE_MAX + 1, buf, sizeof buf), 0);
    assert_int_equal(lapse_date_format(LAPSE_DATE_MIN - 1, buf, sizeof buf), 0);
}

static const struct add_months_case {
    const char *anchor;
    int32_t months;
    const char *expected; /* NULL: out of range */
} add_months_cases[] = {
    { "2024-01-31", 1, "2024-02-29" },
    { "2025-01-31", 1, "2025-02-28" },
    { "2025-01-31", 2, "2025-03-31" },
    { "2025-01-31", 3, "2025-04-30" },
    { "2024-02-29", 12, "2025-02-28" },
    { "2024-02-29", 48, "2028-02-29" },
    { "2024-02-29", -12, "2023-02-28" },
    { "2025-03-31", -1, "2025-02-28" },
    { "2025-03-15", 0, "2025-03-15" },
    { "2024-10-01", 15, "2026-01-01" },
    { "2024-10-01", 30, "2027-04-01" },
    { "2025-12-31", 1, "2026-01-31" },
    { "2025-01-15", -13, "2023-12-15" },
    { "0001-01-31", 1, "0001-02-28" },
    { "0001-01-01", 119987, "9999-12-01" },
    { "0001-01-31", 119987, "9999-12-31" },
    { "9999-12-31", -119987, "0001-01-31" },
    { "9999-12-01", 1, NULL },
    { "0001-01-31", -1, NULL },
    { "2025-01-01", INT32_MAX, NULL },
    { "2025-01-01", INT32_MIN, NULL },
};

static void test_add_months_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof add_months_cases / sizeof add_months_cases[0]; i++) {
        const struct add_months_case *c = &add_months_cases[i];
        lapse_date out = 4242;
        lapse_error error = lapse_date_add_months(test_date(c->anchor), c->months, &out);
        if (!c->expected) {
            assert_int_equal(error, LAPSE_ERR_DATE_RANGE);
            assert_int_equal(out, 4242);
            continue;
        }
        char buf[LAPSE_DATE_TEXT_SIZE];
        assert_int_equal(error, LAPSE_OK);
        lapse_date_format(out, buf, sizeof buf);
        if (strcmp(buf, c->expected) != 0)
            fail_msg("%s %+d months: got %s, want %s", c->anchor, c->months, buf, c->expected);
    }
    lapse_date out;
    assert_int_equal(lapse_date_add_months(LAPSE_DATE_NONE, 1, &out), LAPSE_ERR_DATE_RANGE);
    assert_int_equal(lapse_date_add_months(0, 1, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

static void test_add_days(void **state)
{
    (void)state;
    lapse_date out;
    assert_int_equal(lapse_date_add_days(test_date("2025-03-31"), 90, &out), LAPSE_OK);
    assert_int_equal(out, test_date("2025-06-29"));
    assert_int_equal(lapse_date_add_days(test_date("2026-01-01"), -30, &out), LAPSE_OK);
    assert_int_equal(out, test_date("2025-12-02"));
    assert_int_equal(lapse_date_add_days(LAPSE_DATE_MAX, 0, &out), LAPSE_OK);
    assert_int_equal(lapse_date_add_days(LAPSE_DATE_MAX, 1, &out), LAPSE_ERR_DATE_RANGE);
    assert_int_equal(lapse_date_add_days(LAPSE_DATE_MIN, -1, &out), LAPSE_ERR_DATE_RANGE);
    assert_int_equal(lapse_date_add_days(LAPSE_DATE_MIN, INT32_MAX, &out), LAPSE_ERR_DATE_RANGE);
    assert_int_equal(lapse_date_add_days(0, INT32_MIN, &out), LAPSE_ERR_DATE_RANGE);
    assert_int_equal(lapse_date_add_days(0, 1, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

static const struct months_since_case {
    const char *anchor, *date;
    int32_t expected;
} months_since_cases[] = {
    { "2025-01-31", "2025-02-27", 0 },      { "2025-01-31", "2025-02-28", 1 },
    { "2025-01-31", "2025-03-30", 1 },      { "2025-01-31", "2025-03-31", 2 },
    { "2025-01-31", "2025-01-31", 0 },      { "2025-01-31", "2025-01-30", -1 },
    { "2025-01-31", "2024-12-31", -1 },     { "2025-01-31", "2024-12-30", -2 },
    { "2024-02-29", "2025-02-28", 12 },     { "2024-02-29", "2025-02-27", 11 },
    { "2025-03-15", "2025-09-15", 6 },      { "2025-03-15", "2025-09-14", 5 },
    { "0001-01-01", "9999-12-31", 119987 }, { "9999-12-31", "0001-01-01", -119988 },
};

static void test_months_since_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof months_since_cases / sizeof months_since_cases[0]; i++) {
        const struct months_since_case *c = &months_since_cases[i];
        int32_t got = lapse_months_since(test_date(c->anchor), test_date(c->date));
        if (got != c->expected)
            fail_msg("months from %s to %s: got %d, want %d", c->anchor, c->date, got, c->expected);
    }
}

static void test_leap_and_month_lengths(void **state)
{
    (void)state;
    assert_int_equal(lapse_is_leap_year(2024), 1);
    assert_int_equal(lapse_is_leap_year(2000), 1);
    assert_int_equal(lapse_is_leap_year(1900), 0);
    assert_int_equal(lapse_is_leap_year(2025), 0);
    assert_int_equal(lapse_days_in_month(2024, 2), 29);
    assert_int_equal(lapse_days_in_month(2100, 2), 28);
    assert_int_equal(lapse_days_in_month(2025, 12), 31);
    assert_int_equal(lapse_days_in_month(2025, 0), 0);
    assert_int_equal(lapse_days_in_month(2025, 13), 0);
}

/* Property: every day of the range round-trips through y/m/d and text, and
 * consecutive days are consecutive calendar days. */
static void test_every_day_round_trips(void **state)
{
    (void)state;
    int32_t py = 0, pm = 12, pd = 31;
    for (lapse_date d = LAPSE_DATE_MIN; d <= LAPSE_DATE_MAX; d++) {
        int32_t y, m, day;
        lapse_date_to_ymd(d, &y, &m, &day);
        bool next_day = (y == py && m == pm && day == pd + 1) ||
                        (y == py && m == pm + 1 && day == 1 && pd == lapse_days_in_month(py, pm)) ||
                        (y == py + 1 && m == 1 && day == 1 && pm == 12 && pd == 31);
        if (!next_day)
            fail_msg("day %d is %d-%d-%d after %d-%d-%d", d, y, m, day, py, pm, pd);
        lapse_date back;
        assert_int_equal(lapse_date_from_ymd(y, m, day, &back), LAPSE_OK);
        assert_int_equal(back, d);
        char text[LAPSE_DATE_TEXT_SIZE];
        assert_int_equal(lapse_date_format(d, text, sizeof text), 10);
        assert_int_equal(lapse_date_parse(text, &back), LAPSE_OK);
        assert_int_equal(back, d);
        /* The date writer (two digits a copy) against printf's. */
        char want[32];
        snprintf(want, sizeof want, "%04d-%02d-%02d", (int)y, (int)m, (int)day);
        assert_string_equal(text, want);
        py = y, pm = m, pd = day;
    }
    assert_int_equal(py, 9999);
}

/* lapse__put_date writes the ten bytes and nothing after them, and
 * nothing at all for a day number outside the calendar; lapse_date_format
 * cuts it as snprintf would. */
static void test_date_writer_edges(void **state)
{
    (void)state;
    char out[16];
    memset(out, '#', sizeof out);
    assert_int_equal(lapse__put_date(LAPSE_DATE_MIN, out), 10);
    assert_memory_equal(out, "0001-01-01######", sizeof out);
    assert_int_equal(lapse__put_date(LAPSE_DATE_MAX, out), 10);
    assert_memory_equal(out, "9999-12-31######", sizeof out);
    memset(out, '#', sizeof out);
    assert_int_equal(lapse__put_date(LAPSE_DATE_NONE, out), 0);
    assert_int_equal(lapse__put_date(LAPSE_DATE_MIN - 1, out), 0);
    assert_int_equal(lapse__put_date(LAPSE_DATE_MAX + 1, out), 0);
    assert_memory_equal(out, "################", sizeof out);
    char small[5];
    assert_int_equal(lapse_date_format(0, small, sizeof small), 10);
    assert_string_equal(small, "1970");
    assert_int_equal(lapse_date_format(LAPSE_DATE_NONE, small, sizeof small), 0);
    assert_string_equal(small, "");
    assert_int_equal(lapse_date_format(0, NULL, 0), 10);
}

/*
 * The slow reference: first day of each year by summing year lengths from
 * 0001, month by month stepping one at a time, the clamp written out.
 */
static lapse_date year_start[10001];

static void build_reference(void)
{
    year_start[1] = LAPSE_DATE_MIN;
    for (int y = 2; y <= 10000; y++)
        year_start[y] = year_start[y - 1] + 365 + lapse_is_leap_year(y - 1);
}

static lapse_date reference_date(int32_t y, int32_t m, int32_t d)
{
    lapse_date date = year_start[y];
    for (int32_t month = 1; month < m; month++)
        date += lapse_days_in_month(y, month);
    return date + d - 1;
}

static bool reference_add_months(int32_t y, int32_t m, int32_t d, int32_t months, lapse_date *out)
{
    for (; months > 0; months--)
        if (++m == 13)
            m = 1, y++;
    for (; months < 0; months++)
        if (--m == 0)
            m = 12, y--;
    if (y < 1 || y > 9999)
        return false;
    int32_t last = lapse_days_in_month(y, m);
    *out = reference_date(y, m, d > last ? last : d);
    return true;
}

static void test_add_months_matches_reference(void **state)
{
    (void)state;
    build_reference();
    uint64_t rng = 20250310;
    for (int i = 0; i < 1000000; i++) {
        int32_t y = (int32_t)test_range(&rng, 1, 9999);
        int32_t m = (int32_t)test_range(&rng, 1, 12);
        int32_t d = (int32_t)test_range(&rng, 1, lapse_days_in_month(y, m));
        /* Mostly the months a subscription sees, sometimes the whole range. */
        int32_t months = i % 100 == 0 ? (int32_t)test_range(&rng, -120000, 120000)
                                      : (int32_t)test_range(&rng, -240, 240);
        lapse_date anchor = reference_date(y, m, d), expected = 0, got = 0;
        bool in_range = reference_add_months(y, m, d, months, &expected);
        lapse_error error = lapse_date_add_months(anchor, months, &got);
        if (in_range != (error == LAPSE_OK) || (in_range && got != expected))
            fail_msg("%04d-%02d-%02d %+d months: got %d (%s), want %d", y, m, d, months, got,
                     lapse_error_name(error), expected);
        if (in_range) {
            /* months_since inverts add_months. */
            assert_int_equal(lapse_months_since(anchor, got), months);
        }
    }
}

/* Property: months_since(anchor, d) is the largest k with anchor+k <= d. */
static void test_months_since_is_largest_k(void **state)
{
    (void)state;
    uint64_t rng = 42;
    for (int i = 0; i < 200000; i++) {
        lapse_date anchor = (lapse_date)test_range(&rng, LAPSE_DATE_MIN, LAPSE_DATE_MAX);
        lapse_date date = (lapse_date)test_range(&rng, anchor - 4000, anchor + 4000);
        if (date < LAPSE_DATE_MIN || date > LAPSE_DATE_MAX)
            continue;
        int32_t k = lapse_months_since(anchor, date);
        lapse_date at, next;
        if (lapse_date_add_months(anchor, k, &at) == LAPSE_OK)
            assert_true(at <= date);
        if (lapse_date_add_months(anchor, k + 1, &next) == LAPSE_OK)
            assert_true(next > date);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_epoch_and_limits),
        cmocka_unit_test(test_from_ymd_table),
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_format_snprintf_rules),
        cmocka_unit_test(test_add_months_table),
        cmocka_unit_test(test_add_days),
        cmocka_unit_test(test_months_since_table),
        cmocka_unit_test(test_leap_and_month_lengths),
        cmocka_unit_test(test_every_day_round_trips),
        cmocka_unit_test(test_date_writer_edges),
        cmocka_unit_test(test_add_months_matches_reference),
        cmocka_unit_test(test_months_since_is_largest_k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
