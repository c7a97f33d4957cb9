// Test helper: loads the engine answers recorded from real Docker 26.1 and 20.10 engines
// (lib/docker/__fixtures__, seeded by scripts/seed.sh) and maps them to the API's TopologyDto with the real
// lib/docker/map functions, so topology tests run on what Docker really said.
import { readFileSync } from "node:fs";
import type { ContainerDto, EndpointDto, EngineDto, TopologyDto } from "@/lib/api/types";
import { mapContainer, mapEndpoints, mapNetwork } from "@/lib/docker/map";
import { mapSwarmState } from "@/lib/docker/map-swarm";
import type {
  RawContainer,
  RawContainerSummary,
  RawInfo,
  RawNetwork,
  RawService,
  RawSwarmNode,
  RawTask,
} from "@/lib/docker/raw";
import { containerDto, endpointDto } from "./topology-builders";

export const FIXTURE_VERSIONS = ["26.1", "20.10"] as const;
export type FixtureVersion = (typeof FIXTURE_VERSIONS)[number];

/** What scripts/record-fixtures.mjs writes: the engine's answers, untouched. */
export interface RecordedEngine {
  recordedAt: string;
  /** The API version the recording spoke (what Netatlas would negotiate). */
  apiVersion: string;
  version: { Version: string; ApiVersion: string; Os: string; Arch: string; KernelVersion?: string };
  info: RawInfo;
  networks: RawNetwork[];
  /** GET /containers/json?all=1 */
  containers: RawContainerSummary[];
  /** GET /containers/{id}/json for every listed container, in list order. */
  inspects: RawContainer[];
}

/** A fresh copy on every call, so a test may change it freely. */
export function loadFixture(version: FixtureVersion): RecordedEngine {
  const file = new URL(`../docker/__fixtures__/engine-${version}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, "utf8")) as RecordedEngine;
}

/** The container inspect whose name is `name` (without Docker's leading slash); throws when absent. */
export function rawInspect(recorded: RecordedEngine, name: string): RawContainer {
  const found = recorded.inspects.find((c) => c.Name === `/${name}`);
  if (!found) throw new Error(`fixture has no container named ${name}`);
  return found;
}

export function rawNetwork(recorded: RecordedEngine, name: string): RawNetwork {
  const found = recorded.networks.find((n) => n.Name === name);
  if (!found) throw new Error(`fixture has no network named ${name}`);
  return found;
}

/** The engine as lib/docker/read.ts describes a reachable one. */
export function fixtureEngine(
  recorded: RecordedEngine,
  engine: string,
  host = "unix:///var/run/docker.sock",
): EngineDto {
  return {
    id: engine,
    host,
    status: "up",
    version: recorded.version.Version,
    apiVersion: recorded.apiVersion,
    engineApiVersion: recorded.version.ApiVersion,
    os: recorded.version.Os,
    arch: recorded.version.Arch,
    kernelVersion: recorded.version.KernelVersion ?? null,
    hostname: recorded.info.Name ?? null,
    swarm: mapSwarmState(recorded.info),
    error: null,
  };
}

/** A recorded engine as the topology API would answer it, every object carrying `engine`. */
export function fixtureTopology(version: FixtureVersion, engine = "local"): TopologyDto {
  const recorded = loadFixture(version);
  const summaries = new Map(recorded.containers.map((s) => [s.Id, s]));
  return {
    engines: [fixtureEngine(recorded, engine)],
    networks: recorded.networks.map((n) => mapNetwork(engine, n)),
    containers: recorded.inspects.map((c) => mapContainer(engine, c, summaries.get(c.Id))),
    endpoints: recorded.inspects.flatMap((c) => mapEndpoints(engine, c)),
    nodes: [],
    services: [],
    tasks: [],
  };
}

/** Several engines' answers as one multi-engine TopologyDto. */
export function combineTopologies(...parts: TopologyDto[]): TopologyDto {
  return {
    engines: parts.flatMap((p) => p.engines),
    networks: parts.flatMap((p) => p.networks),
    containers: parts.flatMap((p) => p.containers),
    endpoints: parts.flatMap((p) => p.endpoints),
    nodes: parts.flatMap((p) => p.nodes),
    services: parts.flatMap((p) => p.services),
    tasks: parts.flatMap((p) => p.tasks),
  };
}

/** A deterministic (seeded) shuffle, so an order-dependence found once is found again. */
export function shuffled<T>(items: readonly T[], seed = 1): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The same topology with every list shuffled. */
export function shuffledTopology(topology: TopologyDto, seed = 1): TopologyDto {
  return {
    engines: shuffled(topology.engines, seed),
    networks: shuffled(topology.networks, seed + 1),
    containers: shuffled(topology.containers, seed + 2),
    endpoints: shuffled(topology.endpoints, seed + 3),
    nodes: shuffled(topology.nodes, seed + 4),
    services: shuffled(topology.services, seed + 5),
    tasks: shuffled(topology.tasks, seed + 6),
  };
}

/**
 * The recorded two-node swarm (lib/docker/__fixtures__/swarm.json): both engines' /info (trimmed), the manager's
 * nodes, services and running tasks, and each engine's inspects of the swarm networks.
 */
export interface SwarmRecording {
  recordedAt: string;
  note: string;
  infoA: RawInfo;
  infoB: RawInfo;
  nodes: RawSwarmNode[];
  services: RawService[];
  tasks: RawTask[];
  networksA: RawNetwork[];
  networksB: RawNetwork[];
}

/** A fresh copy on every call. */
export function loadSwarmRecording(): SwarmRecording {
  const file = new URL("../docker/__fixtures__/swarm.json", import.meta.url);
  return JSON.parse(readFileSync(file, "utf8")) as SwarmRecording;
}

/**
 * Each task's container and its attachments on the engine of the node it runs on (a: the manager, b: the worker),
 * as that engine's network inspects list them; with `taskLabels`, the labels Docker puts on a task's container.
 */
export function swarmTaskContainers(
  recording: SwarmRecording,
  options: { taskLabels?: boolean } = {},
): { containers: ContainerDto[]; endpoints: EndpointDto[] } {
  const containers: ContainerDto[] = [];
  const endpoints: EndpointDto[] = [];
  for (const [engine, raws] of [
    ["a", recording.networksA],
    ["b", recording.networksB],
  ] as const) {
    for (const raw of raws) {
      const network = mapNetwork(engine, raw);
      for (const [id, member] of Object.entries(raw.Containers ?? {})) {
        if (!/^[0-9a-f]{64}$/.test(id)) continue; // lb-<net> and ingress-sbox are Docker's, not containers
        const { Name, EndpointID, MacAddress, IPv4Address } = member as Record<string, string>;
        let container = containers.find((c) => c.engine === engine && c.id === id);
        if (!container) {
          const task = recording.tasks.find((t) => t.Status?.ContainerStatus?.ContainerID === id);
          const service = recording.services.find((s) => s.ID === task?.ServiceID);
          container = containerDto({
            engine,
            id,
            name: Name,
            image: "netatlas/busybox:latest",
            networkMode: "default",
            ...(options.taskLabels
              ? {
                  hostname: id.slice(0, 12),
                  labels: {
                    "com.docker.swarm.service.id": service?.ID ?? "",
                    "com.docker.swarm.service.name": service?.Spec.Name ?? "",
                    "com.docker.swarm.task.id": task?.ID ?? "",
                    "com.docker.swarm.node.id": task?.NodeID ?? "",
                  },
                }
              : {}),
          });
          containers.push(container);
        }
        endpoints.push(
          endpointDto(container, network, {
            id: EndpointID ?? null,
            ipv4Address: IPv4Address ?? null,
            macAddress: MacAddress ?? null,
            gateway: null,
            aliases: null,
            dnsNames: null,
          }),
        );
      }
    }
  }
  return { containers, endpoints };
}
