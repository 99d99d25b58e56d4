// THROWAWAY stand-in for `dynzone` (zone add, host add/show --json, serve) used only to validate the
// real-client harness before the product's HTTP service landed. Select it with
// DYNZONE_TEST_CLI=dist/test/helpers/clients-standin.js. Minimal dyndns2 over HTTPS + A/AAAA over UDP.
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import {
  readFileSync,
  writeFileSync,
  existsSync,
  mkdirSync,
  openSync,
  fsyncSync,
  closeSync,
  renameSync,
} from 'node:fs';
import https from 'node:https';
import net from 'node:net';

interface Host {
  username: string;
  password: string;
  ipv4: string | null;
  ipv6: string | null;
  history: string[];
}
interface State {
  zones: string[];
  hosts: Record<string, Host>;
}

const argv = process.argv.slice(2);
const flag = (n: string): string | undefined => {
  const i = argv.indexOf(n);
  return i >= 0 ? argv[i + 1] : undefined;
};
const dir = flag('--data-dir') ?? './data';
const file = `${dir}/standin.json`;
const load = (): State =>
  existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as State) : { zones: [], hosts: {} };
const save = (s: State): void => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(s));
  const fd = openSync(`${file}.tmp`, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(`${file}.tmp`, file);
};
const hp = (t: string): [string, number] => {
  const m = /^\[?(.*?)\]?:(\d+)$/.exec(t)!;
  return [m[1]!, Number(m[2])];
};

if (argv[0] === 'zone' && argv[1] === 'add') {
  const s = load();
  s.zones.push(argv[2]!.toLowerCase().replace(/\.$/, ''));
  save(s);
} else if (argv[0] === 'host' && argv[1] === 'add') {
  const s = load();
  const h = argv[2]!.toLowerCase().replace(/\.$/, '');
  s.hosts[h] = {
    username: `u${randomBytes(4).toString('hex')}`,
    password: randomBytes(12).toString('hex'),
    ipv4: null,
    ipv6: null,
    history: [],
  };
  save(s);
  process.stdout.write(
    JSON.stringify({ hostname: h, username: s.hosts[h].username, password: s.hosts[h].password }) + '\n',
  );
} else if (argv[0] === 'host' && argv[1] === 'show') {
  const h = load().hosts[argv[2]!.toLowerCase().replace(/\.$/, '')];
  process.stdout.write(JSON.stringify({ ...h, history: h?.history.map((ip) => ({ newIpv4: ip })) }) + '\n');
} else if (argv[0] === 'serve') {
  let state = load();
  const server = https.createServer(
    { cert: readFileSync(flag('--tls-cert')!), key: readFileSync(flag('--tls-key')!) },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://x');
      const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const send = (status: number, body: string): void => {
        res.writeHead(status, {
          'content-type': 'text/plain',
          'content-length': Buffer.byteLength(body),
          connection: 'close',
        });
        res.end(body);
      };
      if (url.pathname === '/checkip') return send(200, `${peer}\n`);
      const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const name = (url.searchParams.get('hostname') ?? '').toLowerCase();
      const host = state.hosts[name];
      if (!host || auth !== `${host.username}:${host.password}`) return send(401, 'badauth\n');
      const ip = (url.searchParams.get('myip') || peer).trim();
      const key = ip.includes(':') ? 'ipv6' : 'ipv4';
      if (host[key] === ip) return send(200, `nochg ${ip}\n`);
      host[key] = ip;
      host.history.push(ip);
      save(state);
      send(200, `good ${ip}\n`);
    },
  );
  const [hh, hport] = hp(flag('--https-listen')!);
  server.listen(hport, hh);
  const [dh, dport] = hp(flag('--dns-listen')!);
  net.createServer((s) => s.destroy()).listen(dport, dh);
  const udp = dgram.createSocket(dh.includes(':') ? 'udp6' : 'udp4');
  udp.on('message', (msg, rinfo) => {
    state = load();
    let o = 12;
    const labels: string[] = [];
    while (msg[o]! > 0) {
      labels.push(msg.subarray(o + 1, o + 1 + msg[o]!).toString('latin1'));
      o += msg[o]! + 1;
    }
    const qEnd = o + 5;
    const qtype = msg.readUInt16BE(o + 1);
    const h = state.hosts[labels.join('.').toLowerCase()];
    const v = h ? (qtype === 1 ? h.ipv4 : qtype === 28 ? h.ipv6 : null) : null;
    const head = Buffer.from(msg.subarray(0, 12));
    head.writeUInt16BE(0x8400, 2);
    head.writeUInt16BE(v ? 1 : 0, 6);
    head.writeUInt16BE(0, 8);
    head.writeUInt16BE(0, 10);
    const parts = [head, msg.subarray(12, qEnd)];
    if (v) {
      const rd = qtype === 1 ? Buffer.from(v.split('.').map(Number)) : Buffer.from(ipv6Bytes(v));
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(rd.length, 10);
      parts.push(rr, rd);
    }
    udp.send(Buffer.concat(parts), rinfo.port, rinfo.address);
  });
  udp.bind(dport, dh);
}

function ipv6Bytes(t: string): number[] {
  const [a, b] = t.split('::') as [string, string | undefined];
  const hs = (x: string | undefined): number[] => (x ? x.split(':').map((p) => parseInt(p, 16)) : []);
  const left = hs(a);
  const right = hs(b);
  const groups =
    b === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.flatMap((g) => [g >> 8, g & 255]);
}
