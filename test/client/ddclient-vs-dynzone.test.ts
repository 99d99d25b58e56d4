// The same scenario run with Debian's ddclient 3.10 and with `dynzone client` against one `dynzone serve`
// (private network namespace, TLS verified against the test CA): both must end with the same DNS answer
// (asked with dig). Then the trap of SPEC §2.3: ddclient takes `nochg` for success and sends again on every
// run that its cache does not stop — with `-force` as in Debian's sample cron line, or with a cache that did
// not survive (a fresh one per run here) — so the host gets blocked for abuse. `dynzone client` run as
// often sends one request and the host stays online.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startLab, login, type Lab } from '../helpers/clients-lab.js';
import { showHost } from '../helpers/clients-dynzone.js';
import { digAddress, type AddressAnswer } from '../helpers/clients-dig.js';
import { runDdclient, type DdclientOptions, type DdclientResult } from '../helpers/clients-run.js';
import { describeRun, type RunResult } from '../helpers/clients-process.js';
import { runClientOnce, writeYaml } from './client-cli.js';

const ZONE = 'cmp.example.test';
const HTTPS_PORT = 8443;
const DNS_PORT = 5300;
// SPEC §2.3 default: more than 5 nochg answers within an hour block the host.
const RUNS = 8;

interface HostView {
  readonly state: string;
  readonly updates: number;
  readonly nochg: number;
}

describe('ddclient and dynzone client, same scenario, same server', { timeout: 600_000 }, () => {
  let lab: Lab | undefined;
  let runNo = 0;
  const the = (): Lab => {
    if (!lab) throw new Error('lab not started');
    return lab;
  };
  const ddclient = (o: Omit<DdclientOptions, 'dir' | 'caFile'>): Promise<DdclientResult> =>
    runDdclient(the().netns, { ...o, dir: join(the().dir, `dd-${++runNo}`), caFile: the().pki.caCert });
  const ddOk = (r: DdclientResult): void =>
    assert.equal(r.code, 0, `${describeRun('ddclient', r)}\n--- config ---\n${r.config}`);
  const dzOk = (r: RunResult): void => assert.equal(r.code, 0, describeRun('dynzone client', r));
  const answer = async (owner: string, qtype: 'A' | 'AAAA'): Promise<Omit<AddressAnswer, 'raw'>> => {
    const a = await digAddress(the().dnsPort, the().fqdn(owner), qtype, the().netns);
    return { status: a.status, authoritative: a.authoritative, addresses: a.addresses };
  };
  const view = async (owner: string): Promise<HostView> =>
    (await showHost(the().dataDir, the().fqdn(owner))) as HostView;
  const dzConfig = (
    name: string,
    owner: string,
    sources: string,
    server = `https://127.0.0.1:${HTTPS_PORT}`,
  ): Promise<string> => {
    const c = login(the(), owner);
    return writeYaml(
      join(the().dir, `${name}.yaml`),
      [
        'interval: 300',
        `cache: ${join(the().dir, `${name}.cache.json`)}`,
        'accounts:',
        `  - server: ${server}`,
        `    username: ${c.username}`,
        `    password: ${JSON.stringify(c.password)}`,
        `    ca_file: ${the().pki.caCert}`,
        `    hostnames: [${the().fqdn(owner)}]`,
        ...sources.split('\n').map((l) => `    ${l}`),
        '',
      ].join('\n'),
    );
  };

  before(async () => {
    lab = await startLab({
      prefix: 'dzcmp',
      zone: ZONE,
      hosts: ['dd', 'dz', 'ddloop', 'dzloop'],
      httpsListen: `[::]:${HTTPS_PORT}`,
      dnsPort: DNS_PORT,
    });
  });
  after(async () => {
    await lab?.close();
  });

  test('IPv4, then IPv6 over IPv6 transport, then a new IPv4: both hosts end with the same DNS answers', async () => {
    const steps: readonly { readonly v4?: string; readonly v6?: string }[] = [
      { v4: '198.51.100.70' },
      { v6: '2001:db8::70' },
      { v4: '198.51.100.71' },
    ];
    for (const step of steps) {
      const ip = step.v4 ?? step.v6!;
      ddOk(
        await ddclient({
          protocol: 'dyndns2',
          // ddclient's server= must contain a dot: ddns6.test maps to ::1 inside the namespace.
          server: step.v6 ? `ddns6.test:${HTTPS_PORT}` : `127.0.0.1:${HTTPS_PORT}`,
          login: login(the(), 'dd'),
          hostnames: [the().fqdn('dd')],
          ip,
        }),
      );
      const file = await dzConfig(
        `dz-${ip}`,
        'dz',
        step.v4
          ? `ipv4: { source: fixed, address: "${step.v4}" }`
          : `ipv6: { source: fixed, address: "${step.v6}" }`,
        step.v6 ? `https://ddns6.test:${HTTPS_PORT}` : `https://127.0.0.1:${HTTPS_PORT}`,
      );
      dzOk(await runClientOnce(file, { netns: the().netns }));
      for (const qtype of ['A', 'AAAA'] as const) {
        const [dd, dz] = [await answer('dd', qtype), await answer('dz', qtype)];
        assert.deepEqual(dz, dd, `${qtype} after setting ${ip}`);
      }
    }
    assert.deepEqual((await answer('dz', 'A')).addresses, ['198.51.100.71']);
    assert.deepEqual((await answer('dz', 'AAAA')).addresses, ['2001:db8::70']);
    assert.equal((await answer('dz', 'A')).authoritative, true);
  });

  test(`nochg ${RUNS} times: ddclient gets the host blocked for abuse, dynzone client does not`, async () => {
    const ip = '198.51.100.80';
    const seen: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await ddclient({
        protocol: 'dyndns2',
        server: `127.0.0.1:${HTTPS_PORT}`,
        login: login(the(), 'ddloop'),
        hostnames: [the().fqdn('ddloop')],
        ip,
      });
      seen.push(r.cache.get(the().fqdn('ddloop'))?.status ?? '?');
    }
    // ddclient records nochg as "good" and carries on; the server ran out of patience.
    assert.equal(seen[0], 'good');
    assert.ok(seen.includes('abuse'), `ddclient statuses: ${seen.join(' ')}`);
    assert.equal((await view('ddloop')).state, 'blocked');
    // A blocked host keeps serving its last address (SPEC §2.3).
    assert.deepEqual((await answer('ddloop', 'A')).addresses, [ip]);

    const file = await dzConfig('dzloop', 'dzloop', `ipv4: { source: fixed, address: "${ip}" }`);
    for (let i = 0; i < RUNS; i++) dzOk(await runClientOnce(file, { netns: the().netns }));
    const h = await view('dzloop');
    assert.deepEqual([h.state, h.updates, h.nochg], ['online', 1, 0]);
    assert.deepEqual((await answer('dzloop', 'A')).addresses, [ip]);
  });
});
