/*
 * src/core/cancel.c and src/core/term.c: each rule of docs/rules.md by name, the policy
 * parameters, bad input, and properties over generated subscriptions.
 */
#include "testutil.h"
#include "edges.h"

#include <stdio.h>
#include <string.h>

static lapse_request request(const char *on, lapse_channel channel, uint32_t roles)
{
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date(on);
    r.channel = channel;
    r.roles = roles;
    return r;
}

static lapse_decision decide_ok(const lapse_policy *policy, const lapse_subscription *s,
                                const lapse_request *r)
{
    lapse_decision d;
    lapse_error_detail detail = { 0 };
    lapse_error error = lapse_decide_cancel(policy, s, r, &d, &detail);
    if (error)
        fail_msg("unexpected %s: %s", lapse_error_name(error), detail.message);
    return d;
}

#define BA LAPSE_ROLE_BILLING_ADMIN

static void test_defaults_are_rules_section_4(void **state)
{
    (void)state;
    lapse_policy p;
    memset(&p, 0xff, sizeof p);
    lapse_policy_default(&p);
    assert_int_equal(p.retention_days, 90);
    assert_int_equal(p.notice_days, 30);
    assert_int_equal(p.refund, LAPSE_REFUND_NONE);
    assert_int_equal(p.online_needs_billing_admin, 1);
    assert_int_equal(p.balance_blocks_online, 1);
    assert_int_equal(p.contract_via_support, 1);
    assert_int_equal(p.contract_roles, LAPSE_ROLE_PRODUCT_ADMIN | LAPSE_ROLE_BILLING_CONTACT);
    for (size_t i = 0; i < sizeof p.reserved / sizeof p.reserved[0]; i++)
        assert_int_equal(p.reserved[i], 0);
    lapse_subscription s;
    memset(&s, 0xff, sizeof s);
    lapse_subscription_init(&s);
    assert_int_equal(s.start, LAPSE_DATE_NONE);
    assert_int_equal(s.term, 1);
    assert_int_equal(s.renewal_term, 0);
    assert_int_equal(s.billing, 1);
    assert_int_equal(s.price, 0);
    assert_string_equal(s.currency, "EUR");
    assert_int_equal(s.auto_renew, 1);
    assert_int_equal(s.contract, 0);
    assert_int_equal(s.online_cancel, 1);
    assert_int_equal(s.cancelled_on, LAPSE_DATE_NONE);
    lapse_request r;
    memset(&r, 0xff, sizeof r);
    lapse_request_init(&r);
    assert_int_equal(r.on, LAPSE_DATE_NONE);
    assert_int_equal(r.channel, LAPSE_CHANNEL_ONLINE);
    assert_int_equal(r.roles, 0);
    assert_int_equal(r.can_sign_in, 1);
    assert_int_equal(r.provided, 0);
    /* NULL is harmless. */
    lapse_policy_default(NULL);
    lapse_subscription_init(NULL);
    lapse_request_init(NULL);
}

/* R1: with auto-renew each term end starts a new term. */
static void test_r1_auto_renewal_starts_new_terms(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-31", 1, 1, 1000);
    static const struct {
        const char *on, *term_start, *term_end;
    } cases[] = {
        { "2025-01-31", "2025-01-31", "2025-02-28" }, { "2025-02-27", "2025-01-31", "2025-02-28" },
        { "2025-02-28", "2025-02-28", "2025-03-31" }, { "2025-12-31", "2025-12-31", "2026-01-31" },
        { "2028-02-29", "2028-02-29", "2028-03-31" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lapse_request r = request(cases[i].on, LAPSE_CHANNEL_ONLINE, BA);
        lapse_decision d = decide_ok(NULL, &s, &r);
        assert_int_equal(d.term_start, test_date(cases[i].term_start));
        assert_int_equal(d.term_end, test_date(cases[i].term_end));
    }
}

/* R2: cancelling ends service at the end of the current term, not now; a
 * second cancellation repeats the first one's end and warns. */
static void test_r2_cancel_stops_renewal_not_service(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-03-15", 12, 1, 3000);
    lapse_request r = request("2025-04-01", LAPSE_CHANNEL_ONLINE, BA);
    lapse_decision d = decide_ok(NULL, &s, &r);
    assert_int_equal(d.effective_end, test_date("2026-03-15"));
    assert_int_equal(d.renews_first, 0);
    assert_false(d.warnings & LAPSE_WARNING_ALREADY_ENDING);

    s.cancelled_on = r.on;
    lapse_request again = request("2025-11-20", LAPSE_CHANNEL_ONLINE, BA);
    lapse_decision d2 = decide_ok(NULL, &s, &again);
    assert_int_equal(d2.effective_end, test_date("2026-03-15"));
    assert_true(d2.warnings & LAPSE_WARNING_ALREADY_ENDING);
    assert_int_equal(d2.allowed, 1);

    /* Auto-renew off is the same as cancelled before. */
    lapse_subscription off = test_subscription("2025-03-15", 12, 1, 3000);
    off.auto_renew = 0;
    lapse_decision d3 = decide_ok(NULL, &off, &r);
    assert_int_equal(d3.effective_end, test_date("2026-03-15"));
    assert_true(d3.warnings & LAPSE_WARNING_ALREADY_ENDING);

    /* After the end there is nothing left to cancel. */
    lapse_request late = request("2026-03-15", LAPSE_CHANNEL_ONLINE, BA);
    lapse_error_detail detail;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &late, &d, &detail), LAPSE_ERR_ALREADY_ENDED);
    assert_string_equal(detail.field, "on");
    assert_string_equal(detail.message,
                        "request date 2026-03-15: the subscription already ended on 2026-03-15");
}

/* R3: no refund, whatever the timing. */
static void test_r3_no_refund(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-01", 12, 0, 120000);
    static const char *const days[] = { "2025-01-01", "2025-01-02", "2025-06-30", "2025-12-31" };
    for (size_t i = 0; i < 4; i++) {
        lapse_request r = request(days[i], LAPSE_CHANNEL_ONLINE, BA);
        assert_int_equal(decide_ok(NULL, &s, &r).refund, 0);
    }
}

/* R4: the 15-month contract of the article, three months left. */
static void test_r4_remaining_term_charges(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2024-10-01", 15, 1, 10000);
    s.contract = 1;
    lapse_request r = request("2025-10-05", LAPSE_CHANNEL_SUPPORT, BA);
    lapse_decision d = decide_ok(NULL, &s, &r);
    assert_int_equal(d.remaining_term_charge, 30000);
    assert_int_equal(d.still_to_invoice, 20000);
    assert_int_equal(d.invoices_left, 2);
    assert_int_equal(d.next_invoice, test_date("2025-11-01"));
    assert_int_equal(d.effective_end, test_date("2026-01-01"));
    /* A monthly subscription mid-month: the whole month, nothing more. */
    lapse_subscription monthly = test_subscription("2025-01-31", 1, 1, 2000);
    lapse_request mid = request("2025-03-10", LAPSE_CHANNEL_ONLINE, BA);
    lapse_decision m = decide_ok(NULL, &monthly, &mid);
    assert_int_equal(m.remaining_term_charge, 2000);
    assert_int_equal(m.still_to_invoice, 0);
    assert_int_equal(m.next_invoice, LAPSE_DATE_NONE);
    assert_string_equal(m.currency, "EUR");
}

/* R5: who may cancel, for every role set on both kinds of account. */
static void test_r5_who_may_cancel(void **state)
{
    (void)state;
    for (uint32_t roles = 0; roles <= LAPSE_ROLE_ALL; roles++) {
        for (int contract = 0; contract <= 1; contract++) {
            lapse_subscription s = test_subscription("2025-01-01", 1, 1, 0);
            s.contract = contract;
            lapse_request r = request("2025-01-10", LAPSE_CHANNEL_SUPPORT, roles);
            r.provided = LAPSE_SUPPORT_INFO_ALL;
            lapse_decision d = decide_ok(NULL, &s, &r);
            bool expected = (roles & BA) || (contract && roles != 0);
            assert_int_equal(d.allowed, expected);
            assert_int_equal(d.blocked, expected ? 0 : LAPSE_REASON_NOT_AUTHORIZED);
            assert_int_equal(d.route, expected ? LAPSE_ROUTE_SUPPORT : LAPSE_ROUTE_NONE);
        }
    }
}

/* R6: every online reason that holds is listed, and support is offered. */
static void test_r6_every_online_reason_listed(void **state)
{
    (void)state;
    for (uint32_t mask = 0; mask < 32; mask++) {
        lapse_subscription s = test_subscription("2024-10-01", (mask & 4) ? 15 : 1, 1, 100);
        s.contract = (mask & 4) != 0;
        s.online_cancel = !(mask & 2);
        s.balance = (mask & 8) ? 1 : 0;
        lapse_request r = request("2025-10-05", LAPSE_CHANNEL_ONLINE, (mask & 1) ? 0 : BA);
        if (mask & 1)
            r.roles = s.contract ? LAPSE_ROLE_PRODUCT_ADMIN : 0;
        r.can_sign_in = !(mask & 16);
        lapse_decision d = decide_ok(NULL, &s, &r);
        uint32_t expected = 0;
        if ((mask & 1) && !s.contract)
            expected |= LAPSE_REASON_NOT_AUTHORIZED;
        if (mask & 1)
            expected |= LAPSE_REASON_NEEDS_BILLING_ADMIN;
        if (mask & 2)
            expected |= LAPSE_REASON_ONLINE_UNAVAILABLE;
        if (mask & 4)
            expected |= LAPSE_REASON_CONTRACT_VIA_SUPPORT;
        if (mask & 8)
            expected |= LAPSE_REASON_OUTSTANDING_BALANCE;
        if (mask & 16)
            expected |= LAPSE_REASON_CANNOT_SIGN_IN;
        assert_int_equal(d.blocked, expected);
        assert_int_equal(d.allowed, expected == 0);
        lapse_route route = (expected & LAPSE_REASON_NOT_AUTHORIZED) ? LAPSE_ROUTE_NONE
                            : expected                               ? LAPSE_ROUTE_SUPPORT
                                                                     : LAPSE_ROUTE_ONLINE;
        assert_int_equal(d.route, route);
    }
}

/* R7: the notice deadline, the day on it and the day after. */
static void test_r7_notice_on_fixed_term_contracts(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2024-10-01", 15, 1, 10000);
    s.contract = 1;
    lapse_request on_time = request("2025-12-02", LAPSE_CHANNEL_SUPPORT, BA);
    lapse_decision d = decide_ok(NULL, &s, &on_time);
    assert_int_equal(d.notice_deadline, test_date("2025-12-02"));
    assert_int_equal(d.renews_first, 0);
    assert_int_equal(d.effective_end, test_date("2026-01-01"));
    assert_false(d.warnings & LAPSE_WARNING_NOTICE_MISSED);
    lapse_request late = request("2025-12-03", LAPSE_CHANNEL_SUPPORT, BA);
    d = decide_ok(NULL, &s, &late);
    assert_int_equal(d.renews_first, 1);
    assert_int_equal(d.effective_end, test_date("2027-04-01"));
    assert_true(d.warnings & LAPSE_WARNING_NOTICE_MISSED);
    assert_int_equal(d.remaining_term_charge, 160000);
    /* Not for self-serve, monthly contracts or contracts without auto-renew. */
    s.contract = 0;
    assert_int_equal(decide_ok(NULL, &s, &late).notice_deadline, LAPSE_DATE_NONE);
    s.contract = 1;
    s.auto_renew = 0;
    d = decide_ok(NULL, &s, &late);
    assert_int_equal(d.notice_deadline, LAPSE_DATE_NONE);
    assert_int_equal(d.effective_end, test_date("2026-01-01"));
    lapse_subscription monthly = test_subscription("2025-01-01", 1, 1, 100);
    monthly.contract = 1;
    lapse_request r = request("2025-01-31", LAPSE_CHANNEL_SUPPORT, BA);
    assert_int_equal(decide_ok(NULL, &monthly, &r).notice_deadline, LAPSE_DATE_NONE);
}

/* R8: missing support details are a warning naming them, not a block. */
static void test_r8_support_details(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-01", 1, 1, 0);
    lapse_request r = request("2025-01-10", LAPSE_CHANNEL_SUPPORT, BA);
    for (uint32_t provided = 0; provided <= LAPSE_SUPPORT_INFO_ALL; provided++) {
        r.provided = provided;
        lapse_decision d = decide_ok(NULL, &s, &r);
        assert_int_equal(d.allowed, 1);
        assert_int_equal(d.missing_support_info, LAPSE_SUPPORT_INFO_ALL & ~provided);
        assert_int_equal((d.warnings & LAPSE_WARNING_SUPPORT_INFO_MISSING) != 0,
                         provided != LAPSE_SUPPORT_INFO_ALL);
    }
    /* Online requests have nothing to prepare for support. */
    r.channel = LAPSE_CHANNEL_ONLINE;
    r.provided = 0;
    lapse_decision d = decide_ok(NULL, &s, &r);
    assert_int_equal(d.missing_support_info, 0);
    assert_false(d.warnings & LAPSE_WARNING_SUPPORT_INFO_MISSING);
}

/* R9: balance, licences; backing up always. */
static void test_r9_before_cancelling(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-01", 1, 1, 0);
    lapse_request r = request("2025-01-10", LAPSE_CHANNEL_SUPPORT, 0);
    lapse_decision d = decide_ok(NULL, &s, &r); /* even when not allowed */
    assert_int_equal(d.allowed, 0);
    assert_true(d.warnings & LAPSE_WARNING_BACK_UP_DATA);
    s.licenses = 1;
    s.balance = 1;
    d = decide_ok(NULL, &s, &r);
    assert_true(d.warnings & LAPSE_WARNING_LICENSES_ASSIGNED);
    assert_true(d.warnings & LAPSE_WARNING_OUTSTANDING_BALANCE);
}

/* R10: deleted retention_days after the effective end. */
static void test_r10_data_deleted_after_retention(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-31", 1, 1, 2000);
    lapse_request r = request("2025-03-10", LAPSE_CHANNEL_ONLINE, BA);
    assert_int_equal(decide_ok(NULL, &s, &r).data_deleted_on, test_date("2025-06-29"));
    lapse_policy p;
    lapse_policy_default(&p);
    p.retention_days = 0;
    assert_int_equal(decide_ok(&p, &s, &r).data_deleted_on, test_date("2025-03-31"));
    p.retention_days = 365;
    assert_int_equal(decide_ok(&p, &s, &r).data_deleted_on, test_date("2026-03-31"));
}

/* R12: contracts get an e-mail; self-serve shows up under Expired. */
static void test_r12_confirmation(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-01", 1, 1, 0);
    lapse_request r = request("2025-01-10", LAPSE_CHANNEL_SUPPORT, BA);
    assert_int_equal(decide_ok(NULL, &s, &r).confirmation, LAPSE_CONFIRMATION_EXPIRED_LIST);
    s.contract = 1;
    assert_int_equal(decide_ok(NULL, &s, &r).confirmation, LAPSE_CONFIRMATION_EMAIL);
}

/* Every switch and number of the policy changes the decision it names. */
static void test_policy_parameters(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_subscription s = test_subscription("2024-10-01", 15, 1, 10000);
    s.contract = 1;
    s.balance = 500;
    lapse_request r = request("2025-10-05", LAPSE_CHANNEL_ONLINE, LAPSE_ROLE_PRODUCT_ADMIN);

    lapse_policy_default(&p);
    assert_int_equal(decide_ok(&p, &s, &r).blocked, LAPSE_REASON_NEEDS_BILLING_ADMIN |
                                                        LAPSE_REASON_CONTRACT_VIA_SUPPORT |
                                                        LAPSE_REASON_OUTSTANDING_BALANCE);
    p.online_needs_billing_admin = 0;
    p.contract_via_support = 0;
    p.balance_blocks_online = 0;
    lapse_decision d = decide_ok(&p, &s, &r);
    assert_int_equal(d.blocked, 0);
    assert_int_equal(d.route, LAPSE_ROUTE_ONLINE);
    assert_true(d.warnings & LAPSE_WARNING_OUTSTANDING_BALANCE); /* still warned */
    p.contract_roles = 0;
    assert_int_equal(decide_ok(&p, &s, &r).blocked, LAPSE_REASON_NOT_AUTHORIZED);
    p.contract_roles = LAPSE_ROLE_PRODUCT_ADMIN;
    assert_int_equal(decide_ok(&p, &s, &r).blocked, 0);

    /* Notice of 60 days moves the deadline to 2025-11-02; 0 days to the
     * last day before the end. */
    lapse_policy_default(&p);
    p.notice_days = 60;
    lapse_request late = request("2025-11-03", LAPSE_CHANNEL_SUPPORT, BA);
    d = decide_ok(&p, &s, &late);
    assert_int_equal(d.notice_deadline, test_date("2025-11-02"));
    assert_int_equal(d.renews_first, 1);
    p.notice_days = 0;
    lapse_request last = request("2025-12-31", LAPSE_CHANNEL_SUPPORT, BA);
    d = decide_ok(&p, &s, &last);
    assert_int_equal(d.notice_deadline, test_date("2026-01-01"));
    assert_int_equal(d.renews_first, 0);
}

static void expect_error(const lapse_policy *p, const lapse_subscription *s, const lapse_request *r,
                         lapse_error code, const char *field, const char *message)
{
    lapse_decision d;
    memset(&d, 0x5a, sizeof d);
    lapse_error_detail detail;
    memset(&detail, 0, sizeof detail);
    lapse_error error = lapse_decide_cancel(p, s, r, &d, &detail);
    if (error != code)
        fail_msg("got %s (%s), want %s", lapse_error_name(error), detail.message,
                 lapse_error_name(code));
    assert_int_equal(detail.code, code);
    assert_string_equal(detail.field, field);
    if (message)
        assert_string_equal(detail.message, message);
    /* Never half-filled. */
    static const lapse_decision zero;
    assert_memory_equal(&d, &zero, sizeof d);
}

static void test_bad_input_names_the_field(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 1000);
    lapse_request r = request("2025-02-01", LAPSE_CHANNEL_ONLINE, BA);
    lapse_subscription t;
    lapse_request q;
    lapse_policy p;

    t = s, t.term = 0;
    expect_error(NULL, &t, &r, LAPSE_ERR_OUT_OF_RANGE, "term",
                 "term 0: out of range (1 to 1200 months)");
    t = s, t.term = -3;
    expect_error(NULL, &t, &r, LAPSE_ERR_OUT_OF_RANGE, "term", NULL);
    t = s, t.renewal_term = 1201;
    expect_error(NULL, &t, &r, LAPSE_ERR_OUT_OF_RANGE, "renewal_term", NULL);
    t = s, t.billing = 5;
    expect_error(NULL, &t, &r, LAPSE_ERR_BILLING_INTERVAL, "billing",
                 "billing interval 5 months: does not divide the term of 12 months");
    t = s, t.renewal_term = 8, t.billing = 3;
    expect_error(NULL, &t, &r, LAPSE_ERR_BILLING_INTERVAL, "billing",
                 "billing interval 3 months: does not divide the renewal term of 8 months");
    t = s, t.billing = -1;
    expect_error(NULL, &t, &r, LAPSE_ERR_OUT_OF_RANGE, "billing", NULL);
    t = s, t.price = -1;
    expect_error(NULL, &t, &r, LAPSE_ERR_OUT_OF_RANGE, "price",
                 "price -0.01 EUR: must not be negative");
    t = s, t.balance = -100;
    expect_error(NULL, &t, &r, LAPSE_ERR_OUT_OF_RANGE, "balance",
                 "balance -1.00 EUR: must not be negative");
    t = s, memcpy(t.currency, "XYZ", 4);
    expect_error(NULL, &t, &r, LAPSE_ERR_CURRENCY_UNKNOWN, "currency",
                 "currency 'XYZ': not an ISO 4217 currency");
    t = s, memcpy(t.currency, "eur", 4);
    expect_error(NULL, &t, &r, LAPSE_ERR_CURRENCY_SYNTAX, "currency",
                 "currency 'eur': not three upper-case letters");
    t = s, memcpy(t.currency, "EURO", 4);
    expect_error(NULL, &t, &r, LAPSE_ERR_CURRENCY_SYNTAX, "currency", NULL);
    t = s, t.start = LAPSE_DATE_NONE;
    expect_error(NULL, &t, &r, LAPSE_ERR_MISSING, "start", "start date: required but not given");
    t = s, t.start = LAPSE_DATE_MAX + 1;
    expect_error(NULL, &t, &r, LAPSE_ERR_DATE_RANGE, "start",
                 "start date 2932897: outside 0001-01-01 to 9999-12-31");
    t = s, t.auto_renew = 2;
    expect_error(NULL, &t, &r, LAPSE_ERR_OUT_OF_RANGE, "auto_renew",
                 "auto_renew 2: must be 0 (false) or 1 (true)");
    t = s, t.contract = -1;
    expect_error(NULL, &t, &r, LAPSE_ERR_OUT_OF_RANGE, "contract", NULL);
    t = s, t.online_cancel = 7;
    expect_error(NULL, &t, &r, LAPSE_ERR_OUT_OF_RANGE, "online_cancel", NULL);
    t = s, t.licenses = -1;
    expect_error(NULL, &t, &r, LAPSE_ERR_OUT_OF_RANGE, "licenses", NULL);
    t = s, t.cancelled_on = test_date("2024-12-31");
    expect_error(NULL, &t, &r, LAPSE_ERR_BEFORE_START, "cancelled_on", NULL);
    t = s, t.reserved[sizeof t.reserved / sizeof t.reserved[0] - 1] = 1; /* the last word */
    expect_error(NULL, &t, &r, LAPSE_ERR_RESERVED, "reserved", NULL);
    t = s, t.price = INT64_MAX;
    expect_error(NULL, &t, &r, LAPSE_ERR_AMOUNT_RANGE, "price", NULL);

    q = r, q.on = test_date("2024-12-31");
    expect_error(NULL, &s, &q, LAPSE_ERR_BEFORE_START, "on",
                 "request date 2024-12-31: before the subscription starts (2025-01-01)");
    q = r, q.on = LAPSE_DATE_NONE;
    expect_error(NULL, &s, &q, LAPSE_ERR_MISSING, "on", "request date: required but not given");
    q = r, q.on = test_date("9999-12-31");
    expect_error(NULL, &s, &q, LAPSE_ERR_DATE_RANGE, "on", NULL);
    q = r, q.channel = (lapse_channel)2;
    expect_error(NULL, &s, &q, LAPSE_ERR_OUT_OF_RANGE, "channel",
                 "channel 2: not online (0) or support (1)");
    q = r, q.roles = 8;
    expect_error(NULL, &s, &q, LAPSE_ERR_OUT_OF_RANGE, "roles", "roles 0x8: unknown role bits 0x8");
    q = r, q.provided = 0x20;
    expect_error(NULL, &s, &q, LAPSE_ERR_OUT_OF_RANGE, "provided", NULL);
    q = r, q.can_sign_in = 3;
    expect_error(NULL, &s, &q, LAPSE_ERR_OUT_OF_RANGE, "can_sign_in", NULL);
    q = r, q.reserved[0] = 9;
    expect_error(NULL, &s, &q, LAPSE_ERR_RESERVED, "reserved", NULL);

    lapse_policy_default(&p), p.retention_days = -1;
    expect_error(&p, &s, &r, LAPSE_ERR_OUT_OF_RANGE, "retention_days",
                 "retention_days -1: out of range (0 to 36500 days)");
    lapse_policy_default(&p), p.notice_days = 4000;
    expect_error(&p, &s, &r, LAPSE_ERR_OUT_OF_RANGE, "notice_days", NULL);
    lapse_policy_default(&p), p.refund = (lapse_refund)3;
    expect_error(&p, &s, &r, LAPSE_ERR_OUT_OF_RANGE, "refund", NULL);
    lapse_policy_default(&p), p.balance_blocks_online = 2;
    expect_error(&p, &s, &r, LAPSE_ERR_OUT_OF_RANGE, "balance_blocks_online", NULL);
    lapse_policy_default(&p), p.contract_roles = 0x10;
    expect_error(&p, &s, &r, LAPSE_ERR_OUT_OF_RANGE, "contract_roles", NULL);
    lapse_policy_default(&p), p.reserved[0] = 1;
    expect_error(&p, &s, &r, LAPSE_ERR_RESERVED, "reserved", NULL);
    lapse_policy_default(&p), p.rounding = (lapse_rounding)3;
    expect_error(&p, &s, &r, LAPSE_ERR_OUT_OF_RANGE, "rounding",
                 "rounding 3: not one of 0 = half_up, 1 = half_even, 2 = down");
    lapse_policy_default(&p), p.proration_days = (lapse_proration_days)2;
    expect_error(&p, &s, &r, LAPSE_ERR_OUT_OF_RANGE, "proration_days",
                 "proration_days 2: not one of 0 = actual, 1 = 30");
    lapse_policy_default(&p), p.month_end = (lapse_month_end)-1;
    expect_error(&p, &s, &r, LAPSE_ERR_OUT_OF_RANGE, "month_end", NULL);
    lapse_policy_default(&p), p.immediate_end = (lapse_immediate_end)2;
    expect_error(&p, &s, &r, LAPSE_ERR_OUT_OF_RANGE, "immediate_end",
                 "immediate_end 2: not one of 0 = next_day, 1 = same_day");
    lapse_policy_default(&p), p.invoicing = (lapse_invoicing)2;
    expect_error(&p, &s, &r, LAPSE_ERR_OUT_OF_RANGE, "invoicing",
                 "invoicing 2: not one of 0 = in_advance, 1 = in_arrears");

    expect_error(NULL, NULL, &r, LAPSE_ERR_NULL_ARGUMENT, "subscription", NULL);
    expect_error(NULL, &s, NULL, LAPSE_ERR_NULL_ARGUMENT, "request", NULL);
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
    /* Without a detail the error still comes back. */
    lapse_decision d;
    t = s, t.term = 0;
    assert_int_equal(lapse_decide_cancel(NULL, &t, &r, &d, NULL), LAPSE_ERR_OUT_OF_RANGE);
}

/* A walk over the terms, one at a time: the obviously correct way. */
static void walk_term(const lapse_subscription *s, lapse_date date, lapse_date *start,
                      lapse_date *end)
{
    int64_t offset = 0, length = s->term;
    int32_t renewal = s->renewal_term ? s->renewal_term : s->term;
    for (;;) {
        lapse_date a, b;
        assert_int_equal(lapse_date_add_months(s->start, (int32_t)offset, &a), LAPSE_OK);
        assert_int_equal(lapse_date_add_months(s->start, (int32_t)(offset + length), &b), LAPSE_OK);
        if (date < b) {
            *start = a, *end = b;
            return;
        }
        offset += length;
        length = renewal;
    }
}

/* The O(1) term lookup agrees with the walk, for subscriptions of any age
 * up to one started in year 1. */
static void test_term_lookup_matches_a_walk(void **state)
{
    (void)state;
    uint64_t rng = 1;
    for (int i = 0; i < 2000; i++) {
        lapse_subscription s;
        lapse_subscription_init(&s);
        s.start = (lapse_date)test_range(&rng, LAPSE_DATE_MIN, test_date("2025-01-01"));
        if (i < 20)
            s.start = LAPSE_DATE_MIN + i;
        s.term = (int32_t)test_range(&rng, 1, 36);
        s.renewal_term = (int32_t)test_range(&rng, 0, 24);
        s.billing = 0;
        s.renewal_price = 0; /* up front, another renewal length needs its own price */
        lapse_request r;
        lapse_request_init(&r);
        r.on = (lapse_date)test_range(&rng, test_date("2025-01-01"), test_date("2030-12-31"));
        r.roles = BA;
        lapse_decision d = decide_ok(NULL, &s, &r);
        lapse_date start, end;
        walk_term(&s, r.on, &start, &end);
        assert_int_equal(d.term_start, start);
        assert_int_equal(d.term_end, end);
        assert_true(d.term_start <= r.on && r.on < d.term_end);
    }
}

/* Boundaries a mutation run found untested (issue #34, docs/testing.md). */

/* 1. plan.h: a contract account has no cooling-off (cooling_off_applies =
 * non_contract, the default), not even the day after the start; a
 * self-serve account has 14 days, the start not counting. */
static void test_cooling_off_edges(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-10", 12, 1, 10000);
    s.contract = 1;
    for (const char *const *on = (const char *const[]){ "2025-01-10", "2025-01-11", NULL }; *on;
         on++) {
        lapse_request r = edge_request(*on, LAPSE_CHANNEL_SUPPORT, EDGE_BA);
        lapse_decision d = edge_decide(NULL, &s, &r);
        assert_int_equal(d.effective_end, test_date("2026-01-10"));
        /* 12 x 100.00, the whole commitment; nothing refunded. */
        assert_int_equal(d.remaining_term_charge, 120000);
        assert_int_equal(d.refund, 0);
    }
    /* eu-consumer, self-serve, monthly, 100.00: start + 14 = 2025-01-24 is
     * the last day of cooling-off (ends the next day, the first invoice
     * refunded); a contract account has none even there. */
    lapse_policy eu;
    assert_int_equal(lapse_policy_preset("eu-consumer", &eu, NULL), LAPSE_OK);
    lapse_request r = edge_request("2025-01-11", LAPSE_CHANNEL_SUPPORT, EDGE_BA);
    lapse_decision d = edge_decide(&eu, &s, &r);
    /* The end of the billing period; the commitment of 12 x 100.00 owed. */
    assert_int_equal(d.effective_end, test_date("2025-02-10"));
    assert_int_equal(d.remaining_term_charge, 120000);
    assert_int_equal(d.refund, 0);
    s = test_subscription("2025-01-10", 1, 1, 10000);
    r = edge_request("2025-01-24", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    d = edge_decide(&eu, &s, &r);
    assert_int_equal(d.effective_end, test_date("2025-01-25"));
    assert_int_equal(d.refund, 10000);
    assert_int_equal(d.remaining_term_charge, 0);
    r = edge_request("2025-01-25", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    d = edge_decide(&eu, &s, &r);
    assert_int_equal(d.effective_end, test_date("2025-02-10"));
    assert_int_equal(d.refund, 0);
    assert_int_equal(d.remaining_term_charge, 10000);
}

/* 2. cancel.c: in arrears, the last period cut short is charged for its
 * days served only, and a last period not cut is charged whole. */
static void test_in_arrears_last_period(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    p.invoicing = LAPSE_INVOICING_IN_ARREARS;
    p.proration_days = LAPSE_PRORATION_DAYS_30;
    lapse_subscription s = test_subscription("2025-03-01", 12, 1, 3000);
    lapse_request r = edge_request("2025-06-10", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    lapse_decision d = edge_decide(&p, &s, &r);
    /* June to February: 9 whole periods of 30.00, to the term end. */
    assert_int_equal(d.effective_end, test_date("2026-03-01"));
    assert_int_equal(d.remaining_term_charge, 27000);
    assert_int_equal(d.still_to_invoice, 27000);
    assert_int_equal(d.invoices_left, 9);
    assert_int_equal(d.next_invoice, test_date("2025-07-01"));
    /* Immediate timing: access ends 2025-06-11, June's period cut after 10
     * days served: 30.00 x 10 / 30 = 10.00, invoiced on the end day. */
    p.timing = LAPSE_TIMING_IMMEDIATE;
    d = edge_decide(&p, &s, &r);
    assert_int_equal(d.effective_end, test_date("2025-06-11"));
    assert_int_equal(d.remaining_term_charge, 1000);
    assert_int_equal(d.invoices_left, 1);
    assert_int_equal(d.next_invoice, test_date("2025-06-11"));
}

/* 3. term.c: notice_applies = terms_over_a_month: a 2-month term needs
 * notice (missed on 2025-02-20: one more 2-month term), a 1-month term
 * does not. */
static void test_notice_terms_over_a_month(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    p.notice_applies = LAPSE_NOTICE_APPLIES_TERMS_OVER_A_MONTH;
    lapse_subscription s = test_subscription("2025-01-01", 2, 1, 1000);
    lapse_request r = edge_request("2025-02-20", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    lapse_decision d = edge_decide(&p, &s, &r);
    assert_int_equal(d.notice_deadline, test_date("2025-01-30"));
    assert_int_equal(d.renews_first, 1);
    assert_int_equal(d.effective_end, test_date("2025-05-01"));
    assert_int_equal(d.remaining_term_charge, 3000);
    assert_true(d.warnings & LAPSE_WARNING_NOTICE_MISSED);
    /* On the deadline: in time. */
    r = edge_request("2025-01-30", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    d = edge_decide(&p, &s, &r);
    assert_int_equal(d.renews_first, 0);
    assert_int_equal(d.effective_end, test_date("2025-03-01"));
    /* A 1-month term: no notice at all. */
    s = test_subscription("2025-01-01", 1, 1, 1000);
    r = edge_request("2025-01-31", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    d = edge_decide(&p, &s, &r);
    assert_int_equal(d.notice_deadline, LAPSE_DATE_NONE);
    assert_int_equal(d.effective_end, test_date("2025-02-01"));
}

/* 6. term.c: a date range error with detail NULL (no message to reword). */
static void test_date_range_without_detail(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("9999-10-15", 1, 1, 1000);
    s.cancelled_on = test_date("9999-10-20");
    lapse_request r = edge_request("9999-10-25", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_ERR_DATE_RANGE);
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_DATE_RANGE);
    assert_string_equal(detail.field, "cancelled_on");
}

/* A date past the calendar met on the end a recorded cancellation set is
 * blamed on that cancellation (field cancelled_on, its date leading the
 * message) by the decision, the status and a reactivation alike; the same
 * fault met on the request's own end names the request.  Each message in
 * full: the three faults (a boundary, the notice deadline, the deletion
 * date), said once each way (#27.4). */
static void expect_range_error(const lapse_policy *p, const lapse_subscription *s, const char *on,
                               const char *field, const char *message)
{
    lapse_request r = edge_request(on, LAPSE_CHANNEL_ONLINE, EDGE_BA);
    lapse_decision d;
    lapse_status_info info;
    lapse_reactivation_info again;
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_decide_cancel(p, s, &r, &d, &detail), LAPSE_ERR_DATE_RANGE);
    assert_string_equal(detail.field, field);
    assert_string_equal(detail.message, message);
    if (strcmp(field, "cancelled_on") != 0)
        return; /* the status and a reactivation ask about no request */
    memset(&detail, 0, sizeof detail);
    assert_int_equal(lapse_status_at(p, s, r.on, &info, &detail), LAPSE_ERR_DATE_RANGE);
    assert_string_equal(detail.field, field);
    assert_string_equal(detail.message, message);
    memset(&detail, 0, sizeof detail);
    assert_int_equal(lapse_reactivate(p, s, r.on, &again, &detail), LAPSE_ERR_DATE_RANGE);
    assert_string_equal(detail.field, field);
    assert_string_equal(detail.message, message);
}

static void test_range_errors_blamed_on_the_cancellation(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    /* A boundary: the end of the term in force. */
    lapse_subscription s = test_subscription("9999-10-15", 1, 1, 1000);
    s.auto_renew = false;
    s.cancelled_on = test_date("9999-12-20");
    expect_range_error(&p, &s, "9999-12-25", "cancelled_on",
                       "cancellation date 9999-12-20: the end of the term would fall after "
                       "9999-12-31");
    s.cancelled_on = LAPSE_DATE_NONE;
    s.auto_renew = true;
    expect_range_error(&p, &s, "9999-12-25", "on",
                       "request date 9999-12-25: the end of the term would fall after 9999-12-31");
    /* The deletion date after the end. */
    s.cancelled_on = test_date("9999-11-20");
    expect_range_error(&p, &s, "9999-11-25", "cancelled_on",
                       "cancellation date 9999-11-20: effective end 9999-12-15: the data deletion "
                       "date would fall after 9999-12-31");
    s.cancelled_on = LAPSE_DATE_NONE;
    expect_range_error(&p, &s, "9999-11-25", "on",
                       "effective end 9999-12-15: the data deletion date would fall after "
                       "9999-12-31");
    /* The notice deadline before the calendar's first day. */
    p.notice_days = 3660;
    s = test_subscription("0001-01-01", 12, 1, 1000);
    s.contract = true;
    s.cancelled_on = test_date("0001-02-01");
    expect_range_error(&p, &s, "0001-03-01", "cancelled_on",
                       "cancellation date 0001-02-01: notice_days 3660: the notice deadline would "
                       "fall before 0001-01-01");
    s.cancelled_on = LAPSE_DATE_NONE;
    expect_range_error(&p, &s, "0001-03-01", "notice_days",
                       "notice_days 3660: the notice deadline would fall before 0001-01-01");
}

/* 8. validate.c: the longest term, 1200 months, is valid, so the error of
 * a bad field after it names that field; 1201 names the term. */
static void test_longest_term_then_licenses(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-01", 1200, 1, 1000);
    s.licenses = -1;
    lapse_request r = edge_request("2025-01-02", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    lapse_decision d;
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "licenses");
    s.term = 1201;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "term");
    s.licenses = 0;
    s.term = 1200;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_OK);
}

/* validate.c (mutation run, docs/testing.md): a currency code is quoted
 * to the byte in its error, all four bytes of a field with no NUL (the
 * subscription's and the termination fee's), escaped when not printable. */
static void test_currency_quoted_to_the_byte(void **state)
{
    (void)state;
    static const struct {
        char code[4];
        lapse_error error;
        const char *quoted;
    } cases[] = {
        { { 'E', 'U', 'R', 'O' },
          LAPSE_ERR_CURRENCY_SYNTAX,
          "'EURO': not three upper-case letters" },
        { { 'E', 'U', '\0', '\0' },
          LAPSE_ERR_CURRENCY_SYNTAX,
          "'EU': not three upper-case letters" },
        { { 'e', 'u', '\x01', '\0' },
          LAPSE_ERR_CURRENCY_SYNTAX,
          "'eu\\x01': not three upper-case letters" },
        { { '\xff', 'U', 'R', 'O' },
          LAPSE_ERR_CURRENCY_SYNTAX,
          "'\\xffURO': not three upper-case letters" },
        { { 'X', 'Y', 'Z', '\0' }, LAPSE_ERR_CURRENCY_UNKNOWN, "'XYZ': not an ISO 4217 currency" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char message[128];
        lapse_error_detail detail;
        /* The subscription's currency. */
        lapse_subscription s = test_subscription("2025-01-01", 12, 1, 1000);
        memcpy(s.currency, cases[i].code, 4);
        lapse_request r = edge_request("2025-02-01", LAPSE_CHANNEL_ONLINE, EDGE_BA);
        lapse_decision d;
        assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), cases[i].error);
        assert_string_equal(detail.field, "currency");
        snprintf(message, sizeof message, "currency %s", cases[i].quoted);
        assert_string_equal(detail.message, message);
        /* The termination fee's. */
        lapse_policy p;
        lapse_policy_default(&p);
        p.timing = LAPSE_TIMING_IMMEDIATE;
        p.commitment = LAPSE_COMMITMENT_FIXED_FEE;
        p.termination_fee = 50000;
        memcpy(p.termination_fee_currency, cases[i].code, 4);
        assert_int_equal(lapse_policy_check(&p, &detail), cases[i].error);
        assert_string_equal(detail.field, "termination_fee");
        snprintf(message, sizeof message, "termination_fee currency %s", cases[i].quoted);
        assert_string_equal(detail.message, message);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_rules_section_4),
        cmocka_unit_test(test_r1_auto_renewal_starts_new_terms),
        cmocka_unit_test(test_r2_cancel_stops_renewal_not_service),
        cmocka_unit_test(test_r3_no_refund),
        cmocka_unit_test(test_r4_remaining_term_charges),
        cmocka_unit_test(test_r5_who_may_cancel),
        cmocka_unit_test(test_r6_every_online_reason_listed),
        cmocka_unit_test(test_r7_notice_on_fixed_term_contracts),
        cmocka_unit_test(test_r8_support_details),
        cmocka_unit_test(test_r9_before_cancelling),
        cmocka_unit_test(test_r10_data_deleted_after_retention),
        cmocka_unit_test(test_r12_confirmation),
        cmocka_unit_test(test_policy_parameters),
        cmocka_unit_test(test_bad_input_names_the_field),
        cmocka_unit_test(test_term_lookup_matches_a_walk),
        cmocka_unit_test(test_cooling_off_edges),
        cmocka_unit_test(test_in_arrears_last_period),
        cmocka_unit_test(test_notice_terms_over_a_month),
        cmocka_unit_test(test_date_range_without_detail),
        cmocka_unit_test(test_range_errors_blamed_on_the_cancellation),
        cmocka_unit_test(test_longest_term_then_licenses),
        cmocka_unit_test(test_currency_quoted_to_the_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
