// The configuration of one CLI run: `--config FILE` (or DYNZONE_CONFIG), the DYNZONE_* environment and
// the flags given, resolved once per process. Administrative commands read the data directory, the store
// and the defaults for new zones and hosts from it, so they act on what `dynzone serve` serves.
import { resolveConfig, type ResolvedConfig } from '../config/resolve.js';
import type { FlagValue } from '../config/layers.js';

/** ConfigOptions are the options that locate the configuration. */
export interface ConfigOptions {
  readonly config?: string | undefined;
  readonly dataDir?: string | undefined;
}

/** configFileOf gives the config file to read: --config, else DYNZONE_CONFIG, else none. */
export function configFileOf(opts: ConfigOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = opts.config ?? env['DYNZONE_CONFIG'];
  return file === undefined || file === '' ? undefined : file;
}

const cache = new Map<string, ResolvedConfig>();

/**
 * cliConfig resolves the configuration for an administrative command (flags: --data-dir only). TLS files
 * are not read: administrative commands do not serve HTTPS.
 */
export function cliConfig(opts: ConfigOptions): ResolvedConfig {
  const file = configFileOf(opts);
  const cacheKey = JSON.stringify([file, opts.dataDir]);
  let resolved = cache.get(cacheKey);
  if (resolved === undefined) {
    const flags = new Map<string, FlagValue>();
    if (opts.dataDir !== undefined) flags.set('data_dir', { value: opts.dataDir, flag: '--data-dir' });
    resolved = resolveConfig({ file, env: process.env, flags, checkFiles: false });
    cache.set(cacheKey, resolved);
  }
  return resolved;
}
