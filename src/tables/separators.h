/*
 * Separator scanning for the one-pass row reader: the bytes of a line equal
 * to the separator, as bits.  One interface, lapse__separator_bits(), over
 * two block scanners side by side: SSE2 (sixteen bytes a compare, every
 * x86-64 has it) and the portable one (eight bytes a word, bits.h's
 * lapse__equal_bytes).  LAPSE_NO_SIMD builds the portable one everywhere
 * (the table-portable test runs the table tests so).  Header only: the
 * scan is inlined into the row reader.
 */
#ifndef LAPSE_TABLES_SEPARATORS_H
#define LAPSE_TABLES_SEPARATORS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/bits.h"

#if defined(__SSE2__) && !defined(LAPSE_NO_SIMD)
#define LAPSE__SSE2 1
#include <emmintrin.h>
#endif

/* "The bytes equal to the separator" as a mask, bit k for byte k, of the
 * LAPSE__MASK_BYTES bytes at p. */
#ifdef LAPSE__SSE2
/* SSE2: sixteen bytes compared at once, their high bits gathered. */
enum { LAPSE__MASK_BYTES = 16 };
static inline uint32_t lapse__separator_mask(const char *p, char separator)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(separator)));
}
#else
/* Portable: eight bytes with plain arithmetic, the word's marks
 * (lapse__equal_bytes) gathered into a byte by one multiplication (mark k,
 * moved to bit 8k, lands on bit 56 + k; no two products share a bit, so
 * nothing carries). */
enum { LAPSE__MASK_BYTES = 8 };
static inline uint32_t lapse__separator_mask(const char *p, char separator)
{
    uint64_t marks =
        lapse__equal_bytes(lapse__load_le64(p), 0x0101010101010101u * (unsigned char)separator);
    return (uint32_t)(((marks >> 7) * 0x0102040810204080u) >> 56);
}
#endif

/* The separator mask of the block at byte `i` of the line, never reading
 * past its end. */
static inline uint64_t lapse__block_mask(const char *line, size_t length, size_t i, char separator)
{
    if (length - i >= LAPSE__MASK_BYTES)
        return lapse__separator_mask(line + i, separator);
    if (length >=
        LAPSE__MASK_BYTES) /* the tail: the line's last block, shifted past what is done */
        return lapse__separator_mask(line + length - LAPSE__MASK_BYTES, separator) >>
               (LAPSE__MASK_BYTES - (length - i));
    char tail[LAPSE__MASK_BYTES] = { 0 }; /* a line shorter than a block, padded with zero bytes */
    memcpy(tail, line, length);
    return lapse__separator_mask(tail, separator);
}

/* One bit per byte of the line, set where the separator is, each 64-bit
 * word gathered in a register into bits[(length + 63) / 64]; returns how
 * many are set. */
static inline int32_t lapse__separator_bits(const char *line, size_t length, char separator,
                                            uint64_t *bits)
{
    uint32_t count = 0;
    for (size_t w = 0; w * 64 < length; w++) {
        uint64_t word = 0;
        for (size_t k = 0; k < 64 && w * 64 + k < length; k += LAPSE__MASK_BYTES)
            word |= lapse__block_mask(line, length, w * 64 + k, separator) << k;
        bits[w] = word;
        count += lapse__bit_count(word);
    }
    return (int32_t)count;
}

#endif
