// The two UDP transports the name server can run on, for tests that must pass on both: the batched
// addon (skipped, with the reason, when it is not built on this machine) and node:dgram.
import { loadUdpAddon, type UdpTransportKind } from '../../src/nameserver/transport/udp-addon.js';

/** UdpTransportCase is one transport to run a test suite on. */
export interface UdpTransportCase {
  readonly kind: UdpTransportKind;
  /** skip is the reason the transport cannot run here, or false. */
  readonly skip: string | false;
}

/** nativeSkip is why the addon cannot be tested here, or false when it loads. */
export function nativeSkip(): string | false {
  const r = loadUdpAddon();
  return 'addon' in r ? false : `batched UDP addon unavailable: ${r.reason}`;
}

/** UDP_TRANSPORTS lists both transports, the addon first. */
export const UDP_TRANSPORTS: readonly UdpTransportCase[] = [
  { kind: 'native', skip: nativeSkip() },
  { kind: 'dgram', skip: false },
];
