// toGraph: the nodes and edges the map draws, with labels and one plain sentence each for the accessible list.
import type { SwarmServiceDto } from "@/lib/api/swarm";
import type { ContainerDto, EndpointDto, EngineDto, NetworkDto } from "@/lib/api/types";
import { endpointAddresses, publishedPorts, subnets, userAliases } from "./format";
import { elementId, type Graph, type GraphEdge, type GraphNode, type TopologyModel } from "./model";
import {
  isEncrypted,
  nodeBoxes,
  serviceElements,
  swarmNodeBoxes,
  tunnelEdges,
  vxlanIds,
} from "./swarm-graph";

const KNOWN_DRIVERS = new Set(["bridge", "overlay", "macvlan", "ipvlan", "host", "null"]);

/**
 * What a network node says under its name: its driver, subnets and VXLAN id. Docker's own `host` and `none` are
 * named after their drivers ("host host", "none null" said nothing): they say what they are instead.
 */
export function networkSublabel(network: NetworkDto, nets: string[], overlay: string[]): string {
  if (network.driver === "host") return "the host's own stack";
  if (network.driver === "null") return "no network at all";
  // Docker's default bridge is named after its driver: say which bridge it is instead of "bridge bridge".
  if (network.system && network.name === network.driver)
    return [`Docker's default ${network.driver}`, ...nets].join(" · ");
  return [network.driver, ...nets, ...overlay.filter((f) => f.startsWith("VXLAN"))].join(" · ");
}

function driverClass(driver: string): string {
  if (driver === "null") return "driver-none";
  return KNOWN_DRIVERS.has(driver) ? `driver-${driver}` : "driver-other";
}

function engineNode(engine: EngineDto): GraphNode {
  const name = engine.hostname ?? engine.id;
  const version = engine.version ? `Docker ${engine.version} (API ${engine.apiVersion})` : "unreachable";
  return {
    id: elementId.engine(engine.id),
    kind: "engine",
    engine: engine.id,
    ref: engine.id,
    parent: null,
    label: name,
    sublabel: version,
    classes: ["engine", engine.status === "up" ? "engine-up" : "engine-down"],
    description: `Engine ${engine.id} (${name}): ${version}${engine.os ? `, ${engine.os}/${engine.arch}` : ""}`,
  };
}

/** The routing mesh: every port a swarm service publishes through ingress, on every node. */
function meshPorts(services: SwarmServiceDto[]): string | null {
  const ports = services.flatMap((s) =>
    s.ports
      .filter((p) => p.publishMode === "ingress" && p.publishedPort !== null)
      .map((p) => `${p.publishedPort}→${p.targetPort}/${p.protocol} (${s.name})`),
  );
  return ports.length ? `publishes ${ports.join(", ")} on every node` : null;
}

function overlayFacts(
  network: NetworkDto,
  hostAt: Map<string | null, string>,
  services: SwarmServiceDto[],
): string[] {
  if (network.driver !== "overlay") return [];
  const vnis = vxlanIds(network);
  return [
    vnis.length ? `VXLAN ${vnis.join(", ")}` : null,
    isEncrypted(network) ? "encrypted" : null,
    network.peers?.length
      ? `on ${network.peers.map((p) => (hostAt.has(p.ip) ? `${hostAt.get(p.ip)} (${p.ip})` : p.ip)).join(", ")}`
      : null,
    network.ingress ? "routing mesh for published ports" : null,
    network.ingress ? meshPorts(services) : null,
  ].filter((f): f is string => !!f);
}

function networkNode(
  network: NetworkDto,
  containerCount: number,
  hostAt: Map<string | null, string>,
  services: SwarmServiceDto[],
): GraphNode {
  const nets = subnets(network);
  const overlay = overlayFacts(network, hostAt, services);
  const facts = [
    `${network.driver} driver`,
    `${network.scope} scope`,
    nets.length ? `subnet ${nets.join(", ")}` : "no subnet",
    network.internal ? "internal" : null,
    network.attachable ? "attachable" : null,
    network.system ? "Docker's own" : null,
    ...overlay,
    `${containerCount} container${containerCount === 1 ? "" : "s"}`,
  ].filter(Boolean);
  return {
    id: elementId.network(network.engine, network.id),
    kind: "network",
    engine: network.engine,
    ref: network.id,
    parent: elementId.engine(network.engine),
    label: network.name,
    sublabel: networkSublabel(network, nets, overlay),
    classes: [
      "network",
      driverClass(network.driver),
      ...(isEncrypted(network) ? ["encrypted"] : []),
      ...(network.internal ? ["internal"] : []),
      ...(network.system ? ["system"] : []),
    ],
    description: `Network ${network.name}: ${facts.join(", ")}`,
  };
}

/** A 64-hex id shortened as the CLI does; a name as it is. */
function shortRef(ref: string): string {
  return /^[0-9a-f]{64}$/.test(ref) ? ref.slice(0, 12) : ref;
}

function modeClass(mode: string): string {
  if (mode === "host" || mode === "none") return `mode-${mode}`;
  return mode.startsWith("container:") ? "mode-container" : "mode-network";
}

function containerNode(container: ContainerDto, sharedWith: ContainerDto | undefined): GraphNode {
  const ports = publishedPorts(container.ports);
  const mode =
    container.networkMode === "host"
      ? "host network stack"
      : container.networkMode === "none"
        ? "no network"
        : container.sharesNetworkWith
          ? `shares the network stack of ${sharedWith?.name ?? shortRef(container.sharesNetworkWith)}`
          : null;
  const facts = [
    container.state,
    `image ${container.image}`,
    mode,
    ports.length ? `ports ${ports.join(", ")}` : null,
  ];
  return {
    id: elementId.container(container.engine, container.id),
    kind: "container",
    engine: container.engine,
    ref: container.id,
    parent: elementId.engine(container.engine),
    label: taskContainerLabel(container) ?? container.name,
    sublabel: ports.length ? ports.join(" ") : (mode ?? container.state),
    classes: ["container", `state-${container.state}`, modeClass(container.networkMode)],
    description: `Container ${container.name}: ${facts.filter(Boolean).join(", ")}`,
  };
}

/** A swarm task's container is named <service>.<slot>.<task id>: the map shows <service>.<slot>. */
function taskContainerLabel(container: ContainerDto): string | null {
  const task = container.labels["com.docker.swarm.task.id"];
  return task && container.name.endsWith(`.${task}`) ? container.name.slice(0, -task.length - 1) : null;
}

function endpointEdge(endpoint: EndpointDto, container: ContainerDto, network: NetworkDto): GraphEdge {
  const addresses = endpointAddresses(endpoint);
  const aliases = userAliases(endpoint);
  const parts = [
    endpoint.ipv4Address,
    endpoint.ipv6Address,
    aliases.length ? `aliases ${aliases.join(", ")}` : null,
    endpoint.id ? null : "configured, not running",
  ].filter(Boolean);
  const label =
    network.driver === "host" ? "host stack" : network.driver === "null" ? "no network" : addresses;
  return {
    id: elementId.endpoint(endpoint.engine, endpoint.networkId, endpoint.containerId),
    kind: "endpoint",
    engine: endpoint.engine,
    source: elementId.container(container.engine, container.id),
    target: elementId.network(network.engine, network.id),
    label,
    classes: ["endpoint", ...(endpoint.id ? [] : ["configured"])],
    description: `${container.name} on ${network.name}${parts.length ? `: ${parts.join(", ")}` : ""}`,
  };
}

export function toGraph(model: TopologyModel): Graph {
  const networks = new Map(model.networks.map((n) => [`${n.engine}/${n.id}`, n]));
  const containers = new Map(model.containers.map((c) => [`${c.engine}/${c.id}`, c]));
  const counts = new Map<string, number>();
  for (const e of model.endpoints)
    counts.set(`${e.engine}/${e.networkId}`, (counts.get(`${e.engine}/${e.networkId}`) ?? 0) + 1);

  const swarm = swarmNodeBoxes(model);
  /** Swarm node addresses to host names, for an overlay's peers. */
  const hostAt = new Map<string | null, string>(model.nodes.map((n) => [n.address, n.hostname]));
  const boxes = nodeBoxes(model);
  const services = serviceElements(model, boxes);
  const nodes: GraphNode[] = [
    ...model.engines.map((e) => withSwarmFacts(engineNode(e), swarm.facts.get(elementId.engine(e.id)))),
    ...swarm.extra,
    ...model.networks.map((n) =>
      networkNode(n, counts.get(`${n.engine}/${n.id}`) ?? 0, hostAt, model.services),
    ),
    ...model.containers.map((c) =>
      containerNode(
        c,
        c.sharesNetworkWith ? containers.get(`${c.engine}/${c.sharesNetworkWith}`) : undefined,
      ),
    ),
  ];
  nodes.push(...services.nodes);
  const edges: GraphEdge[] = [];
  for (const e of model.endpoints) {
    const container = containers.get(`${e.engine}/${e.containerId}`);
    const network = networks.get(`${e.engine}/${e.networkId}`);
    if (container && network) edges.push(endpointEdge(e, container, network));
  }
  for (const c of model.containers) {
    const target = c.sharesNetworkWith ? containers.get(`${c.engine}/${c.sharesNetworkWith}`) : undefined;
    if (!target) continue;
    edges.push({
      id: elementId.sharesStack(c.engine, c.id),
      kind: "shares-stack",
      engine: c.engine,
      source: elementId.container(c.engine, c.id),
      target: elementId.container(target.engine, target.id),
      label: "shares netns",
      classes: ["shares-stack"],
      description: `${c.name} shares the network stack of ${target.name}`,
    });
  }
  edges.push(...services.edges, ...tunnelEdges(model, boxes));
  return { nodes, edges };
}

/** An engine box that is also a swarm node says so: role, state, availability, address. */
function withSwarmFacts(node: GraphNode, facts: string | undefined): GraphNode {
  if (!facts) return node;
  return {
    ...node,
    sublabel: `${node.sublabel} · ${facts}`,
    classes: [...node.classes, "swarm-node"],
    description: `${node.description}; ${facts}`,
  };
}
