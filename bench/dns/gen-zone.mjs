// Writes a synthetic zone of about N records (default 1,000,000) for the load-time and memory benchmark:
// SOA, NS, then hosts with A, AAAA and an occasional TXT/MX/CNAME, deterministic (no randomness).
//   node bench/dns/gen-zone.mjs OUTFILE [RECORDS]
import { createWriteStream } from 'node:fs';

const [out, countText] = process.argv.slice(2);
const target = Number(countText ?? 1_000_000);
if (!out) {
  console.error('usage: gen-zone.mjs OUTFILE [RECORDS]');
  process.exit(2);
}
const w = createWriteStream(out);
const lines = [
  '$ORIGIN big.test.',
  '$TTL 300',
  '@ 3600 IN SOA ns1.big.test. hostmaster.big.test. 1 7200 3600 1209600 60',
  '@ 3600 IN NS ns1',
  'ns1 IN A 192.0.2.53',
];
let n = 3;
for (let i = 0; n < target; i++) {
  const a = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  lines.push(
    `h${i} IN A ${a}`,
    `h${i} IN AAAA 2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::1`,
  );
  n += 2;
  if (i % 10 === 0 && n < target) {
    lines.push(`h${i} IN TXT "host ${i}"`);
    n++;
  }
  if (i % 50 === 0 && n < target) {
    lines.push(`alias${i} IN CNAME h${i}`);
    n++;
  }
  if (lines.length >= 10_000) w.write(lines.splice(0).join('\n') + '\n');
}
w.end(lines.join('\n') + '\n', () => console.log(`wrote ${n} records to ${out}`));
