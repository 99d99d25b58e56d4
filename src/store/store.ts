// The Store port: everything above src/store (ddns, nameserver, http, app, cli) depends on this interface
// only, never on Kysely or a dialect. Speaks DNS values (DnsName, ResourceRecord); rows stay inside.
import type { DnsName } from '../dns/name.js';
import type { ResourceRecord } from '../dns/record.js';

/** ZoneId identifies a stored zone; branded so it cannot be mixed up with other ids. */
export type ZoneId = number & { readonly __brand: 'ZoneId' };
/** AccountId identifies a stored account. */
export type AccountId = number & { readonly __brand: 'AccountId' };

/** NsMode is a zone's name-server mode (SPEC §1): our servers are authoritative, or it is delegated elsewhere. */
export type NsMode = 'default' | 'custom';

/** ZoneInfo is the stored metadata of one zone (its records are loaded separately). */
export interface ZoneInfo {
  readonly id: ZoneId;
  /** The origin, lowercase. */
  readonly name: DnsName;
  readonly ownerAccountId: AccountId | null;
  readonly nsMode: NsMode;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** ZoneSummary is a zone's metadata plus its current SOA serial and record count, read without loading records. */
export interface ZoneSummary extends ZoneInfo {
  /** The apex SOA serial, or null if the zone somehow has no SOA row. */
  readonly serial: number | null;
  readonly recordCount: number;
}

/** AppliedChanges is what a changeset actually did: records removed and records added. */
export interface AppliedChanges {
  readonly removed: readonly ResourceRecord[];
  readonly added: readonly ResourceRecord[];
}

/** JournalKind tells what a journal entry records. */
export type JournalKind = 'changeset' | 'create' | 'delete';

/**
 * JournalEntry is one position of the change feed. 'create' carries no records (a follower loads the
 * new zone with loadZoneRecords: copying a million-record import into the journal would double its cost);
 * 'delete' carries no records; 'changeset' carries the removed and added records between two serials.
 */
export interface JournalEntry {
  /** Feed position: strictly increasing, never reused. */
  readonly id: number;
  readonly zone: DnsName;
  readonly kind: JournalKind;
  readonly fromSerial: number | null;
  readonly toSerial: number | null;
  readonly removed: readonly ResourceRecord[];
  readonly added: readonly ResourceRecord[];
  readonly createdAt: Date;
}

/** Account is one console account. */
export interface Account {
  readonly id: AccountId;
  /** Stored lowercase. */
  readonly email: string;
  readonly passwordHash: string;
  readonly isAdmin: boolean;
  readonly createdAt: Date;
}

/** CreateZoneOptions are the optional attributes of a new zone. */
export interface CreateZoneOptions {
  readonly ownerAccountId?: AccountId | null;
  readonly nsMode?: NsMode;
}

/** StoreTx is an open store transaction; opaque outside src/store (repositories in src/store unwrap it). */
export interface StoreTx {
  readonly __brand: 'StoreTx';
}

/**
 * StoreTxWork is extra work run inside a store transaction, e.g. a dynamic host's row and history written
 * in the same commit as its records; if it throws, the whole transaction rolls back.
 */
export type StoreTxWork = (tx: StoreTx) => Promise<void>;

/** Store is the persistence port. Every method may throw StoreError (src/store/errors.ts). */
export interface Store {
  /** migrate brings the schema up to date; safe to call on every start, from several processes. */
  migrate(): Promise<void>;
  /** close releases the connection(s). */
  close(): Promise<void>;

  /** listZones gives every zone, ordered by name. */
  listZones(): Promise<ZoneInfo[]>;
  /** listZoneSummaries gives every zone with its serial and record count, ordered by name (cheap on big zones). */
  listZoneSummaries(): Promise<ZoneSummary[]>;
  /** getZone gives a zone's metadata, or undefined when it is not hosted. */
  getZone(name: DnsName): Promise<ZoneInfo | undefined>;
  /** loadZoneRecords gives every record of a zone (ERR_ZONE_NOT_FOUND if there is none). */
  loadZoneRecords(name: DnsName): Promise<ResourceRecord[]>;
  /** createZone stores a new zone with its records and journals it ('create'); ERR_ZONE_EXISTS if taken. */
  createZone(name: DnsName, records: readonly ResourceRecord[], opts?: CreateZoneOptions): Promise<ZoneInfo>;
  /**
   * deleteZone removes a zone and its records and journals the deletion; ERR_ZONE_NOT_FOUND if absent.
   * `extra` runs inside the same transaction, before the zone row goes (e.g. its dynamic hosts' logins).
   */
  deleteZone(name: DnsName, extra?: StoreTxWork): Promise<void>;
  /** setZoneNsModeWork is a StoreTxWork that sets a zone's name-server mode (ERR_ZONE_NOT_FOUND if absent). */
  setZoneNsModeWork(name: DnsName, mode: NsMode): StoreTxWork;
  /** runInTransaction runs works in one transaction of their own. */
  runInTransaction(...works: StoreTxWork[]): Promise<void>;
  /**
   * commitChangeset persists one changeset atomically: checks that the stored SOA serial is `fromSerial`
   * (else ERR_STORE_CONFLICT), removes and adds the records, and appends a journal entry whose id it returns.
   * `extra` runs inside the same transaction, after the records are written.
   */
  commitChangeset(
    zone: DnsName,
    applied: AppliedChanges,
    fromSerial: number,
    toSerial: number,
    extra?: StoreTxWork,
  ): Promise<number>;

  /** latestJournalId gives the newest feed position (0 when the journal is empty); cheap enough to poll. */
  latestJournalId(): Promise<number>;
  /** readJournal gives up to `limit` entries after position `afterId`, oldest first. */
  readJournal(afterId: number, limit: number): Promise<JournalEntry[]>;

  /** createAccount stores an account (email folded to lowercase); ERR_ACCOUNT_EXISTS if taken. */
  createAccount(email: string, passwordHash: string, isAdmin: boolean): Promise<Account>;
  /** getAccountByEmail finds an account case-insensitively, or undefined. */
  getAccountByEmail(email: string): Promise<Account | undefined>;
  /** getAccountById finds an account by id, or undefined. */
  getAccountById(id: AccountId): Promise<Account | undefined>;
}
