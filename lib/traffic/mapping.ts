// Pure: which counters belong to which endpoint of the live store. Host side: the engine host's veth list with
// counters (`ip -s -j link show type veth`) joined to each container's interfaces (`ip -j -d addr show` inside
// its namespace: the interface's link_index is its host-side peer). Engine side: Docker's per-interface stats
// joined to endpoints by interface name where that can be known, per container otherwise.
import type { ContainerDto, EndpointDto, NetworkDto } from "@/lib/api/types";
import { endpointInterface, type IpLink } from "@/lib/host/linux-parse";
import type { Counters } from "./rates";

/** A host-side veth and its counters, already swapped to the container's point of view. */
export interface HostVeth {
  ifindex: number;
  ifname: string;
  /** The container-side peer's ifindex (in the container's namespace). */
  peerIndex: number | null;
  counters: Counters;
}

interface IpStatsLink {
  ifindex?: unknown;
  ifname?: unknown;
  link_index?: unknown;
  stats64?: IpStats;
  stats?: IpStats;
}
interface IpStats {
  rx?: { bytes?: number; packets?: number };
  tx?: { bytes?: number; packets?: number };
}

/**
 * Parses `ip -s -j link show type veth` (iproute2 prints `stats64`, older ones `stats`). The HOST side's rx is
 * what the container sent and its tx what the container received (a veth pair is one cable: what goes in one
 * end comes out of the other), so rx and tx are swapped here: every Counters value is the container's view.
 */
export function parseHostVeths(text: string): Map<number, HostVeth> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`ip printed no JSON (${text.trim().slice(0, 80) || "nothing"})`);
  }
  if (!Array.isArray(parsed)) throw new Error("ip printed JSON that is not a list of links");
  const out = new Map<number, HostVeth>();
  for (const l of parsed as IpStatsLink[]) {
    if (typeof l?.ifindex !== "number" || typeof l.ifname !== "string") continue;
    const s = l.stats64 ?? l.stats;
    if (!s?.rx || !s.tx) continue;
    out.set(l.ifindex, {
      ifindex: l.ifindex,
      ifname: l.ifname,
      peerIndex: typeof l.link_index === "number" ? l.link_index : null,
      counters: {
        // swapped: host rx = container tx, host tx = container rx
        rxBytes: s.tx.bytes ?? 0,
        rxPackets: s.tx.packets ?? 0,
        txBytes: s.rx.bytes ?? 0,
        txPackets: s.rx.packets ?? 0,
      },
    });
  }
  return out;
}

/** One endpoint's interface inside its container, and its host-side peer's ifindex. */
export interface MappedInterface {
  networkId: string;
  ifname: string;
  ifindex: number;
  /** The veth peer's ifindex (link_index); null for macvlan/ipvlan or when ip did not say. */
  peerIndex: number | null;
}

/** What one `nsenter -t <pid> -n ip -j -d addr show` told about a container, valid while `signature` holds. */
export interface ContainerMapping {
  containerId: string;
  signature: string;
  interfaces: MappedInterface[];
  /** Endpoints whose interface was not found in the container (by MAC, then IPv4 address). */
  missing: string[];
}

/** Networks whose endpoints have no interface of their own. */
const NO_INTERFACE = new Set(["host", "null"]);

/** The endpoints of a container that have an interface: running, attached (an endpoint id), not host/none. */
export function interfaceEndpoints(
  containerId: string,
  endpoints: readonly EndpointDto[],
  drivers: ReadonlyMap<string, string>,
): EndpointDto[] {
  return endpoints
    .filter(
      (e) =>
        e.containerId === containerId && e.id !== null && !NO_INTERFACE.has(drivers.get(e.networkId) ?? ""),
    )
    .sort((a, b) => a.networkId.localeCompare(b.networkId));
}

/**
 * What must stay the same for a mapping to hold: the container's start (a restart makes new interfaces in a new
 * namespace) and each endpoint's id and MAC. Compared at each live-store version: only containers whose
 * signature changed are entered again.
 */
export function containerSignature(container: ContainerDto, endpoints: readonly EndpointDto[]): string {
  return [
    container.state,
    container.startedAt ?? "",
    ...endpoints.map((e) => `${e.networkId}/${e.id}/${e.macAddress ?? ""}/${e.ipv4Address ?? ""}`),
  ].join("|");
}

/** The container's interface of each endpoint, from `ip -j -d addr show` inside it. */
export function mapContainer(
  containerId: string,
  signature: string,
  endpoints: readonly EndpointDto[],
  links: readonly IpLink[],
): ContainerMapping {
  const interfaces: MappedInterface[] = [];
  const missing: string[] = [];
  for (const e of endpoints) {
    const iface = endpointInterface(links, {
      macAddress: e.macAddress,
      ipv4Address: e.ipv4Address?.split("/")[0] ?? null,
    });
    if (!iface) {
      missing.push(e.networkId);
      continue;
    }
    const isVeth = iface.linkinfo?.info_kind === undefined || iface.linkinfo.info_kind === "veth";
    interfaces.push({
      networkId: e.networkId,
      ifname: iface.ifname,
      ifindex: iface.ifindex,
      peerIndex: isVeth ? (iface.link_index ?? null) : null,
    });
  }
  return { containerId, signature, interfaces, missing };
}

/**
 * The host-side veth of a mapped interface, only when both ends name each other (indexes are unique only per
 * namespace: an overlay endpoint's peer lives in the overlay's namespace, and the host may well have an unrelated
 * interface with the same index).
 */
export function hostVethOf(iface: MappedInterface, veths: ReadonlyMap<number, HostVeth>): HostVeth | null {
  if (iface.peerIndex === null) return null;
  const veth = veths.get(iface.peerIndex);
  return veth && veth.peerIndex === iface.ifindex ? veth : null;
}

/** Docker's per-interface stats (`networks` of GET /containers/{id}/stats), from the container's view already. */
export type StatsNetworks = Record<
  string,
  { rx_bytes?: number; tx_bytes?: number; rx_packets?: number; tx_packets?: number }
>;

export function statsCounters(s: StatsNetworks[string]): Counters {
  return {
    rxBytes: s.rx_bytes ?? 0,
    txBytes: s.tx_bytes ?? 0,
    rxPackets: s.rx_packets ?? 0,
    txPackets: s.tx_packets ?? 0,
  };
}

/** Stats interfaces assigned to endpoints (networkId) or, where that cannot be known, to the container (null). */
export interface StatsAssignment {
  networkId: string | null;
  /** The interface name, or null for the container's interfaces summed. */
  ifname: string | null;
  counters: Counters;
  note: string | null;
}

/**
 * Which of Docker's stats interfaces is which endpoint. With the container's interface names known (the host was
 * entered: `known` maps network id to ifname), exactly. Without them, the Engine API does not say which eth<n>
 * belongs to which network (the order depends on the order of connects), so only a container with one endpoint
 * and one interface is put on its network; any other is reported once for the container, its interfaces summed,
 * and says so.
 */
export function assignStats(
  networks: StatsNetworks | undefined,
  endpoints: readonly EndpointDto[],
  known: ReadonlyMap<string, string> | null,
): StatsAssignment[] {
  const names = Object.keys(networks ?? {}).sort();
  if (!networks || names.length === 0) return [];
  if (known) {
    const out: StatsAssignment[] = [];
    for (const e of endpoints) {
      const ifname = known.get(e.networkId);
      const s = ifname ? networks[ifname] : undefined;
      if (ifname && s) out.push({ networkId: e.networkId, ifname, counters: statsCounters(s), note: null });
    }
    return out;
  }
  const only = endpoints.length === 1 ? endpoints[0] : undefined;
  const single = names.length === 1 ? (names[0] as string) : null;
  if (only && single) {
    return [
      {
        networkId: only.networkId,
        ifname: single,
        counters: statsCounters(networks[single] ?? {}),
        note: null,
      },
    ];
  }
  const sum: Counters = { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 };
  for (const name of names) {
    const c = statsCounters(networks[name] ?? {});
    sum.rxBytes += c.rxBytes;
    sum.txBytes += c.txBytes;
    sum.rxPackets += c.rxPackets;
    sum.txPackets += c.txPackets;
  }
  return [
    {
      networkId: null,
      ifname: null,
      counters: sum,
      note: `not mapped to a network: the Engine API names interfaces (${names.join(", ")}) but not which network each belongs to, and this container has ${endpoints.length} endpoints; the numbers are the container's, all interfaces summed`,
    },
  ];
}

/** The network drivers by network id, for interfaceEndpoints. */
export function driversOf(networks: readonly NetworkDto[]): Map<string, string> {
  return new Map(networks.map((n) => [n.id, n.driver]));
}
