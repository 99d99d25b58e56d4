// Drives Dynzone the way a user does, for the real-client, durability and benchmark runs: the `dynzone` CLI
// as a child process (`zone add`, `host add --json`, `host show --json`) and a spawned `dynzone serve`
// (optionally inside a network namespace), with readiness checks, SIGTERM/SIGKILL and output capture.
// DYNZONE_TEST_CLI may name another JS entry point with the same command-line contract (SPEC §6).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { describeRun, runProgram } from './clients-process.js';
import type { Netns } from './clients-netns.js';

/** REPO_ROOT is the repository checkout (this file runs from dist/test/helpers/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** dynzoneEntry is the JS file that implements the `dynzone` command line. */
export function dynzoneEntry(): string {
  return process.env['DYNZONE_TEST_CLI'] ?? `${REPO_ROOT}dist/src/cli/main.js`;
}

/** HostCredentials is what `dynzone host add --json` prints (SPEC §6). */
export interface HostCredentials {
  readonly hostname: string;
  readonly username: string;
  readonly password: string;
}

/** runDynzone runs one CLI command on `dataDir` and returns stdout; a non-zero exit throws with the output. */
export async function runDynzone(
  dataDir: string,
  args: readonly string[],
  timeoutMs = 30_000,
): Promise<string> {
  const r = await runProgram(process.execPath, [dynzoneEntry(), ...args, '--data-dir', dataDir], {
    timeoutMs,
  });
  if (r.code !== 0) throw new Error(describeRun(`dynzone ${args.join(' ')}`, r));
  return r.stdout;
}

/** addZone creates a zone with the CLI (`dynzone zone add NAME`). */
export async function addZone(dataDir: string, name: string): Promise<void> {
  await runDynzone(dataDir, ['zone', 'add', name]);
}

/** addHost creates a dynamic host with the CLI and returns its generated credentials. */
export async function addHost(
  dataDir: string,
  fqdn: string,
  extra: readonly string[] = [],
): Promise<HostCredentials> {
  const out = await runDynzone(dataDir, ['host', 'add', fqdn, ...extra, '--json']);
  const v = JSON.parse(out) as Partial<HostCredentials>;
  if (typeof v.hostname !== 'string' || typeof v.username !== 'string' || typeof v.password !== 'string') {
    throw new Error(`host add --json printed no {hostname, username, password}: ${out}`);
  }
  return { hostname: v.hostname, username: v.username, password: v.password };
}

/** showHost returns the parsed output of `dynzone host show FQDN --json`. */
export async function showHost(
  dataDir: string,
  fqdn: string,
  extra: readonly string[] = [],
): Promise<unknown> {
  return JSON.parse(await runDynzone(dataDir, ['host', 'show', fqdn, ...extra, '--json'])) as unknown;
}

/** ServeOptions are the flags of one `dynzone serve` process. Addresses are HOST:PORT or [V6]:PORT. */
export interface ServeOptions {
  readonly dataDir: string;
  readonly dnsListen: string;
  readonly httpsListen: string;
  readonly httpListen?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** extraArgs are appended to the serve command line (e.g. ['--demo', '--dns-workers', '2']). */
  readonly extraArgs?: readonly string[];
  /** netns runs the server inside that namespace (its readiness is probed there too). */
  readonly netns?: Netns;
  readonly readyTimeoutMs?: number;
  /** env replaces the server's environment (default: this process's); not used with netns. */
  readonly env?: NodeJS.ProcessEnv;
}

/** ServeProcess is a running `dynzone serve`. */
export interface ServeProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** output is everything the server printed so far (for assertion messages). */
  output(): string;
  /** stop sends SIGTERM and waits (SIGKILL after 10 s); resolves when the process is gone. */
  stop(): Promise<void>;
  /** kill9 sends SIGKILL and resolves when the process is gone. */
  kill9(): Promise<void>;
}

function splitHostPort(text: string): { host: string; port: number } {
  const m = /^\[(.+)\]:(\d+)$/.exec(text) ?? /^(.*):(\d+)$/.exec(text);
  if (!m) throw new Error(`bad HOST:PORT "${text}"`);
  const host = m[1] === '' || m[1] === '0.0.0.0' ? '127.0.0.1' : m[1] === '::' ? '::1' : m[1]!;
  return { host, port: Number(m[2]) };
}

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** serveArgs gives the `dynzone serve` argument list for `opts`. */
export function serveArgs(opts: ServeOptions): string[] {
  const args = [
    'serve',
    '--data-dir',
    opts.dataDir,
    '--dns-listen',
    opts.dnsListen,
    '--https-listen',
    opts.httpsListen,
  ];
  // Not asked for: off, so parallel test servers never compete for serve's default port 8080.
  args.push('--http-listen', opts.httpListen ?? 'none');
  if (opts.tlsCert !== undefined && opts.tlsKey !== undefined)
    args.push('--tls-cert', opts.tlsCert, '--tls-key', opts.tlsKey);
  if (opts.extraArgs !== undefined) args.push(...opts.extraArgs);
  return args;
}

/** startServe spawns `dynzone serve` and resolves once its HTTPS and DNS (TCP) ports accept connections. */
export async function startServe(opts: ServeOptions): Promise<ServeProcess> {
  const argv = [dynzoneEntry(), ...serveArgs(opts)];
  const child = opts.netns
    ? opts.netns.spawn(process.execPath, argv)
    : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const gone = exited(child);
  const kill = async (signal: NodeJS.Signals, graceMs: number): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  };
  const proc: ServeProcess = {
    pid: child.pid ?? -1,
    child,
    output: () => out,
    stop: () => kill('SIGTERM', 10_000),
    kill9: () => kill('SIGKILL', 0),
  };
  const probes = [splitHostPort(opts.httpsListen), splitHostPort(opts.dnsListen)];
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`dynzone serve exited early (${String(child.exitCode ?? child.signalCode)}):\n${out}`);
    }
    let ready = true;
    for (const p of probes) {
      const open = opts.netns ? await opts.netns.tcpOpen(p.port, p.host) : await tcpOpen(p.host, p.port);
      if (!open) {
        ready = false;
        break;
      }
    }
    if (ready) {
      // A listener left over from another process must not pass for this one: it has to still be running.
      await new Promise((r) => setTimeout(r, 100));
      if (child.exitCode === null && child.signalCode === null) return proc;
      continue;
    }
    if (Date.now() > deadline) {
      await proc.kill9();
      throw new Error(
        `dynzone serve did not listen on ${opts.httpsListen} and ${opts.dnsListen} in time:\n${out}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
