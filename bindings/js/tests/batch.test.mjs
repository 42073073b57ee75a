// 100,000 random rows decided by the package (decideMany) and by `lapse
// batch` on the same rows, compared field by field: every decision column
// of every row, and for a failed row its error (code, field and message).
// The rows cover every input column the library has (random values of
// their type, names from the library's lists), valid and invalid, items
// and reductions, requests at an instant with and without a zone (zones
// loaded from the system's zoneinfo by both), under the default policy and
// per-row presets and settings.  item_results and, the rows having a zone
// column, notice_deadline_at and access_ends_at are compared too.  LAPSE_JS_SEED and
// LAPSE_JS_ROWS change the seed and the count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lapse, run, parseCsv, cellOf, outputText, csvField } from './common.mjs';

const seed = Number(process.env.LAPSE_JS_SEED || 33);
const count = Number(process.env.LAPSE_JS_ROWS || 100000);

function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(seed);
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[int(0, list.length - 1)];
const chance = (p) => random() < p;

const DAY = 86400000;
const dateText = (days) => new Date(days * DAY).toISOString().slice(0, 10);
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'JPY', 'KWD', 'CLF'];
const POLICIES = ['default', 'immediate-prorated', 'eu-consumer', 'evergreen-contract', 'killbill-like',
  'lago-like', 'timing=end_of_billing_period;refund=prorated',
  'timing=immediate;refund=full;commitment=percent_fee;termination_fee_percent=25',
  'timing=immediate;commitment=fixed_fee;termination_fee=100.00 EUR', 'renewal=none;retention_days=30',
  'invoicing=in_arrears;timing=immediate;immediate_end=same_day', 'month_end=sticky;proration_days=30',
  // A row's policy that is no policy: its error comes after the row's
  // input errors and before its zone's, as lapse batch reads a row.
  'no-such-preset', 'timing=sometimes'];

// A random value for a column, by its type and name.
function randomValue(column, row) {
  const start = row.__start;
  switch (column.name) {
    case 'start': return dateText(start);
    case 'on': return dateText(row.__on);
    case 'cancelled_on': return dateText(chance(0.7) ? start + int(0, row.__on - start) : start + int(0, 1500));
    case 'end_on': return dateText(row.__on + (chance(0.05) ? -int(0, 30) : int(1, 800)));
    // A contract concluded on or before its start (after it: an error).
    case 'concluded_on': return dateText(start - (chance(0.03) ? -int(1, 30) : int(0, 60)));
    case 'term': case 'renewal_term': return pick([1, 1, 2, 3, 6, 12, 12, 15, 24, 36, chance(0.01) ? 0 : 12]);
    case 'billing': return chance(0.03) ? pick([5, 7, 12]) : pick([0, 1, 1, 1, 1]);
    case 'billing_day': return int(chance(0.01) ? 0 : 1, chance(0.01) ? 32 : 31);
    case 'billing_month': return int(0, chance(0.01) ? 13 : 12);
    // An introductory price now and then (intro_months before intro_price):
    // whole periods of most plans, now and then not.
    case 'intro_months': row.__intro = chance(0.1) ? pick([1, 3, 12, chance(0.1) ? 5 : 6]) : 0; return row.__intro;
    case 'intro_price': return row.__intro ? int(0, 500000) : 0;
    // A pause now and then (paused_from before resumes_on): from a month
    // boundary of the start, 1 to 24 months in (a billing-period boundary
    // of most monthly plans, not of the others), to 1 to 120 days later;
    // now and then one date without the other.
    case 'paused_from': {
      if (!chance(0.3)) return undefined;
      const from = new Date(start * DAY);
      const months = from.getUTCMonth() + int(1, 24);
      const day = Math.min(from.getUTCDate(), new Date(Date.UTC(from.getUTCFullYear(), months + 1, 0)).getUTCDate());
      row.__paused = Date.UTC(from.getUTCFullYear(), months, day) / DAY;
      return dateText(row.__paused);
    }
    case 'resumes_on':
      if (row.__paused === undefined) return chance(0.01) ? dateText(start + int(30, 400)) : undefined;
      return chance(0.03) ? undefined : dateText(row.__paused + int(1, 120));
    case 'licenses': return int(0, 5);
    case 'currency': return row.currency;
    case 'items': return randomItems(row);
    case 'reduce': return randomReduce(row);
    default: break;
  }
  switch (column.type) {
    case 'date': return dateText(start + int(-10, 1500));
    case 'amount': return chance(0.02) ? -int(1, 100) : int(0, chance(0.01) ? 4e15 : 500000);
    case 'integer': return int(0, 40);
    case 'boolean': return chance(0.5);
    case 'name': return pick(column.names);
    case 'list': return column.names.filter(() => chance(0.4));
    default: return 'x';
  }
}

const ITEM_NAMES = ['seats', 'mobile', 'storage', 'sso', 'api'];
// Items: mostly valid (distinct names, committed and assigned within the
// quantity), now and then not (a name twice, committed above the quantity,
// a negative price, 17 items).
function randomItems(row) {
  const n = chance(0.01) ? 17 : int(0, 3);
  const items = [];
  for (let i = 0; i < n; i++) {
    const quantity = int(0, chance(0.01) ? 2000000 : 20);
    const item = { name: n > 5 ? `i${i}` : chance(0.02) ? 'seats' : ITEM_NAMES[i], quantity,
      unit_price: chance(0.02) ? -int(1, 100) : int(0, chance(0.01) ? 4e14 : 5000) };
    if (chance(0.4)) item.committed = int(0, quantity + (chance(0.03) ? 3 : 0));
    if (chance(0.4)) item.assigned = int(0, quantity + (chance(0.03) ? 3 : 0));
    items.push(item);
  }
  row.__items = items;
  return items;
}
// A reduction of the row's items: lower quantities, now and then an
// unknown name or a quantity that is no reduction.
function randomReduce(row) {
  const reduce = {};
  for (const item of row.__items || []) {
    if (chance(0.6)) reduce[item.name] = chance(0.03) ? item.quantity + 1 : int(0, Math.max(0, item.quantity - 1));
  }
  if (chance(0.03)) reduce[pick(['nosuch', 'sso'])] = int(0, 5);
  return reduce;
}
const ZONES = ['Europe/Rome', 'America/Los_Angeles', 'UTC', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham',
  'Europe/Nowhere', '../etc/passwd'];
const OFFSETS = ['Z', '+02:00', '-08:00', '+05:30', '+14:00', '-12:00'];
// An RFC 3339 instant on the row's request date, give or take a day.
function randomInstant(row) {
  const second = (row.__on + int(-1, 1)) * 86400 + int(0, 86399);
  const text = new Date(second * 1000).toISOString().slice(0, 19);
  return chance(0.01) ? `${text}x` : `${text}${pick(OFFSETS)}`;
}

function randomRow() {
  const row = { __start: int(0, 25000) - 5000, currency: pick(CURRENCIES) };
  row.__on = row.__start + (chance(0.02) ? -int(1, 30) : int(0, 1500));
  const out = {};
  for (const column of lapse.columns) {
    if (!column.input) continue;
    const p = { currency: 0.5, cancelled_on: 0.15, end_on: 0.15, renewal_price: 0.2, resumes_on: 1 }[column.name] ?? 0.35;
    if (column.name !== 'start' && column.name !== 'on' && !chance(p)) continue;
    const value = randomValue(column, row);
    if (value !== undefined) out[column.name] = value;
  }
  // A request at an instant (instead of on; now and then with it, an
  // error), in a zone or in its own offset; a zone with on alone.
  if (chance(0.2)) {
    out.requested_at = randomInstant(row);
    if (!chance(0.03)) delete out.on;
  }
  if (chance(0.2)) out.zone = pick(ZONES);
  if (chance(0.25)) out.policy = pick(POLICIES);
  return out;
}

test(`${count} random decisions equal lapse batch's, field by field (seed ${seed})`, () => {
  const rows = Array.from({ length: count }, randomRow);
  const inputs = lapse.columns.filter((c) => c.input).map((c) => c.name);
  const header = [...inputs, 'requested_at', 'zone', 'policy'];
  const lines = [header.join(',')];
  const byName = new Map(lapse.columns.map((c) => [c.name, c]));
  for (const row of rows) {
    const currency = row.currency || 'EUR';
    lines.push(header.map((name) => csvField(name === 'policy' ? row.policy || '' : cellOf(byName.get(name), row[name], currency))).join(','));
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'lapse-js-batch-'));
  try {
    const file = path.join(dir, 'rows.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const started = Date.now();
    const results = lapse.decideMany(rows);
    const jsTime = Date.now() - started;
    const records = parseCsv(run(['batch', '--jobs', '2', file]));
    const outHeader = records.shift();
    assert.equal(records.length, rows.length, 'lapse batch wrote one row per input row');
    assert.equal(results.length, rows.length, 'decideMany gave one result per row');
    const at = new Map(outHeader.map((name, i) => [name, i]));
    for (const key of [...lapse.decisionColumns, 'notice_deadline_at', 'access_ends_at']) assert.ok(at.has(key), `lapse batch writes ${key}`);
    let withItems = 0;
    let zoned = 0;
    let failed = 0;
    let compared = 0;
    const differences = [];
    for (let i = 0; i < rows.length; i++) {
      const record = records[i];
      const result = results[i];
      assert.equal(Number(record[at.get('line')]), i + 2);
      const code = record[at.get('error_code')];
      if (code) {
        failed++;
        const e = result.error;
        if (!e || e.code !== code || e.field !== record[at.get('error_field')] || e.message !== record[at.get('error')])
          differences.push(`row ${i + 2}: lapse batch: ${code} ${record[at.get('error_field')]} ${record[at.get('error')]}; package: ${e ? `${e.code} ${e.field} ${e.message}` : JSON.stringify(result.decision)}`);
        continue;
      }
      if (rows[i].items && rows[i].items.length) withItems++;
      if (rows[i].zone) zoned++;
      if (!result.decision) {
        differences.push(`row ${i + 2}: package failed (${result.error.code}: ${result.error.message}), lapse batch decided`);
        continue;
      }
      for (const key of [...lapse.decisionColumns, 'notice_deadline_at', 'access_ends_at']) {
        compared++;
        const mine = outputText(result.decision[key]);
        const theirs = record[at.get(key)];
        if (mine !== theirs) differences.push(`row ${i + 2}: ${key}: lapse batch ${theirs}, package ${mine}`);
      }
    }
    assert.deepEqual(differences.slice(0, 20), [], `${differences.length} differences`);
    assert.ok(failed > count / 100 && failed < count / 2, `${failed} failed rows: both valid and invalid rows are drawn`);
    assert.ok(withItems > count / 10 && zoned > count / 20, `${withItems} decided rows with items, ${zoned} in a zone`);
    console.log(`# ${count} rows (seed ${seed}): ${count - failed} decided (${withItems} with items, ${zoned} in a zone), ${compared} fields equal; ${failed} errors equal (code, field, message); decideMany ${jsTime} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
