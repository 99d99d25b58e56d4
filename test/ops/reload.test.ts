// SIGHUP on a running `dynzone serve` (two DNS workers): a certificate renewed in place is served to new
// connections, a lowered abuse threshold and a new User-Agent deny-list apply to the next updates, the
// log level reaches the DNS workers, a changed listen address is reported as needing a restart (and
// keeps running as before), and a broken config file changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addHost } from '../helpers/clients-dynzone.js';
import { createTestPki, type TestPki } from '../helpers/clients-pki.js';
import { findFreePort } from '../helpers/ports.js';
import { UpdateClient } from '../helpers/clients-update.js';
import { buildQuery, queryUdp } from '../helpers/dns-client.js';
import { cleanEnv, logLines, spawnServe, waitForOutput, type RawServe } from '../helpers/ops.js';

function servedFingerprint(port: number, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      const fp = s.getPeerX509Certificate()?.fingerprint256 ?? '';
      s.end();
      resolve(fp);
    });
    s.once('error', reject);
    s.setTimeout(5000, () => s.destroy(new Error('TLS handshake timed out')));
  });
}

function updateWithAgent(
  port: number,
  ca: Buffer,
  host: { hostname: string; username: string; password: string },
  ua: string,
) {
  return new Promise<string>((resolve, reject) => {
    const auth = Buffer.from(`${host.username}:${host.password}`).toString('base64');
    const req = https.get(
      {
        host: '127.0.0.1',
        port,
        ca,
        agent: false,
        path: `/nic/update?hostname=${host.hostname}&myip=198.51.100.1`,
        headers: { authorization: `Basic ${auth}`, 'user-agent': ua },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(body.trim()));
      },
    );
    req.on('error', reject);
  });
}

function configText(o: {
  dataDir: string;
  dns: number;
  https: number;
  tlsDir: string;
  maxNochg: number;
  level: string;
  deny: string[];
}): string {
  return [
    `data_dir: ${o.dataDir}`,
    'demo: true',
    'dns:',
    `  listen: 127.0.0.1:${o.dns}`,
    '  workers: 2',
    'https:',
    `  listen: 127.0.0.1:${o.https}`,
    `  tls_cert: ${join(o.tlsDir, 'cert.pem')}`,
    `  tls_key: ${join(o.tlsDir, 'key.pem')}`,
    'http:',
    '  listen: none',
    'updates:',
    `  deny_user_agents: [${o.deny.map((d) => JSON.stringify(d)).join(', ')}]`,
    '  abuse:',
    `    max_nochg: ${o.maxNochg}`,
    'log:',
    `  level: ${o.level}`,
    '',
  ].join('\n');
}

async function installCert(pki: TestPki, tlsDir: string): Promise<void> {
  await copyFile(pki.serverCert, join(tlsDir, 'cert.pem'));
  await copyFile(pki.serverKey, join(tlsDir, 'key.pem'));
}

test('SIGHUP reloads certificate, thresholds, deny-list and log level; reports restart-only keys', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'dz-ops-reload-'));
  const started: RawServe[] = [];
  t.after(async () => {
    for (const p of started) await p.kill9();
    await rm(dir, { recursive: true, force: true });
  });
  await mkdir(join(dir, 'old'));
  await mkdir(join(dir, 'new'));
  const pkiOld = await createTestPki(join(dir, 'old'));
  const pkiNew = await createTestPki(join(dir, 'new'));
  const tlsDir = join(dir, 'tls');
  await mkdir(tlsDir);
  await installCert(pkiOld, tlsDir);
  const dataDir = join(dir, 'data');
  const [dnsPort, otherDnsPort, httpsPort] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
  const file = join(dir, 'dynzone.yaml');
  const base = { dataDir, dns: dnsPort, https: httpsPort, tlsDir };
  await writeFile(file, configText({ ...base, maxNochg: 5, level: 'warn', deny: [] }));
  // Level warn hides "dynzone is serving": wait for the HTTPS port, which opens last.
  const serve = await spawnServe(['--config', file], cleanEnv(), httpsPort);
  started.push(serve);

  const oldCa = await readFile(pkiOld.caCert);
  const newCa = await readFile(pkiNew.caCert);
  const oldFp = new X509Certificate(await readFile(pkiOld.serverCert)).fingerprint256;
  const newFp = new X509Certificate(await readFile(pkiNew.serverCert)).fingerprint256;
  assert.equal(await servedFingerprint(httpsPort, oldCa), oldFp);

  const host = await addHost(dataDir, 'router.demo.test');
  const client = new UpdateClient({ host: '127.0.0.1', port: httpsPort, ca: oldCa });
  assert.equal((await client.update(host.hostname, '198.51.100.1', host)).body, 'good 198.51.100.1\n');
  assert.equal((await client.update(host.hostname, '198.51.100.1', host)).body, 'nochg 198.51.100.1\n');
  client.close();
  // At level warn the workers do not log refused queries.
  await queryUdp('127.0.0.1', dnsPort, buildQuery({ id: 1, qname: 'elsewhere.example', qtype: 1 }));

  // Renew the certificate in place, lower the threshold, deny an agent, raise the log level, and move
  // DNS (which only a restart can do).
  await installCert(pkiNew, tlsDir);
  await writeFile(
    file,
    configText({ ...base, dns: otherDnsPort, maxNochg: 1, level: 'info', deny: ['BadRouter'] }),
  );
  serve.signal('SIGHUP');
  await waitForOutput(serve, /"msg":"configuration reloaded"/);

  const reloaded = logLines(serve.output()).find((l) => l['msg'] === 'configuration reloaded')!;
  assert.deepEqual(reloaded['restartNeeded'], ['dns.listen']);
  // The certificate paths did not change (the files were renewed in place), so they are not listed, yet
  // the new files are read: see the fingerprint below.
  assert.deepEqual(reloaded['applied'], ['updates.deny_user_agents', 'updates.abuse.max_nochg', 'log.level']);
  assert.ok(
    logLines(serve.output()).some((l) => l['msg'] === 'TLS certificate reloaded' && l['sha256'] === newFp),
  );

  // The renewed certificate is what new connections get.
  assert.equal(await servedFingerprint(httpsPort, newCa), newFp);
  await assert.rejects(servedFingerprint(httpsPort, oldCa), /certificate/i);

  // The threshold of 1: this nochg is the second in the window (2 > 1) and blocks the host.
  const client2 = new UpdateClient({ host: '127.0.0.1', port: httpsPort, ca: newCa });
  assert.equal((await client2.update(host.hostname, '198.51.100.1', host)).body, 'nochg 198.51.100.1\n');
  assert.equal((await client2.update(host.hostname, '198.51.100.1', host)).body, 'abuse\n');
  client2.close();
  assert.equal(await updateWithAgent(httpsPort, newCa, host, 'BadRouter/2.0'), 'badagent');

  // DNS still runs where it ran (restart needed), and the workers now log at info.
  const r = await queryUdp('127.0.0.1', dnsPort, buildQuery({ id: 2, qname: 'elsewhere.example', qtype: 1 }));
  assert.equal(r.bytes[3]! & 0x0f, 5);
  await waitForOutput(serve, /"worker":\d+.*"msg":"DNS query refused"/);
  const refused = logLines(serve.output()).filter((l) => l['msg'] === 'DNS query refused');
  assert.equal(refused.length, 1, 'only the query after the reload was logged');

  // A broken file: the reload fails loudly and nothing changes.
  await writeFile(file, 'dns:\n  listen: [127.0.0.1:53\n');
  serve.signal('SIGHUP');
  await waitForOutput(serve, /"msg":"configuration reload failed; the running configuration stays"/);
  assert.equal(await servedFingerprint(httpsPort, newCa), newFp);
  const again = await queryUdp('127.0.0.1', dnsPort, buildQuery({ id: 3, qname: 'demo.test', qtype: 6 }));
  assert.equal(again.bytes[3]! & 0x0f, 0);
});
