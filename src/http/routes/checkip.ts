// `/checkip` (SPEC §2.6): the caller's address as one plain-text line, no authentication, no caching,
// rate limited per source. IPv4-mapped peers show as IPv4; behind a trusted proxy, the client it reports
// (HTTP 400 when it reports none that can be read, rather than the proxy's own address).
import type { FastifyInstance } from 'fastify';
import { resolveClient, type TrustedProxies } from '../client-address.js';
import type { RateLimiter } from '../rate-limit.js';

/** registerCheckip adds GET /checkip. */
export function registerCheckip(
  app: FastifyInstance,
  opts: { trustedProxies: TrustedProxies; limiter: RateLimiter },
): void {
  app.get('/checkip', async (req, reply) => {
    const client = resolveClient(req.raw.socket?.remoteAddress ?? req.ip, req.headers, opts.trustedProxies);
    reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-cache');
    if (req.headers.connection?.toLowerCase() === 'close') reply.header('connection', 'close');
    if (!opts.limiter.take(client.source)) {
      return reply.code(429).header('retry-after', '60').send('rate limited\n');
    }
    // A trusted proxy that did not say who the client is: its own address would be a wrong answer.
    if (client.address === undefined) return reply.code(400).send('client address unknown\n');
    return reply.code(200).send(client.address + '\n');
  });
}
