// Persistence of what the console and the REST API need about accounts beyond the Store port: the account
// list, the first-run administrator, password changes, sign-in sessions and API tokens. Secrets arrive
// here already digested (sessions and tokens) or hashed (passwords); Kysely stays inside src/store.
import type { Kysely, Selectable } from 'kysely';
import type { AccountsTable, ApiTokensTable, Database, SessionsTable } from './schema.js';
import { StoreError } from './errors.js';
import type { Account, AccountId } from './store.js';

/** SessionId identifies a stored console session. */
export type SessionId = number & { readonly __brand: 'SessionId' };
/** ApiTokenId identifies a stored API token. */
export type ApiTokenId = number & { readonly __brand: 'ApiTokenId' };

/** SessionRow is a stored session: the digest of its secret, never the secret. */
export interface SessionRow {
  readonly id: SessionId;
  readonly tokenHash: string;
  readonly accountId: AccountId;
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
}

/** ApiTokenRow is a stored API token: the digest of the token and a short prefix to recognise it by. */
export interface ApiTokenRow {
  readonly id: ApiTokenId;
  readonly tokenHash: string;
  readonly accountId: AccountId;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
}

/** AccountsStore is the persistence of accounts' lists, sessions and tokens. Every method may throw StoreError. */
export interface AccountsStore {
  /** countAccounts tells how many accounts exist (0 means first-run set-up is open). */
  countAccounts(): Promise<number>;
  /** listAccounts gives every account, ordered by email. */
  listAccounts(): Promise<Account[]>;
  /**
   * createFirstAccount stores an administrator only if no account exists yet, atomically; undefined when
   * one already does (two browsers racing through first-run set-up get one administrator).
   */
  createFirstAccount(email: string, passwordHash: string): Promise<Account | undefined>;
  /** setPasswordHash replaces an account's password hash; ERR_ACCOUNT_NOT_FOUND if it is gone. */
  setPasswordHash(id: AccountId, passwordHash: string): Promise<void>;

  /** insertSession stores a session. */
  insertSession(s: Omit<SessionRow, 'id'>): Promise<SessionRow>;
  /** getSessionByHash finds a session by the digest of its secret. */
  getSessionByHash(tokenHash: string): Promise<SessionRow | undefined>;
  /** touchSession records activity and moves the expiry (sliding idle timeout). */
  touchSession(id: SessionId, lastSeenAt: Date, expiresAt: Date): Promise<void>;
  /** deleteSession ends one session. */
  deleteSession(id: SessionId): Promise<void>;
  /** deleteSessionsOfAccount ends every session of an account except `keep` (after a password change). */
  deleteSessionsOfAccount(accountId: AccountId, keep?: SessionId): Promise<void>;
  /** deleteExpiredSessions removes sessions whose expiry is at or before `now`. */
  deleteExpiredSessions(now: Date): Promise<void>;

  /** insertApiToken stores a token. */
  insertApiToken(t: Omit<ApiTokenRow, 'id' | 'lastUsedAt'>): Promise<ApiTokenRow>;
  /** getApiTokenByHash finds a token by its digest. */
  getApiTokenByHash(tokenHash: string): Promise<ApiTokenRow | undefined>;
  /** listApiTokens gives an account's tokens, newest first. */
  listApiTokens(accountId: AccountId): Promise<ApiTokenRow[]>;
  /** deleteApiToken revokes one of an account's tokens; false when it has no such token. */
  deleteApiToken(accountId: AccountId, id: ApiTokenId): Promise<boolean>;
  /** touchApiToken records when a token was last used. */
  touchApiToken(id: ApiTokenId, at: Date): Promise<void>;
}

function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id as AccountId,
    email: row.email,
    passwordHash: row.password_hash,
    isAdmin: Number(row.is_admin) !== 0,
    createdAt: new Date(row.created_at),
  };
}

function toSession(r: Selectable<SessionsTable>): SessionRow {
  return {
    id: r.id as SessionId,
    tokenHash: r.token_hash,
    accountId: r.account_id as AccountId,
    csrfToken: r.csrf_token,
    createdAt: new Date(r.created_at),
    lastSeenAt: new Date(r.last_seen_at),
    expiresAt: new Date(r.expires_at),
  };
}

function toToken(r: Selectable<ApiTokensTable>): ApiTokenRow {
  return {
    id: r.id as ApiTokenId,
    tokenHash: r.token_hash,
    accountId: r.account_id as AccountId,
    name: r.name,
    prefix: r.prefix,
    createdAt: new Date(r.created_at),
    expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
    lastUsedAt: r.last_used_at === null ? null : new Date(r.last_used_at),
  };
}

/** createAccountsStore gives an AccountsStore over the Kysely instance the Store uses. */
export function createAccountsStore(db: Kysely<Database>): AccountsStore {
  return {
    async countAccounts() {
      const row = await db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async listAccounts() {
      return (await db.selectFrom('accounts').selectAll().orderBy('email').execute()).map(toAccount);
    },

    async createFirstAccount(email, passwordHash) {
      const key = email.trim().toLowerCase();
      return db.transaction().execute(async (trx) => {
        // Insert-if-empty in one statement: SQLite runs it under the write lock, so no second account
        // can slip in between the check and the insert.
        const res = await trx
          .insertInto('accounts')
          .columns(['email', 'password_hash', 'is_admin', 'created_at'])
          .expression(
            trx
              .selectNoFrom((eb) => [
                eb.val(key).as('email'),
                eb.val(passwordHash).as('password_hash'),
                eb.val(1).as('is_admin'),
                eb.val(new Date().toISOString()).as('created_at'),
              ])
              .where(({ not, exists, selectFrom }) => not(exists(selectFrom('accounts').select('id')))),
          )
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0n) === 0) return undefined;
        const row = await trx.selectFrom('accounts').selectAll().where('email', '=', key).executeTakeFirst();
        return row ? toAccount(row) : undefined;
      });
    },

    async setPasswordHash(id, passwordHash) {
      const res = await db
        .updateTable('accounts')
        .set({ password_hash: passwordHash })
        .where('id', '=', id)
        .executeTakeFirst();
      if (res.numUpdatedRows === 0n)
        throw new StoreError('ERR_ACCOUNT_NOT_FOUND', `account ${id} does not exist`, { id });
    },

    async insertSession(s) {
      const row = await db
        .insertInto('sessions')
        .values({
          token_hash: s.tokenHash,
          account_id: s.accountId,
          csrf_token: s.csrfToken,
          created_at: s.createdAt.toISOString(),
          last_seen_at: s.lastSeenAt.toISOString(),
          expires_at: s.expiresAt.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSession(row);
    },

    async getSessionByHash(tokenHash) {
      const r = await db
        .selectFrom('sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return r && toSession(r);
    },

    async touchSession(id, lastSeenAt, expiresAt) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: lastSeenAt.toISOString(), expires_at: expiresAt.toISOString() })
        .where('id', '=', id)
        .execute();
    },

    async deleteSession(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },

    async deleteSessionsOfAccount(accountId, keep) {
      let q = db.deleteFrom('sessions').where('account_id', '=', accountId);
      if (keep !== undefined) q = q.where('id', '!=', keep);
      await q.execute();
    },

    async deleteExpiredSessions(now) {
      await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
    },

    async insertApiToken(t) {
      const row = await db
        .insertInto('api_tokens')
        .values({
          token_hash: t.tokenHash,
          account_id: t.accountId,
          name: t.name,
          prefix: t.prefix,
          created_at: t.createdAt.toISOString(),
          expires_at: t.expiresAt?.toISOString() ?? null,
          last_used_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toToken(row);
    },

    async getApiTokenByHash(tokenHash) {
      const r = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return r && toToken(r);
    },

    async listApiTokens(accountId) {
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toToken);
    },

    async deleteApiToken(accountId, id) {
      const res = await db
        .deleteFrom('api_tokens')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return res.numDeletedRows > 0n;
    },

    async touchApiToken(id, at) {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: at.toISOString() })
        .where('id', '=', id)
        .execute();
    },
  };
}
