// Message decoding (RFC 1035 §4.1): header, question, answer, authority and additional sections, with
// the OPT pseudo-record (RFC 6891 §6.1) lifted into `edns`. Strict: the input is either a whole valid
// message or a WireFormatError is thrown; nothing else escapes.
import { RRType } from '../constants.js';
import type { Edns, EdnsOption, HeaderFlags, Message, Question } from '../message.js';
import { DnsName } from '../name.js';
import type { ResourceRecord } from '../record.js';
import { WireFormatError } from './errors.js';
import { decodeRdata } from './rdata-wire.js';
import { HEADER_LENGTH, WireReader } from './reader.js';

export { decodeRdata } from './rdata-wire.js';

/** The smallest question (root name, type, class) and record (root owner + 10 fixed octets). */
const MIN_QUESTION = 5;
const MIN_RECORD = 11;

/** decodeFlags unpacks the header's octets 2-3 (RFC 1035 §4.1.1, RFC 4035 §3.2 for AD/CD). */
function decodeFlags(f: number): HeaderFlags {
  return {
    qr: (f & 0x8000) !== 0,
    opcode: (f >>> 11) & 0xf,
    aa: (f & 0x0400) !== 0,
    tc: (f & 0x0200) !== 0,
    rd: (f & 0x0100) !== 0,
    ra: (f & 0x0080) !== 0,
    z: (f & 0x0040) !== 0,
    ad: (f & 0x0020) !== 0,
    cd: (f & 0x0010) !== 0,
  };
}

/** decodeOpt reads the OPT rdata: a sequence of {code, length, data} options filling rdlength exactly. */
function decodeOptions(r: WireReader, end: number): EdnsOption[] {
  const options: EdnsOption[] = [];
  const saved = r.end;
  r.end = end;
  while (r.pos < end) {
    const code = r.u16('EDNS option code');
    const length = r.u16('EDNS option length');
    options.push({ code, data: r.bytes(length, 'EDNS option data') });
  }
  r.end = saved;
  return options;
}

interface Sections {
  edns: Edns | undefined;
  extendedRcode: number;
}

function readRecords(
  r: WireReader,
  count: number,
  section: 1 | 2 | 3,
  out: ResourceRecord[],
  state: Sections,
): void {
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const owner = r.name();
    const type = r.u16('record type');
    const rrClass = r.u16('record class');
    const ttl = r.u32('record TTL');
    const rdlength = r.u16('rdlength');
    const rdStart = r.pos;
    const rdEnd = rdStart + rdlength;
    if (rdEnd > r.end) throw new WireFormatError(`rdlength ${rdlength} runs past the end`, rdStart - 2);
    if (type === RRType.OPT) {
      // RFC 6891 §6.1.1: at most one OPT, only in the additional section, owner the root.
      if (section !== 3) throw new WireFormatError('OPT record outside the additional section', start);
      if (state.edns) throw new WireFormatError('more than one OPT record', start);
      if (!owner.isRoot) throw new WireFormatError('OPT record owner is not the root', start);
      const options = decodeOptions(r, rdEnd);
      state.extendedRcode = ttl >>> 24;
      state.edns = {
        udpPayloadSize: rrClass,
        version: (ttl >>> 16) & 0xff,
        dnssecOk: (ttl & 0x8000) !== 0,
        options,
      };
      continue;
    }
    const rdata = decodeRdata(type, r.buf, rdStart, rdlength, rrClass);
    r.pos = rdEnd;
    out.push({ owner, type, class: rrClass, ttl, rdata });
  }
}

function decode(buf: Uint8Array): Message {
  if (buf.length < HEADER_LENGTH) {
    throw new WireFormatError(`message of ${buf.length} octets is shorter than the header`, 0);
  }
  const r = new WireReader(buf);
  const id = r.u16();
  const flagBits = r.u16();
  const qdcount = r.u16();
  const ancount = r.u16();
  const nscount = r.u16();
  const arcount = r.u16();
  // Counts that cannot possibly fit are rejected before any work is done for them.
  if (qdcount * MIN_QUESTION + (ancount + nscount + arcount) * MIN_RECORD > buf.length - HEADER_LENGTH) {
    throw new WireFormatError('section counts exceed the message length', 4);
  }
  const questions: Question[] = [];
  for (let i = 0; i < qdcount; i++) {
    const name: DnsName = r.name();
    const type = r.u16('question type');
    const qclass = r.u16('question class');
    questions.push({ name, type, class: qclass });
  }
  const state: Sections = { edns: undefined, extendedRcode: 0 };
  const answers: ResourceRecord[] = [];
  const authorities: ResourceRecord[] = [];
  const additionals: ResourceRecord[] = [];
  readRecords(r, ancount, 1, answers, state);
  readRecords(r, nscount, 2, authorities, state);
  readRecords(r, arcount, 3, additionals, state);
  if (r.pos !== buf.length) {
    throw new WireFormatError(`${buf.length - r.pos} octets after the last record`, r.pos);
  }
  const msg: Message = {
    id,
    flags: decodeFlags(flagBits),
    rcode: (flagBits & 0xf) | (state.extendedRcode << 4),
    questions,
    answers,
    authorities,
    additionals,
  };
  return state.edns ? { ...msg, edns: state.edns } : msg;
}

/**
 * decodeMessage parses a whole DNS message. It returns a complete Message or throws WireFormatError;
 * any other fault inside the decoder is reported as a WireFormatError whose `cause` is the original.
 */
export function decodeMessage(buf: Uint8Array): Message {
  try {
    return decode(buf);
  } catch (e) {
    if (e instanceof WireFormatError) throw e;
    throw new WireFormatError(`internal decoder fault: ${(e as Error)?.message ?? String(e)}`, -1, {
      cause: e,
    });
  }
}
