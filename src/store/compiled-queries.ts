// Keeps the compiled SQL of the statements the update path runs on every request. Kysely builds and
// compiles a query tree on each call (about 10 µs, several times per update); for one query shape the SQL
// text never changes, only its parameters. So the first call of a shape compiles the query and later calls
// run the kept SQL with their own parameters. Dialect-neutral: the kept SQL is whatever this database's
// dialect compiled (placeholders `?` for SQLite, `$n` for Postgres).
import type { Compilable, CompiledQuery, QueryResult } from 'kysely';

/** QueryRunner is what runs a compiled query: the Kysely instance or an open transaction. */
export interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/**
 * CompiledQueries runs queries by shape. A shape names one SQL text: everything that changes the SQL (not
 * just the values) must be part of it, e.g. whether a column is compared with `=` or `is null`.
 */
export class CompiledQueries {
  readonly #byShape = new Map<string, CompiledQuery<unknown>>();

  /**
   * run executes the query of `shape`. `params` are the values of this call in the order the query takes
   * them; the first call builds the query with `build` (from the same values) and checks that its
   * parameters are exactly `params`, so a wrong order fails at once instead of writing the wrong column.
   */
  async run<R>(
    on: QueryRunner,
    shape: string,
    params: readonly unknown[],
    build: () => Compilable<R>,
  ): Promise<QueryResult<R>> {
    const kept = this.#byShape.get(shape) as CompiledQuery<R> | undefined;
    if (kept !== undefined) return on.executeQuery({ ...kept, parameters: params });
    const compiled = build().compile();
    if (!sameValues(compiled.parameters, params)) {
      throw new Error(
        `query shape ${shape}: the query takes ${JSON.stringify(compiled.parameters)}, not ${JSON.stringify(params)}`,
      );
    }
    this.#byShape.set(shape, compiled as CompiledQuery<unknown>);
    return on.executeQuery(compiled);
  }

  /** size is the number of shapes kept (for tests). */
  get size(): number {
    return this.#byShape.size;
  }
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
