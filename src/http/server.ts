// Listening for the update API: the HTTPS listener (/nic/update and /checkip) and the optional plain-HTTP
// listener (/checkip only, unless insecure updates are enabled). Owns start and graceful close; the
// application itself is built by app.ts.
import type { FastifyInstance } from 'fastify';
import type { UpdateService } from '../ddns/update-service.js';
import { buildApp } from './app.js';
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
  /** Told the TLS fingerprint and bound addresses once listening (the CLI prints them). */
  readonly log?: { info(obj: object, msg: string): void } | undefined;
}

/** HttpServices are the running listeners. */
export interface HttpServices {
  readonly https?: HttpListenAddress | undefined;
  readonly http?: HttpListenAddress | undefined;
  /** SHA-256 fingerprint of the served certificate (when HTTPS runs). */
  readonly fingerprint256?: string | undefined;
  readonly selfSigned: boolean;
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
  const common = {
    service: opts.service,
    trustedProxies,
    checkipLimiter,
    denyUserAgents: opts.denyUserAgents,
  };
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
      const app = buildApp({ ...common, transport: 'https' }, { https: { cert: tls.cert, key: tls.key } });
      apps.push(app);
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
  return {
    https,
    http,
    fingerprint256,
    selfSigned,
    async close() {
      await Promise.allSettled(apps.map((a) => a.close()));
    },
  };
}
