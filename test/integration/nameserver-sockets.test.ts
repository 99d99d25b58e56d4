// Real sockets on loopback, port 0: UDP on IPv4 and IPv6, TCP framing split anywhere (dns.md H2),
// pipelining (H3), idle timeout, malformed frames, back-pressure, TC over UDP then TCP, graceful close.
// Every case runs on both UDP transports (the batched addon and node:dgram).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startNameServer, type RunningNameServer } from '../../src/nameserver/server.js';
import {
  FIXTURE_ZONE,
  TestCatalog,
  buildQuery,
  buildZone,
  hex,
  summarize,
} from '../helpers/nameserver-fixture.js';
import { UDP_TRANSPORTS } from '../helpers/udp-transports.js';

const BIG =
  Array.from({ length: 40 }, (_, i) => `big 60 IN TXT "${String(i).padStart(3, '0')}${'x'.repeat(95)}"`).join(
    '\n',
  ) + '\n';
// dns.md H2/H3 packets: ID 1 home A, ID 2 home AAAA.
const Q1 = hex('00010000000100000000000004686f6d650364796e076578616d706c6504746573740000010001');
const Q2 = hex('00020000000100000000000004686f6d650364796e076578616d706c65047465737400001c0001');

function frame(q: Uint8Array): Buffer {
  const b = Buffer.alloc(q.length + 2);
  b.writeUInt16BE(q.length, 0);
  b.set(q, 2);
  return b;
}

function udpQuery(host: string, port: number, q: Uint8Array, timeoutMs = 2000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const t = setTimeout(() => {
      s.close();
      reject(new Error('udp timeout'));
    }, timeoutMs);
    s.on('message', (m) => {
      clearTimeout(t);
      s.close();
      resolve(m);
    });
    s.send(q, port, host);
  });
}

/** TcpReader collects framed responses from one connection and tells when it closes. */
class TcpReader {
  readonly socket: Socket;
  readonly frames: Buffer[] = [];
  closedAt: number | undefined;
  #buf = Buffer.alloc(0);
  #waiters: Array<() => void> = [];

  constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => {
      this.#buf = Buffer.concat([this.#buf, d]);
      while (this.#buf.length >= 2 && this.#buf.length >= 2 + this.#buf.readUInt16BE(0)) {
        const n = this.#buf.readUInt16BE(0);
        this.frames.push(this.#buf.subarray(2, 2 + n));
        this.#buf = this.#buf.subarray(2 + n);
      }
      this.#wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closedAt = Date.now();
      this.#wake();
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<TcpReader> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port });
      s.once('connect', () => resolve(new TcpReader(s)));
      s.once('error', reject);
    });
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /** until waits for a condition, failing after timeoutMs. */
  async until(cond: () => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting on the TCP connection');
      await Promise.race([
        new Promise<void>((r) => this.#waiters.push(r)),
        sleep(left, undefined, { ref: false }),
      ]);
    }
  }
}

for (const { kind: udp, skip } of UDP_TRANSPORTS) {
  describe(`name server sockets (UDP over ${udp})`, { skip }, () => {
    let server: RunningNameServer;
    let port = 0;

    before(async () => {
      const catalog = new TestCatalog([buildZone(FIXTURE_ZONE, undefined, BIG)]);
      server = await startNameServer({
        catalog,
        listen: [
          { host: '127.0.0.1', port: 0 },
          { host: '::1', port: 0 },
        ],
        tcp: { idleTimeoutMs: 400 },
        udp,
      });
      assert.equal(server.udp.kind, udp);
      port = server.addresses[0]!.port;
    });
    after(() => server.close());

    it('answers over UDP on IPv4 and IPv6', async () => {
      for (const a of server.addresses) {
        const s = summarize(await udpQuery(a.host, a.port, Q1));
        assert.equal(s.id, 1);
        assert.deepEqual(s.answer, ['home.dyn.example.test. 60 IN A 192.0.2.1']);
      }
    });

    it('survives garbage datagrams and keeps answering', async () => {
      const s = createSocket('udp4');
      for (const junk of [
        hex(''),
        hex('00'),
        hex('ffffffffffffffffffffffffffffffff'),
        hex('0001 0000 0001 0000 0000 0000 c00c 0001 0001'),
      ]) {
        s.send(junk, port, '127.0.0.1');
      }
      await sleep(50);
      s.close();
      assert.equal(summarize(await udpQuery('127.0.0.1', port, Q2)).id, 2);
    });

    it('H2: a length prefix split across segments 200 ms apart, connection stays open', async () => {
      const c = await TcpReader.open(port);
      const f = frame(Q1);
      c.socket.write(f.subarray(0, 1));
      await sleep(200);
      c.socket.write(f.subarray(1));
      await c.until(() => c.frames.length === 1);
      assert.equal(summarize(c.frames[0]!).id, 1);
      // Split in the middle of the message too, then a second query on the same connection.
      const g = frame(Q2);
      c.socket.write(g.subarray(0, 7));
      await sleep(20);
      c.socket.write(g.subarray(7));
      await c.until(() => c.frames.length === 2);
      assert.equal(summarize(c.frames[1]!).id, 2);
      assert.equal(c.closedAt, undefined);
      c.socket.destroy();
    });

    it('H3: two pipelined queries in one write get two answers on one connection', async () => {
      const c = await TcpReader.open(port);
      c.socket.write(Buffer.concat([frame(Q1), frame(Q2)]));
      await c.until(() => c.frames.length === 2);
      assert.deepEqual(c.frames.map((f) => summarize(f).id).sort(), [1, 2]);
      assert.equal(c.closedAt, undefined);
      c.socket.destroy();
    });

    it('closes an idle connection after the idle timeout, not before', async () => {
      const c = await TcpReader.open(port);
      const start = Date.now();
      await sleep(150);
      assert.equal(c.closedAt, undefined);
      await c.until(() => c.closedAt !== undefined, 3000);
      assert.ok(c.closedAt! - start >= 350, `closed after ${c.closedAt! - start} ms`);
    });

    it('a malformed frame closes only its own connection', async () => {
      const good = await TcpReader.open(port);
      const bad = await TcpReader.open(port);
      bad.socket.write(hex('0003 010203'));
      await bad.until(() => bad.closedAt !== undefined);
      good.socket.write(frame(Q1));
      await good.until(() => good.frames.length === 1);
      assert.equal(summarize(good.frames[0]!).id, 1);
      good.socket.destroy();
    });

    it('truncates over UDP, then serves the full answer over TCP', async () => {
      const q = buildQuery({ id: 9, name: 'big.dyn.example.test', type: 'TXT', edns: {} });
      const u = summarize(await udpQuery('127.0.0.1', port, q));
      assert.equal(u.tc, true);
      assert.equal(u.answer.length, 0);
      const c = await TcpReader.open(port);
      c.socket.write(frame(q));
      await c.until(() => c.frames.length === 1);
      const t = summarize(c.frames[0]!);
      assert.equal(t.tc, false);
      assert.equal(t.answer.length, 40);
      c.socket.destroy();
    });

    it('handles back-pressure: a client that reads late still gets every answer in order', async () => {
      const c = await TcpReader.open(port);
      c.socket.pause();
      const n = 600; // ~600 × 4.4 KB = 2.6 MB of answers, far past socket buffers
      const qs: Buffer[] = [];
      for (let i = 0; i < n; i++)
        qs.push(frame(buildQuery({ id: i, name: 'big.dyn.example.test', type: 'TXT' })));
      c.socket.write(Buffer.concat(qs));
      await sleep(200);
      c.socket.resume();
      await c.until(() => c.frames.length === n, 10_000);
      assert.deepEqual(
        c.frames.map((f) => f.readUInt16BE(0)),
        Array.from({ length: n }, (_, i) => i),
      );
      c.socket.destroy();
    });
  });

  describe(`graceful close (UDP over ${udp})`, { skip }, () => {
    it('answers a query already read, then closes every socket and frees the port', async () => {
      const catalog = new TestCatalog([buildZone(FIXTURE_ZONE)]);
      const server = await startNameServer({ catalog, listen: [{ host: '127.0.0.1', port: 0 }], udp });
      const port = server.addresses[0]!.port;
      const c = await TcpReader.open(port);
      c.socket.write(frame(Q1));
      await c.until(() => c.frames.length === 1);
      const idle = await TcpReader.open(port);
      await server.close();
      await c.until(() => c.closedAt !== undefined);
      await idle.until(() => idle.closedAt !== undefined);
      // Both the UDP and the TCP port are free again.
      const again = await startNameServer({ catalog, listen: [{ host: '127.0.0.1', port }], udp });
      assert.equal(again.addresses[0]!.port, port);
      assert.equal(summarize(await udpQuery('127.0.0.1', port, Q1)).id, 1);
      await again.close();
    });
  });
}
