// The environment variable that hands the store settings from `dynzone serve` to its DNS worker
// processes (app/dns-worker-main.ts), kept apart so the primary does not import the worker entry.

/** DNS_WORKER_STORE_ENV carries the store settings (a JSON DbConfig) from the primary to its workers. */
export const DNS_WORKER_STORE_ENV = 'DYNZONE_DNS_WORKER_STORE';
