// Real-socket tests of the update API listeners on 127.0.0.1 port 0: HTTPS with the generated self-signed
// certificate (kept and reused, key mode 0600, fingerprint reported), plain HTTP for /checkip only (and a
// page at / pointing to the console), and concurrent updates where every `good` is in the store and in
// the served zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { RRType } from '../dns/constants.js';
import { createDdnsFixture, servedAddresses } from '../ddns/testkit.js';
import { startHttpServices } from './server.js';
import { SELF_SIGNED_CERT_FILE, SELF_SIGNED_KEY_FILE } from './tls.js';
import { stored } from './http-test-helpers.js';

interface Got {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function get(url: string, opts: { ca?: Buffer; headers?: Record<string, string> } = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      {
        headers: { 'user-agent': 'acme-updater/1.0 ops@example.test', ...opts.headers },
        ca: opts.ca,
        timeout: 5000,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const AUTH = { authorization: 'Basic dTE6czNjcmV0' };

test('HTTPS and HTTP listeners: self-signed certificate generated once, updates over TLS, checkip on both', async () => {
  const f = await createDdnsFixture();
  const logged: object[] = [];
  const opts = {
    service: f.service,
    dataDir: f.dir,
    httpsListen: { host: '127.0.0.1', port: 0 },
    httpListen: { host: '127.0.0.1', port: 0 },
    log: { info: (o: object) => logged.push(o) },
  };
  let s = await startHttpServices(opts);
  try {
    const certPem = readFileSync(join(f.dir, SELF_SIGNED_CERT_FILE));
    assert.equal(statSync(join(f.dir, SELF_SIGNED_KEY_FILE)).mode & 0o777, 0o600);
    assert.equal(s.selfSigned, true);
    assert.equal(s.fingerprint256, new X509Certificate(certPem).fingerprint256);
    assert.match(s.fingerprint256!, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.ok(logged.some((o) => JSON.stringify(o).includes(s.fingerprint256!)));

    const https = `https://127.0.0.1:${s.https!.port}`;
    const http = `http://127.0.0.1:${s.http!.port}`;
    const good = await get(`${https}/nic/update?hostname=home.dyn.example.test&myip=192.0.2.210`, {
      ca: certPem,
      headers: AUTH,
    });
    assert.equal(good.status, 200);
    assert.equal(good.body, 'good 192.0.2.210\n');
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', RRType.A), ['192.0.2.210']);
    const refused = await get(`${http}/nic/update?hostname=home.dyn.example.test&myip=192.0.2.211`, {
      headers: AUTH,
    });
    assert.equal(refused.status, 403);
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', RRType.A), ['192.0.2.210']);
    for (const base of [https, http]) {
      const ip = await get(`${base}/checkip`, { ca: certPem });
      assert.equal(ip.body, '127.0.0.1\n');
      assert.equal(ip.headers['cache-control'], 'no-cache');
    }

    // GET / on the plain-HTTP listener says what it serves and where the console is, as the client
    // reaches this server (its Host header), else the HTTPS listener's own address.
    const index = await get(`${http}/`);
    assert.equal(index.status, 200);
    assert.match(String(index.headers['content-type']), /^text\/plain/);
    assert.match(index.body, /serves \/checkip only\./);
    assert.ok(index.body.includes(`over HTTPS: https://127.0.0.1:${s.https!.port}/\n`), index.body);
    const named = await get(`${http}/`, { headers: { host: 'ddns.example.net:8080' } });
    assert.ok(named.body.includes(`https://ddns.example.net:${s.https!.port}/`), named.body);
    const odd = await get(`${http}/`, { headers: { host: '<b>x</b>' } });
    assert.ok(odd.body.includes(`https://127.0.0.1:${s.https!.port}/`), odd.body);
    assert.equal((await get(`${http}/nothing-here`)).status, 404);

    // A restart reuses the same certificate.
    const fp = s.fingerprint256;
    await s.close();
    s = await startHttpServices(opts);
    assert.equal(s.fingerprint256, fp);
  } finally {
    await s.close();
    await f.close();
  }
});

test('/checkip allows 60 requests a minute per source, one budget across the HTTPS and HTTP listeners; then 429 with Retry-After', async () => {
  const f = await createDdnsFixture({ withHosts: false });
  const s = await startHttpServices({
    service: f.service,
    dataDir: f.dir,
    httpsListen: { host: '127.0.0.1', port: 0 },
    httpListen: { host: '127.0.0.1', port: 0 },
  });
  try {
    const ca = readFileSync(join(f.dir, SELF_SIGNED_CERT_FILE));
    const https = `https://127.0.0.1:${s.https!.port}/checkip`;
    const http = `http://127.0.0.1:${s.http!.port}/checkip`;
    for (let i = 0; i < 60; i++) {
      const r = await get(i % 2 === 0 ? https : http, { ca });
      assert.equal(r.status, 200, `request ${i + 1}`);
    }
    for (const url of [https, http]) {
      const r = await get(url, { ca });
      assert.equal(r.status, 429, url);
      assert.equal(r.headers['retry-after'], '60');
      assert.equal(r.body, 'rate limited\n');
    }
  } finally {
    await s.close();
    await f.close();
  }
});

test('GET / on a plain-HTTP listener without HTTPS says what it serves', async () => {
  const f = await createDdnsFixture({ withHosts: false });
  const s = await startHttpServices({
    service: f.service,
    dataDir: f.dir,
    httpListen: { host: '127.0.0.1', port: 0 },
    allowInsecureUpdates: true,
  });
  try {
    const index = await get(`http://127.0.0.1:${s.http!.port}/`);
    assert.equal(index.status, 200);
    assert.match(index.body, /serves \/checkip and \/nic\/update\./);
    assert.match(index.body, /served over HTTPS only\./);
  } finally {
    await s.close();
    await f.close();
  }
});

test('--tls-cert without --tls-key is refused', async () => {
  const f = await createDdnsFixture({ withHosts: false });
  try {
    await assert.rejects(
      startHttpServices({
        service: f.service,
        dataDir: f.dir,
        httpsListen: { host: '127.0.0.1', port: 0 },
        tlsCert: '/nonexistent.pem',
      }),
      /must be given together/,
    );
  } finally {
    await f.close();
  }
});

test('concurrent updates of many hosts in one zone: every good is stored and served, serials unique', async () => {
  const names = Array.from({ length: 12 }, (_, i) => `p${i}`);
  const f = await createDdnsFixture({ extraHosts: names, policy: { maxNochg: 1000 } });
  const s = await startHttpServices({
    service: f.service,
    dataDir: f.dir,
    httpListen: { host: '127.0.0.1', port: 0 },
    allowInsecureUpdates: true,
  });
  try {
    const base = `http://127.0.0.1:${s.http!.port}`;
    const serial0 = f.zone().serial;
    const rounds = 3;
    const replies = await Promise.all(
      names.flatMap((n, i) =>
        Array.from({ length: rounds }, (_, r) =>
          get(`${base}/nic/update?hostname=${n}.dyn.example.test&myip=192.0.2.${i * rounds + r + 1}`, {
            headers: AUTH,
          }),
        ),
      ),
    );
    for (const rep of replies) assert.match(rep.body, /^good 192\.0\.2\.\d+\n$/);
    assert.equal(f.zone().serial, serial0 + names.length * rounds);
    const journal = await f.store.readJournal(0, 1000);
    const serials = journal.filter((j) => j.kind === 'changeset').map((j) => j.toSerial);
    assert.equal(new Set(serials).size, serials.length);
    for (const n of names) {
      const owner = `${n}.dyn.example.test.`;
      const served = servedAddresses(f.zone(), owner, RRType.A);
      assert.equal(served.length, 1, owner);
      assert.deepEqual(await stored(f, owner, 'A'), served);
      const host = (await f.service.listHosts()).find((h) => h.hostname === owner.slice(0, -1));
      assert.deepEqual([host!.ipv4], served);
    }
  } finally {
    await s.close();
    await f.close();
  }
});
