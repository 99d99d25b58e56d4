// Rdata between typed values and wire octets (RFC 1035 §3.3-3.4, RFC 3596, RFC 2782, RFC 8659, RFC 3597).
// Owns the per-type layouts; message framing lives in decode.ts and writer.ts.
import { RRClass, RRType } from '../constants.js';
import { formatIPv6, parseIPv6 } from '../ip.js';
import type { Rdata } from '../rdata.js';
import { WireFormatError } from './errors.js';
import { WireReader } from './reader.js';
import type { WireSink } from './wire-sink.js';

/**
 * isCompressibleType tells whether names in this type's rdata may be compressed on output: only the
 * RFC 1035 types NS, CNAME, SOA, PTR and MX (RFC 3597 §4); SRV and later types never are.
 */
export function isCompressibleType(type: number): boolean {
  return (
    type === RRType.NS ||
    type === RRType.CNAME ||
    type === RRType.SOA ||
    type === RRType.PTR ||
    type === RRType.MX
  );
}

/** KIND_TYPE maps each typed Rdata kind to the one type number it may be written under. */
const KIND_TYPE: Readonly<Record<Exclude<Rdata['kind'], 'UNKNOWN'>, number>> = {
  A: RRType.A,
  AAAA: RRType.AAAA,
  NS: RRType.NS,
  CNAME: RRType.CNAME,
  PTR: RRType.PTR,
  MX: RRType.MX,
  TXT: RRType.TXT,
  SRV: RRType.SRV,
  CAA: RRType.CAA,
  SOA: RRType.SOA,
  HINFO: RRType.HINFO,
};

/** typeForKind gives the type number a typed rdata kind belongs to (undefined for UNKNOWN). */
export function typeForKind(kind: Rdata['kind']): number | undefined {
  return kind === 'UNKNOWN' ? undefined : KIND_TYPE[kind];
}

/** isClassSpecific tells whether a type's layout is defined for class IN only (A, AAAA, SRV). */
function isInternetOnly(type: number): boolean {
  return type === RRType.A || type === RRType.AAAA || type === RRType.SRV;
}

/**
 * decodeRdata reads `length` octets of rdata at `offset` of a whole message `buf` (names in NS, CNAME,
 * SOA, PTR, MX and, leniently, SRV may use compression pointers into `buf`). Unknown types, class-specific
 * types outside IN, and empty RFC 2136 update forms (class NONE/ANY, rdlength 0) come back as UNKNOWN.
 * The rdata must be consumed exactly; anything else throws WireFormatError.
 */
export function decodeRdata(
  type: number,
  buf: Uint8Array,
  offset: number,
  length: number,
  rrClass: number = RRClass.IN,
): Rdata {
  const end = offset + length;
  if (end > buf.length) throw new WireFormatError('rdata runs past the end of the message', offset);
  const r = new WireReader(buf, offset, end);
  if (
    (length === 0 && (rrClass === RRClass.NONE || rrClass === RRClass.ANY)) ||
    (isInternetOnly(type) && rrClass !== RRClass.IN && rrClass !== RRClass.NONE && rrClass !== RRClass.ANY)
  ) {
    return { kind: 'UNKNOWN', data: r.bytes(length) };
  }
  let rdata: Rdata;
  switch (type) {
    case RRType.A: {
      if (length !== 4) throw new WireFormatError(`A rdata of ${length} octets, expected 4`, offset);
      rdata = {
        kind: 'A',
        address: `${buf[offset]}.${buf[offset + 1]}.${buf[offset + 2]}.${buf[offset + 3]}`,
      };
      r.pos = end;
      break;
    }
    case RRType.AAAA: {
      if (length !== 16) throw new WireFormatError(`AAAA rdata of ${length} octets, expected 16`, offset);
      rdata = { kind: 'AAAA', address: formatIPv6(buf.subarray(offset, end)) };
      r.pos = end;
      break;
    }
    case RRType.NS:
      rdata = { kind: 'NS', target: r.name() };
      break;
    case RRType.CNAME:
      rdata = { kind: 'CNAME', target: r.name() };
      break;
    case RRType.PTR:
      rdata = { kind: 'PTR', target: r.name() };
      break;
    case RRType.MX: {
      const preference = r.u16('MX preference');
      rdata = { kind: 'MX', preference, exchange: r.name() };
      break;
    }
    case RRType.TXT: {
      // RFC 1035 §3.3.14: one or more character-strings.
      if (length === 0) throw new WireFormatError('TXT rdata without a character-string', offset);
      const strings: Uint8Array[] = [];
      while (r.pos < end) strings.push(r.characterString('TXT character-string'));
      rdata = { kind: 'TXT', strings };
      break;
    }
    case RRType.SRV: {
      // RFC 2782: priority, weight, port, target (no compression on output; accepted on input).
      const priority = r.u16('SRV priority');
      const weight = r.u16('SRV weight');
      const port = r.u16('SRV port');
      rdata = { kind: 'SRV', priority, weight, port, target: r.name() };
      break;
    }
    case RRType.CAA: {
      // RFC 8659 §4.1: flags, tag length (≥ 1), tag, value to the end.
      const flags = r.u8('CAA flags');
      const tagLength = r.u8('CAA tag length');
      if (tagLength === 0) throw new WireFormatError('CAA tag of length 0', r.pos - 1);
      const tag = r.latin1(tagLength, 'CAA tag');
      rdata = { kind: 'CAA', flags, tag, value: r.bytes(end - r.pos, 'CAA value') };
      break;
    }
    case RRType.SOA: {
      const mname = r.name();
      const rname = r.name();
      const serial = r.u32('SOA serial');
      const refresh = r.u32('SOA refresh');
      const retry = r.u32('SOA retry');
      const expire = r.u32('SOA expire');
      const minimum = r.u32('SOA minimum');
      rdata = { kind: 'SOA', mname, rname, serial, refresh, retry, expire, minimum };
      break;
    }
    case RRType.HINFO: {
      const cpu = r.characterString('HINFO cpu');
      const os = r.characterString('HINFO os');
      rdata = { kind: 'HINFO', cpu, os };
      break;
    }
    default:
      return { kind: 'UNKNOWN', data: r.bytes(length) };
  }
  if (r.pos !== end) {
    throw new WireFormatError(
      `rdata has ${end - r.pos} octets left over after the ${rdata.kind} fields`,
      r.pos,
    );
  }
  return rdata;
}

/** writeIPv4 puts the 4 octets of a dotted quad; throws on anything else. */
function writeIPv4(sink: WireSink, text: string): void {
  let part = 0;
  let digits = 0;
  let parts = 0;
  const out = [0, 0, 0, 0];
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || parts >= 4) throw new TypeError(`invalid IPv4 address "${text}"`);
      out[parts++] = part;
      part = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39 && digits < 3) {
      part = part * 10 + (c - 0x30);
      digits++;
      if (part > 255) throw new TypeError(`invalid IPv4 address "${text}"`);
    } else {
      throw new TypeError(`invalid IPv4 address "${text}"`);
    }
  }
  if (parts !== 4) throw new TypeError(`invalid IPv4 address "${text}"`);
  sink.u8(out[0]!);
  sink.u8(out[1]!);
  sink.u8(out[2]!);
  sink.u8(out[3]!);
}

// Zone data repeats the same few addresses, so parsed IPv6 octets are cached (bounded, cleared when full).
const ipv6Cache = new Map<string, Uint8Array>();
const IPV6_CACHE_MAX = 4096;

function ipv6Octets(text: string): Uint8Array {
  let b = ipv6Cache.get(text);
  if (b === undefined) {
    b = parseIPv6(text);
    if (b === undefined) throw new TypeError(`invalid IPv6 address "${text}"`);
    if (ipv6Cache.size >= IPV6_CACHE_MAX) ipv6Cache.clear();
    ipv6Cache.set(text, b);
  }
  return b;
}

function writeCharacterString(sink: WireSink, s: Uint8Array, what: string): void {
  if (s.length > 255) throw new RangeError(`${what} longer than 255 octets`);
  sink.u8(s.length);
  sink.bytes(s);
}

/**
 * encodeRdata writes the rdata of a record of `type` into `sink` (without the rdlength). Names are
 * compressed only when `compress` is set and the type allows it (RFC 3597 §4). Throws TypeError when
 * the rdata kind does not belong to `type` or a field is out of range: that is a caller bug, not input.
 */
export function encodeRdata(sink: WireSink, type: number, rdata: Rdata, compress: boolean): void {
  if (rdata.kind !== 'UNKNOWN' && KIND_TYPE[rdata.kind] !== type) {
    throw new TypeError(`${rdata.kind} rdata in a record of type ${type}`);
  }
  const c = compress && isCompressibleType(type);
  switch (rdata.kind) {
    case 'A':
      writeIPv4(sink, rdata.address);
      return;
    case 'AAAA':
      sink.bytes(ipv6Octets(rdata.address));
      return;
    case 'NS':
    case 'CNAME':
    case 'PTR':
      sink.name(rdata.target, c);
      return;
    case 'MX':
      sink.u16(rdata.preference);
      sink.name(rdata.exchange, c);
      return;
    case 'TXT':
      if (rdata.strings.length === 0) throw new RangeError('TXT rdata needs at least one character-string');
      for (const s of rdata.strings) writeCharacterString(sink, s, 'TXT character-string');
      return;
    case 'SRV':
      sink.u16(rdata.priority);
      sink.u16(rdata.weight);
      sink.u16(rdata.port);
      sink.name(rdata.target, false);
      return;
    case 'CAA': {
      const tag = rdata.tag;
      if (tag.length === 0 || tag.length > 255) throw new RangeError('CAA tag must be 1..255 octets');
      sink.u8(rdata.flags);
      sink.u8(tag.length);
      for (let i = 0; i < tag.length; i++) {
        const ch = tag.charCodeAt(i);
        if (ch > 0xff) throw new RangeError('CAA tag must be latin1 octets');
        sink.u8(ch);
      }
      sink.bytes(rdata.value);
      return;
    }
    case 'SOA':
      sink.name(rdata.mname, c);
      sink.name(rdata.rname, c);
      sink.u32(rdata.serial);
      sink.u32(rdata.refresh);
      sink.u32(rdata.retry);
      sink.u32(rdata.expire);
      sink.u32(rdata.minimum);
      return;
    case 'HINFO':
      writeCharacterString(sink, rdata.cpu, 'HINFO cpu');
      writeCharacterString(sink, rdata.os, 'HINFO os');
      return;
    case 'UNKNOWN':
      sink.bytes(rdata.data);
      return;
  }
}
