// Default entry point of a DNS worker process: the worker protocol with no zone loader of its own, so the
// primary sends it every zone (used when no store is at hand, e.g. the benchmark and cluster tests).
import { runDnsWorker } from './cluster-worker.js';

runDnsWorker();
