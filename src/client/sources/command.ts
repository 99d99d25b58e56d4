// Address source `command`: run a shell command and take the addresses it prints, in order (SPEC §5:
// "first address printed"; the detector skips ones that are not publishable). A non-zero exit, a signal or
// the time limit is an error. The command's output is not logged beyond a short excerpt.
import { spawn } from 'node:child_process';
import { ClientError } from '../errors.js';

/** CommandSourceOptions are what one command run needs. */
export interface CommandSourceOptions {
  readonly command: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** commandCandidates runs `sh -c command` and gives every whitespace/comma-separated word it printed. */
export function commandCandidates(o: CommandSourceOptions): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', o.command], {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: o.signal,
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      if (out.length < 65536) out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 4096) err += d.toString();
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new ClientError('ERR_CLIENT_DETECT', `command "${o.command}" could not run: ${e.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const how = signal ? `was killed (${signal})` : `exited ${String(code)}`;
        const excerpt = err.trim().split('\n')[0]?.slice(0, 120) ?? '';
        reject(
          new ClientError(
            'ERR_CLIENT_DETECT',
            `command "${o.command}" ${how}${excerpt ? `: ${excerpt}` : ''}`,
          ),
        );
        return;
      }
      // Words may carry a prefix length (ip -o addr: 2001:db8::1/64) or brackets; strip both.
      const words = out
        .split(/[\s,;]+/)
        .map((w) => w.replace(/^\[|\]$/g, '').replace(/\/\d+$/, ''))
        .filter((w) => w.length > 0);
      resolve(words);
    });
  });
}
