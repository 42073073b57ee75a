/*
 * A subscription's plan under a policy: its terms, billing periods and the
 * end of a cancellation, each boundary the anchor plus a month offset.
 */
#ifndef LAPSE_CORE_PLAN_H
#define LAPSE_CORE_PLAN_H

#include "lapse.h"

#include <stdbool.h>

#include "calendar.h"
#include "compiler.h"

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
} lapse__end;

/* Renewal term length in months (0 in the subscription means `term`). */
static inline int32_t lapse__renewal_term(const lapse_subscription *s)
{
    return s->renewal_term ? s->renewal_term : s->term;
}

/* A validated subscription under a policy, with its anchor split once. */
typedef struct lapse__plan {
    const lapse_subscription *s;
    const lapse_policy *policy;
    lapse__anchor anchor;
    int32_t renewal; /* months: the renewal term, or 1 for an evergreen policy */
} lapse__plan;

static inline lapse__plan lapse__plan_of(const lapse_policy *policy, const lapse_subscription *s)
{
    int32_t renewal = policy->renewal == LAPSE_RENEWAL_EVERGREEN ? 1 : lapse__renewal_term(s);
    return (lapse__plan){ s, policy, lapse__anchor_of(s->start), renewal };
}

/* Month offset from the anchor of the start of term k >= 0. */
static inline int64_t lapse__term_offset(const lapse__plan *plan, int64_t k)
{
    return k == 0 ? 0 : plan->s->term + (k - 1) * (int64_t)plan->renewal;
}

/* The index of the term that begins `months` (>= 0) after the anchor or
 * contains that month. */
static inline int32_t lapse__term_index(const lapse__plan *plan, int32_t months)
{
    if (months < plan->s->term)
        return 0;
    /* Monthly renewals need no division, the common case after a contract. */
    int32_t past = months - plan->s->term;
    return 1 + (plan->renewal == 1 ? past : past / plan->renewal);
}

/* The index of the billing period containing the month `months` after the
 * anchor: periods of `billing` months, or one per term when billed up front. */
static inline int32_t lapse__period_index(const lapse__plan *plan, int32_t months)
{
    int32_t billing = plan->s->billing;
    return billing == 1 ? months : billing > 0 ? months / billing : lapse__term_index(plan, months);
}

/* Month offset from the anchor of the start of billing period `index`. */
static inline int64_t lapse__period_offset(const lapse__plan *plan, int32_t index)
{
    int32_t billing = plan->s->billing;
    return billing > 0 ? (int64_t)index * billing : lapse__term_offset(plan, index);
}

/* The term containing `date` (>= start).  LAPSE_ERR_DATE_RANGE (field "on")
 * if the term ends after 9999-12-31. */
lapse_error lapse__term_at(const lapse__plan *plan, lapse_date date, lapse__term *term,
                           lapse_error_detail *detail);

/* The end of a cancellation made on `date` of a subscription not cancelled
 * before (R2, R7 and the policy's timing, notice, cooling-off and
 * commitment): by default the end of the current term, or of the next one
 * when a fixed-term contract's notice was missed; without auto-renew, the
 * end of the current term. */
lapse_error lapse__end_of_cancellation(const lapse_policy *policy, const lapse__plan *plan,
                                       lapse_date date, lapse__end *end,
                                       lapse_error_detail *detail);

/* The end in force on `date` when the subscription already stops renewing
 * (cancelled on or before `date`, or auto-renew off); *ending is false (and
 * *end untouched) when it still renews. */
lapse_error lapse__existing_end(const lapse_policy *policy, const lapse__plan *plan,
                                lapse_date date, bool *ending, lapse__end *end,
                                lapse_error_detail *detail);

/* The range error of lapse__boundary, naming the request date. */
lapse_error lapse__boundary_error(lapse_date date, const char *what, lapse_error_detail *detail);

/* The date `months` after the plan's anchor, or a range error naming the
 * request date that led there. */
static inline lapse_error lapse__boundary(const lapse__plan *plan, int64_t months, lapse_date date,
                                          const char *what, lapse_date *out,
                                          lapse_error_detail *detail)
{
    if (LAPSE__LIKELY(lapse__anchor_add(plan->anchor, months, out)))
        return LAPSE_OK;
    return lapse__boundary_error(date, what, detail);
}

/* The end a cancellation request made on `on` meets: the end already in
 * force (*ending true: an earlier cancellation, no auto-renew, no renewal),
 * else the end of a cancellation made on `on` (*ending false).  Within the
 * cooling-off period a request always makes a fresh cancellation. */
lapse_error lapse__request_end(const lapse_policy *policy, const lapse__plan *plan, lapse_date on,
                               bool *ending, lapse__end *end, lapse_error_detail *detail);

/* The decision (cancel.c) on inputs already checked (lapse__check_inputs);
 * *end (optional) receives the end it found, for the timeline. */
lapse_error lapse__decide(const lapse_policy *policy, const lapse_subscription *subscription,
                          const lapse_request *request, lapse_decision *decision, lapse__end *end,
                          lapse_error_detail *detail);

/* effective_end + retention_days, or LAPSE_ERR_DATE_RANGE (field "on"). */
lapse_error lapse__deletion_date(const lapse_policy *policy, lapse_date effective_end,
                                 lapse_date *out, lapse_error_detail *detail);

/* The subscription was cancelled on or before `date`. */
static inline bool lapse__cancelled_by(const lapse_subscription *s, lapse_date date)
{
    return s->cancelled_on != LAPSE_DATE_NONE && s->cancelled_on <= date;
}

#endif
