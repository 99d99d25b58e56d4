// One REST route as data: method, path, what it requires, the zod schemas of its input and output, and
// its handler. The same table registers the Fastify routes (registerRoutes) and writes the OpenAPI
// document (openapi.ts), so the documentation cannot drift from what is served.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { ProblemCode } from './problem.js';
import { ApiError, fieldErrorsDetail, zodFieldErrors } from './problem.js';
import type { AuthContext, AuthLevel, Authenticator } from './auth.js';

/** HttpMethod is a method the API serves. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** RouteContext is what a handler gets: validated input, the caller, and the raw request for headers. */
export interface RouteContext<B, P> extends AuthContext {
  readonly body: B;
  readonly params: P;
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
}

/** RouteResult is a handler's answer: a status (default 200) and a JSON body (none for 204). */
export interface RouteResult {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** ApiRoute describes one route of the REST API. */
export interface ApiRoute<B = unknown, P = unknown> {
  readonly method: HttpMethod;
  /** OpenAPI-style path below /api/v1, e.g. "/zones/{zone}/records/{id}". */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly auth: AuthLevel;
  readonly params?: ZodType<P>;
  readonly body?: ZodType<B>;
  /** The success status and the schema of its body (absent for 204). */
  readonly success: { readonly status: number; readonly schema?: ZodType; readonly description: string };
  /** Problem codes this route may answer with (documented; tests check the common ones). */
  readonly errors: readonly ProblemCode[];
  handler(ctx: RouteContext<B, P>): Promise<RouteResult>;
}

/**
 * impliedErrors gives the problems every route of its kind can answer with, whatever its handler does:
 * authentication by auth level, CSRF for changes, validation for input.
 */
export function impliedErrors(route: ApiRoute): ProblemCode[] {
  const out: ProblemCode[] = [];
  if (route.auth !== 'public') out.push('ERR_AUTH_REQUIRED');
  if (route.auth === 'account' || route.auth === 'admin')
    out.push('ERR_AUTH_TOKEN_INVALID', 'ERR_AUTH_TOKEN_EXPIRED');
  if (route.auth === 'session') out.push('ERR_SESSION_REQUIRED');
  if (route.auth === 'admin') out.push('ERR_FORBIDDEN');
  if (route.method !== 'GET') out.push('ERR_CSRF');
  if (route.body || route.params) out.push('ERR_VALIDATION');
  if (route.body) out.push('ERR_UNSUPPORTED_MEDIA_TYPE');
  return out;
}

/** defineRoute types a route's handler from its schemas. */
export function defineRoute<B = undefined, P = undefined>(route: ApiRoute<B, P>): ApiRoute {
  return route as unknown as ApiRoute;
}

/** fastifyPath turns "/zones/{zone}" into Fastify's "/zones/:zone". */
export function fastifyPath(path: string): string {
  return path.replace(/\{([A-Za-z]+)\}/g, ':$1');
}

function parseWith<T>(schema: ZodType<T> | undefined, value: unknown, where: 'body' | 'path'): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (r.success) return r.data;
  const errors = zodFieldErrors(r.error, schema, value).map((e) => ({
    path: where === 'path' ? `path.${e.path}` : e.path,
    message: e.message,
  }));
  throw new ApiError('ERR_VALIDATION', fieldErrorsDetail(errors), { errors });
}

/** registerRoutes adds every route to `app` (already scoped to /api/v1). */
export function registerRoutes(app: FastifyInstance, routes: readonly ApiRoute[], auth: Authenticator): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      handler: async (req, reply) => {
        // Authentication first: an anonymous caller learns nothing about the input rules.
        const who = await auth.authenticate(req, reply, route.auth);
        const params = parseWith(route.params, req.params, 'path');
        const body = parseWith(route.body, req.body, 'body');
        const result = await route.handler({ ...who, body, params, req, reply });
        void reply.header('cache-control', 'no-store');
        for (const [k, v] of Object.entries(result.headers ?? {})) void reply.header(k, v);
        const status = result.status ?? route.success.status;
        if (status === 204) return reply.code(204).send();
        // The answer goes through its documented schema: unknown fields are dropped, and a handler that
        // breaks its contract fails loudly (500) instead of sending an undocumented shape.
        const out = route.success.schema ? route.success.schema.parse(result.body) : result.body;
        return reply
          .code(status)
          .header('content-type', 'application/json; charset=utf-8')
          .send(JSON.stringify(out));
      },
    });
  }
}
