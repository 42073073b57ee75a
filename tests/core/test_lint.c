/* Every rule of the policy lint (docs/rules.md, "Settings that can never
 * take effect are reported"; src/core/lint.c), each branch of it with a
 * policy that triggers it and a neighbour that does not (issue #34): the
 * findings' keys, whole messages and positions, exactly. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#define NO_SHARE                                                                                  \
    "no share is ever computed: only a prorated refund under immediate timing or a fixed_fee or " \
    "percent_fee commitment under a timing other than end_of_term has one"
#define NO_RENEWAL "renewal = none: nothing renews, no notice is due"
#define NO_NOTICE_IMMEDIATE "immediate timing never ends at a renewal, no notice is due"
#define REFUND_TIMING                                                                           \
    "only immediate timing ends service before the current billing period's end, the one case " \
    "with undelivered service to refund (cooling-off refunds everything paid whatever this says)"

typedef struct {
    const char *key, *message; /* the message without its "key: " */
} expected_finding;

static const struct {
    const char *text;
    expected_finding findings[3]; /* in the lint's order; key NULL ends */
} cases[] = {
    /* termination_fee without fixed_fee; with it (not under end_of_term). */
    { "termination_fee = 5.00 EUR",
      { { "termination_fee", "only commitment = fixed_fee charges it" } } },
    { "termination_fee = 5.00 EUR; commitment = percent_fee; timing = immediate",
      { { "termination_fee", "only commitment = fixed_fee charges it" } } },
    { "termination_fee = 5.00 EUR; commitment = fixed_fee; timing = immediate",
      { { NULL, NULL } } },
    /* termination_fee_percent without percent_fee; with it. */
    { "termination_fee_percent = 10",
      { { "termination_fee_percent", "only commitment = percent_fee charges it" } } },
    { "termination_fee_percent = 10; commitment = fixed_fee; timing = end_of_billing_period",
      { { "termination_fee_percent", "only commitment = percent_fee charges it" } } },
    { "termination_fee_percent = 10; commitment = percent_fee; timing = end_of_billing_period",
      { { NULL, NULL } } },
    /* commitment under end_of_term; under the other timings. */
    { "commitment = waived",
      { { "commitment", "end_of_term timing never ends service before the term end, so the rest "
                        "of a term is never left to owe or waive" } } },
    { "commitment = waived; timing = end_of_billing_period", { { NULL, NULL } } },
    { "commitment = waived; timing = immediate", { { NULL, NULL } } },
    { "commitment = owed; timing = end_of_term",
      { { NULL, NULL } } }, /* the default is not reported */
    /* refund: in arrears (whatever the timing), then without immediate timing. */
    { "refund = full; timing = immediate; invoicing = in_arrears",
      { { "refund",
          "invoicing = in_arrears: nothing is paid in advance, so nothing is refunded" } } },
    { "refund = full; invoicing = in_arrears",
      { { "refund",
          "invoicing = in_arrears: nothing is paid in advance, so nothing is refunded" } } },
    { "refund = full", { { "refund", REFUND_TIMING } } },
    { "refund = full; timing = end_of_billing_period", { { "refund", REFUND_TIMING } } },
    { "refund = full; timing = immediate", { { NULL, NULL } } },
    { "invoicing = in_arrears; timing = immediate", { { NULL, NULL } } },
    /* notice_days: no renewal, immediate timing, notice never applying;
     * and where notice applies. */
    { "notice_days = 10; renewal = none", { { "notice_days", NO_RENEWAL } } },
    { "notice_days = 10; renewal = none; timing = immediate", { { "notice_days", NO_RENEWAL } } },
    { "notice_days = 10; timing = immediate", { { "notice_days", NO_NOTICE_IMMEDIATE } } },
    { "notice_days = 10; notice_applies = never", { { "notice_days", "notice_applies = never" } } },
    { "notice_days = 10", { { NULL, NULL } } },
    { "notice_days = 10; timing = end_of_billing_period; renewal = evergreen", { { NULL, NULL } } },
    { "notice_days = 30; timing = immediate", { { NULL, NULL } } }, /* the default */
    /* notice_applies: no renewal, immediate timing; else not. */
    { "notice_applies = never; renewal = none", { { "notice_applies", NO_RENEWAL } } },
    { "notice_applies = terms_over_a_month; timing = immediate",
      { { "notice_applies", NO_NOTICE_IMMEDIATE } } },
    { "notice_applies = never", { { NULL, NULL } } },
    { "notice_applies = terms_over_a_month; renewal = evergreen", { { NULL, NULL } } },
    /* Both notice keys at once: each its finding, in the lint's order. */
    { "notice_applies = never; notice_days = 60; timing = immediate",
      { { "notice_days", NO_NOTICE_IMMEDIATE }, { "notice_applies", NO_NOTICE_IMMEDIATE } } },
    /* cooling_off_applies without days; with them. */
    { "cooling_off_applies = all",
      { { "cooling_off_applies", "cooling_off_days is 0: there is no cooling-off" } } },
    { "cooling_off_applies = all; cooling_off_days = 1", { { NULL, NULL } } },
    /* rounding and proration_days: no share; a prorated refund under
     * immediate timing; a fee under a timing other than end_of_term. */
    { "rounding = down", { { "rounding", NO_SHARE } } },
    { "proration_days = 30", { { "proration_days", NO_SHARE } } },
    { "rounding = half_even; proration_days = 30; timing = immediate",
      { { "rounding", NO_SHARE }, { "proration_days", NO_SHARE } } },
    { "rounding = down; timing = immediate; refund = full", { { "rounding", NO_SHARE } } },
    { "rounding = down; proration_days = 30; timing = immediate; refund = prorated",
      { { NULL, NULL } } },
    { "rounding = down; proration_days = 30; timing = end_of_billing_period; commitment = "
      "fixed_fee; termination_fee = 1.00 EUR",
      { { NULL, NULL } } },
    { "rounding = down; timing = immediate; commitment = percent_fee", { { NULL, NULL } } },
    { "rounding = down; commitment = percent_fee",
      { { "commitment", "end_of_term timing never ends service before the term end, so the rest "
                        "of a term is never left to owe or waive" },
        { "rounding", NO_SHARE } } },
    { "proration_days = 30; timing = end_of_billing_period; commitment = waived",
      { { "proration_days", NO_SHARE } } },
    /* immediate_end: nothing ends at once; immediate timing; cooling-off. */
    { "immediate_end = same_day",
      { { "immediate_end",
          "nothing ends at once: neither immediate timing nor a cooling-off period" } } },
    { "immediate_end = same_day; timing = end_of_billing_period",
      { { "immediate_end",
          "nothing ends at once: neither immediate timing nor a cooling-off period" } } },
    { "immediate_end = same_day; timing = immediate", { { NULL, NULL } } },
    { "immediate_end = same_day; cooling_off_days = 14", { { NULL, NULL } } },
    /* Reductions of items (#28) use refund, commitment and the shares by
     * their own timing: none of them is unused then. */
    { "commitment = waived; reduction_timing = end_of_billing_period", { { NULL, NULL } } },
    { "refund = prorated; reduction_timing = immediate", { { NULL, NULL } } },
    { "refund = prorated; reduction_timing = end_of_billing_period",
      { { "refund",
          "only immediate timing ends service before the current billing period's end, the one "
          "case with undelivered service to refund (cooling-off refunds everything paid whatever "
          "this says)" } } },
    { "rounding = down; commitment = percent_fee; termination_fee_percent = 10; "
      "reduction_timing = immediate",
      { { NULL, NULL } } },
    /* Keys no rule concerns. */
    { "retention_days = 7; month_end = sticky; leading_period = free; contract_roles = none",
      { { NULL, NULL } } },
};

/* The column of a key's value in the text: after "key = ". */
static int32_t value_column(const char *text, const char *key)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "%s = ", key);
    const char *at = strstr(text, pattern);
    assert_non_null(at);
    return (int32_t)(at - text + strlen(pattern) + 1);
}

static void test_every_lint_rule(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *text = cases[i].text;
        size_t expected = 0;
        while (expected < 3 && cases[i].findings[expected].key)
            expected++;
        lapse_lint_finding found[8];
        size_t count = 99;
        lapse_error_detail detail;
        lapse_error error = lapse_policy_lint_text(text, strlen(text), found, 8, &count, &detail);
        if (error)
            fail_msg("'%s': %s", text, detail.message);
        if (count != expected)
            fail_msg("'%s': %zu findings (the first '%s'), expected %zu", text, count,
                     count ? found[0].message : "", expected);
        /* The same from the parsed struct: no position. */
        lapse_policy p;
        assert_int_equal(lapse_policy_parse(text, strlen(text), &p, NULL), LAPSE_OK);
        lapse_lint_finding from_struct[8];
        size_t struct_count = 99;
        assert_int_equal(lapse_policy_lint(&p, from_struct, 8, &struct_count, NULL), LAPSE_OK);
        assert_int_equal(struct_count, expected);
        for (size_t k = 0; k < expected; k++) {
            const expected_finding *e = &cases[i].findings[k];
            char message[LAPSE_MESSAGE_SIZE];
            snprintf(message, sizeof message, "%s: %s", e->key, e->message);
            if (strcmp(found[k].key, e->key) != 0 || strcmp(found[k].message, message) != 0)
                fail_msg("'%s': finding %zu is '%s' / '%s', expected '%s'", text, k, found[k].key,
                         found[k].message, message);
            assert_int_equal(found[k].line, 1);
            assert_int_equal(found[k].column, value_column(text, e->key));
            assert_string_equal(from_struct[k].key, e->key);
            assert_string_equal(from_struct[k].message, message);
            assert_int_equal(from_struct[k].line, 0);
            assert_int_equal(from_struct[k].column, 0);
        }
    }
}

/* termination_fee_currency alone (a struct can set it without a fee). */
static void test_fee_currency_alone(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    memcpy(p.termination_fee_currency, "EUR", 4);
    lapse_lint_finding found[2];
    size_t count = 99;
    assert_int_equal(lapse_policy_lint(&p, found, 2, &count, NULL), LAPSE_OK);
    assert_int_equal(count, 1);
    assert_string_equal(found[0].message,
                        "termination_fee: only commitment = fixed_fee charges it");
    p.commitment = LAPSE_COMMITMENT_FIXED_FEE;
    p.timing = LAPSE_TIMING_IMMEDIATE;
    assert_int_equal(lapse_policy_lint(&p, found, 2, &count, NULL), LAPSE_OK);
    assert_int_equal(count, 0);
}

/* More findings than room: the count is the total, the first ones written. */
static void test_findings_past_capacity(void **state)
{
    (void)state;
    static const char text[] = "refund = full\nrounding = down\nimmediate_end = same_day\n";
    lapse_lint_finding found[2];
    memset(found, 0x5a, sizeof found);
    size_t count = 0;
    assert_int_equal(lapse_policy_lint_text(text, sizeof text - 1, found, 1, &count, NULL),
                     LAPSE_OK);
    assert_int_equal(count, 3);
    assert_string_equal(found[0].key, "refund");
    assert_int_equal(found[0].line, 1);
    assert_int_equal(found[0].column, 10);
    unsigned char untouched[sizeof found[1]];
    memset(untouched, 0x5a, sizeof untouched);
    assert_memory_equal(&found[1], untouched, sizeof found[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_lint_rule),
        cmocka_unit_test(test_fee_currency_alone),
        cmocka_unit_test(test_findings_past_capacity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
