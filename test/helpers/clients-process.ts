// Runs external programs for the real-client tests with a hard time limit: the whole output is collected,
// the process is SIGKILLed when the limit passes, and the result says so. Never throws for a non-zero exit;
// callers assert on code and output themselves, so failure messages can show what the program printed.
import { spawn } from 'node:child_process';

/** RunResult is how one program run ended. `code` is null when it was killed (see `timedOut`). */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** RunOptions tune runProgram; `timeoutMs` defaults to 30 s. */
export interface RunOptions {
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly input?: string;
}

/** runProgram runs `cmd args` to completion or until the time limit, and reports exit code and output. */
export function runProgram(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, stdout, stderr, timedOut });
    });
    // A program that exits without reading stdin makes the write fail with EPIPE; that is not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** describeRun formats a result for an assertion message. */
export function describeRun(what: string, r: RunResult): string {
  const how = r.timedOut ? 'timed out' : `exited ${String(r.code)}`;
  return `${what} ${how}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}
