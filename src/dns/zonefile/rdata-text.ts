// Rdata presentation form (RFC 1035 §5.1 and the RFCs of each type), both directions, plus the one-line
// record form. Owns text ⇄ Rdata only; master-file structure ($ORIGIN, owners, TTLs) is parser.ts.
import type { DnsName } from '../name.js';
import { RRType, classToString, isMetaType, typeToString } from '../constants.js';
import type { Rdata } from '../rdata.js';
import type { ResourceRecord } from '../record.js';
import { readIPv4, readIPv6 } from './address-text.js';
import { decodeCharacterString, encodeCharacterString } from './character-string.js';
import { ZoneFileError } from './errors.js';
import { lexTokens, type Token } from './lexer.js';
import { parseNameText } from './name-text.js';
import { parseDuration, parseUnsigned } from './numbers.js';
import {
  GENERIC_MARKER,
  decodeKnownRdata,
  formatGenericOctets,
  parseGenericOctets,
} from './rdata-generic.js';

const MAX_STRING = 255;
const MAX_RDATA = 0xffff;
const U32 = 0xffffffff;

/**
 * parseRdataText reads the presentation form of one rdata of `type`. Relative names are made absolute with
 * `origin`; without one, a name without a trailing dot is taken as absolute (as DnsName.parse does).
 */
export function parseRdataText(type: number, text: string, origin?: DnsName): Rdata {
  return readRdata(type, lexTokens(text), 0, origin, { index: 0 });
}

/**
 * parseRdataTokens reads rdata from the tokens of a master-file entry, starting at `start`; a ZoneFileError
 * carries the line of the token that was being read, which matters for multi-line entries.
 */
export function parseRdataTokens(
  type: number,
  tokens: readonly Token[],
  start: number,
  origin?: DnsName,
): Rdata {
  const at = { index: start };
  try {
    return readRdata(type, tokens, start, origin, at);
  } catch (e) {
    const t = tokens[at.index] ?? tokens[tokens.length - 1];
    if (e instanceof ZoneFileError && t !== undefined) throw e.withLocation(t.line);
    throw e;
  }
}

const TYPED = new Set<number>([
  RRType.A,
  RRType.AAAA,
  RRType.NS,
  RRType.CNAME,
  RRType.PTR,
  RRType.MX,
  RRType.TXT,
  RRType.SRV,
  RRType.CAA,
  RRType.SOA,
  RRType.HINFO,
]);

/** hasPresentationForm tells whether rdata of `type` can be read in its own form (others need `\#`). */
export function hasPresentationForm(type: number): boolean {
  return TYPED.has(type);
}

function readRdata(
  type: number,
  tokens: readonly Token[],
  start: number,
  origin: DnsName | undefined,
  at: { index: number },
): Rdata {
  const name = typeToString(type);
  if (isMetaType(type) || type === 0 || type > 0xffff) {
    throw new ZoneFileError(`type ${name} is a query-only or reserved type and cannot hold zone data`);
  }
  const first = tokens[start];
  if (first !== undefined && !first.quoted && first.text === GENERIC_MARKER) {
    // RFC 3597 §5: any type may be written generically; known types are decoded into their typed form.
    return decodeKnownRdata(type, parseGenericOctets(tokens, start + 1), name);
  }
  const n = tokens.length - start;
  const tok = (i: number): string => {
    at.index = start + i;
    return tokens[start + i]!.text;
  };
  switch (type) {
    case RRType.A: {
      expectCount(name, n, 1, 'one IPv4 address');
      const address = readIPv4(tok(0));
      if (address === undefined) throw new ZoneFileError(`A address: "${tok(0)}" is not an IPv4 address`);
      return { kind: 'A', address };
    }
    case RRType.AAAA: {
      expectCount(name, n, 1, 'one IPv6 address');
      const address = readIPv6(tok(0));
      if (address === undefined) throw new ZoneFileError(`AAAA address: "${tok(0)}" is not an IPv6 address`);
      return { kind: 'AAAA', address };
    }
    case RRType.NS:
      expectCount(name, n, 1, 'one name server name');
      return { kind: 'NS', target: parseName(tok(0), origin, 'NS target') };
    case RRType.CNAME:
      expectCount(name, n, 1, 'one canonical name');
      return { kind: 'CNAME', target: parseName(tok(0), origin, 'CNAME target') };
    case RRType.PTR:
      expectCount(name, n, 1, 'one name');
      return { kind: 'PTR', target: parseName(tok(0), origin, 'PTR target') };
    case RRType.MX:
      expectCount(name, n, 2, 'preference and exchange');
      return {
        kind: 'MX',
        preference: parseUnsigned(tok(0), 0xffff, 'MX preference'),
        exchange: parseName(tok(1), origin, 'MX exchange'),
      };
    case RRType.TXT: {
      if (n < 1) throw new ZoneFileError('TXT: needs at least one character-string');
      const strings: Uint8Array[] = [];
      let total = 0;
      for (let i = 0; i < n; i++) {
        const s = parseString(tok(i), `TXT string ${i + 1}`);
        total += s.length + 1;
        strings.push(s);
      }
      if (total > MAX_RDATA)
        throw new ZoneFileError(`TXT: rdata of ${total} octets is larger than ${MAX_RDATA}`);
      return { kind: 'TXT', strings };
    }
    case RRType.SRV:
      expectCount(name, n, 4, 'priority, weight, port and target');
      return {
        kind: 'SRV',
        priority: parseUnsigned(tok(0), 0xffff, 'SRV priority'),
        weight: parseUnsigned(tok(1), 0xffff, 'SRV weight'),
        port: parseUnsigned(tok(2), 0xffff, 'SRV port'),
        target: parseName(tok(3), origin, 'SRV target'),
      };
    case RRType.CAA: {
      // RFC 8659 §4.1.1: flags, tag (letters and digits), value as one character-string of any length.
      expectCount(name, n, 3, 'flags, tag and value');
      const flags = parseUnsigned(tok(0), 0xff, 'CAA flags');
      const tag = tok(1);
      if (!/^[A-Za-z0-9]{1,255}$/.test(tag)) {
        throw new ZoneFileError(`CAA tag: "${tag}" must be 1 to 255 letters and digits`);
      }
      const value = decodeCharacterString(tok(2), 'CAA value');
      if (value.length + tag.length + 2 > MAX_RDATA)
        throw new ZoneFileError(`CAA value: ${value.length} octets is too long`);
      return { kind: 'CAA', flags, tag, value };
    }
    case RRType.SOA:
      // RFC 1035 §3.3.13; the four timers may use BIND units (1h, 2d, 1w).
      expectCount(name, n, 7, 'mname, rname, serial, refresh, retry, expire and minimum');
      return {
        kind: 'SOA',
        mname: parseName(tok(0), origin, 'SOA mname'),
        rname: parseName(tok(1), origin, 'SOA rname'),
        serial: parseUnsigned(tok(2), U32, 'SOA serial'),
        refresh: parseDuration(tok(3), U32, 'SOA refresh'),
        retry: parseDuration(tok(4), U32, 'SOA retry'),
        expire: parseDuration(tok(5), U32, 'SOA expire'),
        minimum: parseDuration(tok(6), U32, 'SOA minimum'),
      };
    case RRType.HINFO:
      expectCount(name, n, 2, 'cpu and os');
      return { kind: 'HINFO', cpu: parseString(tok(0), 'HINFO cpu'), os: parseString(tok(1), 'HINFO os') };
    default:
      throw new ZoneFileError(
        `type ${name} has no presentation form here; write its rdata in the RFC 3597 form "\\# LEN HEX"`,
      );
  }
}

function expectCount(type: string, got: number, want: number, what: string): void {
  if (got === want) return;
  if (got === 0) throw new ZoneFileError(`${type}: missing rdata (expected ${what})`);
  throw new ZoneFileError(
    `${type}: expected ${what} (${want} field${want === 1 ? '' : 's'}), got ${got} fields`,
  );
}

function parseName(text: string, origin: DnsName | undefined, what: string): DnsName {
  return parseNameText(text, origin, what);
}

function parseString(raw: string, what: string): Uint8Array {
  const s = decodeCharacterString(raw, what);
  if (s.length > MAX_STRING) {
    throw new ZoneFileError(
      `${what}: ${s.length} octets is longer than the ${MAX_STRING}-octet limit of a character-string`,
    );
  }
  return s;
}

/** formatRdata gives the presentation form of rdata: absolute names, strings quoted and escaped, UNKNOWN as `\#`. */
export function formatRdata(type: number, rdata: Rdata): string {
  if (rdata.kind !== 'UNKNOWN' && typeToString(type) !== rdata.kind) {
    throw new ZoneFileError(`formatRdata: rdata of kind ${rdata.kind} given for type ${typeToString(type)}`);
  }
  switch (rdata.kind) {
    case 'A':
    case 'AAAA':
      return rdata.address;
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return rdata.target.toString();
    case 'MX':
      return `${rdata.preference} ${rdata.exchange.toString()}`;
    case 'TXT':
      return rdata.strings.map(encodeCharacterString).join(' ');
    case 'SRV':
      return `${rdata.priority} ${rdata.weight} ${rdata.port} ${rdata.target.toString()}`;
    case 'CAA':
      return `${rdata.flags} ${rdata.tag} ${encodeCharacterString(rdata.value)}`;
    case 'SOA':
      return `${rdata.mname.toString()} ${rdata.rname.toString()} ${rdata.serial} ${rdata.refresh} ${rdata.retry} ${rdata.expire} ${rdata.minimum}`;
    case 'HINFO':
      return `${encodeCharacterString(rdata.cpu)} ${encodeCharacterString(rdata.os)}`;
    case 'UNKNOWN':
      return formatGenericOctets(rdata.data);
  }
}

/** formatRecord gives one line "owner ttl class type rdata"; the owner is relative when `origin` is given. */
export function formatRecord(rr: ResourceRecord, origin?: DnsName): string {
  const owner = origin ? rr.owner.toRelativeString(origin) : rr.owner.toString();
  return `${owner} ${rr.ttl} ${rr.class === 1 ? 'IN' : classToString(rr.class)} ${typeToString(rr.type)} ${formatRdata(rr.type, rr.rdata)}`;
}
