/*
 * The decision of a cancellation (cancel.c): the invoices a cancellation's
 * end leaves, what a recorded cancellation settled, and the decision on
 * inputs already checked.
 */
#ifndef LAPSE_CORE_CANCEL_H
#define LAPSE_CORE_CANCEL_H

#include "lapse.h"

#include <stdbool.h>

#include "plan.h"
#include "term.h"

/* What the recorded cancellation of a subscription (cancelled_on) settled:
 * the refund it paid and the termination fee it charged, as the decision
 * of a first request on that date gave them; both 0 without one. */
lapse_error lapse__settlement(const lapse_policy *policy, const lapse_subscription *subscription,
                              int64_t *refund, int64_t *termination_fee,
                              lapse_error_detail *detail);

/* In arrears, what billing period [start, stop) costs for the days served
 * before `until`: price x served / days, the days as proration_days counts
 * them (actual days served, capped at the period's) and rounded by
 * rounding, as a refund's share is; false past 64 bits. */
bool lapse__served_share(const lapse__plan *plan, lapse_date start, lapse_date stop,
                         lapse_date until, int64_t price, int64_t *out);

/* The invoice of billing period [start, stop) at `price` under a
 * cancellation's end: the one rule of which invoices are issued, their
 * dates and amounts, that the decision's figures and the timeline both
 * follow.  In advance at the period's start, when that is before
 * charge_until; in arrears at its end when charge_until does not cut it
 * short, else at charge_until for the days served (lapse__served_share).
 * Within cooling-off nothing more is charged: no invoice on or after
 * charge_until (the day after the withdrawal).  *date is LAPSE_DATE_NONE
 * when the period is not invoiced; false past 64 bits. */
bool lapse__invoice(const lapse__plan *plan, const lapse__end *end, lapse_date start,
                    lapse_date stop, int64_t price, lapse_date *date, int64_t *amount);

/* The decision (cancel.c) on inputs already checked (lapse__check_inputs);
 * *end (optional) receives the end it found, for the timeline. */
lapse_error lapse__decide(const lapse_policy *policy, const lapse_subscription *subscription,
                          const lapse_request *request, lapse_decision *decision, lapse__end *end,
                          lapse_error_detail *detail);

#endif
