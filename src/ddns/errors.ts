// Errors of the dynamic-host management use cases (create, delete, unblock, credentials). Owns the stable
// `code` registry for them; update-API outcomes are answers (dyndns2.ts), never these errors.

/** DdnsErrorCode lists every stable code a DdnsError may carry. */
export type DdnsErrorCode =
  /** The text is not a valid fully-qualified host name. */
  | 'ERR_HOST_NAME_INVALID'
  /** No hosted zone contains the name. */
  | 'ERR_ZONE_NOT_FOUND'
  /** The zone is in custom name-server mode: dynamic DNS is not available there (SPEC §1). */
  | 'ERR_ZONE_CUSTOM_NS'
  /** A dynamic host already exists at this name. */
  | 'ERR_HOST_EXISTS'
  /** No dynamic host at this name. */
  | 'ERR_HOST_NOT_FOUND'
  /** The name holds data a dynamic host cannot share (a CNAME, several A/AAAA, or it is below a delegation). */
  | 'ERR_HOST_NAME_CONFLICT'
  /** The TTL is outside 30..86400. */
  | 'ERR_HOST_TTL_RANGE'
  /** The stored encrypted password cannot be opened with this server's key. */
  | 'ERR_CREDENTIALS_UNREADABLE';

/** DdnsError is an expected failure of a host-management call, with a stable `code`. */
export class DdnsError extends Error {
  override readonly name = 'DdnsError';
  readonly code: DdnsErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: DdnsErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.details = details;
  }
}

/** isDdnsError tells whether a value is a DdnsError, optionally with the given code. */
export function isDdnsError(e: unknown, code?: DdnsErrorCode): e is DdnsError {
  return e instanceof DdnsError && (code === undefined || e.code === code);
}
