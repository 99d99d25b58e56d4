// The shared set-up of the real-client tests ("lab"): a temp directory with the test PKI, a data directory
// with one zone and the requested dynamic hosts (created with the CLI), a private network namespace and a
// `dynzone serve` inside it using the test certificate. `close` undoes all of it and is safe to call twice
// or after a failed start.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from './clients-pki.js';
import { createNetns, type Netns } from './clients-netns.js';
import { addHost, addZone, startServe, type HostCredentials, type ServeProcess } from './clients-dynzone.js';

/** LabOptions choose the zone, the hosts and the listen addresses inside the namespace. */
export interface LabOptions {
  readonly prefix: string;
  readonly zone: string;
  /** owner names relative to the zone, e.g. ["v4", "v6"]. */
  readonly hosts: readonly string[];
  readonly httpsListen: string;
  readonly dnsPort: number;
}

/** Lab is a running set-up; `hosts` maps each relative owner to its generated credentials. */
export interface Lab {
  readonly dir: string;
  readonly dataDir: string;
  readonly pki: TestPki;
  readonly netns: Netns;
  readonly serve: ServeProcess;
  readonly hosts: ReadonlyMap<string, HostCredentials>;
  readonly dnsPort: number;
  /** fqdn gives the absolute host name (no trailing dot) of a relative owner. */
  fqdn(owner: string): string;
  close(): Promise<void>;
}

/** startLab builds the whole lab; on any failure it cleans up what it made and rethrows. */
export async function startLab(o: LabOptions): Promise<Lab> {
  const dir = await mkdtemp(join(tmpdir(), `${o.prefix}-`));
  let netns: Netns | undefined;
  let serve: ServeProcess | undefined;
  const close = async (): Promise<void> => {
    await serve?.stop().catch(() => undefined);
    await netns?.destroy().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const pki = await createTestPki(dir);
    const dataDir = join(dir, 'data');
    const fqdn = (owner: string): string => `${owner}.${o.zone}`;
    await addZone(dataDir, o.zone);
    const hosts = new Map<string, HostCredentials>();
    for (const h of o.hosts) hosts.set(h, await addHost(dataDir, fqdn(h)));
    netns = await createNetns(o.prefix);
    serve = await startServe({
      dataDir,
      netns,
      dnsListen: `127.0.0.1:${o.dnsPort}`,
      httpsListen: o.httpsListen,
      tlsCert: pki.serverCert,
      tlsKey: pki.serverKey,
    });
    return { dir, dataDir, pki, netns, serve, hosts, dnsPort: o.dnsPort, fqdn, close };
  } catch (e) {
    const out = serve?.output() ?? '';
    await close();
    throw out ? new Error(`${(e as Error).message}\n--- server output ---\n${out}`) : e;
  }
}

/** login returns the credentials of a lab host, or throws when the lab has no such host. */
export function login(lab: Lab, owner: string): HostCredentials {
  const c = lab.hosts.get(owner);
  if (!c) throw new Error(`lab has no host "${owner}"`);
  return c;
}
