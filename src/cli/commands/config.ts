// `dynzone config check FILE`: validates a configuration file the way `serve` would (with the DYNZONE_*
// environment on top), without starting anything, and prints every key's effective value and source.
import type { Command } from 'commander';
import { resolveConfig } from '../../config/resolve.js';
import { describeConfig } from '../../config/describe.js';
import { printLine } from '../context.js';

/** registerConfigCommands adds `config check`. */
export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('check configuration files');
  config
    .command('check <file>')
    .description('validate a YAML config file (and DYNZONE_* variables) without starting the server')
    .option('--quiet', 'print nothing when the configuration is valid')
    .action((file: string, opts: { quiet?: boolean }) => {
      const resolved = resolveConfig({ file, env: process.env });
      for (const w of resolved.warnings) process.stderr.write(`dynzone: warning: ${w}\n`);
      if (opts.quiet === true) return;
      printLine(`${file}: valid`);
      for (const line of describeConfig(resolved)) printLine(line);
    });
}
