/*
 * The calendar against libc: from_ymd vs timegm, to_ymd vs gmtime_r,
 * add_months vs the obvious struct tm arithmetic.  Prints ns/op (median of
 * BENCH_RUNS) and the ratio measured in the same run.
 */
#define _DEFAULT_SOURCE /* timegm */
#include "bench.h"

#include "lapse.h"

#include <string.h>

#define N 4096
#define OPS 2000000L

static int32_t years[N], months[N], days[N], offsets[N];
static lapse_date dates[N];
static volatile int64_t sink;

static void lapse_from_ymd(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        lapse_date d;
        size_t k = (size_t)i % N;
        if (lapse_date_from_ymd(years[k], months[k], days[k], &d) == LAPSE_OK)
            sum += d;
    }
    sink = sum;
}

static void libc_from_ymd(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % N;
        struct tm tm = { .tm_year = years[k] - 1900, .tm_mon = months[k] - 1, .tm_mday = days[k] };
        sum += (int64_t)(timegm(&tm) / 86400);
    }
    sink = sum;
}

static void lapse_to_ymd(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        int32_t y, m, d;
        lapse_date_to_ymd(dates[(size_t)i % N], &y, &m, &d);
        sum += y + m + d;
    }
    sink = sum;
}

static void libc_to_ymd(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        time_t t = (time_t)dates[(size_t)i % N] * 86400;
        struct tm tm;
        gmtime_r(&t, &tm);
        sum += tm.tm_year + tm.tm_mon + tm.tm_mday;
    }
    sink = sum;
}

static void lapse_add_months(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % N;
        lapse_date d;
        if (lapse_date_add_months(dates[k], offsets[k], &d) == LAPSE_OK)
            sum += d;
    }
    sink = sum;
}

/* The obvious libc way: break down, move the month, clamp the day by asking
 * timegm where the next month starts, and convert back. */
static void libc_add_months(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % N;
        time_t t = (time_t)dates[k] * 86400;
        struct tm tm;
        gmtime_r(&t, &tm);
        int day = tm.tm_mday;
        struct tm first = { .tm_year = tm.tm_year, .tm_mon = tm.tm_mon + offsets[k], .tm_mday = 1 };
        time_t month_start = timegm(&first);
        struct tm next = first;
        next.tm_mon += 1;
        int last = (int)((timegm(&next) - month_start) / 86400);
        first.tm_mday = day < last ? day : last;
        sum += (int64_t)(timegm(&first) / 86400);
    }
    sink = sum;
}

int main(void)
{
    uint64_t seed = 1;
    for (size_t i = 0; i < N; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        years[i] = 1900 + (int32_t)((seed >> 33) % 200);
        months[i] = 1 + (int32_t)((seed >> 20) % 12);
        days[i] = 1 + (int32_t)((seed >> 40) % 28);
        offsets[i] = (int32_t)((seed >> 50) % 60);
        if (lapse_date_from_ymd(years[i], months[i], days[i], &dates[i]) != LAPSE_OK)
            return 1;
    }
    printf("calendar: %d runs each, median ns per operation\n", BENCH_RUNS);
    bench_report("from_ymd vs timegm", bench_median(lapse_from_ymd, NULL, OPS),
                 bench_median(libc_from_ymd, NULL, OPS), 10);
    bench_report("to_ymd vs gmtime_r", bench_median(lapse_to_ymd, NULL, OPS),
                 bench_median(libc_to_ymd, NULL, OPS), 10);
    bench_report("add_months vs struct tm", bench_median(lapse_add_months, NULL, OPS),
                 bench_median(libc_add_months, NULL, OPS), 10);
    return 0;
}
