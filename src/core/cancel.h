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
 * the refund it paid, where the refund went (applied_to_balance,
 * cash_refund, account_credit, balance_after) and the termination fee it
 * charged, as the decision of a first request on that date gave them, in
 * those fields of *settled (the others zero); all 0 without one, the
 * balance after it the balance. */
lapse_error lapse__settlement(const lapse_policy *policy, const lapse_subscription *subscription,
                              lapse_decision *settled, lapse_error_detail *detail);

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

/* How many of billing periods first..last (none when first > last, first
 * >= 0) are introductory ones, at the intro price, initial ones, at the
 * price, and renewal ones, at the renewal price. */
void lapse__period_counts(const lapse__plan *plan, int64_t first, int64_t last, int64_t *intro,
                          int64_t *initial, int64_t *renewal);

/* The start and end of billing period `index` (-1: the leading partial
 * period); a range error said of the request date `on`. */
lapse_error lapse__period_bounds(const lapse__plan *plan, int32_t index, lapse_date on,
                                 lapse_date *start, lapse_date *end, lapse_error_detail *detail);

/* The days of the share of billing period [start, stop) from `from` on
 * (served: before `from`): *left of *days, as the policy's proration_days
 * counts them (30: Kill Bill's fixed days, capped at the period's). */
void lapse__share_days(const lapse__plan *plan, lapse_date start, lapse_date stop, lapse_date from,
                       bool served, int64_t *left, int64_t *days);

/* The billing period containing the term's request date. */
int32_t lapse__current_period(const lapse__plan *plan, const lapse__term *term);

/* What a cancellation settles (refund, termination fee and their
 * warnings) into *d, for the request on `on` in billing period `current`. */
lapse_error lapse__settle(const lapse__plan *plan, int32_t current, const lapse__end *end,
                          lapse_date on, lapse_decision *d, lapse_error_detail *detail);

/* Whether lapse__settle can refund or charge anything: within cooling-off,
 * for a contract whose commitment is not simply owed (the commitment's
 * fee), or under a refund policy in advance (the refund).  When it cannot
 * (the default policy) the decision does not call it; test_properties'
 * test_settles_nothing_when_skipped checks that it gives nothing then. */
bool lapse__settles_anything(const lapse__plan *plan, const lapse__end *end);

/* The decision (cancel.c) on inputs already checked (lapse__check_inputs);
 * *end (optional) receives the end it found, for the timeline.  Without
 * *end, under a common policy, lapse__decide_common first; where it
 * declines, lapse__decide_general. */
lapse_error lapse__decide(const lapse_policy *policy, const lapse_subscription *subscription,
                          const lapse_request *request, lapse_decision *decision, lapse__end *end,
                          lapse_error_detail *detail);

/* The decision the general way: every rule of every policy, the plan, the
 * end and the term each found by its own function (the twin the common
 * path is tested equal to). */
lapse_error lapse__decide_general(const lapse_policy *policy,
                                  const lapse_subscription *subscription,
                                  const lapse_request *request, lapse_decision *decision,
                                  lapse__end *end, lapse_error_detail *detail);

/* The policies the common path covers: the end of the term (with any
 * notice rule), auto or evergreen renewal, invoiced in advance, no refund,
 * the commitment owed, no cooling-off; the default policy among them.
 * Any other key (roles, flags, notice and retention days, month_end, the
 * settlement's keys) may take any value. */
bool lapse__common_policy(const lapse_policy *policy);

/* The decision of lapse__decide_general in one pass, for a common policy
 * (lapse__common_policy) and inputs already checked, when the
 * subscription and request are of the common shape (no items, calendar
 * billing, trial, introductory price, chosen end or reduction; a
 * cancellation on record may be): the plan, the term and the end found
 * once, the decision filled from them.
 * False (and *decision unspecified) when they are not, or when a boundary
 * or an amount leaves the range: the general path then gives the error
 * and names it.  When it is false because the request is on or after the
 * end the subscription already has (R2, LAPSE_ERR_ALREADY_ENDED), *ended
 * (optional) receives that end, else LAPSE_DATE_NONE.
 * test_properties' test_common_path_is_the_general_one holds the two
 * equal, field for field, and the error's message too. */
bool lapse__decide_common(const lapse_policy *policy, const lapse_subscription *subscription,
                          const lapse_request *request, lapse_decision *decision,
                          lapse_date *ended);

#endif
