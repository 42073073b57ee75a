/*
 * Money: ISO 4217 currencies, decimal text in minor units, and checked
 * arithmetic.  Amounts never pass through floating point.
 */
#include "money.h"

#include "checked.h"

#include <string.h>

/*
 * ISO 4217 alphabetic codes of the currencies and funds in circulation with
 * their minor-unit digits, sorted (a perfect hash below finds them).  Codes without a minor
 * unit (precious metals, XDR, XXX, XTS) are not money a subscription is
 * billed in and are left out.  ANG and BGN, replaced in 2025-2026, are kept
 * so that running subscriptions priced in them still decide.
 */
static const struct {
    char code[4];
    int8_t digits;
} currencies[] = {
    { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 }, { "AOA", 2 },
    { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 },
    { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 },
    { "BOB", 2 }, { "BOV", 2 }, { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 },
    { "BYN", 2 }, { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
    { "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 }, { "COU", 2 },
    { "CRC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 }, { "DJF", 0 }, { "DKK", 2 },
    { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 },
    { "FJD", 2 }, { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 },
    { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 }, { "HNL", 2 },
    { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 }, { "IQD", 3 },
    { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 }, { "KES", 2 },
    { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 },
    { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 },
    { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 }, { "MKD", 2 },
    { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 }, { "MVR", 2 },
    { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 },
    { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 },
    { "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 },
    { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 }, { "RWF", 0 },
    { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 }, { "SGD", 2 },
    { "SHP", 2 }, { "SLE", 2 }, { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 }, { "STN", 2 },
    { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 }, { "TMT", 2 },
    { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 }, { "TZS", 2 },
    { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 }, { "UYI", 0 }, { "UYU", 2 },
    { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 }, { "VND", 0 }, { "VUV", 0 },
    { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 }, { "XPF", 0 },
    { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 },
};

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

/* A code and its NUL as one word, for comparisons without memcmp. */
static uint32_t packed(const char code[4])
{
    uint32_t word;
    memcpy(&word, code, sizeof word);
    return word;
}

/* A perfect hash of the codes (printed by src/core/currency_table.py; the
 * test generated-tables checks it against the list above): the code as a
 * little-endian word times CURRENCY_HASH, its top 6 bits a bucket whose
 * displacement moves the next 8 bits to the code's slot, which holds its
 * index in `currencies` plus one (0: no code there).  One probe, where a
 * scan of the codes of its first letter took up to 16. */
#define CURRENCY_HASH 0x9E3779B7u
static const uint8_t currency_displace[64] = {
    4,  12, 3, 5, 0, 0, 1, 0, 9, 0, 0, 0, 2, 2,  2,  3, 0,  0, 10, 2, 1, 4,
    0,  4,  2, 5, 3, 0, 0, 1, 5, 0, 0, 3, 1, 2,  5,  2, 15, 1, 20, 0, 1, 0,
    17, 0,  0, 7, 0, 2, 4, 9, 0, 0, 1, 1, 5, 28, 10, 0, 5,  2, 1,  0,
};
static const uint8_t currency_slot[256] = {
    31,  41,  99,  0,   105, 42,  8,   0,   0,   44,  0,   120, 79,  0,   0,   11,  69,  9,   12,
    165, 0,   4,   35,  64,  54,  115, 72,  77,  37,  57,  20,  16,  56,  1,   34,  125, 109, 159,
    0,   0,   100, 0,   0,   0,   32,  111, 0,   0,   112, 0,   0,   0,   0,   0,   154, 59,  28,
    45,  36,  5,   0,   129, 0,   89,  158, 60,  50,  48,  29,  0,   0,   2,   38,  15,  0,   74,
    143, 162, 101, 78,  87,  49,  0,   61,  0,   0,   0,   88,  25,  144, 103, 0,   0,   94,  0,
    0,   147, 0,   156, 76,  0,   65,  123, 0,   157, 131, 130, 97,  160, 132, 161, 39,  137, 83,
    163, 145, 92,  133, 24,  138, 21,  139, 75,  0,   140, 0,   122, 33,  40,  53,  55,  136, 84,
    146, 47,  104, 124, 6,   117, 18,  19,  116, 96,  0,   0,   0,   164, 0,   0,   0,   107, 155,
    0,   98,  0,   86,  119, 0,   43,  0,   134, 128, 93,  0,   121, 3,   0,   113, 10,  0,   17,
    0,   13,  95,  71,  142, 0,   63,  0,   0,   14,  118, 0,   148, 0,   68,  91,  151, 30,  149,
    110, 81,  0,   0,   27,  153, 82,  62,  135, 0,   0,   80,  0,   0,   0,   70,  114, 0,   85,
    0,   0,   58,  0,   0,   108, 73,  22,  127, 126, 102, 67,  0,   7,   0,   0,   150, 152, 52,
    0,   0,   106, 0,   0,   166, 0,   0,   46,  26,  0,   0,   0,   0,   0,   141, 0,   0,   0,
    0,   0,   0,   0,   0,   66,  90,  51,  23,
};

/* The index in `currencies` plus one of the four bytes `code` (three
 * letters and a NUL), 0 when they are no code of the table: one probe,
 * and the bytes compared whole, so a wrong letter, a lower-case one or a
 * missing NUL is 0 without checking them one by one. */
static inline uint32_t currency_index(const char code[4])
{
    uint32_t word = (uint32_t)(uint8_t)code[0] | (uint32_t)(uint8_t)code[1] << 8 |
                    (uint32_t)(uint8_t)code[2] << 16 | (uint32_t)(uint8_t)code[3] << 24;
    uint32_t h = word * CURRENCY_HASH;
    uint32_t slot = ((h >> 18) + currency_displace[h >> 26]) & 255;
    uint32_t index = currency_slot[slot];
    return index != 0 && packed(currencies[index - 1].code) == packed(code) ? index : 0;
}

bool lapse__currency_known(const char code[4]) { return currency_index(code) != 0; }

int32_t lapse__currency_digits(const char code[4])
{
    uint32_t index = currency_index(code);
    return index != 0 ? currencies[index - 1].digits : -1;
}

lapse_error lapse_currency_digits(const char *code, int32_t *digits)
{
    if (!code)
        return LAPSE_ERR_NULL_ARGUMENT;
    if (!is_upper(code[0]) || !is_upper(code[1]) || !is_upper(code[2]) || code[3])
        return LAPSE_ERR_CURRENCY_SYNTAX;
    uint32_t index = currency_index(code);
    if (index == 0)
        return LAPSE_ERR_CURRENCY_UNKNOWN;
    if (digits)
        *digits = currencies[index - 1].digits;
    return LAPSE_OK;
}

lapse_error lapse_amount_parse_n(const char *text, size_t length, const char *currency,
                                 int64_t *out)
{
    if (!text || !out)
        return LAPSE_ERR_NULL_ARGUMENT;
    int32_t digits;
    lapse_error error = lapse_currency_digits(currency, &digits);
    if (error)
        return error;
    size_t i = 0;
    bool negative = length > 0 && text[0] == '-';
    i += negative;
    /* Accumulate as a negative number: INT64_MIN has no positive twin. */
    int64_t value = 0;
    size_t whole_digits = 0, decimals = 0;
    bool range_error = false;
    for (; i < length && text[i] >= '0' && text[i] <= '9'; i++, whole_digits++) {
        int d = text[i] - '0';
        if (value < (INT64_MIN + d) / 10)
            range_error = true;
        else
            value = value * 10 - d;
    }
    if (whole_digits == 0)
        return LAPSE_ERR_AMOUNT_SYNTAX;
    if (i < length && text[i] == '.') {
        i++;
        for (; i < length && text[i] >= '0' && text[i] <= '9'; i++, decimals++) {
            /* Digits past the currency's precision are only counted: the
             * text is rejected below once its whole shape is known. */
            int d = text[i] - '0';
            if (decimals >= (size_t)digits)
                continue;
            if (value < (INT64_MIN + d) / 10)
                range_error = true;
            else
                value = value * 10 - d;
        }
        if (decimals == 0)
            return LAPSE_ERR_AMOUNT_SYNTAX;
    }
    if (i != length)
        return LAPSE_ERR_AMOUNT_SYNTAX;
    if (decimals > (size_t)digits)
        return LAPSE_ERR_AMOUNT_PRECISION;
    for (; decimals < (size_t)digits; decimals++) {
        if (value < INT64_MIN / 10)
            range_error = true;
        else
            value *= 10;
    }
    if (range_error || (!negative && value == INT64_MIN))
        return LAPSE_ERR_AMOUNT_RANGE;
    *out = negative ? value : -value;
    return LAPSE_OK;
}

lapse_error lapse_amount_parse(const char *text, const char *currency, int64_t *out)
{
    if (!text)
        return LAPSE_ERR_NULL_ARGUMENT;
    return lapse_amount_parse_n(text, strlen(text), currency, out);
}

size_t lapse_amount_format(int64_t amount, const char *currency, char *buf, size_t size)
{
    int32_t digits;
    char text[LAPSE_AMOUNT_TEXT_SIZE];
    size_t length = 0;
    if (lapse_currency_digits(currency, &digits) == LAPSE_OK) {
        /* Build right to left from the magnitude as an unsigned number. */
        uint64_t magnitude = amount < 0 ? 0 - (uint64_t)amount : (uint64_t)amount;
        char reversed[LAPSE_AMOUNT_TEXT_SIZE];
        size_t n = 0;
        size_t produced = 0;
        do {
            if (digits > 0 && produced == (size_t)digits)
                reversed[n++] = '.';
            reversed[n++] = (char)('0' + magnitude % 10);
            magnitude /= 10;
            produced++;
        } while (magnitude > 0 || produced <= (size_t)digits);
        if (amount < 0)
            text[length++] = '-';
        while (n > 0)
            text[length++] = reversed[--n];
    }
    if (buf && size > 0) {
        size_t copy = length < size - 1 ? length : size - 1;
        memcpy(buf, text, copy);
        buf[copy] = '\0';
    }
    return length;
}

int64_t lapse_amount_none(void) { return LAPSE_AMOUNT_NONE; }

lapse_error lapse_amount_add(int64_t a, int64_t b, int64_t *out)
{
    if (!out)
        return LAPSE_ERR_NULL_ARGUMENT;
    return lapse__add(a, b, out) ? LAPSE_OK : LAPSE_ERR_AMOUNT_RANGE;
}

lapse_error lapse_amount_mul(int64_t amount, int64_t count, int64_t *out)
{
    if (!out)
        return LAPSE_ERR_NULL_ARGUMENT;
    return lapse__mul(amount, count, out) ? LAPSE_OK : LAPSE_ERR_AMOUNT_RANGE;
}
