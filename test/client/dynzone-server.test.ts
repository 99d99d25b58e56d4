// `dynzone client` against a real Dynzone server (`dynzone serve` with the test certificate, in a private
// network namespace, TLS verified against the test CA): first update, unchanged address (no request — the
// server's own host history and counters prove it), changed address, two hostnames in one request, IPv6
// over IPv6 transport with the address taken from a network interface, checkip, and daemon mode stopping
// on SIGTERM. What the name server answers afterwards is asked with dig.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLab, login, type Lab } from '../helpers/clients-lab.js';
import { showHost } from '../helpers/clients-dynzone.js';
import { digAddress } from '../helpers/clients-dig.js';
import { describeRun, type RunResult } from '../helpers/clients-process.js';
import { addHostSharingLogin } from '../helpers/client-shared-login.js';
import { runClientOnce, startClientDaemon, writeYaml } from './client-cli.js';

const ZONE = 'dzc.example.test';
const HTTPS_PORT = 8443;
const DNS_PORT = 5300;

interface HistoryEntry {
  readonly at: string;
  readonly answer: string;
  readonly newIpv4: string | null;
  readonly newIpv6: string | null;
  readonly userAgent: string | null;
}
interface HostView {
  readonly state: string;
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  readonly updates: number;
  readonly nochg: number;
  readonly history: readonly HistoryEntry[];
}

describe('dynzone client against a real Dynzone server', { timeout: 300_000 }, () => {
  let lab: Lab | undefined;
  let version = '';
  const the = (): Lab => {
    if (!lab) throw new Error('lab not started');
    return lab;
  };
  const view = async (owner: string): Promise<HostView> =>
    (await showHost(the().dataDir, the().fqdn(owner), ['--history', '100'])) as HostView;
  const served = async (owner: string, qtype: 'A' | 'AAAA'): Promise<readonly string[]> => {
    const a = await digAddress(the().dnsPort, the().fqdn(owner), qtype, the().netns);
    assert.equal(a.status, 'NOERROR', a.raw);
    return a.addresses;
  };
  const config = (name: string, body: string): Promise<string> =>
    writeYaml(
      join(the().dir, `${name}.yaml`),
      `interval: 300\ncache: ${join(the().dir, `${name}.cache.json`)}\ntimeout: 10\naccounts:\n${body}`,
    );
  const account = (owner: string, lines: string, server = `https://127.0.0.1:${HTTPS_PORT}`): string => {
    const c = login(the(), owner);
    return [
      `  - server: ${server}`,
      `    username: ${c.username}`,
      `    password: ${JSON.stringify(c.password)}`,
      `    ca_file: ${the().pki.caCert}`,
      ...lines
        .trim()
        .split('\n')
        .map((l) => `    ${l.trim()}`),
      '',
    ].join('\n');
  };
  const once = async (file: string): Promise<RunResult> => runClientOnce(file, { netns: the().netns });
  const ok = (r: RunResult): void => assert.equal(r.code, 0, describeRun('dynzone client --once', r));

  before(async () => {
    version = (
      JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
        version: string;
      }
    ).version;
    lab = await startLab({
      prefix: 'dzcli',
      zone: ZONE,
      hosts: ['home', 'pair-a', 'six', 'web', 'daemon'],
      // [::] takes IPv4 (as ::ffff:127.0.0.1) and IPv6 connections on one listener.
      httpsListen: `[::]:${HTTPS_PORT}`,
      dnsPort: DNS_PORT,
    });
    // pair-b shares pair-a's login, so one request may carry both names.
    await addHostSharingLogin(the().dataDir, the().fqdn('pair-b'), the().fqdn('pair-a'));
  });
  after(async () => {
    await lab?.close();
  });

  test('first update: good, served by DNS, history names dynzone-client/<version>', async () => {
    const file = await config(
      'home',
      account('home', 'hostnames: [home.dzc.example.test]\nipv4: { source: fixed, address: 198.51.100.1 }'),
    );
    const r = await once(file);
    ok(r);
    assert.match(r.stderr, /home\.dzc\.example\.test: updated to 198\.51\.100\.1 \(good 198\.51\.100\.1\)/);
    assert.deepEqual(await served('home', 'A'), ['198.51.100.1']);
    const h = await view('home');
    assert.equal(h.updates, 1);
    assert.equal(h.history.length, 1);
    assert.equal(h.history[0]!.newIpv4, '198.51.100.1');
    assert.equal(h.history[0]!.userAgent, `dynzone-client/${version}`);
  });

  test('unchanged address: three more runs send nothing (the server saw no request)', async () => {
    const file = join(the().dir, 'home.yaml');
    const before = await view('home');
    for (let i = 0; i < 3; i++) {
      const r = await once(file);
      ok(r);
      assert.match(r.stderr, /0 requests sent/);
    }
    const h = await view('home');
    // Not even a nochg: the counters and the history are exactly as before.
    assert.deepEqual(
      [h.updates, h.nochg, h.history.length],
      [before.updates, before.nochg, before.history.length],
    );
    assert.equal(h.state, 'online');
  });

  test('changed address: sent once, DNS serves the new one, history shows old → new', async () => {
    const file = join(the().dir, 'home.yaml');
    const text = await readFile(file, 'utf8');
    await writeYaml(file, text.replace('198.51.100.1', '198.51.100.2'));
    ok(await once(file));
    assert.deepEqual(await served('home', 'A'), ['198.51.100.2']);
    ok(await once(file));
    const h = await view('home');
    assert.equal(h.updates, 2);
    assert.deepEqual(
      h.history.map((e) => e.newIpv4),
      ['198.51.100.2', '198.51.100.1'],
    );
  });

  test('two hostnames, one request: both updated, one history entry each', async () => {
    const file = await config(
      'pair',
      account(
        'pair-a',
        'hostnames: [pair-a.dzc.example.test, pair-b.dzc.example.test]\nipv4: { source: fixed, address: 198.51.100.3 }',
      ),
    );
    const r = await once(file);
    ok(r);
    assert.match(r.stderr, /2 hosts: 2 updated; 1 request sent/);
    assert.deepEqual(await served('pair-a', 'A'), ['198.51.100.3']);
    assert.deepEqual(await served('pair-b', 'A'), ['198.51.100.3']);
    const [a, b] = [await view('pair-a'), await view('pair-b')];
    assert.deepEqual([a.history.length, b.history.length], [1, 1]);
    assert.deepEqual([a.history[0]!.newIpv4, b.history[0]!.newIpv4], ['198.51.100.3', '198.51.100.3']);
  });

  test('IPv6 over IPv6 transport, addresses from an interface: private, shared, ULA, link-local and deprecated ones skipped', async () => {
    const ns = the().netns;
    const ip = async (...args: string[]): Promise<void> => {
      const r = await ns.run('ip', args);
      assert.equal(r.code, 0, describeRun(`ip ${args.join(' ')}`, r));
    };
    // A veth pair (the dummy driver may be missing from the kernel); dz0 is the "WAN" interface.
    await ip('link', 'add', 'dz0', 'type', 'veth', 'peer', 'name', 'dz1');
    await ip('link', 'set', 'dz0', 'up');
    await ip('link', 'set', 'dz1', 'up');
    // In listing order: private and shared IPv4 first, then the global one; ULA before the global IPv6.
    await ip('addr', 'add', '10.1.2.3/24', 'dev', 'dz0');
    await ip('addr', 'add', '100.64.0.9/10', 'dev', 'dz0');
    await ip('addr', 'add', '11.22.33.44/32', 'dev', 'dz0');
    await ip('-6', 'addr', 'add', 'fd12:3456::5/64', 'dev', 'dz0', 'nodad');
    // A deprecated address (preferred lifetime over) is on its way out: never published.
    await ip('-6', 'addr', 'add', '2a02:c0de::4/64', 'dev', 'dz0', 'nodad', 'preferred_lft', '0');
    await ip('-6', 'addr', 'add', '2a02:c0de::5/64', 'dev', 'dz0', 'nodad');
    const file = await config(
      'six',
      account(
        'six',
        'hostnames: [six.dzc.example.test]\nipv4: { source: interface, interface: dz0 }\nipv6: { source: interface, interface: dz0 }',
        `https://ddns6.test:${HTTPS_PORT}`,
      ),
    );
    const r = await once(file);
    ok(r);
    assert.deepEqual(await served('six', 'A'), ['11.22.33.44']);
    assert.deepEqual(await served('six', 'AAAA'), ['2a02:c0de::5']);
    const h = await view('six');
    assert.deepEqual([h.ipv4, h.ipv6, h.updates], ['11.22.33.44', '2a02:c0de::5', 1]);
    // The interface's IPv6 address changes: only that is news; the update goes out again, once.
    await ip('-6', 'addr', 'del', '2a02:c0de::5/64', 'dev', 'dz0');
    await ip('-6', 'addr', 'add', '2a02:c0de::6/64', 'dev', 'dz0', 'nodad');
    ok(await once(file));
    ok(await once(file));
    assert.deepEqual(await served('six', 'AAAA'), ['2a02:c0de::6']);
    assert.deepEqual(await served('six', 'A'), ['11.22.33.44']);
    assert.equal((await view('six')).updates, 2);
  });

  test("checkip: Dynzone's /checkip reports loopback, which is ignored unless allow_private", async () => {
    const lines =
      'hostnames: [web.dzc.example.test]\nipv4: { source: web, url: "https://127.0.0.1:8443/checkip" }';
    const strict = await config('web-strict', account('web', lines));
    const r = await once(strict);
    assert.equal(r.code, 5, describeRun('dynzone client --once', r));
    assert.match(r.stderr, /ignored 127\.0\.0\.1 \(loopback\); set allow_private: true/);
    assert.equal((await view('web')).updates, 0, 'nothing was sent');
    const loose = await config('web-loose', account('web', `${lines}\nallow_private: true`));
    ok(await once(loose));
    assert.deepEqual(await served('web', 'A'), ['127.0.0.1']);
  });

  test('daemon mode: updates, keeps running, stops cleanly on SIGTERM (exit 0)', async () => {
    const file = await config(
      'daemon',
      account(
        'daemon',
        'hostnames: [daemon.dzc.example.test]\nipv4: { source: fixed, address: 198.51.100.9 }',
      ),
    );
    const d = startClientDaemon(file, the().netns);
    const deadline = Date.now() + 20_000;
    while ((await view('daemon')).updates < 1) {
      assert.ok(Date.now() < deadline, `no update within 20 s:\n${d.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(d.child.exitCode, null, `still running:\n${d.output()}`);
    d.child.kill('SIGTERM');
    const code = await Promise.race([d.exited, new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
    assert.equal(code, 0, d.output());
    assert.match(d.output(), /SIGTERM received, stopping/);
    assert.match(d.output(), /INFO  stopped/);
    assert.deepEqual(await served('daemon', 'A'), ['198.51.100.9']);
  });
});
