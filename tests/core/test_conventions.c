/* Policy settings for the conventions of other billing engines: rounding,
 * proration_days and month_end.  Hand-computed cases are in
 * tests/vectors/policies.tsv; these are their properties over generated
 * subscriptions and policies, and the calendar against a walk. */
#include "testutil.h"

#include <stdbool.h>
#include <string.h>

#include "../../src/core/checked.h"
#include "../../src/core/plan.h" /* lapse__days_30 */

/* Generated inputs that decide under `p` as given and under `variant`;
 * false to skip (either fails). */
static bool decide_both(const lapse_policy *p, const lapse_policy *variant,
                        const lapse_subscription *s, const lapse_request *r, lapse_decision *a,
                        lapse_decision *b)
{
    return lapse_decide_cancel(p, s, r, a, NULL) == LAPSE_OK &&
           lapse_decide_cancel(variant, s, r, b, NULL) == LAPSE_OK;
}

/* The rounding of one share: down <= half_even <= half_up, at most one
 * unit apart, half_even and half_up differing only on an exact half. */
static void test_rounding_of_shares(void **state)
{
    (void)state;
    uint64_t rng = 17;
    for (long i = 0; i < 1000000; i++) {
        int64_t price = test_range(&rng, 0, 10000000);
        int64_t denominator = test_range(&rng, 1, 400);
        int64_t numerator = test_range(&rng, 0, denominator);
        int64_t up, even, down;
        assert_true(lapse__share(price, numerator, denominator, LAPSE_ROUNDING_HALF_UP, &up));
        assert_true(lapse__share(price, numerator, denominator, LAPSE_ROUNDING_HALF_EVEN, &even));
        assert_true(lapse__share(price, numerator, denominator, LAPSE_ROUNDING_DOWN, &down));
        int64_t exact = price * numerator; /* < 2^42: exact in 64 bits */
        assert_int_equal(down, exact / denominator);
        bool tie = (exact % denominator) * 2 == denominator;
        assert_true(down <= even && even <= up && up - down <= 1);
        if (!tie)
            assert_int_equal(even, up);
        else
            assert_int_equal(even % 2, 0);
    }
}

/* Over decisions: the rounding moves a refund or a fee by at most one unit,
 * down never above half_up, and nothing else. */
static void test_rounding_over_decisions(void **state)
{
    (void)state;
    uint64_t rng = 29;
    long compared = 0, moved = 0;
    for (long i = 0; i < 200000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 1, &p, &s, &r);
        lapse_policy down = p, even = p;
        down.rounding = LAPSE_ROUNDING_DOWN;
        even.rounding = LAPSE_ROUNDING_HALF_EVEN;
        lapse_decision d_up, d_down, d_even;
        if (!decide_both(&p, &down, &s, &r, &d_up, &d_down) ||
            lapse_decide_cancel(&even, &s, &r, &d_even, NULL) != LAPSE_OK)
            continue;
        assert_true(d_down.refund <= d_even.refund && d_even.refund <= d_up.refund);
        assert_true(d_up.refund - d_down.refund <= 1);
        assert_true(d_down.termination_fee <= d_up.termination_fee);
        assert_true(d_up.termination_fee - d_down.termination_fee <= 1);
        moved += d_up.refund != d_down.refund || d_up.termination_fee != d_down.termination_fee;
        /* Everything but the rounded figures (and the warnings they set,
         * and the refund's settlement) agrees. */
        d_down.refund = d_up.refund, d_down.termination_fee = d_up.termination_fee;
        d_down.warnings = d_up.warnings;
        d_down.applied_to_balance = d_up.applied_to_balance;
        d_down.cash_refund = d_up.cash_refund, d_down.account_credit = d_up.account_credit;
        d_down.balance_after = d_up.balance_after;
        assert_memory_equal(&d_up, &d_down, sizeof d_up);
        compared++;
    }
    print_message("# %ld decisions under three roundings, %ld moved by one unit\n", compared,
                  moved);
    assert_true(compared > 50000 && moved > 1000);
}

/* proration_days = 30 never gives a share above the period's price (a
 * refund, the part of a period in a fee), and for a whole 30-day month it
 * is the actual count. */
static void test_thirty_day_proration(void **state)
{
    (void)state;
    uint64_t rng = 31;
    long checked = 0, differed = 0;
    for (long i = 0; i < 200000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 1, &p, &s, &r);
        p.timing = LAPSE_TIMING_IMMEDIATE;
        p.refund = LAPSE_REFUND_PRORATED;
        lapse_policy thirty = p;
        thirty.proration_days = LAPSE_PRORATION_DAYS_30;
        lapse_decision actual, fixed;
        if (!decide_both(&p, &thirty, &s, &r, &actual, &fixed))
            continue;
        int64_t price = s.price > s.renewal_price || s.renewal_price == LAPSE_AMOUNT_NONE
                            ? s.price
                            : s.renewal_price;
        assert_true(fixed.refund >= 0 && fixed.refund <= price);
        assert_true(fixed.termination_fee >= 0);
        /* A fee is a part of the remaining commitment: it never passes the
         * commitment's whole periods plus one period's price. */
        differed += fixed.refund != actual.refund;
        checked++;
    }
    print_message("# %ld refunds counted by 30-day months, %ld differ from actual days\n", checked,
                  differed);
    assert_true(checked > 50000 && differed > 1000);
    /* A monthly subscription in a 30-day month: the same share. */
    lapse_subscription s = test_subscription("2025-03-01", 12, 1, 3100);
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-04-12");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_policy p;
    lapse_policy_default(&p);
    p.timing = LAPSE_TIMING_IMMEDIATE;
    p.refund = LAPSE_REFUND_PRORATED;
    lapse_policy thirty = p;
    thirty.proration_days = LAPSE_PRORATION_DAYS_30;
    lapse_decision actual, fixed;
    assert_true(decide_both(&p, &thirty, &s, &r, &actual, &fixed));
    assert_int_equal(actual.refund, fixed.refund);
    assert_int_equal(actual.refund, 1860); /* 3100 x 18/30 */
}

static bool last_day_of_month(lapse_date date)
{
    int32_t y, m, d;
    lapse_date_to_ymd(date, &y, &m, &d);
    return d == lapse_days_in_month(y, m);
}

/* month_end = sticky decides as clamp for every start that is not its
 * month's last day; from a last day, every boundary is a last day. */
static void test_sticky_month_end(void **state)
{
    (void)state;
    uint64_t rng = 37;
    long same = 0, last_days = 0;
    for (long i = 0; i < 200000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 1, &p, &s, &r);
        if (test_range(&rng, 0, 1)) { /* half of them from a month's last day */
            int32_t y, m, d;
            lapse_date_to_ymd(s.start, &y, &m, &d);
            assert_int_equal(lapse_date_from_ymd(y, m, lapse_days_in_month(y, m), &s.start),
                             LAPSE_OK);
            r.on = s.start + (r.on > s.start ? (lapse_date)(r.on - s.start) % 4000 : 0);
        }
        lapse_policy sticky = p;
        sticky.month_end = LAPSE_MONTH_END_STICKY;
        lapse_decision clamp, stuck;
        if (!decide_both(&p, &sticky, &s, &r, &clamp, &stuck))
            continue;
        if (!last_day_of_month(s.start)) {
            assert_memory_equal(&clamp, &stuck, sizeof clamp);
            same++;
            continue;
        }
        assert_true(last_day_of_month(stuck.term_start) && last_day_of_month(stuck.term_end));
        if (stuck.next_invoice != LAPSE_DATE_NONE)
            assert_true(last_day_of_month(stuck.next_invoice));
        if (!(stuck.warnings & (LAPSE_WARNING_COOLING_OFF | LAPSE_WARNING_ENDS_BEFORE_TERM_END)) &&
            r.end_on == LAPSE_DATE_NONE)
            assert_true(last_day_of_month(stuck.effective_end));
        last_days++;
    }
    print_message("# %ld decisions equal to clamp, %ld from a month's last day\n", same, last_days);
    assert_true(same > 20000 && last_days > 20000);
}

/* The sticky calendar is O(1): the term containing a date, for starts in
 * year 1, equals a walk that adds one month at a time with the sticky rule,
 * and costs no more for an old subscription (the decision benchmark). */
static lapse_date sticky_add(lapse_date start, int32_t months)
{
    int32_t y, m, d;
    lapse_date_to_ymd(start, &y, &m, &d);
    int32_t index = y * 12 + m - 1 + months;
    int32_t year = index / 12, month = index % 12 + 1;
    lapse_date out;
    assert_int_equal(lapse_date_from_ymd(year, month, lapse_days_in_month(year, month), &out),
                     LAPSE_OK);
    return out;
}

static void test_sticky_calendar_against_a_walk(void **state)
{
    (void)state;
    uint64_t rng = 41;
    lapse_policy p;
    lapse_policy_default(&p);
    p.month_end = LAPSE_MONTH_END_STICKY;
    for (int i = 0; i < 300; i++) {
        int32_t y = (int32_t)test_range(&rng, 1, 3), m = (int32_t)test_range(&rng, 1, 12);
        lapse_subscription s;
        lapse_subscription_init(&s);
        assert_int_equal(lapse_date_from_ymd(y, m, lapse_days_in_month(y, m), &s.start), LAPSE_OK);
        s.term = (int32_t)test_range(&rng, 1, 24);
        s.price = 100;
        lapse_request r;
        lapse_request_init(&r);
        r.on = s.start + (lapse_date)test_range(&rng, 0, 3000000);
        r.roles = LAPSE_ROLE_BILLING_ADMIN;
        lapse_decision d;
        if (lapse_decide_cancel(&p, &s, &r, &d, NULL) != LAPSE_OK)
            continue;
        /* The walk: term by term from the start. */
        int32_t offset = 0;
        while (sticky_add(s.start, offset + s.term) <= r.on)
            offset += s.term;
        assert_int_equal(d.term_start, sticky_add(s.start, offset));
        assert_int_equal(d.term_end, sticky_add(s.start, offset + s.term));
    }
}

/* immediate_end = same_day ends one day earlier than next_day, charges the
 * same and never refunds less. */
static void test_same_day_ends(void **state)
{
    (void)state;
    uint64_t rng = 43;
    long compared = 0, earlier = 0;
    for (long i = 0; i < 200000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 1, &p, &s, &r);
        if (test_range(&rng, 0, 1))
            p.timing = LAPSE_TIMING_IMMEDIATE;
        r.end_on = LAPSE_DATE_NONE;
        lapse_policy same = p;
        same.immediate_end = LAPSE_IMMEDIATE_END_SAME_DAY;
        lapse_decision next, sooner;
        if (!decide_both(&p, &same, &s, &r, &next, &sooner))
            continue;
        bool at_once =
            (next.warnings & LAPSE_WARNING_COOLING_OFF) ||
            (p.timing == LAPSE_TIMING_IMMEDIATE && !(next.warnings & LAPSE_WARNING_ALREADY_ENDING));
        assert_int_equal(sooner.effective_end, next.effective_end - (at_once ? 1 : 0));
        assert_int_equal(sooner.remaining_term_charge, next.remaining_term_charge);
        assert_int_equal(sooner.still_to_invoice, next.still_to_invoice);
        assert_true(sooner.refund >= next.refund);
        earlier += at_once;
        compared++;
    }
    print_message("# %ld decisions, %ld of them ending at once a day sooner\n", compared, earlier);
    assert_true(compared > 50000 && earlier > 20000);
}

/* invoicing = in_arrears never refunds (but invoices of periods ended,
 * within cooling-off), keeps everything it charges still to invoice, and
 * charges no more than in advance: only the days served of a period cut
 * short; its fee is never below the fee in advance, and the same when the
 * advance refunds the undelivered days. */
static void test_in_arrears(void **state)
{
    (void)state;
    uint64_t rng = 47;
    long compared = 0, less = 0;
    for (long i = 0; i < 200000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 1, &p, &s, &r);
        p.immediate_end = (lapse_immediate_end)test_range(&rng, 0, 1);
        p.proration_days = (lapse_proration_days)test_range(&rng, 0, 1);
        lapse_policy arrears = p;
        arrears.invoicing = LAPSE_INVOICING_IN_ARREARS;
        lapse_decision advance, later;
        if (!decide_both(&p, &arrears, &s, &r, &advance, &later))
            continue;
        bool cooling = later.warnings & LAPSE_WARNING_COOLING_OFF;
        if (!cooling)
            assert_int_equal(later.refund, 0);
        /* Everything charged is still to invoice but the invoice of a
         * period cut short on the request day itself (a same-day end),
         * dated that day and so already issued (R4, #25 item 12). */
        if (later.effective_end != r.on)
            assert_int_equal(later.still_to_invoice, later.remaining_term_charge);
        assert_true(later.still_to_invoice <= later.remaining_term_charge);
        assert_true(later.remaining_term_charge <= advance.remaining_term_charge);
        assert_int_equal(later.effective_end, advance.effective_end);
        /* A fee is on what the customer is released from (#30): in arrears
         * the undelivered days of a period cut short were never invoiced,
         * so they are always released; in advance only when refunded. */
        assert_true(later.termination_fee >= advance.termination_fee);
        if (p.refund != LAPSE_REFUND_NONE && r.end_on == LAPSE_DATE_NONE)
            assert_int_equal(later.termination_fee, advance.termination_fee);
        assert_true((later.next_invoice != LAPSE_DATE_NONE) == (later.invoices_left > 0));
        less += later.remaining_term_charge < advance.remaining_term_charge;
        compared++;
    }
    print_message("# %ld decisions in arrears, %ld charging less than in advance\n", compared,
                  less);
    assert_true(compared > 50000 && less > 1000);
}

/* billing_day: the start's own day changes nothing; a leading period is a
 * share of one billing period (prorated: the price x its days / the
 * period's, one rounding; never above the price); the calendar from the
 * first billing day is O(1), as a walk from starts in year 1 says. */
static void test_billing_day(void **state)
{
    (void)state;
    uint64_t rng = 53;
    long same = 0, leading = 0;
    for (long i = 0; i < 200000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 1, &p, &s, &r);
        int32_t y, m, d;
        lapse_date_to_ymd(s.start, &y, &m, &d);
        lapse_subscription own = s;
        own.billing_day = d;
        lapse_decision plain, with_day;
        if (lapse_decide_cancel(&p, &s, &r, &plain, NULL) == LAPSE_OK &&
            lapse_decide_cancel(&p, &own, &r, &with_day, NULL) == LAPSE_OK) {
            assert_memory_equal(&plain, &with_day, sizeof plain);
            same++;
        }
        /* A leading period, looked at on the start day, before any later
         * term: a self-serve monthly or up-front plan ending at its end. */
        lapse_subscription lead = s;
        lead.billing_day = (int32_t)test_range(&rng, 1, 31);
        lead.contract = 0;
        lead.auto_renew = 1;
        lead.cancelled_on = LAPSE_DATE_NONE;
        lapse_policy q;
        lapse_policy_default(&q);
        q.rounding = (lapse_rounding)test_range(&rng, 0, 2);
        lapse_request at_start = r;
        at_start.on = lead.start;
        at_start.end_on = LAPSE_DATE_NONE;
        lapse_decision first;
        if (lapse_decide_cancel(&q, &lead, &at_start, &first, NULL) != LAPSE_OK ||
            first.term_start != lead.start || first.term_end == lead.start)
            continue;
        int32_t months = lead.billing > 0 ? lead.billing : lead.term;
        lapse_date cut_from;
        int32_t ay, am, ad;
        lapse_date_to_ymd(first.term_end, &ay, &am, &ad);
        if (first.term_end - lead.start >= 32 * months)
            continue; /* no leading period: the start's own (clamped) day */
        /* The period the leading one is cut from: months before the first
         * billing day, on the billing day (clamped). */
        int32_t index = ay * 12 + am - 1 - months, cy = index / 12, cm = index % 12 + 1;
        int32_t cd = lead.billing_day < lapse_days_in_month(cy, cm) ? lead.billing_day
                                                                    : lapse_days_in_month(cy, cm);
        assert_int_equal(lapse_date_from_ymd(cy, cm, cd, &cut_from), LAPSE_OK);
        int64_t want = 0;
        assert_true(lapse__share(lead.price, first.term_end - lead.start, first.term_end - cut_from,
                                 q.rounding, &want));
        assert_int_equal(first.remaining_term_charge, want);
        assert_true(want <= lead.price);
        /* The leading share and the rest of the period it is cut from make
         * the period's price, within one rounding. */
        int64_t rest = 0;
        assert_true(lapse__share(lead.price, lead.start - cut_from, first.term_end - cut_from,
                                 q.rounding, &rest));
        assert_true(want + rest - lead.price <= 1 && lead.price - want - rest <= 1);
        leading++;
    }
    print_message("# %ld decisions with the start's own day, %ld leading periods\n", same, leading);
    assert_true(same > 50000 && leading > 20000);
    /* The calendar from year 1: terms against a walk from the first billing day. */
    for (int i = 0; i < 300; i++) {
        lapse_subscription s;
        lapse_subscription_init(&s);
        s.start = (lapse_date)test_range(&rng, test_date("0001-01-01"), test_date("0003-12-31"));
        s.billing_day = (int32_t)test_range(&rng, 1, 31);
        s.term = (int32_t)test_range(&rng, 1, 24);
        s.price = 100;
        lapse_request r;
        lapse_request_init(&r);
        r.on = s.start + (lapse_date)test_range(&rng, 40, 3000000);
        r.roles = LAPSE_ROLE_BILLING_ADMIN;
        lapse_decision d;
        if (lapse_decide_cancel(NULL, &s, &r, &d, NULL) != LAPSE_OK)
            continue;
        int32_t y, m, day;
        lapse_date_to_ymd(s.start, &y, &m, &day);
        int32_t month = y * 12 + m - 1; /* the first billing day's month */
        int32_t clamped =
            s.billing_day < lapse_days_in_month(y, m) ? s.billing_day : lapse_days_in_month(y, m);
        month += clamped < day;
        int32_t offset = 0;
        lapse_date from, to;
        for (;;) {
            int32_t a = month + offset, b = month + offset + s.term;
            int32_t ad = s.billing_day < lapse_days_in_month(a / 12, a % 12 + 1)
                             ? s.billing_day
                             : lapse_days_in_month(a / 12, a % 12 + 1);
            int32_t bd = s.billing_day < lapse_days_in_month(b / 12, b % 12 + 1)
                             ? s.billing_day
                             : lapse_days_in_month(b / 12, b % 12 + 1);
            assert_int_equal(lapse_date_from_ymd(a / 12, a % 12 + 1, ad, &from), LAPSE_OK);
            assert_int_equal(lapse_date_from_ymd(b / 12, b % 12 + 1, bd, &to), LAPSE_OK);
            if (to > r.on)
                break;
            offset += s.term;
        }
        assert_int_equal(d.term_start, from);
        assert_int_equal(d.term_end, to);
    }
}

/* #25 item 12: in arrears with a same-day end the invoice of April 1..14
 * (3000 x 14/30 = 1400) is dated the request day, 2025-04-15: issued
 * already (R4), still charged, not still to invoice; no next invoice. */
static void test_same_day_invoice_in_arrears_is_issued(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    p.timing = LAPSE_TIMING_IMMEDIATE;
    p.invoicing = LAPSE_INVOICING_IN_ARREARS;
    p.immediate_end = LAPSE_IMMEDIATE_END_SAME_DAY;
    lapse_subscription s = test_subscription("2025-04-01", 1, 1, 3000);
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-04-15");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, NULL), LAPSE_OK);
    assert_int_equal(d.effective_end, r.on);
    assert_int_equal(d.remaining_term_charge, 1400);
    assert_int_equal(d.still_to_invoice, 0);
    assert_int_equal(d.invoices_left, 0);
    assert_int_equal(d.next_invoice, LAPSE_DATE_NONE);
    lapse_event events[8];
    size_t count = 0;
    assert_int_equal(lapse_timeline(&p, &s, &r, events, 8, &count, NULL), LAPSE_OK);
    assert_int_equal(count, 5); /* start, invoice, cancellation, end, deletion */
    assert_int_equal(events[1].kind, LAPSE_EVENT_INVOICE);
    assert_int_equal(events[1].date, r.on);
    assert_int_equal(events[1].amount, 1400);
    /* The explanation says the period is invoiced already, not uncharged. */
    char text[4096];
    assert_int_equal(lapse_explain(&p, &s, &r, &d, "en", text, sizeof text, NULL, NULL), LAPSE_OK);
    assert_non_null(strstr(text, "nothing more: the current period is already invoiced"));
    assert_null(strstr(text, "no day of the current period is charged"));
    /* next_day: April 1..15 invoiced on 04-16, 1500, still to invoice. */
    p.immediate_end = LAPSE_IMMEDIATE_END_NEXT_DAY;
    assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, NULL), LAPSE_OK);
    assert_int_equal(d.remaining_term_charge, 1500);
    assert_int_equal(d.still_to_invoice, 1500);
    assert_int_equal(d.invoices_left, 1);
    assert_int_equal(d.next_invoice, test_date("2025-04-16"));
}

/* #25 item 4: a billing_day equal to the start's own day decides exactly
 * as none, under every policy: month_end sticky too, whose month-end
 * starts (2023-04-30 with billing_day 30: term end 2025-03-31, not 03-30)
 * keep their month ends.  Starts on a month's last day half the time;
 * the timelines agree as well. */
static void test_own_billing_day_under_every_policy(void **state)
{
    (void)state;
    uint64_t rng = 59;
    long same = 0, sticky_month_ends = 0;
    static lapse_event plain_events[512], own_events[512];
    for (long i = 0; i < 150000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 2, &p, &s, &r);
        if (test_range(&rng, 0, 1))
            p.month_end = LAPSE_MONTH_END_STICKY;
        int32_t y, m, d;
        lapse_date_to_ymd(s.start, &y, &m, &d);
        if (test_range(&rng, 0, 1)) {
            lapse_date month_end;
            assert_int_equal(lapse_date_from_ymd(y, m, lapse_days_in_month(y, m), &month_end),
                             LAPSE_OK);
            r.on += month_end - s.start;
            if (s.cancelled_on != LAPSE_DATE_NONE)
                s.cancelled_on += month_end - s.start;
            if (r.end_on != LAPSE_DATE_NONE)
                r.end_on += month_end - s.start;
            s.start = month_end;
            d = lapse_days_in_month(y, m);
        }
        s.billing_day = 0;
        lapse_subscription own = s;
        own.billing_day = d;
        lapse_decision plain, with_day;
        lapse_error a = lapse_decide_cancel(&p, &s, &r, &plain, NULL);
        lapse_error b = lapse_decide_cancel(&p, &own, &r, &with_day, NULL);
        assert_int_equal(a, b);
        if (a != LAPSE_OK)
            continue;
        if (memcmp(&plain, &with_day, sizeof plain) != 0)
            fail_msg("case %ld: start %d, billing_day %d: term end %d without it, %d with it", i,
                     s.start, d, plain.term_end, with_day.term_end);
        size_t n = 0, k = 0;
        if (lapse_timeline(&p, &s, &r, plain_events, 512, &n, NULL) == LAPSE_OK && n <= 512) {
            assert_int_equal(lapse_timeline(&p, &own, &r, own_events, 512, &k, NULL), LAPSE_OK);
            assert_int_equal(n, k);
            assert_memory_equal(plain_events, own_events, n * sizeof plain_events[0]);
        }
        sticky_month_ends +=
            p.month_end == LAPSE_MONTH_END_STICKY && d < 31 && d == lapse_days_in_month(y, m);
        same++;
    }
    print_message("# %ld decisions with the start's own day, %ld sticky from a month end "
                  "before the 31st\n",
                  same, sticky_month_ends);
    assert_true(same > 50000 && sticky_month_ends > 5000);
}

/* Kill Bill's InvoiceDateUtils.daysBetweenWithFixedDaysInMonth, written
 * literally (the actual days; when the months of the two dates differ, less
 * the first month's days beyond `fixed`), apart from the library's. */
static int64_t killbill_fixed_days(lapse_date from, lapse_date to, int32_t fixed)
{
    int32_t fy, fm, fd, ty, tm, td;
    lapse_date_to_ymd(from, &fy, &fm, &fd);
    lapse_date_to_ymd(to, &ty, &tm, &td);
    int64_t days = (int64_t)to - from;
    if (fm == tm)
        return days;
    return days - (lapse_days_in_month(fy, fm) - fixed);
}

/* #29: proration_days = 30 is Kill Bill's fixed days.  lapse__days_30 is
 * the actual count within a month and Kill Bill's across one month end;
 * over decisions (monthly plans, a prorated refund at once) the refund is
 * the price x Kill Bill's days of the rest of the period / 30, the whole
 * period the whole price, never above it; under actual days the refund is
 * still the actual share. */
static void test_fixed30_share_within_the_period(void **state)
{
    (void)state;
    uint64_t rng = 61;
    long within = 0, across = 0;
    for (long i = 0; i < 1000000; i++) {
        lapse_date from =
            (lapse_date)test_range(&rng, test_date("0001-01-01"), test_date("9999-10-31"));
        lapse_date to = from + (lapse_date)test_range(&rng, 0, 61);
        int32_t fy, fm, fd, ty, tm, td;
        lapse_date_to_ymd(from, &fy, &fm, &fd);
        lapse_date_to_ymd(to, &ty, &tm, &td);
        int64_t months = ((int64_t)ty * 12 + tm) - ((int64_t)fy * 12 + fm);
        int64_t days = lapse__days_30(from, to);
        assert_true(days >= 0);
        if (months == 0) {
            assert_int_equal(days, to - from); /* actual days within a month */
            within++;
        } else if (months == 1) {
            assert_int_equal(days, killbill_fixed_days(from, to, 30));
            across++;
        } else {
            assert_int_equal(days, 30 * months + td - fd); /* 30 a month */
        }
    }
    assert_true(within > 100000 && across > 100000);
    long checked = 0, whole = 0, differed = 0;
    for (long i = 0; i < 300000; i++) {
        lapse_subscription s;
        lapse_subscription_init(&s);
        s.start = (lapse_date)test_range(&rng, test_date("1950-01-01"), test_date("2030-12-31"));
        s.term = (int32_t)test_range(&rng, 1, 24);
        s.price = test_range(&rng, 0, 1000000);
        s.contract = (int32_t)test_range(&rng, 0, 1);
        lapse_request r;
        lapse_request_init(&r);
        r.on = s.start + (lapse_date)test_range(&rng, 0, 2000);
        r.roles = LAPSE_ROLE_BILLING_ADMIN;
        lapse_policy actual;
        lapse_policy_default(&actual);
        actual.timing = LAPSE_TIMING_IMMEDIATE;
        actual.refund = LAPSE_REFUND_PRORATED;
        actual.immediate_end = (lapse_immediate_end)test_range(&rng, 0, 1);
        actual.rounding = (lapse_rounding)test_range(&rng, 0, 2);
        lapse_policy thirty = actual;
        thirty.proration_days = LAPSE_PRORATION_DAYS_30;
        lapse_decision a, f;
        if (!decide_both(&actual, &thirty, &s, &r, &a, &f))
            continue;
        /* The request's billing period, from the start in one step. */
        lapse_date start, stop;
        int32_t k = lapse_months_since(s.start, r.on);
        assert_int_equal(lapse_date_add_months(s.start, k, &start), LAPSE_OK);
        assert_int_equal(lapse_date_add_months(s.start, k + 1, &stop), LAPSE_OK);
        lapse_date end = a.effective_end;
        assert_int_equal(f.effective_end, end);
        int64_t want_actual = 0, want_fixed = 0;
        if (end < stop) {
            assert_true(
                lapse__share(s.price, stop - end, stop - start, actual.rounding, &want_actual));
            int64_t left = end <= start ? 30 : killbill_fixed_days(end, stop, 30);
            whole += end <= start;
            assert_true(
                lapse__share(s.price, left < 30 ? left : 30, 30, actual.rounding, &want_fixed));
        }
        assert_int_equal(a.refund, want_actual);
        assert_int_equal(f.refund, want_fixed);
        assert_true(f.refund <= s.price);
        differed += a.refund != f.refund;
        checked++;
    }
    print_message("# %ld refunds, %ld of a whole period, %ld differ between actual and 30\n",
                  checked, whole, differed);
    assert_true(checked > 200000 && whole > 1000 && differed > 10000);
    /* Leading periods under 30: Kill Bill's days of [start, first billing
     * day) / 30, never above the price (monthly, a self-serve plan looked
     * at on its start day). */
    long leading = 0;
    for (long i = 0; i < 100000; i++) {
        lapse_subscription s;
        lapse_subscription_init(&s);
        s.start = (lapse_date)test_range(&rng, test_date("1950-01-01"), test_date("2030-12-31"));
        s.billing_day = (int32_t)test_range(&rng, 1, 31);
        s.price = test_range(&rng, 0, 1000000);
        lapse_request r;
        lapse_request_init(&r);
        r.on = s.start;
        r.roles = LAPSE_ROLE_BILLING_ADMIN;
        lapse_policy p;
        lapse_policy_default(&p);
        p.proration_days = LAPSE_PRORATION_DAYS_30;
        lapse_decision d;
        assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, NULL), LAPSE_OK);
        if (d.term_end - s.start >= 28)
            continue; /* the start's own day, or a clamped one: no leading period */
        int64_t days = killbill_fixed_days(s.start, d.term_end, 30), want;
        assert_true(lapse__share(s.price, days < 30 ? days : 30, 30, p.rounding, &want));
        assert_int_equal(d.remaining_term_charge, want);
        assert_true(want <= s.price);
        leading++;
    }
    assert_true(leading > 50000);
}

/* The month a date is in, as a count (year x 12 + month - 1). */
static int32_t month_count(lapse_date date)
{
    int32_t y, m, d;
    lapse_date_to_ymd(date, &y, &m, &d);
    return y * 12 + m - 1;
}

/* #29: billing_month.  Monthly plans: any billing_month changes nothing; a
 * billing_month congruent (modulo gcd(months, 12)) to the month of the
 * first billing day billing_day alone gives changes nothing; otherwise the
 * first billing day is the first date on or after the start, on the
 * billing day, in a congruent month, as a walk month by month finds it,
 * every later period starts on a congruent month, and a prorated leading
 * price never passes the price. */
static void test_billing_month_equivalences(void **state)
{
    (void)state;
    uint64_t rng = 67;
    long monthly = 0, congruent = 0, walked = 0;
    static lapse_event plain_events[512], month_events[512];
    for (long i = 0; i < 200000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 2, &p, &s, &r);
        s.billing_month = 0;
        int32_t months = s.billing > 0 ? s.billing : s.term;
        int32_t step = 1;
        for (int32_t g = 12; g > 1; g--)
            if (12 % g == 0 && months % g == 0) {
                step = g;
                break;
            }
        lapse_subscription with = s;
        with.billing_month = (int32_t)test_range(&rng, 1, 12);
        lapse_decision plain, aligned;
        lapse_error a = lapse_decide_cancel(&p, &s, &r, &plain, NULL);
        lapse_error b = lapse_decide_cancel(&p, &with, &r, &aligned, NULL);
        /* The first billing day without billing_month: the start's month,
         * or the next when the (clamped) billing day is before the start. */
        int32_t first_month = month_count(s.start);
        if (s.billing_day > 0) {
            int32_t y, m, d;
            lapse_date_to_ymd(s.start, &y, &m, &d);
            int32_t last = lapse_days_in_month(y, m);
            first_month += (s.billing_day < last ? s.billing_day : last) < d;
        }
        bool same = step == 1 || (first_month - (with.billing_month - 1)) % step == 0;
        if (same) {
            assert_int_equal(a, b);
            if (a != LAPSE_OK)
                continue;
            assert_memory_equal(&plain, &aligned, sizeof plain);
            size_t n = 0, k = 0;
            if (lapse_timeline(&p, &s, &r, plain_events, 512, &n, NULL) == LAPSE_OK && n <= 512) {
                assert_int_equal(lapse_timeline(&p, &with, &r, month_events, 512, &k, NULL),
                                 LAPSE_OK);
                assert_int_equal(n, k);
                assert_memory_equal(plain_events, month_events, n * sizeof plain_events[0]);
            }
            monthly += step == 1;
            congruent += step > 1;
            continue;
        }
        if (b != LAPSE_OK || with.cancelled_on != LAPSE_DATE_NONE || r.end_on != LAPSE_DATE_NONE)
            continue;
        /* Looked at on its start day: the leading term runs to the first
         * billing day, which a walk finds. */
        lapse_request at_start = r;
        at_start.on = with.start;
        lapse_policy q;
        lapse_policy_default(&q);
        q.leading_period = p.leading_period;
        lapse_subscription lead = with; /* self-serve: no notice renews it first */
        lead.contract = 0;
        lapse_decision first;
        if (lapse_decide_cancel(&q, &lead, &at_start, &first, NULL) != LAPSE_OK)
            continue;
        int32_t y, m, d;
        lapse_date_to_ymd(with.start, &y, &m, &d);
        int32_t day = with.billing_day > 0 ? with.billing_day : d;
        lapse_date want = LAPSE_DATE_NONE;
        for (int32_t c = month_count(with.start); c < month_count(with.start) + 13; c++) {
            if ((c - (with.billing_month - 1)) % step != 0)
                continue;
            int32_t cy = c / 12, cm = c % 12 + 1, last = lapse_days_in_month(cy, cm);
            lapse_date date;
            assert_int_equal(lapse_date_from_ymd(cy, cm, day < last ? day : last, &date), LAPSE_OK);
            if (date >= with.start) {
                want = date;
                break;
            }
        }
        assert_int_equal(first.term_start, with.start);
        assert_int_equal(first.term_end, want);
        assert_true(first.remaining_term_charge <= with.price);
        /* Every later billing period starts on a congruent month (terms
         * billed up front may renew for other lengths; in arrears the last
         * invoice may be dated at the effective end). */
        bool periods = with.billing > 0 && p.invoicing == LAPSE_INVOICING_IN_ADVANCE;
        if (periods && aligned.next_invoice != LAPSE_DATE_NONE)
            assert_int_equal((month_count(aligned.next_invoice) - (with.billing_month - 1)) % step,
                             0);
        if (with.billing > 0 && aligned.term_start != with.start)
            assert_int_equal((month_count(aligned.term_start) - (with.billing_month - 1)) % step,
                             0);
        walked++;
    }
    print_message("# %ld monthly and %ld congruent unchanged, %ld aligned against a walk\n",
                  monthly, congruent, walked);
    assert_true(monthly > 10000 && congruent > 5000 && walked > 20000);
    /* ERPNext's expectation: a 3-month plan from 2018-01-15, billing day 1,
     * billing month 1: the leading period 2018-01-15 to 2018-04-01 (its
     * last day 03-31), 76 of 01-01..04-01's 90 days, then quarters. */
    lapse_subscription s = test_subscription("2018-01-15", 3, 3, 9000);
    s.billing_day = 1;
    s.billing_month = 1;
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2018-01-15");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
    assert_int_equal(d.term_end, test_date("2018-04-01"));
    assert_int_equal(d.remaining_term_charge, 7600); /* 9000 x 76/90 */
    r.on = test_date("2018-05-20");
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
    assert_int_equal(d.term_start, test_date("2018-04-01"));
    assert_int_equal(d.term_end, test_date("2018-07-01"));
    /* Out of range: named. */
    lapse_error_detail detail;
    s.billing_month = 13;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "billing_month");
    assert_string_equal(detail.message,
                        "billing_month 13: out of range (1 to 12, or 0 for any month)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rounding_of_shares),
        cmocka_unit_test(test_rounding_over_decisions),
        cmocka_unit_test(test_thirty_day_proration),
        cmocka_unit_test(test_sticky_month_end),
        cmocka_unit_test(test_sticky_calendar_against_a_walk),
        cmocka_unit_test(test_same_day_ends),
        cmocka_unit_test(test_in_arrears),
        cmocka_unit_test(test_billing_day),
        cmocka_unit_test(test_same_day_invoice_in_arrears_is_issued),
        cmocka_unit_test(test_own_billing_day_under_every_policy),
        cmocka_unit_test(test_fixed30_share_within_the_period),
        cmocka_unit_test(test_billing_month_equivalences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
