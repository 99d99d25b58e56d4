// The dyndns2 update request (SPEC §2.1): one GET of `<server>/nic/update?hostname=a,b&myip=v4,v6` per
// account with HTTP Basic credentials, carrying every hostname that needs the update, and the answer read
// back as one outcome per host (dyndns2-answer.ts). A transport failure is an outcome too (retry for all).
// Speaks to any dyndns2 provider; nothing here is Dynzone-specific.
import { ClientError } from '../errors.js';
import { describeUrl, httpGet } from '../http-get.js';
import { parseUpdateAnswer, type HostAnswer } from './dyndns2-answer.js';

/** UpdateRequest is one update for several hostnames of one account. */
export interface UpdateRequest {
  readonly updateUrl: URL;
  readonly username: string;
  readonly password: string;
  readonly ca?: string | undefined;
  readonly hostnames: readonly string[];
  readonly ipv4?: string | undefined;
  readonly ipv6?: string | undefined;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** UpdateResult is the outcome per hostname, in request order, and what was said on the wire. */
export interface UpdateResult {
  readonly answers: readonly HostAnswer[];
  /** HTTP status, or undefined when no answer arrived. */
  readonly status: number | undefined;
  readonly body: string;
}

// Commas and colons stay literal: several dyndns2 servers split the raw query on them (ddclient does the same).
function encodeParam(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/** buildUpdateUrl gives the request URL: the update endpoint with hostname and myip parameters. */
export function buildUpdateUrl(r: Pick<UpdateRequest, 'updateUrl' | 'hostnames' | 'ipv4' | 'ipv6'>): URL {
  const myip = [r.ipv4, r.ipv6].filter((a): a is string => a !== undefined).join(',');
  const url = new URL(r.updateUrl.href);
  const params = [`hostname=${encodeParam(r.hostnames.join(','))}`];
  if (myip.length > 0) params.push(`myip=${encodeParam(myip)}`);
  url.search = `?${params.join('&')}`;
  return url;
}

/** basicAuthorization gives the Authorization header value for a login (RFC 7617, UTF-8). */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** sendUpdate performs one update request and reads the answer; never throws for network failures. */
export async function sendUpdate(r: UpdateRequest): Promise<UpdateResult> {
  const url = buildUpdateUrl(r);
  try {
    const answer = await httpGet(url, {
      ca: r.ca,
      timeoutMs: r.timeoutMs,
      headers: { authorization: basicAuthorization(r.username, r.password) },
      signal: r.signal,
    });
    return {
      answers: parseUpdateAnswer(answer.status, answer.body, r.hostnames.length),
      status: answer.status,
      body: answer.body,
    };
  } catch (e) {
    const reason = e instanceof ClientError ? e.message : `${describeUrl(url)}: ${String(e)}`;
    return {
      answers: r.hostnames.map(() => ({ kind: 'retry' as const, cause: 'network' as const, reason })),
      status: undefined,
      body: '',
    };
  }
}
