// Fast readers for the address text of A and AAAA rdata (RFC 1035 §3.4.1, RFC 4291 §2.2), written as
// plain scanners because zone import reads millions of them. Output text is canonical: dotted quad
// without leading zeros, IPv6 by RFC 5952 through dns/ip.ts. Accepts exactly what dns/ip.ts accepts.
import { formatIPv6 } from '../ip.js';

/** readIPv4 gives the canonical dotted-quad text, or undefined when `text` is not an IPv4 address. */
export function readIPv4(text: string): string | undefined {
  const len = text.length;
  if (len < 7 || len > 15) return undefined;
  let parts = 0;
  let i = 0;
  while (i < len) {
    const start = i;
    let v = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      i++;
    }
    const digits = i - start;
    // Leading zeros are refused, as node's isIPv4 does (they read as octal elsewhere).
    if (digits === 0 || digits > 3 || v > 255 || (digits > 1 && text.charCodeAt(start) === 0x30))
      return undefined;
    parts++;
    if (i === len) break;
    if (text.charCodeAt(i) !== 0x2e || parts === 4) return undefined;
    i++;
    if (i === len) return undefined;
  }
  return parts === 4 ? text : undefined;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** readIPv6Octets gives the 16 octets of IPv6 text (with an optional dotted-quad tail), or undefined. */
export function readIPv6Octets(text: string): Uint8Array | undefined {
  const len = text.length;
  if (len < 2 || len > 45) return undefined;
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === 0x3a) {
    if (text.charCodeAt(1) !== 0x3a) return undefined;
    gap = 0;
    i = 2;
  }
  let v4: string | undefined;
  while (i < len) {
    const start = i;
    let v = 0;
    while (i < len) {
      const h = hexValue(text.charCodeAt(i));
      if (h < 0) break;
      v = (v << 4) | h;
      i++;
    }
    const digits = i - start;
    if (i < len && text.charCodeAt(i) === 0x2e) {
      // An embedded IPv4 address ends the text (RFC 4291 §2.2 form 3).
      v4 = readIPv4(text.slice(start));
      if (v4 === undefined) return undefined;
      break;
    }
    if (digits === 0 || digits > 4) return undefined;
    groups.push(v);
    if (i === len) break;
    if (text.charCodeAt(i) !== 0x3a) return undefined;
    i++;
    if (text.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return undefined;
      gap = groups.length;
      i++;
      if (i === len) break;
    } else if (i === len) {
      return undefined;
    }
  }
  const total = groups.length + (v4 !== undefined ? 2 : 0);
  if (gap < 0 ? total !== 8 : total > 7) return undefined;
  const out = new Uint8Array(16);
  const tailCount = gap < 0 ? 0 : groups.length - gap;
  for (let g = 0; g < groups.length; g++) {
    const slot = gap >= 0 && g >= gap ? 8 - (v4 !== undefined ? 2 : 0) - tailCount + (g - gap) : g;
    out[slot * 2] = groups[g]! >> 8;
    out[slot * 2 + 1] = groups[g]! & 0xff;
  }
  if (v4 !== undefined) {
    const q = v4.split('.');
    for (let k = 0; k < 4; k++) out[12 + k] = Number(q[k]);
  }
  return out;
}

/** readIPv6 gives the RFC 5952 text of an IPv6 address, or undefined when `text` is not one. */
export function readIPv6(text: string): string | undefined {
  const b = readIPv6Octets(text);
  if (b === undefined) return undefined;
  // Most zone files already hold canonical text; keep the string instead of building an equal one.
  return isCanonicalIPv6(text) ? text : formatIPv6(b);
}

/**
 * isCanonicalIPv6 tells whether valid IPv6 text is already in RFC 5952 form: lowercase hex without leading
 * zeros and no dotted tail (§4.1, §4.3), "::" used for the first longest run of two or more zero groups and
 * nowhere else (§4.2).
 */
export function isCanonicalIPv6(text: string): boolean {
  const len = text.length;
  let runBefore = 0; // longest explicit zero run before the "::"
  let runAfter = 0; // longest explicit zero run after it
  let run = 0;
  let groups = 0;
  let gapAt = -1;
  let afterGap = false; // the group being read follows the "::" directly
  let i = 0;
  if (text.charCodeAt(0) === 0x3a) {
    gapAt = 0;
    afterGap = true;
    i = 2;
  }
  while (i < len) {
    const first = text.charCodeAt(i);
    let j = i;
    while (j < len) {
      const c = text.charCodeAt(j);
      if (c === 0x3a) break;
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false; // uppercase or "."
      j++;
    }
    if (first === 0x30) {
      // A zero group next to the "::" belongs inside it ("::0", "0::1" are not canonical).
      if (j - i > 1 || afterGap) return false;
      run++;
    } else {
      run = 0;
    }
    if (gapAt < 0) runBefore = Math.max(runBefore, run);
    else runAfter = Math.max(runAfter, run);
    groups++;
    afterGap = false;
    if (j >= len) break;
    i = j + 1;
    if (text.charCodeAt(i) === 0x3a) {
      if (run > 0) return false;
      gapAt = groups;
      afterGap = true;
      run = 0;
      i++;
    }
  }
  if (gapAt < 0) return runBefore < 2;
  const gapLen = 8 - groups;
  return gapLen >= 2 && runBefore < gapLen && runAfter <= gapLen;
}
