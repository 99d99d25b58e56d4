// Turns a zone LookupResult into an encoded response (RFC 1034 §4.3.2, RFC 2308, RFC 9471): flags, rcode
// and the three sections, within the transport's size limit, falling back to header + question (+ OPT)
// with TC when the required records do not fit (RFC 2181 §9). Also encodes record-less responses
// (REFUSED, FORMERR, NOTIMP, BADVERS, SERVFAIL). Knows nothing about sockets or caching.
import { RRClass, RRType } from '../dns/constants.js';
import type { Edns, HeaderFlags, Question } from '../dns/message.js';
import type { RRset } from '../dns/record.js';
import { MessageWriter } from '../dns/wire/writer.js';
import type { LookupResult } from '../zone/lookup-result.js';

/** ResponseFrame is everything about a response that does not come from the zone. */
export interface ResponseFrame {
  readonly id: number;
  readonly opcode: number;
  /** rd and cd are copied from the query (RFC 1035 §4.1.1, RFC 4035 §3.1.6). */
  readonly rd: boolean;
  readonly cd: boolean;
  /** question is echoed as received (original case); undefined when it could not be read. */
  readonly question: Question | undefined;
  /** edns is the OPT to send back (present iff the query had one, RFC 6891 §6.1.1). */
  readonly edns: Edns | undefined;
  /** maxSize is the largest response the transport allows (RFC 6891 §6.2.5, RFC 1035 §4.2.1). */
  readonly maxSize: number;
  /** minimalAny asks for the RFC 8482 reply to ANY (set over UDP). */
  readonly minimalAny: boolean;
}

/** OPT_FIXED_SIZE is the size of an OPT record without options (RFC 6891 §6.1.2). */
const OPT_FIXED_SIZE = 11;

/** RFC8482_HINFO_CPU is the CPU field of the synthesized ANY answer (RFC 8482 §4.2). */
const RFC8482_HINFO_CPU = new Uint8Array([0x52, 0x46, 0x43, 0x38, 0x34, 0x38, 0x32]); // "RFC8482"
const EMPTY = new Uint8Array(0);

function flagsFor(frame: ResponseFrame, aa: boolean, tc: boolean): HeaderFlags {
  // RA stays clear: authoritative only, no recursion (RFC 1035 §4.1.1).
  return {
    qr: true,
    opcode: frame.opcode,
    aa,
    tc,
    rd: frame.rd,
    ra: false,
    z: false,
    ad: false,
    cd: frame.cd,
  };
}

function optSize(frame: ResponseFrame): number {
  return frame.edns === undefined ? 0 : OPT_FIXED_SIZE;
}

/**
 * encodeEmptyResponse builds a response with no records: header, the question when known, and the OPT
 * when the query had one. `rcode` is the full 12-bit value (BADVERS = 16 goes to the OPT, RFC 6891 §6.1.3).
 */
export function encodeEmptyResponse(frame: ResponseFrame, rcode: number, aa = false, tc = false): Uint8Array {
  // 512 octets always hold a header, a question (≤ 259) and an OPT without options.
  const w = new MessageWriter(Math.max(frame.maxSize, 512));
  w.putHeader(frame.id, flagsFor(frame, aa, tc), rcode & 0xf);
  if (frame.question !== undefined) w.putQuestion(frame.question);
  if (frame.edns !== undefined) w.putEdns(frame.edns, rcode >>> 4);
  return w.finish();
}

/** AnswerOutcome is the encoded response and the rcode it carries. */
export interface AnswerOutcome {
  readonly bytes: Uint8Array;
  readonly rcode: number;
}

function synthesizeRfc8482(frame: ResponseFrame, answers: readonly RRset[]): RRset[] {
  // RFC 8482 §4.2: one synthesized HINFO instead of every RRset at the node. Its TTL is the smallest
  // TTL of the RRsets it stands for, so no cache keeps it longer than the data it replaces.
  let ttl = 0x7fffffff;
  for (const r of answers) if (r.ttl < ttl) ttl = r.ttl;
  const owner = frame.question?.name ?? answers[0]!.owner;
  return [
    {
      owner,
      type: RRType.HINFO,
      class: RRClass.IN,
      ttl,
      rdatas: [{ kind: 'HINFO', cpu: RFC8482_HINFO_CPU, os: EMPTY }],
    },
  ];
}

/**
 * encodeLookupResult encodes the answer to the frame's question from what zone lookup found: AA for
 * authoritative data (not for referrals), NXDOMAIN/NOERROR, the SOA in authority for negative answers
 * (RFC 2308 §3), NS + glue for referrals (RFC 1034 §4.3.2 step 3b). Optional additional data is dropped
 * when it does not fit; required data that does not fit yields header + question (+ OPT) with TC.
 */
export function encodeLookupResult(frame: ResponseFrame, result: LookupResult): AnswerOutcome {
  let answers = result.answers;
  let aa = true;
  let rcode = 0;
  let authority: RRset | undefined;
  let required: readonly RRset[] = [];
  let optional: readonly RRset[] = [];
  switch (result.kind) {
    case 'answer':
      // RFC 8482 §4.1 lets a minimal ANY answer be one real RRset: at a CNAME owner (the only RRset there,
      // RFC 1034 §3.6.2) that is the CNAME, which resolvers can follow, as Knot answers too.
      if (
        frame.minimalAny &&
        frame.question?.type === RRType.ANY &&
        answers.length > 0 &&
        !(answers.length === 1 && answers[0]!.type === RRType.CNAME)
      ) {
        answers = synthesizeRfc8482(frame, answers);
      } else {
        optional = result.additionals;
      }
      break;
    case 'cname':
      break;
    case 'nodata':
      authority = result.soa;
      break;
    case 'nxdomain':
      // RFC 6604 §3: the rcode describes the last name of a CNAME chain.
      rcode = 3;
      authority = result.soa;
      break;
    case 'referral':
      // A referral is not authoritative unless a CNAME chain from our own data led to it.
      aa = answers.length > 0;
      authority = result.ns;
      // RFC 9471 §3: glue for in-bailiwick name servers must fit, or TC is set.
      required = result.glue;
      break;
  }
  const w = new MessageWriter(frame.maxSize);
  w.putHeader(frame.id, flagsFor(frame, aa, false), rcode);
  if (frame.question !== undefined) w.putQuestion(frame.question);
  const opt = optSize(frame);
  if (opt > 0) w.reserve(opt);
  let fits = true;
  for (const rrset of answers) {
    if (!w.putRRset('answer', rrset)) {
      fits = false;
      break;
    }
  }
  if (fits && authority !== undefined) fits = w.putRRset('authority', authority);
  if (fits) {
    for (const rrset of required) {
      if (!w.putRRset('additional', rrset)) {
        fits = false;
        break;
      }
    }
  }
  if (!fits) return { bytes: encodeEmptyResponse(frame, rcode, aa, true), rcode };
  for (const rrset of optional) w.putRRset('additional', rrset);
  if (opt > 0) {
    w.unreserve(opt);
    w.putEdns(frame.edns!, 0);
  }
  return { bytes: w.finish(), rcode };
}
