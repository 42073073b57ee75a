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
const inputs = (keys, title) =>
  `/** ${title} (every key optional but the required ones; null or undefined takes the default). */\n` +
  `export interface ${title.split(' ')[0]} {\n` +
  keys.map((k) => `  ${k}?: ${typeOf(byName.get(k), false)} | null;`).join('\n') + '\n}\n';
const decision = '/** A decision: the keys of `lapse cancel --json`, in its order. */\nexport interface Decision {\n' +
  lapse.decisionColumns.map((k) => `  ${k}: ${typeOf(byName.get(k), true)};`).join('\n') + '\n}\n';
const generated = '// generated from the library\'s columns: begin\n' +
  inputs(lapse.subscriptionColumns, 'Subscription inputs') + '\n' +
  inputs(lapse.requestColumns, 'Request inputs') + '\n' + decision +
  '// generated from the library\'s columns: end';
writeFileSync(path.join(dir, 'lapse.d.ts'), readFileSync(template, 'utf8').replace('// @COLUMNS@', generated));
