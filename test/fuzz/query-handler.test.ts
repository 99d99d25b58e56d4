// Fuzzes the query pipeline: 1,000,000 random and mutated packets (seeded PRNG, so failures replay) through
// QueryHandler over both transports. No packet may throw or take long; every non-null reply must decode
// as a well-formed message with QR set and the query's ID.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage } from '../../src/dns/wire/decode.js';
import { QueryHandler } from '../../src/nameserver/query-handler.js';
import { FIXTURE_ZONE, TestCatalog, buildQuery, buildZone } from '../helpers/nameserver-fixture.js';

const TOTAL = Number(process.env['FUZZ_PACKETS'] ?? 1_000_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed1234);
const BUDGET_MS = 85_000;

/** mulberry32 is a small seeded PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTRA =
  [
    'www 60 IN CNAME home.dyn.example.test.',
    'loop1 60 IN CNAME loop2.dyn.example.test.',
    'loop2 60 IN CNAME loop1.dyn.example.test.',
    '* 60 IN TXT "wild"',
    'sub 60 IN NS ns.sub.dyn.example.test.',
    'ns.sub 60 IN A 192.0.2.53',
    'mx 60 IN MX 10 home.dyn.example.test.',
  ].join('\n') + '\n';

const SEEDS: Uint8Array[] = [
  buildQuery({ name: 'home.dyn.example.test', type: 'A' }),
  buildQuery({ name: 'HOME.dyn.example.test', type: 'AAAA', edns: { dnssecOk: true } }),
  buildQuery({
    name: 'www.dyn.example.test',
    type: 'A',
    edns: { options: [{ code: 10, data: new Uint8Array(8) }] },
  }),
  buildQuery({ name: 'loop1.dyn.example.test', type: 'A' }),
  buildQuery({ name: 'x.y.dyn.example.test', type: 'TXT', edns: { version: 1 } }),
  buildQuery({ name: 'a.b.sub.dyn.example.test', type: 'A' }),
  buildQuery({ name: 'mx.dyn.example.test', type: 'MX', edns: { udpPayloadSize: 100 } }),
  buildQuery({ name: 'home.dyn.example.test', type: 'ANY' }),
  buildQuery({ name: 'dyn.example.test', type: 'AXFR' }),
  buildQuery({ name: 'www.example.org', type: 'A', opcode: 5 }),
];

function mutate(rand: () => number, src: Uint8Array): Uint8Array {
  let p = new Uint8Array(src);
  const ops = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < ops; k++) {
    const r = rand();
    if (p.length === 0) break;
    const at = Math.floor(rand() * p.length);
    if (r < 0.35) {
      p[at] = p[at]! ^ (1 << Math.floor(rand() * 8));
    } else if (r < 0.55) {
      p[at] = Math.floor(rand() * 256);
    } else if (r < 0.65) {
      p = p.subarray(0, at);
    } else if (r < 0.75) {
      const ins = new Uint8Array(1 + Math.floor(rand() * 8));
      for (let i = 0; i < ins.length; i++) ins[i] = Math.floor(rand() * 256);
      const q = new Uint8Array(p.length + ins.length);
      q.set(p.subarray(0, at));
      q.set(ins, at);
      q.set(p.subarray(at), at + ins.length);
      p = q;
    } else if (r < 0.9 && p.length >= 12) {
      // Counts are the interesting header fields: set one to a small or huge value.
      const field = 4 + 2 * Math.floor(rand() * 4);
      const v = rand() < 0.7 ? Math.floor(rand() * 4) : Math.floor(rand() * 65536);
      p[field] = v >>> 8;
      p[field + 1] = v & 0xff;
    } else if (p.length >= 14) {
      // A compression pointer somewhere, pointing anywhere.
      const pos = 12 + Math.floor(rand() * (p.length - 13));
      const target = Math.floor(rand() * 0x4000);
      p[pos] = 0xc0 | (target >>> 8);
      p[pos + 1] = target & 0xff;
    }
  }
  if (p.length >= 3 && rand() < 0.9) p[2] = p[2]! & 0x7f; // mostly keep QR clear so the pipeline runs
  return p;
}

it(`fuzz: ${TOTAL} random and mutated packets never throw, hang or produce a malformed reply`, () => {
  const catalog = new TestCatalog([buildZone(FIXTURE_ZONE, undefined, EXTRA)]);
  const handler = new QueryHandler(catalog, { cache: { maxEntries: 2000 } });
  const rand = mulberry32(SEED);
  const start = Date.now();
  let replies = 0;
  let slowest = 0;
  for (let n = 0; n < TOTAL; n++) {
    let p: Uint8Array;
    if (rand() < 0.2) {
      p = new Uint8Array(Math.floor(rand() * 80));
      for (let i = 0; i < p.length; i++) p[i] = Math.floor(rand() * 256);
    } else {
      p = mutate(rand, SEEDS[Math.floor(rand() * SEEDS.length)]!);
    }
    const tcp = rand() < 0.3;
    const t0 = performance.now();
    let out: Uint8Array | null;
    try {
      out = handler.handle(p, tcp);
    } catch (e) {
      assert.fail(`packet ${n} (${Buffer.from(p).toString('hex')}) threw: ${String(e)}`);
    }
    const dt = performance.now() - t0;
    if (dt > slowest) slowest = dt;
    if (out !== null) {
      replies++;
      let m;
      try {
        m = decodeMessage(out);
      } catch (e) {
        assert.fail(`packet ${n} (${Buffer.from(p).toString('hex')}): reply does not decode: ${String(e)}`);
      }
      assert.equal(m.flags.qr, true, `packet ${n}: QR clear`);
      assert.equal(m.id, (p[0]! << 8) | p[1]!, `packet ${n}: ID changed`);
      assert.ok(out.length <= (tcp ? 65535 : 4096), `packet ${n}: reply of ${out.length} octets`);
    }
    if ((n & 0xffff) === 0 && Date.now() - start > BUDGET_MS)
      assert.fail(`fuzz over budget after ${n} packets`);
  }
  assert.ok(replies > TOTAL / 2, `only ${replies} replies`);
  // A hang would be unbounded; 2 s leaves room for GC pauses and a machine shared with other test runs.
  assert.ok(slowest < 2000, `slowest packet took ${slowest.toFixed(1)} ms`);
});
