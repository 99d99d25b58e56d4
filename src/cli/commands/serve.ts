// `dynzone serve`: starts the name server (and later the HTTP services) on a data directory, and stops
// gracefully on SIGTERM/SIGINT.
import type { Command } from 'commander';
import { startServer } from '../../app/server.js';
import { parseListenAddress, type ListenAddress } from '../../app/listen-address.js';

const DEFAULT_DNS_LISTEN = '127.0.0.1:5300';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** registerServe adds the `serve` command to the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the name server on the data directory')
    .option('--data-dir <dir>', 'data directory', './data')
    .option(
      '--dns-listen <host:port>',
      `DNS listen address, UDP and TCP (repeatable; default ${DEFAULT_DNS_LISTEN})`,
      collect,
    )
    .option('--demo', 'create the demo zone demo.test. when the store holds no zone', false)
    .action(async (opts: { dataDir: string; dnsListen?: string[]; demo: boolean }) => {
      const dnsListen: ListenAddress[] = (opts.dnsListen ?? [DEFAULT_DNS_LISTEN]).map(parseListenAddress);
      const server = await startServer({ dataDir: opts.dataDir, dnsListen, demo: opts.demo });
      const stop = (signal: string): void => {
        process.stderr.write(`dynzone: ${signal} received, stopping\n`);
        const timer = setTimeout(() => process.exit(1), 10_000);
        timer.unref();
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
