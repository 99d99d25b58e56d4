// What kind of address a detected address is, so the client never publishes one that others cannot reach
// (SPEC §5: private, loopback, link-local, IPv4-mapped and other not globally reachable addresses are ignored
// unless `allow_private`). Ranges follow the IANA IPv4/IPv6 Special-Purpose Address Registries (RFC 6890),
// plus RFC 9637's 3fff::/20. Pure functions over text; parsing reuses src/dns/ip.ts.
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../dns/ip.js';

/** AddressFamily names one of the two families the client updates separately. */
export type AddressFamily = 'ipv4' | 'ipv6';

/** AddressScope says where an address is reachable from; only `global` is published by default. */
export type AddressScope =
  | 'global'
  | 'private'
  | 'shared'
  | 'loopback'
  | 'link-local'
  | 'ipv4-mapped'
  | 'documentation'
  | 'multicast'
  | 'unspecified'
  | 'reserved';

/** ParsedAddress is an address in canonical text (RFC 5952 for IPv6) with its family and scope. */
export interface ParsedAddress {
  readonly family: AddressFamily;
  readonly address: string;
  readonly scope: AddressScope;
}

type Range4 = readonly [a: number, b: number, c: number, d: number, bits: number, scope: AddressScope];

// Most specific first is not needed: the ranges do not overlap.
const V4_RANGES: readonly Range4[] = [
  [0, 0, 0, 0, 8, 'unspecified'],
  [10, 0, 0, 0, 8, 'private'],
  [100, 64, 0, 0, 10, 'shared'], // RFC 6598 carrier-grade NAT
  [127, 0, 0, 0, 8, 'loopback'],
  [169, 254, 0, 0, 16, 'link-local'],
  [172, 16, 0, 0, 12, 'private'],
  [192, 0, 0, 0, 24, 'reserved'], // IETF protocol assignments
  [192, 0, 2, 0, 24, 'documentation'],
  [192, 88, 99, 0, 24, 'reserved'], // deprecated 6to4 relay anycast
  [192, 168, 0, 0, 16, 'private'],
  [198, 18, 0, 0, 15, 'reserved'], // benchmarking
  [198, 51, 100, 0, 24, 'documentation'],
  [203, 0, 113, 0, 24, 'documentation'],
  [224, 0, 0, 0, 4, 'multicast'],
  [240, 0, 0, 0, 4, 'reserved'], // includes 255.255.255.255
];

function v4Number(b: Uint8Array): number {
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

function scopeOfIPv4(b: Uint8Array): AddressScope {
  const n = v4Number(b);
  for (const [a, bb, c, d, bits, scope] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((n & mask) >>> 0 === (v4Number(Uint8Array.of(a, bb, c, d)) & mask) >>> 0) return scope;
  }
  return 'global';
}

function startsWith(b: Uint8Array, prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const bit = 7 - (i & 7);
    if (((b[byte]! >> bit) & 1) !== (((prefix[byte] ?? 0) >> bit) & 1)) return false;
  }
  return true;
}

function scopeOfIPv6(b: Uint8Array): AddressScope {
  if (b.every((x) => x === 0)) return 'unspecified';
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'loopback';
  if (startsWith(b, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96)) return 'ipv4-mapped';
  if (startsWith(b, [0xfe, 0x80], 10)) return 'link-local';
  if (startsWith(b, [0xfc], 7)) return 'private'; // RFC 4193 unique local
  if (startsWith(b, [0xfe, 0xc0], 10)) return 'private'; // deprecated site-local (RFC 3879)
  if (startsWith(b, [0xff], 8)) return 'multicast';
  if (startsWith(b, [0x20, 0x01, 0x0d, 0xb8], 32)) return 'documentation'; // RFC 3849
  if (startsWith(b, [0x3f, 0xff], 20)) return 'documentation'; // RFC 9637
  if (startsWith(b, [0x20, 0x01], 23)) return 'reserved'; // IETF protocol assignments (Teredo, ORCHID, ...)
  // Only 2000::/3 is allocated as global unicast; everything else (::/8 compat, 64:ff9b::, 100::) is not a host's own.
  if (!startsWith(b, [0x20], 3)) return 'reserved';
  return 'global';
}

/**
 * parseAddress reads one IPv4 or IPv6 address (surrounding whitespace ignored; no prefix length, no zone
 * index) and classifies it, or gives undefined when the text is not exactly one address.
 */
export function parseAddress(text: string): ParsedAddress | undefined {
  const t = text.trim();
  const v4 = parseIPv4(t);
  if (v4) return { family: 'ipv4', address: formatIPv4(v4), scope: scopeOfIPv4(v4) };
  const v6 = parseIPv6(t);
  if (!v6) return undefined;
  const scope = scopeOfIPv6(v6);
  // RFC 5952 §5: IPv4-mapped addresses are written with the IPv4 part in dotted form.
  const address = scope === 'ipv4-mapped' ? `::ffff:${formatIPv4(v6.slice(12))}` : formatIPv6(v6);
  return { family: 'ipv6', address, scope };
}

/** unwrapIPv4Mapped gives the IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), if it is one. */
export function unwrapIPv4Mapped(p: ParsedAddress): ParsedAddress | undefined {
  if (p.scope !== 'ipv4-mapped') return undefined;
  return parseAddress(p.address.slice('::ffff:'.length));
}

/**
 * isPublishable tells whether an address may be sent for `family`: the right family, and global unless
 * `allowPrivate`. The unspecified address and multicast groups are never a host's address, allowed or not.
 */
export function isPublishable(p: ParsedAddress, family: AddressFamily, allowPrivate: boolean): boolean {
  if (p.family !== family || p.scope === 'unspecified' || p.scope === 'multicast') return false;
  return allowPrivate || p.scope === 'global';
}
