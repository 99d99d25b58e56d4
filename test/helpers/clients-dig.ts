// Asks the name server under test over the wire with BIND's `dig` (inside the test's network namespace when
// one is given) and reduces the reply to what the client tests assert: rcode, AA flag and the addresses of
// the qname's A or AAAA rrset. A second, independent implementation of the question "what does DNS serve?".
import { parseDigOutput } from './dig-output.js';
import { describeRun, runProgram } from './clients-process.js';
import type { Netns } from './clients-netns.js';

/** AddressAnswer is the reduced view of one A/AAAA query. */
export interface AddressAnswer {
  readonly status: string;
  readonly authoritative: boolean;
  /** addresses in the answer section whose owner is the qname and whose type is the qtype, sorted. */
  readonly addresses: readonly string[];
  readonly raw: string;
}

/** digAddress queries `name qtype` at 127.0.0.1:port (UDP, RD clear) with dig and reduces the reply. */
export async function digAddress(
  port: number,
  name: string,
  qtype: 'A' | 'AAAA',
  netns?: Netns,
  server = '127.0.0.1',
): Promise<AddressAnswer> {
  const args = [`@${server}`, '-p', String(port), '+norecurse', '+time=2', '+tries=1', name, qtype];
  const r = netns
    ? await netns.run('dig', args, { timeoutMs: 10_000 })
    : await runProgram('dig', args, { timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(describeRun(`dig ${args.join(' ')}`, r));
  const parsed = parseDigOutput(r.stdout);
  const owner = (name.endsWith('.') ? name : `${name}.`).toLowerCase();
  const addresses = parsed.answer
    .map((line) => line.split(' '))
    .filter((f) => f[0] === owner && f[3] === qtype && f[4] !== undefined)
    .map((f) => f[4]!)
    .sort();
  return { status: parsed.status, authoritative: parsed.flags.includes('aa'), addresses, raw: r.stdout };
}
