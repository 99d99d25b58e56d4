// The client's cache on disk (SPEC §5: "a cache on disk survives restarts"): per host, the addresses the
// provider last confirmed, and whether the host is stopped or backing off. Written atomically (temporary
// file in the same directory, fsync, rename, fsync of the directory), so a crash or power cut leaves the
// old or the new cache, never half of one; mode 0600 since it holds a password-derived fingerprint.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ClientError } from './errors.js';

/** CACHE_VERSION is the format version written to the file. */
export const CACHE_VERSION = 1;

/** StoppedState records an answer after which the host is not updated until its configuration changes. */
export interface StoppedState {
  readonly code: string;
  readonly line: string;
  readonly at: string;
  /** the host's configuration fingerprint when it was stopped (see fingerprint.ts). */
  readonly fingerprint: string;
}

/** RetryState records consecutive temporary failures and when the next attempt may be made. */
export interface RetryState {
  readonly failures: number;
  readonly notBefore: string;
  readonly reason: string;
}

/** HostState is everything remembered about one host at one provider. */
export interface HostState {
  /** the IPv4/IPv6 address the provider last confirmed (good or nochg), or null if none yet. */
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  readonly confirmedAt: string | null;
  readonly lastAnswer: string | null;
  readonly lastAttemptAt: string | null;
  readonly stopped: StoppedState | null;
  readonly retry: RetryState | null;
}

/** CacheData is the whole file. Hosts are keyed by `<update URL> <hostname>`. */
export interface CacheData {
  readonly version: number;
  /** random salt of the configuration fingerprints. */
  readonly salt: string;
  readonly hosts: Record<string, HostState>;
}

/** EMPTY_HOST_STATE is the state of a host the client has never updated. */
export const EMPTY_HOST_STATE: HostState = {
  ipv4: null,
  ipv6: null,
  confirmedAt: null,
  lastAnswer: null,
  lastAttemptAt: null,
  stopped: null,
  retry: null,
};

/** newCacheData gives an empty cache with a fresh salt. */
export function newCacheData(): CacheData {
  return { version: CACHE_VERSION, salt: randomBytes(16).toString('hex'), hosts: {} };
}

function isCacheData(v: unknown): v is CacheData {
  const c = v as Partial<CacheData> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    c.version === CACHE_VERSION &&
    typeof c.salt === 'string' &&
    typeof c.hosts === 'object' &&
    c.hosts !== null
  );
}

/** ReadCacheResult is the cache read from disk; `discarded` tells that an unreadable one was set aside. */
export interface ReadCacheResult {
  readonly data: CacheData;
  readonly discarded?: string | undefined;
}

/**
 * readCache loads the cache file. A missing file is an empty cache; a file that is not a cache (corrupt,
 * another format) is renamed to `<file>.corrupt` and an empty cache is returned; a file that cannot be read
 * (permissions) throws ERR_CLIENT_CACHE, because updating without the cache would repeat updates.
 */
export async function readCache(path: string): Promise<ReadCacheResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { data: newCacheData() };
    throw new ClientError('ERR_CLIENT_CACHE', `cannot read the cache file ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isCacheData(parsed)) {
    const hosts: Record<string, HostState> = {};
    for (const [k, v] of Object.entries(parsed.hosts)) hosts[k] = { ...EMPTY_HOST_STATE, ...v };
    return { data: { version: CACHE_VERSION, salt: parsed.salt, hosts } };
  }
  const aside = `${path}.corrupt`;
  await rename(path, aside).catch(() => undefined);
  return { data: newCacheData(), discarded: aside };
}

/**
 * ensureDirectory creates `dir` and missing parents (mode 0700), each tried once. Node's own recursive
 * mkdir never returns for a path under a file system that refuses new entries with ENOENT, such as /proc.
 */
async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    await ensureDirectory(parent);
    await mkdir(dir, { mode: 0o700 }).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  }
}

/** writeCache replaces the cache file atomically (temp + fsync + rename + directory fsync); throws ERR_CLIENT_CACHE. */
export async function writeCache(path: string, data: CacheData): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await ensureDirectory(dir);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(JSON.stringify(data, null, 2) + '\n', 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    // The rename is durable only once the directory entry is on disk.
    const dh = await open(dir, 'r');
    try {
      await dh.sync().catch(() => undefined);
    } finally {
      await dh.close();
    }
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new ClientError(
      'ERR_CLIENT_CACHE',
      `cannot write the cache file ${path}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
