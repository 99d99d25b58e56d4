// Regenerates the golden .hex packets from real traffic: starts knotd on a loopback port with the zone
// in knot/, puts a recording UDP+TCP relay in front of it, and runs kdig/dig queries through the relay.
// Each exchange becomes NAME-query.hex and NAME-response.hex (one packet per line for multi-message AXFR).
// Developer tool, not run in CI: `node test/golden/wire/capture.mjs`, then `UPDATE_GOLDEN=1 npm test`.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createSocket } from 'node:dgram';
import { createServer, connect } from 'node:net';
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const KNOT_PORT = 53991;
const RELAY_PORT = 53992;

const run = mkdtempSync(join(tmpdir(), 'dynzone-golden-'));
copyFileSync(join(here, 'knot', 'dyn.example.test.zone'), join(run, 'dyn.example.test.zone'));
writeFileSync(
  join(run, 'knot.conf'),
  readFileSync(join(here, 'knot', 'knot.conf.in'), 'utf8')
    .replaceAll('@RUN@', run)
    .replaceAll('@PORT@', String(KNOT_PORT)),
);
const knot = spawn('knotd', ['-c', join(run, 'knot.conf')], { stdio: ['ignore', 'inherit', 'inherit'] });
await new Promise((r) => setTimeout(r, 1500));

let current = { queries: [], responses: [] };

const udp = createSocket('udp4');
udp.on('message', (msg, rinfo) => {
  current.queries.push(msg.toString('hex'));
  const up = createSocket('udp4');
  up.on('message', (resp) => {
    current.responses.push(resp.toString('hex'));
    udp.send(resp, rinfo.port, rinfo.address);
    up.close();
  });
  up.send(msg, KNOT_PORT, '127.0.0.1');
});
await new Promise((r) => udp.bind(RELAY_PORT, '127.0.0.1', r));

function frames(sink) {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const n = pending.readUInt16BE(0);
      if (pending.length < 2 + n) break;
      sink.push(pending.subarray(2, 2 + n).toString('hex'));
      pending = pending.subarray(2 + n);
    }
  };
}
const tcp = createServer((client) => {
  const up = connect(KNOT_PORT, '127.0.0.1');
  client.on('data', frames(current.queries));
  up.on('data', frames(current.responses));
  client.pipe(up);
  up.pipe(client);
  client.on('error', () => {});
  up.on('error', () => {});
});
await new Promise((r) => tcp.listen(RELAY_PORT, '127.0.0.1', r));

const K = ['kdig', '@127.0.0.1', '-p', String(RELAY_PORT)];
const D = ['dig', '@127.0.0.1', '-p', String(RELAY_PORT)];
const exchanges = [
  ['a-noedns', [...K, '+noedns', 'home.dyn.example.test', 'A']],
  ['aaaa-edns', [...K, '+bufsize=1232', 'home.dyn.example.test', 'AAAA']],
  ['ns-apex', [...K, 'dyn.example.test', 'NS']],
  ['soa-apex', [...K, '+dnssec', 'dyn.example.test', 'SOA']],
  ['cname-chain', [...K, 'www.dyn.example.test', 'A']],
  ['ptr', [...K, '1.ptr.dyn.example.test', 'PTR']],
  ['mx-additional', [...K, 'dyn.example.test', 'MX']],
  ['txt-multi', [...K, 'txt.dyn.example.test', 'TXT']],
  ['srv', [...K, '_sip._tcp.dyn.example.test', 'SRV']],
  ['caa', [...K, 'dyn.example.test', 'CAA']],
  ['hinfo', [...K, 'hinfo.dyn.example.test', 'HINFO']],
  ['unknown-type', [...K, 'opaque.dyn.example.test', 'TYPE65001']],
  ['nxdomain-soa', [...K, 'nothere.dyn.example.test', 'A']],
  ['nodata-soa', [...K, 'a.dyn.example.test', 'AAAA']],
  ['referral', [...K, '+norec', 'www.sub.dyn.example.test', 'A']],
  [
    'edns-options',
    [
      ...K,
      '+nsid',
      '+ednsopt=65001:abcd',
      '+subnet=192.0.2.0/24',
      '+padding=64',
      'home.dyn.example.test',
      'A',
    ],
  ],
  ['edns-badvers', [...K, '+edns=1', 'dyn.example.test', 'SOA']],
  ['truncated', [...K, '+bufsize=512', '+ignore', 'big.dyn.example.test', 'TXT']],
  ['dig-cookie', [...D, '+cookie', '+norec', 'MiXeD.dyn.example.test', 'A']],
  ['axfr-tcp', [...K, 'dyn.example.test', 'AXFR']],
];

for (const [name, argv] of exchanges) {
  current = { queries: [], responses: [] };
  try {
    // Asynchronously: the relay runs on this event loop.
    await promisify(execFile)(argv[0], argv.slice(1), { timeout: 5000 });
  } catch {
    // kdig exits non-zero on some rcodes; the packets were still captured.
  }
  await new Promise((r) => setTimeout(r, 100));
  if (current.queries.length === 0 || current.responses.length === 0) {
    knot.kill('SIGTERM');
    throw new Error(`${name}: nothing captured`);
  }
  // Keep the first query and every response frame to it (an AXFR spans several messages).
  writeFileSync(join(here, `${name}-query.hex`), current.queries[0] + '\n');
  writeFileSync(join(here, `${name}-response.hex`), current.responses.join('\n') + '\n');
  console.log(`${name}: ${current.queries.length} query, ${current.responses.length} response packet(s)`);
}

udp.close();
tcp.close();
knot.kill('SIGTERM');
