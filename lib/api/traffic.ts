// The wire contract of GET /api/traffic (server-sent events, `event: traffic`): each endpoint's receive and
// transmit rates, sampled every 2 s while at least one client listens, per-network totals, the top talkers, and
// where each engine's numbers come from. Pure types: shared by the server (lib/traffic) and the browser.
//
// Every rate is from the CONTAINER's point of view: rx is what the container received on that interface, tx what
// it sent, whichever counters they were read from (docs/traffic.md).

/**
 * Where an endpoint's numbers come from. "host counters": the host-side veth of the container's interface, read
 * in the engine host's network namespace (local socket, lab engines); "engine stats": the Engine API's container
 * stats (`GET /containers/{id}/stats`, per interface), where the host cannot be seen or the interface has no
 * host-side veth (overlay, macvlan, ipvlan).
 */
export type TrafficSource = "host counters" | "engine stats";

/** Per second, from the container's point of view. */
export interface TrafficRates {
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
}

export interface EndpointTraffic {
  /**
   * The map's element id: `endpoint:<engine>:<network id>:<container id>` (lib/topology/model.ts
   * elementId.endpoint), the edge the rate belongs on. For numbers that could not be put on one network
   * (engine stats of a container on several networks), `container:<engine>:<container id>`.
   */
  id: string;
  engine: string;
  /** null: the numbers are the container's, not one endpoint's (see `note`). */
  networkId: string | null;
  containerId: string;
  /** The container-side interface (eth0, eth1), when known. */
  interface: string | null;
  source: TrafficSource;
  /** null: no rate yet (the first reading, or the counters went back: a new interface or a counter reset). */
  rates: TrafficRates | null;
  /** rxBytes + txBytes per second (0 when `rates` is null): what top talkers are ranked by. */
  totalBytes: number;
  /** Why the numbers are what they are, when that is not plain (e.g. "not mapped to a network: …"). */
  note: string | null;
}

/** One network's endpoints summed (a packet between two of its containers counts on both endpoints). */
export interface NetworkTraffic {
  engine: string;
  networkId: string;
  rates: TrafficRates;
  totalBytes: number;
  /** Endpoints with a rate in this sample. */
  endpoints: number;
}

export type TrafficEngineState = "sampling" | "unavailable" | "busy" | "error";

/** How one engine was sampled this time. */
export interface EngineTraffic {
  engine: string;
  /** "host counters" where the host is visible, else "engine stats" (a host engine may still use engine stats
   * for endpoints without a host-side veth: each endpoint says its own source). */
  source: TrafficSource;
  state: TrafficEngineState;
  /** Why it is not "sampling", or what was left out. */
  message: string | null;
  /** Endpoints (and unmapped containers) with numbers in this sample. */
  endpoints: number;
  /** Time since this engine's previous reading, ms (0 for the first): the interval its rates cover. */
  intervalMs: number;
  /** How long this engine's reading took, ms. */
  readMs: number;
}

/** `event: traffic` — one sample (every 2 s), and on connect also the history. */
export interface TrafficMessage {
  /** ISO time of the reading. */
  at: string;
  /** The interval the rates cover, ms (about 2000; 0 for the first message of a new sampler). */
  intervalMs: number;
  endpoints: EndpointTraffic[];
  networks: NetworkTraffic[];
  /** Up to 10 endpoints with the most bytes/s (rx + tx), highest first; only those above 0. */
  top: Array<{ id: string; totalBytes: number }>;
  engines: EngineTraffic[];
  /** Only in the first message of a connection: the last 5 minutes (150 samples) per endpoint id. */
  history?: TrafficHistory;
}

/**
 * Columns of the same length per endpoint id, oldest first: `at` in epoch ms, the rates per second (null where
 * there was no rate). Up to 150 entries (5 minutes at 2 s).
 */
export type TrafficHistory = Record<
  string,
  {
    at: number[];
    rxBytes: Array<number | null>;
    txBytes: Array<number | null>;
    rxPackets: Array<number | null>;
    txPackets: Array<number | null>;
  }
>;

/** Sampling interval and history depth. */
export const TRAFFIC_INTERVAL_MS = 2000;
export const TRAFFIC_HISTORY = 150;
export const TRAFFIC_TOP = 10;
