// Opens every store of one database at once (zones and records, dynamic hosts, accounts' sessions and
// tokens) over a single connection, so their writes can share transactions.
import { createDb, type DbConfig } from './db.js';
import type { DbObserver } from './observed-dialect.js';
import { KyselyStore } from './kysely-store.js';
import { createHostsStore, type HostsStore } from './hosts-store.js';
import { createAccountsStore, type AccountsStore } from './accounts-store.js';
import type { Store } from './store.js';

/** Stores are the persistence ports of one database. */
export interface Stores {
  readonly store: Store;
  readonly hosts: HostsStore;
  readonly accounts: AccountsStore;
}

/**
 * openStores opens the database for `config` (call store.migrate() before use; store.close() closes all);
 * `observer` is told about every statement (metrics).
 */
export function openStores(config: DbConfig, observer?: DbObserver): Stores {
  const db = createDb(config, observer);
  return {
    store: new KyselyStore(db, config.kind),
    hosts: createHostsStore(db),
    accounts: createAccountsStore(db),
  };
}
