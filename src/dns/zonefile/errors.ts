// Error registry of the zone-file code (RFC 1035 §5 master files, rdata presentation form). Owns only the
// error type; the parser and the rdata codec throw it, edges (CLI import, HTTP API) map it.

/** ZoneFileErrorOptions locates an error in its input. */
export interface ZoneFileErrorOptions {
  readonly line?: number | undefined;
  readonly file?: string | undefined;
  readonly cause?: unknown;
}

/**
 * ZoneFileError is thrown for any text that is not valid master-file syntax or rdata presentation form;
 * `reason` is the bare explanation and `message` prefixes it with the file and line when known.
 */
export class ZoneFileError extends Error {
  readonly code = 'ERR_ZONE_FILE';
  readonly line: number | undefined;
  readonly file: string | undefined;
  readonly reason: string;

  constructor(reason: string, opts: ZoneFileErrorOptions = {}) {
    super(
      formatLocation(opts.file, opts.line) + reason,
      opts.cause === undefined ? undefined : { cause: opts.cause },
    );
    this.name = 'ZoneFileError';
    this.reason = reason;
    this.line = opts.line;
    this.file = opts.file;
  }

  /** withLocation gives the same error located at a line (and file), keeping a line or file it already has. */
  withLocation(line: number, file?: string): ZoneFileError {
    const f = this.file ?? file;
    if (this.line !== undefined && f === this.file) return this;
    return new ZoneFileError(this.reason, { line: this.line ?? line, file: f, cause: this.cause });
  }
}

function formatLocation(file: string | undefined, line: number | undefined): string {
  if (file !== undefined && line !== undefined) return `${file}:${line}: `;
  if (line !== undefined) return `line ${line}: `;
  if (file !== undefined) return `${file}: `;
  return '';
}

/** isZoneFileError tells whether a value is a ZoneFileError. */
export function isZoneFileError(e: unknown): e is ZoneFileError {
  return e instanceof ZoneFileError;
}
