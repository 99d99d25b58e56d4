// Configuration resolution: precedence flag > env > file > default, validation errors that name the key
// and the file line (or the variable / flag), unknown keys, cross-key checks, diffs for reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { resolveConfig } from './resolve.js';
import { ConfigError } from './errors.js';
import { diffConfig, describeConfig } from './describe.js';
import { CONFIG_KEYS, envNameOf } from './keys.js';
import type { FlagValue } from './layers.js';

function withFile(text: string, fn: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'dz-config-'));
  try {
    const path = join(dir, 'dynzone.yaml');
    writeFileSync(path, text);
    fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

test('defaults are SPEC §7 development settings', () => {
  const { config, sources } = resolveConfig();
  assert.deepEqual(config.dns.listen, [{ host: '127.0.0.1', port: 5300 }]);
  assert.deepEqual(config.https.listen, { host: '127.0.0.1', port: 8443 });
  assert.deepEqual(config.http.listen, { host: '127.0.0.1', port: 8080 });
  assert.equal(config.metrics.listen, null);
  assert.equal(config.dataDir, './data');
  assert.equal(config.dns.workers, 'auto');
  assert.equal(config.updates.abuse.maxNochg, 5);
  assert.equal(config.hosts.defaultTtl, 60);
  assert.equal(config.log.format, 'auto');
  assert.equal(config.store.kind, 'sqlite');
  assert.match(config.store.kind === 'sqlite' ? config.store.path : '', /data\/dynzone\.db$/);
  assert.deepEqual(sources.get('dns.listen'), { kind: 'default' });
});

test('precedence: flag beats environment beats file beats default, key by key', () => {
  withFile(
    'data_dir: /srv/from-file\nhosts:\n  default_ttl: 300\nupdates:\n  abuse:\n    max_nochg: 7\n    max_faults: 8\n',
    (file) => {
      const env = {
        DYNZONE_UPDATES_ABUSE_MAX_NOCHG: '9',
        DYNZONE_DATA_DIR: '/srv/from-env',
        DYNZONE_LOG_LEVEL: 'debug',
      };
      const flags = new Map<string, FlagValue>([
        ['data_dir', { value: '/srv/from-flag', flag: '--data-dir' }],
      ]);
      const r = resolveConfig({ file, env, flags });
      assert.equal(r.config.dataDir, '/srv/from-flag'); // flag > env > file
      assert.deepEqual(r.sources.get('data_dir'), { kind: 'flag', flag: '--data-dir' });
      assert.equal(r.config.updates.abuse.maxNochg, 9); // env > file
      assert.deepEqual(r.sources.get('updates.abuse.max_nochg'), {
        kind: 'env',
        name: 'DYNZONE_UPDATES_ABUSE_MAX_NOCHG',
      });
      assert.equal(r.config.updates.abuse.maxFaults, 8); // file > default
      assert.deepEqual(r.sources.get('updates.abuse.max_faults'), { kind: 'file', file, line: 7 });
      assert.equal(r.config.hosts.defaultTtl, 300);
      assert.equal(r.config.log.level, 'debug'); // env > default
      assert.equal(r.config.updates.abuse.windowSeconds, 3600); // default
      // Without the flag the environment wins; without both the file.
      assert.equal(resolveConfig({ file, env }).config.dataDir, '/srv/from-env');
      assert.equal(resolveConfig({ file }).config.dataDir, '/srv/from-file');
    },
  );
});

test('every key has its DYNZONE_ variable, and lists and null words read from text', () => {
  for (const k of CONFIG_KEYS) assert.equal(k.env, envNameOf(k.key));
  const r = resolveConfig({
    env: {
      DYNZONE_DNS_LISTEN: '127.0.0.1:53, [::1]:53',
      DYNZONE_HTTPS_LISTEN: 'none',
      DYNZONE_TRUSTED_PROXIES: '10.0.0.0/8,::1',
      DYNZONE_UPDATES_ABUSE_COOLDOWN_SECONDS: 'none',
      DYNZONE_HTTP_INSECURE_UPDATES: 'yes',
      DYNZONE_DNS_WORKERS: '0',
      DYNZONE_METRICS_LISTEN: '127.0.0.1:9153',
    },
  });
  assert.deepEqual(r.config.dns.listen, [
    { host: '127.0.0.1', port: 53 },
    { host: '::1', port: 53 },
  ]);
  assert.equal(r.config.https.listen, null);
  assert.deepEqual(r.config.trustedProxies, ['10.0.0.0/8', '::1']);
  assert.equal(r.config.updates.abuse.cooldownSeconds, null);
  assert.equal(r.config.http.insecureUpdates, true);
  assert.equal(r.config.dns.workers, 0);
  assert.deepEqual(r.config.metrics.listen, { host: '127.0.0.1', port: 9153 });
});

test('a bad value in the file names the key and its line', () => {
  withFile('# comment\ndns:\n  listen:\n    - 127.0.0.1:53\n    - "localhost"\n  workers: many\n', (file) => {
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.code, 'ERR_CONFIG_INVALID');
    assert.equal(e.key, 'dns.listen[1]');
    assert.deepEqual(e.source, { kind: 'file', file, line: 5 });
    assert.match(e.message, /^config: dns\.listen\[1\]: .*HOST:PORT.*line 5\)$/);
  });
  withFile('dns:\n  workers: many\n', (file) => {
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.key, 'dns.workers');
    assert.match(
      e.message,
      /dns\.workers: expected "auto" or an integer from 0 to 64, got "many" \(.*line 2\)/,
    );
  });
  withFile('updates:\n  abuse:\n\n    max_nochg: 0\n', (file) => {
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.key, 'updates.abuse.max_nochg');
    assert.match(e.message, /integer from 1 to 100000, got 0 \(.* line 4\)/);
  });
});

test('unknown keys, sections that are not mappings, and YAML syntax errors give the line', () => {
  withFile('dns:\n  listen: 127.0.0.1:53\n  wrokers: 2\n', (file) => {
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.key, 'dns.wrokers');
    assert.match(e.message, /unknown key \(did you mean dns\.workers\?\) \(.* line 3\)/);
  });
  withFile('updates: 5\n', (file) => {
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.key, 'updates');
    assert.match(e.message, /line 1/);
  });
  withFile('dns:\n  listen: [127.0.0.1:53\nlog:\n  level: info\n', (file) => {
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.code, 'ERR_CONFIG_SYNTAX');
    assert.equal(e.source?.kind, 'file');
  });
  withFile('dns:\n  workers: 1\ndns:\n  workers: 2\n', (file) => {
    assert.equal(configError(() => resolveConfig({ file })).code, 'ERR_CONFIG_SYNTAX');
  });
  const missing = configError(() => resolveConfig({ file: '/nonexistent/dynzone.yaml' }));
  assert.equal(missing.code, 'ERR_CONFIG_UNREADABLE');
});

test('errors from the environment and flags name the variable and the flag', () => {
  const e = configError(() => resolveConfig({ env: { DYNZONE_HOSTS_DEFAULT_TTL: '10' } }));
  assert.equal(e.key, 'hosts.default_ttl');
  assert.match(e.message, /environment DYNZONE_HOSTS_DEFAULT_TTL/);
  const f = configError(() =>
    resolveConfig({ flags: new Map([['https.listen', { value: 'nowhere', flag: '--https-listen' }]]) }),
  );
  assert.equal(f.key, 'https.listen');
  assert.match(f.message, /flag --https-listen/);
});

test('keys that depend on each other are checked together', () => {
  withFile('https:\n  tls_cert: /etc/ssl/cert.pem\n', (file) => {
    const e = configError(() => resolveConfig({ file, checkFiles: false }));
    assert.equal(e.key, 'https.tls_cert');
    assert.match(e.message, /https\.tls_key is not/);
    assert.match(e.message, /line 2/);
  });
  withFile('https:\n  tls_cert: /nonexistent/cert.pem\n  tls_key: /nonexistent/key.pem\n', (file) => {
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.key, 'https.tls_cert');
    assert.match(e.message, /cannot read \/nonexistent\/cert\.pem \(ENOENT\)/);
  });
  withFile('store:\n  kind: postgres\n', (file) => {
    assert.equal(configError(() => resolveConfig({ file })).key, 'store.kind');
  });
  withFile('metrics:\n  listen: 127.0.0.1:8443\n', (file) => {
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.key, 'metrics.listen');
    assert.match(e.message, /already used by https\.listen/);
  });
});

test('postgres settings; the password file is read and the password never described', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dz-config-'));
  try {
    const pw = join(dir, 'pw');
    writeFileSync(pw, 's3cret-Passw0rd\n');
    const r = resolveConfig({
      env: {
        DYNZONE_STORE_KIND: 'postgres',
        DYNZONE_STORE_POSTGRES_HOST: '/run/postgresql',
        DYNZONE_STORE_POSTGRES_PASSWORD_FILE: pw,
        DYNZONE_STORE_POSTGRES_URL: 'postgres://dz:hunter2@db/dz',
      },
    });
    assert.equal(r.config.store.kind, 'postgres');
    if (r.config.store.kind === 'postgres') assert.equal(r.config.store.password, 's3cret-Passw0rd');
    const text = describeConfig(r).join('\n');
    assert.doesNotMatch(text, /hunter2|s3cret/);
    assert.match(text, /store\.postgres\.url\s+= \(set\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unset store.sqlite.path is <data_dir>/dynzone.db, derived from data_dir; a set one is as given', () => {
  const d = resolveConfig({ env: { DYNZONE_DATA_DIR: '/srv/dz' } });
  assert.equal(d.values.get('store.sqlite.path'), '/srv/dz/dynzone.db');
  assert.deepEqual(d.sources.get('store.sqlite.path'), { kind: 'derived', from: 'data_dir' });
  assert.equal(d.config.store.kind === 'sqlite' ? d.config.store.path : '', '/srv/dz/dynzone.db');
  const line = describeConfig(d).find((l) => l.startsWith('store.sqlite.path '));
  assert.equal(line?.replace(/ +/g, ' '), 'store.sqlite.path = /srv/dz/dynzone.db (derived from data_dir)');
  const set = resolveConfig({
    env: { DYNZONE_DATA_DIR: '/srv/dz', DYNZONE_STORE_SQLITE_PATH: '/fast/dz.db' },
  });
  assert.equal(
    describeConfig(set)
      .find((l) => l.startsWith('store.sqlite.path '))
      ?.replace(/ +/g, ' '),
    'store.sqlite.path = /fast/dz.db (environment DYNZONE_STORE_SQLITE_PATH)',
  );
  // Moving the data directory moves the file: a restart key, reported on reload.
  assert.deepEqual(diffConfig(resolveConfig(), d), [
    { key: 'data_dir', reload: 'restart' },
    { key: 'store.sqlite.path', reload: 'restart' },
  ]);
});

test('diffConfig tells live keys from restart keys', () => {
  const a = resolveConfig();
  const b = resolveConfig({
    env: {
      DYNZONE_UPDATES_ABUSE_MAX_NOCHG: '20',
      DYNZONE_DNS_LISTEN: '127.0.0.1:53',
      DYNZONE_LOG_LEVEL: 'warn',
    },
  });
  assert.deepEqual(diffConfig(a, b), [
    { key: 'dns.listen', reload: 'restart' },
    { key: 'updates.abuse.max_nochg', reload: 'live' },
    { key: 'log.level', reload: 'live' },
  ]);
  assert.deepEqual(diffConfig(a, resolveConfig()), []);
});

test('unknown DYNZONE_ variables are warnings, not errors', () => {
  const r = resolveConfig({
    env: { DYNZONE_DNS_LISTN: 'x', DYNZONE_CONFIG: '/etc/x', DYNZONE_TEST_CLI: 'y' },
  });
  assert.deepEqual(r.warnings, [
    'environment variable DYNZONE_DNS_LISTN is not a configuration key; ignored',
  ]);
});

test('a TLS key that belongs to another certificate is refused when the config is read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dz-config-tls-'));
  try {
    const pair = (name: string): void => {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          join(dir, `${name}.key`),
          '-out',
          join(dir, `${name}.crt`),
          '-days',
          '1',
          '-subj',
          `/CN=${name}`,
        ],
        { stdio: 'ignore' },
      );
    };
    pair('one');
    pair('two');
    const file = join(dir, 'dynzone.yaml');
    writeFileSync(file, `https:\n  tls_cert: ${join(dir, 'one.crt')}\n  tls_key: ${join(dir, 'two.key')}\n`);
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.key, 'https.tls_key');
    assert.match(e.message, /does not go with https\.tls_cert/);
    assert.match(e.message, /line 3/);
    writeFileSync(file, `https:\n  tls_cert: ${join(dir, 'one.crt')}\n  tls_key: ${join(dir, 'one.key')}\n`);
    assert.equal(resolveConfig({ file }).config.https.tlsKey, join(dir, 'one.key'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad list item is shown alone, and a value the message already quotes is not repeated', () => {
  withFile('trusted_proxies:\n  - 10.0.0.1\n  - 10.0.0.0/33\n', (file) => {
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.key, 'trusted_proxies[1]');
    assert.match(e.message, /got "10\.0\.0\.0\/33" \(.*line 3\)/);
    assert.doesNotMatch(e.message, /10\.0\.0\.1/);
  });
  withFile('dns:\n  listen: [127.0.0.1:99999]\n', (file) => {
    const e = configError(() => resolveConfig({ file }));
    assert.equal(e.message.split('127.0.0.1:99999').length, 2, e.message);
  });
});
