// Migration 0003: dynamic hosts (SPEC §1, §2). Credentials, hosts, their update history, the abuse events
// counted in the SPEC §2.3 windows, and failed authentications per source address for rate limiting.
// Passwords are stored only as a keyed verifier plus an encrypted copy; the key lives outside the database.
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { DbKind } from '../db.js';
import { addIdColumn } from './column-helpers.js';

/** migration0003 creates host_credentials, hosts, host_history, abuse_events and auth_failures. */
export function migration0003(kind: DbKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One credential may cover several hosts (a router updating many names with one login).
      await addIdColumn(db.schema.createTable('host_credentials'), kind)
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('password_enc', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await addIdColumn(db.schema.createTable('hosts'), kind)
        .addColumn('zone_id', 'integer', (c) => c.notNull().references('zones.id').onDelete('cascade'))
        .addColumn('credential_id', 'integer', (c) => c.notNull().references('host_credentials.id'))
        .addColumn('owner_account_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
        // Absolute, lowercase presentation form ("home.dyn.example.test.").
        .addColumn('owner', 'text', (c) => c.notNull().unique())
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('dual', 'single')`))
        .addColumn('ttl', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(60)
            .check(sql`ttl between 30 and 86400`),
        )
        .addColumn('ipv4', 'text')
        .addColumn('ipv6', 'text')
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('online', 'offline', 'blocked')`))
        .addColumn('blocked_until', 'text')
        .addColumn('updates_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('nochg_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('last_update_at', 'text')
        .execute();
      await db.schema.createIndex('hosts_zone_id').on('hosts').column('zone_id').execute();
      await db.schema.createIndex('hosts_credential_id').on('hosts').column('credential_id').execute();

      await addIdColumn(db.schema.createTable('host_history'), kind)
        .addColumn('host_id', 'integer', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('old_ipv4', 'text')
        .addColumn('new_ipv4', 'text')
        .addColumn('old_ipv6', 'text')
        .addColumn('new_ipv6', 'text')
        .addColumn('old_state', 'text')
        .addColumn('new_state', 'text')
        .addColumn('source_ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('answer', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('host_history_host_at')
        .on('host_history')
        .columns(['host_id', 'at'])
        .execute();

      // kind 'nochg' or 'fault' (badauth/nohost/notfqdn/conflict); only the last window's rows matter.
      await addIdColumn(db.schema.createTable('abuse_events'), kind)
        .addColumn('host_id', 'integer', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('nochg', 'fault')`))
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('abuse_events_host_at')
        .on('abuse_events')
        .columns(['host_id', 'kind', 'at'])
        .execute();

      await addIdColumn(db.schema.createTable('auth_failures'), kind)
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('auth_failures_source_at')
        .on('auth_failures')
        .columns(['source', 'at'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['auth_failures', 'abuse_events', 'host_history', 'hosts', 'host_credentials']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
