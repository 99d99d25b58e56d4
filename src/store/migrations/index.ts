// The ordered list of migrations, served to Kysely's Migrator by a static provider (no file-system
// scanning, so it works from dist/, bundles and both dialects alike). Append new migrations at the end.
import type { Migration, MigrationProvider } from 'kysely';
import type { DbKind } from '../db.js';
import { migration0001 } from './0001-zones.js';
import { migration0002 } from './0002-journal.js';
import { migration0003 } from './0003-hosts.js';
import { migration0004 } from './0004-console-auth.js';
import { migration0005 } from './0005-login-limit.js';

/** createMigrationProvider gives every migration, keyed by a name that sorts in application order. */
export function createMigrationProvider(kind: DbKind): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001-zones': migration0001(kind),
        '0002-journal': migration0002(kind),
        '0003-hosts': migration0003(kind),
        '0004-console-auth': migration0004(kind),
        '0005-login-limit': migration0005(kind),
      };
    },
  };
}
