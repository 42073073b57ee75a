/*
 * The words of explanations (words.h): English, and Italian in the
 * vocabulary of the vendor's own support article the rules come from
 * ("Fatturazione > Abbonamenti > Scaduti", "amministratore della
 * fatturazione").  Every field of a table is required; a test checks each
 * template's placeholders against the English one.
 */
#include "words.h"

#include <string.h>

static const lapse__words english = {
    .code = "en",
    .day_first = false,
    .date_separator = '-',
    .decimal_mark = ".",
    .group_mark = "",
    .label_width = 19,

    .cancelling = "Cancelling a %1 subscription started %2, now in %3 (%4 per invoice, %5)\n",
    .contract = "contract",
    .self_serve = "self-serve",
    .initial_term = { "its initial %1-month term", "its initial %1-month term" },
    .renewal_term = { "a %1-month renewal term", "a %1-month renewal term" },
    .leading_term = "its leading partial period before the first billing day, %1",
    .trial_term = "its free trial to %1",
    .up_front = "the whole term up front",
    .monthly = "invoiced monthly",
    .every_months = "invoiced every %1 months",
    .in_arrears = " in arrears",
    .intro_price = { ", %1 for the first %2 month", ", %1 for the first %2 months" },
    .requested = "requested on %1 %2 %3.\n\n",
    .via = { "online", "through support" },
    .by_roles = "by a %1",
    .role = { "billing admin", "product admin", "billing contact" },
    .role_join = " and ",
    .by_nobody = "by an ordinary user (no admin role)",

    .allowed = "Allowed: the cancellation goes through %1.\n\n",
    .allowed_how = { "online in the admin portal", "by contacting support" },
    .refused = "Not allowed as asked (%1):\n",
    .reason = { "you may not cancel: only a billing admin may, or on a contract account a "
                "product admin or an authorised billing contact",
                "cancelling online in the admin portal needs the billing-admin role",
                "the admin portal does not offer cancellation for this subscription",
                "a fixed-term contract is cancelled by contacting support",
                "an outstanding balance keeps you from cancelling online",
                "you cannot sign in to the admin portal (reset your password first)",
                "downgrades and add-on removals are made by contacting support" },
    .instead_support = "What to do instead: contact support, who can cancel it for you.\n",
    .instead_admin = "What to do instead: ask a billing admin of the account to cancel it.\n",
    .call_support_by = "Call support by %1 so that service ends on %2 (the last day of access).\n",
    .call_support_now =
        "If support cancels it on %1, service ends on %2 (the last day of access).\n",
    .admin_cancels =
        "If a billing admin cancels it on %1, service ends on %2 (the last day of access).\n",
    .have_ready = "have ready for the support call: %1",
    .support_info = { "the account ID", "the billing admin's e-mail",
                      "the last four digits of the payment card",
                      "the billing address of the payment method", "the product(s) to cancel" },
    .list_join = "; ",

    .label_term = "Current term",
    .label_notice = "Notice deadline",
    .label_last_day = "Last day of access",
    .label_charged = "Still charged",
    .label_invoiced = "  to be invoiced",
    .label_after_access = "  after access",
    .label_refund = "Refund",
    .label_fee = "Termination fee",
    .label_data = "Data",
    .label_confirmation = "Confirmation",
    .term_span = { "%1 to %2 (%3 month)", "%1 to %2 (%3 months)" },
    .trial_span = { "%1 to %2 (a free trial of %3 day)", "%1 to %2 (a free trial of %3 days)" },
    .leading_span = { "%1 to %2 (a leading partial period of %3 day)",
                      "%1 to %2 (a leading partial period of %3 days)" },
    .notice_in_time = "in time",
    .notice_missed = "missed: renews first",
    .notice_cancel_by = "the last day to give notice for this end",
    .notice_by_in_zone = "by %1 23:59 %2",
    .after_renewal = ", after one more renewal",
    .charged = "%1 (this billing period and every later one)",
    .charged_from_resume = "%1 (from the billing period it resumes with, and every later one)",
    .invoiced = { "%1 in %2 invoice, the next on %3", "%1 in %2 invoices, the next on %3" },
    .nothing_invoiced = "nothing more: the current period is already invoiced",
    .nothing_invoiced_in_arrears = "nothing more: no day of the current period is charged",
    .after_access = { "you keep paying %1 in %2 invoice after access ends",
                      "you keep paying %1 in %2 invoices after access ends" },
    .fee = "%1 instead of the rest of the contract term",
    .label_settlement = "  settled as",
    .settlement = "%1 pays the outstanding balance, %2 paid back, %3 kept as account credit; "
                  "balance after: %4",
    .data = "kept through %1, deleted on %2 (gone for good)",
    .confirmation_email = "by e-mail",
    .confirmation_list = "listed under Billing > Subscriptions > Expired once it has ended",

    .before_you_go = "\nBefore you go:\n",
    .already_ending =
        "it was already set to end (last day of access %1); cancelling again changes nothing",
    .notice_came_late =
        "notice came after the deadline (%1): the term renews once more and that term is owed",
    .settle_balance = "settle the outstanding balance of %1",
    .unassign_licences = { "unassign the %1 licence still assigned to a user",
                           "unassign the %1 licences still assigned to users" },
    .cooling_off = "within the cooling-off period: it ends at once and everything paid is refunded",
    .in_trial = "during the free trial (to %2): access ends after %1 and nothing is charged",
    .in_pause = "during the pause (%1 to %2): no access, nothing is invoiced for it and no period "
                "of its own is refunded; what is still charged begins when it resumes",
    .pause_moves_term = "paused %1 to %2: the term's later periods follow the resume",
    .pause_keeps_term = "paused %1 to %2: those billing periods are not invoiced, the term end "
                        "stays",
    .cooling_off_proportionate =
        "within the cooling-off period: it ends at once; having asked for the service to begin "
        "in it, you owe %1 for what was provided (Directive 2011/83/EU art. 14(3)) and the rest "
        "is refunded",
    .ends_before_term_end = "the last day of access is %1, before the term's last day (%2)",
    .commitment_waived =
        "the rest of the contract term is waived: nothing is charged after access ends",
    .termination_fee = "a termination fee of %1 is charged instead of the rest of the term",
    .refund_due = "%1 is refunded",
    .back_up_data = "back up or transfer any data you need: the last day of access is %1",

    .status_on = "On %1: %2 (%3)\n",
    .status_name = { "not started", "active", "ending", "expired", "deleted", "paused" },
    .status_meaning = { "not started yet", "active, renewing at each term end",
                        "active but ending: no renewal", "expired: no access, data still kept",
                        "data deleted for good",
                        "paused: no access and nothing invoiced until it resumes" },
    .status_renews_once =
        "active but ending: renews once more on %1, then the last day of access is %2",
    .label_holds = "Holds",
    .holds = "from %1 through %2",
    .holds_open = "from %1 until further notice",
    .holds_until = "through %1",
    .label_listed = "Billing page",
    .listed = { "lists it as active", "lists it under Billing > Subscriptions > Expired" },
    .label_settled = "Settled",
    .settled = "refund %1, termination fee %2",

    .reducing = "Reducing the items of a %1 subscription started %2, now in %3 (%4 per invoice, "
                "%5)\n",
    .change_allowed = "Allowed: the change goes through %1.\n\n",
    .instead_change_support =
        "What to do instead: contact support, who can make the change for you.\n\n",
    .label_items = "Items",
    .item_change = "%1: %2 -> %3 at %4 each",
    .item_released = ", no longer charged from %1",
    .item_unchanged = "%1: %2 at %3 each, unchanged",
    .label_change = "Change effective",
    .change_on = "%1 (the first day at the new quantities)",
    .charged_with_change = "%1 (this billing period to the term's end, the change applied)",
    .charged_with_change_from_resume =
        "%1 (from the billing period it resumes with to the term's end, the change applied)",
    .label_recurring = "Then per invoice",
    .recurring = "%1 (the first invoice at the new quantities)",
    .label_saving = "Saving",
    .saving = "%1 through the term's last day (%2)",
    .unassign_item = { "unassign %1 licence of %2 first", "unassign %1 licences of %2 first" },
    .units_waived = "the commitment of the released units is waived",
    .units_fee = "a fee of %1 is charged on the released units' remaining commitment",
    .units_owed = "committed units released are still charged through the term's last day (%1)",
    .before_change = "\nBefore the change:\n",

    .event = { "start", "renewal", "invoice", "notice deadline", "cancellation",
               "first day without access", "data deleted", "refund", "termination fee", "reduction",
               "new quantities", "applied to the balance", "account credit", "pause", "resume" },
    .event_width = 25,
    .term_number = "term %1",
};

static const lapse__words italian = {
    .code = "it",
    .day_first = true,
    .date_separator = '/',
    .decimal_mark = ",",
    .group_mark = ".",
    .label_width = 26,

    .cancelling = "Annullamento di un abbonamento %1 iniziato il %2, ora %3 (%4 per fattura, %5)\n",
    .contract = "a contratto",
    .self_serve = "senza contratto",
    .initial_term = { "nel periodo iniziale di %1 mese", "nel periodo iniziale di %1 mesi" },
    .renewal_term = { "in un rinnovo di %1 mese", "in un rinnovo di %1 mesi" },
    .leading_term = "nel periodo parziale iniziale prima del primo giorno di fatturazione, il %1",
    .trial_term = "nella prova gratuita fino al %1",
    .up_front = "l'intero periodo in anticipo",
    .monthly = "fatturato ogni mese",
    .every_months = "fatturato ogni %1 mesi",
    .in_arrears = " a periodo concluso",
    .intro_price = { ", %1 per il primo %2 mese", ", %1 per i primi %2 mesi" },
    .requested = "richiesto il %1 %2 %3.\n\n",
    .via = { "online", "tramite il supporto" },
    .by_roles = "da un %1",
    .role = { "amministratore della fatturazione", "amministratore del prodotto",
              "contatto autorizzato per la fatturazione" },
    .role_join = " e ",
    .by_nobody = "da un utente senza ruoli di amministratore",

    .allowed = "Consentito: l'annullamento avviene %1.\n\n",
    .allowed_how = { "online nel portale di amministrazione", "contattando il supporto" },
    .refused = "Non consentito così come richiesto (%1):\n",
    .reason = { "non puoi annullare: può farlo solo un amministratore della fatturazione o, per "
                "gli account con contratto, un amministratore del prodotto o un contatto "
                "autorizzato per la fatturazione",
                "per annullare online nel portale di amministrazione servono i permessi di "
                "amministratore della fatturazione",
                "l'annullamento non è disponibile nel portale di amministrazione per questo "
                "abbonamento",
                "un contratto a tempo determinato si annulla contattando il supporto",
                "un saldo in sospeso ti impedisce di annullare online",
                "non riesci ad accedere al portale di amministrazione (reimposta prima la "
                "password)",
                "il passaggio a un piano inferiore e la rimozione di un componente aggiuntivo si "
                "fanno contattando il supporto" },
    .instead_support = "Cosa fare invece: contatta il supporto, che può annullarlo per te.\n",
    .instead_admin =
        "Cosa fare invece: chiedi a un amministratore della fatturazione dell'account di "
        "annullarlo.\n",
    .call_support_by = "Chiama il supporto entro il %1 perché il servizio termini il %2 (l'ultimo "
                       "giorno di accesso).\n",
    .call_support_now = "Se il supporto lo annulla il %1, il servizio termina il %2 (l'ultimo "
                        "giorno di accesso).\n",
    .admin_cancels = "Se un amministratore della fatturazione lo annulla il %1, il servizio "
                     "termina il %2 (l'ultimo giorno di accesso).\n",
    .have_ready = "prepara per la chiamata all'assistenza: %1",
    .support_info = { "l'ID dell'account",
                      "l'indirizzo email dell'amministratore della fatturazione",
                      "le ultime quattro cifre della carta di pagamento",
                      "l'indirizzo di fatturazione del metodo di pagamento",
                      "il/i prodotto/i da annullare" },
    .list_join = "; ",

    .label_term = "Periodo attuale",
    .label_notice = "Termine di preavviso",
    .label_last_day = "Ultimo giorno di accesso",
    .label_charged = "Ancora addebitato",
    .label_invoiced = "  da fatturare",
    .label_after_access = "  dopo l'accesso",
    .label_refund = "Rimborso",
    .label_fee = "Penale di recesso",
    .label_data = "Dati",
    .label_confirmation = "Conferma",
    .term_span = { "dal %1 al %2 (%3 mese)", "dal %1 al %2 (%3 mesi)" },
    .trial_span = { "dal %1 al %2 (prova gratuita di %3 giorno)",
                    "dal %1 al %2 (prova gratuita di %3 giorni)" },
    .leading_span = { "dal %1 al %2 (periodo parziale iniziale di %3 giorno)",
                      "dal %1 al %2 (periodo parziale iniziale di %3 giorni)" },
    .notice_in_time = "in tempo",
    .notice_missed = "superato: prima si rinnova",
    .notice_cancel_by = "l'ultimo giorno utile per questa data di fine",
    .notice_by_in_zone = "entro il %1 alle 23:59 %2",
    .after_renewal = ", dopo un altro rinnovo",
    .charged = "%1 (questo periodo di fatturazione e tutti i successivi)",
    .charged_from_resume = "%1 (dal periodo di fatturazione con cui riprende e tutti i successivi)",
    .invoiced = { "%1 in %2 fattura, la prossima il %3", "%1 in %2 fatture, la prossima il %3" },
    .nothing_invoiced = "nient'altro: il periodo attuale è già fatturato",
    .nothing_invoiced_in_arrears = "nient'altro: nessun giorno del periodo attuale è addebitato",
    .after_access = { "continuerai a pagare %1 in %2 fattura dopo la fine dell'accesso",
                      "continuerai a pagare %1 in %2 fatture dopo la fine dell'accesso" },
    .fee = "%1 al posto del resto del contratto",
    .label_settlement = "  ripartito come",
    .settlement = "%1 a saldo del dovuto, %2 restituiti, %3 come credito sul conto; saldo "
                  "residuo: %4",
    .data = "conservati fino al %1, cancellati il %2 (non recuperabili)",
    .confirmation_email = "via e-mail",
    .confirmation_list = "elencato in Fatturazione > Abbonamenti > Scaduti una volta terminato",

    .before_you_go = "\nPrima di annullare:\n",
    .already_ending = "era già impostato per terminare (ultimo giorno di accesso %1): annullarlo "
                      "di nuovo non cambia nulla",
    .notice_came_late = "il preavviso è arrivato dopo il termine (%1): il periodo si rinnova "
                        "un'altra volta ed è dovuto",
    .settle_balance = "salda il saldo in sospeso di %1",
    .unassign_licences = { "togli l'assegnazione della %1 licenza ancora assegnata a un utente",
                           "togli l'assegnazione delle %1 licenze ancora assegnate agli utenti" },
    .cooling_off = "entro il periodo di ripensamento: termina subito e tutto quanto pagato è "
                   "rimborsato",
    .in_trial = "durante la prova gratuita (fino al %2): l'accesso termina dopo il %1 e non è "
                "addebitato nulla",
    .in_pause =
        "durante la sospensione (dal %1 al %2): nessun accesso, nulla è fatturato per essa "
        "e nessun periodo proprio è rimborsato; quanto resta addebitato inizia alla ripresa",
    .pause_moves_term = "sospeso dal %1 al %2: i periodi successivi del periodo contrattuale "
                        "seguono la ripresa",
    .pause_keeps_term = "sospeso dal %1 al %2: quei periodi di fatturazione non sono fatturati, la "
                        "fine del periodo contrattuale resta",
    .cooling_off_proportionate =
        "entro il periodo di ripensamento: termina subito; avendo chiesto che il servizio "
        "iniziasse durante il periodo, devi %1 per quanto fornito (direttiva 2011/83/UE art. "
        "14, par. 3) e il resto è rimborsato",
    .ends_before_term_end =
        "l'ultimo giorno di accesso è il %1, prima dell'ultimo giorno del periodo (%2)",
    .commitment_waived =
        "il resto del contratto è condonato: nulla è addebitato dopo la fine dell'accesso",
    .termination_fee = "una penale di recesso di %1 è addebitata al posto del resto del periodo",
    .refund_due = "%1 viene rimborsato",
    .back_up_data =
        "esegui il backup o trasferisci i dati necessari: l'ultimo giorno di accesso è il %1",

    .status_on = "Al %1: %2 (%3)\n",
    .status_name = { "non iniziato", "attivo", "in chiusura", "scaduto", "cancellato", "sospeso" },
    .status_meaning = { "non ancora iniziato", "attivo, si rinnova alla fine di ogni periodo",
                        "attivo ma in chiusura: nessun rinnovo",
                        "scaduto: nessun accesso, dati ancora conservati",
                        "dati cancellati definitivamente",
                        "sospeso: nessun accesso e nulla fatturato fino alla ripresa" },
    .status_renews_once = "attivo ma in chiusura: si rinnova ancora una volta il %1, poi "
                          "l'ultimo giorno di accesso è il %2",
    .label_holds = "Vale",
    .holds = "dal %1 al %2",
    .holds_open = "dal %1 fino a nuovo avviso",
    .holds_until = "fino al %1",
    .label_listed = "Pagina di fatturazione",
    .listed = { "lo elenca tra gli abbonamenti attivi",
                "lo elenca in Fatturazione > Abbonamenti > Scaduti" },
    .label_settled = "Liquidato",
    .settled = "rimborso %1, penale di recesso %2",

    .reducing = "Riduzione degli elementi di un abbonamento %1 iniziato il %2, ora %3 (%4 per "
                "fattura, %5)\n",
    .change_allowed = "Consentito: la modifica avviene %1.\n\n",
    .instead_change_support =
        "Cosa fare invece: contatta il supporto, che può fare la modifica per te.\n\n",
    .label_items = "Elementi",
    .item_change = "%1: da %2 a %3 a %4 l'uno",
    .item_released = ", non più addebitati dal %1",
    .item_unchanged = "%1: %2 a %3 l'uno, invariato",
    .label_change = "Modifica in vigore dal",
    .change_on = "%1 (il primo giorno con le nuove quantità)",
    .charged_with_change =
        "%1 (da questo periodo di fatturazione alla fine del periodo, con la modifica)",
    .charged_with_change_from_resume = "%1 (dal periodo di fatturazione con cui riprende alla "
                                       "fine del periodo, con la modifica)",
    .label_recurring = "Poi per fattura",
    .recurring = "%1 (la prima fattura con le nuove quantità)",
    .label_saving = "Risparmio",
    .saving = "%1 fino all'ultimo giorno del periodo (%2)",
    .unassign_item = { "togli prima l'assegnazione di %1 licenza di %2",
                       "togli prima l'assegnazione di %1 licenze di %2" },
    .units_waived = "l'impegno delle unità rilasciate è condonato",
    .units_fee = "una penale di %1 è addebitata sull'impegno residuo delle unità rilasciate",
    .units_owed = "le unità impegnate rilasciate sono addebitate fino all'ultimo giorno del "
                  "periodo (%1)",
    .before_change = "\nPrima della modifica:\n",

    .event = { "inizio", "rinnovo", "fattura", "termine di preavviso", "annullamento",
               "primo giorno senza accesso", "dati cancellati", "rimborso", "penale di recesso",
               "riduzione", "nuove quantità", "imputato al saldo", "credito sul conto",
               "sospensione", "ripresa" },
    .event_width = 26,
    .term_number = "periodo %1",
};

static const lapse__words *const languages[] = { &english, &italian };

const lapse__words *lapse__words_at(size_t index)
{
    return index < sizeof languages / sizeof languages[0] ? languages[index] : NULL;
}

const lapse__words *lapse__words_of(const char *code)
{
    for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
        if (strcmp(languages[i]->code, code) == 0)
            return languages[i];
    return NULL;
}
