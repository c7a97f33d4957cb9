// What a container can aim a probe at, for the form's suggestions: the names and addresses of the other
// containers on its networks (their DNS names and aliases there), and the other running containers of its
// engine for a throughput test. Pure.
import type { ContainerDto, EndpointDto } from "@/lib/api/types";
import type { ProbeTargets } from "./ProbePanel";

const bare = (address: string | null) => address?.replace(/\/\d+$/, "") ?? null;

export function probeTargets(
  container: ContainerDto,
  containers: ContainerDto[],
  endpoints: EndpointDto[],
): ProbeTargets {
  const mine = new Set(
    endpoints
      .filter((e) => e.engine === container.engine && e.containerId === container.id)
      .map((e) => e.networkId),
  );
  const names = new Set<string>();
  for (const e of endpoints) {
    if (e.engine !== container.engine || !mine.has(e.networkId) || e.containerId === container.id) continue;
    const other = containers.find((c) => c.engine === e.engine && c.id === e.containerId);
    if (other) names.add(other.name);
    for (const n of [...(e.dnsNames ?? []), ...(e.aliases ?? [])])
      if (!/^[0-9a-f]{12}$/.test(n)) names.add(n);
    for (const a of [bare(e.ipv4Address), bare(e.ipv6Address)]) if (a) names.add(a);
  }
  return {
    names: [...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
    containers: containers
      .filter((c) => c.engine === container.engine && c.id !== container.id && c.state === "running")
      .map((c) => ({ id: c.id, name: c.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
