import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClientConfig, parseClientConfig, type ConfigDeps } from './config.js';
import { ConfigError } from './errors.js';
import { createTextLog } from './log.js';
import { buildUpdateUrl } from './protocols/dyndns2.js';
import { Updater } from './updater.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const FILES: Record<string, string> = {
  '/etc/dz/pw': 'from-file\n',
  '/etc/dz/ca.pem': CA,
  '/etc/dz/empty.pem': 'x',
};
const deps: ConfigDeps = {
  env: { DZ_PW: 'from-env' },
  readText: (p) => {
    const t = FILES[p];
    if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return t;
  },
};

const parse = (text: string) => parseClientConfig(text, '/etc/dz/client.yaml', deps);

/** fails asserts a ConfigError at line:column naming `field`, with a problem matching `problem`. */
function fails(text: string, line: number, column: number, field: string, problem: RegExp): void {
  assert.throws(
    () => parse(text),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.deepEqual([e.line, e.column, e.field], [line, column, field], e.message);
      assert.match(e.problem, problem);
      assert.ok(
        e.message.startsWith(`/etc/dz/client.yaml:${line}:${column}: ${field ? `${field}: ` : ''}`),
        e.message,
      );
      return true;
    },
  );
}

const SPEC_EXAMPLE = `interval: 300                      # seconds between checks in daemon mode
cache: /var/lib/dynzone-client/cache.json
accounts:
  - server: https://ddns.example.test   # base URL; the client calls <server>/nic/update
    username: generated-username
    password: generated-password        # or password_file: PATH, or password_env: NAME
    ca_file: /etc/dz/ca.pem             # optional: trust this CA instead of the system store
    hostnames: [home.example.test]
    ipv4: { source: web, url: https://ddns.example.test/checkip }   # web | interface | command | fixed
    ipv6: { source: interface, interface: eth0 }                    # omit a family to leave it alone
    allow_private: false                # true: accept private/loopback/link-local addresses from sources
`;

test('the SPEC §5 example parses into what it says', () => {
  const c = parse(SPEC_EXAMPLE);
  assert.equal(c.interval, 300);
  assert.equal(c.cache, '/var/lib/dynzone-client/cache.json');
  assert.equal(c.timeout, 30);
  const a = c.accounts[0]!;
  assert.equal(a.updateUrl.href, 'https://ddns.example.test/nic/update');
  assert.deepEqual(
    [a.username, a.password, a.ca, a.caFile],
    ['generated-username', 'generated-password', CA, '/etc/dz/ca.pem'],
  );
  assert.deepEqual(a.hostnames, ['home.example.test']);
  assert.deepEqual(a.ipv4, { source: 'web', url: new URL('https://ddns.example.test/checkip') });
  assert.deepEqual(a.ipv6, { source: 'interface', interface: 'eth0' });
  assert.equal(a.allowPrivate, false);
});

test('JSON is valid YAML too', () => {
  const c = parse(
    JSON.stringify({
      accounts: [
        {
          server: 'https://d.example.test',
          username: 'u',
          password: 'p',
          hostnames: 'h.example.test',
          ipv4: { source: 'fixed', address: '192.0.2.1' },
        },
      ],
    }),
  );
  assert.deepEqual(c.accounts[0]!.hostnames, ['h.example.test']);
  assert.equal(c.interval, 300);
});

test('defaults: cache from systemd StateDirectory, else /var/lib/dynzone-client; relative paths from the config directory', () => {
  const base = `accounts:\n  - {server: https://d.example.test, username: u, password: p, hostnames: h.example.test, ipv4: {source: fixed, address: 192.0.2.1}}\n`;
  assert.equal(parse(base).cache, '/var/lib/dynzone-client/cache.json');
  assert.equal(
    parseClientConfig(base, '/x/c.yaml', { env: { STATE_DIRECTORY: '/var/lib/dz' } }).cache,
    '/var/lib/dz/cache.json',
  );
  assert.equal(parse(`cache: state/c.json\n${base}`).cache, '/etc/dz/state/c.json');
});

test('server paths: <server>/nic/update, also below a base path', () => {
  const c = parse(
    `accounts:\n  - {server: "https://d.example.test/dyn", username: u, password: p, hostnames: h.example.test, ipv4: {source: fixed, address: 192.0.2.1}}\n`,
  );
  assert.equal(c.accounts[0]!.updateUrl.href, 'https://d.example.test/dyn/nic/update');
});

test('a server URL that already ends in /nic/update is the update URL as is, not /nic/update/nic/update', () => {
  for (const [server, want] of [
    ['https://d.example.test/nic/update', 'https://d.example.test/nic/update'],
    ['https://d.example.test/dyn/nic/update', 'https://d.example.test/dyn/nic/update'],
    ['https://d.example.test/nic/update/', 'https://d.example.test/nic/update'],
    ['https://u:p@d.example.test:8443/nic/update', 'https://d.example.test:8443/nic/update'],
  ] as const) {
    const creds = server.includes('@') ? '' : 'username: u, password: p, ';
    const c = parse(
      `accounts:\n  - {server: "${server}", ${creds}hostnames: h.example.test, ipv4: {source: fixed, address: 192.0.2.1}}\n`,
    );
    const a = c.accounts[0]!;
    assert.equal(a.updateUrl.href, want, server);
    assert.equal(
      buildUpdateUrl({ updateUrl: a.updateUrl, hostnames: ['h.example.test'], ipv4: '192.0.2.1' }).href,
      `${want}?hostname=h.example.test&myip=192.0.2.1`,
      server,
    );
  }
});

test('credentials in the server URL are percent-decoded and removed from the URL', () => {
  const c = parse(
    `accounts:\n  - {server: "https://r%C3%A9my:p%40ss%3Aw%2Frd@d.example.test", hostnames: h.example.test, ipv4: {source: fixed, address: 192.0.2.1}}\n`,
  );
  const a = c.accounts[0]!;
  assert.deepEqual([a.username, a.password], ['rémy', 'p@ss:w/rd']);
  assert.equal(a.server.href, 'https://d.example.test/');
  assert.equal(a.updateUrl.username, '');
});

test('password_file (trailing newline dropped) and password_env', () => {
  const c = parse(`accounts:
  - {server: https://d.example.test, username: u, password_file: pw, hostnames: a.example.test, ipv4: {source: fixed, address: 192.0.2.1}}
  - {server: https://d.example.test, username: u, password_env: DZ_PW, hostnames: b.example.test, ipv4: {source: fixed, address: 192.0.2.1}}
`);
  assert.deepEqual(
    c.accounts.map((a) => a.password),
    ['from-file', 'from-env'],
  );
});

test('hostnames: case folded, trailing dot dropped, Unicode converted to punycode', () => {
  const c = parse(
    `accounts:\n  - server: https://d.example.test\n    username: u\n    password: p\n    hostnames: [Home.Example.TEST., bücher.example.test]\n    ipv4: {source: fixed, address: 192.0.2.1}\n`,
  );
  assert.deepEqual(c.accounts[0]!.hostnames, ['home.example.test', 'xn--bcher-kva.example.test']);
});

const ACCOUNT = (extra: string): string => `interval: 300
accounts:
  - server: https://d.example.test
    username: u
    password: p
    hostnames: [h.example.test]
${extra}`;

test('errors name file, line, column and field', () => {
  fails('interval: soon\naccounts: []\n', 1, 11, 'interval', /must be a number/);
  fails('interval: 10\naccounts: [{}]\n', 1, 11, 'interval', /at least 30/);
  fails('interval: 300\n', 1, 1, 'accounts', /is required/);
  fails('accounts: []\n', 1, 11, 'accounts', /at least one account/);
  fails(
    'accounts:\n  - server: https://d.example.test\n    hostname: h.example.test\n',
    3,
    5,
    'accounts[0].hostname',
    /not a known key \(did you mean "hostnames"\?\)/,
  );
  fails(
    ACCOUNT('    ipv4: { source: dns }\n'),
    7,
    21,
    'accounts[0].ipv4.source',
    /must be one of web, interface, command, fixed/,
  );
  fails(ACCOUNT('    ipv4: { source: web }\n'), 7, 11, 'accounts[0].ipv4.url', /is required/);
  fails(
    ACCOUNT('    ipv4: { source: web, url: "ftp://x" }\n'),
    7,
    31,
    'accounts[0].ipv4.url',
    /http:\/\/ or https:\/\//,
  );
  fails(
    ACCOUNT('    ipv6: { source: fixed, address: 192.0.2.1 }\n'),
    7,
    37,
    'accounts[0].ipv6.address',
    /must be an IPv6 address/,
  );
  fails(
    ACCOUNT('    ipv4: { source: fixed, address: 192.0.2.1/24 }\n'),
    7,
    37,
    'accounts[0].ipv4.address',
    /IPv4/,
  );
  fails(ACCOUNT(''), 3, 5, 'accounts[0]', /needs ipv4 or ipv6/);
  fails(
    ACCOUNT('    allow_private: yes please\n    ipv4: { source: fixed, address: 192.0.2.1 }\n'),
    7,
    20,
    'accounts[0].allow_private',
    /must be a boolean/,
  );
  fails(
    ACCOUNT('    ca_file: missing.pem\n    ipv4: { source: fixed, address: 192.0.2.1 }\n'),
    7,
    14,
    'accounts[0].ca_file',
    /cannot read CA file \/etc\/dz\/missing\.pem/,
  );
  fails(
    ACCOUNT('    ca_file: empty.pem\n    ipv4: { source: fixed, address: 192.0.2.1 }\n'),
    7,
    14,
    'accounts[0].ca_file',
    /no PEM certificate/,
  );
});

test('errors about accounts: server, credentials, hostnames', () => {
  const v4 = '    ipv4: { source: fixed, address: 192.0.2.1 }\n';
  fails(
    `accounts:\n  - server: http://d.example.test\n    username: u\n    password: p\n    hostnames: h.example.test\n${v4}`,
    2,
    13,
    'accounts[0].server',
    /https:\/\//,
  );
  fails(
    `accounts:\n  - server: not a url\n    username: u\n    password: p\n    hostnames: h.example.test\n${v4}`,
    2,
    13,
    'accounts[0].server',
    /must be a URL/,
  );
  fails(
    `accounts:\n  - server: https://d.example.test\n    password: p\n    hostnames: h.example.test\n${v4}`,
    2,
    5,
    'accounts[0].username',
    /is required/,
  );
  fails(
    `accounts:\n  - server: https://d.example.test\n    username: u\n    hostnames: h.example.test\n${v4}`,
    2,
    5,
    'accounts[0]',
    /needs one of password, password_file, password_env/,
  );
  fails(
    `accounts:\n  - server: https://d.example.test\n    username: u\n    password: p\n    password_env: DZ_PW\n    hostnames: h.example.test\n${v4}`,
    2,
    5,
    'accounts[0]',
    /only one of/,
  );
  fails(
    `accounts:\n  - server: https://u:p@d.example.test\n    username: u\n    hostnames: h.example.test\n${v4}`,
    2,
    13,
    'accounts[0].server',
    /in the URL and as keys/,
  );
  fails(
    `accounts:\n  - server: https://d.example.test\n    username: u\n    password_env: NOPE\n    hostnames: h.example.test\n${v4}`,
    4,
    19,
    'accounts[0].password_env',
    /NOPE is not set/,
  );
  fails(
    `accounts:\n  - server: https://d.example.test\n    username: u\n    password_file: /nope\n    hostnames: h.example.test\n${v4}`,
    4,
    20,
    'accounts[0].password_file',
    /cannot read password file \/nope \(ENOENT\)/,
  );
  fails(
    `accounts:\n  - server: https://d.example.test\n    username: u\n    password: p\n    hostnames: [ok.example.test, "https://x.example.test"]\n${v4}`,
    5,
    34,
    'accounts[0].hostnames[1]',
    /not a fully-qualified host name/,
  );
  fails(
    `accounts:\n  - server: https://d.example.test\n    username: u\n    password: p\n    hostnames: localhost\n${v4}`,
    5,
    16,
    'accounts[0].hostnames',
    /not a fully-qualified/,
  );
  fails(
    `accounts:\n  - server: https://d.example.test\n    username: u\n    password: p\n    hostnames: [a.example.test, A.example.test.]\n${v4}`,
    5,
    33,
    'accounts[0].hostnames[1]',
    /listed twice/,
  );
  const many = Array.from({ length: 21 }, (_, i) => `h${i}.example.test`).join(', ');
  fails(
    `accounts:\n  - server: https://d.example.test\n    username: u\n    password: p\n    hostnames: [${many}]\n${v4}`,
    5,
    16,
    'accounts[0].hostnames',
    /at most 20/,
  );
  const acct = (h: string): string =>
    `  - {server: https://d.example.test, username: u, password: p, hostnames: ${h}, ipv4: {source: fixed, address: 192.0.2.1}}\n`;
  fails(
    `accounts:\n${acct('a.example.test')}${acct('a.example.test')}`,
    3,
    75,
    'accounts[1].hostnames',
    /already updated by accounts\[0\]/,
  );
});

test('YAML syntax errors and duplicate keys name the line', () => {
  fails('interval: 300\naccounts:\n  - server: [unclosed\n', 4, 1, '', /not valid YAML/);
  fails('interval: 300\ninterval: 600\naccounts: []\n', 2, 1, '', /not valid YAML: Map keys must be unique/);
  fails('- just\n- a list\n', 1, 1, '', /must be a mapping/);
});

test('a password never appears in an error message', () => {
  assert.throws(
    () =>
      parse(
        `accounts:\n  - server: "https://u:hunter2-secret@d.example.test"\n    username: u\n    hostnames: h.example.test\n    ipv4: {source: fixed, address: 192.0.2.1}\n`,
      ),
    (e: unknown) => e instanceof ConfigError && !e.message.includes('hunter2'),
  );
  assert.throws(
    () =>
      parse(
        `accounts:\n  - server: https://d.example.test\n    username: u\n    password: 12345\n    hostnames: h.example.test\n    ipv4: {source: fixed, address: 192.0.2.1}\n`,
      ),
    (e: unknown) =>
      e instanceof ConfigError && e.field === 'accounts[0].password' && !e.message.includes('12345'),
  );
});

test('a config file holding a password that group or others can read: one warning at start, naming the file and chmod 600', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dz-client-mode-'));
  try {
    const pwFile = join(dir, 'pw');
    writeFileSync(pwFile, 'p\n', { mode: 0o600 });
    /** write gives a config file of two accounts with the given credentials, at `mode`. */
    const write = (name: string, mode: number, first: string, second: string): string => {
      const file = join(dir, name);
      writeFileSync(
        file,
        `cache: ${join(dir, 'cache.json')}\naccounts:\n` +
          `  - {${first}, hostnames: [h.example.test, i.example.test], ipv4: {source: fixed, address: 192.0.2.1}}\n` +
          `  - {server: "https://e.example.test", ${second}, hostnames: j.example.test, ipv4: {source: fixed, address: 192.0.2.1}}\n`,
      );
      chmodSync(file, mode);
      return file;
    };
    const startLines = async (file: string): Promise<string[]> => {
      const lines: string[] = [];
      const log = createTextLog({ level: 'debug', write: (l) => lines.push(l), now: () => 0 });
      await Updater.open({ config: loadClientConfig(file), log });
      return lines;
    };
    const inline = write(
      'inline.yaml',
      0o644,
      'server: "https://d.example.test", username: u, password: p',
      'username: v, password: q',
    );
    assert.deepEqual(await startLines(inline), [
      `1970-01-01T00:00:00Z WARN  ${inline} holds a password and is readable by group or others (mode 0644); run chmod 600 ${inline}\n`,
    ]);
    chmodSync(inline, 0o640);
    assert.match((await startLines(inline)).join(''), /\(mode 0640\); run chmod 600 /);
    chmodSync(inline, 0o600);
    assert.deepEqual(await startLines(inline), []);
    // Credentials in the server URL are a password in the file too.
    const inUrl = write(
      'url.yaml',
      0o604,
      'server: "https://u:p@d.example.test"',
      `username: v, password_file: ${pwFile}`,
    );
    assert.equal((await startLines(inUrl)).length, 1);
    // Passwords kept in another file or in the environment leave the config file harmless to read.
    process.env['DZ_TEST_CLIENT_PW'] = 'q';
    const elsewhere = write(
      'elsewhere.yaml',
      0o644,
      `server: "https://d.example.test", username: u, password_file: ${pwFile}`,
      'username: v, password_env: DZ_TEST_CLIENT_PW',
    );
    assert.deepEqual(await startLines(elsewhere), []);
  } finally {
    delete process.env['DZ_TEST_CLIENT_PW'];
    rmSync(dir, { recursive: true, force: true });
  }
});
