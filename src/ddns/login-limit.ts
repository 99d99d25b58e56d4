// The failed-login limit of the update API (SPEC §2.3): "rate limited per source address so that passwords
// cannot be guessed, without locking out the real owner". Decides whether a request's Basic credentials
// log in, counting failures in the store (they survive a restart) per source and login. Knows nothing
// about HTTP or hosts; the update service asks it first and answers `badauth` whenever it refuses.
//
// The rule, in three parts:
// - Failures are counted per (source, login). A login with maxAuthFailures failures from one source within
//   the window is refused there without its password being used, so guessing it gains nothing; someone
//   else's failures for other logins from the same (NAT) address never count against it.
// - All failures from one source are capped too (maxAuthFailuresPerSource, higher), against one source
//   trying many usernames.
// - Neither cap refuses a login at the source it last authenticated from (one per address family): its
//   owner's client keeps working there whatever others at that address send. This leaves a guesser who
//   shares that address unlimited tries at that one login; generated passwords have at least 95 bits
//   (SPEC §1), so that buys nothing, while everywhere else the caps hold.
// An attempt refused by a cap is not a new failure, so a client that keeps retrying does not renew the
// lock: it lapses once the failures that caused it are older than the window.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { formatIPv6, parseIPv6 } from '../dns/ip.js';
import type { CredentialRow, HostsStore } from '../store/hosts-store.js';
import { verifyPassword, type ServerSecrets } from './credentials.js';

/** LoginLimitPolicy holds the thresholds (the auth fields of AbusePolicy). */
export interface LoginLimitPolicy {
  /** Failures for one login from one source within the window before that login is refused there. */
  readonly maxAuthFailures: number;
  /** Failures from one source, whatever the login, within the window before its logins are refused. */
  readonly maxAuthFailuresPerSource: number;
  /** Length of the window, in seconds. */
  readonly authFailureWindowSeconds: number;
}

/**
 * LoginRefusal says why credentials did not log in (all answered `badauth`, HTTP 401, alike): none were
 * sent, they are not valid, or a limit refused them without using the password.
 */
export type LoginRefusal = 'no-credentials' | 'bad-credentials' | 'rate-limited';

/** LoginOutcome is the decision on one request's credentials. */
export type LoginOutcome =
  | { readonly ok: true; readonly credential: CredentialRow }
  | { readonly ok: false; readonly reason: LoginRefusal };

/** LoginLimiter authenticates dyndns2 credentials under the failed-login limit. */
export interface LoginLimiter {
  authenticate(
    credentials: { readonly username: string; readonly password: string } | undefined,
    sourceIp: string,
    now: Date,
  ): Promise<LoginOutcome>;
}

/** LoginLimiterDeps are what createLoginLimiter needs; `policy` is read per request (SIGHUP changes it). */
export interface LoginLimiterDeps {
  readonly hosts: HostsStore;
  readonly secrets: ServerSecrets;
  readonly policy: () => LoginLimitPolicy;
  readonly log?: { warn(obj: object, msg: string): void } | undefined;
}

/** createLoginLimiter builds the limiter over the hosts store. */
export function createLoginLimiter(deps: LoginLimiterDeps): LoginLimiter {
  const { hosts, secrets, log } = deps;
  let lastPrune = 0;

  return {
    async authenticate(credentials, sourceIp, now) {
      const policy = deps.policy();
      const windowMs = policy.authFailureWindowSeconds * 1000;
      const since = new Date(now.getTime() - windowMs);
      // Failures older than the window never count again: drop them once per window.
      if (now.getTime() - lastPrune >= windowMs) {
        lastPrune = now.getTime();
        await hosts.pruneAuthFailures(since);
      }
      if (credentials === undefined) return { ok: false, reason: 'no-credentials' };

      const source = sourceOf(sourceIp);
      const login = loginKey(credentials.username);
      const row = await hosts.getCredentialByUsername(credentials.username);
      // An unknown user costs the same HMAC and comparison as a wrong password, and the password is
      // checked even when a limit refuses, so the answer's timing tells nothing either.
      const valid = verifyPassword(secrets, credentials.password, row?.passwordHash) && row !== undefined;
      const counts = await hosts.countAuthFailures(source.key, login, since);
      const home =
        row !== undefined &&
        source.family !== undefined &&
        row.lastSources[source.family === 4 ? 'v4' : 'v6'] === source.key;
      const limited =
        counts.forLogin >= policy.maxAuthFailures || counts.fromSource >= policy.maxAuthFailuresPerSource;
      // Refused because of the limit: not a failure of its own, so retrying does not renew the lock.
      if (limited && !home) return { ok: false, reason: 'rate-limited' };

      if (valid) {
        if (!home && source.family !== undefined)
          await hosts.rememberLoginSource(row.id, source.family, source.key);
        // The owner's own typos from here are forgotten once the right password arrives.
        if (counts.forLogin > 0) await hosts.clearAuthFailures(source.key, login);
        return { ok: true, credential: row };
      }
      // Once a cap is reached, more rows would change no decision: the table stays bounded per source.
      if (!limited) {
        await hosts.addAuthFailure(source.key, login, now);
        // Each limit is told once, when this failure reaches it (both may be reached by the same one).
        const reached: string[] = [];
        if (counts.forLogin + 1 === policy.maxAuthFailures) reached.push('source+login');
        if (counts.fromSource + 1 === policy.maxAuthFailuresPerSource) reached.push('source');
        for (const limit of reached) {
          log?.warn(
            { source: source.key, limit, windowSeconds: policy.authFailureWindowSeconds },
            limit === 'source'
              ? 'failed-login limit reached: every login from this source is refused (badauth, reason rate-limited) until its failures age out'
              : 'failed-login limit reached: this login is refused from this source (badauth, reason rate-limited) until its failures age out',
          );
        }
      }
      return { ok: false, reason: 'bad-credentials' };
    },
  };
}

/**
 * sourceOf gives the key failures are counted under: an IPv4 address as it is; an IPv6 address by its /64
 * prefix (RFC 4291 §2.5.4: one network, usually one customer, who could otherwise draw a fresh address for
 * every attempt). Text that is not an address is its own key, with no family.
 */
export function sourceOf(ip: string): { readonly key: string; readonly family: 4 | 6 | undefined } {
  const family = isIP(ip);
  if (family === 4) return { key: ip, family: 4 };
  const v6 = family === 6 ? parseIPv6(ip) : undefined;
  if (!v6) return { key: ip, family: undefined };
  const prefix = new Uint8Array(16);
  prefix.set(v6.subarray(0, 8));
  return { key: `${formatIPv6(prefix)}/64`, family: 6 };
}

/**
 * loginKey gives the digest a failure records for the username it named: failures for one login are
 * counted together, and a password typed into the username field is not kept in the database.
 */
export function loginKey(username: string): string {
  return createHash('sha256').update(username, 'utf8').digest('hex').slice(0, 32);
}
