/*
 * Money under every policy (docs/rules.md, "Money under every policy"): one
 * named test per rule, each case computed by hand in its comment.
 */
#include "testutil.h"

#include <string.h>

#include "core/checked.h"

#define BA LAPSE_ROLE_BILLING_ADMIN

/* The compiler's 128-bit integers, to check the portable path against. */
__extension__ typedef unsigned __int128 u128;

static lapse_request request(const char *on)
{
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date(on);
    r.roles = BA;
    r.channel = LAPSE_CHANNEL_SUPPORT;
    r.provided = LAPSE_SUPPORT_INFO_ALL;
    return r;
}

static lapse_policy policy(const char *text)
{
    lapse_policy p;
    lapse_error_detail detail;
    if (lapse_policy_parse(text, strlen(text), &p, &detail) != LAPSE_OK)
        fail_msg("policy '%s': %s", text, detail.message);
    return p;
}

static lapse_decision decide(const lapse_policy *p, const lapse_subscription *s,
                             const lapse_request *r)
{
    lapse_decision d;
    lapse_error_detail detail;
    if (lapse_decide_cancel(p, s, r, &d, &detail) != LAPSE_OK)
        fail_msg("unexpected %s: %s", lapse_error_name(detail.code), detail.message);
    return d;
}

/* 1. Renewal invoices at the renewal price; a missing one where invoices
 * cover other months is an error, never a guess. */
static void test_renewal_price(void **state)
{
    (void)state;
    /* A 12-month contract at 100.00 a month renewing at 120.00, notice
     * missed on 2025-12-10 (deadline 2025-12-02): December 10000 + 12
     * renewal invoices x 12000 = 154000; 144000 still to invoice in 12. */
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 10000);
    s.contract = 1;
    s.renewal_price = 12000;
    lapse_request r = request("2025-12-10");
    lapse_decision d = decide(NULL, &s, &r);
    assert_int_equal(d.effective_end, test_date("2027-01-01"));
    assert_int_equal(d.remaining_term_charge, 154000);
    assert_int_equal(d.still_to_invoice, 144000);
    assert_int_equal(d.invoices_left, 12);

    /* The timeline: an up-front year renewing month by month. */
    lapse_policy evergreen;
    assert_int_equal(lapse_policy_preset("evergreen-contract", &evergreen, NULL), LAPSE_OK);
    lapse_subscription up_front = test_subscription("2025-01-01", 12, 0, 120000);
    up_front.contract = 1;
    r = request("2026-03-15");
    lapse_error_detail detail;
    assert_int_equal(lapse_decide_cancel(&evergreen, &up_front, &r, &d, &detail),
                     LAPSE_ERR_MISSING);
    assert_string_equal(detail.field, "renewal_price");
    up_front.renewal_price = 10000;
    lapse_event events[32];
    size_t count;
    assert_int_equal(lapse_timeline(&evergreen, &up_front, &r, events, 32, &count, NULL), LAPSE_OK);
    int64_t invoiced[4] = { 0 };
    size_t invoices = 0;
    for (size_t i = 0; i < count; i++)
        if (events[i].kind == LAPSE_EVENT_INVOICE && invoices < 4)
            invoiced[invoices++] = events[i].amount;
    /* 2025-01-01 the year, then 2026-01-01, 02-01, 03-01 a month each. */
    assert_int_equal(invoices, 4);
    assert_int_equal(invoiced[0], 120000);
    assert_int_equal(invoiced[1], 10000);
    assert_int_equal(invoiced[3], 10000);

    /* 24 months up front renewing for 12 needs its price; 0 is free. */
    lapse_subscription two_years = test_subscription("2025-01-01", 24, 0, 120000);
    two_years.renewal_term = 12;
    r = request("2027-03-15");
    assert_int_equal(lapse_decide_cancel(NULL, &two_years, &r, &d, &detail), LAPSE_ERR_MISSING);
    two_years.renewal_price = 0;
    d = decide(NULL, &two_years, &r);
    assert_int_equal(d.remaining_term_charge, 0);
    two_years.renewal_price = 60000;
    d = decide(NULL, &two_years, &r);
    assert_int_equal(d.remaining_term_charge, 60000);
    two_years.renewal_price = -1;
    assert_int_equal(lapse_decide_cancel(NULL, &two_years, &r, &d, &detail),
                     LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "renewal_price");
}

/* 2. Fees on the remaining commitment, whatever the invoicing cadence. */
static void test_fee_on_remaining_commitment(void **state)
{
    (void)state;
    lapse_policy p = policy("timing = immediate; refund = prorated; commitment = percent_fee; "
                            "termination_fee_percent = 50");
    lapse_request r = request("2025-02-01"); /* effective end 2025-02-02 */
    /* Up front 1200.00: refund 120000 x 333/365 = 109479.45 -> 109479;
     * the commitment is the same 109479.45, x 50% = 54739.73 -> 54740. */
    lapse_subscription s = test_subscription("2025-01-01", 12, 0, 120000);
    s.contract = 1;
    lapse_decision d = decide(&p, &s, &r);
    assert_int_equal(d.effective_end, test_date("2025-02-02"));
    assert_int_equal(d.refund, 109479);
    assert_int_equal(d.termination_fee, 54740);
    /* Monthly 100.00: refund 10000 x 27/28 = 9642.86 -> 9643; commitment
     * 10 x 10000 + 9642.86 = 109642.86, x 50% = 54821.43 -> 54821. */
    s = test_subscription("2025-01-01", 12, 1, 10000);
    s.contract = 1;
    d = decide(&p, &s, &r);
    assert_int_equal(d.refund, 9643);
    assert_int_equal(d.termination_fee, 54821);

    /* fixed_fee never above what the customer is released from: on
     * 2025-11-15 it is December 10000 (November's undelivered half is
     * invoiced and not refunded: kept, not released; #30, before it
     * 15000), below 5000.00 EUR. */
    p = policy("timing = immediate; commitment = fixed_fee; termination_fee = 5000.00 EUR");
    r = request("2025-11-15");
    d = decide(&p, &s, &r);
    assert_int_equal(d.termination_fee, 10000);
    /* Refunded, November's undelivered half is released too: December
     * 10000 + November 10000 x 15/30 = 15000. */
    p = policy("timing = immediate; refund = prorated; commitment = fixed_fee; "
               "termination_fee = 5000.00 EUR");
    d = decide(&p, &s, &r);
    assert_int_equal(d.termination_fee, 15000);
    /* On 2025-03-10 the customer is released from 9 x 10000 = 90000:
     * 5000.00 EUR is capped at 90000, 500.00 EUR charged whole. */
    p = policy("timing = immediate; commitment = fixed_fee; termination_fee = 5000.00 EUR");
    r = request("2025-03-10");
    d = decide(&p, &s, &r);
    assert_int_equal(d.termination_fee, 90000);
    p = policy("timing = immediate; commitment = fixed_fee; termination_fee = 500.00 EUR");
    d = decide(&p, &s, &r);
    assert_int_equal(d.termination_fee, 50000);
    /* Nothing left: a request on the term's last day ends at its end. */
    r = request("2025-12-31");
    d = decide(&p, &s, &r);
    assert_int_equal(d.termination_fee, 0);
    assert_false(d.warnings & LAPSE_WARNING_TERMINATION_FEE);
}

/* 3. A refund only for service not delivered. */
static void test_refund_only_for_undelivered_service(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-31", 12, 1, 3000);
    lapse_request r = request("2025-03-10");
    r.channel = LAPSE_CHANNEL_ONLINE;
    /* end_of_term: service runs to 2026-01-31, past the period's end. */
    lapse_policy p = policy("refund = full");
    assert_int_equal(decide(&p, &s, &r).refund, 0);
    p = policy("timing = end_of_billing_period; refund = full");
    assert_int_equal(decide(&p, &s, &r).refund, 0);
    /* immediate: the period 02-28..03-31 is cut short, full returns it,
     * prorated 3000 x 20/31 = 1935.48 -> 1935. */
    p = policy("timing = immediate; refund = full");
    assert_int_equal(decide(&p, &s, &r).refund, 3000);
    p = policy("timing = immediate; refund = prorated");
    assert_int_equal(decide(&p, &s, &r).refund, 1935);
    /* In a renewal term, full returns the renewal price. */
    s.renewal_price = 2500;
    r = request("2026-03-10");
    p = policy("timing = immediate; refund = full");
    assert_int_equal(decide(&p, &s, &r).refund, 2500);
}

/* 4. Cooling-off counted as EU law counts, and for whom. */
static void test_cooling_off_counted_as_eu_law(void **state)
{
    (void)state;
    lapse_policy p = policy("cooling_off_days = 14");
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 3000);
    lapse_request r = request("2025-01-15"); /* start + 14: still in */
    lapse_decision d = decide(&p, &s, &r);
    assert_true(d.warnings & LAPSE_WARNING_COOLING_OFF);
    assert_int_equal(d.effective_end, test_date("2025-01-16"));
    assert_int_equal(d.refund, 3000);
    r = request("2025-01-16"); /* start + 15: out */
    d = decide(&p, &s, &r);
    assert_false(d.warnings & LAPSE_WARNING_COOLING_OFF);
    /* A contract account has no cooling-off unless the policy says all. */
    s.contract = 1;
    r = request("2025-01-05");
    assert_false(decide(&p, &s, &r).warnings & LAPSE_WARNING_COOLING_OFF);
    p = policy("cooling_off_days = 14; cooling_off_applies = all");
    assert_true(decide(&p, &s, &r).warnings & LAPSE_WARNING_COOLING_OFF);
    lapse_policy eu;
    assert_int_equal(lapse_policy_preset("eu-consumer", &eu, NULL), LAPSE_OK);
    assert_int_equal(eu.cooling_off_applies, LAPSE_COOLING_OFF_APPLIES_SELF_SERVE);
}

/* 5. A repeated request settles nothing; reactivating charges the refund
 * back; status and timeline report what the first one settled. */
static void test_repeat_request_and_reactivation(void **state)
{
    (void)state;
    lapse_policy p;
    assert_int_equal(lapse_policy_preset("immediate-prorated", &p, NULL), LAPSE_OK);
    lapse_subscription s = test_subscription("2025-01-31", 12, 1, 3000);
    lapse_request r = request("2025-03-10");
    lapse_decision first = decide(&p, &s, &r);
    assert_int_equal(first.refund, 1935);
    s.cancelled_on = r.on; /* recorded */
    lapse_decision again = decide(&p, &s, &r);
    assert_int_equal(again.refund, 0);
    assert_int_equal(again.termination_fee, 0);
    assert_true(again.warnings & LAPSE_WARNING_ALREADY_ENDING);
    lapse_status_info st;
    assert_int_equal(lapse_status_at(&p, &s, r.on, &st, NULL), LAPSE_OK);
    assert_int_equal(st.refund, 1935);
    lapse_reactivation_info re;
    assert_int_equal(lapse_reactivate(&p, &s, r.on, &re, NULL), LAPSE_OK);
    assert_int_equal(re.outcome, LAPSE_REACTIVATION_WITHDRAW_CANCELLATION);
    assert_int_equal(re.charge, 1935);
    /* After the end it is bought again: nothing charged back here. */
    assert_int_equal(lapse_reactivate(&p, &s, test_date("2025-04-01"), &re, NULL), LAPSE_OK);
    assert_int_equal(re.charge, 0);
    lapse_event events[16];
    size_t count;
    assert_int_equal(lapse_timeline(&p, &s, &r, events, 16, &count, NULL), LAPSE_OK);
    bool refund_event = false;
    for (size_t i = 0; i < count; i++)
        if (events[i].kind == LAPSE_EVENT_REFUND) {
            refund_event = true;
            assert_int_equal(events[i].date, test_date("2025-03-10"));
            assert_int_equal(events[i].amount, 1935);
        }
    assert_true(refund_event);
    /* A fee, the same: settled once (25% of the 9 later periods, 9 x 10000;
     * March's undelivered days are paid and kept, #30). */
    p = policy("timing = immediate; commitment = percent_fee; termination_fee_percent = 25");
    s = test_subscription("2025-01-01", 12, 1, 10000);
    s.contract = 1;
    first = decide(&p, &s, &r);
    assert_int_equal(first.termination_fee, 22500);
    s.cancelled_on = r.on;
    assert_int_equal(decide(&p, &s, &r).termination_fee, 0);
    assert_int_equal(lapse_status_at(&p, &s, r.on, &st, NULL), LAPSE_OK);
    assert_int_equal(st.termination_fee, 22500);
}

/* 6. Notice whenever the cancellation ends at a term end. */
static void test_notice_when_ending_at_the_term_end(void **state)
{
    (void)state;
    lapse_policy p = policy("timing = end_of_billing_period");
    lapse_subscription s = test_subscription("2025-01-01", 12, 0, 120000);
    s.contract = 1;
    lapse_request r = request("2025-12-10"); /* after the deadline 2025-12-02 */
    lapse_decision d = decide(&p, &s, &r);
    assert_int_equal(d.notice_deadline, test_date("2025-12-02"));
    assert_true(d.warnings & LAPSE_WARNING_NOTICE_MISSED);
    assert_int_equal(d.effective_end, test_date("2027-01-01"));
    assert_int_equal(d.remaining_term_charge, 240000);
    /* Monthly, in the term's last month: renews, then ends with the new
     * term's first month; its commitment owed, the new term is charged. */
    s = test_subscription("2025-01-01", 12, 1, 10000);
    s.contract = 1;
    d = decide(&p, &s, &r);
    assert_true(d.warnings & LAPSE_WARNING_NOTICE_MISSED);
    assert_int_equal(d.effective_end, test_date("2026-02-01"));
    assert_int_equal(d.remaining_term_charge, 130000);
    /* In time, it ends with the term. */
    r = request("2025-12-01");
    d = decide(&p, &s, &r);
    assert_false(d.warnings & LAPSE_WARNING_NOTICE_MISSED);
    assert_int_equal(d.effective_end, test_date("2026-01-01"));
}

/* 7. Fixed fees carry their currency. */
static void test_fixed_fee_carries_its_currency(void **state)
{
    (void)state;
    lapse_policy p =
        policy("timing = immediate; commitment = fixed_fee; termination_fee = 500.00 EUR");
    assert_int_equal(p.termination_fee, 50000);
    assert_string_equal(p.termination_fee_currency, "EUR");
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 10000);
    s.contract = 1;
    memcpy(s.currency, "JPY", 4);
    lapse_request r = request("2025-03-10");
    lapse_decision d;
    lapse_error_detail detail;
    assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, &detail), LAPSE_ERR_CURRENCY_MISMATCH);
    assert_string_equal(detail.field, "termination_fee");
    assert_string_equal(detail.message,
                        "termination_fee 500.00 EUR: not in the subscription's currency (JPY)");
    memcpy(s.currency, "EUR", 4);
    assert_int_equal(decide(&p, &s, &r).termination_fee, 50000);
}

/* 8. Shares never fail when the result fits in 64 bits. */
static void test_exact_intermediate_arithmetic(void **state)
{
    (void)state;
    lapse_policy p;
    assert_int_equal(lapse_policy_preset("immediate-prorated", &p, NULL), LAPSE_OK);
    lapse_subscription s = test_subscription("2025-01-01", 12, 0, INT64_MAX);
    lapse_request r = request("2025-02-01");
    /* INT64_MAX x 333 / 365 = 8414747639103124228.6... -> ...229 */
    assert_int_equal(decide(&p, &s, &r).refund, 8414747639103124229);
    /* The portable 128-bit path agrees with the compiler's. */
    uint64_t rng = 128;
    for (int i = 0; i < 200000; i++) {
        uint64_t a = test_next(&rng) >> (test_next(&rng) % 64);
        uint64_t b = test_next(&rng) >> (test_next(&rng) % 64);
        uint64_t d = (test_next(&rng) >> (test_next(&rng) % 64)) | 1;
        lapse__u128 portable = lapse__u128_mul_portable(a, b);
        u128 native = (u128)a * b;
        assert_true(portable.hi == (uint64_t)(native >> 64) && portable.lo == (uint64_t)native);
        int64_t q1 = -1, q2 = -1;
        bool ok1 = lapse__u128_div_round_portable(portable, d, &q1);
        u128 q = native / d, rest = native % d;
        bool fits = q < (u128)INT64_MAX || (q == INT64_MAX && rest < d - rest);
        if (rest >= d - rest)
            q++;
        assert_int_equal(ok1, fits);
        if (fits)
            assert_true((u128)q1 == q);
        bool ok2 = lapse__u128_div_round(portable, d, &q2);
        assert_int_equal(ok2, ok1);
        if (ok1)
            assert_int_equal(q2, q1);
        lapse__u128 sum = portable, scaled = portable;
        u128 expected = native + native;
        bool added = lapse__u128_add_portable(&sum, portable);
        assert_int_equal(added, expected >= native);
        if (added)
            assert_true(sum.hi == (uint64_t)(expected >> 64) && sum.lo == (uint64_t)expected);
        uint32_t m = (uint32_t)(test_next(&rng) % 101);
        bool fits_scaled = m == 0 || native <= ~(u128)0 / m;
        assert_int_equal(lapse__u128_scale_portable(&scaled, m), fits_scaled);
        if (fits_scaled)
            assert_true(scaled.lo == (uint64_t)(native * m) &&
                        scaled.hi == (uint64_t)((native * m) >> 64));
    }
}

/* 9. Cancel at a chosen date. */
static void test_cancel_at_a_chosen_date(void **state)
{
    (void)state;
    /* Monthly 20.00 from 2025-01-31, request 2025-03-10, end_on 2025-06-15:
     * 2025-06-30; 4 x 2000 = 8000; 6000 in 3 invoices from 2025-03-31. */
    lapse_subscription s = test_subscription("2025-01-31", 1, 1, 2000);
    lapse_request r = request("2025-03-10");
    r.end_on = test_date("2025-06-15");
    lapse_decision d = decide(NULL, &s, &r);
    assert_int_equal(d.effective_end, test_date("2025-06-30"));
    assert_int_equal(d.remaining_term_charge, 8000);
    assert_int_equal(d.still_to_invoice, 6000);
    assert_int_equal(d.invoices_left, 3);
    assert_int_equal(d.next_invoice, test_date("2025-03-31"));
    assert_int_equal(d.data_deleted_on, test_date("2025-09-28"));
    assert_false(d.warnings & LAPSE_WARNING_NOTICE_MISSED);
    /* Immediate timing: end_on itself. */
    lapse_policy p = policy("timing = immediate");
    d = decide(&p, &s, &r);
    assert_int_equal(d.effective_end, test_date("2025-06-15"));
    /* On or before the request date: an error naming end_on. */
    r.end_on = r.on;
    lapse_error_detail detail;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "end_on");
}

/* 10. Settings that can never take effect are reported. */
static void test_lint(void **state)
{
    (void)state;
    static const char text[] = "# a team's policy\n"
                               "timing = end_of_term\n"
                               "refund = full\n"
                               "commitment = waived\n"
                               "termination_fee_percent = 20\n"
                               "termination_fee = 10.00 EUR\n";
    lapse_lint_finding findings[8];
    size_t count = 99;
    assert_int_equal(lapse_policy_lint_text(text, sizeof text - 1, findings, 8, &count, NULL),
                     LAPSE_OK);
    assert_int_equal(count, 4);
    assert_string_equal(findings[0].key, "termination_fee");
    assert_int_equal(findings[0].line, 6);
    assert_int_equal(findings[0].column, 19);
    assert_string_equal(findings[0].message,
                        "termination_fee: only commitment = fixed_fee charges it");
    assert_string_equal(findings[1].key, "termination_fee_percent");
    assert_int_equal(findings[1].line, 5);
    assert_string_equal(findings[2].key, "commitment");
    assert_int_equal(findings[2].line, 4);
    assert_string_equal(findings[3].key, "refund");
    assert_int_equal(findings[3].line, 3);
    /* Notice with immediate timing or no renewal; cooling_off_applies
     * without days. */
    lapse_policy p = policy("timing = immediate; notice_days = 60; notice_applies = never");
    assert_int_equal(lapse_policy_lint(&p, findings, 8, &count, NULL), LAPSE_OK);
    assert_int_equal(count, 2);
    assert_string_equal(findings[0].key, "notice_days");
    assert_int_equal(findings[0].line, 0); /* from a struct */
    assert_string_equal(findings[1].key, "notice_applies");
    p = policy("renewal = none; notice_days = 60; cooling_off_applies = all");
    assert_int_equal(lapse_policy_lint(&p, NULL, 0, &count, NULL), LAPSE_OK);
    assert_int_equal(count, 2);
    /* The presets lint clean. */
    for (size_t i = 0; lapse_policy_preset_name(i); i++) {
        assert_int_equal(lapse_policy_preset(lapse_policy_preset_name(i), &p, NULL), LAPSE_OK);
        assert_int_equal(lapse_policy_lint(&p, findings, 8, &count, NULL), LAPSE_OK);
        assert_int_equal(count, 0);
    }
    /* Text errors are the parser's. */
    lapse_error_detail detail;
    assert_int_equal(lapse_policy_lint_text("timing = x", 10, findings, 8, &count, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_int_equal(count, 0);
    assert_int_equal(lapse_policy_lint(NULL, findings, 8, &count, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_renewal_price),
        cmocka_unit_test(test_fee_on_remaining_commitment),
        cmocka_unit_test(test_refund_only_for_undelivered_service),
        cmocka_unit_test(test_cooling_off_counted_as_eu_law),
        cmocka_unit_test(test_repeat_request_and_reactivation),
        cmocka_unit_test(test_notice_when_ending_at_the_term_end),
        cmocka_unit_test(test_fixed_fee_carries_its_currency),
        cmocka_unit_test(test_exact_intermediate_arithmetic),
        cmocka_unit_test(test_cancel_at_a_chosen_date),
        cmocka_unit_test(test_lint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
