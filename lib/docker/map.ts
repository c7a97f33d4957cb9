// Docker's JSON to our DTOs. Pure, so it is tested against fixtures recorded from real engines of both versions.
// Empty strings in Docker's answers become null; everything else is kept exactly as Docker holds it.
import type { ContainerDto, EndpointDto, NetworkDto, PortDto } from "@/lib/api/types";
import { namesUsed } from "./names-used";
import type { RawContainer, RawContainerSummary, RawEndpointSettings, RawNetwork } from "./raw";

/** Docker's own networks: never removable, marked so the UI and later the API can refuse it. */
export const SYSTEM_NETWORK_NAMES: ReadonlySet<string> = new Set([
  "bridge",
  "host",
  "none",
  "ingress",
  "docker_gwbridge",
]);

const ZERO_TIME = "0001-01-01T00:00:00Z";

function orNull(value: string | undefined | null): string | null {
  return value ? value : null;
}

export function mapNetwork(engine: string, raw: RawNetwork): NetworkDto {
  return {
    engine,
    id: raw.Id,
    name: raw.Name,
    driver: raw.Driver,
    scope: raw.Scope,
    internal: raw.Internal,
    attachable: raw.Attachable,
    ingress: raw.Ingress,
    enableIPv6: raw.EnableIPv6,
    configOnly: raw.ConfigOnly ?? false,
    configFrom: orNull(raw.ConfigFrom?.Network),
    ipam: {
      driver: raw.IPAM.Driver,
      config: (raw.IPAM.Config ?? []).map((c) => ({
        subnet: orNull(c.Subnet),
        gateway: orNull(c.Gateway),
        ipRange: orNull(c.IPRange),
        auxAddresses: c.AuxiliaryAddresses ?? {},
      })),
      options: raw.IPAM.Options ?? {},
    },
    // Copies: a DTO must not share Docker's answer (a change to one would change the other).
    options: { ...(raw.Options ?? {}) },
    labels: { ...(raw.Labels ?? {}) },
    createdAt: raw.Created,
    system: SYSTEM_NETWORK_NAMES.has(raw.Name),
    peers: raw.Peers
      ? raw.Peers.map((p) => ({ name: p.Name ?? "", ip: p.IP ?? "" })).sort((a, b) =>
          a.ip.localeCompare(b.ip),
        )
      : null,
  };
}

/** Docker 20.10 clients send NetworkMode "default", which means the bridge network on Linux. */
export function normaliseNetworkMode(mode: string | undefined): string {
  return !mode || mode === "default" ? "bridge" : mode;
}

export function mapPorts(raw: RawContainer["NetworkSettings"]["Ports"]): PortDto[] {
  const ports: PortDto[] = [];
  for (const [key, bindings] of Object.entries(raw ?? {})) {
    const [portText, protocol = "tcp"] = key.split("/");
    const containerPort = Number(portText);
    if (!bindings || bindings.length === 0) {
      ports.push({ hostIp: null, hostPort: null, containerPort, protocol });
      continue;
    }
    for (const b of bindings) {
      ports.push({
        hostIp: orNull(b.HostIp),
        hostPort: b.HostPort ? Number(b.HostPort) : null,
        containerPort,
        protocol,
      });
    }
  }
  return ports.sort(
    (a, b) =>
      a.containerPort - b.containerPort ||
      a.protocol.localeCompare(b.protocol) ||
      (a.hostIp ?? "").localeCompare(b.hostIp ?? "") ||
      (a.hostPort ?? 0) - (b.hostPort ?? 0),
  );
}

/** --add-host entries: Docker keeps "name:address" (and, since 25, also accepts "name=address"). */
export function parseExtraHosts(raw: string[] | null | undefined): ContainerDto["extraHosts"] {
  return (raw ?? []).flatMap((entry) => {
    const cut = entry.includes("=") ? entry.indexOf("=") : entry.indexOf(":");
    if (cut <= 0) return [];
    return [{ name: entry.slice(0, cut), address: entry.slice(cut + 1).replace(/^\[(.*)\]$/, "$1") }];
  });
}

/** Legacy links as Docker keeps them: "/<linked>:/<this container>/<alias>". */
export function parseLinks(raw: string[] | null | undefined): ContainerDto["links"] {
  return (raw ?? []).flatMap((entry) => {
    const [from, to] = entry.split(":");
    if (!from || !to) return [];
    return [{ container: from.replace(/^\//, ""), alias: to.slice(to.lastIndexOf("/") + 1) }];
  });
}

/** `summary` is the matching entry of the container list: the only place Docker keeps the human status. */
export function mapContainer(engine: string, raw: RawContainer, summary?: RawContainerSummary): ContainerDto {
  const networkMode = normaliseNetworkMode(raw.HostConfig.NetworkMode);
  return {
    engine,
    id: raw.Id,
    name: raw.Name.replace(/^\//, ""),
    image: raw.Config.Image,
    state: raw.State.Status,
    status: summary?.Status ?? raw.State.Status,
    labels: raw.Config.Labels ?? {},
    networkMode,
    sharesNetworkWith: networkMode.startsWith("container:") ? networkMode.slice("container:".length) : null,
    hostname: raw.Config.Hostname ?? "",
    ports: mapPorts(raw.NetworkSettings.Ports),
    createdAt: raw.Created,
    startedAt: raw.State.StartedAt && raw.State.StartedAt !== ZERO_TIME ? raw.State.StartedAt : null,
    dns: {
      servers: raw.HostConfig.Dns ?? [],
      search: raw.HostConfig.DnsSearch ?? [],
      options: raw.HostConfig.DnsOptions ?? [],
    },
    extraHosts: parseExtraHosts(raw.HostConfig.ExtraHosts),
    links: parseLinks(raw.HostConfig.Links),
    privileged: raw.HostConfig.Privileged ?? false,
    capAdd: raw.HostConfig.CapAdd ?? [],
    namesUsed: namesUsed(raw.Config.Env, [raw.Config.Entrypoint, raw.Config.Cmd]),
  };
}

function withPrefix(address: string | undefined, prefix: number | undefined): string | null {
  return address ? `${address}/${prefix ?? 0}` : null;
}

export function mapEndpoint(
  engine: string,
  containerId: string,
  networkName: string,
  raw: RawEndpointSettings,
): EndpointDto {
  const ipam = raw.IPAMConfig;
  return {
    engine,
    id: orNull(raw.EndpointID),
    networkId: raw.NetworkID ?? "",
    networkName,
    containerId,
    ipv4Address: withPrefix(raw.IPAddress, raw.IPPrefixLen),
    ipv6Address: withPrefix(raw.GlobalIPv6Address, raw.GlobalIPv6PrefixLen),
    macAddress: orNull(raw.MacAddress),
    gateway: orNull(raw.Gateway),
    ipv6Gateway: orNull(raw.IPv6Gateway),
    aliases: raw.Aliases ?? null,
    dnsNames: raw.DNSNames ?? null,
    ipamConfig: ipam
      ? {
          ipv4Address: orNull(ipam.IPv4Address),
          ipv6Address: orNull(ipam.IPv6Address),
          linkLocalIps: ipam.LinkLocalIPs ?? [],
        }
      : null,
    links: raw.Links ?? null,
  };
}

/** Every network attachment of a container, in network-name order. */
export function mapEndpoints(engine: string, raw: RawContainer): EndpointDto[] {
  return Object.entries(raw.NetworkSettings.Networks ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, settings]) => mapEndpoint(engine, raw.Id, name, settings));
}
