// /metrics after a scripted mix of DNS queries and updates against a real `dynzone serve` with two DNS
// workers: the counters (parsed with a Prometheus text-format parser library) move by exactly what the
// script caused, summed over both workers; update answers, latency, abuse blocks, store transactions,
// zone serials and process metrics are there; /healthz and /readyz answer on the metrics and HTTPS
// listeners; refused and malformed queries and every update request get a log line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addHost, runDynzone, startServe, type ServeProcess } from '../helpers/clients-dynzone.js';
import { createTestPki } from '../helpers/clients-pki.js';
import { findFreePort } from '../helpers/ports.js';
import { UpdateClient } from '../helpers/clients-update.js';
import { buildQuery, productMessage, queryTcp, UdpClient } from '../helpers/dns-client.js';
import { httpGet, logLines, scrapeMetrics, type Scrape } from '../helpers/ops.js';

const A = 1;
const TXT = 16;
const AAAA = 28;
const SOA = 6;

function delta(before: Scrape, after: Scrape, name: string, labels: Record<string, string> = {}): number {
  return after.value(name, labels) - before.value(name, labels);
}

test('metrics count exactly what a scripted mix of queries and updates caused, across DNS workers', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'dz-ops-metrics-'));
  const pki = await createTestPki(dir);
  const dataDir = join(dir, 'data');
  const [dnsPort, httpsPort, metricsPort, httpPort] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
  const started: ServeProcess[] = [];
  t.after(async () => {
    for (const p of started) await p.kill9();
    await rm(dir, { recursive: true, force: true });
  });

  // The demo zone, a host and a name whose TXT answer does not fit in 512 octets.
  await runDynzone(dataDir, ['zone', 'add', 'demo.test']);
  await runDynzone(dataDir, ['record', 'add', 'demo.test', 'ns1', 'A', '127.0.0.1']);
  for (let i = 0; i < 4; i++) {
    await runDynzone(dataDir, ['record', 'add', 'demo.test', 'big', 'TXT', `${String(i)}${'x'.repeat(180)}`]);
  }
  const host = await addHost(dataDir, 'router.demo.test');

  const serve = await startServe({
    dataDir,
    dnsListen: `127.0.0.1:${dnsPort}`,
    httpsListen: `127.0.0.1:${httpsPort}`,
    httpListen: `127.0.0.1:${httpPort}`,
    tlsCert: pki.serverCert,
    tlsKey: pki.serverKey,
    extraArgs: ['--dns-workers', '2', '--metrics-listen', `127.0.0.1:${metricsPort}`],
    env: { ...process.env, DYNZONE_UPDATES_ABUSE_MAX_NOCHG: '1' },
  });
  started.push(serve);
  const metricsBase = `http://127.0.0.1:${metricsPort}`;
  const before = await scrapeMetrics(metricsBase);

  // ---- DNS: UDP over several sockets (spread over the workers), then TCP ----
  const udp = [1, 2, 3].map(() => new UdpClient('127.0.0.1', dnsPort));
  let id = 100;
  const ask = async (i: number, qname: string, qtype: number, extra: object = {}): Promise<Buffer> =>
    (await udp[i % udp.length]!.query(buildQuery({ id: id++, qname, qtype, ...extra }), 2000, 0)).bytes;
  try {
    for (let i = 0; i < 10; i++) assert.equal((await ask(i, 'demo.test', A))[3]! & 0x0f, 0);
    for (let i = 0; i < 3; i++) assert.equal((await ask(i, 'nothere.example', A))[3]! & 0x0f, 5);
    for (let i = 0; i < 2; i++) {
      const r = await ask(i, 'big.demo.test', TXT);
      assert.ok((r[2]! & 0x02) !== 0, 'the TXT answer should be truncated without EDNS');
    }
    assert.equal((await ask(0, 'demo.test', A, { qdcount: 0 }))[3]! & 0x0f, 1); // FORMERR
  } finally {
    for (const u of udp) u.close();
  }
  // A datagram shorter than a header gets no answer at all.
  await new Promise<void>((resolve) => {
    const s = dgram.createSocket('udp4');
    s.send(Buffer.from([1, 2, 3, 4, 5]), dnsPort, '127.0.0.1', () => s.close(() => resolve()));
  });
  for (let i = 0; i < 4; i++) {
    const r = await queryTcp('127.0.0.1', dnsPort, buildQuery({ id: id++, qname: 'demo.test', qtype: AAAA }));
    assert.equal(r.bytes[3]! & 0x0f, 0);
  }
  // A TCP frame too short to be a DNS message: the server closes that connection (a framing error).
  await new Promise<void>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: dnsPort }, () =>
      s.write(Buffer.from([0, 5, 1, 2, 3, 4, 5])),
    );
    s.on('close', () => resolve());
    s.on('error', () => undefined);
    s.setTimeout(5000, () => s.destroy());
  });

  // ---- Updates: good, nochg, nochg (over the threshold of 1: blocked), abuse, badauth, nohost ----
  const client = new UpdateClient({ host: '127.0.0.1', port: httpsPort, ca: await readFile(pki.caCert) });
  const answers: string[] = [];
  try {
    for (let i = 0; i < 4; i++)
      answers.push((await client.update(host.hostname, '198.51.100.7', host)).body.trim());
    answers.push(
      (await client.update(host.hostname, '198.51.100.7', { ...host, password: 'wrong' })).body.trim(),
    );
    answers.push((await client.update('nosuch.demo.test', '198.51.100.7', host)).body.trim());
  } finally {
    client.close();
  }
  assert.deepEqual(answers, [
    'good 198.51.100.7',
    'nochg 198.51.100.7',
    'nochg 198.51.100.7',
    'abuse',
    'badauth',
    'nohost',
  ]);

  const after = await scrapeMetrics(metricsBase);
  const q = 'dynzone_dns_queries_total';
  assert.equal(delta(before, after, q, { transport: 'udp', qtype: 'A', rcode: 'NOERROR' }), 10);
  assert.equal(delta(before, after, q, { transport: 'udp', qtype: 'A', rcode: 'REFUSED' }), 3);
  assert.equal(delta(before, after, q, { transport: 'udp', qtype: 'TXT', rcode: 'NOERROR' }), 2);
  assert.equal(delta(before, after, q, { transport: 'udp', qtype: 'none', rcode: 'FORMERR' }), 1);
  assert.equal(delta(before, after, q, { transport: 'udp' }), 16, 'no other UDP query was counted');
  assert.equal(delta(before, after, q, { transport: 'tcp', qtype: 'AAAA', rcode: 'NOERROR' }), 4);
  assert.equal(delta(before, after, q, { transport: 'tcp' }), 4, 'no other TCP query was counted');
  assert.equal(delta(before, after, 'dynzone_dns_truncated_total', { transport: 'udp' }), 2);
  assert.equal(delta(before, after, 'dynzone_dns_truncated_total', { transport: 'tcp' }), 0);
  assert.equal(delta(before, after, 'dynzone_dns_dropped_total', { transport: 'udp' }), 1);
  assert.equal(
    delta(before, after, 'dynzone_dns_transport_errors_total', { transport: 'tcp', reason: 'framing' }),
    1,
  );
  // Each worker builds its own cache: of 10 + 3 + 2 repeated questions, at most one miss per worker each.
  const hits = delta(before, after, 'dynzone_dns_response_cache_hits_total', { transport: 'udp' });
  assert.ok(hits >= 15 - 2 * 3 && hits <= 15 - 3, `udp cache hits ${hits}`);
  assert.ok(delta(before, after, 'dynzone_dns_response_cache_hits_total', { transport: 'tcp' }) >= 2);
  assert.equal(after.value('dynzone_dns_workers'), 2);

  const u = 'dynzone_update_requests_total';
  for (const [answer, n] of [
    ['good', 1],
    ['nochg', 2],
    ['abuse', 1],
    ['badauth', 1],
    ['nohost', 1],
  ] as const) {
    assert.equal(delta(before, after, u, { answer }), n, `update requests answered ${answer}`);
    assert.equal(delta(before, after, 'dynzone_update_answers_total', { answer }), n);
  }
  assert.equal(delta(before, after, u), 6);
  assert.equal(
    after.histogramCount('dynzone_update_duration_seconds') -
      before.histogramCount('dynzone_update_duration_seconds'),
    6,
  );
  assert.equal(delta(before, after, 'dynzone_abuse_blocks_total', { reason: 'nochg' }), 1);
  const tx = 'dynzone_store_transaction_duration_seconds';
  const commits = delta(before, after, 'dynzone_store_transactions_total', { outcome: 'commit' });
  assert.ok(commits >= 1, 'the good update committed at least one transaction');
  assert.equal(
    after.histogramCount(tx) - before.histogramCount(tx),
    delta(before, after, 'dynzone_store_transactions_total'),
    'every transaction is in the latency histogram',
  );
  assert.ok(after.value('process_resident_memory_bytes') > 0);
  assert.ok(after.family('process_cpu_user_seconds_total') !== undefined);

  // The zone serial gauge is the serial DNS serves.
  const soa = productMessage(
    await queryTcp('127.0.0.1', dnsPort, buildQuery({ id: 1, qname: 'demo.test', qtype: SOA })),
  );
  const soaRdata = soa.answers[0]?.rdata;
  assert.ok(soaRdata?.kind === 'SOA');
  assert.equal(
    (await scrapeMetrics(metricsBase)).value('dynzone_zone_serial', { zone: 'demo.test.' }),
    soaRdata.serial,
  );

  // Health on the metrics listener, the HTTPS listener and the plain-HTTP one (what a proxy reaches).
  const ca = await readFile(pki.caCert);
  for (const base of [metricsBase, `https://127.0.0.1:${httpsPort}`, `http://127.0.0.1:${httpPort}`]) {
    const h = await httpGet(`${base}/healthz`, { ca });
    assert.equal(h.status, 200);
    assert.equal(h.body, 'ok\n');
    const r = await httpGet(`${base}/readyz`, { ca });
    assert.equal(r.status, 200, r.body);
    const report = JSON.parse(r.body) as { ready: boolean; checks: Record<string, string> };
    assert.equal(report.ready, true);
    assert.equal(report.checks['store'], 'ok');
    assert.equal(report.checks['dns'], 'ok');
  }
  assert.equal(
    (await httpGet(`${metricsBase}/nic/update`)).status,
    404,
    'the metrics listener serves no updates',
  );

  // Logs: one line per update request, and the refused / malformed queries (under the rate limit).
  const lines = logLines(serve.output());
  const updates = lines.filter((l) => l['msg'] === 'update request');
  assert.deepEqual(
    updates.map((l) => l['answer']),
    answers,
  );
  assert.ok(
    updates.every(
      (l) => l['host'] !== undefined && l['source'] === '127.0.0.1' && l['userAgent'] !== undefined,
    ),
  );
  assert.equal(
    lines.filter((l) => l['msg'] === 'DNS query refused' && l['qname'] === 'nothere.example.').length,
    3,
  );
  assert.ok(lines.some((l) => l['msg'] === 'DNS query malformed' && l['rcode'] === 'FORMERR'));
  assert.ok(lines.some((l) => l['msg'] === 'DNS query malformed' && l['rcode'] === 'dropped'));
  assert.ok(lines.some((l) => l['msg'] === 'zone changed' && l['zone'] === 'demo.test.'));
});
