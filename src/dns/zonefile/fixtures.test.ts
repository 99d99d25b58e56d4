// The fixture zones in test/fixtures/zones parse, with the records their text holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { typeToString } from '../constants.js';
import { parseZoneText } from './parser.js';
import { printZone } from './printer.js';
import { formatRecord } from './rdata-text.js';

// Compiled to dist/src/dns/zonefile/; the fixtures stay in the source tree.
const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/zones/${name}`, import.meta.url)), 'utf8');

function countByType(records: ReturnType<typeof parseZoneText>['records']): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const rr of records) counts[typeToString(rr.type)] = (counts[typeToString(rr.type)] ?? 0) + 1;
  return counts;
}

test('example.test.zone (benchmark zone) parses with its counts by type', () => {
  const zone = parseZoneText(fixture('example.test.zone'), { fileName: 'example.test.zone' });
  assert.equal(zone.origin.toString(), 'example.test.');
  assert.deepEqual(zone.warnings, []);
  assert.deepEqual(countByType(zone.records), {
    SOA: 1,
    NS: 2,
    A: 1106,
    AAAA: 1006,
    MX: 2,
    TXT: 4,
    CNAME: 102,
  });
  assert.ok(zone.records.every((rr) => rr.ttl === 3600 && rr.owner.isSubdomainOf(zone.origin)));
  const dkim = zone.records.find((rr) => rr.owner.toString() === 'sel1._domainkey.example.test.');
  assert.ok(dkim && dkim.rdata.kind === 'TXT' && dkim.rdata.strings.length === 2);
  const wild = zone.records.filter((rr) => rr.owner.isWildcard);
  assert.deepEqual(
    wild.map((rr) => formatRecord(rr)),
    ['*.wild.example.test. 3600 IN A 192.0.2.80', '*.wild.example.test. 3600 IN AAAA 2001:db8::80'],
  );
});

test('dyn.example.test.zone (DNS cases fixture) parses to the six records of the case file', () => {
  const zone = parseZoneText(fixture('dyn.example.test.zone'));
  assert.equal(zone.origin.toString(), 'dyn.example.test.');
  assert.deepEqual(
    zone.records.map((rr) => formatRecord(rr, zone.origin)),
    [
      '@ 3600 IN SOA ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 60',
      '@ 3600 IN NS ns1.example.test.',
      'home 60 IN A 192.0.2.1',
      'home 60 IN AAAA 2001:db8::1',
      'a 60 IN A 192.0.2.1',
      'c 60 IN A 192.0.2.1',
    ],
  );
  assert.equal(
    printZone(zone.origin, zone.records),
    [
      '$ORIGIN dyn.example.test.',
      '$TTL 3600',
      '@ 3600 IN SOA ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 60',
      '@ 3600 IN NS ns1.example.test.',
      'a 60 IN A 192.0.2.1',
      'c 60 IN A 192.0.2.1',
      'home 60 IN A 192.0.2.1',
      'home 60 IN AAAA 2001:db8::1',
      '',
    ].join('\n'),
  );
});
