// Migration 0004: console sign-in sessions and API tokens (issue 4). Both keep only a SHA-256 digest of
// their secret, so a copy of the database lets no one act as a signed-in user. Append-only.
import type { Kysely, Migration } from 'kysely';
import type { DbKind } from '../db.js';
import { addIdColumn } from './column-helpers.js';

/** migration0004 creates the sessions and api_tokens tables. */
export function migration0004(kind: DbKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addIdColumn(db.schema.createTable('sessions'), kind)
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        // Sent to the console in the sign-in answer and echoed in X-CSRF-Token on every change.
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_account_id').on('sessions').column('account_id').execute();

      await addIdColumn(db.schema.createTable('api_tokens'), kind)
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        // The first characters of the token, shown in lists so the owner can tell tokens apart.
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();
      await db.schema.createIndex('api_tokens_account_id').on('api_tokens').column('account_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('api_tokens').execute();
      await db.schema.dropTable('sessions').execute();
    },
  };
}
