// "Check with a probe": which real probe tests a reach verdict or a DNS answer of the model, and whether the
// probe's result agrees with it. A way A can try toward an address is checked with ping (no port) or a TCP
// connect (a port); a name with a DNS lookup from A, compared as sets of addresses (round-robin answers come
// in any order). A disagreement is "the model missed something", with both sides kept for the person to read.
import type { ProbeEvent, ProbeRequest } from "@/lib/api/probes";
import { isProbeTarget } from "@/lib/api/probes";
import type { NameAnswerDto, PartyDto, ReachRouteDto, Verdict } from "@/lib/api/reach";

export type ProbeResult = Extract<ProbeEvent, { type: "result" }>;

export interface Agreement {
  state: "agrees" | "disagrees" | "no-verdict";
  /** One sentence for the person: what the model said, what the packets did. */
  text: string;
}

/** "10.0.0.5", "10.0.0.5:8080/tcp", "[fd00::5]:80" → address and port (null when `to` is not an address). */
export function splitTarget(to: string): { address: string; port: number | null } | null {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?(?:\/\w+)?$/.exec(to);
  if (bracketed?.[1]) return { address: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : null };
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?(?:\/\w+)?$/.exec(to);
  if (v4?.[1]) return { address: v4[1], port: v4[2] ? Number(v4[2]) : null };
  if (isProbeTarget(to) && to.includes(":")) return { address: to, port: null };
  return null;
}

/** The probe that tests one way A can try, or null when there is none to run (A is outside, B is outside). */
export function probeForRoute(from: PartyDto, route: ReachRouteDto): ProbeRequest | null {
  if (from.kind !== "container" || route.kind === "outside") return null;
  const target = splitTarget(route.to);
  if (!target || !isProbeTarget(target.address)) return null;
  const port = route.port?.number ?? target.port;
  if (port && (route.port?.protocol ?? "tcp") === "tcp") {
    return { kind: "tcp", container: from.id, engine: from.engine, target: target.address, port };
  }
  if (port) return null; // UDP: no probe answers for a UDP port honestly
  return { kind: "ping", container: from.id, engine: from.engine, target: target.address, count: 3 };
}

/** The DNS lookup from A that tests a name the model says A can use. */
export function probeForName(from: PartyDto, name: NameAnswerDto): ProbeRequest | null {
  if (from.kind !== "container" || !isProbeTarget(name.name)) return null;
  return { kind: "dns", container: from.id, engine: from.engine, target: name.name };
}

const SAYS: Record<Verdict, string> = {
  yes: "gets through",
  partial: "gets through only in part",
  no: "is blocked",
  unknown: "cannot be known from here",
};

/** Does a ping or TCP probe agree with the model's verdict for that way? */
export function judgeRoute(verdict: Verdict, result: ProbeResult): Agreement {
  const model = `The model says this way ${SAYS[verdict]}`;
  const packets = result.ok
    ? `the probe got through (${result.summary})`
    : `the probe did not (${result.summary})`;
  if (verdict === "unknown" || verdict === "partial") {
    return { state: "no-verdict", text: `${model}; ${packets}.` };
  }
  const agrees = (verdict === "yes") === result.ok;
  return agrees
    ? { state: "agrees", text: `Agrees: ${packets}.` }
    : { state: "disagrees", text: `The model missed something: ${model.toLowerCase()}, but ${packets}.` };
}

/** Does a DNS probe give the addresses the model says the name gives from A? */
export function judgeName(name: NameAnswerDto, result: ProbeResult): Agreement {
  const expected = [...new Set(name.addresses)].sort();
  const details = result.details;
  if (details.kind !== "dns") return { state: "no-verdict", text: result.summary };
  const got = [...new Set(details.answers)].sort();
  const same = expected.length === got.length && expected.every((a, i) => a === got[i]);
  const from =
    details.resolver.kind === "hosts-file"
      ? "/etc/hosts"
      : `${details.resolver.kind === "embedded" ? "Docker's DNS" : "the resolver"} ${details.resolver.address ?? ""}`.trim();
  if (same) return { state: "agrees", text: `Agrees: ${name.name} gives ${got.join(", ")} from ${from}.` };
  return {
    state: "disagrees",
    text: `The model missed something: it says ${name.name} gives ${expected.join(", ") || "nothing"}, but ${from} answered ${got.join(", ") || details.rcode}.`,
  };
}
