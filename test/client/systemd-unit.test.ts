// deploy/systemd/dynzone-client.service: systemd itself accepts the unit (systemd-analyze verify, with
// ExecStart pointed at this checkout), it keeps the hardening the README promises, and the client works in
// the environment the unit gives it: config and password as credentials in one directory (relative paths
// resolve there), no `cache:` key, and $STATE_DIRECTORY as the only writable place for the cache.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, dynzoneEntry } from '../helpers/clients-dynzone.js';
import { describeRun, runProgram } from '../helpers/clients-process.js';
import { startTestbed, type Testbed } from './client-testbed.js';
import { runClientOnce, writeYaml } from './client-cli.js';

const UNIT = join(REPO_ROOT, 'deploy/systemd/dynzone-client.service');

function serviceSettings(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || line === '') continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      section = s[1]!;
      continue;
    }
    const i = line.indexOf('=');
    if (section !== 'Service' || i < 0) continue;
    const k = line.slice(0, i);
    out.set(k, [...(out.get(k) ?? []), line.slice(i + 1)]);
  }
  return out;
}

describe('systemd unit for dynzone client', { timeout: 60_000 }, () => {
  let tb: Testbed;
  before(async () => {
    tb = await startTestbed('dzc-unit');
  });
  after(async () => {
    await tb.close();
  });

  test('systemd-analyze verify accepts the unit without a warning', async () => {
    const text = await readFile(UNIT, 'utf8');
    assert.match(text, /^ExecStart=\/usr\/local\/bin\/dynzone client --config %d\/client\.yaml$/m);
    const copy = join(tb.dir, 'dynzone-client.service');
    await writeFile(
      copy,
      text.replace('ExecStart=/usr/local/bin/dynzone', `ExecStart=${process.execPath} ${dynzoneEntry()}`),
    );
    const r = await runProgram('systemd-analyze', ['verify', copy], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, describeRun('systemd-analyze verify', r));
    assert.equal(r.stderr.trim(), '', describeRun('systemd-analyze verify', r));
  });

  test('the unit is hardened: no privileges, read-only system, a private state directory', async () => {
    const s = serviceSettings(await readFile(UNIT, 'utf8'));
    const one = (k: string): string | undefined => s.get(k)?.at(-1);
    assert.equal(one('NoNewPrivileges'), 'yes');
    assert.equal(one('ProtectSystem'), 'strict');
    assert.equal(one('ProtectHome'), 'yes');
    assert.equal(one('DynamicUser'), 'yes');
    assert.equal(one('StateDirectory'), 'dynzone-client');
    assert.equal(one('CapabilityBoundingSet'), '');
    assert.equal(one('PrivateTmp'), 'yes');
    assert.equal(one('PrivateDevices'), 'yes');
    assert.equal(one('KillSignal'), 'SIGTERM');
    // The interface source lists addresses over netlink; without AF_NETLINK it would see no interface.
    assert.deepEqual(one('RestrictAddressFamilies')?.split(' ').sort(), [
      'AF_INET',
      'AF_INET6',
      'AF_NETLINK',
      'AF_UNIX',
    ]);
    assert.equal(one('LoadCredential'), 'client.yaml:/etc/dynzone/client.yaml');
  });

  test('the client works the way the unit runs it: credentials directory, $STATE_DIRECTORY cache', async () => {
    const creds = join(tb.dir, 'credentials');
    const state = join(tb.dir, 'state');
    await mkdir(creds);
    await mkdir(state, { mode: 0o700 });
    await writeFile(join(creds, 'client.password'), 'unit-secret\n');
    const config = await writeYaml(
      join(creds, 'client.yaml'),
      `
accounts:
  - server: ${tb.standin.url}
    username: unit-user
    password_file: client.password
    ca_file: ${tb.pki.caCert}
    hostnames: [unit.example.test]
    ipv4: { source: fixed, address: 198.51.100.90 }
`,
    );
    const env = { ...process.env, STATE_DIRECTORY: state, CREDENTIALS_DIRECTORY: creds };
    const r = await runClientOnce(config, { env });
    assert.equal(r.code, 0, describeRun('dynzone client --once', r));
    assert.deepEqual(tb.standin.updates.at(-1)?.login, { username: 'unit-user', password: 'unit-secret' });
    const cache = join(state, 'cache.json');
    assert.equal((await stat(cache)).mode & 0o777, 0o600);
    assert.match(await readFile(cache, 'utf8'), /198\.51\.100\.90/);
    // The second run finds that cache: nothing sent.
    const before = tb.standin.updates.length;
    assert.equal((await runClientOnce(config, { env })).code, 0);
    assert.equal(tb.standin.updates.length, before);
  });
});
