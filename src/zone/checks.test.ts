// Tests of the semantic zone checks: each row is a zone as master-file text and the problems expected,
// matched by severity, owner, type and a phrase of the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../dns/name.js';
import { RRClass, RRType } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { parseRecords } from '../../test/conformance/zone-case.js';
import { checkZone, type ZoneProblem } from './checks.js';
import { ZoneCheckError } from './errors.js';
import { Zone } from './zone.js';

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
