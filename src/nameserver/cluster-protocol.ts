// The messages between the primary and its DNS workers (node:cluster IPC, JSON). Zone data travels as
// presentation-format record lines (one `formatRecord` line each, absolute owners) so the format stays
// readable and independent of in-memory layouts. Every request carries a sequence number that the
// worker acknowledges once the change is live in its catalog (SPEC §8: visible before `good`).
import { DnsName } from '../dns/name.js';
import type { ResourceRecord } from '../dns/record.js';
import { parseZoneText } from '../dns/zonefile/parser.js';
import { formatRecord } from '../dns/zonefile/rdata-text.js';
import type { Changeset } from '../zone/changeset.js';
import type { Zone } from '../zone/zone.js';
import type { QueryStatsSnapshot } from './query-stats.js';

/** WireZone is a full zone snapshot in transit. */
export interface WireZone {
  readonly origin: string;
  readonly records: readonly string[];
}

/** WireChangeset is an applied changeset in transit; `fromSerial` is the serial it applies to. */
export interface WireChangeset {
  readonly origin: string;
  readonly fromSerial: number;
  readonly removed: readonly string[];
  readonly added: readonly string[];
}

/** WorkerSettings are the operator settings a worker applies (at start and again on SIGHUP). */
export interface WorkerSettings {
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  readonly logFormat: 'auto' | 'json' | 'pretty';
  /** queryLogRate is log.dns_query_rate: lines per second about refused/malformed queries. */
  readonly queryLogRate: number;
}

/** PrimaryMessage is what the primary sends a worker. */
export type PrimaryMessage =
  | {
      readonly type: 'dns-init';
      readonly seq: number;
      readonly listen: ReadonlyArray<{ host: string; port: number }>;
      /** udp is the UDP transport every worker uses (native: its own SO_REUSEPORT socket). */
      readonly udp?: 'native' | 'dgram';
      readonly zones: readonly WireZone[];
      /** load names zones the worker reads itself (from the store) instead of receiving them. */
      readonly load?: readonly string[];
      /** source tells the worker's zone loader where to read them (e.g. the store settings). */
      readonly source?: unknown;
      readonly settings?: WorkerSettings;
    }
  | { readonly type: 'dns-zone'; readonly seq: number; readonly zone: WireZone }
  | { readonly type: 'dns-changeset'; readonly seq: number; readonly changeset: WireChangeset }
  | { readonly type: 'dns-remove'; readonly seq: number; readonly origin: string }
  | { readonly type: 'dns-stop'; readonly seq: number }
  /** dns-stats asks for the worker's query counters; the ack carries them. */
  | { readonly type: 'dns-stats'; readonly seq: number }
  | { readonly type: 'dns-settings'; readonly seq: number; readonly settings: WorkerSettings };

/** WorkerMessage is a worker's reply: `ack` (the change is served) or `nack` with the reason. */
export type WorkerMessage =
  /** dns-ready (seq 0) says the worker listens for messages; IPC messages sent earlier would be lost. */
  | { readonly type: 'dns-ready'; readonly seq: 0 }
  | {
      readonly type: 'dns-ack';
      readonly seq: number;
      readonly addresses?: ReadonlyArray<{ host: string; port: number }>;
      /** stats answers dns-stats. */
      readonly stats?: QueryStatsSnapshot;
    }
  | { readonly type: 'dns-nack'; readonly seq: number; readonly error: string; readonly outOfSync?: boolean };

/** isWorkerMessage tells whether an IPC message belongs to this protocol. */
export function isWorkerMessage(m: unknown): m is WorkerMessage {
  const t = (m as { type?: unknown } | null)?.type;
  return t === 'dns-ack' || t === 'dns-nack' || t === 'dns-ready';
}

/** isPrimaryMessage tells whether an IPC message belongs to this protocol. */
export function isPrimaryMessage(m: unknown): m is PrimaryMessage {
  const t = (m as { type?: unknown } | null)?.type;
  return (
    typeof t === 'string' && t.startsWith('dns-') && t !== 'dns-ack' && t !== 'dns-nack' && t !== 'dns-ready'
  );
}

/** recordsToLines formats records one per line with absolute owners. */
export function recordsToLines(records: Iterable<ResourceRecord>): string[] {
  const out: string[] = [];
  for (const rr of records) out.push(formatRecord(rr));
  return out;
}

/** linesToRecords parses record lines back (inverse of recordsToLines). */
export function linesToRecords(origin: DnsName, lines: readonly string[]): ResourceRecord[] {
  if (lines.length === 0) return [];
  return parseZoneText(lines.join('\n') + '\n', { origin, maxRecords: lines.length }).records;
}

/** zoneToWire turns a snapshot into a WireZone. */
export function zoneToWire(zone: Zone): WireZone {
  return { origin: zone.origin.toString(), records: recordsToLines(zone.records()) };
}

/** changesetToWire turns an applied changeset (from `fromSerial`) into a WireChangeset. */
export function changesetToWire(origin: DnsName, fromSerial: number, cs: Changeset): WireChangeset {
  return {
    origin: origin.toString(),
    fromSerial,
    removed: recordsToLines(cs.removed),
    added: recordsToLines(cs.added),
  };
}
