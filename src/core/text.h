/* Text helpers shared by the core and the layers above it (text.c): names
 * compared, integers read and written, bytes quoted for messages, UTF-8
 * cuts, snprintf-style copies. */
#ifndef LAPSE_CORE_TEXT_H
#define LAPSE_CORE_TEXT_H

#include "lapse.h"

#include "bits.h"

#include <stdbool.h>
#include <string.h>

/* `length` bytes of text equal a stable name, '-' matching '_'. */
bool lapse__same_name(const char *name, const char *text, size_t length);

/* A decimal integer, optionally negative, within int64_t; nothing else. */
bool lapse__parse_integer(const char *text, size_t length, int64_t *out);

/* Quotes bytes for a message (snprintf rules): printable ASCII as is, other
 * bytes as \xNN, at most `max_bytes` of the text and then "...".  Always
 * valid UTF-8 (ASCII), whatever the input. */
size_t lapse__quote(const char *text, size_t length, size_t max_bytes, char *buf, size_t size);

/* Where to cut `length` bytes of UTF-8 text to keep at most `room` bytes:
 * `length` when it fits, else the longest prefix within `room` that does
 * not end inside a character (a lead byte whose sequence runs past the
 * cut is dropped with its continuation bytes).  Every cut of text the
 * library writes (messages, explanations, copies into a caller's buffer)
 * goes through it, so a cut text is as valid UTF-8 as the whole one; the
 * returned length of an snprintf-style writer stays the whole length. */
size_t lapse__utf8_cut(const char *text, size_t length, size_t room);

/* Copies `length` bytes into buf with snprintf rules, cut at a character
 * boundary when it does not fit (lapse__utf8_cut); returns length. */
size_t lapse__copy_text(const char *text, size_t length, char *buf, size_t size);

/* "00" to "99" in a row: two digits a copy, for the writers below and
 * the date writer (calendar.h). */
extern const char lapse__two_digits[201];

/* 10^0 to 10^19, every power of ten a uint64_t holds: the integer writer
 * below counts digits with it, the tables layer's amount reader scales
 * decimals by it (one table for both, here where the tables layer already
 * looks; the core never includes the tables layer). */
extern const uint64_t lapse__powers_of_ten[20];

/* The room an integer's text needs: 19 digits and a sign. */
#define LAPSE__INTEGER_ROOM 20

/* The decimal digits of `value`, a '-' first when negative, straight at
 * `out` (LAPSE__INTEGER_ROOM bytes, no NUL); returns their number.  The
 * writer of every integer the library puts in text, inline because a
 * billing run's rows call it five times each. */
static inline size_t lapse__put_integer(int64_t value, char *out)
{
    /* 0 to 9, most of a row's amounts and counts (no refund, no fee). */
    if ((uint64_t)value < 10) {
        out[0] = (char)('0' + value);
        return 1;
    }
    uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    size_t sign = value < 0;
    /* The number of digits from the number of bits, without a loop (whose
     * exit a run's varied amounts kept mispredicting): with 1233 / 4096
     * for log10(2), t = bits * 1233 >> 12 is the digits of the number or
     * one less, which one comparison with 10^t settles. */
    size_t bits = LAPSE__HIGHEST_BIT(magnitude) + 1; /* magnitude >= 10 */
    size_t digits = (bits * 1233) >> 12;
    digits += magnitude >= lapse__powers_of_ten[digits];
    out[0] = '-';
    char *end = out + sign + digits;
    while (magnitude >= 100) {
        end -= 2;
        memcpy(end, lapse__two_digits + 2 * (magnitude % 100), 2);
        magnitude /= 100;
    }
    if (magnitude >= 10)
        memcpy(end - 2, lapse__two_digits + 2 * magnitude, 2);
    else
        end[-1] = (char)('0' + magnitude);
    return sign + digits;
}

/* The same into buf with snprintf rules. */
size_t lapse__format_integer(int64_t value, char *buf, size_t size);

#endif
