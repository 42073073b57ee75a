/* lapse_decide_batch: many decisions in one call give
 * exactly the single-call answers. */
#include "testutil.h"
#include "edges.h"

#include <stdio.h>
#include <string.h>

enum { N = 2000 };
static lapse_subscription subscriptions[N];
static lapse_request requests[N];
static lapse_decision decisions[N];
static lapse_error errors[N];

static void generate(uint64_t seed)
{
    for (size_t i = 0; i < N; i++) {
        lapse_subscription *s = &subscriptions[i];
        lapse_request *r = &requests[i];
        lapse_subscription_init(s);
        lapse_request_init(r);
        s->start = (lapse_date)test_range(&seed, LAPSE_DATE_MIN, test_date("2030-01-01"));
        s->term = (int32_t)test_range(&seed, 0, 24); /* 0 is invalid: some items fail */
        s->billing = (int32_t)test_range(&seed, 0, 3);
        s->price = test_range(&seed, 0, 100000);
        s->contract = (int32_t)test_range(&seed, 0, 1);
        r->on = s->start + (lapse_date)test_range(&seed, -10, 3000);
        r->roles = (uint32_t)test_range(&seed, 0, 7);
        r->channel = (lapse_channel)test_range(&seed, 0, 1);
    }
}

static void test_batch_equals_single_calls(void **state)
{
    (void)state;
    generate(99);
    size_t failed = 12345;
    assert_int_equal(
        lapse_decide_batch(NULL, subscriptions, requests, N, decisions, errors, &failed, NULL),
        LAPSE_OK);
    size_t expected_failures = 0;
    for (size_t i = 0; i < N; i++) {
        lapse_decision single;
        lapse_error error =
            lapse_decide_cancel(NULL, &subscriptions[i], &requests[i], &single, NULL);
        assert_int_equal(errors[i], error);
        assert_memory_equal(&decisions[i], &single, sizeof single);
        expected_failures += error != LAPSE_OK;
    }
    assert_int_equal(failed, expected_failures);
    assert_true(failed > 0 && failed < N);
}

static void test_batch_errors(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    p.notice_days = -1;
    lapse_error_detail detail;
    assert_int_equal(
        lapse_decide_batch(&p, subscriptions, requests, 1, decisions, errors, NULL, &detail),
        LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "notice_days");
    assert_int_equal(lapse_decide_batch(NULL, NULL, requests, 1, decisions, errors, NULL, NULL),
                     LAPSE_ERR_NULL_ARGUMENT);
    size_t failed = 7;
    assert_int_equal(lapse_decide_batch(NULL, NULL, NULL, 0, NULL, NULL, &failed, NULL), LAPSE_OK);
    assert_int_equal(failed, 0);
}

/* Boundaries a mutation run found untested (issue #34, docs/testing.md). */

/* 7. cancel.c: every array of a batch may be NULL only when count is 0. */
static void test_batch_each_null_array(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-01", 1, 1, 1000);
    lapse_request r = edge_request("2025-01-20", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    lapse_decision d;
    lapse_error e;
    size_t failed = 99;
    for (int which = 0; which < 4; which++) {
        lapse_error_detail detail = { 0 };
        assert_int_equal(lapse_decide_batch(NULL, which == 0 ? NULL : &s, which == 1 ? NULL : &r, 1,
                                            which == 2 ? NULL : &d, which == 3 ? NULL : &e, &failed,
                                            &detail),
                         LAPSE_ERR_NULL_ARGUMENT);
        static const char *const names[] = { "subscriptions", "requests", "decisions", "errors" };
        char message[64];
        snprintf(message, sizeof message, "%s: NULL while count is 1", names[which]);
        assert_string_equal(detail.field, names[which]);
        assert_string_equal(detail.message, message);
        assert_int_equal(failed, 0);
    }
    assert_int_equal(lapse_decide_batch(NULL, NULL, NULL, 0, NULL, NULL, &failed, NULL), LAPSE_OK);
    assert_int_equal(lapse_decide_batch(NULL, &s, &r, 1, &d, &e, NULL, NULL), LAPSE_OK);
    assert_int_equal(e, LAPSE_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_equals_single_calls),
        cmocka_unit_test(test_batch_errors),
        cmocka_unit_test(test_batch_each_null_array),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
