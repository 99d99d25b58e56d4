// Time as a dependency (STYLE §7.6.7): the updater and the daemon loop read the time and wait only through
// a Clock, so back-off and interval timing are tested by moving a fake clock instead of sleeping.

/** Clock gives the current time (ms since the epoch) and waits; `sleep` resolves early when `signal` aborts. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** systemClock is the real clock: Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
};
