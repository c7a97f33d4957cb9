// The HTTP request counts that scripts/server.mjs keeps on globalThis (scripts/lib/http-metrics.mjs), as metric
// families; and the route label of a path, for labels that must not carry a client's path. Without that server
// (tests, `next dev` started another way) the families are written without samples.
import {
  HTTP_METRICS_KEY,
  type HttpMetrics,
  routeMatcher,
  routePatterns,
} from "@/scripts/lib/http-metrics.mjs";
import { histogramSamples, type MetricFamily, type Sample } from "./registry";

function recorded(): HttpMetrics | undefined {
  return (globalThis as typeof globalThis & { [HTTP_METRICS_KEY]?: HttpMetrics })[HTTP_METRICS_KEY];
}

let ownMatcher: ((pathname: string) => string) | null = null;

/** The route label of a path (`/api/networks/[id]`, "page", "static" or "other"), as the request counts use. */
export function routeOf(pathname: string): string {
  const kept = recorded();
  if (kept) return kept.routeOf(pathname);
  ownMatcher ??= routeMatcher(routePatterns(process.cwd()));
  return ownMatcher(pathname);
}

export function httpFamilies(): MetricFamily[] {
  const m = recorded();
  const counts: Sample[] = [];
  const durations: Sample[] = [];
  for (const s of m?.series.values() ?? []) {
    const labels = { route: s.route, method: s.method, status: s.status };
    counts.push({ suffix: "", labels, value: s.count });
    durations.push(...histogramSamples(labels, m?.buckets ?? [], s));
  }
  return [
    {
      name: "netatlas_http_requests_total",
      help: "HTTP requests answered (or left by the client), by route pattern, method and status class; counted when they end.",
      type: "counter",
      samples: counts,
    },
    {
      name: "netatlas_http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its answer; for streams (SSE, NDJSON) to the answer's headers.",
      type: "histogram",
      samples: durations,
    },
    {
      name: "netatlas_http_requests_in_flight",
      help: "HTTP requests being answered now, open streams included.",
      type: "gauge",
      samples: m ? [{ suffix: "", labels: {}, value: m.inFlight }] : [],
    },
  ];
}
