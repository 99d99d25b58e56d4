// Migration 0001: accounts, zones and their resource records. Append-only: never edit a shipped migration,
// add a new file instead.
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { DbKind } from '../db.js';
import { addIdColumn } from './column-helpers.js';

/** migration0001 creates the accounts, zones and records tables. */
export function migration0001(kind: DbKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addIdColumn(db.schema.createTable('accounts'), kind)
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await addIdColumn(db.schema.createTable('zones'), kind)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('owner_account_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
        .addColumn('ns_mode', 'text', (c) =>
          c
            .notNull()
            .defaultTo('default')
            .check(sql`ns_mode in ('default', 'custom')`),
        )
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await addIdColumn(db.schema.createTable('records'), kind)
        .addColumn('zone_id', 'integer', (c) => c.notNull().references('zones.id').onDelete('cascade'))
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('owner_key', 'text', (c) => c.notNull())
        .addColumn('type', 'integer', (c) => c.notNull())
        .addColumn('ttl', 'integer', (c) => c.notNull())
        .addColumn('rdata', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('records_zone_owner_type')
        .on('records')
        .columns(['zone_id', 'owner_key', 'type'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('records').execute();
      await db.schema.dropTable('zones').execute();
      await db.schema.dropTable('accounts').execute();
    },
  };
}
