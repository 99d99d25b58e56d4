// Command-line argument validation: the product's input rules (ddns/record-input.ts) worded for the
// command line. Every function either returns a typed value or throws a CliError with a sentence the user
// can act on; nothing is half-accepted.
import type { DnsName } from '../dns/name.js';
import type { Rdata } from '../dns/rdata.js';
import * as input from '../ddns/record-input.js';
import { isDdnsError } from '../ddns/errors.js';
import { CliError } from './cli-error.js';

/** MANAGED_TYPES are the record types an administrator may add (SPEC §1); SOA is maintained by the service. */
export const MANAGED_TYPES = input.MANAGED_TYPES;

function asCli<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isDdnsError(e)) throw new CliError(e.message);
    throw e;
  }
}

/** parseZoneName reads a zone name ("example.test" or "example.test."; Unicode is taken as its xn-- form). */
export function parseZoneName(text: string): DnsName {
  return asCli(() => input.parseZoneName(text));
}

/** parseNewZoneName reads the name of a zone to create: also refuses names nobody can register. */
export function parseNewZoneName(text: string): DnsName {
  return asCli(() => input.parseNewZoneName(text));
}

/** checkHostableZoneName refuses a zone name nobody can register (a TLD, localhost, an IP address). */
export function checkHostableZoneName(name: DnsName): DnsName {
  return asCli(() => input.checkHostableZoneName(name));
}

/** parseOwner reads a record owner: "@", relative to the zone ("www") or absolute ("www.example.test."), inside the zone. */
export function parseOwner(text: string, zone: DnsName): DnsName {
  return asCli(() => input.parseOwner(text, zone));
}

/** parseNsName reads a name-server host name; it is absolute whether or not it ends with a dot. */
export function parseNsName(text: string): DnsName {
  return asCli(() => input.parseNsName(text));
}

/** parseRecordType reads a record type an administrator may manage (SOA and meta types are refused). */
export function parseRecordType(text: string): number {
  return asCli(() => input.parseRecordType(text));
}

/** parseRecordTypeFilter reads a type used to select records (any known type, SOA included). */
export function parseRecordTypeFilter(text: string): number {
  return asCli(() => input.parseRecordTypeFilter(text));
}

/** parseTtlOption reads a TTL: a decimal integer from 0 to 2147483647 (RFC 2181 §8). */
export function parseTtlOption(text: string): number {
  return asCli(() => input.parseTtlText(text));
}

/** parseValue reads rdata in presentation form (see ddns/record-input.ts parseValue). */
export function parseValue(type: number, text: string, zone: DnsName): Rdata {
  return asCli(() => input.parseValue(type, text, zone));
}

/** parseEmail reads an account email address (folded to lowercase). */
export function parseEmail(text: string): string {
  return asCli(() => input.parseEmail(text));
}
