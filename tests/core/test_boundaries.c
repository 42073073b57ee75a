/* Every rule's boundary day, the day before, on and after it (issue #34):
 * the notice deadline (R7), cooling-off (rules.md money 4), the effective
 * end and the deletion date (R10, R12), the term end (R1, R2), the billing
 * period end (timing end_of_billing_period) and a chosen end (end_on,
 * money 9).  Every expected date is worked out from docs/rules.md in the
 * comment above it. */
#include "testutil.h"
#include "edges.h"

#include <string.h>

static lapse_date day(const char *text) { return test_date(text); }

/* R7: a 12-month contract from 2025-01-01, billed monthly, default policy:
 * the term ends 2026-01-01, the deadline is 30 days before, 2025-12-02.
 * On or before it the term's end is the end; after it the term renews and
 * the next term's end (2027-01-01) is, with notice_missed. */
static void test_notice_deadline(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 10000);
    s.contract = 1;
    static const struct {
        const char *on, *end;
        bool missed;
        int64_t still;
        int32_t invoices;
    } cases[] = {
        { "2025-12-01", "2026-01-01", false, 0, 0 },
        { "2025-12-02", "2026-01-01", false, 0, 0 },
        /* December 100.00 + 12 x 100.00, 12 invoices still to come. */
        { "2025-12-03", "2027-01-01", true, 120000, 12 },
    };
    for (size_t i = 0; i < 3; i++) {
        lapse_request r = edge_request(cases[i].on, LAPSE_CHANNEL_SUPPORT, EDGE_BA);
        lapse_decision d = edge_decide(NULL, &s, &r);
        assert_int_equal(d.notice_deadline, day("2025-12-02"));
        assert_int_equal(d.effective_end, day(cases[i].end));
        assert_int_equal((d.warnings & LAPSE_WARNING_NOTICE_MISSED) != 0, cases[i].missed);
        assert_int_equal(d.still_to_invoice, cases[i].still);
        assert_int_equal(d.invoices_left, cases[i].invoices);
        assert_int_equal(d.remaining_term_charge, cases[i].still + 10000);
    }
}

/* Money 4: eu-consumer, 14 days from 2025-01-01 (the start does not count):
 * 01-14 and 01-15 are in (ends the next day, the invoice of 20.00 issued
 * at the start refunded, nothing more charged), 01-16 is out (ends with
 * its billing period, 2025-02-01, nothing refunded). */
static void test_cooling_off(void **state)
{
    (void)state;
    lapse_policy p;
    assert_int_equal(lapse_policy_preset("eu-consumer", &p, NULL), LAPSE_OK);
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 2000);
    static const struct {
        const char *on, *end;
        int64_t refund, charge;
    } cases[] = {
        { "2025-01-14", "2025-01-15", 2000, 0 },
        { "2025-01-15", "2025-01-16", 2000, 0 },
        { "2025-01-16", "2025-02-01", 0, 2000 },
    };
    for (size_t i = 0; i < 3; i++) {
        lapse_request r = edge_request(cases[i].on, LAPSE_CHANNEL_ONLINE, EDGE_BA);
        lapse_decision d = edge_decide(&p, &s, &r);
        assert_int_equal(d.effective_end, day(cases[i].end));
        assert_int_equal(d.refund, cases[i].refund);
        assert_int_equal(d.remaining_term_charge, cases[i].charge);
        assert_int_equal(d.still_to_invoice, 0);
    }
}

/* R10, R12, E8: E1 (monthly from 2025-01-31, 20.00) cancelled on
 * 2025-03-10 ends 2025-03-31 and its data are deleted 90 days later,
 * 2025-06-29.  Its status: ending before the end, expired from it,
 * deleted from the deletion date. */
static void test_effective_end_and_deletion(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-31", 1, 1, 2000);
    s.cancelled_on = day("2025-03-10");
    static const struct {
        const char *on;
        lapse_status status;
    } cases[] = {
        { "2025-03-30", LAPSE_STATUS_ENDING },  { "2025-03-31", LAPSE_STATUS_EXPIRED },
        { "2025-04-01", LAPSE_STATUS_EXPIRED }, { "2025-06-28", LAPSE_STATUS_EXPIRED },
        { "2025-06-29", LAPSE_STATUS_DELETED }, { "2025-06-30", LAPSE_STATUS_DELETED },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lapse_status_info st;
        assert_int_equal(lapse_status_at(NULL, &s, day(cases[i].on), &st, NULL), LAPSE_OK);
        if (st.status != cases[i].status)
            fail_msg("%s: %s, expected %s", cases[i].on, lapse_name(LAPSE_KIND_STATUS, st.status),
                     lapse_name(LAPSE_KIND_STATUS, cases[i].status));
        assert_int_equal(st.effective_end, day("2025-03-31"));
        assert_int_equal(st.data_deleted_on, day("2025-06-29"));
    }
    /* retention_days moves the deletion day, and only it. */
    lapse_policy p;
    lapse_policy_default(&p);
    p.retention_days = 1;
    lapse_status_info st;
    assert_int_equal(lapse_status_at(&p, &s, day("2025-03-31"), &st, NULL), LAPSE_OK);
    assert_int_equal(st.status, LAPSE_STATUS_EXPIRED);
    assert_int_equal(st.data_deleted_on, day("2025-04-01"));
    assert_int_equal(lapse_status_at(&p, &s, day("2025-04-01"), &st, NULL), LAPSE_OK);
    assert_int_equal(st.status, LAPSE_STATUS_DELETED);
    p.retention_days = 0; /* deleted on the effective end itself */
    assert_int_equal(lapse_status_at(&p, &s, day("2025-03-30"), &st, NULL), LAPSE_OK);
    assert_int_equal(st.status, LAPSE_STATUS_ENDING);
    assert_int_equal(lapse_status_at(&p, &s, day("2025-03-31"), &st, NULL), LAPSE_OK);
    assert_int_equal(st.status, LAPSE_STATUS_DELETED);
}

/* R1, R2: an annual self-serve term from 2025-01-01 billed monthly at
 * 10.00.  A request on 2025-12-31 ends the first term on 2026-01-01 (its
 * last period, December, already invoiced); one on 2026-01-01, the second
 * term's first day, ends it on 2027-01-01 (12 periods charged, the first
 * invoiced that day, 11 still to come); so does one on 01-02. */
static void test_term_end(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 1000);
    static const struct {
        const char *on, *term_start, *end;
        int64_t charge, still;
    } cases[] = {
        { "2025-12-31", "2025-01-01", "2026-01-01", 1000, 0 },
        { "2026-01-01", "2026-01-01", "2027-01-01", 12000, 11000 },
        { "2026-01-02", "2026-01-01", "2027-01-01", 12000, 11000 },
    };
    for (size_t i = 0; i < 3; i++) {
        lapse_request r = edge_request(cases[i].on, LAPSE_CHANNEL_ONLINE, EDGE_BA);
        lapse_decision d = edge_decide(NULL, &s, &r);
        assert_int_equal(d.term_start, day(cases[i].term_start));
        assert_int_equal(d.term_end, day(cases[i].end));
        assert_int_equal(d.effective_end, day(cases[i].end));
        assert_int_equal(d.remaining_term_charge, cases[i].charge);
        assert_int_equal(d.still_to_invoice, cases[i].still);
        assert_int_equal(d.data_deleted_on, day(cases[i].end) + 90);
    }
}

/* Timing end_of_billing_period: an annual term from 2025-01-31 billed
 * monthly (periods 01-31, 02-28, 03-31: no drift).  A request on 02-27
 * ends with its period on 02-28; one on 02-28, the next period's first
 * day, on 03-31; so does one on 03-01.  Each charges its one period. */
static void test_billing_period_end(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    p.timing = LAPSE_TIMING_END_OF_BILLING_PERIOD;
    lapse_subscription s = test_subscription("2025-01-31", 12, 1, 1000);
    static const struct {
        const char *on, *end;
    } cases[] = {
        { "2025-02-27", "2025-02-28" },
        { "2025-02-28", "2025-03-31" },
        { "2025-03-01", "2025-03-31" },
    };
    for (size_t i = 0; i < 3; i++) {
        lapse_request r = edge_request(cases[i].on, LAPSE_CHANNEL_ONLINE, EDGE_BA);
        lapse_decision d = edge_decide(&p, &s, &r);
        assert_int_equal(d.effective_end, day(cases[i].end));
        assert_int_equal(d.remaining_term_charge, 1000);
        assert_int_equal(d.still_to_invoice, 0);
        assert_int_equal(d.refund, 0);
    }
}

/* Money 9: monthly from 2025-01-31 at 20.00, request 2025-03-10.  end_on
 * is the first term boundary on or after it: 06-29 and 06-30 give
 * 2025-06-30, 07-01 gives 2025-07-31 (one more period).  end_on on or
 * before the request date is an error naming it; the day after is the
 * earliest (here the policy's own end, 03-31, is later). */
static void test_end_on(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-31", 1, 1, 2000);
    static const struct {
        const char *end_on, *end;
        int64_t charge, still;
        int32_t invoices;
    } cases[] = {
        /* Periods 02-28, 03-31, 04-30, 05-31: 80.00, 60.00 in 3 invoices. */
        { "2025-06-29", "2025-06-30", 8000, 6000, 3 },
        { "2025-06-30", "2025-06-30", 8000, 6000, 3 },
        { "2025-07-01", "2025-07-31", 10000, 8000, 4 },
        { "2025-03-11", "2025-03-31", 2000, 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lapse_request r = edge_request("2025-03-10", LAPSE_CHANNEL_ONLINE, EDGE_BA);
        r.end_on = day(cases[i].end_on);
        lapse_decision d = edge_decide(NULL, &s, &r);
        assert_int_equal(d.effective_end, day(cases[i].end));
        assert_int_equal(d.remaining_term_charge, cases[i].charge);
        assert_int_equal(d.still_to_invoice, cases[i].still);
        assert_int_equal(d.invoices_left, cases[i].invoices);
        assert_int_equal(d.warnings & LAPSE_WARNING_NOTICE_MISSED, 0);
    }
    /* Under immediate timing end_on itself is the end: the day after the
     * request is allowed, the request day and the day before are not. */
    lapse_policy p;
    assert_int_equal(lapse_policy_preset("immediate-prorated", &p, NULL), LAPSE_OK);
    static const char *const refused[] = { "2025-03-09", "2025-03-10" };
    for (size_t i = 0; i < 2; i++) {
        lapse_request r = edge_request("2025-03-10", LAPSE_CHANNEL_ONLINE, EDGE_BA);
        r.end_on = day(refused[i]);
        lapse_decision d;
        lapse_error_detail detail;
        assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
        assert_string_equal(detail.field, "end_on");
    }
    lapse_request r = edge_request("2025-03-10", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    r.end_on = day("2025-03-11");
    lapse_decision d = edge_decide(&p, &s, &r);
    assert_int_equal(d.effective_end, day("2025-03-11"));
}

/* R7 at the calendar's first day (mutation run, docs/testing.md): a
 * 12-month contract from 0001-01-01 ends its term on 0002-01-01, and with
 * 365 days' notice its deadline is 0001-01-01 itself, the first day there
 * is: a deadline, not a range error.  One more day of notice would put it
 * before 0001-01-01: that is the error, naming notice_days. */
static void test_notice_deadline_on_the_first_day(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    p.notice_days = 365;
    lapse_subscription s = test_subscription("0001-01-01", 12, 1, 1000);
    s.contract = 1;
    lapse_request r = edge_request("0001-01-01", LAPSE_CHANNEL_SUPPORT, EDGE_BA);
    lapse_decision d = edge_decide(&p, &s, &r);
    assert_int_equal(d.notice_deadline, LAPSE_DATE_MIN);
    assert_int_equal(d.effective_end, day("0002-01-01"));
    assert_int_equal(d.warnings & LAPSE_WARNING_NOTICE_MISSED, 0);
    p.notice_days = 366;
    lapse_error_detail detail;
    assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, &detail), LAPSE_ERR_DATE_RANGE);
    assert_string_equal(detail.field, "notice_days");
}

/* Cooling-off of a single day (mutation run: plan.h 'cooling_off_days > 0'
 * to '> 1'): from 2025-01-01, a request on 01-02 is within it (ends the
 * next day, the start's invoice refunded), one on 01-03 is not. */
static void test_one_day_of_cooling_off(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    p.cooling_off_days = 1;
    lapse_subscription s = test_subscription("2025-01-01", 1, 1, 2000);
    lapse_request r = edge_request("2025-01-02", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    lapse_decision d = edge_decide(&p, &s, &r);
    assert_int_equal(d.effective_end, day("2025-01-03"));
    assert_int_equal(d.refund, 2000);
    assert_int_equal(d.remaining_term_charge, 0);
    r.on = day("2025-01-03");
    d = edge_decide(&p, &s, &r);
    assert_int_equal(d.effective_end, day("2025-02-01"));
    assert_int_equal(d.refund, 0);
}

/* An amount into a buffer exactly its length (mutation run: money.c's copy
 * 'length < size - 1' to 'size + 1'): snprintf rules, the text cut one
 * byte short and nothing written past the buffer. */
static void test_amount_into_a_buffer_its_length(void **state)
{
    (void)state;
    char buf[9];
    memset(buf, '#', sizeof buf);
    assert_int_equal(lapse_amount_format(123450, "EUR", buf, 7), 7);
    assert_string_equal(buf, "1234.5");
    assert_int_equal(buf[7], '#');
    memset(buf, '#', sizeof buf);
    assert_int_equal(lapse_amount_format(123450, "EUR", buf, 8), 7);
    assert_string_equal(buf, "1234.50");
    assert_int_equal(buf[8], '#');
}

/* The events of one day in the documented order (timeline.c: ... refund,
 * termination fee, effective end): a same-day end under a fixed fee puts
 * the cancellation, the fee and the end on the request day, in that order. */
static void test_same_day_events_in_order(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    p.timing = LAPSE_TIMING_IMMEDIATE;
    p.immediate_end = LAPSE_IMMEDIATE_END_SAME_DAY;
    p.commitment = LAPSE_COMMITMENT_FIXED_FEE;
    p.termination_fee = 1000;
    memcpy(p.termination_fee_currency, "EUR", 4);
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 10000);
    s.contract = 1;
    lapse_request r = edge_request("2025-03-10", LAPSE_CHANNEL_SUPPORT, EDGE_BA);
    lapse_event events[64];
    size_t count = 0;
    assert_int_equal(lapse_timeline(&p, &s, &r, events, 64, &count, NULL), LAPSE_OK);
    lapse_event_kind same_day[8];
    size_t n = 0;
    for (size_t i = 0; i < count && n < 8; i++)
        if (events[i].date == r.on)
            same_day[n++] = events[i].kind;
    assert_int_equal(n, 3);
    assert_int_equal(same_day[0], LAPSE_EVENT_CANCELLATION);
    assert_int_equal(same_day[1], LAPSE_EVENT_TERMINATION_FEE);
    assert_int_equal(same_day[2], LAPSE_EVENT_EFFECTIVE_END);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notice_deadline),
        cmocka_unit_test(test_cooling_off),
        cmocka_unit_test(test_effective_end_and_deletion),
        cmocka_unit_test(test_term_end),
        cmocka_unit_test(test_billing_period_end),
        cmocka_unit_test(test_end_on),
        cmocka_unit_test(test_notice_deadline_on_the_first_day),
        cmocka_unit_test(test_one_day_of_cooling_off),
        cmocka_unit_test(test_amount_into_a_buffer_its_length),
        cmocka_unit_test(test_same_day_events_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
