// Who is calling the REST API, and may they change things: the session cookie (console) or a bearer API
// token (automation), and the CSRF rules for cookie-authenticated changes. The cookie is
// `__Host-dynzone-session` (HttpOnly; Secure; SameSite=Strict; Path=/). A change made with a cookie must
// echo the session's CSRF token in X-CSRF-Token, and a browser's Origin / Sec-Fetch-Site headers must
// say same-origin. Never logs a secret; secrets are compared as digests in constant time (ddns/sessions.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../ddns/access.js';
import type { ActiveSession, SessionService } from '../../ddns/sessions.js';
import { equalSecrets } from '../../ddns/sessions.js';
import type { ApiTokenService } from '../../ddns/api-tokens.js';
import { ApiError } from './problem.js';

/** SESSION_COOKIE is the console session cookie's name (the __Host- prefix pins it to this origin, RFC 6265bis §4.1.3.2). */
export const SESSION_COOKIE = '__Host-dynzone-session';
/** CSRF_HEADER is the header a cookie-authenticated change must carry. */
export const CSRF_HEADER = 'x-csrf-token';

/** AuthLevel is what a route requires: nothing, any account (session or token), a session, or an administrator. */
export type AuthLevel = 'public' | 'account' | 'session' | 'admin';

/** AuthContext is who a request acts for. */
export interface AuthContext {
  readonly actor?: Actor | undefined;
  readonly session?: ActiveSession | undefined;
  readonly via?: 'session' | 'token' | undefined;
}

/** readCookie gives one cookie's value from the Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** sessionCookie gives the Set-Cookie value that stores a session secret for `maxAgeSeconds`. */
export function sessionCookie(secret: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${secret}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`;
}

/** clearedSessionCookie gives the Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** isUnsafeMethod tells whether a method changes state (and so needs CSRF protection). */
export function isUnsafeMethod(method: string): boolean {
  return UNSAFE.has(method.toUpperCase());
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * checkBrowserOrigin refuses a change a browser sent from another site: Sec-Fetch-Site must be same-origin
 * (or none: typed by the user) and Origin, when sent, must be this server. Non-browser clients send neither.
 */
export function checkBrowserOrigin(req: FastifyRequest): void {
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new ApiError('ERR_CSRF', 'cross-site requests cannot change anything here; use the console');
  }
  const origin = header(req, 'origin');
  const host = header(req, 'host');
  if (origin !== undefined && origin !== 'null' && host !== undefined) {
    let ok = false;
    try {
      ok = new URL(origin).host.toLowerCase() === host.toLowerCase();
    } catch {
      ok = false;
    }
    if (!ok)
      throw new ApiError('ERR_CSRF', `requests from ${origin} cannot change anything here; use the console`);
  }
  if (origin === 'null')
    throw new ApiError('ERR_CSRF', 'requests from an opaque origin cannot change anything here');
}

/** Authenticator resolves the caller and enforces a route's AuthLevel and the CSRF rules. */
export interface Authenticator {
  authenticate(req: FastifyRequest, reply: FastifyReply, level: AuthLevel): Promise<AuthContext>;
}

/** createAuthenticator builds the authenticator over the session and token services. */
export function createAuthenticator(deps: {
  sessions: SessionService;
  tokens: ApiTokenService;
}): Authenticator {
  const { sessions, tokens } = deps;

  async function resolve(req: FastifyRequest, reply: FastifyReply): Promise<AuthContext> {
    const authz = header(req, 'authorization');
    if (authz !== undefined) {
      const m = /^\s*bearer\s+(\S+)\s*$/i.exec(authz);
      if (!m) {
        throw new ApiError('ERR_AUTH_TOKEN_INVALID', 'use "Authorization: Bearer <API token>"', {
          headers: { 'www-authenticate': 'Bearer realm="dynzone", error="invalid_request"' },
        });
      }
      const r = await tokens.resolve(m[1]!);
      if (r.kind === 'expired') {
        throw new ApiError(
          'ERR_AUTH_TOKEN_EXPIRED',
          'the API token has expired; create a new one in the console',
          {
            headers: { 'www-authenticate': 'Bearer realm="dynzone", error="invalid_token"' },
          },
        );
      }
      if (r.kind === 'unknown') {
        throw new ApiError('ERR_AUTH_TOKEN_INVALID', 'the API token is not valid (revoked or mistyped)', {
          headers: { 'www-authenticate': 'Bearer realm="dynzone", error="invalid_token"' },
        });
      }
      return {
        actor: { accountId: r.account.id, email: r.account.email, isAdmin: r.account.isAdmin },
        via: 'token',
      };
    }
    const secret = readCookie(header(req, 'cookie'), SESSION_COOKIE);
    if (secret === undefined || secret === '') return {};
    const session = await sessions.resolve(secret);
    if (!session) {
      // A stale cookie: tell the browser to drop it.
      void reply.header('set-cookie', clearedSessionCookie());
      return {};
    }
    const a = session.account;
    return { actor: { accountId: a.id, email: a.email, isAdmin: a.isAdmin }, session, via: 'session' };
  }

  return {
    async authenticate(req, reply, level) {
      const unsafe = isUnsafeMethod(req.method);
      if (unsafe) checkBrowserOrigin(req);
      if (level === 'public') return {};
      const ctx = await resolve(req, reply);
      if (!ctx.actor) throw new ApiError('ERR_AUTH_REQUIRED', 'sign in first (or send an API token)');
      if (level === 'session' && ctx.via !== 'session')
        throw new ApiError('ERR_SESSION_REQUIRED', 'API tokens cannot do this: sign in to the console');
      if (level === 'admin' && !ctx.actor.isAdmin)
        throw new ApiError('ERR_FORBIDDEN', 'only an administrator may do this');
      if (unsafe && ctx.via === 'session') {
        // RFC 6265bis SameSite=Strict already keeps other sites' requests cookieless; the token is the
        // second lock, for browsers that do not honour SameSite.
        const sent = header(req, CSRF_HEADER);
        if (sent === undefined || !equalSecrets(sent, ctx.session!.row.csrfToken)) {
          throw new ApiError(
            'ERR_CSRF',
            `missing or wrong ${CSRF_HEADER} header; reload the console and try again`,
          );
        }
      }
      return ctx;
    },
  };
}
