/* Pauses with introductory prices and with reductions of items (#31):
 * properties over generated inputs (docs/rules.md, "Pauses",
 * "Introductory prices", R14a). */
#include <stdio.h>
#include <string.h>

#include "pause_cases.h"

/* The start of billing period k >= 1 of a subscription without calendar
 * billing (start + k x billing months, or up front the k-th term
 * boundary); false past the calendar. */
static bool boundary(const lapse_policy *p, const lapse_subscription *s, int32_t k, lapse_date *out)
{
    int64_t months = s->term;
    if (s->billing > 0)
        months = (int64_t)k * s->billing;
    else if (k > 1)
        months += (int64_t)(k - 1) * (p->renewal == LAPSE_RENEWAL_EVERGREEN ? 1
                                      : s->renewal_term                     ? s->renewal_term
                                                                            : s->term);
    return months < 12000 && lapse_date_add_months(s->start, (int32_t)months, out) == LAPSE_OK;
}

/* A generated subscription with an introductory price of 1 to all the
 * billing periods of the first term and a pause on a period boundary (no
 * calendar billing, no trial, a start on a day <= 27 so that no boundary
 * clamps), the request around the pause; false when the pause would pass
 * the calendar. */
static bool generate(uint64_t *rng, lapse_policy *p, lapse_subscription *s, lapse_request *r)
{
    test_generate(rng, 2, p, s, r);
    s->billing_day = s->billing_month = 0;
    int32_t y, m, d;
    lapse_date_to_ymd(s->start, &y, &m, &d);
    if (d > 27)
        s->start -= d - 27;
    p->pause_extends_term = (int32_t)test_range(rng, 0, 1);
    int32_t months = s->billing > 0 ? s->billing : s->term;
    s->intro_months = months * (int32_t)test_range(rng, 1, s->term / months);
    s->intro_price = test_range(rng, 0, 1000000);
    int32_t k = (int32_t)test_range(rng, 1, s->billing == 1 ? 30 : 6);
    lapse_date from, to;
    if (!boundary(p, s, k, &from))
        return false;
    if (p->pause_extends_term)
        to = from + (lapse_date)test_range(rng, 1, 200);
    else if (!boundary(p, s, k + (int32_t)test_range(rng, 1, 4), &to))
        return false;
    s->paused_from = from;
    s->resumes_on = to;
    r->on = from + (lapse_date)test_range(rng, -120, to - from + 400);
    if (r->on < s->start)
        r->on = s->start;
    if (s->cancelled_on != LAPSE_DATE_NONE)
        s->cancelled_on = r->on + (lapse_date)test_range(rng, -60, 300);
    if (s->cancelled_on != LAPSE_DATE_NONE && s->cancelled_on < s->start)
        s->cancelled_on = s->start;
    if (r->end_on != LAPSE_DATE_NONE)
        r->end_on = r->on + (lapse_date)test_range(rng, 1, 500);
    return true;
}

static void assert_same_decision(const lapse_decision *a, const lapse_decision *b, int i,
                                 const lapse_subscription *s, const lapse_policy *p,
                                 const lapse_request *r)
{
    if (memcmp(a, b, sizeof *a) != 0)
        fail_msg("case %d: start %d term %d billing %d, intro %d at %lld, pause %d to %d "
                 "(extends %d), asked %d: remaining %lld / %lld, still %lld / %lld, refund "
                 "%lld / %lld, fee %lld / %lld, end %d / %d",
                 i, s->start, s->term, s->billing, s->intro_months, (long long)s->intro_price,
                 s->paused_from, s->resumes_on, p->pause_extends_term, r->on,
                 (long long)a->remaining_term_charge, (long long)b->remaining_term_charge,
                 (long long)a->still_to_invoice, (long long)b->still_to_invoice,
                 (long long)a->refund, (long long)b->refund, (long long)a->termination_fee,
                 (long long)b->termination_fee, a->effective_end, b->effective_end);
}

/* An intro price equal to the price changes nothing on a paused
 * subscription, under either pause_extends_term: the decision and the
 * timeline are those without it. */
static void test_intro_equal_to_the_price_when_paused(void **state)
{
    (void)state;
    uint64_t rng = 3101;
    long compared = 0, kept = 0, moved = 0;
    for (int i = 0; i < 100000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate(&rng, &p, &s, &r))
            continue;
        s.intro_price = s.price;
        lapse_subscription none = s;
        none.intro_months = 0;
        none.intro_price = 0;
        lapse_decision a, b;
        if (!decide_both(&p, &s, &none, &r, &a, &b, i, "with the intro", "without"))
            continue;
        assert_same_decision(&a, &b, i, &s, &p, &r);
        lapse_event ea_events[64], eb_events[64];
        size_t na = 0, nb = 0;
        lapse_error ta = lapse_timeline(&p, &s, &r, ea_events, 64, &na, NULL);
        lapse_error tb = lapse_timeline(&p, &none, &r, eb_events, 64, &nb, NULL);
        assert_int_equal(ta, tb);
        assert_int_equal(na, nb);
        if (ta == LAPSE_OK)
            assert_memory_equal(ea_events, eb_events, (na < 64 ? na : 64) * sizeof *ea_events);
        compared++;
        if (p.pause_extends_term)
            moved++;
        else
            kept++;
    }
    print_message("# %ld paused decisions with an intro price equal to the price unchanged (%ld "
                  "term moved, %ld kept)\n",
                  compared, moved, kept);
    assert_true(moved > 20000 && kept > 20000);
}

/* With pause_extends_term true a pause of n whole months is a shift, intro
 * prices too (they belong to the first intro_months months' worth of the
 * term's served periods): for a request on or after resumes_on, no
 * cooling-off and a recorded cancellation (if any) after the resume, the
 * decision is that of the same subscription unpaused started n months
 * later, but term_start when the request's term began before the pause (n
 * months earlier). */
static void test_intro_pause_is_a_shift(void **state)
{
    (void)state;
    uint64_t rng = 3102;
    long compared = 0, intro_after = 0;
    for (int i = 0; i < 150000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate(&rng, &p, &s, &r))
            continue;
        lapse_subscription shifted;
        int32_t n;
        if (!shifted_pause_case(&rng, &p, &s, &r, &shifted, &n))
            continue;
        lapse_decision a, b;
        if (!decide_both(&p, &s, &shifted, &r, &a, &b, i, "paused", "shifted"))
            continue;
        term_began_before_the_pause(&a, &b, n, &s);
        assert_same_decision(&a, &b, i, &s, &p, &r);
        /* The intro's end (start + intro_months) after the pause: some
         * intro periods moved past it. */
        lapse_date intro_end;
        if (lapse_date_add_months(s.start, s.intro_months, &intro_end) == LAPSE_OK &&
            intro_end > s.paused_from)
            intro_after++;
        compared++;
    }
    print_message("# %ld paused decisions equal to the later start's, %ld with intro periods "
                  "moved past the pause\n",
                  compared, intro_after);
    assert_true(compared > 50000 && intro_after > 5000);
}

/* With pause_extends_term false the calendar stays and the intro covers
 * the first intro_months calendar months: for a request on or after
 * resumes_on (no cooling-off, a recorded cancellation, if any, after the
 * resume) the decision is the unpaused subscription's: intro periods
 * paused are lost, never moved. */
static void test_kept_term_loses_paused_intro_periods(void **state)
{
    (void)state;
    uint64_t rng = 3103;
    long compared = 0, lost = 0;
    for (int i = 0; i < 100000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate(&rng, &p, &s, &r))
            continue;
        if (p.pause_extends_term)
            continue;
        p.cooling_off_days = 0;
        ask_after_the_resume(&rng, &s, &r);
        lapse_subscription unpaused = s;
        unpaused.paused_from = unpaused.resumes_on = LAPSE_DATE_NONE;
        lapse_decision a, b;
        if (!decide_both(&p, &s, &unpaused, &r, &a, &b, i, "paused", "unpaused"))
            continue;
        assert_same_decision(&a, &b, i, &s, &p, &r);
        lapse_date intro_end;
        if (lapse_date_add_months(s.start, s.intro_months, &intro_end) == LAPSE_OK &&
            intro_end > s.paused_from)
            lost++;
        compared++;
    }
    print_message("# %ld decisions after a kept term's pause equal to the unpaused ones, %ld "
                  "with intro periods paused\n",
                  compared, lost);
    assert_true(compared > 20000 && lost > 2000);
}

/* A generated paused subscription (generate(): with an intro price half
 * the time) with 1 to 3 items and a reduction of some of them, no
 * recorded cancellation, no chosen end; false when there is none. */
static bool generate_reduction(uint64_t *rng, lapse_policy *p, lapse_subscription *s,
                               lapse_request *r, lapse_item *items, lapse_reduction *reduce)
{
    if (!generate(rng, p, s, r))
        return false;
    if (test_range(rng, 0, 1) == 0)
        s->intro_months = 0, s->intro_price = 0;
    p->reduction_timing = (lapse_timing)test_range(rng, 0, 2);
    s->cancelled_on = LAPSE_DATE_NONE;
    r->end_on = LAPSE_DATE_NONE;
    int32_t count = (int32_t)test_range(rng, 1, 3);
    memset(items, 0, LAPSE_ITEMS_MAX * sizeof *items);
    memset(reduce, 0, LAPSE_ITEMS_MAX * sizeof *reduce);
    r->reduce_count = 0;
    for (int32_t i = 0; i < count; i++) {
        snprintf(items[i].name, sizeof items[i].name, "item-%d", (int)i);
        items[i].quantity = (int32_t)test_range(rng, 1, 50);
        items[i].unit_price = test_range(rng, 0, 100000);
        items[i].committed = (int32_t)test_range(rng, 0, items[i].quantity);
        if (test_range(rng, 0, 2) == 0)
            continue;
        memcpy(reduce[r->reduce_count].name, items[i].name, sizeof items[i].name);
        reduce[r->reduce_count++].quantity = (int32_t)test_range(rng, 0, items[i].quantity - 1);
    }
    s->items = items;
    s->item_count = count;
    r->reduce = reduce;
    return r->reduce_count > 0;
}

/* A reduction around a pause, under either policy: it never costs more
 * than not reducing; its change never falls within the pause (it moves
 * to resumes_on); asked during the pause it warns paused, refunds
 * nothing and all it charges is still to invoice; and the timeline's
 * invoices after the request date are still_to_invoice and
 * invoices_left, plus the current period's (none in the pause) the
 * remaining-term charge. */
static void test_reduction_around_a_pause(void **state)
{
    (void)state;
    uint64_t rng = 3104;
    static lapse_event events[4096];
    long compared = 0, in_pause = 0, moved = 0;
    for (int i = 0; i < 60000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        lapse_item items[LAPSE_ITEMS_MAX];
        lapse_reduction reduce[LAPSE_ITEMS_MAX];
        if (!generate_reduction(&rng, &p, &s, &r, items, reduce) || r.on - s.start > 3000)
            continue;
        lapse_decision d;
        lapse_error_detail e;
        lapse_error error = lapse_decide_cancel(&p, &s, &r, &d, &e);
        if (error == LAPSE_ERR_BILLING_INTERVAL || error == LAPSE_ERR_MISSING ||
            error == LAPSE_ERR_ALREADY_ENDED)
            continue;
        if (error != LAPSE_OK)
            fail_msg("case %d: %s: %s", i, e.field, e.message);
        bool paused = r.on >= s.paused_from && r.on < s.resumes_on;
        assert_true(d.saving >= 0);
        assert_true(d.change_effective_on < s.paused_from || d.change_effective_on >= s.resumes_on);
        assert_int_equal((d.warnings & LAPSE_WARNING_PAUSED) != 0, paused);
        if (paused) {
            assert_int_equal(d.refund, 0);
            assert_int_equal(d.remaining_term_charge, d.still_to_invoice);
            in_pause++;
        }
        if (d.change_effective_on == s.resumes_on)
            moved++;
        size_t count = 0;
        assert_int_equal(lapse_timeline(&p, &s, &r, events, 4096, &count, NULL), LAPSE_OK);
        assert_true(count <= 4096);
        bool arrears = p.invoicing == LAPSE_INVOICING_IN_ARREARS;
        int64_t to_invoice = 0, current = 0;
        int32_t invoices = 0;
        for (size_t k = 0; k < count; k++) {
            const lapse_event *ev = &events[k];
            if (!test_event_amount_ok(ev))
                fail_msg("case %d: event %zu (%s on %d) with amount %lld", i, k,
                         lapse_name(LAPSE_KIND_EVENT, ev->kind), ev->date, (long long)ev->amount);
            if (ev->kind != LAPSE_EVENT_INVOICE)
                continue;
            assert_true(ev->date < s.paused_from || ev->date >= s.resumes_on ||
                        (arrears && ev->date == s.paused_from));
            if (!arrears && ev->date <= r.on)
                current = ev->amount; /* the last on or before the request */
            if (ev->date > r.on && (arrears ? ev->date <= d.term_end : ev->date < d.term_end)) {
                to_invoice += ev->amount;
                invoices++;
            }
        }
        if (to_invoice != d.still_to_invoice || invoices != d.invoices_left ||
            to_invoice + (arrears || paused ? 0 : current) != d.remaining_term_charge)
            fail_msg("case %d: start %d term %d billing %d, pause %d to %d (extends %d), asked "
                     "%d, timing %d, arrears %d: timeline %lld in %d (+ %lld), decision %lld in "
                     "%d of %lld",
                     i, s.start, s.term, s.billing, s.paused_from, s.resumes_on,
                     p.pause_extends_term, r.on, p.reduction_timing, arrears, (long long)to_invoice,
                     invoices, (long long)current, (long long)d.still_to_invoice, d.invoices_left,
                     (long long)d.remaining_term_charge);
        compared++;
    }
    print_message("# %ld reductions around a pause (%ld asked in it, %ld changes moved to the "
                  "resume)\n",
                  compared, in_pause, moved);
    assert_true(compared > 10000 && in_pause > 2000 && moved > 1000);
}

/* From the resume on a reduction is the unpaused one's: with
 * pause_extends_term true (a pause of n whole months) that of the same
 * subscription started n months later (term_start n months earlier when
 * the term began before the pause); with false the same subscription's
 * without the pause. */
static void test_reduction_after_the_resume(void **state)
{
    (void)state;
    uint64_t rng = 3105;
    long shifted_count = 0, kept_count = 0;
    for (int i = 0; i < 100000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        lapse_item items[LAPSE_ITEMS_MAX];
        lapse_reduction reduce[LAPSE_ITEMS_MAX];
        if (!generate_reduction(&rng, &p, &s, &r, items, reduce))
            continue;
        p.cooling_off_days = 0;
        int32_t n = (int32_t)test_range(&rng, 1, 14);
        if (p.pause_extends_term &&
            lapse_date_add_months(s.paused_from, n, &s.resumes_on) != LAPSE_OK)
            continue;
        /* No recorded cancellation nor chosen end (generate_reduction): the
         * request alone moves. */
        ask_after_the_resume(&rng, &s, &r);
        lapse_subscription other = s;
        other.paused_from = other.resumes_on = LAPSE_DATE_NONE;
        if (p.pause_extends_term && lapse_date_add_months(s.start, n, &other.start) != LAPSE_OK)
            continue;
        lapse_decision a, b;
        if (!decide_both(&p, &s, &other, &r, &a, &b, i, "paused", "unpaused"))
            continue;
        if (p.pause_extends_term)
            term_began_before_the_pause(&a, &b, n, &s);
        assert_same_decision(&a, &b, i, &s, &p, &r);
        if (p.pause_extends_term)
            shifted_count++;
        else
            kept_count++;
    }
    print_message("# %ld reductions after a moving pause equal to the later start's, %ld after "
                  "a kept term's to the unpaused\n",
                  shifted_count, kept_count);
    assert_true(shifted_count > 10000 && kept_count > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intro_equal_to_the_price_when_paused),
        cmocka_unit_test(test_intro_pause_is_a_shift),
        cmocka_unit_test(test_kept_term_loses_paused_intro_periods),
        cmocka_unit_test(test_reduction_around_a_pause),
        cmocka_unit_test(test_reduction_after_the_resume),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
