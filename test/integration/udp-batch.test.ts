// The batched UDP transport at its batch boundaries, on real loopback sockets: one recvmmsg batch mixing
// answered, malformed and dropped datagrams from several peers; truncation at each EDNS size and
// datagrams larger than a slot; an IPv6 link-local peer's scope echoed; sends refused with EAGAIN (the
// batch is dropped and counted, never queued) or EPERM (only that answer is skipped); close from inside
// a batch; SO_REUSEPORT sharing; and random datagrams through the socket. Skipped when the addon is not
// built here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeMessage } from '../../src/dns/wire/decode.js';
import { QueryHandler } from '../../src/nameserver/query-handler.js';
import {
  bindBatchedUdp,
  type BatchedUdpListener,
  type UdpPeer,
} from '../../src/nameserver/transport/udp-batch.js';
import { loadUdpAddon } from '../../src/nameserver/transport/udp-addon.js';
import { QueryLog } from '../../src/nameserver/query-log.js';
import { ERROR_REASONS } from '../../src/nameserver/query-stats.js';
import {
  FIXTURE_ZONE,
  TestCatalog,
  buildQuery,
  buildZone,
  hex,
  summarize,
} from '../helpers/nameserver-fixture.js';
import { nativeSkip } from '../helpers/udp-transports.js';

const skip = nativeSkip();
// 40 × ~100 octets of TXT (≈ 4.4 KB: more than 4096) and 25 × ~100 (≈ 2.7 KB: between 1232 and 4096).
const txt = (owner: string, n: number): string =>
  Array.from(
    { length: n },
    (_, i) => `${owner} 60 IN TXT "${String(i).padStart(3, '0')}${'x'.repeat(95)}"`,
  ).join('\n') + '\n';
const ZONE_EXTRA = txt('big', 40) + txt('mid', 25);

/** Client is a bound UDP socket collecting the responses it receives. */
class Client {
  readonly socket: Socket;
  readonly got: Buffer[] = [];
  port = 0;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('message', (m) => this.got.push(m));
  }

  static async open(host = '127.0.0.1'): Promise<Client> {
    const c = new Client(
      createSocket(host.includes(':') ? { type: 'udp6', ipv6Only: true } : { type: 'udp4' }),
    );
    await new Promise<void>((r) => c.socket.bind(0, host, () => r()));
    c.port = c.socket.address().port;
    return c;
  }

  /** waitFor resolves once `n` responses arrived (fails after timeoutMs). */
  async waitFor(n: number, timeoutMs = 2000): Promise<Buffer[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.got.length < n) {
      if (Date.now() > deadline) throw new Error(`got ${this.got.length} of ${n} responses`);
      await sleep(5);
    }
    return this.got;
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * holdLoop lets the datagrams just sent (dgram sends after a nextTick) reach the server's socket before
 * the event loop reads it, so they land in one recvmmsg batch.
 */
async function holdLoop(): Promise<void> {
  await new Promise<void>((r) => process.nextTick(r));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
}

const ids = (bufs: readonly Buffer[]): number[] => bufs.map((b) => b.readUInt16BE(0)).sort((a, b) => a - b);

/** udpSocketErrors reads the handler's count of UDP socket errors (the metrics' transport errors). */
const udpSocketErrors = (h: QueryHandler): number =>
  h.stats.snapshot().errors[ERROR_REASONS.indexOf('socket')]!;

describe('batched UDP transport', { skip }, () => {
  let handler: QueryHandler;
  let v4: BatchedUdpListener;
  const batches: UdpPeer[][] = [];

  before(async () => {
    handler = new QueryHandler(new TestCatalog([buildZone(FIXTURE_ZONE, undefined, ZONE_EXTRA)]), {
      maxUdpPayload: 4096,
    });
    v4 = await bindBatchedUdp('127.0.0.1', 0, handler);
  });
  after(async () => {
    await v4.close();
    handler.close();
  });

  it('one batch mixing answered, malformed and dropped datagrams from three peers', async () => {
    const [c1, c2, c3] = await Promise.all([Client.open(), Client.open(), Client.open()]);
    batches.length = 0;
    v4.onBatch = (peers) => batches.push([...peers]);
    const lines: Array<{ peer: string; rcode: string }> = [];
    const queryLog = new QueryLog({
      log: { info: (o) => lines.push(o as { peer: string; rcode: string }) },
      perSecond: 100,
    });
    handler.queryLog = queryLog;
    const before = v4.stats();
    const dropped = handler.stats.snapshot().dropped[0]!;
    const sends: Array<[Client, Uint8Array]> = [
      [c1, buildQuery({ id: 1, name: 'home.dyn.example.test', type: 'A' })],
      [c2, hex('')], // empty datagram: dropped
      [c1, hex('00')], // not even a header: dropped
      [c3, buildQuery({ id: 3, name: 'home.dyn.example.test', type: 'AAAA' })],
      [c2, hex('0005 8180 0001 0000 0000 0000 0000 0100 01')], // a response (QR set): dropped
      [c2, hex('ffffffffffffffffffffffffffffffff')], // QR set, garbage: dropped
      [c3, hex('0006 0000 0001 0000 0000 0000 c00c 0001 0001')], // pointer loop in the qname: FORMERR
      [c1, buildQuery({ id: 4, name: 'nope.dyn.example.test', type: 'A', edns: {} })], // NXDOMAIN
    ];
    for (const [c, q] of sends) c.socket.send(q, v4.port, '127.0.0.1');
    await holdLoop();
    const r1 = await c1.waitFor(2);
    const r3 = await c3.waitFor(2);
    await sleep(50);
    v4.onBatch = undefined;
    assert.deepEqual(
      batches.map((b) => b.length),
      [sends.length],
      'all datagrams in one batch',
    );
    assert.deepEqual(
      batches[0]!.map((p) => [p.address, p.port, p.scopeId]),
      sends.map(([c]) => ['127.0.0.1', c.port, 0]),
    );
    assert.deepEqual(ids(r1), [1, 4]);
    assert.deepEqual(ids(r3), [3, 6]);
    assert.equal(c2.got.length, 0);
    assert.equal(c1.got.length, 2);
    assert.equal(c3.got.length, 2);
    const byId = new Map([...r1, ...r3].map((b) => [b.readUInt16BE(0), summarize(b)]));
    assert.deepEqual(byId.get(1)!.answer, ['home.dyn.example.test. 60 IN A 192.0.2.1']);
    assert.deepEqual(byId.get(3)!.answer, ['home.dyn.example.test. 60 IN AAAA 2001:db8::1']);
    assert.equal(byId.get(4)!.rcode, 3);
    assert.equal(byId.get(6)!.rcode, 1);
    const after = v4.stats();
    assert.equal(after.received - before.received, sends.length);
    assert.equal(after.sent - before.sent, 4);
    assert.equal(after.batches - before.batches, 1);
    // The handler's counters and the query log see what node:dgram would show them.
    assert.equal(handler.stats.snapshot().dropped[0]! - dropped, 4);
    assert.deepEqual(
      lines.map((l) => [l.peer, l.rcode]),
      [
        ['127.0.0.1', 'dropped'],
        ['127.0.0.1', 'dropped'],
        ['127.0.0.1', 'dropped'],
        ['127.0.0.1', 'dropped'],
        ['127.0.0.1', 'FORMERR'],
      ],
    );
    handler.queryLog = undefined;
    queryLog.close();
    for (const c of [c1, c2, c3]) c.close();
  });

  it('truncates at each size limit in one batch and sends answers of up to 4096 octets whole', async () => {
    const c = await Client.open();
    const cases = [
      { id: 10, name: 'big', edns: false as const, limit: 512, tc: true },
      { id: 11, name: 'big', edns: { udpPayloadSize: 512 }, limit: 512, tc: true },
      { id: 12, name: 'big', edns: { udpPayloadSize: 1232 }, limit: 1232, tc: true },
      { id: 13, name: 'big', edns: { udpPayloadSize: 4096 }, limit: 4096, tc: true },
      { id: 14, name: 'mid', edns: { udpPayloadSize: 4096 }, limit: 4096, tc: false },
      { id: 15, name: 'mid', edns: { udpPayloadSize: 1232 }, limit: 1232, tc: true },
      { id: 16, name: 'mid', edns: { udpPayloadSize: 65535 }, limit: 4096, tc: false }, // our ceiling
    ];
    for (const k of cases)
      c.socket.send(
        buildQuery({ id: k.id, name: `${k.name}.dyn.example.test`, type: 'TXT', edns: k.edns }),
        v4.port,
        '127.0.0.1',
      );
    await holdLoop();
    const got = await c.waitFor(cases.length);
    for (const k of cases) {
      const r = got.find((b) => b.readUInt16BE(0) === k.id)!;
      const s = summarize(r);
      assert.ok(r.length <= k.limit, `id ${k.id}: ${r.length} > ${k.limit}`);
      assert.equal(s.tc, k.tc, `id ${k.id} TC`);
      if (!k.tc) assert.equal(s.answer.length, 25);
    }
    assert.ok(got.find((b) => b.readUInt16BE(0) === 14)!.length > 2600);
    c.close();
  });

  it('answers a 3000-octet query; a datagram larger than a slot is counted and not answered', async () => {
    const c = await Client.open();
    const padded = buildQuery({
      id: 20,
      name: 'home.dyn.example.test',
      type: 'A',
      edns: { options: [{ code: 12, data: new Uint8Array(2900) }] }, // RFC 7830 padding
    });
    assert.ok(padded.length > 2900);
    c.socket.send(padded, v4.port, '127.0.0.1');
    assert.deepEqual(summarize((await c.waitFor(1))[0]!).answer, [
      'home.dyn.example.test. 60 IN A 192.0.2.1',
    ]);

    const small = await bindBatchedUdp('127.0.0.1', 0, handler, { slotSize: 512, batch: 4 });
    try {
      c.socket.send(padded, small.port, '127.0.0.1');
      c.socket.send(
        buildQuery({ id: 21, name: 'home.dyn.example.test', type: 'A' }),
        small.port,
        '127.0.0.1',
      );
      await holdLoop();
      const got = await c.waitFor(2);
      await sleep(50);
      assert.deepEqual(ids(got), [20, 21]);
      assert.equal(small.stats().oversize, 1);
      assert.equal(small.stats().sent, 1);
    } finally {
      await small.close();
      c.close();
    }
  });

  it('echoes the peer of an IPv6 link-local query with its scope', async (t) => {
    const iface = Object.entries(networkInterfaces())
      .flatMap(([name, addrs]) => (addrs ?? []).map((a) => ({ name, ...a })))
      .find((a) => a.family === 'IPv6' && a.address.startsWith('fe80:') && (a.scopeid ?? 0) > 0);
    if (iface === undefined) {
      t.skip('no IPv6 link-local address on this machine');
      return;
    }
    const host = `${iface.address}%${iface.name}`;
    const v6 = await bindBatchedUdp(host, 0, handler);
    const c = await Client.open(host);
    const seen: UdpPeer[] = [];
    v6.onBatch = (peers) => seen.push(...peers);
    try {
      c.socket.send(buildQuery({ id: 30, name: 'home.dyn.example.test', type: 'AAAA' }), v6.port, host);
      const [r] = await c.waitFor(1);
      assert.deepEqual(summarize(r!).answer, ['home.dyn.example.test. 60 IN AAAA 2001:db8::1']);
      assert.deepEqual(seen, [{ address: iface.address, port: c.port, scopeId: iface.scopeid }]);
    } finally {
      c.close();
      await v6.close();
    }
  });

  it('echoes IPv6 loopback peers (scope 0) in one batch from two sockets', async () => {
    const v6 = await bindBatchedUdp('::1', 0, handler);
    const [a, b] = await Promise.all([Client.open('::1'), Client.open('::1')]);
    const seen: UdpPeer[][] = [];
    v6.onBatch = (peers) => seen.push([...peers]);
    try {
      a.socket.send(buildQuery({ id: 31, name: 'home.dyn.example.test', type: 'A' }), v6.port, '::1');
      b.socket.send(buildQuery({ id: 32, name: 'home.dyn.example.test', type: 'A' }), v6.port, '::1');
      await holdLoop();
      assert.deepEqual(ids(await a.waitFor(1)), [31]);
      assert.deepEqual(ids(await b.waitFor(1)), [32]);
      assert.deepEqual(seen, [
        [
          { address: '::1', port: a.port, scopeId: 0 },
          { address: '::1', port: b.port, scopeId: 0 },
        ],
      ]);
    } finally {
      a.close();
      b.close();
      await v6.close();
    }
  });

  it('a send refused with EAGAIN drops the rest of its batch (counted, not queued); serving goes on', async () => {
    const { addon } = loadUdpAddon() as { addon: { EAGAIN: number; EPERM: number } };
    const c = await Client.open();
    const before = v4.stats();
    const errors = udpSocketErrors(handler);
    v4.injectSendErrors(addon.EAGAIN, 1);
    for (let id = 40; id < 43; id++)
      c.socket.send(buildQuery({ id, name: 'home.dyn.example.test', type: 'A' }), v4.port, '127.0.0.1');
    await holdLoop();
    await sleep(100);
    assert.equal(c.got.length, 0);
    const mid = v4.stats();
    assert.equal(mid.sendDropped - before.sendDropped, 3);
    assert.equal(mid.sent - before.sent, 0);
    assert.equal(udpSocketErrors(handler) - errors, 3, 'each lost answer is a transport error');
    c.socket.send(buildQuery({ id: 43, name: 'home.dyn.example.test', type: 'A' }), v4.port, '127.0.0.1');
    assert.deepEqual(ids(await c.waitFor(1)), [43]);

    // Any other error skips only the answer that failed: the rest of the batch still goes out.
    c.got.length = 0;
    v4.injectSendErrors(addon.EPERM, 1);
    for (let id = 50; id < 53; id++)
      c.socket.send(buildQuery({ id, name: 'home.dyn.example.test', type: 'A' }), v4.port, '127.0.0.1');
    await holdLoop();
    assert.deepEqual(ids(await c.waitFor(2)), [51, 52]);
    assert.equal(v4.stats().sendErrors - mid.sendErrors, 1);
    assert.equal(udpSocketErrors(handler) - errors, 4);
    c.close();
  });

  it('close from inside a batch sends nothing more and frees the port', async () => {
    const l = await bindBatchedUdp('127.0.0.1', 0, handler);
    const c = await Client.open();
    let closing: Promise<void> | undefined;
    l.onBatch = () => {
      closing = l.close();
    };
    c.socket.send(buildQuery({ id: 60, name: 'home.dyn.example.test', type: 'A' }), l.port, '127.0.0.1');
    const deadline = Date.now() + 2000;
    while (closing === undefined && Date.now() < deadline) await sleep(5);
    await closing;
    await sleep(50);
    assert.equal(c.got.length, 0);
    const again = await bindBatchedUdp('127.0.0.1', l.port, handler);
    c.socket.send(buildQuery({ id: 61, name: 'home.dyn.example.test', type: 'A' }), again.port, '127.0.0.1');
    assert.deepEqual(ids(await c.waitFor(1)), [61]);
    await again.close();
    c.close();
  });

  it('SO_REUSEPORT: two sockets share a port and the kernel spreads peers over both', async () => {
    const a = await bindBatchedUdp('127.0.0.1', 0, handler, { reusePort: true });
    const b = await bindBatchedUdp('127.0.0.1', a.port, handler, { reusePort: true });
    try {
      await assert.rejects(bindBatchedUdp('127.0.0.1', a.port, handler), { code: 'EADDRINUSE' });
      const clients = await Promise.all(Array.from({ length: 32 }, () => Client.open()));
      clients.forEach((c, i) =>
        c.socket.send(buildQuery({ id: i, name: 'home.dyn.example.test', type: 'A' }), a.port, '127.0.0.1'),
      );
      for (const [i, c] of clients.entries()) assert.deepEqual(ids(await c.waitFor(1)), [i]);
      assert.equal(a.stats().received + b.stats().received, 32);
      assert.ok(a.stats().received > 0 && b.stats().received > 0, 'both sockets served');
      for (const c of clients) c.close();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('random datagrams of any size do not stop it; every reply is a well-formed response', async () => {
    let seed = 0x1badb002;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const valid = buildQuery({ id: 0, name: 'home.dyn.example.test', type: 'A', edns: {} });
    const c = await Client.open();
    const before = v4.stats();
    let sent = 0;
    // The largest IPv4 UDP payload, one at a time (three at once would overflow the receive buffer).
    for (let k = 0; k < 3; k++) {
      c.socket.send(Buffer.alloc(65507, k), v4.port, '127.0.0.1');
      sent++;
      await sleep(20);
    }
    for (let round = 0; round < 100; round++) {
      for (let k = 0; k < 20; k++) {
        let d: Buffer;
        const kind = rand(4);
        if (kind === 0) d = Buffer.alloc(rand(600));
        else if (kind === 1) {
          d = Buffer.from(valid);
          for (let m = 0; m < 1 + rand(4); m++) d[rand(d.length)] = rand(256);
        } else if (kind === 2) d = Buffer.from(valid.subarray(0, rand(valid.length + 1)));
        else d = Buffer.alloc(rand(2000));
        if (kind === 0 || kind === 3) for (let i = 0; i < d.length; i += 1 + rand(64)) d[i] = rand(256);
        c.socket.send(d, v4.port, '127.0.0.1');
        sent++;
      }
      await sleep(2);
    }
    await sleep(200);
    const after = v4.stats();
    assert.equal(after.received - before.received, sent);
    assert.equal(after.sent - before.sent, c.got.length);
    for (const r of c.got) assert.equal(decodeMessage(r).flags.qr, true);
    c.socket.send(buildQuery({ id: 77, name: 'home.dyn.example.test', type: 'A' }), v4.port, '127.0.0.1');
    const deadline = Date.now() + 2000;
    while (!c.got.some((b) => b.readUInt16BE(0) === 77) && Date.now() < deadline) await sleep(5);
    assert.ok(c.got.some((b) => b.readUInt16BE(0) === 77));
    c.close();
  });
});
