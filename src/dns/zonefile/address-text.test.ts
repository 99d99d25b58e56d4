// Table tests for the zone-file address readers: each row is an input and the RFC 5952 text it must read as
// (undefined when it is not an address). Rows marked "found" were counterexamples from the property test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeIPv6 } from '../ip.js';
import { isCanonicalIPv6, readIPv4, readIPv6 } from './address-text.js';

const ipv6: [text: string, canonical: string | undefined][] = [
  ['::', '::'],
  ['::0', '::'], // found: a zero group after the "::" belongs inside it
  ['0::', '::'],
  ['0::1', '::1'],
  ['1::0', '1::'],
  ['1:0::2', '1::2'],
  ['1::0:2', '1::2'],
  ['::1', '::1'],
  ['1::', '1::'],
  ['2001:db8::1', '2001:db8::1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['2001:db8::1:0:0:1', '2001:db8::1:0:0:1'],
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  ['2001:db8::0:1:1:1:1', '2001:db8::1:1:1:1'],
  ['2001:DB8::1', '2001:db8::1'],
  ['2001:0db8::1', '2001:db8::1'],
  ['::ffff:192.0.2.1', '::ffff:c000:201'],
  [':::', undefined],
  ['1::2::3', undefined],
  ['1:2:3:4:5:6:7:8:9', undefined],
  ['', undefined],
];

for (const [text, canonical] of ipv6) {
  test(`readIPv6 ${JSON.stringify(text)} → ${canonical ?? 'not an address'}`, () => {
    assert.equal(readIPv6(text), canonical);
    assert.equal(normalizeIPv6(text), canonical, 'agrees with dns/ip.ts');
    if (canonical !== undefined) assert.equal(isCanonicalIPv6(text), text === canonical);
  });
}

const ipv4: [text: string, dotted: string | undefined][] = [
  ['192.0.2.1', '192.0.2.1'],
  ['0.0.0.0', '0.0.0.0'],
  ['255.255.255.255', '255.255.255.255'],
  ['256.0.0.1', undefined],
  ['01.2.3.4', undefined],
  ['1.2.3', undefined],
  ['1.2.3.4.', undefined],
];

for (const [text, dotted] of ipv4) {
  test(`readIPv4 ${JSON.stringify(text)} → ${dotted ?? 'not an address'}`, () => {
    assert.equal(readIPv4(text), dotted);
  });
}
