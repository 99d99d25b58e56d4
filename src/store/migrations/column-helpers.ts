// Small DDL helpers shared by migrations, so each migration reads the same on both dialects. Only the
// auto-increment id differs: SQLite needs AUTOINCREMENT (ids never reused, the journal id is a feed
// position), Postgres uses a serial sequence.
import type { CreateTableBuilder } from 'kysely';
import type { DbKind } from '../db.js';

/** addIdColumn adds an auto-increment integer primary key named `id`. */
export function addIdColumn<T extends string>(
  table: CreateTableBuilder<T, never>,
  kind: DbKind,
): CreateTableBuilder<T, 'id'> {
  return kind === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
