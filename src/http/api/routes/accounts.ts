// REST routes for accounts and sessions: first-run set-up, sign in and out, the signed-in account, its
// password, the account list (administrators), and what this server is. Sign-in is rate limited
// (login-throttle.ts) and answers the same for an unknown email and a wrong password. Each sign-in attempt
// is logged once (info when it succeeds, warn when it fails or is refused), and so is a limit being
// reached; the lines name the source address and a digest of the email (its domain too once the account
// is known), never the password, the session cookie or the CSRF token.
import { createHash } from 'node:crypto';
import { clearedSessionCookie, sessionCookie } from '../auth.js';
import { ApiError } from '../problem.js';
import { defineRoute, type ApiRoute } from '../route.js';
import {
  Account,
  AccountCreateBody,
  CredentialsBody,
  PasswordChangeBody,
  ServerInfo,
  Session,
  SetupStatus,
} from '../schemas.js';
import { toAccountView } from '../../../ddns/accounts.js';
import type { Account as StoredAccount } from '../../../store/store.js';
import type { StartedSession } from '../../../ddns/sessions.js';
import type { RouteDeps } from '../deps.js';
import type { z } from 'zod';

function sessionBody(
  account: StoredAccount,
  s: { csrfToken: string; expiresAt: Date },
): z.infer<typeof Session> {
  return { account: toAccountView(account), csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() };
}

function signedIn(deps: RouteDeps, account: StoredAccount, s: StartedSession, status: number) {
  return {
    status,
    body: sessionBody(account, s),
    headers: { 'set-cookie': sessionCookie(s.secret, deps.sessions.maxAgeSeconds) },
  };
}

/**
 * emailDigest identifies the email a sign-in named in the log without writing it out (a password typed
 * into the email field must not reach the log either): the same email always gives the same digest.
 */
export function emailDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex').slice(0, 16);
}

/** accountRoutes gives the account and session routes. */
export function accountRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/setup',
      tag: 'accounts',
      summary: 'Tell whether first-run set-up is open (no account exists yet)',
      auth: 'public',
      success: { status: 200, schema: SetupStatus, description: 'Set-up status' },
      errors: [],
      async handler() {
        return { body: { needed: await deps.accountAdmin.needsSetup() } };
      },
    }),
    defineRoute<z.infer<typeof CredentialsBody>>({
      method: 'POST',
      path: '/setup',
      tag: 'accounts',
      summary: 'Create the first account, an administrator, and sign it in',
      auth: 'public',
      body: CredentialsBody,
      success: { status: 201, schema: Session, description: 'The administrator is signed in (cookie set)' },
      errors: ['ERR_VALIDATION', 'ERR_EMAIL_INVALID', 'ERR_PASSWORD_POLICY', 'ERR_SETUP_DONE'],
      async handler({ body }) {
        const account = await deps.accountAdmin.setUpAdministrator(body.email, body.password);
        return signedIn(deps, account, await deps.sessions.start(account.id), 201);
      },
    }),
    defineRoute<z.infer<typeof CredentialsBody>>({
      method: 'POST',
      path: '/session',
      tag: 'accounts',
      summary: 'Sign in',
      description:
        'Sets the session cookie and returns the CSRF token to send in X-CSRF-Token with every change. ' +
        'Failed attempts are limited per source address and email, and per source address; an email is ' +
        'never limited at the address it last signed in from.',
      auth: 'public',
      body: CredentialsBody,
      success: { status: 200, schema: Session, description: 'Signed in (cookie set)' },
      errors: ['ERR_VALIDATION', 'ERR_AUTH_BAD_CREDENTIALS', 'ERR_AUTH_RATE_LIMITED'],
      async handler({ body, req }) {
        const source = deps.clientAddress(req);
        const attempt = { source, email: emailDigest(body.email) };
        const decision = deps.loginThrottle.check(source, body.email);
        if (!decision.allowed) {
          deps.log?.warn(
            { ...attempt, result: 'rate-limited', retryAfterSeconds: decision.retryAfterSeconds },
            'console sign-in refused: too many failed sign-ins',
          );
          const minutes = Math.max(1, Math.ceil(decision.retryAfterSeconds / 60));
          throw new ApiError(
            'ERR_AUTH_RATE_LIMITED',
            `too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
            { headers: { 'retry-after': String(decision.retryAfterSeconds) } },
          );
        }
        const account = await deps.accountAdmin.authenticate(body.email, body.password);
        if (!account) {
          const reached = deps.loginThrottle.fail(source, body.email);
          deps.log?.warn({ ...attempt, result: 'bad-credentials' }, 'console sign-in failed');
          if (reached !== undefined) {
            deps.log?.warn(
              { source, limit: reached, ...(reached === 'source+email' ? { email: attempt.email } : {}) },
              reached === 'source+email'
                ? 'console sign-in limit reached: this email is refused from this source until its failures age out'
                : 'console sign-in limit reached: every email is refused from this source until its failures age out',
            );
          }
          throw new ApiError('ERR_AUTH_BAD_CREDENTIALS', 'the email or the password is not correct');
        }
        deps.loginThrottle.succeed(source, body.email);
        deps.log?.info(
          {
            ...attempt,
            emailDomain: account.email.slice(account.email.lastIndexOf('@') + 1),
            accountId: account.id,
            result: 'ok',
          },
          'console sign-in',
        );
        return signedIn(deps, account, await deps.sessions.start(account.id), 200);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/session',
      tag: 'accounts',
      summary: 'The current console session (and its CSRF token)',
      auth: 'session',
      success: { status: 200, schema: Session, description: 'The session' },
      errors: [],
      async handler({ session }) {
        return { body: sessionBody(session!.account, session!.row) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/session',
      tag: 'accounts',
      summary: 'Sign out',
      auth: 'session',
      success: { status: 204, description: 'Signed out (cookie cleared)' },
      errors: [],
      async handler({ session }) {
        await deps.sessions.end(session!.row);
        return { status: 204, headers: { 'set-cookie': clearedSessionCookie() } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/account',
      tag: 'accounts',
      summary: 'The account this request acts for',
      auth: 'account',
      success: { status: 200, schema: Account, description: 'The account' },
      errors: [],
      async handler({ actor }) {
        const account = await deps.accountAdmin.getAccount(actor!.accountId);
        if (!account) throw new ApiError('ERR_AUTH_REQUIRED', 'the account no longer exists');
        return { body: toAccountView(account) };
      },
    }),
    defineRoute<z.infer<typeof PasswordChangeBody>>({
      method: 'PUT',
      path: '/account/password',
      tag: 'accounts',
      summary: "Change the signed-in account's password (other sessions are signed out)",
      auth: 'session',
      body: PasswordChangeBody,
      success: { status: 204, description: 'Password changed' },
      errors: ['ERR_VALIDATION', 'ERR_PASSWORD_MISMATCH', 'ERR_PASSWORD_POLICY'],
      async handler({ body, session }) {
        await deps.accountAdmin.changePassword(session!.account.id, body.currentPassword, body.newPassword);
        await deps.sessions.endOthers(session!.row);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/accounts',
      tag: 'accounts',
      summary: 'List every account (administrators only)',
      auth: 'admin',
      success: { status: 200, schema: Account.array(), description: 'The accounts' },
      errors: [],
      async handler() {
        return { body: (await deps.accountAdmin.listAccounts()).map(toAccountView) };
      },
    }),
    defineRoute<z.infer<typeof AccountCreateBody>>({
      method: 'POST',
      path: '/accounts',
      tag: 'accounts',
      summary: 'Create an account (administrators only)',
      auth: 'admin',
      body: AccountCreateBody,
      success: { status: 201, schema: Account, description: 'The new account' },
      errors: ['ERR_VALIDATION', 'ERR_EMAIL_INVALID', 'ERR_PASSWORD_POLICY', 'ERR_ACCOUNT_EXISTS'],
      async handler({ body }) {
        const account = await deps.accountAdmin.createAccount(body.email, body.password, body.isAdmin);
        return { status: 201, body: toAccountView(account) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/server',
      tag: 'accounts',
      summary: "This server's update endpoints and certificate, for client settings",
      auth: 'account',
      success: { status: 200, schema: ServerInfo, description: 'Server information' },
      errors: [],
      async handler() {
        const body: z.infer<typeof ServerInfo> = {
          version: deps.version ?? 'unknown',
          updatePath: '/nic/update',
          checkipPath: '/checkip',
          tls: deps.tls?.() ?? { selfSigned: false, fingerprint256: null },
        };
        return { body };
      },
    }),
  ];
}
