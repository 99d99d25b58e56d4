// The table of every configuration key: dotted name, value kind, default, environment variable, flag, and
// whether SIGHUP applies it live or it needs a restart. Loader, docs test, `config check` and reload all
// read this one table, so a key cannot exist in one place and be missing in another.
import type { ValueKind } from './value-kinds.js';
import * as kind from './value-kinds.js';

/** ReloadMode says whether a changed key takes effect on SIGHUP ('live') or only after a restart. */
export type ReloadMode = 'live' | 'restart';

/** KeySpec describes one configuration key. */
export interface KeySpec {
  /** key is the dotted name as written in the file (`dns.listen`). */
  readonly key: string;
  readonly kind: ValueKind<unknown>;
  /** default is the value when no source sets it (already in normalised form). */
  readonly default: unknown;
  /** env is the environment variable that sets it (DYNZONE_ + key with dots as underscores, upper case). */
  readonly env: string;
  /** flag is the `dynzone serve` flag that sets it, if there is one. */
  readonly flag?: string | undefined;
  readonly reload: ReloadMode;
  /** secret values are never printed (config check shows "(set)"). */
  readonly secret?: boolean;
  /** doc is the one-line description (docs/configuration.md has the long form). */
  readonly doc: string;
}

/** envNameOf derives a key's environment variable: DYNZONE_ plus the key upper-cased, dots to underscores. */
export function envNameOf(key: string): string {
  return 'DYNZONE_' + key.replace(/\./g, '_').toUpperCase();
}

function spec(
  key: string,
  k: ValueKind<unknown>,
  dflt: unknown,
  reload: ReloadMode,
  doc: string,
  extra: { flag?: string; secret?: boolean } = {},
): KeySpec {
  return { key, kind: k, default: dflt, env: envNameOf(key), reload, doc, ...extra };
}

const loopback = (port: number): { host: string; port: number } => ({ host: '127.0.0.1', port });

/** CONFIG_KEYS lists every key, in the order the docs present them. */
export const CONFIG_KEYS: readonly KeySpec[] = [
  spec(
    'data_dir',
    kind.text,
    './data',
    'restart',
    'data directory: SQLite store, server key, generated TLS files',
    {
      flag: '--data-dir',
    },
  ),
  spec('demo', kind.bool, false, 'restart', 'create the demo zone demo.test. when the store holds no zone', {
    flag: '--demo',
  }),
  spec('dns.listen', kind.listenList, [loopback(5300)], 'restart', 'DNS listen addresses (UDP and TCP)', {
    flag: '--dns-listen',
  }),
  spec(
    'dns.workers',
    kind.workers,
    'auto',
    'restart',
    'DNS worker processes: auto (one per core when >= 2) or N',
    {
      flag: '--dns-workers',
    },
  ),
  spec(
    'dns.udp',
    kind.oneOf(['auto', 'native', 'dgram']),
    'auto',
    'restart',
    'UDP socket I/O: auto (batched addon when built, else node:dgram), native or dgram',
  ),
  spec(
    'https.listen',
    kind.optionalListen,
    loopback(8443),
    'restart',
    'HTTPS listener (update API, health) or none',
    {
      flag: '--https-listen',
    },
  ),
  spec('https.tls_cert', kind.optionalText, null, 'live', 'PEM certificate chain file (unset: self-signed)', {
    flag: '--tls-cert',
  }),
  spec('https.tls_key', kind.optionalText, null, 'live', 'PEM private key file of https.tls_cert', {
    flag: '--tls-key',
  }),
  spec(
    'http.listen',
    kind.optionalListen,
    loopback(8080),
    'restart',
    'plain-HTTP listener (/checkip) or none',
    {
      flag: '--http-listen',
    },
  ),
  spec(
    'http.insecure_updates',
    kind.bool,
    false,
    'restart',
    'also accept /nic/update on the plain-HTTP listener',
  ),
  spec(
    'trusted_proxies',
    kind.cidrList,
    [],
    'restart',
    'reverse proxies whose Forwarded / X-Forwarded-For is believed',
  ),
  spec('updates.deny_user_agents', kind.stringList, [], 'live', 'User-Agent prefixes refused with badagent'),
  spec('updates.abuse.window_seconds', kind.int(60, 604800), 3600, 'live', 'abuse counting window'),
  spec(
    'updates.abuse.max_nochg',
    kind.int(1, 100000),
    5,
    'live',
    'more nochg answers than this per window block',
  ),
  spec(
    'updates.abuse.max_faults',
    kind.int(1, 100000),
    5,
    'live',
    'more error answers than this per window block',
  ),
  spec(
    'updates.abuse.cooldown_seconds',
    kind.intOrNone(60, 31536000),
    3600,
    'live',
    'how long a block lasts; none = until the owner unblocks',
  ),
  spec(
    'updates.abuse.max_auth_failures',
    kind.int(1, 100000),
    10,
    'live',
    'failed logins for one login from one source per window',
  ),
  spec(
    'updates.abuse.max_auth_failures_per_source',
    kind.int(1, 1000000),
    100,
    'live',
    'failed logins from one source, any login, per window',
  ),
  spec(
    'updates.abuse.auth_failure_window_seconds',
    kind.int(10, 86400),
    600,
    'live',
    'window of the failed-login limit',
  ),
  spec('hosts.default_ttl', kind.int(30, 86400), 60, 'restart', 'TTL of a new dynamic host'),
  spec(
    'zones.default_ns',
    kind.hostnameList,
    [],
    'restart',
    'name servers of a new zone (empty: ns1.<zone>)',
  ),
  spec('store.kind', kind.oneOf(['sqlite', 'postgres'] as const), 'sqlite', 'restart', 'sqlite or postgres'),
  spec('store.sqlite.path', kind.optionalText, null, 'restart', 'SQLite file (unset: <data_dir>/dynzone.db)'),
  spec('store.sqlite.busy_timeout_ms', kind.int(0, 60000), 5000, 'restart', 'wait for another writer'),
  spec(
    'store.postgres.url',
    kind.optionalText,
    null,
    'restart',
    'postgres://user@host:5432/db connection URL',
    {
      secret: true,
    },
  ),
  spec('store.postgres.host', kind.optionalText, null, 'restart', 'PostgreSQL host or socket directory'),
  spec('store.postgres.port', kind.int(1, 65535), 5432, 'restart', 'PostgreSQL port'),
  spec('store.postgres.database', kind.optionalText, null, 'restart', 'database name'),
  spec('store.postgres.user', kind.optionalText, null, 'restart', 'user name'),
  spec('store.postgres.password', kind.optionalText, null, 'restart', 'password (prefer password_file)', {
    secret: true,
  }),
  spec('store.postgres.password_file', kind.optionalText, null, 'restart', 'file holding the password'),
  spec('store.postgres.ssl', kind.bool, false, 'restart', 'connect with TLS'),
  spec('store.postgres.max_connections', kind.int(1, 1000), 10, 'restart', 'connection pool size'),
  spec(
    'log.level',
    kind.oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const),
    'info',
    'live',
    'log level',
    { flag: '--log-level' },
  ),
  spec(
    'log.format',
    kind.oneOf(['auto', 'json', 'pretty'] as const),
    'auto',
    'restart',
    'json, pretty, or auto',
    {
      flag: '--log-format',
    },
  ),
  spec(
    'log.dns_query_rate',
    kind.int(0, 10000),
    5,
    'live',
    'log lines per second per process about refused/malformed queries',
  ),
  spec(
    'metrics.listen',
    kind.optionalListen,
    null,
    'restart',
    'listener for /metrics, /healthz, /readyz, or none',
    {
      flag: '--metrics-listen',
    },
  ),
];

/** KEY_BY_NAME finds a key's spec by its dotted name. */
export const KEY_BY_NAME: ReadonlyMap<string, KeySpec> = new Map(CONFIG_KEYS.map((k) => [k.key, k]));

/** SECTIONS are the dotted prefixes that group keys (`dns`, `updates.abuse`...). */
export const SECTIONS: ReadonlySet<string> = new Set(
  CONFIG_KEYS.flatMap((k) => {
    const parts = k.key.split('.');
    return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
  }),
);
