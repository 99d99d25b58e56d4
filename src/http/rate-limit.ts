// A small in-memory fixed-window rate limiter keyed by client address (for /checkip). Bounded: at most
// `maxKeys` sources are tracked; the table is swept when a window ends.

/** RateLimiter admits or refuses one more request from a key. */
export interface RateLimiter {
  /** take counts a request; false when the key is over its limit for the current window. */
  take(key: string): boolean;
}

/** createRateLimiter allows `limit` requests per `windowMs` per key. */
export function createRateLimiter(opts: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}): RateLimiter {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 100_000;
  let windowStart = now();
  let counts = new Map<string, number>();
  return {
    take(key: string): boolean {
      const t = now();
      if (t - windowStart >= opts.windowMs) {
        windowStart = t;
        counts = new Map();
      }
      const n = (counts.get(key) ?? 0) + 1;
      if (n === 1 && counts.size >= maxKeys) return false; // table full: refuse newcomers until the window ends
      counts.set(key, n);
      return n <= opts.limit;
    },
  };
}
