// `dynzone serve` as a user runs it: a spawned process with the demo zone, DNS in worker processes, the
// HTTPS update API. Checks what SPEC §6-§8 promise across processes: the demo zone answers, a CLI change
// is served within one second by every worker, every `good` is already served by whichever worker a
// query lands on, and SIGTERM stops the whole process tree cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addHost, runDynzone, startServe, type ServeProcess } from '../helpers/clients-dynzone.js';
import { digAddress } from '../helpers/clients-dig.js';
import { createTestPki } from '../helpers/clients-pki.js';
import { findFreePort } from '../helpers/ports.js';
import { UpdateClient } from '../helpers/clients-update.js';
import { runProgram } from '../helpers/clients-process.js';
import { buildQuery, productMessage, UdpClient } from '../helpers/dns-client.js';
import { nativeSkip } from '../helpers/udp-transports.js';

async function dig(port: number, name: string, type: string): Promise<string> {
  const r = await runProgram(
    'dig',
    ['@127.0.0.1', '-p', String(port), '+norecurse', '+time=2', '+tries=1', name, type],
    {
      timeoutMs: 10_000,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

test('dynzone serve with two DNS workers: demo zone, CLI changes, updates served at good, clean SIGTERM', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'dz-serve-'));
  const pki = await createTestPki(dir);
  const dataDir = join(dir, 'data');
  const dnsPort = await findFreePort();
  const httpsPort = await findFreePort();
  const started: ServeProcess[] = [];
  t.after(async () => {
    for (const p of started) await p.kill9();
    await rm(dir, { recursive: true, force: true });
  });
  const serve: ServeProcess = await startServe({
    dataDir,
    dnsListen: `127.0.0.1:${dnsPort}`,
    httpsListen: `127.0.0.1:${httpsPort}`,
    tlsCert: pki.serverCert,
    tlsKey: pki.serverKey,
    extraArgs: ['--demo', '--dns-workers', '2'],
  });
  started.push(serve);

  await t.test('the log says which UDP transport the workers use', () => {
    const expected =
      nativeSkip() === false && process.env['DYNZONE_DNS_UDP'] !== 'dgram' ? 'native' : 'dgram';
    assert.match(serve.output(), new RegExp(`"dnsUdp":"${expected}"`));
    if (expected === 'dgram' && process.env['DYNZONE_DNS_UDP'] !== 'dgram')
      assert.match(serve.output(), /batched UDP socket I\/O unavailable; serving UDP with node:dgram/);
  });

  await t.test('the demo zone answers SOA with AA', async () => {
    const out = await dig(dnsPort, 'demo.test', 'SOA');
    assert.match(out, /status: NOERROR/);
    assert.match(out, /flags: qr aa/);
    assert.match(out, /^demo\.test\.\s+\d+\s+IN\s+SOA\s+/m);
  });

  await t.test('a record added with the CLI is served within one second', async () => {
    await runDynzone(dataDir, ['record', 'add', 'demo.test', 'fresh', 'A', '192.0.2.77']);
    const added = Date.now();
    let seen = false;
    while (Date.now() - added < 1000 && !seen) {
      // Several queries: each may land on either worker, and every one of them must have it.
      const answers = await Promise.all([1, 2, 3, 4].map(() => digAddress(dnsPort, 'fresh.demo.test', 'A')));
      seen = answers.every((a) => a.addresses.join() === '192.0.2.77');
    }
    assert.ok(seen, 'fresh.demo.test A 192.0.2.77 not served by every worker within 1 s');
  });

  await t.test(
    'a dynamic host with no address yet answers NODATA with the SOA, not the wildcard',
    async () => {
      await runDynzone(dataDir, ['record', 'add', 'demo.test', '*', 'A', '192.0.2.61']);
      await addHost(dataDir, 'spaced.demo.test');
      const added = Date.now();
      const settled = (o: string): boolean => /status: NOERROR/.test(o) && /ANSWER: 0,/.test(o);
      let outs: string[] = [];
      // Within a second every worker serves the change (several queries, as each may land on either).
      do {
        outs = await Promise.all([1, 2, 3, 4].map(() => dig(dnsPort, 'spaced.demo.test', 'A')));
      } while (!outs.every(settled) && Date.now() - added < 1000);
      const out = outs.find((o) => !settled(o)) ?? outs[0]!;
      assert.match(out, /status: NOERROR/);
      assert.match(out, /ANSWER: 0, AUTHORITY: 1/, out);
      assert.match(out, /^demo\.test\.\s+\d+\s+IN\s+SOA\s+/m);
      assert.doesNotMatch(out, /192\.0\.2\.61/);
      const aaaa = await dig(dnsPort, 'spaced.demo.test', 'AAAA');
      assert.match(aaaa, /status: NOERROR/);
      assert.match(aaaa, /ANSWER: 0, AUTHORITY: 1/);
      // Another name still gets the wildcard's address.
      assert.deepEqual((await digAddress(dnsPort, 'other.demo.test', 'A')).addresses, ['192.0.2.61']);
    },
  );

  await t.test('every good is already served, whichever worker answers', async () => {
    const host = await addHost(dataDir, 'router.demo.test');
    const client = new UpdateClient({ host: '127.0.0.1', port: httpsPort, ca: await readFile(pki.caCert) });
    // Sixteen sockets, so the queries land on both workers: each worker's SO_REUSEPORT socket gets the
    // source ports the kernel hashes to it (or, over node:dgram, the workers share one socket).
    const udp = Array.from({ length: 16 }, () => new UdpClient('127.0.0.1', dnsPort));
    let id = 1;
    try {
      for (let i = 1; i <= 40; i++) {
        const ip = `198.51.100.${i}`;
        const a = await client.update(host.hostname, ip, host);
        assert.equal(a.status, 200);
        assert.equal(a.body, `good ${ip}\n`);
        // Asked the moment `good` arrives, in-process (no dig start-up to hide a late worker).
        const replies = await Promise.all(
          udp.map((u) => u.query(buildQuery({ id: id++ & 0xffff, qname: host.hostname, qtype: 1 }))),
        );
        for (const r of replies) {
          const served = productMessage(r)
            .answers.map((rr) => (rr.rdata.kind === 'A' ? rr.rdata.address : '?'))
            .join();
          assert.equal(served, ip, `a worker still served "${served}" after good ${ip}`);
        }
      }
    } finally {
      client.close();
      for (const u of udp) u.close();
    }
  });

  await t.test('SIGTERM stops the server and its workers within 10 s, exit 0', async () => {
    const started = Date.now();
    const proc = serve;
    const exit = new Promise<number | null>((resolve) => proc.child.once('exit', (code) => resolve(code)));
    proc.child.kill('SIGTERM');
    const code = await exit;
    assert.equal(code, 0, proc.output());
    assert.ok(Date.now() - started < 10_000);
    const r = await runProgram(
      'dig',
      ['@127.0.0.1', '-p', String(dnsPort), '+time=1', '+tries=1', 'demo.test', 'SOA'],
      {
        timeoutMs: 5000,
      },
    );
    assert.doesNotMatch(r.stdout, /status: NOERROR/, 'a worker is still answering after the stop');
  });
});
