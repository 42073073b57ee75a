/*
 * Decisions from two threads at once give the single-threaded answers: the
 * library keeps no state.  Also built under -Db_sanitize=thread by .ci/run.
 */
#include "testutil.h"
#include "lapse/tables.h"

#include <pthread.h>
#include <string.h>

enum { N = 20000 };
static lapse_subscription subscriptions[N];
static lapse_request requests[N];
static lapse_decision expected[N], got[2][N];
static lapse_status_info expected_status[N], got_status[2][N];
static lapse_error expected_error[N], got_error[2][N];

static void *worker(void *arg)
{
    int t = *(int *)arg;
    for (size_t k = 0; k < N; k++) {
        /* The two threads walk the inputs in opposite directions. */
        size_t i = t == 0 ? k : N - 1 - k;
        got_error[t][i] =
            lapse_decide_cancel(NULL, &subscriptions[i], &requests[i], &got[t][i], NULL);
        if (lapse_status_at(NULL, &subscriptions[i], requests[i].on, &got_status[t][i], NULL))
            memset(&got_status[t][i], 0xff, sizeof got_status[t][i]); /* differs from expected */
        char buf[64];
        lapse_decision_format(&got[t][i], LAPSE_COLUMN_WARNINGS, buf, sizeof buf);
    }
    return NULL;
}

static void test_two_threads_agree_with_one(void **state)
{
    (void)state;
    uint64_t rng = 11;
    for (size_t i = 0; i < N; i++) {
        lapse_subscription_init(&subscriptions[i]);
        lapse_request_init(&requests[i]);
        subscriptions[i].start =
            (lapse_date)test_range(&rng, LAPSE_DATE_MIN, test_date("2030-01-01"));
        subscriptions[i].term = (int32_t)test_range(&rng, 1, 24);
        subscriptions[i].billing = 0;
        subscriptions[i].price = test_range(&rng, 0, 100000);
        subscriptions[i].contract = (int32_t)test_range(&rng, 0, 1);
        if (test_range(&rng, 0, 2) == 0)
            subscriptions[i].cancelled_on =
                subscriptions[i].start + (lapse_date)test_range(&rng, 0, 500);
        requests[i].on = subscriptions[i].start + (lapse_date)test_range(&rng, 0, 1000);
        requests[i].roles = (uint32_t)test_range(&rng, 0, 7);
        requests[i].channel = (lapse_channel)test_range(&rng, 0, 1);
        expected_error[i] =
            lapse_decide_cancel(NULL, &subscriptions[i], &requests[i], &expected[i], NULL);
        assert_int_equal(
            lapse_status_at(NULL, &subscriptions[i], requests[i].on, &expected_status[i], NULL),
            LAPSE_OK);
    }
    pthread_t threads[2];
    int ids[2] = { 0, 1 };
    for (int t = 0; t < 2; t++)
        assert_int_equal(pthread_create(&threads[t], NULL, worker, &ids[t]), 0);
    for (int t = 0; t < 2; t++)
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    for (int t = 0; t < 2; t++) {
        for (size_t i = 0; i < N; i++) {
            assert_int_equal(got_error[t][i], expected_error[i]);
            assert_memory_equal(&got[t][i], &expected[i], sizeof expected[i]);
            assert_memory_equal(&got_status[t][i], &expected_status[i], sizeof expected_status[i]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_threads_agree_with_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
