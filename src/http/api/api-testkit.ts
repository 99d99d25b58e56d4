// Test support for the REST API tests (not imported by production code): a real SQLite store in a temp
// directory, a real ZoneCatalog, the wired use cases, the HTTPS Fastify app driven with inject(), a
// settable clock, and helpers to set up, sign in and call the API as a browser or with a token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openStores, type Stores } from '../../store/open-stores.js';
import { ZoneCatalog } from '../../zone/catalog.js';
import { DnsName } from '../../dns/name.js';
import { formatRdata } from '../../dns/zonefile/rdata-text.js';
import { loadOrCreateServerSecrets } from '../../ddns/credentials.js';
import { createDdnsServices, type DdnsServices } from '../../ddns/services.js';
import { FakeClock } from '../../ddns/testkit.js';
import { buildApp } from '../app.js';
import { createLoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import { SESSION_COOKIE } from './auth.js';
import type { ApiLogger } from './deps.js';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { ProblemDocument } from './schemas.js';

type ProblemDoc = z.infer<typeof ProblemDocument>;

/** Reply is what a test looks at: status, headers and the parsed JSON body (if any). */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
  // Tests read fields freely; each asserts the shape it relies on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

/** Caller is how a request authenticates: a browser session (cookie + CSRF token), a token, or nobody. */
export type Caller =
  | { readonly kind: 'session'; readonly cookie: string; readonly csrf: string }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'anonymous' };

/** ANONYMOUS is the caller without credentials. */
export const ANONYMOUS: Caller = { kind: 'anonymous' };

/** ApiWorld is one isolated server: stores, catalog, services, app; `close` removes everything. */
export interface ApiWorld extends Stores {
  readonly dir: string;
  readonly catalog: ZoneCatalog;
  readonly clock: FakeClock;
  readonly services: DdnsServices;
  readonly app: FastifyInstance;
  /** request sends one API call (path below /api/v1 or absolute); `headers` override the defaults. */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    opts?: {
      as?: Caller;
      body?: unknown;
      headers?: Record<string, string | undefined>;
      remoteAddress?: string;
    },
  ): Promise<Reply>;
  /** setUp runs first-run set-up and returns the administrator's session. */
  setUp(email?: string, password?: string): Promise<Caller & { kind: 'session' }>;
  /** addAccount creates an account (as the administrator) and signs it in. */
  addAccount(admin: Caller, email: string, password?: string): Promise<Caller & { kind: 'session' }>;
  /** signIn signs in and returns the session. */
  signIn(email: string, password: string): Promise<Caller & { kind: 'session' }>;
  /** serial gives the served SOA serial of a zone ("example.test"). */
  serial(zone: string): number | undefined;
  /**
   * answer asks the served catalog what the name server answers for qname/qtype: the lookup kind and,
   * for an answer, the rdata in presentation form (sorted). 'refused' when no served zone holds the name.
   */
  answer(qname: string, qtype: number): { kind: string; values: string[] };
  /** nicUpdate sends a dyndns2 update with Basic credentials through the same app; gives status and body. */
  nicUpdate(username: string, password: string, query: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** DEFAULT_PASSWORD is the password test accounts get. */
export const DEFAULT_PASSWORD = 'correct horse battery';

/** cookieOf extracts the session cookie pair ("name=value") from a Set-Cookie answer. */
export function cookieOf(reply: Reply): string {
  const raw = reply.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  const c = all.find((v) => v.startsWith(`${SESSION_COOKIE}=`));
  if (!c) throw new Error(`no session cookie in ${JSON.stringify(raw)}`);
  return c.split(';')[0]!;
}

/** createApiWorld builds a fresh world; options tune the login throttle and take the API's log lines. */
export async function createApiWorld(
  opts: { throttle?: LoginThrottleOptions; log?: ApiLogger } = {},
): Promise<ApiWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'dynzone-api-'));
  const stores = openStores({ kind: 'sqlite', path: join(dir, 'dynzone.db') });
  await stores.store.migrate();
  const catalog = new ZoneCatalog();
  const clock = new FakeClock(Date.now());
  const services = createDdnsServices({
    ...stores,
    secrets: loadOrCreateServerSecrets(dir),
    catalog,
    clock,
  });
  const app = buildApp({
    service: services.service,
    api: {
      hostAdmin: services.service,
      zoneAdmin: services.zoneAdmin,
      recordAdmin: services.recordAdmin,
      accountAdmin: services.accountAdmin,
      sessions: services.sessions,
      tokens: services.tokens,
      clock,
      loginThrottle: createLoginThrottle({ now: () => clock.now().getTime(), ...opts.throttle }),
      version: 'test',
      log: opts.log,
    },
  });
  await app.ready();

  const world: ApiWorld = {
    ...stores,
    dir,
    catalog,
    clock,
    services,
    app,
    async request(method, path, o = {}) {
      const as = o.as ?? ANONYMOUS;
      const headers: Record<string, string> = { host: 'console.example.test' };
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      if (as.kind === 'session') {
        headers['cookie'] = as.cookie;
        if (method !== 'GET') headers['x-csrf-token'] = as.csrf;
      }
      if (as.kind === 'token') headers['authorization'] = `Bearer ${as.token}`;
      for (const [k, v] of Object.entries(o.headers ?? {})) {
        if (v === undefined) delete headers[k];
        else headers[k] = v;
      }
      const r = await app.inject({
        method,
        url: path.startsWith('/') && !path.startsWith('/api/') ? `/api/v1${path}` : path,
        headers,
        remoteAddress: o.remoteAddress ?? '198.51.100.20',
        ...(o.body !== undefined
          ? { payload: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }
          : {}),
      });
      let json: unknown;
      try {
        json = r.body.length > 0 ? JSON.parse(r.body) : undefined;
      } catch {
        json = undefined;
      }
      return { status: r.statusCode, headers: r.headers, body: r.body, json };
    },
    async setUp(email = 'admin@example.test', password = DEFAULT_PASSWORD) {
      const r = await world.request('POST', '/setup', { body: { email, password } });
      if (r.status !== 201) throw new Error(`set-up failed: ${r.status} ${r.body}`);
      return { kind: 'session', cookie: cookieOf(r), csrf: r.json.csrfToken as string };
    },
    async addAccount(admin, email, password = DEFAULT_PASSWORD) {
      const r = await world.request('POST', '/accounts', { as: admin, body: { email, password } });
      if (r.status !== 201) throw new Error(`account creation failed: ${r.status} ${r.body}`);
      return world.signIn(email, password);
    },
    async signIn(email, password) {
      const r = await world.request('POST', '/session', { body: { email, password } });
      if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${r.body}`);
      return { kind: 'session', cookie: cookieOf(r), csrf: r.json.csrfToken as string };
    },
    serial(zone) {
      return catalog.get(DnsName.parse(zone.endsWith('.') ? zone : zone + '.'))?.serial;
    },
    answer(qname, qtype) {
      const name = DnsName.parse(qname.endsWith('.') ? qname : qname + '.');
      const zone = catalog.findZone(name);
      if (!zone) return { kind: 'refused', values: [] };
      const res = zone.lookup(name, qtype);
      if (res.kind !== 'answer') return { kind: res.kind, values: [] };
      return {
        kind: 'answer',
        values: res.answers.flatMap((set) => set.rdatas.map((rd) => formatRdata(set.type, rd))).sort(),
      };
    },
    async nicUpdate(username, password, query) {
      const r = await app.inject({
        method: 'GET',
        url: `/nic/update?${query}`,
        headers: {
          host: 'console.example.test',
          'user-agent': 'dynzone-api-test/1.0',
          authorization: 'Basic ' + Buffer.from(`${username}:${password}`, 'utf8').toString('base64'),
        },
        remoteAddress: '203.0.113.9',
      });
      return { status: r.statusCode, body: r.body };
    },
    async close() {
      await app.close();
      await stores.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** withZone runs `fn` in a fresh world whose administrator has set up and added the domain example.test. */
export async function withZone(fn: (w: ApiWorld, admin: Caller) => Promise<void>): Promise<void> {
  const w = await createApiWorld();
  try {
    const admin = await w.setUp();
    const added = await w.request('POST', '/zones', { as: admin, body: { name: 'example.test' } });
    assert.equal(added.status, 201);
    await fn(w, admin);
  } finally {
    await w.close();
  }
}

/** expectProblem asserts a problem+json answer with `status` and `code`, and gives the document. */
export function expectProblem(
  r: { status: number; json: unknown },
  status: number,
  code: string,
): ProblemDoc {
  assert.equal(r.status, status, JSON.stringify(r.json));
  const p = ProblemDocument.parse(r.json);
  assert.equal(p.code, code);
  return p;
}
