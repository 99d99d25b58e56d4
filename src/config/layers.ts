// The three sources a configuration is read from, each turned into a layer (key → raw value + source):
// the YAML file (with the line of every value, from yaml's parseDocument ranges), DYNZONE_* environment
// variables, and command-line flags. Layers are not validated here; resolve.ts checks the winning value.
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError } from './errors.js';
import { CONFIG_KEYS, KEY_BY_NAME, SECTIONS } from './keys.js';
import type { ValueSource } from './sources.js';

/** RawValue is one key's value as a source gave it, before validation. */
export interface RawValue {
  readonly value: unknown;
  readonly source: ValueSource;
  /** itemSources gives, for a list from the file, the source (line) of each item. */
  readonly itemSources?: readonly ValueSource[];
}

/** Layer maps dotted keys to the raw values one source sets. */
export type Layer = Map<string, RawValue>;

/** NON_KEY_ENV are DYNZONE_* variables that are not configuration keys. */
const NON_KEY_ENV = /^DYNZONE_(CONFIG|DNS_WORKER_STORE|TEST_.*)$/;

/** readFileLayer reads and parses a YAML config file; an unreadable file or bad YAML is a ConfigError. */
export function readFileLayer(path: string): Layer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError('ERR_CONFIG_UNREADABLE', `cannot read ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return parseFileLayer(text, path);
}

/** parseFileLayer parses YAML text (named `file` in messages) into a layer, rejecting unknown keys. */
export function parseFileLayer(text: string, file: string): Layer {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): ValueSource => ({ kind: 'file', file, line: lines.linePos(offset).line });
  const firstError = doc.errors[0];
  if (firstError !== undefined) {
    const detail = firstError.message.split('\n')[0] ?? 'invalid YAML';
    throw new ConfigError('ERR_CONFIG_SYNTAX', `YAML: ${detail}`, { source: lineAt(firstError.pos[0]) });
  }
  const layer: Layer = new Map();
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return layer; // an empty file
  if (!isMap(root)) {
    throw new ConfigError('ERR_CONFIG_INVALID', 'the file must be a mapping of keys (key: value)', {
      source: lineAt(root.range?.[0] ?? 0),
    });
  }
  walkMap(doc, root, '', layer, lineAt);
  return layer;
}

function walkMap(
  doc: Document,
  map: Node,
  prefix: string,
  layer: Layer,
  lineAt: (offset: number) => ValueSource,
): void {
  if (!isMap(map)) return;
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const keyStart = keyNode?.range?.[0] ?? 0;
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
      throw new ConfigError('ERR_CONFIG_INVALID', 'keys must be plain names', { source: lineAt(keyStart) });
    }
    const name = prefix === '' ? keyNode.value : `${prefix}.${keyNode.value}`;
    const valueNode = pair.value as Node | null;
    const valueSource = lineAt(valueNode?.range?.[0] ?? keyStart);
    if (KEY_BY_NAME.has(name)) {
      const value: unknown = valueNode === null ? null : valueNode.toJS(doc);
      const itemSources = isSeq(valueNode)
        ? valueNode.items.map((item) => lineAt((item as Node | null)?.range?.[0] ?? keyStart))
        : undefined;
      layer.set(name, { value, source: valueSource, ...(itemSources ? { itemSources } : {}) });
    } else if (SECTIONS.has(name)) {
      if (valueNode === null || (isScalar(valueNode) && valueNode.value === null)) continue;
      if (!isMap(valueNode)) {
        throw new ConfigError('ERR_CONFIG_INVALID', 'expected a mapping of keys under this section', {
          key: name,
          source: valueSource,
        });
      }
      walkMap(doc, valueNode, name, layer, lineAt);
    } else {
      const hint = suggestKey(name);
      throw new ConfigError(
        'ERR_CONFIG_INVALID',
        `unknown key${hint === undefined ? '' : ` (did you mean ${hint}?)`}`,
        { key: name, source: lineAt(keyStart) },
      );
    }
  }
}

/** envLayer reads DYNZONE_* variables; unknown ones are returned as warnings (they may be typos). */
export function envLayer(env: NodeJS.ProcessEnv): { layer: Layer; warnings: string[] } {
  const layer: Layer = new Map();
  for (const spec of CONFIG_KEYS) {
    const text = env[spec.env];
    if (text === undefined) continue;
    layer.set(spec.key, { value: spec.kind.fromText(text), source: { kind: 'env', name: spec.env } });
  }
  const known = new Set(CONFIG_KEYS.map((k) => k.env));
  const warnings = Object.keys(env)
    .filter((n) => n.startsWith('DYNZONE_') && !known.has(n) && !NON_KEY_ENV.test(n))
    .sort()
    .map((n) => `environment variable ${n} is not a configuration key; ignored`);
  return { layer, warnings };
}

/** FlagValue is one command-line flag's value: text (or repeated texts) and the flag's name. */
export interface FlagValue {
  readonly value: string | boolean | readonly string[];
  readonly flag: string;
}

/** flagLayer turns flag values (keyed by config key) into a layer; texts are read like env values. */
export function flagLayer(flags: ReadonlyMap<string, FlagValue>): Layer {
  const layer: Layer = new Map();
  for (const [key, f] of flags) {
    const spec = KEY_BY_NAME.get(key);
    if (spec === undefined) throw new Error(`flag ${f.flag} maps to unknown key ${key}`);
    const value = typeof f.value === 'string' ? spec.kind.fromText(f.value) : f.value;
    layer.set(key, { value, source: { kind: 'flag', flag: f.flag } });
  }
  return layer;
}

/** suggestKey gives the closest known key (at most 3 edits away), for "did you mean". */
function suggestKey(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of [...KEY_BY_NAME.keys(), ...SECTIONS]) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
