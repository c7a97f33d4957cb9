// timelineLines: one flat line per change the timeline tells, with the timeline's own sentence, the object's
// key, name and engine; a change the timeline leaves out has no line. Also `since` and the JSON lines text.
import { describe, expect, it } from "vitest";
import type { DeltaMessage } from "@/lib/api/live";
import { parseHeartbeat, parseTimelineFormat, parseTimelineSince } from "@/lib/api/timeline";
import {
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  swarmServiceDto,
  swarmTaskDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { applyDeltas, deltaKey, diffTopology } from "./delta";
import { describeDeltas } from "./timeline";
import { isSince, jsonLines, timelineLines } from "./timeline-lines";

const AT = "2026-12-07T15:00:00.000Z";
const engine = engineDto();
const app = networkDto({
  name: "app",
  subnets: [{ subnet: "172.20.0.0/16", gateway: "172.20.0.1" }],
} as never);
const web = containerDto({ name: "web" });
const base = topologyOf({ engines: [engine], networks: [app], containers: [web], endpoints: [] });

function batch(
  before = base,
  after = base,
  version = 7,
  cause: DeltaMessage["cause"] = "event",
): DeltaMessage {
  return { version, deltas: diffTopology(before, after), cause, at: AT };
}

describe("timelineLines", () => {
  it("gives one line per change with the timeline's sentence, key, name, engine and batch facts", () => {
    const after = topologyOf({ ...base, endpoints: [endpointDto(web, app)] });
    const m = batch(base, after, 42);
    const lines = timelineLines(m, base, after);
    const sentences = describeDeltas(m.deltas, base, after, m.version, m.at).map((e) => e.text);
    expect(lines.map((l) => l.message)).toEqual(sentences);
    expect(lines).toEqual([
      {
        time: AT,
        version: 42,
        seq: 0,
        cause: "event",
        engine: web.engine,
        kind: "endpoint",
        op: "add",
        id: `${web.engine}/app/${web.id}`,
        name: "web",
        tone: "add",
        message: "web joined app as 172.20.0.3, alias api",
        networks: ["app"],
        containers: ["web"],
      },
    ]);
  });

  it("names removed objects from the topology before the batch, not from the (absent) value", () => {
    const after = topologyOf({ engines: [engine], networks: [], containers: [], endpoints: [] });
    const lines = timelineLines(batch(base, after), base, after);
    expect(lines.map((l) => [l.kind, l.op, l.id, l.name, l.message])).toEqual([
      ["container", "remove", deltaKey.container(web), "web", "web removed"],
      ["network", "remove", deltaKey.network(app), "app", "network app removed"],
    ]);
    expect(lines.every((l) => l.engine === engine.id)).toBe(true);
  });

  it("leaves out a change the timeline does not tell, keeping the seq of the ones it does", () => {
    const restated = containerDto({ name: "web", status: "Up 3 minutes" });
    const db = containerDto({ name: "db" });
    const after = topologyOf({ ...base, containers: [restated, db] });
    const m = batch(base, after);
    const lines = timelineLines(m, base, after);
    expect(m.deltas).toHaveLength(2);
    expect(lines.map((l) => [l.seq, l.name, l.op])).toEqual([
      [m.deltas.findIndex((d) => d.op === "add"), "db", "add"],
    ]);
  });

  it("carries the cause and names swarm services and tasks", () => {
    const svc = swarmServiceDto({ name: "api", replicas: 2 });
    const task = swarmTaskDto(svc, { slot: 1 });
    const after = topologyOf({ ...base, services: [svc], tasks: [task] });
    const lines = timelineLines(batch(base, after, 9, "resync"), base, after);
    expect(lines.map((l) => [l.kind, l.name, l.cause])).toEqual([
      ["service", "api", "resync"],
      ["task", "api.1", "resync"],
    ]);
  });

  it("names an engine by its id", () => {
    const down = { ...engine, status: "unreachable" as const };
    const after = topologyOf({ ...base, engines: [down] });
    const [line] = timelineLines(batch(base, after), base, after);
    expect(line).toMatchObject({
      kind: "engine",
      op: "change",
      id: engine.id,
      name: engine.id,
      engine: engine.id,
    });
  });

  it("every line is one JSON object on one line, even when names hold line breaks", () => {
    const odd = containerDto({ name: "we\nb\u2028" });
    const after = applyDeltas(base, diffTopology(base, topologyOf({ ...base, containers: [web, odd] })));
    const text = jsonLines(timelineLines(batch(base, after), base, after));
    const rows = text.split("\n");
    expect(rows.pop()).toBe("");
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0] as string).name).toBe("we\nb\u2028");
  });
});

describe("since", () => {
  const line = timelineLines(
    batch(base, topologyOf({ ...base, containers: [] })),
    base,
    topologyOf({ ...base, containers: [] }),
  )[0];
  if (!line) throw new Error("no line");

  it("parses a version, an ISO time, nothing, and refuses anything else with a clear message", () => {
    expect(parseTimelineSince("1765119600000")).toEqual({ version: 1765119600000 });
    expect(parseTimelineSince("2026-12-07T15:00:00Z")).toEqual({ time: Date.parse(AT) });
    expect(parseTimelineSince("2026-12-07")).toEqual({ time: Date.parse("2026-12-07") });
    expect(parseTimelineSince(null)).toBeNull();
    expect(parseTimelineSince("")).toBeNull();
    expect(() => parseTimelineSince("May 5")).toThrow(/neither a version .* nor a time/);
    expect(() => parseTimelineSince("-3")).toThrow(/neither a version/);
  });

  it("keeps lines strictly after a version and at or after a time", () => {
    expect(isSince(line, { version: 6 })).toBe(true);
    expect(isSince(line, { version: 7 })).toBe(false);
    expect(isSince(line, { time: Date.parse(AT) })).toBe(true);
    expect(isSince(line, { time: Date.parse(AT) + 1 })).toBe(false);
    expect(isSince(line, null)).toBe(true);
  });

  it("format and heartbeat: jsonl only, 5 to 300 s", () => {
    expect(parseTimelineFormat(null)).toBe("jsonl");
    expect(() => parseTimelineFormat("csv")).toThrow(/use format=jsonl/);
    expect(parseHeartbeat("15")).toBe(15_000);
    expect(parseHeartbeat(null)).toBeNull();
    expect(() => parseHeartbeat("1")).toThrow(/5 to 300/);
    expect(() => parseHeartbeat("x")).toThrow(/5 to 300/);
  });
});
