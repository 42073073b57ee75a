// The package's API against the lapse tool on the same inputs: decisions
// (`lapse cancel --json`, also byte for byte through decisionJson), the
// explanation (`lapse cancel --lang`), status, timeline, policies (show,
// lint); the package's shape (wasm size, no dependencies, declarations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { lapse, run, cliArgs, packageDir } from './common.mjs';

const { decideCancel, status, reactivate, timeline, explain, Policy, decideMany, LapseError } = lapse;

const cases = [
  ['E1', { start: '2025-01-31', term: 1, billing: 1, price: 2000 }, { on: '2025-03-10', channel: 'online', roles: ['billing_admin'] }],
  ['E4 notice missed', { start: '2024-10-01', term: 15, billing: 1, price: 10000, contract: true }, { on: '2025-12-03', channel: 'support', roles: ['billing_admin'], provided: ['account_id', 'admin_email', 'card_last4', 'billing_address', 'products'] }],
  ['E6 refused', { start: '2025-01-31', price: 2000, balance: 1200 }, { on: '2025-03-10', roles: ['product_admin'] }],
  ['support, details missing', { start: '2025-01-01', term: 12, price: 10000, contract: true, licenses: 2 }, { on: '2025-12-10', channel: 'support', roles: ['billing_admin'], provided: ['account_id'] }],
  ['auto-renew off, cannot sign in', { start: '2025-01-01', auto_renew: false, online_cancel: false, price: 1000, currency: 'JPY' }, { on: '2025-01-15', roles: ['billing_admin'], can_sign_in: false }],
  ['immediate-prorated', { start: '2025-01-31', term: 12, price: 3000 }, { on: '2025-03-10', roles: ['billing_admin'] }, 'immediate-prorated'],
  ['eu-consumer cooling-off', { start: '2025-01-01', price: 2000 }, { on: '2025-01-10', roles: ['billing_admin'] }, 'eu-consumer'],
  ['a chosen end, billing day', { start: '2025-01-20', term: 12, price: 3100, billing_day: 1 }, { on: '2025-03-10', roles: ['billing_admin'], end_on: '2025-06-15' }],
];

for (const [name, subscription, request, policy] of cases) {
  test(`${name}: the decision of lapse cancel --json`, () => {
    const d = decideCancel(subscription, request, policy);
    const args = ['cancel', ...cliArgs(subscription, request), '--json', ...(policy ? ['--policy', policy] : [])];
    const json = run(args);
    assert.deepEqual(d, JSON.parse(json));
    assert.deepEqual(Object.keys(d), lapse.decisionColumns, 'the keys in the order of lapse cancel --json');
    assert.equal(lapse.decisionJson(d), json.trimEnd(), 'decisionJson: the same bytes');
  });
  test(`${name}: the explanation of lapse cancel, in every language`, () => {
    const d = decideCancel(subscription, request, policy);
    for (const lang of lapse.languages) {
      const text = run(['cancel', ...cliArgs(subscription, request), '--lang', lang, ...(policy ? ['--policy', policy] : [])]);
      assert.equal(explain(d, { lang }).trimEnd(), text.trimEnd(), lang);
    }
  });
  test(`${name}: the timeline of lapse timeline --json`, () => {
    const mine = timeline(subscription, request, policy);
    const theirs = JSON.parse(run(['timeline', ...cliArgs(subscription, request), '--json', ...(policy ? ['--policy', policy] : [])]));
    assert.deepEqual(mine, theirs);
    assert.ok(mine.events.length >= 3);
  });
}

test('status and reactivation on E8 (E1 cancelled on 2025-03-10)', () => {
  const sub = { start: '2025-01-31', term: 1, billing: 1, price: 2000, cancelled_on: '2025-03-10' };
  const want = { '2025-03-30': 'ending', '2025-03-31': 'expired', '2025-06-28': 'expired', '2025-06-29': 'deleted' };
  for (const [date, expected] of Object.entries(want)) {
    const s = status(sub, date);
    assert.equal(s.status, expected, date);
    const cli = JSON.parse(run(['status', ...cliArgs(sub), '--on', date, '--json']));
    for (const key of Object.keys(cli)) assert.deepEqual(s[key], cli[key], `${date} ${key}`);
    const text = run(['status', ...cliArgs(sub), '--on', date, '--lang', 'it']);
    assert.equal(explain(s, { lang: 'it' }).trimEnd(), text.trimEnd());
  }
  assert.equal(reactivate(sub, '2025-03-30').outcome, 'withdraw_cancellation');
  assert.equal(reactivate(sub, '2025-04-10').outcome, 'buy_again_restore_data');
  assert.equal(reactivate(sub, '2025-06-29').outcome, 'buy_again_data_gone');
  assert.equal(reactivate({ ...sub, cancelled_on: null }, '2025-03-30').outcome, 'not_cancelled');
});

test('policies: every preset formats as lapse policy show, parse and format round-trip', () => {
  for (const preset of ['default', 'immediate-prorated', 'eu-consumer', 'evergreen-contract', 'killbill-like', 'lago-like']) {
    const p = Policy.parse(preset);
    assert.equal(Policy.format(p).trimEnd(), run(['policy', 'show', preset]).trimEnd(), preset);
    assert.equal(Policy.parse(p.text).text, p.text);
    assert.equal(Policy.from(p.values).text, p.text, `${preset}: from(values) gives it back`);
  }
  const fee = Policy.from({ timing: 'immediate', commitment: 'fixed_fee', termination_fee: 50000, termination_fee_currency: 'EUR' });
  assert.match(fee.text, /^termination_fee = 500\.00 EUR$/m);
  assert.equal(fee.values.termination_fee, 50000);
});

test('Policy.lint as lapse policy lint --json', () => {
  const text = 'refund = prorated\ncommitment = waived\ntermination_fee_percent = 10\n';
  const theirs = JSON.parse(run(['policy', 'lint', '--json', '-'], text)).findings;
  assert.deepEqual(Policy.lint(text), theirs);
  assert.equal(theirs.length, 3);
  assert.deepEqual(Policy.lint(Policy.parse(text)).map((f) => f.key), theirs.map((f) => f.key));
  assert.deepEqual(Policy.lint('default'), []);
});

test('errors: one LapseError with the code, field and message of the library', () => {
  const bad = { start: '2025-01-31', price: 2000 };
  let thrown;
  try { decideCancel(bad, { on: '2025-02-30' }); } catch (e) { thrown = e; }
  assert.ok(thrown instanceof LapseError && thrown instanceof Error);
  assert.equal(thrown.code, 'date_invalid');
  assert.equal(thrown.field, 'on');
  assert.equal(thrown.message, "on '2025-02-30': not a calendar date");
  const cli = run(['batch'], 'start,price,on\n2025-01-31,20.00,2025-02-30\n');
  assert.match(cli, /on '2025-02-30': not a calendar date,date_invalid,on/);
});

test('amounts beyond 2^53 come back exact, as BigInt', () => {
  const e = decideCancel({ start: '2025-01-01', term: 1, price: 9007199254740993n }, { on: '2025-01-01', roles: ['billing_admin'] });
  assert.equal(e.remaining_term_charge, 9007199254740993n);
  assert.equal(lapse.formatAmount(9007199254740993n, 'EUR'), '90071992547409.93');
  assert.equal(lapse.parseAmount('90071992547409.93', 'EUR'), 9007199254740993n);
});

test('decideMany gives what decideCancel gives, row by row, and keeps what it is told', () => {
  const rows = cases.map(([, s, r, policy]) => ({ ...s, ...r, policy, id: s.start }));
  const results = decideMany(rows, null, { keep: ['id'] });
  results.forEach((r, i) => {
    const [, s, q, policy] = cases[i];
    assert.deepEqual(r.decision, decideCancel(s, q, policy));
    assert.equal(r.kept.id, s.start);
    assert.equal(explain(r.decision), explain(decideCancel(s, q, policy)));
  });
  assert.deepEqual(decideMany([]), []);
  const many = decideMany(Array.from({ length: 5000 }, (_, i) => ({ start: '2025-01-31', price: i, on: '2025-03-10', roles: ['billing_admin'] })), 'immediate-prorated');
  assert.equal(many.length, 5000);
  assert.equal(many[4999].decision.remaining_term_charge, 4999);
});

test('the package: the wasm is at most 250 KiB, no dependencies, an ES module with declarations', () => {
  const size = statSync(path.join(packageDir, 'lapse.wasm')).size;
  console.log(`# lapse.wasm: ${size} bytes`);
  assert.ok(size <= 250 * 1024, `${size} bytes`);
  const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.version, lapse.version);
  const dts = readFileSync(path.join(packageDir, 'lapse.d.ts'), 'utf8');
  for (const c of lapse.columns.filter((c) => c.input || c.decision)) assert.match(dts, new RegExp(`\\b${c.name}\\??: `), c.name);
  for (const name of ['decideCancel', 'status', 'reactivate', 'timeline', 'explain', 'decideMany', 'LapseError', 'Policy'])
    assert.match(dts, new RegExp(`export (function|class) ${name}\\b`), name);
  const js = readFileSync(path.join(packageDir, 'lapse.js'), 'utf8');
  assert.doesNotMatch(js, /__dirname|require\(/);
});

test('time zones: instants and the explanation in a zone (hand-computed)', () => {
  const { Zone, instants } = lapse;
  const rome = Zone.load('Europe/Rome');
  assert.equal(rome.name, 'Europe/Rome');
  // E3: a 15-month contract from 2024-10-01, notice in time on 2025-10-05:
  // the deadline 2025-12-02 ends at local midnight of 12-03, CET (UTC+1) in
  // December: 2025-12-02T23:00Z; access ends at 2026-01-01 00:00 CET,
  // 2025-12-31T23:00Z.
  const e3 = decideCancel({ start: '2024-10-01', term: 15, price: 10000, contract: true },
    { on: '2025-10-05', channel: 'support', roles: ['billing_admin'], provided: ['account_id'] });
  assert.deepEqual(instants(e3, rome), { notice_deadline_at: '2025-12-02T23:00:00Z', access_ends_at: '2025-12-31T23:00:00Z' });
  assert.match(explain(e3, { zone: rome }), /^Notice deadline +by 2025-12-02 23:59 Europe\/Rome \(in time\)$/m);
  assert.match(explain(e3, { zone: rome, lang: 'it' }), /entro il 02\/12\/2025 alle 23:59 Europe\/Rome/);
  // A monthly plan from 2025-06-01 ends 2025-07-01, midnight EDT (UTC-4):
  // 04:00Z; no notice deadline.
  const ny = Zone.parse('America/New_York', readFileSync('/usr/share/zoneinfo/America/New_York'));
  const june = decideCancel({ start: '2025-06-01', price: 100 }, { on: '2025-06-10', roles: ['billing_admin'] });
  assert.deepEqual(instants(june, ny), { notice_deadline_at: null, access_ends_at: '2025-07-01T04:00:00Z' });
  // Without a zone, the explanation is the tool's.
  assert.equal(explain(e3).trimEnd(), run(['cancel', ...cliArgs({ start: '2024-10-01', term: 15, price: 10000, contract: true },
    { on: '2025-10-05', channel: 'support', roles: ['billing_admin'], provided: ['account_id'] })]).trimEnd());
});

test('time zones as lapse cancel --at INSTANT --zone NAME --json gives them', () => {
  const { Zone, instants } = lapse;
  const subscription = { start: '2025-01-01', term: 12, contract: true };
  for (const [name, at, date] of [
    // 23:30 in Los Angeles (UTC-8) on the deadline day is in time...
    ['America/Los_Angeles', '2025-12-02T23:30:00-08:00', '2025-12-02'],
    // ...the same instant is 08:30 on 12-03 in Rome (UTC+1): too late.
    ['Europe/Rome', '2025-12-02T23:30:00-08:00', '2025-12-03'],
    ['Asia/Tokyo', '2025-06-30T15:00:00Z', '2025-07-01'],
  ]) {
    const zone = Zone.load(name);
    assert.equal(zone.dateOf(at), date, `${at} in ${name}`);
    const request = { on: zone.dateOf(at), channel: 'support', roles: ['billing_admin'] };
    const d = decideCancel(subscription, request);
    const args = cliArgs(subscription, { ...request, on: undefined });
    const cli = JSON.parse(run(['cancel', ...args, '--at', at, '--zone', name, '--json']));
    const { notice_deadline_at, access_ends_at, ...decision } = cli;
    assert.deepEqual(d, decision, `${name}: the decision`);
    assert.deepEqual(instants(d, zone), { notice_deadline_at, access_ends_at }, `${name}: the instants`);
  }
  assertThrowsLapse(() => Zone.load('Europe/Rome').dateOf('2025-02-30T10:00:00Z'), 'date_invalid');
  assertThrowsLapse(() => Zone.load('Europe/Rome').dateOf('yesterday'), 'value_syntax');
});

test('items and reductions as lapse cancel --item --reduce --json gives them (issue 28 vectors)', () => {
  const subscription = { start: '2025-01-10', term: 12, price: 2000, items: [
    { name: 'seats', quantity: 10, unit_price: 500, committed: 4, assigned: 8 },
    { name: 'mobile', quantity: 2, unit_price: 350 }] };
  const request = { on: '2025-03-20', channel: 'support', roles: ['billing_admin'], provided: ['all'] };
  for (const [reduce, policy] of [[{ seats: 6 }, undefined], [{ seats: 6, mobile: 0 }, 'immediate-prorated'],
    [undefined, undefined], [{ seats: 2 }, 'lago-advance']]) {
    const r = reduce ? { ...request, reduce } : request;
    const d = decideCancel(subscription, r, policy);
    const json = run(['cancel', ...cliArgs(subscription, r), '--json', ...(policy ? ['--policy', policy] : [])]);
    assert.deepEqual(d, JSON.parse(json), JSON.stringify(reduce));
    assert.deepEqual(Object.keys(d), lapse.decisionColumns);
    assert.equal(d.item_results.length, 2);
    assert.equal(lapse.decisionJson(d), json.trimEnd(), 'decisionJson: the same bytes');
    for (const lang of lapse.languages) {
      const text = run(['cancel', ...cliArgs(subscription, r), '--lang', lang, ...(policy ? ['--policy', policy] : [])]);
      assert.equal(explain(d, { lang }).trimEnd(), text.trimEnd(), `${lang} ${JSON.stringify(reduce)}`);
    }
    // The text forms of the columns give the same decision.
    const text = { ...subscription, items: 'seats:10:5.00:4:8;mobile:2:3.50' };
    const textRequest = reduce ? { ...request, reduce: Object.entries(reduce).map(([n, q]) => `${n}=${q}`).join(';') } : request;
    assert.deepEqual(decideCancel(text, textRequest, policy), d);
  }
  // Hand-computed (tests/vectors/items.tsv, first row): seats 10 -> 6 at
  // 5.00, the default end of term: March's 70.00 + 9 x 70.00 = 700.00,
  // then 20.00 + 6 x 5.00 = 50.00 a month.
  const d = decideCancel({ start: '2025-01-10', term: 12, price: 2000, items: [{ name: 'seats', quantity: 10, unit_price: 500 }] },
    { ...request, reduce: { seats: 6 } });
  assert.equal(d.remaining_term_charge, 70000);
  assert.equal(d.recurring_after, 5000);
  assert.deepEqual(d.item_results, [{ name: 'seats', quantity: 10, quantity_after: 6, released_on: '2026-01-10', unassign: 0 }]);
  // JPY has no minor digits: a unit price of 1200 yen is "1200".
  const yen = decideCancel({ start: '2025-01-10', price: 1000, currency: 'JPY', items: [{ name: 'seats', quantity: 3, unit_price: 1200 }] },
    { on: '2025-01-20', roles: ['billing_admin'] });
  assert.equal(yen.remaining_term_charge, 4600);
});

test('a request at an instant in a zone: decideCancel({requested_at, zone}) as lapse cancel --at --zone --json', () => {
  const { Zone } = lapse;
  const subscription = { start: '2025-01-01', term: 12, contract: true };
  for (const [zone, at] of [['America/Los_Angeles', '2025-12-03T07:30:00Z'], ['Europe/Rome', '2025-12-02T23:30:00-08:00'], ['UTC', '2025-12-03T07:30:00Z']]) {
    const request = { requested_at: at, zone, channel: 'support', roles: ['billing_admin'], provided: ['all'] };
    const d = decideCancel(subscription, request);
    const json = run(['cancel', ...cliArgs(subscription, request), '--json']);
    assert.deepEqual(d, JSON.parse(json), zone);
    assert.equal(lapse.decisionJson(d), json.trimEnd(), `${zone}: decisionJson, the same bytes`);
    for (const lang of lapse.languages)
      assert.equal(explain(d, { lang }).trimEnd(), run(['cancel', ...cliArgs(subscription, request), '--lang', lang]).trimEnd(), `${zone} ${lang}`);
    // A Zone object (in a browser: Zone.parse of the TZif bytes) is the same.
    const parsed = Zone.parse(zone, readFileSync(`/usr/share/zoneinfo/${zone}`));
    assert.deepEqual(decideCancel(subscription, { ...request, zone: parsed }), d);
    // decideMany: the same, row by row.
    assert.deepEqual(decideMany([{ ...subscription, ...request }])[0].decision, d);
  }
  // zones.tsv, first row: 2025-12-03T07:30Z is 2025-12-02 23:30 in Los
  // Angeles (UTC-8), the notice deadline's day: in time; the instants are
  // local midnights, 08:00Z.
  const la = decideCancel(subscription, { requested_at: '2025-12-03T07:30:00Z', zone: 'America/Los_Angeles', channel: 'support', roles: ['billing_admin'], provided: ['all'] });
  assert.equal(la.renews_first, false);
  assert.equal(la.notice_deadline_at, '2025-12-03T08:00:00Z');
  assert.equal(la.access_ends_at, '2026-01-01T08:00:00Z');
  // Without a zone, the instant's own offset (Z): 2025-12-03, late; no instants.
  const own = decideCancel(subscription, { requested_at: '2025-12-03T07:30:00Z', channel: 'support', roles: ['billing_admin'], provided: ['all'] });
  assert.equal(own.renews_first, true);
  assert.equal('access_ends_at' in own, false);
});

function assertThrowsLapse(call, code) {
  try {
    call();
  } catch (e) {
    assert.ok(e instanceof LapseError, e.message);
    assert.equal(e.code, code, e.message);
    return;
  }
  assert.fail('no error');
}
