// Cluster mode: two DNS workers share one UDP/TCP port; publish() resolves only once every worker serves
// the change, so queries right after it (spread over both workers) all see it.
import cluster from 'node:cluster';
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

it(
  'two workers serve the zone and every published change before publish() resolves',
  { timeout: 30_000 },
  async () => {
    const zone = buildZone(FIXTURE_ZONE);
    const workers = await startDnsWorkers({
      count: 2,
      listen: [{ host: '127.0.0.1', port: 0 }],
      initialZones: [zone],
    });
    try {
      const port = workers.addresses[0]!.port;
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

it(
  'a worker that dies is replaced from the current zones; publishing goes on meanwhile',
  { timeout: 30_000 },
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
