/* Timing helpers for the benchmarks: median of several runs, in ns/op. */
#ifndef LAPSE_BENCH_H
#define LAPSE_BENCH_H

#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BENCH_RUNS 7

static inline double bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int bench_compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median ns per operation of `runs` timings of fn(arg, ops). */
static inline double bench_median(void (*fn)(void *, long), void *arg, long ops)
{
    double samples[BENCH_RUNS];
    fn(arg, ops / 10 + 1); /* warm caches and branch predictors */
    for (int i = 0; i < BENCH_RUNS; i++) {
        double start = bench_now_ns();
        fn(arg, ops);
        samples[i] = (bench_now_ns() - start) / (double)ops;
    }
    qsort(samples, BENCH_RUNS, sizeof samples[0], bench_compare);
    return samples[BENCH_RUNS / 2];
}

/* One result line: both timings, their ratio and whether it met the target.
 * A missed target is reported, not failed: shared machines are noisy. */
static inline void bench_report(const char *name, double lapse_ns, double baseline_ns,
                                double min_ratio)
{
    double ratio = baseline_ns / lapse_ns;
    printf("%-28s lapse %7.2f ns/op   libc %8.2f ns/op   %6.1fx ", name, lapse_ns, baseline_ns,
           ratio);
    if (min_ratio > 0) /* 0: a baseline reported without a target */
        printf("(target >= %.0fx) %s\n", min_ratio, ratio >= min_ratio ? "ok" : "MISSED");
    else
        printf("(no target)\n");
}

#endif
