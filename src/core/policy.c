/*
 * Policies as text: the presets shipped with lapse, and the "key = value"
 * format read by lapse_policy_parse and written by lapse_policy_format, so
 * that parse -> format -> parse is the identity.
 */
#include "policy.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "fail.h"
#include "names.h"
#include "policy_keys.h"
#include "text.h"
#include "validate.h"

/* ------------------------------------------------------------------------
 * Presets
 * ------------------------------------------------------------------------ */

typedef struct preset {
    const char *name;
    void (*fill)(lapse_policy *policy); /* changes from the default */
} preset;

static void fill_default(lapse_policy *policy) { (void)policy; }

static void fill_immediate_prorated(lapse_policy *policy)
{
    policy->timing = LAPSE_TIMING_IMMEDIATE;
    policy->refund = LAPSE_REFUND_PRORATED;
    policy->commitment = LAPSE_COMMITMENT_WAIVED;
}

static void fill_eu_consumer(lapse_policy *policy)
{
    /* The EU consumer withdrawal period (Directive 2011/83/EU, for
     * consumers: self-serve accounts) counted as docs/rules.md "EU
     * withdrawal" says: from the conclusion, past weekends (and the
     * holidays a caller adds), 12 months more for a consumer not informed,
     * nothing owed for what was provided (cooling_off_charge none); then
     * freedom to leave at the end of any billing period, which leaves no
     * undelivered service to refund. */
    policy->cooling_off_days = 14;
    policy->cooling_off_applies = LAPSE_COOLING_OFF_APPLIES_SELF_SERVE;
    policy->timing = LAPSE_TIMING_END_OF_BILLING_PERIOD;
}

static void fill_evergreen_contract(lapse_policy *policy)
{
    policy->renewal = LAPSE_RENEWAL_EVERGREEN;
    policy->notice_applies = LAPSE_NOTICE_APPLIES_TERMS_OVER_A_MONTH;
}

static void fill_killbill_like(lapse_policy *policy)
{
    /* Kill Bill's defaults for an IMMEDIATE cancellation: the subscription
     * stops on the requested day, credited for the rest of the period it
     * paid in advance, prorated by the period's actual days (Kill Bill's
     * default; its fixed 30-day month is an option: killbill-fixed30),
     * rounded half up. */
    policy->timing = LAPSE_TIMING_IMMEDIATE;
    policy->refund = LAPSE_REFUND_PRORATED;
    policy->commitment = LAPSE_COMMITMENT_WAIVED;
    policy->immediate_end = LAPSE_IMMEDIATE_END_SAME_DAY;
}

static void fill_killbill_fixed30(lapse_policy *policy)
{
    /* Kill Bill with org.killbill.invoice.proration.fixed.days = 30. */
    fill_killbill_like(policy);
    policy->proration_days = LAPSE_PRORATION_DAYS_30;
}

static void fill_lago_advance(lapse_policy *policy)
{
    /* Lago's pay-in-advance plan: a terminated subscription is credited
     * for the days after its termination day (a credit note), a partial
     * first period prorated by its days. */
    policy->timing = LAPSE_TIMING_IMMEDIATE;
    policy->refund = LAPSE_REFUND_PRORATED;
    policy->commitment = LAPSE_COMMITMENT_WAIVED;
    policy->leading_period = LAPSE_LEADING_PERIOD_PRORATED;
}

static void fill_lago_arrears(lapse_policy *policy)
{
    /* Lago's pay-in-arrears plan: the subscription fee paid in arrears, a
     * terminated subscription invoiced for the days it ran, a partial first
     * period prorated by its days. */
    policy->timing = LAPSE_TIMING_IMMEDIATE;
    policy->commitment = LAPSE_COMMITMENT_WAIVED;
    policy->invoicing = LAPSE_INVOICING_IN_ARREARS;
    policy->leading_period = LAPSE_LEADING_PERIOD_PRORATED;
}

static const preset presets[] = {
    { "default", fill_default },
    { "immediate-prorated", fill_immediate_prorated },
    { "eu-consumer", fill_eu_consumer },
    { "evergreen-contract", fill_evergreen_contract },
    { "killbill-like", fill_killbill_like },
    { "killbill-fixed30", fill_killbill_fixed30 },
    { "lago-advance", fill_lago_advance },
    { "lago-arrears", fill_lago_arrears },
};
/* Older names, still read but not listed: lago-like is lago-arrears, its
 * name before Lago's plans were split by when they are paid (NEWS). */
static const preset aliases[] = {
    { "lago-like", fill_lago_arrears },
};
#define PRESET_COUNT (sizeof presets / sizeof presets[0])

const char *lapse_policy_preset_name(size_t index)
{
    return index < PRESET_COUNT ? presets[index].name : NULL;
}

/* The preset of `length` bytes of text, or NULL. */
static const preset *find_preset(const char *text, size_t length)
{
    for (size_t i = 0; i < PRESET_COUNT; i++)
        if (lapse__same_name(presets[i].name, text, length))
            return &presets[i];
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (lapse__same_name(aliases[i].name, text, length))
            return &aliases[i];
    return NULL;
}

bool lapse__policy_preset_n(const char *name, size_t length, lapse_policy *policy)
{
    const preset *found = find_preset(name, length);
    if (!found)
        return false;
    lapse_policy_default(policy);
    found->fill(policy);
    return true;
}

lapse_error lapse_policy_preset(const char *name, lapse_policy *policy, lapse_error_detail *detail)
{
    if (!name || !policy)
        return lapse__fail_missing(detail, !name ? "name" : "policy");
    if (lapse__policy_preset_n(name, strlen(name), policy))
        return LAPSE_OK;
    char quoted[200], names[200] = "";
    size_t n = 0;
    for (size_t i = 0; i < PRESET_COUNT && n < sizeof names; i++)
        n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", i ? ", " : "", presets[i].name);
    lapse__quote(name, strlen(name), 60, quoted, sizeof quoted);
    return lapse__fail(detail, LAPSE_ERR_UNKNOWN_NAME, "policy", "policy '%s': not a preset (%s)",
                       quoted, names);
}

/* ------------------------------------------------------------------------
 * The text form
 * ------------------------------------------------------------------------ */

typedef struct key {
    const char *name;
    lapse_policy_key_type type;
    lapse_kind kind; /* CHOICE, ROLES */
    size_t offset;   /* into lapse_policy */
} key;

/* In the canonical order of lapse_policy_format: the table's `order`. */
#define KEY(ctype, field, type, kind, min, max, def, order, check, doc) \
    [order] = { #field, LAPSE_POLICY_KEY_##type, kind, offsetof(lapse_policy, field) },
static const key keys[LAPSE__POLICY_KEY_COUNT] = { LAPSE__POLICY_KEYS(KEY) };
#define KEY_COUNT (sizeof keys / sizeof keys[0])
_Static_assert(KEY_COUNT <= LAPSE__MAX_POLICY_KEYS, "lapse__key_positions is too small");

/* The struct is the table's (lapse.h): no padding, LAPSE__POLICY_SIZE
 * bytes, `reserved` at least one word (test_policy checks the offsets). */
_Static_assert(sizeof(lapse_policy) == LAPSE__POLICY_SIZE,
               "lapse_policy: LAPSE__POLICY_TABLE's fields and reserved, without padding");
_Static_assert(LAPSE__POLICY_RESERVED >= 1, "lapse_policy: reserved space left");
/* Every key but the amount is read and written as 32 bits. */
#define THIRTY_TWO_BITS(ctype, field, type, kind, min, max, def, order, check, doc) \
    _Static_assert(LAPSE_POLICY_KEY_##type == LAPSE_POLICY_KEY_AMOUNT ||            \
                       LAPSE_POLICY_KEY_##type == LAPSE_POLICY_KEY_DATES ||         \
                       sizeof(((lapse_policy *)0)->field) == sizeof(int32_t),       \
                   #field " is 32 bits");
LAPSE__POLICY_KEYS(THIRTY_TWO_BITS)

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* termination_fee: "0", or an amount and its ISO 4217 code ("500.00 EUR");
 * *error (optional) the amount's own parse error. */
static bool read_fee(const char *value, size_t length, lapse_policy *policy, lapse_error *error)
{
    memset(policy->termination_fee_currency, 0, sizeof policy->termination_fee_currency);
    if (length == 1 && value[0] == '0') {
        policy->termination_fee = 0;
        return true;
    }
    size_t space = length;
    while (space > 0 && !is_space(value[space - 1]))
        space--;
    size_t amount_end = space;
    while (amount_end > 0 && is_space(value[amount_end - 1]))
        amount_end--;
    if (amount_end == 0 || length - space != 3)
        return false;
    char code[4] = { value[space], value[space + 1], value[space + 2], '\0' };
    lapse_error parsed = lapse_amount_parse_n(value, amount_end, code, &policy->termination_fee);
    if (error)
        *error = parsed;
    if (parsed != LAPSE_OK)
        return false;
    memcpy(policy->termination_fee_currency, code, sizeof code);
    return true;
}

static bool set_fee(const char *value, size_t length, lapse_policy *policy)
{
    return read_fee(value, length, policy, NULL);
}

/* A fee of the right form whose amount passes 64 bits of minor units. */
static bool fee_beyond_range(const char *value, size_t length)
{
    lapse_policy scratch;
    lapse_error error = LAPSE_OK;
    return !read_fee(value, length, &scratch, &error) && error == LAPSE_ERR_AMOUNT_RANGE;
}

/* holidays: "none", or dates separated by ',' (spaces allowed), kept in
 * ascending order; a date twice, or more than LAPSE_HOLIDAYS_MAX, is not
 * of the form. */
static bool set_dates(const char *value, size_t length, lapse_holidays *out)
{
    lapse_holidays list;
    memset(&list, 0, sizeof list);
    size_t i = 0, end = length;
    while (i < end && is_space(value[i]))
        i++;
    while (end > i && is_space(value[end - 1]))
        end--;
    if (lapse__same_name("none", value + i, end - i)) {
        *out = list;
        return true;
    }
    for (;;) {
        while (i < end && is_space(value[i]))
            i++;
        size_t start = i;
        while (i < end && value[i] != ',' && !is_space(value[i]))
            i++;
        lapse_date date;
        if (list.count == LAPSE_HOLIDAYS_MAX ||
            lapse_date_parse_n(value + start, i - start, &date) != LAPSE_OK)
            return false;
        /* Insertion in order: at most LAPSE_HOLIDAYS_MAX steps. */
        int32_t at = list.count;
        for (; at > 0 && list.dates[at - 1] > date; at--)
            list.dates[at] = list.dates[at - 1];
        if (at > 0 && list.dates[at - 1] == date)
            return false;
        list.dates[at] = date;
        list.count++;
        while (i < end && is_space(value[i]))
            i++;
        if (i == end)
            break;
        if (value[i++] != ',')
            return false;
    }
    *out = list;
    return true;
}

/* Sets one key from its value; false if the value is not of its form. */
static bool set_value(const key *k, const char *value, size_t length, lapse_policy *policy)
{
    char *field = (char *)policy + k->offset;
    int64_t number;
    uint32_t bits = 0;
    switch (k->type) {
    case LAPSE_POLICY_KEY_DAYS:
    case LAPSE_POLICY_KEY_PERCENT:
        if (!lapse__parse_integer(value, length, &number) || number < INT32_MIN ||
            number > INT32_MAX)
            return false;
        *(int32_t *)(void *)field = (int32_t)number;
        return true;
    case LAPSE_POLICY_KEY_AMOUNT: return set_fee(value, length, policy);
    case LAPSE_POLICY_KEY_DATES: return set_dates(value, length, (lapse_holidays *)(void *)field);
    case LAPSE_POLICY_KEY_FLAG:
        if (lapse__same_name("true", value, length))
            *(int32_t *)(void *)field = 1;
        else if (lapse__same_name("false", value, length))
            *(int32_t *)(void *)field = 0;
        else
            return false;
        return true;
    case LAPSE_POLICY_KEY_CHOICE:
        if (lapse_name_lookup(k->kind, value, length, &bits) != LAPSE_OK)
            return false;
        *(int32_t *)(void *)field = (int32_t)bits;
        return true;
    case LAPSE_POLICY_KEY_ROLES: {
        /* "a, b": spaces around the names are allowed in a file. */
        char names[128];
        size_t n = 0, bad_start, bad_length;
        for (size_t i = 0; i < length; i++) {
            if (is_space(value[i]))
                continue;
            if (n == sizeof names)
                return false;
            names[n++] = value[i];
        }
        if (lapse__same_name("none", names, n))
            bits = 0;
        else if (lapse__parse_list(k->kind, names, n, &bits, &bad_start, &bad_length) != LAPSE_OK)
            return false;
        *(uint32_t *)(void *)field = bits;
        return true;
    }
    }
    return false;
}

static const char *expected_form(const key *k)
{
    switch (k->type) {
    case LAPSE_POLICY_KEY_DAYS: return "a number of days";
    case LAPSE_POLICY_KEY_PERCENT: return "a percentage from 0 to 100";
    case LAPSE_POLICY_KEY_AMOUNT: return "0 or an amount and its currency, e.g. 500.00 EUR";
    case LAPSE_POLICY_KEY_FLAG: return "true or false";
    case LAPSE_POLICY_KEY_DATES:
        return "none, or at most 64 dates YYYY-MM-DD separated by ',', each once";
    case LAPSE_POLICY_KEY_ROLES:
        return "roles separated by ',' (billing_admin, product_admin, "
               "billing_contact) or none";
    case LAPSE_POLICY_KEY_CHOICE: break;
    }
    return "one of";
}

/* A text being parsed, and where each key was set (for range errors found
 * only once the whole policy is read). */
typedef struct parser {
    const char *text;
    lapse_policy *policy;
    lapse_error_detail *detail;
    int32_t line;
    size_t line_start;
    bool seen[KEY_COUNT];
    int32_t key_line[KEY_COUNT], value_column[KEY_COUNT];
} parser;

/* `length` bytes of text quoted for a message (valid UTF-8, NULs shown). */
#define QUOTE(buf, text, length) lapse__quote(text, length, 60, buf, sizeof buf)

static lapse_error bad_value(parser *p, const key *k, size_t start, size_t end)
{
    char names[160] = " ", value[256];
    if (k->type == LAPSE_POLICY_KEY_CHOICE)
        lapse__names_list(k->kind, ", ", false, names + 1, sizeof names - 1);
    else
        names[0] = '\0';
    QUOTE(value, p->text + start, end - start);
    return lapse__fail_at(p->detail, LAPSE_ERR_VALUE_SYNTAX, p->line,
                          (int32_t)(start - p->line_start) + 1, k->name, "%s '%s': expected %s%s",
                          k->name, value, expected_form(k), names);
}

/* A number of days or a percentage of the right form, digits and an
 * optional '-', is never a syntax error, however long. */
static bool all_digits(const char *text, size_t length)
{
    size_t i = length > 0 && text[0] == '-';
    if (i == length)
        return false;
    for (; i < length; i++)
        if (text[i] < '0' || text[i] > '9')
            return false;
    return true;
}

/* A value of the right form beyond what its field can hold (a number past
 * 32 bits, an amount past 64): a range error, as the range check says it
 * (LAPSE_ERR_OUT_OF_RANGE, "out of range (0 to 36500 days)"), naming the
 * value as written. */
static lapse_error too_large(parser *p, const key *k, size_t start, size_t end, bool negative)
{
    char value[256], range[sizeof p->detail->message] = "out of range";
    QUOTE(value, p->text + start, end - start);
    if (k->type == LAPSE_POLICY_KEY_AMOUNT) {
        snprintf(range, sizeof range, "out of range (%s)", lapse_strerror(LAPSE_ERR_AMOUNT_RANGE));
    } else {
        /* The field's limits, from the one check that knows them: the
         * default policy with this field at the end of its type. */
        lapse_policy limit;
        lapse_policy_default(&limit);
        *(int32_t *)(void *)((char *)&limit + k->offset) = negative ? INT32_MIN : INT32_MAX;
        lapse_error_detail detail;
        if (lapse__check_policy(&limit, &detail) == LAPSE_ERR_OUT_OF_RANGE) {
            const char *reason = strstr(detail.message, ": ");
            if (reason)
                snprintf(range, sizeof range, "%s", reason + 2);
        }
    }
    return lapse__fail_at(p->detail, LAPSE_ERR_OUT_OF_RANGE, p->line,
                          (int32_t)(start - p->line_start) + 1, k->name, "%s %s: %s", k->name,
                          value, range);
}

/* One "key = value" setting, text[a, b) without surrounding spaces. */
static lapse_error parse_setting(parser *p, size_t a, size_t b)
{
    const char *text = p->text;
    int32_t column = (int32_t)(a - p->line_start) + 1;
    char quoted[256];
    const char *equals = memchr(text + a, '=', b - a);
    if (!equals) {
        QUOTE(quoted, text + a, b - a);
        return lapse__fail_at(p->detail, LAPSE_ERR_VALUE_SYNTAX, p->line, column, "",
                              "expected 'key = value', got '%s'", quoted);
    }
    size_t key_end = (size_t)(equals - text), value_start = key_end + 1;
    while (key_end > a && is_space(text[key_end - 1]))
        key_end--;
    while (value_start < b && is_space(text[value_start]))
        value_start++;
    size_t index = 0;
    while (index < KEY_COUNT && !lapse__same_name(keys[index].name, text + a, key_end - a))
        index++;
    if (index == KEY_COUNT) {
        QUOTE(quoted, text + a, key_end - a);
        return lapse__fail_at(p->detail, LAPSE_ERR_UNKNOWN_NAME, p->line, column, "",
                              "'%s' is not a policy key", quoted);
    }
    const key *k = &keys[index];
    if (p->seen[index])
        return lapse__fail_at(p->detail, LAPSE_ERR_DUPLICATE_KEY, p->line, column, k->name,
                              "%s given twice (first on line %ld)", k->name,
                              (long)p->key_line[index]);
    p->seen[index] = true;
    p->key_line[index] = p->line;
    p->value_column[index] = (int32_t)(value_start - p->line_start) + 1;
    if (set_value(k, text + value_start, b - value_start, p->policy))
        return LAPSE_OK;
    if ((k->type == LAPSE_POLICY_KEY_DAYS || k->type == LAPSE_POLICY_KEY_PERCENT) &&
        all_digits(text + value_start, b - value_start))
        return too_large(p, k, value_start, b, text[value_start] == '-');
    if (k->type == LAPSE_POLICY_KEY_AMOUNT && fee_beyond_range(text + value_start, b - value_start))
        return too_large(p, k, value_start, b, false);
    return bad_value(p, k, value_start, b);
    return LAPSE_OK;
}

/* One line, text[start, end): settings separated by ';' up to a '#',
 * which starts a comment that runs to the end of the line. */
static lapse_error parse_line(parser *p, size_t start, size_t end)
{
    const char *hash = memchr(p->text + start, '#', end - start);
    size_t stop = hash ? (size_t)(hash - p->text) : end;
    for (size_t i = start; i <= stop;) {
        size_t a = i, b = i;
        while (b < stop && p->text[b] != ';')
            b++;
        i = b + 1;
        while (a < b && is_space(p->text[a]))
            a++;
        while (b > a && is_space(p->text[b - 1]))
            b--;
        lapse_error error = a < b ? parse_setting(p, a, b) : LAPSE_OK;
        if (error)
            return error;
    }
    return LAPSE_OK;
}

/* A value of the right form but out of range, found once every key is
 * set: the error names the line and column where that key was given. */
static lapse_error out_of_range(parser *p, lapse_error error)
{
    lapse_error_detail *detail = p->detail;
    if (!detail)
        return error;
    char message[sizeof detail->message], field[sizeof detail->field];
    snprintf(message, sizeof message, "%s", detail->message);
    snprintf(field, sizeof field, "%s", detail->field);
    for (size_t index = 0; index < KEY_COUNT; index++)
        if (p->seen[index] && strcmp(keys[index].name, field) == 0)
            return lapse__fail_at(detail, error, p->key_line[index], p->value_column[index], field,
                                  "%s", message);
    return lapse__fail(detail, error, field, "policy: %s", message);
}

/* Parses into *policy, which may be left half-set on an error, and where
 * each key was given (when `where` is not NULL). */
static lapse_error parse(const char *text, size_t length, lapse_policy *policy,
                         lapse__key_positions *where, lapse_error_detail *detail)
{
    lapse_policy_default(policy);
    parser p = { .text = text, .policy = policy, .detail = detail, .line = 1 };
    /* A UTF-8 byte order mark, as some editors write, is not a setting. */
    size_t i = length >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    p.line_start = i;
    while (i <= length) {
        /* A line ends at LF, CRLF or a lone CR (old Mac files), each one
         * line: a lone CR is never part of a value. */
        size_t end = i;
        while (end < length && text[end] != '\n' && text[end] != '\r')
            end++;
        lapse_error error = parse_line(&p, i, end);
        if (error)
            return error;
        p.line++;
        if (end + 1 < length && text[end] == '\r' && text[end + 1] == '\n')
            end++;
        i = p.line_start = end + 1;
    }
    lapse_error error = lapse__check_policy(policy, detail);
    if (error)
        return out_of_range(&p, error);
    for (size_t k = 0; where && k < KEY_COUNT; k++) {
        where->line[k] = p.seen[k] ? p.key_line[k] : 0;
        where->column[k] = p.seen[k] ? p.value_column[k] : 0;
    }
    return LAPSE_OK;
}

const char *lapse__policy_key(size_t index) { return lapse_policy_key(index, NULL, NULL, NULL); }

const char *lapse_policy_key(size_t index, lapse_policy_key_type *type, lapse_kind *kind,
                             size_t *offset)
{
    if (index >= KEY_COUNT)
        return NULL;
    if (type)
        *type = keys[index].type;
    if (kind)
        *kind = keys[index].kind;
    if (offset)
        *offset = keys[index].offset;
    return keys[index].name;
}

lapse_error lapse__policy_parse_located(const char *text, size_t length, lapse_policy *policy,
                                        lapse__key_positions *where, lapse_error_detail *detail)
{
    lapse_error error = parse(text, length, policy, where, detail);
    if (error)
        lapse_policy_default(policy);
    return error;
}

lapse_error lapse_policy_read(const char *text, size_t length, lapse_policy *policy,
                              lapse_error_detail *detail)
{
    if (!text || !policy)
        return lapse__fail_missing(detail, !text ? "text" : "policy");
    if (lapse__policy_preset_n(text, length, policy))
        return LAPSE_OK;
    lapse_error error = lapse_policy_parse(text, length, policy, detail);
    if (error && detail) {
        char message[sizeof detail->message];
        snprintf(message, sizeof message, "%s", detail->message);
        int32_t line = detail->line, column = detail->column;
        lapse__fail(detail, error, "policy", "policy: not a preset, and as settings: %s", message);
        detail->line = line;
        detail->column = column;
    }
    return error;
}

lapse_error lapse_policy_parse(const char *text, size_t length, lapse_policy *policy,
                               lapse_error_detail *detail)
{
    if (!text || !policy)
        return lapse__fail_missing(detail, !text ? "text" : "policy");
    /* Never half-parsed: the result lands only when the whole text is good. */
    lapse_policy parsed;
    lapse_error error = parse(text, length, &parsed, NULL, detail);
    if (error)
        lapse_policy_default(policy);
    else
        *policy = parsed;
    return error;
}

static size_t format_fee(const lapse_policy *policy, char *buf, size_t size)
{
    if (policy->termination_fee_currency[0] == '\0')
        return lapse__copy_text("0", 1, buf, size);
    char amount[LAPSE_AMOUNT_TEXT_SIZE];
    lapse_amount_format(policy->termination_fee, policy->termination_fee_currency, amount,
                        sizeof amount);
    return (size_t)snprintf(buf, size, "%s %s", amount, policy->termination_fee_currency);
}

size_t lapse_policy_format(const lapse_policy *policy, char *buf, size_t size)
{
    char text[2048];
    size_t n = 0;
    if (policy && lapse__check_policy(policy, NULL) == LAPSE_OK) {
        for (size_t i = 0; i < KEY_COUNT; i++) {
            const key *k = &keys[i];
            const char *field = (const char *)policy + k->offset;
            int32_t value32 = *(const int32_t *)(const void *)field;
            n += (size_t)snprintf(text + n, sizeof text - n, "%s = ", k->name);
            switch (k->type) {
            case LAPSE_POLICY_KEY_DAYS:
            case LAPSE_POLICY_KEY_PERCENT:
                n += (size_t)snprintf(text + n, sizeof text - n, "%ld", (long)value32);
                break;
            case LAPSE_POLICY_KEY_AMOUNT: n += format_fee(policy, text + n, sizeof text - n); break;
            case LAPSE_POLICY_KEY_DATES: {
                const lapse_holidays *list = (const lapse_holidays *)(const void *)field;
                if (list->count == 0)
                    n += lapse__copy_text("none", 4, text + n, sizeof text - n);
                for (int32_t d = 0; d < list->count; d++) {
                    char date[LAPSE_DATE_TEXT_SIZE];
                    lapse_date_format(list->dates[d], date, sizeof date);
                    n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", d ? ", " : "", date);
                }
                break;
            }
            case LAPSE_POLICY_KEY_FLAG:
                n += (size_t)snprintf(text + n, sizeof text - n, "%s", value32 ? "true" : "false");
                break;
            case LAPSE_POLICY_KEY_CHOICE:
                n += (size_t)snprintf(text + n, sizeof text - n, "%s",
                                      lapse_name(k->kind, (uint32_t)value32));
                break;
            case LAPSE_POLICY_KEY_ROLES: {
                uint32_t bits = (uint32_t)value32;
                if (bits == 0)
                    n += lapse__copy_text("none", 4, text + n, sizeof text - n);
                else
                    n += lapse__format_list(k->kind, bits, ',', text + n, sizeof text - n);
                break;
            }
            }
            n += (size_t)snprintf(text + n, sizeof text - n, "\n");
        }
    }
    return lapse__copy_text(text, n, buf, size);
}
