/* The stable names of every enumerated value and bit (names.c): looked up
 * by value, listed, matched at the start of a text, parsed as lists. */
#ifndef LAPSE_CORE_NAMES_H
#define LAPSE_CORE_NAMES_H

#include "lapse.h"

#include "bits.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* lapse_name(), and the name's length (never measured).  A name is
 * NUL-padded to LAPSE__NAME_ROOM bytes, all readable: it may be copied
 * whole where the room allows. */
#define LAPSE__NAME_ROOM 32
const char *lapse__name_n(lapse_kind kind, uint32_t value, size_t *length);

/* The names of a kind, indexed by value, or by bit position for bit-set
 * kinds: each with its length (never measured) and NUL-padded to
 * LAPSE__NAME_ROOM bytes; length 0 marks a value without a name.  A
 * constant table (names.c), read inline by the writers and readers of a
 * billing run's rows. */
typedef struct lapse__name {
    char text[LAPSE__NAME_ROOM];
    uint32_t length;
} lapse__name;
typedef struct lapse__name_set {
    const lapse__name *names;
    uint32_t count;
    bool bits;
} lapse__name_set;
extern const lapse__name_set lapse__name_sets[LAPSE_KIND_COUNT];

/* The index-th name of a kind in value order (values without a name are
 * skipped), its value and (when length is not NULL) its length; NULL
 * after the last. */
const char *lapse__name_at(lapse_kind kind, uint32_t index, uint32_t *value, size_t *length);

/* Every name of a kind joined by `separator` ("online, support"), for "not
 * one of ..." messages; with `numbered`, each as "<value> = <name>". */
size_t lapse__names_list(lapse_kind kind, const char *separator, bool numbered, char *buf,
                         size_t size);

/* The name of a kind spelled exactly at the start of `text` and followed
 * by its end or a ';': its length, and its value in *value; 0 when none
 * is.  The common form of a list item, without the scan for its end. */
static inline size_t lapse__name_prefix(lapse_kind kind, const char *text, size_t length,
                                        uint32_t *value)
{
    if ((unsigned)kind >= LAPSE_KIND_COUNT || length == 0)
        return 0;
    const lapse__name_set *set = &lapse__name_sets[kind];
    for (uint32_t i = 0; i < set->count; i++) {
        const lapse__name *name = &set->names[i];
        size_t n = name->length;
        /* The first byte rejects most names (a role's: b, p, b); the
         * rest as two words that overlap as needed (every name is at
         * least 3 bytes; shorter ones byte by byte). */
        if (name->text[0] != text[0] || n == 0 || n > length || (n < length && text[n] != ';') ||
            name->text[n - 1] != text[n - 1])
            continue;
        bool same =
            n >= 8   ? (n <= 16 ? lapse__word8(name->text) == lapse__word8(text) &&
                                    lapse__word8(name->text + n - 8) == lapse__word8(text + n - 8)
                                : memcmp(name->text, text, n) == 0)
            : n >= 4 ? lapse__word4(name->text) == lapse__word4(text) &&
                           lapse__word4(name->text + n - 4) == lapse__word4(text + n - 4)
                     : memcmp(name->text, text, n) == 0;
        if (same) {
            *value = set->bits ? 1u << i : i;
            return n;
        }
    }
    return 0;
}

/* Parses a ';' or ',' separated set of names; on an unknown item returns
 * LAPSE_ERR_UNKNOWN_NAME and where it is. */
lapse_error lapse__parse_list(lapse_kind kind, const char *text, size_t length, uint32_t *out,
                              size_t *bad_start, size_t *bad_length);

/* The names of the bits set, joined by `separator`. */
size_t lapse__format_list(lapse_kind kind, uint32_t bits, char separator, char *buf, size_t size);

#endif
