// Walks the app's route table: every route handler and page must be in the table below with what it needs,
// and every handler must refuse a request without credentials (401) and one from a role below its need
// (403) without Docker being called. A new route that forgets the guard, or is not listed, fails here.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Permission } from "@/lib/api/auth";
import type { As } from "@/lib/testing/auth";
import { call } from "@/lib/testing/routes";
import { guardedSuite } from "@/lib/testing/tripwire";

const APP = path.resolve(__dirname, "..");

/** Every handler, by "METHOD /path", and what it needs; "public" ones are listed with why. */
const ROUTES: Record<string, Permission | "public"> = {
  "GET /api/auth/setup": "public", // says only whether setup is pending
  "POST /api/auth/setup": "public", // needs the one-time setup token instead
  "POST /api/auth/login": "public", // the way in; rate-limited
  "POST /api/auth/logout": "account",
  "GET /api/auth/me": "read",
  "POST /api/auth/password": "account",
  "GET /api/audit": "audit",
  "GET /api/audit/stream": "audit",
  "GET /api/captures": "operate",
  "POST /api/captures": "operate",
  "GET /api/captures/[id]": "operate",
  "DELETE /api/captures/[id]": "operate",
  "GET /api/captures/[id]/pcap": "operate",
  "GET /api/class/events": "read",
  "POST /api/class": "operate",
  "GET /api/containers": "read",
  "GET /api/containers/[id]": "read",
  "GET /api/dns": "read",
  "GET /api/engines": "read",
  "POST /api/engines": "admin",
  "PUT /api/engines/[id]": "admin",
  "DELETE /api/engines/[id]": "admin",
  "POST /api/engines/[id]/test": "admin",
  "POST /api/engines/test": "admin",
  "GET /api/engines/contexts": "admin",
  "POST /api/engines/contexts": "admin",
  "GET /api/events": "read",
  "GET /api/findings": "read",
  "GET /api/metrics": "read",
  "GET /api/health": "read",
  "GET /api/hosts": "read",
  "GET /api/labs": "read",
  "GET /api/labs/[id]": "read",
  "GET /api/labs/[id]/objects": "read",
  "POST /api/labs/[id]/steps/[n]": "operate",
  "POST /api/labs/[id]/steps/[n]/check": "operate",
  "POST /api/labs/[id]/steps/[n]/solution": "operate",
  "POST /api/labs/[id]/reset": "operate",
  "GET /api/networks": "read",
  "POST /api/networks": "operate",
  "GET /api/networks/[id]": "read",
  "DELETE /api/networks/[id]": "operate",
  "POST /api/networks/[id]/connect": "operate",
  "POST /api/networks/[id]/disconnect": "operate",
  "GET /api/networks-prune": "read",
  "POST /api/networks-prune": "operate",
  "POST /api/networks-remove": "operate",
  "POST /api/probes": "operate",
  "GET /api/reach": "read",
  "POST /api/resync": "read",
  "GET /api/snapshot": "read",
  "GET /api/tokens": "account",
  "POST /api/tokens": "account",
  "DELETE /api/tokens/[id]": "account",
  "GET /api/timeline": "read",
  "GET /api/timeline/stream": "read",
  "GET /api/topology": "read",
  "GET /api/traffic": "read",
  "GET /api/users": "admin",
  "POST /api/users": "admin",
  "PATCH /api/users/[id]": "admin",
  "DELETE /api/users/[id]": "admin",
};

/** Pages anyone may open (they show no Netatlas data). Every other page must call requirePage(). */
const PUBLIC_PAGES = new Set(["login/page.tsx", "setup/page.tsx"]);

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function walk(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, name);
    return entry.name === name ? [full] : [];
  });
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

const routeFiles = walk(path.join(APP, "api"), "route.ts");
const urlOf = (file: string) => `/${path.relative(APP, path.dirname(file)).split(path.sep).join("/")}`;

/** Who lacks each permission, for the 403 check (the strongest identity that still falls short). */
const BELOW: Record<Permission, As[]> = {
  read: [],
  operate: ["viewer", "viewer-token"],
  admin: ["operator", "operator-token"],
  audit: ["operator", "operator-token"],
  account: ["operator-token"],
};

const suite = guardedSuite();

describe("the route table", () => {
  const found: Array<{
    key: string;
    handler: (...args: never[]) => Promise<Response> | Response;
    url: string;
  }> = [];

  beforeAll(async () => {
    for (const file of routeFiles) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = mod[method];
        if (typeof handler === "function") {
          found.push({
            key: `${method} ${urlOf(file)}`,
            handler: handler as (...args: never[]) => Promise<Response>,
            url: urlOf(file).replace(/\[id\]/g, "natest-ref"),
          });
        }
      }
    }
  });

  it("lists every handler, and only handlers that exist", () => {
    const keys = found.map((f) => f.key).sort();
    expect(keys.filter((k) => !(k in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it("answers 401 without credentials, for every guarded handler, without calling Docker", async () => {
    const before = suite.tripwire.connections;
    for (const { key, handler, url } of found) {
      if (ROUTES[key] === "public") continue;
      const method = key.split(" ")[0] as string;
      const answer = await call<{ error: { code: string } }>(
        handler,
        url,
        { id: "1" },
        { method, as: "nobody", body: method === "GET" ? undefined : {} },
      );
      expect({ key, status: answer.status, code: answer.body.error?.code }).toEqual({
        key,
        status: 401,
        code: "unauthenticated",
      });
    }
    expect(suite.tripwire.connections).toBe(before);
  });

  it("answers 403 to a role below the handler's need, without calling Docker", async () => {
    const before = suite.tripwire.connections;
    let checked = 0;
    for (const { key, handler, url } of found) {
      const need = ROUTES[key];
      if (!need || need === "public") continue;
      for (const as of BELOW[need]) {
        const method = key.split(" ")[0] as string;
        const answer = await call<{ error: { code: string } }>(
          handler,
          url,
          { id: "1" },
          { method, as, body: method === "GET" ? undefined : {} },
        );
        expect({ key, as, status: answer.status }).toEqual({ key, as, status: 403 });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(suite.tripwire.connections).toBe(before);
  });

  it("has every change handler pass its request to respond(), so refusals before audited() are audited", () => {
    const missing = routeFiles.flatMap((file) => {
      const text = fs.readFileSync(file, "utf8");
      return [
        ...text.matchAll(
          /export (?:async )?function (POST|PUT|PATCH|DELETE)\((\w+)[\s\S]*?return respond\((\w+)?/g,
        ),
      ]
        .filter((m) => m[3] !== m[2])
        .map((m) => `${m[1]} ${urlOf(file)}`);
    });
    expect(missing).toEqual([]);
  });

  it("has every page call requirePage() unless it is public", () => {
    const pages = walk(APP, "page.tsx").map((f) => path.relative(APP, f).split(path.sep).join("/"));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    const unguarded = pages.filter(
      (p) =>
        !PUBLIC_PAGES.has(p) && !fs.readFileSync(path.join(APP, p), "utf8").includes("await requirePage("),
    );
    expect(unguarded).toEqual([]);
  });

  it("has no server actions (they would be routes outside this table)", () => {
    const sources = ["app", "components", "lib"].flatMap((d) => sourceFiles(path.join(APP, "..", d)));
    expect(sources.length).toBeGreaterThan(50);
    const actions = sources.filter((f) => /^\s*["']use server["']/m.test(fs.readFileSync(f, "utf8")));
    expect(actions).toEqual([]);
  });
});
