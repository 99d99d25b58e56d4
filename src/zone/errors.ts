// Error registry of the zone module: expected failures with a stable `code`. Lookup outcomes are never
// errors (see lookup-result.ts); these are for zone data that fails its semantic checks.
import type { ZoneProblem } from './checks.js';

/** ZoneCheckError is thrown when zone data (a whole zone or a changeset) has error-level problems. */
export class ZoneCheckError extends Error {
  readonly code = 'ERR_ZONE_CHECK';
  readonly problems: readonly ZoneProblem[];

  constructor(problems: readonly ZoneProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    const first = errors[0]?.message ?? 'zone check failed';
    super(errors.length > 1 ? `${first} (and ${errors.length - 1} more problems)` : first);
    this.name = 'ZoneCheckError';
    this.problems = problems;
  }

  /** details gives the problems in a JSON-friendly shape for logs and API error bodies. */
  get details(): { problems: { severity: string; owner: string; type?: number; message: string }[] } {
    return {
      problems: this.problems.map((p) => ({
        severity: p.severity,
        owner: p.owner.toString(),
        ...(p.type !== undefined ? { type: p.type } : {}),
        message: p.message,
      })),
    };
  }
}
