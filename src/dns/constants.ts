// DNS registry numbers used across the codebase (IANA "Domain Name System (DNS) Parameters").
// Owns only constants and their mnemonic tables; no parsing of messages or zone text.

/** RRType holds the resource record type numbers Dynzone knows by name. */
export const RRType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  HINFO: 13,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  DS: 43,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  NSEC3: 50,
  IXFR: 251,
  AXFR: 252,
  MAILB: 253,
  MAILA: 254,
  ANY: 255,
  CAA: 257,
} as const;

/** RRClass holds the class numbers (RFC 1035 §3.2.4, RFC 2136 §1.3). */
export const RRClass = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 } as const;

/** Rcode holds response codes; values above 15 need the EDNS extended-RCODE (RFC 6891 §6.1.3). */
export const Rcode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
  BADVERS: 16,
} as const;
export type RcodeValue = (typeof Rcode)[keyof typeof Rcode];

/** Opcode holds header opcodes (RFC 1035 §4.1.1, RFC 1996, RFC 2136). */
export const Opcode = { QUERY: 0, IQUERY: 1, STATUS: 2, NOTIFY: 4, UPDATE: 5 } as const;

const typeNames = new Map<number, string>(Object.entries(RRType).map(([k, v]) => [v, k]));
const typeNumbers = new Map<string, number>(Object.entries(RRType).map(([k, v]) => [k, v]));
const rcodeNames = new Map<number, string>(Object.entries(Rcode).map(([k, v]) => [v, k]));

/** typeToString gives a type mnemonic, or `TYPEnnn` for types without one (RFC 3597 §5). */
export function typeToString(type: number): string {
  return typeNames.get(type) ?? `TYPE${type}`;
}

/** typeFromString reads a type mnemonic or `TYPEnnn`; undefined when it is neither. */
export function typeFromString(text: string): number | undefined {
  const up = text.toUpperCase();
  const known = typeNumbers.get(up);
  if (known !== undefined) return known;
  const m = /^TYPE([0-9]{1,5})$/.exec(up);
  if (m) {
    const n = Number(m[1]);
    if (n <= 0xffff) return n;
  }
  return undefined;
}

/** classFromString reads a class mnemonic or `CLASSnnn` (RFC 3597 §5). */
export function classFromString(text: string): number | undefined {
  const up = text.toUpperCase();
  if (up in RRClass) return RRClass[up as keyof typeof RRClass];
  const m = /^CLASS([0-9]{1,5})$/.exec(up);
  if (m) {
    const n = Number(m[1]);
    if (n <= 0xffff) return n;
  }
  return undefined;
}

/** classToString gives a class mnemonic or `CLASSnnn`. */
export function classToString(cls: number): string {
  for (const [k, v] of Object.entries(RRClass)) if (v === cls) return k;
  return `CLASS${cls}`;
}

/** rcodeToString gives an rcode mnemonic or `RCODEnnn`. */
export function rcodeToString(rcode: number): string {
  return rcodeNames.get(rcode) ?? `RCODE${rcode}`;
}

/** isMetaType tells whether a type is a query-only meta type that can never be stored (RFC 6895 §3.1). */
export function isMetaType(type: number): boolean {
  return type === RRType.OPT || (type >= 128 && type <= 255);
}
