/*
 * The decision path allocates nothing: malloc, calloc, realloc and free are
 * interposed here and counted while the library decides, reports status,
 * lists a timeline and reads tables (including failing inputs, whose
 * messages are formatted into the caller's detail).
 */
#define _GNU_SOURCE
#include "testutil.h"
#include "lapse/tables.h"

#include <string.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void __libc_free(void *pointer);

static volatile long allocations; /* volatile: the compiler assumes malloc touches no globals */
static volatile int counting;

void *malloc(size_t size)
{
    allocations += counting;
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    allocations += counting;
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size)
{
    allocations += counting;
    return __libc_realloc(pointer, size);
}

void free(void *pointer)
{
    allocations += counting && pointer;
    __libc_free(pointer);
}

static void test_no_allocation_on_the_decision_path(void **state)
{
    (void)state;
    static lapse_subscription subscriptions[1000];
    static lapse_request requests[1000];
    static lapse_decision decisions[1000];
    static lapse_error errors[1000];
    uint64_t rng = 5;
    for (size_t i = 0; i < 1000; i++) {
        lapse_subscription_init(&subscriptions[i]);
        lapse_request_init(&requests[i]);
        subscriptions[i].start = (lapse_date)test_range(&rng, LAPSE_DATE_MIN, 21000);
        subscriptions[i].term = (int32_t)test_range(&rng, 0, 15); /* some invalid */
        subscriptions[i].contract = (int32_t)test_range(&rng, 0, 1);
        subscriptions[i].price = test_range(&rng, -5, 5000);
        requests[i].on = subscriptions[i].start + (lapse_date)test_range(&rng, -5, 900);
        requests[i].roles = (uint32_t)test_range(&rng, 0, 7);
    }
    char csv[] = "start,price,on,roles\n2025-01-31,20.00,2025-03-10,billing_admin\n"
                 "2025-01-31,x,2025-03-10,\n\"2025-01-31\",1,2025-02-30,\n";
    static const char header[] = "start\ton\troles\teffective_end\tstatus";
    lapse_table table;
    lapse_row row;
    lapse_event events[64];
    size_t count, failed;
    int32_t lines[8];
    char report[512];

    int failures = 0; /* some inputs are invalid on purpose */
    counting = 1;
    for (size_t i = 0; i < 1000; i++) {
        lapse_decision d;
        lapse_status_info status;
        lapse_reactivation_info reactivation;
        lapse_error_detail detail;
        failures += 0 != lapse_decide_cancel(NULL, &subscriptions[i], &requests[i], &d, &detail);
        failures += 0 != lapse_status_at(NULL, &subscriptions[i], requests[i].on, &status, &detail);
        failures +=
            0 != lapse_reactivate(NULL, &subscriptions[i], requests[i].on, &reactivation, &detail);
        failures +=
            0 != lapse_timeline(NULL, &subscriptions[i], &requests[i], events, 64, &count, &detail);
        char text[256];
        lapse_decision_format(&d, LAPSE_COLUMN_WARNINGS, text, sizeof text);
    }
    failures += 0 != lapse_decide_batch(NULL, subscriptions, requests, 1000, decisions, errors,
                                        &failed, NULL);
    failures +=
        0 != lapse_decide_csv(NULL, csv, strlen(csv), decisions, errors, lines, 8, &count, NULL);
    failures += 0 != lapse_table_header(&table, '\t', header, sizeof header - 1, NULL);
    char line[] = "2025-01-31\t2025-03-10\tbilling_admin\t2025-03-30\tactive";
    failures += 0 != lapse_table_row(&table, line, strlen(line), &row, NULL);
    failures += 0 != lapse_row_check(NULL, &table, line, strlen(line), &row, report, sizeof report);
    counting = 0;
    assert_int_equal(allocations, 0);
    assert_true(failures > 0);
}

/* The counter works: an allocation is seen. */
static void test_the_counter_counts(void **state)
{
    (void)state;
    counting = 1;
    void *volatile p = malloc(16); /* volatile: the pair is not elided */
    free(p);
    counting = 0;
    assert_int_equal(allocations, 2);
    allocations = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_counter_counts),
        cmocka_unit_test(test_no_allocation_on_the_decision_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
