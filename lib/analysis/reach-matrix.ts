// The reach matrix: every container (after filters) against every other, plus the outside, one verdict per cell.
// At scale, containers that the reach rules cannot tell apart (same engine, stack, networks, state, kind of
// published ports, no firewall rule naming them) collapse into one row with a count: a representative pair then
// answers exactly for all its members, so the grouped matrix is as true as the full one. Pure.

import { AppError } from "@/lib/api/errors";
import type { MatrixMemberDto, ReachMatrixDto, Verdict } from "@/lib/api/reach";
import type { ContainerDto } from "@/lib/api/types";
import { elementId } from "@/lib/topology/model";
import type { Tier, TierMap } from "@/lib/topology/tiers";
import { contains, type Prefix, parseAddress, parsePrefix } from "./cidr";
import { type Party, pairVerdict } from "./reach";
import { type AnalysisIndex, isDefaultBridge, key } from "./stacks";

export interface MatrixFilters {
  engine?: string | null;
  /** A network id, id prefix or name: containers attached to it. */
  network?: string | null;
  tier?: Tier | null;
  /** A Compose project (label com.docker.compose.project). */
  project?: string | null;
  /** auto: group above GROUP_ABOVE containers. */
  group?: "auto" | "on" | "off";
}

/** Above this many containers the matrix starts grouped (a person cannot read more rows). */
export const GROUP_ABOVE = 40;
/** An ungrouped matrix is refused above this many rows: the answer would be too big to read or send. */
export const MAX_UNGROUPED = 300;

const CELL: Record<Verdict, string> = { yes: "y", no: "n", partial: "p", unknown: "u" };
const COMPOSE_PROJECT = "com.docker.compose.project";
const COMPOSE_SERVICE = "com.docker.compose.service";
const SWARM_SERVICE = "com.docker.swarm.service.id";

/** Containers the filters keep. */
export function filterContainers(ix: AnalysisIndex, f: MatrixFilters, tiers?: TierMap): ContainerDto[] {
  const net = f.network
    ? ix.model.networks.filter(
        (n) =>
          (!f.engine || n.engine === f.engine) &&
          (n.id === f.network || n.name === f.network || n.id.startsWith(f.network ?? "")),
      )
    : null;
  const onNet = net
    ? new Set(
        net.flatMap((n) =>
          (ix.endpointsByNetwork.get(key(n.engine, n.id)) ?? []).map((e) => key(e.engine, e.containerId)),
        ),
      )
    : null;
  return ix.model.containers.filter(
    (c) =>
      (!f.engine || c.engine === f.engine) &&
      (!onNet || onNet.has(key(c.engine, c.id))) &&
      (!f.project || c.labels[COMPOSE_PROJECT] === f.project) &&
      (!f.tier || tiers?.get(elementId.container(c.engine, c.id))?.tier === f.tier),
  );
}

/**
 * The firewall rules (DOCKER-USER, INPUT) whose -s or -d holds one of the container's addresses: two containers
 * that the same rules name, the same way, meet every rule alike.
 */
const rulePrefixes = new WeakMap<AnalysisIndex, Array<{ mark: string; prefix: Prefix }>>();

/** Every -s and -d of the hosts' DOCKER-USER and INPUT rules, parsed once per index, each with its mark. */
function prefixesOf(ix: AnalysisIndex): Array<{ mark: string; prefix: Prefix }> {
  let list = rulePrefixes.get(ix);
  if (!list) {
    list = [];
    for (const facts of ix.hosts.values()) {
      const chains = { u: facts.firewall?.dockerUser ?? [], i: facts.firewall?.input.rules ?? [] };
      for (const [chain, rules] of Object.entries(chains))
        rules.forEach((rule, i) => {
          for (const [side, m] of [
            ["s", rule.source],
            ["d", rule.destination],
          ] as const) {
            const prefix = m
              ? parsePrefix(m.cidr.includes("/") ? m.cidr : `${m.cidr}/${m.cidr.includes(":") ? 128 : 32}`)
              : null;
            if (prefix) list?.push({ mark: `${facts.engine}${chain}${i}${side}`, prefix });
          }
        });
    }
    rulePrefixes.set(ix, list);
  }
  return list;
}

function ruleMarks(ix: AnalysisIndex, c: ContainerDto): string {
  const prefixes = prefixesOf(ix);
  if (prefixes.length === 0) return "";
  const addresses = ix
    .stack(c)
    .attachments.flatMap((a) => [a.ipv4, a.ipv6])
    .flatMap((x) => {
      const parsed = x ? parseAddress(x) : null;
      return parsed ? [parsed] : [];
    });
  return prefixes
    .filter(({ prefix }) => addresses.some((a) => contains(prefix, a.family, a.value)))
    .map((p) => p.mark)
    .join(",");
}

/** What the reach rules read of a container; equal signatures answer every pair alike. */
function signature(ix: AnalysisIndex, c: ContainerDto, shared: Set<string>): string {
  const s = ix.stack(c);
  // Unique: sharing a stack, or one whose stack others share (they reach each other on loopback).
  if (s.owner !== c || shared.has(key(c.engine, c.id))) return `one:${key(c.engine, c.id)}`;
  const ports = [
    ...new Set(
      c.ports
        .filter((p) => p.hostPort !== null)
        .map((p) => (p.hostIp?.startsWith("127.") || p.hostIp === "::1" ? "lo" : "any")),
    ),
  ].sort();
  return [
    c.engine,
    s.mode,
    c.state === "running" ? "running" : c.state === "paused" ? "paused" : "stopped",
    s.attachments
      .map((a) => a.network.id)
      .sort()
      .join(","),
    ports.join(","),
    c.labels[SWARM_SERVICE] ?? "",
    ruleMarks(ix, c),
  ].join("|");
}

/** A swarm task's container without its task id (and a global task's node id shortened): web.2, vault.zil6sh. */
export function shortName(name: string): string {
  const task = /^(.+)\.([a-z0-9]{25})$/.exec(name);
  if (!task?.[1]) return name;
  const node = /^(.+)\.([a-z0-9]{25})$/.exec(task[1]);
  return node?.[1] && node[2] ? `${node[1]}.${node[2].slice(0, 6)}` : task[1];
}

function groupLabel(members: ContainerDto[]): string {
  const first = members[0] as ContainerDto;
  if (members.length === 1) return shortName(first.name);
  const project = first.labels[COMPOSE_PROJECT];
  const service = first.labels[COMPOSE_SERVICE];
  if (
    project &&
    service &&
    members.every((m) => m.labels[COMPOSE_PROJECT] === project && m.labels[COMPOSE_SERVICE] === service)
  )
    return `${project}/${service} ×${members.length}`;
  return `${shortName(first.name)} and ${members.length - 1} like it`;
}

function groupDetail(ix: AnalysisIndex, c: ContainerDto): string {
  const s = ix.stack(c);
  const nets =
    s.mode === "host"
      ? "host stack"
      : s.mode === "none"
        ? "no network"
        : s.owner !== c
          ? `stack of ${s.owner.name}`
          : s.attachments
              .map((a) => (isDefaultBridge(a.network) ? "bridge (default)" : a.network.name))
              .join(", ") || "no address";
  return `${nets} · ${c.state}`;
}

/** The matrix for the filtered containers: grouped when asked, or above GROUP_ABOVE with "auto". */
export function reachMatrix(ix: AnalysisIndex, f: MatrixFilters = {}, tiers?: TierMap): ReachMatrixDto {
  const containers = filterContainers(ix, f, tiers);
  if (f.group === "off" && containers.length > MAX_UNGROUPED)
    throw new AppError(
      "bad_request",
      `${containers.length} containers are too many for one row each (at most ${MAX_UNGROUPED}): group them (group=on or auto) or filter by engine, network, tier or project.`,
      null,
      { fields: [{ field: "group", message: `at most ${MAX_UNGROUPED} containers ungrouped` }] },
    );
  const grouped = f.group === "on" || ((f.group ?? "auto") === "auto" && containers.length > GROUP_ABOVE);
  const shared = new Set(
    ix.model.containers
      .filter((c) => c.sharesNetworkWith)
      .map((c) => key(c.engine, c.sharesNetworkWith as string)),
  );
  // Verdicts are always worked out between groups of containers the rules cannot tell apart (one pair answers
  // for all their members: the unit tests hold every cell to the pair's own verdict); an ungrouped matrix then
  // only spreads them out.
  const groups = new Map<string, ContainerDto[]>();
  const groupOf = new Map<ContainerDto, number>();
  for (const c of containers) {
    const k = signature(ix, c, shared);
    let list = groups.get(k);
    if (!list) {
      list = [];
      groups.set(k, list);
    }
    list.push(c);
  }
  const lists = [...groups.values()];
  lists.forEach((list, g) => {
    for (const c of list) groupOf.set(c, g + 1);
  });
  const reps: Array<{ party: Party; second: ContainerDto | null }> = [
    { party: "outside", second: null },
    ...lists.map((list) => ({ party: list[0] as ContainerDto, second: list[1] ?? null })),
  ];
  const verdicts = reps.map((row, i) => {
    let line = "";
    reps.forEach((col, j) => {
      // A group against itself: two of its members (one member, or the outside: itself).
      if (i === j) line += row.second ? CELL[pairVerdict(ix, row.party, row.second)] : "-";
      else line += CELL[pairVerdict(ix, row.party, col.party)];
    });
    return line;
  });
  const rowLists: ContainerDto[][] = grouped ? lists : containers.map((c) => [c]);
  const members: MatrixMemberDto[] = [
    {
      key: "outside",
      label: "Outside",
      detail: "other machines, and the internet",
      engine: null,
      members: [],
    },
    ...rowLists.map((list) => ({
      key:
        list.length === 1
          ? key((list[0] as ContainerDto).engine, (list[0] as ContainerDto).id)
          : `group:${groupOf.get(list[0] as ContainerDto)}`,
      label: groupLabel(list),
      detail: groupDetail(ix, list[0] as ContainerDto),
      engine: (list[0] as ContainerDto).engine,
      members: list.map((c) => ({ engine: c.engine, id: c.id, name: c.name })),
    })),
  ];
  // Row i of the answer is group rowGroup[i] of the verdicts (0: the outside).
  const rowGroup = [0, ...rowLists.map((list) => groupOf.get(list[0] as ContainerDto) as number)];
  const cells = rowGroup.map((gi, i) => {
    const line = verdicts[gi] as string;
    let out = "";
    for (let j = 0; j < rowGroup.length; j++) out += i === j && !grouped ? "-" : line[rowGroup[j] as number];
    return out;
  });
  return {
    members,
    cells,
    grouped,
    containers: containers.length,
    hosts: [...ix.hosts.values()].map((h) => ({
      engine: h.engine,
      unavailable: h.unavailable,
      readAt: h.readAt,
    })),
  };
}
