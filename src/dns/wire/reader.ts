// Bounds-checked cursor over a received DNS message (RFC 1035 §4.1). The only code that reads message
// octets: every read checks its length and throws WireFormatError, never RangeError. Knows no records.
import { DnsName, MAX_NAME_WIRE_LENGTH } from '../name.js';
import { WireFormatError } from './errors.js';

/** HEADER_LENGTH is the fixed size of the message header (RFC 1035 §4.1.1). */
export const HEADER_LENGTH = 12;

/** MAX_POINTER_HOPS bounds the compression pointers followed in one name (a name has at most 127 labels). */
const MAX_POINTER_HOPS = 128;

/** latin1 turns octets into a string of the same length, one char per octet, without a native call. */
function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
  return s;
}

/**
 * WireReader is a cursor over a whole message; `end` bounds the octets read in place (a record's rdata,
 * say), while compression pointers may reach anywhere earlier in the message.
 */
export class WireReader {
  readonly buf: Uint8Array;
  pos: number;
  end: number;

  constructor(buf: Uint8Array, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = Math.min(end, buf.length);
  }

  /** remaining is how many octets are left before `end`. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** need throws unless `n` more octets are available before `end`. */
  need(n: number, what: string): void {
    if (this.pos + n > this.end) {
      throw new WireFormatError(`truncated ${what}: need ${n} octets, ${this.end - this.pos} left`, this.pos);
    }
  }

  /** u8 reads one octet. */
  u8(what = 'field'): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }

  /** u16 reads a 16-bit big-endian value. */
  u16(what = 'field'): number {
    this.need(2, what);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return (b[p]! << 8) | b[p + 1]!;
  }

  /** u32 reads a 32-bit big-endian unsigned value. */
  u32(what = 'field'): number {
    this.need(4, what);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  /** bytes copies `n` octets into a fresh Uint8Array (the message buffer may be reused by the caller). */
  bytes(n: number, what = 'field'): Uint8Array {
    this.need(n, what);
    const out = new Uint8Array(n);
    out.set(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  /** characterString reads a <character-string>: a length octet and that many octets (RFC 1035 §3.3). */
  characterString(what = 'character-string'): Uint8Array {
    const n = this.u8(what);
    return this.bytes(n, what);
  }

  /** latin1 reads `n` octets as a latin1 string. */
  latin1(n: number, what = 'field'): string {
    this.need(n, what);
    const s = latin1(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /**
   * name reads a domain name (RFC 1035 §3.1, §4.1.4). Labels ≤ 63 octets, the whole name ≤ 255 octets
   * uncompressed; label types 0b01 and 0b10 (RFC 6891 §5) are rejected; each compression pointer must
   * point strictly before the start of the label sequence it is found in and after the header, so
   * every hop goes backwards and loops cannot exist.
   */
  name(): DnsName {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    let bound = this.end;
    let limit = start;
    let resume = -1;
    let hops = 0;
    let wireLength = 1;
    const labels: string[] = [];
    for (;;) {
      if (p >= bound) throw new WireFormatError('name runs past the end', p);
      const len = buf[p]!;
      if (len === 0) {
        p += 1;
        break;
      }
      const kind = len & 0xc0;
      if (kind === 0) {
        // len ≤ 63 here since the top two bits are clear.
        if (p + 1 + len > bound) throw new WireFormatError('label runs past the end', p);
        wireLength += len + 1;
        if (wireLength > MAX_NAME_WIRE_LENGTH) {
          throw new WireFormatError(`name longer than ${MAX_NAME_WIRE_LENGTH} octets`, p);
        }
        labels.push(latin1(buf, p + 1, p + 1 + len));
        p += 1 + len;
      } else if (kind === 0xc0) {
        if (p + 2 > bound) throw new WireFormatError('compression pointer runs past the end', p);
        const target = ((len & 0x3f) << 8) | buf[p + 1]!;
        if (target >= limit) throw new WireFormatError('compression pointer does not point backwards', p);
        if (target < HEADER_LENGTH) throw new WireFormatError('compression pointer into the header', p);
        if (++hops > MAX_POINTER_HOPS) throw new WireFormatError('too many compression pointers', p);
        if (resume < 0) resume = p + 2;
        limit = target;
        p = target;
        bound = buf.length;
      } else {
        throw new WireFormatError(`unsupported label type 0x${len.toString(16)}`, p);
      }
    }
    this.pos = resume < 0 ? p : resume;
    // Lengths were checked above, so fromLabels cannot throw here.
    return labels.length === 0 ? DnsName.ROOT : DnsName.fromLabels(labels);
  }
}
