// Starts Dynzone's name server in-process for interop tests: parses master files with the product's parser,
// builds Zone snapshots into a ZoneCatalog and listens on 127.0.0.1 port 0 (UDP and TCP share the port).
// The same shape as knot.ts's RunningServer, so tests can treat both servers alike.
import { readFile } from 'node:fs/promises';
import { DnsName } from '../../src/dns/name.js';
import { parseZoneText } from '../../src/dns/zonefile/parser.js';
import { Zone } from '../../src/zone/zone.js';
import { ZoneCatalog } from '../../src/zone/catalog.js';
import { startNameServer } from '../../src/nameserver/server.js';
import type { RunningServer, ZoneFile } from './knot.js';

/** loadCatalog parses each zone file and swaps the built zone into a new catalog. */
export async function loadCatalog(zones: readonly ZoneFile[]): Promise<ZoneCatalog> {
  const catalog = new ZoneCatalog();
  for (const z of zones) {
    const origin = DnsName.parse(z.origin);
    const parsed = parseZoneText(await readFile(z.file, 'utf8'), { origin, fileName: z.file });
    catalog.swap(Zone.build(parsed.origin, parsed.records));
  }
  return catalog;
}

/** startDynzone serves `zones` with startNameServer on 127.0.0.1:0 and resolves once it listens. */
export async function startDynzone(zones: readonly ZoneFile[]): Promise<RunningServer> {
  const catalog = await loadCatalog(zones);
  const server = await startNameServer({ catalog, listen: [{ host: '127.0.0.1', port: 0 }] });
  const first: unknown = server.addresses[0];
  const port = (first as { port?: unknown } | undefined)?.port;
  if (typeof port !== 'number')
    throw new Error(`startNameServer gave no port: ${JSON.stringify(server.addresses)}`);
  return {
    host: '127.0.0.1',
    port,
    output: () => '',
    stop: () => server.close(),
  };
}
