// The one error the configuration loader throws: it names the key, says what is wrong and where the value
// came from (file and line, environment variable or flag), so an operator can fix it without guessing.
import { formatSource, type ValueSource } from './sources.js';

/** ConfigErrorCode is the stable code of a configuration failure. */
export type ConfigErrorCode = 'ERR_CONFIG_INVALID' | 'ERR_CONFIG_SYNTAX' | 'ERR_CONFIG_UNREADABLE';

/** ConfigError is a configuration that cannot be used; `message` is one line fit for stderr. */
export class ConfigError extends Error {
  /** code is the stable error code (tests compare it, not the text). */
  readonly code: ConfigErrorCode;
  /** key is the dotted config key at fault, when one is. */
  readonly key: string | undefined;
  /** source is where the faulty value came from. */
  readonly source: ValueSource | undefined;

  constructor(
    code: ConfigErrorCode,
    detail: string,
    opts: { key?: string | undefined; source?: ValueSource | undefined; cause?: unknown } = {},
  ) {
    const where = opts.source === undefined ? '' : ` (${formatSource(opts.source)})`;
    const prefix = opts.key === undefined ? '' : `${opts.key}: `;
    super(`config: ${prefix}${detail}${where}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ConfigError';
    this.code = code;
    this.key = opts.key;
    this.source = opts.source;
  }
}

/** isConfigError tells whether a value is a ConfigError. */
export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError;
}
