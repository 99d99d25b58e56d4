// Kysely table typings for the store. Mirrors what the migrations create; nothing outside src/store sees
// these row shapes (the Store interface speaks DnsName and ResourceRecord).
import type { Generated } from 'kysely';

/** ZonesTable is one hosted zone; `name` is the lowercase absolute presentation form ("example.test."). */
export interface ZonesTable {
  id: Generated<number>;
  name: string;
  owner_account_id: number | null;
  ns_mode: 'default' | 'custom';
  /** ISO-8601 UTC timestamps are stored as text so both dialects agree. */
  created_at: string;
  updated_at: string;
}

/** RecordsTable is one resource record of a zone; class is always IN. */
export interface RecordsTable {
  id: Generated<number>;
  zone_id: number;
  /** Absolute presentation form in the original case. */
  owner: string;
  /** Lowercase absolute presentation form, for case-insensitive lookups. */
  owner_key: string;
  type: number;
  ttl: number;
  /** Presentation text of the rdata (absolute names), as formatRdata writes it. */
  rdata: string;
}

/** JournalTable is the change feed: one row per committed zone change; `id` is the feed position. */
export interface JournalTable {
  id: Generated<number>;
  /** Not a foreign key: a 'delete' entry outlives its zone. */
  zone_id: number;
  zone_name: string;
  kind: 'changeset' | 'create' | 'delete';
  from_serial: number | null;
  to_serial: number | null;
  /** JSON array of JournalRecordJson. */
  removed: string;
  added: string;
  created_at: string;
}

/** AccountsTable is one console account; `email` is stored lowercase. */
export interface AccountsTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  /** 0 or 1 (portable boolean). */
  is_admin: number;
  created_at: string;
}

/** Database maps table names to their row typings. */
export interface Database {
  zones: ZonesTable;
  records: RecordsTable;
  journal: JournalTable;
  accounts: AccountsTable;
}
