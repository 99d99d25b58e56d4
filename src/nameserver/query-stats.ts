// Per-process DNS counters kept as plain typed arrays, so the hot path pays a few increments per query and
// never calls into a metrics library: queries by transport × qtype × rcode, response-cache hits,
// truncations, dropped packets and transport errors. A snapshot is plain numbers (sent over cluster IPC);
// the metrics registry sums snapshots and turns them into Prometheus series at scrape time.
import { RRType, Rcode } from '../dns/constants.js';

/** TRANSPORTS are the label values of the transport dimension, by index. */
export const TRANSPORTS = ['udp', 'tcp'] as const;

/** TRACKED_QTYPES get their own label value; every other type counts as "other", no question as "none". */
const TRACKED_QTYPES: ReadonlyArray<readonly [string, number]> = [
  ['A', RRType.A],
  ['NS', RRType.NS],
  ['CNAME', RRType.CNAME],
  ['SOA', RRType.SOA],
  ['PTR', RRType.PTR],
  ['MX', RRType.MX],
  ['TXT', RRType.TXT],
  ['AAAA', RRType.AAAA],
  ['SRV', RRType.SRV],
  ['NAPTR', 35],
  ['DS', 43],
  ['RRSIG', 46],
  ['DNSKEY', 48],
  ['SVCB', 64],
  ['HTTPS', 65],
  ['CAA', RRType.CAA],
  ['AXFR', RRType.AXFR],
  ['IXFR', RRType.IXFR],
  ['ANY', RRType.ANY],
];

/** QTYPE_LABELS are the label values of the qtype dimension, by index (0 = other, last = none). */
export const QTYPE_LABELS: readonly string[] = ['other', ...TRACKED_QTYPES.map(([n]) => n), 'none'];
const QTYPE_NONE = QTYPE_LABELS.length - 1;

/** RCODE_LABELS are the label values of the rcode dimension (header rcodes 0..15, then BADVERS). */
export const RCODE_LABELS: readonly string[] = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
  'RCODE11',
  'RCODE12',
  'RCODE13',
  'RCODE14',
  'RCODE15',
  'BADVERS',
];
/** RCODE_BADVERS is the index of BADVERS (an extended rcode: header 0, OPT high bits 1). */
export const RCODE_BADVERS = 16;

/** ERROR_REASONS are the label values of transport errors. */
export const ERROR_REASONS = ['socket', 'framing', 'timeout', 'overload', 'handler'] as const;
/** TransportErrorReason names one kind of transport error. */
export type TransportErrorReason = (typeof ERROR_REASONS)[number];

const NQ = QTYPE_LABELS.length;
const NR = RCODE_LABELS.length;

/** QTYPE_INDEX maps every qtype number to its label index, so counting is one table read. */
const QTYPE_INDEX = new Uint8Array(65536);
TRACKED_QTYPES.forEach(([, t], i) => (QTYPE_INDEX[t] = i + 1));

/** QueryStatsSnapshot is a copy of the counters as plain arrays (JSON- and IPC-safe). */
export interface QueryStatsSnapshot {
  /** queries[(transport * NQ + qtype) * NR + rcode] */
  readonly queries: readonly number[];
  readonly cacheHits: readonly number[];
  readonly truncated: readonly number[];
  readonly dropped: readonly number[];
  /** errors[transport * ERROR_REASONS.length + reason] */
  readonly errors: readonly number[];
}

/** QueryStats holds one process's counters. */
export class QueryStats {
  readonly #queries = new Float64Array(TRANSPORTS.length * NQ * NR);
  readonly #cacheHits = new Float64Array(TRANSPORTS.length);
  readonly #truncated = new Float64Array(TRANSPORTS.length);
  readonly #dropped = new Float64Array(TRANSPORTS.length);
  readonly #errors = new Float64Array(TRANSPORTS.length * ERROR_REASONS.length);

  /**
   * countResponse counts one answered query from its response octets: rcode from the header (or
   * BADVERS when `badvers`), TC bit, and whether the response cache answered. `qtype` < 0 = no question.
   */
  countResponse(tcp: boolean, qtype: number, response: Uint8Array, cacheHit: boolean, badvers = false): void {
    const t = tcp ? 1 : 0;
    const q = qtype < 0 ? QTYPE_NONE : QTYPE_INDEX[qtype]!;
    const r = badvers ? RCODE_BADVERS : response[3]! & 0x0f;
    this.#queries[(t * NQ + q) * NR + r]!++;
    if (cacheHit) this.#cacheHits[t]!++;
    if ((response[2]! & 0x02) !== 0) this.#truncated[t]!++;
  }

  /** countDropped counts a packet that got no answer (shorter than a header, or a response). */
  countDropped(tcp: boolean): void {
    this.#dropped[tcp ? 1 : 0]!++;
  }

  /** countError counts one transport error. */
  countError(tcp: boolean, reason: TransportErrorReason): void {
    this.#errors[(tcp ? 1 : 0) * ERROR_REASONS.length + ERROR_REASONS.indexOf(reason)]!++;
  }

  /** snapshot copies the counters. */
  snapshot(): QueryStatsSnapshot {
    return {
      queries: Array.from(this.#queries),
      cacheHits: Array.from(this.#cacheHits),
      truncated: Array.from(this.#truncated),
      dropped: Array.from(this.#dropped),
      errors: Array.from(this.#errors),
    };
  }
}

/** emptySnapshot gives an all-zero snapshot. */
export function emptySnapshot(): QueryStatsSnapshot {
  return new QueryStats().snapshot();
}

/** addSnapshots sums snapshots field by field (a malformed one, e.g. from an old worker, is skipped). */
export function addSnapshots(...snapshots: readonly QueryStatsSnapshot[]): QueryStatsSnapshot {
  const out = emptySnapshot() as { -readonly [K in keyof QueryStatsSnapshot]: number[] };
  for (const s of snapshots) {
    if (!isSnapshot(s)) continue;
    for (const k of ['queries', 'cacheHits', 'truncated', 'dropped', 'errors'] as const) {
      const src = s[k];
      const dst = out[k];
      for (let i = 0; i < dst.length; i++) dst[i]! += src[i] ?? 0;
    }
  }
  return out;
}

/** isSnapshot checks the shape of a snapshot received over IPC. */
export function isSnapshot(v: unknown): v is QueryStatsSnapshot {
  const s = v as Partial<Record<keyof QueryStatsSnapshot, unknown>> | null;
  const ref = emptySnapshot();
  return (
    s !== null &&
    typeof s === 'object' &&
    (['queries', 'cacheHits', 'truncated', 'dropped', 'errors'] as const).every(
      (k) => Array.isArray(s[k]) && (s[k] as unknown[]).length === ref[k].length,
    )
  );
}

/** QuerySeries is one labelled value of a snapshot. */
export interface QuerySeries {
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** queriesSeries lists the non-zero query counters with transport, qtype and rcode labels. */
export function queriesSeries(s: QueryStatsSnapshot): QuerySeries[] {
  const out: QuerySeries[] = [];
  for (let t = 0; t < TRANSPORTS.length; t++)
    for (let q = 0; q < NQ; q++)
      for (let r = 0; r < NR; r++) {
        const value = s.queries[(t * NQ + q) * NR + r] ?? 0;
        if (value > 0)
          out.push({
            labels: { transport: TRANSPORTS[t]!, qtype: QTYPE_LABELS[q]!, rcode: RCODE_LABELS[r]! },
            value,
          });
      }
  return out;
}

/** perTransportSeries lists one counter per transport (cache hits, truncations, drops). */
export function perTransportSeries(values: readonly number[]): QuerySeries[] {
  return TRANSPORTS.map((transport, i) => ({ labels: { transport }, value: values[i] ?? 0 }));
}

/** errorSeries lists the non-zero transport errors with transport and reason labels. */
export function errorSeries(s: QueryStatsSnapshot): QuerySeries[] {
  const out: QuerySeries[] = [];
  TRANSPORTS.forEach((transport, t) =>
    ERROR_REASONS.forEach((reason, r) => {
      const value = s.errors[t * ERROR_REASONS.length + r] ?? 0;
      if (value > 0) out.push({ labels: { transport, reason }, value });
    }),
  );
  return out;
}

/** NOTEWORTHY_RCODES are the rcodes whose queries are worth a (rate-limited) log line. */
export const NOTEWORTHY_RCODES: ReadonlySet<number> = new Set([Rcode.FORMERR, Rcode.NOTIMP, Rcode.REFUSED]);
