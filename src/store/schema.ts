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

/** HostCredentialsTable is one generated dyndns2 login; `password_hash` is a keyed HMAC, `password_enc` an AES-GCM copy. */
export interface HostCredentialsTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  password_enc: string;
  created_at: string;
  /** The source (IPv4 address) this login last authenticated from; null before its first update. */
  last_source_v4: string | null;
  /** The source (IPv6 /64 prefix) this login last authenticated from; null before its first update. */
  last_source_v6: string | null;
}

/** HostsTable is one dynamic host; `owner` is the lowercase absolute presentation form. */
export interface HostsTable {
  id: Generated<number>;
  zone_id: number;
  credential_id: number;
  owner_account_id: number | null;
  owner: string;
  mode: 'dual' | 'single';
  ttl: number;
  ipv4: string | null;
  ipv6: string | null;
  state: 'online' | 'offline' | 'blocked';
  blocked_until: string | null;
  updates_count: Generated<number>;
  nochg_count: Generated<number>;
  created_at: string;
  updated_at: string;
  last_update_at: string | null;
}

/** HostHistoryTable is one answered update that changed a host (address or state). */
export interface HostHistoryTable {
  id: Generated<number>;
  host_id: number;
  at: string;
  old_ipv4: string | null;
  new_ipv4: string | null;
  old_ipv6: string | null;
  new_ipv6: string | null;
  old_state: string | null;
  new_state: string | null;
  source_ip: string | null;
  user_agent: string | null;
  answer: string;
}

/** AbuseEventsTable is one answer that counts toward blocking a host (SPEC §2.3). */
export interface AbuseEventsTable {
  id: Generated<number>;
  host_id: number;
  kind: 'nochg' | 'fault';
  at: string;
}

/** AuthFailuresTable is one failed dyndns2 authentication from a source, for a login. */
export interface AuthFailuresTable {
  id: Generated<number>;
  /** The source address (IPv6: its /64 prefix). */
  source: string;
  /** A digest of the username the attempt named; null for rows written before migration 0005. */
  login: string | null;
  at: string;
}

/** SessionsTable is one console sign-in; `token_hash` is the hex SHA-256 of the cookie's secret. */
export interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  account_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** ApiTokensTable is one API token for automation; `token_hash` is the hex SHA-256 of the token. */
export interface ApiTokensTable {
  id: Generated<number>;
  token_hash: string;
  account_id: number;
  name: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

/** Database maps table names to their row typings. */
export interface Database {
  zones: ZonesTable;
  records: RecordsTable;
  journal: JournalTable;
  accounts: AccountsTable;
  host_credentials: HostCredentialsTable;
  hosts: HostsTable;
  host_history: HostHistoryTable;
  abuse_events: AbuseEventsTable;
  auth_failures: AuthFailuresTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}
