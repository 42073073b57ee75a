/*
 * Bit and word helpers: the word-at-a-time tricks of the readers and
 * checks, each with a one-line contract.  Header only, no state; the
 * portable forms stand beside the compiler's builtins.
 */
#ifndef LAPSE_CORE_BITS_H
#define LAPSE_CORE_BITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
/* The index of the lowest set bit of a non-zero 64-bit word. */
#define LAPSE__LOWEST_BIT(x) ((unsigned)__builtin_ctzll(x))
/* The index of the highest set bit of a non-zero 64-bit word. */
#define LAPSE__HIGHEST_BIT(x) (63u - (unsigned)__builtin_clzll(x))
#else
/* The index of the lowest set bit of a non-zero word, one bit a step. */
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

/* The index of the highest set bit of a non-zero word, one bit a step. */
static inline unsigned lapse__highest_bit(unsigned long long x)
{
    unsigned n = 0;
    while (x >>= 1)
        n++;
    return n;
}
#define LAPSE__HIGHEST_BIT(x) lapse__highest_bit(x)
#endif

/* Four bytes as one word in the machine's order: only compared, never a number. */
static inline uint32_t lapse__word4(const char *p)
{
    uint32_t word;
    memcpy(&word, p, sizeof word);
    return word;
}

/* Eight bytes as one word in the machine's order: only compared, never a number. */
static inline uint64_t lapse__word8(const char *p)
{
    uint64_t word;
    memcpy(&word, p, sizeof word);
    return word;
}

/* Eight bytes as a little-endian word on any machine (one load where the
 * machine is little-endian). */
static inline uint64_t lapse__load_le64(const char *p)
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
static inline uint64_t lapse__equal_bytes(uint64_t word, uint64_t pattern)
{
    const uint64_t lows = 0x7f7f7f7f7f7f7f7fu;
    uint64_t x = word ^ pattern;
    return ~(((x & lows) + lows) | x | lows);
}

/* The bits set in a 64-bit word (no instruction for it is assumed). */
static inline uint32_t lapse__bit_count(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555u);
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
    return (uint32_t)((x * 0x0101010101010101u) >> 56);
}

/* The eight bytes of `word`, each a digit '0'..'9': every high nibble is
 * 3 and stays 3 when 6 is added (a carry out of a byte only comes from a
 * byte that fails already). */
static inline bool lapse__eight_digits(uint64_t word)
{
    const uint64_t high = 0xf0f0f0f0f0f0f0f0u;
    return ((word & high) | (((word + 0x0606060606060606u) & high) >> 4)) == 0x3333333333333333u;
}

/* `count` words all zero, read eight bytes at a time (reserved space is
 * checked on every decision). */
static inline bool lapse__all_zero(const uint32_t *words, size_t count)
{
    uint64_t any = 0;
    size_t i = 0;
    for (; i + 2 <= count; i += 2) {
        uint64_t pair;
        memcpy(&pair, words + i, sizeof pair);
        any |= pair;
    }
    if (i < count)
        any |= words[i];
    return any == 0;
}

#endif
