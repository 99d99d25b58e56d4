// Parses HOST:PORT listen addresses from flags, environment and the config file ("127.0.0.1:5300",
// "[::1]:5300", ":53"). Pure; shared by config/ and app/.

/** ListenAddress is one address a listener binds. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** parseListenAddress reads HOST:PORT, [V6]:PORT; throws a clear Error otherwise. */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^\[([0-9A-Fa-f:.]+)\]:([0-9]{1,5})$/.exec(text) ?? /^([^:[\]]*):([0-9]{1,5})$/.exec(text);
  if (!m) throw new Error(`invalid listen address "${text}" (expected HOST:PORT or [IPv6]:PORT)`);
  const port = Number(m[2]);
  if (port > 65535) throw new Error(`invalid port in listen address "${text}"`);
  const host = m[1] === '' ? '0.0.0.0' : m[1]!;
  return { host, port };
}

/** formatListenAddress gives HOST:PORT with brackets for IPv6. */
export function formatListenAddress(a: ListenAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
