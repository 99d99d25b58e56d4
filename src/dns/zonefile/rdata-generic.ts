// RFC 3597 §5 generic rdata (`\# LEN HEX`): reading the hex form, and turning the octets of a type Dynzone
// knows into its typed Rdata variant (names inside are uncompressed, as RFC 3597 §4 requires). This is not
// the message codec: no compression pointers, no message context.
import { DnsName, NameError } from '../name.js';
import { RRType } from '../constants.js';
import { formatIPv4, formatIPv6 } from '../ip.js';
import type { Rdata } from '../rdata.js';
import { ZoneFileError } from './errors.js';
import type { Token } from './lexer.js';
import { parseUnsigned } from './numbers.js';

/** GENERIC_MARKER is the token that starts the RFC 3597 form. */
export const GENERIC_MARKER = '\\#';

/** parseGenericOctets reads `LEN HEX...` tokens after the `\#` marker (RFC 3597 §5) into octets. */
export function parseGenericOctets(tokens: readonly Token[], start: number): Uint8Array {
  const lenTok = tokens[start];
  if (lenTok === undefined) throw new ZoneFileError('generic rdata: missing length after "\\#"');
  const len = parseUnsigned(lenTok.text, 0xffff, 'generic rdata length');
  let hex = '';
  for (let i = start + 1; i < tokens.length; i++) hex += tokens[i]!.text;
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new ZoneFileError(`generic rdata: "${hex}" is not hexadecimal`);
  if (hex.length !== len * 2) {
    throw new ZoneFileError(`generic rdata: length is ${len} but ${hex.length / 2} octets of hex follow`);
  }
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** formatGenericOctets gives the RFC 3597 form `\# LEN HEX` (just `\# 0` when empty). */
export function formatGenericOctets(data: Uint8Array): string {
  if (data.length === 0) return '\\# 0';
  let hex = '';
  for (const b of data) hex += b.toString(16).padStart(2, '0');
  return `\\# ${data.length} ${hex}`;
}

class OctetCursor {
  pos = 0;
  constructor(
    readonly data: Uint8Array,
    readonly what: string,
  ) {}

  need(n: number): void {
    if (this.pos + n > this.data.length) {
      throw new ZoneFileError(
        `${this.what}: generic rdata ends early (needs ${this.pos + n} octets, has ${this.data.length})`,
      );
    }
  }

  u8(): number {
    this.need(1);
    return this.data[this.pos++]!;
  }

  u16(): number {
    this.need(2);
    const v = (this.data[this.pos]! << 8) | this.data[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const d = this.data;
    const v =
      d[this.pos]! * 0x1000000 + ((d[this.pos + 1]! << 16) | (d[this.pos + 2]! << 8) | d[this.pos + 3]!);
    this.pos += 4;
    return v;
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.data.slice(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  string(): Uint8Array {
    return this.bytes(this.u8());
  }

  name(): DnsName {
    const labels: string[] = [];
    for (;;) {
      const n = this.u8();
      if (n === 0) break;
      if (n > 63)
        throw new ZoneFileError(
          `${this.what}: generic rdata holds a compressed or invalid name (label length ${n})`,
        );
      const b = this.bytes(n);
      labels.push(String.fromCharCode(...b));
    }
    try {
      return DnsName.fromLabels(labels);
    } catch (e) {
      if (e instanceof NameError)
        throw new ZoneFileError(`${this.what}: generic rdata holds a bad name: ${e.message}`);
      throw e;
    }
  }

  end(): void {
    if (this.pos !== this.data.length) {
      throw new ZoneFileError(
        `${this.what}: generic rdata has ${this.data.length - this.pos} octets left over`,
      );
    }
  }
}

/** decodeKnownRdata turns RFC 3597 octets into the typed variant for known types, UNKNOWN for the rest. */
export function decodeKnownRdata(type: number, data: Uint8Array, typeName: string): Rdata {
  const c = new OctetCursor(data, typeName);
  let r: Rdata;
  switch (type) {
    case RRType.A:
      r = { kind: 'A', address: formatIPv4(c.bytes(4)) };
      break;
    case RRType.AAAA:
      r = { kind: 'AAAA', address: formatIPv6(c.bytes(16)) };
      break;
    case RRType.NS:
    case RRType.CNAME:
    case RRType.PTR:
      r = { kind: type === RRType.NS ? 'NS' : type === RRType.CNAME ? 'CNAME' : 'PTR', target: c.name() };
      break;
    case RRType.MX:
      r = { kind: 'MX', preference: c.u16(), exchange: c.name() };
      break;
    case RRType.TXT: {
      const strings: Uint8Array[] = [c.string()];
      while (c.pos < data.length) strings.push(c.string());
      r = { kind: 'TXT', strings };
      break;
    }
    case RRType.SRV:
      r = { kind: 'SRV', priority: c.u16(), weight: c.u16(), port: c.u16(), target: c.name() };
      break;
    case RRType.CAA: {
      const flags = c.u8();
      const tag = String.fromCharCode(...c.string());
      if (!/^[A-Za-z0-9]+$/.test(tag))
        throw new ZoneFileError(`CAA tag: "${tag}" must be letters and digits only`);
      r = { kind: 'CAA', flags, tag, value: c.bytes(data.length - c.pos) };
      break;
    }
    case RRType.SOA:
      r = {
        kind: 'SOA',
        mname: c.name(),
        rname: c.name(),
        serial: c.u32(),
        refresh: c.u32(),
        retry: c.u32(),
        expire: c.u32(),
        minimum: c.u32(),
      };
      break;
    case RRType.HINFO:
      r = { kind: 'HINFO', cpu: c.string(), os: c.string() };
      break;
    default:
      return { kind: 'UNKNOWN', data: data.slice() };
  }
  c.end();
  return r;
}
