// No secret in any log: a full scripted run at log level trace — an account created with a password on
// stdin, hosts added, their credentials viewed and regenerated with the CLI while the server runs, updates
// with right and wrong passwords (GET with Basic, POST form body, a password holding ':' and non-ASCII, the
// insecure HTTP listener), a failed and a successful console sign-in — then every password, every
// Authorization header value and its base64 part, the session cookie and the CSRF token are searched for in
// the server's output and the CLI's stderr. The logs must still say what happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynzoneEntry, type HostCredentials } from '../helpers/clients-dynzone.js';
import { createTestPki } from '../helpers/clients-pki.js';
import { findFreePort } from '../helpers/ports.js';
import { runProgram } from '../helpers/clients-process.js';
import { cleanEnv, logLines, spawnServe, waitForOutput, type RawServe } from '../helpers/ops.js';

interface Sent {
  readonly authorization: string;
  readonly password: string;
}

function request(
  url: string,
  opts: { ca?: Buffer; method?: string; username: string; password: string; body?: string },
): Promise<{ status: number; body: string; sent: Sent }> {
  const authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`, 'utf8').toString('base64')}`;
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: opts.method ?? 'GET',
        agent: false,
        ...(opts.ca ? { ca: opts.ca } : {}),
        headers: {
          authorization,
          'user-agent': 'secrets-test/1.0',
          ...(opts.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: body.trim(),
            sent: { authorization, password: opts.password },
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** signIn posts a console sign-in (POST /api/v1/session) and gives the status, cookie value and CSRF token. */
function signIn(
  origin: string,
  ca: Buffer,
  email: string,
  password: string,
): Promise<{ status: number; cookie: string | undefined; csrf: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${origin}/api/v1/session`,
      { method: 'POST', agent: false, ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => {
          const set = res.headers['set-cookie']?.[0];
          resolve({
            status: res.statusCode ?? 0,
            cookie: set?.split(';')[0]?.split('=')[1],
            csrf: res.statusCode === 200 ? (JSON.parse(body) as { csrfToken: string }).csrfToken : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ email, password }));
  });
}

test('a full run at log level trace logs no password, token or Authorization header', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'dz-ops-secrets-'));
  const started: RawServe[] = [];
  t.after(async () => {
    for (const p of started) await p.kill9();
    await rm(dir, { recursive: true, force: true });
  });
  const pki = await createTestPki(dir);
  const ca = await readFile(pki.caCert);
  const dataDir = join(dir, 'data');
  const [dnsPort, httpsPort, httpPort, metricsPort] = await Promise.all(
    [1, 2, 3, 4].map(() => findFreePort()),
  );
  const env = cleanEnv({ DYNZONE_HTTP_INSECURE_UPDATES: 'true', DYNZONE_LOG_LEVEL: 'trace' });
  const cliStderr: string[] = [];
  const cli = async (args: readonly string[], input?: string): Promise<string> => {
    const r = await runProgram(process.execPath, [dynzoneEntry(), ...args, '--data-dir', dataDir], {
      timeoutMs: 30_000,
      env,
      ...(input !== undefined ? { input } : {}),
    });
    cliStderr.push(r.stderr);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  const secrets: string[] = [];
  const adminPassword = 'Adm1n-Console-Passw0rd-XyZ';
  secrets.push(adminPassword);

  const serve = await spawnServe(
    [
      '--data-dir',
      dataDir,
      '--demo',
      '--dns-listen',
      `127.0.0.1:${dnsPort}`,
      '--https-listen',
      `127.0.0.1:${httpsPort}`,
      '--http-listen',
      `127.0.0.1:${httpPort}`,
      '--metrics-listen',
      `127.0.0.1:${metricsPort}`,
      '--tls-cert',
      pki.serverCert,
      '--tls-key',
      pki.serverKey,
      '--dns-workers',
      '2',
    ],
    env,
  );
  started.push(serve);
  await cli(['user', 'add', 'admin@demo.test', '--admin', '--password-stdin'], adminPassword + '\n');
  const hostA = JSON.parse(await cli(['host', 'add', 'a.demo.test', '--json'])) as HostCredentials;
  const hostB = JSON.parse(await cli(['host', 'add', 'b.demo.test', '--json'])) as HostCredentials;
  const viewed = JSON.parse(await cli(['host', 'credentials', 'a.demo.test', '--json'])) as HostCredentials;
  assert.equal(viewed.password, hostA.password);
  const renewed = JSON.parse(
    await cli(['host', 'credentials', 'b.demo.test', '--regenerate', '--json']),
  ) as HostCredentials;
  secrets.push(hostA.password, hostB.password, renewed.password);
  // A change made by another process reaches the server through the journal (a debug line there).
  await cli(['record', 'add', 'demo.test', 'www2', 'A', '192.0.2.80']);
  await waitForOutput(serve, /"msg":"journal entry applied"/);

  const sent: Sent[] = [];
  const https1 = `https://127.0.0.1:${httpsPort}/nic/update`;
  const goodA = await request(`${https1}?hostname=a.demo.test&myip=198.51.100.1`, { ca, ...hostA });
  assert.equal(goodA.body, 'good 198.51.100.1');
  const goodB = await request(https1, {
    ca,
    method: 'POST',
    username: renewed.username,
    password: renewed.password,
    body: 'hostname=b.demo.test&myip=198.51.100.2',
  });
  assert.equal(goodB.body, 'good 198.51.100.2');
  const oldB = await request(`${https1}?hostname=b.demo.test`, { ca, ...hostB }); // the replaced password
  assert.equal(oldB.status, 401);
  const wrong1 = await request(`${https1}?hostname=a.demo.test`, {
    ca,
    username: hostA.username,
    password: 'Wr0ng-Guess-Passw0rd-1',
  });
  const wrong2 = await request(`${https1}?hostname=a.demo.test`, {
    ca,
    username: hostA.username,
    password: 'with:colon:Päss-Wörd-2',
  });
  const unknownUser = await request(`${https1}?hostname=a.demo.test`, {
    ca,
    username: 'nobody-x',
    password: 'N0body-Passw0rd-3',
  });
  for (const r of [wrong1, wrong2, unknownUser]) assert.equal(r.status, 401);
  const insecure = await request(
    `http://127.0.0.1:${httpPort}/nic/update?hostname=a.demo.test&myip=198.51.100.3`,
    hostA,
  );
  assert.equal(insecure.body, 'good 198.51.100.3');
  sent.push(goodA.sent, goodB.sent, oldB.sent, wrong1.sent, wrong2.sent, unknownUser.sent, insecure.sent);
  // Console sign-ins, a failed one and a successful one: neither password, cookie nor CSRF token is logged.
  const consoleWrong = 'Wr0ng-Console-Passw0rd-4';
  secrets.push(consoleWrong);
  assert.equal(
    (await signIn(`https://127.0.0.1:${httpsPort}`, ca, 'admin@demo.test', consoleWrong)).status,
    401,
  );
  const session = await signIn(`https://127.0.0.1:${httpsPort}`, ca, 'admin@demo.test', adminPassword);
  assert.equal(session.status, 200);
  assert.ok(session.cookie && session.csrf);
  secrets.push(session.cookie, session.csrf);
  secrets.push(...sent.map((s) => s.password));
  await waitForOutput(serve, /"answer":"good 198\.51\.100\.3"/);

  // Stop the server so that everything it would print is printed.
  serve.signal('SIGTERM');
  assert.equal(await serve.exited, 0);
  const everything = [serve.output(), ...cliStderr].join('\n');

  const needles = new Set<string>();
  for (const s of secrets) needles.add(s);
  for (const s of sent) {
    needles.add(s.authorization);
    needles.add(s.authorization.slice('Basic '.length));
  }
  for (const needle of needles) {
    assert.equal(everything.includes(needle), false, `a secret reached the logs: ${needle.slice(0, 4)}…`);
  }
  assert.doesNotMatch(everything, /authorization/i);

  // The logs still tell the story: every request, the zone changes, the stop.
  const lines = logLines(serve.output());
  assert.ok(
    lines.some((l) => (l['level'] as number) <= 20),
    'trace/debug lines were written',
  );
  const updates = lines.filter((l) => l['msg'] === 'update request');
  assert.equal(updates.length, 7);
  assert.deepEqual(
    updates.map((l) => l['answer']),
    [
      'good 198.51.100.1',
      'good 198.51.100.2',
      'badauth',
      'badauth',
      'badauth',
      'badauth',
      'good 198.51.100.3',
    ],
  );
  // A refused login says why, for the operator only (the answers are all the same badauth).
  assert.deepEqual(
    updates.map((l) => l['reason']),
    [undefined, undefined, ...Array<string>(4).fill('bad-credentials'), undefined],
  );
  assert.deepEqual(
    lines.filter((l) => String(l['msg']).startsWith('console sign-in')).map((l) => [l['msg'], l['level']]),
    [
      ['console sign-in failed', 40],
      ['console sign-in', 30],
    ],
  );
  assert.ok(lines.filter((l) => l['msg'] === 'zone changed').length >= 3);
  assert.ok(lines.some((l) => l['msg'] === 'dynzone stopped'));
});
