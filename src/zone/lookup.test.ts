// Table-driven tests of the RFC 1034 §4.3.2 lookup: each row is a question and the expected sections as
// master-file text (CoreDNS plugin/file/lookup_test.go style).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../dns/name.js';
import { RRType } from '../dns/constants.js';
import { runLookupCases, zoneFromText, type LookupCase } from '../../test/conformance/zone-case.js';
import { MAX_CNAME_CHAIN } from './lookup.js';

const origin = DnsName.parse('example.test.');

const ZONE = `
$ORIGIN example.test.
@        3600 IN SOA   ns1 hostmaster 1 7200 3600 1209600 300
@        3600 IN NS    ns1
@        3600 IN NS    ns2.example.net.
@        3600 IN MX    10 mail
ns1      3600 IN A     192.0.2.53
mail      300 IN A     192.0.2.25
mail      300 IN AAAA  2001:db8::25
www       300 IN CNAME web
web       300 IN A     192.0.2.80
loop1     300 IN CNAME loop2
loop2     300 IN CNAME loop1
out       300 IN CNAME www.example.org.
dangling  300 IN CNAME nothere
tocut     300 IN CNAME host.sub
sub      3600 IN NS    ns.sub
sub      3600 IN NS    ns1
sub      3600 IN DS    \\# 4 01020304
ns.sub   3600 IN A     192.0.2.54
ns.sub   3600 IN AAAA  2001:db8::54
other    3600 IN NS    ns.elsewhere.example.
_sip._tcp 300 IN SRV   10 5 5060 sip
sip       300 IN A     192.0.2.60
a.b.c     300 IN TXT   "deep"
*.w       300 IN A     192.0.2.99
*.w       300 IN TXT   "wild"
*.cw      300 IN CNAME web
multi     300 IN A     192.0.2.1
multi     300 IN TXT   "x"
`;

const SOA_NEG = '@ 300 IN SOA ns1 hostmaster 1 7200 3600 1209600 300';
const SUB_NS = 'sub 3600 IN NS ns.sub\nsub 3600 IN NS ns1';
const SUB_GLUE = 'ns.sub 3600 IN A 192.0.2.54\nns.sub 3600 IN AAAA 2001:db8::54\nns1 3600 IN A 192.0.2.53';

const zone = zoneFromText(ZONE, origin);

const cases: LookupCase[] = [
  // Exact matches at the apex are authoritative answers, NS included (not a referral).
  {
    qname: '@',
    qtype: 'SOA',
    kind: 'answer',
    answer: '@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300',
  },
  {
    qname: '@',
    qtype: 'NS',
    kind: 'answer',
    answer: '@ 3600 IN NS ns1\n@ 3600 IN NS ns2.example.net.',
    additional: 'ns1 3600 IN A 192.0.2.53',
  },
  {
    qname: '@',
    qtype: 'MX',
    kind: 'answer',
    answer: '@ 3600 IN MX 10 mail',
    additional: 'mail 300 IN A 192.0.2.25\nmail 300 IN AAAA 2001:db8::25',
  },
  { qname: 'web', qtype: 'A', kind: 'answer', answer: 'web 300 IN A 192.0.2.80' },
  {
    name: 'case-insensitive qname',
    qname: 'WEB.Example.TEST.',
    qtype: 'A',
    kind: 'answer',
    answer: 'web 300 IN A 192.0.2.80',
  },
  { qname: 'web', qtype: 'AAAA', kind: 'nodata', authority: SOA_NEG },
  { qname: 'nothere', qtype: 'A', kind: 'nxdomain', authority: SOA_NEG },
  // RFC 1034 §4.3.2 step 3a: CNAME followed inside the zone.
  {
    qname: 'www',
    qtype: 'A',
    kind: 'answer',
    answer: 'www 300 IN CNAME web\nweb 300 IN A 192.0.2.80',
    answerInOrder: true,
  },
  { qname: 'www', qtype: 'CNAME', kind: 'answer', answer: 'www 300 IN CNAME web' },
  { qname: 'www', qtype: 'AAAA', kind: 'nodata', answer: 'www 300 IN CNAME web', authority: SOA_NEG },
  {
    name: 'CNAME loop stops',
    qname: 'loop1',
    qtype: 'A',
    kind: 'cname',
    answer: 'loop1 300 IN CNAME loop2\nloop2 300 IN CNAME loop1',
    answerInOrder: true,
  },
  {
    name: 'CNAME out of zone',
    qname: 'out',
    qtype: 'A',
    kind: 'cname',
    answer: 'out 300 IN CNAME www.example.org.',
  },
  {
    name: 'CNAME to a missing name',
    qname: 'dangling',
    qtype: 'A',
    kind: 'nxdomain',
    answer: 'dangling 300 IN CNAME nothere',
    authority: SOA_NEG,
  },
  {
    name: 'CNAME into a delegation',
    qname: 'tocut',
    qtype: 'A',
    kind: 'referral',
    answer: 'tocut 300 IN CNAME host.sub',
    authority: SUB_NS,
    additional: SUB_GLUE,
  },
  // Zone cuts (step 3b): referral with NS and glue; data below the cut is occluded.
  { qname: 'sub', qtype: 'A', kind: 'referral', authority: SUB_NS, additional: SUB_GLUE },
  { qname: 'sub', qtype: 'NS', kind: 'referral', authority: SUB_NS, additional: SUB_GLUE },
  { qname: 'host.sub', qtype: 'A', kind: 'referral', authority: SUB_NS, additional: SUB_GLUE },
  {
    name: 'glue name itself is occluded',
    qname: 'ns.sub',
    qtype: 'A',
    kind: 'referral',
    authority: SUB_NS,
    additional: SUB_GLUE,
  },
  {
    name: 'deep below a cut',
    qname: 'a.b.c.sub',
    qtype: 'ANY',
    kind: 'referral',
    authority: SUB_NS,
    additional: SUB_GLUE,
  },
  // DS at the cut is parent-side data (RFC 4035 §3.1.4.1).
  { qname: 'sub', qtype: 'DS', kind: 'answer', answer: 'sub 3600 IN DS \\# 4 01020304' },
  { qname: 'other', qtype: 'DS', kind: 'nodata', authority: SOA_NEG },
  {
    name: 'out-of-zone NS targets give no glue',
    qname: 'x.other',
    qtype: 'A',
    kind: 'referral',
    authority: 'other 3600 IN NS ns.elsewhere.example.',
  },
  {
    qname: '_sip._tcp',
    qtype: 'SRV',
    kind: 'answer',
    answer: '_sip._tcp 300 IN SRV 10 5 5060 sip',
    additional: 'sip 300 IN A 192.0.2.60',
  },
  // Empty non-terminals are NODATA (RFC 8020 §2), names below nothing are NXDOMAIN.
  { qname: '_tcp', qtype: 'SRV', kind: 'nodata', authority: SOA_NEG },
  { qname: 'b.c', qtype: 'TXT', kind: 'nodata', authority: SOA_NEG },
  { qname: 'c', qtype: 'A', kind: 'nodata', authority: SOA_NEG },
  { qname: 'c', qtype: 'ANY', kind: 'nodata', authority: SOA_NEG },
  { qname: 'x.c', qtype: 'TXT', kind: 'nxdomain', authority: SOA_NEG },
  { qname: 'a.b.c', qtype: 'TXT', kind: 'answer', answer: 'a.b.c 300 IN TXT "deep"' },
  // Wildcards (RFC 4592).
  { qname: 'foo.w', qtype: 'A', kind: 'answer', answer: 'foo.w 300 IN A 192.0.2.99' },
  { qname: 'foo.w', qtype: 'TXT', kind: 'answer', answer: 'foo.w 300 IN TXT "wild"' },
  { qname: 'foo.w', qtype: 'AAAA', kind: 'nodata', authority: SOA_NEG },
  {
    qname: 'foo.w',
    qtype: 'ANY',
    kind: 'answer',
    answer: 'foo.w 300 IN A 192.0.2.99\nfoo.w 300 IN TXT "wild"',
  },
  {
    name: 'several labels below the wildcard',
    qname: 'a.b.w',
    qtype: 'A',
    kind: 'answer',
    answer: 'a.b.w 300 IN A 192.0.2.99',
  },
  { name: 'the wildcard parent is an ENT', qname: 'w', qtype: 'A', kind: 'nodata', authority: SOA_NEG },
  {
    name: 'the wildcard queried literally',
    qname: '*.w',
    qtype: 'A',
    kind: 'answer',
    answer: '*.w 300 IN A 192.0.2.99',
  },
  {
    name: 'wildcard CNAME is followed',
    qname: 'x.cw',
    qtype: 'A',
    kind: 'answer',
    answer: 'x.cw 300 IN CNAME web\nweb 300 IN A 192.0.2.80',
    answerInOrder: true,
  },
  // ANY returns the whole node; trimming for UDP is the server's job (RFC 8482).
  { qname: 'multi', qtype: 'ANY', kind: 'answer', answer: 'multi 300 IN A 192.0.2.1\nmulti 300 IN TXT "x"' },
];

runLookupCases('lookup', () => zone, cases);

test('lookup: negative SOA TTL is min(SOA TTL, MINIMUM) in both directions (RFC 2308 §3)', () => {
  for (const [ttl, minimum, want] of [
    [3600, 60, 60],
    [30, 60, 30],
    [60, 60, 60],
  ] as const) {
    const z = zoneFromText(`@ ${ttl} IN SOA ns hm 1 2 3 4 ${minimum}\n@ 60 IN NS ns.example.net.`, origin);
    const r = z.lookup(DnsName.parse('nope', origin), RRType.A);
    assert.equal(r.kind, 'nxdomain');
    if (r.kind === 'nxdomain') assert.equal(r.soa.ttl, want);
    // Positive SOA answers keep the full TTL.
    const p = z.lookup(origin, RRType.SOA);
    assert.equal(p.kind === 'answer' && p.answers[0]!.ttl, ttl);
  }
});

test('lookup: a CNAME chain longer than the guard stops with kind cname', () => {
  let text = '@ 60 IN SOA ns hm 1 2 3 4 60\n@ 60 IN NS ns.example.net.\n';
  const n = MAX_CNAME_CHAIN + 4;
  for (let i = 0; i < n; i++) text += `c${i} 60 IN CNAME c${i + 1}\n`;
  text += `c${n} 60 IN A 192.0.2.1\n`;
  const z = zoneFromText(text, origin);
  const r = z.lookup(DnsName.parse('c0', origin), RRType.A);
  assert.equal(r.kind, 'cname');
  assert.equal(r.answers.length, MAX_CNAME_CHAIN);
  const short = z.lookup(DnsName.parse(`c${n - 3}`, origin), RRType.A);
  assert.equal(short.kind, 'answer');
  assert.equal(short.answers.length, 4);
});

test('lookup: a qname outside the zone is a caller error', () => {
  assert.throws(() => zone.lookup(DnsName.parse('example.org.'), RRType.A), RangeError);
});
