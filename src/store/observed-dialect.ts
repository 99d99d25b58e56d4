// Times every store transaction, whichever dialect runs it: a Kysely Dialect wrapper whose driver notes
// when a connection begins a transaction and reports the elapsed time at commit or rollback. The store
// code stays unaware of metrics; app/ passes the observer in.
import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  TransactionSettings,
} from 'kysely';

/** TransactionOutcome tells how a transaction ended. */
export type TransactionOutcome = 'commit' | 'rollback';

/** DbObserver is told the duration of every finished transaction, in seconds. */
export interface DbObserver {
  transactionFinished(seconds: number, outcome: TransactionOutcome): void;
}

/** observeDialect wraps `inner` so that `observer` sees every transaction's duration. */
export function observeDialect(inner: Dialect, observer: DbObserver): Dialect {
  return {
    createDriver: (): Driver => new ObservedDriver(inner.createDriver(), observer),
    createQueryCompiler: (): QueryCompiler => inner.createQueryCompiler(),
    createAdapter: (): DialectAdapter => inner.createAdapter(),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own signature
    createIntrospector: (db: Kysely<any>): DatabaseIntrospector => inner.createIntrospector(db),
  };
}

class ObservedDriver implements Driver {
  readonly #inner: Driver;
  readonly #observer: DbObserver;
  readonly #started = new WeakMap<DatabaseConnection, number>();
  readonly savepoint?: Driver['savepoint'];
  readonly rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  readonly releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(inner: Driver, observer: DbObserver) {
    this.#inner = inner;
    this.#observer = observer;
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
    this.#started.set(connection, performance.now());
    await this.#inner.beginTransaction(connection, settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.commitTransaction(connection);
    } finally {
      this.#finish(connection, 'commit');
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.rollbackTransaction(connection);
    } finally {
      this.#finish(connection, 'rollback');
    }
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
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
