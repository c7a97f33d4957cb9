// scripts/lib/http-metrics.mjs: route labels from the app's patterns, and what a real HTTP server on loopback
// records for plain answers, streams and clients that leave.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  HTTP_BUCKETS,
  type HttpMetrics,
  measure,
  routeMatcher,
  routePatterns,
} from "@/scripts/lib/http-metrics.mjs";

describe("routeMatcher", () => {
  const routeOf = routeMatcher([
    "/",
    "/networks",
    "/labs/[id]",
    "/api/networks",
    "/api/networks/[id]",
    "/api/networks/[id]/connect",
    "/api/networks-prune",
    "/api/labs/[id]/steps/[n]/check",
    "/api/files/[...rest]",
    "/_not-found",
  ]);

  it("labels API paths by pattern, fixed names before parameters", () => {
    expect(routeOf("/api/networks")).toBe("/api/networks");
    expect(routeOf("/api/networks/")).toBe("/api/networks");
    expect(routeOf("/api/networks/abc")).toBe("/api/networks/[id]");
    expect(routeOf("/api/networks/abc/connect")).toBe("/api/networks/[id]/connect");
    expect(routeOf("/api/networks-prune")).toBe("/api/networks-prune");
    expect(routeOf("/api/labs/x/steps/2/check")).toBe("/api/labs/[id]/steps/[n]/check");
    expect(routeOf("/api/files/a/b/c")).toBe("/api/files/[...rest]");
  });

  it("calls pages page, Next's files static, and anything else other", () => {
    expect(routeOf("/")).toBe("page");
    expect(routeOf("/labs/intro")).toBe("page");
    expect(routeOf("/_next/static/chunks/x.js")).toBe("static");
    expect(routeOf("/api/networks/abc/connect/more")).toBe("other");
    expect(routeOf("/api/files")).toBe("other");
    expect(routeOf("/_not-found")).toBe("other");
    expect(routeOf(`/${"x/".repeat(500)}`)).toBe("other");
  });
});

describe("routePatterns", () => {
  it("reads the app/ folder when there is no build manifest (groups and slots left out)", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "natest-routes-"));
    try {
      for (const [dir, file] of [
        ["app", "page.tsx"],
        ["app/api/networks/[id]", "route.ts"],
        ["app/(admin)/users", "page.tsx"],
        ["app/api/networks/[id]/connect", "route.ts"],
        ["app/components", "helper.ts"],
      ] as const) {
        fs.mkdirSync(path.join(root, dir), { recursive: true });
        fs.writeFileSync(path.join(root, dir, file), "");
      }
      expect(routePatterns(root).sort()).toEqual([
        "/",
        "/api/networks/[id]",
        "/api/networks/[id]/connect",
        "/users",
      ]);
      fs.mkdirSync(path.join(root, ".next"));
      fs.writeFileSync(
        path.join(root, ".next", "app-path-routes-manifest.json"),
        JSON.stringify({ "/api/health/route": "/api/health", "/page": "/" }),
      );
      expect(routePatterns(root)).toEqual(["/api/health", "/"]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("measure", () => {
  let server: http.Server | null = null;
  afterEach(() => server?.close());

  async function serve(metrics: HttpMetrics): Promise<string> {
    server = http.createServer((req, res) => {
      measure(metrics, req, res);
      if (req.url === "/api/networks/abc") {
        setTimeout(() => res.writeHead(404, { "content-type": "application/json" }).end("{}"), 30);
      } else if (req.url === "/api/events") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(": hello\n\n");
        setTimeout(() => res.end(), 400);
      } else if (req.url === "/api/probes") {
        // Next's way: headers set one by one, then the first write sends them.
        res.setHeader("Content-Type", "application/x-ndjson");
        res.write("{}\n");
        setTimeout(() => res.end(), 300);
      } else if (req.url === "/slow") {
        // never answers: the client gives up
      } else {
        res.end("page");
      }
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const fresh = (): HttpMetrics => ({
    buckets: HTTP_BUCKETS,
    series: new Map(),
    inFlight: 0,
    routeOf: routeMatcher(["/", "/api/networks/[id]", "/api/events", "/api/probes"]),
  });

  it("counts by route, method and status class; a stream's duration is its time to headers", async () => {
    const m = fresh();
    const base = await serve(m);
    await (await fetch(`${base}/api/networks/abc`)).text();
    await (await fetch(`${base}/api/networks/abc`, { method: "DELETE" })).text();
    await (await fetch(`${base}/`)).text();
    const started = Date.now();
    await (await fetch(`${base}/api/events`)).text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    await (await fetch(`${base}/api/probes`, { method: "POST" })).text();
    const gaveUp = new AbortController();
    const pending = fetch(`${base}/slow`, { signal: gaveUp.signal }).catch(() => null);
    await new Promise((r) => setTimeout(r, 50));
    expect(m.inFlight).toBe(1);
    gaveUp.abort();
    await pending;
    await new Promise((r) => setTimeout(r, 50));

    const series = [...m.series.values()].map((s) => ({ ...s, counts: undefined }));
    const by = (route: string, method: string) =>
      series.find((s) => s.route === route && s.method === method);
    expect(by("/api/networks/[id]", "GET")).toMatchObject({ status: "4xx", count: 1 });
    expect(by("/api/networks/[id]", "DELETE")).toMatchObject({ status: "4xx", count: 1 });
    expect(by("/api/networks/[id]", "GET")?.sum).toBeGreaterThanOrEqual(0.025);
    expect(by("page", "GET")).toMatchObject({ status: "2xx", count: 1 });
    expect(by("other", "GET")).toMatchObject({ status: "none", count: 1 });
    const events = by("/api/events", "GET");
    expect(events).toMatchObject({ status: "2xx", count: 1 });
    // Open for 400 ms, but its duration is the time to its headers.
    expect(events?.sum).toBeLessThan(0.2);
    expect(by("/api/probes", "POST")?.sum).toBeLessThan(0.15);
    expect(m.inFlight).toBe(0);
    expect(series).toHaveLength(6);
  });
});
