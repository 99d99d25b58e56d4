// The dyndns2 protocol as pure functions (SPEC §2.1–2.2): request parameters → an update intent
// (hostnames, addresses), and per-host outcomes → answer words and the HTTP status. Knows nothing about
// the store, the zone or sockets; the update service decides outcomes, the HTTP route writes them.
import { domainToASCII } from 'node:url';
import { DnsName, isValidHostname } from '../dns/name.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../dns/ip.js';

/** MAX_HOSTNAMES is the most hostnames one request may carry (Dyn "Perform Update": ≤ 20). */
export const MAX_HOSTNAMES = 20;

/** HostnameItem is one entry of the `hostname` list: a valid name, or the raw text of an invalid one. */
export type HostnameItem =
  | { readonly kind: 'name'; readonly input: string; readonly name: DnsName }
  | { readonly kind: 'invalid'; readonly input: string };

/** HostnameList is the parsed `hostname` parameter. */
export type HostnameList =
  | { readonly kind: 'missing' }
  | { readonly kind: 'too-many'; readonly count: number }
  | { readonly kind: 'list'; readonly items: readonly HostnameItem[] };

/**
 * parseHostname turns one requested hostname into a lowercase absolute name, or undefined when it is not a
 * fully-qualified host name (notfqdn). Case folds (RFC 4343 §3); one trailing dot is accepted (RFC 1034
 * §3.1); a U-label is converted to its A-label (RFC 5891 §5, RFC 3492); labels must be LDH (RFC 1123 §2.1)
 * and the top label not all-numeric, so an address literal is not taken for a name.
 */
export function parseHostname(text: string): DnsName | undefined {
  let t = text.trim();
  if (t.endsWith('.')) t = t.slice(0, -1);
  if (t.length === 0 || t.length > 253) return undefined;
  // Anything a URL or an address literal would carry is rejected before IDNA, which would accept some of it.
  if (/[\s/:@?#[\]\\%]/.test(t)) return undefined;
  const ascii = domainToASCII(t);
  if (ascii.length === 0 || ascii.endsWith('.')) return undefined;
  let name: DnsName;
  try {
    name = DnsName.parse(ascii + '.');
  } catch {
    return undefined;
  }
  if (!isValidHostname(name)) return undefined;
  if (/^[0-9]+$/.test(name.labels[name.labels.length - 1]!)) return undefined;
  return name.toLowerCase();
}

/** parseHostnameList splits the comma-separated `hostname` parameter (empty items are invalid items). */
export function parseHostnameList(raw: string | undefined): HostnameList {
  if (raw === undefined || raw.trim().length === 0) return { kind: 'missing' };
  const parts = raw.split(',');
  if (parts.length > MAX_HOSTNAMES) return { kind: 'too-many', count: parts.length };
  const items = parts.map((input): HostnameItem => {
    const name = parseHostname(input);
    return name ? { kind: 'name', input, name } : { kind: 'invalid', input };
  });
  return { kind: 'list', items };
}

/** UsableAddress is an address the update API may store: family and canonical text. */
export interface UsableAddress {
  readonly family: 4 | 6;
  readonly address: string;
}

/**
 * parseUsableAddress reads one address to store, or undefined: whitespace is trimmed; prefixes (`/64`,
 * RFC 4291 §2.3) and zone indexes (`%eth0`) are not addresses; an IPv4-mapped IPv6 address counts as IPv4;
 * unspecified, multicast, broadcast and link-local addresses (RFC 4291 §2.5.6, RFC 3927) are refused.
 */
export function parseUsableAddress(text: string): UsableAddress | undefined {
  const t = text.trim();
  if (t.length === 0) return undefined;
  const v4 = parseIPv4(t);
  if (v4) return isUsableIPv4(v4) ? { family: 4, address: formatIPv4(v4) } : undefined;
  const v6 = parseIPv6(t);
  if (!v6) return undefined;
  if (isIPv4Mapped(v6)) {
    const inner = v6.subarray(12);
    return isUsableIPv4(inner) ? { family: 4, address: formatIPv4(inner) } : undefined;
  }
  if (v6.every((b) => b === 0)) return undefined; // :: unspecified
  if (v6[0] === 0xff) return undefined; // multicast ff00::/8
  if (v6[0] === 0xfe && (v6[1]! & 0xc0) === 0x80) return undefined; // link-local fe80::/10
  return { family: 6, address: formatIPv6(v6) };
}

function isIPv4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

function isUsableIPv4(b: Uint8Array): boolean {
  if (b[0] === 0) return false; // 0.0.0.0/8 "this network"
  if (b[0]! >= 224) return false; // multicast and reserved, broadcast
  if (b[0] === 169 && b[1] === 254) return false; // link-local (RFC 3927)
  return true;
}

/**
 * AddressIntent is what a request asks to set: one address per family at most, in the order given. An
 * intent with no address (`order` empty) changes no address: the host keeps what it stores.
 */
export interface AddressIntent {
  readonly ipv4?: string;
  readonly ipv6?: string;
  /** The addresses in request order, as they appear in the answer line (empty: keep the stored ones). */
  readonly order: readonly string[];
  /** True when the address came from the connection (myip absent or empty). */
  readonly fromPeer: boolean;
}

/** AddressParams are the address-bearing request parameters (undefined = absent). */
export interface AddressParams {
  readonly myip?: string | undefined;
  readonly myipv4?: string | undefined;
  readonly myipv6?: string | undefined;
}

/** AddressParse is the outcome of reading the address parameters; a failure answers `badagent`. */
export type AddressParse =
  { readonly ok: true; readonly intent: AddressIntent } | { readonly ok: false; readonly reason: string };

/**
 * parseAddressParams reads `myip` (one address, or an IPv4 and an IPv6 separated by a comma in either
 * order) and the extensions `myipv4`/`myipv6`. When none carries a value, the client address is used
 * (SPEC §2.1): `clientAddress` is the peer (or the trusted proxy's client), IPv4-mapped counting as IPv4;
 * undefined when no usable client address is known (a trusted proxy that did not say), which is then
 * `badagent`. With `offline` (offline=yes) and no address given, the intent is empty: going offline
 * keeps the stored address (SPEC §2.5), so the connection address is neither used nor needed.
 */
export function parseAddressParams(
  params: AddressParams,
  clientAddress: string | undefined,
  options: { readonly offline?: boolean } = {},
): AddressParse {
  let ipv4: string | undefined;
  let ipv6: string | undefined;
  const order: string[] = [];
  const add = (a: UsableAddress, source: string): string | undefined => {
    if (a.family === 4) {
      if (ipv4 !== undefined && ipv4 !== a.address) return `two IPv4 addresses (${source})`;
      if (ipv4 === undefined) order.push(a.address);
      ipv4 = a.address;
    } else {
      if (ipv6 !== undefined && ipv6 !== a.address) return `two IPv6 addresses (${source})`;
      if (ipv6 === undefined) order.push(a.address);
      ipv6 = a.address;
    }
    return undefined;
  };
  const myip = params.myip?.trim() ?? '';
  if (myip.length > 0) {
    const parts = myip.split(',');
    if (parts.length > 2) return { ok: false, reason: 'myip holds more than two addresses' };
    for (const p of parts) {
      const a = parseUsableAddress(p);
      if (!a) return { ok: false, reason: `myip "${p.trim()}" is not a usable address` };
      const err = add(a, 'myip');
      if (err) return { ok: false, reason: err };
    }
  }
  for (const [param, family] of [
    ['myipv4', 4],
    ['myipv6', 6],
  ] as const) {
    const v = params[param]?.trim() ?? '';
    if (v.length === 0) continue;
    const a = parseUsableAddress(v);
    if (!a || a.family !== family)
      return { ok: false, reason: `${param} "${v}" is not a usable IPv${family} address` };
    const err = add(a, param);
    if (err) return { ok: false, reason: err };
  }
  if (order.length > 0) return { ok: true, intent: { ipv4, ipv6, order, fromPeer: false } };
  if (options.offline === true) return { ok: true, intent: { order: [], fromPeer: false } };
  if (clientAddress === undefined) return { ok: false, reason: 'the client address is unknown' };
  const peer = parseUsableAddress(clientAddress);
  if (!peer) return { ok: false, reason: `client address ${clientAddress} is not usable` };
  return {
    ok: true,
    intent: {
      ...(peer.family === 4 ? { ipv4: peer.address } : { ipv6: peer.address }),
      order: [peer.address],
      fromPeer: true,
    },
  };
}

/** UpdateAnswer is one dyndns2 answer (SPEC §2.2), as a value. */
export type UpdateAnswer =
  | { readonly kind: 'good'; readonly addresses: readonly string[] }
  | { readonly kind: 'nochg'; readonly addresses: readonly string[] }
  | { readonly kind: 'nohost' }
  | { readonly kind: 'badauth' }
  | { readonly kind: 'notfqdn' }
  | { readonly kind: 'badagent' }
  | { readonly kind: 'abuse' }
  | { readonly kind: '911' }
  | { readonly kind: 'conflict'; readonly rrtype: 'A' | 'AAAA' };

/** UpdateAnswerKind lists the answer words. */
export type UpdateAnswerKind = UpdateAnswer['kind'];

/**
 * formatAnswer gives the answer line: `good 192.0.2.1`, `good 2001:db8::2,192.0.2.2`, `conflict AAAA`,
 * `nohost`; a bare `good` when a host without any address went offline.
 */
export function formatAnswer(a: UpdateAnswer): string {
  switch (a.kind) {
    case 'good':
    case 'nochg':
      return a.addresses.length === 0 ? a.kind : `${a.kind} ${a.addresses.join(',')}`;
    case 'conflict':
      return `conflict ${a.rrtype}`;
    default:
      return a.kind;
  }
}

/** formatAnswerBody joins answer lines, one per host, each ending with a newline. */
export function formatAnswerBody(answers: readonly UpdateAnswer[]): string {
  return answers.map((a) => formatAnswer(a) + '\n').join('');
}

/**
 * StatusDialect: 'dyndns2' answers 200 for every protocol answer (ddclient's dyndns2 code ignores the body
 * of other statuses); 'status-codes' also signals errors in the status, for clients that read only the
 * status (ddclient's googledomains protocol).
 */
export type StatusDialect = 'dyndns2' | 'status-codes';

/** detectDialect picks 'status-codes' for User-Agent `ddclient/…` without a `system` parameter (SPEC §2.2). */
export function detectDialect(userAgent: string | undefined, hasSystemParam: boolean): StatusDialect {
  return userAgent !== undefined && /^ddclient\//i.test(userAgent.trim()) && !hasSystemParam
    ? 'status-codes'
    : 'dyndns2';
}

const ERROR_STATUS: Record<UpdateAnswerKind, number> = {
  good: 200,
  nochg: 200,
  nohost: 404,
  badauth: 403,
  notfqdn: 400,
  badagent: 400,
  abuse: 403,
  '911': 503,
  conflict: 409,
};

/**
 * answerStatus gives the HTTP status for a body of answers: 200 in the dyndns2 dialect; in the
 * status-codes dialect the status of the first error line (200 when every line is good/nochg). The
 * request-level 401 `badauth` is decided by the route, not here.
 */
export function answerStatus(answers: readonly UpdateAnswer[], dialect: StatusDialect): number {
  if (dialect === 'dyndns2') return 200;
  for (const a of answers) {
    const s = ERROR_STATUS[a.kind];
    if (s !== 200) return s;
  }
  return 200;
}

/** isClientFault tells whether an answer reports a client mistake that counts toward blocking (SPEC §2.3). */
export function isClientFault(a: UpdateAnswer): boolean {
  return a.kind === 'badauth' || a.kind === 'nohost' || a.kind === 'notfqdn' || a.kind === 'conflict';
}
