// Counting HTTP requests for GET /api/metrics: scripts/server.mjs sees every request start and finish, so it
// measures here and keeps the counts on globalThis (Symbol.for key), where the route bundles read them
// (lib/metrics/http.ts). Plain JavaScript because server.mjs runs without a build step.
//
// Labels stay bounded: the route is the app route pattern (`/api/networks/[id]`) matched from Next's build
// manifest (or the app/ folder in development), pages are one label "page", Next's own files "static",
// anything else "other"; the method is one of seven or "other"; the status is its class ("2xx") or "none"
// when the client left before any answer.
//
// Streams (SSE, NDJSON) would turn the duration histogram into a histogram of how long people keep a tab
// open, so for them the duration is the time to the answer's headers (the time to open the stream); they are
// counted when they end, like every request.
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

export const HTTP_METRICS_KEY = Symbol.for("netatlas.metrics.http");
/** Seconds. */
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const STREAM_TYPES = /^(text\/event-stream|application\/(x-)?ndjson|application\/jsonl)/i;
const SOURCE_FILE = /^(route|page)\.(ts|tsx|js|jsx|mjs)$/;

/** The app's route patterns: from the production build's manifest, else from the app/ folder. */
export function routePatterns(root) {
  try {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(root, ".next", "app-path-routes-manifest.json"), "utf8"),
    );
    return [...new Set(Object.values(manifest))];
  } catch {
    const found = new Set();
    const walk = (dir, segments) => {
      let entries;
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.isFile() && SOURCE_FILE.test(e.name)) found.add(`/${segments.join("/")}`);
        if (!e.isDirectory() || e.name.startsWith("_") || e.name === "node_modules") continue;
        // Route groups "(x)" and parallel slots "@x" are not part of the URL.
        const inUrl = !/^\(.*\)$/.test(e.name) && !e.name.startsWith("@");
        walk(path.join(dir, e.name), inUrl ? [...segments, e.name] : segments);
      }
    };
    walk(path.join(root, "app"), []);
    return [...found];
  }
}

/** How specific a segment is: a fixed name beats [id], which beats [...rest], which beats [[...rest]]. */
function rank(segment) {
  if (segment.startsWith("[[...")) return 3;
  if (segment.startsWith("[...")) return 2;
  if (segment.startsWith("[")) return 1;
  return 0;
}

function compareSpecificity(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const d = rank(a[i]) - rank(b[i]);
    if (d !== 0) return d;
  }
  return 0;
}

function matches(pattern, parts) {
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i];
    const r = rank(seg);
    if (r === 3) return true;
    if (r === 2) return parts.length > i;
    if (parts[i] === undefined) return false;
    if (r === 0 && seg !== parts[i]) return false;
  }
  return parts.length === pattern.length;
}

/** A function giving a path's route label, from the app's route patterns. */
export function routeMatcher(patterns) {
  const routes = patterns
    .filter((p) => !p.split("/").some((s) => s.startsWith("_")))
    .map((p) => ({ pattern: p, segments: p.split("/").filter(Boolean) }))
    .sort((a, b) => compareSpecificity(a.segments, b.segments));
  return (pathname) => {
    if (pathname.startsWith("/_next/")) return "static";
    const parts = pathname.split("/").filter(Boolean);
    for (const r of routes) {
      if (matches(r.segments, parts)) return r.pattern.startsWith("/api/") ? r.pattern : "page";
    }
    return "other";
  };
}

/** The counts, kept on globalThis; created once per process. */
export function httpMetrics(routeOf) {
  const g = globalThis;
  g[HTTP_METRICS_KEY] ??= { buckets: HTTP_BUCKETS, series: new Map(), inFlight: 0, routeOf };
  return g[HTTP_METRICS_KEY];
}

function observe(metrics, route, method, status, seconds) {
  const key = JSON.stringify([route, method, status]);
  let s = metrics.series.get(key);
  if (!s) {
    s = { route, method, status, counts: metrics.buckets.map(() => 0), sum: 0, count: 0 };
    metrics.series.set(key, s);
  }
  const i = metrics.buckets.findIndex((b) => seconds <= b);
  if (i >= 0) s.counts[i]++;
  s.sum += seconds;
  s.count++;
}

/** The content type among writeHead's arguments (status, [message], [headers object or flat array]). */
function contentTypeOf(args) {
  const headers = args.find((a) => a !== null && typeof a === "object");
  if (!headers) return null;
  if (Array.isArray(headers)) {
    const flat = headers.flat();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      if (String(flat[i]).toLowerCase() === "content-type") return String(flat[i + 1]);
    }
    return null;
  }
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === "content-type") return String(v);
  return null;
}

function pathnameOf(url) {
  try {
    return new URL(url ?? "/", "http://x").pathname;
  } catch {
    return null;
  }
}

/** Measures one request: call before handing it to Next. */
export function measure(metrics, req, res) {
  const start = performance.now();
  let headersAt = null;
  let stream = false;
  const writeHead = res.writeHead;
  // Node's implicit headers (a first write without writeHead) go through writeHead too. Headers handed to
  // writeHead itself are not visible to getHeader afterwards, so the content type is read from them here.
  res.writeHead = function (...args) {
    headersAt ??= performance.now();
    stream ||= STREAM_TYPES.test(contentTypeOf(args) ?? String(this.getHeader("content-type") ?? ""));
    return writeHead.apply(this, args);
  };
  metrics.inFlight++;
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    metrics.inFlight--;
    const now = performance.now();
    const pathname = pathnameOf(req.url);
    const route = pathname === null ? "other" : metrics.routeOf(pathname);
    const method = METHODS.has(req.method) ? req.method : "other";
    const status = res.headersSent ? `${Math.floor(res.statusCode / 100)}xx` : "none";
    const until = stream && headersAt !== null ? headersAt : now;
    observe(metrics, route, method, status, (until - start) / 1000);
  };
  res.once("finish", end);
  res.once("close", end);
}
