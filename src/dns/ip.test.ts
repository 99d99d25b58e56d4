import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeIPv4, normalizeIPv6 } from './ip.js';

const v6: Array<[string, string | undefined]> = [
  ['2001:DB8::1', '2001:db8::1'],
  ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['::', '::'],
  ['::1', '::1'],
  ['::ffff:192.0.2.10', '::ffff:c000:20a'],
  ['2001:db8::1/64', undefined],
  ['fe80::1%eth0', undefined],
  ['1.2.3.4', undefined],
];
for (const [input, want] of v6) test(`IPv6 ${input}`, () => assert.equal(normalizeIPv6(input), want));

const v4: Array<[string, string | undefined]> = [
  ['192.0.2.1', '192.0.2.1'],
  ['192.0.2.256', undefined],
  ['192.0.2', undefined],
  ['::1', undefined],
];
for (const [input, want] of v4) test(`IPv4 ${input}`, () => assert.equal(normalizeIPv4(input), want));
