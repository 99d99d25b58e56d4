// `dynzone client --once` as a user runs it (from cron): the real command line against the scripted stand-in,
// asserting the documented exit statuses (0 up to date, 5 retry later, 6 stopped, 1 config error, 4 cache
// unusable), the readable and the JSON log, password_file / password_env, and that no secret is printed.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixed, startTestbed, writeClientConfig, type Testbed } from './client-testbed.js';
import { goodForAll } from '../helpers/dyndns2-standin.js';
import { describeRun, type RunResult } from '../helpers/clients-process.js';
import { runClientOnce, writeYaml } from './client-cli.js';

describe('dynzone client --once: exit status and output', { timeout: 120_000 }, () => {
  let tb: Testbed;
  let n = 0;
  const host = (): string => `cli${++n}.example.test`;
  const expectCode = (r: RunResult, code: number): void =>
    assert.equal(r.code, code, describeRun('dynzone client --once', r));

  before(async () => {
    tb = await startTestbed('dzc-cli');
  });
  after(async () => {
    await tb.close();
  });
  beforeEach(() => tb.standin.script(goodForAll));

  test('0 when every host is up to date; the log says what happened, per host', async () => {
    const h = host();
    const file = await writeClientConfig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.1') }]);
    const r = await runClientOnce(file);
    expectCode(r, 0);
    assert.match(r.stderr, new RegExp(`INFO  ${h.replace(/\./g, '\\.')}: updated to 198\\.51\\.100\\.1`));
    assert.match(r.stderr, /1 host: 1 updated; 1 request sent/);
    const again = await runClientOnce(file);
    expectCode(again, 0);
    assert.match(again.stderr, /1 host: 1 current; 0 requests sent/);
  });

  test('6 when a host is stopped (badauth), loudly; still 6 on the next run, with nothing sent', async () => {
    const h = host();
    tb.standin.script(() => ({ status: 401, body: 'badauth\n' }));
    const file = await writeClientConfig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.2') }]);
    const r = await runClientOnce(file);
    expectCode(r, 6);
    assert.match(r.stderr, /ERROR .*STOPPED: the provider answered "badauth"/);
    assert.match(r.stderr, /dynzone: error: 1 of 1 hosts not up to date: .* stopped/);
    const before = tb.standin.updates.length;
    const again = await runClientOnce(file);
    expectCode(again, 6);
    assert.match(again.stderr, /ERROR .*STOPPED since/);
    assert.equal(tb.standin.updates.length, before, 'no request on the second run');
    // --retry-stopped is the documented way to try once more without editing the config.
    tb.standin.script(goodForAll);
    expectCode(await runClientOnce(file, { extra: ['--retry-stopped'] }), 0);
    assert.equal(tb.standin.updates.length, before + 1);
  });

  test('5 when the provider failed (911); an immediate second run waits (still 5, nothing sent)', async () => {
    const h = host();
    tb.standin.script(() => ({ body: '911\n' }));
    const file = await writeClientConfig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.3') }]);
    const r = await runClientOnce(file);
    expectCode(r, 5);
    assert.match(r.stderr, /WARN .*update failed: the provider answered 911.*next attempt not before/);
    const before = tb.standin.updates.length;
    const again = await runClientOnce(file);
    expectCode(again, 5);
    assert.match(again.stderr, /waiting/);
    assert.equal(tb.standin.updates.length, before);
  });

  test('6 wins over 5 when one host is stopped and another failed', async () => {
    const [a, b] = [host(), host()];
    tb.standin.script(() => ({ body: 'nohost\n911\n' }));
    const file = await writeClientConfig(tb, [{ hostnames: [a, b], ipv4: fixed('198.51.100.4') }]);
    expectCode(await runClientOnce(file), 6);
  });

  test('1 for a config error, one line naming file, line, column and field; nothing sent', async () => {
    const before = tb.standin.updates.length;
    const file = await writeYaml(
      join(tb.dir, 'bad.yaml'),
      `
interval: 300
accounts:
  - server: ${tb.standin.url}
    username: u
    password: p
    hostnames: [ok.example.test]
    ipv4: { source: fixed, address: 2001:db8::1 }
`,
    );
    const r = await runClientOnce(file);
    expectCode(r, 1);
    assert.equal(
      r.stderr,
      `dynzone: error: ${file}:7:37: accounts[0].ipv4.address: must be an IPv4 address\n`,
    );
    assert.equal(tb.standin.updates.length, before);
  });

  test('4 when the cache cannot be read or written: nothing is sent (it would be repeated on every run)', async () => {
    const before = tb.standin.updates.length;
    const blocker = join(tb.dir, 'not-a-dir');
    await writeFile(blocker, '');
    const cases = [
      { cache: join(blocker, 'cache.json'), says: /cannot read the cache file/ },
      // sysfs: a missing file reads as "no cache yet", but nothing can be created there, not even by root.
      { cache: '/sys/kernel/dynzone-client-test-cache.json', says: /cannot write the cache file/ },
    ];
    for (const c of cases) {
      const file = await writeClientConfig(tb, [{ hostnames: [host()], ipv4: fixed('198.51.100.5') }], {
        cache: c.cache,
      });
      const r = await runClientOnce(file);
      expectCode(r, 4);
      assert.match(r.stderr, c.says);
    }
    assert.equal(tb.standin.updates.length, before);
  });

  test('--log-format json: one JSON object per line on stdout, with level, host and message', async () => {
    const h = host();
    tb.standin.script(() => ({ body: 'abuse\n' }));
    const file = await writeClientConfig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.6') }]);
    const r = await runClientOnce(file, { extra: ['--log-format', 'json'] });
    expectCode(r, 6);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; host?: string });
    const stop = lines.find((l) => l.msg.startsWith('STOPPED'));
    assert.ok(stop, r.stdout);
    assert.equal(stop.level, 50, 'pino level 50 = error');
    assert.equal(stop.host, h);
  });

  test('password_file and password_env; the password never appears in any output, even at debug level', async () => {
    const pwFile = join(tb.dir, 'pw.txt');
    await writeFile(pwFile, 'file-secret-XYZ\n');
    await chmod(pwFile, 0o600);
    const [a, b] = [host(), host()];
    const file = await writeYaml(
      join(tb.dir, 'pw.yaml'),
      `
cache: pw.cache.json
accounts:
  - server: ${tb.standin.url}
    username: from-file
    password_file: pw.txt
    ca_file: ${tb.pki.caCert}
    hostnames: ${a}
    ipv4: { source: fixed, address: 198.51.100.7 }
  - server: ${tb.standin.url}
    username: from-env
    password_env: DZ_TEST_PASSWORD
    ca_file: ${tb.pki.caCert}
    hostnames: ${b}
    ipv4: { source: fixed, address: 198.51.100.7 }
`,
    );
    const r = await runClientOnce(file, {
      extra: ['--log-level', 'debug'],
      env: { ...process.env, DZ_TEST_PASSWORD: 'env-secret-XYZ' },
    });
    expectCode(r, 0);
    const logins = tb.standin.updates.slice(-2).map((u) => u.login);
    assert.deepEqual(logins, [
      { username: 'from-file', password: 'file-secret-XYZ' },
      { username: 'from-env', password: 'env-secret-XYZ' },
    ]);
    const out = r.stdout + r.stderr;
    assert.match(out, /DEBUG .*GET https:\/\/127\.0\.0\.1:\d+\/nic\/update\?hostname=/);
    for (const secret of [
      'file-secret',
      'env-secret',
      Buffer.from('from-file:file-secret-XYZ').toString('base64'),
    ])
      assert.ok(!out.includes(secret), `"${secret}" printed:\n${out}`);
    // Without the variable: a config error that names the field.
    const missing = await runClientOnce(file, { env: { ...process.env, DZ_TEST_PASSWORD: undefined } });
    expectCode(missing, 1);
    assert.match(
      missing.stderr,
      /accounts\[1\]\.password_env: environment variable DZ_TEST_PASSWORD is not set/,
    );
  });
});
