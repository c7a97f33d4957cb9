// What a change to a network does to the containers on it, said before the change: which networks nobody
// uses (what a prune removes), which peers each container loses when it leaves a network (unless another
// network they share still joins them), and which tool manages an object (a Compose project, a stack).
// Pure, over the topology the page already has.
import type { EndpointDto, NetworkDto, TopologyDto } from "@/lib/api/types";

/** Networks with no container attached (running or not), not Docker's own, not another's --config-from. */
export function unusedNetworks(
  topology: Pick<TopologyDto, "networks" | "endpoints">,
  engine: string,
): NetworkDto[] {
  const onEngine = topology.networks.filter((n) => n.engine === engine);
  const used = new Set(topology.endpoints.filter((e) => e.engine === engine).map((e) => e.networkId));
  const sources = new Set(onEngine.map((n) => n.configFrom).filter((x): x is string => x !== null));
  return onEngine.filter(
    (n) => !n.system && !n.ingress && !used.has(n.id) && !sources.has(n.name) && !sources.has(n.id),
  );
}

export interface PeerLoss {
  /** The container that leaves the network. */
  container: string;
  /** Peers it can no longer reach: they share no other network. */
  loses: string[];
  /** Peers it still reaches, and over which networks. */
  keeps: Array<{ peer: string; via: string[] }>;
}

/**
 * For each of `leaving` (container ids; all containers on the network when the network is removed):
 * which of the network's other containers it is cut off from. host and none do not join containers.
 */
export function connectivityLoss(
  topology: Pick<TopologyDto, "networks" | "containers" | "endpoints">,
  network: { engine: string; id: string },
  leaving?: string[],
): PeerLoss[] {
  const name = (id: string) =>
    topology.containers.find((c) => c.id === id && c.engine === network.engine)?.name ?? id.slice(0, 12);
  const joins = new Set(
    topology.networks
      .filter((n) => n.engine === network.engine && n.driver !== "host" && n.driver !== "null")
      .map((n) => n.id),
  );
  const netName = (id: string) => topology.networks.find((n) => n.id === id)?.name ?? id.slice(0, 12);
  const networksOf = (container: string) =>
    topology.endpoints
      .filter(
        (e: EndpointDto) =>
          e.engine === network.engine && e.containerId === container && joins.has(e.networkId),
      )
      .map((e) => e.networkId);
  const members = topology.endpoints
    .filter((e) => e.engine === network.engine && e.networkId === network.id)
    .map((e) => e.containerId);
  const gone = new Set(leaving ?? members);
  if (!joins.has(network.id))
    return [...gone]
      .filter((c) => members.includes(c))
      .map((c) => ({ container: name(c), loses: [], keeps: [] }));
  return members
    .filter((c) => gone.has(c))
    .map((c) => {
      const mine = networksOf(c).filter((id) => id !== network.id);
      const loss: PeerLoss = { container: name(c), loses: [], keeps: [] };
      for (const peer of members) {
        if (peer === c) continue;
        const shared = networksOf(peer).filter((id) => id !== network.id && mine.includes(id));
        if (shared.length) loss.keeps.push({ peer: name(peer), via: shared.map(netName) });
        else loss.loses.push(name(peer));
      }
      return loss;
    });
}

/** The tool that manages an object, from its labels, to name in a warning before changing it; null if none. */
export function managedBy(labels: Record<string, string>): string | null {
  const compose = labels["com.docker.compose.project"];
  if (compose) return `Docker Compose (project "${compose}")`;
  const stack = labels["com.docker.stack.namespace"];
  if (stack) return `Docker stack "${stack}"`;
  if (Object.keys(labels).some((k) => k.startsWith("io.kubernetes."))) return "Kubernetes";
  return null;
}
