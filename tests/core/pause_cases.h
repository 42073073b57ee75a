/* Steps the pause properties (test_pause_properties.c,
 * test_pause_combinations.c) take alike: a request moved after the
 * resume, two subscriptions decided side by side, and a term that a
 * shifting pause moved. */
#ifndef LAPSE_TESTS_PAUSE_CASES_H
#define LAPSE_TESTS_PAUSE_CASES_H

#include "event_order.h"
#include "testutil.h"

/* The request, and a recorded cancellation if any, on or after the resume;
 * a chosen end after the request. */
static inline void ask_after_the_resume(uint64_t *rng, lapse_subscription *s, lapse_request *r)
{
    if (r->on < s->resumes_on)
        r->on = s->resumes_on + (lapse_date)test_range(rng, 0, 500);
    if (s->cancelled_on != LAPSE_DATE_NONE && s->cancelled_on < s->resumes_on)
        s->cancelled_on = s->resumes_on + (lapse_date)test_range(rng, 0, 500);
    if (r->end_on != LAPSE_DATE_NONE && r->end_on <= r->on)
        r->end_on = r->on + 1;
}

/* The shift case of both pause properties: `s` paused n whole months (n
 * from 1 to 14, returned) under a policy whose pause moves the term, the
 * request after the resume, and in *shifted the same subscription unpaused
 * and started n months later.  False when a date falls off the calendar
 * (the case is skipped). */
static inline bool shifted_pause_case(uint64_t *rng, lapse_policy *p, lapse_subscription *s,
                                      lapse_request *r, lapse_subscription *shifted, int32_t *n)
{
    p->pause_extends_term = 1;
    p->cooling_off_days = 0;
    *n = (int32_t)test_range(rng, 1, 14);
    if (lapse_date_add_months(s->paused_from, *n, &s->resumes_on) != LAPSE_OK)
        return false;
    ask_after_the_resume(rng, s, r);
    *shifted = *s;
    shifted->paused_from = shifted->resumes_on = LAPSE_DATE_NONE;
    return lapse_date_add_months(s->start, *n, &shifted->start) == LAPSE_OK;
}

/* Decides the request for `sa` and for `sb`; fails case i when only one of
 * them is an error.  True when both decided. */
static inline bool decide_both(const lapse_policy *p, const lapse_subscription *sa,
                               const lapse_subscription *sb, const lapse_request *r,
                               lapse_decision *a, lapse_decision *b, int i, const char *what_a,
                               const char *what_b)
{
    lapse_error_detail e;
    lapse_error ea = lapse_decide_cancel(p, sa, r, a, &e);
    lapse_error eb = lapse_decide_cancel(p, sb, r, b, NULL);
    if (ea != eb)
        fail_msg("case %d: %s %d (%s: %s), %s %d", i, what_a, ea, ea ? e.field : "",
                 ea ? e.message : "", what_b, eb);
    return ea == LAPSE_OK;
}

/* `a` of a subscription paused n whole months (the term moved), `b` of it
 * unpaused and started n months later: a term begun before the pause
 * began n months earlier than b's.  Checks that, makes a's term_start
 * b's, and says whether it was so. */
static inline bool term_began_before_the_pause(lapse_decision *a, const lapse_decision *b,
                                               int32_t n, const lapse_subscription *paused)
{
    if (a->term_start == b->term_start)
        return false;
    lapse_date moved;
    assert_int_equal(lapse_date_add_months(a->term_start, n, &moved), LAPSE_OK);
    assert_int_equal(moved, b->term_start);
    assert_true(a->term_start < paused->paused_from);
    a->term_start = b->term_start;
    return true;
}

#endif
