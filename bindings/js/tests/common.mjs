// Shared by the package's tests: the package under test (LAPSE_JS_PACKAGE,
// the directory meson assembles), the lapse tool (LAPSE_CLI), the sources
// (LAPSE_SOURCE_ROOT), vectors files and a small CSV reader.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: run this test through meson test`);
    process.exit(1);
  }
  return value;
}

export const packageDir = required('LAPSE_JS_PACKAGE');
export const cli = process.env.LAPSE_CLI || '';
export const sourceRoot = process.env.LAPSE_SOURCE_ROOT || '';
export const lapse = await import(pathToFileURL(path.join(packageDir, 'lapse.js')).href);

/** Runs the lapse tool; its standard output. */
export function run(args, input) {
  if (!cli) throw new Error('LAPSE_CLI is not set: run this test through meson test');
  try {
    return execFileSync(cli, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  } catch (e) {
    if (e.stdout !== undefined && e.status === 1) return e.stdout; // refused, or bad rows
    throw e;
  }
}

/** A vectors file: its header and rows as objects of cells (text). */
export function readVectors(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  let header = null;
  const rows = [];
  lines.forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split('\t');
    if (!header) {
      header = cells;
      return;
    }
    const row = { line: i + 1 };
    header.forEach((name, k) => { row[name] = cells[k] ?? ''; });
    rows.push(row);
  });
  return { header, rows };
}

/** RFC 4180 records (quoted fields may hold commas, quotes, newlines). */
export function parseCsv(text) {
  const records = [];
  let fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; }
    else if (c === '\n') { fields.push(field); records.push(fields); fields = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || fields.length) { fields.push(field); records.push(fields); }
  return records;
}

/** A JavaScript input value as the text of a CSV cell (amounts decimal). */
export function cellOf(column, value, currency) {
  if (value === undefined || value === null) return '';
  if (column.name === 'items' && Array.isArray(value)) {
    return value.map((item) => {
      let text = `${item.name}:${item.quantity}:${lapse.formatAmount(item.unit_price, currency)}`;
      if (item.committed || item.assigned) text += `:${item.committed || 0}`;
      if (item.assigned) text += `:${item.assigned}`;
      return text;
    }).join(';');
  }
  if (column.name === 'reduce' && typeof value === 'object') {
    return Object.entries(value).map(([name, quantity]) => `${name}=${quantity}`).join(';');
  }
  switch (column.type) {
    case 'amount': return lapse.formatAmount(value, currency);
    case 'list': return value.join(';');
    case 'boolean': return value ? 'true' : 'false';
    default: return String(value);
  }
}

/** A decision value as the text `lapse batch` writes for it. */
export function outputText(value) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value) && value.length && typeof value[0] === 'object') {
    // item_results, as lapse_item_results_format() writes them
    return value.map((r) => `${r.name}:${r.quantity}:${r.quantity_after}:${r.released_on || ''}:${r.unassign}`).join(';');
  }
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}

export function csvField(text) {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The `lapse cancel` flags of a subscription and a request (JavaScript
 *  values, amounts in minor units), for comparing with the tool. */
export function cliArgs(subscription, request = {}) {
  const args = [];
  const currency = subscription.currency || 'EUR';
  const byName = new Map(lapse.columns.map((c) => [c.name, c]));
  const switches = { contract: [true, '--contract'], auto_renew: [false, '--no-auto-renew'],
    online_cancel: [false, '--no-online-cancel'], can_sign_in: [false, '--cannot-sign-in'] };
  for (const [name, value] of Object.entries({ ...subscription, ...request })) {
    if (value === undefined || value === null) continue;
    const column = byName.get(name);
    if (switches[name]) {
      if (value === switches[name][0]) args.push(switches[name][1]);
    } else if (name === 'roles') {
      for (const role of value) args.push('--role', role);
    } else if (name === 'items') {
      for (const item of cellOf(column, value, currency).split(';')) args.push('--item', item);
    } else if (name === 'reduce') {
      for (const entry of cellOf(column, value, currency).split(';')) args.push('--reduce', entry);
    } else if (name === 'requested_at') {
      args.push('--at', value);
    } else if (name === 'zone') {
      args.push('--zone', String(value));
    } else if (column.type === 'list') {
      if (value.length) args.push(`--${name.replace(/_/g, '-')}`, value.join(','));
    } else {
      args.push(`--${name.replace(/_/g, '-')}`, cellOf(column, value, currency));
    }
  }
  return args;
}
