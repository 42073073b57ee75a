/*
 * Terms and the end of a cancellation (term.c): the term containing a date,
 * the end a cancellation meets, and the range errors of boundaries past
 * the calendar.
 */
#ifndef LAPSE_CORE_TERM_H
#define LAPSE_CORE_TERM_H

#include "lapse.h"

#include <stdbool.h>

#include "calendar.h"
#include "compiler.h"
#include "plan.h"

/* The term containing a date, as month offsets from the anchor and dates. */
typedef struct lapse__term {
    int32_t months; /* lapse_months_since(start, date), >= 0 */
    int32_t index;  /* k: term 0 is the initial term */
    int32_t end_offset;
    int32_t length; /* months */
    lapse_date start;
    lapse_date end;
} lapse__term;

/* How a cancellation made on a date ends the subscription. */
typedef struct lapse__end {
    lapse__term term; /* the term containing the cancellation date */
    lapse_date effective_end;
    lapse_date charge_until;    /* billing periods starting before it are charged */
    int32_t charge_months;      /* charge_until as months from the anchor, when it is
                                 * a month boundary; -1 when it is not */
    lapse_date notice_deadline; /* LAPSE_DATE_NONE when notice does not apply */
    bool notice_missed;
    bool cooling_off; /* ended at once, everything paid refunded */
    bool trial;       /* ended during the free trial: nothing charged */
    /* Within cooling-off, the consumer owes what was provided (policy
     * cooling_off_charge proportionate, an express request, informed): the
     * current period is charged, its undelivered days refunded. */
    bool proportionate;
} lapse__end;

/* Does notice apply to a term of `length` months (R7 and the policy's
 * notice scope)? */
static inline bool lapse__notice_applies(const lapse_policy *policy, const lapse_subscription *s,
                                         int32_t length)
{
    switch (policy->notice_applies) {
    case LAPSE_NOTICE_APPLIES_FIXED_TERM_CONTRACTS: return s->contract && length > 1;
    case LAPSE_NOTICE_APPLIES_TERMS_OVER_A_MONTH: return length > 1;
    case LAPSE_NOTICE_APPLIES_NEVER: break;
    }
    return false;
}

/* The term containing `date` (>= start).  LAPSE_ERR_DATE_RANGE (field "on")
 * if the term ends after 9999-12-31. */
lapse_error lapse__term_at(const lapse__plan *plan, lapse_date date, lapse__term *term,
                           lapse_error_detail *detail);

/* The end of a cancellation made on `date` of a subscription not cancelled
 * before, under the plan's policy (R2, R7 and the policy's timing, notice, cooling-off and
 * commitment): by default the end of the current term, or of the next one
 * when a fixed-term contract's notice was missed; without auto-renew, the
 * end of the current term.  `end_on` (or LAPSE_DATE_NONE) is a chosen end:
 * the end is then the later of that and the first end the timing allows on
 * or after end_on. */
lapse_error lapse__end_of_cancellation(const lapse__plan *plan, lapse_date date, lapse_date end_on,
                                       lapse__end *end, lapse_error_detail *detail);

/* The end in force on `date` when the subscription already stops renewing
 * (cancelled on or before `date`, or auto-renew off); *ending is false (and
 * *end untouched) when it still renews. */
lapse_error lapse__existing_end(const lapse__plan *plan, lapse_date date, bool *ending,
                                lapse__end *end, lapse_error_detail *detail);

/* LAPSE_ERR_DATE_RANGE for `fault` (a result past the calendar), said of
 * the date that led to it: when `blamed_cancellation` is a date, of that
 * recorded cancellation, which the caller can change (field "cancelled_on",
 * "cancellation date C: <fault>"); else of the request date `request`
 * ("request date D: <fault>"), or with no date when that is none, in
 * `field`.  The one place these messages are formatted. */
lapse_error lapse__range_error(lapse_date blamed_cancellation, const char *field,
                               lapse_date request, const char *fault, lapse_error_detail *detail);

/* The range error of lapse__boundary: `what` would fall after 9999-12-31,
 * said of the request date (or the plan's blamed cancellation). */
lapse_error lapse__boundary_error(const lapse__plan *plan, lapse_date date, const char *what,
                                  lapse_error_detail *detail);

/* The date `months` after the plan's anchor, or a range error naming the
 * request date that led there (or the plan's blamed cancellation). */
static inline lapse_error lapse__boundary(const lapse__plan *plan, int64_t months, lapse_date date,
                                          const char *what, lapse_date *out,
                                          lapse_error_detail *detail)
{
    if (LAPSE__LIKELY(lapse__plan_date(plan, months, out)))
        return LAPSE_OK;
    return lapse__boundary_error(plan, date, what, detail);
}

/* The end a cancellation request made on `on` meets: the end already in
 * force (*ending true: an earlier cancellation, no auto-renew, no renewal),
 * else the end of a cancellation made on `on` (*ending false).  Within the
 * cooling-off period a request always makes a fresh cancellation. */
lapse_error lapse__request_end(const lapse__plan *plan, lapse_date on, lapse_date end_on,
                               bool *ending, lapse__end *end, lapse_error_detail *detail);

/* The range error of lapse__deletion_date. */
lapse_error lapse__deletion_error(const lapse__plan *plan, lapse_date date,
                                  lapse_date effective_end, lapse_error_detail *detail);

/* The day the data of a subscription ending on effective_end are deleted
 * (+ retention_days), as asked on `date`; past 9999-12-31 a range error
 * (field "on"), blamed on the recorded cancellation when it was cancelled
 * by `date` (lapse__range_error).  Inline: every decision asks it. */
static inline lapse_error lapse__deletion_date(const lapse__plan *plan, lapse_date date,
                                               lapse_date effective_end, lapse_date *out,
                                               lapse_error_detail *detail)
{
    int64_t deleted = (int64_t)effective_end + plan->policy->retention_days;
    if (LAPSE__UNLIKELY(deleted > LAPSE_DATE_MAX))
        return lapse__deletion_error(plan, date, effective_end, detail);
    *out = (lapse_date)deleted;
    return LAPSE_OK;
}

#endif
