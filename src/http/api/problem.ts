// The REST API's one error mapper (STYLE §7.5: map errors once, at each edge): every failure becomes an
// RFC 9457 problem document (`application/problem+json`) with a stable `code`. Owns the registry of codes
// the API can answer with, their HTTP statuses and titles; the OpenAPI document lists the same table.
import type { ZodError } from 'zod';
import { isDdnsError, type DdnsErrorCode } from '../../ddns/errors.js';
import { isStoreError } from '../../store/errors.js';
import { ZoneCheckError } from '../../zone/errors.js';
import { typeToString } from '../../dns/constants.js';

/** PROBLEM_CONTENT_TYPE is the media type of error answers (RFC 9457 §3). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** ApiErrorCode lists the codes only the HTTP edge raises (authentication, CSRF, input shape, limits). */
export type ApiErrorCode =
  | 'ERR_VALIDATION'
  | 'ERR_UNSUPPORTED_MEDIA_TYPE'
  | 'ERR_BODY_TOO_LARGE'
  | 'ERR_AUTH_REQUIRED'
  | 'ERR_AUTH_BAD_CREDENTIALS'
  | 'ERR_AUTH_TOKEN_INVALID'
  | 'ERR_AUTH_TOKEN_EXPIRED'
  | 'ERR_AUTH_RATE_LIMITED'
  | 'ERR_CSRF'
  | 'ERR_FORBIDDEN'
  | 'ERR_SESSION_REQUIRED'
  | 'ERR_NOT_FOUND'
  | 'ERR_METHOD_NOT_ALLOWED'
  | 'ERR_ZONE_CHECK'
  | 'ERR_STORE_CONFLICT'
  | 'ERR_UNAVAILABLE'
  | 'ERR_INTERNAL';

/** ProblemCode is any code an API answer can carry. */
export type ProblemCode = ApiErrorCode | DdnsErrorCode;

/** PROBLEM_TYPES maps every code to its HTTP status and a short, stable title. */
export const PROBLEM_TYPES: Readonly<Record<ProblemCode, { status: number; title: string }>> = {
  ERR_VALIDATION: { status: 400, title: 'The request is not valid' },
  ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be JSON' },
  ERR_BODY_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  ERR_AUTH_REQUIRED: { status: 401, title: 'Sign in first' },
  ERR_AUTH_BAD_CREDENTIALS: { status: 401, title: 'Wrong email or password' },
  ERR_AUTH_TOKEN_INVALID: { status: 401, title: 'The API token is not valid' },
  ERR_AUTH_TOKEN_EXPIRED: { status: 401, title: 'The API token has expired' },
  ERR_AUTH_RATE_LIMITED: { status: 429, title: 'Too many failed sign-ins' },
  ERR_CSRF: { status: 403, title: 'The request did not come from the console' },
  ERR_FORBIDDEN: { status: 403, title: 'Not allowed for this account' },
  ERR_SESSION_REQUIRED: { status: 403, title: 'Only a signed-in console session may do this' },
  ERR_NOT_FOUND: { status: 404, title: 'No such resource' },
  ERR_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  ERR_ZONE_CHECK: { status: 422, title: 'The change would break the zone' },
  ERR_STORE_CONFLICT: { status: 409, title: 'The domain changed meanwhile; try again' },
  ERR_UNAVAILABLE: { status: 503, title: 'The database is unavailable' },
  ERR_INTERNAL: { status: 500, title: 'Internal server error' },
  ERR_HOST_NAME_INVALID: { status: 400, title: 'Not a valid host name' },
  ERR_ZONE_NOT_FOUND: { status: 404, title: 'No such domain' },
  ERR_ZONE_CUSTOM_NS: { status: 409, title: 'Dynamic DNS needs the default name servers' },
  ERR_HOST_EXISTS: { status: 409, title: 'The dynamic DNS record already exists' },
  ERR_HOST_NOT_FOUND: { status: 404, title: 'No such dynamic DNS record' },
  ERR_HOST_NAME_CONFLICT: { status: 409, title: 'The name holds records a dynamic DNS record cannot share' },
  ERR_HOST_TTL_RANGE: { status: 400, title: 'TTL out of range' },
  ERR_CREDENTIALS_UNREADABLE: { status: 500, title: 'The stored credentials cannot be read' },
  ERR_ZONE_NAME_INVALID: { status: 400, title: 'Not a valid domain name' },
  ERR_ZONE_EXISTS: { status: 409, title: 'The domain already exists' },
  ERR_ZONE_OVERLAP: { status: 409, title: 'The domain overlaps a domain hosted here' },
  ERR_NS_NAME_INVALID: { status: 400, title: 'Not a valid name-server name' },
  ERR_ZONE_NS_REQUIRED: { status: 400, title: 'Name servers are required' },
  ERR_OWNER_INVALID: { status: 400, title: 'Not a valid record name' },
  ERR_RECORD_TYPE_UNSUPPORTED: { status: 400, title: 'Unsupported record type' },
  ERR_RECORD_VALUE_INVALID: { status: 400, title: 'Not a valid record value' },
  ERR_TTL_INVALID: { status: 400, title: 'Not a valid TTL' },
  ERR_RECORD_NOT_FOUND: { status: 404, title: 'No such record' },
  ERR_RECORD_MANAGED: { status: 409, title: 'The record is maintained by Dynzone' },
  ERR_RECORD_EXISTS: { status: 409, title: 'The record already exists' },
  ERR_EMAIL_INVALID: { status: 400, title: 'Not a valid email address' },
  ERR_PASSWORD_POLICY: { status: 400, title: 'The password does not meet the rules' },
  ERR_ACCOUNT_EXISTS: { status: 409, title: 'The account already exists' },
  ERR_SETUP_DONE: { status: 409, title: 'This server is already set up' },
  ERR_PASSWORD_MISMATCH: { status: 403, title: 'The current password is not correct' },
  ERR_TOKEN_NOT_FOUND: { status: 404, title: 'No such API token' },
};

/** FieldError is one invalid input field (ERR_VALIDATION). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** Problem is an RFC 9457 problem document plus Dynzone's stable `code`. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ProblemCode;
  readonly errors?: readonly FieldError[] | undefined;
  readonly problems?: readonly { owner: string; type?: string; message: string }[] | undefined;
}

/** ApiError is an expected failure raised at the HTTP edge, with a stable code and a sentence for the user. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ApiErrorCode,
    detail: string,
    opts: { errors?: readonly FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.code = code;
    this.errors = opts.errors;
    this.headers = opts.headers ?? {};
  }
}

/** problemType gives the `type` URI of a code. */
export function problemType(code: ProblemCode): string {
  return `urn:dynzone:problem:${code.toLowerCase().replace(/^err_/, '').replaceAll('_', '-')}`;
}

function problem(code: ProblemCode, detail: string, extra: Partial<Problem> = {}): Problem {
  const t = PROBLEM_TYPES[code];
  return { type: problemType(code), title: t.title, status: t.status, detail, code, ...extra };
}

/** zodFieldErrors turns a ZodError into per-field messages. */
export function zodFieldErrors(e: ZodError): FieldError[] {
  return e.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/**
 * toProblem maps any error to a problem document; `internal` tells whether it was unexpected (to be
 * logged). Unexpected errors never leak their message.
 */
export function toProblem(e: unknown): {
  problem: Problem;
  internal: boolean;
  headers: Record<string, string>;
} {
  if (e instanceof ApiError) {
    return {
      problem: problem(e.code, e.message, e.errors ? { errors: e.errors } : {}),
      internal: false,
      headers: { ...e.headers },
    };
  }
  // Input is validated with safeParse at the route (an ApiError); a ZodError reaching here is an answer
  // that broke its own schema: our bug, so it falls through to ERR_INTERNAL.
  if (isDdnsError(e)) {
    return {
      problem: problem(e.code, e.message),
      internal: e.code === 'ERR_CREDENTIALS_UNREADABLE',
      headers: {},
    };
  }
  if (e instanceof ZoneCheckError) {
    const problems = e.problems
      .filter((p) => p.severity === 'error')
      .map((p) => ({
        owner: p.owner.toString(),
        ...(p.type !== undefined ? { type: typeToString(p.type) } : {}),
        message: p.message,
      }));
    const detail = problems.map((p) => p.message).join(' ') || e.message;
    return { problem: problem('ERR_ZONE_CHECK', detail, { problems }), internal: false, headers: {} };
  }
  if (isStoreError(e)) {
    switch (e.code) {
      case 'ERR_ZONE_NOT_FOUND':
        return {
          problem: problem('ERR_ZONE_NOT_FOUND', 'the domain does not exist (any more)'),
          internal: false,
          headers: {},
        };
      case 'ERR_STORE_CONFLICT':
      case 'ERR_HOST_CHANGED':
        return {
          problem: problem(
            'ERR_STORE_CONFLICT',
            'the domain was changed by someone else at the same moment; reload and try again',
          ),
          internal: false,
          headers: {},
        };
      case 'ERR_STORE_UNAVAILABLE':
        return {
          problem: problem(
            'ERR_UNAVAILABLE',
            'the database is unavailable; nothing was changed, try again later',
          ),
          internal: true,
          headers: { 'retry-after': '60' },
        };
      default:
        break;
    }
  }
  const fastifyCode = (e as { code?: unknown } | null)?.code;
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      problem: problem('ERR_UNSUPPORTED_MEDIA_TYPE', 'send the request body as application/json'),
      internal: false,
      headers: {},
    };
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return {
      problem: problem('ERR_BODY_TOO_LARGE', 'the request body is too large'),
      internal: false,
      headers: {},
    };
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      problem: problem('ERR_VALIDATION', 'the request body is not valid JSON'),
      internal: false,
      headers: {},
    };
  }
  return {
    problem: problem(
      'ERR_INTERNAL',
      'something went wrong on the server; try again, and tell the operator if it persists',
    ),
    internal: true,
    headers: {},
  };
}
