// The REST API's data shapes as zod schemas: request bodies and path parameters (validated at the route,
// STYLE §7.5 rule 5) and response bodies (documented in the OpenAPI document, and checked by the tests).
import { z } from 'zod';
import { MAX_HOST_TTL, MIN_HOST_TTL } from '../../ddns/host-admin.js';
import { MAX_PASSWORD_LENGTH } from '../../ddns/accounts.js';
import { MAX_TTL } from '../../dns/record.js';

const Email = z.string().min(1).max(254).describe('Account email address');
const Password = z.string().min(1).max(MAX_PASSWORD_LENGTH);
const Timestamp = z.string().describe('ISO 8601 UTC time');

/** CredentialsBody is an email and password (sign-in and first-run set-up). */
export const CredentialsBody = z.object({ email: Email, password: Password }).strict();

/** AccountCreateBody creates another account (administrators only). */
export const AccountCreateBody = z
  .object({ email: Email, password: Password, isAdmin: z.boolean().default(false) })
  .strict();

/** PasswordChangeBody changes the signed-in account's password. */
export const PasswordChangeBody = z.object({ currentPassword: Password, newPassword: Password }).strict();

/** TokenCreateBody creates an API token; without expiresInDays it never expires. */
export const TokenCreateBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .strict();

/** NsMode is a domain's name-server mode. */
export const NsMode = z
  .enum(['default', 'custom'])
  .describe('default: this service is authoritative (dynamic DNS available); custom: delegated elsewhere');

const NameServers = z.array(z.string().max(253)).max(13);

/** ZoneCreateBody adds a domain. */
export const ZoneCreateBody = z
  .object({
    name: z
      .string()
      .min(1)
      .max(253)
      .describe('Domain name, e.g. example.test')
      .meta({ title: 'Domain name' }),
    nsMode: NsMode.default('default'),
    nameServers: NameServers.optional().describe('Required in custom mode: where the domain is delegated'),
  })
  .strict()
  .refine((b) => b.nsMode === 'custom' || (b.nameServers ?? []).length === 0, {
    message: 'name servers are chosen by this service in default mode; give them only in custom mode',
    path: ['nameServers'],
  });

/** ZonePatchBody switches a domain's name-server mode. */
export const ZonePatchBody = z
  .object({ nsMode: NsMode, nameServers: NameServers.optional() })
  .strict()
  .refine((b) => b.nsMode === 'custom' || (b.nameServers ?? []).length === 0, {
    message: 'name servers are chosen by this service in default mode; give them only in custom mode',
    path: ['nameServers'],
  });

/** RecordBody is a resource record as typed into the console. */
export const RecordBody = z
  .object({
    name: z
      .string()
      .max(253)
      .describe('Owner: "@" for the domain itself, "www", or an absolute name ending in "."'),
    type: z
      .string()
      .min(1)
      .max(10)
      .describe('A, AAAA, CNAME, MX, TXT, SRV, CAA, NS, PTR, or TYPEnnn for a type unknown here (RFC 3597)'),
    value: z
      .string()
      .min(1)
      .max(70000)
      .describe('Record data in zone-file syntax, e.g. "10 mail.example.test."; for TYPEnnn "\\# LEN HEX"'),
    ttl: z
      .number()
      .int()
      .min(0)
      .max(MAX_TTL)
      .optional()
      .describe("Seconds; default: the RRset's TTL or 3600"),
  })
  .strict();

/** HostCreateBody creates a dynamic DNS record. */
export const HostCreateBody = z
  .object({
    name: z
      .string()
      .max(253)
      .describe('"@" (or empty) for the domain itself, or a subdomain label such as "home"')
      .meta({ title: 'Hostname' }),
    mode: z.enum(['dual', 'single']).default('dual'),
    ttl: z
      .number()
      .int()
      .min(MIN_HOST_TTL)
      .max(MAX_HOST_TTL)
      .optional()
      .describe("Seconds; default: the server's hosts.default_ttl (60)"),
  })
  .strict();

/** HostPatchBody takes a dynamic DNS record offline or back online. */
export const HostPatchBody = z.object({ offline: z.boolean() }).strict();

/** ZoneParams names a domain in the path. */
export const ZoneParams = z.object({ zone: z.string().min(1).max(254) });
/** RecordParams names a record of a domain. */
export const RecordParams = ZoneParams.extend({ id: z.string().min(1).max(64) });
/** HostParams names a dynamic DNS record of a domain (its full host name). */
export const HostParams = ZoneParams.extend({ hostname: z.string().min(1).max(254) });
/** TokenParams names an API token. */
export const TokenParams = z.object({ id: z.coerce.number().int().positive() });

/** Account is an account without its password. */
export const Account = z.object({
  id: z.number().int(),
  email: z.string(),
  isAdmin: z.boolean(),
  createdAt: Timestamp,
});

/** Session is the signed-in account, the CSRF token to echo in X-CSRF-Token, and the session's expiry. */
export const Session = z.object({ account: Account, csrfToken: z.string(), expiresAt: Timestamp });

/** SetupStatus tells whether first-run set-up is open. */
export const SetupStatus = z.object({ needed: z.boolean() });

/** ServerInfo describes this server for client settings. */
export const ServerInfo = z.object({
  version: z.string(),
  updatePath: z.string(),
  checkipPath: z.string(),
  tls: z.object({ selfSigned: z.boolean(), fingerprint256: z.string().nullable() }),
});

/** ApiToken is a token as listed (never its secret). */
export const ApiToken = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdAt: Timestamp,
  expiresAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable(),
});

/** ApiTokenCreated is a new token with its secret, shown this once. */
export const ApiTokenCreated = z.object({ token: ApiToken, secret: z.string() });

/** NameServer is a name server of a domain as the registrar needs it. */
export const NameServer = z.object({
  name: z.string(),
  inZone: z.boolean().describe('inside the domain itself: the registrar also needs its address (glue)'),
  addresses: z.array(z.string()),
});

/** Zone is a domain. */
export const Zone = z.object({
  name: z.string(),
  nsMode: NsMode,
  serial: z.number().int().nullable(),
  recordCount: z.number().int(),
  nameServers: z.array(NameServer),
  dynamicDnsAvailable: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** Record is a resource record. */
export const Record = z.object({
  id: z.string(),
  name: z.string(),
  fqdn: z.string(),
  type: z.string(),
  ttl: z.number().int(),
  value: z.string(),
  managedBy: z.enum(['soa', 'name-servers', 'dynamic-host']).nullable(),
});

/** RecordChange is a changed record and the domain's new SOA serial. */
export const RecordChange = z.object({ record: Record, serial: z.number().int() });

/** SerialChange is the domain's new SOA serial after a deletion. */
export const SerialChange = z.object({ serial: z.number().int() });

/** Host is a dynamic DNS record. */
export const Host = z.object({
  hostname: z.string(),
  name: z.string().describe('"@" or the label(s) below the domain'),
  zone: z.string(),
  username: z.string(),
  mode: z.enum(['dual', 'single']),
  ttl: z.number().int(),
  ipv4: z.string().nullable(),
  ipv6: z.string().nullable(),
  state: z.enum(['online', 'offline', 'blocked']),
  blockedUntil: Timestamp.nullable(),
  updates: z.number().int(),
  nochg: z.number().int(),
  createdAt: Timestamp,
  lastUpdateAt: Timestamp.nullable(),
});

/** HistoryEntry is one change of a dynamic DNS record. */
export const HistoryEntry = z.object({
  at: Timestamp,
  oldIpv4: z.string().nullable(),
  newIpv4: z.string().nullable(),
  oldIpv6: z.string().nullable(),
  newIpv6: z.string().nullable(),
  oldState: z.string().nullable(),
  newState: z.string().nullable(),
  sourceIp: z.string().nullable(),
  userAgent: z.string().nullable(),
  answer: z.string(),
});

/** HostDetails is a dynamic DNS record with its newest history entries. */
export const HostDetails = Host.extend({ history: z.array(HistoryEntry) });

/** Credentials are a dynamic DNS record's generated username and password. */
export const Credentials = z.object({ hostname: z.string(), username: z.string(), password: z.string() });

/** HostCreated is a new dynamic DNS record with its credentials. */
export const HostCreated = z.object({ host: Host, credentials: Credentials });

/** ProblemDocument is the RFC 9457 error body. */
export const ProblemDocument = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  problems: z
    .array(z.object({ owner: z.string(), type: z.string().optional(), message: z.string() }))
    .optional(),
});
