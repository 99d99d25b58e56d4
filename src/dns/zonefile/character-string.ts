// <character-string> presentation form (RFC 1035 §3.3, §5.1): decoding quoted or bare text with `\X` and
// `\DDD` escapes into octets, and encoding octets back to a quoted string. Used for TXT, HINFO and the CAA
// value. Characters above U+007F in the text are taken as UTF-8 octets, as a file saved in UTF-8 would be.
import { ZoneFileError } from './errors.js';

const utf8 = new TextEncoder();

/** decodeCharacterString turns raw token text (escapes still in it) into octets; `what` names the field. */
export function decodeCharacterString(raw: string, what: string): Uint8Array {
  // Fast path: plain ASCII without escapes maps one char to one octet.
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x5c || c > 0x7e) {
      plain = false;
      break;
    }
  }
  if (plain) {
    const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x5c) {
      const next = raw.charCodeAt(i + 1);
      if (Number.isNaN(next)) throw new ZoneFileError(`${what}: dangling "\\" at the end of "${raw}"`);
      if (next >= 0x30 && next <= 0x39) {
        const digits = raw.slice(i + 1, i + 4);
        if (!/^[0-9]{3}$/.test(digits)) {
          throw new ZoneFileError(
            `${what}: bad escape "\\${digits}" in "${raw}" (\\DDD needs three decimal digits)`,
          );
        }
        const v = Number(digits);
        if (v > 255) throw new ZoneFileError(`${what}: escape "\\${digits}" in "${raw}" is above 255`);
        bytes.push(v);
        i += 3;
        continue;
      }
      i++;
      pushChar(bytes, raw, i);
      if (next >= 0xd800 && next <= 0xdbff) i++;
      continue;
    }
    pushChar(bytes, raw, i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
  }
  return Uint8Array.from(bytes);
}

function pushChar(bytes: number[], raw: string, i: number): void {
  const c = raw.charCodeAt(i);
  if (c < 0x80) {
    bytes.push(c);
    return;
  }
  const cp = raw.codePointAt(i)!;
  for (const b of utf8.encode(String.fromCodePoint(cp))) bytes.push(b);
}

/** encodeCharacterString gives octets as a quoted string: `"` and `\` escaped, non-printable octets as \DDD. */
export function encodeCharacterString(bytes: Uint8Array): string {
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x22 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) out += '\\' + String(b).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + '"';
}
