/*
 * Columns of many rows: decisions read from and written to arrays in
 * place (a structure of arrays), the way numpy and Arrow hold them.
 */
#include "arrays.h"

#include "columns.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/cancel.h"
#include "core/fail.h"
#include "core/model.h"
#include "core/compiler.h"
#include "core/validate.h"

/* The element size of each array type. */
static size_t size_of(lapse_array_type type)
{
    switch (type) {
    case LAPSE_ARRAY_TYPE_INT32: return sizeof(int32_t);
    case LAPSE_ARRAY_TYPE_INT64: return sizeof(int64_t);
    case LAPSE_ARRAY_TYPE_UINT8: return sizeof(uint8_t);
    case LAPSE_ARRAY_TYPE_CODE: return 4;
    case LAPSE_ARRAY_TYPE_DICTIONARY: return sizeof(int32_t); /* its codes, at least */
    case LAPSE_ARRAY_TYPE_TEXT: return sizeof(const char *);
    default: return 0;
    }
}

static const char *type_name(lapse_array_type type)
{
    switch (type) {
    case LAPSE_ARRAY_TYPE_INT32: return "int32";
    case LAPSE_ARRAY_TYPE_INT64: return "int64";
    case LAPSE_ARRAY_TYPE_UINT8: return "uint8";
    case LAPSE_ARRAY_TYPE_CODE: return "code";
    case LAPSE_ARRAY_TYPE_DICTIONARY: return "dictionary";
    case LAPSE_ARRAY_TYPE_TEXT: return "text";
    default: return "none";
    }
}

/* Which array types a column of `type` takes, as a bit per array type. */
static unsigned types_taken(lapse_column column, bool input)
{
    enum {
        I32 = 1u << LAPSE_ARRAY_TYPE_INT32,
        I64 = 1u << LAPSE_ARRAY_TYPE_INT64,
        U8 = 1u << LAPSE_ARRAY_TYPE_UINT8,
        CODE = 1u << LAPSE_ARRAY_TYPE_CODE,
        DICTIONARY = 1u << LAPSE_ARRAY_TYPE_DICTIONARY,
        TEXT = 1u << LAPSE_ARRAY_TYPE_TEXT
    };
    /* Every input also takes its CSV cells' text. */
    unsigned text = input ? DICTIONARY : 0;
    switch (lapse_column_type_of(column)) {
    case LAPSE_COLUMN_TYPE_DATE: return I32 | I64 | text;
    case LAPSE_COLUMN_TYPE_AMOUNT: return input ? I32 | I64 | text : I64;
    case LAPSE_COLUMN_TYPE_INTEGER:
    case LAPSE_COLUMN_TYPE_BOOLEAN:
    case LAPSE_COLUMN_TYPE_NAME: return I32 | I64 | U8 | text;
    case LAPSE_COLUMN_TYPE_LIST: return I32 | I64 | text;
    case LAPSE_COLUMN_TYPE_TEXT:
        if (column == LAPSE_COLUMN_CURRENCY)
            return CODE | text;
        /* Items and reductions as text a row (each row's room is its own). */
        if (input)
            return column == LAPSE_COLUMN_ITEMS || column == LAPSE_COLUMN_REDUCE ? TEXT : 0;
        return column == LAPSE_COLUMN_ITEM_RESULTS ? TEXT : 0;
    default: return 0;
    }
}

/* A dictionary fits: codes of a type it takes, values for its count. */
static lapse_error check_dictionary(const lapse_dictionary *d, const char *name,
                                    lapse_error_detail *detail)
{
    if (d->reserved)
        return lapse__fail(detail, LAPSE_ERR_RESERVED, name,
                           "columns: input %s: dictionary reserved space must be zero", name);
    if (d->code_type != LAPSE_ARRAY_TYPE_INT32 && d->code_type != LAPSE_ARRAY_TYPE_INT64)
        return lapse__fail(detail, LAPSE_ERR_ARRAY_TYPE, name,
                           "columns: input %s: dictionary codes take int32 or int64, not %s", name,
                           type_name(d->code_type));
    if (!d->codes)
        return lapse__fail(detail, LAPSE_ERR_ARRAY_TYPE, name,
                           "columns: input %s: dictionary codes are NULL", name);
    if (d->count > 0 && !d->values)
        return lapse__fail(detail, LAPSE_ERR_ARRAY_TYPE, name,
                           "columns: input %s: dictionary values are NULL while their count is "
                           "%zu",
                           name, d->count);
    for (size_t k = 0; k < d->count; k++)
        if (!d->values[k].data && d->values[k].length)
            return lapse__fail(detail, LAPSE_ERR_ARRAY_TYPE, name,
                               "columns: input %s: dictionary value %zu: NULL data of length %zu",
                               name, k, d->values[k].length);
    return LAPSE_OK;
}

static bool is_output(lapse_column column)
{
    return lapse_column_is_decision(column) || column == LAPSE_COLUMN_STATUS ||
           column == LAPSE_COLUMN_LISTED_AS || column == LAPSE_COLUMN_ERROR ||
           column == LAPSE_COLUMN_ITEM_RESULTS;
}

/* The arrays fit their columns: known, each once, a type the column takes,
 * data, and for outputs a stride that does not write rows over each other. */
static lapse_error check_arrays(const lapse_array *arrays, size_t count, bool input,
                                lapse_error_detail *detail)
{
    const char *role = input ? "input" : "output";
    if (count > 0 && !arrays)
        return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, input ? "inputs" : "outputs",
                           "columns: %s arrays are NULL while their count is %zu", role, count);
    lapse__column_set seen = { { 0 } };
    for (size_t i = 0; i < count; i++) {
        const lapse_array *a = &arrays[i];
        const char *name = lapse_column_name(a->column);
        bool fits = a->column == LAPSE_COLUMN_ERROR || /* an input: rows refused before */
                    (input ? lapse_column_is_input(a->column) : is_output(a->column));
        if (!name || !fits)
            return lapse__fail(detail, LAPSE_ERR_UNKNOWN_COLUMN, name ? name : "",
                               "columns: %s array %zu: column %s is not an %s", role, i,
                               name ? name : "(unknown)", role);
        if (lapse__column_set_has(&seen, (unsigned)a->column))
            return lapse__fail(detail, LAPSE_ERR_DUPLICATE_COLUMN, name,
                               "columns: %s %s given twice", role, name);
        lapse__column_set_add(&seen, (unsigned)a->column);
        if (a->reserved[0] || a->reserved[1])
            return lapse__fail(detail, LAPSE_ERR_RESERVED, name,
                               "columns: %s %s: reserved space must be zero", role, name);
        unsigned taken = a->column == LAPSE_COLUMN_ERROR
                             ? 1u << LAPSE_ARRAY_TYPE_INT32 | 1u << LAPSE_ARRAY_TYPE_INT64
                             : types_taken(a->column, input);
        if ((unsigned)a->type > LAPSE_ARRAY_TYPE_TEXT || !(taken >> a->type & 1)) {
            char allowed[64] = "none";
            size_t used = 0;
            for (unsigned t = LAPSE_ARRAY_TYPE_INT32; t <= LAPSE_ARRAY_TYPE_TEXT; t++)
                if (taken >> t & 1)
                    used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s%s",
                                             used ? " or " : "", type_name((lapse_array_type)t));
            return lapse__fail(detail, LAPSE_ERR_ARRAY_TYPE, name,
                               "columns: %s %s: takes %s, not %s", role, name, allowed,
                               type_name(a->type));
        }
        if (!a->data)
            return lapse__fail(detail, LAPSE_ERR_ARRAY_TYPE, name, "columns: %s %s: data is NULL",
                               role, name);
        if (a->type == LAPSE_ARRAY_TYPE_DICTIONARY) {
            lapse_error error = check_dictionary(a->data, name, detail);
            if (error)
                return error;
        }
        if (!input && (a->stride < 0 ? (size_t)-a->stride : (size_t)a->stride) < size_of(a->type))
            return lapse__fail(detail, LAPSE_ERR_ARRAY_TYPE, name,
                               "columns: output %s: stride %td would write rows over each other",
                               name, a->stride);
    }
    return LAPSE_OK;
}

static const void *at(const lapse_array *a, size_t row)
{
    return (const char *)a->data + (ptrdiff_t)row * a->stride;
}

/* The integer of row `row` (a CODE array is not read here). */
static int64_t integer_at(const lapse_array *a, size_t row)
{
    const void *p = at(a, row);
    switch (a->type) {
    case LAPSE_ARRAY_TYPE_INT32: {
        int32_t v;
        memcpy(&v, p, sizeof v); /* strides need not keep alignment */
        return v;
    }
    case LAPSE_ARRAY_TYPE_INT64: {
        int64_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    default: return *(const uint8_t *)p;
    }
}

static lapse_error bad(lapse_error_detail *detail, lapse_error code, lapse_column column,
                       int64_t value, const char *problem)
{
    const char *name = lapse_column_name(column);
    return lapse__fail(detail, code, name, "%s %lld: %s", name, (long long)value, problem);
}

/* An input resolved once per call: its column's type, and where its value
 * goes in the row's subscription and request (which live for the call). */
/* A dictionary read once a call: each distinct text's value, or FAILED
 * (its rows read it again for the message), so that a row costs a lookup:
 * into the caller's cache, or for a small dictionary one on the stack
 * (nothing is allocated).  Others, and amounts (read in each row's
 * currency), are read row by row.  Every cached value fits 32 bits. */
enum { CACHED_TEXTS = 64, CACHED_COLUMNS = 16 };
#define FAILED INT64_MIN
typedef struct text_cache {
    int64_t value[CACHED_TEXTS];
} text_cache;

typedef struct input_plan {
    const lapse_array *array;
    lapse_column_type type;
    lapse__input_field field;
    const int64_t *cache; /* a dictionary's values, or NULL */
} input_plan;

/* The value an input column's field holds, widened (the currency's four
 * bytes as an integer). */
static int64_t field_value(lapse_column column, lapse_subscription *s, lapse_request *r)
{
    lapse__input_field f = lapse__input_field_of(column, s, r);
    if (f.date)
        return *f.date;
    if (f.int32)
        return *f.int32;
    if (f.amount)
        return *f.amount;
    if (f.bits)
        return *f.bits;
    if (column == LAPSE_COLUMN_CURRENCY) {
        uint32_t code;
        memcpy(&code, s->currency, sizeof code);
        return code;
    }
    return r->channel; /* the one input left: a name */
}

static void set_field(const input_plan *p, int64_t v, lapse_subscription *s, lapse_request *r)
{
    const lapse__input_field *f = &p->field;
    if (f->date)
        *f->date = (lapse_date)v;
    else if (f->int32)
        *f->int32 = (int32_t)v;
    else if (f->amount)
        *f->amount = v;
    else if (f->bits)
        *f->bits = (uint32_t)v;
    else if (p->array->column == LAPSE_COLUMN_CURRENCY) {
        uint32_t code = (uint32_t)v;
        memcpy(s->currency, &code, sizeof code);
    } else
        r->channel = (lapse_channel)v;
}

/* Each distinct text of a small dictionary read once, from the defaults (a
 * row starts from them, and a cell writes its own field alone). */
static void fill_cache(int64_t *cache, const lapse_dictionary *d, lapse_column column,
                       const lapse_subscription *default_s, const lapse_request *default_r)
{
    for (size_t k = 0; k < d->count; k++) {
        lapse_subscription s = *default_s;
        lapse_request r = *default_r;
        const lapse_text *text = &d->values[k];
        bool failed =
            text->length && lapse__parse_input(column, text->data, text->length, &s, &r, NULL);
        cache[k] = failed ? FAILED : field_value(column, &s, &r);
    }
}

/* A row's text cell of a dictionary column, read as CSV reads it. */
static lapse_error read_text(const input_plan *plan, size_t row, lapse_subscription *s,
                             lapse_request *r, lapse_error_detail *detail)
{
    const lapse_array *a = plan->array;
    const lapse_dictionary *d = a->data;
    const char *p = (const char *)d->codes + (ptrdiff_t)row * a->stride;
    int64_t code;
    if (d->code_type == LAPSE_ARRAY_TYPE_INT32) {
        int32_t narrow;
        memcpy(&narrow, p, sizeof narrow);
        code = narrow;
    } else {
        memcpy(&code, p, sizeof code);
    }
    if (code < 0)
        return LAPSE_OK; /* a missing cell: the column's default, as "" */
    if ((uint64_t)code >= d->count)
        return bad(detail, LAPSE_ERR_OUT_OF_RANGE, a->column, code,
                   "not a code of the column's dictionary");
    if (plan->cache && plan->cache[code] != FAILED) {
        set_field(plan, plan->cache[code], s, r);
        return LAPSE_OK;
    }
    const lapse_text *text = &d->values[code];
    if (text->length == 0)
        return LAPSE_OK;
    return lapse__parse_input(a->column, text->data, text->length, s, r, detail);
}

/* The room of a row's items and reduction. */
typedef struct item_room {
    lapse_item items[LAPSE_ITEMS_MAX];
    lapse_reduction reduce[LAPSE_ITEMS_MAX];
} item_room;

/* An items or reduce input (TEXT), read as its CSV cell is. */
static lapse_error read_items(const lapse_array *a, size_t row, lapse_subscription *s,
                              lapse_request *r, item_room *room, lapse_error_detail *detail)
{
    const char *text;
    memcpy(&text, at(a, row), sizeof text);
    if (!text || !text[0])
        return LAPSE_OK;
    /* The cell and the row's currency (read before it), in which the
     * items are priced; the rest of the row is already in s and r. */
    const char *nul = memchr(s->currency, '\0', sizeof s->currency);
    size_t currency = nul ? (size_t)(nul - s->currency) : sizeof s->currency;
    lapse_cell cells[2] = { { LAPSE_COLUMN_CURRENCY, s->currency, currency },
                            { a->column, text, strlen(text) } };
    lapse_subscription parsed_s;
    lapse_request parsed_r;
    lapse_error error =
        lapse__inputs_with_items(cells, 2, &parsed_s, &parsed_r, room->items, room->reduce, detail);
    if (error)
        return error;
    if (a->column == LAPSE_COLUMN_ITEMS) {
        s->items = parsed_s.items;
        s->item_count = parsed_s.item_count;
    } else {
        r->reduce = parsed_r.reduce;
        r->reduce_count = parsed_r.reduce_count;
    }
    return LAPSE_OK;
}

/* One input value into the subscription or the request. */
static lapse_error read_input(const input_plan *p, size_t row, lapse_subscription *s,
                              lapse_request *r, item_room *room, lapse_error_detail *detail)
{
    const lapse_array *a = p->array;
    if (a->type == LAPSE_ARRAY_TYPE_DICTIONARY)
        return read_text(p, row, s, r, detail);
    if (a->type == LAPSE_ARRAY_TYPE_TEXT)
        return read_items(a, row, s, r, room, detail);
    if (a->type == LAPSE_ARRAY_TYPE_CODE) { /* the currency */
        memcpy(s->currency, at(a, row), 3);
        s->currency[3] = '\0';
        return LAPSE_OK;
    }
    int64_t v = integer_at(a, row);
    switch (p->type) {
    case LAPSE_COLUMN_TYPE_DATE: {
        lapse_date date = (lapse_date)v;
        if (a->type == LAPSE_ARRAY_TYPE_INT64) {
            if (v == INT64_MIN || v == LAPSE_DATE_NONE)
                date = LAPSE_DATE_NONE;
            else if (v < LAPSE_DATE_MIN || v > LAPSE_DATE_MAX)
                return bad(detail, LAPSE_ERR_DATE_RANGE, a->column, v,
                           lapse_strerror(LAPSE_ERR_DATE_RANGE));
        }
        *p->field.date = date;
        return LAPSE_OK;
    }
    case LAPSE_COLUMN_TYPE_AMOUNT: *p->field.amount = v; return LAPSE_OK;
    case LAPSE_COLUMN_TYPE_BOOLEAN:
        if (v != 0 && v != 1)
            return bad(detail, LAPSE_ERR_VALUE_SYNTAX, a->column, v, "not a boolean (0 or 1)");
        break;
    case LAPSE_COLUMN_TYPE_LIST:
        if (v < 0 || v > UINT32_MAX)
            return bad(detail, LAPSE_ERR_OUT_OF_RANGE, a->column, v, "not a set of names");
        break;
    default:
        if (v < INT32_MIN || v > INT32_MAX)
            return bad(detail, LAPSE_ERR_OUT_OF_RANGE, a->column, v, "beyond 32 bits");
        break;
    }
    if (p->field.int32)
        *p->field.int32 = (int32_t)v;
    else if (p->field.bits)
        *p->field.bits = (uint32_t)v;
    else
        r->channel = (lapse_channel)v; /* the one input left: a name */
    return LAPSE_OK;
}

static void write_integer(const lapse_array *a, size_t row, int64_t v)
{
    void *p = (char *)a->data + (ptrdiff_t)row * a->stride;
    switch (a->type) {
    case LAPSE_ARRAY_TYPE_INT32: {
        int32_t narrow = (int32_t)v;
        memcpy(p, &narrow, sizeof narrow);
        break;
    }
    case LAPSE_ARRAY_TYPE_INT64: memcpy(p, &v, sizeof v); break;
    default: *(uint8_t *)p = (uint8_t)v; break;
    }
}

/* Where an output's value comes from, found once per call so that each row
 * reads it straight from its field. */
typedef enum source { FROM_DECISION, FROM_STATUS, FROM_ERROR, FROM_CURRENCY, FROM_ITEMS } source;
typedef struct output_plan {
    const lapse_array *array;
    source from;
    lapse__decision_field field; /* in the decision or the status */
    bool is_date;
} output_plan;

static output_plan plan_of(const lapse_array *a)
{
    output_plan plan = { a, FROM_DECISION, lapse__decision_field_of(a->column),
                         lapse_column_type_of(a->column) == LAPSE_COLUMN_TYPE_DATE };
    switch (a->column) {
    case LAPSE_COLUMN_ERROR: plan.from = FROM_ERROR; break;
    case LAPSE_COLUMN_CURRENCY: plan.from = FROM_CURRENCY; break;
    case LAPSE_COLUMN_ITEM_RESULTS: plan.from = FROM_ITEMS; break;
    case LAPSE_COLUMN_STATUS:
    case LAPSE_COLUMN_LISTED_AS:
        plan.from = FROM_STATUS;
        plan.field =
            (lapse__decision_field){ (uint16_t)(a->column == LAPSE_COLUMN_STATUS
                                                    ? offsetof(lapse_status_info, status)
                                                    : offsetof(lapse_status_info, listed_as)),
                                     (uint8_t)sizeof(int32_t), false };
        break;
    default: break;
    }
    return plan;
}

/* A row's per-item results, when it has items and was decided. */
typedef struct row_items {
    lapse_item_result results[LAPSE_ITEMS_MAX];
    size_t count;
} row_items;

static void write_outputs(const output_plan *plans, size_t count, size_t row,
                          const lapse_decision *d, const lapse_status_info *status,
                          const row_items *items, lapse_error error)
{
    for (size_t i = 0; i < count; i++) {
        const output_plan *p = &plans[i];
        int64_t v;
        switch (p->from) {
        case FROM_CURRENCY:
            memcpy((char *)p->array->data + (ptrdiff_t)row * p->array->stride, d->currency, 4);
            continue;
        case FROM_ITEMS: {
            /* The row's room: |stride| bytes, the text cut to fit. */
            char *room = (char *)p->array->data + (ptrdiff_t)row * p->array->stride;
            size_t size =
                p->array->stride < 0 ? (size_t)-p->array->stride : (size_t)p->array->stride;
            if (items->count > 0)
                lapse_item_results_format(items->results, items->count, room, size);
            else
                room[0] = '\0';
            continue;
        }
        case FROM_ERROR: v = error; break;
        case FROM_STATUS: v = lapse__field_value(status, p->field); break;
        default: v = lapse__field_value(d, p->field); break;
        }
        if (p->is_date && v == LAPSE_DATE_NONE && p->array->type == LAPSE_ARRAY_TYPE_INT64)
            v = INT64_MIN; /* numpy's NaT */
        write_integer(p->array, row, v);
    }
}

/* The inputs of a call, planned once: the row's subscription and request
 * start from the defaults each row and receive each input in place. */
typedef struct row_inputs {
    input_plan plans[LAPSE_COLUMN_COUNT]; /* inputs are distinct columns (checked) */
    size_t count;
    const lapse_array *refused; /* an error input column, or NULL */
    lapse_subscription s, default_s;
    lapse_request r, default_r;
    text_cache caches[CACHED_COLUMNS];
    item_room room;
} row_inputs;

static void plan_inputs(row_inputs *in, const lapse_array *inputs, size_t count)
{
    lapse_subscription_init(&in->default_s);
    lapse_request_init(&in->default_r);
    in->count = 0;
    in->refused = NULL;
    size_t cached = 0;
    for (size_t i = 0; i < count; i++) {
        if (inputs[i].column == LAPSE_COLUMN_ERROR) {
            in->refused = &inputs[i];
            continue;
        }
        in->plans[in->count++] =
            (input_plan){ &inputs[i], lapse_column_type_of(inputs[i].column),
                          lapse__input_field_of(inputs[i].column, &in->s, &in->r), NULL };
        const lapse_dictionary *d = inputs[i].data;
        if (inputs[i].type != LAPSE_ARRAY_TYPE_DICTIONARY ||
            lapse_column_type_of(inputs[i].column) == LAPSE_COLUMN_TYPE_AMOUNT)
            continue;
        int64_t *cache = d->cache;
        if (!cache && d->count <= CACHED_TEXTS && cached < CACHED_COLUMNS)
            cache = in->caches[cached++].value;
        if (cache) {
            fill_cache(cache, d, inputs[i].column, &in->default_s, &in->default_r);
            in->plans[in->count - 1].cache = cache;
        }
    }
    /* Items are priced in the row's currency: read last. */
    for (size_t i = 0; i + 1 < in->count; i++) {
        if (in->plans[i].array->column == LAPSE_COLUMN_ITEMS) {
            input_plan items = in->plans[i];
            in->plans[i] = in->plans[in->count - 1];
            in->plans[in->count - 1] = items;
            break;
        }
    }
    /* The currency first, as a CSV row's: amounts as text are read in it. */
    for (size_t i = 1; i < in->count; i++)
        if (in->plans[i].array->column == LAPSE_COLUMN_CURRENCY) {
            input_plan currency = in->plans[i];
            memmove(&in->plans[1], &in->plans[0], i * sizeof in->plans[0]);
            in->plans[0] = currency;
            break;
        }
}

/* One row: its inputs read, decided, and its status when asked for. */
static lapse_error decide_row(const lapse_policy *policy, row_inputs *in, size_t row,
                              bool wants_status, lapse_decision *d, lapse_status_info *status,
                              lapse_error_detail *detail)
{
    if (in->refused && integer_at(in->refused, row) != 0) {
        lapse_error code = (lapse_error)integer_at(in->refused, row);
        return lapse__fail(detail, code, "", "row refused before the call: %s",
                           lapse_error_name(code));
    }
    in->s = in->default_s;
    in->r = in->default_r;
    lapse_error error = LAPSE_OK;
    for (size_t i = 0; i < in->count && !error; i++)
        error = read_input(&in->plans[i], row, &in->s, &in->r, &in->room, detail);
    if (!error)
        error = lapse__check_inputs(policy, &in->s, &in->r, detail);
    if (!error)
        error = lapse__decide(policy, &in->s, &in->r, d, NULL, detail);
    if (!error && wants_status)
        error = lapse_status_at(policy, &in->s, in->r.on, status, detail);
    return error;
}

/* ------------------------------------------------------------------------
 * The block-wise pass: the same rows, BLOCK at a time and column by
 * column.  Each input column is read for the whole block into the
 * block's subscriptions and requests by one loop of its kind (planned
 * once a call), the rows are decided, then each output column is written
 * for the whole block by one loop of its kind: a dispatch a column a
 * block, not a column a row.  A row the loops cannot read as it is
 * common (a value to check, a refused row, a text that fails) is decided
 * by decide_row, the plain twin's own; so is every row of a call with
 * items or a reduction (TEXT inputs).
 * ------------------------------------------------------------------------ */

enum { BLOCK = 64 };

/* How an input column's block is read: by its array type, then checked
 * by its column's type and stored into its field. */
typedef enum input_kind {
    READ_INT32, /* INT32, UINT8 or INT64 integers of every column type */
    READ_INT64,
    READ_UINT8,
    READ_CODE,       /* the currency's 4 bytes */
    READ_DICTIONARY, /* text cells as codes */
} input_kind;

/* What a value must satisfy for its field, as read_input checks it. */
typedef enum input_check {
    CHECK_NONE,    /* any value (an amount; an INT32 or UINT8 whole number) */
    CHECK_DATE64,  /* NaT or LAPSE_DATE_NONE for none, else a day in range */
    CHECK_BOOLEAN, /* 0 or 1 */
    CHECK_BITS,    /* 0 .. UINT32_MAX */
    CHECK_INT32,   /* INT32_MIN .. INT32_MAX */
} input_check;

typedef struct column_reader {
    const input_plan *plan;
    input_kind kind;
    input_check check;
    /* The field: `offset` bytes into each block subscription (or request,
     * `in_request`), `width` 4 or 8 bytes. */
    size_t offset;
    uint8_t width;
    bool in_request;
    /* A dictionary column's field in the defaults, for a missing cell. */
    int64_t missing;
} column_reader;

/* The rows of one block, as the plain path holds one row. */
typedef struct block_rows {
    lapse_subscription s[BLOCK];
    lapse_request r[BLOCK];
    lapse_decision d[BLOCK];
    lapse_status_info status[BLOCK];
    int32_t error[BLOCK];
    bool plain[BLOCK]; /* decided by decide_row */
} block_rows;

_Static_assert(sizeof(lapse_channel) == sizeof(int32_t), "the channel is stored as 4 bytes");

static column_reader reader_of(const input_plan *p, const row_inputs *in)
{
    const lapse_array *a = p->array;
    column_reader c = { p, READ_INT64, CHECK_NONE, 0, 4, false, 0 };
    /* The field's place, from its pointer into the plan's own s and r. */
    uintptr_t field = p->field.date                        ? (uintptr_t)p->field.date
                      : p->field.int32                     ? (uintptr_t)p->field.int32
                      : p->field.amount                    ? (uintptr_t)p->field.amount
                      : p->field.bits                      ? (uintptr_t)p->field.bits
                      : a->column == LAPSE_COLUMN_CURRENCY ? (uintptr_t)in->s.currency
                                                           : (uintptr_t)&in->r.channel;
    c.in_request = field - (uintptr_t)&in->r < sizeof in->r;
    c.offset = (size_t)(field - (c.in_request ? (uintptr_t)&in->r : (uintptr_t)&in->s));
    c.width = p->field.amount ? 8 : 4;
    switch (a->type) {
    case LAPSE_ARRAY_TYPE_INT32: c.kind = READ_INT32; break;
    case LAPSE_ARRAY_TYPE_UINT8: c.kind = READ_UINT8; break;
    case LAPSE_ARRAY_TYPE_CODE: c.kind = READ_CODE; break;
    case LAPSE_ARRAY_TYPE_DICTIONARY: {
        c.kind = READ_DICTIONARY;
        lapse_subscription default_s = in->default_s;
        lapse_request default_r = in->default_r;
        c.missing = field_value(a->column, &default_s, &default_r);
        break;
    }
    default: c.kind = READ_INT64; break;
    }
    switch (p->type) {
    case LAPSE_COLUMN_TYPE_DATE:
        c.check = a->type == LAPSE_ARRAY_TYPE_INT64 ? CHECK_DATE64 : CHECK_NONE;
        break;
    case LAPSE_COLUMN_TYPE_AMOUNT: c.check = CHECK_NONE; break;
    case LAPSE_COLUMN_TYPE_BOOLEAN: c.check = CHECK_BOOLEAN; break;
    case LAPSE_COLUMN_TYPE_LIST:
        c.check = a->type == LAPSE_ARRAY_TYPE_UINT8 ? CHECK_NONE : CHECK_BITS;
        break;
    default: c.check = a->type == LAPSE_ARRAY_TYPE_INT64 ? CHECK_INT32 : CHECK_NONE; break;
    }
    return c;
}

/* The column's field in the block's first row, and the bytes to the
 * next row's. */
static char *first_field(const column_reader *c, block_rows *b, size_t *step)
{
    *step = c->in_request ? sizeof b->r[0] : sizeof b->s[0];
    return (c->in_request ? (char *)b->r : (char *)b->s) + c->offset;
}

static void store(const column_reader *c, block_rows *b, size_t k, int64_t v)
{
    size_t step;
    char *field = first_field(c, b, &step) + k * step;
    if (c->width == 8) {
        memcpy(field, &v, sizeof v);
    } else {
        int32_t narrow = (int32_t)v;
        memcpy(field, &narrow, sizeof narrow);
    }
}

/* A value of an array of `type` (INT32, INT64 or UINT8). */
static LAPSE__INLINE int64_t load(const char *p, lapse_array_type type)
{
    if (type == LAPSE_ARRAY_TYPE_INT32) {
        int32_t narrow;
        memcpy(&narrow, p, sizeof narrow); /* strides need not keep alignment */
        return narrow;
    }
    if (type == LAPSE_ARRAY_TYPE_INT64) {
        int64_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    return *(const uint8_t *)p;
}

/* A cached dictionary column's rows of the block, codes of `code_type`:
 * each code's value looked up and stored (4 bytes: no amount is cached),
 * the column's default for a missing cell; a code past the table or a
 * text that failed sends its row to decide_row, which reads it again and
 * says why. */
static LAPSE__INLINE void cached_rows(const char *codes, ptrdiff_t stride, size_t n,
                                      lapse_array_type code_type, const int64_t *cache,
                                      size_t count, int64_t missing, char *field, size_t step,
                                      bool *plain)
{
    for (bool *end = plain + n; plain < end; plain++, codes += stride, field += step) {
        int64_t code = load(codes, code_type), v = missing;
        if (code >= 0) {
            if ((uint64_t)code < count && cache[code] != FAILED)
                v = cache[code];
            else
                *plain = true;
        }
        int32_t narrow = (int32_t)v;
        memcpy(field, &narrow, sizeof narrow);
    }
}

/* A dictionary column's cells of the block: a cached value or the
 * column's default as they are, other texts read as CSV reads them (in
 * the row's currency, read before); a code past the table or a text that
 * fails sends its row to decide_row, which says why. */
static void read_dictionary_block(const column_reader *c, size_t row0, size_t n, block_rows *b)
{
    const input_plan *p = c->plan;
    const lapse_array *a = p->array;
    const lapse_dictionary *d = a->data;
    const char *codes = (const char *)d->codes + (ptrdiff_t)row0 * a->stride;
    if (p->cache && c->width == 4) {
        size_t step;
        char *field = first_field(c, b, &step);
        if (d->code_type == LAPSE_ARRAY_TYPE_INT32)
            cached_rows(codes, a->stride, n, LAPSE_ARRAY_TYPE_INT32, p->cache, d->count, c->missing,
                        field, step, b->plain);
        else
            cached_rows(codes, a->stride, n, LAPSE_ARRAY_TYPE_INT64, p->cache, d->count, c->missing,
                        field, step, b->plain);
        return;
    }
    for (size_t k = 0; k < n; k++, codes += a->stride) {
        int64_t code;
        if (d->code_type == LAPSE_ARRAY_TYPE_INT32) {
            int32_t narrow;
            memcpy(&narrow, codes, sizeof narrow);
            code = narrow;
        } else {
            memcpy(&code, codes, sizeof code);
        }
        int64_t v = c->missing;
        if (code >= 0) {
            if ((uint64_t)code >= d->count) {
                b->plain[k] = true;
                continue;
            }
            if (p->cache && p->cache[code] != FAILED) {
                v = p->cache[code];
            } else if (d->values[code].length) {
                /* Read in place, from the default as the plain path
                 * (the field holds an earlier row's value). */
                store(c, b, k, v);
                if (lapse__parse_input(a->column, d->values[code].data, d->values[code].length,
                                       &b->s[k], &b->r[k], NULL))
                    b->plain[k] = true;
                continue;
            }
        }
        store(c, b, k, v); /* the currency's code too: its 4 bytes */
    }
}

/* Whether *v passes `check` as read_input checks it (a date's none made
 * LAPSE_DATE_NONE). */
static LAPSE__INLINE bool passes(input_check check, int64_t *v)
{
    switch (check) {
    case CHECK_DATE64:
        if (*v == INT64_MIN || *v == LAPSE_DATE_NONE) {
            *v = LAPSE_DATE_NONE;
            return true;
        }
        return *v >= LAPSE_DATE_MIN && *v <= LAPSE_DATE_MAX;
    case CHECK_BOOLEAN: return (uint64_t)*v <= 1;
    case CHECK_BITS: return (uint64_t)*v <= UINT32_MAX;
    case CHECK_INT32: return *v >= INT32_MIN && *v <= INT32_MAX;
    case CHECK_NONE: break;
    }
    return true;
}

/* A column's rows of the block: each value loaded, checked and stored
 * into its row's field, `width` bytes.  read_block inlines it for each
 * combination of type, check and width that occurs, each then one loop
 * with no test of them.  A value past its check sends its row to
 * decide_row, which says why (stored all the same: the next block
 * writes the field again). */
static LAPSE__INLINE void read_rows(const char *p, ptrdiff_t stride, size_t n, char *field,
                                    size_t step, lapse_array_type type, input_check check,
                                    unsigned width, bool *plain)
{
    for (bool *end = plain + n; plain < end; plain++, p += stride, field += step) {
        int64_t v = load(p, type);
        *plain |= !passes(check, &v);
        if (width == 8) {
            memcpy(field, &v, sizeof v);
        } else {
            int32_t narrow = (int32_t)v;
            memcpy(field, &narrow, sizeof narrow);
        }
    }
}

/* One input column of the block's rows into their fields. */
static void read_block(const column_reader *c, size_t row0, size_t n, block_rows *b)
{
    const lapse_array *a = c->plan->array;
    const char *p = (const char *)a->data + (ptrdiff_t)row0 * a->stride;
    ptrdiff_t stride = a->stride;
    if (c->kind == READ_DICTIONARY) {
        read_dictionary_block(c, row0, n, b);
        return;
    }
    if (c->kind == READ_CODE) {
        for (size_t k = 0; k < n; k++, p += stride) {
            memcpy(b->s[k].currency, p, 3);
            b->s[k].currency[3] = '\0';
        }
        return;
    }
    size_t step;
    char *field = first_field(c, b, &step);
    const lapse_array_type I32 = LAPSE_ARRAY_TYPE_INT32, I64 = LAPSE_ARRAY_TYPE_INT64,
                           U8 = LAPSE_ARRAY_TYPE_UINT8;
    /* The combinations the column types take (reader_of), each its own
     * loop; any other the same loop with the tests made in it. */
    switch (c->kind * 64 + c->check * 8 + c->width) {
    case READ_INT64 * 64 + CHECK_DATE64 * 8 + 4:
        read_rows(p, stride, n, field, step, I64, CHECK_DATE64, 4, b->plain);
        return;
    case READ_INT64 * 64 + CHECK_NONE * 8 + 8:
        read_rows(p, stride, n, field, step, I64, CHECK_NONE, 8, b->plain);
        return;
    case READ_INT64 * 64 + CHECK_INT32 * 8 + 4:
        read_rows(p, stride, n, field, step, I64, CHECK_INT32, 4, b->plain);
        return;
    case READ_INT64 * 64 + CHECK_BITS * 8 + 4:
        read_rows(p, stride, n, field, step, I64, CHECK_BITS, 4, b->plain);
        return;
    case READ_INT64 * 64 + CHECK_BOOLEAN * 8 + 4:
        read_rows(p, stride, n, field, step, I64, CHECK_BOOLEAN, 4, b->plain);
        return;
    case READ_INT32 * 64 + CHECK_NONE * 8 + 4:
        read_rows(p, stride, n, field, step, I32, CHECK_NONE, 4, b->plain);
        return;
    case READ_INT32 * 64 + CHECK_NONE * 8 + 8:
        read_rows(p, stride, n, field, step, I32, CHECK_NONE, 8, b->plain);
        return;
    case READ_INT32 * 64 + CHECK_BITS * 8 + 4:
        read_rows(p, stride, n, field, step, I32, CHECK_BITS, 4, b->plain);
        return;
    case READ_INT32 * 64 + CHECK_BOOLEAN * 8 + 4:
        read_rows(p, stride, n, field, step, I32, CHECK_BOOLEAN, 4, b->plain);
        return;
    case READ_UINT8 * 64 + CHECK_NONE * 8 + 4:
        read_rows(p, stride, n, field, step, U8, CHECK_NONE, 4, b->plain);
        return;
    case READ_UINT8 * 64 + CHECK_BOOLEAN * 8 + 4:
        read_rows(p, stride, n, field, step, U8, CHECK_BOOLEAN, 4, b->plain);
        return;
    default: read_rows(p, stride, n, field, step, a->type, c->check, c->width, b->plain); return;
    }
}

/* How an output column's block is written: from a field of 4 bytes
 * (signed or unsigned) or 8 into an array of its type. */
typedef enum output_kind {
    WRITE_COPY4,    /* a 4-byte field into INT32 (or the currency into CODE) */
    WRITE_COPY8,    /* an 8-byte field into INT64 */
    WRITE_SIGNED,   /* a signed 4-byte field into INT64 */
    WRITE_UNSIGNED, /* an unsigned 4-byte field (a list) into INT64 */
    WRITE_DATE,     /* a date into INT64, NaT for none */
    WRITE_UINT8,    /* a 4-byte field into UINT8 */
    WRITE_NO_ITEMS, /* item_results of rows without items: "" */
    WRITE_GENERAL,  /* anything else, as write_outputs does */
} output_kind;

typedef struct column_writer {
    const output_plan *plan;
    output_kind kind;
} column_writer;

static column_writer writer_of(const output_plan *p)
{
    column_writer w = { p, WRITE_GENERAL };
    lapse_array_type type = p->array->type;
    uint8_t width = p->from == FROM_ERROR || p->from == FROM_CURRENCY ? 4 : p->field.width;
    bool is_unsigned = p->from != FROM_ERROR && p->from != FROM_CURRENCY && p->field.is_unsigned;
    if (p->from == FROM_ITEMS)
        w.kind = WRITE_NO_ITEMS;
    else if (p->from == FROM_CURRENCY)
        w.kind = type == LAPSE_ARRAY_TYPE_CODE ? WRITE_COPY4 : WRITE_GENERAL;
    else if (width == 8)
        w.kind = type == LAPSE_ARRAY_TYPE_INT64 ? WRITE_COPY8 : WRITE_GENERAL;
    else if (width == 4 && type == LAPSE_ARRAY_TYPE_INT32)
        w.kind = WRITE_COPY4;
    else if (width == 4 && type == LAPSE_ARRAY_TYPE_UINT8)
        w.kind = WRITE_UINT8;
    else if (width == 4 && type == LAPSE_ARRAY_TYPE_INT64)
        w.kind = p->is_date ? WRITE_DATE : is_unsigned ? WRITE_UNSIGNED : WRITE_SIGNED;
    return w;
}

/* One output column of the block's rows. */
static void write_block(const column_writer *w, size_t row0, size_t n, const block_rows *b)
{
    const output_plan *p = w->plan;
    const lapse_array *a = p->array;
    char *out = (char *)a->data + (ptrdiff_t)row0 * a->stride;
    ptrdiff_t stride = a->stride;
    /* The source: the field in each row's decision or status, or the
     * row's error. */
    const char *from;
    size_t step;
    switch (p->from) {
    case FROM_ERROR: from = (const char *)b->error, step = sizeof b->error[0]; break;
    case FROM_STATUS:
        from = (const char *)b->status + p->field.offset, step = sizeof b->status[0];
        break;
    case FROM_CURRENCY: from = b->d[0].currency, step = sizeof b->d[0]; break;
    default: from = (const char *)b->d + p->field.offset, step = sizeof b->d[0]; break;
    }
    /* One pointer compared: the loops count no rows. */
    const char *end = from + n * step;
    switch (w->kind) {
    case WRITE_COPY4:
        for (; from < end; from += step, out += stride)
            memcpy(out, from, 4);
        return;
    case WRITE_COPY8:
        for (; from < end; from += step, out += stride)
            memcpy(out, from, 8);
        return;
    case WRITE_SIGNED:
    case WRITE_DATE:
        for (; from < end; from += step, out += stride) {
            int32_t narrow;
            memcpy(&narrow, from, sizeof narrow);
            /* A date's none is numpy's NaT. */
            int64_t v = w->kind == WRITE_DATE && narrow == LAPSE_DATE_NONE ? INT64_MIN : narrow;
            memcpy(out, &v, sizeof v);
        }
        return;
    case WRITE_UNSIGNED:
        for (; from < end; from += step, out += stride) {
            uint32_t bits;
            memcpy(&bits, from, sizeof bits);
            int64_t v = bits;
            memcpy(out, &v, sizeof v);
        }
        return;
    case WRITE_UINT8:
        for (; from < end; from += step, out += stride) {
            int32_t narrow;
            memcpy(&narrow, from, sizeof narrow);
            *(uint8_t *)out = (uint8_t)narrow;
        }
        return;
    case WRITE_NO_ITEMS:
        for (size_t k = 0; k < n; k++, out += stride)
            out[0] = '\0';
        return;
    case WRITE_GENERAL: break;
    }
    for (size_t k = 0; k < n; k++) {
        row_items none;
        none.count = 0;
        write_outputs(p, 1, row0 + k, &b->d[k], &b->status[k], &none, (lapse_error)b->error[k]);
    }
}

/* A call the block-wise pass takes: no items or reduction to read (their
 * rows go through decide_row, the plain way, with each row's room). */
static bool takes_blocks(const row_inputs *in)
{
    for (size_t i = 0; i < in->count; i++)
        if (in->plans[i].array->type == LAPSE_ARRAY_TYPE_TEXT)
            return false;
    return true;
}

/* Rows first .. first + count - 1, BLOCK at a time; returns the failures
 * (their details as the plain path writes them, in row order). */
static size_t decide_blocks(const lapse_policy *policy, row_inputs *in, const output_plan *plans,
                            size_t output_count, bool wants_status, size_t first, size_t count,
                            lapse_error_detail *details, size_t capacity)
{
    column_reader readers[LAPSE_COLUMN_COUNT];
    for (size_t i = 0; i < in->count; i++)
        readers[i] = reader_of(&in->plans[i], in);
    column_writer writers[LAPSE_COLUMN_COUNT];
    for (size_t i = 0; i < output_count; i++)
        writers[i] = writer_of(&plans[i]);
    /* A failed row's outputs: dates none, everything else 0. */
    lapse_decision blank;
    memset(&blank, 0, sizeof blank);
    blank.term_start = blank.term_end = blank.notice_deadline = blank.effective_end =
        blank.next_invoice = blank.data_deleted_on = blank.change_effective_on = LAPSE_DATE_NONE;
    block_rows b;
    /* Every field no input column writes keeps its default, so the
     * defaults are copied once: a column writes its field in every row. */
    for (size_t k = 0; k < BLOCK; k++) {
        b.s[k] = in->default_s;
        b.r[k] = in->default_r;
    }
    size_t failures = 0;
    for (size_t row0 = first, n; row0 < first + count; row0 += n) {
        n = first + count - row0 < BLOCK ? first + count - row0 : BLOCK;
        memset(b.plain, 0, sizeof b.plain);
        if (in->refused)
            for (size_t k = 0; k < n; k++)
                b.plain[k] = integer_at(in->refused, row0 + k) != 0;
        for (size_t i = 0; i < in->count; i++)
            read_block(&readers[i], row0, n, &b);
        for (size_t k = 0; k < n; k++) {
            size_t row = row0 + k;
            lapse_error_detail *row_detail = failures < capacity ? &details[failures] : NULL;
            lapse_error error;
            if (b.plain[k]) {
                error =
                    decide_row(policy, in, row, wants_status, &b.d[k], &b.status[k], row_detail);
            } else {
                error = lapse__check_inputs(policy, &b.s[k], &b.r[k], row_detail);
                if (!error)
                    error = lapse__decide(policy, &b.s[k], &b.r[k], &b.d[k], NULL, row_detail);
                if (!error && wants_status)
                    error = lapse_status_at(policy, &b.s[k], b.r[k].on, &b.status[k], row_detail);
            }
            if (error) {
                if (row_detail)
                    row_detail->line = row >= INT32_MAX ? INT32_MAX : (int32_t)(row + 1);
                failures++;
                b.d[k] = blank;
                memset(&b.status[k], 0, sizeof b.status[k]);
            }
            b.error[k] = (int32_t)error;
        }
        for (size_t i = 0; i < output_count; i++)
            write_block(&writers[i], row0, n, &b);
    }
    return failures;
}

static lapse_error decide_columns(const lapse_policy *policy, const lapse_array *inputs,
                                  size_t input_count, const lapse_array *outputs,
                                  size_t output_count, size_t first, size_t count,
                                  lapse_error_detail *details, size_t capacity, size_t *failed,
                                  lapse_error_detail *detail, bool plain)
{
    if (failed)
        *failed = 0;
    if (!policy)
        policy = &lapse__default_policy;
    lapse_error error = lapse__check_policy(policy, detail);
    if (!error && capacity > 0 && !details)
        error = lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, "details",
                            "columns: details are NULL while their capacity is %zu", capacity);
    if (!error)
        error = check_arrays(inputs, input_count, true, detail);
    if (!error)
        error = check_arrays(outputs, output_count, false, detail);
    if (error)
        return error;
    if (count > 0 && first > SIZE_MAX - count)
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "",
                           "columns: rows %zu and %zu more overflow", first, count);
    row_inputs in;
    plan_inputs(&in, inputs, input_count);
    /* Outputs are distinct columns (checked), so there are fewer than
     * LAPSE_COLUMN_COUNT of them. */
    output_plan plans[LAPSE_COLUMN_COUNT];
    bool wants_status = false, wants_items = false;
    for (size_t i = 0; i < output_count; i++) {
        plans[i] = plan_of(&outputs[i]);
        wants_status |= plans[i].from == FROM_STATUS;
        wants_items |= plans[i].from == FROM_ITEMS;
    }
    if (!plain && takes_blocks(&in)) {
        size_t failures = decide_blocks(policy, &in, plans, output_count, wants_status, first,
                                        count, details, capacity);
        if (failed)
            *failed = failures;
        return LAPSE_OK;
    }
    size_t failures = 0;
    for (size_t row = first; row < first + count; row++) {
        lapse_decision d;
        lapse_status_info status = { 0 };
        /* Only a failed row with room left for its detail formats a
         * message; the others fail with their code alone. */
        lapse_error_detail *row_detail = failures < capacity ? &details[failures] : NULL;
        error = decide_row(policy, &in, row, wants_status, &d, &status, row_detail);
        row_items items;
        items.count = 0;
        /* The per-item part of the same decision, for a row with items. */
        if (!error && wants_items && in.s.item_count > 0)
            error = lapse_decide_items(policy, &in.s, &in.r, items.results, LAPSE_ITEMS_MAX,
                                       &items.count, row_detail);
        if (error) {
            if (row_detail)
                row_detail->line = row >= INT32_MAX ? INT32_MAX : (int32_t)(row + 1);
            failures++;
            /* A blank row: dates none, everything else 0. */
            memset(&d, 0, sizeof d);
            d.term_start = d.term_end = d.notice_deadline = d.effective_end = d.next_invoice =
                d.data_deleted_on = d.change_effective_on = LAPSE_DATE_NONE;
            memset(&status, 0, sizeof status);
            items.count = 0;
        }
        write_outputs(plans, output_count, row, &d, &status, &items, error);
    }
    if (failed)
        *failed = failures;
    return LAPSE_OK;
}

lapse_error lapse_decide_columns_details(const lapse_policy *policy, const lapse_array *inputs,
                                         size_t input_count, const lapse_array *outputs,
                                         size_t output_count, size_t first, size_t count,
                                         lapse_error_detail *details, size_t capacity,
                                         size_t *failed, lapse_error_detail *detail)
{
    return decide_columns(policy, inputs, input_count, outputs, output_count, first, count, details,
                          capacity, failed, detail, false);
}

lapse_error lapse__decide_columns_plain(const lapse_policy *policy, const lapse_array *inputs,
                                        size_t input_count, const lapse_array *outputs,
                                        size_t output_count, size_t first, size_t count,
                                        lapse_error_detail *details, size_t capacity,
                                        size_t *failed, lapse_error_detail *detail)
{
    return decide_columns(policy, inputs, input_count, outputs, output_count, first, count, details,
                          capacity, failed, detail, true);
}

lapse_error lapse_decide_columns(const lapse_policy *policy, const lapse_array *inputs,
                                 size_t input_count, const lapse_array *outputs,
                                 size_t output_count, size_t first, size_t count, size_t *failed,
                                 lapse_error_detail *detail)
{
    /* The first failed row's detail: room for one. */
    return lapse_decide_columns_details(policy, inputs, input_count, outputs, output_count, first,
                                        count, detail, detail ? 1 : 0, failed, detail);
}

size_t lapse_sizeof_array(void) { return sizeof(lapse_array); }
size_t lapse_sizeof_text(void) { return sizeof(lapse_text); }
size_t lapse_sizeof_dictionary(void) { return sizeof(lapse_dictionary); }
