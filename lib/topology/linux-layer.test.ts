// withLinuxLayer on small topologies made with the builders: each endpoint with link data becomes the chain
// container → interface → veth → network (or → parent device → network for macvlan), host-mode containers go to
// the host stack, bridges and overlay namespaces name themselves on their network, and a host that could not be
// read is marked, with nothing expanded. Ids stay stable and unique, and no edge points at a missing node.
import { describe, expect, it } from "vitest";
import type { EndpointLinkDto, HostLayerDto, LinuxLinkDto } from "@/lib/api/hosts";
import type { EndpointDto } from "@/lib/api/types";
import {
  containerDto,
  ENGINE,
  endpointDto,
  engineDto,
  hexId,
  networkDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { buildTopology } from "./build";
import { toGraph } from "./graph";
import { withLinuxLayer } from "./linux-layer";
import { elementId, type Graph, type GraphNode } from "./model";

const OVERLAY_ID = "x7k2m9q0abcdefghijklmnopq";

const app = networkDto({ name: "app" });
const bridge = networkDto({
  name: "bridge",
  system: true,
  options: { "com.docker.network.bridge.name": "docker0" },
});
const mac = networkDto({ name: "mac", driver: "macvlan", options: { parent: "eth0" } });
const ov = networkDto({ name: "ov", id: OVERLAY_ID, driver: "overlay", scope: "swarm", attachable: true });
const hostNet = networkDto({
  name: "host",
  driver: "host",
  system: true,
  ipam: { driver: "default", config: [], options: {} },
});

const web = containerDto({ name: "web" });
const mv1 = containerDto({ name: "mv1", networkMode: "mac" });
const mv2 = containerDto({ name: "mv2", networkMode: "mac" });
const hostnet = containerDto({ name: "hostnet", networkMode: "host" });
const ovc = containerDto({ name: "ovc", networkMode: "ov" });
const plain = containerDto({ name: "plain", networkMode: "bridge" });

const remoteEngine = engineDto({ id: "remote", host: "tcp://10.0.0.9:2375", hostname: "far" });
const remoteNet = networkDto({ engine: "remote", name: "app" });
const remoteWeb = containerDto({ engine: "remote", name: "web" });

const endpoints: EndpointDto[] = [
  endpointDto(web, app, { aliases: ["api"] }),
  endpointDto(web, bridge, { ipv4Address: "172.17.0.2/16", aliases: null }),
  endpointDto(mv1, mac, { ipv4Address: "10.9.0.2/24", aliases: null }),
  endpointDto(mv2, mac, { ipv4Address: "10.9.0.3/24", aliases: null }),
  endpointDto(hostnet, hostNet, { ipv4Address: null, macAddress: null, aliases: null }),
  endpointDto(ovc, ov, { ipv4Address: "10.0.1.2/24", aliases: null }),
  endpointDto(plain, bridge, { ipv4Address: "172.17.0.3/16", aliases: null }),
  endpointDto(remoteWeb, remoteNet),
];

const model = buildTopology(
  topologyOf({
    engines: [engineDto(), remoteEngine],
    networks: [app, bridge, mac, ov, hostNet, remoteNet],
    containers: [web, mv1, mv2, hostnet, ovc, plain, remoteWeb],
    endpoints,
  }),
);
const graph = toGraph(model);

function link(name: string, more: Partial<LinuxLinkDto> = {}): LinuxLinkDto {
  return {
    name,
    index: 1,
    kind: null,
    state: "UP",
    mtu: 1500,
    master: null,
    peerIndex: null,
    mac: null,
    addresses: [],
    vxlanId: null,
    networkId: null,
    ...more,
  };
}

function veth(
  containerId: string,
  networkId: string,
  ifname: string,
  peer: string,
  bridgeName: string,
  ns = "host",
): EndpointLinkDto {
  return {
    containerId,
    networkId,
    ifname,
    ifindex: 30,
    kind: "veth",
    mac: "02:42:ac:14:00:03",
    mtu: 1500,
    state: "UP",
    peerName: peer,
    peerIndex: 31,
    peerNamespace: ns,
    bridge: bridgeName,
    parent: null,
  };
}

const macvlan = (containerId: string): EndpointLinkDto => ({
  ...veth(containerId, mac.id, "eth0", "", ""),
  kind: "macvlan",
  peerName: null,
  peerIndex: null,
  peerNamespace: null,
  bridge: null,
  parent: "eth0",
});

const appBridge = `br-${app.id.slice(0, 12)}`;
const local: HostLayerDto = {
  engine: ENGINE,
  source: "network namespace netatlas-a",
  unavailable: null,
  links: [
    link("lo", { kind: null, state: "UNKNOWN", mtu: 65536 }),
    link("eth0", { index: 2, kind: "veth", peerIndex: 132 }),
    link("docker0", { index: 3, kind: "bridge", networkId: bridge.id, addresses: ["172.17.0.1/16"] }),
    link(appBridge, { index: 4, kind: "bridge", networkId: app.id, mtu: 1400 }),
    link("veth1111111", { index: 31, kind: "veth", master: appBridge }),
    link("lab-b", { index: 43, kind: "veth" }),
  ],
  endpoints: [
    veth(web.id, app.id, "eth0", "veth1111111", appBridge),
    veth(web.id, bridge.id, "eth1", "veth2222222", "docker0"),
    macvlan(mv1.id),
    macvlan(mv2.id),
    veth(ovc.id, ov.id, "eth0", "veth0", "br0", `1-${OVERLAY_ID.slice(0, 10)}`),
  ],
  overlays: [
    {
      networkId: OVERLAY_ID,
      namespace: `1-${OVERLAY_ID.slice(0, 10)}`,
      links: [
        link("br0", { index: 2, kind: "bridge", mtu: 1450, networkId: OVERLAY_ID }),
        link("vxlan0", { index: 14, kind: "vxlan", master: "br0", vxlanId: 4242, networkId: OVERLAY_ID }),
      ],
      vxlanIds: [4242],
    },
  ],
  hostStack: [{ containerId: hostnet.id }],
  ipsec: [],
  readAt: "2026-01-01T00:00:00Z",
};
const remote: HostLayerDto = {
  engine: "remote",
  source: null,
  unavailable: "Engine remote is remote (tcp://10.0.0.9:2375): its host cannot be seen from this server",
  links: [],
  endpoints: [],
  overlays: [],
  hostStack: [],
  ipsec: [],
  readAt: "2026-01-01T00:00:00Z",
};

const layered = withLinuxLayer(graph, model, [local, remote]);

function nodeById(g: Graph, id: string): GraphNode {
  const n = g.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
}

/** The edges leaving an element, as "kind→target". */
const out = (g: Graph, source: string) =>
  g.edges.filter((e) => e.source === source).map((e) => `${e.kind}→${e.target}`);

describe("withLinuxLayer", () => {
  it("keeps every id unique and every edge between nodes that exist", () => {
    const ids = [...layered.nodes, ...layered.edges].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    const nodes = new Set(layered.nodes.map((n) => n.id));
    const dangling = layered.edges.filter((e) => !nodes.has(e.source) || !nodes.has(e.target));
    expect(dangling).toEqual([]);
  });

  it("gives the same graph for the same input, whatever order the endpoints come in, and leaves its input alone", () => {
    const before = JSON.stringify(graph);
    const again = withLinuxLayer(graph, model, [
      remote,
      { ...local, endpoints: [...local.endpoints].reverse() },
    ]);
    const ids = (g: Graph) => [...g.nodes.map((n) => n.id), ...g.edges.map((e) => e.id)].sort();
    expect(ids(again)).toEqual(ids(layered));
    expect(JSON.stringify(graph)).toBe(before);
  });

  it("replaces an endpoint edge by the container's interface (inside its box) → veth → network, keeping the endpoint's facts", () => {
    const container = elementId.container(ENGINE, web.id);
    const iface = elementId.iface(ENGINE, app.id, web.id);
    const vethId = elementId.veth(ENGINE, app.id, web.id);
    const network = elementId.network(ENGINE, app.id);
    expect(layered.edges.find((e) => e.id === elementId.endpoint(ENGINE, app.id, web.id))).toBeUndefined();
    // The container is a box holding its interfaces: no edge to them.
    expect(nodeById(layered, iface).parent).toBe(container);
    expect(nodeById(layered, elementId.iface(ENGINE, bridge.id, web.id)).parent).toBe(container);
    expect(out(layered, container).filter((e) => e.startsWith("link"))).toEqual([]);
    expect(out(layered, iface)).toEqual([`veth→${vethId}`]);
    expect(out(layered, vethId)).toEqual([`link→${network}`]);
    expect(nodeById(layered, iface)).toMatchObject({
      kind: "iface",
      label: "eth0",
      sublabel: "172.20.0.3 · MTU 1500",
    });
    expect(nodeById(layered, iface).classes).toContain("iface");
    expect(nodeById(layered, vethId)).toMatchObject({ kind: "veth", label: "veth1111111" });
    expect(nodeById(layered, vethId).classes).toContain("veth");
    const pair = layered.edges.find((e) => e.source === iface);
    expect(pair?.label).toBe("");
    expect(pair?.classes).toContain("veth");
    expect(pair?.description).toMatch(
      /^web on app: 172\.20\.0\.3\/16, aliases api; veth pair eth0 \(index 30\) ⇄ veth1111111/,
    );
    const bond = layered.edges.find((e) => e.source === vethId);
    expect(bond?.label).toBe("");
    expect(bond?.description).toContain(`bridge ${appBridge}`);
  });

  it("draws interfaces in their container's box, the rest in its engine box, each with a sentence for the list", () => {
    const added = layered.nodes.filter((n) => !graph.nodes.some((g) => g.id === n.id));
    expect(added.map((n) => n.kind).sort()).toEqual(
      ["iface", "iface", "iface", "iface", "iface", "parent", "stack", "veth", "veth", "veth"].sort(),
    );
    for (const n of added) {
      expect(n.parent).toBe(
        n.kind === "iface" ? elementId.container(ENGINE, n.ref) : elementId.engine(ENGINE),
      );
      expect(n.description).toMatch(/^[A-Z].{20,}\.$/);
    }
  });

  it("puts macvlan interfaces on one parent device node, then the network", () => {
    const parent = elementId.device(ENGINE, "host", "eth0");
    const network = elementId.network(ENGINE, mac.id);
    for (const c of [mv1, mv2]) {
      const iface = elementId.iface(ENGINE, mac.id, c.id);
      expect(out(layered, iface)).toEqual([`link→${parent}`]);
      expect(nodeById(layered, iface).sublabel).toMatch(/^10\.9\.0\.\d+ · MTU 1500$/);
      expect(layered.edges.find((e) => e.source === iface)?.description).toMatch(
        /^mv\d on mac: 10\.9\.0\.\d\/24; macvlan/,
      );
      expect(layered.edges.some((e) => e.id === elementId.endpoint(ENGINE, mac.id, c.id))).toBe(false);
    }
    expect(nodeById(layered, parent)).toMatchObject({ kind: "parent", label: "eth0" });
    expect(out(layered, parent)).toEqual([`link→${network}`]);
    expect(layered.edges.some((e) => e.kind === "veth" && e.source.includes(mac.id))).toBe(false);
  });

  it("links a host-mode container to its engine's host stack, which lists the host's own interfaces", () => {
    const stack = layered.nodes.filter((n) => n.kind === "stack");
    expect(stack).toHaveLength(1);
    expect(stack[0]).toMatchObject({ label: "host network stack", sublabel: "eth0, lab-b" });
    expect(out(layered, elementId.container(ENGINE, hostnet.id))).toEqual([`link→${stack[0]?.id}`]);
    expect(out(layered, stack[0]?.id ?? "")).toEqual([`link→${elementId.network(ENGINE, hostNet.id)}`]);
    expect(layered.edges.some((e) => e.id === elementId.endpoint(ENGINE, hostNet.id, hostnet.id))).toBe(
      false,
    );
  });

  it("names each network's Linux bridge on its node, and an overlay's bridge and VXLAN id in its namespace", () => {
    const appNode = nodeById(layered, elementId.network(ENGINE, app.id));
    expect(appNode.sublabel).toBe(`${appBridge} · UP · MTU 1400`);
    expect(appNode.classes).toContain("linux");
    expect(appNode.description).toContain(`Linux bridge ${appBridge}, UP, MTU 1400`);
    expect(nodeById(layered, elementId.network(ENGINE, bridge.id)).description).toContain(
      "Linux bridge docker0, UP, MTU 1500, 172.17.0.1/16",
    );
    const ns = `1-${OVERLAY_ID.slice(0, 10)}`;
    const ovNode = nodeById(layered, elementId.network(ENGINE, OVERLAY_ID));
    expect(ovNode.sublabel).toBe(`br0 in ${ns} · VXLAN 4242`);
    expect(ovNode.classes).toContain("linux");
    const ovVeth = nodeById(layered, elementId.veth(ENGINE, OVERLAY_ID, ovc.id));
    expect(ovVeth.sublabel).toBe(`in ${ns}`);
    expect(ovVeth.description).toContain(`in overlay namespace ${ns}, enslaved to bridge br0`);
    // Networks without a known bridge keep Docker's sublabel.
    expect(nodeById(layered, elementId.network(ENGINE, mac.id)).sublabel).toBe(
      nodeById(graph, elementId.network(ENGINE, mac.id)).sublabel,
    );
  });

  it("marks a host it could not read and expands nothing there", () => {
    const box = nodeById(layered, elementId.engine("remote"));
    expect(box.classes).toContain("linux-unavailable");
    expect(box.sublabel).toContain("host details unavailable: Engine remote is remote (tcp://10.0.0.9:2375)");
    expect(box.description).toContain("host details unavailable: Engine remote is remote");
    const edge = elementId.endpoint("remote", remoteNet.id, remoteWeb.id);
    expect(layered.edges.find((e) => e.id === edge)).toEqual(graph.edges.find((e) => e.id === edge));
    expect(
      layered.nodes
        .filter((n) => n.engine === "remote")
        .map((n) => n.kind)
        .sort(),
    ).toEqual(["container", "engine", "network"].sort());
    expect(nodeById(layered, elementId.engine(ENGINE)).classes).not.toContain("linux-unavailable");
  });

  it("leaves endpoints without link data as Docker's view draws them", () => {
    const edge = elementId.endpoint(ENGINE, bridge.id, plain.id);
    expect(layered.edges.find((e) => e.id === edge)).toEqual(graph.edges.find((e) => e.id === edge));
    expect(out(layered, elementId.container(ENGINE, plain.id))).toEqual([
      `endpoint→${elementId.network(ENGINE, bridge.id)}`,
    ]);
  });

  it("adds the interface Docker builds but does not list (docker_gwbridge), and ignores links to what the map lacks", () => {
    const gw = networkDto({ name: "docker_gwbridge", system: true });
    const m = buildTopology(
      topologyOf({
        engines: [engineDto()],
        networks: [ov, gw],
        containers: [ovc],
        endpoints: [endpointDto(ovc, ov)],
      }),
    );
    const g = toGraph(m);
    const layer: HostLayerDto = {
      ...local,
      endpoints: [
        veth(ovc.id, gw.id, "eth1", "veth3333333", "docker_gwbridge"),
        veth(hexId("gone"), gw.id, "eth0", "veth4444444", "docker_gwbridge"),
        veth(ovc.id, hexId("unknown network"), "eth2", "veth5555555", "br-x"),
      ],
      hostStack: [{ containerId: hexId("gone too") }],
    };
    const result = withLinuxLayer(g, m, [layer]);
    const iface = elementId.iface(ENGINE, gw.id, ovc.id);
    expect(out(result, elementId.container(ENGINE, ovc.id))).toEqual([
      `endpoint→${elementId.network(ENGINE, OVERLAY_ID)}`,
    ]);
    expect(result.nodes.find((n) => n.id === iface)?.parent).toBe(elementId.container(ENGINE, ovc.id));
    expect(result.edges.find((e) => e.source === iface)?.description).toMatch(
      /not among the container's networks/,
    );
    expect(result.nodes.filter((n) => n.kind === "iface")).toHaveLength(1);
    expect(result.nodes.some((n) => n.kind === "stack")).toBe(false);
    const nodes = new Set(result.nodes.map((n) => n.id));
    expect(result.edges.every((e) => nodes.has(e.source) && nodes.has(e.target))).toBe(true);
  });

  it("runs an interface whose veth peer was not found straight to its network", () => {
    const lost: EndpointLinkDto = {
      ...veth(web.id, app.id, "eth0", "", ""),
      peerName: null,
      peerNamespace: null,
      bridge: null,
    };
    const result = withLinuxLayer(graph, model, [{ ...local, endpoints: [lost] }]);
    const iface = elementId.iface(ENGINE, app.id, web.id);
    expect(out(result, iface)).toEqual([`link→${elementId.network(ENGINE, app.id)}`]);
    expect(result.edges.find((e) => e.source === iface)?.description).toMatch(
      /peer \(index 31\) was not found/,
    );
  });
});

describe("encrypted tunnels against the hosts' IPsec", () => {
  // Two engines of one swarm sharing an encrypted overlay: one tunnel edge between their copies of it.
  const CLUSTER = "c1";
  const engineOf = (id: string, address: string) =>
    engineDto({
      id,
      hostname: `host-${id}`,
      swarm: {
        state: "active",
        nodeId: `n-${id}`,
        isManager: id === "a",
        cluster: CLUSTER,
        nodeAddress: address,
      },
    });
  const secure = (engine: string) =>
    networkDto({
      engine,
      name: "secure",
      id: OVERLAY_ID,
      driver: "overlay",
      scope: "swarm",
      options: { encrypted: "", "com.docker.network.driver.overlay.vxlanid_list": "4101" },
    });
  const m = buildTopology(
    topologyOf({
      engines: [engineOf("a", "10.212.0.1"), engineOf("b", "10.212.0.2")],
      networks: [secure("a"), secure("b")],
    }),
  );
  const g = toGraph(m);
  const hostOf = (engine: string, ipsec: HostLayerDto["ipsec"]): HostLayerDto => ({
    ...remote,
    engine,
    source: `network namespace netatlas-${engine}`,
    unavailable: null,
    ipsec,
  });
  const tunnel = (result: Graph) => result.edges.find((e) => e.kind === "tunnel");

  it("marks the tunnel when a policy toward the other host has no security association", () => {
    const result = withLinuxLayer(g, m, [
      hostOf("a", [{ from: "10.212.0.1", to: "10.212.0.2", spi: "0x6b734840", installed: false }]),
      hostOf("b", [{ from: "10.212.0.2", to: "10.212.0.1", spi: "0x50d0fc60", installed: true }]),
    ]);
    expect(tunnel(result)).toMatchObject({
      label: "🔒 VXLAN 4101 · encrypted · no IPsec SA",
      classes: ["tunnel", "encrypted", "ipsec-missing"],
    });
    expect(tunnel(result)?.description).toMatch(
      /the IPsec policy a → 10\.212\.0\.2 \(SPI 0x6b734840\) has no security association.*dropped/,
    );
  });

  it("says IPsec is in place when every policy has its association, and leaves an unseen host alone", () => {
    const ok = withLinuxLayer(g, m, [
      hostOf("a", [{ from: "10.212.0.1", to: "10.212.0.2", spi: "0x1", installed: true }]),
      hostOf("b", [{ from: "10.212.0.2", to: "10.212.0.1", spi: "0x2", installed: true }]),
    ]);
    expect(tunnel(ok)?.classes).toEqual(["tunnel", "encrypted"]);
    expect(tunnel(ok)?.description).toMatch(
      /IPsec in place: a → 10\.212\.0\.2 \(SPI 0x1\), b → 10\.212\.0\.1 \(SPI 0x2\)$/,
    );
    const unseen = withLinuxLayer(g, m, [{ ...remote, engine: "a" }]);
    expect(tunnel(unseen)).toEqual(tunnel(g));
  });
});
