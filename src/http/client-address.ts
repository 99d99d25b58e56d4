// Who is asking: the client address of an HTTP request under the trusted-proxy rule of SPEC §2.1 and
// RFC 7239 §5.2/§8.1. Forwarding headers (`Forwarded`, or `X-Forwarded-For`/`X-Forwarded-Proto`) are
// believed only when the TCP peer is a configured proxy, and then only the entries proxies appended (read
// from the right), never the client-controlled left part. When a trusted proxy gives no usable client
// address, the address is unknown: the proxy's own address is never taken for the client's.
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
  /**
   * The client's address: the TCP peer, or the client a trusted proxy reports; undefined when the peer is
   * a trusted proxy that reported none that can be read (no header, garbage, `unknown`, an obfuscated
   * identifier, or two headers that disagree).
   */
  readonly address: string | undefined;
  /** The address to count and record the request under: the client's when known, else the peer's. */
  readonly source: string;
  /** True when a trusted proxy said the client used HTTPS (X-Forwarded-Proto / Forwarded proto=). */
  readonly proxiedHttps: boolean;
}

/**
 * ProxyReport is what one forwarding header says: `client` is the address it names, 'unknown' when it
 * names none that can be used, 'silent' when it does not speak about the client at all; `proto` is the
 * scheme it reports for the original request, if any.
 */
interface ProxyReport {
  readonly client: string | 'unknown' | 'silent';
  readonly proto: string | undefined;
}

function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * resolveClient gives the client address: the TCP peer, or — when the peer is a trusted proxy — the
 * address its forwarding headers report: walking each header from the right, past entries that are
 * themselves trusted proxies (each trusted hop appended the one before), to the first entry that is not
 * (or the left-most one reached). A trusted proxy may send `Forwarded` (RFC 7239), `X-Forwarded-For`, or
 * both; when both name a client they must name the same one, since a proxy that writes only one of them
 * passes a client's forged copy of the other through unchanged. HTTPS is believed when every header that
 * reports a scheme says `https`.
 */
export function resolveClient(
  peer: string,
  headers: Record<string, string | string[] | undefined>,
  trusted: TrustedProxies,
): ClientInfo {
  const peerAddress = unmapIPv4(peer);
  if (trusted.empty || !trusted.has(peerAddress))
    return { address: peerAddress, source: peerAddress, proxiedHttps: false };
  const reports: ProxyReport[] = [];
  const forwarded = headerText(headers['forwarded']);
  if (forwarded !== undefined) reports.push(readForwarded(forwarded, peerAddress, trusted));
  const xff = headerText(headers['x-forwarded-for']);
  const xfp = headerText(headers['x-forwarded-proto']);
  if (xff !== undefined || xfp !== undefined) reports.push(readXForwarded(xff, xfp, peerAddress, trusted));

  const named = reports.map((r) => r.client).filter((c) => c !== 'silent');
  const first = named[0];
  const address =
    first !== undefined && first !== 'unknown' && named.every((c) => c === first) ? first : undefined;
  const protos = reports.map((r) => r.proto).filter((p) => p !== undefined);
  const proxiedHttps = protos.length > 0 && protos.every((p) => p === 'https');
  return { address, source: address ?? peerAddress, proxiedHttps };
}

/**
 * walkHops walks node entries from the right (SPEC §2.1, RFC 7239 §8.1): starting at the trusted peer,
 * each entry is the address the current hop received the request from; the walk goes on while that hop
 * is itself a trusted proxy. An entry that is not an address ends it with 'unknown'.
 */
function walkHops(
  entries: readonly (string | undefined)[],
  peer: string,
  trusted: TrustedProxies,
): { client: string | 'unknown'; index: number } {
  let current = peer;
  let index = entries.length;
  let client: string | 'unknown' = 'unknown';
  while (trusted.has(current) && index > 0) {
    index--;
    const entry = entries[index];
    if (entry === undefined) return { client: 'unknown', index };
    client = current = entry;
  }
  return { client, index };
}

/** readXForwarded reads X-Forwarded-For (right-most entries) and the right-most X-Forwarded-Proto. */
function readXForwarded(
  xff: string | undefined,
  xfp: string | undefined,
  peer: string,
  trusted: TrustedProxies,
): ProxyReport {
  const proto = xfp?.split(',').pop()?.trim().toLowerCase() || undefined;
  if (xff === undefined) return { client: 'silent', proto };
  const hops = xff
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => parseHop(s));
  return { client: walkHops(hops, peer, trusted).client, proto };
}

/** parseHop reads one X-Forwarded-For entry: an address, optionally `[v6]:port` or `v4:port`. */
function parseHop(hop: string): string | undefined {
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  const a = unmapIPv4(bracket ? bracket[1]! : v4port ? v4port[1]! : hop);
  return isIP(a) === 0 ? undefined : a;
}

/**
 * readForwarded reads RFC 7239 `Forwarded`: the `for=` of the elements the trusted proxies appended and
 * the `proto=` of the element that names the client. A header that does not parse names no client; one
 * whose right-most element has no `for=` leaves the client to X-Forwarded-For.
 */
function readForwarded(text: string, peer: string, trusted: TrustedProxies): ProxyReport {
  const elements = parseForwarded(text);
  if (elements === undefined) return { client: 'unknown', proto: undefined };
  if (elements.length === 0) return { client: 'silent', proto: undefined };
  const last = elements[elements.length - 1]!;
  if (!last.has('for')) return { client: 'silent', proto: last.get('proto')?.toLowerCase() };
  const nodes = elements.map((e) => {
    const v = e.get('for');
    return v === undefined ? undefined : parseNode(v);
  });
  const { client, index } = walkHops(nodes, peer, trusted);
  return { client, proto: elements[index]?.get('proto')?.toLowerCase() };
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

/**
 * parseForwarded splits a `Forwarded` value (RFC 7239 §4) into its elements, each a map of lowercase
 * parameter names to values (quoted strings unquoted); undefined when the syntax is broken or an element
 * repeats a parameter.
 */
export function parseForwarded(text: string): Map<string, string>[] | undefined {
  const out: Map<string, string>[] = [];
  let element = new Map<string, string>();
  let i = 0;
  const skipSpace = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < text.length && TOKEN.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  for (;;) {
    skipSpace();
    if (i < text.length && text[i] !== ',' && text[i] !== ';') {
      const name = readToken().toLowerCase();
      if (name.length === 0 || text[i] !== '=') return undefined;
      i++;
      let value: string;
      if (text[i] === '"') {
        i++;
        value = '';
        for (;;) {
          if (i >= text.length) return undefined;
          const c = text[i++]!;
          if (c === '"') break;
          if (c === '\\') {
            if (i >= text.length) return undefined;
            value += text[i++]!;
          } else value += c;
        }
      } else {
        value = readToken();
        if (value.length === 0) return undefined;
      }
      if (element.has(name)) return undefined;
      element.set(name, value);
      skipSpace();
    }
    if (i >= text.length) break;
    const sep = text[i++];
    if (sep === ',') {
      if (element.size > 0) out.push(element);
      element = new Map();
    } else if (sep !== ';') return undefined;
  }
  if (element.size > 0) out.push(element);
  return out;
}

/**
 * parseNode reads a `for=` node (RFC 7239 §6): an IPv4 address or a bracketed IPv6 address, with an
 * optional port; `unknown` and obfuscated identifiers (`_hidden`) are not addresses (undefined).
 */
function parseNode(node: string): string | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(?:\d{1,5}|_[A-Za-z0-9._-]+))?$/.exec(node);
  if (!m) return undefined;
  if (m[1] !== undefined) {
    const v6 = m[1];
    if (isIP(v6) !== 6) return undefined;
    return unmapIPv4(v6);
  }
  return isIP(m[2]!) === 4 ? m[2]! : undefined;
}
