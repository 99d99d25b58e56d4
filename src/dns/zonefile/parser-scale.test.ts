// Scale guard for zone import: a generated 200,000-record zone parses and prints in bounded time and
// memory. The bound is loose (a 1,000,000-record zone takes about 2-3 s of CPU; see
// test/fixtures/zones/bench-parse.mjs); it exists to catch accidental quadratic behaviour, not to benchmark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZoneText } from './parser.js';
import { printZone } from './printer.js';

test('a 200,000-record zone parses, prints and re-parses without blowing up', () => {
  const lines = [
    '$ORIGIN scale.example.test.',
    '$TTL 300',
    '@ IN SOA ns1 hostmaster 1 2h 1h 2w 60',
    '@ IN NS ns1',
  ];
  for (let i = 0; i < 100_000; i++) {
    lines.push(`h${i} 60 IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    lines.push(`\tIN AAAA 2001:db8::${(i & 0xffff).toString(16)}`);
  }
  const start = performance.now();
  const zone = parseZoneText(lines.join('\n'));
  assert.equal(zone.records.length, 2 + 200_000);
  const printed = printZone(zone.origin, zone.records);
  const again = parseZoneText(printed);
  assert.equal(again.records.length, zone.records.length);
  const seconds = (performance.now() - start) / 1000;
  assert.ok(seconds < 20, `took ${seconds.toFixed(1)} s`);
});
