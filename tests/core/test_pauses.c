/* Pauses (#31 item 3): paused_from, resumes_on, policy pause_extends_term. */
#include <stdio.h>

#include "testutil.h"

static lapse_decision decide(const lapse_policy *p, const lapse_subscription *s, const char *on)
{
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date(on);
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    lapse_error_detail e;
    lapse_error error = lapse_decide_cancel(p, s, &r, &d, &e);
    if (error)
        fprintf(stderr, "%s: %s\n", e.field, e.message);
    assert_int_equal(error, LAPSE_OK);
    return d;
}

static lapse_error refused(const lapse_policy *p, const lapse_subscription *s, const char *on,
                           const char *field, lapse_error_detail *e)
{
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date(on);
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    lapse_error error = lapse_decide_cancel(p, s, &r, &d, e);
    assert_int_not_equal(error, LAPSE_OK);
    assert_string_equal(e->field, field);
    return error;
}

/* The example: start 2025-01-01, 12 months billed monthly at
 * 30.00, paused 2025-04-01 to 2025-05-01. */
static lapse_subscription example(void)
{
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 3000);
    s.paused_from = test_date("2025-04-01");
    s.resumes_on = test_date("2025-05-01");
    return s;
}

static lapse_policy kept_term(void)
{
    lapse_policy p;
    lapse_policy_default(&p);
    p.pause_extends_term = 0;
    return p;
}

/* Default policy (pause_extends_term true): January to March served, the
 * nine unserved periods follow the resume: 2025-05-01 + 9 months =
 * 2026-02-01.  Request 2025-06-10: June's period and 7 more (July to
 * January), 8 x 30.00 = 240.00. */
static void test_request_after_the_resume(void **state)
{
    (void)state;
    lapse_subscription s = example();
    lapse_decision d = decide(NULL, &s, "2025-06-10");
    assert_int_equal(d.term_start, test_date("2025-01-01"));
    assert_int_equal(d.term_end, test_date("2026-02-01"));
    assert_int_equal(d.effective_end, test_date("2026-02-01"));
    assert_int_equal(d.remaining_term_charge, 24000);
    assert_int_equal(d.still_to_invoice, 21000); /* June's issued on 06-01 */
    assert_int_equal(d.invoices_left, 7);
    assert_int_equal(d.next_invoice, test_date("2025-07-01"));
    assert_int_equal(d.data_deleted_on, test_date("2026-05-02")); /* + 90 days */
    assert_false(d.warnings & LAPSE_WARNING_PAUSED);
    /* A contract's notice deadline moves with the term end. */
    s.contract = 1;
    d = decide(NULL, &s, "2025-06-10");
    assert_int_equal(d.notice_deadline, test_date("2026-01-02")); /* 2026-02-01 - 30 */
    d = decide(NULL, &s, "2026-01-03");
    assert_true(d.warnings & LAPSE_WARNING_NOTICE_MISSED);
    assert_int_equal(d.effective_end, test_date("2027-02-01")); /* renews first */
}

/* pause_extends_term false: the term ends 2026-01-01 as without the pause,
 * April is not invoiced; request 2025-06-10: June to December, 7 x 30.00 =
 * 210.00. */
static void test_request_after_the_resume_term_kept(void **state)
{
    (void)state;
    lapse_policy p = kept_term();
    lapse_subscription s = example();
    lapse_decision d = decide(&p, &s, "2025-06-10");
    assert_int_equal(d.term_end, test_date("2026-01-01"));
    assert_int_equal(d.effective_end, test_date("2026-01-01"));
    assert_int_equal(d.remaining_term_charge, 21000);
    assert_int_equal(d.still_to_invoice, 18000);
    assert_int_equal(d.invoices_left, 6);
    /* Asked in March: March (issued), May to December: 9 x 30.00; April
     * has no invoice, so 8 are still to come, the next on 05-01. */
    d = decide(&p, &s, "2025-03-10");
    assert_int_equal(d.remaining_term_charge, 27000);
    assert_int_equal(d.still_to_invoice, 24000);
    assert_int_equal(d.invoices_left, 8);
    assert_int_equal(d.next_invoice, test_date("2025-05-01"));
    /* During the pause: nothing for April, May to December 8 x 30.00 =
     * 240.00, all still to invoice. */
    d = decide(&p, &s, "2025-04-15");
    assert_int_equal(d.effective_end, test_date("2026-01-01"));
    assert_int_equal(d.remaining_term_charge, 24000);
    assert_int_equal(d.still_to_invoice, 24000);
    assert_int_equal(d.invoices_left, 8);
    assert_int_equal(d.next_invoice, test_date("2025-05-01"));
    assert_true(d.warnings & LAPSE_WARNING_PAUSED);
}

/* A request during the pause (2025-04-15), default policy: the end is the
 * moved term end, 2026-02-01; the nine periods from the resume, 9 x 30.00 =
 * 270.00, none issued yet: no current period. */
static void test_request_during_the_pause(void **state)
{
    (void)state;
    lapse_subscription s = example();
    lapse_decision d = decide(NULL, &s, "2025-04-15");
    assert_int_equal(d.term_end, test_date("2026-02-01"));
    assert_int_equal(d.effective_end, test_date("2026-02-01"));
    assert_int_equal(d.remaining_term_charge, 27000);
    assert_int_equal(d.still_to_invoice, 27000);
    assert_int_equal(d.invoices_left, 9);
    assert_int_equal(d.next_invoice, test_date("2025-05-01"));
    assert_int_equal(d.refund, 0);
    assert_true(d.warnings & LAPSE_WARNING_PAUSED);
    /* Asked on the resume day instead: May is the current period, issued
     * that day: the same 270.00, 240.00 still to invoice. */
    d = decide(NULL, &s, "2025-05-01");
    assert_int_equal(d.remaining_term_charge, 27000);
    assert_int_equal(d.still_to_invoice, 24000);
    assert_int_equal(d.invoices_left, 8);
    assert_false(d.warnings & LAPSE_WARNING_PAUSED);
}

/* A pause of length 0 (paused_from == resumes_on) is no pause, on a
 * boundary or not, under both policies: the example without its
 * pause, asked 2025-06-10: 12 periods from 2025-01-01, June's and 6 more
 * (July to December), 7 x 30.00 = 210.00, term end 2026-01-01; the
 * status on the day is active; the equal dates before the start, off a
 * boundary or within a trial are no errors either.  Out-of-range dates
 * stay errors naming their field. */
static void test_pause_of_length_0(void **state)
{
    (void)state;
    lapse_policy kept = kept_term();
    static const char *const days[] = { "2025-04-01", "2025-04-02", "2025-01-01",
                                        "2024-12-01", "2025-06-10", "2027-03-15" };
    for (size_t k = 0; k < sizeof days / sizeof days[0]; k++) {
        for (int extends = 0; extends < 2; extends++) {
            lapse_subscription s = example();
            s.paused_from = s.resumes_on = test_date(days[k]);
            lapse_decision d = decide(extends ? NULL : &kept, &s, "2025-06-10");
            assert_int_equal(d.term_end, test_date("2026-01-01"));
            assert_int_equal(d.effective_end, test_date("2026-01-01"));
            assert_int_equal(d.remaining_term_charge, 21000);
            assert_int_equal(d.still_to_invoice, 18000);
            assert_int_equal(d.invoices_left, 6);
            assert_false(d.warnings & LAPSE_WARNING_PAUSED);
            lapse_status_info st;
            assert_int_equal(lapse_status_at(extends ? NULL : &kept, &s, s.paused_from, &st, NULL),
                             LAPSE_OK);
            assert_int_equal(st.status, s.paused_from < s.start ? LAPSE_STATUS_NOT_STARTED
                                                                : LAPSE_STATUS_ACTIVE);
        }
    }
    /* Within a trial (to 2025-02-01: the term from then, to 2026-02-01). */
    lapse_subscription s = example();
    s.trial_end = test_date("2025-02-01");
    s.paused_from = s.resumes_on = test_date("2025-01-10");
    lapse_decision d = decide(NULL, &s, "2025-06-10");
    assert_int_equal(d.term_end, test_date("2026-02-01"));
    lapse_error_detail e;
    s = example();
    s.paused_from = s.resumes_on = LAPSE_DATE_MAX + 1;
    assert_int_equal(refused(NULL, &s, "2025-06-10", "paused_from", &e), LAPSE_ERR_DATE_RANGE);
    s.paused_from = s.resumes_on = LAPSE_DATE_MIN - 1;
    assert_int_equal(refused(NULL, &s, "2025-06-10", "paused_from", &e), LAPSE_ERR_DATE_RANGE);
}

/* Each wrong pause is refused, naming its field. */
static void test_pause_errors(void **state)
{
    (void)state;
    lapse_error_detail e;
    lapse_subscription s = example();
    lapse_policy kept = kept_term();
    /* Not on a billing-period boundary. */
    s.paused_from = test_date("2025-04-02");
    assert_int_equal(refused(NULL, &s, "2025-06-10", "paused_from", &e), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(e.message, "paused_from 2025-04-02: not on a billing-period boundary (the "
                                   "nearest: 2025-04-01 and 2025-05-01)");
    /* On the start: a pause follows at least one billing period. */
    s.paused_from = test_date("2025-01-01");
    assert_int_equal(refused(NULL, &s, "2025-06-10", "paused_from", &e), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(e.message, "paused_from 2025-01-01: within the first billing period; a "
                                   "pause begins on a billing-period boundary after it (the "
                                   "first: 2025-02-01)");
    /* Before the start. */
    s.paused_from = test_date("2024-12-01");
    assert_int_equal(refused(NULL, &s, "2025-06-10", "paused_from", &e), LAPSE_ERR_BEFORE_START);
    /* resumes_on before paused_from is refused.  (resumes_on ==
     * paused_from is a pause of length 0, no pause: test_pause_of_length_0.) */
    s = example();
    s.resumes_on = s.paused_from - 1;
    assert_int_equal(refused(NULL, &s, "2025-06-10", "resumes_on", &e), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(e.message, "resumes_on 2025-03-31: before paused_from (2025-04-01); a "
                                   "pause ends after it begins (equal dates are no pause)");
    /* One without the other. */
    s = example();
    s.resumes_on = LAPSE_DATE_NONE;
    assert_int_equal(refused(NULL, &s, "2025-06-10", "resumes_on", &e), LAPSE_ERR_MISSING);
    s = example();
    s.paused_from = LAPSE_DATE_NONE;
    assert_int_equal(refused(NULL, &s, "2025-06-10", "paused_from", &e), LAPSE_ERR_MISSING);
    /* Dates past the calendar. */
    s = example();
    s.resumes_on = LAPSE_DATE_MAX + 1;
    assert_int_equal(refused(NULL, &s, "2025-06-10", "resumes_on", &e), LAPSE_ERR_DATE_RANGE);
    s = example();
    s.paused_from = LAPSE_DATE_MIN - 1;
    assert_int_equal(refused(NULL, &s, "2025-06-10", "paused_from", &e), LAPSE_ERR_DATE_RANGE);
    /* Within the free trial. */
    s = example();
    s.trial_end = test_date("2025-05-01");
    assert_int_equal(refused(NULL, &s, "2025-06-10", "paused_from", &e), LAPSE_ERR_OUT_OF_RANGE);
    /* Under pause_extends_term false resumes_on is a boundary too; true
     * takes any later day. */
    s = example();
    s.resumes_on = test_date("2025-04-20");
    assert_int_equal(refused(&kept, &s, "2025-06-10", "resumes_on", &e), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(e.message,
                        "resumes_on 2025-04-20: not on a billing-period boundary (the nearest: "
                        "2025-04-01 and 2025-05-01); under pause_extends_term false the term "
                        "stays and a pause is whole billing periods");
    lapse_decision d = decide(NULL, &s, "2025-06-10");
    /* Re-anchored on 04-20: 9 periods from it, to 2026-01-20; June's
     * period is [06-20, 07-20) ... no: 06-10 is in [05-20, 06-20): that
     * and 7 more, 8 x 30.00. */
    assert_int_equal(d.term_end, test_date("2026-01-20"));
    assert_int_equal(d.remaining_term_charge, 24000);
    assert_int_equal(d.next_invoice, test_date("2025-06-20"));
    /* Up front the boundary is the term's. */
    s = example();
    s.billing = 0;
    assert_int_equal(refused(NULL, &s, "2025-06-10", "paused_from", &e), LAPSE_ERR_OUT_OF_RANGE);
    /* A reduction of items on a paused subscription decides (it was
     * refused naming reduce until #31's decision, docs/rules.md R14a):
     * asked 06-10 after the pause, to the term's end 2026-02-01: June's
     * period and 7 more at 30.00 + 10 x 10.00 = 130.00. */
    s = example();
    lapse_item item = { .name = "seats", .quantity = 10, .unit_price = 1000 };
    s.item_count = 1;
    s.items = &item;
    lapse_reduction less = { .name = "seats", .quantity = 5 };
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-06-10");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    r.reduce = &less;
    r.reduce_count = 1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
    assert_int_equal(d.change_effective_on, test_date("2026-02-01"));
    assert_int_equal(d.remaining_term_charge, 8 * 13000);
    /* The names. */
    assert_string_equal(lapse_name(LAPSE_KIND_WARNING, LAPSE_WARNING_PAUSED), "paused");
    assert_string_equal(lapse_name(LAPSE_KIND_STATUS, LAPSE_STATUS_PAUSED), "paused");
    lapse_policy p;
    assert_int_equal(lapse_policy_parse("pause_extends_term = false", 26, &p, &e), LAPSE_OK);
    assert_int_equal(p.pause_extends_term, 0);
    assert_int_not_equal(lapse_policy_parse("pause_extends_term = maybe", 26, &p, &e), LAPSE_OK);
    assert_string_equal(e.field, "pause_extends_term");
}

/* The explanation says so, in English and Italian. */
static void test_pause_explained(void **state)
{
    (void)state;
    lapse_subscription s = example();
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-04-15");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    lapse_error_detail e;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
    char text[4096];
    size_t length;
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "en", text, sizeof text, &length, &e),
                     LAPSE_OK);
    assert_non_null(strstr(text, "paused 2025-04-01 to 2025-04-30: the term's later periods "
                                 "follow the resume"));
    assert_non_null(strstr(text, "during the pause (2025-04-01 to 2025-04-30): no access"));
    /* The term is 12 months, its span 13 with the pause; asked in the
     * pause, no current period: what is charged begins with the resume. */
    assert_non_null(strstr(text, "now in its initial 12-month term"));
    assert_non_null(strstr(text, "2025-01-01 to 2026-01-31 (12 months); paused"));
    assert_non_null(strstr(text, "270.00 EUR (from the billing period it resumes with, and every "
                                 "later one)"));
    assert_null(strstr(text, "this billing period"));
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "it", text, sizeof text, &length, &e),
                     LAPSE_OK);
    assert_non_null(strstr(text, "durante la sospensione"));
    assert_non_null(strstr(text, "seguono la ripresa"));
    assert_non_null(strstr(text, "nel periodo iniziale di 12 mesi"));
    assert_non_null(strstr(text, "(dal periodo di fatturazione con cui riprende e tutti i "
                                 "successivi)"));
    /* A reduction asked in the pause says the same of its charge. */
    const lapse_item seats = { .name = "seats", .quantity = 5, .unit_price = 200 };
    s.items = &seats;
    s.item_count = 1;
    lapse_reduction cut = { .name = "seats", .quantity = 2 };
    r.reduce = &cut;
    r.reduce_count = 1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &e), LAPSE_OK);
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "en", text, sizeof text, &length, &e),
                     LAPSE_OK);
    assert_non_null(strstr(text, "now in its initial 12-month term"));
    assert_non_null(strstr(text, "(from the billing period it resumes with to the term's end, the "
                                 "change applied)"));
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "it", text, sizeof text, &length, &e),
                     LAPSE_OK);
    assert_non_null(strstr(text, "(dal periodo di fatturazione con cui riprende alla fine del "
                                 "periodo, con la modifica)"));
    r.reduce = NULL;
    r.reduce_count = 0;
    s.items = NULL;
    s.item_count = 0;
    lapse_policy p = kept_term();
    r.on = test_date("2025-06-10");
    assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, &e), LAPSE_OK);
    assert_int_equal(lapse_explain(&p, &s, &r, &d, "en", text, sizeof text, &length, &e), LAPSE_OK);
    assert_non_null(strstr(text, "paused 2025-04-01 to 2025-04-30: those billing periods are not "
                                 "invoiced, the term end stays"));
    assert_null(strstr(text, "during the pause"));
}

/* The events of a timeline from `from` to `to` (inclusive), as
 * "date kind amount" lines joined by "; ". */
static void events_between(const lapse_policy *p, const lapse_subscription *s, const char *on,
                           const char *from, const char *to, char *out, size_t size)
{
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date(on);
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_event events[128];
    size_t count;
    lapse_error_detail e;
    assert_int_equal(lapse_timeline(p, s, &r, events, 128, &count, &e), LAPSE_OK);
    assert_true(count <= 128);
    size_t n = 0;
    out[0] = '\0';
    for (size_t k = 0; k < count; k++) {
        if (events[k].date < test_date(from) || events[k].date > test_date(to))
            continue;
        char date[LAPSE_DATE_TEXT_SIZE];
        lapse_date_format(events[k].date, date, sizeof date);
        n += (size_t)snprintf(out + n, size - n, "%s%s %s %lld", n ? "; " : "", date,
                              lapse_name(LAPSE_KIND_EVENT, events[k].kind),
                              (long long)events[k].amount);
        assert_true(n < size);
    }
}

/* The timeline lists the pause on paused_from and the resume on
 * resumes_on (lapse.h: on one date the resume comes first, before the
 * period that begins then, and the pause after the day's events of the
 * period before it); either is left out when the subscription ends
 * first. The example, asked 2025-06-10: March invoiced 03-01,
 * pause 04-01, resume 05-01, then May's invoice at 30.00. */
static void test_pause_in_the_timeline(void **state)
{
    (void)state;
    lapse_subscription s = example();
    char text[1024];
    events_between(NULL, &s, "2025-06-10", "2025-03-01", "2025-06-01", text, sizeof text);
    assert_string_equal(text, "2025-03-01 invoice 3000; 2025-04-01 pause 0; 2025-05-01 resume 0; "
                              "2025-05-01 invoice 3000; 2025-06-01 invoice 3000");
    /* The term kept: the same two events, April not invoiced. */
    lapse_policy p = kept_term();
    events_between(&p, &s, "2025-06-10", "2025-03-01", "2025-06-01", text, sizeof text);
    assert_string_equal(text, "2025-03-01 invoice 3000; 2025-04-01 pause 0; 2025-05-01 resume 0; "
                              "2025-05-01 invoice 3000; 2025-06-01 invoice 3000");
    /* In arrears March is invoiced at its end, 04-01, before the pause
     * begins that day; April's days are not served: May's period is
     * invoiced at its end, 06-01. */
    lapse_policy_default(&p);
    p.invoicing = LAPSE_INVOICING_IN_ARREARS;
    events_between(&p, &s, "2025-06-10", "2025-03-01", "2025-06-01", text, sizeof text);
    assert_string_equal(text, "2025-03-01 invoice 3000; 2025-04-01 invoice 3000; 2025-04-01 pause "
                              "0; 2025-05-01 resume 0; 2025-06-01 invoice 3000");
    /* Ended at once during the pause (timing immediate; immediate_end's
     * default: access to the end of the day, so the first day without it
     * is 04-16): the pause, no resume. */
    lapse_policy_default(&p);
    p.timing = LAPSE_TIMING_IMMEDIATE;
    events_between(&p, &s, "2025-04-15", "2025-03-01", "2025-06-01", text, sizeof text);
    assert_string_equal(text, "2025-03-01 invoice 3000; 2025-04-01 pause 0; 2025-04-15 "
                              "cancellation 0; 2025-04-16 effective_end 0");
    /* Names and words. */
    assert_string_equal(lapse_name(LAPSE_KIND_EVENT, LAPSE_EVENT_PAUSE), "pause");
    assert_string_equal(lapse_name(LAPSE_KIND_EVENT, LAPSE_EVENT_RESUME), "resume");
    assert_string_equal(lapse_event_words(LAPSE_EVENT_PAUSE, "en"), "pause");
    assert_string_equal(lapse_event_words(LAPSE_EVENT_RESUME, "en"), "resume");
    assert_string_equal(lapse_event_words(LAPSE_EVENT_PAUSE, "it"), "sospensione");
    assert_string_equal(lapse_event_words(LAPSE_EVENT_RESUME, "it"), "ripresa");
    lapse_event ev = { .date = test_date("2025-05-01"), .kind = LAPSE_EVENT_RESUME, .term = 0 };
    assert_int_equal(lapse_explain_event(&s, &ev, "en", text, sizeof text, NULL, NULL), LAPSE_OK);
    assert_string_equal(text, "2025-05-01  resume                                     term 0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pause_in_the_timeline),
        cmocka_unit_test(test_request_after_the_resume),
        cmocka_unit_test(test_request_after_the_resume_term_kept),
        cmocka_unit_test(test_request_during_the_pause),
        cmocka_unit_test(test_pause_errors),
        cmocka_unit_test(test_pause_of_length_0),
        cmocka_unit_test(test_pause_explained),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
