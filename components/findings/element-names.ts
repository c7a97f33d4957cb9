// Map element ids back to the names people know (a container, a network on an engine, a swarm service), for
// chips that name what a finding or a path involves. Pure.
import type { TopologyDto } from "@/lib/api/types";
import { elementId } from "@/lib/topology/model";

export function elementNames(topology: TopologyDto | null): Map<string, string> {
  const names = new Map<string, string>();
  if (!topology) return names;
  const several = topology.engines.length > 1;
  for (const c of topology.containers) names.set(elementId.container(c.engine, c.id), c.name);
  for (const n of topology.networks)
    names.set(elementId.network(n.engine, n.id), several ? `${n.name} (${n.engine})` : n.name);
  for (const s of topology.services) names.set(elementId.service(s.cluster, s.id), `service ${s.name}`);
  return names;
}
