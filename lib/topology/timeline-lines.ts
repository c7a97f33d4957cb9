// The timeline as JSON lines: each change of a batch that the map's timeline tells (describeDeltas, the one
// place the sentences are made) becomes one flat object, for a log pipeline. Pure: the server's timeline log
// (lib/live/timeline-log.ts) calls it with the topologies around each batch, as the browser does.
import type { DeltaMessage } from "@/lib/api/live";
import type { TimelineLine, TimelineSince } from "@/lib/api/timeline";
import type { TopologyDto } from "@/lib/api/types";
import { deltaKey } from "./delta";
import { taskLabel } from "./swarm-graph";
import { describeDeltas } from "./timeline";

type Delta = DeltaMessage["deltas"][number];

/** The object's name as the timeline knows it: from the new value, else from the topology before the change. */
function nameOf(delta: Delta, before: TopologyDto, after: TopologyDto, containers: string[]): string | null {
  const value = delta.op === "remove" ? undefined : delta.value;
  switch (delta.kind) {
    case "engine":
      return delta.key;
    case "network":
      return (
        (value as { name?: string } | undefined)?.name ??
        before.networks.find((n) => deltaKey.network(n) === delta.key)?.name ??
        null
      );
    case "container":
    case "endpoint":
      // An attachment is named by its container; its network is in `networks`.
      return containers[0] ?? null;
    case "node":
      return (
        (value as { hostname?: string } | undefined)?.hostname ??
        before.nodes.find((n) => deltaKey.node(n) === delta.key)?.hostname ??
        null
      );
    case "service":
      return (
        (value as { name?: string } | undefined)?.name ??
        before.services.find((s) => deltaKey.service(s) === delta.key)?.name ??
        null
      );
    case "task": {
      const topology = delta.op === "remove" ? before : after;
      const task =
        delta.op === "remove" ? before.tasks.find((t) => deltaKey.task(t) === delta.key) : delta.value;
      if (!task || !("serviceId" in task)) return null;
      const service =
        topology.services.find((s) => s.id === task.serviceId)?.name ?? task.serviceId.slice(0, 12);
      return taskLabel(service, task);
    }
  }
}

/**
 * One line per change of `message` that the timeline tells, in batch order; `before` and `after` are the
 * topologies around the batch. A change the timeline leaves out (only a status text moved) has no line.
 */
export function timelineLines(
  message: DeltaMessage,
  before: TopologyDto,
  after: TopologyDto,
): TimelineLine[] {
  return describeDeltas(message.deltas, before, after, message.version, message.at).map((entry) => {
    const seq = Number(entry.id.slice(entry.id.lastIndexOf(".") + 1));
    const delta = message.deltas[seq] as Delta;
    const engine =
      delta.kind === "engine"
        ? delta.key
        : delta.op === "remove"
          ? (delta.key.split("/")[0] ?? delta.key)
          : delta.value.engine;
    return {
      time: message.at,
      version: message.version,
      seq,
      cause: message.cause,
      engine,
      kind: delta.kind,
      op: delta.op,
      id: delta.key,
      name: nameOf(delta, before, after, entry.containers),
      tone: entry.tone,
      message: entry.text,
      networks: entry.networks,
      containers: entry.containers,
    };
  });
}

/** Whether a line comes after `since` (a version: strictly newer; a time: at or after it). */
export function isSince(line: TimelineLine, since: TimelineSince): boolean {
  if (since === null) return true;
  if ("version" in since) return line.version > since.version;
  return Date.parse(line.time) >= since.time;
}

/** One JSON object per line, each ending in "\n" (the NDJSON / JSON Lines format). */
export function jsonLines(values: readonly unknown[]): string {
  let text = "";
  for (const value of values) text += `${JSON.stringify(value)}\n`;
  return text;
}
