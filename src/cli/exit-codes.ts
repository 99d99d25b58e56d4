// Exit codes of the `dynzone` command line. Scripts and the acceptance tests rely on them: keep them stable.

/** ExitCode lists the process exit statuses of every dynzone command. */
export const ExitCode = {
  /** The command did what was asked (including "nothing to change"). */
  OK: 0,
  /** Usage or validation error: unknown option, bad name, bad type, bad rdata, TTL out of range, zone check failed. */
  USAGE: 1,
  /** Something named on the command line does not exist: zone, record, account. */
  NOT_FOUND: 2,
  /**
   * Conflict with the stored state: zone, account or host already exists, a record that belongs to a dynamic
   * host (its addresses, a CNAME or NS at its name) or that would clash with one, concurrent change that
   * could not be retried.
   */
  CONFLICT: 3,
  /** Internal failure: the database could not be opened or failed unexpectedly. */
  INTERNAL: 4,
  /**
   * `dynzone client --once`: some host is not up to date now but will be tried again later: the provider
   * failed (911, 5xx), the network did, an answer line was missing or unknown, no address could be
   * detected, or the host is still backing off from an earlier failure.
   */
  CLIENT_RETRY: 5,
  /**
   * `dynzone client --once`: some host is stopped by an answer that needs the user to act (badauth, nohost,
   * notfqdn, badagent, abuse, conflict, …); it is not updated again until its configuration changes.
   * Takes precedence over CLIENT_RETRY.
   */
  CLIENT_STOPPED: 6,
} as const;

/** ExitCodeValue is one of the ExitCode values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
