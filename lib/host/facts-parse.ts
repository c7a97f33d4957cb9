// From what one fixed script printed in an engine host's network namespace (iptables-save, two sysctls, `ip -j
// addr`, `ip -j route`, `ip xfrm`) to the host facts the reach model needs: DOCKER-USER rules, which bridges go
// through docker-proxy, where published ports are translated to, routes out, the host's own interfaces, IPsec.
// Pure: tested with outputs recorded from real lab engines.
import type { DnatDto, FirewallRuleDto, HostFactsDto, PortMatch } from "@/lib/api/reach";
import { parseIpsec } from "./ipsec-parse";
import { parseIpJson } from "./linux-parse";

/** The script's sections, each introduced by a line "### <name>". */
export const FACT_SECTIONS = [
  "iptables",
  "bridge-nf",
  "ip-forward",
  "addr",
  "route",
  "xfrm-policy",
  "xfrm-state",
  "ipvs",
] as const;
export type FactSection = (typeof FACT_SECTIONS)[number];

/** Runs in the host's namespace; prints every section even when a command fails (its error is the text). */
export const FACTS_SCRIPT = [
  'echo "### iptables"; iptables-save 2>&1 || echo "### failed $?"',
  'echo "### bridge-nf"; cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>&1',
  'echo "### ip-forward"; cat /proc/sys/net/ipv4/ip_forward 2>&1',
  // Devices on no bridge: the host's own and the bridges themselves, not the thousand veths plugged into them.
  'echo "### addr"; ip -j -d addr show nomaster 2>&1',
  'echo "### route"; ip -j route show 2>&1',
  'echo "### xfrm-policy"; ip xfrm policy 2>/dev/null',
  'echo "### xfrm-state"; ip xfrm state 2>/dev/null',
  'echo "### ipvs"; if [ -e /proc/net/ip_vs ]; then echo 1; else echo 0; fi',
].join("; ");

export function splitSections(text: string): Record<FactSection, string> {
  const out = Object.fromEntries(FACT_SECTIONS.map((s) => [s, ""])) as Record<FactSection, string>;
  let current: FactSection | null = null;
  for (const line of text.split("\n")) {
    const head = /^### (\S+)$/.exec(line);
    if (head && (FACT_SECTIONS as readonly string[]).includes(head[1] ?? "")) {
      current = head[1] as FactSection;
      continue;
    }
    if (current) out[current] += `${line}\n`;
  }
  return out;
}

/** Splits a rule line into words, keeping quoted strings (comments) whole. */
function tokens(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? "");
  return out;
}

function portMatch(text: string, negate: boolean): PortMatch | null {
  const ranges = text.split(",").map((part) => {
    const [from, to] = part.split(":").map(Number);
    return { from: from ?? Number.NaN, to: to ?? from ?? Number.NaN };
  });
  return ranges.every((r) => Number.isInteger(r.from) && Number.isInteger(r.to)) ? { ranges, negate } : null;
}

/** Modules whose options only name or restrict what the model already reads (or restrict nothing). */
const PLAIN_MODULES = new Set(["tcp", "udp", "multiport", "conntrack", "state", "comment"]);

/** One `-A <chain> …` line as a rule; options the model does not evaluate are kept in `unknown`. */
export function parseRule(line: string): FirewallRuleDto {
  const words = tokens(line);
  const rule: FirewallRuleDto = {
    text: line.trim(),
    target: "",
    source: null,
    destination: null,
    inInterface: null,
    outInterface: null,
    protocol: null,
    dports: null,
    sports: null,
    states: null,
    unknown: [],
  };
  let negate = false;
  for (let i = 2; i < words.length; i++) {
    const word = words[i] ?? "";
    const next = () => words[++i] ?? "";
    if (word === "!") {
      negate = true;
      continue;
    }
    switch (word) {
      case "-s":
        rule.source = { cidr: next(), negate };
        break;
      case "-d":
        rule.destination = { cidr: next(), negate };
        break;
      case "-i":
        rule.inInterface = { name: next(), negate };
        break;
      case "-o":
        rule.outInterface = { name: next(), negate };
        break;
      case "-p":
        rule.protocol = { name: next().toLowerCase(), negate };
        break;
      case "-m": {
        const module = next();
        if (!PLAIN_MODULES.has(module)) rule.unknown.push(`-m ${module}`);
        break;
      }
      case "--dport":
      case "--dports":
      case "--destination-port":
      case "--destination-ports": {
        const text = next();
        rule.dports = portMatch(text, negate);
        if (!rule.dports) rule.unknown.push(`${word} ${text}`);
        break;
      }
      case "--sport":
      case "--sports":
      case "--source-port":
      case "--source-ports": {
        const text = next();
        rule.sports = portMatch(text, negate);
        if (!rule.sports) rule.unknown.push(`${word} ${text}`);
        break;
      }
      case "--ctstate":
      case "--state":
        rule.states = next().split(",");
        if (negate) rule.statesNegated = true;
        break;
      case "--comment":
        next();
        break;
      case "-j":
      case "-g":
        rule.target = next();
        // The target's own options (--reject-with, --log-prefix…) change nothing about what it matches.
        i = words.length;
        break;
      default:
        rule.unknown.push(
          word.startsWith("-") && words[i + 1] && !words[i + 1]?.startsWith("-") ? `${word} ${next()}` : word,
        );
    }
    negate = false;
  }
  return rule;
}

/** The lines of one table (*filter, *nat) of iptables-save output. */
function tableLines(text: string, table: string): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("*")) inside = line === `*${table}`;
    else if (line === "COMMIT") inside = false;
    else if (inside) out.push(line);
  }
  return out;
}

function parseDnat(rule: FirewallRuleDto, line: string): DnatDto | null {
  const to = /--to-destination (\S+)/.exec(line)?.[1];
  const port = rule.dports?.ranges[0];
  if (!to || !port || rule.dports?.negate) return null;
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(to);
  if (!m?.[1] || !m[2]) return null;
  return {
    hostIp:
      rule.destination && !rule.destination.negate ? rule.destination.cidr.replace(/\/(32|128)$/, "") : null,
    hostPort: port.from,
    protocol: rule.protocol?.name ?? "tcp",
    address: m[1],
    port: Number(m[2]),
    exceptFrom: rule.inInterface?.negate ? rule.inInterface.name : null,
  };
}

/** DOCKER-USER, the bridges docker-proxy serves, and the DNAT of published ports; null with why when unreadable. */
export function parseFirewall(text: string): { firewall: HostFactsDto["firewall"]; why: string | null } {
  if (/^### failed/m.test(text)) {
    const said = text.trim().split("\n")[0] ?? "";
    return { firewall: null, why: `iptables-save could not read the firewall here: ${said}` };
  }
  const filter = tableLines(text, "filter");
  if (!filter.some((l) => l === ":DOCKER-USER" || l.startsWith(":DOCKER-USER "))) {
    return {
      firewall: null,
      why: "the host's firewall has no DOCKER-USER chain: Docker does not manage iptables here (--iptables=false, or an nftables backend), so its isolation rules cannot be read",
    };
  }
  const dockerUser = filter.filter((l) => l.startsWith("-A DOCKER-USER ")).map(parseRule);
  const input = {
    policy: /^:INPUT (\S+)/m.exec(filter.join("\n"))?.[1] ?? "ACCEPT",
    rules: filter.filter((l) => l.startsWith("-A INPUT ")).map(parseRule),
  };
  const proxied: string[] = [];
  const dnat: DnatDto[] = [];
  for (const line of tableLines(text, "nat")) {
    if (!line.startsWith("-A DOCKER ")) continue;
    const rule = parseRule(line);
    if (rule.target === "RETURN" && rule.inInterface && !rule.inInterface.negate && rule.unknown.length === 0)
      proxied.push(rule.inInterface.name);
    else if (rule.target === "DNAT") {
      const d = parseDnat(rule, line);
      if (d) dnat.push(d);
    }
  }
  return { firewall: { dockerUser, proxied, dnat, input }, why: null };
}

function flag(text: string): boolean | null {
  const t = text.trim();
  return t === "1" ? true : t === "0" ? false : null;
}

interface RouteJson {
  dst?: string;
  gateway?: string;
  dev?: string;
  scope?: string;
}

function parseRoutes(text: string): HostFactsDto["routes"] {
  let routes: RouteJson[];
  try {
    routes = JSON.parse(text) as RouteJson[];
    if (!Array.isArray(routes)) return null;
  } catch {
    return null;
  }
  const def = routes.find((r) => r.dst === "default");
  return {
    defaultVia: def?.gateway ?? null,
    defaultDevice: def?.dev ?? null,
    connected: routes
      .filter((r) => r.dst && r.dst !== "default" && r.scope === "link" && r.dev)
      .map((r) => ({ prefix: r.dst as string, device: r.dev as string })),
  };
}

interface Link {
  name: string;
  kind: string | null;
  master: string | null;
  mtu: number;
  addresses: string[];
}

function parseLinks(text: string): Link[] {
  try {
    return parseIpJson(text).map((l) => ({
      name: l.ifname,
      kind: l.linkinfo?.info_kind ?? null,
      master: l.master ?? null,
      mtu: l.mtu,
      addresses: (l.addr_info ?? [])
        .filter((a) => a.local && a.family !== undefined)
        .map((a) => `${a.local}/${a.prefixlen ?? 0}`),
    }));
  } catch {
    return [];
  }
}

/**
 * Docker's own devices: bridges, VXLAN, and the veths plugged into a bridge. A veth that is not (the lab's link
 * between two hosts, a user's own) is a host interface like eth0.
 */
function isDockerDevice(l: Link): boolean {
  return (
    l.name === "lo" ||
    l.kind === "vxlan" ||
    l.kind === "bridge" ||
    (l.kind === "veth" && (l.master !== null || l.name.startsWith("veth")))
  );
}

/** Host facts from the script's output in one engine host's namespace. */
export function parseHostFacts(engine: string, source: string, readAt: string, output: string): HostFactsDto {
  const s = splitSections(output);
  const { firewall, why } = parseFirewall(s.iptables);
  const links = parseLinks(s.addr);
  return {
    engine,
    source,
    unavailable: null,
    readAt,
    firewall,
    firewallUnavailable: why,
    bridgeNetfilter: flag(s["bridge-nf"]),
    ipForward: flag(s["ip-forward"]),
    routes: parseRoutes(s.route),
    interfaces: links.filter((l) => !isDockerDevice(l)).map(({ master: _m, ...l }) => l),
    bridges: links.filter((l) => l.kind === "bridge").map((l) => ({ name: l.name, addresses: l.addresses })),
    ipsec: parseIpsec(s["xfrm-policy"], s["xfrm-state"]),
    ipvs: flag(s.ipvs),
  };
}

export function unavailableFacts(engine: string, why: string, readAt: string): HostFactsDto {
  return {
    engine,
    source: null,
    unavailable: why,
    readAt,
    firewall: null,
    firewallUnavailable: why,
    bridgeNetfilter: null,
    ipForward: null,
    routes: null,
    interfaces: [],
    bridges: [],
    ipsec: [],
    ipvs: null,
  };
}
