// Persistence of dynamic hosts (SPEC §1, §2): credentials, host rows, update history, abuse events and
// authentication failures per source and login. Speaks product values (HostRow, DnsName, Date); Kysely
// stays here.
// Writes that must commit together with a zone's records are offered as StoreTxWork for
// Store.commitChangeset; the rest run in their own transaction.
import type { Kysely, Selectable, Transaction } from 'kysely';
import { DnsName } from '../dns/name.js';
import type { Database, HostCredentialsTable, HostHistoryTable, HostsTable } from './schema.js';
import { StoreError } from './errors.js';
import type { AccountId, Store, StoreTx, StoreTxWork, ZoneId } from './store.js';
import { createDb, type DbConfig } from './db.js';
import type { DbObserver } from './observed-dialect.js';
import { KyselyStore } from './kysely-store.js';
import { CompiledQueries } from './compiled-queries.js';

/** HostId identifies a dynamic host. */
export type HostId = number & { readonly __brand: 'HostId' };
/** CredentialId identifies a dyndns2 login (one login may cover several hosts). */
export type CredentialId = number & { readonly __brand: 'CredentialId' };
/** HostMode: 'dual' keeps one IPv4 and one IPv6 address; 'single' keeps one address of either family. */
export type HostMode = 'dual' | 'single';
/** HostState: online (served), offline (stored, not served), blocked (updates refused; still served). */
export type HostState = 'online' | 'offline' | 'blocked';

/** HostRow is a stored dynamic host. */
export interface HostRow {
  readonly id: HostId;
  readonly zoneId: ZoneId;
  readonly credentialId: CredentialId;
  readonly ownerAccountId: AccountId | null;
  /** The owner name, lowercase. */
  readonly owner: DnsName;
  readonly mode: HostMode;
  readonly ttl: number;
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  readonly state: HostState;
  readonly blockedUntil: Date | null;
  readonly updatesCount: number;
  readonly nochgCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastUpdateAt: Date | null;
}

/** CredentialRow is a stored login: keyed verifier and encrypted copy, never the password itself. */
export interface CredentialRow {
  readonly id: CredentialId;
  readonly username: string;
  readonly passwordHash: string;
  readonly passwordEnc: string;
  /** The sources this login last authenticated from, one per address family (null: none yet). */
  readonly lastSources: { readonly v4: string | null; readonly v6: string | null };
}

/** AuthFailureCounts are one source's failed logins within a window: all, and those naming one login. */
export interface AuthFailureCounts {
  readonly fromSource: number;
  readonly forLogin: number;
}

/** HistoryEntry is one change of a host's addresses or state, with who asked and what was answered. */
export interface HistoryEntry {
  readonly at: Date;
  readonly oldIpv4: string | null;
  readonly newIpv4: string | null;
  readonly oldIpv6: string | null;
  readonly newIpv6: string | null;
  readonly oldState: HostState | null;
  readonly newState: HostState | null;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
  readonly answer: string;
}

/** NewHost is what insertHost stores. */
export interface NewHost {
  readonly zoneId: ZoneId;
  readonly ownerAccountId: AccountId | null;
  readonly owner: DnsName;
  readonly mode: HostMode;
  readonly ttl: number;
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  /** An existing login to share, or a new one to create. */
  readonly credential:
    | { readonly kind: 'existing'; readonly id: CredentialId }
    | {
        readonly kind: 'new';
        readonly username: string;
        readonly passwordHash: string;
        readonly passwordEnc: string;
      };
}

/** HostPatch is the part of a host row an update changes. */
export interface HostPatch {
  readonly ipv4?: string | null;
  readonly ipv6?: string | null;
  readonly state?: HostState;
  readonly blockedUntil?: Date | null;
  readonly ttl?: number;
  readonly mode?: HostMode;
  /** Counts one applied update (updates_count + 1, last_update_at = at). */
  readonly countUpdate?: boolean;
  /** Counts one nochg answer (nochg_count + 1). */
  readonly countNochg?: boolean;
  /**
   * The row as the caller read it: when given, the patch applies only if addresses and state are still
   * these, else ERR_HOST_CHANGED rolls the transaction back (another process changed the host meanwhile).
   */
  readonly expect?: { readonly ipv4: string | null; readonly ipv6: string | null; readonly state: HostState };
}

/** AbuseKind: a `nochg` answer, or a client fault (badauth/nohost/notfqdn/conflict line). */
export type AbuseKind = 'nochg' | 'fault';

/** HostsStore is the persistence of dynamic hosts. Every method may throw StoreError. */
export interface HostsStore {
  /** getHostByOwner finds a host by its (any-case) owner name. */
  getHostByOwner(owner: DnsName): Promise<HostRow | undefined>;
  /** getHostById finds a host by id. */
  getHostById(id: HostId): Promise<HostRow | undefined>;
  /** listHosts gives hosts ordered by owner, optionally only one zone's or one account's. */
  listHosts(filter?: { zoneId?: ZoneId; ownerAccountId?: AccountId }): Promise<HostRow[]>;
  /** hostsOfCredential gives every host a login covers. */
  hostsOfCredential(id: CredentialId): Promise<HostRow[]>;
  /** getCredentialByUsername finds a login by exact username. */
  getCredentialByUsername(username: string): Promise<CredentialRow | undefined>;
  /** getCredentialById finds a login by id. */
  getCredentialById(id: CredentialId): Promise<CredentialRow | undefined>;
  /** insertHost stores a host (and its new login); ERR_HOST_EXISTS / ERR_USERNAME_TAKEN on a clash. */
  insertHost(host: NewHost, at: Date): Promise<HostRow>;
  /** insertHostWork is insertHost as a StoreTxWork, to commit with the host's records in the zone. */
  insertHostWork(host: NewHost, at: Date): StoreTxWork;
  /**
   * replaceCredential gives a login a new username and password (all hosts sharing it follow), in one
   * transaction with `also` (the history entries that record it).
   */
  replaceCredential(
    id: CredentialId,
    username: string,
    passwordHash: string,
    passwordEnc: string,
    ...also: StoreTxWork[]
  ): Promise<void>;
  /** updateHostWork is a StoreTxWork that patches a host and, when given, appends a history entry. */
  updateHostWork(id: HostId, patch: HostPatch, at: Date, history?: HistoryEntry): StoreTxWork;
  /**
   * deleteHostWork is a StoreTxWork that deletes a host (its history and events go with it) and an unshared
   * login; with `expect`, only if its addresses and state are still these, else ERR_HOST_CHANGED.
   */
  deleteHostWork(id: HostId, expect?: HostPatch['expect']): StoreTxWork;
  /** runInTransaction runs works in one transaction of their own (no zone change involved). */
  runInTransaction(...works: StoreTxWork[]): Promise<void>;
  /**
   * recordAbuseEvent stores one event and counts the host's events of that kind since `windowStart`
   * (the new one included), all in one transaction; returns the count.
   */
  recordAbuseEvent(id: HostId, kind: AbuseKind, at: Date, windowStart: Date): Promise<number>;
  /** clearAbuseEvents forgets a host's events (on block and unblock, so a fresh window starts). */
  clearAbuseEventsWork(id: HostId): StoreTxWork;
  /** history gives a host's newest history entries first. */
  history(id: HostId, limit: number): Promise<HistoryEntry[]>;
  /** addAuthFailure records a failed authentication from `source` naming `login` (a username digest). */
  addAuthFailure(source: string, login: string, at: Date): Promise<void>;
  /** countAuthFailures counts failures from `source` after `since`: all of them, and those naming `login`. */
  countAuthFailures(source: string, login: string, since: Date): Promise<AuthFailureCounts>;
  /** clearAuthFailures forgets the failures from `source` naming `login` (after it authenticated there). */
  clearAuthFailures(source: string, login: string): Promise<void>;
  /** pruneAuthFailures deletes failures older than `before` (all sources). */
  pruneAuthFailures(before: Date): Promise<void>;
  /** rememberLoginSource records the source of a login's successful authentication, for its address family. */
  rememberLoginSource(id: CredentialId, family: 4 | 6, source: string): Promise<void>;
}

type Tx = Transaction<Database>;

function unwrap(tx: StoreTx): Tx {
  return tx as unknown as Tx;
}

function dateOrNull(s: string | null): Date | null {
  return s === null ? null : new Date(s);
}

function toHostRow(r: Selectable<HostsTable>): HostRow {
  return {
    id: r.id as HostId,
    zoneId: r.zone_id as ZoneId,
    credentialId: r.credential_id as CredentialId,
    ownerAccountId: r.owner_account_id === null ? null : (r.owner_account_id as AccountId),
    owner: DnsName.parse(r.owner),
    mode: r.mode,
    ttl: Number(r.ttl),
    ipv4: r.ipv4,
    ipv6: r.ipv6,
    state: r.state,
    blockedUntil: dateOrNull(r.blocked_until),
    updatesCount: Number(r.updates_count),
    nochgCount: Number(r.nochg_count),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    lastUpdateAt: dateOrNull(r.last_update_at),
  };
}

function toCredentialRow(r: Selectable<HostCredentialsTable>): CredentialRow {
  return {
    id: r.id as CredentialId,
    username: r.username,
    passwordHash: r.password_hash,
    passwordEnc: r.password_enc,
    lastSources: { v4: r.last_source_v4, v6: r.last_source_v6 },
  };
}

function toHistoryEntry(r: Selectable<HostHistoryTable>): HistoryEntry {
  return {
    at: new Date(r.at),
    oldIpv4: r.old_ipv4,
    newIpv4: r.new_ipv4,
    oldIpv6: r.old_ipv6,
    newIpv6: r.new_ipv6,
    oldState: r.old_state as HostState | null,
    newState: r.new_state as HostState | null,
    sourceIp: r.source_ip,
    userAgent: r.user_agent,
    answer: r.answer,
  };
}

function ownerText(owner: DnsName): string {
  return owner.toLowerCase().toString();
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** createHostsStore gives a HostsStore over the same Kysely instance the Store uses (shared transactions). */
export function createHostsStore(db: Kysely<Database>): HostsStore {
  // The statements every /nic/update runs are compiled once per shape (compiled-queries.ts).
  const hot = new CompiledQueries();
  async function insertIn(trx: Tx, host: NewHost, at: Date): Promise<HostRow> {
    const now = at.toISOString();
    const clash = await trx
      .selectFrom('hosts')
      .select('id')
      .where('owner', '=', ownerText(host.owner))
      .executeTakeFirst();
    if (clash)
      throw new StoreError('ERR_HOST_EXISTS', `a dynamic host ${ownerText(host.owner)} already exists`, {
        owner: ownerText(host.owner),
      });
    let credentialId: number;
    if (host.credential.kind === 'existing') {
      credentialId = host.credential.id;
    } else {
      try {
        const c = await trx
          .insertInto('host_credentials')
          .values({
            username: host.credential.username,
            password_hash: host.credential.passwordHash,
            password_enc: host.credential.passwordEnc,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        credentialId = c.id;
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new StoreError('ERR_USERNAME_TAKEN', `username ${host.credential.username} is taken`, {}, e);
        }
        throw e;
      }
    }
    const r = await trx
      .insertInto('hosts')
      .values({
        zone_id: host.zoneId,
        credential_id: credentialId,
        owner_account_id: host.ownerAccountId,
        owner: ownerText(host.owner),
        mode: host.mode,
        ttl: host.ttl,
        ipv4: host.ipv4,
        ipv6: host.ipv6,
        state: 'online',
        blocked_until: null,
        created_at: now,
        updated_at: now,
        last_update_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toHostRow(r);
  }

  return {
    async getHostByOwner(owner) {
      const o = ownerText(owner);
      const { rows } = await hot.run(db, 'host-by-owner', [o], () =>
        db.selectFrom('hosts').selectAll().where('owner', '=', o),
      );
      return rows[0] && toHostRow(rows[0]);
    },

    async getHostById(id) {
      const r = await db.selectFrom('hosts').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toHostRow(r);
    },

    async listHosts(filter = {}) {
      let q = db.selectFrom('hosts').selectAll();
      if (filter.zoneId !== undefined) q = q.where('zone_id', '=', filter.zoneId);
      if (filter.ownerAccountId !== undefined) q = q.where('owner_account_id', '=', filter.ownerAccountId);
      return (await q.orderBy('owner').execute()).map(toHostRow);
    },

    async hostsOfCredential(id) {
      const rows = await db
        .selectFrom('hosts')
        .selectAll()
        .where('credential_id', '=', id)
        .orderBy('owner')
        .execute();
      return rows.map(toHostRow);
    },

    async getCredentialByUsername(username) {
      const { rows } = await hot.run(db, 'credential-by-username', [username], () =>
        db.selectFrom('host_credentials').selectAll().where('username', '=', username),
      );
      return rows[0] && toCredentialRow(rows[0]);
    },

    async getCredentialById(id) {
      const r = await db.selectFrom('host_credentials').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toCredentialRow(r);
    },

    async insertHost(host, at) {
      return db.transaction().execute((trx) => insertIn(trx, host, at));
    },

    insertHostWork(host, at) {
      return async (tx) => {
        await insertIn(unwrap(tx), host, at);
      };
    },

    async replaceCredential(id, username, passwordHash, passwordEnc, ...also) {
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('host_credentials')
            .set({ username, password_hash: passwordHash, password_enc: passwordEnc })
            .where('id', '=', id)
            .execute();
          for (const w of also) await w(trx as unknown as StoreTx);
        });
      } catch (e) {
        if (isUniqueViolation(e))
          throw new StoreError('ERR_USERNAME_TAKEN', `username ${username} is taken`, {}, e);
        throw e;
      }
    },

    updateHostWork(id, patch, at, history) {
      return async (tx) => {
        const trx = unwrap(tx);
        const now = at.toISOString();
        // The SET list and the WHERE clause follow the patch; `shape` names which parts are present so each
        // combination keeps its own SQL, and `params` lists the values in the order the query takes them.
        const set: Partial<Record<keyof HostsTable, unknown>> = { updated_at: now };
        if (patch.ipv4 !== undefined) set.ipv4 = patch.ipv4;
        if (patch.ipv6 !== undefined) set.ipv6 = patch.ipv6;
        if (patch.state !== undefined) set.state = patch.state;
        if (patch.blockedUntil !== undefined) set.blocked_until = patch.blockedUntil?.toISOString() ?? null;
        if (patch.ttl !== undefined) set.ttl = patch.ttl;
        if (patch.mode !== undefined) set.mode = patch.mode;
        const params: unknown[] = Object.values(set);
        if (patch.countUpdate) params.push(1, now);
        if (patch.countNochg) params.push(1);
        params.push(id);
        const e = patch.expect;
        if (e !== undefined) {
          params.push(e.state);
          if (e.ipv4 !== null) params.push(e.ipv4);
          if (e.ipv6 !== null) params.push(e.ipv6);
        }
        const shape = [
          'host-update',
          ...Object.keys(set),
          patch.countUpdate ? 'count-update' : '',
          patch.countNochg ? 'count-nochg' : '',
          e === undefined
            ? ''
            : `expect:${e.ipv4 === null ? 'v4-null' : 'v4'}:${e.ipv6 === null ? 'v6-null' : 'v6'}`,
        ].join(' ');
        const res = await hot.run(trx, shape, params, () =>
          trx
            .updateTable('hosts')
            .set((eb) => ({
              ...(set as Record<string, string | number | null>),
              ...(patch.countUpdate
                ? { updates_count: eb('updates_count', '+', 1), last_update_at: now }
                : {}),
              ...(patch.countNochg ? { nochg_count: eb('nochg_count', '+', 1) } : {}),
            }))
            .where('id', '=', id)
            .$if(e !== undefined, (qb) =>
              qb
                .where('state', '=', e!.state)
                .where('ipv4', e!.ipv4 === null ? 'is' : '=', e!.ipv4)
                .where('ipv6', e!.ipv6 === null ? 'is' : '=', e!.ipv6),
            ),
        );
        if (res.numAffectedRows === 0n) {
          // Not ERR_STORE_CONFLICT: that one means "zone serial race" and makes the zone editor retry.
          throw new StoreError('ERR_HOST_CHANGED', `dynamic host ${id} is gone or changed meanwhile`, {
            hostId: id,
          });
        }
        if (history) {
          const values = {
            host_id: id,
            at: history.at.toISOString(),
            old_ipv4: history.oldIpv4,
            new_ipv4: history.newIpv4,
            old_ipv6: history.oldIpv6,
            new_ipv6: history.newIpv6,
            old_state: history.oldState,
            new_state: history.newState,
            source_ip: history.sourceIp,
            user_agent: history.userAgent,
            answer: history.answer,
          };
          await hot.run(trx, 'history-insert', Object.values(values), () =>
            trx.insertInto('host_history').values(values),
          );
        }
      };
    },

    deleteHostWork(id, expect) {
      return async (tx) => {
        const trx = unwrap(tx);
        const row = await trx
          .selectFrom('hosts')
          .select(['credential_id', 'ipv4', 'ipv6', 'state'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (
          expect !== undefined &&
          (!row || row.ipv4 !== expect.ipv4 || row.ipv6 !== expect.ipv6 || row.state !== expect.state)
        ) {
          // The caller removes the records it saw; another process changed them meanwhile.
          throw new StoreError('ERR_HOST_CHANGED', `dynamic host ${id} is gone or changed meanwhile`, {
            hostId: id,
          });
        }
        if (!row) return;
        // Delete dependants explicitly too, in case foreign keys are not enforced.
        await trx.deleteFrom('host_history').where('host_id', '=', id).execute();
        await trx.deleteFrom('abuse_events').where('host_id', '=', id).execute();
        await trx.deleteFrom('hosts').where('id', '=', id).execute();
        const others = await trx
          .selectFrom('hosts')
          .select('id')
          .where('credential_id', '=', row.credential_id)
          .executeTakeFirst();
        if (!others) await trx.deleteFrom('host_credentials').where('id', '=', row.credential_id).execute();
      };
    },

    async runInTransaction(...works) {
      await db.transaction().execute(async (trx) => {
        for (const w of works) await w(trx as unknown as StoreTx);
      });
    },

    async recordAbuseEvent(id, kind, at, windowStart) {
      return db.transaction().execute(async (trx) => {
        await trx.insertInto('abuse_events').values({ host_id: id, kind, at: at.toISOString() }).execute();
        const row = await trx
          .selectFrom('abuse_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('host_id', '=', id)
          .where('kind', '=', kind)
          .where('at', '>', windowStart.toISOString())
          .executeTakeFirst();
        // Old events can never count again: drop them while we are here.
        await trx
          .deleteFrom('abuse_events')
          .where('host_id', '=', id)
          .where('at', '<=', windowStart.toISOString())
          .execute();
        return Number(row?.n ?? 0);
      });
    },

    clearAbuseEventsWork(id) {
      return async (tx) => {
        await unwrap(tx).deleteFrom('abuse_events').where('host_id', '=', id).execute();
      };
    },

    async history(id, limit) {
      const rows = await db
        .selectFrom('host_history')
        .selectAll()
        .where('host_id', '=', id)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toHistoryEntry);
    },

    async addAuthFailure(source, login, at) {
      await db.insertInto('auth_failures').values({ source, login, at: at.toISOString() }).execute();
    },

    async countAuthFailures(source, login, since) {
      // One read of the source's rows in the window (index source, at); the limit keeps them few.
      const after = since.toISOString();
      const { rows } = await hot.run(db, 'auth-failures-count', [login, source, after], () =>
        db
          .selectFrom('auth_failures')
          .select((eb) => [
            eb.fn.countAll<number>().as('n'),
            eb.fn.sum<number>(eb.case().when('login', '=', login).then(1).else(0).end()).as('mine'),
          ])
          .where('source', '=', source)
          .where('at', '>', after),
      );
      const row = rows[0];
      return { fromSource: Number(row?.n ?? 0), forLogin: Number(row?.mine ?? 0) };
    },

    async clearAuthFailures(source, login) {
      await db.deleteFrom('auth_failures').where('source', '=', source).where('login', '=', login).execute();
    },

    async pruneAuthFailures(before) {
      await db.deleteFrom('auth_failures').where('at', '<=', before.toISOString()).execute();
    },

    async rememberLoginSource(id, family, source) {
      await db
        .updateTable('host_credentials')
        .set(family === 4 ? { last_source_v4: source } : { last_source_v6: source })
        .where('id', '=', id)
        .execute();
    },
  };
}

/**
 * openStoreWithHosts opens one database for both the Store and the HostsStore, so a host's row can commit
 * in the same transaction as its zone's records (call store.migrate() before use).
 */
export function openStoreWithHosts(
  config: DbConfig,
  observer?: DbObserver,
): { store: Store; hosts: HostsStore } {
  const db = createDb(config, observer);
  return { store: new KyselyStore(db, config.kind), hosts: createHostsStore(db) };
}
