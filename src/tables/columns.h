/* The columns (columns.c): where a column's value lives in the structs and
 * the kind of names it holds. */
#ifndef LAPSE_TABLES_COLUMNS_H
#define LAPSE_TABLES_COLUMNS_H

#include "lapse/tables.h"

#include <stdbool.h>
#include <string.h>

/* Where an input column's value lives in the subscription or the request:
 * one pointer set by the column's type (booleans and whole numbers both in
 * int32), none for the channel (an enum), the currency (text) and columns
 * that are not inputs.  CSV cells and arrays write through it. */
typedef struct lapse__input_field {
    lapse_date *date;
    int32_t *int32;
    int64_t *amount;
    uint32_t *bits;
} lapse__input_field;
lapse__input_field lapse__input_field_of(lapse_column column, lapse_subscription *s,
                                         lapse_request *r);

/* Where a decision column's value lives in lapse_decision: its offset, its
 * width in bytes (4 or 8) and whether it is unsigned (the bit sets); width
 * 0 for the currency and columns that are no decision field. */
typedef struct lapse__decision_field {
    uint16_t offset;
    uint8_t width;
    bool is_unsigned;
} lapse__decision_field;
lapse__decision_field lapse__decision_field_of(lapse_column column);

/* The value of a field of `width` bytes at `base` + offset, widened. */
static inline int64_t lapse__field_value(const void *base, lapse__decision_field field)
{
    const char *p = (const char *)base + field.offset;
    if (field.width == 8) {
        int64_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    if (field.width == 4 && field.is_unsigned) {
        uint32_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    if (field.width == 4) {
        int32_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    return 0;
}

/* A decision column's value as an integer (a date's day number, a name's
 * code, a list's bits); 0 for the currency and other columns. */
int64_t lapse__decision_value(const lapse_decision *d, lapse_column column);

/* The kind of names in a name or list column; LAPSE_KIND_COUNT if none. */
lapse_kind lapse__column_kind(lapse_column column);

#endif
