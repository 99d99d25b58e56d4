// The service units in deploy/systemd/ pass `systemd-analyze verify` (Debian package `systemd`, installed
// by scripts/install-system-deps.sh) without a single warning, and the server unit keeps its hardening.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, dynzoneEntry } from '../helpers/clients-dynzone.js';
import { runProgram } from '../helpers/clients-process.js';

const UNIT_DIR = join(REPO_ROOT, 'deploy', 'systemd');

/**
 * installedHere points the units' programs at this checkout (verify checks that ExecStart exists): the
 * installed paths of docs/production.md and the README (/opt/dynzone, /usr/local/bin/dynzone).
 */
function installedHere(text: string): string {
  return text
    .replaceAll('/usr/local/bin/dynzone', `${process.execPath} ${dynzoneEntry()}`)
    .replaceAll('/usr/bin/node /opt/dynzone/dist/src/cli/main.js', `${process.execPath} ${dynzoneEntry()}`);
}

test('every deploy/systemd/*.service passes systemd-analyze verify with no warning', async (t) => {
  const units = readdirSync(UNIT_DIR).filter((f) => f.endsWith('.service'));
  assert.ok(units.includes('dynzone.service'), `units found: ${units.join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'dz-units-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const unit of units) {
    const copy = join(dir, unit);
    writeFileSync(copy, installedHere(readFileSync(join(UNIT_DIR, unit), 'utf8')));
    const r = await runProgram('systemd-analyze', ['verify', copy], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, `${unit}: ${r.stderr}${r.stdout}`);
    assert.equal(r.stderr.trim(), '', `${unit} has warnings: ${r.stderr}`);
  }
});

test('the server unit runs unprivileged, hardened, with only CAP_NET_BIND_SERVICE', () => {
  const text = readFileSync(join(UNIT_DIR, 'dynzone.service'), 'utf8');
  const directives = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) directives.set(m[1]!, [...(directives.get(m[1]!) ?? []), m[2]!]);
  }
  const one = (k: string): string | undefined => directives.get(k)?.at(-1);
  assert.equal(one('User'), 'dynzone');
  assert.equal(one('NoNewPrivileges'), 'yes');
  assert.equal(one('ProtectSystem'), 'strict');
  assert.equal(one('AmbientCapabilities'), 'CAP_NET_BIND_SERVICE');
  assert.equal(one('CapabilityBoundingSet'), 'CAP_NET_BIND_SERVICE');
  assert.equal(one('StateDirectory'), 'dynzone');
  assert.equal(one('ProtectHome'), 'yes');
  assert.equal(one('PrivateTmp'), 'yes');
  assert.match(one('ExecStart') ?? '', / serve --config \/etc\/dynzone\/dynzone\.yaml$/);
  assert.equal(one('ExecReload'), '/bin/kill -HUP $MAINPID');
  assert.notEqual(one('MemoryDenyWriteExecute'), 'yes', "V8's JIT needs W+X pages");
});
