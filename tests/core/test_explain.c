/* src/core/explain.c and words.c: explanations in English and Italian. */
#include "testutil.h"
#include "edges.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/words.h"
#include "explain_words_cases.h"

/* E4-like: a 15-month contract billed quarterly, asked online a day after
 * the notice deadline, with a balance and licences still assigned. */
static void late_notice(lapse_subscription *s, lapse_request *r)
{
    lapse_subscription_init(s);
    s->start = test_date("2024-10-01");
    s->term = 15;
    s->billing = 3;
    s->price = 30000;
    s->contract = 1;
    s->licenses = 2;
    s->balance = 1250;
    lapse_request_init(r);
    r->on = test_date("2025-12-03");
    r->roles = LAPSE_ROLE_BILLING_ADMIN;
}

static const char late_notice_en[] =
    "Cancelling a contract subscription started 2024-10-01, now in its initial 15-month term "
    "(300.00 EUR per invoice, invoiced every 3 months)\n"
    "requested on 2025-12-03 online by a billing admin.\n"
    "\n"
    "Not allowed as asked (online):\n"
    "  - a fixed-term contract is cancelled by contacting support\n"
    "  - an outstanding balance keeps you from cancelling online\n"
    "What to do instead: contact support, who can cancel it for you.\n"
    "If support cancels it on 2025-12-03, service ends on 2027-03-31 (the last day of "
    "access).\n"
    "\n"
    "Current term       2024-10-01 to 2025-12-31 (15 months)\n"
    "Notice deadline    2025-12-02 (missed: renews first)\n"
    "Last day of access 2027-03-31, after one more renewal\n"
    "Still charged      1800.00 EUR (this billing period and every later one)\n"
    "  to be invoiced   1500.00 EUR in 5 invoices, the next on 2026-01-01\n"
    "Refund             0.00 EUR\n"
    "Data               kept through 2027-06-29, deleted on 2027-06-30 (gone for good)\n"
    "Confirmation       by e-mail\n"
    "\n"
    "Before you go:\n"
    "  - notice came after the deadline (2025-12-02): the term renews once more and that term "
    "is owed\n"
    "  - settle the outstanding balance of 12.50 EUR\n"
    "  - unassign the 2 licences still assigned to users\n"
    "  - have ready for the support call: the account ID; the billing admin's e-mail; the last "
    "four digits of the payment card; the billing address of the payment method; the "
    "product(s) to cancel\n"
    "  - back up or transfer any data you need: the last day of access is 2027-03-31\n";

/* The same in Italian: 31/03/2027 and 1.800,00 EUR, the article's words. */
static const char late_notice_it[] =
    "Annullamento di un abbonamento a contratto iniziato il 01/10/2024, ora nel periodo "
    "iniziale di 15 mesi (300,00 EUR per fattura, fatturato ogni 3 mesi)\n"
    "richiesto il 03/12/2025 online da un amministratore della fatturazione.\n"
    "\n"
    "Non consentito così come richiesto (online):\n"
    "  - un contratto a tempo determinato si annulla contattando il supporto\n"
    "  - un saldo in sospeso ti impedisce di annullare online\n"
    "Cosa fare invece: contatta il supporto, che può annullarlo per te.\n"
    "Se il supporto lo annulla il 03/12/2025, il servizio termina il 31/03/2027 (l'ultimo "
    "giorno di accesso).\n"
    "\n"
    "Periodo attuale           dal 01/10/2024 al 31/12/2025 (15 mesi)\n"
    "Termine di preavviso      02/12/2025 (superato: prima si rinnova)\n"
    "Ultimo giorno di accesso  31/03/2027, dopo un altro rinnovo\n"
    "Ancora addebitato         1.800,00 EUR (questo periodo di fatturazione e tutti i "
    "successivi)\n"
    "  da fatturare            1.500,00 EUR in 5 fatture, la prossima il 01/01/2026\n"
    "Rimborso                  0,00 EUR\n"
    "Dati                      conservati fino al 29/06/2027, cancellati il 30/06/2027 (non "
    "recuperabili)\n"
    "Conferma                  via e-mail\n"
    "\n"
    "Prima di annullare:\n"
    "  - il preavviso è arrivato dopo il termine (02/12/2025): il periodo si rinnova un'altra "
    "volta ed è dovuto\n"
    "  - salda il saldo in sospeso di 12,50 EUR\n"
    "  - togli l'assegnazione delle 2 licenze ancora assegnate agli utenti\n"
    "  - prepara per la chiamata all'assistenza: l'ID dell'account; l'indirizzo email "
    "dell'amministratore della fatturazione; le ultime quattro cifre della carta di pagamento; "
    "l'indirizzo di fatturazione del metodo di pagamento; il/i prodotto/i da annullare\n"
    "  - esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è il "
    "31/03/2027\n";

static void check_explained(const lapse_policy *p, const lapse_subscription *s,
                            const lapse_request *r, const char *language, const char *want)
{
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(p, s, r, &d, NULL), LAPSE_OK);
    char text[8192];
    size_t length = 0;
    lapse_error_detail detail;
    assert_int_equal(lapse_explain(p, s, r, &d, language, text, sizeof text, &length, &detail),
                     LAPSE_OK);
    assert_string_equal(text, want);
    assert_int_equal(length, strlen(want));
}

static void test_refused_late_notice(void **state)
{
    (void)state;
    lapse_subscription s;
    lapse_request r;
    late_notice(&s, &r);
    check_explained(NULL, &s, &r, "en", late_notice_en);
    check_explained(NULL, &s, &r, NULL, late_notice_en); /* NULL is English */
    check_explained(NULL, &s, &r, "it", late_notice_it);
}

/* The explanation of a decision in English, for one line's checks. */
static const char *english(const lapse_policy *p, const lapse_subscription *s,
                           const lapse_request *r)
{
    static char text[8192];
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(p, s, r, &d, NULL), LAPSE_OK);
    assert_int_equal(lapse_explain(p, s, r, &d, "en", text, sizeof text, NULL, NULL), LAPSE_OK);
    return text;
}

/* Invoices that go on after access ends (a contract's owed commitment
 * under a timing that ends service early), counted and summed by hand. */
static void test_charges_after_access(void **state)
{
    (void)state;
    lapse_subscription s;
    lapse_subscription_init(&s);
    s.start = test_date("2025-01-01");
    s.term = 12;
    s.price = 10000;
    s.contract = 1;
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-10");
    r.channel = LAPSE_CHANNEL_SUPPORT;
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    r.provided = LAPSE_SUPPORT_INFO_ALL;
    lapse_policy p;
    lapse_policy_default(&p);
    p.timing = LAPSE_TIMING_IMMEDIATE;
    /* Immediate: access ends 2025-03-11 (last day 2025-03-10); the term owes
     * the invoices of 2025-04-01 .. 2025-12-01: 9 x 100.00 = 900.00. */
    const char *text = english(&p, &s, &r);
    assert_non_null(strstr(text, "Last day of access 2025-03-10\n"));
    assert_non_null(strstr(text, "  after access     you keep paying 900.00 EUR in 9 invoices "
                                 "after access ends\n"));
    /* End of billing period, asked after the notice deadline (2025-12-02):
     * it renews, access ends with the new term's first period (2026-02-01)
     * and the new term is owed at the renewal price: the invoices of
     * 2026-02-01 .. 2026-12-01, 11 x 120.00 = 1320.00; 2026-01-01 (120.00)
     * is before the end, so 12 still to invoice come to 1440.00. */
    p.timing = LAPSE_TIMING_END_OF_BILLING_PERIOD;
    s.renewal_price = 12000;
    r.on = test_date("2025-12-20");
    text = english(&p, &s, &r);
    assert_non_null(strstr(text, "  to be invoiced   1440.00 EUR in 12 invoices, the next on "
                                 "2026-01-01\n"));
    assert_non_null(strstr(text, "  after access     you keep paying 1320.00 EUR in 11 invoices "
                                 "after access ends\n"));
    /* Waived: nothing after the end, and no such line. */
    p.commitment = LAPSE_COMMITMENT_WAIVED;
    text = english(&p, &s, &r);
    assert_null(strstr(text, "you keep paying"));
    assert_non_null(strstr(text, "nothing is charged after access ends"));
    /* One invoice: the singular. */
    p.commitment = LAPSE_COMMITMENT_OWED;
    p.timing = LAPSE_TIMING_IMMEDIATE;
    s.renewal_price = LAPSE_AMOUNT_NONE;
    r.on = test_date("2025-10-10");
    text = english(&p, &s, &r);
    /* access ends 2025-10-11; invoices 2025-11-01, 2025-12-01: 2 x 100.00 */
    assert_non_null(strstr(text, "you keep paying 200.00 EUR in 2 invoices after access ends"));
    r.on = test_date("2025-11-10");
    text = english(&p, &s, &r);
    assert_non_null(strstr(text, "you keep paying 100.00 EUR in 1 invoice after access ends"));
}

/* snprintf rules: a short buffer holds the start of the text, NUL-ended,
 * and the length is the whole text's; size 0 with a NULL buffer asks for
 * the length alone. */
static void test_truncation(void **state)
{
    (void)state;
    lapse_subscription s;
    lapse_request r;
    late_notice(&s, &r);
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
    size_t whole = strlen(late_notice_it);
    size_t length = 0;
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "it", NULL, 0, &length, NULL), LAPSE_OK);
    assert_int_equal(length, whole);
    for (size_t size = 1; size <= whole + 1; size += 7) {
        char text[8192];
        memset(text, 'x', sizeof text);
        assert_int_equal(lapse_explain(NULL, &s, &r, &d, "it", text, size, &length, NULL),
                         LAPSE_OK);
        assert_int_equal(length, whole);
        /* Cut as snprintf cuts, but never inside a character (#25 item
         * 5): a byte or three short where a character would not fit. */
        size_t used = strlen(text);
        assert_true(used <= size - 1 && used + 3 >= size - 1);
        if (used < size - 1)
            assert_int_equal((unsigned char)late_notice_it[used] & 0xc0, 0xc0);
        assert_memory_equal(text, late_notice_it, used);
        assert_int_equal(text[size], 'x');
    }
}

static void test_errors(void **state)
{
    (void)state;
    lapse_subscription s;
    lapse_request r;
    late_notice(&s, &r);
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
    char text[64] = "old";
    size_t length = 99;
    lapse_error_detail detail;
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "fr", text, sizeof text, &length, &detail),
                     LAPSE_ERR_UNKNOWN_NAME);
    assert_string_equal(detail.field, "language");
    assert_string_equal(detail.message, "language 'fr': not one of en, it");
    assert_string_equal(text, "");
    assert_int_equal(length, 0);
    /* A decision of other inputs is refused, never explained wrongly. */
    lapse_decision other = d;
    other.refund += 1;
    assert_int_equal(lapse_explain(NULL, &s, &r, &other, "en", text, sizeof text, &length, &detail),
                     LAPSE_ERR_DECISION_MISMATCH);
    assert_string_equal(detail.field, "decision");
    assert_string_equal(lapse_error_name(LAPSE_ERR_DECISION_MISMATCH), "decision_mismatch");
    assert_int_equal(lapse_explain(NULL, &s, &r, NULL, "en", text, sizeof text, &length, &detail),
                     LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "en", NULL, 5, &length, &detail),
                     LAPSE_ERR_NULL_ARGUMENT);
    assert_string_equal(detail.field, "buf");
    /* The inputs' own errors, as the decision gives them. */
    r.on = test_date("2024-01-01");
    assert_int_equal(lapse_explain(NULL, &s, &r, &d, "en", text, sizeof text, &length, &detail),
                     LAPSE_ERR_BEFORE_START);
    assert_string_equal(detail.field, "on");
}

static const char ending_en[] =
    "On 2025-12-21: ending (active but ending: renews once more on 2026-01-01, then the last "
    "day of access is 2027-03-31)\n"
    "Holds              from 2025-12-20 through 2027-03-31\n"
    "Last day of access 2027-03-31\n"
    "Data               kept through 2027-06-29, deleted on 2027-06-30 (gone for good)\n"
    "Billing page       lists it as active\n";

static const char expired_it[] =
    "Al 21/12/2025: scaduto (scaduto: nessun accesso, dati ancora conservati)\n"
    "Vale                      dal 21/12/2025 al 20/03/2026\n"
    "Ultimo giorno di accesso  20/12/2025\n"
    "Dati                      conservati fino al 20/03/2026, cancellati il 21/03/2026 (non "
    "recuperabili)\n"
    "Liquidato                 rimborso 3,55 EUR, penale di recesso 0,00 EUR\n"
    "Pagina di fatturazione    lo elenca in Fatturazione > Abbonamenti > Scaduti\n";

static void test_status(void **state)
{
    (void)state;
    /* Cancelled after the notice deadline: it renews once, then ends. */
    lapse_subscription s;
    lapse_subscription_init(&s);
    s.start = test_date("2024-10-01");
    s.term = 15;
    s.contract = 1;
    s.cancelled_on = test_date("2025-12-20");
    lapse_date on = test_date("2025-12-21");
    lapse_status_info info;
    assert_int_equal(lapse_status_at(NULL, &s, on, &info, NULL), LAPSE_OK);
    char text[2048];
    size_t length;
    assert_int_equal(
        lapse_explain_status(NULL, &s, on, &info, "en", text, sizeof text, &length, NULL),
        LAPSE_OK);
    assert_string_equal(text, ending_en);
    assert_int_equal(length, strlen(ending_en));
    /* Immediate and prorated: expired the next day, the refund settled:
     * 1.000 EUR x 10.00 ... see the rules; here only its words. */
    lapse_policy p;
    assert_int_equal(lapse_policy_preset("immediate-prorated", &p, NULL), LAPSE_OK);
    s.price = 1000;
    assert_int_equal(lapse_status_at(&p, &s, on, &info, NULL), LAPSE_OK);
    assert_int_equal(
        lapse_explain_status(&p, &s, on, &info, "it", text, sizeof text, &length, NULL), LAPSE_OK);
    assert_string_equal(text, expired_it);
    lapse_status_info other = info;
    other.status = LAPSE_STATUS_ACTIVE;
    lapse_error_detail detail;
    assert_int_equal(
        lapse_explain_status(&p, &s, on, &other, "it", text, sizeof text, &length, &detail),
        LAPSE_ERR_DECISION_MISMATCH);
    assert_string_equal(detail.field, "status");
}

static void test_events(void **state)
{
    (void)state;
    lapse_subscription s;
    lapse_subscription_init(&s);
    s.start = test_date("2025-01-31");
    s.price = 123456;
    lapse_event invoice = { 123456, test_date("2025-02-28"), LAPSE_EVENT_INVOICE, 1, { 0 } };
    lapse_event deleted = { 0, test_date("2025-06-29"), LAPSE_EVENT_DATA_DELETED, -1, { 0 } };
    char text[256];
    size_t length;
    assert_int_equal(lapse_explain_event(&s, &invoice, "en", text, sizeof text, &length, NULL),
                     LAPSE_OK);
    /* date, the event padded to the language's width (25; 26 in Italian), the
     * amount right-aligned in 16, the term */
    assert_string_equal(text, "2025-02-28  invoice                       1234.56 EUR  term 1");
    assert_int_equal(length, strlen(text));
    assert_int_equal(lapse_explain_event(&s, &invoice, "it", text, sizeof text, &length, NULL),
                     LAPSE_OK);
    assert_string_equal(text, "28/02/2025  fattura                       1.234,56 EUR  periodo 1");
    assert_int_equal(lapse_explain_event(&s, &deleted, "en", text, sizeof text, &length, NULL),
                     LAPSE_OK);
    assert_string_equal(text, "2025-06-29  data deleted"); /* no term, no trailing blanks */
    assert_int_equal(lapse_explain_event(&s, &deleted, "it", text, 10, &length, NULL), LAPSE_OK);
    assert_string_equal(text, "29/06/202");
    assert_int_equal(length, strlen("29/06/2025  dati cancellati"));
    lapse_event bad = deleted;
    bad.kind = (lapse_event_kind)42;
    lapse_error_detail detail;
    assert_int_equal(lapse_explain_event(&s, &bad, "en", text, sizeof text, &length, &detail),
                     LAPSE_ERR_UNKNOWN_NAME);
    assert_string_equal(detail.field, "event");
    assert_string_equal(lapse_event_words(LAPSE_EVENT_EFFECTIVE_END, "en"),
                        "first day without access");
    assert_string_equal(lapse_event_words(LAPSE_EVENT_NOTICE_DEADLINE, "it"),
                        "termine di preavviso");
    assert_null(lapse_event_words(LAPSE_EVENT_START, "xx"));
    assert_null(lapse_event_words((lapse_event_kind)0, "en"));
    assert_string_equal(lapse_language_code(0), "en");
    assert_string_equal(lapse_language_code(1), "it");
    assert_null(lapse_language_code(2));
}

/* Every table has every text, with the placeholders of the English one:
 * a new language cannot drop an argument or print a stray %N. */
static unsigned placeholders(const char *text)
{
    unsigned seen = 0;
    for (const char *p = text; *p; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9')
            seen |= 1u << (p[1] - '0');
    }
    return seen;
}

static void test_every_language_complete(void **state)
{
    (void)state;
    const lapse__words *en = lapse__words_of("en");
    const char *const *english = (const char *const *)(const void *)&en->cancelling;
    size_t texts = (size_t)((const char *)&en->term_number - (const char *)&en->cancelling) /
                       sizeof(const char *) +
                   1;
    const lapse__words *w;
    for (size_t i = 0; (w = lapse__words_at(i)) != NULL; i++) {
        assert_non_null(w->code);
        assert_non_null(w->decimal_mark);
        assert_non_null(w->group_mark);
        assert_true(w->label_width > 0 && w->event_width > 0);
        const char *const *words = (const char *const *)(const void *)&w->cancelling;
        for (size_t t = 0; t < texts; t++) {
            /* event_width sits among the texts: skip its slot. */
            if ((const void *)&words[t] == (const void *)&w->event_width)
                continue;
            if (!words[t])
                fail_msg("language %s: text %zu is missing", w->code, t);
            if (placeholders(words[t]) != placeholders(english[t]))
                fail_msg("language %s: text %zu (%s) has other placeholders than '%s'", w->code, t,
                         words[t], english[t]);
        }
    }
}

/* Over generated inputs under random policies, in every language: the
 * text is whole, valid UTF-8 with no placeholder left, and the half-open
 * effective end is never given as the last day of access. */
static bool valid_utf8(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        int more = *p < 0x80             ? 0
                   : (*p & 0xE0) == 0xC0 ? 1
                   : (*p & 0xF0) == 0xE0 ? 2
                   : (*p & 0xF8) == 0xF0 ? 3
                                         : -1;
        if (more < 0)
            return false;
        p++;
        for (int i = 0; i < more; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return false;
    }
    return true;
}

static void test_generated(void **state)
{
    (void)state;
    uint64_t rng = 27;
    long explained = 0;
    for (long i = 0; i < 30000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 2, &p, &s, &r);
        lapse_decision d;
        if (lapse_decide_cancel(&p, &s, &r, &d, NULL) != LAPSE_OK)
            continue;
        char end[LAPSE_DATE_TEXT_SIZE], line[64];
        lapse_date_format(d.effective_end, end, sizeof end);
        snprintf(line, sizeof line, "Last day of access %s", end);
        const char *code;
        for (size_t k = 0; (code = lapse_language_code(k)) != NULL; k++) {
            static char text[16384];
            size_t length;
            assert_int_equal(lapse_explain(&p, &s, &r, &d, code, text, sizeof text, &length, NULL),
                             LAPSE_OK);
            assert_int_equal(strlen(text), length);
            assert_true(valid_utf8(text));
            assert_null(strstr(text, "%"));
            assert_null(strstr(text, line));
        }
        explained++;
    }
    print_message("# %ld decisions explained in every language\n", explained);
    assert_true(explained > 10000);
}

/* Boundaries a mutation run found untested (issue #34, docs/testing.md). */

/* 11. explain.c: how the subscription is invoiced, in both languages. */
static void test_explain_billing_words(void **state)
{
    (void)state;
    static const struct {
        int32_t billing;
        int arrears;
        const char *en, *it;
    } cases[] = {
        { 1, 0, "(10.00 EUR per invoice, invoiced monthly)",
          "(10,00 EUR per fattura, fatturato ogni mese)" },
        { 3, 0, "(10.00 EUR per invoice, invoiced every 3 months)",
          "(10,00 EUR per fattura, fatturato ogni 3 mesi)" },
        { 0, 0, "(10.00 EUR per invoice, the whole term up front)",
          "(10,00 EUR per fattura, l'intero periodo in anticipo)" },
        { 1, 1, "(10.00 EUR per invoice, invoiced monthly in arrears)",
          "(10,00 EUR per fattura, fatturato ogni mese a periodo concluso)" },
    };
    char buf[4096];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lapse_policy p;
        lapse_policy_default(&p);
        if (cases[i].arrears)
            p.invoicing = LAPSE_INVOICING_IN_ARREARS;
        lapse_subscription s = test_subscription("2025-01-10", 12, cases[i].billing, 1000);
        lapse_request r = edge_request("2025-02-15", LAPSE_CHANNEL_ONLINE, EDGE_BA);
        edge_explain(&p, &s, &r, "en", buf, sizeof buf);
        edge_contains(buf, cases[i].en);
        edge_explain(&p, &s, &r, "it", buf, sizeof buf);
        edge_contains(buf, cases[i].it);
    }
}

/* 12. explain.c: the "after access ends" line only when what is still to
 * invoice covers the periods before it (never a negative amount). */
static void test_explain_no_negative_after_access(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_policy_preset("lago-like", &p, &detail), LAPSE_OK);
    lapse_subscription s = test_subscription("1993-08-24", 24, 0, 40304);
    s.billing_day = 29;
    lapse_request r = edge_request("1993-08-24", LAPSE_CHANNEL_ONLINE, LAPSE_ROLE_BILLING_CONTACT);
    r.end_on = test_date("1994-09-28");
    char buf[4096];
    edge_explain(&p, &s, &r, "en", buf, sizeof buf);
    /* Never a negative amount after access (it was -182.20 EUR); the
     * figure itself is test_explain_figures' to check. */
    assert_null(strstr(buf, "you keep paying -"));
    edge_contains(buf, "Still charged      220.84 EUR");
    edge_explain(&p, &s, &r, "it", buf, sizeof buf);
    assert_null(strstr(buf, "-182"));
    assert_null(strstr(buf, "pagare -"));
}

/* Every template of every language, to the byte (issue #34): the texts of
 * explain_words_cases.h, and that together they use every template of
 * lapse__words (each template's fixed parts found in order, arguments
 * between them), so that a template no case reaches fails here. */
static bool template_used(const char *template, const char *text)
{
    char part[512];
    const char *at = text;
    while (*template) {
        size_t n = 0;
        while (*template && !(template[0] == '%' && template[1] >= '1' && template[1] <= '9')) {
            if (n + 1 >= sizeof part)
                return false;
            if (template[0] == '%' && template[1] == '%') {
                part[n++] = '%';
                template += 2;
                continue;
            }
            part[n++] = *template ++;
        }
        part[n] = '\0';
        if (n) {
            const char *found = strstr(at, part);
            if (!found)
                return false;
            at = found + n;
        }
        if (*template)
            template += 2;
    }
    return true;
}

static lapse_date words_date(const char *text) { return text ? test_date(text) : LAPSE_DATE_NONE; }

static void check_words_text(size_t i, const char *language, const char *what, const char *got,
                             const char *expected)
{
    if (strcmp(got, expected) != 0)
        fail_msg("case %zu, %s, %s:\n%s\nexpected:\n%s", i, language, what, got, expected);
}

static void test_every_template_exactly(void **state)
{
    (void)state;
    static const char *const languages[] = { "en", "it" };
    static char all[2][65536], text[16384], events[16384];
    size_t used[2] = { 0, 0 };
    for (size_t i = 0; i < sizeof words_cases / sizeof words_cases[0]; i++) {
        const words_case *c = &words_cases[i];
        lapse_policy p;
        lapse_error_detail detail;
        if (lapse_policy_parse(c->policy, strlen(c->policy), &p, &detail) != LAPSE_OK)
            fail_msg("case %zu: %s", i, detail.message);
        lapse_subscription s = test_subscription(c->s.start, c->s.term, c->s.billing, c->s.price);
        s.renewal_term = c->s.renewal_term;
        s.balance = c->s.balance;
        memcpy(s.currency, c->s.currency, 4);
        s.auto_renew = c->s.auto_renew;
        s.contract = c->s.contract;
        s.online_cancel = c->s.online_cancel;
        s.licenses = c->s.licenses;
        s.cancelled_on = words_date(c->s.cancelled_on);
        s.renewal_price = c->s.renewal_price;
        s.billing_day = c->s.billing_day;
        lapse_request r;
        lapse_request_init(&r);
        r.on = words_date(c->r.on);
        r.channel = (lapse_channel)c->r.channel;
        r.roles = c->r.roles;
        r.can_sign_in = c->r.can_sign_in;
        r.provided = c->r.provided;
        r.end_on = words_date(c->r.end_on);
        lapse_decision d;
        lapse_status_info st;
        lapse_date on = test_date(c->status_on);
        /* No decision text: a request the library refuses (after the end). */
        bool decided = c->text[0].decision != NULL;
        if ((lapse_decide_cancel(&p, &s, &r, &d, &detail) == LAPSE_OK) != decided ||
            lapse_status_at(&p, &s, on, &st, &detail) != LAPSE_OK)
            fail_msg("case %zu: %s", i, decided ? detail.message : "decided");
        static lapse_event timeline[4096];
        size_t count = 0;
        lapse_error timeline_error = lapse_timeline(&p, &s, &r, timeline, 4096, &count, NULL);
        assert_int_equal(timeline_error == LAPSE_OK, decided); /* the decision's own error */
        if (timeline_error)
            count = 0;
        assert_true(count <= 4096);
        for (size_t l = 0; l < 2; l++) {
            size_t length;
            if (decided) {
                assert_int_equal(
                    lapse_explain(&p, &s, &r, &d, languages[l], text, sizeof text, &length, NULL),
                    LAPSE_OK);
                check_words_text(i, languages[l], "decision", text, c->text[l].decision);
                used[l] += (size_t)snprintf(all[l] + used[l], sizeof all[l] - used[l], "%s", text);
            }
            assert_int_equal(lapse_explain_status(&p, &s, on, &st, languages[l], text, sizeof text,
                                                  &length, NULL),
                             LAPSE_OK);
            check_words_text(i, languages[l], "status", text, c->text[l].status);
            used[l] += (size_t)snprintf(all[l] + used[l], sizeof all[l] - used[l], "%s", text);
            events[0] = '\0';
            uint32_t seen = 0;
            for (size_t k = 0; k < count; k++) {
                if (seen & (1u << timeline[k].kind))
                    continue;
                seen |= 1u << timeline[k].kind;
                assert_int_equal(lapse_explain_event(&s, &timeline[k], languages[l], text,
                                                     sizeof text, &length, NULL),
                                 LAPSE_OK);
                size_t at = strlen(events);
                assert_true(at + length + 2 <= sizeof events);
                memcpy(events + at, text, length);
                memcpy(events + at + length, "\n", 2);
            }
            check_words_text(i, languages[l], "events", events, c->text[l].events);
            used[l] += (size_t)snprintf(all[l] + used[l], sizeof all[l] - used[l], "%s", events);
            assert_true(used[l] < sizeof all[l]);
        }
    }
    for (size_t l = 0; l < 2; l++) {
        const lapse__words *w = lapse__words_of(languages[l]);
        assert_non_null(w);
#define WORDS_CHECK(name, index)                                                                \
    {                                                                                           \
        const char *template =                                                                  \
            (index) < 0                                                                         \
                ? *(const char *const *)(const void *)&w->name                                  \
                : ((const char *const *)(const void *)&w->name)[(index) < 0 ? 0 : (index)];     \
        if (!template_used(template, all[l]))                                                   \
            fail_msg("%s: %s[%d] '%s' is in no case's text", languages[l], #name, (int)(index), \
                     template);                                                                 \
    }
        WORDS_TEMPLATES(WORDS_CHECK)
#undef WORDS_CHECK
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused_late_notice),
        cmocka_unit_test(test_charges_after_access),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_every_language_complete),
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_explain_billing_words),
        cmocka_unit_test(test_explain_no_negative_after_access),
        cmocka_unit_test(test_every_template_exactly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
