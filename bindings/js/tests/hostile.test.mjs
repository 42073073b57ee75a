// Hostile inputs: wrong types, huge numbers, missing fields, strange keys,
// huge texts.  Each gives a LapseError (a code the library names, a field,
// a message), never another exception, a crash or an answer; and the
// module still decides correctly afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lapse } from './common.mjs';

const { decideCancel, decideMany, status, reactivate, timeline, explain, Policy, LapseError } = lapse;
const E1 = { start: '2025-01-31', term: 1, billing: 1, price: 2000 };
const E1_REQUEST = { on: '2025-03-10', channel: 'online', roles: ['billing_admin'] };
const E1_END = '2025-03-31';

function assertLapseError(call, what, code) {
  let thrown;
  try {
    const result = call();
    assert.fail(`${what}: no error, returned ${JSON.stringify(result, (_, v) => (typeof v === 'bigint' ? `${v}` : v))}`);
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof LapseError, `${what}: ${thrown && thrown.name}: ${thrown && thrown.message}`);
  assert.equal(typeof thrown.code, 'string');
  assert.match(thrown.code, /^[a-z_]+$/, `${what}: code ${thrown.code}`);
  assert.notEqual(thrown.code, 'unknown', `${what}: a code the library names`);
  assert.equal(typeof thrown.field, 'string');
  assert.ok(thrown.message.length > 0, `${what}: a message`);
  if (code) assert.equal(thrown.code, code, `${what}: ${thrown.message}`);
  return thrown;
}

const weird = [
  ['a number for a date', { start: 20250131 }, 'date_syntax'],
  ['an object for a date', { start: { y: 2025 } }, 'date_syntax'],
  ['a Date for a date', { start: new Date(0) }, 'date_syntax'],
  ['an empty date', { start: '' }, 'date_syntax'],
  ['a date with a time', { start: '2025-01-31T00:00:00Z' }, 'date_syntax'],
  ['the 30th of February', { start: '2025-02-30' }, 'date_invalid'],
  ['year 0', { start: '0000-01-01' }, 'date_range'],
  ['a string price', { start: '2025-01-31', price: '20.00' }, 'amount_syntax'],
  ['a fractional price', { start: '2025-01-31', price: 20.5 }, 'amount_syntax'],
  ['NaN price', { start: '2025-01-31', price: NaN }, 'amount_syntax'],
  ['Infinity price', { start: '2025-01-31', price: Infinity }, 'amount_syntax'],
  ['price 2^53', { start: '2025-01-31', price: 2 ** 53 }, 'amount_range'],
  ['price 1e308', { start: '2025-01-31', price: 1e308 }, 'amount_range'],
  ['price 2^70 as a BigInt', { start: '2025-01-31', price: 2n ** 70n }, 'amount_range'],
  ['a negative price', { start: '2025-01-31', price: -1 }, 'out_of_range'],
  ['term 2^31', { start: '2025-01-31', term: 2 ** 31 }, 'out_of_range'],
  ['term -1', { start: '2025-01-31', term: -1 }, 'out_of_range'],
  ['term 1e21', { start: '2025-01-31', term: 1e21 }, 'out_of_range'],
  ['term 2^80 as a BigInt', { start: '2025-01-31', term: 2n ** 80n }, null],
  ['term 1.5', { start: '2025-01-31', term: 1.5 }, 'value_syntax'],
  ['term as text', { start: '2025-01-31', term: '12' }, 'value_syntax'],
  ['a string for a flag', { start: '2025-01-31', contract: 'yes' }, 'value_syntax'],
  ['1 for a flag', { start: '2025-01-31', contract: 1 }, 'value_syntax'],
  ['currency in lower case', { start: '2025-01-31', currency: 'eur' }, 'currency_syntax'],
  ['an unknown currency', { start: '2025-01-31', currency: 'XYZ' }, 'currency_unknown'],
  ['an empty currency', { start: '2025-01-31', currency: '' }, 'currency_syntax'],
  ['a symbol', { start: Symbol('x') }, 'date_syntax'],
  ['a function', { start: () => '2025-01-31' }, 'date_syntax'],
  ['an unknown key', { start: '2025-01-31', strat: '2025-01-31' }, 'unknown_column'],
  ['a request key in the subscription', { start: '2025-01-31', on: '2025-03-10' }, 'unknown_column'],
  ['a decision key in the subscription', { start: '2025-01-31', refund: 0 }, 'unknown_column'],
  ['__proto__ as an own key', JSON.parse('{"start": "2025-01-31", "__proto__": {"price": 1}}'), 'unknown_column'],
  ['constructor as a key', { start: '2025-01-31', constructor: 1 }, 'unknown_column'],
  ['a 4 MB date', { start: 'x'.repeat(4 << 20) }, 'out_of_range'],
  ['a NUL in a date', { start: '2025-01-31\u0000' }, 'date_syntax'],
  ['a lone surrogate', { start: '2025-01-3\ud800' }, 'date_syntax'],
  ['no start', { price: 2000 }, 'missing'],
  ['items as a number', { start: '2025-01-31', items: 5 }, 'value_syntax'],
  ['items as an object', { start: '2025-01-31', items: { seats: 10 } }, 'value_syntax'],
  ['an item that is a name', { start: '2025-01-31', items: ['seats'] }, 'value_syntax'],
  ['an item with an unknown key', { start: '2025-01-31', items: [{ name: 'seats', quantity: 10, unit_price: 500, colour: 'red' }] }, 'unknown_column'],
  ['an item name hiding a second item', { start: '2025-01-31', items: [{ name: 'seats:1:1.00;sso', quantity: 1, unit_price: 1 }] }, 'value_syntax'],
  ['an item name that is a number', { start: '2025-01-31', items: [{ name: 7, quantity: 1, unit_price: 1 }] }, 'value_syntax'],
  ['an item without a quantity', { start: '2025-01-31', items: [{ name: 'seats', unit_price: 1 }] }, 'value_syntax'],
  ['a fractional quantity', { start: '2025-01-31', items: [{ name: 'seats', quantity: 1.5, unit_price: 1 }] }, 'value_syntax'],
  ['a unit price as text', { start: '2025-01-31', items: [{ name: 'seats', quantity: 1, unit_price: '5.00' }] }, 'amount_syntax'],
  ['a unit price of 2^70 as a BigInt', { start: '2025-01-31', items: [{ name: 'seats', quantity: 1, unit_price: 2n ** 70n }] }, null],
  ['a negative unit price', { start: '2025-01-31', items: [{ name: 'seats', quantity: 1, unit_price: -1 }] }, 'out_of_range'],
  ['a quantity of 10^7', { start: '2025-01-31', items: [{ name: 'seats', quantity: 1e7, unit_price: 1 }] }, 'out_of_range'],
  ['committed above the quantity', { start: '2025-01-31', items: [{ name: 'seats', quantity: 1, unit_price: 1, committed: 2 }] }, 'out_of_range'],
  ['an item twice', { start: '2025-01-31', items: [{ name: 'seats', quantity: 10, unit_price: 500 }, { name: 'seats', quantity: 10, unit_price: 500 }] }, 'value_syntax'],
  ['17 items', { start: '2025-01-31', items: Array.from({ length: 17 }, (_, i) => ({ name: `i${i}`, quantity: 1, unit_price: 1 })) }, 'out_of_range'],
  ['items text that is not', { start: '2025-01-31', items: 'seats' }, null],
];

for (const [what, subscription, code] of weird) {
  test(`subscription: ${what}`, () => {
    assertLapseError(() => decideCancel(subscription, E1_REQUEST), what, code);
  });
}

const badRequests = [
  ['no date', {}, 'missing'],
  ['a request before the start', { on: '2025-01-01' }, 'before_start'],
  ['a channel that is not one', { on: '2025-03-10', channel: 'phone' }, 'unknown_name'],
  ['a channel list', { on: '2025-03-10', channel: ['online'] }, 'unknown_name'],
  ['two channels in one text', { on: '2025-03-10', channel: 'online;support' }, 'unknown_name'],
  ['roles as text', { on: '2025-03-10', roles: 'billing_admin' }, 'value_syntax'],
  ['roles with a number', { on: '2025-03-10', roles: [1] }, 'unknown_name'],
  ['an unknown role', { on: '2025-03-10', roles: ['owner'] }, 'unknown_name'],
  ['roles hiding a second name', { on: '2025-03-10', roles: ['billing_admin;product_admin'] }, 'unknown_name'],
  ['provided as an object', { on: '2025-03-10', provided: { all: true } }, 'value_syntax'],
  ['an end before the request', { on: '2025-03-10', end_on: '2025-03-01' }, 'out_of_range'],
  ['a subscription key in the request', { on: '2025-03-10', price: 1 }, 'unknown_column'],
  ['reduce as a number', { on: '2025-03-10', reduce: 5 }, 'value_syntax'],
  ['reduce as an array', { on: '2025-03-10', reduce: [['seats', 1]] }, 'value_syntax'],
  ['reduce of an item the subscription lacks', { on: '2025-03-10', reduce: { seats: 1 } }, null],
  ['reduce to a fraction', { on: '2025-03-10', reduce: { seats: 1.5 } }, 'value_syntax'],
  ['reduce hiding a second entry', { on: '2025-03-10', reduce: { 'seats=1;sso': 0 } }, 'value_syntax'],
  ['requested_at as a Date', { requested_at: new Date(0) }, 'value_syntax'],
  ['requested_at with on', { on: '2025-03-10', requested_at: '2025-03-10T10:00:00Z' }, 'value_syntax'],
  ['requested_at without an offset', { requested_at: '2025-03-10T10:00:00' }, null],
  ['requested_at in year 10000', { requested_at: '9999-12-31T23:00:00-05:00' }, null],
  ['a zone that is not one', { requested_at: '2025-03-10T10:00:00Z', zone: 'Europe/Nowhere' }, 'unknown_name'],
  ['a zone path', { on: '2025-03-10', zone: '../../etc/passwd' }, 'value_syntax'],
  ['a zone as a number', { on: '2025-03-10', zone: 5 }, 'value_syntax'],
  ['a zone as an object', { on: '2025-03-10', zone: { name: 'Europe/Rome' } }, 'value_syntax'],
];
for (const [what, request, code] of badRequests) {
  test(`request: ${what}`, () => {
    assertLapseError(() => decideCancel(E1, request), what, code);
  });
}

test('not objects at all', () => {
  for (const [subscription, request] of [[null, E1_REQUEST], [undefined, E1_REQUEST], [E1, null], [E1, 5], ['E1', E1_REQUEST], [[], E1_REQUEST], [E1, []]])
    assertLapseError(() => decideCancel(subscription, request), `${typeof subscription}/${typeof request}`, 'null_argument');
});

test('hostile policies', () => {
  assertLapseError(() => decideCancel(E1, E1_REQUEST, 'no-such-preset'), 'unknown preset', 'value_syntax');
  assertLapseError(() => decideCancel(E1, E1_REQUEST, 'timing = sometimes'), 'bad choice', 'value_syntax');
  assertLapseError(() => decideCancel(E1, E1_REQUEST, 'retention_days = 99999999999999'), 'huge days', null);
  assertLapseError(() => decideCancel(E1, E1_REQUEST, 5), 'a number', 'value_syntax');
  assertLapseError(() => decideCancel(E1, E1_REQUEST, { timing: 5 }), 'a number for a choice', 'value_syntax');
  assertLapseError(() => decideCancel(E1, E1_REQUEST, { timing: 'immediate\nrefund = full' }), 'a line break in a value', 'value_syntax');
  assertLapseError(() => decideCancel(E1, E1_REQUEST, { tming: 'immediate' }), 'an unknown key', 'unknown_name');
  assertLapseError(() => decideCancel(E1, E1_REQUEST, { retention_days: 2 ** 40 }), 'days out of range', null);
  assertLapseError(() => decideCancel(E1, E1_REQUEST, { commitment: 'fixed_fee', termination_fee: 100 }), 'a fee without its currency', 'missing');
  assertLapseError(() => decideCancel(E1, E1_REQUEST, { commitment: 'fixed_fee', termination_fee: 100, termination_fee_currency: 'USD' }), 'a fee in another currency', 'currency_mismatch');
  assertLapseError(() => Policy.parse('x'.repeat(3 << 20)), 'a 3 MB policy', 'out_of_range');
  assertLapseError(() => Policy.lint(42), 'lint of a number', 'value_syntax');
  assert.throws(() => new Policy(), TypeError);
});

test('hostile calls of the other functions', () => {
  assertLapseError(() => status(E1, 20250310), 'a number for the status date', 'date_syntax');
  assertLapseError(() => status(E1, '2025-13-01'), 'month 13', 'date_invalid');
  assertLapseError(() => reactivate({ ...E1, start: 'soon' }, '2025-03-10'), 'a bad start', 'date_syntax');
  assertLapseError(() => timeline(E1, { on: '2024-01-01' }), 'a request before the start', 'before_start');
  assertLapseError(() => timeline({ start: '0001-01-01', term: 1 }, { on: '9999-12-30' }), 'a timeline of 120,000 months', null);
  const d = decideCancel(E1, E1_REQUEST);
  assertLapseError(() => explain(d, { lang: 'xx' }), 'an unknown language', 'unknown_name');
  assertLapseError(() => explain(d, { lang: 7 }), 'a number for the language', 'unknown_name');
  assertLapseError(() => explain({ ...d }), 'a copy of a decision', 'missing');
  assertLapseError(() => explain({ ...d, refund: 5 }, { subscription: E1, request: E1_REQUEST }), 'a changed decision', 'decision_mismatch');
  assertLapseError(() => explain(null, { subscription: E1, request: E1_REQUEST }), 'null', 'missing');
  assertLapseError(() => decideMany(5), 'rows that are a number', 'value_syntax');
  assertLapseError(() => lapse.formatAmount(1.5, 'EUR'), 'a fractional amount', 'amount_syntax');
  assertLapseError(() => lapse.formatAmount(1, 'eur'), 'a lower-case currency', 'currency_syntax');
  assertLapseError(() => lapse.parseAmount('1.234', 'EUR'), 'three decimals in EUR', 'amount_precision');
  assertLapseError(() => lapse.parseAmount('99999999999999999999', 'EUR'), 'beyond 64 bits', 'amount_range');
});

test('hostile zones', () => {
  const { Zone, instants } = lapse;
  for (const name of ['../../etc/passwd', '/etc/passwd', '', 'Europe//Rome', 'Europe/./Rome', 'Europe/Rome\u0000', 'x'.repeat(100), 5, null])
    assertLapseError(() => Zone.load(name), `Zone.load(${JSON.stringify(name)})`, 'value_syntax');
  assertLapseError(() => Zone.load('Europe/Nowhere'), 'an unknown zone', 'unknown_name');
  assertLapseError(() => Zone.parse('X', new Uint8Array([84, 90, 105, 102])), 'four bytes of TZif', 'value_syntax');
  assertLapseError(() => Zone.parse('X', new Uint8Array(2 << 20)), 'two megabytes', null);
  assertLapseError(() => Zone.parse('X', 'TZif2'), 'text for bytes', 'value_syntax');
  assertLapseError(() => Zone.parse('y'.repeat(80), new Uint8Array(60)), 'a long name', 'value_syntax');
  const d = decideCancel(E1, E1_REQUEST);
  assertLapseError(() => instants(d, 'Europe/Rome'), 'a name for a Zone', 'value_syntax');
  assertLapseError(() => explain(d, { zone: {} }), 'an object for a Zone', 'value_syntax');
  assertLapseError(() => instants({ ...d }, Zone.load('Europe/Rome')), 'a copied decision', 'missing');
  assert.throws(() => new Zone(), TypeError);
});

test('decideMany reports every hostile row in its place and decides the others', () => {
  const rows = [
    { ...E1, ...E1_REQUEST },
    ...weird.map(([, subscription]) => ({ ...subscription, ...E1_REQUEST })),
    ...badRequests.map(([, request]) => ({ ...E1, ...request })),
    null, 7, 'row', [],
    { ...E1, ...E1_REQUEST, policy: 'no-such-preset' },
    { ...E1, ...E1_REQUEST, policy: 'immediate-prorated' },
    { ...E1, ...E1_REQUEST },
  ];
  const results = decideMany(rows);
  assert.equal(results.length, rows.length);
  results.forEach((r, i) => {
    assert.equal(r.index, i);
    assert.ok((r.decision === null) !== (r.error === null), `row ${i}: exactly one of decision and error`);
  });
  assert.equal(results[0].decision.effective_end, E1_END);
  assert.equal(results.at(-1).decision.effective_end, E1_END);
  assert.equal(results.at(-2).decision.effective_end, '2025-03-11');
  // As CSV rows, subscription and request keys go together: the two rows
  // with a key of the other object are good rows there; every other one
  // is an error in its place.
  const good = new Set(['a request key in the subscription', 'a subscription key in the request']);
  const names = [...weird.map(([w]) => w), ...badRequests.map(([w]) => w), 'null', '7', 'row', '[]', 'no-such-preset'];
  names.forEach((what, k) => {
    const r = results[k + 1];
    if (good.has(what)) assert.ok(r.decision, `${what}: decided as a row`);
    else assert.ok(r.error instanceof LapseError, `${what}: ${r.error ? r.error.message : 'decided'}`);
  });
});

test('after all of it the module still decides E1 as before', () => {
  const d = decideCancel(E1, E1_REQUEST);
  assert.equal(d.allowed, true);
  assert.equal(d.effective_end, E1_END);
  assert.equal(d.remaining_term_charge, 2000);
  assert.equal(d.data_deleted_on, '2025-06-29');
});
