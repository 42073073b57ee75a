/* Small helpers shared by the cmocka tests. */
#ifndef LAPSE_TESTUTIL_H
#define LAPSE_TESTUTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lapse.h"

/* splitmix64: a deterministic generator, so a failing property repeats. */
static inline uint64_t test_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform in [low, high] (inclusive); the bias is irrelevant for tests. */
static inline int64_t test_range(uint64_t *state, int64_t low, int64_t high)
{
    return low + (int64_t)(test_next(state) % (uint64_t)(high - low + 1));
}

/* A date from text that the test knows is valid. */
static inline lapse_date test_date(const char *text)
{
    lapse_date date = LAPSE_DATE_NONE;
    assert_int_equal(lapse_date_parse(text, &date), LAPSE_OK);
    return date;
}

/* A subscription with its defaults but for the start, the term, the
 * billing interval and the price. */
static inline lapse_subscription test_subscription(const char *start, int32_t term, int32_t billing,
                                                   int64_t price)
{
    lapse_subscription s;
    lapse_subscription_init(&s);
    s.start = test_date(start);
    s.term = term;
    s.billing = billing;
    s.price = price;
    return s;
}

/* Every CHOICE and FLAG key of the policy table, uniformly within its
 * range: read from LAPSE__POLICY_TABLE, so a key added to the table is
 * drawn here without anybody remembering to list it. */
#define TEST_RANDOM_KEY_DAYS(ctype, field, min, max)
#define TEST_RANDOM_KEY_PERCENT(ctype, field, min, max)
#define TEST_RANDOM_KEY_ROLES(ctype, field, min, max)
#define TEST_RANDOM_KEY_AMOUNT(ctype, field, min, max)
#define TEST_RANDOM_KEY_DATES(ctype, field, min, max)
#define TEST_RANDOM_KEY_CHOICE(ctype, field, min, max) p->field = (ctype)test_range(rng, min, max);
#define TEST_RANDOM_KEY_FLAG(ctype, field, min, max) p->field = (ctype)test_range(rng, min, max);
#define TEST_RANDOM_KEY(ctype, field, type, kind, min, max, def, order, check, doc) \
    TEST_RANDOM_KEY_##type(ctype, field, min, max)
#define TEST_NOT_A_KEY(ctype, field, count, doc)

static inline void test_random_choices(uint64_t *rng, lapse_policy *p)
{
    LAPSE__POLICY_TABLE(TEST_RANDOM_KEY, TEST_NOT_A_KEY)
}

/* A valid subscription and request (the request on or after the start, a
 * cancellation sometimes recorded), under the default policy or, with
 * `random_policy`, under random timing, refund, commitment, cooling-off,
 * renewal, notice and retention. */
static inline void test_generate(uint64_t *rng, int random_policy, lapse_policy *p,
                                 lapse_subscription *s, lapse_request *r)
{
    static const int32_t terms[] = { 1, 2, 3, 6, 12, 15, 24, 36 };
    lapse_policy_default(p);
    if (random_policy) {
        p->timing = (lapse_timing)test_range(rng, 0, 2);
        p->refund = (lapse_refund)test_range(rng, 0, 2);
        p->commitment = (lapse_commitment)test_range(rng, 0, 3);
        p->termination_fee = test_range(rng, 0, 100000);
        if (p->termination_fee > 0)
            memcpy(p->termination_fee_currency, "EUR", 4);
        p->cooling_off_applies = (lapse_cooling_off_applies)test_range(rng, 0, 1);
        p->termination_fee_percent = (int32_t)test_range(rng, 0, 100);
        p->cooling_off_days = test_range(rng, 0, 3) == 0 ? (int32_t)test_range(rng, 1, 30) : 0;
        p->renewal = (lapse_renewal)test_range(rng, 0, 2);
        p->notice_applies = (lapse_notice_applies)test_range(rng, 0, 2);
        p->notice_days = (int32_t)test_range(rng, 0, 90);
        p->retention_days = (int32_t)test_range(rng, 0, 400);
        /* The conventions of other engines, now and then (random_policy 2:
         * tests whose properties hold under any convention). */
        if (random_policy == 2 && test_range(rng, 0, 1) == 0) {
            test_random_choices(rng, p);
            p->rounding = (lapse_rounding)test_range(rng, 0, 2);
            p->proration_days = (lapse_proration_days)test_range(rng, 0, 1);
            p->month_end = (lapse_month_end)test_range(rng, 0, 1);
            p->immediate_end = (lapse_immediate_end)test_range(rng, 0, 1);
            p->invoicing = (lapse_invoicing)test_range(rng, 0, 1);
            p->leading_period = (lapse_leading_period)test_range(rng, 0, 2);
        }
    }
    lapse_subscription_init(s);
    s->start = (lapse_date)test_range(rng, test_date("1950-01-01"), test_date("2030-12-31"));
    s->term = terms[test_range(rng, 0, 7)];
    s->renewal_term = test_range(rng, 0, 3) == 0 ? terms[test_range(rng, 0, 7)] : 0;
    int32_t renewal = s->renewal_term ? s->renewal_term : s->term;
    /* A billing interval that divides both terms. */
    int32_t billing = (int32_t)test_range(rng, 0, 12);
    while (billing > 0 && (s->term % billing || renewal % billing))
        billing--;
    s->billing = billing;
    s->price = test_range(rng, 0, 1000000);
    s->balance = test_range(rng, 0, 3) == 0 ? test_range(rng, 1, 5000) : 0;
    s->contract = (int32_t)test_range(rng, 0, 1);
    s->auto_renew = test_range(rng, 0, 5) != 0;
    s->online_cancel = test_range(rng, 0, 5) != 0;
    s->licenses = (int32_t)test_range(rng, 0, 3);
    /* Up front with renewals of another length, a renewal price is needed;
     * elsewhere it is given now and then. */
    int32_t renewal_months = p->renewal == LAPSE_RENEWAL_EVERGREEN ? 1 : renewal;
    if ((s->billing == 0 && renewal_months != s->term) || test_range(rng, 0, 3) == 0)
        s->renewal_price = test_range(rng, 0, 1000000);
    if (random_policy == 2 && test_range(rng, 0, 2) == 0)
        s->billing_day = (int32_t)test_range(rng, 1, 31);
    if (random_policy == 2 && test_range(rng, 0, 3) == 0)
        s->billing_month = (int32_t)test_range(rng, 1, 12);
    lapse_request_init(r);
    r->on = s->start + (lapse_date)test_range(rng, 0, 4000);
    if (test_range(rng, 0, 3) == 0)
        s->cancelled_on = s->start + (lapse_date)test_range(rng, 0, 4000);
    r->channel = (lapse_channel)test_range(rng, 0, 1);
    r->roles = (uint32_t)test_range(rng, 0, 7);
    r->can_sign_in = test_range(rng, 0, 5) != 0;
    r->provided = (uint32_t)test_range(rng, 0, 31);
    if (test_range(rng, 0, 7) == 0)
        r->end_on = r->on + (lapse_date)test_range(rng, 1, 800);
}

#endif
