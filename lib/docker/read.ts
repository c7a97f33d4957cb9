// Reading one engine: its identity, networks, containers and endpoints, mapped to DTOs. Containers are listed,
// then inspected (aliases and DNS names exist only in inspect) at most 8 at a time; one that vanishes between
// list and inspect is dropped, not an error.
import "server-only";
import type {
  ContainerDetailDto,
  ContainerDto,
  EndpointDto,
  EngineDto,
  NetworkDetailDto,
  NetworkDto,
} from "@/lib/api/types";
import { type ConnectedEngine, connect, engineCall, type Signalled, type SignalledDocker } from "./client";
import type { EngineConfig } from "./config";
import { DockerError } from "./errors";
import { mapBounded } from "./limit";
import { mapContainer, mapEndpoints, mapNetwork } from "./map";
import type { RawContainer, RawContainerSummary, RawInfo, RawNetwork } from "./raw";

export const INSPECT_CONCURRENCY = 8;

export interface EngineSnapshot {
  engine: EngineDto;
  networks: NetworkDto[];
  containers: ContainerDto[];
  endpoints: EndpointDto[];
}

export function unreachableEngine(config: EngineConfig, error: DockerError): EngineDto {
  return {
    id: config.id,
    host: config.host,
    status: "unreachable",
    version: null,
    apiVersion: null,
    engineApiVersion: null,
    os: null,
    arch: null,
    kernelVersion: null,
    hostname: null,
    swarm: null,
    error: error.toJSON(),
  };
}

async function engineDto(engine: ConnectedEngine): Promise<EngineDto> {
  const info = (await engineCall(engine.config, "read engine info", (abortSignal) =>
    (engine.docker as unknown as SignalledDocker).info({ abortSignal }),
  )) as RawInfo;
  const swarm = info.Swarm;
  return {
    id: engine.config.id,
    host: engine.config.host,
    status: "up",
    version: engine.version.Version,
    apiVersion: engine.apiVersion,
    engineApiVersion: engine.version.ApiVersion,
    os: engine.version.Os,
    arch: engine.version.Arch,
    kernelVersion: engine.version.KernelVersion ?? null,
    hostname: info.Name ?? null,
    swarm: swarm?.LocalNodeState
      ? { state: swarm.LocalNodeState, nodeId: swarm.NodeID || null, isManager: !!swarm.ControlAvailable }
      : null,
    error: null,
  };
}

/** The engine's identity; an engine that cannot be reached is reported as such, never thrown. */
export async function readEngine(config: EngineConfig): Promise<EngineDto> {
  try {
    return await engineDto(await connect(config));
  } catch (err) {
    if (err instanceof DockerError) return unreachableEngine(config, err);
    throw err;
  }
}

async function rawNetworks(
  engine: ConnectedEngine,
  filters?: Record<string, string[]>,
): Promise<RawNetwork[]> {
  return (await engineCall(engine.config, "list networks", (abortSignal) =>
    engine.docker.listNetworks({ filters, abortSignal }),
  )) as unknown as RawNetwork[];
}

async function rawContainerList(
  engine: ConnectedEngine,
  filters?: Record<string, string[]>,
): Promise<RawContainerSummary[]> {
  return (await engineCall(engine.config, "list containers", (abortSignal) =>
    engine.docker.listContainers({ all: true, filters, abortSignal }),
  )) as unknown as RawContainerSummary[];
}

/** Inspects a container; null when it no longer exists. */
async function inspectRaw(engine: ConnectedEngine, id: string): Promise<RawContainer | null> {
  try {
    return (await engineCall(engine.config, `inspect container ${id.slice(0, 12)}`, (abortSignal) =>
      engine.docker.getContainer(id).inspect({ abortSignal }),
    )) as unknown as RawContainer;
  } catch (err) {
    if (err instanceof DockerError && err.code === "not_found") return null;
    throw err;
  }
}

interface InspectedContainers {
  containers: ContainerDto[];
  endpoints: EndpointDto[];
}

async function inspectAll(
  engine: ConnectedEngine,
  summaries: RawContainerSummary[],
): Promise<InspectedContainers> {
  const raws = await mapBounded(summaries, INSPECT_CONCURRENCY, (s) => inspectRaw(engine, s.Id));
  const id = engine.config.id;
  const containers: ContainerDto[] = [];
  const endpoints: EndpointDto[] = [];
  raws.forEach((raw, i) => {
    if (!raw) return;
    containers.push(mapContainer(id, raw, summaries[i]));
    endpoints.push(...mapEndpoints(id, raw));
  });
  return { containers, endpoints };
}

/** Everything the map needs from one engine. Throws a DockerError when the engine cannot be read. */
export async function readSnapshot(config: EngineConfig): Promise<EngineSnapshot> {
  const engine = await connect(config);
  const [engineInfo, networks, inspected] = await Promise.all([
    engineDto(engine),
    rawNetworks(engine),
    rawContainerList(engine).then((list) => inspectAll(engine, list)),
  ]);
  return {
    engine: engineInfo,
    networks: networks.map((n) => mapNetwork(config.id, n)),
    ...inspected,
  };
}

export async function readNetworks(config: EngineConfig): Promise<NetworkDto[]> {
  const engine = await connect(config);
  return (await rawNetworks(engine)).map((n) => mapNetwork(config.id, n));
}

export async function readContainers(config: EngineConfig): Promise<InspectedContainers> {
  const engine = await connect(config);
  return inspectAll(engine, await rawContainerList(engine));
}

/** A network (by id, id prefix or name, as Docker resolves it) with every container attached to it. */
export async function readNetworkDetail(config: EngineConfig, ref: string): Promise<NetworkDetailDto> {
  const engine = await connect(config);
  const raw = (await engineCall(engine.config, `inspect network ${ref}`, (abortSignal) =>
    (engine.docker.getNetwork(ref) as unknown as { inspect: Signalled }).inspect({ abortSignal }),
  )) as RawNetwork;
  // The network filter also finds stopped containers, which the network's own Containers map leaves out.
  const attached = await inspectAll(engine, await rawContainerList(engine, { network: [raw.Id] }));
  return {
    network: mapNetwork(config.id, raw),
    containers: attached.containers,
    endpoints: attached.endpoints.filter((e) => e.networkId === raw.Id || e.networkName === raw.Name),
  };
}

/** A container (by id, id prefix or name) with its endpoints and the networks they are on. */
export async function readContainerDetail(config: EngineConfig, ref: string): Promise<ContainerDetailDto> {
  const engine = await connect(config);
  const raw = (await engineCall(engine.config, `inspect container ${ref}`, (abortSignal) =>
    engine.docker.getContainer(ref).inspect({ abortSignal }),
  )) as unknown as RawContainer;
  const [summaries, networks] = await Promise.all([
    rawContainerList(engine, { id: [raw.Id] }),
    rawNetworks(engine),
  ]);
  const endpoints = mapEndpoints(config.id, raw);
  const ids = new Set(endpoints.map((e) => e.networkId));
  return {
    container: mapContainer(config.id, raw, summaries[0]),
    endpoints,
    networks: networks.filter((n) => ids.has(n.Id)).map((n) => mapNetwork(config.id, n)),
  };
}
