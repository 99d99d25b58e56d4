// Strict validation of zone data typed by people (the CLI's arguments, the REST API's JSON, the console's
// forms): zone names, record owners, name-server names, record types, TTLs and rdata in presentation form.
// Every function returns a typed value or throws a DdnsError whose message the user can act on; nothing
// is half-accepted. Semantic checks of the resulting zone stay in zone/checks.ts (via the zone editor).
import { domainToASCII } from 'node:url';
import { DnsName, NameError } from '../dns/name.js';
import { RRType, isMetaType, typeFromString, typeToString } from '../dns/constants.js';
import { MAX_TTL } from '../dns/record.js';
import type { Rdata } from '../dns/rdata.js';
import { parseRdataText } from '../dns/zonefile/rdata-text.js';
import { PRESENCE_MARKER_TYPE } from '../zone/presence-marker.js';
import { ZoneFileError } from '../dns/zonefile/errors.js';
import { DdnsError, type DdnsErrorCode } from './errors.js';

/** MANAGED_TYPES are the record types an owner may add (SPEC §1); SOA is maintained by the service. */
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

function fail(code: DdnsErrorCode, message: string, details: Record<string, unknown> = {}): never {
  throw new DdnsError(code, message, details);
}

function parseNameText(text: string, what: string, code: DdnsErrorCode, origin?: DnsName): DnsName {
  if (text.trim() !== text || text.length === 0)
    fail(code, `${what} "${text}" is empty or has surrounding spaces`, { value: text });
  try {
    return DnsName.parse(text, origin);
  } catch (e) {
    if (e instanceof NameError)
      fail(code, `${what} "${text}" is not a valid domain name: ${e.message}`, { value: text });
    throw e;
  }
}

/**
 * parseZoneName reads a zone name ("example.test" or "example.test."): letters, digits and hyphens, in
 * lowercase. A name with Unicode letters (an IDN, "bücher.test") is taken in its A-label form
 * ("xn--bcher-kva.test", RFC 5891 §5), the conversion the update API makes for host names. This is the
 * syntax only, for naming a zone that exists; a new zone must also pass checkHostableZoneName.
 */
export function parseZoneName(text: string): DnsName {
  let ascii = text;
  if (/[^\x00-\x7f]/.test(text)) {
    // What a URL or an address would carry is refused before IDNA, which would drop some of it.
    ascii = /[\s/:@?#[\]\\%]/.test(text) ? '' : domainToASCII(text);
    if (ascii === '') {
      fail('ERR_ZONE_NAME_INVALID', `zone name "${text}" is not a valid internationalised domain name`, {
        value: text,
      });
    }
  }
  const name = parseNameText(ascii, 'zone name', 'ERR_ZONE_NAME_INVALID');
  if (name.isRoot) fail('ERR_ZONE_NAME_INVALID', 'the root zone cannot be hosted', { value: text });
  const bad = name.labels.find((l) => !LDH_LABEL.test(l));
  if (bad !== undefined) {
    fail(
      'ERR_ZONE_NAME_INVALID',
      `zone name "${text}": label "${bad}" must be letters, digits and inner hyphens`,
      { value: text },
    );
  }
  return name.toLowerCase();
}

/**
 * NOT_HOSTABLE are the special-use names of RFC 6761 that no DNS server may answer as an ordinary zone
 * (§6.3: localhost resolves to loopback locally; §6.4: invalid never exists), with the section saying so.
 * The other special-use names stay allowed: test and example (§6.2, §6.5) are meant for exactly this, and
 * the tests and the demo zone use them.
 */
const NOT_HOSTABLE: ReadonlyMap<string, string> = new Map([
  ['localhost', 'RFC 6761 §6.3: it always means this machine, and is answered without asking any server'],
  ['invalid', 'RFC 6761 §6.4: it is guaranteed never to exist'],
]);

/**
 * checkHostableZoneName refuses a name that cannot be a domain registered to someone: the special-use
 * names localhost and invalid and any name below them, a single label (a top-level domain), and a name
 * whose last label is all digits (no top-level domain is, RFC 3696 §2: "1.2.3.4" is an IPv4 address).
 * `text` is what the user typed, for the message.
 */
export function checkHostableZoneName(name: DnsName, text: string = hostText(name)): DnsName {
  const top = name.labels[name.labels.length - 1]?.toLowerCase() ?? '';
  const why = NOT_HOSTABLE.get(top);
  if (why !== undefined) {
    fail(
      'ERR_ZONE_NAME_INVALID',
      `${name.labels.length > 1 ? `"${text}" is under "${top}", which` : `"${text}"`} is a special-use name that cannot be hosted (${why})`,
      { value: text },
    );
  }
  if (/^[0-9]+$/.test(top)) {
    fail(
      'ERR_ZONE_NAME_INVALID',
      `"${text}" ends in the all-numeric label "${top}", and no top-level domain is all-numeric (RFC 3696 §2); an IP address is not a domain name`,
      { value: text },
    );
  }
  if (name.labels.length < 2) {
    fail(
      'ERR_ZONE_NAME_INVALID',
      `"${text}" is a top-level domain, not a domain one can register: add a domain below it (for example example.${top})`,
      { value: text },
    );
  }
  return name;
}

/** parseNewZoneName reads the name of a zone to create: parseZoneName, then checkHostableZoneName. */
export function parseNewZoneName(text: string): DnsName {
  return checkHostableZoneName(parseZoneName(text), text);
}

function hostText(name: DnsName): string {
  const t = name.toString();
  return t.length > 1 && t.endsWith('.') ? t.slice(0, -1) : t;
}

/** parseOwner reads a record owner: "@", relative to the zone ("www") or absolute ("www.example.test."), inside the zone. */
export function parseOwner(text: string, zone: DnsName): DnsName {
  const name = parseNameText(text, 'owner', 'ERR_OWNER_INVALID', zone);
  if (!name.isSubdomainOf(zone)) {
    fail(
      'ERR_OWNER_INVALID',
      `owner "${text}" is outside the zone ${zone.toString()} (write it relative, e.g. "www", or end it with the zone name and a dot)`,
      { value: text },
    );
  }
  const rel = name.relativeLabels(zone) ?? [];
  rel.forEach((l, i) => {
    if (l === '*' && i === 0) return;
    if (!OWNER_LABEL.test(l)) {
      fail(
        'ERR_OWNER_INVALID',
        `owner "${text}": label "${l}" must be letters, digits, hyphens or underscores ("*" only as the leftmost label)`,
        { value: text },
      );
    }
  });
  return name;
}

/** parseNsName reads a name-server host name; it is absolute whether or not it ends with a dot. */
export function parseNsName(text: string): DnsName {
  const name = parseNameText(text, 'name server', 'ERR_NS_NAME_INVALID');
  if (name.labels.length < 2 || name.labels.some((l) => !LDH_LABEL.test(l))) {
    fail(
      'ERR_NS_NAME_INVALID',
      `name server "${text}" is not a valid host name (letters, digits, hyphens; at least two labels)`,
      { value: text },
    );
  }
  return name;
}

/** parseNsNames reads a list of name-server host names, refusing duplicates. */
export function parseNsNames(texts: readonly string[]): DnsName[] {
  const seen = new Set<string>();
  return texts.map((t) => {
    const ns = parseNsName(t);
    if (seen.has(ns.key))
      fail('ERR_NS_NAME_INVALID', `name server ${ns.toString()} is given twice`, { value: t });
    seen.add(ns.key);
    return ns;
  });
}

const DNSSEC = 'is DNSSEC data, and this server does not sign zones';

/**
 * MEANINGFUL_TYPES are types without a presentation form here whose meaning this server does not
 * implement, so holding them as opaque RFC 3597 data would serve something wrong or misleading: their
 * mnemonic and the reason given to the user.
 */
const MEANINGFUL_TYPES = new Map<number, readonly [string, string]>([
  [0, ['TYPE0', 'is reserved (RFC 6895 §3.1)']],
  [65535, ['TYPE65535', 'is reserved (RFC 6895 §3.1)']],
  [24, ['SIG', DNSSEC]],
  [25, ['KEY', DNSSEC]],
  [30, ['NXT', 'is obsolete DNSSEC data (RFC 3755)']],
  [38, ['A6', 'is obsolete (RFC 6563)']],
  [39, ['DNAME', 'redirects a whole subtree, which this server does not implement (RFC 6672)']],
  [RRType.DS, ['DS', DNSSEC]],
  [RRType.RRSIG, ['RRSIG', DNSSEC]],
  [RRType.NSEC, ['NSEC', DNSSEC]],
  [RRType.DNSKEY, ['DNSKEY', DNSSEC]],
  [RRType.NSEC3, ['NSEC3', DNSSEC]],
  [51, ['NSEC3PARAM', DNSSEC]],
  [59, ['CDS', DNSSEC]],
  [60, ['CDNSKEY', DNSSEC]],
  [63, ['ZONEMD', 'is a digest of the whole zone, which this server does not compute (RFC 8976)']],
  [249, ['TKEY', 'is a meta type that exists only in messages and cannot be stored in a zone (RFC 2930)']],
  [250, ['TSIG', 'is a meta type that exists only in messages and cannot be stored in a zone (RFC 8945)']],
  [PRESENCE_MARKER_TYPE, ['TYPE65280', "is Dynzone's private offline-host marker, set by the host commands"]],
]);

const SUPPORTED = `${MANAGED_TYPES.map(typeToString).join(', ')}, or another type as TYPEnnn with RFC 3597 data "\\# LEN HEX"`;

/**
 * parseRecordType reads a record type an owner may add: one of MANAGED_TYPES by name or number, or any
 * type this server has no presentation form for, as TYPEnnn (RFC 3597 §5: its rdata is then written
 * "\# LEN HEX" and served as is). Refused: the SOA, meta types (OPT, TSIG, AXFR, IXFR, ANY...), the other
 * types known here by name (HINFO), and types with a meaning the server does not implement (DNSSEC,
 * DNAME, the offline marker).
 */
export function parseRecordType(text: string): number {
  const type = typeFromString(text);
  if (type === RRType.SOA) {
    fail(
      'ERR_RECORD_TYPE_UNSUPPORTED',
      'the SOA record is maintained by dynzone and cannot be added or changed by hand',
      { value: text },
    );
  }
  if (type !== undefined && MANAGED_TYPES.includes(type)) return type;
  const meaning = type !== undefined ? MEANINGFUL_TYPES.get(type) : undefined;
  const name = meaning?.[0] ?? (type !== undefined ? typeToString(type) : text);
  const label = name.toUpperCase() === text.toUpperCase() ? `"${text}"` : `"${text}" (${name})`;
  if (meaning !== undefined)
    fail('ERR_RECORD_TYPE_UNSUPPORTED', `record type ${label} ${meaning[1]}`, { value: text });
  if (type !== undefined && isMetaType(type)) {
    fail(
      'ERR_RECORD_TYPE_UNSUPPORTED',
      `record type ${label} is a meta type that exists only in messages and cannot be stored in a zone (RFC 6895 §3.1)`,
      { value: text },
    );
  }
  // Known here by name but not offered (HINFO): refused too; only types unknown here are held opaque.
  if (type === undefined || typeToString(type) !== `TYPE${type}`)
    fail('ERR_RECORD_TYPE_UNSUPPORTED', `unsupported record type ${label} (supported: ${SUPPORTED})`, {
      value: text,
    });
  return type;
}

/** parseRecordTypeFilter reads a type used to select records (any known type, SOA included). */
export function parseRecordTypeFilter(text: string): number {
  const type = typeFromString(text);
  if (type === undefined)
    fail('ERR_RECORD_TYPE_UNSUPPORTED', `unknown record type "${text}"`, { value: text });
  return type;
}

/** checkTtl accepts a TTL: an integer from 0 to 2147483647 (RFC 2181 §8). */
export function checkTtl(ttl: number): number {
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL)
    fail('ERR_TTL_INVALID', `TTL ${ttl} must be a whole number of seconds from 0 to ${MAX_TTL}`, { ttl });
  return ttl;
}

/** parseTtlText reads a TTL written as plain decimal digits (no units, signs or spaces). */
export function parseTtlText(text: string): number {
  if (!/^[0-9]{1,10}$/.test(text) || Number(text) > MAX_TTL) {
    fail('ERR_TTL_INVALID', `TTL "${text}" must be a whole number of seconds from 0 to ${MAX_TTL}`, {
      value: text,
    });
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
    fail(
      'ERR_RECORD_VALUE_INVALID',
      `TXT value is ${bytes.length} octets; at most ${MAX_TXT_TEXT} fit in one record`,
    );
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
  if (text.trim().length === 0) fail('ERR_RECORD_VALUE_INVALID', `empty ${typeToString(type)} value`);
  if (type === RRType.TXT && !/^\s*["\\]/.test(text)) return plainTxt(text);
  try {
    return parseRdataText(type, text, zone);
  } catch (e) {
    if (e instanceof ZoneFileError || e instanceof NameError) {
      fail('ERR_RECORD_VALUE_INVALID', `bad ${typeToString(type)} value "${text}": ${e.message}`, {
        value: text,
      });
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
    fail('ERR_EMAIL_INVALID', `"${text}" is not a valid email address`, { value: text });
  }
  return email;
}
