// lapse for JavaScript: subscription cancellation decisions from the same C
// library, compiled to WebAssembly (lapse.wasm, next to this file).  Runs in
// Node.js and in browsers; no dependencies.  The reference is docs/js.md.
//
// Inputs and outputs use the library's own vocabulary: the keys are its CSV
// columns and the keys of `lapse cancel --json`, read from the library at
// load time (lapse_column_name, lapse_column_type_of), and decisions are
// the JSON the library writes (lapse_decision_json).  A column the library
// adds is a key here without a change to this file.

const wasmUrl = new URL('./lapse.wasm', import.meta.url);

const inNode = typeof process === 'object' && process !== null && !!process.versions && !!process.versions.node;
// Node's fs, for Zone.load (browsers pass a zone's bytes to Zone.parse).
const nodeFs = inNode ? await import('node:fs') : null;

async function wasmBytes() {
  if (inNode) return nodeFs.promises.readFile(wasmUrl);
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`lapse: cannot load ${wasmUrl}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

const { instance } = await WebAssembly.instantiate(await wasmBytes(), {});
const x = instance.exports;
if (typeof x._initialize === 'function') x._initialize();

let u8 = new Uint8Array(x.memory.buffer);
let i32 = new Int32Array(x.memory.buffer);
let u32 = new Uint32Array(x.memory.buffer);
function memory() {
  if (u8.byteLength === 0) {
    u8 = new Uint8Array(x.memory.buffer);
    i32 = new Int32Array(x.memory.buffer);
    u32 = new Uint32Array(x.memory.buffer);
  }
  return u8;
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

function cString(pointer, limit = 1 << 20) {
  if (!pointer) return null;
  const m = memory();
  let end = pointer;
  while (end < pointer + limit && m[end] !== 0) end++;
  return decoder.decode(m.subarray(pointer, end));
}

const TEXT = x.lapse_js_text();
const TEXT_SIZE = x.lapse_js_text_size();
const CELLS = x.lapse_js_cells();
const CELL_COUNT = x.lapse_js_cell_count();
const ROWS = x.lapse_js_rows();
const ROW_COUNT = x.lapse_js_row_count();
const OUT = x.lapse_js_out();
const DETAILS = x.lapse_js_details();
const POLICY = x.lapse_js_policy();
const ROW_POLICIES = x.lapse_js_row_policies();
const ROW_HAS_POLICY = x.lapse_js_row_has_policy();
const FINDINGS = x.lapse_js_findings();
const layout = (n) => x.lapse_js_layout(n);
const DETAIL = {
  size: layout(0), code: layout(1), line: layout(2), column: layout(3),
  field: layout(4), message: layout(5),
};
const FINDING = { size: layout(6), key: layout(7), line: layout(8), column: layout(9), message: layout(10) };
const POLICY_SIZE = layout(11);
const DECISION_SIZE = layout(12);
const DECISIONS = x.lapse_js_decisions();
const ROW_FAILED = x.lapse_js_row_failed();
const ZONE = x.lapse_js_zone();
const ZONE_SIZE = layout(13);
const ZONES = x.lapse_js_zones();
const ZONE_SLOTS = x.lapse_js_zone_slots();
const ROW_ZONE = x.lapse_js_row_zone();
const ITEM_RESULTS = x.lapse_js_item_results();
const ITEM_COUNTS = x.lapse_js_item_counts();
const ROW_INSTANTS = x.lapse_js_row_instants();
const ITEM_RESULT = {
  size: layout(14), name: layout(15), quantity: layout(16), quantity_after: layout(17),
  released_on: layout(18), unassign: layout(19),
};
const ITEMS_MAX = layout(20);
const INSTANT_TEXT_SIZE = layout(21);
// row_zone values and the row_failed value of a row whose zone failed.
const ZONE_NONE = -1;
const ZONE_FAILED = -2;
const ROW_ZONE_FAILED = 2;
// row_failed of a row whose inputs failed (not its decision).
const ROW_READ_FAILED = 3;

function outText(length) {
  return decoder.decode(memory().subarray(OUT, OUT + length));
}

// ---------------------------------------------------------------------------
// Errors

/** Every error of the package: `code` is the library's stable error name
 *  ("date_invalid", "unknown_column", ...), `field` the input it blames
 *  ("" when none), `message` a sentence naming both. */
export class LapseError extends Error {
  constructor(code, field, message, line = 0, column = 0) {
    super(message);
    this.name = 'LapseError';
    this.code = code;
    this.field = field;
    this.line = line;
    this.column = column;
  }
}

function errorName(code) {
  return cString(x.lapse_error_name(code)) || 'unknown';
}

function detailError(index = 0) {
  const base = DETAILS + index * DETAIL.size;
  memory();
  const code = i32[(base + DETAIL.code) >> 2];
  const line = i32[(base + DETAIL.line) >> 2];
  const column = i32[(base + DETAIL.column) >> 2];
  const field = cString(base + DETAIL.field, 32);
  const message = cString(base + DETAIL.message, 200);
  return new LapseError(errorName(code), field, message, line, column);
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return `a value of type ${typeof value}`;
}

// ---------------------------------------------------------------------------
// The vocabulary, from the library

const TYPE = { 1: 'date', 2: 'amount', 3: 'integer', 4: 'boolean', 5: 'name', 6: 'list', 7: 'text' };
const ROLE = { 1: 'subscription', 2: 'request', 3: 'decision', 4: 'currency' };

/** Names of every value of a kind of names (bit-set kinds by bit). */
function kindNames(kind, bits) {
  const names = [];
  if (bits) {
    for (let bit = 0; bit < 32; bit++) {
      const name = cString(x.lapse_name(kind, (1 << bit) >>> 0));
      if (name) names.push(name);
    }
  } else {
    for (let value = 0; value < 64; value++) {
      const name = cString(x.lapse_name(kind, value));
      if (name) names.push(name);
    }
  }
  return names;
}

const columnList = [];
for (let id = 1; id < 1000; id++) {
  const name = cString(x.lapse_column_name(id));
  if (name === null) break;
  const type = TYPE[x.lapse_column_type_of(id)] || 'text';
  const role = ROLE[x.lapse_js_column_role(id)] || 'other';
  const kind = x.lapse_js_column_kind(id);
  columnList.push(Object.freeze({
    id, name, type, role,
    input: x.lapse_column_is_input(id) === 1,
    decision: x.lapse_column_is_decision(id) === 1,
    names: type === 'name' || type === 'list' ? Object.freeze(kindNames(kind, type === 'list')) : undefined,
  }));
}
const byName = new Map(columnList.map((c) => [c.name, c]));
const subscriptionKeys = new Map(columnList.filter((c) => c.input && (c.role === 'subscription' || c.role === 'currency')).map((c) => [c.name, c]));
const requestKeys = new Map(columnList.filter((c) => c.input && c.role === 'request').map((c) => [c.name, c]));
// A request at an instant, in the account's zone: columns of a row that
// lapse_table_row() and `lapse batch` read beside the inputs.
for (const name of ['requested_at', 'zone']) if (byName.has(name)) requestKeys.set(name, byName.get(name));
const rowKeys = new Map([...subscriptionKeys, ...requestKeys]);
const decisionOrder = [];
for (let i = 0; i < 1000; i++) {
  const id = x.lapse_decision_column(i);
  if (!id) break;
  decisionOrder.push(columnList[id - 1].name);
}
// The per-item results (lapse_decide_items), the last key of `lapse cancel
// --json` (an array of {name, quantity, quantity_after, released_on,
// unassign}, [] without items).
const ITEM_RESULTS_KEY = 'item_results';

// Day numbers (days since 1970-01-01) as "YYYY-MM-DD", null outside
// 0001-01-01 .. 9999-12-31 (LAPSE_DATE_NONE included), as
// lapse_date_format writes them; civil-from-days in integers.
const DATE_MIN = -719162;
const DATE_MAX = 2932896;
const dateCache = new Map();
function dateText(days) {
  if (days < DATE_MIN || days > DATE_MAX) return null;
  let text = dateCache.get(days);
  if (text !== undefined) return text;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  text = `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
  if (dateCache.size > 100000) dateCache.clear();
  dateCache.set(days, text);
  return text;
}

// Each decision output: where its value lies in lapse_decision (the tables
// layer's own table) and how it is written, in the order of `lapse cancel
// --json`.
const decisionFields = decisionOrder.map((name) => {
  const column = byName.get(name);
  const info = (OUT + 4096) & ~3;
  x.lapse_js_decision_field(column.id, info);
  memory();
  const field = { id: column.id, name, type: column.type, offset: i32[info >> 2], width: i32[(info >> 2) + 1], names: null };
  // A column of a type read here only when its field is where the type
  // says (4 or 8 bytes; the currency's 4 letters); any other is read as
  // the library writes it (lapse_decision_format), so a new output never
  // reads wrong bytes.
  const known = { boolean: [4], date: [4], amount: [4, 8], integer: [4, 8], name: [4], list: [4] }[column.type];
  if (!(known && known.includes(field.width)) && !(name === 'currency' && column.type === 'text')) field.type = 'formatted';
  const kind = x.lapse_js_column_kind(column.id);
  if (column.type === 'name') {
    field.names = [];
    for (let v = 0; v < 64; v++) field.names.push(cString(x.lapse_name(kind, v)));
  } else if (column.type === 'list') {
    field.names = [];
    for (let bit = 0; bit < 32; bit++) field.names.push(cString(x.lapse_name(kind, (1 << bit) >>> 0)));
  }
  return field;
});

// A 64-bit value at a byte address as a number when exact, else a BigInt.
function int64At(address) {
  const lo = u32[address >> 2];
  const hi = i32[(address >> 2) + 1];
  if (hi >= -0x200000 && hi < 0x200000) return hi * 4294967296 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function readDecision(index, zoned = false) {
  const d = readDecisionFields(index);
  memory();
  const results = [];
  const count = i32[(ITEM_COUNTS >> 2) + index];
  for (let i = 0; i < count; i++) {
    const base = ITEM_RESULTS + (index * ITEMS_MAX + i) * ITEM_RESULT.size;
    results.push({
      name: cString(base + ITEM_RESULT.name, 32),
      quantity: i32[(base + ITEM_RESULT.quantity) >> 2],
      quantity_after: i32[(base + ITEM_RESULT.quantity_after) >> 2],
      released_on: dateText(i32[(base + ITEM_RESULT.released_on) >> 2]),
      unassign: i32[(base + ITEM_RESULT.unassign) >> 2],
    });
  }
  d[ITEM_RESULTS_KEY] = results;
  if (zoned) {
    const base = ROW_INSTANTS + index * 2 * INSTANT_TEXT_SIZE;
    d.notice_deadline_at = cString(base, INSTANT_TEXT_SIZE) || null;
    d.access_ends_at = cString(base + INSTANT_TEXT_SIZE, INSTANT_TEXT_SIZE) || null;
  }
  return d;
}

function readDecisionFields(index) {
  const base = DECISIONS + index * DECISION_SIZE;
  memory();
  const d = {};
  for (const f of decisionFields) {
    const at = base + f.offset;
    switch (f.type) {
      case 'boolean': d[f.name] = i32[at >> 2] !== 0; break;
      case 'date': d[f.name] = dateText(i32[at >> 2]); break;
      case 'amount': case 'integer': d[f.name] = f.width === 8 ? int64At(at) : i32[at >> 2]; break;
      case 'name': { const v = u32[at >> 2]; d[f.name] = v < 64 ? f.names[v] : null; break; }
      case 'list': {
        const bits = u32[at >> 2];
        const list = [];
        for (let bit = 0; bits >>> bit; bit++) if ((bits >>> bit) & 1 && f.names[bit]) list.push(f.names[bit]);
        d[f.name] = list;
        break;
      }
      case 'text': {
        let end = at;
        while (end < at + 4 && u8[end] !== 0) end++;
        d[f.name] = String.fromCharCode(...u8.subarray(at, end));
        break;
      }
      default: {
        const length = x.lapse_js_decision_format(index, f.id);
        d[f.name] = length > 0 ? outText(length) : null;
        memory();
      }
    }
  }
  return d;
}

/** Every column of the library: name, type, role ("subscription",
 *  "request", "currency", "decision", "other"), whether it is an input or a
 *  decision output, and the names a name or list column takes. */
export const columns = Object.freeze(columnList);
/** The input keys of a subscription, of a request, and the keys of a
 *  decision in the order of `lapse cancel --json`. */
export const subscriptionColumns = Object.freeze([...subscriptionKeys.keys()]);
export const requestColumns = Object.freeze([...requestKeys.keys()]);
export const decisionColumns = Object.freeze([...decisionOrder, ITEM_RESULTS_KEY]);

const languageList = [];
for (let i = 0; i < 100; i++) {
  const code = cString(x.lapse_language_code(i));
  if (code === null) break;
  languageList.push(code);
}
/** The languages of explanations ("en", "it"). */
export const languages = Object.freeze(languageList);
/** The library's version ("0.2.0"). */
export const version = cString(x.lapse_version());

// lapse_kind numbers of the names the package lists beyond the columns.
const KIND_CHANGE = 9;
const KIND_EVENT = 11;

/** R14: the changes offered instead of cancelling, each with the route it
 *  takes ("support" for downgrades and removals, "online" for purchases). */
export function changes() {
  const list = [];
  for (let value = 1; value < 64; value++) {
    const change = cString(x.lapse_name(KIND_CHANGE, value));
    if (change === null) continue;
    list.push({ change, route: cString(x.lapse_name(5, x.lapse_change_route(value))) });
  }
  return list;
}

/** The names of the timeline's events ("start", "renewal", "invoice", ...). */
export const eventNames = Object.freeze(kindNames(KIND_EVENT, false));

// ---------------------------------------------------------------------------
// Writing inputs into the module

let textAt = 0;
let cellAt = 0;

function reset() {
  textAt = 0;
  cellAt = 0;
}

function putText(value) {
  const m = memory();
  const start = textAt;
  const n = value.length;
  if (start + n * 3 > TEXT_SIZE) {
    if (start + encoder.encode(value).length > TEXT_SIZE) throw new LapseError('out_of_range', '', 'inputs: longer than the package reads in one call');
  }
  let i = 0;
  const base = TEXT + start;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) break;
    m[base + i] = c;
  }
  let length = i;
  if (i < n) {
    const { written } = encoder.encodeInto(value.slice(i), m.subarray(base + i, TEXT + TEXT_SIZE));
    length += written;
  }
  textAt = start + length;
  return [start, length];
}

function putCell(id, value) {
  if (cellAt >= CELL_COUNT) throw new LapseError('out_of_range', '', 'inputs: more cells than the package reads in one call');
  const [offset, length] = putText(value);
  const at = (CELLS >> 2) + cellAt * 3;
  i32[at] = id;
  i32[at + 1] = offset;
  i32[at + 2] = length;
  cellAt++;
}

function badValue(code, key, expected, value) {
  return new LapseError(code, key, `${key} ${describe(value)}: ${expected}`);
}

// A JavaScript value as the text of its column's cell.
function cellText(column, key, value, currency) {
  switch (column.type) {
    case 'date':
      if (typeof value !== 'string') throw badValue('date_syntax', key, 'not a date string "YYYY-MM-DD"', value);
      if (value === '') throw badValue('date_syntax', key, 'not a date of the form YYYY-MM-DD', value);
      return value;
    case 'amount':
      if (typeof value === 'bigint') return String(value);
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw badValue('amount_syntax', key, 'not a whole number of minor units', value);
      if (!Number.isSafeInteger(value))
        throw badValue('amount_range', key, 'beyond the exact integers of JavaScript numbers (2^53 - 1): pass a BigInt', value);
      return String(value);
    case 'integer':
      if (typeof value === 'bigint') return String(value);
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw badValue('value_syntax', key, 'not a whole number', value);
      if (!Number.isSafeInteger(value)) throw badValue('out_of_range', key, 'out of range', value);
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw badValue('value_syntax', key, 'not true or false', value);
      return value ? 'true' : 'false';
    case 'name':
      if (typeof value !== 'string' || value === '' || /[;,]/.test(value))
        throw badValue('unknown_name', key, `not one of ${column.names.join(', ')}`, value);
      return value;
    case 'list': {
      if (!Array.isArray(value)) throw badValue('value_syntax', key, 'not an array of names', value);
      for (const name of value) {
        if (typeof name !== 'string' || name === '' || /[;,]/.test(name))
          throw badValue('unknown_name', key, `not one of ${column.names.join(', ')}`, name);
      }
      return value.join(';');
    }
    default:
      if (key === 'items' && typeof value !== 'string') return itemsText(value, currency);
      if (key === 'reduce' && typeof value !== 'string') return reduceText(value);
      if (typeof value !== 'string') throw badValue('value_syntax', key, 'not a string', value);
      if (value === '') throw badValue(key === 'currency' ? 'currency_syntax' : 'value_syntax', key, 'empty', value);
      return value;
  }
}

// The digits after the point of a currency's amounts (2 for EUR, 0 for
// JPY), from the library (lapse_amount_format), written past the cells
// without disturbing them; 2 for a currency it does not know (its error
// then comes from the currency cell, read first).
const currencyDigits = new Map();
function digitsOf(currency) {
  let digits = currencyDigits.get(currency);
  if (digits !== undefined) return digits;
  const mark = textAt;
  const [offset] = putText(currency.slice(0, 3).padEnd(3, ' '));
  const length = x.lapse_js_amount_format(1n, offset);
  textAt = mark;
  const text = length > 0 ? outText(length) : '';
  digits = text.includes('.') ? text.length - text.indexOf('.') - 1 : length > 0 ? 0 : 2;
  if (currencyDigits.size > 64) currencyDigits.clear();
  currencyDigits.set(currency, digits);
  return digits;
}

// Minor units as the decimal text of a currency with `digits` digits.
function decimalText(minor, digits) {
  const big = BigInt(minor);
  const negative = big < 0n;
  let text = (negative ? -big : big).toString();
  if (digits > 0) {
    text = text.padStart(digits + 1, '0');
    text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  }
  return negative ? `-${text}` : text;
}

const ITEM_KEYS = ['name', 'quantity', 'unit_price', 'committed', 'assigned'];

// items as an array of {name, quantity, unit_price (minor units),
// committed, assigned}: the text form the library reads ("seats:10:5.00",
// lapse_items_parse), unit prices in the row's currency.
function itemsText(value, currency) {
  if (!Array.isArray(value))
    throw badValue('value_syntax', 'items', 'not an array of items {name, quantity, unit_price, committed, assigned} nor their text', value);
  const digits = digitsOf(typeof currency === 'string' ? currency : 'EUR');
  return value.map((item, i) => {
    const where = `items[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new LapseError('value_syntax', 'items', `${where} ${describe(item)}: not an item {name, quantity, unit_price, committed, assigned}`);
    for (const key of Object.keys(item))
      if (!ITEM_KEYS.includes(key)) throw new LapseError('unknown_column', 'items', `${where}: ${key}: not a key of an item (${ITEM_KEYS.join(', ')})`);
    const { name, quantity, unit_price: price, committed, assigned } = item;
    if (typeof name !== 'string' || /[:;=\s]/.test(name) || name === '')
      throw new LapseError('value_syntax', 'items', `${where}: name ${describe(name)}: not an item name (1-31 of a-z, 0-9, _ and -)`);
    const whole = (v, key, optional) => {
      if (optional && (v === undefined || v === null)) return 0;
      if (typeof v !== 'number' || !Number.isSafeInteger(v))
        throw new LapseError('value_syntax', 'items', `${where} ${name}: ${key} ${describe(v)}: not a whole number`);
      return v;
    };
    const q = whole(quantity, 'quantity', false);
    if (!(typeof price === 'bigint' || (typeof price === 'number' && Number.isSafeInteger(price))))
      throw new LapseError('amount_syntax', 'items', `${where} ${name}: unit_price ${describe(price)}: not a whole number of minor units`);
    const c = whole(committed, 'committed', true);
    const a = whole(assigned, 'assigned', true);
    let text = `${name}:${q}:${decimalText(price, digits)}`;
    if (c !== 0 || a !== 0) text += `:${c}`;
    if (a !== 0) text += `:${a}`;
    return text;
  }).join(';');
}

// reduce as an object of item name to its new quantity: "seats=6;mobile=0"
// (lapse_reductions_parse).
function reduceText(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badValue('value_syntax', 'reduce', 'not an object of item names to quantities ({seats: 6}) nor its text', value);
  return Object.keys(value).map((name) => {
    const quantity = value[name];
    if (/[:;=\s]/.test(name) || name === '') throw new LapseError('value_syntax', 'reduce', `reduce: ${describe(name)}: not an item name`);
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity))
      throw new LapseError('value_syntax', 'reduce', `reduce ${name}: ${describe(quantity)}: not a whole number`);
    return `${name}=${quantity}`;
  }).join(';');
}

// The zone of the object putObject wrote last (its `zone` key, not a cell):
// undefined without one.
let objectZone;

function putObject(object, keys, what, currency) {
  if (object === null || typeof object !== 'object' || Array.isArray(object))
    throw new LapseError('null_argument', what, `${what}: not an object (${describe(object)})`);
  if (currency === undefined) currency = object.currency;
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
    const value = object[key];
    if (value === undefined || value === null) continue;
    if (key === 'zone' && keys.has(key)) {
      objectZone = zoneOf(value);
      continue;
    }
    const column = keys.get(key);
    if (column === undefined) {
      const other = byName.get(key);
      const hint = other && other.input ? ` (an input of the ${other.role === 'request' ? 'request' : 'subscription'})` : '';
      throw new LapseError('unknown_column', key, `${what}: ${key}: not a known ${what} key${hint}`);
    }
    putCell(column.id, cellText(column, key, value, currency));
  }
}

function putDate(date, what) {
  if (typeof date !== 'string' || date === '')
    throw new LapseError('date_syntax', 'on', `${what} ${describe(date)}: not a date of the form YYYY-MM-DD`);
  putCell(byName.get('on').id, date);
}

// ---------------------------------------------------------------------------
// Policies

const policyKeys = [];
{
  const info = (OUT + 4096) & ~3; // three int32 written by lapse_js_policy_key, out of the way of its name
  for (let index = 0; index < 200; index++) {
    const length = x.lapse_js_policy_key(index, info);
    if (length < 0) break;
    const name = outText(length);
    memory();
    const type = ['days', 'flag', 'choice', 'roles', 'amount', 'percent', 'dates'][i32[info >> 2]];
    const kind = i32[(info >> 2) + 1];
    const offset = i32[(info >> 2) + 2];
    policyKeys.push({
      name, type, kind, offset,
      names: type === 'choice' ? kindNames(kind, false) : type === 'roles' ? kindNames(kind, true) : undefined,
    });
  }
}
const policyKeyByName = new Map(policyKeys.map((k) => [k.name, k]));

function readPolicyValues(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = {};
  for (const key of policyKeys) {
    switch (key.type) {
      case 'days': case 'percent': values[key.name] = view.getInt32(key.offset, true); break;
      case 'flag': values[key.name] = view.getInt32(key.offset, true) !== 0; break;
      case 'choice': values[key.name] = cString(x.lapse_name(key.kind, view.getInt32(key.offset, true))); break;
      case 'roles': {
        const bits = view.getUint32(key.offset, true);
        const names = [];
        for (let bit = 0; bit < 32; bit++) {
          const name = cString(x.lapse_name(key.kind, (1 << bit) >>> 0));
          if (name && (bits >>> bit) & 1) names.push(name);
        }
        values[key.name] = names;
        break;
      }
      case 'amount': {
        values[key.name] = exact(view.getBigInt64(key.offset, true));
        break;
      }
      case 'dates': {
        // holidays: a count, then the dates in ascending order
        const count = view.getInt32(key.offset, true);
        const dates = [];
        for (let i = 0; i < count; i++) dates.push(dateText(view.getInt32(key.offset + 4 + 4 * i, true)));
        values[key.name] = dates;
        break;
      }
      default: break;
    }
  }
  return values;
}

function loadPolicy(bytes) {
  memory().set(bytes, POLICY);
}

function savePolicy() {
  return memory().slice(POLICY, POLICY + POLICY_SIZE);
}

/** A cancellation policy: what Policy.parse, Policy.from or a preset gives.
 *  Immutable; `text` is its canonical form (lapse_policy_format),
 *  `values` its keys as JavaScript values. */
export class Policy {
  #bytes;
  #text;
  #values;

  constructor(token, bytes) {
    if (token !== POLICY_TOKEN) throw new TypeError('lapse: make policies with Policy.parse(), Policy.from() or Policy.preset()');
    this.#bytes = bytes;
    loadPolicy(bytes);
    const length = x.lapse_js_policy_format();
    if (length < 0) throw detailError();
    this.#text = outText(length);
    Object.freeze(this);
  }

  /** A policy from text: a preset name ("eu-consumer") or settings, one
   *  "key = value" a line or separated by ';', as lapse-policy(5) reads. */
  static parse(text) {
    if (typeof text !== 'string') throw new LapseError('value_syntax', 'policy', `policy ${describe(text)}: not a policy text`);
    reset();
    const [offset, length] = putText(text);
    if (x.lapse_js_policy_read(offset, length, 1) < 0) throw detailError();
    return new Policy(POLICY_TOKEN, savePolicy());
  }

  /** A shipped preset by name ("default", "eu-consumer", ...). */
  static preset(name) {
    return Policy.parse(name);
  }

  /** A policy from an object of keys (those of `Policy.keys`), the others
   *  keeping the default: {timing: "immediate", refund: "prorated"}.
   *  termination_fee is minor units of termination_fee_currency. */
  static from(object) {
    if (object instanceof Policy) return object;
    if (object === null || typeof object !== 'object' || Array.isArray(object))
      throw new LapseError('value_syntax', 'policy', `policy ${describe(object)}: not a policy object`);
    const lines = [];
    let fee = null;
    let currency = null;
    for (const name of Object.keys(object)) {
      const value = object[name];
      if (value === undefined) continue;
      if (name === 'termination_fee_currency') {
        if (typeof value !== 'string') throw badValue('value_syntax', name, 'not a currency code', value);
        currency = value;
        continue;
      }
      const key = policyKeyByName.get(name);
      if (!key) throw new LapseError('unknown_name', name, `policy key ${name}: not a known key (${policyKeys.map((k) => k.name).join(', ')})`);
      switch (key.type) {
        case 'days': case 'percent':
          if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw badValue('value_syntax', name, 'not a whole number', value);
          lines.push(`${name} = ${value}`);
          break;
        case 'flag':
          if (typeof value !== 'boolean') throw badValue('value_syntax', name, 'not true or false', value);
          lines.push(`${name} = ${value}`);
          break;
        case 'choice':
          if (typeof value !== 'string' || !/^[a-z0-9_-]+$/.test(value)) throw badValue('value_syntax', name, `not one of ${key.names.join(', ')}`, value);
          lines.push(`${name} = ${value}`);
          break;
        case 'roles':
          if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !/^[a-z0-9_-]+$/.test(v)))
            throw badValue('value_syntax', name, `not an array of ${key.names.join(', ')}`, value);
          lines.push(`${name} = ${value.length ? value.join(', ') : 'none'}`);
          break;
        case 'dates':
          if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)))
            throw badValue('value_syntax', name, 'not an array of dates YYYY-MM-DD', value);
          lines.push(`${name} = ${value.length ? value.join(', ') : 'none'}`);
          break;
        case 'amount':
          if (typeof value === 'bigint' ? false : typeof value !== 'number' || !Number.isSafeInteger(value))
            throw badValue('value_syntax', name, 'not a whole number of minor units', value);
          fee = value;
          break;
        default: break;
      }
    }
    if (fee !== null && Number(fee) !== 0) {
      if (currency === null) throw new LapseError('missing', 'termination_fee_currency', 'termination_fee_currency: required with a termination_fee');
      lines.push(`termination_fee = ${formatAmount(fee, currency)} ${currency}`);
    }
    return Policy.parse(lines.join('\n'));
  }

  /** The canonical text of a policy (every key, one a line). */
  static format(policy) {
    return toPolicy(policy).text;
  }

  /** The settings of a policy (or policy text) that no decision can use:
   *  [{key, line, column, message}] (line and column 0 for a policy). */
  static lint(policy) {
    let count;
    if (typeof policy === 'string' && policyKeyByName.size && /[=]/.test(policy)) {
      reset();
      const [offset, length] = putText(policy);
      count = x.lapse_js_policy_lint(1, offset, length);
    } else {
      loadPolicy(toPolicy(policy).bytes);
      count = x.lapse_js_policy_lint(0, 0, 0);
    }
    if (count < 0) throw detailError();
    const findings = [];
    memory();
    for (let k = 0; k < count; k++) {
      const base = FINDINGS + k * FINDING.size;
      findings.push({
        key: cString(base + FINDING.key, 32),
        line: i32[(base + FINDING.line) >> 2],
        column: i32[(base + FINDING.column) >> 2],
        message: cString(base + FINDING.message, 200),
      });
    }
    return findings;
  }

  /** The keys of a policy text: name, type and the names a choice takes. */
  static get keys() {
    return policyKeys.map((k) => ({ name: k.name, type: k.type, names: k.names }));
  }

  get text() { return this.#text; }
  get bytes() { return this.#bytes; }
  get values() {
    if (!this.#values) this.#values = Object.freeze(readPolicyValues(this.#bytes));
    return { ...this.#values };
  }
  toString() { return this.#text; }
  toJSON() { return this.values; }
}
const POLICY_TOKEN = Symbol('lapse policy');

const policyCache = new Map();
function toPolicy(policy) {
  if (policy instanceof Policy) return policy;
  if (typeof policy === 'string') {
    let cached = policyCache.get(policy);
    if (!cached) {
      cached = Policy.parse(policy);
      if (policyCache.size > 100) policyCache.clear();
      policyCache.set(policy, cached);
    }
    return cached;
  }
  return Policy.from(policy);
}

// A policy argument resolved before any input is written (parsing one
// uses the text area): null for the default policy.
function resolve(policy) {
  return policy === undefined || policy === null ? null : toPolicy(policy);
}

// 0: the default policy; 1: the policy area, loaded with this policy.
function usePolicy(resolved) {
  if (resolved === null) return 0;
  loadPolicy(resolved.bytes);
  return 1;
}

// ---------------------------------------------------------------------------
// Amounts

// A 64-bit amount as a number when it is one exactly, else a BigInt.
function exact(big) {
  return big <= 9007199254740991n && big >= -9007199254740991n ? Number(big) : big;
}

/** Minor units as decimal text in a currency: formatAmount(2000, "EUR") is
 *  "20.00", formatAmount(1200, "JPY") "1200". */
export function formatAmount(amount, currency) {
  if (typeof amount === 'number' && Number.isSafeInteger(amount)) amount = BigInt(amount);
  else if (typeof amount !== 'bigint') throw badValue('amount_syntax', 'amount', 'not a whole number of minor units (a safe integer or a BigInt)', amount);
  if (amount > 9223372036854775807n || amount < -9223372036854775808n) throw badValue('amount_range', 'amount', 'beyond the 64-bit range of amounts', amount);
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw badValue('currency_syntax', 'currency', 'not three upper-case letters', currency);
  reset();
  const [offset] = putText(currency);
  const length = x.lapse_js_amount_format(amount, offset);
  if (length === 0) throw badValue('currency_unknown', 'currency', 'not an ISO 4217 currency', currency);
  return outText(length);
}

/** Decimal text in a currency as minor units: parseAmount("20.00", "EUR")
 *  is 2000. */
export function parseAmount(text, currency) {
  if (typeof text !== 'string') throw badValue('amount_syntax', 'amount', 'not a decimal amount', text);
  if (typeof currency !== 'string' || currency.length !== 3) throw badValue('currency_syntax', 'currency', 'not three upper-case letters', currency);
  reset();
  const [offset, length] = putText(text);
  const [where] = putText(currency);
  const slot = (TEXT + TEXT_SIZE - 16) & ~7;
  if (x.lapse_js_amount_parse(offset, length, where, slot) < 0) throw detailError();
  return exact(new BigInt64Array(x.memory.buffer, slot, 1)[0]);
}

// ---------------------------------------------------------------------------
// Decisions

// Where a result came from, for explain(): a hidden (non-enumerable)
// property, which JSON, Object.keys, spreading and comparisons ignore.
const ORIGIN = Symbol('lapse origin');
const origins = {
  get: (result) => (result !== null && typeof result === 'object' ? result[ORIGIN] : undefined),
  set: (result, origin) => Object.defineProperty(result, ORIGIN, { value: origin }),
};
// Writes an origin's inputs as cells.
function putOrigin(origin) {
  if (origin.row) putObject(origin.row, rowKeys, 'row');
  else putObject(origin.subscription, subscriptionKeys, 'subscription');
  if (origin.kind === 'status') putDate(origin.date, 'date');
  else if (!origin.row) putObject(origin.request, requestKeys, 'request', origin.subscription && origin.subscription.currency);
}

// JSON of the library, whole numbers beyond 2^53 - 1 as BigInt (never a
// rounded number).
const BIG = '~big:';
function bigReviver(key, value) {
  return typeof value === 'string' && value.startsWith(BIG) ? exact(BigInt(value.slice(BIG.length))) : value;
}
function parseJson(json) {
  if (!/\d{16}/.test(json)) return JSON.parse(json);
  return JSON.parse(json.replace(/(:\s*)(-?\d{16,})(?=[,}\]])/g, (_, colon, digits) => `${colon}"${BIG}${digits}"`), bigReviver);
}

/** The JSON the library writes for a decision (lapse_decision_json, the
 *  bytes of `lapse cancel --json` without the newline), for a decision
 *  this package returned. */
export function decisionJson(decision) {
  const origin = origins.get(decision);
  if (!origin || origin.kind !== 'decision') throw new LapseError('missing', 'decision', 'decision: not one decideCancel or decideMany returned');
  const fresh = decideInto(() => putOrigin(origin), origin.policy);
  for (const key of Object.keys(fresh)) {
    if (!sameValue(fresh[key], decision[key]))
      throw new LapseError('decision_mismatch', 'decision', `decision: not what its inputs give (${key})`);
  }
  return outText(x.lapse_js_decision_json(0, 'notice_deadline_at' in fresh ? 1 : 0));
}

function checkedJson(length) {
  return parseJson(outText(length));
}

// Writes the cells with put() and row 0's zone (the `zone` key read):
// the zone, or undefined.
function putRow0(put) {
  reset();
  objectZone = undefined;
  put();
  const zone = objectZone;
  setRowZone(0, zone, new Map());
  return zone;
}

function decideInto(put, policy) {
  policy = resolve(policy);
  const zone = putRow0(put);
  const which = usePolicy(policy);
  const failed = x.lapse_js_decide(0, cellAt, which);
  if (failed === ROW_ZONE_FAILED) throw zone;
  if (failed) throw detailError();
  return readDecision(0, zone instanceof Zone);
}

/** Decides a cancellation request.  `subscription` and `request` hold the
 *  input columns (start, term, price in minor units, ...; on, channel,
 *  roles, ...), `policy` a Policy, a preset name or settings text, or an
 *  object of keys (default: the default policy).  Returns the decision
 *  with the keys of `lapse cancel --json`; throws LapseError. */
export function decideCancel(subscription, request, policy) {
  const origin = { kind: 'decision', subscription, request, row: null, date: null, policy };
  const decision = decideInto(() => putOrigin(origin), policy);
  origins.set(decision, origin);
  return decision;
}

function withDate(put, policy, call, what) {
  policy = resolve(policy);
  const zone = putRow0(put);
  if (zone instanceof LapseError) throw zone;
  const which = usePolicy(policy);
  const length = call(0, cellAt, which);
  if (length < 0) throw detailError();
  return checkedJson(length, what);
}

/** Where a subscription stands on a date (R12): {status, since, until,
 *  effective_end, data_deleted_on, listed_as, refund, termination_fee,
 *  currency}. */
export function status(subscription, date, policy) {
  const origin = { kind: 'status', subscription, request: null, row: null, date, policy };
  const result = withDate(() => putOrigin(origin), policy, x.lapse_js_status, 'status');
  origins.set(result, origin);
  return result;
}

/** What reactivating on a date does (R13): {outcome, charge,
 *  applied_to_balance, cash_refund, account_credit (where the charge comes
 *  from), effective_end, data_deleted_on, currency}. */
export function reactivate(subscription, date, policy) {
  const put = () => {
    putObject(subscription, subscriptionKeys, 'subscription');
    putDate(date, 'date');
  };
  return withDate(put, policy, x.lapse_js_reactivate, 'reactivation');
}

/** Every dated event of the subscription cancelled as `request` says, as
 *  `lapse timeline --json`: {events: [{date, event, term, amount}],
 *  currency}. */
export function timeline(subscription, request, policy) {
  policy = resolve(policy);
  const zone = putRow0(() => {
    putObject(subscription, subscriptionKeys, 'subscription');
    putObject(request, requestKeys, 'request', subscription && subscription.currency);
  });
  if (zone instanceof LapseError) throw zone;
  const which = usePolicy(policy);
  const length = x.lapse_js_timeline(0, cellAt, which);
  if (length < 0) throw detailError();
  return checkedJson(length, 'timeline');
}

function sameValue(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => sameValue(a[key], b[key]));
  }
  return a === b;
}

/** The explanation of a decision (or of a status) in words, as `lapse
 *  cancel` prints it, in a language of `languages` (default "en").  The
 *  decision must be one decideCancel (or status) returned, unchanged, or
 *  the inputs are given as options {subscription, request, policy}. */
export function explain(result, options = {}) {
  const lang = options.lang === undefined ? 'en' : options.lang;
  if (typeof lang !== 'string') throw new LapseError('unknown_name', 'language', `language ${describe(lang)}: not a known name`);
  let origin = origins.get(result);
  if (options.subscription !== undefined) {
    const { subscription, request, date } = options;
    origin = date !== undefined
      ? { kind: 'status', subscription, request: null, row: null, date, policy: options.policy }
      : { kind: 'decision', subscription, request: request || {}, row: null, date: null, policy: options.policy };
  } else if (origin && options.policy !== undefined) {
    origin = { ...origin, policy: options.policy };
  }
  if (!origin)
    throw new LapseError('missing', 'decision', 'decision: not one decideCancel or status returned; pass {subscription, request, policy} with it');
  if (result === null || typeof result !== 'object') throw new LapseError('missing', origin.kind, `${origin.kind}: not an object`);
  const policy = resolve(origin.policy);
  const fresh = origin.kind === 'status'
    ? withDate(() => putOrigin(origin), policy, x.lapse_js_status, 'status')
    : decideInto(() => putOrigin(origin), policy);
  for (const key of Object.keys(fresh)) {
    if (!sameValue(fresh[key], result[key]))
      throw new LapseError('decision_mismatch', origin.kind, `${origin.kind}: not what these inputs give (${key})`);
  }
  // The cells of that call are still in place: explain them.
  const which = usePolicy(policy);
  const cells = cellAt;
  const [offset, length] = putText(lang);
  let inZone = 0;
  if (options.zone !== undefined && options.zone !== null) {
    if (!(options.zone instanceof Zone)) throw new LapseError('value_syntax', 'zone', `zone ${describe(options.zone)}: not a Zone (Zone.parse, Zone.load)`);
    if (origin.kind === 'status') throw new LapseError('value_syntax', 'zone', 'zone: explanations of a status are not told in a zone');
    memory().set(options.zone.bytes, ZONE);
    inZone = 1;
  }
  const n = x.lapse_js_explain(0, cells, which, origin.kind === 'status' ? 1 : 0, offset, length, inZone);
  if (n < 0) throw detailError();
  return outText(n);
}

// ---------------------------------------------------------------------------
// Time zones

const ZONE_TOKEN = Symbol('lapse zone');

/** An IANA time zone read by the library's TZif reader (lapse_zone_parse):
 *  Zone.parse(name, bytes) from a TZif file's bytes (in a browser, fetched
 *  from the portal's own files), Zone.load(name) from /usr/share/zoneinfo
 *  in Node.  For explain(decision, {zone}) and instants(). */
export class Zone {
  #name;
  #bytes;

  constructor(token, name, bytes) {
    if (token !== ZONE_TOKEN) throw new TypeError('lapse: make zones with Zone.parse() or Zone.load()');
    this.#name = name;
    this.#bytes = bytes;
    Object.freeze(this);
  }

  /** A zone from the bytes of a TZif file (RFC 8536), named `name`. */
  static parse(name, data) {
    if (typeof name !== 'string') throw new LapseError('value_syntax', 'zone', `zone ${describe(name)}: not a zone name`);
    let bytes;
    if (data instanceof Uint8Array) bytes = data;
    else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else throw new LapseError('value_syntax', 'zone', `zone ${name}: the TZif data is not bytes (${describe(data)})`);
    // Written past the cells being written, if any, which stay.
    const mark = textAt;
    try {
      const [nameAt, nameLength] = putText(name);
      if (nameAt + nameLength + bytes.length > TEXT_SIZE) throw new LapseError('out_of_range', 'zone', `zone ${name}: ${bytes.length} bytes, more than a TZif file`);
      memory().set(bytes, TEXT + nameAt + nameLength);
      if (x.lapse_js_zone_parse(nameAt, nameLength, nameAt + nameLength, bytes.length) < 0) throw detailError();
    } finally {
      textAt = mark;
    }
    const zone = new Zone(ZONE_TOKEN, name, memory().slice(ZONE, ZONE + ZONE_SIZE));
    if (zoneCache.size > 256) zoneCache.clear();
    zoneCache.set(name, zone);
    return zone;
  }

  /** A zone by IANA name from a zoneinfo directory (Node only), the name
   *  checked first as lapse_zone_load checks it: no absolute path, no
   *  empty, '.' or '..' component, only [A-Za-z0-9_+-/]. */
  static load(name, directory = defaultZoneDirectory()) {
    const bad = (why) => new LapseError('value_syntax', 'zone', `zone '${String(name).slice(0, 64)}': ${why}`);
    if (typeof name !== 'string' || name === '') throw bad('empty; an IANA name such as Europe/Rome');
    if (name.length >= 64) throw bad('longer than an IANA zone name');
    if (name[0] === '/') throw bad('an absolute path, not a zone name');
    if (name.includes('..')) throw bad("'..' would leave the zoneinfo directory");
    if (!/^[A-Za-z0-9_+\-/]+$/.test(name)) throw bad("only letters, digits, '_', '+', '-' and '/' make a zone name");
    if (name.includes('//') || name.endsWith('/') || name.split('/').includes('.')) throw bad('an empty component, not a zone name');
    if (!nodeFs) throw new LapseError('value_syntax', 'zone', `zone ${name}: Zone.load reads files in Node; in a browser, Zone.parse(name, bytes)`);
    let data;
    try {
      data = nodeFs.readFileSync(`${directory}/${name}`);
    } catch {
      throw new LapseError('unknown_name', 'zone', `zone ${name}: no such zone in ${directory}`);
    }
    return Zone.parse(name, data);
  }

  /** The local date here of an RFC 3339 instant ("2025-12-02T23:30:00-08:00"),
   *  "YYYY-MM-DD": the request date of a request made at that instant, as
   *  `lapse cancel --at INSTANT --zone NAME` takes it. */
  dateOf(instant) {
    if (typeof instant !== 'string') throw new LapseError('value_syntax', 'requested_at', `requested_at ${describe(instant)}: not an RFC 3339 date-time`);
    reset();
    const [offset, length] = putText(instant);
    memory().set(this.#bytes, ZONE);
    const n = x.lapse_js_zone_date_of(offset, length);
    if (n < 0) throw detailError();
    return outText(n);
  }

  get name() { return this.#name; }
  get bytes() { return this.#bytes; }
  toString() { return this.#name; }
}

// Zones by name: every zone Zone.parse or Zone.load made, and the names
// that failed to load (their LapseError), so that a run loads each once.
const zoneCache = new Map();

// The zoneinfo directory: $TZDIR, else /usr/share/zoneinfo (as the lapse
// tool).
function defaultZoneDirectory() {
  return (inNode && process.env.TZDIR) || '/usr/share/zoneinfo';
}

// A `zone` input: a Zone, or an IANA name (a zone Zone.parse made by that
// name, else, in Node, the system's file); undefined for none, a
// LapseError kept for the row when the name does not load (a row's other
// inputs are read first, as `lapse batch` reads them).
function zoneOf(value) {
  if (value instanceof Zone) return value;
  if (typeof value !== 'string')
    throw new LapseError('value_syntax', 'zone', `zone ${describe(value)}: not an IANA zone name nor a Zone (Zone.parse, Zone.load)`);
  if (value === '') return undefined;
  let zone = zoneCache.get(value);
  if (zone !== undefined) return zone;
  if (!nodeFs) {
    zone = new LapseError('unknown_name', 'zone', `zone ${value}: not loaded; in a browser, pass Zone.parse('${value}', bytes of its TZif file) (or call it first)`);
  } else {
    try {
      zone = Zone.load(value);
    } catch (e) {
      if (!(e instanceof LapseError)) throw e;
      zone = e;
    }
  }
  zoneCache.set(value, zone);
  return zone;
}

// Row k's zone: ZONE_NONE, ZONE_FAILED or a slot in slots (a Map of Zone
// to slot, its bytes copied in when first used); null when the slots are
// full (the caller decides the rows so far first).
function setRowZone(k, zone, slots) {
  let slot = ZONE_NONE;
  if (zone instanceof LapseError) slot = ZONE_FAILED;
  else if (zone instanceof Zone) {
    slot = slots.get(zone);
    if (slot === undefined) {
      if (slots.size >= ZONE_SLOTS) return null;
      slot = slots.size;
      slots.set(zone, slot);
      memory().set(zone.bytes, ZONES + slot * ZONE_SIZE);
    }
  }
  memory();
  i32[(ROW_ZONE >> 2) + k] = slot;
  return slot;
}

/** A decision's deadlines as instants in a zone (lapse_decision_instants):
 *  {notice_deadline_at, access_ends_at}, RFC 3339 UTC texts ("...Z"); the
 *  first instant after the last day to give notice (null without one) and
 *  after the last day of access. */
export function instants(decision, zone) {
  if (!(zone instanceof Zone)) throw new LapseError('value_syntax', 'zone', `zone ${describe(zone)}: not a Zone (Zone.parse, Zone.load)`);
  const origin = origins.get(decision);
  if (!origin || origin.kind !== 'decision') throw new LapseError('missing', 'decision', 'decision: not one decideCancel or decideMany returned');
  const fresh = decideInto(() => putOrigin(origin), origin.policy);
  for (const key of Object.keys(fresh)) {
    if (!sameValue(fresh[key], decision[key]))
      throw new LapseError('decision_mismatch', 'decision', `decision: not what its inputs give (${key})`);
  }
  memory().set(zone.bytes, ZONE);
  const length = x.lapse_js_decision_instants();
  if (length < 0) throw detailError();
  return JSON.parse(outText(length));
}

// ---------------------------------------------------------------------------
// Many decisions

/** Decides many rows, each an object of input columns (subscription and
 *  request keys together, as a CSV row), in one pass through the module.
 *  A row may hold `policy` (a Policy, preset name, settings or object).
 *  Returns one result a row, in order, never dropping one:
 *  {index, decision, error} with exactly one of decision and error set.
 *  options.keep: keys copied into each result's `kept` unread (an id). */
export function decideMany(rows, policy, options = {}) {
  if (rows === null || typeof rows !== 'object' || typeof rows[Symbol.iterator] !== 'function')
    throw new LapseError('value_syntax', 'rows', `rows ${describe(rows)}: not an array of rows`);
  const keep = options.keep || [];
  const keepSet = new Set(keep);
  const all = Array.isArray(rows) ? rows : [...rows];
  const results = new Array(all.length);
  const base = resolve(policy);
  let first = 0;
  const local = new Map(); // row index -> an input's error found here
  const policyErrors = new Map(); // row index -> its own policy's error
  const rowPolicies = new Map(); // row index -> its own policy
  const rowZones = new Map(); // row index -> its zone (a Zone or the LapseError of its loading)
  const slots = new Map(); // Zone -> its slot in this call
  const rowsView = ROWS >> 2;

  const flush = (end) => {
    if (end === first) return;
    if (base) loadPolicy(base.bytes);
    if (x.lapse_js_decide_many(end - first, base ? 1 : 0) < 0) throw new LapseError('out_of_range', 'rows', 'rows: more than the package decides in one call');
    memory();
    for (let k = 0; k < end - first; k++) {
      const index = first + k;
      if (results[index]) continue;
      let decision = null;
      // A row's errors in lapse batch's order: its inputs (here, then in
      // C), its own policy, its zone, its decision.
      let error = local.get(index) || null;
      if (!error) {
        const failed = i32[(ROW_FAILED >> 2) + k];
        if (failed === ROW_READ_FAILED) error = detailError(k);
        else if (policyErrors.has(index)) error = policyErrors.get(index);
        else if (failed === ROW_ZONE_FAILED) error = rowZones.get(index);
        else if (failed) error = detailError(k);
        else decision = readDecision(k, rowZones.get(index) instanceof Zone);
      }
      if (decision) {
        const row = all[index];
        origins.set(decision, { kind: 'decision', subscription: null, request: null, row: withoutKept(row, keep), date: null, policy: rowPolicies.get(index) || base });
      }
      results[index] = result(index, decision, error, all[index], keep);
    }
    local.clear();
    policyErrors.clear();
    rowPolicies.clear();
    rowZones.clear();
    slots.clear();
    first = end;
    reset();
  };

  reset();
  for (let index = 0; index < all.length; index++) {
    const row = all[index];
    let k = index - first;
    if (k >= ROW_COUNT || textAt > TEXT_SIZE / 2 || cellAt > CELL_COUNT / 2) {
      flush(index);
      k = 0;
    }
    i32[rowsView + k] = cellAt;
    // The row's zone (loaded now, each name once), in a slot of this call.
    let zone;
    try {
      const value = row !== null && typeof row === 'object' && !keepSet.has('zone') ? row.zone : undefined;
      zone = value === undefined || value === null ? undefined : zoneOf(value);
    } catch (e) {
      if (!(e instanceof LapseError)) throw e;
      zone = e; // reported as the zone's error, after the row's inputs
    }
    if (setRowZone(k, zone, slots) === null) {
      flush(index);
      k = 0;
      i32[rowsView] = cellAt;
      setRowZone(k, zone, slots);
    }
    const rowPolicy = row !== null && typeof row === 'object' ? row.policy : undefined;
    if (rowPolicy !== undefined && rowPolicy !== null && rowPolicy !== '') {
      // A row's own policy: resolved (parsing uses the text area, so the
      // rows so far go first) and copied to the row's policy slot.
      let resolved = rowPolicy instanceof Policy ? rowPolicy : typeof rowPolicy === 'string' ? policyCache.get(rowPolicy) : undefined;
      if (!resolved) {
        flush(index);
        k = 0;
        i32[rowsView] = cellAt;
        try {
          resolved = toPolicy(rowPolicy);
        } catch (e) {
          if (!(e instanceof LapseError)) throw e;
          policyErrors.set(index, e);
        }
        reset();
        setRowZone(0, zone, slots);
      }
      if (resolved) {
        memory().set(resolved.bytes, ROW_POLICIES + k * POLICY_SIZE);
        i32[(ROW_HAS_POLICY >> 2) + k] = 1;
        rowPolicies.set(index, resolved);
      }
    }
    if (zone !== undefined) rowZones.set(index, zone);
    const mark = cellAt;
    const textMark = textAt;
    try {
      if (row === null || typeof row !== 'object' || Array.isArray(row))
        throw new LapseError('null_argument', 'row', `row ${index}: not an object (${describe(row)})`);
      for (const key in row) {
        if (!Object.prototype.hasOwnProperty.call(row, key) || keepSet.has(key)) continue;
        const value = row[key];
        if (value === undefined || value === null || key === 'policy' || key === 'zone') continue;
        const column = rowKeys.get(key);
        if (!column) throw new LapseError('unknown_column', key, `row ${index}: ${key}: not an input column`);
        putCell(column.id, cellText(column, key, value, row.currency));
      }
    } catch (e) {
      if (!(e instanceof LapseError)) throw e;
      cellAt = mark;
      textAt = textMark;
      local.set(index, e);
    }
    i32[rowsView + k + 1] = cellAt;
  }
  flush(all.length);
  return results;
}

// A row's inputs: without its policy and the kept keys.
function withoutKept(row, keep) {
  if (!keep.length && !('policy' in row)) return row;
  const copy = { ...row };
  delete copy.policy;
  for (const name of keep) delete copy[name];
  return copy;
}

function result(index, decision, error, row, keep) {
  const r = { index, decision, error };
  if (keep.length) {
    const kept = {};
    for (const name of keep) kept[name] = row && typeof row === 'object' ? row[name] : undefined;
    r.kept = kept;
  }
  return r;
}

