// Short human forms of Docker facts, shared by the graph labels, the details panel and the tables.
import type { EndpointDto, NetworkDto, PortDto } from "@/lib/api/types";

/** "127.0.0.1:8080→80/tcp", "8080→80/tcp" (all addresses), or "80/tcp" when only exposed. */
export function formatPort(p: PortDto): string {
  const target = `${p.containerPort}/${p.protocol}`;
  if (p.hostPort === null) return target;
  const host =
    !p.hostIp || p.hostIp === "0.0.0.0" ? "" : p.hostIp.includes(":") ? `[${p.hostIp}]:` : `${p.hostIp}:`;
  return `${host}${p.hostPort}→${target}`;
}

/** Published ports, one per host port: Docker lists 0.0.0.0 and :: bindings of one port separately. */
export function publishedPorts(ports: PortDto[]): string[] {
  const seen = new Set<string>();
  for (const p of ports) {
    if (p.hostPort === null) continue;
    seen.add(formatPort(p.hostIp === "::" ? { ...p, hostIp: "0.0.0.0" } : p));
  }
  return [...seen];
}

export function withoutPrefix(cidr: string | null): string | null {
  return cidr ? (cidr.split("/")[0] ?? cidr) : null;
}

export function subnets(network: NetworkDto): string[] {
  return network.ipam.config.flatMap((c) => (c.subnet ? [c.subnet] : []));
}

export function gateways(network: NetworkDto): string[] {
  return network.ipam.config.flatMap((c) => (c.gateway ? [c.gateway] : []));
}

/** The addresses of an endpoint without prefix length: "172.20.0.3", "172.20.0.3, fd00::3". */
export function endpointAddresses(endpoint: EndpointDto): string {
  return [withoutPrefix(endpoint.ipv4Address), withoutPrefix(endpoint.ipv6Address)]
    .filter(Boolean)
    .join(", ");
}

/** Aliases a person set, without the short id Docker 20.10 adds by itself. */
export function userAliases(endpoint: EndpointDto): string[] {
  return (endpoint.aliases ?? []).filter((a) => !endpoint.containerId.startsWith(a) || a.length !== 12);
}
