// The SPEC §6 promise for administrative commands: they work while a server has the same data directory
// open, and the server sees their changes within one second. The "server" here is the real journal
// follower (app/change-feed.ts) over a store opened in this process; the CLI runs as a separate process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DnsName } from '../dns/name.js';
import { RRType } from '../dns/constants.js';
import { openDataDir } from '../app/data-dir.js';
import { startChangeFeed } from '../app/change-feed.js';
import { openStore } from '../store/kysely-store.js';
import { ZoneCatalog } from '../zone/catalog.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const quiet = { info: () => {}, warn: () => {} };

function run(dataDir: string, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args, '--data-dir', dataDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** waitFor polls `check` until it holds and gives the time it took after the CLI exited. */
async function waitFor(check: () => boolean, limitMs: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > limitMs) throw new Error(`not visible within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

test('CLI changes reach a running server through the journal within one second', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dynzone-live-'));
  const dataDir = join(root, 'data');
  const store = openStore({ kind: 'sqlite', path: openDataDir(dataDir).database });
  await store.migrate();
  const catalog = new ZoneCatalog();
  const feed = startChangeFeed({
    store,
    catalog,
    afterId: await store.latestJournalId(),
    intervalMs: 200,
    log: quiet,
  });
  const origin = DnsName.parse('live.test.');
  const www = DnsName.parse('www.live.test.');
  try {
    const steps: Array<[string[], () => boolean]> = [
      [['zone', 'add', 'live.test', '--ns', 'ns.example.net'], () => catalog.get(origin) !== undefined],
      [
        ['record', 'add', 'live.test', 'www', 'A', '192.0.2.7'],
        () => catalog.get(origin)?.getRRset(www, RRType.A)?.rdatas.length === 1,
      ],
      [
        ['record', 'delete', 'live.test', 'www'],
        () => catalog.get(origin)?.getRRset(www, RRType.A) === undefined,
      ],
      [['zone', 'delete', 'live.test'], () => catalog.get(origin) === undefined],
    ];
    for (const [args, visible] of steps) {
      const r = await run(dataDir, args);
      assert.equal(r.code, 0, `dynzone ${args.join(' ')}: ${r.stderr}`);
      const ms = await waitFor(visible, 1000);
      assert.ok(ms <= 1000, `${args.join(' ')} took ${ms} ms`);
    }
  } finally {
    await feed.close();
    await store.close();
    rmSync(root, { recursive: true, force: true });
  }
});
