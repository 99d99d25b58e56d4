// The zone-level halves of the field cases in the team's DNS case list (B10, B12, B13, B14): inputs that
// made other authoritative servers answer wrongly. Each starts from the shared dyn.example.test fixture;
// the HTTP and wire halves of these cases are tested by the update API and name server suites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../../src/dns/name.js';
import { RRType } from '../../src/dns/constants.js';
import { applyChangeset } from '../../src/zone/changeset.js';
import { ZoneCheckError } from '../../src/zone/errors.js';
import type { Zone } from '../../src/zone/zone.js';
import { expectLookup, parseRecords, zoneFromText, type LookupCase } from './zone-case.js';

const origin = DnsName.parse('dyn.example.test.');

const FIXTURE = `
$ORIGIN dyn.example.test.
@    3600 IN SOA  ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 60
@    3600 IN NS   ns1.example.test.
home   60 IN A    192.0.2.1
home   60 IN AAAA 2001:db8::1
a      60 IN A    192.0.2.1
c      60 IN A    192.0.2.1
`;
const SOA_60 = '@ 60 IN SOA ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 60';

/** fixtureWith builds the fixture zone plus the rows' extra records. */
function fixtureWith(extra: string): Zone {
  return zoneFromText(FIXTURE + extra, origin);
}

function rows(title: string, zone: Zone, cases: readonly LookupCase[]): void {
  for (const c of cases) test(`${title}: ${c.name ?? `${c.qname} ${c.qtype}`}`, () => expectLookup(zone, c));
}

// B10: a CNAME excludes other data (RFC 2181 §10.1); its in-zone target is followed (RFC 1034 §4.3.2 3a).
{
  const zone = fixtureWith('www 60 IN CNAME home.dyn.example.test.\nmail 60 IN AAAA 2001:db8::25\n');
  rows('B10', zone, [
    {
      name: '(c) www A: CNAME then the in-zone target, no A owned by www',
      qname: 'www',
      qtype: 'A',
      kind: 'answer',
      answer: 'www 60 IN CNAME home.dyn.example.test.\nhome 60 IN A 192.0.2.1',
      answerInOrder: true,
    },
  ]);
  test('B10: (a) adding an A beside the CNAME is refused and the zone and serial stay unchanged', () => {
    const before = [...zone.records()].length;
    assert.throws(
      () => applyChangeset(zone, { removed: [], added: parseRecords('www 60 IN A 192.0.2.8', origin) }),
      (e: unknown) =>
        e instanceof ZoneCheckError &&
        e.code === 'ERR_ZONE_CHECK' &&
        e.problems.some((p) => p.type === RRType.CNAME),
    );
    assert.equal(zone.serial, 2024010101);
    assert.equal([...zone.records()].length, before);
    assert.equal(zone.getRRset(DnsName.parse('www', origin), RRType.A), undefined);
  });
  test('B10: adding a CNAME where other data exists is refused too', () => {
    assert.throws(
      () => applyChangeset(zone, { removed: [], added: parseRecords('mail 60 IN CNAME home', origin) }),
      ZoneCheckError,
    );
  });
}

// B12: an empty non-terminal exists (RFC 8020 §2): NODATA with the SOA at TTL 60, for every qtype.
{
  const zone = fixtureWith('a.b 60 IN A 192.0.2.20\n');
  const types = ['A', 'AAAA', 'TXT'];
  rows(
    'B12',
    zone,
    types.map((qtype) => ({
      name: `b ${qtype} is NODATA`,
      qname: 'b',
      qtype,
      kind: 'nodata' as const,
      authority: SOA_60,
    })),
  );
  test('B12: after a.b is deleted, b is NXDOMAIN for every qtype', () => {
    const { zone: after } = applyChangeset(zone, {
      removed: parseRecords('a.b 60 IN A 192.0.2.20', origin),
      added: [],
    });
    assert.equal(after.serial, 2024010102);
    for (const qtype of types) {
      expectLookup(after, {
        qname: 'b',
        qtype,
        kind: 'nxdomain',
        authority: '@ 60 IN SOA ns1.example.test. hostmaster.example.test. 2024010102 7200 3600 1209600 60',
      });
    }
    // The old snapshot still answers as before.
    expectLookup(zone, { qname: 'b', qtype: 'A', kind: 'nodata', authority: SOA_60 });
  });
}

// B13: negative answers carry the SOA with TTL min(SOA TTL, MINIMUM) (RFC 2308 §3).
{
  const zone = fixtureWith('');
  rows('B13', zone, [
    {
      name: '(a) nothere A: NXDOMAIN, SOA TTL 60',
      qname: 'nothere',
      qtype: 'A',
      kind: 'nxdomain',
      authority: SOA_60,
    },
    { name: '(b) a AAAA: NODATA, SOA TTL 60', qname: 'a', qtype: 'AAAA', kind: 'nodata', authority: SOA_60 },
    {
      name: '(d) SOA answer keeps TTL 3600',
      qname: '@',
      qtype: 'SOA',
      kind: 'answer',
      answer: '@ 3600 IN SOA ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 60',
    },
  ]);
  test('B13: (c) with the SOA TTL set to 30 the negative SOA TTL is 30', () => {
    const soa = parseRecords(
      '@ 3600 IN SOA ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 60',
      origin,
    );
    const soa30 = parseRecords(
      '@ 30 IN SOA ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 60',
      origin,
    );
    const { zone: after } = applyChangeset(zone, { removed: soa, added: soa30 });
    expectLookup(after, {
      qname: 'nothere',
      qtype: 'A',
      kind: 'nxdomain',
      authority: '@ 30 IN SOA ns1.example.test. hostmaster.example.test. 2024010102 7200 3600 1209600 60',
    });
  });
}

// B14: wildcards (RFC 4592 §2.2.1, §3.3.1, §3.3.3).
{
  const zone = fixtureWith('* 60 IN A 192.0.2.50\nonly6 60 IN AAAA 2001:db8::6\nx.deep 60 IN A 192.0.2.7\n');
  rows('B14', zone, [
    {
      name: '(a) only6 A: the name exists with another type, no synthesis',
      qname: 'only6',
      qtype: 'A',
      kind: 'nodata',
      authority: SOA_60,
    },
    {
      name: '(b) other A: synthesized with owner = qname',
      qname: 'other',
      qtype: 'A',
      kind: 'answer',
      answer: 'other 60 IN A 192.0.2.50',
    },
    {
      name: '(c) nope.deep A: closest encloser deep has no *',
      qname: 'nope.deep',
      qtype: 'A',
      kind: 'nxdomain',
      authority: SOA_60,
    },
    { name: '(d) deep A: empty non-terminal', qname: 'deep', qtype: 'A', kind: 'nodata', authority: SOA_60 },
    {
      name: '(e) q.other A: closest encloser is the apex',
      qname: 'q.other',
      qtype: 'A',
      kind: 'answer',
      answer: 'q.other 60 IN A 192.0.2.50',
    },
  ]);
}
