// One engine's Docker events as a stream of typed EngineEvents. Only the kinds that change the map are asked
// for. The stream has no timeout (an inactivity timeout would cut a quiet stream); the caller closes it.
import "server-only";
import type { Readable } from "node:stream";
import type { ConnectedEngine } from "./client";
import { NdjsonSplitter } from "./ndjson";

export interface EngineEvent {
  engine: string;
  /** service and node events come from swarm managers only. */
  type: "container" | "network" | "service" | "node";
  action: string;
  /** The container's, network's, service's or node's id. */
  id: string;
  attributes: Record<string, string>;
  timeNano: number;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
}

/** Events that change what the map shows; exec_*, attach, top and the like are left out at the source. */
export const EVENT_FILTERS = {
  type: ["container", "network", "service", "node"],
  event: [
    "create",
    "start",
    "restart",
    "die",
    "stop",
    "kill",
    "pause",
    "unpause",
    "rename",
    "update",
    "destroy",
    "connect",
    "disconnect",
    "remove",
  ],
};

export interface EventStream {
  close(): void;
}

export interface EventHandlers {
  onEvent(event: EngineEvent): void;
  /** The stream ended or failed; `error` is null when it ended cleanly. */
  onEnd(error: Error | null): void;
  onMalformed?(line: string): void;
}

/** Opens the events stream (from `since`, seconds since the epoch, when given). */
export async function openEventStream(
  engine: ConnectedEngine,
  since: number | null,
  handlers: EventHandlers,
): Promise<EventStream> {
  const options: Record<string, unknown> = { filters: EVENT_FILTERS };
  if (since !== null) options.since = since;
  const stream = (await engine.docker.getEvents(options)) as unknown as Readable;
  const splitter = new NdjsonSplitter((line) => handlers.onMalformed?.(line));
  let ended = false;
  const end = (error: Error | null) => {
    if (ended) return;
    ended = true;
    handlers.onEnd(error);
  };
  stream.on("data", (chunk: Buffer) => {
    for (const raw of splitter.push(chunk) as RawEvent[]) {
      const event = mapEvent(engine.config.id, raw);
      if (event) handlers.onEvent(event);
    }
  });
  stream.on("error", (err) => end(err));
  stream.on("end", () => end(null));
  stream.on("close", () => end(null));
  return {
    close() {
      ended = true;
      stream.destroy();
    },
  };
}

const TYPES: ReadonlySet<string> = new Set(EVENT_FILTERS.type);

export function mapEvent(engine: string, raw: RawEvent): EngineEvent | null {
  if (!raw.Type || !TYPES.has(raw.Type) || !raw.Action || !raw.Actor?.ID) return null;
  return {
    engine,
    type: raw.Type as EngineEvent["type"],
    // Actions like "health_status: healthy" carry details after a colon.
    action: raw.Action.split(":")[0] ?? raw.Action,
    id: raw.Actor.ID,
    attributes: raw.Actor.Attributes ?? {},
    timeNano: raw.timeNano ?? 0,
  };
}
