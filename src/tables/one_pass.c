/*
 * The common row of a table, read in one pass (lapse_table_row's fast path).
 */
#include "one_pass.h"

#include "separators.h"

#include "core/bits.h"
#include "core/calendar.h"
#include "core/compiler.h"
#include "core/model.h"
#include "core/money.h"
#include "core/names.h"
#include "core/text.h"

#include <string.h>

/* ------------------------------------------------------------------------
 * The common row, read in one pass
 *
 * A billing run's rows are almost all well formed: plain dates, whole
 * numbers, decimal amounts, true/false and known names.  Those are read
 * here straight into the structs.  Anything else (a sign, a space, an
 * unknown name, a value out of range, any error) makes the row go through
 * lapse_inputs_parse() instead, which reads every form and words every
 * error: one behaviour, and the fast path never has to say why.
 * ------------------------------------------------------------------------ */

static LAPSE__INLINE bool all_digits(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if ((unsigned)(text[i] - '0') > 9u)
            return false;
    return length > 0;
}

static LAPSE__INLINE int32_t digits_value(const char *text, size_t length)
{
    int32_t value = 0;
    for (size_t i = 0; i < length; i++)
        value = value * 10 + (text[i] - '0');
    return value;
}

static LAPSE__INLINE bool plain_date(const char *text, size_t length, lapse_date *out)
{
    if (length != LAPSE_DATE_TEXT_LEN)
        return false;
    /* "YYYY-MM-" in one word; the day's two digits take the places of the
     * dashes (bytes 4 and 7), so that one test checks all eight digits. */
    uint64_t head = lapse__load_le64(text);
    const uint64_t dashes = (uint64_t)0xff << 32 | (uint64_t)0xff << 56;
    uint64_t digits = (head & ~dashes) | (uint64_t)(unsigned char)text[8] << 32 |
                      (uint64_t)(unsigned char)text[9] << 56;
    if (!lapse__eight_digits(digits) |
        ((head & dashes) != ((uint64_t)'-' << 32 | (uint64_t)'-' << 56)))
        return false;
    uint64_t v = digits - 0x3030303030303030u;
    /* Byte k of v * 10 + (v >> 8) is 10 * digit k + digit k + 1 (at most
     * 99: nothing carries): bytes 0 and 2 are the year's halves, byte 5 the
     * month. */
    uint64_t pairs = v * 10 + (v >> 8);
    int32_t year = (int32_t)((pairs & 0xff) * 100 + (pairs >> 16 & 0xff));
    int32_t month = (int32_t)(pairs >> 40 & 0xff);
    int32_t day = (int32_t)((v >> 32 & 0xff) * 10 + (v >> 56));
    if (year < 1 || (uint32_t)month - 1u > 11u || day < 1 ||
        day > lapse__days_in_month(year, month))
        return false;
    *out = lapse__days_from_civil(year, month, day);
    return true;
}

/* Up to nine digits: any int32 field's range is checked by the decision. */
static LAPSE__INLINE bool plain_int32(const char *text, size_t length, int32_t *out)
{
    if (length > 9 || !all_digits(text, length))
        return false;
    *out = digits_value(text, length);
    return true;
}

static LAPSE__INLINE bool plain_bool(const char *text, size_t length, int32_t *out)
{
    /* "true" and "false", the spellings of a billing export, without a
     * branch on which (the last four bytes of "false" are "alse"). */
    if (length == 4 || length == 5) {
        uint32_t last = lapse__word4(text + length - 4);
        bool is_true = (length == 4) & (last == lapse__word4("true"));
        bool is_false = (length == 5) & (text[0] == 'f') & (last == lapse__word4("alse"));
        *out = is_true;
        return is_true | is_false;
    }
    /* The other spellings of parse_bool in columns.c: 1/0, yes/no, t/f. */
    switch (length) {
    case 1: *out = text[0] == '1' || text[0] == 't'; return strchr("10tf", text[0]) && text[0];
    case 2: *out = 0; return memcmp(text, "no", 2) == 0;
    case 3: *out = 1; return memcmp(text, "yes", 3) == 0;
    default: return false;
    }
}

/* Digits, then a '.' and 1..`digits` decimals: at most 17 digits in all,
 * so the value always fits.  One pass over the text; the missing decimals
 * by one multiplication (whole >= 1 and whole + digits <= 17 leave at
 * most 16 of them). */
static LAPSE__INLINE bool plain_amount(const char *text, size_t length, int32_t digits,
                                       int64_t *out)
{
    uint64_t value = 0; /* unsigned: a long text wraps, harmlessly, before it is refused */
    size_t i = 0;
    unsigned digit;
    for (; i < length && (digit = (unsigned)(text[i] - '0')) <= 9u; i++)
        value = value * 10 + digit;
    size_t whole = i, decimals = 0;
    if (i < length) {
        if (text[i] != '.')
            return false;
        for (i++; i < length && (digit = (unsigned)(text[i] - '0')) <= 9u; i++)
            value = value * 10 + digit;
        decimals = length - whole - 1;
        if (i < length || decimals == 0 || decimals > (size_t)digits)
            return false;
    }
    if (whole == 0 || whole + (size_t)digits > 17)
        return false;
    *out = (int64_t)(value * lapse__powers_of_ten[(size_t)digits - decimals]);
    return true;
}

/* An int32 field (`length` >= 1: an empty one is never read): one or two
 * digits (terms, counts, days) without a branch on which, anything longer
 * the general way. */
static LAPSE__INLINE bool small_int(const char *text, size_t length, int32_t *out)
{
    if (length <= 2) {
        unsigned first = (unsigned)(unsigned char)text[0] - '0';
        unsigned last = (unsigned)(unsigned char)text[length - 1] - '0';
        *out = (int32_t)(length == 2 ? first * 10 + last : first);
        return (first <= 9) & (last <= 9);
    }
    return plain_int32(text, length, out);
}

/* Names exactly spelled, separated by ';' ("all" alone for the support
 * details): each found by matching the names, not by scanning for its end.
 * Inline, so that each call's kind is a constant and the names matched
 * are that kind's alone (about 45 instructions a row fewer). */
static LAPSE__INLINE bool plain_list(lapse_kind kind, const char *text, size_t length,
                                     uint32_t *out)
{
    if (kind == LAPSE_KIND_SUPPORT_INFO && length == 3 && memcmp(text, "all", 3) == 0) {
        *out = LAPSE_SUPPORT_INFO_ALL;
        return true;
    }
    uint32_t bits = 0;
    for (size_t at = 0;;) {
        uint32_t value;
        size_t n = lapse__name_prefix(kind, text + at, length - at, &value);
        if (n == 0)
            return false;
        bits |= value;
        at += n;
        if (at == length)
            break;
        if (++at == length)
            return false; /* a trailing ';' is an empty name */
    }
    *out = bits;
    return true;
}

/* "online" or "support", without a branch on which: their first and last
 * four bytes. */
static LAPSE__INLINE bool plain_channel(const char *text, size_t length, lapse_channel *out)
{
    if (length < 4)
        return false;
    uint32_t head = lapse__word4(text), tail = lapse__word4(text + length - 4);
    bool online =
        (length == 6) & (int)(head == lapse__word4("onli")) & (int)(tail == lapse__word4("line"));
    bool support =
        (length == 7) & (int)(head == lapse__word4("supp")) & (int)(tail == lapse__word4("port"));
    *out = support ? LAPSE_CHANNEL_SUPPORT : LAPSE_CHANNEL_ONLINE;
    return online | support;
}

/* An amount's field, kept until the row's currency is known (inline: most
 * rows leave two of the four amounts empty, a call each). */
typedef struct amount_field {
    const char *text;
    uint32_t length;
} amount_field;

static LAPSE__INLINE bool amount_in(amount_field amount, int32_t digits, int64_t *out)
{
    return amount.length == 0 || plain_amount(amount.text, amount.length, digits, out);
}

/*
 * The common row in one pass (`length` is 1..LAPSE__ONE_PASS_MAX): the separators
 * of the whole line are found at once, then each field is read as it is
 * reached, by its column (a file's rows have the same columns in the same
 * order, so the dispatch is predictable).  The fields and inputs are those
 * of split() and lapse_inputs_parse(); anything not in its common form (a
 * quote included) returns false, and the row is read the general way,
 * which also reports a bad table.
 */
/* The marks of the columns seen in a row: a power of two above every
 * column number. */
enum { SEEN = 128 };
_Static_assert(LAPSE_COLUMN_COUNT <= SEEN, "a mark for every column (raise SEEN)");

bool lapse__one_pass_row(const lapse_table *table, const char *line, size_t length, lapse_row *row,
                         lapse__column_set *columns)
{
    int32_t count = table->count;
    uint64_t bits[LAPSE__ONE_PASS_MAX / 64];
    if (count < 1 || lapse__separator_bits(line, length, table->separator, bits) != count - 1)
        return false;
    lapse_subscription *s = &row->subscription;
    lapse_request *r = &row->request;
    *s = lapse__default_subscription; /* lapse_subscription_init() inline */
    *r = lapse__default_request;
    /* Where a quote may be: the CSV fields of columns other than inputs
     * (an input's common form never holds one). */
    bool csv = table->separator == ',';
    amount_field price = { 0 }, balance = { 0 }, renewal_price = { 0 }, intro_price = { 0 };
    bool ok = true, currency_given = false;
    /* Every field's place first, in a loop of its own (a few registers,
     * no spills): each separator ends one; the last ends with the line. */
    uint32_t start = 0;
    uint32_t *offset = row->offset, *size_of = row->length;
    for (size_t w = 0; w * 64 < length; w++) {
        for (uint64_t word = bits[w]; word != 0; word &= word - 1) {
            uint32_t stop = (uint32_t)(w * 64 + LAPSE__LOWEST_BIT(word));
            *offset++ = start;
            *size_of++ = stop - start;
            start = stop + 1;
        }
    }
    *offset = start;
    *size_of = (uint32_t)length - start;
    /* Every row checks its table: columns 1 to LAPSE_COLUMN_COUNT - 1,
     * each once.  A byte a column (its number modulo SEEN, so that any
     * int stays inside) marks it, and `twice` collects the marks found
     * already set; the range is checked where it costs nothing: the
     * switch's cases are known columns, so only `default` and an empty
     * field check it (a column out of range is never taken, whatever its
     * mark aliased). */
    unsigned char seen[SEEN] = { 0 };
    unsigned twice = 0;
    for (int32_t c = 0; c < count; c++) {
        unsigned column = (unsigned)table->columns[c];
        twice |= seen[column % SEEN];
        seen[column % SEEN] = 1;
        uint32_t size = row->length[c];
        if (size == 0) {
            if (column - 1u >= LAPSE_COLUMN_COUNT - 1u)
                return false;
            continue; /* absent: the default */
        }
        const char *text = line + row->offset[c];
        switch ((lapse_column)column) {
        case LAPSE_COLUMN_START: ok &= plain_date(text, size, &s->start); break;
        case LAPSE_COLUMN_CANCELLED_ON: ok &= plain_date(text, size, &s->cancelled_on); break;
        case LAPSE_COLUMN_ON: ok &= plain_date(text, size, &r->on); break;
        case LAPSE_COLUMN_END_ON: ok &= plain_date(text, size, &r->end_on); break;
        case LAPSE_COLUMN_TRIAL_END: ok &= plain_date(text, size, &s->trial_end); break;
        case LAPSE_COLUMN_CONCLUDED_ON: ok &= plain_date(text, size, &s->concluded_on); break;
        case LAPSE_COLUMN_PAUSED_FROM: ok &= plain_date(text, size, &s->paused_from); break;
        case LAPSE_COLUMN_RESUMES_ON: ok &= plain_date(text, size, &s->resumes_on); break;
        case LAPSE_COLUMN_TERM: ok &= small_int(text, size, &s->term); break;
        case LAPSE_COLUMN_RENEWAL_TERM: ok &= small_int(text, size, &s->renewal_term); break;
        case LAPSE_COLUMN_BILLING: ok &= small_int(text, size, &s->billing); break;
        case LAPSE_COLUMN_LICENSES: ok &= small_int(text, size, &s->licenses); break;
        case LAPSE_COLUMN_BILLING_DAY: ok &= small_int(text, size, &s->billing_day); break;
        case LAPSE_COLUMN_BILLING_MONTH: ok &= small_int(text, size, &s->billing_month); break;
        case LAPSE_COLUMN_INTRO_MONTHS: ok &= small_int(text, size, &s->intro_months); break;
        case LAPSE_COLUMN_CONTRACT: ok &= plain_bool(text, size, &s->contract); break;
        case LAPSE_COLUMN_AUTO_RENEW: ok &= plain_bool(text, size, &s->auto_renew); break;
        case LAPSE_COLUMN_ONLINE_CANCEL: ok &= plain_bool(text, size, &s->online_cancel); break;
        case LAPSE_COLUMN_CAN_SIGN_IN: ok &= plain_bool(text, size, &r->can_sign_in); break;
        case LAPSE_COLUMN_WITHDRAWAL_INFORMED:
            ok &= plain_bool(text, size, &s->withdrawal_informed);
            break;
        case LAPSE_COLUMN_EXPRESS_REQUEST: ok &= plain_bool(text, size, &s->express_request); break;
        case LAPSE_COLUMN_ROLES: ok &= plain_list(LAPSE_KIND_ROLE, text, size, &r->roles); break;
        case LAPSE_COLUMN_PROVIDED:
            ok &= plain_list(LAPSE_KIND_SUPPORT_INFO, text, size, &r->provided);
            break;
        case LAPSE_COLUMN_CHANNEL: ok &= plain_channel(text, size, &r->channel); break;
        case LAPSE_COLUMN_CURRENCY:
            /* Checked below, even with no amount to read in it. */
            currency_given = true;
            ok &= size == 3;
            if (size == 3) {
                memcpy(s->currency, text, 3);
                s->currency[3] = '\0';
            }
            break;
        case LAPSE_COLUMN_PRICE: price = (amount_field){ text, size }; break;
        case LAPSE_COLUMN_BALANCE: balance = (amount_field){ text, size }; break;
        case LAPSE_COLUMN_RENEWAL_PRICE: renewal_price = (amount_field){ text, size }; break;
        case LAPSE_COLUMN_INTRO_PRICE: intro_price = (amount_field){ text, size }; break;
        case LAPSE_COLUMN_ITEMS:
        case LAPSE_COLUMN_REDUCE: return false; /* read the general way, into the row's room */
        default:
            if (column - 1u >= LAPSE_COLUMN_COUNT - 1u || (csv && memchr(text, '"', size)))
                return false;
            break;
        }
    }
    if (!ok || twice)
        return false;
    *columns = (lapse__column_set){ { 0 } };
    if (seen[LAPSE_COLUMN_REQUESTED_AT])
        lapse__column_set_add(columns, LAPSE_COLUMN_REQUESTED_AT);
    if (seen[LAPSE_COLUMN_POLICY])
        lapse__column_set_add(columns, LAPSE_COLUMN_POLICY);
    row->count = count;
    if (!currency_given &&
        (price.length | balance.length | renewal_price.length | intro_price.length) == 0)
        return true;
    /* The one probe of the table, without lapse_currency_digits' checks
     * of each letter (the four bytes compared whole reject what they
     * would: the general way then words the error). */
    int32_t digits = lapse__currency_digits(s->currency);
    if (digits < 0)
        return false;
    return (int)amount_in(price, digits, &s->price) & (int)amount_in(balance, digits, &s->balance) &
           (int)amount_in(renewal_price, digits, &s->renewal_price) &
           (int)amount_in(intro_price, digits, &s->intro_price);
}
