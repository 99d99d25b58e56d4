// Who is asking: the client address of an HTTP request under the trusted-proxy rule of SPEC §2.1 and
// RFC 7239 §5.2/§8.1. Forwarding headers are believed only when the TCP peer is a configured proxy, and
// then only the entries proxies appended (read from the right), never the client-controlled left part.
import { BlockList, isIP } from 'node:net';

/** TrustedProxies tells whether an address is one of the operator's reverse proxies. */
export interface TrustedProxies {
  has(address: string): boolean;
  readonly empty: boolean;
}

/** createTrustedProxies builds the set from addresses and CIDR prefixes ("10.0.0.2", "10.0.0.0/8", "::1"). */
export function createTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const raw of entries) {
    const e = raw.trim();
    const slash = e.indexOf('/');
    const addr = slash < 0 ? e : e.slice(0, slash);
    const family = isIP(addr);
    if (family === 0) throw new Error(`trusted proxy "${raw}" is not an address or CIDR prefix`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (slash < 0) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(e.slice(slash + 1)), type);
  }
  return {
    empty: entries.length === 0,
    has(address: string): boolean {
      const a = unmapIPv4(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** unmapIPv4 shows an IPv4-mapped IPv6 peer (`::ffff:192.0.2.10`) as IPv4; other text is returned as is. */
export function unmapIPv4(address: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return m ? m[1]! : address;
}

/** ClientInfo is the resolved client address and whether the original request was HTTPS. */
export interface ClientInfo {
  readonly address: string;
  /** True when a trusted proxy said the client used HTTPS (X-Forwarded-Proto / Forwarded proto=). */
  readonly proxiedHttps: boolean;
}

function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * resolveClient gives the client address: the TCP peer, or — when the peer is a trusted proxy — the
 * right-most X-Forwarded-For entry not itself a trusted proxy (each trusted hop appended the one before).
 */
export function resolveClient(
  peer: string,
  headers: Record<string, string | string[] | undefined>,
  trusted: TrustedProxies,
): ClientInfo {
  let address = unmapIPv4(peer);
  if (trusted.empty || !trusted.has(address)) return { address, proxiedHttps: false };
  const proto = headerText(headers['x-forwarded-proto'])?.split(',').pop()?.trim().toLowerCase();
  const fwdProto = /(?:^|[;,\s])proto=("?)https\1(?:$|[;,\s])/i.test(headerText(headers['forwarded']) ?? '');
  const hops = (headerText(headers['x-forwarded-for']) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  while (trusted.has(address) && hops.length > 0) {
    const hop = unmapIPv4(stripPort(hops.pop()!));
    if (isIP(hop) === 0) break; // garbage: keep the last address we could trust
    address = hop;
  }
  return { address, proxiedHttps: proto === 'https' || fwdProto };
}

function stripPort(hop: string): string {
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracket) return bracket[1]!;
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4port ? v4port[1]! : hop;
}
