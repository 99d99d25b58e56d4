// Creates a dynamic host that shares another host's login (one router updating several names, the case
// where a dyndns2 client sends `hostname=a,b` in one request). `dynzone host add` has no flag for this
// yet, so this goes through the same use case the CLI calls (ddns/host-admin.ts createHost with
// `credentials.shareWith`) on the data directory; a running server picks it up like any CLI change.
import { openDataDir } from '../../src/app/data-dir.js';
import { openStoreWithHosts } from '../../src/store/hosts-store.js';
import { loadOrCreateServerSecrets } from '../../src/ddns/credentials.js';
import { createHostAdmin } from '../../src/ddns/host-admin.js';

/** addHostSharingLogin creates `fqdn` with the username/password of the existing host `shareWith`. */
export async function addHostSharingLogin(dataDir: string, fqdn: string, shareWith: string): Promise<void> {
  const dir = openDataDir(dataDir);
  const { store, hosts } = openStoreWithHosts({ kind: 'sqlite', path: dir.database });
  try {
    await store.migrate();
    const admin = createHostAdmin({ store, hosts, secrets: loadOrCreateServerSecrets(dir.path) });
    await admin.createHost(fqdn, { credentials: { shareWith } });
  } finally {
    await store.close();
  }
}
