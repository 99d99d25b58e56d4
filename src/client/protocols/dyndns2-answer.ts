// Reads a dyndns2 answer (SPEC §2.2, Dyn's "Return Codes") into one HostAnswer per requested hostname, in
// request order. Pure: HTTP status and body in, outcomes out. The traps other clients fall into are
// decided here: a line missing for a host or a word nobody documented is a failure for that host (never a
// success), 401 is badauth whatever the body says, 5xx is the server's failure, and an error that concerns
// the whole request (badauth, badagent, 911) may be given once for all hosts.

/** StopCode lists the answers after which a host must not be updated again until its configuration changes. */
export type StopCode =
  | 'badauth'
  | 'nohost'
  | 'notfqdn'
  | 'badagent'
  | 'abuse'
  | 'conflict'
  | 'numhost'
  | 'badsys'
  | '!yours'
  | '!donator'
  | '!active';

/** RetryCause says why a host is to be tried again later (with back-off). */
export type RetryCause = 'server' | 'network' | 'missing' | 'unknown' | 'wait';

/** HostAnswer is what the provider said about one host. `line` is the answer line, when there was one. */
export type HostAnswer =
  | { readonly kind: 'good'; readonly addresses: readonly string[]; readonly line: string }
  | { readonly kind: 'nochg'; readonly addresses: readonly string[]; readonly line: string }
  | { readonly kind: 'stop'; readonly code: StopCode; readonly line: string }
  | {
      readonly kind: 'retry';
      readonly cause: RetryCause;
      readonly reason: string;
      readonly line?: string | undefined;
      /** the provider asked for at least this long a pause (`w5m`, Retry-After-like answers). */
      readonly minDelayMs?: number | undefined;
    };

const STOP_CODES: ReadonlySet<string> = new Set<StopCode>([
  'badauth',
  'nohost',
  'notfqdn',
  'badagent',
  'abuse',
  'conflict',
  'numhost',
  'badsys',
  '!yours',
  '!donator',
  '!active',
]);

// Answers that concern the whole request and so may be given once for several hosts (SPEC §2.2).
const REQUEST_LEVEL: ReadonlySet<string> = new Set([
  'badauth',
  'badagent',
  '911',
  'dnserr',
  'numhost',
  'badsys',
]);

/** STOP_EXPLANATIONS says in words what each stop answer means and what the user should do. */
export const STOP_EXPLANATIONS: Readonly<Record<StopCode, string>> = {
  badauth: 'the username/password pair was not accepted for this host; check username and password',
  nohost: 'the provider has no such dynamic host (or it is not yours); check the hostname',
  notfqdn: 'the provider says the hostname is not a fully-qualified domain name; check the hostname',
  badagent: 'the provider refused this client or the request was malformed',
  abuse: 'the provider blocked updates for this host; unblock it at the provider',
  conflict: 'a static record at this name conflicts with the update; remove it at the provider',
  numhost: 'too many hostnames in one request',
  badsys: 'the provider does not support this update system',
  '!yours': 'the hostname belongs to another account',
  '!donator': 'the provider requires a paid account for this',
  '!active': 'the host is not active at the provider',
};

/** parseAnswerLine reads one answer line. */
export function parseAnswerLine(line: string): HostAnswer {
  const words = line.trim().split(/\s+/);
  const word = (words[0] ?? '').toLowerCase();
  if (word === 'good' || word === 'nochg') {
    const addresses = (words[1] ?? '').split(',').filter((a) => a.length > 0);
    return { kind: word, addresses, line };
  }
  if (STOP_CODES.has(word)) return { kind: 'stop', code: word as StopCode, line };
  if (word === '911' || word === 'dnserr')
    return {
      kind: 'retry',
      cause: 'server',
      reason: `the provider answered ${word} (its own failure)`,
      line,
    };
  const wait = /^w(\d+)([smh])$/.exec(word);
  if (wait) {
    const unit = wait[2] === 's' ? 1000 : wait[2] === 'm' ? 60_000 : 3_600_000;
    return {
      kind: 'retry',
      cause: 'wait',
      reason: `the provider asked to wait ${wait[1]}${wait[2]}`,
      line,
      minDelayMs: Number(wait[1]) * unit,
    };
  }
  return {
    kind: 'retry',
    cause: 'unknown',
    reason: `unknown answer ${JSON.stringify(line.slice(0, 80))}`,
    line,
  };
}

function retryAll(count: number, cause: RetryCause, reason: string): HostAnswer[] {
  return Array.from({ length: count }, () => ({ kind: 'retry' as const, cause, reason }));
}

/** parseUpdateAnswer turns an HTTP status and body into one HostAnswer per requested host, in order. */
export function parseUpdateAnswer(status: number, body: string, hostCount: number): HostAnswer[] {
  const lines = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (status === 401) {
    return Array.from({ length: hostCount }, () => ({
      kind: 'stop' as const,
      code: 'badauth' as const,
      line: lines[0] ?? 'HTTP 401',
    }));
  }
  if (status >= 500) return retryAll(hostCount, 'server', `the provider answered HTTP ${status}`);
  const parsed = lines.map(parseAnswerLine);
  const isProtocolAnswer =
    parsed.length > 0 && parsed.every((a) => a.kind !== 'retry' || a.cause !== 'unknown');
  if (status < 200 || status >= 300) {
    // Some providers (and Dynzone for status-reading clients) pair an error word with a 4xx status; the word
    // counts. Anything else (redirect, a proxy's error page) is a failure to retry later.
    if (status < 400 || !isProtocolAnswer)
      return retryAll(
        hostCount,
        'server',
        `the provider answered HTTP ${status}${lines[0] ? ` (${lines[0].slice(0, 60)})` : ''}`,
      );
  }
  const first = lines[0];
  if (parsed.length === 1 && hostCount > 1 && first !== undefined) {
    const word = first.split(/\s+/)[0]!.toLowerCase();
    if (REQUEST_LEVEL.has(word)) return Array.from({ length: hostCount }, () => parsed[0]!);
  }
  return Array.from(
    { length: hostCount },
    (_, i): HostAnswer =>
      parsed[i] ?? { kind: 'retry', cause: 'missing', reason: 'the answer had no line for this host' },
  );
}
