// Real-client interop: runs the `dig` and `kdig` binaries against Dynzone and against Knot serving the same
// zones, parses what they print (helpers/dig-output.ts) and requires the same status, flags, counts, EDNS
// version, question, answer and authority, and transport. Cases with a stated expectation (dns.md B16/B18)
// also check Dynzone's output against it. B18b and B19 need octet-level control, so they use the raw
// helpers in test/helpers/dns-client.ts against both servers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { parseDigOutput, type DigResult } from '../helpers/dig-output.js';
import { buildQuery, queryUdp, TcpConnection } from '../helpers/dns-client.js';
import { runTool, startKnot, startNsd, type RunningServer, type ZoneFile } from '../helpers/knot.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/interop/', import.meta.url));
const zones: ZoneFile[] = [
  { origin: 'dyn.example.test.', file: `${fixtures}dyn.example.test.zone` },
  { origin: 'interop.test.', file: `${fixtures}interop.test.zone` },
];
const target = process.env.INTEROP_TARGET ?? 'dynzone';

async function startTarget(): Promise<RunningServer> {
  if (target === 'nsd') return startNsd(zones);
  const { startDynzone } = await import('../helpers/dynzone.js');
  return startDynzone(zones);
}

interface ToolCase {
  readonly name: string;
  readonly tool: 'dig' | 'kdig';
  readonly args: readonly string[];
  /** expect checks Dynzone's own output against the documented behaviour (in addition to agreement). */
  readonly expect?: (r: DigResult) => void;
  /** answerMayDiffer names the RFC rule letting the answer section differ; `expect` must then hold for both. */
  readonly answerMayDiffer?: string;
}

const D = 'dyn.example.test';
const I = 'interop.test';
const hasOpt = (r: DigResult): void => assert.equal(r.ednsVersion, 0, 'one OPT with version 0');

const cases: readonly ToolCase[] = [
  { name: 'dig A', tool: 'dig', args: ['+norec', `home.${D}`, 'A'] },
  { name: 'dig AAAA, randomized case', tool: 'dig', args: ['+norec', 'HoMe.DyN.eXaMpLe.TeSt', 'AAAA'] },
  { name: 'dig NXDOMAIN', tool: 'dig', args: ['+norec', `nothere.${I}`, 'A'] },
  { name: 'dig NODATA', tool: 'dig', args: ['+norec', `a.${D}`, 'AAAA'] },
  { name: 'dig CNAME chain', tool: 'dig', args: ['+norec', `www.${I}`, 'A'] },
  { name: 'dig wildcard', tool: 'dig', args: ['+norec', `host3.w.${I}`, 'MX'] },
  { name: 'dig referral', tool: 'dig', args: ['+norec', `host.sub.${I}`, 'A'] },
  { name: 'dig DS at cut', tool: 'dig', args: ['+norec', `sub.${I}`, 'DS'] },
  {
    name: 'dig +tcp',
    tool: 'dig',
    args: ['+norec', '+tcp', `home.${D}`, 'AAAA'],
    expect: (r) => assert.equal(r.transport, 'TCP'),
  },
  {
    name: 'dig +bufsize=512 +ignore shows TC',
    tool: 'dig',
    args: ['+norec', '+bufsize=512', '+ignore', `big.${I}`, 'TXT'],
    expect: (r) => {
      assert.ok(r.flags.includes('tc'), 'tc flag');
      assert.equal(r.counts.answer, 0);
      assert.equal(r.transport, 'UDP');
    },
  },
  {
    name: 'dig +bufsize=512 retries over TCP',
    tool: 'dig',
    args: ['+norec', '+bufsize=512', `big.${I}`, 'TXT'],
    expect: (r) => {
      assert.ok(r.truncatedRetry, 'dig reported the TCP retry');
      assert.equal(r.transport, 'TCP');
      assert.equal(r.counts.answer, 12);
      assert.ok(!r.flags.includes('tc'));
    },
  },
  {
    name: 'dig +noedns +ignore big answer shows TC at 512',
    tool: 'dig',
    args: ['+norec', '+noedns', '+ignore', `big.${I}`, 'TXT'],
    expect: (r) => assert.ok(r.flags.includes('tc')),
  },
  {
    name: 'B16a dig +edns=1 +noednsneg BADVERS',
    tool: 'dig',
    args: ['+norec', '+edns=1', '+noednsneg', D, 'SOA'],
    expect: (r) => {
      assert.equal(r.status, 'BADVERS');
      hasOpt(r);
      assert.equal(r.counts.query, 1, 'question echoed');
      assert.equal(r.counts.answer + r.counts.authority, 0);
    },
  },
  {
    name: 'B16b dig +edns=0 NXDOMAIN keeps OPT',
    tool: 'dig',
    args: ['+norec', '+edns=0', `nothere.${D}`, 'A'],
    expect: (r) => {
      assert.equal(r.status, 'NXDOMAIN');
      hasOpt(r);
      assert.deepEqual(
        r.authority.map((l) => l.split(' ').slice(0, 4).join(' ')),
        [`${D}. 60 IN SOA`],
      );
    },
  },
  {
    name: 'B16c dig +noedns NXDOMAIN has no OPT',
    tool: 'dig',
    args: ['+norec', '+noedns', `nothere.${D}`, 'A'],
    expect: (r) => {
      assert.equal(r.status, 'NXDOMAIN');
      assert.equal(r.ednsVersion, undefined);
    },
  },
  {
    name: 'B16d dig unknown EDNS option ignored',
    tool: 'dig',
    args: ['+norec', '+edns=0', '+ednsopt=65001:abcd', `home.${D}`, 'A'],
    expect: (r) => {
      assert.equal(r.status, 'NOERROR');
      hasOpt(r);
      assert.deepEqual(r.answer, [`home.${D}. 60 IN A 192.0.2.1`]);
    },
  },
  {
    name: 'B18a dig outside the zones REFUSED',
    tool: 'dig',
    args: ['+norec', 'www.example.org', 'A'],
    expect: (r) => {
      assert.equal(r.status, 'REFUSED');
      assert.ok(!r.flags.includes('aa'));
      assert.equal(r.counts.answer + r.counts.authority, 0);
    },
  },
  {
    name: 'B18c dig ANY over UDP is minimal',
    tool: 'dig',
    args: ['+norec', '+notcp', `home.${D}`, 'ANY'],
    answerMayDiffer:
      'RFC 8482 §4.1/§4.2: one RRset (Knot: the A) or a synthesized HINFO (Dynzone) are both right',
    expect: (r) => {
      // RFC 8482 §4.1-4.2: one RRset, or a synthesized HINFO; never the whole node over UDP.
      const types = new Set(r.answer.map((l) => l.split(' ')[3]));
      assert.equal(types.size, 1, `one RRset type, got ${[...types].join(',')}`);
    },
  },
  { name: 'kdig A', tool: 'kdig', args: ['+norec', `home.${D}`, 'A'] },
  { name: 'kdig +tcp NXDOMAIN', tool: 'kdig', args: ['+norec', '+tcp', `nothere.${D}`, 'A'] },
  { name: 'kdig referral', tool: 'kdig', args: ['+norec', `ns.sub.${I}`, 'A'] },
  {
    name: 'kdig +edns=1 BADVERS',
    tool: 'kdig',
    args: ['+norec', '+edns=1', D, 'SOA'],
    expect: (r) => {
      assert.equal(r.status, 'BADVERS');
      hasOpt(r);
      assert.equal(r.counts.query, 1);
    },
  },
  {
    name: 'kdig +bufsize=512 retries over TCP',
    tool: 'kdig',
    args: ['+norec', '+bufsize=512', `big.${I}`, 'TXT'],
    expect: (r) => {
      assert.equal(r.transport, 'TCP');
      assert.equal(r.counts.answer, 12);
    },
  },
  { name: 'kdig +noedns wildcard NODATA', tool: 'kdig', args: ['+norec', '+noedns', `only6.v.${I}`, 'A'] },
];

function comparable(r: DigResult, c: ToolCase): unknown {
  // ADDITIONAL is left out on purpose: which glue/target addresses a server adds is optional (RFC 1034
  // §4.3.2 step 6) and not a correctness question; the OPT part of it is compared via ednsVersion.
  const { additional: _a, counts, ...rest } = r;
  const base = {
    ...rest,
    counts: { query: counts.query, answer: counts.answer, authority: counts.authority },
  };
  return c.answerMayDiffer ? { ...base, answer: 'may differ' } : base;
}

describe(`dig and kdig against ${target} and Knot`, { timeout: 120_000 }, () => {
  let knot: RunningServer | undefined;
  let dut: RunningServer | undefined;

  before(async () => {
    [knot, dut] = await Promise.all([startKnot(zones), startTarget()]);
  });
  after(async () => {
    await Promise.allSettled([knot?.stop(), dut?.stop()]);
  });

  const run = async (c: ToolCase, s: RunningServer): Promise<DigResult> =>
    parseDigOutput(
      await runTool(c.tool, [`@${s.host}`, '-p', String(s.port), '+time=2', '+retry=1', ...c.args], 15_000),
    );

  for (const c of cases) {
    it(`${c.name}: ${c.tool} ${c.args.join(' ')}`, async () => {
      const [ref, got] = await Promise.all([run(c, knot!), run(c, dut!)]);
      c.expect?.(ref); // the expectation must hold for the reference too, or the case is wrong
      c.expect?.(got);
      assert.deepEqual(comparable(got, c), comparable(ref, c));
    });
  }

  describe('raw helpers (dns.md B18b, B19) against both servers', () => {
    const ID1_HOME_A = '00010000000100000000000004686f6d650364796e076578616d706c6504746573740000010001';
    const ID2_HOME_AAAA = '00020000000100000000000004686f6d650364796e076578616d706c65047465737400001c0001';
    const servers = (): [string, RunningServer][] => [
      ['knot', knot!],
      [target, dut!],
    ];

    it('B18b: AXFR over UDP carries no zone data (REFUSED or NOTIMP, ANCOUNT 0)', async () => {
      const h1 = Buffer.from('abcd000000010000000000000364796e076578616d706c6504746573740000fc0001', 'hex');
      for (const [name, s] of servers()) {
        const r = await queryUdp(s.host, s.port, h1);
        assert.equal(r.message.id, 0xabcd, name);
        assert.ok([4, 5].includes(r.message.rcode), `${name}: rcode ${r.message.rcode}`);
        assert.equal(r.message.counts.an, 0, name);
      }
    });

    it('B19a: a length prefix split across two segments 200 ms apart is answered; the connection stays open', async () => {
      const q = Buffer.from(ID1_HOME_A, 'hex');
      for (const [name, s] of servers()) {
        const conn = await TcpConnection.connect(s.host, s.port);
        try {
          await conn.writeRaw(Buffer.from([q.length >> 8]));
          await new Promise((r) => setTimeout(r, 200));
          await conn.writeRaw(Buffer.concat([Buffer.from([q.length & 0xff]), q]));
          const r = await conn.readReply(3000);
          assert.equal(r.message.id, 1, name);
          assert.equal(r.message.rcode, 0, name);
          assert.deepEqual(
            r.message.answers.map((a) => a.rdata),
            ['192.0.2.1'],
            name,
          );
          assert.equal(await conn.waitClosed(500), false, `${name}: closed right after answering`);
          // The same connection still serves a further query.
          await conn.send(Buffer.from(ID2_HOME_AAAA, 'hex'));
          assert.equal((await conn.readReply(3000)).message.id, 2, name);
        } finally {
          conn.close();
        }
      }
    });

    it('B19b: two pipelined queries in one write get two replies on the same connection, matched by ID', async () => {
      for (const [name, s] of servers()) {
        const conn = await TcpConnection.connect(s.host, s.port);
        try {
          await conn.send(Buffer.from(ID1_HOME_A, 'hex'), Buffer.from(ID2_HOME_AAAA, 'hex'));
          const replies = [await conn.readReply(3000), await conn.readReply(3000)];
          const byId = new Map(replies.map((r) => [r.message.id, r.message]));
          assert.deepEqual([...byId.keys()].sort(), [1, 2], name);
          assert.deepEqual(
            byId.get(1)!.answers.map((a) => a.rdata),
            ['192.0.2.1'],
            name,
          );
          assert.deepEqual(
            byId.get(2)!.answers.map((a) => a.rdata),
            ['2001:db8:0:0:0:0:0:1'],
            name,
          );
          assert.equal(await conn.waitClosed(500), false, `${name}: closed after the pipelined answers`);
        } finally {
          conn.close();
        }
      }
    });

    it('B19: many pipelined queries on one connection are all answered', async () => {
      for (const [name, s] of servers()) {
        const conn = await TcpConnection.connect(s.host, s.port);
        try {
          const ids = Array.from({ length: 50 }, (_, i) => 1000 + i);
          await conn.send(
            ...ids.map((id) => buildQuery({ id, qname: `home.${D}.`, qtype: id % 2 ? 1 : 28 })),
          );
          const got: number[] = [];
          for (const _ of ids) got.push((await conn.readReply(3000)).message.id);
          assert.deepEqual(got.sort(), ids, name);
        } finally {
          conn.close();
        }
      }
    });
  });
});
