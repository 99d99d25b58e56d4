// Maps any error reaching the CLI edge to one line of text and an exit code (STYLE §7.5: map errors once,
// at each edge). Inner modules throw typed errors; only this file decides how the user sees them.
import { NameError } from '../dns/name.js';
import { ZoneFileError } from '../dns/zonefile/errors.js';
import { ZoneCheckError } from '../zone/errors.js';
import { StoreError } from '../store/errors.js';
import { DdnsError } from '../ddns/errors.js';
import { typeToString } from '../dns/constants.js';
import { ClientError } from '../client/errors.js';
import { CliError } from './cli-error.js';
import { ConfigError } from '../config/errors.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/** ErrorReport is what the user is told and how the process exits. */
export interface ErrorReport {
  readonly message: string;
  readonly exitCode: ExitCodeValue;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** describeZoneCheckError lists every error-level problem of a failed zone check in one line. */
export function describeZoneCheckError(e: ZoneCheckError): string {
  const errors = e.problems.filter((p) => p.severity === 'error');
  const parts = errors.map(
    (p) =>
      (p.type !== undefined && !p.message.includes(typeToString(p.type)) ? `${typeToString(p.type)}: ` : '') +
      p.message,
  );
  return parts.length <= 1 ? (parts[0] ?? e.message) : `${parts.length} problems: ${parts.join('; ')}`;
}

/** reportError classifies an error for the command line. */
export function reportError(e: unknown): ErrorReport {
  if (e instanceof CliError) return { message: oneLine(e.message), exitCode: e.exitCode };
  if (e instanceof ConfigError) return { message: oneLine(e.message), exitCode: ExitCode.USAGE };
  if (e instanceof ZoneCheckError)
    return { message: oneLine(describeZoneCheckError(e)), exitCode: ExitCode.USAGE };
  if (e instanceof ZoneFileError || e instanceof NameError)
    return { message: oneLine(e.message), exitCode: ExitCode.USAGE };
  if (e instanceof StoreError) {
    switch (e.code) {
      case 'ERR_ZONE_NOT_FOUND':
      case 'ERR_ACCOUNT_NOT_FOUND':
        return { message: oneLine(e.message), exitCode: ExitCode.NOT_FOUND };
      case 'ERR_ZONE_EXISTS':
      case 'ERR_ACCOUNT_EXISTS':
      case 'ERR_STORE_CONFLICT':
        return { message: oneLine(e.message), exitCode: ExitCode.CONFLICT };
      default:
        return { message: oneLine(e.message), exitCode: ExitCode.INTERNAL };
    }
  }
  if (e instanceof DdnsError) {
    switch (e.code) {
      case 'ERR_ZONE_NOT_FOUND':
      case 'ERR_HOST_NOT_FOUND':
      case 'ERR_RECORD_NOT_FOUND':
      case 'ERR_TOKEN_NOT_FOUND':
        return { message: oneLine(e.message), exitCode: ExitCode.NOT_FOUND };
      case 'ERR_HOST_EXISTS':
      case 'ERR_HOST_NAME_CONFLICT':
      case 'ERR_ZONE_CUSTOM_NS':
      case 'ERR_ZONE_EXISTS':
      case 'ERR_ZONE_OVERLAP':
      case 'ERR_ACCOUNT_EXISTS':
      case 'ERR_RECORD_EXISTS':
      case 'ERR_RECORD_MANAGED':
      case 'ERR_SETUP_DONE':
        return { message: oneLine(e.message), exitCode: ExitCode.CONFLICT };
      case 'ERR_CREDENTIALS_UNREADABLE':
        return { message: oneLine(e.message), exitCode: ExitCode.INTERNAL };
      default:
        return { message: oneLine(e.message), exitCode: ExitCode.USAGE };
    }
  }
  if (e instanceof ClientError) {
    // A config problem is the user's to fix (usage); a cache that cannot be read or written is the system's.
    return {
      message: oneLine(e.message),
      exitCode: e.code === 'ERR_CLIENT_CONFIG' ? ExitCode.USAGE : ExitCode.INTERNAL,
    };
  }
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
    return {
      message: 'the database is busy (another process holds a long write lock); try again',
      exitCode: ExitCode.CONFLICT,
    };
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (msg.includes('EADDRINUSE') || msg.includes('EADDRNOTAVAIL') || msg.includes('EACCES')) {
    // A listener could not bind: the operator's to fix, so say which flags or keys choose the addresses.
    const what = /(\S+:\d+|\[[0-9a-fA-F:.]+\]:\d+)\s*$/.exec(msg)?.[1] ?? '';
    const cause = msg.includes('EADDRINUSE')
      ? 'is already in use (another server running?)'
      : msg.includes('EACCES')
        ? 'needs privileges (ports below 1024: run as root or with CAP_NET_BIND_SERVICE)'
        : 'is not an address of this machine';
    return {
      message: oneLine(
        `cannot listen: ${what} ${cause}; choose others with --dns-listen, --https-listen, --http-listen, --metrics-listen or the config file`,
      ),
      exitCode: ExitCode.INTERNAL,
    };
  }
  return { message: oneLine(`internal error: ${msg}`), exitCode: ExitCode.INTERNAL };
}
