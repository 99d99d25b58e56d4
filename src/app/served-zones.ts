// The zones this server process serves: the primary's ZoneCatalog plus, when DNS runs in node:cluster
// workers, the publication of every change to them. It is the catalog that the zone editor, the update
// service and the change feed swap into; `swap` settles only once every worker acknowledged the new
// snapshot, so an update is answered `good` only when every process that answers DNS already serves it
// (SPEC §8).
import type { DnsName } from '../dns/name.js';
import type { DnsWorkers } from '../nameserver/cluster.js';
import type { ZoneCatalog } from '../zone/catalog.js';
import type { AppliedChange } from '../zone/changeset.js';
import type { Zone } from '../zone/zone.js';

/** ZoneChangeLog is told about every change of what is served (one line per zone change). */
export interface ZoneChangeLog {
  info(obj: object, msg: string): void;
}

/** ServedZones wraps the catalog and (optionally) the DNS workers that mirror it. */
export class ServedZones {
  readonly #catalog: ZoneCatalog;
  readonly #workers: DnsWorkers | undefined;
  readonly #log: ZoneChangeLog | undefined;

  constructor(catalog: ZoneCatalog, workers?: DnsWorkers, log?: ZoneChangeLog) {
    this.#catalog = catalog;
    this.#workers = workers;
    this.#log = log;
  }

  /** zones lists the served snapshots. */
  zones(): readonly Zone[] {
    return this.#catalog.zones();
  }

  /** get gives the served snapshot of the zone whose origin is exactly `origin`. */
  get(origin: DnsName): Zone | undefined {
    return this.#catalog.get(origin);
  }

  /** findZone gives the served zone with the longest origin at or above `qname`. */
  findZone(qname: DnsName): Zone | undefined {
    return this.#catalog.findZone(qname);
  }

  /** size is the number of served zones. */
  get size(): number {
    return this.#catalog.size;
  }

  /**
   * swap installs `zone` and resolves once every DNS worker serves it. With `change` (how `zone` was
   * derived from the snapshot at `change.fromSerial`), workers get only the changeset.
   */
  async swap(zone: Zone, change?: AppliedChange): Promise<void> {
    const previous = this.#catalog.get(zone.origin);
    this.#catalog.swap(zone);
    if (previous?.serial !== zone.serial) {
      this.#log?.info(
        {
          zone: zone.origin.toString(),
          serial: zone.serial,
          previousSerial: previous?.serial,
          ...(change
            ? { removed: change.changeset.removed.length, added: change.changeset.added.length }
            : {}),
        },
        previous === undefined ? 'zone added' : 'zone changed',
      );
    }
    if (this.#workers === undefined || previous === zone) return;
    if (change !== undefined && previous !== undefined && previous.serial === change.fromSerial) {
      await this.#workers.publish({
        kind: 'changeset',
        zone,
        fromSerial: change.fromSerial,
        changeset: change.changeset,
      });
    } else {
      await this.#workers.publish({ kind: 'zone', zone });
    }
  }

  /** remove stops serving the zone at `origin`, everywhere. */
  async remove(origin: DnsName): Promise<boolean> {
    const had = this.#catalog.remove(origin);
    if (had) this.#log?.info({ zone: origin.toString() }, 'zone removed');
    if (had && this.#workers !== undefined) await this.#workers.publish({ kind: 'remove', origin });
    return had;
  }
}
