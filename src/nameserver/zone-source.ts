// The read side of the zone catalog that the name server needs, as a structural interface so the query
// pipeline depends on behaviour, not on zone/catalog.ts internals (tests may pass a plain object).
import type { DnsName } from '../dns/name.js';
import type { LookupResult } from '../zone/lookup-result.js';

/** ServedZone is one zone snapshot as the name server sees it. */
export interface ServedZone {
  readonly origin: DnsName;
  lookup(qname: DnsName, qtype: number): LookupResult;
}

/** ZoneSource finds the zone answering a name (longest origin match) and reports snapshot swaps. */
export interface ZoneSource {
  findZone(qname: DnsName): ServedZone | undefined;
  /**
   * onSwap registers a listener called after a zone's snapshot changes (or a zone is added or removed);
   * it returns a function that removes the listener, when the catalog supports that.
   */
  onSwap?(listener: (change: unknown) => void): (() => void) | void;
}
