// Address source `interface`: the addresses configured on a network interface (SPEC §5), read with
// os.networkInterfaces(). On Linux, /proc/net/if_inet6 also gives each IPv6 address's flags: tentative,
// duplicate and deprecated addresses are dropped, and stable addresses come before RFC 8981 temporary
// (privacy) ones, which change daily and would cause needless updates.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { readFile } from 'node:fs/promises';
import { ClientError } from '../errors.js';
import { parseAddress, type AddressFamily } from '../address-scope.js';

// include/uapi/linux/if_addr.h
const IFA_F_TEMPORARY = 0x01;
const IFA_F_DADFAILED = 0x08;
const IFA_F_DEPRECATED = 0x20;
const IFA_F_TENTATIVE = 0x40;

/** InterfaceSourceDeps let tests hand in interface data; the defaults read the running system. */
export interface InterfaceSourceDeps {
  readonly listInterfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** readIfInet6 gives the text of /proc/net/if_inet6 ('' where there is none). */
  readonly readIfInet6?: () => Promise<string>;
}

/** parseIfInet6 maps "canonical IPv6 address|interface" to the kernel's IFA_F_* flags. */
export function parseIfInet6(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !/^[0-9a-f]{32}$/i.test(f[0]!)) continue;
    const hex = f[0]!;
    const groups = hex.match(/.{4}/g)!.join(':');
    const p = parseAddress(groups);
    if (p) out.set(`${p.address}|${f[5]}`, parseInt(f[4]!, 16));
  }
  return out;
}

/** interfaceCandidates gives the usable addresses of `family` on interface `name`, stable ones first. */
export async function interfaceCandidates(
  name: string,
  family: AddressFamily,
  deps: InterfaceSourceDeps = {},
): Promise<string[]> {
  const all = (deps.listInterfaces ?? networkInterfaces)();
  const entries = all[name];
  if (!entries) {
    const known = Object.keys(all).sort().join(', ');
    throw new ClientError(
      'ERR_CLIENT_DETECT',
      `no network interface "${name}" (there are: ${known || 'none'})`,
    );
  }
  const wanted = family === 'ipv4' ? 'IPv4' : 'IPv6';
  const addrs = entries.filter((e) => e.family === wanted).map((e) => e.address.replace(/%.*$/, ''));
  if (family === 'ipv4') return addrs;
  const read = deps.readIfInet6 ?? (() => readFile('/proc/net/if_inet6', 'utf8').catch(() => ''));
  const flags = parseIfInet6(await read());
  const flagsOf = (a: string): number => flags.get(`${parseAddress(a)?.address ?? a}|${name}`) ?? 0;
  const usable = addrs.filter(
    (a) => (flagsOf(a) & (IFA_F_TENTATIVE | IFA_F_DADFAILED | IFA_F_DEPRECATED)) === 0,
  );
  const stable = usable.filter((a) => (flagsOf(a) & IFA_F_TEMPORARY) === 0);
  const temporary = usable.filter((a) => (flagsOf(a) & IFA_F_TEMPORARY) !== 0);
  return [...stable, ...temporary];
}
