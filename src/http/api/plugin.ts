// The REST API under /api/v1 as one Fastify plugin: JSON in (only application/json bodies are parsed) and
// out, problem+json errors from one handler, the route table of routes/*.ts, and the OpenAPI document at
// /api/v1/openapi.json. Unexpected errors are logged with the route and request id only: never bodies,
// cookies, Authorization headers or passwords.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolveClient, type TrustedProxies } from '../client-address.js';
import { createAuthenticator } from './auth.js';
import { createLoginThrottle } from './login-throttle.js';
import { buildOpenApi } from './openapi.js';
import { PROBLEM_CONTENT_TYPE, toProblem, ApiError } from './problem.js';
import { registerRoutes, type ApiRoute } from './route.js';
import { accountRoutes } from './routes/accounts.js';
import { tokenRoutes } from './routes/tokens.js';
import { zoneRoutes } from './routes/zones.js';
import { recordRoutes } from './routes/records.js';
import { hostRoutes } from './routes/hosts.js';
import type { ApiDeps, RouteDeps } from './deps.js';

/** API_PREFIX is where the REST API is mounted. */
export const API_PREFIX = '/api/v1';
/** MAX_API_BODY_BYTES bounds a JSON body (a long TXT value fits). */
export const MAX_API_BODY_BYTES = 256 * 1024;

/** apiRoutes gives the whole route table (used for registration and the OpenAPI document). */
export function apiRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    ...accountRoutes(deps),
    ...tokenRoutes(deps),
    ...zoneRoutes(deps),
    ...recordRoutes(deps),
    ...hostRoutes(deps),
  ];
}

/** registerApi mounts the REST API on `app` (the HTTPS app) under API_PREFIX. */
export async function registerApi(
  app: FastifyInstance,
  deps: ApiDeps,
  opts: { trustedProxies: TrustedProxies },
): Promise<void> {
  const routeDeps: RouteDeps = {
    ...deps,
    clock: deps.clock ?? { now: () => new Date() },
    loginThrottle: deps.loginThrottle ?? createLoginThrottle(),
    clientAddress: (req: FastifyRequest) =>
      resolveClient(req.socket.remoteAddress ?? req.ip, req.headers, opts.trustedProxies).source,
  };
  const routes = apiRoutes(routeDeps);
  const openapi = JSON.stringify(
    buildOpenApi(routes, { basePath: API_PREFIX, version: deps.version ?? '0' }),
  );
  const auth = createAuthenticator({ sessions: deps.sessions, tokens: deps.tokens });

  await app.register(
    async (api) => {
      // Only JSON bodies: a form post from another site cannot even reach a handler (it gets 415).
      api.removeAllContentTypeParsers();
      const jsonParser = api.getDefaultJsonParser('error', 'error');
      api.addContentTypeParser(
        'application/json',
        { parseAs: 'string', bodyLimit: MAX_API_BODY_BYTES },
        (req, body, done) => {
          if (body === '' || body === undefined) {
            done(null, undefined);
            return;
          }
          jsonParser(req, body as string, done);
        },
      );
      api.addHook('onSend', async (_req, reply) => {
        void reply.header('x-content-type-options', 'nosniff');
      });
      api.setErrorHandler((err, req, reply) => {
        const { problem, internal, headers } = toProblem(err);
        if (internal) {
          deps.log?.error(
            { reqId: req.id, method: req.method, route: req.routeOptions.url, err: (err as Error).message },
            'API request failed',
          );
        }
        for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
        void reply
          .code(problem.status)
          .header('content-type', PROBLEM_CONTENT_TYPE)
          .header('cache-control', 'no-store')
          .send(JSON.stringify(problem));
      });
      api.setNotFoundHandler((req) => {
        throw new ApiError('ERR_NOT_FOUND', `no API endpoint ${req.method} ${req.url.split('?')[0]}`);
      });
      api.get('/openapi.json', async (_req, reply) =>
        reply
          .header('content-type', 'application/json; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(openapi),
      );
      registerRoutes(api, routes, auth);
    },
    { prefix: API_PREFIX },
  );
}
