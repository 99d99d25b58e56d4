// The incremental message encoder (RFC 1035 §4.1) the name server builds answers with: header, question,
// sections in order, OPT (RFC 6891 §6.1.2), name compression (RFC 1035 §4.1.4), a size limit and
// all-or-nothing record/RRset writes for truncation (RFC 2181 §9). Also encodeMessage for whole messages.
import { RRType } from '../constants.js';
import type { Edns, HeaderFlags, Message, Question } from '../message.js';
import { DnsName } from '../name.js';
import type { Rdata } from '../rdata.js';
import type { ResourceRecord, RRset } from '../record.js';
import { encodeRdata } from './rdata-wire.js';
import { HEADER_LENGTH } from './reader.js';
import { SinkOverflow, WireSink } from './wire-sink.js';

export { encodeRdata } from './rdata-wire.js';

/** Section names a record can be put in. */
export type Section = 'answer' | 'authority' | 'additional';

/** WriterMark is a saved writer state to rewind to (e.g. back to header + question to truncate). */
export interface WriterMark {
  readonly pos: number;
  readonly logLength: number;
  readonly counts: readonly [number, number, number, number];
  readonly section: number;
}

/** MIN_MESSAGE_SIZE and MAX_MESSAGE_SIZE bound a writer's maxSize (RFC 1035 §2.3.4, RFC 1035 §4.2.2). */
export const MIN_MESSAGE_SIZE = 512;
export const MAX_MESSAGE_SIZE = 65535;

const SECTION_INDEX: Readonly<Record<Section, 1 | 2 | 3>> = { answer: 1, authority: 2, additional: 3 };

/** ednsWireSize gives the octets the OPT record for `edns` takes (what to reserve for it). */
export function ednsWireSize(edns: Edns): number {
  let n = 11;
  for (const o of edns.options) n += 4 + o.data.length;
  return n;
}

/** encodeFlags packs header flags and the low 4 bits of rcode into the header's octets 2-3 (RFC 1035 §4.1.1). */
function encodeFlags(flags: HeaderFlags, rcode: number): number {
  return (
    (flags.qr ? 0x8000 : 0) |
    ((flags.opcode & 0xf) << 11) |
    (flags.aa ? 0x0400 : 0) |
    (flags.tc ? 0x0200 : 0) |
    (flags.rd ? 0x0100 : 0) |
    (flags.ra ? 0x0080 : 0) |
    (flags.z ? 0x0040 : 0) |
    (flags.ad ? 0x0020 : 0) |
    (flags.cd ? 0x0010 : 0) |
    (rcode & 0xf)
  );
}

/**
 * MessageWriter encodes one message incrementally into a preallocated buffer of at most `maxSize`
 * octets. putQuestion/putRecord/putRRset/putEdns are all-or-nothing: when the item would not fit in
 * `maxSize` minus the reserved space they return false and leave the writer (octets, counts and
 * compression table) as it was. Sections must be filled in order; the header may be (re)written any time.
 */
export class MessageWriter {
  readonly maxSize: number;
  readonly #sink: WireSink;
  #reserved = 0;
  // qdcount, ancount, nscount, arcount
  readonly #counts: [number, number, number, number] = [0, 0, 0, 0];
  #section: number = 0;

  constructor(maxSize: number) {
    if (!Number.isInteger(maxSize) || maxSize < MIN_MESSAGE_SIZE || maxSize > MAX_MESSAGE_SIZE) {
      throw new RangeError(`maxSize ${maxSize} outside ${MIN_MESSAGE_SIZE}..${MAX_MESSAGE_SIZE}`);
    }
    this.maxSize = maxSize;
    this.#sink = new WireSink(maxSize);
    this.#sink.ensure(HEADER_LENGTH);
    this.#sink.buf.fill(0, 0, HEADER_LENGTH);
    this.#sink.pos = HEADER_LENGTH;
  }

  /** size is the number of octets written so far, header included. */
  get size(): number {
    return this.#sink.pos;
  }

  /** reserved is the space currently kept free at the end. */
  get reserved(): number {
    return this.#reserved;
  }

  /** qdcount, ancount, nscount and arcount give the records written per section so far. */
  get qdcount(): number {
    return this.#counts[0];
  }
  get ancount(): number {
    return this.#counts[1];
  }
  get nscount(): number {
    return this.#counts[2];
  }
  get arcount(): number {
    return this.#counts[3];
  }

  /** putHeader writes ID, flags and the low 4 bits of rcode; counts are filled in by finish(). */
  putHeader(id: number, flags: HeaderFlags, rcode: number): void {
    const b = this.#sink.buf;
    b[0] = (id >>> 8) & 0xff;
    b[1] = id & 0xff;
    const f = encodeFlags(flags, rcode);
    b[2] = f >>> 8;
    b[3] = f & 0xff;
  }

  /** reserve keeps `n` more octets free for a later write (e.g. the OPT record); false if they are not free now. */
  reserve(n: number): boolean {
    if (this.#sink.pos + this.#reserved + n > this.maxSize) return false;
    this.#reserved += n;
    this.#sink.limit = this.maxSize - this.#reserved;
    return true;
  }

  /** unreserve releases `n` reserved octets. */
  unreserve(n: number): void {
    this.#reserved = Math.max(0, this.#reserved - n);
    this.#sink.limit = this.maxSize - this.#reserved;
  }

  #enter(section: 0 | 1 | 2 | 3): void {
    if (section < this.#section) throw new Error('sections must be written in order');
    this.#section = section;
  }

  /** putQuestion writes one question entry, its name in the case given (compressed and entered in the table). */
  putQuestion(q: Question): boolean {
    this.#enter(0);
    const sink = this.#sink;
    const pos = sink.pos;
    const log = sink.logLength;
    try {
      sink.name(q.name, true);
      sink.u16(q.type);
      sink.u16(q.class);
    } catch (e) {
      sink.rewindTo(pos, log);
      if (e === SinkOverflow.INSTANCE) return false;
      throw e;
    }
    this.#counts[0]++;
    return true;
  }

  #record(owner: DnsName, type: number, rrClass: number, ttl: number, rdata: Rdata): void {
    const sink = this.#sink;
    sink.name(owner, true);
    sink.u16(type);
    sink.u16(rrClass);
    sink.u32(ttl);
    sink.u16(0);
    const start = sink.pos;
    encodeRdata(sink, type, rdata, true);
    sink.patchU16(start - 2, sink.pos - start);
  }

  /** putRecord writes one record in `section`; false (writer unchanged) if it does not fit. */
  putRecord(section: Section, rr: ResourceRecord): boolean {
    const idx = SECTION_INDEX[section];
    this.#enter(idx);
    const sink = this.#sink;
    const pos = sink.pos;
    const log = sink.logLength;
    try {
      this.#record(rr.owner, rr.type, rr.class, rr.ttl, rr.rdata);
    } catch (e) {
      sink.rewindTo(pos, log);
      if (e === SinkOverflow.INSTANCE) return false;
      throw e;
    }
    this.#counts[idx]++;
    return true;
  }

  /** putRRset writes every record of an RRset in `section`, or none of them (false) if they do not all fit. */
  putRRset(section: Section, rrset: RRset): boolean {
    const idx = SECTION_INDEX[section];
    this.#enter(idx);
    const sink = this.#sink;
    const pos = sink.pos;
    const log = sink.logLength;
    try {
      for (const rdata of rrset.rdatas) this.#record(rrset.owner, rrset.type, rrset.class, rrset.ttl, rdata);
    } catch (e) {
      sink.rewindTo(pos, log);
      if (e === SinkOverflow.INSTANCE) return false;
      throw e;
    }
    this.#counts[idx] += rrset.rdatas.length;
    return true;
  }

  /**
   * putEdns writes the OPT record in the additional section (RFC 6891 §6.1.2-6.1.3): owner root, class =
   * UDP payload size, TTL = extendedRcode (the upper 8 bits of the 12-bit rcode, i.e. rcode >> 4),
   * version and DO bit. Release any reservation made for it first. False if it does not fit.
   */
  putEdns(edns: Edns, extendedRcode: number): boolean {
    this.#enter(3);
    if ((extendedRcode & 0xff) !== extendedRcode)
      throw new RangeError(`extended rcode ${extendedRcode} out of range`);
    const sink = this.#sink;
    const pos = sink.pos;
    const log = sink.logLength;
    try {
      sink.u8(0);
      sink.u16(RRType.OPT);
      sink.u16(edns.udpPayloadSize);
      sink.u8(extendedRcode);
      sink.u8(edns.version);
      sink.u16(edns.dnssecOk ? 0x8000 : 0);
      sink.u16(0);
      const start = sink.pos;
      for (const o of edns.options) {
        sink.u16(o.code);
        sink.u16(o.data.length);
        sink.bytes(o.data);
      }
      sink.patchU16(start - 2, sink.pos - start);
    } catch (e) {
      sink.rewindTo(pos, log);
      if (e === SinkOverflow.INSTANCE) return false;
      throw e;
    }
    this.#counts[3]++;
    return true;
  }

  /** mark saves the writer's state, e.g. right after the question, to truncate back to later. */
  mark(): WriterMark {
    const c = this.#counts;
    return {
      pos: this.#sink.pos,
      logLength: this.#sink.logLength,
      counts: [c[0], c[1], c[2], c[3]],
      section: this.#section,
    };
  }

  /** rewind returns to a mark: octets, counts and compression entries written since are dropped. */
  rewind(m: WriterMark): void {
    this.#sink.rewindTo(m.pos, m.logLength);
    this.#counts[0] = m.counts[0];
    this.#counts[1] = m.counts[1];
    this.#counts[2] = m.counts[2];
    this.#counts[3] = m.counts[3];
    this.#section = m.section;
  }

  /**
   * finish patches the section counts into the header and returns the message octets. The result views
   * the writer's own buffer (no copy): do not write to this writer afterwards.
   */
  finish(): Uint8Array {
    const sink = this.#sink;
    const c = this.#counts;
    sink.patchU16(4, c[0]);
    sink.patchU16(6, c[1]);
    sink.patchU16(8, c[2]);
    sink.patchU16(10, c[3]);
    return sink.buf.subarray(0, sink.pos);
  }
}

/**
 * encodeMessage encodes a whole message (maxSize 65535, OPT after the other additional records, rcode
 * split between header and OPT). Throws RangeError when it does not fit or when rcode > 15 without EDNS.
 */
export function encodeMessage(msg: Message): Uint8Array {
  if (msg.rcode >>> 0 !== msg.rcode || msg.rcode > 0xfff)
    throw new RangeError(`rcode ${msg.rcode} out of range`);
  if (msg.rcode > 0xf && !msg.edns) throw new RangeError(`rcode ${msg.rcode} needs EDNS`);
  const w = new MessageWriter(MAX_MESSAGE_SIZE);
  w.putHeader(msg.id, msg.flags, msg.rcode);
  const tooBig = (): never => {
    throw new RangeError('message does not fit in 65535 octets');
  };
  for (const q of msg.questions) if (!w.putQuestion(q)) tooBig();
  for (const rr of msg.answers) if (!w.putRecord('answer', rr)) tooBig();
  for (const rr of msg.authorities) if (!w.putRecord('authority', rr)) tooBig();
  for (const rr of msg.additionals) if (!w.putRecord('additional', rr)) tooBig();
  if (msg.edns && !w.putEdns(msg.edns, msg.rcode >>> 4)) tooBig();
  return w.finish();
}

/** encodeRdataBytes gives the uncompressed wire rdata of one record (original case), e.g. for storage. */
export function encodeRdataBytes(type: number, rdata: Rdata): Uint8Array {
  const sink = new WireSink(MAX_MESSAGE_SIZE, 64);
  encodeRdata(sink, type, rdata, false);
  return new Uint8Array(sink.buf.subarray(0, sink.pos));
}
