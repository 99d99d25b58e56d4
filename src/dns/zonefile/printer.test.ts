import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../name.js';
import { parseZoneText } from './parser.js';
import { printZone } from './printer.js';

const origin = DnsName.parse('example.test.');

test('printZone: header, apex SOA first, canonical owner order, numeric type order, relative owners', () => {
  const text = [
    'z 60 IN TXT "last"',
    'Z.a 60 IN A 192.0.2.9',
    '@ 60 IN MX 10 mail',
    'outside.other.test. 60 IN A 192.0.2.7',
    'a 60 IN AAAA 2001:db8::1',
    'a 60 IN A 192.0.2.2',
    'a 60 IN A 192.0.2.1',
    '*.z 60 IN A 192.0.2.8',
    '@ 120 IN SOA ns1 hostmaster 7 7200 3600 1209600 60',
    '@ 60 IN NS ns1',
    'yljkjljk.a 60 IN A 192.0.2.3',
    '\\001.z 60 IN A 192.0.2.5',
    'sp\\032ace 60 IN TYPE65280 \\# 1 ff',
  ].join('\n');
  const zone = parseZoneText(text, { origin });
  assert.equal(
    printZone(origin, zone.records),
    [
      '$ORIGIN example.test.',
      '$TTL 120',
      '@ 120 IN SOA ns1.example.test. hostmaster.example.test. 7 7200 3600 1209600 60',
      '@ 60 IN NS ns1.example.test.',
      '@ 60 IN MX 10 mail.example.test.',
      'a 60 IN A 192.0.2.2',
      'a 60 IN A 192.0.2.1',
      'a 60 IN AAAA 2001:db8::1',
      'yljkjljk.a 60 IN A 192.0.2.3',
      'Z.a 60 IN A 192.0.2.9',
      'sp\\032ace 60 IN TYPE65280 \\# 1 ff',
      'z 60 IN TXT "last"',
      '\\001.z 60 IN A 192.0.2.5',
      '*.z 60 IN A 192.0.2.8',
      // Names outside the origin sort by the same rule and stay absolute.
      'outside.other.test. 60 IN A 192.0.2.7',
    ].join('\n') + '\n',
  );
});

test('printZone of no records is just the header and parses back to nothing', () => {
  const text = printZone(origin, []);
  assert.equal(text, '$ORIGIN example.test.\n$TTL 3600\n');
  const zone = parseZoneText(text);
  assert.equal(zone.origin.toString(), 'example.test.');
  assert.deepEqual(zone.records, []);
});
