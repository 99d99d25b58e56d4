// Tests for host credentials: password strength, the key file, the verifier and the encrypted copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decryptPassword,
  deriveServerSecrets,
  encryptPassword,
  generatePassword,
  generateUsername,
  hashPassword,
  loadOrCreateServerSecrets,
  PASSWORD_ALPHABET,
  PASSWORD_LENGTH,
  SECRET_KEY_FILE,
  verifyPassword,
} from './credentials.js';

const secrets = deriveServerSecrets(Buffer.alloc(32, 7));

test('generated passwords: ≥ 16 chars from 62 symbols (≥ 95 bits), all symbols reachable', () => {
  assert.equal(PASSWORD_ALPHABET.length, 62);
  assert.equal(new Set(PASSWORD_ALPHABET).size, 62);
  assert.ok(PASSWORD_LENGTH >= 16);
  assert.ok(PASSWORD_LENGTH * Math.log2(62) >= 95);
  const seen = new Set<string>();
  const passwords = new Set<string>();
  for (let i = 0; i < 400; i++) {
    const p = generatePassword();
    assert.equal(p.length, PASSWORD_LENGTH);
    assert.match(p, /^[A-Za-z0-9]+$/);
    for (const ch of p) seen.add(ch);
    passwords.add(p);
  }
  assert.equal(passwords.size, 400);
  assert.equal(seen.size, 62); // 9600 draws: every symbol appears unless the generator is biased
});

test('generated usernames are readable and based on the host label', () => {
  const u = generateUsername('Home_Router');
  assert.match(u, /^homerouter-[a-z2-9]{8}$/);
  assert.match(generateUsername('---'), /^host-[a-z2-9]{8}$/);
  assert.notEqual(generateUsername('x'), generateUsername('x'));
});

test('the key file is created once with mode 0600 and reused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dynzone-cred-'));
  try {
    const a = loadOrCreateServerSecrets(dir);
    const path = join(dir, SECRET_KEY_FILE);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const b = loadOrCreateServerSecrets(dir);
    assert.deepEqual(a.hmacKey, b.hmacKey);
    assert.deepEqual(a.encKey, b.encKey);
    assert.notDeepEqual(a.hmacKey, a.encKey);
    assert.match(readFileSync(path, 'utf8'), /^[0-9a-f]{64}\n$/);
    writeFileSync(path, 'garbage');
    assert.throws(() => loadOrCreateServerSecrets(dir), /not a 32-byte hex key/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('verifyPassword: right, wrong, unknown user, other key', () => {
  const v = hashPassword(secrets, 'correct horse:with colon');
  assert.match(v, /^[0-9a-f]{64}$/);
  assert.equal(verifyPassword(secrets, 'correct horse:with colon', v), true);
  assert.equal(verifyPassword(secrets, 'correct horse:with colo', v), false);
  assert.equal(verifyPassword(secrets, '', v), false);
  assert.equal(verifyPassword(secrets, 'correct horse:with colon', undefined), false);
  assert.equal(verifyPassword(secrets, 'x', 'not-hex'), false);
  const other = deriveServerSecrets(Buffer.alloc(32, 8));
  assert.equal(verifyPassword(other, 'correct horse:with colon', v), false);
  assert.equal(verifyPassword(secrets, 'pässwörd', hashPassword(secrets, 'pässwörd')), true);
});

test('encrypted copy: round trip, bound to username and key, tamper-evident, never plain', () => {
  const sealed = encryptPassword(secrets, 'u1', 's3cretPassword');
  assert.ok(!sealed.includes('s3cretPassword'));
  assert.notEqual(sealed, encryptPassword(secrets, 'u1', 's3cretPassword')); // fresh IV each time
  assert.equal(decryptPassword(secrets, 'u1', sealed), 's3cretPassword');
  assert.throws(() => decryptPassword(secrets, 'u2', sealed));
  assert.throws(() => decryptPassword(deriveServerSecrets(Buffer.alloc(32, 9)), 'u1', sealed));
  const parts = sealed.split('.');
  const ct = Buffer.from(parts[3]!, 'base64url');
  ct[0] = ct[0]! ^ 1;
  parts[3] = ct.toString('base64url');
  assert.throws(() => decryptPassword(secrets, 'u1', parts.join('.')));
  assert.throws(() => decryptPassword(secrets, 'u1', 'v2.a.b.c'), /unknown sealed format/);
});
