// withLinuxLayer: the map's "Linux layer" switch. Each endpoint edge Docker's view draws (container → network)
// is replaced by what the host really has: the container's interface (drawn inside the container, which becomes
// a box: its network namespace), its veth peer on the host side and the
// bridge it is enslaved to (or a macvlan/ipvlan parent device); --network host containers go to the host's own
// stack; network nodes name their Linux bridge (or, for overlays, br0 and the VXLAN id in the overlay's namespace).
// Hosts that could not be read are marked and left as Docker's view draws them. Pure.
import type { EndpointLinkDto, HostLayerDto, LinuxLinkDto } from "@/lib/api/hosts";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import { elementId, type Graph, type GraphEdge, type GraphNode, type TopologyModel } from "./model";

/** The stack node's device name: ':' is never part of a Linux interface name, so it cannot clash with one. */
const STACK_DEVICE = ":stack";

/** Ids of the edges this layer adds: kind, then the two element ids (unique per pair, stable across reads). */
const edgeId = {
  link: (source: string, target: string) => `link:${source}|${target}`,
  pair: (source: string, target: string) => `pair:${source}|${target}`,
};

function bridgeFacts(link: LinuxLinkDto): string {
  return `${link.name} · ${link.state} · MTU ${link.mtu}`;
}

/** A device the host has that Docker did not make for a network: the lab link, eth0, a user's own bridge. */
function ownDevices(host: HostLayerDto): string[] {
  const dockerBridges = new Set(host.links.filter((l) => l.networkId !== null).map((l) => l.name));
  return host.links
    .filter(
      (l) =>
        l.name !== "lo" &&
        l.networkId === null &&
        l.kind !== "vxlan" &&
        !(l.master !== null && dockerBridges.has(l.master)),
    )
    .map((l) => l.name);
}

interface Lookup {
  nodes: Map<string, GraphNode>;
  networks: Map<string, NetworkDto>;
  containers: Map<string, ContainerDto>;
}

const key = (engine: string, id: string) => `${engine}/${id}`;

class LayerBuilder {
  readonly added: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  readonly removed = new Set<string>();
  private readonly ids = new Set<string>();

  constructor(
    private readonly lookup: Lookup,
    private readonly originalEdges: Map<string, GraphEdge>,
  ) {}

  node(n: GraphNode): void {
    if (this.ids.has(n.id) || this.lookup.nodes.has(n.id)) return;
    this.ids.add(n.id);
    this.added.push(n);
  }

  edge(e: GraphEdge): void {
    if (this.ids.has(e.id)) return;
    this.ids.add(e.id);
    this.edges.push(e);
  }

  /** Docker's endpoint edge, taken off the map (its facts go onto the chain that replaces it). */
  take(id: string): GraphEdge | null {
    const e = this.originalEdges.get(id);
    if (!e) return null;
    this.removed.add(id);
    return e;
  }
}

/** The box new nodes of an engine are drawn in: the engine's, when the graph has it. */
function boxOf(lookup: Lookup, engine: string, container: GraphNode | undefined): string | null {
  const box = elementId.engine(engine);
  return lookup.nodes.has(box) ? box : (container?.parent ?? null);
}

function addEndpoint(b: LayerBuilder, lookup: Lookup, engine: string, e: EndpointLinkDto): void {
  const containerId = elementId.container(engine, e.containerId);
  const networkId = elementId.network(engine, e.networkId);
  const containerNode = lookup.nodes.get(containerId);
  const networkNode = lookup.nodes.get(networkId);
  if (!containerNode || !networkNode) return;
  const container = lookup.containers.get(key(engine, e.containerId));
  const network = lookup.networks.get(key(engine, e.networkId));
  const who = container?.name ?? containerNode.label;
  const netName = network?.name ?? networkNode.label;
  const parent = boxOf(lookup, engine, containerNode);
  const original = b.take(elementId.endpoint(engine, e.networkId, e.containerId));
  const endpointFacts =
    original?.description ??
    `${who} on ${netName}: not among the container's networks in docker inspect, but built by Docker`;
  const kind = e.kind ?? "device";
  const address = original?.label ?? "";

  const ifaceId = elementId.iface(engine, e.networkId, e.containerId);
  // The container is drawn as a box holding its interfaces: what is inside its network namespace.
  b.node({
    id: ifaceId,
    kind: "iface",
    engine,
    ref: e.containerId,
    parent: containerId,
    label: e.ifname,
    // The address is on the interface that holds it (not on the links, where it crowded the short bonds).
    sublabel: `${address || kind} · MTU ${e.mtu}`,
    classes: ["iface", `iface-${kind}`, `link-${e.state.toLowerCase()}`],
    description: `Interface ${e.ifname} of container ${who} on ${netName}: ${kind}, ${e.state}, MTU ${e.mtu}${e.mac ? `, MAC ${e.mac}` : ""}, index ${e.ifindex} in the container's namespace.`,
  });

  if (e.kind === "veth" && e.peerName !== null) {
    const vethId = elementId.veth(engine, e.networkId, e.containerId);
    const where = e.peerNamespace === "host" || e.peerNamespace === null ? null : e.peerNamespace;
    b.node({
      id: vethId,
      kind: "veth",
      engine,
      ref: e.networkId,
      parent,
      label: e.peerName,
      sublabel: where ? `in ${where}` : `veth · index ${e.peerIndex}`,
      classes: ["veth", ...(where ? ["in-overlay"] : [])],
      description: `Veth ${e.peerName}, the host side of ${who}'s ${e.ifname}: index ${e.peerIndex} ${where ? `in overlay namespace ${where}` : "in the host's namespace"}${e.bridge ? `, enslaved to bridge ${e.bridge}` : ", on no bridge"}.`,
    });
    b.edge({
      id: edgeId.pair(ifaceId, vethId),
      kind: "veth",
      engine,
      source: ifaceId,
      target: vethId,
      label: "",
      classes: ["veth", ...(original ? original.classes.filter((c) => c !== "endpoint") : [])],
      description: `${endpointFacts}; veth pair ${e.ifname} (index ${e.ifindex}) ⇄ ${e.peerName} (index ${e.peerIndex}).`,
    });
    b.edge({
      id: edgeId.link(vethId, networkId),
      kind: "link",
      engine,
      source: vethId,
      target: networkId,
      // The bridge's name is on the network node already: a label here only crowds the short bond.
      label: e.bridge ? "" : "no bridge",
      classes: ["link"],
      description: e.bridge
        ? `${e.peerName} is a port of bridge ${e.bridge}, network ${netName}.`
        : `${e.peerName} is on no bridge.`,
    });
    return;
  }

  if ((e.kind === "macvlan" || e.kind === "ipvlan") && e.parent !== null) {
    const deviceId = elementId.device(engine, "host", e.parent);
    b.node({
      id: deviceId,
      kind: "parent",
      engine,
      ref: e.parent,
      parent,
      label: e.parent,
      sublabel: "parent device",
      classes: ["parent"],
      description: `Host interface ${e.parent}: the parent device of macvlan and ipvlan interfaces, which reach its wire directly, with no bridge.`,
    });
    b.edge({
      id: edgeId.link(ifaceId, deviceId),
      kind: "link",
      engine,
      source: ifaceId,
      target: deviceId,
      label: "",
      classes: ["link", "on-parent"],
      description: `${endpointFacts}; ${e.kind} interface ${e.ifname} on parent ${e.parent}.`,
    });
    b.edge({
      id: edgeId.link(deviceId, networkId),
      kind: "link",
      engine,
      source: deviceId,
      target: networkId,
      label: e.kind,
      classes: ["link"],
      description: `${e.parent} carries network ${netName} (${e.kind}).`,
    });
    return;
  }

  // A device we could not follow further (a veth whose peer was not found, another kind): straight to the network.
  b.edge({
    id: edgeId.link(ifaceId, networkId),
    kind: "link",
    engine,
    source: ifaceId,
    target: networkId,
    label: "",
    classes: ["link"],
    description: `${endpointFacts}; ${e.ifname}'s ${e.kind === "veth" ? `peer (index ${e.peerIndex}) was not found on the host` : "other end is not known"}.`,
  });
}

function addHostStack(b: LayerBuilder, lookup: Lookup, model: TopologyModel, host: HostLayerDto): void {
  const engine = host.engine;
  const users = host.hostStack
    .map((s) => ({ s, node: lookup.nodes.get(elementId.container(engine, s.containerId)) }))
    .filter((u): u is { s: typeof u.s; node: GraphNode } => u.node !== undefined);
  if (users.length === 0) return;
  const stackId = elementId.device(engine, "host", STACK_DEVICE);
  const devices = ownDevices(host);
  const names = users.map((u) => lookup.containers.get(key(engine, u.s.containerId))?.name ?? u.node.label);
  b.node({
    id: stackId,
    kind: "stack",
    engine,
    ref: engine,
    parent: boxOf(lookup, engine, users[0]?.node),
    label: "host network stack",
    sublabel: devices.join(", "),
    classes: ["stack"],
    description: `The network stack of engine ${engine}'s host${host.source ? ` (${host.source})` : ""}, with its own interfaces ${devices.join(", ") || "(none besides Docker's)"}: used directly by ${names.join(", ")}.`,
  });
  const hostNetwork = model.networks.find((n) => n.engine === engine && n.driver === "host");
  const hostNetworkId = hostNetwork ? elementId.network(engine, hostNetwork.id) : null;
  users.forEach((u, i) => {
    const original = hostNetwork ? b.take(elementId.endpoint(engine, hostNetwork.id, u.s.containerId)) : null;
    b.edge({
      id: edgeId.link(u.node.id, stackId),
      kind: "link",
      engine,
      source: u.node.id,
      target: stackId,
      label: "host stack",
      classes: ["link"],
      description: `${names[i]} uses the host's network stack: no interface or veth of its own.`,
    });
    if (original && hostNetworkId && lookup.nodes.has(hostNetworkId)) {
      b.edge({
        id: edgeId.link(stackId, hostNetworkId),
        kind: "link",
        engine,
        source: stackId,
        target: hostNetworkId,
        label: "",
        classes: ["link"],
        description: `Docker's network ${hostNetwork?.name ?? "host"} stands for the host's own stack.`,
      });
    }
  });
}

/** The network nodes' Linux facts: the bridge (host) or br0 and the VXLAN ids (overlay namespace). */
function networkFacts(host: HostLayerDto): Map<string, { sublabel: string; sentence: string }> {
  const facts = new Map<string, { sublabel: string; sentence: string }>();
  for (const l of host.links) {
    if (l.kind !== "bridge" || l.networkId === null) continue;
    facts.set(elementId.network(host.engine, l.networkId), {
      sublabel: bridgeFacts(l),
      sentence: `Linux bridge ${l.name}, ${l.state}, MTU ${l.mtu}${l.addresses.length ? `, ${l.addresses.join(", ")}` : ""}`,
    });
  }
  for (const o of host.overlays) {
    const bridge = o.links.find((l) => l.kind === "bridge");
    const vxlan = o.vxlanIds.length ? `VXLAN ${o.vxlanIds.join(", ")}` : "no VXLAN device";
    facts.set(elementId.network(host.engine, o.networkId), {
      sublabel: `${bridge?.name ?? "no bridge"} in ${o.namespace} · ${vxlan}`,
      sentence: `in namespace ${o.namespace}: ${bridge ? `Linux bridge ${bridge.name}, ${bridge.state}, MTU ${bridge.mtu}` : "no bridge"}, ${vxlan}`,
    });
  }
  return facts;
}

export function withLinuxLayer(graph: Graph, model: TopologyModel, hosts: HostLayerDto[]): Graph {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const lookup: Lookup = {
    nodes,
    networks: new Map(model.networks.map((n) => [key(n.engine, n.id), n])),
    containers: new Map(model.containers.map((c) => [key(c.engine, c.id), c])),
  };
  const b = new LayerBuilder(lookup, new Map(graph.edges.map((e) => [e.id, e])));
  const changed = new Map<string, GraphNode>();
  const change = (id: string, fn: (n: GraphNode) => GraphNode) => {
    const n = changed.get(id) ?? nodes.get(id);
    if (n) changed.set(id, fn(n));
  };

  for (const host of hosts) {
    if (host.unavailable !== null) {
      const why = `host details unavailable: ${host.unavailable}`;
      change(elementId.engine(host.engine), (n) => ({
        ...n,
        sublabel: n.sublabel ? `${n.sublabel} · ${why}` : why,
        classes: [...n.classes, "linux-unavailable"],
        description: `${n.description}; ${why}`,
      }));
      continue;
    }
    for (const [id, f] of networkFacts(host)) {
      change(id, (n) => ({
        ...n,
        sublabel: f.sublabel,
        classes: [...n.classes, "linux"],
        description: `${n.description}; ${f.sentence}`,
      }));
    }
    for (const e of host.endpoints) addEndpoint(b, lookup, host.engine, e);
    addHostStack(b, lookup, model, host);
  }

  return {
    nodes: [...graph.nodes.map((n) => changed.get(n.id) ?? n), ...b.added],
    edges: [
      ...graph.edges.filter((e) => !b.removed.has(e.id)).map((e) => withIpsec(e, model, hosts)),
      ...b.edges,
    ],
  };
}

/** The swarm address of the host an end of a tunnel stands for: a configured engine's, or a node box's. */
function tunnelEndAddress(
  end: string,
  model: TopologyModel,
): { host: string; address: string | null } | null {
  const network = /^network:([^:]+):/.exec(end);
  if (network) {
    const engine = model.engines.find((e) => e.id === network[1]);
    return engine ? { host: engine.id, address: engine.swarm?.nodeAddress ?? null } : null;
  }
  const node = model.nodes.find((n) => elementId.swarmNode(n.cluster, n.id) === end);
  return node ? { host: node.hostname, address: node.address } : null;
}

/**
 * An encrypted tunnel, checked against the IPsec each seen host has toward the other: Docker installs a policy
 * per peer that makes VXLAN use ESP, and the security association it needs; a policy without its association
 * drops every packet, while Docker only logs a warning ("Failed Adding …SA").
 */
function withIpsec(edge: GraphEdge, model: TopologyModel, hosts: HostLayerDto[]): GraphEdge {
  if (edge.kind !== "tunnel" || !edge.classes.includes("encrypted")) return edge;
  const ends = [tunnelEndAddress(edge.source, model), tunnelEndAddress(edge.target, model)];
  const missing: string[] = [];
  const installed: string[] = [];
  for (const [self, other] of [
    [ends[0], ends[1]],
    [ends[1], ends[0]],
  ]) {
    const host = hosts.find((h) => h.engine === self?.host && h.unavailable === null);
    if (!host || !other?.address) continue;
    const toward = host.ipsec.filter((p) => p.to === other.address);
    for (const p of toward)
      (p.installed ? installed : missing).push(`${self?.host} → ${other.address} (SPI ${p.spi})`);
  }
  if (missing.length > 0)
    return {
      ...edge,
      label: `${edge.label} · no IPsec SA`,
      classes: [...edge.classes, "ipsec-missing"],
      description:
        `${edge.description}; but the IPsec policy ${missing.join(", ")} has no security association: Docker ` +
        "could not install it (its log says “Failed Adding”; often the kernel lacks rfc4106(gcm(aes))), so this " +
        "overlay's traffic between the hosts is dropped",
    };
  return installed.length > 0
    ? { ...edge, description: `${edge.description}; IPsec in place: ${installed.join(", ")}` }
    : edge;
}

/** The Linux layer's elements that stand for one endpoint (interface, veth, their links): a path drawn in that view. */
export function endpointChain(engine: string, networkId: string, containerId: string): string[] {
  const container = elementId.container(engine, containerId);
  const network = elementId.network(engine, networkId);
  const iface = elementId.iface(engine, networkId, containerId);
  const veth = elementId.veth(engine, networkId, containerId);
  return [
    edgeId.link(container, iface),
    iface,
    edgeId.pair(iface, veth),
    veth,
    edgeId.link(veth, network),
    edgeId.link(iface, network),
  ];
}
