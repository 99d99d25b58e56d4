// Console accounts (SPEC §1, §4): first-run set-up of the administrator, creating accounts, checking a
// sign-in, changing a password. Passwords are hashed with scrypt (store/password-hash.ts) and checked in
// constant time; an unknown email costs the same scrypt run as a wrong password, so sign-in answers do
// not tell which emails exist. Knows nothing about HTTP, cookies or sessions (sessions.ts).
import { hashPassword, verifyPassword } from '../store/password-hash.js';
import { isStoreError } from '../store/errors.js';
import type { AccountsStore } from '../store/accounts-store.js';
import type { Account, AccountId, Store } from '../store/store.js';
import { DdnsError } from './errors.js';
import { parseEmail } from './record-input.js';

/** MIN_PASSWORD_LENGTH is the shortest console password accepted. */
export const MIN_PASSWORD_LENGTH = 8;
/** MAX_PASSWORD_LENGTH is the longest console password accepted (bounds the KDF's input). */
export const MAX_PASSWORD_LENGTH = 1024;

/** AccountView is an account without its password hash. */
export interface AccountView {
  readonly id: number;
  readonly email: string;
  readonly isAdmin: boolean;
  readonly createdAt: string;
}

/** toAccountView drops the password hash. */
export function toAccountView(a: Account): AccountView {
  return { id: a.id, email: a.email, isAdmin: a.isAdmin, createdAt: a.createdAt.toISOString() };
}

/** checkPasswordPolicy refuses passwords shorter than MIN_PASSWORD_LENGTH or longer than MAX_PASSWORD_LENGTH. */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new DdnsError(
      'ERR_PASSWORD_POLICY',
      `the password must be at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new DdnsError(
      'ERR_PASSWORD_POLICY',
      `the password must be at most ${MAX_PASSWORD_LENGTH} characters`,
    );
}

/** AccountAdmin manages console accounts. Throws DdnsError (and StoreError when the store fails). */
export interface AccountAdmin {
  /** needsSetup tells whether no account exists yet (first run). */
  needsSetup(): Promise<boolean>;
  /** setUpAdministrator creates the first account, an administrator; ERR_SETUP_DONE once any account exists. */
  setUpAdministrator(email: string, password: string): Promise<Account>;
  /** createAccount creates an account; ERR_ACCOUNT_EXISTS if the email is taken. */
  createAccount(email: string, password: string, isAdmin: boolean): Promise<Account>;
  /** authenticate gives the account whose email and password match, or undefined (same cost either way). */
  authenticate(email: string, password: string): Promise<Account | undefined>;
  /** changePassword replaces an account's password after checking the current one. */
  changePassword(id: AccountId, currentPassword: string, newPassword: string): Promise<void>;
  /** getAccount gives an account by id. */
  getAccount(id: AccountId): Promise<Account | undefined>;
  /** listAccounts gives every account, ordered by email. */
  listAccounts(): Promise<Account[]>;
}

/** createAccountAdmin builds account management over the store. */
export function createAccountAdmin(deps: { store: Store; accounts: AccountsStore }): AccountAdmin {
  const { store, accounts } = deps;
  // A real scrypt hash of a random secret, computed once: unknown emails are checked against it.
  let dummy: Promise<string> | undefined;
  const dummyHash = (): Promise<string> => (dummy ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`));

  function emailOf(text: string): string {
    return parseEmail(text);
  }

  return {
    async needsSetup() {
      return (await accounts.countAccounts()) === 0;
    },

    async setUpAdministrator(emailText, password) {
      const email = emailOf(emailText);
      checkPasswordPolicy(password);
      if ((await accounts.countAccounts()) > 0) throw setupDone();
      const account = await accounts.createFirstAccount(email, await hashPassword(password));
      if (!account) throw setupDone();
      return account;
    },

    async createAccount(emailText, password, isAdmin) {
      const email = emailOf(emailText);
      checkPasswordPolicy(password);
      try {
        return await store.createAccount(email, await hashPassword(password), isAdmin);
      } catch (e) {
        if (isStoreError(e, 'ERR_ACCOUNT_EXISTS'))
          throw new DdnsError(
            'ERR_ACCOUNT_EXISTS',
            `an account with email ${email} already exists`,
            { email },
            e,
          );
        throw e;
      }
    },

    async authenticate(emailText, password) {
      let email: string | undefined;
      try {
        email = emailOf(emailText);
      } catch {
        email = undefined;
      }
      const account =
        email !== undefined && password.length <= MAX_PASSWORD_LENGTH
          ? await store.getAccountByEmail(email)
          : undefined;
      const ok = await verifyPassword(
        password.slice(0, MAX_PASSWORD_LENGTH),
        account?.passwordHash ?? (await dummyHash()),
      );
      return ok && account ? account : undefined;
    },

    async changePassword(id, currentPassword, newPassword) {
      const account = await store.getAccountById(id);
      if (!account) throw new DdnsError('ERR_PASSWORD_MISMATCH', 'the current password is not correct');
      if (!(await verifyPassword(currentPassword, account.passwordHash)))
        throw new DdnsError('ERR_PASSWORD_MISMATCH', 'the current password is not correct');
      checkPasswordPolicy(newPassword);
      await accounts.setPasswordHash(id, await hashPassword(newPassword));
    },

    getAccount: (id) => store.getAccountById(id),
    listAccounts: () => accounts.listAccounts(),
  };
}

function setupDone(): DdnsError {
  return new DdnsError('ERR_SETUP_DONE', 'this server is already set up: sign in with an existing account');
}
