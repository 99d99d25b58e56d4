// What a resolved configuration says, for people: `config check` prints every key with its value and
// source, and SIGHUP reports which changed keys apply now and which need a restart. Secrets never appear.
import { CONFIG_KEYS, type ReloadMode } from './keys.js';
import type { ResolvedConfig } from './resolve.js';
import { formatSource } from './sources.js';
import { formatListenAddress, type ListenAddress } from '../lib/listen-address.js';

/** ConfigChange is one key whose value differs between two resolved configurations. */
export interface ConfigChange {
  readonly key: string;
  readonly reload: ReloadMode;
}

/** diffConfig lists the keys whose validated values differ, in table order. */
export function diffConfig(before: ResolvedConfig, after: ResolvedConfig): ConfigChange[] {
  return CONFIG_KEYS.filter(
    (k) => JSON.stringify(before.values.get(k.key)) !== JSON.stringify(after.values.get(k.key)),
  ).map((k) => ({ key: k.key, reload: k.reload }));
}

/** formatValue shows a validated value the way the file would write it (secrets as "(set)"). */
export function formatValue(key: string, value: unknown): string {
  const spec = CONFIG_KEYS.find((k) => k.key === key);
  if (spec?.secret === true && value !== null) return '(set)';
  if (value === null) return 'none';
  if (isListen(value)) return formatListenAddress(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(key, v)).join(', ')}]`;
  return String(value);
}

/** describeConfig gives one line per key: "key = value  (source)". */
export function describeConfig(resolved: ResolvedConfig): string[] {
  const width = Math.max(...CONFIG_KEYS.map((k) => k.key.length));
  return CONFIG_KEYS.map((k) => {
    const source = resolved.sources.get(k.key);
    const value = formatValue(k.key, resolved.values.get(k.key));
    return `${k.key.padEnd(width)} = ${value}${source === undefined ? '' : `  (${formatSource(source)})`}`;
  });
}

function isListen(v: unknown): v is ListenAddress {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { host?: unknown }).host === 'string' &&
    typeof (v as { port?: unknown }).port === 'number'
  );
}
