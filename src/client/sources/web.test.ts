import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCheckipAnswer } from './web.js';

test('readCheckipAnswer takes a bare address or the dyndns "Current IP Address" page', () => {
  assert.equal(readCheckipAnswer('192.0.2.1\n'), '192.0.2.1');
  assert.equal(readCheckipAnswer('  2001:db8::1  '), '2001:db8::1');
  assert.equal(
    readCheckipAnswer(
      '<html><head><title>Current IP Check</title></head><body>Current IP Address: 192.0.2.7</body></html>',
    ),
    '192.0.2.7',
  );
});

test('readCheckipAnswer finds nothing in prose or empty bodies (the detector then reports an error)', () => {
  assert.equal(readCheckipAnswer(''), undefined);
  assert.equal(readCheckipAnswer('Service temporarily unavailable'), undefined);
  // A single word is handed on, and then refused by the address parser.
  assert.equal(readCheckipAnswer('<html>'), '<html>');
});
