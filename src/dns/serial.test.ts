import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serialAdd, serialCompare, serialGreater, serialIncrement } from './serial.js';

const compareCases: Array<[number, number, -1 | 0 | 1 | undefined]> = [
  [0, 0, 0],
  [1, 2, -1],
  [2, 1, 1],
  [0xffffffff, 0, -1], // wraps: 0 is one past 2^32-1
  [0, 0xffffffff, 1],
  [0, 0x7fffffff, -1],
  [0, 0x80000000, undefined], // RFC 1982 §3.2: exactly 2^31 apart
  [0x80000000, 0, undefined],
  [0, 0x80000001, 1],
  [2024010101, 2024010102, -1],
  [4294967000, 100, -1],
];

for (const [a, b, want] of compareCases) {
  test(`serialCompare(${a}, ${b}) = ${want}`, () => {
    assert.equal(serialCompare(a, b), want);
    assert.equal(serialGreater(a, b), want === 1);
  });
}

test('serialIncrement wraps modulo 2^32 and skips 0', () => {
  assert.equal(serialIncrement(1), 2);
  assert.equal(serialIncrement(0xfffffffe), 0xffffffff);
  assert.equal(serialIncrement(0xffffffff), 1);
  assert.equal(serialCompare(serialIncrement(0xffffffff), 0xffffffff), 1);
});

test('serialAdd rejects addends of 2^31 or more and non-serials', () => {
  assert.equal(serialAdd(0xffffffff, 0x7fffffff), 0x7ffffffe);
  assert.throws(() => serialAdd(0, 0x80000000), RangeError);
  assert.throws(() => serialIncrement(-1), RangeError);
  assert.throws(() => serialCompare(0x100000000, 0), RangeError);
});
