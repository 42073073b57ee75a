/* The explanations that together use every template of every language of
 * src/core/words.c (issue #34), checked to the byte by test_explain.c's
 * test_every_template_exactly: ten cases (a policy as settings, a
 * subscription, a request and a date for the status), each with its
 * decision's explanation, its status on that date and one timeline line of
 * each event kind, in English and Italian.  Chosen by a greedy cover of
 * 20,000 generated cases (the program is described in docs/testing.md);
 * the texts are what the library wrote at the commit that added them, read
 * through, and case 0's English checked by hand against docs/rules.md.  A
 * change of wording changes these texts on purpose. */
#ifndef LAPSE_TEST_EXPLAIN_WORDS_CASES_H
#define LAPSE_TEST_EXPLAIN_WORDS_CASES_H

#include <stddef.h>
#include <stdint.h>

/* Every template of lapse__words: F(field, index), index -1 for a single
 * text. */
#define WORDS_TEMPLATES(F)             \
    F(cancelling, -1)                  \
    F(contract, -1)                    \
    F(self_serve, -1)                  \
    F(initial_term, 0)                 \
    F(initial_term, 1)                 \
    F(renewal_term, 0)                 \
    F(renewal_term, 1)                 \
    F(leading_term, -1)                \
    F(up_front, -1)                    \
    F(monthly, -1)                     \
    F(every_months, -1)                \
    F(in_arrears, -1)                  \
    F(requested, -1)                   \
    F(via, 0)                          \
    F(via, 1)                          \
    F(by_roles, -1)                    \
    F(role, 0)                         \
    F(role, 1)                         \
    F(role, 2)                         \
    F(role_join, -1)                   \
    F(by_nobody, -1)                   \
    F(allowed, -1)                     \
    F(allowed_how, 0)                  \
    F(allowed_how, 1)                  \
    F(refused, -1)                     \
    F(reason, 0)                       \
    F(reason, 1)                       \
    F(reason, 2)                       \
    F(reason, 3)                       \
    F(reason, 4)                       \
    F(reason, 5)                       \
    F(instead_support, -1)             \
    F(instead_admin, -1)               \
    F(call_support_by, -1)             \
    F(call_support_now, -1)            \
    F(admin_cancels, -1)               \
    F(have_ready, -1)                  \
    F(support_info, 0)                 \
    F(support_info, 1)                 \
    F(support_info, 2)                 \
    F(support_info, 3)                 \
    F(support_info, 4)                 \
    F(list_join, -1)                   \
    F(label_term, -1)                  \
    F(label_notice, -1)                \
    F(label_last_day, -1)              \
    F(label_charged, -1)               \
    F(label_invoiced, -1)              \
    F(label_after_access, -1)          \
    F(label_refund, -1)                \
    F(label_fee, -1)                   \
    F(label_data, -1)                  \
    F(label_confirmation, -1)          \
    F(term_span, 0)                    \
    F(term_span, 1)                    \
    F(leading_span, 0)                 \
    F(leading_span, 1)                 \
    F(notice_in_time, -1)              \
    F(notice_missed, -1)               \
    F(notice_cancel_by, -1)            \
    F(after_renewal, -1)               \
    F(charged, -1)                     \
    F(invoiced, 0)                     \
    F(invoiced, 1)                     \
    F(nothing_invoiced, -1)            \
    F(nothing_invoiced_in_arrears, -1) \
    F(after_access, 0)                 \
    F(after_access, 1)                 \
    F(fee, -1)                         \
    F(data, -1)                        \
    F(confirmation_email, -1)          \
    F(confirmation_list, -1)           \
    F(before_you_go, -1)               \
    F(already_ending, -1)              \
    F(notice_came_late, -1)            \
    F(settle_balance, -1)              \
    F(unassign_licences, 0)            \
    F(unassign_licences, 1)            \
    F(cooling_off, -1)                 \
    F(ends_before_term_end, -1)        \
    F(commitment_waived, -1)           \
    F(termination_fee, -1)             \
    F(refund_due, -1)                  \
    F(back_up_data, -1)                \
    F(status_on, -1)                   \
    F(status_name, 0)                  \
    F(status_name, 1)                  \
    F(status_name, 2)                  \
    F(status_name, 3)                  \
    F(status_name, 4)                  \
    F(status_meaning, 0)               \
    F(status_meaning, 1)               \
    F(status_meaning, 2)               \
    F(status_meaning, 3)               \
    F(status_meaning, 4)               \
    F(status_renews_once, -1)          \
    F(label_holds, -1)                 \
    F(holds, -1)                       \
    F(holds_open, -1)                  \
    F(holds_until, -1)                 \
    F(label_listed, -1)                \
    F(listed, 0)                       \
    F(listed, 1)                       \
    F(label_settled, -1)               \
    F(settled, -1)                     \
    F(event, 0)                        \
    F(event, 1)                        \
    F(event, 2)                        \
    F(event, 3)                        \
    F(event, 4)                        \
    F(event, 5)                        \
    F(event, 6)                        \
    F(event, 7)                        \
    F(event, 8)                        \
    F(term_number, -1)

typedef struct {
    const char *start;
    int32_t term, renewal_term, billing;
    int64_t price, balance;
    const char *currency;
    int32_t auto_renew, contract, online_cancel, licenses;
    const char *cancelled_on; /* NULL: none */
    int64_t renewal_price;
    int32_t billing_day;
} words_subscription;

typedef struct {
    const char *on;
    int32_t channel;
    uint32_t roles;
    int32_t can_sign_in;
    uint32_t provided;
    const char *end_on; /* NULL: none */
} words_request;

typedef struct {
    const char *policy; /* settings that differ from the default */
    words_subscription s;
    words_request r;
    const char *status_on;
    struct {
        const char *decision, *status, *events; /* events: the first of each kind */
    } text[2];                                  /* en, it */
} words_case;

static const words_case words_cases[] = {
    {
        "timing = end_of_billing_period; refund = prorated; commitment = percent_fee; "
        "termination_fee = 955.71 EUR; termination_fee_percent = 55; cooling_off_applies = all; "
        "notice_days = 60; retention_days = 30",
        { .start = "1966-05-17",
          .term = 3,
          .renewal_term = 2,
          .billing = 1,
          .price = 992714,
          .balance = 22,
          .currency = "EUR",
          .auto_renew = 1,
          .contract = 1,
          .online_cancel = 1,
          .licenses = 3,
          .cancelled_on = NULL,
          .renewal_price = LAPSE_AMOUNT_NONE,
          .billing_day = 1 },
        {
            .on = "1975-04-11",
            .channel = 0,
            .roles = 6,
            .can_sign_in = 0,
            .provided = 19,
            .end_on = NULL,
        },
        "1966-07-23",
        {
            /* en */
            {
                "Cancelling a contract subscription started 1966-05-17, now in a 2-month renewal "
                "term (9927.14 EUR per invoice, invoiced monthly)\n"
                "requested on 1975-04-11 online by a product admin and billing contact.\n"
                "\n"
                "Not allowed as asked (online):\n"
                "  - cancelling online in the admin portal needs the billing-admin role\n"
                "  - a fixed-term contract is cancelled by contacting support\n"
                "  - an outstanding balance keeps you from cancelling online\n"
                "  - you cannot sign in to the admin portal (reset your password first)\n"
                "What to do instead: contact support, who can cancel it for you.\n"
                "If support cancels it on 1975-04-11, service ends on 1975-05-31 (the last day of "
                "access).\n"
                "\n"
                "Current term       1975-03-01 to 1975-04-30 (2 months)\n"
                "Notice deadline    1975-03-02 (missed: renews first)\n"
                "Last day of access 1975-05-31, after one more renewal\n"
                "Still charged      19854.28 EUR (this billing period and every later one)\n"
                "  to be invoiced   9927.14 EUR in 1 invoice, the next on 1975-05-01\n"
                "Refund             0.00 EUR\n"
                "Termination fee    5459.93 EUR instead of the rest of the contract term\n"
                "Data               kept through 1975-06-30, deleted on 1975-07-01 (gone for "
                "good)\n"
                "Confirmation       by e-mail\n"
                "\n"
                "Before you go:\n"
                "  - notice came after the deadline (1975-03-02): the term renews once more and "
                "that term is owed\n"
                "  - settle the outstanding balance of 0.22 EUR\n"
                "  - unassign the 3 licences still assigned to users\n"
                "  - have ready for the support call: the account ID; the billing admin's e-mail; "
                "the last four digits of the payment card; the billing address of the payment "
                "method; the product(s) to cancel\n"
                "  - a termination fee of 5459.93 EUR is charged instead of the rest of the term\n"
                "  - back up or transfer any data you need: the last day of access is 1975-05-31\n",
                "On 1966-07-23: active (active, renewing at each term end)\n"
                "Holds              from 1966-05-17 until further notice\n"
                "Billing page       lists it as active\n",
                "1966-05-17  start\n"
                "1966-05-17  invoice                       4803.45 EUR\n"
                "1966-09-01  renewal                                    term 1\n"
                "1975-03-02  notice deadline                            term 52\n"
                "1975-04-11  cancellation                               term 52\n"
                "1975-04-11  termination fee               5459.93 EUR  term 52\n"
                "1975-06-01  first day without access\n"
                "1975-07-01  data deleted\n",
            },
            /* it */
            {
                "Annullamento di un abbonamento a contratto iniziato il 17/05/1966, ora in un "
                "rinnovo di 2 mesi (9.927,14 EUR per fattura, fatturato ogni mese)\n"
                "richiesto il 11/04/1975 online da un amministratore del prodotto e contatto "
                "autorizzato per la fatturazione.\n"
                "\n"
                "Non consentito così come richiesto (online):\n"
                "  - per annullare online nel portale di amministrazione servono i permessi di "
                "amministratore della fatturazione\n"
                "  - un contratto a tempo determinato si annulla contattando il supporto\n"
                "  - un saldo in sospeso ti impedisce di annullare online\n"
                "  - non riesci ad accedere al portale di amministrazione (reimposta prima la "
                "password)\n"
                "Cosa fare invece: contatta il supporto, che può annullarlo per te.\n"
                "Se il supporto lo annulla il 11/04/1975, il servizio termina il 31/05/1975 "
                "(l'ultimo giorno di accesso).\n"
                "\n"
                "Periodo attuale           dal 01/03/1975 al 30/04/1975 (2 mesi)\n"
                "Termine di preavviso      02/03/1975 (superato: prima si rinnova)\n"
                "Ultimo giorno di accesso  31/05/1975, dopo un altro rinnovo\n"
                "Ancora addebitato         19.854,28 EUR (questo periodo di fatturazione e tutti i "
                "successivi)\n"
                "  da fatturare            9.927,14 EUR in 1 fattura, la prossima il 01/05/1975\n"
                "Rimborso                  0,00 EUR\n"
                "Penale di recesso         5.459,93 EUR al posto del resto del contratto\n"
                "Dati                      conservati fino al 30/06/1975, cancellati il 01/07/1975 "
                "(non recuperabili)\n"
                "Conferma                  via e-mail\n"
                "\n"
                "Prima di annullare:\n"
                "  - il preavviso è arrivato dopo il termine (02/03/1975): il periodo si rinnova "
                "un'altra volta ed è dovuto\n"
                "  - salda il saldo in sospeso di 0,22 EUR\n"
                "  - togli l'assegnazione delle 3 licenze ancora assegnate agli utenti\n"
                "  - prepara per la chiamata all'assistenza: l'ID dell'account; l'indirizzo email "
                "dell'amministratore della fatturazione; le ultime quattro cifre della carta di "
                "pagamento; l'indirizzo di fatturazione del metodo di pagamento; il/i prodotto/i "
                "da annullare\n"
                "  - una penale di recesso di 5.459,93 EUR è addebitata al posto del resto del "
                "periodo\n"
                "  - esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è "
                "il 31/05/1975\n",
                "Al 23/07/1966: attivo (attivo, si rinnova alla fine di ogni periodo)\n"
                "Vale                      dal 17/05/1966 fino a nuovo avviso\n"
                "Pagina di fatturazione    lo elenca tra gli abbonamenti attivi\n",
                "17/05/1966  inizio\n"
                "17/05/1966  fattura                       4.803,45 EUR\n"
                "01/09/1966  rinnovo                                     periodo 1\n"
                "02/03/1975  termine di preavviso                        periodo 52\n"
                "11/04/1975  annullamento                                periodo 52\n"
                "11/04/1975  penale di recesso             5.459,93 EUR  periodo 52\n"
                "01/06/1975  primo giorno senza accesso\n"
                "01/07/1975  dati cancellati\n",
            },
        },
    },
    {
        "timing = immediate; refund = full; termination_fee = 473.17 EUR; termination_fee_percent "
        "= 6; renewal = evergreen; notice_days = 8; notice_applies = terms_over_a_month; "
        "retention_days = 157",
        { .start = "2006-03-14",
          .term = 1,
          .renewal_term = 2,
          .billing = 1,
          .price = 48764,
          .balance = 0,
          .currency = "EUR",
          .auto_renew = 1,
          .contract = 0,
          .online_cancel = 0,
          .licenses = 3,
          .cancelled_on = "2006-05-28",
          .renewal_price = LAPSE_AMOUNT_NONE,
          .billing_day = 0 },
        {
            .on = "2006-03-28",
            .channel = 0,
            .roles = 0,
            .can_sign_in = 0,
            .provided = 1,
            .end_on = NULL,
        },
        "2011-11-27",
        {
            /* en */
            {
                "Cancelling a self-serve subscription started 2006-03-14, now in its initial "
                "1-month term (487.64 EUR per invoice, invoiced monthly)\n"
                "requested on 2006-03-28 online by an ordinary user (no admin role).\n"
                "\n"
                "Not allowed as asked (online):\n"
                "  - you may not cancel: only a billing admin may, or on a contract account a "
                "product admin or an authorised billing contact\n"
                "  - cancelling online in the admin portal needs the billing-admin role\n"
                "  - the admin portal does not offer cancellation for this subscription\n"
                "  - you cannot sign in to the admin portal (reset your password first)\n"
                "What to do instead: ask a billing admin of the account to cancel it.\n"
                "If a billing admin cancels it on 2006-03-28, service ends on 2006-03-28 (the last "
                "day of access).\n"
                "\n"
                "Current term       2006-03-14 to 2006-04-13 (1 month)\n"
                "Last day of access 2006-03-28\n"
                "Still charged      487.64 EUR (this billing period and every later one)\n"
                "  to be invoiced   nothing more: the current period is already invoiced\n"
                "Refund             487.64 EUR\n"
                "Data               kept through 2006-09-01, deleted on 2006-09-02 (gone for "
                "good)\n"
                "Confirmation       listed under Billing > Subscriptions > Expired once it has "
                "ended\n"
                "\n"
                "Before you go:\n"
                "  - unassign the 3 licences still assigned to users\n"
                "  - the last day of access is 2006-03-28, before the term's last day "
                "(2006-04-13)\n"
                "  - 487.64 EUR is refunded\n"
                "  - back up or transfer any data you need: the last day of access is 2006-03-28\n",
                "On 2011-11-27: deleted (data deleted for good)\n"
                "Holds              from 2006-11-02 until further notice\n"
                "Last day of access 2006-05-28\n"
                "Data               kept through 2006-11-01, deleted on 2006-11-02 (gone for "
                "good)\n"
                "Settled            refund 487.64 EUR, termination fee 0.00 EUR\n"
                "Billing page       lists it under Billing > Subscriptions > Expired\n",
                "2006-03-14  start                                      term 0\n"
                "2006-03-14  invoice                        487.64 EUR  term 0\n"
                "2006-03-28  cancellation                               term 0\n"
                "2006-03-28  refund                         487.64 EUR  term 0\n"
                "2006-03-29  first day without access\n"
                "2006-09-02  data deleted\n",
            },
            /* it */
            {
                "Annullamento di un abbonamento senza contratto iniziato il 14/03/2006, ora nel "
                "periodo iniziale di 1 mese (487,64 EUR per fattura, fatturato ogni mese)\n"
                "richiesto il 28/03/2006 online da un utente senza ruoli di amministratore.\n"
                "\n"
                "Non consentito così come richiesto (online):\n"
                "  - non puoi annullare: può farlo solo un amministratore della fatturazione o, "
                "per gli account con contratto, un amministratore del prodotto o un contatto "
                "autorizzato per la fatturazione\n"
                "  - per annullare online nel portale di amministrazione servono i permessi di "
                "amministratore della fatturazione\n"
                "  - l'annullamento non è disponibile nel portale di amministrazione per questo "
                "abbonamento\n"
                "  - non riesci ad accedere al portale di amministrazione (reimposta prima la "
                "password)\n"
                "Cosa fare invece: chiedi a un amministratore della fatturazione dell'account di "
                "annullarlo.\n"
                "Se un amministratore della fatturazione lo annulla il 28/03/2006, il servizio "
                "termina il 28/03/2006 (l'ultimo giorno di accesso).\n"
                "\n"
                "Periodo attuale           dal 14/03/2006 al 13/04/2006 (1 mese)\n"
                "Ultimo giorno di accesso  28/03/2006\n"
                "Ancora addebitato         487,64 EUR (questo periodo di fatturazione e tutti i "
                "successivi)\n"
                "  da fatturare            nient'altro: il periodo attuale è già fatturato\n"
                "Rimborso                  487,64 EUR\n"
                "Dati                      conservati fino al 01/09/2006, cancellati il 02/09/2006 "
                "(non recuperabili)\n"
                "Conferma                  elencato in Fatturazione > Abbonamenti > Scaduti una "
                "volta terminato\n"
                "\n"
                "Prima di annullare:\n"
                "  - togli l'assegnazione delle 3 licenze ancora assegnate agli utenti\n"
                "  - l'ultimo giorno di accesso è il 28/03/2006, prima dell'ultimo giorno del "
                "periodo (13/04/2006)\n"
                "  - 487,64 EUR viene rimborsato\n"
                "  - esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è "
                "il 28/03/2006\n",
                "Al 27/11/2011: cancellato (dati cancellati definitivamente)\n"
                "Vale                      dal 02/11/2006 fino a nuovo avviso\n"
                "Ultimo giorno di accesso  28/05/2006\n"
                "Dati                      conservati fino al 01/11/2006, cancellati il 02/11/2006 "
                "(non recuperabili)\n"
                "Liquidato                 rimborso 487,64 EUR, penale di recesso 0,00 EUR\n"
                "Pagina di fatturazione    lo elenca in Fatturazione > Abbonamenti > Scaduti\n",
                "14/03/2006  inizio                                      periodo 0\n"
                "14/03/2006  fattura                         487,64 EUR  periodo 0\n"
                "28/03/2006  annullamento                                periodo 0\n"
                "28/03/2006  rimborso                        487,64 EUR  periodo 0\n"
                "29/03/2006  primo giorno senza accesso\n"
                "02/09/2006  dati cancellati\n",
            },
        },
    },
    {
        "timing = immediate; refund = prorated; termination_fee = 911.35 EUR; "
        "termination_fee_percent = 76; cooling_off_applies = all; renewal = none; notice_days = "
        "56; notice_applies = terms_over_a_month; retention_days = 29; proration_days = 30; "
        "invoicing = in_arrears; leading_period = full",
        { .start = "1956-09-06",
          .term = 36,
          .renewal_term = 0,
          .billing = 6,
          .price = 488996,
          .balance = 605,
          .currency = "EUR",
          .auto_renew = 0,
          .contract = 0,
          .online_cancel = 1,
          .licenses = 1,
          .cancelled_on = "1956-10-07",
          .renewal_price = LAPSE_AMOUNT_NONE,
          .billing_day = 19 },
        {
            .on = "1956-09-18",
            .channel = 1,
            .roles = 3,
            .can_sign_in = 0,
            .provided = 29,
            .end_on = NULL,
        },
        "1957-06-05",
        {
            /* en */
            {
                "Cancelling a self-serve subscription started 1956-09-06, now in its leading "
                "partial period before the first billing day, 1956-09-19 (4889.96 EUR per invoice, "
                "invoiced every 6 months in arrears)\n"
                "requested on 1956-09-18 through support by a billing admin and product admin.\n"
                "\n"
                "Allowed: the cancellation goes through by contacting support.\n"
                "\n"
                "Current term       1956-09-06 to 1956-09-18 (a leading partial period of 13 "
                "days)\n"
                "Last day of access 1959-09-18, after one more renewal\n"
                "Still charged      34229.72 EUR (this billing period and every later one)\n"
                "  to be invoiced   34229.72 EUR in 7 invoices, the next on 1956-09-19\n"
                "  after access     you keep paying 4889.96 EUR in 1 invoice after access ends\n"
                "Refund             0.00 EUR\n"
                "Data               kept through 1959-10-17, deleted on 1959-10-18 (gone for "
                "good)\n"
                "Confirmation       listed under Billing > Subscriptions > Expired once it has "
                "ended\n"
                "\n"
                "Before you go:\n"
                "  - it was already set to end (last day of access 1959-09-18); cancelling again "
                "changes nothing\n"
                "  - settle the outstanding balance of 6.05 EUR\n"
                "  - unassign the 1 licence still assigned to a user\n"
                "  - have ready for the support call: the billing admin's e-mail\n"
                "  - back up or transfer any data you need: the last day of access is 1959-09-18\n",
                "On 1957-06-05: ending (active but ending: no renewal)\n"
                "Holds              from 1956-10-07 through 1959-09-18\n"
                "Last day of access 1959-09-18\n"
                "Data               kept through 1959-10-17, deleted on 1959-10-18 (gone for "
                "good)\n"
                "Billing page       lists it as active\n",
                "1956-09-06  start\n"
                "1956-09-19  invoice                       4889.96 EUR\n"
                "1959-09-19  first day without access\n"
                "1959-10-18  data deleted\n",
            },
            /* it */
            {
                "Annullamento di un abbonamento senza contratto iniziato il 06/09/1956, ora nel "
                "periodo parziale iniziale prima del primo giorno di fatturazione, il 19/09/1956 "
                "(4.889,96 EUR per fattura, fatturato ogni 6 mesi a periodo concluso)\n"
                "richiesto il 18/09/1956 tramite il supporto da un amministratore della "
                "fatturazione e amministratore del prodotto.\n"
                "\n"
                "Consentito: l'annullamento avviene contattando il supporto.\n"
                "\n"
                "Periodo attuale           dal 06/09/1956 al 18/09/1956 (periodo parziale iniziale "
                "di 13 giorni)\n"
                "Ultimo giorno di accesso  18/09/1959, dopo un altro rinnovo\n"
                "Ancora addebitato         34.229,72 EUR (questo periodo di fatturazione e tutti i "
                "successivi)\n"
                "  da fatturare            34.229,72 EUR in 7 fatture, la prossima il 19/09/1956\n"
                "  dopo l'accesso          continuerai a pagare 4.889,96 EUR in 1 fattura dopo la "
                "fine dell'accesso\n"
                "Rimborso                  0,00 EUR\n"
                "Dati                      conservati fino al 17/10/1959, cancellati il 18/10/1959 "
                "(non recuperabili)\n"
                "Conferma                  elencato in Fatturazione > Abbonamenti > Scaduti una "
                "volta terminato\n"
                "\n"
                "Prima di annullare:\n"
                "  - era già impostato per terminare (ultimo giorno di accesso 18/09/1959): "
                "annullarlo di nuovo non cambia nulla\n"
                "  - salda il saldo in sospeso di 6,05 EUR\n"
                "  - togli l'assegnazione della 1 licenza ancora assegnata a un utente\n"
                "  - prepara per la chiamata all'assistenza: l'indirizzo email dell'amministratore "
                "della fatturazione\n"
                "  - esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è "
                "il 18/09/1959\n",
                "Al 05/06/1957: in chiusura (attivo ma in chiusura: nessun rinnovo)\n"
                "Vale                      dal 07/10/1956 al 18/09/1959\n"
                "Ultimo giorno di accesso  18/09/1959\n"
                "Dati                      conservati fino al 17/10/1959, cancellati il 18/10/1959 "
                "(non recuperabili)\n"
                "Pagina di fatturazione    lo elenca tra gli abbonamenti attivi\n",
                "06/09/1956  inizio\n"
                "19/09/1956  fattura                       4.889,96 EUR\n"
                "19/09/1959  primo giorno senza accesso\n"
                "18/10/1959  dati cancellati\n",
            },
        },
    },
    {
        "timing = end_of_billing_period; refund = prorated; commitment = waived; termination_fee = "
        "470.26 EUR; termination_fee_percent = 26; cooling_off_days = 29; notice_days = 32; "
        "notice_applies = terms_over_a_month; retention_days = 240; proration_days = 30; month_end "
        "= sticky; invoicing = in_arrears; leading_period = free",
        { .start = "2012-02-09",
          .term = 15,
          .renewal_term = 0,
          .billing = 0,
          .price = 104717,
          .balance = 0,
          .currency = "EUR",
          .auto_renew = 1,
          .contract = 0,
          .online_cancel = 0,
          .licenses = 2,
          .cancelled_on = "2018-04-07",
          .renewal_price = LAPSE_AMOUNT_NONE,
          .billing_day = 10 },
        {
            .on = "2015-08-03",
            .channel = 0,
            .roles = 3,
            .can_sign_in = 0,
            .provided = 10,
            .end_on = "2015-09-19",
        },
        "2018-08-27",
        {
            /* en */
            {
                "Cancelling a self-serve subscription started 2012-02-09, now in a 15-month "
                "renewal term (1047.17 EUR per invoice, the whole term up front in arrears)\n"
                "requested on 2015-08-03 online by a billing admin and product admin.\n"
                "\n"
                "Not allowed as asked (online):\n"
                "  - the admin portal does not offer cancellation for this subscription\n"
                "  - you cannot sign in to the admin portal (reset your password first)\n"
                "What to do instead: contact support, who can cancel it for you.\n"
                "Call support by 2015-10-09 so that service ends on 2015-11-09 (the last day of "
                "access).\n"
                "\n"
                "Current term       2014-08-10 to 2015-11-09 (15 months)\n"
                "Notice deadline    2015-10-09 (the last day to give notice for this end)\n"
                "Last day of access 2015-11-09\n"
                "Still charged      1047.17 EUR (this billing period and every later one)\n"
                "  to be invoiced   1047.17 EUR in 1 invoice, the next on 2015-11-10\n"
                "  after access     you keep paying 1047.17 EUR in 1 invoice after access ends\n"
                "Refund             0.00 EUR\n"
                "Data               kept through 2016-07-06, deleted on 2016-07-07 (gone for "
                "good)\n"
                "Confirmation       listed under Billing > Subscriptions > Expired once it has "
                "ended\n"
                "\n"
                "Before you go:\n"
                "  - unassign the 2 licences still assigned to users\n"
                "  - have ready for the support call: the account ID; the billing admin's e-mail; "
                "the last four digits of the payment card; the billing address of the payment "
                "method; the product(s) to cancel\n"
                "  - back up or transfer any data you need: the last day of access is 2015-11-09\n",
                "On 2018-08-27: expired (expired: no access, data still kept)\n"
                "Holds              from 2018-05-10 through 2019-01-04\n"
                "Last day of access 2018-05-09\n"
                "Data               kept through 2019-01-04, deleted on 2019-01-05 (gone for "
                "good)\n"
                "Billing page       lists it under Billing > Subscriptions > Expired\n",
                "2012-02-09  start\n"
                "2012-02-10  invoice                          0.00 EUR\n"
                "2013-05-10  renewal                                    term 1\n"
                "2015-08-03  cancellation                               term 2\n"
                "2015-10-09  notice deadline                            term 2\n"
                "2015-11-10  first day without access\n"
                "2016-07-07  data deleted\n",
            },
            /* it */
            {
                "Annullamento di un abbonamento senza contratto iniziato il 09/02/2012, ora in un "
                "rinnovo di 15 mesi (1.047,17 EUR per fattura, l'intero periodo in anticipo a "
                "periodo concluso)\n"
                "richiesto il 03/08/2015 online da un amministratore della fatturazione e "
                "amministratore del prodotto.\n"
                "\n"
                "Non consentito così come richiesto (online):\n"
                "  - l'annullamento non è disponibile nel portale di amministrazione per questo "
                "abbonamento\n"
                "  - non riesci ad accedere al portale di amministrazione (reimposta prima la "
                "password)\n"
                "Cosa fare invece: contatta il supporto, che può annullarlo per te.\n"
                "Chiama il supporto entro il 09/10/2015 perché il servizio termini il 09/11/2015 "
                "(l'ultimo giorno di accesso).\n"
                "\n"
                "Periodo attuale           dal 10/08/2014 al 09/11/2015 (15 mesi)\n"
                "Termine di preavviso      09/10/2015 (l'ultimo giorno utile per questa data di "
                "fine)\n"
                "Ultimo giorno di accesso  09/11/2015\n"
                "Ancora addebitato         1.047,17 EUR (questo periodo di fatturazione e tutti i "
                "successivi)\n"
                "  da fatturare            1.047,17 EUR in 1 fattura, la prossima il 10/11/2015\n"
                "  dopo l'accesso          continuerai a pagare 1.047,17 EUR in 1 fattura dopo la "
                "fine dell'accesso\n"
                "Rimborso                  0,00 EUR\n"
                "Dati                      conservati fino al 06/07/2016, cancellati il 07/07/2016 "
                "(non recuperabili)\n"
                "Conferma                  elencato in Fatturazione > Abbonamenti > Scaduti una "
                "volta terminato\n"
                "\n"
                "Prima di annullare:\n"
                "  - togli l'assegnazione delle 2 licenze ancora assegnate agli utenti\n"
                "  - prepara per la chiamata all'assistenza: l'ID dell'account; l'indirizzo email "
                "dell'amministratore della fatturazione; le ultime quattro cifre della carta di "
                "pagamento; l'indirizzo di fatturazione del metodo di pagamento; il/i prodotto/i "
                "da annullare\n"
                "  - esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è "
                "il 09/11/2015\n",
                "Al 27/08/2018: scaduto (scaduto: nessun accesso, dati ancora conservati)\n"
                "Vale                      dal 10/05/2018 al 04/01/2019\n"
                "Ultimo giorno di accesso  09/05/2018\n"
                "Dati                      conservati fino al 04/01/2019, cancellati il 05/01/2019 "
                "(non recuperabili)\n"
                "Pagina di fatturazione    lo elenca in Fatturazione > Abbonamenti > Scaduti\n",
                "09/02/2012  inizio\n"
                "10/02/2012  fattura                           0,00 EUR\n"
                "10/05/2013  rinnovo                                     periodo 1\n"
                "03/08/2015  annullamento                                periodo 2\n"
                "09/10/2015  termine di preavviso                        periodo 2\n"
                "10/11/2015  primo giorno senza accesso\n"
                "07/07/2016  dati cancellati\n",
            },
        },
    },
    {
        "timing = end_of_billing_period; commitment = waived; termination_fee = 562.04 EUR; "
        "termination_fee_percent = 42; notice_days = 34; retention_days = 87",
        { .start = "2029-09-01",
          .term = 36,
          .renewal_term = 15,
          .billing = 3,
          .price = 655788,
          .balance = 0,
          .currency = "EUR",
          .auto_renew = 1,
          .contract = 1,
          .online_cancel = 1,
          .licenses = 1,
          .cancelled_on = NULL,
          .renewal_price = 667077,
          .billing_day = 0 },
        {
            .on = "2029-10-01",
            .channel = 1,
            .roles = 5,
            .can_sign_in = 1,
            .provided = 1,
            .end_on = "2031-09-27",
        },
        "2029-08-22",
        {
            /* en */
            {
                "Cancelling a contract subscription started 2029-09-01, now in its initial "
                "36-month term (6557.88 EUR per invoice, invoiced every 3 months)\n"
                "requested on 2029-10-01 through support by a billing admin and billing contact.\n"
                "\n"
                "Allowed: the cancellation goes through by contacting support.\n"
                "\n"
                "Current term       2029-09-01 to 2032-08-31 (36 months)\n"
                "Last day of access 2031-11-30\n"
                "Still charged      59020.92 EUR (this billing period and every later one)\n"
                "  to be invoiced   52463.04 EUR in 8 invoices, the next on 2029-12-01\n"
                "Refund             0.00 EUR\n"
                "Data               kept through 2032-02-25, deleted on 2032-02-26 (gone for "
                "good)\n"
                "Confirmation       by e-mail\n"
                "\n"
                "Before you go:\n"
                "  - unassign the 1 licence still assigned to a user\n"
                "  - have ready for the support call: the billing admin's e-mail; the last four "
                "digits of the payment card; the billing address of the payment method; the "
                "product(s) to cancel\n"
                "  - the last day of access is 2031-11-30, before the term's last day "
                "(2032-08-31)\n"
                "  - the rest of the contract term is waived: nothing is charged after access "
                "ends\n"
                "  - back up or transfer any data you need: the last day of access is 2031-11-30\n",
                "On 2029-08-22: not started (not started yet)\n"
                "Holds              through 2029-08-31\n"
                "Billing page       lists it as active\n",
                "2029-09-01  start                                      term 0\n"
                "2029-09-01  invoice                       6557.88 EUR  term 0\n"
                "2029-10-01  cancellation                               term 0\n"
                "2031-12-01  first day without access\n"
                "2032-02-26  data deleted\n",
            },
            /* it */
            {
                "Annullamento di un abbonamento a contratto iniziato il 01/09/2029, ora nel "
                "periodo iniziale di 36 mesi (6.557,88 EUR per fattura, fatturato ogni 3 mesi)\n"
                "richiesto il 01/10/2029 tramite il supporto da un amministratore della "
                "fatturazione e contatto autorizzato per la fatturazione.\n"
                "\n"
                "Consentito: l'annullamento avviene contattando il supporto.\n"
                "\n"
                "Periodo attuale           dal 01/09/2029 al 31/08/2032 (36 mesi)\n"
                "Ultimo giorno di accesso  30/11/2031\n"
                "Ancora addebitato         59.020,92 EUR (questo periodo di fatturazione e tutti i "
                "successivi)\n"
                "  da fatturare            52.463,04 EUR in 8 fatture, la prossima il 01/12/2029\n"
                "Rimborso                  0,00 EUR\n"
                "Dati                      conservati fino al 25/02/2032, cancellati il 26/02/2032 "
                "(non recuperabili)\n"
                "Conferma                  via e-mail\n"
                "\n"
                "Prima di annullare:\n"
                "  - togli l'assegnazione della 1 licenza ancora assegnata a un utente\n"
                "  - prepara per la chiamata all'assistenza: l'indirizzo email dell'amministratore "
                "della fatturazione; le ultime quattro cifre della carta di pagamento; l'indirizzo "
                "di fatturazione del metodo di pagamento; il/i prodotto/i da annullare\n"
                "  - l'ultimo giorno di accesso è il 30/11/2031, prima dell'ultimo giorno del "
                "periodo (31/08/2032)\n"
                "  - il resto del contratto è condonato: nulla è addebitato dopo la fine "
                "dell'accesso\n"
                "  - esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è "
                "il 30/11/2031\n",
                "Al 22/08/2029: non iniziato (non ancora iniziato)\n"
                "Vale                      fino al 31/08/2029\n"
                "Pagina di fatturazione    lo elenca tra gli abbonamenti attivi\n",
                "01/09/2029  inizio                                      periodo 0\n"
                "01/09/2029  fattura                       6.557,88 EUR  periodo 0\n"
                "01/10/2029  annullamento                                periodo 0\n"
                "01/12/2031  primo giorno senza accesso\n"
                "26/02/2032  dati cancellati\n",
            },
        },
    },
    {
        "timing = immediate; refund = prorated; commitment = fixed_fee; termination_fee = 120.29 "
        "EUR; termination_fee_percent = 45; cooling_off_days = 23; cooling_off_applies = all; "
        "notice_days = 26; notice_applies = never; retention_days = 334; rounding = down; "
        "proration_days = 30; immediate_end = same_day; invoicing = in_arrears; leading_period = "
        "full",
        { .start = "1959-09-26",
          .term = 24,
          .renewal_term = 0,
          .billing = 8,
          .price = 918099,
          .balance = 0,
          .currency = "EUR",
          .auto_renew = 1,
          .contract = 0,
          .online_cancel = 0,
          .licenses = 3,
          .cancelled_on = NULL,
          .renewal_price = 610001,
          .billing_day = 0 },
        {
            .on = "1959-09-28",
            .channel = 0,
            .roles = 7,
            .can_sign_in = 0,
            .provided = 2,
            .end_on = NULL,
        },
        "1960-01-03",
        {
            /* en */
            {
                "Cancelling a self-serve subscription started 1959-09-26, now in its initial "
                "24-month term (9180.99 EUR per invoice, invoiced every 8 months in arrears)\n"
                "requested on 1959-09-28 online by a billing admin and product admin and billing "
                "contact.\n"
                "\n"
                "Not allowed as asked (online):\n"
                "  - the admin portal does not offer cancellation for this subscription\n"
                "  - you cannot sign in to the admin portal (reset your password first)\n"
                "What to do instead: contact support, who can cancel it for you.\n"
                "If support cancels it on 1959-09-28, service ends on 1959-09-27 (the last day of "
                "access).\n"
                "\n"
                "Current term       1959-09-26 to 1961-09-25 (24 months)\n"
                "Last day of access 1959-09-27\n"
                "Still charged      0.00 EUR (this billing period and every later one)\n"
                "  to be invoiced   nothing more: no day of the current period is charged\n"
                "Refund             0.00 EUR\n"
                "Data               kept through 1960-08-26, deleted on 1960-08-27 (gone for "
                "good)\n"
                "Confirmation       listed under Billing > Subscriptions > Expired once it has "
                "ended\n"
                "\n"
                "Before you go:\n"
                "  - unassign the 3 licences still assigned to users\n"
                "  - have ready for the support call: the account ID; the billing admin's e-mail; "
                "the last four digits of the payment card; the billing address of the payment "
                "method; the product(s) to cancel\n"
                "  - within the cooling-off period: it ends at once and everything paid is "
                "refunded\n"
                "  - back up or transfer any data you need: the last day of access is 1959-09-27\n",
                "On 1960-01-03: active (active, renewing at each term end)\n"
                "Holds              from 1959-09-26 until further notice\n"
                "Billing page       lists it as active\n",
                "1959-09-26  start                                      term 0\n"
                "1959-09-28  cancellation                               term 0\n"
                "1959-09-28  first day without access\n"
                "1960-08-27  data deleted\n",
            },
            /* it */
            {
                "Annullamento di un abbonamento senza contratto iniziato il 26/09/1959, ora nel "
                "periodo iniziale di 24 mesi (9.180,99 EUR per fattura, fatturato ogni 8 mesi a "
                "periodo concluso)\n"
                "richiesto il 28/09/1959 online da un amministratore della fatturazione e "
                "amministratore del prodotto e contatto autorizzato per la fatturazione.\n"
                "\n"
                "Non consentito così come richiesto (online):\n"
                "  - l'annullamento non è disponibile nel portale di amministrazione per questo "
                "abbonamento\n"
                "  - non riesci ad accedere al portale di amministrazione (reimposta prima la "
                "password)\n"
                "Cosa fare invece: contatta il supporto, che può annullarlo per te.\n"
                "Se il supporto lo annulla il 28/09/1959, il servizio termina il 27/09/1959 "
                "(l'ultimo giorno di accesso).\n"
                "\n"
                "Periodo attuale           dal 26/09/1959 al 25/09/1961 (24 mesi)\n"
                "Ultimo giorno di accesso  27/09/1959\n"
                "Ancora addebitato         0,00 EUR (questo periodo di fatturazione e tutti i "
                "successivi)\n"
                "  da fatturare            nient'altro: nessun giorno del periodo attuale è "
                "addebitato\n"
                "Rimborso                  0,00 EUR\n"
                "Dati                      conservati fino al 26/08/1960, cancellati il 27/08/1960 "
                "(non recuperabili)\n"
                "Conferma                  elencato in Fatturazione > Abbonamenti > Scaduti una "
                "volta terminato\n"
                "\n"
                "Prima di annullare:\n"
                "  - togli l'assegnazione delle 3 licenze ancora assegnate agli utenti\n"
                "  - prepara per la chiamata all'assistenza: l'ID dell'account; l'indirizzo email "
                "dell'amministratore della fatturazione; le ultime quattro cifre della carta di "
                "pagamento; l'indirizzo di fatturazione del metodo di pagamento; il/i prodotto/i "
                "da annullare\n"
                "  - entro il periodo di ripensamento: termina subito e tutto quanto pagato è "
                "rimborsato\n"
                "  - esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è "
                "il 27/09/1959\n",
                "Al 03/01/1960: attivo (attivo, si rinnova alla fine di ogni periodo)\n"
                "Vale                      dal 26/09/1959 fino a nuovo avviso\n"
                "Pagina di fatturazione    lo elenca tra gli abbonamenti attivi\n",
                "26/09/1959  inizio                                      periodo 0\n"
                "28/09/1959  annullamento                                periodo 0\n"
                "28/09/1959  primo giorno senza accesso\n"
                "27/08/1960  dati cancellati\n",
            },
        },
    },
    {
        "refund = full; commitment = waived; termination_fee = 260.64 EUR; termination_fee_percent "
        "= 76; cooling_off_days = 24; notice_days = 54; notice_applies = terms_over_a_month; "
        "retention_days = 366; rounding = half_even; proration_days = 30; month_end = sticky; "
        "leading_period = free",
        { .start = "2003-06-02",
          .term = 24,
          .renewal_term = 1,
          .billing = 1,
          .price = 736763,
          .balance = 0,
          .currency = "EUR",
          .auto_renew = 1,
          .contract = 1,
          .online_cancel = 1,
          .licenses = 1,
          .cancelled_on = NULL,
          .renewal_price = LAPSE_AMOUNT_NONE,
          .billing_day = 18 },
        {
            .on = "2005-02-25",
            .channel = 1,
            .roles = 4,
            .can_sign_in = 1,
            .provided = 5,
            .end_on = NULL,
        },
        "2012-11-24",
        {
            /* en */
            {
                "Cancelling a contract subscription started 2003-06-02, now in a 24-month renewal "
                "term (7367.63 EUR per invoice, invoiced monthly)\n"
                "requested on 2005-02-25 through support by a billing contact.\n"
                "\n"
                "Allowed: the cancellation goes through by contacting support.\n"
                "\n"
                "Current term       2003-06-18 to 2005-06-17 (24 months)\n"
                "Notice deadline    2005-04-25 (in time)\n"
                "Last day of access 2005-06-17\n"
                "Still charged      29470.52 EUR (this billing period and every later one)\n"
                "  to be invoiced   22102.89 EUR in 3 invoices, the next on 2005-03-18\n"
                "Refund             0.00 EUR\n"
                "Data               kept through 2006-06-18, deleted on 2006-06-19 (gone for "
                "good)\n"
                "Confirmation       by e-mail\n"
                "\n"
                "Before you go:\n"
                "  - unassign the 1 licence still assigned to a user\n"
                "  - have ready for the support call: the billing admin's e-mail; the billing "
                "address of the payment method; the product(s) to cancel\n"
                "  - back up or transfer any data you need: the last day of access is 2005-06-17\n",
                "On 2012-11-24: active (active, renewing at each term end)\n"
                "Holds              from 2003-06-02 until further notice\n"
                "Billing page       lists it as active\n",
                "2003-06-02  start\n"
                "2003-06-02  invoice                          0.00 EUR\n"
                "2005-02-25  cancellation                               term 0\n"
                "2005-04-25  notice deadline                            term 0\n"
                "2005-06-18  first day without access\n"
                "2006-06-19  data deleted\n",
            },
            /* it */
            {
                "Annullamento di un abbonamento a contratto iniziato il 02/06/2003, ora in un "
                "rinnovo di 24 mesi (7.367,63 EUR per fattura, fatturato ogni mese)\n"
                "richiesto il 25/02/2005 tramite il supporto da un contatto autorizzato per la "
                "fatturazione.\n"
                "\n"
                "Consentito: l'annullamento avviene contattando il supporto.\n"
                "\n"
                "Periodo attuale           dal 18/06/2003 al 17/06/2005 (24 mesi)\n"
                "Termine di preavviso      25/04/2005 (in tempo)\n"
                "Ultimo giorno di accesso  17/06/2005\n"
                "Ancora addebitato         29.470,52 EUR (questo periodo di fatturazione e tutti i "
                "successivi)\n"
                "  da fatturare            22.102,89 EUR in 3 fatture, la prossima il 18/03/2005\n"
                "Rimborso                  0,00 EUR\n"
                "Dati                      conservati fino al 18/06/2006, cancellati il 19/06/2006 "
                "(non recuperabili)\n"
                "Conferma                  via e-mail\n"
                "\n"
                "Prima di annullare:\n"
                "  - togli l'assegnazione della 1 licenza ancora assegnata a un utente\n"
                "  - prepara per la chiamata all'assistenza: l'indirizzo email dell'amministratore "
                "della fatturazione; l'indirizzo di fatturazione del metodo di pagamento; il/i "
                "prodotto/i da annullare\n"
                "  - esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è "
                "il 17/06/2005\n",
                "Al 24/11/2012: attivo (attivo, si rinnova alla fine di ogni periodo)\n"
                "Vale                      dal 02/06/2003 fino a nuovo avviso\n"
                "Pagina di fatturazione    lo elenca tra gli abbonamenti attivi\n",
                "02/06/2003  inizio\n"
                "02/06/2003  fattura                           0,00 EUR\n"
                "25/02/2005  annullamento                                periodo 0\n"
                "25/04/2005  termine di preavviso                        periodo 0\n"
                "18/06/2005  primo giorno senza accesso\n"
                "19/06/2006  dati cancellati\n",
            },
        },
    },
    {
        "timing = end_of_billing_period; refund = full; termination_fee = 693.32 EUR; "
        "termination_fee_percent = 17; cooling_off_applies = all; notice_days = 87; notice_applies "
        "= terms_over_a_month; retention_days = 384; proration_days = 30; month_end = sticky; "
        "immediate_end = same_day; invoicing = in_arrears",
        { .start = "1966-07-06",
          .term = 15,
          .renewal_term = 3,
          .billing = 3,
          .price = 389907,
          .balance = 0,
          .currency = "EUR",
          .auto_renew = 1,
          .contract = 1,
          .online_cancel = 1,
          .licenses = 2,
          .cancelled_on = NULL,
          .renewal_price = LAPSE_AMOUNT_NONE,
          .billing_day = 0 },
        {
            .on = "1966-08-04",
            .channel = 0,
            .roles = 0,
            .can_sign_in = 0,
            .provided = 18,
            .end_on = NULL,
        },
        "1970-07-09",
        {
            /* en */
            {
                "Cancelling a contract subscription started 1966-07-06, now in its initial "
                "15-month term (3899.07 EUR per invoice, invoiced every 3 months in arrears)\n"
                "requested on 1966-08-04 online by an ordinary user (no admin role).\n"
                "\n"
                "Not allowed as asked (online):\n"
                "  - you may not cancel: only a billing admin may, or on a contract account a "
                "product admin or an authorised billing contact\n"
                "  - cancelling online in the admin portal needs the billing-admin role\n"
                "  - a fixed-term contract is cancelled by contacting support\n"
                "  - you cannot sign in to the admin portal (reset your password first)\n"
                "What to do instead: ask a billing admin of the account to cancel it.\n"
                "If a billing admin cancels it on 1966-08-04, service ends on 1966-10-05 (the last "
                "day of access).\n"
                "\n"
                "Current term       1966-07-06 to 1967-10-05 (15 months)\n"
                "Last day of access 1966-10-05\n"
                "Still charged      19495.35 EUR (this billing period and every later one)\n"
                "  to be invoiced   19495.35 EUR in 5 invoices, the next on 1966-10-06\n"
                "  after access     you keep paying 19495.35 EUR in 5 invoices after access ends\n"
                "Refund             0.00 EUR\n"
                "Data               kept through 1967-10-24, deleted on 1967-10-25 (gone for "
                "good)\n"
                "Confirmation       by e-mail\n"
                "\n"
                "Before you go:\n"
                "  - unassign the 2 licences still assigned to users\n"
                "  - the last day of access is 1966-10-05, before the term's last day "
                "(1967-10-05)\n"
                "  - back up or transfer any data you need: the last day of access is 1966-10-05\n",
                "On 1970-07-09: active (active, renewing at each term end)\n"
                "Holds              from 1966-07-06 until further notice\n"
                "Billing page       lists it as active\n",
                "1966-07-06  start                                      term 0\n"
                "1966-08-04  cancellation                               term 0\n"
                "1966-10-06  invoice                       3899.07 EUR  term 0\n"
                "1966-10-06  first day without access\n"
                "1967-10-25  data deleted\n",
            },
            /* it */
            {
                "Annullamento di un abbonamento a contratto iniziato il 06/07/1966, ora nel "
                "periodo iniziale di 15 mesi (3.899,07 EUR per fattura, fatturato ogni 3 mesi a "
                "periodo concluso)\n"
                "richiesto il 04/08/1966 online da un utente senza ruoli di amministratore.\n"
                "\n"
                "Non consentito così come richiesto (online):\n"
                "  - non puoi annullare: può farlo solo un amministratore della fatturazione o, "
                "per gli account con contratto, un amministratore del prodotto o un contatto "
                "autorizzato per la fatturazione\n"
                "  - per annullare online nel portale di amministrazione servono i permessi di "
                "amministratore della fatturazione\n"
                "  - un contratto a tempo determinato si annulla contattando il supporto\n"
                "  - non riesci ad accedere al portale di amministrazione (reimposta prima la "
                "password)\n"
                "Cosa fare invece: chiedi a un amministratore della fatturazione dell'account di "
                "annullarlo.\n"
                "Se un amministratore della fatturazione lo annulla il 04/08/1966, il servizio "
                "termina il 05/10/1966 (l'ultimo giorno di accesso).\n"
                "\n"
                "Periodo attuale           dal 06/07/1966 al 05/10/1967 (15 mesi)\n"
                "Ultimo giorno di accesso  05/10/1966\n"
                "Ancora addebitato         19.495,35 EUR (questo periodo di fatturazione e tutti i "
                "successivi)\n"
                "  da fatturare            19.495,35 EUR in 5 fatture, la prossima il 06/10/1966\n"
                "  dopo l'accesso          continuerai a pagare 19.495,35 EUR in 5 fatture dopo la "
                "fine dell'accesso\n"
                "Rimborso                  0,00 EUR\n"
                "Dati                      conservati fino al 24/10/1967, cancellati il 25/10/1967 "
                "(non recuperabili)\n"
                "Conferma                  via e-mail\n"
                "\n"
                "Prima di annullare:\n"
                "  - togli l'assegnazione delle 2 licenze ancora assegnate agli utenti\n"
                "  - l'ultimo giorno di accesso è il 05/10/1966, prima dell'ultimo giorno del "
                "periodo (05/10/1967)\n"
                "  - esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è "
                "il 05/10/1966\n",
                "Al 09/07/1970: attivo (attivo, si rinnova alla fine di ogni periodo)\n"
                "Vale                      dal 06/07/1966 fino a nuovo avviso\n"
                "Pagina di fatturazione    lo elenca tra gli abbonamenti attivi\n",
                "06/07/1966  inizio                                      periodo 0\n"
                "04/08/1966  annullamento                                periodo 0\n"
                "06/10/1966  fattura                       3.899,07 EUR  periodo 0\n"
                "06/10/1966  primo giorno senza accesso\n"
                "25/10/1967  dati cancellati\n",
            },
        },
    },
    {
        "timing = end_of_billing_period; refund = prorated; commitment = fixed_fee; "
        "termination_fee = 209.19 EUR; termination_fee_percent = 99; cooling_off_days = 14; "
        "renewal = none; notice_days = 32; notice_applies = terms_over_a_month; retention_days = "
        "243",
        { .start = "1988-06-23",
          .term = 3,
          .renewal_term = 15,
          .billing = 3,
          .price = 275278,
          .balance = 0,
          .currency = "EUR",
          .auto_renew = 1,
          .contract = 0,
          .online_cancel = 1,
          .licenses = 0,
          .cancelled_on = NULL,
          .renewal_price = LAPSE_AMOUNT_NONE,
          .billing_day = 20 },
        {
            .on = "1995-04-04",
            .channel = 1,
            .roles = 6,
            .can_sign_in = 1,
            .provided = 22,
            .end_on = NULL,
        },
        "1988-07-02",
        {
            /* en */
            {
                NULL,
                "On 1988-07-02: ending (active but ending: renews once more on 1988-07-20, then "
                "the last day of access is 1988-10-19)\n"
                "Holds              through 1988-10-19\n"
                "Last day of access 1988-10-19\n"
                "Data               kept through 1989-06-19, deleted on 1989-06-20 (gone for "
                "good)\n"
                "Billing page       lists it as active\n",
                "",
            },
            /* it */
            {
                NULL,
                "Al 02/07/1988: in chiusura (attivo ma in chiusura: si rinnova ancora una volta il "
                "20/07/1988, poi l'ultimo giorno di accesso è il 19/10/1988)\n"
                "Vale                      fino al 19/10/1988\n"
                "Ultimo giorno di accesso  19/10/1988\n"
                "Dati                      conservati fino al 19/06/1989, cancellati il 20/06/1989 "
                "(non recuperabili)\n"
                "Pagina di fatturazione    lo elenca tra gli abbonamenti attivi\n",
                "",
            },
        },
    },
    {
        "timing = end_of_billing_period; refund = prorated; commitment = waived; termination_fee = "
        "75.13 EUR; termination_fee_percent = 99; notice_days = 37; notice_applies = never; "
        "retention_days = 370; proration_days = 30; month_end = sticky; leading_period = full",
        { .start = "2025-07-27",
          .term = 2,
          .renewal_term = 0,
          .billing = 1,
          .price = 249971,
          .balance = 41,
          .currency = "EUR",
          .auto_renew = 1,
          .contract = 0,
          .online_cancel = 1,
          .licenses = 3,
          .cancelled_on = NULL,
          .renewal_price = LAPSE_AMOUNT_NONE,
          .billing_day = 28 },
        {
            .on = "2025-07-27",
            .channel = 1,
            .roles = 5,
            .can_sign_in = 0,
            .provided = 17,
            .end_on = NULL,
        },
        "2030-01-12",
        {
            /* en */
            {
                "Cancelling a self-serve subscription started 2025-07-27, now in its leading "
                "partial period before the first billing day, 2025-07-28 (2499.71 EUR per invoice, "
                "invoiced monthly)\n"
                "requested on 2025-07-27 through support by a billing admin and billing contact.\n"
                "\n"
                "Allowed: the cancellation goes through by contacting support.\n"
                "\n"
                "Current term       2025-07-27 to 2025-07-27 (a leading partial period of 1 day)\n"
                "Last day of access 2025-07-27\n"
                "Still charged      2499.71 EUR (this billing period and every later one)\n"
                "  to be invoiced   nothing more: the current period is already invoiced\n"
                "Refund             0.00 EUR\n"
                "Data               kept through 2026-08-01, deleted on 2026-08-02 (gone for "
                "good)\n"
                "Confirmation       listed under Billing > Subscriptions > Expired once it has "
                "ended\n"
                "\n"
                "Before you go:\n"
                "  - settle the outstanding balance of 0.41 EUR\n"
                "  - unassign the 3 licences still assigned to users\n"
                "  - have ready for the support call: the billing admin's e-mail; the last four "
                "digits of the payment card; the billing address of the payment method\n"
                "  - back up or transfer any data you need: the last day of access is 2025-07-27\n",
                "On 2030-01-12: active (active, renewing at each term end)\n"
                "Holds              from 2025-07-27 until further notice\n"
                "Billing page       lists it as active\n",
                "2025-07-27  start\n"
                "2025-07-27  invoice                       2499.71 EUR\n"
                "2025-07-27  cancellation\n"
                "2025-07-28  first day without access\n"
                "2026-08-02  data deleted\n",
            },
            /* it */
            {
                "Annullamento di un abbonamento senza contratto iniziato il 27/07/2025, ora nel "
                "periodo parziale iniziale prima del primo giorno di fatturazione, il 28/07/2025 "
                "(2.499,71 EUR per fattura, fatturato ogni mese)\n"
                "richiesto il 27/07/2025 tramite il supporto da un amministratore della "
                "fatturazione e contatto autorizzato per la fatturazione.\n"
                "\n"
                "Consentito: l'annullamento avviene contattando il supporto.\n"
                "\n"
                "Periodo attuale           dal 27/07/2025 al 27/07/2025 (periodo parziale iniziale "
                "di 1 giorno)\n"
                "Ultimo giorno di accesso  27/07/2025\n"
                "Ancora addebitato         2.499,71 EUR (questo periodo di fatturazione e tutti i "
                "successivi)\n"
                "  da fatturare            nient'altro: il periodo attuale è già fatturato\n"
                "Rimborso                  0,00 EUR\n"
                "Dati                      conservati fino al 01/08/2026, cancellati il 02/08/2026 "
                "(non recuperabili)\n"
                "Conferma                  elencato in Fatturazione > Abbonamenti > Scaduti una "
                "volta terminato\n"
                "\n"
                "Prima di annullare:\n"
                "  - salda il saldo in sospeso di 0,41 EUR\n"
                "  - togli l'assegnazione delle 3 licenze ancora assegnate agli utenti\n"
                "  - prepara per la chiamata all'assistenza: l'indirizzo email dell'amministratore "
                "della fatturazione; le ultime quattro cifre della carta di pagamento; l'indirizzo "
                "di fatturazione del metodo di pagamento\n"
                "  - esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è "
                "il 27/07/2025\n",
                "Al 12/01/2030: attivo (attivo, si rinnova alla fine di ogni periodo)\n"
                "Vale                      dal 27/07/2025 fino a nuovo avviso\n"
                "Pagina di fatturazione    lo elenca tra gli abbonamenti attivi\n",
                "27/07/2025  inizio\n"
                "27/07/2025  fattura                       2.499,71 EUR\n"
                "27/07/2025  annullamento\n"
                "28/07/2025  primo giorno senza accesso\n"
                "02/08/2026  dati cancellati\n",
            },
        },
    },
};

#endif
