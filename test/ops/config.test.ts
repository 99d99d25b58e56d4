// The configuration as an operator meets it: `dynzone serve` takes each key from the highest source
// (flag > DYNZONE_* environment > --config file > default), shown by which ports it really binds; a bad
// file stops it before anything listens, with the key and line; `dynzone config check` validates without
// starting; administrative commands act on the configured data directory and defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynzoneEntry } from '../helpers/clients-dynzone.js';
import { findFreePort } from '../helpers/ports.js';
import { runProgram } from '../helpers/clients-process.js';
import { cleanEnv, httpGet, logLines, spawnServe, type RawServe, tcpAccepts } from '../helpers/ops.js';
import { buildQuery, queryUdp } from '../helpers/dns-client.js';

function dynzone(args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()) {
  return runProgram(process.execPath, [dynzoneEntry(), ...args], { timeoutMs: 30_000, env });
}

test('serve: flag beats environment beats file beats default, key by key', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'dz-ops-config-'));
  const names = ['dnsFile', 'httpsFile', 'httpsEnv', 'metricsFile', 'metricsEnv', 'metricsFlag'] as const;
  const port: Record<(typeof names)[number], number> = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await findFreePort()] as const)),
  ) as Record<(typeof names)[number], number>;
  const started: RawServe[] = [];
  t.after(async () => {
    for (const p of started) await p.kill9();
    await rm(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'dynzone.yaml');
  const dataDir = join(dir, 'data-from-file');
  await writeFile(
    file,
    [
      `data_dir: ${dataDir}`,
      'demo: true',
      'dns:',
      `  listen: [127.0.0.1:${port.dnsFile}]`,
      '  workers: 0',
      'https:',
      `  listen: 127.0.0.1:${port.httpsFile}`,
      'http:',
      '  listen: none',
      'metrics:',
      `  listen: 127.0.0.1:${port.metricsFile}`,
      'log:',
      '  level: debug',
      '',
    ].join('\n'),
  );
  const serve = await spawnServe(
    ['--config', file, '--metrics-listen', `127.0.0.1:${port.metricsFlag}`, '--log-level', 'info'],
    cleanEnv({
      DYNZONE_HTTPS_LISTEN: `127.0.0.1:${port.httpsEnv}`,
      DYNZONE_METRICS_LISTEN: `127.0.0.1:${port.metricsEnv}`,
    }),
  );
  started.push(serve);
  // file > default: DNS where the file says, data in the file's directory.
  const soa = await queryUdp('127.0.0.1', port.dnsFile, buildQuery({ id: 7, qname: 'demo.test', qtype: 6 }));
  assert.equal(soa.bytes[3]! & 0x0f, 0);
  assert.ok(existsSync(join(dataDir, 'dynzone.db')));
  // env > file: HTTPS on the environment's port, not the file's.
  assert.equal(await tcpAccepts(port.httpsEnv), true);
  assert.equal(await tcpAccepts(port.httpsFile), false);
  // flag > env > file: metrics on the flag's port only.
  assert.equal((await httpGet(`http://127.0.0.1:${port.metricsFlag}/healthz`)).status, 200);
  assert.equal(await tcpAccepts(port.metricsEnv), false);
  assert.equal(await tcpAccepts(port.metricsFile), false);
  // flag > file for the log level: no debug lines although the file asks for debug.
  const lines = logLines(serve.output());
  assert.ok(lines.length > 0, serve.output());
  assert.ok(
    lines.every((l) => (l['level'] as number) >= 30),
    'a debug line was logged at --log-level info',
  );
});

test('serve refuses a bad config before anything listens, naming key and line', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'dz-ops-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const dnsPort = await findFreePort();
  const httpsPort = await findFreePort();
  const file = join(dir, 'dynzone.yaml');
  await writeFile(
    file,
    `data_dir: ${join(dir, 'data')}\ndns:\n  listen: 127.0.0.1:${dnsPort}\nhttps:\n  listen: 127.0.0.1:${httpsPort}\nupdates:\n  abuse:\n    max_nochg: lots\n`,
  );
  const serve = await spawnServe(['--config', file], cleanEnv(), false);
  const code = await serve.exited;
  assert.equal(code, 1);
  assert.match(
    serve.output(),
    /^dynzone: error: config: updates\.abuse\.max_nochg: expected an integer from 1 to 100000, got "lots" \(.*dynzone\.yaml line 8\)$/m,
  );
  assert.equal(await tcpAccepts(dnsPort), false);
  assert.equal(existsSync(join(dir, 'data')), false, 'nothing was created');
});

test('config check validates without starting and prints each value with its source', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'dz-ops-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const good = join(dir, 'good.yaml');
  await writeFile(
    good,
    `dns:\n  listen:\n    - 0.0.0.0:53\n    - "[::]:53"\nhttps:\n  listen: 0.0.0.0:443\ndata_dir: ${join(dir, 'var')}\n`,
  );
  const r = await dynzone(['config', 'check', good], cleanEnv({ DYNZONE_HOSTS_DEFAULT_TTL: '120' }));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^${good.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: valid$`, 'm'));
  assert.match(r.stdout, /^dns\.listen\s+= \[0\.0\.0\.0:53, \[::\]:53\]\s+\(.*good\.yaml line 3\)$/m);
  assert.match(r.stdout, /^https\.listen\s+= 0\.0\.0\.0:443\s+\(.*line 6\)$/m);
  assert.match(r.stdout, /^hosts\.default_ttl\s+= 120\s+\(environment DYNZONE_HOSTS_DEFAULT_TTL\)$/m);
  assert.match(r.stdout, /^metrics\.listen\s+= none\s+\(default\)$/m);
  // Unset, the SQLite file is the one in the data directory: shown as such, not as "none".
  const line = r.stdout.split('\n').find((l) => l.startsWith('store.sqlite.path '));
  assert.equal(
    line?.replace(/ +/g, ' '),
    `store.sqlite.path = ${join(dir, 'var', 'dynzone.db')} (derived from data_dir)`,
  );
  assert.equal(existsSync(join(dir, 'data')), false, 'config check starts nothing and creates nothing');

  const bad = join(dir, 'bad.yaml');
  await writeFile(bad, 'log:\n  level: info\n  format: fancy\n');
  const b = await dynzone(['config', 'check', bad]);
  assert.equal(b.code, 1);
  assert.equal(b.stdout, '');
  assert.match(
    b.stderr,
    /^dynzone: error: config: log\.format: expected one of auto, json, pretty, got "fancy" \(.*bad\.yaml line 3\)\n$/,
  );

  const typo = join(dir, 'typo.yaml');
  await writeFile(typo, 'metrics:\n  listn: 127.0.0.1:9153\n');
  const ty = await dynzone(['config', 'check', typo]);
  assert.equal(ty.code, 1);
  assert.match(
    ty.stderr,
    /metrics\.listn: unknown key \(did you mean metrics\.listen\?\) \(.*typo\.yaml line 2\)/,
  );
});

test('administrative commands use the configured data directory and new-zone/host defaults', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'dz-ops-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'dynzone.yaml');
  const dataDir = join(dir, 'var-lib-dynzone');
  await writeFile(
    file,
    `data_dir: ${dataDir}\nzones:\n  default_ns: [ns1.provider.test, ns2.provider.test]\nhosts:\n  default_ttl: 300\n`,
  );
  const env = cleanEnv({ DYNZONE_CONFIG: file });
  const z = await dynzone(['zone', 'add', 'home.test'], env);
  assert.equal(z.code, 0, z.stderr);
  const ns = await dynzone(['record', 'list', 'home.test', '@', 'NS'], env);
  assert.match(ns.stdout, /ns1\.provider\.test\./);
  assert.match(ns.stdout, /ns2\.provider\.test\./);
  const h = await dynzone(['host', 'add', 'nas.home.test', '--json', '--config', file]);
  assert.equal(h.code, 0, h.stderr);
  const show = await dynzone(['host', 'show', 'nas.home.test', '--json'], env);
  assert.equal((JSON.parse(show.stdout) as { ttl: number }).ttl, 300);
  assert.ok(existsSync(join(dataDir, 'dynzone.db')));
});
