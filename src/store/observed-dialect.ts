// Times every store transaction, whichever dialect runs it: a Kysely Dialect wrapper whose driver notes
// when a connection begins a transaction and reports the elapsed time at commit or rollback. The store
// code stays unaware of metrics; app/ passes the observer in.
import type { DatabaseConnection, Dialect, Driver, TransactionSettings } from 'kysely';
import { DriverWrapper, wrapDialect } from './driver-wrapper.js';

/** TransactionOutcome tells how a transaction ended. */
export type TransactionOutcome = 'commit' | 'rollback';

/** DbObserver is told the duration of every finished transaction, in seconds. */
export interface DbObserver {
  transactionFinished(seconds: number, outcome: TransactionOutcome): void;
}

/** observeDialect wraps `inner` so that `observer` sees every transaction's duration. */
export function observeDialect(inner: Dialect, observer: DbObserver): Dialect {
  return wrapDialect(inner, (driver) => new ObservedDriver(driver, observer));
}

class ObservedDriver extends DriverWrapper {
  readonly #observer: DbObserver;
  readonly #started = new WeakMap<DatabaseConnection, number>();

  constructor(inner: Driver, observer: DbObserver) {
    super(inner);
    this.#observer = observer;
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    this.#started.set(connection, performance.now());
    await this.inner.beginTransaction(connection, settings);
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.commitTransaction(connection);
    } finally {
      this.#finish(connection, 'commit');
    }
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.rollbackTransaction(connection);
    } finally {
      this.#finish(connection, 'rollback');
    }
  }

  #finish(connection: DatabaseConnection, outcome: TransactionOutcome): void {
    const start = this.#started.get(connection);
    if (start === undefined) return;
    this.#started.delete(connection);
    try {
      this.#observer.transactionFinished((performance.now() - start) / 1000, outcome);
    } catch {
      // an observer failure must never fail a transaction
    }
  }
}
