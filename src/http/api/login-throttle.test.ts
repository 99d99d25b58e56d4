// Table tests of the sign-in throttle: failures count per source and per email in fixed windows, a
// success clears the email's count, and the table stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLoginThrottle } from './login-throttle.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('more failures than allowed for one email block that email from every source until the window ends', () => {
  const c = clock();
  const th = createLoginThrottle({ maxPerEmail: 3, maxPerSource: 100, windowMs: 60_000, now: c.now });
  for (let i = 0; i < 3; i++) {
    assert.equal(th.check('192.0.2.1', 'a@x.test').allowed, true);
    th.fail(`192.0.2.${i}`, 'A@X.test');
  }
  const d = th.check('198.51.100.1', 'a@x.test');
  assert.equal(d.allowed, false);
  assert.ok(!d.allowed && d.retryAfterSeconds > 0 && d.retryAfterSeconds <= 60);
  assert.equal(th.check('198.51.100.1', 'b@x.test').allowed, true, 'other emails are unaffected');
  c.advance(60_000);
  assert.equal(th.check('198.51.100.1', 'a@x.test').allowed, true);
});

test('one source guessing many emails is blocked by the per-source limit', () => {
  const c = clock();
  const th = createLoginThrottle({ maxPerEmail: 100, maxPerSource: 4, windowMs: 60_000, now: c.now });
  for (let i = 0; i < 4; i++) th.fail('203.0.113.5', `u${i}@x.test`);
  assert.equal(th.check('203.0.113.5', 'new@x.test').allowed, false);
  assert.equal(th.check('203.0.113.6', 'new@x.test').allowed, true);
});

test('a success clears the email count; the table never grows past maxKeys', () => {
  const c = clock();
  const th = createLoginThrottle({
    maxPerEmail: 2,
    maxPerSource: 100,
    windowMs: 60_000,
    maxKeys: 10,
    now: c.now,
  });
  th.fail('s', 'a@x.test');
  th.succeed('s', 'a@x.test');
  th.fail('s', 'a@x.test');
  assert.equal(th.check('s', 'a@x.test').allowed, true, 'only one failure counts after the success');
  for (let i = 0; i < 1000; i++) th.fail(`s${i}`, `e${i}@x.test`);
  // Still working (and bounded): the most recent keys are tracked.
  th.fail('s999', 'e999@x.test');
  assert.equal(th.check('x', 'e999@x.test').allowed, false);
});
