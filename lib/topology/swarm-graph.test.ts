// What toGraph draws for a swarm (swarm-graph.ts), on the two-node swarm recorded from lab engines a (Docker 26.1
// manager netatlas-a) and b (Docker 20.10 worker netatlas-b): swarm facts on the engine boxes, services with an
// edge to each task's container, VXLAN tunnels between the hosts of each overlay; and the same swarm when only
// the manager is configured (the worker becomes a box of its own) or when two of its managers are.
import { describe, expect, it } from "vitest";
import type { EngineDto, NetworkDto, TopologyDto } from "@/lib/api/types";
import { mapNetwork } from "@/lib/docker/map";
import { mapService, mapSwarmNode, mapSwarmState, mapTask } from "@/lib/docker/map-swarm";
import { loadSwarmRecording, shuffledTopology, swarmTaskContainers } from "@/lib/testing/fixtures";
import { engineDto, networkDto, topologyOf } from "@/lib/testing/topology-builders";
import { buildTopology } from "./build";
import { toGraph } from "./graph";
import { elementId, type Graph, type GraphEdge, type GraphNode } from "./model";
import { isEncrypted, VXLAN_OPTION, vxlanIds } from "./swarm-graph";

const recording = loadSwarmRecording();

const CLUSTER = recording.infoA.Swarm?.Cluster?.ID as string;
const NODE_A = recording.infoA.Swarm?.NodeID as string;
const NODE_B = recording.infoB.Swarm?.NodeID as string;
const MESH = "9fxybqj8satt4zh5ffme4a58a";
const INGRESS = "izulaod61htmywbtjvc4k6onj";
const IMAGE = "netatlas/busybox:latest";

const engines: EngineDto[] = [
  engineDto({
    id: "a",
    host: "tcp://10.212.0.1:2375",
    version: "26.1.5",
    apiVersion: "1.45",
    engineApiVersion: "1.45",
    hostname: recording.infoA.Name ?? null,
    swarm: mapSwarmState(recording.infoA),
  }),
  engineDto({
    id: "b",
    host: "tcp://10.212.0.2:2375",
    version: "20.10.24",
    apiVersion: "1.41",
    engineApiVersion: "1.41",
    hostname: recording.infoB.Name ?? null,
    swarm: mapSwarmState(recording.infoB),
  }),
];

/** Each task's container and attachments, on the engine of the node it runs on (as that engine lists them). */
const taskContainers = () => swarmTaskContainers(recording);

/** The swarm as the topology API answers it with engines a and b configured, a reporting the swarm. */
function swarmTopology(): TopologyDto {
  return {
    engines: structuredClone(engines),
    networks: [
      ...recording.networksA.map((n) => mapNetwork("a", n)),
      ...recording.networksB.map((n) => mapNetwork("b", n)),
    ],
    ...taskContainers(),
    nodes: recording.nodes.map((n) => mapSwarmNode("a", CLUSTER, n)),
    services: recording.services.map((s) => mapService("a", CLUSTER, s)),
    tasks: recording.tasks.map((t) => mapTask("a", CLUSTER, t)),
  };
}

/** The same swarm seen when only engine a is configured. */
function withoutB(t: TopologyDto): TopologyDto {
  return {
    ...t,
    engines: t.engines.filter((e) => e.id !== "b"),
    networks: t.networks.filter((n) => n.engine !== "b"),
    containers: t.containers.filter((c) => c.engine !== "b"),
    endpoints: t.endpoints.filter((e) => e.engine !== "b"),
  };
}

const graphOf = (t: TopologyDto): Graph => toGraph(buildTopology(t));

function nodeById(graph: Graph, id: string): GraphNode {
  const found = graph.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

function network(t: TopologyDto, engine: string, id: string): NetworkDto {
  const found = t.networks.find((n) => n.engine === engine && n.id === id);
  if (!found) throw new Error(`no network ${engine}/${id}`);
  return found;
}

const ofKind = <T extends { kind: string }>(items: T[], kind: string) => items.filter((i) => i.kind === kind);

/** Every edge joins two drawn nodes, every parent is drawn, and no id is used twice. */
function expectWellFormed(graph: Graph): void {
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const all = [...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)];
  expect(new Set(all).size, "ids are unique").toBe(all.length);
  for (const e of graph.edges) {
    expect(nodeIds, `${e.id} source`).toContain(e.source);
    expect(nodeIds, `${e.id} target`).toContain(e.target);
  }
  for (const n of graph.nodes) if (n.parent) expect(nodeIds, `${n.id} parent`).toContain(n.parent);
}

/** The recorded task with this service name and slot (or node, for a global service). */
function recordedTask(service: string, where: number | string) {
  const serviceId = recording.services.find((s) => s.Spec.Name === service)?.ID;
  const raw = recording.tasks.find(
    (t) => t.ServiceID === serviceId && (typeof where === "number" ? t.Slot === where : t.NodeID === where),
  );
  if (!raw) throw new Error(`no task ${service}.${where}`);
  return mapTask("a", CLUSTER, raw);
}

const full = swarmTopology();
const graph = graphOf(full);

describe("vxlanIds and isEncrypted", () => {
  it("read VXLAN 4101 and encryption from fx-mesh, VXLAN 4096 and no encryption from ingress, on both hosts", () => {
    for (const engine of ["a", "b"]) {
      expect(vxlanIds(network(full, engine, MESH))).toEqual([4101]);
      expect(isEncrypted(network(full, engine, MESH))).toBe(true);
      expect(vxlanIds(network(full, engine, INGRESS))).toEqual([4096]);
      expect(isEncrypted(network(full, engine, INGRESS))).toBe(false);
    }
  });

  it("read a list of VXLAN ids, and none from a missing, empty or malformed option", () => {
    const overlay = (options: Record<string, string>) =>
      networkDto({ driver: "overlay", scope: "swarm", options });
    expect(vxlanIds(overlay({ [VXLAN_OPTION]: "4097,4098" }))).toEqual([4097, 4098]);
    expect(vxlanIds(overlay({ [VXLAN_OPTION]: " 4097 , 4098 " }))).toEqual([4097, 4098]);
    expect(vxlanIds(overlay({}))).toEqual([]);
    expect(vxlanIds(overlay({ [VXLAN_OPTION]: "" }))).toEqual([]);
    expect(vxlanIds(overlay({ [VXLAN_OPTION]: "x,0,-3,4100" }))).toEqual([4100]);
  });

  it("call only an overlay encrypted", () => {
    expect(isEncrypted(networkDto({ driver: "bridge", options: { encrypted: "" } }))).toBe(false);
    expect(isEncrypted(networkDto({ driver: "overlay", options: {} }))).toBe(false);
  });
});

describe("both engines configured", () => {
  it("draws a well-formed graph", () => {
    expectWellFormed(graph);
  });

  it("puts the swarm facts on each engine's box: role, leader, state, availability, address", () => {
    const a = nodeById(graph, elementId.engine("a"));
    expect(a.sublabel).toBe(
      "Docker 26.1.5 (API 1.45) · swarm manager (leader) · ready · active · 10.212.0.1",
    );
    expect(a.description).toBe(
      "Engine a (netatlas-a): Docker 26.1.5 (API 1.45), linux/amd64; swarm manager (leader) · ready · active · 10.212.0.1",
    );
    expect(a.classes).toEqual(["engine", "engine-up", "swarm-node"]);
    const b = nodeById(graph, elementId.engine("b"));
    expect(b.sublabel).toBe("Docker 20.10.24 (API 1.41) · swarm worker · ready · active · 10.212.0.2");
    expect(b.description).toContain("; swarm worker · ready · active · 10.212.0.2");
    expect(b.classes).toEqual(["engine", "engine-up", "swarm-node"]);
  });

  it("draws no box of its own for a node whose engine is configured", () => {
    expect(ofKind(graph.nodes, "engine").map((n) => n.id)).toEqual([
      elementId.engine("a"),
      elementId.engine("b"),
    ]);
  });

  it("draws fx-web with its replicas, endpoint mode, port, and VIPs by network name", () => {
    const web = nodeById(graph, elementId.service(CLUSTER, "sqoyb2qk2rezx8586lmp6bujy"));
    expect(web).toEqual({
      id: elementId.service(CLUSTER, "sqoyb2qk2rezx8586lmp6bujy"),
      kind: "service",
      engine: "a",
      ref: "sqoyb2qk2rezx8586lmp6bujy",
      parent: null,
      label: "fx-web",
      sublabel: "3/3 · vip · 8089→80/tcp",
      classes: ["service", "endpoint-vip"],
      description:
        "Service fx-web: replicated, 3/3 replicas running, endpoint mode vip, " +
        "VIP 10.0.0.8 on ingress, 10.187.0.2 on fx-mesh, published 8089→80/tcp (routing mesh), " +
        `image ${IMAGE}`,
    });
  });

  it("draws fx-dns as global and dnsrr, without replicas, VIP or ports", () => {
    const dns = nodeById(graph, elementId.service(CLUSTER, "4xcq26cytbs6ylqs98ywfde2p"));
    expect(dns).toMatchObject({
      label: "fx-dns",
      sublabel: "global · dnsrr",
      classes: ["service", "endpoint-dnsrr"],
      description: `Service fx-dns: global, endpoint mode dnsrr, image ${IMAGE}`,
    });
  });

  it("counts only running tasks in the replicas", () => {
    const t = swarmTopology();
    const one = t.tasks.find((x) => x.slot === 1) as (typeof t.tasks)[number];
    one.state = "failed";
    const web = nodeById(graphOf(t), elementId.service(CLUSTER, "sqoyb2qk2rezx8586lmp6bujy"));
    expect(web.sublabel).toBe("2/3 · vip · 8089→80/tcp");
    expect(web.description).toContain("replicated, 2/3 replicas running");
  });

  it("draws one task edge per task, from its service to its container in the box of its node's engine", () => {
    const edges = ofKind(graph.edges, "task");
    expect(edges).toHaveLength(recording.tasks.length);
    const expected: Array<[string, number | string, string, string]> = [
      ["fx-web", 1, "b", "fx-web.1"],
      ["fx-web", 2, "b", "fx-web.2"],
      ["fx-web", 3, "a", "fx-web.3"],
      ["fx-dns", NODE_A, "a", `fx-dns.${NODE_A.slice(0, 12)}`],
      ["fx-dns", NODE_B, "b", `fx-dns.${NODE_B.slice(0, 12)}`],
    ];
    for (const [service, where, engine, label] of expected) {
      const task = recordedTask(service, where);
      const edge = edges.find((e) => e.id === elementId.taskEdge(CLUSTER, task.id)) as GraphEdge;
      expect(edge, label).toBeDefined();
      expect(edge.source).toBe(elementId.service(CLUSTER, task.serviceId));
      expect(edge.target).toBe(elementId.container(engine, task.containerId as string));
      expect(edge.label).toBe(label);
      expect(edge.classes).toEqual(["task-edge", "task-running"]);
      const container = nodeById(graph, edge.target);
      expect(container.kind).toBe("container");
      expect(container.parent).toBe(elementId.engine(engine));
      // Docker names a task's container <service>.<slot or node id>.<task id>.
      expect(container.label.startsWith(`${service}.`)).toBe(true);
      expect(container.label.endsWith(`.${task.id}`)).toBe(true);
    }
  });

  it("says where each task runs and at which addresses", () => {
    const edge = graph.edges.find((e) => e.id === elementId.taskEdge(CLUSTER, recordedTask("fx-web", 1).id));
    expect(edge?.description).toBe("fx-web.1 of fx-web runs on netatlas-b as 10.0.0.11, 10.187.0.5: running");
  });

  it("draws no task node when every task's container is on the map", () => {
    expect(ofKind(graph.nodes, "task")).toEqual([]);
  });

  it("draws one tunnel per overlay between the hosts' network nodes, 🔒 on the encrypted one", () => {
    const tunnels = ofKind(graph.edges, "tunnel");
    expect(tunnels).toHaveLength(2);
    const mesh = [elementId.network("a", MESH), elementId.network("b", MESH)] as const;
    const ingress = [elementId.network("a", INGRESS), elementId.network("b", INGRESS)] as const;
    expect(tunnels.find((e) => e.id === elementId.tunnel(MESH, ...mesh))).toMatchObject({
      source: mesh[0],
      target: mesh[1],
      label: "🔒 VXLAN 4101 · encrypted",
      classes: ["tunnel", "encrypted"],
      description:
        "Overlay fx-mesh: VXLAN tunnel (VNI 4101) between netatlas-a and netatlas-b, encrypted (IPsec)",
    });
    expect(tunnels.find((e) => e.id === elementId.tunnel(INGRESS, ...ingress))).toMatchObject({
      source: ingress[0],
      target: ingress[1],
      label: "VXLAN 4096",
      classes: ["tunnel"],
      description:
        "Overlay ingress: VXLAN tunnel (VNI 4096) between netatlas-a and netatlas-b, not encrypted",
    });
  });

  it("names an overlay's peers by host and shows its VXLAN id and encryption on the network node", () => {
    const mesh = nodeById(graph, elementId.network("b", MESH));
    expect(mesh.sublabel).toBe("overlay · 10.187.0.0/24 · VXLAN 4101");
    expect(mesh.classes).toContain("encrypted");
    expect(mesh.description).toContain(
      "VXLAN 4101, encrypted, on netatlas-a (10.212.0.1), netatlas-b (10.212.0.2)",
    );
    const ingress = nodeById(graph, elementId.network("a", INGRESS));
    expect(ingress.classes).not.toContain("encrypted");
    expect(ingress.description).toContain("routing mesh for published ports");
  });

  it("draws the same graph whatever order the lists come in", () => {
    expect(graphOf(shuffledTopology(full, 5))).toEqual(graph);
  });
});

describe("only the manager configured", () => {
  const t = withoutB(full);
  const g = graphOf(t);
  const boxB = elementId.swarmNode(CLUSTER, NODE_B);

  it("draws a well-formed graph", () => {
    expectWellFormed(g);
  });

  it("draws the worker as a box of its own, saying it is not configured here", () => {
    expect(ofKind(g.nodes, "engine").map((n) => n.id)).toEqual([elementId.engine("a"), boxB]);
    expect(nodeById(g, boxB)).toEqual({
      id: boxB,
      kind: "engine",
      engine: "a",
      ref: NODE_B,
      parent: null,
      label: "netatlas-b",
      sublabel: "swarm worker · ready · active · 10.212.0.2 · not configured here",
      classes: ["engine", "swarm-node", "engine-up"],
      description:
        "Swarm node netatlas-b (swarm worker · ready · active · 10.212.0.2, Docker 20.10.24+dfsg1): seen through a " +
        "manager; configure its engine in Netatlas (engines list) to see its networks and containers.",
    });
    expect(nodeById(g, elementId.engine("a")).sublabel).toContain("swarm manager (leader)");
  });

  it("draws the tasks on the worker as task nodes in its box, and keeps the manager's on their containers", () => {
    const taskNodes = ofKind(g.nodes, "task");
    const onB = t.tasks.filter((x) => x.nodeId === NODE_B);
    expect(taskNodes.map((n) => n.ref).sort()).toEqual(onB.map((x) => x.id).sort());
    for (const n of taskNodes) expect(n.parent).toBe(boxB);
    const web1 = nodeById(g, elementId.task(CLUSTER, recordedTask("fx-web", 1).id));
    expect(web1).toMatchObject({
      label: "fx-web.1",
      sublabel: "running · 10.0.0.11, 10.187.0.5",
      classes: ["task", "state-running"],
      description: "Task fx-web.1 of service fx-web on netatlas-b: running, 10.0.0.11, 10.187.0.5",
    });
    for (const task of t.tasks) {
      const edge = g.edges.find((e) => e.id === elementId.taskEdge(CLUSTER, task.id));
      expect(edge?.target).toBe(
        task.nodeId === NODE_B
          ? elementId.task(CLUSTER, task.id)
          : elementId.container("a", task.containerId as string),
      );
    }
  });

  it("draws each overlay's tunnel from a's network node to the worker's box, its peer matched by address", () => {
    const tunnels = ofKind(g.edges, "tunnel");
    expect(tunnels.map((e) => [e.id, e.source, e.target, e.label])).toEqual(
      [
        [
          elementId.tunnel(MESH, elementId.network("a", MESH), boxB),
          elementId.network("a", MESH),
          boxB,
          "🔒 VXLAN 4101 · encrypted",
        ],
        [
          elementId.tunnel(INGRESS, elementId.network("a", INGRESS), boxB),
          elementId.network("a", INGRESS),
          boxB,
          "VXLAN 4096",
        ],
      ].sort((x, y) => (x[0] as string).localeCompare(y[0] as string)),
    );
    expect(tunnels.find((e) => e.source === elementId.network("a", MESH))?.description).toBe(
      "Overlay fx-mesh: VXLAN tunnel (VNI 4101) between netatlas-a and netatlas-b, encrypted (IPsec)",
    );
  });

  it("draws no tunnel for an overlay whose other peers are no known swarm node, nor for one without peers", () => {
    const lonely = networkDto({
      engine: "a",
      name: "lonely",
      driver: "overlay",
      scope: "swarm",
      options: { [VXLAN_OPTION]: "4200" },
      peers: [
        { name: "ac8e98d79114", ip: "10.212.0.1" },
        { name: "0badc0ffee00", ip: "10.212.0.99" },
      ],
    });
    const unlisted = networkDto({
      engine: "a",
      name: "unlisted",
      driver: "overlay",
      scope: "swarm",
      peers: null,
    });
    const g2 = graphOf({ ...t, networks: [...t.networks, lonely, unlisted] });
    expectWellFormed(g2);
    const tunnelsOf = (id: string) =>
      ofKind(g2.edges, "tunnel").filter((e) => e.id.startsWith(`tunnel:${id}:`));
    expect(tunnelsOf(lonely.id)).toEqual([]);
    expect(tunnelsOf(unlisted.id)).toEqual([]);
    expect(ofKind(g2.edges, "tunnel")).toHaveLength(2);
  });
});

describe("tasks without a container on the map", () => {
  it("draws a task whose container is not listed yet as a task node in its node's engine box", () => {
    const t = swarmTopology();
    const task = t.tasks.find((x) => x.slot === 3) as (typeof t.tasks)[number];
    Object.assign(task, { state: "starting", containerId: null });
    const g = graphOf(t);
    expectWellFormed(g);
    expect(nodeById(g, elementId.task(CLUSTER, task.id))).toMatchObject({
      parent: elementId.engine("a"),
      label: "fx-web.3",
      classes: ["task", "state-starting"],
    });
    const edge = g.edges.find((e) => e.id === elementId.taskEdge(CLUSTER, task.id));
    expect(edge).toMatchObject({ target: elementId.task(CLUSTER, task.id), label: "fx-web.3 (starting)" });
  });

  it("draws a task on no node yet outside every box, with its error", () => {
    const t = swarmTopology();
    const task = t.tasks.find((x) => x.slot === 1) as (typeof t.tasks)[number];
    Object.assign(task, {
      state: "pending",
      nodeId: null,
      containerId: null,
      addresses: [],
      error: "no suitable node (max replicas per node limit exceed)",
    });
    const g = graphOf(t);
    expectWellFormed(g);
    expect(nodeById(g, elementId.task(CLUSTER, task.id))).toMatchObject({
      parent: null,
      sublabel: "pending",
      description:
        "Task fx-web.1 of service fx-web on no node yet: pending, no suitable node (max replicas per node limit exceed)",
    });
    expect(g.edges.find((e) => e.id === elementId.taskEdge(CLUSTER, task.id))?.classes).toEqual([
      "task-edge",
      "task-pending",
    ]);
  });
});

describe("only the worker configured", () => {
  it("draws no swarm objects and no tunnels: its peers are known to no manager", () => {
    const t: TopologyDto = {
      ...full,
      engines: full.engines.filter((e) => e.id === "b"),
      networks: full.networks.filter((n) => n.engine === "b"),
      containers: full.containers.filter((c) => c.engine === "b"),
      endpoints: full.endpoints.filter((e) => e.engine === "b"),
      nodes: [],
      services: [],
      tasks: [],
    };
    const g = graphOf(t);
    expectWellFormed(g);
    expect(ofKind(g.edges, "tunnel")).toEqual([]);
    expect(ofKind(g.nodes, "service")).toEqual([]);
    expect(nodeById(g, elementId.engine("b")).classes).not.toContain("swarm-node");
  });
});

describe("two managers of one swarm configured", () => {
  const asReportedBy = <T extends { engine: string }>(items: T[], engine: string) =>
    items.map((i) => ({ ...i, engine }));
  const twice: TopologyDto = {
    ...full,
    nodes: [...full.nodes, ...asReportedBy(full.nodes, "a2")],
    services: [...asReportedBy(full.services, "a2"), ...full.services],
    tasks: [...full.tasks, ...asReportedBy(full.tasks, "a2")],
  };

  it("keeps one copy of the swarm, the first engine's by id", () => {
    const model = buildTopology(twice);
    expect(model.nodes).toHaveLength(2);
    expect(model.services).toHaveLength(2);
    expect(model.tasks).toHaveLength(5);
    expect(new Set([...model.nodes, ...model.services, ...model.tasks].map((x) => x.engine))).toEqual(
      new Set(["a"]),
    );
  });

  it("draws the swarm once: the same graph as with one manager", () => {
    const g = graphOf(twice);
    expectWellFormed(g);
    expect(g).toEqual(graph);
  });

  it("keeps two different swarms apart", () => {
    const other = (id: string) => `${id}-other`;
    const second: TopologyDto = {
      ...full,
      nodes: [
        ...full.nodes,
        ...full.nodes.map((n) => ({ ...n, engine: "z", cluster: other(n.cluster), id: other(n.id) })),
      ],
      services: [
        ...full.services,
        ...full.services.map((s) => ({ ...s, engine: "z", cluster: other(s.cluster) })),
      ],
      tasks: [...full.tasks, ...full.tasks.map((x) => ({ ...x, engine: "z", cluster: other(x.cluster) }))],
    };
    const g = graphOf(second);
    expectWellFormed(g);
    expect(ofKind(g.nodes, "service")).toHaveLength(4);
    expect(ofKind(g.edges, "task")).toHaveLength(10);
  });
});

describe("a swarm without recorded objects", () => {
  it("draws an engine that is in a swarm but reports no nodes like any other engine", () => {
    const g = graphOf(topologyOf({ engines: [engines[0] as EngineDto] }));
    expect(g.nodes.map((n) => [n.id, n.classes])).toEqual([[elementId.engine("a"), ["engine", "engine-up"]]]);
    expect(g.edges).toEqual([]);
  });
});
