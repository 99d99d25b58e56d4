// The data directory: where the SQLite store, the server's secret key and generated TLS material live.
import { mkdirSync, chmodSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** DataDir names the files kept in the data directory. */
export interface DataDir {
  readonly path: string;
  readonly database: string;
}

/** openDataDir creates the directory (mode 0700) if needed and returns its file names. */
export function openDataDir(path: string): DataDir {
  const abs = resolve(path);
  if (!existsSync(abs)) {
    mkdirSync(abs, { recursive: true, mode: 0o700 });
    chmodSync(abs, 0o700);
  }
  return { path: abs, database: join(abs, 'dynzone.db') };
}
