// Loads the updater client's config file (SPEC §5): YAML (JSON is YAML too), checked by the schema in
// config-schema.ts and then by the rules no schema can express (one password source, credentials in the URL,
// addresses of the right family, valid host names, readable files). Every failure is a ConfigError naming
// file, line, column and field. Secrets are read here and never appear in a message.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { domainToASCII } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { DnsName, isValidHostname } from '../dns/name.js';
import { parseAddress, type AddressFamily } from './address-scope.js';
import { ConfigError } from './errors.js';
import { AccountSchema, ConfigSchema, type RawAccount, type RawSource } from './config-schema.js';
import { formatFieldPath, SourceLocator, type FieldPath } from './config-locate.js';

/** MAX_HOSTNAMES_PER_ACCOUNT is how many hostnames one dyndns2 request may carry (Dyn's limit, SPEC §2.1). */
export const MAX_HOSTNAMES_PER_ACCOUNT = 20;

/** DEFAULT_CACHE_FILE is the cache path when the config names none and systemd gives no StateDirectory. */
export const DEFAULT_CACHE_FILE = '/var/lib/dynzone-client/cache.json';

/** AddressSource says where one family's address comes from. */
export type AddressSource =
  | { readonly source: 'web'; readonly url: URL }
  | { readonly source: 'interface'; readonly interface: string }
  | { readonly source: 'command'; readonly command: string }
  | { readonly source: 'fixed'; readonly address: string };

/** AccountConfig is one account, resolved: credentials read, names normalised, URLs parsed. */
export interface AccountConfig {
  /** position in the file's `accounts:` list, for messages. */
  readonly index: number;
  /** base URL of the provider, without credentials. */
  readonly server: URL;
  /** the update endpoint: `<server>/nic/update`, or `server` itself when its path already ends so. */
  readonly updateUrl: URL;
  readonly username: string;
  readonly password: string;
  /** PEM text of `ca_file`, trusted instead of the system store. */
  readonly ca: string | undefined;
  readonly caFile: string | undefined;
  /** lowercase A-label names without the trailing dot, in config order. */
  readonly hostnames: readonly string[];
  readonly ipv4: AddressSource | undefined;
  readonly ipv6: AddressSource | undefined;
  readonly allowPrivate: boolean;
}

/** ClientConfig is the whole resolved config. */
export interface ClientConfig {
  readonly file: string;
  /** seconds between checks in daemon mode. */
  readonly interval: number;
  /** absolute path of the cache file. */
  readonly cache: string;
  /** seconds each request or command may take. */
  readonly timeout: number;
  readonly accounts: readonly AccountConfig[];
  /** true when the file itself holds a password (`password:` or credentials in a `server` URL). */
  readonly holdsPassword: boolean;
  /** remarks worth a warning at start that do not stop the client (a password file others can read). */
  readonly warnings: readonly string[];
}

/** ConfigDeps are the outside world the loader reads: environment and files (injectable for tests). */
export interface ConfigDeps {
  readonly env?: NodeJS.ProcessEnv;
  readonly readText?: (path: string) => string;
  /** fileMode gives a file's permission bits, undefined when unknown (default: stat). */
  readonly fileMode?: (path: string) => number | undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  if (issue.code !== 'unrecognized_keys' && valueAt(root, issue.path) === undefined) return 'is required';
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    case 'unrecognized_keys':
      return 'is not a known key';
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options)) return `must be one of ${options.map(String).join(', ')}`;
      return 'must be a hostname or a list of hostnames';
    }
    default:
      return issue.message;
  }
}

const KNOWN_KEYS = [
  ...Object.keys(ConfigSchema.shape),
  ...Object.keys(AccountSchema.shape),
  'source',
  'url',
  'interface',
  'command',
  'address',
];

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length]!;
}

function suggestKey(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of KNOWN_KEYS) {
    const dist = editDistance(key.toLowerCase(), k);
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best;
}

/** parseHostnameSetting turns a configured hostname into a lowercase A-label name, or undefined. */
export function parseHostnameSetting(text: string): string | undefined {
  let t = text.trim();
  if (t.endsWith('.')) t = t.slice(0, -1);
  if (t.length === 0 || /[\s/:@?#[\]\\%,]/.test(t)) return undefined;
  const ascii = domainToASCII(t);
  if (ascii.length === 0) return undefined;
  try {
    const name = DnsName.parse(ascii + '.');
    if (!isValidHostname(name)) return undefined;
    return name.toString().toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

class Resolver {
  readonly #file: string;
  readonly #baseDir: string;
  readonly #loc: SourceLocator;
  readonly #env: NodeJS.ProcessEnv;
  readonly #readText: (path: string) => string;

  readonly #raw: unknown;
  /** set once an account takes its password from the file itself. */
  holdsPassword = false;

  constructor(file: string, loc: SourceLocator, deps: ConfigDeps, raw: unknown) {
    this.#raw = raw;
    this.#file = file;
    this.#baseDir = dirname(resolve(file));
    this.#loc = loc;
    this.#env = deps.env ?? process.env;
    this.#readText = deps.readText ?? ((p) => readFileSync(p, 'utf8'));
  }

  #isListInFile(path: FieldPath): boolean {
    return Array.isArray(valueAt(this.#raw, path));
  }

  fail(path: FieldPath, problem: string, asKey = false): never {
    const pos = this.#loc.locate(path, asKey);
    throw new ConfigError(
      { file: this.#file, line: pos.line, column: pos.column, field: formatFieldPath(path) },
      problem,
    );
  }

  path(p: string): string {
    return isAbsolute(p) ? p : resolve(this.#baseDir, p);
  }

  readFile(path: FieldPath, file: string, what: string): string {
    try {
      return this.#readText(this.path(file));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return this.fail(path, `cannot read ${what} ${this.path(file)} (${code ?? (e as Error).message})`);
    }
  }

  source(path: FieldPath, family: AddressFamily, raw: RawSource | undefined): AddressSource | undefined {
    if (raw === undefined) return undefined;
    switch (raw.source) {
      case 'web': {
        let url: URL;
        try {
          url = new URL(raw.url);
        } catch {
          return this.fail([...path, 'url'], 'must be an http:// or https:// URL');
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
          this.fail([...path, 'url'], 'must be an http:// or https:// URL');
        if (url.username || url.password) this.fail([...path, 'url'], 'must not carry credentials');
        return { source: 'web', url };
      }
      case 'interface':
        return { source: 'interface', interface: raw.interface.trim() };
      case 'command':
        return { source: 'command', command: raw.command };
      case 'fixed': {
        const p = parseAddress(raw.address);
        if (!p || p.family !== family)
          this.fail([...path, 'address'], `must be an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address`);
        return { source: 'fixed', address: p.address };
      }
    }
  }

  account(i: number, a: RawAccount): AccountConfig {
    const at: FieldPath = ['accounts', i];
    let server: URL;
    try {
      server = new URL(a.server);
    } catch {
      return this.fail([...at, 'server'], 'must be a URL such as https://ddns.example.com');
    }
    // Credentials go out in an Authorization header; plain HTTP would show them to every hop.
    if (server.protocol !== 'https:') this.fail([...at, 'server'], 'must be an https:// URL');
    if (server.search || server.hash)
      this.fail([...at, 'server'], 'must be a base URL without ?query or #fragment');
    // `https://user:pass@host` as routers write it: userinfo is percent-encoded (RFC 3986 §3.2.1).
    let username = a.username;
    let password = a.password;
    if (server.username || server.password) {
      if (a.username !== undefined || a.password !== undefined || a.password_file || a.password_env)
        this.fail([...at, 'server'], 'gives credentials in the URL and as keys; use one or the other');
      try {
        username = decodeURIComponent(server.username);
        password = decodeURIComponent(server.password);
      } catch {
        this.fail([...at, 'server'], 'has credentials that are not valid percent-encoding');
      }
      server.username = '';
      server.password = '';
      if (password !== undefined && password.length > 0) this.holdsPassword = true;
    }
    if (username === undefined || username.length === 0) this.fail([...at, 'username'], 'is required');
    const sources = [a.password !== undefined, a.password_file !== undefined, a.password_env !== undefined];
    const count =
      sources.filter(Boolean).length + (password !== undefined && a.password === undefined ? 1 : 0);
    if (count === 0) this.fail(at, 'needs one of password, password_file, password_env');
    if (count > 1) this.fail(at, 'give only one of password, password_file, password_env');
    if (a.password !== undefined && a.password.length > 0) this.holdsPassword = true;
    if (a.password_file !== undefined) {
      // A trailing newline from `echo pw > file` is not part of the password.
      password = this.readFile([...at, 'password_file'], a.password_file, 'password file').replace(
        /\r?\n$/,
        '',
      );
    } else if (a.password_env !== undefined) {
      password = this.#env[a.password_env];
      if (password === undefined)
        this.fail([...at, 'password_env'], `environment variable ${a.password_env} is not set`);
    }
    if (password === undefined || password.length === 0) this.fail(at, 'the password is empty');
    const hostnames: string[] = [];
    a.hostnames.forEach((h, j) => {
      const name = parseHostnameSetting(h);
      // `hostnames: a.example` (one name) is written without a list; point at the list item when there is one.
      const hp: FieldPath = this.#isListInFile([...at, 'hostnames'])
        ? [...at, 'hostnames', j]
        : [...at, 'hostnames'];
      if (name === undefined) this.fail(hp, `"${h}" is not a fully-qualified host name`);
      if (hostnames.includes(name)) this.fail(hp, `"${h}" is listed twice`);
      hostnames.push(name);
    });
    if (hostnames.length > MAX_HOSTNAMES_PER_ACCOUNT)
      this.fail(
        [...at, 'hostnames'],
        `lists ${hostnames.length} hostnames; one request carries at most ${MAX_HOSTNAMES_PER_ACCOUNT}`,
      );
    const ipv4 = this.source([...at, 'ipv4'], 'ipv4', a.ipv4);
    const ipv6 = this.source([...at, 'ipv6'], 'ipv6', a.ipv6);
    if (!ipv4 && !ipv6) this.fail(at, 'needs ipv4 or ipv6 (or both): where to get the address from');
    const caFile = a.ca_file !== undefined ? this.path(a.ca_file) : undefined;
    let ca: string | undefined;
    if (a.ca_file !== undefined) {
      ca = this.readFile([...at, 'ca_file'], a.ca_file, 'CA file');
      if (!ca.includes('-----BEGIN CERTIFICATE-----'))
        this.fail([...at, 'ca_file'], `${caFile} holds no PEM certificate`);
    }
    const base = server.href.endsWith('/') ? server.href : `${server.href}/`;
    // A server copied together with its endpoint (https://ddns.example.com/nic/update) is the update URL
    // itself; appending another /nic/update would reach nothing.
    const updateUrl = /\/nic\/update\/?$/.test(server.pathname)
      ? new URL(server.href.replace(/\/$/, ''))
      : new URL('nic/update', base);
    return {
      index: i,
      server,
      updateUrl,
      username,
      password,
      ca,
      caFile,
      hostnames,
      ipv4,
      ipv6,
      allowPrivate: a.allow_private,
    };
  }
}

/** parseClientConfig checks config text read from `file` and resolves it; throws ConfigError. */
export function parseClientConfig(text: string, file: string, deps: ConfigDeps = {}): ClientConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const loc = new SourceLocator(doc, lines);
  const first = doc.errors[0];
  if (first) {
    const pos = loc.positionOfOffset(first.pos[0]);
    const msg = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError({ file, line: pos.line, column: pos.column, field: '' }, `not valid YAML: ${msg}`);
  }
  const value: unknown = doc.toJS();
  const r: Resolver = new Resolver(file, loc, deps, value);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    r.fail([], 'the file must be a mapping with interval, cache and accounts');
  const parsed = ConfigSchema.safeParse(value);
  if (!parsed.success) {
    const located = parsed.error.issues.flatMap((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      return keys.map((k) => {
        const path = k === undefined ? issue.path : [...issue.path, k];
        const pos = loc.locate(path as FieldPath, k !== undefined);
        return { issue, path: path as FieldPath, pos, asKey: k !== undefined };
      });
    });
    // Report the issue that comes first in the file, except that an unknown key (a typo) goes first: it
    // usually explains a "required" complaint about the key that was meant.
    located.sort(
      (a, b) => Number(b.asKey) - Number(a.asKey) || a.pos.line - b.pos.line || a.pos.column - b.pos.column,
    );
    const top = located[0]!;
    const key = top.asKey ? String(top.path[top.path.length - 1]) : undefined;
    const hint = key !== undefined ? suggestKey(key) : undefined;
    r.fail(top.path, describeIssue(top.issue, value) + (hint ? ` (did you mean "${hint}"?)` : ''), top.asKey);
  }
  const c = parsed.data;
  const accounts = c.accounts.map((a, i) => r.account(i, a));
  // Two accounts updating the same name at the same provider would undo each other.
  const seen = new Map<string, number>();
  for (const a of accounts) {
    for (const h of a.hostnames) {
      const key = `${a.updateUrl.href} ${h}`;
      const other = seen.get(key);
      if (other !== undefined)
        r.fail(
          ['accounts', a.index, 'hostnames'],
          `${h} is already updated by accounts[${other}] at the same server`,
        );
      seen.set(key, a.index);
    }
  }
  const env = deps.env ?? process.env;
  const stateDir = env['STATE_DIRECTORY']?.split(':')[0];
  const cache =
    c.cache !== undefined ? r.path(c.cache) : stateDir ? resolve(stateDir, 'cache.json') : DEFAULT_CACHE_FILE;
  return {
    file,
    interval: c.interval,
    cache,
    timeout: c.timeout,
    accounts,
    holdsPassword: r.holdsPassword,
    warnings: [],
  };
}

/** loadClientConfig reads and resolves the config file at `file`; throws ConfigError. */
export function loadClientConfig(file: string, deps: ConfigDeps = {}): ClientConfig {
  let text: string;
  try {
    text = (deps.readText ?? ((p) => readFileSync(p, 'utf8')))(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      { file, field: '' },
      `cannot read the config file (${code ?? (e as Error).message})`,
    );
  }
  const config = parseClientConfig(text, file, deps);
  if (!config.holdsPassword || process.platform === 'win32') return config;
  // A password in a file that others can read is theirs too; the client still runs, but says so.
  const mode = (deps.fileMode ?? statMode)(file);
  if (mode === undefined || (mode & 0o077) === 0) return config;
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  return {
    ...config,
    warnings: [
      ...config.warnings,
      `${file} holds a password and is readable by group or others (mode ${octal}); run chmod 600 ${file}`,
    ],
  };
}

function statMode(path: string): number | undefined {
  try {
    return statSync(path).mode;
  } catch {
    return undefined;
  }
}
