/* Small helpers shared by the cmocka tests. */
#ifndef LAPSE_TESTUTIL_H
#define LAPSE_TESTUTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lapse.h"

/* splitmix64: a deterministic generator, so a failing property repeats. */
static inline uint64_t test_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform in [low, high] (inclusive); the bias is irrelevant for tests. */
static inline int64_t test_range(uint64_t *state, int64_t low, int64_t high)
{
    return low + (int64_t)(test_next(state) % (uint64_t)(high - low + 1));
}

/* A date from text that the test knows is valid. */
static inline lapse_date test_date(const char *text)
{
    lapse_date date = LAPSE_DATE_NONE;
    assert_int_equal(lapse_date_parse(text, &date), LAPSE_OK);
    return date;
}

#endif
