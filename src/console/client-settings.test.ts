// Table tests of the console's ready-to-paste client settings (web/client-settings.ts, a pure module the
// browser also loads): the facts the real ddclient 3.10 and inadyn 2.10 runs rely on (see
// test/fixtures/clients/README.md) are in every snippet, with this server's address filled in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientSettings, shellQuote } from './web/client-settings.js';

const input = {
  server: 'ddns.example.net:8443',
  hostname: 'home.example.test',
  username: 'home-abcd2345',
  password: 'Pa55wordPa55wordPa55word',
  selfSigned: false,
};

function byId(selfSigned = false) {
  return Object.fromEntries(clientSettings({ ...input, selfSigned }).map((s) => [s.id, s.text]));
}

test('ddclient dyndns2: global ssl=yes, the server with its port, login, quoted password, the host', () => {
  const t = byId()['ddclient-dyndns2']!;
  const lines = t.split('\n');
  for (const l of [
    'ssl=yes',
    'use=web, web=https://ddns.example.net:8443/checkip',
    'protocol=dyndns2',
    'server=ddns.example.net:8443',
    'login=home-abcd2345',
    "password='Pa55wordPa55wordPa55word'",
    'home.example.test',
  ])
    assert.ok(lines.includes(l), `${l} in\n${t}`);
  assert.ok(lines.indexOf('ssl=yes') < lines.indexOf('protocol=dyndns2'), 'ssl=yes is a global setting');
  assert.ok(!t.includes('ssl_ca_file'), 'no CA file for a certificate clients already trust');
});

test('ddclient googledomains: same login against this server', () => {
  const t = byId()['ddclient-googledomains']!;
  assert.match(t, /^protocol=googledomains$/m);
  assert.match(t, /^server=ddns\.example\.net:8443$/m);
  assert.match(t, /^login=home-abcd2345$/m);
});

test('inadyn: a custom provider with the dyndns2 path, TLS and checkip on this server', () => {
  const t = byId()['inadyn']!;
  assert.match(t, /^custom dynzone \{$/m);
  assert.match(t, /^ {4}ddns-server {4}= ddns\.example\.net:8443$/m);
  assert.match(t, /^ {4}ddns-path {6}= "\/nic\/update\?hostname=%h&myip=%i"$/m);
  assert.match(t, /^ {4}ssl {12}= true$/m);
  assert.match(t, /^ {4}checkip-ssl {4}= true$/m);
  assert.match(t, /^ {4}hostname {7}= home\.example\.test$/m);
  assert.match(t, /^ {4}password {7}= Pa55wordPa55wordPa55word$/m);
});

test('curl: one silent command (only the answer is printed) with the login and the update URL, shell-quoted', () => {
  const t = byId()['curl']!;
  assert.match(
    t,
    /^curl -sS -u 'home-abcd2345:Pa55wordPa55wordPa55word' 'https:\/\/ddns\.example\.net:8443\/nic\/update\?hostname=home\.example\.test'$/m,
  );
});

test('with a self-signed certificate every client is told to trust the server certificate file', () => {
  const s = byId(true);
  assert.match(s['ddclient-dyndns2']!, /^ssl_ca_file=\/etc\/ddclient\/dynzone-cert\.pem$/m);
  assert.match(s['ddclient-googledomains']!, /^ssl_ca_file=/m);
  assert.match(s['inadyn']!, /^ca-trust-file = \/etc\/inadyn\/dynzone-cert\.pem$/m);
  assert.match(s['curl']!, /^curl -sS --cacert tls-cert\.pem -u /m);
});

test('the certificate comment names the file to copy and the path the settings then use', () => {
  const s = byId(true);
  for (const [id, path, setting] of [
    ['ddclient-dyndns2', '/etc/ddclient/dynzone-cert.pem', 'ssl_ca_file=/etc/ddclient/dynzone-cert.pem'],
    [
      'ddclient-googledomains',
      '/etc/ddclient/dynzone-cert.pem',
      'ssl_ca_file=/etc/ddclient/dynzone-cert.pem',
    ],
    ['inadyn', '/etc/inadyn/dynzone-cert.pem', 'ca-trust-file = /etc/inadyn/dynzone-cert.pem'],
  ] as const) {
    const comment = s[id]!.split('\n').filter((l) => l.startsWith('# ') && !l.startsWith('# /etc/'));
    const said = comment.map((l) => l.slice(2)).join(' ');
    assert.match(said, /copy the server's certificate, data\/tls-cert\.pem/, id);
    assert.ok(said.endsWith(`to ${path}`), `${id}: ${said}`);
    assert.ok(s[id]!.split('\n').includes(setting), id);
  }
  assert.match(s['curl']!, /data\/tls-cert\.pem/);
  assert.ok(!byId(false)['curl']!.includes('tls-cert'), 'no certificate note for a trusted certificate');
});

test('shellQuote survives quotes and spaces', () => {
  assert.equal(shellQuote("it's a pass"), `'it'\\''s a pass'`);
  assert.equal(shellQuote('plain'), `'plain'`);
});
