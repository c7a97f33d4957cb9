// The event timeline's sentences: each delta told in plain words ("web1 joined app-net as 172.20.0.3, alias
// api"), with the element to focus and the names to filter by. Pure.
import type { Delta } from "@/lib/api/live";
import type { SwarmNodeDto, SwarmServiceDto, SwarmTaskDto } from "@/lib/api/swarm";
import type { ContainerDto, EndpointDto, EngineDto, NetworkDto, TopologyDto } from "@/lib/api/types";
import { deltaKey } from "./delta";
import { endpointAddresses, subnets, userAliases } from "./format";
import { elementId } from "./model";
import { taskLabel } from "./swarm-graph";

export interface TimelineEntry {
  /** Unique within a session: version and position in its batch. */
  id: string;
  at: string;
  text: string;
  tone: "add" | "change" | "remove";
  /** The map element to focus; null when it is gone. */
  elementId: string | null;
  networks: string[];
  containers: string[];
}

type Described = Omit<TimelineEntry, "id" | "at">;

function find<T>(list: T[], key: string, keyOf: (v: T) => string): T | undefined {
  return list.find((v) => keyOf(v) === key);
}

function containerName(t: TopologyDto, engine: string, id: string): string {
  return t.containers.find((c) => c.engine === engine && c.id === id)?.name ?? id.slice(0, 12);
}

function describeContainer(delta: Delta, before: TopologyDto): Described | null {
  const old = find(before.containers, delta.key, deltaKey.container);
  if (delta.op === "remove") {
    const name = old?.name ?? delta.key.split("/")[1]?.slice(0, 12) ?? delta.key;
    return { text: `${name} removed`, tone: "remove", elementId: null, networks: [], containers: [name] };
  }
  const c = delta.value as ContainerDto;
  const base = { elementId: elementId.container(c.engine, c.id), networks: [], containers: [c.name] };
  if (delta.op === "add")
    return { ...base, text: `${c.name} created (${c.state}, image ${c.image})`, tone: "add" };
  const changes: string[] = [];
  if (old && old.name !== c.name) changes.push(`renamed from ${old.name}`);
  if (old && old.state !== c.state) changes.push(stateWords(old.state, c.state));
  // Only the status text or timestamps moved: not worth a line.
  if (changes.length === 0) return null;
  return {
    ...base,
    containers: old && old.name !== c.name ? [c.name, old.name] : [c.name],
    text: `${c.name} ${changes.join(", ")}`,
    tone: "change",
  };
}

function stateWords(from: string, to: string): string {
  if (to === "running" && from === "paused") return "unpaused";
  if (to === "running") return "started";
  if (to === "exited") return "stopped (exited)";
  return `${from} → ${to}`;
}

function describeNetwork(delta: Delta, before: TopologyDto): Described {
  if (delta.op === "remove") {
    const name =
      find(before.networks, delta.key, deltaKey.network)?.name ??
      delta.key.split("/")[1]?.slice(0, 12) ??
      delta.key;
    return {
      text: `network ${name} removed`,
      tone: "remove",
      elementId: null,
      networks: [name],
      containers: [],
    };
  }
  const n = delta.value as NetworkDto;
  const facts = [n.driver, ...subnets(n), n.internal ? "internal" : null].filter(Boolean).join(", ");
  return {
    text: delta.op === "add" ? `network ${n.name} created (${facts})` : `network ${n.name} changed`,
    tone: delta.op,
    elementId: elementId.network(n.engine, n.id),
    networks: [n.name],
    containers: [],
  };
}

function describeEndpoint(delta: Delta, before: TopologyDto, after: TopologyDto): Described | null {
  const old = find(before.endpoints, delta.key, deltaKey.endpoint);
  const e = delta.op === "remove" ? old : (delta.value as EndpointDto);
  if (!e)
    return {
      text: `an attachment ended (${delta.key})`,
      tone: "remove",
      elementId: null,
      networks: [],
      containers: [],
    };
  const name = containerName(delta.op === "remove" ? before : after, e.engine, e.containerId);
  const base = { networks: [e.networkName], containers: [name] };
  if (delta.op === "remove")
    return { ...base, text: `${name} left ${e.networkName}`, tone: "remove", elementId: null };
  // A container that never ran has no network id on its attachment yet: the map keys it by the network's.
  const networkId =
    e.networkId || after.networks.find((n) => n.engine === e.engine && n.name === e.networkName)?.id || "";
  const id = elementId.endpoint(e.engine, networkId, e.containerId);
  const address = endpointAddresses(e);
  const aliases = userAliases(e);
  const alias = aliases.length ? `, alias${aliases.length > 1 ? "es" : ""} ${aliases.join(", ")}` : "";
  const was = old ? endpointAddresses(old) : "";
  // Docker gives an endpoint an id while its container runs; host and none endpoints never get an address.
  const active = e.id !== null;
  const wasActive = old ? old.id !== null : false;
  const as = address ? ` as ${address}` : "";
  if (active && !wasActive) {
    // Added running, or the container started: that is when it joins the network.
    return { ...base, text: `${name} joined ${e.networkName}${as}${alias}`, tone: "add", elementId: id };
  }
  if (!active && delta.op === "add") {
    return {
      ...base,
      text: `${name} is attached to ${e.networkName} (not running yet)${alias}`,
      tone: "add",
      elementId: id,
    };
  }
  if (!active && wasActive) {
    const what = was ? `released ${was} on` : "left";
    return { ...base, text: `${name} ${what} ${e.networkName} (not running)`, tone: "change", elementId: id };
  }
  if (was !== address) {
    return {
      ...base,
      text: `${name} on ${e.networkName}: ${was || "no address"} → ${address || "no address"}`,
      tone: "change",
      elementId: id,
    };
  }
  const oldAliases = old ? userAliases(old).join(", ") : "";
  if (oldAliases !== aliases.join(", ")) {
    return {
      ...base,
      text: `${name} on ${e.networkName}: aliases now ${aliases.join(", ") || "none"}`,
      tone: "change",
      elementId: id,
    };
  }
  return null;
}

function describeEngine(delta: Delta, before: TopologyDto): Described {
  if (delta.op === "remove")
    return {
      text: `engine ${delta.key} removed`,
      tone: "remove",
      elementId: null,
      networks: [],
      containers: [],
    };
  const e = delta.value as EngineDto;
  const old = find(before.engines, delta.key, (x) => x.id);
  const text =
    e.status === "unreachable"
      ? `engine ${e.id} is unreachable${e.error ? `: ${e.error.message}` : ""}`
      : old?.status === "unreachable"
        ? `engine ${e.id} is back (Docker ${e.version})`
        : `engine ${e.id} ${delta.op === "add" ? "connected" : "changed"} (Docker ${e.version})`;
  return {
    text,
    tone: e.status === "unreachable" ? "remove" : delta.op,
    elementId: elementId.engine(e.id),
    networks: [],
    containers: [],
  };
}

/** Swarm nodes joining and leaving, services made, scaled and removed, tasks placed and changing state. */
function describeSwarm(delta: Delta, before: TopologyDto, after: TopologyDto): Described | null {
  const none = { networks: [], containers: [] };
  if (delta.kind === "node") {
    const old = find(before.nodes, delta.key, deltaKey.node);
    if (delta.op === "remove")
      return {
        ...none,
        text: `swarm node ${old?.hostname ?? delta.key} left`,
        tone: "remove",
        elementId: null,
      };
    const n = delta.value as SwarmNodeDto;
    const text =
      delta.op === "add"
        ? `swarm node ${n.hostname} joined as ${n.role} (${n.state})`
        : old && (old.state !== n.state || old.availability !== n.availability || old.role !== n.role)
          ? `swarm node ${n.hostname}: ${[old.role !== n.role ? `${old.role} → ${n.role}` : null, old.state !== n.state ? `${old.state} → ${n.state}` : null, old.availability !== n.availability ? `${old.availability} → ${n.availability}` : null].filter(Boolean).join(", ")}`
          : null;
    // Its box: the configured engine that is this node, else the box the map draws for it.
    const engine = after.engines.find((e) => e.swarm?.nodeId === n.id);
    const box = engine ? elementId.engine(engine.id) : elementId.swarmNode(n.cluster, n.id);
    return text ? { ...none, text, tone: delta.op, elementId: box } : null;
  }
  if (delta.kind === "service") {
    const old = find(before.services, delta.key, deltaKey.service);
    if (delta.op === "remove")
      return { ...none, text: `service ${old?.name ?? delta.key} removed`, tone: "remove", elementId: null };
    const s = delta.value as SwarmServiceDto;
    const id = elementId.service(s.cluster, s.id);
    if (delta.op === "add") {
      const size = s.replicas === null ? s.mode : `${s.replicas} replica${s.replicas === 1 ? "" : "s"}`;
      return {
        ...none,
        text: `service ${s.name} created (${size}, ${s.endpointMode})`,
        tone: "add",
        elementId: id,
      };
    }
    if (old && old.replicas !== s.replicas)
      return {
        ...none,
        text: `service ${s.name} scaled ${old.replicas} → ${s.replicas}`,
        tone: "change",
        elementId: id,
      };
    return old && old.updatedAt !== s.updatedAt
      ? { ...none, text: `service ${s.name} updated`, tone: "change", elementId: id }
      : null;
  }
  const old = find(before.tasks, delta.key, deltaKey.task);
  const t = delta.op === "remove" ? old : (delta.value as SwarmTaskDto);
  if (!t) return null;
  const topology = delta.op === "remove" ? before : after;
  const service = topology.services.find((s) => s.id === t.serviceId)?.name ?? t.serviceId.slice(0, 12);
  const node = topology.nodes.find((n) => n.id === t.nodeId)?.hostname ?? "an unassigned node";
  const name = taskLabel(service, t);
  if (delta.op === "remove")
    return { ...none, text: `task ${name} on ${node} ended`, tone: "remove", elementId: null };
  // The edge from the service is drawn whether the task shows as its container or as a task node.
  const id = elementId.taskEdge(t.cluster, t.id);
  if (delta.op === "add")
    return { ...none, text: `task ${name} placed on ${node} (${t.state})`, tone: "add", elementId: id };
  return old && old.state !== t.state
    ? {
        ...none,
        text: `task ${name} on ${node}: ${old.state} → ${t.state}${t.error ? ` (${t.error})` : ""}`,
        tone: "change",
        elementId: id,
      }
    : null;
}

/**
 * One sentence per delta that a person would care about (a status text that moved is left out); `before` and
 * `after` are the topologies around the batch the delta is in.
 */
export function describeDeltas(
  deltas: Delta[],
  before: TopologyDto,
  after: TopologyDto,
  version: number,
  at: string,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  deltas.forEach((delta, i) => {
    const described =
      delta.kind === "container"
        ? describeContainer(delta, before)
        : delta.kind === "network"
          ? describeNetwork(delta, before)
          : delta.kind === "endpoint"
            ? describeEndpoint(delta, before, after)
            : delta.kind === "engine"
              ? describeEngine(delta, before)
              : describeSwarm(delta, before, after);
    if (described) entries.push({ id: `${version}.${i}`, at, ...described });
  });
  return entries;
}
