// The REST API's answers to input that fails its schema: one plain sentence per invalid field, naming the
// field as the console's forms do ("Email is required", "TTL must be a whole number from 0 to
// 2147483647"), in `errors` (path + message) and joined in `detail`; never zod's own wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiWorld, withZone } from './api-testkit.js';
import { ProblemDocument } from './schemas.js';

function validation(r: { status: number; json: unknown }) {
  assert.equal(r.status, 400, JSON.stringify(r.json));
  const p = ProblemDocument.parse(r.json);
  assert.equal(p.code, 'ERR_VALIDATION');
  assert.equal(p.title, 'The request is not valid');
  assert.doesNotMatch(p.detail, /Too small|Too big|expected|received|Invalid input/, p.detail);
  return p;
}

test('an empty set-up form names both empty fields, once each', async () => {
  const w = await createApiWorld();
  try {
    const p = validation(await w.request('POST', '/setup', { body: { email: '', password: '' } }));
    assert.deepEqual(p.errors, [
      { path: 'email', message: 'Email is required' },
      { path: 'password', message: 'Password is required' },
    ]);
    assert.equal(p.detail, 'Email is required. Password is required.');
    const missing = validation(await w.request('POST', '/session', { body: { email: 'a@example.test' } }));
    assert.deepEqual(missing.errors, [{ path: 'password', message: 'Password is required' }]);
    assert.equal(await w.accounts.countAccounts(), 0);
  } finally {
    await w.close();
  }
});

test('record fields: TTL range and whole numbers, names too long, unknown fields', async () => {
  await withZone(async (w, admin) => {
    const R = '/zones/example.test/records';
    const A = { name: 'www', type: 'A', value: '192.0.2.1' };
    for (const [body, path, message] of [
      [{ ...A, ttl: -1 }, 'ttl', 'TTL must be a whole number from 0 to 2147483647'],
      [{ ...A, ttl: 1.5 }, 'ttl', 'TTL must be a whole number from 0 to 2147483647'],
      [{ ...A, ttl: 2 ** 31 }, 'ttl', 'TTL must be a whole number from 0 to 2147483647'],
      [{ ...A, ttl: '60' }, 'ttl', 'TTL must be a whole number from 0 to 2147483647'],
      [{ ...A, name: 'a'.repeat(254) }, 'name', 'Name is longer than 253 characters'],
      [{ name: 'www', type: 'A' }, 'value', 'Value is required'],
      [{ ...A, value: '' }, 'value', 'Value is required'],
      [{ ...A, owner: 'x' }, '(body)', 'The field "owner" is not known'],
    ] as const) {
      const p = validation(await w.request('POST', R, { as: admin, body }));
      assert.deepEqual(p.errors, [{ path, message }], JSON.stringify(body));
      assert.equal(p.detail, `${message}.`);
    }
  });
});

test('domain and dynamic DNS fields are named as the forms name them', async () => {
  await withZone(async (w, admin) => {
    const cases: [string, unknown, string, string][] = [
      ['/zones', { name: '' }, 'name', 'Domain name is required'],
      ['/zones', { name: 'x'.repeat(254) }, 'name', 'Domain name is longer than 253 characters'],
      [
        '/zones',
        { name: 'x.test', nsMode: 'elsewhere' },
        'nsMode',
        'Name-server mode must be "default" or "custom"',
      ],
      [
        '/zones',
        { name: 'x.test', nsMode: 'custom', nameServers: ['ns1.example.net', 'n'.repeat(254)] },
        'nameServers.1',
        'Name server 2 is longer than 253 characters',
      ],
      [
        '/zones',
        { name: 'x.test', nameServers: ['ns.a.example'] },
        'nameServers',
        'Name servers are chosen by this service in default mode; give them only in custom mode',
      ],
      [
        '/zones/example.test/hosts',
        { name: 'h'.repeat(254) },
        'name',
        'Hostname is longer than 253 characters',
      ],
      [
        '/zones/example.test/hosts',
        { name: 'home', ttl: 5 },
        'ttl',
        'TTL must be a whole number from 30 to 86400',
      ],
      [
        '/zones/example.test/hosts',
        { name: 'home', mode: 'triple' },
        'mode',
        'Addresses must be "dual" or "single"',
      ],
      ['/zones/example.test/hosts', {}, 'name', 'Hostname is required'],
    ];
    for (const [path, body, field, message] of cases) {
      const p = validation(await w.request('POST', path, { as: admin, body }));
      assert.deepEqual(p.errors, [{ path: field, message }], JSON.stringify(body));
    }
    const notObject = validation(await w.request('POST', '/zones', { as: admin, body: '[1]' }));
    assert.deepEqual(notObject.errors, [
      { path: '(body)', message: 'The request body must be a JSON object' },
    ]);
    const badOffline = validation(
      await w.request('PATCH', '/zones/example.test/hosts/home.example.test', {
        as: admin,
        body: { offline: 'yes' },
      }),
    );
    assert.deepEqual(badOffline.errors, [{ path: 'offline', message: 'Offline must be true or false' }]);
  });
});
