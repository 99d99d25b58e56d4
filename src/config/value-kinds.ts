// The value types a configuration key can have, each as a zod schema for the value as YAML gives it plus
// the conversion from text for environment variables and flags (numbers, booleans, comma-separated lists).
// A file value and an environment value therefore pass through the very same checks.
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseListenAddress, type ListenAddress } from '../lib/listen-address.js';

/** ValueKind is one value type: `schema` validates and normalises, `fromText` reads env/flag text. */
export interface ValueKind<T> {
  readonly schema: z.ZodType<T>;
  readonly fromText: (text: string) => unknown;
  /** type is how docs and `config check` describe the type. */
  readonly type: string;
}

/** HOSTNAME is LDH labels separated by dots, an optional final dot, at most 253 octets (RFC 1123 §2.1). */
const HOSTNAME =
  /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

const OFF_WORDS = new Set(['none', 'off', '']);

function listenSchema(): z.ZodType<ListenAddress> {
  return z.string({ error: 'expected HOST:PORT' }).transform((text, ctx) => {
    try {
      return parseListenAddress(text.trim());
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function intFromText(text: string): unknown {
  const t = text.trim();
  return /^-?[0-9]+$/.test(t) ? Number(t) : t;
}

/** listen is HOST:PORT or [IPv6]:PORT. */
export const listen: ValueKind<ListenAddress> = {
  schema: listenSchema(),
  fromText: (t) => t,
  type: 'HOST:PORT',
};

/** optionalListen is HOST:PORT, or `none` (or YAML null) for a listener that is off. */
export const optionalListen: ValueKind<ListenAddress | null> = {
  schema: z.union([z.null(), z.literal('none').transform(() => null), listenSchema()]),
  fromText: (t) => (OFF_WORDS.has(t.trim().toLowerCase()) ? null : t),
  type: 'HOST:PORT | none',
};

/** listenList is one or more HOST:PORT (a YAML list; comma-separated in env and flags). */
export const listenList: ValueKind<ListenAddress[]> = {
  // A single address is taken as a list of one; items keep their index so errors point at the item.
  schema: z.preprocess(
    (v) => (typeof v === 'string' ? [v] : v),
    z.array(listenSchema(), { error: 'expected a list of HOST:PORT' }).min(1, {
      error: 'expected at least one HOST:PORT',
    }),
  ),
  fromText: splitList,
  type: 'list of HOST:PORT',
};

/** text is a non-empty string (file paths included; relative paths are relative to the working directory). */
export const text: ValueKind<string> = {
  schema: z.string({ error: 'expected a string' }).trim().min(1, { error: 'must not be empty' }),
  fromText: (t) => t,
  type: 'string',
};

/** optionalText is a non-empty string or null (unset). */
export const optionalText: ValueKind<string | null> = {
  schema: z.union([z.null(), text.schema]),
  fromText: (t) => (t.trim() === '' ? null : t),
  type: 'string | null',
};

/** bool is true/false (env and flags also take yes/no, on/off, 1/0). */
export const bool: ValueKind<boolean> = {
  schema: z.boolean({ error: 'expected true or false' }),
  fromText: (t) => {
    const v = t.trim().toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(v)) return true;
    if (['false', 'no', 'off', '0'].includes(v)) return false;
    return t;
  },
  type: 'boolean',
};

/** int gives an integer kind bounded to [min, max]. */
export function int(min: number, max: number): ValueKind<number> {
  return {
    schema: z
      .number({ error: `expected an integer from ${min} to ${max}` })
      .int({ error: `expected an integer from ${min} to ${max}` })
      .min(min, { error: `expected an integer from ${min} to ${max}` })
      .max(max, { error: `expected an integer from ${min} to ${max}` }),
    fromText: intFromText,
    type: `integer ${min}..${max}`,
  };
}

/** intOrNone gives an integer kind where `none` (or null) means "no limit". */
export function intOrNone(min: number, max: number): ValueKind<number | null> {
  const inner = int(min, max);
  return {
    schema: z.union([z.null(), z.literal('none').transform(() => null), inner.schema]),
    fromText: (t) => (t.trim().toLowerCase() === 'none' ? null : intFromText(t)),
    type: `${inner.type} | none`,
  };
}

/** workers is `auto` or a worker count 0..64. */
export const workers: ValueKind<number | 'auto'> = {
  schema: z.union([z.literal('auto'), int(0, 64).schema], {
    error: 'expected "auto" or an integer from 0 to 64',
  }),
  fromText: (t) => (t.trim() === 'auto' ? 'auto' : intFromText(t)),
  type: 'auto | integer 0..64',
};

/** oneOf gives an enumeration kind. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): ValueKind<T[number]> {
  return {
    schema: z.enum(values, { error: `expected one of ${values.join(', ')}` }),
    fromText: (t) => t.trim(),
    type: values.join(' | '),
  };
}

/** stringList is a list of non-empty strings (comma-separated in env and flags). */
export const stringList: ValueKind<string[]> = {
  schema: z.array(text.schema, { error: 'expected a list of strings' }),
  fromText: splitList,
  type: 'list of strings',
};

/** cidrList is a list of IP addresses or CIDR prefixes ("10.0.0.2", "10.0.0.0/8", "::1"). */
export const cidrList: ValueKind<string[]> = {
  schema: z.array(
    z
      .string({ error: 'expected an address or CIDR prefix' })
      .trim()
      .refine(isCidr, { error: 'expected an IP address or CIDR prefix such as 10.0.0.0/8' }),
    { error: 'expected a list of addresses or CIDR prefixes' },
  ),
  fromText: splitList,
  type: 'list of IP addresses / CIDR prefixes',
};

/** hostnameList is a list of absolute-or-relative DNS host names (name servers). */
export const hostnameList: ValueKind<string[]> = {
  schema: z.array(
    z
      .string({ error: 'expected a host name' })
      .trim()
      .refine((s) => HOSTNAME.test(s), { error: 'expected a host name such as ns1.example.net' }),
    { error: 'expected a list of host names' },
  ),
  fromText: splitList,
  type: 'list of host names',
};

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  const addr = slash < 0 ? s : s.slice(0, slash);
  const family = isIP(addr);
  if (family === 0) return false;
  if (slash < 0) return true;
  const bits = s.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}
