// REST routes for dynamic DNS records ("Manage dynamic DNS"): list, create (apex or subdomain, with
// generated credentials), show (address, state, TTL, last update, history), view and regenerate
// credentials, offline/online, unblock, delete. Only in a domain the caller manages, and only in default
// name-server mode for creation (custom mode: ERR_ZONE_CUSTOM_NS). Uses ddns/host-admin.ts, the same use
// cases as the CLI, whose changes go through the zone editor like /nic/update's.
import type { z } from 'zod';
import { defineRoute, type ApiRoute } from '../route.js';
import {
  Credentials,
  Host,
  HostCreateBody,
  HostCreated,
  HostDetails,
  HostParams,
  HostPatchBody,
  ZoneParams,
} from '../schemas.js';
import type { RouteDeps } from '../deps.js';
import type { Actor } from '../../../ddns/access.js';
import { DdnsError, isDdnsError } from '../../../ddns/errors.js';
import { hostText, type HostDetails as HostDetailsValue, type HostInfo } from '../../../ddns/host-admin.js';
import { parseHostname } from '../../../ddns/dyndns2.js';
import type { ZoneInfo } from '../../../store/store.js';

const HOST_ERRORS = ['ERR_ZONE_NOT_FOUND', 'ERR_HOST_NOT_FOUND', 'ERR_HOST_NAME_INVALID'] as const;
const HISTORY_LIMIT = 50;

function relativeName(hostname: string, zone: string): string {
  return hostname === zone ? '@' : hostname.slice(0, -(zone.length + 1));
}

function hostBody(h: HostInfo): z.infer<typeof Host> {
  return {
    hostname: h.hostname,
    name: relativeName(h.hostname, h.zone),
    zone: h.zone,
    username: h.username,
    mode: h.mode,
    ttl: h.ttl,
    ipv4: h.ipv4,
    ipv6: h.ipv6,
    state: h.state,
    blockedUntil: h.blockedUntil,
    updates: h.updates,
    nochg: h.nochg,
    createdAt: h.createdAt,
    lastUpdateAt: h.lastUpdateAt,
  };
}

function detailsBody(h: HostDetailsValue): z.infer<typeof HostDetails> {
  return {
    ...hostBody(h),
    history: h.history.map((e) => ({
      at: e.at.toISOString(),
      oldIpv4: e.oldIpv4,
      newIpv4: e.newIpv4,
      oldIpv6: e.oldIpv6,
      newIpv6: e.newIpv6,
      oldState: e.oldState,
      newState: e.newState,
      sourceIp: e.sourceIp,
      userAgent: e.userAgent,
      answer: e.answer,
    })),
  };
}

/** hostRoutes gives the dynamic DNS routes. */
export function hostRoutes(deps: RouteDeps): ApiRoute[] {
  const { zoneAdmin, hostAdmin } = deps;

  /** hostOf finds a dynamic DNS record of a zone the actor manages; anything else is "not found". */
  async function hostOf(
    actor: Actor | undefined,
    zoneText: string,
    hostname: string,
  ): Promise<{ zone: ZoneInfo; fqdn: string }> {
    const zone = await zoneAdmin.findZone(actor, zoneText);
    const name = parseHostname(hostname);
    const zoneName = hostText(zone.name);
    if (!name || !name.isSubdomainOf(zone.name)) {
      throw new DdnsError('ERR_HOST_NOT_FOUND', `no dynamic DNS record ${hostname} in ${zoneName}`, {
        hostname,
      });
    }
    const fqdn = hostText(name);
    const host = await hostAdmin.getHost(fqdn, 0).catch((e: unknown) => {
      if (isDdnsError(e, 'ERR_HOST_NOT_FOUND')) return undefined;
      throw e;
    });
    if (!host || host.zone !== zoneName) {
      throw new DdnsError('ERR_HOST_NOT_FOUND', `no dynamic DNS record ${fqdn} in ${zoneName}`, {
        hostname: fqdn,
      });
    }
    return { zone, fqdn };
  }

  return [
    defineRoute<undefined, z.infer<typeof ZoneParams>>({
      method: 'GET',
      path: '/zones/{zone}/hosts',
      tag: 'dynamic-dns',
      summary: "List a domain's dynamic DNS records",
      auth: 'account',
      params: ZoneParams,
      success: { status: 200, schema: Host.array(), description: 'The dynamic DNS records' },
      errors: ['ERR_ZONE_NOT_FOUND'],
      async handler({ actor, params }) {
        const zone = await zoneAdmin.findZone(actor, params.zone);
        return { body: (await hostAdmin.listHosts({ zoneId: zone.id })).map(hostBody) };
      },
    }),
    defineRoute<z.infer<typeof HostCreateBody>, z.infer<typeof ZoneParams>>({
      method: 'POST',
      path: '/zones/{zone}/hosts',
      tag: 'dynamic-dns',
      summary: 'Create a dynamic DNS record (the domain itself or a subdomain) with generated credentials',
      auth: 'account',
      params: ZoneParams,
      body: HostCreateBody,
      success: { status: 201, schema: HostCreated, description: 'The record and its credentials' },
      errors: [
        'ERR_VALIDATION',
        'ERR_ZONE_NOT_FOUND',
        'ERR_ZONE_CUSTOM_NS',
        'ERR_HOST_NAME_INVALID',
        'ERR_HOST_EXISTS',
        'ERR_HOST_NAME_CONFLICT',
      ],
      async handler({ actor, params, body }) {
        const zone = await zoneAdmin.findZone(actor, params.zone);
        const zoneName = hostText(zone.name);
        // "@" or nothing: the domain itself; "home": relative; "home.example.test." (or ending in the
        // domain's name): absolute.
        const raw = body.name.trim();
        const label = raw.replace(/\.$/, '');
        const lower = label.toLowerCase();
        const absolute = raw.endsWith('.') || lower === zoneName || lower.endsWith(`.${zoneName}`);
        const fqdnText = label === '' || label === '@' ? zoneName : absolute ? label : `${label}.${zoneName}`;
        const name = parseHostname(fqdnText);
        if (!name) {
          throw new DdnsError(
            'ERR_HOST_NAME_INVALID',
            `"${body.name}" is not a valid host name: use letters, digits and hyphens, e.g. "home" for home.${zoneName}`,
            { name: body.name },
          );
        }
        // The name must belong to this domain, not to a domain hosted below it.
        const owner = await zoneAdmin.zoneContaining(name);
        if (!owner || owner.id !== zone.id) {
          throw new DdnsError('ERR_HOST_NAME_INVALID', `${hostText(name)} is not part of ${zoneName}`, {
            name: body.name,
          });
        }
        const credentials = await hostAdmin.createHost(hostText(name), {
          ownerAccountId: actor!.accountId,
          mode: body.mode,
          ttl: body.ttl,
        });
        const host = await hostAdmin.getHost(credentials.hostname, 0);
        return { status: 201, body: { host: hostBody(host), credentials } };
      },
    }),
    defineRoute<undefined, z.infer<typeof HostParams>>({
      method: 'GET',
      path: '/zones/{zone}/hosts/{hostname}',
      tag: 'dynamic-dns',
      summary: 'Show a dynamic DNS record with its current address, state, TTL, last update and history',
      auth: 'account',
      params: HostParams,
      success: { status: 200, schema: HostDetails, description: 'The record' },
      errors: [...HOST_ERRORS],
      async handler({ actor, params }) {
        const { fqdn } = await hostOf(actor, params.zone, params.hostname);
        return { body: detailsBody(await hostAdmin.getHost(fqdn, HISTORY_LIMIT)) };
      },
    }),
    defineRoute<undefined, z.infer<typeof HostParams>>({
      method: 'GET',
      path: '/zones/{zone}/hosts/{hostname}/credentials',
      tag: 'dynamic-dns',
      summary: "View a dynamic DNS record's username and password",
      auth: 'account',
      params: HostParams,
      success: { status: 200, schema: Credentials, description: 'The credentials' },
      errors: [...HOST_ERRORS, 'ERR_CREDENTIALS_UNREADABLE'],
      async handler({ actor, params }) {
        const { fqdn } = await hostOf(actor, params.zone, params.hostname);
        return { body: await hostAdmin.viewCredentials(fqdn) };
      },
    }),
    defineRoute<undefined, z.infer<typeof HostParams>>({
      method: 'POST',
      path: '/zones/{zone}/hosts/{hostname}/credentials/regenerate',
      tag: 'dynamic-dns',
      summary: 'Replace the username and password; the old ones stop working at once',
      auth: 'account',
      params: HostParams,
      success: { status: 200, schema: Credentials, description: 'The new credentials' },
      errors: [...HOST_ERRORS],
      async handler({ actor, params }) {
        const { fqdn } = await hostOf(actor, params.zone, params.hostname);
        return { body: await hostAdmin.regenerateCredentials(fqdn) };
      },
    }),
    defineRoute<z.infer<typeof HostPatchBody>, z.infer<typeof HostParams>>({
      method: 'PATCH',
      path: '/zones/{zone}/hosts/{hostname}',
      tag: 'dynamic-dns',
      summary: 'Take a dynamic DNS record offline (NODATA, address kept) or back online',
      auth: 'account',
      params: HostParams,
      body: HostPatchBody,
      success: { status: 200, schema: Host, description: 'The record' },
      errors: ['ERR_VALIDATION', 'ERR_STORE_CONFLICT', ...HOST_ERRORS],
      async handler({ actor, params, body }) {
        const { fqdn } = await hostOf(actor, params.zone, params.hostname);
        return { body: hostBody(await hostAdmin.setOffline(fqdn, body.offline)) };
      },
    }),
    defineRoute<undefined, z.infer<typeof HostParams>>({
      method: 'POST',
      path: '/zones/{zone}/hosts/{hostname}/unblock',
      tag: 'dynamic-dns',
      summary: 'Lift an abuse block so the record accepts updates again',
      auth: 'account',
      params: HostParams,
      success: { status: 200, schema: Host, description: 'The record' },
      errors: [...HOST_ERRORS],
      async handler({ actor, params }) {
        const { fqdn } = await hostOf(actor, params.zone, params.hostname);
        return { body: hostBody(await hostAdmin.unblockHost(fqdn)) };
      },
    }),
    defineRoute<undefined, z.infer<typeof HostParams>>({
      method: 'DELETE',
      path: '/zones/{zone}/hosts/{hostname}',
      tag: 'dynamic-dns',
      summary: 'Delete a dynamic DNS record; the name server stops answering for it',
      auth: 'account',
      params: HostParams,
      success: { status: 204, description: 'Deleted' },
      errors: [...HOST_ERRORS],
      async handler({ actor, params }) {
        const { fqdn } = await hostOf(actor, params.zone, params.hostname);
        await hostAdmin.deleteHost(fqdn);
        return { status: 204 };
      },
    }),
  ];
}
