/*
 * The cancellation decision: who may cancel and where (R5, R6), when it
 * takes effect (R2, R7), what is still charged and refunded (R3, R4), what
 * to warn about (R8, R9), when data go (R10) and how it is confirmed (R12).
 */
#include "cancel.h"

#include <string.h>

#include "checked.h"
#include "fail.h"
#include "model.h"
#include "plan.h"
#include "reduce.h"
#include "term.h"
#include "validate.h"

static uint32_t blocking_reasons(const lapse_policy *policy, const lapse_subscription *s,
                                 const lapse_request *r, int32_t term_length, bool *authorized)
{
    uint32_t reasons = 0;
    bool billing_admin = r->roles & LAPSE_ROLE_BILLING_ADMIN;
    /* R5: a billing admin always may; other roles only on contract accounts. */
    *authorized = billing_admin || (s->contract && (r->roles & policy->contract_roles));
    if (!*authorized)
        reasons |= LAPSE_REASON_NOT_AUTHORIZED;
    if (r->channel == LAPSE_CHANNEL_ONLINE) {
        /* R6 lists every reason that holds, not just the first. */
        if (policy->online_needs_billing_admin && !billing_admin)
            reasons |= LAPSE_REASON_NEEDS_BILLING_ADMIN;
        if (!s->online_cancel)
            reasons |= LAPSE_REASON_ONLINE_UNAVAILABLE;
        if (policy->contract_via_support && s->contract && term_length > 1)
            reasons |= LAPSE_REASON_CONTRACT_VIA_SUPPORT;
        if (policy->balance_blocks_online && s->balance > 0)
            reasons |= LAPSE_REASON_OUTSTANDING_BALANCE;
        if (!r->can_sign_in)
            reasons |= LAPSE_REASON_CANNOT_SIGN_IN;
    }
    return reasons;
}

/* R5, R6 (who may cancel, through which channel), R8 and R9: the route
 * and the warnings every decision carries.  Both paths of the decision
 * (lapse__decide_general, lapse__decide_common) fill them so. */
static inline void permissions(const lapse_policy *policy, const lapse_subscription *s,
                               const lapse_request *r, int32_t term_length, lapse_decision *d)
{
    bool authorized;
    d->blocked = blocking_reasons(policy, s, r, term_length, &authorized);
    d->allowed = d->blocked == 0;
    d->route = !authorized                                        ? LAPSE_ROUTE_NONE
               : d->allowed && r->channel == LAPSE_CHANNEL_ONLINE ? LAPSE_ROUTE_ONLINE
                                                                  : LAPSE_ROUTE_SUPPORT;
    d->warnings |= LAPSE_WARNING_BACK_UP_DATA;
    if (s->licenses > 0)
        d->warnings |= LAPSE_WARNING_LICENSES_ASSIGNED;
    if (s->balance > 0)
        d->warnings |= LAPSE_WARNING_OUTSTANDING_BALANCE;
    if (r->channel == LAPSE_CHANNEL_SUPPORT) {
        d->missing_support_info = LAPSE_SUPPORT_INFO_ALL & ~r->provided;
        if (d->missing_support_info)
            d->warnings |= LAPSE_WARNING_SUPPORT_INFO_MISSING;
    }
}

static lapse_error too_large(const lapse_subscription *s, const char *what,
                             lapse_error_detail *detail)
{
    char price[LAPSE_AMOUNT_TEXT_SIZE];
    lapse_amount_format(s->price, s->currency, price, sizeof price);
    return lapse__fail(detail, LAPSE_ERR_AMOUNT_RANGE, "price",
                       "price %s %s: the %s is beyond the 64-bit range of amounts", price,
                       s->currency, what);
}

/* How many of billing periods first..last (none when first > last) are
 * introductory ones, at the intro price, initial ones, at the price, and
 * renewal ones, at the renewal price.  Inlined into period_sum, and it
 * into invoiced: on the common path, whose plan has no introductory price
 * and no pause, the compiler drops their arithmetic (called, they cost
 * the path 79 instructions a decision: the plan written to memory and
 * both calls). */
static LAPSE__INLINE void period_counts(const lapse__plan *plan, int64_t first, int64_t last,
                                        int64_t *intro, int64_t *initial, int64_t *renewal)
{
    int64_t intro_end = plan->intro_periods, renewal_first = plan->first_renewal_period;
    *intro = (last < intro_end ? last : intro_end - 1) - first + 1;
    *initial = (last < renewal_first ? last : renewal_first - 1) -
               (first > intro_end ? first : intro_end) + 1;
    *renewal = last - (first > renewal_first ? first : renewal_first) + 1;
    *intro = *intro > 0 ? *intro : 0;
    *initial = *initial > 0 ? *initial : 0;
    *renewal = *renewal > 0 ? *renewal : 0;
    if (LAPSE__UNLIKELY(plan->resume_period > plan->pause_period)) {
        /* Periods paused under a kept term are not invoiced: the intro
         * periods among them are lost, not moved (docs/rules.md,
         * "Introductory prices"). */
        *intro -= lapse__paused_between(plan, first, last < intro_end ? last : intro_end - 1);
        *initial -= lapse__paused_between(plan, first > intro_end ? first : intro_end,
                                          last < renewal_first ? last : renewal_first - 1);
        *renewal -=
            lapse__paused_between(plan, first > renewal_first ? first : renewal_first, last);
    }
}

void lapse__period_counts(const lapse__plan *plan, int64_t first, int64_t last, int64_t *intro,
                          int64_t *initial, int64_t *renewal)
{
    period_counts(plan, first, last, intro, initial, renewal);
}

/* The prices of billing periods first..last (the leading one, -1, at its
 * own price); false past 64 bits. */
static LAPSE__INLINE bool period_sum(const lapse__plan *plan, int64_t first, int64_t last,
                                     int64_t *out)
{
    int64_t intro, initial, renewal, a, b, c;
    int64_t leading = first < 0 && last >= -1 ? plan->leading_price : 0;
    period_counts(plan, first < 0 ? 0 : first, last, &intro, &initial, &renewal);
    return lapse__mul(plan->price, initial, &a) && lapse__mul(plan->renewal_price, renewal, &b) &&
           lapse__mul(plan->intro_price, intro, &c) && lapse__add(a, b, out) &&
           lapse__add(*out, c, out) && lapse__add(*out, leading, out);
}

/* The start and end of billing period `index`, within the calendar (-1:
 * the leading partial period, from the start to the first billing day). */
lapse_error lapse__period_bounds(const lapse__plan *plan, int32_t index, lapse_date on,
                                 lapse_date *start, lapse_date *end, lapse_error_detail *detail)
{
    if (index < 0) {
        *start = plan->start;
        *end = plan->first_billing;
        return LAPSE_OK;
    }
    lapse_error error = lapse__boundary(plan, lapse__period_offset(plan, index), on,
                                        "the billing period", start, detail);
    return error ? error
                 : lapse__boundary(plan, lapse__period_offset(plan, index + 1), on,
                                   "the end of the billing period", end, detail);
}

/* The last billing period charged: the one containing the day before
 * charge_until (current - 1 when that is before the current period: a
 * same-day end in arrears on the period's first day). */
static inline int32_t last_charged(const lapse__plan *plan, const lapse__term *term,
                                   const lapse__end *end)
{
    if (plan->s->billing == 0 && end->charge_months == term->end_offset)
        return term->index; /* to the end of the current term: no division */
    return lapse__period_index(
        plan, end->charge_months >= 0 ? end->charge_months - 1
                                      : (int32_t)lapse__plan_months(plan, end->charge_until - 1));
}

/* R4: the periods from the current one to the last that starts before
 * charge_until (> request date, so at least one), and those still to be
 * invoiced. */
static LAPSE__INLINE lapse_error invoiced(const lapse__plan *plan, const lapse__term *term,
                                          const lapse__end *end, int32_t current, lapse_date on,
                                          lapse_decision *d, lapse_error_detail *detail)
{
    int32_t last = last_charged(plan, term, end);
    /* During a pause that moves the term the request's period is the one
     * before the pause, served and paid: no current period is left, the
     * charge is the periods from the resume on. */
    int32_t first =
        LAPSE__UNLIKELY(plan->shifted) && lapse__in_pause(plan, on) ? current + 1 : current;
    /* Periods paused under a kept term have no invoice. */
    int64_t later = (int64_t)last - current - lapse__paused_between(plan, current + 1, last);
    d->invoices_left = later > 0 ? (int32_t)later : 0;
    /* The next invoice is before charge_until, so it is in range. */
    if (d->invoices_left > 0) {
        int32_t next = lapse__period_paused(plan, current + 1) ? plan->resume_period : current + 1;
        lapse__plan_date(plan, lapse__period_offset(plan, next), &d->next_invoice);
    }
    if (!period_sum(plan, first, last, &d->remaining_term_charge))
        return too_large(plan->s, "remaining-term charge", detail);
    /* The same sum without the current period's invoice (issued): no
     * second sum, and it fits as the whole did. */
    d->still_to_invoice = last < first ? 0
                          : first == current
                              ? d->remaining_term_charge - lapse__period_price(plan, current)
                              : d->remaining_term_charge;
    return LAPSE_OK;
}

/* The days of the share of billing period [start, stop) from `from` on
 * (served: before `from`): *left of *days, as the policy's proration_days
 * counts them.  Under 30 the period counts 30 a month and the share Kill
 * Bill's fixed days (lapse__days_30), capped at the period's, so no share
 * passes it; the whole period is the whole price. */
void lapse__share_days(const lapse__plan *plan, lapse_date start, lapse_date stop, lapse_date from,
                       bool served, int64_t *left, int64_t *days)
{
    /* The leading partial period, already a share, counts its real days. */
    bool leading = plan->leading && start == plan->start && stop == plan->first_billing;
    int64_t months = 0;
    if (plan->policy->proration_days == LAPSE_PRORATION_DAYS_30 && !leading)
        months = lapse__plan_months(plan, stop) - lapse__plan_months(plan, start);
    /* The period before a pause that moves the term is served to
     * paused_from: the days from there to resumes_on are no part of it. */
    if (LAPSE__UNLIKELY(plan->shifted) && stop != lapse__served_stop(plan, stop)) {
        stop = lapse__served_stop(plan, stop);
        from = from < stop ? from : stop;
    }
    *left = served ? (int64_t)from - start : (int64_t)stop - from;
    *days = (int64_t)stop - start;
    if (plan->policy->proration_days == LAPSE_PRORATION_DAYS_30 && !leading) {
        *days = 30 * months;
        bool whole = served ? from >= stop : from <= start;
        if (whole)
            *left = *days;
        else if (*left > 0)
            *left = served ? lapse__days_30(start, from) : lapse__days_30(from, stop);
    }
    if (served || plan->policy->proration_days == LAPSE_PRORATION_DAYS_30)
        *left = *left < *days ? *left : *days;
}

/* R3 and the policy's refund: only for service not delivered, when the
 * effective end falls before the end of the current billing period. */
static lapse_error refund(const lapse__plan *plan, int32_t current, const lapse__end *end,
                          lapse_date on, lapse_decision *d, lapse_error_detail *detail)
{
    if (plan->policy->refund == LAPSE_REFUND_NONE)
        return LAPSE_OK;
    lapse_date start, stop;
    lapse_error error = lapse__period_bounds(plan, current, on, &start, &stop, detail);
    /* Before a pause that moves the term the period is served to
     * paused_from: an end in the pause leaves nothing undelivered. */
    if (error || end->effective_end >= lapse__served_stop(plan, stop))
        return error;
    int64_t price = lapse__period_price(plan, current), left, days;
    lapse__share_days(plan, start, stop, end->effective_end, false, &left, &days);
    if (plan->policy->refund == LAPSE_REFUND_FULL)
        d->refund = price;
    else if (!lapse__share(price, left, days, plan->policy->rounding, &d->refund))
        return too_large(plan->s, "refund", detail);
    return LAPSE_OK;
}

/* The undelivered days of billing period `period` [start, stop), the one
 * containing the effective end, are part of what the customer is released
 * from unless that period was invoiced and they are not refunded: paid and
 * kept, they are not released a second time.  In arrears a period cut
 * short is invoiced for the days served only; in advance a period is
 * invoiced when it starts before charge_until, and its undelivered days are
 * refunded when the policy refunds and it is the request's own period. */
static bool share_released(const lapse__plan *plan, const lapse__end *end, int32_t period,
                           int32_t current, lapse_date start, lapse_date stop)
{
    if (lapse__in_arrears(plan) || start >= end->charge_until)
        return true;
    return plan->policy->refund != LAPSE_REFUND_NONE && period == current &&
           end->effective_end < stop;
}

/* The remaining commitment of a contract ended at end->effective_end before
 * its term's end, what the customer is released from, exactly, as a
 * numerator over *denominator: every period starting on or after the end
 * at its price, plus the undelivered share of the period containing it
 * when that share is released (share_released). */
static lapse_error remaining_commitment(const lapse__plan *plan, const lapse__end *end,
                                        int32_t current, const lapse__term *term, lapse_date on,
                                        lapse__u128 *value, int64_t *denominator,
                                        lapse_error_detail *detail)
{
    int32_t months = (int32_t)lapse__plan_months(plan, end->effective_end);
    int32_t period = plan->s->billing == 0 ? term->index : lapse__period_index(plan, months);
    int32_t term_last = lapse__period_index(plan, term->end_offset - 1);
    lapse_date start, stop;
    lapse_error error = lapse__period_bounds(plan, period, on, &start, &stop, detail);
    if (error)
        return error;
    /* The later periods' prices in 128 bits: their sum may pass 64 bits
     * while a percentage of it does not. */
    int64_t intro, initial, renewal;
    lapse__period_counts(plan, period + 1, term_last, &intro, &initial, &renewal);
    lapse__u128 later = lapse__u128_mul((uint64_t)plan->price, (uint64_t)initial);
    if (!lapse__u128_add(&later, lapse__u128_mul((uint64_t)plan->intro_price, (uint64_t)intro)))
        return too_large(plan->s, "remaining commitment", detail);
    int64_t left;
    lapse__share_days(plan, start, stop, end->effective_end, false, &left, denominator);
    if (!share_released(plan, end, period, current, start, stop))
        left = 0;
    if (!lapse__u128_add(&later,
                         lapse__u128_mul((uint64_t)plan->renewal_price, (uint64_t)renewal)) ||
        later.hi >> 32 != 0)
        return too_large(plan->s, "remaining commitment", detail);
    /* later x denominator: later < 2^96 and the denominator < 2^20 days. */
    *value = later;
    if (!lapse__u128_scale(value, (uint32_t)*denominator) ||
        !lapse__u128_add(
            value, lapse__u128_mul((uint64_t)lapse__period_price(plan, period), (uint64_t)left)))
        return too_large(plan->s, "remaining commitment", detail);
    return LAPSE_OK;
}

/* The policy's commitment: a contract ended before the end of the term of
 * its last day of service is charged nothing more (waived), a percentage
 * of its remaining commitment, or a fixed fee never above it. */
static lapse_error commitment(const lapse__plan *plan, const lapse__end *end, int32_t current,
                              lapse_date on, lapse_decision *d, lapse_error_detail *detail)
{
    const lapse_policy *policy = plan->policy;
    if (!plan->s->contract || policy->commitment == LAPSE_COMMITMENT_OWED)
        return LAPSE_OK;
    /* The term of the last day of service: of the start when none was
     * served (a same-day end on the first day). */
    lapse_date last_day = end->effective_end > plan->start ? end->effective_end - 1 : plan->start;
    lapse__term term;
    lapse_error error = lapse__term_at(plan, last_day, &term, detail);
    if (error || end->effective_end >= term.end)
        return error;
    if (policy->commitment == LAPSE_COMMITMENT_WAIVED) {
        d->warnings |= LAPSE_WARNING_COMMITMENT_WAIVED;
        return LAPSE_OK;
    }
    lapse__u128 value = { 0, 0 };
    int64_t denominator = 1, remaining;
    if ((error = remaining_commitment(plan, end, current, &term, on, &value, &denominator, detail)))
        return error;
    if (policy->commitment == LAPSE_COMMITMENT_PERCENT_FEE) {
        if (!lapse__u128_scale(&value, (uint32_t)policy->termination_fee_percent) ||
            !lapse__u128_div_by(value, (uint64_t)denominator * 100, policy->rounding,
                                &d->termination_fee))
            return too_large(plan->s, "termination fee", detail);
    } else if (lapse__u128_div_by(value, (uint64_t)denominator, policy->rounding, &remaining)) {
        d->termination_fee =
            policy->termination_fee < remaining ? policy->termination_fee : remaining;
    } else {
        d->termination_fee = policy->termination_fee; /* below a commitment past 64 bits */
    }
    if (d->termination_fee > 0)
        d->warnings |= LAPSE_WARNING_TERMINATION_FEE;
    return LAPSE_OK;
}

bool lapse__served_share(const lapse__plan *plan, lapse_date start, lapse_date stop,
                         lapse_date until, int64_t price, int64_t *out)
{
    /* The days served, counted as the days left are, capped at the
     * period's days. */
    int64_t served, days;
    lapse__share_days(plan, start, stop, until, true, &served, &days);
    return lapse__share(price, served, days, plan->policy->rounding, out);
}

bool lapse__invoice(const lapse__plan *plan, const lapse__end *end, lapse_date start,
                    lapse_date stop, int64_t price, lapse_date *date, int64_t *amount)
{
    *date = LAPSE_DATE_NONE;
    *amount = 0;
    if (!lapse__in_arrears(plan)) {
        if (start < end->charge_until) {
            *date = start;
            *amount = price;
        }
        return true;
    }
    /* Within cooling-off, everything refunded: no invoice after the request
     * day; a proportionate charge is invoiced as an immediate end is. */
    bool refunds_all = end->cooling_off && !end->proportionate;
    /* The period before a pause that moves the term is served to
     * paused_from, and invoiced then. */
    lapse_date served = lapse__served_stop(plan, stop);
    if (served <= end->charge_until) {
        /* Within cooling-off only the periods ended by the request day. */
        if (!refunds_all || served < end->charge_until) {
            *date = served;
            *amount = price;
        }
        return true;
    }
    if (refunds_all || start >= end->charge_until)
        return true;
    *date = end->charge_until;
    return lapse__served_share(plan, start, stop, end->charge_until, price, amount);
}

/* In arrears: each period invoiced at its end (lapse__invoice), so every
 * one charged is still to invoice, the current one too, but for an invoice
 * dated on the request date itself (a same-day end cutting the current
 * period short: R4, it is issued already, and still charged). */
static lapse_error invoiced_in_arrears(const lapse__plan *plan, const lapse__term *term,
                                       const lapse__end *end, int32_t current, lapse_date on,
                                       lapse_decision *d, lapse_error_detail *detail)
{
    int32_t last = last_charged(plan, term, end);
    /* During a pause that moves the term the period before it was invoiced
     * at paused_from: the first still to come is the resume's. */
    if (LAPSE__UNLIKELY(plan->shifted) && lapse__in_pause(plan, on))
        current++;
    /* Periods paused under a kept term have no invoice: the first that
     * has one. */
    if (LAPSE__UNLIKELY(lapse__period_paused(plan, current)))
        current = plan->resume_period;
    if (last < current)
        return LAPSE_OK; /* no day of the current period charged */
    lapse_date start, stop, date;
    lapse_error error = lapse__period_bounds(plan, last, on, &start, &stop, detail);
    if (error)
        return error;
    int64_t full, amount;
    if (!lapse__invoice(plan, end, start, stop, lapse__period_price(plan, last), &date, &amount) ||
        !period_sum(plan, current, last - 1, &full) ||
        !lapse__add(full, amount, &d->remaining_term_charge))
        return too_large(plan->s, "remaining-term charge", detail);
    bool issued = date <= on; /* only when last == current */
    d->still_to_invoice = issued ? full : d->remaining_term_charge;
    int64_t left =
        (int64_t)last - current + (issued ? 0 : 1) - lapse__paused_between(plan, current, last);
    d->invoices_left = left > 0 ? (int32_t)left : 0;
    if (d->invoices_left == 0)
        return LAPSE_OK;
    /* The current period's invoice: at its end (its days served), or where
     * it is cut. */
    if (current == last)
        d->next_invoice = date;
    else if ((error = lapse__boundary(plan, lapse__period_offset(plan, current + 1), on,
                                      "the next invoice", &d->next_invoice, detail)))
        return error;
    else
        d->next_invoice = lapse__served_stop(plan, d->next_invoice);
    return LAPSE_OK;
}

/* The billing period containing the term's request date; billed up front
 * the period is the term, whose index is known. */
int32_t lapse__current_period(const lapse__plan *plan, const lapse__term *term)
{
    return plan->s->billing == 0 ? term->index : lapse__period_index(plan, term->months);
}

/* Directive 2011/83/EU art. 14(3): a consumer who asked for the service to
 * begin within the withdrawal period owes what was provided: the periods
 * before the current one whole (not refunded), the current one its price x
 * the days served / its days (counted as proration_days says, rounded once
 * as rounding says); the refund is the current period's price less that.
 * In advance only: in arrears nothing was paid for the current period. */
static lapse_error proportionate_refund(const lapse__plan *plan, int32_t current,
                                        const lapse__end *end, lapse_date on, lapse_decision *d,
                                        lapse_error_detail *detail)
{
    lapse_date start, stop;
    lapse_error error = lapse__period_bounds(plan, current, on, &start, &stop, detail);
    if (error)
        return error;
    int64_t price = lapse__period_price(plan, current), owed;
    if (!lapse__served_share(plan, start, stop, end->effective_end, price, &owed))
        return too_large(plan->s, "refund", detail);
    d->refund = price - owed;
    return LAPSE_OK;
}

/* What a cancellation settles: within cooling-off every invoice issued so
 * far (the periods up to the current one) refunded, or with a
 * proportionate charge the undelivered days of the current one; otherwise
 * the commitment's fee and the refund for service not delivered. */
static lapse_error settle(const lapse__plan *plan, int32_t current, const lapse__end *end,
                          lapse_date on, lapse_decision *d, lapse_error_detail *detail)
{
    /* In arrears the invoices issued are those of the periods ended. */
    bool arrears = lapse__in_arrears(plan);
    if (end->cooling_off && !end->proportionate)
        return period_sum(plan, plan->leading ? -1 : 0, arrears ? current - 1 : current, &d->refund)
                   ? LAPSE_OK
                   : too_large(plan->s, "refund", detail);
    if (end->cooling_off)
        return arrears ? LAPSE_OK : proportionate_refund(plan, current, end, on, d, detail);
    lapse_error error = commitment(plan, end, current, on, d, detail);
    /* Nothing paid in advance, nothing to refund. */
    return error || arrears ? error : refund(plan, current, end, on, d, detail);
}

lapse_error lapse__settle(const lapse__plan *plan, int32_t current, const lapse__end *end,
                          lapse_date on, lapse_decision *d, lapse_error_detail *detail)
{
    return settle(plan, current, end, on, d, detail);
}

bool lapse__settles_anything(const lapse__plan *plan, const lapse__end *end)
{
    const lapse_policy *policy = plan->policy;
    return end->cooling_off || (plan->s->contract && policy->commitment != LAPSE_COMMITMENT_OWED) ||
           (!lapse__in_arrears(plan) && policy->refund != LAPSE_REFUND_NONE);
}

/* R3, R4 and the policy's refund and commitment: what is charged, invoiced,
 * refunded and owed as a fee, from the billing periods between the request
 * and the end (nothing more within cooling-off).  A request on or after a
 * recorded cancellation settles nothing again: the first one did. */
static lapse_error charges(const lapse__plan *plan, const lapse__term *term, const lapse__end *end,
                           lapse_date on, lapse_decision *d, lapse_error_detail *detail)
{
    int32_t current = lapse__current_period(plan, term);
    d->next_invoice = LAPSE_DATE_NONE;
    if (end->trial)
        return LAPSE_OK; /* nothing charged, refunded or owed */
    lapse_error error = end->cooling_off && !end->proportionate ? LAPSE_OK
                        : lapse__in_arrears(plan)
                            ? invoiced_in_arrears(plan, term, end, current, on, d, detail)
                            : invoiced(plan, term, end, current, on, d, detail);
    if (error || lapse__cancelled_by(plan->s, on) || !lapse__settles_anything(plan, end))
        return error;
    return settle(plan, current, end, on, d, detail);
}

/* Where the refund goes (docs/rules.md, "Settlement"): first to the
 * outstanding balance when the policy applies credit to it, the rest paid
 * back as cash or kept as account credit. */
static void settle_refund(const lapse_policy *policy, int64_t balance, lapse_decision *d)
{
    int64_t applied = 0;
    if (lapse__credit_applies_to_balance(policy))
        applied = d->refund < balance ? d->refund : balance;
    d->applied_to_balance = applied;
    d->cash_refund = d->account_credit = 0;
    if (lapse__credit_as_account_credit(policy))
        d->account_credit = d->refund - applied;
    else
        d->cash_refund = d->refund - applied;
    d->balance_after = balance - applied;
}

lapse_error lapse__settlement(const lapse_policy *policy, const lapse_subscription *s,
                              lapse_decision *settled, lapse_error_detail *detail)
{
    memset(settled, 0, sizeof *settled);
    settled->balance_after = s->balance;
    if (s->cancelled_on == LAPSE_DATE_NONE)
        return LAPSE_OK;
    /* The first request, on the recorded date, before it was recorded: only
     * what it settled, whatever the sums of its invoices. */
    lapse_subscription first = *s;
    first.cancelled_on = LAPSE_DATE_NONE;
    lapse__plan plan = lapse__plan_of(policy, &first);
    bool ending;
    lapse__end end;
    lapse__term term;
    lapse_error error =
        lapse__request_end(&plan, s->cancelled_on, LAPSE_DATE_NONE, &ending, &end, detail);
    if (error || (ending && s->cancelled_on >= end.effective_end))
        return error; /* recorded after its natural end: it settled nothing */
    if (end.trial)
        return LAPSE_OK; /* ended during the trial: nothing to settle */
    if ((error = lapse__term_at(&plan, s->cancelled_on, &term, detail)))
        return error;
    lapse_decision d;
    memset(&d, 0, sizeof d);
    if ((error =
             settle(&plan, lapse__current_period(&plan, &term), &end, s->cancelled_on, &d, detail)))
        return error;
    settled->refund = d.refund;
    settled->termination_fee = d.termination_fee;
    settle_refund(policy, s->balance, settled);
    return LAPSE_OK;
}

/* R2's error: the request is on or after the end the subscription already
 * has (both paths give it so; the dates are valid).  The message is
 * written whole (its pieces' lengths are known, 69 bytes) and given to
 * lapse__fail as one "%s": its scan of a format for conversions is for
 * messages of many pieces, and a billing run refuses many rows so. */
static lapse_error already_ended(lapse_date on, lapse_date ended, lapse_error_detail *detail)
{
    if (!detail)
        return LAPSE_ERR_ALREADY_ENDED;
    static const char head[] = "request date ", middle[] = ": the subscription already ended on ";
    char message[sizeof head + sizeof middle + 2 * LAPSE_DATE_TEXT_LEN];
    size_t n = sizeof head - 1;
    memcpy(message, head, n);
    n += lapse__put_date(on, message + n);
    memcpy(message + n, middle, sizeof middle - 1);
    n += sizeof middle - 1;
    n += lapse__put_date(ended, message + n);
    message[n] = '\0';
    return lapse__fail(detail, LAPSE_ERR_ALREADY_ENDED, "on", "%s", message);
}

lapse_error lapse__decide_general(const lapse_policy *policy, const lapse_subscription *s,
                                  const lapse_request *r, lapse_decision *d, lapse__end *out_end,
                                  lapse_error_detail *detail)
{
    memset(d, 0, sizeof *d);                  /* warnings accumulate; reserved stays zero */
    d->change_effective_on = LAPSE_DATE_NONE; /* a cancellation changes no quantity */
    lapse_error error;
    if (r->reduce_count > 0)
        return lapse__decide_reduction(policy, s, r, d, NULL, detail);
    lapse__plan plan = lapse__plan_of(policy, s);
    bool ending;
    lapse__end end;
    if ((error = lapse__request_end(&plan, r->on, r->end_on, &ending, &end, detail)))
        return error;
    lapse__term term;
    if (ending) {
        /* R2: it already stops renewing; cancelling again changes nothing. */
        if (r->on >= end.effective_end)
            return already_ended(r->on, end.effective_end, detail);
        d->warnings |= LAPSE_WARNING_ALREADY_ENDING;
        /* Not renewing (no cancellation yet), the end came from the term
         * of the request date: that term is known already. */
        if (!lapse__cancelled_by(s, r->on))
            term = end.term;
        else if ((error = lapse__term_at(&plan, r->on, &term, detail)))
            return error;
    } else {
        term = end.term;
        if (end.notice_missed)
            d->warnings |= LAPSE_WARNING_NOTICE_MISSED;
    }

    permissions(policy, s, r, term.length, d);

    d->term_start = term.start;
    d->term_end = term.end;
    /* Once it is ending, no notice matters any more. */
    d->notice_deadline = ending ? LAPSE_DATE_NONE : end.notice_deadline;
    d->effective_end = end.effective_end;
    d->renews_first = end.effective_end > term.end;
    if ((error = charges(&plan, &term, &end, r->on, d, detail)))
        return error;
    if (end.trial)
        d->warnings |= LAPSE_WARNING_IN_TRIAL;
    if (LAPSE__UNLIKELY(plan.paused) && lapse__in_pause(&plan, r->on))
        d->warnings |= LAPSE_WARNING_PAUSED;
    settle_refund(policy, s->balance, d);
    if (end.cooling_off)
        d->warnings |= LAPSE_WARNING_COOLING_OFF;
    else if (end.effective_end < term.end && !end.trial)
        d->warnings |= LAPSE_WARNING_ENDS_BEFORE_TERM_END;
    if (d->refund > 0)
        d->warnings |= LAPSE_WARNING_REFUND_DUE;
    memcpy(d->currency, s->currency, sizeof d->currency);
    if ((error =
             lapse__deletion_date(&plan, r->on, end.effective_end, &d->data_deleted_on, detail)))
        return error;
    d->confirmation = s->contract ? LAPSE_CONFIRMATION_EMAIL : LAPSE_CONFIRMATION_EXPIRED_LIST;
    if (out_end)
        *out_end = end;
    return LAPSE_OK;
}

bool lapse__common_policy(const lapse_policy *policy)
{
    /* The default policy (NULL's) is one, known without reading it. */
    return policy == &lapse__default_policy ||
           (policy->timing == LAPSE_TIMING_END_OF_TERM && policy->renewal != LAPSE_RENEWAL_NONE &&
            policy->invoicing == LAPSE_INVOICING_IN_ADVANCE &&
            policy->refund == LAPSE_REFUND_NONE && policy->commitment == LAPSE_COMMITMENT_OWED &&
            policy->cooling_off_days == 0);
}

/* A subscription and request of the common shape: no items, no calendar
 * billing, no free trial, no pause, no introductory price, no chosen end,
 * no reduction (a cancellation on record may be: a fifth of a billing
 * run's rows have one). */
static inline bool common_request(const lapse_subscription *s, const lapse_request *r)
{
    return (r->reduce_count == 0) & (r->end_on == LAPSE_DATE_NONE) &
           (s->trial_end == LAPSE_DATE_NONE) & (s->paused_from == LAPSE_DATE_NONE) &
           (s->intro_months == 0) & (s->item_count == 0) & (s->billing_day == 0) &
           (s->billing_month == 0);
}

/* The term containing `date` (lapse__term_at for the common shape: no
 * trial, no leading period), found once: the months to it, its index by
 * division, its end, and its start when `with_start` asks for it.  False
 * for a boundary past 9999-12-31, an error the general path names. */
static LAPSE__INLINE bool common_term(const lapse__plan *plan, lapse_date date, bool with_start,
                                      lapse__term *term)
{
    term->months = (int32_t)lapse__anchor_months_until(plan->anchor, date);
    term->index = lapse__term_index(plan, term->months);
    int64_t start_offset = lapse__term_offset(plan, term->index);
    term->length = term->index == 0 ? plan->s->term : plan->renewal;
    term->end_offset = (int32_t)start_offset + term->length;
    /* The first term starts on the start itself (the anchor + 0 months). */
    term->start = plan->s->start;
    if (with_start && term->index > 0 &&
        !lapse__anchor_add(plan->anchor, start_offset, &term->start))
        return false;
    return lapse__anchor_add(plan->anchor, term->end_offset, &term->end);
}

/* The end a cancellation recorded on `date` set (lapse__existing_end's
 * end_of_cancellation for the common shape and policy): the end of the
 * term it was made in, or with late notice (R7) of the next one; false
 * where the general path gives an error. */
static LAPSE__INLINE bool common_recorded_end(const lapse__plan *plan, lapse_date date,
                                              lapse__end *end)
{
    const lapse_subscription *s = plan->s;
    lapse__term term;
    if (!common_term(plan, date, false, &term))
        return false;
    end->effective_end = end->charge_until = term.end;
    end->charge_months = term.end_offset;
    if (!s->auto_renew || !lapse__notice_applies(plan->policy, s, term.length))
        return true;
    int64_t deadline = (int64_t)term.end - plan->policy->notice_days;
    if (deadline < LAPSE_DATE_MIN)
        return false;
    if (date <= deadline)
        return true;
    end->charge_months = term.end_offset + plan->renewal;
    if (!lapse__anchor_add(plan->anchor, end->charge_months, &end->effective_end))
        return false;
    end->charge_until = end->effective_end;
    return true;
}

/* lapse__decide_common, inline into lapse_decide_cancel (a billing run's
 * every row: no call, no second saving of registers). */
static LAPSE__INLINE bool decide_common(const lapse_policy *policy, const lapse_subscription *s,
                                        const lapse_request *r, lapse_decision *d,
                                        lapse_date *ended)
{
    if (ended)
        *ended = LAPSE_DATE_NONE;
    if (!common_request(s, r))
        return false;
    /* What lapse__plan_of gives for this shape: no trial, no leading
     * period, no items, no cooling-off. */
    lapse__plan plan = {
        .s = s,
        .policy = policy,
        .start = s->start,
        .anchor = lapse__plan_anchor(policy, s->start),
        .renewal = policy->renewal == LAPSE_RENEWAL_EVERGREEN ? 1 : lapse__renewal_term(s),
        .first_renewal_period = lapse__first_renewal_period(s),
        .price = s->price,
        .renewal_price = s->renewal_price == LAPSE_AMOUNT_NONE ? s->price : s->renewal_price,
        .first_billing = s->start,
        .blamed_cancellation = LAPSE_DATE_NONE,
    };
    /* The term containing the request (lapse__term_at). */
    lapse__term term;
    if (!common_term(&plan, r->on, true, &term))
        return false;
    /* The end (lapse__request_end): with that term; without auto-renew it
     * is already ending so (R1, R2), else it ends so when notice is given
     * in time, and with the next term when it is not (R7). */
    lapse__end end = {
        .term = term,
        .effective_end = term.end,
        .charge_until = term.end,
        .charge_months = term.end_offset,
        .notice_deadline = LAPSE_DATE_NONE,
    };
    /* Each field written once, without clearing the whole decision
     * first: what this policy never gives (a refund, a fee, a reduction's
     * figures, credit) zero here, the rest below.  The test fills the
     * decision with other bytes first, so a field left out fails it. */
    d->warnings = d->missing_support_info = 0;
    d->refund = d->termination_fee = 0;
    d->reserved_pad = 0;
    memset(d->reserved, 0, sizeof d->reserved);
    d->recurring_after = d->saving = 0;
    d->applied_to_balance = d->cash_refund = d->account_credit = 0;
    d->change_effective_on = LAPSE_DATE_NONE;
    if (LAPSE__UNLIKELY(lapse__cancelled_by(s, r->on))) {
        /* R2: a cancellation on record by the request date has set the
         * end (with its own term and notice); this request changes
         * nothing, on or after that end it is the general path's error.
         * A cancellation recorded after the request date is none yet. */
        if (!common_recorded_end(&plan, s->cancelled_on, &end))
            return false;
        if (r->on >= end.effective_end) {
            if (ended)
                *ended = end.effective_end;
            return false;
        }
        d->warnings |= LAPSE_WARNING_ALREADY_ENDING;
        if (end.effective_end < term.end)
            d->warnings |= LAPSE_WARNING_ENDS_BEFORE_TERM_END;
    } else if (!s->auto_renew) {
        if (r->on >= end.effective_end) {
            if (ended)
                *ended = end.effective_end;
            return false;
        }
        d->warnings |= LAPSE_WARNING_ALREADY_ENDING;
    } else if (lapse__notice_applies(policy, s, term.length)) {
        int64_t deadline = (int64_t)term.end - policy->notice_days;
        if (deadline < LAPSE_DATE_MIN)
            return false;
        end.notice_deadline = (lapse_date)deadline;
        if (r->on > end.notice_deadline) {
            end.charge_months = term.end_offset + plan.renewal;
            if (!lapse__anchor_add(plan.anchor, end.charge_months, &end.effective_end))
                return false;
            end.charge_until = end.effective_end;
            d->warnings |= LAPSE_WARNING_NOTICE_MISSED;
        }
    }
    permissions(policy, s, r, term.length, d);
    d->term_start = term.start;
    d->term_end = term.end;
    d->notice_deadline = end.notice_deadline;
    d->effective_end = end.effective_end;
    d->renews_first = end.effective_end > term.end;
    /* R4 in advance; nothing to settle under this policy (refund none,
     * the commitment owed, no cooling-off): the balance stays owed. */
    d->next_invoice = LAPSE_DATE_NONE;
    if (invoiced(&plan, &term, &end, lapse__current_period(&plan, &term), r->on, d, NULL))
        return false;
    d->balance_after = s->balance;
    memcpy(d->currency, s->currency, sizeof d->currency);
    /* R10 (lapse__deletion_date, whose error the general path gives). */
    int64_t deleted = (int64_t)end.effective_end + policy->retention_days;
    if (deleted > LAPSE_DATE_MAX)
        return false;
    d->data_deleted_on = (lapse_date)deleted;
    d->confirmation = s->contract ? LAPSE_CONFIRMATION_EMAIL : LAPSE_CONFIRMATION_EXPIRED_LIST;
    return true;
}

bool lapse__decide_common(const lapse_policy *policy, const lapse_subscription *s,
                          const lapse_request *r, lapse_decision *d, lapse_date *ended)
{
    return decide_common(policy, s, r, d, ended);
}

lapse_error lapse__decide(const lapse_policy *policy, const lapse_subscription *s,
                          const lapse_request *r, lapse_decision *d, lapse__end *out_end,
                          lapse_error_detail *detail)
{
    if (!out_end && lapse__common_policy(policy) && lapse__decide_common(policy, s, r, d, NULL))
        return LAPSE_OK;
    return lapse__decide_general(policy, s, r, d, out_end, detail);
}

lapse_error lapse_decide_cancel(const lapse_policy *policy, const lapse_subscription *subscription,
                                const lapse_request *request, lapse_decision *decision,
                                lapse_error_detail *detail)
{
    if (!decision)
        return lapse__fail_missing(detail, "decision");
    /* Both paths zero the decision first: lapse__enter's zeroing would be
     * a second one.  The common path straight from here (lapse__decide
     * without its call). */
    lapse_error error = lapse__check_entry(&policy, subscription, request, 1, detail);
    lapse_date ended = LAPSE_DATE_NONE;
    if (!error && lapse__common_policy(policy) &&
        decide_common(policy, subscription, request, decision, &ended))
        return LAPSE_OK;
    /* A request on or after the end the subscription already has is the
     * common path's to refuse (a billing run's rows after their end), as
     * the general path would. */
    if (!error)
        error = ended != LAPSE_DATE_NONE
                    ? already_ended(request->on, ended, detail)
                    : lapse__decide_general(policy, subscription, request, decision, NULL, detail);
    return lapse__leave(error, decision, sizeof *decision);
}

lapse_error lapse_decide_batch(const lapse_policy *policy, const lapse_subscription *subscriptions,
                               const lapse_request *requests, size_t count,
                               lapse_decision *decisions, lapse_error *errors, size_t *failed,
                               lapse_error_detail *detail)
{
    if (failed)
        *failed = 0;
    if (count > 0 && (!subscriptions || !requests || !decisions || !errors)) {
        const char *name = !subscriptions ? "subscriptions"
                           : !requests    ? "requests"
                           : !decisions   ? "decisions"
                                          : "errors";
        return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, name, "%s: NULL while count is %zu",
                           name, count);
    }
    if (!policy)
        policy = &lapse__default_policy;
    lapse_error error = lapse__check_policy(policy, detail);
    if (error)
        return error;
    /* What the rows share is checked once: the policy, and whether it is
     * one the common path covers. */
    bool common = lapse__common_policy(policy);
    size_t failures = 0;
    for (size_t i = 0; i < count; i++) {
        errors[i] = lapse__check_inputs(policy, &subscriptions[i], &requests[i], NULL);
        if (!errors[i] && !(common && lapse__decide_common(policy, &subscriptions[i], &requests[i],
                                                           &decisions[i], NULL)))
            errors[i] = lapse__decide_general(policy, &subscriptions[i], &requests[i],
                                              &decisions[i], NULL, NULL);
        if (errors[i]) {
            memset(&decisions[i], 0, sizeof decisions[i]);
            failures++;
        }
    }
    if (failed)
        *failed = failures;
    return LAPSE_OK;
}
