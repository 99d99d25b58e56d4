// Errors of the product use cases (zones, resource records, dynamic hosts, accounts): expected failures
// with a stable `code` registry. Update-API outcomes are answers (dyndns2.ts), never these errors; each
// edge (CLI, REST API) maps the codes once, to exit codes or to HTTP statuses.

/** DdnsErrorCode lists every stable code a DdnsError may carry. */
export type DdnsErrorCode =
  /** The text is not a valid fully-qualified host name. */
  | 'ERR_HOST_NAME_INVALID'
  /** No hosted zone contains the name (or the named zone is not hosted). */
  | 'ERR_ZONE_NOT_FOUND'
  /**
   * Dynamic DNS needs default name-server mode (SPEC §1): the zone uses custom name servers, or it has
   * dynamic hosts and so cannot switch to them.
   */
  | 'ERR_ZONE_CUSTOM_NS'
  /** A dynamic host already exists at this name. */
  | 'ERR_HOST_EXISTS'
  /** No dynamic host at this name. */
  | 'ERR_HOST_NOT_FOUND'
  /** The name holds data a dynamic host cannot share (a CNAME, static A/AAAA, or it is below a delegation). */
  | 'ERR_HOST_NAME_CONFLICT'
  /** The TTL is outside 30..86400. */
  | 'ERR_HOST_TTL_RANGE'
  /** The stored encrypted password cannot be opened with this server's key. */
  | 'ERR_CREDENTIALS_UNREADABLE'
  /** A zone name is not a valid domain name of letters, digits and hyphens. */
  | 'ERR_ZONE_NAME_INVALID'
  /** A zone with this name is already hosted. */
  | 'ERR_ZONE_EXISTS'
  /** The zone would sit inside (or above) a zone another account owns. */
  | 'ERR_ZONE_OVERLAP'
  /** A name-server host name is not valid, or given twice. */
  | 'ERR_NS_NAME_INVALID'
  /** Custom name-server mode needs the name servers the domain is delegated to. */
  | 'ERR_ZONE_NS_REQUIRED'
  /** A record owner is not a valid name inside the zone. */
  | 'ERR_OWNER_INVALID'
  /** The record type cannot be managed (SOA, meta types, unknown types). */
  | 'ERR_RECORD_TYPE_UNSUPPORTED'
  /** The record value (rdata) cannot be read for its type. */
  | 'ERR_RECORD_VALUE_INVALID'
  /** A TTL is not a whole number of seconds from 0 to 2^31-1. */
  | 'ERR_TTL_INVALID'
  /** No record matches. */
  | 'ERR_RECORD_NOT_FOUND'
  /** The record is maintained by Dynzone (the SOA, apex NS, a dynamic host's addresses) and cannot be edited by hand. */
  | 'ERR_RECORD_MANAGED'
  /** The record is already in the zone. */
  | 'ERR_RECORD_EXISTS'
  /** An email address is not valid. */
  | 'ERR_EMAIL_INVALID'
  /** A console password is too short or too long. */
  | 'ERR_PASSWORD_POLICY'
  /** An account with this email already exists. */
  | 'ERR_ACCOUNT_EXISTS'
  /** First-run set-up was asked for, but an account already exists. */
  | 'ERR_SETUP_DONE'
  /** The current password given to change a password is wrong. */
  | 'ERR_PASSWORD_MISMATCH'
  /** No API token with this id for this account. */
  | 'ERR_TOKEN_NOT_FOUND';

/** DdnsError is an expected failure of a product use case, with a stable `code`. */
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
