// Canonical master-file output (zone export): $ORIGIN and $TTL header, the apex SOA first, then owners in
// RFC 4034 §6.1 canonical order, types in numeric order, rdatas in their given order. Every line carries
// owner (relative to the origin), TTL, class and type, so the text re-parses to the same records.
import type { DnsName } from '../name.js';
import { RRType, classToString, typeToString } from '../constants.js';
import type { ResourceRecord } from '../record.js';
import { formatRdata } from './rdata-text.js';

/** printZone gives the canonical master-file text of a zone's records; it re-parses to the same records. */
export function printZone(origin: DnsName, records: Iterable<ResourceRecord>): string {
  const byOwner = new Map<string, ResourceRecord[]>();
  const bySortKey = new Map<string, ResourceRecord[]>();
  let soa: ResourceRecord | undefined;
  let last: ResourceRecord[] | undefined;
  let lastOwner: DnsName | undefined;
  for (const rr of records) {
    // Records of one owner usually come together (and share the DnsName object): skip the map then.
    let group = rr.owner === lastOwner ? last : byOwner.get(rr.owner.key);
    if (group === undefined) {
      group = [];
      byOwner.set(rr.owner.key, group);
      bySortKey.set(canonicalSortKey(rr.owner), group);
    }
    group.push(rr);
    last = group;
    lastOwner = rr.owner;
    if (soa === undefined && rr.type === RRType.SOA && rr.owner.equals(origin)) soa = rr;
  }
  // The default sort compares UTF-16 code units, which is the order canonicalSortKey is built for.
  const sortKeys = [...bySortKey.keys()].sort();
  const lines: string[] = [`$ORIGIN ${origin.toString()}`, `$TTL ${soa?.ttl ?? 3600}`];
  if (soa !== undefined) lines.push(formatLine(soa, origin));
  for (const sortKey of sortKeys) {
    const group = bySortKey.get(sortKey)!;
    // Array.prototype.sort is stable, so rdatas of one rrset keep their given order.
    const rrs = group.length > 1 ? group.slice().sort((a, b) => a.type - b.type) : group;
    for (const rr of rrs) {
      if (rr === soa) continue;
      lines.push(formatLine(rr, origin));
    }
  }
  return lines.join('\n') + '\n';
}

function formatLine(rr: ResourceRecord, origin: DnsName): string {
  const cls = rr.class === 1 ? 'IN' : classToString(rr.class);
  return `${ownerText(rr.owner, origin)} ${rr.ttl} ${cls} ${typeToString(rr.type)} ${formatRdata(rr.type, rr.rdata)}`;
}

/**
 * canonicalSortKey gives a string whose code-unit order is the RFC 4034 §6.1 order of names: lowercase
 * labels from the right, each closed by a U+0000 separator that sorts below every octet, so a label that
 * is a prefix of another sorts first. A zero octet inside a label is written U+0000 U+0100, which sorts
 * above the separator followed by any octet and below any other octet.
 */
export function canonicalSortKey(name: DnsName): string {
  const key = name.key; // lowercase wire form: length octet + label, left to right
  const labels: string[] = [];
  for (let i = 0; i < key.length;) {
    const n = key.charCodeAt(i);
    labels.push(key.slice(i + 1, i + 1 + n));
    i += 1 + n;
  }
  labels.reverse();
  if (key.indexOf('\u0000') !== -1) {
    for (let i = 0; i < labels.length; i++) labels[i] = labels[i]!.replaceAll('\u0000', '\u0000\u0100');
  }
  return labels.length === 0 ? '' : labels.join('\u0000') + '\u0000';
}

const PLAIN_LABEL = /^[!#%&'*+,\-/0-9:<=>?A-Z[\]^_`a-z{|}~]+$/;

/** ownerText gives an owner relative to the origin ("@" for the apex), absolute when outside it. */
function ownerText(owner: DnsName, origin: DnsName): string {
  const extra = owner.labels.length - origin.labels.length;
  if (extra < 0 || !owner.isSubdomainOf(origin)) return owner.toString();
  if (extra === 0) return '@';
  if (extra === 1 && PLAIN_LABEL.test(owner.labels[0]!)) return owner.labels[0]!;
  return owner.toRelativeString(origin);
}
