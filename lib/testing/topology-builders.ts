// Test helper: small, complete DTOs with readable defaults (engine "local", a bridge network "app", a container
// "web" on it as 172.20.0.3 with alias "api"), for situations the recorded fixtures do not hold; plus a seeded
// PRNG so randomised tests find the same case again.
import { createHash } from "node:crypto";
import type { SwarmNodeDto, SwarmServiceDto, SwarmTaskDto } from "@/lib/api/swarm";
import type { ContainerDto, EndpointDto, EngineDto, NetworkDto, PortDto, TopologyDto } from "@/lib/api/types";
import { EMPTY_TOPOLOGY } from "@/lib/topology/delta";

export const ENGINE = "local";

/** A 64-hex-digit id, like Docker's, derived from `seed` so the same seed always gives the same id. */
export function hexId(seed: string): string {
  return createHash("sha256").update(seed).digest("hex");
}

export function engineDto(overrides: Partial<EngineDto> = {}): EngineDto {
  return {
    id: ENGINE,
    host: "unix:///var/run/docker.sock",
    status: "up",
    version: "26.1.5",
    apiVersion: "1.45",
    engineApiVersion: "1.45",
    os: "linux",
    arch: "amd64",
    kernelVersion: "6.8.0",
    hostname: "lab",
    swarm: null,
    error: null,
    ...overrides,
  };
}

/** A user bridge network; its id follows from engine and name unless given. */
export function networkDto(overrides: Partial<NetworkDto> = {}): NetworkDto {
  const engine = overrides.engine ?? ENGINE;
  const name = overrides.name ?? "app";
  return {
    engine,
    id: hexId(`network/${engine}/${name}`),
    name,
    driver: "bridge",
    scope: "local",
    internal: false,
    attachable: false,
    ingress: false,
    enableIPv6: false,
    peers: null,
    configOnly: false,
    configFrom: null,
    ipam: {
      driver: "default",
      config: [{ subnet: "172.20.0.0/16", gateway: "172.20.0.1", ipRange: null, auxAddresses: {} }],
      options: {},
    },
    options: {},
    labels: {},
    createdAt: "2025-01-01T00:00:00Z",
    system: false,
    ...overrides,
  };
}

/** A running container; its id follows from engine and name unless given. */
export function containerDto(overrides: Partial<ContainerDto> = {}): ContainerDto {
  const engine = overrides.engine ?? ENGINE;
  const name = overrides.name ?? "web";
  return {
    engine,
    id: hexId(`container/${engine}/${name}`),
    name,
    image: "nginx:1.27",
    state: "running",
    status: "Up 3 seconds",
    labels: {},
    networkMode: "app",
    sharesNetworkWith: null,
    hostname: "web",
    ports: [],
    createdAt: "2025-01-01T00:00:00Z",
    startedAt: "2025-01-01T00:00:01Z",
    dns: { servers: [], search: [], options: [] },
    extraHosts: [],
    links: [],
    privileged: false,
    capAdd: [],
    namesUsed: [],
    ...overrides,
  };
}

/** A running container's attachment to a network, by default `web` on `app` as 172.20.0.3 with alias api. */
export function endpointDto(
  container: ContainerDto,
  network: NetworkDto,
  overrides: Partial<EndpointDto> = {},
): EndpointDto {
  return {
    engine: container.engine,
    id: hexId(`endpoint/${container.id}/${network.id}`),
    networkId: network.id,
    networkName: network.name,
    containerId: container.id,
    ipv4Address: "172.20.0.3/16",
    ipv6Address: null,
    macAddress: "02:42:ac:14:00:03",
    gateway: "172.20.0.1",
    ipv6Gateway: null,
    aliases: ["api"],
    dnsNames: [container.name, "api", container.id.slice(0, 12)],
    ipamConfig: null,
    links: null,
    ...overrides,
  };
}

/** The attachment of a container that never ran: no endpoint id, no network id, no address (Docker's view). */
export function configuredEndpoint(
  container: ContainerDto,
  network: NetworkDto,
  overrides: Partial<EndpointDto> = {},
): EndpointDto {
  return endpointDto(container, network, {
    id: null,
    networkId: "",
    ipv4Address: null,
    macAddress: null,
    gateway: null,
    dnsNames: null,
    ...overrides,
  });
}

export function topologyOf(parts: Partial<TopologyDto> = {}): TopologyDto {
  return { ...EMPTY_TOPOLOGY, ...parts };
}

/** A one-engine topology: the networks, and each container with the networks it is attached to. */
export function attachedTopology(
  networks: NetworkDto[],
  attached: Array<[ContainerDto, ...NetworkDto[]]>,
  extra: Partial<TopologyDto> = {},
): TopologyDto {
  return topologyOf({
    engines: [engineDto()],
    networks,
    containers: attached.map(([c]) => c),
    endpoints: attached.flatMap(([c, ...on]) => on.map((n) => endpointDto(c, n))),
    ...extra,
  });
}

/** A TCP port published on the host (all addresses unless `hostIp` says otherwise). */
export function publishedPort(hostPort: number, containerPort: number, hostIp = "0.0.0.0"): PortDto {
  return { hostIp, hostPort, containerPort, protocol: "tcp" };
}

/** mulberry32: a small seeded PRNG answering floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A random integer in [0, n) from `random`. */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** A random element of a non-empty list; undefined for an empty one. */
export function pick<T>(random: () => number, items: readonly T[]): T | undefined {
  return items.length ? items[randomInt(random, items.length)] : undefined;
}

/** The swarm the swarm builders put their objects in (Docker's ids are 25 base-36 characters). */
export const SWARM_CLUSTER = "c1uster0swarm0id00000000a";

/** A 25-character swarm object id, like Docker's node, service and task ids, derived from `seed`. */
export function swarmId(seed: string): string {
  return BigInt(`0x${hexId(seed)}`)
    .toString(36)
    .slice(0, 25)
    .padStart(25, "0");
}

/** A ready, active swarm worker reported by manager engine "local"; its id follows from its hostname. */
export function swarmNodeDto(overrides: Partial<SwarmNodeDto> = {}): SwarmNodeDto {
  const hostname = overrides.hostname ?? "worker-1";
  return {
    engine: ENGINE,
    cluster: SWARM_CLUSTER,
    id: swarmId(`node/${hostname}`),
    hostname,
    role: "worker",
    availability: "active",
    state: "ready",
    address: "10.10.0.2",
    leader: false,
    reachability: null,
    engineVersion: "26.1.5",
    labels: {},
    ...overrides,
  };
}

/** A replicated service (3 replicas, vip, no ports); its id follows from its name. */
export function swarmServiceDto(overrides: Partial<SwarmServiceDto> = {}): SwarmServiceDto {
  const name = overrides.name ?? "svc";
  return {
    engine: ENGINE,
    cluster: SWARM_CLUSTER,
    id: swarmId(`service/${name}`),
    name,
    image: "nginx:1.27",
    mode: "replicated",
    replicas: 3,
    endpointMode: "vip",
    vips: [],
    ports: [],
    networks: [],
    labels: {},
    updatedAt: "2025-01-01T00:00:00Z",
    ...overrides,
  };
}

/** A running task of `service` in slot 1, unplaced unless `nodeId` is given; its id follows from both. */
export function swarmTaskDto(service: SwarmServiceDto, overrides: Partial<SwarmTaskDto> = {}): SwarmTaskDto {
  const slot = overrides.slot === undefined ? 1 : overrides.slot;
  return {
    engine: service.engine,
    cluster: service.cluster,
    id: swarmId(`task/${service.id}/${slot ?? overrides.nodeId ?? ""}`),
    serviceId: service.id,
    slot,
    nodeId: null,
    state: "running",
    desiredState: "running",
    containerId: null,
    addresses: [],
    error: null,
    updatedAt: "2025-01-01T00:00:01Z",
    ...overrides,
  };
}
