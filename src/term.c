/*
 * Terms and the end of a cancellation.  Every boundary is the anchor plus a
 * month offset, composed in one step from the anchor split once; the term
 * that contains a date comes from the months since the anchor by division,
 * so a subscription started in year 1 costs the same as one started last
 * month.
 */
#include "internal.h"

lapse_error lapse__boundary_error(lapse_date date, const char *what, lapse_error_detail *detail)
{
    char text[LAPSE_DATE_TEXT_SIZE];
    lapse_date_format(date, text, sizeof text);
    return lapse__fail(detail, LAPSE_ERR_DATE_RANGE, "on",
                       "request date %s: %s would fall after 9999-12-31", text, what);
}

lapse_error lapse__term_at(const lapse__plan *plan, lapse_date date, lapse__term *term,
                           lapse_error_detail *detail)
{
    /* date >= start and both are valid, so this fits in 32 bits. */
    int32_t months = (int32_t)lapse__anchor_months_until(plan->anchor, date);
    int32_t index = lapse__term_index(plan, months);
    term->months = months;
    term->index = index;
    term->start_offset = (int32_t)lapse__term_offset(plan, index);
    term->length = index == 0 ? plan->s->term : plan->renewal;
    term->end_offset = term->start_offset + term->length;
    /* The start is on or before `date`, so it is always in range. */
    lapse_error error = lapse__boundary(plan, term->start_offset, date, "the term start",
                                        &term->start, detail);
    if (error)
        return error;
    return lapse__boundary(plan, term->end_offset, date, "the end of the term", &term->end,
                           detail);
}

lapse_error lapse__end_of_cancellation(const lapse_policy *policy, const lapse__plan *plan,
                                       lapse_date date, lapse__end *end,
                                       lapse_error_detail *detail)
{
    lapse_error error = lapse__term_at(plan, date, &end->term, detail);
    if (error)
        return error;
    end->end_offset = end->term.end_offset;
    end->effective_end = end->term.end;
    end->notice_deadline = LAPSE_DATE_NONE;
    end->notice_missed = false;
    /* R7: notice applies to fixed-term contracts (a contract whose current
     * term is longer than a month) that would otherwise renew. */
    const lapse_subscription *s = plan->s;
    bool fixed_term = s->contract && end->term.length > 1;
    if (!s->auto_renew || !fixed_term)
        return LAPSE_OK;
    int64_t deadline = (int64_t)end->term.end - policy->notice_days;
    if (deadline < LAPSE_DATE_MIN)
        return lapse__fail(detail, LAPSE_ERR_DATE_RANGE, "notice_days",
                           "notice_days %ld: the notice deadline would fall before "
                           "0001-01-01", (long)policy->notice_days);
    end->notice_deadline = (lapse_date)deadline;
    if (date > end->notice_deadline) {
        /* Late notice still cancels, but the term renews first. */
        end->notice_missed = true;
        end->end_offset += plan->renewal;
        return lapse__boundary(plan, end->end_offset, date, "the end of the next term",
                               &end->effective_end, detail);
    }
    return LAPSE_OK;
}

lapse_error lapse__existing_end(const lapse_policy *policy, const lapse__plan *plan,
                                lapse_date date, bool *ending, lapse__end *end,
                                lapse_error_detail *detail)
{
    const lapse_subscription *s = plan->s;
    *ending = false;
    if (s->cancelled_on != LAPSE_DATE_NONE && s->cancelled_on <= date) {
        *ending = true;
        return lapse__end_of_cancellation(policy, plan, s->cancelled_on, end, detail);
    }
    if (!s->auto_renew) {
        /* R1, R2: without auto-renew it ends with the term it is in. */
        *ending = true;
        lapse_error error = lapse__term_at(plan, date, &end->term, detail);
        end->end_offset = end->term.end_offset;
        end->effective_end = end->term.end;
        end->notice_deadline = LAPSE_DATE_NONE;
        end->notice_missed = false;
        return error;
    }
    return LAPSE_OK;
}

lapse_error lapse__deletion_date(const lapse_policy *policy, lapse_date effective_end,
                                 lapse_date *out, lapse_error_detail *detail)
{
    int64_t deleted = (int64_t)effective_end + policy->retention_days;
    if (LAPSE__LIKELY(deleted <= LAPSE_DATE_MAX)) {
        *out = (lapse_date)deleted;
        return LAPSE_OK;
    }
    char text[LAPSE_DATE_TEXT_SIZE];
    lapse_date_format(effective_end, text, sizeof text);
    return lapse__fail(detail, LAPSE_ERR_DATE_RANGE, "on",
                       "effective end %s: the data deletion date would fall after "
                       "9999-12-31", text);
}
