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

void json_decision(FILE *out, const lapse_decision *decision)
{
    char json[LAPSE_DECISION_JSON_SIZE];
    size_t length = lapse_decision_json(decision, json, sizeof json);
    fwrite(json, 1, length, out);
    fputc('\n', out);
}

void json_decision_members(FILE *out, const lapse_decision *decision)
{
    char json[LAPSE_DECISION_JSON_SIZE];
    size_t length = lapse_decision_json(decision, json, sizeof json);
    fwrite(json + 1, 1, length - 2, out); /* without the braces */
}

static void json_name(FILE *out, const char *key, lapse_kind kind, uint32_t value, bool first)
{
    const char *name = lapse_name(kind, value);
    fprintf(out, "%s\"%s\": ", first ? "" : ", ", key);
    json_string(out, name ? name : "", name ? strlen(name) : 0);
}

void json_policy(FILE *out, const lapse_policy *p)
{
    json_name(out, "timing", LAPSE_KIND_TIMING, (uint32_t)p->timing, true);
    json_name(out, "refund", LAPSE_KIND_REFUND, (uint32_t)p->refund, false);
    json_name(out, "commitment", LAPSE_KIND_COMMITMENT, (uint32_t)p->commitment, false);
    fprintf(out, ", \"termination_fee\": %lld, \"termination_fee_currency\": ",
            (long long)p->termination_fee);
    json_string(out, p->termination_fee_currency, strlen(p->termination_fee_currency));
    fprintf(out, ", \"termination_fee_percent\": %ld, \"cooling_off_days\": %ld",
            (long)p->termination_fee_percent, (long)p->cooling_off_days);
    json_name(out, "cooling_off_applies", LAPSE_KIND_COOLING_OFF_APPLIES,
              (uint32_t)p->cooling_off_applies, false);
    json_name(out, "renewal", LAPSE_KIND_RENEWAL, (uint32_t)p->renewal, false);
    fprintf(out, ", \"notice_days\": %ld", (long)p->notice_days);
    json_name(out, "notice_applies", LAPSE_KIND_NOTICE_APPLIES, (uint32_t)p->notice_applies, false);
    json_name(out, "rounding", LAPSE_KIND_ROUNDING, (uint32_t)p->rounding, false);
    json_name(out, "proration_days", LAPSE_KIND_PRORATION_DAYS, (uint32_t)p->proration_days, false);
    json_name(out, "month_end", LAPSE_KIND_MONTH_END, (uint32_t)p->month_end, false);
    json_name(out, "immediate_end", LAPSE_KIND_IMMEDIATE_END, (uint32_t)p->immediate_end, false);
    json_name(out, "invoicing", LAPSE_KIND_INVOICING, (uint32_t)p->invoicing, false);
    json_name(out, "leading_period", LAPSE_KIND_LEADING_PERIOD, (uint32_t)p->leading_period, false);
    fprintf(out,
            ", \"retention_days\": %ld, \"online_needs_billing_admin\": %s, "
            "\"balance_blocks_online\": %s, \"contract_via_support\": %s, "
            "\"contract_roles\": [",
            (long)p->retention_days, p->online_needs_billing_admin ? "true" : "false",
            p->balance_blocks_online ? "true" : "false",
            p->contract_via_support ? "true" : "false");
    const char *role;
    bool first = true;
    for (uint32_t bit = 1; (role = lapse_name(LAPSE_KIND_ROLE, bit)) != NULL; bit <<= 1) {
        if (!(p->contract_roles & bit))
            continue;
        fputs(first ? "" : ", ", out);
        json_string(out, role, strlen(role));
        first = false;
    }
    fputs("]", out);
}
