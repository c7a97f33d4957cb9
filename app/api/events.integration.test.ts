// The live stream against a real lab engine: a snapshot, then deltas for CLI changes whose values equal docker
// inspect; Last-Event-ID replay; a fresh snapshot when the gap cannot be replayed; two clients get the same
// changes; /api/topology answers from the store while it is live; the Docker reader stops when clients leave,
// unless the store is kept live (as the server keeps it from its start).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getEvents } from "@/app/api/events/route";
import { GET as getTopology } from "@/app/api/topology/route";
import type { DeltaMessage, SnapshotMessage } from "@/lib/api/live";
import type { ApiErrorBody, TopologyDto } from "@/lib/api/types";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { readTopology } from "@/lib/docker/engines";
import { liveHub } from "@/lib/live/hub";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, inspect, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, request, useIdentities } from "@/lib/testing/routes";
import { type SseEvent, SseReader } from "@/lib/testing/sse";

let t: TestObjects;
/**
 * Each connection's controller, with its Request. A Request follows the signal it was made with through a
 * WeakRef to its own controller (undici): once the Request is garbage collected, aborting `abort` no longer
 * reaches the handler's request.signal, the stream is never released and its client stays subscribed, so the
 * hub never stops. Keeping the Request here keeps "abort = the client left" true whenever a GC runs.
 */
const open: Array<{ abort: AbortController; request: Request }> = [];
const closeAll = () => {
  for (const c of open) c.abort.abort();
};

function connect(lastEventId?: number): { reader: SseReader; abort: AbortController; status: number } {
  const abort = new AbortController();
  const path = `/api/events${lastEventId === undefined ? "" : `?lastEventId=${lastEventId}`}`;
  const req = new Request(request(path), { signal: abort.signal });
  open.push({ abort, request: req });
  const response = getEvents(req);
  return { reader: new SseReader(response), abort, status: response.status };
}

/** Full garbage collections (what V8 may do at any quiet moment of a long run), a task apart. */
async function collectGarbage(): Promise<void> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
}

const isDelta = (pred: (m: DeltaMessage) => boolean) => (e: SseEvent) =>
  e.event === "delta" && pred(e.data as DeltaMessage);

/** The hub stops 1 s after its last client left; a client still subscribed after 5 s is a leak: say so. */
async function untilStopped(): Promise<void> {
  for (let i = 0; i < 50 && liveHub().running; i++) await new Promise((r) => setTimeout(r, 100));
  if (liveHub().running)
    throw new Error(`the hub still runs 5 s after its clients left (${liveHub().clientCount} subscribed)`);
}

let ids: TestIdentities;

beforeAll(async () => {
  t = testObjects();
  ids = await testIdentities();
  useIdentities(ids);
});

afterAll(async () => {
  closeAll();
  try {
    await untilStopped();
  } finally {
    t?.cleanup();
    ids?.cleanup();
  }
});

describe("GET /api/events", () => {
  it("sends a snapshot, then deltas for CLI changes with the values docker inspect has", async () => {
    const net = t.network("ev", ["--subnet", "10.127.1.0/24"]);
    const a = connect();
    expect(a.status).toBe(200);
    const snapshot = (await a.reader.waitFor((e) => e.event === "snapshot")).data as SnapshotMessage;
    expect(snapshot.topology.networks.map((n) => n.name)).toContain(net);
    expect(snapshot.feeds[0]?.state).toBe("live");

    const web = t.run("web", ["--network", net, "--network-alias", "api", "--ip", "10.127.1.7"]);
    const id = docker(["inspect", "--format", "{{.Id}}", web]);
    const joined = await a.reader.waitFor(
      isDelta((m) =>
        m.deltas.some(
          (d) =>
            d.kind === "endpoint" &&
            d.op !== "remove" &&
            d.value.ipv4Address !== null &&
            d.value.containerId === id,
        ),
      ),
    );
    const message = joined.data as DeltaMessage;
    expect(joined.id).toBe(String(message.version));
    const endpoint = message.deltas.find((d) => d.kind === "endpoint" && d.op !== "remove");
    const docker_ = inspect<{
      NetworkSettings: {
        Networks: Record<string, { EndpointID: string; Aliases: string[]; IPAddress: string }>;
      };
    }>("container", web);
    const settings = docker_.NetworkSettings.Networks[net];
    expect(endpoint?.op === "add" || endpoint?.op === "change" ? endpoint.value : null).toMatchObject({
      id: settings?.EndpointID,
      ipv4Address: "10.127.1.7/24",
      aliases: settings?.Aliases,
    });

    docker(["rm", "-f", web]);
    await a.reader.waitFor(
      isDelta((m) => m.deltas.some((d) => d.kind === "container" && d.op === "remove" && d.key.endsWith(id))),
    );
    const versions = a.reader.events
      .filter((e) => e.event === "delta")
      .map((e) => (e.data as DeltaMessage).version);
    expect(versions).toEqual(versions.map((_, i) => snapshot.version + i + 1));
    a.abort.abort();
  });

  it("replays what a client missed after Last-Event-ID, and two clients see the same versions", async () => {
    const first = connect();
    const snapshot = (await first.reader.waitFor((e) => e.event === "snapshot")).data as SnapshotMessage;
    first.abort.abort();
    const watcher = connect();
    await watcher.reader.waitFor((e) => e.event === "snapshot");
    const net = t.network("replay", ["--subnet", "10.127.2.0/24"]);
    const created = await watcher.reader.waitFor(
      isDelta((m) => m.deltas.some((d) => d.kind === "network" && d.op === "add" && d.value.name === net)),
    );
    const resumed = connect(snapshot.version);
    const replayed = await resumed.reader.waitFor(
      isDelta((m) => m.version === (created.data as DeltaMessage).version),
    );
    expect(replayed.data).toEqual(created.data);
    expect(resumed.reader.events.some((e) => e.event === "snapshot")).toBe(false);
    watcher.abort.abort();
    resumed.abort.abort();
  });

  it("sends a fresh snapshot when the gap cannot be replayed", async () => {
    // An id from the future (another server process) and one from long ago (before this process started).
    for (const id of [999_999_999_999_999, 1]) {
      const a = connect(id);
      const first = await a.reader.waitFor((e) => e.event === "snapshot" || e.event === "delta");
      expect(first.event).toBe("snapshot");
      expect((first.data as SnapshotMessage).version).not.toBe(id);
      a.abort.abort();
    }
  });

  it("answers 400 for a Last-Event-ID that is not an event number", async () => {
    const response = getEvents(request("/api/events", { headers: { "Last-Event-ID": "abc" } }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as ApiErrorBody).error.code).toBe("bad_request");
  });

  it("serves /api/topology from the live store, equal to what Docker has", async () => {
    const a = connect();
    await a.reader.waitFor((e) => e.event === "snapshot");
    expect(liveHub().storeIfCurrent()).not.toBeNull();
    const fromStore = await call<TopologyDto>(getTopology, "/api/topology");
    const fromDocker = await readTopology();
    const strip = (x: TopologyDto) => ({ ...x, containers: x.containers.map((c) => ({ ...c, status: "" })) });
    expect(strip(fromStore.body)).toEqual(strip(fromDocker));
    a.abort.abort();
  });

  it("gives a client that resumes after the server went idle a snapshot without what was removed meanwhile", async () => {
    const gone = t.run("gone", []);
    const a = connect();
    // It is in the snapshot, or arrives as a delta when the feeds were still running from an earlier test.
    await a.reader.waitFor((e) => JSON.stringify(e.data).includes(gone));
    const last = a.reader.events.filter((e) => e.id !== null).pop()?.id;
    closeAll();
    await untilStopped();
    docker(["rm", "-f", gone]);
    const resumed = connect(Number(last));
    const first = await resumed.reader.waitFor((e) => e.event === "snapshot" || e.event === "delta");
    expect(first.event).toBe("snapshot");
    expect((first.data as SnapshotMessage).topology.containers.map((c) => c.name)).not.toContain(gone);
    resumed.abort.abort();
  });

  it("stops reading Docker once the last client has gone, whenever the garbage is collected", async () => {
    const a = connect();
    await a.reader.waitFor((e) => e.event === "snapshot");
    expect(liveHub().running).toBe(true);
    await collectGarbage(); // with the Request not kept, this made the abort below reach nobody
    closeAll();
    await untilStopped();
    expect(liveHub().running).toBe(false);
    expect(liveHub().clientCount).toBe(0);
  });

  it("releases a stream when its client leaves, even after the Request object was garbage collected", async () => {
    const before = liveHub().clientCount;
    const abort = new AbortController();
    // The caller keeps only the controller and the reader, as Next keeps only the connection: the route
    // (lib/http/sse.ts) must hold the Request itself, or the abort no longer reaches request.signal.
    const reader = (() =>
      new SseReader(getEvents(new Request(request("/api/events"), { signal: abort.signal }))))();
    await reader.waitFor((e) => e.event === "snapshot");
    expect(liveHub().clientCount).toBe(before + 1);
    await collectGarbage();
    abort.abort();
    for (let i = 0; i < 50 && liveHub().clientCount > before; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(liveHub().clientCount).toBe(before);
  });

  it("keeps an engine down since the first failure while it retries", async () => {
    closeAll();
    await untilStopped();
    setEngineConfigs([
      {
        id: "ghost",
        host: "unix:///run/netatlas-lab/ghost/docker.sock",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
    ]);
    try {
      const a = connect();
      const snapshot = (await a.reader.waitFor((e) => e.event === "snapshot")).data as SnapshotMessage;
      const down = snapshot.feeds[0];
      expect(down).toMatchObject({ engine: "ghost", state: "down" });
      expect(down?.error?.message).toContain("unix:///run/netatlas-lab/ghost/docker.sock");
      expect(snapshot.topology.engines[0]).toMatchObject({ id: "ghost", status: "unreachable" });
      await new Promise((r) => setTimeout(r, 2500)); // retries at 0.5 s and 1 s have failed meanwhile
      expect(liveHub().feedStatus()[0]).toMatchObject({ state: "down", since: down?.since });
      a.abort.abort();
      await untilStopped();
    } finally {
      setEngineConfigs(parseEngineConfig(process.env));
    }
  });

  it("kept live with no client (as the server is from its start), follows Docker and answers reads from the store", async () => {
    closeAll();
    await untilStopped();
    try {
      await liveHub().keepLive();
      expect(liveHub().clientCount).toBe(0);
      const name = t.run("unwatched", []);
      // No page is open: the store follows the CLI by itself.
      for (let i = 0; i < 50 && !liveHub().topology.containers.some((c) => c.name === name); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(liveHub().topology.containers.map((c) => c.name)).toContain(name);
      const answer = await call<TopologyDto>(getTopology, "/api/topology");
      expect(answer.status).toBe(200);
      expect(answer.body.containers.find((c) => c.name === name)).toEqual(
        liveHub().topology.containers.find((c) => c.name === name),
      );
      // A client that connects and leaves does not stop it.
      const a = connect();
      await a.reader.waitFor((e) => e.event === "snapshot");
      a.abort.abort();
      await new Promise((r) => setTimeout(r, 1500));
      expect(liveHub().running).toBe(true);
    } finally {
      await liveHub().keepLive(false);
    }
    expect(liveHub().running).toBe(false);
  });
});
