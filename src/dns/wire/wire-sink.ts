// The low-level output buffer of the encoder: a preallocated, growable Buffer with a hard size limit and
// the name compression table (RFC 1035 §4.1.4). Knows nothing about sections or counts (writer.ts does).
import type { DnsName } from '../name.js';

/** SinkOverflow is thrown (as one shared instance, no stack) when a write would pass the limit. */
export class SinkOverflow {
  static readonly INSTANCE = new SinkOverflow();
  private constructor() {}
}

/** Compression pointers hold a 14-bit offset, so only names starting below 0x4000 can be targets. */
const MAX_POINTER_TARGET = 0x3fff;

/** SinkMark is a saved position of a WireSink, to rewind to. */
export interface SinkMark {
  readonly pos: number;
  readonly logLength: number;
}

/**
 * WireSink writes big-endian fields and names into a Buffer no larger than `maxSize`; a write past the
 * current limit throws SinkOverflow.INSTANCE and leaves the caller to rewind to a mark.
 */
export class WireSink {
  buf: Buffer;
  pos = 0;
  readonly maxSize: number;
  /** limit is the last usable offset + 1 (maxSize minus what is reserved). */
  limit: number;
  // Lowercase name-suffix key → offset of the first occurrence; `log` lists keys in insertion order so a
  // rewind can drop exactly the entries added after the mark.
  readonly #table = new Map<string, number>();
  readonly #log: string[] = [];

  constructor(maxSize: number, initialCapacity = Math.min(maxSize, 2048)) {
    this.maxSize = maxSize;
    this.limit = maxSize;
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  /** ensure makes room for `n` more octets or throws SinkOverflow when that would pass the limit. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need > this.buf.length) {
      if (need > this.limit) throw SinkOverflow.INSTANCE;
      const next = Buffer.allocUnsafe(Math.min(this.maxSize, Math.max(need, this.buf.length * 2)));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    } else if (need > this.limit) {
      throw SinkOverflow.INSTANCE;
    }
  }

  /** u8 writes one octet. */
  u8(v: number): void {
    if ((v & 0xff) !== v) throw new RangeError(`octet value ${v} out of range`);
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /** u16 writes a 16-bit big-endian value. */
  u16(v: number): void {
    if ((v & 0xffff) !== v) throw new RangeError(`16-bit value ${v} out of range`);
    this.ensure(2);
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 8;
    b[p + 1] = v & 0xff;
    this.pos = p + 2;
  }

  /** u32 writes a 32-bit big-endian unsigned value. */
  u32(v: number): void {
    if (v >>> 0 !== v) throw new RangeError(`32-bit value ${v} out of range`);
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 24;
    b[p + 1] = (v >>> 16) & 0xff;
    b[p + 2] = (v >>> 8) & 0xff;
    b[p + 3] = v & 0xff;
    this.pos = p + 4;
  }

  /** bytes copies octets in. */
  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** patchU16 overwrites a 16-bit value already written at `at` (counts, rdlength). */
  patchU16(at: number, v: number): void {
    this.buf[at] = v >>> 8;
    this.buf[at + 1] = v & 0xff;
  }

  /**
   * name writes a name in its original case. With `compress`, the longest suffix already in the table is
   * replaced by a pointer and the new suffixes are entered (RFC 1035 §4.1.4); without, the name is
   * written whole and not entered, so nothing ever points into rdata that must stay uncompressed.
   */
  name(name: DnsName, compress: boolean): void {
    const labels = name.labels;
    const key = name.key;
    const table = this.#table;
    let k = 0;
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      if (compress) {
        const suffix = i === 0 ? key : key.slice(k);
        const target = table.get(suffix);
        if (target !== undefined) {
          this.ensure(2);
          this.buf[this.pos] = 0xc0 | (target >>> 8);
          this.buf[this.pos + 1] = target & 0xff;
          this.pos += 2;
          return;
        }
        if (this.pos <= MAX_POINTER_TARGET) {
          table.set(suffix, this.pos);
          this.#log.push(suffix);
        }
      }
      const n = label.length;
      this.ensure(n + 1);
      const b = this.buf;
      let p = this.pos;
      b[p++] = n;
      for (let j = 0; j < n; j++) b[p++] = label.charCodeAt(j);
      this.pos = p;
      k += n + 1;
    }
    this.ensure(1);
    this.buf[this.pos++] = 0;
  }

  /** logLength is how many compression entries exist (half of a mark, kept as a number to avoid garbage). */
  get logLength(): number {
    return this.#log.length;
  }

  /** mark saves the position and compression table state. */
  mark(): SinkMark {
    return { pos: this.pos, logLength: this.#log.length };
  }

  /** rewindTo returns to a saved position and log length, forgetting what was written since. */
  rewindTo(pos: number, logLength: number): void {
    const log = this.#log;
    const table = this.#table;
    while (log.length > logLength) table.delete(log.pop()!);
    this.pos = pos;
  }
}
