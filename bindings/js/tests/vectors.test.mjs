// Every case of every vectors file (tests/vectors/*.tsv) through the
// package: the inputs as JavaScript values (amounts as minor units, lists
// as arrays, items as arrays of {name, quantity, unit_price, committed,
// assigned} or their text, reductions as objects or their text, a request
// at an instant with its zone loaded from the system's zoneinfo as the
// lapse tool loads it), each expected column compared with the decision
// (item_results, notice_deadline_at and access_ends_at included), the
// expected error with the LapseError's code, status and listed_as with
// status() on the request date.  The columns come from the library, so a
// column added to the files and the library is checked here without a
// change.  Each file has its number of cases below: a file added without
// one, or a file read short, fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { lapse, readVectors, sourceRoot } from './common.mjs';

const byName = new Map(lapse.columns.map((c) => [c.name, c]));

// The number of cases of each file (its data rows): at least these are
// read and checked, every file of the directory must be listed.
const CASES = {
  'cancel.tsv': 70,
  'erpnext.tsv': 2,
  'intros.tsv': 51,
  'items.tsv': 31,
  'killbill.tsv': 317,
  'lago.tsv': 22,
  'money.tsv': 21,
  'pauses.tsv': 42,
  'policies.tsv': 187,
  'trials.tsv': 20,
  'zones.tsv': 14,
};

// items and reduce in the object forms when the text is well formed (every
// other case, so the text forms are read too), else the text as it is.
let alternate = 0;
function itemsValue(text, currency) {
  if (alternate++ % 2 || !/^[a-z0-9_-]+:\d+:\d+(\.\d+)?(:\d+(:\d+)?)?(;[a-z0-9_-]+:\d+:\d+(\.\d+)?(:\d+(:\d+)?)?)*$/.test(text)) return text;
  try {
    return text.split(';').map((part) => {
      const [name, quantity, price, committed, assigned] = part.split(':');
      const item = { name, quantity: Number(quantity), unit_price: lapse.parseAmount(price, currency) };
      if (committed !== undefined) item.committed = Number(committed);
      if (assigned !== undefined) item.assigned = Number(assigned);
      return item;
    });
  } catch {
    return text; // not an amount of the currency: the library says why
  }
}
function reduceValue(text) {
  if (alternate++ % 2 || !/^[a-z0-9_-]+=\d+(;[a-z0-9_-]+=\d+)*$/.test(text)) return text;
  const names = text.split(';').map((part) => part.split('=')[0]);
  if (new Set(names).size !== names.length) return text;
  return Object.fromEntries(text.split(';').map((part) => [part.split('=')[0], Number(part.split('=')[1])]));
}

// A decision's item_results in the text of lapse_item_results_format().
function itemResultsText(results) {
  return (results || []).map((r) => `${r.name}:${r.quantity}:${r.quantity_after}:${r.released_on || ''}:${r.unassign}`).join(';');
}

// Request keys beside the input columns: a request at an instant in a zone.
const REQUEST_AT = new Set(['requested_at', 'zone']);

function value(column, text, currency) {
  if (column.name === 'items') return itemsValue(text, currency);
  if (column.name === 'reduce') return reduceValue(text);
  switch (column.type) {
    case 'amount': return lapse.parseAmount(text, currency);
    case 'integer': return Number(text);
    case 'boolean': return ['true', '1', 'yes', 't'].includes(text.toLowerCase());
    case 'list': return text.split(/[;,]/);
    default: return text;
  }
}

function expected(column, text) {
  if (text === '') return column.type === 'list' ? [] : null;
  switch (column.type) {
    case 'amount': case 'integer': return BigInt(text);
    case 'boolean': return text === 'true';
    case 'list': return text.split(';').sort();
    default: return text;
  }
}

function check(row) {
  const currency = row.currency || 'EUR';
  const subscription = {};
  const request = {};
  for (const name of Object.keys(row)) {
    const column = byName.get(name);
    if (!column || !(column.input || REQUEST_AT.has(name)) || row[name] === '') continue;
    const target = column.role === 'request' || REQUEST_AT.has(name) ? request : subscription;
    target[name] = value(column, row[name], currency);
  }
  const policy = row.policy ? row.policy : undefined;
  const problems = [];
  let decision = null;
  let error = '';
  try {
    decision = lapse.decideCancel(subscription, request, policy);
  } catch (e) {
    if (!(e instanceof lapse.LapseError)) throw e;
    error = e.code;
  }
  if (row.error !== undefined && row.error !== '*' && row.error !== error)
    problems.push(`error: expected ${row.error || '(none)'}, got ${error || '(none)'}`);
  for (const name of Object.keys(row)) {
    const column = byName.get(name);
    if (!column || !column.decision || column.input || row[name] === '*') continue;
    if (!decision) {
      if (row[name] !== '') problems.push(`${name}: expected ${row[name]}, got no decision`);
      continue;
    }
    let got = decision[name];
    if (Array.isArray(got)) got = [...got].sort();
    if (typeof got === 'number' && (column.type === 'amount' || column.type === 'integer')) got = BigInt(got);
    const want = expected(column, row[name]);
    const text = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x));
    if (text(got) !== text(want)) problems.push(`${name}: expected ${text(want)}, got ${text(got)}`);
  }
  // The outputs beside the decision's fields: the per-item results, and
  // the instants of a request in a zone.
  for (const name of ['item_results', 'notice_deadline_at', 'access_ends_at']) {
    if (row[name] === undefined || row[name] === '*') continue;
    const got = !decision ? '' : name === 'item_results' ? itemResultsText(decision.item_results) : decision[name] || '';
    if (got !== row[name]) problems.push(`${name}: expected ${JSON.stringify(row[name])}, got ${JSON.stringify(got)}`);
  }
  const wantsStatus = ['status', 'listed_as'].filter((k) => row[k] !== undefined && row[k] !== '*' && row[k] !== '');
  if (wantsStatus.length) {
    const { on, ...inputs } = { ...subscription, on: request.on };
    const s = lapse.status(inputs, on, policy);
    for (const k of wantsStatus) if (s[k] !== row[k]) problems.push(`${k}: expected ${row[k]}, got ${s[k]}`);
  }
  return problems;
}

const dir = path.join(sourceRoot, 'tests', 'vectors');
const files = readdirSync(dir).filter((f) => f.endsWith('.tsv')).sort();

test('every vectors file is listed with its number of cases, and found', () => {
  assert.deepEqual(files, Object.keys(CASES).sort(), 'the files of tests/vectors and the files listed in CASES');
});

for (const file of files) {
  test(`every case of ${file} through the package`, () => {
    const { header, rows } = readVectors(path.join(dir, file));
    for (const name of header) assert.ok(byName.has(name), `${file}: column ${name} unknown to the package`);
    assert.ok(CASES[file] !== undefined, `${file}: not listed in CASES with its number of cases`);
    assert.ok(rows.length >= CASES[file], `${file}: ${rows.length} cases read, at least ${CASES[file]} expected`);
    const failures = [];
    let checked = 0;
    for (const row of rows) {
      checked++;
      const problems = check(row);
      if (problems.length) failures.push(`${file}:${row.line} ${row.note || ''}: ${problems.join('; ')}`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${rows.length} cases differ`);
    assert.equal(checked, rows.length);
    console.log(`# ${file}: ${rows.length} cases, all equal`);
  });
}
