/*
 * Reductions of items (docs/rules.md, "Reductions"): when the new
 * quantities take effect, what the current term still charges with the
 * change, what is refunded of the released units, what their commitment
 * owes, and what the change saves; and the per-item part of a decision,
 * for a reduction or a whole cancellation.  Every figure is a sum over the
 * billing periods of the current term in O(1): the periods before the
 * change at the old invoice amount, the ones after at the new.
 */
#include "reduce.h"

#include "cancel.h"
#include "checked.h"
#include "fail.h"
#include "items.h"
#include "validate.h"

#include <string.h>

/* The quantity the request leaves item i with (today's when not reduced). */
static int32_t quantity_after(const lapse_subscription *s, const lapse_request *r, int32_t i)
{
    for (int32_t k = 0; k < r->reduce_count; k++)
        if (strncmp(r->reduce[k].name, s->items[i].name, LAPSE_ITEM_NAME_SIZE) == 0)
            return r->reduce[k].quantity;
    return s->items[i].quantity;
}

/* The invoice of billing period `index` when the items cost `items` an
 * invoice: the price (renewal_price in renewal terms, the leading share in
 * the leading partial period) plus them.  Fits: items is at most today's
 * amount, which the checks keep within 64 bits with either price. */
int64_t lapse__amount_at(const lapse__plan *plan, int32_t index, int64_t items)
{
    const lapse_subscription *s = plan->s;
    int64_t first = (plan->intro_periods > 0 ? s->intro_price : s->price) + items;
    if (index < 0)
        return lapse__leading_price(plan->policy, s, plan->start, first, plan->anchor,
                                    plan->first_billing);
    if (index < plan->intro_periods)
        return first;
    if (index < plan->first_renewal_period)
        return s->price + items;
    return (s->renewal_price == LAPSE_AMOUNT_NONE ? s->price : s->renewal_price) + items;
}

/* The part of period `index`'s invoice that units costing `units` an
 * invoice make: all of it, or their share of the leading partial period. */
static int64_t units_at(const lapse__plan *plan, int32_t index, int64_t units)
{
    if (index >= 0)
        return units;
    return lapse__leading_price(plan->policy, plan->s, plan->start, units, plan->anchor,
                                plan->first_billing);
}

/* The invoices of periods first..last at items amount `items`; false past
 * 64 bits. */
static bool sum_at(const lapse__plan *plan, int32_t first, int32_t last, int64_t items,
                   int64_t *out)
{
    *out = 0;
    if (first > last)
        return true;
    int64_t leading = 0, intro, initial, renewal, a, b, c;
    if (first < 0) {
        leading = lapse__amount_at(plan, -1, items);
        first = 0;
    }
    lapse__period_counts(plan, first, last, &intro, &initial, &renewal);
    return lapse__mul(lapse__amount_at(plan, plan->intro_periods, items), initial, &a) &&
           lapse__mul(lapse__amount_at(plan, plan->first_renewal_period, items), renewal, &b) &&
           lapse__mul(lapse__amount_at(plan, 0, items), intro, &c) && lapse__add(a, b, out) &&
           lapse__add(*out, c, out) && lapse__add(*out, leading, out);
}

static lapse_error too_large(const char *what, lapse_error_detail *detail)
{
    return lapse__fail(detail, LAPSE_ERR_AMOUNT_RANGE, "items",
                       "items: the %s of the reduction is beyond the 64-bit range of amounts",
                       what);
}

/* The policy's commitment on the committed units released before the term
 * end (costing `committed` an invoice): a percentage of, or a fixed fee
 * capped at, their remaining commitment: every later period of the term,
 * and the undelivered share of the change's period when it is released
 * (refunded in advance, always in arrears), one rounding. */
static lapse_error commitment_fee(const lapse__plan *plan, const lapse__reduction *red,
                                  int64_t committed, int64_t *fee, lapse_error_detail *detail)
{
    const lapse_policy *policy = plan->policy;
    *fee = 0;
    if (committed == 0 || (policy->commitment != LAPSE_COMMITMENT_FIXED_FEE &&
                           policy->commitment != LAPSE_COMMITMENT_PERCENT_FEE))
        return LAPSE_OK;
    int64_t intro, initial, renewal, left = 0, days = 1;
    lapse__period_counts(plan, red->current + 1, red->last, &intro, &initial, &renewal);
    lapse__u128 value = lapse__u128_mul((uint64_t)committed, (uint64_t)(intro + initial + renewal));
    if (red->mid_period) {
        lapse__share_days(plan, red->period_start, red->period_stop, red->effective, false, &left,
                          &days);
        bool released = lapse__in_arrears(plan) || plan->policy->refund != LAPSE_REFUND_NONE;
        if (!released)
            left = 0;
        if (!lapse__u128_scale(&value, (uint32_t)days) ||
            !lapse__u128_add(
                &value,
                lapse__u128_mul((uint64_t)units_at(plan, red->current, committed), (uint64_t)left)))
            return too_large("termination fee", detail);
    }
    int64_t remaining;
    if (policy->commitment == LAPSE_COMMITMENT_PERCENT_FEE) {
        if (!lapse__u128_scale(&value, (uint32_t)policy->termination_fee_percent) ||
            !lapse__u128_div_by(value, (uint64_t)days * 100, policy->rounding, fee))
            return too_large("termination fee", detail);
    } else if (lapse__u128_div_by(value, (uint64_t)days, policy->rounding, &remaining)) {
        *fee = policy->termination_fee < remaining ? policy->termination_fee : remaining;
    } else {
        *fee = policy->termination_fee;
    }
    return LAPSE_OK;
}

/* R5, R6 for a reduction: who may ask is as for a cancellation; online,
 * the person's own reasons (billing admin, signing in, a balance) and R14:
 * reductions go through support unless the policy puts them online. */
static uint32_t blocking_reasons(const lapse_policy *policy, const lapse_subscription *s,
                                 const lapse_request *r, bool *authorized)
{
    uint32_t reasons = 0;
    bool billing_admin = r->roles & LAPSE_ROLE_BILLING_ADMIN;
    *authorized = billing_admin || (s->contract && (r->roles & policy->contract_roles));
    if (!*authorized)
        reasons |= LAPSE_REASON_NOT_AUTHORIZED;
    if (r->channel == LAPSE_CHANNEL_ONLINE) {
        if (!policy->reductions_online)
            reasons |= LAPSE_REASON_CHANGE_NEEDS_SUPPORT;
        if (policy->online_needs_billing_admin && !billing_admin)
            reasons |= LAPSE_REASON_NEEDS_BILLING_ADMIN;
        if (policy->balance_blocks_online && s->balance > 0)
            reasons |= LAPSE_REASON_OUTSTANDING_BALANCE;
        if (!r->can_sign_in)
            reasons |= LAPSE_REASON_CANNOT_SIGN_IN;
    }
    return reasons;
}

lapse_error lapse__reduction_of(const lapse_policy *policy, const lapse_subscription *s,
                                const lapse_request *r, lapse__reduction *red,
                                lapse_error_detail *detail)
{
    memset(red, 0, sizeof *red);
    lapse__plan plan = lapse__plan_of(policy, s);
    red->on = r->on;
    if (lapse__cancelled_by(s, r->on)) {
        char on[LAPSE_DATE_TEXT_SIZE], cancelled[LAPSE_DATE_TEXT_SIZE];
        lapse_date_format(r->on, on, sizeof on);
        lapse_date_format(s->cancelled_on, cancelled, sizeof cancelled);
        return lapse__fail(detail, LAPSE_ERR_ALREADY_ENDED, "reduce",
                           "reduce: request date %s: the subscription was cancelled on %s, and "
                           "its items end with it",
                           on, cancelled);
    }
    bool ending;
    lapse__end end;
    lapse_error error = lapse__existing_end(&plan, r->on, &ending, &end, detail);
    if (error)
        return error;
    if (ending && r->on >= end.effective_end) {
        char on[LAPSE_DATE_TEXT_SIZE], ended[LAPSE_DATE_TEXT_SIZE];
        lapse_date_format(r->on, on, sizeof on);
        lapse_date_format(end.effective_end, ended, sizeof ended);
        return lapse__fail(detail, LAPSE_ERR_ALREADY_ENDED, "on",
                           "request date %s: the subscription already ended on %s", on, ended);
    }
    if ((error = lapse__term_at(&plan, r->on, &red->term, detail)))
        return error;
    red->current = lapse__current_period(&plan, &red->term);
    red->last = plan.s->billing == 0 ? red->term.index
                                     : lapse__period_index(&plan, red->term.end_offset - 1);
    if ((error = lapse__period_bounds(&plan, red->current, r->on, &red->period_start,
                                      &red->period_stop, detail)))
        return error;
    /* When the new quantities take effect, and the first period invoiced
     * at them. */
    switch (policy->reduction_timing) {
    case LAPSE_TIMING_END_OF_TERM:
        red->effective = red->term.end;
        red->first_new = red->last + 1;
        break;
    case LAPSE_TIMING_END_OF_BILLING_PERIOD:
        red->effective = red->period_stop;
        red->first_new = red->current + 1;
        break;
    case LAPSE_TIMING_IMMEDIATE:
        red->effective = r->on + lapse__immediate_days(&plan);
        red->first_new = red->current + 1;
        break;
    }
    if (LAPSE__UNLIKELY(plan.paused)) {
        /* A change that would fall within the pause takes effect on the
         * first day billed again, resumes_on (docs/rules.md, R14a); asked
         * during a pause that moves the term, the request's period (the
         * one before the pause) is served and paid: no current period. */
        if (lapse__in_pause(&plan, red->effective))
            red->effective = s->resumes_on;
        red->served = plan.shifted && lapse__in_pause(&plan, r->on);
    }
    red->mid_period = policy->reduction_timing == LAPSE_TIMING_IMMEDIATE &&
                      red->effective < red->period_stop && !red->served;
    bool early = red->effective < red->term.end; /* before the commitment's end */
    bool owed = policy->commitment == LAPSE_COMMITMENT_OWED;
    for (int32_t i = 0; i < s->item_count; i++) {
        const lapse_item *item = &s->items[i];
        int32_t after = quantity_after(s, r, i);
        int32_t released = item->quantity - after;
        int32_t committed = early && item->committed > after ? item->committed - after : 0;
        int32_t kept = owed ? committed : 0;
        /* Within 64 bits: each is at most today's amount. */
        red->before += item->quantity * item->unit_price;
        red->billed += (after + kept) * item->unit_price;
        red->after += after * item->unit_price;
        red->freed += (released - kept) * item->unit_price;
        red->committed += owed ? 0 : committed * item->unit_price;
        red->kept |= kept > 0;
        red->waived |= !owed && committed > 0;
        lapse_item_result *out = &red->items[i];
        memcpy(out->name, item->name, sizeof out->name);
        out->quantity = item->quantity;
        out->quantity_after = after;
        out->released_on = released == 0         ? LAPSE_DATE_NONE
                           : released - kept > 0 ? red->effective
                                                 : red->term.end;
        out->unassign = item->assigned > after ? item->assigned - after : 0;
    }
    return LAPSE_OK;
}

lapse_error lapse__reduction_invoice(const lapse__plan *plan, const lapse__reduction *red,
                                     int32_t index, lapse_date start, lapse_date stop,
                                     lapse_date *date, int64_t *amount)
{
    if (LAPSE__UNLIKELY(lapse__period_paused(plan, index))) {
        *date = LAPSE_DATE_NONE; /* paused under a kept term: not invoiced */
        *amount = 0;
        return LAPSE_OK;
    }
    int64_t items = index < red->first_new ? red->before
                    : index <= red->last   ? red->billed
                                           : red->after;
    *date = lapse__in_arrears(plan) ? lapse__served_stop(plan, stop) : start;
    *amount = lapse__amount_at(plan, index, items);
    if (lapse__in_arrears(plan) && index == red->current && red->mid_period) {
        /* Invoiced at its end: the released units for the days served. */
        int64_t left, days, undelivered;
        lapse__share_days(plan, red->period_start, red->period_stop, red->effective, false, &left,
                          &days);
        if (!lapse__share(units_at(plan, index, red->freed), left, days, plan->policy->rounding,
                          &undelivered))
            return LAPSE_ERR_AMOUNT_RANGE;
        *amount -= undelivered;
    }
    return LAPSE_OK;
}

lapse_error lapse__decide_reduction(const lapse_policy *policy, const lapse_subscription *s,
                                    const lapse_request *r, lapse_decision *d,
                                    lapse__reduction *out, lapse_error_detail *detail)
{
    lapse__reduction red;
    lapse_error error = lapse__reduction_of(policy, s, r, &red, detail);
    if (error)
        return error;
    lapse__plan plan = lapse__plan_of(policy, s);
    bool authorized;
    d->blocked = blocking_reasons(policy, s, r, &authorized);
    d->allowed = d->blocked == 0;
    d->route = !authorized                                        ? LAPSE_ROUTE_NONE
               : d->allowed && r->channel == LAPSE_CHANNEL_ONLINE ? LAPSE_ROUTE_ONLINE
                                                                  : LAPSE_ROUTE_SUPPORT;
    if (r->channel == LAPSE_CHANNEL_SUPPORT) {
        d->missing_support_info = LAPSE_SUPPORT_INFO_ALL & ~r->provided;
        if (d->missing_support_info)
            d->warnings |= LAPSE_WARNING_SUPPORT_INFO_MISSING;
    }
    for (int32_t i = 0; i < s->item_count; i++)
        if (red.items[i].unassign > 0)
            d->warnings |= LAPSE_WARNING_UNASSIGN_LICENSES;
    if (LAPSE__UNLIKELY(plan.paused) && lapse__in_pause(&plan, r->on))
        d->warnings |= LAPSE_WARNING_PAUSED;
    d->term_start = red.term.start;
    d->term_end = red.term.end;
    d->notice_deadline = LAPSE_DATE_NONE;
    d->effective_end = LAPSE_DATE_NONE;
    d->data_deleted_on = LAPSE_DATE_NONE;
    d->confirmation = LAPSE_CONFIRMATION_NONE;
    d->change_effective_on = red.effective;
    memcpy(d->currency, s->currency, sizeof d->currency);

    /* The current term's invoices: without the change every one at today's
     * amount; with it, those from first_new on at the new one (released
     * committed units owed still in it to the term end). */
    bool arrears = lapse__in_arrears(&plan);
    /* Asked during a pause that moves the term, the current period is
     * served and paid (invoiced at paused_from in arrears): the charges
     * begin with the resume's. */
    int32_t first = red.served ? red.current + 1 : red.current;
    int64_t without, before, after, current_invoice = 0;
    lapse_date date;
    if (!sum_at(&plan, first, red.last, red.before, &without) ||
        !sum_at(&plan, red.current + 1, red.first_new - 1, red.before, &before) ||
        !sum_at(&plan, red.first_new, red.last, red.billed, &after) ||
        (!red.served && lapse__reduction_invoice(&plan, &red, red.current, red.period_start,
                                                 red.period_stop, &date, &current_invoice)) ||
        !lapse__add(before, after, &d->remaining_term_charge) ||
        !lapse__add(d->remaining_term_charge, current_invoice, &d->remaining_term_charge))
        return too_large("remaining-term charge", detail);
    /* In advance the current period is invoiced already (on or before the
     * request date); in arrears every period of the term is still to come.
     * Periods paused under a kept term have no invoice. */
    d->still_to_invoice =
        arrears ? d->remaining_term_charge : d->remaining_term_charge - current_invoice;
    int32_t invoiced = arrears ? first : red.current + 1;
    d->invoices_left =
        (int32_t)(red.last - invoiced + 1 - lapse__paused_between(&plan, invoiced, red.last));
    d->next_invoice = LAPSE_DATE_NONE;
    if (d->invoices_left > 0) {
        /* In advance the next period's start; in arrears the end of the
         * first period invoiced (paused_from for the one before a pause
         * that moves the term); a paused one's: the resume's. */
        int32_t next = lapse__period_paused(&plan, invoiced) ? plan.resume_period : invoiced;
        lapse_date start, stop;
        if (!arrears)
            error = lapse__boundary(&plan, lapse__period_offset(&plan, next), r->on,
                                    "the next invoice", &d->next_invoice, detail);
        else if (!(error = lapse__period_bounds(&plan, next, r->on, &start, &stop, detail)))
            d->next_invoice = lapse__served_stop(&plan, stop);
        if (error)
            return error;
    }

    /* The refund of the released units' undelivered share, one rounding. */
    if (!arrears && red.mid_period && policy->refund != LAPSE_REFUND_NONE) {
        int64_t units = units_at(&plan, red.current, red.freed), left, days;
        lapse__share_days(&plan, red.period_start, red.period_stop, red.effective, false, &left,
                          &days);
        if (policy->refund == LAPSE_REFUND_FULL)
            d->refund = units;
        else if (!lapse__share(units, left, days, policy->rounding, &d->refund))
            return too_large("refund", detail);
    }
    if ((error = commitment_fee(&plan, &red, red.committed, &d->termination_fee, detail)))
        return error;
    if (red.waived && policy->commitment == LAPSE_COMMITMENT_WAIVED)
        d->warnings |= LAPSE_WARNING_COMMITMENT_WAIVED;
    if (d->termination_fee > 0)
        d->warnings |= LAPSE_WARNING_TERMINATION_FEE;
    if (d->refund > 0)
        d->warnings |= LAPSE_WARNING_REFUND_DUE;
    /* The first invoice at the new quantities, every released unit gone:
     * the next term's first when committed units are owed to its end. */
    int32_t recurring = red.kept ? red.last + 1 : red.first_new;
    if (LAPSE__UNLIKELY(lapse__period_paused(&plan, recurring)))
        recurring = plan.resume_period; /* paused under a kept term */
    d->recurring_after = lapse__amount_at(&plan, recurring, red.after);
    /* (charge - refund + fee) without minus with; never negative. */
    int64_t with;
    if (!lapse__add(d->remaining_term_charge, d->termination_fee - d->refund, &with))
        return too_large("saving", detail);
    d->saving = without - with;
    if (out)
        *out = red;
    return LAPSE_OK;
}

lapse_error lapse_decide_items(const lapse_policy *policy, const lapse_subscription *s,
                               const lapse_request *r, lapse_item_result *results, size_t capacity,
                               size_t *count, lapse_error_detail *detail)
{
    if (count)
        *count = 0;
    if (!count)
        return lapse__fail_missing(detail, "count");
    if (!results && capacity > 0)
        return lapse__fail_missing(detail, "results");
    lapse_decision d;
    lapse__end end;
    lapse_error error = lapse__enter(&policy, s, r, 1, &d, sizeof d, "decision", detail);
    if (error)
        return error;
    if (r->reduce_count > 0) {
        lapse__reduction red;
        if ((error = lapse__decide_reduction(policy, s, r, &d, &red, detail)))
            return error;
        size_t n = (size_t)s->item_count < capacity ? (size_t)s->item_count : capacity;
        if (n > 0)
            memcpy(results, red.items, n * sizeof *results);
        *count = (size_t)s->item_count;
        return LAPSE_OK;
    }
    if ((error = lapse__decide(policy, s, r, &d, &end, detail)))
        return error;
    /* A whole cancellation: every item ends with the subscription, no
     * longer charged from the first day nothing is. */
    for (int32_t i = 0; i < s->item_count && (size_t)i < capacity; i++) {
        const lapse_item *item = &s->items[i];
        lapse_item_result *out = &results[i];
        memset(out, 0, sizeof *out);
        memcpy(out->name, item->name, sizeof out->name);
        out->quantity = item->quantity;
        out->quantity_after = 0;
        out->released_on = item->quantity > 0 ? end.charge_until : LAPSE_DATE_NONE;
        out->unassign = item->assigned;
    }
    *count = (size_t)s->item_count;
    return LAPSE_OK;
}
