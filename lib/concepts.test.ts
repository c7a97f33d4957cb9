// conceptsFor on what Docker really said (the recorded engines 26.1 and 20.10 and the recorded two-node swarm) and
// on a small Linux layer: which "what is this" cards each selected element gets; and the cards themselves: each has
// sentences, a command, and a lab that exists.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { EndpointLinkDto, HostLayerDto } from "@/lib/api/hosts";
import type { TopologyDto } from "@/lib/api/types";
import { FIXTURE_VERSIONS, fixtureTopology } from "@/lib/testing/fixtures";
import { SWARM, swarmTopology } from "@/lib/testing/reach-situations";
import {
  containerDto,
  ENGINE,
  endpointDto,
  engineDto,
  networkDto,
  swarmServiceDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { buildTopology } from "@/lib/topology/build";
import { toGraph } from "@/lib/topology/graph";
import { withLinuxLayer } from "@/lib/topology/linux-layer";
import {
  elementId,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type TopologyModel,
} from "@/lib/topology/model";
import { groupByTier } from "@/lib/topology/tier-groups";
import { inferTiers } from "@/lib/topology/tiers";
import { CONCEPT_IDS, CONCEPTS, type ConceptId, concept, conceptsFor, LABS } from "./concepts";

const LAB_IDS = [
  "bridges",
  "host-none",
  "bridge-options",
  "names",
  "round-robin",
  "load-balancer",
  "tiers",
  "macvlan-ipvlan",
  "swarm",
  "drills",
];

function recorded(version: (typeof FIXTURE_VERSIONS)[number]): TopologyModel {
  return buildTopology(fixtureTopology(version));
}

function networkNamed(model: TopologyModel, name: string, engine?: string) {
  const n = model.networks.find((x) => x.name === name && (engine === undefined || x.engine === engine));
  if (!n) throw new Error(`no network ${name}`);
  return n;
}

function ofNetwork(model: TopologyModel, name: string, engine?: string): ConceptId[] {
  const n = networkNamed(model, name, engine);
  return conceptsFor(model, elementId.network(n.engine, n.id));
}

function ofContainer(model: TopologyModel, name: string): ConceptId[] {
  const c = model.containers.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return conceptsFor(model, elementId.container(c.engine, c.id));
}

/** What the panel would pass for a map element: the element itself with its id. */
function ofElement(model: TopologyModel, element: GraphNode | GraphEdge): ConceptId[] {
  return conceptsFor(model, element.id, element);
}

describe.each(FIXTURE_VERSIONS)("conceptsFor on the recorded engine %s", (version) => {
  const model = recorded(version);

  it("a user bridge network gives bridge (user-defined), its DNS and its addressing, nothing it does not have", () => {
    expect(ofNetwork(model, "example-public")).toEqual([
      "bridge",
      "user-defined-bridge",
      "dns",
      "subnet",
      "gateway",
    ]);
  });

  it("Docker's default bridge gives the default bridge, not DNS, and not the MTU the daemon sets on it", () => {
    const ids = ofNetwork(model, "bridge");
    expect(ids.slice(0, 2)).toEqual(["bridge", "default-bridge"]);
    expect(ids).not.toContain("dns");
    expect(ids).not.toContain("mtu");
    expect(ids).not.toContain("icc"); // enable_icc=true on it
  });

  it("an internal network gives internal", () => {
    expect(ofNetwork(model, "example-data")).toContain("internal");
    expect(ofNetwork(model, "example-public")).not.toContain("internal");
  });

  it("a network made with an MTU and an IP range gives mtu and ip-range", () => {
    const ids = ofNetwork(model, "example-internal");
    expect(ids).toContain("mtu");
    expect(ids).toContain("ip-range");
  });

  it("host and none networks and containers give host and none", () => {
    expect(ofNetwork(model, "host")).toEqual(["host"]);
    expect(ofNetwork(model, "none")).toEqual(["none"]);
    expect(ofContainer(model, "example-hostnet")).toEqual(["host"]);
    expect(ofContainer(model, "example-isolated")).toEqual(["none"]);
    expect(ofContainer(model, "example-sidecar")).toEqual(["container-mode"]);
  });

  it("a container with aliases on a user network gives aliases and dns; one publishing ports, port-publishing", () => {
    expect(ofContainer(model, "example-db")).toEqual(["aliases", "dns"]);
    const proxy = model.containers.find((c) => c.name === "example-proxy");
    const publishes = proxy?.ports.some((p) => p.hostPort !== null);
    expect(ofContainer(model, "example-proxy").includes("port-publishing")).toBe(publishes);
  });

  it("a container with its own DNS settings or --add-host entries gives dns-search and extra-hosts", () => {
    const web = containerDto({
      name: "custom",
      dns: { servers: ["10.0.0.53"], search: ["office.lab"], options: [] },
      extraHosts: [{ name: "mainframe", address: "10.0.0.200" }],
    });
    const m = buildTopology(topologyOf({ engines: [engineDto()], containers: [web], networks: [] }));
    expect(conceptsFor(m, elementId.container(web.engine, web.id))).toEqual(["dns-search", "extra-hosts"]);
    expect(ofContainer(model, "example-api")).not.toContain("dns-search");
  });

  it("an endpoint on a bridge gives veth, and its aliases when it has some", () => {
    const db = model.containers.find((c) => c.name === "example-db");
    const data = networkNamed(model, "example-data");
    if (!db) throw new Error("no example-db");
    expect(conceptsFor(model, elementId.endpoint(db.engine, data.id, db.id))).toEqual([
      "veth",
      "aliases",
      "dns",
    ]);
  });
});

describe("conceptsFor on the recorded swarm", () => {
  const model = buildTopology(swarmTopology());
  const graph = toGraph(model);

  it("an encrypted overlay gives overlay, vxlan and ipsec (and attachable, as it was made)", () => {
    const ids = ofNetwork(model, "fx-mesh", "a");
    expect(ids.slice(0, 3)).toEqual(["overlay", "vxlan", "ipsec"]);
    expect(ids).toContain("attachable");
  });

  it("the ingress network gives ingress and the routing mesh, and no ipsec (it is not encrypted)", () => {
    const ids = ofNetwork(model, "ingress", "a");
    expect(ids).toEqual(expect.arrayContaining(["overlay", "vxlan", "ingress", "routing-mesh"]));
    expect(ids).not.toContain("ipsec");
    expect(ids).not.toContain("dns");
  });

  it("a dnsrr service gives dnsrr; a VIP service publishing through ingress gives vip and the routing mesh", () => {
    const node = (id: string) => graph.nodes.find((n) => n.id === elementId.service(SWARM.cluster, id));
    const dns = node(SWARM.dns);
    const web = node(SWARM.web);
    if (!dns || !web) throw new Error("services not drawn");
    expect(ofElement(model, dns)).toEqual(["dnsrr", "swarm"]);
    expect(ofElement(model, web)).toEqual(["vip", "routing-mesh", "swarm"]);
  });

  it("the VXLAN tunnel of the encrypted overlay gives vxlan, overlay and ipsec", () => {
    const tunnels = graph.edges.filter(
      (e) => e.kind === "tunnel" && e.id.startsWith(`tunnel:${SWARM.mesh}:`),
    );
    expect(tunnels.length).toBeGreaterThan(0);
    for (const t of tunnels) expect(ofElement(model, t)).toEqual(["vxlan", "overlay", "ipsec"]);
    const ingress = graph.edges.find(
      (e) => e.kind === "tunnel" && e.id.startsWith(`tunnel:${SWARM.ingress}:`),
    );
    if (ingress) expect(ofElement(model, ingress)).toEqual(["vxlan", "overlay"]);
  });

  it("the swarm's engines and tasks give swarm", () => {
    expect(conceptsFor(model, elementId.engine("a"))).toEqual(["swarm"]);
    const task = graph.edges.find((e) => e.kind === "task");
    if (!task) throw new Error("no task edge");
    expect(ofElement(model, task)).toEqual(["swarm"]);
  });

  it("a service publishing in host mode gives port-publishing, not the routing mesh", () => {
    const svc = swarmServiceDto({
      endpointMode: "vip",
      ports: [{ protocol: "tcp", targetPort: 80, publishedPort: 8080, publishMode: "host" }],
    });
    const m = buildTopology({ ...swarmTopology(), services: [svc], tasks: [] });
    const node = toGraph(m).nodes.find((n) => n.kind === "service");
    if (!node) throw new Error("no service node");
    expect(ofElement(m, node)).toEqual(["vip", "port-publishing", "swarm"]);
  });
});

describe("conceptsFor on the Linux layer", () => {
  const app = networkDto({ name: "app" });
  const mac = networkDto({ name: "mac", driver: "macvlan", options: { parent: "eth0" } });
  const hostNet = networkDto({
    name: "host",
    driver: "host",
    system: true,
    ipam: { driver: "default", config: [], options: {} },
  });
  const web = containerDto({ name: "web" });
  const mv = containerDto({ name: "mv", networkMode: "mac" });
  const hostnet = containerDto({ name: "hostnet", networkMode: "host" });
  const model = buildTopology(
    topologyOf({
      engines: [engineDto()],
      networks: [app, mac, hostNet],
      containers: [web, mv, hostnet],
      endpoints: [
        endpointDto(web, app),
        endpointDto(mv, mac, { ipv4Address: "10.9.0.2/24", aliases: null }),
        endpointDto(hostnet, hostNet, { ipv4Address: null, aliases: null }),
      ],
    }),
  );
  const bridge = `br-${app.id.slice(0, 12)}`;
  const endpoint = (more: Partial<EndpointLinkDto>): EndpointLinkDto => ({
    containerId: web.id,
    networkId: app.id,
    ifname: "eth0",
    ifindex: 30,
    kind: "veth",
    mac: "02:42:ac:14:00:03",
    mtu: 1500,
    state: "UP",
    peerName: "veth1111111",
    peerIndex: 31,
    peerNamespace: "host",
    bridge,
    parent: null,
    ...more,
  });
  const host: HostLayerDto = {
    engine: ENGINE,
    source: "network namespace netatlas-a",
    unavailable: null,
    links: [],
    endpoints: [
      endpoint({}),
      endpoint({
        containerId: mv.id,
        networkId: mac.id,
        kind: "macvlan",
        peerName: null,
        peerIndex: null,
        peerNamespace: null,
        bridge: null,
        parent: "eth0",
      }),
    ],
    overlays: [],
    hostStack: [{ containerId: hostnet.id }],
    ipsec: [],
    readAt: "2026-01-01T00:00:00Z",
  };
  const graph = withLinuxLayer(toGraph(model), model, [host]);
  const all: Array<GraphNode | GraphEdge> = [...graph.nodes, ...graph.edges];
  const of = (kind: string, where: (e: GraphNode | GraphEdge) => boolean = () => true) => {
    const found = all.filter((e) => e.kind === kind && where(e));
    if (found.length === 0) throw new Error(`no ${kind} element`);
    return found.map((e) => ofElement(model, e));
  };

  it("a veth pair and the container's veth interface give veth", () => {
    expect(of("veth")).toEqual([["veth"], ["veth"]]); // the host-side node and the pair's edge
    expect(of("iface", (e) => e.classes.includes("iface-veth"))).toEqual([["veth"]]);
  });

  it("the bond of a veth to its network's bridge gives bridge and veth", () => {
    expect(of("link", (e) => "target" in e && e.target === elementId.network(ENGINE, app.id))).toEqual([
      ["bridge", "veth"],
    ]);
  });

  it("a macvlan interface, its parent device and the parent's bond give macvlan", () => {
    expect(of("iface", (e) => e.classes.includes("iface-macvlan"))).toEqual([["macvlan"]]);
    expect(of("parent")).toEqual([["macvlan"]]);
    expect(of("link", (e) => e.classes.includes("on-parent"))).toEqual([["macvlan"]]);
  });

  it("the host's own stack gives host", () => {
    expect(of("stack")).toEqual([["host"]]);
  });
});

describe("conceptsFor on tier bands and published ports", () => {
  const model = recorded("26.1");
  const graph = groupByTier(
    toGraph(model),
    model,
    inferTiers(model, { labelKey: "netatlas.tier" }),
    new Set(),
  );

  it("a band gives tiers; the outside and its published edges give port-publishing", () => {
    const band = graph.nodes.find((n) => n.kind === "tier");
    const outside = graph.nodes.find((n) => n.kind === "outside");
    const published = graph.edges.find((e) => e.kind === "published");
    if (!band || !outside || !published)
      throw new Error("the tiered view lacks a band, the outside or an edge");
    expect(ofElement(model, band)).toEqual(["tiers"]);
    expect(ofElement(model, outside)).toEqual(["port-publishing"]);
    expect(ofElement(model, published)).toEqual(["port-publishing"]);
  });
});

describe("the concepts", () => {
  it("each has a title, 2 to 4 sentences, a command, and labs from the lab list", () => {
    expect([...CONCEPTS.keys()].sort()).toEqual([...CONCEPT_IDS].sort());
    for (const id of CONCEPT_IDS) {
      const k = concept(id);
      expect(k.title.length, id).toBeGreaterThan(0);
      expect(k.text.length, id).toBeGreaterThanOrEqual(2);
      expect(k.text.length, id).toBeLessThanOrEqual(4);
      for (const s of k.text) expect(s, id).toMatch(/^\S.*[.!?]$/);
      expect(k.command, id).toMatch(/^(docker|ip) /);
      expect(k.labs.length, id).toBeGreaterThan(0);
      for (const lab of k.labs) expect(LAB_IDS, id).toContain(lab);
    }
    expect(Object.keys(LABS).sort()).toEqual([...LAB_IDS].sort());
  });

  it("the brief's concepts go to the labs that show them", () => {
    const expected: Record<string, string[]> = {
      bridge: ["bridges"],
      "default-bridge": ["bridges"],
      "user-defined-bridge": ["bridges"],
      veth: ["bridges"],
      host: ["host-none"],
      none: ["host-none"],
      icc: ["bridge-options"],
      mtu: ["bridge-options"],
      "ip-range": ["bridge-options"],
      subnet: ["bridge-options"],
      gateway: ["bridge-options"],
      aliases: ["names", "round-robin"],
      dns: ["names"],
      dnsrr: ["round-robin", "swarm"],
      vip: ["swarm"],
      "routing-mesh": ["swarm"],
      overlay: ["swarm"],
      vxlan: ["swarm"],
      ipsec: ["swarm"],
      ingress: ["swarm"],
      attachable: ["swarm"],
      internal: ["tiers"],
      macvlan: ["macvlan-ipvlan"],
      ipvlan: ["macvlan-ipvlan"],
      "port-publishing": ["drills"],
      "dns-search": ["names"],
      "extra-hosts": ["names"],
    };
    for (const [id, labs] of Object.entries(expected))
      expect(concept(id as ConceptId).labs, id).toEqual(labs);
  });

  it("the embedded DNS card names its address", () => {
    expect(concept("dns").text.join(" ")).toContain("127.0.0.11");
  });

  it("every concept shown for any element of the recorded engines, the swarm and their tiered views is known", () => {
    const topologies: TopologyDto[] = [...FIXTURE_VERSIONS.map((v) => fixtureTopology(v)), swarmTopology()];
    const shown = new Set<string>();
    for (const t of topologies) {
      const model = buildTopology(t);
      const plain = toGraph(model);
      const graphs: Graph[] = [
        plain,
        groupByTier(plain, model, inferTiers(model, { labelKey: "netatlas.tier" }), new Set()),
      ];
      for (const g of graphs)
        for (const e of [...g.nodes, ...g.edges]) for (const id of ofElement(model, e)) shown.add(id);
    }
    for (const id of shown) expect(CONCEPT_IDS as readonly string[]).toContain(id);
    // The recordings hold most of what the cards explain: a regression that stops showing them fails here.
    expect([...shown].sort()).toEqual(
      expect.arrayContaining([
        "bridge",
        "default-bridge",
        "user-defined-bridge",
        "host",
        "none",
        "container-mode",
        "overlay",
        "internal",
        "attachable",
        "ingress",
        "mtu",
        "ip-range",
        "aliases",
        "dns",
        "port-publishing",
        "swarm",
        "vip",
        "dnsrr",
        "routing-mesh",
        "veth",
        "vxlan",
        "ipsec",
        "tiers",
      ]),
    );
  });

  it("the lab files that exist name known concepts and carry the titles the cards link with", () => {
    const dir = new URL("./labs/library/", import.meta.url);
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    } catch {
      // The lab library is written by another change; until it lands there is nothing to compare.
    }
    const problems: string[] = [];
    for (const file of files) {
      const lab = parse(readFileSync(new URL(file, dir), "utf8")) as {
        id: string;
        title: string;
        concepts?: string[];
      };
      if (!LAB_IDS.includes(lab.id)) problems.push(`${file}: lab id ${lab.id} is not one the cards link to`);
      else if (LABS[lab.id as keyof typeof LABS] !== lab.title)
        problems.push(`${file}: title "${lab.title}", the cards say "${LABS[lab.id as keyof typeof LABS]}"`);
      for (const id of lab.concepts ?? [])
        if (!(CONCEPT_IDS as readonly string[]).includes(id)) problems.push(`${file}: no concept ${id}`);
    }
    expect(problems).toEqual([]);
  });
});
