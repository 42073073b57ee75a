/*
 * Money back (#30, docs/rules.md "Settlement" and "EU withdrawal"): the
 * settlement of a refund against the balance in every result that reports
 * money (decision, reactivation, timeline), and the EU withdrawal period
 * (Regulation 1182/71 art. 3(4), Directive 2011/83/EU art. 9(2)(a) and
 * 10(1)): each example of the issue computed by hand, and the properties
 * over generated inputs.
 */
#include "testutil.h"

#include <string.h>

#define BA LAPSE_ROLE_BILLING_ADMIN

static lapse_policy policy(const char *text)
{
    lapse_policy p;
    lapse_error_detail detail;
    if (lapse_policy_read(text, strlen(text), &p, &detail) != LAPSE_OK)
        fail_msg("policy '%s': %s", text, detail.message);
    return p;
}

static lapse_request request(const char *on, lapse_channel channel)
{
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date(on);
    r.roles = BA;
    r.channel = channel;
    r.provided = LAPSE_SUPPORT_INFO_ALL;
    return r;
}

static lapse_decision decide(const lapse_policy *p, const lapse_subscription *s,
                             const lapse_request *r)
{
    lapse_decision d;
    lapse_error_detail detail;
    if (lapse_decide_cancel(p, s, r, &d, &detail) != LAPSE_OK)
        fail_msg("decision: %s", detail.message);
    return d;
}

/* The example: self-serve from 2025-01-10, monthly 70.00, timing
 * immediate with a prorated refund, a balance of 10.00, asked through
 * support on 2025-03-20: the period 03-10..04-10 has 31 days, 20 of them
 * (03-21..04-09) undelivered: 7000 x 20/31 = 4516.13 -> 4516; 1000 pays the
 * balance, 3516 goes back, nothing is owed after. */
static void test_settlement_example(void **state)
{
    (void)state;
    lapse_policy p = policy("timing = immediate; refund = prorated");
    lapse_subscription s = test_subscription("2025-01-10", 1, 1, 7000);
    s.balance = 1000;
    lapse_request r = request("2025-03-20", LAPSE_CHANNEL_SUPPORT);
    lapse_decision d = decide(&p, &s, &r);
    assert_int_equal(d.effective_end, test_date("2025-03-21"));
    assert_int_equal(d.refund, 4516);
    assert_int_equal(d.applied_to_balance, 1000);
    assert_int_equal(d.cash_refund, 3516);
    assert_int_equal(d.account_credit, 0);
    assert_int_equal(d.balance_after, 0);

    /* Recorded, the same request settles nothing again; the balance stays
     * what the record says. */
    lapse_subscription cancelled = s;
    cancelled.cancelled_on = r.on;
    lapse_decision again = decide(&p, &cancelled, &r);
    assert_int_equal(again.refund, 0);
    assert_int_equal(again.applied_to_balance, 0);
    assert_int_equal(again.cash_refund, 0);
    assert_int_equal(again.balance_after, 1000);

    /* Reactivating before the end charges the refund back, each part from
     * where it went: 1000 back on the balance, 3516 charged. */
    lapse_reactivation_info re;
    assert_int_equal(lapse_reactivate(&p, &cancelled, test_date("2025-03-20"), &re, NULL),
                     LAPSE_OK);
    assert_int_equal(re.outcome, LAPSE_REACTIVATION_WITHDRAW_CANCELLATION);
    assert_int_equal(re.charge, 4516);
    assert_int_equal(re.applied_to_balance, 1000);
    assert_int_equal(re.cash_refund, 3516);
    assert_int_equal(re.account_credit, 0);
    /* After the end it is bought again: nothing charged back. */
    assert_int_equal(lapse_reactivate(&p, &cancelled, test_date("2025-03-21"), &re, NULL),
                     LAPSE_OK);
    assert_int_equal(re.charge + re.applied_to_balance + re.cash_refund + re.account_credit, 0);

    /* The timeline: on 03-20 the cancellation, the refund (4516) and the
     * part that paid the balance (1000); the rest is cash. */
    lapse_event events[32];
    size_t count;
    assert_int_equal(lapse_timeline(&p, &s, &r, events, 32, &count, NULL), LAPSE_OK);
    lapse_event_kind kinds[8];
    int64_t amounts[8];
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (events[i].date == r.on && n < 8)
            kinds[n] = events[i].kind, amounts[n++] = events[i].amount;
    assert_int_equal(n, 3);
    assert_int_equal(kinds[0], LAPSE_EVENT_CANCELLATION);
    assert_int_equal(kinds[1], LAPSE_EVENT_REFUND);
    assert_int_equal(amounts[1], 4516);
    assert_int_equal(kinds[2], LAPSE_EVENT_APPLIED_TO_BALANCE);
    assert_int_equal(amounts[2], 1000);
    assert_string_equal(lapse_name(LAPSE_KIND_EVENT, LAPSE_EVENT_APPLIED_TO_BALANCE),
                        "applied_to_balance");
    assert_string_equal(lapse_name(LAPSE_KIND_EVENT, LAPSE_EVENT_ACCOUNT_CREDIT), "account_credit");
    assert_string_equal(lapse_event_words(LAPSE_EVENT_APPLIED_TO_BALANCE, "it"),
                        "imputato al saldo");
    /* The recorded cancellation's timeline shows the same settlement. */
    size_t recorded;
    assert_int_equal(lapse_timeline(&p, &cancelled, &r, events, 32, &recorded, NULL), LAPSE_OK);
    bool applied = false;
    for (size_t i = 0; i < recorded; i++)
        if (events[i].kind == LAPSE_EVENT_APPLIED_TO_BALANCE)
            applied = events[i].amount == 1000 && events[i].date == r.on;
    assert_true(applied);

    /* The explanation tells where it goes, in both languages. */
    char text[4096];
    assert_int_equal(lapse_explain(&p, &s, &r, &d, "en", text, sizeof text, NULL, NULL), LAPSE_OK);
    assert_non_null(strstr(text, "  settled as       10.00 EUR pays the outstanding balance, "
                                 "35.16 EUR paid back, 0.00 EUR kept as account credit; "
                                 "balance after: 0.00 EUR\n"));
    assert_int_equal(lapse_explain(&p, &s, &r, &d, "it", text, sizeof text, NULL, NULL), LAPSE_OK);
    assert_non_null(strstr(text, "10,00 EUR a saldo del dovuto, 35,16 EUR restituiti, 0,00 EUR "
                                 "come credito sul conto; saldo residuo: 0,00 EUR\n"));
}

/* Over generated inputs and random policies: the refund is exactly its
 * parts, the balance after is the balance less what was applied, never
 * negative, and at most one of cash and account credit is not 0. */
static void test_settlement_adds_up(void **state)
{
    (void)state;
    uint64_t rng = 3030;
    long refunds = 0, applied = 0;
    for (long i = 0; i < 300000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, i % 3 ? 2 : 1, &p, &s, &r);
        if (i % 2)
            s.balance = test_range(&rng, 0, 200000);
        lapse_decision d;
        if (lapse_decide_cancel(&p, &s, &r, &d, NULL) != LAPSE_OK)
            continue;
        if (d.refund != d.applied_to_balance + d.cash_refund + d.account_credit ||
            d.balance_after != s.balance - d.applied_to_balance || d.balance_after < 0 ||
            d.applied_to_balance < 0 || d.applied_to_balance > s.balance ||
            (d.cash_refund != 0 && d.account_credit != 0))
            fail_msg("case %ld: refund %lld = %lld + %lld + %lld, balance %lld after %lld", i,
                     (long long)d.refund, (long long)d.applied_to_balance, (long long)d.cash_refund,
                     (long long)d.account_credit, (long long)s.balance, (long long)d.balance_after);
        refunds += d.refund > 0;
        applied += d.applied_to_balance > 0;
        /* Reactivated before the end, each part comes back from where it
         * went. */
        if (r.end_on != LAPSE_DATE_NONE || (d.warnings & LAPSE_WARNING_ALREADY_ENDING))
            continue;
        lapse_subscription cancelled = s;
        cancelled.cancelled_on = r.on;
        lapse_reactivation_info re;
        if (lapse_reactivate(&p, &cancelled, r.on, &re, NULL) == LAPSE_OK &&
            re.outcome == LAPSE_REACTIVATION_WITHDRAW_CANCELLATION) {
            assert_int_equal(re.charge, d.refund);
            assert_int_equal(re.applied_to_balance, d.applied_to_balance);
            assert_int_equal(re.cash_refund, d.cash_refund);
            assert_int_equal(re.account_credit, d.account_credit);
        }
    }
    print_message("# %ld refunds, %ld of them paying a balance\n", refunds, applied);
    assert_true(refunds > 10000 && applied > 3000);
}

/* Monday 0 .. Sunday 6, from the calendar's own day numbers. */
static int weekday(lapse_date date) { return (int)(((int64_t)date % 7 + 7 + 3) % 7); }

/* The last day of the withdrawal period, the slow, obvious way: day by day
 * from the conclusion, then forward over weekends (and the given holidays),
 * then, for a consumer not informed, 12 months on and forward again. */
static lapse_date walked_last_day(lapse_date from, int32_t days, bool informed,
                                  const lapse_date *holidays, int holiday_count)
{
    lapse_date last = from;
    for (int32_t i = 0; i < days; i++)
        last++;
    for (int round = 0; round < (informed ? 1 : 2); round++) {
        if (round == 1)
            assert_int_equal(lapse_date_add_months(last, 12, &last), LAPSE_OK);
        for (bool moved = true; moved;) {
            moved = weekday(last) >= 5;
            for (int h = 0; h < holiday_count; h++)
                moved |= holidays[h] == last;
            last += moved;
        }
    }
    return last;
}

/* The calendar's weekdays: 1970-01-01 a Thursday, 2025-05-03 a Saturday,
 * 0001-01-01 a Monday, 9999-12-31 a Friday. */
static void test_weekdays(void **state)
{
    (void)state;
    assert_int_equal(weekday(0), 3);
    assert_int_equal(weekday(test_date("2025-05-03")), 5);
    assert_int_equal(weekday(test_date("0001-01-01")), 0);
    assert_int_equal(weekday(test_date("9999-12-31")), 4);
}

/* The examples of art. 3(4) and art. 9(2)(a) under eu-consumer. */
static void test_withdrawal_examples(void **state)
{
    (void)state;
    lapse_policy eu = policy("eu-consumer");
    /* Start Saturday 2025-05-03: day 14 is Saturday 05-17, the period ends
     * Monday 05-19: in time, ends 05-20, the invoice of 2000 refunded. */
    lapse_subscription s = test_subscription("2025-05-03", 1, 1, 2000);
    lapse_request r = request("2025-05-19", LAPSE_CHANNEL_ONLINE);
    lapse_decision d = decide(&eu, &s, &r);
    assert_true(d.warnings & LAPSE_WARNING_COOLING_OFF);
    assert_int_equal(d.effective_end, test_date("2025-05-20"));
    assert_int_equal(d.refund, 2000);
    assert_int_equal(d.remaining_term_charge, 0);
    r = request("2025-05-20", LAPSE_CHANNEL_ONLINE);
    d = decide(&eu, &s, &r);
    assert_false(d.warnings & LAPSE_WARNING_COOLING_OFF);
    assert_int_equal(d.effective_end, test_date("2025-06-03"));

    /* Concluded Sunday 2025-04-20, start 2025-05-01: day 14 is Sunday
     * 05-04, the period runs to Monday 05-05. */
    s = test_subscription("2025-05-01", 1, 1, 2000);
    s.concluded_on = test_date("2025-04-20");
    r = request("2025-05-05", LAPSE_CHANNEL_ONLINE);
    assert_true(decide(&eu, &s, &r).warnings & LAPSE_WARNING_COOLING_OFF);
    r = request("2025-05-06", LAPSE_CHANNEL_ONLINE);
    assert_false(decide(&eu, &s, &r).warnings & LAPSE_WARNING_COOLING_OFF);

    /* Art. 10(1): not informed, the period from 2025-01-01 ends Wednesday
     * 01-15, then 12 months later, Thursday 2026-01-15. */
    s = test_subscription("2025-01-01", 1, 1, 2000);
    s.withdrawal_informed = 0;
    r = request("2026-01-15", LAPSE_CHANNEL_ONLINE);
    d = decide(&eu, &s, &r);
    assert_true(d.warnings & LAPSE_WARNING_COOLING_OFF);
    assert_int_equal(d.refund, 13 * 2000);
    r = request("2026-01-16", LAPSE_CHANNEL_ONLINE);
    assert_false(decide(&eu, &s, &r).warnings & LAPSE_WARNING_COOLING_OFF);
    /* From 2025-01-31 (a Friday): 14 days to Friday 02-14, 12 months to
     * Saturday 2026-02-14, moved to Monday 02-16. */
    s = test_subscription("2025-01-31", 1, 1, 2000);
    s.withdrawal_informed = 0;
    r = request("2026-02-16", LAPSE_CHANNEL_ONLINE);
    assert_true(decide(&eu, &s, &r).warnings & LAPSE_WARNING_COOLING_OFF);
    r = request("2026-02-17", LAPSE_CHANNEL_ONLINE);
    assert_false(decide(&eu, &s, &r).warnings & LAPSE_WARNING_COOLING_OFF);
}

/* The new subscription fields are checked and named. */
static void test_withdrawal_fields_checked(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-05-01", 1, 1, 2000);
    lapse_request r = request("2025-05-05", LAPSE_CHANNEL_ONLINE);
    lapse_decision d;
    lapse_error_detail detail;
    s.concluded_on = test_date("2025-05-02");
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "concluded_on");
    assert_string_equal(detail.message, "concluded_on 2025-05-02: after the start (2025-05-01); a "
                                        "contract is concluded on or before the day its service "
                                        "starts");
    s.concluded_on = LAPSE_DATE_MAX + 1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_DATE_RANGE);
    assert_string_equal(detail.field, "concluded_on");
    s.concluded_on = test_date("2025-05-01"); /* the start itself: fine */
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_OK);
    s.withdrawal_informed = 2;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "withdrawal_informed");
    s.withdrawal_informed = 1, s.express_request = -1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "express_request");
    lapse_subscription_init(&s);
    assert_int_equal(s.concluded_on, LAPSE_DATE_NONE);
    assert_int_equal(s.withdrawal_informed, 1);
    assert_int_equal(s.express_request, 0);
}

/* A withdrawal on the last day of the period (moved over weekends and the
 * policy's holidays, 12 months on for a consumer not informed) is in, the
 * next day out, for random conclusions and starts over ten years with
 * random holiday lists. */
static void test_withdrawal_last_day_in_next_day_out(void **state)
{
    (void)state;
    uint64_t rng = 1182;
    long moved = 0, holidays = 0, by_holiday = 0;
    for (long i = 0; i < 200000; i++) {
        lapse_policy p;
        lapse_policy_default(&p);
        p.cooling_off_days = (int32_t)test_range(&rng, 1, 30);
        p.timing = LAPSE_TIMING_END_OF_BILLING_PERIOD;
        lapse_subscription s = test_subscription("2020-01-01", 1, 1, 1000);
        s.start = (lapse_date)test_range(&rng, test_date("2020-01-01"), test_date("2029-12-31"));
        if (test_range(&rng, 0, 1))
            s.concluded_on = s.start - (lapse_date)test_range(&rng, 0, 20);
        s.withdrawal_informed = test_range(&rng, 0, 3) != 0;
        lapse_date from = s.concluded_on == LAPSE_DATE_NONE ? s.start : s.concluded_on;
        /* Random holidays (#30, the policy's list, ascending, each once):
         * mostly around the period's last day and 12 months later, where
         * they move it, some anywhere in the ten years. */
        int count = (int)test_range(&rng, 0, 12);
        lapse_date raw[LAPSE_HOLIDAYS_MAX];
        for (int h = 0; h < count; h++) {
            lapse_date near = from + p.cooling_off_days + (test_range(&rng, 0, 1) ? 365 : 0);
            raw[h] = test_range(&rng, 0, 4) ? near + (lapse_date)test_range(&rng, -3, 10)
                                            : (lapse_date)test_range(&rng, test_date("2020-01-01"),
                                                                     test_date("2031-12-31"));
        }
        for (int h = 0; h < count; h++) /* insertion in order, repeats dropped */
            if (raw[h] != LAPSE_DATE_NONE) {
                int at = p.holidays.count;
                bool repeat = false;
                for (int k = 0; k < at; k++)
                    repeat |= p.holidays.dates[k] == raw[h];
                if (repeat)
                    continue;
                for (; at > 0 && p.holidays.dates[at - 1] > raw[h]; at--)
                    p.holidays.dates[at] = p.holidays.dates[at - 1];
                p.holidays.dates[at] = raw[h];
                p.holidays.count++;
            }
        holidays += p.holidays.count;
        lapse_date last = walked_last_day(from, p.cooling_off_days, s.withdrawal_informed,
                                          p.holidays.dates, p.holidays.count);
        moved += last != from + p.cooling_off_days && s.withdrawal_informed;
        by_holiday += s.withdrawal_informed &&
                      last != walked_last_day(from, p.cooling_off_days, true, NULL, 0);
        lapse_request r = request("2020-01-01", LAPSE_CHANNEL_ONLINE);
        lapse_decision d;
        if (last >= s.start) {
            r.on = last;
            assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, NULL), LAPSE_OK);
            if (!(d.warnings & LAPSE_WARNING_COOLING_OFF))
                fail_msg("case %ld: the last day %d not in (from %d, %d days)", i, last, from,
                         p.cooling_off_days);
        }
        if (last + 1 < s.start)
            continue; /* the period ended before the service began */
        r.on = last + 1;
        assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, NULL), LAPSE_OK);
        if (d.warnings & LAPSE_WARNING_COOLING_OFF)
            fail_msg("case %ld: the day after the last %d is in", i, last);
    }
    print_message("# %ld periods moved over a weekend or a holiday, %ld by a holiday; %ld "
                  "holidays\n",
                  moved, by_holiday, holidays);
    assert_true(moved > 40000);
    assert_true(by_holiday > 10000);
}

/* The policy keys of the settlement: credit_as account_credit keeps the
 * rest on the account; credit_applies_to_balance false leaves the balance
 * alone (the example again). */
static void test_settlement_keys(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-10", 1, 1, 7000);
    s.balance = 1000;
    lapse_request r = request("2025-03-20", LAPSE_CHANNEL_SUPPORT);
    lapse_policy p = policy("timing = immediate; refund = prorated; credit_as = account_credit");
    lapse_decision d = decide(&p, &s, &r);
    assert_int_equal(d.refund, 4516);
    assert_int_equal(d.applied_to_balance, 1000);
    assert_int_equal(d.cash_refund, 0);
    assert_int_equal(d.account_credit, 3516);
    assert_int_equal(d.balance_after, 0);
    lapse_subscription cancelled = s;
    cancelled.cancelled_on = r.on;
    lapse_reactivation_info re;
    assert_int_equal(lapse_reactivate(&p, &cancelled, r.on, &re, NULL), LAPSE_OK);
    assert_int_equal(re.account_credit, 3516);
    assert_int_equal(re.applied_to_balance, 1000);
    assert_int_equal(re.cash_refund, 0);
    lapse_event events[32];
    size_t count;
    assert_int_equal(lapse_timeline(&p, &s, &r, events, 32, &count, NULL), LAPSE_OK);
    int64_t credited = 0;
    for (size_t i = 0; i < count; i++)
        if (events[i].kind == LAPSE_EVENT_ACCOUNT_CREDIT)
            credited += events[i].amount;
    assert_int_equal(credited, 3516);

    p = policy("timing = immediate; refund = prorated; credit_applies_to_balance = false");
    d = decide(&p, &s, &r);
    assert_int_equal(d.applied_to_balance, 0);
    assert_int_equal(d.cash_refund, 4516);
    assert_int_equal(d.balance_after, 1000);
    char text[1024];
    lapse_policy_format(&p, text, sizeof text);
    assert_non_null(strstr(text, "credit_applies_to_balance = false\ncredit_as = refund\n"));
    lapse_error_detail detail;
    assert_int_equal(lapse_policy_parse("credit_as = cash", 16, &p, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "credit_as");
}

/* Art. 14(3): start 2025-05-01, monthly 31.00, cooling_off_charge
 * proportionate, an express request, withdrawal 2025-05-10 (access ends
 * 05-11): 10 days of May's 31 provided, 3100 x 10/31 = 1000 owed, refund
 * 2100.  Without the express request, or not informed (art. 14(4)(a)),
 * everything is refunded. */
static void test_proportionate_example(void **state)
{
    (void)state;
    lapse_policy p = policy("cooling_off_days = 14; cooling_off_charge = proportionate");
    lapse_subscription s = test_subscription("2025-05-01", 1, 1, 3100);
    s.express_request = 1;
    lapse_request r = request("2025-05-10", LAPSE_CHANNEL_ONLINE);
    lapse_decision d = decide(&p, &s, &r);
    assert_true(d.warnings & LAPSE_WARNING_COOLING_OFF);
    assert_int_equal(d.effective_end, test_date("2025-05-11"));
    assert_int_equal(d.remaining_term_charge, 3100);
    assert_int_equal(d.still_to_invoice, 0);
    assert_int_equal(d.refund, 2100);
    assert_int_equal(d.cash_refund, 2100);
    char text[4096];
    assert_int_equal(lapse_explain(&p, &s, &r, &d, "en", text, sizeof text, NULL, NULL), LAPSE_OK);
    assert_non_null(strstr(text, "you owe 10.00 EUR for what was provided"));
    s.express_request = 0;
    d = decide(&p, &s, &r);
    assert_int_equal(d.refund, 3100);
    assert_int_equal(d.remaining_term_charge, 0);
    s.express_request = 1, s.withdrawal_informed = 0;
    d = decide(&p, &s, &r);
    assert_int_equal(d.refund, 3100);
    /* In arrears nothing was paid: the 10 days are invoiced at the end. */
    s.withdrawal_informed = 1;
    p = policy("cooling_off_days = 14; cooling_off_charge = proportionate; invoicing = in_arrears");
    d = decide(&p, &s, &r);
    assert_int_equal(d.refund, 0);
    assert_int_equal(d.remaining_term_charge, 1000);
    assert_int_equal(d.still_to_invoice, 1000);
    assert_int_equal(d.next_invoice, test_date("2025-05-11"));
    /* lapse policy lint: a charge without a cooling-off period. */
    lapse_lint_finding findings[4];
    size_t count;
    static const char lint[] = "cooling_off_charge = proportionate";
    assert_int_equal(lapse_policy_lint_text(lint, sizeof lint - 1, findings, 4, &count, NULL),
                     LAPSE_OK);
    assert_int_equal(count, 1);
    assert_string_equal(findings[0].key, "cooling_off_charge");
    assert_int_equal(findings[0].line, 1);
    static const char clean[] = "cooling_off_days = 14; cooling_off_charge = proportionate";
    assert_int_equal(lapse_policy_lint_text(clean, sizeof clean - 1, findings, 4, &count, NULL),
                     LAPSE_OK);
    assert_int_equal(count, 0);
}

/* Over generated inputs with cooling-off: the proportionate amount (the
 * served share of the current period, computed here from the dates) plus
 * the refund is what was paid (the invoices issued by the request date,
 * as the timeline lists them), in advance. */
static void test_proportionate_plus_refund_is_what_was_paid(void **state)
{
    (void)state;
    uint64_t rng = 143;
    long checked = 0;
    for (long i = 0; i < 100000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 2, &p, &s, &r);
        p.invoicing = LAPSE_INVOICING_IN_ADVANCE;
        p.cooling_off_days = (int32_t)test_range(&rng, 1, 120);
        p.cooling_off_charge = LAPSE_COOLING_OFF_CHARGE_PROPORTIONATE;
        s.express_request = 1;
        s.cancelled_on = LAPSE_DATE_NONE;
        r.end_on = LAPSE_DATE_NONE;
        r.on = s.start + (lapse_date)test_range(&rng, 0, p.cooling_off_days);
        lapse_decision d;
        if (lapse_decide_cancel(&p, &s, &r, &d, NULL) != LAPSE_OK ||
            !(d.warnings & LAPSE_WARNING_COOLING_OFF))
            continue;
        lapse_event events[512];
        size_t count;
        assert_int_equal(lapse_timeline(&p, &s, &r, events, 512, &count, NULL), LAPSE_OK);
        int64_t paid = 0, current = 0;
        lapse_date current_start = LAPSE_DATE_NONE;
        for (size_t e = 0; e < count && e < 512; e++)
            if (events[e].kind == LAPSE_EVENT_INVOICE && events[e].date <= r.on) {
                paid += events[e].amount;
                current = events[e].amount;
                current_start = events[e].date;
            }
        /* The owed share of the current period from its own dates. */
        lapse_policy none = p;
        none.cooling_off_charge = LAPSE_COOLING_OFF_CHARGE_NONE;
        lapse_decision all;
        assert_int_equal(lapse_decide_cancel(&none, &s, &r, &all, NULL), LAPSE_OK);
        assert_int_equal(all.refund, paid); /* everything paid */
        int64_t owed = current - d.refund;
        if (owed < 0 || owed > current || d.refund + (paid - current) + owed != paid)
            fail_msg("case %ld: paid %lld, current %lld from %d, refund %lld", i, (long long)paid,
                     (long long)current, current_start, (long long)d.refund);
        /* Checked against the days, for actual days and half-up rounding. */
        if (p.proration_days == LAPSE_PRORATION_DAYS_ACTUAL &&
            p.rounding == LAPSE_ROUNDING_HALF_UP && s.billing == 1 && s.billing_day == 0 &&
            p.month_end == LAPSE_MONTH_END_CLAMP) {
            /* The period's end from the anchor: the start + k + 1 months. */
            lapse_date stop;
            int32_t k = lapse_months_since(s.start, current_start);
            assert_int_equal(lapse_date_add_months(s.start, k + 1, &stop), LAPSE_OK);
            int64_t served = d.effective_end - current_start, days = stop - current_start;
            int64_t want = (current * served * 2 + days) / (2 * days);
            if (served >= 0 && served <= days && owed != want)
                fail_msg("case %ld: owed %lld, want %lld (%lld of %lld days of %lld)", i,
                         (long long)owed, (long long)want, (long long)served, (long long)days,
                         (long long)current);
        }
        checked++;
    }
    print_message("# %ld withdrawals with a proportionate charge\n", checked);
    assert_true(checked > 20000);
}

/* The policy key holidays (#30): its text (any order, kept ascending),
 * its errors named, its canonical form, lint without cooling-off, and the
 * issue's example: start Friday 2025-12-12 with 2025-12-25 and 12-26, day
 * 14 is Friday 12-26, a holiday, then the weekend: 12-29 in, 12-30 out. */
static void test_holidays_key(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_error_detail detail;
    const char *text = "timing = end_of_billing_period; cooling_off_days = 14\n"
                       "holidays = 2025-12-26, 2025-12-25";
    assert_int_equal(lapse_policy_parse(text, strlen(text), &p, &detail), LAPSE_OK);
    assert_int_equal(p.holidays.count, 2);
    assert_int_equal(p.holidays.dates[0], test_date("2025-12-25"));
    assert_int_equal(p.holidays.dates[1], test_date("2025-12-26"));
    assert_int_equal(p.holidays.dates[2], 0);
    char canonical[2048];
    size_t length = lapse_policy_format(&p, canonical, sizeof canonical);
    assert_non_null(strstr(canonical, "\nholidays = 2025-12-25, 2025-12-26\n"));
    lapse_policy again;
    assert_int_equal(lapse_policy_parse(canonical, length, &again, NULL), LAPSE_OK);
    assert_memory_equal(&again, &p, sizeof p);

    lapse_subscription s = test_subscription("2025-12-12", 1, 1, 2000);
    lapse_request r = request("2025-12-29", LAPSE_CHANNEL_ONLINE);
    lapse_decision d = decide(&p, &s, &r);
    assert_true(d.warnings & LAPSE_WARNING_COOLING_OFF);
    assert_int_equal(d.effective_end, test_date("2025-12-30"));
    assert_int_equal(d.refund, 2000);
    r = request("2025-12-30", LAPSE_CHANNEL_ONLINE);
    d = decide(&p, &s, &r);
    assert_false(d.warnings & LAPSE_WARNING_COOLING_OFF);
    assert_int_equal(d.effective_end, test_date("2026-01-12"));
    assert_int_equal(d.remaining_term_charge, 2000);
    /* Without them 12-26 is a working day and ends the period. */
    lapse_policy eu = policy("eu-consumer");
    r = request("2025-12-29", LAPSE_CHANNEL_ONLINE);
    assert_false(decide(&eu, &s, &r).warnings & LAPSE_WARNING_COOLING_OFF);

    /* Errors name the key: a repeat, a bad date, 65 dates. */
    const char *twice = "holidays = 2025-12-25, 2025-12-25";
    assert_int_equal(lapse_policy_parse(twice, strlen(twice), &again, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "holidays");
    const char *bad = "holidays = 2025-13-01";
    assert_int_equal(lapse_policy_parse(bad, strlen(bad), &again, &detail), LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "holidays");
    char many[2048] = "holidays = ";
    for (int i = 0; i < LAPSE_HOLIDAYS_MAX + 1; i++) {
        char date[LAPSE_DATE_TEXT_SIZE];
        lapse_date_format(test_date("2026-01-01") + i, date, sizeof date);
        strcat(many, i ? ", " : "");
        strcat(many, date);
    }
    assert_int_equal(lapse_policy_parse(many, strlen(many), &again, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "holidays");
    /* A struct out of order, or a date past the count, is refused. */
    lapse_policy wrong = p;
    wrong.holidays.dates[0] = test_date("2025-12-27");
    assert_int_equal(lapse_policy_check(&wrong, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "holidays");
    wrong = p;
    wrong.holidays.dates[5] = test_date("2025-12-27");
    assert_int_equal(lapse_policy_check(&wrong, &detail), LAPSE_ERR_RESERVED);
    assert_string_equal(detail.field, "holidays");

    /* Lint: holidays without a cooling-off period do nothing. */
    const char *idle = "holidays = 2025-12-25";
    lapse_lint_finding found[4];
    size_t count = 0;
    assert_int_equal(lapse_policy_lint_text(idle, strlen(idle), found, 4, &count, &detail),
                     LAPSE_OK);
    assert_int_equal(count, 1);
    assert_string_equal(found[0].key, "holidays");
    assert_int_equal(lapse_policy_lint_text(text, strlen(text), found, 4, &count, &detail),
                     LAPSE_OK);
    assert_int_equal(count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settlement_example),
        cmocka_unit_test(test_settlement_adds_up),
        cmocka_unit_test(test_settlement_keys),
        cmocka_unit_test(test_proportionate_example),
        cmocka_unit_test(test_proportionate_plus_refund_is_what_was_paid),
        cmocka_unit_test(test_weekdays),
        cmocka_unit_test(test_withdrawal_examples),
        cmocka_unit_test(test_withdrawal_fields_checked),
        cmocka_unit_test(test_withdrawal_last_day_in_next_day_out),
        cmocka_unit_test(test_holidays_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
