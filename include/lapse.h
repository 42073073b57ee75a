/*
 * lapse.h - subscription cancellation decisions.
 *
 * lapse decides who may cancel a subscription and through which channel,
 * when the cancellation takes effect, what is still charged for the rest of
 * the term, what is refunded and when the customer's data is deleted.  The
 * rules it models are those of shared/RULES.md (R1-R14); the README lists
 * the decisions lapse took where the rules are silent.
 *
 * This header is the reference manual.  Conventions that hold everywhere:
 *
 *  - Dates are lapse_date values: whole days since 1970-01-01 in the
 *    proleptic Gregorian calendar, no time zone (pass the account's local
 *    date).  The valid range is 0001-01-01 (LAPSE_DATE_MIN) to 9999-12-31
 *    (LAPSE_DATE_MAX).  LAPSE_DATE_NONE stands for "no date".
 *  - Periods are half-open: [a, b) covers the days a .. b-1, and the *end*
 *    of a period is the first day it no longer covers.
 *  - Months are added by keeping the day of month and clamping it to the
 *    last day of the target month, always from the anchor in one step:
 *    2025-01-31 + 1 month = 2025-02-28, + 2 months = 2025-03-31.
 *  - Money is int64_t minor units (cents) of an ISO 4217 currency.  No
 *    floating point anywhere; a sum or product that would leave the 64-bit
 *    range is an error, never a wrap.
 *  - The caller owns all memory.  No function allocates, keeps state between
 *    calls or touches global data: every function is thread-safe.
 *  - Text goes into caller buffers (buf, size) with snprintf rules: at most
 *    size-1 bytes plus a NUL are written, and the return value is the length
 *    the full text needs, so a return >= size means it was cut.
 *  - Fallible functions return a lapse_error (LAPSE_OK = 0).  Those that
 *    take a lapse_error_detail * fill it, when it is not NULL, with the
 *    field that was wrong and a sentence that says why.
 */
#ifndef LAPSE_H
#define LAPSE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(LAPSE_BUILDING_DLL)
#define LAPSE_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define LAPSE_EXPORT __attribute__((visibility("default")))
#else
#define LAPSE_EXPORT
#endif

#if defined(__GNUC__) || defined(__clang__)
#define LAPSE_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define LAPSE_WARN_UNUSED
#endif

/* ------------------------------------------------------------------------
 * Version
 * ------------------------------------------------------------------------ */

#define LAPSE_VERSION_MAJOR 0
#define LAPSE_VERSION_MINOR 1
#define LAPSE_VERSION_PATCH 0
#define LAPSE_VERSION_STRING "0.1.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, for comparisons. */
#define LAPSE_VERSION_NUMBER \
    (LAPSE_VERSION_MAJOR * 10000 + LAPSE_VERSION_MINOR * 100 + LAPSE_VERSION_PATCH)

/* The version of the library linked at run time, "MAJOR.MINOR.PATCH". */
LAPSE_EXPORT const char *lapse_version(void);
/* The same as a number built like LAPSE_VERSION_NUMBER. */
LAPSE_EXPORT int32_t lapse_version_number(void);

/* ------------------------------------------------------------------------
 * Errors
 *
 * One table generates the enum, lapse_error_name() (a stable
 * lower_snake_case identifier for programs) and lapse_strerror() (a short
 * phrase for people, written so that "<field> <value>: <phrase>" reads well).
 * New errors are only ever appended.
 * ------------------------------------------------------------------------ */

#define LAPSE_ERROR_TABLE(X)                                                     \
    X(OK, ok, "success")                                                         \
    X(NULL_ARGUMENT, null_argument, "required pointer is NULL")                  \
    X(DATE_SYNTAX, date_syntax, "not a date of the form YYYY-MM-DD")             \
    X(DATE_INVALID, date_invalid, "not a calendar date")                         \
    X(DATE_RANGE, date_range, "outside 0001-01-01 to 9999-12-31")                \
    X(AMOUNT_SYNTAX, amount_syntax, "not a decimal amount")                      \
    X(AMOUNT_PRECISION, amount_precision, "more decimals than the currency has") \
    X(AMOUNT_RANGE, amount_range, "beyond the 64-bit range of amounts")          \
    X(CURRENCY_SYNTAX, currency_syntax, "not three upper-case letters")          \
    X(CURRENCY_UNKNOWN, currency_unknown, "not an ISO 4217 currency")            \
    X(OUT_OF_RANGE, out_of_range, "out of range")                                \
    X(BILLING_INTERVAL, billing_interval, "does not divide the term")            \
    X(BEFORE_START, before_start, "before the subscription starts")              \
    X(ALREADY_ENDED, already_ended, "the subscription has already ended")        \
    X(UNKNOWN_NAME, unknown_name, "not a known name")                            \
    X(VALUE_SYNTAX, value_syntax, "not a valid value")                           \
    X(RESERVED, reserved, "reserved space must be zero")                         \
    X(UNKNOWN_COLUMN, unknown_column, "not a known column")                      \
    X(DUPLICATE_COLUMN, duplicate_column, "column given twice")                  \
    X(COLUMN_COUNT, column_count, "wrong number of fields")                      \
    X(CSV_SYNTAX, csv_syntax, "malformed quoting")                               \
    X(TOO_MANY_COLUMNS, too_many_columns, "more columns than lapse reads")

#define LAPSE__ERROR_ENUM(id, name, text) LAPSE_ERR_##id,
typedef enum lapse_error {
    LAPSE_ERROR_TABLE(LAPSE__ERROR_ENUM)
    LAPSE_ERROR_COUNT
} lapse_error;
#undef LAPSE__ERROR_ENUM
#define LAPSE_OK LAPSE_ERR_OK

/* Stable identifier of an error ("date_invalid"); "unknown" if out of range.
 * Static storage, never NULL. */
LAPSE_EXPORT const char *lapse_error_name(lapse_error error);
/* A phrase for people ("not a calendar date"); static storage, never NULL. */
LAPSE_EXPORT const char *lapse_strerror(lapse_error error);

/*
 * What went wrong, in detail.  Optional: every function that takes one
 * accepts NULL.  On success it is left untouched; on failure `code` is the
 * returned error, `field` the vocabulary name of the offending input
 * ("on", "start", "term", "price", ...; "" when no single field is to blame)
 * and `message` a sentence that names the field, its value and the problem,
 * e.g. "request date 2025-02-30: not a calendar date".  Both strings are
 * always NUL-terminated; a message too long for the buffer is cut.
 * For tables (see lapse_table_*), `line` and `column` locate the error
 * (1-based, 0 when not applicable).
 */
typedef struct lapse_error_detail {
    lapse_error code;
    int32_t line;
    int32_t column;
    char field[32];
    char message[200];
} lapse_error_detail;

/* ------------------------------------------------------------------------
 * Calendar
 * ------------------------------------------------------------------------ */

/* Days since 1970-01-01, proleptic Gregorian. */
typedef int32_t lapse_date;

#define LAPSE_DATE_MIN ((lapse_date)-719162)  /* 0001-01-01 */
#define LAPSE_DATE_MAX ((lapse_date)2932896)  /* 9999-12-31 */
#define LAPSE_DATE_NONE ((lapse_date)INT32_MIN) /* "no date" */
/* Length of "YYYY-MM-DD"; a buffer of LAPSE_DATE_TEXT_SIZE holds it and NUL. */
#define LAPSE_DATE_TEXT_LEN 10
#define LAPSE_DATE_TEXT_SIZE 11

/* The constants above as functions, for bindings that cannot read macros. */
LAPSE_EXPORT lapse_date lapse_date_min(void);
LAPSE_EXPORT lapse_date lapse_date_max(void);
LAPSE_EXPORT lapse_date lapse_date_none(void);

/*
 * The date of a calendar day.  month is 1-12, day 1-31.
 * LAPSE_ERR_DATE_INVALID if the day does not exist (2025-02-29, month 13),
 * LAPSE_ERR_DATE_RANGE if the year is outside 1-9999, LAPSE_ERR_NULL_ARGUMENT
 * if out is NULL.  *out is written only on success.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_date_from_ymd(int32_t year, int32_t month, int32_t day, lapse_date *out);

/*
 * The calendar day of a date.  Any output pointer may be NULL.  For a date
 * outside the valid range the results are well defined (the same arithmetic
 * extended) but are not a valid lapse date.
 */
LAPSE_EXPORT void lapse_date_to_ymd(lapse_date date, int32_t *year,
                                    int32_t *month, int32_t *day);

/*
 * Parses strict ISO 8601 "YYYY-MM-DD" from a NUL-terminated string: exactly
 * four digits, '-', two digits, '-', two digits and nothing else (no sign,
 * no spaces, no time).  LAPSE_ERR_DATE_SYNTAX for any other shape,
 * LAPSE_ERR_DATE_INVALID for a day that does not exist, LAPSE_ERR_DATE_RANGE
 * for year 0000.  *out is written only on success.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_date_parse(const char *text, lapse_date *out);
/* The same for `length` bytes that need not be NUL-terminated. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_date_parse_n(const char *text, size_t length, lapse_date *out);

/*
 * Writes "YYYY-MM-DD" (snprintf rules) and returns 10.  A date outside the
 * valid range, LAPSE_DATE_NONE included, writes "" and returns 0.  buf may
 * be NULL when size is 0.
 */
LAPSE_EXPORT size_t lapse_date_format(lapse_date date, char *buf, size_t size);

/*
 * anchor + months (negative allowed), keeping the anchor's day of month and
 * clamping it to the last day of the target month: 2024-01-31 + 1 =
 * 2024-02-29; 2024-02-29 + 12 = 2025-02-28.  Always computed from the
 * anchor, so anchor + n never drifts however large n is.
 * LAPSE_ERR_DATE_RANGE if anchor or the result is outside the valid range.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_date_add_months(lapse_date anchor, int32_t months, lapse_date *out);

/* date + days (negative allowed); LAPSE_ERR_DATE_RANGE outside the range. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_date_add_days(lapse_date date, int32_t days, lapse_date *out);

/*
 * The largest k such that lapse_date_add_months(anchor, k) <= date; negative
 * when date is before the anchor.  Constant time (no loop).  Both dates
 * should be in the valid range; outside it the result is the same arithmetic
 * extended.
 */
LAPSE_EXPORT int32_t lapse_months_since(lapse_date anchor, lapse_date date);

/* 1 for a Gregorian leap year, else 0.  Days in a month (0 if invalid). */
LAPSE_EXPORT int32_t lapse_is_leap_year(int32_t year);
LAPSE_EXPORT int32_t lapse_days_in_month(int32_t year, int32_t month);

/* ------------------------------------------------------------------------
 * Money
 * ------------------------------------------------------------------------ */

/*
 * The number of minor-unit digits of an ISO 4217 alphabetic code ("EUR" 2,
 * "JPY" 0, "KWD" 3, "CLF" 4), as listed by ISO 4217 for the currencies in
 * circulation.  `code` must be NUL-terminated.
 * LAPSE_ERR_CURRENCY_SYNTAX if it is not exactly three upper-case ASCII
 * letters, LAPSE_ERR_CURRENCY_UNKNOWN if it is not on the list.  digits may
 * be NULL to only check the code.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_currency_digits(const char *code, int32_t *digits);

/*
 * Parses a decimal amount in a currency into minor units: "1234.50" EUR =
 * 123450, "1234" EUR = 123400, "12.5" EUR = 1250, "1234" JPY = 1234.  The
 * form is: an optional '-', one or more digits, and optionally '.' followed
 * by one to `digits` digits.  No '+', no spaces, no thousands separators.
 * LAPSE_ERR_AMOUNT_SYNTAX for another shape, LAPSE_ERR_AMOUNT_PRECISION for
 * more decimals than the currency has, LAPSE_ERR_AMOUNT_RANGE beyond
 * int64_t, currency errors as lapse_currency_digits().
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_amount_parse(const char *text, const char *currency, int64_t *out);
/* The same for `length` bytes that need not be NUL-terminated. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_amount_parse_n(const char *text, size_t length, const char *currency,
                     int64_t *out);

/*
 * Writes the amount as decimal text with exactly the currency's number of
 * decimals ("1234.50", "-0.05", "1234" for JPY); snprintf rules.  An
 * unknown currency writes "" and returns 0.  The longest text is 21 bytes
 * (INT64_MIN with no decimals), so a buffer of LAPSE_AMOUNT_TEXT_SIZE
 * always suffices.
 */
#define LAPSE_AMOUNT_TEXT_SIZE 24
LAPSE_EXPORT size_t lapse_amount_format(int64_t amount, const char *currency,
                                        char *buf, size_t size);

/* *out = a + b, or LAPSE_ERR_AMOUNT_RANGE (and *out untouched) on overflow. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_amount_add(int64_t a, int64_t b, int64_t *out);
/* *out = amount * count, or LAPSE_ERR_AMOUNT_RANGE on overflow. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_amount_mul(int64_t amount, int64_t count, int64_t *out);

#ifdef __cplusplus
}
#endif

#endif /* LAPSE_H */
