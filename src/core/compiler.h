/* Compiler hints, empty where the compiler has none (bit helpers: bits.h). */
#ifndef LAPSE_CORE_COMPILER_H
#define LAPSE_CORE_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
#define LAPSE__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define LAPSE__LIKELY(x) __builtin_expect(!!(x), 1)
#define LAPSE__UNLIKELY(x) __builtin_expect(!!(x), 0)
/* A small function worth its copies: inlined even where the compiler
 * would call it (the per-field readers of a row). */
#define LAPSE__INLINE inline __attribute__((always_inline))
#else
#define LAPSE__INLINE inline
#define LAPSE__PRINTF(fmt, args)
#define LAPSE__LIKELY(x) (x)
#define LAPSE__UNLIKELY(x) (x)
#endif

#endif
