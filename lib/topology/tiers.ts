// inferTiers: which tier (outside → public → internal → data) each network and container belongs to, from a
// label when someone set one, else inferred from how Docker routes it, with one sentence saying why. Pure.
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import { publishedPorts } from "./format";
import { elementId, type TopologyModel } from "./model";

export type Tier = "outside" | "public" | "internal" | "data";

/** Left to right on the map, and from most to least outward. */
export const TIER_ORDER: readonly Tier[] = ["outside", "public", "internal", "data"];

export const DEFAULT_TIER_LABEL = "netatlas.tier";

export interface TierAssignment {
  tier: Tier;
  /** false when a label decided it (on the object itself, a sibling of its service, or its swarm service). */
  inferred: boolean;
  /** One plain sentence saying why, shown in the UI. */
  reason: string;
}

/** By element id (elementId.network / elementId.container). */
export type TierMap = ReadonlyMap<string, TierAssignment>;

/**
 * What people read for each tier. The "internal" tier (not published, not --internal) is shown as "private": Docker's
 * `--internal` (no route out) is the data tier, and one word must not mean both.
 */
export const TIER_NAME: Record<Tier, string> = {
  outside: "outside",
  public: "public",
  internal: "private",
  data: "data",
};

/** One short sentence per tier, for the map's legend. */
export const TIER_RULES: Array<{ tier: Tier; rule: string }> = [
  { tier: "outside", rule: "where published ports are reached from" },
  {
    tier: "public",
    rule: "a container publishes ports through it, or it reaches outside directly (host, macvlan, ipvlan, ingress)",
  },
  { tier: "internal", rule: "not --internal, no published ports" },
  { tier: "data", rule: "created with --internal" },
];

const TIER_WORDS: Record<string, Tier> = {
  outside: "outside",
  public: "public",
  frontend: "public",
  front: "public",
  edge: "public",
  web: "public",
  internal: "internal",
  private: "internal",
  backend: "internal",
  back: "internal",
  app: "internal",
  data: "data",
  db: "data",
  database: "data",
  storage: "data",
};

/** The tier a label value names (case-insensitive, with the usual synonyms); null when it names none. */
export function parseTier(value: string): Tier | null {
  return TIER_WORDS[value.trim().toLowerCase()] ?? null;
}

export function tierOrder(tier: Tier): number {
  return TIER_ORDER.indexOf(tier);
}

/** The tier nearest the outside among `tiers`; null for none. */
export function mostOutward(tiers: readonly Tier[]): Tier | null {
  let best: Tier | null = null;
  for (const t of tiers) if (best === null || tierOrder(t) < tierOrder(best)) best = t;
  return best;
}

const COMPOSE_PROJECT = "com.docker.compose.project";
const COMPOSE_SERVICE = "com.docker.compose.service";
const SWARM_SERVICE_NAME = "com.docker.swarm.service.name";
const SWARM_SERVICE_ID = "com.docker.swarm.service.id";

/** The Compose service ("project/service") or swarm service a container belongs to; null for a lone container. */
export function groupKey(container: ContainerDto): string | null {
  const project = container.labels[COMPOSE_PROJECT];
  const service = container.labels[COMPOSE_SERVICE];
  if (project && service) return `${project}/${service}`;
  return container.labels[SWARM_SERVICE_NAME] ?? null;
}

/**
 * The key siblings are grouped by: a Compose project is one engine's (the same name elsewhere is another
 * deployment), a swarm service spans engines and is known by its id.
 */
function siblingKey(container: ContainerDto): string | null {
  const project = container.labels[COMPOSE_PROJECT];
  const service = container.labels[COMPOSE_SERVICE];
  if (project && service) return `compose:${container.engine}:${project}/${service}`;
  const swarm = container.labels[SWARM_SERVICE_ID] ?? container.labels[SWARM_SERVICE_NAME];
  return swarm ? `swarm:${swarm}` : null;
}

function groupWords(container: ContainerDto): string {
  const project = container.labels[COMPOSE_PROJECT];
  const service = container.labels[COMPOSE_SERVICE];
  return project && service
    ? `Compose service ${project}/${service}`
    : `swarm service ${groupKey(container)}`;
}

type LabelRead = { tier: Tier; value: string } | { tier: null; value: string } | null;

function readLabel(labels: Record<string, string>, key: string): LabelRead {
  const value = labels[key];
  if (value === undefined) return null;
  return { tier: parseTier(value), value };
}

/** "inferred: …", with a note when a label was there but named no tier. */
function inferredReason(text: string, label: LabelRead, key: string): string {
  return label && label.tier === null
    ? `inferred: ${text} (label ${key}=${label.value} is not a known tier, ignored)`
    : `inferred: ${text}`;
}

const DIRECT_DRIVERS: Record<string, string> = {
  host: "host network: containers use the host's own network stack",
  macvlan: "macvlan network: containers sit on the host's LAN directly",
  ipvlan: "ipvlan network: containers sit on the host's LAN directly",
};

const key = (engine: string, id: string) => `${engine}/${id}`;

function pushTo<T>(map: Map<string, T[]>, k: string, item: T): void {
  const list = map.get(k);
  if (list) list.push(item);
  else map.set(k, [item]);
}

/** Each container's networks, by engine/container id. */
function networksByContainer(model: TopologyModel): Map<string, NetworkDto[]> {
  const networks = new Map(model.networks.map((n) => [key(n.engine, n.id), n]));
  const result = new Map<string, NetworkDto[]>();
  for (const e of model.endpoints) {
    const network = networks.get(key(e.engine, e.networkId));
    if (network) pushTo(result, key(e.engine, e.containerId), network);
  }
  return result;
}

/** Who publishes ports through which network: the default-route network Docker picks for each container. */
function publishersByNetwork(
  model: TopologyModel,
  networksOf: Map<string, NetworkDto[]>,
): Map<string, Array<{ name: string; ports: string[] }>> {
  const result = new Map<string, Array<{ name: string; ports: string[] }>>();
  for (const c of model.containers) {
    const ports = publishedPorts(c.ports);
    if (!ports.length) continue;
    // Docker publishes on the default-route endpoint: the first non-internal network in byte order of names
    // (libnetwork's endpoint ordering; Go compares strings bytewise, hence `<`, not localeCompare).
    let chosen: NetworkDto | null = null;
    for (const n of networksOf.get(key(c.engine, c.id)) ?? []) {
      if (n.internal) continue;
      if (!chosen || n.name < chosen.name || (n.name === chosen.name && n.id < chosen.id)) chosen = n;
    }
    if (!chosen) continue;
    pushTo(result, key(chosen.engine, chosen.id), { name: c.name, ports });
  }
  return result;
}

/** Swarm services publishing through the routing mesh, as "8080→80/tcp (web)". */
function meshPorts(model: TopologyModel): string[] {
  return model.services.flatMap((s) =>
    s.ports
      .filter((p) => p.publishMode === "ingress" && p.publishedPort !== null)
      .map((p) => `${p.publishedPort}→${p.targetPort}/${p.protocol} (${s.name})`),
  );
}

function networkTier(
  network: NetworkDto,
  labelKey: string,
  publishers: Map<string, Array<{ name: string; ports: string[] }>>,
  mesh: string[],
): TierAssignment {
  const label = readLabel(network.labels, labelKey);
  if (label?.tier) return { tier: label.tier, inferred: false, reason: `label ${labelKey}=${label.value}` };
  const infer = (tier: Tier, text: string): TierAssignment => ({
    tier,
    inferred: true,
    reason: inferredReason(text, label, labelKey),
  });
  if (network.internal) return infer("data", "--internal network, no route out");
  if (network.ingress) {
    return infer(
      "public",
      mesh.length
        ? `the swarm routing mesh (ingress) publishes ${mesh.join(", ")} through it`
        : "the swarm routing mesh (ingress), reachable on every node",
    );
  }
  const direct = DIRECT_DRIVERS[network.driver];
  if (direct) return infer("public", direct);
  const published = publishers.get(key(network.engine, network.id)) ?? [];
  const [first, ...more] = published;
  if (first) {
    const others = more.length
      ? ` and ${more.length} more container${more.length === 1 ? "" : "s"} do too`
      : "";
    return infer("public", `${first.name} publishes ${first.ports.join(", ")} through it${others}`);
  }
  return infer("internal", "not --internal, no published ports");
}

/**
 * Tiers for every network and container of the model. A label (`labelKey`, values case-insensitive with
 * synonyms) wins; containers of one Compose or swarm service share a labelled sibling's tier; everything else is
 * inferred from --internal, drivers with a direct route out, and where ports are published.
 */
export function inferTiers(model: TopologyModel, options: { labelKey: string }): TierMap {
  const { labelKey } = options;
  const result = new Map<string, TierAssignment>();
  const networksOf = networksByContainer(model);
  const publishers = publishersByNetwork(model, networksOf);
  const mesh = meshPorts(model);
  for (const n of model.networks)
    result.set(elementId.network(n.engine, n.id), networkTier(n, labelKey, publishers, mesh));

  // Labelled members of each group, first one in model order (sorted by name) speaking for the group.
  const groupLabel = new Map<string, { tier: Tier; reason: string }>();
  for (const service of model.services) {
    const label = readLabel(service.labels, labelKey);
    if (label?.tier)
      groupLabel.set(`swarm:${service.id}`, {
        tier: label.tier,
        reason: `label ${labelKey}=${label.value} on swarm service ${service.name}`,
      });
  }
  for (const c of model.containers) {
    const group = siblingKey(c);
    const label = readLabel(c.labels, labelKey);
    if (!group || !label?.tier || groupLabel.has(group)) continue;
    groupLabel.set(group, {
      tier: label.tier,
      reason: `label ${labelKey}=${label.value} on ${c.name}, of the same ${groupWords(c)}`,
    });
  }

  const containers = new Map(model.containers.map((c) => [key(c.engine, c.id), c]));
  const done = new Map<string, TierAssignment>();

  const containerTier = (c: ContainerDto, visiting: Set<string>): TierAssignment => {
    const k = key(c.engine, c.id);
    const known = done.get(k);
    if (known) return known;
    const label = readLabel(c.labels, labelKey);
    const infer = (tier: Tier, text: string): TierAssignment => ({
      tier,
      inferred: true,
      reason: inferredReason(text, label, labelKey),
    });
    const group = siblingKey(c);
    const fromGroup = group ? groupLabel.get(group) : undefined;
    const ports = publishedPorts(c.ports);
    const shared = c.sharesNetworkWith ? containers.get(key(c.engine, c.sharesNetworkWith)) : undefined;
    let answer: TierAssignment;
    if (label?.tier) {
      answer = { tier: label.tier, inferred: false, reason: `label ${labelKey}=${label.value}` };
    } else if (fromGroup) {
      answer = { tier: fromGroup.tier, inferred: false, reason: fromGroup.reason };
    } else if (c.networkMode === "host") {
      answer = infer("public", "shares the host's network stack");
    } else if (shared && shared !== c && !visiting.has(key(shared.engine, shared.id))) {
      // A cycle cannot be created with Docker, but a half-read topology must not recurse forever.
      const of = containerTier(shared, new Set([...visiting, k]));
      answer = infer(of.tier, `shares the network stack of ${shared.name}, which is ${of.tier}`);
    } else if (ports.length) {
      answer = infer("public", `publishes ${ports.join(", ")}`);
    } else {
      const on = (networksOf.get(k) ?? []).filter((n) => n.driver !== "null");
      const tiers = on.map((n) => result.get(elementId.network(n.engine, n.id))?.tier ?? "internal");
      const best = mostOutward(tiers);
      const via = on.find((_, i) => tiers[i] === best);
      answer =
        best && via
          ? infer(
              best,
              `${on.length > 1 ? "its most outward network" : "its network"}, ${via.name}, is ${best}`,
            )
          : infer(
              "internal",
              c.networkMode === "none" ? "--network none, no network" : "attached to no network",
            );
    }
    done.set(k, answer);
    return answer;
  };

  for (const c of model.containers)
    result.set(elementId.container(c.engine, c.id), containerTier(c, new Set()));
  return result;
}
