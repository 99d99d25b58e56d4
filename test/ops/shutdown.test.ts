// SIGTERM drains: an update whose body is still arriving when the signal comes is answered `good` and
// stored, new connections are refused meanwhile, a client that never finishes its request is cut off,
// and the whole process tree exits 0 within 10 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addHost, showHost } from '../helpers/clients-dynzone.js';
import { createTestPki } from '../helpers/clients-pki.js';
import { findFreePort } from '../helpers/ports.js';
import { cleanEnv, spawnServe, type RawServe, tcpAccepts } from '../helpers/ops.js';

/** openUpdate starts a POST /nic/update whose form body is sent in two parts; `finish` sends the rest. */
async function openUpdate(
  port: number,
  ca: Buffer,
  login: { username: string; password: string },
  body: string,
  splitAt: number,
): Promise<{ finish(): void; response: Promise<string> }> {
  const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', () => resolve());
    socket.once('error', reject);
  });
  let received = '';
  const response = new Promise<string>((resolve) => {
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', () => resolve(received));
  });
  const auth = Buffer.from(`${login.username}:${login.password}`).toString('base64');
  socket.write(
    'POST /nic/update HTTP/1.1\r\nHost: localhost\r\n' +
      `Authorization: Basic ${auth}\r\nUser-Agent: drain-test/1.0\r\n` +
      'Content-Type: application/x-www-form-urlencoded\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n` +
      body.slice(0, splitAt),
  );
  return { finish: () => socket.write(body.slice(splitAt)), response };
}

test('SIGTERM lets an in-flight update finish, cuts a stalled client, and exits 0 within 10 s', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'dz-ops-stop-'));
  const started: RawServe[] = [];
  t.after(async () => {
    for (const p of started) await p.kill9();
    await rm(dir, { recursive: true, force: true });
  });
  const pki = await createTestPki(dir);
  const ca = await readFile(pki.caCert);
  const dataDir = join(dir, 'data');
  const [dnsPort, httpsPort] = [await findFreePort(), await findFreePort()];
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
      'none',
      '--tls-cert',
      pki.serverCert,
      '--tls-key',
      pki.serverKey,
      '--dns-workers',
      '2',
    ],
    cleanEnv(),
  );
  started.push(serve);
  const login = await addHost(dataDir, 'router.demo.test');
  const body = `hostname=${login.hostname}&myip=198.51.100.9`;
  const inFlight = await openUpdate(httpsPort, ca, login, body, 20);
  const stalled = await openUpdate(httpsPort, ca, login, body, 10);
  await new Promise((r) => setTimeout(r, 200));

  const stopStarted = Date.now();
  serve.signal('SIGTERM');
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(serve.child.exitCode, null, 'the server waits for the in-flight request');
  assert.equal(await tcpAccepts(httpsPort), false, 'no new connections while draining');
  inFlight.finish();
  const answer = await inFlight.response;
  assert.match(answer, /^HTTP\/1\.1 200 /);
  assert.match(answer, /\r\n\r\ngood 198\.51\.100\.9\n$/);

  const code = await serve.exited;
  const stopMs = Date.now() - stopStarted;
  assert.equal(code, 0, serve.output());
  assert.ok(stopMs < 10_000, `stopped after ${stopMs} ms`);
  // The stalled client got no answer: it was cut off at the drain deadline.
  assert.doesNotMatch(await stalled.response, /good/);
  // The drained update is durable.
  const shown = (await showHost(dataDir, login.hostname)) as { ipv4: string | null };
  assert.equal(shown.ipv4, '198.51.100.9');
  assert.equal(await tcpAccepts(dnsPort), false, 'DNS workers are gone too');
});
