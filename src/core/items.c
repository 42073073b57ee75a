/*
 * Items (seats, add-ons) and reductions: their text forms, their checks and
 * the invoice amount they add (docs/rules.md, "Items" and "Reductions").
 * One parser and one writer of each text form, so that every face (the
 * tool, the tables, Python, SQL) reads and writes the same text.
 */
#include "items.h"

#include "bits.h"
#include "checked.h"
#include "fail.h"
#include "text.h"

#include <stdbool.h>
#include <string.h>

/* 1 to 31 bytes of [a-z0-9_-]. */
static bool name_ok(const char *text, size_t length)
{
    if (length == 0 || length >= LAPSE_ITEM_NAME_SIZE)
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* A NUL-terminated name of a struct, within its array. */
static bool struct_name_ok(const char name[LAPSE_ITEM_NAME_SIZE], size_t *length)
{
    const char *nul = memchr(name, '\0', LAPSE_ITEM_NAME_SIZE);
    if (!nul)
        return false;
    *length = (size_t)(nul - name);
    return name_ok(name, *length);
}

static bool same_name(const char *a, const char *b)
{
    return strncmp(a, b, LAPSE_ITEM_NAME_SIZE) == 0;
}

/* A whole number 0..LAPSE_ITEM_QUANTITY_MAX: 0 syntax, 1 range, 2 fine. */
static int read_quantity(const char *text, size_t length, int32_t *out)
{
    int64_t value;
    for (size_t i = 0; i < length; i++)
        if (text[i] < '0' || text[i] > '9')
            return 0;
    if (!lapse__parse_integer(text, length, &value))
        return length > 0 ? 1 : 0; /* digits only: too many of them */
    if (value > LAPSE_ITEM_QUANTITY_MAX)
        return 1;
    *out = (int32_t)value;
    return 2;
}

/* The message's "item N 'name'" and the problem. */
static lapse_error item_fail(lapse_error_detail *detail, lapse_error code, const char *field,
                             size_t place, const char *name, size_t name_length, const char *what,
                             const char *value, size_t value_length, const char *problem)
{
    char quoted_name[80], quoted_value[80];
    lapse__quote(name, name_length, 31, quoted_name, sizeof quoted_name);
    lapse__quote(value, value_length, 24, quoted_value, sizeof quoted_value);
    return lapse__fail(detail, code, field, "%s: item %zu '%s': %s '%s': %s", field, place,
                       quoted_name, what, quoted_value, problem);
}

/* The next part of `text` up to `separator` (or its end): [*start, *stop). */
static const char *part_end(const char *text, const char *end, char separator)
{
    const char *p = text;
    while (p < end && *p != separator)
        p++;
    return p;
}

lapse_error lapse_items_parse(const char *text, size_t length, const char *currency,
                              lapse_item *items, size_t capacity, int32_t *count,
                              lapse_error_detail *detail)
{
    if (count)
        *count = 0;
    if (!count)
        return lapse__fail_missing(detail, "count");
    if (!text && length > 0)
        return lapse__fail_missing(detail, "text");
    if (!currency)
        return lapse__fail_missing(detail, "currency");
    if (!items && capacity > 0)
        return lapse__fail_missing(detail, "items");
    int32_t digits;
    lapse_error error = lapse_currency_digits(currency, &digits);
    if (error)
        return lapse__fail(detail, error, "currency", "currency: %s", lapse_strerror(error));
    if (length == 0)
        return LAPSE_OK;
    size_t room = capacity < LAPSE_ITEMS_MAX ? capacity : LAPSE_ITEMS_MAX;
    size_t n = 0;
    const char *end = text + length;
    for (const char *p = text;; n++) {
        const char *item_end = part_end(p, end, ';');
        size_t place = n + 1;
        if (n >= room)
            return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "items",
                               "items: more than %zu items%s", room,
                               room == LAPSE_ITEMS_MAX ? " (LAPSE_ITEMS_MAX)" : " (the capacity)");
        /* NAME:QUANTITY:UNIT_PRICE[:COMMITTED[:ASSIGNED]] */
        const char *parts[5], *stops[5];
        size_t parts_given = 0;
        for (const char *q = p; parts_given < 5; parts_given++) {
            parts[parts_given] = q;
            stops[parts_given] = part_end(q, item_end, ':');
            q = stops[parts_given] + 1;
            if (stops[parts_given] == item_end) {
                parts_given++;
                break;
            }
        }
        const char *name = parts[0];
        size_t name_length = (size_t)(stops[0] - name);
        if (parts_given < 3 || stops[parts_given - 1] != item_end)
            return item_fail(detail, LAPSE_ERR_VALUE_SYNTAX, "items", place, name, name_length,
                             "text", p, (size_t)(item_end - p),
                             "not NAME:QUANTITY:UNIT_PRICE[:COMMITTED[:ASSIGNED]]");
        if (!name_ok(name, name_length))
            return item_fail(detail, LAPSE_ERR_VALUE_SYNTAX, "items", place, name, name_length,
                             "name", name, name_length, "not 1 to 31 bytes of a-z, 0-9, _ and -");
        lapse_item item;
        memset(&item, 0, sizeof item);
        memcpy(item.name, name, name_length);
        for (size_t i = 0; i < n; i++)
            if (same_name(items[i].name, item.name))
                return item_fail(detail, LAPSE_ERR_VALUE_SYNTAX, "items", place, name, name_length,
                                 "name", name, name_length, "given twice");
        static const char *const what[5] = { "name", "quantity", "unit_price", "committed",
                                             "assigned" };
        int32_t *numbers[5] = { NULL, &item.quantity, NULL, &item.committed, &item.assigned };
        for (size_t k = 1; k < parts_given; k++) {
            size_t part_length = (size_t)(stops[k] - parts[k]);
            if (k == 2) {
                error = lapse_amount_parse_n(parts[k], part_length, currency, &item.unit_price);
                if (!error && item.unit_price < 0)
                    return item_fail(detail, LAPSE_ERR_OUT_OF_RANGE, "items", place, name,
                                     name_length, what[k], parts[k], part_length,
                                     "must not be negative");
                if (error)
                    return item_fail(detail, error, "items", place, name, name_length, what[k],
                                     parts[k], part_length, lapse_strerror(error));
                continue;
            }
            int read = read_quantity(parts[k], part_length, numbers[k]);
            if (read != 2)
                return item_fail(detail, read ? LAPSE_ERR_OUT_OF_RANGE : LAPSE_ERR_VALUE_SYNTAX,
                                 "items", place, name, name_length, what[k], parts[k], part_length,
                                 "not a whole number 0 to 1000000");
        }
        if (item.committed > item.quantity || item.assigned > item.quantity)
            return item_fail(detail, LAPSE_ERR_OUT_OF_RANGE, "items", place, name, name_length,
                             item.committed > item.quantity ? "committed" : "assigned",
                             parts[item.committed > item.quantity ? 3 : 4],
                             (size_t)(stops[item.committed > item.quantity ? 3 : 4] -
                                      parts[item.committed > item.quantity ? 3 : 4]),
                             "above the quantity");
        items[n] = item;
        if (item_end == end)
            break;
        p = item_end + 1;
    }
    *count = (int32_t)(n + 1);
    return LAPSE_OK;
}

lapse_error lapse_reductions_parse(const char *text, size_t length, lapse_reduction *reduce,
                                   size_t capacity, int32_t *count, lapse_error_detail *detail)
{
    if (count)
        *count = 0;
    if (!count)
        return lapse__fail_missing(detail, "count");
    if (!text && length > 0)
        return lapse__fail_missing(detail, "text");
    if (!reduce && capacity > 0)
        return lapse__fail_missing(detail, "reduce");
    if (length == 0)
        return LAPSE_OK;
    size_t room = capacity < LAPSE_ITEMS_MAX ? capacity : LAPSE_ITEMS_MAX;
    size_t n = 0;
    const char *end = text + length;
    for (const char *p = text;; n++) {
        const char *entry_end = part_end(p, end, ';');
        const char *equals = part_end(p, entry_end, '=');
        size_t place = n + 1, name_length = (size_t)(equals - p);
        if (n >= room)
            return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "reduce",
                               "reduce: more than %zu entries%s", room,
                               room == LAPSE_ITEMS_MAX ? " (LAPSE_ITEMS_MAX)" : " (the capacity)");
        if (equals == entry_end)
            return item_fail(detail, LAPSE_ERR_VALUE_SYNTAX, "reduce", place, p, name_length,
                             "text", p, (size_t)(entry_end - p), "not NAME=QUANTITY");
        if (!name_ok(p, name_length))
            return item_fail(detail, LAPSE_ERR_VALUE_SYNTAX, "reduce", place, p, name_length,
                             "name", p, name_length, "not 1 to 31 bytes of a-z, 0-9, _ and -");
        lapse_reduction entry;
        memset(&entry, 0, sizeof entry);
        memcpy(entry.name, p, name_length);
        size_t quantity_length = (size_t)(entry_end - equals - 1);
        int read = read_quantity(equals + 1, quantity_length, &entry.quantity);
        if (read != 2)
            return item_fail(detail, read ? LAPSE_ERR_OUT_OF_RANGE : LAPSE_ERR_VALUE_SYNTAX,
                             "reduce", place, p, name_length, "quantity", equals + 1,
                             quantity_length, "not a whole number 0 to 1000000");
        reduce[n] = entry;
        if (entry_end == end)
            break;
        p = entry_end + 1;
    }
    *count = (int32_t)(n + 1);
    return LAPSE_OK;
}

/* Appends text to buf[size] at *n (snprintf rules: counts past the end). */
static void put(char *buf, size_t size, size_t *n, const char *text, size_t length)
{
    if (*n < size) {
        size_t room = size - 1 - *n;
        memcpy(buf + *n, text, length < room ? length : room);
    }
    *n += length;
}

static void put_number(char *buf, size_t size, size_t *n, int64_t value)
{
    char digits[24];
    size_t length = lapse__format_integer(value, digits, sizeof digits);
    put(buf, size, n, digits, length);
}

static size_t finish(char *buf, size_t size, size_t n)
{
    if (size > 0)
        buf[n < size ? n : size - 1] = '\0';
    return n;
}

size_t lapse_items_format(const lapse_item *items, int32_t count, const char *currency, char *buf,
                          size_t size)
{
    if (size > 0 && buf)
        buf[0] = '\0';
    if (!buf)
        size = 0;
    if (count < 0 || count > LAPSE_ITEMS_MAX || (count > 0 && !items) || !currency ||
        lapse_currency_digits(currency, NULL) != LAPSE_OK ||
        lapse__check_item_list(items, count, NULL) != LAPSE_OK)
        return 0;
    size_t n = 0;
    for (int32_t i = 0; i < count; i++) {
        const lapse_item *item = &items[i];
        char amount[LAPSE_AMOUNT_TEXT_SIZE];
        if (i > 0)
            put(buf, size, &n, ";", 1);
        put(buf, size, &n, item->name, strlen(item->name));
        put(buf, size, &n, ":", 1);
        put_number(buf, size, &n, item->quantity);
        put(buf, size, &n, ":", 1);
        put(buf, size, &n, amount,
            lapse_amount_format(item->unit_price, currency, amount, sizeof amount));
        if (item->committed != 0 || item->assigned != 0) {
            put(buf, size, &n, ":", 1);
            put_number(buf, size, &n, item->committed);
        }
        if (item->assigned != 0) {
            put(buf, size, &n, ":", 1);
            put_number(buf, size, &n, item->assigned);
        }
    }
    return finish(buf, size, n);
}

size_t lapse_reductions_format(const lapse_reduction *reduce, int32_t count, char *buf, size_t size)
{
    if (size > 0 && buf)
        buf[0] = '\0';
    if (!buf)
        size = 0;
    if (count < 0 || count > LAPSE_ITEMS_MAX || (count > 0 && !reduce))
        return 0;
    for (int32_t i = 0; i < count; i++) {
        size_t length;
        if (!struct_name_ok(reduce[i].name, &length) || reduce[i].quantity < 0 ||
            reduce[i].quantity > LAPSE_ITEM_QUANTITY_MAX || !lapse__all_zero(reduce[i].reserved, 3))
            return 0;
    }
    size_t n = 0;
    for (int32_t i = 0; i < count; i++) {
        if (i > 0)
            put(buf, size, &n, ";", 1);
        put(buf, size, &n, reduce[i].name, strlen(reduce[i].name));
        put(buf, size, &n, "=", 1);
        put_number(buf, size, &n, reduce[i].quantity);
    }
    return finish(buf, size, n);
}

size_t lapse_item_results_format(const lapse_item_result *results, size_t count, char *buf,
                                 size_t size)
{
    if (size > 0 && buf)
        buf[0] = '\0';
    if (!buf)
        size = 0;
    if (!results || count == 0 || count > LAPSE_ITEMS_MAX)
        return 0;
    size_t length;
    for (size_t i = 0; i < count; i++)
        if (!struct_name_ok(results[i].name, &length))
            return 0;
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        const lapse_item_result *r = &results[i];
        if (i > 0)
            put(buf, size, &n, ";", 1);
        put(buf, size, &n, r->name, strlen(r->name));
        put(buf, size, &n, ":", 1);
        put_number(buf, size, &n, r->quantity);
        put(buf, size, &n, ":", 1);
        put_number(buf, size, &n, r->quantity_after);
        put(buf, size, &n, ":", 1);
        char date[LAPSE_DATE_TEXT_SIZE];
        put(buf, size, &n, date, lapse_date_format(r->released_on, date, sizeof date));
        put(buf, size, &n, ":", 1);
        put_number(buf, size, &n, r->unassign);
    }
    return finish(buf, size, n);
}

lapse_error lapse__check_item_list(const lapse_item *items, int32_t count,
                                   lapse_error_detail *detail)
{
    if (count < 0 || count > LAPSE_ITEMS_MAX)
        return lapse__fail(detail, LAPSE_ERR_OUT_OF_RANGE, "items",
                           "items: item_count %ld: out of range (0 to %d)", (long)count,
                           LAPSE_ITEMS_MAX);
    if (count > 0 && !items)
        return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, "items",
                           "items: NULL while item_count is %ld", (long)count);
    for (int32_t i = 0; i < count; i++) {
        const lapse_item *item = &items[i];
        size_t length;
        size_t place = (size_t)i + 1;
        if (!struct_name_ok(item->name, &length)) {
            const char *nul = memchr(item->name, '\0', LAPSE_ITEM_NAME_SIZE);
            size_t shown = nul ? (size_t)(nul - item->name) : LAPSE_ITEM_NAME_SIZE;
            return item_fail(detail, LAPSE_ERR_VALUE_SYNTAX, "items", place, item->name, shown,
                             "name", item->name, shown,
                             "not 1 to 31 bytes of a-z, 0-9, _ and -, NUL-terminated");
        }
        for (int32_t j = 0; j < i; j++)
            if (same_name(items[j].name, item->name))
                return item_fail(detail, LAPSE_ERR_VALUE_SYNTAX, "items", place, item->name, length,
                                 "name", item->name, length, "given twice");
        const char *what = NULL;
        int64_t value = 0;
        if (item->quantity < 0 || item->quantity > LAPSE_ITEM_QUANTITY_MAX)
            what = "quantity", value = item->quantity;
        else if (item->committed < 0 || item->committed > item->quantity)
            what = "committed", value = item->committed;
        else if (item->assigned < 0 || item->assigned > item->quantity)
            what = "assigned", value = item->assigned;
        else if (item->unit_price < 0)
            what = "unit_price", value = item->unit_price;
        if (what) {
            char text[24];
            size_t text_length = lapse__format_integer(value, text, sizeof text);
            return item_fail(detail, LAPSE_ERR_OUT_OF_RANGE, "items", place, item->name, length,
                             what, text, text_length,
                             what[0] == 'q'   ? "out of range (0 to 1000000)"
                             : what[0] == 'u' ? "must not be negative"
                                              : "out of range (0 to the quantity)");
        }
        if (!lapse__all_zero(item->reserved, 3))
            return lapse__fail(detail, LAPSE_ERR_RESERVED, "items",
                               "items: item %zu: reserved space must be zero", place);
    }
    return LAPSE_OK;
}

bool lapse__items_amount(const lapse_item *items, int32_t count, int64_t *out)
{
    int64_t sum = 0, line;
    for (int32_t i = 0; i < count; i++)
        if (!lapse__mul(items[i].unit_price, items[i].quantity, &line) ||
            !lapse__add(sum, line, &sum))
            return false;
    *out = sum;
    return true;
}

lapse_error lapse__check_items(const lapse_subscription *s, lapse_error_detail *detail)
{
    lapse_error error = lapse__check_item_list(s->items, s->item_count, detail);
    if (error)
        return error;
    int64_t sum, invoice;
    if (!lapse__items_amount(s->items, s->item_count, &sum) ||
        !lapse__add(s->price, sum, &invoice) ||
        (s->renewal_price != LAPSE_AMOUNT_NONE && !lapse__add(s->renewal_price, sum, &invoice)) ||
        (s->intro_months > 0 && !lapse__add(s->intro_price, sum, &invoice)))
        return lapse__fail(detail, LAPSE_ERR_AMOUNT_RANGE, "items",
                           "items: the invoice amount (price plus quantity x unit_price of "
                           "every item) is beyond the 64-bit range of amounts");
    return LAPSE_OK;
}

size_t lapse_sizeof_item(void) { return sizeof(lapse_item); }
size_t lapse_sizeof_reduction(void) { return sizeof(lapse_reduction); }
size_t lapse_sizeof_item_result(void) { return sizeof(lapse_item_result); }
