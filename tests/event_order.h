/* The order of event kinds within one day and which kinds carry an
 * amount, as lapse.h states them, written out independently of src/ so
 * that the timeline tests and the lifecycle fuzzer check the library's
 * events against them. */
#ifndef LAPSE_TEST_EVENT_ORDER_H
#define LAPSE_TEST_EVENT_ORDER_H

#include <stdbool.h>

#include "lapse.h"

/* lapse.h: resume, start or renewal, invoice, notice deadline,
 * cancellation, refund, applied to balance, account credit, termination
 * fee, pause, effective end, deletion. */
static inline int test_event_day_rank(lapse_event_kind kind)
{
    static const int order[] = {
        [LAPSE_EVENT_RESUME] = 0,          [LAPSE_EVENT_START] = 1,
        [LAPSE_EVENT_RENEWAL] = 1,         [LAPSE_EVENT_INVOICE] = 2,
        [LAPSE_EVENT_NOTICE_DEADLINE] = 3, [LAPSE_EVENT_CANCELLATION] = 4,
        [LAPSE_EVENT_REFUND] = 5,          [LAPSE_EVENT_APPLIED_TO_BALANCE] = 6,
        [LAPSE_EVENT_ACCOUNT_CREDIT] = 7,  [LAPSE_EVENT_TERMINATION_FEE] = 8,
        [LAPSE_EVENT_PAUSE] = 9,           [LAPSE_EVENT_EFFECTIVE_END] = 10,
        [LAPSE_EVENT_DATA_DELETED] = 11
    };
    return order[kind];
}

/* lapse.h on lapse_event.amount: an invoice's amount (0 or more: an
 * introductory price may be 0), the change's first invoice at the new
 * quantities (0 or more), a refund, its settlement and a termination fee
 * (each listed only when more than 0); every other kind 0. */
static inline bool test_event_amount_ok(const lapse_event *event)
{
    switch (event->kind) {
    case LAPSE_EVENT_INVOICE:
    case LAPSE_EVENT_CHANGE: return event->amount >= 0;
    case LAPSE_EVENT_REFUND:
    case LAPSE_EVENT_TERMINATION_FEE:
    case LAPSE_EVENT_APPLIED_TO_BALANCE:
    case LAPSE_EVENT_ACCOUNT_CREDIT: return event->amount > 0;
    default: return event->amount == 0;
    }
}

#endif
