/* Splitting table lines into fields (split.c): the general reading of a
 * header or row, and where a CSV record ends. */
#ifndef LAPSE_TABLES_SPLIT_H
#define LAPSE_TABLES_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A field of a line: its offset and length in bytes. */
typedef struct lapse__field {
    uint32_t offset, length;
} lapse__field;

/*
 * Splits a line into at most `max` fields; returns the number of fields
 * found (which may exceed max: the rest are counted, not stored) or -1 on
 * a quoting error, with *bad_column set.  CSV fields are unquoted in place
 * when `writable` is not NULL.  A line without a quote (or a vectors line)
 * is split eight bytes at a time.
 */
int64_t lapse__split(char separator, const char *line, char *writable, size_t length,
                     lapse__field *fields, int32_t max, int32_t *bad_column);

/* CSV records (RFC 4180): whether a line (without its '\n') ends inside a
 * quoted field, given whether it starts inside one (`open`).  A quote opens
 * a field only at the field's start, as lapse_table_row() reads it; a record
 * goes on over the next line while a field is open. */
bool lapse__csv_line_open(const char *line, size_t length, bool open);

#endif
