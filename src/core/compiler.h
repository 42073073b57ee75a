/* Compiler hints, empty where the compiler has none. */
#ifndef LAPSE_CORE_COMPILER_H
#define LAPSE_CORE_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
#define LAPSE__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define LAPSE__LIKELY(x) __builtin_expect(!!(x), 1)
#define LAPSE__UNLIKELY(x) __builtin_expect(!!(x), 0)
/* The index of the lowest set bit of a non-zero 64-bit word. */
#define LAPSE__LOWEST_BIT(x) ((unsigned)__builtin_ctzll(x))
/* The index of the highest set bit of a non-zero 64-bit word. */
#define LAPSE__HIGHEST_BIT(x) (63u - (unsigned)__builtin_clzll(x))
/* A small function worth its copies: inlined even where the compiler
 * would call it (the per-field readers of a row). */
#define LAPSE__INLINE inline __attribute__((always_inline))
#else
#define LAPSE__INLINE inline
#define LAPSE__PRINTF(fmt, args)
#define LAPSE__LIKELY(x) (x)
#define LAPSE__UNLIKELY(x) (x)
#endif

#ifndef LAPSE__LOWEST_BIT
static inline unsigned lapse__lowest_bit(unsigned long long x)
{
    unsigned n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
}
#define LAPSE__LOWEST_BIT(x) lapse__lowest_bit(x)
#endif

#ifndef LAPSE__HIGHEST_BIT
static inline unsigned lapse__highest_bit(unsigned long long x)
{
    unsigned n = 0;
    while (x >>= 1)
        n++;
    return n;
}
#define LAPSE__HIGHEST_BIT(x) lapse__highest_bit(x)
#endif

#endif
