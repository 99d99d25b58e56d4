// A ClientLog that keeps every entry, so tests assert on what a user would read in the log (levels,
// messages, fields) and on what must never appear there (passwords, Authorization values).
import type { ClientLog, LogFields, LogLevel } from '../../src/client/log.js';

/** LogEntry is one recorded log call. */
export interface LogEntry {
  readonly level: LogLevel;
  readonly msg: string;
  readonly fields: LogFields;
}

/** MemoryLog records log calls in order. */
export class MemoryLog implements ClientLog {
  readonly entries: LogEntry[] = [];

  debug(msg: string, fields: LogFields = {}): void {
    this.entries.push({ level: 'debug', msg, fields });
  }
  info(msg: string, fields: LogFields = {}): void {
    this.entries.push({ level: 'info', msg, fields });
  }
  warn(msg: string, fields: LogFields = {}): void {
    this.entries.push({ level: 'warn', msg, fields });
  }
  error(msg: string, fields: LogFields = {}): void {
    this.entries.push({ level: 'error', msg, fields });
  }

  /** text gives every entry as one line each, for assertion messages and secret checks. */
  text(): string {
    return this.entries.map((e) => `${e.level} ${e.msg} ${JSON.stringify(e.fields)}`).join('\n');
  }

  /** at gives the entries of one level. */
  at(level: LogLevel): LogEntry[] {
    return this.entries.filter((e) => e.level === level);
  }
}
