// SPEC §2.1–2.6 through the HTTP app: every answer row of §2.2 and the rules of request handling, abuse
// protection, address families, offline and /checkip, against a real SQLite store and ZoneCatalog. Each
// test checks the exact body and status, the stored state and what the served snapshot answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RRType } from '../dns/constants.js';
import { DnsName } from '../dns/name.js';
import { createDdnsFixture, FIXTURE_ORIGIN, servedAddresses, type DdnsFixture } from '../ddns/testkit.js';
import { createUpdateService } from '../ddns/update-service.js';
import { createHostAdmin } from '../ddns/host-admin.js';
import { parseZoneText } from '../dns/zonefile/parser.js';
import { Zone } from '../zone/zone.js';
import { StoreError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import type { HostsStore } from '../store/hosts-store.js';
import type { ZoneId } from '../store/store.js';
import { encryptPassword, hashPassword } from '../ddns/credentials.js';
import { buildApp, type HttpAppDeps } from './app.js';
import { createRateLimiter } from './rate-limit.js';
import { basic, call, rawExchange, stored } from './http-test-helpers.js';
import type { UpdateEvent } from './routes/nic-update.js';
import { loginKey } from '../ddns/login-limit.js';

const A = RRType.A;
const AAAA = RRType.AAAA;
const HOME = 'home.dyn.example.test.';
const UPD = '/nic/update?hostname=home.dyn.example.test';

type World = { f: DdnsFixture; app: ReturnType<typeof buildApp> };

async function withWorld(
  fn: (w: World) => Promise<void>,
  opts: Parameters<typeof createDdnsFixture>[0] & Partial<Omit<HttpAppDeps, 'service'>> = {},
): Promise<void> {
  const f = await createDdnsFixture(opts);
  const app = buildApp({ ...opts, service: f.service });
  try {
    await fn({ f, app });
  } finally {
    await app.close();
    await f.close();
  }
}

async function hostRow(f: DdnsFixture, name = HOME) {
  const h = await f.hosts.getHostByOwner(DnsName.parse(name));
  assert.ok(h, `host ${name} exists`);
  return h;
}

// ---- §2.1 request ----

test('§2.1 POST with a form body and POST with a query string both work; unknown parameters are ignored', async () => {
  await withWorld(async ({ f, app }) => {
    const form = await call(app, '/nic/update', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload:
        'hostname=home.dyn.example.test&myip=192.0.2.20&wildcard=ON&mx=mx.example.test&backmx=YES&system=dyndns',
    });
    assert.equal(form.status, 200);
    assert.equal(form.body, 'good 192.0.2.20\n');
    const query = await call(app, `${UPD}&myip=192.0.2.21&foo=bar`, { method: 'POST' });
    assert.equal(query.body, 'good 192.0.2.21\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.21']);
  });
});

test('§2.1 plain HTTP is refused unless insecure updates are enabled or a trusted proxy says https', async () => {
  const f = await createDdnsFixture();
  const plain = buildApp({ service: f.service, transport: 'http', trustedProxies: ['10.0.0.2'] });
  const insecure = buildApp({ service: f.service, transport: 'http', allowInsecureUpdates: true });
  try {
    const r = await call(plain, `${UPD}&myip=192.0.2.30`);
    assert.equal(r.status, 403);
    assert.equal(r.body, 'badagent\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.1']);
    // A trusted proxy's word for HTTPS is believed; an untrusted peer's is not.
    const spoofed = await call(plain, `${UPD}&myip=192.0.2.30`, {
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.equal(spoofed.status, 403);
    const proxied = await call(plain, `${UPD}&myip=192.0.2.31`, {
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.equal(proxied.body, 'good 192.0.2.31\n');
    const viaForwarded = await call(plain, `${UPD}&myip=192.0.2.32`, {
      remoteAddress: '10.0.0.2',
      headers: { forwarded: 'for=192.0.2.60;proto=https' },
    });
    assert.equal(viaForwarded.body, 'good 192.0.2.32\n');
    const old = await call(insecure, `${UPD}&myip=192.0.2.33`);
    assert.equal(old.body, 'good 192.0.2.33\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.33']);
    // /checkip works on the plain listener.
    const ip = await call(plain, '/checkip', { remoteAddress: '::ffff:192.0.2.10' });
    assert.equal(ip.body, '192.0.2.10\n');
  } finally {
    await plain.close();
    await insecure.close();
    await f.close();
  }
});

test('§2.1 Basic credentials split at the first colon, decoded as UTF-8; no credentials → 401 challenge', async () => {
  await withWorld(async ({ f, app }) => {
    await f.service.createHost('utf.dyn.example.test', {
      credentials: { preset: { username: 'jürgen', password: 'pa:ss:wörd' } },
    });
    const ok = await call(app, '/nic/update?hostname=utf.dyn.example.test&myip=192.0.2.40', {
      headers: { authorization: basic('jürgen', 'pa:ss:wörd') },
    });
    assert.equal(ok.body, 'good 192.0.2.40\n');
    assert.deepEqual(servedAddresses(f.zone(), 'utf.dyn.example.test.', A), ['192.0.2.40']);
    for (const authorization of [
      undefined,
      basic('jürgen', 'pa:ss'),
      basic('jürgen', 'pa:ss:wörd:'),
      'Basic !!!',
      'Bearer abc',
      basic('nobody', 'pa:ss:wörd'),
    ]) {
      const r = await call(app, '/nic/update?hostname=utf.dyn.example.test&myip=192.0.2.41', {
        headers: { authorization },
      });
      assert.equal(r.status, 401, String(authorization));
      assert.equal(r.body, 'badauth\n');
      assert.equal(r.headers['www-authenticate'], 'Basic realm="dynzone"');
    }
    assert.deepEqual(servedAddresses(f.zone(), 'utf.dyn.example.test.', A), ['192.0.2.40']);
  });
});

test('§2.1 an unknown method is badagent', async () => {
  await withWorld(async ({ f, app }) => {
    for (const method of ['PUT', 'DELETE'] as const) {
      const r = await call(app, `${UPD}&myip=192.0.2.50`, { method });
      assert.equal(r.status, 200);
      assert.equal(r.body, 'badagent\n');
    }
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.1']);
  });
});

test('§2.2 answers carry Content-Length and the connection closes when the client asks (HTTP/1.1 and 1.0)', async () => {
  await withWorld(async ({ app }) => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const auth = 'Authorization: Basic dTE6czNjcmV0\r\n';
    // ddclient: HTTP/1.1 with Connection: close, reads until the server closes.
    const dd = await rawExchange(
      port,
      `GET ${UPD}&myip=192.0.2.60 HTTP/1.1\r\nHost: 127.0.0.1:8443\r\n${auth}User-Agent: ddclient/3.10.0\r\nConnection: close\r\n\r\n`,
    );
    assert.match(dd, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(dd, /\r\ncontent-length: 16\r\n/i);
    assert.match(dd, /\r\ncontent-type: text\/plain; charset=utf-8\r\n/i);
    assert.doesNotMatch(dd, /transfer-encoding/i);
    assert.ok(dd.endsWith('\r\n\r\ngood 192.0.2.60\n'));
    // inadyn: HTTP/1.0 without a Connection header.
    const ina = await rawExchange(
      port,
      `GET ${UPD}&myip=192.0.2.60 HTTP/1.0\r\nHost: 127.0.0.1\r\n${auth}User-Agent: inadyn/2.10.0 https://github.com/troglobit/inadyn/issues\r\n\r\n`,
    );
    assert.ok(ina.endsWith('\r\n\r\nnochg 192.0.2.60\n'), ina);
  });
});

// ---- §2.2 answers ----

test('§2.2 good: durable in the store and served before the answer; history written', async () => {
  await withWorld(async ({ f, app }) => {
    const before = f.zone().serial;
    const r = await call(app, `${UPD}&myip=192.0.2.70`, {
      headers: { 'user-agent': 'acme-updater/1.0 ops@example.test' },
    });
    assert.equal(r.body, 'good 192.0.2.70\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.70']);
    assert.deepEqual(await stored(f, HOME, 'A'), ['192.0.2.70']);
    assert.equal(f.zone().serial, before + 1);
    const journal = await f.store.readJournal(0, 100);
    assert.equal(journal.at(-1)!.toSerial, before + 1);
    const h = await hostRow(f);
    assert.equal(h.ipv4, '192.0.2.70');
    assert.equal(h.updatesCount, 1);
    const [entry] = await f.hosts.history(h.id, 1);
    assert.equal(entry!.oldIpv4, '192.0.2.1');
    assert.equal(entry!.newIpv4, '192.0.2.70');
    assert.equal(entry!.sourceIp, '198.51.100.7');
    assert.equal(entry!.userAgent, 'acme-updater/1.0 ops@example.test');
    assert.equal(entry!.answer, 'good 192.0.2.70');
  });
});

test('§2.2 nochg: no serial bump, no journal entry, no history entry, only a counter', async () => {
  await withWorld(async ({ f, app }) => {
    const serial = f.zone().serial;
    const journal = await f.store.latestJournalId();
    const h0 = await hostRow(f);
    const r = await call(app, `${UPD}&myip=192.0.2.1`);
    assert.equal(r.body, 'nochg 192.0.2.1\n');
    assert.equal(f.zone().serial, serial);
    assert.equal(await f.store.latestJournalId(), journal);
    assert.equal((await f.hosts.history(h0.id, 100)).length, 0);
    assert.equal((await hostRow(f)).nochgCount, 1);
  });
});

test('§2.2 nohost: unknown host, and a host whose zone is in custom name-server mode', async () => {
  await withWorld(async ({ f, app }) => {
    assert.equal(
      (await call(app, '/nic/update?hostname=nothere.dyn.example.test&myip=192.0.2.1')).body,
      'nohost\n',
    );
    assert.equal((await call(app, '/nic/update?hostname=www.other.test&myip=192.0.2.1')).body, 'nohost\n');
    // A custom-mode zone cannot get hosts through the admin API; plant one directly to prove the rule.
    const origin = DnsName.parse('custom.test.');
    const { records } = parseZoneText(
      '@ 3600 IN SOA ns.custom.test. h.custom.test. 1 2 3 4 60\n@ 3600 IN NS ns.elsewhere.test.\n',
      { origin },
    );
    const zone = await f.store.createZone(origin, records, { nsMode: 'custom' });
    const u1 = await f.hosts.getCredentialByUsername('u1');
    await f.hosts.insertHost(
      {
        zoneId: zone.id as ZoneId,
        ownerAccountId: null,
        owner: DnsName.parse('h.custom.test.'),
        mode: 'dual',
        ttl: 60,
        ipv4: null,
        ipv6: null,
        credential: { kind: 'existing', id: u1!.id },
      },
      new Date(),
    );
    assert.equal((await call(app, '/nic/update?hostname=h.custom.test&myip=192.0.2.1')).body, 'nohost\n');
    await assert.rejects(f.service.createHost('x.custom.test'), { code: 'ERR_ZONE_CUSTOM_NS' });
  });
});

test('§2.2 badauth line: valid login, but not for that host; nothing changes there', async () => {
  await withWorld(async ({ f, app }) => {
    const other = await f.service.createHost('other.dyn.example.test');
    const r = await call(
      app,
      '/nic/update?hostname=other.dyn.example.test,home.dyn.example.test&myip=192.0.2.80',
    );
    assert.equal(r.status, 200);
    assert.equal(r.body, 'badauth\ngood 192.0.2.80\n');
    assert.deepEqual(servedAddresses(f.zone(), 'other.dyn.example.test.', A), []);
    // The generated login works for its own host only.
    const own = await call(
      app,
      '/nic/update?hostname=other.dyn.example.test,home.dyn.example.test&myip=192.0.2.81',
      {
        headers: { authorization: basic(other.username, other.password) },
      },
    );
    assert.equal(own.body, 'good 192.0.2.81\nbadauth\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.80']);
  });
});

test('§2.2 notfqdn: bare label, URL, bad characters, too long; one line each, in order', async () => {
  await withWorld(async ({ f, app }) => {
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.test`;
    const r = await call(
      app,
      `/nic/update?hostname=home,http://x.test/,ho_me.dyn.example.test,${long},a.dyn.example.test&myip=192.0.2.90`,
    );
    assert.equal(r.body, 'notfqdn\nnotfqdn\nnotfqdn\nnotfqdn\ngood 192.0.2.90\n');
    assert.deepEqual(servedAddresses(f.zone(), 'a.dyn.example.test.', A), ['192.0.2.90']);
  });
});

test('§2.2 badagent: more than 20 hostnames, nothing changes', async () => {
  await withWorld(async ({ f, app }) => {
    const names = Array.from({ length: 21 }, () => 'home.dyn.example.test').join(',');
    const r = await call(app, `/nic/update?hostname=${names}&myip=192.0.2.91`);
    assert.equal(r.body, 'badagent\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.1']);
    const twenty = Array.from({ length: 20 }, () => 'home.dyn.example.test').join(',');
    const ok = await call(app, `/nic/update?hostname=${twenty}&myip=192.0.2.91`);
    // The same name twenty times is one update; every line repeats its answer.
    assert.equal(ok.body, 'good 192.0.2.91\n'.repeat(20));
  });
});

test('§2.2 conflict A / AAAA: a static record or a CNAME at the name; nothing changes', async () => {
  await withWorld(async ({ f, app }) => {
    // Static records added next to the hosts by the zone's owner (through the one door, like the CLI).
    const { createZoneEditor } = await import('../ddns/zone-editor.js');
    const editor = createZoneEditor({ store: f.store, catalog: f.catalog });
    const extra = parseZoneText('a 60 IN A 198.51.100.200\nhome 60 IN AAAA 2001:db8::99\n', {
      origin: FIXTURE_ORIGIN,
    }).records;
    await editor.apply(FIXTURE_ORIGIN, { removed: [], added: extra });
    const serial = f.zone().serial;
    assert.equal(
      (await call(app, '/nic/update?hostname=a.dyn.example.test&myip=192.0.2.100')).body,
      'conflict A\n',
    );
    assert.equal(
      (await call(app, '/nic/update?hostname=home.dyn.example.test&myip=2001:db8::100')).body,
      'conflict AAAA\n',
    );
    // A family the static data does not touch still updates.
    assert.equal(
      (await call(app, '/nic/update?hostname=home.dyn.example.test&myip=192.0.2.100')).body,
      'good 192.0.2.100\n',
    );
    assert.equal(f.zone().serial, serial + 1);
    assert.deepEqual(servedAddresses(f.zone(), 'a.dyn.example.test.', A), ['192.0.2.1', '198.51.100.200']);
    assert.deepEqual(servedAddresses(f.zone(), HOME, AAAA), ['2001:db8::1', '2001:db8::99']);
  });
  // A CNAME at a host's name. A host now holds its name from the start (the marker, while it has no
  // address), so no door lets a CNAME in beside it; data from before that is planted: the CNAME first,
  // then the host row without its records.
  await withWorld(async ({ f, app }) => {
    const { createZoneEditor } = await import('../ddns/zone-editor.js');
    const editor = createZoneEditor({ store: f.store, catalog: f.catalog });
    await f.service.createHost('new.dyn.example.test', {
      credentials: { shareWith: 'home.dyn.example.test' },
    });
    await assert.rejects(
      editor.apply(FIXTURE_ORIGIN, {
        removed: [],
        added: parseZoneText('new 60 IN CNAME home\n', { origin: FIXTURE_ORIGIN }).records,
      }),
      { code: 'ERR_ZONE_CHECK' },
    );
    await editor.apply(FIXTURE_ORIGIN, {
      removed: [],
      added: parseZoneText('cn 60 IN CNAME home\n', { origin: FIXTURE_ORIGIN }).records,
    });
    const home = await f.hosts.getHostByOwner(DnsName.parse(HOME));
    await f.hosts.insertHost(
      {
        zoneId: home!.zoneId,
        ownerAccountId: null,
        owner: DnsName.parse('cn.dyn.example.test.'),
        mode: 'dual',
        ttl: 60,
        ipv4: null,
        ipv6: null,
        credential: { kind: 'existing', id: home!.credentialId },
      },
      new Date(),
    );
    const serial = f.zone().serial;
    assert.equal(
      (await call(app, '/nic/update?hostname=cn.dyn.example.test&myip=192.0.2.101')).body,
      'conflict A\n',
    );
    assert.equal(
      (await call(app, '/nic/update?hostname=cn.dyn.example.test&myip=2001:db8::101')).body,
      'conflict AAAA\n',
    );
    const res = f.zone().lookup(DnsName.parse('cn.dyn.example.test.'), A);
    assert.equal(res.answers[0]!.type, RRType.CNAME);
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.1']);
    assert.equal(f.zone().serial, serial);
  });
});

test('§2.2 status dialect: ddclient without `system` gets matching error statuses; with it, 200', async () => {
  await withWorld(async ({ app }) => {
    const dd = { 'user-agent': 'ddclient/3.10.0' };
    const rows: [string, number, string][] = [
      ['/nic/update?hostname=nothere.dyn.example.test&myip=192.0.2.1', 404, 'nohost\n'],
      ['/nic/update?hostname=home&myip=192.0.2.1', 400, 'notfqdn\n'],
      ['/nic/update?hostname=home.dyn.example.test&myip=300.1.1.1', 400, 'badagent\n'],
      ['/nic/update?hostname=home.dyn.example.test&myip=192.0.2.111', 200, 'good 192.0.2.111\n'],
    ];
    for (const [url, status, body] of rows) {
      const r = await call(app, url, { headers: dd });
      assert.equal(r.status, status, url);
      assert.equal(r.body, body, url);
      const legacy = await call(app, url + '&system=dyndns', { headers: dd });
      assert.equal(legacy.status, 200, url);
    }
    const bad = await call(app, UPD, { headers: { ...dd, authorization: basic('u1', 'nope') } });
    assert.equal(bad.status, 401);
  });
});

test('§2.2 911: a store failure answers 911 and changes nothing, in the store or in DNS', async () => {
  await withWorld(async ({ f }) => {
    const failing: Store = new Proxy(f.store, {
      get(target, prop, recv) {
        if (prop === 'commitChangeset') {
          return async () => {
            throw new StoreError('ERR_STORE_UNAVAILABLE', 'disk on fire');
          };
        }
        const v = Reflect.get(target, prop, recv) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const service = createUpdateService({
      store: failing,
      hosts: f.hosts,
      catalog: f.catalog,
      secrets: f.secrets,
      clock: f.clock,
    });
    const app = buildApp({ service });
    const serial = f.zone().serial;
    for (let i = 0; i < 8; i++) {
      const r = await call(app, `${UPD}&myip=192.0.2.120`);
      assert.equal(r.status, 200);
      assert.equal(r.body, '911\n');
    }
    const ddclient = await call(app, `${UPD}&myip=192.0.2.120`, {
      headers: { 'user-agent': 'ddclient/3.10.0' },
    });
    assert.equal(ddclient.status, 503);
    assert.equal(f.zone().serial, serial);
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.1']);
    const h = await hostRow(f);
    assert.equal(h.ipv4, '192.0.2.1');
    assert.equal(h.state, 'online'); // 911 never counts toward a block
    await app.close();
  });
});

test('§2.2 911 rolls back: the host row failing inside the transaction leaves records and host unchanged', async () => {
  await withWorld(async ({ f }) => {
    const hosts: HostsStore = {
      ...f.hosts,
      updateHostWork: (id, patch, at, history) => {
        const real = f.hosts.updateHostWork(id, patch, at, history);
        return async (tx) => {
          await real(tx);
          throw new Error('crash after the host row was written');
        };
      },
    };
    const service = createUpdateService({
      store: f.store,
      hosts,
      catalog: f.catalog,
      secrets: f.secrets,
      clock: f.clock,
    });
    const app = buildApp({ service });
    const serial = f.zone().serial;
    assert.equal((await call(app, `${UPD}&myip=192.0.2.121`)).body, '911\n');
    assert.equal(f.zone().serial, serial);
    assert.deepEqual(await stored(f, HOME, 'A'), ['192.0.2.1']);
    assert.equal((await hostRow(f)).ipv4, '192.0.2.1');
    assert.equal((await f.hosts.history((await hostRow(f)).id, 10)).length, 0);
    await app.close();
  });
});

// ---- §2.3 abuse ----

test('§2.3 more than 5 nochg in an hour blocks the host: abuse until the cool-down; it keeps serving', async () => {
  await withWorld(async ({ f, app }) => {
    const url = `${UPD}&myip=192.0.2.1`;
    for (let i = 0; i < 6; i++)
      assert.equal((await call(app, url)).body, 'nochg 192.0.2.1\n', `request ${i + 1}`);
    assert.equal((await hostRow(f)).state, 'blocked');
    assert.equal((await call(app, `${UPD}&myip=192.0.2.130`)).body, 'abuse\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.1']);
    const dd = await call(app, `${UPD}&myip=192.0.2.130`, { headers: { 'user-agent': 'ddclient/3.10.0' } });
    assert.equal(dd.status, 403);
    f.clock.advance(3600);
    assert.equal((await call(app, `${UPD}&myip=192.0.2.130`)).body, 'good 192.0.2.130\n');
    assert.equal((await hostRow(f)).state, 'online');
    // Other hosts of the same login were never affected.
    assert.equal(
      (await call(app, '/nic/update?hostname=a.dyn.example.test&myip=192.0.2.131')).body,
      'good 192.0.2.131\n',
    );
  });
});

test('§2.3 a host repeated in one request is updated once: every line repeats its answer, nothing more counts', async () => {
  await withWorld(async ({ f, app }) => {
    const historyBefore = (await f.hosts.history((await hostRow(f)).id, 100)).length;
    const names = Array.from({ length: 20 }, (_, i) =>
      i % 3 === 1 ? 'HOME.dyn.example.test.' : 'home.dyn.example.test',
    );
    const r = await call(app, `/nic/update?hostname=${names.join(',')}&myip=192.0.2.60`);
    assert.equal(r.status, 200);
    assert.equal(r.body, 'good 192.0.2.60\n'.repeat(20));
    const row = await hostRow(f);
    assert.deepEqual([row.state, row.ipv4, row.nochgCount], ['online', '192.0.2.60', 0]);
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.60']);
    assert.deepEqual(await stored(f, HOME, 'A'), ['192.0.2.60']);
    assert.equal((await f.hosts.history(row.id, 100)).length, historyBefore + 1);
    // The host was not blocked: the next update is served.
    assert.equal((await call(app, `${UPD}&myip=192.0.2.61`)).body, 'good 192.0.2.61\n');
  });
});

test('§2.3 an unchanged host named twice in one request counts one nochg', async () => {
  await withWorld(async ({ f, app }) => {
    const url = '/nic/update?hostname=home.dyn.example.test,home.dyn.example.test&myip=192.0.2.1';
    assert.equal((await call(app, url)).body, 'nochg 192.0.2.1\nnochg 192.0.2.1\n');
    assert.equal((await hostRow(f)).nochgCount, 1);
    for (let i = 1; i < 5; i++)
      assert.equal((await call(app, url)).body, 'nochg 192.0.2.1\nnochg 192.0.2.1\n');
    assert.deepEqual([(await hostRow(f)).state, (await hostRow(f)).nochgCount], ['online', 5]); // 5 is allowed
    assert.equal((await call(app, `${UPD}&myip=192.0.2.1`)).body, 'nochg 192.0.2.1\n');
    assert.equal((await hostRow(f)).state, 'blocked'); // the sixth
  });
});

test('§2.3 a fault repeated in one request counts once: the same unknown or invalid name six times blocks nothing', async () => {
  await withWorld(async ({ f, app }) => {
    const r = await call(
      app,
      '/nic/update?hostname=a.dyn.example.test,nothere.dyn.example.test,home,A.dyn.example.test,' +
        'nothere.dyn.example.test,HOME,nothere.dyn.example.test.,home,nothere.dyn.example.test,home&myip=192.0.2.62',
    );
    assert.equal(
      r.body,
      'good 192.0.2.62\nnohost\nnotfqdn\ngood 192.0.2.62\nnohost\nnotfqdn\nnohost\nnotfqdn\nnohost\nnotfqdn\n',
    );
    for (const h of [HOME, 'a.dyn.example.test.', 'c.dyn.example.test.'])
      assert.equal((await hostRow(f, h)).state, 'online', h);
    assert.deepEqual(servedAddresses(f.zone(), 'a.dyn.example.test.', A), ['192.0.2.62']);
    // The request's faults counted once (1 of the 5 allowed): four more still block nothing, a fifth does.
    for (let i = 0; i < 4; i++)
      await call(app, '/nic/update?hostname=nothere.dyn.example.test&myip=192.0.2.1');
    assert.equal((await hostRow(f)).state, 'online');
    await call(app, '/nic/update?hostname=nothere.dyn.example.test&myip=192.0.2.1');
    assert.equal((await hostRow(f)).state, 'blocked');
  });
});

test('§2.3 six different faulty names in one request count one fault per host, not six', async () => {
  await withWorld(async ({ f, app }) => {
    const names = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'].map((n) => `${n}.dyn.example.test`).join(',');
    const r = await call(app, `/nic/update?hostname=${names}&myip=192.0.2.63`);
    assert.equal(r.body, 'nohost\n'.repeat(6));
    for (const h of [HOME, 'a.dyn.example.test.', 'c.dyn.example.test.'])
      assert.equal((await hostRow(f, h)).state, 'online', h);
    // One fault of the five allowed: four more requests block nothing, the sixth fault does.
    for (let i = 0; i < 4; i++) await call(app, `/nic/update?hostname=${names}&myip=192.0.2.63`);
    assert.equal((await hostRow(f)).state, 'online');
    await call(app, `/nic/update?hostname=${names}&myip=192.0.2.63`);
    assert.equal((await hostRow(f)).state, 'blocked');
  });
});

test('§2.3 nochg spread over more than an hour never blocks', async () => {
  await withWorld(async ({ f, app }) => {
    for (let i = 0; i < 12; i++) {
      assert.equal((await call(app, `${UPD}&myip=192.0.2.1`)).body, 'nochg 192.0.2.1\n');
      f.clock.advance(721); // at most 5 within any hour
    }
    assert.equal((await hostRow(f)).state, 'online');
  });
});

test("§2.3 more than 5 faults (nohost/notfqdn/badauth/conflict lines) block the login's hosts; owner unblocks", async () => {
  await withWorld(async ({ f, app }) => {
    const bad = [
      'nothere.dyn.example.test',
      'home',
      'nothere.dyn.example.test',
      'x_y.dyn.example.test',
      'nothere.dyn.example.test',
    ];
    for (const h of bad) await call(app, `/nic/update?hostname=${h}&myip=192.0.2.1`);
    assert.equal((await hostRow(f)).state, 'online'); // 5 is still allowed
    await call(app, '/nic/update?hostname=nothere.dyn.example.test&myip=192.0.2.1');
    assert.equal((await hostRow(f)).state, 'blocked');
    assert.equal((await call(app, `${UPD}&myip=192.0.2.140`)).body, 'abuse\n');
    const info = await f.service.unblockHost('home.dyn.example.test');
    assert.equal(info.state, 'online');
    assert.equal((await call(app, `${UPD}&myip=192.0.2.140`)).body, 'good 192.0.2.140\n');
  });
});

test('§2.3 a block without cool-down lasts until unblocked; 911 answers never count', async () => {
  await withWorld(
    async ({ f, app }) => {
      for (let i = 0; i < 6; i++) await call(app, `${UPD}&myip=192.0.2.1`);
      f.clock.advance(30 * 86400);
      assert.equal((await call(app, `${UPD}&myip=192.0.2.150`)).body, 'abuse\n');
    },
    { policy: { cooldownSeconds: null } },
  );
});

test("§2.3 someone else's faults cannot block a host they do not own", async () => {
  await withWorld(async ({ f, app }) => {
    const mallory = await f.service.createHost('mallory.dyn.example.test');
    const auth = { authorization: basic(mallory.username, mallory.password) };
    for (let i = 0; i < 10; i++) {
      assert.equal((await call(app, `${UPD}&myip=192.0.2.1`, { headers: auth })).body, 'badauth\n');
    }
    assert.equal((await hostRow(f)).state, 'online');
    assert.equal((await hostRow(f, 'mallory.dyn.example.test.')).state, 'blocked');
  });
});

test('§2.3 failed logins for one login are limited per source: guessing it there gains nothing; the owner elsewhere is served', async () => {
  await withWorld(
    async ({ f, app }) => {
      const attacker = '203.0.113.66';
      for (let i = 0; i < 4; i++) {
        const r = await call(app, `${UPD}&myip=192.0.2.160`, {
          remoteAddress: attacker,
          headers: { authorization: basic('u1', `guess${i}`) },
        });
        assert.equal(r.status, 401);
      }
      // Over the limit, even the right password from that source is refused (guessing gains nothing)...
      const right = await call(app, `${UPD}&myip=192.0.2.160`, { remoteAddress: attacker });
      assert.equal(right.status, 401);
      // ...while the owner at another address is served, and the host is not blocked.
      assert.equal(
        (await call(app, `${UPD}&myip=192.0.2.161`, { remoteAddress: '192.0.2.33' })).body,
        'good 192.0.2.161\n',
      );
      assert.equal((await hostRow(f)).state, 'online');
      f.clock.advance(601);
      assert.equal(
        (await call(app, `${UPD}&myip=192.0.2.162`, { remoteAddress: attacker })).body,
        'good 192.0.2.162\n',
      );
    },
    { policy: { maxAuthFailures: 4, authFailureWindowSeconds: 600 } },
  );
});

test('§2.3 a refused login is not a new failure: a client retrying every 5 minutes gets in once the window passes', async () => {
  const events: UpdateEvent[] = [];
  const warnings: object[] = [];
  const warnLog = {
    info: (): void => undefined,
    warn: (obj: object): void => void warnings.push(obj),
    error: (): void => undefined,
  };
  await withWorld(
    async ({ f, app }) => {
      const from = { remoteAddress: '203.0.113.66' };
      const wrong = { ...from, headers: { authorization: basic('u1', 'wrong') } };
      for (let i = 0; i < 10; i++) {
        const r = await call(app, `${UPD}&myip=192.0.2.160`, wrong);
        assert.equal(r.status, 401);
        assert.equal(r.body, 'badauth\n');
      }
      // Over the limit, the right password from that source is refused like a wrong one...
      for (let t = 0; t < 600; t += 300) {
        const r = await call(app, `${UPD}&myip=192.0.2.160`, from);
        assert.equal(r.status, 401, `at ${t} s`);
        assert.equal(r.body, 'badauth\n');
        assert.equal(r.headers['www-authenticate'], 'Basic realm="dynzone"');
        f.clock.advance(300);
      }
      // ...but those refusals were not counted: only the 10 failures are stored, so after 600 s it is in.
      const since = new Date(f.clock.now().getTime() - 601_000);
      assert.deepEqual(await f.hosts.countAuthFailures('203.0.113.66', loginKey('u1'), since), {
        fromSource: 10,
        forLogin: 10,
      });
      const r = await call(app, `${UPD}&myip=192.0.2.160`, from);
      assert.equal(r.status, 200);
      assert.equal(r.body, 'good 192.0.2.160\n');
      assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.160']);
      assert.deepEqual(await stored(f, HOME, 'A'), ['192.0.2.160']);
      // The log tells the refusals apart; the answers did not.
      assert.deepEqual(
        events.map((e) => e.reason ?? e.answers.join()),
        [...Array<string>(10).fill('bad-credentials'), 'rate-limited', 'rate-limited', 'good 192.0.2.160'],
      );
      assert.deepEqual(warnings, [{ source: '203.0.113.66', limit: 'source+login', windowSeconds: 600 }]);
    },
    { onUpdate: (e) => events.push(e), log: warnLog },
  );
});

test('§2.3 the limit counts per source and login: the owner is not locked out by others at its address', async () => {
  await withWorld(async ({ f, app }) => {
    const neighbour = await f.service.createHost('n.dyn.example.test');
    // u1's client updates from behind a NAT...
    const nat = '192.0.2.33';
    assert.equal(
      (await call(app, `${UPD}&myip=192.0.2.161`, { remoteAddress: nat })).body,
      'good 192.0.2.161\n',
    );
    // ...where others get passwords wrong, for their own logins and for made-up ones,
    for (const user of [neighbour.username, 'admin', 'root', 'nobody']) {
      for (let i = 0; i < 10; i++) {
        const r = await call(app, `/nic/update?hostname=n.dyn.example.test`, {
          remoteAddress: nat,
          headers: { authorization: basic(user, `guess${i}`) },
        });
        assert.equal(r.status, 401);
      }
    }
    // and someone there guesses u1's own password ten times.
    for (let i = 0; i < 10; i++) {
      const r = await call(app, `${UPD}&myip=192.0.2.1`, {
        remoteAddress: nat,
        headers: { authorization: basic('u1', `guess${i}`) },
      });
      assert.equal(r.status, 401);
    }
    // u1's client keeps working from the address it last logged in from.
    const r = await call(app, `${UPD}&myip=192.0.2.162`, { remoteAddress: nat });
    assert.equal(r.status, 200);
    assert.equal(r.body, 'good 192.0.2.162\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.162']);
    // The neighbour, who never logged in there, is locked out of its own login there (it was guessed)...
    const locked = await call(app, '/nic/update?hostname=n.dyn.example.test&myip=192.0.2.163', {
      remoteAddress: nat,
      headers: { authorization: basic(neighbour.username, neighbour.password) },
    });
    assert.equal(locked.status, 401);
    // ...but not elsewhere, and no host was blocked by any of it.
    const elsewhere = await call(app, '/nic/update?hostname=n.dyn.example.test&myip=192.0.2.163', {
      remoteAddress: '198.51.100.80',
      headers: { authorization: basic(neighbour.username, neighbour.password) },
    });
    assert.equal(elsewhere.body, 'good 192.0.2.163\n');
    for (const h of [HOME, 'n.dyn.example.test.']) assert.equal((await hostRow(f, h)).state, 'online');
  });
});

test('§2.3 a source trying many usernames is capped; a login at its own address is not; IPv6 counts by /64', async () => {
  await withWorld(
    async ({ f, app }) => {
      const other = await f.service.createHost('o.dyn.example.test');
      const otherAuth = { authorization: basic(other.username, other.password) };
      const spray = '198.51.100.50';
      assert.equal((await call(app, `${UPD}&myip=192.0.2.170`, { remoteAddress: spray })).status, 200);
      for (let i = 0; i < 6; i++) {
        const r = await call(app, UPD, {
          remoteAddress: spray,
          headers: { authorization: basic(`user${i}`, 'password') },
        });
        assert.equal(r.status, 401);
      }
      // Six failures, one per username: the source's cap holds for logins new to it...
      const capped = await call(app, '/nic/update?hostname=o.dyn.example.test&myip=192.0.2.171', {
        remoteAddress: spray,
        headers: otherAuth,
      });
      assert.equal(capped.status, 401);
      // ...not for u1, whose client logged in from there before.
      assert.equal(
        (await call(app, `${UPD}&myip=192.0.2.172`, { remoteAddress: spray })).body,
        'good 192.0.2.172\n',
      );
      f.clock.advance(601);
      assert.equal(
        (
          await call(app, '/nic/update?hostname=o.dyn.example.test&myip=192.0.2.171', {
            remoteAddress: spray,
            headers: otherAuth,
          })
        ).body,
        'good 192.0.2.171\n',
      );
      // An IPv6 guesser drawing a new address from its /64 for each try is still one source.
      for (let i = 1; i <= 3; i++) {
        const r = await call(app, UPD, {
          remoteAddress: `2001:db8:1:2::${i}`,
          headers: { authorization: basic('u1', `guess${i}`) },
        });
        assert.equal(r.status, 401);
      }
      const v6 = await call(app, `${UPD}&myip=192.0.2.173`, { remoteAddress: '2001:db8:1:2:aaaa::1' });
      assert.equal(v6.status, 401);
      assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.172']);
      const other64 = await call(app, `${UPD}&myip=192.0.2.174`, { remoteAddress: '2001:db8:1:3::1' });
      assert.equal(other64.body, 'good 192.0.2.174\n');
    },
    { policy: { maxAuthFailures: 3, maxAuthFailuresPerSource: 6 } },
  );
});

test('§2.3 the failed-login limit is in the store: a restarted service keeps the locks and the known sources', async () => {
  await withWorld(async ({ f, app }) => {
    const home = { remoteAddress: '192.0.2.90' };
    const away = { remoteAddress: '203.0.113.70' };
    assert.equal((await call(app, `${UPD}&myip=192.0.2.180`, home)).status, 200);
    for (const from of [home, away]) {
      for (let i = 0; i < 10; i++)
        await call(app, UPD, { ...from, headers: { authorization: basic('u1', `guess${i}`) } });
    }
    const restarted = createUpdateService({
      store: f.store,
      hosts: f.hosts,
      catalog: f.catalog,
      secrets: f.secrets,
      clock: f.clock,
    });
    const app2 = buildApp({ service: restarted });
    try {
      assert.equal((await call(app2, `${UPD}&myip=192.0.2.181`, away)).status, 401);
      assert.equal((await call(app2, `${UPD}&myip=192.0.2.182`, home)).body, 'good 192.0.2.182\n');
      assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.182']);
    } finally {
      await app2.close();
    }
  });
});

// ---- §2.4 address families ----

test("§2.4 dual mode: myipv4/myipv6 set one family each; the TTL is the host's on both", async () => {
  await withWorld(async ({ f, app }) => {
    await f.service.createHost('ttl.dyn.example.test', {
      ttl: 300,
      credentials: { shareWith: 'home.dyn.example.test' },
    });
    const r = await call(
      app,
      '/nic/update?hostname=ttl.dyn.example.test&myipv4=192.0.2.170&myipv6=2001:db8::170',
    );
    assert.equal(r.body, 'good 192.0.2.170,2001:db8::170\n');
    for (const t of [A, AAAA]) {
      const res = f.zone().lookup(DnsName.parse('ttl.dyn.example.test.'), t);
      assert.equal(res.kind, 'answer');
      if (res.kind === 'answer') assert.equal(res.answers[0]!.ttl, 300);
    }
    assert.equal(
      (await call(app, '/nic/update?hostname=ttl.dyn.example.test&myipv6=2001:db8::171')).body,
      'good 2001:db8::171\n',
    );
    assert.deepEqual(servedAddresses(f.zone(), 'ttl.dyn.example.test.', A), ['192.0.2.170']);
    await assert.rejects(f.service.createHost('t2.dyn.example.test', { ttl: 29 }), {
      code: 'ERR_HOST_TTL_RANGE',
    });
    await assert.rejects(f.service.createHost('t2.dyn.example.test', { ttl: 86401 }), {
      code: 'ERR_HOST_TTL_RANGE',
    });
  });
});

test('§2.4 single mode: an IPv6 update replaces the A record by an AAAA record, and back', async () => {
  await withWorld(async ({ f, app }) => {
    await f.service.createHost('one.dyn.example.test', {
      mode: 'single',
      credentials: { shareWith: 'home.dyn.example.test' },
    });
    const q = '/nic/update?hostname=one.dyn.example.test&myip=';
    assert.equal((await call(app, q + '192.0.2.180')).body, 'good 192.0.2.180\n');
    assert.equal((await call(app, q + '2001:db8::180')).body, 'good 2001:db8::180\n');
    assert.deepEqual(servedAddresses(f.zone(), 'one.dyn.example.test.', A), []);
    assert.deepEqual(servedAddresses(f.zone(), 'one.dyn.example.test.', AAAA), ['2001:db8::180']);
    assert.equal((await call(app, q + '192.0.2.181')).body, 'good 192.0.2.181\n');
    assert.deepEqual(servedAddresses(f.zone(), 'one.dyn.example.test.', AAAA), []);
    assert.deepEqual(servedAddresses(f.zone(), 'one.dyn.example.test.', A), ['192.0.2.181']);
    const h = await hostRow(f, 'one.dyn.example.test.');
    assert.equal(h.ipv6, null);
  });
});

test('§2.4 single mode keeps the first address the request gives: myip in its order, then myipv4, then myipv6', async () => {
  await withWorld(async ({ f, app }) => {
    await f.service.createHost('one.dyn.example.test', {
      mode: 'single',
      credentials: { shareWith: 'home.dyn.example.test' },
    });
    const q = '/nic/update?hostname=one.dyn.example.test&';
    const served = (): string[] => [
      ...servedAddresses(f.zone(), 'one.dyn.example.test.', A),
      ...servedAddresses(f.zone(), 'one.dyn.example.test.', AAAA),
    ];
    const cases: [string, string, string][] = [
      ['myip=192.0.2.100,2001:db8::100', 'good 192.0.2.100', '192.0.2.100'],
      ['myip=2001:db8::101,192.0.2.101', 'good 2001:db8::101', '2001:db8::101'],
      // myipv4 counts before myipv6 whatever their order in the query string ...
      ['myipv6=2001:db8::102&myipv4=192.0.2.102', 'good 192.0.2.102', '192.0.2.102'],
      // ... and myip before both.
      ['myipv4=192.0.2.103&myip=2001:db8::103', 'good 2001:db8::103', '2001:db8::103'],
    ];
    for (const [params, body, kept] of cases) {
      assert.equal((await call(app, q + params)).body, `${body}\n`, params);
      assert.deepEqual(served(), [kept], params);
    }
  });
});

// ---- §2.5 offline ----

test('§2.5 offline=yes: NODATA with the SOA, address kept; the next update brings it back', async () => {
  await withWorld(async ({ f, app }) => {
    assert.equal((await call(app, `${UPD}&myip=192.0.2.1&offline=yes`)).body, 'good 192.0.2.1\n');
    for (const t of [A, AAAA]) {
      const res = f.zone().lookup(DnsName.parse(HOME), t);
      assert.equal(res.kind, 'nodata');
      if (res.kind === 'nodata') assert.equal(res.soa.type, RRType.SOA);
    }
    // The marker survives the store and the journal: a fresh load (another process) answers the same.
    const reloaded = Zone.build(FIXTURE_ORIGIN, await f.store.loadZoneRecords(FIXTURE_ORIGIN));
    assert.equal(reloaded.lookup(DnsName.parse(HOME), A).kind, 'nodata');
    const last = (await f.store.readJournal(0, 1000)).at(-1)!;
    assert.ok(last.added.some((rr) => rr.type === 65280 && rr.owner.key === DnsName.parse(HOME).key));
    const h = await hostRow(f);
    assert.equal(h.state, 'offline');
    assert.equal(h.ipv4, '192.0.2.1');
    assert.equal(h.ipv6, '2001:db8::1');
    assert.equal((await call(app, `${UPD}&myip=192.0.2.1&offline=yes`)).body, 'nochg 192.0.2.1\n');
    assert.equal((await call(app, `${UPD}&myip=192.0.2.1&offline=no`)).body, 'good 192.0.2.1\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.1']);
    assert.deepEqual(servedAddresses(f.zone(), HOME, AAAA), ['2001:db8::1']);
    assert.equal((await hostRow(f)).state, 'online');
  });
});

test('§2.5 offline=yes without myip keeps the stored addresses: only the state changes, not the peer', async () => {
  await withWorld(async ({ f, app }) => {
    const serial = f.zone().serial;
    const peer = { remoteAddress: '203.0.113.5' };
    const r = await call(app, `${UPD}&offline=yes`, peer);
    assert.equal(r.status, 200);
    assert.equal(r.body, 'good 192.0.2.1,2001:db8::1\n');
    const h = await hostRow(f);
    assert.equal(h.state, 'offline');
    assert.equal(h.ipv4, '192.0.2.1');
    assert.equal(h.ipv6, '2001:db8::1');
    const [entry] = await f.hosts.history(h.id, 1);
    assert.deepEqual(
      [entry!.oldIpv4, entry!.newIpv4, entry!.oldIpv6, entry!.newIpv6, entry!.oldState, entry!.newState],
      ['192.0.2.1', '192.0.2.1', '2001:db8::1', '2001:db8::1', 'online', 'offline'],
    );
    assert.equal(entry!.answer, 'good 192.0.2.1,2001:db8::1');
    assert.equal(f.zone().serial, serial + 1);
    for (const t of [A, AAAA]) assert.equal(f.zone().lookup(DnsName.parse(HOME), t).kind, 'nodata');
    // Again, and with an empty myip (empty counts as absent): nothing to change.
    assert.equal((await call(app, `${UPD}&offline=yes`, peer)).body, 'nochg 192.0.2.1,2001:db8::1\n');
    assert.equal((await call(app, `${UPD}&myip=&offline=yes`, peer)).body, 'nochg 192.0.2.1,2001:db8::1\n');
    assert.equal(f.zone().serial, serial + 1);
    // A single-mode host answers its one address; a host without any address yet answers a bare good.
    await f.service.createHost('one.dyn.example.test', {
      mode: 'single',
      credentials: { shareWith: 'home.dyn.example.test' },
    });
    const one = '/nic/update?hostname=one.dyn.example.test';
    assert.equal((await call(app, `${one}&offline=yes`, peer)).body, 'good\n');
    assert.equal((await call(app, `${one}&myip=2001:db8::5&offline=no`, peer)).body, 'good 2001:db8::5\n');
    assert.equal((await call(app, `${one}&offline=yes`, peer)).body, 'good 2001:db8::5\n');
    const oneRow = await hostRow(f, 'one.dyn.example.test.');
    assert.deepEqual([oneRow.state, oneRow.ipv4, oneRow.ipv6], ['offline', null, '2001:db8::5']);
    // Coming back without myip is an ordinary update: the connection address (SPEC §2.1).
    assert.equal((await call(app, UPD, peer)).body, 'good 203.0.113.5\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['203.0.113.5']);
    assert.deepEqual(servedAddresses(f.zone(), HOME, AAAA), ['2001:db8::1']);
  });
});

// ---- §2.6 checkip ----

test('§2.6 /checkip: one plain line, no-cache, no auth, mapped IPv4 shown as IPv4, IPv6 as is, rate limited', async () => {
  let t = 0;
  await withWorld(
    async ({ app }) => {
      const rows: [string, string][] = [
        ['192.0.2.10', '192.0.2.10\n'],
        ['::ffff:192.0.2.11', '192.0.2.11\n'],
        ['2001:db8::5', '2001:db8::5\n'],
      ];
      for (const [peer, body] of rows) {
        const r = await call(app, '/checkip', { remoteAddress: peer, headers: { authorization: undefined } });
        assert.equal(r.status, 200);
        assert.equal(r.body, body);
        assert.equal(r.headers['cache-control'], 'no-cache');
        assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
      }
      for (let i = 0; i < 2; i++)
        assert.equal((await call(app, '/checkip', { remoteAddress: '192.0.2.10' })).status, 200);
      const limited = await call(app, '/checkip', { remoteAddress: '192.0.2.10' });
      assert.equal(limited.status, 429);
      assert.equal((await call(app, '/checkip', { remoteAddress: '192.0.2.12' })).status, 200);
      t += 60_000;
      assert.equal((await call(app, '/checkip', { remoteAddress: '192.0.2.10' })).status, 200);
    },
    { checkipLimiter: createRateLimiter({ limit: 3, windowMs: 60_000, now: () => t }) },
  );
});

// ---- host management through the service (used by CLI/API) ----

test('host admin: create with generated credentials, view, regenerate, set offline, delete', async () => {
  await withWorld(async ({ f, app }) => {
    const created = await f.service.createHost('Neu.dyn.example.test.');
    assert.equal(created.hostname, 'neu.dyn.example.test');
    assert.match(created.username, /^neu-[a-z2-9]{8}$/);
    assert.match(created.password, /^[A-Za-z0-9]{24}$/);
    assert.deepEqual(await f.service.viewCredentials('neu.dyn.example.test'), created);
    const cred = await f.hosts.getCredentialByUsername(created.username);
    assert.ok(
      cred && !cred.passwordHash.includes(created.password) && !cred.passwordEnc.includes(created.password),
    );
    assert.equal(cred.passwordHash, hashPassword(f.secrets, created.password));
    assert.notEqual(cred.passwordEnc, encryptPassword(f.secrets, created.username, created.password)); // random IV
    const auth = { authorization: basic(created.username, created.password) };
    assert.equal(
      (await call(app, '/nic/update?hostname=neu.dyn.example.test&myip=192.0.2.190', { headers: auth })).body,
      'good 192.0.2.190\n',
    );

    await assert.rejects(f.service.createHost('neu.dyn.example.test'), { code: 'ERR_HOST_EXISTS' });
    await assert.rejects(f.service.createHost('x.nozone.test'), { code: 'ERR_ZONE_NOT_FOUND' });
    await assert.rejects(f.service.createHost('bad_name.dyn.example.test'), {
      code: 'ERR_HOST_NAME_INVALID',
    });

    const regen = await f.service.regenerateCredentials('neu.dyn.example.test');
    assert.notEqual(regen.password, created.password);
    assert.equal(
      (await call(app, '/nic/update?hostname=neu.dyn.example.test&myip=192.0.2.191', { headers: auth }))
        .status,
      401,
    );
    const auth2 = { authorization: basic(regen.username, regen.password) };
    assert.equal(
      (await call(app, '/nic/update?hostname=neu.dyn.example.test&myip=192.0.2.191', { headers: auth2 }))
        .body,
      'good 192.0.2.191\n',
    );

    const off = await f.service.setOffline('neu.dyn.example.test', true);
    assert.equal(off.state, 'offline');
    assert.equal(f.zone().lookup(DnsName.parse('neu.dyn.example.test.'), A).kind, 'nodata');
    await f.service.setOffline('neu.dyn.example.test', false);
    assert.deepEqual(servedAddresses(f.zone(), 'neu.dyn.example.test.', A), ['192.0.2.191']);

    const list = await f.service.listHosts();
    assert.deepEqual(
      list.map((h) => h.hostname),
      ['a.dyn.example.test', 'c.dyn.example.test', 'home.dyn.example.test', 'neu.dyn.example.test'],
    );
    const details = await f.service.getHost('neu.dyn.example.test');
    assert.equal(details.ipv4, '192.0.2.191');
    assert.ok(details.history.length >= 2);
    assert.ok(!JSON.stringify(details).includes(regen.password));

    await f.service.deleteHost('neu.dyn.example.test');
    assert.equal(f.zone().lookup(DnsName.parse('neu.dyn.example.test.'), A).kind, 'nxdomain');
    assert.deepEqual(await stored(f, 'neu.dyn.example.test.', 'A'), []);
    assert.equal(await f.hosts.getCredentialByUsername(regen.username), undefined);
    assert.equal(
      (await call(app, '/nic/update?hostname=neu.dyn.example.test&myip=192.0.2.192', { headers: auth2 }))
        .status,
      401,
    );
    await assert.rejects(f.service.deleteHost('neu.dyn.example.test'), { code: 'ERR_HOST_NOT_FOUND' });
    // Deleting one of several hosts sharing a login keeps the login for the others.
    await f.service.deleteHost('a.dyn.example.test');
    assert.equal((await call(app, `${UPD}&myip=192.0.2.193`)).body, 'good 192.0.2.193\n');
  });
});

test('host admin: a name with a CNAME, several addresses or below a delegation cannot become a host', async () => {
  await withWorld(
    async ({ f }) => {
      await assert.rejects(f.service.createHost('cn.dyn.example.test'), { code: 'ERR_HOST_NAME_CONFLICT' });
      await assert.rejects(f.service.createHost('multi.dyn.example.test'), {
        code: 'ERR_HOST_NAME_CONFLICT',
      });
      await assert.rejects(f.service.createHost('x.sub.dyn.example.test'), {
        code: 'ERR_HOST_NAME_CONFLICT',
        message: /^x\.sub\.dyn\.example\.test is below the delegation at sub\.dyn\.example\.test,/,
      });
      // The delegation point itself is not "below" it.
      await assert.rejects(f.service.createHost('sub.dyn.example.test'), {
        code: 'ERR_HOST_NAME_CONFLICT',
        message: /^sub\.dyn\.example\.test is delegated to other name servers \(it has NS records\)/,
      });
    },
    {
      extraZoneText:
        'cn 60 IN CNAME home\nmulti 60 IN A 192.0.2.201\nmulti 60 IN A 192.0.2.202\nsub 60 IN NS ns.elsewhere.test.\n',
    },
  );
});

test('§2.2 911 once: with the database unreachable, a multi-host request gets one 911 line', async () => {
  await withWorld(async ({ f }) => {
    const down = new Error('SQLITE_CANTOPEN: unable to open database file');
    const deadHosts = new Proxy(f.hosts, {
      get(target, prop, recv) {
        const v = Reflect.get(target, prop, recv) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          const r = (v as (...a: unknown[]) => unknown).apply(target, args);
          return typeof r === 'function' ? r : Promise.reject(down);
        };
      },
    });
    const service = createUpdateService({
      store: f.store,
      hosts: deadHosts,
      catalog: f.catalog,
      secrets: f.secrets,
      clock: f.clock,
    });
    const app = buildApp({ service });
    const r = await call(
      app,
      '/nic/update?hostname=home.dyn.example.test,a.dyn.example.test&myip=192.0.2.220',
    );
    assert.equal(r.status, 200);
    assert.equal(r.body, '911\n');
    const dd = await call(app, '/nic/update?hostname=home.dyn.example.test&myip=192.0.2.220', {
      headers: { 'user-agent': 'ddclient/3.10.0' },
    });
    assert.equal(dd.status, 503);
    assert.equal(dd.body, '911\n');
    assert.deepEqual(servedAddresses(f.zone(), HOME, A), ['192.0.2.1']);
    await app.close();
  });
});

test('all-or-nothing across processes: a host deleted or changed between read and commit is re-read', async () => {
  await withWorld(async ({ f }) => {
    // A second "process" (like the CLI): same database, no catalog; its changes reach us only via the store.
    const cli = createHostAdmin({ store: f.store, hosts: f.hosts, secrets: f.secrets, clock: f.clock });
    let interfere: (() => Promise<void>) | undefined;
    const racingHosts: HostsStore = {
      ...f.hosts,
      async getHostByOwner(owner) {
        const row = await f.hosts.getHostByOwner(owner);
        const act = interfere;
        interfere = undefined;
        if (act) await act(); // the other process acts right after our read
        return row;
      },
    };
    const service = createUpdateService({
      store: f.store,
      hosts: racingHosts,
      catalog: f.catalog,
      secrets: f.secrets,
      clock: f.clock,
    });
    const app = buildApp({ service });

    interfere = async () => {
      await cli.setOffline('home.dyn.example.test', true);
    };
    const r1 = await call(app, `${UPD}&myip=192.0.2.230`);
    // Re-read after the conflict: the host is offline now, and an update without offline=yes brings it back.
    assert.equal(r1.body, 'good 192.0.2.230\n');
    const h = await hostRow(f);
    assert.equal(h.state, 'online');
    assert.equal(h.ipv4, '192.0.2.230');
    const reloaded = Zone.build(FIXTURE_ORIGIN, await f.store.loadZoneRecords(FIXTURE_ORIGIN));
    assert.deepEqual(servedAddresses(reloaded, HOME, A), ['192.0.2.230']);
    assert.equal(reloaded.getRRset(DnsName.parse(HOME), 65280), undefined);

    interfere = () => cli.deleteHost('a.dyn.example.test');
    const r2 = await call(app, '/nic/update?hostname=a.dyn.example.test&myip=192.0.2.231');
    assert.equal(r2.body, 'nohost\n');
    const after = Zone.build(FIXTURE_ORIGIN, await f.store.loadZoneRecords(FIXTURE_ORIGIN));
    assert.equal(after.lookup(DnsName.parse('a.dyn.example.test.'), A).kind, 'nxdomain');
    await app.close();
  });
});
