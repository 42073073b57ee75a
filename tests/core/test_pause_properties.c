/* Pauses (#31 item 3): properties over generated inputs. */
#include <stdio.h>

#include "testutil.h"

/* The k-th billing-period boundary (k >= 1) of a subscription without
 * calendar billing: start + k x billing months, or up front the k-th term
 * boundary (renewal months apart after the first term).  False past the
 * calendar. */
static bool period_start(const lapse_policy *p, const lapse_subscription *s, int32_t k,
                         lapse_date *out)
{
    int64_t months;
    if (s->billing > 0) {
        months = (int64_t)k * s->billing;
    } else {
        int32_t renewal = p->renewal == LAPSE_RENEWAL_EVERGREEN ? 1
                          : s->renewal_term                     ? s->renewal_term
                                                                : s->term;
        months = s->term + (int64_t)(k - 1) * renewal;
    }
    return months < 12000 && lapse_date_add_months(s->start, (int32_t)months, out) == LAPSE_OK;
}

/* A generated subscription with a pause on a period boundary (no calendar
 * billing, no trial, a start on a day <= 28 so that no boundary clamps),
 * the request around it; false when the pause would pass the calendar. */
static bool generate_paused(uint64_t *rng, lapse_policy *p, lapse_subscription *s, lapse_request *r)
{
    test_generate(rng, 2, p, s, r);
    s->billing_day = s->billing_month = 0;
    int32_t y, m, d;
    lapse_date_to_ymd(s->start, &y, &m, &d);
    if (d > 27) /* never a month's last day: month_end sticky changes nothing */
        s->start -= d - 27;
    p->pause_extends_term = (int32_t)test_range(rng, 0, 1);
    int32_t k = (int32_t)test_range(rng, 1, s->billing == 1 ? 30 : 6);
    lapse_date from, to;
    if (!period_start(p, s, k, &from))
        return false;
    if (p->pause_extends_term)
        to = from + (lapse_date)test_range(rng, 1, 200);
    else if (!period_start(p, s, k + (int32_t)test_range(rng, 1, 4), &to))
        return false;
    s->paused_from = from;
    s->resumes_on = to;
    /* The request and a recorded cancellation near the pause. */
    r->on = from + (lapse_date)test_range(rng, -120, to - from + 400);
    if (r->on < s->start)
        r->on = s->start;
    if (s->cancelled_on != LAPSE_DATE_NONE)
        s->cancelled_on = r->on + (lapse_date)test_range(rng, -60, 300);
    if (s->cancelled_on != LAPSE_DATE_NONE && s->cancelled_on < s->start)
        s->cancelled_on = s->start;
    if (r->end_on != LAPSE_DATE_NONE)
        r->end_on = r->on + (lapse_date)test_range(rng, 1, 500);
    return true;
}

/* A decision's error that generation may meet: a generated evergreen
 * policy's billing, a renewal price it needs, a date past a recorded end. */
static bool expected_error(lapse_error error)
{
    return error == LAPSE_ERR_BILLING_INTERVAL || error == LAPSE_ERR_MISSING ||
           error == LAPSE_ERR_ALREADY_ENDED || error == LAPSE_ERR_DATE_RANGE;
}

/* Length 0: a pause from a day to the same day is refused, naming
 * resumes_on (it is never read as no pause); and a pause after everything a
 * decision looks at (its term and its end before paused_from) changes
 * nothing in it. */
static void test_pause_of_no_days(void **state)
{
    (void)state;
    uint64_t rng = 310;
    long refused = 0, unchanged = 0;
    for (int i = 0; i < 100000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate_paused(&rng, &p, &s, &r))
            continue;
        lapse_decision a, b;
        lapse_error_detail e;
        lapse_subscription none = s;
        none.resumes_on = none.paused_from;
        lapse_error error = lapse_decide_cancel(&p, &none, &r, &a, &e);
        if (error == LAPSE_ERR_OUT_OF_RANGE && strcmp(e.field, "resumes_on") == 0)
            refused++;
        else
            assert_true(error != LAPSE_OK); /* an error of another field first */
        none.paused_from = none.resumes_on = LAPSE_DATE_NONE;
        /* No chosen end: a contract owing its term is charged to the end
         * of the term of a chosen end, which may pass the pause. */
        r.on = s.start + (lapse_date)test_range(&rng, 0, s.paused_from - s.start - 1);
        r.end_on = LAPSE_DATE_NONE;
        if (lapse_decide_cancel(&p, &none, &r, &a, &e) != LAPSE_OK)
            continue;
        if (a.term_end >= s.paused_from || a.effective_end >= s.paused_from ||
            r.on >= s.paused_from)
            continue;
        if (s.cancelled_on != LAPSE_DATE_NONE && s.cancelled_on >= s.paused_from)
            continue;
        /* Charged no further than the end: a contract owing its term (or a
         * fee on its remaining commitment) counts the periods to the end of
         * its end's term, which may be a later one, past the pause. */
        if (s.contract && p.commitment != LAPSE_COMMITMENT_WAIVED)
            continue;
        assert_int_equal(lapse_decide_cancel(&p, &s, &r, &b, &e), LAPSE_OK);
        size_t at = 0;
        while (at < sizeof a && ((const char *)&a)[at] == ((const char *)&b)[at])
            at++;
        if (at < sizeof a)
            fail_msg("case %d (byte %zu differs; warnings %x / %x): start %d term %d billing %d, "
                     "pause %d to %d (extends %d), asked "
                     "%d end_on %d, ends %d, term end %d; remaining %lld / %lld, still %lld / "
                     "%lld, left %d / %d",
                     i, at, a.warnings, b.warnings, s.start, s.term, s.billing, s.paused_from,
                     s.resumes_on, p.pause_extends_term, r.on, r.end_on, a.effective_end,
                     a.term_end, (long long)a.remaining_term_charge,
                     (long long)b.remaining_term_charge, (long long)a.still_to_invoice,
                     (long long)b.still_to_invoice, a.invoices_left, b.invoices_left);
        unchanged++;
    }
    print_message("# %ld pauses of no days refused, %ld decisions before a pause unchanged\n",
                  refused, unchanged);
    assert_true(refused > 80000 && unchanged > 5000);
}

/* A later request never ends earlier (or the subscription has ended by
 * then), around and in the pause. */
static void test_later_request_never_ends_earlier(void **state)
{
    (void)state;
    uint64_t rng = 311;
    long compared = 0, in_pause = 0;
    for (int i = 0; i < 150000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate_paused(&rng, &p, &s, &r))
            continue;
        r.end_on = LAPSE_DATE_NONE;
        lapse_decision a, b;
        lapse_error_detail e;
        lapse_error error = lapse_decide_cancel(&p, &s, &r, &a, &e);
        if (expected_error(error))
            continue;
        if (error)
            fail_msg("case %d: %s: %s", i, e.field, e.message);
        lapse_request later = r;
        later.on = r.on + (lapse_date)test_range(&rng, 1, 60);
        error = lapse_decide_cancel(&p, &s, &later, &b, &e);
        if (error == LAPSE_ERR_ALREADY_ENDED) {
            assert_true(later.on >= a.effective_end);
            continue;
        }
        if (expected_error(error))
            continue;
        assert_int_equal(error, LAPSE_OK);
        if (b.effective_end < a.effective_end)
            fail_msg("case %d: asked %d ends %d, asked %d ends %d", i, r.on, a.effective_end,
                     later.on, b.effective_end);
        in_pause += r.on >= s.paused_from && r.on < s.resumes_on;
        compared++;
    }
    print_message("# %ld pairs compared, %ld asked in the pause\n", compared, in_pause);
    assert_true(compared > 60000 && in_pause > 10000);
}

/* Timeline, status and decision agree: the invoices the timeline lists
 * after the request are the decision's still_to_invoice, invoices_left and
 * next_invoice; none is dated within the pause (in arrears the period
 * before it is invoiced on paused_from, its end of service); its end and
 * deletion are the decision's; with the request recorded as the
 * cancellation, the status is paused on the days of the pause before the
 * end, ending on the others, expired or deleted from the end. */
static void test_timeline_status_and_decision_agree(void **state)
{
    (void)state;
    uint64_t rng = 312;
    enum { CAPACITY = 1024 };
    static lapse_event events[CAPACITY];
    long checked = 0, paused_days = 0, arrears = 0;
    for (int i = 0; i < 60000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate_paused(&rng, &p, &s, &r))
            continue;
        if (test_range(&rng, 0, 1))
            p.invoicing = LAPSE_INVOICING_IN_ARREARS;
        s.cancelled_on = LAPSE_DATE_NONE;
        r.end_on = LAPSE_DATE_NONE; /* a recorded cancellation has none */
        lapse_decision d;
        size_t count;
        lapse_error_detail e;
        lapse_error error = lapse_decide_cancel(&p, &s, &r, &d, &e);
        if (expected_error(error))
            continue;
        if (error)
            fail_msg("case %d: %s: %s", i, e.field, e.message);
        assert_int_equal(lapse_timeline(&p, &s, &r, events, CAPACITY, &count, &e), LAPSE_OK);
        if (count > CAPACITY)
            continue;
        int64_t after = 0;
        int32_t left = 0;
        lapse_date next = LAPSE_DATE_NONE, ended = LAPSE_DATE_NONE, deleted = LAPSE_DATE_NONE;
        bool arrears_policy = p.invoicing == LAPSE_INVOICING_IN_ARREARS;
        for (size_t k = 0; k < count; k++) {
            if (k > 0 && events[k].date < events[k - 1].date)
                fail_msg("case %d: event %zu (kind %d) on %d after kind %d on %d; pause %d to "
                         "%d, request %d, arrears %d",
                         i, k, events[k].kind, events[k].date, events[k - 1].kind,
                         events[k - 1].date, s.paused_from, s.resumes_on, r.on,
                         p.invoicing == LAPSE_INVOICING_IN_ARREARS);
            if (events[k].kind == LAPSE_EVENT_EFFECTIVE_END)
                ended = events[k].date;
            if (events[k].kind == LAPSE_EVENT_DATA_DELETED)
                deleted = events[k].date;
            if (events[k].kind != LAPSE_EVENT_INVOICE)
                continue;
            lapse_date date = events[k].date;
            if (date >= s.paused_from && date < s.resumes_on &&
                !(arrears_policy && date == s.paused_from))
                fail_msg("case %d: an invoice on %d, within the pause %d to %d (extends %d, "
                         "arrears %d, billing %d term %d start %d), request %d, ends %d, timing "
                         "%d immediate_end %d cooling %d",
                         i, date, s.paused_from, s.resumes_on, p.pause_extends_term, arrears_policy,
                         s.billing, s.term, s.start, r.on, d.effective_end, p.timing,
                         p.immediate_end, p.cooling_off_days);
            if (date > r.on) {
                after += events[k].amount;
                left++;
                if (next == LAPSE_DATE_NONE)
                    next = date;
            }
        }
        if (after != d.still_to_invoice || left != d.invoices_left || next != d.next_invoice)
            fail_msg("case %d: timeline %lld in %d from %d, decision %lld in %d from %d", i,
                     (long long)after, left, next, (long long)d.still_to_invoice, d.invoices_left,
                     d.next_invoice);
        assert_int_equal(ended, d.effective_end);
        assert_int_equal(deleted, d.data_deleted_on);
        /* The status with the request recorded. */
        lapse_subscription c = s;
        c.cancelled_on = r.on;
        lapse_decision first;
        if (lapse_decide_cancel(&p, &c, &r, &first, &e) != LAPSE_OK)
            continue;
        lapse_date stop = d.effective_end < r.on + 400 ? d.effective_end : r.on + 400;
        for (lapse_date day = r.on; day < stop; day += 1 + (lapse_date)test_range(&rng, 0, 6)) {
            lapse_status_info st;
            assert_int_equal(lapse_status_at(&p, &c, day, &st, &e), LAPSE_OK);
            bool paused = day >= s.paused_from && day < s.resumes_on;
            if (d.warnings & LAPSE_WARNING_ALREADY_ENDING)
                break; /* not renewing anyway: the cancellation is not the end's */
            assert_int_equal(st.status, paused ? LAPSE_STATUS_PAUSED : LAPSE_STATUS_ENDING);
            assert_int_equal(st.effective_end, d.effective_end);
            paused_days += paused;
        }
        lapse_status_info st;
        assert_int_equal(lapse_status_at(&p, &c, d.effective_end, &st, &e), LAPSE_OK);
        assert_true(st.status == LAPSE_STATUS_EXPIRED || st.status == LAPSE_STATUS_DELETED);
        arrears += arrears_policy;
        checked++;
    }
    print_message("# %ld decisions against their timeline and status, %ld in arrears, %ld "
                  "paused days\n",
                  checked, arrears, paused_days);
    assert_true(checked > 25000 && arrears > 10000 && paused_days > 20000);
}

/* With pause_extends_term true a pause of n whole months (a start on a day
 * <= 27: no boundary clamps) is a shift: for a request on or after
 * resumes_on (a recorded cancellation, if any, too) and no cooling-off (it
 * counts from the conclusion), the decision is that of the same
 * subscription unpaused and started n months later, except term_start when
 * the request's term began before the pause: it is then n months earlier
 * (the paused subscription's term began at its own start). */
static void test_pause_is_a_shift(void **state)
{
    (void)state;
    uint64_t rng = 313;
    long compared = 0, earlier_term = 0;
    for (int i = 0; i < 150000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate_paused(&rng, &p, &s, &r))
            continue;
        p.pause_extends_term = 1;
        p.cooling_off_days = 0;
        int32_t n = (int32_t)test_range(&rng, 1, 14);
        if (lapse_date_add_months(s.paused_from, n, &s.resumes_on) != LAPSE_OK)
            continue;
        if (r.on < s.resumes_on)
            r.on = s.resumes_on + (lapse_date)test_range(&rng, 0, 500);
        if (s.cancelled_on != LAPSE_DATE_NONE && s.cancelled_on < s.resumes_on)
            s.cancelled_on = s.resumes_on + (lapse_date)test_range(&rng, 0, 500);
        if (r.end_on != LAPSE_DATE_NONE && r.end_on <= r.on)
            r.end_on = r.on + 1;
        lapse_subscription shifted = s;
        shifted.paused_from = shifted.resumes_on = LAPSE_DATE_NONE;
        if (lapse_date_add_months(s.start, n, &shifted.start) != LAPSE_OK)
            continue;
        lapse_decision a, b;
        lapse_error_detail e;
        lapse_error ea = lapse_decide_cancel(&p, &s, &r, &a, &e);
        lapse_error eb = lapse_decide_cancel(&p, &shifted, &r, &b, NULL);
        if (ea != eb)
            fail_msg("case %d: paused %d (%s: %s), shifted %d", i, ea, ea ? e.field : "",
                     ea ? e.message : "", eb);
        if (ea != LAPSE_OK)
            continue;
        if (a.term_start != b.term_start) {
            lapse_date moved;
            assert_int_equal(lapse_date_add_months(a.term_start, n, &moved), LAPSE_OK);
            assert_int_equal(moved, b.term_start);
            assert_true(a.term_start < s.paused_from);
            a.term_start = b.term_start;
            earlier_term++;
        }
        assert_memory_equal(&a, &b, sizeof a);
        compared++;
    }
    print_message("# %ld paused decisions equal to the later start's, %ld with the term begun "
                  "before the pause\n",
                  compared, earlier_term);
    assert_true(compared > 50000 && earlier_term > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pause_of_no_days),
        cmocka_unit_test(test_later_request_never_ends_earlier),
        cmocka_unit_test(test_timeline_status_and_decision_agree),
        cmocka_unit_test(test_pause_is_a_shift),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
