/* Shared by the table fuzzers: a mutable, NUL-terminated copy of the input. */
#ifndef LAPSE_FUZZ_TABLES_H
#define LAPSE_FUZZ_TABLES_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    copy[size] = '\0';
    return copy;
}

#endif
