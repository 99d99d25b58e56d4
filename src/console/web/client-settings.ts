// Ready-to-paste settings for the DDNS clients people run (SPEC §4): ddclient with protocol=dyndns2 and
// protocol=googledomains, inadyn, and a curl line, for one dynamic DNS record and this server's address.
// Pure (no DOM), so it is unit-tested in Node too. The client facts come from test/fixtures/clients:
// ddclient's dyndns2 uses TLS only with the global ssl=yes and needs a server name with a dot; inadyn's
// custom provider takes the path with %h and %i.

/** ClientSettingsInput is what the settings are filled in with. */
export interface ClientSettingsInput {
  /** This server as clients reach it: host[:port], e.g. "ddns.example.net" or "127.0.0.1:8443". */
  readonly server: string;
  readonly hostname: string;
  readonly username: string;
  readonly password: string;
  /** The server uses its self-signed certificate: clients must be given it to trust. */
  readonly selfSigned: boolean;
}

/** ClientSetting is one snippet: an id, a title, the file it goes into, and its text. */
export interface ClientSetting {
  readonly id: 'ddclient-dyndns2' | 'ddclient-googledomains' | 'inadyn' | 'curl';
  readonly title: string;
  readonly file: string;
  readonly text: string;
}

/** shellQuote quotes a word for a POSIX shell (single quotes; an embedded ' becomes '\''). */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** ddclientQuote quotes a ddclient.conf value (single quotes; ' and \ escaped with a backslash). */
function ddclientQuote(value: string): string {
  return `'${value.replace(/(['\\])/g, '\\$1')}'`;
}

/** DDCLIENT_CA and INADYN_CA are where the settings expect a copy of a self-signed server certificate. */
const DDCLIENT_CA = '/etc/ddclient/dynzone-cert.pem';
const INADYN_CA = '/etc/inadyn/dynzone-cert.pem';

/** clientSettings gives the four snippets for one record. */
export function clientSettings(i: ClientSettingsInput): ClientSetting[] {
  const base = `https://${i.server}`;
  // Where each client is told to find the server's self-signed certificate, and the comment saying so.
  const caNote = (path: string): string[] =>
    i.selfSigned
      ? [
          "# This server uses a self-signed certificate: copy the server's certificate,",
          `# data/tls-cert.pem (in its data directory), to ${path}`,
        ]
      : [];
  const ddclientCommon = (protocol: string): string[] => [
    '# /etc/ddclient.conf',
    ...caNote(DDCLIENT_CA),
    i.selfSigned ? `ssl_ca_file=${DDCLIENT_CA}` : '',
    'ssl=yes',
    `use=web, web=${base}/checkip`,
    `protocol=${protocol}`,
    `server=${i.server}`,
    `login=${i.username}`,
    `password=${ddclientQuote(i.password)}`,
    i.hostname,
  ];
  const inadyn = [
    '# /etc/inadyn.conf',
    'period = 300',
    ...(i.selfSigned ? [...caNote(INADYN_CA), `ca-trust-file = ${INADYN_CA}`] : []),
    'custom dynzone {',
    `    username       = ${i.username}`,
    `    password       = ${i.password}`,
    `    ddns-server    = ${i.server}`,
    '    ddns-path      = "/nic/update?hostname=%h&myip=%i"',
    `    checkip-server = ${i.server}`,
    '    checkip-path   = /checkip',
    '    checkip-ssl    = true',
    '    ssl            = true',
    `    hostname       = ${i.hostname}`,
    '}',
  ];
  // -s: no progress meter, only the answer ("good 203.0.113.7", "nochg …", "badauth"); -S: still say why
  // when the server cannot be reached. Not --fail: the answer's text matters more than the HTTP status.
  const curl = [
    '# Sets the address this request comes from; add &myip=ADDRESS to set another one.',
    ...(i.selfSigned
      ? [
          "# This server uses a self-signed certificate: run this where a copy of the server's",
          '# certificate, data/tls-cert.pem (in its data directory), is.',
        ]
      : []),
    `curl -sS${i.selfSigned ? ' --cacert tls-cert.pem' : ''} -u ${shellQuote(`${i.username}:${i.password}`)} ${shellQuote(`${base}/nic/update?hostname=${i.hostname}`)}`,
  ];
  const lines = (xs: string[]): string => xs.filter((l) => l !== '').join('\n') + '\n';
  return [
    {
      id: 'ddclient-dyndns2',
      title: 'ddclient (protocol=dyndns2)',
      file: '/etc/ddclient.conf',
      text: lines(ddclientCommon('dyndns2')),
    },
    {
      id: 'ddclient-googledomains',
      title: 'ddclient (protocol=googledomains)',
      file: '/etc/ddclient.conf',
      text: lines(ddclientCommon('googledomains')),
    },
    { id: 'inadyn', title: 'inadyn', file: '/etc/inadyn.conf', text: lines(inadyn) },
    { id: 'curl', title: 'curl', file: 'shell', text: lines(curl) },
  ];
}
