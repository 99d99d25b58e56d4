// A host's configuration fingerprint: after a stop answer (badauth, nohost, …) the client does not update
// the host again until this changes (SPEC §5). It covers everything in the account that can fix such an
// answer: server, credentials, CA, the hostname itself, sources. The password enters only through scrypt
// with the cache's random salt, so the cache file does not make guessing the password easier.
import { createHash, scryptSync } from 'node:crypto';
import type { AccountConfig } from './config.js';

/** accountSecretDigest derives a salted, slow hash of the account's password (once per account and run). */
export function accountSecretDigest(account: AccountConfig, salt: string): string {
  return scryptSync(account.password, `dynzone-client:${salt}`, 16).toString('hex');
}

/** hostFingerprint identifies the configuration that `hostname` is updated with. */
export function hostFingerprint(account: AccountConfig, hostname: string, secretDigest: string): string {
  const source = (s: AccountConfig['ipv4']): unknown =>
    s === undefined ? null : s.source === 'web' ? { source: 'web', url: s.url.href } : s;
  const material = JSON.stringify({
    updateUrl: account.updateUrl.href,
    username: account.username,
    secret: secretDigest,
    ca: account.ca === undefined ? null : createHash('sha256').update(account.ca).digest('hex'),
    hostname,
    ipv4: source(account.ipv4),
    ipv6: source(account.ipv6),
    allowPrivate: account.allowPrivate,
  });
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}
