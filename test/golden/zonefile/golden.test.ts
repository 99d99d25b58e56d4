// Golden tests of the master-file parser: every NAME.zone here is parsed and compared with NAME.out, one
// record per line in absolute form, then the origin and warnings (or the error). Regenerate the .out files
// with `UPDATE_GOLDEN=1 node scripts/run-tests.mjs golden/zonefile` and review the diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ZoneFileError } from '../../../src/dns/zonefile/errors.js';
import { parseZoneText } from '../../../src/dns/zonefile/parser.js';
import { printZone } from '../../../src/dns/zonefile/printer.js';
import { formatRecord } from '../../../src/dns/zonefile/rdata-text.js';

// Compiled to dist/test/golden/zonefile/; the inputs stay in the source tree.
const dir = fileURLToPath(new URL('../../../../test/golden/zonefile/', import.meta.url));
const update = process.env['UPDATE_GOLDEN'] === '1';

function render(name: string, text: string): string {
  try {
    const zone = parseZoneText(text, { fileName: name });
    const out = zone.records.map((rr) => formatRecord(rr));
    out.push(`; origin ${zone.origin.toString()}`);
    for (const w of zone.warnings) out.push(`; warning ${w}`);
    return out.join('\n') + '\n';
  } catch (e) {
    if (!(e instanceof ZoneFileError)) throw e;
    return `; error ${e.message}\n`;
  }
}

const inputs = readdirSync(dir)
  .filter((f) => f.endsWith('.zone'))
  .sort();

test('golden inputs are present', () => {
  assert.ok(inputs.length >= 10, `found ${inputs.length} .zone files in ${dir}`);
});

for (const file of inputs) {
  test(`golden ${file}`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const got = render(file, text);
    const outPath = join(dir, file.replace(/\.zone$/, '.out'));
    if (update) writeFileSync(outPath, got);
    assert.ok(existsSync(outPath), `${outPath} is missing; run with UPDATE_GOLDEN=1 and review it`);
    assert.equal(got, readFileSync(outPath, 'utf8'));

    // The canonical print of a parsed zone parses back to the same records (as a set).
    if (!got.startsWith('; error')) {
      const zone = parseZoneText(text);
      const printed = printZone(zone.origin, zone.records);
      const again = parseZoneText(printed);
      const key = (z: typeof zone): string[] => z.records.map((rr) => formatRecord(rr)).sort();
      assert.deepEqual(key(again), key(zone));
      assert.equal(again.origin.toString(), zone.origin.toString());
    }
  });
}
