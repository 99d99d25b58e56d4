// Parses what `dig` (BIND 9) and `kdig` (Knot) print for one query into comparable values: status, header
// flags, section counts, EDNS version, the answer/authority/additional records (whitespace normalized,
// owner lowercase, sorted) and the transport of the final reply. IDs, timings, sizes and dates are dropped.
// Both tools' formats are handled: dig separates header fields with ",", kdig with ";".

/** DigResult is the normalized view of one dig or kdig run. */
export interface DigResult {
  readonly status: string;
  readonly flags: readonly string[];
  readonly counts: {
    readonly query: number;
    readonly answer: number;
    readonly authority: number;
    readonly additional: number;
  };
  /** ednsVersion is the OPT version in the reply, or undefined when the reply had no OPT. */
  readonly ednsVersion: number | undefined;
  readonly question: readonly string[];
  readonly answer: readonly string[];
  readonly authority: readonly string[];
  readonly additional: readonly string[];
  /** transport of the reply that was printed: 'UDP' or 'TCP'. */
  readonly transport: string;
  /** truncatedRetry is true when the tool reported retrying over TCP after TC. */
  readonly truncatedRetry: boolean;
}

function normalizeRecord(line: string): string {
  const parts = line
    .replace(/^;;?\s*/, '')
    .trim()
    .split(/\s+/);
  if (parts[0] !== undefined) parts[0] = parts[0].toLowerCase();
  return parts.join(' ');
}

function section(lines: readonly string[], title: string): string[] {
  const start = lines.findIndex((l) => l.startsWith(`;; ${title} SECTION:`));
  if (start < 0) return [];
  const out: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '' || (l.startsWith(';;') && title !== 'QUESTION')) break;
    if (title === 'QUESTION' && l.startsWith(';; ') && /SECTION:/.test(l)) break;
    out.push(normalizeRecord(l));
  }
  return out.sort();
}

/** parseDigOutput reads dig or kdig output for a single query (the last reply printed wins). */
export function parseDigOutput(text: string): DigResult {
  const all = text.split('\n');
  const headerAt = all.map((l, i) => (l.includes('->>HEADER<<-') ? i : -1)).filter((i) => i >= 0);
  const last = headerAt.at(-1);
  if (last === undefined) throw new Error(`no reply in output:\n${text}`);
  const lines = all.slice(last);
  const status = /status: (\w+)/.exec(lines[0]!)?.[1];
  const flagsLine = lines.find((l) => /^;; [Ff]lags:/.test(l));
  if (status === undefined || flagsLine === undefined) throw new Error(`unparsable header:\n${text}`);
  const flags = (/^;; [Ff]lags:([^;]*);/.exec(flagsLine)?.[1] ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .sort();
  const count = (name: string): number => Number(new RegExp(`${name}: (\\d+)`).exec(flagsLine)?.[1] ?? NaN);
  const digEdns = lines.map((l) => /^; EDNS: version: (\d+)/.exec(l)).find(Boolean);
  const kdigEdns = lines.map((l) => /^;; Version: (\d+);/.exec(l)).find(Boolean);
  const edns = digEdns ?? kdigEdns;
  const transport =
    /;; SERVER: .*\((UDP|TCP)\)/.exec(lines.join('\n'))?.[1] ??
    /;; From .*\((UDP|TCP)\)/.exec(lines.join('\n'))?.[1] ??
    '?';
  return {
    status,
    flags,
    counts: {
      query: count('QUERY'),
      answer: count('ANSWER'),
      authority: count('AUTHORITY'),
      additional: count('ADDITIONAL'),
    },
    ednsVersion: edns ? Number(edns[1]) : undefined,
    question: section(lines, 'QUESTION'),
    answer: section(lines, 'ANSWER'),
    authority: section(lines, 'AUTHORITY'),
    additional: section(lines, 'ADDITIONAL'),
    transport,
    truncatedRetry: /Truncated, retrying in TCP mode|truncated reply .* retrying over TCP/.test(text),
  };
}
