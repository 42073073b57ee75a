/*
 * libFuzzer: a policy text, then a subscription and a request built from
 * the following bytes (mostly valid, so that decisions are explored, not
 * only errors).  Every error names its field; a decision's timeline is in
 * date order and fills a small buffer exactly, canaries untouched; status
 * and reactivation of the subscription once cancelled agree with the
 * decision.
 */
#include "lapse.h"
#include "../event_order.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts naming the invariant's line, so that a find says which. */
#define check(condition)                                                        \
    do {                                                                        \
        if (!(condition)) {                                                     \
            fprintf(stderr, "fuzz_lifecycle.c:%d: %s\n", __LINE__, #condition); \
            abort();                                                            \
        }                                                                       \
    } while (0)

/* Bytes consumed from the input, zero once it runs out. */
typedef struct reader {
    const uint8_t *data;
    size_t size;
} reader;

static uint32_t take(reader *in, int bytes)
{
    uint32_t value = 0;
    for (int i = 0; i < bytes; i++) {
        value = value << 8 | (in->size ? *in->data : 0);
        if (in->size)
            in->data++, in->size--;
    }
    return value;
}

static void build(reader *in, lapse_subscription *s, lapse_request *r)
{
    static const int32_t terms[] = { 1, 2, 3, 6, 12, 15, 24, 36, 1200 };
    lapse_subscription_init(s);
    lapse_request_init(r);
    s->start = (lapse_date)(take(in, 3) % 40000) - 10000 + (take(in, 1) == 0xff ? 2900000 : 0);
    s->term = terms[take(in, 1) % 9];
    s->renewal_term = take(in, 1) % 4 == 0 ? terms[take(in, 1) % 9] : 0;
    int32_t renewal = s->renewal_term ? s->renewal_term : s->term;
    int32_t billing = (int32_t)(take(in, 1) % 13);
    while (billing > 0 && (s->term % billing || renewal % billing))
        billing--;
    s->billing = billing;
    s->price = (int64_t)take(in, 4) * (take(in, 1) == 0xff ? 1000000000 : 1);
    uint32_t flags = take(in, 1);
    s->contract = flags & 1;
    s->auto_renew = !(flags & 2);
    s->online_cancel = !(flags & 4);
    s->balance = (flags & 8) ? 100 : 0;
    r->on = s->start + (lapse_date)(take(in, 2) % 5000);
    if (flags & 16)
        s->cancelled_on = s->start + (lapse_date)(take(in, 2) % 5000);
    r->channel = (lapse_channel)((flags >> 5) & 1);
    r->roles = take(in, 1) & 7;
    r->provided = take(in, 1) & 31;
}

static void check_timeline(const lapse_policy *p, const lapse_subscription *s,
                           const lapse_request *r, size_t capacity)
{
    enum { MAX = 64, CANARY = 0x5a };
    lapse_event events[MAX + 4];
    size_t count, total;
    lapse_error error = lapse_timeline(p, s, r, NULL, 0, &total, NULL);
    /* A recorded cancellation whose own refund or fee passes 64 bits (its
     * decision could not have been made) is reported as such (lapse.h). */
    if (error == LAPSE_ERR_AMOUNT_RANGE && s->cancelled_on != LAPSE_DATE_NONE &&
        s->cancelled_on <= r->on)
        return;
    check(error == LAPSE_OK);
    if (capacity > MAX)
        capacity = MAX;
    memset(events, CANARY, sizeof events);
    check(lapse_timeline(p, s, r, events, capacity, &count, NULL) == LAPSE_OK);
    check(count == total && count >= 3);
    size_t filled = count < capacity ? count : capacity;
    const unsigned char *rest = (const unsigned char *)&events[filled];
    for (size_t b = 0; b < sizeof events - filled * sizeof events[0]; b++)
        check(rest[b] == CANARY);
    check(filled == 0 || events[0].kind == LAPSE_EVENT_START);
    for (size_t i = 0; i < filled; i++)
        check(test_event_amount_ok(&events[i]));
    for (size_t i = 1; i < filled; i++)
        check(events[i - 1].date < events[i].date ||
              (events[i - 1].date == events[i].date &&
               test_event_day_rank(events[i - 1].kind) <= test_event_day_rank(events[i].kind)));
}

/* Cancelled on the request date, the subscription's status and
 * reactivation follow the decision's dates. */
static void check_lifecycle(const lapse_policy *p, const lapse_subscription *s,
                            const lapse_request *r, const lapse_decision *d)
{
    lapse_subscription cancelled = *s;
    cancelled.cancelled_on = r->on;
    lapse_status_info st;
    lapse_error error = lapse_status_at(p, &cancelled, r->on, &st, NULL);
    if (error == LAPSE_ERR_DATE_RANGE)
        return; /* the deletion date past 9999-12-31: documented */
    check(error == LAPSE_OK);
    check(st.status == LAPSE_STATUS_ENDING && st.effective_end == d->effective_end &&
          st.data_deleted_on == d->data_deleted_on);
    check(lapse_status_at(p, &cancelled, d->effective_end, &st, NULL) == LAPSE_OK);
    check(st.status ==
          (d->data_deleted_on > d->effective_end ? LAPSE_STATUS_EXPIRED : LAPSE_STATUS_DELETED));
    check(lapse_status_at(p, &cancelled, d->data_deleted_on, &st, NULL) == LAPSE_OK &&
          st.status == LAPSE_STATUS_DELETED);
    lapse_reactivation_info re;
    check(lapse_reactivate(p, &cancelled, r->on, &re, NULL) == LAPSE_OK);
    check(re.outcome == LAPSE_REACTIVATION_WITHDRAW_CANCELLATION &&
          re.effective_end == d->effective_end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The policy text runs to the first NUL byte. */
    const uint8_t *nul = memchr(data, 0, size);
    size_t text_length = nul ? (size_t)(nul - data) : size;
    lapse_policy policy;
    lapse_error_detail detail;
    memset(&detail, 0, sizeof detail);
    if (lapse_policy_parse((const char *)data, text_length, &policy, &detail) != LAPSE_OK) {
        check(detail.message[0] != '\0' && detail.line > 0 && detail.column > 0);
        return 0;
    }
    check(lapse_policy_check(&policy, NULL) == LAPSE_OK);
    reader in = { data + text_length, size - text_length };
    take(&in, 1);
    size_t capacity = take(&in, 1) % 24;
    lapse_subscription s;
    lapse_request r;
    build(&in, &s, &r);
    lapse_decision d;
    lapse_error error = lapse_decide_cancel(&policy, &s, &r, &d, &detail);
    if (error != LAPSE_OK) {
        check(detail.code == error && detail.message[0] != '\0');
        return 0;
    }
    if ((size_t)(d.data_deleted_on - s.start) < 40000)
        check_timeline(&policy, &s, &r, capacity);
    if (!(d.warnings & LAPSE_WARNING_ALREADY_ENDING))
        check_lifecycle(&policy, &s, &r, &d);
    return 0;
}
