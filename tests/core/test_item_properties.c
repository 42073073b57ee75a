/*
 * Properties of items and reductions (issue 28) over generated
 * subscriptions, items, reductions and policies: a reduction never costs
 * more than not reducing, a whole cancellation is the cancellation of the
 * same invoice amount without items, items of quantity 0 change nothing,
 * per-item figures sum to the totals, a repeated entry settles nothing
 * twice, the timeline's invoices are the decision's figures, and a fee is
 * taken only on what the customer is released from (#30).
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

typedef struct generated {
    lapse_policy p;
    lapse_subscription s;
    lapse_request r;
    lapse_item items[LAPSE_ITEMS_MAX];
    lapse_reduction reduce[LAPSE_ITEMS_MAX];
} generated;

/* A valid subscription with 1 to 5 items and a reduction of some of them
 * (none when no item has a unit), under a random policy and conventions. */
static void generate(uint64_t *rng, generated *g)
{
    test_generate(rng, 2, &g->p, &g->s, &g->r);
    g->p.reduction_timing = (lapse_timing)test_range(rng, 0, 2);
    g->p.reductions_online = (int32_t)test_range(rng, 0, 1);
    g->s.cancelled_on = test_range(rng, 0, 9) == 0 ? g->s.cancelled_on : LAPSE_DATE_NONE;
    int32_t count = (int32_t)test_range(rng, 1, 5);
    memset(g->items, 0, sizeof g->items);
    for (int32_t i = 0; i < count; i++) {
        lapse_item *item = &g->items[i];
        snprintf(item->name, sizeof item->name, "item-%d", (int)i);
        item->quantity = (int32_t)test_range(rng, 0, test_range(rng, 0, 1) ? 50 : 1000000);
        item->unit_price = test_range(rng, 0, item->quantity > 1000 ? 1000 : 100000);
        item->committed = (int32_t)test_range(rng, 0, item->quantity);
        item->assigned = (int32_t)test_range(rng, 0, item->quantity);
    }
    g->s.items = g->items;
    g->s.item_count = count;
    memset(g->reduce, 0, sizeof g->reduce);
    g->r.reduce = g->reduce;
    g->r.reduce_count = 0;
    g->r.end_on = LAPSE_DATE_NONE;
    for (int32_t i = 0; i < count; i++) {
        if (g->items[i].quantity == 0 || test_range(rng, 0, 2) == 0)
            continue;
        lapse_reduction *e = &g->reduce[g->r.reduce_count++];
        memcpy(e->name, g->items[i].name, sizeof e->name);
        e->quantity = (int32_t)test_range(rng, 0, g->items[i].quantity - 1);
    }
}

/* The case in words, for a failure's message. */
static const char *describe(const generated *g)
{
    static char text[4096];
    char policy[2048], items[1024], reduce[512], start[11], on[11], cancelled[11];
    lapse_policy_format(&g->p, policy, sizeof policy);
    for (char *c = policy; *c; c++)
        if (*c == '\n')
            *c = ';';
    lapse_items_format(g->s.items, g->s.item_count, g->s.currency, items, sizeof items);
    lapse_reductions_format(g->r.reduce, g->r.reduce_count, reduce, sizeof reduce);
    lapse_date_format(g->s.start, start, sizeof start);
    lapse_date_format(g->r.on, on, sizeof on);
    lapse_date_format(g->s.cancelled_on, cancelled, sizeof cancelled);
    snprintf(text, sizeof text,
             "policy %s\nstart %s term %d renewal_term %d billing %d price %lld renewal_price "
             "%lld billing_day %d contract %d auto_renew %d cancelled_on %s\nitems %s\non %s "
             "channel %d reduce %s",
             policy, start, (int)g->s.term, (int)g->s.renewal_term, (int)g->s.billing,
             (long long)g->s.price, (long long)g->s.renewal_price, (int)g->s.billing_day,
             (int)g->s.contract, (int)g->s.auto_renew, cancelled, items, on, (int)g->r.channel,
             reduce);
    return text;
}

#define EXPECT_EQUAL(g, a, b)                                                            \
    do {                                                                                 \
        if ((int64_t)(a) != (int64_t)(b))                                                \
            fail_msg("%s = %lld, %s = %lld\n%s", #a, (long long)(a), #b, (long long)(b), \
                     describe(g));                                                       \
    } while (0)

static lapse_error decide(const generated *g, lapse_decision *d)
{
    return lapse_decide_cancel(&g->p, &g->s, &g->r, d, NULL);
}

/* A reduction never costs more than not reducing, and saving is the
 * difference it says it is: the end_of_term change (nothing changes in
 * the term) charges what no change would. */
static void test_reduction_never_costs_more(void **state)
{
    (void)state;
    uint64_t rng = 2801;
    long decided = 0, saved = 0, ended = 0;
    for (long round = 0; round < 100000; round++) {
        generated g;
        generate(&rng, &g);
        if (g.r.reduce_count == 0)
            continue;
        lapse_decision d, unchanged;
        lapse_error error = decide(&g, &d);
        if (error) {
            /* After a recorded cancellation, or an error the cancellation
             * has too. */
            generated whole = g;
            whole.s.items = whole.items;
            whole.r.reduce_count = 0;
            if (error != LAPSE_ERR_ALREADY_ENDED)
                EXPECT_EQUAL(&g, error, decide(&whole, &d));
            ended++;
            continue;
        }
        generated at_term_end = g;
        at_term_end.p.reduction_timing = LAPSE_TIMING_END_OF_TERM;
        at_term_end.s.items = at_term_end.items;
        at_term_end.r.reduce = at_term_end.reduce;
        assert_int_equal(decide(&at_term_end, &unchanged), LAPSE_OK);
        assert_int_equal(unchanged.saving, 0);
        assert_int_equal(unchanged.refund, 0);
        assert_int_equal(unchanged.termination_fee, 0);
        assert_int_equal(unchanged.change_effective_on, unchanged.term_end);
        int64_t with = d.remaining_term_charge - d.refund + d.termination_fee;
        assert_int_equal(d.saving, unchanged.remaining_term_charge - with);
        assert_true(d.saving >= 0);
        assert_true(d.refund >= 0 && d.termination_fee >= 0);
        assert_true(d.still_to_invoice <= d.remaining_term_charge);
        assert_true(d.remaining_term_charge <= unchanged.remaining_term_charge);
        assert_true(d.change_effective_on > g.r.on - 1 && d.change_effective_on <= d.term_end);
        assert_int_equal(d.effective_end, LAPSE_DATE_NONE);
        assert_true((d.next_invoice != LAPSE_DATE_NONE) == (d.invoices_left > 0));
        /* R14: online only when the policy says so. */
        if (g.r.channel == LAPSE_CHANNEL_ONLINE && !g.p.reductions_online)
            assert_true(d.blocked & LAPSE_REASON_CHANGE_NEEDS_SUPPORT);
        assert_true(!(d.blocked & LAPSE_REASON_CHANGE_NEEDS_SUPPORT) ||
                    g.r.channel == LAPSE_CHANNEL_ONLINE);
        saved += d.saving > 0;
        decided++;
    }
    print_message("# %ld reductions, %ld saving something, %ld after the end\n", decided, saved,
                  ended);
    assert_true(decided > 30000 && saved > 5000);
}

/* A whole cancellation of a subscription with items is the cancellation
 * of one without them whose price (and renewal price) is the invoice
 * amount. */
static void test_whole_cancellation_is_the_invoice_amount(void **state)
{
    (void)state;
    uint64_t rng = 2802;
    long compared = 0;
    for (long round = 0; round < 100000; round++) {
        generated g;
        generate(&rng, &g);
        g.r.reduce_count = 0;
        g.r.reduce = NULL;
        int64_t items = 0;
        for (int32_t i = 0; i < g.s.item_count; i++)
            items += g.items[i].quantity * g.items[i].unit_price;
        lapse_subscription plain = g.s;
        plain.items = NULL;
        plain.item_count = 0;
        plain.price += items;
        if (plain.renewal_price != LAPSE_AMOUNT_NONE)
            plain.renewal_price += items;
        lapse_decision with, without;
        lapse_error e1 = lapse_decide_cancel(&g.p, &g.s, &g.r, &with, NULL);
        lapse_error e2 = lapse_decide_cancel(&g.p, &plain, &g.r, &without, NULL);
        assert_int_equal(e1, e2);
        assert_memory_equal(&with, &without, sizeof with);
        lapse_status_info a, b;
        assert_int_equal(lapse_status_at(&g.p, &g.s, g.r.on, &a, NULL),
                         lapse_status_at(&g.p, &plain, g.r.on, &b, NULL));
        assert_memory_equal(&a, &b, sizeof a);
        compared += e1 == LAPSE_OK;
    }
    print_message("# %ld compared\n", compared);
    assert_true(compared > 40000);
}

/* Items of quantity 0 change nothing: neither a cancellation nor a
 * reduction of the other items. */
static void test_items_of_quantity_zero_change_nothing(void **state)
{
    (void)state;
    uint64_t rng = 2803;
    long compared = 0;
    for (long round = 0; round < 50000; round++) {
        generated g;
        generate(&rng, &g);
        if (g.s.item_count == LAPSE_ITEMS_MAX)
            continue;
        lapse_decision before, after;
        lapse_error e1 = decide(&g, &before);
        /* One more item, of no unit, anywhere among the others. */
        int32_t at = (int32_t)test_range(&rng, 0, g.s.item_count);
        memmove(&g.items[at + 1], &g.items[at], (size_t)(g.s.item_count - at) * sizeof g.items[0]);
        memset(&g.items[at], 0, sizeof g.items[at]);
        strcpy(g.items[at].name, "nothing");
        g.items[at].unit_price = test_range(&rng, 0, 100000);
        g.s.item_count++;
        lapse_error e2 = decide(&g, &after);
        assert_int_equal(e1, e2);
        assert_memory_equal(&before, &after, sizeof before);
        compared += e1 == LAPSE_OK;
    }
    print_message("# %ld compared\n", compared);
    assert_true(compared > 20000);
}

/* Per-item figures sum to the totals: where no share is rounded (a change
 * at a period's end), what reducing several items saves and charges is the
 * sum of reducing each alone; the refund of an immediate change is rounded
 * once, so it is within a unit per item of the sum of each alone; the
 * first invoice after is the price plus quantity_after x unit_price. */
static void test_per_item_figures_sum_to_the_totals(void **state)
{
    (void)state;
    uint64_t rng = 2804;
    long compared = 0, several = 0;
    for (long round = 0; round < 60000; round++) {
        generated g;
        generate(&rng, &g);
        if (g.r.reduce_count == 0)
            continue;
        lapse_decision all;
        if (decide(&g, &all))
            continue;
        lapse_item_result results[LAPSE_ITEMS_MAX];
        size_t count;
        assert_int_equal(
            lapse_decide_items(&g.p, &g.s, &g.r, results, LAPSE_ITEMS_MAX, &count, NULL), LAPSE_OK);
        assert_int_equal(count, (size_t)g.s.item_count);
        /* recurring_after: the base of that invoice plus the new
         * quantities, the same base whatever is reduced. */
        int64_t after_items = 0;
        for (size_t i = 0; i < count; i++) {
            assert_string_equal(results[i].name, g.items[i].name);
            assert_int_equal(results[i].quantity, g.items[i].quantity);
            after_items += results[i].quantity_after * g.items[i].unit_price;
            assert_int_equal(results[i].unassign,
                             g.items[i].assigned > results[i].quantity_after
                                 ? g.items[i].assigned - results[i].quantity_after
                                 : 0);
            assert_true((results[i].released_on == LAPSE_DATE_NONE) ==
                        (results[i].quantity_after == results[i].quantity));
        }
        int64_t base = all.recurring_after - after_items;
        assert_true(base >= 0);
        int64_t saving = 0, refund = 0, fee = 0, charge_cut = 0;
        lapse_decision whole_term;
        generated unchanged = g;
        unchanged.s.items = unchanged.items;
        unchanged.r.reduce = unchanged.reduce;
        unchanged.p.reduction_timing = LAPSE_TIMING_END_OF_TERM;
        assert_int_equal(decide(&unchanged, &whole_term), LAPSE_OK);
        for (int32_t k = 0; k < g.r.reduce_count; k++) {
            generated one = g;
            one.s.items = one.items;
            one.reduce[0] = g.reduce[k];
            one.r.reduce = one.reduce;
            one.r.reduce_count = 1;
            lapse_decision d;
            assert_int_equal(decide(&one, &d), LAPSE_OK);
            saving += d.saving;
            refund += d.refund;
            fee += d.termination_fee;
            charge_cut += whole_term.remaining_term_charge - d.remaining_term_charge;
        }
        bool shares = g.p.reduction_timing == LAPSE_TIMING_IMMEDIATE;
        /* In arrears an immediate change cuts the current invoice by the
         * released units' share, rounded once. */
        if (!shares || g.p.invoicing == LAPSE_INVOICING_IN_ADVANCE)
            EXPECT_EQUAL(&g, whole_term.remaining_term_charge - all.remaining_term_charge,
                         charge_cut);
        bool fee_rounded = g.p.commitment == LAPSE_COMMITMENT_PERCENT_FEE ||
                           g.p.commitment == LAPSE_COMMITMENT_FIXED_FEE;
        if (!shares && !fee_rounded) {
            assert_int_equal(all.saving, saving);
            assert_int_equal(all.refund, refund);
        } else {
            int64_t slack = g.r.reduce_count; /* one rounding against one each */
            assert_true(all.refund - refund <= slack && refund - all.refund <= slack);
            if (g.p.commitment == LAPSE_COMMITMENT_PERCENT_FEE)
                assert_true(all.termination_fee - fee <= slack &&
                            fee - all.termination_fee <= slack);
        }
        several += g.r.reduce_count > 1;
        compared++;
    }
    print_message("# %ld reductions, %ld of several items\n", compared, several);
    assert_true(compared > 20000 && several > 5000);
}

/* The same entry twice is one: nothing settled twice. */
static void test_repeated_entry_settles_once(void **state)
{
    (void)state;
    uint64_t rng = 2805;
    long compared = 0;
    for (long round = 0; round < 30000; round++) {
        generated g;
        generate(&rng, &g);
        if (g.r.reduce_count == 0 || g.r.reduce_count == LAPSE_ITEMS_MAX)
            continue;
        lapse_decision once, twice;
        lapse_error e1 = decide(&g, &once);
        g.reduce[g.r.reduce_count] = g.reduce[test_range(&rng, 0, g.r.reduce_count - 1)];
        g.r.reduce_count++;
        lapse_error e2 = decide(&g, &twice);
        assert_int_equal(e1, e2);
        assert_memory_equal(&once, &twice, sizeof once);
        compared += e1 == LAPSE_OK;
    }
    assert_true(compared > 10000);
}

/* The timeline's invoices of the current term are the decision's charge:
 * from the current period's to the term's end, those after the request
 * date still to invoice; the change is listed with the first invoice at
 * the new quantities. */
static void test_timeline_invoices_are_the_charge(void **state)
{
    (void)state;
    uint64_t rng = 2806;
    static lapse_event events[20000];
    long compared = 0;
    for (long round = 0; round < 20000; round++) {
        generated g;
        generate(&rng, &g);
        if (g.r.reduce_count == 0 || g.r.on - g.s.start > 3000)
            continue;
        lapse_decision d;
        if (decide(&g, &d))
            continue;
        size_t count;
        assert_int_equal(lapse_timeline(&g.p, &g.s, &g.r, events, 20000, &count, NULL), LAPSE_OK);
        assert_true(count <= 20000);
        bool arrears = g.p.invoicing == LAPSE_INVOICING_IN_ARREARS;
        int64_t charged = 0, to_invoice = 0;
        size_t invoices = 0, changes = 0;
        lapse_date current_start = LAPSE_DATE_NONE;
        for (size_t i = 0; i < count; i++) {
            const lapse_event *e = &events[i];
            if (i > 0)
                assert_true(events[i - 1].date <= e->date);
            if (e->kind == LAPSE_EVENT_CHANGE) {
                changes++;
                assert_int_equal(e->date, d.change_effective_on);
                assert_int_equal(e->amount, d.recurring_after);
            }
            if (e->kind != LAPSE_EVENT_INVOICE)
                continue;
            /* In advance, the current period's invoice is the last on or
             * before the request date. */
            if (!arrears && e->date <= g.r.on)
                current_start = e->date;
            bool in_term = arrears ? e->date > g.r.on && e->date <= d.term_end
                                   : e->date < d.term_end && e->date > g.r.on;
            if (in_term) {
                charged += e->amount;
                to_invoice += e->amount;
                invoices++;
            }
        }
        if (!arrears)
            for (size_t i = 0; i < count; i++)
                if (events[i].kind == LAPSE_EVENT_INVOICE && events[i].date == current_start)
                    charged += events[i].amount;
        assert_int_equal(changes, 1);
        EXPECT_EQUAL(&g, to_invoice, d.still_to_invoice);
        EXPECT_EQUAL(&g, invoices, d.invoices_left);
        EXPECT_EQUAL(&g, charged, d.remaining_term_charge);
        /* The last invoice listed is at the new quantities. */
        for (size_t i = count; i-- > 0;)
            if (events[i].kind == LAPSE_EVENT_INVOICE) {
                assert_int_equal(events[i].amount, d.recurring_after);
                break;
            }
        compared++;
    }
    print_message("# %ld timelines\n", compared);
    assert_true(compared > 5000);
}

/* #30 item 3 for items: a fee is taken only on what the customer is
 * released from.  With every unit committed, a fee of 100 % of the
 * released commitment and an immediate reduction in advance, the fee under
 * refund = prorated is the fee under refund = none plus exactly the refund:
 * (rounding half up or down) the current period's undelivered share of the
 * released units is part of
 * the release only when it is given back (refunded), never charged twice
 * (as paid and kept, then as a fee).  Under any fee policy, refund = none
 * never makes the fee larger. */
static void test_fee_only_on_what_is_released(void **state)
{
    (void)state;
    uint64_t rng = 3003;
    long compared = 0, mid_period = 0;
    for (long round = 0; round < 100000; round++) {
        generated g;
        generate(&rng, &g);
        if (g.r.reduce_count == 0)
            continue;
        g.s.cancelled_on = LAPSE_DATE_NONE;
        g.p.reduction_timing = LAPSE_TIMING_IMMEDIATE;
        g.p.invoicing = LAPSE_INVOICING_IN_ADVANCE;
        bool exact = test_range(&rng, 0, 1) == 0;
        if (exact) { /* every unit committed, 100 % of the release as the fee */
            for (int32_t i = 0; i < g.s.item_count; i++)
                g.items[i].committed = g.items[i].quantity;
            g.p.commitment = LAPSE_COMMITMENT_PERCENT_FEE;
            g.p.termination_fee_percent = 100;
            /* Half up or down: rounding the whole released value once
             * equals the whole periods plus the rounded share (an integer
             * added does not move the fraction); half even may not, by the
             * parity of the whole. */
            g.p.rounding = test_range(&rng, 0, 1) ? LAPSE_ROUNDING_HALF_UP : LAPSE_ROUNDING_DOWN;
        } else {
            g.p.commitment =
                test_range(&rng, 0, 1) ? LAPSE_COMMITMENT_PERCENT_FEE : LAPSE_COMMITMENT_FIXED_FEE;
        }
        generated kept = g, refunded = g;
        kept.p.refund = LAPSE_REFUND_NONE;
        refunded.p.refund = LAPSE_REFUND_PRORATED;
        kept.s.items = kept.items, kept.r.reduce = kept.reduce;
        refunded.s.items = refunded.items, refunded.r.reduce = refunded.reduce;
        lapse_decision none, prorated;
        lapse_error error = decide(&kept, &none);
        EXPECT_EQUAL(&kept, error, decide(&refunded, &prorated));
        if (error)
            continue;
        EXPECT_EQUAL(&kept, none.refund, 0);
        if (none.termination_fee > prorated.termination_fee)
            fail_msg("fee %lld with refund none > %lld with prorated\n%s",
                     (long long)none.termination_fee, (long long)prorated.termination_fee,
                     describe(&kept));
        if (exact)
            EXPECT_EQUAL(&refunded, prorated.termination_fee,
                         none.termination_fee + prorated.refund);
        mid_period += exact && prorated.refund > 0;
        compared++;
    }
    print_message("# %ld reductions compared, %ld with a refunded share in the exact case\n",
                  compared, mid_period);
    assert_true(compared > 30000 && mid_period > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reduction_never_costs_more),
        cmocka_unit_test(test_whole_cancellation_is_the_invoice_amount),
        cmocka_unit_test(test_items_of_quantity_zero_change_nothing),
        cmocka_unit_test(test_per_item_figures_sum_to_the_totals),
        cmocka_unit_test(test_repeated_entry_settles_once),
        cmocka_unit_test(test_timeline_invoices_are_the_charge),
        cmocka_unit_test(test_fee_only_on_what_is_released),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
