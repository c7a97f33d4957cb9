// The domain model of the map: a checked, cross-referenced topology and the graph drawn from it.
// Plain data only, so the builders are pure functions tested in Node.
import type { SwarmNodeDto, SwarmServiceDto, SwarmTaskDto } from "@/lib/api/swarm";
import type { ContainerDto, EndpointDto, EngineDto, NetworkDto } from "@/lib/api/types";

/** A topology whose references all resolve: every endpoint names a known network and container. */
export interface TopologyModel {
  engines: EngineDto[];
  networks: NetworkDto[];
  containers: ContainerDto[];
  endpoints: EndpointDto[];
  /** Swarm objects, one copy per swarm even when several of its managers are configured. */
  nodes: SwarmNodeDto[];
  services: SwarmServiceDto[];
  tasks: SwarmTaskDto[];
}

/**
 * engine: a host box (a configured engine, or a swarm node seen only through a manager); service and task:
 * swarm objects; iface/veth/bridge/parent/stack: the Linux layer; tier and outside: the tier bands; group:
 * containers drawn as one (lib/topology/aggregate.ts).
 */
export type NodeKind =
  | "engine"
  | "network"
  | "container"
  | "service"
  | "task"
  | "iface"
  | "veth"
  | "bridge"
  | "parent"
  | "stack"
  | "tier"
  | "tier-summary"
  | "outside"
  | "group";
/**
 * endpoint: a container on a network; shares-stack: --network container:X; tunnel: VXLAN between two hosts'
 * parts of an overlay; task: a service to its task or task container; veth: the pair's two ends; link: a device to
 * its bridge, parent or container; published: the outside to a container publishing ports; summary: an edge
 * into a collapsed tier, standing for several.
 */
export type EdgeKind =
  | "endpoint"
  | "shares-stack"
  | "tunnel"
  | "task"
  | "veth"
  | "link"
  | "published"
  | "summary";

export interface GraphNode {
  id: string;
  kind: NodeKind;
  engine: string;
  /** The Docker id of what the node stands for (the engine id for engines). */
  ref: string;
  /** The compound node drawn around this one: each engine is a box holding its networks and containers. */
  parent: string | null;
  label: string;
  /** A second line: driver and subnet, ports, or the engine version. */
  sublabel: string;
  /** Style hooks: driver-*, state-*, mode-*, internal, system. */
  classes: string[];
  /** One sentence in plain words, read by the accessible list and screen readers. */
  description: string;
}

export interface GraphEdge {
  id: string;
  kind: EdgeKind;
  engine: string;
  source: string;
  target: string;
  label: string;
  classes: string[];
  description: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Stable element ids: the same object keeps its id across reads, so the canvas can update in place. */
export const elementId = {
  engine: (engine: string) => `engine:${engine}`,
  network: (engine: string, id: string) => `network:${engine}:${id}`,
  container: (engine: string, id: string) => `container:${engine}:${id}`,
  endpoint: (engine: string, networkId: string, containerId: string) =>
    `endpoint:${engine}:${networkId}:${containerId}`,
  sharesStack: (engine: string, containerId: string) => `shares-stack:${engine}:${containerId}`,
  /** A swarm node that is not a configured engine: its box, keyed by the swarm node id. */
  swarmNode: (cluster: string, nodeId: string) => `node:${cluster}:${nodeId}`,
  service: (cluster: string, id: string) => `service:${cluster}:${id}`,
  task: (cluster: string, id: string) => `task:${cluster}:${id}`,
  taskEdge: (cluster: string, taskId: string) => `task-of:${cluster}:${taskId}`,
  /** VXLAN tunnel of overlay `networkId` between two host boxes (element ids, in sorted order). */
  tunnel: (networkId: string, a: string, b: string) => `tunnel:${networkId}:${[a, b].sort().join("|")}`,
  /** Linux layer: the container-side interface and the host-side veth of one endpoint. */
  iface: (engine: string, networkId: string, containerId: string) =>
    `iface:${engine}:${networkId}:${containerId}`,
  veth: (engine: string, networkId: string, containerId: string) =>
    `veth:${engine}:${networkId}:${containerId}`,
  /** A Linux device on an engine's host (a macvlan parent, the host stack), by namespace and name. */
  device: (engine: string, namespace: string, name: string) => `dev:${engine}:${namespace}:${name}`,
  tier: (tier: string) => `tier:${tier}`,
  tierSummary: (tier: string) => `tier-summary:${tier}`,
  outside: () => "outside",
};
