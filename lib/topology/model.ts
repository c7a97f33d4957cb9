// The domain model of the map: a checked, cross-referenced topology and the graph drawn from it.
// Plain data only, so the builders are pure functions tested in Node.
import type { ContainerDto, EndpointDto, EngineDto, NetworkDto } from "@/lib/api/types";

/** A topology whose references all resolve: every endpoint names a known network and container. */
export interface TopologyModel {
  engines: EngineDto[];
  networks: NetworkDto[];
  containers: ContainerDto[];
  endpoints: EndpointDto[];
}

export type NodeKind = "engine" | "network" | "container";
/** endpoint: a container on a network; shares-stack: --network container:X. */
export type EdgeKind = "endpoint" | "shares-stack";

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
};
