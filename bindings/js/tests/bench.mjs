// Benchmark (meson test --benchmark js): calls per second of the package
// (decideCancel one by one, decideMany in one call) against a plain
// JavaScript O(1) implementation of the default policy written here for
// the common inputs (no cancellation recorded, no chosen end, no billing
// day, no renewal price), checked equal to the package on random inputs
// first: the benchmark refuses to time a reference that differs.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.env.LAPSE_JS_PACKAGE;
if (!dir) { console.error('LAPSE_JS_PACKAGE is not set: run through meson test --benchmark'); process.exit(1); }
const lapse = await import(pathToFileURL(path.join(dir, 'lapse.js')).href);

// --- the reference: calendar arithmetic in integers (days since 1970) ---
function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function civil(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}
const leap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y, m) => (m === 2 ? (leap(y) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]);
const parse = (t) => daysFromCivil(+t.slice(0, 4), +t.slice(5, 7), +t.slice(8, 10));
const text = (days) => { const [y, m, d] = civil(days); return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`; };
function addMonths(anchor, n) {
  const [y, m, d] = civil(anchor);
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12 + 1;
  return daysFromCivil(ty, tm, Math.min(d, monthDays(ty, tm)));
}
function monthsSince(anchor, date) {
  const [y1, m1] = civil(anchor);
  const [y2, m2] = civil(date);
  let n = (y2 - y1) * 12 + (m2 - m1);
  if (addMonths(anchor, n) > date) n--;
  return n;
}

const SUPPORT = ['account_id', 'admin_email', 'card_last4', 'billing_address', 'products'];

/** The default policy's decision, O(1): R1-R10, R12 for the inputs above. */
function referenceDecide(s, r) {
  const start = parse(s.start);
  const on = parse(r.on);
  const term = s.term ?? 1;
  const billing = s.billing ?? 1;
  const price = s.price ?? 0;
  const contract = s.contract ?? false;
  const autoRenew = s.auto_renew ?? true;
  const balance = s.balance ?? 0;
  const channel = r.channel ?? 'online';
  const roles = r.roles ?? [];
  const provided = r.provided ?? [];
  const canSignIn = r.can_sign_in ?? true;
  const k = Math.floor(monthsSince(start, on) / term);
  const termStart = addMonths(start, k * term);
  const termEnd = addMonths(start, (k + 1) * term);
  const fixedTerm = contract && term > 1;
  const noticeApplies = fixedTerm && autoRenew;
  const deadline = noticeApplies ? termEnd - 30 : null;
  const missed = noticeApplies && on > deadline;
  const endMonths = (k + (missed ? 2 : 1)) * term;
  const effectiveEnd = addMonths(start, endMonths);
  const step = billing === 0 ? term : billing;
  const period = Math.floor(monthsSince(start, on) / step);
  const periods = endMonths / step - period;
  const billingAdmin = roles.includes('billing_admin');
  const authorized = billingAdmin || (contract && (roles.includes('product_admin') || roles.includes('billing_contact')));
  const online = channel === 'online';
  const blocked = [];
  if (!authorized) blocked.push('not_authorized');
  if (online && !billingAdmin) blocked.push('needs_billing_admin');
  if (online && s.online_cancel === false) blocked.push('online_unavailable');
  if (online && fixedTerm) blocked.push('contract_via_support');
  if (online && balance > 0) blocked.push('outstanding_balance');
  if (online && !canSignIn) blocked.push('cannot_sign_in');
  const missing = online ? [] : SUPPORT.filter((x) => !provided.includes(x));
  const warnings = ['back_up_data'];
  if ((s.licenses ?? 0) > 0) warnings.push('licenses_assigned');
  if (balance > 0) warnings.push('outstanding_balance');
  if (missed) warnings.push('notice_missed');
  if (!autoRenew) warnings.push('already_ending');
  if (missing.length) warnings.push('support_info_missing');
  return {
    allowed: blocked.length === 0,
    blocked,
    warnings,
    missing_support_info: missing,
    route: blocked.length === 0 ? channel : authorized ? 'support' : 'none',
    term_start: text(termStart),
    term_end: text(termEnd),
    notice_deadline: deadline === null ? null : text(deadline),
    renews_first: missed,
    effective_end: text(effectiveEnd),
    remaining_term_charge: periods * price,
    still_to_invoice: (periods - 1) * price,
    refund: 0,
    termination_fee: 0,
    invoices_left: periods - 1,
    next_invoice: periods > 1 ? text(addMonths(start, (period + 1) * step)) : null,
    currency: s.currency ?? 'EUR',
    data_deleted_on: text(effectiveEnd + 90),
    confirmation: contract ? 'email' : 'expired_list',
    // A cancellation (no reduce) of a subscription without items.
    change_effective_on: null,
    recurring_after: 0,
    saving: 0,
    item_results: [],
  };
}

// --- random inputs of that space ---
let seed = 7;
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[int(0, list.length - 1)];
function randomCase() {
  const term = pick([1, 1, 2, 3, 6, 12, 12, 15, 24]);
  const billing = pick([0, 1, 1, term].filter((b) => b === 0 || term % b === 0));
  const start = int(daysFromCivil(1990, 1, 1), daysFromCivil(2030, 12, 31));
  const s = { start: text(start), term, billing, price: int(0, 100000) };
  if (random() < 0.4) s.contract = true;
  if (random() < 0.1) s.auto_renew = false;
  if (random() < 0.1) s.online_cancel = false;
  if (random() < 0.1) s.balance = int(1, 5000);
  if (random() < 0.1) s.licenses = int(1, 5);
  if (random() < 0.2) s.currency = pick(['USD', 'JPY', 'KWD']);
  const r = { on: text(start + int(0, 2500)) };
  if (random() < 0.5) r.channel = pick(['online', 'support']);
  r.roles = ['billing_admin', 'product_admin', 'billing_contact'].filter(() => random() < 0.5);
  if (random() < 0.5) r.provided = SUPPORT.filter(() => random() < 0.6);
  if (random() < 0.1) r.can_sign_in = false;
  return [s, r];
}

// --- equal first ---
const CHECK = 20000;
for (let i = 0; i < CHECK; i++) {
  const [s, r] = randomCase();
  const want = lapse.decideCancel(s, r);
  const got = referenceDecide(s, r);
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    console.error('the plain JavaScript reference differs from lapse:', JSON.stringify({ s, r }), '\nlapse:    ', JSON.stringify(want), '\nreference:', JSON.stringify(got));
    process.exit(1);
  }
}
console.log(`plain JavaScript reference of the default policy: equal to lapse on ${CHECK} random cases`);

// --- timing ---
const N = Number(process.env.LAPSE_JS_BENCH_CALLS || 200000);
const inputs = Array.from({ length: 4096 }, randomCase);
const rows = inputs.map(([s, r]) => ({ ...s, ...r }));
function rate(label, calls, body) {
  body(Math.min(calls, 20000)); // warm-up
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = process.hrtime.bigint();
    body(calls);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  const perSecond = calls / best;
  console.log(`${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} calls/s`);
  return perSecond;
}
let sink = 0;
const wasm = rate('lapse decideCancel (wasm), one call each', N, (n) => {
  for (let i = 0; i < n; i++) { const [s, r] = inputs[i & 4095]; sink += lapse.decideCancel(s, r).invoices_left; }
});
const many = rate('lapse decideMany (wasm), 4096 rows a call', N, (n) => {
  for (let i = 0; i < n; i += 4096) sink += lapse.decideMany(rows).length;
});
const plain = rate('plain JavaScript, default policy only', N, (n) => {
  for (let i = 0; i < n; i++) { const [s, r] = inputs[i & 4095]; sink += referenceDecide(s, r).invoices_left; }
});
console.log(`decideCancel runs at ${(wasm / plain).toFixed(2)}x, decideMany at ${(many / plain).toFixed(2)}x the plain JavaScript reference (every policy key and rule vs the default policy's common case) [${sink > 0 ? 'ok' : ''}]`);
