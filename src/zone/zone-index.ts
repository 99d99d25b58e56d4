// The in-memory layout of one zone's data, shared by Zone snapshots and their editors: nodes (the RRsets
// at each owner, keyed by DnsName.key) and, per name strictly below the apex, how many data nodes sit
// below it, so an empty non-terminal is found in O(1) (RFC 8020). Both maps are ShardedMaps, so an edit
// copies only the buckets it touches. Does no semantic checking; checks.ts does.
import type { DnsName } from '../dns/name.js';
import type { Rdata } from '../dns/rdata.js';
import type { RRset } from '../dns/record.js';
import { ShardedMap, type ShardedMapEditor } from './sharded-map.js';

/** ZoneNode is the list of RRsets at one owner name, ordered by type; never empty inside an index. */
export type ZoneNode = readonly RRset[];

/** ZoneIndex is the immutable data of a zone snapshot. */
export interface ZoneIndex {
  readonly nodes: ShardedMap<ZoneNode>;
  /** For a name strictly below the apex: number of data nodes strictly below it (absent = 0). */
  readonly below: ShardedMap<number>;
  readonly recordCount: number;
}

/** ZoneView is the read access the checks and lookups need, met by snapshots and editors alike. */
export interface ZoneView {
  readonly origin: DnsName;
  getNode(key: string): ZoneNode | undefined;
}

/** emptyIndex gives an index with no data, sized for about `expectedNames` owners. */
export function emptyIndex(expectedNames = 0): ZoneIndex {
  return { nodes: ShardedMap.empty(expectedNames), below: ShardedMap.empty(0), recordCount: 0 };
}

/** findRRset picks the RRset of one type out of a node. */
export function findRRset(node: ZoneNode | undefined, type: number): RRset | undefined {
  if (!node) return undefined;
  for (const s of node) if (s.type === type) return s;
  return undefined;
}

/** makeRRset builds an RRset value with one consistent object shape. */
export function makeRRset(
  owner: DnsName,
  type: number,
  cls: number,
  ttl: number,
  rdatas: readonly Rdata[],
): RRset {
  return { owner, type, class: cls, ttl, rdatas };
}

/**
 * forEachAncestorKey calls `fn` with the key of every name strictly between `key` and the apex key,
 * nearest first (no iterator objects: this runs once per record while a zone loads).
 */
export function forEachAncestorKey(key: string, apexKey: string, fn: (ancestorKey: string) => void): void {
  if (key.length <= apexKey.length) return;
  let i = 1 + key.charCodeAt(0);
  while (key.length - i > apexKey.length) {
    fn(key.slice(i));
    i += 1 + key.charCodeAt(i);
  }
}

/** ZoneIndexEditor applies RRset-level changes to an index, copying only touched buckets. */
export class ZoneIndexEditor implements ZoneView {
  readonly origin: DnsName;
  readonly #nodes: ShardedMapEditor<ZoneNode>;
  readonly #below: ShardedMapEditor<number>;
  #recordCount: number;
  /** touched holds the key of every owner whose RRsets changed, with its DnsName (when tracking). */
  readonly touched = new Map<string, DnsName>();
  readonly #track: boolean;

  /** With `trackTouched` false (bulk loads) the editor does not record touched names. */
  constructor(origin: DnsName, base: ZoneIndex, trackTouched = true) {
    this.origin = origin;
    this.#track = trackTouched;
    this.#nodes = base.nodes.edit();
    this.#below = base.below.edit();
    this.#recordCount = base.recordCount;
  }

  /** recordCount is the record total including pending changes. */
  get recordCount(): number {
    return this.#recordCount;
  }

  /** getNode reads a node through the pending changes. */
  getNode(key: string): ZoneNode | undefined {
    return this.#nodes.get(key);
  }

  /** hasDescendants tells whether any data node sits strictly below the name with this key. */
  hasDescendants(key: string): boolean {
    return (this.#below.get(key) ?? 0) > 0;
  }

  /**
   * nodesBelow iterates the nodes strictly below the name with this key, through the pending changes. It
   * scans the whole zone: for rare edits only (a new zone cut), never for lookups.
   */
  *nodesBelow(key: string): IterableIterator<ZoneNode> {
    if (!this.hasDescendants(key)) return;
    for (const [k, node] of this.#nodes.entries()) {
      if (k.length <= key.length || !k.endsWith(key)) continue;
      let below = false;
      forEachAncestorKey(k, this.origin.key, (a) => {
        if (a === key) below = true;
      });
      if (below) yield node;
    }
  }

  /** getRRset reads one RRset through the pending changes. */
  getRRset(key: string, type: number): RRset | undefined {
    return findRRset(this.#nodes.get(key), type);
  }

  /**
   * putRRset replaces the RRset of `type` at `owner` (an empty `rdatas` deletes it), keeping the node's
   * type order and the below-counts of its ancestors in step.
   */
  putRRset(owner: DnsName, type: number, cls: number, ttl: number, rdatas: readonly Rdata[]): void {
    const key = owner.key;
    const node = this.#nodes.get(key);
    const oldSet = findRRset(node, type);
    const oldCount = oldSet ? oldSet.rdatas.length : 0;
    let next: RRset[];
    if (rdatas.length === 0) {
      if (!oldSet) return;
      next = node!.filter((s) => s !== oldSet);
    } else {
      const set = makeRRset(oldSet ? oldSet.owner : owner, type, cls, ttl, rdatas);
      if (!node) {
        next = [set];
      } else if (oldSet) {
        next = node.map((s) => (s === oldSet ? set : s));
      } else {
        next = [...node, set];
        next.sort((a, b) => a.type - b.type);
      }
    }
    this.#recordCount += rdatas.length - oldCount;
    if (this.#track) this.touched.set(key, owner);
    if (next.length === 0) {
      this.#nodes.delete(key);
      this.#adjustAncestors(key, -1);
    } else {
      this.#nodes.set(key, next);
      if (!node) this.#adjustAncestors(key, +1);
    }
  }

  /** commit gives the new immutable index. */
  commit(): ZoneIndex {
    return { nodes: this.#nodes.commit(), below: this.#below.commit(), recordCount: this.#recordCount };
  }

  #adjustAncestors(key: string, delta: number): void {
    forEachAncestorKey(key, this.origin.key, (k) => {
      const n = (this.#below.get(k) ?? 0) + delta;
      if (n > 0) this.#below.set(k, n);
      else this.#below.delete(k);
    });
  }
}
