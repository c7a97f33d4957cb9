// The timeline and the audit log as JSON lines, against a real lab engine: CLI changes come out of the timeline
// stream and the download as exactly those lines (each one JSON, the map's own sentences, Docker's ids), a
// stream resumes from a kept version and says clearly when it cannot; the audit stream delivers an entry
// written after it opened, equal to the export's line; who may read what (401, 403); the stream and listing
// caps hold; an admin's audit stream ends at sign-out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getAudit } from "@/app/api/audit/route";
import { GET as getAuditStream } from "@/app/api/audit/stream/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { POST as createNetwork } from "@/app/api/networks/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { GET as getTimelineStream } from "@/app/api/timeline/stream/route";
import { DELETE as revokeTokenRoute } from "@/app/api/tokens/[id]/route";
import type { AuditEntryDto } from "@/lib/api/auth";
import type { TimelineLine } from "@/lib/api/timeline";
import type { ApiErrorBody } from "@/lib/api/types";
import { queryAudit } from "@/lib/auth/audit";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { createToken } from "@/lib/auth/tokens";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { limitCounts } from "@/lib/http/limits";
import { liveHub } from "@/lib/live/hub";
import { type As, type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, inspect, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { NdjsonReader, parseJsonLines } from "@/lib/testing/ndjson-reader";
import { call, request, useIdentities } from "@/lib/testing/routes";

let t: TestObjects;
let ids: TestIdentities;
/** Each stream's controller with its Request (held: see events.integration.test.ts on GC and aborts). */
const open: Array<{ abort: AbortController; request: Request }> = [];

type Handler = (request: Request) => Promise<Response>;

async function connect<T>(
  handler: Handler,
  path: string,
  as: As = "viewer-token",
  headers: Record<string, string> = {},
): Promise<{ status: number; response: Response; reader: NdjsonReader<T> | null; abort: AbortController }> {
  const abort = new AbortController();
  const req = new Request(request(path, { as, headers }), { signal: abort.signal });
  open.push({ abort, request: req });
  const response = await handler(req);
  return {
    status: response.status,
    response,
    reader: response.status === 200 ? new NdjsonReader<T>(response) : null,
    abort,
  };
}

async function download(
  path: string,
  as: As = "viewer",
): Promise<{ status: number; text: string; headers: Headers }> {
  const handler = path.startsWith("/api/audit") ? getAudit : getTimeline;
  const response = await handler(request(path, { as }));
  return { status: response.status, text: await response.text(), headers: response.headers };
}

const streamsNow = () => limitCounts().streams;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`still not ${what} after 5 s`);
}

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  t = testObjects();
  ids = await testIdentities();
  useIdentities(ids);
  await liveHub().keepLive();
});

afterAll(async () => {
  for (const c of open) c.abort.abort();
  await liveHub().keepLive(false);
  t?.cleanup();
  ids?.cleanup();
});

describe("the timeline as JSON lines", () => {
  it("streams and downloads exactly the CLI's changes, each line JSON with the map's sentence and Docker's ids", async () => {
    const s = await connect<TimelineLine>(getTimelineStream, "/api/timeline/stream");
    expect(s.status).toBe(200);
    expect(s.response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const reader = s.reader as NdjsonReader<TimelineLine>;

    // docker() blocks until the CLI is done: each step waits for its line, or the feed would find the object
    // already gone when it reads it (and rightly report nothing).
    const net = t.network("tl", ["--subnet", "10.127.61.0/24"]);
    const netId = inspect<{ Id: string }>("network", net).Id;
    await reader.waitFor((l) => l.kind === "network" && l.op === "add" && l.name === net);
    const web = t.run("tlweb", ["--network", net, "--ip", "10.127.61.9"]);
    const webId = docker(["inspect", "--format", "{{.Id}}", web]);
    await reader.waitFor((l) => l.kind === "endpoint" && l.message.startsWith(`${web} joined`));
    docker(["rm", "-f", web]);
    await reader.waitFor((l) => l.kind === "container" && l.op === "remove" && l.name === web);
    docker(["network", "rm", net]);
    await reader.waitFor((l) => l.kind === "network" && l.op === "remove" && l.name === net);

    const mine = (lines: TimelineLine[]) =>
      lines.filter(
        (l) => l.name === net || l.name === web || l.networks.includes(net) || l.containers.includes(web),
      );
    const streamed = mine(reader.lines);
    const engine = liveHub().feedStatus()[0]?.engine;
    // The network: exactly its creation and its removal, keyed by Docker's id.
    expect(streamed.filter((l) => l.kind === "network").map((l) => [l.op, l.id, l.message])).toEqual([
      ["add", `${engine}/${netId}`, `network ${net} created (bridge, 10.127.61.0/24)`],
      ["remove", `${engine}/${netId}`, `network ${net} removed`],
    ]);
    const messages = streamed.map((l) => l.message);
    expect(messages).toContain(`${web} joined ${net} as 10.127.61.9`);
    expect(messages).toContain(`${web} removed`);
    expect(streamed.filter((l) => l.kind === "container").every((l) => l.id === `${engine}/${webId}`)).toBe(
      true,
    );
    expect(
      streamed.every((l) => l.engine === engine && l.cause === "event" && !Number.isNaN(Date.parse(l.time))),
    ).toBe(true);
    // In order, each (version, seq) once.
    const order = streamed.map((l) => l.version * 1000 + l.seq);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(order.length);

    const all = await download("/api/timeline?format=jsonl");
    expect(all.status).toBe(200);
    expect(all.headers.get("content-disposition")).toMatch(
      /attachment; filename="netatlas-timeline-.*\.jsonl"/,
    );
    expect(mine(parseJsonLines<TimelineLine>(all.text))).toEqual(streamed);
    expect(Number(all.headers.get("x-netatlas-timeline-version"))).toBeGreaterThanOrEqual(
      streamed[streamed.length - 1]?.version ?? Number.POSITIVE_INFINITY,
    );

    // since= keeps what came after; by time too.
    const first = streamed[0] as TimelineLine;
    const after = await download(`/api/timeline?format=jsonl&since=${first.version - 1}`);
    expect(mine(parseJsonLines<TimelineLine>(after.text))).toEqual(streamed);
    expect(parseJsonLines<TimelineLine>(after.text).every((l) => l.version >= first.version)).toBe(true);
    const byTime = await download(`/api/timeline?since=${encodeURIComponent(first.time)}`);
    expect(mine(parseJsonLines<TimelineLine>(byTime.text))).toEqual(streamed);

    // A stream resumed from before the changes sends them first, the same lines.
    const resumed = await connect<TimelineLine>(
      getTimelineStream,
      `/api/timeline/stream?since=${first.version - 1}`,
    );
    const resumedReader = resumed.reader as NdjsonReader<TimelineLine>;
    await resumedReader.waitFor((l) => l.kind === "network" && l.op === "remove" && l.name === net);
    expect(mine(resumedReader.lines)).toEqual(streamed);
    s.abort.abort();
    resumed.abort.abort();
  });

  it("says clearly when it cannot resume, and refuses bad parameters by name", async () => {
    const old = await connect(getTimelineStream, "/api/timeline/stream?since=1");
    expect(old.status).toBe(409);
    const body = (await old.response.json()) as ApiErrorBody;
    expect(body.error.message).toMatch(
      /^Cannot resume from version 1: this server keeps the timeline after version \d+/,
    );
    expect(body.error.message).toMatch(/GET \/api\/timeline\?format=jsonl/);
    const bad = await connect(getTimelineStream, "/api/timeline/stream?since=yesterday");
    expect(bad.status).toBe(400);
    expect(((await bad.response.json()) as ApiErrorBody).error.message).toMatch(/neither a version/);
    expect((await connect(getTimelineStream, "/api/timeline/stream?heartbeat=1")).status).toBe(400);
    expect((await download("/api/timeline?format=csv")).status).toBe(400);
    // Nothing held by the refusals.
    await until(() => streamsNow() === 0, "every stream closed");
  });

  it("sends an empty line as heartbeat when asked", async () => {
    const s = await connect(getTimelineStream, "/api/timeline/stream?heartbeat=5");
    const reader = s.reader as NdjsonReader;
    await until(() => reader.blank > 0 || reader.ended, "a heartbeat");
    expect(reader.blank).toBeGreaterThan(0);
    s.abort.abort();
  }, 15_000);

  it("a read token's stream ends when the token is revoked", async () => {
    const made = createToken(ids.userIds.viewer, "log shipper", "read");
    const headers = { authorization: `Bearer ${made.token}` };
    const s = await connect(getTimelineStream, "/api/timeline/stream", "nobody", headers);
    expect(s.status).toBe(200);
    const revoked = await call(
      revokeTokenRoute,
      `/api/tokens/${made.id}`,
      { id: String(made.id) },
      {
        method: "DELETE",
        as: "viewer",
      },
    );
    expect(revoked.status).toBe(200);
    await (s.reader as NdjsonReader).closed();
    await until(() => streamsNow() === 0, "the slot given back");
  });

  it("anonymous callers get 401", async () => {
    expect((await connect(getTimelineStream, "/api/timeline/stream", "nobody")).status).toBe(401);
    expect((await download("/api/timeline?format=jsonl", "nobody")).status).toBe(401);
  });
});

describe("the audit log as JSON lines", () => {
  it("the stream delivers an entry written after it opened, the same line as the export's", async () => {
    const s = await connect<AuditEntryDto>(getAuditStream, "/api/audit/stream", "admin");
    expect(s.status).toBe(200);
    const name = t.name("audit");
    const made = await call(
      createNetwork,
      "/api/networks",
      {},
      { method: "POST", as: "operator", body: { name } },
    );
    expect(made.status).toBe(201);
    docker(["network", "rm", name]);
    const line = await (s.reader as NdjsonReader<AuditEntryDto>).waitFor(
      (e) => e.action === "network.create" && e.target.endsWith(`/${name}`),
    );
    const stored = queryAudit({ action: "network.create", target: name }, 10, 0).entries;
    expect(stored).toHaveLength(1);
    expect(line).toEqual(stored[0]);
    expect(line).toMatchObject({ actor: "test-operator", via: "session", result: "ok", status: 201 });

    const exported = await download(`/api/audit?format=jsonl&action=network.create&target=${name}`, "admin");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toMatch(/netatlas-audit-.*\.jsonl/);
    expect(parseJsonLines(exported.text)).toEqual([line]);
    s.abort.abort();
  });

  it("refuses viewers and operators (403) and anonymous callers (401)", async () => {
    for (const as of ["viewer", "viewer-token", "operator", "operator-token"] as const) {
      const s = await connect(getAuditStream, "/api/audit/stream", as);
      expect(s.status, as).toBe(403);
      expect((await download("/api/audit?format=jsonl", as)).status, as).toBe(403);
    }
    expect((await connect(getAuditStream, "/api/audit/stream", "nobody")).status).toBe(401);
    await until(() => streamsNow() === 0, "every stream closed");
  });

  it("an admin's audit stream ends when the admin signs out", async () => {
    const { cookie } = createSession(ids.userIds.admin, "127.0.0.1", "vitest");
    const headers = { cookie: `${SESSION_COOKIE}=${cookie}` };
    const s = await connect<AuditEntryDto>(getAuditStream, "/api/audit/stream", "nobody", headers);
    expect(s.status).toBe(200);
    const out = await call(
      logout,
      "/api/auth/logout",
      {},
      {
        method: "POST",
        as: "nobody",
        headers: { ...headers, origin: "http://127.0.0.1", "content-type": "application/json" },
        body: {},
      },
    );
    expect(out.status).toBe(200);
    await (s.reader as NdjsonReader).closed();
    await until(() => streamsNow() === 0, "the slot given back");
  });
});

describe("caps", () => {
  it("timeline and audit streams count as live streams per principal", async () => {
    process.env.NETATLAS_MAX_STREAMS_PER_CLIENT = "2";
    try {
      const a = await connect(getTimelineStream, "/api/timeline/stream", "admin");
      const b = await connect(getAuditStream, "/api/audit/stream", "admin");
      expect([a.status, b.status]).toEqual([200, 200]);
      const third = await connect(getAuditStream, "/api/audit/stream", "admin");
      expect(third.status).toBe(429);
      expect(third.response.headers.get("retry-after")).toBe("10");
      expect(((await third.response.json()) as ApiErrorBody).error.message).toMatch(
        /NETATLAS_MAX_STREAMS_PER_CLIENT/,
      );
      // Another principal is not affected; a closed stream gives its slot back.
      expect((await connect(getTimelineStream, "/api/timeline/stream", "viewer-token")).status).toBe(200);
      a.abort.abort();
      await until(() => streamsNow() === 2, "a slot given back");
      expect((await connect(getTimelineStream, "/api/timeline/stream", "admin")).status).toBe(200);
    } finally {
      delete process.env.NETATLAS_MAX_STREAMS_PER_CLIENT;
      for (const c of open) c.abort.abort();
    }
    await until(() => streamsNow() === 0, "every stream closed");
  });

  it("the timeline download is a full listing: limited per principal", async () => {
    process.env.NETATLAS_LISTING_BURST = "2";
    process.env.NETATLAS_LISTING_PER_MINUTE = "1";
    try {
      expect((await download("/api/timeline", "operator-token")).status).toBe(200);
      expect((await download("/api/timeline", "operator-token")).status).toBe(200);
      const third = await getTimeline(request("/api/timeline", { as: "operator-token" }));
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await third.json()) as ApiErrorBody).error.message).toMatch(/timeline download reads/);
    } finally {
      delete process.env.NETATLAS_LISTING_BURST;
      delete process.env.NETATLAS_LISTING_PER_MINUTE;
    }
  });
});
