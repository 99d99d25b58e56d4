// What every administrative command shares: the --data-dir option, opening the store in it, and output
// helpers. Commands get a migrated Store and never see Kysely or file paths beyond the data directory.
import type { Command } from 'commander';
import { openDataDir } from '../app/data-dir.js';
import { openStore } from '../store/kysely-store.js';
import type { Store } from '../store/store.js';

/** DEFAULT_DATA_DIR is where data lives when --data-dir is not given (SPEC §6). */
export const DEFAULT_DATA_DIR = './data';

/** CommonOptions are the options every command accepts. */
export interface CommonOptions {
  readonly dataDir: string;
}

/** addCommonOptions gives a command the options every dynzone command accepts. */
export function addCommonOptions(cmd: Command): Command {
  return cmd.option(
    '--data-dir <dir>',
    'data directory (created with mode 0700 if missing)',
    DEFAULT_DATA_DIR,
  );
}

/** withStore opens (creating if needed) and migrates the store in the data directory, runs `fn`, then closes it. */
export async function withStore<T>(opts: CommonOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const dir = openDataDir(opts.dataDir);
  const store = openStore({ kind: 'sqlite', path: dir.database });
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
