/*
 * The cancellation decision: who may cancel and where (R5, R6), when it
 * takes effect (R2, R7), what is still charged and refunded (R3, R4), what
 * to warn about (R8, R9), when data go (R10) and how it is confirmed (R12).
 */
#include <string.h>

#include "checked.h"
#include "fail.h"
#include "plan.h"
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

static lapse_error too_large(const lapse_subscription *s, const char *what,
                             lapse_error_detail *detail)
{
    char price[LAPSE_AMOUNT_TEXT_SIZE];
    lapse_amount_format(s->price, s->currency, price, sizeof price);
    return lapse__fail(detail, LAPSE_ERR_AMOUNT_RANGE, "price",
                       "price %s %s: the %s is beyond the 64-bit range of amounts", price,
                       s->currency, what);
}

/* R3, R4 and the policy's refund and commitment: what is charged, invoiced,
 * refunded and owed as a fee, from the billing periods between the request
 * and the end. */
static lapse_error charges(const lapse__plan *plan, const lapse__term *term, const lapse__end *end,
                           lapse_decision *d, lapse_error_detail *detail)
{
    const lapse_subscription *s = plan->s;
    const lapse_policy *policy = plan->policy;
    /* Billed up front, the period is the term, whose index is known. */
    int32_t current = s->billing == 0 ? term->index : lapse__period_index(plan, term->months);
    d->next_invoice = LAPSE_DATE_NONE;
    if (end->cooling_off) {
        /* Nothing more is charged and every invoice issued so far (the
         * periods up to the current one) is refunded. */
        if (!lapse__mul(s->price, (int64_t)current + 1, &d->refund))
            return too_large(s, "refund", detail);
        return LAPSE_OK;
    }
    /* Periods from the current one to the last that starts before
     * charge_until (> request date, so at least one). */
    int32_t last;
    if (s->billing == 0 && end->charge_months == term->end_offset)
        last = term->index; /* to the end of the current term: no division */
    else
        last = lapse__period_index(
            plan, end->charge_months >= 0
                      ? end->charge_months - 1
                      : (int32_t)lapse__anchor_months_until(plan->anchor, end->charge_until - 1));
    int32_t count = last - current + 1;
    d->invoices_left = count - 1;
    /* The next invoice is before charge_until, so it is in range. */
    if (d->invoices_left > 0)
        lapse__anchor_add(plan->anchor, lapse__period_offset(plan, current + 1), &d->next_invoice);
    if (!lapse__mul(s->price, count, &d->remaining_term_charge) ||
        !lapse__mul(s->price, d->invoices_left, &d->still_to_invoice))
        return too_large(s, "remaining-term charge", detail);

    bool ends_early = end->effective_end < term->end;
    if (ends_early && s->contract && policy->commitment != LAPSE_COMMITMENT_OWED) {
        if (policy->commitment == LAPSE_COMMITMENT_WAIVED)
            d->warnings |= LAPSE_WARNING_COMMITMENT_WAIVED;
        else if (policy->commitment == LAPSE_COMMITMENT_FIXED_FEE)
            d->termination_fee = policy->termination_fee;
        else {
            /* A share of what the periods after the last charged one, to
             * the term end, would have cost. */
            int32_t term_last = lapse__period_index(
                plan, (int32_t)lapse__anchor_months_until(plan->anchor, term->end - 1));
            if (!lapse__share(s->price,
                              (int64_t)(term_last - last) * policy->termination_fee_percent, 100,
                              &d->termination_fee))
                return too_large(s, "termination fee", detail);
        }
        if (d->termination_fee > 0)
            d->warnings |= LAPSE_WARNING_TERMINATION_FEE;
    }

    if (policy->refund == LAPSE_REFUND_FULL) {
        d->refund = s->price;
    } else if (policy->refund == LAPSE_REFUND_PRORATED) {
        /* The days of the current period after the effective end.  The
         * period lies within the current term, so both ends are in range. */
        lapse_date period_start = term->start, period_end = term->end;
        lapse__anchor_add(plan->anchor, lapse__period_offset(plan, current), &period_start);
        lapse__anchor_add(plan->anchor, lapse__period_offset(plan, current + 1), &period_end);
        int64_t unused = period_end > end->effective_end ? period_end - end->effective_end : 0;
        if (!lapse__share(s->price, unused, period_end - period_start, &d->refund))
            return too_large(s, "refund", detail);
    }
    return LAPSE_OK;
}

lapse_error lapse__decide(const lapse_policy *policy, const lapse_subscription *s,
                          const lapse_request *r, lapse_decision *d, lapse__end *out_end,
                          lapse_error_detail *detail)
{
    memset(d, 0, sizeof *d); /* warnings accumulate; reserved stays zero */
    lapse_error error;
    lapse__plan plan = lapse__plan_of(policy, s);
    bool ending;
    lapse__end end;
    if ((error = lapse__request_end(policy, &plan, r->on, &ending, &end, detail)))
        return error;
    lapse__term term;
    if (ending) {
        /* R2: it already stops renewing; cancelling again changes nothing. */
        if (r->on >= end.effective_end) {
            char on[LAPSE_DATE_TEXT_SIZE], ended[LAPSE_DATE_TEXT_SIZE];
            lapse_date_format(r->on, on, sizeof on);
            lapse_date_format(end.effective_end, ended, sizeof ended);
            return lapse__fail(detail, LAPSE_ERR_ALREADY_ENDED, "on",
                               "request date %s: the subscription already ended on %s", on, ended);
        }
        d->warnings |= LAPSE_WARNING_ALREADY_ENDING;
        if ((error = lapse__term_at(&plan, r->on, &term, detail)))
            return error;
    } else {
        term = end.term;
        if (end.notice_missed)
            d->warnings |= LAPSE_WARNING_NOTICE_MISSED;
    }

    bool authorized;
    d->blocked = blocking_reasons(policy, s, r, term.length, &authorized);
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

    d->term_start = term.start;
    d->term_end = term.end;
    /* Once it is ending, no notice matters any more. */
    d->notice_deadline = ending ? LAPSE_DATE_NONE : end.notice_deadline;
    d->effective_end = end.effective_end;
    d->renews_first = end.effective_end > term.end;
    if ((error = charges(&plan, &term, &end, d, detail)))
        return error;
    if (end.cooling_off)
        d->warnings |= LAPSE_WARNING_COOLING_OFF;
    else if (end.effective_end < term.end)
        d->warnings |= LAPSE_WARNING_ENDS_BEFORE_TERM_END;
    if (d->refund > 0)
        d->warnings |= LAPSE_WARNING_REFUND_DUE;
    memcpy(d->currency, s->currency, sizeof d->currency);
    if ((error = lapse__deletion_date(policy, end.effective_end, &d->data_deleted_on, detail)))
        return error;
    d->confirmation = s->contract ? LAPSE_CONFIRMATION_EMAIL : LAPSE_CONFIRMATION_EXPIRED_LIST;
    if (out_end)
        *out_end = end;
    return LAPSE_OK;
}

lapse_error lapse_decide_cancel(const lapse_policy *policy, const lapse_subscription *subscription,
                                const lapse_request *request, lapse_decision *decision,
                                lapse_error_detail *detail)
{
    lapse_error error = lapse__enter(&policy, subscription, request, 1, decision, sizeof *decision,
                                     "decision", detail);
    if (!error)
        error = lapse__decide(policy, subscription, request, decision, NULL, detail);
    return lapse__leave(error, decision, sizeof *decision);
}

lapse_error lapse_decide_batch(const lapse_policy *policy, const lapse_subscription *subscriptions,
                               const lapse_request *requests, size_t count,
                               lapse_decision *decisions, lapse_error *errors, size_t *failed,
                               lapse_error_detail *detail)
{
    if (failed)
        *failed = 0;
    if (count > 0 && (!subscriptions || !requests || !decisions || !errors))
        return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, "",
                           "batch: an array is NULL while count is %zu", count);
    if (!policy)
        policy = &lapse__default_policy;
    lapse_error error = lapse__check_policy(policy, detail);
    if (error)
        return error;
    size_t failures = 0;
    for (size_t i = 0; i < count; i++) {
        errors[i] = lapse__check_inputs(policy, &subscriptions[i], &requests[i], NULL);
        if (!errors[i])
            errors[i] =
                lapse__decide(policy, &subscriptions[i], &requests[i], &decisions[i], NULL, NULL);
        if (errors[i]) {
            memset(&decisions[i], 0, sizeof decisions[i]);
            failures++;
        }
    }
    if (failed)
        *failed = failures;
    return LAPSE_OK;
}
