// HTTP Basic credentials (RFC 7617) for dyndns2 clients: decoded as UTF-8 and split at the first colon
// only, since a password may contain ':'. Never logs or keeps the header.

/** BasicCredentials are a username and password from an Authorization header. */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** parseBasicAuth reads `Authorization: Basic base64(user:pass)`; undefined when absent or malformed. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
