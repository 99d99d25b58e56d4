// Console sign-in sessions: a random secret for the cookie (the store keeps only its SHA-256), a CSRF token
// the console echoes on every change, an idle timeout that slides with use and an absolute lifetime.
// Knows nothing about cookies or headers; the HTTP edge (http/api/auth.ts) carries the secrets.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AccountsStore, SessionRow } from '../store/accounts-store.js';
import type { Account, AccountId, Store } from '../store/store.js';
import type { Clock } from './update-service.js';

/** SESSION_IDLE_SECONDS ends a session that has not been used for this long (8 hours). */
export const SESSION_IDLE_SECONDS = 8 * 3600;
/** SESSION_MAX_SECONDS ends every session this long after sign-in, used or not (7 days). */
export const SESSION_MAX_SECONDS = 7 * 24 * 3600;
// Activity is written back at most this often, so a busy console does not write on every request.
const TOUCH_EVERY_MS = 60_000;

/** digestSecret gives the hex SHA-256 of a high-entropy secret (session or API token): what the store keeps. */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** equalSecrets compares two strings in constant time (for equal lengths; different lengths are unequal). */
export function equalSecrets(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    // Still do the comparison's work, so the time taken does not depend on the lengths matching.
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

/** StartedSession is what the edge hands to the browser: the cookie secret and the CSRF token. */
export interface StartedSession {
  readonly secret: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly row: SessionRow;
}

/** ActiveSession is a resolved, unexpired session with its account. */
export interface ActiveSession {
  readonly row: SessionRow;
  readonly account: Account;
}

/** SessionService starts, resolves and ends console sessions. */
export interface SessionService {
  /** start opens a session for an account. */
  start(accountId: AccountId): Promise<StartedSession>;
  /** resolve gives the session a cookie secret belongs to, or undefined when unknown or expired. */
  resolve(secret: string): Promise<ActiveSession | undefined>;
  /** end closes a session (sign out). */
  end(session: SessionRow): Promise<void>;
  /** endOthers closes an account's other sessions (after a password change). */
  endOthers(session: SessionRow): Promise<void>;
  /** maxAgeSeconds is the cookie lifetime to announce. */
  readonly maxAgeSeconds: number;
}

/** createSessionService builds the session service; the clock and lifetimes are injectable for tests. */
export function createSessionService(deps: {
  store: Store;
  accounts: AccountsStore;
  clock?: Clock | undefined;
  idleSeconds?: number | undefined;
  maxSeconds?: number | undefined;
}): SessionService {
  const { store, accounts } = deps;
  const clock = deps.clock ?? { now: () => new Date() };
  const idle = (deps.idleSeconds ?? SESSION_IDLE_SECONDS) * 1000;
  const max = (deps.maxSeconds ?? SESSION_MAX_SECONDS) * 1000;
  let lastSweep = 0;

  function expiryFor(createdAt: Date, now: Date): Date {
    return new Date(Math.min(createdAt.getTime() + max, now.getTime() + idle));
  }

  return {
    maxAgeSeconds: Math.floor(max / 1000),

    async start(accountId) {
      const now = clock.now();
      if (now.getTime() - lastSweep > 3600_000) {
        lastSweep = now.getTime();
        await accounts.deleteExpiredSessions(now);
      }
      const secret = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = expiryFor(now, now);
      const row = await accounts.insertSession({
        tokenHash: digestSecret(secret),
        accountId,
        csrfToken,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
      });
      return { secret, csrfToken, expiresAt, row };
    },

    async resolve(secret) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
      const row = await accounts.getSessionByHash(digestSecret(secret));
      if (!row || !equalSecrets(row.tokenHash, digestSecret(secret))) return undefined;
      const now = clock.now();
      if (row.expiresAt.getTime() <= now.getTime()) {
        await accounts.deleteSession(row.id);
        return undefined;
      }
      const account = await store.getAccountById(row.accountId);
      if (!account) return undefined;
      if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
        const expiresAt = expiryFor(row.createdAt, now);
        await accounts.touchSession(row.id, now, expiresAt);
        return { row: { ...row, lastSeenAt: now, expiresAt }, account };
      }
      return { row, account };
    },

    async end(session) {
      await accounts.deleteSession(session.id);
    },

    async endOthers(session) {
      await accounts.deleteSessionsOfAccount(session.accountId, session.id);
    },
  };
}
