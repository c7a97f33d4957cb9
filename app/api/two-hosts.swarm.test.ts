// Two real hosts: lab engine A (Docker 26.1, swarm manager) and B (Docker 20.10, worker), linked by a veth pair
// (scripts/lab.sh up --hosts 2, which scripts/test.sh runs with NETATLAS_ENGINES naming both). An overlay network
// and a service with 4 replicas spread over both: the topology shows both hosts, each task on the host docker says
// it runs on, the overlay on both with its peers, the VXLAN tunnel between them; ping crosses it; the live stream
// follows a scale-down. An encrypted overlay: each host's IPsec toward the other as `ip xfrm` shows it, and the
// map's verdict (in place, or missing so traffic is dropped) is what a ping across finds.

import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getEvents } from "@/app/api/events/route";
import { GET as getHosts } from "@/app/api/hosts/route";
import { GET as getTopology } from "@/app/api/topology/route";
import type { HostsDto } from "@/lib/api/hosts";
import type { DeltaMessage, SnapshotMessage } from "@/lib/api/live";
import type { TopologyDto } from "@/lib/api/types";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { liveHub } from "@/lib/live/hub";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, request, useIdentities } from "@/lib/testing/routes";
import { SseReader } from "@/lib/testing/sse";
import { createService, removeService, untilRunning } from "@/lib/testing/swarm-cli";
import { buildTopology } from "@/lib/topology/build";
import { toGraph } from "@/lib/topology/graph";
import { withLinuxLayer } from "@/lib/topology/linux-layer";
import { elementId } from "@/lib/topology/model";

const engines = parseEngineConfig(process.env);
const hostOf = (id: string) => engines.find((e) => e.id === id)?.host ?? "";
const onA = (args: string[]) => docker(args, { ...process.env, DOCKER_HOST: hostOf("a") });
const onB = (args: string[]) => docker(args, { ...process.env, DOCKER_HOST: hostOf("b") });

let t: TestObjects;
let ids: TestIdentities;
let overlay: string;
let overlayId: string;
let service: string;
const abort = new AbortController();

beforeAll(async () => {
  if (
    engines.map((e) => e.id).join(",") !== "a,b" ||
    !engines.every((e) => e.host.includes("/netatlas-lab/"))
  )
    throw new Error("run with NETATLAS_ENGINES=a=<lab a>,b=<lab b> (scripts/lab.sh up --hosts 2 prints it)");
  setEngineConfigs(engines);
  t = testObjects();
  ids = await testIdentities();
  useIdentities(ids);
  overlay = t.name("ov");
  onA([
    "network",
    "create",
    "--driver",
    "overlay",
    "--attachable",
    "--label",
    t.label,
    "--subnet",
    "10.186.0.0/24",
    overlay,
  ]);
  overlayId = onA(["network", "inspect", "--format", "{{.Id}}", overlay]);
  service = t.name("web");
  createService(onA, service, t.label, [
    "--network",
    overlay,
    "--replicas",
    "4",
    "--replicas-max-per-node",
    "2",
  ]);
  await untilRunning(onA, service, 4);
}, 180_000);

afterAll(async () => {
  abort.abort();
  for (let i = 0; i < 50 && liveHub().running; i++) await new Promise((r) => setTimeout(r, 100));
  await removeService(onA, service, overlay);
  ids?.cleanup();
}, 120_000);

async function topology(): Promise<TopologyDto> {
  const answer = await call<TopologyDto>(getTopology, "/api/topology");
  expect(answer.status).toBe(200);
  return answer.body;
}

describe("two hosts in a swarm", () => {
  it("shows both hosts, the service and each task on the host it runs on", async () => {
    const dto = await topology();
    expect(dto.engines.map((e) => [e.id, e.status, e.swarm?.isManager])).toEqual([
      ["a", "up", true],
      ["b", "up", false],
    ]);
    const model = buildTopology(dto);
    expect(model.nodes.map((n) => [n.hostname, n.role, n.state])).toEqual([
      ["netatlas-a", "manager", "ready"],
      ["netatlas-b", "worker", "ready"],
    ]);
    const svc = model.services.find((s) => s.name === service);
    expect(svc).toMatchObject({ mode: "replicated", replicas: 4, endpointMode: "vip" });
    expect(svc?.vips.map((v) => v.networkId)).toContain(overlayId);
    const tasks = model.tasks.filter((x) => x.serviceId === svc?.id);
    expect(tasks).toHaveLength(4);
    // Each task's container is on the engine of the node docker placed it on, as that engine's docker ps says.
    for (const engine of ["a", "b"] as const) {
      const nodeId = dto.engines.find((e) => e.id === engine)?.swarm?.nodeId;
      const there = tasks.filter((x) => x.nodeId === nodeId);
      expect(there, `tasks on ${engine}`).toHaveLength(2);
      const ps = (engine === "a" ? onA : onB)([
        "ps",
        "-q",
        "--no-trunc",
        "--filter",
        `label=com.docker.swarm.service.name=${service}`,
      ]).split("\n");
      expect(there.map((x) => x.containerId).sort()).toEqual(ps.sort());
      for (const task of there)
        expect(model.containers.some((c) => c.engine === engine && c.id === task.containerId)).toBe(true);
    }
    const graph = toGraph(model);
    const taskEdges = graph.edges.filter(
      (e) => e.kind === "task" && e.source === elementId.service(svc?.cluster ?? "", svc?.id ?? ""),
    );
    expect(taskEdges.map((e) => e.target.split(":")[1]).sort()).toEqual(["a", "a", "b", "b"]);
  });

  it("shows the overlay on both hosts with its peers, and the VXLAN tunnel between them", async () => {
    const dto = await topology();
    const copies = dto.networks.filter((n) => n.id === overlayId);
    expect(copies.map((n) => n.engine).sort()).toEqual(["a", "b"]);
    // Peers are named by the overlay's member ids; their addresses are the nodes' (the lab link's ends).
    const nodes = buildTopology(dto).nodes.map((n) => [n.hostname, n.address]);
    expect(nodes).toEqual([
      ["netatlas-a", "10.212.0.1"],
      ["netatlas-b", "10.212.0.2"],
    ]);
    for (const copy of copies) expect(copy.peers?.map((p) => p.ip)).toEqual(["10.212.0.1", "10.212.0.2"]);
    const vni = onA([
      "network",
      "inspect",
      "--format",
      '{{index .Options "com.docker.network.driver.overlay.vxlanid_list"}}',
      overlay,
    ]);
    expect(vni).toMatch(/^\d+$/);
    const tunnels = toGraph(buildTopology(dto)).edges.filter(
      (e) => e.kind === "tunnel" && e.id.includes(overlayId),
    );
    expect(tunnels).toHaveLength(1);
    expect(tunnels[0]).toMatchObject({
      source: elementId.network("a", overlayId),
      target: elementId.network("b", overlayId),
      label: `VXLAN ${vni}`,
    });
  });

  it("carries a ping from a task on A to a task on B across the overlay", async () => {
    const dto = await topology();
    const nodeB = dto.engines.find((e) => e.id === "b")?.swarm?.nodeId;
    const taskB = dto.tasks.find(
      (x) => x.nodeId === nodeB && x.addresses.some((a) => a.networkId === overlayId),
    );
    const addressB = taskB?.addresses.find((a) => a.networkId === overlayId)?.address.split("/")[0];
    expect(addressB).toMatch(/^10\.186\.0\./);
    const containerA =
      onA(["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${service}`]).split("\n")[0] ?? "";
    const out = onA(["exec", containerA, "ping", "-c", "2", "-W", "3", addressB ?? ""]);
    expect(out).toMatch(/2 packets received/);
    // The service name resolves to every task through tasks.<service>.
    const lookup = onA(["exec", containerA, "nslookup", `tasks.${service}`]);
    expect(lookup.match(/10\.186\.0\.\d+/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it("follows a scale-down live: the service's replicas and two tasks ending", async () => {
    const response = getEvents(new Request(request("/api/events"), { signal: abort.signal }));
    const reader = new SseReader(response);
    const snapshot = (await reader.waitFor((e) => e.event === "snapshot", 20_000)).data as SnapshotMessage;
    const svc = snapshot.topology.services.find((s) => s.name === service);
    expect(svc?.replicas).toBe(4);
    onA(["service", "scale", "--detach", `${service}=2`]);
    const scaled = await reader.waitFor(
      (e) =>
        e.event === "delta" &&
        (e.data as DeltaMessage).deltas.some(
          (d) => d.kind === "service" && d.op === "change" && d.value.replicas === 2,
        ),
      20_000,
    );
    expect(scaled.event).toBe("delta");
    await reader.waitFor(
      (e) =>
        e.event === "delta" &&
        (e.data as DeltaMessage).deltas.filter((d) => d.kind === "task" && d.op === "remove").length > 0,
      30_000,
    );
  });
});

describe("an encrypted overlay across the two hosts", () => {
  let secure = "";
  let secureService = "";

  beforeAll(async () => {
    secure = t.name("secure");
    onA([
      "network",
      "create",
      "--driver",
      "overlay",
      "--opt",
      "encrypted",
      "--label",
      t.label,
      "--subnet",
      "10.189.0.0/24",
      secure,
    ]);
    secureService = t.name("sec");
    createService(onA, secureService, t.label, [
      "--network",
      secure,
      "--replicas",
      "2",
      "--replicas-max-per-node",
      "1",
    ]);
    await untilRunning(onA, secureService, 2);
  }, 180_000);

  afterAll(async () => {
    await removeService(onA, secureService, secure);
  }, 120_000);

  it("reports each host's IPsec toward the other as ip xfrm shows it, and a ping crosses exactly when it is in place", async () => {
    const answer = await call<HostsDto>(getHosts, "/api/hosts");
    expect(answer.status).toBe(200);
    const xfrmState = (slot: string) =>
      execFileSync("nsenter", [`--net=/var/run/netns/netatlas-${slot}`, "ip", "xfrm", "state"], {
        encoding: "utf8",
      });
    const installedEverywhere: boolean[] = [];
    for (const [engine, peer] of [
      ["a", "10.212.0.2"],
      ["b", "10.212.0.1"],
    ] as const) {
      const host = answer.body.hosts.find((h) => h.engine === engine);
      const toward = host?.ipsec.filter((p) => p.to === peer) ?? [];
      expect(toward.length, `IPsec policies on ${engine} toward ${peer}`).toBeGreaterThan(0);
      const states = xfrmState(engine);
      for (const p of toward) {
        expect(p.installed, `SA ${p.spi} on ${engine}`).toBe(states.includes(`spi ${p.spi}`));
        installedEverywhere.push(p.installed);
      }
    }
    const inPlace = installedEverywhere.every(Boolean);
    // The map's verdict is what a packet finds: a ping from A's task to B's crosses only with IPsec in place.
    const containerA = onA(["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${secureService}`]);
    const containerB = onB(["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${secureService}`]);
    const addressB = onB([
      "inspect",
      "--format",
      `{{(index .NetworkSettings.Networks "${secure}").IPAddress}}`,
      containerB,
    ]);
    let crossed = true;
    try {
      onA(["exec", containerA, "ping", "-c", "2", "-W", "2", addressB]);
    } catch {
      crossed = false;
    }
    expect(crossed).toBe(inPlace);
    const model = buildTopology(await topology());
    const tunnel = withLinuxLayer(toGraph(model), model, answer.body.hosts).edges.find(
      (e) => e.kind === "tunnel" && e.description.includes(secure),
    );
    expect(tunnel?.classes.includes("ipsec-missing")).toBe(!inPlace);
  });
});
