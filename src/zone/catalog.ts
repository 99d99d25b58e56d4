// The ZoneCatalog: the set of zones this server is authoritative for, each as its current immutable
// snapshot. Owns picking the zone for a query name (longest match, RFC 1034 §4.3.2 step 2) and the
// atomic swap of snapshots with a change hook. Does not load, persist or check zones.
import { DnsName } from '../dns/name.js';
import { RRType } from '../dns/constants.js';
import type { Zone } from './zone.js';

/** ZoneSwapEvent tells listeners which zone changed: `previous` absent = added, `current` absent = removed. */
export interface ZoneSwapEvent {
  readonly origin: DnsName;
  readonly previous: Zone | undefined;
  readonly current: Zone | undefined;
}

/** ZoneSwapListener is called synchronously after every swap or removal. */
export type ZoneSwapListener = (event: ZoneSwapEvent) => void;

/** ZoneCatalog maps zone origins to their current snapshots; a reader always sees whole snapshots. */
export class ZoneCatalog {
  readonly #zones = new Map<string, Zone>();
  readonly #listeners = new Set<ZoneSwapListener>();
  readonly #onListenerError: (error: unknown, event: ZoneSwapEvent) => void;

  /**
   * A throwing listener neither stops the others nor undoes the swap; its error goes to
   * `onListenerError` (default: a process warning, so it is never silent).
   */
  constructor(options: { onListenerError?: (error: unknown, event: ZoneSwapEvent) => void } = {}) {
    this.#onListenerError =
      options.onListenerError ??
      ((error, event) => {
        process.emitWarning(
          `zone swap listener failed for ${event.origin}: ${String(error)}`,
          'ZoneCatalogWarning',
        );
      });
  }

  /** get gives the zone whose origin is exactly `origin`. */
  get(origin: DnsName): Zone | undefined {
    return this.#zones.get(origin.key);
  }

  /** size is the number of zones. */
  get size(): number {
    return this.#zones.size;
  }

  /** findZone gives the zone with the longest origin that `qname` is at or below. */
  findZone(qname: DnsName): Zone | undefined {
    return this.findZoneByKey(qname.key);
  }

  /**
   * findZoneByKey is findZone on a DnsName.key, walking its suffixes from the longest without building
   * name objects (the query hot path).
   */
  findZoneByKey(key: string): Zone | undefined {
    if (this.#zones.size === 0) return undefined;
    let i = 0;
    for (;;) {
      const z = this.#zones.get(i === 0 ? key : key.slice(i));
      if (z) return z;
      if (i >= key.length) return undefined;
      i += 1 + key.charCodeAt(i);
    }
  }

  /**
   * findZoneForQuestion is findZone, except that a DS question for a zone's own origin goes to the
   * parent zone when this server also hosts it, because DS lives on the parent side of a cut
   * (RFC 4035 §3.1.4.1). Without a hosted parent it falls back to the zone itself.
   */
  findZoneForQuestion(qname: DnsName, qtype: number): Zone | undefined {
    const zone = this.findZoneByKey(qname.key);
    if (!zone || qtype !== RRType.DS || zone.origin.key !== qname.key || qname.isRoot) return zone;
    const first = qname.key.charCodeAt(0);
    return this.findZoneByKey(qname.key.slice(1 + first)) ?? zone;
  }

  /** swap installs a snapshot, replacing the zone with the same origin or adding it, then notifies. */
  swap(zone: Zone): void {
    const previous = this.#zones.get(zone.origin.key);
    if (previous === zone) return;
    this.#zones.set(zone.origin.key, zone);
    this.#emit({ origin: zone.origin, previous, current: zone });
  }

  /** remove drops a zone; it tells whether there was one. */
  remove(origin: DnsName): boolean {
    const previous = this.#zones.get(origin.key);
    if (!previous) return false;
    this.#zones.delete(origin.key);
    this.#emit({ origin: previous.origin, previous, current: undefined });
    return true;
  }

  /** zones lists the current snapshots in no particular order. */
  zones(): Zone[] {
    return [...this.#zones.values()];
  }

  /** origins lists the origins of all zones. */
  origins(): DnsName[] {
    return [...this.#zones.keys()].map((k) => DnsName.fromKey(k));
  }

  /** onSwap registers a listener; the returned function unregisters it. */
  onSwap(listener: ZoneSwapListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #emit(event: ZoneSwapEvent): void {
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch (error) {
        this.#onListenerError(error, event);
      }
    }
  }
}
