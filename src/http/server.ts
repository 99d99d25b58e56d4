// Listening for the update API: the HTTPS listener (/nic/update and /checkip) and the optional plain-HTTP
// listener (/checkip only, unless insecure updates are enabled). Owns start and graceful close; the
// application itself is built by app.ts.
import type { Server as HttpsServer } from 'node:https';
import { createSecureContext } from 'node:tls';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from './api/deps.js';
import type { UpdateService } from '../ddns/update-service.js';
import { buildApp } from './app.js';
import type { Readiness } from './routes/health.js';
import type { UpdateEvent } from './routes/nic-update.js';
import { createTrustedProxies } from './client-address.js';
import { createRateLimiter } from './rate-limit.js';
import { loadTlsMaterial } from './tls.js';

/** HttpListenAddress is a HOST:PORT to bind (port 0 = any free port). */
export interface HttpListenAddress {
  readonly host: string;
  readonly port: number;
}

/** HttpServicesOptions configure startHttpServices. */
export interface HttpServicesOptions {
  readonly service: UpdateService;
  readonly dataDir: string;
  readonly httpsListen?: HttpListenAddress | undefined;
  readonly httpListen?: HttpListenAddress | undefined;
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly trustedProxies?: readonly string[] | undefined;
  readonly allowInsecureUpdates?: boolean | undefined;
  readonly denyUserAgents?: readonly string[] | undefined;
  /** The REST API's use cases (served on the HTTPS listener only); the TLS facts are filled in here. */
  readonly api?: ApiDeps | undefined;
  /** More plugins for the HTTPS app (the console). */
  readonly plugins?: readonly FastifyPluginAsync[] | undefined;
  /** Told the TLS fingerprint and bound addresses once listening (the CLI prints them). */
  readonly log?: { info(obj: object, msg: string): void } | undefined;
  /** onUpdate is told about every answered /nic/update request. */
  readonly onUpdate?: ((event: UpdateEvent) => void) | undefined;
  /** readiness serves /healthz and /readyz on the HTTPS and plain-HTTP listeners. */
  readonly readiness?: Readiness | undefined;
  /** drainMs bounds how long close() waits for in-flight requests before cutting connections (default 8 s). */
  readonly drainMs?: number | undefined;
}

/** TlsReload is the outcome of reloadTls: the new fingerprint, or why the old certificate stays. */
export type TlsReload =
  | { readonly ok: true; readonly fingerprint256: string; readonly changed: boolean }
  | { readonly ok: false; readonly error: string };

/** HttpServices are the running listeners. */
export interface HttpServices {
  readonly https?: HttpListenAddress | undefined;
  readonly http?: HttpListenAddress | undefined;
  /** SHA-256 fingerprint of the served certificate (when HTTPS runs). */
  readonly fingerprint256?: string | undefined;
  readonly selfSigned: boolean;
  /**
   * reloadTls re-reads the certificate and key (new paths, or the same files renewed in place) and swaps
   * them into the running HTTPS listener; new connections get them, open ones keep theirs.
   */
  reloadTls(files: { certFile?: string | undefined; keyFile?: string | undefined }): TlsReload;
  /** setDenyUserAgents replaces the User-Agent deny-list for the next requests. */
  setDenyUserAgents(list: readonly string[]): void;
  /** close stops accepting, lets in-flight requests finish (at most drainMs), then closes. */
  close(): Promise<void>;
}

async function listen(app: FastifyInstance, at: HttpListenAddress): Promise<HttpListenAddress> {
  await app.listen({ host: at.host, port: at.port });
  const addr = app.server.address();
  if (addr === null || typeof addr === 'string') return at;
  return { host: addr.address, port: addr.port };
}

/** startHttpServices binds the configured listeners and resolves once they accept connections. */
export async function startHttpServices(opts: HttpServicesOptions): Promise<HttpServices> {
  const trustedProxies = createTrustedProxies(opts.trustedProxies ?? []);
  // One /checkip budget per source across both listeners.
  const checkipLimiter = createRateLimiter({ limit: 60, windowMs: 60_000 });
  let denyUserAgents: readonly string[] = opts.denyUserAgents ?? [];
  const common = {
    service: opts.service,
    trustedProxies,
    checkipLimiter,
    denyUserAgents: () => denyUserAgents,
    onUpdate: opts.onUpdate,
  };
  let httpsApp: FastifyInstance | undefined;
  const apps: FastifyInstance[] = [];
  let https: HttpListenAddress | undefined;
  let http: HttpListenAddress | undefined;
  let fingerprint256: string | undefined;
  let selfSigned = false;
  try {
    if (opts.httpsListen) {
      const tls = loadTlsMaterial({ dataDir: opts.dataDir, certFile: opts.tlsCert, keyFile: opts.tlsKey });
      fingerprint256 = tls.fingerprint256;
      selfSigned = tls.selfSigned;
      // A getter: a certificate renewed by SIGHUP shows in the console's client settings at once.
      const api = opts.api && {
        ...opts.api,
        tls: () => ({ selfSigned, fingerprint256: fingerprint256 ?? null }),
      };
      const app = buildApp(
        { ...common, transport: 'https', readiness: opts.readiness, api, plugins: opts.plugins },
        { https: { cert: tls.cert, key: tls.key } },
      );
      apps.push(app);
      httpsApp = app;
      https = await listen(app, opts.httpsListen);
      opts.log?.info(
        { https: https, certificate: tls.certPath, selfSigned, sha256: fingerprint256 },
        'update API listening (HTTPS)',
      );
    }
    if (opts.httpListen) {
      const app = buildApp({
        ...common,
        transport: 'http',
        allowInsecureUpdates: opts.allowInsecureUpdates ?? false,
        // Health too: behind a reverse proxy (HTTPS off) this is the listener a load balancer can see.
        readiness: opts.readiness,
        // Started first, so GET / here can give the console's https URL.
        httpsListener: https,
      });
      apps.push(app);
      http = await listen(app, opts.httpListen);
      opts.log?.info(
        { http, insecureUpdates: opts.allowInsecureUpdates ?? false },
        'checkip listening (HTTP)',
      );
    }
  } catch (e) {
    await Promise.allSettled(apps.map((a) => a.close()));
    throw e;
  }
  const drainMs = opts.drainMs ?? 8000;
  return {
    https,
    http,
    get fingerprint256() {
      return fingerprint256;
    },
    selfSigned,
    reloadTls(files) {
      if (httpsApp === undefined) return { ok: false, error: 'no HTTPS listener' };
      try {
        const tls = loadTlsMaterial({
          dataDir: opts.dataDir,
          certFile: files.certFile,
          keyFile: files.keyFile,
        });
        // Throws when the key does not match the certificate, before anything is swapped.
        createSecureContext({ cert: tls.cert, key: tls.key });
        (httpsApp.server as HttpsServer).setSecureContext({ cert: tls.cert, key: tls.key });
        const changed = tls.fingerprint256 !== fingerprint256;
        fingerprint256 = tls.fingerprint256;
        selfSigned = tls.selfSigned;
        return { ok: true, fingerprint256: tls.fingerprint256, changed };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
    },
    setDenyUserAgents(list) {
      denyUserAgents = [...list];
    },
    async close() {
      await Promise.allSettled(
        apps.map(async (a) => {
          // Fastify's close waits for in-flight requests (new ones get 503); past drainMs, cut them off.
          const cut = setTimeout(() => a.server.closeAllConnections(), drainMs);
          try {
            await a.close();
          } finally {
            clearTimeout(cut);
          }
        }),
      );
    },
  };
}
