import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../name.js';
import { RRType } from '../constants.js';
import { ZoneFileError } from './errors.js';
import { parseZoneText } from './parser.js';
import { formatRecord } from './rdata-text.js';

const lines = (text: string, opts?: Parameters<typeof parseZoneText>[1]): string[] =>
  parseZoneText(text, opts).records.map((rr) => formatRecord(rr));

test('owners, TTL and class in either order, blank owners, $TTL and @', () => {
  const text = [
    '$ORIGIN example.test.',
    '$TTL 1h',
    '@ IN SOA ns1 hostmaster ( 1 ; serial',
    '    7200 3600 1209600 60 )',
    '  IN NS ns1 ; blank owner = @',
    'www 60 IN A 192.0.2.1',
    '    IN 120 AAAA 2001:db8::1',
    'mail A 192.0.2.25',
    'abs.example.test. 5m MX 10 mail',
  ].join('\n');
  assert.deepEqual(lines(text), [
    'example.test. 3600 IN SOA ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 60',
    'example.test. 3600 IN NS ns1.example.test.',
    'www.example.test. 60 IN A 192.0.2.1',
    'www.example.test. 120 IN AAAA 2001:db8::1',
    'mail.example.test. 3600 IN A 192.0.2.25',
    'abs.example.test. 300 IN MX 10 mail.example.test.',
  ]);
});

test('origin comes from opts, then $ORIGIN, then an absolute SOA owner', () => {
  assert.equal(
    parseZoneText('a 1 A 192.0.2.1', { origin: DnsName.parse('o.test.') }).origin.toString(),
    'o.test.',
  );
  assert.equal(parseZoneText('$ORIGIN x.test.\na 1 A 192.0.2.1').origin.toString(), 'x.test.');
  const z = parseZoneText('z.test. 1 SOA ns h 1 2 3 4 5\nwww 1 A 192.0.2.1');
  assert.equal(z.origin.toString(), 'z.test.');
  assert.equal(z.records[1]!.owner.toString(), 'www.z.test.');
  assert.equal(z.records[1]!.type, RRType.A);
});

test('errors name the line', () => {
  assert.throws(
    () => parseZoneText('$ORIGIN x.test.\na 1 A 192.0.2.1\nb 1 CH A 192.0.2.1'),
    (e: unknown) => e instanceof ZoneFileError && e.line === 3 && /class CH/.test(e.message),
  );
});

const SOA = '@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 60';
// [input, line, message pattern, options]
const errors: Array<[string, number, RegExp, Parameters<typeof parseZoneText>[1]?]> = [
  ['$ORIGIN x.test.\n$INCLUDE other.zone', 2, /\$INCLUDE is not supported/],
  ['$ORIGIN x.test.\n$GENERATE 1-10 h$ A 192.0.2.$', 2, /\$GENERATE is not supported/],
  ['$ORIGIN x.test.\n$FOO bar', 2, /unknown directive "\$FOO"/],
  ['$ORIGIN x.test.\n$TTL 1fortnight', 2, /\$TTL: "1fortnight" is not a number of seconds/],
  ['$ORIGIN x.test.\n$ORIGIN', 2, /\$ORIGIN takes exactly one domain name/],
  [`$ORIGIN x.test.\n${SOA}\nwww CH A 192.0.2.1`, 3, /class CH is not supported; only IN/],
  [`$ORIGIN x.test.\n${SOA}\nwww HS 60 A 192.0.2.1`, 3, /class HS/],
  [`$ORIGIN x.test.\n${SOA}\n\nwww A 192.0.2.300`, 4, /A address: "192\.0\.2\.300" is not an IPv4 address/],
  [`$ORIGIN x.test.\n${SOA}\nwww AAAA 2001:db8::g`, 3, /AAAA address: "2001:db8::g"/],
  [`$ORIGIN x.test.\n${SOA}\nwww FOO 192.0.2.1`, 3, /unknown record type "FOO"/],
  [`$ORIGIN x.test.\n${SOA}\nwww 60`, 3, /missing record type/],
  [`$ORIGIN x.test.\n${SOA}\nwww 2147483648 A 192.0.2.1`, 3, /TTL: 2147483648 is larger than 2147483647/],
  [`$ORIGIN x.test.\n${SOA}\nwww 60 60 A 192.0.2.1`, 3, /TTL given twice/],
  [`$ORIGIN x.test.\n${SOA}\nwww IN IN A 192.0.2.1`, 3, /class given twice/],
  [`$ORIGIN x.test.\n${SOA}\nwww TXT ( "a"\n"b"`, 4, /unbalanced "\(": opened on line 3/],
  [`$ORIGIN x.test.\n${SOA}\nwww TXT "a" )`, 3, /unbalanced "\)"/],
  [`$ORIGIN x.test.\n${SOA}\nwww TXT ( ( "a" ) )`, 3, /nested "\("/],
  [`$ORIGIN x.test.\n${SOA}\nwww TXT "abc\nnext A 192.0.2.1`, 3, /unterminated quoted string/],
  [
    `$ORIGIN x.test.\n${SOA}\nwww TXT "${'x'.repeat(256)}"`,
    3,
    /TXT string 1: 256 octets is longer than the 255-octet limit/,
  ],
  [`$ORIGIN x.test.\n${SOA}\nwww TXT abc\\`, 3, /dangling "\\"/],
  [`$ORIGIN x.test.\n${SOA}\na..b A 192.0.2.1`, 3, /owner: "a\.\.b" is not a valid name/],
  [`$ORIGIN x.test.\n${SOA}\n${'a'.repeat(64)} A 192.0.2.1`, 3, /label longer than 63/],
  [`$ORIGIN x.test.\n${SOA}\nmx MX 10`, 3, /MX: expected preference and exchange/],
  [`$ORIGIN x.test.\n${SOA}\nmx MX ten mail`, 3, /MX preference: "ten" is not a decimal number/],
  [`$ORIGIN x.test.\n${SOA}\nsrv SRV 0 0 65536 t`, 3, /SRV port: 65536 is larger than 65535/],
  [
    `$ORIGIN x.test.\n${SOA}\ncaa CAA 0 bad_tag "x"`,
    3,
    /CAA tag: "bad_tag" must be 1 to 255 letters and digits/,
  ],
  [
    `$ORIGIN x.test.\n${SOA}\nx TYPE65280 0a000001`,
    3,
    /TYPE65280 has no presentation form here; write its rdata in the RFC 3597 form/,
  ],
  [`$ORIGIN x.test.\n${SOA}\nx DS 1 2 3 abcd`, 3, /type DS has no presentation form here/],
  [`$ORIGIN x.test.\n${SOA}\nx TYPE65280 \\# 3 0a00`, 3, /length is 3 but 2 octets/],
  [`$ORIGIN x.test.\n${SOA}\nx ANY \\# 0`, 3, /query-only/],
  [`$ORIGIN x.test.\n${SOA}\nx A \\# 4 c00002zz`, 3, /not hexadecimal/],
  [`$ORIGIN x.test.\n@ IN SOA ns1 hostmaster (\n 1 7200 3600\n 1209600 soon )`, 4, /SOA minimum: "soon"/],
  [`$ORIGIN x.test.\n@ IN SOA ns1 hostmaster (\n 1 7200 3600\n 1209600 )`, 2, /SOA: expected mname/],
  [`$ORIGIN x.test.\n$TTL 1\nt TXT ( "ok"\n"ok"\n"${'y'.repeat(300)}" )`, 5, /TXT string 3: 300 octets/],
  ['www 60 A 192.0.2.1', 1, /owner "www" is relative but no origin is known yet/],
  ['$ORIGIN x.test.\n  60 A 192.0.2.1', 2, /blank owner; there is no previous owner/],
  ['$ORIGIN x.test.\nwww A 192.0.2.1', 2, /no TTL and there is no \$TTL, earlier TTL or SOA/],
  [
    '$ORIGIN x.test.\n$TTL 60\na A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.3',
    5,
    /more than 2 records/,
    { maxRecords: 2 },
  ],
  ['$ORIGIN x.test.\n$TTL 60\n\n\n\n', 4, /more than 3 lines/, { maxLines: 3 }],
  ['$TTL 60\nwww A 192.0.2.1', 2, /relative but no origin/],
  [`$ORIGIN x.test.\n$TTL 1\nt TXT (\n${'"" '.repeat(70_001)} )`, 4, /more than 70000 fields/],
];

for (const [text, line, message, opts] of errors) {
  test(`error at line ${line}: ${message.source.slice(0, 50)}`, () => {
    assert.throws(
      () => parseZoneText(text, opts),
      (e: unknown) => {
        assert.ok(e instanceof ZoneFileError, `not a ZoneFileError: ${String(e)}`);
        assert.equal(e.code, 'ERR_ZONE_FILE');
        assert.equal(e.line, line, e.message);
        assert.match(e.message, message);
        assert.ok(e.message.startsWith(`line ${line}: `), e.message);
        return true;
      },
    );
  });
}

test('errors name the file when given one', () => {
  assert.throws(
    () => parseZoneText('$ORIGIN x.test.\nwww 60 A 1.2.3', { fileName: 'z.zone' }),
    (e: unknown) =>
      e instanceof ZoneFileError && e.file === 'z.zone' && e.message.startsWith('z.zone:2: A address'),
  );
  assert.throws(
    () => parseZoneText('$ORIGIN x.test.\nwww 60 TXT "open', { fileName: 'z.zone' }),
    (e: unknown) => e instanceof ZoneFileError && e.message.startsWith('z.zone:2: unterminated'),
  );
});

test('a zone with no origin at all is refused', () => {
  assert.throws(
    () => parseZoneText('; nothing here\n'),
    (e: unknown) => e instanceof ZoneFileError && /no origin/.test(e.message),
  );
});

test('options: defaultTtl acts as $TTL, CRLF line ends and a BOM are accepted', () => {
  const z = parseZoneText('\uFEFFwww A 192.0.2.1\r\nmail IN MX 10 www\r\n', {
    origin: DnsName.parse('x.test.'),
    defaultTtl: 42,
  });
  assert.deepEqual(
    z.records.map((rr) => formatRecord(rr)),
    ['www.x.test. 42 IN A 192.0.2.1', 'mail.x.test. 42 IN MX 10 www.x.test.'],
  );
});

test('skipUnsupportedTypes drops DNSSEC records of a signed export with one warning per type', () => {
  const text = [
    '$ORIGIN x.test.',
    '$TTL 60',
    '@ SOA ns1 h 1 2 3 4 5',
    '@ DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
    '@ RRSIG SOA 13 2 60 20250101000000 20240101000000 12345 x.test. abcd',
    'www A 192.0.2.1',
    'www RRSIG A 13 3 60 20250101000000 20240101000000 12345 x.test. abcd',
    'www TYPE65280 \\# 1 ff',
  ].join('\n');
  assert.throws(
    () => parseZoneText(text),
    (e: unknown) => e instanceof ZoneFileError && e.line === 4,
  );
  const zone = parseZoneText(text, { skipUnsupportedTypes: true });
  assert.deepEqual(
    zone.records.map((rr) => formatRecord(rr)),
    [
      'x.test. 60 IN SOA ns1.x.test. h.x.test. 1 2 3 4 5',
      'www.x.test. 60 IN A 192.0.2.1',
      'www.x.test. 60 IN TYPE65280 \\# 1 ff',
    ],
  );
  assert.deepEqual(zone.warnings, [
    'line 4: skipped 1 DNSKEY record (no presentation form; use "\\# LEN HEX" to keep them)',
    'line 5: skipped 2 RRSIG records (no presentation form; use "\\# LEN HEX" to keep them)',
  ]);
});
