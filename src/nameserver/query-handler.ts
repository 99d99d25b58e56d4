// The query pipeline: raw query octets in, raw response octets (or null = drop) out, for one transport.
// A fast path answers ordinary queries from the response cache with a handful of buffer operations; the
// slow path is a literal list of small steps (header → decode → guards → zone lookup → encode), each either
// producing the response or passing on. Nothing the network sends may throw out of here: every fault
// becomes SERVFAIL (or a drop when not even the header is usable). Knows no sockets.
import { Opcode, RRClass, RRType, Rcode } from '../dns/constants.js';
import type { Edns, Message, Question } from '../dns/message.js';
import { DnsName } from '../dns/name.js';
import { decodeMessage } from '../dns/wire/decode.js';
import { encodeEmptyResponse, encodeLookupResult, type ResponseFrame } from './answer.js';
import { QueryScan, finishScanKey, scanQuery } from './query-scan.js';
import { ResponseCache, type ResponseCacheLimits } from './response-cache.js';
import { NOTEWORTHY_RCODES, QueryStats } from './query-stats.js';
import type { QueryLog } from './query-log.js';
import type { ServedZone, ZoneSource } from './zone-source.js';

/** QueryContext says how the query arrived. */
export interface QueryContext {
  readonly transport: 'udp' | 'tcp';
}

/** QueryHandlerOptions tune the handler; every field has a default. */
export interface QueryHandlerOptions {
  /** maxUdpPayload is the EDNS payload size we advertise and our UDP ceiling (default 1232, DNS Flag Day 2020). */
  readonly maxUdpPayload?: number;
  /** cache bounds the response cache; false disables it. */
  readonly cache?: ResponseCacheLimits | false;
  /** queryLog receives refused, malformed and dropped queries from the transports (rate-limited). */
  readonly queryLog?: QueryLog | undefined;
}

/** HEADER_LENGTH is the fixed header size (RFC 1035 §4.1.1). */
const HEADER_LENGTH = 12;
/** NO_EDNS_MAX is the UDP limit without EDNS (RFC 1035 §4.2.1). */
const NO_EDNS_MAX = 512;
/** TCP_MAX is the largest message the two-octet TCP length allows (RFC 1035 §4.2.2). */
const TCP_MAX = 65535;

/** Slow-path state of one query; allocated only on the slow path. */
interface Request {
  readonly packet: Uint8Array;
  readonly tcp: boolean;
  readonly id: number;
  readonly opcode: number;
  readonly rd: boolean;
  readonly cd: boolean;
  message: Message | undefined;
  question: Question | undefined;
  /** responseEdns is the OPT we send back, set once the query's OPT is known. */
  responseEdns: Edns | undefined;
  maxSize: number;
  /** cacheable is set by the step that produced a response worth caching; `zone` scopes it. */
  cacheable: boolean;
  zone: ServedZone | undefined;
  /** badvers is set when the answer is BADVERS (an extended rcode the header alone does not show). */
  badvers: boolean;
}

type Step = (h: QueryHandler, req: Request) => Uint8Array | undefined;

function frameOf(req: Request): ResponseFrame {
  return {
    id: req.id,
    opcode: req.opcode,
    rd: req.rd,
    cd: req.cd,
    question: req.question,
    edns: req.responseEdns,
    maxSize: req.maxSize,
    minimalAny: !req.tcp,
  };
}

function reply(req: Request, rcode: number, aa = false): Uint8Array {
  return encodeEmptyResponse(frameOf(req), rcode, aa);
}

/**
 * readQuestionLoosely reads the first question from raw octets when the name is uncompressed and well
 * formed, so a FORMERR can still echo it; undefined otherwise.
 */
export function readQuestionLoosely(p: Uint8Array): Question | undefined {
  if (p.length < HEADER_LENGTH + 5 || ((p[4]! << 8) | p[5]!) === 0) return undefined;
  const labels: string[] = [];
  let i = HEADER_LENGTH;
  let total = 1;
  for (;;) {
    const l = p[i];
    if (l === undefined || l > 63) return undefined;
    if (l === 0) break;
    total += l + 1;
    if (total > 255 || i + 1 + l > p.length) return undefined;
    labels.push(String.fromCharCode(...p.subarray(i + 1, i + 1 + l)));
    i += 1 + l;
  }
  i++;
  if (i + 4 > p.length) return undefined;
  return {
    name: DnsName.fromLabels(labels),
    type: (p[i]! << 8) | p[i + 1]!,
    class: (p[i + 2]! << 8) | p[i + 3]!,
  };
}

// ---- slow-path steps (RFC order: decode, then header-level checks, then the question) ----

/** Undecodable message with a readable header → FORMERR echoing ID and opcode (RFC 1035 §4.1.1). */
const decodeStep: Step = (_h, req) => {
  try {
    req.message = decodeMessage(req.packet);
    return undefined;
  } catch {
    req.question = readQuestionLoosely(req.packet);
    return reply(req, Rcode.FORMERR);
  }
};

/** Opcodes other than QUERY (NOTIFY, UPDATE, ...) are answered NOTIMP (RFC 1035 §4.1.1); updates come over /nic/update. */
const opcodeStep: Step = (h, req) => {
  const msg = req.message!;
  h.adoptEdns(req, msg);
  if (msg.questions.length === 1) req.question = msg.questions[0];
  if (req.opcode !== Opcode.QUERY) return reply(req, Rcode.NOTIMP);
  return undefined;
};

/** RFC 6891 §6.1.3: an OPT version we do not speak → BADVERS, OPT version 0, question echoed, no records. */
const ednsVersionStep: Step = (_h, req) => {
  const edns = req.message!.edns;
  if (edns !== undefined && edns.version > 0) {
    req.badvers = true;
    return reply(req, Rcode.BADVERS);
  }
  return undefined;
};

/** A query must hold exactly one question (RFC 1035 §4.1.2 in practice; RFC 9619). */
const questionCountStep: Step = (_h, req) => {
  if (req.message!.questions.length !== 1) {
    req.question = undefined;
    return reply(req, Rcode.FORMERR);
  }
  return undefined;
};

/** Only class IN is served; CH (version.bind and friends) and the rest are refused. */
const classStep: Step = (_h, req) => {
  if (req.question!.class !== RRClass.IN) {
    req.cacheable = true;
    return reply(req, Rcode.REFUSED);
  }
  return undefined;
};

/**
 * Meta query types: AXFR/IXFR never over UDP (RFC 5936 §4.2, amplification) and not yet over TCP;
 * MAILA/MAILB are obsolete (RFC 1035 §3.2.3); OPT and other meta types cannot be asked for.
 */
const metaTypeStep: Step = (_h, req) => {
  const t = req.question!.type;
  if (t === RRType.AXFR || t === RRType.IXFR) return reply(req, req.tcp ? Rcode.NOTIMP : Rcode.REFUSED);
  if (t === RRType.OPT) return reply(req, Rcode.FORMERR);
  if (t >= 128 && t <= 254) return reply(req, Rcode.NOTIMP);
  return undefined;
};

/** Names outside every zone → REFUSED, AA clear, no records (RFC 1035 §4.1.1, SPEC §3). */
const zoneStep: Step = (h, req) => {
  const zone = h.source.findZone(req.question!.name);
  req.cacheable = true;
  if (zone === undefined) return reply(req, Rcode.REFUSED);
  req.zone = zone;
  return undefined;
};

/** The answer itself: zone lookup (RFC 1034 §4.3.2) encoded by answer.ts. */
const lookupStep: Step = (_h, req) => {
  const q = req.question!;
  const result = req.zone!.lookup(q.name, q.type);
  req.cacheable = true;
  return encodeLookupResult(frameOf(req), result).bytes;
};

/** SLOW_PATH is the pipeline, in order; the first step returning octets ends it. */
const SLOW_PATH: readonly Step[] = [
  decodeStep,
  opcodeStep,
  ednsVersionStep,
  questionCountStep,
  classStep,
  metaTypeStep,
  zoneStep,
  lookupStep,
];

/** QueryHandler answers queries for one ZoneSource and owns its response cache. */
export class QueryHandler {
  readonly source: ZoneSource;
  readonly maxUdpPayload: number;
  readonly cache: ResponseCache | undefined;
  /** stats counts every query this handler answers (plain counters, read at scrape time). */
  readonly stats = new QueryStats();
  /** queryLog, when set, gets the noteworthy queries the transports report. */
  queryLog: QueryLog | undefined;
  readonly #scan = new QueryScan();
  #unsubscribe: (() => void) | undefined;

  constructor(source: ZoneSource, options: QueryHandlerOptions = {}) {
    this.source = source;
    const max = options.maxUdpPayload ?? 1232;
    if (!Number.isInteger(max) || max < 512 || max > 65535)
      throw new RangeError(`maxUdpPayload ${max} out of range`);
    this.maxUdpPayload = max;
    this.queryLog = options.queryLog;
    // Without swap notifications a cached answer could outlive its zone snapshot, so no cache then.
    const cached = options.cache !== false && source.onSwap !== undefined;
    this.cache = cached ? new ResponseCache(options.cache || {}) : undefined;
    if (this.cache !== undefined && source.onSwap !== undefined) {
      const cache = this.cache;
      const off = source.onSwap((change: unknown) => invalidateFor(cache, change));
      if (typeof off === 'function') this.#unsubscribe = off;
    }
  }

  /** udpLimit gives the UDP response ceiling for a query's EDNS payload (RFC 6891 §6.2.3, §6.2.5). */
  udpLimit(hasEdns: boolean, payload: number): number {
    if (!hasEdns) return NO_EDNS_MAX;
    const p = payload < NO_EDNS_MAX ? NO_EDNS_MAX : payload;
    return p < this.maxUdpPayload ? p : this.maxUdpPayload;
  }

  /** adoptEdns sets the response OPT and size limit from the query's OPT (RFC 6891 §6.1.1, §7). */
  adoptEdns(req: Request, msg: Message): void {
    const e = msg.edns;
    if (e !== undefined) {
      req.responseEdns = {
        udpPayloadSize: this.maxUdpPayload,
        version: 0,
        dnssecOk: e.dnssecOk,
        options: [],
      };
    }
    req.maxSize = req.tcp ? TCP_MAX : this.udpLimit(e !== undefined, e?.udpPayloadSize ?? 0);
  }

  /** handle answers one query; null means drop (a response, or not even a header). Never throws. */
  handle(packet: Uint8Array, tcp: boolean): Uint8Array | null {
    if (packet.length < HEADER_LENGTH || (packet[2]! & 0x80) !== 0) {
      this.stats.countDropped(tcp);
      return null;
    }
    const cache = this.cache;
    const s = this.#scan;
    let key: string | undefined;
    try {
      if (cache !== undefined && scanQuery(packet, s)) {
        key = finishScanKey(s, tcp, tcp ? TCP_MAX : this.udpLimit(s.hasEdns, s.payload));
        const hit = cache.get(key);
        if (hit !== undefined) {
          const out = patchCached(hit, packet, s.qnameEnd);
          this.stats.countResponse(tcp, s.qtype, out, true);
          return out;
        }
      }
    } catch {
      key = undefined;
    }
    const req: Request = {
      packet,
      tcp,
      id: (packet[0]! << 8) | packet[1]!,
      opcode: (packet[2]! >>> 3) & 0xf,
      rd: (packet[2]! & 0x01) !== 0,
      cd: (packet[3]! & 0x10) !== 0,
      message: undefined,
      question: undefined,
      responseEdns: undefined,
      maxSize: tcp ? TCP_MAX : NO_EDNS_MAX,
      cacheable: false,
      zone: undefined,
      badvers: false,
    };
    const out = this.#slowPath(req, key);
    if (out === null) this.stats.countDropped(tcp);
    else this.stats.countResponse(tcp, req.question?.type ?? -1, out, false, req.badvers);
    return out;
  }

  #slowPath(req: Request, key: string | undefined): Uint8Array | null {
    try {
      for (const step of SLOW_PATH) {
        const out = step(this, req);
        if (out !== undefined) {
          if (key !== undefined && req.cacheable)
            this.cache!.set(key, new Uint8Array(out), req.zone?.origin.key);
          return out;
        }
      }
      return reply(req, Rcode.SERVFAIL);
    } catch {
      return this.#servfail(req);
    }
  }

  /**
   * noteAnswer lets a transport report what it sent to `peer`: refused, malformed and dropped queries go
   * to the rate-limited query log. One octet read for ordinary answers.
   */
  noteAnswer(peer: string, tcp: boolean, query: Uint8Array, out: Uint8Array | null): void {
    const log = this.queryLog;
    if (log === undefined) return;
    if (out === null || NOTEWORTHY_RCODES.has(out[3]! & 0x0f))
      log.note(peer, tcp ? 'tcp' : 'udp', query, out);
  }

  #servfail(req: Request): Uint8Array | null {
    try {
      return reply(req, Rcode.SERVFAIL);
    } catch {
      try {
        req.question = undefined;
        return reply(req, Rcode.SERVFAIL);
      } catch {
        return null;
      }
    }
  }

  /** close stops listening for zone swaps. */
  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}

/**
 * patchCached copies a cached response and makes it answer this query: ID, RD and CD from the query,
 * and the qname's original-case octets (same length as the cached one, both start at octet 12).
 */
function patchCached(cached: Uint8Array, p: Uint8Array, qnameEnd: number): Uint8Array {
  const n = cached.length;
  const out = Buffer.allocUnsafe(n);
  out.set(cached);
  out[0] = p[0]!;
  out[1] = p[1]!;
  out[2] = (cached[2]! & 0xfe) | (p[2]! & 0x01);
  out[3] = (cached[3]! & 0xef) | (p[3]! & 0x10);
  for (let i = HEADER_LENGTH; i < qnameEnd; i++) out[i] = p[i]!;
  return out;
}

/** invalidateFor maps a catalog swap notification to cache invalidation. */
function invalidateFor(cache: ResponseCache, change: unknown): void {
  const key = swapOriginKey(change);
  if (key === undefined) cache.invalidateAll();
  else cache.invalidateZone(key);
}

/** swapOriginKey reads the zone origin from a swap event (zone/catalog.ts ZoneSwapEvent) or a bare origin. */
function swapOriginKey(arg: unknown): string | undefined {
  if (arg instanceof DnsName) return arg.key;
  const origin = (arg as { origin?: unknown } | null | undefined)?.origin;
  if (origin instanceof DnsName) return origin.key;
  return undefined;
}

const defaultHandlers = new WeakMap<ZoneSource, QueryHandler>();

/**
 * handleQuery answers one query against `catalog` (one cached QueryHandler per catalog, default options).
 * Returns the response octets, or null when the packet must be dropped.
 */
export function handleQuery(catalog: ZoneSource, packet: Uint8Array, ctx: QueryContext): Uint8Array | null {
  let h = defaultHandlers.get(catalog);
  if (h === undefined) {
    h = new QueryHandler(catalog);
    defaultHandlers.set(catalog, h);
  }
  return h.handle(packet, ctx.transport === 'tcp');
}
