/*
 * lapse_decide_cancel (default policy) against the honest C baseline of
 * plain.h (#32), in one process.
 *
 *   bench_plain --verify N    N random inputs: both must give the same
 *                             whole decision (the test plain-agrees runs it)
 *   bench_plain               the agreement on 100,000 inputs, then ns per
 *                             decision of each, timed interleaved: 11
 *                             alternating runs, the median of each and the
 *                             median of the 11 ratios
 *   bench_plain --count lapse|plain N
 *                             N decisions of one side only, for callgrind
 *                             (bench_plain.py: --toggle-collect=count_lapse
 *                             or count_plain gives the instructions)
 */
#include "bench.h"

#include <string.h>

#include "plain.h"

enum { N = 4096, OPS = 1000000, ROUNDS = 11 };
static lapse_subscription subscriptions[N];
static lapse_request requests[N];
static volatile int64_t sink;

/* A call, as lapse's is (the static library: a call to another unit). */
__attribute__((noinline)) static int plain_call(const lapse_subscription *s, const lapse_request *r,
                                                lapse_decision *d)
{
    return plain_decide(s, r, d);
}

static void run_lapse(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % N;
        lapse_decision d;
        if (lapse_decide_cancel(NULL, &subscriptions[k], &requests[k], &d, NULL) == LAPSE_OK)
            sum += d.effective_end + d.remaining_term_charge + d.blocked;
    }
    sink = sum;
}

static void run_plain(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % N;
        lapse_decision d;
        if (plain_call(&subscriptions[k], &requests[k], &d) == 0)
            sum += d.effective_end + d.remaining_term_charge + d.blocked;
    }
    sink = sum;
}

/* callgrind counts what runs inside these two (--toggle-collect). */
__attribute__((noinline)) void count_lapse(long ops);
__attribute__((noinline)) void count_plain(long ops);
void count_lapse(long ops) { run_lapse(NULL, ops); }
void count_plain(long ops) { run_plain(NULL, ops); }

static void show(const char *who, const lapse_decision *d)
{
    printf("  %-6s allowed %d blocked %u warnings %u missing %u route %d term [%d, %d) notice %d "
           "renews %d end %d charge %lld still %lld refund %lld invoices %d next %d deleted %d "
           "confirmation %d fee %lld change %d\n",
           who, d->allowed, d->blocked, d->warnings, d->missing_support_info, (int)d->route,
           d->term_start, d->term_end, d->notice_deadline, d->renews_first, d->effective_end,
           (long long)d->remaining_term_charge, (long long)d->still_to_invoice,
           (long long)d->refund, d->invoices_left, d->next_invoice, d->data_deleted_on,
           (int)d->confirmation, (long long)d->termination_fee, d->change_effective_on);
}

/* Both sides on n random inputs; 0 when they agree on every one. */
static int verify(long n)
{
    uint64_t seed = 32;
    for (long i = 0; i < n; i++) {
        lapse_subscription s;
        lapse_request r;
        plain_random(&seed, &s, &r);
        lapse_decision a, b;
        memset(&a, 0, sizeof a);
        lapse_error e = lapse_decide_cancel(NULL, &s, &r, &a, NULL);
        int p = plain_decide(&s, &r, &b);
        if (e != LAPSE_OK || p != 0 || memcmp(&a, &b, sizeof a) != 0) {
            printf("input %ld: lapse error %d, baseline %d; start %d term %d renewal %d billing "
                   "%d price %lld auto_renew %d contract %d on %d\n",
                   i, (int)e, p, s.start, s.term, s.renewal_term, s.billing, (long long)s.price,
                   s.auto_renew, s.contract, r.on);
            show("lapse", &a);
            show("plain", &b);
            return 1;
        }
    }
    printf("lapse and the plain baseline agree on %ld random inputs (every field)\n", n);
    return 0;
}

static double time_once(void (*fn)(void *, long))
{
    double start = bench_now_ns();
    fn(NULL, OPS);
    return (bench_now_ns() - start) / OPS;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--verify") == 0)
        return verify(atol(argv[2]));
    uint64_t seed = 7;
    for (size_t i = 0; i < N; i++)
        plain_random(&seed, &subscriptions[i], &requests[i]);
    if (argc == 4 && strcmp(argv[1], "--count") == 0) {
        long ops = atol(argv[3]);
        if (strcmp(argv[2], "lapse") == 0)
            count_lapse(ops);
        else
            count_plain(ops);
        return 0;
    }
    if (verify(100000))
        return 1;
    double lapse_ns[ROUNDS], plain_ns[ROUNDS], ratio[ROUNDS];
    run_lapse(NULL, OPS / 10); /* warm up */
    run_plain(NULL, OPS / 10);
    for (int i = 0; i < ROUNDS; i++) {
        lapse_ns[i] = time_once(run_lapse);
        plain_ns[i] = time_once(run_plain);
        ratio[i] = lapse_ns[i] / plain_ns[i];
    }
    qsort(lapse_ns, ROUNDS, sizeof lapse_ns[0], bench_compare);
    qsort(plain_ns, ROUNDS, sizeof plain_ns[0], bench_compare);
    qsort(ratio, ROUNDS, sizeof ratio[0], bench_compare);
    printf("ns per decision, %d interleaved runs of %d decisions (%d mixed inputs), median "
           "(range):\n",
           ROUNDS, OPS, N);
    printf("  lapse_decide_cancel  %6.1f ns (%.1f-%.1f)\n", lapse_ns[ROUNDS / 2], lapse_ns[0],
           lapse_ns[ROUNDS - 1]);
    printf("  plain baseline       %6.1f ns (%.1f-%.1f)\n", plain_ns[ROUNDS / 2], plain_ns[0],
           plain_ns[ROUNDS - 1]);
    printf("  ratio lapse/plain    %6.2fx (median of the %d runs' ratios; %.2f-%.2f)\n",
           ratio[ROUNDS / 2], ROUNDS, ratio[0], ratio[ROUNDS - 1]);
    printf("  lapse <= 35 ns (#32's absolute target): %.1f ns %s\n", lapse_ns[ROUNDS / 2],
           lapse_ns[ROUNDS / 2] <= 35 ? "met" : "MISSED");
    /* The 35 ns came with its author's baseline at 29 ns; where the
     * baseline itself takes longer (another machine, or this one under
     * load), the same target scaled by the baseline timed in this run. */
    double scaled = 35.0 / 29.0 * plain_ns[ROUNDS / 2];
    printf("  scaled target: 35/29 x this run's baseline = %.1f ns, a ratio of times <= %.2fx: "
           "lapse %.1f ns, ratio %.2fx %s (the absolute 35 ns above stands)\n",
           scaled, 35.0 / 29.0, lapse_ns[ROUNDS / 2], ratio[ROUNDS / 2],
           ratio[ROUNDS / 2] <= 35.0 / 29.0 ? "met" : "MISSED");
    return 0;
}
