// Across hosts: what toGraph adds when engines form a swarm or share overlay networks. Swarm nodes get their
// facts on their engine's box (or a box of their own when no engine is configured for them), services float
// between the boxes with an edge to each task, and an overlay present on several hosts gets a VXLAN tunnel edge
// between each pair of its hosts (🔒 when encrypted). Pure.
import type { SwarmNodeDto, SwarmServiceDto, SwarmTaskDto } from "@/lib/api/swarm";
import type { NetworkDto } from "@/lib/api/types";
import { withoutPrefix } from "./format";
import { elementId, type GraphEdge, type GraphNode, type TopologyModel } from "./model";

export const VXLAN_OPTION = "com.docker.network.driver.overlay.vxlanid_list";

/** The VXLAN ids of an overlay as Docker lists them ("4097" or "4097,4098"); [] when unknown. */
export function vxlanIds(network: NetworkDto): number[] {
  return (network.options[VXLAN_OPTION] ?? "")
    .split(",")
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isInteger(v) && v > 0);
}

export function isEncrypted(network: NetworkDto): boolean {
  return network.driver === "overlay" && "encrypted" in network.options;
}

/** A task as `docker service ps` names it: <service>.<slot>, or <service>.<node id> for a global service. */
export function taskLabel(service: string, task: SwarmTaskDto): string {
  return `${service}.${task.slot ?? task.nodeId?.slice(0, 12) ?? task.id.slice(0, 12)}`;
}

/** The box a swarm node is drawn as: its configured engine's, else one of its own. */
export function nodeBoxes(model: TopologyModel): Map<string, string> {
  const boxes = new Map<string, string>();
  for (const node of model.nodes) {
    const engine = model.engines.find((e) => e.swarm?.nodeId === node.id);
    boxes.set(node.id, engine ? elementId.engine(engine.id) : elementId.swarmNode(node.cluster, node.id));
  }
  return boxes;
}

function nodeFacts(node: SwarmNodeDto): string {
  return [`swarm ${node.role}${node.leader ? " (leader)" : ""}`, node.state, node.availability, node.address]
    .filter(Boolean)
    .join(" · ");
}

/** Swarm facts for the engine boxes that are swarm nodes; boxes for nodes no engine is configured for. */
export function swarmNodeBoxes(model: TopologyModel): { extra: GraphNode[]; facts: Map<string, string> } {
  const facts = new Map<string, string>();
  const extra: GraphNode[] = [];
  for (const node of model.nodes) {
    const engine = model.engines.find((e) => e.swarm?.nodeId === node.id);
    if (engine) {
      facts.set(elementId.engine(engine.id), nodeFacts(node));
      continue;
    }
    extra.push({
      id: elementId.swarmNode(node.cluster, node.id),
      kind: "engine",
      engine: node.engine,
      ref: node.id,
      parent: null,
      label: node.hostname,
      sublabel: `${nodeFacts(node)} · not configured here`,
      classes: ["engine", "swarm-node", node.state === "ready" ? "engine-up" : "engine-down"],
      description:
        `Swarm node ${node.hostname} (${nodeFacts(node)}${node.engineVersion ? `, Docker ${node.engineVersion}` : ""}): ` +
        "seen through a manager; configure its engine in Netatlas (engines list) to see its networks and containers.",
    });
  }
  return { extra, facts };
}

function replicasText(service: SwarmServiceDto, tasks: SwarmTaskDto[]): string {
  const running = tasks.filter((t) => t.state === "running").length;
  return service.replicas === null ? `${service.mode}, ${running} running` : `${running}/${service.replicas}`;
}

function serviceNode(service: SwarmServiceDto, tasks: SwarmTaskDto[], networks: NetworkDto[]): GraphNode {
  const name = (id: string) => networks.find((n) => n.id === id)?.name ?? id.slice(0, 12);
  const vips = service.vips.map((v) => `${withoutPrefix(v.address)} on ${name(v.networkId)}`);
  const ports = service.ports.map(
    (p) =>
      `${p.publishedPort ?? "?"}→${p.targetPort}/${p.protocol} (${p.publishMode === "ingress" ? "routing mesh" : "host"})`,
  );
  const facts = [
    `${service.mode}${service.replicas !== null ? `, ${replicasText(service, tasks)} replicas running` : ""}`,
    `endpoint mode ${service.endpointMode}`,
    vips.length ? `VIP ${vips.join(", ")}` : null,
    ports.length ? `published ${ports.join(", ")}` : null,
    `image ${service.image}`,
  ].filter(Boolean);
  return {
    id: elementId.service(service.cluster, service.id),
    kind: "service",
    engine: service.engine,
    ref: service.id,
    parent: null,
    label: service.name,
    sublabel: [
      `${service.mode === "replicated" ? replicasText(service, tasks) : service.mode}`,
      service.endpointMode,
      ...ports.map((p) => p.split(" ")[0]),
    ].join(" · "),
    classes: ["service", `endpoint-${service.endpointMode}`],
    description: `Service ${service.name}: ${facts.join(", ")}`,
  };
}

/**
 * Services, and their tasks: a task whose container is on the map is linked to that container; otherwise it is
 * drawn as a task node in its node's box.
 */
export function serviceElements(
  model: TopologyModel,
  boxes: Map<string, string>,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const hostname = new Map(model.nodes.map((n) => [n.id, n.hostname]));
  for (const service of model.services) {
    const tasks = model.tasks.filter((t) => t.serviceId === service.id && t.cluster === service.cluster);
    const serviceId = elementId.service(service.cluster, service.id);
    nodes.push(serviceNode(service, tasks, model.networks));
    for (const task of tasks) {
      const taskName = taskLabel(service.name, task);
      const where = task.nodeId ? (hostname.get(task.nodeId) ?? task.nodeId.slice(0, 12)) : "no node yet";
      const box = task.nodeId ? boxes.get(task.nodeId) : undefined;
      const engineId = box?.startsWith("engine:") ? box.slice("engine:".length) : null;
      const container = engineId
        ? model.containers.find((c) => c.engine === engineId && c.id === task.containerId)
        : undefined;
      const addresses = task.addresses.map((a) => withoutPrefix(a.address)).join(", ");
      const target = container
        ? elementId.container(container.engine, container.id)
        : elementId.task(task.cluster, task.id);
      if (!container) {
        nodes.push({
          id: target,
          kind: "task",
          engine: task.engine,
          ref: task.id,
          parent: box ?? null,
          label: taskName,
          sublabel: [task.state, addresses].filter(Boolean).join(" · "),
          classes: ["task", `state-${task.state === "running" ? "running" : task.state}`],
          description:
            `Task ${taskName} of service ${service.name} on ${where}: ${task.state}` +
            `${addresses ? `, ${addresses}` : ""}${task.error ? `, ${task.error}` : ""}`,
        });
      }
      edges.push({
        id: elementId.taskEdge(task.cluster, task.id),
        kind: "task",
        engine: task.engine,
        source: serviceId,
        target,
        label: `${taskName}${task.state === "running" ? "" : ` (${task.state})`}`,
        classes: ["task-edge", `task-${task.state}`],
        description: `${taskName} of ${service.name} runs on ${where}${addresses ? ` as ${addresses}` : ""}: ${task.state}`,
      });
    }
  }
  return { nodes, edges };
}

/**
 * A VXLAN tunnel edge between each pair of hosts that have an overlay: between its network nodes when both
 * hosts are configured engines, or to the box of a peer seen only through the network's peer list.
 */
export function tunnelEdges(model: TopologyModel, boxes: Map<string, string>): GraphEdge[] {
  const byId = new Map<string, NetworkDto[]>();
  for (const n of model.networks)
    if (n.driver === "overlay" && !n.configOnly) byId.set(n.id, [...(byId.get(n.id) ?? []), n]);
  const nodeByAddress = new Map(model.nodes.map((n) => [n.address, n]));
  const edges: GraphEdge[] = [];
  for (const [id, copies] of byId) {
    const ends = copies.map((n) => ({
      element: elementId.network(n.engine, n.id),
      host: model.engines.find((e) => e.id === n.engine)?.hostname ?? n.engine,
    }));
    const seen = new Set(copies.map((n) => model.engines.find((e) => e.id === n.engine)?.swarm?.nodeAddress));
    for (const peer of copies.flatMap((n) => n.peers ?? [])) {
      if (seen.has(peer.ip)) continue;
      seen.add(peer.ip);
      const node = nodeByAddress.get(peer.ip);
      const box = node ? boxes.get(node.id) : undefined;
      if (!node || !box || box.startsWith("engine:")) continue;
      ends.push({ element: box, host: node.hostname });
    }
    const sample = copies.find((n) => vxlanIds(n).length > 0) ?? (copies[0] as NetworkDto);
    const vnis = vxlanIds(sample);
    const locked = copies.some(isEncrypted);
    // The lock needs an emoji font; "encrypted" says it without one.
    const label = `${locked ? "🔒 " : ""}VXLAN ${vnis.length ? vnis.join(",") : "?"}${locked ? " · encrypted" : ""}`;
    for (let i = 0; i < ends.length; i++) {
      for (let j = i + 1; j < ends.length; j++) {
        const [a, b] = [ends[i], ends[j]].sort((x, y) =>
          (x?.element ?? "").localeCompare(y?.element ?? ""),
        ) as [(typeof ends)[number], (typeof ends)[number]];
        edges.push({
          id: elementId.tunnel(id, a.element, b.element),
          kind: "tunnel",
          engine: sample.engine,
          source: a.element,
          target: b.element,
          label,
          classes: ["tunnel", ...(locked ? ["encrypted"] : [])],
          description:
            `Overlay ${sample.name}: VXLAN tunnel${vnis.length ? ` (VNI ${vnis.join(", ")})` : ""} between ` +
            `${a.host} and ${b.host}${locked ? ", encrypted (IPsec)" : ", not encrypted"}`,
        });
      }
    }
  }
  return edges.sort((a, b) => a.id.localeCompare(b.id));
}
