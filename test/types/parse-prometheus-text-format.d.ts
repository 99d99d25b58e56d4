// Type declarations for parse-prometheus-text-format (the package ships none): the prom2json-like shape
// its README documents. Values stay strings, as the library returns them.
declare module 'parse-prometheus-text-format' {
  /** PromSample is one series of a family: a value, or a histogram's buckets/count/sum. */
  export interface PromSample {
    readonly value?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly buckets?: Readonly<Record<string, string>>;
    readonly quantiles?: Readonly<Record<string, string>>;
    readonly count?: string;
    readonly sum?: string;
  }
  /** PromFamily is one metric family. */
  export interface PromFamily {
    readonly name: string;
    readonly help: string;
    readonly type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    readonly metrics: readonly PromSample[];
  }
  /** parsePrometheusTextFormat parses the Prometheus text exposition format. */
  export default function parsePrometheusTextFormat(text: string): PromFamily[];
}
