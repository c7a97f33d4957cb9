// The wire contract of the live stream (GET /api/events, server-sent events): a snapshot, then numbered
// batches of deltas, one per change Docker reported, plus the state of each engine's feed.
import type { SwarmNodeDto, SwarmServiceDto, SwarmTaskDto } from "./swarm";
import type { ApiErrorDetail, ContainerDto, EndpointDto, EngineDto, NetworkDto, TopologyDto } from "./types";

export type DeltaKind = "engine" | "network" | "container" | "endpoint" | "node" | "service" | "task";

interface ValueOf {
  engine: EngineDto;
  network: NetworkDto;
  container: ContainerDto;
  endpoint: EndpointDto;
  node: SwarmNodeDto;
  service: SwarmServiceDto;
  task: SwarmTaskDto;
}

/** A node (engine, network, container) or an edge (endpoint) added, changed or removed. */
export type Delta =
  | { [K in DeltaKind]: { op: "add" | "change"; kind: K; key: string; value: ValueOf[K] } }[DeltaKind]
  | { op: "remove"; kind: DeltaKind; key: string };

export type FeedState = "connecting" | "live" | "down";

/** One engine's events feed on the server. */
export interface FeedStatus {
  engine: string;
  state: FeedState;
  /** ISO time the feed entered this state. */
  since: string;
  error: ApiErrorDetail | null;
  /** Full rebuilds from a listing so far (reconnects and detected gaps). */
  resyncs: number;
  /** Times the events stream was opened again after it broke (the first opening is not counted). */
  reconnects: number;
  /** ISO time the last Docker event reached us; null before the first. */
  lastEventAt: string | null;
  /** For that event, Docker's event time to our receipt (ms): how far behind the engine we are. */
  lagMs: number | null;
}

/** `event: snapshot` — the whole topology at `version`. */
export interface SnapshotMessage {
  version: number;
  topology: TopologyDto;
  feeds: FeedStatus[];
}

/** `event: delta` — what changed from version - 1 to `version`. */
export interface DeltaMessage {
  version: number;
  deltas: Delta[];
  /** "event": a Docker event; "resync": a rebuild from a full listing (reconnect, gap, or asked for). */
  cause: "event" | "resync";
  /** ISO time the server saw the change. */
  at: string;
}

/** `event: status` — the feeds, whenever one changes state. */
export interface StatusMessage {
  feeds: FeedStatus[];
}
