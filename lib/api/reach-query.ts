// The query strings of GET /api/reach, /api/dns and /api/findings, checked before anything is computed: every
// parameter is known, every value could name something, and a problem answers 400 saying which and why.
import { parseAddress } from "@/lib/analysis/cidr";
import { AppError } from "./errors";

const REF = /^([a-z0-9][a-z0-9_-]{0,31}\/)?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;
const ENGINE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
/** A dotted quad without leading zeros (which some tools read as octal). */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const PROJECT = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
export const TIERS = ["outside", "public", "internal", "data"] as const;
export type TierName = (typeof TIERS)[number];

function bad(message: string, field: string): AppError {
  return new AppError("bad_request", message, null, { fields: [{ field, message }] });
}

function only(params: URLSearchParams, allowed: readonly string[]): void {
  for (const name of new Set(params.keys())) {
    if (!allowed.includes(name))
      throw bad(
        `Unknown parameter "${name.slice(0, 40)}": this route takes ${allowed.join(", ")}.`,
        name.slice(0, 40),
      );
    if (params.getAll(name).length > 1) throw bad(`Give "${name}" once.`, name);
  }
}

/** A container reference ("engine/name", id, prefix, name) or "outside" for the outside. */
function party(value: string, field: string): string {
  if (value === "outside") return value;
  if (!REF.test(value))
    throw bad(
      `"${value.slice(0, 80)}" is not a container id or name (letters, digits, _ . -, optionally engine/ before it) or "outside".`,
      field,
    );
  return value;
}

function isAddress(value: string): boolean {
  return value.includes(":") ? parseAddress(value)?.family === 6 : IPV4.test(value);
}

/** ?engine=: an engine id, or 400 naming the field. */
function engineParam(params: URLSearchParams): string | null {
  const value = params.get("engine");
  if (value === null || value === "") return null;
  if (!ENGINE.test(value)) throw bad(`"${value.slice(0, 40)}" is not a valid engine id.`, "engine");
  return value;
}

function ref(value: string, field: string, kind: string): string {
  if (!REF.test(value)) throw bad(`"${value.slice(0, 80)}" is not a ${kind} id or name.`, field);
  return value;
}

export type ReachQuery =
  | { kind: "pair"; from: string; to: string; engine: string | null; dest: string | null }
  | {
      kind: "matrix";
      engine: string | null;
      network: string | null;
      tier: TierName | null;
      project: string | null;
      group: "auto" | "on" | "off";
    };

export function parseReachQuery(params: URLSearchParams): ReachQuery {
  only(params, ["from", "to", "engine", "dest", "network", "tier", "project", "group"]);
  const engine = engineParam(params);
  const from = params.get("from");
  const to = params.get("to");
  if (from !== null || to !== null) {
    if (from === null || to === null)
      throw bad(
        "Ask for a pair with both from= and to= (a container, or outside).",
        from === null ? "from" : "to",
      );
    const dest = params.get("dest");
    if (dest !== null && !isAddress(dest))
      throw bad(`dest "${dest.slice(0, 60)}" is not an IP address.`, "dest");
    if (dest !== null && to !== "outside") throw bad("dest= only goes with to=outside.", "dest");
    for (const name of ["network", "tier", "project", "group"])
      if (params.has(name)) throw bad(`${name}= filters the matrix; it does not go with a pair.`, name);
    return { kind: "pair", from: party(from, "from"), to: party(to, "to"), engine, dest };
  }
  if (params.has("dest")) throw bad("dest= only goes with to=outside.", "dest");
  const tier = params.get("tier");
  if (tier !== null && !(TIERS as readonly string[]).includes(tier))
    throw bad(`tier must be one of ${TIERS.join(", ")}.`, "tier");
  const project = params.get("project");
  if (project !== null && !PROJECT.test(project))
    throw bad(`"${project.slice(0, 60)}" is not a Compose project name.`, "project");
  const group = params.get("group") ?? "auto";
  if (!["auto", "on", "off"].includes(group)) throw bad("group must be auto, on or off.", "group");
  const network = params.get("network");
  return {
    kind: "matrix",
    engine,
    network: network === null ? null : ref(network, "network", "network"),
    tier: tier as TierName | null,
    project,
    group: group as "auto" | "on" | "off",
  };
}

export type DnsQuery = { kind: "network" | "container"; ref: string; engine: string | null };

export function parseDnsQuery(params: URLSearchParams): DnsQuery {
  only(params, ["network", "container", "engine"]);
  const engine = engineParam(params);
  const network = params.get("network");
  const container = params.get("container");
  if ((network === null) === (container === null))
    throw bad(
      "Ask for one network (network=) or one container (container=).",
      network === null ? "network" : "container",
    );
  return network !== null
    ? { kind: "network", ref: ref(network, "network", "network"), engine }
    : { kind: "container", ref: ref(container as string, "container", "container"), engine };
}

export function parseFindingsQuery(params: URLSearchParams): { engine: string | null } {
  only(params, ["engine"]);
  return { engine: engineParam(params) };
}
