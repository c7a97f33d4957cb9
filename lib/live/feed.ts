// One engine's feed into the live store: its Docker events stream, the re-inspection of just the objects an
// event names, rebuilds from a full listing when the stream breaks or a check finds the store drifted, and the
// state clients see (connecting, live, down since when). All changes to this engine's part run one at a time.
import "server-only";
import type { FeedStatus } from "@/lib/api/live";
import { connect, engineCall } from "@/lib/docker/client";
import type { EngineConfig } from "@/lib/docker/config";
import { DockerError, toDockerError } from "@/lib/docker/errors";
import { type EngineEvent, type EventStream, openEventStream } from "@/lib/docker/events";
import { mapBounded } from "@/lib/docker/limit";
import {
  readContainerState,
  readListing,
  readNetworkState,
  readSnapshot,
  readSwarm,
  unreachableEngine,
} from "@/lib/docker/read";
import { EMPTY_TOPOLOGY } from "@/lib/topology/delta";

/** A fresh empty part to collect one drain's objects in. */
function emptyPart(): TopologyPart {
  return structuredClone(EMPTY_TOPOLOGY);
}

import { findDrift } from "@/lib/topology/drift";
import { enginePart, type LiveHub, type TopologyPart } from "./hub";

const RETRY_MIN_MS = 500;
/** A down engine is tried at most this often when pages ask for it (retryNow). */
const RETRY_NOW_MIN_MS = 1000;
const RETRY_MAX_MS = Number(process.env.NETATLAS_LIVE_RETRY_MAX_MS ?? 10_000);
/** How often the store is checked against a listing for events dockerd dropped. */
const AUDIT_MS = Number(process.env.NETATLAS_LIVE_AUDIT_MS ?? 30_000);

/** How often a swarm manager's nodes, services and tasks are re-read: task changes raise no events. */
const SWARM_POLL_MS = Number(process.env.NETATLAS_SWARM_POLL_MS ?? 3000);

/** What a drain re-reads: one container or network, or the engine's swarm view (nodes, services, tasks). */
type Target = { type: "container" | "network" | "swarm"; id: string; gone: boolean };
const SWARM: Target = { type: "swarm", id: "", gone: false };

/** How often a busy engine's "last event" reaches open maps. */
const EVENT_STATUS_EVERY_MS = 5000;

export class EngineFeed {
  readonly engine: string;
  status: FeedStatus;
  private stream: EventStream | null = null;
  private stopped = false;
  private attempt = 0;
  /** When the last connection attempt started (ms). */
  private lastAttempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private auditTimer: ReturnType<typeof setInterval> | null = null;
  private swarmTimer: ReturnType<typeof setInterval> | null = null;
  private readonly pending = new Map<string, Target>();
  /** When clients were last told of an event's arrival (ms). */
  private toldEventAt = 0;
  /** The stream has been live once: every later opening is a reconnect. */
  private wasLive = false;
  private draining = false;
  /** Serialises every change to this engine's part of the store. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly config: EngineConfig,
    private readonly hub: LiveHub,
  ) {
    this.engine = config.id;
    this.status = {
      engine: config.id,
      state: "connecting",
      since: new Date().toISOString(),
      error: null,
      resyncs: 0,
      reconnects: 0,
      lastEventAt: null,
      lagMs: null,
    };
  }

  /** Connects; resolves after the first attempt, whether it worked or not. */
  start(): Promise<void> {
    this.stopped = false;
    return this.connect();
  }

  /**
   * An engine that is down is tried again now rather than at the end of its back-off (a page just opened and
   * wants to know), at most once a second.
   */
  retryNow(): Promise<void> {
    if (this.stopped || this.status.state !== "down" || !this.retryTimer) return Promise.resolve();
    if (Date.now() - this.lastAttempt < RETRY_NOW_MIN_MS) return Promise.resolve();
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    return this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.close();
    this.stream = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.clearTimers();
  }

  private clearTimers(): void {
    if (this.auditTimer) clearInterval(this.auditTimer);
    if (this.swarmTimer) clearInterval(this.swarmTimer);
    this.auditTimer = null;
    this.swarmTimer = null;
  }

  /** Rebuilds this engine's part from a full listing. */
  resync(reason: string): Promise<void> {
    return this.serial(async () => {
      if (this.status.state !== "live") return;
      console.info(`netatlas: resync of engine ${this.engine}: ${reason}`);
      await this.rebuild();
    });
  }

  /** "since" is when the feed entered the state: repeated failures keep the time the engine went down. */
  private setState(state: FeedStatus["state"], error: FeedStatus["error"] = null): void {
    if (this.status.state === state) {
      if (JSON.stringify(this.status.error) === JSON.stringify(error)) return;
      this.status = { ...this.status, error };
    } else {
      this.status = { ...this.status, state, error, since: new Date().toISOString() };
    }
    this.hub.statusChanged();
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task, task);
    this.chain = run.catch((err) => this.lost(err));
    return this.chain;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.lastAttempt = Date.now();
    // A retry of an engine that is down stays "down" (since when it went) until it works again.
    if (this.status.state !== "down") this.setState("connecting");
    try {
      const engine = await connect(this.config);
      // Subscribe first, then list: nothing that happens in between is missed.
      const early: EngineEvent[] = [];
      let listed = false;
      this.stream = await engineCall(this.config, "open the events stream", () =>
        openEventStream(engine, null, {
          onEvent: (event) => {
            this.noteEvent(event);
            if (listed) this.enqueue(event);
            else early.push(event);
          },
          onEnd: (error) => this.lost(error ?? new Error("the events stream ended")),
          onMalformed: (line) =>
            console.warn(`netatlas: skipped a malformed event line: ${line.slice(0, 200)}`),
        }),
      );
      await this.serial(() => this.rebuild());
      if (this.stopped || !this.stream) return;
      listed = true;
      for (const event of early) this.enqueue(event);
      this.attempt = 0;
      if (this.wasLive) this.status = { ...this.status, reconnects: this.status.reconnects + 1 };
      this.wasLive = true;
      this.setState("live");
      this.clearTimers();
      this.auditTimer = setInterval(() => void this.audit(), AUDIT_MS);
      this.auditTimer.unref();
      // Only managers know the swarm; an engine that becomes one later is noticed through its node events.
      this.swarmTimer = setInterval(() => {
        const engine = this.hub.topology.engines.find((e) => e.id === this.engine);
        if (engine?.swarm?.isManager && this.pending.size === 0) this.request(SWARM);
      }, SWARM_POLL_MS);
      this.swarmTimer.unref();
    } catch (err) {
      this.lost(err);
    }
  }

  /** The stream broke or a read failed: the engine is down until a reconnect rebuilds the part. */
  private lost(err: unknown): void {
    if (this.stopped || (this.status.state === "down" && this.retryTimer)) return;
    this.stream?.close();
    this.stream = null;
    this.clearTimers();
    this.pending.clear();
    const error =
      err instanceof DockerError
        ? err
        : toDockerError(err, {
            engine: this.engine,
            host: this.config.host,
            action: "follow the engine's events",
          });
    const known = this.hub.topology.engines.find((e) => e.id === this.engine);
    const down = unreachableEngine(this.config, error);
    this.hub.setEngine(known ? { ...known, status: "unreachable", error: down.error } : down);
    this.setState("down", error.toJSON());
    const delay = Math.min(RETRY_MIN_MS * 2 ** this.attempt, RETRY_MAX_MS);
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private async rebuild(): Promise<void> {
    const snapshot = await readSnapshot(this.config);
    if (this.stopped) return;
    const before = enginePart(this.hub.topology, this.engine);
    const after: TopologyPart = {
      engines: [snapshot.engine],
      networks: snapshot.networks,
      containers: snapshot.containers,
      endpoints: snapshot.endpoints,
      nodes: snapshot.nodes,
      services: snapshot.services,
      tasks: snapshot.tasks,
    };
    if (before.engines.length > 0) this.status = { ...this.status, resyncs: this.status.resyncs + 1 };
    this.hub.replace(before, after, "resync");
  }

  /** When the event reached us and how far behind Docker's clock that was (read by /engines and metrics). */
  private noteEvent(event: EngineEvent): void {
    const at = Date.now();
    const lagMs = event.timeNano > 0 ? Math.max(0, Math.round(at - event.timeNano / 1e6)) : null;
    this.status = { ...this.status, lastEventAt: new Date(at).toISOString(), lagMs };
    // Open maps hear of it at most every few seconds: health, not a second event stream.
    if (at - this.toldEventAt >= EVENT_STATUS_EVERY_MS) {
      this.toldEventAt = at;
      this.hub.statusChanged();
    }
  }

  private enqueue(event: EngineEvent): void {
    if (event.type === "service" || event.type === "node") {
      this.request(SWARM);
      return;
    }
    // A swarm task's container changing means the task did: the manager's view is re-read too.
    if (event.type === "container" && event.attributes["com.docker.swarm.task.id"]) this.request(SWARM);
    // A network's connect/disconnect changes the container it names, and the network's bridge and peers.
    if (event.type === "network" && event.attributes.container) {
      this.request({ type: "container", id: event.attributes.container, gone: false });
      this.request({ type: "network", id: event.id, gone: false });
      return;
    }
    this.request({ type: event.type, id: event.id, gone: event.action === "destroy" });
  }

  private request(target: Target): void {
    const key = `${target.type}/${target.id}`;
    const previous = this.pending.get(key);
    this.pending.set(key, previous?.gone ? previous : target);
    if (!this.draining) {
      this.draining = true;
      void this.serial(() => this.drain());
    }
  }

  /** Re-reads every object named since the last drain, and commits them as one change. */
  private async drain(): Promise<void> {
    this.draining = false;
    if (this.pending.size === 0 || this.stopped) return;
    const targets = [...this.pending.values()];
    this.pending.clear();
    const reads = await mapBounded(targets, 8, async (t) => ({
      target: t,
      container: t.type === "container" && !t.gone ? await readContainerState(this.config, t.id) : null,
      network: t.type === "network" && !t.gone ? await readNetworkState(this.config, t.id) : null,
      swarm: t.type === "swarm" ? await readSwarm(this.config) : null,
    }));
    // Stopped while reading (the hub went idle): the hub has dropped its store; these objects must not go back in.
    if (this.stopped) return;
    const store = this.hub.topology;
    const before = emptyPart();
    const after = emptyPart();
    for (const { target, container, network, swarm } of reads) {
      if (swarm) {
        const mine = enginePart(store, this.engine);
        before.engines.push(...mine.engines);
        before.nodes.push(...mine.nodes);
        before.services.push(...mine.services);
        before.tasks.push(...mine.tasks);
        after.engines.push(swarm.engine);
        after.nodes.push(...swarm.nodes);
        after.services.push(...swarm.services);
        after.tasks.push(...swarm.tasks);
      } else if (target.type === "container") {
        before.containers.push(
          ...store.containers.filter((c) => c.engine === this.engine && c.id === target.id),
        );
        before.endpoints.push(
          ...store.endpoints.filter((e) => e.engine === this.engine && e.containerId === target.id),
        );
        if (container) {
          after.containers.push(...container.containers);
          after.endpoints.push(...container.endpoints);
        }
      } else {
        before.networks.push(...store.networks.filter((n) => n.engine === this.engine && n.id === target.id));
        if (network) after.networks.push(network);
      }
    }
    this.hub.replace(before, after, "event");
  }

  /** Compares the store with a cheap listing; a difference means events were lost: rebuild. */
  private async audit(): Promise<void> {
    if (this.status.state !== "live" || this.pending.size > 0) return;
    try {
      const listing = await readListing(this.config);
      if (this.pending.size > 0 || this.draining) return;
      const drift = findDrift(this.hub.topology, this.engine, listing);
      if (drift.length > 0) await this.resync(`store drifted (${drift.slice(0, 3).join("; ")})`);
    } catch (err) {
      this.lost(err);
    }
  }
}
