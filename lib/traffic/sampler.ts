// The traffic sampler behind GET /api/traffic: while at least one client listens (and only then), every 2 s it
// reads every endpoint's counters and turns consecutive readings into rates, keeps 150 samples per endpoint, and
// sends each listener one TrafficMessage. One per server process (on globalThis, like the live hub). When the
// last listener leaves it stops after NETATLAS_TRAFFIC_IDLE_MS (1000) and forgets everything it had.
//
// Per engine and sample:
// - Host visible (lab engines in their network namespaces, the local socket, and this server is root): ONE
//   `ip -s -j link show type veth` in the engine host's namespace gives every host-side veth's counters. Which
//   veth is which endpoint is learnt by entering each container once (`nsenter -t <pid> -n ip -j -d addr show`:
//   the interface's link_index is its host-side peer), cached per container and redone only when the live
//   store's version changes and that container's signature (start time, endpoint ids, MACs) changed with it.
//   Endpoints without a host-side veth (overlay peers live in the overlay's namespace; macvlan, ipvlan) are read
//   from the Engine API's stats, by the interface name learnt inside the container.
// - Otherwise: the Engine API's stats of every running container, 8 at a time, mapped to networks only where
//   that can be known (lib/traffic/mapping.ts assignStats).
// All commands go through the server-wide process limit (withProcessSlot, by lib/host/linux.ts runText).
import "server-only";
import { performance } from "node:perf_hooks";
import { AppError, logUnexpected } from "@/lib/api/errors";
import {
  type EndpointTraffic,
  type EngineTraffic,
  TRAFFIC_INTERVAL_MS,
  type TrafficMessage,
  type TrafficSource,
} from "@/lib/api/traffic";
import type { EndpointDto, TopologyDto } from "@/lib/api/types";
import { engineConfigs } from "@/lib/docker/client";
import type { EngineConfig } from "@/lib/docker/config";
import { DockerError } from "@/lib/docker/errors";
import { mapBounded } from "@/lib/docker/limit";
import { readContainerPid, readNetworkStats } from "@/lib/docker/stats";
import { engineNetns, ipIn } from "@/lib/host/links";
import { HostReadError, runText, whyUnseen } from "@/lib/host/linux";
import { parseIpJson } from "@/lib/host/linux-parse";
import { liveHub } from "@/lib/live/hub";
import { elementId } from "@/lib/topology/model";
import {
  assignStats,
  type ContainerMapping,
  containerSignature,
  driversOf,
  hostVethOf,
  interfaceEndpoints,
  mapContainer,
  parseHostVeths,
} from "./mapping";
import {
  type Counters,
  HistoryRing,
  networkTotals,
  type Reading,
  rateBetween,
  topTalkers,
  totalBytes,
} from "./rates";

const IDLE_STOP_MS = Number(process.env.NETATLAS_TRAFFIC_IDLE_MS ?? 1000);
/** Containers entered at once to learn their interfaces, and stats calls in flight per engine. */
const MAP_CONCURRENCY = 4;
const STATS_CONCURRENCY = 8;

export type TrafficListener = (message: TrafficMessage) => void;

/** One endpoint's counters in one sample, before rates. */
interface Measured {
  id: string;
  engine: string;
  networkId: string | null;
  containerId: string;
  interface: string | null;
  source: TrafficSource;
  note: string | null;
  /** Where the counters come from (a veth index, a stats interface): a new origin starts a new baseline. */
  origin: string;
  reading: Reading;
}

interface EngineState {
  /** The live-store version the mappings were checked at. */
  version: number | null;
  mappings: Map<string, ContainerMapping>;
  /** Containers learnt again because a veth was missing, with the signature they had then. */
  relearnt: Map<string, string>;
  previous: Map<string, { origin: string; reading: Reading }>;
  lastReadAt: number | null;
}

const emptyEngine = (): EngineState => ({
  version: null,
  mappings: new Map(),
  relearnt: new Map(),
  previous: new Map(),
  lastReadAt: null,
});

const NO_SUBSCRIPTION = () => {};

export class TrafficSampler {
  private readonly listeners = new Set<TrafficListener>();
  private engines = new Map<string, EngineState>();
  private history = new Map<string, HistoryRing>();
  private last: TrafficMessage | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped at every start and stop: a sample that finishes after a stop is dropped. */
  private generation = 0;
  private active = false;
  private lastTickAt: number | null = null;
  private releaseHub: () => void = NO_SUBSCRIPTION;
  /** Samples taken since this process started (tests check that none are taken while nobody listens). */
  samplesTaken = 0;

  get running(): boolean {
    return this.active;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Sends the current rates and the history at once, then every sample; the sampler runs while anyone listens. */
  subscribe(listener: TrafficListener): () => void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    this.listeners.add(listener);
    if (!this.active) this.start();
    listener({ ...(this.last ?? this.emptyMessage()), history: this.historyColumns() });
    return () => {
      if (!this.listeners.delete(listener)) return;
      if (this.listeners.size === 0 && !this.idleTimer) {
        this.idleTimer = setTimeout(() => this.stop(), IDLE_STOP_MS);
        this.idleTimer.unref();
      }
    };
  }

  private emptyMessage(): TrafficMessage {
    return { at: new Date().toISOString(), intervalMs: 0, endpoints: [], networks: [], top: [], engines: [] };
  }

  private historyColumns(): NonNullable<TrafficMessage["history"]> {
    const out: NonNullable<TrafficMessage["history"]> = {};
    for (const [id, ring] of this.history) out[id] = ring.columns();
    return out;
  }

  private start(): void {
    this.active = true;
    const generation = ++this.generation;
    // The store must follow Docker while traffic is shown (it names the endpoints); with NETATLAS_LIVE_ALWAYS=0 it
    // would otherwise run only while a map page listens.
    const hub = liveHub();
    let released = false;
    let unsubscribe: (() => void) | null = null;
    this.releaseHub = () => {
      released = true;
      unsubscribe?.();
    };
    const begin = () => {
      if (released) return;
      unsubscribe = hub.subscribe({ snapshot() {}, delta() {}, status() {} }, null);
      if (generation === this.generation) void this.tick(generation);
    };
    // A store that could not start still lets the sampler say, engine by engine, what it cannot read.
    void hub.whenReady().then(begin, (err) => {
      console.error("traffic: the live store did not start:", err);
      begin();
    });
  }

  private stop(): void {
    this.idleTimer = null;
    if (this.listeners.size > 0) return;
    this.active = false;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.releaseHub();
    this.releaseHub = NO_SUBSCRIPTION;
    this.engines = new Map();
    this.history = new Map();
    this.last = null;
    this.lastTickAt = null;
  }

  private async tick(generation: number): Promise<void> {
    const started = performance.now();
    let message: TrafficMessage | null = null;
    try {
      message = await this.sample(generation);
    } catch (err) {
      console.error("traffic: a sample failed:", err);
    }
    if (generation !== this.generation) return;
    if (message) {
      this.last = message;
      for (const listener of this.listeners) listener(message);
    }
    const wait = Math.max(0, started + TRAFFIC_INTERVAL_MS - performance.now());
    this.timer = setTimeout(() => void this.tick(generation), wait);
  }

  /** One sample of every engine: rates, history, totals, top talkers. */
  private async sample(generation: number): Promise<TrafficMessage | null> {
    const hub = liveHub();
    const topology = hub.topology;
    const version = hub.currentVersion;
    const tickAt = performance.now();
    const results = await Promise.all(
      engineConfigs().map((config) => {
        let state = this.engines.get(config.id);
        if (!state) {
          state = emptyEngine();
          this.engines.set(config.id, state);
        }
        return sampleEngine(config, topology, version, state);
      }),
    );
    if (generation !== this.generation) return null;
    this.samplesTaken++;
    const now = Date.now();
    const endpoints: EndpointTraffic[] = [];
    const seen = new Set<string>();
    for (const { measured, state } of results) {
      const next = new Map<string, { origin: string; reading: Reading }>();
      for (const m of measured) {
        const before = state.previous.get(m.id);
        const rates = before && before.origin === m.origin ? rateBetween(before.reading, m.reading) : null;
        next.set(m.id, { origin: m.origin, reading: m.reading });
        endpoints.push({
          id: m.id,
          engine: m.engine,
          networkId: m.networkId,
          containerId: m.containerId,
          interface: m.interface,
          source: m.source,
          rates,
          totalBytes: totalBytes(rates),
          note: m.note,
        });
        seen.add(m.id);
        let ring = this.history.get(m.id);
        if (!ring) {
          ring = new HistoryRing();
          this.history.set(m.id, ring);
        }
        ring.push(now, rates);
      }
      state.previous = next;
    }
    // An endpoint that is gone takes its history with it.
    for (const id of [...this.history.keys()]) if (!seen.has(id)) this.history.delete(id);
    endpoints.sort((a, b) => a.id.localeCompare(b.id));
    const intervalMs = this.lastTickAt === null ? 0 : Math.round(tickAt - this.lastTickAt);
    this.lastTickAt = tickAt;
    return {
      at: new Date(now).toISOString(),
      intervalMs,
      endpoints,
      networks: networkTotals(endpoints),
      top: topTalkers(endpoints),
      engines: results.map((r) => r.engine),
    };
  }
}

interface EngineSample {
  measured: Measured[];
  engine: EngineTraffic;
  state: EngineState;
}

/** One engine's counters now, by endpoint; what could not be read is said in `engine`, never thrown. */
async function sampleEngine(
  config: EngineConfig,
  topology: TopologyDto,
  version: number,
  state: EngineState,
): Promise<EngineSample> {
  const started = performance.now();
  const netns = engineNetns(config);
  const hostVisible = netns !== null && whyUnseen(config, netns) === null;
  const source: TrafficSource = hostVisible ? "host counters" : "engine stats";
  const done = (measured: Measured[], stateName: EngineTraffic["state"], message: string | null) => {
    const readAt = performance.now();
    const intervalMs = state.lastReadAt === null ? 0 : Math.round(readAt - state.lastReadAt);
    state.lastReadAt = readAt;
    return {
      measured,
      state,
      engine: {
        engine: config.id,
        source,
        state: stateName,
        message,
        endpoints: measured.length,
        intervalMs,
        readMs: Math.round(readAt - started),
      },
    };
  };
  const engineDto = topology.engines.find((e) => e.id === config.id);
  if (engineDto && engineDto.status !== "up") {
    return done([], "unavailable", engineDto.error?.message ?? `Engine ${config.id} cannot be reached`);
  }
  const drivers = driversOf(topology.networks.filter((n) => n.engine === config.id));
  const engineEndpoints = topology.endpoints.filter((e) => e.engine === config.id);
  const containers = topology.containers
    .filter((c) => c.engine === config.id && (c.state === "running" || c.state === "paused"))
    .map((c) => ({ container: c, endpoints: interfaceEndpoints(c.id, engineEndpoints, drivers) }))
    .filter((c) => c.endpoints.length > 0);
  try {
    if (hostVisible && netns !== null) {
      const { measured, left } = await hostSample(config, netns, containers, version, state, drivers);
      return done(measured, "sampling", left);
    }
    const { measured, left } = await statsSample(
      config,
      containers.map((c) => ({ id: c.container.id, endpoints: c.endpoints, known: null })),
    );
    return done(measured, "sampling", left);
  } catch (err) {
    if (err instanceof AppError && err.code === "too_many_requests") return done([], "busy", err.message);
    // Our own errors say what went wrong in words; anything else is logged, and only its id is sent.
    if (err instanceof AppError || err instanceof HostReadError) return done([], "error", err.message);
    const id = logUnexpected(err, `traffic sample of engine ${config.id}`);
    return done([], "error", `The sample failed unexpectedly (error ${id} in the server log)`);
  }
}

interface Candidate {
  container: { id: string; startedAt: string | null; state: string };
  endpoints: EndpointDto[];
}

async function hostSample(
  config: EngineConfig,
  netns: string,
  containers: ReadonlyArray<Candidate & { container: Parameters<typeof containerSignature>[0] }>,
  version: number,
  state: EngineState,
  drivers: ReadonlyMap<string, string>,
): Promise<{ measured: Measured[]; left: string | null }> {
  if (state.version !== version) {
    await refreshMappings(config, containers, state);
    state.version = version;
  }
  const before = performance.now();
  const command = ipIn(netns, ["-s", "-j", "link", "show", "type", "veth"]);
  const text = await runText(command);
  let veths: ReturnType<typeof parseHostVeths>;
  try {
    veths = parseHostVeths(text);
  } catch (parseError) {
    throw new HostReadError(`${command.join(" ")}: ${(parseError as Error).message}`);
  }
  // The reading is taken as of the middle of the command (its own start-up is most of its time).
  const atMs = (before + performance.now()) / 2;
  const measured: Measured[] = [];
  const viaStats: Array<{ id: string; endpoints: EndpointDto[]; known: Map<string, string> | null }> = [];
  let relearn = false;
  for (const { container, endpoints } of containers) {
    const mapping = state.mappings.get(container.id);
    if (!mapping) {
      viaStats.push({ id: container.id, endpoints, known: null });
      continue;
    }
    const unmatched: EndpointDto[] = [];
    const known = new Map<string, string>();
    let stale = false;
    for (const e of endpoints) {
      const iface = mapping.interfaces.find((i) => i.networkId === e.networkId);
      const veth = iface ? hostVethOf(iface, veths) : null;
      if (iface && veth) {
        measured.push({
          id: elementId.endpoint(config.id, e.networkId, container.id),
          engine: config.id,
          networkId: e.networkId,
          containerId: container.id,
          interface: iface.ifname,
          source: "host counters",
          note: null,
          origin: `veth:${veth.ifindex}:${veth.ifname}`,
          reading: { counters: veth.counters, atMs },
        });
        continue;
      }
      // A bridge endpoint's veth should be on the host: when it is not, the mapping is out of date (the
      // container was recreated between two versions): its names are not trusted, and it is learnt again at the
      // next sample, once per signature (a container that keeps failing is not entered at every sample).
      if (iface && drivers.get(e.networkId) === "bridge") stale = true;
      if (iface) known.set(e.networkId, iface.ifname);
      unmatched.push(e);
    }
    if (stale && state.relearnt.get(container.id) !== mapping.signature) {
      state.relearnt.set(container.id, mapping.signature);
      state.mappings.delete(container.id);
      relearn = true;
    }
    if (unmatched.length)
      viaStats.push({
        id: container.id,
        endpoints: unmatched,
        known: known.size && !stale ? known : null,
      });
  }
  if (relearn) state.version = null;
  const stats = viaStats.length ? await statsSample(config, viaStats) : { measured: [], left: null };
  return { measured: [...measured, ...stats.measured], left: stats.left };
}

/** Enters every container whose signature changed since its mapping was made; forgets containers that left. */
async function refreshMappings(
  config: EngineConfig,
  containers: ReadonlyArray<Candidate & { container: Parameters<typeof containerSignature>[0] }>,
  state: EngineState,
): Promise<void> {
  const wanted = new Set(containers.map((c) => c.container.id));
  for (const id of [...state.mappings.keys()]) if (!wanted.has(id)) state.mappings.delete(id);
  for (const id of [...state.relearnt.keys()]) if (!wanted.has(id)) state.relearnt.delete(id);
  const stale = containers
    .map((c) => ({ ...c, signature: containerSignature(c.container, c.endpoints) }))
    .filter((c) => state.mappings.get(c.container.id)?.signature !== c.signature);
  await mapBounded(stale, MAP_CONCURRENCY, async ({ container, endpoints, signature }) => {
    try {
      const pid = await readContainerPid(config, container.id);
      if (pid <= 0) return;
      const links = parseIpJson(
        await runText(["nsenter", "-t", String(pid), "-n", "ip", "-j", "-d", "addr", "show"]),
      );
      state.mappings.set(container.id, mapContainer(container.id, signature, endpoints, links));
    } catch (err) {
      // A busy server: try again at the next sample rather than give up on the container.
      if (err instanceof AppError && err.code === "too_many_requests") throw err;
      // Stopped or removed since the store said it runs: its next change brings a new version.
      state.mappings.delete(container.id);
    }
  });
}

/** The Engine API's stats of each container, 8 at a time, assigned to endpoints where that can be known. */
async function statsSample(
  config: EngineConfig,
  containers: ReadonlyArray<{
    id: string;
    endpoints: EndpointDto[];
    known: ReadonlyMap<string, string> | null;
  }>,
): Promise<{ measured: Measured[]; left: string | null }> {
  let failed = 0;
  let firstError: string | null = null;
  const perContainer = await mapBounded(containers, STATS_CONCURRENCY, async (c) => {
    try {
      const networks = await readNetworkStats(config, c.id);
      const atMs = performance.now();
      return assignStats(networks, c.endpoints, c.known).map(
        (a): Measured => ({
          id:
            a.networkId === null
              ? elementId.container(config.id, c.id)
              : elementId.endpoint(config.id, a.networkId, c.id),
          engine: config.id,
          networkId: a.networkId,
          containerId: c.id,
          interface: a.ifname,
          source: "engine stats",
          note: a.note,
          origin: `stats:${a.ifname ?? "*"}`,
          reading: { counters: a.counters as Counters, atMs },
        }),
      );
    } catch (err) {
      // Removed (or being removed) since the store listed it: it is simply no longer there.
      if (err instanceof DockerError && (err.code === "not_found" || err.code === "conflict")) return [];
      failed++;
      firstError ??= err instanceof Error ? err.message : String(err);
      return [];
    }
  });
  return {
    measured: perContainer.flat(),
    left: failed ? `${failed} container(s) without stats this time: ${firstError}` : null,
  };
}

const SAMPLER = Symbol.for("netatlas.traffic.sampler");
type GlobalWithSampler = typeof globalThis & { [SAMPLER]?: TrafficSampler };

export function trafficSampler(): TrafficSampler {
  const g = globalThis as GlobalWithSampler;
  g[SAMPLER] ??= new TrafficSampler();
  return g[SAMPLER];
}
