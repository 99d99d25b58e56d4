// An isolated network namespace for the real-client tests: only `lo` (up), and private /etc/hosts and
// /etc/resolv.conf (ip-netns(8) bind-mounts /etc/netns/NAME/* over /etc/* for `ip netns exec`), so that
// ddns.test / domains.google.com resolve to 127.0.0.1, ddns6.test to ::1, and nothing a client does can
// leave the machine (ddclient and inadyn both fall back to public hosts on their own). The server under test
// runs in the same namespace. Needs root (CI runs as root).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { runProgram, type RunOptions, type RunResult } from './clients-process.js';

/** NETNS_HOSTS is the namespace's /etc/hosts: the test names of the PKI point at the loopback addresses. */
export const NETNS_HOSTS = '127.0.0.1 localhost ddns.test domains.google.com\n::1 localhost6 ddns6.test\n';

/** Netns is a created namespace; every method runs its program inside it. */
export interface Netns {
  readonly name: string;
  /** run runs a program inside the namespace to completion (hard time limit, see runProgram). */
  run(cmd: string, args: readonly string[], opts?: RunOptions): Promise<RunResult>;
  /** spawn starts a long-running program inside the namespace; its pid is the program's own pid. */
  spawn(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): ChildProcess;
  /** tcpOpen tells whether something accepts TCP connections on 127.0.0.1:port inside the namespace. */
  tcpOpen(port: number, host?: string): Promise<boolean>;
  /** destroy kills what still runs in the namespace (all started by this test), deletes it and its /etc files. */
  destroy(): Promise<void>;
}

async function ip(args: readonly string[]): Promise<RunResult> {
  const r = await runProgram('ip', args, { timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(`ip ${args.join(' ')} failed (${String(r.code)}): ${r.stderr}`);
  return r;
}

/** createNetns creates a uniquely named namespace with `lo` up and the test hosts/resolv.conf files. */
export async function createNetns(prefix = 'dzt'): Promise<Netns> {
  const name = `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const etc = `/etc/netns/${name}`;
  await mkdir(etc, { recursive: true });
  await writeFile(`${etc}/hosts`, NETNS_HOSTS);
  await writeFile(`${etc}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
  await ip(['netns', 'add', name]);
  await ip(['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  let destroyed = false;
  return {
    name,
    run: (cmd, args, opts) => runProgram('ip', ['netns', 'exec', name, cmd, ...args], opts),
    spawn: (cmd, args, env) =>
      spawn('ip', ['netns', 'exec', name, cmd, ...args], {
        env: env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    async tcpOpen(port, host = '127.0.0.1') {
      const r = await runProgram(
        'ip',
        ['netns', 'exec', name, 'bash', '-c', `exec 3<>/dev/tcp/${host}/${port}`],
        {
          timeoutMs: 3000,
        },
      );
      return r.code === 0;
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      const pids = await runProgram('ip', ['netns', 'pids', name], { timeoutMs: 5000 });
      for (const pid of pids.stdout.split(/\s+/).filter(Boolean).map(Number)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await runProgram('ip', ['netns', 'del', name], { timeoutMs: 10_000 });
      await rm(etc, { recursive: true, force: true });
    },
  };
}
