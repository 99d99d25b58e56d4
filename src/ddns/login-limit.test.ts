// The keys the failed-login limit counts under and the warnings it logs (the rule itself is tested through
// the HTTP app in src/http/nic-update.test.ts, against a real store).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLoginLimiter, loginKey, sourceOf } from './login-limit.js';
import { createDdnsFixture } from './testkit.js';

test('sourceOf: IPv4 as is, IPv6 by its /64, anything else on its own without a family', () => {
  const rows: [string, string, 4 | 6 | undefined][] = [
    ['192.0.2.7', '192.0.2.7', 4],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64', 6],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64', 6],
    ['2001:DB8:0:0:ffff::1', '2001:db8::/64', 6],
    ['::1', '::/64', 6],
    ['not-an-address', 'not-an-address', undefined],
  ];
  for (const [ip, key, family] of rows) assert.deepEqual(sourceOf(ip), { key, family }, ip);
});

test('loginKey: a fixed-length digest, never the username itself; distinct usernames stay distinct', () => {
  const k = loginKey('nas-3au7aequ');
  assert.match(k, /^[0-9a-f]{32}$/);
  assert.equal(loginKey('nas-3au7aequ'), k);
  assert.notEqual(loginKey('Nas-3au7aequ'), k);
  assert.equal(loginKey('x'.repeat(10_000)).length, 32);
});

test('each limit is logged once, when a failure reaches it: per login and per source', async () => {
  const f = await createDdnsFixture({ policy: { maxAuthFailures: 3, maxAuthFailuresPerSource: 5 } });
  const warnings: { obj: { limit?: string }; msg: string }[] = [];
  const logins = createLoginLimiter({
    hosts: f.hosts,
    secrets: f.secrets,
    policy: () => f.service.policy,
    log: { warn: (obj, msg) => warnings.push({ obj, msg }) },
  });
  try {
    const fail = (username: string) =>
      logins.authenticate({ username, password: 'wrong' }, '203.0.113.9', f.clock.now());
    // Three wrong passwords for one login reach its limit; two more for other logins reach the source's.
    for (const u of ['x', 'x', 'x', 'y', 'z']) await fail(u);
    assert.deepEqual(
      warnings.map((w) => w.obj.limit),
      ['source+login', 'source'],
    );
    assert.match(warnings[1]!.msg, /every login from this source is refused/);
    // Refused afterwards, and nothing more is logged.
    assert.deepEqual(await fail('w'), { ok: false, reason: 'rate-limited' });
    assert.equal(warnings.length, 2);
  } finally {
    await f.close();
  }
});

test('a failure that reaches both limits at once logs both', async () => {
  const f = await createDdnsFixture({ policy: { maxAuthFailures: 3, maxAuthFailuresPerSource: 3 } });
  const limits: (string | undefined)[] = [];
  const logins = createLoginLimiter({
    hosts: f.hosts,
    secrets: f.secrets,
    policy: () => f.service.policy,
    log: { warn: (obj: { limit?: string }) => limits.push(obj.limit) },
  });
  try {
    for (let i = 0; i < 3; i++)
      await logins.authenticate({ username: 'x', password: 'wrong' }, '203.0.113.10', f.clock.now());
    assert.deepEqual(limits, ['source+login', 'source']);
  } finally {
    await f.close();
  }
});
