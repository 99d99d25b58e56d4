// SQLite write transactions take the write lock when they begin (BEGIN IMMEDIATE), not at their first
// write. A deferred transaction that reads first and writes later cannot wait for another process's writer:
// SQLite refuses the upgrade at once with SQLITE_BUSY(_SNAPSHOT), without using busy_timeout, so a CLI
// edit beside a busy server failed with "the database is busy". Taking the lock first lets busy_timeout
// queue the writers. Transactions marked read only (`setAccessMode('read only')`) stay deferred: they read
// one snapshot and never hold the write lock.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type TransactionSettings,
} from 'kysely';

/** withWriteLockAtBegin wraps an SQLite dialect so that its write transactions begin immediate. */
export function withWriteLockAtBegin(inner: Dialect): Dialect {
  return {
    createDriver: () => new WriteLockDriver(inner.createDriver()),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
  };
}

class WriteLockDriver implements Driver {
  readonly #inner: Driver;
  readonly savepoint?: Driver['savepoint'];
  readonly rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  readonly releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(inner: Driver) {
    this.#inner = inner;
    // Kysely checks whether these optional methods exist, so copy only the ones the dialect has.
    if (inner.savepoint) this.savepoint = inner.savepoint.bind(inner);
    if (inner.rollbackToSavepoint) this.rollbackToSavepoint = inner.rollbackToSavepoint.bind(inner);
    if (inner.releaseSavepoint) this.releaseSavepoint = inner.releaseSavepoint.bind(inner);
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return this.#inner.acquireConnection();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const mode = settings.accessMode === 'read only' ? 'deferred' : 'immediate';
    await connection.executeQuery(CompiledQuery.raw(`begin ${mode}`));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}
