/*
 * lapse for SQLite: `.load liblapse_sqlite` (or sqlite3_load_extension).
 *
 * Every function takes the subscription and request as the batch CSV
 * columns take them, in one order, positionally (SQLite has no named
 * arguments; NULL or a missing trailing argument is "not given", the CSV
 * default):
 *
 *   start, term, renewal_term, billing, price, currency, contract,
 *   auto_renew, online_cancel, balance, licenses, cancelled_on, on,
 *   channel, roles, can_sign_in, provided, policy, renewal_price, end_on,
 *   billing_day, items, reduce, billing_month, trial_end, concluded_on,
 *   withdrawal_informed, express_request, intro_months, intro_price,
 *   paused_from, resumes_on
 *
 * Values are read as text exactly as CSV cells: dates 'YYYY-MM-DD', amounts
 * decimal in the currency ('20.00', or the integer 20 for 20.00), booleans
 * 1/0, true/false or t/f, lists 'a;b'.  A REAL is read as SQLite's text of
 * it (20.5 as '20.5'), one with a whole-number value as that integer at any
 * size (1e15 as '1000000000000000'), each column's range error beyond its
 * range.  An argument past resumes_on is an error, never ignored.  Outputs:
 * lapse_cancel returns the decision as JSON text, byte for byte `lapse
 * cancel --json`; the scalar functions return dates as 'YYYY-MM-DD' text
 * (NULL for none) and amounts as integers in minor units, as in that JSON.
 * The *_json variants take one JSON object whose keys are the CSV columns,
 * each at most once (values as in CSV, or JSON booleans and numbers; no
 * limit on their length); there `items` may also be an array of objects
 * {"name", "quantity", "unit_price", "committed", "assigned"} (unit_price
 * as text or a number in the currency) and `reduce` an object {"seats":
 * 6}.  lapse_item_results returns the per-item results as text
 * (NAME:QUANTITY:QUANTITY_AFTER:RELEASED_ON:UNASSIGN, ';' between).  lapse_timeline is a table-valued function over
 * such an object.  Errors raise with the lapse message; lapse_try_cancel
 * returns {"error": ..., "field": ..., "code": ...} instead.  lapse_explain
 * and lapse_explain_status take the language ('en' or 'it') first, then the
 * same arguments, and return the text `lapse cancel` or `lapse status`
 * prints.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lapse/tables.h"
#include "lapse_sqlite_text.h"

/* The positional arguments: the input columns, then three more. */
static const lapse_column positional[] = {
    LAPSE_COLUMN_START,
    LAPSE_COLUMN_TERM,
    LAPSE_COLUMN_RENEWAL_TERM,
    LAPSE_COLUMN_BILLING,
    LAPSE_COLUMN_PRICE,
    LAPSE_COLUMN_CURRENCY,
    LAPSE_COLUMN_CONTRACT,
    LAPSE_COLUMN_AUTO_RENEW,
    LAPSE_COLUMN_ONLINE_CANCEL,
    LAPSE_COLUMN_BALANCE,
    LAPSE_COLUMN_LICENSES,
    LAPSE_COLUMN_CANCELLED_ON,
    LAPSE_COLUMN_ON,
    LAPSE_COLUMN_CHANNEL,
    LAPSE_COLUMN_ROLES,
    LAPSE_COLUMN_CAN_SIGN_IN,
    LAPSE_COLUMN_PROVIDED,
    LAPSE_COLUMN_POLICY,
    LAPSE_COLUMN_RENEWAL_PRICE,
    LAPSE_COLUMN_END_ON,
    LAPSE_COLUMN_BILLING_DAY,
    LAPSE_COLUMN_ITEMS,
    LAPSE_COLUMN_REDUCE,
    LAPSE_COLUMN_BILLING_MONTH,
    LAPSE_COLUMN_TRIAL_END,
    LAPSE_COLUMN_CONCLUDED_ON,
    LAPSE_COLUMN_WITHDRAWAL_INFORMED,
    LAPSE_COLUMN_EXPRESS_REQUEST,
    LAPSE_COLUMN_INTRO_MONTHS,
    LAPSE_COLUMN_INTRO_PRICE,
    LAPSE_COLUMN_PAUSED_FROM,
    LAPSE_COLUMN_RESUMES_ON,
};
#define POSITIONAL (sizeof positional / sizeof positional[0])

/* The inputs of one call, decoded; the subscription's items and the
 * request's reduction point into `room` (so an inputs is never copied). */
typedef struct inputs {
    lapse_subscription subscription;
    lapse_request request;
    lapse_inputs room;
    lapse_policy policy;
    lapse_error_detail detail;
    lapse_error error;
    /* lapse_cancel_json's "zone" (#29): loaded from /usr/share/zoneinfo. */
    bool has_zone;
    lapse_zone zone;
} inputs;

/* Cells of up to one value per column, each column at most once. */
typedef struct cells {
    lapse_cell cell[LAPSE_COLUMN_COUNT];
    size_t count;
    const char *policy;
    size_t policy_length;
    bool given[LAPSE_COLUMN_COUNT];
} cells;

/* Adds a cell; false when its column already has one. */
static bool add_cell(cells *c, lapse_column column, const char *text, size_t length)
{
    if ((unsigned)column >= LAPSE_COLUMN_COUNT || c->given[column])
        return false;
    c->given[column] = true;
    if (column == LAPSE_COLUMN_POLICY) {
        c->policy = text;
        c->policy_length = length;
    } else {
        c->cell[c->count++] = (lapse_cell){ column, text, length };
    }
    return true;
}

/* Sets in->error and in->detail: the field (at most LAPSE_FIELD_SIZE - 1
 * bytes, cut by the caller between characters) and the message. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
fail(inputs *in, lapse_error code, const char *field, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(in->detail.message, sizeof in->detail.message, format, args);
    va_end(args);
    snprintf(in->detail.field, sizeof in->detail.field, "%s", field);
    in->detail.code = code;
    in->error = code;
}

/* Parses the cells and the policy into *in (in->error, in->detail). */
static void decode(const cells *c, inputs *in)
{
    in->error = lapse_inputs_read(c->cell, c->count, &in->room, &in->detail);
    in->subscription = in->room.subscription; /* its items in in->room.items */
    in->request = in->room.request;
    lapse_policy_default(&in->policy);
    if (in->error || !c->policy || c->policy_length == 0)
        return;
    in->error = lapse_policy_read(c->policy, c->policy_length, &in->policy, &in->detail);
}

/* A REAL is read as the text SQLite gives it (15 significant digits:
 * 20.5 is '20.5'), except where that text would not be the value: one with
 * a whole-number value reads as that integer, exactly, whatever its size
 * (1e15 as '1000000000000000', where SQLite writes '1.0e+15'), and one of
 * 1e15 or more as its exact decimal (a multiple of 1/8 there, so three
 * decimals hold it).  The column then reads the text as it reads any, its
 * range error beyond its range.  Writes that text into out[REAL_ROOM] and
 * returns its length; 0 to read SQLite's own text; -1 for an infinity (or
 * a NaN), which has no text to read. */
enum { REAL_ROOM = 330 }; /* "-" and 309 digits: -DBL_MAX */
static int real_text(double value, char *out)
{
    if (value != value || value - value != 0)
        return -1;
    double magnitude = value < 0 ? -value : value;
    if (magnitude >= 4503599627370496.0) /* 2^52: from here every double is whole */
        return snprintf(out, REAL_ROOM, "%.0f", value);
    long long whole = (long long)value;
    if ((double)whole == value)
        return snprintf(out, REAL_ROOM, "%lld", whole);
    if (magnitude < 1e15)
        return 0;
    int n = snprintf(out, REAL_ROOM, "%.3f", value);
    while (out[n - 1] == '0')
        out[--n] = '\0';
    return n;
}

static void fail_real(inputs *in, lapse_column column, double value)
{
    const char *name = lapse_column_name(column);
    lapse_error code = lapse_column_type_of(column) == LAPSE_COLUMN_TYPE_AMOUNT
                           ? LAPSE_ERR_AMOUNT_RANGE
                           : LAPSE_ERR_OUT_OF_RANGE;
    fail(in, code, name, "%s '%s': %s", name,
         value != value ? "NaN"
         : value < 0    ? "-Inf"
                        : "Inf",
         lapse_strerror(code));
}

/* The positional arguments, argv[0] being argument number `first` of the
 * function (1, or 2 after lapse_explain's language).  An argument past
 * the last input is an error, not ignored. */
static void from_arguments(int argc, sqlite3_value **argv, int first, inputs *in)
{
    cells c;
    memset(&c, 0, sizeof c);
    memset(in, 0, sizeof *in);
    if (argc > (int)POSITIONAL) {
        char field[LAPSE_FIELD_SIZE];
        snprintf(field, sizeof field, "argument %d", first + (int)POSITIONAL);
        fail(in, LAPSE_ERR_TOO_MANY_COLUMNS, field,
             "%s: more arguments than lapse reads (%d given; the last input is %s, argument %d)",
             field, first + argc - 1, lapse_column_name(positional[POSITIONAL - 1]),
             first + (int)POSITIONAL - 1);
        return;
    }
    char reals[POSITIONAL][REAL_ROOM];
    for (int i = 0; i < argc; i++) {
        int type = sqlite3_value_type(argv[i]);
        if (type == SQLITE_NULL)
            continue;
        if (type == SQLITE_FLOAT) {
            double value = sqlite3_value_double(argv[i]);
            int length = real_text(value, reals[i]);
            if (length < 0) {
                fail_real(in, positional[i], value);
                return;
            }
            if (length > 0) {
                add_cell(&c, positional[i], reals[i], (size_t)length);
                continue;
            }
        }
        const char *text = (const char *)sqlite3_value_text(argv[i]);
        add_cell(&c, positional[i], text ? text : "", (size_t)sqlite3_value_bytes(argv[i]));
    }
    decode(&c, in);
}

/* A part of an item or a reduction as JSON gave it, checked to be one
 * part of the text form: no separator of that form in it. */
static bool plain_part(inputs *in, const char *field, long element, const char *part,
                       const char *value)
{
    if (value && strpbrk(value, ":;=") == NULL)
        return true;
    fail(in, value ? LAPSE_ERR_VALUE_SYNTAX : LAPSE_ERR_MISSING, field,
         value ? "%s: element %ld: %s holds ':', ';' or '='" : "%s: element %ld: %s missing", field,
         element, part);
    return false;
}

/* `items` as a JSON array of objects {"name", "quantity", "unit_price",
 * "committed", "assigned"}, or `reduce` as an object {"NAME": QUANTITY},
 * into the text form of the column (sqlite3_malloc'd into *out); false
 * and in->error on anything else. */
static bool items_text(sqlite3 *db, lapse_column column, const char *json, inputs *in, char **out)
{
    bool items = column == LAPSE_COLUMN_ITEMS;
    const char *field = lapse_column_name(column);
    sqlite3_stmt *each = NULL;
    const char *query =
        /* Each part of an object; NULL for an element that is not one
         * (json_extract would fail on it). */
        items ? "SELECT type, CASE WHEN type = 'object' THEN json_extract(value, '$.name') END, "
                "CASE WHEN type = 'object' THEN json_extract(value, '$.quantity') END, "
                "CASE WHEN type = 'object' THEN json_extract(value, '$.unit_price') END, "
                "CASE WHEN type = 'object' THEN json_extract(value, '$.committed') END, "
                "CASE WHEN type = 'object' THEN json_extract(value, '$.assigned') END, "
                "CASE WHEN type = 'object' THEN (SELECT group_concat(key, ', ') FROM "
                "json_each(e.value) WHERE key NOT IN ('name', 'quantity', 'unit_price', "
                "'committed', 'assigned')) END FROM json_each(?1) AS e"
              : "SELECT 'object', key, value FROM json_each(?1)";
    sqlite3_str *text = sqlite3_str_new(db);
    int rc = sqlite3_prepare_v2(db, query, -1, &each, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(each, 1, json, -1, SQLITE_STATIC);
    long element = 0;
    int step = SQLITE_DONE;
    while (rc == SQLITE_OK && !in->error && (step = sqlite3_step(each)) == SQLITE_ROW) {
        element++;
        const char *type = (const char *)sqlite3_column_text(each, 0);
        if (!type || strcmp(type, "object") != 0) {
            fail(in, LAPSE_ERR_VALUE_SYNTAX, field, "%s: element %ld is not an object", field,
                 element);
            break;
        }
        const char *parts[5] = { NULL };
        char reals[5][REAL_ROOM];
        int count = items ? 5 : 2;
        for (int k = 0; k < count; k++) {
            if (sqlite3_column_type(each, k + 1) == SQLITE_FLOAT) {
                double number = sqlite3_column_double(each, k + 1);
                int length = real_text(number, reals[k]);
                if (length < 0) {
                    fail_real(in, column, number);
                    break;
                }
                if (length > 0) {
                    parts[k] = reals[k];
                    continue;
                }
            }
            parts[k] = (const char *)sqlite3_column_text(each, k + 1);
        }
        if (in->error)
            break;
        const char *unknown = items ? (const char *)sqlite3_column_text(each, 6) : NULL;
        if (unknown) {
            fail(in, LAPSE_ERR_UNKNOWN_NAME, field,
                 "%s: element %ld: unknown key %.60s (name, quantity, unit_price, committed, "
                 "assigned)",
                 field, element, unknown);
            break;
        }
        static const char *const names[] = { "name", "quantity", "unit_price" };
        bool ok = true;
        for (int k = 0; ok && k < (items ? 3 : 2); k++)
            ok = plain_part(in, field, element,
                            items ? names[k]
                            : k   ? "quantity"
                                  : "name",
                            parts[k]);
        for (int k = 3; ok && items && k < 5; k++)
            ok = !parts[k] ||
                 plain_part(in, field, element, k == 3 ? "committed" : "assigned", parts[k]);
        if (!ok)
            break;
        if (element > 1)
            sqlite3_str_appendchar(text, 1, ';');
        if (items)
            sqlite3_str_appendf(text, "%s:%s:%s", parts[0], parts[1], parts[2]);
        else
            sqlite3_str_appendf(text, "%s=%s", parts[0], parts[1]);
        if (items && (parts[3] || parts[4]))
            sqlite3_str_appendf(text, ":%s", parts[3] ? parts[3] : "0");
        if (items && parts[4])
            sqlite3_str_appendf(text, ":%s", parts[4]);
    }
    if (!in->error && (rc != SQLITE_OK || step != SQLITE_DONE))
        fail(in, LAPSE_ERR_VALUE_SYNTAX, field, "%s: not JSON (%s)", field, sqlite3_errmsg(db));
    sqlite3_finalize(each);
    char *result = sqlite3_str_finish(text);
    if (!in->error && !result && element > 0)
        fail(in, LAPSE_ERR_OUT_OF_RANGE, field, "%s: no memory for its text", field);
    if (in->error) {
        sqlite3_free(result);
        return false;
    }
    *out = result ? result : sqlite3_mprintf("");
    return *out != NULL;
}

/* One JSON object of CSV columns, read with SQLite's own json_each.  A
 * row's texts last only until the next step, so the values are copied into
 * one buffer that grows as needed (no limit but memory and SQLite's own
 * on a value's length); the cells point into it once it is complete. */
static void from_json(sqlite3_context *context, sqlite3_value *object, inputs *in)
{
    sqlite3_stmt *each = NULL;
    char at_text[LAPSE_ZONE_NAME_SIZE] = "", zone_text[LAPSE_ZONE_NAME_SIZE] = "";
    char on_text[LAPSE_DATE_TEXT_SIZE];
    cells c;
    memset(&c, 0, sizeof c);
    memset(in, 0, sizeof *in);
    size_t offset[LAPSE_COLUMN_COUNT] = { 0 }; /* of each column's value in the buffer */
    int rc = sqlite3_prepare_v2(sqlite3_context_db_handle(context),
                                "SELECT key, CASE type WHEN 'true' THEN 'true' WHEN 'false' "
                                "THEN 'false' ELSE value END, type FROM json_each(?1) "
                                "WHERE type <> 'null'",
                                -1, &each, NULL);
    char *structured = NULL; /* items given as an array, reduce as an object: their text */
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_value(each, 1, object);
    char *buffer = NULL;
    size_t used = 0, room = 0;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        if ((rc = sqlite3_step(each)) != SQLITE_ROW)
            break;
        const char *key = (const char *)sqlite3_column_text(each, 0);
        size_t key_length = key ? (size_t)sqlite3_column_bytes(each, 0) : 0;
        /* "requested_at" (RFC 3339 text) and "zone" (an IANA name) give the
         * request date and the deadlines as instants (#29); no column. */
        bool is_at = key && strcmp(key, "requested_at") == 0;
        if (is_at || (key && strcmp(key, "zone") == 0)) {
            char *slot = is_at ? at_text : zone_text;
            const char *value = (const char *)sqlite3_column_text(each, 1);
            size_t length = value ? (size_t)sqlite3_column_bytes(each, 1) : 0;
            if (slot[0] || length == 0 || length >= sizeof at_text) {
                fail(in, LAPSE_ERR_VALUE_SYNTAX, key, "%s: %s", key,
                     slot[0] ? "given twice" : "empty or too long");
                break;
            }
            memcpy(slot, value, length);
            slot[length] = '\0';
            continue;
        }
        lapse_column column;
        if (!key || lapse_column_lookup(key, key_length, &column) != LAPSE_OK) {
            lapse_sqlite_unknown_key(key ? key : "", key_length, &in->detail);
            in->error = in->detail.code;
            break;
        }
        if (c.given[column]) {
            const char *name = lapse_column_name(column);
            fail(in, LAPSE_ERR_DUPLICATE_COLUMN, name, "key '%s': given twice", name);
            break;
        }
        char real[REAL_ROOM];
        int real_length = 0;
        if (sqlite3_column_type(each, 1) == SQLITE_FLOAT) {
            double number = sqlite3_column_double(each, 1);
            if ((real_length = real_text(number, real)) < 0) {
                fail_real(in, column, number);
                break;
            }
        }
        const char *value = real_length ? real : (const char *)sqlite3_column_text(each, 1);
        size_t length = real_length ? (size_t)real_length : (size_t)sqlite3_column_bytes(each, 1);
        const char *type = (const char *)sqlite3_column_text(each, 2);
        bool array = type && strcmp(type, "array") == 0,
             is_object = type && strcmp(type, "object") == 0;
        if ((column == LAPSE_COLUMN_ITEMS && array) ||
            (column == LAPSE_COLUMN_REDUCE && is_object)) {
            sqlite3_free(structured);
            structured = NULL;
            if (!items_text(sqlite3_context_db_handle(context), column, value, in, &structured))
                break;
            value = structured;
            length = strlen(structured);
        }
        if (length + 1 > room - used) {
            size_t grown = room ? room : 256;
            while (grown - used < length + 1)
                grown *= 2;
            char *larger = sqlite3_realloc64(buffer, grown);
            if (!larger) {
                fail(in, LAPSE_ERR_OUT_OF_RANGE, lapse_column_name(column),
                     "%s: no memory for a value of %zu bytes", lapse_column_name(column), length);
                break;
            }
            buffer = larger, room = grown;
        }
        if (length)
            memcpy(buffer + used, value, length);
        buffer[used + length] = '\0';
        offset[column] = used;
        add_cell(&c, column, "", length);
        used += length + 1;
    }
    if (!in->error && rc != SQLITE_DONE)
        fail(in, LAPSE_ERR_VALUE_SYNTAX, "inputs", "inputs: not a JSON object (%s)",
             sqlite3_errmsg(sqlite3_context_db_handle(context)));
    if (!in->error) {
        for (size_t i = 0; i < c.count; i++)
            c.cell[i].text = buffer + offset[c.cell[i].column];
        if (c.policy)
            c.policy = buffer + offset[LAPSE_COLUMN_POLICY];
        if (zone_text[0]) {
            in->error = lapse_zone_load("/usr/share/zoneinfo", zone_text, &in->zone, &in->detail);
            in->has_zone = !in->error;
        }
        if (!in->error && at_text[0]) {
            int64_t at;
            int32_t east;
            lapse_date day;
            if (c.given[LAPSE_COLUMN_ON])
                fail(in, LAPSE_ERR_VALUE_SYNTAX, "requested_at",
                     "requested_at: on and requested_at both give the request date; give one");
            else if (!(in->error = lapse_instant_parse(at_text, strlen(at_text), &at, &east,
                                                       &in->detail))) {
                if (in->has_zone)
                    in->error = lapse_zone_date(&in->zone, at, &day);
                else
                    day =
                        (lapse_date)((at + east - (((at + east) % 86400) + 86400) % 86400) / 86400);
                if (in->error)
                    fail(in, in->error, "requested_at",
                         "requested_at %s: outside 0001-01-01 to "
                         "9999-12-31 in %s",
                         at_text, zone_text);
                else {
                    lapse_date_format(day, on_text, sizeof on_text);
                    add_cell(&c, LAPSE_COLUMN_ON, on_text, LAPSE_DATE_TEXT_LEN);
                }
            }
        }
        if (!in->error)
            decode(&c, in);
    }
    sqlite3_finalize(each);
    sqlite3_free(buffer);
    sqlite3_free(structured);
}

static void result_error_json(sqlite3_context *context, const inputs *in)
{
    char out[LAPSE_SQLITE_ERROR_JSON_SIZE];
    size_t length = lapse_sqlite_error_json(&in->detail, in->error, out);
    sqlite3_result_text(context, out, (int)length, SQLITE_TRANSIENT);
}
/* Decides; on an error raises it (or, when `soft`, returns it as JSON). */
static bool decide(sqlite3_context *context, inputs *in, lapse_decision *d, bool soft)
{
    if (!in->error)
        in->error =
            lapse_decide_cancel(&in->policy, &in->subscription, &in->request, d, &in->detail);
    if (!in->error)
        return true;
    if (soft)
        result_error_json(context, in);
    else
        sqlite3_result_error(context, in->detail.message, -1);
    return false;
}

/* The per-item part of the decision of `in` (lapse_decide_items()):
 * its count, or -1 after raising its error. */
static long item_results(sqlite3_context *context, inputs *in, lapse_item_result *results)
{
    size_t count = 0;
    if (in->subscription.item_count > 0 &&
        (in->error = lapse_decide_items(&in->policy, &in->subscription, &in->request, results,
                                        LAPSE_ITEMS_MAX, &count, &in->detail)) != LAPSE_OK) {
        sqlite3_result_error(context, in->detail.message, -1);
        return -1;
    }
    return (long)count;
}

static void result_decision(sqlite3_context *context, inputs *in, const lapse_decision *d)
{
    lapse_item_result results[LAPSE_ITEMS_MAX];
    long count = item_results(context, in, results);
    if (count < 0)
        return;
    char json[LAPSE_DECISION_JSON_ITEMS_SIZE];
    size_t length = lapse_decision_json_items(d, results, (size_t)count, json, sizeof json);
    sqlite3_result_text(context, json, (int)length, SQLITE_TRANSIENT);
}

static void cancel_function(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    inputs in;
    lapse_decision d;
    from_arguments(argc, argv, 1, &in);
    if (decide(context, &in, &d, sqlite3_user_data(context) != NULL))
        result_decision(context, &in, &d);
}

static void cancel_json_function(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    (void)argc;
    inputs in;
    lapse_decision d;
    from_json(context, argv[0], &in);
    if (!decide(context, &in, &d, sqlite3_user_data(context) != NULL))
        return;
    int64_t at[2];
    if (!in.has_zone || lapse_decision_instants(&in.zone, &d, &at[0], &at[1], NULL) != LAPSE_OK) {
        result_decision(context, &in, &d);
        return;
    }
    lapse_item_result results[LAPSE_ITEMS_MAX];
    long count = item_results(context, &in, results);
    if (count < 0)
        return;
    /* With a zone: notice_deadline_at and access_ends_at after the members. */
    char json[LAPSE_DECISION_JSON_ITEMS_SIZE + 96];
    size_t length = lapse_decision_json_items(&d, results, (size_t)count, json,
                                              LAPSE_DECISION_JSON_ITEMS_SIZE) -
                    1;
    static const char *const keys[] = { "notice_deadline_at", "access_ends_at" };
    for (int i = 0; i < 2; i++) {
        char text[LAPSE_INSTANT_TEXT_SIZE];
        size_t n = lapse_instant_format(at[i], text, sizeof text);
        length +=
            (size_t)snprintf(json + length, sizeof json - length,
                             n ? ", \"%s\": \"%s\"" : ", \"%s\": null%s", keys[i], n ? text : "");
    }
    length += (size_t)snprintf(json + length, sizeof json - length, "}");
    sqlite3_result_text(context, json, (int)length, SQLITE_TRANSIENT);
}

/* A scalar output, its column named by the user data. */
static void scalar_function(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    const lapse_column *column = sqlite3_user_data(context);
    inputs in;
    lapse_decision d;
    from_arguments(argc, argv, 1, &in);
    if (!decide(context, &in, &d, false))
        return;
    if (*column == LAPSE_COLUMN_ITEM_RESULTS) {
        lapse_item_result results[LAPSE_ITEMS_MAX];
        long count = item_results(context, &in, results);
        char text[2048];
        size_t length =
            count > 0 ? lapse_item_results_format(results, (size_t)count, text, sizeof text) : 0;
        if (count >= 0)
            sqlite3_result_text(context, text, (int)length, SQLITE_TRANSIENT);
        return;
    }
    char text[256];
    size_t length = lapse_decision_format(&d, *column, text, sizeof text);
    switch (lapse_column_type_of(*column)) {
    case LAPSE_COLUMN_TYPE_AMOUNT:
    case LAPSE_COLUMN_TYPE_INTEGER: sqlite3_result_int64(context, strtoll(text, NULL, 10)); return;
    case LAPSE_COLUMN_TYPE_BOOLEAN: sqlite3_result_int(context, text[0] == 't'); return;
    default:
        if (length == 0 && lapse_column_type_of(*column) == LAPSE_COLUMN_TYPE_DATE)
            sqlite3_result_null(context);
        else
            sqlite3_result_text(context, text, (int)length, SQLITE_TRANSIENT);
    }
}

static void date_member(char *out, size_t size, size_t *n, const char *key, lapse_date date)
{
    char text[LAPSE_DATE_TEXT_SIZE];
    if (lapse_date_format(date, text, sizeof text) == 0)
        *n += (size_t)snprintf(out + *n, size - *n, ", \"%s\": null", key);
    else
        *n += (size_t)snprintf(out + *n, size - *n, ", \"%s\": \"%s\"", key, text);
}

/* lapse_status(..., on, ...): the status on the request date as JSON. */
static void status_function(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    inputs in;
    from_arguments(argc, argv, 1, &in);
    lapse_status_info st;
    if (!in.error)
        in.error = lapse_status_at(&in.policy, &in.subscription, in.request.on, &st, &in.detail);
    if (in.error) {
        sqlite3_result_error(context, in.detail.message, -1);
        return;
    }
    char out[512];
    size_t n = (size_t)snprintf(out, sizeof out, "{\"status\": \"%s\"",
                                lapse_name(LAPSE_KIND_STATUS, st.status));
    date_member(out, sizeof out, &n, "since", st.since);
    date_member(out, sizeof out, &n, "until", st.until);
    date_member(out, sizeof out, &n, "effective_end", st.effective_end);
    date_member(out, sizeof out, &n, "data_deleted_on", st.data_deleted_on);
    snprintf(out + n, sizeof out - n,
             ", \"listed_as\": \"%s\", \"refund\": %lld, \"termination_fee\": %lld}",
             lapse_name(LAPSE_KIND_LISTING, st.listed_as), (long long)st.refund,
             (long long)st.termination_fee);
    sqlite3_result_text(context, out, -1, SQLITE_TRANSIENT);
}

/* lapse_explain(language, start, term, ...) and lapse_explain_status(language,
 * ...): the text `lapse cancel` and `lapse status` print, in that language;
 * the other arguments as every function takes them. */
static void explain_function(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    bool status = sqlite3_user_data(context) != NULL;
    if (argc < 1) {
        sqlite3_result_error(context, "language: required as the first argument", -1);
        return;
    }
    const char *language = (const char *)sqlite3_value_text(argv[0]);
    inputs in;
    from_arguments(argc - 1, argv + 1, 2, &in);
    lapse_decision d;
    lapse_status_info st;
    if (!in.error)
        in.error =
            status ? lapse_status_at(&in.policy, &in.subscription, in.request.on, &st, &in.detail)
                   : lapse_decide_cancel(&in.policy, &in.subscription, &in.request, &d, &in.detail);
    size_t length = 0;
    char *text = NULL;
    for (int pass = 0; !in.error && pass < 2; pass++) {
        size_t size = pass ? length + 1 : 0;
        if (pass && !(text = sqlite3_malloc64(size))) {
            sqlite3_result_error_nomem(context);
            return;
        }
        in.error = status ? lapse_explain_status(&in.policy, &in.subscription, in.request.on, &st,
                                                 language, text, size, &length, &in.detail)
                          : lapse_explain(&in.policy, &in.subscription, &in.request, &d, language,
                                          text, size, &length, &in.detail);
    }
    if (in.error) {
        sqlite3_free(text);
        sqlite3_result_error(context, in.detail.message, -1);
        return;
    }
    sqlite3_result_text(context, text, (int)length, sqlite3_free);
}

/* lapse_reactivate(..., on, ...): what reactivating on that date does. */
static void reactivate_function(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    inputs in;
    from_arguments(argc, argv, 1, &in);
    lapse_reactivation_info re;
    if (!in.error)
        in.error = lapse_reactivate(&in.policy, &in.subscription, in.request.on, &re, &in.detail);
    if (in.error) {
        sqlite3_result_error(context, in.detail.message, -1);
        return;
    }
    char out[512];
    size_t n = (size_t)snprintf(out, sizeof out, "{\"outcome\": \"%s\"",
                                lapse_name(LAPSE_KIND_REACTIVATION, re.outcome));
    date_member(out, sizeof out, &n, "effective_end", re.effective_end);
    date_member(out, sizeof out, &n, "data_deleted_on", re.data_deleted_on);
    snprintf(out + n, sizeof out - n,
             ", \"charge\": %lld, \"applied_to_balance\": %lld, \"cash_refund\": %lld"
             ", \"account_credit\": %lld}",
             (long long)re.charge, (long long)re.applied_to_balance, (long long)re.cash_refund,
             (long long)re.account_credit);
    sqlite3_result_text(context, out, -1, SQLITE_TRANSIENT);
}

/* lapse_policy_check(text): 1, or the policy's error. */
static void policy_check_function(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    (void)argc;
    cells c = { .count = 0 };
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    add_cell(&c, LAPSE_COLUMN_POLICY, text ? text : "", (size_t)sqlite3_value_bytes(argv[0]));
    add_cell(&c, LAPSE_COLUMN_START, "2000-01-01", 10); /* only the policy is checked */
    inputs in;
    decode(&c, &in);
    if (in.error)
        sqlite3_result_error(context, in.detail.message, -1);
    else
        sqlite3_result_int(context, 1);
}

/* lapse_policy_lint(text): a JSON array of every setting no decision can
 * use, each "LINE:COLUMN: key: message" (`lapse policy lint`'s format
 * without the file; "key: message" for a preset), or the policy's error
 * as lapse_policy_check. */
static void policy_lint_function(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    (void)argc;
    enum { MAX = 32 };
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    size_t length = (size_t)sqlite3_value_bytes(argv[0]);
    if (!text)
        text = "", length = 0;
    lapse_policy policy;
    lapse_lint_finding findings[MAX];
    size_t count = 0;
    lapse_error_detail detail;
    if (lapse_policy_read(text, length, &policy, &detail) != LAPSE_OK ||
        (lapse_policy_lint_text(text, length, findings, MAX, &count, NULL) != LAPSE_OK &&
         lapse_policy_lint(&policy, findings, MAX, &count, &detail) != LAPSE_OK)) {
        sqlite3_result_error(context, detail.message, -1);
        return;
    }
    enum { ITEM = LAPSE_SQLITE_JSON_ROOM(sizeof findings[0].message + 32) };
    char *out = sqlite3_malloc(MAX * (ITEM + 2) + 3);
    if (!out) {
        sqlite3_result_error_nomem(context);
        return;
    }
    size_t n = 0;
    out[n++] = '[';
    for (size_t i = 0; i < count && i < MAX; i++) {
        char item[sizeof findings[0].message + 32];
        if (findings[i].line > 0)
            snprintf(item, sizeof item, "%ld:%ld: %s", (long)findings[i].line,
                     (long)findings[i].column, findings[i].message);
        else
            snprintf(item, sizeof item, "%s", findings[i].message);
        if (i > 0)
            out[n++] = ',', out[n++] = ' ';
        n += lapse_sqlite_json_string(item, out + n, ITEM);
    }
    out[n++] = ']';
    out[n] = '\0';
    sqlite3_result_text(context, out, (int)n, sqlite3_free);
}

/* ------------------------------------------------------------------------
 * lapse_timeline(inputs): the events of a subscription, one row each.
 * ------------------------------------------------------------------------ */

/* The table, with the connection its inputs are read on. */
typedef struct timeline_table {
    sqlite3_vtab base;
    sqlite3 *db;
} timeline_table;

typedef struct timeline_cursor {
    sqlite3_vtab_cursor base;
    lapse_event *events;
    size_t count, at;
    char currency[4];
} timeline_cursor;

enum { COLUMN_DATE, COLUMN_EVENT, COLUMN_TERM, COLUMN_AMOUNT, COLUMN_INPUTS };

static int timeline_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                            sqlite3_vtab **out, char **error)
{
    (void)aux, (void)argc, (void)argv, (void)error;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(date, event, term, amount, inputs HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    timeline_table *table = sqlite3_malloc(sizeof *table);
    if (!table)
        return SQLITE_NOMEM;
    memset(table, 0, sizeof *table);
    table->db = db;
    *out = &table->base;
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    return SQLITE_OK;
}

static int timeline_disconnect(sqlite3_vtab *vtab)
{
    sqlite3_free(vtab);
    return SQLITE_OK;
}

static int timeline_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
    for (int i = 0; i < info->nConstraint; i++) {
        if (info->aConstraint[i].iColumn == COLUMN_INPUTS &&
            info->aConstraint[i].op == SQLITE_INDEX_CONSTRAINT_EQ) {
            if (!info->aConstraint[i].usable)
                return SQLITE_CONSTRAINT;
            info->aConstraintUsage[i].argvIndex = 1;
            info->aConstraintUsage[i].omit = 1;
            info->estimatedCost = 10;
            return SQLITE_OK;
        }
    }
    vtab->zErrMsg = sqlite3_mprintf("lapse_timeline: give the inputs, a JSON object of columns");
    return SQLITE_ERROR;
}

static int timeline_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
    (void)vtab;
    timeline_cursor *cursor = sqlite3_malloc(sizeof *cursor);
    if (!cursor)
        return SQLITE_NOMEM;
    memset(cursor, 0, sizeof *cursor);
    *out = &cursor->base;
    return SQLITE_OK;
}

static int timeline_close(sqlite3_vtab_cursor *base)
{
    timeline_cursor *cursor = (timeline_cursor *)base;
    sqlite3_free(cursor->events);
    sqlite3_free(cursor);
    return SQLITE_OK;
}

static int timeline_filter(sqlite3_vtab_cursor *base, int plan, const char *plan_text, int argc,
                           sqlite3_value **argv);

static int timeline_next(sqlite3_vtab_cursor *base)
{
    ((timeline_cursor *)base)->at++;
    return SQLITE_OK;
}

static int timeline_eof(sqlite3_vtab_cursor *base)
{
    timeline_cursor *cursor = (timeline_cursor *)base;
    return cursor->at >= cursor->count;
}

static int timeline_column(sqlite3_vtab_cursor *base, sqlite3_context *context, int column)
{
    timeline_cursor *cursor = (timeline_cursor *)base;
    const lapse_event *e = &cursor->events[cursor->at];
    char date[LAPSE_DATE_TEXT_SIZE];
    switch (column) {
    case COLUMN_DATE:
        lapse_date_format(e->date, date, sizeof date);
        sqlite3_result_text(context, date, -1, SQLITE_TRANSIENT);
        break;
    case COLUMN_EVENT:
        sqlite3_result_text(context, lapse_name(LAPSE_KIND_EVENT, e->kind), -1, SQLITE_STATIC);
        break;
    case COLUMN_TERM: /* none after the last term: the end and the deletion */
        if (e->term >= 0)
            sqlite3_result_int(context, e->term);
        else
            sqlite3_result_null(context);
        break;
    case COLUMN_AMOUNT: sqlite3_result_int64(context, e->amount); break;
    default: sqlite3_result_null(context); break;
    }
    return SQLITE_OK;
}

static int timeline_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid)
{
    *rowid = (sqlite3_int64)((timeline_cursor *)base)->at + 1;
    return SQLITE_OK;
}

static sqlite3_module timeline_module = {
    .iVersion = 0,
    .xConnect = timeline_connect,
    .xBestIndex = timeline_best_index,
    .xDisconnect = timeline_disconnect,
    .xOpen = timeline_open,
    .xClose = timeline_close,
    .xFilter = timeline_filter,
    .xNext = timeline_next,
    .xEof = timeline_eof,
    .xColumn = timeline_column,
    .xRowid = timeline_rowid,
};

/* The vtab's inputs through a one-row SELECT, so that from_json has a
 * function context (and the connection's json_each): the result goes to
 * the inputs passed as a pointer value. */
static void timeline_inputs(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    (void)argc;
    inputs *in = sqlite3_value_pointer(argv[1], "lapse_inputs");
    if (in)
        from_json(context, argv[0], in);
    sqlite3_result_null(context);
}

static int timeline_filter(sqlite3_vtab_cursor *base, int plan, const char *plan_text, int argc,
                           sqlite3_value **argv)
{
    (void)plan, (void)plan_text;
    timeline_cursor *cursor = (timeline_cursor *)base;
    sqlite3_free(cursor->events);
    cursor->events = NULL;
    cursor->count = cursor->at = 0;
    if (argc < 1)
        return SQLITE_ERROR;
    inputs in;
    memset(&in, 0, sizeof in);
    sqlite3_stmt *call = NULL;
    sqlite3 *db = ((timeline_table *)base->pVtab)->db;
    int rc = sqlite3_prepare_v2(db, "SELECT lapse__timeline_inputs(?1, ?2)", -1, &call, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_bind_value(call, 1, argv[0])) == SQLITE_OK &&
        (rc = sqlite3_bind_pointer(call, 2, &in, "lapse_inputs", NULL)) == SQLITE_OK)
        rc = sqlite3_step(call) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR;
    sqlite3_finalize(call);
    size_t count = 0;
    if (rc == SQLITE_OK && !in.error)
        in.error =
            lapse_timeline(&in.policy, &in.subscription, &in.request, NULL, 0, &count, &in.detail);
    if (rc == SQLITE_OK && !in.error) {
        cursor->events = sqlite3_malloc64(count * sizeof *cursor->events + 1);
        if (!cursor->events)
            return SQLITE_NOMEM;
        in.error = lapse_timeline(&in.policy, &in.subscription, &in.request, cursor->events, count,
                                  &cursor->count, &in.detail);
    }
    if (rc != SQLITE_OK || in.error) {
        sqlite3_free(base->pVtab->zErrMsg);
        base->pVtab->zErrMsg =
            sqlite3_mprintf("%s", in.error ? in.detail.message : "lapse_timeline: bad inputs");
        cursor->count = 0;
        return SQLITE_ERROR;
    }
    return SQLITE_OK;
}

/* ------------------------------------------------------------------------
 * Registration
 * ------------------------------------------------------------------------ */

static const struct {
    const char *name;
    lapse_column column;
} scalars[] = {
    { "lapse_allowed", LAPSE_COLUMN_ALLOWED },
    { "lapse_route", LAPSE_COLUMN_ROUTE },
    { "lapse_term_start", LAPSE_COLUMN_TERM_START },
    { "lapse_term_end", LAPSE_COLUMN_TERM_END },
    { "lapse_notice_deadline", LAPSE_COLUMN_NOTICE_DEADLINE },
    { "lapse_renews_first", LAPSE_COLUMN_RENEWS_FIRST },
    { "lapse_effective_end", LAPSE_COLUMN_EFFECTIVE_END },
    { "lapse_remaining_term_charge", LAPSE_COLUMN_REMAINING_TERM_CHARGE },
    { "lapse_still_to_invoice", LAPSE_COLUMN_STILL_TO_INVOICE },
    { "lapse_refund", LAPSE_COLUMN_REFUND },
    { "lapse_termination_fee", LAPSE_COLUMN_TERMINATION_FEE },
    { "lapse_invoices_left", LAPSE_COLUMN_INVOICES_LEFT },
    { "lapse_next_invoice", LAPSE_COLUMN_NEXT_INVOICE },
    { "lapse_data_deleted_on", LAPSE_COLUMN_DATA_DELETED_ON },
    { "lapse_confirmation", LAPSE_COLUMN_CONFIRMATION },
    { "lapse_change_effective_on", LAPSE_COLUMN_CHANGE_EFFECTIVE_ON },
    { "lapse_recurring_after", LAPSE_COLUMN_RECURRING_AFTER },
    { "lapse_saving", LAPSE_COLUMN_SAVING },
    { "lapse_item_results", LAPSE_COLUMN_ITEM_RESULTS },
    { "lapse_applied_to_balance", LAPSE_COLUMN_APPLIED_TO_BALANCE },
    { "lapse_cash_refund", LAPSE_COLUMN_CASH_REFUND },
    { "lapse_account_credit", LAPSE_COLUMN_ACCOUNT_CREDIT },
    { "lapse_balance_after", LAPSE_COLUMN_BALANCE_AFTER },
};

#ifdef _WIN32
__declspec(dllexport)
#endif
    int sqlite3_lapsesqlite_init(sqlite3 *db, char **error, const sqlite3_api_routines *api);

int sqlite3_lapsesqlite_init(sqlite3 *db, char **error, const sqlite3_api_routines *api)
{
    (void)error;
    SQLITE_EXTENSION_INIT2(api);
    static const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    static const int soft = 1;
    int rc = SQLITE_OK;
    struct {
        const char *name;
        int args;
        void (*function)(sqlite3_context *, int, sqlite3_value **);
        void *data;
    } functions[] = {
        { "lapse_cancel", -1, cancel_function, NULL },
        { "lapse_try_cancel", -1, cancel_function, (void *)&soft },
        { "lapse_cancel_json", 1, cancel_json_function, NULL },
        { "lapse_try_cancel_json", 1, cancel_json_function, (void *)&soft },
        { "lapse_status", -1, status_function, NULL },
        { "lapse_reactivate", -1, reactivate_function, NULL },
        { "lapse_policy_check", 1, policy_check_function, NULL },
        { "lapse_policy_lint", 1, policy_lint_function, NULL },
        { "lapse_explain", -1, explain_function, NULL },
        { "lapse_explain_status", -1, explain_function, (void *)&soft },
    };
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof functions / sizeof functions[0]; i++)
        rc = sqlite3_create_function_v2(db, functions[i].name, functions[i].args, flags,
                                        functions[i].data, functions[i].function, NULL, NULL, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof scalars / sizeof scalars[0]; i++)
        rc = sqlite3_create_function_v2(db, scalars[i].name, -1, flags, (void *)&scalars[i].column,
                                        scalar_function, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "lapse__timeline_inputs", 2,
                                        SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, timeline_inputs,
                                        NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_module(db, "lapse_timeline", &timeline_module, NULL);
    return rc;
}
