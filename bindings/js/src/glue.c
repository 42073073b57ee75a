/*
 * glue.c - the few entry points the JavaScript package calls in lapse.wasm.
 *
 * The package hands inputs over as the tables layer reads them: cells of
 * (column, text) in one shared text area, the column names and types coming
 * from the library itself (lapse_column_name, lapse_column_type_of), so a
 * column the library adds needs no change here.  Decisions come back as the
 * bytes of lapse_decision_json(), the JSON `lapse cancel --json` prints.
 * Amount inputs come as whole numbers of minor units (the JavaScript
 * numbers), written straight into their field through the tables layer's
 * own table of where each input lives (lapse__input_field_of).
 *
 * The areas below are this module's: a wasm instance is used by one
 * JavaScript thread at a time, each call filling them and reading them
 * back before the next.  They are zero-initialised, so they take no room
 * in the .wasm file.  Compiled by emcc only (bindings/js/meson.build).
 */
#include "lapse/tables.h"

#include "core/fail.h"
#include "core/text.h"
#include "tables/columns.h"

#include <emscripten.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define JS EMSCRIPTEN_KEEPALIVE

enum {
    TEXT_SIZE = 1 << 20,   /* input text of one call */
    CELL_COUNT = 1 << 15,  /* cells of one call */
    ROW_COUNT = 1024,      /* rows of one decide_many call */
    OUT_SIZE = 1 << 21,    /* output text of one call */
    EVENT_COUNT = 1 << 15, /* events of one timeline */
    ZONE_SLOTS = 16,       /* zones of one decide_many call */
    ZONE_NONE = -1,        /* row_zone: the row has no zone */
    ZONE_FAILED = -2,      /* row_zone: the package could not load it */
    ROW_ZONE_FAILED = 2,   /* row_failed: the row's zone failed (the package's error) */
    ROW_READ_FAILED = 3,   /* row_failed: the row's inputs failed (details[k]), before
                              the row's own policy would be read */
    READ_ZONE_FAILED = -1  /* read_row: the same (lapse_error codes are positive) */
};

/* One cell as the package writes it: column, offset in text, length. */
typedef struct js_cell {
    int32_t column;
    int32_t offset;
    int32_t length;
} js_cell;

static char text[TEXT_SIZE];
static js_cell js_cells[CELL_COUNT];
static int32_t row_first[ROW_COUNT + 1];
static char out[OUT_SIZE];
static lapse_error_detail details[ROW_COUNT];
static lapse_policy policy;
static lapse_policy row_policy;
static lapse_policy row_policies[ROW_COUNT];
static int32_t row_has_policy[ROW_COUNT];
static lapse_event events[EVENT_COUNT];
static lapse_decision decisions[ROW_COUNT];
static int32_t row_failed[ROW_COUNT];
static lapse_zone zone;
static lapse_lint_finding findings[64];
/* Each row's zone (a slot of zones, or ZONE_NONE, ZONE_FAILED), its items'
 * results (lapse_decide_items) and, with a zone, its instants as text. */
static lapse_zone zones[ZONE_SLOTS];
static int32_t row_zone[ROW_COUNT];
static lapse_item_result item_results[ROW_COUNT][LAPSE_ITEMS_MAX];
static int32_t item_counts[ROW_COUNT];
static char row_instants[ROW_COUNT][2][LAPSE_INSTANT_TEXT_SIZE];
/* The inputs being read (one row at a time). */
static lapse_inputs inputs;

JS char *lapse_js_text(void) { return text; }
JS int32_t lapse_js_text_size(void) { return TEXT_SIZE; }
JS js_cell *lapse_js_cells(void) { return js_cells; }
JS int32_t lapse_js_cell_count(void) { return CELL_COUNT; }
JS int32_t *lapse_js_rows(void) { return row_first; }
JS int32_t lapse_js_row_count(void) { return ROW_COUNT; }
JS char *lapse_js_out(void) { return out; }
JS lapse_error_detail *lapse_js_details(void) { return details; }
JS lapse_policy *lapse_js_policy(void) { return &policy; }
JS lapse_policy *lapse_js_row_policies(void) { return row_policies; }
JS int32_t *lapse_js_row_has_policy(void) { return row_has_policy; }
JS lapse_lint_finding *lapse_js_findings(void) { return findings; }
JS lapse_decision *lapse_js_decisions(void) { return decisions; }
JS int32_t *lapse_js_row_failed(void) { return row_failed; }
JS lapse_zone *lapse_js_zone(void) { return &zone; }
JS lapse_zone *lapse_js_zones(void) { return zones; }
JS int32_t lapse_js_zone_slots(void) { return ZONE_SLOTS; }
JS int32_t *lapse_js_row_zone(void) { return row_zone; }
JS lapse_item_result *lapse_js_item_results(void) { return &item_results[0][0]; }
JS int32_t *lapse_js_item_counts(void) { return item_counts; }
JS char *lapse_js_row_instants(void) { return &row_instants[0][0][0]; }

/* Where a decision column's value lies in lapse_decision, from the tables
 * layer's own table (lapse__decision_field_of): info[0] its offset, [1]
 * its width in bytes (0: the currency, at [0] too), [2] 1 when unsigned. */
JS void lapse_js_decision_field(int32_t column, int32_t *info)
{
    lapse__decision_field field = lapse__decision_field_of((lapse_column)column);
    info[0] = column == LAPSE_COLUMN_CURRENCY ? (int32_t)offsetof(lapse_decision, currency)
                                              : (int32_t)field.offset;
    info[1] = (int32_t)field.width;
    info[2] = field.is_unsigned;
}

/* Where detail and finding fields lie, for the package's reader. */
JS int32_t lapse_js_layout(int32_t which)
{
    switch (which) {
    case 0: return (int32_t)sizeof(lapse_error_detail);
    case 1: return (int32_t)offsetof(lapse_error_detail, code);
    case 2: return (int32_t)offsetof(lapse_error_detail, line);
    case 3: return (int32_t)offsetof(lapse_error_detail, column);
    case 4: return (int32_t)offsetof(lapse_error_detail, field);
    case 5: return (int32_t)offsetof(lapse_error_detail, message);
    case 6: return (int32_t)sizeof(lapse_lint_finding);
    case 7: return (int32_t)offsetof(lapse_lint_finding, key);
    case 8: return (int32_t)offsetof(lapse_lint_finding, line);
    case 9: return (int32_t)offsetof(lapse_lint_finding, column);
    case 10: return (int32_t)offsetof(lapse_lint_finding, message);
    case 11: return (int32_t)sizeof(lapse_policy);
    case 12: return (int32_t)sizeof(lapse_decision);
    case 13: return (int32_t)sizeof(lapse_zone);
    case 14: return (int32_t)sizeof(lapse_item_result);
    case 15: return (int32_t)offsetof(lapse_item_result, name);
    case 16: return (int32_t)offsetof(lapse_item_result, quantity);
    case 17: return (int32_t)offsetof(lapse_item_result, quantity_after);
    case 18: return (int32_t)offsetof(lapse_item_result, released_on);
    case 19: return (int32_t)offsetof(lapse_item_result, unassign);
    case 20: return LAPSE_ITEMS_MAX;
    case 21: return LAPSE_INSTANT_TEXT_SIZE;
    default: return -1;
    }
}

/* The role of a column, from the tables layer's table of columns:
 * 1 subscription input, 2 request input, 3 decision output, 4 the
 * currency (both), 0 anything else. */
JS int32_t lapse_js_column_role(int32_t column)
{
    switch (column) {
#define ROLE_SUBSCRIPTION 1
#define ROLE_REQUEST 2
#define ROLE_DECISION 3
#define ROLE_CURRENCY 4
#define ROLE_OTHER 0
#define ROLE_OF(id, name, type, kind, role) \
    case LAPSE_COLUMN_##id: return ROLE_##role;
        LAPSE__COLUMNS(ROLE_OF)
#undef ROLE_OF
    default: return 0;
    }
}

/* The kind of names a NAME or LIST column holds, else LAPSE_KIND_COUNT. */
JS int32_t lapse_js_column_kind(int32_t column)
{
    switch (column) {
#define KIND_OF(id, name, type, kind, role) \
    case LAPSE_COLUMN_##id: return LAPSE_KIND_##kind;
        LAPSE__COLUMNS(KIND_OF)
#undef KIND_OF
    default: return LAPSE_KIND_COUNT;
    }
}

static lapse_error fail(lapse_error_detail *detail, lapse_error code, const char *field,
                        const char *message, const char *value, size_t length)
{
    memset(detail, 0, sizeof *detail);
    detail->code = code;
    size_t n = strlen(field);
    memcpy(detail->field, field, n < sizeof detail->field ? n : sizeof detail->field - 1);
    size_t at = 0;
    for (const char *p = field; *p && at + 1 < sizeof detail->message; p++)
        detail->message[at++] = *p;
    for (const char *p = " '"; *p && at + 1 < sizeof detail->message; p++)
        detail->message[at++] = *p;
    for (size_t i = 0; i < length && at + 1 < sizeof detail->message; i++)
        detail->message[at++] = value[i];
    for (const char *p = "': "; *p && at + 1 < sizeof detail->message; p++)
        detail->message[at++] = *p;
    for (const char *p = message; *p && at + 1 < sizeof detail->message; p++)
        detail->message[at++] = *p;
    detail->message[at] = '\0';
    return code;
}

/* A whole number of minor units: an optional '-' and 1..19 digits within
 * int64. */
static bool whole_number(const char *t, size_t length, int64_t *out)
{
    size_t i = length > 0 && t[0] == '-';
    if (i == length || length - i > 19)
        return false;
    uint64_t value = 0;
    for (; i < length; i++) {
        if (t[i] < '0' || t[i] > '9')
            return false;
        value = value * 10 + (uint64_t)(t[i] - '0');
    }
    bool negative = t[0] == '-';
    if (value > (uint64_t)INT64_MAX + negative)
        return false;
    *out = negative ? (int64_t)(0 - value) : (int64_t)value;
    return true;
}

/* Reads cells first .. first + count - 1 into `inputs` with the tables
 * layer's lapse_inputs_read() (every input column, items and reduce
 * included, as a CSV row), amounts aside: each, a whole number of minor
 * units, goes into its field afterwards.  Then the request's instant as
 * lapse_table_row() and `lapse batch` take it: requested_at (not with
 * `on`) is the request date in its own offset, or in the row's zone
 * (row_zone[k]) when it has one.  *zoned is the row's zone or NULL.
 * READ_ZONE_FAILED: the inputs are good, the zone the package gave could
 * not be loaded (its error is the package's). */
static int32_t read_row(int32_t k, int32_t first, int32_t count, const lapse_zone **zoned,
                        lapse_error_detail *detail)
{
    static lapse_cell cells[CELL_COUNT];
    *zoned = NULL;
    if (first < 0 || count < 0 || count > CELL_COUNT || first > CELL_COUNT - count)
        return fail(detail, LAPSE_ERR_OUT_OF_RANGE, "cells", "too many inputs", "", 0);
    size_t n = 0;
    const js_cell *at = NULL, *on = NULL;
    for (int32_t i = first; i < first + count; i++) {
        const js_cell *c = &js_cells[i];
        if (c->offset < 0 || c->length < 0 || c->offset > TEXT_SIZE - c->length)
            return fail(detail, LAPSE_ERR_OUT_OF_RANGE, "cells", "outside the text", "", 0);
        if (c->column == LAPSE_COLUMN_REQUESTED_AT && c->length > 0)
            at = c;
        if (c->column == LAPSE_COLUMN_ON && c->length > 0)
            on = c;
        if (lapse_column_type_of((lapse_column)c->column) == LAPSE_COLUMN_TYPE_AMOUNT)
            continue;
        cells[n++] = (lapse_cell){ (lapse_column)c->column, text + c->offset, (size_t)c->length };
    }
    lapse_error error = lapse_inputs_read(cells, n, &inputs, detail);
    if (error)
        return error;
    lapse_subscription *s = &inputs.subscription;
    lapse_request *r = &inputs.request;
    for (int32_t i = first; i < first + count; i++) {
        const js_cell *c = &js_cells[i];
        lapse_column column = (lapse_column)c->column;
        if (lapse_column_type_of(column) != LAPSE_COLUMN_TYPE_AMOUNT || c->length == 0)
            continue;
        lapse__input_field field = lapse__input_field_of(column, s, r);
        const char *value = text + c->offset;
        int64_t amount;
        if (!field.amount)
            continue; /* not an input: lapse_inputs_read ignores it too */
        if (!whole_number(value, (size_t)c->length, &amount))
            return fail(detail, LAPSE_ERR_AMOUNT_RANGE, lapse_column_name(column),
                        "not a whole number of minor units within 64 bits", value,
                        (size_t)c->length);
        *field.amount = amount;
    }
    int64_t instant = 0;
    char quoted[64];
    if (at) {
        const char *value = text + at->offset;
        size_t length = (size_t)at->length;
        lapse__quote(value, length, 40, quoted, sizeof quoted);
        if (on)
            return lapse__fail(detail, LAPSE_ERR_VALUE_SYNTAX, "requested_at",
                               "requested_at '%s': on gives the request date too: give one",
                               quoted);
        int32_t offset;
        if ((error = lapse_instant_parse(value, length, &instant, &offset, detail)))
            return error;
        int64_t local = instant + offset;
        int64_t day = (local - ((local % 86400) + 86400) % 86400) / 86400;
        if (day < LAPSE_DATE_MIN || day > LAPSE_DATE_MAX)
            return lapse__fail(detail, LAPSE_ERR_DATE_RANGE, "requested_at",
                               "requested_at '%s': outside 0001-01-01 to 9999-12-31", quoted);
        r->on = (lapse_date)day;
    }
    int32_t slot = k >= 0 && k < ROW_COUNT ? row_zone[k] : ZONE_NONE;
    if (slot == ZONE_FAILED)
        return READ_ZONE_FAILED;
    if (slot < 0 || slot >= ZONE_SLOTS)
        return LAPSE_OK;
    *zoned = &zones[slot];
    if (at) {
        lapse_date day;
        if (lapse_zone_date(*zoned, instant, &day) != LAPSE_OK) {
            memset(detail, 0, sizeof *detail);
            detail->code = LAPSE_ERR_DATE_RANGE;
            memcpy(detail->field, "requested_at", sizeof "requested_at");
            size_t length = (size_t)at->length < 40 ? (size_t)at->length : 40;
            char value[41];
            memcpy(value, text + at->offset, length);
            value[length] = '\0';
            lapse__fail(detail, LAPSE_ERR_DATE_RANGE, "requested_at",
                        "requested_at '%s': outside 0001-01-01 to 9999-12-31 in %s", value,
                        (*zoned)->name);
            return LAPSE_ERR_DATE_RANGE;
        }
        r->on = day;
    }
    return LAPSE_OK;
}

/* The inputs of the cells as lapse_subscription and lapse_request (in
 * `inputs`), for the calls that take no zone: 0 or -1 and details[0]. */
static lapse_error read_inputs(int32_t first, int32_t count, lapse_subscription **s,
                               lapse_request **r)
{
    const lapse_zone *zoned;
    int32_t error = read_row(0, first, count, &zoned, &details[0]);
    if (error == READ_ZONE_FAILED)
        error = fail(&details[0], LAPSE_ERR_VALUE_SYNTAX, "zone", "not loaded", "", 0);
    *s = &inputs.subscription;
    *r = &inputs.request;
    return (lapse_error)error;
}

static int32_t finish(size_t n) { return n < OUT_SIZE ? (int32_t)n : -1; }

static const lapse_policy *chosen(int32_t use_policy)
{
    return use_policy == 1 ? &policy : use_policy == 2 ? &row_policy : NULL;
}

/* Row k (its cells read, its zone) decided under p into decisions[k],
 * item_results[k] and row_instants[k]: 0; 1 (the decision failed) or
 * ROW_READ_FAILED (its inputs did) and details[k]; or ROW_ZONE_FAILED. */
static int32_t decide_row(int32_t k, int32_t first, int32_t count, const lapse_policy *p)
{
    const lapse_zone *zoned;
    int32_t error = read_row(k, first, count, &zoned, &details[k]);
    item_counts[k] = 0;
    row_instants[k][0][0] = row_instants[k][1][0] = '\0';
    if (error == READ_ZONE_FAILED)
        return ROW_ZONE_FAILED;
    if (error)
        return ROW_READ_FAILED;
    if (lapse_decide_cancel(p, &inputs.subscription, &inputs.request, &decisions[k], &details[k]))
        return 1;
    if (inputs.subscription.item_count > 0) {
        size_t n = 0;
        if (lapse_decide_items(p, &inputs.subscription, &inputs.request, item_results[k],
                               LAPSE_ITEMS_MAX, &n, &details[k]))
            return 1;
        item_counts[k] = (int32_t)n;
    }
    if (zoned) {
        int64_t at[2] = { LAPSE_INSTANT_NONE, LAPSE_INSTANT_NONE };
        if (lapse_decision_instants(zoned, &decisions[k], &at[0], &at[1], NULL) != LAPSE_OK)
            at[0] = at[1] = LAPSE_INSTANT_NONE;
        for (int i = 0; i < 2; i++)
            lapse_instant_format(at[i], row_instants[k][i], LAPSE_INSTANT_TEXT_SIZE);
    }
    return 0;
}

/* One decision into decisions[0] (row 0's zone): 0, 1 and details[0], or
 * ROW_ZONE_FAILED. */
JS int32_t lapse_js_decide(int32_t first, int32_t count, int32_t use_policy)
{
    return decide_row(0, first, count, chosen(use_policy));
}

/* Rows 0 .. rows - 1, row k being cells row_first[k] .. row_first[k + 1] - 1
 * in zone row_zone[k], decided under row_policies[k] when row_has_policy[k]
 * (reset here), else the chosen policy, into decisions[k]; row_failed[k]
 * is 1 for a row whose decision failed and ROW_READ_FAILED for one whose
 * inputs did, either's error in details[k] (the package puts a row's own
 * policy error between the two, as lapse batch reads a row),
 * ROW_ZONE_FAILED for a row whose zone the package could not load.  Returns the number of
 * failed rows, or -1 for a count out of range. */
JS int32_t lapse_js_decide_many(int32_t rows, int32_t use_policy)
{
    if (rows < 0 || rows > ROW_COUNT)
        return -1;
    int32_t failed = 0;
    for (int32_t k = 0; k < rows; k++) {
        const lapse_policy *p = row_has_policy[k] ? &row_policies[k] : chosen(use_policy);
        row_has_policy[k] = 0;
        row_failed[k] = decide_row(k, row_first[k], row_first[k + 1] - row_first[k], p);
        failed += row_failed[k] != 0;
    }
    return failed;
}

/* Appends to out at *n. */
static void put(size_t *n, const char *t)
{
    size_t length = strlen(t);
    if (*n + length < OUT_SIZE)
        memcpy(out + *n, t, length);
    *n += length;
}

/* One output of decisions[index] as lapse_decision_format() writes it, in
 * out: for columns of a type the package does not read itself. */
JS int32_t lapse_js_decision_format(int32_t index, int32_t column)
{
    if (index < 0 || index >= ROW_COUNT)
        return -1;
    return finish(lapse_decision_format(&decisions[index], (lapse_column)column, out, OUT_SIZE));
}

/* decisions[index] as the JSON lapse_decision_json_items() writes with its
 * item results, and its instants when zoned (the bytes of `lapse cancel
 * --json [--zone]`), in out: for tests and callers who want the text. */
JS int32_t lapse_js_decision_json(int32_t index, int32_t zoned)
{
    if (index < 0 || index >= ROW_COUNT)
        return -1;
    size_t n = lapse_decision_json_items(&decisions[index], item_results[index],
                                         (size_t)item_counts[index], out, OUT_SIZE);
    if (!zoned || n < 2 || n >= OUT_SIZE)
        return finish(n);
    n--; /* without the closing brace */
    static const char *const keys[] = { ", \"notice_deadline_at\": ", ", \"access_ends_at\": " };
    for (int i = 0; i < 2; i++) {
        put(&n, keys[i]);
        if (row_instants[index][i][0] == '\0') {
            put(&n, "null");
        } else {
            put(&n, "\"");
            put(&n, row_instants[index][i]);
            put(&n, "\"");
        }
    }
    put(&n, "}");
    return finish(n);
}

static void put_date(size_t *n, const char *key, lapse_date date)
{
    char day[LAPSE_DATE_TEXT_SIZE];
    put(n, key);
    if (lapse_date_format(date, day, sizeof day) == 0) {
        put(n, "null");
        return;
    }
    put(n, "\"");
    put(n, day);
    put(n, "\"");
}

static void put_name(size_t *n, const char *key, lapse_kind kind, uint32_t value)
{
    const char *name = lapse_name(kind, value);
    put(n, key);
    if (!name) {
        put(n, "null");
        return;
    }
    put(n, "\"");
    put(n, name);
    put(n, "\"");
}

static void put_integer(size_t *n, const char *key, int64_t value)
{
    char digits[24];
    size_t at = sizeof digits;
    uint64_t v = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    digits[--at] = '\0';
    do {
        digits[--at] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (value < 0)
        digits[--at] = '-';
    put(n, key);
    put(n, digits + at);
}

/* The status on the request date (the `on` cell), as JSON. */
JS int32_t lapse_js_status(int32_t first, int32_t count, int32_t use_policy)
{
    lapse_subscription *s;
    lapse_request *r;
    lapse_status_info info;
    if (read_inputs(first, count, &s, &r) ||
        lapse_status_at(chosen(use_policy), s, r->on, &info, &details[0]))
        return -1;
    size_t n = 0;
    put_name(&n, "{\"status\":", LAPSE_KIND_STATUS, (uint32_t)info.status);
    put_date(&n, ",\"since\":", info.since);
    put_date(&n, ",\"until\":", info.until);
    put_date(&n, ",\"effective_end\":", info.effective_end);
    put_date(&n, ",\"data_deleted_on\":", info.data_deleted_on);
    put_name(&n, ",\"listed_as\":", LAPSE_KIND_LISTING, (uint32_t)info.listed_as);
    put_integer(&n, ",\"refund\":", info.refund);
    put_integer(&n, ",\"termination_fee\":", info.termination_fee);
    put(&n, ",\"currency\":\"");
    put(&n, s->currency);
    put(&n, "\"}");
    return finish(n);
}

/* What reactivating on the request date does, as JSON. */
JS int32_t lapse_js_reactivate(int32_t first, int32_t count, int32_t use_policy)
{
    lapse_subscription *s;
    lapse_request *r;
    lapse_reactivation_info info;
    if (read_inputs(first, count, &s, &r) ||
        lapse_reactivate(chosen(use_policy), s, r->on, &info, &details[0]))
        return -1;
    size_t n = 0;
    put_name(&n, "{\"outcome\":", LAPSE_KIND_REACTIVATION, (uint32_t)info.outcome);
    put_integer(&n, ",\"charge\":", info.charge);
    put_integer(&n, ",\"applied_to_balance\":", info.applied_to_balance);
    put_integer(&n, ",\"cash_refund\":", info.cash_refund);
    put_integer(&n, ",\"account_credit\":", info.account_credit);
    put_date(&n, ",\"effective_end\":", info.effective_end);
    put_date(&n, ",\"data_deleted_on\":", info.data_deleted_on);
    put(&n, ",\"currency\":\"");
    put(&n, s->currency);
    put(&n, "\"}");
    return finish(n);
}

/* The timeline as `lapse timeline --json` writes it. */
JS int32_t lapse_js_timeline(int32_t first, int32_t count, int32_t use_policy)
{
    lapse_subscription *s;
    lapse_request *r;
    size_t total = 0;
    if (read_inputs(first, count, &s, &r) ||
        lapse_timeline(chosen(use_policy), s, r, events, EVENT_COUNT, &total, &details[0]))
        return -1;
    if (total > EVENT_COUNT) {
        fail(&details[0], LAPSE_ERR_OUT_OF_RANGE, "events",
             "more events than the package lists (32768)", "", 0);
        return -1;
    }
    size_t n = 0;
    put(&n, "{\"events\":[");
    for (size_t i = 0; i < total; i++) {
        put_date(&n, i ? ",{\"date\":" : "{\"date\":", events[i].date);
        put_name(&n, ",\"event\":", LAPSE_KIND_EVENT, (uint32_t)events[i].kind);
        if (events[i].term >= 0)
            put_integer(&n, ",\"term\":", events[i].term);
        else
            put(&n, ",\"term\":null");
        put_integer(&n, ",\"amount\":", events[i].amount);
        put(&n, "}");
    }
    put(&n, "],\"currency\":\"");
    put(&n, s->currency);
    put(&n, "\"}");
    return finish(n);
}

/* The language: `length` bytes of text at `offset`, NUL-terminated here. */
static const char *language(int32_t offset, int32_t length)
{
    static char code[16];
    if (offset < 0 || length < 0 || length >= (int32_t)sizeof code || offset > TEXT_SIZE - length)
        return "?";
    memcpy(code, text + offset, (size_t)length);
    code[length] = '\0';
    return code;
}

/* The explanation of the decision these inputs give, or of their status
 * on the request date (what = 1), in out. */
JS int32_t lapse_js_explain(int32_t first, int32_t count, int32_t use_policy, int32_t what,
                            int32_t language_offset, int32_t language_length, int32_t in_zone)
{
    const char *lang = language(language_offset, language_length);
    size_t length = 0;
    const lapse_zone *zoned;
    int32_t error = read_row(0, first, count, &zoned, &details[0]);
    if (error == READ_ZONE_FAILED)
        fail(&details[0], LAPSE_ERR_VALUE_SYNTAX, "zone", "not loaded", "", 0);
    if (error)
        return -1;
    const lapse_subscription *s = &inputs.subscription;
    const lapse_request *r = &inputs.request;
    const lapse_policy *p = chosen(use_policy);
    if (in_zone)
        zoned = &zone;
    if (what == 1) {
        lapse_status_info info;
        if (lapse_status_at(p, s, r->on, &info, &details[0]) ||
            lapse_explain_status(p, s, r->on, &info, lang, out, OUT_SIZE, &length, &details[0]))
            return -1;
    } else {
        lapse_decision d;
        if (lapse_decide_cancel(p, s, r, &d, &details[0]))
            return -1;
        if (zoned ? lapse_explain_in_zone(p, s, r, &d, zoned, lang, out, OUT_SIZE, &length,
                                          &details[0])
                  : lapse_explain(p, s, r, &d, lang, out, OUT_SIZE, &length, &details[0]))
            return -1;
    }
    return finish(length);
}

/* A policy from text (a preset name or settings) into the policy area;
 * the row policy area with target 2.  0, or -1 and details[0]. */
JS int32_t lapse_js_policy_read(int32_t offset, int32_t length, int32_t target)
{
    if (offset < 0 || length < 0 || offset > TEXT_SIZE - length)
        return -1;
    return lapse_policy_read(text + offset, (size_t)length, target == 2 ? &row_policy : &policy,
                             &details[0])
               ? -1
               : 0;
}

/* Checks the policy area as every decision does. */
JS int32_t lapse_js_policy_check(void) { return lapse_policy_check(&policy, &details[0]) ? -1 : 0; }

/* The policy area in canonical text, in out; -1 for an invalid one. */
JS int32_t lapse_js_policy_format(void)
{
    if (lapse_policy_check(&policy, &details[0]))
        return -1;
    return finish(lapse_policy_format(&policy, out, OUT_SIZE));
}

/* The findings of the policy area (from_text 0) or of a policy text; their
 * count (at most 64 written), or -1 and details[0]. */
JS int32_t lapse_js_policy_lint(int32_t from_text, int32_t offset, int32_t length)
{
    size_t count = 0;
    lapse_error error;
    if (from_text) {
        if (offset < 0 || length < 0 || offset > TEXT_SIZE - length)
            return -1;
        error = lapse_policy_lint_text(text + offset, (size_t)length, findings, 64, &count,
                                       &details[0]);
    } else {
        error = lapse_policy_lint(&policy, findings, 64, &count, &details[0]);
    }
    return error ? -1 : (int32_t)(count < 64 ? count : 64);
}

/* The policy key `index`: its name in out (length returned, -1 after the
 * last), its type, kind and offset in out2[0..2]. */
JS int32_t lapse_js_policy_key(int32_t index, int32_t *info)
{
    lapse_policy_key_type type;
    lapse_kind kind;
    size_t offset;
    const char *name = lapse_policy_key((size_t)index, &type, &kind, &offset);
    if (!name)
        return -1;
    info[0] = (int32_t)type;
    info[1] = (int32_t)kind;
    info[2] = (int32_t)offset;
    size_t n = 0;
    put(&n, name);
    return finish(n);
}

/* An amount as decimal text in a currency (3 letters at text + offset),
 * in out; 0 for an unknown currency. */
JS int32_t lapse_js_amount_format(int64_t amount, int32_t offset)
{
    char code[4] = { 0 };
    if (offset < 0 || offset > TEXT_SIZE - 3)
        return 0;
    memcpy(code, text + offset, 3);
    return (int32_t)lapse_amount_format(amount, code, out, OUT_SIZE);
}

/* Decimal text (`length` bytes at text + offset) in a currency (3 letters
 * at text + currency) as minor units in *amount; 0 or -1 and details[0]. */
JS int32_t lapse_js_amount_parse(int32_t offset, int32_t length, int32_t currency, int64_t *amount)
{
    char code[4] = { 0 };
    if (offset < 0 || length < 0 || offset > TEXT_SIZE - length || currency < 0 ||
        currency > TEXT_SIZE - 3)
        return -1;
    memcpy(code, text + currency, 3);
    lapse_error error = lapse_amount_parse_n(text + offset, (size_t)length, code, amount);
    if (error) {
        fail(&details[0], error, "amount", lapse_strerror(error), text + offset, (size_t)length);
        return -1;
    }
    return 0;
}

/* A zone from TZif bytes (text + data, `size` bytes) named by the text at
 * name_offset into the zone area: 0, or -1 and details[0]. */
JS int32_t lapse_js_zone_parse(int32_t name_offset, int32_t name_length, int32_t data_offset,
                               int32_t size)
{
    char name[LAPSE_ZONE_NAME_SIZE];
    if (name_offset < 0 || name_length < 0 || name_offset > TEXT_SIZE - name_length ||
        data_offset < 0 || size < 0 || data_offset > TEXT_SIZE - size)
        return -1;
    if (name_length >= (int32_t)sizeof name) {
        fail(&details[0], LAPSE_ERR_VALUE_SYNTAX, "zone", "longer than an IANA zone name",
             text + name_offset, (size_t)name_length);
        return -1;
    }
    memcpy(name, text + name_offset, (size_t)name_length);
    name[name_length] = '\0';
    return lapse_zone_parse(name, text + data_offset, (size_t)size, &zone, &details[0]) ? -1 : 0;
}

/* The instants of decisions[0] in the zone area, as JSON in out. */
JS int32_t lapse_js_decision_instants(void)
{
    int64_t notice, access;
    if (lapse_decision_instants(&zone, &decisions[0], &notice, &access, &details[0]))
        return -1;
    char at[LAPSE_INSTANT_TEXT_SIZE];
    size_t n = 0;
    put(&n, "{\"notice_deadline_at\":");
    if (lapse_instant_format(notice, at, sizeof at) == 0) {
        put(&n, "null");
    } else {
        put(&n, "\"");
        put(&n, at);
        put(&n, "\"");
    }
    put(&n, ",\"access_ends_at\":");
    if (lapse_instant_format(access, at, sizeof at) == 0) {
        put(&n, "null");
    } else {
        put(&n, "\"");
        put(&n, at);
        put(&n, "\"");
    }
    put(&n, "}");
    return finish(n);
}

/* The local date in the zone area of an RFC 3339 instant (`length` bytes
 * of text at offset), "YYYY-MM-DD" in out; -1 and details[0]. */
JS int32_t lapse_js_zone_date_of(int32_t offset, int32_t length)
{
    int64_t at;
    lapse_date date;
    if (offset < 0 || length < 0 || offset > TEXT_SIZE - length)
        return -1;
    if (lapse_instant_parse(text + offset, (size_t)length, &at, NULL, &details[0]))
        return -1;
    lapse_error error = lapse_zone_date(&zone, at, &date);
    if (error) {
        fail(&details[0], error, "requested_at", lapse_strerror(error), text + offset,
             (size_t)length);
        return -1;
    }
    return finish(lapse_date_format(date, out, OUT_SIZE));
}
