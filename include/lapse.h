/*
 * lapse.h - subscription cancellation decisions.
 *
 * lapse decides who may cancel a subscription and through which channel,
 * when the cancellation takes effect, what is still charged for the rest of
 * the term, what is refunded and when the customer's data is deleted.  The
 * rules it models (R1-R14), the policy keys and the decisions lapse took
 * where the rules are silent are in docs/rules.md, with a map from each
 * rule to the function that implements it.
 *
 * This is the core: it knows nothing of text tables.  The CSV and vectors
 * layer (columns, rows, batch over CSV text) is <lapse/tables.h>, which
 * includes this header.
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

/* LAPSE_VERSION_MAJOR, _MINOR, _PATCH, _STRING and _NUMBER (MAJOR * 10000
 * + MINOR * 100 + PATCH, for comparisons), generated from meson.build. */
#include "lapse/version.h"

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
 * New errors are only ever appended.  Codes from LAPSE_ERR_LAYER_FIRST on
 * belong to the layers above the core (<lapse/tables.h>); the core's
 * lapse_error_name() and lapse_strerror() name them only when the layer is
 * built into the library, and say "unknown" otherwise.
 * ------------------------------------------------------------------------ */

#define LAPSE_ERROR_TABLE(X)                                                      \
    X(OK, ok, "success")                                                          \
    X(NULL_ARGUMENT, null_argument, "required pointer is NULL")                   \
    X(DATE_SYNTAX, date_syntax, "not a date of the form YYYY-MM-DD")              \
    X(DATE_INVALID, date_invalid, "not a calendar date")                          \
    X(DATE_RANGE, date_range, "outside 0001-01-01 to 9999-12-31")                 \
    X(AMOUNT_SYNTAX, amount_syntax, "not a decimal amount")                       \
    X(AMOUNT_PRECISION, amount_precision, "more decimals than the currency has")  \
    X(AMOUNT_RANGE, amount_range, "beyond the 64-bit range of amounts")           \
    X(CURRENCY_SYNTAX, currency_syntax, "not three upper-case letters")           \
    X(CURRENCY_UNKNOWN, currency_unknown, "not an ISO 4217 currency")             \
    X(OUT_OF_RANGE, out_of_range, "out of range")                                 \
    X(BILLING_INTERVAL, billing_interval, "does not divide the term")             \
    X(BEFORE_START, before_start, "before the subscription starts")               \
    X(ALREADY_ENDED, already_ended, "the subscription has already ended")         \
    X(UNKNOWN_NAME, unknown_name, "not a known name")                             \
    X(VALUE_SYNTAX, value_syntax, "not a valid value")                            \
    X(RESERVED, reserved, "reserved space must be zero")                          \
    X(MISSING, missing, "required but not given")                                 \
    X(DUPLICATE_KEY, duplicate_key, "policy key given twice")                     \
    X(CURRENCY_MISMATCH, currency_mismatch, "not in the subscription's currency") \
    X(DECISION_MISMATCH, decision_mismatch, "not what these inputs give")

#define LAPSE__ERROR_ENUM(id, name, text) LAPSE_ERR_##id,
typedef enum lapse_error {
    LAPSE_ERROR_TABLE(LAPSE__ERROR_ENUM) LAPSE_ERROR_COUNT,
    /* The first code of the layers above the core (see <lapse/tables.h>). */
    LAPSE_ERR_LAYER_FIRST = 100
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
 * For policy text and tables, `line` and `column` locate the error
 * (1-based, 0 when not applicable).
 */
#define LAPSE_FIELD_SIZE 32    /* bytes of lapse_error_detail.field */
#define LAPSE_MESSAGE_SIZE 200 /* bytes of lapse_error_detail.message */
typedef struct lapse_error_detail {
    lapse_error code;
    int32_t line;
    int32_t column;
    char field[LAPSE_FIELD_SIZE];
    char message[LAPSE_MESSAGE_SIZE];
    uint32_t reserved[4]; /* written as zero */
} lapse_error_detail;

/* ------------------------------------------------------------------------
 * Calendar
 * ------------------------------------------------------------------------ */

/* Days since 1970-01-01, proleptic Gregorian. */
typedef int32_t lapse_date;

#define LAPSE_DATE_MIN ((lapse_date)-719162)    /* 0001-01-01 */
#define LAPSE_DATE_MAX ((lapse_date)2932896)    /* 9999-12-31 */
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
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_date_from_ymd(int32_t year, int32_t month,
                                                               int32_t day, lapse_date *out);

/*
 * The calendar day of a date.  Any output pointer may be NULL.  For a date
 * outside the valid range the results are well defined (the same arithmetic
 * extended) but are not a valid lapse date.
 */
LAPSE_EXPORT void lapse_date_to_ymd(lapse_date date, int32_t *year, int32_t *month, int32_t *day);

/*
 * Parses strict ISO 8601 "YYYY-MM-DD" from a NUL-terminated string: exactly
 * four digits, '-', two digits, '-', two digits and nothing else (no sign,
 * no spaces, no time).  LAPSE_ERR_DATE_SYNTAX for any other shape,
 * LAPSE_ERR_DATE_INVALID for a day that does not exist, LAPSE_ERR_DATE_RANGE
 * for year 0000.  *out is written only on success.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_date_parse(const char *text, lapse_date *out);
/* The same for `length` bytes that need not be NUL-terminated. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_date_parse_n(const char *text, size_t length,
                                                              lapse_date *out);

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
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_date_add_months(lapse_date anchor, int32_t months,
                                                                 lapse_date *out);

/* date + days (negative allowed); LAPSE_ERR_DATE_RANGE outside the range. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_date_add_days(lapse_date date, int32_t days,
                                                               lapse_date *out);

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
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_currency_digits(const char *code, int32_t *digits);

/*
 * Parses a decimal amount in a currency into minor units: "1234.50" EUR =
 * 123450, "1234" EUR = 123400, "12.5" EUR = 1250, "1234" JPY = 1234.  The
 * form is: an optional '-', one or more digits, and optionally '.' followed
 * by one to `digits` digits.  No '+', no spaces, no thousands separators.
 * LAPSE_ERR_AMOUNT_SYNTAX for another shape, LAPSE_ERR_AMOUNT_PRECISION for
 * more decimals than the currency has, LAPSE_ERR_AMOUNT_RANGE beyond
 * int64_t, currency errors as lapse_currency_digits().
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_amount_parse(const char *text,
                                                              const char *currency, int64_t *out);
/* The same for `length` bytes that need not be NUL-terminated. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_amount_parse_n(const char *text, size_t length,
                                                                const char *currency, int64_t *out);

/*
 * Writes the amount as decimal text with exactly the currency's number of
 * decimals ("1234.50", "-0.05", "1234" for JPY); snprintf rules.  An
 * unknown currency writes "" and returns 0.  The longest text is 21 bytes
 * (INT64_MIN with no decimals), so a buffer of LAPSE_AMOUNT_TEXT_SIZE
 * always suffices.
 */
#define LAPSE_AMOUNT_TEXT_SIZE 24
/* "No amount": an optional amount not given (lapse_subscription.renewal_price). */
#define LAPSE_AMOUNT_NONE INT64_MIN
LAPSE_EXPORT int64_t lapse_amount_none(void);
LAPSE_EXPORT size_t lapse_amount_format(int64_t amount, const char *currency, char *buf,
                                        size_t size);

/* *out = a + b, or LAPSE_ERR_AMOUNT_RANGE (and *out untouched) on overflow. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_amount_add(int64_t a, int64_t b, int64_t *out);
/* *out = amount * count, or LAPSE_ERR_AMOUNT_RANGE on overflow. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_amount_mul(int64_t amount, int64_t count,
                                                            int64_t *out);

/* ------------------------------------------------------------------------
 * Names
 *
 * Every role, channel, support detail, reason, warning, route, status and
 * other outcome has a stable lower_snake_case name.  Programs print these
 * names and tests compare them; they never change once released.  On the
 * command line the same names are spelled with '-' for '_'.
 * ------------------------------------------------------------------------ */

/*
 * The kinds of the values of the policy's CHOICE keys, from 12 on:
 * X(KIND, values, number) is LAPSE_KIND_<KIND> = number, whose names are
 * those of the list LAPSE__VALUES_<values> (which also declares the enum,
 * under "The model").  A new set of values takes the next number and
 * raises LAPSE_KIND_COUNT.
 */
/* clang-format off */
#define LAPSE__CHOICE_KINDS(X)                                                          \
    X(TIMING, timing, 12)                           /* lapse_timing */                  \
    X(REFUND, refund, 13)                           /* lapse_refund */                  \
    X(COMMITMENT, commitment, 14)                   /* lapse_commitment */              \
    X(RENEWAL, renewal, 15)                         /* lapse_renewal */                 \
    X(NOTICE_APPLIES, notice_applies, 16)           /* lapse_notice_applies */          \
    X(COOLING_OFF_APPLIES, cooling_off_applies, 17) /* lapse_cooling_off_applies */     \
    X(ROUNDING, rounding, 18)                       /* lapse_rounding */                \
    X(PRORATION_DAYS, proration_days, 19)           /* lapse_proration_days */          \
    X(MONTH_END, month_end, 20)                     /* lapse_month_end */               \
    X(IMMEDIATE_END, immediate_end, 21)             /* lapse_immediate_end */           \
    X(INVOICING, invoicing, 22)                     /* lapse_invoicing */               \
    X(LEADING_PERIOD, leading_period, 23)           /* lapse_leading_period */          \
    X(TRIAL_CANCEL, trial_cancel, 24)               /* lapse_trial_cancel */            \
    X(CREDIT_AS, credit_as, 25)                     /* lapse_credit_as */               \
    X(COOLING_OFF_CHARGE, cooling_off_charge, 26)   /* lapse_cooling_off_charge */
/* clang-format on */
#define LAPSE__KIND_ENUMERATOR(kind, values, number) LAPSE_KIND_##kind = number,

/* Which set of names. */
typedef enum lapse_kind {
    LAPSE_KIND_ROLE = 0,          /* bits: lapse_role */
    LAPSE_KIND_CHANNEL = 1,       /* values: lapse_channel */
    LAPSE_KIND_SUPPORT_INFO = 2,  /* bits: lapse_support_info */
    LAPSE_KIND_REASON = 3,        /* bits: lapse_reason */
    LAPSE_KIND_WARNING = 4,       /* bits: lapse_warning */
    LAPSE_KIND_ROUTE = 5,         /* values: lapse_route */
    LAPSE_KIND_CONFIRMATION = 6,  /* values: lapse_confirmation */
    LAPSE_KIND_STATUS = 7,        /* values: lapse_status */
    LAPSE_KIND_LISTING = 8,       /* values: lapse_listing */
    LAPSE_KIND_CHANGE = 9,        /* values: lapse_change */
    LAPSE_KIND_REACTIVATION = 10, /* values: lapse_reactivation */
    LAPSE_KIND_EVENT = 11,        /* values: lapse_event_kind */
    /* LAPSE_KIND_TIMING = 12 .. LAPSE_KIND_COOLING_OFF_CHARGE = 26 */
    LAPSE__CHOICE_KINDS(LAPSE__KIND_ENUMERATOR)
} lapse_kind;
#define LAPSE_KIND_COUNT 27

/*
 * The name of a value (for bit-set kinds: of one bit), e.g.
 * lapse_name(LAPSE_KIND_REASON, LAPSE_REASON_NOT_AUTHORIZED) is
 * "not_authorized".  NULL for a value without a name.  Static storage.
 */
LAPSE_EXPORT const char *lapse_name(lapse_kind kind, uint32_t value);

/*
 * The value of a name of `kind`, from `length` bytes (not NUL-terminated).
 * '-' and '_' are the same ("billing-admin" = "billing_admin").  For
 * LAPSE_KIND_SUPPORT_INFO, "all" is every detail.  LAPSE_ERR_UNKNOWN_NAME if
 * no name matches.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_name_lookup(lapse_kind kind, const char *text,
                                                             size_t length, uint32_t *value);

/* ------------------------------------------------------------------------
 * The model
 * ------------------------------------------------------------------------ */

/* Roles of the person asking (bit set; 0 = an ordinary user).  R5. */
typedef enum lapse_role {
    LAPSE_ROLE_BILLING_ADMIN = 1u << 0,  /* "billing_admin" */
    LAPSE_ROLE_PRODUCT_ADMIN = 1u << 1,  /* "product_admin" */
    LAPSE_ROLE_BILLING_CONTACT = 1u << 2 /* "billing_contact": authorised billing contact */
} lapse_role;
#define LAPSE_ROLE_ALL 7u

/* Where a request is made.  R6. */
typedef enum lapse_channel {
    LAPSE_CHANNEL_ONLINE = 0, /* "online": the admin portal */
    LAPSE_CHANNEL_SUPPORT = 1 /* "support": contacting support */
} lapse_channel;

/* Identifying details given to support (bit set).  R8. */
typedef enum lapse_support_info {
    LAPSE_SUPPORT_INFO_ACCOUNT_ID = 1u << 0,      /* "account_id" */
    LAPSE_SUPPORT_INFO_ADMIN_EMAIL = 1u << 1,     /* "admin_email": the billing admin's e-mail */
    LAPSE_SUPPORT_INFO_CARD_LAST4 = 1u << 2,      /* "card_last4": last four digits of the card */
    LAPSE_SUPPORT_INFO_BILLING_ADDRESS = 1u << 3, /* "billing_address" of the payment method */
    LAPSE_SUPPORT_INFO_PRODUCTS = 1u << 4         /* "products": the product(s) to cancel */
} lapse_support_info;
#define LAPSE_SUPPORT_INFO_ALL 31u

/*
 * The values of the policy's CHOICE keys: for each key a table
 * LAPSE__VALUES_<key>(X) of X(enumerator, name), in value order from 0.  It
 * declares the key's enum and gives the library the names of its values
 * (lapse_name() of the key's kind), so that the enum and its names are
 * written once, here.  A CHOICE key added to LAPSE__POLICY_TABLE below
 * with values of its own brings its list, and its row of
 * LAPSE__CHOICE_KINDS (its LAPSE_KIND_<KEY>) above; one with the values of
 * another key (reduction_timing's are timing's) names that key's kind.
 */
#define LAPSE__ENUMERATOR(id, name) id,

/* When a cancellation takes effect. */
/* clang-format off */
#define LAPSE__VALUES_timing(X)                                                                 \
    X(LAPSE_TIMING_END_OF_TERM, "end_of_term") /* R2 (default) */                               \
    X(LAPSE_TIMING_END_OF_BILLING_PERIOD, "end_of_billing_period")                              \
    X(LAPSE_TIMING_IMMEDIATE, "immediate") /* effective end = request date + 1 */
/* clang-format on */
typedef enum lapse_timing { LAPSE__VALUES_timing(LAPSE__ENUMERATOR) } lapse_timing;

/* What is refunded of the current billing period (the one containing the
 * request date).  R3. */
/* clang-format off */
#define LAPSE__VALUES_refund(X)                                                                 \
    X(LAPSE_REFUND_NONE, "none") /* nothing, whatever the timing (default) */                   \
    X(LAPSE_REFUND_PRORATED, "prorated") /* price x days of the period after the                \
        * effective end / days in the period, rounded half up to a minor unit */                \
    X(LAPSE_REFUND_FULL, "full") /* the whole current period's invoice */
/* clang-format on */
typedef enum lapse_refund { LAPSE__VALUES_refund(LAPSE__ENUMERATOR) } lapse_refund;

/* What a contract ended before its term end still owes for the rest of the
 * term (only contract accounts; only timings that end before the term end). */
/* clang-format off */
#define LAPSE__VALUES_commitment(X)                                                             \
    X(LAPSE_COMMITMENT_OWED, "owed") /* every period to the term end is still charged, as       \
        * R4 (default) */                                                                       \
    X(LAPSE_COMMITMENT_WAIVED, "waived") /* charged only to the effective end */                \
    X(LAPSE_COMMITMENT_FIXED_FEE, "fixed_fee") /* waived, plus termination_fee */               \
    X(LAPSE_COMMITMENT_PERCENT_FEE, "percent_fee") /* waived, plus                              \
        * termination_fee_percent of what the periods after the effective end would cost,       \
        * rounded half up */
/* clang-format on */
typedef enum lapse_commitment { LAPSE__VALUES_commitment(LAPSE__ENUMERATOR) } lapse_commitment;

/* How terms follow each other. */
/* clang-format off */
#define LAPSE__VALUES_renewal(X)                                                                \
    X(LAPSE_RENEWAL_SAME_TERM, "same_term") /* every renewal is renewal_term long               \
        * (default) */                                                                          \
    X(LAPSE_RENEWAL_EVERGREEN, "evergreen") /* after the initial term, month by month */        \
    X(LAPSE_RENEWAL_NONE, "none") /* it ends with the initial term */
/* clang-format on */
typedef enum lapse_renewal { LAPSE__VALUES_renewal(LAPSE__ENUMERATOR) } lapse_renewal;

/* Which terms need notice before they renew (R7). */
/* clang-format off */
#define LAPSE__VALUES_notice_applies(X)                                                         \
    X(LAPSE_NOTICE_APPLIES_FIXED_TERM_CONTRACTS, "fixed_term_contracts") /* contract            \
        * accounts whose term is longer than a month (default) */                               \
    X(LAPSE_NOTICE_APPLIES_TERMS_OVER_A_MONTH, "terms_over_a_month") /* any account */          \
    X(LAPSE_NOTICE_APPLIES_NEVER, "never")
/* clang-format on */
typedef enum lapse_notice_applies {
    LAPSE__VALUES_notice_applies(LAPSE__ENUMERATOR)
} lapse_notice_applies;

/* Which accounts have the cooling-off period.  Consumer withdrawal rights
 * (Directive 2011/83/EU) do not cover contracts with a business. */
/* clang-format off */
#define LAPSE__VALUES_cooling_off_applies(X)                                                    \
    X(LAPSE_COOLING_OFF_APPLIES_SELF_SERVE, "self_serve") /* accounts without a contract        \
        * (default) */                                                                          \
    X(LAPSE_COOLING_OFF_APPLIES_ALL, "all") /* every account */
/* clang-format on */
typedef enum lapse_cooling_off_applies {
    LAPSE__VALUES_cooling_off_applies(LAPSE__ENUMERATOR)
} lapse_cooling_off_applies;

/* How every share (a prorated refund, a percentage fee, the part of a
 * period in a remaining commitment) is rounded to minor units, once. */
/* clang-format off */
#define LAPSE__VALUES_rounding(X)                                                               \
    X(LAPSE_ROUNDING_HALF_UP, "half_up") /* .5 up (default) */                                  \
    X(LAPSE_ROUNDING_HALF_EVEN, "half_even") /* .5 to the even unit (banker's rounding) */      \
    X(LAPSE_ROUNDING_DOWN, "down") /* the fraction dropped (shares are never negative) */
/* clang-format on */
typedef enum lapse_rounding { LAPSE__VALUES_rounding(LAPSE__ENUMERATOR) } lapse_rounding;

/* The days a share of a billing period counts. */
/* clang-format off */
#define LAPSE__VALUES_proration_days(X)                                                         \
    X(LAPSE_PRORATION_DAYS_ACTUAL, "actual") /* the period's real days (default) */             \
    X(LAPSE_PRORATION_DAYS_30, "30") /* 30 days a month; the days left are capped at the        \
        * period's 30 x months, so a share never passes the whole period (Kill Bill's           \
        * fixed proration) */
/* clang-format on */
typedef enum lapse_proration_days {
    LAPSE__VALUES_proration_days(LAPSE__ENUMERATOR)
} lapse_proration_days;

/* Where boundaries fall for a subscription started on its month's last
 * day. */
/* clang-format off */
#define LAPSE__VALUES_month_end(X)                                                              \
    X(LAPSE_MONTH_END_CLAMP, "clamp") /* the start's day, clamped to short months               \
        * (2025-01-31 + 1 month = 2025-02-28; 2025-02-28 + 1 month = 2025-03-28)                \
        * (default) */                                                                          \
    X(LAPSE_MONTH_END_STICKY, "sticky") /* a start on a month's last day stays on the           \
        * last day (2025-02-28 + 1 month = 2025-03-31), as Oracle's ADD_MONTHS does */
/* clang-format on */
typedef enum lapse_month_end { LAPSE__VALUES_month_end(LAPSE__ENUMERATOR) } lapse_month_end;

/* The effective end of a cancellation that takes effect at once (timing
 * immediate, a cooling-off withdrawal). */
/* clang-format off */
#define LAPSE__VALUES_immediate_end(X)                                                          \
    X(LAPSE_IMMEDIATE_END_NEXT_DAY, "next_day") /* the request day is served, access ends       \
        * the day after (default) */                                                            \
    X(LAPSE_IMMEDIATE_END_SAME_DAY, "same_day") /* access ends on the request day, which        \
        * is not served (so a refund covers it), as Kill Bill and flexprice count; the          \
        * period invoiced on or before that day is still charged */
/* clang-format on */
typedef enum lapse_immediate_end {
    LAPSE__VALUES_immediate_end(LAPSE__ENUMERATOR)
} lapse_immediate_end;

/* When a billing period is invoiced. */
/* clang-format off */
#define LAPSE__VALUES_invoicing(X)                                                              \
    X(LAPSE_INVOICING_IN_ADVANCE, "in_advance") /* at its start (default) */                    \
    X(LAPSE_INVOICING_IN_ARREARS, "in_arrears") /* at its end (the day after it), so the        \
        * current period's invoice is still to come; a period a cancellation cuts short         \
        * is invoiced at the effective end for the days served only (prorated as refunds        \
        * are), and nothing is ever refunded: nothing was paid in advance */
/* clang-format on */
typedef enum lapse_invoicing { LAPSE__VALUES_invoicing(LAPSE__ENUMERATOR) } lapse_invoicing;

/* The price of a leading partial period (a subscription whose billing_day
 * is not its start's day). */
/* clang-format off */
#define LAPSE__VALUES_leading_period(X)                                                         \
    X(LAPSE_LEADING_PERIOD_PRORATED, "prorated") /* price x its days / the days of the          \
        * whole billing period it is cut from, one rounding (default) */                        \
    X(LAPSE_LEADING_PERIOD_FREE, "free") /* nothing */                                          \
    X(LAPSE_LEADING_PERIOD_FULL, "full") /* a whole period's price */
/* clang-format on */
typedef enum lapse_leading_period {
    LAPSE__VALUES_leading_period(LAPSE__ENUMERATOR)
} lapse_leading_period;

/* When a cancellation requested during a free trial (before the
 * subscription's trial_end) ends it; either way nothing is charged, no
 * notice applies, no fee and nothing refunded. */
/* clang-format off */
#define LAPSE__VALUES_trial_cancel(X)                                                           \
    X(LAPSE_TRIAL_CANCEL_TRIAL_END, "trial_end") /* access to the trial's end (default) */      \
    X(LAPSE_TRIAL_CANCEL_IMMEDIATE, "immediate") /* at once, as immediate_end says (the         \
        * request date + 1, or the request date itself) */
/* clang-format on */
typedef enum lapse_trial_cancel {
    LAPSE__VALUES_trial_cancel(LAPSE__ENUMERATOR)
} lapse_trial_cancel;

/* The policy's public holidays (docs/rules.md, "EU withdrawal"): a
 * cooling-off period whose last day is one of them, a Saturday or a Sunday
 * ends with the next working day (Regulation 1182/71 art. 3(4)).  The
 * member state's calendar is the caller's.  No allocation: at most
 * LAPSE_HOLIDAYS_MAX dates, inline, in ascending order without a repeat;
 * the dates past `count` stay zero. */
#define LAPSE_HOLIDAYS_MAX 64
typedef struct lapse_holidays {
    int32_t count; /* 0..LAPSE_HOLIDAYS_MAX, default 0 */
    lapse_date dates[LAPSE_HOLIDAYS_MAX];
} lapse_holidays;

/* What becomes of the part of a refund the balance does not take
 * (docs/rules.md, "Settlement"). */
/* clang-format off */
#define LAPSE__VALUES_credit_as(X)                                                              \
    X(LAPSE_CREDIT_AS_REFUND, "refund") /* paid back, cash_refund (default) */                  \
    X(LAPSE_CREDIT_AS_ACCOUNT_CREDIT, "account_credit") /* kept on the account */
/* clang-format on */
typedef enum lapse_credit_as { LAPSE__VALUES_credit_as(LAPSE__ENUMERATOR) } lapse_credit_as;

/* What a consumer who asked for the service to begin within the cooling-off
 * period owes when withdrawing (Directive 2011/83/EU art. 14(3);
 * docs/rules.md, "EU withdrawal"). */
/* clang-format off */
#define LAPSE__VALUES_cooling_off_charge(X)                                                     \
    X(LAPSE_COOLING_OFF_CHARGE_NONE, "none") /* nothing, everything paid refunded (default) */  \
    X(LAPSE_COOLING_OFF_CHARGE_PROPORTIONATE, "proportionate") /* what was provided, the days   \
        * served of the current period at its price, when the subscription's express_request    \
        * and withdrawal_informed are set */
/* clang-format on */
typedef enum lapse_cooling_off_charge {
    LAPSE__VALUES_cooling_off_charge(LAPSE__ENUMERATOR)
} lapse_cooling_off_charge;

/*
 * The policy's fields, one row each in the order of struct lapse_policy (its
 * layout: the ABI), with everything the library knows of each key: the one
 * table of the policy keys (#27).  It declares the struct below, and inside
 * the library drives the default policy, the text form's parser and
 * canonical formatter, both validation paths and lapse_policy_key(), from
 * which the tool's JSON, the Python binding and the key list of
 * lapse-policy(5) (generated at build time) take the keys.  Read it as the
 * struct's documentation:
 *
 *   KEY(ctype, field, type, kind, min, max, default, order, check, doc)
 *     ctype     the member's C type;
 *     field     its name, also the key of the text form;
 *     type      LAPSE_POLICY_KEY_<type>: how its text reads and writes and
 *               how it is checked;
 *     kind      CHOICE and ROLES: the lapse_kind that names its values,
 *               else LAPSE_KIND_COUNT;
 *     min, max  its valid range: DAYS, PERCENT, FLAG and CHOICE (whose max
 *               is its last named value: the names are 0..max without gaps)
 *               as [min, max]; ROLES: the bits allowed; AMOUNT: min the
 *               least amount (its currency is termination_fee_currency);
 *     default   its value in the default policy (docs/rules.md); DATES: 0,
 *               no date;
 *     order     its place in the canonical order (lapse_policy_format(),
 *               lapse_policy_key());
 *     check     its place in the explaining check: of several invalid
 *               fields, the error names the one of the lowest number;
 *     doc       what it says (lapse-policy(5) lists the values, the range
 *               and the default after it).
 *   FIELD(ctype, field, count, doc): a member that is no key of its own.
 *
 * A key added later goes at the end and takes the next `order` and `check`,
 * means "as before" when zero, and takes its bytes from `reserved`
 * (LAPSE__POLICY_SIZE stays; when no room is left, raising it is an ABI
 * change: NEWS, soversion, abi/update.sh).
 */
/* clang-format off */
#define LAPSE__POLICY_TABLE(KEY, FIELD)                                                          \
    KEY(int32_t, retention_days, DAYS, LAPSE_KIND_COUNT, 0, 36500, 90, 10, 0,                    \
        "R10: days the data are kept after the effective end; they are deleted on the "          \
        "effective end + retention_days")                                                        \
    KEY(int32_t, notice_days, DAYS, LAPSE_KIND_COUNT, 0, 3660, 30, 8, 1,                         \
        "R7: days of notice before a renewal; a request on or before the term end - "            \
        "notice_days is in time")                                                                \
    KEY(lapse_refund, refund, CHOICE, LAPSE_KIND_REFUND, 0, LAPSE_REFUND_FULL,                   \
        LAPSE_REFUND_NONE, 1, 2,                                                                 \
        "R3: what is refunded of service not delivered in the current billing period "           \
        "(prorated: that period's price x days left / days in the period, rounded once)")        \
    KEY(int32_t, online_needs_billing_admin, FLAG, LAPSE_KIND_COUNT, 0, 1, 1, 11, 3,             \
        "R6: online cancellation needs the billing-admin role")                                  \
    KEY(int32_t, balance_blocks_online, FLAG, LAPSE_KIND_COUNT, 0, 1, 1, 12, 4,                  \
        "R6: an outstanding balance blocks online cancellation")                                 \
    KEY(int32_t, contract_via_support, FLAG, LAPSE_KIND_COUNT, 0, 1, 1, 13, 5,                   \
        "R6, R7: fixed-term contracts are cancelled through support only")                       \
    KEY(uint32_t, contract_roles, ROLES, LAPSE_KIND_ROLE, 0, LAPSE_ROLE_ALL,                     \
        LAPSE_ROLE_PRODUCT_ADMIN | LAPSE_ROLE_BILLING_CONTACT, 14, 6,                            \
        "R5: the roles besides the billing admin (who always may) that may cancel a "            \
        "contract account")                                                                      \
    KEY(lapse_timing, timing, CHOICE, LAPSE_KIND_TIMING, 0, LAPSE_TIMING_IMMEDIATE,              \
        LAPSE_TIMING_END_OF_TERM, 0, 7,                                                          \
        "when a cancellation takes effect (immediate: the request date + 1)")                    \
    KEY(lapse_commitment, commitment, CHOICE, LAPSE_KIND_COMMITMENT, 0,                          \
        LAPSE_COMMITMENT_PERCENT_FEE, LAPSE_COMMITMENT_OWED, 2, 8,                               \
        "what a contract ended before its term end owes (owed: every period to the term "        \
        "end is still charged; fixed_fee: waived, plus termination_fee; percent_fee: "           \
        "waived, plus termination_fee_percent of the remaining commitment)")                     \
    KEY(int32_t, termination_fee_percent, PERCENT, LAPSE_KIND_COUNT, 0, 100, 0, 4, 12,           \
        "percent_fee: the percentage of the remaining commitment")                               \
    KEY(int32_t, cooling_off_days, DAYS, LAPSE_KIND_COUNT, 0, 3650, 0, 5, 11,                    \
        "days from the start within which a cancellation ends at once with everything "          \
        "paid refunded; 0 = none, 14 = the EU consumer withdrawal period")                       \
    KEY(lapse_renewal, renewal, CHOICE, LAPSE_KIND_RENEWAL, 0, LAPSE_RENEWAL_NONE,               \
        LAPSE_RENEWAL_SAME_TERM, 7, 9,                                                           \
        "how terms follow each other (evergreen: month by month after the initial term)")        \
    KEY(lapse_notice_applies, notice_applies, CHOICE, LAPSE_KIND_NOTICE_APPLIES, 0,              \
        LAPSE_NOTICE_APPLIES_NEVER, LAPSE_NOTICE_APPLIES_FIXED_TERM_CONTRACTS, 9, 10,            \
        "which terms need notice before they renew")                                             \
    FIELD(char, termination_fee_currency, 4,                                                     \
        "the ISO 4217 currency of termination_fee, NUL-terminated; \"\" when the fee is 0.  "    \
        "A decision on a subscription in another currency is the error "                         \
        "LAPSE_ERR_CURRENCY_MISMATCH (field \"termination_fee\")")                               \
    KEY(int64_t, termination_fee, AMOUNT, LAPSE_KIND_COUNT, 0, INT64_MAX, 0, 3, 13,              \
        "fixed_fee: the fee in minor units of termination_fee_currency; in text 0, or an "       \
        "amount and its currency (500.00 EUR)")                                                  \
    KEY(lapse_cooling_off_applies, cooling_off_applies, CHOICE, LAPSE_KIND_COOLING_OFF_APPLIES,  \
        0, LAPSE_COOLING_OFF_APPLIES_ALL, LAPSE_COOLING_OFF_APPLIES_SELF_SERVE, 6, 14,           \
        "which accounts have the cooling-off period")                                            \
    KEY(lapse_rounding, rounding, CHOICE, LAPSE_KIND_ROUNDING, 0, LAPSE_ROUNDING_DOWN,           \
        LAPSE_ROUNDING_HALF_UP, 15, 15,                                                          \
        "how every share (a prorated refund, a percentage fee, the part of a period in a "       \
        "remaining commitment) is rounded to minor units, once")                                 \
    KEY(lapse_proration_days, proration_days, CHOICE, LAPSE_KIND_PRORATION_DAYS, 0,              \
        LAPSE_PRORATION_DAYS_30, LAPSE_PRORATION_DAYS_ACTUAL, 16, 16,                            \
        "the days a share of a billing period counts (30: 30 days a month, the days left "       \
        "capped at the period's, so a share never passes the whole period)")                     \
    KEY(lapse_month_end, month_end, CHOICE, LAPSE_KIND_MONTH_END, 0, LAPSE_MONTH_END_STICKY,     \
        LAPSE_MONTH_END_CLAMP, 17, 17,                                                           \
        "the boundaries of a start on its month's last day (clamp: the start's day, clamped "    \
        "to short months; sticky: every boundary on a month's last day)")                        \
    KEY(lapse_immediate_end, immediate_end, CHOICE, LAPSE_KIND_IMMEDIATE_END, 0,                 \
        LAPSE_IMMEDIATE_END_SAME_DAY, LAPSE_IMMEDIATE_END_NEXT_DAY, 18, 18,                      \
        "the effective end of a cancellation that takes effect at once (timing immediate, "      \
        "a cooling-off withdrawal)")                                                             \
    KEY(lapse_invoicing, invoicing, CHOICE, LAPSE_KIND_INVOICING, 0,                             \
        LAPSE_INVOICING_IN_ARREARS, LAPSE_INVOICING_IN_ADVANCE, 19, 19,                          \
        "when a billing period is invoiced (in_arrears: at its end; a period a cancellation "    \
        "cuts short is invoiced for the days served, and nothing is refunded)")                  \
    KEY(lapse_leading_period, leading_period, CHOICE, LAPSE_KIND_LEADING_PERIOD, 0,              \
        LAPSE_LEADING_PERIOD_FULL, LAPSE_LEADING_PERIOD_PRORATED, 20, 20,                        \
        "the price of the leading partial period of a subscription whose billing_day is not "    \
        "its start's day")                                                                       \
    KEY(lapse_timing, reduction_timing, CHOICE, LAPSE_KIND_TIMING, 0, LAPSE_TIMING_IMMEDIATE,    \
        LAPSE_TIMING_END_OF_TERM, 21, 21,                                                        \
        "when a reduction of items takes effect (end_of_term: at the renewal, nothing "          \
        "refunded; end_of_billing_period; immediate: the request date + 1, the released units' " \
        "undelivered share refunded as `refund` says)")                                          \
    KEY(int32_t, reductions_online, FLAG, LAPSE_KIND_COUNT, 0, 1, 0, 22, 22,                     \
        "R14: reductions of items (downgrades, add-on removals) may be made online; false: an "  \
        "online request is refused with change_needs_support")                                  \
    KEY(lapse_trial_cancel, trial_cancel, CHOICE, LAPSE_KIND_TRIAL_CANCEL, 0,                    \
        LAPSE_TRIAL_CANCEL_IMMEDIATE, LAPSE_TRIAL_CANCEL_TRIAL_END, 23, 23,                      \
        "when a cancellation requested during a free trial ends it (trial_end: at the trial's "  \
        "end; immediate: at once, as immediate_end says); nothing is charged either way")        \
    KEY(int32_t, credit_applies_to_balance, FLAG, LAPSE_KIND_COUNT, 0, 1, 1, 24, 24,             \
        "a refund pays the outstanding balance first (applied_to_balance); the rest goes as "    \
        "credit_as says")                                                                        \
    KEY(lapse_credit_as, credit_as, CHOICE, LAPSE_KIND_CREDIT_AS, 0,                             \
        LAPSE_CREDIT_AS_ACCOUNT_CREDIT, LAPSE_CREDIT_AS_REFUND, 25, 25,                          \
        "the part of a refund the balance does not take: paid back (refund, cash_refund) or "    \
        "kept as account credit (account_credit)")                                               \
    KEY(lapse_cooling_off_charge, cooling_off_charge, CHOICE, LAPSE_KIND_COOLING_OFF_CHARGE, 0,  \
        LAPSE_COOLING_OFF_CHARGE_PROPORTIONATE, LAPSE_COOLING_OFF_CHARGE_NONE, 26, 26,           \
        "what a consumer who asked for the service to begin within the cooling-off period "      \
        "owes on withdrawing (proportionate: what was provided, Directive 2011/83/EU art. "      \
        "14(3))")                                                                                \
    KEY(lapse_holidays, holidays, DATES, LAPSE_KIND_COUNT, 0, LAPSE_HOLIDAYS_MAX, 0, 27, 27,     \
        "public holidays: a cooling-off period whose last day is one of them (or a Saturday "    \
        "or a Sunday) ends with the next working day (Regulation 1182/71 art. 3(4)); none, or "  \
        "at most 64 dates, each once")                                                           \
    KEY(int32_t, pause_extends_term, FLAG, LAPSE_KIND_COUNT, 0, 1, 1, 28, 28,                    \
        "a pause (paused_from to resumes_on) moves the term: its unserved periods follow "       \
        "resumes_on, billing anchored on it; false: the term end stays and the periods paused "  \
        "are not invoiced (resumes_on a billing-period boundary too)")
/* clang-format on */

/* sizeof(lapse_policy): the table's fields, then `reserved` to this size. */
#define LAPSE__POLICY_SIZE 384
#define LAPSE__POLICY_KEY_BYTES(ctype, field, type, kind, min, max, def, order, check, doc) \
    +sizeof(ctype)
#define LAPSE__POLICY_FIELD_BYTES(ctype, field, count, doc) +sizeof(ctype) * (count)
#define LAPSE__POLICY_RESERVED                                                       \
    ((LAPSE__POLICY_SIZE -                                                           \
      (0 LAPSE__POLICY_TABLE(LAPSE__POLICY_KEY_BYTES, LAPSE__POLICY_FIELD_BYTES))) / \
     sizeof(uint32_t))

/*
 * A cancellation policy: every number and switch of the default policy
 * (docs/rules.md) and the common variations of billing systems.  Fill it with
 * lapse_policy_default() (or lapse_policy_preset(), lapse_policy_parse())
 * and then change fields; a policy passed as NULL means the default.  Every
 * field added after the first release means "as before" when zero, and
 * `reserved` must stay zero.
 *
 * Interactions, where a billing engineer would ask (docs/rules.md has the
 * worked examples):
 *  - Notice (R7) applies whenever a cancellation ends at a term end: with
 *    timing end_of_term, and with end_of_billing_period when the current
 *    billing period ends at the term end (the last period of a term, or
 *    up-front billing).  A late request renews first.
 *  - Cooling-off wins over everything: a request on or before start +
 *    cooling_off_days (the day the contract is made does not count) ends at
 *    once (request date + 1, or the request date itself under immediate_end
 *    same_day), nothing more is charged, and every invoice issued so far is
 *    refunded.  cooling_off_applies says which accounts.
 *  - A refund (full or prorated) is due only for service not delivered:
 *    when the effective end falls before the end of the current billing
 *    period.  full returns that period's price, prorated its share from
 *    the effective end to the period's end.  It never exceeds the period.
 *  - A contract ended before its term end owes the *remaining commitment*,
 *    what the customer is released from: every billing period starting on
 *    or after the effective end, to the term end, at its price, plus the
 *    undelivered share of the period containing the effective end unless
 *    that period was invoiced and the share is not refunded (paid and kept,
 *    it is not released), computed exactly and rounded once
 *    (rounding: half up by default; the days as proration_days counts them).  waived charges nothing of it; percent_fee charges
 *    termination_fee_percent of it (one rounding); fixed_fee charges
 *    termination_fee, never more than the remaining commitment.
 *  - A request on or after a recorded cancellation refunds nothing and
 *    charges no new fee: the first one settled the money.
 *  - A subscription already set to end (auto-renew off, renewal none, or an
 *    earlier cancellation) keeps that end (R2), whatever the timing.
 */
typedef struct lapse_policy {
#define LAPSE__POLICY_KEY_MEMBER(ctype, field, type, kind, min, max, def, order, check, doc) \
    ctype field;
#define LAPSE__POLICY_FIELD_MEMBER(ctype, field, count, doc) ctype field[count];
    LAPSE__POLICY_TABLE(LAPSE__POLICY_KEY_MEMBER, LAPSE__POLICY_FIELD_MEMBER)
#undef LAPSE__POLICY_KEY_MEMBER
#undef LAPSE__POLICY_FIELD_MEMBER
    uint32_t reserved[LAPSE__POLICY_RESERVED];
} lapse_policy;

/* Fills the default policy (docs/rules.md, "The default policy"). */
LAPSE_EXPORT void lapse_policy_default(lapse_policy *policy);

/*
 * Fills a shipped preset by name ('-' and '_' alike): "default",
 * "immediate-prorated" (immediate timing, prorated refund, commitment
 * waived), "eu-consumer" (the EU consumer's right of withdrawal of
 * Directive 2011/83/EU for self-serve accounts: 14 days from the conclusion,
 * the last day moved past weekends and the policy's holidays, 12 months
 * more for a consumer not informed, nothing owed for the service
 * provided; then end of billing period), "evergreen-contract" (month-by-month renewal after
 * the initial term, 30 days' notice on every term over a month),
 * "killbill-like" (Kill Bill's immediate cancellation under its defaults:
 * same-day end, prorated credit by actual days), "killbill-fixed30" (the
 * same over Kill Bill's fixed 30-day months), "lago-advance" (Lago's
 * pay-in-advance plans: the days after the termination day credited) or
 * "lago-arrears" (Lago's pay-in-arrears plans: a terminated subscription
 * invoiced for its days; "lago-like", its older name, is read as it but
 * not listed); both Lago presets prorate a leading period.
 * LAPSE_ERR_UNKNOWN_NAME for another name.  lapse_policy_preset_name(i)
 * lists them (NULL after the last).
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_policy_preset(const char *name,
                                                               lapse_policy *policy,
                                                               lapse_error_detail *detail);
LAPSE_EXPORT const char *lapse_policy_preset_name(size_t index);

/*
 * Parses a policy text: one "key = value" a line, blank lines ignored,
 * ';' also ending a setting (so that a setting list fits in one CSV or
 * vectors cell: "timing = immediate; refund = prorated").  '#' starts a
 * comment that runs to the end of its line, ';' included.  A UTF-8 byte
 * order mark at the very start is skipped.  The keys are the KEY rows of
 * LAPSE__POLICY_TABLE above (lapse_policy_key() lists them in canonical
 * order; lapse-policy(5) says their values).  Values: numbers, true/false,
 * stable names, for contract_roles names separated by ',' ("none" for no
 * role), for termination_fee 0 or an amount and its currency ("500.00
 * EUR").  Keys not
 * given keep the default.  An unknown key (LAPSE_ERR_UNKNOWN_NAME), a key
 * given twice (LAPSE_ERR_DUPLICATE_KEY), a bad value (LAPSE_ERR_VALUE_SYNTAX) or a
 * value out of range (LAPSE_ERR_OUT_OF_RANGE, found as lapse_policy_check()
 * would) is an error naming the line, the column and the key, the text
 * quoted as printable ASCII; *policy is then the default.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_policy_parse(const char *text, size_t length,
                                                              lapse_policy *policy,
                                                              lapse_error_detail *detail);

/*
 * A policy as every text field gives one (a CSV or vectors `policy` cell, a
 * SQL argument): a preset name ('-' and '_' alike), else settings as
 * lapse_policy_parse() reads them.  On an error the message says it is
 * neither ("policy: not a preset, and as settings: line 1, ..."), field
 * "policy", with the settings' line and column; *policy is the default.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_policy_read(const char *text, size_t length,
                                                             lapse_policy *policy,
                                                             lapse_error_detail *detail);

/*
 * Writes a policy in canonical form (snprintf rules): every key, one a line,
 * in canonical order (the table's `order`, lapse_policy_key()'s), so that
 * parse -> format -> parse is the identity.  An invalid policy writes ""
 * and returns 0.
 */
LAPSE_EXPORT size_t lapse_policy_format(const lapse_policy *policy, char *buf, size_t size);

/* How a policy key's value is held and written. */
typedef enum lapse_policy_key_type {
    LAPSE_POLICY_KEY_DAYS = 0,    /* int32_t, a number of days */
    LAPSE_POLICY_KEY_FLAG = 1,    /* int32_t 0 or 1; true or false in text */
    LAPSE_POLICY_KEY_CHOICE = 2,  /* an enum whose values the key's kind names */
    LAPSE_POLICY_KEY_ROLES = 3,   /* uint32_t lapse_role bits; names in text */
    LAPSE_POLICY_KEY_AMOUNT = 4,  /* int64_t minor units of termination_fee_currency */
    LAPSE_POLICY_KEY_PERCENT = 5, /* int32_t, 0..100 */
    LAPSE_POLICY_KEY_DATES = 6    /* lapse_holidays: none, or dates separated by ',' in
                                   * text */
} lapse_policy_key_type;

/*
 * The policy text's key `index` in canonical order (lapse_policy_format's),
 * also the name of its lapse_policy field; NULL after the last.  Each of
 * `type`, `kind` (CHOICE and ROLES: the lapse_kind of its names, else
 * LAPSE_KIND_COUNT) and `offset` (the field's offsetof in lapse_policy) is
 * set when not NULL.  The keys and termination_fee_currency are every field
 * but `reserved`.  Bindings list keys from it.
 */
LAPSE_EXPORT const char *lapse_policy_key(size_t index, lapse_policy_key_type *type,
                                          lapse_kind *kind, size_t *offset);

/*
 * A setting of a policy that no decision can use: its key, where a policy
 * text gave it (1-based line and column; 0 when linted from a struct) and a
 * sentence that says why ("refund: only immediate timing ends service
 * before ...").
 */
typedef struct lapse_lint_finding {
    char key[LAPSE_FIELD_SIZE];
    int32_t line;
    int32_t column;
    char message[LAPSE_MESSAGE_SIZE];
    uint32_t reserved[4];
} lapse_lint_finding;

/*
 * Lists the settings of a valid policy that no decision can use, each one
 * that differs from the default: a termination_fee without commitment =
 * fixed_fee, a termination_fee_percent without percent_fee, a commitment
 * other than owed with end_of_term timing and reduction_timing (they never
 * end service before the term end), a refund without immediate timing or
 * reduction_timing (no other timing leaves service undelivered in the
 * current period; cooling-off refunds everything paid regardless),
 * notice_days or notice_applies with
 * immediate timing or renewal none (and notice_days with notice_applies
 * never), cooling_off_applies, cooling_off_charge and holidays with no
 * cooling-off days.  Writes at most
 * `capacity` findings (findings may be NULL when capacity is 0) and the
 * total to *count.  The policy's own errors as lapse_policy_check().
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_policy_lint(const lapse_policy *policy,
                                                             lapse_lint_finding *findings,
                                                             size_t capacity, size_t *count,
                                                             lapse_error_detail *detail);

/* The same for a policy text, each finding at the line and column where
 * the text gave the setting; the text's errors as lapse_policy_parse(). */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_policy_lint_text(const char *text, size_t length,
                                                                  lapse_lint_finding *findings,
                                                                  size_t capacity, size_t *count,
                                                                  lapse_error_detail *detail);
LAPSE_EXPORT size_t lapse_sizeof_lint_finding(void);

/*
 * Checks a policy as every decision does: LAPSE_OK, or the error of the
 * first invalid field, named in `detail` (LAPSE_ERR_OUT_OF_RANGE for a value
 * outside its range, LAPSE_ERR_RESERVED for non-zero reserved space,
 * LAPSE_ERR_NULL_ARGUMENT for NULL).  Bindings call it to validate a policy
 * once, before a run.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_policy_check(const lapse_policy *policy,
                                                              lapse_error_detail *detail);

/* ------------------------------------------------------------------------
 * Items: seats and add-ons
 *
 * A subscription may carry up to LAPSE_ITEMS_MAX items besides its base
 * plan (lapse_subscription.items).  One invoice is `price` (`renewal_price`
 * in renewal terms) plus the sum of quantity x unit_price over the items,
 * and every figure of a whole cancellation uses that invoice amount:
 * cancelling the subscription ends its items with it.  A request may
 * instead reduce items (lapse_request.reduce): docs/rules.md, "Reductions".
 * Several products of one account are several subscriptions.
 *
 * The text form, the same in every face (CLI --item, the CSV and vectors
 * column `items`, Python, SQL): items separated by ';', each
 * NAME:QUANTITY:UNIT_PRICE[:COMMITTED[:ASSIGNED]], UNIT_PRICE a decimal
 * amount of the subscription's currency as `price` is written ("5.00"),
 * e.g. "seats:10:5.00;mobile:2:3.50:0:1".  No spaces.  Reductions
 * (--reduce, column `reduce`): NAME=QUANTITY separated by ';', e.g.
 * "seats=6;mobile=0".  The empty text is no item (no reduction).
 * ------------------------------------------------------------------------ */

/* The most items of a subscription (and entries of a reduction). */
#define LAPSE_ITEMS_MAX 16
/* Bytes of an item's name with its NUL: 1 to 31 bytes of [a-z0-9_-]. */
#define LAPSE_ITEM_NAME_SIZE 32
/* The largest quantity (and committed, assigned) of an item. */
#define LAPSE_ITEM_QUANTITY_MAX 1000000

/* An item: units of something billed per unit with every invoice. */
typedef struct lapse_item {
    /* NUL-terminated, 1-31 bytes of [a-z0-9_-], unique in the subscription. */
    char name[LAPSE_ITEM_NAME_SIZE];
    /* Price of one unit per invoice, minor units of the subscription's
     * currency, >= 0. */
    int64_t unit_price;
    /* Units billed today, 0..LAPSE_ITEM_QUANTITY_MAX. */
    int32_t quantity;
    /* Units committed until the current term's end, 0..quantity (default
     * 0): released before it, they follow the policy's commitment. */
    int32_t committed;
    /* Units in use (licences assigned), 0..quantity (default 0): reducing
     * below it warns unassign_licenses. */
    int32_t assigned;
    uint32_t reserved[3]; /* zero */
} lapse_item;

/* One entry of a reduction: the item's new quantity, below today's (0
 * removes the item). */
typedef struct lapse_reduction {
    char name[LAPSE_ITEM_NAME_SIZE]; /* an item of the subscription */
    int32_t quantity;
    uint32_t reserved[3]; /* zero */
} lapse_reduction;

/*
 * Parses the item text form (above) of `length` bytes into items[0..*count),
 * the unit prices in `currency`'s minor units; unset fields are 0.  Errors
 * name the field "items" and say which item (its 1-based place and name)
 * and which part is wrong: a name not of 1-31 bytes [a-z0-9_-] or given
 * twice (LAPSE_ERR_VALUE_SYNTAX), a quantity, committed or assigned not a
 * whole number 0..1000000 (LAPSE_ERR_VALUE_SYNTAX, LAPSE_ERR_OUT_OF_RANGE),
 * committed or assigned above the quantity (LAPSE_ERR_OUT_OF_RANGE), a unit
 * price as lapse_amount_parse_n() says (a negative one
 * LAPSE_ERR_OUT_OF_RANGE), more items than `capacity` or LAPSE_ITEMS_MAX
 * (LAPSE_ERR_OUT_OF_RANGE), currency errors (field "currency").  items may
 * be NULL when capacity is 0.  On an error *count is 0.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_items_parse(const char *text, size_t length,
                                                             const char *currency,
                                                             lapse_item *items, size_t capacity,
                                                             int32_t *count,
                                                             lapse_error_detail *detail);

/*
 * Writes items in the canonical text form (snprintf rules):
 * NAME:QUANTITY:UNIT_PRICE, then :COMMITTED when committed or assigned is
 * not 0, then :ASSIGNED when assigned is not 0; ';' between items, so that
 * parse -> format -> parse is the identity.  Invalid items (as
 * lapse_decide_cancel() checks them) or currency write "" and return 0.
 */
LAPSE_EXPORT size_t lapse_items_format(const lapse_item *items, int32_t count, const char *currency,
                                       char *buf, size_t size);

/*
 * Parses the reduction text form (NAME=QUANTITY separated by ';') into
 * reduce[0..*count).  Errors name the field "reduce": a name not of 1-31
 * bytes [a-z0-9_-], a quantity not a whole number 0..1000000, more
 * entries than `capacity` or LAPSE_ITEMS_MAX.  Whether the names are items
 * and the quantities below today's is the decision's to check.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_reductions_parse(const char *text, size_t length,
                                                                  lapse_reduction *reduce,
                                                                  size_t capacity, int32_t *count,
                                                                  lapse_error_detail *detail);

/* Writes a reduction in its text form ("seats=6;mobile=0"); an invalid
 * entry writes "" and returns 0. */
LAPSE_EXPORT size_t lapse_reductions_format(const lapse_reduction *reduce, int32_t count, char *buf,
                                            size_t size);

/*
 * A subscription.  Fill it with lapse_subscription_init() and then set at
 * least `start`.  `reserved` must stay zero.
 */
typedef struct lapse_subscription {
    /* First day of term 0 and the anchor of every boundary.  Required. */
    lapse_date start;
    /* Initial term length in months, 1..1200 (1 = monthly, 12 = annual,
     * 15 = a 15-month contract).  Default 1. */
    int32_t term;
    /* Length of every renewal term in months, 1..1200; 0 = same as `term`
     * (default). */
    int32_t renewal_term;
    /* Months between invoices, 0..1200; invoices are issued in advance on
     * the first day of each billing period.  0 = the whole term is invoiced
     * up front.  Must divide `term` and the renewal term.  Default 1. */
    int32_t billing;
    /* Price of one invoice in minor units of `currency`, >= 0.  Default 0. */
    int64_t price;
    /* Outstanding balance in minor units of `currency`, >= 0.  Default 0. */
    int64_t balance;
    /* ISO 4217 code, NUL-terminated ("EUR").  Default "EUR". */
    char currency[4];
    /* R1: renews at each term end; 0/1, default 1. */
    int32_t auto_renew;
    /* The account has a signed contract with the vendor (not self-serve);
     * 0/1, default 0. */
    int32_t contract;
    /* R6: online cancellation is offered for this subscription; 0/1,
     * default 1. */
    int32_t online_cancel;
    /* R9: licences still assigned to users, >= 0.  Default 0. */
    int32_t licenses;
    /* The day it was cancelled, or LAPSE_DATE_NONE (default).  Not before
     * `start`.  A cancellation dated after the date being decided has not
     * happened yet at that date. */
    lapse_date cancelled_on;
    /* The price of one invoice in renewal terms, >= 0 (0 is a real, free
     * price), or LAPSE_AMOUNT_NONE (default): the same as `price`.  Required
     * when renewal invoices cover a different number of months than
     * initial ones (billed up front with a renewal term of another length,
     * or evergreen renewals of an up-front subscription): its absence is
     * then the error LAPSE_ERR_MISSING naming "renewal_price". */
    int64_t renewal_price;
    /* Calendar billing: the day of the month (1..31, clamped to short months)
     * invoices and terms run from; 0 (the default) is the start's day.  The
     * first date on or after the start with that day is the anchor of every
     * boundary; the days before it are a leading partial billing period and
     * term, invoiced at the start at the price policy leading_period says. */
    int32_t billing_day;
    /* The number of items, 0..LAPSE_ITEMS_MAX (default 0); more is the
     * error LAPSE_ERR_OUT_OF_RANGE naming "items". */
    int32_t item_count;
    /* items[0..item_count), owned by the caller (NULL when item_count is
     * 0).  Every item is checked (field "items"); an invoice amount, price
     * plus the items, past 64 bits is LAPSE_ERR_AMOUNT_RANGE naming "items". */
    const lapse_item *items;
    /* Calendar billing by quarter and year: the month (1..12) billing
     * periods start on, modulo their length: with `billing` = 3 and 1,
     * periods start in January, April, July and October; 0 (the default)
     * is any month.  The congruence is modulo gcd(months, 12), the months
     * being `billing`, or `term` when billed up front (monthly: every month,
     * so it changes nothing; 6: January and July; 12 and its multiples:
     * January).  The first date on or after the start with billing_day (or
     * the start's day) in such a month is the anchor of every boundary; the
     * days before it are the leading partial period and term, as with
     * billing_day. */
    int32_t billing_month;
    /* A free trial: the first day billed, or LAPSE_DATE_NONE (default: no
     * trial).  From `start` to trial_end the customer has access and is not
     * invoiced; terms, billing periods, notice and renewals count from
     * trial_end (the anchor of every boundary, billing_day counting from
     * it), and cooling-off still from `start`.  A cancellation during the
     * trial ends as policy trial_cancel says, with nothing charged.  Not
     * before `start` (equal to it: no trial). */
    lapse_date trial_end;
    /* EU withdrawal (docs/rules.md, "EU withdrawal"), for the policy's
     * cooling-off period.  concluded_on: the day the contract was concluded,
     * from which the period runs (Directive 2011/83/EU art. 9(2)(a)), or
     * LAPSE_DATE_NONE (default): the start.  Not after the start. */
    lapse_date concluded_on;
    /* The consumer was told of the right of withdrawal; 0/1, default 1.
     * 0: the period ends 12 months after the end of the initial one (art.
     * 10(1)), and the service provided in it costs nothing (art.
     * 14(4)(a)(i)). */
    int32_t withdrawal_informed;
    /* The consumer expressly asked for the service to begin within the
     * withdrawal period; 0/1, default 0.  Under policy cooling_off_charge
     * proportionate such a consumer owes what was provided (art. 14(3)). */
    int32_t express_request;
    /* One pause (docs/rules.md, "Pauses"), half-open [paused_from,
     * resumes_on): no access and nothing invoiced while paused; both
     * given or neither (LAPSE_DATE_NONE, the default: no pause).
     * paused_from is the start of a billing period (the whole term when
     * billed up front) after the first whole one, counted from the first
     * day billed (trial_end after a trial, the first billing day under
     * calendar billing), else
     * LAPSE_ERR_OUT_OF_RANGE naming "paused_from"; resumes_on is after it
     * (LAPSE_ERR_OUT_OF_RANGE naming "resumes_on": a pause of no days is
     * refused, not read as none).  Policy pause_extends_term true (the
     * default): the term's unserved periods follow resumes_on, every
     * boundary from the pause on counted from it (billing re-anchored on
     * it, once); the period before the pause runs, for its ends (notice,
     * renewal, an end at its end), to resumes_on, its days served to
     * paused_from.  false: the boundaries stay, resumes_on must be the
     * start of a billing period too, and the periods paused are not
     * invoiced.  A reduction of items on a paused subscription is
     * LAPSE_ERR_OUT_OF_RANGE naming "reduce". */
    lapse_date paused_from;
    lapse_date resumes_on;
    /* An introductory price: the first intro_months months of the first
     * term (counted from the anchor, after a trial) invoice intro_price
     * instead of `price` (the items still at their unit prices on top),
     * their refunds, fees and remaining commitment counting that price;
     * renewal terms cost renewal_price as without it.  intro_months is a
     * whole number of billing periods within the first term (up front:
     * 0 or the term), else LAPSE_ERR_OUT_OF_RANGE naming "intro_months";
     * 0 (default) is no introductory price, and intro_price must then be 0
     * (else LAPSE_ERR_MISSING naming "intro_months").  A leading partial
     * period (billing_day) is a share of intro_price when there is one.
     * With a pause: under pause_extends_term true the intro periods are
     * the first intro_months months' worth of the term's served periods
     * (those unserved move after resumes_on); under false the first
     * intro_months calendar months, the paused ones not invoiced (lost). */
    int32_t intro_months;
    int64_t intro_price;
    uint32_t reserved[2];
} lapse_subscription;

/* Fills the defaults listed above; `start` is LAPSE_DATE_NONE (required). */
LAPSE_EXPORT void lapse_subscription_init(lapse_subscription *subscription);

/* A request to cancel.  Fill it with lapse_request_init(), then set `on`. */
typedef struct lapse_request {
    /* The day of the request (the account's local date).  Required; not
     * before the subscription's start. */
    lapse_date on;
    /* Online (default) or support. */
    lapse_channel channel;
    /* lapse_role bits of the person asking; 0 = ordinary user (default). */
    uint32_t roles;
    /* The person can sign in to the admin portal; 0/1, default 1. */
    int32_t can_sign_in;
    /* lapse_support_info bits given to support; default 0. */
    uint32_t provided;
    /* A chosen end: the customer asks for service to end on this later
     * date, or LAPSE_DATE_NONE (default) for the policy's own end.  The
     * effective end is the later of the policy's own end and the first end
     * the timing allows on or after end_on (immediate: end_on itself; end of
     * billing period: the first period boundary on or after it; end of term:
     * the first term boundary on or after it, the terms between renewing as
     * usual without a notice_missed warning).  Must be after `on`. */
    lapse_date end_on;
    /* A reduction instead of a cancellation: reduce[0..reduce_count), owned
     * by the caller, each an item of the subscription and a quantity below
     * today's (0 removes it); an unknown item or a quantity not below is an
     * error naming "reduce" and the item.  The same entry given twice is
     * one (a repeat settles nothing twice); two quantities for one item are
     * an error.  reduce_count 0 (default) is a cancellation; at most
     * LAPSE_ITEMS_MAX.  end_on is not for reductions (field "end_on").
     * docs/rules.md, "Reductions". */
    const lapse_reduction *reduce;
    int32_t reduce_count;
    uint32_t reserved[7];
} lapse_request;

/* Fills the defaults listed above; `on` is LAPSE_DATE_NONE (required). */
LAPSE_EXPORT void lapse_request_init(lapse_request *request);

/* ------------------------------------------------------------------------
 * The cancellation decision
 * ------------------------------------------------------------------------ */

/* Why a request cannot go through (bit set).  R5, R6. */
typedef enum lapse_reason {
    /* R5: the person may not cancel at all: not a billing admin, and not a
     * role the policy allows on a contract account. */
    LAPSE_REASON_NOT_AUTHORIZED = 1u << 0, /* "not_authorized" */
    /* R6: online cancellation needs the billing-admin role. */
    LAPSE_REASON_NEEDS_BILLING_ADMIN = 1u << 1, /* "needs_billing_admin" */
    /* R6: the admin portal does not offer cancellation for it. */
    LAPSE_REASON_ONLINE_UNAVAILABLE = 1u << 2, /* "online_unavailable" */
    /* R6, R7: a fixed-term contract is cancelled through support. */
    LAPSE_REASON_CONTRACT_VIA_SUPPORT = 1u << 3, /* "contract_via_support" */
    /* R6: an outstanding balance blocks online cancellation. */
    LAPSE_REASON_OUTSTANDING_BALANCE = 1u << 4, /* "outstanding_balance" */
    /* R6: the person cannot sign in to the admin portal. */
    LAPSE_REASON_CANNOT_SIGN_IN = 1u << 5, /* "cannot_sign_in" */
    /* R14: reductions (downgrades, add-on removals) go through support
     * unless the policy's reductions_online is true. */
    LAPSE_REASON_CHANGE_NEEDS_SUPPORT = 1u << 6 /* "change_needs_support" */
} lapse_reason;

/* What the person should know (bit set).  R2, R7, R8, R9. */
typedef enum lapse_warning {
    LAPSE_WARNING_BACK_UP_DATA = 1u << 0,         /* "back_up_data": always (R9) */
    LAPSE_WARNING_LICENSES_ASSIGNED = 1u << 1,    /* "licenses_assigned" (R9) */
    LAPSE_WARNING_OUTSTANDING_BALANCE = 1u << 2,  /* "outstanding_balance" (R9) */
    LAPSE_WARNING_NOTICE_MISSED = 1u << 3,        /* "notice_missed": renews first (R7) */
    LAPSE_WARNING_ALREADY_ENDING = 1u << 4,       /* "already_ending": no renewal was due (R2) */
    LAPSE_WARNING_SUPPORT_INFO_MISSING = 1u << 5, /* "support_info_missing" (R8) */
    LAPSE_WARNING_COOLING_OFF = 1u << 6,          /* "cooling_off": ends at once, all refunded */
    LAPSE_WARNING_ENDS_BEFORE_TERM_END = 1u << 7, /* "ends_before_term_end": the timing ends
                                                   * service before the term end */
    LAPSE_WARNING_COMMITMENT_WAIVED = 1u << 8,    /* "commitment_waived": the rest of a
                                                   * contract term is not charged */
    LAPSE_WARNING_TERMINATION_FEE = 1u << 9,      /* "termination_fee": a fee instead */
    LAPSE_WARNING_REFUND_DUE = 1u << 10,          /* "refund_due": refund > 0 */
    LAPSE_WARNING_UNASSIGN_LICENSES = 1u << 11,   /* "unassign_licenses": a reduction below
                                                   * the units assigned (lapse_decide_items()
                                                   * says how many, of which item) */
    LAPSE_WARNING_IN_TRIAL = 1u << 12,            /* "in_trial": asked during the free trial
                                                   * (before trial_end): it ends as
                                                   * trial_cancel says, nothing charged */
    LAPSE_WARNING_PAUSED = 1u << 13               /* "paused": asked during a pause
                                                   * (paused_from to resumes_on): no access,
                                                   * nothing invoiced for it, no period of
                                                   * its own to refund */
} lapse_warning;

/* Through which channel something can be done. */
typedef enum lapse_route {
    LAPSE_ROUTE_NONE = 0,           /* "none": nobody on this request can */
    LAPSE_ROUTE_ONLINE = 1,         /* "online": in the admin portal */
    LAPSE_ROUTE_SUPPORT = 2,        /* "support": by contacting support */
    LAPSE_ROUTE_PRIVACY_REQUEST = 3 /* "privacy_request": the privacy process (R11) */
} lapse_route;

/* How a cancellation is confirmed.  R12. */
typedef enum lapse_confirmation {
    LAPSE_CONFIRMATION_NONE = 0,        /* "none": only in a zeroed decision */
    LAPSE_CONFIRMATION_EMAIL = 1,       /* "email": contract accounts */
    LAPSE_CONFIRMATION_EXPIRED_LIST = 2 /* "expired_list": listed as expired once ended */
} lapse_confirmation;

/*
 * A decision.  All dates are lapse_date (LAPSE_DATE_NONE where the header
 * says "or none"), all amounts minor units of `currency`.  The figures
 * describe the cancellation as it takes effect through `route`, so they are
 * filled even when this request is not allowed.
 */
typedef struct lapse_decision {
    /* 1 when the request goes through as made: no reason is set. */
    int32_t allowed;
    /* lapse_reason bits: every reason that blocks the request (R5, R6). */
    uint32_t blocked;
    /* lapse_warning bits. */
    uint32_t warnings;
    /* lapse_support_info bits not given; support channel only, else 0. */
    uint32_t missing_support_info;
    /* How this person can cancel: the request's channel when allowed;
     * support when only online-specific reasons block it; none when the
     * person may not cancel at all. */
    lapse_route route;
    /* The term containing the request date, [term_start, term_end). */
    lapse_date term_start;
    lapse_date term_end;
    /* R7: the last day to give notice for this term, or none when notice
     * does not apply (not a fixed-term contract, no auto-renew, or already
     * ending). */
    lapse_date notice_deadline;
    /* 1 when the subscription renews at least once more before it ends
     * (effective_end > term_end), e.g. when notice was missed. */
    int32_t renews_first;
    /* R2, R7: the first day without service; with timing
     * end_of_billing_period the end of the current billing period, with
     * immediate timing or in a cooling-off period the request date + 1. */
    lapse_date effective_end;
    /* R4: the prices of every billing period that ends after the request
     * date and starts before the effective end (before the term end when a
     * contract's commitment is owed; 0 in a cooling-off period). */
    int64_t remaining_term_charge;
    /* R4: the part of it invoiced after the request date (an invoice dated
     * on the request date counts as already issued). */
    int64_t still_to_invoice;
    /* R3: the amount refunded. */
    int64_t refund;
    /* The number of invoices in still_to_invoice. */
    int32_t invoices_left;
    /* The date of the first of them, or none. */
    lapse_date next_invoice;
    /* The subscription's currency, NUL-terminated. */
    char currency[4];
    /* R10: effective_end + retention_days. */
    lapse_date data_deleted_on;
    /* R12. */
    lapse_confirmation confirmation;
    uint32_t reserved_pad; /* zero: keeps termination_fee aligned */
    /* The termination fee charged instead of the rest of a contract term
     * (policy commitment fixed_fee or percent_fee), else 0. */
    int64_t termination_fee;
    /* A reduction (request.reduce_count > 0), else none: the first day at
     * the new quantities (the current term's end, the current billing
     * period's end or the day after the request, by the policy's
     * reduction_timing).  For a reduction effective_end and data_deleted_on
     * are none (nothing ends), confirmation none, and the figures above
     * run through the current term's end with the change applied. */
    lapse_date change_effective_on;
    uint32_t reserved[1];
    /* A reduction: the first invoice at the new quantities (every released
     * unit no longer charged), else 0. */
    int64_t recurring_after;
    /* A reduction: what it saves through the current term's end: (charge
     * - refund + fee) without the change minus the same with it; else 0. */
    int64_t saving;
    /* Per item (quantity, quantity_after, released_on, unassign):
     * lapse_decide_items(). */
    /* The settlement of the refund (docs/rules.md, "Settlement"): the part
     * that pays the outstanding balance first (policy
     * credit_applies_to_balance), and the rest, paid back as cash
     * (cash_refund) or kept as account credit (account_credit), as policy
     * credit_as says: refund = applied_to_balance + cash_refund +
     * account_credit.  balance_after: what the customer still owes of the
     * balance, balance - applied_to_balance (the fee and the invoices
     * still to come are charged apart). */
    int64_t applied_to_balance;
    int64_t cash_refund;
    int64_t account_credit;
    int64_t balance_after;
} lapse_decision;

/*
 * Decides a cancellation request (R1-R10, R12 and the policy's timing,
 * refund, commitment, cooling-off, renewal and notice).  policy may be NULL
 * for the default policy; subscription, request and decision are required.  On
 * success the whole decision is written.  On failure the decision is all
 * zero and the error names the offending field: every invalid field, a
 * request before the start (LAPSE_ERR_BEFORE_START), a request on or after
 * the end of a cancellation already made or of an initial term that does
 * not renew (LAPSE_ERR_ALREADY_ENDED), billing other than monthly or up
 * front under an evergreen policy (LAPSE_ERR_BILLING_INTERVAL), a date
 * that would fall after 9999-12-31 (LAPSE_ERR_DATE_RANGE, field "on") and
 * totals beyond 64 bits (LAPSE_ERR_AMOUNT_RANGE, field "price").
 * Constant time whatever the subscription's age.
 *
 * With request->reduce_count > 0 it decides a reduction of items instead
 * (docs/rules.md, "Reductions"; policy keys reduction_timing and
 * reductions_online, the refund, rounding and commitment as for
 * cancellations): change_effective_on, recurring_after and saving are
 * set (per item: lapse_decide_items()), the charges run through the current term's end with the change
 * applied, and an online request is blocked with change_needs_support
 * unless reductions_online.  Errors of a reduction besides the above: an
 * unknown item, a quantity not below today's or two quantities for one
 * item (field "reduce"), a request on or after a recorded cancellation
 * (LAPSE_ERR_ALREADY_ENDED, field "reduce"), end_on given (field
 * "end_on").
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_decide_cancel(
    const lapse_policy *policy, const lapse_subscription *subscription,
    const lapse_request *request, lapse_decision *decision, lapse_error_detail *detail);

/* One item's part of a decision (lapse_decide_items()). */
typedef struct lapse_item_result {
    char name[LAPSE_ITEM_NAME_SIZE]; /* the item's name */
    int32_t quantity;                /* units today */
    /* Units after the change: the reduction's quantity, today's for an item
     * not reduced, 0 for every item of a whole cancellation. */
    int32_t quantity_after;
    /* The first day a released unit is no longer charged, or none when no
     * unit of it is released.  A reduction: change_effective_on, or the
     * current term's end when every released unit is committed and the
     * commitment owed.  A cancellation: the first day nothing is charged
     * (the effective end, or the term's end when a contract's commitment
     * is owed). */
    lapse_date released_on;
    /* Licences to unassign first: assigned - quantity_after when positive
     * (a reduction warns unassign_licenses), else 0. */
    int32_t unassign;
} lapse_item_result;

/*
 * The per-item part of the decision lapse_decide_cancel() gives for the
 * same inputs (a reduction or a whole cancellation): results[i] for the
 * subscription's items[i].  Writes at most `capacity` results (results may
 * be NULL when capacity is 0) and the subscription's item_count to *count.
 * Errors those of lapse_decide_cancel(); *count is 0 then.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_decide_items(const lapse_policy *policy, const lapse_subscription *subscription,
                   const lapse_request *request, lapse_item_result *results, size_t capacity,
                   size_t *count, lapse_error_detail *detail);

/*
 * Writes per-item results in text (snprintf rules), for tables and JSON:
 * ';' between items, each NAME:QUANTITY:QUANTITY_AFTER:RELEASED_ON:UNASSIGN,
 * RELEASED_ON "YYYY-MM-DD" or empty when none
 * ("seats:10:6:2025-04-10:0;mobile:2:2::0").  count 0, or a result with an
 * invalid name, writes "" and returns 0.
 */
LAPSE_EXPORT size_t lapse_item_results_format(const lapse_item_result *results, size_t count,
                                              char *buf, size_t size);
LAPSE_EXPORT size_t lapse_sizeof_item_result(void);

/* ------------------------------------------------------------------------
 * Many decisions in one call
 * ------------------------------------------------------------------------ */

/*
 * Decides subscriptions[i] with requests[i] into decisions[i] and errors[i]
 * for every i < count, exactly as lapse_decide_cancel() would (a failed item
 * has an all-zero decision), checking the policy once.  *failed (optional)
 * receives the number of items that failed.  Allocation-free.  Returns the
 * policy's error (with no item written), LAPSE_ERR_NULL_ARGUMENT if an array
 * is NULL while count > 0, or LAPSE_OK, whatever the items' errors.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_decide_batch(const lapse_policy *policy, const lapse_subscription *subscriptions,
                   const lapse_request *requests, size_t count, lapse_decision *decisions,
                   lapse_error *errors, size_t *failed, lapse_error_detail *detail);

/* ------------------------------------------------------------------------
 * Status, reactivation, changes, erasure
 * ------------------------------------------------------------------------ */

/* Where a subscription stands on a date.  R12. */
typedef enum lapse_status {
    LAPSE_STATUS_NOT_STARTED = 1, /* "not_started": before the start */
    LAPSE_STATUS_ACTIVE = 2,      /* "active": renews at term end */
    LAPSE_STATUS_ENDING = 3,      /* "ending": active, but ends at effective_end */
    LAPSE_STATUS_EXPIRED = 4,     /* "expired": no access, data still kept */
    LAPSE_STATUS_DELETED = 5,     /* "deleted": data deleted for good */
    LAPSE_STATUS_PAUSED = 6       /* "paused": in a pause (paused_from to resumes_on): no
                                   * access, nothing invoiced; listed as active */
} lapse_status;

/* How Billing > Subscriptions lists it.  R12. */
typedef enum lapse_listing {
    LAPSE_LISTING_ACTIVE = 1, /* "active" */
    LAPSE_LISTING_EXPIRED = 2 /* "expired": under Expired / products to discover */
} lapse_listing;

typedef struct lapse_status_info {
    lapse_status status;
    /* The status holds on [since, until); either may be none: since is
     * none when the record does not say when it began (auto-renew off),
     * until is none when it lasts. */
    lapse_date since;
    lapse_date until;
    /* The end of service and the deletion date, or none while the
     * subscription is active (renewing) or not started. */
    lapse_date effective_end;
    lapse_date data_deleted_on;
    lapse_listing listed_as;
    /* What the recorded cancellation (cancelled_on) settled: its refund and
     * termination fee, or 0 when there is none. */
    int64_t refund;
    int64_t termination_fee;
    uint32_t reserved[2];
} lapse_status_info;

/*
 * The status of a subscription on `date` (R12): before start, not started;
 * with a cancellation dated on or before `date`, ending until the effective
 * end that cancellation had, then expired until the deletion date, then
 * deleted; with auto-renew off and no cancellation, ending at the end of the
 * term containing `date`; under a policy with renewal none, ending with the
 * initial term, then expired and deleted; otherwise active.  A cancelled
 * subscription is listed as active until its end date and as expired from
 * then on.  `refund` and `termination_fee` are what the recorded
 * cancellation settled (as its own decision gave them; a cancellation
 * whose figures pass 64 bits, which no decision could have made, is
 * LAPSE_ERR_AMOUNT_RANGE here, in lapse_reactivate() and in the
 * timeline).
 * policy may be NULL.  On failure *status is all zero.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_status_at(const lapse_policy *policy,
                                                           const lapse_subscription *subscription,
                                                           lapse_date date,
                                                           lapse_status_info *status,
                                                           lapse_error_detail *detail);

/* What reactivating on a date does.  R13. */
typedef enum lapse_reactivation {
    /* "not_cancelled": nothing to reactivate, it renews. */
    LAPSE_REACTIVATION_NOT_CANCELLED = 1,
    /* "withdraw_cancellation": before the effective end: renewal resumes
     * and nothing is charged twice. */
    LAPSE_REACTIVATION_WITHDRAW_CANCELLATION = 2,
    /* "buy_again_restore_data": ended, data kept: buy again, data restored. */
    LAPSE_REACTIVATION_BUY_AGAIN_RESTORE_DATA = 3,
    /* "buy_again_data_gone": on or after the deletion date. */
    LAPSE_REACTIVATION_BUY_AGAIN_DATA_GONE = 4
} lapse_reactivation;

typedef struct lapse_reactivation_info {
    /* Charged by reactivating before the effective end: the refund the
     * cancellation paid, charged back, since the service it refunded goes
     * on; nothing else, nothing twice.  Buying again (after the end) is a
     * new purchase, not priced here: 0. */
    int64_t charge;
    /* Where the charge comes from, as the cancellation settled its refund:
     * the part that paid the balance goes back on the balance
     * (applied_to_balance), the part kept as account credit is taken from
     * it (account_credit), the part paid back as cash is charged
     * (cash_refund); their sum is `charge`.  The subscription's `balance` is
     * read as the balance the cancellation was decided on. */
    int64_t applied_to_balance;
    int64_t cash_refund;
    int64_t account_credit;
    lapse_reactivation outcome;
    /* The cancellation's effective end and deletion date, or none when not
     * cancelled. */
    lapse_date effective_end;
    lapse_date data_deleted_on;
    uint32_t reserved[5];
} lapse_reactivation_info;

/* What reactivating on `date` does (R13); on failure *out is all zero. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_reactivate(const lapse_policy *policy,
                                                            const lapse_subscription *subscription,
                                                            lapse_date date,
                                                            lapse_reactivation_info *out,
                                                            lapse_error_detail *detail);

/* Changing instead of cancelling.  R14. */
typedef enum lapse_change {
    LAPSE_CHANGE_DOWNGRADE = 1,     /* "downgrade": a lower plan */
    LAPSE_CHANGE_REMOVE_ADD_ON = 2, /* "remove_add_on" */
    LAPSE_CHANGE_ADD_LICENSES = 3,  /* "add_licenses" */
    LAPSE_CHANGE_ADD_ADD_ONS = 4,   /* "add_add_ons" */
    LAPSE_CHANGE_ADD_DEVICES = 5    /* "add_devices" */
} lapse_change;

/* Where a change is made (R14): downgrades and removals through support,
 * purchases in the admin portal (online).  LAPSE_ROUTE_NONE if unknown. */
LAPSE_EXPORT lapse_route lapse_change_route(lapse_change change);

/* Where a request to erase user or account data goes (R11): always the
 * privacy process, never a cancellation, which erases no account data. */
LAPSE_EXPORT lapse_route lapse_erasure_route(void);

/* ------------------------------------------------------------------------
 * Timeline
 * ------------------------------------------------------------------------ */

/* What happens on a date of a subscription's life. */
typedef enum lapse_event_kind {
    LAPSE_EVENT_START = 1,           /* "start": term 0 begins */
    LAPSE_EVENT_RENEWAL = 2,         /* "renewal": term k >= 1 begins (R1) */
    LAPSE_EVENT_INVOICE = 3,         /* "invoice": a billing period is invoiced */
    LAPSE_EVENT_NOTICE_DEADLINE = 4, /* "notice_deadline": last day to give notice (R7) */
    LAPSE_EVENT_CANCELLATION = 5,    /* "cancellation": the cancellation is made */
    LAPSE_EVENT_EFFECTIVE_END = 6,   /* "effective_end": first day without service */
    LAPSE_EVENT_DATA_DELETED = 7,    /* "data_deleted": data deleted (R10) */
    LAPSE_EVENT_REFUND = 8,          /* "refund": credited on the cancellation date */
    LAPSE_EVENT_TERMINATION_FEE = 9, /* "termination_fee": charged on the cancellation date */
    LAPSE_EVENT_REDUCTION = 10,      /* "reduction": a reduction of items is made */
    LAPSE_EVENT_CHANGE = 11,         /* "change": the first day at the new quantities;
                                      * amount: the first invoice at them (recurring_after) */
    /* Where the refund goes when not all of it is paid back as cash, on the
     * cancellation date (docs/rules.md, "Settlement"); the rest of the
     * refund event's amount is the cash refund: */
    LAPSE_EVENT_APPLIED_TO_BALANCE = 12, /* "applied_to_balance": pays the balance */
    LAPSE_EVENT_ACCOUNT_CREDIT = 13,     /* "account_credit": kept as account credit */
    /* A pause (docs/rules.md, "Pauses"), each listed when its date is
     * before the effective end (a pause of length 0 is none): */
    LAPSE_EVENT_PAUSE = 14, /* "pause": paused_from, the first day paused */
    LAPSE_EVENT_RESUME = 15 /* "resume": resumes_on, the first day served again */
} lapse_event_kind;

typedef struct lapse_event {
    int64_t amount; /* invoices: the amount of that invoice (the price, or the
                     * renewal price in renewal terms, plus the items);
                     * refund, its settlement and termination_fee: the
                     * amount; change: the first invoice at the new
                     * quantities; otherwise 0 */
    lapse_date date;
    lapse_event_kind kind;
    int32_t term; /* index of the term the date falls in (0 = initial); -1 for
                   * the effective end and the deletion, which follow the
                   * last term, and for the events of a leading partial
                   * period (billing_day), which precedes the first */
    uint32_t reserved[3];
} lapse_event;

/*
 * Every dated event of a subscription cancelled as `request` says (or as it
 * was already cancelled), sorted by date and, on one date, in the order
 * resume, start or renewal, invoice, notice deadline, cancellation,
 * refund, applied to balance, account credit, termination fee, pause,
 * effective end, deletion (service resumes before the day's period
 * begins; a pause begins after the day's events of the period before it,
 * whose in-arrears invoice is dated paused_from).  A pause and its resume
 * are events of their dates when before the effective end (for a
 * reduction, always).  The refund, the parts of it that do not go back as cash and
 * the fee that the cancellation settles are events of its date (left out
 * when 0).  It
 * runs from the start to the data deletion, or further when
 * invoices go on after access ends: a contract whose commitment is owed
 * under end_of_billing_period or immediate timing is still invoiced to its
 * term end, and those invoices are listed at their dates, after the
 * effective end (and after the deletion, when retention is short).  A
 * notice deadline before the start, from a notice period longer than the
 * term, is left out (the decision still reports it).  Writes at most
 * `capacity` events to `events` (which may be NULL when capacity is 0) and
 * the total number to *count, so a caller can ask for the count first.
 * The request's roles and channel do not change the dates.  Errors are
 * those of lapse_decide_cancel(); *count is 0 then.
 *
 * For a reduction (request->reduce_count > 0) nothing ends: the events run
 * from the start through the current term and on to the first invoice at
 * the new quantities (the next term's first when the change is at the
 * term's end or released committed units are owed to it), with the
 * reduction on the request date (then its refund and fee, when not 0), the
 * change on change_effective_on, a pause and its resume, and every invoice at its amount before and
 * after the change (committed units owed are invoiced to the term's end).
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_timeline(const lapse_policy *policy,
                                                          const lapse_subscription *subscription,
                                                          const lapse_request *request,
                                                          lapse_event *events, size_t capacity,
                                                          size_t *count,
                                                          lapse_error_detail *detail);
LAPSE_EXPORT size_t lapse_sizeof_event(void);

/* ------------------------------------------------------------------------
 * Instants and time zones
 *
 * A request reaches a billing system as an instant; the account lives in
 * a time zone.  An instant is int64_t seconds since 1970-01-01T00:00:00Z
 * (Unix time, no leap seconds); LAPSE_INSTANT_NONE stands for "no
 * instant".  A lapse_zone holds one IANA time zone read from a TZif file
 * (RFC 8536, versions 1 to 4): its transitions and, for the instants after
 * the last one, the POSIX TZ rule of the file's footer (Mm.w.d, Jn and n
 * dates, /time with hours -167..167 from version 3).  The caller owns it;
 * nothing is allocated.  Leap-second records are skipped (the transition
 * times are read as Unix time, as Python's zoneinfo reads them).  Before
 * the first transition the zone is at its first local time type (RFC 8536
 * section 3.2).  <lapse/tables.h> loads a zone by name from a zoneinfo
 * directory (lapse_zone_load); here it is parsed from bytes in memory.
 * ------------------------------------------------------------------------ */

#define LAPSE_INSTANT_NONE INT64_MIN
LAPSE_EXPORT int64_t lapse_instant_none(void);

/* The most transitions and local time types a lapse_zone holds: a TZif file
 * with more is LAPSE_ERR_OUT_OF_RANGE naming the zone.  The zones of the
 * IANA database have at most a few hundred ("fat" files about 500). */
#define LAPSE_ZONE_MAX_TRANSITIONS 2000
#define LAPSE_ZONE_MAX_TYPES 256
/* Bytes of lapse_zone.name: the longest IANA name is 32 bytes. */
#define LAPSE_ZONE_NAME_SIZE 64

/* One date rule of a POSIX TZ string (private to lapse: fill it through
 * lapse_zone_parse). */
typedef struct lapse_zone_rule_date {
    int32_t kind;  /* 'J' (Jn), 'n' (n, zero-based) or 'M' (Mm.w.d) */
    int32_t day;   /* Jn: 1..365; n: 0..365; M: weekday 0..6 (0 = Sunday) */
    int32_t month; /* M: 1..12 */
    int32_t week;  /* M: 1..5 (5 = the last) */
    int32_t time;  /* seconds of local time after midnight, -167 h..167 h */
    uint32_t reserved;
} lapse_zone_rule_date;

/*
 * A time zone.  Fill it with lapse_zone_parse() or lapse_zone_load(); read
 * it through the functions below (its fields are lapse's; a zone whose
 * counts are out of range is LAPSE_ERR_VALUE_SYNTAX, field "zone", so a
 * struct filled otherwise is never read out of bounds).  19,192 bytes on x86-64.
 */
typedef struct lapse_zone {
    /* The name it was read as ("Europe/Rome"), NUL-terminated. */
    char name[LAPSE_ZONE_NAME_SIZE];
    int32_t transitions; /* 0..LAPSE_ZONE_MAX_TRANSITIONS */
    int32_t types;       /* 1..LAPSE_ZONE_MAX_TYPES */
    /* The footer rule: has_rule 0 (none: the last type lasts), 1 (a fixed
     * offset) or 2 (standard and daylight time by start and end). */
    int32_t has_rule;
    int32_t std_offset; /* seconds east of UTC */
    int32_t dst_offset;
    uint32_t reserved_pad;
    lapse_zone_rule_date start;
    lapse_zone_rule_date end;
    int32_t offset[LAPSE_ZONE_MAX_TYPES]; /* each type's UTC offset, seconds east */
    int64_t at[LAPSE_ZONE_MAX_TRANSITIONS];
    uint8_t type_of[LAPSE_ZONE_MAX_TRANSITIONS];
    uint32_t reserved[8];
} lapse_zone;
LAPSE_EXPORT size_t lapse_sizeof_zone(void);

/*
 * Reads a TZif file's `size` bytes into *zone, named `name` (NUL-
 * terminated, shorter than LAPSE_ZONE_NAME_SIZE; it is only copied, for
 * messages and explanations).  Every count, index, offset and the footer
 * are checked: a truncated or corrupt file is LAPSE_ERR_VALUE_SYNTAX,
 * more transitions or types than lapse holds LAPSE_ERR_OUT_OF_RANGE, both
 * with field "zone" and a message naming the zone and what is wrong
 * ("zone Europe/Rome: truncated (transition times)").  *zone is all zero
 * on failure.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_zone_parse(const char *name, const void *data,
                                                            size_t size, lapse_zone *zone,
                                                            lapse_error_detail *detail);

/* The zone's UTC offset at an instant, seconds east of UTC. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_zone_offset(const lapse_zone *zone,
                                                             int64_t unix_seconds, int32_t *offset);

/*
 * The local date of an instant in the zone.  LAPSE_ERR_DATE_RANGE when it
 * is outside 0001-01-01 to 9999-12-31, LAPSE_ERR_NULL_ARGUMENT, and
 * LAPSE_ERR_VALUE_SYNTAX for a zone lapse did not fill.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_zone_date(const lapse_zone *zone,
                                                           int64_t unix_seconds, lapse_date *date);

/*
 * The first instant of a local date in the zone: the first instant whose
 * local date is `date` or later.  Local midnight when it exists (the
 * earlier one when midnight happens twice); when a transition skips
 * midnight (a DST gap at 00:00), the instant of the transition; when it
 * skips the whole date, the first instant of the next one.  So
 * lapse_zone_day_start(zone, d + 1) - 1 is the last second of day d.
 * Errors as lapse_zone_date().
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_zone_day_start(const lapse_zone *zone,
                                                                lapse_date date,
                                                                int64_t *unix_seconds);

/*
 * Parses an RFC 3339 date-time: "YYYY-MM-DDTHH:MM:SS" ('t' or ' ' also
 * separate), optional fraction ".ddd" (dropped: lapse counts whole
 * seconds), then "Z" ('z') or "+HH:MM" / "-HH:MM".  *unix_seconds is the
 * instant, *offset (optional) the offset it was written in, seconds east
 * ("-08:00" is -28800; "Z" 0), so the date it names is its local date in
 * that offset.  Second 60 (a leap second) is read as :59.
 * Errors have field "requested_at" and a message quoting the text and
 * naming the problem: LAPSE_ERR_DATE_INVALID for a date that is not in the
 * calendar ("2025-02-30": "not a calendar date"), LAPSE_ERR_DATE_RANGE
 * for a year 0000 and LAPSE_ERR_DATE_SYNTAX for a date part that is not
 * YYYY-MM-DD, as lapse_date_parse_n() (the message is lapse_strerror()'s);
 * LAPSE_ERR_VALUE_SYNTAX for another shape, for an hour, minute or second
 * out of range ("not a time of day (00:00:00 to 23:59:60)") and for an
 * offset beyond +-23:59 ("an offset beyond -23:59 to +23:59"): the date
 * part names a day, the rest is the text's shape.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_instant_parse(const char *text, size_t length,
                                                               int64_t *unix_seconds,
                                                               int32_t *offset,
                                                               lapse_error_detail *detail);

/* Writes an instant in UTC, "YYYY-MM-DDTHH:MM:SSZ" (snprintf rules), and
 * returns 20; LAPSE_INSTANT_NONE or an instant outside years 1-9999 writes
 * "" and returns 0. */
#define LAPSE_INSTANT_TEXT_SIZE 21
LAPSE_EXPORT size_t lapse_instant_format(int64_t unix_seconds, char *buf, size_t size);

/*
 * A decision's deadlines as instants in a zone: *notice_deadline_at, the
 * first instant after the last day to give notice (a cancellation before
 * it is in time), LAPSE_INSTANT_NONE when the decision has no notice
 * deadline; *access_ends_at, the first instant after the last day of
 * access (lapse_zone_day_start of the effective end).  Either pointer may
 * be NULL.  Errors as lapse_zone_date(), field "zone".
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_decision_instants(const lapse_zone *zone,
                                                                   const lapse_decision *decision,
                                                                   int64_t *notice_deadline_at,
                                                                   int64_t *access_ends_at,
                                                                   lapse_error_detail *detail);

/* ------------------------------------------------------------------------
 * Explanations for people
 * ------------------------------------------------------------------------ */

/*
 * Explanations are written in a language named by its code: "en" (English)
 * or "it" (Italian); NULL is "en".  Dates and amounts follow the language:
 * 2025-03-31 and 1234.50 EUR in English, 31/03/2025 and 1.234,50 EUR in
 * Italian.  Half-open data read inclusively: an effective end of 2026-03-15
 * is told as "last day of access: 2026-03-14".
 *
 * Each writes UTF-8 text into buf under snprintf rules (at most size bytes,
 * always NUL-terminated when size > 0; buf may be NULL when size is 0) and
 * the length of the whole text, without the NUL, to *length (optional), so
 * a caller can ask for the length first.  Errors: LAPSE_ERR_UNKNOWN_NAME
 * (field "language") for another language, and those of the function that
 * gives what is explained.  On an error buf holds "" and *length is 0.
 */

/*
 * The explanation of a decision, as `lapse cancel` prints it: the request,
 * the verdict (for a refused one, what to do instead and what happens when
 * it is cancelled that way), the dates and the money, and what to do
 * before going.  `decision` must be what lapse_decide_cancel() gives for
 * the same policy, subscription and request (it is decided again and
 * compared: LAPSE_ERR_DECISION_MISMATCH, field "decision", otherwise).
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_explain(const lapse_policy *policy, const lapse_subscription *subscription,
              const lapse_request *request, const lapse_decision *decision, const char *language,
              char *buf, size_t size, size_t *length, lapse_error_detail *detail);

/*
 * lapse_explain() for an account in a time zone: the notice deadline is
 * told as the last minute of its day there ("Notice deadline: by
 * 2025-12-02 23:59 Europe/Rome (in time)"; in Italian "entro il 02/12/2025
 * alle 23:59 Europe/Rome").  zone is required (LAPSE_ERR_NULL_ARGUMENT);
 * a zone whose name is not a NUL-terminated text is LAPSE_ERR_VALUE_SYNTAX.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_explain_in_zone(
    const lapse_policy *policy, const lapse_subscription *subscription,
    const lapse_request *request, const lapse_decision *decision, const lapse_zone *zone,
    const char *language, char *buf, size_t size, size_t *length, lapse_error_detail *detail);

/*
 * The explanation of a status on `date`, as `lapse status` prints it.
 * `status` must be what lapse_status_at() gives for the same inputs
 * (LAPSE_ERR_DECISION_MISMATCH, field "status", otherwise).
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_explain_status(const lapse_policy *policy, const lapse_subscription *subscription,
                     lapse_date date, const lapse_status_info *status, const char *language,
                     char *buf, size_t size, size_t *length, lapse_error_detail *detail);

/*
 * One line of a timeline, without a newline: the date, the event in words,
 * the amount of an invoice, refund or fee in the subscription's currency,
 * and the term (none for the end of access and the deletion).  Columns line
 * up from one line to the next in a language.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_explain_event(
    const lapse_subscription *subscription, const lapse_event *event, const char *language,
    char *buf, size_t size, size_t *length, lapse_error_detail *detail);

/* An event kind in words in a language ("first day without access"), or
 * NULL for an unknown kind or language. */
LAPSE_EXPORT const char *lapse_event_words(lapse_event_kind kind, const char *language);

/* The code of the index-th language ("en", "it"), or NULL after the last. */
LAPSE_EXPORT const char *lapse_language_code(size_t index);

/* sizeof of each public struct, for bindings that mirror them. */
LAPSE_EXPORT size_t lapse_sizeof_policy(void);
LAPSE_EXPORT size_t lapse_sizeof_subscription(void);
LAPSE_EXPORT size_t lapse_sizeof_request(void);
LAPSE_EXPORT size_t lapse_sizeof_decision(void);
LAPSE_EXPORT size_t lapse_sizeof_status_info(void);
LAPSE_EXPORT size_t lapse_sizeof_reactivation_info(void);
LAPSE_EXPORT size_t lapse_sizeof_error_detail(void);
LAPSE_EXPORT size_t lapse_sizeof_item(void);
LAPSE_EXPORT size_t lapse_sizeof_reduction(void);

#ifdef __cplusplus
}
#endif

#endif /* LAPSE_H */
