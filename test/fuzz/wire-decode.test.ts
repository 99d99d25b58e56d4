// Fuzzing the wire decoder: a seeded PRNG makes random and mutated packets (bit flips, truncation,
// splices, count changes, pointer rewrites, length edits) from the golden packets. decodeMessage must
// return a Message or throw WireFormatError (never an internal fault), and every decoded message must
// survive encode → decode unchanged (names compared case-insensitively).
// FUZZ_SEED=n picks the seed, FUZZ_COUNT=n the number of packets (default 1,000,000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { decodeMessage } from '../../src/dns/wire/decode.js';
import { WireFormatError } from '../../src/dns/wire/errors.js';
import { encodeMessage } from '../../src/dns/wire/writer.js';
import type { Message } from '../../src/dns/message.js';
import { projectMessage } from '../golden/wire/message-json.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed1035) >>> 0;
const COUNT = Number(process.env['FUZZ_COUNT'] ?? 1_000_000);

/** mulberry32: small, fast, deterministic 32-bit PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const dir = fileURLToPath(new URL('../../../test/golden/wire/', import.meta.url));
const corpus: Uint8Array[] = readdirSync(dir)
  .filter((f) => f.endsWith('.hex'))
  .sort()
  .map((f) => Uint8Array.from(Buffer.from(readFileSync(join(dir, f), 'utf8').trim(), 'hex')));

function mutate(rand: () => number, base: Uint8Array): Uint8Array {
  const below = (n: number) => (n <= 0 ? 0 : rand() % n);
  let p = Uint8Array.from(base);
  const rounds = 1 + below(3);
  for (let r = 0; r < rounds; r++) {
    switch (below(9)) {
      case 0: {
        // bit flips
        const flips = 1 + below(8);
        for (let i = 0; i < flips && p.length > 0; i++) p[below(p.length)]! ^= 1 << below(8);
        break;
      }
      case 1:
        // truncation
        p = p.subarray(0, below(p.length + 1));
        break;
      case 2: {
        // splice: prefix of this packet + suffix of another
        const other = corpus[below(corpus.length)]!;
        const a = below(p.length + 1);
        const b = below(other.length + 1);
        const out = new Uint8Array(a + other.length - b);
        out.set(p.subarray(0, a));
        out.set(other.subarray(b), a);
        p = out;
        break;
      }
      case 3:
        // section count change
        if (p.length >= 12) {
          const at = 4 + 2 * below(4);
          const v = below(4) === 0 ? rand() & 0xffff : below(5);
          p[at] = v >>> 8;
          p[at + 1] = v & 0xff;
        }
        break;
      case 4: {
        // pointer rewrite: retarget an existing pointer, or plant a new one
        const ptrs: number[] = [];
        for (let i = 12; i + 1 < p.length; i++) if ((p[i]! & 0xc0) === 0xc0) ptrs.push(i);
        const at = ptrs.length > 0 && below(2) === 0 ? ptrs[below(ptrs.length)]! : 12 + below(p.length - 13);
        if (at + 1 < p.length) {
          const target = below(4) === 0 ? below(0x4000) : below(p.length + 4);
          p[at] = 0xc0 | (target >>> 8);
          p[at + 1] = target & 0xff;
        }
        break;
      }
      case 5: {
        // insert or delete a few octets
        const at = below(p.length + 1);
        const n = 1 + below(4);
        if (below(2) === 0) {
          const out = new Uint8Array(p.length + n);
          out.set(p.subarray(0, at));
          for (let i = 0; i < n; i++) out[at + i] = rand() & 0xff;
          out.set(p.subarray(at), at + n);
          p = out;
        } else {
          const end = Math.min(p.length, at + n);
          const out = new Uint8Array(p.length - (end - at));
          out.set(p.subarray(0, at));
          out.set(p.subarray(end), at);
          p = out;
        }
        break;
      }
      case 6:
        // label/length octet edit: small values that look like label lengths or rdlength low bytes
        if (p.length > 0) p[below(p.length)] = below(4) === 0 ? 0x40 | below(64) : below(70);
        break;
      case 7:
        // duplicate a chunk (repeats records, OPTs, names)
        if (p.length > 12) {
          const a = 12 + below(p.length - 12);
          const b = a + below(Math.min(64, p.length - a) + 1);
          const out = new Uint8Array(p.length + (b - a));
          out.set(p.subarray(0, b));
          out.set(p.subarray(a), b);
          p = out;
        }
        break;
      default:
        // random octet overwrite
        if (p.length > 0) p[below(p.length)] = rand() & 0xff;
    }
  }
  return p;
}

function randomPacket(rand: () => number): Uint8Array {
  const n = rand() % 300;
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) p[i] = rand() & 0xff;
  // Plausible small counts make the random bytes reach the name and record code more often.
  if (n >= 12 && (rand() & 1) === 0) {
    p[4] = 0;
    p[5] = rand() % 3;
    p[6] = 0;
    p[7] = rand() % 3;
    p[8] = 0;
    p[9] = rand() % 2;
    p[10] = 0;
    p[11] = rand() % 2;
  }
  return p;
}

test(`decoder fuzz: ${COUNT} packets, seed ${SEED}`, () => {
  console.log(`wire-decode fuzz seed=${SEED} (FUZZ_SEED to reproduce), count=${COUNT}`);
  assert.ok(corpus.length > 0);
  const rand = prng(SEED);
  let decoded = 0;
  let rejected = 0;
  let notEncodable = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < COUNT; i++) {
    const packet = i % 10 === 0 ? randomPacket(rand) : mutate(rand, corpus[rand() % corpus.length]!);
    let msg: Message;
    try {
      msg = decodeMessage(packet);
    } catch (e) {
      if (!(e instanceof WireFormatError) || e.cause !== undefined) {
        assert.fail(
          `packet #${i} ${Buffer.from(packet).toString('hex')}: ${String(e)} cause=${String((e as Error).cause)}`,
        );
      }
      rejected++;
      continue;
    }
    decoded++;
    let wire: Uint8Array;
    try {
      wire = encodeMessage(msg);
    } catch (e) {
      // Only a message that no longer fits in 65535 octets may be refused (never the case for small inputs).
      assert.ok(
        e instanceof RangeError && /does not fit/.test(e.message),
        `packet #${i}: encode threw ${String(e)}`,
      );
      notEncodable++;
      continue;
    }
    let again: Message;
    try {
      again = decodeMessage(wire);
    } catch (e) {
      assert.fail(`packet #${i} ${Buffer.from(packet).toString('hex')}: re-decode failed: ${String(e)}`);
    }
    assert.deepEqual(
      projectMessage(again, { foldCase: true }),
      projectMessage(msg, { foldCase: true }),
      `packet #${i} ${Buffer.from(packet).toString('hex')}`,
    );
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    `wire-decode fuzz: ${COUNT} packets in ${seconds.toFixed(1)} s = ${Math.round(COUNT / seconds)} packets/s; ` +
      `decoded ${decoded}, rejected ${rejected}, not encodable ${notEncodable}`,
  );
  // The mutations must exercise both outcomes, or the fuzzer has stopped reaching the decoder's depths.
  assert.ok(decoded > COUNT / 50, `only ${decoded} packets decoded`);
  assert.ok(rejected > COUNT / 10, `only ${rejected} packets rejected`);
});
