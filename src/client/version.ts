// The client's version and the User-Agent it sends (SPEC §2.1 requires one; providers use it to tell
// clients apart and to block broken ones). The version is the package's, read once from package.json.
import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    // dist/src/client/version.js → the package root holds package.json.
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** CLIENT_VERSION is the version of the package the client ships in. */
export const CLIENT_VERSION = readVersion();

/** USER_AGENT is the User-Agent header of every request the client makes: `dynzone-client/<version>`. */
export const USER_AGENT = `dynzone-client/${CLIENT_VERSION}`;
