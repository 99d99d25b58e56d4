// The keys the failed-login limit counts under (the rule itself is tested through the HTTP app in
// src/http/nic-update.test.ts, against a real store).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginKey, sourceOf } from './login-limit.js';

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
