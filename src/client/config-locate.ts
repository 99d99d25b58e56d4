// Maps a field path of the config (["accounts", 0, "ipv4", "url"]) back to where it is written in the
// YAML source, so every config error names the line and the field. yaml's parseDocument keeps each node's
// source range; a LineCounter turns offsets into line and column.
import { isMap, isNode, LineCounter, type Document, type Node } from 'yaml';

/** FieldPath is a path into the config document: keys and list indexes. */
export type FieldPath = readonly (string | number)[];

/** Position is a 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** formatFieldPath writes a path as `accounts[0].ipv4.url`. */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

/** SourceLocator finds positions of fields in one parsed document. */
export class SourceLocator {
  readonly #doc: Document;
  readonly #lines: LineCounter;

  constructor(doc: Document, lines: LineCounter) {
    this.#doc = doc;
    this.#lines = lines;
  }

  /** positionOfOffset converts a character offset of the source into a line and column. */
  positionOfOffset(offset: number): Position {
    const p = this.#lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /**
   * locate gives where `path` is written: the value of the field, or with `asKey` the key itself (for an
   * unknown key). When the field is absent (a missing key), the nearest enclosing node that exists.
   */
  locate(path: FieldPath, asKey = false): Position {
    for (let n = path.length; n >= 0; n--) {
      const head = path.slice(0, n);
      if (asKey && n === path.length && n > 0) {
        const parent = n === 1 ? this.#doc.contents : this.#doc.getIn(head.slice(0, -1), true);
        if (isMap(parent)) {
          const key = head[head.length - 1];
          const pair = parent.items.find(
            (it) => isNode(it.key) && (it.key as { value?: unknown }).value === key,
          );
          const k = pair?.key;
          if (isNode(k) && k.range) return this.positionOfOffset(k.range[0]);
        }
        continue;
      }
      const node = (n === 0 ? this.#doc.contents : this.#doc.getIn(head, true)) as Node | null | undefined;
      if (isNode(node) && node.range) return this.positionOfOffset(node.range[0]);
    }
    return { line: 1, column: 1 };
  }
}
