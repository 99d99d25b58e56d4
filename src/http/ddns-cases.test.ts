// The update-API cases found in the wild (team case list "ddns", B01–B08), each through the real HTTP app,
// a real SQLite store and a real ZoneCatalog: exact body and status, the stored state, and what the served
// snapshot answers. The fixture zone and login (u1/s3cret owning home, a, c) are in ../ddns/testkit.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RRType } from '../dns/constants.js';
import { DnsName } from '../dns/name.js';
import { createDdnsFixture, servedAddresses, type DdnsFixture } from '../ddns/testkit.js';
import { buildApp } from './app.js';
import { call, rawExchange, stored } from './http-test-helpers.js';

const A = RRType.A;
const AAAA = RRType.AAAA;

async function withWorld(
  fn: (f: DdnsFixture, app: ReturnType<typeof buildApp>) => Promise<void>,
  opts: Parameters<typeof createDdnsFixture>[0] & {
    trustedProxies?: string[];
    denyUserAgents?: string[];
  } = {},
): Promise<void> {
  const f = await createDdnsFixture(opts);
  const app = buildApp({
    service: f.service,
    trustedProxies: opts.trustedProxies,
    denyUserAgents: opts.denyUserAgents,
  });
  try {
    await fn(f, app);
  } finally {
    await app.close();
    await f.close();
  }
}

test('B01: a comma-separated hostname list answers one line per host, in order', async () => {
  await withWorld(async (f, app) => {
    const serial = f.zone().serial;
    const r = await call(
      app,
      '/nic/update?hostname=a.dyn.example.test,b.dyn.example.test,c.dyn.example.test&myip=192.0.2.9',
    );
    assert.equal(r.status, 200);
    assert.equal(r.body, 'good 192.0.2.9\nnohost\ngood 192.0.2.9\n');
    assert.match(String(r.headers['content-type']), /^text\/plain; charset=utf-8$/);
    assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body));
    for (const h of ['a', 'c']) {
      assert.deepEqual(servedAddresses(f.zone(), `${h}.dyn.example.test.`, A), ['192.0.2.9']);
      assert.deepEqual(await stored(f, `${h}.dyn.example.test.`, 'A'), ['192.0.2.9']);
    }
    assert.equal(f.zone().lookup(DnsName.parse('b.dyn.example.test.'), A).kind, 'nxdomain');
    assert.equal(await f.hosts.getHostByOwner(DnsName.parse('b.dyn.example.test.')), undefined);
    assert.ok(f.zone().serial > serial);
  });
});

test('B01 variant: a wrong password is one request-level badauth (401), nothing changes', async () => {
  await withWorld(async (f, app) => {
    const serial = f.zone().serial;
    const r = await call(
      app,
      '/nic/update?hostname=a.dyn.example.test,b.dyn.example.test,c.dyn.example.test&myip=192.0.2.9',
      {
        headers: { authorization: 'Basic dTE6d3Jvbmc=' },
      },
    );
    assert.equal(r.status, 401);
    assert.equal(r.body, 'badauth\n');
    assert.equal(r.headers['www-authenticate'], 'Basic realm="dynzone"');
    assert.equal(f.zone().serial, serial);
    assert.deepEqual(servedAddresses(f.zone(), 'a.dyn.example.test.', A), ['192.0.2.1']);
    assert.deepEqual(await stored(f, 'c.dyn.example.test.', 'A'), ['192.0.2.1']);
  });
});

test('B02a: a v6,v4 myip list sets both families; repeating it answers nochg without a serial bump', async () => {
  await withWorld(async (f, app) => {
    const url = '/nic/update?hostname=home.dyn.example.test&myip=2001:db8::2,192.0.2.2';
    const r1 = await call(app, url);
    assert.equal(r1.status, 200);
    assert.equal(r1.body, 'good 2001:db8::2,192.0.2.2\n');
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['192.0.2.2']);
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', AAAA), ['2001:db8::2']);
    assert.deepEqual(await stored(f, 'home.dyn.example.test.', 'AAAA'), ['2001:db8::2']);
    const serial = f.zone().serial;
    const host = await f.hosts.getHostByOwner(DnsName.parse('home.dyn.example.test.'));
    const historyBefore = (await f.hosts.history(host!.id, 100)).length;
    const r2 = await call(app, url);
    assert.equal(r2.body, 'nochg 2001:db8::2,192.0.2.2\n');
    assert.equal(f.zone().serial, serial);
    assert.equal((await f.hosts.history(host!.id, 100)).length, historyBefore);
    assert.equal((await f.hosts.getHostByOwner(DnsName.parse('home.dyn.example.test.')))!.nochgCount, 1);
    // Either order is accepted.
    const r3 = await call(app, '/nic/update?hostname=home.dyn.example.test&myip=192.0.2.2,2001:db8::2');
    assert.equal(r3.body, 'nochg 192.0.2.2,2001:db8::2\n');
  });
});

test('B02b: a v6-only update over IPv4 leaves A alone (not deleted, not the connection address)', async () => {
  await withWorld(async (f, app) => {
    const r = await call(app, '/nic/update?hostname=home.dyn.example.test&myip=2001:db8::3', {
      remoteAddress: '198.51.100.7',
    });
    assert.equal(r.body, 'good 2001:db8::3\n');
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', AAAA), ['2001:db8::3']);
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['192.0.2.1']);
    assert.deepEqual(await stored(f, 'home.dyn.example.test.', 'A'), ['192.0.2.1']);
  });
});

test("B03: without myip, the peer or the trusted proxy's right-most X-Forwarded-For entry is used", async () => {
  await withWorld(
    async (f, app) => {
      const url = '/nic/update?hostname=home.dyn.example.test';
      const cases: { peer: string; xff?: string; want: string }[] = [
        { peer: '192.0.2.33', want: '192.0.2.33' },
        { peer: '10.0.0.2', xff: '198.51.100.66, 192.0.2.44', want: '192.0.2.44' },
        { peer: '203.0.113.5', xff: '192.0.2.99', want: '203.0.113.5' },
      ];
      for (const c of cases) {
        const headers = c.xff ? { 'x-forwarded-for': c.xff } : {};
        const r = await call(app, url, { remoteAddress: c.peer, headers });
        assert.equal(r.body, `good ${c.want}\n`, `peer ${c.peer}`);
        assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), [c.want]);
        assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', AAAA), ['2001:db8::1']);
        const ip = await call(app, '/checkip', { remoteAddress: c.peer, headers });
        assert.equal(ip.status, 200);
        assert.equal(ip.body, `${c.want}\n`);
        assert.equal(ip.headers['cache-control'], 'no-cache');
      }
    },
    { trustedProxies: ['10.0.0.2'] },
  );
});

test('B03 variant: behind a trusted proxy, RFC 7239 Forwarded gives the client address and the scheme', async () => {
  const f = await createDdnsFixture();
  // The proxy talks plain HTTP to Dynzone: an update passes only when the proxy says the client used HTTPS.
  const app = buildApp({ service: f.service, transport: 'http', trustedProxies: ['127.0.0.1'] });
  try {
    const url = '/nic/update?hostname=home.dyn.example.test';
    const proxy = '127.0.0.1';
    const r1 = await call(app, url, {
      remoteAddress: proxy,
      headers: { forwarded: 'for=198.51.100.97;proto=https' },
    });
    assert.equal(r1.status, 200);
    assert.equal(r1.body, 'good 198.51.100.97\n');
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['198.51.100.97']);
    assert.deepEqual(await stored(f, 'home.dyn.example.test.', 'A'), ['198.51.100.97']);
    const host = await f.hosts.getHostByOwner(DnsName.parse('home.dyn.example.test.'));
    assert.equal((await f.hosts.history(host!.id, 1))[0]!.sourceIp, '198.51.100.97');
    // Quoted IPv6 with a port; a client-written element on the left is ignored.
    const r2 = await call(app, url, {
      remoteAddress: proxy,
      headers: { forwarded: 'for=192.0.2.250;proto=https, for="[2001:db8::97]:4711";proto=https' },
    });
    assert.equal(r2.body, 'good 2001:db8::97\n');
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', AAAA), ['2001:db8::97']);
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['198.51.100.97']);
    const ip = await call(app, '/checkip', {
      remoteAddress: proxy,
      headers: { forwarded: 'for=198.51.100.97' },
    });
    assert.equal(ip.status, 200);
    assert.equal(ip.body, '198.51.100.97\n');
    // The same header from a peer that is not a trusted proxy is ignored (and so is its proto=https).
    const spoofed = await call(app, `${url}&myip=192.0.2.251`, {
      remoteAddress: '203.0.113.5',
      headers: { forwarded: 'for=198.51.100.1;proto=https' },
    });
    assert.equal(spoofed.status, 403);
    assert.equal(spoofed.body, 'badagent\n');
    const ip2 = await call(app, '/checkip', {
      remoteAddress: '203.0.113.5',
      headers: { forwarded: 'for=198.51.100.1' },
    });
    assert.equal(ip2.body, '203.0.113.5\n');
  } finally {
    await app.close();
    await f.close();
  }
});

test("B03 variant: a trusted proxy that gives no usable client address: badagent without myip, never the proxy's address", async () => {
  const f = await createDdnsFixture();
  const app = buildApp({ service: f.service, transport: 'http', trustedProxies: ['127.0.0.1'] });
  try {
    const url = '/nic/update?hostname=home.dyn.example.test';
    const proxy = '127.0.0.1';
    const serial = f.zone().serial;
    const host = await f.hosts.getHostByOwner(DnsName.parse('home.dyn.example.test.'));
    const historyBefore = (await f.hosts.history(host!.id, 100)).length;
    const unusable: Record<string, string>[] = [
      { forwarded: 'for=unknown;proto=https' },
      { forwarded: 'for=_hidden;proto=https' },
      { forwarded: 'proto=https' },
      { 'x-forwarded-for': 'garbage', 'x-forwarded-proto': 'https' },
      { 'x-forwarded-proto': 'https' },
      { forwarded: 'for=198.51.100.5;proto=https', 'x-forwarded-for': '198.51.100.6' },
    ];
    for (const headers of unusable) {
      const r = await call(app, url, { remoteAddress: proxy, headers });
      assert.equal(r.status, 200, JSON.stringify(headers));
      assert.equal(r.body, 'badagent\n', JSON.stringify(headers));
      // ddclient's googledomains dialect reads only the status: it gets a 400 for the same answer.
      const dd = await call(app, url, {
        remoteAddress: proxy,
        headers: { ...headers, 'user-agent': 'ddclient/3.10.0' },
      });
      assert.equal(dd.status, 400);
      assert.equal(dd.body, 'badagent\n');
      const ip = await call(app, '/checkip', { remoteAddress: proxy, headers });
      assert.equal(ip.status, 400, JSON.stringify(headers));
      assert.equal(ip.body, 'client address unknown\n');
      assert.equal(ip.headers['cache-control'], 'no-cache');
    }
    // Nothing changed: not in DNS, not in the store, no history, no abuse count.
    assert.equal(f.zone().serial, serial);
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['192.0.2.1']);
    assert.deepEqual(await stored(f, 'home.dyn.example.test.', 'A'), ['192.0.2.1']);
    assert.equal((await f.hosts.history(host!.id, 100)).length, historyBefore);
    const row = await f.hosts.getHostByOwner(DnsName.parse('home.dyn.example.test.'));
    assert.deepEqual([row!.state, row!.ipv4, row!.ipv6], ['online', '192.0.2.1', '2001:db8::1']);
    // An update that does not need the client address still works: an explicit myip, or going offline.
    const given = await call(app, `${url}&myip=192.0.2.77`, {
      remoteAddress: proxy,
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.equal(given.body, 'good 192.0.2.77\n');
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['192.0.2.77']);
    const off = await call(app, `${url}&offline=yes`, {
      remoteAddress: proxy,
      headers: { forwarded: 'proto=https' },
    });
    assert.equal(off.body, 'good 192.0.2.77,2001:db8::1\n');
    assert.equal(f.zone().lookup(DnsName.parse('home.dyn.example.test.'), A).kind, 'nodata');
  } finally {
    await app.close();
    await f.close();
  }
});

test('B05a-c: malformed myip answers badagent and changes nothing', async () => {
  await withWorld(async (f, app) => {
    const serial = f.zone().serial;
    for (const x of ['256.1.1.1', '2001:db8:1:2::/64', 'fe80::1%25eth0']) {
      const r = await call(app, `/nic/update?hostname=home.dyn.example.test&myip=${x}`);
      assert.equal(r.status, 200, x);
      assert.equal(r.body, 'badagent\n', x);
    }
    assert.equal(f.zone().serial, serial);
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['192.0.2.1']);
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', AAAA), ['2001:db8::1']);
  });
});

test('B05d: whitespace around myip is trimmed', async () => {
  await withWorld(async (f, app) => {
    const r = await call(app, '/nic/update?hostname=home.dyn.example.test&myip=%20192.0.2.5%20');
    assert.equal(r.body, 'good 192.0.2.5\n');
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['192.0.2.5']);
  });
});

test('B05e: an empty myip is the connection address; legacy parameters are ignored; nothing is deleted', async () => {
  await withWorld(async (f, app) => {
    const r = await call(
      app,
      '/nic/update?system=dyndns&hostname=home.dyn.example.test&myip=&wildcard=OFF&mx=NO&backmx=NO&offline=NO',
      { remoteAddress: '192.0.2.33', headers: { 'user-agent': 'Hikvision-dvrdvs-1.0.0' } },
    );
    assert.equal(r.status, 200);
    assert.equal(r.body, 'good 192.0.2.33\n');
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['192.0.2.33']);
    assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', AAAA), ['2001:db8::1']);
  });
});

test('B07: case-insensitive names, trailing dot, junk is notfqdn, IDN maps to punycode, missing hostname', async () => {
  await withWorld(
    async (f, app) => {
      const q = (x: string): string => `/nic/update?myip=192.0.2.1&hostname=${x}`;
      assert.equal((await call(app, q('HOME.Dyn.Example.TEST.'))).body, 'nochg 192.0.2.1\n');
      assert.ok(await f.hosts.getHostByOwner(DnsName.parse('home.dyn.example.test.')));
      assert.equal((await call(app, q('home'))).body, 'notfqdn\n');
      assert.equal((await call(app, q('https%3A%2F%2Fhome.dyn.example.test%2F'))).body, 'notfqdn\n');
      assert.equal((await call(app, q('%5Bhome.dyn.example.test%5D'))).body, 'notfqdn\n');
      const serial = f.zone().serial;
      const r = await call(app, q('b%C3%BCcher.dyn.example.test'));
      assert.equal(r.body, 'good 192.0.2.1\n');
      assert.ok(f.zone().serial > serial);
      assert.deepEqual(servedAddresses(f.zone(), 'xn--bcher-kva.dyn.example.test.', A), ['192.0.2.1']);
      for (const rr of f.zone().records()) {
        for (const l of rr.owner.labels) assert.match(l, /^[\x21-\x7e]+$/, 'no raw UTF-8 label in the zone');
      }
      const none = await call(app, '/nic/update?myip=192.0.2.1');
      assert.equal(none.status, 200);
      assert.equal(none.body, 'notfqdn\n');
    },
    { extraZoneText: 'xn--bcher-kva 60 IN A 192.0.2.3\n', extraHosts: ['xn--bcher-kva'] },
  );
});

test('B08: missing, empty or denied User-Agent is badagent (no change, no abuse flag); Wget is fine', async () => {
  await withWorld(
    async (f, app) => {
      const url = '/nic/update?hostname=home.dyn.example.test&myip=192.0.2.7';
      // (a) no User-Agent header at all: inject always adds one, so this goes over a real socket.
      await app.listen({ host: '127.0.0.1', port: 0 });
      const port = (app.server.address() as { port: number }).port;
      for (let i = 0; i < 8; i++) {
        const raw = await rawExchange(
          port,
          `GET ${url} HTTP/1.1\r\nHost: ddns.example.test\r\nAuthorization: Basic dTE6czNjcmV0\r\nConnection: close\r\n\r\n`,
        );
        assert.match(raw, /^HTTP\/1\.1 200 /);
        assert.ok(raw.endsWith('\r\n\r\nbadagent\n'), raw);
      }
      for (const ua of ['', '   ', 'BadClient/0.1']) {
        for (let i = 0; i < 8; i++) {
          const r = await call(app, url, { headers: { 'user-agent': ua } });
          assert.equal(r.body, 'badagent\n', `UA ${JSON.stringify(ua)}`);
        }
      }
      assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['192.0.2.1']);
      const host = await f.hosts.getHostByOwner(DnsName.parse('home.dyn.example.test.'));
      assert.equal(host!.state, 'online');
      const ok = await call(app, url, { headers: { 'user-agent': 'Wget/1.16 (linux-gnu)' } });
      assert.equal(ok.body, 'good 192.0.2.7\n');
      assert.deepEqual(servedAddresses(f.zone(), 'home.dyn.example.test.', A), ['192.0.2.7']);
    },
    { denyUserAgents: ['BadClient/'] },
  );
});
