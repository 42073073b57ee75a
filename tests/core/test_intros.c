/* Introductory prices (#31 item 2): intro_months and intro_price. */
#include <stdio.h>

#include "testutil.h"

static lapse_decision decide(const lapse_policy *p, const lapse_subscription *s, const char *on)
{
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date(on);
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    lapse_error_detail e;
    assert_int_equal(lapse_decide_cancel(p, s, &r, &d, &e), LAPSE_OK);
    return d;
}

/* The issue's example: start 2025-01-01, 12 months billed monthly at
 * 30.00, the first 3 months at 15.00. */
static lapse_subscription example(void)
{
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 3000);
    s.intro_months = 3;
    s.intro_price = 1500;
    return s;
}

static void test_issue_example(void **state)
{
    (void)state;
    lapse_subscription s = example();
    /* February's period and 10 more: 15.00 + 15.00 + 9 x 30.00. */
    lapse_decision d = decide(NULL, &s, "2025-02-10");
    assert_int_equal(d.remaining_term_charge, 1500 + 1500 + 9 * 3000);
    assert_int_equal(d.still_to_invoice, 1500 + 9 * 3000);
    assert_int_equal(d.invoices_left, 10);
    assert_int_equal(d.effective_end, test_date("2026-01-01"));
    /* After the intro every period is at the price. */
    d = decide(NULL, &s, "2025-04-01");
    assert_int_equal(d.remaining_term_charge, 9 * 3000);
    /* A renewal term has none. */
    d = decide(NULL, &s, "2026-02-10");
    assert_int_equal(d.remaining_term_charge, 11 * 3000);
}

/* Refunds and fees use the price of the period they concern. */
static void test_refund_and_fee_at_the_intro_price(void **state)
{
    (void)state;
    lapse_subscription s = example();
    lapse_policy p;
    assert_int_equal(lapse_policy_preset("immediate-prorated", &p, NULL), LAPSE_OK);
    /* 18 undelivered days of February's 28 at 15.00: 1500 x 18 / 28 =
     * 964.29, half up 964. */
    lapse_decision d = decide(&p, &s, "2025-02-10");
    assert_int_equal(d.refund, 964);
    assert_int_equal(d.remaining_term_charge, 1500);
    lapse_policy_default(&p);
    p.timing = LAPSE_TIMING_IMMEDIATE;
    p.commitment = LAPSE_COMMITMENT_PERCENT_FEE;
    p.termination_fee_percent = 50;
    s.contract = 1;
    /* March's intro period and 9 at the price: 1500 + 27000 = 28500, half. */
    d = decide(&p, &s, "2025-02-10");
    assert_int_equal(d.termination_fee, 14250);
}

/* The timeline invoices the intro price, then the price. */
static void test_timeline_invoices(void **state)
{
    (void)state;
    lapse_subscription s = example();
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-02-10");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_event events[32];
    size_t count = 0;
    lapse_error_detail e;
    assert_int_equal(lapse_timeline(NULL, &s, &r, events, 32, &count, &e), LAPSE_OK);
    int invoices = 0;
    int64_t sum = 0;
    for (size_t i = 0; i < count; i++) {
        if (events[i].kind != LAPSE_EVENT_INVOICE)
            continue;
        int64_t expected = events[i].date < test_date("2025-04-01") ? 1500 : 3000;
        assert_int_equal(events[i].amount, expected);
        sum += events[i].amount;
        invoices++;
    }
    assert_int_equal(invoices, 12);
    assert_int_equal(sum, 3 * 1500 + 9 * 3000);
}

static void test_intro_errors(void **state)
{
    (void)state;
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-02-10");
    lapse_decision d;
    lapse_error_detail e;
    lapse_subscription s = example();
    s.billing = 3; /* quarterly: 3 months is one period, 2 is none */
    s.intro_months = 2;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(e.field, "intro_months");
    s = example();
    s.intro_months = 13;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(e.field, "intro_months");
    s = example();
    s.intro_months = 0;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_ERR_MISSING);
    assert_string_equal(e.field, "intro_months");
    s = example();
    s.intro_price = -1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(e.field, "intro_price");
    s = example();
    s.billing = 0; /* up front: the whole term or nothing */
    s.renewal_price = 36000;
    s.intro_months = 6;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(e.field, "intro_months");
    s.intro_months = 12;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
    assert_int_equal(d.remaining_term_charge, 1500);
    /* With a pause (a valid one: the example's April to May, after the
     * intro) it decides now (docs/rules.md, "Introductory prices"; it was
     * refused naming intro_months until #31's decision on pauses): the
     * intro periods are before the pause, so the same as without them. */
    s = example();
    s.paused_from = test_date("2025-04-01");
    s.resumes_on = test_date("2025-05-01");
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
    assert_int_equal(d.remaining_term_charge, 1500 + 1500 + 9 * 3000);
    assert_int_equal(d.term_end, test_date("2026-02-01"));
    s.intro_months = 0;
    s.intro_price = 0;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
}

/* With a pause (docs/rules.md, "Introductory prices"): under
 * pause_extends_term true the intro belongs to the first 3 served periods
 * (January, then April and May after the resume); under false to the
 * first 3 calendar months, February and March paused and lost. */
static void test_intro_with_a_pause(void **state)
{
    (void)state;
    lapse_subscription s = example();
    s.paused_from = test_date("2025-02-01");
    s.resumes_on = test_date("2025-04-01");
    lapse_decision d = decide(NULL, &s, "2025-04-10");
    assert_int_equal(d.term_end, test_date("2026-03-01"));
    assert_int_equal(d.remaining_term_charge, 1500 + 1500 + 9 * 3000);
    assert_int_equal(d.still_to_invoice, 1500 + 9 * 3000);
    assert_int_equal(d.invoices_left, 10);
    /* During the pause: no current period, April on, all to invoice. */
    d = decide(NULL, &s, "2025-03-10");
    assert_int_equal(d.remaining_term_charge, 1500 + 1500 + 9 * 3000);
    assert_int_equal(d.still_to_invoice, 1500 + 1500 + 9 * 3000);
    assert_int_equal(d.next_invoice, test_date("2025-04-01"));
    /* Before it: January, then April, May and the rest. */
    d = decide(NULL, &s, "2025-01-15");
    assert_int_equal(d.remaining_term_charge, 3 * 1500 + 9 * 3000);
    assert_int_equal(d.next_invoice, test_date("2025-04-01"));
    lapse_policy kept;
    lapse_policy_default(&kept);
    kept.pause_extends_term = 0;
    d = decide(&kept, &s, "2025-04-10");
    assert_int_equal(d.term_end, test_date("2026-01-01"));
    assert_int_equal(d.remaining_term_charge, 9 * 3000);
    assert_int_equal(d.still_to_invoice, 8 * 3000);
    d = decide(&kept, &s, "2025-01-15");
    assert_int_equal(d.remaining_term_charge, 1500 + 9 * 3000);
    assert_int_equal(d.invoices_left, 9);
    /* A prorated refund of an intro period after the resume: April's 20
     * undelivered days of 30 at 15.00. */
    lapse_policy prorated;
    assert_int_equal(lapse_policy_preset("immediate-prorated", &prorated, NULL), LAPSE_OK);
    d = decide(&prorated, &s, "2025-04-10");
    assert_int_equal(d.refund, 1000);
    /* The timeline invoices 15.00 on 01-01, 04-01, 05-01, then 30.00. */
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-04-10");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_event events[32];
    size_t count = 0;
    assert_int_equal(lapse_timeline(NULL, &s, &r, events, 32, &count, NULL), LAPSE_OK);
    int invoices = 0;
    int64_t total = 0;
    for (size_t i = 0; i < count && i < 32; i++) {
        if (events[i].kind != LAPSE_EVENT_INVOICE)
            continue;
        bool intro = events[i].date == test_date("2025-01-01") ||
                     events[i].date == test_date("2025-04-01") ||
                     events[i].date == test_date("2025-05-01");
        assert_int_equal(events[i].amount, intro ? 1500 : 3000);
        assert_true(events[i].date < test_date("2025-02-01") ||
                    events[i].date >= test_date("2025-04-01"));
        invoices++;
        total += events[i].amount;
    }
    assert_int_equal(invoices, 12);
    assert_int_equal(total, 3 * 1500 + 9 * 3000);
}

static void test_intro_explained(void **state)
{
    (void)state;
    lapse_subscription s = example();
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-02-10");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    lapse_error_detail e;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
    char text[4096];
    size_t length;
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "en", text, sizeof text, &length, &e),
                     LAPSE_OK);
    assert_non_null(strstr(text, "(30.00 EUR per invoice, invoiced monthly, 15.00 EUR for the "
                                 "first 3 months)"));
    assert_non_null(strstr(text, "300.00 EUR"));
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "it", text, sizeof text, &length, &e),
                     LAPSE_OK);
    assert_non_null(strstr(text, "(30,00 EUR per fattura, fatturato ogni mese, 15,00 EUR per i "
                                 "primi 3 mesi)"));
    /* In a renewal term the intro is not mentioned. */
    r.on = test_date("2026-02-10");
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "en", text, sizeof text, &length, &e),
                     LAPSE_OK);
    assert_null(strstr(text, "for the first"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_example),
        cmocka_unit_test(test_refund_and_fee_at_the_intro_price),
        cmocka_unit_test(test_timeline_invoices),
        cmocka_unit_test(test_intro_errors),
        cmocka_unit_test(test_intro_with_a_pause),
        cmocka_unit_test(test_intro_explained),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
