/* The tables layer's private helpers: the kind of names a column holds and
 * the check of a table struct. */
#ifndef LAPSE_TABLES_COLUMNS_H
#define LAPSE_TABLES_COLUMNS_H

#include "lapse/tables.h"

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

/* A decision column's value as an integer (a date's day number, a name's
 * code, a list's bits); 0 for the currency and other columns. */
int64_t lapse__decision_value(const lapse_decision *d, lapse_column column);

/* The kind of names in a name or list column; LAPSE_KIND_COUNT if none. */
lapse_kind lapse__column_kind(lapse_column column);

/* The table is one lapse_table_header() could have filled: a count within
 * 0..LAPSE_TABLE_MAX_COLUMNS, known columns none given twice, a known
 * separator, zero reserved space.  LAPSE_ERR_TABLE_INVALID otherwise. */
lapse_error lapse__check_table(const lapse_table *table, lapse_error_detail *detail);

#endif
