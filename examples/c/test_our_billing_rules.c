/*
 * How a billing team unit-tests its own cancellation rules in C with lapse
 * and cmocka (the C twin of examples/python/test_our_billing_rules.py):
 * each test is one promise to customers, stated the way a product manager
 * would; lapse decides, cmocka checks the exact figures.
 *
 *     cc test_our_billing_rules.c $(pkg-config --cflags --libs lapse cmocka)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <lapse.h>

#include <string.h>

static lapse_date day(const char *text)
{
    lapse_date date = LAPSE_DATE_NONE;
    assert_int_equal(lapse_date_parse(text, &date), LAPSE_OK);
    return date;
}

/* Our plans. */
static lapse_subscription plan(const char *start, int32_t term, int32_t billing, int64_t cents,
                               int32_t contract)
{
    lapse_subscription s;
    lapse_subscription_init(&s);
    s.start = day(start);
    s.term = term;
    s.billing = billing;
    s.price = cents;
    s.contract = contract;
    return s;
}
#define MONTHLY(start) plan(start, 1, 1, 1900, 0)
#define ANNUAL_MONTHLY_BILLED(start) plan(start, 12, 1, 1500, 0)
#define ENTERPRISE(start) plan(start, 15, 3, 90000, 1)

static lapse_decision decide(const lapse_subscription *s, const char *on, lapse_channel channel,
                             uint32_t provided)
{
    lapse_request r;
    lapse_request_init(&r);
    r.on = day(on);
    r.channel = channel;
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    r.provided = provided;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, s, &r, &d, NULL), LAPSE_OK);
    return d;
}

static void monthly_keeps_access_to_the_month_end_and_pays_nothing_more(void **state)
{
    (void)state;
    lapse_subscription s = MONTHLY("2025-01-31");
    lapse_decision d = decide(&s, "2025-03-10", LAPSE_CHANNEL_ONLINE, 0);
    assert_true(d.allowed);
    assert_int_equal(d.effective_end, day("2025-03-31")); /* the first day without access */
    assert_int_equal(d.still_to_invoice, 0);
    assert_int_equal(d.refund, 0);
}

static void annual_billed_monthly_owes_the_invoices_left(void **state)
{
    (void)state;
    lapse_subscription s = ANNUAL_MONTHLY_BILLED("2025-03-15");
    lapse_decision d = decide(&s, "2025-09-15", LAPSE_CHANNEL_ONLINE, 0);
    assert_int_equal(d.effective_end, day("2026-03-15"));
    assert_int_equal(d.still_to_invoice, 7500); /* 5 invoices x 15.00 */
    assert_int_equal(d.invoices_left, 5);
}

static void enterprise_contracts_go_through_support(void **state)
{
    (void)state;
    lapse_subscription s = ENTERPRISE("2024-10-01");
    lapse_decision d = decide(&s, "2025-10-05", LAPSE_CHANNEL_ONLINE, 0);
    assert_false(d.allowed);
    assert_int_equal(d.route, LAPSE_ROUTE_SUPPORT);
    assert_int_equal(d.blocked, LAPSE_REASON_CONTRACT_VIA_SUPPORT);
}

static void late_notice_renews_an_enterprise_contract_once(void **state)
{
    (void)state;
    lapse_subscription s = ENTERPRISE("2024-10-01");
    lapse_decision d = decide(&s, "2025-12-20", LAPSE_CHANNEL_SUPPORT, LAPSE_SUPPORT_INFO_ALL);
    assert_true(d.allowed);
    assert_true(d.renews_first);
    assert_int_equal(d.effective_end, day("2027-04-01"));
}

static void data_are_kept_90_days_then_deleted(void **state)
{
    (void)state;
    lapse_subscription s = MONTHLY("2025-01-31");
    lapse_decision d = decide(&s, "2025-03-10", LAPSE_CHANNEL_ONLINE, 0);
    assert_int_equal(d.data_deleted_on, day("2025-06-29"));
}

/* What our Italian customers read: the library's own words. */
static void italian_customers_read_their_last_day(void **state)
{
    (void)state;
    lapse_subscription s = MONTHLY("2025-01-31");
    lapse_request r;
    lapse_request_init(&r);
    r.on = day("2025-03-10");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
    char text[4096];
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "it", text, sizeof text, NULL, NULL),
                     LAPSE_OK);
    assert_non_null(strstr(text, "Ultimo giorno di accesso  30/03/2025\n"));
    assert_non_null(strstr(text, "Rimborso                  0,00 EUR\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(monthly_keeps_access_to_the_month_end_and_pays_nothing_more),
        cmocka_unit_test(annual_billed_monthly_owes_the_invoices_left),
        cmocka_unit_test(enterprise_contracts_go_through_support),
        cmocka_unit_test(late_notice_renews_an_enterprise_contract_once),
        cmocka_unit_test(data_are_kept_90_days_then_deleted),
        cmocka_unit_test(italian_customers_read_their_last_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
