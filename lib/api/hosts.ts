// The wire contract of the Linux layer (GET /api/hosts): what Docker built on each engine's host, read from the
// engine's network namespace by interface index. Bridges, veth pairs, macvlan/ipvlan parents, overlay
// namespaces with their VXLAN devices. Read on demand (the map's "Linux layer" switch), not by the live store.

/** One network interface as `ip -j -d link` shows it, in the host's namespace or an overlay's. */
export interface LinuxLinkDto {
  /** ifname: docker0, br-1a2b3c4d5e6f, veth1f2e3d4, eth0, vxlan0, br0… */
  name: string;
  /** ifindex: unique within its namespace only. */
  index: number;
  /** linkinfo.info_kind: bridge, veth, vxlan, macvlan, ipvlan…; null for a physical (or unknown) device. */
  kind: string | null;
  /** operstate: UP, DOWN, UNKNOWN, LOWERLAYERDOWN… */
  state: string;
  mtu: number;
  /** The bridge this device is enslaved to (a veth's bridge), when it is. */
  master: string | null;
  /** link_index: a veth's peer (in another namespace when linkNetnsid is set), a macvlan's parent. */
  peerIndex: number | null;
  /** The link's MAC address. */
  mac: string | null;
  /** IPv4/IPv6 addresses in CIDR form (bridges carry the network's gateway). */
  addresses: string[];
  /** For a vxlan device: its VXLAN network identifier (VNI). */
  vxlanId: number | null;
  /** The Docker network this device stands for: a bridge's network (docker0, br-<id>), when known. */
  networkId: string | null;
}

/** The container side of one endpoint and what it is plugged into on the host side. */
export interface EndpointLinkDto {
  containerId: string;
  networkId: string;
  /** Container side: eth0, eth1…, its index inside the container's namespace, its kind (veth, macvlan, ipvlan). */
  ifname: string;
  ifindex: number;
  kind: string | null;
  mac: string | null;
  mtu: number;
  state: string;
  /** Host side of a veth pair (veth…), matched by interface index; null for macvlan/ipvlan or when not found. */
  peerName: string | null;
  peerIndex: number | null;
  /** Where the peer lives: "host" (the engine's namespace) or the overlay namespace's name (1-abcdef1234). */
  peerNamespace: string | null;
  /** The bridge the peer is enslaved to: docker0, br-<id>, docker_gwbridge, or br0 inside an overlay namespace. */
  bridge: string | null;
  /** macvlan/ipvlan: the parent interface on the host (eth0, eth0.10…). */
  parent: string | null;
}

/** An overlay network's own namespace on one host: its bridge (br0) and VXLAN device(s). */
export interface OverlayNamespaceDto {
  networkId: string;
  /** The namespace's file name, e.g. 1-x7k2m9q0ab (Docker names it after the network id). */
  namespace: string;
  links: LinuxLinkDto[];
  /** The VXLAN ids found on the vxlan devices in the namespace. */
  vxlanIds: number[];
}

/** A container on the host's own network stack (--network host). */
export interface HostStackContainerDto {
  containerId: string;
}

/**
 * One outgoing IPsec policy Docker installed for an encrypted overlay: VXLAN from `from` to `to` must use ESP
 * SPI `spi`. `installed`: the matching security association exists; when it does not, that traffic is dropped.
 */
export interface IpsecDto {
  from: string;
  to: string;
  spi: string;
  installed: boolean;
}

export interface HostLayerDto {
  engine: string;
  /** Where it was read: "network namespace netatlas-a", "this machine". Null when not read. */
  source: string | null;
  /** Null when read; otherwise why the host cannot be seen (remote engine, no privileges…), for the map to say. */
  unavailable: string | null;
  /** Every link in the engine host's namespace. */
  links: LinuxLinkDto[];
  /** One per running container endpoint that was found (containers that are not running have none). */
  endpoints: EndpointLinkDto[];
  overlays: OverlayNamespaceDto[];
  hostStack: HostStackContainerDto[];
  /** Encrypted overlays' IPsec toward each peer (`ip xfrm policy` against `ip xfrm state`). */
  ipsec: IpsecDto[];
  /** ISO time of the read. */
  readAt: string;
}

export interface HostsDto {
  hosts: HostLayerDto[];
}
