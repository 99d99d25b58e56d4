// Rate-limited log lines about refused, malformed and unanswerable DNS queries. A token bucket allows
// `perSecond` lines per second (bursts up to twice that); the rest are only counted, and one summary line
// per interval says how many were suppressed, so a flood never becomes a log line per packet.
import { Rcode } from '../dns/constants.js';
import { RCODE_LABELS } from './query-stats.js';
import { readQuestionLoosely } from './query-handler.js';

/** QueryLogSink is the slice of a logger the query log writes to. */
export interface QueryLogSink {
  info(obj: object, msg: string): void;
}

/** QueryLogOptions configure the limiter. */
export interface QueryLogOptions {
  readonly log: QueryLogSink;
  /** perSecond lines are allowed per second; 0 logs none (only summaries of what was suppressed). */
  readonly perSecond: number;
  /** summaryIntervalMs is how often suppressed lines are summarised (default 10 s). */
  readonly summaryIntervalMs?: number;
  readonly now?: () => number;
}

/** QueryLog writes (or counts) one line per noteworthy query. */
export class QueryLog {
  readonly #log: QueryLogSink;
  #perSecond: number;
  #tokens: number;
  #last: number;
  #suppressed = 0;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;

  constructor(opts: QueryLogOptions) {
    this.#log = opts.log;
    this.#perSecond = opts.perSecond;
    this.#now = opts.now ?? Date.now;
    this.#tokens = opts.perSecond * 2;
    this.#last = this.#now();
    const interval = opts.summaryIntervalMs ?? 10_000;
    this.#timer = setInterval(() => this.flush(interval / 1000), interval);
    this.#timer.unref();
  }

  /** setRate changes the allowed lines per second (SIGHUP). */
  setRate(perSecond: number): void {
    this.#perSecond = perSecond;
    this.#tokens = Math.min(this.#tokens, perSecond * 2);
  }

  /**
   * note logs one query that was refused, malformed or dropped (`response` null), if the bucket allows.
   * Cheap when it does not: a subtraction and a counter.
   */
  note(peer: string, transport: 'udp' | 'tcp', query: Uint8Array, response: Uint8Array | null): void {
    const now = this.#now();
    const capacity = this.#perSecond * 2;
    this.#tokens = Math.min(capacity, this.#tokens + ((now - this.#last) / 1000) * this.#perSecond);
    this.#last = now;
    if (this.#tokens < 1) {
      this.#suppressed++;
      return;
    }
    this.#tokens -= 1;
    const rcode = response === null ? undefined : response[3]! & 0x0f;
    const question = readQuestionLoosely(query);
    const fields = {
      peer,
      transport,
      qname: question?.name.toString(),
      qtype: question?.type,
      rcode: rcode === undefined ? 'dropped' : RCODE_LABELS[rcode],
      size: query.length,
    };
    const what =
      rcode === Rcode.REFUSED ? 'refused' : rcode === Rcode.NOTIMP ? 'not implemented' : 'malformed';
    this.#log.info(fields, `DNS query ${what}`);
  }

  /** flush writes the summary of suppressed lines, if any. */
  flush(intervalSeconds: number): void {
    if (this.#suppressed === 0) return;
    this.#log.info(
      { suppressed: this.#suppressed, intervalSeconds },
      'DNS query log lines suppressed (rate limit log.dns_query_rate)',
    );
    this.#suppressed = 0;
  }

  /** close stops the summary timer (after a last summary). */
  close(): void {
    clearInterval(this.#timer);
    this.flush(0);
  }
}
