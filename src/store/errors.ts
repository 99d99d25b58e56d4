// Errors raised by the persistent store. Owns the stable `code` registry for store failures; outcomes that
// are not failures (an empty result, a missing zone on lookup) are returned as values, not thrown.

/** StoreErrorCode lists every stable code a StoreError may carry. */
export type StoreErrorCode =
  /** A zone with this name already exists. */
  | 'ERR_ZONE_EXISTS'
  /** No zone with this name. */
  | 'ERR_ZONE_NOT_FOUND'
  /** The stored zone changed since the caller read it (SOA serial mismatch); reload and retry. */
  | 'ERR_STORE_CONFLICT'
  /** An account with this email already exists. */
  | 'ERR_ACCOUNT_EXISTS'
  /** No account with this email or id. */
  | 'ERR_ACCOUNT_NOT_FOUND'
  /** Stored data could not be decoded (a bug or manual tampering). */
  | 'ERR_STORE_CORRUPT'
  /** The database could not be reached or failed. */
  | 'ERR_STORE_UNAVAILABLE'
  /** A dynamic host with this owner name already exists. */
  | 'ERR_HOST_EXISTS'
  /** A dyndns2 username is already taken. */
  | 'ERR_USERNAME_TAKEN'
  /** A dynamic host was deleted or changed by someone else between read and write; re-read and retry. */
  | 'ERR_HOST_CHANGED';

/** StoreError is an expected store failure with a stable `code` and structured `details`. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: StoreErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.details = details;
  }
}

/** isStoreError tells whether a value is a StoreError, optionally with the given code. */
export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
