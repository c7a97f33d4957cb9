// What a viewer, a token or the anonymous viewer can make the server do, on a real lab engine (issue 13,
// finding 4): 500 idle live streams from one viewer open only the allowed number (the rest 429 with
// Retry-After), and the server-wide cap holds across viewers; concurrent resyncs run one listing; the
// anonymous viewer cannot resync; the prune preview (a full listing) is rate-limited per principal; GET
// /api/hosts shares one read across requests and answers 429 when the server's process slots are taken.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as getEvents } from "@/app/api/events/route";
import { GET as getHosts } from "@/app/api/hosts/route";
import { GET as prunePreview } from "@/app/api/networks-prune/route";
import { POST as resync } from "@/app/api/resync/route";
import type { HostsDto } from "@/lib/api/hosts";
import type { ApiErrorBody } from "@/lib/api/types";
import { queryAudit } from "@/lib/auth/audit";
import { PEER_HEADER, PEER_KEY_HEADER } from "@/lib/auth/request";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { limitCounts } from "@/lib/http/limits";
import { liveHub } from "@/lib/live/hub";
import { type As, type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { type CallOptions, call, request, useIdentities } from "@/lib/testing/routes";

let ids: TestIdentities;
const PEER_KEY = "limits-test-peer-key";
const ENV = [
  "NETATLAS_ANONYMOUS_VIEWER",
  "NETATLAS_PEER_KEY",
  "NETATLAS_MAX_STREAMS",
  "NETATLAS_MAX_STREAMS_PER_CLIENT",
  "NETATLAS_LISTING_BURST",
  "NETATLAS_LISTING_PER_MINUTE",
  "NETATLAS_MAX_PROCESSES",
  "NETATLAS_PROCESS_WAIT_MS",
  "NETATLAS_HOSTS_TTL_MS",
];

/** The headers of an anonymous visitor at `address`, as scripts/server.mjs would pass the socket's address. */
function from(address: string): Record<string, string> {
  return { [PEER_HEADER]: address, [PEER_KEY_HEADER]: PEER_KEY };
}

interface Opened {
  response: Response;
  abort: AbortController;
}

function openStream(options: CallOptions = {}): Opened {
  const abort = new AbortController();
  const response = getEvents(new Request(request("/api/events", options), { signal: abort.signal }));
  return { response, abort };
}

function openMany(n: number, options: CallOptions): Opened[] {
  return Array.from({ length: n }, () => openStream(options));
}

async function closeAll(streams: Opened[]): Promise<void> {
  for (const s of streams) {
    s.abort.abort();
    await s.response.body?.cancel().catch(() => undefined);
  }
  // Releases run on abort; give the streams' cleanups a turn.
  await new Promise((r) => setTimeout(r, 50));
}

const ok = (streams: Opened[]) => streams.filter((s) => s.response.status === 200);
const refused = (streams: Opened[]) => streams.filter((s) => s.response.status === 429);

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  ids = await testIdentities();
  useIdentities(ids);
  process.env.NETATLAS_PEER_KEY = PEER_KEY;
});

afterEach(() => {
  for (const name of ENV) if (name !== "NETATLAS_PEER_KEY") delete process.env[name];
});

afterAll(() => {
  for (const name of ENV) delete process.env[name];
  ids?.cleanup();
});

describe("live streams are capped per principal and in total", () => {
  it("opens 20 of 500 idle streams from one viewer (default cap); the other 480 get 429 with Retry-After", async () => {
    const streams = openMany(500, { as: "viewer" });
    try {
      expect(ok(streams)).toHaveLength(20);
      const no = refused(streams);
      expect(no).toHaveLength(480);
      const first = no[0]?.response as Response;
      expect(first.headers.get("retry-after")).toBe("10");
      const body = (await first.json()) as ApiErrorBody;
      expect(body.error.code).toBe("too_many_requests");
      expect(body.error.message).toMatch(/Too many live streams open for you \(20 of 20/);
      expect(limitCounts().streams).toBe(20);
      // The allowed ones are real streams: they get the snapshot.
      const reader = (ok(streams)[0] as Opened).response.body?.getReader() as ReadableStreamDefaultReader;
      let text = "";
      while (!text.includes("event: snapshot")) text += new TextDecoder().decode((await reader.read()).value);
      reader.releaseLock();
      // Another viewer (a token counts on its own) is not held back by the first one's streams.
      const other = openStream({ as: "viewer-token" });
      expect(other.response.status).toBe(200);
      await closeAll([other]);
    } finally {
      await closeAll(streams);
    }
    // Closed streams give their slots back.
    expect(limitCounts().streams).toBe(0);
    const again = openMany(20, { as: "viewer" });
    expect(ok(again)).toHaveLength(20);
    await closeAll(again);
  });

  it("caps the anonymous viewer per address (an IPv6 /64 is one client)", async () => {
    process.env.NETATLAS_ANONYMOUS_VIEWER = "1";
    process.env.NETATLAS_MAX_STREAMS_PER_CLIENT = "3";
    const a = openMany(10, { as: "nobody", headers: from("203.0.113.5") });
    const b = openMany(10, { as: "nobody", headers: from("203.0.113.6") });
    const v6 = [
      ...openMany(2, { as: "nobody", headers: from("2001:db8:0:1::a") }),
      ...openMany(2, { as: "nobody", headers: from("2001:db8:0:1:ffff::b") }),
    ];
    try {
      expect([ok(a).length, ok(b).length, ok(v6).length]).toEqual([3, 3, 3]);
      expect(refused(a)).toHaveLength(7);
      expect(refused(v6)).toHaveLength(1);
    } finally {
      await closeAll([...a, ...b, ...v6]);
    }
  });

  it("holds the server-wide cap across principals", async () => {
    process.env.NETATLAS_MAX_STREAMS = "30";
    const viewer = openMany(25, { as: "viewer" });
    const operator = openMany(25, { as: "operator" });
    try {
      expect(ok(viewer)).toHaveLength(20);
      expect(ok(operator)).toHaveLength(10);
      const no = refused(operator);
      expect(no).toHaveLength(15);
      const body = (await no[0]?.response.json()) as ApiErrorBody;
      expect(body.error.message).toMatch(/maximum of 30 live streams open \(NETATLAS_MAX_STREAMS\)/);
    } finally {
      await closeAll([...viewer, ...operator]);
    }
  });
});

describe("resync", () => {
  const post = (as: As, headers: Record<string, string> = {}) =>
    call<ApiErrorBody>(resync, "/api/resync", {}, { method: "POST", as, headers, body: {} });

  it("runs one listing however many viewers ask at once", async () => {
    const hub = liveHub();
    const stream = openStream({ as: "admin" });
    try {
      await hub.whenReady();
      expect(hub.feedStatus().every((f) => f.state === "live")).toBe(true);
      const before = hub.feedStatus().map((f) => f.resyncs);
      const answers = await Promise.all([
        ...Array.from({ length: 10 }, () => post("viewer")),
        ...Array.from({ length: 10 }, () => post("operator-token")),
      ]);
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(hub.feedStatus().map((f) => f.resyncs)).toEqual(before.map((n) => n + 1));
      // A resync asked for after that one ended lists again.
      expect((await post("viewer")).status).toBe(200);
      expect(hub.feedStatus().map((f) => f.resyncs)).toEqual(before.map((n) => n + 2));
    } finally {
      await closeAll([stream]);
    }
  });

  it("refuses the anonymous viewer with 401, audited, and lists nothing", async () => {
    process.env.NETATLAS_ANONYMOUS_VIEWER = "1";
    const hub = liveHub();
    const stream = openStream({ as: "admin" });
    try {
      await hub.whenReady();
      const before = hub.feedStatus().map((f) => f.resyncs);
      const answer = await post("nobody", {
        ...from("198.51.100.7"),
        origin: "http://127.0.0.1",
        "content-type": "application/json",
      });
      expect(answer.status).toBe(401);
      expect(answer.body.error.message).toMatch(/anonymous viewer .* changes nothing/);
      expect(hub.feedStatus().map((f) => f.resyncs)).toEqual(before);
      const [entry] = queryAudit({ action: "resync" }, 1, 0).entries;
      expect(entry).toMatchObject({
        actor: "anonymous",
        address: "198.51.100.7",
        result: "denied",
        status: 401,
      });
      // The anonymous viewer still reads.
      const read = openStream({ as: "nobody", headers: from("198.51.100.7") });
      expect(read.response.status).toBe(200);
      await closeAll([read]);
    } finally {
      await closeAll([stream]);
    }
  });
});

describe("the prune preview (a full listing) is rate-limited per principal", () => {
  it("answers 429 with Retry-After once a viewer's burst is spent; others still read", async () => {
    process.env.NETATLAS_LISTING_BURST = "5";
    process.env.NETATLAS_LISTING_PER_MINUTE = "6";
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await call<ApiErrorBody>(prunePreview, "/api/networks-prune"));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const no = answers[5] as (typeof answers)[number];
    expect(Number(no.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(no.headers.get("retry-after"))).toBeLessThanOrEqual(10);
    expect(no.body.error.message).toMatch(/Too many prune preview reads/);
    const other = await call(prunePreview, "/api/networks-prune", {}, { as: "viewer-token" });
    expect(other.status).toBe(200);
  });
});

describe("GET /api/hosts shares reads and the server's process slots", () => {
  it("answers requests within NETATLAS_HOSTS_TTL_MS from one read, then reads again", async () => {
    process.env.NETATLAS_HOSTS_TTL_MS = "1500";
    const readAt = async () => (await call<HostsDto>(getHosts, "/api/hosts")).body.hosts[0]?.readAt;
    const [first, ...together] = await Promise.all(Array.from({ length: 20 }, readAt));
    expect(first).toBeTruthy();
    expect(new Set(together)).toEqual(new Set([first]));
    await new Promise((r) => setTimeout(r, 50));
    expect(await readAt()).toBe(first);
    await new Promise((r) => setTimeout(r, 1600));
    expect(await readAt()).not.toBe(first);
  });

  it("answers 429 with a clear message when no process slot frees in time", async () => {
    process.env.NETATLAS_HOSTS_TTL_MS = "1";
    process.env.NETATLAS_MAX_PROCESSES = "1";
    process.env.NETATLAS_PROCESS_WAIT_MS = "1";
    await new Promise((r) => setTimeout(r, 5));
    const answer = await call<ApiErrorBody>(getHosts, "/api/hosts");
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("2");
    expect(answer.body.error.message).toMatch(
      /busy running commands \(host reads, lab steps\): 1 are running \(NETATLAS_MAX_PROCESSES\)/,
    );
    delete process.env.NETATLAS_MAX_PROCESSES;
    delete process.env.NETATLAS_PROCESS_WAIT_MS;
    await new Promise((r) => setTimeout(r, 5));
    const fine = await call<HostsDto>(getHosts, "/api/hosts");
    expect(fine.status).toBe(200);
    expect(fine.body.hosts[0]?.unavailable).toBeNull();
  });
});
