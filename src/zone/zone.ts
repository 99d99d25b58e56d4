// The Zone: an immutable snapshot of one zone's authoritative data (RFC 1034 §4.2). Owns reading the data
// (RRsets by owner and type, node existence including empty non-terminals) and building a checked
// snapshot from records. It never changes after construction; changeset.ts derives new snapshots that
// share all untouched storage with this one.
import type { DnsName } from '../dns/name.js';
import type { RRset, ResourceRecord } from '../dns/record.js';
import { RRType } from '../dns/constants.js';
import type { LookupResult } from './lookup-result.js';
import { hasErrors, indexRecords, type ZoneProblem } from './checks.js';
import { ZoneCheckError } from './errors.js';
import { findRRset, makeRRset, type ZoneIndex, type ZoneNode, type ZoneView } from './zone-index.js';
import { lookupInZone } from './lookup.js';

/** Zone is one immutable, checked snapshot of a zone, indexed by owner key for lookups. */
export class Zone implements ZoneView {
  readonly origin: DnsName;
  /** The apex SOA RRset (exactly one record). */
  readonly soa: RRset;
  /** The SOA serial of this snapshot. */
  readonly serial: number;
  /** The SOA RRset as negative answers carry it: TTL = min(SOA TTL, SOA MINIMUM) (RFC 2308 §3). */
  readonly negativeSoa: RRset;
  /** Internal storage, shared structurally between snapshots; read it only from the zone module. */
  readonly index: ZoneIndex;

  /** Internal: snapshots are made by Zone.build or applyChangeset, which have checked the data. */
  constructor(origin: DnsName, index: ZoneIndex) {
    this.origin = origin;
    this.index = index;
    const soa = findRRset(index.nodes.get(origin.key), RRType.SOA);
    const rdata = soa?.rdatas[0];
    if (!soa || rdata?.kind !== 'SOA') throw new Error(`zone ${origin} has no SOA at its apex`);
    this.soa = soa;
    this.serial = rdata.serial;
    this.negativeSoa = makeRRset(
      soa.owner,
      soa.type,
      soa.class,
      Math.min(soa.ttl, rdata.minimum),
      soa.rdatas,
    );
  }

  /**
   * build checks the records and makes a snapshot; it throws ZoneCheckError if any problem is an
   * error. Warnings (differing TTLs, occluded data) are dropped here; use buildReport to see them.
   */
  static build(origin: DnsName, records: Iterable<ResourceRecord>): Zone {
    return Zone.buildReport(origin, records).zone;
  }

  /** buildReport is build that also returns the warnings found. */
  static buildReport(
    origin: DnsName,
    records: Iterable<ResourceRecord>,
  ): { zone: Zone; warnings: ZoneProblem[] } {
    const { index, problems } = indexRecords(origin, records);
    if (hasErrors(problems)) throw new ZoneCheckError(problems);
    return { zone: new Zone(origin, index), warnings: problems };
  }

  /** recordCount is the number of records (not RRsets) in the zone. */
  get recordCount(): number {
    return this.index.recordCount;
  }

  /** nameCount is the number of owner names holding data. */
  get nameCount(): number {
    return this.index.nodes.size;
  }

  /** getNode gives the RRsets at an owner key (internal form used by lookups and checks). */
  getNode(key: string): ZoneNode | undefined {
    return this.index.nodes.get(key);
  }

  /** getRRset gives the RRset of `type` at `owner`, if any. */
  getRRset(owner: DnsName, type: number): RRset | undefined {
    return findRRset(this.index.nodes.get(owner.key), type);
  }

  /** getRRsetByKey is getRRset on a DnsName.key. */
  getRRsetByKey(key: string, type: number): RRset | undefined {
    return findRRset(this.index.nodes.get(key), type);
  }

  /** rrsetsAt gives all RRsets at an owner (empty for a missing name or an empty non-terminal). */
  rrsetsAt(owner: DnsName): readonly RRset[] {
    return this.index.nodes.get(owner.key) ?? [];
  }

  /** hasDescendantsByKey tells whether any name with data sits strictly below the name with this key. */
  hasDescendantsByKey(key: string): boolean {
    if (key === this.origin.key) return this.index.nodes.size > 1 || !this.index.nodes.has(key);
    return (this.index.below.get(key) ?? 0) > 0;
  }

  /**
   * nodeExists tells whether a name exists in the zone: it owns data or is an empty non-terminal
   * (RFC 8020 §2). Names outside the zone do not exist here.
   */
  nodeExists(name: DnsName): boolean {
    if (!name.isSubdomainOf(this.origin)) return false;
    return this.nodeExistsByKey(name.key);
  }

  /** nodeExistsByKey is nodeExists on the key of a name known to be at or below the origin. */
  nodeExistsByKey(key: string): boolean {
    if (key === this.origin.key) return true;
    return this.index.nodes.has(key) || (this.index.below.get(key) ?? 0) > 0;
  }

  /** rrsets iterates every RRset in no particular order. */
  *rrsets(): IterableIterator<RRset> {
    for (const node of this.index.nodes.values()) yield* node;
  }

  /** records iterates every record in no particular order (the SOA is not singled out). */
  *records(): IterableIterator<ResourceRecord> {
    for (const set of this.rrsets()) {
      for (const rdata of set.rdatas)
        yield { owner: set.owner, type: set.type, class: set.class, ttl: set.ttl, rdata };
    }
  }

  /** lookup answers a question for this zone by RFC 1034 §4.3.2 (see lookup.ts). */
  lookup(qname: DnsName, qtype: number): LookupResult {
    return lookupInZone(this, qname, qtype);
  }
}
