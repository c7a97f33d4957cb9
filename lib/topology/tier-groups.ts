// groupByTier: the graph redrawn as tier bands (outside → public → internal → data), compound nodes that replace
// the host boxes, each of which can be collapsed to one summary node with counts. Pure.
import type { SwarmServiceDto } from "@/lib/api/swarm";
import type { NetworkDto } from "@/lib/api/types";
import { publishedPorts } from "./format";
import {
  elementId,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type NodeKind,
  type TopologyModel,
} from "./model";
import { mostOutward, TIER_NAME, TIER_ORDER, TIER_RULES, type Tier, type TierMap, tierOrder } from "./tiers";

export { tierOrder };

const TIER_LABEL: Record<Tier, string> = {
  outside: "Outside",
  public: "Public",
  internal: "Private",
  data: "Data",
};

/** How many of each kind a band holds, counting the nodes drawn directly inside it. */
export type TierCount = Partial<Record<NodeKind, number>>;

const COUNTED: Array<[NodeKind, string]> = [
  ["network", "network"],
  ["container", "container"],
  ["service", "service"],
  ["task", "task"],
  ["iface", "interface"],
  ["veth", "veth"],
  ["bridge", "bridge"],
  ["parent", "parent device"],
  ["stack", "host stack"],
];

/** Counts per band of a grouped, uncollapsed graph (groupByTier with an empty set). */
export function tierCounts(graph: Graph): Map<Tier, TierCount> {
  const counts = new Map<Tier, TierCount>();
  const bands = new Map(TIER_ORDER.map((t) => [elementId.tier(t), t]));
  for (const n of graph.nodes) {
    const tier = n.parent ? bands.get(n.parent) : undefined;
    if (!tier || n.kind === "outside" || n.kind === "tier-summary") continue;
    const count = counts.get(tier) ?? {};
    count[n.kind] = (count[n.kind] ?? 0) + 1;
    counts.set(tier, count);
  }
  return counts;
}

/** "2 networks · 3 containers"; only the kinds present. */
export function countsText(count: TierCount, separator = " · "): string {
  return COUNTED.flatMap(([kind, noun]) => {
    const n = count[kind] ?? 0;
    return n ? [`${n} ${noun}${n === 1 ? "" : "s"}`] : [];
  }).join(separator);
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** "1 network", "1 network and 2 containers", "1 network, 2 containers and 1 service". */
function listWords(count: TierCount): string {
  const parts = countsText(count, "\n").split("\n").filter(Boolean);
  const last = parts.pop();
  return parts.length ? `${parts.join(", ")} and ${last}` : (last ?? "");
}

/** Which ingress networks each swarm service's routing mesh is: the ingress of its cluster, by network id. */
function meshPorts(network: NetworkDto, model: TopologyModel): string[] {
  const cluster = model.engines.find((e) => e.id === network.engine)?.swarm?.cluster ?? null;
  const sameSwarm = (s: SwarmServiceDto) =>
    s.cluster === cluster ||
    model.networks.some((n) => n.engine === s.engine && n.ingress && n.id === network.id);
  return model.services
    .filter(sameSwarm)
    .flatMap((s) =>
      s.ports
        .filter((p) => p.publishMode === "ingress" && p.publishedPort !== null)
        .map((p) => `${p.publishedPort}→${p.targetPort}/${p.protocol} (${s.name})`),
    );
}

const LOOPBACK = new Set(["127.0.0.1", "::1"]);

/** One edge from the outside to each container publishing ports, and to each ingress network that carries any. */
function publishedEdges(graph: Graph, model: TopologyModel): GraphEdge[] {
  const present = new Set(graph.nodes.map((n) => n.id));
  const edges: GraphEdge[] = [];
  for (const c of model.containers) {
    const id = elementId.container(c.engine, c.id);
    const ports = publishedPorts(c.ports);
    if (!ports.length || !present.has(id)) continue;
    // Bound to loopback only: reachable from the host itself, not from other machines.
    const local = c.ports.every((p) => p.hostPort === null || LOOPBACK.has(p.hostIp ?? ""));
    edges.push({
      id: `published:${id}`,
      kind: "published",
      engine: c.engine,
      source: elementId.outside(),
      target: id,
      label: ports.join(", "),
      classes: ["published", ...(local ? ["loopback"] : [])],
      description: `${local ? "Clients on the host itself" : "Clients outside"} reach ${c.name} on ${ports.join(", ")}`,
    });
  }
  for (const n of model.networks) {
    const id = elementId.network(n.engine, n.id);
    if (!n.ingress || !present.has(id)) continue;
    const ports = meshPorts(n, model);
    if (!ports.length) continue;
    edges.push({
      id: `published:${id}`,
      kind: "published",
      engine: n.engine,
      source: elementId.outside(),
      target: id,
      label: ports.join(", "),
      classes: ["published", "mesh"],
      description: `Clients outside reach the swarm routing mesh (${n.name}) on any node: ${ports.join(", ")}`,
    });
  }
  return edges;
}

const PREFERENCE: Partial<Record<NodeKind, number>> = { container: 0, network: 1, service: 2 };

/**
 * The tier of the nearest placed node (containers first, then networks, then services, then by id), walking the
 * edges breadth first so a veth finds its container through its interface; internal when nothing is linked.
 */
function tierByLinks(
  start: string,
  adjacency: Map<string, string[]>,
  placed: Map<string, Tier>,
  kinds: Map<string, NodeKind>,
): Tier {
  const seen = new Set([start]);
  let frontier = [start];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of adjacency.get(id) ?? []) {
        if (seen.has(other)) continue;
        seen.add(other);
        next.push(other);
      }
    }
    const rank = (id: string) => PREFERENCE[kinds.get(id) ?? "engine"] ?? 3;
    const [hit] = next.filter((id) => placed.has(id)).sort((a, b) => rank(a) - rank(b) || byId(a, b));
    if (hit) return placed.get(hit) ?? "internal";
    frontier = next;
  }
  return "internal";
}

function bandNode(tier: Tier, count: TierCount, edges: GraphEdge[]): GraphNode {
  const rule = TIER_RULES.find((r) => r.tier === tier)?.rule ?? "";
  const members = countsText(count);
  let sublabel = members;
  let description = `${TIER_LABEL[tier]} tier, ${listWords(count) || "empty"}; rule: ${rule}`;
  if (tier === "outside") {
    const containers = edges.filter((e) => e.target.startsWith("container:")).length;
    const reached = [
      containers ? `ports of ${containers} container${containers === 1 ? "" : "s"}` : null,
      edges.length > containers ? "routing mesh" : null,
      members || null,
    ].filter(Boolean);
    sublabel = reached.join(" · ");
    description = `Outside: ${rule}; ${reached.join(", ")}`;
  }
  return {
    id: elementId.tier(tier),
    kind: "tier",
    engine: "",
    ref: tier,
    parent: null,
    label: TIER_LABEL[tier],
    sublabel,
    classes: ["tier", `tier-${tier}`],
    description,
  };
}

/** The graph with bands instead of host boxes, nothing collapsed. */
function placeInTiers(graph: Graph, model: TopologyModel, tiers: TierMap): Graph {
  const nodesById = new Map(graph.nodes.map((n) => [n.id, n]));
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const boxes = new Set(graph.nodes.filter((n) => n.kind === "engine").map((n) => n.id));
  const hostNames = new Map(model.engines.map((e) => [e.id, e.hostname ?? e.id]));
  const severalHosts = model.engines.length > 1;

  const placed = new Map<string, Tier>();
  for (const n of graph.nodes)
    if (n.kind === "network" || n.kind === "container") placed.set(n.id, tiers.get(n.id)?.tier ?? "internal");

  const adjacency = new Map<string, string[]>();
  const taskContainers = new Map<string, Tier[]>();
  for (const e of graph.edges) {
    if (boxes.has(e.source) || boxes.has(e.target)) continue;
    pushTo(adjacency, e.source, e.target);
    pushTo(adjacency, e.target, e.source);
    const tier = placed.get(e.target);
    if (e.kind === "task" && kinds.get(e.target) === "container" && tier)
      pushTo(taskContainers, e.source, tier);
  }
  // A service spans hosts: it goes with its tasks' containers, the most outward of them.
  for (const n of graph.nodes) {
    if (n.kind === "service" && n.parent === null)
      placed.set(n.id, mostOutward(taskContainers.get(n.id) ?? []) ?? "internal");
  }
  const loose = (n: GraphNode) =>
    n.parent === null || boxes.has(n.parent) || !nodesById.has(n.parent) || placed.has(n.id);
  const linked = new Map<string, Tier>();
  for (const n of graph.nodes) {
    if (n.kind === "engine" || placed.has(n.id) || !loose(n)) continue;
    linked.set(n.id, tierByLinks(n.id, adjacency, placed, kinds));
  }
  for (const [id, tier] of linked) placed.set(id, tier);

  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    if (n.kind === "engine") continue;
    const tier = placed.get(n.id);
    if (!tier || !loose(n)) {
      nodes.push(n);
      continue;
    }
    const box = n.parent ? nodesById.get(n.parent) : undefined;
    const host =
      box?.kind === "engine" ? box.label : n.parent === null ? null : (hostNames.get(n.engine) ?? n.engine);
    const sublabel = severalHosts && host ? (n.sublabel ? `${host} · ${n.sublabel}` : host) : n.sublabel;
    // Why it is in this band, for the details and the accessible list: the label, or the rule that inferred it.
    const why = tiers.get(n.id);
    const description = why ? `${n.description}; tier ${TIER_NAME[why.tier]}: ${why.reason}` : n.description;
    nodes.push({ ...n, parent: elementId.tier(tier), sublabel, description });
  }
  const present = new Set(nodes.map((n) => n.id));
  const published = publishedEdges(graph, model);
  const edges = graph.edges.filter((e) => present.has(e.source) && present.has(e.target));
  const outside: GraphNode[] = published.length
    ? [
        {
          id: elementId.outside(),
          kind: "outside",
          engine: "",
          ref: "outside",
          parent: elementId.tier("outside"),
          label: "Outside",
          sublabel: "clients",
          classes: ["outside"],
          description: "Where published ports are reached from: clients outside the host(s)",
        },
      ]
    : [];
  const counts = tierCounts({ nodes, edges: [] });
  const bands = TIER_ORDER.filter((t) => counts.has(t) || (t === "outside" && outside.length)).map((t) =>
    bandNode(t, counts.get(t) ?? {}, published),
  );
  return { nodes: [...bands, ...outside, ...nodes], edges: [...edges, ...published] };
}

/** "app – shop-data, web – shop-data and 3 more": what a summary edge stands for, in name order. */
function edgeNames(edges: GraphEdge[], labels: Map<string, string>): string {
  const names = edges
    .map((e) => `${labels.get(e.source) ?? e.source} – ${labels.get(e.target) ?? e.target}`)
    .sort(byId);
  const shown = names.slice(0, 5).join(", ");
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/** Collapse the given bands of a grouped graph: their contents become one summary node, their edges re-pointed. */
function collapseTiers(grouped: Graph, collapsed: ReadonlySet<Tier>): Graph {
  const bands = new Map(TIER_ORDER.map((t) => [elementId.tier(t), t]));
  const parents = new Map(grouped.nodes.map((n) => [n.id, n.parent]));
  const tierOf = (id: string): Tier | null => {
    // Bounded: a parent cycle in a hand-made graph must not hang the map.
    for (let at = parents.get(id) ?? null, hops = 0; at !== null && hops < 64; hops++) {
      const band = bands.get(at);
      if (band) return band;
      at = parents.get(at) ?? null;
    }
    return null;
  };
  const counts = tierCounts(grouped);
  const summaryOf = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const n of grouped.nodes) {
    const band = bands.get(n.id);
    if (n.kind === "tier" && band && collapsed.has(band)) {
      const count = counts.get(band) ?? {};
      const what = listWords(count) || "nothing";
      nodes.push(
        { ...n, classes: [...n.classes, "collapsed"] },
        {
          id: elementId.tierSummary(band),
          kind: "tier-summary",
          engine: "",
          ref: band,
          parent: n.id,
          label: TIER_LABEL[band],
          sublabel: countsText(count) || n.sublabel,
          classes: ["tier-summary", `tier-${band}`],
          description: `${TIER_LABEL[band]} tier, ${what}, collapsed: expand to see them`,
        },
      );
      continue;
    }
    const tier = tierOf(n.id);
    if (tier && collapsed.has(tier)) summaryOf.set(n.id, elementId.tierSummary(tier));
    else nodes.push(n);
  }

  const labels = new Map(grouped.nodes.map((n) => [n.id, n.label]));
  for (const n of nodes) labels.set(n.id, n.label);
  // Each re-pointed edge joins the group of its two new ends; a group of one stays itself, re-pointed.
  type Moved = { source: string; target: string; stands: GraphEdge[] };
  const edges: Array<GraphEdge | Moved> = [];
  const groups = new Map<string, Moved>();
  for (const e of grouped.edges) {
    const source = summaryOf.get(e.source) ?? e.source;
    const target = summaryOf.get(e.target) ?? e.target;
    if (source === e.source && target === e.target) {
      edges.push(e);
      continue;
    }
    if (source === target) continue;
    const key = [source, target].sort(byId).join("|");
    const group = groups.get(key);
    if (group) group.stands.push(e);
    else {
      const fresh = { source, target, stands: [e] };
      groups.set(key, fresh);
      edges.push(fresh);
    }
  }
  const result = edges.map((item): GraphEdge => {
    if (!("stands" in item)) return item;
    const [first, ...rest] = item.stands as [GraphEdge, ...GraphEdge[]];
    if (!rest.length) return { ...first, source: item.source, target: item.target };
    const [a, b] = [item.source, item.target].sort(byId) as [string, string];
    const engines = new Set(item.stands.map((e) => e.engine));
    const n = item.stands.length;
    return {
      id: `summary:${a}|${b}`,
      kind: "summary",
      engine: engines.size === 1 ? first.engine : "",
      source: a,
      target: b,
      label: `${n} links`,
      classes: ["summary"],
      description: `${n} links between ${labels.get(a) ?? a} and ${labels.get(b) ?? b}: ${edgeNames(item.stands, labels)}`,
    };
  });
  return { nodes, edges: result };
}

/**
 * The graph as tier bands: networks and containers in the band of their tier (host boxes removed, host names
 * kept in the sublabel when there are several), other nodes in the band of what they are linked to, an outside
 * band with an edge to everything that publishes ports, and each band in `collapsed` folded into one node.
 */
export function groupByTier(
  graph: Graph,
  model: TopologyModel,
  tiers: TierMap,
  collapsed: ReadonlySet<Tier>,
): Graph {
  const grouped = placeInTiers(graph, model, tiers);
  return collapsed.size ? collapseTiers(grouped, collapsed) : grouped;
}
