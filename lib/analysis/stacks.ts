// The facts the reach, names and findings models share, indexed once per topology: each container's network
// stack (its own, another container's with --network container:X, the host's, or none), its attachments in the
// order Docker ranks them (which decides its default route and which network's DNS answers first), and how each
// network behaves (default bridge, inter-container traffic, masquerade, its Linux bridge's name). Pure.
import type { HostFactsDto } from "@/lib/api/reach";
import type { ContainerDto, EndpointDto, NetworkDto } from "@/lib/api/types";
import { withoutPrefix } from "@/lib/topology/format";
import type { TopologyModel } from "@/lib/topology/model";

export const key = (engine: string, id: string) => `${engine}/${id}`;

/** A container's endpoint that has an address: it is plugged in (the container is running or paused). */
export interface Attachment {
  endpoint: EndpointDto;
  network: NetworkDto;
  ipv4: string | null;
  ipv6: string | null;
  /** networkKey(network): how the two ends of a pair find a network they share. */
  networkKey: string;
}

export type StackMode = "own" | "host" | "none" | "missing";

export interface Stack {
  /** The container asked about. */
  container: ContainerDto;
  /** Whose network namespace it uses: itself, or X for --network container:X. */
  owner: ContainerDto;
  /** own: its (or X's) namespace with Docker's networks; host: the host's; none: only loopback; missing: X unknown. */
  mode: StackMode;
  /** The owner's live attachments in Docker's order (see dockerOrder). */
  attachments: Attachment[];
  /** Their networkKeys, for sharesNetwork. */
  networkKeys: Set<string>;
}

const DEFAULT_BRIDGE = "com.docker.network.bridge.default_bridge";
const ICC = "com.docker.network.bridge.enable_icc";
const MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";
const BRIDGE_NAME = "com.docker.network.bridge.name";

export function isDefaultBridge(n: NetworkDto): boolean {
  return n.driver === "bridge" && (n.options[DEFAULT_BRIDGE] === "true" || (n.name === "bridge" && n.system));
}

/** Inter-container traffic on this bridge (off with -o com.docker.network.bridge.enable_icc=false). */
export function iccEnabled(n: NetworkDto): boolean {
  return n.options[ICC] !== "false";
}

export function masquerades(n: NetworkDto): boolean {
  return n.options[MASQUERADE] !== "false";
}

/** The Linux bridge Docker made for a bridge network: its own name option, docker0, or br-<first 12 of id>. */
export function bridgeDevice(n: NetworkDto): string {
  return n.options[BRIDGE_NAME] || (isDefaultBridge(n) ? "docker0" : `br-${n.id.slice(0, 12)}`);
}

export function isRunning(c: ContainerDto): boolean {
  return c.state === "running";
}

/** Running or paused: its namespace and endpoints exist. */
export function isPluggedIn(c: ContainerDto): boolean {
  return c.state === "running" || c.state === "paused";
}

/**
 * libnetwork's endpoint order: docker_gwbridge last, then --internal networks, then by network name (Go compares
 * bytes, hence `<`). The first with a gateway gives the default route; DNS asks the networks in this order.
 */
export function dockerOrder(a: Attachment, b: Attachment): number {
  const rank = (x: Attachment) => (x.network.name === "docker_gwbridge" ? 2 : x.network.internal ? 1 : 0);
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  return a.network.name < b.network.name ? -1 : a.network.name > b.network.name ? 1 : 0;
}

/** The first gateway Docker gives the container (its default route), or null (internal-only, none, host). */
export function defaultRoute(stack: Stack): Attachment | null {
  if (stack.mode !== "own") return null;
  return (
    stack.attachments.find((a) => a.endpoint.gateway !== null || a.endpoint.ipv6Gateway !== null) ?? null
  );
}

/** Everything the models look up, built once per topology (and host facts) and shared by every pair. */
export class AnalysisIndex {
  readonly containers = new Map<string, ContainerDto>();
  readonly networks = new Map<string, NetworkDto>();
  readonly endpointsByContainer = new Map<string, EndpointDto[]>();
  readonly endpointsByNetwork = new Map<string, EndpointDto[]>();
  readonly hosts = new Map<string, HostFactsDto>();
  private readonly stacks = new WeakMap<ContainerDto, Stack>();
  private readonly byName = new Map<string, ContainerDto>();

  constructor(
    readonly model: TopologyModel,
    hosts: readonly HostFactsDto[] = [],
  ) {
    for (const c of model.containers) {
      this.containers.set(key(c.engine, c.id), c);
      this.byName.set(key(c.engine, c.name), c);
    }
    for (const n of model.networks) this.networks.set(key(n.engine, n.id), n);
    for (const e of model.endpoints) {
      push(this.endpointsByContainer, key(e.engine, e.containerId), e);
      push(this.endpointsByNetwork, key(e.engine, e.networkId), e);
    }
    for (const h of hosts) this.hosts.set(h.engine, h);
  }

  container(engine: string, id: string): ContainerDto | undefined {
    return this.containers.get(key(engine, id));
  }

  containerByName(engine: string, name: string): ContainerDto | undefined {
    return this.byName.get(key(engine, name));
  }

  network(engine: string, id: string): NetworkDto | undefined {
    return this.networks.get(key(engine, id));
  }

  /** The host facts of an engine, or null when they were not read at all. */
  facts(engine: string): HostFactsDto | null {
    return this.hosts.get(engine) ?? null;
  }

  /** Live attachments of a container itself (not of the stack it shares), in Docker's order. */
  attachmentsOf(c: ContainerDto): Attachment[] {
    if (!isPluggedIn(c)) return [];
    const out: Attachment[] = [];
    for (const endpoint of this.endpointsByContainer.get(key(c.engine, c.id)) ?? []) {
      const network = this.network(endpoint.engine, endpoint.networkId);
      if (!network || network.driver === "host" || network.driver === "null") continue;
      const ipv4 = withoutPrefix(endpoint.ipv4Address);
      const ipv6 = withoutPrefix(endpoint.ipv6Address);
      if (!ipv4 && !ipv6) continue;
      out.push({ endpoint, network, ipv4, ipv6, networkKey: networkKey(network) });
    }
    return out.sort(dockerOrder);
  }

  stack(c: ContainerDto): Stack {
    // Keyed by the object: the matrix asks for every pair, and building a string key each time shows.
    const known = this.stacks.get(c);
    if (known) return known;
    const k = key(c.engine, c.id);
    let owner = c;
    let mode: StackMode = "own";
    // --network container:X, possibly X itself on container:Y (Docker resolves it when the container starts).
    const seen = new Set<string>([k]);
    while (owner.sharesNetworkWith) {
      const next = this.container(owner.engine, owner.sharesNetworkWith);
      if (!next || seen.has(key(next.engine, next.id))) {
        mode = "missing";
        break;
      }
      seen.add(key(next.engine, next.id));
      owner = next;
    }
    if (mode === "own") {
      if (owner.networkMode === "host") mode = "host";
      else if (owner.networkMode === "none") mode = "none";
    }
    const attachments = mode === "own" ? this.attachmentsOf(owner) : [];
    const stack: Stack = {
      container: c,
      owner,
      mode,
      attachments,
      networkKeys: new Set(attachments.map((a) => a.networkKey)),
    };
    this.stacks.set(c, stack);
    return stack;
  }

  /** The live endpoints on a network, with their containers (running or paused). */
  membersOf(n: NetworkDto): Array<{ container: ContainerDto; attachment: Attachment }> {
    const out: Array<{ container: ContainerDto; attachment: Attachment }> = [];
    for (const endpoint of this.endpointsByNetwork.get(key(n.engine, n.id)) ?? []) {
      const container = this.container(endpoint.engine, endpoint.containerId);
      if (!container || !isPluggedIn(container)) continue;
      const ipv4 = withoutPrefix(endpoint.ipv4Address);
      const ipv6 = withoutPrefix(endpoint.ipv6Address);
      if (!ipv4 && !ipv6) continue;
      out.push({ container, attachment: { endpoint, network: n, ipv4, ipv6, networkKey: networkKey(n) } });
    }
    return out;
  }
}

function push<T>(map: Map<string, T[]>, k: string, v: T): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/** The key an attachment's network is known by on both sides of a pair: an overlay has one id on every engine. */
export function networkKey(n: NetworkDto): string {
  return n.scope === "swarm" ? n.id : key(n.engine, n.id);
}

/** Whether the stack has an attachment on `t`'s network (as directRoute matches them). */
export function sharesNetwork(s: Stack, t: Attachment): boolean {
  return s.networkKeys.has(t.networkKey);
}

/** An attachment's addresses, IPv4 first. */
export function addressesOf(a: Attachment): string[] {
  return [a.ipv4, a.ipv6].filter((x): x is string => x !== null);
}
