// buildTopology: from the API's answer to a model whose references all resolve. Endpoints whose network or
// container is missing (an object that vanished mid-listing) are dropped; `container:<name>` modes are resolved
// to the container's full id; everything is sorted so equal inputs give equal outputs.
import type { ContainerDto, EndpointDto, NetworkDto, TopologyDto } from "@/lib/api/types";
import type { TopologyModel } from "./model";

const byName = <T extends { engine: string; name: string; id: string }>(a: T, b: T) =>
  a.engine.localeCompare(b.engine) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Finds a container by full id, unique id prefix or name, as Docker resolves `container:<ref>`. */
export function resolveContainerRef(
  containers: ContainerDto[],
  engine: string,
  ref: string,
): ContainerDto | null {
  const onEngine = containers.filter((c) => c.engine === engine);
  const exact = onEngine.find((c) => c.id === ref || c.name === ref);
  if (exact) return exact;
  const prefixed = onEngine.filter((c) => c.id.startsWith(ref));
  return prefixed.length === 1 ? (prefixed[0] ?? null) : null;
}

function resolveEndpoints(
  endpoints: EndpointDto[],
  networks: NetworkDto[],
  containers: ContainerDto[],
): EndpointDto[] {
  const networkById = new Map(networks.map((n) => [`${n.engine}/${n.id}`, n]));
  const networkByName = new Map(networks.map((n) => [`${n.engine}/${n.name}`, n]));
  const containerIds = new Set(containers.map((c) => `${c.engine}/${c.id}`));
  const resolved: EndpointDto[] = [];
  for (const endpoint of endpoints) {
    const network =
      networkById.get(`${endpoint.engine}/${endpoint.networkId}`) ??
      networkByName.get(`${endpoint.engine}/${endpoint.networkName}`);
    if (!network || !containerIds.has(`${endpoint.engine}/${endpoint.containerId}`)) continue;
    resolved.push(
      network.id === endpoint.networkId && network.name === endpoint.networkName
        ? endpoint
        : { ...endpoint, networkId: network.id, networkName: network.name },
    );
  }
  return resolved.sort(
    (a, b) =>
      a.engine.localeCompare(b.engine) ||
      a.networkName.localeCompare(b.networkName) ||
      a.containerId.localeCompare(b.containerId),
  );
}

export function buildTopology(input: TopologyDto): TopologyModel {
  const networks = [...input.networks].sort(byName);
  const containers = [...input.containers].sort(byName).map((c) => {
    if (!c.sharesNetworkWith) return c;
    const target = resolveContainerRef(input.containers, c.engine, c.sharesNetworkWith);
    return target && target.id !== c.sharesNetworkWith ? { ...c, sharesNetworkWith: target.id } : c;
  });
  const engines = [...input.engines].sort((a, b) => a.id.localeCompare(b.id));
  return {
    engines,
    networks,
    containers,
    endpoints: resolveEndpoints(input.endpoints, networks, containers),
    ...oneCopyPerSwarm(sortSwarm(input)),
  };
}

type SwarmLists = Pick<TopologyDto, "nodes" | "services" | "tasks">;

/** Several managers of one swarm report the same objects: keep those of the first engine (by id) per swarm. */
function oneCopyPerSwarm(lists: SwarmLists): SwarmLists {
  const reporter = new Map<string, string>();
  for (const item of [...lists.nodes, ...lists.services, ...lists.tasks].sort((a, b) =>
    a.engine.localeCompare(b.engine),
  ))
    if (!reporter.has(item.cluster)) reporter.set(item.cluster, item.engine);
  const keep = <T extends { cluster: string; engine: string }>(items: T[]) =>
    items.filter((i) => reporter.get(i.cluster) === i.engine);
  return { nodes: keep(lists.nodes), services: keep(lists.services), tasks: keep(lists.tasks) };
}

/** Nodes by hostname, services by name, tasks by service and slot: equal swarms give equal answers. */
export function sortSwarm(t: SwarmLists): SwarmLists {
  const serviceName = new Map(t.services.map((s) => [s.id, s.name]));
  return {
    nodes: [...t.nodes].sort(
      (a, b) =>
        a.engine.localeCompare(b.engine) || a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id),
    ),
    services: [...t.services].sort(
      (a, b) => a.engine.localeCompare(b.engine) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    ),
    tasks: [...t.tasks].sort(
      (a, b) =>
        a.engine.localeCompare(b.engine) ||
        (serviceName.get(a.serviceId) ?? a.serviceId).localeCompare(
          serviceName.get(b.serviceId) ?? b.serviceId,
        ) ||
        (a.slot ?? 0) - (b.slot ?? 0) ||
        (a.nodeId ?? "").localeCompare(b.nodeId ?? "") ||
        a.id.localeCompare(b.id),
    ),
  };
}

/** The API's order (by engine, then name) for a topology assembled from deltas. */
export function sortTopology(t: TopologyDto): TopologyDto {
  const containerOrder = new Map([...t.containers].sort(byName).map((c, i) => [`${c.engine}/${c.id}`, i]));
  return {
    engines: [...t.engines].sort((a, b) => a.id.localeCompare(b.id)),
    networks: [...t.networks].sort(byName),
    containers: [...t.containers].sort(byName),
    // Endpoints of a container the topology lacks go last, in a fixed order.
    endpoints: [...t.endpoints].sort(
      (a, b) =>
        (containerOrder.get(`${a.engine}/${a.containerId}`) ?? Number.MAX_SAFE_INTEGER) -
          (containerOrder.get(`${b.engine}/${b.containerId}`) ?? Number.MAX_SAFE_INTEGER) ||
        a.engine.localeCompare(b.engine) ||
        a.containerId.localeCompare(b.containerId) ||
        a.networkName.localeCompare(b.networkName),
    ),
    ...sortSwarm(t),
  };
}
