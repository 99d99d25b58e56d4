// The console's ready-to-paste client settings (src/console/web/client-settings.ts), pasted into the real
// clients: Debian's ddclient 3.10 (protocol=dyndns2 and protocol=googledomains), inadyn 2.10 and curl, run
// against `dynzone serve` in a private network namespace with TLS verification on. Only what a user must
// fill in for this lab is changed: the path of the CA certificate (the console writes a placeholder path),
// and inadyn's verify-address=false, since its checkip answer here is a loopback address.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clientSettings, type ClientSetting } from '../../src/console/web/client-settings.js';
import { startLab, login, type Lab } from '../helpers/clients-lab.js';
import { digAddress } from '../helpers/clients-dig.js';
import { describeRun } from '../helpers/clients-process.js';

const ZONE = 'con.example.test';
const HTTPS_PORT = 8443;
const DNS_PORT = 5300;
// The name the lab's certificate and hosts file know for 127.0.0.1 (ddclient needs a dotted server name).
const SERVER = `ddns.test:${HTTPS_PORT}`;

describe('the console’s client settings work when pasted into real clients', { timeout: 300_000 }, () => {
  let lab: Lab | undefined;
  const the = (): Lab => {
    if (!lab) throw new Error('lab not started');
    return lab;
  };
  const settingsFor = (owner: string): Record<ClientSetting['id'], string> => {
    const c = login(the(), owner);
    const all = clientSettings({
      server: SERVER,
      hostname: the().fqdn(owner),
      username: c.username,
      password: c.password,
      selfSigned: true,
    });
    return Object.fromEntries(all.map((s) => [s.id, s.text])) as Record<ClientSetting['id'], string>;
  };
  const served = async (owner: string): Promise<readonly string[]> => {
    const a = await digAddress(the().dnsPort, the().fqdn(owner), 'A', the().netns);
    assert.equal(a.status, 'NOERROR', a.raw);
    return a.addresses;
  };

  before(async () => {
    lab = await startLab({
      prefix: 'dzcon',
      zone: ZONE,
      hosts: ['dyn2', 'gd', 'inadyn', 'curl'],
      httpsListen: `127.0.0.1:${HTTPS_PORT}`,
      dnsPort: DNS_PORT,
    });
  });
  after(async () => {
    await lab?.close();
  });

  for (const [owner, id] of [
    ['dyn2', 'ddclient-dyndns2'],
    ['gd', 'ddclient-googledomains'],
  ] as const) {
    test(`ddclient with the ${id} settings: good, and the A record is served`, async () => {
      const dir = join(the().dir, id);
      await mkdir(dir, { recursive: true });
      const text = settingsFor(owner)[id].replaceAll('/etc/ddclient/dynzone-cert.pem', the().pki.caCert);
      const conf = join(dir, 'ddclient.conf');
      await writeFile(conf, text, { mode: 0o600 });
      await chmod(conf, 0o600);
      const r = await the().netns.run(
        'ddclient',
        [
          '-daemon=0',
          '-foreground',
          '-verbose',
          '-noquiet',
          '-force',
          '-file',
          conf,
          '-cache',
          join(dir, 'cache'),
        ],
        { timeoutMs: 60_000 },
      );
      const why = `${describeRun('ddclient', r)}\n--- config ---\n${text}`;
      assert.equal(r.code, 0, why);
      const cache = await readFile(join(dir, 'cache'), 'utf8');
      assert.match(cache, /status=good/, why);
      // The checkip URL of the settings saw the client's own address: 127.0.0.1 inside the namespace.
      assert.deepEqual(await served(owner), ['127.0.0.1']);
    });
  }

  test('inadyn with the console’s settings: the update succeeds and the A record is served', async () => {
    const dir = join(the().dir, 'inadyn');
    const cacheDir = join(dir, 'cache');
    await mkdir(cacheDir, { recursive: true });
    const text =
      'verify-address = false\n' +
      settingsFor('inadyn').inadyn.replaceAll('/etc/inadyn/dynzone-cert.pem', the().pki.caCert);
    const conf = join(dir, 'inadyn.conf');
    await writeFile(conf, text, { mode: 0o600 });
    await writeFile(join(cacheDir, `${the().fqdn('inadyn')}.cache`), '0.0.0.0');
    const r = await the().netns.run(
      'inadyn',
      ['-1', '--foreground', '-l', 'debug', '-f', conf, '--cache-dir', cacheDir],
      {
        timeoutMs: 60_000,
      },
    );
    const why = `${describeRun('inadyn', r)}\n--- config ---\n${text}`;
    assert.equal(r.code, 0, why);
    assert.deepEqual(await served('inadyn'), ['127.0.0.1'], why);
  });

  test('the curl line of the settings, run by a shell, answers good', async () => {
    const line = settingsFor('curl')
      .curl.split('\n')
      .find((l) => l.startsWith('curl '))!
      .replace('--cacert tls-cert.pem', `--cacert '${the().pki.caCert}'`);
    // As pasted: no myip, so the address is the one the request comes from (127.0.0.1 here).
    const r = await the().netns.run('sh', ['-c', line], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, describeRun('curl', r));
    assert.equal(r.stdout.trim(), 'good 127.0.0.1', describeRun('curl', r));
    assert.deepEqual(await served('curl'), ['127.0.0.1']);
  });
});
