// Debian's inadyn 2.10 against `dynzone serve` (SPEC §2): a `custom` section and the built-in provider
// `default@domains.google.com`, whose update server is hard-coded to domains.google.com:443 — so the server
// listens on port 443 inside a private network namespace whose /etc/hosts maps that name to 127.0.0.1, with a
// test certificate carrying DNS:domains.google.com; TLS is verified against the test CA (ca-trust-file).
// inadyn facts this relies on: HTTP/1.0 with `Host` without port, reads until close, only HTTP 200 counts,
// exit 0 even on some failures (so the cache file is the verdict), 50 on an authentication failure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startLab, login, type Lab } from '../helpers/clients-lab.js';
import { runInadyn, type InadynOptions, type InadynResult } from '../helpers/clients-run.js';
import { digAddress } from '../helpers/clients-dig.js';
import { describeRun } from '../helpers/clients-process.js';

const ZONE = 'ina.example.test';
const DNS_PORT = 5300;

function explain(r: InadynResult): string {
  return `${describeRun('inadyn', r)}\n--- config ---\n${r.config}\n--- cache: ${String(r.cachedIp)}`;
}

describe('inadyn 2.10 (real client) updates Dynzone over verified HTTPS', { timeout: 300_000 }, () => {
  let lab: Lab | undefined;
  let runNo = 0;
  const the = (): Lab => {
    if (!lab) throw new Error('lab not started');
    return lab;
  };
  const run = (o: Omit<InadynOptions, 'dir' | 'caFile'>): Promise<InadynResult> =>
    runInadyn(the().netns, { ...o, dir: join(the().dir, `run-${++runNo}`), caFile: the().pki.caCert });
  const served = async (owner: string, qtype: 'A' | 'AAAA'): Promise<readonly string[]> => {
    const a = await digAddress(the().dnsPort, the().fqdn(owner), qtype, the().netns);
    assert.equal(a.status, 'NOERROR', a.raw);
    assert.ok(a.authoritative, `expected AA:\n${a.raw}`);
    return a.addresses;
  };

  before(async () => {
    lab = await startLab({
      prefix: 'dzina',
      zone: ZONE,
      hosts: ['custom', 'discover', 'google', 'six'],
      // Port 443 on [::]: domains.google.com (127.0.0.1) and ddns6.test (::1) reach the same listener.
      httpsListen: '[::]:443',
      dnsPort: DNS_PORT,
    });
  });
  after(async () => {
    await lab?.close();
  });

  test('custom section with a fixed address: cache written, A served', async () => {
    const r = await run({
      provider: { kind: 'custom', server: 'ddns.test:443' },
      login: login(the(), 'custom'),
      hostname: the().fqdn('custom'),
      ip: '203.0.113.30',
    });
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.cachedIp, '203.0.113.30', explain(r));
    assert.deepEqual(await served('custom', 'A'), ['203.0.113.30']);
  });

  test('custom section discovering its address from /checkip on the same server', async () => {
    const r = await run({
      provider: { kind: 'custom', server: 'ddns.test:443' },
      login: login(the(), 'discover'),
      hostname: the().fqdn('discover'),
    });
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.cachedIp, '127.0.0.1', explain(r));
    assert.deepEqual(await served('discover', 'A'), ['127.0.0.1']);
  });

  test('provider default@domains.google.com on port 443: cache written, A served', async () => {
    const r = await run({
      provider: { kind: 'google' },
      login: login(the(), 'google'),
      hostname: the().fqdn('google'),
      ip: '198.51.100.30',
    });
    assert.equal(r.code, 0, explain(r));
    assert.match(r.stdout + r.stderr, /domains\.google\.com/, explain(r));
    assert.equal(r.cachedIp, '198.51.100.30', explain(r));
    assert.deepEqual(await served('google', 'A'), ['198.51.100.30']);
  });

  test('IPv6 over ::1: /checkip and the update both travel over IPv6, AAAA ::1 served (myip sent as %3a%3a1)', async () => {
    const r = await run({
      provider: { kind: 'custom', server: 'ddns6.test:443' },
      login: login(the(), 'six'),
      hostname: the().fqdn('six'),
    });
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.cachedIp, '::1', explain(r));
    assert.deepEqual(await served('six', 'AAAA'), ['::1']);
    assert.deepEqual(await served('six', 'A'), []);
  });

  test('a second update with a new address replaces the first', async () => {
    const r = await run({
      provider: { kind: 'google' },
      login: login(the(), 'google'),
      hostname: the().fqdn('google'),
      ip: '198.51.100.31',
    });
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.cachedIp, '198.51.100.31', explain(r));
    assert.deepEqual(await served('google', 'A'), ['198.51.100.31']);
  });

  for (const provider of [{ kind: 'custom', server: 'ddns.test:443' }, { kind: 'google' }] as const) {
    test(`${provider.kind}: a wrong password is an authentication failure (exit 50), nothing changes`, async () => {
      const owner = provider.kind === 'google' ? 'google' : 'custom';
      const before = await served(owner, 'A');
      const r = await run({
        provider,
        login: { username: login(the(), owner).username, password: 'wrong-password-0123456789' },
        hostname: the().fqdn(owner),
        ip: '192.0.2.99',
      });
      assert.equal(r.code, 50, explain(r));
      assert.equal(r.cachedIp, '0.0.0.0', explain(r));
      assert.deepEqual(await served(owner, 'A'), before);
    });
  }
});
