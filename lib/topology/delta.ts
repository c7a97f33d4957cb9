// Deltas between two topologies: computed on the server from re-inspected objects, applied in the browser.
// Pure. Keys are stable per object; an endpoint is keyed by network name because a container that never ran
// has no network id yet.
import type { Delta, DeltaKind } from "@/lib/api/live";
import type { SwarmNodeDto, SwarmServiceDto, SwarmTaskDto } from "@/lib/api/swarm";
import type { ContainerDto, EndpointDto, EngineDto, NetworkDto, TopologyDto } from "@/lib/api/types";

export const deltaKey = {
  engine: (e: EngineDto) => e.id,
  network: (n: NetworkDto) => `${n.engine}/${n.id}`,
  container: (c: ContainerDto) => `${c.engine}/${c.id}`,
  endpoint: (e: EndpointDto) => `${e.engine}/${e.networkName}/${e.containerId}`,
  node: (n: SwarmNodeDto) => `${n.engine}/${n.id}`,
  service: (s: SwarmServiceDto) => `${s.engine}/${s.id}`,
  task: (t: SwarmTaskDto) => `${t.engine}/${t.id}`,
};

const LISTS = {
  engine: "engines",
  network: "networks",
  container: "containers",
  endpoint: "endpoints",
  node: "nodes",
  service: "services",
  task: "tasks",
} as const;
/** Removal runs backwards through this order: what hangs on something goes before it. */
const KINDS: DeltaKind[] = ["engine", "network", "container", "endpoint", "node", "service", "task"];

type Keyed = { key: string; value: unknown; json: string };

function index<K extends DeltaKind>(kind: K, topology: TopologyDto): Map<string, Keyed> {
  const list = topology[LISTS[kind]] as unknown[];
  const keyOf = deltaKey[kind] as (v: unknown) => string;
  return new Map(
    list.map((value) => [keyOf(value), { key: keyOf(value), value, json: JSON.stringify(value) }]),
  );
}

/** What turns `prev` into `next`: removals first (endpoints before what they hang on), then adds and changes. */
export function diffTopology(prev: TopologyDto, next: TopologyDto): Delta[] {
  const removals: Delta[] = [];
  const upserts: Delta[] = [];
  for (const kind of KINDS) {
    const before = index(kind, prev);
    const after = index(kind, next);
    for (const key of before.keys()) if (!after.has(key)) removals.push({ op: "remove", kind, key });
    for (const [key, item] of after) {
      const old = before.get(key);
      if (!old) upserts.push({ op: "add", kind, key, value: item.value } as Delta);
      else if (old.json !== item.json) upserts.push({ op: "change", kind, key, value: item.value } as Delta);
    }
  }
  removals.sort((a, b) => KINDS.indexOf(b.kind) - KINDS.indexOf(a.kind));
  return [...removals, ...upserts];
}

/** A new topology with the deltas applied in order; `topology` is not changed. */
export function applyDeltas(topology: TopologyDto, deltas: Delta[]): TopologyDto {
  const next: TopologyDto = {
    engines: [...topology.engines],
    networks: [...topology.networks],
    containers: [...topology.containers],
    endpoints: [...topology.endpoints],
    nodes: [...topology.nodes],
    services: [...topology.services],
    tasks: [...topology.tasks],
  };
  for (const delta of deltas) {
    const list = next[LISTS[delta.kind]] as unknown[];
    const keyOf = deltaKey[delta.kind] as (v: unknown) => string;
    const at = list.findIndex((v) => keyOf(v) === delta.key);
    if (delta.op === "remove") {
      if (at >= 0) list.splice(at, 1);
    } else if (at >= 0) {
      list[at] = delta.value;
    } else {
      list.push(delta.value);
    }
  }
  return next;
}

/** An empty topology, for building one up from deltas. */
export const EMPTY_TOPOLOGY: TopologyDto = {
  engines: [],
  networks: [],
  containers: [],
  endpoints: [],
  nodes: [],
  services: [],
  tasks: [],
};
