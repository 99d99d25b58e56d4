// Helpers for the operations tests (test/ops): scrape /metrics and read it with a Prometheus text-format
// parser library, plain HTTP(S) GETs, waiting for log lines of a spawned `dynzone serve`, and temporary
// YAML config files.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import https from 'node:https';
import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format';
import { dynzoneEntry, type ServeProcess } from './clients-dynzone.js';

/** HttpResult is a status and body. */
export interface HttpResult {
  readonly status: number;
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
}

/** httpGet fetches a URL (http or https; `ca` trusts a test CA) with a hard timeout. */
export function httpGet(
  url: string,
  opts: { ca?: string | Buffer; timeoutMs?: number } = {},
): Promise<HttpResult> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(
      url,
      { ...(opts.ca ? { ca: opts.ca } : {}), timeout: opts.timeoutMs ?? 5000, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

/** Scrape is a parsed /metrics page. */
export interface Scrape {
  readonly families: readonly PromFamily[];
  /** value sums the samples of `name` whose labels include `labels` (0 when there is none). */
  value(name: string, labels?: Readonly<Record<string, string>>): number;
  /** histogramCount sums the `_count` of a histogram's samples matching `labels`. */
  histogramCount(name: string, labels?: Readonly<Record<string, string>>): number;
  family(name: string): PromFamily | undefined;
}

function matches(
  sample: { labels?: Readonly<Record<string, string>> },
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(labels).every(([k, v]) => sample.labels?.[k] === v);
}

/** scrapeMetrics GETs /metrics from `base` (http://host:port) and parses it with the library. */
export async function scrapeMetrics(base: string): Promise<Scrape> {
  const r = await httpGet(`${base}/metrics`);
  if (r.status !== 200) throw new Error(`/metrics answered ${r.status}: ${r.body}`);
  const families = parsePrometheusTextFormat(r.body);
  const family = (name: string): PromFamily | undefined => families.find((f) => f.name === name);
  return {
    families,
    family,
    value(name, labels = {}) {
      return (family(name)?.metrics ?? [])
        .filter((s) => matches(s, labels))
        .reduce((sum, s) => sum + Number(s.value ?? 0), 0);
    },
    histogramCount(name, labels = {}) {
      return (family(name)?.metrics ?? [])
        .filter((s) => matches(s, labels))
        .reduce((sum, s) => sum + Number(s.count ?? 0), 0);
    },
  };
}

/** waitForOutput waits until the server's output matches `re` (checked every 50 ms). */
export async function waitForOutput(
  proc: Pick<ServeProcess, 'output'>,
  re: RegExp,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = re.exec(proc.output());
    if (m) return m[0];
    if (Date.now() > deadline)
      throw new Error(`no output matching ${re} within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** logLines parses the JSON log lines a server printed (other lines are skipped). */
export function logLines(output: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a partial line at the end of the buffer
    }
  }
  return out;
}

/** RawServe is a `dynzone serve` started with exactly the given arguments. */
export interface RawServe {
  readonly child: ChildProcess;
  output(): string;
  /** exited resolves with the exit code (or signal) once the process is gone. */
  readonly exited: Promise<number | string | null>;
  /** signal sends a signal; kill9 ends the process and waits. */
  signal(sig: NodeJS.Signals): void;
  kill9(): Promise<void>;
}

/**
 * spawnServe runs `dynzone serve ARGS` with `env` and, unless `waitReady` is false, resolves once it logged
 * "dynzone is serving" — or, when `waitReady` is a port, once that loopback TCP port accepts (for log
 * levels that hide the line). Rejects if it exits first or takes longer than 20 s.
 */
export async function spawnServe(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  waitReady: boolean | number = true,
): Promise<RawServe> {
  const child = spawn(process.execPath, [dynzoneEntry(), 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const proc: RawServe = {
    child,
    output: () => out,
    exited,
    signal: (sig) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    },
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  if (!waitReady) return proc;
  const deadline = Date.now() + 20_000;
  const ready = async (): Promise<boolean> =>
    typeof waitReady === 'number' ? tcpAccepts(waitReady) : out.includes('dynzone is serving');
  while (!(await ready())) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`dynzone serve exited early:\n${out}`);
    if (Date.now() > deadline) {
      await proc.kill9();
      throw new Error(`dynzone serve did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return proc;
}

/** cleanEnv is this process's environment without DYNZONE_ settings (except DYNZONE_TEST_CLI), plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('DYNZONE_') || k === 'DYNZONE_TEST_CLI') env[k] = v;
  }
  return { ...env, ...extra };
}

/** tcpAccepts tells whether 127.0.0.1:port accepts a TCP connection within a second. */
export function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
