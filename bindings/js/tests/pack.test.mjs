// `npm pack` gives an installable package: the tarball holds the module,
// its declarations, the wasm and package.json; installed offline into a
// fresh project (no registry: it has no dependencies) it imports by name
// and decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageDir } from './common.mjs';

function npmFound() {
  try {
    execFileSync('npm', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('npm pack, then npm install of the tarball into a new project, then import', { skip: !npmFound() && 'npm not found' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lapse-js-pack-'));
  const env = { ...process.env, npm_config_cache: path.join(dir, 'cache'), npm_config_update_notifier: 'false' };
  try {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: packageDir, env, encoding: 'utf8' });
    const [info] = JSON.parse(out);
    const files = info.files.map((f) => f.path).sort();
    assert.deepEqual(files, ['README.md', 'lapse.d.ts', 'lapse.js', 'lapse.wasm', 'package.json']);
    console.log(`# ${info.filename}: ${info.size} bytes packed, ${info.unpackedSize} unpacked`);
    const project = path.join(dir, 'app');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(dir, info.filename)],
      { cwd: project, env, stdio: 'pipe' });
    assert.ok(readdirSync(path.join(project, 'node_modules', 'lapse')).includes('lapse.wasm'));
    writeFileSync(path.join(project, 'main.js'), `
      import { decideCancel, LapseError } from 'lapse';
      const d = decideCancel({ start: '2025-01-31', price: 2000 }, { on: '2025-03-10', roles: ['billing_admin'] });
      let code = '';
      try { decideCancel({ start: 'x' }, { on: '2025-03-10' }); } catch (e) { code = e instanceof LapseError ? e.code : 'other'; }
      console.log(JSON.stringify([d.allowed, d.effective_end, d.remaining_term_charge, code]));
    `);
    const result = execFileSync('node', ['main.js'], { cwd: project, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(result), [true, '2025-03-31', 2000, 'date_syntax']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
