// What the REST API needs from the rest of the product: the use cases of src/ddns (built by the
// composition root, sharing the server's zone editor and catalog), plus edge settings.
import type { FastifyRequest } from 'fastify';
import type { HostAdmin } from '../../ddns/host-admin.js';
import type { ZoneAdmin } from '../../ddns/zone-admin.js';
import type { RecordAdmin } from '../../ddns/record-admin.js';
import type { AccountAdmin } from '../../ddns/accounts.js';
import type { SessionService } from '../../ddns/sessions.js';
import type { ApiTokenService } from '../../ddns/api-tokens.js';
import type { Clock } from '../../ddns/update-service.js';
import type { LoginThrottle } from './login-throttle.js';
import type { DdnsServices } from '../../ddns/services.js';

/**
 * ApiLogger is the slice of a logger the API uses: unexpected failures, and one line per console sign-in
 * attempt (never a request body, password, cookie or CSRF token).
 */
export interface ApiLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** ServerTlsInfo tells clients how this server's certificate can be trusted. */
export interface ServerTlsInfo {
  readonly selfSigned: boolean;
  readonly fingerprint256: string | null;
}

/** ApiDeps are what registerApi needs. */
export interface ApiDeps {
  readonly hostAdmin: HostAdmin;
  readonly zoneAdmin: ZoneAdmin;
  readonly recordAdmin: RecordAdmin;
  readonly accountAdmin: AccountAdmin;
  readonly sessions: SessionService;
  readonly tokens: ApiTokenService;
  readonly clock?: Clock | undefined;
  /** Defaults to createLoginThrottle() (10 failures per source and email, 20 per source, per 15 minutes). */
  readonly loginThrottle?: LoginThrottle | undefined;
  /** The served certificate's facts, read at each request (a reload may replace the certificate). */
  readonly tls?: (() => ServerTlsInfo) | undefined;
  readonly version?: string | undefined;
  readonly log?: ApiLogger | undefined;
}

/** RouteDeps are ApiDeps with the defaults filled in, plus the request's client address. */
export interface RouteDeps extends ApiDeps {
  readonly clock: Clock;
  readonly loginThrottle: LoginThrottle;
  clientAddress(req: FastifyRequest): string;
}

/** apiDepsFrom picks the REST API's use cases out of the wired product services. */
export function apiDepsFrom(
  s: DdnsServices,
  extra: Partial<
    Omit<ApiDeps, 'hostAdmin' | 'zoneAdmin' | 'recordAdmin' | 'accountAdmin' | 'sessions' | 'tokens'>
  > = {},
): ApiDeps {
  return {
    hostAdmin: s.service,
    zoneAdmin: s.zoneAdmin,
    recordAdmin: s.recordAdmin,
    accountAdmin: s.accountAdmin,
    sessions: s.sessions,
    tokens: s.tokens,
    ...extra,
  };
}
