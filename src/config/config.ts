// The typed configuration every subsystem reads: one slice per concern (DNS, HTTPS, HTTP, updates, store,
// logs, metrics). Built by resolve.ts from validated key values; nothing here reads files or the environment.
import type { ListenAddress } from '../lib/listen-address.js';

/** LogLevel is a pino level name. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** LogFormat chooses JSON lines, the readable terminal format, or pretty only when stdout is a TTY. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** AbuseSettings are the thresholds of SPEC §2.3 (ddns/update-service.ts AbusePolicy has the same fields). */
export interface AbuseSettings {
  readonly windowSeconds: number;
  readonly maxNochg: number;
  readonly maxFaults: number;
  /** null: a block lasts until the owner unblocks the host. */
  readonly cooldownSeconds: number | null;
  readonly maxAuthFailures: number;
  readonly maxAuthFailuresPerSource: number;
  readonly authFailureWindowSeconds: number;
}

/** StoreSettings select and configure the database. */
export type StoreSettings =
  | { readonly kind: 'sqlite'; readonly path: string; readonly busyTimeoutMs: number }
  | {
      readonly kind: 'postgres';
      readonly url: string | null;
      readonly host: string | null;
      readonly port: number;
      readonly database: string | null;
      readonly user: string | null;
      /** The password from store.postgres.password or read from store.postgres.password_file. */
      readonly password: string | null;
      readonly ssl: boolean;
      readonly maxConnections: number;
    };

/** DynzoneConfig is the resolved configuration of one server or CLI process. */
export interface DynzoneConfig {
  readonly dataDir: string;
  readonly demo: boolean;
  readonly dns: {
    readonly listen: readonly ListenAddress[];
    readonly workers: number | 'auto';
    /** udp is the UDP transport: the batched addon when built (auto), required (native), or node:dgram. */
    readonly udp: 'auto' | 'native' | 'dgram';
  };
  readonly https: {
    readonly listen: ListenAddress | null;
    readonly tlsCert: string | null;
    readonly tlsKey: string | null;
  };
  readonly http: { readonly listen: ListenAddress | null; readonly insecureUpdates: boolean };
  readonly trustedProxies: readonly string[];
  readonly updates: { readonly denyUserAgents: readonly string[]; readonly abuse: AbuseSettings };
  readonly hosts: { readonly defaultTtl: number };
  readonly zones: { readonly defaultNs: readonly string[] };
  readonly store: StoreSettings;
  readonly log: { readonly level: LogLevel; readonly format: LogFormat; readonly dnsQueryRate: number };
  readonly metrics: { readonly listen: ListenAddress | null };
}
