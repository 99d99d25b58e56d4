// `dynzone client --config FILE [--once]` (SPEC §5, §6): the updater client. Parses options, picks the log
// rendering, runs one cycle (--once, exit status per src/cli/exit-codes.ts) or the daemon loop until
// SIGTERM/SIGINT. The library in src/client/ does the work and is loaded only when this command runs.
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';

interface ClientOptions {
  readonly config: string;
  readonly once?: boolean;
  readonly logFormat: string;
  readonly logLevel: string;
  readonly retryStopped?: boolean;
}

async function runClient(opts: ClientOptions): Promise<void> {
  const lib = await import('../../client/index.js');
  const { isLogLevel } = await import('../../client/log.js');
  if (opts.logFormat !== 'text' && opts.logFormat !== 'json')
    throw new CliError(`--log-format must be "text" or "json", not "${opts.logFormat}"`);
  if (!isLogLevel(opts.logLevel))
    throw new CliError(`--log-level must be debug, info, warn or error, not "${opts.logLevel}"`);
  const log =
    opts.logFormat === 'json'
      ? lib.createJsonLog({ level: opts.logLevel })
      : lib.createTextLog({ level: opts.logLevel, write: (line) => process.stderr.write(line) });
  const config = lib.loadClientConfig(opts.config);
  const updater = await lib.Updater.open({ config, log, retryStopped: opts.retryStopped ?? false });
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    log.info(`${signal} received, stopping`);
    stop.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    if (!opts.once) {
      await lib.runDaemon(updater, { interval: config.interval, signal: stop.signal, log });
      return;
    }
    const report = await updater.runCycle(stop.signal);
    const counts = new Map<string, number>();
    for (const h of report.hosts) counts.set(h.status, (counts.get(h.status) ?? 0) + 1);
    log.info(
      `${report.hosts.length} host${report.hosts.length === 1 ? '' : 's'}: ` +
        [...counts].map(([s, n]) => `${n} ${s}`).join(', ') +
        `; ${report.requests} request${report.requests === 1 ? '' : 's'} sent`,
    );
    if (report.cacheError !== undefined) throw new CliError(report.cacheError, ExitCode.INTERNAL);
    const bad = report.hosts.filter((h) => !lib.isWantedState(h.status));
    if (bad.length === 0) return;
    const stopped = bad.some((h) => h.status === 'stopped');
    throw new CliError(
      `${bad.length} of ${report.hosts.length} hosts not up to date: ` +
        bad.map((h) => `${h.hostname} ${h.status} (${h.detail})`).join('; '),
      stopped ? ExitCode.CLIENT_STOPPED : ExitCode.CLIENT_RETRY,
    );
  } finally {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  }
}

/** registerClientCommand adds `client` (the updater client) to the program. */
export function registerClientCommand(program: Command): void {
  program
    .command('client')
    .description('updater client: detect address changes and send them to a dyndns2 provider')
    .requiredOption('--config <file>', 'YAML config file (see README "Updater client")')
    .option('--once', 'run one check and exit: 0 up to date, 5 will retry later, 6 stopped (see README)')
    .option('--log-format <format>', 'text (default) on stderr, or json lines on stdout', 'text')
    .option('--log-level <level>', 'debug, info, warn or error', 'info')
    .option('--retry-stopped', 'try hosts stopped by an earlier badauth/nohost/… answer once more')
    .option('--data-dir <dir>', 'accepted like every dynzone command; the client keeps no data directory')
    .action((opts: ClientOptions) => runClient(opts));
}
