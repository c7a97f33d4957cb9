// Types for scripts/lib/http-metrics.mjs (lib/metrics reads what it counts; its unit test imports it).
import type { IncomingMessage, ServerResponse } from "node:http";

export const HTTP_METRICS_KEY: unique symbol;
export const HTTP_BUCKETS: number[];

export interface HttpSeries {
  route: string;
  method: string;
  status: string;
  /** Per bucket of HTTP_BUCKETS, observations <= that bound: not cumulative. */
  counts: number[];
  sum: number;
  count: number;
}

export interface HttpMetrics {
  buckets: number[];
  series: Map<string, HttpSeries>;
  inFlight: number;
  routeOf: (pathname: string) => string;
}

export function routePatterns(root: string): string[];
export function routeMatcher(patterns: string[]): (pathname: string) => string;
export function httpMetrics(routeOf: (pathname: string) => string): HttpMetrics;
export function measure(metrics: HttpMetrics, req: IncomingMessage, res: ServerResponse): void;
