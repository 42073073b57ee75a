/*
 * libFuzzer: the decision fed arbitrary struct bytes.  It must return an
 * error with a message (and an all-zero decision), or a decision that keeps
 * the engine's invariants; status, timeline and reactivation must agree,
 * and every explanation of them is written whole in every language.
 */
#include "lapse.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts naming the invariant's line, so that a find says which. */
#define check(condition)                                                     \
    do {                                                                     \
        if (!(condition)) {                                                  \
            fprintf(stderr, "fuzz_decide.c:%d: %s\n", __LINE__, #condition); \
            abort();                                                         \
        }                                                                    \
    } while (0)

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
    /* Raw bytes cannot make a pointer the caller owns: the item and
     * reduction arrays are the harness's (LAPSE_ITEMS_MAX entries, their
     * bytes from the input), the counts stay raw. */
    lapse_item items[LAPSE_ITEMS_MAX];
    lapse_reduction reduce[LAPSE_ITEMS_MAX];
    memset(items, 0, sizeof items);
    memset(reduce, 0, sizeof reduce);
    if (which & 16) {
        size_t n = size < sizeof items ? size : sizeof items;
        memcpy(items, data, n);
        data += n, size -= n;
        n = size < sizeof reduce ? size : sizeof reduce;
        memcpy(reduce, data, n);
        data += n, size -= n;
    }
    s.items = items;
    r.reduce = reduce;
    /* The fields of exact money, steered towards valid values so that the
     * decisions that use them are explored too. */
    if (which & 8) {
        uint32_t choice = size >= 4 ? (uint32_t)data[0] | (uint32_t)data[1] << 8 |
                                          (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24
                                    : 0;
        s.renewal_price = (choice & 1) ? (int64_t)(choice >> 8) : LAPSE_AMOUNT_NONE;
        /* In 64 bits: the request date is raw bytes, INT32_MAX too. */
        int64_t end_on = (int64_t)r.on + 1 + (int64_t)((choice >> 12) % 900);
        r.end_on = (choice & 2) && end_on <= INT32_MAX ? (lapse_date)end_on : LAPSE_DATE_NONE;
        policy.cooling_off_applies = (lapse_cooling_off_applies)((choice >> 2) & 1);
        if (choice & 8)
            memcpy(policy.termination_fee_currency, s.currency, 4);
        /* #31: an introductory price of whole billing periods (0-3 of
         * them, or up front the term) and a free trial of 1-31 days. */
        uint32_t extra = choice >> 24;
        if (extra & 1) {
            int32_t months = s.billing > 0 ? s.billing : s.term;
            int64_t intro = (int64_t)months * (int32_t)((extra >> 1) & 3);
            s.intro_months = intro <= INT32_MAX && intro >= INT32_MIN ? (int32_t)intro : 0;
            s.intro_price = (int64_t)(extra >> 3) * 100;
        }
        int64_t trial_end = (int64_t)s.start + 1 + (int64_t)(extra >> 3);
        if ((extra & 8) && trial_end <= INT32_MAX)
            s.trial_end = (lapse_date)trial_end;
        /* A pause on a billing-period boundary now and then (raw bytes
         * seldom make one): k periods after the first day billed, to a
         * later day, or to a later boundary when it keeps the term. */
        if (choice & 16) {
            lapse_date first =
                s.trial_end != LAPSE_DATE_NONE && s.trial_end > s.start ? s.trial_end : s.start;
            int32_t k = 1 + (int32_t)((choice >> 20) % 12), n = 1 + (int32_t)((choice >> 24) % 4);
            int32_t months = s.billing > 0 ? s.billing : s.term;
            lapse_date from = LAPSE_DATE_NONE, to = LAPSE_DATE_NONE;
            if (months > 0 && months <= 1200 &&
                lapse_date_add_months(first, k * months, &from) == LAPSE_OK) {
                if (policy.pause_extends_term)
                    to = from + 1 + (lapse_date)((choice >> 26) % 120);
                else if (lapse_date_add_months(from, n * months, &to) != LAPSE_OK)
                    to = LAPSE_DATE_NONE;
            }
            s.paused_from = from;
            s.resumes_on = to;
            /* Now and then a pause of length 0, on that day or any other:
             * no pause (checked below). */
            int64_t day = (choice >> 30) & 1
                              ? (int64_t)from
                              : (int64_t)s.start + (int64_t)((choice >> 20) % 800) - 100;
            if (((choice >> 31) & 1) && day >= INT32_MIN && day <= INT32_MAX)
                s.resumes_on = s.paused_from = (lapse_date)day;
        }
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
    /* A free trial moves every boundary to its end: the anchor. */
    bool has_trial = s.trial_end != LAPSE_DATE_NONE && s.trial_end > s.start;
    lapse_date anchor = has_trial ? s.trial_end : s.start;
    bool in_trial = d.warnings & LAPSE_WARNING_IN_TRIAL;
    check(!in_trial || (has_trial && r.on < s.trial_end));
    if (in_trial) /* ended during the trial: nothing charged, owed or refunded */
        check(d.remaining_term_charge == 0 && d.still_to_invoice == 0 && d.invoices_left == 0 &&
              d.refund == 0 && d.termination_fee == 0 && d.effective_end <= s.trial_end &&
              d.next_invoice == LAPSE_DATE_NONE);
    /* A pause: asked in it, nothing of the current period is left (the
     * one before a pause that moves the term is served; one paused under a
     * kept term is free). */
    bool paused = s.paused_from != LAPSE_DATE_NONE && s.paused_from != s.resumes_on;
    if (s.paused_from != LAPSE_DATE_NONE && !paused) { /* length 0: the unpaused decision */
        lapse_subscription unpaused = s;
        unpaused.paused_from = unpaused.resumes_on = LAPSE_DATE_NONE;
        lapse_decision u;
        check(lapse_decide_cancel(&policy, &unpaused, &r, &u, NULL) == LAPSE_OK &&
              memcmp(&u, &d, sizeof d) == 0);
    }
    bool in_pause = d.warnings & LAPSE_WARNING_PAUSED;
    check(!in_pause || (paused && r.on >= s.paused_from && r.on < s.resumes_on));
    check(!paused || s.resumes_on > s.paused_from);
    bool cooling = d.warnings & LAPSE_WARNING_COOLING_OFF;
    if (in_pause) /* a withdrawal refunds what was paid before the pause */
        check(d.remaining_term_charge == d.still_to_invoice && (cooling || d.refund == 0));
    /* A trial ended at once ends before its term (the trial) ends, though
     * ends_before_term_end is not said of it (nothing is charged). */
    bool early = cooling || in_trial || (d.warnings & LAPSE_WARNING_ENDS_BEFORE_TERM_END);
    check(d.allowed == (d.blocked == 0));
    check(d.term_start <= r.on && r.on < d.term_end);
    /* Access ends after the request day, or on it under same_day. */
    check(d.effective_end > r.on ||
          (policy.immediate_end == LAPSE_IMMEDIATE_END_SAME_DAY && d.effective_end == r.on));
    check(early ? d.effective_end <= d.term_end : d.effective_end >= d.term_end);
    check(d.renews_first == (d.effective_end > d.term_end));
    check(d.data_deleted_on == d.effective_end + policy.retention_days);
    check(d.still_to_invoice <= d.remaining_term_charge);
    /* Invoices at the price in term 0 (from the anchor: trial_end after a
     * trial; its first intro_months at intro_price), the renewal price
     * after it. */
    int64_t renewal_price = s.renewal_price == LAPSE_AMOUNT_NONE ? s.price : s.renewal_price;
    int64_t period_price = d.term_start == anchor ? s.price : renewal_price;
    int64_t intro_price =
        s.intro_months > 0 && d.term_start == anchor ? s.intro_price : period_price;
    int64_t low = s.price < renewal_price ? s.price : renewal_price;
    int64_t high = s.price < renewal_price ? renewal_price : s.price;
    if (s.intro_months > 0) {
        low = s.intro_price < low ? s.intro_price : low;
        high = s.intro_price > high ? s.intro_price : high;
    }
    int64_t at_least, at_most;
    /* In arrears the last invoice may be for part of a period. */
    bool arrears = policy.invoicing == LAPSE_INVOICING_IN_ARREARS;
    int64_t whole = d.invoices_left > 0 && arrears ? d.invoices_left - 1 : d.invoices_left;
    bool calendar = s.billing_day != 0 || s.billing_month != 0;
    if (calendar && arrears && whole > 0)
        whole--; /* and the leading period's */
    if (__builtin_mul_overflow(high, (int64_t)d.invoices_left, &at_most))
        at_most = INT64_MAX; /* the sum fits although the larger price x count need not */
    check(!__builtin_mul_overflow(low, whole, &at_least) && d.still_to_invoice >= at_least &&
          d.still_to_invoice <= at_most);
    if (cooling || in_trial)
        check(d.remaining_term_charge == 0);
    else if (arrears) /* all of it still to come, nothing paid to refund */
        check(d.remaining_term_charge == d.still_to_invoice && d.refund == 0);
    else if (in_pause)
        check(d.refund == 0);
    else if (calendar || paused) /* a leading period has a price of its own, a paused none */
        check(d.refund >= 0 && d.refund <= d.remaining_term_charge - d.still_to_invoice);
    else /* the current period, at its price; never more refunded than it */
        check((d.remaining_term_charge - d.still_to_invoice == period_price ||
               d.remaining_term_charge - d.still_to_invoice == intro_price) &&
              d.refund >= 0 && d.refund <= d.remaining_term_charge - d.still_to_invoice);
    if (s.cancelled_on != LAPSE_DATE_NONE && s.cancelled_on <= r.on)
        check(d.refund == 0 && d.termination_fee == 0); /* settled by the first */
    check(d.termination_fee >= 0);
    check((d.refund > 0) == ((d.warnings & LAPSE_WARNING_REFUND_DUE) != 0));
    check((d.next_invoice != LAPSE_DATE_NONE) == (d.invoices_left > 0));
    check((d.warnings & LAPSE_WARNING_BACK_UP_DATA) != 0);
    /* Boundaries are the start plus whole months (clamped: month_end sticky
     * moves a month-end start's boundaries to later last days). */
    if (!early && !in_trial && r.end_on == LAPSE_DATE_NONE &&
        policy.month_end == LAPSE_MONTH_END_CLAMP && !calendar) {
        lapse_date boundary;
        /* From a pause that moves the term on, boundaries count from
         * resumes_on. */
        if (paused && policy.pause_extends_term && d.effective_end >= s.resumes_on)
            anchor = s.resumes_on;
        check(lapse_date_add_months(anchor, lapse_months_since(anchor, d.effective_end),
                                    &boundary) == LAPSE_OK &&
              boundary == d.effective_end);
    }

    /* Status, reactivation and timeline agree, except that near the end of
     * the calendar their own dates (the natural end's deletion date) may
     * fall after 9999-12-31, which they report as such. */
    lapse_status_info status;
    /* Nor can a recorded cancellation whose own refund or fee passes 64
     * bits (its decision could not have been made): reported as such. */
    bool settled = s.cancelled_on != LAPSE_DATE_NONE && s.cancelled_on <= r.on;
    lapse_error status_error = lapse_status_at(&policy, &s, r.on, &status, NULL);
    check(status_error == LAPSE_OK || status_error == LAPSE_ERR_DATE_RANGE ||
          (settled && status_error == LAPSE_ERR_AMOUNT_RANGE));
    if (status_error == LAPSE_OK) {
        bool not_renewing = !s.auto_renew || policy.renewal == LAPSE_RENEWAL_NONE;
        if (in_pause) /* active or ending, paused first */
            check(status.status == LAPSE_STATUS_PAUSED && status.since == s.paused_from &&
                  status.until <= s.resumes_on);
        else if (d.warnings & LAPSE_WARNING_ALREADY_ENDING)
            check(status.status == LAPSE_STATUS_ENDING && status.effective_end == d.effective_end);
        else
            check(status.status ==
                  (cooling && not_renewing ? LAPSE_STATUS_ENDING : LAPSE_STATUS_ACTIVE));
    }
    lapse_reactivation_info reactivation;
    lapse_error reactivation_error = lapse_reactivate(&policy, &s, r.on, &reactivation, NULL);
    check(reactivation_error == LAPSE_OK || reactivation_error == LAPSE_ERR_DATE_RANGE ||
          (settled && reactivation_error == LAPSE_ERR_AMOUNT_RANGE));
    lapse_event events[8];
    size_t count = 0;
    lapse_error timeline_error = lapse_timeline(&policy, &s, &r, events, 8, &count, NULL);
    check(timeline_error == LAPSE_OK || (settled && timeline_error == LAPSE_ERR_AMOUNT_RANGE));
    check(timeline_error || (count >= 3 && events[0].kind == LAPSE_EVENT_START));

    /* Explained in every language, into a small buffer with canaries and a
     * large one: the same length, the short text a prefix of the long. */
    const char *language;
    for (size_t k = 0; (language = lapse_language_code(k)) != NULL; k++) {
        static char whole[16384];
        char small[64 + 8];
        memset(small, 0x5a, sizeof small);
        size_t length = 0, again = 0;
        check(lapse_explain(&policy, &s, &r, &d, language, whole, sizeof whole, &length, NULL) ==
              LAPSE_OK);
        check(length < sizeof whole && strlen(whole) == length);
        check(lapse_explain(&policy, &s, &r, &d, language, small, 64, &again, NULL) == LAPSE_OK);
        check(again == length && strncmp(small, whole, 63) == 0);
        for (size_t i = 64; i < sizeof small; i++)
            check((unsigned char)small[i] == 0x5a);
        if (status_error == LAPSE_OK)
            check(lapse_explain_status(&policy, &s, r.on, &status, language, whole, sizeof whole,
                                       &length, NULL) == LAPSE_OK);
        for (size_t e = 0; !timeline_error && e < count && e < 8; e++)
            check(lapse_explain_event(&s, &events[e], language, small, 64, &length, NULL) ==
                  LAPSE_OK);
    }
    return 0;
}
