// End-to-end tests of the administrative command line: each test spawns `node dist/src/cli/main.js` on a
// temporary data directory and checks stdout, the single stderr error line, the exit code and that a
// refused command changed nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DnsName } from '../dns/name.js';
import { parseZoneText } from '../dns/zonefile/parser.js';
import { formatRecord } from '../dns/zonefile/rdata-text.js';
import { openStore } from '../store/kysely-store.js';
import { verifyPassword } from '../store/password-hash.js';
import { dateSerial } from '../ddns/zone-template.js';
import { ExitCode } from './exit-codes.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function makeDataDir(): { dir: string; dataDir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dynzone-cli-'));
  return { dir, dataDir: join(dir, 'data'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function cli(dataDir: string, args: readonly string[], input?: string): Run {
  const r = spawnSync(process.execPath, [MAIN, ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    input: input ?? '',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function cliAsync(dataDir: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args, '--data-dir', dataDir], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** inBatches runs async jobs with at most `width` at a time, keeping their order in the result. */
async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width)
    out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

function ok(dataDir: string, args: readonly string[], input?: string): Run {
  const r = cli(dataDir, args, input);
  assert.equal(r.code, 0, `dynzone ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

function json<T>(dataDir: string, args: readonly string[]): T {
  return JSON.parse(ok(dataDir, [...args, '--json']).stdout) as T;
}

/** state is everything an administrator can observe: the zone list and every zone's export. */
function state(dataDir: string): string {
  const zones = json<{ name: string }[]>(dataDir, ['zone', 'list']);
  return JSON.stringify(zones) + zones.map((z) => ok(dataDir, ['zone', 'export', z.name]).stdout).join('');
}

/** canonicalRecords gives comparable records: owners case-folded (names compare case-insensitively), rdata exact. */
function canonicalRecords(text: string): string[] {
  const parsed = parseZoneText(text);
  return parsed.records.map((r) => formatRecord({ ...r, owner: r.owner.toLowerCase() })).sort();
}

const FIXTURE = `$ORIGIN Example.Test.
$TTL 300
@       3600 IN SOA ns1.example.test. hostmaster.example.test. ( 2024010101 3600 600 1209600 60 )
        3600 IN NS  ns1
        3600 IN NS  ns.other.example.
ns1          IN A   192.0.2.53
WWW          IN A   192.0.2.10
www          IN AAAA 2001:db8::10
mail    600  IN MX  10 mx.example.net.
txt          IN TXT "v=spf1 -all" "second string"
_sip._tcp    IN SRV 10 60 5060 sip
@            IN CAA 0 issue "letsencrypt.org"
alias        IN CNAME www
*.wild       IN A   192.0.2.99
4.2.0        IN PTR host.example.test.
sub          IN NS  ns.sub
ns.sub       IN A   192.0.2.54
`;

test('zone add creates SOA and NS with the documented defaults and notes the missing glue', () => {
  const { dataDir, cleanup } = makeDataDir();
  try {
    const r = ok(dataDir, ['zone', 'add', 'Example.Test']);
    assert.match(r.stdout, /created zone example\.test\./);
    assert.match(r.stderr, /^dynzone: note: .*ns1\.example\.test\..*glue/m);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    const serial = dateSerial(new Date());
    assert.deepEqual(json(dataDir, ['zone', 'list']), [
      { name: 'example.test.', serial, records: 2, nsMode: 'default', owner: null },
    ]);
    assert.deepEqual(json(dataDir, ['record', 'list', 'example.test']), [
      {
        owner: 'example.test.',
        type: 'SOA',
        ttl: 3600,
        rdata: `ns1.example.test. hostmaster.example.test. ${serial} 3600 600 1209600 60`,
      },
      { owner: 'example.test.', type: 'NS', ttl: 3600, rdata: 'ns1.example.test.' },
    ]);
  } finally {
    cleanup();
  }
});

test('zone add with --ns and --owner; user add with a generated and a stdin password', async () => {
  const { dataDir, cleanup } = makeDataDir();
  try {
    const gen = ok(dataDir, ['user', 'add', 'Admin@Example.Test', '--admin']);
    assert.match(gen.stdout, /created administrator admin@example\.test/);
    const password = /^password: ([A-Za-z0-9]+)$/m.exec(gen.stdout)?.[1];
    assert.ok(password && password.length >= 16, gen.stdout);
    const own = ok(
      dataDir,
      ['user', 'add', 'owner@example.test', '--password-stdin'],
      'correct horse battery\n',
    );
    assert.doesNotMatch(own.stdout, /password:/);

    ok(dataDir, [
      'zone',
      'add',
      'example.test.',
      '--owner',
      'OWNER@example.test',
      '--ns',
      'a.ns.example.net',
      '--ns',
      'b.ns.example.net.',
    ]);
    const [zone] = json<{ owner: string }[]>(dataDir, ['zone', 'list']);
    assert.equal(zone?.owner, 'owner@example.test');
    const ns = json<{ rdata: string }[]>(dataDir, ['record', 'list', 'example.test', '@', 'NS']).map(
      (r) => r.rdata,
    );
    assert.deepEqual(ns.sort(), ['a.ns.example.net.', 'b.ns.example.net.']);
    const soa = json<{ rdata: string }[]>(dataDir, ['record', 'list', 'example.test', '@', 'SOA']);
    assert.match(soa[0]!.rdata, /^a\.ns\.example\.net\. hostmaster\.example\.test\. /);

    const store = openStore({ kind: 'sqlite', path: join(dataDir, 'dynzone.db') });
    try {
      const admin = await store.getAccountByEmail('admin@example.test');
      const owner = await store.getAccountByEmail('owner@example.test');
      assert.ok(admin?.isAdmin && owner && !owner.isAdmin);
      assert.match(admin.passwordHash, /^scrypt\$/);
      assert.equal(await verifyPassword(password, admin.passwordHash), true);
      assert.equal(await verifyPassword('correct horse battery', owner.passwordHash), true);
      assert.equal(await verifyPassword('correct horse battery\n', owner.passwordHash), false);
    } finally {
      await store.close();
    }
  } finally {
    cleanup();
  }
});

test('record add, list and delete through the zone editor bump the serial once per change', () => {
  const { dataDir, cleanup } = makeDataDir();
  try {
    ok(dataDir, ['zone', 'add', 'example.test', '--ns', 'ns.example.net']);
    const serial0 = dateSerial(new Date());
    const adds: string[][] = [
      ['www', 'A', '192.0.2.1'],
      ['www.example.test.', 'A', '192.0.2.2', '--ttl', '300'],
      ['@', 'MX', '10 mail'],
      ['txt', 'TXT', 'v=spf1 include:example.net -all'],
      ['quoted', 'TXT', '"a" "b c"'],
      ['_sip._tcp', 'SRV', '10 60 5060 sip.example.test.'],
      ['@', 'CAA', '0 issue "letsencrypt.org"'],
      ['v6', 'AAAA', '2001:DB8:0:0::1'],
      ['opaque', 'TYPE65000', '\\# 2 abcd'],
    ];
    adds.forEach((a, i) => {
      const r = ok(dataDir, ['record', 'add', 'example.test', ...a]);
      assert.match(r.stdout, new RegExp(`\\(serial ${serial0 + i + 1}\\)`));
    });
    // The RRset takes the TTL of its newest member (RFC 2181 §5.2).
    assert.deepEqual(json(dataDir, ['record', 'list', 'example.test', 'www']), [
      { owner: 'www.example.test.', type: 'A', ttl: 300, rdata: '192.0.2.1' },
      { owner: 'www.example.test.', type: 'A', ttl: 300, rdata: '192.0.2.2' },
    ]);
    assert.deepEqual(json(dataDir, ['record', 'list', 'example.test', 'txt', 'TXT']), [
      { owner: 'txt.example.test.', type: 'TXT', ttl: 3600, rdata: '"v=spf1 include:example.net -all"' },
    ]);
    assert.equal(
      json<unknown[]>(dataDir, ['record', 'list', 'example.test', 'quoted', 'TXT', '"a" "b c"']).length,
      1,
    );
    assert.equal(
      json<{ rdata: string }[]>(dataDir, ['record', 'list', 'example.test', 'v6'])[0]?.rdata,
      '2001:db8::1',
    );
    assert.equal(
      json<unknown[]>(dataDir, ['record', 'list', 'example.test', '@', 'MX', '10 mail.example.test.']).length,
      1,
    );
    // A type unknown here is held and listed in the RFC 3597 form.
    assert.deepEqual(json(dataDir, ['record', 'list', 'example.test', 'opaque', 'TYPE65000', '\\# 2 ABCD']), [
      { owner: 'opaque.example.test.', type: 'TYPE65000', ttl: 3600, rdata: '\\# 2 abcd' },
    ]);
    const text = ok(dataDir, ['record', 'list', 'example.test', '@']).stdout;
    assert.match(text, /^example\.test\. 3600 IN SOA /);
    assert.match(text, /^example\.test\. 3600 IN MX 10 mail\.example\.test\.$/m);

    // Adding a record that is already there changes nothing and keeps the serial.
    const again = ok(dataDir, ['record', 'add', 'example.test', 'www', 'A', '192.0.2.1', '--ttl', '300']);
    assert.match(again.stderr, /nothing changed/);
    assert.equal(json<{ serial: number }[]>(dataDir, ['zone', 'list'])[0]?.serial, serial0 + adds.length);

    const del = ok(dataDir, ['record', 'delete', 'example.test', 'www', 'A', '192.0.2.1']);
    assert.match(del.stdout, /deleted www\.example\.test\. 300 IN A 192\.0\.2\.1/);
    assert.deepEqual(
      json<{ rdata: string }[]>(dataDir, ['record', 'list', 'example.test', 'www']).map((r) => r.rdata),
      ['192.0.2.2'],
    );
    ok(dataDir, ['record', 'delete', 'example.test', '_sip._tcp']);
    assert.deepEqual(json(dataDir, ['record', 'list', 'example.test', '_sip._tcp']), []);
    assert.equal(json<{ serial: number }[]>(dataDir, ['zone', 'list'])[0]?.serial, serial0 + adds.length + 2);
  } finally {
    cleanup();
  }
});

test('zone export then import gives the same zone', () => {
  const { dir, dataDir, cleanup } = makeDataDir();
  try {
    const file = join(dir, 'example.test.zone');
    writeFileSync(file, FIXTURE);
    const imported = ok(dataDir, ['zone', 'import', file]);
    assert.match(imported.stdout, /imported zone example\.test\. \(15 records\)/);
    const exported = ok(dataDir, ['zone', 'export', 'example.test']).stdout;
    assert.deepEqual(canonicalRecords(exported), canonicalRecords(FIXTURE));

    // Round trip through a second data directory, with an explicit origin and a relative file.
    const file2 = join(dir, 'exported.zone');
    writeFileSync(file2, exported.replace(/^\$ORIGIN .*\n/, ''));
    const other = join(dir, 'other');
    ok(other, ['zone', 'import', file2, '--origin', 'example.test']);
    assert.equal(ok(other, ['zone', 'export', 'example.test.']).stdout, exported);

    ok(dataDir, ['zone', 'delete', 'Example.Test']);
    assert.deepEqual(json(dataDir, ['zone', 'list']), []);
  } finally {
    cleanup();
  }
});

test('zone import reports syntax errors with their line and semantic problems, and creates nothing', () => {
  const { dir, dataDir, cleanup } = makeDataDir();
  try {
    const cases: Array<[string, string, RegExp]> = [
      [
        'syntax',
        '$ORIGIN example.test.\n@ 3600 SOA ns1 h 1 1 1 1 1\n@ 3600 NS ns1\nwww 300 A 999.1.1.1\n',
        /bad\.zone:4: /,
      ],
      [
        'cname beside data',
        '$ORIGIN example.test.\n@ 3600 SOA ns1 h (\n  1 1 1 1 1 )\n@ 3600 NS ns1\nwww 300 A 192.0.2.1\n; comment\nwww 300 CNAME x\n',
        /bad\.zone:7: .*CNAME/,
      ],
      ['no NS', '$ORIGIN example.test.\n@ 3600 SOA ns1 h 1 1 1 1 1\n', /NS/],
      [
        'out of zone',
        '$ORIGIN example.test.\n@ 3600 SOA ns1 h 1 1 1 1 1\n@ 3600 NS ns1\n\nstray.other. 300 A 192.0.2.1\n',
        /bad\.zone:5: .*outside/,
      ],
    ];
    for (const [what, text, pattern] of cases) {
      const file = join(dir, 'bad.zone');
      writeFileSync(file, text);
      const r = cli(dataDir, ['zone', 'import', file]);
      assert.equal(r.code, ExitCode.USAGE, what);
      assert.equal(
        r.stderr.split('\n').filter((l) => l.startsWith('dynzone: error: ')).length,
        1,
        `${what}: ${r.stderr}`,
      );
      assert.match(r.stderr, pattern, what);
      assert.deepEqual(json(dataDir, ['zone', 'list']), [], what);
    }
  } finally {
    cleanup();
  }
});

test('invalid input exits non-zero with one clear stderr line and changes nothing', async () => {
  const { dir, dataDir, cleanup } = makeDataDir();
  try {
    ok(dataDir, ['zone', 'add', 'example.test', '--ns', 'ns.example.net']);
    ok(dataDir, ['record', 'add', 'example.test', 'alias', 'CNAME', 'www']);
    ok(dataDir, ['record', 'add', 'example.test', 'www2', 'TXT', 'hello']);
    ok(dataDir, ['record', 'add', 'example.test', 'www2', 'CAA', '0 issue "ca.example"']);
    ok(dataDir, ['record', 'add', 'example.test', 'deleg', 'NS', 'ns.elsewhere.test.']);
    ok(dataDir, ['user', 'add', 'taken@example.test']);
    writeFileSync(
      join(dir, 'dup.zone'),
      '$ORIGIN example.test.\n@ 3600 SOA ns1 h 1 1 1 1 1\n@ 3600 NS ns1\n',
    );
    writeFileSync(
      join(dir, 'localhost.zone'),
      '$ORIGIN my.localhost.\n@ 3600 SOA ns1 h 1 1 1 1 1\n@ 3600 NS ns1\n',
    );
    const before = state(dataDir);
    const cases: Array<[string[], number, RegExp, string?]> = [
      [['zone', 'add', 'example.test'], ExitCode.CONFLICT, /already exists/],
      [['zone', 'add', 'bad_label.test'], ExitCode.USAGE, /bad_label/],
      [['zone', 'add', 'a..test'], ExitCode.USAGE, /not a valid domain name/],
      [['zone', 'add', '.'], ExitCode.USAGE, /root/],
      [['zone', 'add', 'localhost'], ExitCode.USAGE, /special-use name that cannot be hosted/],
      [['zone', 'add', 'x.invalid'], ExitCode.USAGE, /under "invalid"/],
      [['zone', 'add', '1.2.3.4'], ExitCode.USAGE, /all-numeric/],
      [['zone', 'add', 'com'], ExitCode.USAGE, /top-level domain/],
      [['zone', 'import', join(dir, 'localhost.zone')], ExitCode.USAGE, /under "localhost"/],
      [['zone', 'add', 'new.test', '--ns', 'not a host'], ExitCode.USAGE, /name server/],
      [['zone', 'add', 'new.test', '--owner', 'ghost@example.test'], ExitCode.NOT_FOUND, /no account/],
      [['zone', 'import', join(dir, 'missing.zone')], ExitCode.NOT_FOUND, /cannot read/],
      [['zone', 'import', join(dir, 'dup.zone')], ExitCode.CONFLICT, /already exists/],
      [['zone', 'export', 'nope.test'], ExitCode.NOT_FOUND, /does not exist/],
      [['zone', 'delete', 'nope.test'], ExitCode.NOT_FOUND, /does not exist/],
      [['zone', 'frobnicate'], ExitCode.USAGE, /unknown command/],
      [['zone', 'add'], ExitCode.USAGE, /missing required argument/],
      [['zone', 'list', '--bogus'], ExitCode.USAGE, /unknown option/],
      [['record', 'add', 'nope.test', 'www', 'A', '192.0.2.1'], ExitCode.NOT_FOUND, /does not exist/],
      [['record', 'add', 'example.test', 'www', 'BOGUS', '1'], ExitCode.USAGE, /unsupported record type/],
      // RFC 3597 types are fine; meta types and types with a meaning not implemented are not.
      [['record', 'add', 'example.test', 'www', 'TYPE65000', 'abcd'], ExitCode.USAGE, /RFC 3597 form/],
      [['record', 'add', 'example.test', 'www', 'TYPE65000', '\\# 3 abcd'], ExitCode.USAGE, /length is 3/],
      [['record', 'add', 'example.test', 'www', 'OPT', '\\# 0'], ExitCode.USAGE, /meta type/],
      [
        ['record', 'add', 'example.test', 'www', 'TYPE250', '\\# 0'],
        ExitCode.USAGE,
        /\(TSIG\) is a meta type/,
      ],
      [['record', 'add', 'example.test', 'www', 'AXFR', '\\# 0'], ExitCode.USAGE, /meta type/],
      [['record', 'add', 'example.test', 'www', 'IXFR', '\\# 0'], ExitCode.USAGE, /meta type/],
      [['record', 'add', 'example.test', 'www', 'ANY', '\\# 0'], ExitCode.USAGE, /meta type/],
      [['record', 'add', 'example.test', 'www', 'TYPE65280', '\\# 0'], ExitCode.USAGE, /offline-host marker/],
      [
        ['record', 'add', 'example.test', 'www', 'TYPE43', '\\# 4 3039 0d02'],
        ExitCode.USAGE,
        /\(DS\) is DNSSEC/,
      ],
      [['record', 'add', 'example.test', 'www', 'TYPE39', '\\# 0'], ExitCode.USAGE, /\(DNAME\)/],
      [['record', 'add', 'example.test', 'www', 'SOA', 'a. b. 1 1 1 1 1'], ExitCode.USAGE, /SOA/],
      [['record', 'add', 'example.test', 'www', 'A', '192.0.2.300'], ExitCode.USAGE, /bad A value/],
      [['record', 'add', 'example.test', 'www', 'AAAA', '192.0.2.1'], ExitCode.USAGE, /bad AAAA value/],
      [['record', 'add', 'example.test', 'www', 'MX', 'mail'], ExitCode.USAGE, /bad MX value/],
      [
        ['record', 'add', 'example.test', 'www', 'A', '192.0.2.1', '--ttl', '2147483648'],
        ExitCode.USAGE,
        /TTL/,
      ],
      [
        ['record', 'add', 'example.test', 'www', 'A', '192.0.2.1', '--ttl', '-5'],
        ExitCode.USAGE,
        /TTL|option/,
      ],
      [['record', 'add', 'example.test', 'www', 'A', '192.0.2.1', '--ttl', '1h'], ExitCode.USAGE, /TTL/],
      [
        ['record', 'add', 'example.test', 'www.elsewhere.', 'A', '192.0.2.1'],
        ExitCode.USAGE,
        /outside the zone/,
      ],
      [['record', 'add', 'example.test', 'bad label', 'A', '192.0.2.1'], ExitCode.USAGE, /owner/],
      [['record', 'add', 'example.test', 'alias', 'A', '192.0.2.1'], ExitCode.USAGE, /CNAME/],
      [['record', 'add', 'example.test', 'www', 'A'], ExitCode.USAGE, /missing required argument/],
      // RFC 1034 §4.2.1: a delegation hides everything at its name but NS/DS, and below it but glue.
      [
        ['record', 'add', 'example.test', 'www2', 'NS', 'ns.elsewhere.test.'],
        ExitCode.USAGE,
        /www2\.example\.test\. has TXT, CAA: an NS there would delegate the name and hide them/,
      ],
      [['record', 'add', 'example.test', 'deleg', 'TXT', 'x'], ExitCode.USAGE, /is delegated/],
      [
        ['record', 'add', 'example.test', 'www.deleg', 'A', '192.0.2.5'],
        ExitCode.USAGE,
        /below the delegation at deleg\.example\.test\./,
      ],
      [['record', 'delete', 'example.test', '@', 'SOA'], ExitCode.USAGE, /SOA/],
      [['record', 'delete', 'example.test', '@', 'NS'], ExitCode.USAGE, /NS/],
      [['record', 'delete', 'example.test', 'nothing-here'], ExitCode.NOT_FOUND, /no record matches/],
      [
        ['record', 'delete', 'example.test', 'alias', 'CNAME', 'other'],
        ExitCode.NOT_FOUND,
        /no record matches/,
      ],
      [['record', 'list', 'example.test', 'www', 'NOPE'], ExitCode.USAGE, /unknown record type/],
      [['user', 'add', 'not-an-email'], ExitCode.USAGE, /email/],
      [['user', 'add', 'taken@EXAMPLE.test'], ExitCode.CONFLICT, /already exists/],
      [['user', 'add', 'short@example.test', '--password-stdin'], ExitCode.USAGE, /at least/, 'abc\n'],
    ];
    // Refused commands do not write, so they can run side by side (the store serialises any writer anyway).
    const runs = await inBatches(cases, 6, ([args, , , input]) => cliAsync(dataDir, args, input));
    for (const [i, [args, code, pattern]] of cases.entries()) {
      const r = runs[i]!;
      const what = `dynzone ${args.join(' ')}`;
      assert.equal(r.code, code, `${what}: exit ${r.code}, stderr ${r.stderr}`);
      const lines = r.stderr.split('\n').filter((l) => l.length > 0);
      assert.equal(lines.length, 1, `${what}: stderr should be one line: ${r.stderr}`);
      assert.match(lines[0]!, /^dynzone: error: \S/, what);
      assert.match(lines[0]!, pattern, what);
      assert.equal(r.stdout, '', `${what}: stdout ${r.stdout}`);
    }
    assert.equal(state(dataDir), before);
    const store = openStore({ kind: 'sqlite', path: join(dataDir, 'dynzone.db') });
    try {
      assert.equal(await store.getAccountByEmail('short@example.test'), undefined);
      assert.equal(await store.getZone(DnsName.parse('new.test.')), undefined);
    } finally {
      await store.close();
    }
  } finally {
    cleanup();
  }
});
