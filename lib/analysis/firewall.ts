// Walks the DOCKER-USER chain for one packet, as the kernel would: the first rule that matches decides (ACCEPT,
// DROP, REJECT), RETURN hands the packet back to Docker's own rules, LOG goes on. A question without a protocol
// or port ("any traffic") meets port-specific rules as "maybe": the answer is then partial. A rule the model
// cannot evaluate (another module, a jump to a user chain) makes the answer unknown. Pure.
import type { FirewallRuleDto, InterfaceMatch, PortMatch } from "@/lib/api/reach";
import { contains, type Prefix, parseAddress, parsePrefix, within } from "./cidr";

export interface Packet {
  src: string | null;
  dst: string | null;
  /** Interface it enters and leaves the firewall by (a bridge: br-…, docker0); null when not known. */
  inIf: string | null;
  outIf: string | null;
  /** null: any protocol (the general question). */
  protocol: "tcp" | "udp" | "icmp" | null;
  /** A port, "ephemeral" for a client's own port (Linux picks it from 32768–60999), null for any. */
  dport: number | "ephemeral" | null;
  sport: number | "ephemeral" | null;
  state: "NEW" | "ESTABLISHED";
  /** Prefixes an unknown (null) address is known to be outside of: an outside client is on none of Docker's networks. */
  unknownNotIn?: string[];
}

/** Linux's default net.ipv4.ip_local_port_range. */
const EPHEMERAL = { from: 32768, to: 60999 };

export type Decision = "accept" | "drop" | "pass" | "partial" | "unknown";

export interface FirewallAnswer {
  /** accept/drop: a rule decided; pass: DOCKER-USER let Docker's rules decide; partial: some traffic dropped. */
  decision: Decision;
  /** The rules that decided or might have. */
  rules: FirewallRuleDto[];
}

/** maybe: some packets of this kind match (a question without a port); unknown: a match the model cannot read. */
type Match = true | false | "maybe" | "unknown";

function and(a: Match, b: Match): Match {
  if (a === false || b === false) return false;
  if (a === "unknown" || b === "unknown") return "unknown";
  return a === "maybe" || b === "maybe" ? "maybe" : true;
}

// A matrix asks the same few rules about the same addresses thousands of times: parse each text once.
const prefixes = new Map<string, Prefix | null>();
const addresses = new Map<string, ReturnType<typeof parseAddress>>();

function prefixOf(cidr: string): Prefix | null {
  let p = prefixes.get(cidr);
  if (p === undefined) {
    p = parsePrefix(cidr.includes("/") ? cidr : `${cidr}/${cidr.includes(":") ? 128 : 32}`);
    if (prefixes.size > 10_000) prefixes.clear();
    prefixes.set(cidr, p);
  }
  return p;
}

function addressOf(text: string): ReturnType<typeof parseAddress> {
  let a = addresses.get(text);
  if (a === undefined) {
    a = parseAddress(text);
    if (addresses.size > 100_000) addresses.clear();
    addresses.set(text, a);
  }
  return a;
}

function matchAddress(m: FirewallRuleDto["source"], address: string | null, notIn: string[] = []): Match {
  if (!m) return true;
  if (address === null) {
    const prefix = prefixOf(m.cidr);
    // A rule about one of Docker's own subnets cannot match a client known to be outside them.
    if (
      !m.negate &&
      prefix &&
      notIn.some((outer) => {
        const o = prefixOf(outer);
        return o !== null && within(prefix, o);
      })
    )
      return false;
    return "maybe";
  }
  const prefix = prefixOf(m.cidr);
  const addr = addressOf(address);
  if (!prefix || !addr) return "maybe";
  if (prefix.family !== addr.family) return m.negate;
  return contains(prefix, addr.family, addr.value) !== m.negate;
}

function matchInterface(m: InterfaceMatch | null, name: string | null): Match {
  if (!m) return true;
  if (name === null) return "maybe";
  const hit = m.name.endsWith("+") ? name.startsWith(m.name.slice(0, -1)) : name === m.name;
  return hit !== m.negate;
}

function matchPorts(m: PortMatch | null, port: number | "ephemeral" | null): Match {
  if (!m) return true;
  if (port === null) return "maybe";
  if (port === "ephemeral") {
    const overlap = m.ranges.some((r) => r.from <= EPHEMERAL.to && r.to >= EPHEMERAL.from);
    const covers = m.ranges.some((r) => r.from <= EPHEMERAL.from && r.to >= EPHEMERAL.to);
    if (covers) return !m.negate;
    if (!overlap) return m.negate;
    return "maybe";
  }
  const hit = m.ranges.some((r) => port >= r.from && port <= r.to);
  return hit !== m.negate;
}

/** Protocol numbers iptables may print instead of names. */
const PROTOCOL_NUMBERS: Record<string, string> = { "1": "icmp", "6": "tcp", "17": "udp" };

function matchProtocol(rule: FirewallRuleDto, p: Packet): Match {
  const given = rule.protocol?.name ?? "all";
  const name = PROTOCOL_NUMBERS[given] ?? given;
  if (name === "all" || name === "0") return !rule.protocol?.negate;
  if (p.protocol === null) return "maybe";
  return (name === p.protocol) !== (rule.protocol?.negate ?? false);
}

function matchStates(rule: FirewallRuleDto, state: Packet["state"]): Match {
  if (!rule.states) return true;
  return rule.states.includes(state) !== (rule.statesNegated ?? false);
}

/** Whether a rule matches a packet: true, false, or "maybe" (unknown matches, or a question without a port). */
export function ruleMatches(rule: FirewallRuleDto, p: Packet): Match {
  let m: Match = true;
  m = and(m, matchAddress(rule.source, p.src, p.unknownNotIn));
  m = and(m, matchAddress(rule.destination, p.dst, p.unknownNotIn));
  m = and(m, matchInterface(rule.inInterface, p.inIf));
  m = and(m, matchInterface(rule.outInterface, p.outIf));
  m = and(m, matchProtocol(rule, p));
  if (m === false) return false;
  // Ports only exist for TCP and UDP: a rule with --dport has -p tcp/udp, already matched above.
  if (p.protocol !== "icmp") {
    m = and(m, matchPorts(rule.dports, p.dport));
    m = and(m, matchPorts(rule.sports, p.sport));
  }
  m = and(m, matchStates(rule, p.state));
  if (m !== false && rule.unknown.length > 0) return "unknown";
  return m;
}

const STOP: Record<string, "accept" | "drop"> = { ACCEPT: "accept", DROP: "drop", REJECT: "drop" };

/** The DOCKER-USER chain's answer for one packet. */
export function evaluate(rules: readonly FirewallRuleDto[], p: Packet): FirewallAnswer {
  // Rules that decide for some packets of this kind only (a question without a port, a module we do not read).
  const maybe: FirewallRuleDto[] = [];
  /** Some packets of this kind were let through (ACCEPT, or RETURN to Docker's rules) before the decision. */
  let someAccepted = false;
  /** Rules the model cannot read that would have let the packet through, or dropped it, had they matched. */
  const unreadPass: FirewallRuleDto[] = [];
  const unreadDrop: FirewallRuleDto[] = [];
  const settle = (decision: "accept" | "drop" | "pass", rule: FirewallRuleDto | null): FirewallAnswer => {
    const rulesSeen = [...unreadPass, ...unreadDrop, ...maybe, ...(rule ? [rule] : [])];
    // An unread rule matters only when it would have decided otherwise.
    if ((decision === "drop" ? unreadPass : unreadDrop).length > 0)
      return { decision: "unknown", rules: rulesSeen };
    if (decision === "drop") return { decision: someAccepted ? "partial" : "drop", rules: rulesSeen };
    return { decision: maybe.length ? "partial" : decision, rules: rulesSeen };
  };
  for (const rule of rules) {
    const m = ruleMatches(rule, p);
    if (m === false) continue;
    const stop = STOP[rule.target];
    const goesOn = rule.target === "LOG" || rule.target === "";
    if (goesOn) continue;
    if (m === true) {
      if (rule.target === "RETURN") return settle("pass", null);
      if (stop) return settle(stop, rule);
      return { decision: "unknown", rules: [...maybe, rule] };
    }
    if (m === "unknown") {
      if (stop === "drop") unreadDrop.push(rule);
      else if (stop === "accept" || rule.target === "RETURN") unreadPass.push(rule);
      else return { decision: "unknown", rules: [...maybe, rule] };
      continue;
    }
    // "maybe": the rule decides for some packets of this kind and not others.
    if (stop === "accept" || rule.target === "RETURN") someAccepted = true;
    else if (stop === "drop") maybe.push(rule);
    else return { decision: "unknown", rules: [...maybe, rule] };
  }
  return settle("pass", null);
}

/**
 * A request and its reply both cross the firewall: a rule dropping B → A breaks A → B as well (the answer never
 * comes back), unless an earlier rule accepts established traffic.
 */
export function evaluateExchange(
  rules: readonly FirewallRuleDto[],
  request: Omit<Packet, "state">,
): FirewallAnswer {
  const there = evaluate(rules, { ...request, state: "NEW" });
  const back = evaluate(rules, {
    src: request.dst,
    dst: request.src,
    inIf: request.outIf,
    outIf: request.inIf,
    protocol: request.protocol,
    dport: request.sport,
    sport: request.dport,
    state: "ESTABLISHED",
    unknownNotIn: request.unknownNotIn,
  });
  const order: Decision[] = ["drop", "unknown", "partial", "accept", "pass"];
  const worst = order.find((d) => there.decision === d || back.decision === d) ?? "pass";
  return { decision: worst, rules: [...new Set([...there.rules, ...back.rules])] };
}
