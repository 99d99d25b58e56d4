// Tests of applyChangeset: effective-change filtering, SOA serial handling (RFC 1982), TTL changes,
// checks on touched names, immutability of the old snapshot and structural sharing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../dns/name.js';
import { RRClass, RRType } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { canonicalLines, parseRecords, zoneFromText } from '../../test/conformance/zone-case.js';
import { applyChangeset } from './changeset.js';
import { ZoneCheckError } from './errors.js';
import { Zone } from './zone.js';

const origin = DnsName.parse('example.test.');
const BASE = `
@    3600 IN SOA ns1 hm 100 7200 3600 1209600 300
@    3600 IN NS  ns1
ns1  3600 IN A   192.0.2.53
home   60 IN A   192.0.2.1
home   60 IN A   192.0.2.2
www    60 IN CNAME home
`;

const rr = (text: string): ResourceRecord[] => parseRecords(text, origin);
const lines = (records: Iterable<ResourceRecord>): string[] => canonicalLines(records);

test('applyChangeset: an added record joins the zone, the serial goes up by one and applied lists the SOA swap first', () => {
  const zone = zoneFromText(BASE, origin);
  const { zone: next, applied } = applyChangeset(zone, {
    removed: [],
    added: rr('new 60 IN AAAA 2001:db8::7'),
  });
  assert.equal(next.serial, 101);
  assert.equal(zone.serial, 100);
  assert.deepEqual(lines(applied.removed), lines(rr('@ 3600 IN SOA ns1 hm 100 7200 3600 1209600 300')));
  assert.deepEqual(
    applied.added.map((r) => r.type),
    [RRType.SOA, RRType.AAAA],
  );
  assert.equal(next.recordCount, zone.recordCount + 1);
  assert.equal(next.lookup(DnsName.parse('new', origin), RRType.AAAA).kind, 'answer');
  // The old snapshot is untouched.
  assert.equal(zone.lookup(DnsName.parse('new', origin), RRType.AAAA).kind, 'nxdomain');
});

test('applyChangeset: removing an absent record and adding a present one change nothing', () => {
  const zone = zoneFromText(BASE, origin);
  const result = applyChangeset(zone, {
    removed: rr('nothere 60 IN A 192.0.2.9\nhome 60 IN A 192.0.2.99'),
    added: rr('home 60 IN A 192.0.2.1\nHOME 300 IN A 192.0.2.2'),
  });
  assert.equal(result.zone, zone);
  assert.deepEqual(result.applied, { removed: [], added: [] });
});

test('applyChangeset: only the effective part of a mixed changeset is applied', () => {
  const zone = zoneFromText(BASE, origin);
  const { zone: next, applied } = applyChangeset(zone, {
    removed: rr('home 60 IN A 192.0.2.1\nnothere 60 IN A 192.0.2.9'),
    added: rr('home 60 IN A 192.0.2.2\nhome 60 IN A 192.0.2.3'),
  });
  assert.deepEqual(
    lines(applied.removed),
    lines(rr('@ 3600 IN SOA ns1 hm 100 7200 3600 1209600 300\nhome 60 IN A 192.0.2.1')),
  );
  assert.deepEqual(
    lines(applied.added),
    lines(rr('@ 3600 IN SOA ns1 hm 101 7200 3600 1209600 300\nhome 60 IN A 192.0.2.3')),
  );
  assert.deepEqual(
    lines(
      next.rrsetsAt(DnsName.parse('home', origin)).flatMap((s) => s.rdatas.map((rdata) => ({ ...s, rdata }))),
    ),
    lines(rr('home 60 IN A 192.0.2.2\nhome 60 IN A 192.0.2.3')),
  );
});

test('applyChangeset: a TTL change is a remove plus an add, and the whole RRset takes the new TTL', () => {
  const zone = zoneFromText(BASE, origin);
  const { zone: next, applied } = applyChangeset(zone, {
    removed: rr('home 60 IN A 192.0.2.1'),
    added: rr('home 300 IN A 192.0.2.1'),
  });
  assert.equal(next.getRRset(DnsName.parse('home', origin), RRType.A)?.ttl, 300);
  assert.deepEqual(
    lines(applied.removed.filter((r) => r.type === RRType.A)),
    lines(rr('home 60 IN A 192.0.2.1\nhome 60 IN A 192.0.2.2')),
  );
  assert.deepEqual(
    lines(applied.added.filter((r) => r.type === RRType.A)),
    lines(rr('home 300 IN A 192.0.2.1\nhome 300 IN A 192.0.2.2')),
  );
});

test('applyChangeset: removing and re-adding the same record with the same TTL is no change', () => {
  const zone = zoneFromText(BASE, origin);
  const result = applyChangeset(zone, {
    removed: rr('home 60 IN A 192.0.2.1'),
    added: rr('home 60 IN A 192.0.2.1'),
  });
  assert.equal(result.zone, zone);
});

test('applyChangeset: an added SOA with a greater serial is kept as given; a smaller one is bumped instead', () => {
  const zone = zoneFromText(BASE, origin);
  const a = applyChangeset(zone, {
    removed: rr('@ 3600 IN SOA ns1 hm 100 7200 3600 1209600 300'),
    added: rr('@ 3600 IN SOA ns1 hm 2024010100 7200 3600 1209600 300\nx 60 IN A 192.0.2.5'),
  });
  assert.equal(a.zone.serial, 2024010100);
  assert.equal(a.applied.added.filter((r) => r.type === RRType.SOA).length, 1);
  const b = applyChangeset(zone, { removed: [], added: rr('@ 3600 IN SOA ns1 hm 50 7200 3600 1209600 60') });
  assert.equal(b.zone.serial, 101);
  assert.equal(b.zone.negativeSoa.ttl, 60);
  // An SOA that only carries an older serial changes nothing.
  const c = applyChangeset(zone, { removed: [], added: rr('@ 3600 IN SOA ns1 hm 99 7200 3600 1209600 300') });
  assert.equal(c.zone, zone);
});

test('applyChangeset: the serial wraps by RFC 1982 and never becomes 0', () => {
  const zone = zoneFromText(BASE.replace(' 100 ', ' 4294967295 '), origin);
  const { zone: next } = applyChangeset(zone, { removed: [], added: rr('x 60 IN A 192.0.2.5') });
  assert.equal(next.serial, 1);
});

test('applyChangeset: checks on touched names throw ZoneCheckError and leave the old zone as it was', () => {
  const zone = zoneFromText(BASE, origin);
  const bad: [string, { removed: ResourceRecord[]; added: ResourceRecord[] }][] = [
    ['A beside a CNAME', { removed: [], added: rr('www 60 IN A 192.0.2.7') }],
    ['CNAME beside an A', { removed: [], added: rr('home 60 IN CNAME www') }],
    ['second CNAME', { removed: [], added: rr('www 60 IN CNAME other') }],
    ['CNAME at the apex', { removed: [], added: rr('@ 60 IN CNAME other.example.') }],
    ['out of zone', { removed: [], added: rr('www.example.org. 60 IN A 192.0.2.7') }],
    ['last apex NS removed', { removed: rr('@ 3600 IN NS ns1'), added: [] }],
    ['SOA removed alone', { removed: rr('@ 3600 IN SOA ns1 hm 100 7200 3600 1209600 300'), added: [] }],
    ['SOA below the apex', { removed: [], added: rr('sub 60 IN SOA ns1 hm 1 2 3 4 5') }],
    [
      'meta type',
      {
        removed: [],
        added: [
          {
            owner: DnsName.parse('m', origin),
            type: RRType.ANY,
            class: RRClass.IN,
            ttl: 1,
            rdata: { kind: 'UNKNOWN', data: new Uint8Array() },
          },
        ],
      },
    ],
  ];
  const before = lines(zone.records());
  for (const [what, cs] of bad) {
    assert.throws(
      () => applyChangeset(zone, cs),
      (e: unknown) => e instanceof ZoneCheckError && e.code === 'ERR_ZONE_CHECK',
      what,
    );
  }
  assert.deepEqual(lines(zone.records()), before);
  assert.equal(zone.serial, 100);
});

test('applyChangeset: replacing a CNAME by an A in one changeset is allowed', () => {
  const zone = zoneFromText(BASE, origin);
  const { zone: next } = applyChangeset(zone, {
    removed: rr('www 60 IN CNAME home'),
    added: rr('www 60 IN A 192.0.2.7'),
  });
  assert.equal(next.lookup(DnsName.parse('www', origin), RRType.A).kind, 'answer');
});

test('applyChangeset: empty non-terminals appear and disappear with the names below them', () => {
  const zone = zoneFromText(BASE, origin);
  const { zone: z1 } = applyChangeset(zone, {
    removed: [],
    added: rr('a.b.c 60 IN A 192.0.2.1\nx.c 60 IN A 192.0.2.2'),
  });
  for (const n of ['b.c', 'c']) assert.equal(z1.lookup(DnsName.parse(n, origin), RRType.A).kind, 'nodata', n);
  const { zone: z2 } = applyChangeset(z1, { removed: rr('a.b.c 60 IN A 192.0.2.1'), added: [] });
  assert.equal(z2.lookup(DnsName.parse('b.c', origin), RRType.A).kind, 'nxdomain');
  assert.equal(z2.lookup(DnsName.parse('c', origin), RRType.A).kind, 'nodata');
  const { zone: z3 } = applyChangeset(z2, { removed: rr('x.c 60 IN A 192.0.2.2'), added: [] });
  assert.equal(z3.lookup(DnsName.parse('c', origin), RRType.A).kind, 'nxdomain');
  assert.equal(z3.nodeExists(DnsName.parse('c', origin)), false);
  assert.equal(z1.nodeExists(DnsName.parse('b.c', origin)), true);
});

test('applyChangeset: a one-record change on a 200k-record zone shares all untouched buckets', () => {
  const records: ResourceRecord[] = [...rr(BASE)];
  for (let i = 0; i < 200_000; i++) {
    records.push({
      owner: DnsName.fromLabels([`h${i}`, ...origin.labels]),
      type: RRType.A,
      class: RRClass.IN,
      ttl: 60,
      rdata: { kind: 'A', address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    });
  }
  const zone = Zone.build(origin, records);
  const owner = DnsName.fromLabels(['h12345', ...origin.labels]);
  const t0 = performance.now();
  const { zone: next } = applyChangeset(zone, {
    removed: [
      { owner, type: RRType.A, class: RRClass.IN, ttl: 60, rdata: { kind: 'A', address: '10.0.48.57' } },
    ],
    added: [
      { owner, type: RRType.A, class: RRClass.IN, ttl: 60, rdata: { kind: 'A', address: '192.0.2.1' } },
    ],
  });
  const elapsed = performance.now() - t0;
  const a = zone.index.nodes;
  const b = next.index.nodes;
  assert.equal(a.bucketCount, b.bucketCount);
  const changed = new Set([b.bucketIndexOf(owner.key), b.bucketIndexOf(origin.key)]);
  let shared = 0;
  for (let i = 0; i < a.bucketCount; i++) {
    if (changed.has(i)) assert.notEqual(a.bucketAt(i), b.bucketAt(i), `bucket ${i} was copied`);
    else {
      assert.equal(a.bucketAt(i), b.bucketAt(i), `bucket ${i} is shared`);
      shared++;
    }
  }
  assert.ok(shared >= a.bucketCount - 2);
  assert.equal(zone.index.below, next.index.below);
  assert.equal(next.recordCount, zone.recordCount);
  assert.equal(next.serial, 101);
  // Generous bound: the point is "not proportional to the zone", a full copy takes far longer.
  assert.ok(elapsed < 50, `one-record change took ${elapsed.toFixed(2)} ms`);
});
