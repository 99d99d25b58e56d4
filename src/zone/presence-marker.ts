// The presence marker: a private-use RR type (RFC 6895 §3.1 sets 65280–65534 aside for private use) that a
// zone holds, with empty rdata, to keep a name in existence without data a resolver could use. The zone
// stores and checks it like any record, but it is never visible outside: lookups treat it as absent (the
// name still exists, so its types answer NODATA, RFC 2308 §2.2), and exports and zone transfers leave it
// out. Dynzone keeps an offline dynamic host's name this way (SPEC §2.5; ddns/host-records.ts).
import type { ResourceRecord } from '../dns/record.js';

/** PRESENCE_MARKER_TYPE is the private-use type of the presence marker. */
export const PRESENCE_MARKER_TYPE = 65280;

/** isPresenceMarker tells whether a type is the presence marker's. */
export function isPresenceMarker(type: number): boolean {
  return type === PRESENCE_MARKER_TYPE;
}

/**
 * publishedRecords gives the records as the zone is published outside (master-file exports, zone
 * transfers, record listings): everything but presence markers.
 */
export function publishedRecords(records: Iterable<ResourceRecord>): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  for (const rr of records) if (!isPresenceMarker(rr.type)) out.push(rr);
  return out;
}
