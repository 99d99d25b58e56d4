// RFC 1982 serial number arithmetic for SOA serials (SERIAL_BITS = 32). Pure functions on unsigned
// 32-bit integers; the choice of the next serial (date, unixtime) is ddns/serial-policy.ts's business.

const MOD = 0x1_0000_0000;
const HALF = 0x8000_0000;

function check(s: number): void {
  if (!Number.isInteger(s) || s < 0 || s >= MOD)
    throw new RangeError(`serial ${s} is not a 32-bit unsigned integer`);
}

/** serialAdd adds `n` (0..2^31-1) to a serial modulo 2^32 (RFC 1982 §3.1). */
export function serialAdd(s: number, n: number): number {
  check(s);
  if (!Number.isInteger(n) || n < 0 || n > HALF - 1)
    throw new RangeError(`serial addend ${n} outside 0..2^31-1`);
  return (s + n) % MOD;
}

/** serialIncrement gives the next serial modulo 2^32, skipping 0 (which some secondaries treat as unset). */
export function serialIncrement(s: number): number {
  const next = serialAdd(s, 1);
  return next === 0 ? 1 : next;
}

/**
 * serialCompare orders two serials per RFC 1982 §3.2: -1 when a < b, 1 when a > b, 0 when equal, and
 * undefined when they are exactly 2^31 apart (the comparison is not defined).
 */
export function serialCompare(a: number, b: number): -1 | 0 | 1 | undefined {
  check(a);
  check(b);
  if (a === b) return 0;
  const d = (b - a + MOD) % MOD; // how far b is ahead of a
  if (d === HALF) return undefined;
  return d < HALF ? -1 : 1;
}

/** serialGreater tells whether a is greater than b in serial arithmetic (false when undefined). */
export function serialGreater(a: number, b: number): boolean {
  return serialCompare(a, b) === 1;
}
