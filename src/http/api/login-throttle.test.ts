// Table tests of the sign-in throttle: failures count per (source, email) and per source in fixed
// windows, never per email across sources; an email's last sign-in source is never refused; a success
// clears that source's count for the email; a cap is reported once; the tables stay bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLoginThrottle } from './login-throttle.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('failures for one email from one source refuse it there only, until the window ends', () => {
  const c = clock();
  const th = createLoginThrottle({ maxPerSourceEmail: 3, maxPerSource: 100, windowMs: 60_000, now: c.now });
  for (let i = 0; i < 3; i++) {
    assert.equal(th.check('192.0.2.1', 'a@x.test').allowed, true);
    th.fail('192.0.2.1', 'A@X.test');
  }
  const d = th.check('192.0.2.1', 'a@x.test');
  assert.equal(d.allowed, false);
  assert.ok(!d.allowed && d.retryAfterSeconds > 0 && d.retryAfterSeconds <= 60);
  assert.equal(th.check('198.51.100.1', 'a@x.test').allowed, true, 'another source is not affected');
  assert.equal(th.check('192.0.2.1', 'b@x.test').allowed, true, 'other emails at that source are not');
  c.advance(60_000);
  assert.equal(th.check('192.0.2.1', 'a@x.test').allowed, true);
});

test('failures spread over many sources never refuse the email anywhere', () => {
  const th = createLoginThrottle({ maxPerSourceEmail: 3, maxPerSource: 5 });
  for (let i = 0; i < 50; i++) for (let k = 0; k < 2; k++) th.fail(`203.0.113.${i}`, 'a@x.test');
  assert.equal(th.check('192.0.2.7', 'a@x.test').allowed, true);
});

test('one source guessing many emails is stopped by the per-source cap', () => {
  const c = clock();
  const th = createLoginThrottle({ maxPerSourceEmail: 100, maxPerSource: 4, windowMs: 60_000, now: c.now });
  for (let i = 0; i < 4; i++) th.fail('203.0.113.5', `u${i}@x.test`);
  assert.equal(th.check('203.0.113.5', 'new@x.test').allowed, false);
  assert.equal(th.check('203.0.113.6', 'new@x.test').allowed, true);
});

test("the email's last sign-in source is never refused; an IPv6 source counts by its /64", () => {
  const th = createLoginThrottle({ maxPerSourceEmail: 3, maxPerSource: 5 });
  th.succeed('192.0.2.1', 'a@x.test');
  th.succeed('2001:db8:1:2::10', 'a@x.test');
  for (let i = 0; i < 10; i++) {
    th.fail('192.0.2.1', 'a@x.test');
    th.fail('2001:db8:1:2::99', 'a@x.test');
  }
  assert.equal(th.check('192.0.2.1', 'A@x.test').allowed, true, 'the home IPv4 address');
  assert.equal(th.check('2001:db8:1:2:ffff::1', 'a@x.test').allowed, true, 'the home IPv6 /64');
  assert.equal(th.check('192.0.2.1', 'b@x.test').allowed, false, 'another email there is capped');
  assert.equal(th.check('2001:db8:1:3::1', 'a@x.test').allowed, true, 'no failures from that /64');
  for (let i = 0; i < 3; i++) th.fail('2001:db8:1:3::1', 'a@x.test');
  assert.equal(th.check('2001:db8:1:3::2', 'a@x.test').allowed, false, 'another /64 is capped');
});

test('a cap is reported by the failure that reaches it, once', () => {
  const th = createLoginThrottle({ maxPerSourceEmail: 2, maxPerSource: 3 });
  th.succeed('192.0.2.1', 'a@x.test');
  assert.deepEqual(
    [1, 2, 3, 4].map(() => th.fail('192.0.2.1', 'a@x.test')),
    [undefined, 'source+email', 'source', undefined],
  );
});

test('a success clears the count of that source and email; the tables never grow past maxKeys', () => {
  const th = createLoginThrottle({ maxPerSourceEmail: 2, maxPerSource: 100, windowMs: 60_000, maxKeys: 10 });
  th.fail('192.0.2.1', 'a@x.test');
  th.succeed('192.0.2.1', 'a@x.test');
  assert.equal(th.fail('192.0.2.1', 'a@x.test'), undefined, 'counting starts again');
  assert.equal(th.fail('192.0.2.1', 'a@x.test'), 'source+email');
  for (let i = 0; i < 1000; i++) {
    th.fail(`198.51.100.${i % 250}`, `e${i}@x.test`);
    th.succeed(`203.0.113.${i % 250}`, `e${i}@x.test`);
  }
  // Still working (and bounded): the most recent keys are tracked.
  th.fail('198.51.100.249', 'e999@x.test');
  assert.equal(th.check('198.51.100.249', 'e999@x.test').allowed, false);
  assert.equal(th.check('203.0.113.249', 'e999@x.test').allowed, true);
});
