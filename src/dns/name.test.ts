import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName, compareCanonical, NameError } from './name.js';

const origin = DnsName.parse('example.test.');

const cases: Array<[string, string]> = [
  ['www', 'www.example.test.'],
  ['@', 'example.test.'],
  ['WWW.Example.TEST.', 'WWW.Example.TEST.'],
  ['a\\.b', 'a\\.b.example.test.'],
  ['\\065bc', 'Abc.example.test.'],
  ['.', '.'],
];

for (const [input, expected] of cases) {
  test(`parse ${input}`, () => {
    assert.equal(DnsName.parse(input, origin).toString(), expected);
  });
}

test('matching is case-insensitive, text keeps case', () => {
  const a = DnsName.parse('Home.Dyn.Example.Test.');
  const b = DnsName.parse('home.dyn.example.test.');
  assert.ok(a.equals(b));
  assert.equal(a.toString(), 'Home.Dyn.Example.Test.');
  assert.ok(a.isSubdomainOf(DnsName.parse('EXAMPLE.test.')));
  assert.ok(!DnsName.parse('xexample.test.').isSubdomainOf(DnsName.parse('example.test.')));
});

test('limits are enforced', () => {
  assert.throws(() => DnsName.parse('a'.repeat(64) + '.test.'), NameError);
  assert.throws(() => DnsName.parse(Array(128).fill('a').join('.') + '.'), NameError);
  assert.throws(() => DnsName.parse('a..b.'), NameError);
});

test('canonical order follows RFC 4034 §6.1', () => {
  const names = [
    'example.',
    'a.example.',
    'yljkjljk.a.example.',
    'Z.a.example.',
    'zABC.a.EXAMPLE.',
    'z.example.',
    '\\001.z.example.',
    '*.z.example.',
    '\\200.z.example.',
  ];
  const shuffled = [...names].reverse().map((n) => DnsName.parse(n));
  shuffled.sort(compareCanonical);
  assert.deepEqual(
    shuffled.map((n) => n.toString()),
    names.map((n) => DnsName.parse(n).toString()),
  );
});
