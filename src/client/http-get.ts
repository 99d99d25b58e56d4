// The one way the client talks HTTP: a single GET over node:https (or node:http for a plain checkip URL)
// with TLS verification always on, an optional private CA, the client's User-Agent, a hard time limit and
// a cap on the answer size. No redirects are followed and no connection is kept open. Failures of the
// transport become ClientError ERR_CLIENT_NETWORK; any HTTP status is returned to the caller to judge.
import http from 'node:http';
import https from 'node:https';
import { ClientError } from './errors.js';
import { USER_AGENT } from './version.js';

/** HttpGetOptions tune one request. */
export interface HttpGetOptions {
  /** PEM text of the CA(s) to trust instead of the system store (`ca_file`). */
  readonly ca?: string | undefined;
  /** extra request headers (e.g. Authorization); the User-Agent is always the client's. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** 4 or 6: connect over that IP family only (a checkip service then sees an address of that family). */
  readonly family?: 4 | 6 | undefined;
  /** answers longer than this many bytes are an error (default 64 KiB). */
  readonly maxBytes?: number;
  /** aborts the request (the daemon's stop signal). */
  readonly signal?: AbortSignal | undefined;
}

/** HttpAnswer is a complete HTTP answer: status and body text (UTF-8). */
export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** describeUrl gives a URL as text without any userinfo, for logs and errors. */
export function describeUrl(url: URL): string {
  const u = new URL(url.href);
  u.username = '';
  u.password = '';
  return u.href;
}

/** httpGet sends one GET to `url` and reads the whole answer, or throws ClientError ERR_CLIENT_NETWORK. */
export function httpGet(url: URL, opts: HttpGetOptions): Promise<HttpAnswer> {
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') {
    return Promise.reject(new ClientError('ERR_CLIENT_NETWORK', `unsupported URL scheme ${url.protocol}`));
  }
  const maxBytes = opts.maxBytes ?? 64 * 1024;
  const where = describeUrl(url);
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (message: string, cause?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new ClientError('ERR_CLIENT_NETWORK', `${where}: ${message}`, { cause }));
    };
    const requestOptions: https.RequestOptions = {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: { ...opts.headers, 'user-agent': USER_AGENT, accept: 'text/plain, */*', connection: 'close' },
      agent: false,
      family: opts.family,
      signal: opts.signal,
    };
    if (secure) {
      // Verification is never turned off; a private CA replaces the system store when given.
      requestOptions.rejectUnauthorized = true;
      if (opts.ca !== undefined) requestOptions.ca = opts.ca;
    }
    const req = (secure ? https : http).request(requestOptions, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        size += d.length;
        if (size > maxBytes) {
          fail(`answer longer than ${maxBytes} bytes`);
          req.destroy();
          return;
        }
        chunks.push(d);
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (e) => fail(e.message, e));
      res.on('aborted', () => fail('connection closed before the answer was complete'));
    });
    const timer = setTimeout(() => {
      fail(`no complete answer within ${opts.timeoutMs} ms`);
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => fail(e.code ? `${e.code}: ${e.message}` : e.message, e));
    req.end();
  });
}
