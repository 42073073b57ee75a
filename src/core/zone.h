/* Time zones (zone.c): the TZif reader over a source of bytes, shared by
 * lapse_zone_parse() (bytes in memory) and the tables layer's
 * lapse_zone_load() (a file read a block at a time, so that no buffer of
 * the whole file is needed). */
#ifndef LAPSE_CORE_ZONE_H
#define LAPSE_CORE_ZONE_H

#include "lapse.h"

#include <stdbool.h>

/*
 * A source of bytes read in order: read(context, out, n) puts the next n
 * bytes at `out` (or skips them when out is NULL) and returns how many it
 * had, fewer than n only at the end of the source (or on a read error).
 */
typedef struct lapse__zone_source {
    size_t (*read)(void *context, unsigned char *out, size_t n);
    void *context;
} lapse__zone_source;

/* lapse_zone_parse() over a source; the name is checked for length only. */
lapse_error lapse__zone_read(const char *name, lapse__zone_source source, lapse_zone *zone,
                             lapse_error_detail *detail);

#endif
