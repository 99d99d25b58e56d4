// Starts and stops a real Knot DNS (`knotd`) as the reference server for interop tests: a temp directory,
// a generated config serving the given zone files on a free 127.0.0.1 port, readiness checked with `kdig`,
// and a stop() that terminates the process and removes the directory. Knot's own defaults are kept except
// where noted, so differences reflect Knot's real behaviour.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from './ports.js';

/** ZoneFile names a master file and its origin (absolute, with the trailing dot). */
export interface ZoneFile {
  readonly origin: string;
  readonly file: string;
}

/** RunningServer is an external DNS server listening on host:port (UDP and TCP). */
export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** output returns what the server printed so far (for failure messages). */
  output(): string;
  /** stop terminates the server (SIGTERM, then SIGKILL after 5 s) and removes its files. */
  stop(): Promise<void>;
}

/** runTool runs a command with a hard timeout and resolves with its stdout (stderr appended on failure). */
export function runTool(cmd: string, args: readonly string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

/** waitForAnswer polls with kdig until the server answers `origin SOA` with NOERROR, or throws. */
export async function waitForAnswer(
  port: number,
  origin: string,
  child: ChildProcess | undefined,
  output: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const out = await runTool(
        'kdig',
        [`@127.0.0.1`, '-p', String(port), '+time=1', '+retry=0', origin, 'SOA'],
        3000,
      );
      if (out.includes('status: NOERROR')) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on port ${port} did not answer ${origin} SOA within ${timeoutMs} ms:\n${output()}`);
}

/** spawnServer starts a daemon in the foreground, collecting its output, and returns a RunningServer. */
export async function spawnServer(
  cmd: string,
  args: readonly string[],
  port: number,
  readyOrigin: string,
  dir: string,
): Promise<RunningServer> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killTimer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForAnswer(port, readyOrigin, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { host: '127.0.0.1', port, output: () => log, stop };
}

/** startKnot serves `zones` with knotd on a free 127.0.0.1 port (UDP and TCP) and waits until it answers. */
export async function startKnot(zones: readonly ZoneFile[]): Promise<RunningServer> {
  if (zones.length === 0) throw new Error('startKnot needs at least one zone');
  const dir = await mkdtemp(join(tmpdir(), 'dynzone-knot-'));
  const port = await findFreePort();
  // identity/version/nsid empty: Knot then refuses CHAOS queries instead of answering id.server and
  // version.bind, which Dynzone does not serve (SPEC §3 serves class IN only).
  const conf = [
    'server:',
    `    rundir: "${dir}"`,
    `    listen: 127.0.0.1@${port}`,
    '    udp-workers: 1',
    '    tcp-workers: 1',
    '    background-workers: 1',
    '    identity: ""',
    '    version: ""',
    'log:',
    '  - target: stderr',
    '    any: warning',
    'database:',
    `    storage: "${dir}"`,
    'template:',
    '  - id: default',
    `    storage: "${dir}"`,
    '    semantic-checks: off',
    '    journal-content: none',
    '    zonefile-sync: -1',
    '    zonefile-load: whole',
    'zone:',
    ...zones.flatMap((z) => [`  - domain: ${z.origin}`, `    file: "${resolve(z.file)}"`]),
    '',
  ].join('\n');
  const confPath = join(dir, 'knot.conf');
  await writeFile(confPath, conf);
  return spawnServer('knotd', ['-c', confPath], port, zones[0]!.origin, dir);
}

/** startNsd serves `zones` with NSD (a second reference, used to check the harness itself). */
export async function startNsd(zones: readonly ZoneFile[]): Promise<RunningServer> {
  if (zones.length === 0) throw new Error('startNsd needs at least one zone');
  const dir = await mkdtemp(join(tmpdir(), 'dynzone-nsd-'));
  const port = await findFreePort();
  const conf = [
    'server:',
    `    ip-address: 127.0.0.1@${port}`,
    '    server-count: 1',
    `    zonesdir: "${dir}"`,
    `    database: ""`,
    `    pidfile: "${dir}/nsd.pid"`,
    `    xfrdfile: "${dir}/xfrd.state"`,
    `    zonelistfile: "${dir}/zone.list"`,
    `    xfrdir: "${dir}"`,
    '    username: ""',
    '    hide-version: yes',
    '    hide-identity: yes',
    '    verbosity: 0',
    'remote-control:',
    '    control-enable: no',
    ...zones.flatMap((z) => ['zone:', `    name: ${z.origin}`, `    zonefile: "${resolve(z.file)}"`]),
    '',
  ].join('\n');
  const confPath = join(dir, 'nsd.conf');
  await writeFile(confPath, conf);
  return spawnServer('nsd', ['-d', '-c', confPath], port, zones[0]!.origin, dir);
}
