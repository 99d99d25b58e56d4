// The one door for changing a hosted zone's records: current snapshot → applyChangeset (semantic checks,
// serial bump) → one store transaction (records + journal) → catalog swap. Every writer (the CLI, the
// update API, host administration, the REST API) goes through here, so no path can skip the checks or the
// journal. Edits of one zone are serialised inside a process; across processes the store's serial check
// (ERR_STORE_CONFLICT) catches a concurrent writer and the edit is retried on fresh data.
//
// Publication overlaps the next commit: once a group is committed and swapped into the catalog, the next
// group may commit while the DNS workers are still acknowledging the previous one (at most two
// publications in flight per zone). An edit is still answered only when its own publication settled, and
// the workers apply changesets in commit order.
//
// Group commit: edits of one zone that queue up while a commit is in progress (concurrent dynamic DNS
// updates) are committed together in the next transaction when they touch different owner names, so
// they share one fsync, one serial bump, one journal entry and one publication to the DNS workers. Each
// edit is still checked on its own first and answered on its own; if the group fails as a whole (a
// check across edits, a host row changed meanwhile), its edits are committed one by one instead.
import type { DnsName } from '../dns/name.js';
import { Zone } from '../zone/zone.js';
import { applyChangeset } from '../zone/changeset.js';
import type { AppliedChange, Changeset } from '../zone/changeset.js';
import type { Store, StoreTxWork } from '../store/store.js';
import { isStoreError } from '../store/errors.js';

/** MAX_ATTEMPTS bounds how often one edit is tried when other processes keep committing first. */
export const MAX_ATTEMPTS = 20;

/** MAX_GROUP bounds how many edits share one commit. */
export const MAX_GROUP = 64;

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

/** PublishError wraps a failure to serve a change that is already committed (it must not be retried). */
class PublishError extends Error {
  constructor(override readonly cause: unknown) {
    super('committed change could not be published', { cause });
  }
}

/**
 * Answering is a committed (or refused) group: `answered` settles once its edits have been answered, i.e.
 * after its publication settled. Wrapped in an object so that awaiting the commit does not await it.
 */
interface Answering {
  readonly answered: Promise<void>;
}

const ANSWERED: Answering = { answered: Promise.resolve() };

/** Edit is one queued apply() call. */
interface Edit {
  readonly cs: Changeset;
  readonly opts: ApplyOptions;
  readonly owners: ReadonlySet<string>;
  resolve(result: number | 'unchanged'): void;
  reject(error: unknown): void;
}

function ownersOf(cs: Changeset): Set<string> {
  const owners = new Set<string>();
  for (const rr of cs.removed) owners.add(rr.owner.key);
  for (const rr of cs.added) owners.add(rr.owner.key);
  return owners;
}

/** takeGroup removes from `queue` the longest prefix (up to MAX_GROUP) whose edits touch disjoint owners. */
function takeGroup(queue: Edit[]): Edit[] {
  const taken = new Set<string>();
  let n = 0;
  for (; n < queue.length && n < MAX_GROUP; n++) {
    const owners = queue[n]!.owners;
    let overlaps = false;
    for (const o of owners) if (taken.has(o)) overlaps = true;
    if (overlaps) break;
    for (const o of owners) taken.add(o);
  }
  return queue.splice(0, Math.max(1, n));
}

/** createZoneEditor builds the editor; with a catalog it edits (and publishes) the served snapshot. */
export function createZoneEditor(deps: { store: Store; catalog?: EditorCatalog | undefined }): ZoneEditor {
  const { store, catalog } = deps;
  // Edits waiting per zone key, and the zones whose queue is being worked off.
  const queues = new Map<string, Edit[]>();
  // Per zone key, the last committed group's answering (settles after its publication).
  const publishing = new Map<string, Promise<void>>();

  async function loadFromStore(origin: DnsName): Promise<Zone> {
    const records = await store.loadZoneRecords(origin);
    return Zone.build(origin, records);
  }

  async function current(origin: DnsName, fresh: boolean): Promise<Zone> {
    return (!fresh ? catalog?.get(origin) : undefined) ?? (await loadFromStore(origin));
  }

  /**
   * commit checks, commits and swaps in one changeset; `published` settles when the catalog's publication
   * of the new snapshot does (it rejects with PublishError).
   */
  async function commit(
    base: Zone,
    cs: Changeset,
    extras: ReadonlyArray<StoreTxWork | undefined>,
  ): Promise<{ serial: number | 'unchanged'; published: Promise<void> }> {
    const { zone: next, applied } = applyChangeset(base, cs);
    if (applied.removed.length === 0 && applied.added.length === 0)
      return { serial: 'unchanged', published: Promise.resolve() };
    const work = extras.filter((w): w is StoreTxWork => w !== undefined);
    const extra: StoreTxWork | undefined =
      work.length === 0
        ? undefined
        : work.length === 1
          ? work[0]
          : async (tx) => {
              for (const w of work) await w(tx);
            };
    await store.commitChangeset(base.origin, applied, base.serial, next.serial, extra);
    let published: Promise<void>;
    try {
      // The catalog swaps synchronously; only the workers' acknowledgements are awaited later.
      published = Promise.resolve(catalog?.swap(next, { fromSerial: base.serial, changeset: applied }));
    } catch (e) {
      published = Promise.reject(e);
    }
    return {
      serial: next.serial,
      published: published.catch((e: unknown) => {
        throw new PublishError(e);
      }),
    };
  }

  /** withRetries runs `attempt` again on fresh store data while another process keeps committing first. */
  async function withRetries<T>(attempt: (fresh: boolean) => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt(tries > 1);
      } catch (e) {
        // Another process committed first: rebuild from the store (the truth) and try again. Several
        // processes (parallel CLI runs, a busy server) can each win a round, so allow a bounded number
        // of rounds with a jittered, growing pause before reporting the conflict.
        if (!isStoreError(e, 'ERR_STORE_CONFLICT') || tries >= MAX_ATTEMPTS) throw e;
        await sleep(Math.random() * Math.min(200, 5 * 2 ** tries));
      }
    }
  }

  /** settle answers `edits` once `published` settles; the promise it gives never rejects. */
  function settle(
    edits: readonly Edit[],
    serial: number | 'unchanged',
    published: Promise<void>,
  ): Promise<void> {
    return published.then(
      () => {
        for (const edit of edits) edit.resolve(serial);
      },
      (e: unknown) => {
        for (const edit of edits) edit.reject(e instanceof PublishError ? e.cause : e);
      },
    );
  }

  /** applyAlone commits one edit; the promise it gives settles when the edit has been answered. */
  async function applyAlone(origin: DnsName, edit: Edit): Promise<Answering> {
    try {
      const { serial, published } = await withRetries(async (fresh) =>
        commit(await current(origin, fresh), edit.cs, [edit.opts.extra]),
      );
      return { answered: settle([edit], serial, published) };
    } catch (e) {
      edit.reject(e);
      return ANSWERED;
    }
  }

  /**
   * applyGroup commits edits that touch disjoint owners in one transaction. Each is checked alone first
   * (a refused or no-op edit is answered at once); the rest are merged and committed together.
   */
  async function applyGroup(origin: DnsName, group: Edit[]): Promise<Answering> {
    let fallback = false;
    let members: Edit[] = [];
    let outcome: { serial: number | 'unchanged'; published: Promise<void> };
    try {
      outcome = await withRetries(async (fresh) => {
        const base = await current(origin, fresh);
        members = [];
        for (const edit of group) {
          try {
            const r = applyChangeset(base, edit.cs);
            if (r.applied.removed.length === 0 && r.applied.added.length === 0) edit.resolve('unchanged');
            else members.push(edit);
          } catch (e) {
            edit.reject(e);
          }
        }
        group = members;
        if (members.length === 0) return { serial: 'unchanged' as const, published: Promise.resolve() };
        const merged: Changeset = {
          removed: members.flatMap((e) => e.cs.removed),
          added: members.flatMap((e) => e.cs.added),
        };
        try {
          return await commit(
            base,
            merged,
            members.map((e) => e.opts.extra),
          );
        } catch (e) {
          // A lost race is retried.
          if (isStoreError(e, 'ERR_STORE_CONFLICT')) throw e;
          // Refused as a whole (a check across edits, a changed host row...): nothing was committed.
          fallback = true;
          return { serial: 'unchanged' as const, published: Promise.resolve() };
        }
      });
    } catch (e) {
      for (const edit of members) edit.reject(e);
      return ANSWERED;
    }
    if (!fallback) return { answered: settle(members, outcome.serial, outcome.published) };
    const answered: Promise<void>[] = [];
    for (const edit of members) answered.push((await applyAlone(origin, edit)).answered);
    return { answered: Promise.all(answered).then(() => undefined) };
  }

  async function drain(origin: DnsName, key: string): Promise<void> {
    for (;;) {
      const queue = queues.get(key);
      if (queue === undefined || queue.length === 0) {
        queues.delete(key);
        return;
      }
      const group = takeGroup(queue);
      const { answered } =
        group.length === 1 ? await applyAlone(origin, group[0]!) : await applyGroup(origin, group);
      // This group's publication is now in flight beside the previous one (if any); wait for that one
      // before committing the next group, so at most two are outstanding.
      const previous = publishing.get(key);
      publishing.set(key, answered);
      void answered.then(() => {
        if (publishing.get(key) === answered) publishing.delete(key);
      });
      await previous;
    }
  }

  return {
    apply(zoneName, cs, opts = {}) {
      return new Promise<number | 'unchanged'>((resolve, reject) => {
        const key = zoneName.key;
        const edit: Edit = { cs, opts, owners: ownersOf(cs), resolve, reject };
        const queue = queues.get(key);
        if (queue !== undefined) {
          queue.push(edit);
          return;
        }
        queues.set(key, [edit]);
        void drain(zoneName, key);
      });
    },
  };
}
