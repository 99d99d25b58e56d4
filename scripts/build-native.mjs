// Builds the optional batched-UDP addon (native/, Node-API) with node-gyp; run by `npm install` (the
// package's `install` script) and by `npm run build:native`. It never fails the install: when the addon
// cannot be built (not Linux, no compiler, no local Node headers) it says why and the name server uses
// node:dgram. It never downloads anything: node-gyp is pointed at the headers of the running Node
// (`--nodedir`), and the build is skipped when they are not installed.
//   env: DYNZONE_NATIVE=0 skips the build
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const native = join(root, 'native');
const addon = join(native, 'build', 'Release', 'dynzone_udp.node');
const log = join(native, 'build.log');

function done(message) {
  console.log(`dynzone: ${message}`);
  process.exit(0);
}

function skip(reason) {
  rmSync(addon, { force: true });
  done(`batched UDP addon not built (${reason}); the name server will use node:dgram`);
}

if (process.env.DYNZONE_NATIVE === '0') skip('DYNZONE_NATIVE=0');
if (process.platform !== 'linux') skip(`recvmmsg/sendmmsg need Linux, this is ${process.platform}`);

/** hasHeaders tells whether `dir` is a Node install prefix with the Node-API headers. */
const hasHeaders = (dir) => typeof dir === 'string' && existsSync(join(dir, 'include', 'node', 'node_api.h'));
const nodedir = [process.env.npm_config_nodedir, resolve(dirname(process.execPath), '..')].find(hasHeaders);
if (nodedir === undefined) skip(`no Node headers next to ${process.execPath}; not downloading them`);

// npm gives lifecycle scripts its bundled node-gyp; outside npm, look for the one npm ships with.
const gyp = [
  process.env.npm_config_node_gyp,
  join(
    dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  ),
].find((p) => typeof p === 'string' && existsSync(p));
if (gyp === undefined) skip('node-gyp not found (it comes with npm)');

const run = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`, '--directory', native], {
  cwd: native,
  encoding: 'utf8',
  timeout: 300_000,
  env: { ...process.env, npm_config_nodedir: nodedir },
});
writeFileSync(log, `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`);
if (run.status !== 0 || !existsSync(addon)) {
  const tail = `${run.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
  if (tail) console.log(tail);
  skip(`node-gyp failed, see native/build.log`);
}
// Load it once in a fresh process: a library that builds but cannot load is no better than none.
const check = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addon)})`], { encoding: 'utf8' });
if (check.status !== 0) {
  console.log(`${check.stderr}`.trim().split('\n').slice(0, 3).join('\n'));
  skip('the built addon does not load');
}
done(`built the batched UDP addon (${addon.slice(root.length + 1)})`);
