// Migration 0002: the journal, the ordered change feed that running servers poll to pick up changes made
// by other processes (the CLI, other nodes) without re-reading every zone.
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { DbKind } from '../db.js';
import { addIdColumn } from './column-helpers.js';

/** migration0002 creates the journal table. */
export function migration0002(kind: DbKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addIdColumn(db.schema.createTable('journal'), kind)
        // Deliberately no foreign key: the 'delete' entry must outlive its zone.
        .addColumn('zone_id', 'integer', (c) => c.notNull())
        .addColumn('zone_name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('changeset', 'create', 'delete')`))
        // SOA serials are unsigned 32-bit (RFC 1982): too wide for a Postgres integer.
        .addColumn('from_serial', 'bigint')
        .addColumn('to_serial', 'bigint')
        .addColumn('removed', 'text', (c) => c.notNull())
        .addColumn('added', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('journal_zone_name').on('journal').column('zone_name').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('journal').execute();
    },
  };
}
