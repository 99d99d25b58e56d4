// The Prometheus metrics of one server: a prom-client registry whose DNS series are computed at scrape
// time from the plain counters the name server keeps (summed over every DNS worker), plus the update,
// abuse, store-transaction, zone-serial and process metrics. Nothing on the DNS hot path touches
// prom-client; update requests and transactions observe their metrics directly (they are not hot).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Zone } from '../zone/zone.js';
import {
  errorSeries,
  perTransportSeries,
  queriesSeries,
  type QuerySeries,
  type QueryStatsSnapshot,
} from '../nameserver/query-stats.js';
import type { UpdateEvent } from '../http/routes/nic-update.js';
import type { TransactionOutcome } from '../store/observed-dialect.js';

/** MetricsSources are read at every scrape. */
export interface MetricsSources {
  /** dnsStats sums the DNS counters of this process and every worker. */
  readonly dnsStats: () => Promise<QueryStatsSnapshot>;
  /** zones lists the served zone snapshots (for serials). */
  readonly zones: () => Iterable<Zone>;
  /** dnsWorkers gives the number of DNS worker processes serving (0 = DNS in this process). */
  readonly dnsWorkers: () => number;
}

/** ServerMetrics records and renders the server's metrics. */
export interface ServerMetrics {
  readonly registry: Registry;
  /** observeUpdate counts one answered /nic/update request and its latency. */
  observeUpdate(e: UpdateEvent): void;
  /** hostBlocked counts an abuse block. */
  hostBlocked(reason: 'nochg' | 'fault'): void;
  /** transactionFinished records one store transaction's duration. */
  transactionFinished(seconds: number, outcome: TransactionOutcome): void;
  /** configReloaded counts a SIGHUP reload. */
  configReloaded(result: 'ok' | 'error'): void;
  /** render gives the text exposition and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** UPDATE_BUCKETS are the update-latency histogram bounds, in seconds. */
const UPDATE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** STORE_BUCKETS are the transaction-latency histogram bounds, in seconds. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function setSeries(metric: Counter<string>, series: readonly QuerySeries[]): void {
  metric.reset();
  for (const s of series) metric.inc(s.labels, s.value);
}

/** requestAnswer gives the answer label of a request: its one answer word, or "mixed" for several. */
function requestAnswer(kinds: readonly string[]): string {
  const first = kinds[0] ?? 'none';
  return kinds.every((k) => k === first) ? first : 'mixed';
}

/** createServerMetrics builds the registry over `sources`. */
export function createServerMetrics(sources: MetricsSources, version: string): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  // The DNS counters are read once per scrape and shared by the series below.
  let snapshot: Promise<QueryStatsSnapshot> | undefined;
  const dnsSnapshot = (): Promise<QueryStatsSnapshot> => {
    snapshot ??= sources.dnsStats().finally(() => setImmediate(() => (snapshot = undefined)));
    return snapshot;
  };

  new Counter({
    name: 'dynzone_dns_queries_total',
    help: 'DNS queries answered, by transport, query type and response code.',
    labelNames: ['transport', 'qtype', 'rcode'],
    registers,
    async collect() {
      setSeries(this, queriesSeries(await dnsSnapshot()));
    },
  });
  new Counter({
    name: 'dynzone_dns_response_cache_hits_total',
    help: 'DNS queries answered from the response cache.',
    labelNames: ['transport'],
    registers,
    async collect() {
      setSeries(this, perTransportSeries((await dnsSnapshot()).cacheHits));
    },
  });
  new Counter({
    name: 'dynzone_dns_truncated_total',
    help: 'DNS responses sent truncated (TC bit set).',
    labelNames: ['transport'],
    registers,
    async collect() {
      setSeries(this, perTransportSeries((await dnsSnapshot()).truncated));
    },
  });
  new Counter({
    name: 'dynzone_dns_dropped_total',
    help: 'DNS packets dropped without an answer (shorter than a header, or a response).',
    labelNames: ['transport'],
    registers,
    async collect() {
      setSeries(this, perTransportSeries((await dnsSnapshot()).dropped));
    },
  });
  new Counter({
    name: 'dynzone_dns_transport_errors_total',
    help: 'DNS transport errors, by transport and reason (socket, framing, timeout, overload, handler).',
    labelNames: ['transport', 'reason'],
    registers,
    async collect() {
      setSeries(this, errorSeries(await dnsSnapshot()));
    },
  });
  new Gauge({
    name: 'dynzone_dns_workers',
    help: 'DNS worker processes serving (0: DNS is answered in the main process).',
    registers,
    collect() {
      this.set(sources.dnsWorkers());
    },
  });
  new Gauge({
    name: 'dynzone_zone_serial',
    help: 'SOA serial of each served zone.',
    labelNames: ['zone'],
    registers,
    collect() {
      this.reset();
      for (const z of sources.zones()) this.set({ zone: z.origin.toString() }, z.serial);
    },
  });
  new Gauge({
    name: 'dynzone_zones',
    help: 'Number of served zones.',
    registers,
    collect() {
      this.set([...sources.zones()].length);
    },
  });
  new Gauge({
    name: 'dynzone_build_info',
    help: 'Always 1; the version label says which Dynzone runs.',
    labelNames: ['version'],
    registers,
  }).set({ version }, 1);

  const updateRequests = new Counter({
    name: 'dynzone_update_requests_total',
    help: 'Update requests (/nic/update), by answer (the single answer word, or "mixed").',
    labelNames: ['answer'],
    registers,
  });
  const updateAnswers = new Counter({
    name: 'dynzone_update_answers_total',
    help: 'Update answer lines (one per hostname), by answer word.',
    labelNames: ['answer'],
    registers,
  });
  const updateDuration = new Histogram({
    name: 'dynzone_update_duration_seconds',
    help: 'Time to answer an update request.',
    buckets: UPDATE_BUCKETS,
    registers,
  });
  const abuseBlocks = new Counter({
    name: 'dynzone_abuse_blocks_total',
    help: 'Dynamic hosts blocked for abuse, by reason (nochg or fault).',
    labelNames: ['reason'],
    registers,
  });
  // Unlabelled histograms plus a labelled counter: cheap to store and readable by every parser.
  const storeTx = new Histogram({
    name: 'dynzone_store_transaction_duration_seconds',
    help: 'Store transaction duration (begin to commit or rollback).',
    buckets: STORE_BUCKETS,
    registers,
  });
  const storeTxTotal = new Counter({
    name: 'dynzone_store_transactions_total',
    help: 'Store transactions, by outcome (commit or rollback).',
    labelNames: ['outcome'],
    registers,
  });
  const reloads = new Counter({
    name: 'dynzone_config_reloads_total',
    help: 'Configuration reloads (SIGHUP), by result.',
    labelNames: ['result'],
    registers,
  });

  return {
    registry,
    observeUpdate(e) {
      updateRequests.inc({ answer: requestAnswer(e.kinds) });
      for (const k of e.kinds) updateAnswers.inc({ answer: k });
      updateDuration.observe(e.durationSeconds);
    },
    hostBlocked(reason) {
      abuseBlocks.inc({ reason });
    },
    transactionFinished(seconds, outcome) {
      storeTx.observe(seconds);
      storeTxTotal.inc({ outcome });
    },
    configReloaded(result) {
      reloads.inc({ result });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
