/* The stable names of every enumerated value and bit (names.c): looked up
 * by value, listed, matched at the start of a text, parsed as lists. */
#ifndef LAPSE_CORE_NAMES_H
#define LAPSE_CORE_NAMES_H

#include "lapse.h"

#include <stdbool.h>
#include <stddef.h>

/* lapse_name(), and the name's length (never measured).  A name is
 * NUL-padded to LAPSE__NAME_ROOM bytes, all readable: it may be copied
 * whole where the room allows. */
#define LAPSE__NAME_ROOM 32
const char *lapse__name_n(lapse_kind kind, uint32_t value, size_t *length);

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
size_t lapse__name_prefix(lapse_kind kind, const char *text, size_t length, uint32_t *value);

/* Parses a ';' or ',' separated set of names; on an unknown item returns
 * LAPSE_ERR_UNKNOWN_NAME and where it is. */
lapse_error lapse__parse_list(lapse_kind kind, const char *text, size_t length, uint32_t *out,
                              size_t *bad_start, size_t *bad_length);

/* The names of the bits set, joined by `separator`. */
size_t lapse__format_list(lapse_kind kind, uint32_t bits, char separator, char *buf, size_t size);

#endif
