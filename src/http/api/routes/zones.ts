// REST routes for domains (zones): list, add (default or custom name servers), show (serial, the name
// servers to set at the registrar, whether dynamic DNS is available), switch name-server mode, delete.
// Every route sees only the caller's domains (ddns/access.ts); another account's domain is "not found".
import type { z } from 'zod';
import { defineRoute, type ApiRoute } from '../route.js';
import { Zone, ZoneCreateBody, ZoneParams, ZonePatchBody } from '../schemas.js';
import type { RouteDeps } from '../deps.js';

/** zoneRoutes gives the domain routes. */
export function zoneRoutes(deps: RouteDeps): ApiRoute[] {
  const { zoneAdmin } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: '/zones',
      tag: 'zones',
      summary: "List the caller's domains",
      auth: 'account',
      success: { status: 200, schema: Zone.array(), description: 'The domains' },
      errors: [],
      async handler({ actor }) {
        return { body: await zoneAdmin.listZones(actor) };
      },
    }),
    defineRoute<z.infer<typeof ZoneCreateBody>>({
      method: 'POST',
      path: '/zones',
      tag: 'zones',
      summary: 'Add a domain, with an SOA and NS records',
      description:
        'In default mode the NS records name this service; set them at your registrar. In custom mode ' +
        'give the name servers the domain is delegated to (dynamic DNS is then unavailable).',
      auth: 'account',
      body: ZoneCreateBody,
      success: { status: 201, schema: Zone, description: 'The new domain, already served' },
      errors: [
        'ERR_VALIDATION',
        'ERR_ZONE_NAME_INVALID',
        'ERR_NS_NAME_INVALID',
        'ERR_ZONE_NS_REQUIRED',
        'ERR_ZONE_EXISTS',
        'ERR_ZONE_OVERLAP',
      ],
      async handler({ actor, body }) {
        const { zone } = await zoneAdmin.createZone(body.name, {
          ownerAccountId: actor!.accountId,
          actor,
          nsMode: body.nsMode,
          nameServers: body.nameServers,
        });
        return { status: 201, body: await zoneAdmin.describeZone(zone) };
      },
    }),
    defineRoute<undefined, z.infer<typeof ZoneParams>>({
      method: 'GET',
      path: '/zones/{zone}',
      tag: 'zones',
      summary: 'Show a domain',
      auth: 'account',
      params: ZoneParams,
      success: { status: 200, schema: Zone, description: 'The domain' },
      errors: ['ERR_ZONE_NAME_INVALID', 'ERR_ZONE_NOT_FOUND'],
      async handler({ actor, params }) {
        return { body: await zoneAdmin.describeZone(await zoneAdmin.findZone(actor, params.zone)) };
      },
    }),
    defineRoute<z.infer<typeof ZonePatchBody>, z.infer<typeof ZoneParams>>({
      method: 'PATCH',
      path: '/zones/{zone}',
      tag: 'zones',
      summary: "Switch a domain's name-server mode (rewrites its NS records)",
      description:
        'Custom mode is refused (ERR_ZONE_CUSTOM_NS) while the domain has dynamic DNS records: delete them first.',
      auth: 'account',
      params: ZoneParams,
      body: ZonePatchBody,
      success: { status: 200, schema: Zone, description: 'The domain' },
      errors: [
        'ERR_VALIDATION',
        'ERR_ZONE_NOT_FOUND',
        'ERR_NS_NAME_INVALID',
        'ERR_ZONE_NS_REQUIRED',
        'ERR_ZONE_CUSTOM_NS',
        'ERR_ZONE_CHECK',
      ],
      async handler({ actor, params, body }) {
        const zone = await zoneAdmin.findZone(actor, params.zone);
        return { body: await zoneAdmin.setNameServerMode(zone, body.nsMode, body.nameServers) };
      },
    }),
    defineRoute<undefined, z.infer<typeof ZoneParams>>({
      method: 'DELETE',
      path: '/zones/{zone}',
      tag: 'zones',
      summary: 'Delete a domain with all its records and dynamic DNS records',
      auth: 'account',
      params: ZoneParams,
      success: { status: 204, description: 'Deleted; the name server no longer answers for it' },
      errors: ['ERR_ZONE_NOT_FOUND'],
      async handler({ actor, params }) {
        await zoneAdmin.deleteZone(await zoneAdmin.findZone(actor, params.zone));
        return { status: 204 };
      },
    }),
  ];
}
