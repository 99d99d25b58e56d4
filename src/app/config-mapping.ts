// Turns slices of the resolved configuration into the option types of the modules they configure (store,
// update service, DNS workers). The one place that knows both vocabularies, so config/ never imports them.
import type { AbuseSettings, DynzoneConfig, StoreSettings } from '../config/config.js';
import type { DbConfig } from '../store/db.js';
import type { AbusePolicy } from '../ddns/update-service.js';
import type { WorkerSettings } from '../nameserver/cluster-protocol.js';

/** dbConfigOf gives the store's connection settings. */
export function dbConfigOf(s: StoreSettings): DbConfig {
  if (s.kind === 'sqlite') return { kind: 'sqlite', path: s.path, busyTimeoutMs: s.busyTimeoutMs };
  return {
    kind: 'postgres',
    url: s.url ?? undefined,
    host: s.host ?? undefined,
    port: s.port,
    database: s.database ?? undefined,
    user: s.user ?? undefined,
    password: s.password ?? undefined,
    ssl: s.ssl,
    maxConnections: s.maxConnections,
  };
}

/** abusePolicyOf gives the update service's abuse thresholds (SPEC §2.3). */
export function abusePolicyOf(a: AbuseSettings): AbusePolicy {
  return {
    windowSeconds: a.windowSeconds,
    maxNochg: a.maxNochg,
    maxFaults: a.maxFaults,
    cooldownSeconds: a.cooldownSeconds,
    maxAuthFailures: a.maxAuthFailures,
    maxAuthFailuresPerSource: a.maxAuthFailuresPerSource,
    authFailureWindowSeconds: a.authFailureWindowSeconds,
  };
}

/** workerSettingsOf gives what DNS worker processes apply (log level and format, query log rate). */
export function workerSettingsOf(c: DynzoneConfig): WorkerSettings {
  return { logLevel: c.log.level, logFormat: c.log.format, queryLogRate: c.log.dnsQueryRate };
}
