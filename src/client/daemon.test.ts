import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextWakeAt } from './daemon.js';

test('nextWakeAt: the interval, or an earlier back-off end, never a time in the past', () => {
  assert.equal(nextWakeAt(1000, 300, undefined), 301_000);
  assert.equal(nextWakeAt(1000, 300, 60_000), 60_000);
  assert.equal(nextWakeAt(1000, 300, 400_000), 301_000);
  assert.equal(nextWakeAt(1000, 300, 500), 301_000);
});
