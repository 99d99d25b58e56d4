// Tests for the scrypt password hash format: round trip, salting, and refusal of wrong or malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from './password-hash.js';

test('hashPassword verifies the right password only and salts every hash', async () => {
  const a = await hashPassword('correct horse battery staple');
  const b = await hashPassword('correct horse battery staple');
  assert.match(a, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword('correct horse battery staple', a), true);
  assert.equal(await verifyPassword('correct horse battery staplE', a), false);
  assert.equal(await verifyPassword('', a), false);
});

test('verifyPassword refuses malformed or absurd hashes without throwing', async () => {
  const good = await hashPassword('pw-12345678');
  const parts = good.split('$');
  const cases = [
    '',
    'plain',
    good.replace(/^scrypt/, 'bcrypt'),
    [...parts.slice(0, 5)].join('$'),
    ['scrypt', '0', '8', '1', parts[4], parts[5]].join('$'),
    ['scrypt', String(2 ** 30), '8', '1', parts[4], parts[5]].join('$'),
    ['scrypt', '32768', '8', '1', '', parts[5]].join('$'),
  ];
  for (const c of cases) assert.equal(await verifyPassword('pw-12345678', c), false, c);
});
