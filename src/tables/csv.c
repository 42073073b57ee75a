/* A whole CSV text decided in one call. */
#include "columns.h"

#include <string.h>

#include "core/fail.h"
#include "core/validate.h"

lapse_error lapse_decide_csv(const lapse_policy *policy, char *text, size_t length,
                             lapse_decision *decisions, lapse_error *errors, int32_t *lines,
                             size_t capacity, size_t *rows, lapse_error_detail *detail)
{
    if (!rows || !text || (capacity > 0 && (!decisions || !errors || !lines)))
        return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, "", "csv: required pointer is NULL");
    *rows = 0;
    if (!policy)
        policy = &lapse__default_policy;
    lapse_error error = lapse__check_policy(policy, detail);
    if (error)
        return error;
    char *end = text + length;
    char *newline = memchr(text, '\n', length);
    char *line_end = newline ? newline : end;
    lapse_table table;
    if ((error = lapse_table_header(&table, ',', text, (size_t)(line_end - text), detail))) {
        if (detail)
            detail->line = 1;
        return error;
    }
    size_t row = 0;
    int64_t number = 1;
    for (char *line = newline ? newline + 1 : end; line < end; row++) {
        newline = memchr(line, '\n', (size_t)(end - line));
        line_end = newline ? newline : end;
        number++;
        if (row < capacity) {
            lapse_row parsed;
            lines[row] = number > INT32_MAX ? INT32_MAX : (int32_t)number;
            errors[row] = lapse_table_row(&table, line, (size_t)(line_end - line), &parsed, NULL);
            if (errors[row] == LAPSE_OK)
                errors[row] = lapse_decide_cancel(parsed.has_policy ? &parsed.policy : policy,
                                                  &parsed.subscription, &parsed.request,
                                                  &decisions[row], NULL);
            else
                memset(&decisions[row], 0, sizeof decisions[row]);
        }
        line = newline ? newline + 1 : end;
    }
    *rows = row;
    return LAPSE_OK;
}
