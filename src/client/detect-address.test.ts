import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectAddress } from './detect-address.js';

const o = { allowPrivate: false, timeoutMs: 5000 };

test('command: the first publishable address of the family; private and wrong-family ones are skipped', async () => {
  const source = {
    source: 'command',
    command: 'echo 10.0.0.1 2a02:c0de::5 169.254.0.1 11.22.33.44 8.8.8.8',
  } as const;
  assert.deepEqual(await detectAddress(source, 'ipv4', o), {
    ok: true,
    family: 'ipv4',
    address: '11.22.33.44',
  });
  assert.deepEqual(await detectAddress(source, 'ipv6', o), {
    ok: true,
    family: 'ipv6',
    address: '2a02:c0de::5',
  });
  assert.deepEqual(await detectAddress(source, 'ipv4', { ...o, allowPrivate: true }), {
    ok: true,
    family: 'ipv4',
    address: '10.0.0.1',
  });
});

test('nothing publishable: the reason lists what was ignored and how to allow it', async () => {
  const d = await detectAddress({ source: 'command', command: 'echo 192.168.1.2 ::ffff:8.8.8.8' }, 'ipv4', o);
  assert.equal(d.ok, false);
  assert.match(
    !d.ok ? d.reason : '',
    /ignored 192\.168\.1\.2 \(private\), ::ffff:8\.8\.8\.8 \(ipv4-mapped\); set allow_private: true/,
  );
  // With allow_private an IPv4-mapped address stands for its IPv4 address.
  const allowed = await detectAddress({ source: 'command', command: 'echo ::ffff:8.8.8.8' }, 'ipv4', {
    ...o,
    allowPrivate: true,
  });
  assert.deepEqual(allowed, { ok: true, family: 'ipv4', address: '8.8.8.8' });
});

test('fixed: used as given, even a documentation address', async () => {
  assert.deepEqual(await detectAddress({ source: 'fixed', address: '192.0.2.9' }, 'ipv4', o), {
    ok: true,
    family: 'ipv4',
    address: '192.0.2.9',
  });
});

test('a failing source is a result, not a throw', async () => {
  const d = await detectAddress({ source: 'command', command: 'exit 1' }, 'ipv6', o);
  assert.equal(d.ok, false);
  const w = await detectAddress({ source: 'web', url: new URL('https://127.0.0.1:1/checkip') }, 'ipv4', o);
  assert.equal(w.ok, false);
  assert.match(!w.ok ? w.reason : '', /ECONNREFUSED/);
});
