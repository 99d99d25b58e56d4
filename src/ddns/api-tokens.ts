// API tokens for automation (issue 4): `dzt_` plus 32 random bytes, shown once at creation; the store keeps
// only the SHA-256 and a short prefix to recognise it by. A token acts for its account with the same rights
// as a console session, until it expires or is revoked.
import { randomBytes } from 'node:crypto';
import type { AccountsStore, ApiTokenId, ApiTokenRow } from '../store/accounts-store.js';
import type { Account, AccountId, Store } from '../store/store.js';
import { DdnsError } from './errors.js';
import { digestSecret, equalSecrets } from './sessions.js';
import type { Clock } from './update-service.js';

/** API_TOKEN_PREFIX starts every API token, so leaked tokens are easy to recognise and scan for. */
export const API_TOKEN_PREFIX = 'dzt_';
const TOKEN_SHAPE = /^dzt_[A-Za-z0-9_-]{43}$/;
// Last-use times are written back at most this often.
const TOUCH_EVERY_MS = 60_000;

/** ApiTokenView is a token as listed: never the secret. */
export interface ApiTokenView {
  readonly id: number;
  readonly name: string;
  /** The first characters of the token ("dzt_AbC1…"). */
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
}

/** TokenResolution is what a presented token turned out to be. */
export type TokenResolution =
  | { readonly kind: 'valid'; readonly token: ApiTokenRow; readonly account: Account }
  | { readonly kind: 'expired' }
  | { readonly kind: 'unknown' };

/** ApiTokenService creates, lists, revokes and resolves API tokens. */
export interface ApiTokenService {
  /** create makes a token; `secret` is returned this once and never stored. */
  create(
    accountId: AccountId,
    name: string,
    expiresAt: Date | null,
  ): Promise<{ view: ApiTokenView; secret: string }>;
  /** list gives an account's tokens, newest first. */
  list(accountId: AccountId): Promise<ApiTokenView[]>;
  /** revoke deletes one of an account's tokens; ERR_TOKEN_NOT_FOUND otherwise. */
  revoke(accountId: AccountId, id: number): Promise<void>;
  /** resolve tells whether a presented token is valid, expired or unknown. */
  resolve(secret: string): Promise<TokenResolution>;
}

/** toApiTokenView drops the digest. */
export function toApiTokenView(t: ApiTokenRow): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}

/** createApiTokenService builds the token service; the clock is injectable for expiry tests. */
export function createApiTokenService(deps: {
  store: Store;
  accounts: AccountsStore;
  clock?: Clock | undefined;
}): ApiTokenService {
  const { store, accounts } = deps;
  const clock = deps.clock ?? { now: () => new Date() };
  return {
    async create(accountId, name, expiresAt) {
      const secret = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const row = await accounts.insertApiToken({
        tokenHash: digestSecret(secret),
        accountId,
        name,
        prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
        createdAt: clock.now(),
        expiresAt,
      });
      return { view: toApiTokenView(row), secret };
    },

    async list(accountId) {
      return (await accounts.listApiTokens(accountId)).map(toApiTokenView);
    },

    async revoke(accountId, id) {
      if (!(await accounts.deleteApiToken(accountId, id as ApiTokenId)))
        throw new DdnsError('ERR_TOKEN_NOT_FOUND', `no API token ${id} in your account`, { id });
    },

    async resolve(secret) {
      if (!TOKEN_SHAPE.test(secret)) return { kind: 'unknown' };
      const digest = digestSecret(secret);
      const token = await accounts.getApiTokenByHash(digest);
      if (!token || !equalSecrets(token.tokenHash, digest)) return { kind: 'unknown' };
      const now = clock.now();
      if (token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
      const account = await store.getAccountById(token.accountId);
      if (!account) return { kind: 'unknown' };
      if (token.lastUsedAt === null || now.getTime() - token.lastUsedAt.getTime() >= TOUCH_EVERY_MS)
        await accounts.touchApiToken(token.id, now);
      return { kind: 'valid', token, account };
    },
  };
}
