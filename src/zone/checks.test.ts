// Tests of the semantic zone checks: each row is a zone as master-file text and the problems expected,
// matched by severity, owner, type and a phrase of the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../dns/name.js';
import { RRClass, RRType } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { parseRecords } from '../../test/conformance/zone-case.js';
import { checkZone, withArticle, type ZoneProblem } from './checks.js';
import { ZoneCheckError } from './errors.js';
import { Zone } from './zone.js';
import { applyChangeset } from './changeset.js';

const origin = DnsName.parse('example.test.');
const BASE = '@ 3600 IN SOA ns1 hm 1 7200 3600 1209600 300\n@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.53\n';

interface Expect {
  severity: 'error' | 'warning';
  owner: string;
  type?: string;
  phrase: string;
}

const cases: { name: string; text: string; base?: boolean; extra?: ResourceRecord[]; want: Expect[] }[] = [
  {
    name: 'a clean zone has no problems',
    text: 'www 60 IN A 192.0.2.1\nwww 60 IN AAAA 2001:db8::1',
    want: [],
  },
  {
    name: 'missing SOA and NS',
    base: false,
    text: 'www 60 IN A 192.0.2.1',
    want: [
      { severity: 'error', owner: '@', type: 'SOA', phrase: 'has no SOA record' },
      { severity: 'error', owner: '@', type: 'NS', phrase: 'has no NS records' },
    ],
  },
  {
    name: 'two SOA records at the apex',
    text: '@ 3600 IN SOA ns2 hm 2 7200 3600 1209600 300',
    want: [{ severity: 'error', owner: '@', type: 'SOA', phrase: 'has 2 SOA records' }],
  },
  {
    name: 'SOA away from the apex',
    text: 'sub 3600 IN SOA ns1 hm 1 7200 3600 1209600 300',
    want: [{ severity: 'error', owner: 'sub', type: 'SOA', phrase: 'belongs only at the zone apex' }],
  },
  {
    name: 'CNAME beside other data (RFC 2181 §10.1)',
    text: 'www 60 IN CNAME web\nwww 60 IN A 192.0.2.1\nweb 60 IN A 192.0.2.2',
    want: [{ severity: 'error', owner: 'www', type: 'CNAME', phrase: 'CNAME beside other data (A)' }],
  },
  {
    name: 'CNAME beside RRSIG and NSEC is allowed',
    text: 'www 60 IN CNAME web\nwww 60 IN RRSIG \\# 2 0102\nwww 60 IN NSEC \\# 2 0304\nweb 60 IN A 192.0.2.2',
    want: [],
  },
  {
    name: 'two CNAMEs at one name',
    text: 'www 60 IN CNAME web\nwww 60 IN CNAME web2',
    want: [{ severity: 'error', owner: 'www', type: 'CNAME', phrase: 'has 2 CNAME records' }],
  },
  {
    name: 'CNAME at the apex',
    text: '@ 60 IN CNAME other.example.',
    want: [{ severity: 'error', owner: '@', type: 'CNAME', phrase: 'apex' }],
  },
  {
    name: 'out-of-zone record',
    text: 'www.example.org. 60 IN A 192.0.2.1',
    want: [{ severity: 'error', owner: 'www.example.org.', type: 'A', phrase: 'outside the zone' }],
  },
  {
    name: 'non-glue data below a zone cut is a warning; glue is not',
    text: 'sub 60 IN NS ns.sub\nns.sub 60 IN A 192.0.2.9\nwww.sub 60 IN A 192.0.2.10\nsub 60 IN TXT "hidden"',
    want: [
      { severity: 'warning', owner: 'www.sub', type: 'A', phrase: 'below the zone cut at sub.example.test.' },
      { severity: 'warning', owner: 'sub', type: 'TXT', phrase: 'at the zone cut at sub.example.test.' },
    ],
  },
  {
    name: 'differing TTLs in one RRset: warning, normalized to the lowest',
    text: 'www 300 IN A 192.0.2.1\nwww 60 IN A 192.0.2.2\nwww 120 IN A 192.0.2.3',
    want: [{ severity: 'warning', owner: 'www', type: 'A', phrase: 'differing TTLs (60, 120, 300)' }],
  },
  {
    name: 'exact duplicate record: warning',
    text: 'www 60 IN A 192.0.2.1\nwww 60 IN A 192.0.2.1',
    want: [{ severity: 'warning', owner: 'www', type: 'A', phrase: 'appears twice' }],
  },
  {
    name: 'meta type stored and TTL above 2^31-1',
    text: '',
    extra: [
      {
        owner: DnsName.parse('x', origin),
        type: RRType.OPT,
        class: RRClass.IN,
        ttl: 60,
        rdata: { kind: 'UNKNOWN', data: new Uint8Array() },
      },
      {
        owner: DnsName.parse('y', origin),
        type: RRType.A,
        class: RRClass.IN,
        ttl: 0x80000000,
        rdata: { kind: 'A', address: '192.0.2.1' },
      },
      {
        owner: DnsName.parse('z', origin),
        type: RRType.AAAA,
        class: RRClass.IN,
        ttl: 60,
        rdata: { kind: 'A', address: '192.0.2.1' },
      },
    ],
    want: [
      { severity: 'error', owner: 'x', type: 'OPT', phrase: 'meta type' },
      { severity: 'error', owner: 'y', type: 'A', phrase: 'TTL 2147483648' },
      { severity: 'error', owner: 'z', type: 'AAAA', phrase: 'carries A rdata' },
    ],
  },
  {
    name: 'record of another class than the SOA',
    text: '',
    extra: [
      {
        owner: DnsName.parse('ch', origin),
        type: RRType.TXT,
        class: RRClass.CH,
        ttl: 60,
        rdata: { kind: 'TXT', strings: [] },
      },
    ],
    want: [{ severity: 'error', owner: 'ch', type: 'TXT', phrase: 'class CH' }],
  },
];

function summarize(p: ZoneProblem): string {
  return `${p.severity} ${p.owner.toRelativeString(origin)} ${p.type ?? '-'}`;
}

for (const c of cases) {
  test(`checkZone: ${c.name}`, () => {
    const records = [...parseRecords((c.base === false ? '' : BASE) + c.text, origin), ...(c.extra ?? [])];
    const problems = checkZone(origin, records);
    const want = c.want.map((w) => {
      const type = w.type === undefined ? '-' : String(RRType[w.type as keyof typeof RRType]);
      return `${w.severity} ${DnsName.parse(w.owner, origin).toRelativeString(origin)} ${type}`;
    });
    assert.deepEqual(problems.map(summarize).sort(), want.sort());
    for (const w of c.want) {
      assert.ok(
        problems.some((p) => p.message.includes(w.phrase)),
        `no message contains "${w.phrase}": ${problems.map((p) => p.message).join(' | ')}`,
      );
    }
    for (const p of problems) {
      // Messages are sentences that name the owner.
      assert.ok(p.message.includes(p.owner.toString()), p.message);
      assert.match(p.message, /\.$|\)\.$/);
    }
    const hasError = c.want.some((w) => w.severity === 'error');
    if (hasError) {
      assert.throws(
        () => Zone.build(origin, records),
        (e: unknown) => e instanceof ZoneCheckError && e.code === 'ERR_ZONE_CHECK',
      );
    } else {
      assert.ok(Zone.build(origin, records));
    }
  });
}

test('record types take "a" or "an" as they are read aloud', () => {
  for (const [type, text] of [
    ['A', 'an A'],
    ['AAAA', 'an AAAA'],
    ['MX', 'an MX'],
    ['NS', 'an NS'],
    ['SRV', 'an SRV'],
    ['CNAME', 'a CNAME'],
    ['TXT', 'a TXT'],
    ['PTR', 'a PTR'],
    ['CAA', 'a CAA'],
    ['LOC', 'a LOC'],
    ['TYPE65000', 'a TYPE65000'],
  ] as const)
    assert.equal(withArticle(type), text);
});

test('Zone.build normalizes an RRset with differing TTLs to the lowest', () => {
  const zone = Zone.build(
    origin,
    parseRecords(BASE + 'www 300 IN A 192.0.2.1\nwww 60 IN A 192.0.2.2', origin),
  );
  const set = zone.getRRset(DnsName.parse('www', origin), RRType.A);
  assert.equal(set?.ttl, 60);
  assert.equal(set?.rdatas.length, 2);
  assert.equal(zone.recordCount, 5);
});

// ---- RFC 1034 §4.2.1: an edit must not hide data behind a zone cut ----

const DELEG_BASE =
  BASE +
  'www2 60 IN TXT "hello"\nwww2 60 IN CAA 0 issue "ca.example"\n' +
  'deleg 60 IN NS ns.deleg\ndeleg 60 IN NS ns.elsewhere.test.\nns.deleg 60 IN A 192.0.2.60\n' +
  'parent 60 IN MX 10 mail\nhost.below 60 IN A 192.0.2.70\nns.glued 60 IN AAAA 2001:db8::71\n';

const editCases: { name: string; add: string; refused?: { owner: string; type: string; phrase: string } }[] =
  [
    {
      name: 'NS at a name with TXT and CAA',
      add: 'www2 60 IN NS ns.elsewhere.test.',
      refused: {
        owner: 'www2',
        type: 'NS',
        phrase: 'www2.example.test. has TXT, CAA: an NS there would delegate the name and hide them',
      },
    },
    {
      name: 'NS above a name with data (not glue)',
      add: 'below 60 IN NS ns.elsewhere.test.',
      refused: {
        owner: 'below',
        type: 'NS',
        phrase: 'has data below it (host.below.example.test. A)',
      },
    },
    { name: 'NS above its own glue only', add: 'glued 60 IN NS ns.glued' },
    { name: 'NS at an empty name', add: 'new 60 IN NS ns.elsewhere.test.' },
    { name: 'another NS at an existing cut', add: 'deleg 60 IN NS ns2.elsewhere.test.' },
    { name: 'DS at an existing cut', add: 'deleg 60 IN DS \\# 4 3039 0d02' },
    { name: 'glue below an existing cut', add: 'ns.deleg 60 IN AAAA 2001:db8::60' },
    {
      name: 'TXT at an existing cut',
      add: 'deleg 60 IN TXT "hidden"',
      refused: {
        owner: 'deleg',
        type: 'TXT',
        phrase: 'is delegated (it has NS records): a TXT record there',
      },
    },
    {
      name: 'A at an existing cut',
      add: 'deleg 60 IN A 192.0.2.62',
      refused: { owner: 'deleg', type: 'A', phrase: 'is delegated (it has NS records): an A record there' },
    },
    {
      name: 'A below a cut that is not an address of its name servers',
      add: 'www.deleg 60 IN A 192.0.2.61',
      refused: {
        owner: 'www.deleg',
        type: 'A',
        phrase: 'is below the delegation at deleg.example.test.: an A record there would never be served',
      },
    },
    {
      name: 'NS below a cut (a nested delegation is hidden too)',
      add: 'sub.deleg 60 IN NS ns.elsewhere.test.',
      refused: { owner: 'sub.deleg', type: 'NS', phrase: 'is below the delegation at deleg.example.test.' },
    },
  ];

for (const c of editCases) {
  test(`applyChangeset: ${c.name} is ${c.refused ? 'refused' : 'accepted'}`, () => {
    const zone = Zone.build(origin, parseRecords(DELEG_BASE, origin));
    const cs = { removed: [], added: parseRecords(c.add, origin) };
    if (!c.refused) {
      const { warnings } = applyChangeset(zone, cs);
      assert.deepEqual(
        warnings.map((w) => w.message),
        [],
      );
      return;
    }
    const want = c.refused;
    assert.throws(
      () => applyChangeset(zone, cs),
      (e: unknown) => {
        assert.ok(e instanceof ZoneCheckError);
        const errors = e.problems.filter((p) => p.severity === 'error');
        assert.equal(errors.length, 1, errors.map((p) => p.message).join(' | '));
        assert.equal(errors[0]!.owner.toRelativeString(origin), want.owner);
        assert.equal(errors[0]!.type, RRType[want.type as keyof typeof RRType]);
        assert.ok(errors[0]!.message.includes(want.phrase), errors[0]!.message);
        assert.match(errors[0]!.message, /RFC 1034 §4\.2\.1/);
        return true;
      },
    );
  });
}

test('applyChangeset: data hidden before the edit is a warning only, so the zone can still be edited', () => {
  // A zone imported with occluded data (a BIND export can hold some) loads with warnings...
  const zone = Zone.build(origin, parseRecords(DELEG_BASE + 'deleg 60 IN TXT "old"', origin));
  // ...and edits elsewhere, at the cut's NS, or removing the hidden data all go through.
  for (const cs of [
    { removed: [], added: parseRecords('other 60 IN A 192.0.2.80', origin) },
    { removed: [], added: parseRecords('deleg 60 IN NS ns3.elsewhere.test.', origin) },
    { removed: parseRecords('deleg 60 IN TXT "old"', origin), added: [] },
  ]) {
    assert.ok(applyChangeset(zone, cs).zone);
  }
  // Adding more hidden data is refused.
  assert.throws(
    () => applyChangeset(zone, { removed: [], added: parseRecords('deleg 60 IN TXT "new"', origin) }),
    ZoneCheckError,
  );
});
