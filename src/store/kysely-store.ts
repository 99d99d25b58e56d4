// The Store implementation on Kysely, for SQLite and Postgres alike. Owns the SQL for zones, records, the
// journal and accounts; every multi-row change runs in one transaction so a crash leaves all or nothing.
import { Migrator, sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { DnsName } from '../dns/name.js';
import { RRType } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { createDb } from './db.js';
import type { DbConfig, DbKind } from './db.js';
import type { Database, ZonesTable, AccountsTable } from './schema.js';
import type { Selectable } from 'kysely';
import { StoreError } from './errors.js';
import { CompiledQueries } from './compiled-queries.js';
import { createMigrationProvider } from './migrations/index.js';
import {
  decodeJournalRecords,
  encodeJournalRecords,
  nameKeyText,
  recordFromText,
  recordToText,
} from './record-codec.js';
import type {
  Account,
  AccountId,
  AppliedChanges,
  CreateZoneOptions,
  JournalEntry,
  NsMode,
  Store,
  StoreTx,
  StoreTxWork,
  ZoneId,
  ZoneInfo,
  ZoneSummary,
} from './store.js';

// SQLite allows 32766 bound parameters per statement; 200 rows × 6 columns stays far below on every build.
const INSERT_CHUNK = 200;

function nowText(): string {
  return new Date().toISOString();
}

function toZoneInfo(row: Selectable<ZonesTable>): ZoneInfo {
  return {
    id: row.id as ZoneId,
    name: DnsName.parse(row.name),
    ownerAccountId: row.owner_account_id === null ? null : (row.owner_account_id as AccountId),
    nsMode: row.ns_mode,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id as AccountId,
    email: row.email,
    passwordHash: row.password_hash,
    isAdmin: Number(row.is_admin) !== 0,
    createdAt: new Date(row.created_at),
  };
}

/** isUniqueViolation recognises a unique-constraint failure from either driver. */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

function soaSerialOf(records: readonly ResourceRecord[], origin: DnsName): number | null {
  for (const rr of records) {
    if (rr.type === RRType.SOA && rr.rdata.kind === 'SOA' && rr.owner.equals(origin)) return rr.rdata.serial;
  }
  return null;
}

/** KyselyStore implements Store over a Kysely instance of either dialect. */
export class KyselyStore implements Store {
  readonly #db: Kysely<Database>;
  // The statements every dynamic DNS update runs are compiled once per shape (compiled-queries.ts).
  readonly #hot = new CompiledQueries();
  readonly #kind: DbKind;

  /** The constructor takes an open Kysely instance and its dialect (migrations differ slightly). */
  constructor(db: Kysely<Database>, kind: DbKind) {
    this.#db = db;
    this.#kind = kind;
  }

  /**
   * Journal ids must become visible in id order, or a poller that has read past id n could miss a
   * smaller id committed later. SQLite serialises writers anyway; on Postgres, sequence values are handed
   * out before commit, so journal writers take an EXCLUSIVE lock (readers are not blocked) held until commit.
   */
  async #lockJournal(trx: Transaction<Database>): Promise<void> {
    if (this.#kind === 'postgres') await sql`lock table journal in exclusive mode`.execute(trx);
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.#db, provider: createMigrationProvider(this.#kind) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new StoreError(
        'ERR_STORE_UNAVAILABLE',
        `migration ${failed} failed: ${String((error as Error).message ?? error)}`,
        { migration: failed },
        error,
      );
    }
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }

  async listZones(): Promise<ZoneInfo[]> {
    const rows = await this.#db.selectFrom('zones').selectAll().orderBy('name').execute();
    return rows.map(toZoneInfo);
  }

  async listZoneSummaries(): Promise<ZoneSummary[]> {
    const zones = await this.listZones();
    const counts = await this.#db
      .selectFrom('records')
      .select(['zone_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('zone_id')
      .execute();
    const soas = await this.#db
      .selectFrom('records')
      .innerJoin('zones', 'zones.id', 'records.zone_id')
      .select(['records.zone_id', 'records.owner', 'records.type', 'records.ttl', 'records.rdata'])
      .where('records.type', '=', RRType.SOA)
      .whereRef('records.owner_key', '=', 'zones.name')
      .execute();
    const countBy = new Map(counts.map((c) => [c.zone_id, Number(c.n)]));
    const serialBy = new Map<number, number>();
    for (const row of soas) {
      const rr = recordFromText(row);
      if (rr.rdata.kind === 'SOA') serialBy.set(row.zone_id, rr.rdata.serial);
    }
    return zones.map((z) => ({
      ...z,
      serial: serialBy.get(z.id) ?? null,
      recordCount: countBy.get(z.id) ?? 0,
    }));
  }

  async getZone(name: DnsName): Promise<ZoneInfo | undefined> {
    const key = nameKeyText(name);
    const { rows } = await this.#hot.run(this.#db, 'zone-by-name', [key], () =>
      this.#db.selectFrom('zones').selectAll().where('name', '=', key),
    );
    return rows[0] ? toZoneInfo(rows[0]) : undefined;
  }

  async loadZoneRecords(name: DnsName): Promise<ResourceRecord[]> {
    return this.#db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        const zone = await trx
          .selectFrom('zones')
          .select('id')
          .where('name', '=', nameKeyText(name))
          .executeTakeFirst();
        if (!zone) throw zoneNotFound(name);
        const rows = await trx
          .selectFrom('records')
          .select(['owner', 'type', 'ttl', 'rdata'])
          .where('zone_id', '=', zone.id)
          .orderBy('id')
          .execute();
        return rows.map(recordFromText);
      });
  }

  async createZone(
    name: DnsName,
    records: readonly ResourceRecord[],
    opts: CreateZoneOptions = {},
  ): Promise<ZoneInfo> {
    const key = nameKeyText(name);
    const now = nowText();
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('zones')
          .select('id')
          .where('name', '=', key)
          .executeTakeFirst();
        if (existing) throw zoneExists(name);
        const row = await trx
          .insertInto('zones')
          .values({
            name: key,
            owner_account_id: opts.ownerAccountId ?? null,
            ns_mode: opts.nsMode ?? 'default',
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await insertRecords(trx, row.id, records);
        await this.#lockJournal(trx);
        await trx
          .insertInto('journal')
          .values({
            zone_id: row.id,
            zone_name: key,
            kind: 'create',
            from_serial: null,
            to_serial: soaSerialOf(records, name),
            removed: '[]',
            // The records are in the records table; followers load them from there (see JournalEntry).
            added: '[]',
            created_at: now,
          })
          .execute();
        return toZoneInfo(row);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw zoneExists(name);
      throw e;
    }
  }

  async deleteZone(name: DnsName, extra?: StoreTxWork): Promise<void> {
    const key = nameKeyText(name);
    await this.#db.transaction().execute(async (trx) => {
      // Write first so SQLite takes the write lock at once (see commitChangeset).
      const exists = await trx
        .updateTable('zones')
        .set({ updated_at: nowText() })
        .where('name', '=', key)
        .returning('id')
        .executeTakeFirst();
      if (!exists) throw zoneNotFound(name);
      if (extra) await extra(trx as unknown as StoreTx);
      const row = await trx.deleteFrom('zones').where('name', '=', key).returning('id').executeTakeFirst();
      if (!row) throw zoneNotFound(name);
      // Records go with the zone (ON DELETE CASCADE); delete explicitly too in case foreign keys are off.
      await trx.deleteFrom('records').where('zone_id', '=', row.id).execute();
      await this.#lockJournal(trx);
      await trx
        .insertInto('journal')
        .values({
          zone_id: row.id,
          zone_name: key,
          kind: 'delete',
          from_serial: null,
          to_serial: null,
          removed: '[]',
          added: '[]',
          created_at: nowText(),
        })
        .execute();
    });
  }

  setZoneNsModeWork(name: DnsName, mode: NsMode): StoreTxWork {
    return async (tx) => {
      const trx = tx as unknown as Transaction<Database>;
      const res = await trx
        .updateTable('zones')
        .set({ ns_mode: mode, updated_at: nowText() })
        .where('name', '=', nameKeyText(name))
        .executeTakeFirst();
      if (res.numUpdatedRows === 0n) throw zoneNotFound(name);
    };
  }

  async runInTransaction(...works: StoreTxWork[]): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      for (const w of works) await w(trx as unknown as StoreTx);
    });
  }

  async commitChangeset(
    zone: DnsName,
    applied: AppliedChanges,
    fromSerial: number,
    toSerial: number,
    extra?: StoreTxWork,
  ): Promise<number> {
    const key = nameKeyText(zone);
    const now = nowText();
    return this.#db.transaction().execute(async (trx) => {
      // The first statement writes, so SQLite takes the write lock now (waiting up to busy_timeout) rather
      // than failing to upgrade a read snapshot later; on Postgres it locks the zone row for this commit.
      const hot = this.#hot;
      const {
        rows: [row],
      } = await hot.run(trx, 'zone-touch', [now, key], () =>
        trx.updateTable('zones').set({ updated_at: now }).where('name', '=', key).returning('id'),
      );
      if (!row) throw zoneNotFound(zone);
      const zoneId = row.id;

      const { rows: soaRows } = await hot.run(trx, 'zone-soa', [zoneId, key, RRType.SOA], () =>
        trx
          .selectFrom('records')
          .select(['owner', 'type', 'ttl', 'rdata'])
          .where('zone_id', '=', zoneId)
          .where('owner_key', '=', key)
          .where('type', '=', RRType.SOA),
      );
      const stored = soaSerialOf(soaRows.map(recordFromText), zone);
      if (stored !== fromSerial) {
        throw new StoreError(
          'ERR_STORE_CONFLICT',
          `zone ${zone.toString()} changed meanwhile (stored serial ${String(stored)}, expected ${fromSerial})`,
          { zone: zone.toString(), storedSerial: stored, fromSerial },
        );
      }

      for (const rr of applied.removed) {
        const t = recordToText(rr);
        const ownerKey = nameKeyText(rr.owner);
        const res = await hot.run(trx, 'record-delete', [zoneId, ownerKey, rr.type, t.rdata], () =>
          trx
            .deleteFrom('records')
            .where('zone_id', '=', zoneId)
            .where('owner_key', '=', ownerKey)
            .where('type', '=', rr.type)
            .where('rdata', '=', t.rdata),
        );
        if (res.numAffectedRows === 0n) {
          throw new StoreError(
            'ERR_STORE_CONFLICT',
            `zone ${zone.toString()} changed meanwhile (record to remove is gone: ${t.owner} ${rr.type} ${t.rdata})`,
            { zone: zone.toString() },
          );
        }
      }
      await insertRecords(trx, zoneId, applied.added, hot);
      if (extra) await extra(trx as unknown as StoreTx);

      await this.#lockJournal(trx);
      const entry = {
        zone_id: zoneId,
        zone_name: key,
        kind: 'changeset',
        from_serial: fromSerial,
        to_serial: toSerial,
        removed: encodeJournalRecords(applied.removed),
        added: encodeJournalRecords(applied.added),
        created_at: now,
      } as const;
      const {
        rows: [journal],
      } = await hot.run(trx, 'journal-insert', Object.values(entry), () =>
        trx.insertInto('journal').values(entry).returning('id'),
      );
      if (!journal) throw new Error('journal insert returned no id');
      return journal.id;
    });
  }

  async latestJournalId(): Promise<number> {
    const row = await this.#db
      .selectFrom('journal')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    return row?.max == null ? 0 : Number(row.max);
  }

  async readJournal(afterId: number, limit: number): Promise<JournalEntry[]> {
    const rows = await this.#db
      .selectFrom('journal')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      zone: DnsName.parse(row.zone_name),
      kind: row.kind,
      fromSerial: row.from_serial === null ? null : Number(row.from_serial),
      toSerial: row.to_serial === null ? null : Number(row.to_serial),
      removed: decodeJournalRecords(row.removed),
      added: decodeJournalRecords(row.added),
      createdAt: new Date(row.created_at),
    }));
  }

  async createAccount(email: string, passwordHash: string, isAdmin: boolean): Promise<Account> {
    const key = email.trim().toLowerCase();
    try {
      const row = await this.#db
        .insertInto('accounts')
        .values({ email: key, password_hash: passwordHash, is_admin: isAdmin ? 1 : 0, created_at: nowText() })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAccount(row);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new StoreError(
          'ERR_ACCOUNT_EXISTS',
          `an account with email ${key} already exists`,
          { email: key },
          e,
        );
      }
      throw e;
    }
  }

  async getAccountByEmail(email: string): Promise<Account | undefined> {
    const key = email.trim().toLowerCase();
    const row = await this.#db.selectFrom('accounts').selectAll().where('email', '=', key).executeTakeFirst();
    return row ? toAccount(row) : undefined;
  }

  async getAccountById(id: AccountId): Promise<Account | undefined> {
    const row = await this.#db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toAccount(row) : undefined;
  }
}

/** HOT_INSERT_ROWS is the largest insert (in rows) whose compiled SQL is kept. */
const HOT_INSERT_ROWS = 32;

async function insertRecords(
  trx: Transaction<Database>,
  zoneId: number,
  records: readonly ResourceRecord[],
  hot?: CompiledQueries,
): Promise<void> {
  for (let i = 0; i < records.length; i += INSERT_CHUNK) {
    const values = records.slice(i, i + INSERT_CHUNK).map((rr) => {
      const t = recordToText(rr);
      return {
        zone_id: zoneId,
        owner: t.owner,
        owner_key: nameKeyText(rr.owner),
        type: t.type,
        ttl: t.ttl,
        rdata: t.rdata,
      };
    });
    const build = () => trx.insertInto('records').values(values);
    // A few rows (a dynamic update's) reuse compiled SQL per row count; bulk loads build theirs.
    if (hot !== undefined && values.length <= HOT_INSERT_ROWS) {
      await hot.run(trx, `records-insert:${values.length}`, values.flatMap(Object.values), build);
    } else {
      await build().execute();
    }
  }
}

function zoneNotFound(name: DnsName): StoreError {
  return new StoreError('ERR_ZONE_NOT_FOUND', `zone ${nameKeyText(name)} does not exist`, {
    zone: nameKeyText(name),
  });
}

function zoneExists(name: DnsName): StoreError {
  return new StoreError('ERR_ZONE_EXISTS', `zone ${nameKeyText(name)} already exists`, {
    zone: nameKeyText(name),
  });
}

/** openStore opens the database for `config` and returns a Store over it (call migrate() before use). */
export function openStore(config: DbConfig): Store {
  return new KyselyStore(createDb(config), config.kind);
}
