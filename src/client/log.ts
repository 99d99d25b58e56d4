// The client's log: one interface, two renderings. Text lines a person reads on a terminal, in cron mail
// or in the journal ("2026-01-02T03:04:05Z ERROR home.example.test: STOPPED …"), or JSON lines through
// pino for log collectors (`--log-format json`). Callers never pass secrets: no password or Authorization
// value ever reaches a log call (the updater logs URLs without userinfo).
import { pino } from 'pino';

/** LogLevel orders messages; `debug` is off by default. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** LogFields are structured details of one message (`host`, `answer`, `retryAt`, …). */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** ClientLog is what the updater and the daemon log through. */
export interface ClientLog {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** isLogLevel tells whether a text names a log level. */
export function isLogLevel(v: string): v is LogLevel {
  return v in RANK;
}

/** TextLogOptions configure the human-readable log. */
export interface TextLogOptions {
  readonly level: LogLevel;
  readonly write: (line: string) => void;
  readonly now?: () => number;
}

/**
 * createTextLog renders `TIME LEVEL host: message (key=value …)`; the `host` field becomes the prefix so
 * that a person scanning the log finds a hostname's story at a glance.
 */
export function createTextLog(o: TextLogOptions): ClientLog {
  const now = o.now ?? Date.now;
  const emit =
    (level: LogLevel) =>
    (msg: string, fields: LogFields = {}): void => {
      if (RANK[level] < RANK[o.level]) return;
      const { host, ...rest } = fields;
      const extra = Object.entries(rest)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`);
      const time = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const head = `${time} ${level.toUpperCase().padEnd(5)} ${host ? `${String(host)}: ` : ''}${msg}`;
      o.write(extra.length > 0 ? `${head} (${extra.join(' ')})\n` : `${head}\n`);
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** createJsonLog writes one JSON object per line (pino) to `destination` (default stdout). */
export function createJsonLog(o: { level: LogLevel; destination?: NodeJS.WritableStream }): ClientLog {
  const p = pino(
    {
      name: 'dynzone-client',
      level: o.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    o.destination ?? pino.destination({ fd: 1, sync: true }),
  );
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
  };
}

/** silentLog drops everything (library use without logging). */
export const silentLog: ClientLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
