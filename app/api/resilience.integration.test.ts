// Our API when the engine changes under it, against real lab engines: containers that vanish between list and
// inspect, churn during reads, a second engine that is down, and the only engine stopped (503, clear message).
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getHealth } from "@/app/api/health/route";
import { GET as getTopology } from "@/app/api/topology/route";
import type { ApiErrorBody, HealthDto, TopologyDto } from "@/lib/api/types";
import { connect, engineConfigs, setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { inspectContainers } from "@/lib/docker/read";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, useIdentities } from "@/lib/testing/routes";

let t: TestObjects;

let who: TestIdentities;

beforeAll(async () => {
  t = testObjects();
  who = await testIdentities();
  useIdentities(who);
});

afterAll(() => {
  setEngineConfigs(parseEngineConfig(process.env));
  t?.cleanup();
  who?.cleanup();
});

/** Full ids of the containers carrying all these labels, as a container list gives them. */
function ids(...labels: string[]): Array<{ Id: string }> {
  return docker(["ps", "-aq", "--no-trunc", ...labels.flatMap((l) => ["--filter", `label=${l}`])])
    .split("\n")
    .filter(Boolean)
    .map((Id) => ({ Id }));
}

describe("objects that vanish", () => {
  it("drops a container removed between list and inspect instead of failing", async () => {
    for (const i of [1, 2, 3, 4, 5]) t.run(`gone-${i}`, ["--label", "netatlas.test.group=gone"]);
    const listed = ids(t.label, "netatlas.test.group=gone");
    expect(listed).toHaveLength(5);
    docker(["rm", "-f", t.name("gone-2"), t.name("gone-4")]);
    const [config] = engineConfigs();
    if (!config) throw new Error("no engine configured");
    const engine = await connect(config);
    const { containers, endpoints } = await inspectContainers(engine, listed);
    expect(containers.map((c) => c.name).sort()).toEqual(["gone-1", "gone-3", "gone-5"].map(t.name));
    expect(new Set(endpoints.map((e) => e.containerId))).toEqual(new Set(containers.map((c) => c.id)));
  });

  it("answers every read with a consistent topology while containers come and go", async () => {
    const net = t.network("churn");
    let stop = false;
    const churn = (async () => {
      for (let i = 0; !stop && i < 20; i++) {
        const name = t.name(`churn-${i}`);
        docker([
          "run",
          "-d",
          "--name",
          name,
          "--label",
          t.label,
          "--network",
          net,
          "netatlas/busybox:latest",
          "sleep",
          "60",
        ]);
        docker(["rm", "-f", name]);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await call<TopologyDto>(getTopology, "/api/topology"));
    stop = true;
    await churn;
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const containerIds = new Set(answer.body.containers.map((c) => c.id));
      for (const e of answer.body.endpoints) expect(containerIds.has(e.containerId)).toBe(true);
    }
  });
});

describe("engines that are down", () => {
  const lab = (...args: string[]) =>
    execFileSync("bash", ["scripts/lab.sh", ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();

  it("reports a second, unreachable engine without hiding the first", async () => {
    const [main] = parseEngineConfig(process.env);
    setEngineConfigs([
      { ...(main as NonNullable<typeof main>), id: "main" },
      {
        id: "ghost",
        host: "unix:///run/netatlas-lab/ghost/docker.sock",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
    ]);
    const topology = await call<TopologyDto>(getTopology, "/api/topology");
    expect(topology.status).toBe(200);
    // Engines come in id order, whichever answered.
    expect(topology.body.engines.map((e) => [e.id, e.status])).toEqual([
      ["ghost", "unreachable"],
      ["main", "up"],
    ]);
    expect(topology.body.networks.every((n) => n.engine === "main")).toBe(true);
    const health = await call<HealthDto>(getHealth, "/api/health");
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("degraded");
  });

  it("answers 503 with the address and what to do once the only engine is stopped", async () => {
    const host = lab("up", "--name", "halt").split("\n").pop()?.replace("DOCKER_HOST=", "") as string;
    try {
      setEngineConfigs([
        { id: "halt", host, tlsVerify: false, certPath: null, sshPath: null, source: "env" },
      ]);
      const before = await call<TopologyDto>(getTopology, "/api/topology");
      expect(before.status).toBe(200);
      expect(before.body.engines[0]?.hostname).toBe("netatlas-halt");
    } finally {
      lab("down", "--name", "halt");
    }
    const after = await call<ApiErrorBody>(getTopology, "/api/topology");
    expect(after.status).toBe(503);
    expect(after.body.error.code).toBe("engine_unreachable");
    expect(after.body.error.message).toContain(host);
    expect(after.body.error.message).toMatch(/DOCKER_HOST/);
    expect(after.body.error.detail).toMatch(/ENOENT|ECONNREFUSED|EPIPE|ECONNRESET/);
    const health = await call<HealthDto>(getHealth, "/api/health");
    expect(health.status).toBe(503);
    expect(health.body.status).toBe("down");
  }, 90_000);
});
