// Finds loopback ports that are free for both UDP and TCP at once, for external servers (knotd, named)
// that cannot be told "port 0". In-process servers should bind port 0 instead.
import dgram from 'node:dgram';
import net from 'node:net';

function bindUdp(port: number): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(undefined);
    });
    s.bind(port, '127.0.0.1', () => resolve(s));
  });
}

function bindTcp(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(undefined));
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

/** findFreePort returns a 127.0.0.1 port that was free for both UDP and TCP when probed. */
export async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const udp = await bindUdp(0);
    if (!udp) continue;
    const port = udp.address().port;
    const tcp = await bindTcp(port);
    udp.close();
    if (tcp) {
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      return port;
    }
  }
  throw new Error('no free loopback port for UDP+TCP after 50 attempts');
}
