/*
 * Terms and the end of a cancellation.  Every boundary is the anchor plus a
 * month offset, added in one step; the term that contains a date comes from
 * lapse_months_since() by division, so a subscription started in year 1
 * costs the same as one started last month.
 */
#include "internal.h"

/* The date `offset` months after the anchor, or a range error naming the
 * request date that led there. */
static lapse_error boundary(const lapse_subscription *s, int64_t offset, lapse_date date,
                            const char *what, lapse_date *out, lapse_error_detail *detail)
{
    if (offset <= INT32_MAX && lapse_date_add_months(s->start, (int32_t)offset, out) == LAPSE_OK)
        return LAPSE_OK;
    char text[LAPSE_DATE_TEXT_SIZE];
    lapse_date_format(date, text, sizeof text);
    return lapse__fail(detail, LAPSE_ERR_DATE_RANGE, "on",
                       "request date %s: %s would fall after 9999-12-31", text, what);
}

lapse_error lapse__term_at(const lapse_subscription *s, lapse_date date, lapse__term *term,
                           lapse_error_detail *detail)
{
    int32_t months = lapse_months_since(s->start, date);
    int32_t renewal = lapse__renewal_term(s);
    int32_t index = months < s->term ? 0 : 1 + (months - s->term) / renewal;
    term->months = months;
    term->index = index;
    term->start_offset = (int32_t)lapse__term_offset(s, index);
    term->length = index == 0 ? s->term : renewal;
    term->end_offset = term->start_offset + term->length;
    term->start = 0;
    /* The start is on or before `date`, so it is always in range. */
    lapse_error error = boundary(s, term->start_offset, date, "the term start", &term->start,
                                 detail);
    if (error)
        return error;
    return boundary(s, term->end_offset, date, "the end of the term", &term->end, detail);
}

lapse_error lapse__end_of_cancellation(const lapse_policy *policy,
                                       const lapse_subscription *s, lapse_date date,
                                       lapse__end *end, lapse_error_detail *detail)
{
    lapse_error error = lapse__term_at(s, date, &end->term, detail);
    if (error)
        return error;
    end->end_offset = end->term.end_offset;
    end->effective_end = end->term.end;
    end->notice_deadline = LAPSE_DATE_NONE;
    end->notice_missed = false;
    /* R7: notice applies to fixed-term contracts (a contract whose current
     * term is longer than a month) that would otherwise renew. */
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
        end->end_offset += lapse__renewal_term(s);
        return boundary(s, end->end_offset, date, "the end of the next term",
                        &end->effective_end, detail);
    }
    return LAPSE_OK;
}

lapse_error lapse__existing_end(const lapse_policy *policy, const lapse_subscription *s,
                                lapse_date date, bool *ending, lapse__end *end,
                                lapse_error_detail *detail)
{
    *ending = false;
    if (s->cancelled_on != LAPSE_DATE_NONE && s->cancelled_on <= date) {
        *ending = true;
        return lapse__end_of_cancellation(policy, s, s->cancelled_on, end, detail);
    }
    if (!s->auto_renew) {
        /* R1, R2: without auto-renew it ends with the term it is in. */
        *ending = true;
        lapse_error error = lapse__term_at(s, date, &end->term, detail);
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
    if (lapse_date_add_days(effective_end, policy->retention_days, out) == LAPSE_OK)
        return LAPSE_OK;
    char text[LAPSE_DATE_TEXT_SIZE];
    lapse_date_format(effective_end, text, sizeof text);
    return lapse__fail(detail, LAPSE_ERR_DATE_RANGE, "on",
                       "effective end %s: the data deletion date would fall after "
                       "9999-12-31", text);
}
