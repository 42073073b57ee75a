/* Checked and exact integer arithmetic for money. */
#ifndef LAPSE_CORE_CHECKED_H
#define LAPSE_CORE_CHECKED_H

#include <stdbool.h>
#include <stdint.h>

/* Checked 64-bit arithmetic: false (and *out untouched) on overflow.  The
 * compiler builtins compile to one instruction and a flag test; the
 * portable fallback divides. */
static inline bool lapse__add(int64_t a, int64_t b, int64_t *out)
{
#if defined(__GNUC__) || defined(__clang__)
    int64_t sum;
    if (__builtin_add_overflow(a, b, &sum))
        return false;
    *out = sum;
#else
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return false;
    *out = a + b;
#endif
    return true;
}

static inline bool lapse__mul(int64_t a, int64_t b, int64_t *out)
{
#if defined(__GNUC__) || defined(__clang__)
    int64_t product;
    if (__builtin_mul_overflow(a, b, &product))
        return false;
    *out = product;
#else
    if (a != 0 && b != 0 &&
        (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)
               : (b > 0 ? a < INT64_MIN / b : a < INT64_MAX / b)))
        return false;
    *out = a * b;
#endif
    return true;
}

/* price x numerator / denominator, rounded half up (all >= 0, denominator
 * > 0), or false when it leaves 64 bits. */
static inline bool lapse__share(int64_t price, int64_t numerator, int64_t denominator, int64_t *out)
{
    int64_t product;
    if (!lapse__mul(price, numerator, &product) || product > (INT64_MAX - denominator) / 2)
        return false;
    *out = (product * 2 + denominator) / (denominator * 2);
    return true;
}

#endif
