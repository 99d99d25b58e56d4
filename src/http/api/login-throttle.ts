// Sign-in rate limiting for the console and the REST API: failed attempts are counted per source address
// and per email in fixed windows; over either limit, sign-in is refused (429) before the password is even
// looked at, so guessing gains nothing while the limit holds. A success clears the email's count, so the
// real owner is not kept out by their own typos. In memory, bounded; one table per process.

/** LoginThrottleDecision is whether an attempt may proceed, and if not when to retry. */
export type LoginThrottleDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** LoginThrottle counts failed sign-ins. */
export interface LoginThrottle {
  /** check tells whether a sign-in from `source` for `email` may be tried now. */
  check(source: string, email: string): LoginThrottleDecision;
  /** fail counts a failed sign-in. */
  fail(source: string, email: string): void;
  /** succeed forgets the email's failures. */
  succeed(source: string, email: string): void;
}

/** LoginThrottleOptions set the limits (defaults: 20 per source and 10 per email per 15 minutes). */
export interface LoginThrottleOptions {
  readonly maxPerSource?: number;
  readonly maxPerEmail?: number;
  readonly windowMs?: number;
  readonly maxKeys?: number;
  readonly now?: () => number;
}

interface Counter {
  count: number;
  start: number;
}

/** createLoginThrottle builds a throttle with fixed windows per key. */
export function createLoginThrottle(opts: LoginThrottleOptions = {}): LoginThrottle {
  const maxPerSource = opts.maxPerSource ?? 20;
  const maxPerEmail = opts.maxPerEmail ?? 10;
  const windowMs = opts.windowMs ?? 15 * 60_000;
  const maxKeys = opts.maxKeys ?? 100_000;
  const now = opts.now ?? Date.now;
  const counters = new Map<string, Counter>();

  function current(key: string, t: number): Counter | undefined {
    const c = counters.get(key);
    if (c && t - c.start >= windowMs) {
      counters.delete(key);
      return undefined;
    }
    return c;
  }

  function bump(key: string, t: number): void {
    const c = current(key, t);
    if (c) {
      c.count++;
      return;
    }
    if (counters.size >= maxKeys) {
      for (const [k, v] of counters) if (t - v.start >= windowMs) counters.delete(k);
      // Still full: the oldest entry goes (Map keeps insertion order).
      if (counters.size >= maxKeys) counters.delete(counters.keys().next().value!);
    }
    counters.set(key, { count: 1, start: t });
  }

  const sourceKey = (s: string): string => `s:${s}`;
  const emailKey = (e: string): string => `e:${e.trim().toLowerCase()}`;

  return {
    check(source, email) {
      const t = now();
      let wait = 0;
      for (const [key, max] of [
        [sourceKey(source), maxPerSource],
        [emailKey(email), maxPerEmail],
      ] as const) {
        const c = current(key, t);
        if (c && c.count >= max) wait = Math.max(wait, c.start + windowMs - t);
      }
      return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
    },
    fail(source, email) {
      const t = now();
      bump(sourceKey(source), t);
      bump(emailKey(email), t);
    },
    succeed(_source, email) {
      counters.delete(emailKey(email));
    },
  };
}
