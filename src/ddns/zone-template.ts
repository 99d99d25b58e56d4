// The records of a freshly created zone: apex SOA and NS with the defaults of SPEC §6. Pure (the date is
// passed in) so tests can pin the serial.
import type { DnsName } from '../dns/name.js';
import { RRClass, RRType } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';

/** NEW_ZONE_SOA holds the SOA timers and TTLs of a new zone (seconds). */
export const NEW_ZONE_SOA = { refresh: 3600, retry: 600, expire: 1209600, minimum: 60, ttl: 3600 } as const;

/** dateSerial gives the RFC 1912 §2.2 style serial YYYYMMDDnn for a UTC date and a two-digit counter. */
export function dateSerial(now: Date, counter = 1): number {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  const d = now.getUTCDate();
  return ((y * 100 + m) * 100 + d) * 100 + counter;
}

/** defaultNameServer is the NS a zone gets when none is given: ns1.<zone>. */
export function defaultNameServer(origin: DnsName): DnsName {
  return origin.prepend('ns1');
}

/**
 * newZoneRecords builds the apex SOA (mname = first NS, rname hostmaster.<zone>, serial YYYYMMDD01) and
 * one NS record per name server.
 */
export function newZoneRecords(
  origin: DnsName,
  nameServers: readonly DnsName[],
  now: Date,
): ResourceRecord[] {
  const mname = nameServers[0] ?? defaultNameServer(origin);
  const soa: ResourceRecord = {
    owner: origin,
    type: RRType.SOA,
    class: RRClass.IN,
    ttl: NEW_ZONE_SOA.ttl,
    rdata: {
      kind: 'SOA',
      mname,
      rname: origin.prepend('hostmaster'),
      serial: dateSerial(now),
      refresh: NEW_ZONE_SOA.refresh,
      retry: NEW_ZONE_SOA.retry,
      expire: NEW_ZONE_SOA.expire,
      minimum: NEW_ZONE_SOA.minimum,
    },
  };
  const ns = (nameServers.length > 0 ? nameServers : [mname]).map((target): ResourceRecord => ({
    owner: origin,
    type: RRType.NS,
    class: RRClass.IN,
    ttl: NEW_ZONE_SOA.ttl,
    rdata: { kind: 'NS', target },
  }));
  return [soa, ...ns];
}
