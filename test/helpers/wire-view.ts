// Test-only DNS message reader, independent of src/dns/wire so that interop tests judge the server's octets
// without trusting the codec under test. Owns: header flags, sections, OPT fields and a canonical text form of
// each record (owner lowercase, names in rdata lowercase and uncompressed, RFC 4034 §6.2) for set comparison.
// It never builds messages (see dns-client.ts) and throws a plain Error on malformed input.

/** WireRecord is one decoded resource record; `rdata` is canonical presentation text. */
export interface WireRecord {
  readonly owner: string;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly rdata: string;
}

/** WireOpt carries the OPT pseudo-record fields (RFC 6891 §6.1.2-6.1.3). */
export interface WireOpt {
  readonly udpPayloadSize: number;
  readonly extendedRcode: number;
  readonly version: number;
  readonly dnssecOk: boolean;
  readonly options: readonly { readonly code: number; readonly data: string }[];
}

/** WireMessage is a decoded message as the interop tests compare it. */
export interface WireMessage {
  readonly id: number;
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  /** rcode is the full value: header 4 bits plus the OPT extended-RCODE shifted left by 4. */
  readonly rcode: number;
  readonly counts: { readonly qd: number; readonly an: number; readonly ns: number; readonly ar: number };
  /** questionWire is the question section's octets exactly as received (RFC 1035 §4.1.2). */
  readonly questionWire: Uint8Array;
  readonly questions: readonly { readonly name: string; readonly type: number; readonly class: number }[];
  readonly answers: readonly WireRecord[];
  readonly authorities: readonly WireRecord[];
  /** additionals excludes OPT records; see `opt` and `optCount`. */
  readonly additionals: readonly WireRecord[];
  readonly opt: WireOpt | undefined;
  readonly optCount: number;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

class Cursor {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Error(`truncated message at offset ${this.pos}`);
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  u32(): number {
    return this.u16() * 65536 + this.u16();
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** name reads a possibly compressed name (RFC 1035 §4.1.4); pointers must go backwards. */
  name(): string {
    const labels: string[] = [];
    let pos = this.pos;
    let jumped = false;
    let limit = pos;
    for (;;) {
      if (pos >= this.buf.length) throw new Error('name runs past the end');
      const len = this.buf[pos]!;
      if ((len & 0xc0) === 0xc0) {
        if (pos + 1 >= this.buf.length) throw new Error('truncated pointer');
        const target = ((len & 0x3f) << 8) | this.buf[pos + 1]!;
        if (target >= limit) throw new Error('forward compression pointer');
        if (!jumped) this.pos = pos + 2;
        jumped = true;
        limit = target;
        pos = target;
        continue;
      }
      if (len > 63) throw new Error('bad label type');
      pos += 1;
      if (len === 0) break;
      if (pos + len > this.buf.length) throw new Error('label runs past the end');
      labels.push(escapeLabel(this.buf.subarray(pos, pos + len)));
      pos += len;
    }
    if (!jumped) this.pos = pos;
    return labels.length === 0 ? '.' : labels.join('.') + '.';
  }
}

function escapeLabel(octets: Uint8Array): string {
  let s = '';
  for (const c of octets) {
    if (c === 0x2e || c === 0x5c) s += '\\' + String.fromCharCode(c);
    else if (c > 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\' + String(c).padStart(3, '0');
  }
  return s;
}

function characterStrings(data: Uint8Array): string {
  const parts: string[] = [];
  let i = 0;
  while (i < data.length) {
    const len = data[i]!;
    const s = data.subarray(i + 1, i + 1 + len);
    let t = '';
    for (const c of s) {
      if (c === 0x22 || c === 0x5c) t += '\\' + String.fromCharCode(c);
      else if (c >= 0x20 && c < 0x7f) t += String.fromCharCode(c);
      else t += '\\' + String(c).padStart(3, '0');
    }
    parts.push(`"${t}"`);
    i += 1 + len;
  }
  return parts.join(' ');
}

function ipv6Text(b: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return groups.join(':');
}

/** rdataText turns one record's rdata into canonical text; names are decompressed and lowercased. */
function rdataText(c: Cursor, type: number, rdlength: number): string {
  const end = c.pos + rdlength;
  c.need(rdlength);
  const rest = (): string => hex(c.bytes(end - c.pos));
  let text: string;
  switch (type) {
    case 1:
      text = Array.from(c.bytes(4)).join('.');
      break;
    case 28:
      text = ipv6Text(c.bytes(16));
      break;
    case 2:
    case 5:
    case 12:
    case 39:
      text = c.name().toLowerCase();
      break;
    case 15:
      text = `${c.u16()} ${c.name().toLowerCase()}`;
      break;
    case 33:
      text = `${c.u16()} ${c.u16()} ${c.u16()} ${c.name().toLowerCase()}`;
      break;
    case 6:
      text = [
        c.name().toLowerCase(),
        c.name().toLowerCase(),
        c.u32(),
        c.u32(),
        c.u32(),
        c.u32(),
        c.u32(),
      ].join(' ');
      break;
    case 13:
    case 16:
      text = characterStrings(c.bytes(rdlength));
      break;
    default:
      text = `\\# ${rdlength} ${rest()}`;
  }
  if (c.pos !== end) throw new Error(`rdata of type ${type} has ${end - c.pos} octets left over`);
  return text;
}

/** decodeWire reads a whole DNS message; it throws on any malformed octet. */
export function decodeWire(bytes: Uint8Array): WireMessage {
  const c = new Cursor(bytes);
  const id = c.u16();
  const flags = c.u16();
  const counts = { qd: c.u16(), an: c.u16(), ns: c.u16(), ar: c.u16() };
  const qStart = c.pos;
  const questions = [];
  for (let i = 0; i < counts.qd; i++) questions.push({ name: c.name(), type: c.u16(), class: c.u16() });
  const questionWire = bytes.slice(qStart, c.pos);
  const section = (n: number, opts: WireOpt[]): WireRecord[] => {
    const out: WireRecord[] = [];
    for (let i = 0; i < n; i++) {
      const owner = c.name();
      const type = c.u16();
      const klass = c.u16();
      const ttl = c.u32();
      const rdlength = c.u16();
      if (type === 41) {
        const data = c.bytes(rdlength);
        const options = [];
        for (let j = 0; j + 4 <= data.length;) {
          const code = (data[j]! << 8) | data[j + 1]!;
          const len = (data[j + 2]! << 8) | data[j + 3]!;
          options.push({ code, data: hex(data.subarray(j + 4, j + 4 + len)) });
          j += 4 + len;
        }
        opts.push({
          udpPayloadSize: klass,
          extendedRcode: ttl >>> 24,
          version: (ttl >>> 16) & 0xff,
          dnssecOk: (ttl & 0x8000) !== 0,
          options,
        });
        continue;
      }
      out.push({ owner: owner.toLowerCase(), type, class: klass, ttl, rdata: rdataText(c, type, rdlength) });
    }
    return out;
  };
  const ignored: WireOpt[] = [];
  const answers = section(counts.an, ignored);
  const authorities = section(counts.ns, ignored);
  const opts: WireOpt[] = [];
  const additionals = section(counts.ar, opts);
  if (c.pos !== bytes.length) throw new Error(`${bytes.length - c.pos} trailing octets`);
  const opt = opts[0];
  return {
    id,
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    rcode: (flags & 0xf) | ((opt?.extendedRcode ?? 0) << 4),
    counts,
    questionWire,
    questions,
    answers,
    authorities,
    additionals,
    opt,
    optCount: opts.length + ignored.length,
  };
}

/** recordKey is the set-comparison key of a record: owner lowercase, TTL, class, type, canonical rdata. */
export function recordKey(r: WireRecord): string {
  return `${r.owner} ${r.ttl} ${r.class} ${r.type} ${r.rdata}`;
}

/** sectionKeys gives a section's record keys sorted, so two sections compare as sets. */
export function sectionKeys(records: readonly WireRecord[]): string[] {
  return records.map(recordKey).sort();
}
