// TLS material for the update API: the operator's certificate, or a self-signed one generated once into
// the data directory (`tls-cert.pem`, `tls-key.pem` with mode 0600) by the system's `openssl`, so no
// crypto dependency is added. Gives the certificate's SHA-256 fingerprint for pinning in clients.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';

/** TlsMaterial is a PEM certificate chain and key, where they came from, and the leaf's fingerprint. */
export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** SHA-256 fingerprint of the leaf certificate, colon-separated hex (as `openssl x509 -fingerprint -sha256`). */
  readonly fingerprint256: string;
  readonly selfSigned: boolean;
  readonly certPath: string;
}

/** SELF_SIGNED_CERT_FILE and SELF_SIGNED_KEY_FILE name the generated files in the data directory. */
export const SELF_SIGNED_CERT_FILE = 'tls-cert.pem';
export const SELF_SIGNED_KEY_FILE = 'tls-key.pem';

/**
 * loadTlsMaterial reads the operator's files when both are given; otherwise it generates (once) a
 * self-signed P-256 certificate for localhost, 127.0.0.1 and ::1, valid 825 days, in `dataDir`.
 */
export function loadTlsMaterial(opts: {
  dataDir: string;
  certFile?: string | undefined;
  keyFile?: string | undefined;
}): TlsMaterial {
  if ((opts.certFile === undefined) !== (opts.keyFile === undefined)) {
    throw new Error('--tls-cert and --tls-key must be given together');
  }
  let certPath: string;
  let keyPath: string;
  let selfSigned = false;
  if (opts.certFile !== undefined && opts.keyFile !== undefined) {
    certPath = opts.certFile;
    keyPath = opts.keyFile;
  } else {
    certPath = join(opts.dataDir, SELF_SIGNED_CERT_FILE);
    keyPath = join(opts.dataDir, SELF_SIGNED_KEY_FILE);
    selfSigned = true;
    if (!existsSync(certPath) || !existsSync(keyPath)) generateSelfSigned(certPath, keyPath);
  }
  const cert = readFileSync(certPath);
  const key = readFileSync(keyPath);
  const fingerprint256 = new X509Certificate(cert).fingerprint256;
  return { cert, key, fingerprint256, selfSigned, certPath };
}

function generateSelfSigned(certPath: string, keyPath: string): void {
  // Write under temporary names and rename, so a crash never leaves a key without its certificate.
  const tmpCert = `${certPath}.${process.pid}.tmp`;
  const tmpKey = `${keyPath}.${process.pid}.tmp`;
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-sha256',
        '-days',
        '825',
        '-subj',
        '/CN=dynzone self-signed',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
        '-keyout',
        tmpKey,
        '-out',
        tmpCert,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
    );
    chmodSync(tmpKey, 0o600);
    renameSync(tmpKey, keyPath);
    renameSync(tmpCert, certPath);
  } finally {
    rmSync(tmpCert, { force: true });
    rmSync(tmpKey, { force: true });
  }
}
