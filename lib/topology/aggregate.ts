// aggregateGraph: a large map drawn readable. Containers that belong together become one group node with a count
// and a state summary: the containers of one Compose service, of one swarm service, or else those attached to
// exactly the same networks. Their edges are re-pointed to the group, and edges that then join the same two nodes
// merge into one that says how many it stands for. A group in `expanded` stays as its members. Pure.
import type { ContainerDto } from "@/lib/api/types";
import type { Graph, GraphEdge, GraphNode, TopologyModel } from "./model";

/** Above this many containers the map starts grouped ("auto"). */
export const GROUP_ABOVE = 50;

export type Grouping = "auto" | "on" | "off";

export interface Aggregated {
  graph: Graph;
  /** Member element id → its group's element id, for every container drawn inside a group. */
  groupOf: ReadonlyMap<string, string>;
  /** Every group that exists, expanded or not: id → its member element ids. */
  groups: ReadonlyMap<string, readonly string[]>;
}

export const groupId = (engine: string, key: string) => `group:${engine}:${key}`;

const COMPOSE_PROJECT = "com.docker.compose.project";
const COMPOSE_SERVICE = "com.docker.compose.service";
const SWARM_SERVICE = "com.docker.swarm.service.name";

/** Whether `grouping` groups a map of `containers` containers. */
export function groupsAt(grouping: Grouping, containers: number): boolean {
  return grouping === "on" || (grouping === "auto" && containers > GROUP_ABOVE);
}

interface Kin {
  key: string;
  label: string;
  why: string;
}

/** What a container is grouped by: its Compose service, its swarm service, or the networks it is on. */
function kinOf(c: ContainerDto, networksOf: ReadonlyMap<string, string[]>): Kin {
  const project = c.labels[COMPOSE_PROJECT];
  const service = c.labels[COMPOSE_SERVICE];
  if (project && service)
    return {
      key: `compose:${project}/${service}`,
      label: `${project}/${service}`,
      why: "one Compose service",
    };
  const swarm = c.labels[SWARM_SERVICE];
  if (swarm) return { key: `swarm:${swarm}`, label: swarm, why: "one swarm service" };
  const nets = networksOf.get(`${c.engine}/${c.id}`) ?? [];
  const mode = nets.length ? "" : c.networkMode;
  return {
    key: `nets:${nets.join(",")}${mode ? `|${mode}` : ""}`,
    label: nets.length ? `on ${nets.join(", ")}` : `${mode || "no"} network`,
    why: nets.length
      ? `on the same networks: ${nets.join(", ")}`
      : `the same network mode: ${mode || "none"}`,
  };
}

/** "12 running · 2 exited", in the order running first. */
export function stateSummary(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => (b[0] === "running" ? 1 : 0) - (a[0] === "running" ? 1 : 0) || b[1] - a[1])
    .map(([s, n]) => `${n} ${s}`)
    .join(" · ");
}

export function aggregateGraph(
  graph: Graph,
  model: TopologyModel,
  grouping: Grouping,
  expanded: ReadonlySet<string>,
): Aggregated {
  const none: Aggregated = { graph, groupOf: new Map(), groups: new Map() };
  const drawn = graph.nodes.filter((n) => n.kind === "container");
  if (!groupsAt(grouping, drawn.length)) return none;
  // A container that holds other nodes (the Linux layer's interfaces) is drawn as itself.
  const holders = new Set(graph.nodes.flatMap((n) => (n.parent ? [n.parent] : [])));
  const byId = new Map(model.containers.map((c) => [`container:${c.engine}:${c.id}`, c]));
  const networkName = new Map(model.networks.map((n) => [`${n.engine}/${n.id}`, n.name]));
  const networksOf = new Map<string, string[]>();
  for (const e of model.endpoints) {
    const name = networkName.get(`${e.engine}/${e.networkId}`) ?? e.networkId;
    const key = `${e.engine}/${e.containerId}`;
    networksOf.set(key, [...(networksOf.get(key) ?? []), name]);
  }
  for (const list of networksOf.values()) list.sort();

  // Candidates: containers of one engine and one box (host or band) that share a kin.
  const candidates = new Map<
    string,
    { kin: Kin; engine: string; parent: string | null; members: GraphNode[] }
  >();
  for (const n of drawn) {
    const c = byId.get(n.id);
    if (!c || holders.has(n.id)) continue;
    const kin = kinOf(c, networksOf);
    const id = groupId(n.engine, `${kin.key}@${n.parent ?? ""}`);
    const group = candidates.get(id) ?? { kin, engine: n.engine, parent: n.parent, members: [] };
    group.members.push(n);
    candidates.set(id, group);
  }
  const groups = new Map<string, string[]>();
  const groupOf = new Map<string, string>();
  const nodes: GraphNode[] = [];
  const replaced = new Set<string>();
  for (const [id, g] of candidates) {
    if (g.members.length < 2) continue;
    groups.set(
      id,
      g.members.map((m) => m.id),
    );
    if (expanded.has(id)) continue;
    for (const m of g.members) {
      groupOf.set(m.id, id);
      replaced.add(m.id);
    }
    const states = g.members.map((m) => byId.get(m.id)?.state ?? "unknown");
    const allRunning = states.every((s) => s === "running");
    const names = g.members.map((m) => m.label).sort();
    nodes.push({
      id,
      kind: "group",
      engine: g.engine,
      ref: g.kin.key,
      parent: g.parent,
      label: `${g.kin.label} ×${g.members.length}`,
      sublabel: stateSummary(states),
      classes: ["group", allRunning ? "group-running" : "group-mixed", sizeClass(g.members.length)],
      description: `Group ${g.kin.label}, ${g.members.length} containers (${g.kin.why}): ${stateSummary(states)}; ${names.slice(0, 5).join(", ")}${names.length > 5 ? ` and ${names.length - 5} more` : ""}. Expand it to see each.`,
    });
  }
  if (groupOf.size === 0) return { graph, groupOf, groups };

  const kept = graph.nodes.filter((n) => !replaced.has(n.id));
  const labels = new Map([...kept, ...nodes].map((n) => [n.id, n.label]));
  const edges: GraphEdge[] = [];
  const merged = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    const source = groupOf.get(e.source) ?? e.source;
    const target = groupOf.get(e.target) ?? e.target;
    if (source === e.source && target === e.target) {
      edges.push(e);
      continue;
    }
    if (source === target) continue;
    const key = `${e.kind}|${[source, target].sort().join("|")}`;
    const list = merged.get(key);
    if (list) list.push({ ...e, source, target });
    else {
      const first = { ...e, source, target };
      merged.set(key, [first]);
      edges.push(first);
    }
  }
  const result = edges.map((e) => {
    const list = merged.get(`${e.kind}|${[e.source, e.target].sort().join("|")}`);
    if (!list || list.length < 2 || list[0] !== e) return e;
    const [a, b] = [e.source, e.target].sort() as [string, string];
    return {
      id: `group-edge:${e.kind}:${a}|${b}`,
      kind: e.kind,
      engine: e.engine,
      source: e.source,
      target: e.target,
      label: `${list.length} links`,
      classes: [...e.classes.filter((c) => c !== "configured"), "merged"],
      description: `${list.length} links between ${labels.get(a) ?? a} and ${labels.get(b) ?? b}`,
    } satisfies GraphEdge;
  });
  return { graph: { nodes: [...kept, ...nodes], edges: result }, groupOf, groups };
}

/** Bigger groups are drawn bigger: one of four sizes. */
function sizeClass(n: number): string {
  return n >= 100 ? "group-xl" : n >= 25 ? "group-l" : n >= 8 ? "group-m" : "group-s";
}
