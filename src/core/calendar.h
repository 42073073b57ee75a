/* The calendar kernels shared by the date arithmetic and the rules. */
#ifndef LAPSE_CORE_CALENDAR_H
#define LAPSE_CORE_CALENDAR_H

#include "lapse.h"

#include <stdbool.h>
#include <string.h>

#include "text.h" /* lapse__two_digits */

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
static inline void lapse__civil_from_days(int32_t days, int32_t *year, int32_t *month, int32_t *day)
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

/* A valid date as YYYY-MM-DD straight at `out` (LAPSE_DATE_TEXT_LEN
 * bytes, no NUL), nothing for any other day number; returns the length
 * written.  The writer of every date the library puts in text, inline
 * because a billing run's rows call it six times each. */
static inline size_t lapse__put_date(lapse_date date, char *out)
{
    if (!lapse__date_valid(date))
        return 0;
    int32_t y, m, d;
    lapse__civil_from_days(date, &y, &m, &d);
    memcpy(out, lapse__two_digits + 2 * (y / 100), 2);
    memcpy(out + 2, lapse__two_digits + 2 * (y % 100), 2);
    out[4] = '-';
    memcpy(out + 5, lapse__two_digits + 2 * m, 2);
    out[7] = '-';
    memcpy(out + 8, lapse__two_digits + 2 * d, 2);
    return LAPSE_DATE_TEXT_LEN;
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
    return (lapse__anchor){ y * 12 + m - 1, d };
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
