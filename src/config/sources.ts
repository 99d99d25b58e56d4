// Where a configuration value came from. Every resolved key remembers its source so that errors, `config
// check` and reload messages can point at the exact file line, environment variable or flag.

/** ValueSource is the origin of one configuration value. */
export type ValueSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly file: string; readonly line: number }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'flag'; readonly flag: string }
  /** derived: unset everywhere, so the value is computed from another key (store.sqlite.path from data_dir). */
  | { readonly kind: 'derived'; readonly from: string };

/** formatSource gives a short human description ("dynzone.yaml line 7", "environment DYNZONE_X"). */
export function formatSource(s: ValueSource): string {
  switch (s.kind) {
    case 'default':
      return 'default';
    case 'file':
      return `${s.file} line ${s.line}`;
    case 'env':
      return `environment ${s.name}`;
    case 'flag':
      return `flag ${s.flag}`;
    case 'derived':
      return `derived from ${s.from}`;
  }
}
