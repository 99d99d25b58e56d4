// Numeric fields of master files: plain unsigned integers and TTL-like durations with BIND units
// (`1h30m`, `2d`, `1w`). RFC 1035 §5.1 only has decimal seconds; the units are the common extension.
import { ZoneFileError } from './errors.js';

/** MAX_TTL_VALUE is the largest TTL accepted (RFC 2181 §8: 2^31 - 1). */
export const MAX_TTL_VALUE = 0x7fffffff;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** isDecimal tells whether text is one or more ASCII digits. */
export function isDecimal(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** parseUnsigned reads a decimal integer in [0, max]; `what` names the field in the error. */
export function parseUnsigned(text: string, max: number, what: string): number {
  if (!isDecimal(text)) throw new ZoneFileError(`${what}: "${text}" is not a decimal number`);
  const v = text.length > 16 ? Number.POSITIVE_INFINITY : Number(text);
  if (v > max) throw new ZoneFileError(`${what}: ${text} is larger than ${max}`);
  return v;
}

/**
 * parseDuration reads seconds as decimal digits or as BIND unit groups (`1w2d3h4m5s`, case-insensitive),
 * refusing values above `max`.
 */
export function parseDuration(text: string, max: number, what: string): number {
  if (isDecimal(text)) return parseUnsigned(text, max, what);
  if (!/^(?:[0-9]+[smhdwSMHDW])+$/.test(text)) {
    throw new ZoneFileError(`${what}: "${text}" is not a number of seconds or a duration such as 1h30m`);
  }
  let total = 0;
  for (const m of text.matchAll(/([0-9]+)([smhdwSMHDW])/g)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()]!;
  }
  if (!(total <= max)) throw new ZoneFileError(`${what}: "${text}" is ${total} seconds, larger than ${max}`);
  return total;
}

/** parseTtl reads a TTL (seconds or BIND units), at most 2^31 - 1 (RFC 2181 §8). */
export function parseTtl(text: string, what = 'TTL'): number {
  return parseDuration(text, MAX_TTL_VALUE, what);
}
