// Update benchmark driver (bench/update/bench.sh runs it; needs `npm run build`). Starts a real
// `dynzone serve` (spawned, durable SQLite store, test PKI) on free loopback ports and measures /nic/update
// over HTTPS keep-alive: sequential on one connection, then for each concurrency level C of CONC, C
// connections in parallel, each hitting its own host. After every sequential `good` it asks the name server
// at once (UDP) and records whether the new address is already served (SPEC §8: it must be) and how long
// after `good` it was seen. Prints a human summary and one last line `RESULT {json}` for bench.sh. Bounded
// in count and time.
//   env: N=1000 (sequential updates)  CN=2000 (concurrent updates per level)  CONC=16,64  MAX_SECONDS=30 (per phase)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const dist = new URL('../../dist/test/helpers/', import.meta.url);
const { createTestPki } = await import(new URL('clients-pki.js', dist).href);
const { addHost, addZone, startServe } = await import(new URL('clients-dynzone.js', dist).href);
const { UpdateClient, nthAddress } = await import(new URL('clients-update.js', dist).href);
const { findFreePort } = await import(new URL('ports.js', dist).href);
const { buildQuery, queryUdp } = await import(new URL('dns-client.js', dist).href);

const N = Number(process.env.N ?? 1000);
const CN = Number(process.env.CN ?? 2000);
const LEVELS = String(process.env.CONC ?? '16,64')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((x) => Number.isInteger(x) && x > 0);
if (LEVELS.length === 0) throw new Error('CONC must list connection counts, e.g. 16,64');
const CONC = Math.max(...LEVELS);
const MAX_MS = Number(process.env.MAX_SECONDS ?? 30) * 1000;
const ZONE = 'bench.example.test';

const pct = (sorted, p) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

const dir = await mkdtemp(join(tmpdir(), 'dz-bench-update-'));
let serve;
const cleanup = async () => {
  await serve?.stop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));

try {
  const pki = await createTestPki(dir);
  const dataDir = join(dir, 'data');
  await addZone(dataDir, ZONE);
  // One host per connection of the largest level, created by the CLI a few at a time.
  const hosts = [];
  for (let i = 0; i < CONC; i += 8) {
    const batch = [];
    for (let k = i; k < Math.min(CONC, i + 8); k++) batch.push(addHost(dataDir, `h${k}.${ZONE}`));
    hosts.push(...(await Promise.all(batch)));
  }
  const dnsPort = await findFreePort();
  const httpsPort = await findFreePort();
  serve = await startServe({
    dataDir,
    dnsListen: `127.0.0.1:${dnsPort}`,
    httpsListen: `127.0.0.1:${httpsPort}`,
    tlsCert: pki.serverCert,
    tlsKey: pki.serverKey,
  });
  const ca = await readFile(pki.caCert);
  let counter = 0;

  // Phase 1: sequential updates on one keep-alive connection + immediate DNS check after each `good`.
  const seqClient = new UpdateClient({ host: '127.0.0.1', port: httpsPort, ca, maxSockets: 1 });
  const seqLat = [];
  const propagation = [];
  let notYetServed = 0;
  let reused = 0;
  const host0 = hosts[0];
  const seqStart = performance.now();
  for (let i = 0; i < N && performance.now() - seqStart < MAX_MS; i++) {
    const ip = nthAddress(++counter);
    const a = await seqClient.update(host0.hostname, ip, host0);
    if (a.status !== 200 || a.body.trim() !== `good ${ip}`)
      throw new Error(`update ${ip}: ${a.status} ${a.body}`);
    const goodAt = performance.now();
    seqLat.push(a.ms);
    if (a.reused) reused++;
    const reply = await queryUdp('127.0.0.1', dnsPort, buildQuery({ qname: host0.hostname, qtype: 1 }), 2000);
    const served = reply.message.answers.filter((r) => r.type === 1).map((r) => r.rdata);
    if (served.length === 1 && served[0] === ip) propagation.push(performance.now() - goodAt);
    else {
      notYetServed++;
      // Poll until served (bounded), to report the real delay even when the floor is violated.
      const until = performance.now() + 5000;
      for (;;) {
        const r = await queryUdp('127.0.0.1', dnsPort, buildQuery({ qname: host0.hostname, qtype: 1 }), 2000);
        if (r.message.answers.some((x) => x.type === 1 && x.rdata === ip)) break;
        if (performance.now() > until) throw new Error(`${ip} not served 5 s after good`);
        await new Promise((res) => setTimeout(res, 1));
      }
      propagation.push(performance.now() - goodAt);
    }
  }
  // The DNS checks are not part of the update rate: count only time spent in update requests.
  const seqSum = seqLat.reduce((s, x) => s + x, 0);
  seqClient.close();

  // Phase 2: for each level C, C connections, each updating its own host sequentially, CN updates in total.
  const concurrent = [];
  for (const level of LEVELS) {
    const conLat = [];
    const perWorker = Math.ceil(CN / level);
    const conStart = performance.now();
    await Promise.all(
      hosts.slice(0, level).map(async (h) => {
        const c = new UpdateClient({ host: '127.0.0.1', port: httpsPort, ca, maxSockets: 1 });
        try {
          for (let i = 0; i < perWorker && performance.now() - conStart < MAX_MS; i++) {
            const ip = nthAddress(++counter);
            const a = await c.update(h.hostname, ip, h);
            if (a.status !== 200 || a.body.trim() !== `good ${ip}`)
              throw new Error(`update ${ip}: ${a.status} ${a.body}`);
            conLat.push(a.ms);
          }
        } finally {
          c.close();
        }
      }),
    );
    const conWall = performance.now() - conStart;
    conLat.sort((a, b) => a - b);
    concurrent.push({
      connections: level,
      updates: conLat.length,
      perSecond: (conLat.length / conWall) * 1000,
      p50ms: pct(conLat, 50),
      p99ms: pct(conLat, 99),
    });
  }

  seqLat.sort((a, b) => a - b);
  propagation.sort((a, b) => a - b);
  const result = {
    sequential: {
      updates: seqLat.length,
      perSecond: (seqLat.length / seqSum) * 1000,
      p50ms: pct(seqLat, 50),
      p99ms: pct(seqLat, 99),
      keepAliveReused: reused,
    },
    concurrent,
    propagation: {
      checks: propagation.length,
      notServedAtGood: notYetServed,
      p50ms: pct(propagation, 50),
      p99ms: pct(propagation, 99),
    },
  };
  const s = result.sequential;
  const p = result.propagation;
  console.log(
    `dynzone sequential : ${s.updates} updates, ${fmt(s.perSecond)} updates/s, p50 ${fmt(s.p50ms)} ms, p99 ${fmt(s.p99ms)} ms (keep-alive reused ${s.keepAliveReused})`,
  );
  for (const c of concurrent)
    console.log(
      `dynzone concurrent : ${c.updates} updates over ${c.connections} connections, ${fmt(c.perSecond)} updates/s, p50 ${fmt(c.p50ms)} ms, p99 ${fmt(c.p99ms)} ms`,
    );
  console.log(
    `propagation        : good → DNS answer p50 ${fmt(p.p50ms)} ms, p99 ${fmt(p.p99ms)} ms; not yet served at good: ${p.notServedAtGood}/${p.checks}`,
  );
  console.log(`RESULT ${JSON.stringify(result)}`);
  await cleanup();
} catch (e) {
  console.error(`bench driver failed: ${e instanceof Error ? e.stack : String(e)}`);
  if (serve) console.error(`--- server output ---\n${serve.output().slice(-4000)}`);
  await cleanup();
  process.exit(1);
}
