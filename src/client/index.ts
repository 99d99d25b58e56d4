// The updater client as a library (SPEC §5: "also usable as a library"): load a config, open an Updater
// on its cache, run one cycle or the daemon loop. Everything here works against any dyndns2 provider and
// imports only src/dns and Node built-ins (plus yaml, zod and pino); the `dynzone client` command is a thin
// layer over these exports.
export { loadClientConfig, parseClientConfig } from './config.js';
export type { AccountConfig, AddressSource, ClientConfig, ConfigDeps } from './config.js';
export { Updater, isWantedState } from './updater.js';
export type { CycleReport, HostReport, HostStatus, UpdaterOptions } from './updater.js';
export { runDaemon } from './daemon.js';
export type { DaemonOptions } from './daemon.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { createJsonLog, createTextLog, silentLog } from './log.js';
export type { ClientLog, LogLevel } from './log.js';
export { ClientError, ConfigError } from './errors.js';
export { USER_AGENT, CLIENT_VERSION } from './version.js';
