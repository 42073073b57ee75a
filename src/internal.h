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
