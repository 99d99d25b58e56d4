// Test PKI for the real-client tests: a throwaway CA and one server certificate signed by it, made with the
// `openssl` command in a directory the caller owns. The server certificate carries every name the clients
// dial (SAN: localhost, ddns.test, ddns6.test, domains.google.com, 127.0.0.1, ::1; RFC 5280 §4.2.1.6), so
// TLS verification stays ON in every client and only this CA is trusted.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** TestPki names the PEM files of a generated test CA and its server certificate. */
export interface TestPki {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

/** TEST_PKI_SANS are the subjectAltName entries of the server certificate. */
export const TEST_PKI_SANS = [
  'DNS:localhost',
  'DNS:ddns.test',
  'DNS:ddns6.test',
  'DNS:domains.google.com',
  'IP:127.0.0.1',
  'IP:::1',
] as const;

function openssl(args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd, timeout: 30_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`openssl ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve();
    });
  });
}

/** createTestPki writes ca.crt, server.crt and server.key (EC P-256, valid 2 days) into `dir`. */
export async function createTestPki(dir: string): Promise<TestPki> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=Dynzone Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  await writeFile(
    join(dir, 'server.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${TEST_PKI_SANS.join(',')}`,
      '',
    ].join('\n'),
  );
  await openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=ddns.test'], dir);
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
  };
}
