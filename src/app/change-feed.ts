// Keeps the in-memory catalog in step with the store's journal (the change feed). Another process — the
// CLI, a second server — commits a changeset; this loop sees the new journal rows within one poll interval
// and applies just those changes to the catalog, so no restart and no full re-read is needed.
import type { Store, JournalEntry } from '../store/store.js';
import { Zone } from '../zone/zone.js';
import { applyChangeset, type AppliedChange } from '../zone/changeset.js';
import type { DnsName } from '../dns/name.js';
import { serialGreater } from '../dns/serial.js';

/**
 * FeedTarget is where the feed installs what it reads: the served zones (a ZoneCatalog, or ServedZones
 * when DNS workers must receive the change too). Promises are awaited, so entries apply in order.
 */
export interface FeedTarget {
  get(origin: DnsName): Zone | undefined;
  swap(zone: Zone, change?: AppliedChange): void | Promise<void>;
  remove(origin: DnsName): unknown;
}

/** ChangeFeedLogger is the slice of a logger the feed uses. */
export interface ChangeFeedLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

/** ChangeFeed is a running journal follower. */
export interface ChangeFeed {
  /** poll applies every journal entry committed since the last poll; resolves when done. */
  poll(): Promise<number>;
  /** close stops polling and resolves once a poll in progress has finished. */
  close(): Promise<void>;
}

/** startChangeFeed follows the journal from `afterId`, polling every `intervalMs`. */
export function startChangeFeed(deps: {
  store: Store;
  catalog: FeedTarget;
  afterId: number;
  intervalMs?: number;
  log: ChangeFeedLogger;
}): ChangeFeed {
  const { store, catalog, log } = deps;
  let lastId = deps.afterId;
  let running: Promise<number> | undefined;
  let closed = false;

  async function reloadZone(origin: DnsName): Promise<Zone | undefined> {
    const info = await store.getZone(origin);
    if (!info) {
      await catalog.remove(origin);
      return undefined;
    }
    const records = await store.loadZoneRecords(origin);
    const zone = Zone.build(origin, records);
    // An update in this process may have committed and swapped a newer snapshot while we read; never
    // put an older one back over it (its `good` was already answered from the newer one).
    const now = catalog.get(origin);
    if (now !== undefined && serialGreater(now.serial, zone.serial)) return now;
    await catalog.swap(zone);
    return zone;
  }

  async function applyEntry(entry: JournalEntry): Promise<void> {
    const origin = entry.zone;
    const current = catalog.get(origin);
    let next: Zone | undefined;
    if (entry.kind === 'delete') {
      await catalog.remove(origin);
      next = undefined;
    } else if (entry.kind === 'create' || !current) {
      next = await reloadZone(origin);
    } else if (entry.toSerial !== null && !serialGreater(entry.toSerial, current.serial)) {
      // This process made the change itself (or a later one) and already serves it: nothing to load.
      return;
    } else if (current.serial === entry.fromSerial) {
      let applied: { zone: Zone; change: AppliedChange } | undefined;
      try {
        const r = applyChangeset(current, { removed: [...entry.removed], added: [...entry.added] });
        applied = { zone: r.zone, change: { fromSerial: current.serial, changeset: r.applied } };
      } catch (err) {
        log.warn(
          { zone: origin.toString(), err: (err as Error).message },
          'journal entry did not apply; reloading zone',
        );
      }
      if (applied) {
        await catalog.swap(applied.zone, applied.change);
        next = applied.zone;
      } else {
        next = await reloadZone(origin);
      }
    } else {
      // A gap (an entry we never saw, or a serial we did not expect): the store is the truth.
      next = await reloadZone(origin);
    }
    // The change itself is logged where it is installed (ServedZones); here only the feed position.
    log.debug?.(
      { zone: origin.toString(), serial: next?.serial, journalId: entry.id },
      'journal entry applied',
    );
  }

  async function pollOnce(): Promise<number> {
    let applied = 0;
    for (;;) {
      const latest = await store.latestJournalId();
      if (latest <= lastId) return applied;
      const entries = await store.readJournal(lastId, 500);
      if (entries.length === 0) return applied;
      for (const entry of entries) {
        await applyEntry(entry);
        lastId = entry.id;
        applied++;
      }
    }
  }

  function poll(): Promise<number> {
    if (!running) {
      running = pollOnce().finally(() => {
        running = undefined;
      });
    }
    return running;
  }

  const timer = setInterval(() => {
    if (closed) return;
    poll().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'change feed poll failed'));
  }, deps.intervalMs ?? 200);
  timer.unref();

  return {
    poll,
    async close() {
      closed = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
