// IPv4 and IPv6 addresses between text and octets. IPv6 text output follows RFC 5952 (lowercase,
// longest zero run compressed, no leading zeros). Used by the A/AAAA codecs and the update API.
import { isIPv4, isIPv6 } from 'node:net';

/** parseIPv4 gives the 4 octets of a dotted-quad address, or undefined when the text is not one. */
export function parseIPv4(text: string): Uint8Array | undefined {
  if (!isIPv4(text)) return undefined;
  return Uint8Array.from(text.split('.').map(Number));
}

/** formatIPv4 gives the dotted-quad text of 4 octets. */
export function formatIPv4(bytes: Uint8Array): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/** parseIPv6 gives the 16 octets of an IPv6 address (no zone index, no prefix), or undefined. */
export function parseIPv6(text: string): Uint8Array | undefined {
  if (!isIPv6(text) || text.includes('%')) return undefined;
  let head = text;
  let v4tail: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) !== -1) {
    v4tail = parseIPv4(text.slice(lastColon + 1));
    if (!v4tail) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const lg = left ? left.split(':') : [];
  const rg = right !== undefined ? (right ? right.split(':') : []) : [];
  const groups = right === undefined ? lg : [...lg, ...Array(8 - lg.length - rg.length).fill('0'), ...rg];
  if (groups.length !== 8) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  if (v4tail) out.set(v4tail, 12);
  return out;
}

/** formatIPv6 gives the RFC 5952 text of 16 octets. */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** normalizeIPv4 gives the canonical text of an IPv4 address, or undefined. */
export function normalizeIPv4(text: string): string | undefined {
  const b = parseIPv4(text);
  return b && formatIPv4(b);
}

/** normalizeIPv6 gives the RFC 5952 text of an IPv6 address, or undefined. */
export function normalizeIPv6(text: string): string | undefined {
  const b = parseIPv6(text);
  return b && formatIPv6(b);
}
