// Dynamic-host credentials: generation of usernames and passwords, the server secret kept in the data
// directory (never in the database), the keyed hash used to verify a password and the encrypted copy used
// for "view credentials" (SPEC §1, §8). Owns no storage beyond the key file; knows nothing about HTTP.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';
import { chmodSync, closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** PASSWORD_ALPHABET is the 62-character alphabet generated passwords are drawn from. */
export const PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** PASSWORD_LENGTH is the length of a generated password: 24 × log2(62) ≈ 142.9 bits (floor: 16 chars, 95 bits). */
export const PASSWORD_LENGTH = 24;
/** SECRET_KEY_FILE is the key file's name inside the data directory. */
export const SECRET_KEY_FILE = 'secret.key';

const USERNAME_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no l/o/0/1: readable when dictated
const MASTER_KEY_BYTES = 32;

/** ServerSecrets are the two keys derived from the data directory's master key. */
export interface ServerSecrets {
  /** hmacKey keys the password verifier (HMAC-SHA256). */
  readonly hmacKey: Buffer;
  /** encKey encrypts the stored copy of each password (AES-256-GCM). */
  readonly encKey: Buffer;
}

/** deriveServerSecrets derives the verifier and encryption keys from a master key with HKDF-SHA256 (RFC 5869). */
export function deriveServerSecrets(master: Uint8Array): ServerSecrets {
  const hmacKey = Buffer.from(hkdfSync('sha256', master, 'dynzone', 'host-password-verifier', 32));
  const encKey = Buffer.from(hkdfSync('sha256', master, 'dynzone', 'host-password-encryption', 32));
  return { hmacKey, encKey };
}

/**
 * loadOrCreateServerSecrets reads `DIR/secret.key` (hex master key), creating it with mode 0600 on first
 * use. Creation uses O_EXCL so two processes starting together agree on one key.
 */
export function loadOrCreateServerSecrets(dataDir: string): ServerSecrets {
  const path = join(dataDir, SECRET_KEY_FILE);
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(MASTER_KEY_BYTES).toString('hex') + '\n');
    } finally {
      closeSync(fd);
    }
    chmodSync(path, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} is not a ${MASTER_KEY_BYTES}-byte hex key`);
  return deriveServerSecrets(Buffer.from(hex, 'hex'));
}

/** generatePassword draws PASSWORD_LENGTH characters uniformly from PASSWORD_ALPHABET (crypto.randomInt). */
export function generatePassword(length = PASSWORD_LENGTH): string {
  let out = '';
  for (let i = 0; i < length; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

/**
 * generateUsername gives a readable username: the host's first label (letters/digits, up to 16 chars) and
 * 8 random characters, e.g. `home-k3v9xq2m`. Uniqueness is enforced by the store; callers retry.
 */
export function generateUsername(hostLabel: string): string {
  const base =
    hostLabel
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 16) || 'host';
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += USERNAME_ALPHABET[randomInt(USERNAME_ALPHABET.length)];
  return `${base}-${suffix}`;
}

/** hashPassword gives the keyed verifier of a password: hex HMAC-SHA256 under the server's hmacKey. */
export function hashPassword(secrets: ServerSecrets, password: string): string {
  return createHmac('sha256', secrets.hmacKey)
    .update('dynzone-host-password\0')
    .update(password, 'utf8')
    .digest('hex');
}

// A verifier no password maps to in practice: checked against when the username is unknown, so that an
// unknown user costs the same HMAC and comparison as a wrong password.
const DUMMY_VERIFIER = '0'.repeat(64);

/**
 * verifyPassword tells whether `password` matches `verifier` (constant-time). Pass `undefined` as the
 * verifier for an unknown user: the same work is done and the answer is false.
 */
export function verifyPassword(
  secrets: ServerSecrets,
  password: string,
  verifier: string | undefined,
): boolean {
  const computed = Buffer.from(hashPassword(secrets, password), 'hex');
  const expectedHex = verifier !== undefined && /^[0-9a-f]{64}$/.test(verifier) ? verifier : DUMMY_VERIFIER;
  const equal = timingSafeEqual(computed, Buffer.from(expectedHex, 'hex'));
  return equal && verifier !== undefined && expectedHex === verifier;
}

/** encryptPassword seals a password with AES-256-GCM, bound to its username: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export function encryptPassword(secrets: ServerSecrets, username: string, password: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secrets.encKey, iv);
  cipher.setAAD(Buffer.from(username, 'utf8'));
  const ct = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ct.toString('base64url'),
  ].join('.');
}

/** decryptPassword opens a copy sealed by encryptPassword; throws when the key or username does not match. */
export function decryptPassword(secrets: ServerSecrets, username: string, sealed: string): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || iv === undefined || tag === undefined || ct === undefined)
    throw new Error('unknown sealed format');
  const decipher = createDecipheriv('aes-256-gcm', secrets.encKey, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(username, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
