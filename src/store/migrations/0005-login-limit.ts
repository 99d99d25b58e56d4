// Migration 0005: the failed-login limit of SPEC §2.3 keyed by source and login. auth_failures gains the
// login an attempt named (a digest of the username, never the text: a password typed into the username
// field must not sit in the database), and each login remembers the last source, per address family, it
// authenticated from, so a limit reached at that address by others does not lock its owner out.
// Append-only; rows written before have no login and count for their source only.
import type { Kysely, Migration } from 'kysely';
import type { DbKind } from '../db.js';

/** migration0005 adds auth_failures.login and host_credentials.last_source_v4 / last_source_v6. */
export function migration0005(_kind: DbKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('auth_failures').addColumn('login', 'text').execute();
      await db.schema.alterTable('host_credentials').addColumn('last_source_v4', 'text').execute();
      await db.schema.alterTable('host_credentials').addColumn('last_source_v6', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('host_credentials').dropColumn('last_source_v6').execute();
      await db.schema.alterTable('host_credentials').dropColumn('last_source_v4').execute();
      await db.schema.alterTable('auth_failures').dropColumn('login').execute();
    },
  };
}
