/*
 * One decision: lapse_decide_cancel and lapse_decide_batch against the same
 * rules written the obvious way on libc (struct tm, timegm, gmtime_r, terms
 * and billing periods found by chained month additions), timed in the same
 * process; and the age of a subscription (started last month vs in year 1).
 * Prints ns per decision (median of BENCH_RUNS) and the ratios.
 */
#define _DEFAULT_SOURCE /* timegm */
#include "bench.h"

#include "lapse.h"

#include <string.h>

enum { N = 4096, OPS = 2000000 };
static lapse_subscription subscriptions[N];
static lapse_request requests[N];
static lapse_decision decisions[N];
static lapse_error errors[N];
static volatile int64_t sink;

/* ---- the obvious libc version ------------------------------------------ */

static struct tm broken_down(lapse_date day)
{
    time_t t = (time_t)day * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm;
}

static lapse_date day_of(struct tm tm) { return (lapse_date)(timegm(&tm) / 86400); }

/* anchor + months with the day clamped to the month's end, via timegm. */
static lapse_date libc_add_months(lapse_date anchor, int months)
{
    struct tm tm = broken_down(anchor);
    int day = tm.tm_mday;
    struct tm first = { .tm_year = tm.tm_year, .tm_mon = tm.tm_mon + months, .tm_mday = 1 };
    lapse_date month_start = day_of(first);
    struct tm next = first;
    next.tm_mon++;
    int last = (int)(day_of(next) - month_start);
    first.tm_mday = day < last ? day : last;
    return day_of(first);
}

typedef struct libc_decision {
    int allowed;
    lapse_date effective_end, next_invoice, data_deleted_on;
    int64_t remaining, still;
} libc_decision;

/* What both libc versions do the same once the end is known: the deletion
 * date and who may cancel through which channel. */
static libc_decision libc_finish(libc_decision d, const lapse_subscription *s,
                                 const lapse_request *r, int length, lapse_date end)
{
    d.effective_end = end;
    struct tm deleted = broken_down(end);
    deleted.tm_mday += 90;
    d.data_deleted_on = day_of(deleted);
    int billing_admin = (r->roles & LAPSE_ROLE_BILLING_ADMIN) != 0;
    int authorized = billing_admin || (s->contract && r->roles);
    int online_ok = billing_admin && s->online_cancel && !(s->contract && length > 1) &&
                    s->balance <= 0 && r->can_sign_in;
    d.allowed = authorized && (r->channel == LAPSE_CHANNEL_SUPPORT || online_ok);
    return d;
}

static libc_decision libc_decide(const lapse_subscription *s, const lapse_request *r)
{
    libc_decision d = { 0 };
    int renewal = s->renewal_term ? s->renewal_term : s->term;
    /* Walk the terms from the start until the one containing the request. */
    int offset = 0, length = s->term;
    lapse_date term_end = libc_add_months(s->start, length);
    while (term_end <= r->on) {
        offset += length;
        length = renewal;
        term_end = libc_add_months(s->start, offset + length);
    }
    int end_offset = offset + length;
    lapse_date end = term_end;
    if (s->auto_renew && s->contract && length > 1 && r->on > term_end - 30) {
        end_offset += renewal;
        end = libc_add_months(s->start, end_offset);
    }
    /* Walk the billing periods of the current term up to the end. */
    int step = s->billing > 0 ? s->billing : length;
    int count = 0;
    lapse_date next = 0;
    for (int period = offset; period < end_offset; period += step) {
        lapse_date period_end = libc_add_months(s->start, period + step);
        if (period_end <= r->on)
            continue;
        if (count == 1)
            next = libc_add_months(s->start, period);
        count++;
    }
    d.remaining = s->price * count;
    d.still = s->price * (count - 1);
    d.next_invoice = count > 1 ? next : LAPSE_DATE_NONE;
    return libc_finish(d, s, r, length, end);
}

/* ---- the O(1) libc version ----------------------------------------------
 * What a competent engineer writes with libc: the months from the anchor
 * to the request in one step (struct tm arithmetic, corrected once for a
 * day of month past the request's), then the term and the billing period
 * by division, each boundary one timegm from the anchor.  No walk. */

/* The largest k with anchor + k months <= date. */
static int libc_months_since(lapse_date anchor, lapse_date date)
{
    struct tm a = broken_down(anchor), d = broken_down(date);
    int months = (d.tm_year - a.tm_year) * 12 + (d.tm_mon - a.tm_mon);
    if (libc_add_months(anchor, months) > date)
        months--;
    return months;
}

static libc_decision libc_decide_o1(const lapse_subscription *s, const lapse_request *r)
{
    libc_decision d = { 0 };
    int renewal = s->renewal_term ? s->renewal_term : s->term;
    int months = libc_months_since(s->start, r->on);
    int offset = 0, length = s->term;
    if (months >= s->term) {
        offset = s->term + (months - s->term) / renewal * renewal;
        length = renewal;
    }
    int end_offset = offset + length;
    lapse_date term_end = libc_add_months(s->start, end_offset);
    if (s->auto_renew && s->contract && length > 1 && r->on > term_end - 30)
        end_offset += renewal;
    lapse_date end =
        end_offset == offset + length ? term_end : libc_add_months(s->start, end_offset);
    int step = s->billing > 0 ? s->billing : length;
    int period = offset + (months - offset) / step * step; /* the one containing the request */
    int count = (end_offset - period) / step;
    d.remaining = s->price * count;
    d.still = s->price * (count - 1);
    d.next_invoice = count > 1 ? libc_add_months(s->start, period + step) : LAPSE_DATE_NONE;
    return libc_finish(d, s, r, length, end);
}

/* ---- timed loops -------------------------------------------------------- */

static void run_lapse(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % N;
        lapse_decision d;
        if (lapse_decide_cancel(NULL, &subscriptions[k], &requests[k], &d, NULL) == LAPSE_OK)
            sum += d.effective_end + d.remaining_term_charge;
    }
    sink = sum;
}

/* run_lapse under a policy: the cost of a convention setting. */
static void run_policy(void *arg, long ops)
{
    const lapse_policy *policy = arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % N;
        lapse_decision d;
        if (lapse_decide_cancel(policy, &subscriptions[k], &requests[k], &d, NULL) == LAPSE_OK)
            sum += d.effective_end + d.remaining_term_charge + d.refund;
    }
    sink = sum;
}

/* The conventions of other engines (rounding, proration_days, month_end,
 * immediate_end, invoicing),
 * each against the same policy without it, in this run, on shares that
 * use it (immediate timing, prorated refunds, percentage fees). */
static void report_conventions(void)
{
    lapse_policy base;
    lapse_policy_default(&base);
    base.timing = LAPSE_TIMING_IMMEDIATE;
    base.refund = LAPSE_REFUND_PRORATED;
    base.commitment = LAPSE_COMMITMENT_PERCENT_FEE;
    base.termination_fee_percent = 50;
    double plain = bench_median(run_policy, &base, OPS);
    printf("%-28s %6.2f ns/op (immediate, prorated refund, 50%% fee)\n", "conventions: base",
           plain);
    static const struct {
        const char *name;
        int rounding, proration_days, month_end, immediate_end, invoicing;
    } settings[] = {
        { "rounding = half_even", LAPSE_ROUNDING_HALF_EVEN, 0, 0, 0, 0 },
        { "rounding = down", LAPSE_ROUNDING_DOWN, 0, 0, 0, 0 },
        { "proration_days = 30", 0, LAPSE_PRORATION_DAYS_30, 0, 0, 0 },
        { "month_end = sticky", 0, 0, LAPSE_MONTH_END_STICKY, 0, 0 },
        { "immediate_end = same_day", 0, 0, 0, LAPSE_IMMEDIATE_END_SAME_DAY, 0 },
        { "invoicing = in_arrears", 0, 0, 0, 0, LAPSE_INVOICING_IN_ARREARS },
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        lapse_policy p = base;
        p.rounding = (lapse_rounding)settings[i].rounding;
        p.proration_days = (lapse_proration_days)settings[i].proration_days;
        p.month_end = (lapse_month_end)settings[i].month_end;
        p.immediate_end = (lapse_immediate_end)settings[i].immediate_end;
        p.invoicing = (lapse_invoicing)settings[i].invoicing;
        double ns = bench_median(run_policy, &p, OPS);
        printf("  %-26s %6.2f ns/op   %+.1f %% against the base\n", settings[i].name, ns,
               100 * (ns - plain) / plain);
    }
    /* Calendar billing is a subscription's: the same plans on billing day 1. */
    for (size_t k = 0; k < N; k++)
        subscriptions[k].billing_day = 1;
    double calendar = bench_median(run_policy, &base, OPS);
    for (size_t k = 0; k < N; k++)
        subscriptions[k].billing_day = 0;
    printf("  %-26s %6.2f ns/op   %+.1f %% against the base\n", "billing_day = 1", calendar,
           100 * (calendar - plain) / plain);
}

static void run_batch(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i += N) {
        size_t failed;
        if (lapse_decide_batch(NULL, subscriptions, requests, N, decisions, errors, &failed,
                               NULL) == LAPSE_OK)
            sum += decisions[i % N].effective_end + (int64_t)failed;
    }
    sink = sum;
}

static void run_libc_o1(void *arg, long ops)
{
    (void)arg;
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % N;
        libc_decision d = libc_decide_o1(&subscriptions[k], &requests[k]);
        sink += d.remaining + d.effective_end;
    }
}

static void run_libc(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % N;
        libc_decision d = libc_decide(&subscriptions[k], &requests[k]);
        sum += d.effective_end + d.remaining;
    }
    sink = sum;
}

static lapse_subscription one_subscription;
static lapse_request one_request;

static void run_one(void *arg, long ops)
{
    (void)arg;
    int64_t sum = 0;
    for (long i = 0; i < ops; i++) {
        lapse_decision d;
        one_request.on += (lapse_date)(i & 1); /* defeat hoisting; stays in the term */
        if (lapse_decide_cancel(NULL, &one_subscription, &one_request, &d, NULL) == LAPSE_OK)
            sum += d.effective_end;
        one_request.on -= (lapse_date)(i & 1);
    }
    sink = sum;
}

static double time_age(const char *start)
{
    lapse_subscription_init(&one_subscription);
    lapse_request_init(&one_request);
    if (lapse_date_parse(start, &one_subscription.start) != LAPSE_OK ||
        lapse_date_parse("2026-11-10", &one_request.on) != LAPSE_OK)
        exit(1);
    one_subscription.term = 1;
    one_subscription.price = 2000;
    one_request.roles = LAPSE_ROLE_BILLING_ADMIN;
    return bench_median(run_one, NULL, OPS);
}

int main(void)
{
    /* A realistic book: monthly, annual, 15- and 24-month plans started in
     * the last six years, billed monthly, quarterly or up front. */
    uint64_t seed = 7;
    static const int32_t terms[] = { 1, 12, 15, 24 };
    for (size_t i = 0; i < N; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        lapse_subscription *s = &subscriptions[i];
        lapse_request *r = &requests[i];
        lapse_subscription_init(s);
        lapse_request_init(r);
        s->start = 18600 + (lapse_date)((seed >> 33) % 2200);
        s->term = terms[(seed >> 20) % 4];
        int32_t billing = (int32_t)((seed >> 24) % 3);
        s->billing = billing == 2 ? (s->term % 3 == 0 ? 3 : 1) : billing;
        s->price = 1000 + (int64_t)((seed >> 40) % 10000);
        s->contract = (int32_t)((seed >> 45) & 1);
        s->balance = (seed >> 46) % 8 == 0 ? 500 : 0;
        r->on = s->start + (lapse_date)((seed >> 50) % 1500);
        r->roles = (uint32_t)((seed >> 55) % 8);
        r->channel = (lapse_channel)((seed >> 58) & 1);
        lapse_decision d;
        libc_decision l = libc_decide(s, r), o = libc_decide_o1(s, r);
        if (memcmp(&l, &o, sizeof l) != 0) {
            printf("the two libc baselines disagree on case %zu\n", i);
            return 1;
        }
        if (lapse_decide_cancel(NULL, s, r, &d, NULL) != LAPSE_OK ||
            d.effective_end != l.effective_end || d.remaining_term_charge != l.remaining ||
            d.still_to_invoice != l.still || d.next_invoice != l.next_invoice ||
            d.data_deleted_on != l.data_deleted_on || d.allowed != l.allowed) {
            printf("baseline disagrees with lapse on case %zu\n", i);
            return 1;
        }
    }
    printf("decision: %d runs each, median ns per decision, %d mixed subscriptions\n", BENCH_RUNS,
           N);
    double single = bench_median(run_lapse, NULL, OPS);
    double batch = bench_median(run_batch, NULL, OPS);
    double libc_o1 = bench_median(run_libc_o1, NULL, OPS / 10);
    double libc = bench_median(run_libc, NULL, OPS / 10);
    /* The O(1) libc version first: the honest baseline.  The walk from the
     * anchor grows with the subscription's age and flatters every ratio. */
    bench_report("decide_cancel vs libc O(1)", single, libc_o1, 0);
    bench_report("decide_batch vs libc O(1)", batch, libc_o1, 0);
    bench_report("decide_cancel vs libc walk", single, libc, 6);
    bench_report("decide_batch vs libc walk", batch, libc, 6);
    printf("%-28s %s (target <= 30 ns)\n", "one decision", single <= 30 ? "ok" : "MISSED");
    printf("%-28s %s (target <= 15 ns)\n", "batch per decision", batch <= 15 ? "ok" : "MISSED");
    double recent = time_age("2026-10-10"), ancient = time_age("0001-01-01");
    printf("%-28s last month %6.2f ns   year 1 %6.2f ns   ratio %.2f (target <= 1.2) %s\n",
           "age of the subscription", recent, ancient, ancient / recent,
           ancient / recent <= 1.2 ? "ok" : "MISSED");
    report_conventions();
    return 0;
}
