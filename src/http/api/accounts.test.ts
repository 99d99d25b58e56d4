// REST API tests for accounts and sessions through Fastify inject with a real SQLite store: first-run
// set-up (once only, even when raced), sign-in and sign-out, the cookie's attributes, session expiry,
// CSRF and cross-site refusals, sign-in limits (a stranger cannot lock the owner out), password changes,
// administrator-only routes, and that no password or secret reaches the logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANONYMOUS, cookieOf, createApiWorld, DEFAULT_PASSWORD, type ApiWorld } from './api-testkit.js';
import { SESSION_COOKIE } from './auth.js';
import { Account, ProblemDocument, Session, SetupStatus } from './schemas.js';
import { SESSION_IDLE_SECONDS } from '../../ddns/sessions.js';

async function withWorld(fn: (w: ApiWorld) => Promise<void>, opts?: Parameters<typeof createApiWorld>[0]) {
  const w = await createApiWorld(opts);
  try {
    await fn(w);
  } finally {
    await w.close();
  }
}

function assertProblem(
  r: { status: number; headers: Record<string, unknown>; json: unknown },
  status: number,
  code: string,
) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  const p = ProblemDocument.parse(r.json);
  assert.equal(p.code, code);
  assert.equal(p.status, status);
  assert.ok(p.detail.length > 0, 'the problem says what went wrong');
}

test('first-run set-up creates one administrator, signs it in, and closes', async () => {
  await withWorld(async (w) => {
    assert.deepEqual(SetupStatus.parse((await w.request('GET', '/setup')).json), { needed: true });
    const r = await w.request('POST', '/setup', {
      body: { email: 'Admin@Example.TEST', password: DEFAULT_PASSWORD },
    });
    assert.equal(r.status, 201);
    const s = Session.parse(r.json);
    assert.equal(s.account.email, 'admin@example.test');
    assert.equal(s.account.isAdmin, true);
    const cookie = String(r.headers['set-cookie']);
    assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; `));
    for (const attr of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/'])
      assert.ok(cookie.includes(attr), attr);
    assert.doesNotMatch(cookie, /Domain=/i, 'a __Host- cookie has no Domain');
    assert.deepEqual((await w.request('GET', '/setup')).json, { needed: false });

    const again = await w.request('POST', '/setup', {
      body: { email: 'evil@example.test', password: DEFAULT_PASSWORD },
    });
    assertProblem(again, 409, 'ERR_SETUP_DONE');
    assert.equal(await w.accounts.countAccounts(), 1, 'no second account');
    // The session works at once.
    const me = await w.request('GET', '/account', {
      as: { kind: 'session', cookie: cookieOf(r), csrf: s.csrfToken },
    });
    assert.equal(Account.parse(me.json).email, 'admin@example.test');
  });
});

test('two set-ups racing create exactly one account', async () => {
  await withWorld(async (w) => {
    const results = await Promise.all(
      ['a@example.test', 'b@example.test', 'c@example.test'].map((email) =>
        w.request('POST', '/setup', { body: { email, password: DEFAULT_PASSWORD } }),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409]);
    assert.equal(await w.accounts.countAccounts(), 1);
  });
});

test('set-up refuses bad input with a clear problem and creates nothing', async () => {
  await withWorld(async (w) => {
    for (const [body, code] of [
      [{ email: 'not-an-email', password: DEFAULT_PASSWORD }, 'ERR_EMAIL_INVALID'],
      [{ email: 'a@example.test', password: 'short' }, 'ERR_PASSWORD_POLICY'],
      [{ email: 'a@example.test' }, 'ERR_VALIDATION'],
      [{ email: 'a@example.test', password: DEFAULT_PASSWORD, admin: true }, 'ERR_VALIDATION'],
      ['{"email": ', 'ERR_VALIDATION'],
    ] as const) {
      const r = await w.request('POST', '/setup', { body });
      assertProblem(r, 400, code);
      if (code === 'ERR_VALIDATION' && typeof body === 'object')
        assert.ok(ProblemDocument.parse(r.json).errors!.length > 0, 'field errors are listed');
    }
    assert.equal(await w.accounts.countAccounts(), 0);
  });
});

test('sign-in: right password works, wrong password and unknown email get the same answer', async () => {
  await withWorld(async (w) => {
    await w.setUp('admin@example.test');
    const ok = await w.request('POST', '/session', {
      body: { email: 'ADMIN@example.test', password: DEFAULT_PASSWORD },
    });
    assert.equal(ok.status, 200);
    Session.parse(ok.json);
    const wrong = await w.request('POST', '/session', {
      body: { email: 'admin@example.test', password: 'nope-nope-nope' },
    });
    const unknown = await w.request('POST', '/session', {
      body: { email: 'who@example.test', password: 'nope-nope-nope' },
    });
    assertProblem(wrong, 401, 'ERR_AUTH_BAD_CREDENTIALS');
    assertProblem(unknown, 401, 'ERR_AUTH_BAD_CREDENTIALS');
    assert.equal(wrong.body, unknown.body, 'the answers do not tell which emails exist');
    assert.equal(wrong.headers['set-cookie'], undefined);
  });
});

test('sign-out ends the session: the old cookie no longer works', async () => {
  await withWorld(async (w) => {
    const s = await w.setUp();
    assert.equal((await w.request('GET', '/session', { as: s })).status, 200);
    const out = await w.request('DELETE', '/session', { as: s });
    assert.equal(out.status, 204);
    assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
    assertProblem(await w.request('GET', '/session', { as: s }), 401, 'ERR_AUTH_REQUIRED');
    assertProblem(await w.request('GET', '/zones', { as: s }), 401, 'ERR_AUTH_REQUIRED');
  });
});

test('an idle session expires', async () => {
  await withWorld(async (w) => {
    const s = await w.setUp();
    w.clock.advance(SESSION_IDLE_SECONDS - 120);
    assert.equal((await w.request('GET', '/zones', { as: s })).status, 200, 'use keeps it alive');
    w.clock.advance(SESSION_IDLE_SECONDS - 120);
    assert.equal((await w.request('GET', '/zones', { as: s })).status, 200, 'still within the idle window');
    w.clock.advance(SESSION_IDLE_SECONDS + 1);
    const r = await w.request('GET', '/zones', { as: s });
    assertProblem(r, 401, 'ERR_AUTH_REQUIRED');
    assert.match(String(r.headers['set-cookie']), /Max-Age=0/, 'the stale cookie is cleared');
  });
});

test('CSRF: a change with the cookie but without the right X-CSRF-Token is refused and changes nothing', async () => {
  await withWorld(async (w) => {
    const s = await w.setUp();
    const body = { name: 'csrf.test' };
    assertProblem(
      await w.request('POST', '/zones', { as: s, body, headers: { 'x-csrf-token': undefined } }),
      403,
      'ERR_CSRF',
    );
    assertProblem(
      await w.request('POST', '/zones', { as: { ...s, csrf: 'x'.repeat(32) }, body }),
      403,
      'ERR_CSRF',
    );
    assertProblem(
      await w.request('POST', '/zones', { as: s, body, headers: { origin: 'https://evil.example' } }),
      403,
      'ERR_CSRF',
    );
    assertProblem(
      await w.request('POST', '/zones', { as: s, body, headers: { 'sec-fetch-site': 'cross-site' } }),
      403,
      'ERR_CSRF',
    );
    assertProblem(
      await w.request('DELETE', '/session', { as: s, headers: { 'x-csrf-token': undefined } }),
      403,
      'ERR_CSRF',
    );
    assert.equal(
      await w.store.getZone((await import('../../dns/name.js')).DnsName.parse('csrf.test.')),
      undefined,
    );
    // The same request from the console's own origin passes.
    const ok = await w.request('POST', '/zones', {
      as: s,
      body,
      headers: { origin: 'https://console.example.test', 'sec-fetch-site': 'same-origin' },
    });
    assert.equal(ok.status, 201);
  });
});

test('a form post (not JSON) cannot reach the API: 415, nothing changes', async () => {
  await withWorld(async (w) => {
    const r = await w.request('POST', '/setup', {
      body: 'email=a%40example.test&password=correct+horse+battery',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assertProblem(r, 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
    assert.equal(await w.accounts.countAccounts(), 0);
  });
});

async function signInFrom(w: ApiWorld, email: string, password: string, remoteAddress: string) {
  return w.request('POST', '/session', { body: { email, password }, remoteAddress });
}

test("a stranger's failed sign-ins from another address never lock the owner out", async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp('admin@example.test');
    await w.request('POST', '/accounts', {
      as: admin,
      body: { email: 'bob@example.test', password: DEFAULT_PASSWORD },
    });
    assert.equal((await signInFrom(w, 'bob@example.test', DEFAULT_PASSWORD, '127.0.0.1')).status, 200);
    for (let i = 0; i < 12; i++) {
      const r = await signInFrom(w, 'bob@example.test', `guess-${i}-guess`, '127.0.0.2');
      assertProblem(r, i < 10 ? 401 : 429, i < 10 ? 'ERR_AUTH_BAD_CREDENTIALS' : 'ERR_AUTH_RATE_LIMITED');
    }
    // The guesser's address is refused even the right password; bob signs in from his own and from others.
    assertProblem(
      await signInFrom(w, 'bob@example.test', DEFAULT_PASSWORD, '127.0.0.2'),
      429,
      'ERR_AUTH_RATE_LIMITED',
    );
    assert.equal((await signInFrom(w, 'bob@example.test', DEFAULT_PASSWORD, '127.0.0.1')).status, 200);
    assert.equal((await signInFrom(w, 'BOB@example.test', DEFAULT_PASSWORD, '192.0.2.40')).status, 200);
  });
});

test('failures from one address refuse that address (even the right password) until the window ends', async () => {
  await withWorld(
    async (w) => {
      await w.setUp('admin@example.test');
      for (let i = 0; i < 3; i++) {
        const r = await signInFrom(w, 'admin@example.test', `wrong-${i}-xx`, '203.0.113.50');
        assertProblem(r, 401, 'ERR_AUTH_BAD_CREDENTIALS');
      }
      const limited = await signInFrom(w, 'admin@example.test', DEFAULT_PASSWORD, '203.0.113.50');
      assertProblem(limited, 429, 'ERR_AUTH_RATE_LIMITED');
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal(limited.headers['set-cookie'], undefined, 'no session');
      // The owner's typos at the address they last signed in from never lock them out there.
      assert.equal((await signInFrom(w, 'admin@example.test', DEFAULT_PASSWORD, '192.0.2.1')).status, 200);
      for (let i = 0; i < 5; i++) await signInFrom(w, 'admin@example.test', `typo-${i}-xx`, '192.0.2.1');
      assert.equal((await signInFrom(w, 'admin@example.test', DEFAULT_PASSWORD, '192.0.2.1')).status, 200);
      // The window passes: the guesser's address may try again.
      w.clock.advance(15 * 60 + 1);
      assert.equal((await signInFrom(w, 'admin@example.test', DEFAULT_PASSWORD, '203.0.113.50')).status, 200);
    },
    { throttle: { maxPerSourceEmail: 3, maxPerSource: 100, windowMs: 15 * 60_000 } },
  );
});

test('one address trying many emails is stopped by the per-source cap; other addresses are not', async () => {
  await withWorld(
    async (w) => {
      await w.setUp('admin@example.test');
      for (let i = 0; i < 5; i++) {
        const r = await signInFrom(w, `user${i}@example.test`, 'nope-nope-nope', '203.0.113.60');
        assertProblem(r, 401, 'ERR_AUTH_BAD_CREDENTIALS');
      }
      assertProblem(
        await signInFrom(w, 'admin@example.test', DEFAULT_PASSWORD, '203.0.113.60'),
        429,
        'ERR_AUTH_RATE_LIMITED',
      );
      assert.equal((await signInFrom(w, 'admin@example.test', DEFAULT_PASSWORD, '203.0.113.61')).status, 200);
    },
    { throttle: { maxPerSourceEmail: 3, maxPerSource: 5, windowMs: 15 * 60_000 } },
  );
});

test('a password change needs the current password and signs out the other sessions', async () => {
  await withWorld(async (w) => {
    const s1 = await w.setUp('admin@example.test');
    const s2 = await w.signIn('admin@example.test', DEFAULT_PASSWORD);
    assertProblem(
      await w.request('PUT', '/account/password', {
        as: s1,
        body: { currentPassword: 'wrong-password', newPassword: 'a new long password' },
      }),
      403,
      'ERR_PASSWORD_MISMATCH',
    );
    assertProblem(
      await w.request('PUT', '/account/password', {
        as: s1,
        body: { currentPassword: DEFAULT_PASSWORD, newPassword: 'short' },
      }),
      400,
      'ERR_PASSWORD_POLICY',
    );
    const ok = await w.request('PUT', '/account/password', {
      as: s1,
      body: { currentPassword: DEFAULT_PASSWORD, newPassword: 'a new long password' },
    });
    assert.equal(ok.status, 204);
    assert.equal((await w.request('GET', '/session', { as: s1 })).status, 200, 'this session stays');
    assert.equal((await w.request('GET', '/session', { as: s2 })).status, 401, 'the other one ends');
    assert.equal(
      (
        await w.request('POST', '/session', {
          body: { email: 'admin@example.test', password: DEFAULT_PASSWORD },
        })
      ).status,
      401,
    );
    assert.equal(
      (
        await w.request('POST', '/session', {
          body: { email: 'admin@example.test', password: 'a new long password' },
        })
      ).status,
      200,
    );
  });
});

test('accounts: only an administrator lists and creates them; duplicates are refused', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp('admin@example.test');
    const bob = await w.addAccount(admin, 'bob@example.test');
    const list = await w.request('GET', '/accounts', { as: admin });
    assert.deepEqual(
      Account.array()
        .parse(list.json)
        .map((a) => a.email),
      ['admin@example.test', 'bob@example.test'],
    );
    assertProblem(await w.request('GET', '/accounts', { as: bob }), 403, 'ERR_FORBIDDEN');
    assertProblem(
      await w.request('POST', '/accounts', {
        as: bob,
        body: { email: 'eve@example.test', password: DEFAULT_PASSWORD },
      }),
      403,
      'ERR_FORBIDDEN',
    );
    assertProblem(
      await w.request('POST', '/accounts', {
        as: admin,
        body: { email: 'BOB@example.test', password: DEFAULT_PASSWORD },
      }),
      409,
      'ERR_ACCOUNT_EXISTS',
    );
    assertProblem(await w.request('GET', '/accounts', { as: ANONYMOUS }), 401, 'ERR_AUTH_REQUIRED');
    assert.equal(await w.accounts.countAccounts(), 2);
  });
});

test('passwords are stored as scrypt hashes and sessions as digests, never in clear', async () => {
  await withWorld(async (w) => {
    const s = await w.setUp('admin@example.test');
    const account = await w.store.getAccountByEmail('admin@example.test');
    assert.match(account!.passwordHash, /^scrypt\$32768\$8\$1\$/);
    assert.ok(!account!.passwordHash.includes(DEFAULT_PASSWORD));
    const secret = s.cookie.split('=')[1]!;
    const { digestSecret } = await import('../../ddns/sessions.js');
    const row = await w.accounts.getSessionByHash(digestSecret(secret));
    assert.ok(row, 'the session is found by the digest of its secret');
    assert.notEqual(row.tokenHash, secret);
  });
});

test('unexpected failures are logged without passwords, cookies or bodies', async () => {
  const lines: string[] = [];
  const w = await createApiWorld();
  try {
    await w.setUp('admin@example.test');
    // A store that fails: sign-in hits the database and gets a generic problem; the log line has no secrets.
    const { buildApp } = await import('../app.js');
    const failing = {
      ...w.services.accountAdmin,
      authenticate: async () => {
        throw new Error('database exploded');
      },
    };
    const app = buildApp({
      service: w.services.service,
      api: {
        hostAdmin: w.services.service,
        zoneAdmin: w.services.zoneAdmin,
        recordAdmin: w.services.recordAdmin,
        accountAdmin: failing,
        sessions: w.services.sessions,
        tokens: w.services.tokens,
        log: {
          error: (obj, msg) => void lines.push(JSON.stringify(obj) + ' ' + msg),
          warn: () => undefined,
          info: () => undefined,
        },
      },
    });
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=abc` },
      payload: JSON.stringify({ email: 'admin@example.test', password: 'my-secret-password-123' }),
    });
    assert.equal(r.statusCode, 500);
    assert.equal(JSON.parse(r.body).code, 'ERR_INTERNAL');
    assert.doesNotMatch(r.body, /exploded/, 'internal messages are not shown to the caller');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /database exploded/);
    assert.doesNotMatch(lines[0]!, /my-secret-password-123|admin@example\.test|abc/);
    await app.close();
  } finally {
    await w.close();
  }
});

test('each console sign-in attempt is logged once with its source and no password, cookie or CSRF token', async () => {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) =>
    void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  await withWorld(
    async (w) => {
      await w.setUp('admin@example.test');
      const wrong = ['Wr0ng-Console-Guess-1', 'Wr0ng-Console-Guess-2'];
      for (const password of wrong) await signInFrom(w, 'admin@example.test', password, '203.0.113.70');
      const limited = await signInFrom(w, 'admin@example.test', DEFAULT_PASSWORD, '203.0.113.70');
      assert.equal(limited.status, 429);
      const ok = await signInFrom(w, 'Admin@Example.test', DEFAULT_PASSWORD, '192.0.2.5');
      assert.equal(ok.status, 200);

      assert.deepEqual(
        lines.map((l) => [l.level, l.msg, l.obj['result'] ?? l.obj['limit'], l.obj['source']]),
        [
          ['warn', 'console sign-in failed', 'bad-credentials', '203.0.113.70'],
          ['warn', 'console sign-in failed', 'bad-credentials', '203.0.113.70'],
          [
            'warn',
            'console sign-in limit reached: this email is refused from this source until its failures age out',
            'source+email',
            '203.0.113.70',
          ],
          ['warn', 'console sign-in refused: too many failed sign-ins', 'rate-limited', '203.0.113.70'],
          ['info', 'console sign-in', 'ok', '192.0.2.5'],
        ],
      );
      // The same email, however typed, is one digest; the domain is told once the account is known.
      assert.equal(new Set(lines.map((l) => l.obj['email'])).size, 1);
      assert.match(String(lines[0]!.obj['email']), /^[0-9a-f]{16}$/);
      assert.equal(lines[4]!.obj['emailDomain'], 'example.test');
      const text = JSON.stringify(lines);
      for (const secret of [...wrong, DEFAULT_PASSWORD, cookieOf(ok).split('=')[1]!, ok.json.csrfToken])
        assert.equal(text.includes(secret), false, `a secret reached the log: ${secret.slice(0, 4)}…`);
      assert.doesNotMatch(text, /admin@/i, 'the email itself is not written');
    },
    { throttle: { maxPerSourceEmail: 2 }, log: { error: at('error'), warn: at('warn'), info: at('info') } },
  );
});

test('GET /server gives the update endpoints and the certificate facts as they are now', async () => {
  const w = await createApiWorld();
  try {
    const admin = await w.setUp();
    let tls = { selfSigned: true, fingerprint256: 'AA:BB' };
    const { buildApp } = await import('../app.js');
    const { apiDepsFrom } = await import('./deps.js');
    const app = buildApp({
      service: w.services.service,
      api: apiDepsFrom(w.services, { tls: () => tls, version: '9.9.9' }),
    });
    const get = async () =>
      JSON.parse(
        (
          await app.inject({
            method: 'GET',
            url: '/api/v1/server',
            headers: { cookie: (admin as { cookie: string }).cookie },
          })
        ).body,
      );
    assert.deepEqual(await get(), {
      version: '9.9.9',
      updatePath: '/nic/update',
      checkipPath: '/checkip',
      tls: { selfSigned: true, fingerprint256: 'AA:BB' },
    });
    tls = { selfSigned: false, fingerprint256: 'CC:DD' }; // a reload installed the operator's certificate
    assert.deepEqual((await get()).tls, { selfSigned: false, fingerprint256: 'CC:DD' });
    await app.close();
  } finally {
    await w.close();
  }
});
