// Canonical master-file output (zone export): $ORIGIN and $TTL header, the apex SOA first, then owners in
// RFC 4034 §6.1 canonical order, types in numeric order, rdatas in their given order. Every line carries
// owner (relative to the origin), TTL, class and type, so the text re-parses to the same records.
import type { DnsName } from '../name.js';
import { RRType } from '../constants.js';
import type { ResourceRecord } from '../record.js';
import { formatRecord } from './rdata-text.js';

/** printZone gives the canonical master-file text of a zone's records; it re-parses to the same records. */
export function printZone(origin: DnsName, records: Iterable<ResourceRecord>): string {
  const byOwner = new Map<string, { sortKey: string; records: ResourceRecord[] }>();
  let soa: ResourceRecord | undefined;
  for (const rr of records) {
    let group = byOwner.get(rr.owner.key);
    if (group === undefined) {
      group = { sortKey: canonicalSortKey(rr.owner), records: [] };
      byOwner.set(rr.owner.key, group);
    }
    group.records.push(rr);
    if (soa === undefined && rr.type === RRType.SOA && rr.owner.equals(origin)) soa = rr;
  }
  const groups = [...byOwner.values()].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const lines: string[] = [`$ORIGIN ${origin.toString()}`, `$TTL ${soa?.ttl ?? 3600}`];
  if (soa !== undefined) lines.push(formatRecord(soa, origin));
  for (const group of groups) {
    // Array.prototype.sort is stable, so rdatas of one rrset keep their given order.
    const rrs = group.records.length > 1 ? group.records.slice().sort((a, b) => a.type - b.type) : group.records;
    for (const rr of rrs) {
      if (rr === soa) continue;
      lines.push(formatRecord(rr, origin));
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * canonicalSortKey gives a string whose code-unit order is the RFC 4034 §6.1 order of names: labels from
 * the right, lowercased, each octet shifted up by one so that the 0 separator sorts below every octet
 * (a label that is a prefix of another sorts first).
 */
export function canonicalSortKey(name: DnsName): string {
  let key = '';
  const labels = name.labels;
  for (let i = labels.length - 1; i >= 0; i--) {
    const l = labels[i]!;
    for (let j = 0; j < l.length; j++) {
      let c = l.charCodeAt(j);
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      key += String.fromCharCode(c + 1);
    }
    key += '\u0000';
  }
  return key;
}
