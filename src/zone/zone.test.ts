// Tests of the Zone snapshot's read API: records/rrsets round trip, RRset access, node existence with
// empty non-terminals, and the SOA-derived fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../dns/name.js';
import { RRType } from '../dns/constants.js';
import { canonicalLines, parseRecords } from '../../test/conformance/zone-case.js';
import { Zone } from './zone.js';

const origin = DnsName.parse('example.test.');
const TEXT = `
@      3600 IN SOA ns1 hm 7 7200 3600 1209600 120
@      3600 IN NS  ns1
ns1    3600 IN A   192.0.2.53
Mixed    60 IN A   192.0.2.1
mixed    60 IN TXT "t"
a.b.c    60 IN A   192.0.2.2
`;

test('Zone.build keeps every record: records() gives back the input set', () => {
  const records = parseRecords(TEXT, origin);
  const zone = Zone.build(origin, records);
  assert.deepEqual(canonicalLines(zone.records()), canonicalLines(records));
  assert.equal(zone.recordCount, records.length);
  assert.equal([...zone.rrsets()].length, 6);
  assert.equal(zone.nameCount, 4);
});

test('Zone exposes the SOA, its serial and the negative-caching SOA', () => {
  const zone = Zone.build(origin, parseRecords(TEXT, origin));
  assert.equal(zone.serial, 7);
  assert.equal(zone.soa.ttl, 3600);
  assert.equal(zone.negativeSoa.ttl, 120);
  assert.equal(zone.negativeSoa.rdatas, zone.soa.rdatas);
});

test('Zone.getRRset matches owners case-insensitively and keeps the first spelling', () => {
  const zone = Zone.build(origin, parseRecords(TEXT, origin));
  const set = zone.getRRset(DnsName.parse('MIXED', origin), RRType.A);
  assert.equal(set?.owner.labels[0], 'Mixed');
  assert.equal(zone.getRRset(DnsName.parse('mixed', origin), RRType.AAAA), undefined);
  assert.deepEqual(
    zone.rrsetsAt(DnsName.parse('mixed', origin)).map((s) => s.type),
    [RRType.A, RRType.TXT],
  );
});

test('Zone.nodeExists: data names, empty non-terminals and the apex exist; others do not', () => {
  const zone = Zone.build(origin, parseRecords(TEXT, origin));
  const rows: [string, boolean][] = [
    ['example.test.', true],
    ['mixed', true],
    ['a.b.c', true],
    ['b.c', true],
    ['c', true],
    ['x.c', false],
    ['d', false],
    ['example.org.', false],
    ['test.', false],
  ];
  for (const [name, want] of rows) assert.equal(zone.nodeExists(DnsName.parse(name, origin)), want, name);
});

test('Zone.buildReport returns the warnings that build drops', () => {
  const { zone, warnings } = Zone.buildReport(origin, parseRecords(TEXT + 'mixed 30 IN TXT "u"', origin));
  assert.equal(zone.getRRset(DnsName.parse('mixed', origin), RRType.TXT)?.ttl, 30);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]?.severity, 'warning');
});
