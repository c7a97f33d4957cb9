// The rules of reach: for one way A can try to reach B (over a network both are on, to the host B's stack is,
// through a published port, a service VIP, out of the host), whether it works and why, as Docker and the kernel
// decide it. Each answer is a verdict and the reasons (codes with their facts); reach-text.ts puts them in words.
// Checked against real packets by app/api/reach.integration.test.ts, on both engine versions. Pure.

import type { FirewallRuleDto, ReasonCode, Verdict } from "@/lib/api/reach";
import type { NetworkDto, PortDto } from "@/lib/api/types";
import { isEncrypted } from "@/lib/topology/swarm-graph";
import { overlaps, parsePrefix } from "./cidr";
import { evaluate, evaluateExchange, type Packet } from "./firewall";
import { indexMemo } from "./index-memo";
import {
  type AnalysisIndex,
  type Attachment,
  bridgeDevice,
  defaultRoute,
  iccEnabled,
  masquerades,
  type Stack,
} from "./stacks";

/** What is asked: any traffic (undefined), a ping, or a connection to a port. */
export interface Probe {
  protocol: "icmp" | "tcp" | "udp";
  port?: number;
}

export interface Why {
  code: ReasonCode;
  blocks: boolean;
  /** Facts the words need: names, addresses, rules. */
  data?: Record<string, string>;
}

export interface RouteCore {
  kind: "network" | "loopback" | "host" | "published" | "vip" | "outside";
  network: NetworkDto | null;
  /** A's and B's attachments the route uses, when it has them. */
  fromAtt: Attachment | null;
  toAtt: Attachment | null;
  from: string | null;
  to: string;
  port: { number: number; protocol: string } | null;
  verdict: Verdict;
  why: Why[];
}

const no = (code: ReasonCode, data?: Record<string, string>): Why => ({ code, blocks: true, data });
const note = (code: ReasonCode, data?: Record<string, string>): Why => ({ code, blocks: false, data });

export function addressOf(a: Attachment): string {
  return a.ipv4 ?? a.ipv6 ?? "";
}

/** The same address family on both sides: IPv4 when both have it. */
function pairAddresses(from: Attachment, to: Attachment): { src: string | null; dst: string } {
  if (from.ipv4 && to.ipv4) return { src: from.ipv4, dst: to.ipv4 };
  if (from.ipv6 && to.ipv6) return { src: from.ipv6, dst: to.ipv6 };
  return { src: null, dst: addressOf(to) };
}

/** What the DOCKER-USER chain does to an exchange on a host: the verdict and why. */
const withinRules = indexMemo<FirewallRuleDto[]>();

/**
 * The DOCKER-USER rules that can match traffic between two containers of one bridge network (both ends inside
 * its subnets, through its bridge): most rules name other addresses or interfaces, and the matrix asks every pair.
 */
function rulesWithin(ix: AnalysisIndex, rules: readonly FirewallRuleDto[], n: NetworkDto): FirewallRuleDto[] {
  return withinRules(ix, `${n.engine}/${n.id}`, () => {
    const subnets = n.ipam.config.flatMap((c) => {
      const p = c.subnet ? parsePrefix(c.subnet) : null;
      return p ? [p] : [];
    });
    const bridge = bridgeDevice(n);
    const outside = (m: FirewallRuleDto["source"]) => {
      if (!m || m.negate) return false;
      const p = parsePrefix(m.cidr.includes("/") ? m.cidr : `${m.cidr}/${m.cidr.includes(":") ? 128 : 32}`);
      return p !== null && subnets.length > 0 && !subnets.some((sn) => overlaps(sn, p));
    };
    const elsewhere = (m: FirewallRuleDto["inInterface"]) =>
      !!m && !m.negate && !m.name.endsWith("+") && m.name !== bridge;
    return rules.filter(
      (rule) =>
        !outside(rule.source) &&
        !outside(rule.destination) &&
        !elsewhere(rule.inInterface) &&
        !elsewhere(rule.outInterface),
    );
  });
}

function firewallVerdict(
  ix: AnalysisIndex,
  engine: string,
  packet: Omit<Packet, "state">,
  /** Both ends are on this bridge network: only the rules that can match inside it are walked. */
  within: NetworkDto | null = null,
): { verdict: Verdict; why: Why[] } {
  const facts = ix.facts(engine);
  if (!facts || facts.firewall === null) {
    return {
      verdict: "unknown",
      why: [no("firewall-unknown", { why: facts?.firewallUnavailable ?? facts?.unavailable ?? "not read" })],
    };
  }
  const rules = within ? rulesWithin(ix, facts.firewall.dockerUser, within) : facts.firewall.dockerUser;
  if (rules.length === 0 || (rules.length === 1 && rules[0]?.target === "RETURN" && !rules[0].source))
    return { verdict: "yes", why: [] };
  const answer = evaluateExchange(rules, packet);
  const data = { rules: answer.rules.map((r) => r.text).join("\n") };
  switch (answer.decision) {
    case "drop":
      return { verdict: "no", why: [no("firewall", data)] };
    case "partial":
      return { verdict: "partial", why: [no("firewall", { ...data, partial: "yes" })] };
    case "unknown":
      return {
        verdict: "unknown",
        why: [no("firewall-unknown", { ...data, why: "a rule this model cannot evaluate" })],
      };
    default:
      return {
        verdict: "yes",
        why: answer.rules.length ? [note("firewall", { ...data, accepted: "yes" })] : [],
      };
  }
}

/**
 * The host's INPUT chain, for traffic to the host itself (a host-stack container, docker-proxy): its rules in order,
 * then its policy. Without a probe, a TCP connection and a ping are asked (Docker's own INPUT rules concern VXLAN).
 */
const inputAnswers = indexMemo<{ verdict: Verdict; why: Why[] }>();

/** The same question of the INPUT chain comes back for every container that reaches one port: asked once. */
function inputVerdict(
  ix: AnalysisIndex,
  engine: string,
  src: string | null,
  dst: string | null,
  inIf: string | null,
  probe?: Probe,
): { verdict: Verdict; why: Why[] } {
  const k = `${engine}|${src}|${dst}|${inIf}|${probe?.protocol}|${probe?.port}`;
  return inputAnswers(ix, k, () => readInput(ix, engine, src, dst, inIf, probe));
}

function readInput(
  ix: AnalysisIndex,
  engine: string,
  src: string | null,
  dst: string | null,
  inIf: string | null,
  probe?: Probe,
): { verdict: Verdict; why: Why[] } {
  const facts = ix.facts(engine);
  const input = facts?.firewall?.input;
  if (!input)
    return {
      verdict: "unknown",
      why: [no("firewall-unknown", { why: facts?.firewallUnavailable ?? facts?.unavailable ?? "not read" })],
    };
  const asks: Probe[] = probe ? [probe] : [{ protocol: "tcp" }, { protocol: "icmp" }];
  const verdicts = asks.map((q) => {
    const answer = evaluate(input.rules, {
      src,
      dst,
      inIf,
      outIf: null,
      protocol: q.protocol,
      dport: q.port ?? null,
      sport: "ephemeral",
      state: "NEW",
    });
    const decision =
      answer.decision === "pass" ? (input.policy === "ACCEPT" ? "accept" : "drop") : answer.decision;
    return { decision, rules: answer.rules };
  });
  const rules = [...new Set(verdicts.flatMap((v) => v.rules.map((r) => r.text)))].join("\n");
  const all = (d: string) => verdicts.every((v) => v.decision === d);
  if (all("accept")) return { verdict: "yes", why: [] };
  if (verdicts.some((v) => v.decision === "unknown"))
    return {
      verdict: "unknown",
      why: [
        no("firewall-unknown", { why: "a rule of the host's INPUT chain this model cannot evaluate", rules }),
      ],
    };
  if (all("drop"))
    return {
      verdict: "no",
      why: [no("firewall", { rules: rules || `INPUT policy ${input.policy}`, chain: "INPUT" })],
    };
  return {
    verdict: "partial",
    why: [no("firewall", { rules: rules || `INPUT policy ${input.policy}`, chain: "INPUT", partial: "yes" })],
  };
}

/** Every subnet of an engine's networks: an outside machine's address is in none of them. */
const subnetsOf = indexMemo<string[]>();

function dockerSubnets(ix: AnalysisIndex, engine: string): string[] {
  return subnetsOf(ix, engine, () =>
    ix.model.networks
      .filter((n) => n.engine === engine)
      .flatMap((n) => n.ipam.config.flatMap((c) => (c.subnet ? [c.subnet] : []))),
  );
}

/** The worse of two verdicts (for a route that must pass several checks). */
export function worse(a: Verdict, b: Verdict): Verdict {
  const rank: Record<Verdict, number> = { no: 0, unknown: 1, partial: 2, yes: 3 };
  return rank[a] <= rank[b] ? a : b;
}

/** The better of two verdicts (for a pair that has several routes). */
export function better(a: Verdict, b: Verdict): Verdict {
  const rank: Record<Verdict, number> = { no: 0, unknown: 1, partial: 2, yes: 3 };
  return rank[a] >= rank[b] ? a : b;
}

function route(
  kind: RouteCore["kind"],
  parts: Partial<RouteCore> & { to: string; verdict: Verdict; why: Why[] },
): RouteCore {
  return { kind, network: null, fromAtt: null, toAtt: null, from: null, port: null, ...parts };
}

function nodeAddress(ix: AnalysisIndex, engine: string): string | null {
  const e = ix.model.engines.find((x) => x.id === engine);
  return e?.swarm?.nodeAddress ?? null;
}

/** A → B's address on network N, when both have addresses (A's own stack or the host's). */
export function directRoute(ix: AnalysisIndex, a: Stack, t: Attachment, probe?: Probe): RouteCore {
  const n = t.network;
  const to = addressOf(t);
  const base = { network: n, toAtt: t, to };
  const engineA = a.container.engine;
  if (a.mode === "host") {
    if (n.engine !== engineA)
      return route("network", { ...base, verdict: "no", why: [no("different-engines")] });
    if (n.driver === "bridge")
      return route("network", { ...base, verdict: "yes", why: [note("host-stack", { side: "from" })] });
    return route("network", {
      ...base,
      verdict: "no",
      why: [no("host-stack", { side: "from", driver: n.driver })],
    });
  }
  const s = a.attachments.find(
    (x) => x.network.id === n.id && (x.network.engine === n.engine || n.scope === "swarm"),
  );
  if (!s) {
    const cross = n.engine !== engineA && n.scope !== "swarm";
    return route("network", {
      ...base,
      verdict: "no",
      why: [no(cross ? "different-engines" : "no-shared-network")],
    });
  }
  const { src, dst } = pairAddresses(s, t);
  const parts = { ...base, fromAtt: s, from: src, to: dst };
  switch (n.driver) {
    case "bridge": {
      const facts = ix.facts(n.engine);
      if (facts?.bridgeNetfilter === false)
        return route("network", {
          ...parts,
          verdict: "yes",
          why: [note("shared-network"), note("bridge-netfilter-off")],
        });
      if (!iccEnabled(n)) return route("network", { ...parts, verdict: "no", why: [no("icc-off")] });
      const bridge = bridgeDevice(n);
      const fw = firewallVerdict(
        ix,
        n.engine,
        {
          src,
          dst,
          inIf: bridge,
          outIf: bridge,
          protocol: probe?.protocol ?? null,
          dport: probe?.port ?? null,
          sport: "ephemeral",
        },
        n,
      );
      return route("network", { ...parts, verdict: fw.verdict, why: [note("shared-network"), ...fw.why] });
    }
    case "overlay": {
      if (s.network.engine === t.network.engine)
        return route("network", { ...parts, verdict: "yes", why: [note("shared-network")] });
      return route("network", { ...parts, ...overlayAcross(ix, s, t) });
    }
    case "macvlan":
    case "ipvlan":
      return route("network", {
        ...parts,
        verdict: s.network.engine === t.network.engine ? "yes" : "unknown",
        why: [note("shared-network")],
      });
    default:
      return route("network", {
        ...parts,
        verdict: "unknown",
        why: [no("driver-unknown", { driver: n.driver })],
      });
  }
}

/** An overlay between two hosts: both must have the network, and an encrypted one needs IPsec both ways. */
function overlayAcross(ix: AnalysisIndex, s: Attachment, t: Attachment): { verdict: Verdict; why: Why[] } {
  const hostA = nodeAddress(ix, s.network.engine);
  const hostB = nodeAddress(ix, t.network.engine);
  const data = { hostA: hostA ?? "?", hostB: hostB ?? "?" };
  const peers = s.network.peers?.map((p) => p.ip) ?? null;
  if (peers && hostA && hostB && (!peers.includes(hostA) || !peers.includes(hostB)))
    return { verdict: "no", why: [no("overlay-peer-missing", data)] };
  const why: Why[] = [note("shared-network", { ...data, tunnel: "yes" })];
  if (!isEncrypted(s.network)) return { verdict: "yes", why };
  const fa = ix.facts(s.network.engine);
  const fb = ix.facts(t.network.engine);
  if (!fa || !fb || fa.unavailable || fb.unavailable || !hostA || !hostB)
    return { verdict: "unknown", why: [...why, no("ipsec-unknown", data)] };
  const out = fa.ipsec.filter((p) => p.to === hostB);
  const back = fb.ipsec.filter((p) => p.to === hostA);
  if ([...out, ...back].some((p) => !p.installed))
    return { verdict: "no", why: [...why, no("ipsec-missing", data)] };
  if (out.length === 0 || back.length === 0)
    return { verdict: "unknown", why: [...why, no("ipsec-unknown", data)] };
  return { verdict: "yes", why: [...why, note("ipsec-missing", { ...data, installed: "yes" })] };
}

/** The address A reaches its own host at, and the bridge that traffic enters by. */
type HostEntry = { address: string; via: Attachment | null; bridge: string | null } | null;
const entries = new WeakMap<Stack, HostEntry>();

export function hostEntry(ix: AnalysisIndex, a: Stack): HostEntry {
  let entry = entries.get(a);
  if (entry === undefined) {
    entry = findHostEntry(ix, a);
    entries.set(a, entry);
  }
  return entry;
}

function findHostEntry(ix: AnalysisIndex, a: Stack): HostEntry {
  const bridgeAtt = a.attachments.find((x) => x.network.driver === "bridge");
  if (bridgeAtt) {
    const device = bridgeDevice(bridgeAtt.network);
    // Docker 26 reports no gateway for an --internal network, yet its bridge holds the first address: read it.
    const held = ix
      .facts(bridgeAtt.network.engine)
      ?.bridges.find((b) => b.name === device)
      ?.addresses.find((x) => !x.includes(":"));
    const gw =
      bridgeAtt.endpoint.gateway ??
      bridgeAtt.network.ipam.config.find((c) => c.gateway && !c.gateway.includes(":"))?.gateway ??
      held?.split("/")[0] ??
      null;
    if (gw) return { address: gw, via: bridgeAtt, bridge: device };
  }
  // Overlay-only: the default route is docker_gwbridge (eth1, not listed by docker inspect).
  if (a.attachments.some((x) => x.network.driver === "overlay")) {
    const gwbridge = ix.model.networks.find(
      (n) => n.engine === a.container.engine && n.name === "docker_gwbridge",
    );
    const gw = gwbridge?.ipam.config.find((c) => c.gateway)?.gateway ?? null;
    if (gw && gwbridge) return { address: gw, via: null, bridge: bridgeDevice(gwbridge) };
  }
  return null;
}

/** A → the host B shares (--network host): B listens on the host's own addresses. */
export function hostRoute(ix: AnalysisIndex, a: Stack, engineB: string, probe?: Probe): RouteCore {
  if (a.container.engine !== engineB)
    return route("host", {
      to: `host ${engineB}`,
      verdict: "unknown",
      why: [no("different-engines", { host: "yes" })],
    });
  const entry = hostEntry(ix, a);
  if (!entry) {
    const macvlan = a.attachments.some(
      (x) => x.network.driver === "macvlan" || x.network.driver === "ipvlan",
    );
    return route("host", {
      to: "the host",
      verdict: "no",
      why: [no(macvlan ? "macvlan-host" : "no-gateway")],
    });
  }
  const input = inputVerdict(ix, engineB, entry.via?.ipv4 ?? null, entry.address, entry.bridge, probe);
  return route("host", {
    network: entry.via?.network ?? null,
    fromAtt: entry.via,
    from: entry.via ? addressOf(entry.via) : null,
    to: entry.address,
    verdict: input.verdict,
    why: [
      note("host-stack", {
        side: "to",
        address: entry.address,
        internal: entry.via?.network.internal ? "yes" : "",
      }),
      ...input.why,
    ],
  });
}

function isLoopback(ip: string): boolean {
  return ip.startsWith("127.") || ip === "::1";
}

function isAny(ip: string | null): boolean {
  return ip === null || ip === "0.0.0.0" || ip === "::";
}

/** A → one of B's published ports, through an address of their (shared) host. */
const publishedVerdicts = indexMemo<RouteCore>();
const entryKeys = new WeakMap<Stack, string>();

/** How a container enters its host (for published ports): containers that enter alike get the same answers. */
function entryKey(ix: AnalysisIndex, a: Stack): string {
  let k = entryKeys.get(a);
  if (k === undefined) {
    const entry = hostEntry(ix, a);
    k = `${a.mode}|${a.container.engine}|${entry?.address}|${entry?.bridge}|${entry?.via?.networkKey}`;
    entryKeys.set(a, k);
  }
  return k;
}

/**
 * publishedRoute for the matrix, where only the verdict is read: it depends on how A enters its host, not on which
 * container A is, so containers that enter alike share one answer per port. (A hairpin into a network B is on also
 * depends on A's own address: that one is worked out each time.)
 */
export function publishedVerdict(
  ix: AnalysisIndex,
  a: Stack,
  b: Stack,
  port: PortDto,
  probe?: Probe,
): RouteCore {
  const via = hostEntry(ix, a)?.via;
  if (probe || (via && b.networkKeys.has(via.networkKey))) return publishedRoute(ix, a, b, port, probe);
  const k = `${entryKey(ix, a)}|${b.owner.engine}/${b.owner.id}|${port.hostIp}:${port.hostPort}->${port.containerPort}/${port.protocol}`;
  return publishedVerdicts(ix, k, () => publishedRoute(ix, a, b, port));
}

export function publishedRoute(
  ix: AnalysisIndex,
  a: Stack,
  b: Stack,
  port: PortDto,
  probe?: Probe,
): RouteCore {
  const engine = b.owner.engine;
  const bind = port.hostIp;
  const portInfo = { number: port.hostPort ?? 0, protocol: port.protocol };
  const target = (host: string) => `${host.includes(":") ? `[${host}]` : host}:${port.hostPort}`;
  if (a.container.engine !== engine)
    return route("published", {
      to: target(bind && !isAny(bind) ? bind : `host ${engine}`),
      port: portInfo,
      verdict: "unknown",
      why: [no("different-engines", { host: "yes" })],
    });
  if (a.mode === "host") {
    const to = target(bind && !isAny(bind) ? bind : "127.0.0.1");
    const input = inputVerdict(ix, engine, "127.0.0.1", "127.0.0.1", "lo", {
      protocol: "tcp",
      port: port.hostPort ?? undefined,
    });
    return route("published", {
      to,
      port: portInfo,
      verdict: input.verdict,
      why: [note("host-stack", { side: "from", published: "yes" }), ...input.why],
    });
  }
  if (bind && isLoopback(bind))
    return route("published", {
      to: target(bind),
      port: portInfo,
      verdict: "no",
      why: [no("loopback-only", { bind })],
    });
  const entry = hostEntry(ix, a);
  if (!entry)
    return route("published", {
      to: target(bind ?? "host"),
      port: portInfo,
      verdict: "no",
      why: [no("no-gateway")],
    });
  const to = target(isAny(bind) ? entry.address : (bind as string));
  const base = {
    network: entry.via?.network ?? null,
    fromAtt: entry.via,
    from: entry.via ? addressOf(entry.via) : null,
    to,
    port: portInfo,
  };
  const facts = ix.facts(engine);
  if (!facts?.firewall)
    return route("published", {
      ...base,
      verdict: "unknown",
      why: [no("firewall-unknown", { why: facts?.firewallUnavailable ?? facts?.unavailable ?? "not read" })],
    });
  if (entry.bridge && facts.firewall.proxied.includes(entry.bridge)) {
    const input = inputVerdict(ix, engine, entry.via?.ipv4 ?? null, entry.address, entry.bridge, {
      protocol: "tcp",
      port: port.hostPort ?? undefined,
    });
    return route("published", {
      ...base,
      verdict: input.verdict,
      why: [note("proxied", { bridge: entry.bridge }), ...input.why],
    });
  }
  // No proxy for this bridge: the port is translated (DNAT) to B's address, and the packet is forwarded there.
  const dnat = facts.firewall.dnat.find(
    (d) =>
      d.hostPort === port.hostPort &&
      d.protocol === port.protocol &&
      (d.hostIp === null || d.hostIp === bind || isAny(bind)),
  );
  const landing = dnat
    ? b.attachments.find((x) => x.ipv4 === dnat.address || x.ipv6 === dnat.address)
    : undefined;
  if (!dnat || !landing)
    return route("published", {
      ...base,
      verdict: "unknown",
      why: [
        no("firewall-unknown", { why: `no NAT rule for port ${port.hostPort}/${port.protocol} was found` }),
      ],
    });
  if (!entry.via || entry.via.network.id !== landing.network.id)
    return route("published", {
      ...base,
      toAtt: landing,
      verdict: "no",
      why: [no("nat-isolation", { landing: landing.network.name, address: dnat.address })],
    });
  if (!iccEnabled(landing.network))
    return route("published", { ...base, toAtt: landing, verdict: "no", why: [no("icc-off")] });
  const bridge = bridgeDevice(landing.network);
  const fw = firewallVerdict(
    ix,
    engine,
    {
      src: entry.via.ipv4,
      dst: dnat.address,
      inIf: bridge,
      outIf: bridge,
      protocol:
        probe?.protocol === "icmp" ? "tcp" : (probe?.protocol ?? (port.protocol as Probe["protocol"])),
      dport: dnat.port,
      sport: "ephemeral",
    },
    landing.network,
  );
  return route("published", {
    ...base,
    toAtt: landing,
    verdict: fw.verdict,
    why: [note("hairpin", { address: dnat.address }), ...fw.why],
  });
}

/** A → a swarm service's VIP on an overlay both are on (IPVS balances it over the running tasks). */
export function vipRoute(
  ix: AnalysisIndex,
  a: Stack,
  service: { id: string; name: string },
  vip: { network: NetworkDto; address: string },
  probe?: Probe,
): RouteCore {
  const s = a.attachments.find((x) => x.network.id === vip.network.id);
  const base = { network: vip.network, fromAtt: s ?? null, from: s ? addressOf(s) : null, to: vip.address };
  if (!s) return route("vip", { ...base, verdict: "no", why: [no("no-shared-network")] });
  const running = ix.model.tasks.filter((t) => t.serviceId === service.id && t.state === "running").length;
  if (running === 0)
    return route("vip", { ...base, verdict: "no", why: [no("no-tasks", { service: service.name })] });
  const ipvs = ix.facts(a.container.engine)?.ipvs ?? null;
  if (ipvs === false)
    return route("vip", { ...base, verdict: "no", why: [no("ipvs-missing", { service: service.name })] });
  if (ipvs === null)
    return route("vip", {
      ...base,
      verdict: "unknown",
      why: [
        note("service-vip", { service: service.name }),
        no("firewall-unknown", { why: "whether this host's kernel has IPVS could not be read" }),
      ],
    });
  // IPVS hands each connection to one running task: it works as far as A reaches those tasks.
  const behind = ix.model.tasks
    .filter((t) => t.serviceId === service.id && t.state === "running")
    .map((t) => {
      const c = ix.model.containers.find((x) => x.id === t.containerId);
      const att = c ? ix.attachmentsOf(c).find((x) => x.network.id === vip.network.id) : undefined;
      return att ? directRoute(ix, a, att, probe).verdict : "unknown";
    });
  const reached = behind.filter((v) => v === "yes").length;
  const verdict: Verdict =
    reached === behind.length
      ? "yes"
      : reached > 0
        ? "partial"
        : behind.includes("unknown")
          ? "unknown"
          : "no";
  return route("vip", {
    ...base,
    verdict,
    why: [
      note("service-vip", {
        service: service.name,
        tasks: String(running),
        ...(reached < behind.length ? { reached: String(reached) } : {}),
      }),
    ],
  });
}

/** Whether `address` lies in one of the host's routes (directly connected or the default route). */
function hostRoutes(
  ix: AnalysisIndex,
  engine: string,
  dest: string | null,
): { verdict: Verdict; why: Why[] } {
  const facts = ix.facts(engine);
  const routes = facts?.routes;
  if (!routes)
    return {
      verdict: "unknown",
      why: [no("outside-unknown", { why: facts?.unavailable ?? "the host's routes were not read" })],
    };
  const connected = routes.connected.map((r) => r.prefix).join(", ");
  if (dest !== null) {
    const inConnected = routes.connected.some((r) => prefixHas(r.prefix, dest));
    if (inConnected || routes.defaultVia || routes.defaultDevice) return { verdict: "yes", why: [] };
    return { verdict: "no", why: [no("no-route-out", { connected, dest })] };
  }
  if (routes.defaultVia || routes.defaultDevice) return { verdict: "yes", why: [] };
  return { verdict: "partial", why: [no("no-route-out", { connected })] };
}

function prefixHas(prefix: string, address: string): boolean {
  const [base, bits] = prefix.split("/");
  if (!base || !bits || base.includes(":") || address.includes(":")) return false;
  const toInt = (ip: string) => ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(address) / size) === Math.floor(toInt(base) / size);
}

/** A → outside its host (`dest`: one address out there, or null for "anywhere"). */
export function outsideRoute(
  ix: AnalysisIndex,
  a: Stack,
  dest: string | null = null,
  probe?: Probe,
): RouteCore {
  const to = dest ?? "outside";
  const engine = a.container.engine;
  if (a.mode === "host") {
    const r = hostRoutes(ix, engine, dest);
    return route("outside", {
      to,
      verdict: r.verdict,
      why: [note("host-stack", { side: "from", outside: "yes" }), ...r.why],
    });
  }
  const d = defaultRoute(a);
  const overlayOnly = !d && a.attachments.some((x) => x.network.driver === "overlay");
  if (!d && !overlayOnly) {
    const internal = a.attachments.length > 0 && a.attachments.every((x) => x.network.internal);
    return route("outside", { to, verdict: "no", why: [no(internal ? "internal" : "no-gateway")] });
  }
  if (d?.network.internal)
    return route("outside", {
      network: d.network,
      fromAtt: d,
      from: addressOf(d),
      to,
      verdict: "no",
      why: [no("internal")],
    });
  if (d && (d.network.driver === "macvlan" || d.network.driver === "ipvlan"))
    return route("outside", {
      network: d.network,
      fromAtt: d,
      from: addressOf(d),
      to,
      verdict: "yes",
      why: [note("macvlan-host", { outside: "yes" })],
    });
  const net =
    d?.network ?? ix.model.networks.find((n) => n.engine === engine && n.name === "docker_gwbridge") ?? null;
  const base = { network: net, fromAtt: d, from: d ? addressOf(d) : null, to };
  if (net && net.driver === "bridge" && !masquerades(net))
    return route("outside", { ...base, verdict: "no", why: [no("masquerade-off")] });
  const fw = firewallVerdict(ix, engine, {
    unknownNotIn: dockerSubnets(ix, engine),
    src: d?.ipv4 ?? null,
    dst: dest,
    inIf: net ? bridgeDevice(net) : null,
    outIf: null,
    protocol: probe?.protocol ?? null,
    dport: probe?.port ?? null,
    sport: "ephemeral",
  });
  const r = hostRoutes(ix, engine, dest);
  return route("outside", { ...base, verdict: worse(fw.verdict, r.verdict), why: [...fw.why, ...r.why] });
}

/** Outside → one of B's published ports (from another machine that reaches B's host). */
export function inboundRoute(ix: AnalysisIndex, b: Stack, port: PortDto, probe?: Probe): RouteCore {
  const bind = port.hostIp;
  const to = `${bind && !isAny(bind) ? bind : "every host address"}:${port.hostPort}`;
  const portInfo = { number: port.hostPort ?? 0, protocol: port.protocol };
  if (bind && isLoopback(bind))
    return route("published", {
      to,
      port: portInfo,
      verdict: "no",
      why: [no("loopback-only", { bind, inbound: "yes" })],
    });
  const facts = ix.facts(b.owner.engine);
  const dnat = facts?.firewall?.dnat.find(
    (d) => d.hostPort === port.hostPort && d.protocol === port.protocol,
  );
  const landing = dnat
    ? b.attachments.find((x) => x.ipv4 === dnat.address || x.ipv6 === dnat.address)
    : b.attachments[0];
  const fw = firewallVerdict(ix, b.owner.engine, {
    unknownNotIn: dockerSubnets(ix, b.owner.engine),
    src: null,
    dst: dnat?.address ?? (landing ? addressOf(landing) : null),
    inIf: null,
    outIf: landing ? bridgeDevice(landing.network) : null,
    protocol: (port.protocol as Probe["protocol"]) ?? probe?.protocol ?? null,
    dport: dnat?.port ?? port.containerPort,
    sport: "ephemeral",
  });
  return route("published", {
    network: landing?.network ?? null,
    toAtt: landing ?? null,
    to,
    port: portInfo,
    verdict: fw.verdict,
    why: [note("proxied", { inbound: "yes", bind: bind ?? "0.0.0.0" }), ...fw.why],
  });
}
