// End-to-end tests of `dynzone host ...` (SPEC §6): generated credentials printed once and viewable later,
// listing and showing, deletion, and one clear stderr line with the documented exit code on every refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { ExitCode } from './exit-codes.js';
import { openStoreWithHosts } from '../store/hosts-store.js';
import { createUpdateService } from '../ddns/update-service.js';
import { loadOrCreateServerSecrets } from '../ddns/credentials.js';
import { formatAnswerBody, parseAddressParams, parseHostnameList } from '../ddns/dyndns2.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

function cli(
  dataDir: string,
  args: readonly string[],
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(dataDir: string, args: readonly string[]): string {
  const r = cli(dataDir, args);
  assert.equal(r.code, 0, `dynzone ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

interface Creds {
  hostname: string;
  username: string;
  password: string;
}

test('host unblock --help says it lets updates in again, not that the host starts serving (SPEC §2.3)', () => {
  const r = spawnSync(process.execPath, [MAIN, 'host', 'unblock', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const description = r.stdout.split('\n\n')[1]?.replace(/\s+/g, ' ');
  assert.equal(
    description,
    'lift an abuse block so the host accepts updates again (while blocked it still serves its last address)',
  );
});

test('host add prints generated credentials; list, show, credentials and delete work on them', () => {
  const root = mkdtempSync(join(tmpdir(), 'dynzone-host-'));
  const dataDir = join(root, 'data');
  try {
    ok(dataDir, ['zone', 'add', 'dyn.test', '--ns', 'ns.example.net']);
    ok(dataDir, ['user', 'add', 'owner@example.test']);
    const creds = JSON.parse(
      ok(dataDir, [
        'host',
        'add',
        'Home.Dyn.Test',
        '--owner',
        'owner@example.test',
        '--ttl',
        '120',
        '--json',
      ]),
    ) as Creds;
    assert.equal(creds.hostname, 'home.dyn.test');
    assert.match(creds.password, /^[A-Za-z0-9]{16,}$/);
    assert.ok(creds.username.length > 0);
    // The key sealing host passwords sits beside the database, readable only by its owner.
    assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600);

    const text = ok(dataDir, ['host', 'add', 'office.dyn.test', '--mode', 'single']);
    assert.match(text, /^hostname: office\.dyn\.test$/m);
    assert.match(text, /^password: [A-Za-z0-9]{16,}$/m);

    const list = JSON.parse(ok(dataDir, ['host', 'list', '--json'])) as Array<{
      hostname: string;
      ttl: number;
      mode: string;
    }>;
    assert.deepEqual(
      list.map((h) => [h.hostname, h.ttl, h.mode]),
      [
        ['home.dyn.test', 120, 'dual'],
        ['office.dyn.test', 60, 'single'],
      ],
    );
    assert.equal(
      (JSON.parse(ok(dataDir, ['host', 'list', 'home.dyn.test', '--json'])) as unknown[]).length,
      1,
    );
    const shown = JSON.parse(ok(dataDir, ['host', 'show', 'home.dyn.test', '--json'])) as {
      state: string;
      username: string;
      history: unknown[];
    };
    assert.equal(shown.state, 'online');
    assert.equal(shown.username, creds.username);
    assert.ok(Array.isArray(shown.history));

    assert.deepEqual(JSON.parse(ok(dataDir, ['host', 'credentials', 'home.dyn.test', '--json'])), creds);
    const fresh = JSON.parse(
      ok(dataDir, ['host', 'credentials', 'home.dyn.test', '--regenerate', '--json']),
    ) as Creds;
    assert.notEqual(fresh.password, creds.password);
    assert.deepEqual(JSON.parse(ok(dataDir, ['host', 'credentials', 'home.dyn.test', '--json'])), fresh);

    ok(dataDir, ['host', 'delete', 'home.dyn.test']);
    assert.equal(cli(dataDir, ['host', 'show', 'home.dyn.test']).code, ExitCode.NOT_FOUND);
    assert.deepEqual(
      (JSON.parse(ok(dataDir, ['host', 'list', '--json'])) as Creds[]).map((h) => h.hostname),
      ['office.dyn.test'],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('host commands refuse bad input with one stderr line, the documented exit code, and no change', () => {
  const root = mkdtempSync(join(tmpdir(), 'dynzone-host-'));
  const dataDir = join(root, 'data');
  try {
    ok(dataDir, ['zone', 'add', 'dyn.test', '--ns', 'ns.example.net']);
    ok(dataDir, ['record', 'add', 'dyn.test', 'alias', 'CNAME', 'elsewhere.example.']);
    ok(dataDir, ['host', 'add', 'taken.dyn.test']);
    const before = ok(dataDir, ['host', 'list', '--json']) + ok(dataDir, ['zone', 'export', 'dyn.test']);
    const cases: Array<[string[], number]> = [
      [['host', 'add', 'taken.dyn.test'], ExitCode.CONFLICT],
      [['host', 'add', 'alias.dyn.test'], ExitCode.CONFLICT],
      [['host', 'add', 'x.nowhere.test'], ExitCode.NOT_FOUND],
      [['host', 'add', 'bad_label.dyn.test'], ExitCode.USAGE],
      [['host', 'add', 'new.dyn.test', '--ttl', '5'], ExitCode.USAGE],
      [['host', 'add', 'new.dyn.test', '--ttl', 'soon'], ExitCode.USAGE],
      [['host', 'add', 'new.dyn.test', '--mode', 'triple'], ExitCode.USAGE],
      [['host', 'add', 'new.dyn.test', '--owner', 'ghost@example.test'], ExitCode.NOT_FOUND],
      [['host', 'show', 'missing.dyn.test'], ExitCode.NOT_FOUND],
      [['host', 'delete', 'missing.dyn.test'], ExitCode.NOT_FOUND],
      [['host', 'unblock', 'missing.dyn.test'], ExitCode.NOT_FOUND],
      [['host', 'credentials', 'missing.dyn.test'], ExitCode.NOT_FOUND],
    ];
    for (const [args, code] of cases) {
      const r = cli(dataDir, args);
      const what = `dynzone ${args.join(' ')}`;
      assert.equal(r.code, code, `${what}: ${r.stderr}`);
      const lines = r.stderr.split('\n').filter((l) => l.length > 0);
      assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
      assert.match(lines[0]!, /^dynzone: error: \S/, what);
      assert.equal(r.stdout, '', what);
    }
    assert.equal(
      ok(dataDir, ['host', 'list', '--json']) + ok(dataDir, ['zone', 'export', 'dyn.test']),
      before,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('host add --same-login-as gives a second name the first one’s login; a missing host is refused', () => {
  const root = mkdtempSync(join(tmpdir(), 'dynzone-host-'));
  const dataDir = join(root, 'data');
  try {
    ok(dataDir, ['zone', 'add', 'dyn.test', '--ns', 'ns.example.net']);
    const first = JSON.parse(ok(dataDir, ['host', 'add', 'a.dyn.test', '--json'])) as Creds;
    const second = JSON.parse(
      ok(dataDir, ['host', 'add', 'b.dyn.test', '--same-login-as', 'a.dyn.test', '--json']),
    ) as Creds;
    assert.equal(second.hostname, 'b.dyn.test');
    assert.equal(second.username, first.username);
    assert.equal(second.password, first.password);
    const refused = cli(dataDir, ['host', 'add', 'c.dyn.test', '--same-login-as', 'nope.dyn.test']);
    assert.equal(refused.code, ExitCode.NOT_FOUND);
    assert.match(refused.stderr, /^dynzone: error: .*nope\.dyn\.test/);
    assert.equal(cli(dataDir, ['host', 'show', 'c.dyn.test']).code, ExitCode.NOT_FOUND);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('zone delete takes the zone’s dynamic hosts and their logins with it', () => {
  const root = mkdtempSync(join(tmpdir(), 'dynzone-host-'));
  const dataDir = join(root, 'data');
  try {
    ok(dataDir, ['zone', 'add', 'gone.test', '--ns', 'ns.example.net']);
    ok(dataDir, ['zone', 'add', 'kept.test', '--ns', 'ns.example.net']);
    const doomed = JSON.parse(ok(dataDir, ['host', 'add', 'a.gone.test', '--json'])) as Creds;
    ok(dataDir, ['host', 'add', 'b.kept.test', '--json']);
    ok(dataDir, ['zone', 'delete', 'gone.test']);
    const left = JSON.parse(ok(dataDir, ['host', 'list', '--json'])) as Array<{
      hostname: string;
      username: string;
    }>;
    assert.deepEqual(
      left.map((h) => h.hostname),
      ['b.kept.test'],
    );
    // The login is gone too, not left behind in the database.
    const db = new BetterSqlite3(join(dataDir, 'dynzone.db'), { readonly: true });
    const logins = db
      .prepare('select count(*) as n from host_credentials where username = ?')
      .get(doomed.username) as { n: number };
    db.close();
    assert.equal(logins.n, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/**
 * update sends one dyndns2 update for a host through the update service on the data directory (what the
 * server does for /nic/update) and gives the answer line.
 */
async function update(dataDir: string, creds: Creds, params: { myip?: string; offline?: boolean }) {
  const { store, hosts } = openStoreWithHosts({ kind: 'sqlite', path: join(dataDir, 'dynzone.db') });
  try {
    const service = createUpdateService({ store, hosts, secrets: loadOrCreateServerSecrets(dataDir) });
    const r = await service.update({
      credentials: { username: creds.username, password: creds.password },
      hostnames: parseHostnameList(creds.hostname),
      addresses: parseAddressParams({ myip: params.myip }, '127.0.0.1'),
      offline: params.offline ?? false,
      sourceIp: '127.0.0.1',
      userAgent: 'cli-host.test',
    });
    assert.equal(r.kind, 'answers');
    return r.kind === 'answers' ? formatAnswerBody(r.answers).trim() : 'badauth';
  } finally {
    await store.close();
  }
}

function addHost(dataDir: string, fqdn: string): Creds {
  return JSON.parse(ok(dataDir, ['host', 'add', fqdn, '--json'])) as Creds;
}

test('an offline host’s private marker stays inside: not exported, not listed, dropped from an import', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dynzone-host-'));
  const dataDir = join(root, 'data');
  const other = join(root, 'other');
  try {
    ok(dataDir, ['zone', 'add', 'home.test', '--ns', 'ns.example.net']);
    const m1 = addHost(dataDir, 'm1.home.test');
    ok(dataDir, ['record', 'add', 'home.test', 'm1', 'TXT', 'my router']);
    assert.equal(await update(dataDir, m1, { myip: '192.0.2.110' }), 'good 192.0.2.110');
    assert.equal(await update(dataDir, m1, { myip: '192.0.2.110', offline: true }), 'good 192.0.2.110');
    const exported = ok(dataDir, ['zone', 'export', 'home.test']);
    assert.match(exported, /^m1 3600 IN TXT "my router"$/m);
    assert.doesNotMatch(exported, /TYPE65280/);
    assert.doesNotMatch(ok(dataDir, ['record', 'list', 'home.test']), /TYPE65280/);
    assert.equal(ok(dataDir, ['record', 'list', 'home.test', 'm1', 'TYPE65280']), '');

    // An export made before the marker was hidden carries it; importing that leaves it out, with a note.
    const file = join(root, 'old-export.zone');
    writeFileSync(file, exported + 'm1 60 IN TYPE65280 \\# 0\n');
    const imported = cli(other, ['zone', 'import', file]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /old-export\.zone:\d+: m1\.home\.test\. TYPE65280 is .*marker.*left out/);
    assert.doesNotMatch(ok(other, ['zone', 'export', 'home.test']), /TYPE65280/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('zone export is the zone’s records only: an online host as plain A, an offline host not at all, no host data', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dynzone-host-'));
  const dataDir = join(root, 'data');
  const other = join(root, 'other');
  try {
    ok(dataDir, ['zone', 'add', 'home.test', '--ns', 'ns.example.net']);
    const on = addHost(dataDir, 'on.home.test');
    const off = addHost(dataDir, 'off.home.test');
    assert.equal(await update(dataDir, on, { myip: '192.0.2.120' }), 'good 192.0.2.120');
    assert.equal(await update(dataDir, off, { myip: '192.0.2.121' }), 'good 192.0.2.121');
    assert.equal(await update(dataDir, off, { myip: '192.0.2.121', offline: true }), 'good 192.0.2.121');
    const exported = ok(dataDir, ['zone', 'export', 'home.test']);
    assert.match(exported, /^on 60 IN A 192\.0\.2\.120$/m);
    assert.doesNotMatch(exported, /^off |192\.0\.2\.121/m);
    for (const secret of [on.username, on.password, off.username, off.password])
      assert.ok(!exported.includes(secret));

    // Imported elsewhere, the online host is a static record there, and no dynamic host exists.
    const file = join(root, 'home.test.zone');
    writeFileSync(file, exported);
    ok(other, ['zone', 'import', file]);
    assert.equal(ok(other, ['host', 'list', '--json']).trim(), '[]');
    assert.match(ok(other, ['record', 'list', 'home.test', 'on']), /192\.0\.2\.120/);
    const refused = cli(other, ['host', 'add', 'on.home.test']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /on\.home\.test has static A records \(192\.0\.2\.120\); delete them first/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('record commands leave a dynamic host’s addresses to the host commands; other data at its name is fine', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dynzone-host-'));
  const dataDir = join(root, 'data');
  try {
    ok(dataDir, ['zone', 'add', 'home.test', '--ns', 'ns.example.net']);
    const h2 = addHost(dataDir, 'h2.home.test');
    const m5 = addHost(dataDir, 'm5.home.test');
    addHost(dataDir, 'nas.lan.home.test');
    assert.equal(await update(dataDir, m5, { myip: '192.0.2.120' }), 'good 192.0.2.120');
    // Other types at a host's name are the owner's (checked as usual).
    ok(dataDir, ['record', 'add', 'home.test', 'm5', 'TXT', 'my router']);
    ok(dataDir, ['record', 'add', 'home.test', 'm5', 'MX', '10 mail.example.net.']);
    const before = ok(dataDir, ['zone', 'export', 'home.test']) + ok(dataDir, ['host', 'list', '--json']);
    assert.match(before, /^m5 60 IN A 192\.0\.2\.120$/m);

    const refused: string[][] = [
      ['record', 'add', 'home.test', 'h2', 'A', '192.0.2.1'],
      ['record', 'add', 'home.test', 'm5', 'A', '192.0.2.1'],
      ['record', 'add', 'home.test', 'm5', 'AAAA', '2001:db8::5', '--ttl', '300'],
      ['record', 'add', 'home.test', 'h2', 'CNAME', 'elsewhere.example.'],
      ['record', 'add', 'home.test', 'h2', 'NS', 'ns.elsewhere.test.'],
      ['record', 'add', 'home.test', 'lan', 'NS', 'ns.elsewhere.test.'],
      ['record', 'delete', 'home.test', 'm5', 'A'],
      ['record', 'delete', 'home.test', 'm5', 'A', '192.0.2.120'],
      ['record', 'delete', 'home.test', 'm5'],
    ];
    for (const args of refused) {
      const r = cli(dataDir, args);
      const what = `dynzone ${args.join(' ')}`;
      assert.equal(r.code, ExitCode.CONFLICT, `${what}: ${r.stderr}`);
      const lines = r.stderr.split('\n').filter((l) => l.length > 0);
      assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
      assert.match(lines[0]!, /^dynzone: error: \S+ is a dynamic DNS record: .*"dynzone host \.\.\."/, what);
      assert.equal(r.stdout, '', what);
    }
    const all = cli(dataDir, ['record', 'delete', 'home.test', 'm5']);
    assert.match(all.stderr, /name a type, e\.g\. TXT, to delete only the other records/);
    assert.equal(
      ok(dataDir, ['zone', 'export', 'home.test']) + ok(dataDir, ['host', 'list', '--json']),
      before,
    );
    assert.equal(
      (JSON.parse(ok(dataDir, ['host', 'show', 'm5.home.test', '--json'])) as { ipv4: string }).ipv4,
      '192.0.2.120',
    );

    // The hosts still update (no static record got in the way), and the other records go as usual.
    assert.equal(await update(dataDir, h2, { myip: '192.0.2.2' }), 'good 192.0.2.2');
    assert.equal(await update(dataDir, m5, { myip: '192.0.2.121' }), 'good 192.0.2.121');
    ok(dataDir, ['record', 'delete', 'home.test', 'm5', 'TXT']);
    assert.match(
      ok(dataDir, ['record', 'list', 'home.test', 'm5']),
      /^m5\.home\.test\. 60 IN A 192\.0\.2\.121$/m,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('host add refuses a name with static A/AAAA records (SPEC §2.2), and an existing host is "already exists"', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dynzone-host-'));
  const dataDir = join(root, 'data');
  try {
    ok(dataDir, ['zone', 'add', 'home.test', '--ns', 'ns.example.net']);
    ok(dataDir, ['record', 'add', 'home.test', 'c', 'A', '192.0.2.9']);
    ok(dataDir, ['record', 'add', 'home.test', 'v6', 'AAAA', '2001:db8::9']);
    ok(dataDir, ['record', 'add', 'home.test', 'both', 'A', '192.0.2.10']);
    ok(dataDir, ['record', 'add', 'home.test', 'both', 'AAAA', '2001:db8::10']);
    const h = addHost(dataDir, 'h.home.test');
    assert.equal(await update(dataDir, h, { myip: '192.0.2.7,2001:db8::7' }), 'good 192.0.2.7,2001:db8::7');
    const before = ok(dataDir, ['zone', 'export', 'home.test']) + ok(dataDir, ['host', 'list', '--json']);
    const cases: Array<[string[], RegExp]> = [
      [
        ['host', 'add', 'c.home.test'],
        /c\.home\.test has static A records \(192\.0\.2\.9\); delete them first/,
      ],
      [['host', 'add', 'v6.home.test'], /v6\.home\.test has static AAAA records \(2001:db8::9\)/],
      [['host', 'add', 'both.home.test'], /both\.home\.test has static A and AAAA records/],
      [['host', 'add', 'h.home.test'], /a dynamic host h\.home\.test already exists/],
      [['host', 'add', 'H.home.test.', '--mode', 'single'], /a dynamic host h\.home\.test already exists/],
    ];
    for (const [args, pattern] of cases) {
      const r = cli(dataDir, args);
      const what = `dynzone ${args.join(' ')}`;
      assert.equal(r.code, ExitCode.CONFLICT, `${what}: ${r.stderr}`);
      const lines = r.stderr.split('\n').filter((l) => l.length > 0);
      assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
      assert.match(lines[0]!, pattern, what);
      assert.equal(r.stdout, '', what);
    }
    assert.equal(
      ok(dataDir, ['zone', 'export', 'home.test']) + ok(dataDir, ['host', 'list', '--json']),
      before,
    );

    // Once the static record is gone, the name can become a host; deleting the host takes only its own.
    ok(dataDir, ['record', 'delete', 'home.test', 'c', 'A']);
    const c = addHost(dataDir, 'c.home.test');
    assert.equal(await update(dataDir, c, { myip: '192.0.2.11' }), 'good 192.0.2.11');
    ok(dataDir, ['host', 'delete', 'c.home.test']);
    assert.doesNotMatch(ok(dataDir, ['zone', 'export', 'home.test']), /^c /m);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
