// SIGHUP: re-read the configuration and apply what is safe to change in a running server (TLS
// certificate and key, abuse thresholds, User-Agent deny-list, log level, DNS query log rate). Keys that
// need a restart are named in the log and stay as they run. A configuration that fails validation is
// reported and changes nothing.
import type { Logger } from 'pino';
import { diffConfig } from '../config/describe.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { CONFIG_KEYS } from '../config/keys.js';
import type { RunningServer } from './server.js';

/** ReloadOutcome says what a reload did. */
export interface ReloadOutcome {
  readonly ok: boolean;
  /** applied lists the changed keys that took effect. */
  readonly applied: readonly string[];
  /** restartNeeded lists the changed keys that only a restart applies. */
  readonly restartNeeded: readonly string[];
  /** running is the configuration now in force (restart-only keys keep their running values). */
  readonly running: ResolvedConfig;
}

/**
 * reloadServer resolves the configuration again with `resolveNext` and applies the live keys to `server`.
 * `running` is the configuration in force before; the outcome's `running` replaces it.
 */
export async function reloadServer(
  server: RunningServer,
  running: ResolvedConfig,
  resolveNext: () => ResolvedConfig,
  log: Logger,
): Promise<ReloadOutcome> {
  let next: ResolvedConfig;
  try {
    next = resolveNext();
  } catch (e) {
    server.metrics.configReloaded('error');
    log.error({ err: (e as Error).message }, 'configuration reload failed; the running configuration stays');
    return { ok: false, applied: [], restartNeeded: [], running };
  }
  for (const w of next.warnings) log.warn({}, w);
  const changes = diffConfig(running, next);
  const applied = changes.filter((c) => c.reload === 'live').map((c) => c.key);
  const restartNeeded = changes.filter((c) => c.reload === 'restart').map((c) => c.key);
  const { tls } = await server.applyLiveSettings(next.config);
  if (tls !== undefined && !tls.ok) {
    log.error({ err: tls.error }, 'TLS certificate not reloaded; the previous one is still served');
  } else if (tls?.ok === true && tls.changed) {
    log.info({ sha256: tls.fingerprint256 }, 'TLS certificate reloaded');
  }
  if (restartNeeded.length > 0) {
    log.warn({ keys: restartNeeded }, 'changed configuration keys need a restart to take effect');
  }
  server.metrics.configReloaded(tls !== undefined && !tls.ok ? 'error' : 'ok');
  log.info({ applied, restartNeeded }, 'configuration reloaded');

  // What now runs: the new live values, the old values of keys that need a restart.
  const values = new Map(next.values);
  const sources = new Map(next.sources);
  for (const k of CONFIG_KEYS) {
    if (k.reload !== 'restart') continue;
    values.set(k.key, running.values.get(k.key));
    const source = running.sources.get(k.key);
    if (source !== undefined) sources.set(k.key, source);
  }
  return { ok: true, applied, restartNeeded, running: { ...next, values, sources } };
}
