// Authoritative lookup in one zone: RFC 1034 §4.3.2 steps 3a–3c with RFC 4592 wildcards, RFC 8020
// empty non-terminals and RFC 2308 negative answers, returned as a LookupResult value. Does not pick the
// zone (catalog.ts does), does not know the wire format and does not trim ANY for UDP (the server does,
// RFC 8482). Presence markers (presence-marker.ts) are never part of an answer.
import type { DnsName } from '../dns/name.js';
import type { RRset } from '../dns/record.js';
import { RRType } from '../dns/constants.js';
import type { LookupResult } from './lookup-result.js';
import type { Zone } from './zone.js';
import { findRRset, type ZoneNode } from './zone-index.js';
import { rdataTarget } from './rdata-equal.js';
import { findSourceOfSynthesis, synthesize } from './wildcard.js';
import { isPresenceMarker } from './presence-marker.js';

/** MAX_CNAME_CHAIN bounds how many CNAMEs one answer follows inside the zone. */
export const MAX_CNAME_CHAIN = 16;

/** One step of the algorithm, for one name: what was found before any CNAME is followed. */
type Step =
  | { readonly kind: 'answer'; readonly rrsets: readonly RRset[] }
  | { readonly kind: 'cname'; readonly cname: RRset }
  | { readonly kind: 'nodata' }
  | { readonly kind: 'nxdomain' }
  | { readonly kind: 'referral'; readonly ns: RRset };

/**
 * lookupInZone answers (qname, qtype) from one zone. A CNAME at the name is followed inside the zone
 * (RFC 1034 §4.3.2 step 3a) with a loop and length guard; the chain ends up in `answers`.
 */
export function lookupInZone(zone: Zone, qname: DnsName, qtype: number): LookupResult {
  if (!qname.isSubdomainOf(zone.origin)) {
    throw new RangeError(`lookupInZone: ${qname} is not in zone ${zone.origin}`);
  }
  const chain: RRset[] = [];
  const seen = new Set<string>();
  let name = qname;
  for (;;) {
    const step = lookupStep(zone, name, qtype);
    switch (step.kind) {
      case 'answer':
        return {
          kind: 'answer',
          answers: [...chain, ...step.rrsets],
          additionals: additionalsFor(zone, step.rrsets),
        };
      case 'nodata':
        return { kind: 'nodata', answers: chain, soa: zone.negativeSoa };
      case 'nxdomain':
        return { kind: 'nxdomain', answers: chain, soa: zone.negativeSoa };
      case 'referral':
        return { kind: 'referral', answers: chain, ns: step.ns, glue: glueFor(zone, step.ns) };
      case 'cname': {
        chain.push(step.cname);
        seen.add(name.key);
        const rdata = step.cname.rdatas[0];
        const target = rdata?.kind === 'CNAME' ? rdata.target : undefined;
        // Leaving the zone, looping or running too long: hand the chain to the resolver (RFC 1034 §4.3.2).
        if (
          !target ||
          !target.isSubdomainOf(zone.origin) ||
          seen.has(target.key) ||
          chain.length >= MAX_CNAME_CHAIN
        ) {
          return { kind: 'cname', answers: chain };
        }
        name = target;
        break;
      }
    }
  }
}

/** lookupStep runs the descent for one name: zone cuts, existence, exact match or wildcard. */
function lookupStep(zone: Zone, name: DnsName, qtype: number): Step {
  const key = name.key;
  // Label start offsets in the key; offsets[j] starts the suffix that drops the j leftmost labels.
  const offsets: number[] = [];
  for (let i = 0; i < key.length; i += 1 + key.charCodeAt(i)) offsets.push(i);
  const depth = offsets.length - zone.origin.labels.length;
  let encloserKey = zone.origin.key;
  let node: ZoneNode | undefined;
  // Walk down from just below the apex; the apex itself is never a cut (its NS RRset is authoritative).
  for (let j = depth - 1; j >= 0; j--) {
    const k = j === 0 ? key : key.slice(offsets[j]);
    node = zone.getNode(k);
    if (node) {
      const ns = findRRset(node, RRType.NS);
      if (ns) {
        // RFC 4035 §3.1.4.1 / RFC 3658 §2.2.1.1: DS lives on the parent side of the cut.
        if (j === 0 && qtype === RRType.DS) {
          const ds = findRRset(node, RRType.DS);
          return ds ? { kind: 'answer', rrsets: [ds] } : { kind: 'nodata' };
        }
        return { kind: 'referral', ns }; // RFC 1034 §4.3.2 step 3b
      }
    } else if (!zone.hasDescendantsByKey(k)) {
      // The name does not exist: `encloserKey` is the closest encloser (RFC 4592 §3.3.1), step 3c.
      const source = findSourceOfSynthesis(zone, encloserKey);
      if (source === undefined) return { kind: 'nxdomain' };
      return matchNode(source, qtype, name);
    }
    encloserKey = k;
  }
  if (depth <= 0) node = zone.getNode(key);
  // An empty non-terminal has no RRsets: NODATA (RFC 8020 §2).
  return matchNode(node ?? [], qtype, undefined);
}

/**
 * matchNode picks the answer at an existing node; `synthOwner` is set for wildcard matches. A presence
 * marker is never answered, neither for its own type nor in ANY: the name exists, the data does not.
 */
function matchNode(node: readonly RRset[], qtype: number, synthOwner: DnsName | undefined): Step {
  if (node.length === 0 || isPresenceMarker(qtype)) return { kind: 'nodata' };
  const own = (sets: readonly RRset[]): readonly RRset[] =>
    synthOwner ? synthesize(sets, synthOwner) : sets;
  if (qtype === RRType.ANY) {
    const visible = node.some((s) => isPresenceMarker(s.type))
      ? node.filter((s) => !isPresenceMarker(s.type))
      : node;
    return visible.length === 0 ? { kind: 'nodata' } : { kind: 'answer', rrsets: own(visible) };
  }
  const cname = findRRset(node, RRType.CNAME);
  if (cname && qtype !== RRType.CNAME) return { kind: 'cname', cname: own([cname])[0]! };
  const set = findRRset(node, qtype);
  return set ? { kind: 'answer', rrsets: own([set]) } : { kind: 'nodata' };
}

/** addressesAt collects the in-zone A/AAAA RRsets of the given names, without duplicates. */
function addressesAt(zone: Zone, targets: Iterable<DnsName>, skip: readonly RRset[]): RRset[] {
  const out: RRset[] = [];
  const done = new Set<string>();
  for (const t of targets) {
    if (done.has(t.key) || !t.isSubdomainOf(zone.origin)) continue;
    done.add(t.key);
    const node = zone.getNode(t.key);
    for (const type of [RRType.A, RRType.AAAA]) {
      const s = findRRset(node, type);
      if (s && !skip.includes(s)) out.push(s);
    }
  }
  return out;
}

/** additionalsFor gives in-zone addresses for NS, MX and SRV targets in an answer (RFC 1035 §3.3.9, RFC 2782). */
function additionalsFor(zone: Zone, rrsets: readonly RRset[]): RRset[] {
  const targets: DnsName[] = [];
  for (const s of rrsets) {
    if (s.type !== RRType.NS && s.type !== RRType.MX && s.type !== RRType.SRV) continue;
    for (const r of s.rdatas) {
      const t = rdataTarget(r);
      if (t && !t.isRoot) targets.push(t);
    }
  }
  return targets.length === 0 ? [] : addressesAt(zone, targets, rrsets);
}

/** glueFor gives the addresses of a delegation's name servers held in this zone (RFC 1034 §4.3.2 step 3b). */
function glueFor(zone: Zone, ns: RRset): RRset[] {
  const targets: DnsName[] = [];
  for (const r of ns.rdatas) if (r.kind === 'NS') targets.push(r.target);
  return addressesAt(zone, targets, []);
}
