// Compares two servers' replies to the same query the way the interop tests judge agreement: rcode, AA, TC,
// RD echo, RA, OPT presence and count, and the answer and authority sections as sets (owner lowercase, TTL,
// class, type, canonical rdata). Also holds the allow-list type for justified differences.
import { sectionKeys, type WireMessage } from '../helpers/wire-view.js';

/** Field names a difference can be reported on. */
export type DiffField = 'rcode' | 'aa' | 'tc' | 'rd' | 'ra' | 'opt' | 'answers' | 'authorities';

/** Difference is one field on which the reference and the server under test disagree. */
export interface Difference {
  readonly field: DiffField;
  readonly reference: string;
  readonly actual: string;
}

/** AllowedDifference documents why Dynzone may differ from Knot for one case, with the RFC that says so. */
export interface AllowedDifference {
  /** caseName is the exact case label this entry applies to. */
  readonly caseName: string;
  readonly fields: readonly DiffField[];
  /** rfc names the section that shows Dynzone's answer is right. */
  readonly rfc: string;
  readonly reason: string;
  /** accept checks Dynzone's reply really is the justified one, so the entry is no blank check. */
  readonly accept: (actual: WireMessage, reference: WireMessage) => boolean;
}

const optText = (m: WireMessage): string =>
  m.opt
    ? `OPT x${m.optCount} version ${m.opt.version} options [${m.opt.options.map((o) => o.code).join(',')}]`
    : 'none';

/** compareReplies lists every field on which `actual` differs from `reference`. */
export function compareReplies(reference: WireMessage, actual: WireMessage): Difference[] {
  const out: Difference[] = [];
  const scalar = (field: DiffField, r: unknown, a: unknown): void => {
    if (r !== a) out.push({ field, reference: String(r), actual: String(a) });
  };
  scalar('rcode', reference.rcode, actual.rcode);
  scalar('aa', reference.aa, actual.aa);
  scalar('tc', reference.tc, actual.tc);
  scalar('rd', reference.rd, actual.rd);
  scalar('ra', reference.ra, actual.ra);
  scalar('opt', optText(reference), optText(actual));
  for (const field of ['answers', 'authorities'] as const) {
    const r = sectionKeys(reference[field]);
    const a = sectionKeys(actual[field]);
    if (r.join('\n') !== a.join('\n')) {
      out.push({ field, reference: r.join(' | ') || '(empty)', actual: a.join(' | ') || '(empty)' });
    }
  }
  return out;
}

/** formatDifferences renders differences as indented lines for an assertion message. */
export function formatDifferences(caseName: string, diffs: readonly Difference[]): string {
  return [
    `${caseName}:`,
    ...diffs.map(
      (d) => `    ${d.field}: knot=${d.reference}\n    ${' '.repeat(d.field.length)}  dynzone=${d.actual}`,
    ),
  ].join('\n');
}
