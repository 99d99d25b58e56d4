// Sign-in rate limiting for the console and the REST API (POST /api/v1/session), on the rule the update
// API's failed-login limit follows (ddns/login-limit.ts, SPEC §2.3: passwords cannot be guessed, "without
// locking out the real owner"). Over a limit, sign-in is refused (429) before the password is looked at,
// so guessing gains nothing while the limit holds. The rule, in three parts:
// - Failures are counted per (source, email). An email with maxPerSourceEmail failures from one source
//   within the window is refused there; the same email from any other source is not affected, so a
//   guesser at one address cannot lock its owner out anywhere else.
// - All failures from one source are capped too (maxPerSource, higher), against one source trying many
//   emails.
// - Neither cap refuses an email at the source it last signed in from successfully (one per address
//   family): its owner keeps getting in there whatever others at that address (a NAT, a carrier-grade NAT)
//   send. A guesser who shares that very address gets no limit on that one email; each try still costs a
//   full scrypt run, and everywhere else the caps hold.
// There is deliberately no cap per email across sources: one would let anyone lock any account out.
// A success forgets that (source, email)'s failures. An attempt refused by a cap is not a new failure, so
// retrying does not renew the lock: it lapses when the window that caused it ends. An IPv6 source counts
// by its /64 prefix (sourceOf). Kept in memory, bounded, one table per process: a restart forgets the
// failures and the remembered sign-in sources alike.
import { sourceOf } from '../../ddns/login-limit.js';

/** LoginThrottleDecision is whether an attempt may proceed, and if not when to retry. */
export type LoginThrottleDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** LimitReached names the cap a failure has just reached (reported once per window, for the log). */
export type LimitReached = 'source+email' | 'source';

/** LoginThrottle counts failed sign-ins. */
export interface LoginThrottle {
  /** check tells whether a sign-in from `source` for `email` may be tried now. */
  check(source: string, email: string): LoginThrottleDecision;
  /** fail counts a failed sign-in; it tells which cap this very failure reached, if one. */
  fail(source: string, email: string): LimitReached | undefined;
  /** succeed remembers `source` as the email's sign-in source and forgets its failures from there. */
  succeed(source: string, email: string): void;
}

/** LoginThrottleOptions set the limits (defaults: 10 per source and email, 20 per source, per 15 minutes). */
export interface LoginThrottleOptions {
  readonly maxPerSourceEmail?: number;
  readonly maxPerSource?: number;
  readonly windowMs?: number;
  /** Bounds each table (failure counters, remembered sign-in sources). */
  readonly maxKeys?: number;
  readonly now?: () => number;
}

interface Counter {
  count: number;
  start: number;
}

/** boundedSet puts a key into a Map that never holds more than `max` keys (the oldest goes first). */
function boundedSet<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key); // re-inserted last: Map keeps insertion order, so the oldest stays first
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}

/** createLoginThrottle builds a throttle with fixed windows per key. */
export function createLoginThrottle(opts: LoginThrottleOptions = {}): LoginThrottle {
  const maxPerSourceEmail = opts.maxPerSourceEmail ?? 10;
  const maxPerSource = opts.maxPerSource ?? 20;
  const windowMs = opts.windowMs ?? 15 * 60_000;
  const maxKeys = opts.maxKeys ?? 100_000;
  const now = opts.now ?? Date.now;
  const counters = new Map<string, Counter>();
  // The source each email last signed in from, per address family.
  const homes = new Map<string, { v4?: string; v6?: string }>();

  function current(key: string, t: number): Counter | undefined {
    const c = counters.get(key);
    if (c && t - c.start >= windowMs) {
      counters.delete(key);
      return undefined;
    }
    return c;
  }

  /** bump counts one failure under `key` and gives the new count. */
  function bump(key: string, t: number): number {
    const c = current(key, t);
    if (c) return ++c.count;
    if (counters.size >= maxKeys) {
      for (const [k, v] of counters) if (t - v.start >= windowMs) counters.delete(k);
    }
    boundedSet(counters, key, { count: 1, start: t }, maxKeys);
    return 1;
  }

  const emailOf = (e: string): string => e.trim().toLowerCase();
  const sourceKey = (s: string): string => `s:${s}`;
  const pairKey = (s: string, e: string): string => `p:${s} ${e}`;

  function isHome(source: ReturnType<typeof sourceOf>, email: string): boolean {
    if (source.family === undefined) return false;
    return homes.get(email)?.[source.family === 4 ? 'v4' : 'v6'] === source.key;
  }

  return {
    check(sourceText, emailText) {
      const source = sourceOf(sourceText);
      const email = emailOf(emailText);
      if (isHome(source, email)) return { allowed: true };
      const t = now();
      let wait = 0;
      for (const [key, max] of [
        [pairKey(source.key, email), maxPerSourceEmail],
        [sourceKey(source.key), maxPerSource],
      ] as const) {
        const c = current(key, t);
        if (c && c.count >= max) wait = Math.max(wait, c.start + windowMs - t);
      }
      return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
    },
    fail(sourceText, emailText) {
      const source = sourceOf(sourceText);
      const email = emailOf(emailText);
      const t = now();
      const forPair = bump(pairKey(source.key, email), t);
      const fromSource = bump(sourceKey(source.key), t);
      // Equality, not ≥: at the home source failures may go on past a cap, and the event is told once.
      if (forPair === maxPerSourceEmail) return 'source+email';
      if (fromSource === maxPerSource) return 'source';
      return undefined;
    },
    succeed(sourceText, emailText) {
      const source = sourceOf(sourceText);
      const email = emailOf(emailText);
      counters.delete(pairKey(source.key, email));
      if (source.family === undefined) return;
      const home = { ...homes.get(email), [source.family === 4 ? 'v4' : 'v6']: source.key };
      boundedSet(homes, email, home, maxKeys);
    },
  };
}
