// SQLite write transactions take the write lock when they begin (BEGIN IMMEDIATE), not at their first
// write. A deferred transaction that reads first and writes later cannot wait for another process's writer:
// SQLite refuses the upgrade at once with SQLITE_BUSY(_SNAPSHOT), without using busy_timeout, so a CLI
// edit beside a busy server failed with "the database is busy". Taking the lock first lets busy_timeout
// queue the writers. Transactions marked read only (`setAccessMode('read only')`) stay deferred: they read
// one snapshot and never hold the write lock.
import { CompiledQuery, type DatabaseConnection, type Dialect, type TransactionSettings } from 'kysely';
import { DriverWrapper, wrapDialect } from './driver-wrapper.js';

/** withWriteLockAtBegin wraps an SQLite dialect so that its write transactions begin immediate. */
export function withWriteLockAtBegin(inner: Dialect): Dialect {
  return wrapDialect(inner, (driver) => new WriteLockDriver(driver));
}

class WriteLockDriver extends DriverWrapper {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    const mode = settings.accessMode === 'read only' ? 'deferred' : 'immediate';
    await connection.executeQuery(CompiledQuery.raw(`begin ${mode}`));
  }
}
