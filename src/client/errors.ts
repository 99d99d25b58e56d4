// The updater client's error registry (STYLE §7.5): every expected failure of src/client/ is a ClientError
// with a stable code. Outcomes of an update (good, nochg, badauth, ...) are not errors; they are values in
// protocols/dyndns2-answer.ts. Only the CLI edge turns these into messages and exit codes.

/** ClientErrorCode lists the stable codes of ClientError. */
export type ClientErrorCode =
  /** The config file is unreadable, not YAML, or fails validation (see ConfigError). */
  | 'ERR_CLIENT_CONFIG'
  /** The cache file exists but cannot be read or parsed, or cannot be written. */
  | 'ERR_CLIENT_CACHE'
  /** An address source gave no usable address (checkip answer, interface, command). */
  | 'ERR_CLIENT_DETECT'
  /** A request could not be completed: DNS, connect, TLS, timeout, reset, oversized answer. */
  | 'ERR_CLIENT_NETWORK';

/** ClientError is an expected failure of the updater client, with a stable `code`. */
export class ClientError extends Error {
  override readonly name: string = 'ClientError';
  readonly code: ClientErrorCode;

  constructor(code: ClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** ConfigError is a config-file problem located by file, line, column and field path (e.g. accounts[0].ipv4). */
export class ConfigError extends ClientError {
  override readonly name = 'ConfigError';
  readonly file: string;
  /** 1-based line, or undefined when the problem has no position (unreadable file). */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** dotted field path such as `accounts[0].password_file`; empty for the whole document. */
  readonly field: string;
  /** the problem without the location prefix. */
  readonly problem: string;

  constructor(
    at: { file: string; line?: number | undefined; column?: number | undefined; field: string },
    problem: string,
    options?: { cause?: unknown },
  ) {
    const where = at.line !== undefined ? `${at.file}:${at.line}:${at.column ?? 1}` : at.file;
    super('ERR_CLIENT_CONFIG', `${where}: ${at.field ? `${at.field}: ` : ''}${problem}`, options);
    this.file = at.file;
    this.line = at.line;
    this.column = at.column;
    this.field = at.field;
    this.problem = problem;
  }
}
