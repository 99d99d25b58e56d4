// Debian's ddclient 3.10 against `dynzone serve` (SPEC §2): protocol=dyndns2 (global ssl=yes) and
// protocol=googledomains update hosts over HTTPS with TLS verification ON against a test CA, inside a private
// network namespace; after each run the name server is asked over the wire (dig) what it serves now.
// ddclient facts this relies on: one-shot `-daemon=0 -foreground`, config mode 0600, `server=` must contain a
// dot, reads the body only for dyndns2 (googledomains looks at the HTTP status alone), exit 1 on FAILED.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startLab, login, type Lab } from '../helpers/clients-lab.js';
import { runDdclient, type DdclientOptions, type DdclientResult } from '../helpers/clients-run.js';
import { digAddress } from '../helpers/clients-dig.js';
import { describeRun } from '../helpers/clients-process.js';

const ZONE = 'ddc.example.test';
const HTTPS_PORT = 8443;
const DNS_PORT = 5300;

function explain(r: DdclientResult): string {
  return `${describeRun('ddclient', r)}\n--- config ---\n${r.config}\n--- cache ---\n${JSON.stringify([...r.cache])}`;
}

describe('ddclient 3.10 (real client) updates Dynzone over verified HTTPS', { timeout: 300_000 }, () => {
  let lab: Lab | undefined;
  let runNo = 0;
  const the = (): Lab => {
    if (!lab) throw new Error('lab not started');
    return lab;
  };
  const run = (o: Omit<DdclientOptions, 'dir' | 'caFile'>): Promise<DdclientResult> =>
    runDdclient(the().netns, { ...o, dir: join(the().dir, `run-${++runNo}`), caFile: the().pki.caCert });
  const served = async (owner: string, qtype: 'A' | 'AAAA'): Promise<readonly string[]> => {
    const a = await digAddress(the().dnsPort, the().fqdn(owner), qtype, the().netns);
    assert.equal(a.status, 'NOERROR', a.raw);
    assert.ok(a.authoritative, `expected AA:\n${a.raw}`);
    return a.addresses;
  };

  before(async () => {
    lab = await startLab({
      prefix: 'dzddc',
      zone: ZONE,
      hosts: ['home', 'web', 'six', 'gd', 'gdmiss'],
      // [::] takes IPv4 (as ::ffff:127.0.0.1) and IPv6 connections on one listener.
      httpsListen: `[::]:${HTTPS_PORT}`,
      dnsPort: DNS_PORT,
    });
  });
  after(async () => {
    await lab?.close();
  });

  test('dyndns2 with a fixed address: good, cache good, A served', async () => {
    const r = await run({
      protocol: 'dyndns2',
      server: `127.0.0.1:${HTTPS_PORT}`,
      login: login(the(), 'home'),
      hostnames: [the().fqdn('home')],
      ip: '203.0.113.10',
    });
    assert.equal(r.code, 0, explain(r));
    assert.match(r.stdout + r.stderr, /SUCCESS:.*good/i, explain(r));
    assert.equal(r.cache.get(the().fqdn('home'))?.status, 'good', explain(r));
    assert.deepEqual(await served('home', 'A'), ['203.0.113.10']);
  });

  test('dyndns2: a new address replaces the A rrset, the same address again is nochg', async () => {
    const first = await run({
      protocol: 'dyndns2',
      server: `127.0.0.1:${HTTPS_PORT}`,
      login: login(the(), 'home'),
      hostnames: [the().fqdn('home')],
      ip: '203.0.113.11',
    });
    assert.equal(first.code, 0, explain(first));
    assert.equal(first.cache.get(the().fqdn('home'))?.ip, '203.0.113.11', explain(first));
    assert.deepEqual(await served('home', 'A'), ['203.0.113.11']);

    const again = await run({
      protocol: 'dyndns2',
      server: `127.0.0.1:${HTTPS_PORT}`,
      login: login(the(), 'home'),
      hostnames: [the().fqdn('home')],
      ip: '203.0.113.11',
    });
    assert.equal(again.code, 0, explain(again));
    assert.match(again.stdout + again.stderr, /nochg/i, explain(again));
    assert.deepEqual(await served('home', 'A'), ['203.0.113.11']);
  });

  test('dyndns2 discovering its address with use=web (/checkip) on a dotted server name (SNI ddns.test)', async () => {
    const r = await run({
      protocol: 'dyndns2',
      server: `ddns.test:${HTTPS_PORT}`,
      login: login(the(), 'web'),
      hostnames: [the().fqdn('web')],
      checkipUrl: `https://ddns.test:${HTTPS_PORT}/checkip`,
    });
    assert.equal(r.code, 0, explain(r));
    // The connection came from 127.0.0.1 (seen as ::ffff:127.0.0.1 on the dual-stack listener): an IPv4 host.
    assert.equal(r.cache.get(the().fqdn('web'))?.ip, '127.0.0.1', explain(r));
    assert.deepEqual(await served('web', 'A'), ['127.0.0.1']);
    assert.deepEqual(await served('web', 'AAAA'), []);
  });

  test('dyndns2 over IPv6 transport (ddns6.test → ::1) sets an AAAA rrset', async () => {
    const r = await run({
      protocol: 'dyndns2',
      server: `ddns6.test:${HTTPS_PORT}`,
      login: login(the(), 'six'),
      hostnames: [the().fqdn('six')],
      ip: '2001:db8::10',
    });
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.cache.get(the().fqdn('six'))?.status, 'good', explain(r));
    assert.deepEqual(await served('six', 'AAAA'), ['2001:db8::10']);
  });

  test('dyndns2 with a wrong password: FAILED, exit 1, nothing changes', async () => {
    const before = await served('home', 'A');
    const r = await run({
      protocol: 'dyndns2',
      server: `127.0.0.1:${HTTPS_PORT}`,
      login: { username: login(the(), 'home').username, password: 'wrong-password-0123456789' },
      hostnames: [the().fqdn('home')],
      ip: '203.0.113.99',
    });
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout + r.stderr, /FAILED/, explain(r));
    assert.notEqual(r.cache.get(the().fqdn('home'))?.status, 'good', explain(r));
    assert.deepEqual(await served('home', 'A'), before);
  });

  test('googledomains: update over HTTPS, cache good, A served', async () => {
    const r = await run({
      protocol: 'googledomains',
      server: `127.0.0.1:${HTTPS_PORT}`,
      login: login(the(), 'gd'),
      hostnames: [the().fqdn('gd')],
      ip: '198.51.100.20',
    });
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.cache.get(the().fqdn('gd'))?.status, 'good', explain(r));
    assert.deepEqual(await served('gd', 'A'), ['198.51.100.20']);
  });

  test('googledomains with a wrong password: 401 is noticed (exit 1, not good)', async () => {
    const r = await run({
      protocol: 'googledomains',
      server: `127.0.0.1:${HTTPS_PORT}`,
      login: { username: login(the(), 'gd').username, password: 'wrong-password-0123456789' },
      hostnames: [the().fqdn('gd')],
      ip: '198.51.100.99',
    });
    assert.equal(r.code, 1, explain(r));
    assert.notEqual(r.cache.get(the().fqdn('gd'))?.status, 'good', explain(r));
    assert.deepEqual(await served('gd', 'A'), ['198.51.100.20']);
  });

  test('googledomains for a host that does not exist: a non-2xx status, so ddclient does not record good', async () => {
    // googledomains never reads the body; SPEC §2.2 gives its requests a matching non-2xx status (404 nohost).
    const missing = `nowhere.${ZONE}`;
    const r = await run({
      protocol: 'googledomains',
      server: `127.0.0.1:${HTTPS_PORT}`,
      login: login(the(), 'gdmiss'),
      hostnames: [missing],
      ip: '198.51.100.77',
    });
    assert.notEqual(r.cache.get(missing)?.status, 'good', explain(r));
    const a = await digAddress(the().dnsPort, missing, 'A', the().netns);
    assert.deepEqual(a.addresses, [], a.raw);
  });
});
