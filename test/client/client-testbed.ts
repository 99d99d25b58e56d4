// Shared set-up of the updater client's stand-in tests: a temp directory with the test PKI, a scripted
// dyndns2 stand-in (test/helpers/dyndns2-standin.ts), and a way to write a real config file and open an
// Updater on it with a ManualClock, a fixed jitter source and a MemoryLog.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../helpers/clients-pki.js';
import { startDyndns2Standin, type Standin } from '../helpers/dyndns2-standin.js';
import { ManualClock } from '../helpers/client-fake-clock.js';
import { MemoryLog } from '../helpers/client-memory-log.js';
import { loadClientConfig, type ClientConfig } from '../../src/client/config.js';
import { Updater } from '../../src/client/updater.js';

/** Testbed is the PKI, the stand-in and a scratch directory. */
export interface Testbed {
  readonly dir: string;
  readonly pki: TestPki;
  readonly standin: Standin;
  close(): Promise<void>;
}

/** startTestbed makes the scratch directory, the PKI and the stand-in. */
export async function startTestbed(prefix: string): Promise<Testbed> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const pki = await createTestPki(dir);
  const standin = await startDyndns2Standin(pki);
  return {
    dir,
    pki,
    standin,
    close: async () => {
      await standin.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** AccountSpec is one account of a generated config (YAML fragments for the sources). */
export interface AccountSpec {
  readonly server?: string;
  readonly username?: string;
  readonly password?: string;
  readonly hostnames: readonly string[];
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly allowPrivate?: boolean;
  readonly caFile?: string | null;
}

/** ClientRig is an Updater on a config file in the testbed, with its fake clock and log. */
export interface ClientRig {
  readonly configFile: string;
  readonly config: ClientConfig;
  readonly clock: ManualClock;
  readonly log: MemoryLog;
  readonly updater: Updater;
}

let serial = 0;

/** writeClientConfig writes a config YAML for `accounts` into the testbed and returns its path. */
export async function writeClientConfig(
  tb: Testbed,
  accounts: readonly AccountSpec[],
  opts: { name?: string; cache?: string } = {},
): Promise<string> {
  const name = opts.name ?? `client-${++serial}`;
  const lines = ['interval: 300', `cache: ${opts.cache ?? `${name}.cache.json`}`, 'timeout: 5', 'accounts:'];
  for (const a of accounts) {
    lines.push(`  - server: ${a.server ?? tb.standin.url}`);
    if (a.username !== undefined || a.server === undefined)
      lines.push(`    username: ${a.username ?? 'user1'}`);
    if (a.password !== undefined || a.server === undefined)
      lines.push(`    password: ${JSON.stringify(a.password ?? 'secret-pass-1')}`);
    if (a.caFile !== null) lines.push(`    ca_file: ${a.caFile ?? tb.pki.caCert}`);
    lines.push(`    hostnames: [${a.hostnames.join(', ')}]`);
    if (a.ipv4 !== undefined) lines.push(`    ipv4: ${a.ipv4}`);
    if (a.ipv6 !== undefined) lines.push(`    ipv6: ${a.ipv6}`);
    if (a.allowPrivate) lines.push('    allow_private: true');
  }
  const file = join(tb.dir, `${name}.yaml`);
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

/** openRig writes the config (or reuses `configFile`) and opens an Updater on it. */
export async function openRig(
  tb: Testbed,
  accounts: readonly AccountSpec[] | string,
  o: { clock?: ManualClock; random?: () => number; log?: MemoryLog; retryStopped?: boolean } = {},
): Promise<ClientRig> {
  const configFile = typeof accounts === 'string' ? accounts : await writeClientConfig(tb, accounts);
  const config = loadClientConfig(configFile);
  const clock = o.clock ?? new ManualClock();
  const log = o.log ?? new MemoryLog();
  const updater = await Updater.open({
    config,
    clock,
    log,
    random: o.random ?? (() => 0),
    retryStopped: o.retryStopped,
  });
  return { configFile, config, clock, log, updater };
}

/** fixed gives the YAML of a fixed source. */
export function fixed(address: string): string {
  return `{ source: fixed, address: "${address}" }`;
}
