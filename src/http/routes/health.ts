// `/healthz` and `/readyz` for load balancers and orchestrators: healthz says the process answers HTTP;
// readyz runs the readiness checks the composition root provides (store reachable, zones loaded, not
// shutting down) and answers 200 or 503 with a small JSON report.
import type { FastifyInstance } from 'fastify';

/** ReadinessReport is the outcome of the readiness checks. */
export interface ReadinessReport {
  readonly ready: boolean;
  /** checks maps each check to "ok" or what is wrong. */
  readonly checks: Readonly<Record<string, string>>;
}

/** Readiness runs the readiness checks. */
export type Readiness = () => Promise<ReadinessReport>;

/** HEALTH_BODY is what /healthz answers while the process runs. */
export const HEALTH_BODY = 'ok\n';

/** registerHealth adds GET /healthz and GET /readyz. */
export function registerHealth(app: FastifyInstance, readiness: Readiness): void {
  app.get('/healthz', async (_req, reply) =>
    reply
      .code(200)
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(HEALTH_BODY),
  );
  app.get('/readyz', async (_req, reply) => {
    const report = await readiness();
    return reply
      .code(report.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(report) + '\n');
  });
}
