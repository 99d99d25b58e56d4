// The logger factory shared by the server process and its DNS workers: pino JSON lines on stdout by
// default, or pino-pretty's readable lines for a terminal. A LogHub hands out named child loggers and can
// change the level of all of them at once (pino children keep the level they were created with), which
// SIGHUP needs. Secret-looking fields are redacted as a last line of defence; callers never log them.
import { pino, type Logger, type LevelWithSilent, type DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';

/** LogSettings choose the level and the output format ('auto' = pretty when stdout is a terminal). */
export interface LogSettings {
  readonly level: LevelWithSilent;
  readonly format: 'auto' | 'json' | 'pretty';
}

/** REDACT_PATHS are fields that must never reach a log line, whoever puts them there. */
export const REDACT_PATHS: readonly string[] = [
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/** LogHub owns the root logger and every named child, so their level changes together. */
export interface LogHub {
  readonly root: Logger;
  /** child gives the logger of one module (`{ module: name }` on every line). */
  child(module: string): Logger;
  /** setLevel changes the level of the root and of every child handed out. */
  setLevel(level: LevelWithSilent): void;
}

/** isPrettyFormat resolves 'auto' against whether stdout is a terminal. */
export function isPrettyFormat(
  format: LogSettings['format'],
  isTty = process.stdout.isTTY === true,
): boolean {
  return format === 'pretty' || (format === 'auto' && isTty);
}

/** createLogHub builds the root logger for `settings`, writing to `destination` (default stdout). */
export function createLogHub(
  settings: LogSettings,
  opts: { destination?: DestinationStream; name?: string; bindings?: Record<string, unknown> } = {},
): LogHub {
  const pretty = isPrettyFormat(settings.format);
  const destination =
    opts.destination ??
    (pretty
      ? pinoPretty({
          sync: true,
          colorize: process.stdout.isTTY === true,
          translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
          ignore: 'hostname',
        })
      : pino.destination({ dest: 1, sync: true }));
  const root = pino(
    {
      name: opts.name ?? 'dynzone',
      level: settings.level,
      base: { pid: process.pid, ...opts.bindings },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    },
    destination,
  );
  const children: Logger[] = [];
  return {
    root,
    child(module: string): Logger {
      const c = root.child({ module });
      children.push(c);
      return c;
    },
    setLevel(level: LevelWithSilent): void {
      root.level = level;
      for (const c of children) c.level = level;
    },
  };
}
