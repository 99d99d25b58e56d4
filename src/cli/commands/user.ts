// `dynzone user add EMAIL [--admin] [--password-stdin]` (SPEC §6): console accounts. The password is
// stored only as a scrypt hash (src/store/password-hash.ts); a generated one is printed exactly once.
import { randomInt } from 'node:crypto';
import type { Command } from 'commander';
import { hashPassword } from '../../store/password-hash.js';
import { checkPasswordPolicy } from '../../ddns/accounts.js';
import { CliError } from '../cli-error.js';
import { addCommonOptions, printLine, withStore, type CommonOptions } from '../context.js';
import { parseEmail } from '../input.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** GENERATED_PASSWORD_LENGTH gives 20 × log2(62) ≈ 119 bits of entropy. */
export const GENERATED_PASSWORD_LENGTH = 20;

/** generatePassword gives a uniformly random password from a 62-character alphabet. */
export function generatePassword(length = GENERATED_PASSWORD_LENGTH): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function userAdd(
  emailText: string,
  opts: CommonOptions & { admin?: boolean; passwordStdin?: boolean },
): Promise<void> {
  const email = parseEmail(emailText);
  let password: string;
  let generated = false;
  if (opts.passwordStdin) {
    // One line: the trailing newline of `echo` or a here-string is not part of the password.
    password = (await readStdin()).replace(/\r?\n$/, '');
    if (password.includes('\n')) throw new CliError('the password on stdin must be a single line');
    try {
      checkPasswordPolicy(password);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  } else {
    password = generatePassword();
    generated = true;
  }
  const passwordHash = await hashPassword(password);
  const account = await withStore(opts, (store) =>
    store.createAccount(email, passwordHash, opts.admin === true),
  );
  printLine(`created ${account.isAdmin ? 'administrator' : 'account'} ${account.email}`);
  if (generated) printLine(`password: ${password}`);
}

/** registerUserCommands adds the `user` command group. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage console accounts');
  addCommonOptions(
    user
      .command('add <email>')
      .description('create an account (a random password is printed unless --password-stdin)'),
  )
    .option('--admin', 'make the account an administrator')
    .option('--password-stdin', 'read the password (one line) from stdin')
    .action((email: string, opts: CommonOptions & { admin?: boolean; passwordStdin?: boolean }) =>
      userAdd(email, opts),
    );
}
