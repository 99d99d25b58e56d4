// REST routes for API tokens: create (the secret is shown once), list, revoke. Only a console session may
// manage tokens, so a leaked token cannot mint more.
import type { z } from 'zod';
import { defineRoute, type ApiRoute } from '../route.js';
import { ApiToken, ApiTokenCreated, TokenCreateBody, TokenParams } from '../schemas.js';
import type { RouteDeps } from '../deps.js';

/** tokenRoutes gives the API-token routes. */
export function tokenRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/tokens',
      tag: 'tokens',
      summary: "List the signed-in account's API tokens",
      auth: 'session',
      success: { status: 200, schema: ApiToken.array(), description: 'The tokens (never their secrets)' },
      errors: [],
      async handler({ actor }) {
        return { body: await deps.tokens.list(actor!.accountId) };
      },
    }),
    defineRoute<z.infer<typeof TokenCreateBody>>({
      method: 'POST',
      path: '/tokens',
      tag: 'tokens',
      summary: 'Create an API token; its secret is returned this once',
      auth: 'session',
      body: TokenCreateBody,
      success: { status: 201, schema: ApiTokenCreated, description: 'The token and its secret' },
      errors: ['ERR_VALIDATION'],
      async handler({ actor, body }) {
        const days = body.expiresInDays ?? null;
        const expiresAt = days === null ? null : new Date(deps.clock.now().getTime() + days * 86_400_000);
        const { view, secret } = await deps.tokens.create(actor!.accountId, body.name, expiresAt);
        return { status: 201, body: { token: view, secret } };
      },
    }),
    defineRoute<undefined, z.infer<typeof TokenParams>>({
      method: 'DELETE',
      path: '/tokens/{id}',
      tag: 'tokens',
      summary: 'Revoke an API token',
      auth: 'session',
      params: TokenParams,
      success: { status: 204, description: 'Revoked' },
      errors: ['ERR_VALIDATION', 'ERR_TOKEN_NOT_FOUND'],
      async handler({ actor, params }) {
        await deps.tokens.revoke(actor!.accountId, params.id);
        return { status: 204 };
      },
    }),
  ];
}
