// Record identity for zone data: when two rdata values denote the same record. Used to drop duplicate
// records from an RRset (RFC 2181 §5) and to match removals in a changeset (RFC 2136 §1.1.1). Embedded
// domain names compare case-insensitively; addresses compare by value, not by spelling.
import type { Rdata } from '../dns/rdata.js';
import type { DnsName } from '../dns/name.js';
import { normalizeIPv4, normalizeIPv6 } from '../dns/ip.js';

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function nameEqual(a: DnsName, b: DnsName): boolean {
  return a.key === b.key;
}

/** rdataEquals tells whether two rdata values are the same record content. */
export function rdataEquals(a: Rdata, b: Rdata): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'A':
      return (
        b.kind === 'A' && (a.address === b.address || normalizeIPv4(a.address) === normalizeIPv4(b.address))
      );
    case 'AAAA':
      return (
        b.kind === 'AAAA' &&
        (a.address === b.address || normalizeIPv6(a.address) === normalizeIPv6(b.address))
      );
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return b.kind === a.kind && nameEqual(a.target, b.target);
    case 'MX':
      return b.kind === 'MX' && a.preference === b.preference && nameEqual(a.exchange, b.exchange);
    case 'TXT':
      return (
        b.kind === 'TXT' &&
        a.strings.length === b.strings.length &&
        a.strings.every((s, i) => bytesEqual(s, b.strings[i]!))
      );
    case 'SRV':
      return (
        b.kind === 'SRV' &&
        a.priority === b.priority &&
        a.weight === b.weight &&
        a.port === b.port &&
        nameEqual(a.target, b.target)
      );
    case 'CAA':
      // RFC 8659 §4.1: the tag is case-insensitive.
      return (
        b.kind === 'CAA' &&
        a.flags === b.flags &&
        a.tag.toLowerCase() === b.tag.toLowerCase() &&
        bytesEqual(a.value, b.value)
      );
    case 'SOA':
      return (
        b.kind === 'SOA' &&
        nameEqual(a.mname, b.mname) &&
        nameEqual(a.rname, b.rname) &&
        a.serial === b.serial &&
        a.refresh === b.refresh &&
        a.retry === b.retry &&
        a.expire === b.expire &&
        a.minimum === b.minimum
      );
    case 'HINFO':
      return b.kind === 'HINFO' && bytesEqual(a.cpu, b.cpu) && bytesEqual(a.os, b.os);
    case 'UNKNOWN':
      return b.kind === 'UNKNOWN' && bytesEqual(a.data, b.data);
  }
}

/** rdataTarget gives the domain name an rdata points at for additional-section processing (NS, MX, SRV). */
export function rdataTarget(rdata: Rdata): DnsName | undefined {
  switch (rdata.kind) {
    case 'NS':
      return rdata.target;
    case 'MX':
      return rdata.exchange;
    case 'SRV':
      return rdata.target;
    default:
      return undefined;
  }
}
