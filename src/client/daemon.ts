// Daemon mode (SPEC §5): run a cycle, sleep until the next interval or the earliest back-off end,
// whichever comes first, and repeat until the stop signal (SIGTERM in the CLI). A stop while sleeping ends
// at once; a stop during a cycle aborts its requests, and the cache stays as last written (atomically).
import { systemClock, type Clock } from './clock.js';
import { silentLog, type ClientLog } from './log.js';
import type { CycleReport, Updater } from './updater.js';

/** DaemonOptions configure the loop. */
export interface DaemonOptions {
  /** seconds between cycles. */
  readonly interval: number;
  readonly signal: AbortSignal;
  readonly clock?: Clock;
  readonly log?: ClientLog;
  /** called after every cycle (status displays, tests). */
  readonly onCycle?: (report: CycleReport) => void;
}

/** nextWakeAt gives when the loop should run again: the interval, or earlier for a back-off that ends sooner. */
export function nextWakeAt(now: number, intervalSeconds: number, retryAt: number | undefined): number {
  const regular = now + intervalSeconds * 1000;
  return retryAt !== undefined && retryAt > now && retryAt < regular ? retryAt : regular;
}

/** runDaemon loops cycles until `signal` aborts; resolves once stopped. */
export async function runDaemon(updater: Updater, o: DaemonOptions): Promise<void> {
  const clock = o.clock ?? systemClock;
  const log = o.log ?? silentLog;
  log.info(`started; checking every ${o.interval} s`);
  while (!o.signal.aborted) {
    let report: CycleReport | undefined;
    try {
      report = await updater.runCycle(o.signal);
    } catch (e) {
      // A cycle failure that is not an answer (a bug, an unexpected exception) must not end the daemon.
      log.error(`cycle failed: ${(e as Error).message}`);
    }
    if (report) o.onCycle?.(report);
    if (o.signal.aborted) break;
    const now = clock.now();
    const wake = nextWakeAt(now, o.interval, updater.nextRetryAt());
    log.debug(`next check at ${new Date(wake).toISOString()}`);
    await clock.sleep(wake - now, o.signal);
  }
  log.info('stopped');
}
