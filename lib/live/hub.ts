// The live store: one topology for all engines, kept current by one feed per engine, numbered changes kept
// for clients that reconnect, and the set of connected clients. One per server process (on globalThis so every
// route bundle shares it); its feeds run only while at least one client listens.
import "server-only";
import type { DeltaMessage, FeedStatus, SnapshotMessage, StatusMessage } from "@/lib/api/live";
import type { EngineDto, TopologyDto } from "@/lib/api/types";
import { engineConfigs } from "@/lib/docker/client";
import { readTopology } from "@/lib/docker/engines";
import { sortTopology } from "@/lib/topology/build";
import { applyDeltas, diffTopology, EMPTY_TOPOLOGY } from "@/lib/topology/delta";
import { EngineFeed } from "./feed";

export interface LiveClient {
  snapshot(message: SnapshotMessage): void;
  delta(message: DeltaMessage): void;
  status(message: StatusMessage): void;
}

/** How many change batches are kept for clients that reconnect with Last-Event-ID. */
const LOG_SIZE = Number(process.env.NETATLAS_LIVE_LOG_SIZE ?? 2000);
/** A reload should not tear the feeds down and up again. */
const IDLE_STOP_MS = Number(process.env.NETATLAS_LIVE_IDLE_MS ?? 1000);
/**
 * The server keeps its store live from its start, page or no page (scripts/server.mjs via instrumentation.ts):
 * every read is then answered from the store, and a page that reconnects finds the story it missed. "0" goes
 * back to following Docker only while a page listens.
 */
export const LIVE_ALWAYS = process.env.NETATLAS_LIVE_ALWAYS !== "0";
/** A first read that takes longer than this answers with what the store has. */
const READY_TIMEOUT_MS = 15_000;

/** The part of a topology that belongs to one engine (or a subset of it), for diffing. */
export type TopologyPart = TopologyDto;

export function enginePart(topology: TopologyDto, engine: string): TopologyPart {
  return {
    engines: topology.engines.filter((e) => e.id === engine),
    networks: topology.networks.filter((n) => n.engine === engine),
    containers: topology.containers.filter((c) => c.engine === engine),
    endpoints: topology.endpoints.filter((e) => e.engine === engine),
    nodes: topology.nodes.filter((n) => n.engine === engine),
    services: topology.services.filter((s) => s.engine === engine),
    tasks: topology.tasks.filter((t) => t.engine === engine),
  };
}

function readyTimeout(): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, READY_TIMEOUT_MS).unref());
}

export class LiveHub {
  private store: TopologyDto = EMPTY_TOPOLOGY;
  /**
   * Versions start from this process's start time in ms, so an id from an earlier server process is older than
   * anything this one can replay (it gets a snapshot), instead of naming one of this process's changes.
   */
  private version = Date.now();
  /** A client at a version >= logStart can be brought up to date from the log. */
  private logStart = this.version;
  private log: DeltaMessage[] = [];
  private readonly clients = new Set<LiveClient>();
  private feeds = new Map<string, EngineFeed>();
  private ready: Promise<void> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Kept live with no client (keepLive): never stopped for being idle. */
  private always = false;
  /** The resync under way, shared by everyone who asks while it runs. */
  private resyncing: Promise<void> | null = null;

  /** Follows Docker from now on, whether a client listens or not (`false`: only while one listens, again). */
  keepLive(on = true): Promise<void> {
    this.always = on;
    if (on) return this.whenReady();
    if (this.clients.size === 0) this.stop();
    return Promise.resolve();
  }

  /**
   * Starts the feeds if they are not running and resolves once each made its first attempt; an engine that is
   * down is tried again at once (a page that opens wants the news now, not at the end of a back-off).
   */
  whenReady(): Promise<void> {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    if (this.ready) {
      const down = [...this.feeds.values()].filter((f) => f.status.state === "down");
      if (down.length)
        return Promise.race([Promise.all(down.map((f) => f.retryNow())), readyTimeout()]).then(
          () => undefined,
        );
    }
    if (!this.ready) {
      const feeds = engineConfigs().map((config) => new EngineFeed(config, this));
      this.feeds = new Map(feeds.map((f) => [f.engine, f]));
      const first = Promise.all(feeds.map((f) => f.start())).then(() => undefined);
      this.ready = Promise.race([first, readyTimeout()]);
    }
    return this.ready;
  }

  /**
   * Follows the engines now configured (an admin added, changed or removed one on /engines): a feed for each new
   * engine, a fresh feed for each changed one, and the part of each removed engine taken out of the store, so
   * every open map sees it come or go. Nothing to do while the feeds are not running (they start from the
   * configured engines when they do).
   */
  syncEngines(): void {
    if (!this.ready) return;
    const configs = new Map(engineConfigs().map((c) => [c.id, c]));
    for (const [id, feed] of this.feeds) {
      const config = configs.get(id);
      if (config && JSON.stringify(config) === JSON.stringify(feed.config)) continue;
      feed.stop();
      this.feeds.delete(id);
      this.replace(enginePart(this.store, id), EMPTY_TOPOLOGY, "resync");
    }
    for (const [id, config] of configs) {
      if (this.feeds.has(id)) continue;
      const feed = new EngineFeed(config, this);
      this.feeds.set(id, feed);
      void feed.start();
    }
    this.statusChanged();
  }

  /** Sends the client what it missed since `lastEventId`, or a snapshot; then every change. */
  subscribe(client: LiveClient, lastEventId: number | null): () => void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    const canReplay = lastEventId !== null && lastEventId >= this.logStart && lastEventId <= this.version;
    if (canReplay) {
      for (const message of this.log) if (message.version > lastEventId) client.delta(message);
    } else {
      client.snapshot({ version: this.version, topology: this.store, feeds: this.feedStatus() });
    }
    client.status({ feeds: this.feedStatus() });
    this.clients.add(client);
    return () => {
      this.clients.delete(client);
      if (this.clients.size === 0 && !this.idleTimer && !this.always) {
        this.idleTimer = setTimeout(() => this.stop(), IDLE_STOP_MS);
        this.idleTimer.unref();
      }
    };
  }

  /** The change batches still kept (the last NETATLAS_LIVE_LOG_SIZE), oldest first: the timeline's export. */
  recentChanges(): readonly DeltaMessage[] {
    return this.log;
  }

  /** The store's version: it changes with every change the store takes. */
  get currentVersion(): number {
    return this.version;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  get running(): boolean {
    return this.feeds.size > 0;
  }

  /** The store, when every feed is live: then it is what Docker has, without asking Docker. */
  storeIfCurrent(): TopologyDto | null {
    if (this.feeds.size === 0) return null;
    for (const feed of this.feeds.values()) if (feed.status.state !== "live") return null;
    return this.store;
  }

  feedStatus(): FeedStatus[] {
    return [...this.feeds.values()].map((f) => f.status);
  }

  /**
   * Rebuilds every engine's part from a full listing (the "resync" button). Resyncs asked for while one runs
   * share it: however many clients press the button at once, each engine is listed once.
   */
  resync(): Promise<void> {
    this.resyncing ??= (async () => {
      try {
        await this.whenReady();
        await Promise.all([...this.feeds.values()].map((f) => f.resync("asked for")));
      } finally {
        this.resyncing = null;
      }
    })();
    return this.resyncing;
  }

  // --- called by the feeds -----------------------------------------------------------------------

  /** Replaces what the store holds of `before`'s objects with `after` and tells every client. */
  replace(before: TopologyPart, after: TopologyPart, cause: DeltaMessage["cause"]): void {
    const deltas = diffTopology(before, after);
    if (deltas.length === 0) return;
    this.store = applyDeltas(this.store, deltas);
    this.version++;
    const message: DeltaMessage = { version: this.version, deltas, cause, at: new Date().toISOString() };
    this.log.push(message);
    if (this.log.length > LOG_SIZE) {
      const dropped = this.log.splice(0, this.log.length - LOG_SIZE);
      this.logStart = dropped[dropped.length - 1]?.version ?? this.logStart;
    }
    for (const client of this.clients) client.delta(message);
  }

  /** What the store has now (the feeds read their part from it). */
  get topology(): TopologyDto {
    return this.store;
  }

  setEngine(engine: EngineDto): void {
    const before = { ...EMPTY_TOPOLOGY, engines: this.store.engines.filter((e) => e.id === engine.id) };
    this.replace(before, { ...EMPTY_TOPOLOGY, engines: [engine] }, "resync");
  }

  statusChanged(): void {
    const message = { feeds: this.feedStatus() };
    for (const client of this.clients) client.status(message);
  }

  /** The last client left: stop reading Docker and forget the store (it would go stale). */
  private stop(): void {
    this.idleTimer = null;
    if (this.clients.size > 0 || this.always) return;
    for (const feed of this.feeds.values()) feed.stop();
    this.feeds.clear();
    this.ready = null;
    this.store = EMPTY_TOPOLOGY;
    this.log = [];
    // The first rebuild after a restart is diffed from an empty store (adds only): nobody may replay across it.
    this.logStart = this.version + 1;
  }
}

const HUB = Symbol.for("netatlas.live.hub");
type GlobalWithHub = typeof globalThis & { [HUB]?: LiveHub };

export function liveHub(): LiveHub {
  const g = globalThis as GlobalWithHub;
  g[HUB] ??= new LiveHub();
  return g[HUB];
}

/** The topology from the live store when it is current (no Docker call), otherwise read from Docker. */
export async function currentTopology(): Promise<TopologyDto> {
  const current = liveHub().storeIfCurrent();
  return current ? sortTopology(current) : readTopology();
}

/** The same, in the store's own order: for code that sorts what it needs itself (buildTopology does). */
export async function currentTopologyUnsorted(): Promise<TopologyDto> {
  return liveHub().storeIfCurrent() ?? readTopology();
}
