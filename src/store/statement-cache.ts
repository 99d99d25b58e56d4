// A prepared-statement cache in front of a better-sqlite3 connection, for Kysely's SqliteDialect (which
// prepares every query anew). Kysely emits the same SQL text for the same query shape, so the few dozen
// shapes the product runs are compiled by SQLite once instead of on every update. Bounded (least recently
// used first out), so queries with varying shapes (IN lists of different lengths) cannot grow it forever.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** STATEMENT_CACHE_SIZE bounds the prepared statements kept per connection. */
export const STATEMENT_CACHE_SIZE = 256;

/** withStatementCache wraps a connection so that prepare() reuses statements by SQL text. */
export function withStatementCache(db: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt !== undefined) {
        // Re-insert: Map keeps insertion order, so the first key is the least recently used.
        cache.delete(sql);
      } else {
        stmt = db.prepare(sql) as unknown as SqliteStatement;
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close(): void {
      cache.clear();
      db.close();
    },
  };
}
