// Runs `dynzone client` the way a user does — the real command line as a child process, inside the test's
// network namespace when one is given — and writes its config files. For the real-server and real-client
// tests, where the process's exit status, its log and the server's state are what is asserted.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dynzoneEntry } from '../helpers/clients-dynzone.js';
import { runProgram, type RunResult } from '../helpers/clients-process.js';
import type { Netns } from '../helpers/clients-netns.js';

/** runClientOnce runs `dynzone client --config FILE --once` to completion (30 s limit). */
export function runClientOnce(
  configFile: string,
  o: { netns?: Netns | undefined; extra?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  const args = [dynzoneEntry(), 'client', '--config', configFile, '--once', ...(o.extra ?? [])];
  const opts = { timeoutMs: 30_000, env: o.env ?? process.env };
  return o.netns ? o.netns.run(process.execPath, args, opts) : runProgram(process.execPath, args, opts);
}

/** ClientDaemon is a running `dynzone client` without --once. */
export interface ClientDaemon {
  readonly child: ChildProcess;
  output(): string;
  /** exited resolves with the exit code (or signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
}

/** startClientDaemon spawns `dynzone client --config FILE` (daemon mode). */
export function startClientDaemon(
  configFile: string,
  netns?: Netns,
  extra: readonly string[] = [],
): ClientDaemon {
  const args = [dynzoneEntry(), 'client', '--config', configFile, ...extra];
  const child = netns
    ? netns.spawn(process.execPath, args)
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, output: () => out, exited };
}

/** writeYaml writes a config file (the text as given, so tests show exactly what a user would write). */
export async function writeYaml(file: string, text: string): Promise<string> {
  await writeFile(file, text.replace(/^\n/, ''));
  return file;
}
