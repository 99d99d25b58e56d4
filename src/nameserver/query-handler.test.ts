// Table-driven tests of the query pipeline through handleQuery/QueryHandler, no sockets: every rule of
// the name server task and the dns.md cases B10-B19 (adapted; inputs copied into test/helpers).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RRClass, RRType } from '../dns/constants.js';
import { DnsName } from '../dns/name.js';
import { decodeMessage } from '../dns/wire/decode.js';
import {
  FIXTURE_ORIGIN,
  FIXTURE_ZONE,
  TestCatalog,
  buildQuery,
  buildZone,
  hex,
  summarize,
  type QuerySpec,
  type Summary,
} from '../../test/helpers/nameserver-fixture.js';
import { QueryHandler, handleQuery } from './query-handler.js';

const SOA_LINE_60 =
  'dyn.example.test. 60 IN SOA ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 60';

interface Row {
  readonly name: string;
  readonly extra?: string;
  readonly query: QuerySpec | Uint8Array;
  readonly transport?: 'udp' | 'tcp';
  readonly expect: Partial<Summary> | null;
}

function catalogWith(extra = ''): TestCatalog {
  return new TestCatalog([buildZone(FIXTURE_ZONE, FIXTURE_ORIGIN, extra)]);
}

const ROWS: Row[] = [
  // ---- positive answers, AA, RD copied, RA clear ----
  {
    name: 'A answer, AA set, RD copied, RA clear',
    query: { name: 'home.dyn.example.test', type: 'A', rd: true },
    expect: {
      rcode: 0,
      aa: true,
      rd: true,
      ra: false,
      qr: true,
      answer: ['home.dyn.example.test. 60 IN A 192.0.2.1'],
      authority: [],
    },
  },
  {
    name: 'case-insensitive match, question echoed in original case',
    query: { name: 'HoMe.DYN.example.TEST', type: 'AAAA' },
    expect: {
      rcode: 0,
      aa: true,
      question: ['HoMe.DYN.example.TEST 28 1'],
      answer: ['HoMe.DYN.example.TEST. 60 IN AAAA 2001:db8::1'],
    },
  },
  // ---- B10 (c): CNAME followed inside the zone ----
  {
    name: 'B10c CNAME then in-zone target',
    extra: 'www 60 IN CNAME home.dyn.example.test.\nmail 60 IN AAAA 2001:db8::25\n',
    query: { name: 'www.dyn.example.test', type: 'A' },
    expect: {
      rcode: 0,
      aa: true,
      answer: [
        'www.dyn.example.test. 60 IN CNAME home.dyn.example.test.',
        'home.dyn.example.test. 60 IN A 192.0.2.1',
      ],
    },
  },
  // ---- B12: empty non-terminal is NODATA ----
  ...['A', 'AAAA', 'TXT'].map((type): Row => ({
    name: `B12 ENT b ${type} → NODATA + SOA`,
    extra: 'a.b 60 IN A 192.0.2.20\n',
    query: { name: 'b.dyn.example.test', type },
    expect: { rcode: 0, aa: true, answer: [], authority: [SOA_LINE_60] },
  })),
  {
    name: 'B12 without a.b: NXDOMAIN',
    query: { name: 'b.dyn.example.test', type: 'A' },
    expect: { rcode: 3, aa: true, answer: [], authority: [SOA_LINE_60] },
  },
  // ---- B13: negative answers carry SOA with min(TTL, MINIMUM) ----
  {
    name: 'B13a NXDOMAIN + SOA TTL 60',
    query: { name: 'nothere.dyn.example.test', type: 'A' },
    expect: { rcode: 3, aa: true, answer: [], authority: [SOA_LINE_60], additional: [] },
  },
  {
    name: 'B13b NODATA + SOA TTL 60',
    query: { name: 'a.dyn.example.test', type: 'AAAA' },
    expect: { rcode: 0, aa: true, answer: [], authority: [SOA_LINE_60] },
  },
  {
    name: 'B13d SOA query keeps TTL 3600',
    query: { name: 'dyn.example.test', type: 'SOA' },
    expect: { rcode: 0, aa: true, answer: [SOA_LINE_60.replace(' 60 IN', ' 3600 IN')] },
  },
  // ---- B14: wildcards ----
  ...(
    [
      ['only6.dyn.example.test', 0, [], true],
      ['other.dyn.example.test', 0, ['other.dyn.example.test. 60 IN A 192.0.2.50'], false],
      ['nope.deep.dyn.example.test', 3, [], true],
      ['deep.dyn.example.test', 0, [], true],
      ['q.other.dyn.example.test', 0, ['q.other.dyn.example.test. 60 IN A 192.0.2.50'], false],
    ] as const
  ).map(([qname, rcode, answer, soa]): Row => ({
    name: `B14 wildcard ${qname}`,
    extra: '* 60 IN A 192.0.2.50\nonly6 60 IN AAAA 2001:db8::6\nx.deep 60 IN A 192.0.2.7\n',
    query: { name: qname, type: 'A' },
    expect: { rcode, aa: true, answer: [...answer], authority: soa ? [SOA_LINE_60] : [] },
  })),
  // ---- B16: EDNS ----
  {
    name: 'B16a EDNS version 1 → BADVERS, OPT version 0, question echoed, no records',
    query: { name: 'dyn.example.test', type: 'SOA', edns: { version: 1 } },
    expect: {
      rcode: 16,
      answer: [],
      authority: [],
      question: ['dyn.example.test 6 1'],
      opt: { version: 0, payload: 1232, options: 0, dnssecOk: false },
    },
  },
  {
    name: 'B16b NXDOMAIN with EDNS: one OPT version 0',
    query: { name: 'nothere.dyn.example.test', type: 'A', edns: {} },
    expect: {
      rcode: 3,
      authority: [SOA_LINE_60],
      opt: { version: 0, payload: 1232, options: 0, dnssecOk: false },
    },
  },
  {
    name: 'B16c NXDOMAIN without EDNS: no OPT',
    query: { name: 'nothere.dyn.example.test', type: 'A' },
    expect: { rcode: 3, opt: null },
  },
  {
    name: 'B16d unknown option ignored and not echoed',
    query: {
      name: 'home.dyn.example.test',
      type: 'A',
      edns: { options: [{ code: 65001, data: hex('abcd') }] },
    },
    expect: {
      rcode: 0,
      answer: ['home.dyn.example.test. 60 IN A 192.0.2.1'],
      opt: { version: 0, payload: 1232, options: 0, dnssecOk: false },
    },
  },
  {
    name: 'DO bit echoed in the OPT',
    query: { name: 'home.dyn.example.test', type: 'A', edns: { dnssecOk: true, udpPayloadSize: 4096 } },
    expect: { rcode: 0, opt: { version: 0, payload: 1232, options: 0, dnssecOk: true } },
  },
  // ---- B18: refusals, AXFR over UDP, RFC 8482 ANY ----
  {
    name: 'B18a out-of-zone name → REFUSED, AA clear, no records',
    query: { name: 'www.example.org', type: 'A' },
    expect: { rcode: 5, aa: false, answer: [], authority: [], additional: [] },
  },
  {
    name: 'B18b AXFR over UDP (raw H1 packet) → REFUSED, no data',
    query: hex('abcd000000010000000000000364796e076578616d706c6504746573740000fc0001'),
    expect: { id: 0xabcd, rcode: 5, answer: [], authority: [] },
  },
  {
    name: 'AXFR over TCP → NOTIMP for now',
    query: { name: 'dyn.example.test', type: 'AXFR' },
    transport: 'tcp',
    expect: { rcode: 4, answer: [] },
  },
  {
    name: 'IXFR over UDP → REFUSED',
    query: { name: 'dyn.example.test', type: 'IXFR' },
    expect: { rcode: 5, answer: [] },
  },
  {
    name: 'B18c ANY over UDP → one synthesized HINFO (RFC 8482)',
    query: { name: 'home.dyn.example.test', type: 'ANY' },
    expect: { rcode: 0, aa: true, answer: ['home.dyn.example.test. 60 IN HINFO "RFC8482" ""'] },
  },
  {
    name: 'ANY over UDP at a CNAME owner → the CNAME itself (RFC 8482 §4.1, as Knot)',
    extra: 'www 60 IN CNAME home.dyn.example.test.\n',
    query: { name: 'www.dyn.example.test', type: 'ANY' },
    expect: { rcode: 0, aa: true, answer: ['www.dyn.example.test. 60 IN CNAME home.dyn.example.test.'] },
  },
  {
    name: 'ANY over TCP → the whole node',
    query: { name: 'home.dyn.example.test', type: 'ANY' },
    transport: 'tcp',
    expect: { rcode: 0, aa: true },
  },
  {
    name: 'ANY for a missing name → NXDOMAIN + SOA',
    query: { name: 'nothere.dyn.example.test', type: 'ANY' },
    expect: { rcode: 3, answer: [], authority: [SOA_LINE_60] },
  },
  // ---- SPEC §2.5: an offline host's presence marker (TYPE65280) keeps the name, never shows ----
  ...[
    ['A', 'udp'],
    ['AAAA', 'udp'],
    ['TYPE65280', 'udp'],
    ['TYPE65280', 'tcp'],
    ['ANY', 'udp'],
    ['ANY', 'tcp'],
  ].map(([type, transport]): Row => ({
    name: `offline marker: ${type} over ${transport} at a marker-only name → NODATA + SOA`,
    extra: 'off 60 IN TYPE65280 \\# 0\n',
    query: { name: 'off.dyn.example.test', type: type! },
    transport: transport as 'udp' | 'tcp',
    expect: { rcode: 0, aa: true, answer: [], authority: [SOA_LINE_60], additional: [] },
  })),
  {
    name: 'offline marker: ANY over TCP beside other data gives the other data only',
    extra: 'off 60 IN TYPE65280 \\# 0\noff 60 IN TXT "my router"\n',
    query: { name: 'off.dyn.example.test', type: 'ANY' },
    transport: 'tcp',
    expect: { rcode: 0, aa: true, answer: ['off.dyn.example.test. 60 IN TXT "my router"'], authority: [] },
  },
  // ---- meta types, classes, opcodes ----
  {
    name: 'MAILA → NOTIMP',
    query: { name: 'home.dyn.example.test', type: RRType.MAILA },
    expect: { rcode: 4, answer: [] },
  },
  {
    name: 'MAILB → NOTIMP',
    query: { name: 'home.dyn.example.test', type: RRType.MAILB },
    expect: { rcode: 4, answer: [] },
  },
  {
    name: 'CH TXT version.bind → REFUSED',
    query: { name: 'version.bind', type: 'TXT', class: RRClass.CH },
    expect: { rcode: 5, aa: false, answer: [], question: ['version.bind 16 3'] },
  },
  {
    name: 'class HS in the zone → REFUSED',
    query: { name: 'home.dyn.example.test', type: 'A', class: RRClass.HS },
    expect: { rcode: 5, answer: [] },
  },
  {
    name: 'opcode STATUS → NOTIMP, opcode and question echoed',
    query: { name: 'home.dyn.example.test', type: 'A', opcode: 2 },
    expect: { rcode: 4, answer: [], question: ['home.dyn.example.test 1 1'] },
  },
  {
    name: 'opcode NOTIFY → NOTIMP for now',
    query: { name: 'dyn.example.test', type: 'SOA', opcode: 4 },
    expect: { rcode: 4 },
  },
  // ---- malformed ----
  {
    name: 'QDCOUNT 0 → FORMERR, no question',
    query: hex('4242 0100 0000 0000 0000 0000'),
    expect: { id: 0x4242, rcode: 1, rd: true, question: [] },
  },
  {
    name: 'QDCOUNT 2 → FORMERR',
    query: hex('4243 0000 0002 0000 0000 0000' + '01610000010001' + '01620000010001'),
    expect: { id: 0x4243, rcode: 1, question: [] },
  },
  {
    name: 'trailing garbage → FORMERR echoing the question',
    query: hex(
      '4244 0000 0001 0000 0000 0000' + '04686f6d650364796e076578616d706c6504746573740000010001' + 'ff',
    ),
    expect: { id: 0x4244, rcode: 1, question: ['home.dyn.example.test 1 1'] },
  },
  {
    name: 'compression loop → FORMERR',
    query: hex('4245 0000 0001 0000 0000 0000 c00c 0001 0001'),
    expect: { id: 0x4245, rcode: 1, question: [] },
  },
  {
    name: 'forward compression pointer → FORMERR',
    query: hex('4246 0000 0001 0000 0000 0000 c010 0001 0001 0000'),
    expect: { id: 0x4246, rcode: 1 },
  },
  { name: 'QR set → dropped', query: hex('4247 8000 0001 0000 0000 0000 0000010001'), expect: null },
  { name: 'shorter than a header → dropped', query: hex('4248 0000 00'), expect: null },
];

function runRow(row: Row, handler?: QueryHandler): Summary | null {
  const catalog = catalogWith(row.extra);
  const packet = row.query instanceof Uint8Array ? row.query : buildQuery(row.query);
  const out = handler
    ? handler.handle(packet, row.transport === 'tcp')
    : handleQuery(catalog, packet, { transport: row.transport ?? 'udp' });
  return out === null ? null : summarize(out);
}

describe('handleQuery rules and dns.md cases', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const got = runRow(row);
      if (row.expect === null) {
        assert.equal(got, null);
        return;
      }
      assert.ok(got, 'expected a response');
      assert.equal(got.qr, true);
      const want = row.query instanceof Uint8Array ? undefined : (row.query.id ?? 0x1234);
      if (want !== undefined) assert.equal(got.id, want);
      for (const [k, v] of Object.entries(row.expect)) {
        assert.deepEqual(got[k as keyof Summary], v, `field ${k}`);
      }
    });
  }

  it('ANY over TCP returns every RRset at the node', () => {
    const out = handleQuery(catalogWith(), buildQuery({ name: 'home.dyn.example.test', type: 'ANY' }), {
      transport: 'tcp',
    });
    const s = summarize(out!);
    assert.deepEqual([...s.answer].sort(), [
      'home.dyn.example.test. 60 IN A 192.0.2.1',
      'home.dyn.example.test. 60 IN AAAA 2001:db8::1',
    ]);
  });
});

describe('size limits and truncation', () => {
  // 40 TXT records of ~100 octets: ~4.4 KB, more than 512 and 1232, less than 65535.
  const big =
    Array.from(
      { length: 40 },
      (_, i) => `big 60 IN TXT "${String(i).padStart(3, '0')}${'x'.repeat(95)}"`,
    ).join('\n') + '\n';
  const catalog = catalogWith(big);
  const cases = [
    {
      label: 'no EDNS over UDP → TC at 512',
      edns: false as const,
      transport: 'udp' as const,
      tc: true,
      max: 512,
    },
    {
      label: 'EDNS 4096 over UDP → capped by our 1232 → TC',
      edns: { udpPayloadSize: 4096 },
      transport: 'udp' as const,
      tc: true,
      max: 1232,
    },
    {
      label: 'EDNS 100 counts as 512',
      edns: { udpPayloadSize: 100 },
      transport: 'udp' as const,
      tc: true,
      max: 512,
    },
    { label: 'TCP → full answer', edns: false as const, transport: 'tcp' as const, tc: false, max: 65535 },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const out = handleQuery(
        catalog,
        buildQuery({ name: 'big.dyn.example.test', type: 'TXT', edns: c.edns }),
        { transport: c.transport },
      );
      assert.ok(out && out.length <= c.max);
      const s = summarize(out);
      assert.equal(s.tc, c.tc);
      assert.equal(s.answer.length, c.tc ? 0 : 40);
      assert.deepEqual(s.question, ['big.dyn.example.test 16 1']);
      assert.equal(s.opt !== null, c.edns !== false);
    });
  }

  it('a bigger advertised ceiling (4096) fits the answer over UDP', () => {
    const h = new QueryHandler(catalog, { maxUdpPayload: 4096 });
    const out = h.handle(
      buildQuery({ name: 'big.dyn.example.test', type: 'TXT', edns: { udpPayloadSize: 8192 } }),
      false,
    );
    const s = summarize(out!);
    assert.equal(s.tc, true, '4.4 KB still exceeds 4096');
    const small = h.handle(
      buildQuery({ name: 'home.dyn.example.test', type: 'A', edns: { udpPayloadSize: 8192 } }),
      false,
    );
    assert.equal(summarize(small!).opt?.payload, 4096);
  });
});

describe('referrals', () => {
  const extra =
    'sub 60 IN NS ns.sub.dyn.example.test.\nsub 60 IN NS ns.elsewhere.test.\nns.sub 60 IN A 192.0.2.53\nns.sub 60 IN AAAA 2001:db8::53\n';
  it('NS in authority, glue in additional, AA clear', () => {
    const s = summarize(
      handleQuery(catalogWith(extra), buildQuery({ name: 'host.sub.dyn.example.test', type: 'A' }), {
        transport: 'udp',
      })!,
    );
    assert.equal(s.rcode, 0);
    assert.equal(s.aa, false);
    assert.deepEqual(s.answer, []);
    assert.deepEqual(s.authority, [
      'sub.dyn.example.test. 60 IN NS ns.elsewhere.test.',
      'sub.dyn.example.test. 60 IN NS ns.sub.dyn.example.test.',
    ]);
    assert.deepEqual(s.additional, [
      'ns.sub.dyn.example.test. 60 IN A 192.0.2.53',
      'ns.sub.dyn.example.test. 60 IN AAAA 2001:db8::53',
    ]);
  });

  it('glue that does not fit sets TC', () => {
    const many = Array.from({ length: 30 }, (_, i) => `ns.sub 60 IN AAAA 2001:db8::${i + 100}`).join('\n');
    const s = summarize(
      handleQuery(
        catalogWith(extra + many + '\n'),
        buildQuery({ name: 'host.sub.dyn.example.test', type: 'A' }),
        { transport: 'udp' },
      )!,
    );
    assert.equal(s.tc, true);
  });
});

describe('response cache', () => {
  it('a hit patches ID, RD and qname case and equals the uncached answer', () => {
    const catalog = catalogWith();
    const cached = new QueryHandler(catalog);
    const plain = new QueryHandler(catalog, { cache: false });
    const specs: QuerySpec[] = [
      { id: 1, name: 'home.dyn.example.test', type: 'A' },
      { id: 2, name: 'HOME.dyn.example.test', type: 'A', rd: true, cd: true },
      { id: 3, name: 'hOmE.DyN.eXaMpLe.TeSt', type: 'A', edns: {} },
      { id: 4, name: 'home.dyn.example.test', type: 'A', edns: { dnssecOk: true } },
      { id: 5, name: 'nothere.dyn.example.test', type: 'A' },
      { id: 6, name: 'NOTHERE.dyn.example.test', type: 'A', edns: { udpPayloadSize: 600 } },
      { id: 7, name: 'www.example.org', type: 'A' },
    ];
    for (let round = 0; round < 3; round++) {
      for (const spec of specs) {
        for (const tcp of [false, true]) {
          const q = buildQuery({ ...spec, id: spec.id! + round * 100 });
          assert.deepEqual(
            Buffer.from(cached.handle(q, tcp)!),
            Buffer.from(plain.handle(q, tcp)!),
            `${spec.name} round ${round}`,
          );
        }
      }
    }
    assert.ok(cached.cache!.size > 0);
  });

  it('a zone swap invalidates that zone’s entries', () => {
    const catalog = catalogWith();
    const h = new QueryHandler(catalog);
    const q = buildQuery({ name: 'new.dyn.example.test', type: 'A' });
    assert.equal(summarize(h.handle(q, false)!).rcode, 3);
    assert.equal(summarize(h.handle(q, false)!).rcode, 3);
    catalog.swap(buildZone(FIXTURE_ZONE, FIXTURE_ORIGIN, 'new 60 IN A 192.0.2.99\n'));
    const s = summarize(h.handle(q, false)!);
    assert.equal(s.rcode, 0);
    assert.deepEqual(s.answer, ['new.dyn.example.test. 60 IN A 192.0.2.99']);
  });

  it('adding a zone makes cached REFUSED answers stale', () => {
    const catalog = catalogWith();
    const h = new QueryHandler(catalog);
    const q = buildQuery({ name: 'www.other.test', type: 'SOA' });
    assert.equal(summarize(h.handle(q, false)!).rcode, 5);
    const origin = DnsName.parse('other.test.');
    catalog.swap(
      buildZone('@ 60 IN SOA ns1.other.test. h.other.test. 1 2 3 4 5\n@ 60 IN NS ns1.other.test.\n', origin),
    );
    assert.equal(summarize(h.handle(q, false)!).rcode, 3);
  });

  it('random names do not grow the cache past its bound', () => {
    const h = new QueryHandler(catalogWith(), { cache: { maxEntries: 100 } });
    for (let i = 0; i < 5000; i++)
      h.handle(buildQuery({ id: i, name: `r${i}.dyn.example.test`, type: 'A' }), false);
    assert.ok(h.cache!.size <= 200, `size ${h.cache!.size}`);
  });
});

describe('robustness', () => {
  it('a lookup that throws becomes SERVFAIL, never an exception', () => {
    const bad = {
      findZone: () => ({
        origin: FIXTURE_ORIGIN,
        lookup: () => {
          throw new Error('boom');
        },
      }),
    };
    const out = handleQuery(bad, buildQuery({ id: 77, name: 'home.dyn.example.test', type: 'A', edns: {} }), {
      transport: 'udp',
    });
    const m = decodeMessage(out!);
    assert.equal(m.id, 77);
    assert.equal(m.rcode, 2);
    assert.equal(m.questions.length, 1);
    assert.ok(m.edns);
  });
});
