// The configuration reference stays complete: every key of the table, with its environment variable and
// flag, appears in docs/configuration.md, and the shipped example configuration is valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_KEYS } from './keys.js';
import { resolveConfig } from './resolve.js';

// This file runs from dist/src/config/.
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

test('docs/configuration.md documents every key with its variable, flag and reload mode', () => {
  const doc = readFileSync(`${REPO}docs/configuration.md`, 'utf8');
  for (const k of CONFIG_KEYS) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${k.key}\` |`));
    assert.ok(row !== undefined, `no table row for ${k.key}`);
    assert.ok(row.includes(`\`${k.env}\``), `${k.key}: ${k.env} missing`);
    if (k.flag !== undefined) assert.ok(row.includes(`\`${k.flag}\``), `${k.key}: flag ${k.flag} missing`);
    assert.ok(row.trimEnd().endsWith(`| ${k.reload} |`), `${k.key}: reload mode should be ${k.reload}`);
    assert.ok(doc.includes(`**\`${k.key}\`**`), `${k.key} has no description paragraph`);
  }
});

test('deploy/dynzone.example.yaml is a valid configuration', () => {
  const r = resolveConfig({ file: `${REPO}deploy/dynzone.example.yaml`, checkFiles: false });
  assert.deepEqual(r.config.https.listen, { host: '::', port: 443 });
  assert.equal(r.config.dataDir, '/var/lib/dynzone');
  assert.deepEqual(r.config.metrics.listen, { host: '127.0.0.1', port: 9153 });
});
