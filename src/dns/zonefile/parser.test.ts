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
  assert.equal(parseZoneText('a 1 A 192.0.2.1', { origin: DnsName.parse('o.test.') }).origin.toString(), 'o.test.');
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
