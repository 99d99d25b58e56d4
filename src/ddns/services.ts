// Wires the product's use cases over one set of stores, one zone editor and (in a server) the served
// catalog, so that /nic/update, the REST API, the console and host administration all change zones
// through the same door and serialise their edits of one zone. Builds no infrastructure itself: the
// composition root (src/app) opens the stores and passes them in.
import type { DnsName } from '../dns/name.js';
import type { AccountsStore } from '../store/accounts-store.js';
import type { HostsStore } from '../store/hosts-store.js';
import type { Store } from '../store/store.js';
import { createAccountAdmin, type AccountAdmin } from './accounts.js';
import { createApiTokenService, type ApiTokenService } from './api-tokens.js';
import type { ServerSecrets } from './credentials.js';
import { createRecordAdmin, type RecordAdmin } from './record-admin.js';
import { createSessionService, type SessionService } from './sessions.js';
import {
  createUpdateService,
  type AbusePolicy,
  type Clock,
  type UpdateLogger,
  type UpdateObserver,
  type UpdateService,
} from './update-service.js';
import { createZoneAdmin, type ZoneAdmin, type ZoneAdminCatalog } from './zone-admin.js';
import { createZoneEditor, type ZoneEditor } from './zone-editor.js';

/** DdnsServicesDeps are the stores and settings the use cases run on. */
export interface DdnsServicesDeps {
  readonly store: Store;
  readonly hosts: HostsStore;
  readonly accounts: AccountsStore;
  readonly secrets: ServerSecrets;
  /** The serving process's catalog (absent in a CLI process). */
  readonly catalog?:
    (ZoneAdminCatalog & { findZone?(qname: DnsName): ReturnType<ZoneAdminCatalog['get']> }) | undefined;
  readonly clock?: Clock | undefined;
  readonly policy?: Partial<AbusePolicy> | undefined;
  readonly log?: UpdateLogger | undefined;
  /** TTL of a dynamic host created without one (hosts.default_ttl). */
  readonly defaultHostTtl?: number | undefined;
  /** Told about the update service's countable events (metrics). */
  readonly observer?: UpdateObserver | undefined;
  /** The operator's name servers for domains in default mode (absent: ns1.<domain>). */
  readonly defaultNameServers?: readonly DnsName[] | undefined;
}

/** DdnsServices are the wired use cases. */
export interface DdnsServices {
  readonly zoneEditor: ZoneEditor;
  /** The dyndns2 update service; also the host administration (it shares the per-host lock). */
  readonly service: UpdateService;
  readonly zoneAdmin: ZoneAdmin;
  /** Record administration that refuses hand edits of records Dynzone maintains (API and console). */
  readonly recordAdmin: RecordAdmin;
  readonly accountAdmin: AccountAdmin;
  readonly sessions: SessionService;
  readonly tokens: ApiTokenService;
}

/** createDdnsServices wires every use case over the same stores and zone editor. */
export function createDdnsServices(deps: DdnsServicesDeps): DdnsServices {
  const { store, hosts, accounts, catalog, clock } = deps;
  const zoneEditor = createZoneEditor({ store, catalog });
  const service = createUpdateService({
    store,
    hosts,
    secrets: deps.secrets,
    catalog,
    zoneEditor,
    clock,
    policy: deps.policy,
    log: deps.log,
    defaultHostTtl: deps.defaultHostTtl,
    observer: deps.observer,
  });
  return {
    zoneEditor,
    service,
    zoneAdmin: createZoneAdmin({
      store,
      hosts,
      catalog,
      zoneEditor,
      defaultNameServers: deps.defaultNameServers,
    }),
    recordAdmin: createRecordAdmin({ store, hosts, catalog, zoneEditor, protectManaged: true }),
    accountAdmin: createAccountAdmin({ store, accounts }),
    sessions: createSessionService({ store, accounts, clock }),
    tokens: createApiTokenService({ store, accounts, clock }),
  };
}
