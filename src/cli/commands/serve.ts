// `dynzone serve`: resolves the configuration (flags > DYNZONE_* environment > --config file > defaults),
// starts the name server, the HTTPS update API, the plain-HTTP /checkip listener and the optional metrics
// listener, re-reads the configuration on SIGHUP and stops gracefully on SIGTERM/SIGINT (within 10 s).
// Defaults are SPEC §7's development ports.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { LevelWithSilent } from 'pino';
import { startServer } from '../../app/server.js';
import { reloadServer } from '../../app/reload.js';
import { resolveConfig, type ResolvedConfig } from '../../config/resolve.js';
import type { FlagValue } from '../../config/layers.js';
import { createLogHub } from '../../lib/logger.js';
import { configFileOf } from '../cli-config.js';

/** STOP_DEADLINE_MS is how long a stop may take before the process exits regardless. */
const STOP_DEADLINE_MS = 10_000;

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

interface ServeFlags {
  config?: string;
  dataDir?: string;
  dnsListen?: string[];
  httpsListen?: string;
  httpListen?: string;
  tlsCert?: string;
  tlsKey?: string;
  dnsWorkers?: string;
  metricsListen?: string;
  logLevel?: string;
  logFormat?: string;
  demo?: boolean;
}

/** FLAG_KEYS maps each serve flag (commander's camelCase name) to its config key and spelling. */
const FLAG_KEYS: ReadonlyArray<readonly [keyof ServeFlags, string, string]> = [
  ['dataDir', 'data_dir', '--data-dir'],
  ['dnsListen', 'dns.listen', '--dns-listen'],
  ['httpsListen', 'https.listen', '--https-listen'],
  ['httpListen', 'http.listen', '--http-listen'],
  ['tlsCert', 'https.tls_cert', '--tls-cert'],
  ['tlsKey', 'https.tls_key', '--tls-key'],
  ['dnsWorkers', 'dns.workers', '--dns-workers'],
  ['metricsListen', 'metrics.listen', '--metrics-listen'],
  ['logLevel', 'log.level', '--log-level'],
  ['logFormat', 'log.format', '--log-format'],
  ['demo', 'demo', '--demo'],
];

/** flagValues gives the config layer of the flags actually given. */
function flagValues(opts: ServeFlags): Map<string, FlagValue> {
  const out = new Map<string, FlagValue>();
  for (const [name, key, flag] of FLAG_KEYS) {
    const v = opts[name];
    if (v !== undefined) out.set(key, { value: v, flag });
  }
  return out;
}

function packageVersion(): string {
  try {
    const url = new URL('../../../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** registerServe adds the `serve` command to the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the name server and the update API (flags > DYNZONE_* environment > --config file)')
    .option('--config <file>', 'YAML configuration file (default $DYNZONE_CONFIG; see docs/configuration.md)')
    .option('--data-dir <dir>', 'data directory (default ./data)')
    .option(
      '--dns-listen <host:port>',
      'DNS listen address, UDP and TCP (repeatable; default 127.0.0.1:5300)',
      collect,
    )
    .option(
      '--https-listen <host:port>',
      'HTTPS listener for /nic/update, /checkip, health, or "none" (default 127.0.0.1:8443)',
    )
    .option(
      '--http-listen <host:port>',
      'plain-HTTP listener for /checkip only, or "none" (default 127.0.0.1:8080)',
    )
    .option(
      '--tls-cert <file>',
      'PEM certificate chain (default: a self-signed one kept in the data directory)',
    )
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option(
      '--dns-workers <n>',
      'DNS worker processes: "auto" (one per core when >= 2) or 0..64 (0: in-process)',
    )
    .option(
      '--metrics-listen <host:port>',
      'listener for /metrics, /healthz, /readyz, or "none" (default none)',
    )
    .option('--log-level <level>', 'trace, debug, info, warn, error, fatal or silent (default info)')
    .option('--log-format <format>', 'json, pretty, or auto: pretty on a terminal (default auto)')
    .option('--demo', 'create the demo zone demo.test. when the store holds no zone')
    .action(async (opts: ServeFlags) => {
      const flags = flagValues(opts);
      const file = configFileOf(opts);
      const resolve = (): ResolvedConfig => resolveConfig({ file, env: process.env, flags });
      // A bad configuration throws here: nothing has started, the CLI prints the error and exits.
      let running = resolve();
      const logs = createLogHub({
        level: running.config.log.level as LevelWithSilent,
        format: running.config.log.format,
      });
      const log = logs.child('serve');
      for (const w of running.warnings) log.warn({}, w);
      const server = await startServer(running.config, { logs, version: packageVersion() });
      if (file !== undefined) log.info({ file }, 'configuration file read');

      let reloading: Promise<void> = Promise.resolve();
      process.on('SIGHUP', () => {
        reloading = reloading.then(async () => {
          log.info({ file }, 'SIGHUP: reloading the configuration');
          running = (await reloadServer(server, running, resolve, log)).running;
        });
      });
      const stop = (signal: string): void => {
        log.info({ signal }, 'stopping: draining in-flight requests');
        const timer = setTimeout(() => {
          log.error({ signal }, `not stopped within ${STOP_DEADLINE_MS / 1000} s; exiting`);
          process.exit(1);
        }, STOP_DEADLINE_MS);
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
