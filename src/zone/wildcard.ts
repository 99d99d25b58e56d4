// RFC 4592 wildcard helpers used by lookup.ts: where the source of synthesis for a closest encloser is,
// and how synthesized RRsets take the query name as owner. Pure functions over a Zone; no lookup logic.
import type { DnsName } from '../dns/name.js';
import type { RRset } from '../dns/record.js';
import type { Zone } from './zone.js';
import { makeRRset } from './zone-index.js';

/** WILDCARD_LABEL_KEY is the key prefix of a `*` label (length octet 1, then `*`), RFC 4592 §2.1.1. */
const WILDCARD_LABEL_KEY = '\x01*';

/**
 * sourceOfSynthesisKey gives the key of `*.<closest encloser>`, the only name that can supply
 * wildcard data for a query whose closest encloser has the given key (RFC 4592 §3.3.1).
 */
export function sourceOfSynthesisKey(closestEncloserKey: string): string {
  return WILDCARD_LABEL_KEY + closestEncloserKey;
}

/**
 * findSourceOfSynthesis tells whether the source of synthesis exists for a closest encloser, and gives
 * its RRsets: `undefined` when there is no wildcard (the answer is NXDOMAIN), an empty list when the
 * wildcard is an empty non-terminal (NODATA, RFC 4592 §2.2.2, §4.9).
 */
export function findSourceOfSynthesis(zone: Zone, closestEncloserKey: string): readonly RRset[] | undefined {
  const key = sourceOfSynthesisKey(closestEncloserKey);
  if (!zone.nodeExistsByKey(key)) return undefined;
  return zone.getNode(key) ?? [];
}

/** synthesize copies wildcard RRsets with the query name as owner (RFC 4592 §3.3.3; TTL and rdata kept). */
export function synthesize(rrsets: readonly RRset[], qname: DnsName): RRset[] {
  return rrsets.map((s) => makeRRset(qname, s.type, s.class, s.ttl, s.rdatas));
}
