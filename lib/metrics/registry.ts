// A small Prometheus registry: counters, gauges and histograms with labels, and the text exposition format
// (0.0.4) they are scraped in. Our own rather than prom-client: a few dozen lines, no runtime dependency, and
// the label values are ours to bound (see lib/metrics/labels.ts). Pure: no Node or Next specifics.

export type Labels = Record<string, string>;
export type MetricType = "counter" | "gauge" | "histogram";

export interface Sample {
  /** Appended to the family's name: "_bucket", "_sum", "_count" for histograms, "" otherwise. */
  suffix: string;
  labels: Labels;
  value: number;
}

/** One metric family as written: `# HELP`, `# TYPE`, then its samples. */
export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function checkName(name: string, labelNames: readonly string[]): void {
  if (!NAME.test(name)) throw new Error(`metric name ${JSON.stringify(name)} is not valid`);
  for (const l of labelNames) {
    if (!LABEL_NAME.test(l) || l.startsWith("__") || l === "le")
      throw new Error(`label name ${JSON.stringify(l)} of ${name} is not valid`);
  }
}

/** The series key: label values in the metric's label order (a label not given is ""). */
function keyOf(labelNames: readonly string[], labels: Labels): string {
  return JSON.stringify(labelNames.map((n) => labels[n] ?? ""));
}

function labelsOf(labelNames: readonly string[], key: string): Labels {
  const values = JSON.parse(key) as string[];
  return Object.fromEntries(labelNames.map((n, i) => [n, values[i] ?? ""]));
}

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
  ) {
    checkName(name, labelNames);
  }
  abstract collect(): MetricFamily;
}

export class Counter extends Metric {
  private readonly values = new Map<string, number>();

  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new Error(`${this.name}: a counter only goes up (asked to add ${by})`);
    const key = keyOf(this.labelNames, labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  /** The current value of one series (0 when never incremented): for tests and diagnostics. */
  get(labels: Labels = {}): number {
    return this.values.get(keyOf(this.labelNames, labels)) ?? 0;
  }

  collect(): MetricFamily {
    return {
      name: this.name,
      help: this.help,
      type: "counter",
      samples: [...this.values].map(([key, value]) => ({
        suffix: "",
        labels: labelsOf(this.labelNames, key),
        value,
      })),
    };
  }
}

export class Gauge extends Metric {
  private readonly values = new Map<string, number>();

  set(labels: Labels, value: number): void {
    this.values.set(keyOf(this.labelNames, labels), value);
  }

  collect(): MetricFamily {
    return {
      name: this.name,
      help: this.help,
      type: "gauge",
      samples: [...this.values].map(([key, value]) => ({
        suffix: "",
        labels: labelsOf(this.labelNames, key),
        value,
      })),
    };
  }
}

/** Seconds; from a fast cached read (1 ms) to the longest deadline we give anything (30 s and more). */
export const DEFAULT_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

export interface HistogramSeries {
  /** Per bucket (same order as the bounds), observations <= that bound: not cumulative. */
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Metric {
  private readonly series = new Map<string, HistogramSeries>();
  readonly buckets: readonly number[];

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets: readonly number[] = DEFAULT_SECONDS_BUCKETS,
  ) {
    super(name, help, labelNames);
    this.buckets = [...buckets].sort((a, b) => a - b).filter((b) => Number.isFinite(b));
  }

  observe(labels: Labels, value: number): void {
    if (!Number.isFinite(value)) return;
    const key = keyOf(this.labelNames, labels);
    let s = this.series.get(key);
    if (!s) {
      s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    const i = this.buckets.findIndex((b) => value <= b);
    if (i >= 0) s.counts[i] = (s.counts[i] ?? 0) + 1;
    s.sum += value;
    s.count++;
  }

  collect(): MetricFamily {
    const samples: Sample[] = [];
    for (const [key, s] of this.series) {
      samples.push(...histogramSamples(labelsOf(this.labelNames, key), this.buckets, s));
    }
    return { name: this.name, help: this.help, type: "histogram", samples };
  }
}

/** A histogram series as `_bucket{le}` (cumulative, ending with +Inf), `_sum` and `_count`. */
export function histogramSamples(labels: Labels, buckets: readonly number[], s: HistogramSeries): Sample[] {
  const samples: Sample[] = [];
  let cumulative = 0;
  buckets.forEach((bound, i) => {
    cumulative += s.counts[i] ?? 0;
    samples.push({ suffix: "_bucket", labels: { ...labels, le: formatValue(bound) }, value: cumulative });
  });
  samples.push({ suffix: "_bucket", labels: { ...labels, le: "+Inf" }, value: s.count });
  samples.push({ suffix: "_sum", labels, value: s.sum });
  samples.push({ suffix: "_count", labels, value: s.count });
  return samples;
}

/** A set of metrics made once and kept (counters and histograms live as long as the process). */
export class Registry {
  private readonly metrics = new Map<string, Metric>();

  private add<M extends Metric>(metric: M): M {
    const known = this.metrics.get(metric.name);
    if (known) {
      // A second bundle (or a test) asking for the same metric gets the one already counting.
      if (known.constructor !== metric.constructor)
        throw new Error(`metric ${metric.name} is already registered as another type`);
      return known as M;
    }
    this.metrics.set(metric.name, metric);
    return metric;
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }

  histogram(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets?: readonly number[],
  ): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  collect(): MetricFamily[] {
    return [...this.metrics.values()].map((m) => m.collect());
  }
}

/** Content-Type of the text format written by writeText. */
export const TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** A label value in quotes: backslash, double quote and line feed escaped, as the format asks. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text: backslash and line feed escaped (quotes stay as they are there). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

/**
 * The text exposition format: per family `# HELP`, `# TYPE`, then its samples, one per line. A family without
 * samples still gets its HELP and TYPE, so a scrape shows every metric this server has. Families with the
 * same name are an error (Prometheus would reject the scrape).
 */
export function writeText(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of families) {
    if (seen.has(f.name)) throw new Error(`metric family ${f.name} written twice`);
    seen.add(f.name);
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      lines.push(`${f.name}${s.suffix}${formatLabels(s.labels)} ${formatValue(s.value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
