// How long to wait after a failure that is not the client's fault: a `911`, a 5xx, a network error, a
// missing or unknown answer line (SPEC §5: at least 5 minutes, growing). Doubling from 5 minutes up to
// an hour, plus up to 20 % random jitter so that many clients failing together do not return together.
// Pure: the random source is a parameter.

/** BACKOFF_BASE_MS is the first wait after a failure: 5 minutes (SPEC §2.2 `911`: "wait 5 minutes"). */
export const BACKOFF_BASE_MS = 5 * 60_000;

/** BACKOFF_CAP_MS is the longest wait before jitter: 1 hour. */
export const BACKOFF_CAP_MS = 60 * 60_000;

/** BACKOFF_JITTER is the largest random extra, as a fraction of the wait. */
export const BACKOFF_JITTER = 0.2;

/**
 * backoffDelay gives the wait after the `failures`-th consecutive failure (1 = first): 5, 10, 20, 40, 60,
 * 60 … minutes, each plus jitter in [0, 20 %), and never less than `minDelayMs` (a provider's `wNNm`).
 */
export function backoffDelay(failures: number, random: () => number, minDelayMs = 0): number {
  const n = Math.max(1, Math.floor(failures));
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 20));
  const r = Math.min(Math.max(random(), 0), 0.999999);
  return Math.max(base + Math.floor(base * BACKOFF_JITTER * r), minDelayMs);
}
