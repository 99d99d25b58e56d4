// Resource records and RRsets (RFC 1035 §3.2.1, RFC 2181 §5). Pure values; no codecs here.
import type { DnsName } from './name.js';
import type { Rdata } from './rdata.js';

/** ResourceRecord is one record: owner, type, class, TTL and typed rdata. */
export interface ResourceRecord {
  readonly owner: DnsName;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly rdata: Rdata;
}

/** RRset is all records sharing owner, type and class; one TTL for the set (RFC 2181 §5.2). */
export interface RRset {
  readonly owner: DnsName;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly rdatas: readonly Rdata[];
}

/** MAX_TTL is the largest TTL a record may carry (RFC 2181 §8). */
export const MAX_TTL = 0x7fffffff;
