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

/* Days from 1970-01-01 of a valid y/m/d, and back; no range checks. */
int32_t lapse__days_from_civil(int32_t year, int32_t month, int32_t day);
void lapse__civil_from_days(int32_t days, int32_t *year, int32_t *month,
                            int32_t *day);

static inline int32_t lapse__is_leap_year(int32_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
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

/* ------------------------------------------------------------------------
 * Terms and ends (term.c)
 * ------------------------------------------------------------------------ */

/* The term containing a date, as month offsets from the anchor and dates. */
typedef struct lapse__term {
    int32_t months;       /* lapse_months_since(start, date), >= 0 */
    int32_t index;        /* k: term 0 is the initial term */
    int32_t start_offset; /* months from the anchor to the term's start */
    int32_t end_offset;
    int32_t length;       /* months */
    lapse_date start;
    lapse_date end;
} lapse__term;

/* How a cancellation made on a date ends the subscription. */
typedef struct lapse__end {
    lapse__term term;         /* the term containing the cancellation date */
    int32_t end_offset;       /* months from the anchor to the effective end */
    lapse_date effective_end;
    lapse_date notice_deadline; /* LAPSE_DATE_NONE when notice does not apply */
    bool notice_missed;
} lapse__end;

/* Renewal term length in months (0 in the subscription means `term`). */
static inline int32_t lapse__renewal_term(const lapse_subscription *s)
{
    return s->renewal_term ? s->renewal_term : s->term;
}

/* Month offset from the anchor of the start of term k >= 0. */
static inline int64_t lapse__term_offset(const lapse_subscription *s, int64_t k)
{
    return k == 0 ? 0 : s->term + (k - 1) * (int64_t)lapse__renewal_term(s);
}

/* The term containing `date` (>= start).  LAPSE_ERR_DATE_RANGE (field "on")
 * if the term ends after 9999-12-31. */
lapse_error lapse__term_at(const lapse_subscription *subscription, lapse_date date,
                           lapse__term *term, lapse_error_detail *detail);

/* The end of a cancellation made on `date` of a subscription not cancelled
 * before (R2, R7): the end of the current term, or of the next one when a
 * fixed-term contract's notice was missed; without auto-renew, the end of
 * the current term. */
lapse_error lapse__end_of_cancellation(const lapse_policy *policy,
                                       const lapse_subscription *subscription,
                                       lapse_date date, lapse__end *end,
                                       lapse_error_detail *detail);

/* The end in force on `date` when the subscription already stops renewing
 * (cancelled on or before `date`, or auto-renew off); *ending is false (and
 * *end untouched) when it still renews. */
lapse_error lapse__existing_end(const lapse_policy *policy,
                                const lapse_subscription *subscription,
                                lapse_date date, bool *ending, lapse__end *end,
                                lapse_error_detail *detail);

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
