// RFC 4592 conformance: rebuilds the example zone of §2.2.1 and checks every answer the section lists as
// synthesized and as not synthesized, plus the closest-encloser examples of §3.3.1 and the ENT rule of
// §2.2.2. The SOA and SRV rdata, elided in the RFC, are filled in here.
import { DnsName } from '../../src/dns/name.js';
import { runLookupCases, zoneFromText, type LookupCase } from './zone-case.js';

const origin = DnsName.parse('example.');

// RFC 4592 §2.2.1, verbatim apart from the elided <SOA RDATA> and <SRV RDATA>.
const RFC4592_ZONE = `
$ORIGIN example.
example.                 3600 IN  SOA   ns.example.com. hostmaster.example. 1 7200 3600 1209600 300
example.                 3600     NS    ns.example.com.
example.                 3600     NS    ns.example.net.
*.example.               3600     TXT   "this is a wildcard"
*.example.               3600     MX    10 host1.example.
sub.*.example.           3600     TXT   "this is not a wildcard"
host1.example.           3600     A     192.0.2.1
_ssh._tcp.host1.example. 3600     SRV   0 0 22 host1.example.
_ssh._tcp.host2.example. 3600     SRV   0 0 22 host2.example.
subdel.example.          3600     NS    ns.example.com.
subdel.example.          3600     NS    ns.example.net.
`;

const SOA_NEG = 'example. 300 IN SOA ns.example.com. hostmaster.example. 1 7200 3600 1209600 300';
const SUBDEL_NS = 'subdel.example. 3600 IN NS ns.example.com.\nsubdel.example. 3600 IN NS ns.example.net.';

const zone = zoneFromText(RFC4592_ZONE, origin);

const cases: LookupCase[] = [
  // §2.2.1 "The following responses would be synthesized from one of the wildcards in the zone".
  {
    name: '§2.2.1 host3.example. MX is synthesized from *.example.',
    qname: 'host3.example.',
    qtype: 'MX',
    kind: 'answer',
    answer: 'host3.example. 3600 IN MX 10 host1.example.',
    additional: 'host1.example. 3600 IN A 192.0.2.1',
  },
  {
    name: '§2.2.1 host3.example. A: the wildcard matches but has no A, so no error and no data',
    qname: 'host3.example.',
    qtype: 'A',
    kind: 'nodata',
    authority: SOA_NEG,
  },
  {
    name: '§2.2.1 foo.bar.example. TXT: bar.example. does not exist, the wildcard does',
    qname: 'foo.bar.example.',
    qtype: 'TXT',
    kind: 'answer',
    answer: 'foo.bar.example. 3600 IN TXT "this is a wildcard"',
  },
  // §2.2.1 "The following responses would not be synthesized from any of the wildcards in the zone".
  {
    name: '§2.2.1 host1.example. MX: host1.example. exists',
    qname: 'host1.example.',
    qtype: 'MX',
    kind: 'nodata',
    authority: SOA_NEG,
  },
  {
    name: '§2.2.1 sub.*.example. MX: sub.*.example. exists',
    qname: 'sub.*.example.',
    qtype: 'MX',
    kind: 'nodata',
    authority: SOA_NEG,
  },
  {
    name: '§2.2.1 _telnet._tcp.host1.example. SRV: _tcp.host1.example. exists (without data)',
    qname: '_telnet._tcp.host1.example.',
    qtype: 'SRV',
    kind: 'nxdomain',
    authority: SOA_NEG,
  },
  {
    name: '§2.2.1 host.subdel.example. A: subdel.example. exists and is a zone cut',
    qname: 'host.subdel.example.',
    qtype: 'A',
    kind: 'referral',
    authority: SUBDEL_NS,
  },
  {
    name: '§2.2.1 ghost.*.example. MX: *.example. exists, so it is the closest encloser and has no wildcard',
    qname: 'ghost.*.example.',
    qtype: 'MX',
    kind: 'nxdomain',
    authority: SOA_NEG,
  },
  // §2.2.2: _tcp.host1.example. is an empty non-terminal: it exists, so NODATA, never synthesis.
  {
    name: '§2.2.2 _tcp.host1.example. TXT: empty non-terminal blocks the wildcard',
    qname: '_tcp.host1.example.',
    qtype: 'TXT',
    kind: 'nodata',
    authority: SOA_NEG,
  },
  {
    name: '§2.2.2 host2.example. TXT: ENT one level below the apex is not synthesized either',
    qname: 'host2.example.',
    qtype: 'TXT',
    kind: 'nodata',
    authority: SOA_NEG,
  },
  // §3.3.1: closest encloser is the apex for a name two labels into nothing; *.example. is the source.
  {
    name: '§3.3.1 a.b.c.example. MX: closest encloser example., source *.example.',
    qname: 'a.b.c.example.',
    qtype: 'MX',
    kind: 'answer',
    answer: 'a.b.c.example. 3600 IN MX 10 host1.example.',
    additional: 'host1.example. 3600 IN A 192.0.2.1',
  },
  // §3.3.3: the literal wildcard owner answers like any other name.
  {
    name: '§3.3.3 *.example. TXT asked literally',
    qname: '*.example.',
    qtype: 'TXT',
    kind: 'answer',
    answer: '*.example. 3600 IN TXT "this is a wildcard"',
  },
  {
    name: '§2.2.1 ANY at a synthesized name gives every wildcard RRset with the query name as owner',
    qname: 'host3.example.',
    qtype: 'ANY',
    kind: 'answer',
    answer: 'host3.example. 3600 IN TXT "this is a wildcard"\nhost3.example. 3600 IN MX 10 host1.example.',
    additional: 'host1.example. 3600 IN A 192.0.2.1',
  },
];

runLookupCases('RFC 4592', () => zone, cases);
