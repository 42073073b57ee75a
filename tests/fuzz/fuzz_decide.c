/*
 * libFuzzer: the decision fed arbitrary struct bytes.  It must return an
 * error with a message (and an all-zero decision), or a decision that keeps
 * the engine's invariants; status, timeline and reactivation must agree.
 */
#include "lapse.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int condition)
{
    if (!condition)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lapse_policy policy;
    lapse_subscription s;
    lapse_request r;
    lapse_policy_default(&policy);
    lapse_subscription_init(&s);
    lapse_request_init(&r);
    /* The first byte says which structs the bytes overwrite, so that the
     * fuzzer also explores valid defaults for the others. */
    if (size < 1)
        return 0;
    uint8_t which = data[0];
    data++, size--;
    struct {
        void *target;
        size_t length;
        uint8_t bit;
    } parts[] = { { &s, sizeof s, 1 }, { &r, sizeof r, 2 }, { &policy, sizeof policy, 4 } };
    for (size_t i = 0; i < 3; i++) {
        if (!(which & parts[i].bit))
            continue;
        size_t n = size < parts[i].length ? size : parts[i].length;
        memcpy(parts[i].target, data, n);
        data += n, size -= n;
    }
    lapse_decision d;
    lapse_error_detail detail;
    memset(&detail, 0, sizeof detail);
    lapse_error error = lapse_decide_cancel(&policy, &s, &r, &d, &detail);
    if (error != LAPSE_OK) {
        static const lapse_decision zero;
        check(memcmp(&d, &zero, sizeof d) == 0);
        check(detail.code == error && detail.message[0] != '\0');
        return 0;
    }
    bool cooling = d.warnings & LAPSE_WARNING_COOLING_OFF;
    bool early = cooling || (d.warnings & LAPSE_WARNING_ENDS_BEFORE_TERM_END);
    check(d.allowed == (d.blocked == 0));
    check(d.term_start <= r.on && r.on < d.term_end);
    check(d.effective_end > r.on);
    check(early ? d.effective_end <= d.term_end : d.effective_end >= d.term_end);
    check(d.renews_first == (d.effective_end > d.term_end));
    check(d.data_deleted_on == d.effective_end + policy.retention_days);
    check(d.still_to_invoice <= d.remaining_term_charge);
    check(d.still_to_invoice == s.price * d.invoices_left);
    if (cooling)
        check(d.remaining_term_charge == 0);
    else
        check(d.remaining_term_charge - d.still_to_invoice == s.price && d.refund >= 0 &&
              d.refund <= s.price); /* never more than the period */
    check(d.termination_fee >= 0);
    check((d.refund > 0) == ((d.warnings & LAPSE_WARNING_REFUND_DUE) != 0));
    check((d.next_invoice != LAPSE_DATE_NONE) == (d.invoices_left > 0));
    check((d.warnings & LAPSE_WARNING_BACK_UP_DATA) != 0);
    if (!early) {
        lapse_date boundary;
        check(lapse_date_add_months(s.start, lapse_months_since(s.start, d.effective_end),
                                    &boundary) == LAPSE_OK &&
              boundary == d.effective_end);
    }

    /* Status, reactivation and timeline agree, except that near the end of
     * the calendar their own dates (the natural end's deletion date) may
     * fall after 9999-12-31, which they report as such. */
    lapse_status_info status;
    lapse_error status_error = lapse_status_at(&policy, &s, r.on, &status, NULL);
    check(status_error == LAPSE_OK || status_error == LAPSE_ERR_DATE_RANGE);
    if (status_error == LAPSE_OK) {
        bool not_renewing = !s.auto_renew || policy.renewal == LAPSE_RENEWAL_NONE;
        if (d.warnings & LAPSE_WARNING_ALREADY_ENDING)
            check(status.status == LAPSE_STATUS_ENDING && status.effective_end == d.effective_end);
        else
            check(status.status ==
                  (cooling && not_renewing ? LAPSE_STATUS_ENDING : LAPSE_STATUS_ACTIVE));
    }
    lapse_reactivation_info reactivation;
    lapse_error reactivation_error = lapse_reactivate(&policy, &s, r.on, &reactivation, NULL);
    check(reactivation_error == LAPSE_OK || reactivation_error == LAPSE_ERR_DATE_RANGE);
    lapse_event events[8];
    size_t count = 0;
    check(lapse_timeline(&policy, &s, &r, events, 8, &count, NULL) == LAPSE_OK);
    check(count >= 4 && events[0].kind == LAPSE_EVENT_START);
    return 0;
}
