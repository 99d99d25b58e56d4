// The demo zone `npm start` creates on a fresh data directory, so a new user can query something at once.
import { DnsName } from '../dns/name.js';
import { parseZoneText } from '../dns/zonefile/parser.js';
import type { Store } from '../store/store.js';
import { Zone } from '../zone/zone.js';

/** DEMO_ORIGIN is the demo zone's name. */
export const DEMO_ORIGIN = DnsName.parse('demo.test.');

function demoZoneText(serial: number): string {
  return `$ORIGIN demo.test.
$TTL 3600
@        IN SOA  ns1.demo.test. hostmaster.demo.test. ${serial} 3600 600 1209600 60
@        IN NS   ns1.demo.test.
ns1      IN A    127.0.0.1
@        IN A    192.0.2.1
@        IN AAAA 2001:db8::1
www      IN CNAME demo.test.
@        IN MX   10 mail.demo.test.
mail     IN A    192.0.2.25
@        IN TXT  "Dynzone demo zone: try dig @127.0.0.1 -p 5300 www.demo.test A"
`;
}

/** ensureDemoZone creates the demo zone when the store holds no zone at all; tells whether it did. */
export async function ensureDemoZone(store: Store, today: Date = new Date()): Promise<boolean> {
  if ((await store.listZones()).length > 0) return false;
  const ymd = today.toISOString().slice(0, 10).replaceAll('-', '');
  const parsed = parseZoneText(demoZoneText(Number(`${ymd}01`)), { origin: DEMO_ORIGIN });
  const zone = Zone.build(DEMO_ORIGIN, parsed.records);
  await store.createZone(DEMO_ORIGIN, [...zone.records()]);
  return true;
}
