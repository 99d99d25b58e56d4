// Database connection set-up for the two supported dialects. The only file that knows driver options and
// pragmas; everything else in src/store talks to the returned Kysely instance.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { observeDialect, type DbObserver } from './observed-dialect.js';
import { withWriteLockAtBegin } from './sqlite-write-lock.js';

/** DbConfig selects the dialect and where the database lives. */
export type DbConfig =
  | {
      readonly kind: 'sqlite';
      readonly path: string;
      /**
       * busyTimeoutMs is how long a statement waits for another process's write lock (default
       * SQLITE_BUSY_TIMEOUT_MS). better-sqlite3 is synchronous: the wait blocks this process's event loop,
       * so a process that must stay responsive (the DNS thread) should keep it short and retry.
       */
      readonly busyTimeoutMs?: number | undefined;
    }
  | {
      readonly kind: 'postgres';
      /** url is a postgres:// connection string; the separate fields below override its parts. */
      readonly url?: string | undefined;
      readonly host?: string | undefined;
      readonly port?: number | undefined;
      readonly database?: string | undefined;
      readonly user?: string | undefined;
      readonly password?: string | undefined;
      readonly ssl?: boolean | undefined;
      /** maxConnections is the pool size (default 10). */
      readonly maxConnections?: number | undefined;
    };

/** DbKind names a supported dialect. */
export type DbKind = DbConfig['kind'];

/** SQLITE_BUSY_TIMEOUT_MS is how long a writer waits for another process (CLI vs. server) to release the lock. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * openSqlite opens a SQLite file with the pragmas the store relies on. Open one per file per process:
 * two connections in one process would wait for each other synchronously and stall the event loop.
 */
export function openSqlite(path: string, busyTimeoutMs = SQLITE_BUSY_TIMEOUT_MS): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  // Set busy_timeout first: switching to WAL itself needs a lock another process may hold.
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  // WAL lets the server read while the CLI writes; synchronous=FULL fsyncs the WAL on every commit, so a
  // change acknowledged to a client survives kill -9 and power loss (NORMAL would not survive the latter).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

// Postgres returns int8 (bigint, used for SOA serials) as strings by default; serials fit in a double.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * createDb opens a Kysely instance for the configured dialect (SQLite via better-sqlite3, Postgres via pg);
 * with an observer, every transaction's duration is reported to it.
 */
export function createDb(config: DbConfig, observer?: DbObserver): Kysely<Database> {
  let dialect: Dialect;
  if (config.kind === 'sqlite') {
    dialect = withWriteLockAtBegin(
      new SqliteDialect({
        database: async () => withStatementCache(openSqlite(config.path, config.busyTimeoutMs)),
      }),
    );
  } else {
    dialect = new PostgresDialect({
      pool: async () =>
        new pg.Pool({
          ...(config.url !== undefined ? { connectionString: config.url } : {}),
          ...(config.host !== undefined ? { host: config.host } : {}),
          ...(config.port !== undefined ? { port: config.port } : {}),
          ...(config.database !== undefined ? { database: config.database } : {}),
          ...(config.user !== undefined ? { user: config.user } : {}),
          ...(config.password !== undefined ? { password: config.password } : {}),
          ...(config.ssl === true ? { ssl: true } : {}),
          max: config.maxConnections ?? 10,
          types: pgTypes,
        }),
    });
  }
  return new Kysely<Database>({ dialect: observer ? observeDialect(dialect, observer) : dialect });
}
