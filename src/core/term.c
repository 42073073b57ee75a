/*
 * Terms and the end of a cancellation.  Every boundary is the anchor plus a
 * month offset, composed in one step from the anchor split once; the term
 * that contains a date comes from the months since the anchor by division,
 * so a subscription started in year 1 costs the same as one started last
 * month.
 */
#include "term.h"

#include <stdio.h>

#include "fail.h"
#include "plan.h"

lapse_error lapse__range_error(lapse_date blamed_cancellation, const char *field,
                               lapse_date request, const char *fault, lapse_error_detail *detail)
{
    char text[LAPSE_DATE_TEXT_SIZE];
    if (blamed_cancellation != LAPSE_DATE_NONE) {
        lapse_date_format(blamed_cancellation, text, sizeof text);
        return lapse__fail(detail, LAPSE_ERR_DATE_RANGE, "cancelled_on", "cancellation date %s: %s",
                           text, fault);
    }
    if (request == LAPSE_DATE_NONE)
        return lapse__fail(detail, LAPSE_ERR_DATE_RANGE, field, "%s", fault);
    lapse_date_format(request, text, sizeof text);
    return lapse__fail(detail, LAPSE_ERR_DATE_RANGE, field, "request date %s: %s", text, fault);
}

lapse_error lapse__boundary_error(const lapse__plan *plan, lapse_date date, const char *what,
                                  lapse_error_detail *detail)
{
    char fault[LAPSE_MESSAGE_SIZE];
    snprintf(fault, sizeof fault, "%s would fall after 9999-12-31", what);
    return lapse__range_error(plan->blamed_cancellation, "on", date, fault, detail);
}

/* The free trial as a term: from the start to trial_end, before the
 * anchor (its index -1, like a leading term's, is never billed). */
static lapse__term trial_term(const lapse__plan *plan)
{
    return (lapse__term){ -1, -1, 0, plan->s->term, plan->s->start, plan->start };
}

/* The end of a cancellation made on `date` during the free trial:
 * trial_cancel trial_end keeps access to the trial's end, immediate (and a
 * withdrawal within cooling-off) ends it at once as immediate_end says
 * (without auto-renew it ends with the trial, whatever trial_cancel says);
 * nothing is charged (charge_until is the start: no billing period starts
 * before it), no notice applies. */
static void trial_end_of(const lapse__plan *plan, lapse_date date, lapse__end *end)
{
    bool cooling_off = lapse__in_cooling_off(plan, date);
    end->term = trial_term(plan);
    end->effective_end = plan->start;
    /* Without auto-renew the trial ends at its end anyway (R2): cancelling
     * again changes nothing, unless within cooling-off. */
    bool immediate =
        plan->s->auto_renew && plan->policy->trial_cancel == LAPSE_TRIAL_CANCEL_IMMEDIATE;
    if (cooling_off || immediate) {
        lapse_date at_once = date + lapse__immediate_days(plan);
        if (at_once < end->effective_end)
            end->effective_end = at_once;
    }
    end->charge_until = plan->s->start;
    end->charge_months = -1;
    end->notice_deadline = LAPSE_DATE_NONE;
    end->notice_missed = false;
    end->cooling_off = cooling_off;
    end->trial = true;
}

/* term_at, end_of_cancellation and existing_end are static inline so that
 * lapse__request_end, the path of every decision, runs them in one
 * function; the lapse__ functions of term.h are the same, one at a time. */
static inline lapse_error term_at(const lapse__plan *plan, lapse_date date, lapse__term *term,
                                  lapse_error_detail *detail)
{
    if (lapse__in_trial(plan, date)) {
        *term = trial_term(plan);
        return LAPSE_OK;
    }
    if (plan->leading && (plan->first_billing == LAPSE_DATE_NONE || date < plan->first_billing)) {
        /* The leading partial term, from the start to the first billing
         * day; a term of the initial term's kind (its notice, its route). */
        if (plan->first_billing == LAPSE_DATE_NONE)
            return lapse__boundary_error(plan, date, "the first billing day", detail);
        *term = (lapse__term){ -1, -1, 0, plan->s->term, plan->start, plan->first_billing };
        return LAPSE_OK;
    }
    /* date >= start and both are valid, so this fits in 32 bits. */
    int32_t months = (int32_t)lapse__plan_months(plan, date);
    int32_t index = lapse__term_index(plan, months);
    term->months = months;
    term->index = index;
    int32_t start_offset = (int32_t)lapse__term_offset(plan, index);
    term->length = index == 0 ? plan->s->term : plan->renewal;
    term->end_offset = start_offset + term->length;
    /* The start is on or before `date`, so it is always in range. */
    lapse_error error =
        lapse__boundary(plan, start_offset, date, "the term start", &term->start, detail);
    if (error)
        return error;
    return lapse__boundary(plan, term->end_offset, date, "the end of the term", &term->end, detail);
}

lapse_error lapse__term_at(const lapse__plan *plan, lapse_date date, lapse__term *term,
                           lapse_error_detail *detail)
{
    return term_at(plan, date, term, detail);
}

/* An end at the term's end, with the notice rule of R7. */
static inline lapse_error end_with_notice(const lapse__plan *plan, lapse_date date, lapse__end *end,
                                          lapse_error_detail *detail)
{
    if (!plan->s->auto_renew || !lapse__notice_applies(plan->policy, plan->s, end->term.length))
        return LAPSE_OK;
    int64_t deadline = (int64_t)end->term.end - plan->policy->notice_days;
    if (deadline < LAPSE_DATE_MIN) {
        char fault[LAPSE_MESSAGE_SIZE];
        snprintf(fault, sizeof fault,
                 "notice_days %ld: the notice deadline would fall before 0001-01-01",
                 (long)plan->policy->notice_days);
        return lapse__range_error(plan->blamed_cancellation, "notice_days", LAPSE_DATE_NONE, fault,
                                  detail);
    }
    end->notice_deadline = (lapse_date)deadline;
    if (date <= end->notice_deadline)
        return LAPSE_OK;
    /* Late notice still cancels, but the term renews first. */
    end->notice_missed = true;
    /* After the leading partial term comes the initial term. */
    end->charge_months =
        end->term.end_offset + (end->term.index < 0 ? plan->s->term : plan->renewal);
    lapse_error error = lapse__boundary(plan, end->charge_months, date, "the end of the next term",
                                        &end->effective_end, detail);
    end->charge_until = end->effective_end;
    return error;
}

/* The end at `months` after the anchor (or at `date` when months < 0): what
 * is charged runs to it, or, for a contract whose commitment is owed, to
 * the end of the term of its last day of service. */
static lapse_error end_at(const lapse__plan *plan, lapse_date request, lapse_date date,
                          int64_t months, bool owes_term, lapse__end *end,
                          lapse_error_detail *detail)
{
    lapse_error error = LAPSE_OK;
    if (months >= 0)
        error = lapse__boundary(plan, months, request, "the chosen end", &date, detail);
    if (error)
        return error;
    end->effective_end = date;
    end->charge_until = date;
    end->charge_months = (int32_t)months;
    if (!owes_term)
        return LAPSE_OK;
    lapse__term last;
    if ((error = lapse__term_at(plan, date - 1, &last, detail)))
        return error;
    if (last.end > date) {
        end->charge_until = last.end;
        end->charge_months = last.end_offset;
    }
    return LAPSE_OK;
}

/* A chosen end (the request's end_on): the first end the timing allows on
 * or after it, when that is later than the policy's own end. */
static lapse_error chosen_end(const lapse__plan *plan, lapse_date date, lapse_date end_on,
                              bool owes_term, lapse__end *end, lapse_error_detail *detail)
{
    /* The boundary at or after end_on is the end of the period or term
     * containing its day before. */
    int32_t months = (int32_t)lapse__plan_months(plan, end_on - 1);
    int64_t boundary = -1;
    switch (plan->policy->timing) {
    case LAPSE_TIMING_END_OF_TERM:
        boundary = lapse__term_offset(plan, lapse__term_index(plan, months) + 1);
        break;
    case LAPSE_TIMING_END_OF_BILLING_PERIOD:
        boundary = lapse__period_offset(plan, lapse__period_index(plan, months) + 1);
        break;
    case LAPSE_TIMING_IMMEDIATE: break;
    }
    lapse__end chosen = *end;
    lapse_error error = end_at(plan, date, end_on, boundary, owes_term, &chosen, detail);
    if (error || chosen.effective_end < end->effective_end)
        return error;
    /* The renewals up to a chosen end are the customer's choice, not late
     * notice. */
    chosen.notice_missed = false;
    *end = chosen;
    return LAPSE_OK;
}

/* The policy's own end under its timing, a contract owing its term. */
static inline lapse_error timed_end(const lapse__plan *plan, lapse_date date, bool owes_term,
                                    lapse__end *end, lapse_error_detail *detail)
{
    switch (plan->policy->timing) {
    case LAPSE_TIMING_END_OF_TERM: return end_with_notice(plan, date, end, detail);
    case LAPSE_TIMING_END_OF_BILLING_PERIOD: {
        int64_t period_end =
            lapse__period_offset(plan, lapse__period_index(plan, end->term.months) + 1);
        if (period_end != end->term.end_offset)
            return end_at(plan, date, date, period_end, owes_term, end, detail);
        /* A period that ends with the term ends it like end_of_term: with
         * notice.  A late request renews first, and then ends, as the
         * timing says, with the first billing period of the new term (the
         * whole term when billed up front); a contract owing its term owes
         * the new one. */
        lapse_error error = end_with_notice(plan, date, end, detail);
        if (error || !end->notice_missed)
            return error;
        int64_t first_period_end =
            lapse__period_offset(plan, lapse__period_index(plan, end->term.end_offset) + 1);
        lapse__end renewed = *end;
        if ((error = end_at(plan, date, date, first_period_end, owes_term, &renewed, detail)))
            return error;
        renewed.notice_missed = true;
        *end = renewed;
        return LAPSE_OK;
    }
    case LAPSE_TIMING_IMMEDIATE: {
        /* date < term end <= 9999-12-31.  Charged through the request day's
         * period; access ends the next day, or that day under same_day. */
        lapse_error error = end_at(plan, date, date + 1, -1, owes_term, end, detail);
        end->effective_end = date + lapse__immediate_days(plan);
        /* In arrears only days served are charged: not a same-day end's
         * request day (unless a commitment runs on). */
        if (lapse__in_arrears(plan) && end->charge_until == date + 1)
            end->charge_until = end->effective_end;
        return error;
    }
    }
    return LAPSE_OK;
}

static inline lapse_error end_of_cancellation(const lapse__plan *plan, lapse_date date,
                                              lapse_date end_on, lapse__end *end,
                                              lapse_error_detail *detail)
{
    const lapse_policy *policy = plan->policy;
    if (lapse__in_trial(plan, date)) {
        trial_end_of(plan, date, end);
        return LAPSE_OK;
    }
    lapse_error error = term_at(plan, date, &end->term, detail);
    if (error)
        return error;
    const lapse_subscription *s = plan->s;
    end->effective_end = end->charge_until = end->term.end;
    end->charge_months = end->term.end_offset;
    end->notice_deadline = LAPSE_DATE_NONE;
    end->notice_missed = end->cooling_off = end->trial = end->proportionate = false;
    if (end_on == LAPSE_DATE_NONE && lapse__in_cooling_off(plan, date)) {
        /* A withdrawal within the cooling-off period ends at once; the
         * charges refund. */
        end->cooling_off = true;
        end->charge_until = date + 1;
        end->effective_end = date + lapse__immediate_days(plan);
        end->charge_months = -1;
        /* Directive 2011/83/EU art. 14(3) and (4)(a): only a consumer who
         * was informed and asked for the service to begin owes for it. */
        end->proportionate = policy->cooling_off_charge == LAPSE_COOLING_OFF_CHARGE_PROPORTIONATE &&
                             s->express_request && s->withdrawal_informed;
        /* In arrears only the days served are invoiced. */
        if (end->proportionate && lapse__in_arrears(plan))
            end->charge_until = end->effective_end;
        return LAPSE_OK;
    }
    if (!s->auto_renew)
        return LAPSE_OK; /* R1: it ends with the term it is in */
    if (policy->renewal == LAPSE_RENEWAL_NONE) {
        /* It was never going to renew: it ends with the initial term. */
        error = lapse__boundary(plan, s->term, date, "the end of the term", &end->effective_end,
                                detail);
        end->charge_until = end->effective_end;
        end->charge_months = s->term;
        return error;
    }
    /* A contract ended before its term end owes the rest unless waived. */
    bool owes_term = s->contract && policy->commitment == LAPSE_COMMITMENT_OWED;
    if ((error = timed_end(plan, date, owes_term, end, detail)))
        return error;
    return end_on == LAPSE_DATE_NONE ? LAPSE_OK
                                     : chosen_end(plan, date, end_on, owes_term, end, detail);
}

lapse_error lapse__end_of_cancellation(const lapse__plan *plan, lapse_date date, lapse_date end_on,
                                       lapse__end *end, lapse_error_detail *detail)
{
    return end_of_cancellation(plan, date, end_on, end, detail);
}

static inline lapse_error existing_end(const lapse__plan *plan, lapse_date date, bool *ending,
                                       lapse__end *end, lapse_error_detail *detail)
{
    const lapse_policy *policy = plan->policy;
    const lapse_subscription *s = plan->s;
    *ending = false;
    if (lapse__cancelled_by(s, date)) {
        *ending = true;
        /* The end that cancellation set: a date past the calendar met on
         * the way is the cancellation's, which the caller can change. */
        lapse__plan recorded = *plan;
        recorded.blamed_cancellation = s->cancelled_on;
        return end_of_cancellation(&recorded, s->cancelled_on, LAPSE_DATE_NONE, end, detail);
    }
    if (lapse__in_trial(plan, date)) {
        /* Without auto-renew the trial is not followed by a paid term: it
         * ends with the trial; with renewal none the initial term still
         * follows it. */
        if (s->auto_renew)
            return LAPSE_OK;
        *ending = true;
        trial_end_of(plan, date, end);
        end->effective_end = plan->start;
        end->cooling_off = false;
        return LAPSE_OK;
    }
    if (!s->auto_renew || policy->renewal == LAPSE_RENEWAL_NONE) {
        /* R1, R2: without auto-renew it ends with the term it is in; with
         * no renewal at all, with the initial term. */
        *ending = true;
        lapse_error error = term_at(plan, date, &end->term, detail);
        end->effective_end = end->term.end;
        end->charge_months = end->term.end_offset;
        if (!error && policy->renewal == LAPSE_RENEWAL_NONE) {
            error = lapse__boundary(plan, s->term, date, "the end of the term", &end->effective_end,
                                    detail);
            end->charge_months = s->term;
        }
        end->charge_until = end->effective_end;
        end->notice_deadline = LAPSE_DATE_NONE;
        end->notice_missed = end->cooling_off = end->trial = end->proportionate = false;
        return error;
    }
    return LAPSE_OK;
}

lapse_error lapse__existing_end(const lapse__plan *plan, lapse_date date, bool *ending,
                                lapse__end *end, lapse_error_detail *detail)
{
    return existing_end(plan, date, ending, end, detail);
}

lapse_error lapse__request_end(const lapse__plan *plan, lapse_date on, lapse_date end_on,
                               bool *ending, lapse__end *end, lapse_error_detail *detail)
{
    bool prior = lapse__cancelled_by(plan->s, on);
    bool cooling_off = end_on == LAPSE_DATE_NONE && lapse__in_cooling_off(plan, on);
    lapse_error error = existing_end(plan, on, ending, end, detail);
    /* Within the cooling-off period even a subscription that was not going
     * to renew ends at once, unless it has ended already. */
    if (error || (*ending && (prior || !cooling_off || end->effective_end <= on)))
        return error;
    *ending = false;
    return end_of_cancellation(plan, on, end_on, end, detail);
}

lapse_error lapse__deletion_error(const lapse__plan *plan, lapse_date date,
                                  lapse_date effective_end, lapse_error_detail *detail)
{
    char text[LAPSE_DATE_TEXT_SIZE], fault[LAPSE_MESSAGE_SIZE];
    lapse_date_format(effective_end, text, sizeof text);
    snprintf(fault, sizeof fault,
             "effective end %s: the data deletion date would fall after 9999-12-31", text);
    const lapse_subscription *s = plan->s;
    return lapse__range_error(lapse__cancelled_by(s, date) ? s->cancelled_on : LAPSE_DATE_NONE,
                              "on", LAPSE_DATE_NONE, fault, detail);
}
