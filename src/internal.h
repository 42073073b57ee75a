/* Helpers shared by the modules of liblapse; not part of the public API. */
#ifndef LAPSE_INTERNAL_H
#define LAPSE_INTERNAL_H

#include "lapse.h"

#include <stdbool.h>

#if defined(__GNUC__) || defined(__clang__)
#define LAPSE__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define LAPSE__LIKELY(x) __builtin_expect(!!(x), 1)
#define LAPSE__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LAPSE__PRINTF(fmt, args)
#define LAPSE__LIKELY(x) (x)
#define LAPSE__UNLIKELY(x) (x)
#endif

/*
 * Records an error in `detail` (when not NULL) and returns `code`, so that a
 * failing check reads `return lapse__fail(detail, code, "term", "...")`.
 * The message is formatted; the field is copied as given.
 */
lapse_error lapse__fail(lapse_error_detail *detail, lapse_error code,
                        const char *field, const char *format, ...)
    LAPSE__PRINTF(4, 5);

/* The same with the message "<label> <date>: <strerror(code)>". */
lapse_error lapse__fail_date(lapse_error_detail *detail, lapse_error code,
                             const char *field, const char *label,
                             lapse_date date);


/* Checked 64-bit arithmetic: false (and *out untouched) on overflow.  The
 * compiler builtins compile to one instruction and a flag test; the
 * portable fallback divides. */
static inline bool lapse__add(int64_t a, int64_t b, int64_t *out)
{
#if defined(__GNUC__) || defined(__clang__)
    int64_t sum;
    if (__builtin_add_overflow(a, b, &sum))
        return false;
    *out = sum;
#else
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return false;
    *out = a + b;
#endif
    return true;
}

static inline bool lapse__mul(int64_t a, int64_t b, int64_t *out)
{
#if defined(__GNUC__) || defined(__clang__)
    int64_t product;
    if (__builtin_mul_overflow(a, b, &product))
        return false;
    *out = product;
#else
    if (a != 0 && b != 0 &&
        (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)
               : (b > 0 ? a < INT64_MIN / b : a < INT64_MAX / b)))
        return false;
    *out = a * b;
#endif
    return true;
}

static inline int32_t lapse__is_leap_year(int32_t year)
{
    /* A multiple of 100 is a leap year when it is a multiple of 16 too
     * (400 = 16 * 25), which spares two divisions. */
    return (year & 3) == 0 && (year % 25 != 0 || (year & 15) == 0);
}

/* month must be 1..12. */
static inline int32_t lapse__days_in_month(int32_t year, int32_t month)
{
    if (month == 2)
        return 28 + lapse__is_leap_year(year);
    /* 31 except April, June, September, November. */
    return 30 + ((month + (month >> 3)) & 1);
}

static inline bool lapse__date_valid(lapse_date date)
{
    return date >= LAPSE_DATE_MIN && date <= LAPSE_DATE_MAX;
}

/*
 * The calendar kernels (date.c explains them), inline because every
 * decision calls them several times.  Day 0 of the computational calendar
 * is 0000-03-01, 719468 days before 1970-01-01.
 */
#define LAPSE__EPOCH_SHIFT 719468u
extern const uint16_t lapse__month_day_from_march[366];

/* Days from 1970-01-01 of a valid y/m/d; no range checks. */
static inline int32_t lapse__days_from_civil(int32_t year, int32_t month, int32_t day)
{
    uint32_t january_or_february = month <= 2;
    uint32_t y = (uint32_t)year - january_or_february;
    uint32_t m = january_or_february ? (uint32_t)month + 12 : (uint32_t)month;
    uint32_t century = y / 100;
    uint32_t year_days = 1461 * y / 4 - century + century / 4;
    uint32_t month_days = (979 * m - 2919) / 32;
    return (int32_t)(year_days + month_days + (uint32_t)day - 1 - LAPSE__EPOCH_SHIFT);
}

/* The y/m/d of a day number (meaningless but defined outside the range). */
static inline void lapse__civil_from_days(int32_t days, int32_t *year, int32_t *month,
                                          int32_t *day)
{
    uint32_t n = (uint32_t)days + LAPSE__EPOCH_SHIFT;
    uint32_t n1 = 4 * n + 3;
    uint32_t century = n1 / 146097;
    uint32_t n2 = (n1 % 146097) | 3;
    uint64_t p2 = (uint64_t)2939745 * n2;
    uint32_t year_of_century = (uint32_t)(p2 >> 32);
    uint32_t day_of_year = (uint32_t)p2 / 2939745 / 4;
    uint32_t month_day = lapse__month_day_from_march[day_of_year];
    uint32_t m = month_day >> 5;
    uint32_t after_december = day_of_year >= 306;
    *year = (int32_t)(100 * century + year_of_century + after_december);
    *month = (int32_t)(after_december ? m - 12 : m);
    *day = (int32_t)(month_day & 31);
}

/* A date split once into its month count (year * 12 + month - 1) and day,
 * so that "anchor + n months" is one composition, not a round trip. */
typedef struct lapse__anchor {
    int32_t month;
    int32_t day;
} lapse__anchor;

static inline lapse__anchor lapse__anchor_of(lapse_date date)
{
    int32_t y, m, d;
    lapse__civil_from_days(date, &y, &m, &d);
    return (lapse__anchor){y * 12 + m - 1, d};
}

/* anchor + months, clamped to the month's end; false outside the range. */
static inline bool lapse__anchor_add(lapse__anchor anchor, int64_t months, lapse_date *out)
{
    int64_t index = anchor.month + months;
    if (index < 12 || index > 9999 * 12 + 11)
        return false;
    /* In range the index is small and positive: unsigned 32-bit division
     * by 12 is a multiply and a shift. */
    uint32_t u = (uint32_t)index, year = u / 12;
    int32_t y = (int32_t)year, m = (int32_t)(u - year * 12) + 1;
    int32_t last = lapse__days_in_month(y, m);
    *out = lapse__days_from_civil(y, m, anchor.day < last ? anchor.day : last);
    return true;
}

/* The largest k with anchor + k months <= date. */
static inline int64_t lapse__anchor_months_until(lapse__anchor anchor, lapse_date date)
{
    int32_t y, m, d;
    lapse__civil_from_days(date, &y, &m, &d);
    int64_t k = (int64_t)y * 12 + m - 1 - anchor.month;
    int32_t last = lapse__days_in_month(y, m);
    /* anchor + k months lands in date's month on min(anchor day, month
     * length); if that is after date, it is one month less.  add_months is
     * strictly increasing in k, so no other candidate exists. */
    return (anchor.day < last ? anchor.day : last) > d ? k - 1 : k;
}

#endif

/* ------------------------------------------------------------------------
 * Validation (validate.c): each returns LAPSE_OK or the error for the first
 * invalid field, named in `detail`.
 * ------------------------------------------------------------------------ */
lapse_error lapse__check_policy(const lapse_policy *policy,
                                lapse_error_detail *detail);
lapse_error lapse__check_subscription(const lapse_subscription *subscription,
                                      lapse_error_detail *detail);
/* A date the subscription is looked at on: required, valid, not before the
 * start.  `field` and `label` name it in the error. */
lapse_error lapse__check_date_in_subscription(const lapse_subscription *subscription,
                                              lapse_date date, const char *field,
                                              const char *label,
                                              lapse_error_detail *detail);
lapse_error lapse__check_request(const lapse_request *request,
                                 const lapse_subscription *subscription,
                                 lapse_error_detail *detail);
/* A policy and a subscription that are valid alone but not together (an
 * evergreen policy renews monthly: billing must be monthly or up front). */
lapse_error lapse__check_combination(const lapse_policy *policy,
                                     const lapse_subscription *subscription,
                                     lapse_error_detail *detail);

/* ------------------------------------------------------------------------
 * Terms and ends (term.c)
 * ------------------------------------------------------------------------ */

/* The term containing a date, as month offsets from the anchor and dates. */
typedef struct lapse__term {
    int32_t months;       /* lapse_months_since(start, date), >= 0 */
    int32_t index;        /* k: term 0 is the initial term */
    int32_t end_offset;
    int32_t length;       /* months */
    lapse_date start;
    lapse_date end;
} lapse__term;

/* How a cancellation made on a date ends the subscription. */
typedef struct lapse__end {
    lapse__term term;           /* the term containing the cancellation date */
    lapse_date effective_end;
    lapse_date charge_until;    /* billing periods starting before it are charged */
    int32_t charge_months;      /* charge_until as months from the anchor, when it is
                                 * a month boundary; -1 when it is not */
    lapse_date notice_deadline; /* LAPSE_DATE_NONE when notice does not apply */
    bool notice_missed;
    bool cooling_off;           /* ended at once, everything paid refunded */
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
    int32_t renewal =
        policy->renewal == LAPSE_RENEWAL_EVERGREEN ? 1 : lapse__renewal_term(s);
    return (lapse__plan){s, policy, lapse__anchor_of(s->start), renewal};
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
static inline lapse_error lapse__boundary(const lapse__plan *plan, int64_t months,
                                          lapse_date date, const char *what, lapse_date *out,
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
lapse_error lapse__request_end(const lapse_policy *policy, const lapse__plan *plan,
                               lapse_date on, bool *ending, lapse__end *end,
                               lapse_error_detail *detail);

/* The decision (cancel.c) with a policy already checked; *end (optional)
 * receives the end it found, for the timeline. */
lapse_error lapse__decide(const lapse_policy *policy, const lapse_subscription *subscription,
                          const lapse_request *request, lapse_decision *decision,
                          lapse__end *end, lapse_error_detail *detail);

/* effective_end + retention_days, or LAPSE_ERR_DATE_RANGE (field "on"). */
lapse_error lapse__deletion_date(const lapse_policy *policy, lapse_date effective_end,
                                 lapse_date *out, lapse_error_detail *detail);

/* The default policy, for callers that pass NULL. */
extern const lapse_policy lapse__default_policy;

/* ------------------------------------------------------------------------
 * Text helpers (columns.c)
 * ------------------------------------------------------------------------ */
/* The kind of names in a name or list column; LAPSE_KIND_COUNT if none. */
lapse_kind lapse__column_kind(lapse_column column);
/* Parses a ';' or ',' separated set of names; on an unknown item returns
 * LAPSE_ERR_UNKNOWN_NAME and where it is. */
lapse_error lapse__parse_list(lapse_kind kind, const char *text, size_t length,
                              uint32_t *out, size_t *bad_start, size_t *bad_length);
size_t lapse__format_list(lapse_kind kind, uint32_t bits, char *buf, size_t size);
size_t lapse__copy_text(const char *text, size_t length, char *buf, size_t size);

/* A `policy` cell: a preset name, or settings as lapse_policy_parse reads
 * them (policy.c). */
lapse_error lapse__policy_cell(const char *text, size_t length, lapse_policy *policy,
                               lapse_error_detail *detail);
