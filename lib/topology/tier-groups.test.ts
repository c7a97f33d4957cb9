// Element building for compound nodes: groupByTier's bands, the outside band and its published edges, collapsing
// bands into summary nodes and edges, and the invariants every result keeps (no dangling edge, unique stable ids).
import { describe, expect, it } from "vitest";
import type { SwarmServiceDto } from "@/lib/api/swarm";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import { FIXTURE_VERSIONS, fixtureTopology, shuffledTopology } from "@/lib/testing/fixtures";
import {
  attachedTopology,
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  publishedPort,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { buildTopology } from "./build";
import { toGraph } from "./graph";
import { elementId, type Graph, type GraphEdge, type GraphNode, type TopologyModel } from "./model";
import { countsText, groupByTier, tierCounts, tierOrder } from "./tier-groups";
import { inferTiers, TIER_NAME, TIER_ORDER, type Tier } from "./tiers";

const OPTIONS = { labelKey: "netatlas.tier" };
const NONE: ReadonlySet<Tier> = new Set();

const published = publishedPort;

const input = attachedTopology;

/** The model, its plain graph, and its grouping with `collapsed`. */
function grouped(model: TopologyModel, collapsed: Iterable<Tier> = [], graph = toGraph(model)): Graph {
  return groupByTier(graph, model, inferTiers(model, OPTIONS), new Set(collapsed));
}

const netId = (n: NetworkDto) => elementId.network(n.engine, n.id);
const ctrId = (c: ContainerDto) => elementId.container(c.engine, c.id);

function nodeById(graph: Graph, id: string): GraphNode {
  const found = graph.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

function edgeById(graph: Graph, id: string): GraphEdge {
  const found = graph.edges.find((e) => e.id === id);
  if (!found) throw new Error(`no edge ${id}`);
  return found;
}

/** What every result must keep, collapsed or not. */
function expectWellFormed(graph: Graph): void {
  const ids = [...graph.nodes, ...graph.edges].map((x) => x.id);
  expect(new Set(ids).size, "unique ids").toBe(ids.length);
  const nodes = new Set(graph.nodes.map((n) => n.id));
  for (const e of graph.edges) {
    expect(nodes.has(e.source), `${e.id} source ${e.source}`).toBe(true);
    expect(nodes.has(e.target), `${e.id} target ${e.target}`).toBe(true);
  }
  for (const n of graph.nodes)
    if (n.parent) expect(nodes.has(n.parent), `${n.id} parent ${n.parent}`).toBe(true);
  expect(graph.nodes.filter((n) => n.kind === "engine")).toEqual([]);
}

/** Every subset of the four tiers. */
const SUBSETS: Tier[][] = Array.from({ length: 16 }, (_, mask) =>
  TIER_ORDER.filter((_, i) => mask & (1 << i)),
);

// The classic three tiers: web publishes on shop-edge, app and app2 sit between shop-internal and shop-data.
const edge = networkDto({ name: "shop-edge" });
const inner = networkDto({ name: "shop-internal" });
const data = networkDto({ name: "shop-data", internal: true });
const web = containerDto({ name: "web", networkMode: "shop-edge", ports: [published(8080, 80)] });
const app = containerDto({ name: "app", networkMode: "shop-internal" });
const app2 = containerDto({ name: "app2", networkMode: "shop-internal" });
const db = containerDto({ name: "db", networkMode: "shop-data" });
const shop = buildTopology(
  input(
    [edge, inner, data],
    [
      [web, edge, inner],
      [app, inner, data],
      [app2, inner, data],
      [db, data],
    ],
  ),
);

describe("bands", () => {
  const graph = toGraph(shop);
  const result = grouped(shop);

  it("adds one band per tier with members, outside first, with counts", () => {
    const bands = result.nodes.filter((n) => n.kind === "tier");
    expect(bands.map((n) => [n.id, n.label, n.sublabel, n.parent])).toEqual([
      [elementId.tier("outside"), "Outside", "ports of 1 container", null],
      [elementId.tier("public"), "Public", "1 network · 1 container", null],
      [elementId.tier("internal"), "Private", "1 network · 2 containers", null],
      [elementId.tier("data"), "Data", "1 network · 1 container", null],
    ]);
    expect(nodeById(result, elementId.tier("internal"))).toMatchObject({
      classes: ["tier", "tier-internal"],
      description: "Private tier, 1 network and 2 containers; rule: not --internal, no published ports",
    });
  });

  it("re-parents every network and container into its tier's band", () => {
    const parentOf = (id: string) => nodeById(result, id).parent;
    expect(parentOf(netId(edge))).toBe(elementId.tier("public"));
    expect(parentOf(netId(inner))).toBe(elementId.tier("internal"));
    expect(parentOf(netId(data))).toBe(elementId.tier("data"));
    expect(parentOf(ctrId(web))).toBe(elementId.tier("public"));
    expect(parentOf(ctrId(app))).toBe(elementId.tier("internal"));
    expect(parentOf(ctrId(app2))).toBe(elementId.tier("internal"));
    expect(parentOf(ctrId(db))).toBe(elementId.tier("data"));
  });

  it("removes the host boxes and, with one engine, keeps sublabels as they were; says why each is in its band", () => {
    expect(graph.nodes.some((n) => n.kind === "engine")).toBe(true);
    expect(result.nodes.some((n) => n.kind === "engine")).toBe(false);
    for (const n of graph.nodes.filter((x) => x.kind !== "engine")) {
      const why = inferTiers(shop, OPTIONS).get(n.id);
      expect(nodeById(result, n.id)).toEqual({
        ...n,
        parent: nodeById(result, n.id).parent,
        description: why ? `${n.description}; tier ${TIER_NAME[why.tier]}: ${why.reason}` : n.description,
      });
    }
  });

  it("keeps every edge and adds the outside node with one published edge per publishing container", () => {
    expect(result.edges.filter((e) => e.kind !== "published")).toEqual(graph.edges);
    expect(nodeById(result, elementId.outside())).toEqual({
      id: "outside",
      kind: "outside",
      engine: "",
      ref: "outside",
      parent: elementId.tier("outside"),
      label: "Outside",
      sublabel: "clients",
      classes: ["outside"],
      description: "Where published ports are reached from: clients outside the host(s)",
    });
    expect(result.edges.filter((e) => e.kind === "published")).toEqual([
      {
        id: `published:${ctrId(web)}`,
        kind: "published",
        engine: "local",
        source: "outside",
        target: ctrId(web),
        label: "8080→80/tcp",
        classes: ["published"],
        description: "Clients outside reach web on 8080→80/tcp",
      },
    ]);
    expectWellFormed(result);
  });

  it("draws no outside band when nothing is published", () => {
    const quiet = buildTopology(input([inner], [[app, inner]]));
    const bands = grouped(quiet);
    expect(bands.nodes.map((n) => n.id)).not.toContain(elementId.tier("outside"));
    expect(bands.nodes.map((n) => n.id)).not.toContain(elementId.outside());
    expect(bands.edges.filter((e) => e.kind === "published")).toEqual([]);
  });

  it("links the outside to the ingress network when a swarm service publishes through the routing mesh", () => {
    const ingress = networkDto({
      name: "ingress",
      driver: "overlay",
      scope: "swarm",
      ingress: true,
      system: true,
    });
    const service: SwarmServiceDto = {
      engine: "local",
      cluster: "c1",
      id: "svc1",
      name: "shop_web",
      image: "nginx:1.27",
      mode: "replicated",
      replicas: 1,
      endpointMode: "vip",
      vips: [],
      ports: [{ protocol: "tcp", targetPort: 80, publishedPort: 8080, publishMode: "ingress" }],
      networks: [],
      labels: {},
      updatedAt: "2025-01-01T00:00:00Z",
    };
    const mesh = buildTopology(input([ingress], [], { services: [service] }));
    const result = grouped(mesh);
    expect(edgeById(result, `published:${netId(ingress)}`)).toMatchObject({
      source: "outside",
      target: netId(ingress),
      label: "8080→80/tcp (shop_web)",
      classes: ["published", "mesh"],
    });
    expect(nodeById(result, elementId.tier("outside")).sublabel).toBe("routing mesh");
    expect(nodeById(result, netId(ingress)).parent).toBe(elementId.tier("public"));
  });
});

describe("several engines", () => {
  const remoteNet = { ...inner, engine: "remote", id: "remote-net" };
  const remoteApp = { ...app, engine: "remote", id: "remote-app" };
  const two = buildTopology(
    topologyOf({
      engines: [engineDto({ hostname: "alpha" }), engineDto({ id: "remote", hostname: null })],
      networks: [inner, remoteNet],
      containers: [app, remoteApp],
      endpoints: [endpointDto(app, inner), endpointDto(remoteApp, remoteNet)],
    }),
  );

  it("prefixes each re-parented node's sublabel with its host, the hostname or else the engine id", () => {
    const graph = toGraph(two);
    const result = grouped(two);
    expect(nodeById(result, netId(inner)).sublabel).toBe(`alpha · ${nodeById(graph, netId(inner)).sublabel}`);
    expect(nodeById(result, netId(remoteNet)).sublabel).toBe(
      `remote · ${nodeById(graph, netId(remoteNet)).sublabel}`,
    );
    expect(nodeById(result, ctrId(remoteApp)).sublabel).toBe("remote · running");
    expect(nodeById(result, elementId.tier("internal")).sublabel).toBe("2 networks · 2 containers");
    expectWellFormed(result);
  });

  it("drops edges to a host box, which is no longer drawn", () => {
    const graph = toGraph(two);
    const tunnel: GraphEdge = {
      id: elementId.tunnel("ov", netId(inner), elementId.swarmNode("c1", "n9")),
      kind: "tunnel",
      engine: "local",
      source: netId(inner),
      target: elementId.swarmNode("c1", "n9"),
      label: "VXLAN 4097",
      classes: ["tunnel"],
      description: "tunnel",
    };
    const box: GraphNode = {
      ...nodeById(graph, elementId.engine("remote")),
      id: elementId.swarmNode("c1", "n9"),
    };
    const result = grouped(two, [], { nodes: [...graph.nodes, box], edges: [...graph.edges, tunnel] });
    expect(result.edges.map((e) => e.id)).not.toContain(tunnel.id);
    expectWellFormed(result);
  });
});

describe("nodes of other kinds", () => {
  const box = elementId.engine("local");
  const extra = (id: string, kind: GraphNode["kind"], parent: string | null): GraphNode => ({
    id,
    kind,
    engine: "local",
    ref: id,
    parent,
    label: id,
    sublabel: "",
    classes: [kind],
    description: id,
  });
  const link = (id: string, kind: GraphEdge["kind"], source: string, target: string): GraphEdge => ({
    id,
    kind,
    engine: "local",
    source,
    target,
    label: "",
    classes: [kind],
    description: id,
  });
  const graph = toGraph(shop);
  const withExtras: Graph = {
    nodes: [
      ...graph.nodes,
      extra("iface:db", "iface", box),
      extra("veth:db", "veth", box),
      extra("bridge:data", "bridge", box),
      extra("stack:lone", "stack", box),
      extra("service:web", "service", null),
      extra("service:idle", "service", null),
      extra("task:web.2", "task", box),
      extra("task:idle.1", "task", box),
    ],
    edges: [
      ...graph.edges,
      link("link:iface-db", "link", "iface:db", ctrId(db)),
      link("veth:pair", "veth", "veth:db", "iface:db"),
      // A container wins over a network at the same distance.
      link("link:bridge-data", "link", "bridge:data", netId(data)),
      link("link:bridge-web", "link", "bridge:data", ctrId(web)),
      link("task-of:web.1", "task", "service:web", ctrId(web)),
      link("task-of:web.2", "task", "service:web", "task:web.2"),
      link("task-of:idle.1", "task", "service:idle", "task:idle.1"),
    ],
  };
  const result = grouped(shop, [], withExtras);
  const parentOf = (id: string) => nodeById(result, id).parent;

  it("puts each in the tier of what it is linked to, containers first, nearest first", () => {
    expect(parentOf("iface:db")).toBe(elementId.tier("data"));
    expect(parentOf("veth:db")).toBe(elementId.tier("data"));
    expect(parentOf("bridge:data")).toBe(elementId.tier("public"));
    expect(parentOf("stack:lone")).toBe(elementId.tier("internal"));
  });

  it("puts a service with its tasks' containers, and its task nodes with it", () => {
    expect(parentOf("service:web")).toBe(elementId.tier("public"));
    expect(parentOf("task:web.2")).toBe(elementId.tier("public"));
    expect(parentOf("service:idle")).toBe(elementId.tier("internal"));
    expect(parentOf("task:idle.1")).toBe(elementId.tier("internal"));
  });

  it("counts them in their band, and collapses them with it", () => {
    expect(nodeById(result, elementId.tier("public")).sublabel).toBe(
      "1 network · 1 container · 1 service · 1 task · 1 bridge",
    );
    expect(nodeById(result, elementId.tier("public")).description).toMatch(
      /^Public tier, 1 network, 1 container, 1 service, 1 task and 1 bridge; rule: a container publishes/,
    );
    const folded = grouped(shop, ["data"], withExtras);
    expect(folded.nodes.map((n) => n.id)).not.toContain("veth:db");
    // iface and db both fold into the data summary: their link goes; the bridge's link to shop-data is re-pointed.
    expect(folded.edges.map((e) => e.id)).not.toContain("link:iface-db");
    expect(edgeById(folded, "link:bridge-data").target).toBe(elementId.tierSummary("data"));
    expectWellFormed(folded);
  });

  it("keeps a node nested in a network or container where it is", () => {
    const nested: Graph = {
      nodes: [...graph.nodes, extra("iface:nested", "iface", ctrId(app))],
      edges: graph.edges,
    };
    expect(nodeById(grouped(shop, [], nested), "iface:nested").parent).toBe(ctrId(app));
    const folded = grouped(shop, ["internal"], nested);
    expect(folded.nodes.map((n) => n.id)).not.toContain("iface:nested");
    expectWellFormed(folded);
  });
});

describe("collapsing", () => {
  const open = grouped(shop);

  it("replaces one band's members with a summary node and re-points its edges", () => {
    const result = grouped(shop, ["internal"]);
    const ids = result.nodes.map((n) => n.id);
    for (const gone of [netId(inner), ctrId(app), ctrId(app2)]) expect(ids).not.toContain(gone);
    expect(nodeById(result, elementId.tierSummary("internal"))).toEqual({
      id: elementId.tierSummary("internal"),
      kind: "tier-summary",
      engine: "",
      ref: "internal",
      parent: elementId.tier("internal"),
      label: "Private",
      sublabel: "1 network · 2 containers",
      classes: ["tier-summary", "tier-internal"],
      description: "Private tier, 1 network and 2 containers, collapsed: expand to see them",
    });
    expect(nodeById(result, elementId.tier("internal")).classes).toEqual([
      "tier",
      "tier-internal",
      "collapsed",
    ]);
    // web — shop-internal: one edge into the summary keeps its own id and label.
    const webInner = elementId.endpoint("local", inner.id, web.id);
    expect(edgeById(result, webInner)).toEqual({
      ...edgeById(open, webInner),
      target: elementId.tierSummary("internal"),
    });
    // app — shop-data and app2 — shop-data: two parallel edges merged.
    const [a, b] = [elementId.tierSummary("internal"), netId(data)].sort();
    expect(edgeById(result, `summary:${a}|${b}`)).toEqual({
      id: `summary:${a}|${b}`,
      kind: "summary",
      engine: "local",
      source: a,
      target: b,
      label: "2 links",
      classes: ["summary"],
      description:
        a === netId(data)
          ? "2 links between shop-data and Private: app – shop-data, app2 – shop-data"
          : "2 links between Private and shop-data: app – shop-data, app2 – shop-data",
    });
    // app — shop-internal falls inside the summary: gone.
    expect(result.edges.map((e) => e.id)).not.toContain(elementId.endpoint("local", inner.id, app.id));
    // Left: web — shop-edge, db — shop-data, the published edge, web — summary and the merged edge.
    expect(result.edges).toHaveLength(5);
    expectWellFormed(result);
  });

  it("turns edges between two collapsed neighbours into one summary edge", () => {
    const result = grouped(shop, ["internal", "data"]);
    const between = result.edges.filter(
      (e) =>
        [e.source, e.target].sort().join("|") ===
        [elementId.tierSummary("internal"), elementId.tierSummary("data")].sort().join("|"),
    );
    expect(between).toHaveLength(1);
    expect(between[0]).toMatchObject({ kind: "summary", label: "2 links" });
    expectWellFormed(result);
  });

  it("re-points the published edge when the public band is collapsed", () => {
    const result = grouped(shop, ["public", "internal"]);
    expect(edgeById(result, `published:${ctrId(web)}`)).toMatchObject({
      source: "outside",
      target: elementId.tierSummary("public"),
    });
    // web — shop-internal now runs between the two summaries, alone.
    expect(
      result.edges.filter(
        (e) => e.source.startsWith("tier-summary:") && e.target.startsWith("tier-summary:"),
      ),
    ).toHaveLength(1);
    expectWellFormed(result);
  });

  it("lists at most five of the links a summary edge stands for", () => {
    const many = Array.from({ length: 7 }, (_, i) =>
      containerDto({ name: `w${i}`, networkMode: "shop-internal" }),
    );
    const model = buildTopology(
      input(
        [inner, data],
        many.map((c) => [c, inner, data]),
      ),
    );
    const result = grouped(model, ["internal", "data"]);
    const [summary] = result.edges;
    expect(result.edges).toHaveLength(1);
    expect(summary?.label).toBe("7 links");
    expect(summary?.description).toMatch(
      /: w0 – shop-data, w1 – shop-data, w2 – shop-data, w3 – shop-data, w4 – shop-data and 2 more$/,
    );
  });

  it("expanding again (an empty set) gives back the uncollapsed graph exactly", () => {
    grouped(shop, ["public", "data"]);
    expect(grouped(shop, [])).toEqual(open);
    expect(groupByTier(toGraph(shop), shop, inferTiers(shop, OPTIONS), NONE)).toEqual(open);
  });

  it("ignores a collapsed tier that has no band", () => {
    const quiet = buildTopology(input([inner], [[app, inner]]));
    expect(grouped(quiet, ["data", "outside"])).toEqual(grouped(quiet));
  });
});

describe.each(FIXTURE_VERSIONS)("Docker %s recording", (version) => {
  const source = fixtureTopology(version);
  const model = buildTopology(source);
  const again = buildTopology(shuffledTopology(source, 3));

  it.each(SUBSETS.map((s) => [s.join("+") || "nothing", s] as const))(
    "collapsing %s leaves no dangling edge, no duplicate id, and the same answer for the same input",
    (_, subset) => {
      const result = grouped(model, subset);
      expectWellFormed(result);
      expect(grouped(again, subset)).toEqual(result);
      for (const t of subset) {
        const members = result.nodes.filter((n) => n.parent === elementId.tier(t));
        if (members.length) expect(members.map((n) => n.kind)).toEqual(["tier-summary"]);
      }
    },
  );

  it("draws the loopback-only published port of example-proxy as such", () => {
    const result = grouped(model);
    const proxy = model.containers.find((c) => c.name === "example-proxy") as ContainerDto;
    expect(edgeById(result, `published:${ctrId(proxy)}`)).toMatchObject({
      label: "127.0.0.1:8080→80/tcp",
      classes: ["published", "loopback"],
      description: "Clients on the host itself reach example-proxy on 127.0.0.1:8080→80/tcp",
    });
  });

  it("counts every network and container once across the bands", () => {
    const counts = tierCounts(grouped(model));
    const total = (kind: "network" | "container") =>
      [...counts.values()].reduce((sum, c) => sum + (c[kind] ?? 0), 0);
    expect(total("network")).toBe(model.networks.length);
    expect(total("container")).toBe(model.containers.length);
  });
});

describe("helpers", () => {
  it("orders tiers outside first", () => {
    expect(
      ["data", "outside", "internal", "public"].sort((a, b) => tierOrder(a as Tier) - tierOrder(b as Tier)),
    ).toEqual(["outside", "public", "internal", "data"]);
  });

  it("words counts, leaving out what is absent", () => {
    expect(countsText({ network: 1, container: 3 })).toBe("1 network · 3 containers");
    expect(countsText({ container: 2, parent: 1 }, " and ")).toBe("2 containers and 1 parent device");
    expect(countsText({})).toBe("");
  });
});
