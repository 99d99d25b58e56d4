// Master-file parser (RFC 1035 §5): directives ($ORIGIN, $TTL), owners ("@", relative, blank = previous),
// the optional TTL and class in either order, the type and its rdata. Input comes from users, so it never
// reads files ($INCLUDE is refused), accepts only class IN and bounds its work. It does no zone semantics
// (apex, CNAME conflicts, out-of-zone data): that is zone/checks.ts.
import { DnsName, NameError } from '../name.js';
import {
  RRClass,
  RRType,
  classFromString,
  classToString,
  isMetaType,
  typeFromString,
  typeToString,
} from '../constants.js';
import type { ResourceRecord } from '../record.js';
import { ZoneFileError } from './errors.js';
import { ZoneLexer, type Token } from './lexer.js';
import { isAbsoluteNameText, parseNameText } from './name-text.js';
import { parseTtl } from './numbers.js';
import { GENERIC_MARKER } from './rdata-generic.js';
import { hasPresentationForm, parseRdataTokens } from './rdata-text.js';

/** DEFAULT_MAX_RECORDS is the record limit of one parse when the caller sets none. */
export const DEFAULT_MAX_RECORDS = 2_000_000;

/** ParseZoneOptions are the knobs of parseZoneText. */
export interface ParseZoneOptions {
  /** origin is the zone origin; it is also the initial $ORIGIN. */
  readonly origin?: DnsName | undefined;
  /** defaultTtl acts as an initial $TTL. */
  readonly defaultTtl?: number | undefined;
  /** fileName is shown in error messages. */
  readonly fileName?: string | undefined;
  /** maxRecords refuses input with more records (default 2,000,000). */
  readonly maxRecords?: number | undefined;
  /** maxLines refuses input with more physical lines (default: 4 lines per allowed record, at least 1,000). */
  readonly maxLines?: number | undefined;
  /**
   * skipUnsupportedTypes drops records of types Dynzone has no presentation form for (DNSSEC records of a
   * signed export, for instance) with one warning per type, instead of failing; `\#` forms are still read.
   */
  readonly skipUnsupportedTypes?: boolean | undefined;
}

/**
 * ParsedZone is the result of parseZoneText: the zone origin (opts.origin, else the owner of the first SOA,
 * else the first $ORIGIN), the records in file order, and warnings.
 */
export interface ParsedZone {
  readonly origin: DnsName;
  readonly records: ResourceRecord[];
  readonly warnings: string[];
}

/** parseZoneText parses master-file text into records; every failure is a ZoneFileError naming the line. */
export function parseZoneText(text: string, opts: ParseZoneOptions = {}): ParsedZone {
  return new ZoneParser(text, opts).run();
}

class ZoneParser {
  readonly #lexer: ZoneLexer;
  readonly #file: string | undefined;
  readonly #maxRecords: number;
  readonly #skipUnsupported: boolean;
  readonly #skipped = new Map<number, { count: number; line: number }>();
  #origin: DnsName | undefined;
  readonly #givenOrigin: DnsName | undefined;
  #firstOrigin: DnsName | undefined;
  #soaOwner: DnsName | undefined;
  #dollarTtl: number | undefined;
  #lastTtl: number | undefined;
  #soaMinimum: number | undefined;
  #warnedSoaMinimum = false;
  #owner: DnsName | undefined;
  #ownerText = '';
  readonly #records: ResourceRecord[] = [];
  readonly #warnings: string[] = [];

  constructor(text: string, opts: ParseZoneOptions) {
    this.#file = opts.fileName;
    this.#maxRecords = opts.maxRecords ?? DEFAULT_MAX_RECORDS;
    this.#skipUnsupported = opts.skipUnsupportedTypes ?? false;
    const maxLines = opts.maxLines ?? Math.max(1000, this.#maxRecords * 4);
    this.#lexer = new ZoneLexer(text, { maxLines });
    this.#origin = opts.origin;
    this.#givenOrigin = opts.origin;
    if (opts.defaultTtl !== undefined) {
      this.#dollarTtl = this.#checkTtlOption(opts.defaultTtl);
    }
  }

  run(): ParsedZone {
    let entry;
    let line = 0;
    try {
      while ((entry = this.#lexer.next()) !== undefined) {
        line = entry.line;
        const tokens = entry.tokens;
        const first = tokens[0]!;
        if (!entry.ownerOmitted && !first.quoted && first.text.charCodeAt(0) === 0x24 /* $ */) {
          this.#directive(tokens);
        } else if (!entry.ownerOmitted && isZoneReadPrefix(first, tokens.length)) {
          // `knotc zone-read` prints "[zone.] owner ttl type rdata"; the bracketed zone is not a field.
          this.#record(tokens, 1, false, line);
        } else {
          this.#record(tokens, 0, entry.ownerOmitted, line);
        }
      }
    } catch (e) {
      throw this.#locate(e, line);
    }
    // The apex is where the SOA is; a first "$ORIGIN ." (BIND's relative dumps) is no zone origin.
    const origin = this.#givenOrigin ?? this.#soaOwner ?? this.#firstOrigin;
    if (origin === undefined) {
      throw new ZoneFileError(
        'no origin: give one, add a $ORIGIN line, or start with an SOA record with an absolute owner',
        {
          file: this.#file,
        },
      );
    }
    for (const [type, { count, line }] of this.#skipped) {
      this.#warnings.push(
        `${this.#file !== undefined ? `${this.#file}:` : 'line '}${line}: skipped ${count} ${typeToString(type)} record${count === 1 ? '' : 's'} (no presentation form; use "\\# LEN HEX" to keep them)`,
      );
    }
    return { origin, records: this.#records, warnings: this.#warnings };
  }

  #locate(e: unknown, line: number): unknown {
    if (e instanceof ZoneFileError) return e.withLocation(line, this.#file);
    if (e instanceof NameError) return new ZoneFileError(e.message, { line, file: this.#file, cause: e });
    return e;
  }

  #checkTtlOption(ttl: number): number {
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 0x7fffffff) {
      throw new ZoneFileError(`default TTL ${ttl} is not an integer from 0 to 2147483647`, {
        file: this.#file,
      });
    }
    return ttl;
  }

  #directive(tokens: readonly Token[]): void {
    const name = tokens[0]!.text.toUpperCase();
    switch (name) {
      case '$ORIGIN': {
        if (tokens.length !== 2) throw new ZoneFileError('$ORIGIN takes exactly one domain name');
        const origin = this.#name(tokens[1]!.text, '$ORIGIN name');
        this.#origin = origin;
        this.#firstOrigin ??= origin;
        this.#ownerText = '';
        return;
      }
      case '$TTL':
        if (tokens.length !== 2) throw new ZoneFileError('$TTL takes exactly one TTL');
        this.#dollarTtl = parseTtl(tokens[1]!.text, '$TTL');
        return;
      case '$INCLUDE':
        throw new ZoneFileError(
          '$INCLUDE is not supported: an imported zone cannot read other files; paste the included records in place',
        );
      case '$GENERATE':
        throw new ZoneFileError('$GENERATE is not supported: expand the generated records before importing');
      default:
        throw new ZoneFileError(
          `unknown directive "${tokens[0]!.text}" (only $ORIGIN and $TTL are supported)`,
        );
    }
  }

  /** #name resolves a name token against the current origin; relative names need one. */
  #name(text: string, what: string): DnsName {
    if (this.#origin === undefined && !isAbsoluteNameText(text)) {
      throw new ZoneFileError(
        `${what} "${text}" is relative but no origin is known yet (add $ORIGIN or use a trailing dot)`,
      );
    }
    return parseNameText(text, this.#origin, what);
  }

  #record(tokens: readonly Token[], start: number, ownerOmitted: boolean, line: number): void {
    let i = start;
    let owner: DnsName;
    if (ownerOmitted) {
      if (this.#owner === undefined)
        throw new ZoneFileError('the first record has a blank owner; there is no previous owner to repeat');
      owner = this.#owner;
    } else {
      const text = tokens[start]!.text;
      i = start + 1;
      // Consecutive lines often repeat the owner text; reuse the name while the origin is unchanged.
      if (this.#owner !== undefined && text === this.#ownerText && text !== '@') {
        owner = this.#owner;
      } else {
        owner = this.#name(text, 'owner');
        this.#ownerText = text;
      }
      this.#owner = owner;
    }

    // RFC 1035 §5.1: [<TTL>] [<class>] <type> or [<class>] [<TTL>] <type>.
    let ttl: number | undefined;
    let cls: number | undefined;
    let type: number | undefined;
    for (; i < tokens.length; i++) {
      const t = tokens[i]!.text;
      if (t === 'IN' || t === 'in') {
        if (cls !== undefined) throw new ZoneFileError('class given twice');
        cls = RRClass.IN;
        continue;
      }
      const c0 = t.charCodeAt(0);
      if (c0 >= 0x30 && c0 <= 0x39) {
        if (ttl !== undefined) throw new ZoneFileError(`TTL given twice ("${t}")`);
        ttl = parseTtl(t);
        continue;
      }
      const fast = COMMON_TYPES.get(t);
      if (fast !== undefined) {
        type = fast;
        i++;
        break;
      }
      const c = classFromString(t);
      if (c !== undefined && typeFromString(t) === undefined) {
        if (cls !== undefined) throw new ZoneFileError('class given twice');
        cls = c;
        continue;
      }
      type = typeFromString(t);
      if (type === undefined) {
        throw new ZoneFileError(
          `unknown record type "${t}" (use a known mnemonic or TYPEnnn with "\\# LEN HEX" rdata)`,
        );
      }
      i++;
      break;
    }
    if (type === undefined) throw new ZoneFileError('missing record type');
    if (cls !== undefined && cls !== RRClass.IN) {
      throw new ZoneFileError(
        `class ${classToString(cls)} is not supported; only IN records can be imported`,
      );
    }
    if (
      this.#skipUnsupported &&
      !hasPresentationForm(type) &&
      !isMetaType(type) &&
      tokens[i]?.text !== GENERIC_MARKER
    ) {
      const seen = this.#skipped.get(type);
      if (seen === undefined) this.#skipped.set(type, { count: 1, line });
      else seen.count++;
      return;
    }
    const rdata = parseRdataTokens(type, tokens, i, this.#origin);

    if (type === RRType.SOA) {
      if (rdata.kind === 'SOA') this.#soaMinimum = rdata.minimum;
      if (this.#soaOwner === undefined) {
        this.#soaOwner = owner;
        // Relative names after an absolute SOA owner are relative to it when no $ORIGIN was given.
        this.#origin ??= owner;
      }
    }

    if (ttl !== undefined) {
      this.#lastTtl = ttl;
    } else {
      ttl = this.#defaultTtl(line);
    }

    if (this.#records.length >= this.#maxRecords) {
      throw new ZoneFileError(`more than ${this.#maxRecords} records; the zone is too large to import`);
    }
    this.#records.push({ owner, type, class: RRClass.IN, ttl, rdata });
  }

  /** #defaultTtl applies $TTL, else the last explicit TTL (RFC 1035 §5.1), else the SOA minimum (RFC 2308 §4). */
  #defaultTtl(line: number): number {
    if (this.#dollarTtl !== undefined) return this.#dollarTtl;
    if (this.#lastTtl !== undefined) return this.#lastTtl;
    if (this.#soaMinimum !== undefined) {
      if (!this.#warnedSoaMinimum) {
        this.#warnedSoaMinimum = true;
        this.#warnings.push(
          `${this.#file !== undefined ? `${this.#file}:` : 'line '}${line}: no TTL, no $TTL and no earlier TTL; using the SOA minimum ${this.#soaMinimum} (and for later records like it)`,
        );
      }
      return Math.min(this.#soaMinimum, 0x7fffffff);
    }
    throw new ZoneFileError('record has no TTL and there is no $TTL, earlier TTL or SOA to take one from');
  }
}

// Mnemonics seen on almost every line, looked up without case folding or regexes.
const COMMON_TYPES = new Map<string, number>(
  ['A', 'AAAA', 'NS', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'SOA', 'CAA'].flatMap((k) => [
    [k, RRType[k as keyof typeof RRType]],
    [k.toLowerCase(), RRType[k as keyof typeof RRType]],
  ]),
);

/** isZoneReadPrefix tells whether a first token is the "[zone.]" column of `knotc zone-read` output. */
function isZoneReadPrefix(first: Token, count: number): boolean {
  const t = first.text;
  return !first.quoted && count >= 4 && t.length > 3 && t.charCodeAt(0) === 0x5b && t.endsWith('.]');
}
