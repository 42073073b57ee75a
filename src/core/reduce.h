/* Reductions of items (reduce.c): the decision of a reduction, its
 * invoices for the timeline, and the per-item part of any decision
 * (docs/rules.md, "Reductions"). */
#ifndef LAPSE_CORE_REDUCE_H
#define LAPSE_CORE_REDUCE_H

#include "lapse.h"

#include <stdbool.h>

#include "plan.h"
#include "term.h"

/* A reduction worked out on its request date. */
typedef struct lapse__reduction {
    lapse__term term;     /* the term of the request date */
    lapse_date on;        /* the request date */
    lapse_date effective; /* change_effective_on */
    /* The billing period of the request date, [period_start, period_stop),
     * the term's last period, and the first invoiced at the new
     * quantities (last + 1 when that is the next term's). */
    int32_t current, last, first_new;
    lapse_date period_start, period_stop;
    /* The change falls inside the current period (immediate timing): its
     * released units' undelivered share is refunded (in advance) or not
     * invoiced (in arrears). */
    bool mid_period;
    /* Asked during a pause that moves the term: the current period (the
     * one before the pause) is served and paid, nothing of it charged or
     * refunded by the reduction. */
    bool served;
    /* Released committed units owed to the term end (commitment owed), and
     * released before it without being owed (waived or a fee). */
    bool kept, waived;
    /* Items' amounts an invoice: today's; from the change to the term end
     * (with the units owed); after it; the units released at the change;
     * the committed units released that are not owed. */
    int64_t before, billed, after, freed, committed;
    lapse_item_result items[LAPSE_ITEMS_MAX];
} lapse__reduction;

/* The reduction a valid request makes of a valid subscription: the term,
 * the periods, the dates and each item's part; errors: a request on or
 * after a recorded cancellation (field "reduce") or after the end of a
 * subscription that no longer renews (field "on"). */
lapse_error lapse__reduction_of(const lapse_policy *policy, const lapse_subscription *subscription,
                                const lapse_request *request, lapse__reduction *reduction,
                                lapse_error_detail *detail);

/* The invoice of billing period `index` (-1: the leading one) when the
 * items cost `items` an invoice. */
int64_t lapse__amount_at(const lapse__plan *plan, int32_t index, int64_t items);

/* The invoice of billing period `index`, [start, stop), under a
 * reduction: its date (the start in advance, the end in arrears) and its
 * amount (today's before first_new, the term's new one to the term end,
 * the new one after; in arrears the current period cut by an immediate
 * change without the released units' undelivered share). */
lapse_error lapse__reduction_invoice(const lapse__plan *plan, const lapse__reduction *reduction,
                                     int32_t index, lapse_date start, lapse_date stop,
                                     lapse_date *date, int64_t *amount);

/* The decision of a reduction (lapse__decide sends requests with reduce
 * here) on checked inputs, into a zeroed decision; *reduction (optional)
 * receives the reduction. */
lapse_error lapse__decide_reduction(const lapse_policy *policy,
                                    const lapse_subscription *subscription,
                                    const lapse_request *request, lapse_decision *decision,
                                    lapse__reduction *reduction, lapse_error_detail *detail);

#endif
