/*
 * Hostile input through the public API: every field of every struct out of
 * range, NULL pointers, bad text, amounts at the 64-bit edge.  Each case
 * states the exact error and the field it must name; none may crash.
 */
#include "testutil.h"

#include <string.h>

typedef enum target {
    POLICY_RETENTION,
    POLICY_NOTICE,
    POLICY_REFUND,
    POLICY_ONLINE_NEEDS_ADMIN,
    POLICY_BALANCE_BLOCKS,
    POLICY_CONTRACT_VIA_SUPPORT,
    POLICY_CONTRACT_ROLES,
    POLICY_RESERVED_FIRST,
    POLICY_RESERVED_LAST,
    POLICY_TIMING,
    POLICY_COMMITMENT,
    POLICY_FEE_PERCENT,
    POLICY_COOLING_OFF,
    POLICY_RENEWAL,
    POLICY_NOTICE_APPLIES,
    POLICY_FEE_CURRENCY,
    POLICY_COOLING_OFF_APPLIES,
    SUB_RENEWAL_PRICE,
    REQ_END_ON,
    POLICY_FEE,
    SUB_START,
    SUB_TERM,
    SUB_RENEWAL,
    SUB_BILLING,
    SUB_PRICE,
    SUB_BALANCE,
    SUB_CURRENCY,
    SUB_AUTO_RENEW,
    SUB_CONTRACT,
    SUB_ONLINE_CANCEL,
    SUB_LICENSES,
    SUB_CANCELLED_ON,
    SUB_RESERVED_FIRST,
    SUB_RESERVED_LAST,
    REQ_ON,
    REQ_CHANNEL,
    REQ_ROLES,
    REQ_CAN_SIGN_IN,
    REQ_PROVIDED,
    REQ_RESERVED_FIRST,
    REQ_RESERVED_LAST,
    NULL_SUBSCRIPTION,
    NULL_REQUEST,
    NULL_DECISION,
} target;

typedef struct hostile_case {
    target target;
    int64_t value;
    char currency[5]; /* SUB_CURRENCY: the 4 bytes to store (not always NUL-ended) */
    lapse_error error;
    const char *field;
} hostile_case;

static const hostile_case cases[] = {
    { POLICY_RETENTION, -1, "", LAPSE_ERR_OUT_OF_RANGE, "retention_days" },
    { POLICY_RETENTION, 36501, "", LAPSE_ERR_OUT_OF_RANGE, "retention_days" },
    { POLICY_RETENTION, INT32_MIN, "", LAPSE_ERR_OUT_OF_RANGE, "retention_days" },
    { POLICY_NOTICE, -1, "", LAPSE_ERR_OUT_OF_RANGE, "notice_days" },
    { POLICY_NOTICE, 3661, "", LAPSE_ERR_OUT_OF_RANGE, "notice_days" },
    { POLICY_NOTICE, INT32_MAX, "", LAPSE_ERR_OUT_OF_RANGE, "notice_days" },
    { POLICY_REFUND, 3, "", LAPSE_ERR_OUT_OF_RANGE, "refund" },
    { POLICY_REFUND, -1, "", LAPSE_ERR_OUT_OF_RANGE, "refund" },
    { POLICY_ONLINE_NEEDS_ADMIN, 2, "", LAPSE_ERR_OUT_OF_RANGE, "online_needs_billing_admin" },
    { POLICY_ONLINE_NEEDS_ADMIN, -1, "", LAPSE_ERR_OUT_OF_RANGE, "online_needs_billing_admin" },
    { POLICY_BALANCE_BLOCKS, 2, "", LAPSE_ERR_OUT_OF_RANGE, "balance_blocks_online" },
    { POLICY_CONTRACT_VIA_SUPPORT, 7, "", LAPSE_ERR_OUT_OF_RANGE, "contract_via_support" },
    { POLICY_CONTRACT_ROLES, 8, "", LAPSE_ERR_OUT_OF_RANGE, "contract_roles" },
    { POLICY_CONTRACT_ROLES, 0xffffffff, "", LAPSE_ERR_OUT_OF_RANGE, "contract_roles" },
    { POLICY_RESERVED_FIRST, 1, "", LAPSE_ERR_RESERVED, "reserved" },
    { POLICY_RESERVED_LAST, 0x80000000, "", LAPSE_ERR_RESERVED, "reserved" },
    { POLICY_TIMING, 3, "", LAPSE_ERR_OUT_OF_RANGE, "timing" },
    { POLICY_TIMING, -1, "", LAPSE_ERR_OUT_OF_RANGE, "timing" },
    { POLICY_COMMITMENT, 4, "", LAPSE_ERR_OUT_OF_RANGE, "commitment" },
    { POLICY_FEE_PERCENT, 101, "", LAPSE_ERR_OUT_OF_RANGE, "termination_fee_percent" },
    { POLICY_FEE_PERCENT, -1, "", LAPSE_ERR_OUT_OF_RANGE, "termination_fee_percent" },
    { POLICY_COOLING_OFF, -1, "", LAPSE_ERR_OUT_OF_RANGE, "cooling_off_days" },
    { POLICY_COOLING_OFF, 3651, "", LAPSE_ERR_OUT_OF_RANGE, "cooling_off_days" },
    { POLICY_RENEWAL, 3, "", LAPSE_ERR_OUT_OF_RANGE, "renewal" },
    { POLICY_RENEWAL, 1, "", LAPSE_ERR_BILLING_INTERVAL, "billing" }, /* evergreen, quarterly */
    { POLICY_NOTICE_APPLIES, 3, "", LAPSE_ERR_OUT_OF_RANGE, "notice_applies" },
    { POLICY_FEE_CURRENCY, 'x', "", LAPSE_ERR_CURRENCY_SYNTAX, "termination_fee" },
    { POLICY_FEE, 100, "", LAPSE_ERR_MISSING, "termination_fee" }, /* no currency */
    { POLICY_COOLING_OFF_APPLIES, 2, "", LAPSE_ERR_OUT_OF_RANGE, "cooling_off_applies" },
    { SUB_RENEWAL_PRICE, -5, "", LAPSE_ERR_OUT_OF_RANGE, "renewal_price" },
    { SUB_RENEWAL_PRICE, INT64_MIN + 1, "", LAPSE_ERR_OUT_OF_RANGE, "renewal_price" },
    { REQ_END_ON, 0, "", LAPSE_ERR_OUT_OF_RANGE, "end_on" },     /* the request date itself */
    { REQ_END_ON, -1, "", LAPSE_ERR_OUT_OF_RANGE, "end_on" },    /* the day before */
    { REQ_END_ON, 3000000, "", LAPSE_ERR_DATE_RANGE, "end_on" }, /* past 9999-12-31 */
    { POLICY_FEE, -1, "", LAPSE_ERR_OUT_OF_RANGE, "termination_fee" },
    { POLICY_FEE, INT64_MIN, "", LAPSE_ERR_OUT_OF_RANGE, "termination_fee" },

    { SUB_START, LAPSE_DATE_NONE, "", LAPSE_ERR_MISSING, "start" },
    { SUB_START, LAPSE_DATE_MIN - 1, "", LAPSE_ERR_DATE_RANGE, "start" },
    { SUB_START, LAPSE_DATE_MAX + 1, "", LAPSE_ERR_DATE_RANGE, "start" },
    { SUB_START, INT32_MAX, "", LAPSE_ERR_DATE_RANGE, "start" },
    { SUB_TERM, 0, "", LAPSE_ERR_OUT_OF_RANGE, "term" },
    { SUB_TERM, -1, "", LAPSE_ERR_OUT_OF_RANGE, "term" },
    { SUB_TERM, 1201, "", LAPSE_ERR_OUT_OF_RANGE, "term" },
    { SUB_TERM, INT32_MAX, "", LAPSE_ERR_OUT_OF_RANGE, "term" },
    { SUB_TERM, INT32_MIN, "", LAPSE_ERR_OUT_OF_RANGE, "term" },
    { SUB_RENEWAL, -1, "", LAPSE_ERR_OUT_OF_RANGE, "renewal_term" },
    { SUB_RENEWAL, 1201, "", LAPSE_ERR_OUT_OF_RANGE, "renewal_term" },
    { SUB_RENEWAL, 7, "", LAPSE_ERR_BILLING_INTERVAL, "billing" }, /* billing 3 */
    { SUB_BILLING, -1, "", LAPSE_ERR_OUT_OF_RANGE, "billing" },
    { SUB_BILLING, 1201, "", LAPSE_ERR_OUT_OF_RANGE, "billing" },
    { SUB_BILLING, 5, "", LAPSE_ERR_BILLING_INTERVAL, "billing" },
    { SUB_BILLING, 24, "", LAPSE_ERR_BILLING_INTERVAL, "billing" },
    { SUB_PRICE, -1, "", LAPSE_ERR_OUT_OF_RANGE, "price" },
    { SUB_PRICE, INT64_MIN, "", LAPSE_ERR_OUT_OF_RANGE, "price" },
    { SUB_PRICE, INT64_MAX, "", LAPSE_ERR_AMOUNT_RANGE, "price" },
    { SUB_PRICE, INT64_MAX / 2 + 1, "", LAPSE_ERR_AMOUNT_RANGE, "price" }, /* 2 periods left */
    { SUB_BALANCE, -1, "", LAPSE_ERR_OUT_OF_RANGE, "balance" },
    { SUB_BALANCE, INT64_MIN, "", LAPSE_ERR_OUT_OF_RANGE, "balance" },
    { SUB_CURRENCY, 0, "eur", LAPSE_ERR_CURRENCY_SYNTAX, "currency" },
    { SUB_CURRENCY, 0, "EU", LAPSE_ERR_CURRENCY_SYNTAX, "currency" },
    { SUB_CURRENCY, 0, "EURO", LAPSE_ERR_CURRENCY_SYNTAX, "currency" },
    { SUB_CURRENCY, 0, "", LAPSE_ERR_CURRENCY_SYNTAX, "currency" },
    { SUB_CURRENCY, 0,
      "\x01"
      "AB",
      LAPSE_ERR_CURRENCY_SYNTAX, "currency" },
    { SUB_CURRENCY, 0, "XYZ", LAPSE_ERR_CURRENCY_UNKNOWN, "currency" },
    { SUB_CURRENCY, 0, "XAU", LAPSE_ERR_CURRENCY_UNKNOWN, "currency" },
    { SUB_AUTO_RENEW, 2, "", LAPSE_ERR_OUT_OF_RANGE, "auto_renew" },
    { SUB_AUTO_RENEW, -1, "", LAPSE_ERR_OUT_OF_RANGE, "auto_renew" },
    { SUB_CONTRACT, 2, "", LAPSE_ERR_OUT_OF_RANGE, "contract" },
    { SUB_ONLINE_CANCEL, 3, "", LAPSE_ERR_OUT_OF_RANGE, "online_cancel" },
    { SUB_LICENSES, -1, "", LAPSE_ERR_OUT_OF_RANGE, "licenses" },
    { SUB_LICENSES, INT32_MIN, "", LAPSE_ERR_OUT_OF_RANGE, "licenses" },
    { SUB_CANCELLED_ON, LAPSE_DATE_MIN - 1, "", LAPSE_ERR_DATE_RANGE, "cancelled_on" },
    { SUB_CANCELLED_ON, LAPSE_DATE_MAX + 1, "", LAPSE_ERR_DATE_RANGE, "cancelled_on" },
    { SUB_CANCELLED_ON, 20161, "", LAPSE_ERR_BEFORE_START, "cancelled_on" }, /* 2025-03-14 */
    { SUB_RESERVED_FIRST, 1, "", LAPSE_ERR_RESERVED, "reserved" },
    { SUB_RESERVED_LAST, 1, "", LAPSE_ERR_RESERVED, "reserved" },

    { REQ_ON, LAPSE_DATE_NONE, "", LAPSE_ERR_MISSING, "on" },
    { REQ_ON, LAPSE_DATE_MIN - 1, "", LAPSE_ERR_DATE_RANGE, "on" },
    { REQ_ON, LAPSE_DATE_MAX + 1, "", LAPSE_ERR_DATE_RANGE, "on" },
    { REQ_ON, 20161, "", LAPSE_ERR_BEFORE_START, "on" },        /* 2025-03-14 */
    { REQ_ON, LAPSE_DATE_MAX, "", LAPSE_ERR_DATE_RANGE, "on" }, /* 9999-12-31 */
    { REQ_ON, 2932683, "", LAPSE_ERR_DATE_RANGE, "on" },        /* 9999-06-01: term ends 10000 */
    { REQ_CHANNEL, 2, "", LAPSE_ERR_OUT_OF_RANGE, "channel" },
    { REQ_CHANNEL, -1, "", LAPSE_ERR_OUT_OF_RANGE, "channel" },
    { REQ_ROLES, 8, "", LAPSE_ERR_OUT_OF_RANGE, "roles" },
    { REQ_ROLES, 0x80000000, "", LAPSE_ERR_OUT_OF_RANGE, "roles" },
    { REQ_CAN_SIGN_IN, 2, "", LAPSE_ERR_OUT_OF_RANGE, "can_sign_in" },
    { REQ_PROVIDED, 32, "", LAPSE_ERR_OUT_OF_RANGE, "provided" },
    { REQ_PROVIDED, 0xffffffff, "", LAPSE_ERR_OUT_OF_RANGE, "provided" },
    { REQ_RESERVED_FIRST, 1, "", LAPSE_ERR_RESERVED, "reserved" },
    { REQ_RESERVED_LAST, 1, "", LAPSE_ERR_RESERVED, "reserved" },

    { NULL_SUBSCRIPTION, 0, "", LAPSE_ERR_NULL_ARGUMENT, "subscription" },
    { NULL_REQUEST, 0, "", LAPSE_ERR_NULL_ARGUMENT, "request" },
    { NULL_DECISION, 0, "", LAPSE_ERR_NULL_ARGUMENT, "decision" },
};

static void apply(const hostile_case *c, lapse_policy *p, lapse_subscription *s, lapse_request *r)
{
    int32_t v32 = (int32_t)c->value;
    switch (c->target) {
    case POLICY_RETENTION: p->retention_days = v32; break;
    case POLICY_NOTICE: p->notice_days = v32; break;
    case POLICY_REFUND: p->refund = (lapse_refund)v32; break;
    case POLICY_ONLINE_NEEDS_ADMIN: p->online_needs_billing_admin = v32; break;
    case POLICY_BALANCE_BLOCKS: p->balance_blocks_online = v32; break;
    case POLICY_CONTRACT_VIA_SUPPORT: p->contract_via_support = v32; break;
    case POLICY_CONTRACT_ROLES: p->contract_roles = (uint32_t)c->value; break;
    case POLICY_RESERVED_FIRST: p->reserved[0] = (uint32_t)c->value; break;
    case POLICY_RESERVED_LAST:
        p->reserved[sizeof p->reserved / sizeof p->reserved[0] - 1] = (uint32_t)c->value;
        break;
    case POLICY_TIMING: p->timing = (lapse_timing)v32; break;
    case POLICY_COMMITMENT: p->commitment = (lapse_commitment)v32; break;
    case POLICY_FEE_PERCENT: p->termination_fee_percent = v32; break;
    case POLICY_COOLING_OFF: p->cooling_off_days = v32; break;
    case POLICY_RENEWAL: p->renewal = (lapse_renewal)v32; break;
    case POLICY_NOTICE_APPLIES: p->notice_applies = (lapse_notice_applies)v32; break;
    case POLICY_FEE_CURRENCY: p->termination_fee_currency[0] = (char)c->value; break;
    case POLICY_COOLING_OFF_APPLIES: p->cooling_off_applies = (lapse_cooling_off_applies)v32; break;
    case SUB_RENEWAL_PRICE: s->renewal_price = c->value; break;
    case REQ_END_ON: r->end_on = v32 > 1000000 ? v32 : r->on + v32; break;
    case POLICY_FEE: p->termination_fee = c->value; break;
    case SUB_START: s->start = v32; break;
    case SUB_TERM: s->term = v32; break;
    case SUB_RENEWAL: s->renewal_term = v32; break;
    case SUB_BILLING: s->billing = v32; break;
    case SUB_PRICE: s->price = c->value; break;
    case SUB_BALANCE: s->balance = c->value; break;
    case SUB_CURRENCY: memcpy(s->currency, c->currency, 4); break;
    case SUB_AUTO_RENEW: s->auto_renew = v32; break;
    case SUB_CONTRACT: s->contract = v32; break;
    case SUB_ONLINE_CANCEL: s->online_cancel = v32; break;
    case SUB_LICENSES: s->licenses = v32; break;
    case SUB_CANCELLED_ON: s->cancelled_on = v32; break;
    case SUB_RESERVED_FIRST: s->reserved[0] = (uint32_t)c->value; break;
    case SUB_RESERVED_LAST:
        s->reserved[sizeof s->reserved / sizeof s->reserved[0] - 1] = (uint32_t)c->value;
        break;
    case REQ_ON: r->on = v32; break;
    case REQ_CHANNEL: r->channel = (lapse_channel)v32; break;
    case REQ_ROLES: r->roles = (uint32_t)c->value; break;
    case REQ_CAN_SIGN_IN: r->can_sign_in = v32; break;
    case REQ_PROVIDED: r->provided = (uint32_t)c->value; break;
    case REQ_RESERVED_FIRST: r->reserved[0] = (uint32_t)c->value; break;
    case REQ_RESERVED_LAST:
        r->reserved[sizeof r->reserved / sizeof r->reserved[0] - 1] = (uint32_t)c->value;
        break;
    case NULL_SUBSCRIPTION:
    case NULL_REQUEST:
    case NULL_DECISION: break;
    }
}

static void test_every_field_out_of_range(void **state)
{
    (void)state;
    assert_true(sizeof cases / sizeof cases[0] >= 60 + 13);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const hostile_case *c = &cases[i];
        /* A valid baseline: an annual plan billed quarterly from 2025-03-15. */
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        lapse_policy_default(&p);
        lapse_subscription_init(&s);
        lapse_request_init(&r);
        s.start = test_date("2025-03-15");
        s.term = 12;
        s.billing = 3;
        s.price = 3000;
        r.on = test_date("2025-09-15");
        r.roles = LAPSE_ROLE_BILLING_ADMIN;
        apply(c, &p, &s, &r);
        if (c->target == REQ_ON && c->value >= 2932000)
            s.start = test_date("9998-01-01");
        lapse_decision d;
        memset(&d, 0x77, sizeof d);
        lapse_error_detail detail;
        memset(&detail, 0, sizeof detail);
        lapse_error error = lapse_decide_cancel(&p, c->target == NULL_SUBSCRIPTION ? NULL : &s,
                                                c->target == NULL_REQUEST ? NULL : &r,
                                                c->target == NULL_DECISION ? NULL : &d, &detail);
        if (error != c->error || strcmp(detail.field, c->field) != 0)
            fail_msg("case %zu: got %s on '%s' (%s), want %s on '%s'", i, lapse_error_name(error),
                     detail.field, detail.message, lapse_error_name(c->error), c->field);
        assert_true(detail.message[0] != '\0');
        assert_int_equal(detail.code, c->error);
        if (c->target != NULL_DECISION) {
            static const lapse_decision zero;
            assert_memory_equal(&d, &zero, sizeof d);
        }
    }
}

static const struct text_case {
    const char *text, *currency; /* currency NULL: a date */
    lapse_error error;
} text_cases[] = {
    { "2025-02-30", NULL, LAPSE_ERR_DATE_INVALID },
    { "2025-13-01", NULL, LAPSE_ERR_DATE_INVALID },
    { "0000-12-31", NULL, LAPSE_ERR_DATE_RANGE },
    { "2025-2-3", NULL, LAPSE_ERR_DATE_SYNTAX },
    { "2025-02-03\n", NULL, LAPSE_ERR_DATE_SYNTAX },
    { "２０２５-02-03", NULL, LAPSE_ERR_DATE_SYNTAX },
    { "\xff\xfe\xfd\xfc-02-03", NULL, LAPSE_ERR_DATE_SYNTAX },
    { "99999-01-01", NULL, LAPSE_ERR_DATE_SYNTAX },
    { "-2025-01-01", NULL, LAPSE_ERR_DATE_SYNTAX },
    { "2025-01-01T00:00:00Z", NULL, LAPSE_ERR_DATE_SYNTAX },
    { "9223372036854775807", "JPY", LAPSE_OK },
    { "9223372036854775808", "JPY", LAPSE_ERR_AMOUNT_RANGE },
    { "-9223372036854775809", "JPY", LAPSE_ERR_AMOUNT_RANGE },
    { "92233720368547758.08", "EUR", LAPSE_ERR_AMOUNT_RANGE },
    { "1e18", "EUR", LAPSE_ERR_AMOUNT_SYNTAX },
    { "0x10", "EUR", LAPSE_ERR_AMOUNT_SYNTAX },
    { "١٢", "EUR", LAPSE_ERR_AMOUNT_SYNTAX },
    { "1.001", "EUR", LAPSE_ERR_AMOUNT_PRECISION },
    { "1", "EURO", LAPSE_ERR_CURRENCY_SYNTAX },
    { "1", "Eur", LAPSE_ERR_CURRENCY_SYNTAX },
    { "1", "E", LAPSE_ERR_CURRENCY_SYNTAX },
    { "1", "QQQ", LAPSE_ERR_CURRENCY_UNKNOWN },
};

static void test_hostile_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof text_cases / sizeof text_cases[0]; i++) {
        const struct text_case *c = &text_cases[i];
        lapse_error error;
        if (c->currency) {
            int64_t amount;
            error = lapse_amount_parse(c->text, c->currency, &amount);
        } else {
            lapse_date date;
            error = lapse_date_parse(c->text, &date);
        }
        if (error != c->error)
            fail_msg("'%s': got %s, want %s", c->text, lapse_error_name(error),
                     lapse_error_name(c->error));
    }
}

/* Hostile policy text: every error names a line, a column and a key. */
static void test_hostile_policy_text(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        lapse_error error;
        const char *field;
    } policy_cases[] = {
        { "timing = \xff", LAPSE_ERR_VALUE_SYNTAX, "timing" },
        { "timing = immediate\0refund = full", LAPSE_ERR_VALUE_SYNTAX, "timing" },
        { "termination_fee = 92233720368547758.08 EUR", LAPSE_ERR_OUT_OF_RANGE, "termination_fee" },
        { "termination_fee = -1.00 EUR", LAPSE_ERR_OUT_OF_RANGE, "termination_fee" },
        { "termination_fee = 1.00 XYZ", LAPSE_ERR_VALUE_SYNTAX, "termination_fee" },
        { "notice_days = 2147483648", LAPSE_ERR_OUT_OF_RANGE, "notice_days" },
        { "renewal = evergreen\nrenewal = none", LAPSE_ERR_DUPLICATE_KEY, "renewal" },
        { "=", LAPSE_ERR_UNKNOWN_NAME, "" },
        { "timing = \xef\xbb\xbfimmediate", LAPSE_ERR_VALUE_SYNTAX, "timing" },
    };
    for (size_t i = 0; i < sizeof policy_cases / sizeof policy_cases[0]; i++) {
        lapse_policy p;
        lapse_error_detail detail;
        memset(&detail, 0, sizeof detail);
        size_t length = strlen(policy_cases[i].text);
        if (i == 1)
            length = sizeof "timing = immediate\0refund = full" - 1;
        lapse_error error = lapse_policy_parse(policy_cases[i].text, length, &p, &detail);
        if (error != policy_cases[i].error || strcmp(detail.field, policy_cases[i].field) != 0)
            fail_msg("policy case %zu: got %s on '%s' (%s)", i, lapse_error_name(error),
                     detail.field, detail.message);
        assert_true(detail.message[0] != '\0');
        assert_true(detail.line > 0 && detail.column > 0);
        if (i == 1) /* the NUL is shown and the message goes on past it */
            assert_non_null(strstr(detail.message, "immediate\\x00refund = full'"));
        for (const char *m = detail.message; *m; m++) /* quoted: ASCII only */
            assert_true(*m >= 0x20 && *m < 0x7f);
    }
    /* A byte order mark at the start of a file is skipped, not a setting;
     * the columns of line 1 still count from the first setting byte. */
    lapse_policy p;
    lapse_error_detail detail;
    assert_int_equal(lapse_policy_parse("\xef\xbb\xbftiming = immediate", 21, &p, &detail),
                     LAPSE_OK);
    assert_int_equal(p.timing, LAPSE_TIMING_IMMEDIATE);
    assert_int_equal(lapse_policy_parse("\xef\xbb\xbftiming = x", 13, &p, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_int_equal(detail.column, 10);
}

/* Sums at and beyond INT64_MAX, as the engine's totals meet them. */
static void test_sums_at_the_edge(void **state)
{
    (void)state;
    int64_t out;
    assert_int_equal(lapse_amount_add(INT64_MAX, 0, &out), LAPSE_OK);
    assert_int_equal(lapse_amount_add(INT64_MAX - 1, 1, &out), LAPSE_OK);
    assert_int_equal(out, INT64_MAX);
    assert_int_equal(lapse_amount_add(INT64_MAX, 1, &out), LAPSE_ERR_AMOUNT_RANGE);
    assert_int_equal(lapse_amount_mul(INT64_MAX / 12, 12, &out), LAPSE_OK);
    assert_int_equal(lapse_amount_mul(INT64_MAX / 12 + 1, 12, &out), LAPSE_ERR_AMOUNT_RANGE);
    /* The engine at the edge: 12 monthly invoices of INT64_MAX / 12 fit. */
    lapse_subscription s;
    lapse_subscription_init(&s);
    s.start = test_date("2025-01-01");
    s.term = 12;
    s.price = INT64_MAX / 12;
    lapse_request r;
    lapse_request_init(&r);
    r.on = s.start;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
    assert_int_equal(d.remaining_term_charge, INT64_MAX / 12 * 12);
    s.price++;
    lapse_error_detail detail;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_AMOUNT_RANGE);
    assert_string_equal(detail.field, "price");
}

/* Functions documented to take NULL, and the others, never crash. */
static void test_null_pointers(void **state)
{
    (void)state;
    lapse_date date;
    int64_t amount;
    assert_int_equal(lapse_date_parse(NULL, &date), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_date_parse_n(NULL, 10, &date), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_date_from_ymd(2025, 1, 1, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_date_add_months(0, 1, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_date_add_days(0, 1, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_amount_parse("1", NULL, &amount), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_amount_parse_n(NULL, 1, "EUR", &amount), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_currency_digits(NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_amount_format(1, NULL, NULL, 0), 0);
    assert_int_equal(lapse_date_format(0, NULL, 0), 10);
    lapse_date_to_ymd(0, NULL, NULL, NULL);
    lapse_policy_default(NULL);
    lapse_subscription_init(NULL);
    lapse_request_init(NULL);
    assert_int_equal(lapse_status_at(NULL, NULL, 0, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_reactivate(NULL, NULL, 0, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_timeline(NULL, NULL, NULL, NULL, 0, NULL, NULL),
                     LAPSE_ERR_NULL_ARGUMENT);
    size_t count;
    assert_int_equal(lapse_timeline(NULL, NULL, NULL, NULL, 0, &count, NULL),
                     LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_name_lookup(LAPSE_KIND_ROLE, "x", 1, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

/* #25 item 13: a number of days or a percentage too long for any integer,
 * and a fee past 64 bits, are range errors (out_of_range, "out of range"
 * with the field's limits), not syntax errors; a lone CR ends a line of
 * policy text as LF and CRLF do. */
static void test_policy_numbers_too_large_are_range_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int32_t column;
        const char *field, *message;
    } too_large[] = {
        { "retention_days = 99999999999999999999", 18, "retention_days",
          "line 1, column 18: retention_days 99999999999999999999: out of range (0 to 36500 "
          "days)" },
        { "notice_days = -99999999999999999999", 15, "notice_days",
          "line 1, column 15: notice_days -99999999999999999999: out of range (0 to 3660 days)" },
        { "cooling_off_days = 2147483648", 20, "cooling_off_days",
          "line 1, column 20: cooling_off_days 2147483648: out of range (0 to 3650 days)" },
        { "termination_fee_percent = 99999999999999999999999", 27, "termination_fee_percent",
          "line 1, column 27: termination_fee_percent 99999999999999999999999: out of range (0 "
          "to 100)" },
        { "termination_fee = 10000000000000000000000.00 EUR", 19, "termination_fee",
          "line 1, column 19: termination_fee 10000000000000000000000.00 EUR: out of range "
          "(beyond the 64-bit range of amounts)" },
    };
    for (size_t i = 0; i < sizeof too_large / sizeof too_large[0]; i++) {
        lapse_policy p;
        lapse_error_detail detail;
        assert_int_equal(
            lapse_policy_parse(too_large[i].text, strlen(too_large[i].text), &p, &detail),
            LAPSE_ERR_OUT_OF_RANGE);
        assert_int_equal(detail.code, LAPSE_ERR_OUT_OF_RANGE);
        assert_int_equal(detail.line, 1);
        assert_int_equal(detail.column, too_large[i].column);
        assert_string_equal(detail.field, too_large[i].field);
        assert_string_equal(detail.message, too_large[i].message);
    }
    /* Not digits: still the syntax error it was. */
    lapse_policy p;
    lapse_error_detail detail;
    static const char letters[] = "retention_days = 9x";
    assert_int_equal(lapse_policy_parse(letters, sizeof letters - 1, &p, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    static const char bad_fee[] = "termination_fee = 1.2.3 EUR";
    assert_int_equal(lapse_policy_parse(bad_fee, sizeof bad_fee - 1, &p, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    /* Lone CR, CRLF and LF line ends: each one line. */
    static const char mixed[] = "timing = immediate\rrefund = prorated\r\n\rretention_days = 5x\n";
    assert_int_equal(lapse_policy_parse(mixed, sizeof mixed - 1, &p, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_int_equal(detail.line, 4);
    assert_int_equal(detail.column, 18);
    static const char classic[] = "timing = immediate\rrefund = prorated\r";
    assert_int_equal(lapse_policy_parse(classic, sizeof classic - 1, &p, &detail), LAPSE_OK);
    assert_int_equal(p.timing, LAPSE_TIMING_IMMEDIATE);
    assert_int_equal(p.refund, LAPSE_REFUND_PRORATED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_field_out_of_range),
        cmocka_unit_test(test_hostile_text),
        cmocka_unit_test(test_hostile_policy_text),
        cmocka_unit_test(test_sums_at_the_edge),
        cmocka_unit_test(test_null_pointers),
        cmocka_unit_test(test_policy_numbers_too_large_are_range_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
