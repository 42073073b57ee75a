/* JSON output of the lapse tool: always valid UTF-8. */
#include "cli.h"

#include <string.h>

/* The length of a valid UTF-8 sequence at text[i], or 0 if it is not one
 * (overlong forms, surrogates and code points past U+10FFFF included). */
static size_t utf8_length(const unsigned char *text, size_t i, size_t length)
{
    unsigned char c = text[i];
    size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (n == 0 || c > 0xf4 || i + n > length)
        return 0;
    for (size_t k = 1; k < n; k++)
        if ((text[i + k] & 0xc0) != 0x80)
            return 0;
    unsigned char second = text[i + 1];
    if ((c == 0xe0 && second < 0xa0) || (c == 0xed && second >= 0xa0) ||
        (c == 0xf0 && second < 0x90) || (c == 0xf4 && second >= 0x90))
        return 0;
    return n;
}

void json_string(FILE *out, const char *text, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)text;
    fputc('"', out);
    for (size_t i = 0; i < length; i++) {
        unsigned char c = bytes[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\u%04x", c);
        else if (c < 0x80)
            fputc(c, out);
        else {
            size_t n = utf8_length(bytes, i, length);
            if (n == 0) {
                /* Not UTF-8: the byte as text, as lapse's messages quote it. */
                fprintf(out, "\\\\x%02x", c);
                continue;
            }
            fwrite(bytes + i, 1, n, out);
            i += n - 1;
        }
    }
    fputc('"', out);
}

void json_date(FILE *out, lapse_date date)
{
    char text[LAPSE_DATE_TEXT_SIZE];
    size_t length = lapse_date_format(date, text, sizeof text);
    if (length == 0)
        fputs("null", out);
    else
        json_string(out, text, length);
}

void json_decision(FILE *out, const lapse_decision *decision, const lapse_item_result *results,
                   size_t count)
{
    char json[LAPSE_DECISION_JSON_ITEMS_SIZE];
    size_t length = lapse_decision_json_items(decision, results, count, json, sizeof json);
    fwrite(json, 1, length, out);
    fputc('\n', out);
}

void json_decision_in_zone(FILE *out, const lapse_decision *decision,
                           const lapse_item_result *results, size_t count, const lapse_zone *zone)
{
    int64_t at[2];
    if (!zone || lapse_decision_instants(zone, decision, &at[0], &at[1], NULL) != LAPSE_OK) {
        json_decision(out, decision, results, count);
        return;
    }
    char json[LAPSE_DECISION_JSON_ITEMS_SIZE];
    size_t length = lapse_decision_json_items(decision, results, count, json, sizeof json);
    fwrite(json, 1, length - 1, out); /* without the closing brace */
    static const char *const keys[] = { "notice_deadline_at", "access_ends_at" };
    for (int i = 0; i < 2; i++) {
        char text[LAPSE_INSTANT_TEXT_SIZE];
        fprintf(out, ", \"%s\": ", keys[i]);
        if (lapse_instant_format(at[i], text, sizeof text) == 0)
            fputs("null", out);
        else
            fprintf(out, "\"%s\"", text);
    }
    fputs("}\n", out);
}

void json_decision_members(FILE *out, const lapse_decision *decision,
                           const lapse_item_result *results, size_t count)
{
    char json[LAPSE_DECISION_JSON_ITEMS_SIZE];
    size_t length = lapse_decision_json_items(decision, results, count, json, sizeof json);
    fwrite(json + 1, 1, length - 2, out); /* without the braces */
}

static void json_name(FILE *out, lapse_kind kind, uint32_t value)
{
    const char *name = lapse_name(kind, value);
    json_string(out, name ? name : "", name ? strlen(name) : 0);
}

static void json_roles(FILE *out, uint32_t bits)
{
    const char *role;
    bool first = true;
    fputs("[", out);
    for (uint32_t bit = 1; (role = lapse_name(LAPSE_KIND_ROLE, bit)) != NULL; bit <<= 1) {
        if (!(bits & bit))
            continue;
        fputs(first ? "" : ", ", out);
        json_string(out, role, strlen(role));
        first = false;
    }
    fputs("]", out);
}

/* Every key of the library's table (lapse_policy_key()), in canonical
 * order, each written as its type says: a key added to the table needs
 * nothing here. */
void json_policy(FILE *out, const lapse_policy *p)
{
    lapse_policy_key_type type;
    lapse_kind kind;
    size_t offset;
    const char *key;
    for (size_t i = 0; (key = lapse_policy_key(i, &type, &kind, &offset)) != NULL; i++) {
        const char *field = (const char *)p + offset;
        int32_t value;
        memcpy(&value, field, sizeof value);
        fprintf(out, "%s\"%s\": ", i ? ", " : "", key);
        switch (type) {
        case LAPSE_POLICY_KEY_CHOICE: json_name(out, kind, (uint32_t)value); break;
        case LAPSE_POLICY_KEY_FLAG: fputs(value ? "true" : "false", out); break;
        case LAPSE_POLICY_KEY_ROLES: json_roles(out, (uint32_t)value); break;
        case LAPSE_POLICY_KEY_AMOUNT: {
            /* The amount, then its currency as a member of its own (the one
             * amount, termination_fee, has termination_fee_currency). */
            int64_t amount;
            memcpy(&amount, field, sizeof amount);
            fprintf(out, "%lld, \"termination_fee_currency\": ", (long long)amount);
            json_string(out, p->termination_fee_currency, strlen(p->termination_fee_currency));
            break;
        }
        case LAPSE_POLICY_KEY_DATES: {
            /* holidays: an array of dates. */
            const lapse_holidays *list = (const lapse_holidays *)(const void *)field;
            fputc('[', out);
            for (int32_t d = 0; d < list->count; d++) {
                char date[LAPSE_DATE_TEXT_SIZE];
                lapse_date_format(list->dates[d], date, sizeof date);
                fprintf(out, "%s\"%s\"", d ? ", " : "", date);
            }
            fputc(']', out);
            break;
        }
        case LAPSE_POLICY_KEY_DAYS:
        case LAPSE_POLICY_KEY_PERCENT:
        default: fprintf(out, "%ld", (long)value); break;
        }
    }
}
