// Address source `web`: GET a checkip URL and read the caller's address from the answer (SPEC §5). The
// request goes out over the wanted family only, so a dual-stack checkip service reports that family. The
// answer must be one address (Dynzone's /checkip, ipify, icanhazip) or dyndns's "Current IP Address: X"
// page; anything else is an error, never an update.
import { ClientError } from '../errors.js';
import { httpGet } from '../http-get.js';
import type { AddressFamily } from '../address-scope.js';

/** WebSourceOptions are what one checkip request needs. */
export interface WebSourceOptions {
  readonly url: URL;
  readonly family: AddressFamily;
  readonly ca?: string | undefined;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** readCheckipAnswer extracts the address text from a checkip body, or undefined when it holds none. */
export function readCheckipAnswer(body: string): string | undefined {
  const t = body.trim();
  if (t.length > 0 && t.length <= 64 && !/\s/.test(t)) return t;
  // checkip.dyndns.org style: <html>...<body>Current IP Address: 192.0.2.1</body></html>
  const m = /Current IP Address:\s*([0-9A-Fa-f:.]+)/.exec(t);
  return m?.[1];
}

/** webCandidates asks the checkip URL and gives the one address it reported (still to be checked). */
export async function webCandidates(o: WebSourceOptions): Promise<string[]> {
  const answer = await httpGet(o.url, {
    ca: o.ca,
    timeoutMs: o.timeoutMs,
    family:
      o.url.hostname.startsWith('[') || /^[0-9.]+$/.test(o.url.hostname)
        ? undefined
        : o.family === 'ipv4'
          ? 4
          : 6,
    maxBytes: 4096,
    signal: o.signal,
  });
  if (answer.status !== 200) {
    throw new ClientError('ERR_CLIENT_DETECT', `checkip ${o.url.href} answered HTTP ${answer.status}`);
  }
  const text = readCheckipAnswer(answer.body);
  if (text === undefined) {
    throw new ClientError(
      'ERR_CLIENT_DETECT',
      `checkip ${o.url.href} did not answer an address (got ${JSON.stringify(answer.body.slice(0, 80))})`,
    );
  }
  return [text];
}
