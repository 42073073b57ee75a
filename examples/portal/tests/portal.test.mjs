// The portal page in a real browser: Debian's chromium, driven headless by
// playwright-core (LAPSE_PLAYWRIGHT: a directory whose node_modules holds
// it; .ci/run installs both).  The page is served from its build directory
// (LAPSE_JS_PORTAL) by a server of this test on 127.0.0.1.  Four accounts
// are filled in with the keyboard and the mouse (the seed's E1, a contract
// past its notice deadline, seats and an add-on whose cheaper change the
// page decides from the items, a refused request); every figure the page
// shows is checked against `lapse cancel --json` for the same inputs and
// its explanation against `lapse cancel --lang`, in English and then in
// Italian; the page must make no request outside its origin, label every
// control and keep text contrast at 4.5:1 at least.  A screenshot per
// scenario and language goes to LAPSE_JS_OUTPUT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { mkdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { lapse, run, cliArgs, cellOf } from '../../../bindings/js/tests/common.mjs';

const playwrightDir = process.env.LAPSE_PLAYWRIGHT || '';
const portalDir = process.env.LAPSE_JS_PORTAL || '';
const output = process.env.LAPSE_JS_OUTPUT || 'test-output';

function chromiumPath() {
  if (process.env.LAPSE_CHROMIUM) return process.env.LAPSE_CHROMIUM;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch { /* next */ }
  }
  return '';
}

const skip = !playwrightDir ? 'playwright-core not given (meson setup -Dplaywright=DIR; .ci/run installs it)' : false;

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.wasm': 'application/wasm' };
function serve(root) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const name = url.pathname === '/' ? 'index.html' : path.basename(url.pathname);
    try {
      const body = await readFile(path.join(root, name));
      response.writeHead(200, { 'content-type': TYPES[path.extname(name)] || 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const scenarios = [
  {
    name: 'e1-self-serve-monthly',
    subscription: { start: '2025-01-31', term: 1, billing: 1, price: 2000, currency: 'EUR' },
    request: { on: '2025-03-10', channel: 'online', roles: ['billing_admin'] },
  },
  {
    name: 'contract-past-notice-deadline',
    subscription: { start: '2024-10-01', term: 15, billing: 1, price: 10000, currency: 'EUR', contract: true, licenses: 3 },
    request: { on: '2025-12-03', channel: 'support', roles: ['billing_admin'], provided: ['account_id', 'admin_email', 'products'] },
  },
  {
    // Seats (6 of 10 in use) and an add-on: the cheaper change is decided
    // by lapse from the items (seats down to 6, the add-on removed).
    name: 'seats-and-add-on',
    subscription: { start: '2025-01-10', term: 12, billing: 1, price: 2000, currency: 'EUR',
      items: [{ name: 'seats', quantity: 10, unit_price: 500, assigned: 6 }, { name: 'sso', quantity: 1, unit_price: 1500 }] },
    request: { on: '2025-03-20', channel: 'online', roles: ['billing_admin'] },
  },
  {
    name: 'refused-request',
    subscription: { start: '2025-01-31', term: 1, billing: 1, price: 2000, currency: 'EUR', balance: 1200 },
    request: { on: '2025-03-10', channel: 'online', roles: ['product_admin'] },
  },
];

function dayBefore(text) {
  return new Date(Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10)) - 86400000).toISOString().slice(0, 10);
}
const day = (text, lang) => (lang === 'it' ? `${text.slice(8, 10)}/${text.slice(5, 7)}/${text.slice(0, 4)}` : text);
function money(amount, currency, lang) {
  const text = lapse.formatAmount(amount, currency);
  if (lang !== 'it') return `${text} ${currency}`;
  const [whole, fraction] = text.split('.');
  return `${whole.replace(/\B(?=(\d{3})+$)/g, '.')}${fraction !== undefined ? `,${fraction}` : ''} ${currency}`;
}

async function fill(page, { subscription: s, request: r }) {
  const decimal = (amount) => lapse.formatAmount(amount ?? 0, s.currency || 'EUR');
  await page.fill('#start', s.start);
  await page.fill('#term', String(s.term ?? 1));
  await page.fill('#billing', String(s.billing ?? 1));
  await page.fill('#price', decimal(s.price));
  await page.fill('#currency', s.currency || 'EUR');
  await page.fill('#balance', decimal(s.balance));
  await page.fill('#licenses', String(s.licenses ?? 0));
  await page.fill('#items', s.items ? cellOf(lapse.columns.find((c) => c.name === 'items'), s.items, s.currency || 'EUR') : '');
  await page.fill('#cancelled_on', s.cancelled_on || '');
  await page.setChecked('#contract', !!s.contract);
  await page.setChecked('#auto_renew', s.auto_renew !== false);
  await page.setChecked('#online_cancel', s.online_cancel !== false);
  await page.fill('#on', r.on);
  await page.selectOption('#channel', r.channel || 'online');
  for (const role of ['billing_admin', 'product_admin', 'billing_contact']) await page.setChecked(`#role-${role}`, (r.roles || []).includes(role));
  await page.setChecked('#can_sign_in', r.can_sign_in !== false);
  for (const item of ['account_id', 'admin_email', 'card_last4', 'billing_address', 'products']) await page.setChecked(`#provided-${item}`, (r.provided || []).includes(item));
  // Submitted with the keyboard: focus the button, press Enter.
  await page.focus('#decide');
  await page.keyboard.press('Enter');
}

// Every figure the page shows, checked against the tool's decision.
async function checkFigures(page, scenario, lang) {
  const cli = JSON.parse(run(['cancel', ...cliArgs(scenario.subscription, scenario.request), '--json']));
  const shown = await page.$$eval('#answer [data-key]', (nodes) => nodes.map((n) => ({
    key: n.dataset.key, value: n.dataset.value, text: n.textContent, route: n.dataset.route,
    invoicesLeft: n.dataset.invoicesLeft, nextInvoice: n.dataset.nextInvoice,
    allowed: n.dataset.allowed, recurringAfter: n.dataset.recurringAfter, saving: n.dataset.saving,
    changeEffectiveOn: n.dataset.changeEffectiveOn, unassign: n.dataset.unassign,
  })));
  const byKey = new Map(shown.map((f) => [f.key, f]));
  const c = cli.currency;
  const checked = new Set();
  const expect = (key, value, text) => {
    const f = byKey.get(key);
    assert.ok(f, `${scenario.name} ${lang}: ${key} shown`);
    assert.equal(f.value, value, `${scenario.name} ${lang}: ${key} value`);
    if (text !== undefined) assert.ok(f.text.startsWith(text), `${scenario.name} ${lang}: ${key} shows "${f.text}", expected "${text}..."`);
    checked.add(key);
  };
  expect('allowed', String(cli.allowed));
  assert.equal(byKey.get('allowed').route, cli.route);
  if (cli.blocked.length) expect('blocked', cli.blocked.join(';'));
  else assert.ok(!byKey.has('blocked'));
  expect('warnings', cli.warnings.join(';'));
  if (cli.route === 'support') expect('missing_support_info', cli.missing_support_info.join(';'));
  expect('effective_end', cli.effective_end, day(dayBefore(cli.effective_end), lang));
  expect('term_end', cli.term_end, day(dayBefore(cli.term_end), lang));
  if (cli.notice_deadline) expect('notice_deadline', cli.notice_deadline, day(cli.notice_deadline, lang));
  else assert.ok(!byKey.has('notice_deadline'));
  if (cli.renews_first) expect('renews_first', 'true');
  else assert.ok(!byKey.has('renews_first'));
  for (const key of ['remaining_term_charge', 'still_to_invoice', 'refund', 'termination_fee']) expect(key, String(cli[key]), money(cli[key], c, lang));
  assert.equal(byKey.get('still_to_invoice').invoicesLeft, String(cli.invoices_left));
  assert.equal(byKey.get('still_to_invoice').nextInvoice, cli.next_invoice || '');
  if (cli.next_invoice) assert.ok(byKey.get('still_to_invoice').text.includes(day(cli.next_invoice, lang)));
  expect('data_deleted_on', cli.data_deleted_on, day(cli.data_deleted_on, lang));
  assert.ok(byKey.get('data_deleted_on').text.includes(day(dayBefore(cli.data_deleted_on), lang)));
  expect('confirmation', cli.confirmation);
  // The cheaper change: with items, each item down to its units in use (or
  // removed), decided by lapse cancel --reduce; else, with licences, the
  // route of removing an add-on.
  const items = scenario.subscription.items || [];
  if (items.length) {
    expect('change', 'items');
    for (const item of items) {
      const after = (item.assigned || 0) < item.quantity ? item.assigned || 0 : 0;
      const request = { ...scenario.request, reduce: { [item.name]: after } };
      const r = JSON.parse(run(['cancel', ...cliArgs(scenario.subscription, request), '--json']));
      const result = r.item_results.find((x) => x.name === item.name);
      expect(`reduce-${item.name}`, `${item.name}=${after}`, after === 0 ? (lang === 'it' ? 'Rimuovi' : 'Remove') : (lang === 'it' ? 'Riduci' : 'Reduce'));
      const f = byKey.get(`reduce-${item.name}`);
      assert.equal(f.allowed, String(r.allowed));
      assert.equal(f.route, r.route);
      assert.equal(f.recurringAfter, String(r.recurring_after));
      assert.equal(f.saving, String(r.saving));
      assert.equal(f.changeEffectiveOn, r.change_effective_on || '');
      assert.equal(f.unassign, String(result.unassign));
      assert.ok(f.text.includes(money(r.recurring_after, c, lang)), `${scenario.name} ${lang}: ${f.text} shows ${money(r.recurring_after, c, lang)}`);
      assert.ok(f.text.includes(day(r.change_effective_on, lang)), `${scenario.name} ${lang}: ${f.text} shows ${r.change_effective_on}`);
      if (r.saving > 0) assert.ok(f.text.includes(money(r.saving, c, lang)));
    }
  } else if ((scenario.subscription.licenses || 0) > 0) {
    expect('change', lapse.changes().find((x) => x.change === 'remove_add_on').route);
  } else {
    assert.ok(!byKey.has('change'));
  }
  for (const f of shown) assert.ok(checked.has(f.key), `${scenario.name}: figure ${f.key} is checked`);
  const text = run(['cancel', ...cliArgs(scenario.subscription, scenario.request), '--lang', lang]);
  assert.equal((await page.textContent('#explanation')).trimEnd(), text.trimEnd(), `${scenario.name} ${lang}: the explanation`);
  return cli;
}

test('the portal page in Chromium: four accounts, both languages, figures as lapse cancel --json', { skip, timeout: 240000 }, async () => {
  const require = createRequire(path.join(path.resolve(playwrightDir), 'package.json'));
  const { chromium } = require('playwright-core');
  const executablePath = chromiumPath();
  assert.ok(executablePath, 'chromium found (apt-get install chromium)');
  assert.ok(portalDir && existsSync(path.join(portalDir, 'index.html')), `the page is built in ${portalDir}`);
  mkdirSync(output, { recursive: true });
  const server = await serve(portalDir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const requests = [];
    const problems = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.goto(`${origin}/`);
    await page.waitForSelector('body[data-ready="true"]');

    const unlabelled = await page.$$eval('input, select, textarea', (nodes) => nodes.filter((n) => n.labels.length === 0).map((n) => n.id));
    assert.deepEqual(unlabelled, [], 'every control has a label');

    for (const scenario of scenarios) {
      await page.click('[data-lang="en"]');
      await fill(page, scenario);
      await page.waitForSelector('#answer:not([hidden])');
      const cli = await checkFigures(page, scenario, 'en');
      await page.screenshot({ path: path.join(output, `portal-${scenario.name}-en.png`), fullPage: true });
      // Italian, switched with the keyboard.
      await page.focus('[data-lang="it"]');
      await page.keyboard.press('Space');
      assert.equal(await page.getAttribute('html', 'lang'), 'it');
      assert.equal(await page.textContent('h1'), 'Cosa succede se annullo?');
      await checkFigures(page, scenario, 'it');
      await page.screenshot({ path: path.join(output, `portal-${scenario.name}-it.png`), fullPage: true });
      console.log(`# ${scenario.name}: allowed ${cli.allowed}, route ${cli.route}, effective end ${cli.effective_end}, ${cli.remaining_term_charge} still charged: every figure as lapse cancel --json, in en and it`);
    }
    // The account as JSON (what a portal passes), here the second one.
    await page.click('[data-lang="en"]');
    await page.click('details summary');
    const { subscription, request } = scenarios[1];
    await page.fill('#account-json', JSON.stringify({ subscription, request, policy: 'default' }));
    await page.click('#load-json');
    await checkFigures(page, scenarios[1], 'en');

    // The last one is refused, the second one past its deadline.
    assert.equal(JSON.parse(run(['cancel', ...cliArgs(scenarios[3].subscription, scenarios[3].request), '--json'])).allowed, false);
    assert.equal(JSON.parse(run(['cancel', ...cliArgs(scenarios[1].subscription, scenarios[1].request), '--json'])).renews_first, true);

    // Contrast: every element with its own text, against the first opaque
    // background up its ancestors, at least 4.5:1 (WCAG AA).
    const low = await page.evaluate(() => {
      const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (e) => {
        for (; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const bad = [];
      for (const e of document.querySelectorAll('body *')) {
        if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        if (e.closest('[hidden]')) continue;
        const fg = lum(rgb(getComputedStyle(e).color).slice(0, 3));
        const bg = lum(background(e));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        if (ratio < 4.5) bad.push(`${e.tagName.toLowerCase()}#${e.id}: ${ratio.toFixed(2)}`);
      }
      return bad;
    });
    assert.deepEqual(low, [], 'text contrast');

    const outside = requests.filter((url) => !url.startsWith(`${origin}/`));
    assert.deepEqual(outside, [], 'no request outside the page\'s origin');
    const files = [...new Set(requests.map((url) => new URL(url).pathname))].sort();
    assert.deepEqual(files, ['/', '/lapse.js', '/lapse.wasm', '/portal.css', '/portal.js']);
    assert.deepEqual(problems, []);
    console.log(`# requests: ${files.join(' ')} (all from ${origin}); screenshots in ${output}`);
  } finally {
    await browser.close();
    server.close();
  }
});
