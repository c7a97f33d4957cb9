// Reading a swarm from one of its managers: nodes, services (with their VIPs and published ports) and the
// tasks that are meant to run (desired-state running), and the peers of swarm-scoped networks. Workers and
// engines outside a swarm answer empty lists without asking Docker.
import "server-only";
import type { SwarmNodeDto, SwarmServiceDto, SwarmTaskDto } from "@/lib/api/swarm";
import type { EngineDto, NetworkDto } from "@/lib/api/types";
import type { ConnectedEngine } from "./client";
import { DockerError } from "./errors";
import { mapBounded } from "./limit";
import { mapNetwork } from "./map";
import { mapService, mapSwarmNode, mapTask } from "./map-swarm";
import type { RawNetwork, RawService, RawSwarmNode, RawTask } from "./raw";

export interface SwarmLists {
  nodes: SwarmNodeDto[];
  services: SwarmServiceDto[];
  tasks: SwarmTaskDto[];
}

export const NO_SWARM: SwarmLists = { nodes: [], services: [], tasks: [] };

type Get = <T>(engine: ConnectedEngine, action: string, path: string, signal: AbortSignal) => Promise<T>;

/** The engine is a manager of an active swarm: only managers can list nodes, services and tasks. */
export function isSwarmManager(engine: EngineDto): boolean {
  return engine.swarm?.state === "active" && engine.swarm.isManager && !!engine.swarm.cluster;
}

export async function readSwarmLists(
  get: Get,
  engine: ConnectedEngine,
  dto: EngineDto,
  signal: AbortSignal,
): Promise<SwarmLists> {
  if (!isSwarmManager(dto)) return NO_SWARM;
  const cluster = dto.swarm?.cluster as string;
  const id = engine.config.id;
  const running = encodeURIComponent(JSON.stringify({ "desired-state": ["running"] }));
  try {
    const [nodes, services, tasks] = await Promise.all([
      get<RawSwarmNode[]>(engine, "list swarm nodes", "/nodes", signal),
      get<RawService[]>(engine, "list swarm services", "/services", signal),
      get<RawTask[]>(engine, "list swarm tasks", `/tasks?filters=${running}`, signal),
    ]);
    return {
      nodes: nodes.map((n) => mapSwarmNode(id, cluster, n)),
      services: services.map((s) => mapService(id, cluster, s)),
      tasks: tasks.map((t) => mapTask(id, cluster, t)),
    };
  } catch (err) {
    // A manager that lost quorum (or was demoted since /info) answers 503 "not a swarm manager": the swarm's
    // objects are unknown from here, the engine's own are still good.
    if (err instanceof DockerError && err.code === "engine_error") return NO_SWARM;
    throw err;
  }
}

/**
 * Swarm-scoped networks with their peers (the nodes that have the network), which only an inspect reports.
 * A network gone since the list keeps what the list said.
 */
export async function withPeers(
  get: Get,
  engine: ConnectedEngine,
  networks: NetworkDto[],
  signal: AbortSignal,
): Promise<NetworkDto[]> {
  return mapBounded(networks, 8, async (network) => {
    if (network.scope !== "swarm" || network.configOnly) return network;
    try {
      const raw = await get<RawNetwork>(
        engine,
        `inspect network ${network.name}`,
        `/networks/${encodeURIComponent(network.id)}`,
        signal,
      );
      return { ...network, peers: mapNetwork(network.engine, raw).peers };
    } catch (err) {
      if (err instanceof DockerError && err.code === "not_found") return network;
      throw err;
    }
  });
}
