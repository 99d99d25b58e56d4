// Resolves the configuration: for every key the highest-precedence source wins (flags > environment >
// file > defaults), the winning value is validated by its kind, and keys that depend on each other are
// checked together. Any fault throws one ConfigError naming the key and where the value came from, so a
// server never starts half-configured.
import { readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { ListenAddress } from '../lib/listen-address.js';
import { formatListenAddress } from '../lib/listen-address.js';
import type { DynzoneConfig, LogFormat, LogLevel, StoreSettings } from './config.js';
import { ConfigError } from './errors.js';
import { CONFIG_KEYS, KEY_BY_NAME } from './keys.js';
import { envLayer, flagLayer, readFileLayer, type FlagValue, type Layer, type RawValue } from './layers.js';
import type { ValueSource } from './sources.js';

/** ResolveInput names the sources: an optional file, the environment and the flags given. */
export interface ResolveInput {
  readonly file?: string | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** flags maps config keys to the flag values given on the command line. */
  readonly flags?: ReadonlyMap<string, FlagValue> | undefined;
  /** checkFiles: false skips reading TLS and password files (default true). */
  readonly checkFiles?: boolean | undefined;
}

/** ResolvedConfig is the typed config plus, per key, its validated value and source. */
export interface ResolvedConfig {
  readonly config: DynzoneConfig;
  /** values holds every key's validated value (normalised), for diffs and `config check`. */
  readonly values: ReadonlyMap<string, unknown>;
  readonly sources: ReadonlyMap<string, ValueSource>;
  readonly file: string | undefined;
  /** warnings are non-fatal remarks (unknown DYNZONE_* variables). */
  readonly warnings: readonly string[];
}

/** resolveConfig reads every source and returns the validated configuration, or throws ConfigError. */
export function resolveConfig(input: ResolveInput = {}): ResolvedConfig {
  const fileLayer: Layer = input.file === undefined ? new Map() : readFileLayer(input.file);
  const env = envLayer(input.env ?? {});
  const flags = flagLayer(input.flags ?? new Map());
  const layers = [fileLayer, env.layer, flags];

  const values = new Map<string, unknown>();
  const sources = new Map<string, ValueSource>();
  for (const spec of CONFIG_KEYS) {
    let raw: RawValue | undefined;
    for (const layer of layers) raw = layer.get(spec.key) ?? raw;
    if (raw === undefined) {
      values.set(spec.key, spec.default);
      sources.set(spec.key, { kind: 'default' });
      continue;
    }
    const parsed = spec.kind.schema.safeParse(raw.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const index = issue?.path.find((p): p is number => typeof p === 'number');
      const key = index === undefined ? spec.key : `${spec.key}[${index}]`;
      const source = (index !== undefined ? raw.itemSources?.[index] : undefined) ?? raw.source;
      // Show the offending item, not the whole list, and do not repeat a value the message already quotes.
      const shown = show(index !== undefined && Array.isArray(raw.value) ? raw.value[index] : raw.value);
      const message = issue?.message ?? 'invalid value';
      throw new ConfigError(
        'ERR_CONFIG_INVALID',
        shown.startsWith(`"`) && message.includes(shown) ? message : `${message}, got ${shown}`,
        {
          key,
          source,
        },
      );
    }
    values.set(spec.key, parsed.data);
    sources.set(spec.key, raw.source);
  }
  // An unset SQLite path is the file in the data directory: record that effective value, so `config check`
  // shows the file the server really opens and says it follows data_dir.
  if (values.get('store.sqlite.path') === null) {
    values.set('store.sqlite.path', join(resolvePath(values.get('data_dir') as string), 'dynzone.db'));
    sources.set('store.sqlite.path', { kind: 'derived', from: 'data_dir' });
  }
  const config = buildConfig(values, sources, input.checkFiles ?? true);
  return { config, values, sources, file: input.file, warnings: env.warnings };
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

function buildConfig(
  values: ReadonlyMap<string, unknown>,
  sources: ReadonlyMap<string, ValueSource>,
  checkFiles: boolean,
): DynzoneConfig {
  const get = <T>(key: string): T => {
    if (!KEY_BY_NAME.has(key)) throw new Error(`no config key ${key}`);
    return values.get(key) as T;
  };
  const fail = (key: string, detail: string): never => {
    throw new ConfigError('ERR_CONFIG_INVALID', detail, { key, source: sources.get(key) });
  };

  const tlsCert = get<string | null>('https.tls_cert');
  const tlsKey = get<string | null>('https.tls_key');
  if ((tlsCert === null) !== (tlsKey === null)) {
    const missing = tlsCert === null ? 'https.tls_cert' : 'https.tls_key';
    const given = tlsCert === null ? 'https.tls_key' : 'https.tls_cert';
    fail(given, `is set but ${missing} is not: give both or neither`);
  }
  if (checkFiles) {
    for (const key of ['https.tls_cert', 'https.tls_key']) {
      const path = get<string | null>(key);
      if (path !== null) readable(path, key, fail);
    }
    if (tlsCert !== null && tlsKey !== null) {
      // The pair must load as one TLS identity: a key of another certificate would only fail at start.
      try {
        createSecureContext({ cert: readFileSync(tlsCert), key: readFileSync(tlsKey) });
      } catch (e) {
        fail('https.tls_key', `does not go with https.tls_cert (${(e as Error).message})`);
      }
    }
  }

  const dataDir = get<string>('data_dir');
  const storeKind = get<'sqlite' | 'postgres'>('store.kind');
  let store: StoreSettings;
  if (storeKind === 'sqlite') {
    store = {
      kind: 'sqlite',
      path: get<string>('store.sqlite.path'),
      busyTimeoutMs: get<number>('store.sqlite.busy_timeout_ms'),
    };
  } else {
    const url = get<string | null>('store.postgres.url');
    const host = get<string | null>('store.postgres.host');
    if (url === null && host === null) {
      fail('store.kind', 'is postgres but neither store.postgres.url nor store.postgres.host is set');
    }
    let password = get<string | null>('store.postgres.password');
    const passwordFile = get<string | null>('store.postgres.password_file');
    if (password !== null && passwordFile !== null) {
      fail('store.postgres.password_file', 'is set together with store.postgres.password: give one of them');
    }
    if (passwordFile !== null && checkFiles) {
      password = readable(passwordFile, 'store.postgres.password_file', fail).replace(/\r?\n$/, '');
    }
    store = {
      kind: 'postgres',
      url,
      host,
      port: get<number>('store.postgres.port'),
      database: get<string | null>('store.postgres.database'),
      user: get<string | null>('store.postgres.user'),
      password,
      ssl: get<boolean>('store.postgres.ssl'),
      maxConnections: get<number>('store.postgres.max_connections'),
    };
  }

  const dnsListen = get<ListenAddress[]>('dns.listen');
  const tcpListeners: Array<[string, ListenAddress]> = [
    ...dnsListen.map((a): [string, ListenAddress] => ['dns.listen', a]),
    ['https.listen', get<ListenAddress | null>('https.listen')],
    ['http.listen', get<ListenAddress | null>('http.listen')],
    ['metrics.listen', get<ListenAddress | null>('metrics.listen')],
  ].filter((e): e is [string, ListenAddress] => e[1] !== null);
  const seen = new Map<string, string>();
  for (const [key, a] of tcpListeners) {
    const text = formatListenAddress(a);
    const other = seen.get(text);
    if (other !== undefined && a.port !== 0) fail(key, `${text} is already used by ${other}`);
    seen.set(text, key);
  }

  return {
    dataDir,
    demo: get<boolean>('demo'),
    dns: {
      listen: dnsListen,
      workers: get<number | 'auto'>('dns.workers'),
      udp: get<'auto' | 'native' | 'dgram'>('dns.udp'),
    },
    https: { listen: get<ListenAddress | null>('https.listen'), tlsCert, tlsKey },
    http: {
      listen: get<ListenAddress | null>('http.listen'),
      insecureUpdates: get<boolean>('http.insecure_updates'),
    },
    trustedProxies: get<string[]>('trusted_proxies'),
    updates: {
      denyUserAgents: get<string[]>('updates.deny_user_agents'),
      abuse: {
        windowSeconds: get<number>('updates.abuse.window_seconds'),
        maxNochg: get<number>('updates.abuse.max_nochg'),
        maxFaults: get<number>('updates.abuse.max_faults'),
        cooldownSeconds: get<number | null>('updates.abuse.cooldown_seconds'),
        maxAuthFailures: get<number>('updates.abuse.max_auth_failures'),
        maxAuthFailuresPerSource: get<number>('updates.abuse.max_auth_failures_per_source'),
        authFailureWindowSeconds: get<number>('updates.abuse.auth_failure_window_seconds'),
      },
    },
    hosts: { defaultTtl: get<number>('hosts.default_ttl') },
    zones: { defaultNs: get<string[]>('zones.default_ns') },
    store,
    log: {
      level: get<LogLevel>('log.level'),
      format: get<LogFormat>('log.format'),
      dnsQueryRate: get<number>('log.dns_query_rate'),
    },
    metrics: { listen: get<ListenAddress | null>('metrics.listen') },
  };
}

function readable(path: string, key: string, fail: (key: string, detail: string) => never): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return fail(key, `cannot read ${path} (${code})`);
  }
}
