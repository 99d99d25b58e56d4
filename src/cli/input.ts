// Strict validation of command-line arguments (names, types, TTLs, rdata, emails). Every function either
// returns a typed value or throws a CliError with a sentence the user can act on; nothing is half-accepted.
import { DnsName, NameError } from '../dns/name.js';
import { RRType, typeFromString, typeToString } from '../dns/constants.js';
import { MAX_TTL } from '../dns/record.js';
import type { Rdata } from '../dns/rdata.js';
import { parseRdataText } from '../dns/zonefile/rdata-text.js';
import { ZoneFileError } from '../dns/zonefile/errors.js';
import { CliError } from './cli-error.js';

/** MANAGED_TYPES are the record types an administrator may add (SPEC §1); SOA is maintained by the service. */
export const MANAGED_TYPES: readonly number[] = [
  RRType.A,
  RRType.AAAA,
  RRType.CNAME,
  RRType.MX,
  RRType.TXT,
  RRType.SRV,
  RRType.CAA,
  RRType.NS,
  RRType.PTR,
];

const LDH_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// Owners may also hold service labels (_sip._tcp, _dmarc) and a leftmost wildcard (RFC 4592).
const OWNER_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

function parseNameText(text: string, what: string, origin?: DnsName): DnsName {
  if (text.trim() !== text || text.length === 0)
    throw new CliError(`${what} "${text}" is empty or has surrounding spaces`);
  try {
    return DnsName.parse(text, origin);
  } catch (e) {
    if (e instanceof NameError)
      throw new CliError(`${what} "${text}" is not a valid domain name: ${e.message}`);
    throw e;
  }
}

/** parseZoneName reads a zone name ("example.test" or "example.test."): letters, digits and hyphens only. */
export function parseZoneName(text: string): DnsName {
  const name = parseNameText(text, 'zone name', undefined);
  if (name.isRoot) throw new CliError('the root zone cannot be hosted');
  const bad = name.labels.find((l) => !LDH_LABEL.test(l));
  if (bad !== undefined) {
    throw new CliError(
      `zone name "${text}": label "${bad}" must be letters, digits and inner hyphens (use the xn-- form for IDNs)`,
    );
  }
  return name.toLowerCase();
}

/** parseOwner reads a record owner: "@", relative to the zone ("www") or absolute ("www.example.test."), inside the zone. */
export function parseOwner(text: string, zone: DnsName): DnsName {
  const name = parseNameText(text, 'owner', zone);
  if (!name.isSubdomainOf(zone)) {
    throw new CliError(
      `owner "${text}" is outside the zone ${zone.toString()} (write it relative, e.g. "www", or end it with the zone name and a dot)`,
    );
  }
  const rel = name.relativeLabels(zone) ?? [];
  rel.forEach((l, i) => {
    if (l === '*' && i === 0) return;
    if (!OWNER_LABEL.test(l)) {
      throw new CliError(
        `owner "${text}": label "${l}" must be letters, digits, hyphens or underscores ("*" only as the leftmost label)`,
      );
    }
  });
  return name;
}

/** parseNsName reads a name-server host name; it is absolute whether or not it ends with a dot. */
export function parseNsName(text: string): DnsName {
  const name = parseNameText(text, 'name server', undefined);
  if (name.labels.length < 2 || name.labels.some((l) => !LDH_LABEL.test(l))) {
    throw new CliError(
      `name server "${text}" is not a valid host name (letters, digits, hyphens; at least two labels)`,
    );
  }
  return name;
}

/** parseRecordType reads a record type an administrator may manage (SOA and meta types are refused). */
export function parseRecordType(text: string): number {
  const type = typeFromString(text);
  const allowed = MANAGED_TYPES.map(typeToString).join(', ');
  if (type === RRType.SOA)
    throw new CliError('the SOA record is maintained by dynzone and cannot be added or changed by hand');
  if (type === undefined || !MANAGED_TYPES.includes(type))
    throw new CliError(`unsupported record type "${text}" (supported: ${allowed})`);
  return type;
}

/** parseRecordTypeFilter reads a type used to select records (any known type, SOA included). */
export function parseRecordTypeFilter(text: string): number {
  const type = typeFromString(text);
  if (type === undefined) throw new CliError(`unknown record type "${text}"`);
  return type;
}

/** parseTtlOption reads a TTL: a decimal integer from 0 to 2147483647 (RFC 2181 §8). */
export function parseTtlOption(text: string): number {
  if (!/^[0-9]{1,10}$/.test(text) || Number(text) > MAX_TTL) {
    throw new CliError(`TTL "${text}" must be a whole number of seconds from 0 to ${MAX_TTL}`);
  }
  return Number(text);
}

const MAX_CHARACTER_STRING = 255;
// RDLENGTH is 16 bits and every character-string spends one octet on its length (RFC 1035 §3.3.14).
const MAX_TXT_TEXT = Math.floor(0xffff / (MAX_CHARACTER_STRING + 1)) * MAX_CHARACTER_STRING;

/**
 * plainTxt takes unquoted text literally as UTF-8 and splits it into 255-octet character-strings, the way
 * long SPF and DKIM values are published (RFC 7208 §3.3): resolvers join them back.
 */
function plainTxt(text: string): Rdata {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_TXT_TEXT)
    throw new CliError(`TXT value is ${bytes.length} octets; at most ${MAX_TXT_TEXT} fit in one record`);
  const strings: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += MAX_CHARACTER_STRING)
    strings.push(bytes.slice(i, i + MAX_CHARACTER_STRING));
  return { kind: 'TXT', strings };
}

/**
 * parseValue reads rdata in presentation form; relative names are completed with the zone origin. A TXT
 * value that does not start with a quote (or `\#`) is taken literally, so `v=spf1 -all` needs no quotes
 * and a long DKIM key is split into 255-octet strings.
 */
export function parseValue(type: number, text: string, zone: DnsName): Rdata {
  if (text.trim().length === 0) throw new CliError(`empty ${typeToString(type)} value`);
  if (type === RRType.TXT && !/^\s*["\\]/.test(text)) return plainTxt(text);
  try {
    return parseRdataText(type, text, zone);
  } catch (e) {
    if (e instanceof ZoneFileError || e instanceof NameError) {
      throw new CliError(`bad ${typeToString(type)} value "${text}": ${e.message}`);
    }
    throw e;
  }
}

/** parseEmail reads an account email address (folded to lowercase). */
export function parseEmail(text: string): string {
  const email = text.trim().toLowerCase();
  if (
    email.length > 254 ||
    !/^[^\s@"<>(),;:\\]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(email)
  ) {
    throw new CliError(`"${text}" is not a valid email address`);
  }
  return email;
}
