// Entry point of the DNS worker processes of `dynzone serve`: the worker protocol with a zone loader over
// the store, so at start (and when replacing a dead worker) each worker reads its zones from the database
// itself instead of receiving a copy of every record over IPC. The primary sends the store settings with
// the request; the store is opened only while loading.
import { runDnsWorker } from '../nameserver/cluster-worker.js';
import { openStore } from '../store/kysely-store.js';
import type { DbConfig } from '../store/db.js';
import { Zone } from '../zone/zone.js';

runDnsWorker(async (origins, source) => {
  const config = source as DbConfig;
  // A short busy timeout: a read waits only when a writer holds the lock during a WAL checkpoint.
  const store = openStore(config.kind === 'sqlite' ? { ...config, busyTimeoutMs: 1000 } : config);
  try {
    const zones: Zone[] = [];
    for (const origin of origins) zones.push(Zone.build(origin, await store.loadZoneRecords(origin)));
    return zones;
  } finally {
    await store.close();
  }
});
