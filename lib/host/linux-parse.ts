// From what `ip -j -d addr show` printed in each namespace of an engine's host (the host's own, every running
// container's, every overlay network's) plus Docker's facts about containers and networks, to the Linux layer
// of GET /api/hosts. Pure: tested with outputs recorded from real lab engines (lib/host/__fixtures__).
//
// Interface indexes are unique only within a namespace, so an endpoint's peer is looked up in the namespace its
// network's driver puts it in (the host's for bridges, the overlay's own for overlays) and accepted only when
// the two ends name each other (peer.link_index == iface.ifindex).
import type { EndpointLinkDto, HostLayerDto, LinuxLinkDto, OverlayNamespaceDto } from "@/lib/api/hosts";
import type { SandboxContainer, SandboxNetwork } from "@/lib/docker/sandboxes";
import { parseIpsec } from "./ipsec-parse";

/** One entry of `ip -j -d addr show` (iproute2 ≥ 4.x), the fields read here. */
export interface IpLink {
  ifindex: number;
  ifname: string;
  mtu: number;
  operstate: string;
  /** veth: the peer's ifindex; macvlan/ipvlan: the parent's; in another namespace when link_netnsid is set. */
  link_index?: number;
  link_netnsid?: number;
  master?: string;
  address?: string;
  linkinfo?: { info_kind?: string; info_slave_kind?: string; info_data?: { id?: number } };
  addr_info?: Array<{ family?: string; local?: string; prefixlen?: number }>;
}

/** Everything read on one host, as recorded in the fixtures. */
export interface HostReading {
  engine: string;
  /** Where it was read, e.g. "network namespace netatlas-a". */
  source: string;
  readAt: string;
  containers: SandboxContainer[];
  networks: SandboxNetwork[];
  /** `ip -j -d addr show` in the engine host's namespace. */
  host: IpLink[];
  /** The same inside each running container, by container id; a container whose namespace could not be read is absent. */
  containerLinks: Record<string, IpLink[]>;
  /** The same inside each overlay namespace, by namespace file name (1-x7k2m9q0ab). */
  overlayLinks: Record<string, IpLink[]>;
  /** `ip xfrm policy` and `ip xfrm state` in the host's namespace (text); absent in older recordings. */
  xfrmPolicy?: string;
  xfrmState?: string;
}

/** Parses `ip -j …` output; throws with a short reason when it is not the list of links it should be. */
export function parseIpJson(text: string): IpLink[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`ip printed no JSON (${text.trim().slice(0, 80) || "nothing"})`);
  }
  if (!Array.isArray(parsed)) throw new Error("ip printed JSON that is not a list of links");
  // `ip -j addr show` also prints bare {addr_info: []} entries for links that vanish while it runs.
  return parsed.filter(
    (l): l is IpLink =>
      typeof l === "object" &&
      l !== null &&
      typeof (l as IpLink).ifindex === "number" &&
      typeof (l as IpLink).ifname === "string",
  );
}

const kindOf = (l: IpLink): string | null => l.linkinfo?.info_kind ?? null;

/** The Docker network a Linux bridge stands for: by its bridge-name option (docker0…), or br-<first 12 of id>. */
export function bridgeNetworkId(name: string, networks: readonly SandboxNetwork[]): string | null {
  const named = networks.find((n) => n.bridgeName === name);
  if (named) return named.id;
  const short = /^br-([0-9a-f]{12})$/.exec(name)?.[1];
  if (!short) return null;
  return networks.find((n) => n.driver === "bridge" && n.id.startsWith(short))?.id ?? null;
}

/**
 * The overlay network a namespace file in the exec-root belongs to. Docker names it `<epoch>-<network id>`,
 * cut to 12 characters (libnetwork osl.GenerateKey), e.g. 1-x7k2m9q0ab; sandboxes (12 hex) never match.
 */
export function overlayNetworkOf(
  namespace: string,
  networks: readonly SandboxNetwork[],
): SandboxNetwork | null {
  const rest = /^\d+-([a-z0-9]+)$/.exec(namespace)?.[1];
  if (!rest) return null;
  return networks.find((n) => n.driver === "overlay" && n.id.startsWith(rest)) ?? null;
}

/** The namespace files (names) to read for overlays: those that belong to a known overlay network. */
export function overlayNamespaces(files: readonly string[], networks: readonly SandboxNetwork[]): string[] {
  return files.filter((f) => overlayNetworkOf(f, networks) !== null).sort();
}

export function toLinuxLink(l: IpLink, networkId: string | null): LinuxLinkDto {
  const kind = kindOf(l);
  return {
    name: l.ifname,
    index: l.ifindex,
    kind,
    state: l.operstate,
    mtu: l.mtu,
    master: l.master ?? null,
    peerIndex: l.link_index ?? null,
    mac: l.address ?? null,
    addresses: (l.addr_info ?? [])
      .filter((a) => a.local !== undefined)
      .map((a) => `${a.local}/${a.prefixlen ?? (a.family === "inet6" ? 128 : 32)}`),
    vxlanId: kind === "vxlan" ? (l.linkinfo?.info_data?.id ?? null) : null,
    networkId,
  };
}

function hostLinks(links: readonly IpLink[], networks: readonly SandboxNetwork[]): LinuxLinkDto[] {
  return links.map((l) =>
    toLinuxLink(l, kindOf(l) === "bridge" ? bridgeNetworkId(l.ifname, networks) : null),
  );
}

export function overlayNamespace(
  namespace: string,
  networkId: string,
  links: readonly IpLink[],
): OverlayNamespaceDto {
  const dtos = links.map((l) => {
    const kind = kindOf(l);
    return toLinuxLink(l, kind === "bridge" || kind === "vxlan" ? networkId : null);
  });
  const vxlanIds = [...new Set(dtos.flatMap((l) => (l.vxlanId === null ? [] : [l.vxlanId])))].sort(
    (a, b) => a - b,
  );
  return { networkId, namespace, links: dtos, vxlanIds };
}

const NO_INTERFACE = new Set(["host", "null"]);

/** The container's interface of one endpoint: by MAC address, else by IPv4 address. */
export function endpointInterface(
  links: readonly IpLink[],
  endpoint: { macAddress: string | null; ipv4Address: string | null },
): IpLink | null {
  const candidates = links.filter((l) => l.ifname !== "lo");
  const mac = endpoint.macAddress?.toLowerCase();
  const byMac = mac ? candidates.find((l) => l.address?.toLowerCase() === mac) : undefined;
  if (byMac) return byMac;
  const ip = endpoint.ipv4Address;
  if (!ip) return null;
  return candidates.find((l) => (l.addr_info ?? []).some((a) => a.local === ip)) ?? null;
}

interface Namespace {
  name: string;
  links: readonly IpLink[];
}

/** The other end of a container's veth: in the namespace `expected` first, then anywhere it names the iface back. */
function vethPeer(
  iface: IpLink,
  expected: Namespace | null,
  all: readonly Namespace[],
): { ns: Namespace; link: IpLink } | null {
  if (iface.link_index === undefined) return null;
  const order = expected ? [expected, ...all.filter((n) => n !== expected)] : all;
  for (const ns of order) {
    const link = ns.links.find(
      (l) => l.ifindex === iface.link_index && kindOf(l) === "veth" && l.link_index === iface.ifindex,
    );
    if (link) return { ns, link };
  }
  return null;
}

/** Docker's host stack and the overlay namespaces as searchable namespaces, the host's first. */
function namespaces(reading: HostReading): Namespace[] {
  return [
    { name: "host", links: reading.host },
    ...Object.keys(reading.overlayLinks)
      .sort()
      .map((name) => ({ name, links: reading.overlayLinks[name] ?? [] })),
  ];
}

/** One container interface as an endpoint's link: its veth peer (and bridge) or its macvlan/ipvlan parent. */
function endpointLink(
  containerId: string,
  networkId: string,
  iface: IpLink,
  network: SandboxNetwork | undefined,
  expected: Namespace | null,
  all: readonly Namespace[],
): EndpointLinkDto {
  const kind = kindOf(iface);
  const dto: EndpointLinkDto = {
    containerId,
    networkId,
    ifname: iface.ifname,
    ifindex: iface.ifindex,
    kind,
    mac: iface.address ?? null,
    mtu: iface.mtu,
    state: iface.operstate,
    peerName: null,
    peerIndex: null,
    peerNamespace: null,
    bridge: null,
    parent: null,
  };
  if (kind === "veth") {
    const peer = vethPeer(iface, expected, all);
    dto.peerIndex = peer?.link.ifindex ?? iface.link_index ?? null;
    if (peer) {
      dto.peerName = peer.link.ifname;
      dto.peerNamespace = peer.ns.name;
      dto.bridge = peer.link.master ?? null;
    }
  } else if (kind === "macvlan" || kind === "ipvlan") {
    const host = all[0]?.links ?? [];
    dto.parent = host.find((l) => l.ifindex === iface.link_index)?.ifname ?? network?.parent ?? null;
  }
  return dto;
}

/**
 * Every running container endpoint whose interface was found, matched to its veth peer or parent; plus the
 * interfaces Docker builds but does not list as endpoints (an overlay container's eth1 on docker_gwbridge),
 * as links to the network of the bridge their peer is enslaved to.
 */
export function endpointLinks(reading: HostReading): EndpointLinkDto[] {
  const networks = new Map(reading.networks.map((n) => [n.id, n]));
  const all = namespaces(reading);
  const host = all[0] as Namespace;
  const overlayNs = new Map<string, Namespace>();
  for (const ns of all.slice(1)) {
    const network = overlayNetworkOf(ns.name, reading.networks);
    if (network) overlayNs.set(network.id, ns);
  }
  const out: EndpointLinkDto[] = [];
  for (const container of reading.containers) {
    const links = reading.containerLinks[container.id];
    if (!links) continue;
    const matched = new Set<IpLink>();
    for (const endpoint of container.endpoints) {
      const network = networks.get(endpoint.networkId);
      if (network && NO_INTERFACE.has(network.driver)) continue;
      const iface = endpointInterface(links, endpoint);
      if (!iface) continue;
      matched.add(iface);
      const expected = network?.driver === "overlay" ? (overlayNs.get(network.id) ?? null) : host;
      out.push(endpointLink(container.id, endpoint.networkId, iface, network, expected, all));
    }
    for (const iface of links) {
      if (iface.ifname === "lo" || matched.has(iface) || kindOf(iface) !== "veth") continue;
      const peer = vethPeer(iface, host, [host]);
      const networkId = peer?.link.master ? bridgeNetworkId(peer.link.master, reading.networks) : null;
      if (networkId)
        out.push(endpointLink(container.id, networkId, iface, networks.get(networkId), host, [host]));
    }
  }
  return out.sort((a, b) => a.containerId.localeCompare(b.containerId) || a.ifindex - b.ifindex);
}

/** The Linux layer of one host, from what was read there. */
export function hostLayer(reading: HostReading): HostLayerDto {
  const overlays: OverlayNamespaceDto[] = [];
  for (const name of Object.keys(reading.overlayLinks).sort()) {
    const network = overlayNetworkOf(name, reading.networks);
    if (network) overlays.push(overlayNamespace(name, network.id, reading.overlayLinks[name] ?? []));
  }
  return {
    engine: reading.engine,
    source: reading.source,
    unavailable: null,
    links: hostLinks(reading.host, reading.networks),
    endpoints: endpointLinks(reading),
    overlays,
    hostStack: reading.containers
      .filter((c) => c.networkMode === "host")
      .map((c) => ({ containerId: c.id }))
      .sort((a, b) => a.containerId.localeCompare(b.containerId)),
    ipsec: parseIpsec(reading.xfrmPolicy ?? "", reading.xfrmState ?? ""),
    readAt: reading.readAt,
  };
}

/** The answer for a host that cannot be seen: why, and nothing else. */
export function unavailableLayer(engine: string, why: string, readAt: string): HostLayerDto {
  return {
    engine,
    source: null,
    unavailable: why,
    links: [],
    endpoints: [],
    overlays: [],
    hostStack: [],
    ipsec: [],
    readAt,
  };
}
