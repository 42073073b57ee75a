/*
 * Items in a decision: the per-item part of a cancellation (every item
 * ends with the subscription) and of a reduction (docs/rules.md,
 * "Reductions").
 */
#include "reduce.h"

#include "cancel.h"
#include "fail.h"
#include "items.h"
#include "validate.h"

#include <string.h>

lapse_error lapse_decide_items(const lapse_policy *policy, const lapse_subscription *s,
                               const lapse_request *r, lapse_item_result *results, size_t capacity,
                               size_t *count, lapse_error_detail *detail)
{
    if (count)
        *count = 0;
    if (!count)
        return lapse__fail_missing(detail, "count");
    if (!results && capacity > 0)
        return lapse__fail_missing(detail, "results");
    lapse_decision d;
    lapse__end end;
    lapse_error error = lapse__enter(&policy, s, r, 1, &d, sizeof d, "decision", detail);
    if (!error)
        error = lapse__decide(policy, s, r, &d, &end, detail);
    if (error)
        return error;
    for (int32_t i = 0; i < s->item_count && (size_t)i < capacity; i++) {
        const lapse_item *item = &s->items[i];
        lapse_item_result *out = &results[i];
        memset(out, 0, sizeof *out);
        memcpy(out->name, item->name, sizeof out->name);
        out->quantity = item->quantity;
        out->quantity_after = 0;
        out->released_on = item->quantity > 0 ? end.charge_until : LAPSE_DATE_NONE;
        out->unassign = item->assigned;
    }
    *count = (size_t)s->item_count;
    return LAPSE_OK;
}
