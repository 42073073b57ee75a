/* Compiler hints, empty where the compiler has none. */
#ifndef LAPSE_CORE_COMPILER_H
#define LAPSE_CORE_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
#define LAPSE__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define LAPSE__LIKELY(x) __builtin_expect(!!(x), 1)
#define LAPSE__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LAPSE__PRINTF(fmt, args)
#define LAPSE__LIKELY(x) (x)
#define LAPSE__UNLIKELY(x) (x)
#endif

#endif
