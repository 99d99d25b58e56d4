// The operator's listener (metrics.listen): GET /metrics in the Prometheus text format, plus /healthz and
// /readyz, on plain node:http so it stays tiny and independent of the public HTTPS app. What the metrics
// say is the caller's business (app/metrics.ts renders them); this file only serves them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { HEALTH_BODY, type Readiness } from './routes/health.js';
import type { HttpListenAddress } from './server.js';

/** MetricsPage is one rendering of /metrics. */
export interface MetricsPage {
  readonly contentType: string;
  readonly body: string;
}

/** MetricsServerOptions configure startMetricsServer. */
export interface MetricsServerOptions {
  readonly listen: HttpListenAddress;
  readonly render: () => Promise<MetricsPage>;
  readonly readiness: Readiness;
  readonly log?: { warn(obj: object, msg: string): void } | undefined;
}

/** MetricsServer is the running listener. */
export interface MetricsServer {
  readonly address: HttpListenAddress;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** startMetricsServer listens on `listen` and resolves once it accepts connections. */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      const page = await opts.render();
      reply(res, 200, page.contentType, page.body);
    } else if (path === '/healthz') {
      reply(res, 200, 'text/plain; charset=utf-8', HEALTH_BODY);
    } else if (path === '/readyz') {
      const report = await opts.readiness();
      reply(res, report.ready ? 200 : 503, 'application/json; charset=utf-8', JSON.stringify(report) + '\n');
    } else {
      reply(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.log?.warn({ err: String(err) }, 'metrics request failed');
      if (!res.headersSent) reply(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: opts.listen.host, port: opts.listen.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const address =
    addr !== null && typeof addr === 'object' ? { host: addr.address, port: addr.port } : opts.listen;
  let closing: Promise<void> | undefined;
  return {
    address,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      })),
  };
}
