// Test support for the HTTP tests: an inject wrapper with the update-API cases' default headers.
import type { FastifyInstance } from 'fastify';
import type { DdnsFixture } from '../ddns/testkit.js';
import { DnsName } from '../dns/name.js';
import { RRType } from '../dns/constants.js';

/** DEFAULT_HEADERS are the cases' default request headers (u1:s3cret). */
export const DEFAULT_HEADERS: Record<string, string> = {
  host: 'ddns.example.test',
  'user-agent': 'acme-updater/1.0 ops@example.test',
  authorization: 'Basic dTE6czNjcmV0',
};

/** Reply is what a test looks at. */
export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | number | undefined>;
}

/** call sends one request; `headers` entries set to undefined are removed from the defaults. */
export async function call(
  app: FastifyInstance,
  url: string,
  opts: {
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
    headers?: Record<string, string | undefined>;
    remoteAddress?: string;
    payload?: string;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...DEFAULT_HEADERS, ...opts.headers }))
    if (v !== undefined) headers[k] = v;
  const r = await app.inject({
    method: opts.method ?? 'GET',
    url,
    headers,
    remoteAddress: opts.remoteAddress ?? '198.51.100.7',
    ...(opts.payload !== undefined ? { payload: opts.payload } : {}),
  });
  return { status: r.statusCode, body: r.body, headers: r.headers };
}

/** basic gives an Authorization header value for user:password (UTF-8). */
export function basic(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

/** stored gives the A or AAAA addresses of `owner` in the store (the durable truth), sorted. */
export async function stored(f: DdnsFixture, owner: string, type: 'A' | 'AAAA'): Promise<string[]> {
  const recs = await f.store.loadZoneRecords(DnsName.parse('dyn.example.test.'));
  const t = type === 'A' ? RRType.A : RRType.AAAA;
  const key = DnsName.parse(owner).key;
  return recs
    .filter((r) => r.type === t && r.owner.key === key)
    .map((r) => ('address' in r.rdata ? r.rdata.address : '?'))
    .sort();
}

/**
 * rawExchange sends exact request bytes to a listening app on 127.0.0.1 and reads until the server closes
 * (as ddclient and inadyn do); it fails after `timeoutMs` if the server keeps the connection open.
 */
export async function rawExchange(port: number, request: string, timeoutMs = 3000): Promise<string> {
  const { connect } = await import('node:net');
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      sock.destroy();
      reject(
        new Error(`server did not close within ${timeoutMs} ms; got ${Buffer.concat(chunks).toString()}`),
      );
    }, timeoutMs);
    sock.on('connect', () => sock.write(request));
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}
