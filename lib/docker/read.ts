// Reading one engine: its identity, networks, containers and endpoints, mapped to DTOs. Containers are listed,
// then inspected (aliases and DNS names exist only in inspect) at most 8 at a time; one that vanishes between
// list and inspect is dropped, not an error. All calls of one read share one deadline.
import "server-only";
import type {
  ContainerDetailDto,
  ContainerDto,
  EndpointDto,
  EngineDto,
  NetworkDetailDto,
  NetworkDto,
} from "@/lib/api/types";
import type { Listing } from "@/lib/topology/drift";
import { type ConnectedEngine, connect, connectOnce, deadline, engineCall } from "./client";
import type { EngineConfig } from "./config";
import { DockerError } from "./errors";
import { mapBounded } from "./limit";
import { mapContainer, mapEndpoints, mapNetwork } from "./map";
import { mapSwarmState } from "./map-swarm";
import type { RawContainer, RawContainerSummary, RawInfo, RawNetwork } from "./raw";
import { readSwarmLists, type SwarmLists, withPeers } from "./read-swarm";

export const INSPECT_CONCURRENCY = 8;

/** Docker lists in no stable order; we answer sorted by name so equal states give equal answers. */
function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name.localeCompare(b.name);
}

function mapNetworks(engine: string, raws: RawNetwork[]): NetworkDto[] {
  return raws.map((n) => mapNetwork(engine, n)).sort(byName);
}

export interface EngineSnapshot extends SwarmLists {
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

/** One GET of a read, under the read's deadline, its failures typed. */
export function get<T>(
  engine: ConnectedEngine,
  action: string,
  path: string,
  signal: AbortSignal,
): Promise<T> {
  return engineCall(engine.config, action, (s) => engine.get(path, s) as Promise<T>, signal);
}

function query(filters: Record<string, string[]>): string {
  return `&filters=${encodeURIComponent(JSON.stringify(filters))}`;
}

async function engineDto(engine: ConnectedEngine, signal: AbortSignal): Promise<EngineDto> {
  const info = await get<RawInfo>(engine, "read engine info", "/info", signal);
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
    swarm: mapSwarmState(info),
    error: null,
  };
}

/** Dials an engine that is not (or not yet) configured and reads its identity: a connection test. Throws. */
export async function probeEngine(config: EngineConfig): Promise<EngineDto> {
  return engineDto(await connectOnce(config), deadline());
}

/** The engine's identity; an engine that cannot be reached is reported as such, never thrown. */
export async function readEngine(config: EngineConfig): Promise<EngineDto> {
  try {
    return await engineDto(await connect(config), deadline());
  } catch (err) {
    if (err instanceof DockerError) return unreachableEngine(config, err);
    throw err;
  }
}

function rawNetworks(engine: ConnectedEngine, signal: AbortSignal): Promise<RawNetwork[]> {
  return get(engine, "list networks", "/networks", signal);
}

function rawContainerList(
  engine: ConnectedEngine,
  signal: AbortSignal,
  filters?: Record<string, string[]>,
): Promise<RawContainerSummary[]> {
  return get(engine, "list containers", `/containers/json?all=1${filters ? query(filters) : ""}`, signal);
}

/** Inspects a container; null when it no longer exists. */
async function inspectRaw(
  engine: ConnectedEngine,
  id: string,
  signal: AbortSignal,
): Promise<RawContainer | null> {
  try {
    return await get<RawContainer>(
      engine,
      `inspect container ${id.slice(0, 12)}`,
      `/containers/${encodeURIComponent(id)}/json`,
      signal,
    );
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
  signal: AbortSignal = deadline(),
): Promise<InspectedContainers> {
  const raws = await mapBounded(summaries, INSPECT_CONCURRENCY, (s) => inspectRaw(engine, s.Id, signal));
  const id = engine.config.id;
  const inspected: Array<{ dto: ContainerDto; raw: RawContainer }> = [];
  raws.forEach((raw, i) => {
    if (raw) inspected.push({ dto: mapContainer(id, raw, summaries[i]), raw });
  });
  inspected.sort((a, b) => byName(a.dto, b.dto));
  return {
    containers: inspected.map((c) => c.dto),
    endpoints: inspected.flatMap((c) => mapEndpoints(id, c.raw)),
  };
}

/** Everything the map needs from one engine. Throws a DockerError when the engine cannot be read. */
export async function readSnapshot(config: EngineConfig): Promise<EngineSnapshot> {
  const engine = await connect(config);
  const signal = deadline();
  const [{ engineInfo, swarm }, networks, inspected] = await Promise.all([
    engineDto(engine, signal).then(async (engineInfo) => ({
      engineInfo,
      swarm: await readSwarmLists(get, engine, engineInfo, signal),
    })),
    rawNetworks(engine, signal).then((raws) => withPeers(get, engine, mapNetworks(config.id, raws), signal)),
    rawContainerList(engine, signal).then((list) => inspectContainers(engine, list, signal)),
  ]);
  return { engine: engineInfo, networks, ...inspected, ...swarm };
}

export async function readNetworks(config: EngineConfig): Promise<NetworkDto[]> {
  const engine = await connect(config);
  return mapNetworks(config.id, await rawNetworks(engine, deadline()));
}

export async function readContainers(config: EngineConfig): Promise<InspectedContainers> {
  const engine = await connect(config);
  const signal = deadline();
  return inspectContainers(engine, await rawContainerList(engine, signal), signal);
}

/** A network (by id, id prefix or name, as Docker resolves it) with every container attached to it. */
export async function readNetworkDetail(config: EngineConfig, ref: string): Promise<NetworkDetailDto> {
  const engine = await connect(config);
  const signal = deadline();
  const raw = await get<RawNetwork>(
    engine,
    `inspect network ${ref}`,
    `/networks/${encodeURIComponent(ref)}`,
    signal,
  );
  // Neither the network's Containers map nor the list's network filter has containers that never ran;
  // the list's own NetworkSettings names them, so only those attached are inspected.
  const onNetwork = (await rawContainerList(engine, signal)).filter((c) =>
    Object.entries(c.NetworkSettings?.Networks ?? {}).some(
      ([name, n]) => n.NetworkID === raw.Id || name === raw.Name,
    ),
  );
  const attached = await inspectContainers(engine, onNetwork, signal);
  return {
    network: mapNetwork(config.id, raw),
    containers: attached.containers,
    endpoints: attached.endpoints.filter((e) => e.networkId === raw.Id || e.networkName === raw.Name),
  };
}

/** A container (by id, id prefix or name) with its endpoints and the networks they are on. */
export async function readContainerDetail(config: EngineConfig, ref: string): Promise<ContainerDetailDto> {
  const engine = await connect(config);
  const signal = deadline();
  const raw = await get<RawContainer>(
    engine,
    `inspect container ${ref}`,
    `/containers/${encodeURIComponent(ref)}/json`,
    signal,
  );
  const [summaries, networks] = await Promise.all([
    rawContainerList(engine, signal, { id: [raw.Id] }),
    rawNetworks(engine, signal),
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

/** The engine's identity and, on a swarm manager, the swarm's nodes, services and tasks. */
export async function readSwarm(config: EngineConfig): Promise<SwarmLists & { engine: EngineDto }> {
  const engine = await connect(config);
  const signal = deadline();
  const dto = await engineDto(engine, signal);
  return { engine: dto, ...(await readSwarmLists(get, engine, dto, signal)) };
}

/** One container as the store needs it after an event; null when it no longer exists. */
export async function readContainerState(
  config: EngineConfig,
  id: string,
): Promise<InspectedContainers | null> {
  const engine = await connect(config);
  const signal = deadline();
  const [raw, summaries] = await Promise.all([
    inspectRaw(engine, id, signal),
    rawContainerList(engine, signal, { id: [id] }),
  ]);
  if (!raw) return null;
  return {
    containers: [mapContainer(config.id, raw, summaries[0])],
    endpoints: mapEndpoints(config.id, raw),
  };
}

/** One network after an event; null when it no longer exists. */
export async function readNetworkState(config: EngineConfig, id: string): Promise<NetworkDto | null> {
  const engine = await connect(config);
  try {
    const raw = await get<RawNetwork>(
      engine,
      `inspect network ${id.slice(0, 12)}`,
      `/networks/${encodeURIComponent(id)}`,
      deadline(),
    );
    return mapNetwork(config.id, raw);
  } catch (err) {
    if (err instanceof DockerError && err.code === "not_found") return null;
    throw err;
  }
}

/** What the list calls say, cheaply, to check a store against: containers with state and attachments, networks. */
export async function readListing(config: EngineConfig): Promise<Listing> {
  const engine = await connect(config);
  const signal = deadline();
  const [containers, networks] = await Promise.all([
    rawContainerList(engine, signal),
    rawNetworks(engine, signal),
  ]);
  return {
    containers: containers.map((c) => ({ id: c.Id, state: c.State ?? "" })),
    networks: networks.map((n) => n.Id),
    endpoints: containers.flatMap((c) =>
      Object.entries(c.NetworkSettings?.Networks ?? {}).map(([networkName, n]) => ({
        containerId: c.Id,
        networkName,
        endpointId: n.EndpointID || null,
      })),
    ),
  };
}
