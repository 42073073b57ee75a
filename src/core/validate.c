/*
 * Checks every input field before a decision, so that an error names the
 * field, shows its value and says what is allowed.  Limits are generous
 * (a century of months, a century of retention) but finite, which keeps
 * every later product of months and prices within 64 bits.
 */
#include "validate.h"

#include "bits.h"
#include "calendar.h"
#include "compiler.h"
#include "fail.h"
#include "items.h"
#include "model.h"
#include "money.h"
#include "names.h"
#include "plan.h"
#include "policy_keys.h"
#include "text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define MAX_TERM_MONTHS 1200

/* value in [low, high], as one unsigned comparison. */
static inline bool within(int32_t value, int32_t low, int32_t high)
{
    return (uint32_t)value - (uint32_t)low <= (uint32_t)high - (uint32_t)low;
}

static lapse_error check_flag(int32_t value, const char *field, lapse_error_detail *detail)
{
    if (value == 0 || value == 1)
        return LAPSE_OK;
    return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, field,
                       "%s %ld: must be 0 (false) or 1 (true)", field, (long)value);
}

static lapse_error check_days(int32_t value, int32_t min, int32_t max, const char *field,
                              lapse_error_detail *detail)
{
    if (value >= min && value <= max)
        return LAPSE_OK;
    return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, field,
                       "%s %ld: out of range (%d to %d days)", field, (long)value, min, max);
}

/* An enumerated policy field: one of the values that have a name. */
static lapse_error check_choice(int value, lapse_kind kind, const char *field,
                                lapse_error_detail *detail)
{
    if (value >= 0 && lapse_name(kind, (uint32_t)value))
        return LAPSE_OK;
    char names[200];
    lapse__names_list(kind, ", ", true, names, sizeof names);
    return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, field, "%s %d: not one of %s", field, value,
                       names);
}

static lapse_error check_bits(uint32_t value, uint32_t allowed, const char *field, const char *what,
                              lapse_error_detail *detail)
{
    if ((value & ~allowed) == 0)
        return LAPSE_OK;
    return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, field, "%s 0x%lx: unknown %s bits 0x%lx",
                       field, (unsigned long)value, what, (unsigned long)(value & ~allowed));
}

/* The fee's currency: "" only for a zero fee, else an ISO 4217 code. */
static bool fee_currency_ok(const lapse_policy *p)
{
    const char *code = p->termination_fee_currency;
    if (code[0] == '\0')
        return p->termination_fee == 0 && (code[1] | code[2] | code[3]) == 0;
    return code[3] == '\0' && lapse_currency_digits(code, NULL) == LAPSE_OK;
}

static lapse_error check_fee_currency(const lapse_policy *p, lapse_error_detail *detail)
{
    if (fee_currency_ok(p))
        return LAPSE_OK;
    const char *code = p->termination_fee_currency;
    if (code[0] == '\0' && p->termination_fee != 0)
        return lapse__fail(detail, LAPSE_ERR_MISSING, "termination_fee",
                           "termination_fee %lld: needs its currency "
                           "(termination_fee_currency, or '500.00 EUR' in policy text)",
                           (long long)p->termination_fee);
    char quoted[24];
    const char *nul = memchr(code, '\0', 4);
    lapse__quote(code, nul ? (size_t)(nul - code) : 4, 4, quoted, sizeof quoted);
    lapse_error error = code[0] == '\0' || nul == NULL ? LAPSE_ERR_CURRENCY_SYNTAX
                                                       : lapse_currency_digits(code, NULL);
    return lapse__fail(detail, error, "termination_fee", "termination_fee currency '%s': %s",
                       quoted, lapse_strerror(error));
}

/* The holidays: a count in range, valid dates in ascending order, zero
 * after them (one pass over the fixed array). */
static bool holidays_ok(const lapse_holidays *list)
{
    if (list->count < 0 || list->count > LAPSE_HOLIDAYS_MAX)
        return false;
    bool ok = true;
    for (int32_t i = 0; i < LAPSE_HOLIDAYS_MAX; i++)
        ok &= i < list->count ? lapse__date_valid(list->dates[i]) &&
                                    (i == 0 || list->dates[i] > list->dates[i - 1])
                              : list->dates[i] == 0;
    return ok;
}

/* One key of the table, as in policy.c: enough to check it by its type. */
typedef struct policy_key {
    const char *name;
    lapse_policy_key_type type;
    lapse_kind kind;
    int64_t min, max;
    size_t offset;
} policy_key;

/* The keys in the order of the explaining check (the table's `check`). */
#define CHECKED_KEY(ctype, field, type, kind, min, max, def, order, check, doc) \
    [check] = { #field, LAPSE_POLICY_KEY_##type, kind, min, max, offsetof(lapse_policy, field) },
static const policy_key checked_keys[LAPSE__POLICY_KEY_COUNT] = { LAPSE__POLICY_KEYS(CHECKED_KEY) };

static lapse_error explain_key(const policy_key *k, const lapse_policy *policy,
                               lapse_error_detail *detail)
{
    const char *field = (const char *)policy + k->offset;
    int32_t value;
    memcpy(&value, field, sizeof value);
    switch (k->type) {
    case LAPSE_POLICY_KEY_DAYS:
        return check_days(value, (int32_t)k->min, (int32_t)k->max, k->name, detail);
    case LAPSE_POLICY_KEY_PERCENT:
        if (value >= k->min && value <= k->max)
            return LAPSE_OK;
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, k->name,
                           "%s %ld: out of range (%ld to %ld)", k->name, (long)value, (long)k->min,
                           (long)k->max);
    case LAPSE_POLICY_KEY_FLAG: return check_flag(value, k->name, detail);
    case LAPSE_POLICY_KEY_CHOICE: return check_choice(value, k->kind, k->name, detail);
    case LAPSE_POLICY_KEY_ROLES:
        return check_bits((uint32_t)value, (uint32_t)k->max, k->name, "role", detail);
    case LAPSE_POLICY_KEY_DATES: {
        const lapse_holidays *list = (const lapse_holidays *)(const void *)field;
        if (list->count < 0 || list->count > LAPSE_HOLIDAYS_MAX)
            return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, k->name,
                               "%s: %ld dates, out of range (0 to %d)", k->name, (long)list->count,
                               LAPSE_HOLIDAYS_MAX);
        for (int32_t i = 0; i < LAPSE_HOLIDAYS_MAX; i++) {
            lapse_date date = list->dates[i];
            if (i >= list->count) {
                if (date != 0)
                    return lapse__fail(detail, LAPSE_ERR_RESERVED, k->name,
                                       "%s: the dates past the count (%ld) must be zero", k->name,
                                       (long)list->count);
            } else if (!lapse__date_valid(date)) {
                return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, k->name, "holiday", date);
            } else if (i > 0 && date <= list->dates[i - 1]) {
                char text[LAPSE_DATE_TEXT_SIZE];
                lapse_date_format(date, text, sizeof text);
                return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, k->name,
                                   "%s: %s not after the date before it (ascending, each once)",
                                   k->name, text);
            }
        }
        return LAPSE_OK;
    }
    case LAPSE_POLICY_KEY_AMOUNT: {
        /* termination_fee, the one amount, with its currency. */
        int64_t amount;
        memcpy(&amount, field, sizeof amount);
        if (amount < k->min)
            return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, k->name,
                               "%s %lld: must not be negative", k->name, (long long)amount);
        return check_fee_currency(policy, detail);
    }
    }
    return LAPSE_OK;
}

lapse_error lapse__explain_policy(const lapse_policy *policy, lapse_error_detail *detail)
{
    for (size_t i = 0; i < LAPSE__POLICY_KEY_COUNT; i++) {
        lapse_error error = explain_key(&checked_keys[i], policy, detail);
        if (error)
            return error;
    }
    if (!lapse__all_zero(policy->reserved, sizeof policy->reserved / sizeof policy->reserved[0]))
        return lapse__fail(detail, LAPSE_ERR_RESERVED, "reserved",
                           "policy reserved space: must be zero (fill the policy with "
                           "lapse_policy_default)");
    return LAPSE_OK;
}

static lapse_error check_amount(int64_t amount, const char *currency, const char *field,
                                lapse_error_detail *detail)
{
    if (amount >= 0)
        return LAPSE_OK;
    char text[LAPSE_AMOUNT_TEXT_SIZE];
    lapse_amount_format(amount, currency, text, sizeof text);
    return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, field, "%s %s %s: must not be negative",
                       field, text, currency);
}

/* An introductory price (#31): intro_months a whole number of billing
 * periods within the first term (billing and term are checked already),
 * intro_price an amount, and only with intro_months. */
static lapse_error check_intro(const lapse_subscription *s, lapse_error_detail *detail)
{
    if (s->intro_months == 0 && s->intro_price == 0)
        return LAPSE_OK;
    if (s->intro_months == 0) {
        char text[LAPSE_AMOUNT_TEXT_SIZE];
        lapse_amount_format(s->intro_price, s->currency, text, sizeof text);
        return lapse__fail(detail, LAPSE_ERR_MISSING, "intro_months",
                           "intro_months: required with intro_price %s %s (the months it "
                           "lasts)",
                           text, s->currency);
    }
    int32_t months = s->billing > 0 ? s->billing : s->term;
    if (s->intro_months < 0 || s->intro_months > s->term || s->intro_months % months != 0)
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "intro_months",
                           "intro_months %ld: not a whole number of billing periods (of %ld "
                           "month(s)) within the first term (%ld months)",
                           (long)s->intro_months, (long)months, (long)s->term);
    return check_amount(s->intro_price, s->currency, "intro_price", detail);
}

static lapse_error check_months(int32_t value, int32_t min, const char *field, const char *label,
                                const char *note, lapse_error_detail *detail)
{
    if (value >= min && value <= MAX_TERM_MONTHS)
        return LAPSE_OK;
    return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, field,
                       "%s %ld: out of range (%d to %d months%s)", label, (long)value, min,
                       MAX_TERM_MONTHS, note);
}

/* A pause's own dates (docs/rules.md, "Pauses"): both or neither, valid,
 * resumes_on after paused_from, neither before the start or within the
 * free trial.  Where it falls among the billing periods depends on the
 * policy: check_pause_boundaries. */
static lapse_error check_pause_dates(const lapse_subscription *s, lapse_error_detail *detail)
{
    if (s->paused_from == LAPSE_DATE_NONE && s->resumes_on == LAPSE_DATE_NONE)
        return LAPSE_OK;
    if (s->paused_from == LAPSE_DATE_NONE)
        return lapse__fail(detail, LAPSE_ERR_MISSING, "paused_from",
                           "paused_from: required with resumes_on (a pause has both dates)");
    if (s->resumes_on == LAPSE_DATE_NONE)
        return lapse__fail(detail, LAPSE_ERR_MISSING, "resumes_on",
                           "resumes_on: required with paused_from (a pause has both dates)");
    if (!lapse__date_valid(s->paused_from))
        return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "paused_from", "pause start",
                                s->paused_from);
    if (!lapse__date_valid(s->resumes_on))
        return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "resumes_on", "resume date",
                                s->resumes_on);
    /* A pause of length 0 is no pause, wherever it falls. */
    if (s->resumes_on == s->paused_from)
        return LAPSE_OK;
    char from[LAPSE_DATE_TEXT_SIZE], to[LAPSE_DATE_TEXT_SIZE];
    lapse_date_format(s->paused_from, from, sizeof from);
    lapse_date_format(s->resumes_on, to, sizeof to);
    if (s->paused_from < s->start)
        return lapse__fail_date(detail, LAPSE_ERR_BEFORE_START, "paused_from", "pause start",
                                s->paused_from);
    if (s->trial_end != LAPSE_DATE_NONE && s->paused_from < s->trial_end) {
        char trial[LAPSE_DATE_TEXT_SIZE];
        lapse_date_format(s->trial_end, trial, sizeof trial);
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "paused_from",
                           "paused_from %s: within the free trial (to %s); a pause begins on "
                           "or after trial_end",
                           from, trial);
    }
    if (s->resumes_on <= s->paused_from)
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "resumes_on",
                           "resumes_on %s: before paused_from (%s); a pause ends after it "
                           "begins (equal dates are no pause)",
                           to, from);
    return LAPSE_OK;
}

static lapse_error explain_subscription(const lapse_subscription *s, lapse_error_detail *detail)
{
    lapse_error error;
    if (s->start == LAPSE_DATE_NONE)
        return lapse__fail(detail, LAPSE_ERR_MISSING, "start",
                           "start date: required but not given");
    if (!lapse__date_valid(s->start))
        return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "start", "start date", s->start);
    if ((error = check_months(s->term, 1, "term", "term", "", detail)) ||
        (error = check_months(s->renewal_term, 0, "renewal_term", "renewal term",
                              "; 0 = same as the term", detail)) ||
        (error = check_months(s->billing, 0, "billing", "billing interval",
                              "; 0 = the whole term up front", detail)))
        return error;
    if (s->billing > 0) {
        if (s->term % s->billing != 0)
            return lapse__fail(detail, LAPSE_ERR_BILLING_INTERVAL, "billing",
                               "billing interval %ld months: does not divide the term of "
                               "%ld months",
                               (long)s->billing, (long)s->term);
        if (lapse__renewal_term(s) % s->billing != 0)
            return lapse__fail(detail, LAPSE_ERR_BILLING_INTERVAL, "billing",
                               "billing interval %ld months: does not divide the renewal "
                               "term of %ld months",
                               (long)s->billing, (long)lapse__renewal_term(s));
    }
    if (memchr(s->currency, '\0', sizeof s->currency) == NULL ||
        (error = lapse_currency_digits(s->currency, NULL)) != LAPSE_OK) {
        char code[24];
        const char *nul = memchr(s->currency, '\0', sizeof s->currency);
        lapse__quote(s->currency, nul ? (size_t)(nul - s->currency) : sizeof s->currency, 4, code,
                     sizeof code);
        if (memchr(s->currency, '\0', sizeof s->currency) == NULL)
            error = LAPSE_ERR_CURRENCY_SYNTAX;
        return lapse__fail(detail, error, "currency", "currency '%s': %s", code,
                           lapse_strerror(error));
    }
    if ((error = check_amount(s->price, s->currency, "price", detail)) ||
        (error = check_amount(s->balance, s->currency, "balance", detail)) ||
        (error = check_flag(s->auto_renew, "auto_renew", detail)) ||
        (error = check_flag(s->contract, "contract", detail)) ||
        (error = check_flag(s->online_cancel, "online_cancel", detail)))
        return error;
    if (s->licenses < 0)
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "licenses",
                           "licenses %ld: must not be negative", (long)s->licenses);
    if (s->cancelled_on != LAPSE_DATE_NONE) {
        if (!lapse__date_valid(s->cancelled_on))
            return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "cancelled_on",
                                    "cancellation date", s->cancelled_on);
        if (s->cancelled_on < s->start)
            return lapse__fail_date(detail, LAPSE_ERR_BEFORE_START, "cancelled_on",
                                    "cancellation date", s->cancelled_on);
    }
    if (s->renewal_price != LAPSE_AMOUNT_NONE &&
        (error = check_amount(s->renewal_price, s->currency, "renewal_price", detail)))
        return error;
    if (s->trial_end != LAPSE_DATE_NONE) {
        if (!lapse__date_valid(s->trial_end))
            return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "trial_end", "trial end",
                                    s->trial_end);
        if (s->trial_end < s->start)
            return lapse__fail_date(detail, LAPSE_ERR_BEFORE_START, "trial_end", "trial end",
                                    s->trial_end);
    }
    if (s->billing_day < 0 || s->billing_day > 31)
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "billing_day",
                           "billing_day %ld: out of range (1 to 31, or 0 for the start's day)",
                           (long)s->billing_day);
    if (s->billing_month < 0 || s->billing_month > 12)
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "billing_month",
                           "billing_month %ld: out of range (1 to 12, or 0 for any month)",
                           (long)s->billing_month);
    if (s->concluded_on != LAPSE_DATE_NONE) {
        if (!lapse__date_valid(s->concluded_on))
            return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "concluded_on", "conclusion date",
                                    s->concluded_on);
        if (s->concluded_on > s->start) {
            char concluded[LAPSE_DATE_TEXT_SIZE], start[LAPSE_DATE_TEXT_SIZE];
            lapse_date_format(s->concluded_on, concluded, sizeof concluded);
            lapse_date_format(s->start, start, sizeof start);
            return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "concluded_on",
                               "concluded_on %s: after the start (%s); a contract is concluded "
                               "on or before the day its service starts",
                               concluded, start);
        }
    }
    if ((error = check_pause_dates(s, detail)))
        return error;
    if ((error = check_flag(s->withdrawal_informed, "withdrawal_informed", detail)) ||
        (error = check_flag(s->express_request, "express_request", detail)) ||
        (error = check_intro(s, detail)) || (error = lapse__check_items(s, detail)))
        return error;
    if (!lapse__all_zero(s->reserved, sizeof s->reserved / sizeof s->reserved[0]))
        return lapse__fail(detail, LAPSE_ERR_RESERVED, "reserved",
                           "subscription reserved space: must be zero (fill the "
                           "subscription with lapse_subscription_init)");
    return LAPSE_OK;
}

lapse_error lapse__check_date_in_subscription(const lapse_subscription *s, lapse_date date,
                                              const char *field, const char *label,
                                              lapse_error_detail *detail)
{
    if (date == LAPSE_DATE_NONE)
        return lapse__fail(detail, LAPSE_ERR_MISSING, field, "%s: required but not given", label);
    if (!lapse__date_valid(date))
        return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, field, label, date);
    if (date < s->start) {
        char start[LAPSE_DATE_TEXT_SIZE], when[LAPSE_DATE_TEXT_SIZE];
        lapse_date_format(s->start, start, sizeof start);
        lapse_date_format(date, when, sizeof when);
        return lapse__fail(detail, LAPSE_ERR_BEFORE_START, field,
                           "%s %s: before the subscription starts (%s)", label, when, start);
    }
    return LAPSE_OK;
}

/* The index of the subscription's item named `name`, or -1. */
static int32_t item_named(const lapse_subscription *s, const char *name)
{
    for (int32_t i = 0; i < s->item_count; i++)
        if (strncmp(s->items[i].name, name, LAPSE_ITEM_NAME_SIZE) == 0)
            return i;
    return -1;
}

/* `date` falls in the subscription's free trial (before trial_end). */
static bool in_trial(const lapse_subscription *s, lapse_date date)
{
    return s->trial_end != LAPSE_DATE_NONE && date < s->trial_end;
}

/* A reduction: entries of the subscription's items, each below today's
 * quantity, one quantity per item (the same entry twice is one), no
 * chosen end.  The subscription is checked already. */
static lapse_error check_reduction(const lapse_request *r, const lapse_subscription *s,
                                   lapse_error_detail *detail)
{
    if (r->reduce_count < 0 || r->reduce_count > LAPSE_ITEMS_MAX)
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "reduce",
                           "reduce: reduce_count %ld: out of range (0 to %d)",
                           (long)r->reduce_count, LAPSE_ITEMS_MAX);
    if (!r->reduce)
        return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, "reduce",
                           "reduce: NULL while reduce_count is %ld", (long)r->reduce_count);
    if (r->end_on != LAPSE_DATE_NONE)
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "end_on",
                           "end_on: a chosen end is for cancellations, not for a reduction "
                           "(reduce)");
    for (int32_t i = 0; i < r->reduce_count; i++) {
        const lapse_reduction *e = &r->reduce[i];
        const char *nul = memchr(e->name, '\0', sizeof e->name);
        char name[80];
        lapse__quote(e->name, nul ? (size_t)(nul - e->name) : sizeof e->name, 31, name,
                     sizeof name);
        if (!nul)
            return lapse__fail(detail, LAPSE_ERR_VALUE_SYNTAX, "reduce",
                               "reduce: entry %ld '%s': the name is not NUL-terminated",
                               (long)i + 1, name);
        if (!lapse__all_zero(e->reserved, sizeof e->reserved / sizeof e->reserved[0]))
            return lapse__fail(detail, LAPSE_ERR_RESERVED, "reduce",
                               "reduce: entry %ld '%s': reserved space must be zero", (long)i + 1,
                               name);
        int32_t item = item_named(s, e->name);
        if (item < 0)
            return lapse__fail(detail, LAPSE_ERR_UNKNOWN_NAME, "reduce",
                               "reduce: item '%s': not an item of the subscription", name);
        if (e->quantity < 0 || e->quantity >= s->items[item].quantity)
            return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "reduce",
                               "reduce: item '%s' to %ld: not below today's quantity %ld (0 "
                               "removes it)",
                               name, (long)e->quantity, (long)s->items[item].quantity);
        for (int32_t j = 0; j < i; j++)
            if (strncmp(r->reduce[j].name, e->name, sizeof e->name) == 0 &&
                r->reduce[j].quantity != e->quantity)
                return lapse__fail(detail, LAPSE_ERR_VALUE_SYNTAX, "reduce",
                                   "reduce: item '%s': two quantities (%ld and %ld)", name,
                                   (long)r->reduce[j].quantity, (long)e->quantity);
    }
    return LAPSE_OK;
}

static lapse_error explain_request(const lapse_request *r, const lapse_subscription *s,
                                   lapse_error_detail *detail)
{
    lapse_error error;
    if ((error = lapse__check_date_in_subscription(s, r->on, "on", "request date", detail)))
        return error;
    if (r->channel != LAPSE_CHANNEL_ONLINE && r->channel != LAPSE_CHANNEL_SUPPORT)
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "channel",
                           "channel %d: not online (0) or support (1)", (int)r->channel);
    if ((error = check_bits(r->roles, LAPSE_ROLE_ALL, "roles", "role", detail)) ||
        (error = check_flag(r->can_sign_in, "can_sign_in", detail)) ||
        (error =
             check_bits(r->provided, LAPSE_SUPPORT_INFO_ALL, "provided", "support detail", detail)))
        return error;
    if (r->end_on != LAPSE_DATE_NONE) {
        if (!lapse__date_valid(r->end_on))
            return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "end_on", "chosen end date",
                                    r->end_on);
        if (r->end_on <= r->on) {
            char end[LAPSE_DATE_TEXT_SIZE], on[LAPSE_DATE_TEXT_SIZE];
            lapse_date_format(r->end_on, end, sizeof end);
            lapse_date_format(r->on, on, sizeof on);
            return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "end_on",
                               "end_on %s: on or before the request date (%s); a chosen end "
                               "comes later",
                               end, on);
        }
    }
    if (!lapse__all_zero(r->reserved, sizeof r->reserved / sizeof r->reserved[0]))
        return lapse__fail(detail, LAPSE_ERR_RESERVED, "reserved",
                           "request reserved space: must be zero (fill the request with "
                           "lapse_request_init)");
    if (in_trial(s, r->on) && (r->end_on != LAPSE_DATE_NONE || r->reduce_count != 0)) {
        char trial[LAPSE_DATE_TEXT_SIZE];
        lapse_date_format(s->trial_end, trial, sizeof trial);
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, r->reduce_count ? "reduce" : "end_on",
                           "%s: not during the free trial (until %s): a request then ends the "
                           "trial as trial_cancel says",
                           r->reduce_count ? "reduce" : "end_on", trial);
    }
    return r->reduce_count != 0 ? check_reduction(r, s, detail) : LAPSE_OK;
}

/*
 * The fast paths: every condition of the explain_* functions above folded
 * into one test, so that valid input (the common case) costs a few
 * comparisons; only invalid input walks the checks that say what is wrong.
 */

/* Each key's whole condition, by its type, without a branch: the
 * explaining check's conditions (a test compares the two over random
 * policies). */
#define FAST_DAYS(value, min, max) ((int)within(value, min, max))
#define FAST_PERCENT(value, min, max) ((int)within(value, min, max))
#define FAST_FLAG(value, min, max) ((int)within(value, min, max))
#define FAST_CHOICE(value, min, max) ((int)within((int32_t)(value), min, max))
#define FAST_ROLES(value, min, max) (((value) & ~(uint32_t)(max)) == 0)
#define FAST_AMOUNT(value, min, max) (((value) >= (min)) & (int)fee_currency_ok(p))
#define FAST_DATES(value, min, max) ((int)holidays_ok(&(value)))
#define FAST_CHECK(ctype, field, type, kind, min, max, def, order, check, doc) \
    FAST_##type(p->field, min, max) &

static inline bool policy_valid(const lapse_policy *p)
{
    return LAPSE__POLICY_KEYS(FAST_CHECK)(int)
        lapse__all_zero(p->reserved, sizeof p->reserved / sizeof p->reserved[0]);
}

bool lapse__policy_valid(const lapse_policy *p) { return policy_valid(p); }

lapse_error lapse__check_policy(const lapse_policy *p, lapse_error_detail *detail)
{
    /* The default policy or a copy of it (a caller's own, a binding's,
     * the tool's preset): known valid, one comparison of its bytes instead
     * of twenty checks.  Any other bytes take the checks. */
    if (p == &lapse__default_policy || memcmp(p, &lapse__default_policy, sizeof *p) == 0)
        return LAPSE_OK;
    return LAPSE__LIKELY(policy_valid(p)) ? LAPSE_OK : lapse__explain_policy(p, detail);
}

/* No items, no pause and no introductory price (the explaining checks
 * cover them): five fields against their "none" in one test, their bits
 * or'ed, as a word of zeros is compared. */
static inline bool none_of_the_rarer(const lapse_subscription *s)
{
    uint32_t dates = ((uint32_t)s->paused_from ^ (uint32_t)LAPSE_DATE_NONE) |
                     ((uint32_t)s->resumes_on ^ (uint32_t)LAPSE_DATE_NONE);
    uint32_t counts = (uint32_t)s->item_count | (uint32_t)s->intro_months;
    return ((uint64_t)(dates | counts) | (uint64_t)s->intro_price) == 0;
}

/* The checks below are static inline so that lapse__check_inputs, which
 * every decision and every batch row passes, runs them in one function;
 * the lapse__check_* functions are the same checks, one at a time. */
static inline lapse_error check_subscription(const lapse_subscription *s,
                                             lapse_error_detail *detail)
{
    int32_t renewal = lapse__renewal_term(s);
    bool ok = (int)lapse__date_valid(s->start) & (int)within(s->term, 1, MAX_TERM_MONTHS) &
              (int)within(s->renewal_term, 0, MAX_TERM_MONTHS) &
              (int)within(s->billing, 0, MAX_TERM_MONTHS) & (s->price >= 0) & (s->balance >= 0) &
              (int)within(s->auto_renew, 0, 1) & (int)within(s->contract, 0, 1) &
              (int)within(s->online_cancel, 0, 1) & (s->licenses >= 0) &
              ((s->cancelled_on == LAPSE_DATE_NONE) |
               (lapse__date_valid(s->cancelled_on) & (s->cancelled_on >= s->start))) &
              ((s->renewal_price >= 0) | (s->renewal_price == LAPSE_AMOUNT_NONE)) &
              (int)within(s->billing_day, 0, 31) & (int)within(s->billing_month, 0, 12) &
              (int)none_of_the_rarer(s) &
              ((s->trial_end == LAPSE_DATE_NONE) |
               (lapse__date_valid(s->trial_end) & (s->trial_end >= s->start))) &
              ((s->concluded_on == LAPSE_DATE_NONE) |
               (lapse__date_valid(s->concluded_on) & (s->concluded_on <= s->start))) &
              (int)within(s->withdrawal_informed, 0, 1) & (int)within(s->express_request, 0, 1) &
              (int)lapse__all_zero(s->reserved, sizeof s->reserved / sizeof s->reserved[0]);
    /* Divisions only for intervals other than monthly or up front. */
    if (LAPSE__LIKELY(ok) && s->billing > 1)
        ok = s->term % s->billing == 0 && renewal % s->billing == 0;
    if (LAPSE__LIKELY(ok) && LAPSE__LIKELY(lapse__currency_known(s->currency)))
        return LAPSE_OK;
    /* Items: every check, in the explaining order (they are the rarer
     * case, and each has its own limits). */
    return explain_subscription(s, detail);
}

lapse_error lapse__check_subscription(const lapse_subscription *s, lapse_error_detail *detail)
{
    return check_subscription(s, detail);
}

static inline lapse_error check_request(const lapse_request *r, const lapse_subscription *s,
                                        lapse_error_detail *detail)
{
    bool ok =
        (int)lapse__date_valid(r->on) & (r->on >= s->start) &
        ((r->channel == LAPSE_CHANNEL_ONLINE) | (r->channel == LAPSE_CHANNEL_SUPPORT)) &
        ((r->roles & ~LAPSE_ROLE_ALL) == 0) & (int)within(r->can_sign_in, 0, 1) &
        ((r->provided & ~LAPSE_SUPPORT_INFO_ALL) == 0) &
        ((r->end_on == LAPSE_DATE_NONE) | (lapse__date_valid(r->end_on) & (r->end_on > r->on))) &
        (r->reduce_count == 0) & ((r->end_on == LAPSE_DATE_NONE) | !in_trial(s, r->on)) &
        (int)lapse__all_zero(r->reserved, sizeof r->reserved / sizeof r->reserved[0]);
    return LAPSE__LIKELY(ok) ? LAPSE_OK : explain_request(r, s, detail);
}

lapse_error lapse__check_request(const lapse_request *r, const lapse_subscription *s,
                                 lapse_error_detail *detail)
{
    return check_request(r, s, detail);
}

/* The fixed fee is charged in the subscription's currency or not at all. */
static lapse_error check_fee_matches(const lapse_policy *p, const lapse_subscription *s,
                                     lapse_error_detail *detail)
{
    if (p->commitment != LAPSE_COMMITMENT_FIXED_FEE || p->termination_fee == 0 ||
        memcmp(p->termination_fee_currency, s->currency, 4) == 0)
        return LAPSE_OK;
    char fee[LAPSE_AMOUNT_TEXT_SIZE];
    lapse_amount_format(p->termination_fee, p->termination_fee_currency, fee, sizeof fee);
    return lapse__fail(detail, LAPSE_ERR_CURRENCY_MISMATCH, "termination_fee",
                       "termination_fee %s %s: not in the subscription's currency (%s)", fee,
                       p->termination_fee_currency, s->currency);
}

/* Renewal invoices that cover other months than initial ones need their
 * own price: guessing one from the initial price would be wrong money. */
static lapse_error check_renewal_price(const lapse_policy *p, const lapse_subscription *s,
                                       lapse_error_detail *detail)
{
    if (s->billing != 0 || s->renewal_price != LAPSE_AMOUNT_NONE ||
        p->renewal == LAPSE_RENEWAL_NONE)
        return LAPSE_OK;
    int32_t renewal = p->renewal == LAPSE_RENEWAL_EVERGREEN ? 1 : lapse__renewal_term(s);
    if (renewal == s->term)
        return LAPSE_OK;
    return lapse__fail(detail, LAPSE_ERR_MISSING, "renewal_price",
                       "renewal_price: required but not given (billed up front, the %ld-month "
                       "renewal invoices cover other months than the %ld-month initial one)",
                       (long)renewal, (long)s->term);
}

/* The start of billing period `index` >= 0 of the plan as if unpaused
 * (the anchor's), for an error's text; "" past the calendar. */
static void unpaused_period_start(const lapse__plan *plan, int32_t index, char *out, size_t size)
{
    lapse_date date;
    if (index < 0 || !lapse__anchor_add(plan->anchor, lapse__period_offset(plan, index), &date))
        date = LAPSE_DATE_NONE;
    lapse_date_format(date, out, size);
}

/* `date` is the start of a billing period after the first (the whole term
 * when billed up front; under calendar billing after the first whole one,
 * the leading partial period before it), counted from the anchor: *index
 * is that period's, else the one containing it.  So a pause always follows
 * a whole period: its offset is at least one month. */
static bool on_period_start(const lapse__plan *plan, lapse_date date, int32_t *index)
{
    int32_t months = (int32_t)lapse__anchor_months_until(plan->anchor, date);
    lapse_date at;
    *index = lapse__period_index(plan, months);
    return *index >= 1 && months == lapse__period_offset(plan, *index) &&
           lapse__anchor_add(plan->anchor, months, &at) && at == date;
}

/* A pause's place among the billing periods: paused_from the start of a
 * billing period after the first; under pause_extends_term false
 * resumes_on too (the periods between are not invoiced). */
static lapse_error check_pause_boundaries(const lapse_policy *p, const lapse_subscription *s,
                                          lapse_error_detail *detail)
{
    lapse_subscription unpaused = *s;
    unpaused.paused_from = unpaused.resumes_on = LAPSE_DATE_NONE;
    lapse__plan plan = lapse__plan_of(p, &unpaused);
    int32_t index;
    char text[LAPSE_DATE_TEXT_SIZE], a[LAPSE_DATE_TEXT_SIZE], b[LAPSE_DATE_TEXT_SIZE];
    if (!on_period_start(&plan, s->paused_from, &index)) {
        lapse_date_format(s->paused_from, text, sizeof text);
        if (index < 1) {
            unpaused_period_start(&plan, 1, a, sizeof a);
            return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "paused_from",
                               "paused_from %s: within the first billing period; a pause begins "
                               "on a billing-period boundary after it (the first: %s)",
                               text, a);
        }
        unpaused_period_start(&plan, index, a, sizeof a);
        unpaused_period_start(&plan, index + 1, b, sizeof b);
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "paused_from",
                           "paused_from %s: not on a billing-period boundary (the nearest: %s "
                           "and %s)",
                           text, a, b);
    }
    if (p->pause_extends_term || on_period_start(&plan, s->resumes_on, &index))
        return LAPSE_OK;
    lapse_date_format(s->resumes_on, text, sizeof text);
    unpaused_period_start(&plan, index, a, sizeof a);
    unpaused_period_start(&plan, index + 1, b, sizeof b);
    return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "resumes_on",
                       "resumes_on %s: not on a billing-period boundary (the nearest: %s and %s); "
                       "under pause_extends_term false the term stays and a pause is whole "
                       "billing periods",
                       text, a, b);
}

static inline lapse_error check_combination(const lapse_policy *p, const lapse_subscription *s,
                                            lapse_error_detail *detail)
{
    if (LAPSE__UNLIKELY(lapse__has_pause(s))) {
        lapse_error error = check_pause_boundaries(p, s, detail);
        if (error)
            return error;
    }
    if (LAPSE__UNLIKELY(p->renewal == LAPSE_RENEWAL_EVERGREEN) && s->billing > 1)
        return lapse__fail(detail, LAPSE_ERR_BILLING_INTERVAL, "billing",
                           "billing interval %ld months: does not divide the monthly renewals of "
                           "an evergreen policy",
                           (long)s->billing);
    lapse_error error = check_renewal_price(p, s, detail);
    return error ? error : check_fee_matches(p, s, detail);
}

lapse_error lapse__check_combination(const lapse_policy *p, const lapse_subscription *s,
                                     lapse_error_detail *detail)
{
    return check_combination(p, s, detail);
}

lapse_error lapse__check_inputs(const lapse_policy *policy, const lapse_subscription *s,
                                const lapse_request *r, lapse_error_detail *detail)
{
    lapse_error error = check_subscription(s, detail);
    if (!error && r)
        error = check_request(r, s, detail);
    return error ? error : check_combination(policy, s, detail);
}

lapse_error lapse_policy_check(const lapse_policy *policy, lapse_error_detail *detail)
{
    if (!policy)
        return lapse__fail_missing(detail, "policy");
    return lapse__check_policy(policy, detail);
}

lapse_error lapse__enter(const lapse_policy **policy, const lapse_subscription *s,
                         const lapse_request *r, int takes_request, void *out, size_t out_size,
                         const char *out_name, lapse_error_detail *detail)
{
    if (!out)
        return lapse__fail_missing(detail, out_name);
    memset(out, 0, out_size);
    return lapse__check_entry(policy, s, r, takes_request, detail);
}
