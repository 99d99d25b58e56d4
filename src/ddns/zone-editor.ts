// The one door for changing a hosted zone's records: current snapshot → applyChangeset (semantic checks,
// serial bump) → one store transaction (records + journal) → catalog swap. Every writer (the CLI, the
// update API, host administration, RFC 2136 later) goes through here, so no path can skip the checks or
// the journal. Edits of one zone are serialised inside a process; across processes the store's serial
// check (ERR_STORE_CONFLICT) catches a concurrent writer and the edit is retried on fresh data.
import type { DnsName } from '../dns/name.js';
import { Zone } from '../zone/zone.js';
import { applyChangeset } from '../zone/changeset.js';
import type { AppliedChange, Changeset } from '../zone/changeset.js';
import type { Store, StoreTxWork } from '../store/store.js';
import { isStoreError } from '../store/errors.js';

/** MAX_ATTEMPTS bounds how often one edit is tried when other processes keep committing first. */
export const MAX_ATTEMPTS = 20;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * EditorCatalog is the slice of the zone catalog the editor uses (the serving process's snapshots). `swap`
 * may return a promise that settles once the new snapshot is served everywhere (e.g. by every DNS worker);
 * the editor waits for it, so a caller's answer is sent only when the change is already served.
 */
export interface EditorCatalog {
  get(origin: DnsName): Zone | undefined;
  swap(zone: Zone, change?: AppliedChange): void | Promise<void>;
}

/** ApplyOptions are the optional parts of an edit. */
export interface ApplyOptions {
  /** extra runs inside the commit's transaction (e.g. a dynamic host's row); not run when nothing changes. */
  readonly extra?: StoreTxWork | undefined;
}

/** ZoneEditor applies changesets to hosted zones. */
export interface ZoneEditor {
  /**
   * apply checks and commits a changeset to the zone `zoneName`; it gives the new SOA serial, or
   * 'unchanged' when the changeset changes nothing (the serial is then not bumped). Throws
   * ZoneCheckError for semantically bad data and StoreError (ERR_ZONE_NOT_FOUND; ERR_STORE_CONFLICT only after MAX_ATTEMPTS lost races).
   */
  apply(zoneName: DnsName, cs: Changeset, opts?: ApplyOptions): Promise<number | 'unchanged'>;
}

/** createZoneEditor builds the editor; with a catalog it edits (and publishes) the served snapshot. */
export function createZoneEditor(deps: { store: Store; catalog?: EditorCatalog | undefined }): ZoneEditor {
  const { store, catalog } = deps;
  // Tail of the queue of edits per zone key: edits of one zone run one after another, so a snapshot is
  // never swapped over a newer one and concurrent updates do not fail each other's serial check.
  const queues = new Map<string, Promise<unknown>>();

  async function loadFromStore(origin: DnsName): Promise<Zone> {
    const records = await store.loadZoneRecords(origin);
    return Zone.build(origin, records);
  }

  async function attempt(
    origin: DnsName,
    cs: Changeset,
    opts: ApplyOptions,
    fresh: boolean,
  ): Promise<number | 'unchanged'> {
    const current = (!fresh ? catalog?.get(origin) : undefined) ?? (await loadFromStore(origin));
    const { zone: next, applied } = applyChangeset(current, cs);
    if (applied.removed.length === 0 && applied.added.length === 0) return 'unchanged';
    await store.commitChangeset(current.origin, applied, current.serial, next.serial, opts.extra);
    await catalog?.swap(next, { fromSerial: current.serial, changeset: applied });
    return next.serial;
  }

  async function applyNow(
    zoneName: DnsName,
    cs: Changeset,
    opts: ApplyOptions,
  ): Promise<number | 'unchanged'> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt(zoneName, cs, opts, tries > 1);
      } catch (e) {
        // Another process committed first: rebuild from the store (the truth) and try again. Several
        // processes (parallel CLI runs, a busy server) can each win a round, so allow a bounded number
        // of rounds with a jittered, growing pause before reporting the conflict.
        if (!isStoreError(e, 'ERR_STORE_CONFLICT') || tries >= MAX_ATTEMPTS) throw e;
        await sleep(Math.random() * Math.min(200, 5 * 2 ** tries));
      }
    }
  }

  return {
    apply(zoneName, cs, opts = {}) {
      const key = zoneName.key;
      const previous = queues.get(key) ?? Promise.resolve();
      const run = previous.then(
        () => applyNow(zoneName, cs, opts),
        () => applyNow(zoneName, cs, opts),
      );
      const tail = run.catch(() => undefined);
      queues.set(key, tail);
      void tail.then(() => {
        if (queues.get(key) === tail) queues.delete(key);
      });
      return run;
    },
  };
}
