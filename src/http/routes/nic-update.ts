// The dyndns2 endpoint `/nic/update` (SPEC §2.1–2.2): reads parameters from the query string or an
// x-www-form-urlencoded body, checks transport, User-Agent and Basic credentials, hands a parsed request
// to the update service and writes plain-text answers, one line per hostname, with Content-Length.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  answerStatus,
  detectDialect,
  formatAnswerBody,
  parseAddressParams,
  parseHostnameList,
  type UpdateAnswer,
} from '../../ddns/dyndns2.js';
import type { UpdateService } from '../../ddns/update-service.js';
import type { LoginRefusal } from '../../ddns/login-limit.js';
import { parseBasicAuth } from '../basic-auth.js';
import { resolveClient, type TrustedProxies } from '../client-address.js';

/** NicUpdateOptions configure the endpoint. */
export interface NicUpdateOptions {
  readonly service: UpdateService;
  readonly trustedProxies: TrustedProxies;
  /** 'https' when this app sits behind TLS; 'http' for the plain listener. */
  readonly transport: 'https' | 'http';
  /** Allow updates over plain HTTP (old routers); off by default (SPEC §2.1). */
  readonly allowInsecureUpdates: boolean;
  /** User-Agents refused with `badagent`, matched case-insensitively as prefixes (read per request). */
  readonly denyUserAgents: () => readonly string[];
  /** realm of the Basic challenge. */
  readonly realm: string;
  /** onUpdate is told about every answered request (for the request log and metrics); never secrets. */
  readonly onUpdate?: ((event: UpdateEvent) => void) | undefined;
}

/** UpdateEvent describes one answered /nic/update request. No credentials, ever. */
export interface UpdateEvent {
  /** hostnames is the `hostname` parameter as sent (truncated to 300 characters). */
  readonly hostnames: string;
  /** answers are the answer lines sent (`good 192.0.2.1`, `badauth`...). */
  readonly answers: readonly string[];
  /** kinds are the answer words without addresses (`good`, `conflict`...), one per line. */
  readonly kinds: readonly string[];
  readonly status: number;
  /**
   * reason tells a request-level `badauth` apart for the operator (the answer is the same): no
   * credentials, wrong ones, or refused by the failed-login limit ('rate-limited'); absent otherwise.
   */
  readonly reason?: LoginRefusal | undefined;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly transport: 'https' | 'http';
  readonly durationSeconds: number;
}

/** Params is the flattened request parameters (the first value of a repeated parameter wins). */
type Params = Map<string, string>;

function collectParams(req: FastifyRequest): Params {
  const out: Params = new Map();
  const url = req.raw.url ?? '';
  const q = url.indexOf('?');
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(url.slice(q + 1)))
      if (!out.has(k.toLowerCase())) out.set(k.toLowerCase(), v);
  }
  const body = req.body;
  if (body instanceof URLSearchParams) {
    for (const [k, v] of body) if (!out.has(k.toLowerCase())) out.set(k.toLowerCase(), v);
  }
  return out;
}

/** sentAnswers remembers what each request was answered, for the report after it is sent. */
const sentAnswers = new WeakMap<
  FastifyRequest,
  { status: number; body: string; reason?: LoginRefusal | undefined }
>();

function send(
  reply: FastifyReply,
  status: number,
  answers: readonly UpdateAnswer[] | string,
  reason?: LoginRefusal,
): FastifyReply {
  const body = typeof answers === 'string' ? answers : formatAnswerBody(answers);
  sentAnswers.set(reply.request, { status, body, reason });
  return reply
    .code(status)
    .header('content-type', 'text/plain; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(body);
}

/** registerNicUpdate adds GET/POST /nic/update (other methods answer `badagent`). */
export function registerNicUpdate(app: FastifyInstance, opts: NicUpdateOptions): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const started = process.hrtime.bigint();
    try {
      return await answer(req, reply);
    } finally {
      report(req, started);
    }
  };

  const report = (req: FastifyRequest, started: bigint): void => {
    if (opts.onUpdate === undefined) return;
    const sent = sentAnswers.get(req);
    const answers = (sent?.body ?? '911\n').split('\n').filter((l) => l.length > 0);
    const uaHeader = req.headers['user-agent'];
    const hostname = collectParams(req).get('hostname') ?? '';
    try {
      opts.onUpdate({
        hostnames: hostname.slice(0, 300),
        answers,
        kinds: answers.map((a) => a.split(' ')[0]!),
        status: sent?.status ?? 500,
        reason: sent?.reason,
        sourceIp: resolveClient(req.raw.socket?.remoteAddress ?? req.ip, req.headers, opts.trustedProxies)
          .source,
        userAgent: (typeof uaHeader === 'string' ? uaHeader.trim() : '').slice(0, 256),
        transport: opts.transport,
        durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    } catch {
      // reporting must never change the answer
    }
  };

  const answer = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const params = collectParams(req);
    const uaHeader = req.headers['user-agent'];
    const userAgent = typeof uaHeader === 'string' ? uaHeader.trim() : '';
    const dialect = detectDialect(userAgent, params.has('system'));
    const client = resolveClient(req.raw.socket?.remoteAddress ?? req.ip, req.headers, opts.trustedProxies);
    if (req.headers.connection?.toLowerCase() === 'close') reply.header('connection', 'close');

    const badagent = (): FastifyReply =>
      send(reply, answerStatus([{ kind: 'badagent' }], dialect), [{ kind: 'badagent' }]);
    // SPEC §2.1: HTTPS only, unless the operator enabled the insecure listener or a trusted proxy saw HTTPS.
    if (opts.transport === 'http' && !opts.allowInsecureUpdates && !client.proxiedHttps) {
      return send(reply, 403, 'badagent\n');
    }
    if (req.method !== 'GET' && req.method !== 'POST') return badagent();
    if (userAgent.length === 0) return badagent();
    const ua = userAgent.toLowerCase();
    if (opts.denyUserAgents().some((d) => d.length > 0 && ua.startsWith(d.toLowerCase()))) return badagent();

    const credentials = parseBasicAuth(req.headers.authorization);
    const offline = (params.get('offline') ?? '').trim().toLowerCase() === 'yes';
    const result = await opts.service.update({
      credentials,
      hostnames: parseHostnameList(params.get('hostname')),
      addresses: parseAddressParams(
        { myip: params.get('myip'), myipv4: params.get('myipv4'), myipv6: params.get('myipv6') },
        client.address,
        { offline },
      ),
      offline,
      // Behind a trusted proxy that did not say who the client is, the proxy's address is only what the
      // request is counted and recorded under; it is never published (myip is then required).
      sourceIp: client.source,
      userAgent,
    });
    if (result.kind === 'badauth') {
      // SPEC §2.1: 401 with a challenge, so wget-based routers send their credentials and retry.
      reply.header('www-authenticate', `Basic realm="${opts.realm}"`);
      return send(reply, 401, [{ kind: 'badauth' }], result.reason);
    }
    return send(reply, answerStatus(result.answers, dialect), result.answers);
  };
  app.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'], url: '/nic/update', handler });
}
