// The OpenAPI 3.1 document of the REST API, written from the route table and the zod schemas (JSON Schema
// 2020-12 is OpenAPI 3.1's schema dialect), plus the table of problem codes. Served at /api/v1/openapi.json.
import { z, type ZodType } from 'zod';
import { impliedErrors, type ApiRoute } from './route.js';
import { PROBLEM_TYPES, problemType, type ProblemCode } from './problem.js';
import { ProblemDocument } from './schemas.js';
import { CSRF_HEADER, SESSION_COOKIE } from './auth.js';

function jsonSchema(schema: ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete s['$schema'];
  return s;
}

function security(route: ApiRoute): unknown[] | undefined {
  switch (route.auth) {
    case 'public':
      return [];
    case 'session':
      return [{ session: [] }];
    default:
      return [{ session: [] }, { bearer: [] }];
  }
}

/** buildOpenApi gives the OpenAPI document for `routes`, mounted under `basePath`. */
export function buildOpenApi(
  routes: readonly ApiRoute[],
  opts: { basePath: string; version: string },
): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const item = (paths[opts.basePath + r.path] ??= {});
    const parameters = [...r.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const responses: Record<string, unknown> = {
      [String(r.success.status)]: {
        description: r.success.description,
        ...(r.success.schema
          ? { content: { 'application/json': { schema: jsonSchema(r.success.schema, 'output') } } }
          : {}),
      },
    };
    const byStatus = new Map<number, ProblemCode[]>();
    for (const code of new Set([...impliedErrors(r), ...r.errors])) {
      const status = PROBLEM_TYPES[code].status;
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      responses[String(status)] = {
        description: codes.join(', '),
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    item[r.method.toLowerCase()] = {
      tags: [r.tag],
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      operationId: `${r.method.toLowerCase()}${r.path.replace(/\{([A-Za-z]+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      security: security(r),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dynzone REST API',
      version: opts.version,
      description:
        'Domains, resource records and dynamic DNS records of a Dynzone server. Errors are RFC 9457 problem ' +
        'documents with a stable `code` (see x-problem-codes). Console sessions use the ' +
        `${SESSION_COOKIE} cookie and must echo the session's csrfToken in the ${CSRF_HEADER} header on ` +
        'every change; automation uses `Authorization: Bearer <API token>`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (dzt_...)' },
      },
      schemas: { Problem: jsonSchema(ProblemDocument, 'output') },
    },
    'x-problem-codes': Object.fromEntries(
      Object.entries(PROBLEM_TYPES).map(([code, t]) => [
        code,
        { status: t.status, title: t.title, type: problemType(code as ProblemCode) },
      ]),
    ),
  };
}
