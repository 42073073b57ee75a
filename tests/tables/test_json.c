/* lapse_decision_json: the bytes `lapse cancel --json` prints, for every
 * binding; and t/f booleans (PostgreSQL's COPY ... CSV). */
#include <string.h>

#include "testutil.h"
#include "lapse/tables.h"

/* E1: a monthly 20.00 EUR from 2025-01-31, cancelled online on
 * 2025-03-10 by its billing admin. */
static lapse_decision e1_decision(void)
{
    lapse_subscription s = test_subscription("2025-01-31", 1, 1, 2000);
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-10");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
    return d;
}

static void test_e1_as_json(void **state)
{
    (void)state;
    lapse_decision d = e1_decision();
    static const char expected[] =
        "{\"allowed\": true, \"blocked\": [], \"warnings\": [\"back_up_data\"], "
        "\"missing_support_info\": [], \"route\": \"online\", \"term_start\": \"2025-02-28\", "
        "\"term_end\": \"2025-03-31\", \"notice_deadline\": null, \"renews_first\": false, "
        "\"effective_end\": \"2025-03-31\", \"remaining_term_charge\": 2000, "
        "\"still_to_invoice\": 0, \"refund\": 0, \"termination_fee\": 0, \"invoices_left\": 0, "
        "\"next_invoice\": null, \"currency\": \"EUR\", \"data_deleted_on\": \"2025-06-29\", "
        "\"confirmation\": \"expired_list\", \"change_effective_on\": null, "
        "\"recurring_after\": 0, \"saving\": 0, \"applied_to_balance\": 0, \"cash_refund\": 0, "
        "\"account_credit\": 0, \"balance_after\": 0}";
    char json[LAPSE_DECISION_JSON_SIZE];
    assert_int_equal(lapse_decision_json(&d, json, sizeof json), sizeof expected - 1);
    assert_string_equal(json, expected);
    /* snprintf rules: cut, NUL-terminated, the full length returned. */
    char small[10];
    assert_int_equal(lapse_decision_json(&d, small, sizeof small), sizeof expected - 1);
    assert_string_equal(small, "{\"allowed");
    assert_int_equal(lapse_decision_json(&d, NULL, 0), sizeof expected - 1);
    assert_int_equal(lapse_decision_column(0), LAPSE_COLUMN_ALLOWED);
    assert_int_equal(lapse_decision_column(18), LAPSE_COLUMN_CONFIRMATION);
    assert_int_equal(lapse_decision_column(21), LAPSE_COLUMN_SAVING);
    assert_int_equal(lapse_decision_column(22), LAPSE_COLUMN_APPLIED_TO_BALANCE);
    assert_int_equal(lapse_decision_column(25), LAPSE_COLUMN_BALANCE_AFTER);
    assert_int_equal(lapse_decision_column(26), LAPSE_COLUMN_NONE);
}

/* A decision lapse did not fill may hold any bytes in its currency: the
 * JSON stays valid, '"' and '\\' escaped, every other byte that is not
 * printable ASCII (control characters, DEL, bytes of no UTF-8) written as
 * the text \xNN.  Issue #25. */
static void test_hostile_currency_as_json(void **state)
{
    (void)state;
    static const struct {
        char currency[4];
        const char *json;
    } cases[] = {
        { "\"", "\"currency\": \"\\\"\"" },
        { "\\", "\"currency\": \"\\\\\"" },
        { "a\n\x7f", "\"currency\": \"a\\\\x0a\\\\x7f\"" },
        { "\x01\x1f\xff", "\"currency\": \"\\\\x01\\\\x1f\\\\xff\"" },
        { "\xe2\x82\xac", "\"currency\": \"\\\\xe2\\\\x82\\\\xac\"" },
        { "E\"\\", "\"currency\": \"E\\\"\\\\\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lapse_decision d = e1_decision();
        memcpy(d.currency, cases[i].currency, sizeof d.currency);
        char json[LAPSE_DECISION_JSON_SIZE];
        size_t length = lapse_decision_json(&d, json, sizeof json);
        assert_true(length < sizeof json);
        assert_int_equal(strlen(json), length);
        const char *member = strstr(json, "\"currency\": ");
        assert_non_null(member);
        assert_memory_equal(member, cases[i].json, strlen(cases[i].json));
        assert_string_equal(member + strlen(cases[i].json),
                            ", \"data_deleted_on\": \"2025-06-29\", \"confirmation\": "
                            "\"expired_list\", \"change_effective_on\": null, "
                            "\"recurring_after\": 0, \"saving\": 0, \"applied_to_balance\": 0, "
                            "\"cash_refund\": 0, \"account_credit\": 0, \"balance_after\": 0}");
    }
}

static void test_postgresql_booleans(void **state)
{
    (void)state;
    lapse_cell cells[] = { { LAPSE_COLUMN_START, "2025-01-01", 10 },
                           { LAPSE_COLUMN_CONTRACT, "t", 1 },
                           { LAPSE_COLUMN_AUTO_RENEW, "f", 1 } };
    lapse_subscription s;
    lapse_request r;
    assert_int_equal(lapse_inputs_parse(cells, 3, &s, &r, NULL), LAPSE_OK);
    assert_int_equal(s.contract, 1);
    assert_int_equal(s.auto_renew, 0);
}

static void test_e1_as_csv(void **state)
{
    (void)state;
    lapse_decision d = e1_decision();
    static const char expected[] = "true,,back_up_data,,online,2025-02-28,2025-03-31,,false,"
                                   "2025-03-31,2000,0,0,0,0,,EUR,2025-06-29,expired_list,,0,0,"
                                   "0,0,0,0";
    char row[LAPSE_DECISION_CSV_SIZE];
    assert_int_equal(lapse_decision_csv(&d, row, sizeof row), sizeof expected - 1);
    assert_string_equal(row, expected);
    char small[8];
    assert_int_equal(lapse_decision_csv(&d, small, sizeof small), sizeof expected - 1);
    assert_string_equal(small, "true,,b");
    assert_int_equal(lapse_decision_csv(&d, NULL, 0), sizeof expected - 1);
    /* No decision: every field empty, the row keeps its shape. */
    assert_int_equal(lapse_decision_csv(NULL, row, sizeof row), 25);
    assert_string_equal(row, ",,,,,,,,,,,,,,,,,,,,,,,,,");
}

/* The decision's CSV row equals its columns as lapse_decision_format
 * writes them, ','-joined. */
static void assert_row_is_the_columns(const lapse_decision *d)
{
    char want[LAPSE_DECISION_CSV_SIZE];
    size_t n = 0;
    lapse_column column;
    for (size_t k = 0; (column = lapse_decision_column(k)) != LAPSE_COLUMN_NONE; k++) {
        if (k)
            want[n++] = ',';
        n += lapse_decision_format(d, column, want + n, sizeof want - n);
    }
    char got[LAPSE_DECISION_CSV_SIZE];
    assert_int_equal(lapse_decision_csv(d, got, sizeof got), n);
    assert_string_equal(got, want);
}

/* Property: the row is each column as lapse_decision_format writes it,
 * ','-joined, for decisions under random policies (lists of many names,
 * dates of every kind, negative-free amounts). */
static void test_csv_row_is_the_formatted_columns(void **state)
{
    (void)state;
    uint64_t rng = 33;
    /* The row writes an effective end equal to the term's end by copying
     * the term end's text: both kinds of decision must come up often. */
    int ends_with_term = 0, ends_otherwise = 0;
    for (int i = 0; i < 50000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 2, &p, &s, &r);
        lapse_decision d;
        if (lapse_decide_cancel(&p, &s, &r, &d, NULL) != LAPSE_OK)
            continue;
        assert_row_is_the_columns(&d);
        ends_with_term += d.effective_end == d.term_end;
        ends_otherwise += d.effective_end != d.term_end;
    }
    assert_true(ends_with_term > 5000);
    assert_true(ends_otherwise > 5000);
    /* Either end without a date, or both. */
    static const lapse_date ends[][2] = { { LAPSE_DATE_NONE, LAPSE_DATE_NONE },
                                          { LAPSE_DATE_NONE, 20000 },
                                          { 20000, LAPSE_DATE_NONE },
                                          { 20000, 20000 } };
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        lapse_decision d;
        memset(&d, 0, sizeof d);
        d.term_end = ends[k][0];
        d.effective_end = ends[k][1];
        assert_row_is_the_columns(&d);
    }
    /* Amounts of every length and sign, the extremes included. */
    for (int i = 0; i < 20000; i++) {
        lapse_decision d;
        memset(&d, 0, sizeof d);
        int64_t *amounts[] = { &d.remaining_term_charge, &d.still_to_invoice, &d.refund,
                               &d.termination_fee };
        for (size_t a = 0; a < sizeof amounts / sizeof amounts[0]; a++) {
            uint64_t bits = test_next(&rng) >> test_range(&rng, 1, 63); /* below 2^63 */
            int64_t value = test_range(&rng, 0, 1) ? -(int64_t)bits : (int64_t)bits;
            *amounts[a] = i == 0 ? INT64_MIN : i == 1 ? INT64_MAX : value;
        }
        assert_row_is_the_columns(&d);
    }
    /* The currency's length: 3 at once, any other (none, shorter, a NUL
     * inside, four bytes without a NUL) counted as the column's text is. */
    static const char codes[][4] = {
        "EUR", "", "E", "EU", { 'E', 0, 'R', 0 }, { 'E', 'U', 'R', 'O' }
    };
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
        lapse_decision d;
        memset(&d, 0, sizeof d);
        memcpy(d.currency, codes[k], sizeof d.currency);
        assert_row_is_the_columns(&d);
    }
    /* The five amounts after change_effective_on are written as one piece
     * when all are zero: each drawn zero or not, so that rows with none,
     * one and several of them non-zero each come up. */
    int all_zero = 0, some_not = 0;
    for (int i = 0; i < 4000; i++) {
        lapse_decision d;
        memset(&d, 0, sizeof d);
        int64_t *amounts[] = { &d.recurring_after, &d.saving,         &d.applied_to_balance,
                               &d.cash_refund,     &d.account_credit, &d.balance_after };
        for (size_t a = 0; a < sizeof amounts / sizeof amounts[0]; a++)
            if (test_range(&rng, 0, 2) == 0)
                *amounts[a] = test_range(&rng, -100000, 100000);
        all_zero += (d.recurring_after | d.saving | d.applied_to_balance | d.cash_refund |
                     d.account_credit) == 0;
        some_not += (d.recurring_after | d.saving | d.applied_to_balance | d.cash_refund |
                     d.account_credit) != 0;
        assert_row_is_the_columns(&d);
    }
    assert_true(all_zero > 300);
    assert_true(some_not > 2000);
    /* Either side of every power of ten, where the count of digits
     * changes, with either sign. */
    for (uint64_t power = 10; power <= 1000000000000000000u; power *= 10) {
        for (int64_t delta = -1; delta <= 1; delta++) {
            lapse_decision d;
            memset(&d, 0, sizeof d);
            d.remaining_term_charge = (int64_t)power + delta;
            d.still_to_invoice = -((int64_t)power + delta);
            d.refund = (int64_t)(power / 10) * 9 + delta; /* 9, 89, 899, ... around */
            assert_row_is_the_columns(&d);
        }
    }
    /* Lists and names as a caller's decision may hold them: any of the 32
     * bits (past the last name a list ends), every warning at once, a
     * route or confirmation past the names or negative; the row writes
     * its lists and names inline, lapse_decision_format through names.c. */
    for (int i = 0; i < 20000; i++) {
        lapse_decision d;
        memset(&d, 0, sizeof d);
        uint32_t *lists[] = { &d.blocked, &d.warnings, &d.missing_support_info };
        for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
            uint64_t draw = test_next(&rng);
            *lists[l] = i % 4 == 0   ? (uint32_t)draw
                        : i % 4 == 1 ? (uint32_t)draw & 0x1fffu
                        : i % 4 == 2 ? 0xffffffffu >> (draw % 32)
                                     : (uint32_t)1 << (draw % 32);
        }
        d.route = (lapse_route)test_range(&rng, -2, 6);
        d.confirmation = (lapse_confirmation)test_range(&rng, -2, 5);
        assert_row_is_the_columns(&d);
    }
    /* Every warning and reason at once: the longest lists fit. */
    lapse_decision all;
    memset(&all, 0, sizeof all);
    all.warnings = (1u << 11) - 1;
    all.blocked = (1u << 6) - 1;
    all.missing_support_info = LAPSE_SUPPORT_INFO_ALL;
    all.remaining_term_charge = INT64_MIN;
    char row[LAPSE_DECISION_CSV_SIZE];
    size_t length = lapse_decision_csv(&all, row, sizeof row);
    assert_true(length < sizeof row);
    assert_non_null(strstr(row, "back_up_data;licenses_assigned;"));
    assert_non_null(strstr(row, ",-9223372036854775808,"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_e1_as_json),
        cmocka_unit_test(test_hostile_currency_as_json),
        cmocka_unit_test(test_postgresql_booleans),
        cmocka_unit_test(test_e1_as_csv),
        cmocka_unit_test(test_csv_row_is_the_formatted_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
