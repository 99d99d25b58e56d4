// The console's HTTP side on the HTTPS app: the page and its files are served with a strict CSP and
// security headers, only files read at start can be served (no path tricks), ETags revalidate, and the
// plugin refuses to start when the browser code was not built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { CONSOLE_CSP, createConsolePlugin } from './plugin.js';

test('the page and its assets are served with the CSP; anything else is 404', async () => {
  const app = Fastify();
  await app.register(createConsolePlugin());
  try {
    const page = await app.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.equal(page.headers['content-security-policy'], CONSOLE_CSP);
    assert.match(CONSOLE_CSP, /script-src 'self'/);
    assert.match(CONSOLE_CSP, /frame-ancestors 'none'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.match(page.body, /<script type="module" src="\/console\/js\/web\/main\.js"><\/script>/);

    const js = await app.inject({ method: 'GET', url: '/console/js/web/main.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
    const css = await app.inject({ method: 'GET', url: '/console/console.css' });
    assert.equal(css.statusCode, 200);
    const again = await app.inject({
      method: 'GET',
      url: '/console/console.css',
      headers: { 'if-none-match': String(css.headers['etag']) },
    });
    assert.equal(again.statusCode, 304);

    for (const url of [
      '/console/../package.json',
      '/console/%2e%2e/%2e%2e/package.json',
      '/console/js/../../../src/console/plugin.ts',
      '/console/index.html',
      '/console/nope.js',
    ]) {
      const r = await app.inject({ method: 'GET', url });
      assert.ok(r.statusCode === 404, `${url}: ${r.statusCode}`);
    }
  } finally {
    await app.close();
  }
});

test('without the built browser code the plugin refuses to start, saying how to build it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dz-console-assets-'));
  try {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'index.html'), '<!doctype html>');
    assert.throws(
      () => createConsolePlugin({ assetsDir: join(dir, 'assets'), scriptsDir: join(dir, 'missing') }),
      /npm run build/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
