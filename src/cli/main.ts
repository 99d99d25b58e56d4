#!/usr/bin/env node
// The `dynzone` executable (package.json "bin"): builds the command tree and maps every failure to one
// stderr line and an exit code (src/cli/exit-codes.ts). Commands live in src/cli/commands/, one file per group.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerZoneCommands } from './commands/zone.js';
import { registerRecordCommands } from './commands/record.js';
import { registerUserCommands } from './commands/user.js';
import { registerHostCommands } from './commands/host.js';
import { registerClientCommand } from './commands/client.js';
import { registerConfigCommands } from './commands/config.js';
import { ExitCode } from './exit-codes.js';
import { reportError } from './report-error.js';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * buildProgram gives the full dynzone command tree, configured to throw instead of exiting. The server
 * stack is imported only when `serve` runs, so administrative commands start fast and never load it.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command();
  program
    .name('dynzone')
    .description('Dynzone: self-hosted Dynamic DNS provider (name server, dyndns2 update API, console)')
    .version(packageVersion())
    .showSuggestionAfterError(true)
    .configureOutput({
      // Commander's own usage errors become the same single line as every other error.
      outputError: (text, write) =>
        write(
          `dynzone: ${text
            .replace(/^error: /, 'error: ')
            .replace(/\s*\n\s*/g, ' ')
            .trim()}\n`,
        ),
    });
  if (argv.find((a) => !a.startsWith('-')) === 'serve') {
    const { registerServe } = await import('./commands/serve.js');
    registerServe(program);
  } else {
    program
      .command('serve')
      .description(
        'run the name server and HTTP services on the data directory (see "dynzone serve --help")',
      );
  }
  registerUserCommands(program);
  registerZoneCommands(program);
  registerRecordCommands(program);
  registerHostCommands(program);
  registerClientCommand(program);
  registerConfigCommands(program);
  // Every command (and subcommand) throws CommanderError instead of calling process.exit itself.
  const throwOnExit = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(throwOnExit);
  };
  throwOnExit(program);
  return program;
}

/** main runs the command line and gives the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by outputError.
      return e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    const { message, exitCode } = reportError(e);
    process.stderr.write(`dynzone: error: ${message}\n`);
    return exitCode;
  }
}

// A reader that stops early (`dynzone host list | head`) closes the pipe: that is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const code = await main(process.argv.slice(2));
// Let `serve` keep running; only set the code, so pending output is flushed before exit.
process.exitCode = code;
