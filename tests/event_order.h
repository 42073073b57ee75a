/* The order of event kinds within one day, as lapse.h states it, written
 * out independently of src/ so that the timeline tests and the lifecycle
 * fuzzer check the library's sorting against it. */
#ifndef LAPSE_TEST_EVENT_ORDER_H
#define LAPSE_TEST_EVENT_ORDER_H

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

#endif
