// GET /api/metrics on a real engine: who may scrape, the output parses with an independent Prometheus
// text-format parser, and after real changes (two creates, a remove, a refused create) the change counters
// moved by exactly those, the Docker call histogram saw the calls, and the store sizes match the engine.
import parse, { type ParsedFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getMetrics } from "@/app/api/metrics/route";
import { DELETE as removeNetwork } from "@/app/api/networks/[id]/route";
import { POST as createNetwork } from "@/app/api/networks/route";
import { POST as runProbe } from "@/app/api/probes/route";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { liveHub } from "@/lib/live/hub";
import { type As, type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, useIdentities } from "@/lib/testing/routes";

let t: TestObjects;
let ids: TestIdentities;
let labels: Record<string, string>;
const engine = parseEngineConfig(process.env)[0]?.id ?? "local";

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  t = testObjects();
  ids = await testIdentities();
  useIdentities(ids);
  labels = { "netatlas.test": t.label.split("=")[1] as string };
  await liveHub().keepLive();
});

afterAll(async () => {
  await liveHub().keepLive(false);
  t?.cleanup();
  ids?.cleanup();
});

async function scrape(as: As = "viewer-token"): Promise<{ text: string; families: ParsedFamily[] }> {
  const answer = await call<string>(getMetrics, "/api/metrics", {}, { as });
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return { text: answer.body, families: parse(answer.body) };
}

/** The value of the one sample of `name` whose labels are exactly `want`; 0 when there is none (a counter not yet counted). */
function value(families: ParsedFamily[], name: string, want: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  if (!family) throw new Error(`no family ${name} in the scrape`);
  const found = family.metrics.filter(
    (m) =>
      JSON.stringify(Object.entries(m.labels ?? {}).sort()) === JSON.stringify(Object.entries(want).sort()),
  );
  expect(found.length).toBeLessThanOrEqual(1);
  return Number(found[0]?.value ?? 0);
}

/** Every sample of a counter family, keyed by its labels. */
function series(families: ParsedFamily[], name: string): Map<string, number> {
  const family = families.find((f) => f.name === name);
  return new Map((family?.metrics ?? []).map((m) => [JSON.stringify(m.labels ?? {}), Number(m.value)]));
}

/** The `_count` of one histogram series, read from the text (the parser merges labelled histogram series). */
function histogramCount(text: string, name: string, want: Record<string, string>): number {
  const labelText = Object.entries(want)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");
  const line = text.split("\n").find((l) => l.startsWith(`${name}_count{${labelText}} `));
  return line ? Number(line.split(" ")[1]) : 0;
}

describe("GET /api/metrics", () => {
  it("answers a read token and a session; refuses nobody and the anonymous viewer", async () => {
    expect((await call(getMetrics, "/api/metrics", {}, { as: "nobody" })).status).toBe(401);
    process.env.NETATLAS_ANONYMOUS_VIEWER = "1";
    try {
      const anonymous = await call<{ error: { message: string } }>(
        getMetrics,
        "/api/metrics",
        {},
        {
          as: "nobody",
        },
      );
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.message).toMatch(/session or an API token/);
    } finally {
      delete process.env.NETATLAS_ANONYMOUS_VIEWER;
    }
    await scrape("viewer");
    await scrape("viewer-token");
  });

  it("parses, names every family with netatlas_ or process_ and says the engine is up with its versions", async () => {
    const { text, families } = await scrape();
    for (const f of families) {
      expect(f.name).toMatch(/^(netatlas_|process_|nodejs_)/);
      expect(f.help.length, f.name).toBeGreaterThan(10);
      expect(f.type, f.name).not.toBe("UNTYPED");
    }
    // Every sample line belongs to a family announced with HELP and TYPE just before it.
    const typed = new Set(families.map((f) => f.name));
    for (const line of text.split("\n").filter((l) => l && !l.startsWith("#"))) {
      const name = line.split(/[{ ]/)[0] as string;
      expect(typed.has(name.replace(/_(bucket|sum|count)$/, "")) || typed.has(name), line).toBe(true);
    }
    expect(value(families, "netatlas_engine_up", { engine })).toBe(1);
    expect(value(families, "netatlas_engine_feed_state", { engine, state: "live" })).toBe(1);
    const info = families.find((f) => f.name === "netatlas_engine_info")?.metrics[0]?.labels;
    expect(info?.engine).toBe(engine);
    expect(info?.version).toBe(docker(["version", "--format", "{{.Server.Version}}"]).trim());
    expect(info?.engine_api_version).toBe(docker(["version", "--format", "{{.Server.APIVersion}}"]).trim());
    expect(value(families, "process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
  });

  it("counts exactly the changes made: two creates, one remove, one refused create", async () => {
    const before = await scrape();
    const created: string[] = [];
    for (const suffix of ["metrics-a", "metrics-b"]) {
      const name = t.name(suffix);
      const answer = await call(
        createNetwork,
        "/api/networks",
        {},
        {
          method: "POST",
          as: "operator",
          body: { name, labels },
        },
      );
      expect(answer.status).toBe(201);
      created.push(name);
    }
    const removed = await call(
      removeNetwork,
      `/api/networks/${created[0]}`,
      { id: created[0] as string },
      {
        method: "DELETE",
        as: "operator",
      },
    );
    expect(removed.status).toBe(200);
    const refused = await call(
      createNetwork,
      "/api/networks",
      {},
      {
        method: "POST",
        as: "viewer",
        body: { name: t.name("metrics-refused"), labels },
      },
    );
    expect(refused.status).toBe(403);

    // The store follows the engine through its events: wait until it has the second network and not the first.
    for (let i = 0; i < 50; i++) {
      const names = liveHub().topology.networks.map((n) => n.name);
      if (names.includes(created[1] as string) && !names.includes(created[0] as string)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = await scrape();

    const moved = (name: string) => {
      const a = series(after.families, name);
      const b = series(before.families, name);
      return Object.fromEntries(
        [...a].filter(([k, v]) => v !== (b.get(k) ?? 0)).map(([k, v]) => [k, v - (b.get(k) ?? 0)]),
      );
    };
    expect(moved("netatlas_changes_total")).toEqual({
      [JSON.stringify({ action: "network.create", result: "ok" })]: 2,
      [JSON.stringify({ action: "network.remove", result: "ok" })]: 1,
    });
    expect(moved("netatlas_refusals_total")).toEqual({ [JSON.stringify({ action: "network.create" })]: 1 });

    // Docker was called to create twice and to remove once (engineCall reports each call).
    const calls = (operation: string, text: string) =>
      histogramCount(text, "netatlas_docker_call_duration_seconds", { engine, operation, result: "ok" });
    expect(calls("network.create", after.text) - calls("network.create", before.text)).toBe(2);
    expect(calls("network.remove", after.text) - calls("network.remove", before.text)).toBe(1);

    // The changes came back as Docker events just now, a moment after Docker's own time for them.
    expect(value(after.families, "netatlas_engine_last_event_age_seconds", { engine })).toBeLessThan(30);
    const lag = value(after.families, "netatlas_engine_event_lag_seconds", { engine });
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(5);

    // The store's sizes are the engine's.
    const networks = docker(["network", "ls", "-q"]).trim().split("\n").filter(Boolean).length;
    const containers = docker(["ps", "-aq"]).trim().split("\n").filter(Boolean).length;
    expect(value(after.families, "netatlas_store_objects", { engine, kind: "networks" })).toBe(networks);
    expect(value(after.families, "netatlas_store_objects", { engine, kind: "containers" })).toBe(containers);
  });

  it("counts probes by kind and outcome, where they run", async () => {
    const container = t.run("metrics-probe", []);
    const before = await scrape();
    const probe = async (body: Record<string, unknown>) => {
      const answer = await call<string>(
        runProbe,
        "/api/probes",
        {},
        { method: "POST", as: "operator", body },
      );
      expect(answer.status).toBe(200);
      return answer.body;
    };
    expect(await probe({ kind: "ping", container, target: "127.0.0.1", count: 1 })).toMatch(/"ok":true/);
    // Nothing listens on port 1: the probe ran and did not get through.
    expect(await probe({ kind: "tcp", container, target: "127.0.0.1", port: 1 })).toMatch(/"ok":false/);
    const after = await scrape();
    const delta = (labels: Record<string, string>) =>
      value(after.families, "netatlas_probes_total", labels) -
      value(before.families, "netatlas_probes_total", labels);
    expect(delta({ kind: "ping", outcome: "ok" })).toBe(1);
    expect(delta({ kind: "tcp", outcome: "failed" })).toBe(1);
    expect(delta({ kind: "tcp", outcome: "ok" })).toBe(0);
  });
});
