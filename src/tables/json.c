/* A decision as JSON, the bytes `lapse cancel --json` prints, for every
 * binding that prints JSON. */
#include "columns.h"

#include <stdbool.h>
#include <string.h>

#include "core/text.h"

static const lapse_column json_order[] = {
    LAPSE_COLUMN_ALLOWED,
    LAPSE_COLUMN_BLOCKED,
    LAPSE_COLUMN_WARNINGS,
    LAPSE_COLUMN_MISSING_SUPPORT_INFO,
    LAPSE_COLUMN_ROUTE,
    LAPSE_COLUMN_TERM_START,
    LAPSE_COLUMN_TERM_END,
    LAPSE_COLUMN_NOTICE_DEADLINE,
    LAPSE_COLUMN_RENEWS_FIRST,
    LAPSE_COLUMN_EFFECTIVE_END,
    LAPSE_COLUMN_REMAINING_TERM_CHARGE,
    LAPSE_COLUMN_STILL_TO_INVOICE,
    LAPSE_COLUMN_REFUND,
    LAPSE_COLUMN_TERMINATION_FEE,
    LAPSE_COLUMN_INVOICES_LEFT,
    LAPSE_COLUMN_NEXT_INVOICE,
    LAPSE_COLUMN_CURRENCY,
    LAPSE_COLUMN_DATA_DELETED_ON,
    LAPSE_COLUMN_CONFIRMATION,
    LAPSE_COLUMN_CHANGE_EFFECTIVE_ON,
    LAPSE_COLUMN_RECURRING_AFTER,
    LAPSE_COLUMN_SAVING,
    LAPSE_COLUMN_APPLIED_TO_BALANCE,
    LAPSE_COLUMN_CASH_REFUND,
    LAPSE_COLUMN_ACCOUNT_CREDIT,
    LAPSE_COLUMN_BALANCE_AFTER,
};
#define JSON_COLUMNS (sizeof json_order / sizeof json_order[0])

lapse_column lapse_decision_column(size_t index)
{
    return index < JSON_COLUMNS ? json_order[index] : LAPSE_COLUMN_NONE;
}

/* Appends text to out[*n..], keeping *n the length the whole needs. */
static void put(char *out, size_t size, size_t *n, const char *text, size_t length)
{
    if (*n < size)
        lapse__copy_text(text, length, out + *n, size - *n);
    *n += length;
}

/* A byte a JSON string holds as it is: printable ASCII but '"' and '\\'. */
static bool plain_byte(char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

static void put_string(char *out, size_t size, size_t *n, const char *text, size_t length)
{
    /* Decision values are names, dates and a currency code: printable
     * ASCII without quotes or backslashes, written as they are.  A
     * decision the library did not fill may hold any bytes in its
     * currency; they are escaped (other bytes as the text \xNN, as
     * messages quote them), so the JSON stays valid whatever it holds. */
    put(out, size, n, "\"", 1);
    size_t plain = 0;
    while (plain < length && plain_byte(text[plain]))
        plain++;
    put(out, size, n, text, plain);
    for (size_t i = plain; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (plain_byte(text[i])) {
            put(out, size, n, text + i, 1);
        } else if (c == '"' || c == '\\') {
            char escaped[2] = { '\\', (char)c };
            put(out, size, n, escaped, 2);
        } else {
            static const char hex[] = "0123456789abcdef";
            char escaped[6] = { '\\', '\\', 'x', hex[c >> 4], hex[c & 15], 0 };
            put(out, size, n, escaped, 5);
        }
    }
    put(out, size, n, "\"", 1);
}

static void put_value(char *out, size_t size, size_t *n, lapse_column column, const char *value,
                      size_t length)
{
    switch (lapse_column_type_of(column)) {
    case LAPSE_COLUMN_TYPE_BOOLEAN:
    case LAPSE_COLUMN_TYPE_AMOUNT:
    case LAPSE_COLUMN_TYPE_INTEGER: put(out, size, n, value, length); return;
    case LAPSE_COLUMN_TYPE_DATE:
        if (length == 0)
            put(out, size, n, "null", 4);
        else
            put_string(out, size, n, value, length);
        return;
    case LAPSE_COLUMN_TYPE_LIST:
        put(out, size, n, "[", 1);
        for (size_t start = 0, item = 0; start < length; item++) {
            size_t end = start;
            while (end < length && value[end] != ';')
                end++;
            if (item)
                put(out, size, n, ", ", 2);
            put_string(out, size, n, value + start, end - start);
            start = end + 1;
        }
        put(out, size, n, "]", 1);
        return;
    default: put_string(out, size, n, value, length); return;
    }
}

size_t lapse_decision_json(const lapse_decision *decision, char *buf, size_t size)
{
    if (!decision)
        return lapse__copy_text("", 0, buf, size);
    size_t n = 0;
    put(buf, size, &n, "{", 1);
    for (size_t k = 0; k < JSON_COLUMNS; k++) {
        lapse_column column = json_order[k];
        const char *key = lapse_column_name(column);
        char value[256];
        size_t length = lapse_decision_format(decision, column, value, sizeof value);
        if (k)
            put(buf, size, &n, ", ", 2);
        put_string(buf, size, &n, key, strlen(key));
        put(buf, size, &n, ": ", 2);
        put_value(buf, size, &n, column, value, length);
    }
    put(buf, size, &n, "}", 1);
    if (size > 0)
        buf[n < size ? n : size - 1] = '\0';
    return n;
}

/* One member "key": value, after a ", " unless it is the first. */
static void put_key(char *out, size_t size, size_t *n, const char *key, bool first)
{
    if (!first)
        put(out, size, n, ", ", 2);
    put_string(out, size, n, key, strlen(key));
    put(out, size, n, ": ", 2);
}

static void put_integer(char *out, size_t size, size_t *n, int64_t value)
{
    char text[24];
    size_t length = lapse__format_integer(value, text, sizeof text);
    put(out, size, n, text, length);
}

size_t lapse_decision_json_items(const lapse_decision *decision, const lapse_item_result *results,
                                 size_t count, char *buf, size_t size)
{
    if (!decision)
        return lapse__copy_text("", 0, buf, size);
    char object[LAPSE_DECISION_JSON_SIZE];
    size_t length = lapse_decision_json(decision, object, sizeof object);
    if (length < 2 || length >= sizeof object)
        return lapse__copy_text("", 0, buf, size);
    size_t n = 0;
    put(buf, size, &n, object, length - 1); /* without its closing brace */
    put_key(buf, size, &n, "item_results", false);
    put(buf, size, &n, "[", 1);
    for (size_t i = 0; results && i < count && i < LAPSE_ITEMS_MAX; i++) {
        const lapse_item_result *result = &results[i];
        const char *nul = memchr(result->name, '\0', sizeof result->name);
        put(buf, size, &n, i ? ", {" : "{", i ? 3 : 1);
        put_key(buf, size, &n, "name", true);
        put_string(buf, size, &n, result->name, nul ? (size_t)(nul - result->name) : 0);
        put_key(buf, size, &n, "quantity", false);
        put_integer(buf, size, &n, result->quantity);
        put_key(buf, size, &n, "quantity_after", false);
        put_integer(buf, size, &n, result->quantity_after);
        put_key(buf, size, &n, "released_on", false);
        char date[LAPSE_DATE_TEXT_SIZE];
        size_t date_length = lapse_date_format(result->released_on, date, sizeof date);
        if (date_length == 0)
            put(buf, size, &n, "null", 4);
        else
            put_string(buf, size, &n, date, date_length);
        put_key(buf, size, &n, "unassign", false);
        put_integer(buf, size, &n, result->unassign);
        put(buf, size, &n, "}", 1);
    }
    put(buf, size, &n, "]}", 2);
    if (size > 0)
        buf[n < size ? n : size - 1] = '\0';
    return n;
}
