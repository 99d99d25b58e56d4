// REST API tests for API tokens: created from a console session only, shown once and stored as a digest,
// usable as `Authorization: Bearer` without CSRF, refused once revoked or expired, and unable to manage
// tokens themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiWorld, type ApiWorld } from './api-testkit.js';
import { ApiToken, ApiTokenCreated, Zone } from './schemas.js';
import { digestSecret } from '../../ddns/sessions.js';

async function withWorld(fn: (w: ApiWorld) => Promise<void>) {
  const w = await createApiWorld();
  try {
    await fn(w);
  } finally {
    await w.close();
  }
}

test('a token made in the console acts for its account, without CSRF, until revoked', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    const created = await w.request('POST', '/tokens', { as: admin, body: { name: 'router script' } });
    assert.equal(created.status, 201);
    const { token, secret } = ApiTokenCreated.parse(created.json);
    assert.match(secret, /^dzt_[A-Za-z0-9_-]{43}$/);
    assert.equal(token.expiresAt, null);
    assert.ok(secret.startsWith(token.prefix));

    // Stored as a digest only; the list never shows the secret.
    assert.ok(await w.accounts.getApiTokenByHash(digestSecret(secret)));
    const list = await w.request('GET', '/tokens', { as: admin });
    assert.equal(ApiToken.array().parse(list.json).length, 1);
    assert.doesNotMatch(list.body, new RegExp(secret.slice(10)));

    const bearer = { kind: 'token' as const, token: secret };
    const made = await w.request('POST', '/zones', { as: bearer, body: { name: 'auto.test' } });
    assert.equal(made.status, 201, made.body);
    assert.equal(Zone.parse(made.json).name, 'auto.test');
    assert.equal(w.answer('auto.test', 6).kind, 'answer', 'served at once');
    assert.equal((await w.request('GET', '/zones', { as: bearer })).json.length, 1);

    const del = await w.request('DELETE', `/tokens/${token.id}`, { as: admin });
    assert.equal(del.status, 204);
    const after = await w.request('GET', '/zones', { as: bearer });
    assert.equal(after.status, 401);
    assert.equal(after.json.code, 'ERR_AUTH_TOKEN_INVALID');
    assert.match(String(after.headers['www-authenticate']), /^Bearer realm="dynzone", error="invalid_token"/);
  });
});

test('an expired token is refused with ERR_AUTH_TOKEN_EXPIRED and changes nothing', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    const { secret } = ApiTokenCreated.parse(
      (await w.request('POST', '/tokens', { as: admin, body: { name: 'short-lived', expiresInDays: 1 } }))
        .json,
    );
    const bearer = { kind: 'token' as const, token: secret };
    assert.equal((await w.request('GET', '/zones', { as: bearer })).status, 200);
    w.clock.advance(86400 + 1);
    const r = await w.request('POST', '/zones', { as: bearer, body: { name: 'late.test' } });
    assert.equal(r.status, 401);
    assert.equal(r.json.code, 'ERR_AUTH_TOKEN_EXPIRED');
    assert.equal(w.answer('late.test', 6).kind, 'refused');
    assert.equal((await w.store.listZones()).length, 0);
  });
});

test('tokens cannot manage tokens or passwords; malformed and unknown tokens get 401', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    const { token, secret } = ApiTokenCreated.parse(
      (await w.request('POST', '/tokens', { as: admin, body: { name: 'ci' } })).json,
    );
    const bearer = { kind: 'token' as const, token: secret };
    for (const [method, path, body] of [
      ['GET', '/tokens', undefined],
      ['POST', '/tokens', { name: 'more' }],
      ['DELETE', `/tokens/${token.id}`, undefined],
      ['PUT', '/account/password', { currentPassword: 'x', newPassword: 'yyyyyyyyyy' }],
      ['GET', '/session', undefined],
    ] as const) {
      const r = await w.request(method, path, { as: bearer, body });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.json.code, 'ERR_SESSION_REQUIRED');
    }
    assert.equal(
      (await w.request('GET', '/tokens', { as: admin })).json.length,
      1,
      'still exactly one token',
    );
    for (const header of [
      'Bearer dzt_nope',
      'Bearer ' + secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A'),
      'Token abc',
      'Bearer',
    ]) {
      const r = await w.request('GET', '/zones', { headers: { authorization: header } });
      assert.equal(r.status, 401, header);
      assert.equal(r.json.code, 'ERR_AUTH_TOKEN_INVALID', header);
    }
  });
});

test("one account cannot revoke another account's token", async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    const bob = await w.addAccount(admin, 'bob@example.test');
    const { token, secret } = ApiTokenCreated.parse(
      (await w.request('POST', '/tokens', { as: admin, body: { name: 'mine' } })).json,
    );
    const r = await w.request('DELETE', `/tokens/${token.id}`, { as: bob });
    assert.equal(r.status, 404);
    assert.equal(r.json.code, 'ERR_TOKEN_NOT_FOUND');
    assert.equal((await w.request('GET', '/zones', { as: { kind: 'token', token: secret } })).status, 200);
    const bad = await w.request('DELETE', '/tokens/not-a-number', { as: bob });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, 'ERR_VALIDATION');
  });
});
