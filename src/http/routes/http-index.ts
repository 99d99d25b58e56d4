// `GET /` on the plain-HTTP listener: a short text/plain page saying what this address serves (/checkip,
// and /nic/update when insecure updates are allowed) and, when the HTTPS listener runs, the https URL of
// the web console, so someone who typed the server's http address is not left with a bare "not found".
import type { FastifyInstance } from 'fastify';

/** HttpIndexOptions tell the page what the plain-HTTP listener serves and where the console is. */
export interface HttpIndexOptions {
  /** Where the HTTPS listener is bound (host and port), when it runs. */
  readonly httpsListener?: { readonly host: string; readonly port: number } | undefined;
  readonly allowInsecureUpdates: boolean;
}

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const IPV6_LITERAL = /^\[[0-9A-Fa-f:.]+\]$/;
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/** hostOf gives the host part of a Host header ("ddns.example.net:8080" → "ddns.example.net"), if sane. */
function hostOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const host = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0]!;
  return HOST_NAME.test(host) || IPV6_LITERAL.test(host) ? host : undefined;
}

/** consoleUrl is the console's https URL as this client reaches the server, or undefined. */
export function consoleUrl(
  hostHeader: string | undefined,
  https: { readonly host: string; readonly port: number },
): string | undefined {
  const bound = https.host.includes(':') && !https.host.startsWith('[') ? `[${https.host}]` : https.host;
  const host = hostOf(hostHeader) ?? (WILDCARDS.has(bound) ? undefined : bound);
  if (host === undefined) return undefined;
  return `https://${host}${https.port === 443 ? '' : `:${https.port}`}/`;
}

/** registerHttpIndex adds GET / (and HEAD) to the plain-HTTP app. */
export function registerHttpIndex(app: FastifyInstance, opts: HttpIndexOptions): void {
  app.get('/', async (req, reply) => {
    const serves = opts.allowInsecureUpdates ? '/checkip and /nic/update' : '/checkip only';
    const lines = ['Dynzone', '', `This plain-HTTP address serves ${serves}.`];
    const https = opts.httpsListener;
    const url = https ? consoleUrl(req.headers.host, https) : undefined;
    if (url) lines.push(`The web console and the REST API are served over HTTPS: ${url}`);
    else if (https)
      lines.push(`The web console and the REST API are served over HTTPS, on port ${https.port}.`);
    else lines.push('The web console and the REST API are served over HTTPS only.');
    return reply
      .code(200)
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(lines.join('\n') + '\n');
  });
}
