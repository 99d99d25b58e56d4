// Every endpoint of the OpenAPI document, checked the same way: without credentials it answers 401
// problem+json (public ones excepted), with an expired token 401 ERR_AUTH_TOKEN_EXPIRED, and for another
// account's domain 404, so no route can forget the authorization rules. Also checks the document itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiWorld } from './api-testkit.js';
import { ApiTokenCreated, ProblemDocument } from './schemas.js';
import { PROBLEM_TYPES } from './problem.js';

type Operation = {
  operationId: string;
  security: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};
type OpenApi = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  'x-problem-codes': Record<string, { status: number }>;
};

const SAMPLE_BODIES: Record<string, unknown> = {
  'post /api/v1/zones': { name: 'probe.test' },
  'patch /api/v1/zones/{zone}': { nsMode: 'custom', nameServers: ['ns.probe.example'] },
  'post /api/v1/zones/{zone}/records': { name: 'probe', type: 'A', value: '192.0.2.99' },
  'put /api/v1/zones/{zone}/records/{id}': { name: 'probe', type: 'A', value: '192.0.2.99' },
  'post /api/v1/zones/{zone}/hosts': { name: 'probe' },
  'patch /api/v1/zones/{zone}/hosts/{hostname}': { offline: true },
  'post /api/v1/tokens': { name: 'probe' },
  'post /api/v1/accounts': { email: 'probe@example.test', password: 'correct horse battery' },
  'put /api/v1/account/password': {
    currentPassword: 'correct horse battery',
    newPassword: 'another good password',
  },
  'post /api/v1/setup': { email: 'probe@example.test', password: 'correct horse battery' },
  'post /api/v1/session': { email: 'probe@example.test', password: 'correct horse battery' },
};

test('the OpenAPI document lists every route with its problems, and every code is registered', async () => {
  const w = await createApiWorld();
  try {
    const r = await w.request('GET', '/openapi.json');
    assert.equal(r.status, 200);
    const doc = r.json as OpenApi;
    assert.equal(doc.openapi, '3.1.0');
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([m, op]) => ({ path, m, op })),
    );
    assert.ok(ops.length >= 30, `${ops.length} operations`);
    const ids = ops.map((o) => o.op.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
    for (const { path, m, op } of ops) {
      assert.ok(path.startsWith('/api/v1/'), path);
      assert.ok(
        Object.keys(op.responses).some((s) => s.startsWith('2')),
        `${m} ${path} documents its success`,
      );
      if (op.security.length > 0) assert.ok(op.responses['401'], `${m} ${path} documents 401`);
    }
    assert.deepEqual(Object.keys(doc['x-problem-codes']).sort(), Object.keys(PROBLEM_TYPES).sort());
  } finally {
    await w.close();
  }
});

test('every endpoint refuses the anonymous, the expired token and the other account', async () => {
  const w = await createApiWorld();
  try {
    const alice = await w.setUp('alice@example.test');
    const bob = await w.addAccount(alice, 'bob@example.test');
    await w.request('POST', '/zones', { as: alice, body: { name: 'alice.test' } });
    const rec = await w.request('POST', '/zones/alice.test/records', {
      as: alice,
      body: { name: 'www', type: 'A', value: '192.0.2.1' },
    });
    await w.request('POST', '/zones/alice.test/hosts', { as: alice, body: { name: 'home' } });
    const { secret } = ApiTokenCreated.parse(
      (await w.request('POST', '/tokens', { as: alice, body: { name: 'x', expiresInDays: 1 } })).json,
    );
    const serial = w.serial('alice.test');

    const doc = (await w.request('GET', '/openapi.json')).json as OpenApi;
    w.clock.advance(2 * 86400); // the token has expired; Bob's session was used just now, so it is kept alive below
    let checked = 0;
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (op.security.length === 0) continue;
        const path = template
          .replace('{zone}', 'alice.test')
          .replace('{hostname}', 'home.alice.test')
          .replace('{id}', template.includes('/records/') ? rec.json.record.id : '1');
        const body = SAMPLE_BODIES[`${method} ${template}`];
        const M = method.toUpperCase() as 'GET';
        const anon = await w.request(M, path, { body });
        assert.equal(anon.status, 401, `anonymous ${method} ${template}: ${anon.body}`);
        assert.match(String(anon.headers['content-type']), /^application\/problem\+json/);
        assert.equal(ProblemDocument.parse(anon.json).code, 'ERR_AUTH_REQUIRED');

        const expired = await w.request(M, path, { body, as: { kind: 'token', token: secret } });
        assert.equal(expired.status, 401, `expired token ${method} ${template}`);
        assert.equal(expired.json.code, 'ERR_AUTH_TOKEN_EXPIRED');

        if (template.startsWith('/api/v1/zones/{zone}')) {
          const fresh = await w.signIn('bob@example.test', 'correct horse battery');
          const other = await w.request(M, path, { body, as: fresh });
          assert.equal(other.status, 404, `other account ${method} ${template}: ${other.body}`);
          assert.equal(other.json.code, 'ERR_ZONE_NOT_FOUND');
        }
        checked++;
      }
    }
    assert.ok(checked >= 25, `${checked} protected endpoints checked`);
    assert.equal(w.serial('alice.test'), serial, "nothing changed Alice's domain");
    assert.equal((await w.store.listZones()).length, 1);
    void bob;
  } finally {
    await w.close();
  }
});

test('unknown endpoints and methods answer 404 problem+json', async () => {
  const w = await createApiWorld();
  try {
    for (const [m, p] of [
      ['GET', '/api/v1/nothing'],
      ['PUT', '/api/v1/zones'],
      ['GET', '/api/v2/zones'],
    ] as const) {
      const r = await w.request(m, p);
      assert.equal(r.status, 404, `${m} ${p}`);
      if (p.startsWith('/api/v1')) assert.equal(r.json.code, 'ERR_NOT_FOUND');
    }
  } finally {
    await w.close();
  }
});
