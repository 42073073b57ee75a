/* src/policy.c: presets, the policy text form (parse, format, round trip)
 * and its errors with line, column and key. */
#include "testutil.h"
#include "edges.h"

#include "core/policy_keys.h"
#include "core/policy.h"
#include "core/validate.h"

#include <stddef.h>

#include <stdio.h>
#include <string.h>

static void test_presets(void **state)
{
    (void)state;
    lapse_policy p, d;
    lapse_policy_default(&d);
    assert_int_equal(lapse_policy_preset("default", &p, NULL), LAPSE_OK);
    assert_memory_equal(&p, &d, sizeof p);
    assert_int_equal(lapse_policy_preset("immediate-prorated", &p, NULL), LAPSE_OK);
    assert_int_equal(p.timing, LAPSE_TIMING_IMMEDIATE);
    assert_int_equal(p.refund, LAPSE_REFUND_PRORATED);
    assert_int_equal(p.commitment, LAPSE_COMMITMENT_WAIVED);
    assert_int_equal(lapse_policy_preset("eu_consumer", &p, NULL), LAPSE_OK);
    assert_int_equal(p.cooling_off_days, 14);
    assert_int_equal(lapse_policy_preset("evergreen-contract", &p, NULL), LAPSE_OK);
    assert_int_equal(p.renewal, LAPSE_RENEWAL_EVERGREEN);
    assert_int_equal(p.notice_applies, LAPSE_NOTICE_APPLIES_TERMS_OVER_A_MONTH);
    lapse_error_detail detail;
    assert_int_equal(lapse_policy_preset("lenient", &p, &detail), LAPSE_ERR_UNKNOWN_NAME);
    assert_string_equal(detail.field, "policy");
    assert_string_equal(lapse_policy_preset_name(0), "default");
    assert_string_equal(lapse_policy_preset_name(3), "evergreen-contract");
    /* Kill Bill's defaults: actual days; its fixed 30 days an option. */
    assert_int_equal(lapse_policy_preset("killbill-like", &p, NULL), LAPSE_OK);
    assert_int_equal(p.immediate_end, LAPSE_IMMEDIATE_END_SAME_DAY);
    assert_int_equal(p.proration_days, LAPSE_PRORATION_DAYS_ACTUAL);
    lapse_policy fixed30;
    assert_int_equal(lapse_policy_preset("killbill-fixed30", &fixed30, NULL), LAPSE_OK);
    assert_int_equal(fixed30.proration_days, LAPSE_PRORATION_DAYS_30);
    fixed30.proration_days = LAPSE_PRORATION_DAYS_ACTUAL;
    assert_memory_equal(&fixed30, &p, sizeof p);
    /* Lago's plans paid in advance (credited) and in arrears (invoiced). */
    assert_int_equal(lapse_policy_preset("lago-advance", &p, NULL), LAPSE_OK);
    assert_int_equal(p.invoicing, LAPSE_INVOICING_IN_ADVANCE);
    assert_int_equal(p.refund, LAPSE_REFUND_PRORATED);
    assert_int_equal(p.immediate_end, LAPSE_IMMEDIATE_END_NEXT_DAY);
    assert_int_equal(lapse_policy_preset("lago-arrears", &p, NULL), LAPSE_OK);
    assert_int_equal(p.invoicing, LAPSE_INVOICING_IN_ARREARS);
    assert_int_equal(p.refund, LAPSE_REFUND_NONE);
    /* lago-like, the older name, reads as lago-arrears but is not listed. */
    lapse_policy alias;
    assert_int_equal(lapse_policy_preset("lago-like", &alias, NULL), LAPSE_OK);
    assert_memory_equal(&alias, &p, sizeof p);
    assert_string_equal(lapse_policy_preset_name(4), "killbill-like");
    assert_string_equal(lapse_policy_preset_name(5), "killbill-fixed30");
    assert_string_equal(lapse_policy_preset_name(6), "lago-advance");
    assert_string_equal(lapse_policy_preset_name(7), "lago-arrears");
    assert_null(lapse_policy_preset_name(8));
}

/* The default policy's copies are known valid without the field checks;
 * a policy that differs anywhere, or was built field by field over other
 * bytes, takes the checks (and an invalid one is refused). */
static void test_copies_of_the_default(void **state)
{
    (void)state;
    lapse_policy d;
    lapse_policy_default(&d);
    assert_int_equal(lapse_policy_check(&d, NULL), LAPSE_OK);
    lapse_policy built;
    memset(&built, 0xab, sizeof built);
    built.retention_days = d.retention_days;
    built.notice_days = d.notice_days;
    built.refund = d.refund;
    built.online_needs_billing_admin = d.online_needs_billing_admin;
    built.balance_blocks_online = d.balance_blocks_online;
    built.contract_via_support = d.contract_via_support;
    built.contract_roles = d.contract_roles;
    built.timing = d.timing;
    built.commitment = d.commitment;
    built.termination_fee_percent = d.termination_fee_percent;
    built.cooling_off_days = d.cooling_off_days;
    built.renewal = d.renewal;
    built.notice_applies = d.notice_applies;
    memcpy(built.termination_fee_currency, d.termination_fee_currency, 4);
    built.termination_fee = d.termination_fee;
    built.cooling_off_applies = d.cooling_off_applies;
    built.rounding = d.rounding;
    built.proration_days = d.proration_days;
    built.month_end = d.month_end;
    built.immediate_end = d.immediate_end;
    built.invoicing = d.invoicing;
    built.leading_period = d.leading_period;
    built.reduction_timing = d.reduction_timing;
    built.reductions_online = d.reductions_online;
    built.trial_cancel = d.trial_cancel;
    built.credit_applies_to_balance = d.credit_applies_to_balance;
    built.credit_as = d.credit_as;
    built.cooling_off_charge = d.cooling_off_charge;
    built.holidays = d.holidays;
    built.pause_extends_term = d.pause_extends_term;
    /* Every field set but the reserved words: refused for them. */
    lapse_error_detail detail;
    assert_int_equal(lapse_policy_check(&built, &detail), LAPSE_ERR_RESERVED);
    memset(built.reserved, 0, sizeof built.reserved);
    assert_int_equal(lapse_policy_check(&built, NULL), LAPSE_OK);
    lapse_policy late = d;
    late.notice_days = -1;
    assert_int_equal(lapse_policy_check(&late, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "notice_days");
}

static void test_parse_and_format(void **state)
{
    (void)state;
    static const char text[] = "# a team's policy\n"
                               "timing = end_of_billing_period   # leave at the end of the month\n"
                               "\n"
                               "refund=prorated\r\n"
                               "  commitment = percent_fee ; termination_fee_percent = 25\n"
                               "cooling-off-days = 14\n"
                               "contract_roles = billing_contact, product_admin\n"
                               "online_needs_billing_admin = false\n";
    lapse_policy p;
    lapse_error_detail detail;
    assert_int_equal(lapse_policy_parse(text, sizeof text - 1, &p, &detail), LAPSE_OK);
    assert_int_equal(p.timing, LAPSE_TIMING_END_OF_BILLING_PERIOD);
    assert_int_equal(p.refund, LAPSE_REFUND_PRORATED);
    assert_int_equal(p.commitment, LAPSE_COMMITMENT_PERCENT_FEE);
    assert_int_equal(p.termination_fee_percent, 25);
    assert_int_equal(p.cooling_off_days, 14);
    assert_int_equal(p.contract_roles, LAPSE_ROLE_BILLING_CONTACT | LAPSE_ROLE_PRODUCT_ADMIN);
    assert_int_equal(p.online_needs_billing_admin, 0);
    assert_int_equal(p.retention_days, 90); /* not given: the default */
    char canonical[2048];
    size_t length = lapse_policy_format(&p, canonical, sizeof canonical);
    assert_string_equal(canonical, "timing = end_of_billing_period\n"
                                   "refund = prorated\n"
                                   "commitment = percent_fee\n"
                                   "termination_fee = 0\n"
                                   "termination_fee_percent = 25\n"
                                   "cooling_off_days = 14\n"
                                   "cooling_off_applies = self_serve\n"
                                   "renewal = same_term\n"
                                   "notice_days = 30\n"
                                   "notice_applies = fixed_term_contracts\n"
                                   "retention_days = 90\n"
                                   "online_needs_billing_admin = false\n"
                                   "balance_blocks_online = true\n"
                                   "contract_via_support = true\n"
                                   "contract_roles = product_admin,billing_contact\n"
                                   "rounding = half_up\n"
                                   "proration_days = actual\n"
                                   "month_end = clamp\n"
                                   "immediate_end = next_day\n"
                                   "invoicing = in_advance\n"
                                   "leading_period = prorated\n"
                                   "reduction_timing = end_of_term\n"
                                   "reductions_online = false\n"
                                   "trial_cancel = trial_end\n"
                                   "credit_applies_to_balance = true\n"
                                   "credit_as = refund\n"
                                   "cooling_off_charge = none\n"
                                   "holidays = none\n"
                                   "pause_extends_term = true\n");
    assert_int_equal(length, strlen(canonical));
    lapse_policy again;
    assert_int_equal(lapse_policy_parse(canonical, length, &again, NULL), LAPSE_OK);
    assert_memory_equal(&again, &p, sizeof p);
    /* Empty text is the default policy. */
    lapse_policy d;
    lapse_policy_default(&d);
    assert_int_equal(lapse_policy_parse("", 0, &p, NULL), LAPSE_OK);
    assert_memory_equal(&p, &d, sizeof p);
    assert_int_equal(lapse_policy_parse("contract_roles = none", 21, &p, NULL), LAPSE_OK);
    assert_int_equal(p.contract_roles, 0);
    /* The fixed fee carries its currency, with the currency's decimals. */
    assert_int_equal(lapse_policy_parse("termination_fee = 500.00 EUR", 28, &p, &detail), LAPSE_OK);
    assert_int_equal(p.termination_fee, 50000);
    assert_string_equal(p.termination_fee_currency, "EUR");
    assert_int_equal(lapse_policy_parse("termination_fee = 50000 JPY", 27, &p, &detail), LAPSE_OK);
    assert_int_equal(p.termination_fee, 50000);
    assert_string_equal(p.termination_fee_currency, "JPY");
    assert_int_equal(lapse_policy_parse("termination_fee = 50.000 KWD", 28, &p, &detail), LAPSE_OK);
    assert_int_equal(p.termination_fee, 50000);
    assert_true(lapse_policy_format(&p, canonical, sizeof canonical) > 0);
    assert_non_null(strstr(canonical, "termination_fee = 50.000 KWD\n"));
    assert_int_equal(lapse_policy_parse("termination_fee = 50000", 23, &p, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "termination_fee");
    assert_int_equal(lapse_policy_parse("termination_fee = 5.001 EUR", 27, &p, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    lapse_policy_default(&p);
    p.termination_fee = 100; /* minor units without their currency */
    assert_int_equal(lapse_policy_check(&p, &detail), LAPSE_ERR_MISSING);
    assert_string_equal(detail.field, "termination_fee");
    /* An invalid policy formats as nothing. */
    p.notice_days = -1;
    assert_int_equal(lapse_policy_format(&p, canonical, sizeof canonical), 0);
    assert_string_equal(canonical, "");
}

/* Property: parse(format(p)) == p for generated valid policies. */
static void test_round_trip(void **state)
{
    (void)state;
    uint64_t rng = 8;
    for (int i = 0; i < 20000; i++) {
        lapse_policy p;
        lapse_policy_default(&p);
        p.retention_days = (int32_t)test_range(&rng, 0, 36500);
        p.notice_days = (int32_t)test_range(&rng, 0, 3660);
        p.refund = (lapse_refund)test_range(&rng, 0, 2);
        p.online_needs_billing_admin = (int32_t)test_range(&rng, 0, 1);
        p.balance_blocks_online = (int32_t)test_range(&rng, 0, 1);
        p.contract_via_support = (int32_t)test_range(&rng, 0, 1);
        p.contract_roles = (uint32_t)test_range(&rng, 0, 7);
        p.timing = (lapse_timing)test_range(&rng, 0, 2);
        p.commitment = (lapse_commitment)test_range(&rng, 0, 3);
        static const char *const currencies[] = { "EUR", "JPY", "KWD", "CLF", "USD" };
        p.termination_fee = test_range(&rng, 0, 3) == 0 ? 0 : test_range(&rng, 0, INT64_MAX / 2);
        if (p.termination_fee > 0 || test_range(&rng, 0, 1))
            memcpy(p.termination_fee_currency, currencies[test_range(&rng, 0, 4)], 4);
        p.cooling_off_applies = (lapse_cooling_off_applies)test_range(&rng, 0, 1);
        p.termination_fee_percent = (int32_t)test_range(&rng, 0, 100);
        p.cooling_off_days = (int32_t)test_range(&rng, 0, 3650);
        p.renewal = (lapse_renewal)test_range(&rng, 0, 2);
        p.notice_applies = (lapse_notice_applies)test_range(&rng, 0, 2);
        p.rounding = (lapse_rounding)test_range(&rng, 0, 2);
        p.proration_days = (lapse_proration_days)test_range(&rng, 0, 1);
        p.month_end = (lapse_month_end)test_range(&rng, 0, 1);
        p.immediate_end = (lapse_immediate_end)test_range(&rng, 0, 1);
        p.invoicing = (lapse_invoicing)test_range(&rng, 0, 1);
        p.leading_period = (lapse_leading_period)test_range(&rng, 0, 2);
        char text[2048];
        size_t length = lapse_policy_format(&p, text, sizeof text);
        assert_true(length > 0 && length < sizeof text);
        lapse_policy back;
        assert_int_equal(lapse_policy_parse(text, length, &back, NULL), LAPSE_OK);
        assert_memory_equal(&back, &p, sizeof p);
    }
}

static const struct parse_error_case {
    const char *text;
    lapse_error error;
    int32_t line, column;
    const char *field, *message;
} parse_errors[] = {
    { "timing = soon", LAPSE_ERR_VALUE_SYNTAX, 1, 10, "timing",
      "line 1, column 10: timing 'soon': expected one of end_of_term, end_of_billing_period, "
      "immediate" },
    { "# ok\nrefund = none\ncolour = red", LAPSE_ERR_UNKNOWN_NAME, 3, 1, "",
      "line 3, column 1: 'colour' is not a policy key" },
    { "refund = none\n  refund = full", LAPSE_ERR_DUPLICATE_KEY, 2, 3, "refund",
      "line 2, column 3: refund given twice (first on line 1)" },
    { "notice_days", LAPSE_ERR_VALUE_SYNTAX, 1, 1, "",
      "line 1, column 1: expected 'key = value', got 'notice_days'" },
    { "notice_days = 30 days", LAPSE_ERR_VALUE_SYNTAX, 1, 15, "notice_days", NULL },
    /* Out of range, found once the whole text is read: still the line,
     * the value's column and the key. */
    { "notice_days = -1", LAPSE_ERR_OUT_OF_RANGE, 1, 15, "notice_days",
      "line 1, column 15: notice_days -1: out of range (0 to 3660 days)" },
    { "termination_fee_percent = 101", LAPSE_ERR_OUT_OF_RANGE, 1, 27, "termination_fee_percent",
      NULL },
    { "termination_fee = -5.00 EUR", LAPSE_ERR_OUT_OF_RANGE, 1, 19, "termination_fee", NULL },
    { "cooling_off_days = 3651", LAPSE_ERR_OUT_OF_RANGE, 1, 20, "cooling_off_days", NULL },
    { "# retention\ntiming = immediate\n  retention_days = 99999", LAPSE_ERR_OUT_OF_RANGE, 3, 20,
      "retention_days", "line 3, column 20: retention_days 99999: out of range (0 to 36500 days)" },
    /* A ';' inside a comment is part of the comment. */
    { "# refund = full; timing = x", LAPSE_ERR_OK, 0, 0, "", NULL },
    { "timing = end_of_term # was x; refund = bogus", LAPSE_ERR_OK, 0, 0, "", NULL },
    /* A control byte inside a value is shown, not passed raw. */
    { "timing = a\x01"
      "b",
      LAPSE_ERR_VALUE_SYNTAX, 1, 10, "timing",
      "line 1, column 10: timing 'a\\x01b': expected one of end_of_term, end_of_billing_period, "
      "immediate" },
    { "online_needs_billing_admin = yes please", LAPSE_ERR_VALUE_SYNTAX, 1, 30,
      "online_needs_billing_admin", NULL },
    { "contract_roles = owner", LAPSE_ERR_VALUE_SYNTAX, 1, 18, "contract_roles", NULL },
    { "renewal = ", LAPSE_ERR_VALUE_SYNTAX, 1, 10, "renewal", NULL },
    /* Digits past any integer: a range error (#25 item 13). */
    { "retention_days = 99999999999999999999", LAPSE_ERR_OUT_OF_RANGE, 1, 18, "retention_days",
      "line 1, column 18: retention_days 99999999999999999999: out of range (0 to 36500 days)" },
    { "= 5", LAPSE_ERR_UNKNOWN_NAME, 1, 1, "", NULL },
    /* Found by fuzz_policy: a good setting before a bad line is not kept. */
    { "timing=immediate;ref immediate", LAPSE_ERR_VALUE_SYNTAX, 1, 18, "",
      "line 1, column 18: expected 'key = value', got 'ref immediate'" },
};

static void test_parse_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_errors / sizeof parse_errors[0]; i++) {
        const struct parse_error_case *c = &parse_errors[i];
        lapse_policy p;
        memset(&p, 0x33, sizeof p);
        lapse_error_detail detail;
        memset(&detail, 0, sizeof detail);
        lapse_error error = lapse_policy_parse(c->text, strlen(c->text), &p, &detail);
        if (error != c->error)
            fail_msg("'%s': got %s (%s), want %s", c->text, lapse_error_name(error), detail.message,
                     lapse_error_name(c->error));
        if (c->error == LAPSE_OK)
            continue;
        assert_int_equal(detail.line, c->line);
        assert_int_equal(detail.column, c->column);
        assert_string_equal(detail.field, c->field);
        if (c->message)
            assert_string_equal(detail.message, c->message);
        lapse_policy d;
        lapse_policy_default(&d);
        assert_memory_equal(&p, &d, sizeof p); /* the default, never half-parsed */
    }
    lapse_policy p;
    assert_int_equal(lapse_policy_parse(NULL, 0, &p, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_policy_parse("", 0, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

/* lapse_policy_read: what every text field (CSV cell, SQL argument) takes. */
static void test_read_preset_or_settings(void **state)
{
    (void)state;
    lapse_policy p, want;
    lapse_error_detail detail;
    /* A preset, named without its terminator and with '_' for '-'. */
    assert_int_equal(lapse_policy_read("eu_consumer;", 11, &p, NULL), LAPSE_OK);
    assert_int_equal(lapse_policy_preset("eu-consumer", &want, NULL), LAPSE_OK);
    assert_memory_equal(&p, &want, sizeof p);
    /* Else settings, read as lapse_policy_parse() reads them. */
    const char *settings = "timing = immediate; refund = prorated";
    assert_int_equal(lapse_policy_read(settings, strlen(settings), &p, NULL), LAPSE_OK);
    assert_int_equal(lapse_policy_parse(settings, strlen(settings), &want, NULL), LAPSE_OK);
    assert_memory_equal(&p, &want, sizeof p);
    /* Neither: the settings' error, said to be the policy's, position kept. */
    const char *bad = "timing = soon";
    assert_int_equal(lapse_policy_read(bad, strlen(bad), &p, &detail), LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "policy");
    assert_int_equal(detail.line, 1);
    assert_int_equal(detail.column, 10);
    assert_string_equal(detail.message, "policy: not a preset, and as settings: line 1, column 10: "
                                        "timing 'soon': expected one of end_of_term, "
                                        "end_of_billing_period, immediate");
    lapse_policy_default(&want);
    assert_memory_equal(&p, &want, sizeof p);
    assert_int_equal(lapse_policy_read(NULL, 0, &p, &detail), LAPSE_ERR_NULL_ARGUMENT);
    assert_string_equal(detail.field, "text"); /* the argument: "policy" is the other one */
    assert_string_equal(detail.message, "text: required pointer is NULL");
    assert_int_equal(lapse_policy_read("default", 7, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

/* Boundaries a mutation run found untested (issue #34, docs/testing.md). */

/* 9. policy.c: a days value of INT32_MAX is an integer (out of range for
 * notice_days), one more is not an int32 (a syntax error). */
static void test_days_at_int32_max(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_error_detail detail = { 0 };
    static const char at_max[] = "notice_days = 2147483647";
    static const char over[] = "notice_days = 2147483648";
    static const char at_min[] = "notice_days = -2147483648";
    static const char under[] = "notice_days = -2147483649";
    assert_int_equal(lapse_policy_parse(at_max, sizeof at_max - 1, &p, &detail),
                     LAPSE_ERR_OUT_OF_RANGE);
    /* Past 32 bits the text is still a number, out of range (#25 item 13),
     * and the message names it as written. */
    assert_int_equal(lapse_policy_parse(over, sizeof over - 1, &p, &detail),
                     LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.message,
                        "line 1, column 15: notice_days 2147483648: out of range (0 to 3660 days)");
    assert_int_equal(lapse_policy_parse(at_min, sizeof at_min - 1, &p, &detail),
                     LAPSE_ERR_OUT_OF_RANGE);
    assert_int_equal(lapse_policy_parse(under, sizeof under - 1, &p, &detail),
                     LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.message, "line 1, column 15: notice_days -2147483649: out of range "
                                        "(0 to 3660 days)");
}

/* 10. lint.c: immediate_end = same_day is unused unless something ends at
 * once (immediate timing or a cooling-off period). */
static void test_lint_immediate_end(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_lint_finding f[4];
    lapse_policy_default(&p);
    p.immediate_end = LAPSE_IMMEDIATE_END_SAME_DAY;
    p.cooling_off_days = 0;
    assert_int_equal(edge_lint_count(&p, f, 4), 1);
    assert_string_equal(f[0].key, "immediate_end");
    assert_string_equal(f[0].message,
                        "immediate_end: nothing ends at once: neither immediate timing nor a "
                        "cooling-off period");
    p.cooling_off_days = 1;
    assert_int_equal(edge_lint_count(&p, f, 4), 0);
    p.cooling_off_days = 0;
    p.timing = LAPSE_TIMING_IMMEDIATE;
    assert_int_equal(edge_lint_count(&p, f, 4), 0);
    /* The default value is never a finding. */
    lapse_policy_default(&p);
    p.cooling_off_days = 0;
    assert_int_equal(edge_lint_count(&p, f, 4), 0);
}

/* 13. policy.c: an unknown preset's error lists every preset. */
static void test_unknown_preset_lists_all(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_policy_preset("bogus", &p, &detail), LAPSE_ERR_UNKNOWN_NAME);
    assert_string_equal(detail.field, "policy");
    assert_string_equal(detail.message,
                        "policy 'bogus': not a preset (default, immediate-prorated, "
                        "eu-consumer, evergreen-contract, killbill-like, "
                        "killbill-fixed30, lago-advance, lago-arrears)");
}

/* The key table (src/core/policy_keys.h, #27): in lapse_policy_key's order,
 * each key the field of its name, the fields apart and every field of the
 * struct but termination_fee_currency and reserved; a choice's max its last
 * named value, its names 0..max without gaps. */
typedef struct table_key {
    const char *name;
    lapse_policy_key_type type;
    lapse_kind kind;
    int64_t min, max, def;
    size_t offset, size;
} table_key;
#define TABLE_KEY(ctype, field, type, kind, min, max, def, order, check, doc) \
    [order] = { #field,                                                       \
                LAPSE_POLICY_KEY_##type,                                      \
                kind,                                                         \
                min,                                                          \
                max,                                                          \
                (int64_t)(def),                                               \
                offsetof(lapse_policy, field),                                \
                sizeof(((lapse_policy *)0)->field) },
static const table_key table_keys[LAPSE__POLICY_KEY_COUNT] = { LAPSE__POLICY_KEYS(TABLE_KEY) };
#define TABLE_KEYS (sizeof table_keys / sizeof table_keys[0])

static void test_key_table_is_the_struct(void **state)
{
    (void)state;
    lapse_policy_key_type type;
    lapse_kind kind;
    size_t offset, i;
    /* Which bytes of lapse_policy some key (or the fee's currency, or
     * reserved) covers: each exactly once. */
    unsigned char covered[sizeof(lapse_policy)] = { 0 };
    for (i = 0; lapse_policy_key(i, &type, &kind, &offset); i++) {
        assert_true(i < TABLE_KEYS);
        assert_string_equal(lapse_policy_key(i, NULL, NULL, NULL), table_keys[i].name);
        assert_string_equal(lapse__policy_key(i), table_keys[i].name);
        assert_int_equal(type, table_keys[i].type);
        assert_int_equal(kind, table_keys[i].kind);
        assert_int_equal(offset, table_keys[i].offset);
        for (size_t b = 0; b < table_keys[i].size; b++)
            covered[offset + b]++;
    }
    assert_int_equal(i, TABLE_KEYS);
    assert_int_equal(i, LAPSE__POLICY_KEY_COUNT);
    assert_null(lapse__policy_key(i));
    for (size_t b = 0; b < sizeof(((lapse_policy *)0)->termination_fee_currency); b++)
        covered[offsetof(lapse_policy, termination_fee_currency) + b]++;
    for (size_t b = 0; b < sizeof(((lapse_policy *)0)->reserved); b++)
        covered[offsetof(lapse_policy, reserved) + b]++;
    for (size_t b = 0; b < sizeof covered; b++)
        assert_int_equal(covered[b], 1);
    /* Ranges and defaults. */
    lapse_policy d;
    lapse_policy_default(&d);
    for (i = 0; i < TABLE_KEYS; i++) {
        const table_key *k = &table_keys[i];
        int64_t value = 0;
        if (k->size == 8)
            memcpy(&value, (const char *)&d + k->offset, 8);
        else {
            int32_t v32;
            memcpy(&v32, (const char *)&d + k->offset, 4);
            value = k->type == LAPSE_POLICY_KEY_ROLES ? (int64_t)(uint32_t)v32 : v32;
        }
        assert_int_equal(value, k->def);
        if (k->type == LAPSE_POLICY_KEY_CHOICE) {
            assert_int_equal(k->min, 0);
            for (int64_t v = 0; v <= k->max; v++)
                assert_non_null(lapse_name(k->kind, (uint32_t)v));
            assert_null(lapse_name(k->kind, (uint32_t)k->max + 1));
        } else if (k->type == LAPSE_POLICY_KEY_ROLES) {
            assert_int_equal(k->max, LAPSE_ROLE_ALL);
        } else if (k->type != LAPSE_POLICY_KEY_AMOUNT) {
            assert_true(k->min <= k->def && k->def <= k->max);
        }
    }
}

/* Every key just out of its range, as a struct: LAPSE_ERR_OUT_OF_RANGE
 * naming it, from both halves of the check.  leading_period had no such
 * case before the table. */
/* A fee of a currency and no amount, after one blank or several: the
 * error names the key and quotes the value, wherever it stands. */
static void test_fee_without_an_amount(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *message;
    } cases[] = {
        { "termination_fee = EUR", "line 1, column 19: termination_fee 'EUR': expected 0 or an "
                                   "amount and its currency, e.g. 500.00 EUR" },
        { "termination_fee =   EUR", "line 1, column 21: termination_fee 'EUR': expected 0 or an "
                                     "amount and its currency, e.g. 500.00 EUR" },
        { "commitment = fixed_fee; termination_fee = EUR",
          "line 1, column 43: termination_fee 'EUR': expected 0 or an amount and its currency, "
          "e.g. 500.00 EUR" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lapse_policy p;
        lapse_error_detail detail;
        assert_int_equal(lapse_policy_parse(cases[i].text, strlen(cases[i].text), &p, &detail),
                         LAPSE_ERR_VALUE_SYNTAX);
        assert_string_equal(detail.field, "termination_fee");
        assert_string_equal(detail.message, cases[i].message);
    }
}

static void test_every_key_out_of_range(void **state)
{
    (void)state;
    lapse_error_detail detail;
    for (size_t i = 0; i < TABLE_KEYS; i++) {
        const table_key *k = &table_keys[i];
        /* An amount's maximum is INT64_MAX: nothing above it (skipped below). */
        int64_t outside[2] = { k->min - 1, k->max == INT64_MAX ? k->max : k->max + 1 };
        for (int side = 0; side < 2; side++) {
            if (k->type == LAPSE_POLICY_KEY_AMOUNT && side == 1)
                continue; /* INT64_MAX is in range */
            if (k->type == LAPSE_POLICY_KEY_ROLES && side == 0)
                continue; /* bits: no value below */
            lapse_policy p;
            lapse_policy_default(&p);
            if (k->size == 8) {
                memcpy((char *)&p + k->offset, &outside[side], 8);
            } else {
                int32_t v32 = k->type == LAPSE_POLICY_KEY_ROLES ? (int32_t)(k->max + 1)
                                                                : (int32_t)outside[side];
                memcpy((char *)&p + k->offset, &v32, 4);
            }
            assert_false(lapse__policy_valid(&p));
            assert_int_equal(lapse_policy_check(&p, &detail), LAPSE_ERR_OUT_OF_RANGE);
            assert_string_equal(detail.field, k->name);
        }
    }
    lapse_policy p;
    lapse_policy_default(&p);
    p.leading_period = (lapse_leading_period)3;
    assert_int_equal(lapse_policy_check(&p, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "leading_period");
    assert_string_equal(detail.message,
                        "leading_period 3: not one of 0 = prorated, 1 = free, 2 = full");
    p.leading_period = (lapse_leading_period)-1;
    assert_int_equal(lapse_policy_check(&p, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.message,
                        "leading_period -1: not one of 0 = prorated, 1 = free, 2 = full");
    /* Several invalid fields: the first of the explaining check's order,
     * as before the table (retention_days before notice_days before
     * refund, termination_fee_percent before termination_fee). */
    lapse_policy_default(&p);
    p.notice_days = -1, p.retention_days = -1, p.leading_period = (lapse_leading_period)9;
    assert_int_equal(lapse_policy_check(&p, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.message, "retention_days -1: out of range (0 to 36500 days)");
    lapse_policy_default(&p);
    p.termination_fee = -1, p.termination_fee_percent = 101, p.timing = (lapse_timing)7;
    assert_int_equal(lapse_policy_check(&p, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "timing");
    p.timing = LAPSE_TIMING_IMMEDIATE;
    assert_int_equal(lapse_policy_check(&p, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.message, "termination_fee_percent 101: out of range (0 to 100)");
    p.termination_fee_percent = 100;
    assert_int_equal(lapse_policy_check(&p, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.message, "termination_fee -1: must not be negative");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_parse_and_format),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_read_preset_or_settings),
        cmocka_unit_test(test_copies_of_the_default),
        cmocka_unit_test(test_days_at_int32_max),
        cmocka_unit_test(test_lint_immediate_end),
        cmocka_unit_test(test_unknown_preset_lists_all),
        cmocka_unit_test(test_key_table_is_the_struct),
        cmocka_unit_test(test_every_key_out_of_range),
        cmocka_unit_test(test_fee_without_an_amount),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
