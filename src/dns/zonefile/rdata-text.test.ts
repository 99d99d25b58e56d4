import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../name.js';
import { RRType } from '../constants.js';
import type { Rdata } from '../rdata.js';
import { ZoneFileError } from './errors.js';
import { formatRdata, formatRecord, parseRdataText } from './rdata-text.js';

const origin = DnsName.parse('example.test.');
const n = (s: string): DnsName => DnsName.parse(s);
const b = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

// [type, input text, expected rdata, canonical text]
const cases: Array<[number, string, Rdata, string]> = [
  [RRType.A, '192.0.2.1', { kind: 'A', address: '192.0.2.1' }, '192.0.2.1'],
  [RRType.AAAA, '2001:DB8:0:0:0:0:0:1', { kind: 'AAAA', address: '2001:db8::1' }, '2001:db8::1'],
  [RRType.AAAA, '::ffff:192.0.2.1', { kind: 'AAAA', address: '::ffff:c000:201' }, '::ffff:c000:201'],
  [RRType.NS, 'ns1', { kind: 'NS', target: n('ns1.example.test.') }, 'ns1.example.test.'],
  [RRType.CNAME, '@', { kind: 'CNAME', target: origin }, 'example.test.'],
  [RRType.PTR, 'host.other.', { kind: 'PTR', target: n('host.other.') }, 'host.other.'],
  [
    RRType.MX,
    '10 mail',
    { kind: 'MX', preference: 10, exchange: n('mail.example.test.') },
    '10 mail.example.test.',
  ],
  [RRType.TXT, '"a b" c', { kind: 'TXT', strings: [b('a b'), b('c')] }, '"a b" "c"'],
  [RRType.TXT, '"q\\"uote\\\\ \\010"', { kind: 'TXT', strings: [b('q"uote\\ \n')] }, '"q\\"uote\\\\ \\010"'],
  [RRType.TXT, '""', { kind: 'TXT', strings: [b('')] }, '""'],
  [
    RRType.SRV,
    '0 5 5060 sip',
    { kind: 'SRV', priority: 0, weight: 5, port: 5060, target: n('sip.example.test.') },
    '0 5 5060 sip.example.test.',
  ],
  [
    RRType.CAA,
    '0 issue "ca.example"',
    { kind: 'CAA', flags: 0, tag: 'issue', value: b('ca.example') },
    '0 issue "ca.example"',
  ],
  [
    RRType.CAA,
    '128 iodef mailto:x@y',
    { kind: 'CAA', flags: 128, tag: 'iodef', value: b('mailto:x@y') },
    '128 iodef "mailto:x@y"',
  ],
  [
    RRType.SOA,
    'ns1 hostmaster ( 2024010101 1h 15m 2w 1d )',
    {
      kind: 'SOA',
      mname: n('ns1.example.test.'),
      rname: n('hostmaster.example.test.'),
      serial: 2024010101,
      refresh: 3600,
      retry: 900,
      expire: 1209600,
      minimum: 86400,
    },
    'ns1.example.test. hostmaster.example.test. 2024010101 3600 900 1209600 86400',
  ],
  [RRType.HINFO, '"RFC8482" ""', { kind: 'HINFO', cpu: b('RFC8482'), os: b('') }, '"RFC8482" ""'],
  [RRType.A, '\\# 4 c0000201', { kind: 'A', address: '192.0.2.1' }, '192.0.2.1'],
  [65280, '\\# 3 01 0203', { kind: 'UNKNOWN', data: Uint8Array.of(1, 2, 3) }, '\\# 3 010203'],
  [65280, '\\# 0', { kind: 'UNKNOWN', data: new Uint8Array(0) }, '\\# 0'],
];

for (const [type, text, rdata, canonical] of cases) {
  test(`parseRdataText ${type} ${text}`, () => {
    const got = parseRdataText(type, text, origin);
    assert.deepEqual(got, rdata);
    assert.equal(formatRdata(type, got), canonical);
    assert.deepEqual(parseRdataText(type, formatRdata(type, got)), rdata);
  });
}

const bad: Array<[number, string, RegExp]> = [
  [RRType.A, '192.0.2.256', /A address: "192\.0\.2\.256" is not an IPv4 address/],
  [RRType.A, '192.0.2.1 192.0.2.2', /expected one IPv4 address/],
  [RRType.AAAA, '2001:db8::1::2', /AAAA address/],
  [RRType.MX, '70000 mail', /MX preference: 70000 is larger than 65535/],
  [RRType.TXT, '"' + 'x'.repeat(256) + '"', /TXT string 1: 256 octets/],
  [RRType.CAA, '0 is-sue "x"', /CAA tag/],
  [RRType.SOA, 'ns1 host 1 2 3 4', /SOA: expected/],
  [RRType.SOA, 'ns1 host 1 2 3 4 5x', /SOA minimum: "5x"/],
  [65280, '01 02', /RFC 3597/],
  [RRType.A, '\\# 3 c00002', /ends early/],
  [RRType.A, '\\# 5 c000020101', /left over/],
  [65280, '\\# 2 01', /length is 2 but 1 octets/],
];

for (const [type, text, message] of bad) {
  test(`parseRdataText refuses ${type} ${text.slice(0, 30)}`, () => {
    assert.throws(
      () => parseRdataText(type, text, origin),
      (e: unknown) => e instanceof ZoneFileError && e.code === 'ERR_ZONE_FILE' && message.test(e.message),
    );
  });
}

test('formatRecord writes owner ttl class type rdata', () => {
  const rr = {
    owner: n('www.example.test.'),
    type: RRType.A,
    class: 1,
    ttl: 60,
    rdata: parseRdataText(RRType.A, '192.0.2.1'),
  };
  assert.equal(formatRecord(rr), 'www.example.test. 60 IN A 192.0.2.1');
  assert.equal(formatRecord(rr, origin), 'www 60 IN A 192.0.2.1');
});
