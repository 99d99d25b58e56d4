// Cluster mode: two DNS workers share one UDP/TCP port; publish() resolves only once every worker serves
// the change, so queries right after it (spread over both workers) all see it. On both UDP transports:
// with the batched addon each worker has its own SO_REUSEPORT socket and the primary none.
import cluster from 'node:cluster';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { DnsName } from '../../src/dns/name.js';
import { parseZoneText } from '../../src/dns/zonefile/parser.js';
import { applyChangeset } from '../../src/zone/changeset.js';
import { startDnsWorkers } from '../../src/nameserver/cluster.js';
import {
  FIXTURE_ORIGIN,
  FIXTURE_ZONE,
  buildQuery,
  buildZone,
  summarize,
} from '../helpers/nameserver-fixture.js';
import { UDP_TRANSPORTS, nativeSkip } from '../helpers/udp-transports.js';
import { startNameServer } from '../../src/nameserver/server.js';
import { TestCatalog } from '../helpers/nameserver-fixture.js';

/** udpSocketInodes lists the inodes of the IPv4 UDP sockets bound to `port` (from /proc/net/udp). */
function udpSocketInodes(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[1]?.endsWith(`:${hex}`))
    .map((f) => f[9]!);
}

/** ownSocketInodes lists the socket inodes this process holds. */
function ownSocketInodes(): Set<string> {
  const out = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) out.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

function udpQuery(port: number, q: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    const t = setTimeout(() => {
      s.close();
      reject(new Error('udp timeout'));
    }, 2000);
    s.on('message', (m) => {
      clearTimeout(t);
      s.close();
      resolve(m);
    });
    s.send(q, port, '127.0.0.1');
  });
}

function tcpQuery(port: number, q: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error('tcp timeout'));
    }, 2000);
    s.on('error', reject);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        clearTimeout(t);
        s.destroy();
        resolve(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      }
    });
    const f = Buffer.alloc(q.length + 2);
    f.writeUInt16BE(q.length, 0);
    f.set(q, 2);
    s.write(f);
  });
}

for (const { kind: udp, skip } of UDP_TRANSPORTS) {
  it(
    `two workers serve the zone and every published change before publish() resolves (UDP over ${udp})`,
    { timeout: 30_000, skip },
    async () => {
      const zone = buildZone(FIXTURE_ZONE);
      const workers = await startDnsWorkers({
        count: 2,
        listen: [{ host: '127.0.0.1', port: 0 }],
        initialZones: [zone],
        udp,
      });
      try {
        assert.equal(workers.udp.kind, udp);
        const port = workers.addresses[0]!.port;
        // native: one socket per worker, none in the primary (it would take a share of the queries and
        // never answer them); dgram: the one socket node:cluster keeps in the primary.
        const inodes = udpSocketInodes(port);
        const own = ownSocketInodes();
        assert.equal(inodes.length, udp === 'native' ? 2 : 1);
        assert.equal(inodes.filter((i) => own.has(i)).length, udp === 'native' ? 0 : 1);
        assert.deepEqual(
          summarize(await udpQuery(port, buildQuery({ name: 'home.dyn.example.test', type: 'A' }))).answer,
          ['home.dyn.example.test. 60 IN A 192.0.2.1'],
        );
        assert.equal(
          summarize(await tcpQuery(port, buildQuery({ name: 'home.dyn.example.test', type: 'AAAA' }))).rcode,
          0,
        );

        let current = zone;
        for (let i = 1; i <= 3; i++) {
          const added = parseZoneText(`new${i} 60 IN A 192.0.2.${100 + i}\n`, {
            origin: FIXTURE_ORIGIN,
          }).records;
          const result = applyChangeset(current, { removed: [], added });
          await workers.publish({
            kind: 'changeset',
            zone: result.zone,
            fromSerial: current.serial,
            changeset: result.applied,
          });
          current = result.zone;
          // Many queries right away: whichever worker answers must already serve the change.
          for (let k = 0; k < 10; k++) {
            const s = summarize(
              await udpQuery(port, buildQuery({ id: k, name: `new${i}.dyn.example.test`, type: 'A' })),
            );
            assert.deepEqual(s.answer, [`new${i}.dyn.example.test. 60 IN A 192.0.2.${100 + i}`]);
            const soa = summarize(
              await udpQuery(port, buildQuery({ id: k, name: 'dyn.example.test', type: 'SOA' })),
            );
            assert.match(soa.answer[0]!, new RegExp(` ${current.serial} `));
          }
        }

        // A full snapshot replaces the zone; a removal makes it REFUSED.
        await workers.publish({
          kind: 'zone',
          zone: buildZone(FIXTURE_ZONE, FIXTURE_ORIGIN, 'only 60 IN TXT "snap"\n'),
        });
        assert.equal(
          summarize(await udpQuery(port, buildQuery({ name: 'new1.dyn.example.test', type: 'A' }))).rcode,
          3,
        );
        await workers.publish({ kind: 'remove', origin: DnsName.parse('dyn.example.test.') });
        assert.equal(
          summarize(await udpQuery(port, buildQuery({ name: 'home.dyn.example.test', type: 'A' }))).rcode,
          5,
        );
      } finally {
        await workers.close();
      }
    },
  );
}

it(
  'with the batched addon, a second server on a taken port fails instead of sharing its queries',
  { timeout: 30_000, skip: nativeSkip() },
  async () => {
    const workers = await startDnsWorkers({
      count: 1,
      listen: [{ host: '127.0.0.1', port: 0 }],
      initialZones: [buildZone(FIXTURE_ZONE)],
      udp: 'native',
    });
    try {
      const port = workers.addresses[0]!.port;
      await assert.rejects(
        startDnsWorkers({ count: 1, listen: [{ host: '127.0.0.1', port }], initialZones: [], udp: 'native' }),
        { code: 'EADDRINUSE' },
      );
      const catalog = new TestCatalog([]);
      await assert.rejects(
        startNameServer({ catalog, listen: [{ host: '127.0.0.1', port }], udp: 'native' }),
        {
          code: 'EADDRINUSE',
        },
      );
      assert.equal(
        summarize(await udpQuery(port, buildQuery({ name: 'home.dyn.example.test', type: 'A' }))).rcode,
        0,
      );
    } finally {
      await workers.close();
    }
  },
);

for (const { kind: udp, skip } of UDP_TRANSPORTS) {
  it(
    `a worker that dies is replaced from the current zones; publishing goes on meanwhile (UDP over ${udp})`,
    { timeout: 30_000, skip },
    async () => {
      let current = buildZone(FIXTURE_ZONE);
      const warnings: string[] = [];
      const served: string[] = [];
      const workers = await startDnsWorkers({
        count: 2,
        listen: [{ host: '127.0.0.1', port: 0 }],
        initialZones: [current],
        currentZones: () => [current],
        log: { warn: (_o, m) => warnings.push(m), info: (_o, m) => served.push(m) },
        udp,
      });
      try {
        const port = workers.addresses[0]!.port;
        const before = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
        assert.equal(before.length, 2);
        before[0]!.process.kill('SIGKILL');
        // Published while one worker is dead: must not fail (the survivor acknowledges it).
        const added = parseZoneText('late 60 IN A 192.0.2.200\n', { origin: FIXTURE_ORIGIN }).records;
        const result = applyChangeset(current, { removed: [], added });
        const fromSerial = current.serial;
        current = result.zone;
        await workers.publish({
          kind: 'changeset',
          zone: result.zone,
          fromSerial,
          changeset: result.applied,
        });
        const deadline = Date.now() + 10_000;
        while (served.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(warnings, ['DNS worker died; starting a replacement']);
        assert.deepEqual(served, ['replacement DNS worker serving']);
        assert.equal(Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead()).length, 2);
        // Every answer, from the survivor or the replacement, has the change.
        for (let k = 0; k < 20; k++) {
          const s = summarize(
            await udpQuery(port, buildQuery({ id: k, name: 'late.dyn.example.test', type: 'A' })),
          );
          assert.deepEqual(s.answer, ['late.dyn.example.test. 60 IN A 192.0.2.200']);
        }
      } finally {
        await workers.close();
      }
      assert.equal(Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead()).length, 0);
    },
  );
}

it('a worker told to load its zones but unable to is sent them instead', { timeout: 30_000 }, async () => {
  const zone = buildZone(FIXTURE_ZONE);
  const warnings: string[] = [];
  let loadedMeanwhile = false;
  // The default worker entry has no zone loader, so the load request is refused.
  const workers = await startDnsWorkers({
    count: 1,
    listen: [{ host: '127.0.0.1', port: 0 }],
    initialZones: [],
    initialOrigins: [zone.origin],
    workersLoadZones: true,
    whileWorkersLoad: async () => {
      loadedMeanwhile = true;
    },
    currentZones: () => [zone],
    log: { warn: (_o, m) => warnings.push(m), info: () => undefined },
    udp: 'dgram', // the default would add the fallback warning where the addon is not built
  });
  try {
    assert.ok(loadedMeanwhile);
    assert.deepEqual(warnings, ['DNS worker could not load its zones; sending them']);
    const port = workers.addresses[0]!.port;
    assert.deepEqual(
      summarize(await udpQuery(port, buildQuery({ name: 'home.dyn.example.test', type: 'A' }))).answer,
      ['home.dyn.example.test. 60 IN A 192.0.2.1'],
    );
  } finally {
    await workers.close();
  }
});
