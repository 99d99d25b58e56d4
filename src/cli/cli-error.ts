// The error a command throws to stop with a message and a chosen exit code. Only the CLI edge uses it;
// main.ts turns it (and every other error) into one stderr line.
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/** CliError is a failure worded for the command-line user, with the exit code to use. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCodeValue;

  constructor(message: string, exitCode: ExitCodeValue = ExitCode.USAGE) {
    super(message);
    this.exitCode = exitCode;
  }
}
