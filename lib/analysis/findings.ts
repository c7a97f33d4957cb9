// Findings: what a careful reviewer of this topology would point out, each with its severity, the elements
// involved (for the map to focus), why it matters and the fix. Computed from the same facts as reach and names,
// so they change as the topology does. Pure.
import type { FindingDto, FindingKind, FindingsDto, Severity } from "@/lib/api/reach";
import { operands, shellCommand } from "@/lib/api/shell";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import { formatPort } from "@/lib/topology/format";
import { elementId } from "@/lib/topology/model";
import { isEncrypted } from "@/lib/topology/swarm-graph";
import type { TierMap } from "@/lib/topology/tiers";
import { overlaps, parsePrefix } from "./cidr";
import { hostsFile, networkRecords, resolveFrom } from "./dns";
import { pairVerdict } from "./reach";
import { ipsecFix, ipvsFix } from "./reach-text";
import { type AnalysisIndex, isDefaultBridge, isRunning } from "./stacks";

const SEVERITY_ORDER: Severity[] = ["high", "medium", "low", "info"];
/** A pathological topology must not make the list unreadable or the answer slow. */
export const MAX_FINDINGS_PER_KIND = 50;

const cid = (c: ContainerDto) => elementId.container(c.engine, c.id);
const nid = (n: NetworkDto) => elementId.network(n.engine, n.id);

function finding(
  kind: FindingKind,
  severity: Severity,
  elements: string[],
  parts: Pick<FindingDto, "title" | "why" | "fix"> & { engine?: string | null; id?: string },
): FindingDto {
  return {
    id: parts.id ?? `${kind}:${[...elements].sort().join(",")}`,
    kind,
    severity,
    title: parts.title,
    why: parts.why,
    fix: parts.fix,
    elements,
    engine: parts.engine ?? null,
  };
}

/** Names a container's configuration uses that Docker will not resolve from it, and the default-bridge case. */
function unresolvedNames(ix: AnalysisIndex): FindingDto[] {
  const out: FindingDto[] = [];
  for (const c of ix.model.containers) {
    if (!isRunning(c) || c.namesUsed.length === 0) continue;
    const hosts = new Set(hostsFile(ix, c).map((h) => h.name.toLowerCase()));
    for (const name of c.namesUsed) {
      if (hosts.has(name) || resolveFrom(ix, c, name)) continue;
      const target =
        ix.model.containers.find((x) => x.engine === c.engine && x.name.toLowerCase() === name) ??
        ix.model.containers.find((x) => x.engine === c.engine && x.hostname.toLowerCase() === name);
      // Names of things that are not containers here (an outside host) are none of Docker's business.
      const alias = ix.model.endpoints.some(
        (e) => e.engine === c.engine && (e.aliases ?? []).some((a) => a.toLowerCase() === name),
      );
      if (!target && !alias) continue;
      const sc = ix.stack(c);
      const onlyDefault =
        target &&
        sc.attachments.length > 0 &&
        sc.attachments.every((a) => isDefaultBridge(a.network)) &&
        ix.stack(target).attachments.some((a) => isDefaultBridge(a.network));
      const elements = [cid(c), ...(target ? [cid(target)] : [])];
      if (onlyDefault && target) {
        out.push(
          finding("default-bridge-by-name", "high", elements, {
            engine: c.engine,
            title: `${c.name} addresses ${target.name} by name on the default bridge`,
            why: `${c.name}'s configuration uses the name "${name}", but both are only on the default bridge, which has no DNS: the lookup fails, and the connection with it.`,
            fix: {
              text: "Put both on a user-defined network, where names resolve:",
              command: [
                shellCommand("docker", "network", "create", ...operands(`${c.name}-net`)),
                shellCommand("docker", "network", "connect", ...operands(`${c.name}-net`, c.name)),
                shellCommand("docker", "network", "connect", ...operands(`${c.name}-net`, target.name)),
              ].join(" && "),
            },
          }),
        );
      } else {
        const net = target
          ? ix.stack(target).attachments.find((a) => !isDefaultBridge(a.network))?.network
          : undefined;
        out.push(
          finding("unresolved-name", "high", elements, {
            engine: c.engine,
            title: `"${name}" does not resolve from ${c.name}`,
            why: `${c.name}'s configuration uses the name "${name}"${target ? ` (container ${target.name})` : ""}, but none of ${c.name}'s networks answers it: ${target ? (isRunning(target) ? "they share no user-defined network" : `${target.name} is ${target.state}`) : "no container on its networks has that alias"}.`,
            fix:
              net && target && isRunning(target)
                ? {
                    text: `Connect ${c.name} to ${net.name}:`,
                    command: shellCommand("docker", "network", "connect", ...operands(net.name, c.name)),
                    connect: { engine: net.engine, networkId: net.id, containerId: c.id },
                  }
                : null,
          }),
        );
      }
    }
  }
  return out;
}

function publishedOnAll(ix: AnalysisIndex): FindingDto[] {
  return ix.model.containers.flatMap((c) => {
    const all = c.ports.filter(
      (p) => p.hostPort !== null && (p.hostIp === null || p.hostIp === "0.0.0.0" || p.hostIp === "::"),
    );
    if (all.length === 0 || !isRunning(c)) return [];
    const ports = [...new Set(all.map((p) => formatPort({ ...p, hostIp: null })))];
    return [
      finding("published-all-addresses", "medium", [cid(c)], {
        engine: c.engine,
        title: `${c.name} publishes ${ports.join(", ")} on every address of the host`,
        why: "Anything that reaches the host on any of its networks can connect, and Docker's rules put these ports ahead of the host's own firewall (ufw and firewalld rules do not apply to them).",
        fix: {
          text: "If only the host itself needs it, bind it to loopback when you run it:",
          command: `${shellCommand("docker", "run", "-p", `127.0.0.1:${all[0]?.hostPort}:${all[0]?.containerPort}`)} …`,
        },
      }),
    ];
  });
}

function hostNetwork(ix: AnalysisIndex): FindingDto[] {
  return ix.model.containers
    .filter((c) => c.networkMode === "host")
    .map((c) =>
      finding("host-network", "medium", [cid(c)], {
        engine: c.engine,
        title: `${c.name} uses the host's network stack`,
        why: "It listens on the host's own addresses with no isolation: every port it opens is open on the host, and it sees all of the host's traffic and interfaces.",
        fix: {
          text: "Run it on a network of its own and publish only what it serves:",
          command: shellCommand(
            "docker",
            "run",
            "--network",
            "NETWORK",
            "-p",
            "PORT:PORT",
            ...operands(c.image),
          ),
        },
      }),
    );
}

function tierCrossing(ix: AnalysisIndex, tiers: TierMap | undefined): FindingDto[] {
  if (!tiers) return [];
  const tierOf = (c: ContainerDto) => tiers.get(cid(c))?.tier;
  const pub = ix.model.containers.filter((c) => isRunning(c) && tierOf(c) === "public");
  const data = ix.model.containers.filter((c) => isRunning(c) && tierOf(c) === "data");
  const out: FindingDto[] = [];
  for (const d of data) {
    const from = pub.filter((p) => p !== d && ["yes", "partial"].includes(pairVerdict(ix, p, d)));
    if (from.length === 0) continue;
    out.push(
      finding("tier-crossing", "high", [cid(d), ...from.map(cid)], {
        engine: d.engine,
        title: `Data-tier ${d.name} is reachable from the public tier (${from
          .map((p) => p.name)
          .slice(0, 3)
          .join(", ")}${from.length > 3 ? "…" : ""})`,
        why: `A public-tier container that is broken into can talk to ${d.name} directly. Data should be reached only through the tier in between.`,
        fix: (() => {
          const p = from[0] as ContainerDto;
          const shared = ix
            .stack(p)
            .attachments.find((a) => ix.stack(d).attachments.some((b) => b.network.id === a.network.id));
          if (shared)
            return {
              text: `Take ${p.name} off ${shared.network.name}, if it does not need ${d.name}:`,
              command: shellCommand(
                "docker",
                "network",
                "disconnect",
                ...operands(shared.network.name, p.name),
              ),
            };
          if (ix.stack(p).mode === "host")
            return {
              text: `${p.name} is on the host's stack, from where every bridge is reachable: run it on a network of its own and publish its ports instead.`,
              command: shellCommand(
                "docker",
                "run",
                "--network",
                "NETWORK",
                "-p",
                "PORT:PORT",
                ...operands(p.image),
              ),
            };
          return null;
        })(),
      }),
    );
  }
  return out;
}

function aliasMixedImages(ix: AnalysisIndex): FindingDto[] {
  const out: FindingDto[] = [];
  for (const n of ix.model.networks) {
    if (n.scope === "swarm" && n.engine !== ix.model.networks.find((m) => m.id === n.id)?.engine) continue;
    for (const r of networkRecords(ix, n).values()) {
      if (r.kind !== "alias" || r.members.length < 2) continue;
      const containers = r.members.flatMap((m) => ix.model.containers.filter((c) => c.id === m.id));
      const images = new Set(containers.map((c) => c.image));
      if (images.size < 2) continue;
      // The holder of the rarest image (then by name) is the odd one: it keeps its other aliases.
      const count = (image: string) => containers.filter((c) => c.image === image).length;
      const odd = [...containers].sort(
        (a, b) => count(a.image) - count(b.image) || a.name.localeCompare(b.name),
      )[0] as ContainerDto;
      const keep = (
        ix.model.endpoints.find(
          (e) => e.engine === odd.engine && e.containerId === odd.id && e.networkId === n.id,
        )?.aliases ?? []
      ).filter((a) => a.toLowerCase() !== r.name.toLowerCase() && !(a.length === 12 && odd.id.startsWith(a)));
      out.push(
        finding("alias-mixed-images", "medium", [nid(n), ...containers.map(cid)], {
          engine: n.engine,
          title: `Alias "${r.name}" on ${n.name} is shared by different images (${[...images].join(", ")})`,
          why: `Docker answers "${r.name}" with every holder's address in turn: a client gets ${containers.map((c) => c.name).join(" or ")} at random. With the same image this is load balancing; with different images it is usually an accident.`,
          fix: {
            text: `Reconnect ${odd.name} (${odd.image}) without "${r.name}", keeping its other aliases:`,
            command: `${shellCommand("docker", "network", "disconnect", ...operands(n.name, odd.name))} && ${shellCommand("docker", "network", "connect", ...keep.flatMap((a) => ["--alias", a]), ...operands(n.name, odd.name))}`,
          },
        }),
      );
    }
  }
  return out;
}

function overlappingSubnets(ix: AnalysisIndex): FindingDto[] {
  const pools = ix.model.networks.flatMap((n) =>
    n.configOnly
      ? []
      : n.ipam.config.flatMap((c) => {
          const p = c.subnet ? parsePrefix(c.subnet) : null;
          return p ? [{ n, p, subnet: c.subnet as string }] : [];
        }),
  );
  const out: FindingDto[] = [];
  for (let i = 0; i < pools.length; i++)
    for (let j = i + 1; j < pools.length; j++) {
      const a = pools[i];
      const b = pools[j];
      if (!a || !b || a.n.id === b.n.id || !overlaps(a.p, b.p)) continue;
      const sameEngine = a.n.engine === b.n.engine;
      out.push(
        finding("overlapping-subnets", sameEngine ? "high" : "medium", [nid(a.n), nid(b.n)], {
          engine: sameEngine ? a.n.engine : null,
          title: `${a.n.name} (${a.subnet}) overlaps ${b.n.name} (${b.subnet})${sameEngine ? "" : ` on engine ${b.n.engine}`}`,
          why: sameEngine
            ? "Two networks of one host claim the same addresses: the host's routes point one way, so containers on the other cannot get answers."
            : "Containers on these engines that reach across hosts (published ports, routed networks) cannot tell the two apart: traffic to one goes to the local other.",
          fix: {
            text: `Recreate one of them on a free range, e.g.:`,
            command: shellCommand(
              "docker",
              "network",
              "create",
              "--subnet",
              "10.99.0.0/24",
              ...operands(`${b.n.name}-new`),
            ),
          },
        }),
      );
    }
  return out;
}

/** The underlay MTU of a host: its interface holding the swarm node address. */
function underlayMtu(ix: AnalysisIndex, engine: string): { mtu: number; name: string } | null {
  const facts = ix.facts(engine);
  const address = ix.model.engines.find((e) => e.id === engine)?.swarm?.nodeAddress;
  if (!facts || !address) return null;
  const iface = facts.interfaces.find((i) => i.addresses.some((a) => a.split("/")[0] === address));
  return iface ? { mtu: iface.mtu, name: iface.name } : null;
}

const VXLAN_OVERHEAD = 50;

function overlayMtu(ix: AnalysisIndex): FindingDto[] {
  return ix.model.networks.flatMap((n) => {
    if (n.driver !== "overlay" || n.ingress) return [];
    const mtu = Number(n.options["com.docker.network.driver.mtu"] ?? 1450);
    const under = underlayMtu(ix, n.engine);
    if (!under || mtu + VXLAN_OVERHEAD <= under.mtu) return [];
    return [
      finding("overlay-mtu", "high", [nid(n)], {
        engine: n.engine,
        title: `Overlay ${n.name} has MTU ${mtu}, but its underlay ${under.name} carries only ${under.mtu}`,
        why: `VXLAN adds ${VXLAN_OVERHEAD} bytes: full-size packets (${mtu} + ${VXLAN_OVERHEAD} > ${under.mtu}) are dropped or fragmented between hosts. Small requests work, large answers hang.`,
        fix: {
          text: "Recreate the overlay with an MTU that fits:",
          command: shellCommand(
            "docker",
            "network",
            "create",
            "--driver",
            "overlay",
            "--opt",
            `com.docker.network.driver.mtu=${under.mtu - VXLAN_OVERHEAD}`,
            ...operands(n.name),
          ),
        },
      }),
    ];
  });
}

function ipsecMissing(ix: AnalysisIndex): FindingDto[] {
  const out: FindingDto[] = [];
  const seen = new Set<string>();
  for (const n of ix.model.networks) {
    if (!isEncrypted(n) || seen.has(n.id)) continue;
    seen.add(n.id);
    const copies = ix.model.networks.filter((m) => m.id === n.id);
    const broken: string[] = [];
    for (const a of copies)
      for (const b of copies) {
        const to = ix.model.engines.find((e) => e.id === b.engine)?.swarm?.nodeAddress;
        const facts = ix.facts(a.engine);
        if (a === b || !to || !facts) continue;
        if (facts.ipsec.some((p) => p.to === to && !p.installed)) broken.push(`${a.engine} → ${b.engine}`);
      }
    if (broken.length === 0) continue;
    out.push(
      finding("ipsec-missing", "high", copies.map(nid), {
        title: `Encrypted overlay ${n.name} carries no traffic between hosts: IPsec is missing`,
        why: `Docker installed the policy that sends the overlay's VXLAN through ESP (${broken.join(", ")}), but the kernel refused the security association: every packet between the hosts is dropped. Docker reports the network as fine.`,
        fix: ipsecFix(n.name),
      }),
    );
  }
  return out;
}

function ipvsMissing(ix: AnalysisIndex): FindingDto[] {
  const services = ix.model.services.filter(
    (s) => s.endpointMode !== "dnsrr" || s.ports.some((p) => p.publishMode === "ingress"),
  );
  if (services.length === 0) return [];
  // Only the swarm's own hosts balance its VIPs: a standalone engine without IPVS is none of its business.
  const swarmEngines = new Set(ix.model.engines.filter((e) => e.swarm?.state === "active").map((e) => e.id));
  const hosts = [...ix.hosts.values()].filter((h) => h.ipvs === false && swarmEngines.has(h.engine));
  if (hosts.length === 0) return [];
  return [
    finding(
      "ipvs-missing",
      "high",
      services.map((s) => elementId.service(s.cluster, s.id)),
      {
        id: "ipvs-missing",
        title: `Service VIPs and the routing mesh do not work on ${hosts.map((h) => h.engine).join(", ")}: no IPVS`,
        why: `Docker balances a service's VIP (${services
          .map((s) => s.name)
          .slice(0, 4)
          .join(
            ", ",
          )}) and its published ports through the kernel's IPVS, which these hosts do not have: connections to them go nowhere. Docker only logs "Could not get ipvs family information".`,
        fix: ipvsFix(services[0]?.name ?? "SERVICE"),
      },
    ),
  ];
}

const RISKY_CAPS = new Set([
  "NET_ADMIN",
  "CAP_NET_ADMIN",
  "ALL",
  "SYS_ADMIN",
  "CAP_SYS_ADMIN",
  "NET_RAW",
  "CAP_NET_RAW",
]);

function privileged(ix: AnalysisIndex): FindingDto[] {
  return ix.model.containers.flatMap((c) => {
    const caps = c.capAdd.filter((x) => RISKY_CAPS.has(x.toUpperCase()));
    if (!c.privileged && caps.length === 0) return [];
    return [
      finding("privileged", c.privileged ? "high" : "medium", [cid(c)], {
        engine: c.engine,
        title: c.privileged ? `${c.name} runs privileged` : `${c.name} has ${caps.join(", ")}`,
        why: c.privileged
          ? "A privileged container can change the host's network (routes, iptables, interfaces) and escape its isolation."
          : "With these capabilities it can change its network setup, sniff traffic, and spoof packets on the networks it is on.",
        fix: {
          text: "Run it without them unless it truly manages the network:",
          command: `${shellCommand("docker", "run", ...(c.privileged ? [] : caps.flatMap((x) => ["--cap-drop", x])), ...operands(c.image))} …`,
        },
      }),
    ];
  });
}

/** --internal containers can still reach services listening on the host's own stack, through their bridge. */
function internalReachesHost(ix: AnalysisIndex): FindingDto[] {
  const out: FindingDto[] = [];
  for (const engine of ix.model.engines) {
    const hostStack = ix.model.containers.filter(
      (c) => c.engine === engine.id && c.networkMode === "host" && isRunning(c),
    );
    if (hostStack.length === 0) continue;
    for (const n of ix.model.networks) {
      if (n.engine !== engine.id || !n.internal || n.driver !== "bridge") continue;
      const members = ix.membersOf(n).filter((m) => isRunning(m.container));
      if (members.length === 0) continue;
      out.push(
        finding("internal-reaches-host", "medium", [nid(n), ...hostStack.map(cid)], {
          engine: engine.id,
          title: `Containers on --internal ${n.name} can reach ${hostStack.map((c) => c.name).join(", ")} on the host's stack`,
          why: `--internal only stops forwarding out of the host. The bridge's own address (${n.ipam.config[0]?.gateway ?? "its gateway"}) is the host, so anything listening on the host, such as a --network host container, answers them.`,
          fix: {
            text: "Bind host-stack services to the addresses that need them, or add a host firewall rule (INPUT) for the bridge:",
            command: `${shellCommand("iptables", "-I", "INPUT", "-i", n.options["com.docker.network.bridge.name"] || `br-${n.id.slice(0, 12)}`, "-j", "DROP")}   # on the engine's host`,
          },
        }),
      );
    }
  }
  return out;
}

/** Every finding, most severe first. */
export function findings(ix: AnalysisIndex, tiers?: TierMap): FindingsDto {
  const all = [
    unresolvedNames(ix),
    publishedOnAll(ix),
    hostNetwork(ix),
    tierCrossing(ix, tiers),
    aliasMixedImages(ix),
    overlappingSubnets(ix),
    overlayMtu(ix),
    ipsecMissing(ix),
    ipvsMissing(ix),
    privileged(ix),
    internalReachesHost(ix),
  ].flatMap((list) => list.slice(0, MAX_FINDINGS_PER_KIND));
  const unique = all.filter((f, i) => all.findIndex((g) => g.id === f.id) === i);
  unique.sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.title.localeCompare(b.title),
  );
  return {
    findings: unique,
    hosts: [...ix.hosts.values()].map((h) => ({
      engine: h.engine,
      unavailable: h.unavailable,
      readAt: h.readAt,
    })),
  };
}
