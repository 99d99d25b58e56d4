// Master-file lexer (RFC 1035 §5.1): splits text into entries (one logical line each, parentheses joining
// physical lines) made of tokens. It strips `;` comments, keeps quoted strings apart and leaves escapes
// (`\X`, `\DDD`) undecoded, because names and character-strings decode them differently. It knows nothing
// about directives, record types or rdata.
import { ZoneFileError } from './errors.js';

/** Token is one word or quoted string; `text` is raw (escapes kept, quotes removed). */
export interface Token {
  readonly text: string;
  readonly quoted: boolean;
  readonly line: number;
}

/**
 * LexedEntry is one logical line: its first physical line, whether the owner field is blank, its tokens.
 * The lexer reuses the entry and token objects, so an entry is valid only until the next `next()` call.
 */
export interface LexedEntry {
  readonly line: number;
  readonly ownerOmitted: boolean;
  readonly tokens: readonly Token[];
}

interface MutableToken {
  text: string;
  quoted: boolean;
  line: number;
}

/** LexerOptions bounds the work done on untrusted text. */
export interface LexerOptions {
  /** maxLines refuses input with more physical lines than this. */
  readonly maxLines?: number | undefined;
  /** firstLine is the number given to the first line (for rdata lexed out of a larger text). */
  readonly firstLine?: number | undefined;
}

/** MAX_TOKENS_PER_ENTRY bounds one entry: rdata is at most 65535 octets, so more tokens can never be valid. */
export const MAX_TOKENS_PER_ENTRY = 70_000;

const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const SEMI = 0x3b;
const LPAREN = 0x28;
const RPAREN = 0x29;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** ZoneLexer reads entries one at a time from master-file text; `next()` gives undefined at the end. */
export class ZoneLexer {
  readonly #text: string;
  readonly #maxLines: number;
  #pos = 0;
  #line: number;
  // Reused between entries: zone import lexes millions of tokens, and fresh objects cost GC time.
  readonly #pool: MutableToken[] = [];
  readonly #tokens: MutableToken[] = [];
  readonly #entry = { line: 0, ownerOmitted: false, tokens: this.#tokens as readonly Token[] };

  constructor(text: string, opts: LexerOptions = {}) {
    this.#text = text;
    this.#maxLines = opts.maxLines ?? Number.POSITIVE_INFINITY;
    this.#line = opts.firstLine ?? 1;
    // A byte-order mark at the very start is not part of the first owner.
    if (text.charCodeAt(0) === 0xfeff) this.#pos = 1;
  }

  /** line is the current physical line number (for errors raised after the last entry). */
  get line(): number {
    return this.#line;
  }

  /** next gives the next entry with at least one token, skipping blank and comment-only lines. */
  next(): LexedEntry | undefined {
    const text = this.#text;
    const len = text.length;
    for (;;) {
      if (this.#pos >= len) return undefined;
      const startLine = this.#line;
      const first = text.charCodeAt(this.#pos);
      // RFC 1035 §5.1: a line starting with blank space continues the previous owner.
      const ownerOmitted = first === SPACE || first === TAB;
      const tokens = this.#tokens;
      tokens.length = 0;
      let parenLine = 0;
      let pos = this.#pos;
      for (;;) {
        if (pos >= len) {
          if (parenLine !== 0) {
            throw new ZoneFileError(`unbalanced "(": opened on line ${parenLine} and never closed`, {
              line: this.#line,
            });
          }
          break;
        }
        const c = text.charCodeAt(pos);
        if (c === NL) {
          pos++;
          this.#newLine();
          if (parenLine === 0) break;
          continue;
        }
        if (c === SPACE || c === TAB || c === CR) {
          pos++;
          continue;
        }
        if (c === SEMI) {
          const nl = text.indexOf('\n', pos);
          pos = nl === -1 ? len : nl;
          continue;
        }
        if (c === LPAREN) {
          if (parenLine !== 0) {
            throw new ZoneFileError(`nested "(" (the one opened on line ${parenLine} is still open)`, {
              line: this.#line,
            });
          }
          parenLine = this.#line;
          pos++;
          continue;
        }
        if (c === RPAREN) {
          if (parenLine === 0)
            throw new ZoneFileError('unbalanced ")" without a matching "("', { line: this.#line });
          parenLine = 0;
          pos++;
          continue;
        }
        if (c === QUOTE) {
          const start = pos + 1;
          let p = start;
          for (;;) {
            if (p >= len) throw new ZoneFileError('unterminated quoted string', { line: this.#line });
            const q = text.charCodeAt(p);
            if (q === QUOTE) break;
            if (q === NL)
              throw new ZoneFileError('unterminated quoted string (newline before the closing quote)', {
                line: this.#line,
              });
            if (q === BACKSLASH) {
              if (p + 1 >= len || text.charCodeAt(p + 1) === NL) {
                throw new ZoneFileError('dangling "\\" at the end of a quoted string', { line: this.#line });
              }
              p += 2;
              continue;
            }
            p++;
          }
          this.#push(text.slice(start, p), true);
          pos = p + 1;
          continue;
        }
        // An unquoted word runs to the next blank, newline, comment, parenthesis or quote.
        const start = pos;
        let p = pos;
        while (p < len) {
          const w = text.charCodeAt(p);
          if (w === BACKSLASH) {
            const nx = text.charCodeAt(p + 1);
            if (p + 1 >= len || nx === NL || nx === CR) {
              throw new ZoneFileError('dangling "\\" at the end of a line', { line: this.#line });
            }
            p += 2;
            continue;
          }
          if (
            w === SPACE ||
            w === TAB ||
            w === NL ||
            w === CR ||
            w === SEMI ||
            w === LPAREN ||
            w === RPAREN ||
            w === QUOTE
          ) {
            break;
          }
          p++;
        }
        this.#push(text.slice(start, p), false);
        pos = p;
      }
      this.#pos = pos;
      if (tokens.length > 0) {
        this.#entry.line = startLine;
        this.#entry.ownerOmitted = ownerOmitted;
        return this.#entry;
      }
    }
  }

  #push(text: string, quoted: boolean): void {
    const n = this.#tokens.length;
    if (n >= MAX_TOKENS_PER_ENTRY) {
      throw new ZoneFileError(
        `entry has more than ${MAX_TOKENS_PER_ENTRY} fields; no record can be that long`,
        { line: this.#line },
      );
    }
    let t = this.#pool[n];
    if (t === undefined) {
      t = { text, quoted, line: this.#line };
      this.#pool.push(t);
    } else {
      t.text = text;
      t.quoted = quoted;
      t.line = this.#line;
    }
    this.#tokens.push(t);
  }

  #newLine(): void {
    this.#line++;
    if (this.#line > this.#maxLines) {
      throw new ZoneFileError(`more than ${this.#maxLines} lines; the input is too large`, {
        line: this.#line,
      });
    }
  }
}

/** lexTokens splits a fragment (e.g. rdata text) into tokens, parentheses and newlines allowed inside "( )". */
export function lexTokens(text: string): Token[] {
  const lexer = new ZoneLexer(text);
  const first = lexer.next();
  if (first === undefined) return [];
  const tokens = first.tokens.map((t) => ({ text: t.text, quoted: t.quoted, line: t.line }));
  const extra = lexer.next();
  if (extra !== undefined) {
    throw new ZoneFileError(`text continues on line ${extra.line}; wrap multi-line rdata in parentheses`);
  }
  return tokens;
}
