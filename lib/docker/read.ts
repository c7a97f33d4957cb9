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

/** Docker lists in no stable order; we answer sorted by name so equal states give equal answers. */
function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name.localeCompare(b.name);
}

function mapNetworks(engine: string, raws: RawNetwork[]): NetworkDto[] {
  return raws.map((n) => mapNetwork(engine, n)).sort(byName);
}

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

export interface InspectedContainers {
  containers: ContainerDto[];
  endpoints: EndpointDto[];
}

/** Inspects listed containers, at most INSPECT_CONCURRENCY at once; ones gone since the list are dropped. */
export async function inspectContainers(
  engine: ConnectedEngine,
  summaries: RawContainerSummary[],
): Promise<InspectedContainers> {
  const raws = await mapBounded(summaries, INSPECT_CONCURRENCY, (s) => inspectRaw(engine, s.Id));
  const id = engine.config.id;
  const containers: ContainerDto[] = [];
  const endpoints: EndpointDto[] = [];
  raws.forEach((raw, i) => {
    if (raw) containers.push(mapContainer(id, raw, summaries[i]));
  });
  containers.sort(byName);
  for (const c of containers) {
    const raw = raws.find((r) => r?.Id === c.id) as RawContainer;
    endpoints.push(...mapEndpoints(id, raw));
  }
  return { containers, endpoints };
}

/** Everything the map needs from one engine. Throws a DockerError when the engine cannot be read. */
export async function readSnapshot(config: EngineConfig): Promise<EngineSnapshot> {
  const engine = await connect(config);
  const [engineInfo, networks, inspected] = await Promise.all([
    engineDto(engine),
    rawNetworks(engine),
    rawContainerList(engine).then((list) => inspectContainers(engine, list)),
  ]);
  return {
    engine: engineInfo,
    networks: mapNetworks(config.id, networks),
    ...inspected,
  };
}

export async function readNetworks(config: EngineConfig): Promise<NetworkDto[]> {
  const engine = await connect(config);
  return mapNetworks(config.id, await rawNetworks(engine));
}

export async function readContainers(config: EngineConfig): Promise<InspectedContainers> {
  const engine = await connect(config);
  return inspectContainers(engine, await rawContainerList(engine));
}

/** A network (by id, id prefix or name, as Docker resolves it) with every container attached to it. */
export async function readNetworkDetail(config: EngineConfig, ref: string): Promise<NetworkDetailDto> {
  const engine = await connect(config);
  const raw = (await engineCall(engine.config, `inspect network ${ref}`, (abortSignal) =>
    (engine.docker.getNetwork(ref) as unknown as { inspect: Signalled }).inspect({ abortSignal }),
  )) as RawNetwork;
  // Neither the network's Containers map nor the list's network filter has containers that never ran;
  // the list's own NetworkSettings names them, so only those attached are inspected.
  const onNetwork = (await rawContainerList(engine)).filter((c) =>
    Object.entries(c.NetworkSettings?.Networks ?? {}).some(
      ([name, n]) => n.NetworkID === raw.Id || name === raw.Name,
    ),
  );
  const attached = await inspectContainers(engine, onNetwork);
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
  // A container that never ran has NetworkID "" on its attachments: match those by name.
  const ids = new Set(endpoints.flatMap((e) => [e.networkId, e.networkName]));
  return {
    container: mapContainer(config.id, raw, summaries[0]),
    endpoints,
    networks: mapNetworks(
      config.id,
      networks.filter((n) => ids.has(n.Id) || ids.has(n.Name)),
    ),
  };
}
