// `dynzone serve`: starts the name server, the HTTPS update API and the plain-HTTP /checkip listener on a
// data directory, and stops gracefully on SIGTERM/SIGINT. Defaults are SPEC §7's development ports.
import type { Command } from 'commander';
import { startServer } from '../../app/server.js';
import { parseListenAddress, type ListenAddress } from '../../lib/listen-address.js';
import { CliError } from '../cli-error.js';

const DEFAULT_DNS_LISTEN = '127.0.0.1:5300';
const DEFAULT_HTTPS_LISTEN = '127.0.0.1:8443';
const DEFAULT_HTTP_LISTEN = '127.0.0.1:8080';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** optionalListen reads a listen flag where "none" turns the listener off. */
function optionalListen(text: string): ListenAddress | undefined {
  return text === 'none' ? undefined : parseListenAddress(text);
}

function workerCount(text: string | undefined): number | undefined {
  if (text === undefined || text === 'auto') return undefined;
  if (!/^[0-9]{1,2}$/.test(text)) {
    throw new CliError(`--dns-workers must be "auto" or a number from 0 to 64, not "${text}"`);
  }
  const n = Number(text);
  if (n > 64) throw new CliError(`--dns-workers must be at most 64, not ${n}`);
  return n;
}

interface ServeFlags {
  dataDir: string;
  dnsListen?: string[];
  httpsListen: string;
  httpListen: string;
  tlsCert?: string;
  tlsKey?: string;
  dnsWorkers?: string;
  demo: boolean;
}

/** registerServe adds the `serve` command to the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the name server and the update API on the data directory')
    .option('--data-dir <dir>', 'data directory', './data')
    .option(
      '--dns-listen <host:port>',
      `DNS listen address, UDP and TCP (repeatable; default ${DEFAULT_DNS_LISTEN})`,
      collect,
    )
    .option(
      '--https-listen <host:port>',
      'HTTPS listener for /nic/update and /checkip, or "none"',
      DEFAULT_HTTPS_LISTEN,
    )
    .option(
      '--http-listen <host:port>',
      'plain-HTTP listener for /checkip only, or "none"',
      DEFAULT_HTTP_LISTEN,
    )
    .option(
      '--tls-cert <file>',
      'PEM certificate chain (default: a self-signed one kept in the data directory)',
    )
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--dns-workers <n>', 'DNS worker processes: "auto" (one per core when >= 2) or 0 for in-process')
    .option('--demo', 'create the demo zone demo.test. when the store holds no zone', false)
    .action(async (opts: ServeFlags) => {
      if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined)) {
        throw new CliError('--tls-cert and --tls-key must be given together');
      }
      const dnsListen = (opts.dnsListen ?? [DEFAULT_DNS_LISTEN]).map(parseListenAddress);
      const server = await startServer({
        dataDir: opts.dataDir,
        dnsListen,
        httpsListen: optionalListen(opts.httpsListen),
        httpListen: optionalListen(opts.httpListen),
        tlsCert: opts.tlsCert,
        tlsKey: opts.tlsKey,
        dnsWorkers: workerCount(opts.dnsWorkers),
        demo: opts.demo,
      });
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
