/* Free trials (#31 item 1): trial_end, policy trial_cancel. */
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

/* The example: start 2025-03-01, trial to 2025-03-15, 12 months
 * billed monthly at 30.00. */
static lapse_subscription example(void)
{
    lapse_subscription s = test_subscription("2025-03-01", 12, 1, 3000);
    s.trial_end = test_date("2025-03-15");
    return s;
}

static void test_request_during_the_trial(void **state)
{
    (void)state;
    lapse_subscription s = example();
    lapse_decision d = decide(NULL, &s, "2025-03-10");
    assert_true(d.allowed);
    assert_int_equal(d.effective_end, test_date("2025-03-15"));
    assert_int_equal(d.remaining_term_charge, 0);
    assert_int_equal(d.still_to_invoice, 0);
    assert_int_equal(d.invoices_left, 0);
    assert_int_equal(d.next_invoice, LAPSE_DATE_NONE);
    assert_int_equal(d.refund, 0);
    assert_int_equal(d.termination_fee, 0);
    assert_int_equal(d.notice_deadline, LAPSE_DATE_NONE);
    assert_false(d.renews_first);
    /* 2025-03-15 + 90 days = 2025-06-13 */
    assert_int_equal(d.data_deleted_on, test_date("2025-06-13"));
    assert_int_equal(d.term_start, test_date("2025-03-01"));
    assert_int_equal(d.term_end, test_date("2025-03-15"));
    assert_true(d.warnings & LAPSE_WARNING_IN_TRIAL);
    assert_false(d.warnings & LAPSE_WARNING_ENDS_BEFORE_TERM_END);

    /* trial_cancel = immediate: access ends the day after (or the day
     * itself under immediate_end = same_day), still nothing charged. */
    lapse_policy p;
    lapse_policy_default(&p);
    p.trial_cancel = LAPSE_TRIAL_CANCEL_IMMEDIATE;
    d = decide(&p, &s, "2025-03-10");
    assert_int_equal(d.effective_end, test_date("2025-03-11"));
    assert_int_equal(d.data_deleted_on, test_date("2025-06-09"));
    assert_int_equal(d.remaining_term_charge, 0);
    p.immediate_end = LAPSE_IMMEDIATE_END_SAME_DAY;
    d = decide(&p, &s, "2025-03-10");
    assert_int_equal(d.effective_end, test_date("2025-03-10"));
    /* On the trial's last day, immediate and trial_end agree. */
    p.immediate_end = LAPSE_IMMEDIATE_END_NEXT_DAY;
    d = decide(&p, &s, "2025-03-14");
    assert_int_equal(d.effective_end, test_date("2025-03-15"));
}

static void test_request_after_the_trial(void **state)
{
    (void)state;
    lapse_subscription s = example();
    lapse_decision d = decide(NULL, &s, "2025-04-20");
    assert_int_equal(d.term_start, test_date("2025-03-15"));
    assert_int_equal(d.term_end, test_date("2026-03-15"));
    assert_int_equal(d.effective_end, test_date("2026-03-15"));
    /* April's period [04-15, 05-15) and 10 more: 11 x 30.00 */
    assert_int_equal(d.remaining_term_charge, 33000);
    assert_int_equal(d.still_to_invoice, 30000);
    assert_int_equal(d.invoices_left, 10);
    assert_int_equal(d.next_invoice, test_date("2025-05-15"));
    assert_false(d.warnings & LAPSE_WARNING_IN_TRIAL);
    /* On trial_end itself the trial is over: the first period is charged. */
    d = decide(NULL, &s, "2025-03-15");
    assert_int_equal(d.remaining_term_charge, 36000);
    assert_int_equal(d.still_to_invoice, 33000);
}

/* A contract's notice counts from trial_end, never during the trial. */
static void test_contract_notice_counts_from_trial_end(void **state)
{
    (void)state;
    lapse_subscription s = example();
    s.contract = 1;
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-14");
    r.channel = LAPSE_CHANNEL_SUPPORT;
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    r.provided = LAPSE_SUPPORT_INFO_ALL;
    lapse_decision d;
    lapse_error_detail e;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
    assert_int_equal(d.effective_end, test_date("2025-03-15"));
    assert_int_equal(d.notice_deadline, LAPSE_DATE_NONE);
    assert_int_equal(d.remaining_term_charge, 0);
    /* After the trial: the deadline is 2026-03-15 - 30 days = 2026-02-13. */
    r.on = test_date("2025-06-01");
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
    assert_int_equal(d.notice_deadline, test_date("2026-02-13"));
    assert_int_equal(d.effective_end, test_date("2026-03-15"));
}

/* The EU withdrawal period counts from the conclusion (the start): a trial
 * does not extend it. */
static void test_cooling_off_counts_from_the_start(void **state)
{
    (void)state;
    lapse_policy p;
    assert_int_equal(lapse_policy_preset("eu-consumer", &p, NULL), LAPSE_OK);
    lapse_subscription s = test_subscription("2025-03-01", 12, 1, 3000);
    s.trial_end = test_date("2025-03-08");
    /* Day 9 of 14, after the trial: withdrawn at once (03-11), the first
     * invoice (03-08, 30.00) refunded. */
    lapse_decision d = decide(&p, &s, "2025-03-10");
    assert_true(d.warnings & LAPSE_WARNING_COOLING_OFF);
    assert_int_equal(d.effective_end, test_date("2025-03-11"));
    assert_int_equal(d.refund, 3000);
    /* Tuesday 03-18: past the period (its 14th day, Saturday 03-15, moved
     * to Monday 03-17 by Regulation 1182/71 art. 3(4), #30), though only 10
     * days after trial_end: the end of the billing period [03-08, 04-08),
     * 30.00 charged.  Monday 03-17 is still in it. */
    assert_true(decide(&p, &s, "2025-03-17").warnings & LAPSE_WARNING_COOLING_OFF);
    d = decide(&p, &s, "2025-03-18");
    assert_false(d.warnings & LAPSE_WARNING_COOLING_OFF);
    assert_int_equal(d.effective_end, test_date("2025-04-08"));
    assert_int_equal(d.remaining_term_charge, 3000);
    assert_int_equal(d.refund, 0);
    /* During the trial within cooling-off: at once, nothing to refund. */
    d = decide(&p, &s, "2025-03-05");
    assert_int_equal(d.effective_end, test_date("2025-03-06"));
    assert_int_equal(d.refund, 0);
    assert_int_equal(d.remaining_term_charge, 0);
}

/* Up front, billing day, in arrears, items. */
static void test_trial_with_billing_variants(void **state)
{
    (void)state;
    /* Up front: the year 360.00 invoiced on trial_end; asked 2025-04-20,
     * the term's one invoice is charged, nothing more to invoice. */
    lapse_subscription s = example();
    s.billing = 0;
    s.price = 36000;
    lapse_decision d = decide(NULL, &s, "2025-04-20");
    assert_int_equal(d.remaining_term_charge, 36000);
    assert_int_equal(d.still_to_invoice, 0);
    assert_int_equal(d.effective_end, test_date("2026-03-15"));
    d = decide(NULL, &s, "2025-03-10");
    assert_int_equal(d.remaining_term_charge, 0);

    /* Billing day 1 from trial_end 2025-03-15: a leading period
     * [03-15, 04-01) of 17 of March's 31 days, 3000 x 17 / 31 = 1645.16,
     * so 16.45; the term runs 2025-04-01 to 2026-04-01. */
    s = example();
    s.billing_day = 1;
    d = decide(NULL, &s, "2025-03-20");
    assert_int_equal(d.effective_end, test_date("2025-04-01"));
    assert_int_equal(d.remaining_term_charge, 1645);
    d = decide(NULL, &s, "2025-04-20");
    assert_int_equal(d.term_start, test_date("2025-04-01"));
    assert_int_equal(d.effective_end, test_date("2026-04-01"));
    assert_int_equal(d.remaining_term_charge, 12 * 3000);
    assert_int_equal(d.still_to_invoice, 11 * 3000);
    d = decide(NULL, &s, "2025-03-10");
    assert_int_equal(d.effective_end, test_date("2025-03-15"));
    assert_int_equal(d.remaining_term_charge, 0);

    /* In arrears: asked 2025-04-20, April's period [04-15, 05-15) is still
     * to invoice on 05-15 with 10 more: 11 x 30.00 still to invoice. */
    lapse_policy p;
    lapse_policy_default(&p);
    p.invoicing = LAPSE_INVOICING_IN_ARREARS;
    s = example();
    d = decide(&p, &s, "2025-04-20");
    assert_int_equal(d.remaining_term_charge, 33000);
    assert_int_equal(d.still_to_invoice, 33000);
    assert_int_equal(d.invoices_left, 11);
    assert_int_equal(d.next_invoice, test_date("2025-05-15"));
    d = decide(&p, &s, "2025-03-10");
    assert_int_equal(d.still_to_invoice, 0);

    /* Items: 10 seats at 5.00, one invoice 80.00: 11 x 80.00 = 880.00. */
    lapse_item seats;
    memset(&seats, 0, sizeof seats);
    memcpy(seats.name, "seats", 6);
    seats.quantity = 10;
    seats.unit_price = 500;
    s = example();
    s.item_count = 1;
    s.items = &seats;
    d = decide(NULL, &s, "2025-04-20");
    assert_int_equal(d.remaining_term_charge, 88000);
    d = decide(NULL, &s, "2025-03-10");
    assert_int_equal(d.remaining_term_charge, 0);
}

/* A recorded cancellation during the trial, auto-renew off, status and the
 * timeline. */
static void test_trial_status_and_timeline(void **state)
{
    (void)state;
    lapse_subscription s = example();
    s.cancelled_on = test_date("2025-03-10");
    lapse_status_info st;
    lapse_error_detail e;
    assert_int_equal(lapse_status_at(NULL, &s, test_date("2025-03-12"), &st, &e), LAPSE_OK);
    assert_int_equal(st.status, LAPSE_STATUS_ENDING);
    assert_int_equal(st.effective_end, test_date("2025-03-15"));
    assert_int_equal(lapse_status_at(NULL, &s, test_date("2025-03-15"), &st, &e), LAPSE_OK);
    assert_int_equal(st.status, LAPSE_STATUS_EXPIRED);
    assert_int_equal(lapse_status_at(NULL, &s, test_date("2025-06-13"), &st, &e), LAPSE_OK);
    assert_int_equal(st.status, LAPSE_STATUS_DELETED);
    /* A request after the trial: it already ended on 03-15. */
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-04-20");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_ERR_ALREADY_ENDED);
    assert_string_equal(e.field, "on");

    /* Auto-renew off during the trial: it ends with the trial. */
    s = example();
    s.auto_renew = 0;
    d = decide(NULL, &s, "2025-03-10");
    assert_true(d.warnings & LAPSE_WARNING_ALREADY_ENDING);
    assert_int_equal(d.effective_end, test_date("2025-03-15"));
    assert_int_equal(d.remaining_term_charge, 0);

    /* The timeline of a request during the trial: start, cancellation,
     * effective end, deletion, no invoice. */
    s = example();
    r.on = test_date("2025-03-10");
    lapse_event events[16];
    size_t count = 0;
    assert_int_equal(lapse_timeline(NULL, &s, &r, events, 16, &count, &e), LAPSE_OK);
    assert_int_equal(count, 4);
    assert_int_equal(events[0].kind, LAPSE_EVENT_START);
    assert_int_equal(events[0].date, test_date("2025-03-01"));
    assert_int_equal(events[1].kind, LAPSE_EVENT_CANCELLATION);
    assert_int_equal(events[2].kind, LAPSE_EVENT_EFFECTIVE_END);
    assert_int_equal(events[2].date, test_date("2025-03-15"));
    assert_int_equal(events[3].kind, LAPSE_EVENT_DATA_DELETED);
    /* After it: one start (2025-03-01), the first invoice on trial_end. */
    r.on = test_date("2025-04-20");
    assert_int_equal(lapse_timeline(NULL, &s, &r, events, 16, &count, &e), LAPSE_OK);
    assert_int_equal(events[0].kind, LAPSE_EVENT_START);
    assert_int_equal(events[0].date, test_date("2025-03-01"));
    assert_int_equal(events[1].kind, LAPSE_EVENT_INVOICE);
    assert_int_equal(events[1].date, test_date("2025-03-15"));
    assert_int_equal(events[1].amount, 3000);
    int starts = 0;
    for (size_t i = 0; i < count && i < 16; i++)
        starts += events[i].kind == LAPSE_EVENT_START;
    assert_int_equal(starts, 1);
}

static void test_trial_errors(void **state)
{
    (void)state;
    lapse_subscription s = example();
    s.trial_end = test_date("2025-02-28");
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-10");
    lapse_decision d;
    lapse_error_detail e;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_ERR_BEFORE_START);
    assert_string_equal(e.field, "trial_end");
    s.trial_end = LAPSE_DATE_MAX + 1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_ERR_DATE_RANGE);
    assert_string_equal(e.field, "trial_end");
    /* A chosen end during the trial is refused, naming end_on. */
    s = example();
    r.end_on = test_date("2025-05-01");
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(e.field, "end_on");
    /* trial_end equal to the start is no trial. */
    s.trial_end = s.start;
    r.end_on = LAPSE_DATE_NONE;
    lapse_subscription plain = test_subscription("2025-03-01", 12, 1, 3000);
    lapse_decision a, b;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &a, &e), LAPSE_OK);
    assert_int_equal(lapse_decide_cancel(NULL, &plain, &r, &b, &e), LAPSE_OK);
    assert_memory_equal(&a, &b, sizeof a);
    /* The policy key reads and writes. */
    lapse_policy p;
    assert_int_equal(lapse_policy_parse("trial_cancel = immediate", 24, &p, &e), LAPSE_OK);
    assert_int_equal(p.trial_cancel, LAPSE_TRIAL_CANCEL_IMMEDIATE);
    assert_int_not_equal(lapse_policy_parse("trial_cancel = never", 20, &p, &e), LAPSE_OK);
    assert_string_equal(e.field, "trial_cancel");
    assert_string_equal(lapse_name(LAPSE_KIND_WARNING, LAPSE_WARNING_IN_TRIAL), "in_trial");
}

/* The explanation says so, in English and Italian. */
static void test_trial_explained(void **state)
{
    (void)state;
    lapse_subscription s = example();
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-10");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    lapse_error_detail e;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
    char text[4096];
    size_t length;
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "en", text, sizeof text, &length, &e),
                     LAPSE_OK);
    assert_non_null(strstr(text, "during the free trial (to 2025-03-14): access ends after "
                                 "2025-03-14 and nothing is charged"));
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "it", text, sizeof text, &length, &e),
                     LAPSE_OK);
    assert_non_null(strstr(text, "durante la prova gratuita"));
}

/* Properties over generated inputs. */

static void generate_trial(uint64_t *rng, lapse_policy *p, lapse_subscription *s, lapse_request *r)
{
    test_generate(rng, 2, p, s, r);
    s->trial_end = s->start + (lapse_date)test_range(rng, 1, 60);
    p->cooling_off_days = 0; /* counts from the conclusion: not a shift */
}

/* A trial equals the same subscription started at trial_end for every
 * request after the trial (cooling-off aside, which counts from the
 * conclusion). */
static void test_trial_is_a_later_start(void **state)
{
    (void)state;
    uint64_t rng = 31;
    int compared = 0;
    for (int i = 0; i < 100000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        generate_trial(&rng, &p, &s, &r);
        if (r.on < s.trial_end)
            r.on = s.trial_end + (lapse_date)test_range(&rng, 0, 800);
        if (s.cancelled_on != LAPSE_DATE_NONE && s.cancelled_on < s.trial_end)
            s.cancelled_on = s.trial_end;
        lapse_subscription later = s;
        later.start = s.trial_end;
        later.trial_end = LAPSE_DATE_NONE;
        lapse_decision a, b;
        lapse_error_detail e;
        lapse_error ea = lapse_decide_cancel(&p, &s, &r, &a, &e);
        lapse_error eb = lapse_decide_cancel(&p, &later, &r, &b, &e);
        assert_int_equal(ea, eb);
        if (ea != LAPSE_OK)
            continue;
        /* The term of the request is the same; so is everything else. */
        assert_memory_equal(&a, &b, sizeof a);
        compared++;
    }
    assert_true(compared > 30000);
}

/* During the trial nothing is charged, the end is never past trial_end, a
 * later request never ends earlier, and the status agrees. */
static void test_trial_requests(void **state)
{
    (void)state;
    uint64_t rng = 3131;
    int decided = 0;
    for (int i = 0; i < 100000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        generate_trial(&rng, &p, &s, &r);
        p.trial_cancel = (lapse_trial_cancel)test_range(&rng, 0, 1);
        s.cancelled_on = LAPSE_DATE_NONE;
        r.end_on = LAPSE_DATE_NONE;
        r.on = s.start + (lapse_date)test_range(&rng, 0, s.trial_end - s.start + 40);
        lapse_decision d, later;
        lapse_error_detail e;
        lapse_error error = lapse_decide_cancel(&p, &s, &r, &d, &e);
        if (error == LAPSE_ERR_BILLING_INTERVAL || error == LAPSE_ERR_MISSING ||
            (error == LAPSE_ERR_ALREADY_ENDED && r.on >= s.trial_end))
            continue; /* generated against an evergreen policy; after the end */
        assert_int_equal(error, LAPSE_OK);
        decided++;
        if (r.on < s.trial_end) {
            assert_int_equal(d.remaining_term_charge, 0);
            assert_int_equal(d.still_to_invoice, 0);
            assert_int_equal(d.refund, 0);
            assert_int_equal(d.termination_fee, 0);
            assert_true(d.effective_end <= s.trial_end);
            assert_true(d.effective_end >= r.on);
            assert_true(d.warnings & LAPSE_WARNING_IN_TRIAL);
        }
        lapse_request r2 = r;
        r2.on = r.on + 1;
        lapse_error error2 = lapse_decide_cancel(&p, &s, &r2, &later, &e);
        if (error2 == LAPSE_ERR_ALREADY_ENDED)
            assert_true(r2.on >= d.effective_end);
        else {
            assert_int_equal(error2, LAPSE_OK);
            assert_true(later.effective_end >= d.effective_end);
        }
        /* The status, with a cancellation during the trial recorded, on
         * every date to the end: ending, then expired (after the trial the
         * plan is a later start's: test_trial_is_a_later_start). */
        if (r.on >= s.trial_end)
            continue;
        lapse_subscription c = s;
        c.cancelled_on = r.on;
        for (lapse_date day = r.on; day < d.effective_end && day < r.on + 40; day++) {
            lapse_status_info st;
            assert_int_equal(lapse_status_at(&p, &c, day, &st, &e), LAPSE_OK);
            assert_int_equal(st.status, LAPSE_STATUS_ENDING);
            assert_int_equal(st.effective_end, d.effective_end);
        }
        lapse_status_info st;
        assert_int_equal(lapse_status_at(&p, &c, d.effective_end, &st, &e), LAPSE_OK);
        assert_true(st.status == LAPSE_STATUS_EXPIRED || st.status == LAPSE_STATUS_DELETED);
    }
    assert_true(decided > 50000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_during_the_trial),
        cmocka_unit_test(test_request_after_the_trial),
        cmocka_unit_test(test_contract_notice_counts_from_trial_end),
        cmocka_unit_test(test_cooling_off_counts_from_the_start),
        cmocka_unit_test(test_trial_with_billing_variants),
        cmocka_unit_test(test_trial_status_and_timeline),
        cmocka_unit_test(test_trial_errors),
        cmocka_unit_test(test_trial_explained),
        cmocka_unit_test(test_trial_is_a_later_start),
        cmocka_unit_test(test_trial_requests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
