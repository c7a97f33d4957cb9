// The engine and store families read from the live hub's figures, on built topologies and a fixed clock.
import parse from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import type { FeedStatus } from "@/lib/api/live";
import { containerDto, networkDto, topologyOf } from "@/lib/testing/topology-builders";
import { writeText } from "./registry";
import { engineFamilies, storeFamilies } from "./scrape";

const NOW = Date.parse("2026-12-07T12:00:00.000Z");

const feed = (engine: string, over: Partial<FeedStatus>): FeedStatus => ({
  engine,
  state: "live",
  since: "2026-12-07T11:00:00.000Z",
  error: null,
  resyncs: 1,
  reconnects: 0,
  lastEventAt: null,
  lagMs: null,
  ...over,
});

describe("engineFamilies", () => {
  it("says up, state, lag and the time since the last event per engine", () => {
    const feeds = [
      feed("a", { lastEventAt: "2026-12-07T11:59:30.000Z", lagMs: 250, reconnects: 2 }),
      feed("b", { state: "down", since: "2026-12-07T11:58:00.000Z" }),
    ];
    const text = writeText(engineFamilies(feeds, topologyOf({}), NOW));
    const get = (name: string) =>
      Object.fromEntries(
        (parse(text).find((f) => f.name === name)?.metrics ?? []).map((m) => [
          Object.values(m.labels ?? {}).join(","),
          Number(m.value),
        ]),
      );
    expect(get("netatlas_engine_up")).toEqual({ a: 1, b: 0 });
    expect(get("netatlas_engine_feed_state")).toEqual({
      "a,connecting": 0,
      "a,live": 1,
      "a,down": 0,
      "b,connecting": 0,
      "b,live": 0,
      "b,down": 1,
    });
    expect(get("netatlas_engine_feed_state_since_timestamp_seconds")).toEqual({
      a: Date.parse("2026-12-07T11:00:00.000Z") / 1000,
      b: Date.parse("2026-12-07T11:58:00.000Z") / 1000,
    });
    expect(get("netatlas_engine_event_stream_reconnects_total")).toEqual({ a: 2, b: 0 });
    // No event yet from b: no lag, no last event (absent rather than 0, which would read as "just now").
    expect(get("netatlas_engine_event_lag_seconds")).toEqual({ a: 0.25 });
    expect(get("netatlas_engine_last_event_age_seconds")).toEqual({ a: 30 });
    expect(get("netatlas_engine_last_event_timestamp_seconds")).toEqual({ a: (NOW - 30_000) / 1000 });
  });
});

describe("storeFamilies", () => {
  it("counts each engine's objects by kind, 0 for an engine with none", () => {
    const t = topologyOf({
      networks: [networkDto({ name: "one" }), networkDto({ name: "two" })],
      containers: [containerDto({ name: "web" })],
    });
    const engine = t.networks[0]?.engine as string;
    const [family] = storeFamilies([feed(engine, {}), feed("empty", {})], t);
    const values = Object.fromEntries(
      (family?.samples ?? []).map((s) => [`${s.labels.engine}/${s.labels.kind}`, s.value]),
    );
    expect(values[`${engine}/networks`]).toBe(2);
    expect(values[`${engine}/containers`]).toBe(1);
    expect(values["empty/networks"]).toBe(0);
    expect(Object.keys(values)).toHaveLength(12);
  });
});
