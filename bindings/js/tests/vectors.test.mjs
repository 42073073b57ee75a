// Every case of both vectors files (tests/vectors/*.tsv) through the package:
// the inputs as JavaScript values (amounts as minor units, lists as arrays),
// each expected column compared with the decision, the expected error with
// the LapseError's code, status and listed_as with status() on the request
// date.  The columns come from the library, so a column added to the files
// and the library is checked here without a change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { lapse, readVectors, sourceRoot } from './common.mjs';

const byName = new Map(lapse.columns.map((c) => [c.name, c]));

function value(column, text, currency) {
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
    if (!column || !column.input || row[name] === '') continue;
    const target = column.role === 'request' ? request : subscription;
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

test('both vectors files are found', () => {
  assert.ok(files.includes('cancel.tsv') && files.includes('policies.tsv'), files.join(', '));
});

for (const file of files) {
  test(`every case of ${file} through the package`, () => {
    const { header, rows } = readVectors(path.join(dir, file));
    for (const name of header) assert.ok(byName.has(name), `${file}: column ${name} unknown to the package`);
    assert.ok(rows.length > 20, `${file}: ${rows.length} cases`);
    const failures = [];
    for (const row of rows) {
      const problems = check(row);
      if (problems.length) failures.push(`${file}:${row.line} ${row.note || ''}: ${problems.join('; ')}`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${rows.length} cases differ`);
    console.log(`# ${file}: ${rows.length} cases, all equal`);
  });
}
