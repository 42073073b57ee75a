/* Every pointer argument of every function of include/lapse.h, NULL (issue
 * #34): LAPSE_ERR_NULL_ARGUMENT with the detail naming that argument, or
 * the harmless behaviour the header documents (a NULL policy is the
 * default, a NULL language English, an optional output skipped, a buffer
 * NULL when its size is 0).  One row a call; tests/tables/
 * test_tables_null_arguments.c does the same for include/lapse/tables.h. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* Valid inputs, rebuilt before each call. */
static lapse_policy policy;
static lapse_subscription subscription;
static lapse_request request;
static lapse_decision decision;
static lapse_status_info status;
static lapse_reactivation_info reactivation;
static lapse_event events[64];
static lapse_lint_finding findings[4];
static lapse_error errors[1];
static char buf[4096];
static size_t length, count, failed;
static lapse_date date, on;
static int64_t amount;
static uint32_t value;

static void fixture(void)
{
    lapse_policy_default(&policy);
    subscription = test_subscription("2025-01-01", 12, 1, 1000);
    lapse_request_init(&request);
    request.on = test_date("2025-03-10");
    request.roles = LAPSE_ROLE_BILLING_ADMIN;
    on = request.on;
    lapse_error_detail detail;
    assert_int_equal(lapse_decide_cancel(&policy, &subscription, &request, &decision, &detail),
                     LAPSE_OK);
    assert_int_equal(lapse_status_at(&policy, &subscription, on, &status, &detail), LAPSE_OK);
    assert_int_equal(lapse_timeline(&policy, &subscription, &request, events, 64, &count, &detail),
                     LAPSE_OK);
}

/* A call with one argument NULL; `detail` NULL for functions without one. */
typedef lapse_error (*null_call)(lapse_error_detail *detail);

#define CALL(name, body)                                \
    static lapse_error name(lapse_error_detail *detail) \
    {                                                   \
        (void)detail;                                   \
        return body;                                    \
    }

/* Calendar, money, names: no detail, the error alone. */
CALL(date_from_ymd_out, lapse_date_from_ymd(2025, 1, 1, NULL))
CALL(date_parse_text, lapse_date_parse(NULL, &date))
CALL(date_parse_out, lapse_date_parse("2025-01-01", NULL))
CALL(date_parse_n_text, lapse_date_parse_n(NULL, 10, &date))
CALL(date_parse_n_out, lapse_date_parse_n("2025-01-01", 10, NULL))
CALL(date_add_months_out, lapse_date_add_months(0, 1, NULL))
CALL(date_add_days_out, lapse_date_add_days(0, 1, NULL))
CALL(currency_digits_code, lapse_currency_digits(NULL, NULL))
CALL(currency_digits_digits, lapse_currency_digits("EUR", NULL))
CALL(amount_parse_text, lapse_amount_parse(NULL, "EUR", &amount))
CALL(amount_parse_currency, lapse_amount_parse("1.00", NULL, &amount))
CALL(amount_parse_out, lapse_amount_parse("1.00", "EUR", NULL))
CALL(amount_parse_n_text, lapse_amount_parse_n(NULL, 4, "EUR", &amount))
CALL(amount_parse_n_currency, lapse_amount_parse_n("1.00", 4, NULL, &amount))
CALL(amount_parse_n_out, lapse_amount_parse_n("1.00", 4, "EUR", NULL))
CALL(amount_add_out, lapse_amount_add(1, 2, NULL))
CALL(amount_mul_out, lapse_amount_mul(1, 2, NULL))
CALL(name_lookup_text, lapse_name_lookup(LAPSE_KIND_ROLE, NULL, 5, &value))
CALL(name_lookup_value, lapse_name_lookup(LAPSE_KIND_ROLE, "admin", 5, NULL))

/* Policies. */
CALL(preset_name, lapse_policy_preset(NULL, &policy, detail))
CALL(preset_policy, lapse_policy_preset("default", NULL, detail))
CALL(parse_text, lapse_policy_parse(NULL, 3, &policy, detail))
CALL(parse_policy, lapse_policy_parse("", 0, NULL, detail))
CALL(read_text, lapse_policy_read(NULL, 3, &policy, detail))
CALL(read_policy, lapse_policy_read("default", 7, NULL, detail))
CALL(lint_policy, lapse_policy_lint(NULL, findings, 4, &count, detail))
CALL(lint_findings, lapse_policy_lint(&policy, NULL, 4, &count, detail))
CALL(lint_findings_no_room, lapse_policy_lint(&policy, NULL, 0, &count, detail))
CALL(lint_count, lapse_policy_lint(&policy, findings, 4, NULL, detail))
CALL(lint_text_text, lapse_policy_lint_text(NULL, 3, findings, 4, &count, detail))
CALL(lint_text_findings, lapse_policy_lint_text("timing = immediate", 18, NULL, 4, &count, detail))
CALL(lint_text_findings_no_room, lapse_policy_lint_text("", 0, NULL, 0, &count, detail))
CALL(lint_text_count, lapse_policy_lint_text("", 0, findings, 4, NULL, detail))
CALL(check_policy, lapse_policy_check(NULL, detail))

/* Decisions. */
CALL(decide_policy, lapse_decide_cancel(NULL, &subscription, &request, &decision, detail))
CALL(decide_subscription, lapse_decide_cancel(&policy, NULL, &request, &decision, detail))
CALL(decide_request, lapse_decide_cancel(&policy, &subscription, NULL, &decision, detail))
CALL(decide_decision, lapse_decide_cancel(&policy, &subscription, &request, NULL, detail))
CALL(batch_policy,
     lapse_decide_batch(NULL, &subscription, &request, 1, &decision, errors, &failed, detail))
CALL(batch_subscriptions,
     lapse_decide_batch(&policy, NULL, &request, 1, &decision, errors, &failed, detail))
CALL(batch_requests,
     lapse_decide_batch(&policy, &subscription, NULL, 1, &decision, errors, &failed, detail))
CALL(batch_decisions,
     lapse_decide_batch(&policy, &subscription, &request, 1, NULL, errors, &failed, detail))
CALL(batch_errors,
     lapse_decide_batch(&policy, &subscription, &request, 1, &decision, NULL, &failed, detail))
CALL(batch_failed,
     lapse_decide_batch(&policy, &subscription, &request, 1, &decision, errors, NULL, detail))
CALL(batch_empty, lapse_decide_batch(&policy, NULL, NULL, 0, NULL, NULL, NULL, detail))
CALL(status_policy, lapse_status_at(NULL, &subscription, on, &status, detail))
CALL(status_subscription, lapse_status_at(&policy, NULL, on, &status, detail))
CALL(status_status, lapse_status_at(&policy, &subscription, on, NULL, detail))
CALL(reactivate_policy, lapse_reactivate(NULL, &subscription, on, &reactivation, detail))
CALL(reactivate_subscription, lapse_reactivate(&policy, NULL, on, &reactivation, detail))
CALL(reactivate_out, lapse_reactivate(&policy, &subscription, on, NULL, detail))
CALL(timeline_policy, lapse_timeline(NULL, &subscription, &request, events, 64, &count, detail))
CALL(timeline_subscription, lapse_timeline(&policy, NULL, &request, events, 64, &count, detail))
CALL(timeline_request, lapse_timeline(&policy, &subscription, NULL, events, 64, &count, detail))
CALL(timeline_events, lapse_timeline(&policy, &subscription, &request, NULL, 64, &count, detail))
CALL(timeline_events_no_room,
     lapse_timeline(&policy, &subscription, &request, NULL, 0, &count, detail))
CALL(timeline_count, lapse_timeline(&policy, &subscription, &request, events, 64, NULL, detail))

/* Explanations. */
#define EXPLAIN(p, s, r, d, language, b, size, n) \
    lapse_explain(p, s, r, d, language, b, size, n, detail)
CALL(explain_policy, EXPLAIN(NULL, &subscription, &request, &decision, "en", buf, 4096, &length))
CALL(explain_subscription, EXPLAIN(&policy, NULL, &request, &decision, "en", buf, 4096, &length))
CALL(explain_request, EXPLAIN(&policy, &subscription, NULL, &decision, "en", buf, 4096, &length))
CALL(explain_decision, EXPLAIN(&policy, &subscription, &request, NULL, "en", buf, 4096, &length))
CALL(explain_language,
     EXPLAIN(&policy, &subscription, &request, &decision, NULL, buf, 4096, &length))
CALL(explain_buf, EXPLAIN(&policy, &subscription, &request, &decision, "en", NULL, 4096, &length))
CALL(explain_buf_no_room,
     EXPLAIN(&policy, &subscription, &request, &decision, "en", NULL, 0, &length))
CALL(explain_length, EXPLAIN(&policy, &subscription, &request, &decision, "en", buf, 4096, NULL))
#define STATUS(p, s, st, language, b, size, n) \
    lapse_explain_status(p, s, on, st, language, b, size, n, detail)
CALL(explain_status_policy, STATUS(NULL, &subscription, &status, "en", buf, 4096, &length))
CALL(explain_status_subscription, STATUS(&policy, NULL, &status, "en", buf, 4096, &length))
CALL(explain_status_status, STATUS(&policy, &subscription, NULL, "en", buf, 4096, &length))
CALL(explain_status_language, STATUS(&policy, &subscription, &status, NULL, buf, 4096, &length))
CALL(explain_status_buf, STATUS(&policy, &subscription, &status, "en", NULL, 4096, &length))
CALL(explain_status_buf_no_room, STATUS(&policy, &subscription, &status, "en", NULL, 0, &length))
CALL(explain_status_length, STATUS(&policy, &subscription, &status, "en", buf, 4096, NULL))
CALL(event_subscription, lapse_explain_event(NULL, &events[1], "en", buf, 4096, &length, detail))
CALL(event_event, lapse_explain_event(&subscription, NULL, "en", buf, 4096, &length, detail))
CALL(event_language,
     lapse_explain_event(&subscription, &events[1], NULL, buf, 4096, &length, detail))
CALL(event_buf, lapse_explain_event(&subscription, &events[1], "en", NULL, 4096, &length, detail))
CALL(event_buf_no_room,
     lapse_explain_event(&subscription, &events[1], "en", NULL, 0, &length, detail))
CALL(event_length, lapse_explain_event(&subscription, &events[1], "en", buf, 4096, NULL, detail))

#define NO_DETAIL NULL /* the function takes no detail: the code alone */
#define OK_ROW(call)                      \
    {                                     \
#call, call, LAPSE_OK, NULL, NULL \
    }
#define NULL_ROW(call, name)                                                          \
    {                                                                                 \
#call, call, LAPSE_ERR_NULL_ARGUMENT, name, name ": required pointer is NULL" \
    }

static const struct {
    const char *name;
    null_call call;
    lapse_error expected;
    const char *field;   /* NULL: no detail written (OK, or a function without one) */
    const char *message; /* exact */
} cases[] = {
    { "date_from_ymd_out", date_from_ymd_out, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "date_parse_text", date_parse_text, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "date_parse_out", date_parse_out, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "date_parse_n_text", date_parse_n_text, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "date_parse_n_out", date_parse_n_out, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "date_add_months_out", date_add_months_out, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "date_add_days_out", date_add_days_out, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "currency_digits_code", currency_digits_code, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    OK_ROW(currency_digits_digits), /* "digits may be NULL to only check the code" */
    { "amount_parse_text", amount_parse_text, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "amount_parse_currency", amount_parse_currency, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "amount_parse_out", amount_parse_out, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "amount_parse_n_text", amount_parse_n_text, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "amount_parse_n_currency", amount_parse_n_currency, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL,
      NULL },
    { "amount_parse_n_out", amount_parse_n_out, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "amount_add_out", amount_add_out, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "amount_mul_out", amount_mul_out, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "name_lookup_text", name_lookup_text, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },
    { "name_lookup_value", name_lookup_value, LAPSE_ERR_NULL_ARGUMENT, NO_DETAIL, NULL },

    NULL_ROW(preset_name, "name"),
    NULL_ROW(preset_policy, "policy"),
    NULL_ROW(parse_text, "text"),
    NULL_ROW(parse_policy, "policy"),
    NULL_ROW(read_text, "text"),
    NULL_ROW(read_policy, "policy"),
    NULL_ROW(lint_policy, "policy"),
    NULL_ROW(lint_findings, "findings"),
    OK_ROW(lint_findings_no_room), /* "findings may be NULL when capacity is 0" */
    NULL_ROW(lint_count, "count"),
    NULL_ROW(lint_text_text, "text"),
    NULL_ROW(lint_text_findings, "findings"),
    OK_ROW(lint_text_findings_no_room),
    NULL_ROW(lint_text_count, "count"),
    NULL_ROW(check_policy, "policy"),

    OK_ROW(decide_policy), /* a NULL policy is the default */
    NULL_ROW(decide_subscription, "subscription"),
    NULL_ROW(decide_request, "request"),
    NULL_ROW(decide_decision, "decision"),
    OK_ROW(batch_policy),
    { "batch_subscriptions", batch_subscriptions, LAPSE_ERR_NULL_ARGUMENT, "subscriptions",
      "subscriptions: NULL while count is 1" },
    { "batch_requests", batch_requests, LAPSE_ERR_NULL_ARGUMENT, "requests",
      "requests: NULL while count is 1" },
    { "batch_decisions", batch_decisions, LAPSE_ERR_NULL_ARGUMENT, "decisions",
      "decisions: NULL while count is 1" },
    { "batch_errors", batch_errors, LAPSE_ERR_NULL_ARGUMENT, "errors",
      "errors: NULL while count is 1" },
    OK_ROW(batch_failed), /* optional */
    OK_ROW(batch_empty),  /* arrays NULL with count 0 */
    OK_ROW(status_policy),
    NULL_ROW(status_subscription, "subscription"),
    NULL_ROW(status_status, "status"),
    OK_ROW(reactivate_policy),
    NULL_ROW(reactivate_subscription, "subscription"),
    NULL_ROW(reactivate_out, "out"),
    OK_ROW(timeline_policy),
    NULL_ROW(timeline_subscription, "subscription"),
    NULL_ROW(timeline_request, "request"),
    NULL_ROW(timeline_events, "events"),
    OK_ROW(timeline_events_no_room), /* events may be NULL when capacity is 0 */
    NULL_ROW(timeline_count, "count"),

    OK_ROW(explain_policy),
    NULL_ROW(explain_subscription, "subscription"),
    NULL_ROW(explain_request, "request"),
    NULL_ROW(explain_decision, "decision"),
    OK_ROW(explain_language), /* NULL is "en" */
    { "explain_buf", explain_buf, LAPSE_ERR_NULL_ARGUMENT, "buf", "buf: NULL with a size of 4096" },
    OK_ROW(explain_buf_no_room), /* the length alone */
    OK_ROW(explain_length),      /* optional */
    OK_ROW(explain_status_policy),
    NULL_ROW(explain_status_subscription, "subscription"),
    NULL_ROW(explain_status_status, "status"),
    OK_ROW(explain_status_language),
    { "explain_status_buf", explain_status_buf, LAPSE_ERR_NULL_ARGUMENT, "buf",
      "buf: NULL with a size of 4096" },
    OK_ROW(explain_status_buf_no_room),
    OK_ROW(explain_status_length),
    NULL_ROW(event_subscription, "subscription"),
    NULL_ROW(event_event, "event"),
    OK_ROW(event_language),
    { "event_buf", event_buf, LAPSE_ERR_NULL_ARGUMENT, "buf", "buf: NULL with a size of 4096" },
    OK_ROW(event_buf_no_room),
    OK_ROW(event_length),
};

static void test_every_null_argument(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture();
        lapse_error_detail detail;
        memset(&detail, 0x5a, sizeof detail); /* untouched on success */
        lapse_error_detail before = detail;
        lapse_error error = cases[i].call(&detail);
        if (error != cases[i].expected)
            fail_msg("%s: %s, expected %s (%s)", cases[i].name, lapse_error_name(error),
                     lapse_error_name(cases[i].expected), error ? detail.message : "");
        if (cases[i].field == NULL) {
            if (memcmp(&detail, &before, sizeof detail) != 0)
                fail_msg("%s: the detail was written", cases[i].name);
            continue;
        }
        if (detail.code != cases[i].expected || strcmp(detail.field, cases[i].field) != 0 ||
            strcmp(detail.message, cases[i].message) != 0)
            fail_msg("%s: detail %s, field '%s', message '%s'; expected field '%s', message '%s'",
                     cases[i].name, lapse_error_name(detail.code), detail.field, detail.message,
                     cases[i].field, cases[i].message);
        /* And with no detail at all: the same code, no crash. */
        fixture();
        assert_int_equal(cases[i].call(NULL), cases[i].expected);
    }
}

/* The harmless NULLs do what the header says, not merely return OK. */
static void test_harmless_nulls_do_their_job(void **state)
{
    (void)state;
    fixture();
    /* A NULL policy decides as the default one does. */
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &subscription, &request, &d, NULL), LAPSE_OK);
    assert_memory_equal(&d, &decision, sizeof d);
    /* A NULL language is English; a NULL buffer of size 0 gives the length. */
    char en[4096], fallback[4096];
    size_t en_length = 0, fallback_length = 0, counted = 0;
    assert_int_equal(lapse_explain(&policy, &subscription, &request, &decision, "en", en, sizeof en,
                                   &en_length, NULL),
                     LAPSE_OK);
    assert_int_equal(lapse_explain(&policy, &subscription, &request, &decision, NULL, fallback,
                                   sizeof fallback, &fallback_length, NULL),
                     LAPSE_OK);
    assert_string_equal(fallback, en);
    assert_int_equal(fallback_length, en_length);
    assert_int_equal(
        lapse_explain(&policy, &subscription, &request, &decision, "en", NULL, 0, &counted, NULL),
        LAPSE_OK);
    assert_int_equal(counted, en_length);
    assert_int_equal(counted, strlen(en));
    /* A timeline with no room counts its events. */
    size_t events_count = 0;
    assert_int_equal(lapse_timeline(&policy, &subscription, &request, NULL, 0, &events_count, NULL),
                     LAPSE_OK);
    assert_int_equal(events_count, count);
    /* A lint with no room counts its findings. */
    lapse_policy loose;
    lapse_policy_default(&loose);
    loose.rounding = LAPSE_ROUNDING_DOWN; /* no share is ever computed */
    size_t findings_count = 0;
    assert_int_equal(lapse_policy_lint(&loose, NULL, 0, &findings_count, NULL), LAPSE_OK);
    assert_int_equal(findings_count, 1);
    /* A batch without `failed` still decides. */
    lapse_error e = LAPSE_ERR_RESERVED;
    assert_int_equal(lapse_decide_batch(NULL, &subscription, &request, 1, &d, &e, NULL, NULL),
                     LAPSE_OK);
    assert_int_equal(e, LAPSE_OK);
    assert_memory_equal(&d, &decision, sizeof d);
    /* Calendar outputs that may be NULL. */
    int32_t year = 0;
    lapse_date_to_ymd(test_date("2025-03-10"), &year, NULL, NULL);
    assert_int_equal(year, 2025);
    assert_int_equal(lapse_date_format(0, NULL, 0), 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_null_argument),
        cmocka_unit_test(test_harmless_nulls_do_their_job),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
