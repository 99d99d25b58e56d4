// The console's only way to the server: fetch() against the REST API under /api/v1, same origin. Keeps the
// session's CSRF token in memory (never in storage) and sends it on every change; turns problem+json
// answers into ApiProblem errors whose `detail` the pages show as is.

/** FieldError is one invalid input field of a problem. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** ApiProblem is an error answer of the API (RFC 9457 plus Dynzone's code). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors: readonly FieldError[];
  readonly problems: readonly { owner: string; type?: string; message: string }[];

  constructor(status: number, body: Record<string, unknown>) {
    super(typeof body['detail'] === 'string' ? body['detail'] : `request failed (${status})`);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = typeof body['code'] === 'string' ? body['code'] : 'ERR_UNKNOWN';
    this.title = typeof body['title'] === 'string' ? body['title'] : 'Request failed';
    this.errors = Array.isArray(body['errors']) ? (body['errors'] as FieldError[]) : [];
    this.problems = Array.isArray(body['problems'])
      ? (body['problems'] as { owner: string; type?: string; message: string }[])
      : [];
  }
}

let csrfToken: string | undefined;
let onSignedOut: (() => void) | undefined;

/** setCsrfToken remembers the session's CSRF token (undefined after sign-out). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** onSessionEnded registers what to do when the API says the session is gone (go to sign-in). */
export function onSessionEnded(fn: () => void): void {
  onSignedOut = fn;
}

/** request sends one API call and gives the parsed JSON answer (undefined for 204). */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiProblem(0, {
      code: 'ERR_NETWORK',
      title: 'No connection',
      detail: 'the server cannot be reached; check that Dynzone is running and try again',
    });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const problem = new ApiProblem(res.status, (json as Record<string, unknown>) ?? {});
    if (res.status === 401 && problem.code === 'ERR_AUTH_REQUIRED' && path !== '/session') onSignedOut?.();
    throw problem;
  }
  return json as T;
}

/** enc encodes one path segment. */
export function enc(segment: string): string {
  return encodeURIComponent(segment);
}
