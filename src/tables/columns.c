/*
 * The column vocabulary: names and types of every input and output, input
 * values parsed from text, and decision outputs written as text.
 */
#include "columns.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/compiler.h"
#include "core/fail.h"
#include "core/names.h"
#include "core/text.h"

/* What a column's role makes of it: an input, a decision output or both. */
enum { COLUMN_INPUT = 1, COLUMN_DECISION = 2 };
#define ROLE_SUBSCRIPTION COLUMN_INPUT
#define ROLE_REQUEST COLUMN_INPUT
#define ROLE_DECISION COLUMN_DECISION
#define ROLE_CURRENCY (COLUMN_INPUT | COLUMN_DECISION)
#define ROLE_OTHER 0

static const struct {
    const char *name;
    lapse_column_type type;
    lapse_kind kind;
    uint8_t role; /* COLUMN_INPUT | COLUMN_DECISION */
} columns[LAPSE_COLUMN_COUNT] = {
#define COLUMN_ROW(id, name, type, kind, role) \
    [LAPSE_COLUMN_##id] = { #name, LAPSE_COLUMN_TYPE_##type, LAPSE_KIND_##kind, ROLE_##role },
    [LAPSE_COLUMN_NONE] = { NULL, LAPSE_COLUMN_TYPE_NONE, LAPSE_KIND_COUNT, ROLE_OTHER },
    LAPSE__COLUMNS(COLUMN_ROW)
#undef COLUMN_ROW
};

/* The table lists every column once, in the enum's order. */
#define COLUMN_SEQUENCE(id, name, type, kind, role) COLUMN_SEQUENCE_##id,
enum { COLUMN_SEQUENCE_NONE, LAPSE__COLUMNS(COLUMN_SEQUENCE) COLUMN_ROWS };
#undef COLUMN_SEQUENCE
_Static_assert(COLUMN_ROWS == LAPSE_COLUMN_COUNT, "LAPSE__COLUMNS lists every column");
#define COLUMN_IN_ORDER(id, name, type, kind, role)                     \
    _Static_assert((int)COLUMN_SEQUENCE_##id == (int)LAPSE_COLUMN_##id, \
                   "LAPSE__COLUMNS in the order of enum lapse_column: " #id);
LAPSE__COLUMNS(COLUMN_IN_ORDER)
#undef COLUMN_IN_ORDER

lapse_kind lapse__column_kind(lapse_column column)
{
    return (unsigned)column < LAPSE_COLUMN_COUNT ? columns[column].kind : LAPSE_KIND_COUNT;
}

const char *lapse_column_name(lapse_column column)
{
    return (unsigned)column < LAPSE_COLUMN_COUNT ? columns[column].name : NULL;
}

lapse_column_type lapse_column_type_of(lapse_column column)
{
    return (unsigned)column < LAPSE_COLUMN_COUNT ? columns[column].type : LAPSE_COLUMN_TYPE_NONE;
}

int32_t lapse_column_is_input(lapse_column column)
{
    return (unsigned)column < LAPSE_COLUMN_COUNT && (columns[column].role & COLUMN_INPUT);
}

int32_t lapse_column_is_decision(lapse_column column)
{
    return (unsigned)column < LAPSE_COLUMN_COUNT && (columns[column].role & COLUMN_DECISION);
}

lapse_error lapse_column_lookup(const char *text, size_t length, lapse_column *column)
{
    if (!text || !column)
        return LAPSE_ERR_NULL_ARGUMENT;
    for (int c = 1; c < LAPSE_COLUMN_COUNT; c++) {
        if (lapse__same_name(columns[c].name, text, length)) {
            *column = (lapse_column)c;
            return LAPSE_OK;
        }
    }
    return LAPSE_ERR_UNKNOWN_COLUMN;
}

/* ------------------------------------------------------------------------
 * Parsing input values
 * ------------------------------------------------------------------------ */

static lapse_error bad_value(lapse_error_detail *detail, lapse_error code, lapse_column column,
                             const char *text, size_t length, const char *problem)
{
    char quoted[200];
    lapse__quote(text, length, 40, quoted, sizeof quoted);
    const char *name = columns[column].name;
    return lapse__fail(detail, code, name, "%s '%s': %s", name, quoted,
                       problem ? problem : lapse_strerror(code));
}

static lapse_error parse_int(const char *text, size_t length, int32_t *out)
{
    size_t sign = length > 0 && text[0] == '-';
    if (length == sign)
        return LAPSE_ERR_VALUE_SYNTAX;
    for (size_t i = sign; i < length; i++)
        if (text[i] < '0' || text[i] > '9')
            return LAPSE_ERR_VALUE_SYNTAX;
    int64_t value;
    if (!lapse__parse_integer(text, length, &value) || value < INT32_MIN || value > INT32_MAX)
        return LAPSE_ERR_OUT_OF_RANGE;
    *out = (int32_t)value;
    return LAPSE_OK;
}

static bool equals(const char *text, size_t length, const char *word)
{
    return strlen(word) == length && memcmp(text, word, length) == 0;
}

static lapse_error parse_bool(const char *text, size_t length, int32_t *out)
{
    /* t and f are what PostgreSQL's COPY ... CSV writes. */
    if (equals(text, length, "true") || equals(text, length, "1") || equals(text, length, "yes") ||
        equals(text, length, "t")) {
        *out = 1;
        return LAPSE_OK;
    }
    if (equals(text, length, "false") || equals(text, length, "0") || equals(text, length, "no") ||
        equals(text, length, "f")) {
        *out = 0;
        return LAPSE_OK;
    }
    return LAPSE_ERR_VALUE_SYNTAX;
}

lapse__input_field lapse__input_field_of(lapse_column column, lapse_subscription *s,
                                         lapse_request *r)
{
    lapse__input_field f = { NULL, NULL, NULL, NULL };
    switch (column) {
#define INPUT_DATE(f, field) f.date = &(field)
#define INPUT_INTEGER(f, field) f.int32 = &(field)
#define INPUT_BOOLEAN(f, field) f.int32 = &(field)
#define INPUT_AMOUNT(f, field) f.amount = &(field)
#define INPUT_LIST(f, field) f.bits = &(field)
#define INPUT_NAME(f, field) /* the channel: an enum */
#define INPUT_TEXT(f, field) /* items and reduce: read into room of their own */
#define INPUT_SUBSCRIPTION(id, name, type) \
    case LAPSE_COLUMN_##id:                \
        INPUT_##type(f, s->name);          \
        break;
#define INPUT_REQUEST(id, name, type) \
    case LAPSE_COLUMN_##id:           \
        INPUT_##type(f, r->name);     \
        break;
#define INPUT_DECISION(id, name, type)
#define INPUT_CURRENCY(id, name, type) /* text */
#define INPUT_OTHER(id, name, type)
#define INPUT_FIELD(id, name, type, kind, role) INPUT_##role(id, name, type)
        LAPSE__COLUMNS(INPUT_FIELD)
#undef INPUT_FIELD
#undef INPUT_OTHER
#undef INPUT_CURRENCY
#undef INPUT_DECISION
#undef INPUT_REQUEST
#undef INPUT_SUBSCRIPTION
#undef INPUT_TEXT
#undef INPUT_NAME
#undef INPUT_LIST
#undef INPUT_AMOUNT
#undef INPUT_BOOLEAN
#undef INPUT_INTEGER
#undef INPUT_DATE
    default: break; /* not an input */
    }
    return f;
}

/* The room of the items and the reduction being read: LAPSE_ITEMS_MAX of
 * each, or NULL (lapse_inputs_parse has none). */
typedef struct item_room {
    lapse_item *items;
    lapse_reduction *reduce;
} item_room;

/* An `items` or `reduce` cell, read by the core's parsers (their errors
 * name the column and the item) into the room. */
static lapse_error parse_items(lapse_column column, const char *text, size_t length,
                               lapse_subscription *s, lapse_request *r, const item_room *room,
                               lapse_error_detail *detail)
{
    if (!room->items || !room->reduce)
        return bad_value(detail, LAPSE_ERR_OUT_OF_RANGE, column, text, length,
                         "no room for items in lapse_inputs_parse (lapse_inputs_read has it)");
    int32_t count = 0;
    lapse_error error;
    if (column == LAPSE_COLUMN_ITEMS) {
        error = lapse_items_parse(text, length, s->currency, room->items, LAPSE_ITEMS_MAX, &count,
                                  detail);
        s->items = error == LAPSE_OK && count > 0 ? room->items : NULL;
        s->item_count = error == LAPSE_OK ? count : 0;
    } else {
        error = lapse_reductions_parse(text, length, room->reduce, LAPSE_ITEMS_MAX, &count, detail);
        r->reduce = error == LAPSE_OK && count > 0 ? room->reduce : NULL;
        r->reduce_count = error == LAPSE_OK ? count : 0;
    }
    return error;
}

static lapse_error parse_input(lapse_column column, const char *text, size_t length,
                               lapse_subscription *s, lapse_request *r, const item_room *room,
                               lapse_error_detail *detail)
{
    lapse_error error = LAPSE_OK;
    lapse__input_field field = lapse__input_field_of(column, s, r);
    bool flag = lapse_column_type_of(column) == LAPSE_COLUMN_TYPE_BOOLEAN;
    switch (column) {
    case LAPSE_COLUMN_CURRENCY: {
        char code[4] = { 0 };
        if (length == 3)
            memcpy(code, text, 3);
        error = length == 3 ? lapse_currency_digits(code, NULL) : LAPSE_ERR_CURRENCY_SYNTAX;
        if (error)
            return bad_value(detail, error, column, text, length, NULL);
        memcpy(s->currency, code, sizeof code);
        return LAPSE_OK;
    }
    case LAPSE_COLUMN_CHANNEL: {
        uint32_t value;
        if (lapse_name_lookup(LAPSE_KIND_CHANNEL, text, length, &value)) {
            char names[64], message[80];
            lapse__names_list(LAPSE_KIND_CHANNEL, ", ", false, names, sizeof names);
            snprintf(message, sizeof message, "not a channel (%s)", names);
            return bad_value(detail, LAPSE_ERR_UNKNOWN_NAME, column, text, length, message);
        }
        r->channel = (lapse_channel)value;
        return LAPSE_OK;
    }
    case LAPSE_COLUMN_ITEMS:
    case LAPSE_COLUMN_REDUCE: return parse_items(column, text, length, s, r, room, detail);
    case LAPSE_COLUMN_ROLES:
    case LAPSE_COLUMN_PROVIDED: {
        size_t bad_start, bad_length;
        if (lapse__parse_list(lapse__column_kind(column), text, length, field.bits, &bad_start,
                              &bad_length)) {
            char item[64], names[160], message[260];
            lapse__quote(text + bad_start, bad_length, 40, item, sizeof item);
            lapse__names_list(lapse__column_kind(column), ", ", false, names, sizeof names);
            snprintf(message, sizeof message, "'%s' is not one of %s%s", item, names,
                     column == LAPSE_COLUMN_PROVIDED ? ", all" : "");
            return bad_value(detail, LAPSE_ERR_UNKNOWN_NAME, column, text, length, message);
        }
        return LAPSE_OK;
    }
    default: break;
    }
    if (field.date)
        error = lapse_date_parse_n(text, length, field.date);
    else if (field.int32)
        error = flag ? parse_bool(text, length, field.int32) : parse_int(text, length, field.int32);
    else if (field.amount)
        error = lapse_amount_parse_n(text, length, s->currency, field.amount);
    /* else: not an input, ignored */
    if (error == LAPSE_OK)
        return LAPSE_OK;
    const char *problem = NULL;
    if (error == LAPSE_ERR_VALUE_SYNTAX)
        problem = flag ? "not true or false" : "not a whole number";
    return bad_value(detail, error, column, text, length, problem);
}

lapse_error lapse__parse_input(lapse_column column, const char *text, size_t length,
                               lapse_subscription *s, lapse_request *r, lapse_error_detail *detail)
{
    const item_room none = { NULL, NULL }; /* a cell alone has no room for items */
    return parse_input(column, text, length, s, r, &none, detail);
}

static lapse_error read_inputs(const lapse_cell *cells, size_t count,
                               lapse_subscription *subscription, lapse_request *request,
                               const item_room *room, lapse_error_detail *detail)
{
    if (!subscription || !request)
        return lapse__fail_missing(detail, !subscription ? "subscription" : "request");
    if (count > 0 && !cells)
        return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, "cells",
                           "cells: NULL while count is %zu", count);
    lapse_subscription_init(subscription);
    lapse_request_init(request);
    /* Amounts are read in the currency, so the currency goes first. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < count; i++) {
            const lapse_cell *cell = &cells[i];
            bool is_currency = cell->column == LAPSE_COLUMN_CURRENCY;
            if (is_currency != (pass == 0) || cell->length == 0 ||
                !lapse_column_is_input(cell->column))
                continue;
            if (!cell->text)
                return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, columns[cell->column].name,
                                   "%s: text is NULL", columns[cell->column].name);
            lapse_error error = parse_input(cell->column, cell->text, cell->length, subscription,
                                            request, room, detail);
            if (error)
                return error;
        }
    }
    return LAPSE_OK;
}

lapse_error lapse_inputs_parse(const lapse_cell *cells, size_t count,
                               lapse_subscription *subscription, lapse_request *request,
                               lapse_error_detail *detail)
{
    const item_room none = { NULL, NULL };
    return read_inputs(cells, count, subscription, request, &none, detail);
}

lapse_error lapse__inputs_with_items(const lapse_cell *cells, size_t count,
                                     lapse_subscription *subscription, lapse_request *request,
                                     lapse_item *items, lapse_reduction *reduce,
                                     lapse_error_detail *detail)
{
    const item_room room = { items, reduce };
    return read_inputs(cells, count, subscription, request, &room, detail);
}

lapse_error lapse_inputs_read(const lapse_cell *cells, size_t count, lapse_inputs *inputs,
                              lapse_error_detail *detail)
{
    if (!inputs)
        return lapse__fail_missing(detail, "inputs");
    memset(inputs->reserved, 0, sizeof inputs->reserved);
    return lapse__inputs_with_items(cells, count, &inputs->subscription, &inputs->request,
                                    inputs->items, inputs->reduce, detail);
}

size_t lapse_sizeof_inputs(void) { return sizeof(lapse_inputs); }

/* ------------------------------------------------------------------------
 * Writing decision outputs
 * ------------------------------------------------------------------------ */

static size_t format_name(lapse_kind kind, uint32_t value, char *buf, size_t size)
{
    const char *name = lapse_name(kind, value);
    return name ? lapse__copy_text(name, strlen(name), buf, size)
                : lapse__copy_text("", 0, buf, size);
}

static size_t format_bool(int32_t value, char *buf, size_t size)
{
    return value ? lapse__copy_text("true", 4, buf, size) : lapse__copy_text("false", 5, buf, size);
}

#define DECISION_LIST true
#define DECISION_DATE false
#define DECISION_AMOUNT false
#define DECISION_INTEGER false
#define DECISION_BOOLEAN false
#define DECISION_NAME false
#define DECISION_ROLE_DECISION(id, name, type)                        \
    [LAPSE_COLUMN_##id] = { (uint16_t)offsetof(lapse_decision, name), \
                            (uint8_t)sizeof(((lapse_decision *)0)->name), DECISION_##type },
#define DECISION_ROLE_SUBSCRIPTION(id, name, type)
#define DECISION_ROLE_REQUEST(id, name, type)
#define DECISION_ROLE_CURRENCY(id, name, type) /* text: width 0 */
#define DECISION_ROLE_OTHER(id, name, type)
#define DECISION_FIELD(id, name, type, kind, role) DECISION_ROLE_##role(id, name, type)
/* Where each decision column lives in lapse_decision (the lists unsigned):
 * one table for the text of a column, a whole CSV row and arrays alike. */
static const lapse__decision_field decision_fields[LAPSE_COLUMN_COUNT] = { LAPSE__COLUMNS(
    DECISION_FIELD) };

lapse__decision_field lapse__decision_field_of(lapse_column column)
{
    static const lapse__decision_field none = { 0, 0, false };
    return (unsigned)column < LAPSE_COLUMN_COUNT ? decision_fields[column] : none;
}

int64_t lapse__decision_value(const lapse_decision *d, lapse_column column)
{
    return lapse__field_value(d, lapse__decision_field_of(column));
}

/* ------------------------------------------------------------------------
 * A whole decision as one CSV row: what `lapse batch` writes for millions
 * of rows, so each field is written straight into one buffer.
 * ------------------------------------------------------------------------ */

static size_t put_name(lapse_kind kind, uint32_t value, char *out)
{
    /* lapse__name_n() inline: a value past the names, or one without a
     * name, writes nothing. */
    const lapse__name_set *set = &lapse__name_sets[kind];
    if (value >= set->count || set->names[value].length == 0)
        return 0;
    /* Its whole padded room (the row's room counts it): one fixed copy. */
    memcpy(out, set->names[value].text, LAPSE__NAME_ROOM);
    return set->names[value].length;
}

/* A list straight into the row (most lists are empty, the rest short):
 * lapse__format_list() inline, in its order and with its limits (a bit
 * without a name ends the list, and so does a list of 256 bytes), so
 * that the row holds what lapse_decision_format() gives. */
static size_t put_list(lapse_kind kind, uint32_t bits, char *out)
{
    const lapse__name_set *set = &lapse__name_sets[kind];
    size_t n = 0;
    for (; bits; bits &= bits - 1) {
        uint32_t index = LAPSE__LOWEST_BIT(bits);
        if (index >= set->count || set->names[index].length == 0)
            break;
        size_t length = set->names[index].length;
        if (n + length + 2 > 256)
            break;
        /* A ';' always, taken back before the first name; the name as its
         * whole room (what is past it is written over next). */
        out[n] = ';';
        n += n > 0;
        memcpy(out + n, set->names[index].text, LAPSE__NAME_ROOM);
        n += length;
    }
    return n;
}

/* The decision columns of lapse_decision_column(), in a CSV row. */
enum { DECISION_CSV_COLUMNS = 26 };

/* Five bytes either way ("true," or "false"), so no branch on which: a
 * ',' always follows, written over the fifth byte of "true,". */
static size_t put_bool(int32_t value, char *out)
{
    memcpy(out, value ? "true," : "false", 5);
    return value ? 4 : 5;
}

size_t lapse_decision_csv(const lapse_decision *d, char *buf, size_t size)
{
    /* The columns of lapse_decision_column(), written straight in their
     * order (a test checks it against the formatted columns); every field
     * at its longest fits LAPSE_DECISION_CSV_SIZE.  Written in place when
     * the caller's buffer is that large, else in a local copy. */
    char local[LAPSE_DECISION_CSV_SIZE];
    char *row = buf && size >= LAPSE_DECISION_CSV_SIZE ? buf : local;
    size_t n = 0;
    if (!d) {
        memset(row, ',', DECISION_CSV_COLUMNS - 1);
        n = DECISION_CSV_COLUMNS - 1;
    } else {
        n += put_bool(d->allowed, row + n);
        row[n++] = ',';
        n += put_list(LAPSE_KIND_REASON, d->blocked, row + n);
        row[n++] = ',';
        n += put_list(LAPSE_KIND_WARNING, d->warnings, row + n);
        row[n++] = ',';
        n += put_list(LAPSE_KIND_SUPPORT_INFO, d->missing_support_info, row + n);
        row[n++] = ',';
        n += put_name(LAPSE_KIND_ROUTE, (uint32_t)d->route, row + n);
        row[n++] = ',';
        n += lapse__put_date(d->term_start, row + n);
        row[n++] = ',';
        size_t term_end_at = n;
        n += lapse__put_date(d->term_end, row + n);
        size_t term_end_length = n - term_end_at;
        row[n++] = ',';
        n += lapse__put_date(d->notice_deadline, row + n);
        row[n++] = ',';
        n += put_bool(d->renews_first, row + n);
        row[n++] = ',';
        /* Most cancellations end with the term: its text is written once. */
        if (d->effective_end == d->term_end) {
            memcpy(row + n, row + term_end_at, LAPSE_DATE_TEXT_LEN); /* room for a date */
            n += term_end_length;
        } else {
            n += lapse__put_date(d->effective_end, row + n);
        }
        row[n++] = ',';
        n += lapse__put_integer(d->remaining_term_charge, row + n);
        row[n++] = ',';
        n += lapse__put_integer(d->still_to_invoice, row + n);
        row[n++] = ',';
        n += lapse__put_integer(d->refund, row + n);
        row[n++] = ',';
        n += lapse__put_integer(d->termination_fee, row + n);
        row[n++] = ',';
        n += lapse__put_integer(d->invoices_left, row + n);
        row[n++] = ',';
        n += lapse__put_date(d->next_invoice, row + n);
        row[n++] = ',';
        /* The code's length: 3, unless the decision was not lapse's (then
         * counted to its NUL, none without one). */
        size_t currency = 3;
        if (!(d->currency[0] && d->currency[1] && d->currency[2] && !d->currency[3])) {
            currency = 0;
            while (currency < sizeof d->currency && d->currency[currency])
                currency++;
            currency = currency < sizeof d->currency ? currency : 0;
        }
        /* All four bytes, a fixed copy: what is past the code is written
         * over next (the row's room counts the whole field). */
        memcpy(row + n, d->currency, sizeof d->currency);
        n += currency;
        row[n++] = ',';
        n += lapse__put_date(d->data_deleted_on, row + n);
        row[n++] = ',';
        n += put_name(LAPSE_KIND_CONFIRMATION, (uint32_t)d->confirmation, row + n);
        row[n++] = ',';
        n += lapse__put_date(d->change_effective_on, row + n);
        row[n++] = ',';
        /* A change, a balance and a refund's split: zero on most rows, and
         * then written as one constant piece (the test of the row draws
         * each zero or not). */
        if ((d->recurring_after | d->saving | d->applied_to_balance | d->cash_refund |
             d->account_credit) == 0) {
            memcpy(row + n, "0,0,0,0,0,", 10);
            n += 10;
        } else {
            n += lapse__put_integer(d->recurring_after, row + n);
            row[n++] = ',';
            n += lapse__put_integer(d->saving, row + n);
            row[n++] = ',';
            n += lapse__put_integer(d->applied_to_balance, row + n);
            row[n++] = ',';
            n += lapse__put_integer(d->cash_refund, row + n);
            row[n++] = ',';
            n += lapse__put_integer(d->account_credit, row + n);
            row[n++] = ',';
        }
        n += lapse__put_integer(d->balance_after, row + n);
    }
    if (row == buf) {
        buf[n] = '\0';
        return n;
    }
    return lapse__copy_text(row, n, buf, size);
}

size_t lapse_decision_format(const lapse_decision *d, lapse_column column, char *buf, size_t size)
{
    if (!d || !lapse_column_is_decision(column))
        return lapse__copy_text("", 0, buf, size);
    if (column == LAPSE_COLUMN_CURRENCY) {
        const char *nul = memchr(d->currency, '\0', sizeof d->currency);
        size_t length = nul ? (size_t)(nul - d->currency) : 0;
        return lapse__copy_text(d->currency, length, buf, size);
    }
    int64_t value = lapse__decision_value(d, column);
    switch (lapse_column_type_of(column)) {
    case LAPSE_COLUMN_TYPE_BOOLEAN: return format_bool((int32_t)value, buf, size);
    case LAPSE_COLUMN_TYPE_DATE: return lapse_date_format((lapse_date)value, buf, size);
    case LAPSE_COLUMN_TYPE_NAME:
        return format_name(lapse__column_kind(column), (uint32_t)value, buf, size);
    case LAPSE_COLUMN_TYPE_LIST:
        return lapse__format_list(lapse__column_kind(column), (uint32_t)value, ';', buf, size);
    default: return lapse__format_integer(value, buf, size); /* amounts and counts */
    }
}
