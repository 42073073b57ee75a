// The portal page's script: reads the account (the form, or JSON with the
// lapse column keys), decides with the lapse package (lapse.js and
// lapse.wasm, next to this file: no other request) and shows what
// cancelling does, in English or Italian.  window.lapsePortal.show(account)
// lets a portal pass the account itself.
import { decideCancel, explain, parseAmount, formatAmount, changes, LapseError } from './lapse.js';

const words = {
  en: {
    title: 'What happens if I cancel?', language: 'Language', intro: 'Tell us about the subscription and who asks: the page answers for this account, with the same rules as billing.',
    subscription: 'Subscription', start: 'Start date', term: 'Term (months)', billing: 'Billed every (months; 0 = up front)', price: 'Price of one invoice', currency: 'Currency', balance: 'Outstanding balance', licenses: 'Licences still assigned', items: 'Seats and add-ons (name:quantity:unit price[:committed[:assigned]], separated by ;)', cancelled_on: 'Already cancelled on (optional)', contract: 'Signed contract with us', auto_renew: 'Renews automatically', online_cancel: 'Cancellation offered in the admin portal',
    request: 'Who asks, when and how', on: 'Date of the request', channel: 'Where', online: 'Here, in the admin portal', support: 'By contacting support', policy: 'Cancellation policy', roles: 'Your roles', billing_admin: 'Billing admin', product_admin: 'Product admin', billing_contact: 'Authorised billing contact', can_sign_in: 'I can sign in to the admin portal', provided: 'Details ready for support', account_id: 'Account ID', admin_email: "Billing admin's e-mail", card_last4: 'Last four digits of the card', billing_address: 'Billing address of the payment method', products: 'The products to cancel',
    json: 'Or paste the account as JSON', json_label: 'Account (keys of the lapse columns: subscription, request, policy)', load: 'Use this account', decide: 'Show what happens', answer: 'For this account', explanation: 'In words', footer: 'Computed in your browser by lapse; nothing you enter leaves this page.',
    verdict_online: 'You can cancel here, in the admin portal.', verdict_support_ok: 'Support can cancel it for you.', verdict_support: 'You cannot cancel here: contact support to cancel.', verdict_none: 'You may not cancel this subscription: ask a billing admin of your account.',
    why: 'Why', prepare: 'Have these ready for support', before: 'Before you go', ready: 'ready', missing: 'missing',
    last_day: 'Last day of access', effective_end: 'Service ends on', term_end: 'Current term ends', notice_deadline: 'Notice deadline', renews_first: 'The notice deadline has passed: the subscription renews once more before it ends.',
    remaining_term_charge: 'Still charged', still_to_invoice: 'Still to be invoiced', invoices: (n, d) => (n ? `${n} invoice${n === 1 ? '' : 's'}, the next on ${d}` : 'nothing more'), refund: 'Refund', termination_fee: 'Termination fee', data_deleted_on: 'Your data are deleted on', data_kept: (d) => `kept until ${d}, then gone for good`, confirmation: 'Confirmation', email: 'by e-mail', expired_list: 'listed under Billing > Subscriptions > Expired once ended',
    change_items: 'Instead of cancelling, keep what you use and pay less:',
    reduce: (name, q, after) => (after === 0 ? `Remove ${name} (${q})` : `Reduce ${name} from ${q} to ${after}`),
    reduce_price: (amount, from) => `${amount} per invoice from ${from}`,
    reduce_saving: (amount) => `${amount} less this term`,
    reduce_unassign: (n) => `unassign ${n} first`,
    reduce_route: { online: 'you can do it here', support: 'support makes this change for you', none: 'a billing admin can ask for it' },
    change: 'Cheaper than cancelling', change_text: (route) => `Remove licences or an add-on instead, or move to a lower plan: ${route === 'support' ? 'support makes these changes for you' : 'you can do it here'}.`,
    reasons: { not_authorized: 'your role may not cancel this subscription', needs_billing_admin: 'cancelling online needs the billing admin role', online_unavailable: 'the admin portal does not offer cancellation for this subscription', contract_via_support: 'a fixed-term contract is cancelled through support', outstanding_balance: 'there is an outstanding balance', cannot_sign_in: 'you cannot sign in to the admin portal' },
    warnings: { back_up_data: 'back up or export the data you need before the last day of access', licenses_assigned: 'unassign the licences still in use', outstanding_balance: 'settle the outstanding balance' },
  },
  it: {
    title: 'Cosa succede se annullo?', language: 'Lingua', intro: "Descrivi l'abbonamento e chi lo chiede: la pagina risponde per questo account, con le stesse regole della fatturazione.",
    subscription: 'Abbonamento', start: 'Data di inizio', term: 'Durata (mesi)', billing: 'Fatturato ogni (mesi; 0 = in anticipo)', price: 'Prezzo di una fattura', currency: 'Valuta', balance: 'Saldo da pagare', licenses: 'Licenze ancora assegnate', items: 'Postazioni e componenti aggiuntivi (nome:quantità:prezzo unitario[:impegnate[:assegnate]], separati da ;)', cancelled_on: 'Già annullato il (facoltativo)', contract: 'Contratto firmato con noi', auto_renew: 'Si rinnova automaticamente', online_cancel: "Annullamento offerto nel portale di amministrazione",
    request: 'Chi lo chiede, quando e come', on: 'Data della richiesta', channel: 'Dove', online: 'Qui, nel portale di amministrazione', support: "Contattando l'assistenza", policy: 'Regole di annullamento', roles: 'I tuoi ruoli', billing_admin: 'Amministratore della fatturazione', product_admin: 'Amministratore del prodotto', billing_contact: 'Contatto di fatturazione autorizzato', can_sign_in: 'Posso accedere al portale di amministrazione', provided: "Dati pronti per l'assistenza", account_id: "ID dell'account", admin_email: "E-mail dell'amministratore della fatturazione", card_last4: 'Ultime quattro cifre della carta', billing_address: 'Indirizzo di fatturazione del metodo di pagamento', products: 'I prodotti da annullare',
    json: "Oppure incolla l'account come JSON", json_label: 'Account (chiavi delle colonne di lapse: subscription, request, policy)', load: 'Usa questo account', decide: 'Mostra cosa succede', answer: 'Per questo account', explanation: 'In parole', footer: 'Calcolato nel tuo browser da lapse; nulla di ciò che inserisci lascia questa pagina.',
    verdict_online: 'Puoi annullare qui, nel portale di amministrazione.', verdict_support_ok: "L'assistenza può annullarlo per te.", verdict_support: "Non puoi annullare qui: contatta l'assistenza per annullare.", verdict_none: "Non puoi annullare questo abbonamento: chiedi a un amministratore della fatturazione del tuo account.",
    why: 'Perché', prepare: "Tieni pronti questi dati per l'assistenza", before: 'Prima di andare', ready: 'pronto', missing: 'mancante',
    last_day: 'Ultimo giorno di accesso', effective_end: 'Il servizio termina il', term_end: 'Il periodo attuale termina', notice_deadline: 'Termine per la disdetta', renews_first: "Il termine per la disdetta è passato: l'abbonamento si rinnova ancora una volta prima di terminare.",
    remaining_term_charge: 'Ancora addebitato', still_to_invoice: 'Ancora da fatturare', invoices: (n, d) => (n ? `${n} ${n === 1 ? 'fattura' : 'fatture'}, la prossima il ${d}` : "nient'altro"), refund: 'Rimborso', termination_fee: 'Penale di recesso', data_deleted_on: 'I tuoi dati vengono cancellati il', data_kept: (d) => `conservati fino al ${d}, poi non recuperabili`, confirmation: 'Conferma', email: 'per e-mail', expired_list: 'elencato in Fatturazione > Abbonamenti > Scaduti una volta terminato',
    change_items: "Invece di annullare, tieni quello che usi e paga meno:",
    reduce: (name, q, after) => (after === 0 ? `Rimuovi ${name} (${q})` : `Riduci ${name} da ${q} a ${after}`),
    reduce_price: (amount, from) => `${amount} per fattura dal ${from}`,
    reduce_saving: (amount) => `${amount} in meno in questo periodo`,
    reduce_unassign: (n) => `rimuovi prima ${n} assegnazioni`,
    reduce_route: { online: 'puoi farlo qui', support: "l'assistenza fa questa modifica per te", none: 'un amministratore della fatturazione può chiederla' },
    change: "Più conveniente dell'annullamento", change_text: (route) => `Rimuovi licenze o un componente aggiuntivo, oppure passa a un piano inferiore: ${route === 'support' ? "l'assistenza fa queste modifiche per te" : 'puoi farlo qui'}.`,
    reasons: { not_authorized: 'il tuo ruolo non può annullare questo abbonamento', needs_billing_admin: "l'annullamento online richiede il ruolo di amministratore della fatturazione", online_unavailable: "il portale di amministrazione non offre l'annullamento per questo abbonamento", contract_via_support: "un contratto a durata fissa si annulla tramite l'assistenza", outstanding_balance: "c'è un saldo da pagare", cannot_sign_in: 'non puoi accedere al portale di amministrazione' },
    warnings: { back_up_data: "esegui il backup o esporta i dati necessari prima dell'ultimo giorno di accesso", licenses_assigned: 'rimuovi le licenze ancora assegnate', outstanding_balance: 'salda il saldo da pagare' },
  },
};

let lang = 'en';
let shown = null; // { account, decision }
const $ = (id) => document.getElementById(id);

/** A date as the language writes it (the explanations' style). */
function day(text) {
  if (!text) return '';
  return lang === 'it' ? `${text.slice(8, 10)}/${text.slice(5, 7)}/${text.slice(0, 4)}` : text;
}
/** The day before a date (the last day of a half-open period). */
function dayBefore(text) {
  const t = Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10)) - 86400000;
  return new Date(t).toISOString().slice(0, 10);
}
/** Minor units in the currency, as the language writes amounts. */
function money(amount, currency) {
  const text = formatAmount(amount, currency);
  if (lang !== 'it') return `${text} ${currency}`;
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, '.');
  return `${grouped}${fraction !== undefined ? `,${fraction}` : ''} ${currency}`;
}

function element(tag, attributes = {}, text = '') {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

function figure(list, label, key, value, shownText) {
  list.append(element('dt', {}, label));
  const dd = element('dd', { 'data-key': key, 'data-value': String(value ?? '') }, shownText);
  list.append(dd);
  return dd;
}

function readForm() {
  const form = $('account');
  const currency = form.currency.value.trim();
  const subscription = {
    start: form.start.value,
    term: Number(form.term.value),
    billing: Number(form.billing.value),
    price: parseAmount(form.price.value.trim() || '0', currency),
    currency,
    contract: form.contract.checked,
    auto_renew: form.auto_renew.checked,
    online_cancel: form.online_cancel.checked,
    balance: parseAmount(form.balance.value.trim() || '0', currency),
    licenses: Number(form.licenses.value || 0),
    cancelled_on: form.cancelled_on.value || null,
    items: form.items.value.trim() || null,
  };
  const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((e) => e.value);
  const request = {
    on: form.on.value,
    channel: form.channel.value,
    roles: checked('roles'),
    can_sign_in: form.can_sign_in.checked,
    provided: checked('provided'),
  };
  return { subscription, request, policy: form.policy.value };
}

function render() {
  if (!shown) return;
  const { account, decision: d } = shown;
  const w = words[lang];
  const c = d.currency;
  $('answer').hidden = false;

  const verdict = $('verdict');
  verdict.className = `verdict ${d.route}`;
  verdict.replaceChildren();
  const sentence = d.allowed ? (d.route === 'online' ? w.verdict_online : w.verdict_support_ok) : d.route === 'none' ? w.verdict_none : w.verdict_support;
  verdict.append(element('p', { 'data-key': 'allowed', 'data-value': String(d.allowed), 'data-route': d.route }, sentence));
  if (d.blocked.length) {
    const reasons = element('ul', { 'data-key': 'blocked', 'data-value': d.blocked.join(';'), 'aria-label': w.why });
    for (const r of d.blocked) reasons.append(element('li', {}, w.reasons[r] || r));
    verdict.append(reasons);
  }

  const checklist = $('checklist');
  checklist.replaceChildren();
  if (d.route === 'support') {
    checklist.append(element('h3', {}, w.prepare));
    const list = element('ul', { 'data-key': 'missing_support_info', 'data-value': d.missing_support_info.join(';') });
    const provided = account.request.provided || [];
    for (const item of ['account_id', 'admin_email', 'card_last4', 'billing_address', 'products']) {
      const ok = provided.includes(item);
      list.append(element('li', {}, `${w[item]}: ${ok ? w.ready : w.missing}`));
    }
    checklist.append(list);
  }
  const todo = d.warnings.filter((x) => w.warnings[x]);
  if (todo.length) {
    checklist.append(element('h3', {}, w.before));
    const list = element('ul', { 'data-key': 'warnings', 'data-value': d.warnings.join(';') });
    for (const x of todo) list.append(element('li', {}, w.warnings[x]));
    checklist.append(list);
  }

  const figures = $('figures');
  figures.replaceChildren();
  figure(figures, w.last_day, 'effective_end', d.effective_end, day(dayBefore(d.effective_end)));
  figure(figures, w.term_end, 'term_end', d.term_end, day(dayBefore(d.term_end)));
  if (d.notice_deadline) figure(figures, w.notice_deadline, 'notice_deadline', d.notice_deadline, day(d.notice_deadline));
  if (d.renews_first) figures.append(element('dd', { class: 'note', 'data-key': 'renews_first', 'data-value': 'true' }, w.renews_first));
  figure(figures, w.remaining_term_charge, 'remaining_term_charge', d.remaining_term_charge, money(d.remaining_term_charge, c));
  const invoiced = figure(figures, w.still_to_invoice, 'still_to_invoice', d.still_to_invoice, `${money(d.still_to_invoice, c)} (${w.invoices(d.invoices_left, day(d.next_invoice))})`);
  invoiced.setAttribute('data-invoices-left', String(d.invoices_left));
  invoiced.setAttribute('data-next-invoice', d.next_invoice || '');
  figure(figures, w.refund, 'refund', d.refund, money(d.refund, c));
  figure(figures, w.termination_fee, 'termination_fee', d.termination_fee, money(d.termination_fee, c));
  figure(figures, w.data_deleted_on, 'data_deleted_on', d.data_deleted_on, `${day(d.data_deleted_on)} (${w.data_kept(day(dayBefore(d.data_deleted_on)))})`);
  figure(figures, w.confirmation, 'confirmation', d.confirmation, w[d.confirmation] || d.confirmation);

  const change = $('change');
  change.replaceChildren();
  // R14: a smaller change may do.  With items, lapse decides the
  // reductions themselves (each item down to the units in use, or
  // removed): what is charged after, from when, what it saves this term,
  // and where it is made.  Without, with licences assigned, the changes
  // lapse routes (changes()).
  const options = shown.options;
  if (options.length) {
    const box = element('div', { class: 'change', 'data-key': 'change', 'data-value': 'items' });
    const list = element('ul');
    for (const { name, reduce, decision: r, result } of options) {
      const parts = [w.reduce_price(money(r.recurring_after, c), day(r.change_effective_on))];
      if (r.saving > 0) parts.push(w.reduce_saving(money(r.saving, c)));
      if (result.unassign > 0) parts.push(w.reduce_unassign(result.unassign));
      parts.push(w.reduce_route[r.route] || r.route);
      list.append(element('li', {
        'data-key': `reduce-${name}`, 'data-value': reduce, 'data-allowed': String(r.allowed), 'data-route': r.route,
        'data-recurring-after': String(r.recurring_after), 'data-saving': String(r.saving),
        'data-change-effective-on': r.change_effective_on || '', 'data-unassign': String(result.unassign),
      }, `${w.reduce(name, result.quantity, result.quantity_after)}: ${parts.join('; ')}.`));
    }
    box.append(element('h3', {}, w.change), element('p', {}, w.change_items), list);
    change.append(box);
  } else if ((account.subscription.licenses || 0) > 0) {
    const route = changes().find((x) => x.change === 'remove_add_on').route;
    const box = element('div', { class: 'change', 'data-key': 'change', 'data-value': route });
    box.append(element('h3', {}, w.change), element('p', {}, w.change_text(route)));
    change.append(box);
  }
  $('explanation').textContent = explain(d, { lang });
  $('explanation').setAttribute('lang', lang);
}

// The units in use of each item (assigned), from the items as an array of
// objects or as their text ("seats:10:5.00:0:6").
function assignedOf(items) {
  const assigned = new Map();
  if (Array.isArray(items)) for (const item of items) assigned.set(item.name, item.assigned || 0);
  else if (typeof items === 'string') for (const part of items.split(';')) assigned.set(part.split(':')[0], Number(part.split(':')[4] || 0));
  return assigned;
}

// The reductions offered instead of cancelling, decided by lapse: each item
// down to its units in use, or removed when all are in use (or none
// assigned); an item with no units is left out, and so is a reduction
// lapse refuses to decide.
function cheaperChanges(account, decision) {
  const assigned = assignedOf(account.subscription.items);
  const options = [];
  for (const item of decision.item_results) {
    if (item.quantity === 0) continue;
    const inUse = assigned.get(item.name) || 0;
    const after = inUse < item.quantity ? inUse : 0;
    try {
      const r = decideCancel(account.subscription, { ...(account.request || {}), reduce: { [item.name]: after } }, account.policy || null);
      const result = r.item_results.find((x) => x.name === item.name);
      options.push({ name: item.name, reduce: `${item.name}=${after}`, decision: r, result });
    } catch (e) {
      if (!(e instanceof LapseError)) throw e;
    }
  }
  return options;
}

function show(account) {
  $('error').hidden = true;
  try {
    const decision = decideCancel(account.subscription, account.request || {}, account.policy || null);
    shown = { account, decision, options: cheaperChanges(account, decision) };
    render();
  } catch (e) {
    if (!(e instanceof LapseError)) throw e;
    shown = null;
    $('answer').hidden = true;
    $('error').textContent = e.message;
    $('error').hidden = false;
    const input = document.getElementById(e.field);
    if (input) input.focus();
  }
}

function setLanguage(code) {
  lang = code;
  document.documentElement.lang = code;
  for (const e of document.querySelectorAll('[data-text]')) {
    const text = words[code][e.dataset.text];
    if (typeof text === 'string') e.textContent = text;
  }
  document.title = words[code].title;
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === code));
  render();
}

$('account').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    show(readForm());
  } catch (e) {
    if (!(e instanceof LapseError)) throw e;
    $('error').textContent = e.message;
    $('error').hidden = false;
  }
});
$('load-json').addEventListener('click', () => {
  try {
    show(JSON.parse($('account-json').value));
  } catch (e) {
    $('error').textContent = e.message;
    $('error').hidden = false;
  }
});
for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLanguage(b.dataset.lang));

window.lapsePortal = { show, setLanguage };
show(readForm());
document.body.dataset.ready = 'true';
