// Golden packets: each NAME.hex (one packet, captured from kdig/dig and knotd by capture.mjs, or copied
// from the cases file) must decode to NAME.json; re-encoding must decode to the same message (names
// compared case-insensitively, since compression shares one spelling per suffix).
// Regenerate the JSON with `UPDATE_GOLDEN=1 node scripts/run-tests.mjs golden/wire`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { decodeMessage } from '../../../src/dns/wire/decode.js';
import { encodeMessage } from '../../../src/dns/wire/writer.js';
import { projectMessage } from './message-json.js';

// Compiled to dist/test/golden/wire/; the data stays in the source tree.
const dir = fileURLToPath(new URL('../../../../test/golden/wire/', import.meta.url));
const update = process.env['UPDATE_GOLDEN'] === '1';
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.hex'))
  .map((f) => f.slice(0, -4))
  .sort();

test('golden directory holds packets', () => {
  assert.ok(names.length >= 20, `only ${names.length} golden packets`);
});

for (const name of names) {
  test(`golden ${name}`, () => {
    const wire = Uint8Array.from(Buffer.from(readFileSync(join(dir, `${name}.hex`), 'utf8').trim(), 'hex'));
    const msg = decodeMessage(wire);
    const json = JSON.stringify(projectMessage(msg), null, 2) + '\n';
    const jsonPath = join(dir, `${name}.json`);
    if (update) writeFileSync(jsonPath, json);
    assert.equal(json, readFileSync(jsonPath, 'utf8'));
    const again = decodeMessage(encodeMessage(msg));
    assert.deepEqual(projectMessage(again, { foldCase: true }), projectMessage(msg, { foldCase: true }));
  });
}
