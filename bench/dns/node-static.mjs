// Baseline for the DNS benchmark: the least a Node responder on `dgram` can do per query. It copies the
// query's ID and question, sets QR/AA, and appends one fixed A (or AAAA, for AAAA questions) record that
// points back at the question name. No name parsing beyond finding the question's end, no lookup, no EDNS.
// Dynzone's UDP figure divided by this one shows what the real name server costs on top of Node's socket I/O.
//   node node-static.mjs PORT [WORKERS]     (WORKERS > 1: node:cluster workers sharing one socket)
import cluster from 'node:cluster';
import dgram from 'node:dgram';

const port = Number(process.argv[2]);
const workers = Number(process.argv[3] ?? 1);

// Answer record: pointer to offset 12 (the qname), type, class IN, TTL 60, rdata.
const record = (type, rdata) =>
  Buffer.from([0xc0, 0x0c, 0, type, 0, 1, 0, 0, 0, 60, 0, rdata.length, ...rdata]);
const answerA = record(1, [192, 0, 2, 1]);
const answerAAAA = record(28, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

function respond(query) {
  if (query.length < 17 || (query[2] & 0x80) !== 0) return undefined;
  let pos = 12;
  while (pos < query.length && query[pos] !== 0) pos += query[pos] + 1;
  const questionEnd = pos + 5;
  if (questionEnd > query.length) return undefined;
  const answer = query[questionEnd - 4] === 0 && query[questionEnd - 3] === 28 ? answerAAAA : answerA;
  const out = Buffer.allocUnsafe(questionEnd + answer.length);
  query.copy(out, 0, 0, questionEnd);
  out[2] = 0x84 | (query[2] & 0x01); // QR, AA, RD copied
  out[3] = 0;
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(1, 6);
  out.writeUInt32BE(0, 8);
  answer.copy(out, questionEnd);
  return out;
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  const stop = () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
  socket.on('message', (msg, peer) => {
    const out = respond(msg);
    if (out) socket.send(out, peer.port, peer.address);
  });
  socket.bind(port, '127.0.0.1', () => {
    if (cluster.isPrimary) console.log(`node-static listening on 127.0.0.1:${port}`);
  });
}
