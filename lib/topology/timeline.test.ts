// describeDeltas: the timeline's sentences for each kind of change (written out in full so a reworded sentence is
// a decision), the map element each one focuses (the ids toGraph draws), and the names it is filtered by.
import { describe, expect, it } from "vitest";
import type { Delta } from "@/lib/api/live";
import type { ContainerDto, EndpointDto, EngineDto, NetworkDto, TopologyDto } from "@/lib/api/types";
import { FIXTURE_VERSIONS, fixtureTopology, shuffledTopology } from "@/lib/testing/fixtures";
import {
  configuredEndpoint,
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  swarmNodeDto,
  swarmServiceDto,
  swarmTaskDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { buildTopology } from "./build";
import { deltaKey, diffTopology, EMPTY_TOPOLOGY } from "./delta";
import { toGraph } from "./graph";
import { elementId } from "./model";
import { describeDeltas, type TimelineEntry } from "./timeline";

const AT = "2025-06-01T12:00:00.000Z";

const app = networkDto({ name: "app" });
const web = containerDto({ name: "web" });
const joined = endpointDto(web, app);
const engine = engineDto();
const base = topologyOf({ engines: [engine], networks: [app], containers: [web], endpoints: [joined] });

/** The timeline entries for the change from `before` to `after`, as the client computes them. */
function told(before: TopologyDto, after: TopologyDto, version = 7): TimelineEntry[] {
  return describeDeltas(diffTopology(before, after), before, after, version, AT);
}

/** The one entry for a change (fails when there are several or none). */
function one(before: TopologyDto, after: TopologyDto): TimelineEntry {
  const entries = told(before, after);
  expect(entries.map((e) => e.text)).toHaveLength(1);
  return entries[0] as TimelineEntry;
}

const withEndpoint = (t: TopologyDto, e: EndpointDto): TopologyDto => ({
  ...t,
  endpoints: t.endpoints.map((x) => (deltaKey.endpoint(x) === deltaKey.endpoint(e) ? e : x)),
});
const withContainer = (t: TopologyDto, c: ContainerDto): TopologyDto => ({
  ...t,
  containers: t.containers.map((x) => (x.id === c.id ? c : x)),
});
const withEngine = (t: TopologyDto, e: EngineDto): TopologyDto => ({ ...t, engines: [e] });

describe("networks", () => {
  it("tells a network created with its driver, subnet and internal flag", () => {
    const internal = networkDto({ name: "backend", internal: true });
    const entry = one(base, { ...base, networks: [app, internal] });
    expect(entry).toEqual({
      id: "7.0",
      at: AT,
      text: "network backend created (bridge, 172.20.0.0/16, internal)",
      tone: "add",
      elementId: elementId.network("local", internal.id),
      networks: ["backend"],
      containers: [],
    });
  });

  it("tells every subnet of a dual-stack network and leaves out facts it does not have", () => {
    const dual = networkDto({
      name: "dual",
      driver: "macvlan",
      ipam: {
        driver: "default",
        config: [
          { subnet: "10.5.0.0/24", gateway: null, ipRange: null, auxAddresses: {} },
          { subnet: "fd00:5::/64", gateway: null, ipRange: null, auxAddresses: {} },
        ],
        options: {},
      },
    });
    expect(one(base, { ...base, networks: [app, dual] }).text).toBe(
      "network dual created (macvlan, 10.5.0.0/24, fd00:5::/64)",
    );
    const bare = networkDto({ name: "bare", ipam: { driver: "default", config: [], options: {} } });
    expect(one(base, { ...base, networks: [app, bare] }).text).toBe("network bare created (bridge)");
  });

  it("tells a changed network", () => {
    const relabeled = { ...app, labels: { team: "core" } };
    expect(one(base, { ...base, networks: [relabeled] })).toMatchObject({
      text: "network app changed",
      tone: "change",
      elementId: elementId.network("local", app.id),
      networks: ["app"],
    });
  });

  it("tells a removed network by the name it had, with no element to focus", () => {
    const spare = networkDto({ name: "spare" });
    const before = { ...base, networks: [app, spare] };
    expect(one(before, base)).toEqual({
      id: "7.0",
      at: AT,
      text: "network spare removed",
      tone: "remove",
      elementId: null,
      networks: ["spare"],
      containers: [],
    });
  });
});

describe("containers", () => {
  it("tells a container created, with its state and image", () => {
    const created = containerDto({ name: "job", state: "created", status: "Created", image: "busybox:1.36" });
    expect(one(base, { ...base, containers: [web, created] })).toEqual({
      id: "7.0",
      at: AT,
      text: "job created (created, image busybox:1.36)",
      tone: "add",
      elementId: elementId.container("local", created.id),
      networks: [],
      containers: ["job"],
    });
  });

  it("tells a container removed by the name it had in `before`", () => {
    const gone = { ...base, containers: [], endpoints: [] };
    const entries = told(base, gone);
    expect(entries.map((e) => [e.text, e.tone, e.elementId])).toEqual([
      ["web left app", "remove", null],
      ["web removed", "remove", null],
    ]);
    expect(entries[1]?.containers).toEqual(["web"]);
  });

  it("names a removed container it never knew by its short id", () => {
    const unknown: Delta = { op: "remove", kind: "container", key: `local/${web.id}` };
    const [entry] = describeDeltas([unknown], EMPTY_TOPOLOGY, EMPTY_TOPOLOGY, 1, AT);
    expect(entry?.text).toBe(`${web.id.slice(0, 12)} removed`);
  });

  it.each([
    ["created", "running", "web started"],
    ["exited", "running", "web started"],
    ["running", "exited", "web stopped (exited)"],
    ["paused", "running", "web unpaused"],
    ["running", "paused", "web running → paused"],
    ["running", "restarting", "web running → restarting"],
  ])("tells a state change %s → %s as “%s”", (from, to, text) => {
    const before = withContainer(base, { ...web, state: from });
    const after = withContainer(base, { ...web, state: to, status: "something else" });
    expect(one(before, after)).toEqual({
      id: "7.0",
      at: AT,
      text,
      tone: "change",
      elementId: elementId.container("local", web.id),
      networks: [],
      containers: ["web"],
    });
  });

  it("tells a rename with the new and the old name to filter by", () => {
    const after = withContainer(base, { ...web, name: "frontend" });
    expect(one(base, after)).toMatchObject({
      text: "frontend renamed from web",
      tone: "change",
      elementId: elementId.container("local", web.id),
      containers: ["frontend", "web"],
    });
    const exited = withContainer(base, { ...web, state: "exited" });
    expect(one(exited, withContainer(base, { ...web, name: "frontend" })).text).toBe(
      "frontend renamed from web, started",
    );
  });

  it("tells nothing when only the status text, start time or labels moved", () => {
    const after = withContainer(base, {
      ...web,
      status: "Up 2 hours",
      startedAt: "2025-01-02T00:00:00Z",
      labels: { touched: "yes" },
    });
    expect(diffTopology(base, after)).toHaveLength(1);
    expect(told(base, after)).toEqual([]);
  });
});

describe("endpoints", () => {
  it("tells an attachment with an address and alias as joining: “web joined app as 172.20.0.3, alias api”", () => {
    const before = { ...base, endpoints: [] };
    expect(one(before, base)).toEqual({
      id: "7.0",
      at: AT,
      text: "web joined app as 172.20.0.3, alias api",
      tone: "add",
      elementId: elementId.endpoint("local", app.id, web.id),
      networks: ["app"],
      containers: ["web"],
    });
  });

  it("lists several aliases and both addresses of a dual-stack endpoint, without Docker's short-id alias", () => {
    const before = { ...base, endpoints: [] };
    const dual = endpointDto(web, app, {
      ipv6Address: "fd00::3/64",
      aliases: ["api", "www", web.id.slice(0, 12)],
    });
    expect(one(before, { ...base, endpoints: [dual] }).text).toBe(
      "web joined app as 172.20.0.3, fd00::3, aliases api, www",
    );
    const plain = endpointDto(web, app, { aliases: [web.id.slice(0, 12)] });
    expect(one(before, { ...base, endpoints: [plain] }).text).toBe("web joined app as 172.20.0.3");
  });

  it("tells a never-started container's attachment, focusing the edge keyed by the network's id", () => {
    const job = containerDto({ name: "job", state: "created", status: "Created", startedAt: null });
    const attached = configuredEndpoint(job, app, { aliases: null });
    const before = { ...base, containers: [web, job] };
    const after = { ...before, endpoints: [joined, attached] };
    expect(one(before, after)).toEqual({
      id: "7.0",
      at: AT,
      text: "job is attached to app (not running yet)",
      tone: "add",
      elementId: elementId.endpoint("local", app.id, job.id),
      networks: ["app"],
      containers: ["job"],
    });
    const withAlias = {
      ...before,
      endpoints: [joined, configuredEndpoint(job, app, { aliases: ["worker"] })],
    };
    expect(one(before, withAlias).text).toBe("job is attached to app (not running yet), alias worker");
  });

  it("tells a container that starts as joining its network with the address it got", () => {
    const job = containerDto({ name: "job", state: "created", status: "Created", startedAt: null });
    const before = { ...base, containers: [web, job], endpoints: [joined, configuredEndpoint(job, app)] };
    const running = { ...job, state: "running", status: "Up 1 second" };
    const after = {
      ...before,
      containers: [web, running],
      endpoints: [joined, endpointDto(running, app, { ipv4Address: "172.20.0.4/16" })],
    };
    const entries = told(before, after);
    expect(entries.map((e) => [e.id, e.text, e.tone, e.elementId])).toEqual([
      ["7.0", "job started", "change", elementId.container("local", job.id)],
      ["7.1", "job joined app as 172.20.0.4, alias api", "add", elementId.endpoint("local", app.id, job.id)],
    ]);
  });

  it("tells a container that stops as releasing its address", () => {
    const stopped = withEndpoint(
      withContainer(base, { ...web, state: "exited", status: "Exited (0) 1 second ago" }),
      { ...joined, id: null, ipv4Address: null, gateway: null, macAddress: null },
    );
    const entries = told(base, stopped);
    expect(entries.map((e) => [e.text, e.tone, e.elementId])).toEqual([
      ["web stopped (exited)", "change", elementId.container("local", web.id)],
      ["web released 172.20.0.3 on app (not running)", "change", elementId.endpoint("local", app.id, web.id)],
    ]);
    expect(entries[1]).toMatchObject({ networks: ["app"], containers: ["web"] });
  });

  it("tells an address change", () => {
    const after = withEndpoint(base, { ...joined, ipv4Address: "172.20.0.9/16" });
    expect(one(base, after)).toMatchObject({
      text: "web on app: 172.20.0.3 → 172.20.0.9",
      tone: "change",
      elementId: elementId.endpoint("local", app.id, web.id),
    });
  });

  it("tells an alias change, and aliases removed as none", () => {
    const more = withEndpoint(base, { ...joined, aliases: ["api", "www"] });
    expect(one(base, more)).toMatchObject({ text: "web on app: aliases now api, www", tone: "change" });
    const none = withEndpoint(base, { ...joined, aliases: null });
    expect(one(base, none).text).toBe("web on app: aliases now none");
  });

  it("tells nothing when only the endpoint id, MAC address or DNS names changed", () => {
    const after = withEndpoint(base, {
      ...joined,
      id: "another-endpoint",
      macAddress: "02:42:ac:14:00:99",
      dnsNames: ["web", "api"],
    });
    expect(diffTopology(base, after)).toHaveLength(1);
    expect(told(base, after)).toEqual([]);
  });

  it("tells an endpoint removed as leaving: “web left app”", () => {
    expect(one(base, { ...base, endpoints: [] })).toEqual({
      id: "7.0",
      at: AT,
      text: "web left app",
      tone: "remove",
      elementId: null,
      networks: ["app"],
      containers: ["web"],
    });
  });

  it("tells the removal of an attachment it never knew without inventing names", () => {
    const unknown: Delta = { op: "remove", kind: "endpoint", key: `local/app/${web.id}` };
    expect(describeDeltas([unknown], EMPTY_TOPOLOGY, EMPTY_TOPOLOGY, 3, AT)).toEqual([
      {
        id: "3.0",
        at: AT,
        text: `an attachment ended (local/app/${web.id})`,
        tone: "remove",
        elementId: null,
        networks: [],
        containers: [],
      },
    ]);
  });
});

describe("engines", () => {
  it("tells an engine connecting with its version", () => {
    expect(one(EMPTY_TOPOLOGY, topologyOf({ engines: [engine] }))).toEqual({
      id: "7.0",
      at: AT,
      text: "engine local connected (Docker 26.1.5)",
      tone: "add",
      elementId: elementId.engine("local"),
      networks: [],
      containers: [],
    });
  });

  it("tells an engine going unreachable with the reason, and coming back", () => {
    const down = withEngine(base, {
      ...engine,
      status: "unreachable",
      error: { code: "engine_unreachable", message: "cannot reach the engine", detail: "ECONNREFUSED" },
    });
    expect(one(base, down)).toMatchObject({
      text: "engine local is unreachable: cannot reach the engine",
      tone: "remove",
      elementId: elementId.engine("local"),
    });
    expect(one(down, base)).toMatchObject({
      text: "engine local is back (Docker 26.1.5)",
      tone: "change",
      elementId: elementId.engine("local"),
    });
    const silent = withEngine(base, { ...engine, status: "unreachable", error: null });
    expect(one(base, silent).text).toBe("engine local is unreachable");
  });

  it("tells an engine that changed while up, and one removed", () => {
    const upgraded = withEngine(base, { ...engine, version: "27.0.1" });
    expect(one(base, upgraded)).toMatchObject({
      text: "engine local changed (Docker 27.0.1)",
      tone: "change",
    });
    expect(one(topologyOf({ engines: [engine] }), EMPTY_TOPOLOGY)).toMatchObject({
      text: "engine local removed",
      tone: "remove",
      elementId: null,
    });
  });
});

describe("entry ids", () => {
  it("number entries by version and position in the batch, skipping nothing the ids depend on", () => {
    const before = base;
    const after = {
      ...withContainer(base, { ...web, status: "Up 1 hour" }),
      networks: [app, networkDto({ name: "more" })],
    };
    const deltas = diffTopology(before, after);
    expect(deltas.map((d) => d.kind)).toEqual(["network", "container"]);
    const entries = describeDeltas([...deltas].reverse(), before, after, 42, AT);
    // The container's status-only change (position 0) tells nothing; the network is position 1.
    expect(entries.map((e) => [e.id, e.text])).toEqual([
      ["42.1", "network more created (bridge, 172.20.0.0/16)"],
    ]);
  });
});

describe.each(FIXTURE_VERSIONS)("on the Docker %s recording", (version) => {
  const t = fixtureTopology(version);
  const graph = toGraph(buildTopology(t));
  const ids = new Set([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)]);

  it("focuses an element the map draws for every object of a topology built from empty", () => {
    const entries = told(EMPTY_TOPOLOGY, shuffledTopology(t, 11));
    expect(entries).toHaveLength(
      t.engines.length + t.networks.length + t.containers.length + t.endpoints.length,
    );
    for (const entry of entries) expect(ids, entry.text).toContain(entry.elementId);
    expect(new Set(entries.map((e) => e.elementId)).size).toBe(entries.length);
  });

  it("focuses the edge of the right container and network for each attachment", () => {
    const entries = told(EMPTY_TOPOLOGY, t);
    const edges = new Map(graph.edges.map((e) => [e.id, e]));
    const names = new Map([...graph.nodes.map((n) => [n.id, n.label] as const)]);
    for (const entry of entries.filter((e) => e.elementId?.startsWith("endpoint:"))) {
      const edge = edges.get(entry.elementId as string);
      expect(names.get(edge?.source ?? ""), entry.text).toBe(entry.containers[0]);
      expect(names.get(edge?.target ?? ""), entry.text).toBe(entry.networks[0]);
    }
  });

  it("tells the attachments of the recorded containers with the aliases a person set", () => {
    const texts = told(EMPTY_TOPOLOGY, t).map((e) => e.text);
    expect(texts).toContain("example-api joined example-public as 10.90.1.3, alias api");
    expect(texts).toContain("example-worker joined example-internal as 10.90.2.130");
    expect(texts).toContain("example-stopped is attached to example-internal (not running yet)");
  });

  it("tells example-stopped starting: started, then joined example-internal with its address", () => {
    const after = structuredClone(t);
    const stopped = after.containers.find((c) => c.name === "example-stopped") as ContainerDto;
    const internal = after.networks.find((n) => n.name === "example-internal") as NetworkDto;
    stopped.state = "running";
    stopped.status = "Up 1 second";
    const endpoint = after.endpoints.find((e) => e.containerId === stopped.id) as EndpointDto;
    Object.assign(endpoint, { id: "e".repeat(64), networkId: internal.id, ipv4Address: "10.90.2.132/24" });
    const entries = told(t, after);
    expect(entries.map((e) => e.text)).toEqual([
      "example-stopped started",
      "example-stopped joined example-internal as 10.90.2.132",
    ]);
    expect(entries[1]?.elementId).toBe(elementId.endpoint("local", internal.id, stopped.id));
    // The edge keeps its id across the start: the map updates it in place.
    expect(ids).toContain(entries[1]?.elementId);
  });

  it("tells a container's removal with its attachments, names from `before`", () => {
    const after = structuredClone(t);
    const db = after.containers.find((c) => c.name === "example-db") as ContainerDto;
    after.containers = after.containers.filter((c) => c.id !== db.id);
    after.endpoints = after.endpoints.filter((e) => e.containerId !== db.id);
    expect(told(t, after).map((e) => [e.text, e.networks, e.containers])).toEqual([
      ["example-db left example-data", ["example-data"], ["example-db"]],
      ["example-db left example-internal", ["example-internal"], ["example-db"]],
      ["example-db removed", [], ["example-db"]],
    ]);
  });
});

describe("found in review", () => {
  it("does not call a running container on the host or none network 'not running yet'", () => {
    const t = fixtureTopology("26.1");
    const texts = describeDeltas(diffTopology(EMPTY_TOPOLOGY, t), EMPTY_TOPOLOGY, t, 1, "now").map(
      (e) => e.text,
    );
    expect(texts).not.toContain("example-hostnet is attached to host (not running yet)");
    expect(texts).toContain("example-hostnet joined host");
    expect(texts).toContain("example-isolated joined none");
  });
});

describe("swarm", () => {
  const manager = swarmNodeDto({
    hostname: "mgr",
    role: "manager",
    leader: true,
    reachability: "reachable",
    address: "10.10.0.1",
  });
  const worker = swarmNodeDto({ hostname: "netatlas-b" });
  const webSvc = swarmServiceDto({ name: "fx-web", replicas: 4 });
  const dnsSvc = swarmServiceDto({ name: "fx-dns", mode: "global", replicas: null, endpointMode: "dnsrr" });
  const task1 = swarmTaskDto(webSvc, { slot: 1, nodeId: worker.id, containerId: "c".repeat(64) });
  const managerEngine = engineDto({
    swarm: {
      state: "active",
      nodeId: manager.id,
      isManager: true,
      cluster: manager.cluster,
      nodeAddress: "10.10.0.1",
    },
  });
  const swarm = topologyOf({
    engines: [managerEngine],
    nodes: [manager, worker],
    services: [webSvc],
    tasks: [task1],
  });
  const none = { networks: [], containers: [] };
  const withTask = (t: TopologyDto, task: typeof task1): TopologyDto => ({
    ...t,
    tasks: t.tasks.map((x) => (x.id === task.id ? task : x)),
  });

  it("tells a node joining with its role and state", () => {
    const before = { ...swarm, nodes: [manager] };
    expect(one(before, swarm)).toEqual({
      id: "7.0",
      at: AT,
      text: "swarm node netatlas-b joined as worker (ready)",
      tone: "add",
      // No engine is configured for it here: its own box on the map.
      elementId: elementId.swarmNode(worker.cluster, worker.id),
      ...none,
    });
  });

  it("tells a node leaving by its hostname from `before`", () => {
    expect(one(swarm, { ...swarm, nodes: [manager] })).toEqual({
      id: "7.0",
      at: AT,
      text: "swarm node netatlas-b left",
      tone: "remove",
      elementId: null,
      ...none,
    });
  });

  it("tells a node's state, availability and role changing, each as old → new", () => {
    const down = { ...swarm, nodes: [manager, { ...worker, state: "down" }] };
    expect(one(swarm, down)).toMatchObject({ text: "swarm node netatlas-b: ready → down", tone: "change" });
    const drained = { ...swarm, nodes: [manager, { ...worker, availability: "drain" }] };
    expect(one(swarm, drained).text).toBe("swarm node netatlas-b: active → drain");
    const promoted = {
      ...swarm,
      nodes: [manager, { ...worker, role: "manager" as const, state: "unknown", availability: "pause" }],
    };
    expect(one(swarm, promoted).text).toBe(
      "swarm node netatlas-b: worker → manager, ready → unknown, active → pause",
    );
  });

  it("tells nothing when a node changes in nothing a person watches (address, labels, version)", () => {
    const moved = {
      ...swarm,
      nodes: [manager, { ...worker, address: "10.10.0.9", labels: { zone: "b" }, engineVersion: "27.0.1" }],
    };
    expect(diffTopology(swarm, moved)).toHaveLength(1);
    expect(told(swarm, moved)).toEqual([]);
  });

  it("tells a service created with its replicas and endpoint mode, focusing the service the map draws", () => {
    const entry = one(swarm, { ...swarm, services: [webSvc, dnsSvc] });
    expect(entry).toEqual({
      id: "7.0",
      at: AT,
      text: "service fx-dns created (global, dnsrr)",
      tone: "add",
      elementId: elementId.service(dnsSvc.cluster, dnsSvc.id),
      ...none,
    });
    expect(one({ ...swarm, services: [], tasks: [] }, { ...swarm, tasks: [] }).text).toBe(
      "service fx-web created (4 replicas, vip)",
    );
    const single = swarmServiceDto({ name: "solo", replicas: 1 });
    expect(one(swarm, { ...swarm, services: [webSvc, single] }).text).toBe(
      "service solo created (1 replica, vip)",
    );
  });

  it("tells a service scaled, 4 → 2", () => {
    const scaled = { ...webSvc, replicas: 2, updatedAt: "2025-01-01T00:05:00Z" };
    expect(one(swarm, { ...swarm, services: [scaled] })).toEqual({
      id: "7.0",
      at: AT,
      text: "service fx-web scaled 4 → 2",
      tone: "change",
      elementId: elementId.service(webSvc.cluster, webSvc.id),
      ...none,
    });
  });

  it("tells a service updated when its spec changed (UpdatedAt moved) but not its replicas", () => {
    const updated = { ...webSvc, image: "nginx:1.28", updatedAt: "2025-01-01T00:05:00Z" };
    expect(one(swarm, { ...swarm, services: [updated] })).toMatchObject({
      text: "service fx-web updated",
      tone: "change",
      elementId: elementId.service(webSvc.cluster, webSvc.id),
    });
  });

  it("tells nothing when only what Docker fills in moved (a VIP assigned, UpdatedAt the same)", () => {
    const vip = { ...webSvc, vips: [{ networkId: "n1", address: "10.0.0.8/24" }] };
    expect(told(swarm, { ...swarm, services: [vip] })).toEqual([]);
  });

  it("tells a service removed by its name from `before`, after its tasks ended", () => {
    expect(
      told(swarm, { ...swarm, services: [], tasks: [] }).map((e) => [e.text, e.tone, e.elementId]),
    ).toEqual([
      ["task fx-web.1 on netatlas-b ended", "remove", null],
      ["service fx-web removed", "remove", null],
    ]);
  });

  it("tells a task placed on its node with its state", () => {
    const task2 = swarmTaskDto(webSvc, { slot: 2, nodeId: manager.id, state: "assigned" });
    expect(one(swarm, { ...swarm, tasks: [task1, task2] })).toEqual({
      id: "7.0",
      at: AT,
      text: "task fx-web.2 placed on mgr (assigned)",
      tone: "add",
      elementId: elementId.taskEdge(task2.cluster, task2.id),
      ...none,
    });
    const unplaced = swarmTaskDto(webSvc, { slot: 3, state: "pending" });
    expect(one(swarm, { ...swarm, tasks: [task1, unplaced] }).text).toBe(
      "task fx-web.3 placed on an unassigned node (pending)",
    );
  });

  it("tells a task's state changing, with its error when it failed", () => {
    const failed = {
      ...task1,
      state: "failed",
      desiredState: "shutdown",
      error: "task: non-zero exit (137)",
    };
    expect(one(swarm, withTask(swarm, failed))).toEqual({
      id: "7.0",
      at: AT,
      text: "task fx-web.1 on netatlas-b: running → failed (task: non-zero exit (137))",
      tone: "change",
      elementId: elementId.taskEdge(task1.cluster, task1.id),
      ...none,
    });
    const starting = { ...task1, state: "starting" };
    expect(one(withTask(swarm, starting), swarm).text).toBe(
      "task fx-web.1 on netatlas-b: starting → running",
    );
  });

  it("tells nothing when a task changed but not its state (a timestamp, its desired state)", () => {
    const touched = { ...task1, desiredState: "shutdown", updatedAt: "2025-01-01T00:09:00Z" };
    expect(told(swarm, withTask(swarm, touched))).toEqual([]);
  });

  it("tells a task ending, named and placed from `before`", () => {
    expect(one(swarm, { ...swarm, tasks: [] })).toEqual({
      id: "7.0",
      at: AT,
      text: "task fx-web.1 on netatlas-b ended",
      tone: "remove",
      elementId: null,
      ...none,
    });
  });

  it("tells nothing for a swarm object that did not change, even when handed a change delta for it", () => {
    expect(told(swarm, structuredClone(swarm))).toEqual([]);
    const same: Delta[] = [
      { op: "change", kind: "node", key: deltaKey.node(worker), value: worker },
      { op: "change", kind: "service", key: deltaKey.service(webSvc), value: webSvc },
      { op: "change", kind: "task", key: deltaKey.task(task1), value: task1 },
    ];
    expect(describeDeltas(same, swarm, swarm, 7, AT)).toEqual([]);
  });

  it("names a global task as the map does: service and the first 12 characters of its node id", () => {
    const global = swarmTaskDto(dnsSvc, { slot: null, nodeId: worker.id, containerId: null });
    const after = { ...swarm, services: [webSvc, dnsSvc], tasks: [task1, global] };
    const drawn = toGraph(buildTopology(after)).nodes.find((n) => n.ref === global.id);
    expect(drawn?.label).toBe(`fx-dns.${worker.id.slice(0, 12)}`);
    const before = { ...swarm, services: [webSvc, dnsSvc] };
    expect(one(before, after).text).toBe(`task ${drawn?.label} placed on netatlas-b (running)`);
  });

  it("focuses an element the map draws for every swarm object that has one", () => {
    // The manager's own task runs in a container on the map: toGraph draws it as that container, not a task node.
    const container = containerDto({ name: "fx-web.2.x", id: "d".repeat(64) });
    const onManager = swarmTaskDto(webSvc, { slot: 2, nodeId: manager.id, containerId: container.id });
    const after = { ...swarm, containers: [container], tasks: [task1, onManager] };
    const graph = toGraph(buildTopology(after));
    const ids = new Set([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)]);
    const entries = told(EMPTY_TOPOLOGY, after).filter((e) => e.elementId !== null);
    expect(entries.map((e) => e.text)).toContain("task fx-web.2 placed on mgr (running)");
    for (const entry of entries) expect(ids, entry.text).toContain(entry.elementId);
  });
});
