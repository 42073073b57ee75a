/*
 * A subscription's plan under a policy: its anchor, terms and billing
 * periods, each boundary the anchor plus a month offset.  Header only
 * (the ends of a cancellation: term.h).
 */
#ifndef LAPSE_CORE_PLAN_H
#define LAPSE_CORE_PLAN_H

#include "lapse.h"

#include <stdbool.h>

#include "calendar.h"
#include "checked.h"
#include "compiler.h"
#include "items.h"

/* Renewal term length in months (0 in the subscription means `term`). */
static inline int32_t lapse__renewal_term(const lapse_subscription *s)
{
    return s->renewal_term ? s->renewal_term : s->term;
}

/* A validated subscription under a policy, with its anchor split once. */
typedef struct lapse__plan {
    const lapse_subscription *s;
    const lapse_policy *policy;
    /* The first day billed: trial_end when the subscription has a free
     * trial (the days from s->start to it), else s->start.  Every boundary
     * counts from it, as for a subscription started on it; cooling-off
     * counts from s->start, the conclusion. */
    lapse_date start;
    bool trial;
    lapse__anchor anchor;
    int32_t renewal; /* months: the renewal term, or 1 for an evergreen policy */
    /* The index of the first billing period of term 1: from it on, an
     * invoice costs renewal_price. */
    int32_t first_renewal_period;
    /* One invoice: the price, or renewal_price in renewal terms, plus
     * quantity x unit_price of every item (checked to fit in 64 bits). */
    int64_t price;
    int64_t renewal_price;
    /* The introductory price (#31): periods 0..intro_periods-1 invoice
     * intro_price (plus the items); 0 periods without one. */
    int32_t intro_periods;
    int64_t intro_price;
    /* Days of cooling-off this account has (0 when the policy gives none
     * or does not give it to contract accounts). */
    int32_t cooling_off_days;
    /* Calendar billing: the first billing day (the anchor's day 0), and
     * whether the days from the start to it are a leading partial period
     * and term (index -1), at leading_price.  first_billing is none when
     * it would fall after 9999-12-31. */
    bool leading;
    lapse_date first_billing;
    int64_t leading_price;
    /* A pause (docs/rules.md, "Pauses"): paused_from is the start of
     * billing period pause_period, pause_months after the anchor (>= 1
     * period: validated).  shifted (pause_extends_term): every boundary
     * pause_months or more after the anchor counts from resume_anchor
     * (resumes_on) instead, pause_months less: one shift, no walk; the
     * period before the pause ends, as a boundary, on resumes_on (its days
     * served stop at paused_from: lapse__served_stop).  Not shifted: the
     * boundaries stay and billing periods [pause_period, resume_period)
     * cost nothing. */
    bool paused;
    bool shifted;
    int32_t pause_months;
    int32_t pause_period;
    int32_t resume_period;
    lapse__anchor resume_anchor;
    /* LAPSE_DATE_NONE, or the recorded cancellation whose end this plan
     * works out (lapse__existing_end): a date past the calendar met on the
     * way is blamed on it (lapse__range_error). */
    lapse_date blamed_cancellation;
} lapse__plan;

/* The anchor of every boundary: the start, or under month_end sticky a
 * start on its month's last day as day 31, which the clamp of
 * lapse__anchor_add makes the last day of every month, in the same one
 * step. */
static inline lapse__anchor lapse__plan_anchor(const lapse_policy *policy, lapse_date start)
{
    lapse__anchor anchor = lapse__anchor_of(start);
    if (policy->month_end == LAPSE_MONTH_END_STICKY &&
        anchor.day == lapse__days_in_month(anchor.month / 12, anchor.month % 12 + 1))
        anchor.day = 31;
    return anchor;
}

/* The modulus of billing_month: gcd(months, 12) for periods of `months`
 * (the billing interval, or the initial term when billed up front), so
 * that every later period start stays on a congruent month. */
static inline int32_t lapse__billing_month_step(const lapse_subscription *s)
{
    int32_t months = s->billing > 0 ? s->billing : s->term;
    return months % 12 == 0  ? 12
           : months % 6 == 0 ? 6
           : months % 4 == 0 ? 4
           : months % 3 == 0 ? 3
           : months % 2 == 0 ? 2
                             : 1;
}

/* The first date on or after `start` whose day is `day` (clamped to short
 * months) in a month congruent to `month` (1..12; 0: any) modulo `step`:
 * this month's or a later one, found in one step; as an anchor on `day`,
 * so that every later boundary keeps that day.  False past 9999-12-31. */
static inline bool lapse__billing_anchor(lapse_date start, int32_t day, int32_t month, int32_t step,
                                         lapse__anchor *anchor, lapse_date *first)
{
    lapse__anchor from = lapse__anchor_of(start);
    int32_t skip = 0;
    if (month > 0) /* months from the start's to the next congruent one */
        skip = ((month - 1) % step - from.month % step + step) % step;
    else
        step = 1;
    lapse__anchor candidate = { from.month + skip, day };
    lapse_date date;
    *anchor = candidate;
    if (!lapse__anchor_add(candidate, 0, &date))
        return false;
    if (date < start)
        candidate.month += step;
    *anchor = candidate;
    return lapse__anchor_add(candidate, 0, first);
}

/* The days of [from, to) counted 30 a month, as Kill Bill's fixed proration
 * counts them (InvoiceDateUtils.daysBetweenWithFixedDaysInMonth): the
 * actual days within one month; across a month end, the actual days less
 * the start month's days beyond 30 (plus 2 from February 28), which is
 * 30 x the months between plus the difference of the days of the month;
 * across several month ends every month counts 30.  Never negative for
 * from <= to; O(1). */
static inline int64_t lapse__days_30(lapse_date from, lapse_date to)
{
    lapse__anchor a = lapse__anchor_of(from), b = lapse__anchor_of(to);
    return 30 * ((int64_t)b.month - a.month) + b.day - a.day;
}

/* What a leading partial period [start, first) costs: leading_period
 * prorated (its days of the whole billing period, or term when billed up
 * front, it is cut from, counted and rounded by the policy), free or full.
 * A share of the price, so it fits; a range error makes it the price. */
static inline int64_t lapse__leading_price(const lapse_policy *policy, const lapse_subscription *s,
                                           lapse_date start, int64_t price, lapse__anchor anchor,
                                           lapse_date first)
{
    switch (policy->leading_period) {
    case LAPSE_LEADING_PERIOD_FREE: return 0;
    case LAPSE_LEADING_PERIOD_FULL: return price;
    case LAPSE_LEADING_PERIOD_PRORATED: break;
    }
    int32_t months = s->billing > 0 ? s->billing : s->term;
    lapse_date cut_from;
    if (!lapse__anchor_add(anchor, -months, &cut_from))
        return price;
    int64_t days = (int64_t)first - cut_from, left = (int64_t)first - start;
    if (policy->proration_days == LAPSE_PRORATION_DAYS_30) {
        /* Kill Bill's leading proration: its days counted 30 a month. */
        days = 30 * (int64_t)months;
        left = lapse__days_30(start, first);
        left = left < days ? left : days;
    }
    int64_t share;
    return lapse__share(price, left, days, policy->rounding, &share) ? share : price;
}

/* The index of the first billing period of term 1 (lapse__plan's
 * first_renewal_period).  Monthly billing, the common case, needs no
 * division. */
static inline int32_t lapse__first_renewal_period(const lapse_subscription *s)
{
    return s->billing == 1 ? s->term : s->billing > 0 ? s->term / s->billing : 1;
}

static inline void lapse__plan_pause(lapse__plan *plan);

/* The subscription has a pause of at least one day.  paused_from ==
 * resumes_on (two valid dates) is a pause of length 0: no pause at all
 * (docs/rules.md, "Pauses"), whatever the dates and the policy. */
static inline bool lapse__has_pause(const lapse_subscription *s)
{
    return s->paused_from != LAPSE_DATE_NONE && s->paused_from != s->resumes_on;
}

/* The plan of a validated subscription under a policy. */
static inline lapse__plan lapse__plan_of(const lapse_policy *policy, const lapse_subscription *s)
{
    int32_t renewal = policy->renewal == LAPSE_RENEWAL_EVERGREEN ? 1 : lapse__renewal_term(s);
    bool cooling = policy->cooling_off_applies == LAPSE_COOLING_OFF_APPLIES_ALL || !s->contract;
    bool trial = s->trial_end != LAPSE_DATE_NONE && s->trial_end > s->start;
    lapse_date start = trial ? s->trial_end : s->start;
    lapse__anchor anchor = lapse__plan_anchor(policy, start);
    lapse_date first = start;
    bool leading = false;
    int64_t leading_price = 0;
    /* The items' amount, 0 without items (checked: it fits, with either
     * price). */
    int64_t items = 0;
    if (s->item_count > 0 && !lapse__items_amount(s->items, s->item_count, &items))
        items = 0;
    int64_t price = s->price + items;
    /* Checked: intro_months is a whole number of billing periods within
     * the first term, and intro_price plus the items fits. */
    int32_t intro_periods = s->intro_months == 0 ? 0
                            : s->billing == 1    ? s->intro_months
                            : s->billing > 0     ? s->intro_months / s->billing
                                                 : 1;
    int64_t intro_price = intro_periods > 0 ? s->intro_price + items : price;
    if (s->billing_day > 0 || s->billing_month > 0) {
        /* The start's own day (or none) keeps the plan's anchor day: under
         * month_end sticky a start on its month's last day stays on month
         * ends. */
        int32_t day = s->billing_day > 0 && s->billing_day != lapse__anchor_of(start).day
                          ? s->billing_day
                          : anchor.day;
        lapse__anchor billing;
        if (!lapse__billing_anchor(start, day, s->billing_month, lapse__billing_month_step(s),
                                   &billing, &first)) {
            anchor = billing;
            first = LAPSE_DATE_NONE;
            leading = true;
        } else {
            /* A later day clamped to the start's is kept from then on. */
            anchor = billing;
            if (first > start) {
                leading = true;
                leading_price = lapse__leading_price(policy, s, start, intro_price, billing, first);
            }
        }
    }
    lapse__plan plan = {
        .s = s,
        .policy = policy,
        .start = start,
        .trial = trial,
        .anchor = anchor,
        .renewal = renewal,
        .first_renewal_period = lapse__first_renewal_period(s),
        .price = price,
        .renewal_price = s->renewal_price == LAPSE_AMOUNT_NONE ? price : s->renewal_price + items,
        .intro_periods = intro_periods,
        .intro_price = intro_price,
        .cooling_off_days = cooling ? policy->cooling_off_days : 0,
        .leading = leading,
        .first_billing = first,
        .leading_price = leading_price,
        .blamed_cancellation = LAPSE_DATE_NONE,
    };
    if (LAPSE__UNLIKELY(lapse__has_pause(s)))
        lapse__plan_pause(&plan);
    return plan;
}

/* A request on `date` falls in the free trial. */
static inline bool lapse__in_trial(const lapse__plan *plan, lapse_date date)
{
    return plan->trial && date < plan->start;
}

/* Billing period `index` falls in a pause that keeps the term (not
 * shifted): nothing invoiced for it. */
static inline bool lapse__period_paused(const lapse__plan *plan, int64_t index)
{
    return index >= plan->pause_period && index < plan->resume_period;
}

/* How many of billing periods first..last are paused (not invoiced). */
static inline int64_t lapse__paused_between(const lapse__plan *plan, int64_t first, int64_t last)
{
    int64_t low = first > plan->pause_period ? first : plan->pause_period;
    int64_t high = last < plan->resume_period - 1 ? last : plan->resume_period - 1;
    return high >= low ? high - low + 1 : 0;
}

/* The price of the invoice of billing period `index` (-1: the leading
 * partial period). */
static inline int64_t lapse__period_price(const lapse__plan *plan, int64_t index)
{
    if (index < 0)
        return plan->leading_price;
    if (LAPSE__UNLIKELY(lapse__period_paused(plan, index)))
        return 0;
    if (index < plan->intro_periods)
        return plan->intro_price;
    return index < plan->first_renewal_period ? plan->price : plan->renewal_price;
}

/* The settlement keys (docs/rules.md, "Settlement"). */
static inline bool lapse__credit_applies_to_balance(const lapse_policy *policy)
{
    return policy->credit_applies_to_balance != 0;
}

static inline bool lapse__credit_as_account_credit(const lapse_policy *policy)
{
    return policy->credit_as == LAPSE_CREDIT_AS_ACCOUNT_CREDIT;
}

/* The day of the week of a date, Monday 0 to Sunday 6 (1970-01-01, day 0,
 * was a Thursday). */
static inline int32_t lapse__weekday(int64_t date)
{
    int32_t day = (int32_t)((date + 3) % 7);
    return day < 0 ? day + 7 : day;
}

/* `date` is one of the policy's public holidays (a list in ascending
 * order, the policy check makes sure): a binary search. */
static inline bool lapse__holiday(const lapse_policy *policy, int64_t date)
{
    const lapse_holidays *list = &policy->holidays;
    int32_t low = 0, high = list->count;
    while (low < high) {
        int32_t middle = low + (high - low) / 2;
        if (list->dates[middle] < date)
            low = middle + 1;
        else
            high = middle;
    }
    return low < list->count && list->dates[low] == date;
}

/* Regulation (EEC, Euratom) No 1182/71 art. 3(4): a period whose last day
 * is a public holiday, a Saturday or a Sunday ends with the next working
 * day.  Each step passes a weekend or a listed holiday, so it ends within
 * the list's length and its weekends: no walk over periods. */
static inline int64_t lapse__working_day(const lapse_policy *policy, int64_t date)
{
    for (;;) {
        int32_t weekday = lapse__weekday(date);
        if (weekday >= 5)
            date += 7 - weekday; /* to the Monday */
        else if (lapse__holiday(policy, date))
            date++;
        else
            return date;
    }
}

/* The last day of the cooling-off period (EU withdrawal, docs/rules.md):
 * cooling_off_days from the day the contract was concluded (the start when
 * not given; that day does not count: Directive 2011/83/EU art. 9(2)(a)
 * with Regulation 1182/71 art. 3(1)), moved to the next working day
 * (art. 3(4)); for a consumer not told of the right, 12 months after the
 * end of that initial period, moved again (art. 10(1)).  Past 9999-12-31
 * when the period runs beyond the calendar: every request is in it. */
static inline int64_t lapse__cooling_off_last_day(const lapse__plan *plan)
{
    const lapse_subscription *s = plan->s;
    lapse_date from = s->concluded_on == LAPSE_DATE_NONE ? s->start : s->concluded_on;
    int64_t last = lapse__working_day(plan->policy, (int64_t)from + plan->cooling_off_days);
    if (s->withdrawal_informed)
        return last;
    lapse_date later;
    if (last > LAPSE_DATE_MAX || !lapse__anchor_add(lapse__anchor_of((lapse_date)last), 12, &later))
        return (int64_t)LAPSE_DATE_MAX + 1;
    return lapse__working_day(plan->policy, later);
}

/* A request on `date` is within the cooling-off period: on or before its
 * last day (lapse__cooling_off_last_day). */
static inline bool lapse__in_cooling_off(const lapse__plan *plan, lapse_date date)
{
    return plan->cooling_off_days > 0 && (int64_t)date <= lapse__cooling_off_last_day(plan);
}

/* The days from a request to the effective end of a cancellation that
 * takes effect at once: 1, or 0 under immediate_end same_day.  Either way
 * what is charged runs through the request day's billing period. */
static inline lapse_date lapse__immediate_days(const lapse__plan *plan)
{
    return plan->policy->immediate_end == LAPSE_IMMEDIATE_END_SAME_DAY ? 0 : 1;
}

static inline bool lapse__in_arrears(const lapse__plan *plan)
{
    return plan->policy->invoicing == LAPSE_INVOICING_IN_ARREARS;
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
    if (months < 0)
        return -1; /* the leading partial term, before the first billing day */
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
    if (months < 0)
        return -1; /* the leading partial period */
    return billing == 1 ? months : billing > 0 ? months / billing : lapse__term_index(plan, months);
}

/* Month offset from the anchor of the start of billing period `index`. */
static inline int64_t lapse__period_offset(const lapse__plan *plan, int32_t index)
{
    int32_t billing = plan->s->billing;
    return billing > 0 ? (int64_t)index * billing : lapse__term_offset(plan, index);
}

/* The pause's numbers (lapse__plan's comment), from its validated dates. */
static inline void lapse__plan_pause(lapse__plan *plan)
{
    const lapse_subscription *s = plan->s;
    plan->paused = true;
    plan->shifted = plan->policy->pause_extends_term != 0;
    plan->pause_months = (int32_t)lapse__anchor_months_until(plan->anchor, s->paused_from);
    plan->pause_period = lapse__period_index(plan, plan->pause_months);
    plan->resume_anchor = lapse__plan_anchor(plan->policy, s->resumes_on);
    /* Shifted, no period is skipped: [pause_period, pause_period). */
    plan->resume_period =
        plan->shifted ? plan->pause_period
                      : lapse__period_index(
                            plan, (int32_t)lapse__anchor_months_until(plan->anchor, s->resumes_on));
}

/* The date `months` after the plan's anchor (from the pause on, shifted, the
 * resume's); false past the calendar.  The one way from a month offset to a
 * date. */
static inline bool lapse__plan_date(const lapse__plan *plan, int64_t months, lapse_date *out)
{
    if (LAPSE__UNLIKELY(plan->shifted) && months >= plan->pause_months)
        return lapse__anchor_add(plan->resume_anchor, months - plan->pause_months, out);
    return lapse__anchor_add(plan->anchor, months, out);
}

/* The largest k with lapse__plan_date(k) <= date: a day of a shifted pause
 * is in the period before it (pause_months - 1), whose days served end at
 * paused_from. */
static inline int64_t lapse__plan_months(const lapse__plan *plan, lapse_date date)
{
    if (LAPSE__UNLIKELY(plan->shifted) && date >= plan->s->paused_from) {
        if (date < plan->s->resumes_on)
            return plan->pause_months - 1;
        return plan->pause_months + lapse__anchor_months_until(plan->resume_anchor, date);
    }
    return lapse__anchor_months_until(plan->anchor, date);
}

/* `date` is in the pause [paused_from, resumes_on). */
static inline bool lapse__in_pause(const lapse__plan *plan, lapse_date date)
{
    return plan->paused && date >= plan->s->paused_from && date < plan->s->resumes_on;
}

/* The end of the days served of a period ending on `stop`: paused_from for
 * the period before a shifted pause (its boundary is resumes_on). */
static inline lapse_date lapse__served_stop(const lapse__plan *plan, lapse_date stop)
{
    return plan->shifted && stop == plan->s->resumes_on ? plan->s->paused_from : stop;
}

/* The subscription was cancelled on or before `date`. */
static inline bool lapse__cancelled_by(const lapse_subscription *s, lapse_date date)
{
    return s->cancelled_on != LAPSE_DATE_NONE && s->cancelled_on <= date;
}

#endif
