// Table tests of command-line argument validation: what is accepted (and how it is normalised) and what
// is refused with a CliError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../dns/name.js';
import { RRType } from '../dns/constants.js';
import { formatRdata } from '../dns/zonefile/rdata-text.js';
import { CliError } from './cli-error.js';
import {
  parseEmail,
  parseOwner,
  parseRecordType,
  parseTtlOption,
  parseValue,
  parseZoneName,
} from './input.js';

const zone = DnsName.parse('example.test.');

test('parseZoneName accepts LDH names with or without the dot, folds case and converts Unicode', () => {
  for (const [input, out] of [
    ['Example.Test', 'example.test.'],
    ['example.test.', 'example.test.'],
    ['xn--bcher-kva.test', 'xn--bcher-kva.test.'],
    ['Bücher.test', 'xn--bcher-kva.test.'],
    ['a-b.c1.test', 'a-b.c1.test.'],
  ]) {
    assert.equal(parseZoneName(input!).toString(), out);
  }
  for (const bad of [
    '',
    '.',
    ' example.test',
    'ex_ample.test',
    '-a.test',
    'a-.test',
    'a..test',
    'bücher.test/x',
    'bü cher.test',
    `${'a'.repeat(64)}.test`,
  ]) {
    assert.throws(() => parseZoneName(bad), CliError, bad);
  }
});

test('parseOwner resolves "@", relative and absolute owners inside the zone only', () => {
  for (const [input, out] of [
    ['@', 'example.test.'],
    ['www', 'www.example.test.'],
    ['WWW.Example.Test.', 'WWW.Example.Test.'],
    ['_sip._tcp', '_sip._tcp.example.test.'],
    ['*', '*.example.test.'],
    ['*.wild', '*.wild.example.test.'],
  ]) {
    assert.equal(parseOwner(input!, zone).toString(), out);
  }
  for (const bad of ['www.other.', 'a b', 'a.*', 'www.example.test.evil.', '-x', '']) {
    assert.throws(() => parseOwner(bad, zone), CliError, bad);
  }
});

test('parseRecordType allows the managed types and, as TYPEnnn, types unknown here (RFC 3597)', () => {
  assert.equal(parseRecordType('aaaa'), RRType.AAAA);
  assert.equal(parseRecordType('TYPE1'), RRType.A);
  assert.equal(parseRecordType('TYPE999'), 999);
  assert.equal(parseRecordType('type65000'), 65000);
  assert.equal(parseRecordType('TYPE52'), 52); // TLSA: no presentation form here, served as is
  // The SOA, meta types, types known here but not offered, and types whose meaning is not implemented.
  for (const bad of [
    'SOA',
    'OPT',
    'TYPE41',
    'ANY',
    'TYPE255',
    'AXFR',
    'IXFR',
    'TYPE250', // TSIG
    'TYPE249', // TKEY
    'TYPE200',
    'HINFO',
    'TYPE13',
    'DS',
    'TYPE46', // RRSIG
    'TYPE39', // DNAME
    'TYPE65280', // the offline marker
    'TYPE0',
    'TYPE65535',
    'TYPE65536',
    'TYPE',
    'NOPE',
    '',
  ])
    assert.throws(() => parseRecordType(bad), CliError, bad);
});

test('parseTtlOption accepts 0..2^31-1 written as plain decimal', () => {
  assert.equal(parseTtlOption('0'), 0);
  assert.equal(parseTtlOption('2147483647'), 2147483647);
  for (const bad of ['2147483648', '-1', '1h', '1.5', '', ' 60', '0x10'])
    assert.throws(() => parseTtlOption(bad), CliError, bad);
});

test('parseValue completes relative names and takes unquoted TXT literally, split at 255 octets', () => {
  assert.equal(formatRdata(RRType.CNAME, parseValue(RRType.CNAME, 'web', zone)), 'web.example.test.');
  assert.equal(
    formatRdata(RRType.MX, parseValue(RRType.MX, '10 mx.example.net.', zone)),
    '10 mx.example.net.',
  );
  assert.equal(
    formatRdata(RRType.TXT, parseValue(RRType.TXT, 'v=spf1 "quoted" -all', zone)),
    '"v=spf1 \\"quoted\\" -all"',
  );
  assert.equal(formatRdata(RRType.TXT, parseValue(RRType.TXT, '"a" "b c"', zone)), '"a" "b c"');
  const long = parseValue(RRType.TXT, 'k'.repeat(600), zone);
  assert.ok(long.kind === 'TXT');
  assert.deepEqual(
    long.strings.map((s) => s.length),
    [255, 255, 90],
  );
  const utf8 = parseValue(RRType.TXT, 'café', zone);
  assert.ok(utf8.kind === 'TXT');
  assert.deepEqual([...utf8.strings[0]!], [...new TextEncoder().encode('café')]);
  for (const [type, bad] of [
    [RRType.A, '1.2.3'],
    [RRType.AAAA, '1.2.3.4'],
    [RRType.MX, 'mail'],
    [RRType.SRV, '1 2 mail'],
    [RRType.CAA, '0 issue'],
    [RRType.A, ''],
    [RRType.TXT, 'x'.repeat(70000)],
  ] as const) {
    assert.throws(() => parseValue(type, bad, zone), CliError, `${type} ${bad.slice(0, 20)}`);
  }
});

test('parseEmail folds case and refuses non-addresses', () => {
  assert.equal(parseEmail(' Alice@Example.TEST '), 'alice@example.test');
  for (const bad of [
    'alice',
    'alice@',
    '@example.test',
    'a b@example.test',
    'alice@example',
    'alice@-x.test',
  ]) {
    assert.throws(() => parseEmail(bad), CliError, bad);
  }
});
