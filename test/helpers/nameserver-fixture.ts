// Test helpers for the name server: the dns.md fixture zone, a minimal in-memory zone source with swap
// notifications, query builders and response summaries, so tests read as tables.
import { RRClass, RRType, typeFromString } from '../../src/dns/constants.js';
import type { Edns, HeaderFlags, Message } from '../../src/dns/message.js';
import { DnsName } from '../../src/dns/name.js';
import { decodeMessage } from '../../src/dns/wire/decode.js';
import { encodeMessage } from '../../src/dns/wire/writer.js';
import { formatRecord } from '../../src/dns/zonefile/rdata-text.js';
import { parseZoneText } from '../../src/dns/zonefile/parser.js';
import { Zone } from '../../src/zone/zone.js';
import { ZoneCatalog } from '../../src/zone/catalog.js';

/** FIXTURE_ZONE is the shared fixture of /work/shared/cases/dns.md (copied, not read at run time). */
export const FIXTURE_ZONE = `$ORIGIN dyn.example.test.
@    3600 IN SOA  ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 60
@    3600 IN NS   ns1.example.test.
home   60 IN A    192.0.2.1
home   60 IN AAAA 2001:db8::1
a      60 IN A    192.0.2.1
c      60 IN A    192.0.2.1
`;

/** FIXTURE_ORIGIN is the fixture zone's origin. */
export const FIXTURE_ORIGIN = DnsName.parse('dyn.example.test.');

/** buildZone parses zone text (with extra lines appended) into a Zone snapshot. */
export function buildZone(text: string, origin: DnsName = FIXTURE_ORIGIN, extra = ''): Zone {
  const parsed = parseZoneText(text + extra, { origin });
  return Zone.build(origin, parsed.records);
}

/** TestCatalog is the real ZoneCatalog preloaded with zones. */
export class TestCatalog extends ZoneCatalog {
  constructor(zones: readonly Zone[]) {
    super();
    for (const z of zones) this.swap(z);
  }
}

/** QuerySpec describes a query to build; unset fields take ordinary values. */
export interface QuerySpec {
  id?: number;
  name: string;
  type?: string | number;
  class?: number;
  rd?: boolean;
  cd?: boolean;
  opcode?: number;
  edns?: Partial<Edns> | false;
}

/** buildQuery encodes a query message. */
export function buildQuery(spec: QuerySpec): Uint8Array {
  const type = typeof spec.type === 'number' ? spec.type : typeFromString(spec.type ?? 'A');
  if (type === undefined) throw new Error(`bad type ${String(spec.type)}`);
  const flags: HeaderFlags = {
    qr: false,
    opcode: spec.opcode ?? 0,
    aa: false,
    tc: false,
    rd: spec.rd ?? false,
    ra: false,
    z: false,
    ad: false,
    cd: spec.cd ?? false,
  };
  const msg: Message = {
    id: spec.id ?? 0x1234,
    flags,
    rcode: 0,
    questions: [{ name: DnsName.parse(spec.name), type, class: spec.class ?? RRClass.IN }],
    answers: [],
    authorities: [],
    additionals: [],
    ...(spec.edns
      ? {
          edns: {
            udpPayloadSize: spec.edns.udpPayloadSize ?? 1232,
            version: spec.edns.version ?? 0,
            dnssecOk: spec.edns.dnssecOk ?? false,
            options: spec.edns.options ?? [],
          },
        }
      : {}),
  };
  return encodeMessage(msg);
}

/** hex turns hex text (spaces allowed) into octets. */
export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

/** Summary is a response reduced to what tables compare; records in zone-file text, sorted per section. */
export interface Summary {
  id: number;
  rcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  qr: boolean;
  question: string[];
  answer: string[];
  authority: string[];
  additional: string[];
  opt: { version: number; payload: number; options: number; dnssecOk: boolean } | null;
}

/** summarize decodes a response into a Summary (the answer section keeps its order). */
export function summarize(bytes: Uint8Array): Summary {
  const m = decodeMessage(bytes);
  const fmt = (rr: Message['answers'][number]): string => formatRecord(rr).replace(/\s+/g, ' ');
  return {
    id: m.id,
    rcode: m.rcode,
    aa: m.flags.aa,
    tc: m.flags.tc,
    rd: m.flags.rd,
    ra: m.flags.ra,
    qr: m.flags.qr,
    question: m.questions.map((q) => `${q.name.labels.join('.')} ${q.type} ${q.class}`),
    answer: m.answers.map(fmt),
    authority: m.authorities.map(fmt).sort(),
    additional: m.additionals.map(fmt).sort(),
    opt: m.edns
      ? {
          version: m.edns.version,
          payload: m.edns.udpPayloadSize,
          options: m.edns.options.length,
          dnssecOk: m.edns.dnssecOk,
        }
      : null,
  };
}

export { RRType };
