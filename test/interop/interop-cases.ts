// The question table for the differential test over test/fixtures/interop/interop.test.zone and
// ttl30.test.zone: at least one query per rule of SPEC §3, each labelled with the rule it exercises.
// Pure data; knot-differential.test.ts sends every case to Knot and to Dynzone and compares the replies.
import type { QuerySpec } from '../helpers/dns-client.js';

/** InteropCase is one question sent identically to both servers. */
export interface InteropCase extends Omit<QuerySpec, 'id'> {
  /** name is a unique label naming the rule under test. */
  readonly name: string;
  readonly tcp?: boolean;
}

const Z = 'interop.test.';
const E0 = { udpPayloadSize: 1232 } as const;
const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28, SRV: 33, DS: 43, AXFR: 252, ANY: 255 };

function q(name: string, qname: string, qtype: number, extra: Partial<InteropCase> = {}): InteropCase {
  return { name, qname, qtype, ...extra };
}

/** interopCases lists every question of the rule-by-rule zone. */
export const interopCases: readonly InteropCase[] = [
  // RFC 1034 §4.3.2 step 3a, RFC 1035 §4.1.1 AA: plain positive answers and NODATA
  q('apex SOA', Z, T.SOA),
  q('apex NS', Z, T.NS),
  q('apex MX (additional: in-zone target)', Z, T.MX),
  q('apex TXT', Z, T.TXT),
  q('apex A is NODATA', Z, T.A),
  q('apex DS is NODATA (no DS at own apex)', Z, T.DS),
  q('home A', `home.${Z}`, T.A),
  q('home AAAA', `home.${Z}`, T.AAAA),
  q('home TXT', `home.${Z}`, T.TXT),
  q('home MX is NODATA (RFC 2308 §2.2)', `home.${Z}`, T.MX),
  q('home unknown type TYPE65280 is NODATA', `home.${Z}`, 65280),
  q('ns1 A (in-zone name server)', `ns1.${Z}`, T.A),
  q('nxdomain A (RFC 2308 §2.1)', `nothere.${Z}`, T.A),
  q('nxdomain MX', `nothere.${Z}`, T.MX),
  q('nxdomain two labels deep', `a.b.c.nothere.${Z}`, T.AAAA),
  // RFC 4343 / SPEC §3: case-insensitive matching, question echoed byte for byte
  q('case-randomized home A', 'hOmE.InTeRoP.tEsT.', T.A),
  q('case-randomized home AAAA', 'HOME.INTEROP.TEST.', T.AAAA),
  q('case-randomized owner in mixed case', 'mixedcase.interop.test.', T.A),
  q('case-randomized nxdomain', 'NoThErE.interop.TEST.', T.A),
  q('case-randomized CNAME chain', 'WwW.iNtErOp.TeSt.', T.A),
  q('case-randomized wildcard', 'FoO.bAr.W.interop.test.', T.TXT),
  // RFC 1034 §3.6.2, §4.3.2 step 3a; RFC 2181 §10.1: CNAME chains
  q('CNAME chain in zone A', `www.${Z}`, T.A),
  q('CNAME chain in zone AAAA', `www.${Z}`, T.AAAA),
  q('CNAME query for CNAME type', `www.${Z}`, T.CNAME),
  q('CNAME chain ends in NODATA', `www.${Z}`, T.MX),
  q('CNAME to out of zone', `out.${Z}`, T.A),
  q('CNAME in zone then out of zone', `chain-out.${Z}`, T.A),
  q('CNAME loop', `loop1.${Z}`, T.A),
  q('CNAME to NXDOMAIN target (RFC 6604 §2)', `dangling.${Z}`, T.A),
  q('CNAME into a delegation', `to-deleg.${Z}`, T.A),
  q('CNAME to wildcard-synthesized name', `to-wild.${Z}`, T.TXT),
  q('CNAME to wildcard name, NODATA', `to-wild.${Z}`, T.A),
  q('CNAME to empty non-terminal', `to-ent.${Z}`, T.A),
  q('MX with in-zone and out-of-zone exchange', `mx-alias.${Z}`, T.MX),
  // RFC 8020 §2, RFC 4592 §2.2.2: empty non-terminals are NODATA
  q('ENT b A', `b.${Z}`, T.A),
  q('ENT b AAAA', `b.${Z}`, T.AAAA),
  q('ENT b TXT', `b.${Z}`, T.TXT),
  q('ENT two levels (y)', `y.${Z}`, T.A),
  q('ENT two levels (x.y)', `x.y.${Z}`, T.A),
  q('name below ENT', `a.b.${Z}`, T.A),
  q('nxdomain below ENT', `z.b.${Z}`, T.A),
  // RFC 1034 §4.3.2 step 3b, RFC 4035 §3.1.4.1: delegations, glue, DS at the cut
  q('referral at cut NS', `sub.${Z}`, T.NS),
  q('referral at cut A', `sub.${Z}`, T.A),
  q('referral below cut', `host.sub.${Z}`, T.A),
  q('referral below cut, deep', `a.deep.host.sub.${Z}`, T.MX),
  q('referral for the glue name itself', `ns.sub.${Z}`, T.A),
  q('referral for glue AAAA', `ns.sub.${Z}`, T.AAAA),
  q('DS at cut answered by parent', `sub.${Z}`, T.DS),
  q('DS below cut is a referral', `x.sub.${Z}`, T.DS),
  q('referral without glue', `other.${Z}`, T.A),
  q('referral without glue, below', `www.other.${Z}`, T.AAAA),
  q('DS at unsigned cut is NODATA', `other.${Z}`, T.DS),
  q('referral over TCP', `host.sub.${Z}`, T.A, { tcp: true }),
  // RFC 4592 §2.2.1 example queries (zone moved under w.)
  q('RFC 4592 host3 MX synthesized', `host3.w.${Z}`, T.MX),
  q('RFC 4592 host3 A NODATA', `host3.w.${Z}`, T.A),
  q('RFC 4592 foo.bar TXT synthesized', `foo.bar.w.${Z}`, T.TXT),
  q('RFC 4592 host1 MX NODATA (name exists)', `host1.w.${Z}`, T.MX),
  q('RFC 4592 sub.* MX NODATA', `sub.*.w.${Z}`, T.MX),
  q('RFC 4592 _telnet._tcp.host1 SRV NXDOMAIN', `_telnet._tcp.host1.w.${Z}`, T.SRV),
  q('RFC 4592 host.subdel A referral', `host.subdel.w.${Z}`, T.A),
  q('RFC 4592 ghost.* MX NXDOMAIN', `ghost.*.w.${Z}`, T.MX),
  q('RFC 4592 _ssh._tcp.host1 SRV', `_ssh._tcp.host1.w.${Z}`, T.SRV),
  q('RFC 4592 _tcp.host1 ENT', `_tcp.host1.w.${Z}`, T.SRV),
  q('RFC 4592 *.w queried literally TXT', `*.w.${Z}`, T.TXT),
  q('RFC 4592 *.w queried literally A', `*.w.${Z}`, T.A),
  q('RFC 4592 w itself (ENT)', `w.${Z}`, T.TXT),
  // dns.md B14
  q('B14a only6 A: no synthesis where the name exists', `only6.v.${Z}`, T.A),
  q('B14 only6 AAAA', `only6.v.${Z}`, T.AAAA),
  q('B14b other A synthesized', `other.v.${Z}`, T.A),
  q('B14c nope.deep NXDOMAIN (encloser has no *)', `nope.deep.v.${Z}`, T.A),
  q('B14d deep ENT NODATA', `deep.v.${Z}`, T.A),
  q('B14e q.other synthesized several labels deep', `q.other.v.${Z}`, T.A),
  // RFC 2308 §3: negative TTL = min(SOA TTL, SOA MINIMUM)
  q('ttl30 nxdomain SOA TTL 30', 'nothere.ttl30.test.', T.A),
  q('ttl30 nodata SOA TTL 30', 'home.ttl30.test.', T.AAAA),
  q('ttl30 positive SOA keeps TTL 30', 'ttl30.test.', T.SOA),
  // RFC 6891: EDNS
  q('EDNS home A', `home.${Z}`, T.A, { edns: E0 }),
  q('EDNS DO bit', `home.${Z}`, T.A, { edns: { udpPayloadSize: 1232, dnssecOk: true } }),
  q('EDNS nxdomain keeps OPT (B16b)', `nothere.${Z}`, T.A, { edns: E0 }),
  q('no EDNS nxdomain has no OPT (B16c)', `nothere.${Z}`, T.A),
  q('EDNS nodata keeps OPT', `home.${Z}`, T.MX, { edns: E0 }),
  q('EDNS version 1 BADVERS (B16a)', Z, T.SOA, { edns: { udpPayloadSize: 1232, version: 1 } }),
  q('EDNS version 1 BADVERS on nxdomain', `nothere.${Z}`, T.A, {
    edns: { udpPayloadSize: 1232, version: 1 },
  }),
  q('EDNS unknown option ignored (B16d)', `home.${Z}`, T.A, {
    edns: { udpPayloadSize: 1232, options: [{ code: 65001, data: new Uint8Array([0xab, 0xcd]) }] },
  }),
  q('EDNS payload below 512 counts as 512', `home.${Z}`, T.A, { edns: { udpPayloadSize: 100 } }),
  q('EDNS over TCP', `home.${Z}`, T.AAAA, { edns: E0, tcp: true }),
  q('EDNS BADVERS over TCP', Z, T.SOA, { edns: { version: 3 }, tcp: true }),
  // RFC 1035 §4.2.1, RFC 6891 §7: truncation
  q('big TXT without EDNS truncates', `big.${Z}`, T.TXT),
  q('big TXT with EDNS 512 truncates', `big.${Z}`, T.TXT, { edns: { udpPayloadSize: 512 } }),
  q('big TXT with EDNS 1232 fits', `big.${Z}`, T.TXT, { edns: E0 }),
  q('big TXT over TCP', `big.${Z}`, T.TXT, { tcp: true }),
  // RFC 8482: ANY
  q('ANY home over UDP', `home.${Z}`, T.ANY),
  q('ANY home over UDP with EDNS', `home.${Z}`, T.ANY, { edns: E0 }),
  q('ANY home over TCP', `home.${Z}`, T.ANY, { tcp: true }),
  q('ANY nxdomain', `nothere.${Z}`, T.ANY),
  q('ANY at CNAME', `www.${Z}`, T.ANY),
  // RFC 5936 §4.2, RFC 1035 §4.2.1: no zone transfer over UDP
  q('AXFR over UDP refused (B18b)', Z, T.AXFR),
  // RFC 1035 §4.1.1: REFUSED outside the served zones, AA clear
  q('outside zones: www.example.org (B18a)', 'www.example.org.', T.A),
  q('outside zones: root SOA', '.', T.SOA),
  q('outside zones: parent of zone', 'test.', T.SOA),
  q('outside zones: suffix lookalike', 'xinterop.test.', T.A),
  q('outside zones: over TCP', 'www.example.org.', T.A, { tcp: true }),
  // classes other than IN
  q('qclass CH for in-zone name', `home.${Z}`, T.A, { qclass: 3 }),
  q('qclass CH version.bind', 'version.bind.', T.TXT, { qclass: 3 }),
  q('qclass CH id.server', 'id.server.', T.TXT, { qclass: 3 }),
  // RFC 1035 §4.1.1: header
  q('RD is echoed', `home.${Z}`, T.A, { rd: true }),
  q('opcode STATUS NOTIMP', Z, T.SOA, { opcode: 2 }),
  q('opcode 3 (unassigned) NOTIMP', Z, T.SOA, { opcode: 3 }),
  q('opcode 15 NOTIMP', Z, T.SOA, { opcode: 15 }),
];
