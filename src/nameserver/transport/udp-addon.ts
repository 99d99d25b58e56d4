// The optional batched-UDP addon (native/udp_batch.c, built at install by scripts/build-native.mjs) and
// the choice between it and node:dgram. The addon is loaded at most once per process; when it is missing
// or does not load, `chooseUdpTransport` says why and the name server serves UDP with node:dgram.
// The configuration key dns.udp (DYNZONE_DNS_UDP) picks it in `dynzone serve`; callers that pass no choice
// (benchmarks, tests) read the same variable: dgram forces node:dgram, native requires the addon.
import { createRequire } from 'node:module';

/** UdpAddonHandle is the addon's opaque socket handle. */
export type UdpAddonHandle = object & { readonly __udpAddonHandle: unique symbol };

/** UdpAddon is the addon's interface (native/udp_batch.c documents each function). */
export interface UdpAddon {
  /** open binds host:port and starts polling; returns the handle, the shared block and the bound port. */
  open(
    host: string,
    port: number,
    reusePort: boolean,
    batch: number,
    slot: number,
    recvBufferSize: number,
    onBatch: (count: number) => void,
    onError: (code: string, syscall: string, lost: number) => void,
  ): [UdpAddonHandle, ArrayBuffer, number];
  /** close stops polling and closes the socket; idempotent. */
  close(handle: UdpAddonHandle): void;
  /** stats returns the counters in UDP_STAT_NAMES order. */
  stats(handle: UdpAddonHandle): Float64Array;
  /** injectSendErrors makes the next `count` sendmmsg calls fail with `errno` (tests only). */
  injectSendErrors(handle: UdpAddonHandle, errno: number, count: number): void;
  readonly PEER_SLOT: number;
  readonly MAX_BATCH: number;
  readonly EAGAIN: number;
  readonly EPERM: number;
}

/** UDP_STAT_NAMES names the addon's counters, in the order `stats` returns them. */
export const UDP_STAT_NAMES = [
  'received',
  'batches',
  'sent',
  'sendDropped',
  'sendErrors',
  'oversize',
  'recvErrors',
] as const;

/** UdpTransportKind is how a name server serves UDP. */
export type UdpTransportKind = 'native' | 'dgram';

/** UdpTransportRequest asks for a transport; 'auto' takes the addon when it loads. */
export type UdpTransportRequest = UdpTransportKind | 'auto';

/** UdpTransportChoice is the transport to use and, for node:dgram, why. */
export interface UdpTransportChoice {
  readonly kind: UdpTransportKind;
  /** reason is set when node:dgram serves: forced, or why the addon is unavailable. */
  readonly reason?: string;
  /** fallback is set when the addon was wanted ('auto') but could not be used. */
  readonly fallback?: boolean;
}

/** ADDON_PATH is where node-gyp leaves the addon, relative to this module in dist/src/nameserver/transport. */
const ADDON_PATH = '../../../../native/build/Release/dynzone_udp.node';

let loaded: { addon: UdpAddon } | { reason: string } | undefined;

/** loadUdpAddon loads the addon once; returns it, or the reason it is unavailable. */
export function loadUdpAddon(): { addon: UdpAddon } | { reason: string } {
  if (loaded !== undefined) return loaded;
  if (process.platform !== 'linux') return (loaded = { reason: `not built on ${process.platform}` });
  try {
    const require = createRequire(import.meta.url);
    loaded = { addon: require(ADDON_PATH) as UdpAddon };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    loaded = {
      reason:
        code === 'MODULE_NOT_FOUND'
          ? 'native/build/Release/dynzone_udp.node is not built (npm run build:native)'
          : `the addon does not load: ${(err as Error).message.split('\n')[0]}`,
    };
  }
  return loaded;
}

/** UDP_ENV is the variable of the configuration key dns.udp, also read when no choice is passed. */
export const UDP_ENV = 'DYNZONE_DNS_UDP';

/** requestFromEnv reads DYNZONE_DNS_UDP (auto, native or dgram; unset = auto). */
export function requestFromEnv(env: NodeJS.ProcessEnv = process.env): UdpTransportRequest {
  const v = env[UDP_ENV]?.trim();
  if (v === undefined || v === '' || v === 'auto') return 'auto';
  if (v === 'native' || v === 'dgram') return v;
  throw new Error(`${UDP_ENV} must be auto, native or dgram, not "${v}"`);
}

/**
 * chooseUdpTransport decides how UDP is served: `requested` (default: DYNZONE_DNS_UDP, else auto). Asking
 * for 'native' when the addon is unavailable throws; 'auto' then falls back to node:dgram.
 */
export function chooseUdpTransport(requested: UdpTransportRequest = requestFromEnv()): UdpTransportChoice {
  if (requested === 'dgram') return { kind: 'dgram', reason: 'node:dgram requested' };
  const r = loadUdpAddon();
  if ('addon' in r) return { kind: 'native' };
  if (requested === 'native') throw new Error(`batched UDP addon unavailable: ${r.reason}`);
  return { kind: 'dgram', reason: r.reason, fallback: true };
}
