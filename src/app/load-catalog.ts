// Builds the in-memory catalog from the store at start-up: every hosted zone, as a checked snapshot.
import type { Store } from '../store/store.js';
import { ZoneCatalog } from '../zone/catalog.js';
import { Zone } from '../zone/zone.js';

/**
 * loadCatalog reads every zone from the store into `catalog` (default: a new one); a zone that fails its
 * checks is reported and skipped.
 */
export async function loadCatalog(
  store: Store,
  onError: (zone: string, err: Error) => void,
  catalog = new ZoneCatalog(),
): Promise<ZoneCatalog> {
  for (const info of await store.listZones()) {
    try {
      const records = await store.loadZoneRecords(info.name);
      catalog.swap(Zone.build(info.name, records));
    } catch (err) {
      onError(info.name.toString(), err as Error);
    }
  }
  return catalog;
}
