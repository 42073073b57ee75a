// Writes lapse.d.ts: the template (src/lapse.d.ts.in) with the interfaces
// of inputs and decisions generated from the library's table of columns,
// read through the built package itself.  node gen_dts.mjs PACKAGE_DIR TEMPLATE
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [dir, template] = process.argv.slice(2);
const lapse = await import(pathToFileURL(path.join(dir, 'lapse.js')).href);

function typeOf(column, output) {
  const names = column.names ? column.names.map((n) => JSON.stringify(n)).join(' | ') : '';
  switch (column.type) {
    case 'date': return output ? 'DateText | null' : 'DateText';
    case 'amount': return 'Amount';
    case 'integer': return output ? 'number' : 'number | bigint';
    case 'boolean': return 'boolean';
    case 'name': return names || 'string';
    case 'list': return `Array<${names || 'string'}>`;
    default: return 'string';
  }
}

const byName = new Map(lapse.columns.map((c) => [c.name, c]));
// The keys whose JavaScript values are not their column's text: items,
// reductions, zones, the per-item results and the instants in a zone.
const special = {
  items: 'Item[] | string',
  reduce: 'Record<string, number> | string',
  zone: 'string | Zone',
  requested_at: 'string',
  item_results: 'ItemResult[]',
};
const inputs = (keys, title) =>
  `/** ${title} (every key optional but the required ones; null or undefined takes the default). */\n` +
  `export interface ${title.split(' ')[0]} {\n` +
  keys.map((k) => `  ${k}?: ${special[k] || typeOf(byName.get(k), false)} | null;`).join('\n') + '\n}\n';
const decision = '/** A decision: the keys of `lapse cancel --json`, in its order. */\nexport interface Decision {\n' +
  lapse.decisionColumns.map((k) => `  ${k}: ${special[k] || typeOf(byName.get(k), true)};`).join('\n') +
  '\n  /** With a zone (the request\'s `zone`): the instants of lapse cancel --zone. */\n' +
  '  notice_deadline_at?: string | null;\n  access_ends_at?: string | null;\n}\n';
const generated = '// generated from the library\'s columns: begin\n' +
  inputs(lapse.subscriptionColumns, 'Subscription inputs') + '\n' +
  inputs(lapse.requestColumns, 'Request inputs') + '\n' + decision +
  '// generated from the library\'s columns: end';
writeFileSync(path.join(dir, 'lapse.d.ts'), readFileSync(template, 'utf8').replace('// @COLUMNS@', generated));
