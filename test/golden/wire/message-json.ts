// Stable JSON projection of decoded messages for the wire golden files and the fuzz round trips: names
// as presentation strings, types/classes as mnemonics, octet strings as ASCII text when printable and
// {hex} otherwise. Test support only.
import { classToString, typeToString } from '../../../src/dns/constants.js';
import type { Message } from '../../../src/dns/message.js';
import type { DnsName } from '../../../src/dns/name.js';
import type { Rdata } from '../../../src/dns/rdata.js';
import type { ResourceRecord } from '../../../src/dns/record.js';

/** JsonValue is what the projection produces. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** ProjectOptions: `foldCase` lowercases names, for comparisons after re-encoding with compression. */
export interface ProjectOptions {
  readonly foldCase?: boolean;
}

function octets(b: Uint8Array): JsonValue {
  let printable = true;
  for (const c of b) if (c < 0x20 || c > 0x7e) printable = false;
  return printable ? Buffer.from(b).toString('latin1') : { hex: Buffer.from(b).toString('hex') };
}

/** projectRdata gives the JSON form of one rdata. */
export function projectRdata(r: Rdata, opts: ProjectOptions = {}): JsonValue {
  const name = (n: DnsName) => (opts.foldCase ? n.toLowerCase() : n).toString();
  switch (r.kind) {
    case 'A':
    case 'AAAA':
      return { kind: r.kind, address: r.address };
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return { kind: r.kind, target: name(r.target) };
    case 'MX':
      return { kind: r.kind, preference: r.preference, exchange: name(r.exchange) };
    case 'TXT':
      return { kind: r.kind, strings: r.strings.map(octets) };
    case 'SRV':
      return { kind: r.kind, priority: r.priority, weight: r.weight, port: r.port, target: name(r.target) };
    case 'CAA':
      return { kind: r.kind, flags: r.flags, tag: r.tag, value: octets(r.value) };
    case 'SOA':
      return {
        kind: r.kind,
        mname: name(r.mname),
        rname: name(r.rname),
        serial: r.serial,
        refresh: r.refresh,
        retry: r.retry,
        expire: r.expire,
        minimum: r.minimum,
      };
    case 'HINFO':
      return { kind: r.kind, cpu: octets(r.cpu), os: octets(r.os) };
    case 'UNKNOWN':
      return { kind: r.kind, hex: Buffer.from(r.data).toString('hex') };
  }
}

function projectRecord(rr: ResourceRecord, opts: ProjectOptions): JsonValue {
  return {
    owner: (opts.foldCase ? rr.owner.toLowerCase() : rr.owner).toString(),
    type: typeToString(rr.type),
    class: classToString(rr.class),
    ttl: rr.ttl,
    rdata: projectRdata(rr.rdata, opts),
  };
}

/** projectMessage gives the JSON form of a whole message. */
export function projectMessage(m: Message, opts: ProjectOptions = {}): JsonValue {
  const out: { [k: string]: JsonValue } = {
    id: m.id,
    flags: { ...m.flags },
    rcode: m.rcode,
    questions: m.questions.map((q) => ({
      name: (opts.foldCase ? q.name.toLowerCase() : q.name).toString(),
      type: typeToString(q.type),
      class: classToString(q.class),
    })),
    answers: m.answers.map((r) => projectRecord(r, opts)),
    authorities: m.authorities.map((r) => projectRecord(r, opts)),
    additionals: m.additionals.map((r) => projectRecord(r, opts)),
  };
  if (m.edns) {
    out['edns'] = {
      udpPayloadSize: m.edns.udpPayloadSize,
      version: m.edns.version,
      dnssecOk: m.edns.dnssecOk,
      options: m.edns.options.map((o) => ({ code: o.code, hex: Buffer.from(o.data).toString('hex') })),
    };
  }
  return out;
}
