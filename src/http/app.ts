// The HTTP application of the update API: /nic/update and /checkip on Fastify, built without listening so
// tests drive it with `inject`. One app per listener: the HTTPS one serves updates, the plain-HTTP one
// only /checkip unless the operator allows insecure updates (and, at /, a page pointing to the console). Never logs passwords or Authorization.
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { UpdateService } from '../ddns/update-service.js';
import { createTrustedProxies, type TrustedProxies } from './client-address.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { registerCheckip } from './routes/checkip.js';
import { registerNicUpdate, type UpdateEvent } from './routes/nic-update.js';
import { registerHealth, type Readiness } from './routes/health.js';
import { registerHttpIndex } from './routes/http-index.js';
import { registerApi } from './api/plugin.js';
import type { ApiDeps } from './api/deps.js';

/** HttpAppDeps are what buildApp needs. */
export interface HttpAppDeps {
  readonly service: UpdateService;
  /** 'https' (default) for the TLS listener, 'http' for the plain one. */
  readonly transport?: 'https' | 'http' | undefined;
  /** Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or CIDR prefixes). */
  readonly trustedProxies?: readonly string[] | TrustedProxies | undefined;
  readonly allowInsecureUpdates?: boolean | undefined;
  /** User-Agent prefixes refused with badagent: a list, or a getter when it can change at run time. */
  readonly denyUserAgents?: readonly string[] | (() => readonly string[]) | undefined;
  /** onUpdate is told about every answered /nic/update request (request log, metrics). */
  readonly onUpdate?: ((event: UpdateEvent) => void) | undefined;
  /** readiness, when given, serves /healthz and /readyz on this app. */
  readonly readiness?: Readiness | undefined;
  /** /checkip limit per source (default 60 per minute). */
  readonly checkipLimiter?: RateLimiter | undefined;
  readonly realm?: string | undefined;
  /** The REST API's use cases; when given, the HTTPS app serves /api/v1 (never the plain-HTTP one). */
  readonly api?: ApiDeps | undefined;
  /** More plugins for the HTTPS app (the composition root passes the console here). */
  readonly plugins?: readonly FastifyPluginAsync[] | undefined;
  /** (Plain-HTTP app) where the HTTPS listener is bound, so that GET / can point at the console. */
  readonly httpsListener?: { readonly host: string; readonly port: number } | undefined;
}

/** MAX_BODY_BYTES bounds an update's form body; dyndns2 parameters are tiny. */
export const MAX_BODY_BYTES = 16 * 1024;

/** buildApp builds the Fastify app (call `ready()`/`inject()` in tests, `listen()` in server.ts). */
export function buildApp(deps: HttpAppDeps, fastifyOpts: Record<string, unknown> = {}): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    return503OnClosing: true,
    // Path parameters hold host names (up to 253 characters) in the REST API.
    routerOptions: { maxParamLength: 300 },
    ...fastifyOpts,
  });
  const tp = deps.trustedProxies;
  const trustedProxies =
    tp === undefined ? createTrustedProxies([]) : 'has' in tp ? tp : createTrustedProxies(tp);

  const denyList = typeof deps.denyUserAgents === 'function' ? [] : (deps.denyUserAgents ?? []);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });
  // Other bodies are ignored (the parameters may still be in the query string).
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => done(null, undefined));

  registerNicUpdate(app, {
    service: deps.service,
    trustedProxies,
    transport: deps.transport ?? 'https',
    allowInsecureUpdates: deps.allowInsecureUpdates ?? false,
    denyUserAgents: typeof deps.denyUserAgents === 'function' ? deps.denyUserAgents : () => denyList,
    realm: deps.realm ?? 'dynzone',
    onUpdate: deps.onUpdate,
  });
  if (deps.readiness !== undefined) registerHealth(app, deps.readiness);
  registerCheckip(app, {
    trustedProxies,
    limiter: deps.checkipLimiter ?? createRateLimiter({ limit: 60, windowMs: 60_000 }),
  });
  // The REST API and the console need TLS: session cookies are Secure and credentials are shown.
  if ((deps.transport ?? 'https') === 'https') {
    const api = deps.api;
    if (api) void app.register(async (scope) => registerApi(scope, api, { trustedProxies }));
    for (const plugin of deps.plugins ?? []) void app.register(plugin);
  } else {
    registerHttpIndex(app, {
      httpsListener: deps.httpsListener,
      allowInsecureUpdates: deps.allowInsecureUpdates ?? false,
    });
  }
  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('not found\n');
  });
  app.setErrorHandler((err: { statusCode?: number }, _req, reply) => {
    // Malformed bodies and the like: a client error, answered in the protocol's words; anything else is ours.
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? 400 : 500;
    void reply
      .code(200)
      .header('content-type', 'text/plain; charset=utf-8')
      .send(status === 400 ? 'badagent\n' : '911\n');
  });
  return app;
}
