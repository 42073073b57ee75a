/* JSON and CSV writing for the lapse tool. */
#include "cli.h"

#include <string.h>

void json_string(FILE *out, const char *text, size_t length)
{
    fputc('"', out);
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
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

/* The keys of `lapse cancel --json` and the columns of `lapse batch`, in order. */
const lapse_column cli_decision_columns[] = {
    LAPSE_COLUMN_ALLOWED, LAPSE_COLUMN_BLOCKED, LAPSE_COLUMN_WARNINGS,
    LAPSE_COLUMN_MISSING_SUPPORT_INFO, LAPSE_COLUMN_ROUTE, LAPSE_COLUMN_TERM_START,
    LAPSE_COLUMN_TERM_END, LAPSE_COLUMN_NOTICE_DEADLINE, LAPSE_COLUMN_RENEWS_FIRST,
    LAPSE_COLUMN_EFFECTIVE_END, LAPSE_COLUMN_REMAINING_TERM_CHARGE,
    LAPSE_COLUMN_STILL_TO_INVOICE, LAPSE_COLUMN_REFUND, LAPSE_COLUMN_TERMINATION_FEE,
    LAPSE_COLUMN_INVOICES_LEFT, LAPSE_COLUMN_NEXT_INVOICE, LAPSE_COLUMN_CURRENCY,
    LAPSE_COLUMN_DATA_DELETED_ON, LAPSE_COLUMN_CONFIRMATION,
};
const size_t cli_decision_column_count =
    sizeof cli_decision_columns / sizeof cli_decision_columns[0];

void json_decision(FILE *out, const lapse_decision *decision)
{
    fputc('{', out);
    json_decision_members(out, decision);
    fputs("}\n", out);
}

void json_decision_members(FILE *out, const lapse_decision *decision)
{
    for (size_t k = 0; k < cli_decision_column_count; k++) {
        lapse_column column = cli_decision_columns[k];
        const char *key = lapse_column_name(column);
        char value[256];
        size_t length = lapse_decision_format(decision, column, value, sizeof value);
        fprintf(out, "%s\"%s\": ", k ? ", " : "", key);
        switch (lapse_column_type_of(column)) {
        case LAPSE_COLUMN_TYPE_BOOLEAN:
        case LAPSE_COLUMN_TYPE_AMOUNT:
        case LAPSE_COLUMN_TYPE_INTEGER:
            fwrite(value, 1, length, out);
            break;
        case LAPSE_COLUMN_TYPE_DATE:
            if (length == 0)
                fputs("null", out);
            else
                json_string(out, value, length);
            break;
        case LAPSE_COLUMN_TYPE_LIST: {
            fputc('[', out);
            for (size_t start = 0, item = 0; start < length; item++) {
                size_t end = start;
                while (end < length && value[end] != ';')
                    end++;
                if (item)
                    fputs(", ", out);
                json_string(out, value + start, end - start);
                start = end + 1;
            }
            fputc(']', out);
            break;
        }
        default:
            json_string(out, value, length);
            break;
        }
    }
}

void csv_field(FILE *out, const char *text, size_t length)
{
    bool quote = false;
    for (size_t i = 0; i < length && !quote; i++)
        quote = text[i] == ',' || text[i] == '"' || text[i] == '\n' || text[i] == '\r';
    if (!quote) {
        fwrite(text, 1, length, out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '"')
            fputc('"', out);
        fputc(text[i], out);
    }
    fputc('"', out);
}
