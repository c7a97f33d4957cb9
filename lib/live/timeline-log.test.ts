// TimelineLog against a stand-in for the hub's three read-only members (its log array, version and store):
// lines for every kept batch when the log goes back to an empty store, from now on when it has dropped batches,
// a fresh start when the hub drops its store (a new log array), and trimming as the hub's window moves.
import { afterEach, describe, expect, it } from "vitest";
import type { DeltaMessage } from "@/lib/api/live";
import type { TopologyDto } from "@/lib/api/types";
import { containerDto, engineDto, topologyOf } from "@/lib/testing/topology-builders";
import { applyDeltas, diffTopology, EMPTY_TOPOLOGY } from "@/lib/topology/delta";
import type { LiveHub } from "./hub";
import { checkResumable } from "./timeline-export";
import { TimelineLog } from "./timeline-log";

const engine = engineDto();

/** The members TimelineLog reads, kept the way LiveHub keeps them (splice on overflow, a new array on stop). */
class FakeHub {
  log: DeltaMessage[] = [];
  version = 1000;
  topology: TopologyDto = EMPTY_TOPOLOGY;
  constructor(private readonly size: number) {}
  recentChanges(): readonly DeltaMessage[] {
    return this.log;
  }
  get currentVersion(): number {
    return this.version;
  }
  replace(next: TopologyDto): void {
    const deltas = diffTopology(this.topology, next);
    this.topology = applyDeltas(this.topology, deltas);
    this.version++;
    this.log.push({
      version: this.version,
      deltas,
      cause: "event",
      at: new Date(this.version).toISOString(),
    });
    if (this.log.length > this.size) this.log.splice(0, this.log.length - this.size);
  }
  stop(): void {
    this.topology = EMPTY_TOPOLOGY;
    this.log = [];
  }
  /** Adds a container named `name` to the store. */
  add(name: string): void {
    this.replace({ ...this.topology, containers: [...this.topology.containers, containerDto({ name })] });
  }
  remove(name: string): void {
    this.replace({ ...this.topology, containers: this.topology.containers.filter((c) => c.name !== name) });
  }
}

function setup(size = 5): { hub: FakeHub; log: TimelineLog } {
  process.env.NETATLAS_LIVE_LOG_SIZE = String(size);
  const hub = new FakeHub(size);
  hub.replace(topologyOf({ engines: [engine], networks: [], containers: [], endpoints: [] }));
  return { hub, log: new TimelineLog(() => hub as unknown as LiveHub) };
}

afterEach(() => {
  delete process.env.NETATLAS_LIVE_LOG_SIZE;
});

const messages = (log: TimelineLog) => log.read().lines.map((l) => l.message);

describe("TimelineLog", () => {
  it("tells every kept batch when the log goes back to an empty store, with the right 'before'", () => {
    const { hub, log } = setup();
    hub.add("web");
    hub.remove("web");
    // The removal is named: the log knew web from the batch before.
    expect(messages(log)).toEqual([
      `engine ${engine.id} connected (Docker ${engine.version})`,
      "web created (running, image nginx:1.27)",
      "web removed",
    ]);
    expect(log.window()).toMatchObject({ from: 1000, version: 1003, complete: true });
  });

  it("follows new batches incrementally and gives one batch's lines", () => {
    const { hub, log } = setup();
    log.sync();
    hub.add("db");
    expect(log.linesOf(hub.version).map((l) => l.name)).toEqual(["db"]);
    expect(log.read({ version: 1001 }).lines.map((l) => l.version)).toEqual([1002]);
  });

  it("starts from now when batches were dropped before it first looked, and refuses an older resume", () => {
    const { hub, log } = setup(3);
    for (const n of ["a", "b", "c", "d"]) hub.add(n);
    expect(messages(log)).toEqual([]);
    expect(log.window()).toMatchObject({ from: 1005, version: 1005, complete: false });
    expect(() => checkResumable({ version: 1004 }, log.window())).toThrow(/Cannot resume from version 1004/);
    hub.remove("a");
    expect(messages(log)).toEqual(["a removed"]);
    expect(() => checkResumable({ version: 1005 }, log.window())).not.toThrow();
    expect(() => checkResumable({ version: 9_999_999 }, log.window())).toThrow(/Cannot resume/);
  });

  it("forgets lines the hub no longer keeps, and a time before them is refused", () => {
    const { hub, log } = setup(3);
    log.sync();
    for (const n of ["a", "b", "c"]) hub.add(n);
    expect(messages(log)).toEqual(
      [
        "a created (running, image nginx:1.27)",
        "b created (running, image nginx:1.27)",
        "c created (running, image nginx:1.27)",
      ].map((m) => m),
    );
    hub.add("d");
    expect(log.read().lines.map((l) => l.name)).toEqual(["b", "c", "d"]);
    const window = log.window();
    expect(window).toMatchObject({ from: 1002, complete: false });
    expect(() => checkResumable({ time: Date.parse(window.fromTime as string) - 1 }, window)).toThrow(
      /dropped/,
    );
    expect(() => checkResumable({ time: Date.parse(window.fromTime as string) }, window)).not.toThrow();
  });

  it("starts again when the hub drops its store (a new log array), without the old store's lines", () => {
    const { hub, log } = setup();
    hub.add("old");
    log.sync();
    hub.stop();
    hub.replace(
      topologyOf({
        engines: [engine],
        networks: [],
        containers: [containerDto({ name: "new" })],
        endpoints: [],
      }),
    );
    expect(log.read().lines.map((l) => l.name)).toEqual([engine.id, "new"]);
  });

  it("starts again when more batches passed than the hub keeps between two reads", () => {
    const { hub, log } = setup(2);
    log.sync();
    for (const n of ["a", "b", "c", "d"]) hub.add(n);
    expect(messages(log)).toEqual([]);
    hub.remove("a");
    expect(messages(log)).toEqual(["a removed"]);
  });
});
