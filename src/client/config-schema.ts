// The shape of the client's YAML config file (SPEC §5) as a zod schema: key names, types and ranges only.
// Keys are snake_case as in the SPEC and unknown keys are refused, so a typo such as `hostname:` is an
// error and not a silently ignored setting. Cross-field rules and file reads are in config.ts.
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** SourceSchema is one `ipv4:`/`ipv6:` entry: where the address of that family comes from. */
export const SourceSchema = z.discriminatedUnion(
  'source',
  [
    z.strictObject({ source: z.literal('web'), url: nonEmpty }),
    z.strictObject({ source: z.literal('interface'), interface: nonEmpty }),
    z.strictObject({ source: z.literal('command'), command: nonEmpty }),
    z.strictObject({ source: z.literal('fixed'), address: nonEmpty }),
  ],
  { error: 'source must be one of web, interface, command, fixed' },
);

/** AccountSchema is one entry of `accounts:`: a login at a dyndns2 server and the hosts it updates. */
export const AccountSchema = z.strictObject({
  server: nonEmpty,
  username: z.string().optional(),
  password: z.string().optional(),
  password_file: nonEmpty.optional(),
  password_env: nonEmpty.optional(),
  ca_file: nonEmpty.optional(),
  hostnames: z.union([
    nonEmpty.transform((h) => [h]),
    z.array(nonEmpty).min(1, 'must list at least one hostname'),
  ]),
  ipv4: SourceSchema.optional(),
  ipv6: SourceSchema.optional(),
  allow_private: z.boolean().default(false),
});

/** ConfigSchema is the whole file. */
export const ConfigSchema = z.strictObject({
  interval: z
    .int()
    .min(30, 'must be at least 30 seconds')
    .max(86400, 'must be at most 86400 seconds')
    .default(300),
  cache: nonEmpty.optional(),
  timeout: z.int().min(1, 'must be at least 1 second').max(300, 'must be at most 300 seconds').default(30),
  accounts: z.array(AccountSchema).min(1, 'must list at least one account'),
});

/** RawConfig is the file as the schema accepted it (before files are read and names checked). */
export type RawConfig = z.infer<typeof ConfigSchema>;

/** RawAccount is one account as the schema accepted it. */
export type RawAccount = z.infer<typeof AccountSchema>;

/** RawSource is one address source as the schema accepted it. */
export type RawSource = z.infer<typeof SourceSchema>;
