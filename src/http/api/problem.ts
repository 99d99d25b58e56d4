// The REST API's one error mapper (STYLE §7.5: map errors once, at each edge): every failure becomes an
// RFC 9457 problem document (`application/problem+json`) with a stable `code`. Owns the registry of codes
// the API can answer with, their HTTP statuses and titles; the OpenAPI document lists the same table.
import { z, type ZodError, type ZodType } from 'zod';
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

// Field names as the console's forms show them. A schema's own `title` (zod `.meta({ title })`) wins: the
// same key can be a domain name in one body and a host name in another.
const FIELD_LABELS: Readonly<Record<string, string>> = {
  email: 'Email',
  password: 'Password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  isAdmin: 'Administrator',
  name: 'Name',
  type: 'Type',
  value: 'Value',
  ttl: 'TTL',
  mode: 'Addresses',
  offline: 'Offline',
  nsMode: 'Name-server mode',
  nameServers: 'Name servers',
  expiresInDays: 'Expiry in days',
  zone: 'Domain',
  hostname: 'Hostname',
  id: 'ID',
};

type ZodIssue = z.core.$ZodIssue;

type JsonSchema = Readonly<Record<string, unknown>>;

const jsonSchemas = new WeakMap<ZodType, JsonSchema>();

function jsonSchemaOf(schema: ZodType): JsonSchema {
  let s = jsonSchemas.get(schema);
  if (!s) {
    s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    jsonSchemas.set(schema, s);
  }
  return s;
}

/** schemaAt follows an issue's path through a JSON Schema (object properties and array items). */
function schemaAt(root: JsonSchema | undefined, path: readonly PropertyKey[]): JsonSchema | undefined {
  let s = root;
  for (const key of path) {
    if (!s) return undefined;
    const next =
      typeof key === 'number'
        ? s['items']
        : (s['properties'] as Record<string, unknown> | undefined)?.[String(key)];
    s = typeof next === 'object' && next !== null ? (next as JsonSchema) : undefined;
  }
  return s;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function fieldLabel(path: readonly PropertyKey[], root: JsonSchema | undefined): string {
  const last = path.at(-1);
  if (typeof last === 'number') {
    // One entry of a list: "Name server 2" for nameServers.1.
    const list = fieldLabel(path.slice(0, -1), root);
    return `${list.replace(/s$/, '')} ${last + 1}`;
  }
  const title = schemaAt(root, path)?.['title'];
  if (typeof title === 'string') return title;
  const key = String(last ?? '');
  if (FIELD_LABELS[key]) return FIELD_LABELS[key];
  // An unknown key: its words, "expiresInDays" → "Expires in days".
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function num(s: JsonSchema | undefined, key: string): number | undefined {
  const v = s?.[key];
  return typeof v === 'number' && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined;
}

/** numberRule is the whole rule of a number field: "a whole number from 0 to 2147483647". */
function numberRule(s: JsonSchema | undefined, int: boolean): string {
  const kind = int || s?.['type'] === 'integer' ? 'a whole number' : 'a number';
  const min = num(s, 'minimum');
  const max = num(s, 'maximum');
  const above = num(s, 'exclusiveMinimum');
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (above !== undefined && max !== undefined) return `${kind} above ${above}, at most ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  if (above !== undefined) return `${kind} above ${above}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** issueMessage says in one plain sentence what is wrong with one field. */
function issueMessage(issue: ZodIssue, root: JsonSchema | undefined, input: unknown): string {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    const where = path.length > 0 ? ` in ${fieldLabel(path, root)}` : '';
    return `${issue.keys.length === 1 ? 'The field' : 'The fields'} ${keys}${where} ${issue.keys.length === 1 ? 'is' : 'are'} not known`;
  }
  if (path.length === 0) {
    return issue.code === 'invalid_type' ? 'The request body must be a JSON object' : sentence(issue.message);
  }
  const label = fieldLabel(path, root);
  const field = schemaAt(root, path);
  const value = valueAt(input, path);
  const isNumber = field?.['type'] === 'integer' || field?.['type'] === 'number';
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `${label} is required`;
      if (isNumber || issue.expected === 'number' || issue.expected === 'int')
        return `${label} must be ${numberRule(field, issue.expected === 'int')}`;
      return `${label} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return `${label} must be ${numberRule(field, false)}`;
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? `${label} is required`
          : `${label} must be at least ${issue.minimum} characters long`;
      if (issue.origin === 'array')
        return `${label} must have at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}`;
      break;
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return `${label} must be ${numberRule(field, false)}`;
      if (issue.origin === 'string') return `${label} is longer than ${issue.maximum} characters`;
      if (issue.origin === 'array') return `${label} can have at most ${issue.maximum} entries`;
      break;
    case 'invalid_value': {
      const options = issue.values.map((v) => `"${String(v)}"`);
      return options.length === 1
        ? `${label} must be ${options[0]}`
        : `${label} must be ${options.slice(0, -1).join(', ')} or ${options.at(-1)}`;
    }
    case 'custom':
      // A refinement's message is already written for people.
      return sentence(issue.message);
    default:
      break;
  }
  return `${label} is not valid`;
}

/**
 * zodFieldErrors turns a ZodError into one plain sentence per invalid field ("Email is required", "TTL must
 * be a whole number from 0 to 2147483647"), naming the field as the console's forms do; `schema` (the one
 * that failed) gives the field's bounds and title, `input` tells a missing field from a mistyped one.
 */
export function zodFieldErrors(e: ZodError, schema?: ZodType, input?: unknown): FieldError[] {
  const root = schema ? jsonSchemaOf(schema) : undefined;
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of e.issues) {
    const path = issue.path.map(String).join('.') || '(body)';
    // One sentence per field: a second complaint about the same field adds nothing the first did not say.
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, message: issueMessage(issue, root, input) });
  }
  return out;
}

/** fieldErrorsDetail joins field sentences into a problem's `detail`. */
export function fieldErrorsDetail(errors: readonly FieldError[]): string {
  return errors.map((e) => (/[.!?]$/.test(e.message) ? e.message : `${e.message}.`)).join(' ');
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
