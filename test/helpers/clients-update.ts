// A minimal dyndns2 client for the durability test and the update benchmark: GET /nic/update over HTTPS
// with keep-alive (one Agent, bounded sockets), TLS verified against the test CA, HTTP Basic credentials and a
// User-Agent, and the answer reduced to status, body and latency. Not a product client (see src/client/).
import https from 'node:https';
import { performance } from 'node:perf_hooks';

/** UpdateTarget is where the HTTPS update API listens and how to trust it. */
export interface UpdateTarget {
  readonly host: string;
  readonly port: number;
  /** ca is the PEM text of the test CA. */
  readonly ca: string | Buffer;
  /** maxSockets bounds the keep-alive connections (default 1: strictly sequential on one connection). */
  readonly maxSockets?: number;
}

/** UpdateAnswer is one /nic/update answer and how long it took (ms, from request to full body). */
export interface UpdateAnswer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
  /** reused is true when the request went over an already open keep-alive connection. */
  readonly reused: boolean;
}

/** UpdateClient sends dyndns2 updates over a keep-alive HTTPS agent. */
export class UpdateClient {
  readonly #target: UpdateTarget;
  readonly #agent: https.Agent;

  constructor(target: UpdateTarget) {
    this.#target = target;
    this.#agent = new https.Agent({ keepAlive: true, maxSockets: target.maxSockets ?? 1, ca: target.ca });
  }

  /** update sets `hostname` to `myip` with the given login; rejects on a transport error or after timeoutMs. */
  update(
    hostname: string,
    myip: string,
    login: { readonly username: string; readonly password: string },
    timeoutMs = 10_000,
  ): Promise<UpdateAnswer> {
    const path = `/nic/update?hostname=${encodeURIComponent(hostname)}&myip=${encodeURIComponent(myip)}`;
    const auth = Buffer.from(`${login.username}:${login.password}`).toString('base64');
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          agent: this.#agent,
          host: this.#target.host,
          port: this.#target.port,
          path,
          method: 'GET',
          headers: { authorization: `Basic ${auth}`, 'user-agent': 'dynzone-test-updater/1.0' },
          timeout: timeoutMs,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body,
              ms: performance.now() - started,
              reused: req.reusedSocket,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`update timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }

  /** close drops the keep-alive connections. */
  close(): void {
    this.#agent.destroy();
  }
}

/** nthAddress gives a distinct usable IPv4 address (in 10.0.0.0/8) for every n in [1, 2^24 - 2]. */
export function nthAddress(n: number): string {
  const v = (n + 0x010101) & 0xffffff;
  return `10.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}
