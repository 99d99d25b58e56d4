// REST routes for resource records: list, add, replace, delete. Each change is one changeset through the
// zone editor with the name server's semantic checks (a refusal is ERR_ZONE_CHECK, 422, and changes
// nothing); records Dynzone maintains (SOA, apex NS, dynamic DNS addresses) are refused with
// ERR_RECORD_MANAGED.
import type { z } from 'zod';
import { defineRoute, type ApiRoute } from '../route.js';
import { DdnsError } from '../../../ddns/errors.js';
import { Record, RecordBody, RecordChange, RecordParams, SerialChange, ZoneParams } from '../schemas.js';
import type { RouteDeps } from '../deps.js';
import type { ZoneInfo } from '../../../store/store.js';

const INPUT_ERRORS = [
  'ERR_VALIDATION',
  'ERR_OWNER_INVALID',
  'ERR_RECORD_TYPE_UNSUPPORTED',
  'ERR_RECORD_VALUE_INVALID',
  'ERR_TTL_INVALID',
  'ERR_ZONE_CHECK',
  'ERR_RECORD_MANAGED',
  'ERR_STORE_CONFLICT',
] as const;

/** recordRoutes gives the resource-record routes. */
export function recordRoutes(deps: RouteDeps): ApiRoute[] {
  const { zoneAdmin, recordAdmin } = deps;

  async function currentSerial(zone: ZoneInfo): Promise<number> {
    return (await zoneAdmin.describeZone(zone)).serial ?? 0;
  }

  return [
    defineRoute<undefined, z.infer<typeof ZoneParams>>({
      method: 'GET',
      path: '/zones/{zone}/records',
      tag: 'records',
      summary: "List a domain's resource records",
      auth: 'account',
      params: ZoneParams,
      success: { status: 200, schema: Record.array(), description: 'The records, in canonical order' },
      errors: ['ERR_ZONE_NOT_FOUND'],
      async handler({ actor, params }) {
        const zone = await zoneAdmin.findZone(actor, params.zone);
        return { body: await recordAdmin.listRecords(zone.name) };
      },
    }),
    defineRoute<z.infer<typeof RecordBody>, z.infer<typeof ZoneParams>>({
      method: 'POST',
      path: '/zones/{zone}/records',
      tag: 'records',
      summary: 'Add a resource record',
      auth: 'account',
      params: ZoneParams,
      body: RecordBody,
      success: { status: 201, schema: RecordChange, description: 'Added and already served' },
      errors: ['ERR_ZONE_NOT_FOUND', 'ERR_RECORD_EXISTS', ...INPUT_ERRORS],
      async handler({ actor, params, body }) {
        const zone = await zoneAdmin.findZone(actor, params.zone);
        const r = await recordAdmin.addRecord(zone.name, { owner: body.name, ...body });
        if (r.serial === 'unchanged') {
          const rec = r.record!;
          throw new DdnsError(
            'ERR_RECORD_EXISTS',
            `${rec.fqdn} ${rec.type} ${rec.value} is already in the domain`,
          );
        }
        return { status: 201, body: { record: r.record, serial: r.serial } };
      },
    }),
    defineRoute<z.infer<typeof RecordBody>, z.infer<typeof RecordParams>>({
      method: 'PUT',
      path: '/zones/{zone}/records/{id}',
      tag: 'records',
      summary: 'Replace a resource record (owner, type, value and TTL)',
      auth: 'account',
      params: RecordParams,
      body: RecordBody,
      success: { status: 200, schema: RecordChange, description: 'Replaced and already served' },
      errors: ['ERR_ZONE_NOT_FOUND', 'ERR_RECORD_NOT_FOUND', ...INPUT_ERRORS],
      async handler({ actor, params, body }) {
        const zone = await zoneAdmin.findZone(actor, params.zone);
        const r = await recordAdmin.replaceRecord(zone.name, params.id, { owner: body.name, ...body });
        const serial = r.serial === 'unchanged' ? await currentSerial(zone) : r.serial;
        return { body: { record: r.record, serial } };
      },
    }),
    defineRoute<undefined, z.infer<typeof RecordParams>>({
      method: 'DELETE',
      path: '/zones/{zone}/records/{id}',
      tag: 'records',
      summary: 'Delete a resource record',
      auth: 'account',
      params: RecordParams,
      success: { status: 200, schema: SerialChange, description: "Deleted; the domain's new serial" },
      errors: ['ERR_ZONE_NOT_FOUND', 'ERR_RECORD_NOT_FOUND', 'ERR_RECORD_MANAGED', 'ERR_ZONE_CHECK'],
      async handler({ actor, params }) {
        const zone = await zoneAdmin.findZone(actor, params.zone);
        const r = await recordAdmin.deleteRecord(zone.name, params.id);
        return { body: { serial: r.serial === 'unchanged' ? await currentSerial(zone) : r.serial } };
      },
    }),
  ];
}
