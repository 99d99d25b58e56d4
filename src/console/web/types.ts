// The REST API's answers as the console reads them (mirrors src/http/api/schemas.ts; the browser code
// cannot import Node modules, and the API tests check the server side of this contract).

/** Account is the signed-in account. */
export interface Account {
  readonly id: number;
  readonly email: string;
  readonly isAdmin: boolean;
  readonly createdAt: string;
}

/** Session is the signed-in account and the CSRF token to echo on every change. */
export interface Session {
  readonly account: Account;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** NameServer is a name server of a domain. */
export interface NameServer {
  readonly name: string;
  readonly inZone: boolean;
  readonly addresses: readonly string[];
}

/** Zone is a domain. */
export interface Zone {
  readonly name: string;
  readonly nsMode: 'default' | 'custom';
  readonly serial: number | null;
  readonly recordCount: number;
  readonly nameServers: readonly NameServer[];
  readonly dynamicDnsAvailable: boolean;
}

/** DnsRecord is a resource record. */
export interface DnsRecord {
  readonly id: string;
  readonly name: string;
  readonly fqdn: string;
  readonly type: string;
  readonly ttl: number;
  readonly value: string;
  readonly managedBy: 'soa' | 'name-servers' | 'dynamic-host' | null;
}

/** Host is a dynamic DNS record. */
export interface Host {
  readonly hostname: string;
  readonly name: string;
  readonly zone: string;
  readonly username: string;
  readonly mode: 'dual' | 'single';
  readonly ttl: number;
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  readonly state: 'online' | 'offline' | 'blocked';
  readonly blockedUntil: string | null;
  readonly updates: number;
  readonly nochg: number;
  readonly createdAt: string;
  readonly lastUpdateAt: string | null;
}

/** HistoryEntry is one change of a dynamic DNS record. */
export interface HistoryEntry {
  readonly at: string;
  readonly oldIpv4: string | null;
  readonly newIpv4: string | null;
  readonly oldIpv6: string | null;
  readonly newIpv6: string | null;
  readonly oldState: string | null;
  readonly newState: string | null;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
  readonly answer: string;
}

/** HostDetails is a host with its history. */
export interface HostDetails extends Host {
  readonly history: readonly HistoryEntry[];
}

/** Credentials are a dynamic DNS record's login. */
export interface Credentials {
  readonly hostname: string;
  readonly username: string;
  readonly password: string;
}

/** ServerInfo describes the server for client settings. */
export interface ServerInfo {
  readonly version: string;
  readonly updatePath: string;
  readonly checkipPath: string;
  readonly tls: { readonly selfSigned: boolean; readonly fingerprint256: string | null };
}
