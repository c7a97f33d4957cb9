// toGraph and toElements on the recorded Docker 26.1 and 20.10 topologies: which nodes and edges exist,
// their ids (unique, stable, consistent), labels, descriptions for the accessible list, and style classes.
import { describe, expect, it } from "vitest";
import type { TopologyDto } from "@/lib/api/types";
import {
  combineTopologies,
  FIXTURE_VERSIONS,
  fixtureTopology,
  loadFixture,
  rawInspect,
  shuffledTopology,
} from "@/lib/testing/fixtures";
import { buildTopology } from "./build";
import { toElements } from "./elements";
import { toGraph } from "./graph";
import { elementId, type Graph, type GraphEdge, type GraphNode } from "./model";

const ENGINE = "local";

const graphOf = (input: TopologyDto) => toGraph(buildTopology(input));

function node(graph: Graph, kind: GraphNode["kind"], label: string): GraphNode {
  const found = graph.nodes.find((n) => n.kind === kind && n.label === label);
  if (!found) throw new Error(`no ${kind} node ${label}`);
  return found;
}

/** The endpoint edge between a container and a network, found by their names. */
function endpointEdge(graph: Graph, container: string, network: string): GraphEdge {
  const source = node(graph, "container", container).id;
  const target = node(graph, "network", network).id;
  const found = graph.edges.find((e) => e.kind === "endpoint" && e.source === source && e.target === target);
  if (!found) throw new Error(`no endpoint ${container} → ${network}`);
  return found;
}

describe.each(FIXTURE_VERSIONS)("Docker %s recording", (version) => {
  const recorded = loadFixture(version);
  const input = fixtureTopology(version, ENGINE);
  const model = buildTopology(input);
  const graph = toGraph(model);
  const elements = toElements(graph);

  it("has one node per engine, network and container", () => {
    const kinds = (kind: GraphNode["kind"]) => graph.nodes.filter((n) => n.kind === kind);
    expect(kinds("engine").map((n) => n.id)).toEqual([elementId.engine(ENGINE)]);
    expect(kinds("network").map((n) => n.ref)).toEqual(model.networks.map((n) => n.id));
    expect(kinds("container").map((n) => n.ref)).toEqual(model.containers.map((c) => c.id));
    expect(kinds("network")).toHaveLength(recorded.networks.length);
    expect(kinds("container")).toHaveLength(recorded.inspects.length);
  });

  it("has one endpoint edge per endpoint, and one shares-stack edge besides", () => {
    const endpointEdges = graph.edges.filter((e) => e.kind === "endpoint");
    expect(endpointEdges.map((e) => e.id)).toEqual(
      model.endpoints.map((e) => elementId.endpoint(ENGINE, e.networkId, e.containerId)),
    );
    expect(graph.edges).toHaveLength(model.endpoints.length + 1);
  });

  it("draws networks and containers inside their engine's box", () => {
    for (const n of graph.nodes) {
      expect(n.parent, n.id).toBe(n.kind === "engine" ? null : elementId.engine(ENGINE));
    }
  });

  it("links the sidecar to example-api with one shares-stack edge", () => {
    const shares = graph.edges.filter((e) => e.kind === "shares-stack");
    expect(shares).toHaveLength(1);
    expect(shares[0]).toMatchObject({
      source: node(graph, "container", "example-sidecar").id,
      target: node(graph, "container", "example-api").id,
      description: "example-sidecar shares the network stack of example-api",
    });
  });

  it("gives every element a unique id", () => {
    const ids = elements.map((e) => e.data.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(graph.nodes.length + graph.edges.length);
  });

  it("draws every edge between nodes that exist", () => {
    const nodeIds = new Set(graph.nodes.map((n) => n.id));
    for (const edge of graph.edges) {
      expect(nodeIds.has(edge.source), `${edge.id} source`).toBe(true);
      expect(nodeIds.has(edge.target), `${edge.id} target`).toBe(true);
    }
  });

  it("keeps element ids across two reads, whatever order they come in", () => {
    const again = toElements(graphOf(shuffledTopology(fixtureTopology(version, ENGINE), 99)));
    expect(again.map((e) => e.data.id)).toEqual(elements.map((e) => e.data.id));
    expect(again).toEqual(elements);
  });

  it("labels an endpoint edge with its IP without prefix length", () => {
    const raw = rawInspect(recorded, "example-proxy").NetworkSettings.Networks?.["example-public"];
    expect(raw?.IPAddress).toMatch(/^10\.90\.1\.\d+$/);
    expect(endpointEdge(graph, "example-proxy", "example-public").label).toBe(raw?.IPAddress);
    for (const e of model.endpoints) {
      if (!e.ipv4Address) continue;
      const edge = graph.edges.find((g) => g.id === elementId.endpoint(ENGINE, e.networkId, e.containerId));
      expect(edge?.label).toBe(e.ipv4Address.split("/")[0]);
    }
  });

  it('labels the host-mode attachment "host stack" and the none-mode one "no network"', () => {
    expect(endpointEdge(graph, "example-hostnet", "host").label).toBe("host stack");
    expect(endpointEdge(graph, "example-isolated", "none").label).toBe("no network");
  });

  it("describes an endpoint with container, network, address and the user's aliases only", () => {
    const proxy = rawInspect(recorded, "example-proxy");
    const settings = proxy.NetworkSettings.Networks?.["example-public"];
    const edge = endpointEdge(graph, "example-proxy", "example-public");
    expect(edge.description).toBe(
      `example-proxy on example-public: ${settings?.IPAddress}/${settings?.IPPrefixLen}, aliases www`,
    );
    expect(edge.description).not.toContain(proxy.Id.slice(0, 12));
    const db = endpointEdge(graph, "example-db", "example-data");
    expect(db.description).toContain("10.90.3.10");
    expect(db.description).toContain("aliases db");
    expect(db.description).not.toContain(rawInspect(recorded, "example-db").Id.slice(0, 12));
  });

  it("marks the never-started container's attachment as configured, not running", () => {
    const edge = endpointEdge(graph, "example-stopped", "example-internal");
    expect(edge.label).toBe("");
    expect(edge.classes).toEqual(["endpoint", "configured"]);
    expect(edge.description).toBe("example-stopped on example-internal: configured, not running");
    expect(endpointEdge(graph, "example-worker", "example-internal").classes).toEqual(["endpoint"]);
  });

  it("shows the proxy's published port as its sublabel", () => {
    const proxy = node(graph, "container", "example-proxy");
    expect(proxy.sublabel).toBe("127.0.0.1:8080→80/tcp");
    expect(proxy.description).toContain("ports 127.0.0.1:8080→80/tcp");
  });

  it("says what Docker's host and none networks are instead of repeating their names", () => {
    expect(node(graph, "network", "host")).toMatchObject({ label: "host", sublabel: "the host's own stack" });
    expect(node(graph, "network", "none")).toMatchObject({ label: "none", sublabel: "no network at all" });
    expect(node(graph, "network", "example-public").sublabel).toMatch(/^bridge · 10\.\d+\.\d+\.0\/24$/);
  });

  it("shows mode or state as the sublabel of containers without published ports", () => {
    expect(node(graph, "container", "example-hostnet").sublabel).toBe("host network stack");
    expect(node(graph, "container", "example-isolated").sublabel).toBe("no network");
    expect(node(graph, "container", "example-sidecar").sublabel).toBe(
      "shares the network stack of example-api",
    );
    expect(node(graph, "container", "example-worker").sublabel).toBe("running");
    expect(node(graph, "container", "example-stopped").sublabel).toBe("created");
  });

  it("describes networks with driver, subnet, flags and how many containers they hold", () => {
    const attached = (network: string) =>
      recorded.inspects.filter((c) => c.NetworkSettings.Networks?.[network]).length;
    expect(attached("example-internal")).toBe(4);
    expect(node(graph, "network", "example-internal").description).toBe(
      `Network example-internal: bridge driver, local scope, subnet 10.90.2.0/24, ${attached("example-internal")} containers`,
    );
    expect(node(graph, "network", "example-data").description).toContain("internal");
    expect(node(graph, "network", "bridge").description).toContain("Docker's own, 0 containers");
    expect(node(graph, "network", "host").description).toContain("no subnet, Docker's own, 1 container");
    expect(node(graph, "network", "example-public").sublabel).toBe("bridge · 10.90.1.0/24");
  });

  it("labels the engine with its hostname and version", () => {
    const engine = graph.nodes.find((n) => n.kind === "engine");
    expect(engine?.label).toBe(recorded.info.Name);
    expect(engine?.sublabel).toBe(`Docker ${recorded.version.Version} (API ${recorded.apiVersion})`);
    expect(engine?.classes).toEqual(["engine", "engine-up"]);
  });

  it("classes networks by driver, internal and system", () => {
    expect(node(graph, "network", "example-public").classes).toEqual(["network", "driver-bridge"]);
    expect(node(graph, "network", "example-data").classes).toEqual(["network", "driver-bridge", "internal"]);
    expect(node(graph, "network", "bridge").classes).toEqual(["network", "driver-bridge", "system"]);
    expect(node(graph, "network", "host").classes).toEqual(["network", "driver-host", "system"]);
    expect(node(graph, "network", "none").classes).toEqual(["network", "driver-none", "system"]);
  });

  it("classes containers by state and network mode", () => {
    const classes = (name: string) => node(graph, "container", name).classes;
    expect(classes("example-proxy")).toEqual(["container", "state-running", "mode-network"]);
    expect(classes("example-stopped")).toEqual(["container", "state-created", "mode-network"]);
    expect(classes("example-hostnet")).toEqual(["container", "state-running", "mode-host"]);
    expect(classes("example-isolated")).toEqual(["container", "state-running", "mode-none"]);
    expect(classes("example-sidecar")).toEqual(["container", "state-running", "mode-container"]);
  });

  it("turns nodes and edges into Cytoscape element JSON", () => {
    const proxy = node(graph, "container", "example-proxy");
    expect(elements.find((e) => e.data.id === proxy.id)).toEqual({
      group: "nodes",
      data: {
        id: proxy.id,
        label: "example-proxy",
        sublabel: "127.0.0.1:8080→80/tcp",
        kind: "container",
        engine: ENGINE,
        ref: rawInspect(recorded, "example-proxy").Id,
        parent: elementId.engine(ENGINE),
      },
      classes: "container state-running mode-network",
    });
    const edge = endpointEdge(graph, "example-stopped", "example-internal");
    expect(elements.find((e) => e.data.id === edge.id)).toEqual({
      group: "edges",
      data: {
        id: edge.id,
        label: "",
        kind: "endpoint",
        engine: ENGINE,
        source: edge.source,
        target: edge.target,
      },
      classes: "endpoint configured",
    });
    const engine = elements.find((e) => e.data.kind === "engine");
    expect(engine?.data).not.toHaveProperty("parent");
    expect(elements.filter((e) => e.group === "nodes")).toHaveLength(graph.nodes.length);
    expect(elements.slice(0, graph.nodes.length).every((e) => e.group === "nodes")).toBe(true);
  });
});

describe("two engines", () => {
  const graph = graphOf(
    combineTopologies(fixtureTopology("26.1", "lab-a"), fixtureTopology("26.1", "lab-b")),
  );

  it("keeps the same Docker objects apart by engine in element ids", () => {
    const ids = toElements(graph).map((e) => e.data.id);
    expect(new Set(ids).size).toBe(ids.length);
    const single = graphOf(fixtureTopology("26.1", "lab-a"));
    expect(graph.nodes).toHaveLength(2 * single.nodes.length);
    expect(graph.edges).toHaveLength(2 * single.edges.length);
  });

  it("puts every node in its own engine's box", () => {
    for (const n of graph.nodes) if (n.kind !== "engine") expect(n.parent).toBe(elementId.engine(n.engine));
  });

  it("never draws an edge across engines", () => {
    const engineOf = new Map(graph.nodes.map((n) => [n.id, n.engine]));
    for (const edge of graph.edges) {
      expect(engineOf.get(edge.source)).toBe(edge.engine);
      expect(engineOf.get(edge.target)).toBe(edge.engine);
    }
  });
});

describe("a container published on every address", () => {
  it("shows one port for the 0.0.0.0 and :: bindings and leaves exposed-only ports out", () => {
    const input = fixtureTopology("26.1", ENGINE);
    const proxy = input.containers.find((c) => c.name === "example-proxy");
    if (!proxy) throw new Error("fixture lacks example-proxy");
    proxy.ports = [
      { hostIp: "0.0.0.0", hostPort: 8080, containerPort: 80, protocol: "tcp" },
      { hostIp: "::", hostPort: 8080, containerPort: 80, protocol: "tcp" },
      { hostIp: null, hostPort: null, containerPort: 9000, protocol: "tcp" },
    ];
    const node = graphOf(input).nodes.find((n) => n.ref === proxy.id);
    expect(node?.sublabel).toBe("8080→80/tcp");
    expect(node?.description).toBe(
      "Container example-proxy: running, image netatlas/busybox:latest, ports 8080→80/tcp",
    );
  });
});

describe("two containers sharing one stack", () => {
  it("draws one shares-stack edge each, with distinct ids", () => {
    const input = fixtureTopology("20.10", ENGINE);
    const api = input.containers.find((c) => c.name === "example-api");
    const worker = input.containers.find((c) => c.name === "example-worker");
    if (!api || !worker) throw new Error("fixture lacks example-api or example-worker");
    worker.networkMode = `container:${api.id}`;
    worker.sharesNetworkWith = api.id;
    const shares = graphOf(input).edges.filter((e) => e.kind === "shares-stack");
    expect(shares.map((e) => e.target)).toEqual([
      elementId.container(ENGINE, api.id),
      elementId.container(ENGINE, api.id),
    ]);
    expect(new Set(shares.map((e) => e.id)).size).toBe(2);
  });
});

describe("a sidecar whose target is gone", () => {
  it("draws no shares-stack edge and names the short id", () => {
    const input = fixtureTopology("26.1", ENGINE);
    const api = input.containers.find((c) => c.name === "example-api");
    input.containers = input.containers.filter((c) => c !== api);
    const graph = graphOf(input);
    expect(graph.edges.filter((e) => e.kind === "shares-stack")).toEqual([]);
    const sidecar = node(graph, "container", "example-sidecar");
    expect(sidecar.sublabel).toBe(`shares the network stack of ${api?.id.slice(0, 12)}`);
  });
});
