// What GET /api/metrics answers: the counters kept as things happen (lib/metrics/metrics.ts, audit-counts.ts),
// the HTTP counts of scripts/server.mjs (lib/metrics/http.ts), and gauges read now from the live hub, the
// limits and the process. Reading costs one pass over the store; no Docker call.
import "server-only";
import type { FeedState, FeedStatus } from "@/lib/api/live";
import type { TopologyDto } from "@/lib/api/types";
import { limitCounts } from "@/lib/http/limits";
import { liveHub } from "@/lib/live/hub";
import { countAuditEntries } from "./audit-counts";
import { httpFamilies } from "./http";
import { countingMetrics } from "./metrics";
import { type Labels, type MetricFamily, type MetricType, type Sample, writeText } from "./registry";

const FEED_STATES: FeedState[] = ["connecting", "live", "down"];
const STORE_KINDS = ["networks", "containers", "endpoints", "services", "tasks", "nodes"] as const;

function family(name: string, type: MetricType, help: string, samples: Sample[]): MetricFamily {
  return { name, type, help, samples };
}

function sample(labels: Labels, value: number): Sample {
  return { suffix: "", labels, value };
}

const seconds = (iso: string | null | undefined): number | null => {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(t) ? t / 1000 : null;
};

export function engineFamilies(feeds: FeedStatus[], store: TopologyDto, nowMs: number): MetricFamily[] {
  const up: Sample[] = [];
  const state: Sample[] = [];
  const since: Sample[] = [];
  const reconnects: Sample[] = [];
  const resyncs: Sample[] = [];
  const lag: Sample[] = [];
  const lastEvent: Sample[] = [];
  const lastEventAge: Sample[] = [];
  for (const f of feeds) {
    const engine = { engine: f.engine };
    up.push(sample(engine, f.state === "live" ? 1 : 0));
    for (const s of FEED_STATES) state.push(sample({ ...engine, state: s }, f.state === s ? 1 : 0));
    const sinceS = seconds(f.since);
    if (sinceS !== null) since.push(sample(engine, sinceS));
    reconnects.push(sample(engine, f.reconnects));
    resyncs.push(sample(engine, f.resyncs));
    if (f.lagMs !== null) lag.push(sample(engine, f.lagMs / 1000));
    const last = seconds(f.lastEventAt);
    if (last !== null) {
      lastEvent.push(sample(engine, last));
      lastEventAge.push(sample(engine, Math.max(0, nowMs / 1000 - last)));
    }
  }
  const info = store.engines
    .filter((e) => e.status === "up")
    .map((e) =>
      sample(
        {
          engine: e.id,
          version: e.version ?? "",
          api_version: e.apiVersion ?? "",
          engine_api_version: e.engineApiVersion ?? "",
          swarm: e.swarm?.state === "active" ? (e.swarm.isManager ? "manager" : "worker") : "none",
        },
        1,
      ),
    );
  return [
    family(
      "netatlas_engine_up",
      "gauge",
      "1 when the engine's live feed is live (events stream open, store current), 0 when connecting or down.",
      up,
    ),
    family(
      "netatlas_engine_feed_state",
      "gauge",
      "The engine feed's state: 1 for the current one of connecting, live, down.",
      state,
    ),
    family(
      "netatlas_engine_feed_state_since_timestamp_seconds",
      "gauge",
      "When the engine feed entered its current state (Unix time).",
      since,
    ),
    family(
      "netatlas_engine_info",
      "gauge",
      "Always 1, for each engine that answered: its Docker version, the API version we speak, the engine's highest, its swarm role.",
      info,
    ),
    family(
      "netatlas_engine_event_stream_reconnects_total",
      "counter",
      "Times the engine's events stream was opened again after it broke (since the live store started).",
      reconnects,
    ),
    family(
      "netatlas_engine_resyncs_total",
      "counter",
      "Full rebuilds of the engine's part of the store from a listing: reconnects, detected gaps, resyncs asked for.",
      resyncs,
    ),
    family(
      "netatlas_engine_event_lag_seconds",
      "gauge",
      "For the last Docker event: seconds between Docker's time for it and our receipt of it.",
      lag,
    ),
    family(
      "netatlas_engine_last_event_timestamp_seconds",
      "gauge",
      "When the last Docker event from the engine was received (Unix time).",
      lastEvent,
    ),
    family(
      "netatlas_engine_last_event_age_seconds",
      "gauge",
      "Seconds since the last Docker event from the engine was received (at scrape time).",
      lastEventAge,
    ),
  ];
}

export function storeFamilies(feeds: FeedStatus[], store: TopologyDto): MetricFamily[] {
  const engines = new Set([...feeds.map((f) => f.engine), ...store.engines.map((e) => e.id)]);
  const counts = new Map<string, number>();
  for (const kind of STORE_KINDS) {
    for (const o of store[kind])
      counts.set(`${o.engine}\n${kind}`, (counts.get(`${o.engine}\n${kind}`) ?? 0) + 1);
  }
  const samples: Sample[] = [];
  for (const engine of engines) {
    for (const kind of STORE_KINDS)
      samples.push(sample({ engine, kind }, counts.get(`${engine}\n${kind}`) ?? 0));
  }
  return [
    family(
      "netatlas_store_objects",
      "gauge",
      "Objects in the live store per engine and kind (networks, containers, endpoints, services, tasks, nodes).",
      samples,
    ),
  ];
}

function liveFamilies(): MetricFamily[] {
  const hub = liveHub();
  const counts = limitCounts();
  const one = (value: number) => [sample({}, value)];
  return [
    family(
      "netatlas_live_running",
      "gauge",
      "1 when the live store follows the engines (always, unless NETATLAS_LIVE_ALWAYS=0 and no page is open).",
      one(hub.running ? 1 : 0),
    ),
    family(
      "netatlas_live_clients",
      "gauge",
      "Clients connected to the live store (GET /api/events).",
      one(hub.clientCount),
    ),
    family(
      "netatlas_streams_open",
      "gauge",
      "Live streams open, counted against NETATLAS_MAX_STREAMS (events, traffic, class).",
      one(counts.streams),
    ),
    family(
      "netatlas_probes_running",
      "gauge",
      "Probes running now (NETATLAS_MAX_PROBES).",
      one(counts.probes),
    ),
    family(
      "netatlas_processes_running",
      "gauge",
      "Child processes (nsenter, ip, host facts, lab commands) running now (NETATLAS_MAX_PROCESSES).",
      one(counts.processesRunning),
    ),
    family(
      "netatlas_processes_waiting",
      "gauge",
      "Child processes waiting for a slot.",
      one(counts.processesWaiting),
    ),
  ];
}

function processFamilies(): MetricFamily[] {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return [
    family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", [
      sample({}, memory.rss),
    ]),
    family("nodejs_heap_used_bytes", "gauge", "V8 heap in use, bytes.", [sample({}, memory.heapUsed)]),
    family("process_cpu_seconds_total", "counter", "User and system CPU time spent, seconds.", [
      sample({}, (cpu.user + cpu.system) / 1e6),
    ]),
    family("process_start_time_seconds", "gauge", "When the process started (Unix time, seconds).", [
      sample({}, Math.round((Date.now() - process.uptime() * 1000) / 1000)),
    ]),
  ];
}

/** The whole scrape, in the text format. */
export function scrapeText(nowMs = Date.now()): string {
  countAuditEntries();
  const hub = liveHub();
  const feeds = hub.feedStatus();
  const store = hub.topology;
  return writeText([
    ...engineFamilies(feeds, store, nowMs),
    ...storeFamilies(feeds, store),
    ...liveFamilies(),
    ...httpFamilies(),
    ...countingMetrics().registry.collect(),
    ...processFamilies(),
  ]);
}
