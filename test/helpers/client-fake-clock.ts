// A Clock (src/client/clock.ts) that tests move by hand: `now` is a number the test sets, and `sleep`
// resolves only when the test advances past its end (or the signal aborts). Lets back-off and the daemon's
// interval be checked to the millisecond without waiting.
import type { Clock } from '../../src/client/clock.js';

interface Sleeper {
  readonly until: number;
  readonly resolve: () => void;
}

/** ManualClock is a fake Clock with explicit time travel. */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: Sleeper[] = [];
  #onSleep: (() => void)[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const s: Sleeper = { until: this.#now + Math.max(0, ms), resolve };
      this.#sleepers.push(s);
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers = this.#sleepers.filter((x) => x !== s);
          resolve();
        },
        { once: true },
      );
      const waiting = this.#onSleep;
      this.#onSleep = [];
      for (const w of waiting) w();
    });
  }

  /** set moves the clock to an absolute time (ms) and wakes sleepers whose time has come. */
  set(t: number): void {
    this.#now = t;
    const due = this.#sleepers.filter((s) => s.until <= t);
    this.#sleepers = this.#sleepers.filter((s) => s.until > t);
    for (const s of due) s.resolve();
  }

  /** advance moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.set(this.#now + ms);
  }

  /** nextWake is the end of the earliest pending sleep, if something sleeps. */
  nextWake(): number | undefined {
    return this.#sleepers.length === 0 ? undefined : Math.min(...this.#sleepers.map((s) => s.until));
  }

  /** sleeping resolves once something is asleep on this clock (immediately if something already is). */
  sleeping(): Promise<void> {
    if (this.#sleepers.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.#onSleep.push(resolve));
  }
}
