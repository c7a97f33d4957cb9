// The wire contract of reach, names and findings (GET /api/reach, /api/dns, /api/findings): who can talk to
// whom, by which name, and why not. Computed by the pure models in lib/analysis from the live store and the
// facts read on each engine's host (its DOCKER-USER rules, NAT, routes), which are part of the answer too.
import type { IpsecDto } from "./hosts";

// --- host facts ------------------------------------------------------------------------------------

export interface AddressMatch {
  /** CIDR as iptables prints it, e.g. 172.20.0.2/32. */
  cidr: string;
  negate: boolean;
}

export interface InterfaceMatch {
  /** An interface name; a trailing "+" matches every name with that prefix. */
  name: string;
  negate: boolean;
}

export interface PortMatch {
  ranges: Array<{ from: number; to: number }>;
  negate: boolean;
}

/** One rule of the DOCKER-USER chain, read from `iptables-save` in the engine host's network namespace. */
export interface FirewallRuleDto {
  /** The rule as iptables-save prints it. */
  text: string;
  /** ACCEPT, DROP, REJECT, RETURN, LOG, or the name of another chain. */
  target: string;
  source: AddressMatch | null;
  destination: AddressMatch | null;
  inInterface: InterfaceMatch | null;
  outInterface: InterfaceMatch | null;
  protocol: { name: string; negate: boolean } | null;
  dports: PortMatch | null;
  sports: PortMatch | null;
  /** conntrack/state: the connection states it matches (NEW, ESTABLISHED, RELATED…). */
  states: string[] | null;
  /** `! --ctstate …`: every state but those. */
  statesNegated?: boolean;
  /** Matches the model does not evaluate: a packet that meets every other match is then "unknown". */
  unknown: string[];
}

/** A published port as the NAT table holds it: traffic to hostIp:hostPort goes to address:port. */
export interface DnatDto {
  hostIp: string | null;
  hostPort: number;
  protocol: string;
  address: string;
  port: number;
  /** The bridge whose own traffic is not translated (Docker's `! -i <bridge>`). */
  exceptFrom: string | null;
}

export interface HostFactsDto {
  engine: string;
  /** Where they were read: "network namespace netatlas-a", "this machine"; null when not read. */
  source: string | null;
  /** Null when read; otherwise why the engine's host cannot be seen (remote engine, not root…). */
  unavailable: string | null;
  readAt: string;
  /** Docker's rules in the host's firewall; null when they could not be read (why in firewallUnavailable). */
  firewall: {
    /** DOCKER-USER, in order: the chain Docker leaves to its users, evaluated before its own rules. */
    dockerUser: FirewallRuleDto[];
    /** Bridges whose containers reach published ports through docker-proxy (nat DOCKER `-i <bridge> -j RETURN`). */
    proxied: string[];
    dnat: DnatDto[];
    /** The host's own INPUT chain (traffic to the host itself: host-stack containers, docker-proxy). */
    input: { policy: string; rules: FirewallRuleDto[] };
  } | null;
  firewallUnavailable: string | null;
  /** net.bridge.bridge-nf-call-iptables: whether traffic within one bridge passes the firewall at all. */
  bridgeNetfilter: boolean | null;
  ipForward: boolean | null;
  routes: {
    defaultVia: string | null;
    defaultDevice: string | null;
    connected: Array<{ prefix: string; device: string }>;
  } | null;
  /** The host's interfaces that are not Docker's (eth0, the lab links…), with addresses and MTU. */
  interfaces: Array<{ name: string; kind: string | null; mtu: number; addresses: string[] }>;
  /** The host's bridges (docker0, br-…, docker_gwbridge, any other) with their addresses: the host's side of each. */
  bridges: Array<{ name: string; addresses: string[] }>;
  ipsec: IpsecDto[];
  /**
   * Whether the kernel has IPVS (/proc/net/ip_vs), which Docker needs to balance a swarm service's VIP and the
   * routing mesh; without it both accept nothing, and Docker only logs "Could not get ipvs family information".
   */
  ipvs: boolean | null;
}

// --- reach -------------------------------------------------------------------------------------------

/** yes: it works; no: it cannot; partial: some of it works (some ports or protocols, or only the kernel answers). */
export type Verdict = "yes" | "no" | "partial" | "unknown";

export type ReasonCode =
  | "same-stack"
  | "shared-network"
  | "no-shared-network"
  | "not-running"
  | "paused"
  | "network-none"
  | "host-stack"
  | "shares-stack"
  | "icc-off"
  | "default-bridge-dns"
  | "firewall"
  | "firewall-unknown"
  | "bridge-netfilter-off"
  | "overlay-peer-missing"
  | "ipsec-missing"
  | "ipsec-unknown"
  | "internal"
  | "masquerade-off"
  | "loopback-only"
  | "not-published"
  | "different-engines"
  | "host-unseen"
  | "driver-unknown"
  | "macvlan-host"
  | "no-gateway"
  | "nat-isolation"
  | "proxied"
  | "hairpin"
  | "no-route-out"
  | "outside-unknown"
  | "service-vip"
  | "ipvs-missing"
  | "no-tasks";

/** A docker command that changes the answer; `connect` lets an operator apply it with the Connect dialog. */
export interface FixDto {
  text: string;
  command: string | null;
  connect?: { engine: string; networkId: string; containerId: string };
}

export interface ReasonDto {
  code: ReasonCode;
  /** One or two sentences in plain words. */
  text: string;
  /** True when this is why it fails; false for a note that explains a yes. */
  blocks: boolean;
  fix: FixDto | null;
}

export type PartyDto = { kind: "container"; engine: string; id: string; name: string } | { kind: "outside" };

/** One way A can try to reach B: over a network both are on, through the host, a published port, a service VIP. */
export interface ReachRouteDto {
  kind: "network" | "loopback" | "host" | "published" | "vip" | "outside";
  network: { engine: string; id: string; name: string; driver: string } | null;
  /** The address A sends from, when it has one there. */
  from: string | null;
  /** Where A sends to: B's address, a host address, "host:port"… */
  to: string;
  port: { number: number; protocol: string } | null;
  verdict: Verdict;
  reasons: ReasonDto[];
  /** Map elements along the way, from A to B (ids of both the Docker view and the Linux layer). */
  path: string[];
}

/** A name A can use and what it gives from A: Docker's embedded DNS, or A's /etc/hosts. */
export interface NameAnswerDto {
  name: string;
  addresses: string[];
  via: "dns" | "hosts";
  /** The network whose DNS answers it (null for /etc/hosts). */
  network: string | null;
  /** Several addresses, handed out in turn. */
  roundRobin: boolean;
  /** Who stands behind each address: container, task or service VIP names. */
  members: Array<{ name: string; address: string }>;
  kind: DnsRecordKind | "link" | "extra-host" | "own-hostname";
}

export interface ReachPairDto {
  from: PartyDto;
  to: PartyDto;
  verdict: Verdict;
  /** One sentence: the answer and the main reason. */
  summary: string;
  routes: ReachRouteDto[];
  /** The names A can use for B, with what they give from A. */
  names: NameAnswerDto[];
  /** About the pair as a whole (both stopped, different engines, no DNS on the default bridge…). */
  reasons: ReasonDto[];
  fixes: FixDto[];
  /** The elements to highlight on the map: the best route's path, or what each side has when none works. */
  path: string[];
}

export interface MatrixMemberDto {
  /** "outside", a container key "engine/id", or a group key. */
  key: string;
  label: string;
  /** What the members share: "web-net, app-net · running". */
  detail: string;
  engine: string | null;
  members: Array<{ engine: string; id: string; name: string }>;
}

export interface ReachMatrixDto {
  /** Rows and columns, in the same order: "Outside" first, then containers (or groups of them). */
  members: MatrixMemberDto[];
  /** cells[i][j]: row i → column j, one character each: y yes, n no, p partial, u unknown, "-" itself. */
  cells: string[];
  grouped: boolean;
  /** Containers after filtering, before grouping. */
  containers: number;
  /** Host facts that were used, per engine: null when read, else why not. */
  hosts: Array<{ engine: string; unavailable: string | null; readAt: string }>;
}

// --- names -------------------------------------------------------------------------------------------

export type DnsRecordKind = "container" | "alias" | "hostname" | "id" | "service" | "tasks" | "task";

export interface DnsRecordDto {
  name: string;
  addresses: string[];
  kind: DnsRecordKind;
  roundRobin: boolean;
  members: Array<{ kind: "container" | "task" | "vip"; id: string; name: string; address: string }>;
}

export interface NetworkDnsDto {
  network: { engine: string; id: string; name: string; driver: string };
  /** Whether Docker's embedded DNS answers names on this network (not on the default bridge, host, none). */
  embedded: boolean;
  note: string;
  records: DnsRecordDto[];
  /** Legacy links on this network: names only the linking container can use. */
  linkAliases: Array<{ from: string; alias: string; target: string; addresses: string[] }>;
}

export interface ResolverDto {
  /** embedded: 127.0.0.11 answers; host: the host's resolv.conf; shared: another container's; none. */
  kind: "embedded" | "host" | "shared" | "none";
  /** What the container's resolv.conf points at. */
  nameservers: string[];
  /** Where the embedded resolver sends names that are not Docker's (--dns, else the host's). */
  upstream: string[];
  search: string[];
  options: string[];
  /** One or two sentences for people. */
  text: string;
}

export interface ContainerDnsDto {
  container: { engine: string; id: string; name: string };
  resolver: ResolverDto;
  /** Every name the container can use, with what it gives from there. */
  names: NameAnswerDto[];
  notes: string[];
}

// --- findings ----------------------------------------------------------------------------------------

export type Severity = "high" | "medium" | "low" | "info";

export type FindingKind =
  | "default-bridge-by-name"
  | "unresolved-name"
  | "published-all-addresses"
  | "host-network"
  | "tier-crossing"
  | "alias-mixed-images"
  | "overlapping-subnets"
  | "overlay-mtu"
  | "ipsec-missing"
  | "ipvs-missing"
  | "privileged"
  | "internal-reaches-host";

export interface FindingDto {
  /** Stable while the situation lasts, so the list can update in place. */
  id: string;
  kind: FindingKind;
  severity: Severity;
  title: string;
  /** Why it matters, in plain words. */
  why: string;
  fix: FixDto | null;
  /** Map element ids of what is involved (click to focus them). */
  elements: string[];
  engine: string | null;
}

export interface FindingsDto {
  findings: FindingDto[];
  hosts: Array<{ engine: string; unavailable: string | null; readAt: string }>;
}
