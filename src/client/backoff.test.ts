import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKOFF_BASE_MS, backoffDelay } from './backoff.js';

const MIN = 60_000;

test('backoffDelay doubles from 5 minutes and stops growing at 1 hour', () => {
  const zero = (): number => 0;
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n, zero) / MIN),
    [5, 10, 20, 40, 60, 60, 60],
  );
  assert.equal(backoffDelay(0, zero), BACKOFF_BASE_MS, 'a count below 1 is the first failure');
});

test('backoffDelay adds up to 20 % jitter and is never below 5 minutes, whatever the random source says', () => {
  assert.equal(
    backoffDelay(1, () => 0.5),
    5.5 * MIN,
  );
  assert.ok(backoffDelay(1, () => 1) < 6 * MIN);
  assert.equal(
    backoffDelay(1, () => -3),
    5 * MIN,
  );
  for (let i = 0; i < 1000; i++) {
    const d = backoffDelay(1, Math.random);
    assert.ok(d >= 5 * MIN && d < 6 * MIN, String(d));
  }
});

test("backoffDelay honours a provider's longer wait (w30m)", () => {
  assert.equal(
    backoffDelay(1, () => 0, 30 * MIN),
    30 * MIN,
  );
  assert.equal(
    backoffDelay(3, () => 0, 1 * MIN),
    20 * MIN,
  );
});
