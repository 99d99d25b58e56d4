// What a dynamic host puts into its zone, as pure functions: the A/AAAA records a host state serves, the
// addresses an update leads to (dual vs single mode, SPEC §2.4), and whether the zone holds data at the
// host's name that the host does not own (static A/AAAA or a CNAME → `conflict`, SPEC §2.2).
import type { DnsName } from '../dns/name.js';
import type { ResourceRecord } from '../dns/record.js';
import { RRClass, RRType } from '../dns/constants.js';
import type { Zone } from '../zone/zone.js';
import { PRESENCE_MARKER_TYPE } from '../zone/presence-marker.js';
import type { HostMode, HostState } from '../store/hosts-store.js';
import type { AddressIntent } from './dyndns2.js';

/** HostAddressState is the part of a host that decides which records it serves. */
export interface HostAddressState {
  readonly owner: DnsName;
  readonly ttl: number;
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  readonly state: HostState;
}

/**
 * OFFLINE_MARKER_TYPE is the zone's presence marker (zone/presence-marker.ts: a private-use type with
 * empty rdata) held at the name of a host that serves no address: one that is offline, and one that has
 * had no address yet. It keeps the name in existence, so A/AAAA queries get NODATA with the SOA (SPEC
 * §2.5) rather than NXDOMAIN or an answer made up from a wildcard (RFC 4592 §2.2.2: a name that exists
 * is never synthesised); the name server never answers it and exports leave it out, so nothing of it is
 * visible outside.
 */
export const OFFLINE_MARKER_TYPE = PRESENCE_MARKER_TYPE;

/**
 * servedRecords gives the records a host puts in its zone: its A/AAAA addresses, or, while it is offline
 * (SPEC §2.5) or has no address yet, only the marker.
 */
export function servedRecords(h: HostAddressState): ResourceRecord[] {
  if (h.state === 'offline' || (h.ipv4 === null && h.ipv6 === null)) {
    return [
      {
        owner: h.owner,
        type: OFFLINE_MARKER_TYPE,
        class: RRClass.IN,
        ttl: h.ttl,
        rdata: { kind: 'UNKNOWN', data: new Uint8Array(0) },
      },
    ];
  }
  const out: ResourceRecord[] = [];
  if (h.ipv4 !== null) {
    out.push({
      owner: h.owner,
      type: RRType.A,
      class: RRClass.IN,
      ttl: h.ttl,
      rdata: { kind: 'A', address: h.ipv4 },
    });
  }
  if (h.ipv6 !== null) {
    out.push({
      owner: h.owner,
      type: RRType.AAAA,
      class: RRClass.IN,
      ttl: h.ttl,
      rdata: { kind: 'AAAA', address: h.ipv6 },
    });
  }
  return out;
}

/**
 * nextAddresses applies an update's addresses to a host. Dual mode: each family the request names is set,
 * the other is left unchanged. Single mode: the host keeps one address, the first one the request gives;
 * setting one family removes the other (an IPv6 update replaces the A record by an AAAA record). An
 * intent without addresses (offline=yes alone) keeps both, and the answer names the stored ones.
 */
export function nextAddresses(
  mode: HostMode,
  current: { readonly ipv4: string | null; readonly ipv6: string | null },
  intent: AddressIntent,
): { ipv4: string | null; ipv6: string | null; answered: string[] } {
  if (intent.order.length === 0) {
    const answered = [current.ipv4, current.ipv6].filter((a): a is string => a !== null);
    return { ipv4: current.ipv4, ipv6: current.ipv6, answered };
  }
  if (mode === 'dual') {
    return {
      ipv4: intent.ipv4 ?? current.ipv4,
      ipv6: intent.ipv6 ?? current.ipv6,
      answered: [...intent.order],
    };
  }
  const first = intent.order[0]!;
  return first === intent.ipv4
    ? { ipv4: first, ipv6: null, answered: [first] }
    : { ipv4: null, ipv6: first, answered: [first] };
}

/**
 * findConflict tells which family an update cannot touch because the zone holds data at the host's name
 * that the host does not own: a CNAME (RFC 1034 §3.6.2: nothing else may live beside it), or A/AAAA
 * records other than the ones the host serves now. Only families the update changes are checked;
 * undefined means no conflict.
 */
export function findConflict(
  zone: Zone,
  current: HostAddressState,
  touches: { readonly ipv4: boolean; readonly ipv6: boolean },
): 'A' | 'AAAA' | undefined {
  const owned = servedRecords(current);
  if (zone.getRRset(current.owner, RRType.CNAME)) return touches.ipv4 || !touches.ipv6 ? 'A' : 'AAAA';
  for (const [type, name, touched] of [
    [RRType.A, 'A', touches.ipv4],
    [RRType.AAAA, 'AAAA', touches.ipv6],
  ] as const) {
    if (!touched) continue;
    const set = zone.getRRset(current.owner, type);
    if (!set) continue;
    const mine = owned.filter((r) => r.type === type).map((r) => addressOf(r));
    if (set.rdatas.some((rd) => !('address' in rd) || !mine.includes(rd.address))) return name;
  }
  return undefined;
}

function addressOf(rr: ResourceRecord): string {
  return 'address' in rr.rdata ? rr.rdata.address : '';
}

/** zoneServesExactly tells whether the zone holds exactly `records` as the A, AAAA and marker RRsets at `owner`. */
export function zoneServesExactly(zone: Zone, owner: DnsName, records: readonly ResourceRecord[]): boolean {
  const marker = records.some((r) => r.type === OFFLINE_MARKER_TYPE);
  if (marker !== (zone.getRRset(owner, OFFLINE_MARKER_TYPE) !== undefined)) return false;
  for (const type of [RRType.A, RRType.AAAA]) {
    const want = records.filter((r) => r.type === type);
    const set = zone.getRRset(owner, type);
    const have = set?.rdatas ?? [];
    if (have.length !== want.length) return false;
    if (set && want.length > 0 && set.ttl !== want[0]!.ttl) return false;
    for (const w of want) if (!have.some((h) => 'address' in h && h.address === addressOf(w))) return false;
  }
  return true;
}
