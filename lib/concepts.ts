// "What is this?": a short card for every driver, option and idea the map shows, and the lab that shows it on a
// real engine. Pure data and a lookup: which concepts apply to the element selected on the map (conceptsFor).
// Commands go through shellCommand so they can be pasted as shown.
import { iccEnabled, isDefaultBridge } from "@/lib/analysis/stacks";
import { shellCommand } from "@/lib/api/shell";
import type { NetworkDto } from "@/lib/api/types";
import { userAliases } from "@/lib/topology/format";
import { elementId, type GraphEdge, type GraphNode, type TopologyModel } from "@/lib/topology/model";
import { isEncrypted } from "@/lib/topology/swarm-graph";

/** The labs (lib/labs/library/<id>.yaml) a card can send a student to, with the titles their links show. */
export const LABS = {
  bridges: "Default bridge versus a user-defined bridge",
  "host-none": "The host and none networks",
  "bridge-options": "Shaping a bridge network",
  names: "Names on a Docker network",
  "round-robin": "Round-robin DNS with a shared alias",
  "load-balancer": "A load balancer in front of three servers",
  tiers: "Three tiers with internal networks",
  "macvlan-ipvlan": "Containers straight on the host's network with macvlan and ipvlan",
  swarm: "Services across two hosts",
  drills: "Drills: fix what is broken",
} as const;
export type LabId = keyof typeof LABS;

export const CONCEPT_IDS = [
  "bridge",
  "default-bridge",
  "user-defined-bridge",
  "host",
  "none",
  "container-mode",
  "overlay",
  "macvlan",
  "ipvlan",
  "internal",
  "attachable",
  "ingress",
  "icc",
  "mtu",
  "subnet",
  "gateway",
  "ip-range",
  "ipv6",
  "aliases",
  "dns",
  "dns-search",
  "extra-hosts",
  "port-publishing",
  "swarm",
  "vip",
  "dnsrr",
  "routing-mesh",
  "veth",
  "vxlan",
  "ipsec",
  "tiers",
] as const;
export type ConceptId = (typeof CONCEPT_IDS)[number];

export interface Concept {
  id: ConceptId;
  /** What the closed card names: the word the map or the facts use. */
  title: string;
  /** 2–4 plain sentences: what it is, what Docker builds on the host, when you would use it. */
  text: string[];
  /** The docker (or ip) command that makes or shows it, quoted for a POSIX shell. */
  command: string;
  /** Labs that show it, the first one linked from the card. */
  labs: LabId[];
}

const c = (id: ConceptId, title: string, text: string[], command: string, labs: LabId[]): Concept => ({
  id,
  title,
  text,
  command,
  labs,
});

const LIST: Concept[] = [
  c(
    "bridge",
    "bridge",
    [
      "A bridge network is a virtual switch inside one host.",
      "Docker makes a Linux bridge (docker0, or br- and the start of the network's id), plugs each container into it with a veth pair, and lets traffic out through NAT on the host.",
      "It is the usual network for containers that all run on one machine.",
    ],
    shellCommand("docker", "network", "create", "--driver", "bridge", "app-net"),
    ["bridges"],
  ),
  c(
    "default-bridge",
    "the default bridge",
    [
      "The network called bridge that every engine has, on the Linux bridge docker0: a container started without --network joins it.",
      "It has no embedded DNS, so containers on it reach each other only by IP address.",
      "Fine for a quick test; for several containers that talk to each other, create a bridge of your own.",
    ],
    shellCommand("docker", "network", "inspect", "bridge"),
    ["bridges"],
  ),
  c(
    "user-defined-bridge",
    "a user-defined bridge",
    [
      "A bridge network you create yourself: Docker makes a new Linux bridge named br- and the first 12 characters of the network's id, with a subnet of its own.",
      "Unlike on the default bridge, containers on it find each other by name through Docker's embedded DNS, and they are kept apart from containers on other bridges.",
      "The usual choice for an application on one host.",
    ],
    shellCommand("docker", "network", "create", "app-net"),
    ["bridges"],
  ),
  c(
    "host",
    "host network",
    [
      "A container with --network host has no network of its own: it uses the host's interfaces, addresses and ports directly.",
      "Docker builds nothing for it: no bridge, no veth, no NAT, and -p is ignored.",
      "Use it when a program needs the host's network at full speed or very many ports, and accept that it is not isolated.",
    ],
    shellCommand("docker", "run", "--rm", "--network", "host", "busybox", "ip", "addr"),
    ["host-none"],
  ),
  c(
    "none",
    "none (no network)",
    [
      "A container with --network none has only a loopback interface: no address, no route, nothing in or out.",
      "Docker makes its network namespace and nothing else.",
      "Use it for work that must not touch the network, such as processing files or running untrusted code.",
    ],
    shellCommand("docker", "run", "--rm", "--network", "none", "busybox", "ip", "addr"),
    ["host-none"],
  ),
  c(
    "container-mode",
    "sharing another container's network",
    [
      "A container started with --network container:other joins other's network namespace: the same interfaces, address and ports, and each reaches the other on localhost.",
      "Docker makes no interface for it.",
      "Sidecars use it: a debugging shell, a proxy or a metrics agent beside the main program.",
    ],
    shellCommand("docker", "run", "--rm", "--network", "container:web", "busybox", "netstat", "-ltn"),
    ["host-none"],
  ),
  c(
    "overlay",
    "overlay",
    [
      "An overlay network spans several Docker hosts of a swarm: containers on different hosts share one subnet as if they were on one switch.",
      "On each host that has the network Docker makes a network namespace holding a bridge (br0) and a VXLAN device, which carries the frames between hosts inside UDP.",
      "Use it for swarm services, or with --attachable for plain containers on several hosts.",
    ],
    shellCommand("docker", "network", "create", "--driver", "overlay", "--attachable", "app-mesh"),
    ["swarm"],
  ),
  c(
    "macvlan",
    "macvlan",
    [
      "With macvlan each container gets its own MAC address on a host interface (the parent, such as eth0), so it appears on the physical network like another machine.",
      "Docker makes no bridge and no NAT: the container's interface sits directly on the parent, and the host itself cannot reach these containers through that parent.",
      "Use it when devices on the LAN must reach containers at their own addresses.",
    ],
    shellCommand(
      "docker",
      "network",
      "create",
      "--driver",
      "macvlan",
      "--subnet",
      "192.168.1.0/24",
      "--gateway",
      "192.168.1.1",
      "-o",
      "parent=eth0",
      "lan",
    ),
    ["macvlan-ipvlan"],
  ),
  c(
    "ipvlan",
    "ipvlan",
    [
      "Like macvlan, containers sit directly on a host interface (the parent), but they all share the parent's MAC address.",
      "In L2 mode (the default) they are on the parent's LAN; in L3 mode the host routes to them and there is no broadcast.",
      "Use it where the network accepts only one MAC address per port, as many Wi-Fi and cloud networks do.",
    ],
    shellCommand(
      "docker",
      "network",
      "create",
      "--driver",
      "ipvlan",
      "--subnet",
      "192.168.1.0/24",
      "-o",
      "parent=eth0",
      "-o",
      "ipvlan_mode=l2",
      "lan-ipvlan",
    ),
    ["macvlan-ipvlan"],
  ),
  c(
    "internal",
    "internal network",
    [
      "A network created with --internal has no way out: no NAT to the outside, so its containers reach only each other.",
      "Docker still makes the bridge, and adds firewall rules that drop whatever would leave the network.",
      "Use it for a database or back-end tier that must never talk to the internet.",
    ],
    shellCommand("docker", "network", "create", "--internal", "app-data"),
    ["tiers"],
  ),
  c(
    "attachable",
    "attachable",
    [
      "An overlay network is normally for swarm services only; created with --attachable, plain containers (docker run --network) may join it too, on any node of the swarm.",
      "Use it to debug a service from a throw-away container, or to connect stand-alone containers on several hosts.",
    ],
    shellCommand("docker", "network", "create", "--driver", "overlay", "--attachable", "app-mesh"),
    ["swarm"],
  ),
  c(
    "ingress",
    "the ingress network",
    [
      "ingress is the overlay network Docker makes when a swarm starts: the routing mesh carries connections to published service ports over it.",
      "Every node has it, with a hidden ingress-sbox namespace that does the load balancing; you never attach containers to it yourself.",
    ],
    shellCommand("docker", "network", "inspect", "ingress"),
    ["swarm"],
  ),
  c(
    "icc",
    "inter-container communication (ICC)",
    [
      "Whether containers on the same bridge may talk to each other. It is on by default.",
      "With -o com.docker.network.bridge.enable_icc=false Docker adds a firewall rule that drops traffic between the bridge's own ports, while each container still reaches the outside.",
      "Use it when containers share a network only for their way out and should not see each other.",
    ],
    shellCommand("docker", "network", "create", "-o", "com.docker.network.bridge.enable_icc=false", "no-icc"),
    ["bridge-options"],
  ),
  c(
    "mtu",
    "MTU",
    [
      "The largest packet the network's interfaces send, 1500 bytes unless set.",
      "With -o com.docker.network.driver.mtu=1450 Docker gives each container's interface on the network that MTU.",
      "Set it lower when the host's own link is smaller (a VPN, a tunnel), or large packets get lost while small ones pass.",
    ],
    shellCommand("docker", "network", "create", "-o", "com.docker.network.driver.mtu=1450", "small-mtu"),
    ["bridge-options"],
  ),
  c(
    "subnet",
    "subnet",
    [
      "The range of addresses of a network, such as 172.18.0.0/16: every container on it gets an address inside it.",
      "Docker takes one from its default pools unless you give --subnet.",
      "Choose one yourself when the default clashes with a network the host already reaches, such as a VPN or the office LAN.",
    ],
    shellCommand("docker", "network", "create", "--subnet", "10.90.1.0/24", "app-net"),
    ["bridge-options"],
  ),
  c(
    "gateway",
    "gateway",
    [
      "The address in the subnet that containers send everything else to.",
      "On a bridge network Docker puts it on the Linux bridge itself (the first address, unless you give --gateway), and the host routes and NATs from there.",
      "On an --internal network nothing leaves through it.",
    ],
    shellCommand(
      "docker",
      "network",
      "create",
      "--subnet",
      "10.90.1.0/24",
      "--gateway",
      "10.90.1.254",
      "app-net",
    ),
    ["bridge-options"],
  ),
  c(
    "ip-range",
    "IP range",
    [
      "--ip-range limits the addresses Docker hands out by itself to a part of the subnet.",
      "The rest stays free for addresses you give with --ip, or for machines outside Docker; nothing changes on the host, only Docker's address allocator.",
    ],
    shellCommand(
      "docker",
      "network",
      "create",
      "--subnet",
      "10.90.2.0/24",
      "--ip-range",
      "10.90.2.128/25",
      "app-net",
    ),
    ["bridge-options"],
  ),
  c(
    "ipv6",
    "IPv6",
    [
      "A network created with --ipv6 has an IPv6 subnet as well, and each container an IPv6 address beside its IPv4 one.",
      "Docker puts the IPv6 gateway address on the bridge; whether it also writes IPv6 firewall rules (ip6tables) depends on the daemon's settings.",
      "Use it when clients or services must speak IPv6.",
    ],
    shellCommand("docker", "network", "create", "--ipv6", "--subnet", "fd00:db8:1::/64", "app-v6"),
    ["bridge-options"],
  ),
  c(
    "aliases",
    "network aliases",
    [
      "Extra DNS names for a container on one network, besides its own name.",
      "Docker's embedded DNS answers them only to containers on that network; when several containers share an alias, the name returns all their addresses.",
      "Use one for a role (db, cache) that keeps its name when the container is replaced.",
    ],
    shellCommand("docker", "network", "connect", "--alias", "db", "app-net", "postgres-1"),
    ["names", "round-robin"],
  ),
  c(
    "dns",
    "embedded DNS (127.0.0.11)",
    [
      "On a user-defined network every container asks Docker's embedded DNS server at 127.0.0.11, which Docker writes into its /etc/resolv.conf.",
      "It answers container names, aliases and service names of the networks that container is on, and forwards other names to the host's resolvers.",
      "The default bridge has none, which is why names do not work there.",
    ],
    shellCommand("docker", "run", "--rm", "--network", "app-net", "busybox", "cat", "/etc/resolv.conf"),
    ["names"],
  ),
  c(
    "dns-search",
    "your own DNS servers and search domains",
    [
      "--dns names the DNS servers a container's names go to when Docker does not know them, and --dns-search adds a search domain, so a short name such as printer is also tried as printer.office.lab.",
      "On a user-defined network Docker's embedded DNS still answers first and forwards the rest to these servers; the search domain is a line in the container's /etc/resolv.conf.",
      "Use them for names that live in your own DNS, such as the office's.",
    ],
    shellCommand(
      "docker",
      "run",
      "--rm",
      "--dns",
      "10.0.0.53",
      "--dns-search",
      "office.lab",
      "busybox",
      "cat",
      "/etc/resolv.conf",
    ),
    ["names"],
  ),
  c(
    "extra-hosts",
    "extra hosts (--add-host)",
    [
      "--add-host NAME:ADDRESS writes a line into the container's /etc/hosts, which is read before any DNS server is asked.",
      "Docker changes nothing else: the name works only in that container.",
      "Use it for a machine outside Docker that no DNS server knows.",
    ],
    shellCommand(
      "docker",
      "run",
      "--rm",
      "--add-host",
      "mainframe:10.0.0.200",
      "busybox",
      "cat",
      "/etc/hosts",
    ),
    ["names"],
  ),
  c(
    "port-publishing",
    "published ports",
    [
      "-p 8080:80 makes Docker forward a port of the host to a port of the container: connections to the host's 8080 reach the container's 80.",
      "Docker writes NAT rules in the host's firewall (and may start a docker-proxy process); only one container can hold a host port at a time.",
      "Without it, a container on a bridge is reachable only from the host and from its own networks.",
    ],
    shellCommand("docker", "run", "-d", "--name", "web", "-p", "8080:80", "nginx"),
    ["drills"],
  ),
  c(
    "swarm",
    "swarm",
    [
      "A swarm is a group of Docker engines (nodes) run as one: managers keep the desired state, workers run the tasks of services.",
      "Docker makes the ingress and docker_gwbridge networks on each node, and the nodes talk over ports 2377, 7946 and 4789.",
      "Use it to run services with several replicas on several hosts.",
    ],
    `${shellCommand("docker", "node", "ls")}   # on a manager`,
    ["swarm"],
  ),
  c(
    "vip",
    "virtual IP (VIP)",
    [
      "A swarm service's default endpoint mode: the service gets one virtual IP on each of its networks, and its name resolves to that one address.",
      "The kernel's IPVS load balancer on each node spreads connections to the VIP over the service's running tasks.",
      "Clients see one stable address however many replicas run.",
    ],
    shellCommand("docker", "service", "inspect", "--format", "{{json .Endpoint.VirtualIPs}}", "web"),
    // The round-robin lab shows DNS round robin with a shared alias on one engine, never a virtual IP.
    ["swarm"],
  ),
  c(
    "dnsrr",
    "DNS round robin (dnsrr)",
    [
      "A swarm service created with --endpoint-mode dnsrr gets no virtual IP: its name resolves to the addresses of all its running tasks, in turn, and the client picks one.",
      "Use it with clients or load balancers of your own that want to see every replica.",
      "It cannot publish ports through the routing mesh.",
    ],
    shellCommand(
      "docker",
      "service",
      "create",
      "--name",
      "dns-web",
      "--endpoint-mode",
      "dnsrr",
      "--replicas",
      "3",
      "--network",
      "app-mesh",
      "nginx",
    ),
    ["round-robin", "swarm"],
  ),
  c(
    "routing-mesh",
    "routing mesh",
    [
      "A port a swarm service publishes (in the default ingress mode) is open on every node of the swarm, whether or not a task runs there.",
      "Each node takes the connection, carries it over the ingress overlay network, and IPVS hands it to one of the service's tasks.",
      "Use it to reach a service from outside at any node's address.",
    ],
    shellCommand(
      "docker",
      "service",
      "create",
      "--name",
      "web",
      "--replicas",
      "3",
      "--publish",
      "8080:80",
      "nginx",
    ),
    ["swarm"],
  ),
  c(
    "veth",
    "veth pair",
    [
      "A veth pair is a virtual cable with two ends.",
      "Docker puts one end in the container's network namespace (eth0, eth1…) and the other on the host (veth…), plugged into the network's bridge.",
      "Every packet a container sends on a bridge or overlay network crosses one.",
    ],
    `${shellCommand("ip", "-d", "link", "show", "type", "veth")}   # on the engine's host`,
    ["bridges"],
  ),
  c(
    "vxlan",
    "VXLAN tunnel",
    [
      "VXLAN carries Ethernet frames inside UDP packets (port 4789) from one host to another.",
      "For each overlay network Docker makes a vxlan device with the network's own id (the VNI) on every host that has it; the tunnel's ends are the hosts' addresses.",
      "It is what lets containers on two hosts share one subnet.",
    ],
    shellCommand("docker", "network", "inspect", "--format", "{{json .Options}}", "app-mesh"),
    ["swarm"],
  ),
  c(
    "ipsec",
    "IPsec (encrypted overlay)",
    [
      "An overlay created with --opt encrypted has its VXLAN traffic between hosts encrypted with IPsec (ESP).",
      "Docker installs the kernel's IPsec policies and keys (ip xfrm) on each host and rotates the keys; when the kernel refuses a key, packets between the hosts are silently dropped.",
      "Use it when the hosts talk across a network you do not trust.",
    ],
    shellCommand("docker", "network", "create", "--driver", "overlay", "--opt", "encrypted", "secure-mesh"),
    ["swarm"],
  ),
  c(
    "tiers",
    "tiers",
    [
      "Netatlas draws an application in bands: outside, public, private and data.",
      "A band comes from a netatlas.tier label, or is inferred: an --internal network is data, one through which ports are published is public.",
      "It is a picture of what can reach what; Docker builds nothing for it.",
    ],
    shellCommand("docker", "network", "create", "--internal", "--label", "netatlas.tier=data", "shop-data"),
    ["tiers"],
  ),
];

export const CONCEPTS: ReadonlyMap<ConceptId, Concept> = new Map(LIST.map((k) => [k.id, k]));

export function concept(id: ConceptId): Concept {
  const found = CONCEPTS.get(id);
  if (!found) throw new Error(`no concept ${id}`);
  return found;
}

const MTU = "com.docker.network.driver.mtu";
const SWARM_SERVICE_LABEL = "com.docker.swarm.service.id";

/** Networks whose containers ask Docker's embedded DNS: user-defined ones that containers can join. */
function hasEmbeddedDns(n: NetworkDto): boolean {
  return !isDefaultBridge(n) && n.driver !== "host" && n.driver !== "null" && !n.ingress && !n.configOnly;
}

function driverConcepts(n: NetworkDto): ConceptId[] {
  switch (n.driver) {
    case "bridge":
      return ["bridge", isDefaultBridge(n) ? "default-bridge" : "user-defined-bridge"];
    case "host":
      return ["host"];
    case "null":
      return ["none"];
    case "overlay":
      return ["overlay", "vxlan", ...(isEncrypted(n) ? (["ipsec"] as const) : [])];
    case "macvlan":
      return ["macvlan"];
    case "ipvlan":
      return ["ipvlan"];
    default:
      return [];
  }
}

function networkConcepts(n: NetworkDto): ConceptId[] {
  const addressed = n.ipam.config.some((k) => k.subnet);
  const flags: Array<[boolean, ConceptId]> = [
    [n.internal, "internal"],
    [n.attachable, "attachable"],
    [n.ingress, "ingress"],
    [n.ingress, "routing-mesh"],
    [n.driver === "bridge" && !iccEnabled(n), "icc"],
    // The default bridge carries the daemon's own MTU as an option: only a network created with one says more.
    [MTU in n.options && !isDefaultBridge(n), "mtu"],
    [hasEmbeddedDns(n), "dns"],
    [addressed, "subnet"],
    [addressed, "gateway"],
    [n.ipam.config.some((k) => k.ipRange), "ip-range"],
    [n.enableIPv6, "ipv6"],
  ];
  return [...driverConcepts(n), ...flags.filter(([on]) => on).map(([, id]) => id)];
}

/** What an attachment is made of: a veth pair on a bridge or overlay, an interface on a parent for macvlan/ipvlan. */
function attachmentConcept(n: NetworkDto): ConceptId[] {
  if (n.driver === "bridge" || n.driver === "overlay") return ["veth"];
  if (n.driver === "macvlan" || n.driver === "ipvlan") return [n.driver];
  if (n.driver === "host") return ["host"];
  if (n.driver === "null") return ["none"];
  return [];
}

function networkOf(model: TopologyModel, engine: string, id: string): NetworkDto | undefined {
  return model.networks.find((n) => n.engine === engine && n.id === id);
}

/** The macvlan/ipvlan drivers of the networks that use a host device as their parent. */
function parentConcepts(model: TopologyModel, engine: string, device: string): ConceptId[] {
  const drivers = model.networks
    .filter((n) => n.engine === engine && (n.driver === "macvlan" || n.driver === "ipvlan"))
    .filter((n) => (n.options.parent ?? "") === device)
    .map((n) => n.driver as "macvlan" | "ipvlan");
  return drivers.length ? drivers : ["macvlan", "ipvlan"];
}

/** The map's elements that stand for no model object: swarm objects, tunnels, the Linux layer, tier bands. */
function elementConcepts(model: TopologyModel, element: GraphNode | GraphEdge): ConceptId[] {
  switch (element.kind) {
    case "service": {
      const service = model.services.find((s) => s.id === element.ref);
      if (!service) return ["swarm"];
      const published = service.ports.filter((p) => p.publishedPort !== null);
      return [
        ...(service.endpointMode === "dnsrr" ? (["dnsrr"] as const) : (["vip"] as const)),
        ...(published.some((p) => p.publishMode === "ingress") ? (["routing-mesh"] as const) : []),
        ...(published.some((p) => p.publishMode !== "ingress") ? (["port-publishing"] as const) : []),
        "swarm",
      ];
    }
    case "task":
    case "engine":
      return ["swarm"];
    case "tunnel": {
      const network = model.networks.find((n) => element.id.startsWith(`tunnel:${n.id}:`));
      const locked = element.classes.includes("encrypted") || (network ? isEncrypted(network) : false);
      return ["vxlan", "overlay", ...(locked ? (["ipsec"] as const) : [])];
    }
    case "iface": {
      const kind = element.classes.find((k) => k.startsWith("iface-"))?.slice("iface-".length);
      if (kind === "macvlan" || kind === "ipvlan") return [kind];
      return kind === "veth" ? ["veth"] : [];
    }
    case "veth":
      return ["veth"];
    case "parent":
      return parentConcepts(model, element.engine, element.ref);
    case "stack":
      return ["host"];
    case "link": {
      // A device's bond to its bridge, parent device or the host stack: what is at its far end says which.
      if (!("target" in element)) return [];
      const [kind, engine = "", id = "", name = ""] = element.target.split(":");
      if (kind === "network") {
        const network = networkOf(model, engine, id);
        return network ? [...driverConcepts(network).slice(0, 1), ...attachmentConcept(network)] : [];
      }
      if (kind === "dev" && name === "") return ["host"]; // dev:<engine>:host::stack: the host's own stack
      if (kind === "dev") return parentConcepts(model, engine, name);
      return [];
    }
    case "published":
    case "outside":
      return ["port-publishing"];
    case "shares-stack":
      return ["container-mode"];
    case "tier":
    case "tier-summary":
      return ["tiers"];
    default:
      return [];
  }
}

/**
 * The concepts that apply to the element selected on the map, most telling first, each once. `selectedId` is the
 * map's element id; `element` what the map draws for it (needed for what has no model object).
 */
export function conceptsFor(
  model: TopologyModel,
  selectedId: string,
  element: GraphNode | GraphEdge | null = null,
): ConceptId[] {
  return [...new Set(lookup(model, selectedId, element))];
}

function lookup(
  model: TopologyModel,
  selectedId: string,
  element: GraphNode | GraphEdge | null,
): ConceptId[] {
  const engine = model.engines.find((e) => elementId.engine(e.id) === selectedId);
  if (engine) return engine.swarm && engine.swarm.state === "active" ? ["swarm"] : [];

  const network = model.networks.find((n) => elementId.network(n.engine, n.id) === selectedId);
  if (network) return networkConcepts(network);

  const container = model.containers.find((k) => elementId.container(k.engine, k.id) === selectedId);
  if (container) {
    const endpoints = model.endpoints.filter(
      (e) => e.engine === container.engine && e.containerId === container.id,
    );
    const networks = endpoints
      .map((e) => networkOf(model, e.engine, e.networkId))
      .filter((n): n is NetworkDto => n !== undefined);
    const mode = container.networkMode;
    return [
      ...(mode === "host" ? (["host"] as const) : []),
      ...(mode === "none" ? (["none"] as const) : []),
      ...(mode.startsWith("container:") ? (["container-mode"] as const) : []),
      ...(networks.some(isDefaultBridge) ? (["default-bridge"] as const) : []),
      ...(container.ports.some((p) => p.hostPort !== null) ? (["port-publishing"] as const) : []),
      ...(endpoints.some((e) => userAliases(e).length > 0) ? (["aliases"] as const) : []),
      ...(networks.some(hasEmbeddedDns) ? (["dns"] as const) : []),
      ...(container.dns.servers.length || container.dns.search.length || container.dns.options.length
        ? (["dns-search"] as const)
        : []),
      ...(container.extraHosts.length ? (["extra-hosts"] as const) : []),
      ...(SWARM_SERVICE_LABEL in container.labels ? (["swarm"] as const) : []),
    ];
  }

  const endpoint = model.endpoints.find(
    (e) => elementId.endpoint(e.engine, e.networkId, e.containerId) === selectedId,
  );
  if (endpoint) {
    const network = networkOf(model, endpoint.engine, endpoint.networkId);
    return [
      ...(network ? attachmentConcept(network) : []),
      ...(userAliases(endpoint).length > 0 ? (["aliases"] as const) : []),
      ...(network && hasEmbeddedDns(network) ? (["dns"] as const) : []),
    ];
  }

  return element ? elementConcepts(model, element) : [];
}
