// What every administrative command shares: the --config and --data-dir options, opening the configured
// store, and output helpers. Commands get a migrated Store and never see Kysely or file paths beyond the
// data directory.
import type { Command } from 'commander';
import { openDataDir } from '../app/data-dir.js';
import { dbConfigOf } from '../app/config-mapping.js';
import { openStore } from '../store/kysely-store.js';
import type { Store } from '../store/store.js';
import type { DbConfig } from '../store/db.js';
import { cliConfig } from './cli-config.js';

/** DEFAULT_DATA_DIR is where data lives when --data-dir is not given (SPEC §6). */
export const DEFAULT_DATA_DIR = './data';

/** CommonOptions are the options every command accepts. */
export interface CommonOptions {
  /** dataDir is --data-dir; absent: the configuration's data_dir (default DEFAULT_DATA_DIR). */
  readonly dataDir?: string | undefined;
  /** config is --config FILE (default: $DYNZONE_CONFIG, else none). */
  readonly config?: string | undefined;
}

/** addCommonOptions gives a command the options every dynzone command accepts. */
export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      '--data-dir <dir>',
      `data directory, created with mode 0700 if missing (default ${DEFAULT_DATA_DIR})`,
    )
    .option(
      '--config <file>',
      "the server's YAML config file (default $DYNZONE_CONFIG): data_dir, store, defaults",
    );
}

/** openCliStorage resolves the configuration and opens the data directory; gives the store's settings. */
export function openCliStorage(opts: CommonOptions): { dataDir: string; db: DbConfig } {
  const { config } = cliConfig(opts);
  const dir = openDataDir(config.dataDir);
  return { dataDir: dir.path, db: dbConfigOf(config.store) };
}

/** withStore opens (creating if needed) and migrates the configured store, runs `fn`, then closes it. */
export async function withStore<T>(opts: CommonOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(openCliStorage(opts).db);
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** printLine writes one line to stdout. */
export function printLine(text = ''): void {
  process.stdout.write(text + '\n');
}

/** printJson writes a value as stable, indented JSON to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** printNote writes a human note (not an error) to stderr, so stdout stays machine-readable. */
export function printNote(text: string): void {
  process.stderr.write(`dynzone: note: ${text}\n`);
}
