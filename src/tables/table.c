/*
 * Tables of cases: splitting CSV and vectors lines into fields, mapping the
 * header to columns, parsing rows and checking a row's expectations.
 */
#include "columns.h"

#include "core/calendar.h"
#include "core/compiler.h"
#include "core/fail.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

/* LAPSE_NO_SIMD: the portable code everywhere (a test builds it so). */
#if defined(__SSE2__) && !defined(LAPSE_NO_SIMD)
#define LAPSE__SSE2 1
#include <emmintrin.h>
#endif

typedef struct field {
    uint32_t offset, length;
} field;

/* Eight bytes as a little-endian word, on any machine (one load where the
 * machine is little-endian). */
static uint64_t load_le64(const char *p)
{
    const unsigned char *b = (const unsigned char *)p;
    return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24 |
           (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 |
           (uint64_t)b[7] << 56;
}

/* The high bit of each byte of `word` that equals the byte in `pattern`:
 * the xor turns each such byte into a zero byte, and
 * ~(((x & 0x7f..) + 0x7f..) | x | 0x7f..) sets the high bit of exactly the
 * zero bytes (no carry crosses a byte). */
static uint64_t equal_bytes(uint64_t word, uint64_t pattern)
{
    const uint64_t lows = 0x7f7f7f7f7f7f7f7fu;
    uint64_t x = word ^ pattern;
    return ~(((x & lows) + lows) | x | lows);
}

/*
 * The common line: no quote anywhere, so every separator ends a field.
 * Eight bytes at a time (equal_bytes).  Returns the number of fields, as
 * split() does.
 */
static int64_t split_plain(char separator, const char *line, size_t length, field *fields,
                           int32_t max)
{
    const uint64_t pattern = 0x0101010101010101u * (unsigned char)separator;
    int64_t count = 0;
    size_t start = 0, i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t found = equal_bytes(load_le64(line + i), pattern);
        while (found) {
            /* The lowest mark is the first byte (the word is little-endian). */
            size_t at = i + LAPSE__LOWEST_BIT(found) / 8;
            if (count < max)
                fields[count] = (field){ (uint32_t)start, (uint32_t)(at - start) };
            count++;
            start = at + 1;
            found &= found - 1;
        }
    }
    for (; i < length; i++) {
        if (line[i] == separator) {
            if (count < max)
                fields[count] = (field){ (uint32_t)start, (uint32_t)(i - start) };
            count++;
            start = i + 1;
        }
    }
    if (count < max)
        fields[count] = (field){ (uint32_t)start, (uint32_t)(length - start) };
    return count + 1;
}

/*
 * Splits a line into at most `max` fields; returns the number of fields
 * found (which may exceed max: the rest are counted, not stored) or -1 on
 * a quoting error, with *bad_column set.  CSV fields are unquoted in place
 * when `writable` is not NULL.
 */
static int64_t split(char separator, const char *line, char *writable, size_t length, field *fields,
                     int32_t max, int32_t *bad_column)
{
    if (separator == '\t' || !memchr(line, '"', length))
        return split_plain(separator, line, length, fields, max);
    int64_t count = 0;
    size_t i = 0;
    for (;;) {
        size_t start = i, out = i;
        bool quoted = separator == ',' && i < length && line[i] == '"';
        if (quoted) {
            /* Quoted: "" is a quote; the field ends at the closing quote. */
            i++;
            for (;;) {
                if (i >= length) {
                    *bad_column = (int32_t)count + 1;
                    return -1;
                }
                if (line[i] == '"') {
                    if (i + 1 < length && line[i + 1] == '"') {
                        if (writable)
                            writable[out] = '"';
                        out++, i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (writable)
                    writable[out] = line[i];
                out++, i++;
            }
            if (i < length && line[i] != separator) {
                *bad_column = (int32_t)count + 1;
                return -1;
            }
        } else {
            while (i < length && line[i] != separator) {
                if (separator == ',' && line[i] == '"') {
                    *bad_column = (int32_t)count + 1;
                    return -1;
                }
                i++;
            }
            out = i;
        }
        if (count < max) {
            /* Unquoted in place, the text starts where the quote was; read
             * only, it starts after the quote (exact unless it held ""). */
            fields[count].offset = (uint32_t)(start + (quoted && !writable));
            fields[count].length = (uint32_t)(out - start);
        }
        count++;
        if (i >= length)
            return count;
        i++; /* the separator */
    }
}

bool lapse__csv_line_open(const char *line, size_t length, bool open)
{
    if (!open && !memchr(line, '"', length))
        return false; /* the common line */
    size_t i = 0;
    if (!open && length > 0 && line[0] == '"')
        open = true, i = 1;
    for (;;) {
        if (open) {
            /* To the closing quote; "" is a quote inside the field. */
            for (;;) {
                const char *quote = memchr(line + i, '"', length - i);
                if (!quote)
                    return true;
                i = (size_t)(quote - line) + 1;
                if (i < length && line[i] == '"') {
                    i++;
                    continue;
                }
                break;
            }
            open = false;
        }
        /* Past this field (a quote inside an unquoted field opens nothing):
         * the next one may open a quote. */
        const char *comma = memchr(line + i, ',', length - i);
        if (!comma)
            return false;
        i = (size_t)(comma - line) + 1;
        if (i < length && line[i] == '"')
            open = true, i++;
    }
}

static size_t without_cr(const char *line, size_t length)
{
    return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
}

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

/* The eight bytes of `word`, each a digit '0'..'9': every high nibble is
 * 3 and stays 3 when 6 is added (a carry out of a byte only comes from a
 * byte that fails already). */
static LAPSE__INLINE bool eight_digits(uint64_t word)
{
    const uint64_t high = 0xf0f0f0f0f0f0f0f0u;
    return ((word & high) | (((word + 0x0606060606060606u) & high) >> 4)) == 0x3333333333333333u;
}

static LAPSE__INLINE bool plain_date(const char *text, size_t length, lapse_date *out)
{
    if (length != LAPSE_DATE_TEXT_LEN)
        return false;
    /* "YYYY-MM-" in one word; the day's two digits take the places of the
     * dashes (bytes 4 and 7), so that one test checks all eight digits. */
    uint64_t head = load_le64(text);
    const uint64_t dashes = (uint64_t)0xff << 32 | (uint64_t)0xff << 56;
    uint64_t digits = (head & ~dashes) | (uint64_t)(unsigned char)text[8] << 32 |
                      (uint64_t)(unsigned char)text[9] << 56;
    if (!eight_digits(digits) | ((head & dashes) != ((uint64_t)'-' << 32 | (uint64_t)'-' << 56)))
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
 * so the value always fits.  One pass over the text. */
static bool plain_amount(const char *text, size_t length, int32_t digits, int64_t *out)
{
    uint64_t value = 0; /* unsigned: a long text wraps, harmlessly, before it is refused */
    size_t i = 0;
    for (; i < length && (unsigned)(text[i] - '0') <= 9u; i++)
        value = value * 10 + (unsigned)(text[i] - '0');
    size_t whole = i, decimals = 0;
    if (i < length) {
        if (text[i] != '.')
            return false;
        for (i++; i < length && (unsigned)(text[i] - '0') <= 9u; i++)
            value = value * 10 + (unsigned)(text[i] - '0');
        decimals = length - whole - 1;
        if (i < length || decimals == 0 || decimals > (size_t)digits)
            return false;
    }
    if (whole == 0 || whole > 17 || whole + (size_t)digits > 17)
        return false;
    for (size_t k = decimals; k < (size_t)digits; k++)
        value *= 10;
    *out = (int64_t)value;
    return true;
}

enum { ONE_PASS_MAX = 512 }; /* bytes: longer lines are read the general way */

/* "The bytes equal to the separator" as a mask, bit k for byte k: sixteen
 * bytes at a time with SSE2 (every x86-64 has it), eight with plain
 * arithmetic elsewhere: each word's marks (equal_bytes) gathered into
 * a byte by one multiplication (mark k, moved to bit 8k, lands on bit
 * 56 + k; no two products share a bit, so nothing carries). */
#ifdef LAPSE__SSE2
enum { MASK_BYTES = 16 };
static uint32_t separator_mask(const char *p, char separator)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(separator)));
}
#else
enum { MASK_BYTES = 8 };
static uint32_t separator_mask(const char *p, char separator)
{
    uint64_t marks = equal_bytes(load_le64(p), 0x0101010101010101u * (unsigned char)separator);
    return (uint32_t)(((marks >> 7) * 0x0102040810204080u) >> 56);
}
#endif

/* The bits set in a 64-bit word (no instruction for it is assumed). */
static uint32_t bit_count(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555u);
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
    return (uint32_t)((x * 0x0101010101010101u) >> 56);
}

/* The separator mask of the block at byte `i` of the line. */
static uint64_t block_mask(const char *line, size_t length, size_t i, char separator)
{
    if (length - i >= MASK_BYTES)
        return separator_mask(line + i, separator);
    if (length >= MASK_BYTES) /* the tail: the line's last block, shifted past what is done */
        return separator_mask(line + length - MASK_BYTES, separator) >> (MASK_BYTES - (length - i));
    char tail[MASK_BYTES] = { 0 }; /* a line shorter than a block, padded with zero bytes */
    memcpy(tail, line, length);
    return separator_mask(tail, separator);
}

/* One bit per byte of the line (`length` at most ONE_PASS_MAX), set where
 * the separator is, each 64-bit word gathered in a register; returns how
 * many are set. */
static int32_t separator_bits(const char *line, size_t length, char separator,
                              uint64_t bits[ONE_PASS_MAX / 64])
{
    uint32_t count = 0;
    for (size_t w = 0; w * 64 < length; w++) {
        uint64_t word = 0;
        for (size_t k = 0; k < 64 && w * 64 + k < length; k += MASK_BYTES)
            word |= block_mask(line, length, w * 64 + k, separator) << k;
        bits[w] = word;
        count += bit_count(word);
    }
    return (int32_t)count;
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
 * details): each found by matching the names, not by scanning for its end. */
static bool plain_list(lapse_kind kind, const char *text, size_t length, uint32_t *out)
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
    bool online = (length == 6) & (head == lapse__word4("onli")) & (tail == lapse__word4("line"));
    bool support = (length == 7) & (head == lapse__word4("supp")) & (tail == lapse__word4("port"));
    *out = support ? LAPSE_CHANNEL_SUPPORT : LAPSE_CHANNEL_ONLINE;
    return online | support;
}

/* An amount's field, kept until the row's currency is known. */
typedef struct amount_field {
    const char *text;
    uint32_t length;
} amount_field;

static bool amount_in(amount_field amount, int32_t digits, int64_t *out)
{
    return amount.length == 0 || plain_amount(amount.text, amount.length, digits, out);
}

/*
 * The common row in one pass (`length` is 1..ONE_PASS_MAX): the separators
 * of the whole line are found at once, then each field is read as it is
 * reached, by its column (a file's rows have the same columns in the same
 * order, so the dispatch is predictable).  The fields and inputs are those
 * of split() and lapse_inputs_parse(); anything not in its common form (a
 * quote included) returns false, and the row is read the general way,
 * which also reports a bad table.
 */
static bool one_pass_row(const lapse_table *table, const char *line, size_t length, lapse_row *row,
                         uint64_t *columns)
{
    int32_t count = table->count;
    uint64_t bits[ONE_PASS_MAX / 64];
    if (count < 1 || separator_bits(line, length, table->separator, bits) != count - 1)
        return false;
    lapse_subscription *s = &row->subscription;
    lapse_request *r = &row->request;
    lapse_subscription_init(s);
    lapse_request_init(r);
    /* Where a quote may be: the CSV fields of columns other than inputs
     * (an input's common form never holds one). */
    bool csv = table->separator == ',';
    amount_field price = { 0 }, balance = { 0 }, renewal_price = { 0 };
    bool ok = true, currency_given = false;
    /* Every field's place first, in a loop of its own (a few registers,
     * no spills): each separator ends one; the last ends with the line. */
    uint32_t start = 0;
    int32_t place = 0;
    for (size_t w = 0; w * 64 < length; w++) {
        for (uint64_t word = bits[w]; word != 0; word &= word - 1) {
            uint32_t stop = (uint32_t)(w * 64 + LAPSE__LOWEST_BIT(word));
            row->offset[place] = start;
            row->length[place] = stop - start;
            start = stop + 1;
            place++;
        }
    }
    row->offset[place] = start;
    row->length[place] = (uint32_t)length - start;
    uint64_t seen = 0;
    for (int32_t c = 0; c < count; c++) {
        /* Columns 1 to LAPSE_COLUMN_COUNT - 1, each once (every row checks
         * its table). */
        unsigned column = (unsigned)table->columns[c];
        if (column - 1u >= LAPSE_COLUMN_COUNT - 1u)
            return false;
        seen |= (uint64_t)1 << column; /* a column twice is found below */
        uint32_t size = row->length[c];
        if (size == 0)
            continue; /* absent: the default */
        const char *text = line + row->offset[c];
        switch ((lapse_column)column) {
        case LAPSE_COLUMN_START: ok &= plain_date(text, size, &s->start); break;
        case LAPSE_COLUMN_CANCELLED_ON: ok &= plain_date(text, size, &s->cancelled_on); break;
        case LAPSE_COLUMN_ON: ok &= plain_date(text, size, &r->on); break;
        case LAPSE_COLUMN_END_ON: ok &= plain_date(text, size, &r->end_on); break;
        case LAPSE_COLUMN_TERM: ok &= small_int(text, size, &s->term); break;
        case LAPSE_COLUMN_RENEWAL_TERM: ok &= small_int(text, size, &s->renewal_term); break;
        case LAPSE_COLUMN_BILLING: ok &= small_int(text, size, &s->billing); break;
        case LAPSE_COLUMN_LICENSES: ok &= small_int(text, size, &s->licenses); break;
        case LAPSE_COLUMN_BILLING_DAY: ok &= small_int(text, size, &s->billing_day); break;
        case LAPSE_COLUMN_CONTRACT: ok &= plain_bool(text, size, &s->contract); break;
        case LAPSE_COLUMN_AUTO_RENEW: ok &= plain_bool(text, size, &s->auto_renew); break;
        case LAPSE_COLUMN_ONLINE_CANCEL: ok &= plain_bool(text, size, &s->online_cancel); break;
        case LAPSE_COLUMN_CAN_SIGN_IN: ok &= plain_bool(text, size, &r->can_sign_in); break;
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
        default:
            if (csv && memchr(text, '"', size))
                return false;
            break;
        }
    }
    if (!ok || bit_count(seen) != (uint32_t)count)
        return false;
    *columns = seen;
    row->count = count;
    if (!currency_given && (price.length | balance.length | renewal_price.length) == 0)
        return true;
    int32_t digits;
    if (lapse_currency_digits(s->currency, &digits) != LAPSE_OK)
        return false;
    return amount_in(price, digits, &s->price) & amount_in(balance, digits, &s->balance) &
           amount_in(renewal_price, digits, &s->renewal_price);
}

static lapse_error too_long(lapse_error_detail *detail)
{
    return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "", "line: longer than 4 GiB");
}

static lapse_error syntax_error(lapse_error_detail *detail, int32_t column)
{
    lapse_error error =
        lapse__fail(detail, LAPSE_ERR_CSV_SYNTAX, "",
                    "column %ld: malformed quoting (a stray or unclosed '\"')", (long)column);
    if (detail)
        detail->column = column;
    return error;
}

lapse_error lapse_table_header(lapse_table *table, char separator, const char *line, size_t length,
                               lapse_error_detail *detail)
{
    if (!table || !line)
        return lapse__fail_missing(!table ? "table" : "line", detail);
    memset(table, 0, sizeof *table);
    if (separator != ',' && separator != '\t')
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "separator",
                           "separator: must be ',' (CSV) or a tab (vectors)");
    length = without_cr(line, length);
    if (length > UINT32_MAX)
        return too_long(detail);
    /* A UTF-8 byte-order mark (Excel's "CSV UTF-8") is no part of the first
     * column's name. */
    if (length >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
        line += 3, length -= 3;
    /* A carriage return inside the header: lines that end in a lone CR
     * (classic Mac OS) are one line here, and no row would ever be read. */
    if (memchr(line, '\r', length))
        return lapse__fail(detail, LAPSE_ERR_CSV_SYNTAX, "",
                           "a carriage return inside the header line (lines that end in a lone "
                           "CR are not read: end them with '\\n' or '\\r\\n')");
    field fields[LAPSE_TABLE_MAX_COLUMNS];
    int32_t bad_column = 0;
    int64_t count =
        split(separator, line, NULL, length, fields, LAPSE_TABLE_MAX_COLUMNS, &bad_column);
    if (count < 0)
        return syntax_error(detail, bad_column);
    if (count > LAPSE_TABLE_MAX_COLUMNS) {
        lapse_error error = lapse__fail(detail, LAPSE_ERR_TOO_MANY_COLUMNS, "",
                                        "header: %lld columns, lapse reads at most %d",
                                        (long long)count, LAPSE_TABLE_MAX_COLUMNS);
        if (detail)
            detail->column = LAPSE_TABLE_MAX_COLUMNS + 1;
        return error;
    }
    table->separator = separator;
    for (int32_t c = 0; c < count; c++) {
        const char *name = line + fields[c].offset;
        size_t name_length = fields[c].length;
        lapse_column column;
        lapse_error error = lapse_column_lookup(name, name_length, &column);
        if (error == LAPSE_OK) {
            for (int32_t previous = 0; previous < c; previous++)
                if (table->columns[previous] == column)
                    error = LAPSE_ERR_DUPLICATE_COLUMN;
        }
        if (error) {
            char quoted[256];
            lapse__quote(name, name_length, 60, quoted, sizeof quoted);
            error = lapse__fail(detail, error, "", "column %ld '%s': %s", (long)c + 1, quoted,
                                error == LAPSE_ERR_DUPLICATE_COLUMN
                                    ? "given twice"
                                    : "not a known column (lapse-vectors(5) lists them)");
            if (detail)
                detail->column = c + 1;
            memset(table, 0, sizeof *table);
            return error;
        }
        table->columns[c] = column;
    }
    table->count = (int32_t)count;
    return LAPSE_OK;
}

static lapse_error invalid_table(lapse_error_detail *detail, const char *problem, long value)
{
    return lapse__fail(detail, LAPSE_ERR_TABLE_INVALID, "table",
                       "table: %s %ld (fill it with lapse_table_header)", problem, value);
}

/* The table's separator, count and reserved space: what every row checks
 * before reading (the columns are checked as a row is read). */
static lapse_error check_table_shape(const lapse_table *table, lapse_error_detail *detail)
{
    if (table->separator != ',' && table->separator != '\t')
        return invalid_table(detail, "separator", (long)(unsigned char)table->separator);
    if (table->count < 0 || table->count > LAPSE_TABLE_MAX_COLUMNS)
        return invalid_table(detail, "column count", (long)table->count);
    for (size_t i = 0; i < sizeof table->reserved / sizeof table->reserved[0]; i++)
        if (table->reserved[i])
            return invalid_table(detail, "reserved word", (long)i);
    return LAPSE_OK;
}

/* The table's checks, with the set of its columns as bits in *seen. */
static lapse_error check_table(const lapse_table *table, lapse_error_detail *detail, uint64_t *seen)
{
    lapse_error error = check_table_shape(table, detail);
    if (error)
        return error;
    /* Every column from 1 to LAPSE_COLUMN_COUNT - 1 has a name. */
    uint64_t columns = 0;
    for (int32_t c = 0; c < table->count; c++) {
        lapse_column column = table->columns[c];
        if ((unsigned)column - 1u >= LAPSE_COLUMN_COUNT - 1u || (columns >> column & 1))
            return invalid_table(detail, "column", (long)column);
        columns |= (uint64_t)1 << column;
    }
    *seen = columns;
    return LAPSE_OK;
}

lapse_error lapse__check_table(const lapse_table *table, lapse_error_detail *detail)
{
    uint64_t seen;
    return check_table(table, detail, &seen);
}

/* The row's fields, inputs and policy.  On an error the fields found so
 * far stay (a report quotes them), the inputs are zeroed by the caller. */
static lapse_error read_row(const lapse_table *table, char *line, size_t length, lapse_row *row,
                            lapse_error_detail *detail)
{
    length = without_cr(line, length);
    lapse_error error = LAPSE_OK;
    uint64_t columns = 0;
    /* one_pass_row() checks the columns as it goes; the general reading
     * checks them first. */
    if (length == 0 || length > ONE_PASS_MAX || !one_pass_row(table, line, length, row, &columns)) {
        if ((error = check_table(table, detail, &columns)))
            return error;
        if (length > UINT32_MAX)
            return too_long(detail);
        if (length == 0)
            return lapse__fail(detail, LAPSE_ERR_COLUMN_COUNT, "",
                               "row: empty line, the header has %ld columns", (long)table->count);
        field fields[LAPSE_TABLE_MAX_COLUMNS];
        int32_t bad_column = 0;
        int64_t count = split(table->separator, line, line, length, fields, LAPSE_TABLE_MAX_COLUMNS,
                              &bad_column);
        if (count < 0)
            return syntax_error(detail, bad_column);
        if (count != table->count)
            return lapse__fail(detail, LAPSE_ERR_COLUMN_COUNT, "",
                               "row: %lld fields, the header has %ld", (long long)count,
                               (long)table->count);
        row->count = table->count;
        for (int32_t c = 0; c < table->count; c++) {
            row->offset[c] = fields[c].offset;
            row->length[c] = fields[c].length;
        }
        lapse_cell cells[LAPSE_TABLE_MAX_COLUMNS];
        for (int32_t c = 0; c < table->count; c++)
            cells[c] = (lapse_cell){ table->columns[c], line + fields[c].offset, fields[c].length };
        error = lapse_inputs_parse(cells, (size_t)table->count, &row->subscription, &row->request,
                                   detail);
    }
    int32_t policy = -1;
    for (int32_t c = 0; (columns >> LAPSE_COLUMN_POLICY & 1) && c < table->count; c++)
        policy = table->columns[c] == LAPSE_COLUMN_POLICY ? c : policy;
    if (!error && policy >= 0 && row->length[policy] > 0) {
        error = lapse_policy_read(line + row->offset[policy], row->length[policy], &row->policy,
                                  detail);
        row->has_policy = error == LAPSE_OK;
    }
    if (error && detail) {
        for (int32_t c = 0; c < table->count; c++)
            if (strcmp(lapse_column_name(table->columns[c]), detail->field) == 0)
                detail->column = c + 1;
    }
    return error;
}

lapse_error lapse_table_row(const lapse_table *table, char *line, size_t length, lapse_row *row,
                            lapse_error_detail *detail)
{
    if (!table || !line || !row)
        return lapse__fail_missing(!table ? "table" : !line ? "line" : "row", detail);
    /* Only what every row sets is reset here (a row is hundreds of bytes,
     * and a billing run reads millions): fields past the count and the
     * policy of a row without one keep what they held. */
    row->has_policy = 0;
    row->count = 0;
    memset(row->reserved, 0, sizeof row->reserved);
    lapse_error error = check_table_shape(table, detail);
    if (!error)
        error = read_row(table, line, length, row, detail);
    if (error) {
        memset(&row->subscription, 0, sizeof row->subscription);
        memset(&row->request, 0, sizeof row->request);
        memset(&row->policy, 0, sizeof row->policy);
        row->has_policy = 0;
    }
    return error;
}

size_t lapse_sizeof_table(void) { return sizeof(lapse_table); }
size_t lapse_sizeof_row(void) { return sizeof(lapse_row); }
