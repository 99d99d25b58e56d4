// A scripted dyndns2 server for the updater client's tests: HTTPS on 127.0.0.1 port 0 with the test PKI,
// `/nic/update` answered by a script the test sets (status and body, or a dropped connection), and
// `/checkip` answering a settable body. Every request is recorded with its decoded parameters and headers,
// so tests can prove what the client sent — and that it sent nothing.
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import type { TestPki } from './clients-pki.js';

/** StandinRequest is one request the stand-in received. */
export interface StandinRequest {
  readonly path: string;
  /** the raw request target, as sent (for checking what is and is not percent-encoded). */
  readonly rawUrl: string;
  readonly params: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** the decoded Basic credentials, if any. */
  readonly login: { readonly username: string; readonly password: string } | undefined;
  readonly hostnames: readonly string[];
}

/**
 * StandinReply is what to answer: a status and body, `drop` to close the connection without an answer, or
 * `hang` to never answer (the connection stays open until the client gives up or the stand-in closes).
 */
export type StandinReply = { readonly status?: number; readonly body: string } | 'drop' | 'hang';

/** Standin is a running stand-in server. */
export interface Standin {
  /** base URL, e.g. https://127.0.0.1:43121 */
  readonly url: string;
  readonly port: number;
  /** every /nic/update request so far. */
  readonly updates: StandinRequest[];
  /** every /checkip request so far. */
  readonly checkips: StandinRequest[];
  /** script sets how /nic/update answers from now on. */
  script(fn: (req: StandinRequest) => StandinReply): void;
  /** checkip sets the body /checkip answers. */
  checkip(body: string, status?: number): void;
  close(): Promise<void>;
}

/** goodForAll answers `good <myip>` for every requested host (one line each). */
export function goodForAll(req: StandinRequest): StandinReply {
  const ip = req.params.get('myip') ?? '';
  return { body: req.hostnames.map(() => `good ${ip}`).join('\n') + '\n' };
}

/** startDyndns2Standin starts the stand-in with the PKI's server certificate. */
export async function startDyndns2Standin(pki: TestPki): Promise<Standin> {
  const [cert, key] = await Promise.all([readFile(pki.serverCert), readFile(pki.serverKey)]);
  let handler: (req: StandinRequest) => StandinReply = goodForAll;
  let checkipBody = '203.0.113.1\n';
  let checkipStatus = 200;
  const updates: StandinRequest[] = [];
  const checkips: StandinRequest[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://standin');
    const auth = req.headers.authorization;
    let login: StandinRequest['login'];
    if (auth?.startsWith('Basic ')) {
      const text = Buffer.from(auth.slice(6), 'base64').toString('utf8');
      const i = text.indexOf(':');
      login = { username: text.slice(0, i), password: text.slice(i + 1) };
    }
    const r: StandinRequest = {
      path: url.pathname,
      rawUrl: req.url ?? '',
      params: url.searchParams,
      headers: req.headers,
      login,
      hostnames: (url.searchParams.get('hostname') ?? '').split(',').filter(Boolean),
    };
    const send = (status: number, body: string): void => {
      res.writeHead(status, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    };
    if (url.pathname === '/checkip') {
      checkips.push(r);
      return send(checkipStatus, checkipBody);
    }
    if (url.pathname !== '/nic/update') return send(404, 'not found\n');
    updates.push(r);
    const reply = handler(r);
    if (reply === 'drop') {
      req.socket.destroy();
      return;
    }
    if (reply === 'hang') return;
    send(reply.status ?? 200, reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    updates,
    checkips,
    script: (fn) => {
      handler = fn;
    },
    checkip: (body, status = 200) => {
      checkipBody = body;
      checkipStatus = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
