/* Checked and exact integer arithmetic for money. */
#ifndef LAPSE_CORE_CHECKED_H
#define LAPSE_CORE_CHECKED_H

#include <stdbool.h>
#include <stdint.h>

#include "lapse.h"

/* quotient + rest / d (rest < d), rounded by a policy's rule: half up (the
 * default), half to even, or down.  Shares are never negative. */
static inline uint64_t lapse__rounded(uint64_t quotient, uint64_t rest, uint64_t d,
                                      lapse_rounding rounding)
{
    /* rest against d - rest: the fraction against one half, without 2 x rest. */
    switch (rounding) {
    case LAPSE_ROUNDING_DOWN: return quotient;
    case LAPSE_ROUNDING_HALF_EVEN:
        return rest > d - rest    ? quotient + 1
               : rest == d - rest ? quotient + (quotient & 1)
                                  : quotient;
    case LAPSE_ROUNDING_HALF_UP: break;
    }
    return rest >= d - rest ? quotient + 1 : quotient;
}

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

/*
 * Exact shares: an unsigned 128-bit intermediate, so that price x days or
 * price x days x percent never overflows before the one rounding at the
 * end.  C11 has no 128-bit type; the portable path works in 32-bit limbs
 * and is always compiled (the tests compare it with the compiler's
 * unsigned __int128 where there is one, which the library then uses).
 */
typedef struct lapse__u128 {
    uint64_t hi, lo;
} lapse__u128;

static inline lapse__u128 lapse__u128_mul_portable(uint64_t a, uint64_t b)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t middle = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    lapse__u128 r;
    r.lo = (middle << 32) | (p00 & 0xffffffffu);
    r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
    return r;
}

/* *acc += x; false on overflow past 128 bits. */
static inline bool lapse__u128_add_portable(lapse__u128 *acc, lapse__u128 x)
{
    uint64_t lo = acc->lo + x.lo;
    uint64_t carry = lo < x.lo;
    uint64_t hi = acc->hi + x.hi;
    if (hi < x.hi || hi + carry < hi)
        return false;
    acc->hi = hi + carry;
    acc->lo = lo;
    return true;
}

/* *x *= m (m < 2^32); false on overflow past 128 bits. */
static inline bool lapse__u128_scale_portable(lapse__u128 *x, uint32_t m)
{
    lapse__u128 low = lapse__u128_mul_portable(x->lo, m);
    lapse__u128 high = lapse__u128_mul_portable(x->hi, m);
    if (high.hi != 0 || high.lo + low.hi < high.lo)
        return false;
    x->hi = high.lo + low.hi;
    x->lo = low.lo;
    return true;
}

/* n / d rounded by `rounding` into *q; false when the quotient does not
 * fit in int64_t (or d is 0).  Shift and subtract: only the fallback. */
static inline bool lapse__u128_div_by_portable(lapse__u128 n, uint64_t d, lapse_rounding rounding,
                                               int64_t *q)
{
    if (d == 0 || n.hi >= d)
        return false; /* the quotient would need 64 bits or more */
    uint64_t quotient = 0, rest = n.hi;
    for (int bit = 63; bit >= 0; bit--) {
        uint64_t top = rest >> 63;
        rest = rest << 1 | (n.lo >> bit & 1);
        quotient <<= 1;
        if (top || rest >= d) {
            rest -= d;
            quotient |= 1;
        }
    }
    quotient = lapse__rounded(quotient, rest, d, rounding);
    if (quotient > (uint64_t)INT64_MAX)
        return false;
    *q = (int64_t)quotient;
    return true;
}

/* n / d rounded half up. */
static inline bool lapse__u128_div_round_portable(lapse__u128 n, uint64_t d, int64_t *q)
{
    return lapse__u128_div_by_portable(n, d, LAPSE_ROUNDING_HALF_UP, q);
}

#if defined(__SIZEOF_INT128__) && !defined(LAPSE_PORTABLE_U128)
__extension__ typedef unsigned __int128 lapse__native_u128;

static inline lapse__native_u128 lapse__to_native(lapse__u128 x)
{
    return (lapse__native_u128)x.hi << 64 | x.lo;
}

static inline lapse__u128 lapse__from_native(lapse__native_u128 x)
{
    lapse__u128 r = { (uint64_t)(x >> 64), (uint64_t)x };
    return r;
}

static inline lapse__u128 lapse__u128_mul(uint64_t a, uint64_t b)
{
    return lapse__from_native((lapse__native_u128)a * b);
}

static inline bool lapse__u128_add(lapse__u128 *acc, lapse__u128 x)
{
    lapse__native_u128 a = lapse__to_native(*acc), sum = a + lapse__to_native(x);
    if (sum < a)
        return false;
    *acc = lapse__from_native(sum);
    return true;
}

static inline bool lapse__u128_scale(lapse__u128 *x, uint32_t m)
{
    return lapse__u128_scale_portable(x, m);
}

static inline bool lapse__u128_div_by(lapse__u128 n, uint64_t d, lapse_rounding rounding,
                                      int64_t *q)
{
    if (d == 0 || n.hi >= d)
        return false;
    lapse__native_u128 value = lapse__to_native(n);
    uint64_t quotient = lapse__rounded((uint64_t)(value / d), (uint64_t)(value % d), d, rounding);
    if (quotient > (uint64_t)INT64_MAX)
        return false;
    *q = (int64_t)quotient;
    return true;
}

static inline bool lapse__u128_div_round(lapse__u128 n, uint64_t d, int64_t *q)
{
    return lapse__u128_div_by(n, d, LAPSE_ROUNDING_HALF_UP, q);
}
#else
#define lapse__u128_mul lapse__u128_mul_portable
#define lapse__u128_add lapse__u128_add_portable
#define lapse__u128_scale lapse__u128_scale_portable
#define lapse__u128_div_round lapse__u128_div_round_portable
#define lapse__u128_div_by lapse__u128_div_by_portable
#endif

/* price x numerator / denominator, computed exactly and rounded once by
 * `rounding` (price, numerator >= 0, denominator > 0), or false when the
 * result leaves 64 bits. */
static inline bool lapse__share(int64_t price, int64_t numerator, int64_t denominator,
                                lapse_rounding rounding, int64_t *out)
{
    return lapse__u128_div_by(lapse__u128_mul((uint64_t)price, (uint64_t)numerator),
                              (uint64_t)denominator, rounding, out);
}

#endif
